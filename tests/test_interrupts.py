"""Interrupted and concurrent runs: Ctrl-C stops a batch promptly and loses nothing that
was paid for; two processes can share one cache."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from reliability_support import (
    BRIEF,
    briefing_server,
    cache_values,
    clean_env,
    integrity,
    run_brief,
    stderr_lines,
    validates,
    write_articles,
)


def _whole(memo: Path) -> bool:
    text = memo.read_text(encoding="utf-8")
    return text.startswith("# ") and "quotes verified" in text.rstrip("\n").splitlines()[-1]


def test_sigint_stops_a_batch_promptly_and_a_rerun_makes_only_the_missing_calls(
    tmp_path: Path,
) -> None:
    write_articles(tmp_path / "in", 20)
    cache, out = tmp_path / "cache", tmp_path / "out"
    env = clean_env(tmp_path, OPENAI_API_KEY="sk-test-sigint")
    with briefing_server(delay=0.3) as server:
        args = [str(tmp_path / "in"), "-o", str(out), "--base-url", server.base_url]
        args += ["--cache-dir", str(cache), "--concurrency", "2"]
        proc = subprocess.Popen(
            [BRIEF, *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        deadline = time.monotonic() + 15
        while len(server.chat_requests) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(server.chat_requests) >= 5, "the batch never got going"
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        stdout, stderr = proc.communicate(timeout=10)
        stopped = time.monotonic() - sent
        asked_before = len(server.chat_requests)

        assert proc.returncode == 130, stderr
        assert stderr_lines(stderr) == ["brief: interrupted"]
        assert stdout == ""
        assert stopped < 3, f"took {stopped:.1f}s to stop"
        assert asked_before < 20  # it really was interrupted

        # What was finished is whole and cached; nothing half-written is left.
        assert integrity(cache) == "ok"
        entries = cache_values(cache)
        assert 1 <= len(entries) < 20
        assert all(validates(v["raw"]) == "Draft" for v in entries.values())
        memos = list(out.glob("*.brief.md"))
        assert len(memos) <= len(entries)
        assert all(_whole(m) for m in memos)
        assert not [p for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]

        # A re-run asks only for what was not answered.
        server.reset()
        result = run_brief([*args, "--concurrency", "8"], env)  # not part of the cache key
        assert result.returncode == 0, result.stderr
        assert len(server.chat_requests) == 20 - len(entries)
        assert f"{len(entries)} cache hits" in result.stderr
        assert len(cache_values(cache)) == 20
        assert len(list(out.glob("*.brief.md"))) == 20
        assert all(_whole(m) for m in out.glob("*.brief.md"))
    print(f"\nSIGINT after {asked_before} requests: stopped in {stopped:.2f}s", end="")
    print(f", {len(entries)} answers cached")


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "all", 20)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for p in paths[:14]:
        (first / p.name).write_bytes(p.read_bytes())
    for p in paths[6:]:  # 8 articles in common: both processes may write the same keys
        (second / p.name).write_bytes(p.read_bytes())
    cache = tmp_path / "cache"
    env = clean_env(tmp_path, OPENAI_API_KEY="sk-test-shared")
    with briefing_server(delay=0.02) as server:
        common = ["--base-url", server.base_url, "--cache-dir", str(cache)]
        procs = [
            subprocess.Popen(
                [BRIEF, str(folder), "-o", str(tmp_path / f"out-{folder.name}"), *common],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
            )
            for folder in (first, second)
        ]
        results = [p.communicate(timeout=30) for p in procs]
        for proc, (_, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0, err
        assert integrity(cache) == "ok"
        entries = cache_values(cache)
        assert len(entries) == 20
        assert all(validates(v["raw"]) == "Draft" for v in entries.values())

        server.reset()
        result = run_brief([str(tmp_path / "all"), "-o", str(tmp_path / "out-all"), *common], env)
        assert result.returncode == 0, result.stderr
        assert server.chat_requests == []  # every answer came from the shared cache
        assert "20 cache hits" in result.stderr
