"""Every kind of source as a Document: text files, web pages, PDF, Word, URLs, stdin.

Files go by suffix, URLs by the content type the server gives, stdin by its first bytes. The
parsers (trafilatura, pypdf, python-docx) come with the `docs` extra and are imported only
when a document of their kind is met, so briefing a text file never pays for them.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from briefer import source
from briefer.errors import InputError
from briefer.source import Document, Origin

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FETCH_TIMEOUT = 30.0
KIND_TYPES = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": DOCX_TYPE,
}
_SUFFIX_KINDS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
_TYPE_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    DOCX_TYPE: "docx",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_UNSUPPORTED = {
    ".doc": "Word 97-2003 files (.doc) are not read; save it as .docx",
    ".rtf": "RTF files are not read; save it as .docx or plain text",
    ".odt": "OpenDocument files are not read; save it as .docx",
}


@dataclass(frozen=True)
class Extracted:
    """What a parser gives: the article's text (paragraphs between blank lines) and the
    document's own title and date, when it states them."""

    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None


def load(name: str, max_bytes: int, fetch_timeout: float = FETCH_TIMEOUT) -> Document:
    """Read one input ("-", a URL or a path) as a Document, or raise a one-line error."""
    if name == "-":
        data = source.read_bytes("-", max_bytes)
        kind = sniff(data)
        origin = Origin("stdin", source.STDIN_NAME, KIND_TYPES[kind])
        return build(data, source.STDIN_NAME, origin, kind)
    if source.is_url(name):
        from briefer.fetch import fetch

        got = fetch(name, max_bytes, fetch_timeout)
        kind = kind_of_answer(got.content_type, got.data, name)
        return build(got.data, name, Origin("url", got.url, got.content_type), kind, got.url)
    suffix = Path(name).suffix.lower()
    if suffix in _UNSUPPORTED:
        raise InputError(f"{source.shown(name)}: {_UNSUPPORTED[suffix]}")
    kind = _SUFFIX_KINDS.get(suffix, "text")
    data = source.read_bytes(name, max_bytes)
    return build(data, source.shown(name), Origin("file", name, KIND_TYPES[kind]), kind)


def build(data: bytes, name: str, origin: Origin, kind: str, url: str | None = None) -> Document:
    """The Document of `data` read as `kind`; `name` is how messages and the memo call it."""
    if kind in ("text", "markdown"):
        return source.from_bytes(data, name, origin)
    got = extract(kind, data, name, url)
    if not got.text.strip():
        raise InputError(f"{name}: no article text found in it")
    published = got.published if got.published and _ISO_DATE.fullmatch(got.published) else None
    return source.from_text(got.text, name, data, origin, got.title, published, got.author)


def extract(kind: str, data: bytes, name: str, url: str | None = None) -> Extracted:
    if kind == "html":
        from briefer.readers.html import read_html

        return read_html(data, name, url)
    if kind == "pdf":
        from briefer.readers.pdf import read_pdf

        return read_pdf(data, name)
    if kind == "docx":
        from briefer.readers.word import read_docx

        return read_docx(data, name)
    raise ValueError(f"unknown kind {kind!r}")


def sniff(data: bytes) -> str:
    """The kind of bytes that came with no name or type (stdin): by their first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith(b"pk\x03\x04"):
        return "docx"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "text"


def kind_of_answer(content_type: str, data: bytes, url: str) -> str:
    """The kind of an HTTP answer: its content type, or its first bytes when the type says
    nothing (none, or application/octet-stream). Anything else is not an article."""
    media = content_type.split(";")[0].strip().lower()
    if media in _TYPE_KINDS:
        return _TYPE_KINDS[media]
    if media.startswith("text/"):
        return "text"
    if media in ("", "application/octet-stream", "binary/octet-stream"):
        kind = sniff(data)
        if kind != "text" or b"\x00" not in data[:4096]:
            return kind
    raise InputError(f"{url}: not an article (content type {media or 'none'}, binary data)")


def needs(module: str, what: str, name: str) -> ModuleType:
    """Import a parser of the `docs` extra, or say in one line what to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(
            f"{name}: reading {what} needs the docs extra: pip install 'briefer-intel[docs]'"
        ) from None
