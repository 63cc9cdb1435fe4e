"""Compiled regular expressions kept between runs: the same patterns, or none at all."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_cli import run

from briefer import regex_cache

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "water-rights-hearing.txt"

MODULE = r'''
import re
WORD = re.compile(r"(?P<word>[^\W\d_]+)(?:'s)?")
SPACED = re.compile(r"""
    (?P<day>\d{1,2}) \s+ (?P<month>[A-Z][a-z]+)   # 12 March
""", re.VERBOSE | re.IGNORECASE)
RAW = re.compile(rb"\x00(..)\xff", re.DOTALL)
INLINE = re.compile(r"(?im)^said\b")
def built_later(name):
    return re.compile(re.escape(name) + r"\b")
'''
SAMPLES = ["Ann Roe's report", "on 12 march 2026", "b\x00ab\xff", "Said so\nsaid again"]


@pytest.fixture
def module_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "mods"
    folder.mkdir()
    (folder / "kept_patterns_a.py").write_text(MODULE, encoding="utf-8")
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    sys.modules.pop("kept_patterns_a", None)
    regex_cache.uninstall()
    re.purge()


def _load() -> object:
    sys.modules.pop("kept_patterns_a", None)
    re.purge()
    return importlib.import_module("kept_patterns_a")


def test_patterns_kept_while_a_module_loads_come_back_equal(
    tmp_path: Path, module_dir: Path
) -> None:
    path = str(tmp_path / "kept.marshal")
    regex_cache.install(path)
    first = _load()
    later = first.built_later("Ann Roe")  # type: ignore[attr-defined]
    regex_cache.save()
    regex_cache.uninstall()
    assert Path(path).is_file()

    regex_cache.install(path)
    kept = regex_cache._kept
    assert kept is not None
    keys = {key[0] for key in kept.table}
    assert later.pattern not in keys  # built after loading, from a name: not kept
    second = _load()
    regex_cache.uninstall()
    assert not kept.new  # every pattern came from the file
    fresh = _load()
    for name in ("WORD", "SPACED", "RAW", "INLINE"):
        made, anew = getattr(second, name), getattr(fresh, name)
        assert made.pattern in keys
        assert made is not anew and made == anew  # flags, pattern and engine code
        assert made.groupindex == anew.groupindex and made.groups == anew.groups
        for text in SAMPLES:
            subject: Any = text.encode("latin-1") if isinstance(made.pattern, bytes) else text
            spans = [m.span() for m in made.finditer(subject)]
            assert spans == [m.span() for m in anew.finditer(subject)]


@pytest.mark.parametrize("content", [b"", b"not marshal at all", b"\xe3\x00garbage"])
def test_a_damaged_file_is_no_cache(tmp_path: Path, module_dir: Path, content: bytes) -> None:
    path = tmp_path / "kept.marshal"
    path.write_bytes(content)
    regex_cache.install(str(path))
    loaded = _load()
    assert loaded.WORD.match("Roe's").group("word") == "Roe"  # type: ignore[attr-defined]


def test_a_wrong_entry_is_compiled_anew(tmp_path: Path, module_dir: Path) -> None:
    import marshal

    path = tmp_path / "kept.marshal"
    regex_cache.install(str(path))
    _load()
    regex_cache.save()
    regex_cache.uninstall()
    table = marshal.loads(path.read_bytes())
    for key in table:
        table[key] = (0, [1, 2, 3], 0, {}, ())  # not code the engine accepts
    path.write_bytes(marshal.dumps(table))
    regex_cache.install(str(path))
    loaded = _load()
    assert loaded.SPACED.search("on 12 march").group("month") == "march"  # type: ignore[attr-defined]


def test_brief_keeps_its_patterns_and_writes_them_once(tmp_path: Path) -> None:
    """A second run reads every pattern its modules compile from the file and writes
    nothing; its memo is the one a run with no file writes."""
    home = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    first = run(tmp_path, "--mock", str(ARTICLE), env=home)
    assert first.returncode == 0, first.stderr
    [kept] = (tmp_path / "user-cache" / "briefer" / "regex").iterdir()
    before = (kept.stat().st_mtime_ns, kept.read_bytes())
    second = run(tmp_path, "--mock", str(ARTICLE), env=home)
    assert second.returncode == 0, second.stderr
    assert (kept.stat().st_mtime_ns, kept.read_bytes()) == before
    assert second.stdout == first.stdout
    kept.write_bytes(b"damaged")
    third = run(tmp_path, "--mock", "-f", "json", str(ARTICLE), env=home)
    plain = run(tmp_path, "--mock", "-f", "json", str(ARTICLE), env={"XDG_CACHE_HOME": "/dev/null"})
    assert third.returncode == plain.returncode == 0, third.stderr + plain.stderr
    assert third.stdout == plain.stdout
