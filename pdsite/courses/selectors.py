"""Reads for courses: browsing the curriculum and clips, and a teacher's learning."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from wagtail.models import ReferenceIndex

from .models import (
    BigIdea,
    Block,
    EssencePrinciple,
    PDModulePage,
    PDVideoPage,
    RepresentationTag,
    Unit,
    UnitPage,
    ViewingRecord,
    Year,
)

SHORT_CLIP_SECONDS = 5 * 60


# --- Curriculum ---------------------------------------------------------------------


@dataclass
class UnitEntry:
    unit: Unit
    page: UnitPage | None


@dataclass
class BlockEntry:
    title: str
    term: str
    units: list[UnitEntry] = field(default_factory=list)


@dataclass
class YearEntry:
    year: Year
    blocks: list[BlockEntry] = field(default_factory=list)


def curriculum_tree() -> list[YearEntry]:
    """Year → block (with its term) → unit, each unit with its live page if it has one. Three queries."""
    pages = {page.unit_id: page for page in UnitPage.objects.live().public().filter(unit__isnull=False)}
    years = Year.objects.prefetch_related(
        Prefetch("blocks", queryset=Block.objects.order_by("order")),
        Prefetch("blocks__units", queryset=Unit.objects.order_by("order")),
    ).order_by("number")
    tree = []
    for year in years:
        entry = YearEntry(year=year)
        for block in year.blocks.all():
            entry.blocks.append(
                BlockEntry(
                    title=block.title,
                    term=block.get_term_display(),
                    units=[UnitEntry(unit=u, page=pages.get(u.pk)) for u in block.units.all()],
                )
            )
        tree.append(entry)
    return tree


# --- Clips --------------------------------------------------------------------------


@dataclass(frozen=True)
class ClipFilters:
    year: int | None = None
    unit: str | None = None  # unit slug
    big_idea: str | None = None  # Big Idea slug
    principle: int | None = None  # principle order, 1–10
    representation: str | None = None  # tag slug
    short: bool = False  # under five minutes

    @classmethod
    def from_query(cls, query) -> "ClipFilters":
        def number(name: str) -> int | None:
            value = query.get(name, "")
            return int(value) if value.isdigit() else None

        return cls(
            year=number("year"),
            unit=query.get("unit") or None,
            big_idea=query.get("big_idea") or None,
            principle=number("principle"),
            representation=query.get("representation") or None,
            short=query.get("duration") == "short",
        )

    @property
    def active(self) -> bool:
        return any([self.year, self.unit, self.big_idea, self.principle, self.representation, self.short])


def clips_for_browse(*, filters: ClipFilters):
    """Live, public clips matching every filter, with what the list shows prefetched."""
    clips = PDVideoPage.objects.live().public().select_related("video")
    if filters.year:
        clips = clips.filter(units__block__year__number=filters.year)
    if filters.unit:
        clips = clips.filter(units__slug=filters.unit)
    if filters.big_idea:
        clips = clips.filter(big_ideas__slug=filters.big_idea)
    if filters.principle:
        clips = clips.filter(principles__order=filters.principle)
    if filters.representation:
        clips = clips.filter(representations__slug=filters.representation)
    if filters.short:
        clips = clips.filter(video__duration__lt=SHORT_CLIP_SECONDS)
    return clips.distinct().prefetch_related("big_ideas").order_by("title")


def clip_filter_options() -> dict:
    """The choices the clip library's filter form offers."""
    return {
        "years": list(Year.objects.values_list("number", flat=True)),
        "units": list(Unit.objects.filter(clips__live=True).distinct().select_related("block__year")),
        "big_ideas": list(BigIdea.objects.all()),
        "principles": list(EssencePrinciple.objects.all()),
        "representations": list(RepresentationTag.objects.filter(clip_items__isnull=False).distinct().order_by("name")),
    }


# --- Modules ------------------------------------------------------------------------


def modules_for(*, big_idea_id: int | None = None, principle_id: int | None = None):
    modules = PDModulePage.objects.live().public()
    condition = Q()
    if big_idea_id:
        condition |= Q(big_ideas__id=big_idea_id)
    if principle_id:
        condition |= Q(principles__id=principle_id)
    return modules.filter(condition).distinct().order_by("title") if condition else modules.none()


def links_for_clip(*, clip: PDVideoPage) -> dict:
    """A clip's units, Big Ideas and principles, each with its page (if any) in the same query."""
    return {
        "units": clip.units.select_related("page", "block__year"),
        "big_ideas": clip.big_ideas.select_related("page"),
        "principles": clip.principles.select_related("page"),
    }


