"""Source to verified brief: plan the chunks, map, merge, reduce, verify.

One chunk takes one call (`draft`). More take one concurrent round of `extract` calls and
one `synthesize` call: two round trips, whatever the length.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import itertools
import json
import re
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from briefer.chunking import (
    ENCODING_NAME,
    SPLIT_VERSION,
    Chunk,
    count_tokens,
    likely_fits,
    split,
    token_upper_bound,
)
from briefer.engine import Engine
from briefer.errors import BrieferError
from briefer.schema import (
    Actor,
    Brief,
    CheckedClaim,
    CheckedDevelopment,
    Claim,
    Development,
    Extraction,
    Model,
    SourceInfo,
    SourceOrigin,
    Synthesis,
)
from briefer.source import Document

if TYPE_CHECKING:
    import asyncio

    from briefer.verify import Index, Match

_POSTS = r"gov|governor|president|prime minister|minister|judge|senator|general"
"""Titles that are also posts, whose office a name may be ("Governor's office")."""
_TITLE_POSSESSIVE = re.compile(rf"^(?:the\s+)?(?:{_POSTS})['’]s\b", re.IGNORECASE)
_HONORIFIC = re.compile(
    r"^(?:mr|mrs|ms|miss|dr|prof|professor|sir|dame|lord|lady|gen|col|colonel|"
    rf"capt|captain|sen|rep|rev|the|{_POSTS})\.?\s+",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
T = TypeVar("T")


class SplitStore(Protocol):
    """Where the chunks of documents already cut are kept (the response cache), so a re-run
    needs no tokenizer to make the same requests again."""

    def get_split(self, key: str) -> dict[str, Any] | None: ...

    def put_split(self, key: str, value: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class Plan:
    """What a run will do for one document, known before any call."""

    doc: Document
    chunks: list[Chunk]
    counted: bool = True
    """False when the run needs no token counts (the offline engine reads the whole text)."""
    budget: tuple[int, int] = (0, 0)
    """The chunk size and overlap the chunks were cut for."""
    provisional: bool = False
    """One chunk on an estimate, not a proof: `run` counts it once its request has left and
    cuts the document properly if it is over the budget after all."""
    known_tokens: int | None = None
    """The document's count, when it came with the chunks (from the store or a child)."""
    store: SplitStore | None = field(default=None, repr=False, compare=False)
    kept: bool = False
    """The chunks came from the store."""
    prepared: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """The first round's prompts, rendered while the chunks were cut (`Prompts.known`)."""

    @property
    def calls(self) -> int:
        return 1 if len(self.chunks) <= 1 else len(self.chunks) + 1

    @property
    def round_trips(self) -> int:
        return 1 if len(self.chunks) <= 1 else 2

    @functools.cached_property
    def tokens(self) -> int | None:
        """The document's cl100k count, counted on first use: a one-chunk article is sent
        without it, and `run` counts it while the model works."""
        if not self.counted:
            return None
        if self.known_tokens is not None:
            return self.known_tokens
        return self.chunks[0].tokens if len(self.chunks) == 1 else count_tokens(self.doc.text)

    @functools.cached_property
    def index(self) -> Index:
        """The document's quote index, built while the model works (see `_answers`)."""
        from briefer.verify import Index

        return Index(self.doc)

    @property
    def over_budget(self) -> bool:
        """A provisional chunk that turned out too big (counts it if not yet counted)."""
        return self.provisional and self.chunks[0].tokens > self.budget[0]

    def exact(self) -> Plan:
        """The same document cut by real counts."""
        return plan(self.doc, *self.budget, store=self.store, speculate=False)

    def remember(self) -> None:
        """Keep the chunks and the count in the store, for a re-run without the tokenizer.

        Called once the count is known; a store that cannot be written costs nothing here
        (the response cache warns about itself).
        """
        if self.store is None or self.kept or self.over_budget:
            return
        tokens = self.tokens
        if tokens is None:
            return
        value = {
            "chunks": [[c.start, c.end, c.core_start, c.core_end, c.tokens] for c in self.chunks],
            "tokens": tokens,
        }
        with contextlib.suppress(BrieferError):
            self.store.put_split(split_key(self.doc.text, *self.budget), value)


