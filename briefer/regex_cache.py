"""Compiled regular expressions kept from one run to the next.

Python compiles each regular expression afresh in every process, in pure Python (parse,
then code generation): for an offline brief that is about a fifth of all it does, mostly
patterns built when briefer's modules (and Jinja's) load. Here the engine code `re` makes
for a pattern is kept in the user cache folder (`regex/`), and a later process builds the
same pattern object from it with `_sre.compile`, the call `re` itself ends with, skipping
parse and code generation.

A pattern is kept only after checking that the pattern built from the kept code equals
(`==` compares flags, pattern and code) the one `re` compiled; the file is per Python
version and regular-expression engine (`_sre.MAGIC`, `_sre.CODESIZE`). Kept are only the
patterns compiled while a module loads, never those built later (from a document's names,
or a library's on demand), so the file is written again only when a module brings
patterns it does not hold. A file that cannot be read or written, or any surprise, only
costs the speed-up: `re` compiles as it always does.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from typing import Any

_sre: Any = sys.modules["_sre"]  # the engine `re` compiles into (loaded with `re`)
_compiler: Any = sys.modules["re._compiler"]
_parser: Any = sys.modules["re._parser"]

MOST = 1024
"""Patterns kept at most (every path of `brief` together compiles about 250 as its modules
load); past that the file starts again from one run's patterns."""

Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""`_sre.compile`'s arguments after the pattern: flags, code, groups, group names both ways."""


class Kept:
    """Compiled patterns read from `path`, and those this process compiled anew."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.table: dict[tuple[str | bytes, int], Entry] = {}
        self.new: dict[tuple[str | bytes, int], Entry] = {}
        with contextlib.suppress(Exception):
            with open(path, "rb") as fh:
                data = marshal.loads(fh.read())  # load(fh) reads in many small pieces
            if isinstance(data, dict):
                self.table = data
        self.compile_anew: Callable[..., re.Pattern[Any]] = _compiler.compile

    def compile(self, p: Any, flags: int = 0) -> re.Pattern[Any]:
        """`re._compiler.compile`, from kept code where there is some."""
        if type(p) is str or type(p) is bytes:
            key = (p, int(flags))
            hit = self.table.get(key)
            if hit is not None:
                with contextlib.suppress(Exception):
                    return _sre.compile(p, *hit)  # type: ignore[no-any-return]
                self.table.pop(key, None)
            compiled = self.compile_anew(p, flags)
            with contextlib.suppress(Exception):
                self._remember(key, compiled)
            return compiled
        return self.compile_anew(p, flags)

    def _remember(self, key: tuple[str | bytes, int], compiled: re.Pattern[Any]) -> None:
        p, flags = key
        if flags & re.DEBUG or not _loading_a_module():
            return
        parsed = _parser.parse(p, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]  # no int subclasses
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        entry: Entry = (
            flags | parsed.state.flags,
            code,
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
        if _sre.compile(p, *entry) == compiled:
            self.new[key] = entry

    def save(self) -> None:
        """Write the kept patterns with this process's new ones, if there are any."""
        if not self.new:
            return
        table = self.table if len(self.table) + len(self.new) <= MOST else {}
        table.update(self.new)
        self.new = {}
        from pathlib import Path

        from briefer.machine_cache import write_private

        with contextlib.suppress(OSError, ValueError):
            write_private(Path(self.path), marshal.dumps(table))


def _loading_a_module() -> bool:
    """Whether a module is being loaded (its body, or anything it calls, runs now)."""
    frame: Any = sys._getframe(2)
    for _ in range(40):
        if frame is None:
            return False
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


_kept: Kept | None = None


def cache_path() -> str | None:
    """This Python's file of kept patterns under the user cache folder, or None."""
    with contextlib.suppress(Exception):
        from briefer.machine_cache import folder

        tag = sys.implementation.cache_tag or "python"
        name = f"{tag}-sre{_sre.MAGIC}-{_sre.CODESIZE}.marshal"
        return os.fspath(folder("regex") / name)
    return None


def install(path: str | None = None) -> None:
    """From now on, compile patterns from the kept code where there is some."""
    global _kept
    if _kept is not None:
        return
    path = path or cache_path()
    if path is None or not callable(getattr(_compiler, "compile", None)):
        return
    _kept = Kept(path)
    _compiler.compile = _kept.compile


def save() -> None:
    """Keep what this process compiled anew (a no-op when nothing was new)."""
    if _kept is not None:
        _kept.save()


def uninstall() -> None:
    global _kept
    if _kept is not None:
        _compiler.compile = _kept.compile_anew
        _kept = None
