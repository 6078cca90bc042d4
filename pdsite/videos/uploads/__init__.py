"""Resumable uploads of large video files (the admin "Add video" page and its JSON API).

- `services`: start, resume, send, finish (the Video is created here), abort, clean.
- `backends`: the one place that chooses where bytes go, between the two implementations
  of `base.UploadBackend`: `s3.S3MultipartBackend` (straight to the bucket) and
  `local.LocalChunkBackend` (chunks to a staging file).
- `errors`: the UploadError family; `views` and `urls`: the endpoints (`videos:uploads:*`).

Imported by their own names; nothing is re-exported here. `UploadSession` stays in
`pdsite.videos.models`.
"""
