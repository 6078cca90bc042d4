"""The courses app: the curriculum, the ideas PD is organised by, and the pages.

`ready()` registers courses' grant in the one video rule (`pdsite.videos.access`): a video
is visible through the live clip pages that show it (courses/access.py)."""

from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "pdsite.courses"
    label = "courses"
    verbose_name = "Courses"

    def ready(self):
        from pdsite.videos.access import video_grant_register

        from .access import clip_page_grant

        video_grant_register(clip_page_grant)
