"""Web pages: the article's main text, title, author and date, by trafilatura.

Navigation, cookie banners, related links, comments and footers are left out; each block
of the article (paragraph, heading, list item) becomes one ¶ paragraph, headline first.
"""

from __future__ import annotations

import re
from typing import Any

from briefer.readers import Extracted, needs

MIN_WORDS = 10
# Links to other stories that sites put between an article's paragraphs.
_TEASER = re.compile(
    r"(?:read more|read also|also read|related|see also|more on this story|watch|listen"
    r"|advertisement|sponsored)\b\s*[:|»›>-]",
    re.IGNORECASE,
)


def read_html(data: bytes, name: str, url: str | None = None) -> Extracted:
    trafilatura = needs("trafilatura", "web pages", name)
    try:
        doc: Any = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
        )
    except Exception:  # lxml and trafilatura raise many kinds on markup they cannot parse
        doc = None
    if doc is None or not (doc.text or "").strip():
        return Extracted("")
    blocks = [" ".join(line.split()) for line in doc.text.split("\n")]
    blocks = [b for b in blocks if b and not _teaser(b)]
    if sum(len(b.split()) for b in blocks) < MIN_WORDS:  # a menu or a stub, not an article
        return Extracted("")
    title = _clean(doc.title)
    if title and (not blocks or _fold(blocks[0]) != _fold(title)):
        blocks.insert(0, title)
    return Extracted("\n\n".join(blocks), title, _clean(doc.date), _clean(doc.author))


def _teaser(block: str) -> bool:
    return len(block.split()) <= 20 and _TEASER.match(block) is not None


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _fold(text: str) -> str:
    return " ".join(text.lower().split())
