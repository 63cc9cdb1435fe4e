"""briefer against a real model: llama.cpp's server with SmolLM2-135M-Instruct on 127.0.0.1.

Marked `live`: land.sh skips them, CI (.ci/run) runs them. The `brief` console script runs
in a subprocess against the server the session fixture started; what the model writes is
not checked for quality (a 135M model invents names), only what briefer does with it:
every quote it verifies is in the source, every answer is paid for once and cached, the
tokens briefer reports are the tokens the server counted, a looping answer is stopped
early (answers are streamed), and failures are one line.

Small on purpose (about 90 words, one item per memo section, so the schema allows short
answers only): the tests must stay within three minutes together on two free cores.

Two servers: a stock one, where SmolLM2 loops at once and briefer must stop it early, and
one with llama.cpp's DRY sampler (tests/llama_server.py), where it writes answers that end,
so a run can succeed and be cached. Either way a run may fail (the model is tiny): the
tests then check that it fails in one line, cheaply, and caches nothing.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from llama_server import MODEL_ALIAS, LlamaServer, missing
from test_cli import run

pytestmark = pytest.mark.live

HERE = Path(__file__).parent
FERRY = HERE / "live" / "ferry.txt"
N_CTX = 4096
MOST_TOKENS = 1500
"""What one one-chunk article may cost in completion tokens (repairs included)."""
SMALL = ("--max-items", "1", "--max-output-tokens", "750", "--max-retries", "0", "--timeout", "500")
"""One item per list keeps schema-mode answers short; object and prompt modes have no
grammar to bound them, so the output limit does (two calls at most: an answer and a
repair)."""


@pytest.fixture(scope="session")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One working folder for the one-chunk runs and their re-runs (a cache per mode)."""
    return tmp_path_factory.mktemp("live")


def _can_start() -> None:
    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"live tests cannot run in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def llama() -> Iterator[LlamaServer]:
    """The server most tests share: DRY sampling, so SmolLM2's answers can end."""
    _can_start()
    with LlamaServer(n_ctx=N_CTX, dry=True) as server:
        yield server


@pytest.fixture
def stock() -> Iterator[LlamaServer]:
    """llama.cpp as it starts by default: SmolLM2 loops."""
    _can_start()
    with LlamaServer(n_ctx=N_CTX) as server:
        yield server


def answers_cached(folder: Path) -> int:
    """Model answers in the response cache under `folder` (the server's context size is
    also kept there, and is no answer)."""
    found = 0
    for path in folder.glob("*.sqlite3"):
        with sqlite3.connect(path) as db:
            for (value,) in db.execute("SELECT value FROM responses"):
                found += "raw" in json.loads(value)
    return found


def brief(llama: LlamaServer, tmp: Path, *args: str) -> tuple[int, str, str, float, int]:
    """Run `brief` against the server: exit code, stdout, stderr, seconds, tokens generated
    by the server meanwhile (its own count, from /metrics)."""
    before = llama.tokens_predicted()
    start = time.monotonic()
    proc = run(
        tmp,
        *args,
        "--base-url",
        llama.base_url,
        "--model",
        MODEL_ALIAS,
        env={"BRIEFER_DATE": "2026-11-29"},
        timeout=900,
    )
    seconds = time.monotonic() - start
    return proc.returncode, proc.stdout, proc.stderr, seconds, llama.tokens_predicted() - before


def assert_one_line_error(code: int, err: str) -> None:
    """Exit 1, one line that says what failed and what to try, no traceback."""
    lines = [line for line in err.splitlines() if not line.startswith("brief: chunks of")]
    assert code == 1, err
    assert len(lines) == 1 and lines[0].startswith("brief: error: "), err
    assert re.search(r"\btry\b|--[a-z]", lines[0]), f"nothing to try in: {lines[0]}"
    assert "Traceback" not in err


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("“", '"').replace("”", '"')).strip().lower()


def assert_honest(memo: dict[str, object], source: str) -> None:
    """A quote marked verified is in the source; one that is not is marked so."""
    text = _squash(source)
    for key, field in (("claims", "quote"), ("developments", "evidence")):
        items = memo[key]
        assert isinstance(items, list)
        for item in items:
            words = _squash(item[field]).strip(" .\"'")
            if item["verified"]:
                assert words and words in text, f"verified but not in the source: {words!r}"
            elif words and words in text:
                pass  # the verifier may refuse a span too short to stand as a quote
            else:
                assert item["verified"] is False


