"""Reading articles: validation, decoding, normalisation and paragraph offsets.

Everything after this module works on `Document.text`, the normalised text, and its
character offsets; quotes are checked and paragraphs cited against that same text.
"""

from __future__ import annotations

import bisect
import codecs
import errno
import glob
import hashlib
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from briefer.errors import ConfigError, InputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
STDIN_NAME = "<stdin>"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
DOCUMENT_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".pdf", ".docx"})
"""Read by briefer.readers (the `docs` extra); folders and patterns pick them up too."""
SOURCE_SUFFIXES = TEXT_SUFFIXES | DOCUMENT_SUFFIXES
MEMO_SUFFIX = ".brief.md"
"""How briefer names the Markdown memos it writes into a folder."""
OUTPUT_SUFFIXES = (MEMO_SUFFIX, ".brief.json", ".brief.html")
"""briefer's own outputs, never read back as articles from a folder or a pattern."""
_GLOB_MAGIC = re.compile(r"[*?[]")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")

# C0/C1 controls other than tab and newline, plus the BOM and invisible format marks (zero
# width space, word joiner, soft hyphen) that only get in the way of matching quotes.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\u200b\u2060\u00ad]")
# Characters that end a line in some convention; all become "\n" (form feed: a page break,
# so a paragraph break).
_LINE_ENDS = str.maketrans({"\x0b": "\n", "\x0c": "\n\n", "\x85": "\n", "\u2028": "\n"})
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_NEWLINES = re.compile(r"\n+")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)  # checked before UTF-16: same prefix
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class Origin:
    """Where a document's text came from: a file, a URL or stdin, and as what."""

    kind: str
    """"file", "url" or "stdin"."""
    location: str
    """The path, the URL finally read (after redirects), or "<stdin>"."""
    content_type: str
    """A MIME type: text/plain, text/html, application/pdf, ..."""


