"""Word lists kept as data (`briefer/data/<name>.txt`), for the rules that compare sources."""

from __future__ import annotations

from pathlib import Path

_DATA = Path(__file__).with_name("data")


def lines(path: Path) -> list[str]:
    """Lines of a data file, `#` comments and blank lines left out (every data file of
    briefer's, the offline engine's too, is read this way)."""
    text = path.read_text(encoding="utf-8")
    return [s for s in (line.split("#", 1)[0].strip() for line in text.splitlines()) if s]


def entries(name: str) -> list[str]:
    """Lines of `briefer/data/<name>.txt`."""
    return lines(_DATA / f"{name}.txt")


def word_set(name: str) -> frozenset[str]:
    """Every word of a data file, lower case."""
    return frozenset(" ".join(entries(name)).lower().split())
