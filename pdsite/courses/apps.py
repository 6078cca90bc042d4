"""The courses app: the curriculum, the ideas PD is organised by, and the pages."""

from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "pdsite.courses"
    label = "courses"
    verbose_name = "Courses"
