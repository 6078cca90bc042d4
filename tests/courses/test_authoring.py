"""Authoring in the Wagtail admin: who may do what, the PD review workflow, the curriculum
snippets, and that drafts and private pages never reach the public lists.

Everything goes through the real admin views with the groups and workflow the migrations
create ("PD leads", "Reviewers", "Teachers"; "PD review" with a "Reviewer approval" task).
"""

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import PageViewRestriction, WorkflowState
from wagtail.search.backends import get_search_backend

from pdsite.courses.models import BigIdea, BigIdeaIndexPage, BigIdeaPage, EssencePrinciple, PDVideoPage, Unit
from pdsite.videos.models import Video
from tests.factories.courses import PDVideoPageFactory, UnitFactory
from tests.factories.pages import publish
from tests.factories.users import UserFactory
from tests.factories.videos import VideoFactory

# What the Draftail editor posts for an empty rich-text field.
EMPTY_RICH_TEXT = json.dumps({"blocks": [], "entityMap": {}})


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", groups=["Reviewers"])


def _add_clip_url(library) -> str:
    return reverse("wagtailadmin_pages:add", args=["courses", "pdvideopage", library.pk])


def _clip_form(slug: str, *, action: str | None = None, video: Video | None = None) -> dict:
    video = video or VideoFactory(status=Video.Status.READY, duration=200.0)
    data = {
        "title": f"Clip {slug}",
        "slug": slug,
        "video": video.pk,
        "summary": EMPTY_RICH_TEXT,
        "chapters-count": 0,
    }
    if action:
        data[action] = "x"
    return data


def _submitted_clip(client, pd_lead, clip_library, slug="for-review") -> PDVideoPage:
    """A ready clip a PD lead has sent to review through the admin."""
    client.force_login(pd_lead)
    response = client.post(_add_clip_url(clip_library), _clip_form(slug, action="action-submit"))
    assert response.status_code == 302
    client.logout()
    return PDVideoPage.objects.get(slug=slug)


def _workflow_action_url(page, action: str) -> str:
    task_state = page.current_workflow_task_state
    assert task_state is not None, "the page must be waiting on a workflow task"
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


# --- Permissions per group --------------------------------------------------------


def test_pd_lead_opens_the_add_view_and_saves_a_draft_when_adding_a_clip(client, pd_lead, clip_library):
    client.force_login(pd_lead)
    assert client.get(_add_clip_url(clip_library)).status_code == 200

    response = client.post(_add_clip_url(clip_library), _clip_form("draft-clip"))

    assert response.status_code == 302
    page = PDVideoPage.objects.get(slug="draft-clip")
    assert page.live is False
    assert page.latest_revision is not None


def test_publish_is_refused_when_a_pd_lead_posts_action_publish(client, pd_lead, clip_library):
    client.force_login(pd_lead)

    response = client.post(_add_clip_url(clip_library), _clip_form("lead-publish", action="action-publish"))

    # Wagtail saves a draft instead: a PD lead's way to live is the review workflow.
    assert response.status_code == 302
    page = PDVideoPage.objects.get(slug="lead-publish")
    assert page.live is False
    assert page.first_published_at is None


def test_reviewer_publishes_a_clip_when_posting_action_publish(client, reviewer, clip_library):
    client.force_login(reviewer)

    response = client.post(_add_clip_url(clip_library), _clip_form("reviewer-publish", action="action-publish"))

    assert response.status_code == 302
    assert PDVideoPage.objects.get(slug="reviewer-publish").live is True


def test_admin_is_refused_when_a_teacher_opens_it(client, teacher):
    client.force_login(teacher)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert "You do not have permission to access the admin." in messages


