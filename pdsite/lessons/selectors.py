"""Reads for lesson recordings: a teacher's own recordings, those shared with them, one
recording as a viewer may see it, the owner's audit and share lists, and transcript search.

Everything a viewer is shown goes through the one rule (access.py, via the video rule
`pdsite.videos.access`): a list never shows what its page would refuse, and an unknown id and
a forbidden one raise the same Http404. The lists take a fixed number of queries, however
many recordings or shares there are (tests assert the counts).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from pdsite.videos.access import video_visible_to, video_windows
from pdsite.videos.pipeline.vtt import format_clock

from .access import live_shares, shares_reaching
from .audiences import audience_kind, audience_label
from .models import Recording, RecordingPolicy, RecordingView, Share

# One message for "no such recording" and "not yours to see".
NOT_FOUND = "No such recording."


def recording_policy_for(department) -> RecordingPolicy | None:
    """The recording policy of `department`'s school (None: it has none, so cannot record)."""
    return RecordingPolicy.objects.filter(school_id=department.school_id).first()


def recording_departments_for(user) -> list:
    """The departments `user` may record in: theirs, whose school has a consent statement."""
    from pdsite.departments.models import Department

    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Department.objects.filter(memberships__user=user)
        .exclude(Q(school__recording_policy__isnull=True) | Q(school__recording_policy__consent_statement=""))
        .select_related("school__recording_policy")
        .distinct()
        .order_by("name")
    )


# --- Lists ------------------------------------------------------------------------------------


def recordings_owned_by(user) -> QuerySet[Recording]:
    """`user`'s own recordings, newest lesson first, with their video, department and unit, and
    `live_share_count` (shares neither revoked nor ended). One query."""
    if not getattr(user, "is_authenticated", False):
        return Recording.objects.none()
    now = timezone.now()
    return (
        Recording.objects.filter(owner=user)
        .select_related("video", "department", "unit")
        .annotate(
            live_share_count=Count(
                "shares",
                filter=Q(shares__revoked_at__isnull=True) & (Q(shares__ends_at__isnull=True) | Q(shares__ends_at__gt=now)),
            )
        )
        .order_by("-recorded_on", "-pk")
    )


@dataclass
class SharedRecording:
    """A recording shared with a viewer: the live shares reaching them (a clip's range each),
    `windows` (None: the whole recording) and whether they may comment."""

    recording: Recording
    shares: list[Share] = field(default_factory=list)

    @property
    def windows(self) -> list[tuple[float, float]] | None:
        if any(not s.is_clip for s in self.shares):
            return None
        return sorted((s.start, s.end) for s in self.shares)

    @property
    def may_comment(self) -> bool:
        return any(s.permission == Share.Permission.COMMENT for s in self.shares)

    @property
    def share(self) -> Share:
        """The share to open the recording through: a whole-recording one, else the first clip."""
        return next((s for s in self.shares if not s.is_clip), self.shares[0])

    @property
    def ends_at(self) -> datetime.datetime | None:
        ends = [s.ends_at for s in self.shares]
        return None if any(e is None for e in ends) else max(ends)


