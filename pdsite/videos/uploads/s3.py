"""S3 multipart uploads: the browser sends parts straight to the bucket.

pdsite starts the multipart upload, presigns part URLs, lists the parts already there (for
resuming) and completes or aborts it. No video bytes pass through pdsite, so the size of
each part is fixed by its URL: the part's exact length is signed in (Content-Length is a
signed header; S3 refuses a PUT of any other length), part numbers run 1..part_count, and
the parts add up to the session's size, which `upload_start` held to PDSITE_MAX_UPLOAD_BYTES. Used when the
default storage is S3 (AWS_STORAGE_BUCKET_NAME set); see `backends`.
"""

from __future__ import annotations

from datetime import datetime

from django.core.files.storage import default_storage
from django.db.models import QuerySet

from ..models import UploadSession
from ..pipeline.sniff import NOT_A_VIDEO, SNIFF_BYTES, looks_like_video
from ..storage import storage_errors_as_unavailable
from .base import SOURCE_PREFIX, CleanReport, UploadBackend
from .errors import UploadClosed, UploadError, UploadRefused

S3_MIN_PART_BYTES = 5 * 1024**2  # S3's floor for every part but the last
S3_MAX_PART_BYTES = 5 * 1024**3  # S3's ceiling for one part
S3_MAX_PARTS = 10_000
MAX_PARTS_PER_PRESIGN = 100
PART_URL_SECONDS = 3600


def part_length(session: UploadSession, number: int) -> int:
    """Bytes in part `number` (1-based): `part_size`, the last part what is left."""
    return min(session.part_size, session.size - (number - 1) * session.part_size)


def _s3():
    """(client, bucket) of the default storage."""
    return default_storage.connection.meta.client, default_storage.bucket_name


