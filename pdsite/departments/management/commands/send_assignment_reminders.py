"""`manage.py send_assignment_reminders`: runs the hourly reminder digest by hand."""

from django.core.management.base import BaseCommand

from pdsite.departments.tasks import assignment_reminders_task


class Command(BaseCommand):
    help = "Send due-soon and overdue reminder digests now (what the hourly beat task does)."

    def handle(self, *args, **options):
        sent = assignment_reminders_task()
        self.stdout.write(f"send_assignment_reminders: {sent} digest(s) sent.")
