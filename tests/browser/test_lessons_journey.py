"""A lesson recording's journey in Chromium (issue #14, Recordings and Sharing): a teacher opens
Record a lesson, is refused until they confirm the school's consent statement, uploads a
generated clip through the resumable upload, and it becomes ready; they share a clip with a
colleague to comment; the colleague sees only the clip, with their own name over the picture,
and comments at a moment with a strength tagged "Representation and structure"; their request
for a segment outside the clip is refused like an unknown file; the owner
replies; a teacher of the department and the head of department get the unknown-recording 404; the owner
revokes (the colleague's next request is a 404), reads the audit list and deletes it, and
storage holds nothing of it. A school without a statement shows its own page; the head of
department's policy page. Axe on every page."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connection

from pdsite.departments.models import Role
from pdsite.feedback.models import Comment
from pdsite.lessons.models import Recording, RecordingView, Share
from pdsite.lessons.services import recording_policy_set
from pdsite.videos.pipeline.clip import media_segments
from pdsite.videos.selectors import media_url
from tests.browser.conftest import ARTIFACTS, run_node
from tests.factories.departments import DepartmentFactory, MembershipFactory, SchoolFactory
from tests.factories.users import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TITLE = "Y8 ratio tables: sharing from the whole"


def _sign_an_outside_segment_once_shared(path, *, mentor_id: int, stop: threading.Event) -> threading.Thread:
    """Once the journey has made its clip share, write to `path` a media URL signed for the
    mentor of a segment the clip leaves out (the journey asks for it from their browser)."""

    def work():
        try:
            while not stop.wait(0.3):
                share = Share.objects.filter(start__isnull=False).select_related("recording__video").first()
                if share is not None:
                    break
            else:
                return  # the journey ended first
            video = share.recording.video
            rendition = video.renditions.exclude(height=0).order_by("height").first()
            with default_storage.open(rendition.playlist, "r") as handle:
                text = handle.read()
            text = text.decode() if isinstance(text, bytes) else text
            outside = next(s for s in media_segments(text) if s.end <= share.start or s.start >= share.end)
            folder = rendition.playlist.rsplit("/", 1)[0]
            mentor = get_user_model().objects.get(pk=mentor_id)
            path.write_text(media_url(f"{folder}/{outside.uri}", user=mentor, video=video))
        finally:
            connection.close()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def _stored_files(prefix: str = "") -> list[str]:
    """Every file under `prefix` in the default storage."""
    try:
        folders, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return []
    names = [f"{prefix}{name}" for name in files]
    for folder in folders:
        names += _stored_files(f"{prefix}{folder}/")
    return names


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_teacher_records_shares_a_clip_revokes_and_deletes(browser_ready, live_server, settings, tmp_path):
    from pdsite.videos.pipeline.samples import make_silent_clip

    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = str(tmp_path / "media")
    clip = make_silent_clip(tmp_path / "lesson.mp4", seconds=20)
    school = SchoolFactory(name="Northfield Academy", slug="lj-northfield")
    maths = DepartmentFactory(school=school, name="Maths", slug="lj-maths")
    other = DepartmentFactory(school=SchoolFactory(name="Southgate School", slug="lj-southgate"), slug="lj-south")
    people = {
        "ect": UserFactory(username="ect", first_name="Esme", last_name="Early", groups=["Teachers"]),
        "mentor": UserFactory(username="mentor", first_name="Mo", last_name="Mentor", groups=["Teachers"]),
        "hod": UserFactory(username="hod", first_name="Hana", last_name="Head", groups=["Teachers"]),
        "teacher": UserFactory(username="teacher", first_name="Tia", last_name="Teacher", groups=["Teachers"]),
        "elsewhere": UserFactory(username="elsewhere", groups=["Teachers"]),
    }
    for name, role in (("ect", Role.ECT), ("mentor", Role.MENTOR), ("hod", Role.HEAD), ("teacher", Role.TEACHER)):
        MembershipFactory(department=maths, user=people[name], role=role)
    MembershipFactory(department=other, user=people["elsewhere"], role=Role.TEACHER)
    recording_policy_set(
        school=school, consent_statement="Parents have been told about lesson recording. Pupils without consent sit "
        "out of shot.", retention_days=30,
    )

    outside_url = tmp_path / "outside-url.txt"
    stop = threading.Event()
    signer = _sign_an_outside_segment_once_shared(outside_url, mentor_id=people["mentor"].pk, stop=stop)
    try:
        result = run_node(
            "lessons.mjs",
            {
                "OUTSIDE_URL_FILE": str(outside_url),
                "BASE_URL": live_server.url,
                "PASSWORD": PASSWORD,
                "CLIP_PATH": str(clip),
                "TITLE": TITLE,
                "SCHOOL_SLUG": school.slug,
                "SCREENSHOT_DIR": str(ARTIFACTS / "screenshots" / "lessons"),
            },
        )
    finally:
        stop.set()
        signer.join(timeout=10)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "lessons: ok" in result.stdout
    # Everything of it is gone: rows and stored files.
    assert not Recording.objects.exists() and not Share.objects.exists() and not RecordingView.objects.exists()
    assert not Comment.objects.exists()  # the mentor's comment went with it
    assert _stored_files() == []