def split_key(text: str, chunk_tokens: int, overlap: int) -> str:
    """What decides a split: the text, the budget, the splitter and the encoding."""
    recipe = json.dumps([SPLIT_VERSION, ENCODING_NAME, chunk_tokens, overlap])
    return hashlib.sha256(f"{recipe}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()


def plan(
    doc: Document,
    chunk_tokens: int,
    overlap: int,
    tokenize: bool = True,
    store: SplitStore | None = None,
    speculate: bool = False,
    meanwhile: Callable[[], object] | None = None,
    prepare: Callable[[Document, list[Chunk]], dict[str, str]] | None = None,
) -> Plan:
    """Cut the document into chunks; without `tokenize`, one chunk holds it all.

    The offline engine has no context window, and skipping the tokenizer saves a fifth of
    a second of start-up on every offline run. With a `store`, a document cut before is cut
    the same way without the tokenizer. With `speculate`, a document that `likely_fits` is
    one provisional chunk, sent before it is counted (see `Plan.provisional`). A document
    that must be counted is cut in a child process while `meanwhile` runs (`presplit`),
    which then runs `prepare` on the chunks too (`Plan.prepared`).
    """
    if not tokenize:
        whole = Chunk(0, 0, len(doc.text), 0, len(doc.text), doc.text, 0)
        return Plan(doc, [whole], counted=False)
    budget = (chunk_tokens, overlap)
    if store is not None:
        try:
            value = store.get_split(split_key(doc.text, chunk_tokens, overlap))
        except BrieferError:
            value = None
        kept = _chunks_of(value, doc.text, chunk_tokens)
        if kept is not None:
            chunks, tokens = kept
            return Plan(doc, chunks, budget=budget, known_tokens=tokens, store=store, kept=True)
    text = doc.text
    if speculate and text and likely_fits(text, chunk_tokens):
        whole = Chunk(0, 0, len(text), 0, len(text), text)
        return Plan(doc, [whole], budget=budget, provisional=True, store=store)
    if meanwhile is not None and token_upper_bound(text) > chunk_tokens:
        from briefer.presplit import split_while

        then = None if prepare is None else functools.partial(prepare, doc)
        value = split_while(text, chunk_tokens, overlap, meanwhile, then)
        made = _chunks_of(value, text, chunk_tokens)
        if made is not None:
            chunks, tokens = made
            prepared = _strings(value.get("prepared") if value else None)
            return Plan(
                doc, chunks, budget=budget, known_tokens=tokens, store=store, prepared=prepared
            )
    return Plan(doc, split(text, chunk_tokens, overlap), budget=budget, store=store)


def _strings(value: object) -> dict[str, str]:
    """`value` if it maps strings to strings, else nothing."""
    if isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return value
    return {}


def _chunks_of(
    value: dict[str, Any] | None, text: str, chunk_tokens: int
) -> tuple[list[Chunk], int] | None:
    """Chunks and the text's count from their offsets and counts, if these are sound."""
    try:
        assert value is not None
        tokens = value["tokens"]
        spans = [[int(x) for x in span] for span in value["chunks"]]
        chunks = [
            Chunk(i, start, end, core_start, core_end, text[start:end], n)
            for i, (start, end, core_start, core_end, n) in enumerate(spans)
        ]
        cores = [(c.core_start, c.core_end) for c in chunks]
        assert isinstance(tokens, int) and chunks and cores[0][0] == 0
        assert cores[-1][1] == len(text) and all(a[1] == b[0] for a, b in itertools.pairwise(cores))
        assert all(0 <= c.start <= c.core_start < c.core_end == c.end for c in chunks)
        assert all(c.tokens <= chunk_tokens for c in chunks)
    except (AssertionError, KeyError, TypeError, ValueError):
        return None
    return chunks, tokens


def name_key(name: str) -> str:
    """Compare names without case, punctuation or a leading honorific ("Mr. Kirby")."""
    key = _SPACES.sub(" ", _NON_WORD.sub(" ", name.strip())).strip().lower()
    if _TITLE_POSSESSIVE.match(name.strip()):
        # "Governor's office" is the post's office, not a governor named "office".
        return key.removeprefix("the ")
    while True:
        stripped = _HONORIFIC.sub("", key)
        if stripped == key:
            return key
        key = stripped


def merge_actors(actors: Sequence[Actor]) -> tuple[list[Actor], dict[str, str]]:
    """One actor per real-world entity, in order of first appearance.

    Returns the merged actors and a map from every name key to the canonical name, so
    claims and developments can be pointed at the merged actor. Near-linear: names are
    looked up in indexes (by key, by a person's surname), never compared pair by pair.
    """
    parent: list[int] = []  # union-find over actors; a root is its group's first actor

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    owner: dict[str, int] = {}  # name key -> an actor that has it
    lone: dict[str, list[int]] = {}  # a one-word key -> the actors that have it
    surnamed: dict[str, list[int]] = {}  # the last word of a longer key -> those actors
    all_keys: list[set[str]] = []
    for i, actor in enumerate(actors):
        parent.append(i)
        keys = {k for k in (name_key(n) for n in [actor.name, *actor.aliases]) if k}
        all_keys.append(keys)
        for k in keys:
            if k in owner:
                join(i, owner[k])
            else:
                owner[k] = i
        # A lone surname ("Kirby") is the last word of a full name ("John Kirby"), between
        # people only: "Valmora" is not the University of Valmora. As in a pairwise
        # merge, a group counts as people when its first actor is a person.
        for k in keys:
            if " " in k:
                last = k.rsplit(" ", 1)[1]
                matches, index = lone.get(last, ()), surnamed
            else:
                last, matches, index = k, surnamed.get(k, ()), lone
            if actor.kind == "person":
                for j in matches:
                    if actors[root(j)].kind == "person":
                        join(i, j)
            index.setdefault(last, []).append(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(actors)):
        groups.setdefault(root(i), []).append(i)
    merged: list[Actor] = []
    canon: dict[str, str] = {}
    for first in sorted(groups):
        group = [actors[i] for i in groups[first]]
        name = max((a.name for a in group), key=lambda n: (len(name_key(n).split()), len(n)))
        aliases: list[str] = []
        seen, own_key = {name}, name_key(name)
        for a in group:
            for n in [a.name, *a.aliases]:
                if n not in seen and name_key(n) != own_key:
                    aliases.append(n)
                seen.add(n)
        merged.append(
            Actor(
                name=name,
                aliases=aliases,
                kind=group[0].kind,
                role=next((a.role for a in group if a.role), None),
                stance=next((a.stance for a in group if a.stance), None),
            )
        )
        for i in groups[first]:
            for k in all_keys[i]:
                canon[k] = name
    # Surnames of people, for claimants named by surname alone; ambiguous ones are left out.
    surnames: dict[str, str | None] = {}
    for a in merged:
        if a.kind == "person":
            key = name_key(a.name)
            if " " in key:
                last = key.rsplit(" ", 1)[1]
                surnames[last] = None if last in surnames else a.name
    for last, full in surnames.items():
        if full is not None:
            canon.setdefault(last, full)
    return merged, canon


MAX_ITEMS = 200
"""Most items of one kind (actors, claims, ...) kept from one answer."""
MAX_ALIASES = 20
MAX_FIELD_CHARS = 2_000
"""Longest text kept from one field of an answer (a quote is about 40 words)."""
M = TypeVar("M", bound=Model)


def bounded(answer: M) -> M:
    """`answer` cut to what a brief can use: at most MAX_ITEMS items per list (aliases:
    MAX_ALIASES), MAX_FIELD_CHARS characters per text. A model may send anything; the
    merge, the checks and the page stay small whatever it sends."""
    update: dict[str, object] = {}
    for f in dataclasses.fields(answer):  # type: ignore[arg-type]
        name, value = f.name, getattr(answer, f.name)
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            update[name] = value[:MAX_FIELD_CHARS]
        elif isinstance(value, list):
            cap = MAX_ALIASES if name == "aliases" else MAX_ITEMS
            items = [bounded(v) if isinstance(v, Model) else v for v in value[:cap]]
            update[name] = [v[:MAX_FIELD_CHARS] if isinstance(v, str) else v for v in items]
    return answer.model_copy(update=update) if update else answer


def _canonical(name: str, canon: dict[str, str]) -> str:
    return canon.get(name_key(name), name)


def _quote_key(text: str) -> str:
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text.lower())).strip()


