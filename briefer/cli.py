"""Command line: `brief FILE...` makes briefs; `briefer` holds the utility commands.

A thin layer: it parses options, calls importable functions, and is the one place where
domain errors become one line on stderr and an exit code.
"""

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from briefer import __version__
from briefer.entry import FORMATS, PLAIN_NUMBER, handled, make_briefs
from briefer.terminal import inert, write_stdout

EXIT_CODES = "Exit codes: 0 ok; 1 the run failed (e.g. the model endpoint); 2 bad input or usage."

brief_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
tools_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help=f"briefer's utility commands: settings, cache, prompt templates.\n\n{EXIT_CODES}",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _Coercion:
    """A parameter's coercion that builds typer's own only when it has work to do.

    Typer builds a pydantic TypeAdapter for every parameter of a command, given or not
    (5 to 10 ms each, a quarter of a second for `brief`'s options), to turn command-line
    strings into the annotated types. Here an absent value comes out as typer's coercion
    returns it (None, or () for a multi-value parameter), and so does a value that is
    already of its type (a string for `str`, strings for `list[str]`, a flag's bool), and
    so does a plain decimal number for `int` or `float` (`16`, `0.5`); any other value is
    handed to typer's coercion, built then.
    """

    def __init__(self, param: Any) -> None:
        self.param = param
        self.kind = _PLAIN.get(param.type_descriptor.annotation)

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        if self.kind is str and type(value) is str:
            return value
        if self.kind is bool and type(value) is bool:
            return value
        if self.kind is list and isinstance(value, list | tuple) and _strings(value):
            return list(value)
        if self.kind in (int, float) and type(value) is str and PLAIN_NUMBER.fullmatch(value):
            if self.kind is int and "." not in value:
                return int(value)
            if self.kind is float:
                return float(value)
        from typer._coercion import build_runtime_param

        built = build_runtime_param(param.type_descriptor)
        self.param._runtime_param = built
        return built.coerce(value, param=param, ctx=ctx)


def _strings(values: list[Any] | tuple[Any, ...]) -> bool:
    return all(type(v) is str for v in values)


_PLAIN: dict[Any, type] = {
    str: str,
    str | None: str,
    bool: bool,
    bool | None: bool,
    int: int,
    int | None: int,
    float: float,
    float | None: float,
    list[str]: list,
    list[str] | None: list,
}
"""Annotations whose values typer's coercion gives back unchanged (as a list for a list),
or, for numbers, as `int()` or `float()` reads a plain decimal (`PLAIN_NUMBER`)."""


