"""Endpoint faults over a batch, transport failures through the CLI, a failing cache.

Truncated answers (`finish_reason: "length"`) are errors by design: they are never parsed,
repaired or retried (a bigger answer costs more, and a model that loops would loop again).
So "every brief is produced" means: the first run writes every memo but those, reports
each of those in one line naming the truncation, and a re-run makes only the missing calls
(the cache holds every other answer) and completes the batch.
"""

from __future__ import annotations

import socket
import struct
import time
from pathlib import Path

import pytest
from reliability_support import (
    DropFirstArrivals,
    briefing_server,
    cache_values,
    clean_env,
    fault_plan,
    integrity,
    run_brief,
    stderr_lines,
    validates,
    write_articles,
)

from briefer import config, run

MAX_RETRIES = 3


def _settings(base_url: str, cache: Path, tmp_path: Path) -> config.Settings:
    env = {"OPENAI_API_KEY": "sk-test-faults", "BRIEFER_CONFIG": str(tmp_path / "none.toml")}
    flags = {
        "base_url": base_url,
        "cache_dir": str(cache),
        "concurrency": 8,
        "max_retries": MAX_RETRIES,
        "chunk_tokens": 300,
        "overlap": 20,
    }
    return config.load(flags, env)


def test_batch_of_50_survives_429_500_invalid_json_and_truncation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = write_articles(tmp_path / "in", 50, long_every=10)  # 5 take map + reduce
    out, cache = tmp_path / "out", tmp_path / "cache"
    options = run.RunOptions(files=[str(tmp_path / "in")], output=out)
    with briefing_server(fault_plan(max_retries=MAX_RETRIES)) as server:
        # Some first tries are lost to a connection reset the server never sees; the
        # client's retries of them must still meet the plan's guarantees.
        server.drop = resets = DropFirstArrivals()
        started = time.monotonic()
        code = run.main(_settings(server.base_url, cache, tmp_path), options)
        first_run = time.monotonic() - started
        err = capsys.readouterr().err
        faults = server.faults()
        requests = len(server.chat_requests)
        firsts, repairs = server.logical_calls()

        # The plan really injected every fault, near the asked rates.
        assert set(faults) == {"ok", "rate_limit", "server_error", "invalid_json", "truncated"}
        assert len(resets.dropped) > 10, len(resets.dropped)
        assert 0.12 < faults["rate_limit"] / requests < 0.28, faults
        assert 0.05 < faults["server_error"] / requests < 0.16, faults
        # Retries stay bounded: at most 1 + max_retries HTTP requests per logical call.
        assert requests <= (firsts + repairs) * (1 + MAX_RETRIES)
        assert repairs == faults["invalid_json"]  # one repair per invalid answer, no more

        # Truncated answers fail their file (one line each, naming the cause); the rest
        # are written.
        truncated = faults["truncated"]
        failed = [line for line in stderr_lines(err) if "truncated at" in line]
        assert code == 1
        assert truncated >= 1 and len(failed) == truncated
        assert "Traceback" not in err
        memos = sorted(out.glob("*.brief.md"))
        assert len(memos) == 50 - truncated
        assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
        for memo in memos:
            text = memo.read_text(encoding="utf-8")
            assert text.startswith("# ") and "quotes verified" in text.splitlines()[-1]
            assert "Not found in source" not in text

        # The cache is sound and holds only validated answers.
        assert integrity(cache) == "ok"
        values = cache_values(cache)
        assert {validates(v["raw"]) for v in values.values()} == {
            "Draft",
            "Extraction",
            "Synthesis",
        }
        assert len(values) == firsts - truncated  # every answered call, once

        # A re-run makes only the missing calls (the truncated ones, and the reduce calls
        # that never ran because their map call failed) and completes the batch.
        answered = {d for d, _, f, _ in server.log if f is None}
        before_log = len(server.log)
        code = run.main(_settings(server.base_url, cache, tmp_path), options)
        err = capsys.readouterr().err
        new = server.log[before_log:]
        assert code == 0, err
        asked = {d for d, _, _, r in new if not r}
        added = len(cache_values(cache)) - len(values)
        assert truncated <= len(asked) == added <= 2 * truncated
        assert not asked & answered  # nothing answered before is paid for twice
        assert len(list(out.glob("*.brief.md"))) == len(articles)
        assert integrity(cache) == "ok"
    print(
        f"\nfaults over {requests} requests ({firsts} calls, {repairs} repairs): "
        f"{dict(faults)}; first run {first_run:.1f}s"
    )