def recordings_shared_with(user) -> list[SharedRecording]:
    """The recordings others shared with `user` through live shares (by name, team or group),
    newest share first. One query for the shares with their recordings, owners and videos, plus
    one per audience kind to find the user's audiences (access.audiences_for): never one per
    recording."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    shares = (
        shares_reaching(user)
        .exclude(recording__owner=user)
        .select_related("recording__video", "recording__owner", "recording__department", "recording__unit")
        .order_by("-created_at", "-pk")
    )
    by_recording: dict[int, SharedRecording] = {}
    for share in shares:
        entry = by_recording.setdefault(share.recording_id, SharedRecording(recording=share.recording))
        entry.shares.append(share)
    return list(by_recording.values())


# --- One recording ----------------------------------------------------------------------------


@dataclass
class RecordingGrant:
    """What a viewer may do with one recording: see it all (`windows` None) or the clips in
    `windows`; comment (`may_comment`); manage it (`is_owner`: share, revoke, delete, audit).
    `shares`: the live shares reaching a viewer who is not the owner; `share`: the one the page
    was opened through (or the best of them), for the audit list and comments."""

    recording: Recording
    is_owner: bool
    windows: list[tuple[float, float]] | None
    shares: list[Share]
    share: Share | None

    @property
    def may_comment(self) -> bool:
        return self.is_owner or any(s.permission == Share.Permission.COMMENT for s in self.shares)

    @property
    def permission(self) -> str:
        return Share.Permission.COMMENT if self.may_comment else Share.Permission.VIEW

    @property
    def is_clip(self) -> bool:
        return self.windows is not None

    @property
    def window_labels(self) -> list[str]:
        return [f"{format_clock(s)}–{format_clock(e)}" for s, e in self.windows or []]


def recording_get_visible_or_404(user, pk, *, share_id=None) -> RecordingGrant:
    """The recording `pk` as `user` (a user or a request) may see it; raises Http404 with the
    same message whether it does not exist or may not be seen (the one video rule decides).
    `share_id`: the share the page was opened through, used when it is one of theirs."""
    viewer = user
    user = getattr(user, "user", user)
    try:
        recording = (
            Recording.objects.select_related("video", "owner", "department", "unit").filter(pk=int(pk)).first()
        )
    except (TypeError, ValueError):
        recording = None
    if recording is None or not video_visible_to(viewer, recording.video):
        raise Http404(NOT_FOUND)
    if recording.owner_id == user.pk:
        return RecordingGrant(recording=recording, is_owner=True, windows=None, shares=[], share=None)
    shares = list(shares_reaching(user, recording).order_by("start", "pk"))
    chosen = next((s for s in shares if str(s.pk) == str(share_id)), None) if share_id else None
    if chosen is None and shares:
        chosen = next((s for s in shares if not s.is_clip), shares[0])
    return RecordingGrant(
        recording=recording, is_owner=False, windows=video_windows(viewer, recording.video), shares=shares,
        share=chosen,
    )


# --- The owner's lists ------------------------------------------------------------------------


def _range_label(start, end) -> str:
    if start is None:
        return "The whole recording"
    return f"Clip {format_clock(start)}–{format_clock(end)}"


@dataclass(frozen=True)
class AuditRow:
    viewer: str
    viewed_at: datetime.datetime
    what: str
    through: str


def recording_audit(recording: Recording) -> list[AuditRow]:
    """Who watched what of `recording` and when, newest first (the owner's audit list). Two
    queries plus one per distinct audience shown."""
    views = RecordingView.objects.filter(recording=recording).select_related("viewer", "share").order_by(
        "-viewed_at", "-pk"
    )
    labels: dict[tuple[str, int], str] = {}
    rows = []
    for view in views:
        person = view.viewer
        name = (person.get_full_name() or person.get_username()) if person else "Someone who has left"
        through = ""
        if view.share is not None:
            key = (view.share.audience_kind, view.share.audience_id)
            if key not in labels:
                labels[key] = audience_label(*key)
            through = labels[key]
        rows.append(AuditRow(viewer=name, viewed_at=view.viewed_at, what=_range_label(view.start, view.end), through=through))
    return rows


@dataclass(frozen=True)
class ShareRow:
    share: Share
    audience: str  # "Mentor Name", "Maths department", ...
    kind: str  # "A person", "A team", ...
    what: str  # "The whole recording" / "Clip 1:00–1:20"
    permission: str
    status: str  # "Live", "Until 3 March 2027", "Revoked 2 March 2027", "Ended 1 March 2027"
    is_live: bool


def recording_share_rows(recording: Recording, *, now=None) -> list[ShareRow]:
    """Every share of `recording`, live ones first, each with its audience's label (the owner's
    share list, with revoke buttons for the live ones)."""
    now = now or timezone.now()
    live_ids = set(live_shares(recording, now=now).values_list("pk", flat=True))
    rows = []
    for share in recording.shares.all().order_by("-created_at", "-pk"):
        live = share.pk in live_ids
        if share.revoked_at:
            status = f"Revoked {timezone.localtime(share.revoked_at):%-d %B %Y}"
        elif share.ends_at and share.ends_at <= now:
            status = f"Ended {timezone.localtime(share.ends_at):%-d %B %Y}"
        elif share.ends_at:
            status = f"Until {timezone.localtime(share.ends_at):%-d %B %Y}"
        else:
            status = "Live"
        kind = audience_kind(share.audience_kind)
        rows.append(
            ShareRow(
                share=share, audience=audience_label(share.audience_kind, share.audience_id),
                kind=kind.label if kind else share.audience_kind, what=_range_label(share.start, share.end),
                permission=share.get_permission_display(), status=status, is_live=live,
            )
        )
    rows.sort(key=lambda row: not row.is_live)
    return rows


# --- Transcript search ------------------------------------------------------------------------


@dataclass(frozen=True)
class TranscriptHit:
    recording: Recording
    start: float
    text: str

    @property
    def url(self) -> str:
        base = self.recording.get_absolute_url()
        return f"{base}?t={int(self.start)}" if base else ""

    @property
    def clock(self) -> str:
        return format_clock(self.start)


def recording_transcript_search(user, query: str, *, limit: int = 20) -> list[TranscriptHit]:
    """The transcript cues (approved or the speech-recognition draft) matching `query` in the
    recordings `user` may see — their own and those shared with them, asked of the one video
    rule — and, for a clip share, only the cues its captions keep (overlapping the clip).
    Nobody else's recording is ever searched: site search (pdsite.search) lists clip pages only,
    and a recording has none. Best match first, at most `limit`. Five queries or so, whatever
    the number of recordings (PostgreSQL full text; plain containment elsewhere)."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
    from django.db import connection

    from pdsite.videos.access import visible_video_ids
    from pdsite.videos.models import TranscriptSegment

    query = " ".join((query or "").split())[:200]
    if not query or not getattr(user, "is_authenticated", False):
        return []
    recordings = {r.video_id: (r, None) for r in recordings_owned_by(user)}
    for entry in recordings_shared_with(user):
        recordings.setdefault(entry.recording.video_id, (entry.recording, entry.windows))
    visible = visible_video_ids(user, recordings)
    if not visible:
        return []
    where = Q(pk__in=[])
    for video_id in visible:
        _, windows = recordings[video_id]
        part = Q(transcript__video_id=video_id)
        if windows is not None:
            part &= _overlapping(windows)
        where |= part
    cues = TranscriptSegment.objects.filter(where).select_related("transcript")
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        cues = (
            cues.annotate(rank=SearchRank(SearchVector("text", config="english"), search))
            .filter(rank__gt=0)
            .order_by("-rank", "start")
        )
    else:
        cues = cues.filter(text__icontains=query).order_by("start")
    return [
        TranscriptHit(recording=recordings[cue.transcript.video_id][0], start=cue.start, text=cue.text)
        for cue in cues[:limit]
    ]


def _overlapping(windows) -> Q:
    """Cues sharing some time with one of `windows` (as the clip's captions keep them)."""
    found = Q(pk__in=[])
    for start, end in windows:
        found |= Q(start__lt=end, end__gt=start)
    return found
