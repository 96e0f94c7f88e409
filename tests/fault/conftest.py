"""The seed database served by uvicorn on 127.0.0.1 as `dyad serve` serves it (same protocol and limits)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from dyad.serve.api import create_app
from dyad.serve.security import HeaderTimeoutProtocol, server_options

HEAD_DEADLINE = 0.5  # seconds; short, so that the slow-client test needs no long wait


class QuickHeadDeadline(HeaderTimeoutProtocol):
    header_timeout = HEAD_DEADLINE


@pytest.fixture(scope="session")
def served(seed_db: Path) -> Iterator[str]:
    """Base URL of the seed database's server, on a free port of this machine only."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = {**server_options(), "http": QuickHeadDeadline}
    config = uvicorn.Config(create_app(str(seed_db)), host="127.0.0.1", port=port, log_level="warning", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
