"""Load the demo: the Y7–9 curriculum, the Big Ideas and Essence pages, 12 units with ~26
PD clips (each a real video: espeak-ng narration over a test pattern, transcoded by the
real pipeline, captioned), two PD modules, the induction pathways, the demo department, a
lesson recording with its comments and lesson-study cycle, the Maths Hub's Work Groups, and
logins for each role.

Each app seeds its own part from its own data files (pdsite/<app>/demo/*.yaml), in this
order: home (logins, home intro), courses (pages, grid, clips, modules), pathways, departments,
lessons, feedback, cycles, workgroups.
Idempotent: every row and page is looked up by its slug first, so a second run creates
nothing. `--small` seeds three units with one clip each, for fast tests.
"""

from django.core.management.base import BaseCommand

from pdsite.courses.demo import seeding as courses_demo
from pdsite.cycles import demo as cycles_demo
from pdsite.departments import demo as departments_demo
from pdsite.feedback import demo as feedback_demo
from pdsite.home.demo import seeding as home_demo
from pdsite.lessons import demo as lessons_demo
from pdsite.pathways import demo as pathways_demo
from pdsite.workgroups import demo as workgroups_demo


class Command(BaseCommand):
    help = "Create the demo curriculum, clips, modules and logins (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--small", action="store_true", help=f"only {courses_demo.SMALL_UNIT_COUNT} units, one clip each"
        )

    def handle(self, *args, small: bool = False, **options):
        home = home_demo.seed()
        courses_demo.seed(home=home, small=small, stderr=self.stderr)
        self.stdout.write("\n".join(f"  login {u:9} password {p:19} ({r})" for u, p, r in pathways_demo.seed()))
        departments_demo.seed(stdout=self.stdout)
        # Lesson study (issue #14): ect's recording shared as a clip with mentor, mentor's comments, the cycle.
        recording = lessons_demo.seed(stdout=self.stdout)
        feedback_demo.seed(recording=recording)
        cycles_demo.seed(recording=recording)
        workgroups_demo.seed(stdout=self.stdout)  # after departments: Northfield books places
        self.stdout.write(self.style.SUCCESS("seed_demo: demo content is in place."))
        for username, password, group in home_demo.LOGINS:
            self.stdout.write(f"  login {username:9} password {password:19} ({group or 'site administrator'})")
