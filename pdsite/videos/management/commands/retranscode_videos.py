"""Queue videos for transcoding again: all of them, some by id, or only the failed ones."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pdsite.videos import services
from pdsite.videos.models import Video


class Command(BaseCommand):
    help = "Queue videos for transcoding again (after a ladder change, or to retry failures)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Video ids (default: every video).")
        parser.add_argument("--failed", action="store_true", help="Only videos that failed.")

    def handle(self, *args, ids, failed, **options):
        videos = Video.objects.order_by("pk")
        if ids:
            videos = videos.filter(pk__in=ids)
            missing = sorted(set(ids) - set(videos.values_list("pk", flat=True)))
            if missing:
                raise CommandError(f"No video with id {', '.join(map(str, missing))}.")
        if failed:
            videos = videos.filter(status=Video.Status.FAILED)
        count = 0
        for video in videos:
            with transaction.atomic():
                if video.status == Video.Status.FAILED:
                    services.video_retry(video=video)
                else:
                    services.video_processing_enqueue(video=video)
            count += 1
            self.stdout.write(f"queued {video.pk}: {video.title}")
        self.stdout.write(self.style.SUCCESS(f"{count} video(s) queued for transcoding."))
