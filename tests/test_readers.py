"""Reading web pages, PDF and Word files into the text briefer cites (briefer.readers).

Every document here is made by tests/docgen.py; nothing is downloaded.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from docgen import (
    PARAGRAPHS,
    TITLE,
    encrypted_pdf,
    memo_docx,
    news_page,
    pdf_bytes,
    report_pdf,
    scanned_pdf,
)

from briefer import readers, source
from briefer.errors import InputError

pytest.importorskip("trafilatura")
pytest.importorskip("pypdf")
pytest.importorskip("docx")


def paragraphs(doc: source.Document) -> list[str]:
    return [doc.text[a:b] for a, b in doc.paragraphs]


def write(tmp: Path, name: str, data: bytes | str) -> str:
    path = tmp / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


# -- HTML ---------------------------------------------------------------------------------


def test_web_page_gives_the_article_without_the_site(tmp_path: Path) -> None:
    page = news_page(TITLE, PARAGRAPHS, author="Ana Lintz", date="2024-03-07")
    doc = readers.load(write(tmp_path, "story.html", page), 10**6)
    assert paragraphs(doc) == [TITLE, *PARAGRAPHS]
    assert (doc.title, doc.author, doc.published) == (TITLE, "Ana Lintz", "2024-03-07")
    for boilerplate in (
        "cookies",
        "Subscribe",
        "Related stories",
        "reader_1984",
        "newsletter",
        "Read more",
        "Advertisement",
        "Photograph",
    ):
        assert boilerplate not in doc.text
    assert doc.origin == source.Origin("file", str(tmp_path / "story.html"), "text/html")


def test_link_teasers_between_paragraphs_go_but_sentences_stay() -> None:
    from briefer.readers.html import _teaser

    assert _teaser("Read more: Port unions threaten wider action")
    assert _teaser("RELATED | Ten things to watch")
    assert not _teaser("Related talks continued on Friday, the ministry said.")
    assert not _teaser("Watch: " + "word " * 30)


def test_web_page_with_no_article_is_exit_2(tmp_path: Path) -> None:
    page = "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(InputError, match="no article text"):
        readers.load(write(tmp_path, "empty.htm", page), 10**6)


def test_html_on_stdin_is_recognised() -> None:
    assert readers.sniff(b"\n<!DOCTYPE html><html>") == "html"
    assert readers.sniff(b"%PDF-1.7\n") == "pdf"
    assert readers.sniff(b"PK\x03\x04...") == "docx"
    assert readers.sniff(b"Plain words about <b>bold</b> things.") == "text"


# -- PDF ----------------------------------------------------------------------------------


def test_pdf_paragraphs_come_back_whole(tmp_path: Path) -> None:
    """Three pages with a running header and "Page N of M" footers, words hyphenated at
    line ends: the text is the paragraphs as written, nothing more."""
    from pypdf import PdfReader

    data = report_pdf(PARAGRAPHS * 3, title="Quarterly report")
    raw = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert len(PdfReader(io.BytesIO(data)).pages) >= 2
    assert "-\n" in raw  # the layout did hyphenate words at line ends
    doc = readers.load(write(tmp_path, "report.pdf", data), 10**6)
    assert paragraphs(doc) == PARAGRAPHS * 3
    assert "Quarterly Report" not in doc.text and "Page " not in doc.text
    assert (doc.title, doc.published) == ("Quarterly report", "2024-03-07")
    assert doc.origin is not None and doc.origin.content_type == "application/pdf"


def test_pdf_paragraphs_set_by_indent_alone(tmp_path: Path) -> None:
    """No gap between paragraphs, only an indented first line: still the paragraphs."""
    data = report_pdf(PARAGRAPHS * 3, indent=True)
    doc = readers.load(write(tmp_path, "indented.pdf", data), 10**6)
    assert paragraphs(doc) == PARAGRAPHS * 3


def test_pdf_keeps_compounds_written_with_a_hyphen() -> None:
    from briefer.readers.pdf import _join

    words = {"twelve-day", "negotiations"}
    assert _join("a twelve-", "day strike", words) == "a twelve-day strike"
    assert _join("the negoti-", "ations went on", words) == "the negotiations went on"
    assert _join("an Anglo-", "French plan", set()) == "an Anglo-French plan"
    assert _join("recon-", "struction", set()) == "reconstruction"


def test_pdf_paragraph_running_over_a_page_stays_one() -> None:
    long = " ".join(PARAGRAPHS[3].split() * 4)  # ~100 words, over many lines
    data = report_pdf([PARAGRAPHS[0], long], lines_per_page=6)
    got = readers.build(data, "r.pdf", source.Origin("file", "r.pdf", "application/pdf"), "pdf")
    assert paragraphs(got) == [PARAGRAPHS[0], long]


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (scanned_pdf, "no text layer"),
        (lambda: encrypted_pdf(report_pdf(PARAGRAPHS)), "encrypted"),
        (lambda: report_pdf(PARAGRAPHS)[:300], "PDF"),
        (lambda: b"%PDF-1.4\nthis is not a pdf at all", "not a readable PDF"),
    ],
    ids=["scan", "encrypted", "truncated", "garbage"],
)
def test_unreadable_pdfs_are_one_line_errors(tmp_path: Path, make, needle: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=needle) as info:
        readers.load(write(tmp_path, "bad.pdf", make()), 10**6)
    assert info.value.exit_code == 2
    assert "\n" not in str(info.value)


def test_pdf_open_with_an_empty_password_is_read(tmp_path: Path) -> None:
    data = encrypted_pdf(report_pdf(PARAGRAPHS * 3), password="")
    doc = readers.load(write(tmp_path, "open.pdf", data), 10**6)
    assert paragraphs(doc) == PARAGRAPHS * 3


def test_single_page_pdf_drops_its_page_number(tmp_path: Path) -> None:
    data = pdf_bytes(
        [[(72, 770, "One short statement by the harbour authority of Valmora."), (290, 36, "1")]]
    )
    doc = readers.load(write(tmp_path, "one.pdf", data), 10**6)
    assert doc.text == "One short statement by the harbour authority of Valmora."


# -- DOCX ---------------------------------------------------------------------------------


def test_docx_headings_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    blocks = [("h1", "Summary"), ("", PARAGRAPHS[0]), ("h2", "Details"), ("", PARAGRAPHS[1])]
    data = memo_docx("Harbour memo", blocks, table=[["Port", "Ships"], ["Valmora", "41"]])
    doc = readers.load(write(tmp_path, "memo.docx", data), 10**6)
    assert paragraphs(doc) == [
        "Harbour memo",
        "Summary",
        PARAGRAPHS[0],
        "Details",
        PARAGRAPHS[1],
        "Port | Ships",
        "Valmora | 41",
    ]
    assert (doc.title, doc.author, doc.published) == ("Harbour memo", "Mira Castell", "2024-03-07")


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable Word file"),
        ("notes.docx", b"just text", "not a readable Word file"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "save it as .docx"),
    ],
)
def test_bad_word_files_are_one_line_errors(
    tmp_path: Path, name: str, data: bytes, needle: str
) -> None:
    with pytest.raises(InputError, match=needle) as info:
        readers.load(write(tmp_path, name, data), 10**6)
    assert info.value.exit_code == 2


# -- without the docs extra, and without paying for it -----------------------------------


@pytest.mark.parametrize(
    ("module", "name", "data"),
    [
        ("trafilatura", "a.html", news_page(TITLE, PARAGRAPHS).encode()),
        ("pypdf", "a.pdf", report_pdf(PARAGRAPHS)),
        ("docx", "a.docx", memo_docx("T", [("", "x")])),
    ],
)
def test_missing_parser_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, name: str, data: bytes
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import raises ImportError
    with pytest.raises(InputError, match=r"pip install 'briefer-intel\[docs\]'") as info:
        readers.load(write(tmp_path, name, data), 10**6)
    assert info.value.exit_code == 2


def test_text_files_import_no_parser(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "The authority said traffic fell.\n")
    code = (
        "import sys; from briefer import readers; "
        f"readers.load({path!r}, 10**6); "
        "print(sorted(m for m in ('trafilatura', 'pypdf', 'docx', 'lxml', 'httpx2') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- folders and patterns -----------------------------------------------------------------


def test_folders_and_patterns_pick_up_documents_not_memos(tmp_path: Path) -> None:
    for name in (
        "a.txt",
        "b.html",
        "c.pdf",
        "d.docx",
        "e.htm",
        "a.brief.md",
        "b.brief.html",
        "c.brief.json",
        "f.png",
    ):
        (tmp_path / name).write_bytes(b"x")
    want = [str(tmp_path / n) for n in ("a.txt", "b.html", "c.pdf", "d.docx", "e.htm")]
    assert source.expand_inputs([str(tmp_path)]) == want
    assert source.expand_inputs([str(tmp_path / "*.*htm*")]) == [want[1], want[4]]


def test_urls_pass_through_expansion() -> None:
    url = "https://example.org/news?id=3&page=*"
    assert source.expand_inputs([url, "-"]) == [url, "-"]
