from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "pdsite.courses"
    label = "courses"
    verbose_name = "Courses"
