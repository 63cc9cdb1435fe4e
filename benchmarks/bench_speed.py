"""Speed of `brief` against its targets, each measured from the SDK floor of the same run.

    python benchmarks/bench_speed.py [--runs 5] [--quick] [--json] [--keep]

A script that prints figures, not a test. Every figure is the median wall time of whole
`brief` processes (the one installed next to this Python), as a user runs them, against a
loopback OpenAI-compatible server (benchmarks/loopback.py) that answers each call after a
fixed latency.

The floor is what no uncached run can go under: a process that only imports the openai SDK
and builds its client (`python -c "import openai; openai.AsyncOpenAI(api_key='x')"`). It is
measured in the same run, one floor process before each measured process, and each row's
target uses the median of the floor processes run beside it, so a busy machine slows both.

| figure | target |
| --- | --- |
| uncached, one-chunk article (1,319 words), 1 s per call | <= 1 x latency + floor + 0.3 s |
| uncached, 20,000-word document, 1 s per call | <= 2 x latency + floor + 0.3 s |
| 100 files, --concurrency 16, 0.5 s per call | <= 1.2 x ideal + floor |
| fully cached re-run of the 20,000-word document | <= 0.5 s, openai not imported |
| `brief --mock` on the 1,319-word article, cold | <= 0.4 s |

The ideal of a batch is its calls x latency / concurrency. The 20,000-word document is built
at run time from ../shared/corpus (never copied into the repository), or from examples/ when
the corpus is absent. Every uncached run gets a fresh response cache. Before measuring, one
unmeasured run of each kind leaves bytecode and tiktoken's ranks file in place, as any
earlier use of briefer would; "cold" means a new process, not an empty disk cache.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from loopback import Call, LoopbackServer, round_trips  # noqa: E402

from briefer.chunking import count_tokens  # noqa: E402
from briefer.source import count_words  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
ARTICLE = REPO / "examples" / "water-rights-hearing.txt"
LONG_WORDS = 20_000
LATENCY = 1.0
SLACK = 0.3
BATCH_FILES = 100
BATCH_CONCURRENCY = 16
BATCH_LATENCY = 0.5
BATCH_RATIO = 1.2
CACHED_LIMIT = 0.5
MOCK_LIMIT = 0.4
RUN_TIMEOUT = 180.0
FLOOR_CODE = "import openai; openai.AsyncOpenAI(api_key='x')"


# -- running things ----------------------------------------------------------------------
@dataclass
class Ran:
    code: int
    wall: float
    stdout: str
    stderr: str
    began: float = 0.0
    """time.monotonic() at spawn, comparable with the server's call times."""


