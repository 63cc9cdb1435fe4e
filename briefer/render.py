"""Rendering a verified `Brief` as a one-page Markdown memo or as JSON.

The memo comes from the Jinja template `templates/memo.md.j2`. Every piece of brief text
reaches the template raw and leaves it only through one of three escaping filters (`md`,
`cell`, `quote`), so names, quotes or titles that hold Markdown or HTML cannot add headings,
table columns, links or tags to the memo: the article and the model are untrusted.

One page means at most `Limits.words` words (counted with `source.count_words` over the
whole memo, header and footer included). The section caps apply first; if the memo is still
too long it is shortened by a fixed sequence of steps (see `_plans`), so the same brief
always gives the same memo.

The footer's "N/M quotes verified" counts the verification marks on the page: every claim
and development shown (a development keeps its mark when the budget trims its evidence
text). Items hidden by a cap or the budget are not counted; each section says how many it
hides. With --strict the footer also says how many unverified items were dropped.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

import jinja2

from briefer.errors import ConfigError
from briefer.schema import Brief, CheckedClaim, CheckedDevelopment, ClaimSource
from briefer.source import count_words
from briefer.terminal import inert_json

Format = Literal["markdown", "json"]
FORMATS: tuple[Format, ...] = ("markdown", "json")
SCHEMA_VERSION = 1
TEMPLATE_DIR = Path(__file__).parent / "templates"
MEMO_TEMPLATE = "memo.md.j2"
EMPTY = "None identified in the source."

# The JSON interface, spelled out rather than taken from the pydantic field order, so that a
# field added to the schema does not silently change what scripts downstream receive.
_ACTOR_KEYS = ("name", "aliases", "kind", "role", "stance")
_FOUND_KEYS = ("verified", "paragraph", "start", "end")
_CLAIM_KEYS = ("statement", "claimant", "quote", "kind", "hedging", *_FOUND_KEYS)
_DEVELOPMENT_KEYS = ("when", "what", "where", "actors", "evidence", *_FOUND_KEYS)
_SOURCE_KEYS = (
    "path",
    "sha256",
    "words",
    "tokens",
    "chunks",
    "text_sha256",
    "origin",
    "title",
    "published",
    "author",
)
_USAGE_KEYS = ("engine", "model", "calls", "cache_hits", "prompt_tokens", "completion_tokens")
# A brief over several sources (`--merge`) adds these; a single-source brief has none of them.
_MERGED_SOURCE_KEYS = (*_SOURCE_KEYS, "outlet", "date")
_CLAIM_SOURCE_KEYS = ("source", "claimant", "quote", *_FOUND_KEYS)
MERGED_EXTRA_WORDS = 200
"""Words the one-page budget grows by for each source past the first (their quotes)."""

_SECTIONS = ("actors", "claims", "developments", "outlook", "gaps")
_NOUNS = {
    "actors": "actor",
    "claims": "claim",
    "developments": "development",
    "outlook": "outlook item",
    "gaps": "gap",
}
# Over the word budget, items go from the end of these sections, one per section per round,
# lowest priority first; every non-empty section keeps at least one item.
_DROP_ORDER = ("gaps", "outlook", "developments", "actors", "claims")
# Per-field word caps: the first applies always (no field of a one-page memo needs more),
# the second before any item is dropped, the rest only when one item per section is still
# too long (a few huge fields).
_FIELD_WORDS = (40, 25, 15, 8)
_QUOTE_WORDS = (40, 25)
_EVIDENCE_WORDS = 25
_NAME_WORDS = 12  # names and claimants
_SHORT_WORDS = 8  # aliases, hedging words, when, where: a few words each, or a model's slip
_TITLE_WORDS = 20
_BOTTOM_LINE_WORDS = 70  # two or three sentences are the point of the memo: trimmed last
_BLANK_RUNS = re.compile(r"\n{3,}")  # brief text holds no newlines, so only the template's
_MAX_ALIASES = 3
_MAX_CONTRADICTIONS = 6
_CHARS_PER_WORD = 16


@dataclass(frozen=True)
class Limits:
    """How many items each memo section shows, and the memo's word budget (one page).

    The budget holds for any brief down to about 300 words; below that the memo is cut as far
    as the steps go (one item per section, eight words per field) and may stay over it.
    """

    actors: int = 8
    claims: int = 8
    developments: int = 8
    outlook: int = 4
    gaps: int = 4
    words: int = 600

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"limit {f.name} must be a whole number >= 0, not {value!r}")
        if self.words < 1:
            raise ConfigError("limit words must be at least 1")


def render(
    brief: Brief,
    fmt: Format = "markdown",
    *,
    limits: Limits | None = None,
    strict: bool = False,
) -> str:
    """The brief as a Markdown memo (one page) or as JSON (every item).

    With `strict`, claims and developments whose quote was not found in the source are left
    out of both formats; the memo's footer says how many.
    """
    if fmt == "markdown":
        return _render_markdown(brief, limits or Limits(), strict)
    if fmt == "json":
        return _render_json(brief, strict)
    raise ConfigError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


# --- JSON -------------------------------------------------------------------------------


def _render_json(brief: Brief, strict: bool) -> str:
    """Plain `json.dumps` over an explicit key order, not a Jinja template.

    A template would have to get JSON string escaping right by hand; `json.dumps` cannot get
    it wrong, and the explicit keys keep the interface stable (schema_version 1).
    """
    claims, developments, _ = kept(brief, strict)
    if brief.sources is not None:
        return _json_dump(_merged_json(brief, claims, developments))
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "title": brief.title,
        "bottom_line": brief.bottom_line,
        "actors": [_pick(a, _ACTOR_KEYS) for a in brief.actors],
        "claims": [_pick(c, _CLAIM_KEYS) for c in claims],
        "developments": [_pick(d, _DEVELOPMENT_KEYS) for d in developments],
        "outlook": list(brief.outlook),
        "gaps": list(brief.gaps),
        "source": _pick(brief.source, _SOURCE_KEYS),
        "usage": _pick(brief.usage, _USAGE_KEYS),
        "date": brief.date,
    }
    return _json_dump(data)


def _json_dump(data: dict[str, Any]) -> str:
    return inert_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def _merged_json(
    brief: Brief, claims: list[CheckedClaim], developments: list[CheckedDevelopment]
) -> dict[str, Any]:
    """Today's keys, and the sources each item comes from: `sources`, `actors[].sources`,
    `claims[].sources`, `contradictions` (claim indices) and `developments[].sources`."""
    actor_sources = brief.actor_sources or [[] for _ in brief.actors]
    new_index = {id(c): i for i, c in enumerate(claims)}
    contradictions = []
    for c in brief.contradictions or []:
        kept = [new_index.get(id(brief.claims[k])) for k in c.claims if 0 <= k < len(brief.claims)]
        if len(kept) == len(c.claims) and all(k is not None for k in kept):
            contradictions.append({"claims": kept, "sources": list(c.sources), "note": c.note})
    return {
        "schema_version": SCHEMA_VERSION,
        "title": brief.title,
        "bottom_line": brief.bottom_line,
        "actors": [
            {**_pick(a, _ACTOR_KEYS), "sources": list(srcs)}
            for a, srcs in zip(brief.actors, actor_sources, strict=True)
        ],
        "claims": [
            {
                **_pick(c, _CLAIM_KEYS),
                "sources": [_pick(x, _CLAIM_SOURCE_KEYS) for x in c.sources or []],
            }
            for c in claims
        ],
        "contradictions": contradictions,
        "developments": [
            {**_pick(d, _DEVELOPMENT_KEYS), "date": d.date, "sources": list(d.sources or [])}
            for d in developments
        ],
        "outlook": list(brief.outlook),
        "gaps": list(brief.gaps),
        "source": _pick(brief.source, _SOURCE_KEYS),
        "sources": [_pick(x, _MERGED_SOURCE_KEYS) for x in brief.sources or []],
        "usage": _pick(brief.usage, _USAGE_KEYS),
        "date": brief.date,
    }


def _pick(model: Any, keys: Sequence[str]) -> dict[str, Any]:
    dumped: dict[str, Any] = model.model_dump(mode="json")
    return {key: dumped[key] for key in keys}


def kept(
    brief: Brief, strict: bool
) -> tuple[list[CheckedClaim], list[CheckedDevelopment], tuple[int, int]]:
    """Claims and developments left after --strict, and how many of each it dropped."""
    if not strict:
        return list(brief.claims), list(brief.developments), (0, 0)
    claims = [c for c in brief.claims if c.verified]
    developments = [d for d in brief.developments if d.verified]
    return (
        claims,
        developments,
        (len(brief.claims) - len(claims), len(brief.developments) - len(developments)),
    )


# --- Markdown ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """What one attempt at the memo shows: items per section and how long fields may be."""

    shown: Mapping[str, int]
    evidence: int  # developments (from the first) that still show their evidence quote
    quote_words: int
    field_words: int


@dataclass(frozen=True)
class _Section:
    items: Sequence[Any]
    hidden: int  # left out by a cap or the word budget
    dropped: int  # left out by --strict
    noun: str


def _render_markdown(brief: Brief, limits: Limits, strict: bool) -> str:
    return _fit_markdown(brief, limits, strict)[0]


def _fit_markdown(brief: Brief, limits: Limits, strict: bool) -> tuple[str, dict[str, Any]]:
    """The first memo of `_plans` within the word budget, and the variables it came from.

    Found without rendering every plan before it: along a run of plans in which no step can
    add words (`_runs`), memos only get shorter, so a run whose shortest memo is over the
    budget holds none that fits, and in one whose shortest fits, the first that fits is
    the boundary between the memos over the budget and those within it. Where that
    boundary lies is estimated from the words of the fields each plan shows (`_Estimate`,
    far cheaper than a render) and confirmed by rendering the plans on either side of it;
    a wrong estimate costs a few more renders, never a different memo. The memo is the one
    trying the plans in order would give.
    """
    claims, developments, dropped = kept(brief, strict)
    totals = _totals(brief, claims, developments)
    shown = {name: min(totals[name], getattr(limits, name)) for name in _SECTIONS}
    start = _Plan(
        shown=shown,
        evidence=shown["developments"],
        quote_words=_QUOTE_WORDS[0],
        field_words=_FIELD_WORDS[0],
    )
    template = _environment().get_template(MEMO_TEMPLATE)
    budget = limits.words + MERGED_EXTRA_WORDS * max(0, len(brief.sources or []) - 1)
    plans = list(_plans(start))
    tried: dict[int, tuple[str, dict[str, Any], int]] = {}

    def words_of(i: int) -> int:
        if i not in tried:
            ctx = _context(brief, claims, developments, totals, plans[i], dropped, strict)
            memo = template.render(ctx)  # blank runs hold no words: collapsed once, below
            tried[i] = (memo, ctx, count_words(memo))
        return tried[i][2]

    def fits(i: int) -> bool:
        return words_of(i) <= budget

    estimate = _Estimate(brief, claims, developments, totals, shown)
    chosen = len(plans) - 1  # none fits: the shortest the steps go
    for first, last in _runs(plans, totals):
        guess = estimate.first_within(plans, first, last, budget, tried, words_of)
        found = _first_fit(first, last, guess, fits)
        if found is not None:
            chosen = found
            break
    words_of(chosen)
    memo, ctx, _ = tried[chosen]
    return _BLANK_RUNS.sub("\n\n", memo), ctx


def _first_fit(first: int, last: int, guess: int, fits: Callable[[int], bool]) -> int | None:
    """The first index of `first..last` that fits, given that fitting is monotone along
    them (once one fits, every later one does), or None when none does.

    Searched outwards from `guess` in doubling steps, then by bisection: a right guess
    costs two tests (it fits, the one before does not), a near one a few more.
    """
    guess = min(max(guess, first), last)
    if fits(guess):
        hi, step = guess, 1  # hi fits; look for one before it that does not
        lo = first - 1
        while hi - step >= first:
            if not fits(hi - step):
                lo = hi - step
                break
            hi -= step
            step *= 2
    else:
        lo, step = guess, 1  # lo does not fit; look for one after it that does
        hi = last + 1
        while lo + step <= last:
            if fits(lo + step):
                hi = lo + step
                break
            lo += step
            step *= 2
        if hi > last:
            if lo == last or not fits(last):
                return None
            hi = last
    while hi - lo > 1:  # lo does not fit (or is before `first`), hi fits
        middle = (lo + hi) // 2
        if fits(middle):
            hi = middle
        else:
            lo = middle
    return hi


# Words a memo item adds beyond its clipped fields: a claim's number, "Claimed by", its kind
# and "Verified in source (¶N)"; a development's date and mark; an actor's kind.
_ITEM_WORDS = {"actors": 1, "claims": 8, "developments": 5, "outlook": 0, "gaps": 0}
_NOTE_WORDS = 9  # "+N more claims not shown; use --format json for all."


class _Estimate:
    """A plan's memo length, guessed without rendering it.

    The words of the fields the plan shows, clipped as `_context` clips them, plus a few
    words each item brings from the template (numbers, "Claimed by", the verification
    mark), plus each section's note on what it hides; anchored to the words of the nearest
    memo already rendered, so only the difference between two plans is guessed.
    """

    def __init__(
        self,
        brief: Brief,
        claims: Sequence[CheckedClaim],
        developments: Sequence[CheckedDevelopment],
        totals: Mapping[str, int],
        most: Mapping[str, int],
    ) -> None:
        self.brief = brief
        self.claims = claims
        self.developments = developments
        self.totals = totals
        self.most = most
        """Items each section shows at most (the first plan's): none past them is measured."""
        self.memo: dict[tuple[str, int], int] = {}
        self.cache: dict[int, int] = {}
        self.prefix: dict[tuple[int, int], dict[str, list[int]]] = {}

    def clipped(self, text: str | None, words: int) -> int:
        if not text:
            return 0
        key = (text, words)
        n = self.memo.get(key)
        if n is None:
            n = self.memo[key] = count_words(clip(text, words))
        return n

    def words(self, plan: _Plan) -> int:
        bottom_words = _clip_words(plan)[3]
        sums = self.sums(plan)
        shown = plan.shown
        total = self.clipped(self.brief.bottom_line, bottom_words)
        total += sums["evidence"][min(plan.evidence, shown["developments"])]
        for name in _SECTIONS:
            total += sums[name][shown[name]] + _ITEM_WORDS[name] * shown[name]
            hidden = self.totals[name] - shown[name]
            total += _NOTE_WORDS + _note_words(hidden) if hidden else 0
        return total

    def sums(self, plan: _Plan) -> dict[str, list[int]]:
        """Per section, the words of its first k items' fields for every k (and of the
        first k developments' evidence), at the plan's clipping: a few clippings serve
        every plan."""
        key = (plan.field_words, plan.quote_words)
        made = self.prefix.get(key)
        if made is not None:
            return made
        n, name_words, short_words, _ = _clip_words(plan)
        w = self.clipped
        evidence_words = min(_EVIDENCE_WORDS, plan.quote_words)

        def claim(c: CheckedClaim) -> int:
            quotes = [x.quote for x in c.sources] if c.sources else [c.quote]
            return (
                w(c.statement, n)
                + w(c.claimant, name_words)
                + w(c.hedging, short_words)
                + sum(w(q, plan.quote_words) for q in quotes)
            )

        items = {
            "actors": [
                w(a.name, name_words)
                + w(a.role, n)
                + w(a.stance, n)
                + sum(w(x, short_words) for x in a.aliases[:_MAX_ALIASES])
                for a in self.brief.actors[: self.most["actors"]]
            ],
            "claims": [claim(c) for c in self.claims[: self.most["claims"]]],
            "developments": [
                w(d.what, n) + w(d.when, short_words) + w(d.where, short_words)
                for d in self.developments[: self.most["developments"]]
            ],
            "outlook": [w(x, n) for x in self.brief.outlook[: self.most["outlook"]]],
            "gaps": [w(x, n) for x in self.brief.gaps[: self.most["gaps"]]],
            "evidence": [
                w(d.evidence, evidence_words)
                for d in self.developments[: self.most["developments"]]
            ],
        }
        made = {name: list(itertools.accumulate(words, initial=0)) for name, words in items.items()}
        self.prefix[key] = made
        return made

    def of(self, plans: Sequence[_Plan], i: int) -> int:
        if i not in self.cache:
            self.cache[i] = self.words(plans[i])
        return self.cache[i]

    def first_within(
        self,
        plans: Sequence[_Plan],
        first: int,
        last: int,
        budget: int,
        tried: Mapping[int, Any],
        words_of: Callable[[int], int],
    ) -> int:
        """The first plan of `first..last` whose memo is guessed within `budget` (`last`
        when none is). Anchored to the last plan rendered so far, or `last` rendered now."""
        anchor = max(tried, default=None)
        if anchor is None:
            anchor = last
        offset = words_of(anchor) - self.of(plans, anchor)
        lo, hi = first, last  # the guess is monotone along a run: bisect on it
        while lo < hi:
            middle = (lo + hi) // 2
            if self.of(plans, middle) + offset <= budget:
                hi = middle
            else:
                lo = middle + 1
        return lo


def _runs(plans: Sequence[_Plan], totals: Mapping[str, int]) -> Iterator[tuple[int, int]]:
    """(first, last) indexes of the runs of `plans` along which the memo never grows.

    Each step drops words (an evidence quote, an item) or clips fields to a shorter prefix,
    which never adds a word; only the note a section gets for the items it hides can add
    some, when it appears (the first item hidden) or its number gains a digit group
    (999 to 1,000). A run ends before such a step.
    """

    def note(plan: _Plan) -> list[int]:
        return [_note_words(totals[name] - plan.shown[name]) for name in _SECTIONS]

    first = 0
    for i in range(1, len(plans)):
        if plans[i].shown != plans[i - 1].shown and note(plans[i]) != note(plans[i - 1]):
            yield first, i - 1
            first = i
    yield first, len(plans) - 1


def _note_words(hidden: int) -> int:
    """Words of a section's number of hidden items in its note (none when none is hidden)."""
    return count_words(f"{hidden:,}") if hidden else 0


def memo_context(brief: Brief, limits: Limits, strict: bool) -> dict[str, Any]:
    """The variables of the one-page memo: the items it shows, their fields clipped.

    Other page formats (the HTML page's print view) show exactly what the memo shows.
    """
    return _fit_markdown(brief, limits, strict)[1]


def full_context(brief: Brief, strict: bool) -> dict[str, Any]:
    """The memo's variables with every item and no clipping beyond whitespace (a screen
    page has room for all of them)."""
    claims, developments, dropped = kept(brief, strict)
    totals = _totals(brief, claims, developments)
    everything = 10**9
    plan = _Plan(
        shown=totals,
        evidence=totals["developments"],
        quote_words=everything,
        field_words=everything,
    )
    return _context(brief, claims, developments, totals, plan, dropped, strict)


def _totals(
    brief: Brief, claims: Sequence[CheckedClaim], developments: Sequence[CheckedDevelopment]
) -> dict[str, int]:
    return {
        "actors": len(brief.actors),
        "claims": len(claims),
        "developments": len(developments),
        "outlook": len(brief.outlook),
        "gaps": len(brief.gaps),
    }


def _plans(start: _Plan) -> Iterator[_Plan]:
    """Ever shorter versions of the memo, in the order they are tried.

    1. section caps only; 2. drop development evidence quotes, last first; 3. shorten the
    tails of claim quotes, then of every field, to 25 words; 4. drop items from the end of
    sections, round-robin, lowest priority first (`_DROP_ORDER`), down to one per section;
    5. shorten every field further.
    """
    plan = start
    yield plan
    while plan.evidence > 0:
        plan = replace(plan, evidence=plan.evidence - 1)
        yield plan
    plan = replace(plan, quote_words=_QUOTE_WORDS[1])
    yield plan
    plan = replace(plan, field_words=_FIELD_WORDS[1])
    yield plan
    progress = True
    while progress:
        progress = False
        for name in _DROP_ORDER:
            if plan.shown[name] > 1:
                plan = replace(plan, shown={**plan.shown, name: plan.shown[name] - 1})
                progress = True
                yield plan
    for words in _FIELD_WORDS[2:]:
        plan = replace(plan, field_words=words, quote_words=min(plan.quote_words, words))
        yield plan


def _clip_words(plan: _Plan) -> tuple[int, int, int, int]:
    """Words a plan allows: most fields, names and claimants, short fields, bottom line."""
    n = plan.field_words
    # The bottom line keeps its sentences while items are dropped; only the last-resort
    # steps (fields under 25 words) shorten it.
    bottom_words = max(_BOTTOM_LINE_WORDS, 2 * n) if n >= _FIELD_WORDS[1] else 2 * n
    return n, min(n, _NAME_WORDS), min(n, _SHORT_WORDS), bottom_words


def _context(
    brief: Brief,
    claims: Sequence[CheckedClaim],
    developments: Sequence[CheckedDevelopment],
    totals: Mapping[str, int],
    plan: _Plan,
    dropped: tuple[int, int],
    strict: bool,
) -> dict[str, Any]:
    """The template's variables: the items the plan shows, their fields clipped (not escaped:
    escaping is the template's job, through its filters)."""
    shown = plan.shown
    n, name_words, short_words, bottom_words = _clip_words(plan)

    def clip_opt(text: str | None, words: int = n) -> str | None:
        return clip(text, words) if text else text

    actor_views = [
        a.model_copy(
            update={
                "name": clip(a.name, name_words),
                "aliases": [clip(x, short_words) for x in a.aliases[:_MAX_ALIASES]],
                "role": clip_opt(a.role),
                "stance": clip_opt(a.stance),
            }
        )
        for a in brief.actors[: shown["actors"]]
    ]

    def source_views(c: CheckedClaim) -> list[ClaimSource] | None:
        if c.sources is None:
            return None
        return [
            x.model_copy(
                update={
                    "claimant": clip(x.claimant, name_words),
                    "quote": clip(x.quote, plan.quote_words),
                }
            )
            for x in c.sources
        ]

    claim_views = [
        c.model_copy(
            update={
                "statement": clip(c.statement, n),
                "claimant": clip(c.claimant, name_words),
                "quote": clip(c.quote, plan.quote_words),
                "hedging": clip_opt(c.hedging, short_words),
                "sources": source_views(c),
            }
        )
        for c in claims[: shown["claims"]]
    ]
    evidence_words = min(_EVIDENCE_WORDS, plan.quote_words)
    development_views = [
        d.model_copy(
            update={
                "when": clip_opt(d.when, short_words),
                "what": clip(d.what, n),
                "where": clip_opt(d.where, short_words),
                "evidence": clip(d.evidence, evidence_words) if i < plan.evidence else "",
            }
        )
        for i, d in enumerate(developments[: shown["developments"]])
    ]
    outlook = [clip(x, n) for x in brief.outlook[: shown["outlook"]]]
    gaps = [clip(x, n) for x in brief.gaps[: shown["gaps"]]]

    def section(name: str, items: Sequence[Any], dropped: int = 0) -> _Section:
        return _Section(items, totals[name] - len(items), dropped, _NOUNS[name])

    contradiction_views = []
    position = {id(c): i for i, c in enumerate(claims)}
    for x in (brief.contradictions or [])[:_MAX_CONTRADICTIONS]:
        sides = [brief.claims[k] for k in x.claims if 0 <= k < len(brief.claims)]
        if len(sides) == len(x.claims) and all(id(c) in position for c in sides):
            views = []
            for c, src in zip(sides, x.sources, strict=False):
                entries = [e for e in source_views(c) or [] if e.source == src]
                views.append((position[id(c)] + 1, entries[:1]))
            contradiction_views.append({"note": clip(x.note, n), "sides": views})
    marks = [x.verified for c in claim_views for x in (c.sources if c.sources else [c])] + [
        d.verified for d in development_views
    ]
    usage = brief.usage
    return {
        "title": clip(brief.title, _TITLE_WORDS) or f"Brief: {brief.source.path}",
        "bottom_line": clip(brief.bottom_line, bottom_words),
        "source": brief.source,
        "usage": usage,
        "engine_label": f"model {usage.model}" if usage.model else f"engine {usage.engine}",
        "date": brief.date,
        "actors": section("actors", actor_views),
        "claims": section("claims", claim_views, dropped[0]),
        "developments": section("developments", development_views, dropped[1]),
        "outlook": section("outlook", outlook),
        "gaps": section("gaps", gaps),
        "verified": sum(marks),
        "quotes": len(marks),
        "strict": strict,
        "dropped": sum(dropped),
        "sources": brief.sources,
        "actor_sources": (brief.actor_sources or [])[: shown["actors"]],
        "contradictions": contradiction_views,
        "unnamed": _unnamed,
    }


def _unnamed(claimant: str) -> bool:
    from briefer.merge import unnamed

    return unnamed(claimant)


def clip(text: str, words: int) -> str:
    """At most `words` whitespace-separated words, with an ellipsis when cut.

    A clipped quote is still a verbatim prefix of the verified quote.
    """
    parts = text.split()
    clipped = " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + "…"
    limit = words * _CHARS_PER_WORD  # a 20 MB "word" is not one word of a page
    return clipped if len(clipped) <= limit else clipped[:limit].rstrip() + "…"


# --- Escaping ---------------------------------------------------------------------------

# Controls that are not whitespace, and the bidi overrides that can make text display in a
# different order than it reads (and terminal escapes, which start with \x1b).
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_INLINE = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_LEADING_BLOCK = re.compile(r"^([#+=-]|\d+(?=[.)]))")
_TRAILING_HASHES = re.compile(r"(?<!\\)(#+)$")


# What GitHub's Markdown turns into links on its own: web addresses (`https://`, `www.`) and
# e-mail addresses. A brief's text may hold them (the model writes what it likes), but a
# memo is no place for live links its reader did not ask for.
_AUTOLINK_COLON = re.compile(r"(?<=[A-Za-z]):(?=//)")
_AUTOLINK_WWW = re.compile(r"(?i)(?<![\w.])(www)\.")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def one_line(text: str) -> str:
    """Whitespace (newlines included) collapsed to single spaces, invisible controls gone."""
    return " ".join(_INVISIBLE.sub("", " ".join(text.split())).split())


@functools.lru_cache(maxsize=4096)
def md(text: str) -> str:
    """Escape text for inline Markdown anywhere on a line, including at its start.

    Cached: fitting a memo to the page renders it several times over the same strings.

    Backslash-escapes the characters that start inline markup (emphasis, code, links,
    strikethrough, table pipes), turns `<`/`>` into entities so no HTML tag or autolink can
    form, defuses entity references, and escapes a leading block marker (`#`, `-`, `+`, `=`,
    `1.`) and a trailing `#` run (an ATX closing sequence) so a field that starts a line
    cannot become a heading, list or rule.
    """
    text = one_line(text)
    if "@" in text:  # e-mail addresses become code spans: GitHub links them whatever escapes
        pieces, emails = _EMAIL.split(text), _EMAIL.findall(text)
        text = "".join(
            _inline(piece) + (f"`{emails[i]}`" if i < len(emails) else "")
            for i, piece in enumerate(pieces)
        )
    else:
        text = _inline(text)
    text = _LEADING_BLOCK.sub(
        lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), text
    )
    text = _TRAILING_HASHES.sub(r"\\\1", text)
    return text


def _inline(text: str) -> str:
    """Inline escapes, and `https\\://`, `www\\.` so that no address becomes a link."""
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _AUTOLINK_COLON.sub(r"\\:", text)
    return _AUTOLINK_WWW.sub(r"\1\\.", text)


def cell(text: str | None) -> str:
    """A table cell: `md` (which already escapes `|` and newlines), a dash when empty."""
    escaped = md(text) if text else ""
    return escaped or "—"


def quote(text: str) -> str:
    """One blockquote line: `md`, so a quote can neither end the blockquote nor nest one."""
    return md(text)


def num(n: int) -> str:
    """Thousands separators: 2,410."""
    return f"{n:,}"


def count(n: int, noun: str) -> str:
    """`1,227 words`, `1 chunk`: thousands separators and a plain English plural."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


@functools.cache
def _environment() -> jinja2.Environment:
    """Built once, on first use: most runs render one memo, the CLI may render several."""
    from briefer.machine_cache import template_bytecode

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        bytecode_cache=template_bytecode("memo"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md, cell=cell, quote=quote, num=num, count=count)
    env.globals["EMPTY"] = EMPTY
    return env
