"""What search reads: transcript "moments", the maths synonym list, and queued index updates.

A moment is a few consecutive caption cues (about 15–30 s) of one transcript: the unit a
search hit points at. Moments are rebuilt from the cues by `indexing.transcript_changed`;
nothing else writes them. Besides the search engine, moments carry their own database
full-text structures for when the engine is down: a tsvector column with a GIN index on
PostgreSQL (filled by the indexing code), an FTS5 table on SQLite (migration 0002). Their
vocabularies correct spelling (spelling.py): SearchWord with a trigram index on PostgreSQL,
fts5vocab tables over the FTS5 table on SQLite (migration 0004).
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel


class SearchMoment(models.Model):
    video = models.ForeignKey("videos.Video", on_delete=models.CASCADE, related_name="+")
    transcript = models.ForeignKey("videos.Transcript", on_delete=models.CASCADE, related_name="+")
    # The transcript's caption language (a copy, so a hit names it without a join): a result
    # in another language than the main one says so and links to the clip in it (?lang=).
    language = models.CharField(max_length=10, default="en")
    start = models.FloatField()
    end = models.FloatField()
    text = models.TextField()
    # [[cue start second, offset of the cue's first character in `text`], ...]: a hit's
    # timestamp is the start of the cue its first highlighted word is in.
    cues = models.JSONField(default=list)
    # The clip's title, summary, units, Big Ideas, principles and representations: matches
    # here rank a clip's moments without pointing at any one of them.
    context = models.TextField(blank=True)
    # PostgreSQL only (the column is unused elsewhere): to_tsvector of text (A) + context (D).
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["video", "start"]
        indexes = [models.Index(fields=["video", "start"]), models.Index(fields=["transcript"])]

    def __str__(self) -> str:
        return f"{self.video_id} @{self.start:.0f}s {self.text[:40]}"

    def second_at(self, offset: int) -> int:
        """The whole second at which the cue holding character `offset` of `text` starts."""
        second = self.start
        for cue_start, cue_offset in self.cues:
            if cue_offset > offset:
                break
            second = cue_start
        return int(second)


class SearchSynonym(models.Model):
    """One line of the maths synonym list: terms a search for any of them should also find."""

    terms = models.CharField(
        max_length=255,
        unique=True,
        help_text='Comma-separated words or phrases that mean the same, e.g. "bar model, tape diagram".',
    )

    panels = [FieldPanel("terms")]

    class Meta:
        ordering = ["terms"]
        verbose_name = "search synonym"

    def __str__(self) -> str:
        return self.terms

    @property
    def term_list(self) -> list[str]:
        return [" ".join(term.lower().split()) for term in self.terms.split(",") if term.strip()]

    def clean(self) -> None:
        if len(self.term_list) < 2:
            raise ValidationError({"terms": "Give at least two terms, separated by commas."})
        if any(not all(ch.isalnum() or ch in " -'" for ch in term) for term in self.term_list):
            raise ValidationError({"terms": "Use letters, digits, spaces, hyphens and apostrophes only."})
        self.terms = ", ".join(self.term_list)


class SearchWord(models.Model):
    """A word said in some moment or its clip's context, lower-case: PostgreSQL's spelling vocabulary.

    Filled by the indexing code on PostgreSQL only (SQLite reads its FTS5 vocabulary instead)
    and searched by trigram similarity (a pg_trgm GIN index, migration 0004). Words are
    added, never removed: a correction is only shown when the corrected search finds clips.
    """

    word = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.word


class PendingIndexUpdate(models.Model):
    """A video whose moments changed while the search engine was down; replayed when it is back."""

    video = models.OneToOneField("videos.Video", on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"video {self.video_id} queued {self.queued_at:%Y-%m-%d %H:%M}"