class _Command(TyperCommand):
    """Help that names arguments as words (`FILE...`), not as Python types (`<list[str]>`).

    Options left out of a command line cost nothing to parse (see `_Coercion`).
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        params: list[Any] = self.get_params(ctx)
        for param in params:
            if getattr(param, "_runtime_param", ()) is None and hasattr(param, "type_descriptor"):
                param._runtime_param = _Coercion(param)
        result: list[str] = super().parse_args(ctx, args)
        return result

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                word = _word(param)
                pieces.append(word if param.required else f"[{word}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args: list[tuple[str, str]] = []
        opts: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                args.append((_word(param), record[1]))
            else:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _word(param: Any) -> str:
    word = str(param.metavar or param.name or "").upper()
    return word + ("..." if param.nargs != 1 else "")


def _version(value: bool) -> None:
    if value:
        _print([f"briefer {__version__}"])
        raise typer.Exit()


MaxBytes = Annotated[
    int | None,
    typer.Option(metavar="BYTES", help="Largest input file or download in bytes [default: 5 MB]."),
]
FetchTimeout = Annotated[
    float | None,
    typer.Option(
        metavar="SECONDS", help="Seconds to fetch one URL, redirects included [default: 30]."
    ),
]


@brief_app.command(cls=_Command, epilog=EXIT_CODES)
def brief(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Articles (.txt, .md, .html, .pdf, .docx), URLs, folders or quoted "
            "patterns; '-' is stdin.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write to this file, or into this folder (several inputs, or a name ending "
            "in /); '-' is stdout.",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="markdown, json, or html (a page with the brief beside its source).",
        ),
    ] = "markdown",
    strict: Annotated[
        bool, typer.Option(help="Drop claims whose quote is not found in the source.")
    ] = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="One brief over all inputs: shared actors, corroborated and contradicting "
            "claims, one timeline.",
        ),
    ] = False,
    max_items: Annotated[
        int | None,
        typer.Option(metavar="N", help="Most items per memo section [default: 8]."),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Print the plan (tokens, chunks, calls, cost); send nothing."
        ),
    ] = False,
    mock: Annotated[
        bool | None,
        typer.Option(
            "--mock", help="Use the offline engine: no model, no network.", show_default=False
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(metavar="MODEL", help="Model name [env BRIEFER_MODEL].")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(metavar="URL", help="OpenAI-compatible endpoint [env OPENAI_BASE_URL]."),
    ] = None,
    api_key_env: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Environment variable holding the API key [default: OPENAI_API_KEY].",
        ),
    ] = None,
    json_mode: Annotated[
        str | None,
        typer.Option(
            metavar="MODE", help="Structured output: schema, object or prompt [default: schema]."
        ),
    ] = None,
    concurrency: Annotated[
        int | None, typer.Option(metavar="N", help="Most model calls at once [default: 8].")
    ] = None,
    max_retries: Annotated[
        int | None, typer.Option(metavar="N", help="Retries per call on 429/5xx [default: 3].")
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(metavar="SECONDS", help="Seconds to wait for one answer [default: 120]."),
    ] = None,
    max_output_tokens: Annotated[
        int | None,
        typer.Option(metavar="TOKENS", help="Output token limit per call [default: 4096]."),
    ] = None,
    chunk_tokens: Annotated[
        int | None, typer.Option(metavar="TOKENS", help="Tokens per chunk [default: 6000].")
    ] = None,
    overlap: Annotated[
        int | None,
        typer.Option(metavar="TOKENS", help="Tokens shared by neighbouring chunks [default: 150]."),
    ] = None,
    max_bytes: MaxBytes = None,
    fetch_timeout: FetchTimeout = None,
    price_in: Annotated[
        float | None,
        typer.Option(metavar="USD", help="USD per million prompt tokens, for unknown models."),
    ] = None,
    price_out: Annotated[
        float | None,
        typer.Option(metavar="USD", help="USD per million output tokens, for unknown models."),
    ] = None,
    max_cost: Annotated[
        float | None,
        typer.Option(metavar="USD", help="Refuse to start if the estimated cost in USD is higher."),
    ] = None,
    prompts: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="Folder of prompt templates overriding the defaults."),
    ] = None,
    cache_dir: Annotated[
        str | None,
        typer.Option(metavar="DIR", help="Response cache folder [env BRIEFER_CACHE_DIR]."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the response cache.")
    ] = False,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Ask the model again and overwrite cached answers.")
    ] = False,
    record: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help="Save each live model response as a JSON recording in this folder."
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show tracebacks and details on errors.")
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """Turn articles into one-page intelligence briefs (Markdown on stdout).

    With no API key and no --base-url, the offline engine writes the brief from the
    article's own sentences.
    """
    if fmt not in FORMATS:
        raise typer.BadParameter("must be markdown, json or html", param_hint="--format")
    raise typer.Exit(
        make_briefs(
            files,
            output,
            fmt,
            strict,
            merge,
            dry_run,
            max_cost,
            prompts,
            no_cache,
            refresh,
            record,
            verbose,
            model=model,
            base_url=base_url,
            api_key_env=api_key_env,
            json_mode=json_mode,
            concurrency=concurrency,
            cache_dir=cache_dir,
            chunk_tokens=chunk_tokens,
            overlap=overlap,
            max_retries=max_retries,
            timeout=timeout,
            max_output_tokens=max_output_tokens,
            max_bytes=max_bytes,
            fetch_timeout=fetch_timeout,
            max_items=max_items,
            mock=mock,
            price_in=price_in,
            price_out=price_out,
        )
    )


@tools_app.callback()
def tools(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """briefer's utility commands: settings, cache, prompt templates."""


@tools_app.command("version", cls=_Command)
def show_version() -> None:
    """Print the version."""
    _print([f"briefer {__version__}"])


