"""The `brief` command line read without typer: the same parameters typer would give, or
None where typer must read (or refuse) it."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import typer.main

from briefer.cli import brief_app
from briefer.entry import FLAGS, SETTINGS, VALUES, make_briefs, plain_args

LEFT_TO_TYPER = {"--prompts", "--record", "--version", "--help", "-h"}
LEFT_TO_TYPER |= {"--install-completion", "--show-completion"}


def default(name: str) -> Any:
    """make_briefs' default for a parameter; a setting left out is None."""
    param = inspect.signature(make_briefs).parameters.get(name)
    if param is None or param.default is inspect.Parameter.empty:
        assert name in SETTINGS, name
        return None
    return param.default


def typer_params(args: list[str]) -> dict[str, Any]:
    command = typer.main.get_command(brief_app)
    with command.make_context("brief", list(args)) as ctx:
        return dict(ctx.params)


def test_every_option_is_read_here_or_left_to_typer() -> None:
    command = typer.main.get_command(brief_app)
    opts: dict[str, tuple[str | None, bool]] = {}
    for param in command.params:
        for opt in (*param.opts, *getattr(param, "secondary_opts", ())):
            if opt.startswith("-"):
                opts[opt] = (param.name, bool(getattr(param, "is_flag", False)))
    opts.update({"--help": ("help", True), "-h": ("help", True)})
    assert set(opts) == set(FLAGS) | set(VALUES) | LEFT_TO_TYPER
    for opt, (param, _) in FLAGS.items():
        assert opts[opt] == (param, True), opt
    for opt, (param, _) in VALUES.items():
        assert opts[opt] == (param, False), opt
    for name, value in typer_params(["a.txt"]).items():
        if name not in ("files", "version"):
            assert default(name) == value, name


@pytest.mark.parametrize(
    "args",
    [
        ["a.txt"],
        ["--mock", "a.txt", "b.md", "-o", "out/", "--concurrency", "16", "--timeout", "2.5"],
        ["--format=json", "a.txt", "--no-strict", "--max-cost", "0.25", "-v"],
        ["-f", "html", "--strict", "--merge", "--dry-run", "--no-cache", "--refresh", "x", "y"],
        ["--model", "m", "--base-url", "http://127.0.0.1:1/v1", "--api-key-env", "K", "a"],
        ["--json-mode", "object", "--max-retries", "0", "--max-output-tokens", "100", "a"],
        ["--chunk-tokens", "900", "--overlap", "0", "--max-bytes", "1000", "a"],
        ["--fetch-timeout", "3", "--price-in", "1", "--price-out", "2.5", "a"],
        ["--max-items", "2", "--cache-dir", "c", "--output=-", "-"],
        ["a.txt", "--", "-b.txt", "--mock"],
    ],
)
def test_a_plain_command_line_reads_as_typer_reads_it(args: list[str]) -> None:
    fast = plain_args(args)
    assert fast is not None
    typed = typer_params(args)
    for name, value in fast.items():
        assert typed[name] == value and type(typed[name]) is type(value), name
    for name, value in typed.items():
        if name not in fast and name != "version":
            assert value == default(name), name


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["-h", "a.txt"],
        ["--version"],
        ["--mock"],
        ["a.txt", "-o"],
        ["--strict", "--strict", "a.txt"],
        ["--strict=yes", "a.txt"],
        ["--concurrency", "1e3", "a.txt"],
        ["--concurrency", "2.0", "a.txt"],
        ["--timeout", "soon", "a.txt"],
        ["--format", "xml", "a.txt"],
        ["--prompts", "dir", "a.txt"],
        ["--record", "dir", "a.txt"],
        ["-vo", "x", "a.txt"],
        ["--modle", "m", "a.txt"],
        ["-o", "--mock", "a.txt"],
    ],
)
def test_anything_else_is_left_to_typer(args: list[str]) -> None:
    assert plain_args(args) is None
