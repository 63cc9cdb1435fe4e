"""briefer: one-page intelligence briefs with verified quotes.

    from pathlib import Path
    import briefer

    memo = briefer.brief(Path("article.txt"))      # or the article's text, or its bytes
    print(memo.to_markdown())                      # memo.to_json(), memo.claims, ...

`brief` and its async twin `abrief` take the same keywords (`model`, `base_url`,
`api_key`, `offline`, `settings`, ...); `load_settings()` resolves settings as the `brief`
command does; errors are `BrieferError`s with a one-line message. Importing this package
loads nothing else: each name loads its module on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Brief",
    "BrieferError",
    "Settings",
    "__version__",
    "abrief",
    "brief",
    "load_settings",
]

if TYPE_CHECKING:
    from briefer.api import abrief, brief, load_settings
    from briefer.config import Settings
    from briefer.errors import BrieferError
    from briefer.schema import Brief

_HOMES = {
    "brief": "briefer.api",
    "abrief": "briefer.api",
    "load_settings": "briefer.api",
    "Settings": "briefer.config",
    "BrieferError": "briefer.errors",
    "Brief": "briefer.schema",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'briefer' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