@dataclass(frozen=True)
class Document:
    """A normalised article with its paragraph boundaries (character offsets into `text`)."""

    name: str
    text: str
    sha256: str
    """Of the input's bytes as given (the file, the HTTP body, stdin)."""
    paragraphs: tuple[tuple[int, int], ...] = field(repr=False)
    encoding: str = "utf-8"
    """The encoding the bytes were read in (detected when they were not UTF-8)."""
    notes: tuple[str, ...] = ()
    """What reading had to do that the user should hear of (an encoding guessed, mojibake
    repaired), one line each."""
    origin: Origin | None = None
    title: str | None = None
    """The document's own title (HTML metadata, PDF or DOCX properties), if it has one."""
    published: str | None = None
    """The document's own date, ISO 8601 (YYYY-MM-DD), if it states one."""
    author: str | None = None

    @cached_property
    def words(self) -> int:
        return count_words(self.text)

    @cached_property
    def text_sha256(self) -> str:
        """Of the text briefer reads (UTF-8), the one ¶ numbers and quotes refer to."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [start for start, _end in self.paragraphs]

    def paragraph_at(self, offset: int) -> int:
        """1-based number of the paragraph holding `offset` (the one before, in a gap).

        Offsets before the first paragraph give 1 and past the end the last, so a citation
        is always a real paragraph number.
        """
        return max(1, bisect.bisect_right(self._paragraph_starts, offset))


def count_words(text: str) -> int:
    """Words as a reader counts them: hyphenated and apostrophe words count once."""
    return len(_WORD.findall(text))


def normalize(text: str) -> str:
    """NFC, Unix line endings, no stray controls, no trailing spaces, no leading blank lines.

    Quotes from a model are matched against this text, so invisible differences (composed
    vs decomposed accents, CRLF, zero-width marks) must not exist in it.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text.translate(_LINE_ENDS))
    text = unicodedata.normalize("NFC", text)  # after removals, so marks they split compose
    # Line by line, not a regex: a lookahead after a long space run would go quadratic.
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def split_paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Paragraphs are blocks between blank lines; with no blank line at all, each line."""
    pattern = _BLANK_LINES if _BLANK_LINES.search(text) else _NEWLINES
    spans: list[tuple[int, int]] = []
    start = 0
    for sep in pattern.finditer(text):
        if sep.start() > start:
            spans.append((start, sep.start()))
        start = sep.end()
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with a BOM, or a detected legacy encoding."""
    return _decode(data, name)[0]


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and the encoding it was read in."""
    skipped = 0
    if data.startswith(codecs.BOM_UTF8):
        encoding, skipped = "utf-8", len(codecs.BOM_UTF8)
    elif data.startswith(_UTF32_BOMS):
        encoding = "utf-32"
    elif data.startswith(_UTF16_BOMS):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        if b"\x00" in data:
            hint = ""
            if data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4:
                hint = "; if it is UTF-16 text, save it as UTF-8"
            raise InputError(f"{name}: binary data (NUL bytes), not a text file{hint}")
    try:
        text = data[skipped:].decode(encoding)
    except UnicodeDecodeError as exc:
        legacy = _legacy(data) if encoding == "utf-8" and not skipped else None
        if legacy is None:
            nor = ", nor text in an encoding briefer can detect" if not skipped else ""
            raise InputError(
                f"{name}: not valid {encoding.upper()} at byte {exc.start + skipped}{nor}; "
                "convert it to UTF-8 first"
            ) from None
        text, encoding = legacy
    if "\x00" in text:
        raise InputError(f"{name}: binary data (NUL characters), not a text file")
    return text, encoding


_PREFERRED_LEGACY = "cp1252"
"""Among equally plausible readings, Windows-1252: Western text is the common case, and it
reads every Latin-1 letter alike and keeps curly quotes and dashes (0x80-0x9F)."""
_CHAOS_SLACK = 0.01
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _legacy(data: bytes) -> tuple[str, str] | None:
    """Text in a legacy encoding as charset-normalizer detects it, or None if none fits.

    The detector ranks single-byte code pages poorly on short Western text (cp850 before
    Windows-1252), so any reading about as plausible as its best that Windows-1252 gives
    wins. A reading full of control characters is binary, not text.
    """
    from charset_normalizer import from_bytes as detect

    matches = list(detect(data))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    plausible = [m for m in matches if m.chaos <= least + _CHAOS_SLACK]
    encoding = plausible[0].encoding
    if any(_PREFERRED_LEGACY in m.could_be_from_charset for m in plausible):
        encoding = _PREFERRED_LEGACY
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if len(_CONTROLS.findall(text)) > len(text) // 200:
        return None
    return text, encoding


# A lead character of a UTF-8 sequence read as Windows-1252 or Latin-1 ("Ã", "â"), then a
# continuation byte read the same way: the mark of mojibake. Only text holding one is
# handed to ftfy, so clean text never loads it.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]"
)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 that was once decoded as Windows-1252 or Latin-1 ("cafÃ©" -> "café"),
    where ftfy is sure; ftfy's other fixes (quotes, ligatures, widths) are not applied."""
    if not _MOJIBAKE.search(text):
        return text, False
    import ftfy

    fixed = ftfy.fix_encoding(text)
    return fixed, fixed != text


def from_bytes(data: bytes, name: str, origin: Origin | None = None) -> Document:
    """Decode, normalise and check raw bytes; `sha256` is of the bytes as given."""
    raw, encoding = _decode(data, name)
    notes: list[str] = []
    if encoding not in ("utf-8", "utf-16", "utf-32"):
        notes.append(f"not UTF-8; read as {encoding} (detected)")
    raw, repaired = repair_mojibake(raw)  # before normalising: it removes C1 controls
    if repaired:
        notes.append("repaired mojibake (ftfy)")
    return from_text(raw, name, data, origin, encoding=encoding, notes=tuple(notes))


def from_text(
    text: str,
    name: str,
    data: bytes,
    origin: Origin | None = None,
    title: str | None = None,
    published: str | None = None,
    author: str | None = None,
    *,
    encoding: str = "utf-8",
    notes: tuple[str, ...] = (),
) -> Document:
    """A Document of text read from `data` (the input's bytes as given)."""
    text = normalize(text)
    if not text.strip():
        raise InputError(f"{name}: empty, nothing to brief")
    return Document(
        name=name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        paragraphs=split_paragraphs(text),
        encoding=encoding,
        notes=tuple(notes),
        origin=origin,
        title=title,
        published=published,
        author=author,
    )


