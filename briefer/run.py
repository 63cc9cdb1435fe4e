"""One invocation of `brief`: read the inputs, plan, brief them concurrently, write memos.

Each file succeeds or fails on its own: a failure is reported in one line and never loses
the other files' memos, which are written as soon as each is done.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from briefer import api, interrupts, pipeline, source
from briefer.config import Settings
from briefer.engine import Engine
from briefer.errors import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    BrieferError,
    ConfigError,
    InputError,
    OutputError,
)
from briefer.schema import Brief, Usage
from briefer.source import Document
from briefer.terminal import inert, write_stdout

if TYPE_CHECKING:
    from briefer.chunking import Chunk
    from briefer.llm.cache import ResponseCache

Job = pipeline.Plan | Callable[[], pipeline.Plan]
"""A planned document, or how to read and plan it when its turn comes."""


@dataclass(frozen=True)
class RunOptions:
    files: list[str]
    output: Path | None = None
    output_is_dir: bool = False
    """-o was given as a folder (a trailing slash, which `Path` drops)."""
    fmt: str = "markdown"
    strict: bool = False
    dry_run: bool = False
    max_cost: float | None = None
    prompts: Path | None = None
    use_cache: bool = True
    refresh: bool = False
    record: Path | None = None
    merge: bool = False
    """One brief over all inputs (`--merge`) instead of one per input."""


@dataclass
class Outcome:
    """What happened to one input."""

    name: str
    brief: Brief | None = None
    error: BrieferError | None = None
    written: Path | None = None
    doc: Document | None = None
    """The source, kept only when the output shows it (the HTML page)."""
    memo: str = ""
    """Its memo's path below the output folder (with -o DIR)."""


@dataclass
class Batch:
    outcomes: list[Outcome] = field(default_factory=list)
    usage: Usage | None = None
    """What the model endpoint was asked for this run, failed files included."""

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error is not None]

    def exit_code(self) -> int:
        return _failed_code([o.error for o in self.failed if o.error])


def say(message: str) -> None:
    """One line on stderr; whatever it quotes from outside is made inert."""
    print(f"brief: {inert(message)}", file=sys.stderr)


def output_dir(options: RunOptions, given: list[str], inputs: list[str]) -> Path | None:
    """The folder memos go to, when -o names one, or must: several inputs, or one given
    input that stands for several (a folder or a pattern), however many it matched."""
    out = options.output
    if out is None:
        return None
    if out.is_dir() or options.output_is_dir or len(inputs) > 1 or inputs != given:
        return out
    return None


def memo_name(name: str, fmt: str, keep_suffix: bool = False) -> str:
    if name == source.STDIN_NAME:
        stem = "stdin"
    elif source.is_url(name):
        stem = url_stem(name)
    else:
        stem = Path(name).name
    suffix = Path(stem).suffix
    if suffix.lower() in source.SOURCE_SUFFIXES and not keep_suffix:
        stem = stem[: -len(suffix)]
    if fmt == "html":
        from briefer.html import page_name

        return page_name(stem)
    return stem + (".brief.json" if fmt == "json" else source.MEMO_SUFFIX)


def memo_names(names: list[str], fmt: str) -> list[str]:
    """Distinct memo paths (relative to the output folder), one per input, in order.

    An input's memo is named for its file; inputs whose names collide (`north/report.txt`,
    `south/report.txt`) keep their path below the folder all of them share, then their
    suffix (`report.txt`, `report.md`); the same file given twice is numbered.
    """
    flat = [memo_name(n, fmt) for n in names]
    counts = Counter(flat)
    paths = [n if _not_a_file(n) else os.path.abspath(n) for n in names]
    clashing = [p for p, f in zip(paths, flat, strict=True) if counts[f] > 1]
    files = [p for p in clashing if not _not_a_file(p)]
    base = os.path.commonpath([os.path.dirname(p) for p in files]) if files else ""
    out: list[str] = []
    for path, name in zip(paths, flat, strict=True):
        if counts[name] > 1 and not _not_a_file(path):
            folder = Path(os.path.relpath(os.path.dirname(path), base))
            name = (folder / memo_name(path, fmt)).as_posix().removeprefix("./")
        out.append(name)
    again = Counter(out)
    for i, name in enumerate(out):
        if again[name] > 1 and not _not_a_file(paths[i]):
            out[i] = str(Path(name).with_name(memo_name(paths[i], fmt, keep_suffix=True)))
    seen: Counter[str] = Counter()
    for i, name in enumerate(out):
        seen[name] += 1
        if seen[name] > 1:
            stem, _, rest = name.partition(".brief.")
            out[i] = f"{stem}-{seen[name]}.brief.{rest}"
    return out


