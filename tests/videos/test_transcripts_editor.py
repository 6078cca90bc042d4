"""The transcript editor in the Wagtail admin: save, validate, approve, upload, permissions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pdsite.videos.transcripts import editing
from pdsite.videos.transcripts import services as transcripts
from pdsite.videos.models import Transcript, TranscriptSegment, Video
from pdsite.videos.pipeline.vtt import Cue
from tests.factories.users import UserFactory
from tests.factories.videos import VideoFactory

VTT = """WEBVTT

00:00:00.000 --> 00:00:02.000
Draw a bar model first.

00:00:02.000 --> 00:00:04.000
Zero pairs cancel out.
"""


@pytest.fixture
def video(db, django_capture_on_commit_callbacks):
    video = VideoFactory(status=Video.Status.READY)
    with django_capture_on_commit_callbacks(execute=True):
        transcripts.transcript_import(video=video, vtt_text=VTT, approve=False)
    return video


def edit_url(video):
    return reverse("videos_transcripts:edit", args=[video.pk, "en"])


def cue_form(*cues):
    return {
        "start": [c[0] for c in cues],
        "end": [c[1] for c in cues],
        "text": [c[2] for c in cues],
    }


def texts(video):
    return list(TranscriptSegment.objects.filter(transcript__video=video).values_list("text", flat=True))


def test_the_editor_lists_the_cues_with_times_for_a_pd_lead(client, pd_lead, video):
    client.force_login(pd_lead)
    response = client.get(edit_url(video))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draw a bar model first." in html and 'value="00:00:02.000"' in html
    assert "Draft, needs review" in html and "Approve transcript" in html


def test_saving_replaces_the_cues_and_the_captions_track(client, pd_lead, video, django_capture_on_commit_callbacks):
    client.force_login(pd_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(video),
            cue_form(("0", "1.5", "Draw a tape diagram."), ("1.5", "00:00:04.000", "Counters cancel out.")),
        )
    assert response.status_code == 302
    assert texts(video) == ["Draw a tape diagram.", "Counters cancel out."]
    transcript = video.transcripts.get()
    assert transcript.source == Transcript.Source.EDITED
    assert transcript.status == Transcript.Status.DRAFT  # editing is not approving
    captions = client.get(reverse("videos:captions", args=[video.pk, "en"])).content.decode()
    assert "Draw a tape diagram." in captions and "bar model" not in captions
    assert "00:00:01.500 --> 00:00:04.000" in captions


@pytest.mark.parametrize(
    ("cues", "row", "message"),
    [
        ((("0", "2", "One."), ("1", "3", "Overlaps.")), 2, "before the cue above ends"),
        ((("0", "2", "One."), ("2", "3", "  ")), 2, "The text is empty."),
        ((("-1", "2", "Negative."),), 1, "cannot be negative"),
        ((("3", "2", "Backwards."),), 1, "must end after it starts"),
        ((("0", "soon", "Bad time."),), 1, "is not a time"),
    ],
)
def test_bad_cues_are_shown_per_cue_and_nothing_is_saved(client, pd_lead, video, cues, row, message):
    client.force_login(pd_lead)
    response = client.post(edit_url(video), cue_form(*cues))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="cue-{row}-errors"' in html and 'aria-invalid="true"' in html
    assert texts(video) == ["Draw a bar model first.", "Zero pairs cancel out."]


def test_approving_marks_the_transcript_reviewed(client, pd_lead, video):
    client.force_login(pd_lead)
    response = client.post(reverse("videos_transcripts:approve", args=[video.pk, "en"]))
    assert response.status_code == 302
    transcript = video.transcripts.get()
    assert transcript.status == Transcript.Status.APPROVED
    assert transcript.approved_by == pd_lead and transcript.approved_at is not None
    assert "Approve transcript" not in client.get(edit_url(video)).content.decode()


def test_approving_needs_a_post(client, pd_lead, video):
    client.force_login(pd_lead)
    assert client.get(reverse("videos_transcripts:approve", args=[video.pk, "en"])).status_code == 405


def test_uploading_srt_replaces_the_transcript(client, pd_lead, video, django_capture_on_commit_callbacks):
    client.force_login(pd_lead)
    upload = SimpleUploadedFile("new.srt", b"1\n00:00:00,000 --> 00:00:03,000\nA new first line.\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("videos_transcripts:upload", args=[video.pk, "en"]), {"captions": upload})
    assert response.status_code == 302
    assert texts(video) == ["A new first line."]


def test_a_malformed_upload_is_refused_with_the_line_and_changes_nothing(client, pd_lead, video):
    client.force_login(pd_lead)
    upload = SimpleUploadedFile("bad.srt", b"1\n00:00:00,000 --> 00:00:0x,000\nBroken.\n")
    response = client.post(reverse("videos_transcripts:upload", args=[video.pk, "en"]), {"captions": upload}, follow=True)
    html = response.content.decode()
    assert "was not replaced" in html and "Line 2" in html
    assert texts(video) == ["Draw a bar model first.", "Zero pairs cancel out."]


def test_a_video_without_a_transcript_gets_one_typed_in_the_editor(client, pd_lead, db, django_capture_on_commit_callbacks):
    video = VideoFactory(status=Video.Status.READY)
    client.force_login(pd_lead)
    assert "no transcript yet" in client.get(edit_url(video)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(video), cue_form(("0", "2", "Typed by hand.")))
    assert video.transcripts.get().status == Transcript.Status.APPROVED
    assert texts(video) == ["Typed by hand."]


def test_the_index_shows_each_video_with_its_transcript_status(client, pd_lead, video):
    client.force_login(pd_lead)
    html = client.get(reverse("videos_transcripts:index")).content.decode()
    assert video.title in html and "Draft, needs review" in html


@pytest.mark.parametrize("who", ["anonymous", "teacher"])
def test_people_without_the_permission_cannot_edit_or_approve(client, teacher, video, who):
    if who == "teacher":
        client.force_login(teacher)
    assert client.get(edit_url(video)).status_code == 302
    client.post(edit_url(video), cue_form(("0", "1", "Vandalised.")))
    client.post(reverse("videos_transcripts:approve", args=[video.pk, "en"]))
    assert texts(video) == ["Draw a bar model first.", "Zero pairs cancel out."]
    assert video.transcripts.get().status == Transcript.Status.DRAFT


def test_an_admin_user_without_the_transcript_permission_is_refused(client, video):
    from django.contrib.auth.models import Permission

    editor = UserFactory(username="editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(edit_url(video))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_csrf_is_required_when_saving(pd_lead, video):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(pd_lead)
    assert client.post(edit_url(video), cue_form(("0", "1", "No token."))).status_code == 403


def test_service_refuses_invalid_cues_with_the_positions(video):
    with pytest.raises(editing.CueErrors) as raised:
        transcripts.transcript_save_cues(
            video=video, cues=[Cue(0, 2, "A"), Cue(1, 3, "B"), Cue(4, 5, "")], user=None
        )
    assert set(raised.value.errors) == {1, 2}


def test_times_are_read_in_the_forms_people_type():
    assert editing.parse_time("00:01:02.500") == 62.5
    assert editing.parse_time("1:02.5") == 62.5
    assert editing.parse_time("62,5") == 62.5
    assert editing.parse_time("-1") == -1
    assert editing.parse_time("soon") is None


def test_crafted_times_are_not_times_rather_than_a_server_error():
    """Found by the captions property tests: each of these used to raise (RecursionError,
    OverflowError, ValueError) or read "--1" as 1 s, so a crafted editor POST answered 500."""
    for crafted in ("-" * 3000 + "1", "--1", "9" * 400, "1" * 5000 + ":00:00", "1e9", "inf", "nan"):
        assert editing.parse_time(crafted) is None, crafted
