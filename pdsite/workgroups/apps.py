"""App config of workgroups: Maths Hubs Work Groups across schools. `ready()` registers the
"workgroup" share audience with the lessons app (lessons/audiences.py), so a lesson recording
(or a clip of it) can be shared with a Work Group."""

from django.apps import AppConfig


class WorkgroupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pdsite.workgroups"
    label = "workgroups"
    verbose_name = "Work Groups"

    def ready(self):
        from .audiences import register

        register()