def _not_a_file(name: str) -> bool:
    return name == source.STDIN_NAME or source.is_url(name)


def url_stem(url: str) -> str:
    """A file name for a URL's memo: its last path segment, or its host, safe characters only
    ("https://example.org/news/strike-ends?id=3" gives "strike-ends")."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    segment = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or parts.hostname or "page"
    safe = re.sub(r"[^\w.\-]+", "-", segment).strip("-.")
    return safe[:100] or "page"


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so an interrupted run leaves no half memo.

    A FIFO or device (`-o /dev/stdout`) is written into directly: renaming over it would
    replace the special file.
    """
    try:
        if path.exists() and not path.is_file():
            if path.is_dir():
                raise OutputError(f"{path}: is a folder; name a file, or pass several inputs")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _new_beside(path)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _new_beside(path: Path) -> tuple[int, Path]:
    """A new temporary file beside `path`, made as any file a command writes: with the
    user's umask (mkstemp would make it 0600), or with `path`'s mode when it replaces it."""
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        if mode is not None:
            os.fchmod(fd, mode)
        return fd, tmp


def join_memos(texts: list[str], fmt: str) -> str:
    """Several memos on one stream: Markdown memos between rules, JSON briefs as one array
    (so the stream stays parseable)."""
    if fmt == "json" and len(texts) > 1:
        return "[\n" + ",\n".join(t.rstrip("\n") for t in texts) + "\n]\n"
    return "\n---\n\n".join(texts)


def open_cache(settings: Settings, options: RunOptions) -> ResponseCache | None:
    """The response cache this run reads and writes, if any (it also keeps splits)."""
    if settings.wants_offline or not options.use_cache:
        return None
    from briefer.llm.cache import ResponseCache

    return ResponseCache(settings.cache_path)


class Engines(NamedTuple):
    """Per-document engines sharing one client, how to close it, and the client's running
    totals (every HTTP answer, also those of files that then failed)."""

    new: Callable[[], Engine]
    close: Callable[[], Awaitable[None]]
    usage: Usage | None
    immediate: bool
    """Their calls never wait (`Engine.immediate`): files then go one after another, with
    no event loop."""


def make_engines(
    settings: Settings,
    options: RunOptions,
    cache: ResponseCache | None = None,
    prepared: dict[str, str] | None = None,
) -> Engines:
    if settings.wants_offline:
        from briefer.offline import OfflineEngine

        async def nothing() -> None:
            return None

        return Engines(OfflineEngine, nothing, None, OfflineEngine.immediate)
    from briefer.llm.engine import LLMEngine, make_client
    from briefer.prompts import Prompts

    prompts = Prompts(options.prompts)
    prompts.known.update(prepared or {})
    client = make_client(settings, options.use_cache, options.refresh, options.record, cache)
    return Engines(
        lambda: LLMEngine(client, prompts, settings),
        client.aclose,
        client.usage,
        LLMEngine.immediate,
    )


