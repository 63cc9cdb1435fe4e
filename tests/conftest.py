"""Shared fixtures. `openai_server`: a real OpenAI-speaking HTTP server on 127.0.0.1.

    def test_something(openai_server, tmp_path):
        openai_server.queue(openai_server.rate_limit(0.5))      # then recordings answer
        client = OpenAIClient(base_url=openai_server.base_url, api_key="sk-test", ...)
        ...
        assert len(openai_server.chat_requests) == 2

See tests/openai_server.py for the step constructors and tests/recordings/README.md for
the recording format.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))  # `import openai_server` from any test file

from openai_server import RECORDINGS, OpenAIServer

# Property tests explore new examples on every local run; under CI they replay the same
# ones, so a rare example found there is a bug report to reproduce, not a flaky build.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    """A started server with tests/recordings/*.json loaded; stopped after the test."""
    server = OpenAIServer(RECORDINGS).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def closed_port_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens (connection refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def veldmark_article() -> str:
    """The invented article the recordings answer (tests/recordings/articles/veldmark.txt)."""
    return (RECORDINGS / "articles" / "veldmark.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_ambient_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's real key or endpoint."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