def _read_limited(stream: BinaryIO, name: str, max_bytes: int) -> bytes:
    """Read at most the limit (plus one byte, to tell "too large" from "exactly full")."""
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        block = stream.read(max_bytes + 1 - size)
        if not block:
            break
        chunks.append(block)
        size += len(block)
    if size > max_bytes:
        raise InputError(f"{name}: larger than the {human_size(max_bytes)} limit (see --max-bytes)")
    return b"".join(chunks)


def human_size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def shown(path: str) -> str:
    """The path as it goes into a one-line message: control characters escaped."""
    return path if path.isprintable() else repr(path)


def read_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one text file (or stdin for "-") as a Document, or raise InputError with one line."""
    data = read_bytes(path, max_bytes)
    if path == "-":
        return from_bytes(data, STDIN_NAME, Origin("stdin", STDIN_NAME, "text/plain"))
    return from_bytes(data, shown(path), Origin("file", path, "text/plain"))


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one file (or stdin for "-"), or InputError with one line.

    The file is opened non-blocking and checked with fstat before any read, so a FIFO or a
    device is refused without blocking, a huge file without reading it, and nothing can swap
    the path between the check and the read.
    """
    if max_bytes < 1:
        raise ConfigError("--max-bytes must be at least 1")
    if path == "-":
        return _read_stdin(max_bytes)
    name = shown(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        _check_file(os.stat(path), name, max_bytes)  # refuse devices before opening them
        fd = os.open(path, flags)
        with open(fd, "rb") as fh:
            _check_file(os.fstat(fd), name, max_bytes)  # the file we opened is the one checked
            data = _read_limited(fh, name, max_bytes)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory; pass the files in it") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({_reason(exc)})") from None
    return data


def _check_file(info: os.stat_result, name: str, max_bytes: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name}: is a directory; pass the files in it")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name}: not a regular file")
    if info.st_size > max_bytes:
        raise InputError(
            f"{name}: {human_size(info.st_size)}, larger than the {human_size(max_bytes)} limit "
            "(see --max-bytes)"
        )


def _read_stdin(max_bytes: int) -> bytes:
    stream = sys.stdin
    if stream is None or not hasattr(stream, "buffer"):
        raise InputError(f"{STDIN_NAME}: no standard input to read")
    if stream.isatty():
        raise InputError(f"{STDIN_NAME}: is a terminal; pipe an article in or pass a file")
    try:
        return _read_limited(stream.buffer, STDIN_NAME, max_bytes)
    except OSError as exc:
        raise InputError(f"{STDIN_NAME}: cannot read ({_reason(exc)})") from None


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return exc.strerror or str(exc)


def _is_memo(name: str) -> bool:
    return name.lower().endswith(OUTPUT_SUFFIXES)


def is_url(name: str) -> bool:
    """Anything with a scheme ("https://", "ftp://"): fetched, or refused, never a path."""
    return _URL.match(name) is not None


def expand_inputs(paths: Iterable[str]) -> list[str]:
    """Folders become the articles in them (text, HTML, PDF, DOCX), sorted; so do glob
    patterns ("a/**/*.txt") that name no file themselves; URLs and other paths pass through.

    Hidden files and folders (a leading dot) are skipped: they are tool state, not articles.
    So are briefer's own memos (`*.brief.md`), so briefing a folder twice, or one that holds
    memos beside their articles, never briefs a brief.
    """
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if raw == "-" or is_url(raw):
            out.append(raw)
        elif p.is_dir():
            try:
                found = sorted(
                    str(f)
                    for f in p.rglob("*")
                    if f.suffix.lower() in SOURCE_SUFFIXES
                    and not _is_memo(f.name)
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                    and f.is_file()
                )
            except OSError as exc:
                raise InputError(f"{shown(raw)}: cannot list ({_reason(exc)})") from None
            if not found:
                raise InputError(
                    f"{shown(raw)}: folder holds no articles (.txt, .md, .html, .pdf, .docx) "
                    "other than memos"
                )
            out.extend(found)
        elif _GLOB_MAGIC.search(raw) and not p.exists():
            # A pattern the shell left alone (quoted, or a shell that does not expand).
            matches = sorted(
                f for f in glob.glob(raw, recursive=True) if not _is_memo(f) and Path(f).is_file()
            )
            if not matches:
                raise InputError(f"{shown(raw)}: no file matches")
            out.extend(matches)
        else:
            out.append(raw)
    return out