def test_admin_redirects_to_login_when_visitor_is_anonymous(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    assert "next=/admin/" in response.url


def test_add_view_is_refused_when_a_teacher_posts_a_clip(client, teacher, clip_library):
    client.force_login(teacher)

    response = client.post(_add_clip_url(clip_library), _clip_form("teacher-clip", action="action-publish"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    assert not PDVideoPage.objects.filter(slug="teacher-clip").exists()


# --- The PD review workflow -------------------------------------------------------


def test_pages_under_home_use_the_pd_review_workflow(home_page, clip_library):
    assert home_page.get_workflow().name == "PD review"
    assert clip_library.get_workflow().name == "PD review"
    task_names = [task.name for task in home_page.get_workflow().tasks]
    assert task_names == ["Reviewer approval"]


def test_submitting_starts_a_review_and_keeps_the_page_offline_when_a_pd_lead_submits(
    client, pd_lead, clip_library
):
    page = _submitted_clip(client, pd_lead, clip_library)

    state = page.current_workflow_state
    assert state is not None
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "PD review"
    assert state.requested_by == pd_lead
    assert page.current_workflow_task.name == "Reviewer approval"
    assert page.live is False


def test_reviewer_approval_publishes_the_page_when_a_clip_is_in_review(client, pd_lead, reviewer, clip_library):
    page = _submitted_clip(client, pd_lead, clip_library)
    state = page.current_workflow_state
    client.force_login(reviewer)

    response = client.post(_workflow_action_url(page, "approve"), {"comment": ""})

    assert response.status_code == 302
    page.refresh_from_db()
    state.refresh_from_db()
    assert page.live is True
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.workflow_in_progress is False
    # The dashboard says what happened (Wagtail alone says nothing).
    [message] = [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert message.startswith(f"“{page.title}” was approved and is now published.")
    assert f'href="{page.url}"' in message and "View live" in message


def test_request_changes_keeps_the_page_offline_when_a_reviewer_rejects(client, pd_lead, reviewer, clip_library):
    page = _submitted_clip(client, pd_lead, clip_library)
    state = page.current_workflow_state
    task_state = page.current_workflow_task_state
    client.force_login(reviewer)

    response = client.post(_workflow_action_url(page, "reject"), {"comment": "Trim the first minute."})

    assert response.status_code == 302
    page.refresh_from_db()
    state.refresh_from_db()
    task_state.refresh_from_db()
    assert page.live is False
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert task_state.status == task_state.STATUS_REJECTED
    assert task_state.comment == "Trim the first minute."
    messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert messages == [f"“{page.title}” was sent back to its author for changes."]


def test_approval_is_refused_when_a_pd_lead_approves_their_own_submission(client, pd_lead, clip_library):
    page = _submitted_clip(client, pd_lead, clip_library)
    task_state = page.current_workflow_task_state
    client.force_login(pd_lead)

    response = client.post(_workflow_action_url(page, "approve"), {"comment": ""})

    # Wagtail turns the PermissionDenied into a redirect to the dashboard with a message.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert "Sorry, you do not have permission to access this area." in messages
    page.refresh_from_db()
    task_state.refresh_from_db()
    assert page.live is False
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert task_state.status == task_state.STATUS_IN_PROGRESS


# --- Curriculum snippets ----------------------------------------------------------


def _refresh_index(model) -> None:
    """Search engines make new documents searchable about a second later; tests need it now."""
    index = get_search_backend().get_index_for_model(model)
    if hasattr(index, "refresh"):
        index.refresh()


def test_pd_lead_finds_a_unit_when_searching_the_unit_snippets(client, pd_lead):
    UnitFactory(title="Sequences and the nth term", slug="y8-sequences-nth")
    UnitFactory(title="Angles in parallel lines", slug="y8-angles-parallel")
    _refresh_index(Unit)
    client.force_login(pd_lead)

    response = client.get(reverse("wagtailsnippets_courses_unit:list"), {"q": "Sequences"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sequences and the nth term" in html
    assert "Angles in parallel lines" not in html


def test_deleting_a_big_idea_is_refused_with_a_message_when_a_live_clip_uses_it(client, admin_user, clip_library):
    coherence = BigIdea.objects.get(slug="coherence")
    PDVideoPageFactory(parent=clip_library, title="Linear or not", big_ideas=[coherence])
    client.force_login(admin_user)

    response = client.post(reverse("wagtailsnippets_courses_bigidea:delete", args=[coherence.pk]))

    assert response.status_code == 302
    assert response.url == reverse("wagtailsnippets_courses_bigidea:list")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("cannot be deleted" in m and "Coherence" in m for m in messages), messages
    assert BigIdea.objects.filter(pk=coherence.pk).exists()


def test_superuser_deletes_a_principle_when_nothing_uses_it(client, admin_user):
    principle = EssencePrinciple.objects.order_by("order").last()
    assert not principle.clips.exists() and not principle.modules.exists()
    client.force_login(admin_user)

    response = client.post(reverse("wagtailsnippets_courses_essenceprinciple:delete", args=[principle.pk]))

    assert response.status_code == 302
    assert response.url == reverse("wagtailsnippets_courses_essenceprinciple:list")
    assert not EssencePrinciple.objects.filter(pk=principle.pk).exists()


# --- Drafts and private pages stay out of public lists ------------------------------


def test_draft_clip_is_not_listed_when_browsing_library_big_idea_or_unit(
    client, home_page, clip_library, unit, unit_page
):
    variation = BigIdea.objects.get(slug="variation")
    ideas = publish(home_page, BigIdeaIndexPage(title="Big Ideas", slug="big-ideas"))
    idea_page = publish(ideas, BigIdeaPage(title="Variation", slug="variation", big_idea=variation))
    PDVideoPageFactory(parent=clip_library, title="Live twin", units=[unit], big_ideas=[variation])
    draft = PDVideoPageFactory(parent=clip_library, title="Draft twin", units=[unit], big_ideas=[variation], live=False)
    draft.save_revision()  # a draft as the editor's "Save draft" leaves it

    for url in (clip_library.url, idea_page.url, unit_page.url):
        html = client.get(url).content.decode()
        assert "Live twin" in html, url
        assert "Draft twin" not in html, url


def test_login_restricted_clip_is_hidden_when_an_anonymous_visitor_browses_the_library(client, clip_library):
    PDVideoPageFactory(parent=clip_library, title="Open to all")
    private = PDVideoPageFactory(parent=clip_library, title="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    html = client.get(clip_library.url).content.decode()

    assert "Open to all" in html
    assert "Members only" not in html
