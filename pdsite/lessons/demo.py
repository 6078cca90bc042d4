"""Seed the lesson-recordings part of the demo (issue #14, "Demo seed"): Northfield Academy's
recording policy (a consent statement, 30 days' retention), and `ect`'s recording of a Year 8
lesson — a real generated video (espeak-ng narration over a test pattern, transcoded by the real
pipeline, its cues as the transcript) — shared as a 20-second clip with `mentor` to comment on.
`teacher` and `hod` see nothing of it.

Idempotent: each row is looked up first. Runs after the departments seed; seed_demo then passes
the recording to `pdsite.feedback.demo.seed(recording=...)` (mentor's two typed, tagged
comments) and `pdsite.cycles.demo.seed(recording=...)`, which attaches it to the cycle's teach
step (its deletion date then follows the cycle's end).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from pdsite.departments.models import Department

from .services.recordings import recording_create, recording_policy_for, recording_policy_set
from .services.sharing import share_create
from .models import Recording, Share, YearGroup

DEPARTMENT = "northfield-maths"
TITLE = "Y8 ratio tables: sharing from the whole (period 3)"
CONSENT = (
    "Parents and carers have been told that lessons may be filmed for teachers' professional "
    "development. Pupils on the school's no-filming list sit out of shot. Recordings stay inside "
    "pdsite, are never downloaded, and are deleted 30 days after the lesson-study cycle ends."
)
SENTENCES = [
    "Today we share an amount in a given ratio, starting from the whole.",
    "Three hundred pounds is shared in the ratio two to three. What is one part worth?",
    "Draw the ratio table: the whole is five parts, so divide by five.",
    "Amir says sixty. Can someone explain why sixty is one part?",
    "Now scale up: two parts is one hundred and twenty, three parts is one hundred and eighty.",
    "Check with the whole: one hundred and twenty add one hundred and eighty is three hundred.",
]
SECONDS = 45.0
CLIP = (6.0, 26.0)  # the 20 s shared with the mentor



def seed(stdout=None) -> Recording | None:
    """Make what is missing of the demo recording; return it (None when the demo department, or
    `ect` and `mentor`, are not there yet)."""
    User = get_user_model()
    people = {u.username: u for u in User.objects.filter(username__in=["ect", "mentor"])}
    department = Department.objects.filter(slug=DEPARTMENT).select_related("school").first()
    if department is None or len(people) < 2:
        return None
    ect, mentor = people["ect"], people["mentor"]
    policy = recording_policy_for(department)
    if policy is None or not policy.allows_recording:
        recording_policy_set(school=department.school, consent_statement=CONSENT, retention_days=30)
    recording = Recording.objects.filter(owner=ect, title=TITLE).select_related("video").first()
    if recording is None:
        recording = _record(ect, department)
    _share(recording, ect, mentor)
    if stdout is not None:
        stdout.write(f"  lessons: {ect.username}'s recording “{recording.title}”, a 20 s clip shared with {mentor.username}")
    return recording


def _record(ect, department) -> Recording:
    from pdsite.celery import app as celery_app
    from pdsite.videos.pipeline.samples import make_sample_clip
    from pdsite.videos.services import video_transcode
    from pdsite.videos.pipeline.vtt import render_vtt
    from pdsite.videos.transcripts.services import transcript_import

    # Transcode in this process on commit, as the demo clips are (courses/demo/seeding.py).
    celery_app.conf.task_always_eager = True
    height = settings.PDSITE_DEMO_CLIP_HEIGHT
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "y8-ratio-tables.mp4"
        cues = make_sample_clip(path, title="Y8 ratio tables", sentences=SENTENCES, seconds=SECONDS,
                                width=height * 16 // 9 // 2 * 2, height=height, fps=settings.PDSITE_DEMO_CLIP_FPS)
        with transaction.atomic(), open(path, "rb") as handle:
            recording = recording_create(
                owner=ect, department=department, title=TITLE, year_group=YearGroup.Y8,
                recorded_on=timezone.localdate(), consent_confirmed=True, source=File(handle, name=path.name),
                small_step="Share a quantity in a given ratio, given the whole",
                lesson_focus="How pupils find the value of one part, and who explains it.",
            )
            # The cues say exactly what the narration says; the speech-recognition draft is skipped.
            transcript_import(video=recording.video, vtt_text=render_vtt(cues), user=ect)
    recording.video.refresh_from_db()
    if not recording.video.is_ready:
        # Inside an outer transaction (a test) nothing was committed yet: transcode here, so the
        # recording plays straight away; the queued job, run later, finds it done (same job key).
        video = recording.video
        video_transcode(video_id=video.pk, job=str(video.transcode_job) if video.transcode_job else None)
        recording.video.refresh_from_db()
    if not recording.video.is_ready:
        raise RuntimeError(f"The demo recording did not transcode: {recording.video.failure_reason}")
    return recording


def _share(recording: Recording, ect, mentor) -> Share:
    existing = recording.shares.filter(audience_kind="user", audience_id=mentor.pk, revoked_at__isnull=True).first()
    if existing is not None:
        return existing
    end = min(CLIP[1], recording.video.duration or CLIP[1])
    return share_create(recording=recording, by=ect, audience_kind="user", audience_id=mentor.pk,
                                 permission=Share.Permission.COMMENT, start=CLIP[0], end=end)
