import pytest
from django.contrib.auth import get_user_model

from pdsite.departments import services
from pdsite.departments.models import Membership, Role

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_import_adds_members_and_creates_accounts_when_every_row_is_good(org):
    text = (
        "email,first_name,last_name,role\n"
        "new.one@school.example,New,One,teacher\n"
        "alice@school.example,Alice,Adams,Mentor\n"
    )
    result = services.members_import_csv(department=org.maths, text=text)
    assert (result.created_users, result.added, result.updated) == (1, 1, 1)
    assert Membership.objects.get(department=org.maths, user__email="new.one@school.example").role == Role.TEACHER
    assert Membership.objects.get(department=org.maths, user=org.people.alice).role == Role.MENTOR
    assert not User.objects.get(email="new.one@school.example").has_usable_password()


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
        services.members_import_csv(department=org.maths, text=text)
    messages = caught.value.messages
    assert len(messages) == 3
    assert messages[0].startswith("Row 3:") and "not an email" in messages[0]
    assert messages[1].startswith("Row 4:") and "unknown role" in messages[1]
    assert messages[2].startswith("Row 5:") and "earlier in the file" in messages[2]
    assert (Membership.objects.count(), User.objects.count()) == before


def test_import_is_refused_when_the_header_is_missing(org):
    with pytest.raises(services.ImportRejected, match="header"):
        services.members_import_csv(department=org.maths, text="alice@school.example,Alice\n")


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