@pytest.mark.parametrize("mode", ["schema", "object", "prompt"])
def test_one_chunk_in_every_json_mode(llama: LlamaServer, shared: Path, mode: str) -> None:
    """A one-chunk article costs at most 1,500 completion tokens, and ends with an honest
    memo or one line that names the cause."""
    record = shared / f"rec-{mode}"
    code, out, err, seconds, spent = brief(
        llama,
        shared,
        str(FERRY),
        "--json-mode",
        mode,
        "-f",
        "json",
        "--record",
        str(record),
        "--cache-dir",
        str(shared / f"cache-{mode}"),
        *SMALL,
    )
    # Wall time depends on the machine: benchmarks/live_local.py reports it.
    assert spent <= MOST_TOKENS, f"{mode}: {spent} completion tokens in {seconds:.0f} s"
    (shared / f"exit-{mode}").write_text(str(code))
    recordings = sorted(record.glob("*.json"))
    assert recordings, "every answer the server sent is recorded"
    answers = [json.loads(p.read_text())["response"] for p in recordings]
    assert all(a["model"] == MODEL_ALIAS and a["streamed"] for a in answers)
    counted = sum(a["usage"]["completion_tokens"] for a in answers)
    stopped = [a for a in answers if a["choices"][0]["finish_reason"] == "repetition"]
    # Every answer the server generated is recorded, with the tokens it reported; an
    # answer stopped for looping was counted here, a piece of the stream a token (the
    # server may have written a few more before it saw the connection close).
    assert counted <= spent <= counted + 16 * len(stopped), (counted, spent)
    if code != 0:
        assert_one_line_error(code, err)
        return
    memo = json.loads(out)
    usage = memo["usage"]
    assert usage["calls"] == len(answers) and usage["cache_hits"] == 0
    assert not stopped and usage["completion_tokens"] == spent  # the server's own count
    assert usage["prompt_tokens"] == sum(a["usage"]["prompt_tokens"] for a in answers)
    assert_honest(memo, FERRY.read_text())


@pytest.mark.parametrize("mode", ["schema", "object", "prompt"])
def test_a_second_run_sends_nothing(llama: LlamaServer, shared: Path, mode: str) -> None:
    """Re-runs the one-chunk test's command with its cache: a validated answer comes from
    the cache. A failed run cached no answer (so a re-run would ask again)."""
    exit_file = shared / f"exit-{mode}"
    if not exit_file.exists():
        pytest.skip(f"the {mode} run did not happen")
    cache = shared / f"cache-{mode}"
    if exit_file.read_text() != "0":
        assert answers_cached(cache) == 0
        return
    assert answers_cached(cache) >= 1
    code, out, err, _seconds, spent = brief(
        llama, shared, str(FERRY), "--json-mode", mode, "-f", "json", "--cache-dir", str(cache),
        *SMALL,
    )  # fmt: skip
    assert code == 0 and spent == 0, err
    again = json.loads(out)["usage"]
    assert again["calls"] == 0 and again["cache_hits"] >= 1


def test_two_chunks_map_and_reduce(llama: LlamaServer, tmp_path: Path) -> None:
    code, out, err, _seconds, spent = brief(
        llama,
        tmp_path,
        str(FERRY),
        "--chunk-tokens",
        "64",
        "--overlap",
        "0",
        "-f",
        "json",
        *SMALL,
    )
    if code != 0:
        assert_one_line_error(code, err)
        return
    memo = json.loads(out)
    assert memo["source"]["chunks"] >= 2
    assert memo["usage"]["calls"] >= memo["source"]["chunks"] + 1
    assert memo["usage"]["completion_tokens"] == spent
    assert_honest(memo, FERRY.read_text())


def test_the_chunk_size_follows_the_servers_context(llama: LlamaServer, tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    paragraph = FERRY.read_text().split("\n\n", 1)[1]
    article.write_text("Headline\n\n" + "\n\n".join([paragraph] * 20))
    code, out, err, _seconds, spent = brief(llama, tmp_path, str(article), "--dry-run")
    assert code == 0 and spent == 0, err
    assert f"to fit the server's context of {N_CTX:,} tokens" in err
    assert "chunks of 1,500 tokens" in out, out
    [row] = [line.split("|") for line in out.splitlines() if "long.txt" in line]
    assert int(row[4]) >= 2, out  # | file | words | tokens | chunks | ...


def test_a_chunk_larger_than_the_context_is_one_line_naming_chunk_tokens(
    llama: LlamaServer, tmp_path: Path
) -> None:
    article = tmp_path / "long.txt"
    paragraph = FERRY.read_text().split("\n\n", 1)[1]
    article.write_text("Headline\n\n" + "\n\n".join([paragraph] * 60))  # ~5,800 tokens
    code, _out, err, seconds, spent = brief(
        llama, tmp_path, str(article), "--chunk-tokens", "8000", *SMALL
    )
    assert_one_line_error(code, err)
    assert "--chunk-tokens" in err and "context" in err
    assert spent == 0 and seconds < 60


def test_a_looping_model_is_stopped_early(stock: LlamaServer, tmp_path: Path) -> None:
    """Stock llama.cpp: SmolLM2 loops inside the first string of its answer (the schema
    allows 600 characters there) and briefer hangs up on it after a few dozen tokens."""
    record = tmp_path / "rec"
    code, _out, err, seconds, spent = brief(
        stock, tmp_path, str(FERRY), "--record", str(record), *SMALL
    )
    assert spent <= 400, f"{spent} completion tokens in {seconds:.0f} s"
    if code == 0:
        return  # this time it did not loop (a newer llama.cpp, other weights)
    assert_one_line_error(code, err)
    assert "kept repeating itself" in err
    answers = [json.loads(p.read_text())["response"] for p in record.glob("*.json")]
    assert any(a["choices"][0]["finish_reason"] == "repetition" for a in answers)
    counted = sum(a["usage"]["completion_tokens"] for a in answers)
    assert counted <= spent <= counted + 16
