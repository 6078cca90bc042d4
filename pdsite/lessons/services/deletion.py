"""Deleting recordings completely, by their owner or at the end of their retention: the rows
in one transaction, then the files and search entries (a RecordingPurge row, retried until
nothing is left). See the package docstring."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pdsite.departments.models import Notification
from pdsite.videos.models import UploadSession, Video

from ..audiences import audience_members
from ..models import Recording, RecordingPurge
from .recordings import require_owner

logger = logging.getLogger(__name__)

RECORDING_PURGE_TASK = "pdsite.lessons.tasks.recording_purge_task"


# --- Deletion and retention --------------------------------------------------------------------


def _storage_names(video: Video) -> tuple[list[str], list[str]]:
    """(folders, files) holding everything stored for `video`: its source's upload folder and
    its output prefix (renditions, HLS segments and playlists, poster, sprite, thumbnails)."""
    prefixes = [video.output_prefix]
    files = []
    for name in (video.source.name, *UploadSession.objects.filter(video=video).values_list("storage_name", flat=True)):
        if not name:
            continue
        folder = name.rsplit("/", 1)[0] if "/" in name else ""
        # The source sits alone in its own upload folder (videos/sources/<uuid>/name).
        if folder.startswith("videos/sources/") and folder.count("/") >= 2:
            prefixes.append(folder)
        files.append(name)
    for name in (video.master_playlist, video.poster, video.sprite, video.thumbnails):
        if name and not name.startswith(f"{video.output_prefix}/"):
            files.append(name)
    return sorted(set(prefixes)), sorted(set(files))


@transaction.atomic
def recording_delete(*, recording: Recording, by) -> RecordingPurge:
    """Delete `recording` completely. `by` is its owner (None: the retention task).

    In one transaction: its comments and their replies, mentions and tags (pdsite.feedback),
    shares, views, transcripts and their cues, search moments, the upload rows, the
    notifications that link to it, the Recording and its Video. A RecordingPurge row records
    the storage folders and files; after commit a task deletes them and the search engine's
    entries (retried by the daily retention task until nothing is left). Returns the purge row.
    Raises RecordingRefused for anyone but the owner.
    """
    recording = Recording.objects.select_for_update().select_related("video").get(pk=recording.pk)
    if by is not None:
        require_owner(recording, by, "delete")
    _notifications_delete(recording)
    video = Video.objects.select_for_update().get(pk=recording.video_id)
    recording_id = recording.pk
    recording.delete()  # shares and views cascade; cycle steps let go (SET_NULL)
    purge = _video_delete(video)
    logger.info("recording %s (video %s) deleted by %s", recording_id, purge.video_id, getattr(by, "pk", "retention"))
    return purge


def _notifications_delete(recording: Recording) -> None:
    """The in-app notifications about `recording`: those linking to its page, and the share and
    @mention notifications (they carry its title, a comment's words) of the people it was shared
    with or mentioned in its comments, found by its title while there is no page to link to."""
    url = recording.get_absolute_url()
    # The people @mentioned in its comments (pdsite.feedback's Mention, through the video's
    # reverse relations: feedback imports lessons, never the other way).
    mentioned = Video.objects.filter(pk=recording.video_id, comments__mentions__isnull=False)
    people = set(mentioned.values_list("comments__mentions__user_id", flat=True))
    for share in recording.shares.all():
        people |= set(audience_members(share.audience_kind, share.audience_id).values_list("pk", flat=True))
    about = Q(user_id__in=people, subject__contains=f"“{recording.title}”")
    if recording.video.title != recording.title:
        about |= Q(user_id__in=people, subject__contains=f"“{recording.video.title}”")
    if url:
        about |= Q(url=url) | Q(url__startswith=f"{url}?") | Q(url__startswith=f"{url}#")
        about |= Q(url__startswith=url if url.endswith("/") else f"{url}/")
    Notification.objects.filter(about).delete()


def _video_delete(video: Video) -> RecordingPurge:
    """Delete a private video's rows and record its files for the purge (queued on commit)."""
    prefixes, files = _storage_names(video)
    purge = RecordingPurge.objects.create(video_id=video.pk, prefixes=prefixes, files=files)
    UploadSession.objects.filter(video=video).delete()
    # Cascades: renditions, transcripts and cues, search moments, viewing records, and
    # pdsite.feedback's comments with their replies, mentions and tag links.
    video.delete()
    purge_id = purge.pk
    transaction.on_commit(lambda: _enqueue_purge(purge_id))
    return purge


@transaction.atomic
def recording_orphans_delete() -> int:
    """Delete, completely, every private video that is no recording's (its recording went with
    its owner's account or its department, which cascade). Returns how many. A recording's
    video is made in the same transaction as the recording, so none is caught half-made."""
    count = 0
    for video in Video.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        private=True, recording__isnull=True
    ):
        _video_delete(video)
        count += 1
    return count


