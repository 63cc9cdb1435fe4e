"""Start-up work: what a run loads and computes before it does its job.

Speed itself is measured by benchmarks/bench_speed.py; these tests pin down the behaviour
that makes it fast (nothing loaded that the path taken does not use) and check that the
shortcuts give exactly what the long way gives.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from openai_server import OpenAIServer
from test_brief_e2e import ORVIN, TWO_CHUNKS, VELDMARK, Run, above_footer, brief, child_env
from test_brief_e2e import server as server  # the fixture
from test_cli import clean_env, run

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "harbour-strike.txt"


def imported(importtime: str, package: str) -> bool:
    """Whether `-X importtime` output (on stderr) shows `package` being imported."""
    return re.search(rf"\|\s*{re.escape(package)}(\.|\s*$)", importtime, re.M) is not None


def test_options_left_out_cost_no_coercion(tmp_path: Path) -> None:
    """Typer would build a pydantic TypeAdapter for each of `brief`'s options; a run that
    typer reads (here: a flag given twice) but that gives only strings and flags builds
    none, and loads neither the SDK nor tiktoken."""
    twice = ("--no-strict", "--no-strict")
    traced = run(tmp_path, "--mock", *twice, str(ARTICLE), env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert traced.returncode == 0, traced.stderr
    assert imported(traced.stderr, "typer")  # the trace is there ...
    assert not imported(traced.stderr, "typer._adapters")  # ... and shows no adapter
    assert not imported(traced.stderr, "openai")
    assert not imported(traced.stderr, "tiktoken")
    assert traced.stdout == run(tmp_path, "--mock", "-f", "markdown", str(ARTICLE)).stdout
    numbers = ("--max-items", "3", "--timeout", "2.5", "--concurrency", "16", *twice)
    plain = run(tmp_path, "--mock", *numbers, str(ARTICLE), env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert plain.returncode == 0, plain.stderr
    assert imported(plain.stderr, "typer") and not imported(plain.stderr, "pydantic")


def test_a_plain_command_line_runs_without_typer(tmp_path: Path) -> None:
    """Files and options each given once are read without loading typer, and give what
    typer's reading gives (typer reads the same line with a flag repeated)."""
    other = str(ROOT / "examples" / "grid-failure-inquiry.txt")
    for args in (
        ("--mock", str(ARTICLE)),
        ("--mock", "--format=json", "--max-items", "3", str(ARTICLE), "--strict"),
        ("--mock", "-f", "html", "-o", str(tmp_path / "pages") + "/", str(ARTICLE), other),
    ):
        fast = run(tmp_path, *args, env={"PYTHONPROFILEIMPORTTIME": "1"})
        assert fast.returncode == 0, fast.stderr
        assert not imported(fast.stderr, "typer")
        typed = run(tmp_path, *args, "--no-strict", "--no-strict")
        assert typed.returncode == 0, typed.stderr
        if "-o" not in args:
            assert fast.stdout == typed.stdout and fast.stdout
    assert len(list((tmp_path / "pages").glob("*.brief.html"))) == 2


def test_a_plain_command_line_fails_as_typer_would_have_it(tmp_path: Path) -> None:
    """Errors found after the command line is read: the same one line and exit code."""
    for args in (("--mock", "missing.txt"), ("--mock", "--concurrency", "0", str(ARTICLE))):
        fast = run(tmp_path, *args, env={"PYTHONPROFILEIMPORTTIME": "1"})
        assert not imported(fast.stderr, "typer")
        typed = run(tmp_path, *args, "--merge", "--merge")
        assert fast.returncode == typed.returncode == 2
        lines = [line for line in fast.stderr.splitlines() if not line.startswith("import time")]
        assert lines == typed.stderr.splitlines() and lines[0].startswith("brief: error: ")


