"""Interrupted and concurrent runs: Ctrl-C stops a batch promptly and loses nothing that
was paid for; two processes can share one cache."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_support import (
    BRIEF,
    article,
    briefing_server,
    cache_values,
    clean_env,
    integrity,
    run_brief,
    stderr_lines,
    validates,
    write_articles,
)


@pytest.fixture(autouse=True)
def ctrl_c_reaches_children() -> Iterator[None]:
    """The runs here stand for a run in a terminal, where Ctrl-C is not ignored.

    A non-interactive shell starts background jobs with SIGINT ignored (CI harnesses often
    do), children inherit that, and `brief` then keeps ignoring it as Unix programs do, so a
    test sending SIGINT would see a run go to its end. A handler here makes the children
    start with SIGINT at its default, whatever this process was started with.
    """
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _interrupt(proc: subprocess.Popen[str]) -> tuple[str, str, float]:
    """Send Ctrl-C; the run's stdout, stderr and how long it took to end."""
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    stdout, stderr = proc.communicate(timeout=30)
    return stdout, stderr, time.monotonic() - sent


def _cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (Linux), 0 once it has ended."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
        deadline = time.monotonic() + 60  # start-up on a loaded machine
        while len(server.chat_requests) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(server.chat_requests) >= 5, "the batch never got going"
        stdout, stderr, stopped = _interrupt(proc)
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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigint_stops_a_run_while_work_holds_the_event_loop(tmp_path: Path) -> None:
    # The offline engine reads a long file in one stretch of work on the event loop (tens of
    # seconds), which a cancellation cannot interrupt; Ctrl-C must still end the run within
    # about a second, not when that work is done.
    big = tmp_path / "long.txt"
    big.write_text("\n\n".join(article(i, 8) for i in range(1500)), encoding="utf-8")
    env = clean_env(tmp_path)
    proc = subprocess.Popen(
        [BRIEF, "--mock", str(big)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    # Past start-up and reading (about 0.5 s of CPU): the engine is at work. CPU time, not
    # wall time, so that a busy machine cannot make the signal land during start-up.
    deadline = time.monotonic() + 120
    while _cpu_seconds(proc.pid) < 1.5 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    stdout, stderr, stopped = _interrupt(proc)
    assert proc.returncode == 130, stderr
    assert stderr_lines(stderr) == ["brief: interrupted"]
    assert stdout == ""
    assert stopped < 3, f"took {stopped:.1f}s to stop"
    print(f"\nSIGINT while the loop was busy: stopped in {stopped:.2f}s", end="")


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
