"""Reading articles: validation, decoding, normalisation and paragraph offsets.

Everything after this module works on `Document.text`, the normalised text, and its
character offsets; quotes are checked and paragraphs cited against that same text.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from briefer.errors import InputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
STDIN_NAME = "<stdin>"

# C0/C1 controls other than tab and newline, plus the BOM and other invisible format marks
# that only get in the way of matching quotes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u200b\u2060]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


@dataclass(frozen=True)
class Document:
    """A normalised article with its paragraph boundaries."""

    name: str
    text: str
    sha256: str
    paragraphs: tuple[tuple[int, int], ...] = field(repr=False)

    @property
    def words(self) -> int:
        return count_words(self.text)

    def paragraph_at(self, offset: int) -> int:
        """1-based number of the paragraph holding `offset` (the nearest one before a gap)."""
        number = 1
        for i, (start, _end) in enumerate(self.paragraphs, 1):
            if start > offset:
                break
            number = i
        return number


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def normalize(text: str) -> str:
    """NFC, Unix line endings, no stray controls, no trailing spaces, no leading blank lines."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip("\n")


def split_paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Paragraphs are blocks between blank lines; with no blank line at all, each line."""
    if _BLANK_LINES.search(text):
        separators = list(_BLANK_LINES.finditer(text))
    else:
        separators = list(re.finditer(r"\n+", text))
    spans: list[tuple[int, int]] = []
    start = 0
    for sep in separators:
        if sep.start() > start:
            spans.append((start, sep.start()))
        start = sep.end()
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is an error."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        if b"\x00" in data:
            raise InputError(f"{name}: binary data (NUL bytes), not a text file")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid {encoding.upper()} at byte {exc.start}; "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None


def from_bytes(data: bytes, name: str) -> Document:
    text = normalize(decode(data, name))
    if not text.strip():
        raise InputError(f"{name}: empty, nothing to brief")
    return Document(
        name=name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        paragraphs=split_paragraphs(text),
    )


def _read_limited(stream: BinaryIO, name: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{name}: larger than the {_human(max_bytes)} limit (see --max-bytes)")
    return data


def _human(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def read_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file (or stdin for "-") as a Document, or raise InputError with one line."""
    if path == "-":
        return from_bytes(_read_limited(sys.stdin.buffer, STDIN_NAME, max_bytes), STDIN_NAME)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory; pass the files in it")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file")
    if info.st_size > max_bytes:
        raise InputError(f"{path}: larger than the {_human(max_bytes)} limit (see --max-bytes)")
    try:
        with open(path, "rb") as fh:
            data = _read_limited(fh, path, max_bytes)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return from_bytes(data, path)


def expand_inputs(paths: Iterable[str]) -> list[str]:
    """Folders become the text files in them, sorted; other paths pass through unchanged."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in {".txt", ".md", ".markdown", ".text"}
            )
            if not found:
                raise InputError(f"{raw}: folder holds no .txt or .md files")
            out.extend(found)
        else:
            out.append(raw)
    return out
