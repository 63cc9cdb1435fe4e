"""Test documents made here, never downloaded: PDFs written byte by byte, DOCX by python-docx,
web pages wrapped in a news site's boilerplate.

    python tests/docgen.py OUTDIR     # writes report.pdf, memo.docx, page.html to look at

The PDF writer lays text out like a printed report: running header and footer with page
numbers, words hyphenated at line ends, paragraphs separated by a gap, several pages.
"""

from __future__ import annotations

import html
import io
import sys
from pathlib import Path

PAGE_W, PAGE_H = 595, 842
LEFT, TOP, BOTTOM = 72, 770, 72
LEADING = 14
WIDTH = 72  # characters per line


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(pages: list[list[tuple[float, float, str]]], *, info_title: str = "") -> bytes:
    """A valid PDF whose pages draw the given lines (x, y, text) in Helvetica 11pt."""
    objects: list[bytes] = []
    kids = []
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 info, then (page, content) pairs
    for i, lines in enumerate(pages):
        page_no, content_no = 5 + 2 * i, 6 + 2 * i
        kids.append(f"{page_no} 0 R")
        ops = ["BT", "/F1 11 Tf"]
        for x, y, text in lines:
            ops.append(f"1 0 0 1 {x:g} {y:g} Tm ({_esc(text)}) Tj")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_no} 0 R >>".encode()
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n_pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Title ({_esc(info_title)}) /CreationDate (D:20240307120000Z) >>".encode("latin-1"),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(head + objects, start=1):
        offsets.append(out.tell())
        out.write(f"{num} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R /Info 4 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _wrap(paragraph: str) -> list[str]:
    """Lines of at most WIDTH characters; a long word that does not fit is hyphenated."""
    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        candidate = f"{line} {word}".strip()
        if len(candidate) <= WIDTH:
            line = candidate
            continue
        room = WIDTH - len(line) - 2  # a space and the hyphen
        if word.isalpha() and len(word) >= 8 and room >= 4 and len(word) - room >= 3:
            lines.append(f"{line} {word[:room]}-".strip())
            line = word[room:]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def report_pdf(
    paragraphs: list[str],
    *,
    header: str = "Harbour Authority - Quarterly Report",
    title: str = "",
    lines_per_page: int = 40,
    indent: bool = False,
) -> bytes:
    """A report laid out over as many pages as it takes, with a running header and a
    "Page N of M" footer on each page. Paragraphs are set apart by a gap, or with `indent`
    by an indented first line and no gap (as books and many reports are set)."""
    rows: list[str | None] = []  # None: the gap between paragraphs; "\t": indent the line
    for p in paragraphs:
        if rows and not indent:
            rows.append(None)
        lines = _wrap(p)
        rows.extend(["\t" + lines[0], *lines[1:]] if indent else lines)
    chunks = [rows[i : i + lines_per_page] for i in range(0, len(rows), lines_per_page)]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        lines: list[tuple[float, float, str]] = [(LEFT, PAGE_H - 40, header)]
        y = TOP
        for row in chunk:
            if row is not None:
                x = LEFT + 18 if row.startswith("\t") else LEFT
                lines.append((x, y, row.lstrip("\t")))
            y -= LEADING if row is not None else LEADING * 0.8
        lines.append((PAGE_W / 2 - 30, 36, f"Page {n} of {len(chunks)}"))
        pages.append(lines)
    return pdf_bytes(pages, info_title=title)


def scanned_pdf() -> bytes:
    """A page with no text layer (what a scanner makes, less the image)."""
    return pdf_bytes([[]])


def encrypted_pdf(data: bytes, password: str = "s3cret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def memo_docx(
    title: str, blocks: list[tuple[str, str]], *, table: list[list[str]] | None = None
) -> bytes:
    """A Word file: `blocks` are (style, text), style "h1"/"h2" for headings, "" for body."""
    import datetime as dt

    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Mira Castell"
    document.core_properties.created = dt.datetime(2024, 3, 7, 9, 0)
    document.add_heading(title, level=0)
    for style, text in blocks:
        if style.startswith("h"):
            document.add_heading(text, level=int(style[1:]))
        else:
            document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# A news site's page around an article: navigation, cookie banner, share buttons, related
# stories, newsletter box, comments and footer, as real sites have them.
_SITE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Meridian Herald</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:site_name" content="The Meridian Herald">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{date}T08:30:00Z">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}</script>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience
and to show you personalised advertising. By continuing to browse you agree to our use of
cookies.</p><button>Accept all</button><button>Manage preferences</button></div>
<header class="site-header"><a class="logo" href="/">The Meridian Herald</a>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/technology">Technology</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
<form class="search"><input type="search" placeholder="Search the Herald"></form></header>
<div class="ad-slot leaderboard">Advertisement</div>
<main><nav class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/news">News</a></nav>
<article class="story">
<h1 class="headline">{title}</h1>
<div class="byline">By <a rel="author" href="/authors/staff">{author}</a> ·
<time datetime="{date}">{date}</time></div>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
<a href="#">Email this story</a></div>
<div class="story-body">
{body}
</div>
<div class="tags">Topics: <a href="/t/news">News</a> <a href="/t/world">World</a></div>
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a/1">Markets close higher as investors weigh rate outlook</a></li>
<li><a href="/a/2">Ten things to watch in the coming week</a></li>
<li><a href="/a/3">Opinion: Why the old rules no longer apply</a></li></ul></aside>
<div class="newsletter"><h3>Get the morning briefing</h3><p>Sign up for our daily
newsletter and never miss a story.</p><input type="email" placeholder="Your email">
<button>Sign up</button></div>
<section class="comments" id="comments"><h2>Comments (3)</h2>
<div class="comment"><p class="who">reader_1984</p><p>This is exactly what I have been
saying for years. Nobody listens.</p></div>
<div class="comment"><p class="who">J. Smith</p><p>Does anyone have a link to the full
report mentioned here?</p></div>
<div class="comment"><p class="who">Concerned citizen</p><p>Terrible news, thanks for
covering it.</p></div></section>
</main>
<footer class="site-footer"><p>&copy; 2024 The Meridian Herald. All rights reserved.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
</footer>
<script src="/static/app.js"></script>
</body></html>
"""


_LEAD_FIGURE = (
    '<figure class="lead-image"><img src="/img/lead.jpg" alt="">'
    "<figcaption>The scene on the day. Photograph: Herald archive</figcaption></figure>"
)
_INLINE_AD = (
    '<div class="ad-inline" aria-label="advertisement"><span>Advertisement</span></div>\n'
    '<p class="read-more"><strong>Read more:</strong> '
    '<a href="/a/4">What the new rules mean for you</a></p>'
)


def news_page(
    title: str, paragraphs: list[str], *, author: str = "Staff Reporter", date: str = "2024-03-07"
) -> str:
    """`paragraphs` as a news site's article page, with all the boilerplate around it."""
    blocks = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    if len(blocks) >= 3:  # what sites put between paragraphs
        blocks.insert(2, _INLINE_AD)
    body = _LEAD_FIGURE + "\n" + "\n".join(blocks)
    esc = html.escape
    return _SITE.format(title=esc(title), author=esc(author), date=esc(date), body=body)


