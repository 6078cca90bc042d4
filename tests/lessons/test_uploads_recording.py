"""A teacher's lesson recording through the resumable upload (videos:uploads:*, purpose
"recording"): consent is checked on the server before a byte is taken, only its starter sends
the bytes, the videos endpoint will not finish it, and the service makes a private Video and
the Recording."""

import pytest
from django.urls import reverse

from pdsite.lessons import services
from pdsite.lessons.models import Recording, YearGroup
from pdsite.lessons.services import RecordingRefused, recording_create_from_upload
from pdsite.videos.models import UploadSession, Video
from tests.videos.upload_support import UploadApi, body, local_storage  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_storage")]
CHUNK = 64 * 1024


def start(client, size=1000, **fields):
    return client.post(
        reverse("videos:uploads:create"),
        {"filename": "lesson.mp4", "size": size, "purpose": "recording", "fields": fields},
        content_type="application/json",
    )


def test_a_teacher_starts_a_recording_upload_once_they_confirm_consent(ls, sign_in):
    client = sign_in(ls.people.ect)
    response = start(client, consent="on")
    assert response.status_code == 201, response.content
    state = body(response)
    assert state["purpose"] == "recording" and state["backend"] == "local"
    assert UploadSession.objects.get().purpose == UploadSession.Purpose.RECORDING
    # Until the recordings page gives its own endpoint, "complete" is the videos one, which refuses.
    assert state["urls"]["complete"].endswith("/complete/")
    assert body(client.get(state["urls"]["self"]))["id"] == state["id"]


@pytest.mark.parametrize("fields", [{}, {"consent": ""}, {"consent_confirmed": False}])
def test_without_consent_the_upload_does_not_start(ls, sign_in, fields):
    response = start(sign_in(ls.people.ect), **fields)
    assert response.status_code == 403
    assert body(response)["error"] == "Confirm the school's recording consent statement first."
    assert not UploadSession.objects.exists()


def test_a_school_without_a_statement_cannot_start_one(ls, sign_in):
    services.recording_policy_set(school=ls.school, consent_statement="", retention_days=30)
    response = start(sign_in(ls.people.ect), consent="on")
    assert response.status_code == 403 and "no recording consent statement" in body(response)["error"]


def test_a_teacher_still_may_not_upload_library_videos(ls, sign_in):
    response = UploadApi(sign_in(ls.people.ect)).start("a.mp4", 10)
    assert response.status_code == 403 and body(response)["error"] == "Your account may not upload videos."


def test_someone_elses_recording_upload_answers_as_unknown(ls, sign_in, client):
    upload = body(start(sign_in(ls.people.ect), consent="on"))
    client.force_login(ls.people.mentor)
    mentor = UploadApi(client)
    # The mentor may not upload library videos either: the answer they always had.
    assert mentor.state(upload["id"]).status_code == 403
    assert mentor.chunk(upload["id"], b"\0" * 10, 0, 1000).status_code == 403
    assert UploadSession.objects.get().offset == 0


def test_the_videos_endpoint_will_not_finish_a_recording(ls, sign_in):
    client = sign_in(ls.people.ect)
    upload = body(start(client, consent="on"))
    response = UploadApi(client).complete(upload["id"])
    assert response.status_code == 400 and "from the page it was started on" in body(response)["error"]
    assert not Video.objects.exists()


@pytest.mark.slow
def test_the_bytes_arrive_in_chunks_and_become_a_private_recording(ls, sign_in, sample_clip, admin_client,
                                                                   django_capture_on_commit_callbacks):
    data = sample_clip[0].read_bytes()
    client = sign_in(ls.people.ect)
    upload = body(start(client, size=len(data), consent=True, department=ls.maths.pk))
    api = UploadApi(client)
    for offset in range(0, len(data), CHUNK):
        assert api.chunk(upload["id"], data[offset:offset + CHUNK], offset, len(data)).status_code == 200
    session = UploadSession.objects.get(pk=upload["id"])
    fields = dict(owner=ls.people.ect, department=ls.maths, title="Y8 ratio tables", year_group=YearGroup.Y8,
                  recorded_on=ls.today)
    with pytest.raises(RecordingRefused):
        recording_create_from_upload(session=session, consent_confirmed=False, **fields)
    with pytest.raises(RecordingRefused):
        recording_create_from_upload(session=session, consent_confirmed=True, **{**fields, "owner": ls.people.mentor})
    session.refresh_from_db()
    assert session.status == UploadSession.Status.ACTIVE  # refused before anything moved: finish it later
    with django_capture_on_commit_callbacks(execute=True):
        recording = recording_create_from_upload(session=session, consent_confirmed=True, **fields)
    video = Video.objects.get(pk=recording.video_id)
    assert video.private and video.uploaded_by == ls.people.ect and video.is_ready
    assert Recording.objects.get().owner == ls.people.ect
    # Not in the admin's video library, not even for a superuser.
    assert "Y8 ratio tables" not in admin_client.get(reverse("video_library:index")).content.decode()
    # A retried finish makes nothing new.
    assert recording_create_from_upload(session=session, consent_confirmed=True, **fields) == recording
    assert Video.objects.count() == 1


def test_a_library_upload_cannot_be_finished_as_a_recording(ls, pd_lead, sign_in):
    from tests.factories.departments import MembershipFactory

    MembershipFactory(department=ls.maths, user=pd_lead)
    upload = body(UploadApi(sign_in(pd_lead)).start("a.mp4", 1000))
    session = UploadSession.objects.get(pk=upload["id"])
    with pytest.raises(RecordingRefused, match="not started as a lesson recording"):
        recording_create_from_upload(session=session, owner=pd_lead, department=ls.maths, title="Y8",
                                     year_group=8, recorded_on=ls.today, consent_confirmed=True)
    session.refresh_from_db()
    assert session.status == UploadSession.Status.ACTIVE and not Video.objects.exists()
