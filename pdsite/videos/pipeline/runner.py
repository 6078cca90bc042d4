"""Running ffmpeg: to completion, or with progress reports; failures as TranscodeError.

``run_ffmpeg`` runs a command built by ``commands`` and waits; ``run_ffmpeg_with_progress``
runs one that writes ``-progress pipe:1`` and calls back with the seconds encoded so far.
Either raises ``TranscodeError`` on a non-zero exit or a timeout, its message ending with
the last lines of ffmpeg's stderr. No Django here.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections.abc import Callable

__all__ = ["STDERR_TAIL_LINES", "TranscodeError", "run_ffmpeg", "run_ffmpeg_with_progress", "stderr_tail"]

STDERR_TAIL_LINES = 15


class TranscodeError(Exception):
    """ffmpeg failed or did not produce what it should have.

    The message says what was being made and ends with the last lines of
    ffmpeg's stderr, which is usually enough to see why. ``stderr`` holds the
    whole of it and ``returncode`` the exit code (None if ffmpeg never
    finished, e.g. on timeout).
    """

    def __init__(self, message: str, *, stderr: str = "", returncode: int | None = None) -> None:
        tail = stderr_tail(stderr)
        super().__init__(f"{message}\n{tail}" if tail else message)
        self.stderr = stderr
        self.returncode = returncode


def stderr_tail(stderr: str, lines: int = STDERR_TAIL_LINES) -> str:
    """The last ``lines`` non-blank lines of ffmpeg's stderr."""
    kept = [line for line in stderr.splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def run_ffmpeg(command: list[str], *, what: str, timeout: float | None) -> None:
    """Run ffmpeg; raise TranscodeError with its stderr if it fails or times out."""
    try:
        completed = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # -loglevel error: all we need is on stderr
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        # subprocess kills ffmpeg before raising; its stderr may come as bytes.
        stderr = error.stderr
        if isinstance(stderr, bytes):
            stderr = stderr.decode(errors="replace")
        message = f"{what} took longer than {timeout}s and was stopped."
        raise TranscodeError(message, stderr=stderr or "") from None
    if completed.returncode != 0:
        raise TranscodeError(
            f"{what} failed (ffmpeg exit code {completed.returncode}).",
            stderr=completed.stderr,
            returncode=completed.returncode,
        )


def run_ffmpeg_with_progress(
    command: list[str], *, what: str, timeout: float | None, on_progress: Callable[[float], None]
) -> None:
    """Run ffmpeg with ``-progress pipe:1``, calling ``on_progress(seconds)`` per report.

    An exception raised by ``on_progress`` kills ffmpeg and propagates.
    """
    with tempfile.TemporaryFile(mode="w+", errors="replace") as stderr:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr, text=True, errors="replace"
        )
        timed_out = threading.Event()

        def stop_for_timeout() -> None:
            timed_out.set()
            process.kill()

        timer = threading.Timer(timeout, stop_for_timeout) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        seconds = 0.0
        try:
            assert process.stdout is not None
            for line in process.stdout:
                key, _, value = line.strip().partition("=")
                if key == "out_time_us" and value.lstrip("-").isdigit():
                    seconds = max(seconds, int(value) / 1_000_000)
                elif key == "progress":
                    on_progress(seconds)
            returncode = process.wait()
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            if timer:
                timer.cancel()
        stderr.seek(0)
        errors = stderr.read()
    if timed_out.is_set():
        raise TranscodeError(f"{what} took longer than {timeout:g}s and was stopped.", stderr=errors)
    if returncode != 0:
        raise TranscodeError(f"{what} failed (ffmpeg exit code {returncode}).", stderr=errors, returncode=returncode)
