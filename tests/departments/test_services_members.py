"""Member services: the CSV import, the school and role rules, teams and assignment recipients."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError

from pdsite.departments import services
from pdsite.departments.models import Invitation, Membership, Role, Team
from tests.factories.departments import MembershipFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_import_adds_school_people_and_invites_everyone_else_when_every_row_is_good(
    org, stranger, django_capture_on_commit_callbacks
):
    # Was: unknown emails became new accounts. Now nobody outside the school is added or
    # given an account by the file: they are invited (an account elsewhere or none, alike).
    text = (
        "email,first_name,last_name,role\n"
        "new.one@school.example,New,One,teacher\n"
        "alice@school.example,Alice,Adams,Mentor\n"
        "outsider@school.example,Omar,Other,teacher\n"
        "reviewer@school.example,Rita,Reviewer,ect\n"
    )
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.members_import_csv(department=org.maths, actor=org.people.hod, text=text)
    assert (result.added, result.updated, result.invited) == (1, 1, 2)
    assert Membership.objects.get(department=org.maths, user=org.people.alice).role == Role.MENTOR
    assert Membership.objects.get(department=org.maths, user=org.people.outsider).role == Role.TEACHER
    assert not Membership.objects.filter(department=org.maths, user=stranger).exists()
    assert User.objects.count() == users_before
    invited = {i.email: (i.role, i.first_name) for i in Invitation.objects.all()}
    assert invited == {"new.one@school.example": (Role.TEACHER, "New"), "reviewer@school.example": (Role.ECT, "Rita")}
    assert sorted(m.to[0] for m in mail.outbox) == ["new.one@school.example", "reviewer@school.example"]


def test_import_refuses_managing_roles_own_row_and_the_last_head_when_the_file_breaks_a_rule(org):
    pd_lead = UserFactory(username="pdmaths")
    MembershipFactory(department=org.maths, user=pd_lead, role=Role.PD_LEAD)
    text = (
        "email,first_name,last_name,role\n"
        "bob@school.example,Bob,Brown,head\n"
        "pdmaths@school.example,Pat,Lead,teacher\n"
        "hod@school.example,Hana,Head,teacher\n"
        "someone@else.example,Some,One,pd_lead\n"
    )
    with pytest.raises(services.ImportRejected) as caught:
        services.members_import_csv(department=org.maths, actor=pd_lead, text=text)
    messages = caught.value.messages
    assert [m.split(":")[0] for m in messages] == ["Row 2", "Row 3", "Row 5"]
    assert "Only an administrator or a head of department at Northfield Academy" in messages[0]
    assert "your own email address" in messages[1]
    assert not Invitation.objects.exists()
    with pytest.raises(services.ImportRejected, match="Row 2: Only an administrator"):  # a PD lead demoting the head
        services.members_import_csv(department=org.maths, actor=pd_lead, text="email,role\nhod@school.example,teacher\n")
    # Nobody, not even an administrator, demotes the only head. demote the only head (themself excepted, by an administrator).
    with pytest.raises(services.ImportRejected) as caught:
        services.members_import_csv(
            department=org.maths, actor=org.people.admin, text="email,role\nhod@school.example,teacher\n"
        )
    assert caught.value.messages == [
        "Row 2: Hana Head is the only head of department of Maths: make someone else head of department first."
    ]
    result = services.members_import_csv(
        department=org.maths, actor=org.people.admin,
        text="email,role\nhod@school.example,teacher\nalice@school.example,head\n",
    )
    assert result.updated == 2 and org.maths.memberships.get(role=Role.HEAD).user == org.people.alice


def test_import_saves_nothing_and_names_each_bad_row_when_some_rows_are_wrong(org):
    before = Membership.objects.count(), User.objects.count()
    text = (
        "email,first_name,last_name,role\n"
        "good@school.example,Good,Row,teacher\n"
        "not-an-email,Bad,Email,teacher\n"
        "x@school.example,Bad,Role,wizard\n"
        "good@school.example,Dup,Row,teacher\n"
    )
    with pytest.raises(services.ImportRejected) as caught:
        services.members_import_csv(department=org.maths, actor=org.people.hod, text=text)
    messages = caught.value.messages
    assert len(messages) == 3
    assert messages[0].startswith("Row 3:") and "not an email" in messages[0]
    assert messages[1].startswith("Row 4:") and "unknown role" in messages[1]
    assert messages[2].startswith("Row 5:") and "earlier in the file" in messages[2]
    assert (Membership.objects.count(), User.objects.count()) == before


def test_import_is_refused_when_the_header_is_missing(org):
    with pytest.raises(services.ImportRejected, match="header"):
        services.members_import_csv(department=org.maths, actor=org.people.hod, text="alice@school.example,Alice\n")


def test_assignment_is_refused_when_a_recipient_is_not_a_member(org):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    with pytest.raises(ValidationError, match="Only members"):
        services.assignment_create(
            department=org.maths,
            target=services.Target(kind="clip", clip=org.clips[0]),
            due_at=timezone.now(),
            recipients=[org.people.outsider],
        )


def test_clip_range_is_refused_when_the_end_is_before_the_start(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="end after the start"):
        services.Target(kind="clip_range", clip=org.clips[0], start_seconds=10, end_seconds=5).check()


def _refusal(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


@pytest.fixture
def maths_pd_lead(org):
    user = UserFactory(username="pdmaths", first_name="Pat", last_name="Lead")
    MembershipFactory(department=org.maths, user=user, role=Role.PD_LEAD)
    return user


def test_add_joins_someone_from_the_school_when_given_their_username_or_email(org):
    added = services.membership_add(department=org.maths, actor=org.people.hod, person="OUTSIDER", role=Role.MENTOR)
    assert added is services.Added.ADDED
    assert org.maths.memberships.get(user=org.people.outsider).role == Role.MENTOR
    again = services.membership_add(
        department=org.maths, actor=org.people.hod, person="Outsider@School.example", role=Role.TEACHER
    )
    assert again is services.Added.CHANGED and org.maths.memberships.get(user=org.people.outsider).role == Role.TEACHER


def test_add_adds_nobody_when_the_username_is_unknown_or_outside_the_school(org, stranger):
    for person in ("reviewer", "nosuchperson"):
        added = services.membership_add(department=org.maths, actor=org.people.hod, person=person)
        assert added is services.Added.NOTHING
    assert not org.maths.memberships.filter(user=stranger).exists()
    assert not Invitation.objects.exists()


def test_add_invites_the_address_when_the_email_is_unknown_or_outside_the_school(
    org, stranger, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for person in ("reviewer@school.example", "nobody@elsewhere.example"):
            added = services.membership_add(department=org.maths, actor=org.people.hod, person=person)
            assert added is services.Added.INVITED
    assert not org.maths.memberships.filter(user=stranger).exists()
    assert sorted(Invitation.objects.values_list("email", flat=True)) == ["nobody@elsewhere.example", "reviewer@school.example"]
    assert len(mail.outbox) == 2


def test_pd_lead_adds_teachers_but_not_heads_or_pd_leads_when_managing_a_department(org, maths_pd_lead):
    for role in (Role.HEAD, Role.PD_LEAD):
        for person in ("outsider", "nobody@elsewhere.example"):
            with pytest.raises(ValidationError) as caught:
                services.membership_add(department=org.maths, actor=maths_pd_lead, person=person, role=role)
            assert list(_refusal(caught.value)) == ["role"]
            assert "Only an administrator or a head of department at Northfield Academy" in caught.value.messages[0]
    assert not Invitation.objects.exists() and not org.maths.memberships.filter(user=org.people.outsider).exists()
    services.membership_add(department=org.maths, actor=maths_pd_lead, person="outsider", role=Role.MENTOR)
    with pytest.raises(ValidationError, match="Only an administrator"):  # nor demote the head
        services.membership_add(department=org.maths, actor=maths_pd_lead, person="hod", role=Role.TEACHER)
    with pytest.raises(ValidationError, match="Only an administrator"):  # nor remove them
        services.membership_remove(department=org.maths, actor=maths_pd_lead, user=org.people.hod)


def test_head_of_another_department_of_the_school_grants_pd_lead_when_adding(org):
    # hod heads Maths; a head anywhere in the school may grant the managing roles in it.
    services.membership_add(department=org.other, actor=org.people.hod, person="alice", role=Role.PD_LEAD)
    assert org.other.memberships.get(user=org.people.alice).role == Role.PD_LEAD


def test_nobody_changes_their_own_role_or_removes_themself_when_using_the_forms(org):
    for person in ("hod", "HOD@school.example"):
        with pytest.raises(ValidationError) as caught:
            services.membership_add(department=org.maths, actor=org.people.hod, person=person, role=Role.PD_LEAD)
        assert _refusal(caught.value) == {"person": [services.members.SELF_REFUSED]}
    with pytest.raises(ValidationError, match="cannot change your own role or remove yourself"):
        services.membership_remove(department=org.maths, actor=org.people.hod, user=org.people.hod)
    assert org.maths.memberships.get(user=org.people.hod).role == Role.HEAD


def test_the_last_head_stays_when_an_administrator_demotes_or_removes_them(org):
    admin, hod = org.people.admin, org.people.hod
    with pytest.raises(ValidationError, match="Hana Head is the only head of department of Maths"):
        services.membership_add(department=org.maths, actor=admin, person="hod", role=Role.TEACHER)
    with pytest.raises(ValidationError, match="only head of department"):
        services.membership_remove(department=org.maths, actor=admin, user=hod)
    services.membership_add(department=org.maths, actor=admin, person="alice", role=Role.HEAD)
    services.membership_add(department=org.maths, actor=admin, person="hod", role=Role.TEACHER)
    assert org.maths.memberships.get(user=hod).role == Role.TEACHER


def test_remove_takes_the_person_out_of_the_department_and_its_teams_when_allowed(org):
    team = services.team_create(department=org.maths, name="KS3", members=[org.people.bob, org.people.alice])
    services.membership_remove(department=org.maths, actor=org.people.hod, user=org.people.bob)
    assert not org.maths.memberships.filter(user=org.people.bob).exists()
    assert list(Team.objects.get(pk=team.pk).members.all()) == [org.people.alice]