def merge(extractions: Sequence[Extraction]) -> Extraction:
    """Deterministic merge of per-chunk findings: actors by name and alias, claims and
    developments by their quote, everything in order of first appearance."""
    actors, canon = merge_actors([a for e in extractions for a in e.actors])
    claims: list[Claim] = []
    seen: set[tuple[str, str]] = set()
    for e in extractions:
        for c in e.claims:
            claimant = _canonical(c.claimant, canon)
            key = (name_key(claimant), _quote_key(c.quote))
            if key in seen:
                continue
            seen.add(key)
            claims.append(c.model_copy(update={"claimant": claimant}))
    developments: list[Development] = []
    seen_dev: set[str] = set()
    for e in extractions:
        for d in e.developments:
            key_d = _quote_key(d.evidence) or _quote_key(d.what)
            if key_d in seen_dev:
                continue
            seen_dev.add(key_d)
            names = list(dict.fromkeys(_canonical(n, canon) for n in d.actors))
            developments.append(d.model_copy(update={"actors": names}))
    return Extraction(actors=actors, claims=claims, developments=developments)


def _ranked(items: list[T], keys: Sequence[int]) -> list[T]:
    """Items named by `keys` first, in that order; the rest after, in their own order."""
    order = list(dict.fromkeys(k for k in keys if 0 <= k < len(items)))
    chosen = set(order)
    return [items[k] for k in order] + [x for i, x in enumerate(items) if i not in chosen]


