"""Rebuild transcript search: moments from the cues, then a new engine index and an alias swap.

Searches keep being answered from the old index until the swap, so there is no downtime.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pdsite.search import engine
from pdsite.search.indexing import moments_rebuild, rebuild_engine_index
from pdsite.search.models import SearchMoment


class Command(BaseCommand):
    help = "Rebuild search moments from transcripts and swap in a freshly built search-engine index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--engine-only", action="store_true", help="keep the moments; only rebuild the engine's index"
        )

    def handle(self, *args, engine_only: bool = False, **options):
        from pdsite.videos.models import Transcript

        if not engine_only:
            video_ids = sorted(set(Transcript.objects.values_list("video_id", flat=True)))
            for video_id in tqdm(video_ids, desc="moments", unit="video", file=self.stderr):
                moments_rebuild(video_id=video_id)
        config = engine.engine_config()
        if config is None:
            self.stdout.write("No search engine configured: the database full-text index is up to date.")
            return
        total = SearchMoment.objects.count()
        with tqdm(total=total, desc="engine index", unit="moment", file=self.stderr) as bar:
            try:
                name = rebuild_engine_index(progress=bar.update)
            except engine.engine_errors() as error:
                raise CommandError(f"The search engine at {config.url} did not answer: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"{total} moments indexed in {name}; {config.alias} now points to it."))
