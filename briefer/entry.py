"""The `brief` command's entry point: a plain command line runs without loading typer.

Typer and its Click take about a fifth of an offline brief's time to import and to build
the command. A command line made only of files and `brief`'s own options, each given once
and spelt out (`--cache-dir DIR`, `--format=json`, `-o PATH`), is read here and run
straight away; anything else (help, --version, a misspelt or repeated option, a value that
is not plainly of its type, shell completion) goes to the typer command in `briefer.cli`,
which parses and reports it. Both run the same `make_briefs` and report errors through the
same `handled`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from briefer.errors import EXIT_FAILURE, EXIT_INTERRUPTED, BrieferError

FORMATS = ("markdown", "json", "html")
PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,18})?")
"""A number as `int()` or `float()` reads it, the way typer's coercion would."""

FLAGS: dict[str, tuple[str, bool]] = {
    "--strict": ("strict", True),
    "--no-strict": ("strict", False),
    "--merge": ("merge", True),
    "--dry-run": ("dry_run", True),
    "--mock": ("mock", True),
    "--no-cache": ("no_cache", True),
    "--refresh": ("refresh", True),
    "--verbose": ("verbose", True),
    "-v": ("verbose", True),
}
"""`brief`'s flags: option -> (parameter, value)."""

VALUES: dict[str, tuple[str, type]] = {
    "--output": ("output", str),
    "-o": ("output", str),
    "--format": ("fmt", str),
    "-f": ("fmt", str),
    "--max-items": ("max_items", int),
    "--model": ("model", str),
    "--base-url": ("base_url", str),
    "--api-key-env": ("api_key_env", str),
    "--json-mode": ("json_mode", str),
    "--concurrency": ("concurrency", int),
    "--max-retries": ("max_retries", int),
    "--timeout": ("timeout", float),
    "--max-output-tokens": ("max_output_tokens", int),
    "--chunk-tokens": ("chunk_tokens", int),
    "--overlap": ("overlap", int),
    "--max-bytes": ("max_bytes", int),
    "--fetch-timeout": ("fetch_timeout", float),
    "--price-in": ("price_in", float),
    "--price-out": ("price_out", float),
    "--max-cost": ("max_cost", float),
    "--cache-dir": ("cache_dir", str),
}
"""`brief`'s options that take a value read here: option -> (parameter, type). The rest
(--prompts, --record, --help, --version) are left to typer."""

SETTINGS = (
    "model",
    "base_url",
    "api_key_env",
    "json_mode",
    "concurrency",
    "cache_dir",
    "chunk_tokens",
    "overlap",
    "max_retries",
    "timeout",
    "max_output_tokens",
    "max_bytes",
    "fetch_timeout",
    "max_items",
    "mock",
    "price_in",
    "price_out",
)
"""`brief`'s parameters that are settings (config.load's flags)."""


def plain_args(args: Sequence[str]) -> dict[str, Any] | None:
    """`brief`'s parameters from a plain command line, as typer would give them; None for
    any command line that typer should read (or refuse) itself."""
    params: dict[str, Any] = {}
    files: list[str] = []
    rest = list(args)
    i = 0
    while i < len(rest):
        token = rest[i]
        i += 1
        if token == "--":
            files += rest[i:]
            break
        if token == "-" or not token.startswith("-"):
            files.append(token)
            continue
        value: Any
        name, eq, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        if name in FLAGS and not eq:
            param, value = FLAGS[name]
        elif name in VALUES:
            param, kind = VALUES[name]
            if not eq:
                if i == len(rest):
                    return None
                attached = rest[i]
                i += 1
            if attached.startswith("-") and attached != "-":
                return None  # typer would take it as the value; left to it to judge
            if kind is str:
                value = attached
            elif PLAIN_NUMBER.fullmatch(attached) and (kind is float or "." not in attached):
                value = kind(attached)
            else:
                return None
        else:
            return None
        if param in params:
            return None
        params[param] = value
    if not files or params.get("fmt", "markdown") not in FORMATS:
        return None
    return {"files": files, **params}


def make_briefs(
    files: list[str],
    output: str | None = None,
    fmt: str = "markdown",
    strict: bool = False,
    merge: bool = False,
    dry_run: bool = False,
    max_cost: float | None = None,
    prompts: Path | None = None,
    no_cache: bool = False,
    refresh: bool = False,
    record: Path | None = None,
    verbose: bool = False,
    **settings: Any,
) -> int:
    """The `brief` command once its command line is read: its exit code."""
    from briefer import config, run

    with handled(verbose):
        loaded = config.load({name: settings.get(name) for name in SETTINGS})
        options = run.RunOptions(
            files=files,
            output=None if output is None else Path(output),
            output_is_dir=output is not None and output.endswith(("/", os.sep)),
            fmt=fmt,
            strict=strict,
            dry_run=dry_run,
            max_cost=max_cost,
            prompts=prompts,
            use_cache=not no_cache,
            refresh=refresh,
            record=record,
            merge=merge,
        )
        return run.main(loaded, options)
    raise AssertionError("unreachable")  # pragma: no cover


def complain(message: str) -> None:
    from briefer.terminal import inert

    sys.stderr.write(f"brief: error: {inert(message)}\n")
    sys.stderr.flush()


@contextlib.contextmanager
def handled(verbose: bool = False) -> Iterator[None]:
    """The one place where domain errors become one line on stderr and an exit code."""
    try:
        yield
    except BrieferError as exc:
        if verbose:
            import traceback

            traceback.print_exc()
        complain(str(exc))
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        sys.stderr.write("brief: interrupted\n")
        sys.stderr.flush()
        raise SystemExit(EXIT_INTERRUPTED) from None


def _completing() -> bool:
    return any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)


def brief_main(prog_name: str | None = None) -> None:
    from briefer import regex_cache

    regex_cache.install()  # before anything compiles its patterns
    # A run makes most of its objects once (modules, models, the SDK's types) and keeps
    # them to the end: young-generation collections every 700 new objects scan them over
    # and over (3 to 5% of a short run). Every 20,000 still collects cycles, a few times.
    gc.set_threshold(20_000, 10, 10)
    try:
        params = None if _completing() else plain_args(sys.argv[1:])
        if params is None:
            from briefer.cli import brief_app

            brief_app(prog_name=prog_name)
        else:
            code = make_briefs(**params)
            raise SystemExit(code)
    except BrokenPipeError:
        # As Click does: a reader that went away is no traceback, and exit code 1.
        from briefer.terminal import drop_stdout

        drop_stdout()
        raise SystemExit(EXIT_FAILURE) from None
    finally:
        regex_cache.save()
        # Nothing is left to free at exit; skip the interpreter's last full collection over
        # every object the SDK and pydantic made (0.1 to 0.3 s of a short run).
        gc.freeze()
