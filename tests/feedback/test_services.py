"""Feedback writes: clear refusals, the edit window, resolve and delete rights, tags."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pdsite.courses.models import BigIdea, EssencePrinciple
from pdsite.feedback import services
from pdsite.feedback.models import Comment, Ittecf

from .conftest import comment

pytestmark = pytest.mark.django_db

A = Comment.Audience


def refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_an_empty_comment_is_refused_and_nothing_is_written_when_the_body_is_blank(fb):
    with pytest.raises(ValidationError) as caught:
        comment(fb.people.mentor, fb.video, start=110, audience=A.SHARE, body="   ")
    assert "Write something" in refusal(caught.value)
    assert not Comment.objects.exists()


def test_a_moment_outside_the_video_is_refused_with_its_length(fb):
    with pytest.raises(ValidationError) as caught:
        comment(fb.people.hod, fb.clip.video, start=75)
    assert "outside the video, which runs 0:00–1:00" in refusal(caught.value)


def test_a_moment_outside_the_clip_shared_is_refused_with_the_clip(fb):
    with pytest.raises(ValidationError) as caught:
        comment(fb.people.mentor, fb.video, start=130, audience=A.SHARE)
    assert "outside the part shared with you (1:40–2:00)" in refusal(caught.value)
    with pytest.raises(ValidationError) as caught:
        comment(fb.people.mentor, fb.video, start=110, end=125, audience=A.SHARE)
    assert "1:50–2:05 is outside" in refusal(caught.value)


def test_a_range_must_end_after_it_starts(fb):
    with pytest.raises(ValidationError) as caught:
        comment(fb.people.hod, fb.clip.video, start=20, end=10)
    assert "end must come after the start (0:20)" in refusal(caught.value)


def test_an_audience_not_offered_is_refused_when_sharing_a_pd_clip_comment(fb):
    with pytest.raises(ValidationError) as caught:
        comment(fb.people.hod, fb.clip.video, audience=A.SHARE)
    assert "“Only me”, “My department”" in refusal(caught.value)


def test_a_view_only_share_may_not_comment(fb):
    with pytest.raises(ValidationError) as caught:
        comment(fb.people.viewer, fb.video, start=110, audience=A.PRIVATE)
    assert "to watch, not to comment" in refusal(caught.value)


def test_tags_are_stored_when_a_strength_is_tagged_with_an_idea_a_principle_and_an_ittecf_standard(fb):
    idea = BigIdea.objects.get(slug="representation-structure")
    principle = EssencePrinciple.objects.first()
    c = comment(fb.people.mentor, fb.video, start=110, audience=A.SHARE, kind=Comment.Kind.STRENGTH,
                big_ideas=[idea], principles=[principle], ittecf=Ittecf.ADAPTIVE_TEACHING)
    c.refresh_from_db()
    assert list(c.big_ideas.all()) == [idea] and list(c.principles.all()) == [principle]
    assert c.get_ittecf_display() == "5. Adaptive teaching"
    assert len(Ittecf.choices) == 8 and Ittecf.choices[-1][1] == "8. Professional behaviours"


def test_an_unknown_ittecf_standard_is_refused(fb):
    with pytest.raises(ValidationError) as caught:
        comment(fb.people.hod, fb.clip.video, ittecf="9")
    assert "eight ITTECF standards" in refusal(caught.value)


def test_the_author_edits_within_the_window_and_not_after_it(fb, settings):
    settings.PDSITE_COMMENT_EDIT_MINUTES = 15
    c = comment(fb.people.mentor, fb.video, start=110, audience=A.SHARE)
    services.comment_edit(comment=c, user=fb.people.mentor, body="Sharper wording.",
                          now=c.created_at + timedelta(minutes=14))
    c.refresh_from_db()
    assert c.body == "Sharper wording." and c.edited_at is not None
    with pytest.raises(ValidationError) as caught:
        services.comment_edit(comment=c, user=fb.people.mentor, body="Too late.",
                              now=c.created_at + timedelta(minutes=16))
    assert "edited for 15 minutes" in refusal(caught.value)
    c.refresh_from_db()
    assert c.body == "Sharper wording."


def test_only_the_author_edits_even_the_owner_may_not(fb):
    c = comment(fb.people.mentor, fb.video, start=110, audience=A.SHARE)
    with pytest.raises(ValidationError) as caught:
        services.comment_edit(comment=c, user=fb.people.ect, body="Rewritten by the owner.")
    assert "Only the person who wrote" in refusal(caught.value)


def test_the_author_and_the_recordings_owner_delete_and_nobody_else(fb):
    p = fb.people
    by_mentor = comment(p.mentor, fb.video, start=110, audience=A.SHARE)
    reply = services.comment_reply(author=p.ect, parent=by_mentor, body="Thanks!")
    with pytest.raises(ValidationError):
        services.comment_delete(comment=reply, user=p.mentor)  # the owner's reply: not the mentor's
    services.comment_delete(comment=by_mentor, user=p.ect)  # the owner removes it, replies too
    assert not Comment.objects.exists()
    on_clip = comment(p.teacher, fb.clip.video, audience=A.DEPARTMENT, department=fb.maths)
    with pytest.raises(ValidationError) as caught:
        services.comment_delete(comment=on_clip, user=p.hod)  # a PD clip has no owner
    assert "or the recording's owner, can delete" in refusal(caught.value)
    services.comment_delete(comment=on_clip, user=p.teacher)
    assert not Comment.objects.exists()


def test_resolve_and_reopen_by_the_author_or_owner_when_others_are_refused(fb):
    p = fb.people
    c = comment(p.coach, fb.video, start=200, audience=A.SHARE, kind=Comment.Kind.QUESTION)
    services.comment_resolve(comment=c, user=p.ect)
    assert c.is_resolved and c.resolved_by == p.ect
    services.comment_unresolve(comment=c, user=p.coach)
    assert not c.is_resolved
    with pytest.raises(ValidationError):
        services.comment_resolve(comment=c, user=p.mentor)
    reply = services.comment_reply(author=p.ect, parent=c, body="See 3:30.")
    with pytest.raises(ValidationError) as caught:
        services.comment_resolve(comment=reply, user=p.ect)
    assert "resolved with their comment" in refusal(caught.value)


def test_a_reply_to_a_reply_joins_the_comment(fb):
    p = fb.people
    c = comment(p.coach, fb.video, start=200, audience=A.SHARE)
    first = services.comment_reply(author=p.ect, parent=c, body="Why?")
    second = services.comment_reply(author=p.coach, parent=first, body="Because.")
    assert second.parent == c


def test_deleting_a_recordings_video_deletes_its_comments_and_replies(fb):
    c = comment(fb.people.mentor, fb.video, start=110, audience=A.SHARE)
    services.comment_reply(author=fb.people.ect, parent=c, body="Thanks.")
    fb.recording.delete()  # as the recordings work's deletion does: the recording, then its video
    fb.video.delete()
    assert not Comment.objects.exists()


def test_edit_window_follows_the_setting_when_it_is_changed(fb, settings):
    settings.PDSITE_COMMENT_EDIT_MINUTES = 1
    c = comment(fb.people.hod, fb.clip.video)
    assert services.may_edit(fb.people.hod, c, now=timezone.now())
    assert not services.may_edit(fb.people.hod, c, now=c.created_at + timedelta(minutes=2))


def test_the_comment_form_turns_clocks_into_seconds_and_refuses_nonsense():
    from pdsite.feedback.forms import CommentForm

    form = CommentForm({"kind": "note", "start": "1:05", "end": "1:10", "audience": "private"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["start"], form.cleaned_data["end"]) == (65.0, 70.0)
    for bad in ("soon", "1:75", "9" * 20):
        form = CommentForm({"kind": "note", "start": bad, "audience": "private"})
        assert not form.is_valid() and "start" in form.errors
