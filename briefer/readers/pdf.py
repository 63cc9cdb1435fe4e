"""PDF reports: the text layer, page by page, rebuilt into the paragraphs a reader sees.

pypdf gives each page's lines with their height on the page. From them: running headers
and footers (lines at a page's top or bottom that repeat across pages, page numbers) are
removed; a line ends its paragraph after a vertical gap wider than the page's line
spacing, or when it ends a sentence well short of the full line width; words hyphenated
at a line end are joined again.

pypdf rather than pdfminer.six: pure Python with no dependencies (pdfminer.six brings
cryptography and charset-normalizer), it reads a page's lines with their positions, which
is all the paragraph rebuilding needs, and it tells encrypted files apart cleanly.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import re
import statistics
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from briefer.errors import InputError
from briefer.readers import Extracted, needs

EDGE_LINES = 2
"""How many lines at the top and at the bottom of a page may be a running header or footer."""
_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_HYPHENATED = re.compile(r"(\w+)-$")
_WORDS = re.compile(r"\w+(?:-\w+)*")
_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
MIN_TEXT_CHARS = 40
"""Fewer letters than this in the whole text layer: a scan, not a text document."""


@dataclass
class _Line:
    text: str
    y: float | None
    x: float | None = None


def read_pdf(data: bytes, name: str) -> Extracted:
    pypdf = needs("pypdf", "PDF files", name)
    with _quiet():
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not _unlock(reader):
                raise InputError(
                    f"{name}: the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt)"
                )
            pages = [_page_lines(page) for page in reader.pages]
            meta = reader.metadata or {}
        except InputError:
            raise
        except Exception:  # pypdf raises many kinds on damaged files
            raise InputError(f"{name}: not a readable PDF (damaged or not a PDF)") from None
    pages = strip_running_lines(pages)
    text = rebuild(pages)
    if sum(c.isalpha() for c in text) < MIN_TEXT_CHARS:
        raise InputError(
            f"{name}: the PDF has no text layer (a scan?); run OCR first (e.g. ocrmypdf)"
        )
    return Extracted(text, _meta(meta, "/Title"), _date(meta), _meta(meta, "/Author"))


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pypdf reports what it repairs through logging and warnings; the user gets one line."""
    logger = logging.getLogger("pypdf")
    old = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(old)


def _unlock(reader: Any) -> bool:
    """Files encrypted with an empty user password (permissions only) open without one."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an unsupported algorithm or a missing crypto library
        return False


def _page_lines(page: Any) -> list[_Line]:
    """The page's lines in reading order, each with the height where it starts."""
    lines: list[_Line] = []
    current: list[str] = []
    at: tuple[float, float] | None = None

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        nonlocal at
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                lines.append(_line("".join(current), at))
                current.clear()
                at = None
            if piece.strip() and at is None:
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                at = (x, tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
            current.append(piece)

    page.extract_text(visitor_text=visit)
    lines.append(_line("".join(current), at))
    return [line for line in lines if line.text]


def _line(text: str, at: tuple[float, float] | None) -> _Line:
    x, y = at if at is not None else (None, None)
    return _Line(" ".join(text.split()), y, x)


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def strip_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Without the lines at a page's top or bottom that are page numbers or that repeat (up
    to their numbers) on at least half the pages, two at least."""
    seen: Counter[str] = Counter()
    for lines in pages:
        edges = {_edge_key(x.text) for x in lines[:EDGE_LINES] + lines[-EDGE_LINES:]}
        seen.update(edges)
    running = {k for k, n in seen.items() if n >= 2 and n >= len(pages) / 2}
    out = []
    for lines in pages:
        keep = list(lines)
        for edge in (range(min(EDGE_LINES, len(keep))), range(-1, -EDGE_LINES - 1, -1)):
            drop = []
            for i in edge:
                if -len(keep) <= i < len(keep):
                    text = keep[i].text
                    if _edge_key(text) in running or _PAGE_NUMBER.fullmatch(text):
                        drop.append(keep[i])
                    else:
                        break  # only what sits at the very edge
            keep = [x for x in keep if not any(x is d for d in drop)]
        out.append(keep)
    return out


def rebuild(pages: list[list[_Line]]) -> str:
    """Paragraphs from lines: joined within a paragraph (hyphenation undone), blank lines
    between paragraphs."""
    paragraphs: list[str] = []
    current = ""
    words = {w.lower() for lines in pages for x in lines for w in _WORDS.findall(x.text)}
    for lines in pages:
        full = max((len(x.text) for x in lines), default=0)
        spacing = _line_spacing(lines)
        margin = _left_margin(lines)
        for i, line in enumerate(lines):
            if current and i > 0 and _breaks(lines[i - 1], line, full, spacing, margin):
                paragraphs.append(current)
                current = ""
            current = _join(current, line.text, words)
        # a paragraph ends at a page's end only where the text says so
        if current and lines and _short_end(lines[-1].text, full):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def _line_spacing(lines: list[_Line]) -> float | None:
    gaps = [
        a.y - b.y
        for a, b in itertools.pairwise(lines)
        if a.y is not None and b.y is not None and a.y > b.y
    ]
    return statistics.median(gaps) if gaps else None


def _left_margin(lines: list[_Line]) -> float | None:
    """Where most lines start: the text's left edge."""
    starts = Counter(round(x.x) for x in lines if x.x is not None)
    return float(starts.most_common(1)[0][0]) if starts else None


def _breaks(
    prev: _Line, line: _Line, full: int, spacing: float | None, margin: float | None
) -> bool:
    if spacing and prev.y is not None and line.y is not None:
        gap = prev.y - line.y
        if gap > spacing * 1.4 or gap < 0:  # a wider gap, or a new column
            return True
    indented = margin is not None and line.x is not None and 4 <= line.x - margin <= 60
    if indented and _SENTENCE_END.search(prev.text):  # a first line after a finished sentence
        return True
    return _short_end(prev.text, full)


def _short_end(text: str, full: int) -> bool:
    """A sentence that ends well before the line is full ends its paragraph."""
    return bool(_SENTENCE_END.search(text)) and len(text) < 0.7 * full


def _join(current: str, text: str, words: set[str]) -> str:
    """`text` after `current`, undoing a hyphenation at the line end: "negoti-" "ations"
    joins up, but a compound the text writes with its hyphen elsewhere ("twelve-day") or
    one before a capital ("Anglo-French") keeps it."""
    if not current:
        return text
    m = _HYPHENATED.search(current)
    tail = re.match(r"\w+", text)
    if m and tail:
        head, rest = m.group(1).lower(), tail.group(0).lower()
        if f"{head}-{rest}" in words:
            return current + text
        if head + rest in words or text[:1].islower():
            return current[:-1] + text
        return current + text
    return f"{current} {text}"


def _meta(meta: Any, key: str) -> str | None:
    try:
        value = meta.get(key)
    except Exception:
        return None
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _date(meta: Any) -> str | None:
    raw = _meta(meta, "/CreationDate") or ""
    m = _DATE.match(raw)
    if not m:
        return None
    return "-".join(part for part in m.groups() if part)