@tools_app.command("extract", cls=_Command, epilog=EXIT_CODES)
def extract(
    file: Annotated[
        str,
        typer.Argument(
            help="An article (.txt, .md, .html, .pdf, .docx), a URL, or '-' for stdin.",
            metavar="FILE|URL",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")
    ] = "text",
    max_bytes: MaxBytes = None,
    fetch_timeout: FetchTimeout = None,
) -> None:
    """Print exactly the text a brief is made from, each paragraph after its ¶ number.

    A memo's citation ¶N is the paragraph printed after ¶N. --format json adds where the
    text came from (file, URL, content type), its sha256, title, date and author.
    """
    from briefer import config, listing, readers

    if fmt not in ("text", "json"):
        raise typer.BadParameter("must be text or json", param_hint="--format")
    with handled():
        settings = config.load({"max_bytes": max_bytes, "fetch_timeout": fetch_timeout})
        doc = readers.load(file, settings.max_bytes, settings.fetch_timeout)
    text = listing.numbered(doc) if fmt == "text" else listing.as_json(doc)
    with handled():
        write_stdout(text)


@tools_app.command("config", cls=_Command)
def show_config() -> None:
    """Print the effective settings and where each comes from."""
    from briefer import config

    with handled():
        settings = config.load({})
    rows = settings.describe()
    lines = [f"config file: {config.config_file(os.environ)}"]
    lines += [inert(f"{name:18} {value:40} {source}") for name, value, source in rows]
    _print(lines)


cache_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None, help="Inspect and trim the response cache."
)
prompts_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None, help="The prompt templates the model sees."
)
tools_app.add_typer(cache_app, name="cache")
tools_app.add_typer(prompts_app, name="prompts")
CacheDir = Annotated[
    str | None,
    typer.Option("--cache-dir", metavar="DIR", help="Cache folder [env BRIEFER_CACHE_DIR]."),
]


def _cache(cache_dir: str | None) -> Any:
    from briefer import config
    from briefer.llm.cache import ResponseCache

    with handled():
        settings = config.load({"cache_dir": cache_dir})
    return ResponseCache(settings.cache_path)


def _when(stamp: float | None) -> str:
    import datetime as dt

    if stamp is None:
        return "-"
    return dt.datetime.fromtimestamp(stamp).isoformat(sep=" ", timespec="seconds")


@cache_app.command("info", cls=_Command)
def cache_info(cache_dir: CacheDir = None) -> None:
    """Where the cache is, how many answers it holds and how big it is."""
    with handled():
        stats = _cache(cache_dir).stats()
    _print(
        [
            f"path     {stats.path}",
            f"entries  {stats.entries:,}",
            f"size     {stats.bytes / 1024:,.1f} KiB",
            f"oldest   {_when(stats.oldest)}",
            f"newest   {_when(stats.newest)}",
        ]
    )


@cache_app.command("list", cls=_Command)
def cache_list(
    cache_dir: CacheDir = None,
    limit: Annotated[int, typer.Option(metavar="N", help="How many entries, newest first.")] = 20,
) -> None:
    """The newest cached answers: key, date, model, size."""
    with handled():
        entries = _cache(cache_dir).entries(limit)
    _print(
        f"{e.key[:16]}  {_when(e.created)}  {inert(e.model or '-'):20}  {e.size:,} B"
        for e in entries
    )


@cache_app.command("clear", cls=_Command)
def cache_clear(cache_dir: CacheDir = None) -> None:
    """Delete every cached answer."""
    with handled():
        removed = _cache(cache_dir).clear()
    _print([f"removed {removed:,} entries"])


@cache_app.command("prune", cls=_Command)
def cache_prune(
    days: Annotated[float, typer.Argument(help="Delete answers older than this many days.")],
    cache_dir: CacheDir = None,
) -> None:
    """Delete cached answers older than DAYS."""
    if days < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="DAYS")
    with handled():
        removed = _cache(cache_dir).prune(days)
    _print([f"removed {removed:,} entries older than {days:g} days"])


@prompts_app.command("init", cls=_Command)
def prompts_init(
    folder: Annotated[Path, typer.Argument(help="Folder to write the templates into.")],
    force: Annotated[bool, typer.Option(help="Overwrite templates already there.")] = False,
) -> None:
    """Write the default templates into FOLDER, to edit and pass with --prompts FOLDER."""
    from briefer.prompts import write_defaults

    with handled():
        written = write_defaults(folder, overwrite=force)
    _print(str(path) for path in written)


@prompts_app.command("path", cls=_Command)
def prompts_path() -> None:
    """Print the folder the default templates are read from."""
    from briefer.prompts import default_dir

    _print([str(default_dir())])


def _print(lines: Iterable[str]) -> None:
    """Lines to stdout; a full or closed stdout is one line on stderr, not a traceback."""
    text = "".join(f"{line}\n" for line in lines)
    with handled():
        write_stdout(text)


def tools_main() -> None:
    tools_app()
