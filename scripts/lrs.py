"""Serve ralph's xAPI LRS (ralph-malph, requirements-dev.txt) with its filesystem backend, for
`make services` and the xAPI tests: `python scripts/lrs.py --host 127.0.0.1 --port 8100`.

Configured by ralph's own environment variables (RALPH_AUTH_FILE, RALPH_RUNSERVER_BACKEND=fs,
RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH). Not `ralph runserver`: that one watches the
working directory and reloads the server on every file change.

ralph 5.0's filesystem LRS writes each POST with the data backend's default operation, CREATE,
which refuses to write to its statements file once it exists, so every POST after the first
answers 500. Its own APPEND operation is what a statement log needs; this launcher makes it the
default before the app starts (the rest of ralph, including duplicate checks, is unchanged).
"""

import argparse

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    args = parser.parse_args()
    uvicorn.run("ralph.api:app", host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
