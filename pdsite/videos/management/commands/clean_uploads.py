"""Abort abandoned resumable uploads and delete what they left in storage (run it daily)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from pdsite.videos.uploads.services import upload_clean_expired


class Command(BaseCommand):
    help = "Abort uploads untouched for PDSITE_UPLOAD_EXPIRY_HOURS; remove stale S3 multipart uploads and staging files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=float, default=None, help="Age after which an upload counts as abandoned (default: the setting)."
        )

    def handle(self, *args, hours=None, **options):
        report = upload_clean_expired(older_than=None if hours is None else timedelta(hours=hours))
        self.stdout.write(
            f"Aborted {report.sessions} abandoned upload(s), {report.orphan_s3_uploads} stray S3 multipart "
            f"upload(s) and {report.orphan_files} stray staging file(s)."
        )
