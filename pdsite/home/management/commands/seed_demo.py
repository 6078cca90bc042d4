"""Load the small demo: a unit, one PD clip (generated, transcoded, captioned), two logins.

Idempotent: a second run finds everything in place and creates nothing.
"""

import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files import File
from django.core.management.base import BaseCommand
from django.db import transaction

from pdsite.celery import app as celery_app
from pdsite.courses.models import PDVideoPage, UnitPage
from pdsite.home.models import HomePage
from pdsite.videos import services as video_services
from pdsite.videos.pipeline.samples import make_sample_clip
from pdsite.videos.pipeline.vtt import render_vtt

DEMO_LOGINS = [
    # username, password, group, is_superuser
    ("pdlead", "pdlead-demo-pass", "PD leads", False),
    ("teacher", "teacher-demo-pass", "Teachers", False),
    ("admin", "admin-demo-pass", None, True),
]
HOME_INTRO = (
    "<p>Short PD clips for teaching for mastery: watch one before you teach the unit, "
    "search every transcript for a phrase, and pick up where you left off.</p>"
)
UNIT_TITLE = "Year 7 · Equality and equivalence"
CLIP_TITLE = "Equals is not “the answer is”"
CLIP_SENTENCES = [
    "Equals means is the same as. It does not mean the answer is.",
    "A balance shows that both sides of an equation have the same value.",
    "Draw a bar model to show that three a plus two is equal to eleven.",
    "Collect like terms with algebra tiles, then check both sides still balance.",
]


class Command(BaseCommand):
    help = "Create the demo unit, clip and logins (safe to run again)."

    def handle(self, *args, **options):
        self._logins()
        home = HomePage.objects.get()
        if not home.intro:
            home.intro = HOME_INTRO
            home.save_revision().publish()
        unit = UnitPage.objects.child_of(home).filter(title=UNIT_TITLE).first()
        if unit is None:
            unit = home.add_child(
                instance=UnitPage(
                    title=UNIT_TITLE,
                    intro="<p>Pupils see = as a statement that two expressions have the same value.</p>",
                )
            )
            unit.save_revision().publish()
        if not PDVideoPage.objects.child_of(unit).exists():
            self._clip(unit)
        self.stdout.write(self.style.SUCCESS("seed_demo: demo content is in place."))
        for username, password, group, _ in DEMO_LOGINS:
            self.stdout.write(f"  login {username:8} password {password:18} ({group or 'site administrator'})")

    def _logins(self) -> None:
        User = get_user_model()
        for username, password, group, is_superuser in DEMO_LOGINS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_superuser": is_superuser, "is_staff": is_superuser}
            )
            if created:
                user.set_password(password)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))

    def _clip(self, unit: UnitPage) -> None:
        self.stdout.write("seed_demo: generating and transcoding the demo clip (about a minute)…")
        # Transcode in this process so the page can be published straight away.
        celery_app.conf.task_always_eager = True
        with tempfile.TemporaryDirectory() as workdir:
            clip = Path(workdir) / "equals-is-not-the-answer-is.mp4"
            cues = make_sample_clip(clip, title=CLIP_TITLE, sentences=CLIP_SENTENCES)
            with transaction.atomic(), open(clip, "rb") as handle:
                video = video_services.video_create(title=CLIP_TITLE, source=File(handle, name=clip.name))
                video_services.transcript_import(video=video, vtt_text=render_vtt(cues))
        video.refresh_from_db()
        if not video.is_ready:
            raise RuntimeError(f"The demo clip did not transcode: {video.failure_reason}")
        page = unit.add_child(
            instance=PDVideoPage(
                title=CLIP_TITLE,
                video=video,
                summary="<p>Why pupils read = as “work it out”, and a sequence of examples that fixes it.</p>",
            )
        )
        page.save_revision().publish()
