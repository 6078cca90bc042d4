"""Reads for xAPI: who a statement is about, the activity ids, the outbox backlog, and which
PD modules a teacher's viewing has completed."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, Q

from pdsite.courses.models import PDModulePage, PDVideoPage
from pdsite.progress.models import ViewingRecord

from . import statements
from .models import Outbox


def xapi_enabled() -> bool:
    """xAPI is on when an LRS endpoint is configured (PDSITE_XAPI_ENDPOINT)."""
    return bool(settings.PDSITE_XAPI_ENDPOINT)


def actor_for(user) -> dict | None:
    """The xAPI actor for `user` as configured (PDSITE_XAPI_ACTOR), or None when the user
    cannot be named that way (no email address; no account homepage configured)."""
    if settings.PDSITE_XAPI_ACTOR == "account":
        homepage = settings.PDSITE_XAPI_ACCOUNT_HOMEPAGE
        return statements.actor_account(homepage=homepage, name=user.get_username()) if homepage else None
    return statements.actor_mbox(email=user.email) if user.email else None


def activity_base() -> str:
    return settings.PDSITE_XAPI_ACTIVITY_BASE or settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def video_iri(video_id: int) -> str:
    return f"{activity_base()}/xapi/videos/{video_id}"


def module_iri(module_id: int) -> str:
    return f"{activity_base()}/xapi/modules/{module_id}"


def pathway_iri(pathway_id: int) -> str:
    return f"{activity_base()}/xapi/pathways/{pathway_id}"


def step_iri(pathway_id: int, step_id: int) -> str:
    return f"{pathway_iri(pathway_id)}/steps/{step_id}"


def work_group_iri(work_group_id: int) -> str:
    return f"{activity_base()}/xapi/work-groups/{work_group_id}"


def gap_task_iri(work_group_id: int, task_id: int) -> str:
    return f"{work_group_iri(work_group_id)}/tasks/{task_id}"


@dataclass(frozen=True)
class Backlog:
    pending: int
    failed: int
    oldest_pending_seconds: float


def outbox_backlog(*, now) -> Backlog:
    """Statements not yet sent (pending), refused by the LRS (failed), and the age of the
    oldest pending one. One query."""
    row = Outbox.objects.aggregate(
        pending=Count("id", filter=Q(status=Outbox.Status.PENDING)),
        failed=Count("id", filter=Q(status=Outbox.Status.FAILED)),
        oldest=Min("created_at", filter=Q(status=Outbox.Status.PENDING)),
    )
    oldest = (now - row["oldest"]).total_seconds() if row["oldest"] else 0.0
    return Backlog(pending=row["pending"], failed=row["failed"], oldest_pending_seconds=max(oldest, 0.0))


def _module_videos(module: PDModulePage) -> set[int]:
    return {
        block.value["clip"].specific.video_id
        for block in module.body
        if block.block_type == "clip" and block.value.get("clip") is not None
    }


def modules_completed_with(*, user, video_id: int) -> list[PDModulePage]:
    """Live modules showing a clip of `video_id` whose every clip `user` has completed
    (the rule pathways uses for a module step)."""
    from pdsite.courses.selectors import modules_for_clip

    modules = {m.pk: m for clip in PDVideoPage.objects.filter(video_id=video_id) for m in modules_for_clip(clip=clip)}
    done = []
    for module in modules.values():
        videos = _module_videos(module)
        completed = set(
            ViewingRecord.objects.filter(user=user, video_id__in=videos, completed_at__isnull=False).values_list(
                "video_id", flat=True
            )
        )
        if videos and videos <= completed:
            done.append(module)
    return done