def test_a_client_resetting_its_idle_connection_prints_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """httpx resets its idle keep-alive connections when a run ends; the loopback server
    must not print a traceback for that into the stderr that the batch test reads."""
    with briefing_server() as server:
        host, port = server.base_url.split("//")[1].split("/")[0].split(":")
        with socket.create_connection((host, int(port))) as conn:
            conn.sendall(f"GET /v1/models HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            reply = b""
            while b"\r\n\r\n" not in reply or not reply.endswith(b"}"):  # the whole answer
                reply += conn.recv(65536)
            assert reply.startswith(b"HTTP/1.1 200")
            # Close with a reset (linger 0) while the handler waits for the next request.
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        time.sleep(0.3)  # the handler thread meets the reset
    assert "Traceback" not in capsys.readouterr().err


def test_connection_refused_is_one_line_exit_1(tmp_path: Path, closed_port_url: str) -> None:
    (tmp_path / "a.txt").write_text("Mara Lindt said the port reopens.\n", encoding="utf-8")
    env = clean_env(tmp_path, OPENAI_API_KEY="sk-test-refused")
    result = run_brief(
        [str(tmp_path / "a.txt"), "--base-url", closed_port_url, "--max-retries", "0"], env
    )
    assert result.returncode == 1
    lines = stderr_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("brief: error: cannot reach http://127.0.0.1:")
    assert "connection refused" in lines[0]
    assert result.stdout == ""


def test_timeout_is_one_line_exit_1(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Mara Lindt said the port reopens.\n", encoding="utf-8")
    env = clean_env(tmp_path, OPENAI_API_KEY="sk-test-timeout")
    with briefing_server(delay=5.0) as server:
        started = time.monotonic()
        result = run_brief(
            [
                str(tmp_path / "a.txt"),
                "--base-url",
                server.base_url,
                "--timeout",
                "1.5",
                "--max-retries",
                "0",
            ],
            env,
        )
        finished = time.monotonic()
    assert result.returncode == 1
    lines = stderr_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0] == f"brief: error: no answer from {server.base_url} within 1.5s (see --timeout)"
    # The server answers 5 s after the request arrives: we did not wait for it. Measured from
    # the request's arrival, so a slow start-up (imports on a loaded machine) does not count.
    # (1.5 s, not less: under load a shorter timeout can end before the request is sent.)
    assert len(server.arrivals) == 1 and started < server.arrivals[0]
    assert finished - server.arrivals[0] < 4.0
    assert result.stdout == ""


def test_a_failed_cache_write_warns_once_and_keeps_the_answers(tmp_path: Path) -> None:
    """An answer that cost money is not thrown away because the cache cannot be written."""
    write_articles(tmp_path / "in", 3)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should go", encoding="utf-8")
    env = clean_env(tmp_path, OPENAI_API_KEY="sk-test-cachefail")
    with briefing_server() as server:
        result = run_brief(
            [
                str(tmp_path / "in"),
                "-o",
                str(tmp_path / "out"),
                "--base-url",
                server.base_url,
                "--cache-dir",
                str(blocker / "cache"),
            ],
            env,
        )
        assert len(server.chat_requests) == 3
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out").glob("*.brief.md"))) == 3
    warnings = [line for line in stderr_lines(result.stderr) if "cache" in line]
    assert len(warnings) == 2, result.stderr  # the warning, once; the summary's "0 cache hits"
    assert warnings[0].startswith("brief: warning: ")
    assert "cannot create the cache folder" in warnings[0]
    assert "Traceback" not in result.stderr
