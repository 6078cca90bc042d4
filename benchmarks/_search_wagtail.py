"""The Wagtail-only baseline of ``benchmarks.search``: what a Wagtail site without pdsite would run.

The same caption segments, indexed one document per segment by Wagtail's own search backend
(``wagtail.search.backends.opensearch2``, or ``elasticsearch8``) on the same engine, and searched
through Wagtail's search API as its documentation shows: ``parse_query_string`` (quoted phrases),
``backend.search`` on a queryset filtered to the clips' transcripts, the best
``RANKING_HITS`` segments loaded (Wagtail turns the engine's hits into model instances from the
database), grouped by clip into the page's ten clips with up to three segments each, and
``count()`` for the total. That is less than a pdsite page does (no facet counts, highlights,
typo tolerance or synonyms), so the comparison flatters Wagtail.

The segments are a proxy of ``TranscriptSegment`` made ``Indexed`` in this process only: no
migration, and the site's own models are left as they are.
"""

from __future__ import annotations

from functools import lru_cache

RANKING_HITS = 100
CLIPS = 10
PER_CLIP = 3
BACKENDS = {"opensearch2": "wagtail.search.backends.opensearch2", "elasticsearch8": "wagtail.search.backends.elasticsearch8"}


@lru_cache(maxsize=1)
def segment_model():
    from modelsearch import index

    from pdsite.videos.models import TranscriptSegment

    class WagtailBenchSegment(index.Indexed, TranscriptSegment):
        search_fields = [index.SearchField("text"), index.FilterField("transcript")]

        class Meta:
            proxy = True
            app_label = "videos"

    return WagtailBenchSegment


class WagtailSegments:
    """Wagtail's index of the segments (its own, under ``prefix``); ``drop()`` deletes it."""

    def __init__(self, *, kind: str, url: str, prefix: str) -> None:
        from wagtail.search.backends import get_search_backend

        self.model = segment_model()
        self.backend = get_search_backend(
            BACKENDS.get(kind, BACKENDS["opensearch2"]), URLS=[url], INDEX_PREFIX=prefix, TIMEOUT=60
        )
        self.index = self.backend.get_index_for_model(self.model)

    def build(self, batch: int = 5000) -> None:
        self.index.reset()
        self.index.add_model(self.model)
        last = 0
        while True:
            rows = list(self.model.objects.filter(pk__gt=last).order_by("pk")[:batch])
            if not rows:
                break
            self.index.add_items(self.model, rows)
            last = rows[-1].pk
        self.index.refresh()

    def page(self, text: str, transcript_ids: list[int]) -> list[tuple[int, list]]:
        """The page of clips: [(transcript id, its best segments), ...], best first."""
        from modelsearch.utils import parse_query_string

        filters, query = parse_query_string(text, operator="or")
        results = self.backend.search(query, self.model.objects.filter(transcript__in=transcript_ids))
        clips: dict[int, list] = {}
        for segment in results[:RANKING_HITS]:
            moments = clips.setdefault(segment.transcript_id, [])
            if len(moments) < PER_CLIP:
                moments.append(segment)
        results.count()  # the total, for the pager
        return list(clips.items())[:CLIPS]

    def drop(self) -> None:
        self.index.delete()
