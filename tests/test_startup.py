"""Start-up work: what a run loads and computes before it does its job.

Speed itself is measured by benchmarks/bench_speed.py; these tests pin down the behaviour
that makes it fast (nothing loaded that the path taken does not use) and check that the
shortcuts give exactly what the long way gives.
"""

from __future__ import annotations

import re
from pathlib import Path

from test_cli import run

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "harbour-strike.txt"


def imported(importtime: str, package: str) -> bool:
    """Whether `-X importtime` output (on stderr) shows `package` being imported."""
    return re.search(rf"\|\s*{re.escape(package)}(\.|\s*$)", importtime, re.M) is not None


def test_options_left_out_cost_no_coercion(tmp_path: Path) -> None:
    """Typer would build a pydantic TypeAdapter for each of `brief`'s options; a run that
    gives only strings and flags builds none, and loads neither the SDK nor tiktoken."""
    traced = run(tmp_path, "--mock", str(ARTICLE), env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert traced.returncode == 0, traced.stderr
    assert imported(traced.stderr, "typer")  # the trace is there ...
    assert not imported(traced.stderr, "typer._adapters")  # ... and shows no adapter
    assert not imported(traced.stderr, "openai")
    assert not imported(traced.stderr, "tiktoken")
    assert traced.stdout == run(tmp_path, "--mock", "-f", "markdown", str(ARTICLE)).stdout


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
