"""The Python API: `brief()` and its async twin `abrief()`, over the same parts as `brief`.

    import briefer
    memo = briefer.brief(Path("article.txt"))
    print(memo.to_markdown())

Nothing heavy is imported here: the SDK and the tokenizer load only when a model is used.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import warnings
from collections.abc import Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from briefer.errors import ConfigError

P = ParamSpec("P")
T = TypeVar("T")

if TYPE_CHECKING:
    from briefer.config import Settings
    from briefer.schema import Brief
    from briefer.source import Document

__all__ = ["abrief", "brief", "load_settings"]


def load_settings(**overrides: Any) -> Settings:
    """Settings as `brief` resolves them: these values over the environment (BRIEFER_*,
    OPENAI_BASE_URL, the API key's variable) over the config file over the defaults.

    Keyword names are `Settings` fields (`model`, `base_url`, `concurrency`, ...).
    """
    from briefer import config

    return config.load({k: v for k, v in overrides.items() if v is not None})


def today() -> str:
    """The memo's date: BRIEFER_DATE when set (reproducible memos), else today."""
    return os.environ.get("BRIEFER_DATE") or dt.date.today().isoformat()


async def abrief(
    source: str | bytes | os.PathLike[str],
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    offline: bool | None = None,
    settings: Settings | None = None,
    name: str | None = None,
    prompts: str | os.PathLike[str] | None = None,
    cache: bool = True,
    refresh: bool = False,
    date: str | None = None,
) -> Brief:
    """Brief one article and return the verified `Brief`.

    `source` is a path (`pathlib.Path` or any path-like), the raw bytes of a file, or the
    article's text; a one-line `str` naming an existing file is read as that file.
    `settings` defaults to the environment and config file, as for the `brief` command;
    `model`, `base_url` and `api_key` override it. `offline=True` uses the offline engine,
    `False` requires a model, `None` (default) uses a model when a key or an endpoint is
    set. Errors are `briefer.BrieferError` subclasses with a one-line message.
    """
    from briefer import pipeline, run

    base = settings if settings is not None else load_settings()
    changed: dict[str, Any] = {"model": model, "base_url": base_url, "api_key": api_key}
    base = replace(base, **{k: v for k, v in changed.items() if v is not None})
    if offline is not None:
        base = replace(base, mock=offline)
    if offline is False and base.wants_offline:
        raise ConfigError(f"offline=False but no API key ({base.api_key_env}) or base_url set")
    doc = _read(source, name, base.max_bytes)
    for note in doc.notes:
        warnings.warn(f"{doc.name}: {note}", UserWarning, stacklevel=2)
    the_plan = pipeline.plan(doc, base.chunk_tokens, base.overlap, not base.wants_offline)
    options = run.RunOptions(
        files=[doc.name],
        prompts=None if prompts is None else Path(prompts),
        use_cache=cache,
        refresh=refresh,
    )
    engines = run.make_engines(base, options)
    try:
        result = await pipeline.run(doc, engines.new(), the_plan, date or today(), base.max_items)
    finally:
        await engines.close()
    result.attach_text(doc.text)
    return result


def _blocking(fn: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, T]:
    """The blocking twin of a coroutine function, with its signature and types."""

    @functools.wraps(fn)
    def blocking(*args: P.args, **kwargs: P.kwargs) -> T:
        import asyncio

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(fn(*args, **kwargs))
        raise ConfigError("brief() called inside a running event loop; use `await abrief()`")

    return blocking


brief = _blocking(abrief)
brief.__name__ = brief.__qualname__ = "brief"
brief.__doc__ = """Brief one article and return the verified `Brief`; the blocking twin of `abrief`,
takes the same arguments. Not for use inside a running event loop (await `abrief` there)."""


def _read(source: str | bytes | os.PathLike[str], name: str | None, max_bytes: int) -> Document:
    from briefer import source as sources

    if isinstance(source, bytes):
        return sources.from_bytes(source, name or "<bytes>")
    if isinstance(source, str) and not _names_file(source):
        return sources.from_bytes(source.encode("utf-8"), name or "<text>")
    from briefer import readers

    return readers.load(os.fspath(source), max_bytes)  # .html, .pdf, .docx too


def _names_file(text: str) -> bool:
    if "\n" in text or not text.strip() or len(text) > 4096:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False
