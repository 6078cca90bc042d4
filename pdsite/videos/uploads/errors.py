"""What goes wrong with an upload, as exceptions whose message is fit to show the uploader.

Each carries the HTTP `status` the upload endpoints answer with (uploads/views.py).
"""


class UploadError(Exception):
    """The request cannot be honoured; the message is fit to show the uploader."""

    status = 400


class UploadConflict(UploadError):
    """The chunk does not start where the upload stands; `offset` says where it does."""

    status = 409

    def __init__(self, message: str, *, offset: int):
        super().__init__(message)
        self.offset = offset


class UploadNotFound(UploadError):
    status = 404


class UploadClosed(UploadError):
    status = 409


class UploadRefused(UploadError):
    """The file itself is not acceptable; its bytes have been removed."""

    status = 422
