"""The user cache folder's share that depends only on the installed packages.

Answers go wherever `--cache-dir` says; what is derived from briefer's own files and its
dependencies (tiktoken's decoded ranks, compiled templates, the JSON schemas sent to a
model) is the same for every run, so it lives once per user, in the platform's cache
folder, and is rebuilt whenever missing.
Nothing here is ever required: a folder that cannot be written only costs the speed-up.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


def folder(name: str) -> Path:
    """`<user cache>/briefer/<name>` (not created here)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefer")) / name


@functools.cache
def template_bytecode(kind: str) -> jinja2.BytecodeCache | None:
    """Compiled templates for one Jinja environment `kind`, kept apart per Jinja version
    (compiled code is only valid for the version and settings that made it)."""
    import jinja2

    where = folder("templates") / f"jinja-{jinja2.__version__}-{kind}"
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    if not os.access(where, os.W_OK | os.X_OK):
        return None

    class Kept(jinja2.FileSystemBytecodeCache):
        """Jinja's file cache, but a file that cannot be read or written is a miss, never
        an error (a full disk, a file cut short by a crash)."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    return Kept(str(where))


def kept_text(kind: str, name: str, inputs: Sequence[Path], make: Callable[[], str]) -> str:
    """`make()`, kept in `<user cache>/briefer/<kind>/` and made again whenever the contents
    of any file in `inputs` (what it is derived from) change, or Python does.

    For text that is slow to derive and the same on every run of one installation (the
    JSON schemas sent to the model). A kept file that does not read back whole is made
    again; a file that cannot be read or written costs only the time to make the text.
    """
    stamp = code_stamp(tuple(inputs))
    if stamp is None:
        return make()
    digest = hashlib.sha256(f"{name}\n{stamp}".encode()).hexdigest()
    path = folder(kind) / f"{digest[:32]}.txt"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        check, _, text = path.read_text(encoding="utf-8").partition("\n")
        if check == _digest(text):
            return text
    text = make()
    with contextlib.suppress(OSError):
        write_private(path, f"{_digest(text)}\n{text}".encode())
    return text


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all (a temporary file, readable by the user
    only, renamed over it), so a run that stops midway or a second run writing at the same
    time never leaves a half file. Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@functools.cache
def code_stamp(inputs: tuple[Path, ...]) -> str | None:
    """A digest of the contents of `inputs` (the files some result is derived from) and of
    Python's version; None if one cannot be read. Once per process and set of files."""
    recipe = hashlib.sha256(sys.version.encode())
    try:
        for path in inputs:
            recipe.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        return None
    return recipe.hexdigest()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
