"""The seed database served by uvicorn on 127.0.0.1 as `dyad serve` serves it (same protocol and limits)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dyad.serve.security import HeaderTimeoutProtocol, server_options
from tests.conftest import serving

HEAD_DEADLINE = 0.5  # seconds; short, so that the slow-client test needs no long wait


class QuickHeadDeadline(HeaderTimeoutProtocol):
    header_timeout = HEAD_DEADLINE


@pytest.fixture(scope="session")
def served(seed_db: Path) -> Iterator[str]:
    """Base URL of the seed database's server, on a free port of this machine only."""
    with serving(seed_db, **{**server_options(), "http": QuickHeadDeadline}) as url:
        yield url