TITLE = "Harbour traffic falls after strike"
PARAGRAPHS = [
    "The harbour authority of Valmora said on Tuesday that container traffic fell by a third "
    "in the first quarter, after a twelve-day strike closed the southern terminals.",
    '"We expect volumes to recover by the summer," said Ilse Marrow, the authority\'s '
    "director of operations. She said the backlog of unloaded vessels had been cleared.",
    "The dockworkers' union said the agreement reached on March 7 raised wages by six percent "
    "over two years. Its leader, Tomas Brenn, warned that the union would strike again if the "
    "authority went back on its commitments on overtime and safety inspections.",
    "Independent shipping consultants described the administrative reorganisation of the "
    "terminals as overdue, noting that infrastructure investment had stalled internationally "
    "recognised modernisation programmes for nearly a decade.",
    "The regional government said it would publish an assessment of the economic consequences "
    "of the stoppage, including the compensation claims of refrigerated-cargo exporters, "
    "before the end of April.",
]
"""An article of our own (not from the shared corpus), with words long enough to be
hyphenated at line ends when laid out as a PDF."""


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else ".")
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.pdf").write_bytes(report_pdf(PARAGRAPHS * 4, title="Quarterly report"))
    blocks = [("h1", "Summary"), *[("", p) for p in PARAGRAPHS]]
    (out / "memo.docx").write_bytes(memo_docx("Harbour strike: where it stands", blocks))
    page = news_page(TITLE, PARAGRAPHS)
    (out / "page.html").write_text(page, encoding="utf-8")
    for name in ("report.pdf", "memo.docx", "page.html"):
        print(out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


__all__ = ["encrypted_pdf", "memo_docx", "news_page", "pdf_bytes", "report_pdf"]