def modules_for_clip(*, clip: PDVideoPage):
    """Live modules whose body includes this clip, found through Wagtail's reference index."""
    module_type = ContentType.objects.get_for_model(PDModulePage)
    ids = (
        ReferenceIndex.get_references_to(clip)
        .filter(content_type=module_type)
        .values_list("object_id", flat=True)
    )
    return PDModulePage.objects.live().public().filter(pk__in=[int(i) for i in ids]).order_by("title")


# --- Progress -------------------------------------------------------------------------


def pages_for_videos(video_ids) -> dict[int, PDVideoPage]:
    """The live, public page of each video (the first, if several show it)."""
    pages: dict[int, PDVideoPage] = {}
    for page in PDVideoPage.objects.live().public().filter(video_id__in=video_ids).order_by("-first_published_at"):
        pages.setdefault(page.video_id, page)
    return pages


def watched_percent_by_video(*, user, video_ids) -> dict[int, int]:
    """{video id: percent watched} for a signed-in user; empty for anyone else. One query."""
    if not getattr(user, "is_authenticated", False):
        return {}
    records = ViewingRecord.objects.filter(user=user, video_id__in=list(video_ids)).values_list("video_id", "coverage")
    return {video_id: int(coverage * 100) for video_id, coverage in records}


def heartbeat_token_viewer(*, user_id: int, video_id: int, session_key: str):
    """One query for a token-carrying heartbeat: the active user (pk and password, for the
    auth hash), whether `session_key` is still a live session, the video's status and
    duration, whether the user is enrolled on any pathway (`user.pdsite_is_enrolled`, for
    the progress signal's receiver) and the strictest completion threshold of the clip pages
    showing the video (`video.pdsite_page_threshold`, None for none). Returns (user, session_alive, video or None), or None for no such active user.
    Only used with database-backed sessions (see heartbeat_tokens.tokens_enabled).

    Plain SQL on purpose: it runs on every report, and compiling the equivalent queryset
    (two subqueries and an EXISTS) cost more CPU than PostgreSQL spends answering it."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from pdsite.videos.models import Video

    User = get_user_model()
    with connection.cursor() as cursor:
        cursor.execute(_heartbeat_viewer_sql(), [session_key, timezone.now(), video_id, user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, password, session_alive, status, duration, enrolled, threshold = row
    user = User(pk=pk, password=password)
    user._state.adding, user._state.db = False, connection.alias
    # Read by signal_handlers.pathway_steps_after_viewing instead of its own query.
    user.pdsite_is_enrolled = bool(enrolled)
    # status is NOT NULL, so None means there is no such video.
    video = Video(pk=video_id, status=status, duration=duration) if status is not None else None
    if video is not None:
        video._state.adding, video._state.db = False, connection.alias
        # Read by services.completion_threshold_for instead of its own query.
        video.pdsite_page_threshold = threshold
    return user, bool(session_alive), video


_HEARTBEAT_VIEWER_SQL = None


def _heartbeat_viewer_sql() -> str:
    global _HEARTBEAT_VIEWER_SQL
    if _HEARTBEAT_VIEWER_SQL is None:
        from django.contrib.auth import get_user_model
        from django.contrib.sessions.models import Session
        from django.db import connection

        from pdsite.videos.models import Video

        from .models import Enrolment, PDVideoPage

        q = connection.ops.quote_name
        user, video, session, enrolment = get_user_model()._meta, Video._meta, Session._meta, Enrolment._meta
        page = PDVideoPage._meta
        threshold = q(page.get_field("completion_threshold").column)
        _HEARTBEAT_VIEWER_SQL = (
            f"SELECT u.{q(user.pk.column)}, u.{q(user.get_field('password').column)}, "
            f"EXISTS(SELECT 1 FROM {q(session.db_table)} s WHERE s.{q('session_key')} = %s AND s.{q('expire_date')} > %s), "
            f"v.{q('status')}, v.{q('duration')}, "
            f"EXISTS(SELECT 1 FROM {q(enrolment.db_table)} e WHERE e.{q(enrolment.get_field('user').column)} = u.{q(user.pk.column)}), "
            f"(SELECT MIN(p.{threshold}) FROM {q(page.db_table)} p WHERE p.{q(page.get_field('video').column)} = v.{q(video.pk.column)} "
            f"AND p.{threshold} IS NOT NULL) "
            f"FROM {q(user.db_table)} u LEFT JOIN {q(video.db_table)} v ON v.{q(video.pk.column)} = %s "
            f"WHERE u.{q(user.pk.column)} = %s AND u.{q(user.get_field('is_active').column)}"
        )
    return _HEARTBEAT_VIEWER_SQL
