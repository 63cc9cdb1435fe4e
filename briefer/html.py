"""The brief as one self-contained HTML page beside its source, and an index of such pages.

The page (template `templates/page.html.j2`) shows the brief on the left, in the memo's
sections with every item, and the source text on the right, paragraph by paragraph with
its ¶ numbers. Each verified quote is highlighted where it stands (offsets from
`verify.locate`, the same check that marked it verified); each actor's names are underlined
in the source in a colour of its own, with a legend. Printed, the page shows the one-page
memo instead (the same items and clipping as the Markdown memo), so it fits one A4 page.

Everything on the page that comes from the article or the model reaches the template as
plain strings and is escaped by Jinja's autoescaping; no string is ever marked safe. The
only markup built here is the CSS and script, which are ours, and a Content-Security-Policy
that allows exactly them (by hash) and nothing else: no request can leave the page.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote as url_quote

import jinja2

from briefer.render import (
    TEMPLATE_DIR,
    Limits,
    count,
    full_context,
    kept,
    memo_context,
    num,
    one_line,
)
from briefer.schema import Actor, Brief
from briefer.source import Document
from briefer.verify import index_for

PAGE_TEMPLATE = "page.html.j2"
INDEX_TEMPLATE = "index.html.j2"
PAGE_SUFFIX = ".brief.html"
INDEX_NAME = "index.html"
_CSS = "page.css"
_JS = "page.js"
_MIN_NAME_CHARS = 2  # a one-letter "name" would mark every such letter in the text


@dataclass(frozen=True)
class Piece:
    """A run of source text with one set of marks: the quotes over it and the actor named."""

    text: str
    quotes: tuple[str, ...]
    actor: int | None


@dataclass(frozen=True)
class Paragraph:
    number: int
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Counts:
    """What the index lists for one page."""

    actors: int
    claims: int
    developments: int
    verified: int
    not_found: int


@dataclass(frozen=True)
class IndexEntry:
    """One input of a batch: its page and counts, or the error that stopped it."""

    name: str
    page: str | None = None
    counts: Counts | None = None
    error: str | None = None

    @property
    def href(self) -> str | None:
        """A relative link that no file name can turn into another scheme (`javascript:`)."""
        return None if self.page is None else "./" + url_quote(self.page)


def page_name(memo_stem: str) -> str:
    return memo_stem + PAGE_SUFFIX


@dataclass(frozen=True)
class Pane:
    """One source on the page: its number (1-based), name and marked paragraphs."""

    number: int
    path: str
    prefix: str  # of its paragraphs' ids: "p" alone, "s2-p" in a brief over several
    paragraphs: list[Paragraph]
    highlights: int

    @property
    def name(self) -> str:
        return Path(self.path).name


def render_page(
    brief: Brief,
    docs: Sequence[Document],
    *,
    limits: Limits | None = None,
    strict: bool = False,
    index_href: str | None = None,
) -> str:
    """The whole page as one string: HTML with its CSS and script inline.

    `docs` are the brief's sources in its order: one, or those of a `--merge` brief, which
    get one tab each. Every verified quote is keyed by its item (`c3`, `d1`) and, over
    several sources, by the source too (`c3s2`): the page highlights one key per quote.
    """
    screen = full_context(brief, strict)
    merged = len(docs) > 1
    items: list[list[tuple[str, str, bool]]] = [[] for _ in docs]
    for i, c in enumerate(kept(brief, strict)[0], 1):
        if c.sources is None:
            items[0].append((f"c{i}", c.quote, c.verified))
        for x in c.sources or []:
            if 0 <= x.source < len(docs):
                items[x.source].append((f"c{i}s{x.source + 1}", x.quote, x.verified))
    for i, d in enumerate(kept(brief, strict)[1], 1):
        where = d.sources[0] if d.sources else 0
        if where < len(docs):
            items[where].append((f"d{i}", d.evidence, d.verified))
    mention_counts = [0] * len(brief.actors)
    panes = []
    located: dict[str, str] = {}  # quote key -> id of its paragraph
    for j, doc in enumerate(docs):
        quotes = locate_quotes(doc, items[j])
        mentions = actor_mentions(doc.text, brief.actors)
        for _start, _end, actor in mentions:
            mention_counts[actor] += 1
        prefix = f"s{j + 1}-p" if merged else "p"
        for key, start, _end in quotes:
            located[key] = f"{prefix}{doc.paragraph_at(start)}"
        path = brief.sources[j].path if brief.sources and j < len(brief.sources) else doc.name
        panes.append(Pane(j + 1, path, prefix, paragraphs(doc, quotes, mentions), len(quotes)))
    css = _static(_CSS) + actor_css(len(brief.actors))
    script = _static(_JS)
    return (
        _environment()
        .get_template(PAGE_TEMPLATE)
        .render(
            screen=screen,
            memo=memo_context(brief, limits or Limits(), strict),
            panes=panes,
            located=located,
            mention_counts=mention_counts,
            css=css,
            script=script,
            csp=content_security_policy(css, script),
            index_href=index_href,
        )
    )


def render_index(entries: Sequence[IndexEntry], title: str = "Briefs") -> str:
    """A page listing a batch's pages with their counts, and the inputs that failed."""
    css = _static(_CSS)
    return (
        _environment()
        .get_template(INDEX_TEMPLATE)
        .render(
            entries=entries,
            title=title,
            css=css,
            csp=content_security_policy(css, None),
            total=Counts(
                actors=sum(e.counts.actors for e in entries if e.counts),
                claims=sum(e.counts.claims for e in entries if e.counts),
                developments=sum(e.counts.developments for e in entries if e.counts),
                verified=sum(e.counts.verified for e in entries if e.counts),
                not_found=sum(e.counts.not_found for e in entries if e.counts),
            ),
        )
    )