def _found(m: Match) -> dict[str, Any]:
    return {"verified": m.verified, "paragraph": m.paragraph, "start": m.start, "end": m.end}


def check(
    doc: Document,
    findings: Extraction,
    index: Index | Callable[[], Index] | None = None,
    store: SplitStore | None = None,
) -> tuple[list[CheckedClaim], list[CheckedDevelopment]]:
    """Ground every quote in the source; developments are put back in source order.

    `index` is the document's quote index, or how to get it when it is needed. With a
    `store`, where these quotes were found in this text is kept, and taken from there when
    the same quotes are checked again (a cached re-run), without building the index.
    """
    quotes = [c.quote for c in findings.claims] + [d.evidence for d in findings.developments]
    matches = _located(doc, quotes, index, store)
    n = len(findings.claims)
    claims = [
        CheckedClaim(**c.model_dump(), **_found(m))
        for c, m in zip(findings.claims, matches[:n], strict=True)
    ]
    located = []
    for i, (d, m) in enumerate(zip(findings.developments, matches[n:], strict=True)):
        dev = CheckedDevelopment(**d.model_dump(), **_found(m))
        located.append((m.start if m.start is not None else len(doc.text) + i, dev))
    located.sort(key=lambda pair: pair[0])
    return claims, [dev for _, dev in located]


def _located(
    doc: Document,
    quotes: list[str],
    index: Index | Callable[[], Index] | None,
    store: SplitStore | None,
) -> list[Match]:
    """Where each quote is in the document: from the store, or found and then kept there."""
    key = None if store is None or not quotes else _checks_key(doc, quotes)
    if store is not None and key is not None:
        with contextlib.suppress(BrieferError):
            kept = _matches_of(store.get_split(key), len(quotes))
            if kept is not None:
                return kept
    if index is None:
        from briefer.verify import index_for

        index = index_for(doc)
    elif callable(index):
        index = index()
    matches = [index.locate(q) for q in quotes]
    if store is not None and key is not None:
        found = [[m.verified, m.start, m.end, m.paragraph] for m in matches]
        with contextlib.suppress(BrieferError):
            store.put_split(key, {"matches": found})
    return matches


def _checks_key(doc: Document, quotes: list[str]) -> str | None:
    """What decides where quotes are found: the text, its paragraphs, the quotes, and the
    code that finds them (None when that code cannot be read: nothing is kept then)."""
    from briefer.machine_cache import code_stamp

    stamp = code_stamp(_VERIFY_CODE)
    if stamp is None:
        return None
    recipe = json.dumps(["quotes", stamp, doc.text_sha256, doc.paragraphs, quotes])
    return hashlib.sha256(recipe.encode("utf-8", "surrogatepass")).hexdigest()


_VERIFY_CODE = tuple(Path(__file__).with_name(name) for name in ("verify.py", "source.py"))
"""The modules whose code decides a quote's Match."""


def _matches_of(value: dict[str, Any] | None, count: int) -> list[Match] | None:
    """The kept matches, if they are sound and as many as the quotes."""
    from briefer.verify import NOT_FOUND, Match

    found = value.get("matches") if isinstance(value, dict) else None
    if not isinstance(found, list) or len(found) != count:
        return None
    out = []
    for item in found:
        if not isinstance(item, list) or len(item) != 4:
            return None
        verified, start, end, paragraph = item
        places = (start, end, paragraph)
        if verified is True and all(type(x) is int for x in places):
            out.append(Match(True, start, end, paragraph))
        elif verified is False and places == (None, None, None):
            out.append(NOT_FOUND)
        else:
            return None
    return out


