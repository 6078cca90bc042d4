"""App config of departments: schools, departments, workshops, assignments, reminders, reports."""

from django.apps import AppConfig


class DepartmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pdsite.departments"
    label = "departments"
    verbose_name = "Departments"