def counts(brief: Brief, strict: bool = False) -> Counts:
    claims, developments, _ = kept(brief, strict)
    marks = [c.verified for c in claims] + [d.verified for d in developments]
    return Counts(
        actors=len(brief.actors),
        claims=len(claims),
        developments=len(developments),
        verified=sum(marks),
        not_found=len(marks) - sum(marks),
    )


# --- Source marks -----------------------------------------------------------------------


def locate_quotes(
    doc: Document, items: Iterable[tuple[str, str, bool]]
) -> list[tuple[str, int, int]]:
    """(item key, start, end) in `doc.text` for each item marked verified.

    Located again with the verifier's own index (cached per document), so the highlight is
    the very span that made the item verified; an unverified item highlights nothing.
    """
    index = index_for(doc)
    spans: list[tuple[str, int, int]] = []
    for key, quote, verified in items:
        if not verified:
            continue
        m = index.locate(quote)
        if m.verified and m.start is not None and m.end is not None:
            spans.append((key, m.start, m.end))
    return spans


def actor_mentions(text: str, actors: Sequence[Actor]) -> list[tuple[int, int, int]]:
    """(start, end, actor index) of each actor's name or alias in `text`.

    Whole words, case as given; at any place the longest name wins, and when two actors
    share a name it belongs to the first (the brief lists actors most important first).
    """
    owner: dict[str, int] = {}
    for i, actor in enumerate(actors):
        for name in (actor.name, *actor.aliases):
            name = " ".join(name.split())
            if len(name) >= _MIN_NAME_CHARS and name not in owner:
                owner[name] = i
    if not owner:
        return []
    names = sorted(owner, key=len, reverse=True)
    # Whitespace inside a name matches any whitespace run (a name broken across lines).
    alternatives = "|".join(r"\s+".join(map(re.escape, n.split(" "))) for n in names)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    found = pattern.finditer(text)
    return [(m.start(), m.end(), owner[" ".join(m.group().split())]) for m in found]


def paragraphs(
    doc: Document,
    quotes: Sequence[tuple[str, int, int]],
    mentions: Sequence[tuple[int, int, int]],
) -> list[Paragraph]:
    """The document's paragraphs cut into pieces wherever a quote or a mention starts or
    ends, in one sweep over the sorted boundaries."""
    starts: dict[int, list[str]] = {}
    ends: dict[int, list[str]] = {}
    for key, s, e in quotes:
        starts.setdefault(s, []).append(key)
        ends.setdefault(e, []).append(key)
    mention_at: dict[int, tuple[int, int]] = {s: (e, a) for s, e, a in mentions}
    cuts = set(starts) | set(ends) | set(mention_at) | {e for _s, e, _a in mentions}
    for s, e in doc.paragraphs:
        cuts.update((s, e))
    points = sorted(cuts)

    out: list[Paragraph] = []
    active: dict[str, int] = {}  # quote key -> order of opening, to keep keys sorted stably
    actor: tuple[int, int] | None = None  # (end, index) of the mention we are in
    spans = iter(enumerate(doc.paragraphs, 1))
    number, (p_start, p_end) = next(spans, (0, (0, 0)))
    pieces: list[Piece] = []
    for a, b in itertools.pairwise(points):
        for key in ends.get(a, ()):
            active.pop(key, None)
        for key in starts.get(a, ()):
            active[key] = len(active)
        if actor is not None and actor[0] <= a:
            actor = None
        if a in mention_at:
            actor = mention_at[a]
        while number and a >= p_end:
            out.append(Paragraph(number, tuple(pieces)))
            pieces = []
            number, (p_start, p_end) = next(spans, (0, (0, 0)))
        if not number:
            break
        if a < p_start:
            continue
        keys = tuple(sorted(active, key=active.__getitem__))
        pieces.append(Piece(doc.text[a:b], keys, actor[1] if actor else None))
    if number:
        out.append(Paragraph(number, tuple(pieces)))
    return out


# --- Page furniture ---------------------------------------------------------------------


def actor_colour(i: int) -> str:
    """A hue per actor, spread by the golden angle so neighbours in the list differ most."""
    hue = round(i * 137.508) % 360
    return f"hsl({hue} 70% 40%)"


def actor_css(n: int) -> str:
    return "".join(f".a{i}{{--actor:{actor_colour(i)}}}\n" for i in range(n))


def content_security_policy(css: str, script: str | None) -> str:
    """Nothing may load; only our own style and script (by hash) may apply or run."""
    script_src = f"'{_sha256(script)}'" if script is not None else "'none'"
    return (
        "default-src 'none'; "
        f"style-src '{_sha256(css)}'; "
        f"script-src {script_src}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; "
        "object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@functools.cache
def _static(name: str) -> str:
    return (Path(TEMPLATE_DIR) / name).read_text(encoding="utf-8")


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=num, count=count, one_line=_one_line)
    return env


def _one_line(text: str | None) -> str:
    return one_line(text or "")
