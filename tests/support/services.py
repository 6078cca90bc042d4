"""Whether the services a test needs are configured: a missing one skips locally and fails
under CI=true (where every service must be up)."""

import os

import pytest

IN_CI = os.environ.get("CI") == "true"


def require_service(variable: str, what: str) -> None:
    """Skip locally when a service is not configured; under CI=true that is a failure."""
    if os.environ.get(variable):
        return
    message = f"{what} is not configured ({variable} is unset); run `make services`."
    pytest.fail(message) if IN_CI else pytest.skip(message)