OFFLINE_BLOCKED = (
    "import sys\n"
    "for name in ('openai', 'tiktoken', 'pydantic', 'pydantic_core', 'asyncio'):\n"
    "    sys.modules[name] = None  # importing any of them now raises ImportError\n"
    "sys.argv = ['brief', *sys.argv[1:]]\n"
    "from briefer.entry import brief_main\n"
    "brief_main()\n"
)


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_an_offline_brief_needs_no_pydantic_sdk_or_event_loop(tmp_path: Path, fmt: str) -> None:
    """The data model is plain dataclasses; pydantic checks only what comes from outside
    (a model's answer, JSON read back); the offline engine never waits, so it runs with no
    event loop. `--mock` runs where none of these can even be imported, and writes exactly
    what a normal run writes."""
    args = ("--mock", "-f", fmt, str(ARTICLE), str(ROOT / "examples" / "grid-failure-inquiry.txt"))
    normal = run(tmp_path, *args, "-o", str(tmp_path / "normal") + "/")
    assert normal.returncode == 0, normal.stderr
    blocked = subprocess.run(
        [sys.executable, "-c", OFFLINE_BLOCKED, *args, "-o", str(tmp_path / "blocked") + "/"],
        capture_output=True,
        text=True,
        env=clean_env(tmp_path),
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert blocked.returncode == 0, blocked.stderr
    written = sorted(p.name for p in (tmp_path / "normal").iterdir())
    assert len(written) >= 2
    assert written == sorted(p.name for p in (tmp_path / "blocked").iterdir())
    for name in written:
        assert (tmp_path / "blocked" / name).read_bytes() == (
            tmp_path / "normal" / name
        ).read_bytes()


def test_options_given_are_still_coerced_and_checked(tmp_path: Path) -> None:
    bad = run(tmp_path, "--mock", "--concurrency", "many", str(ARTICLE))
    assert bad.returncode == 2
    assert "Invalid value for '--concurrency'" in bad.stderr
    few = run(tmp_path, "--mock", "--max-items", "1", str(ARTICLE))
    assert few.returncode == 0, few.stderr
    claims = few.stdout.split("## Claims\n", 1)[1].split("\n## ", 1)[0]
    assert "1. " in claims and "\n2. " not in claims  # the int arrived as an int
    slow = run(tmp_path, "--mock", "--timeout", "soon", str(ARTICLE))
    assert slow.returncode == 2 and "Invalid value for '--timeout'" in slow.stderr


BLOCKED = (
    "import sys\n"
    "for name in ('openai', 'tiktoken', 'tiktoken_ext', 'pydantic', 'pydantic_core'):\n"
    "    sys.modules[name] = None  # `import openai` now raises ImportError\n"
    "sys.argv = ['brief', *sys.argv[1:]]\n"
    "from briefer.entry import brief_main\n"
    "brief_main()\n"
)


def brief_without_sdk(
    server: OpenAIServer, tmp: Path, *args: str, env: dict[str, str] | None = None
) -> Run:
    """`brief` in a child process where neither openai, tiktoken nor pydantic can be
    imported."""
    proc = subprocess.run(
        [sys.executable, "-c", BLOCKED, "--base-url", server.base_url, *args],
        capture_output=True,
        text=True,
        env=child_env(tmp, env),
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize("article", [VELDMARK, ORVIN])
def test_cached_rerun_works_where_the_sdk_and_tiktoken_cannot_load(
    server: OpenAIServer, tmp_path: Path, article: Path
) -> None:
    """The split, the answers and the JSON schemas of their cache keys are all kept (the
    schemas in the user's cache folder, where the first run left them): a re-run that the
    cache answers loads neither the SDK, the tokenizer nor pydantic."""
    args = (*(TWO_CHUNKS if article == ORVIN else ()), str(article))
    home = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    first = brief(server, tmp_path, *args, env=home)
    assert first.code == 0, first.err
    sent = len(server.requests)
    again = brief_without_sdk(server, tmp_path, *args, env=home)
    assert again.code == 0, again.err
    assert len(server.requests) == sent
    assert above_footer(again.out) == above_footer(first.out)


def test_a_changed_byte_or_setting_misses_the_cache(server: OpenAIServer, tmp_path: Path) -> None:
    first = brief(server, tmp_path, *TWO_CHUNKS, str(ORVIN))
    assert first.code == 0, first.err
    sent = len(server.requests)
    # One byte more, or another chunk size, and the run must ask the model again: without
    # the SDK it cannot, and says so in one line.
    changed = tmp_path / "changed.txt"
    changed.write_bytes(ORVIN.read_bytes().replace(b"reservoir", b"reservoirs", 1))
    other_size = ("--chunk-tokens", "300", "--overlap", "0")
    for args in ((*TWO_CHUNKS, str(changed)), (*other_size, str(ORVIN))):
        missed = brief_without_sdk(server, tmp_path, *args)
        assert missed.code == 2, missed.err
        assert missed.err.startswith("brief: error: the openai package cannot be imported")
        assert len(server.requests) == sent
        asked = brief(server, tmp_path, *args)  # with the SDK, it asks
        assert len(server.requests) > sent, asked.err
        sent = len(server.requests)


def test_requests_skip_the_sdk_chat_resources_and_keep_their_shape(
    server: OpenAIServer, tmp_path: Path
) -> None:
    """Requests go through the SDK client's own `post` (its auth, retries and stream
    reading) without importing its chat resources, and are what `create` would send: the
    key as a bearer token, the JSON body as briefer built it, streamed."""
    from test_brief_e2e import KEY

    traced = brief(server, tmp_path, str(VELDMARK), env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert traced.code == 0, traced.err
    assert imported(traced.err, "openai")  # the trace is there ...
    assert not imported(traced.err, "openai.resources.chat")  # ... without the resources
    (sent,) = server.chat_requests
    assert sent.method == "POST" and sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.headers["content-type"] == "application/json"
    body = sent.body
    assert list(body) == [
        "model",
        "messages",
        "temperature",
        "max_tokens",
        "seed",
        "response_format",
        "stream",
        "stream_options",
    ]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["response_format"]["json_schema"]["strict"] is True
