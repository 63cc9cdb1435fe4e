"""A canary API key never leaves the Authorization header: not into the cache (database,
-wal, -shm), recordings, memos, JSON, stdout/stderr or any error message, even when the
server echoes the key back."""

from __future__ import annotations

import json
import secrets
import subprocess
from pathlib import Path

import pytest
from openai_server import Reply, SeenRequest, Step, completion_body, error_body
from reliability_support import (
    BRIEF,
    BriefingServer,
    answer_for,
    article,
    article_in,
    briefing_server,
    clean_env,
    run_brief,
    stderr_lines,
    write_articles,
)

BRIEFER = str(Path(BRIEF).with_name("briefer"))


@pytest.fixture
def canary() -> str:
    return f"sk-canary-{secrets.token_hex(16)}"


def _sent_key(req: SeenRequest) -> str:
    return req.headers.get("authorization", "").removeprefix("Bearer ").strip()


def _everything(*folders: Path) -> list[tuple[Path, bytes]]:
    found = []
    for folder in folders:
        if folder.exists():
            found += [(p, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()]
    return found


def _assert_nowhere(canary: str, texts: list[str], *folders: Path) -> None:
    needle = canary.encode()
    short = canary[len("sk-canary-") :][:12].encode()  # a fragment would be a leak too
    for path, data in _everything(*folders):
        assert needle not in data and short not in data, path
    for text in texts:
        assert canary not in text and short.decode() not in text, text


def test_canary_key_stays_out_of_cache_recordings_and_output(tmp_path: Path, canary: str) -> None:
    write_articles(tmp_path / "in", 3)
    cache, rec, out = tmp_path / "cache", tmp_path / "rec", tmp_path / "out"
    env = clean_env(tmp_path, OPENAI_API_KEY=canary)
    texts = []
    with briefing_server() as server:
        common = ["--base-url", server.base_url, "--cache-dir", str(cache), "--verbose"]
        for args in (
            [str(tmp_path / "in"), "-o", str(out), "--record", str(rec)],
            [str(tmp_path / "in"), "-o", str(tmp_path / "json"), "-f", "json"],
            [str(tmp_path / "in" / "a000.txt"), "--refresh", "--record", str(rec)],
            [str(tmp_path / "in" / "a001.txt"), "-f", "json"],
            [str(tmp_path / "in" / "a001.txt"), "--dry-run"],
        ):
            result = run_brief([*args, *common], env)
            assert result.returncode == 0, result.stderr
            texts += [result.stdout, result.stderr]
        for tool in (["config"], ["cache", "list", "--cache-dir", str(cache)]):
            done = subprocess.run([BRIEFER, *tool], env=env, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            texts += [done.stdout, done.stderr]
        assert "api_key            set" in texts[-4]
        # The key was sent, as a bearer token only, and only in the header.
        assert server.chat_requests
        for req in server.chat_requests:
            assert _sent_key(req) == canary
            assert canary not in json.dumps(req.body)
    assert len(list(rec.glob("*.json"))) == 3
    assert (cache / "responses.sqlite3").exists()
    _assert_nowhere(canary, texts, cache, rec, out, tmp_path / "json")


def test_a_key_in_another_variable_is_never_swapped_for_openai_api_key(
    tmp_path: Path, canary: str
) -> None:
    """With --api-key-env naming an unset variable, a local endpoint gets no key at all, not
    the OpenAI key that happens to be in OPENAI_API_KEY."""
    write_articles(tmp_path / "in", 1)
    env = clean_env(tmp_path, OPENAI_API_KEY=canary)
    with briefing_server() as server:
        result = run_brief(
            [
                str(tmp_path / "in" / "a000.txt"),
                "--base-url",
                server.base_url,
                "--api-key-env",
                "BRIEFER_TEST_UNSET_KEY",
                "--no-cache",
            ],
            env,
        )
        assert result.returncode == 0, result.stderr
        sent = [_sent_key(req) for req in server.chat_requests]
    assert sent and canary not in sent
    _assert_nowhere(canary, [result.stdout, result.stderr])


def _echo_in_error(status: int) -> Step:
    def respond(req: SeenRequest) -> Reply:
        key = _sent_key(req)
        message = f"Request with key {key} failed; raw header was 'Bearer {key}'"
        return Reply(status, error_body(message, "server_error"))

    return Step(respond, 0.0, None, f"echo {status}")


def _echo_in_answer(valid: bool) -> Step:
    """A 200 whose content carries the key: valid (in the title) or invalid JSON."""

    def respond(req: SeenRequest) -> Reply:
        key = _sent_key(req)
        if valid:
            data = answer_for("Draft", article_in(req))
            data["title"] = f"Brief for {key}"
            data["gaps"] = [f"The key {key} was used."]
            content = json.dumps(data)
        else:
            content = f"I cannot answer; your key is {key} {{not json"
        return Reply(200, completion_body(content, prompt_tokens=10))

    return Step(respond, 0.0, None, "echo answer")


@pytest.mark.parametrize(
    ("steps", "code", "expected"),
    [
        ([BriefingServer.unauthorized(echo_key=True)], 1, "rejected the API key (401)"),
        ([_echo_in_error(500)], 1, "failed with HTTP 500"),
        ([_echo_in_error(400)], 1, "rejected the request"),
        ([_echo_in_answer(False), _echo_in_answer(False)], 1, "even after one repair"),
        ([_echo_in_answer(True)], 0, ""),
    ],
    ids=["401", "500", "400", "invalid-answer", "valid-answer"],
)
def test_a_server_echoing_the_key_cannot_make_us_leak_it(
    tmp_path: Path, canary: str, steps: list[Step], code: int, expected: str
) -> None:
    (tmp_path / "a.txt").write_text(article(5), encoding="utf-8")
    cache, rec = tmp_path / "cache", tmp_path / "rec"
    env = clean_env(tmp_path, OPENAI_API_KEY=canary)
    texts = []
    with briefing_server() as server:
        server.queue(*steps)
        # An error needs one run (--verbose: its traceback too); an answer, both formats
        # (the second from the cache).
        for fmt in ("markdown", "json") if code == 0 else ("markdown",):
            args = [str(tmp_path / "a.txt"), "--base-url", server.base_url, "-f", fmt]
            args += ["--cache-dir", str(cache), "--record", str(rec), "--max-retries", "0"]
            result = run_brief([*args, "--verbose", "-o", str(tmp_path / f"memo.{fmt}")], env)
            texts += [result.stdout, result.stderr]
            assert result.returncode == code
            if code:
                errors = [line for line in stderr_lines(result.stderr) if "brief: error:" in line]
                assert len(errors) == 1 and expected in errors[0], result.stderr
    memos = [tmp_path / "memo.markdown", tmp_path / "memo.json"]
    texts += [p.read_text(encoding="utf-8") for p in memos if p.exists()]
    if code == 0:
        assert len(texts) == 6 and all("redacted" in memo for memo in texts[-2:])
    _assert_nowhere(canary, texts, cache, rec)