def run(cmd: Sequence[str], env: dict[str, str], timeout: float = RUN_TIMEOUT) -> Ran:
    began = time.monotonic()
    try:
        done = subprocess.run(
            list(cmd), env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        return Ran(-1, time.monotonic() - began, out, f"timed out after {timeout:g} s", began)
    return Ran(done.returncode, time.monotonic() - began, done.stdout, done.stderr, began)


def clean_env(work: Path, **extra: str) -> dict[str, str]:
    """The caller's environment without settings that would change a run, plus `extra`."""
    # PYTHONDONTWRITEBYTECODE goes too: with it, an editable briefer is compiled from source
    # on every start, which no installed copy pays.
    drop = ("BRIEFER_", "OPENAI_", "PYTHONPROFILE", "PYTHONDONTWRITE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env["BRIEFER_CONFIG"] = str(work / "no-config.toml")
    env.update(extra)
    return env


def imported(importtime: str, package: str) -> bool:
    return re.search(rf"\|\s*{re.escape(package)}(\.|\s*$)", importtime, re.MULTILINE) is not None


def import_offenders(stderr: str, top: int = 6) -> list[tuple[str, float]]:
    """`-X importtime` output summed per top-level package (self time, ms), largest first."""
    totals: dict[str, float] = {}
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if m:
            root = m.group(2).split(".")[0]
            totals[root] = totals.get(root, 0.0) + int(m.group(1)) / 1000
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    return [("all imports", sum(totals.values())), *ranked[:top]]


def offenders_line(stderr: str) -> str:
    return "import self time: " + ", ".join(
        f"{name} {ms:.0f} ms" for name, ms in import_offenders(stderr)
    )


# -- rows --------------------------------------------------------------------------------
@dataclass
class Row:
    figure: str
    limit: str
    """The target, as a formula."""
    walls: list[float] = field(default_factory=list)
    floors: list[float] = field(default_factory=list)
    target: float = float("nan")
    calls: int = 0
    rounds: int = 0
    lead: float | None = None
    """Median seconds from spawn to the first call's arrival."""
    tail: float | None = None
    """Median seconds from the last answer to the process's exit."""
    notes: list[str] = field(default_factory=list)
    error: str = ""
    ok_extra: bool = True
    """A condition beside the time (round trips, no SDK import)."""

    @property
    def median(self) -> float:
        return statistics.median(self.walls) if self.walls else float("nan")

    @property
    def floor(self) -> float:
        return statistics.median(self.floors) if self.floors else float("nan")

    @property
    def ratio(self) -> float:
        return self.median / self.target if self.target else float("nan")

    @property
    def passed(self) -> bool:
        return not self.error and self.ok_extra and self.median <= self.target


class Bench:
    def __init__(self, work: Path, server: LoopbackServer, runs: int) -> None:
        self.work = work
        self.server = server
        self.runs = runs
        self.brief = str(Path(sys.executable).parent / "brief")
        self.env = clean_env(work, OPENAI_API_KEY="sk-bench")
        self.count = 0

    def fresh(self, name: str) -> Path:
        self.count += 1
        return self.work / f"{name}-{self.count}"

    def floor(self) -> float:
        ran = run([sys.executable, "-c", FLOOR_CODE], self.env)
        if ran.code != 0:
            raise SystemExit(f"the floor process failed: {ran.stderr.strip()[-300:]}")
        return ran.wall

    def measure(
        self, row: Row, once: Callable[[], tuple[Ran, list[Call]]], runs: int | None = None
    ) -> list[tuple[Ran, list[Call]]]:
        """`runs` measured runs, each after a floor process; the results of each."""
        out = []
        for _ in range(runs or self.runs):
            row.floors.append(self.floor())
            ran, calls = once()
            if ran.code != 0:
                row.error = (ran.stderr.strip().splitlines() or [f"exit {ran.code}"])[-1]
                break
            row.walls.append(ran.wall)
            out.append((ran, calls))
        leads = [min(c.start for c in cs) - r.began for r, cs in out if cs]
        tails = [r.began + r.wall - max(c.end for c in cs) for r, cs in out if cs]
        row.lead = statistics.median(leads) if leads else None
        row.tail = statistics.median(tails) if tails else None
        return out

    def brief_run(self, *args: str, latency: float = LATENCY) -> tuple[Ran, list[Call]]:
        self.server.latency = latency
        self.server.take_calls()
        ran = run([self.brief, *args, "--base-url", self.server.base_url], self.env)
        return ran, self.server.take_calls()

    # -- the five figures ----------------------------------------------------------------
    def uncached(self, doc: Path, figure: str, rounds: int) -> Row:
        row = Row(figure, f"{rounds} x latency + floor + {SLACK} s")
        done = self.measure(
            row, lambda: self.brief_run(str(doc), "--cache-dir", str(self.fresh("cache")))
        )
        row.target = rounds * LATENCY + row.floor + SLACK
        if done:
            _, calls = done[-1]
            row.calls, row.rounds = len(calls), round_trips(calls)
            row.ok_extra = all(round_trips(cs) == rounds for _, cs in done)
            row.notes.append(f"{row.calls} calls in {row.rounds} round trips")
        return row

    def batch(self, sources: list[Path], runs: int) -> Row:
        folder = self.work / "batch-in"
        folder.mkdir()
        for i in range(BATCH_FILES):
            src = sources[i % len(sources)]
            # A distinct first line per copy, so no two files make the same request.
            body = f"Batch copy {i + 1}.\n\n{src.read_text(encoding='utf-8')}"
            (folder / f"{i + 1:03d}-{src.name}").write_text(body, encoding="utf-8")
        row = Row(
            f"{BATCH_FILES} files, --concurrency {BATCH_CONCURRENCY}, {BATCH_LATENCY:g} s per call",
            f"{BATCH_RATIO} x ideal + floor",
        )

        def once() -> tuple[Ran, list[Call]]:
            out = self.fresh("batch-out")
            ran, calls = self.brief_run(
                str(folder),
                "-o",
                str(out),
                "--concurrency",
                str(BATCH_CONCURRENCY),
                "--cache-dir",
                str(self.fresh("cache")),
                latency=BATCH_LATENCY,
            )
            written = len(list(out.glob("*.brief.md"))) if out.is_dir() else 0
            if ran.code == 0 and written != BATCH_FILES:
                ran.code, ran.stderr = 1, f"{written} of {BATCH_FILES} memos written"
            return ran, calls

        done = self.measure(row, once, runs)
        if done:
            _, calls = done[-1]
            row.calls, row.rounds = len(calls), round_trips(calls)
            ideal = row.calls * BATCH_LATENCY / BATCH_CONCURRENCY
            row.target = BATCH_RATIO * ideal + row.floor
            row.notes.append(
                f"{row.calls} calls; ideal {ideal:.2f} s; median {row.median / ideal:.2f} x ideal"
            )
        return row

    def cached(self, doc: Path) -> Row:
        row = Row(
            "fully cached re-run of the 20,000-word document", f"{CACHED_LIMIT} s, no SDK import"
        )
        cache = self.fresh("cache")
        first, _ = self.brief_run(str(doc), "--cache-dir", str(cache))
        if first.code != 0:
            row.error = f"first run failed: {first.stderr.strip()[-200:]}"
            return row
        self.measure(row, lambda: self.brief_run(str(doc), "--cache-dir", str(cache)))
        row.target = CACHED_LIMIT
        traced, calls = self.traced(str(doc), "--cache-dir", str(cache))
        row.calls = len(calls)
        sdk, tok = imported(traced.stderr, "openai"), imported(traced.stderr, "tiktoken")
        row.ok_extra = row.calls == 0 and not sdk and traced.code == 0
        row.notes.append(
            f"{row.calls} calls; openai {'imported' if sdk else 'not imported'}; "
            f"tiktoken {'imported' if tok else 'not imported'}"
        )
        if row.median > row.target:
            row.notes.append(offenders_line(traced.stderr))
        return row

    def mock(self, doc: Path) -> Row:
        row = Row(f"`brief --mock` on {doc.name}, cold", f"{MOCK_LIMIT} s")

        def once() -> tuple[Ran, list[Call]]:
            return run([self.brief, "--mock", str(doc)], self.env), []

        self.measure(row, once)
        row.target = MOCK_LIMIT
        if row.median > row.target:
            traced = run(
                [self.brief, "--mock", str(doc)], {**self.env, "PYTHONPROFILEIMPORTTIME": "1"}
            )
            row.notes.append(offenders_line(traced.stderr))
        return row

    def traced(self, *args: str) -> tuple[Ran, list[Call]]:
        """One run with `-X importtime` on stderr."""
        self.server.take_calls()
        env = {**self.env, "PYTHONPROFILEIMPORTTIME": "1"}
        ran = run([self.brief, *args, "--base-url", self.server.base_url], env)
        return ran, self.server.take_calls()


# -- inputs ------------------------------------------------------------------------------
def long_document(dest: Path, corpus: Path) -> tuple[Path, str]:
    """About LONG_WORDS words: the corpus's articles in name order, again from the start as
    needed, the last one cut at a paragraph so the total stays near the target."""
    files = sorted(corpus.rglob("*.txt")) if corpus.is_dir() else []
    origin = f"{corpus} ({len(files)} articles)"
    if not files:
        files, origin = sorted((REPO / "examples").glob("*.txt")), "examples/"
    articles = [p.read_text(encoding="utf-8").strip() for p in files]
    parts: list[str] = []
    words = 0
    i = 0
    while words < LONG_WORDS:
        for paragraph in articles[i % len(articles)].split("\n\n"):
            if words >= LONG_WORDS:
                break
            parts.append(paragraph)
            words += count_words(paragraph)
        i += 1
    dest.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return dest, origin


def warm(bench: Bench, docs: list[Path]) -> None:
    """One unmeasured run of each kind: bytecode, tiktoken's ranks file, the page cache."""
    bench.floor()
    run([bench.brief, "--mock", str(ARTICLE)], bench.env)
    for doc in docs:
        bench.brief_run(str(doc), "--no-cache", latency=0.0)
    bench.server.take_calls()


# -- output ------------------------------------------------------------------------------
def markdown(report: dict[str, Any], rows: list[Row]) -> str:
    f = report["facts"]
    out = [
        f"Command: `{f['command']}`",
        "",
        f"{f['date']} · {f['cores']} cores · load average {f['load_before']} before, "
        f"{f['load_after']} after (1/5/15 min) · Python {f['python']} · {f['platform']} · "
        f"briefer {f['briefer']} · openai {f['openai']} · {report['runs']} runs per figure "
        f"(median), each after a floor process · long document: {f['long_words']:,} words, "
        f"{f['long_tokens']:,} tokens, from {f['long_origin']}",
        "",
        "| figure | median s | floor s | target | target s | ratio | before 1st call s "
        "| after last answer s | result |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        if r.error and not r.walls:
            out.append(f"| {r.figure} | — | — | {r.limit} | — | — | — | — | **ERROR** |")
            continue
        cells = [
            r.figure,
            f"{r.median:.2f}",
            f"{r.floor:.2f}",
            r.limit,
            f"{r.target:.2f}",
            f"{r.ratio:.2f}",
            "—" if r.lead is None else f"{r.lead:.2f}",
            "—" if r.tail is None else f"{r.tail:.2f}",
            "PASS" if r.passed else "**FAIL**",
        ]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    floors = [x for r in rows for x in r.floors]
    if floors:
        out.append(
            f'Floor (`python -c "{FLOOR_CODE}"`): median {statistics.median(floors):.2f} s '
            f"of {len(floors)} processes, {min(floors):.2f} to {max(floors):.2f} s."
        )
    for r in rows:
        details = [*r.notes, *([f"error: {r.error}"] if r.error else [])]
        if details:
            runs = ", ".join(f"{w:.2f}" for w in r.walls)
            out.append(f"- {r.figure}: {'; '.join(details)}; runs {runs} s.")
    out += [f"\n{n}" for n in report.get("notes", [])]
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure [5]")
    parser.add_argument(
        "--quick", action="store_true", help="3 runs per figure and 1 of the batch (a preview)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="articles for the long doc")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs

    def log(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    if not (Path(sys.executable).parent / "brief").exists():
        log(f"no `brief` next to {sys.executable}: install briefer into this Python first")
        return 2
    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    long_doc, origin = long_document(work / "long-20000-words.txt", args.corpus)
    long_text = long_doc.read_text(encoding="utf-8")
    facts: dict[str, Any] = {
        "command": shlex.join(["python", *sys.argv]),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "briefer": importlib.metadata.version("briefer-intel"),
        "openai": importlib.metadata.version("openai"),
        "load_before": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
        "long_words": count_words(long_text),
        "long_tokens": count_tokens(long_text),
        "long_origin": origin,
    }
    report: dict[str, Any] = {"facts": facts, "runs": runs, "notes": []}
    if runs < 5:
        report["notes"].append(f"Preview: {runs} runs per figure; the targets ask for 5.")
    rows: list[Row] = []
    try:
        with LoopbackServer(LATENCY, count_tokens) as server:
            bench = Bench(work, server, runs)
            log("warming up ...")
            warm(bench, [ARTICLE, long_doc])
            words = count_words(ARTICLE.read_text(encoding="utf-8"))
            log("one-chunk article ...")
            rows.append(
                bench.uncached(ARTICLE, f"uncached, {ARTICLE.name} ({words:,} words), 1 chunk", 1)
            )
            log("20,000-word document ...")
            rows.append(
                bench.uncached(long_doc, f"uncached, {facts['long_words']:,}-word document", 2)
            )
            log(f"{BATCH_FILES}-file batch ...")
            sources = sorted((REPO / "examples").glob("*.txt"))
            if args.corpus.is_dir():
                sources += sorted(args.corpus.rglob("*.txt"))
            rows.append(bench.batch(sources, 1 if args.quick else runs))
            log("cached re-run ...")
            rows.append(bench.cached(long_doc))
            log("brief --mock ...")
            rows.append(bench.mock(ARTICLE))
    finally:
        facts["load_after"] = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        report["seconds"] = round(time.perf_counter() - began, 1)
        report["rows"] = [
            {
                **asdict(r),
                "median": r.median,
                "floor": r.floor,
                "ratio": r.ratio,
                "passed": r.passed,
            }
            for r in rows
        ]
        if args.keep:
            (work / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    report["notes"].append(f"Benchmark run time: {report['seconds']} s.")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(markdown(report, rows), end="")
    return 0 if all(r.passed for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