def _chronicle(
    developments: list[CheckedDevelopment], findings: Extraction, keys: Sequence[int], limit: int
) -> list[CheckedDevelopment]:
    """The `limit` top-ranked developments in source order, then the rest in source order.

    A page shows the first `limit`, so it shows the most important events as a timeline.
    """
    if not keys:
        return developments
    wanted = {
        _quote_key(findings.developments[k].evidence)
        for k in keys[:limit]
        if 0 <= k < len(findings.developments)
    }
    top = [d for d in developments if _quote_key(d.evidence) in wanted]
    return top + [d for d in developments if _quote_key(d.evidence) not in wanted]


class _OverBudget(Exception):
    """A provisional chunk was over the budget: its call is cancelled, the text re-cut."""


async def _each(engine: Engine, calls: list[Coroutine[Any, Any, T]], the_plan: Plan) -> list[T]:
    """The calls' answers, in order. An immediate engine's are taken one after another, with
    no event loop; any other engine's calls run together, watched by `_answers`."""
    if engine.immediate:
        try:
            return [await call for call in calls]
        finally:
            for call in calls:
                call.close()  # any not reached when one failed: no "never awaited" warning
    import asyncio

    return await _answers(engine, asyncio.gather(*calls), the_plan)


async def _answers(engine: Engine, asked: asyncio.Future[T], the_plan: Plan) -> T:
    """The calls' answers; once their requests have left, the document's tokens are counted
    while the model works, the split is kept for a re-run, and the quote index is built.

    Raises _OverBudget when a provisional chunk turns out too big. If this run is cancelled
    or fails first, the calls are cancelled with it, so none is left running against a
    closed client with nobody to hear how it ended.
    """
    import asyncio

    try:
        await engine.settle()
        with contextlib.suppress(BrieferError):  # raised again where the count is used
            if the_plan.over_budget:
                raise _OverBudget
            the_plan.remember()
            # Answers from the cache are in after one more turn of the loop (gather sets
            # its result a turn after its calls end); they may not need the index at all
            # (see `check`), so it is built only while calls are out.
            await asyncio.sleep(0)
            if not asked.done():
                _ = the_plan.index
        return await asked
    finally:
        if not asked.done():
            asked.cancel()
            # Nobody awaits the cancelled calls now: take their outcome when they end, or
            # asyncio reports "exception was never retrieved" on the way out (Ctrl-C).
            asked.add_done_callback(_outcome_taken)


def _outcome_taken(done: asyncio.Future[Any]) -> None:
    if not done.cancelled():
        done.exception()


def source_info(doc: Document, tokens: int | None, chunks: int) -> SourceInfo:
    origin = doc.origin
    return SourceInfo(
        path=doc.name,
        sha256=doc.sha256,
        words=doc.words,
        tokens=tokens,
        chunks=chunks,
        text_sha256=doc.text_sha256,
        origin=None if origin is None else SourceOrigin(**dataclasses.asdict(origin)),
        title=doc.title,
        published=doc.published,
        author=doc.author,
    )


async def run(
    doc: Document, engine: Engine, the_plan: Plan, today: str, max_items: int = 8
) -> Brief:
    """Make the verified brief of one planned document."""
    draft = None
    if len(the_plan.chunks) == 1:
        try:
            (answer,) = await _each(engine, [engine.draft(doc, the_plan.chunks[0])], the_plan)
            draft = bounded(answer)
        except _OverBudget:
            the_plan = the_plan.exact()
    chunks = the_plan.chunks
    if draft is not None:
        findings = merge(
            [Extraction(actors=draft.actors, claims=draft.claims, developments=draft.developments)]
        )
        synthesis = Synthesis(
            title=draft.title,
            bottom_line=draft.bottom_line,
            outlook=draft.outlook,
            gaps=draft.gaps,
            key_actors=[],
            key_claims=[],
            key_developments=[],
        )
    else:
        calls = [engine.extract(doc, c, len(chunks)) for c in chunks]
        parts = [bounded(p) for p in await _each(engine, calls, the_plan)]
        findings = merge(parts)
        synthesis = bounded(await engine.synthesize(doc, findings))
    await engine.settle()
    claims, developments = check(doc, findings, lambda: the_plan.index, the_plan.store)
    return Brief(
        title=synthesis.title,
        bottom_line=synthesis.bottom_line,
        actors=_ranked(findings.actors, synthesis.key_actors),
        claims=_ranked(claims, synthesis.key_claims),
        developments=_chronicle(developments, findings, synthesis.key_developments, max_items),
        outlook=synthesis.outlook,
        gaps=synthesis.gaps,
        source=source_info(doc, the_plan.tokens, len(chunks)),
        usage=engine.usage.model_copy(),
        date=today,
    )
