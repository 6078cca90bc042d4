"""A Work Group gap task submitted arrives at the LRS as `completed`, once, its Work Group as
parent (issue #16), against the real LRS `make services` runs."""

from pdsite.departments.models import Role
from pdsite.workgroups import services as workgroups
from pdsite.xapi import statements as s
from tests.factories.departments import DepartmentFactory, MembershipFactory
from tests.factories.users import UserFactory
from tests.factories.workgroups import book, work_group_for


def test_a_submitted_gap_task_arrives_as_completed_once(lrs, activity_base, db, django_capture_on_commit_callbacks):
    maths = DepartmentFactory(slug="xapi-maths")
    head = UserFactory(username="xapi-head")
    MembershipFactory(department=maths, user=head, role=Role.HEAD)
    pair = [UserFactory(username=f"xapi-{name}", email=f"{name}@school.example.org") for name in ("ivy", "jon")]
    for teacher in pair:
        MembershipFactory(department=maths, user=teacher, role=Role.TEACHER)
    facilitator = UserFactory(username="xapi-fac")
    group = work_group_for(facilitator)
    foci = list(group.foci.all())
    book(group, maths, head, pair, foci=(foci[0], foci[1]), endorse=True)
    task = workgroups.gap_task_create(work_group=group, by=facilitator, title="Try a bar model",
                                      instructions="Teach it, bring a note.", before_workshop=group.workshops.all()[1])
    with django_capture_on_commit_callbacks(execute=True):
        workgroups.gap_submission_save(task=task, user=pair[0], note="Pupils drew it themselves.")
    with django_capture_on_commit_callbacks(execute=True):
        workgroups.gap_submission_save(task=task, user=pair[0], note="Edited: and labelled it.")  # nothing new

    task_iri = f"{activity_base}/xapi/work-groups/{group.pk}/tasks/{task.pk}"
    found = lrs.statements(activity=task_iri)
    assert len(found) == 1
    statement = found[0]
    assert statement["verb"]["id"] == s.VERBS["completed"]
    assert statement["actor"]["mbox"] == "mailto:ivy@school.example.org"
    assert statement["object"]["definition"]["type"] == s.TASK_ACTIVITY_TYPE
    assert statement["context"]["contextActivities"]["parent"][0]["id"] == f"{activity_base}/xapi/work-groups/{group.pk}"