class S3MultipartBackend(UploadBackend):
    name = UploadSession.Backend.S3

    def part_size(self, size: int) -> int:
        part = max(super().part_size(size), S3_MIN_PART_BYTES, -(-size // S3_MAX_PARTS))
        return min(part, S3_MAX_PART_BYTES)

    def start(self, session: UploadSession) -> None:
        client, bucket = _s3()
        with storage_errors_as_unavailable():
            created = client.create_multipart_upload(Bucket=bucket, Key=session.storage_name)
        session.s3_upload_id = created["UploadId"]
        session.save(update_fields=["s3_upload_id", "updated_at"])

    def uploaded_parts(self, session: UploadSession) -> dict:
        return {"parts": [{"number": p["number"], "size": p["size"]} for p in self.list_parts(session)]}

    def list_parts(self, session: UploadSession) -> list[dict]:
        """The parts already in the bucket, [{"number", "size", "etag"}]."""
        client, bucket = _s3()
        parts: list[dict] = []
        marker = 0
        with storage_errors_as_unavailable():
            while True:
                try:
                    page = client.list_parts(
                        Bucket=bucket, Key=session.storage_name, UploadId=session.s3_upload_id, PartNumberMarker=marker
                    )
                except client.exceptions.NoSuchUpload:
                    raise UploadClosed("This upload is no longer open on S3 (it expired); start it again.")
                parts += [
                    {"number": p["PartNumber"], "size": p["Size"], "etag": p["ETag"]} for p in page.get("Parts", [])
                ]
                if not page.get("IsTruncated"):
                    return parts
                marker = page["NextPartNumberMarker"]

    def presign_parts(self, session: UploadSession, part_numbers: list) -> dict[int, str]:
        """Presigned PUT URLs for the given part numbers (1..part_count, at most 100 at once),
        each valid only for a body of exactly that part's length (`part_length`)."""
        if not isinstance(part_numbers, list) or not part_numbers:
            raise UploadError("Ask for at least one part number.")
        if len(part_numbers) > MAX_PARTS_PER_PRESIGN:
            raise UploadError(f"Ask for at most {MAX_PARTS_PER_PRESIGN} parts at a time.")
        count = session.part_count
        for number in part_numbers:
            if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= count:
                raise UploadError(f"Part number {number!r} is not valid; this upload has parts 1 to {count}.")
        client, bucket = _s3()
        urls = {}
        with storage_errors_as_unavailable():
            for number in part_numbers:
                # Host and Content-Length are signed: a browser sends the length of the body
                # by itself (no checksum or other header it would have to repeat), and
                # any other length is refused by S3, so no part can grow past its share.
                urls[number] = client.generate_presigned_url(
                    "upload_part",
                    Params={
                        "Bucket": bucket,
                        "Key": session.storage_name,
                        "UploadId": session.s3_upload_id,
                        "PartNumber": number,
                        "ContentLength": part_length(session, number),
                    },
                    ExpiresIn=PART_URL_SECONDS,
                )
        return urls

    def finish(self, session: UploadSession) -> None:
        client, bucket = _s3()
        try:
            parts = self.list_parts(session)
        except UploadClosed as error:
            parts, closed = [], error
        else:
            closed = None
        # Completed on S3 but not recorded here (the database step failed last time): carry on.
        already_complete = not parts and self._object_size(session) == session.size
        if not already_complete:
            if closed:
                raise closed
            self._complete_parts(session, parts)
        with storage_errors_as_unavailable():
            head = client.get_object(Bucket=bucket, Key=session.storage_name, Range=f"bytes=0-{SNIFF_BYTES - 1}")[
                "Body"
            ].read()
        if not looks_like_video(head):
            with storage_errors_as_unavailable():
                client.delete_object(Bucket=bucket, Key=session.storage_name)
            raise UploadRefused(NOT_A_VIDEO.format(name=session.filename))

    def _object_size(self, session: UploadSession) -> int | None:
        client, bucket = _s3()
        with storage_errors_as_unavailable():
            try:
                return client.head_object(Bucket=bucket, Key=session.storage_name)["ContentLength"]
            except client.exceptions.ClientError:
                return None

    def _complete_parts(self, session: UploadSession, parts: list[dict]) -> None:
        client, bucket = _s3()
        numbers = [p["number"] for p in parts]
        if numbers != list(range(1, session.part_count + 1)):
            missing = sorted(set(range(1, session.part_count + 1)) - set(numbers))
            raise UploadError(f"Parts {missing[:10]} have not arrived yet; send them, then finish.")
        wrong = [p["number"] for p in parts if p["size"] != part_length(session, p["number"])]
        if wrong:
            raise UploadError(f"Parts {wrong[:10]} do not have the size this upload expects; send them again.")
        received = sum(p["size"] for p in parts)
        if received != session.size:
            raise UploadError(f"The parts hold {received} bytes but the file is {session.size}; send them again.")
        with storage_errors_as_unavailable():
            client.complete_multipart_upload(
                Bucket=bucket,
                Key=session.storage_name,
                UploadId=session.s3_upload_id,
                MultipartUpload={"Parts": [{"PartNumber": p["number"], "ETag": p["etag"]} for p in parts]},
            )

    def abort(self, session: UploadSession) -> None:
        client, bucket = _s3()
        with storage_errors_as_unavailable():
            try:
                client.abort_multipart_upload(Bucket=bucket, Key=session.storage_name, UploadId=session.s3_upload_id)
            except client.exceptions.NoSuchUpload:
                pass

    def clean(self, *, active: QuerySet, cutoff: datetime, report: CleanReport) -> None:
        """Abort multipart uploads under the sources prefix whose key no active session owns."""
        # Keys, not upload ids or ages: a session's row (with its key) is saved before its
        # multipart upload starts, and some S3 servers report no real "Initiated" time.
        known = set(active.values_list("storage_name", flat=True))
        client, bucket = _s3()
        with storage_errors_as_unavailable():
            paginator = client.get_paginator("list_multipart_uploads")
            for page in paginator.paginate(Bucket=bucket, Prefix=f"{SOURCE_PREFIX}/"):
                for stale in page.get("Uploads", []):
                    if stale["Key"] in known:
                        continue
                    client.abort_multipart_upload(Bucket=bucket, Key=stale["Key"], UploadId=stale["UploadId"])
                    report.orphan_s3_uploads += 1