def _enqueue_purge(purge_id: int) -> None:
    from celery import current_app

    current_app.signature(RECORDING_PURGE_TASK, args=[purge_id]).apply_async()


def recording_purge(*, purge_id: int) -> bool:
    """Delete what `RecordingPurge` `purge_id` names from storage and the search engine. True
    when nothing is left (the row is marked purged; deleted once a day old, after the daily
    run found nothing again). Raises StorageUnavailable or the engine's error for a retry; the
    attempt is counted on the row. False when the row is gone."""
    from pdsite.videos.storage import storage_errors_as_unavailable

    purge = RecordingPurge.objects.filter(pk=purge_id).first()
    if purge is None:
        return False
    try:
        with storage_errors_as_unavailable():
            _purge_storage(purge)
        _purge_search(purge.video_id)
    except Exception as error:
        # Counted, then raised for the task to retry (StorageUnavailable, the engine's errors).
        RecordingPurge.objects.filter(pk=purge.pk).update(attempts=purge.attempts + 1, last_error=str(error)[:2000])
        raise
    now = timezone.now()
    if purge.purged_at is not None and purge.created_at < now - datetime.timedelta(days=1):
        purge.delete()
    else:
        RecordingPurge.objects.filter(pk=purge.pk).update(purged_at=now, last_error="")
    return True


def _purge_storage(purge: RecordingPurge) -> None:
    from django.core.files.storage import default_storage

    from pdsite.videos.storage import storage_delete_prefix

    for name in purge.files:
        default_storage.delete(name)
    for prefix in purge.prefixes:
        storage_delete_prefix(prefix)
        _remove_empty_folders(prefix)


def _remove_empty_folders(prefix: str) -> None:
    """On local disk, the folders the files were in (S3 has no folders)."""
    from pathlib import Path

    from django.core.files.storage import default_storage

    try:
        root = Path(default_storage.path(prefix))
    except NotImplementedError:
        return
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if not any(root.iterdir()):
        root.rmdir()
    # videos/<pk>/ once its hls/ folder is gone
    parent = root.parent
    if parent.name.isdigit() and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()


def _purge_search(video_id: int) -> None:
    """The engine's moments of the video (the database's went with the video's rows)."""
    from pdsite.search import engine

    config = engine.engine_config()
    if config is None:
        return
    es = engine.client(config)
    if not es.indices.exists(index=config.alias):
        return
    es.delete_by_query(index=config.alias, body={"query": {"term": {"video_id": video_id}}}, refresh=True,
                       conflicts="proceed")


def recordings_expire(*, today: datetime.date | None = None) -> int:
    """Delete every recording whose `delete_after` is before `today` (the retention rule), then
    retry every purge not yet finished. Returns how many recordings were deleted. A recording
    that fails to delete is logged and left for the next run."""
    today = today or timezone.localdate()
    deleted = 0
    for pk in Recording.objects.filter(delete_after__lt=today).values_list("pk", flat=True):
        recording = Recording.objects.filter(pk=pk).first()
        if recording is None:
            continue
        try:
            recording_delete(recording=recording, by=None)
        except Exception:
            logger.exception("recording %s: could not delete at the end of its retention", pk)
            continue
        deleted += 1
    recording_orphans_delete()
    recording_purges_retry()
    return deleted


def recording_purges_retry(*, ids: Iterable[int] | None = None) -> int:
    """Run every purge row again (a transcode running at deletion may have stored more; storage
    or the engine may have been down). Returns how many are still unfinished."""
    left = 0
    purges = RecordingPurge.objects.all() if ids is None else RecordingPurge.objects.filter(pk__in=list(ids))
    for purge_id in purges.values_list("pk", flat=True):
        try:
            recording_purge(purge_id=purge_id)
        except Exception:
            logger.warning("recording purge %s failed; it is retried tomorrow", purge_id, exc_info=True)
            left += 1
    return left