def fit_chunks(settings: Settings, options: RunOptions, cache: ResponseCache | None) -> Settings:
    """Chunks that fit the context a local server reports, unless --chunk-tokens was given.

    Only for a --base-url other than OpenAI's; a server that reports nothing keeps the
    configured size. What the server said is cached with its answers, so a re-run that the
    cache answers sends nothing at all (--refresh asks again); a dry run writes nothing.
    """
    if not settings.base_url or settings.sources.get("chunk_tokens", "default") != "default":
        return settings
    from briefer.llm.cache import DEFAULT_ENDPOINT, normalise_endpoint

    endpoint = normalise_endpoint(settings.base_url)
    if endpoint == DEFAULT_ENDPOINT:
        return settings
    from briefer.llm.context import fitting_chunk_tokens, known_context

    n_ctx = known_context(
        settings.base_url, endpoint, cache, options.refresh, remember=not options.dry_run
    )
    if n_ctx is None:
        return settings
    schema_in_prompt = settings.json_mode != "schema"
    fit = fitting_chunk_tokens(n_ctx, settings.max_output_tokens, schema_in_prompt)
    if fit >= settings.chunk_tokens:
        return settings
    if fit < MIN_FIT:
        raise ConfigError(
            f"{settings.base_url} reports a context of {n_ctx:,} tokens, too small for a "
            "chunk and its answer; start the server with a larger context, or set "
            "--chunk-tokens and --max-output-tokens yourself"
        )
    say(f"chunks of {fit:,} tokens, to fit the server's context of {n_ctx:,} tokens")
    sources = {**settings.sources, "chunk_tokens": f"server context ({n_ctx})"}
    overlap = min(settings.overlap, fit // 4)
    return dataclasses.replace(settings, chunk_tokens=fit, overlap=overlap, sources=sources)


MIN_FIT = 256
"""Smaller chunks than this cost more calls than they save: better to say so."""


def render_one(
    brief: Brief,
    settings: Settings,
    options: RunOptions,
    doc: Document | Sequence[Document] | None = None,
    in_folder: bool = False,
) -> str:
    if options.fmt == "html":
        from briefer.html import INDEX_NAME, render_page
        from briefer.render import Limits

        if doc is None:
            raise ValueError("an HTML page needs its source document")
        docs = [doc] if isinstance(doc, Document) else list(doc)
        m = settings.max_items
        return render_page(
            brief,
            docs,
            limits=Limits(actors=m, claims=m, developments=m),
            strict=options.strict,
            index_href=f"./{INDEX_NAME}" if in_folder else None,
        )
    if options.fmt == "json":
        return brief.to_json(strict=options.strict)
    return brief.to_markdown(max_items=settings.max_items, strict=options.strict)


def read_source(name: str, settings: Settings) -> source.Document:
    """Read one input; what reading it had to guess (an encoding, a repair) is said."""
    from briefer import readers

    doc = readers.load(name, settings.max_bytes, settings.fetch_timeout)
    for note in doc.notes:
        say(f"{doc.name}: {note}")
    return doc


def main(settings: Settings, options: RunOptions) -> int:
    if options.output is not None and str(options.output) == "-":
        options = dataclasses.replace(options, output=None)  # `-o -`: standard output
    given = list(options.files)
    inputs = source.expand_inputs(given)
    out_dir = output_dir(options, given, inputs)
    if inputs.count("-") > 1:
        raise InputError("'-' (stdin) can be given only once")
    if options.merge:
        return _main_merged(settings, options, inputs)
    single = len(inputs) == 1
    if options.fmt == "html" and out_dir is None and not single and not options.dry_run:
        raise ConfigError("--format html writes one page per input: pass -o FOLDER")

    tokenize = options.dry_run or not settings.wants_offline
    cache = open_cache(settings, options)
    # A plan that must be exact (a dry run, a cost check) counts before anything is sent.
    speculate = not options.dry_run and options.max_cost is None

    # One document that must be counted is cut in a child process while the SDK is imported.
    meanwhile = None
    prepare = None
    if single and speculate and not settings.wants_offline:
        from briefer.llm.client import import_sdk

        meanwhile = import_sdk
        prepare = functools.partial(first_prompts, options.prompts)
    if tokenize and not settings.mock:
        settings = fit_chunks(settings, options, cache)

    def plan_of(name: str) -> pipeline.Plan:
        doc = read_source(name, settings)
        return pipeline.plan(
            doc,
            settings.chunk_tokens,
            settings.overlap,
            tokenize,
            cache,
            speculate,
            meanwhile,
            prepare,
        )

    batch = Batch()
    jobs: list[tuple[Outcome, Job]] = []
    # A batch reads and plans each file as its turn comes, so the first calls leave while
    # the rest are still being read; a cost check or a dry run needs every plan first.
    upfront = (
        single or options.dry_run or (options.max_cost is not None and not settings.wants_offline)
    )
    for name in inputs:
        outcome = Outcome(name if name != "-" else source.STDIN_NAME)
        batch.outcomes.append(outcome)
        if not upfront:
            jobs.append((outcome, functools.partial(plan_of, name)))
            continue
        try:
            jobs.append((outcome, plan_of(name)))
        except BrieferError as exc:
            if single:
                raise
            outcome.error = exc
            say(f"error: {exc}")
    plans = [job for _, job in jobs if isinstance(job, pipeline.Plan)]
    if out_dir is not None:
        names = memo_names([o.name for o in batch.outcomes], options.fmt)
        for outcome, memo in zip(batch.outcomes, names, strict=True):
            outcome.memo = memo

    if options.dry_run:
        from briefer.estimate import print_plan

        print_plan(plans, settings)
        return batch.exit_code()
    if options.max_cost is not None and not settings.wants_offline:
        from briefer.estimate import check_budget

        check_budget(plans, settings, options.max_cost)

    _offline_notice(settings)
    today = api.today()
    prepared = {k: v for p in plans for k, v in p.prepared.items()}
    engines = make_engines(settings, options, cache, prepared)
    briefing = _brief_all(jobs, engines, settings, options, out_dir, today, single)
    batch.usage = (interrupts.run_now if engines.immediate else interrupts.run)(briefing)

    if out_dir is None:
        texts = [render_one(o.brief, settings, options, o.doc) for o in batch.outcomes if o.brief]
        if options.output is not None and texts:
            write_atomic(options.output, texts[0])
        else:
            write_stdout(join_memos(texts, options.fmt))
    elif options.fmt == "html":
        write_index(batch, out_dir, options.strict)
    if not single:
        _summary(batch, settings)
    if single and batch.failed and batch.failed[0].error:
        raise batch.failed[0].error
    return batch.exit_code()


def first_prompts(folder: Path | None, doc: Document, chunks: list[Chunk]) -> dict[str, str]:
    """The first round's prompts of `doc` cut as `chunks`, rendered from `folder`'s
    templates (a child's work while the parent imports the SDK, see `presplit`)."""
    from briefer.llm.engine import first_prompts as render_first
    from briefer.prompts import Prompts

    return render_first(Prompts(folder), doc, chunks)


def _offline_notice(settings: Settings) -> None:
    if settings.wants_offline and not settings.mock:
        say(
            f"no {settings.api_key_env} or --base-url set: using the offline engine "
            "(rules, no model). Set the key or pass --mock to silence this."
        )


MERGED_NAME = "merged"


def _failed_code(failed: list[BrieferError]) -> int:
    """As for a batch: a run failure (a fetch, the endpoint) outranks bad input."""
    if not failed:
        return EXIT_OK
    return EXIT_FAILURE if any(e.exit_code == EXIT_FAILURE for e in failed) else EXIT_USAGE


def _main_merged(settings: Settings, options: RunOptions, inputs: list[str]) -> int:
    """`--merge`: one brief over every input. An input that cannot be read gets one line on
    stderr and the others are still briefed; the exit code then says it failed."""
    tokenize = options.dry_run or not settings.wants_offline
    if tokenize and not settings.mock:
        settings = fit_chunks(settings, options, open_cache(settings, options))
    plans: list[pipeline.Plan] = []
    failed: list[BrieferError] = []
    for name in inputs:
        try:
            doc = read_source(name, settings)
            plans.append(pipeline.plan(doc, settings.chunk_tokens, settings.overlap, tokenize))
        except BrieferError as exc:
            if len(inputs) == 1:
                raise
            failed.append(exc)
            say(f"error: {exc}")
    if not plans:
        raise failed[0]
    if options.dry_run:
        from briefer.estimate import print_plan

        print_plan(plans, settings, merged=True)
        return _failed_code(failed)
    if options.max_cost is not None and not settings.wants_offline:
        from briefer.estimate import check_budget

        check_budget(plans, settings, options.max_cost, merged=True)
    _offline_notice(settings)
    today = api.today()
    import asyncio

    brief = asyncio.run(_brief_merged(plans, settings, options, today))
    text = render_one(brief, settings, options, [p.doc for p in plans])
    out = options.output
    if out is not None and (out.is_dir() or options.output_is_dir):
        out = out / memo_name(MERGED_NAME, options.fmt)
    if out is not None:
        write_atomic(out, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return _failed_code(failed)


async def _brief_merged(
    plans: list[pipeline.Plan], settings: Settings, options: RunOptions, today: str
) -> Brief:
    from briefer import merge

    engines = make_engines(settings, options)
    try:
        return await merge.run(plans, engines.new(), today, settings.max_items)
    finally:
        await engines.close()


async def _brief_all(
    jobs: list[tuple[Outcome, Job]],
    engines: Engines,
    settings: Settings,
    options: RunOptions,
    out_dir: Path | None,
    today: str,
    single: bool,
) -> Usage | None:
    progress = _Progress(len(jobs)) if not single else None
    # Files are admitted as many at a time as calls may run: each is read, planned and
    # sent before the next is read, so the first calls leave at once and reading the rest
    # overlaps the waits instead of delaying every call.
    # An immediate engine's files go one after another, with no event loop (`run_now`).
    admit: contextlib.AbstractAsyncContextManager[Any] = contextlib.nullcontext()
    if not engines.immediate:
        import asyncio

        admit = asyncio.Semaphore(2 * settings.concurrency)
    try:

        async def one(outcome: Outcome, job: Job) -> None:
            label = ""  # errors reading a file name it themselves
            try:
                engine = engines.new()
                async with admit:
                    if isinstance(job, pipeline.Plan):
                        the_plan = job
                    else:  # read once the calls that can leave now have left
                        await engine.settle()
                        the_plan = job()
                    label = f"{outcome.name}: "
                    outcome.brief = await pipeline.run(
                        the_plan.doc, engine, the_plan, today, settings.max_items
                    )
                doc = the_plan.doc if options.fmt == "html" else None
                if out_dir is not None:
                    await engine.settle()
                    path = out_dir / outcome.memo
                    text = render_one(outcome.brief, settings, options, doc, in_folder=True)
                    write_atomic(path, text)
                    outcome.written = path
                else:
                    outcome.doc = doc
            except BrieferError as exc:
                outcome.error = exc
                if progress is not None:
                    progress.say(f"error: {label}{exc}")
            if progress is not None:
                progress.advance()

        if engines.immediate:
            for o, j in jobs:
                await one(o, j)
        else:
            import asyncio

            await asyncio.gather(*(one(o, j) for o, j in jobs))
    finally:
        if progress is not None:
            progress.close()
        await engines.close()
    return engines.usage


def write_index(batch: Batch, out_dir: Path, strict: bool) -> None:
    """`index.html` beside a batch's pages: each page with its counts, each failure."""
    from briefer.html import INDEX_NAME, IndexEntry, counts, render_index

    entries = [
        IndexEntry(
            name=o.name,
            page=o.written.name if o.written else None,
            counts=counts(o.brief, strict) if o.brief and o.written else None,
            error=None if o.written else str(o.error or "not written"),
        )
        for o in batch.outcomes
    ]
    write_atomic(out_dir / INDEX_NAME, render_index(entries))


class _Progress:
    """A progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int) -> None:
        self.bar: Any = None
        if sys.stderr.isatty() and total > 1:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self.bar = Progress(
                "briefing",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.task = self.bar.add_task("briefing", total=total)
            self.bar.start()

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.console.print(f"brief: {inert(message)}", markup=False, highlight=False)
        else:
            say(message)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _summary(batch: Batch, settings: Settings) -> None:
    """One closing line of counts; each failure already had its own line as it happened.

    Calls, tokens and cost are the endpoint's totals, so money spent on a file that then
    failed (a truncated answer, a failed repair) is counted too.
    """
    from briefer.estimate import cost

    done = [o for o in batch.outcomes if o.brief and o.error is None]
    u = batch.usage or Usage(engine="offline", model=None)
    calls, hits, prompt = u.calls, u.cache_hits, u.prompt_tokens
    tokens = u.prompt_tokens + u.completion_tokens
    spent = None if batch.usage is None else cost(settings, prompt, tokens - prompt)
    money = "" if spent is None else f" · ${spent:,.4f}"
    say(
        f"{len(done)} briefed, {len(batch.failed)} failed · {calls} calls · "
        f"{hits} cache hits · {tokens:,} tokens{money}"
    )
