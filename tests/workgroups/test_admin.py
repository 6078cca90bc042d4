"""Hub staff's admin screens: the snippet viewsets list and edit Work Groups and workshops."""

from django.urls import reverse

from tests.factories.users import UserFactory


def test_hub_staff_list_and_open_work_groups_and_workshops_in_the_admin(wg, client):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    for model in ("hub", "workgroup", "workshop", "participationrecord", "booking"):
        assert client.get(reverse(f"wagtailsnippets_workgroups_{model}:list")).status_code == 200, model
    edit = client.get(reverse("wagtailsnippets_workgroups_workgroup:edit", args=[wg.group.pk]))
    assert edit.status_code == 200 and b"Focus options" in edit.content and b"Intended outcomes" in edit.content
    workshop = client.get(reverse("wagtailsnippets_workgroups_workshop:edit", args=[wg.workshops[0].pk]))
    assert workshop.status_code == 200 and b"Session plan" in workshop.content
