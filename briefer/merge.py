"""One brief over several sources (`brief --merge`).

Every chunk of every source is extracted in one concurrent round; each source's findings
are merged and their quotes checked against that source; then one synthesis call (the
model's, or the offline rules') sees the findings of all sources and says which claims are
the same and which cannot both hold. Two round trips, whatever the number of sources.

Every link the engine asserts is checked before it reaches the brief: the claims exist,
come from different sources (the ones it names), and their quotes were found in their own
source. Actors are merged across sources by deterministic name rules (`identity`), and the
developments of all sources become one timeline, relative dates resolved against each
source's own date (`dating`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefer import corroborate, dating
from briefer.engine import Engine
from briefer.identity import (
    MergedActor,
    canonical_names,
    found_in_texts,
    merge_across,
    with_shared_names,
)
from briefer.pipeline import Plan, check, merge, name_key
from briefer.schema import (
    Brief,
    CheckedClaim,
    CheckedDevelopment,
    ClaimClash,
    ClaimGroup,
    ClaimSource,
    Contradiction,
    Extraction,
    SourceEntry,
    SourceInfo,
    SourcesSynthesis,
)
from briefer.source import Document

_OUTLET_IN_DATELINE = re.compile(r"^[^\n]{0,80}?\(([A-Z][\w.&' -]{1,40})\)\s*[-–—]")
_BYLINE = re.compile(r"^By\s+[^,\n]+,\s*([^\n]+)$", re.MULTILINE)
_UNNAMED = re.compile(
    r"^(?:an?|the|one|two|three|several|some)?\s*(?:senior\s+|former\s+|local\s+)?"
    r"(?:officials?|sources?|persons?|people|person familiar|spokes(?:man|woman|person)|"
    r"diplomats?|residents?|witnesses?|analysts?|observers?|aides?)\b",
    re.IGNORECASE,
)


@dataclass
class SourceFindings:
    """One source, its findings (merged over its chunks) and their checked quotes."""

    index: int
    plan: Plan
    findings: Extraction
    claims: list[CheckedClaim]
    developments: list[CheckedDevelopment]
    date: dt.date | None

    @property
    def doc(self) -> Document:
        return self.plan.doc


@dataclass(frozen=True)
class FlatClaim:
    """A claim of one source, numbered across all sources as the synthesis sees it."""

    source: int
    claim: CheckedClaim
    part_of: int | None = None
    """For one clause of a sentence that carries several claims: the sentence's entry."""


def flat_claims(sources: Sequence[SourceFindings]) -> list[FlatClaim]:
    return [FlatClaim(s.index, c) for s in sources for c in s.claims]


def findings_text(sources: Sequence[SourceFindings]) -> str:
    """All sources' findings for the one synthesis call; claims numbered across sources."""
    lines = ["SOURCES"]
    for s in sources:
        when = f", dated {s.date.isoformat()}" if s.date else ""
        lines.append(f"[S{s.index}] {Path(s.doc.name).name} ({s.doc.words} words{when})")
    lines.append("ACTORS")
    for s in sources:
        for a in s.findings.actors:
            aka = f"; aka {', '.join(a.aliases)}" if a.aliases else ""
            role = f" — {a.role}" if a.role else ""
            lines.append(f"[S{s.index}] {a.name} ({a.kind}){role}{aka}")
    lines.append("CLAIMS")
    for i, fc in enumerate(flat_claims(sources)):
        c = fc.claim
        lines.append(f'[{i}] [S{fc.source}] {c.claimant} ({c.kind}): {c.statement} — "{c.quote}"')
    lines.append("DEVELOPMENTS")
    for s in sources:
        for d in s.developments:
            when = f"{d.when}: " if d.when else ""
            lines.append(f"[S{s.index}] {when}{d.what}")
    return "\n".join(lines)


def source_entry(plan: Plan, date: dt.date | None) -> SourceEntry:
    doc = plan.doc
    lines = [x.strip() for x in doc.text.strip().split("\n") if x.strip()]
    title = lines[0] if lines and len(lines[0].split()) <= 25 and lines[0][-1:] != "." else None
    title = doc.title or title
    return SourceEntry(
        path=doc.name,
        sha256=doc.sha256,
        words=doc.words,
        tokens=plan.tokens,
        chunks=len(plan.chunks),
        title=title,
        outlet=_outlet(lines[1:4]),
        date=date.isoformat() if date else None,
    )


def _own_date(published: str | None) -> dt.date | None:
    """The date a document's metadata gives (a web page's, a PDF's), when it is a full day."""
    try:
        return dt.date.fromisoformat(published) if published and len(published) == 10 else None
    except ValueError:
        return None


def _outlet(head: list[str]) -> str | None:
    """The outlet a source names in its first lines: "(Nordwire)" in a dateline, a byline's
    "By NAME, OUTLET", or a short line above the text ("Ministry of X, press office - DATE")."""
    for line in head:
        m = _OUTLET_IN_DATELINE.match(line) or _BYLINE.match(line)
        if m:
            return m.group(1).strip()
    for line in head:
        if len(line.split()) <= 12 and line[-1:] not in '."”' and dating.source_date(line):
            cut = re.split(r"\s[-–—]\s|\s*\b\d{1,2}\s+\w+\s+\d{4}|\s*\w+\.?\s+\d{1,2},", line)[0]
            cut = cut.strip(" ,-–—")
            if cut and not dating.source_date(cut) and not cut.isupper():
                return cut
    return None


def unnamed(claimant: str) -> bool:
    """A claim from an unnamed source ("a person familiar with the matter", "officials")."""
    text = claimant.strip()
    return not text or bool(_UNNAMED.match(text)) or not any(ch.isupper() for ch in text)


_DATELINE = corroborate.DATELINE
VOICE_WORDS = 4
"""Fewest words in a source's own sentence for it to be compared with other sources' claims,
unless it states a count."""


def voice_claims(sources: Sequence[SourceFindings]) -> list[FlatClaim]:
    """Each source's sentences that none of its claims quotes, as claims in the source's own
    voice ("We have found no evidence...", a reporter's line): another source's claim may
    be carried, or contradicted, by what a source says without naming a speaker. Only the
    ones that a link joins to a claim reach the brief."""
    from briefer.offline.text import blocks, sentences
    from briefer.verify import index_for

    out = []
    for s in sources:
        text = s.doc.text
        quoted = [(c.start, c.end) for c in s.claims if c.start is not None and c.end is not None]
        voice = source_voice(s)
        locate = index_for(s.doc).locate
        for sentence in sentences(text, blocks(text)):
            if any(a < sentence.end and sentence.start < b for a, b in quoted):
                continue
            quote = _DATELINE.sub("", sentence.text.strip())
            short = len(quote.split()) < VOICE_WORDS
            if short and not corroborate.Statement(s.index, quote).counts:
                continue  # unless it states a count ("Fatalities: 3")
            m = locate(quote)
            if not m.verified:
                continue
            claim = CheckedClaim(
                statement=quote,
                claimant=voice,
                quote=quote,
                kind="report",
                hedging=None,
                verified=True,
                paragraph=m.paragraph,
                start=m.start,
                end=m.end,
            )
            out.append(FlatClaim(s.index, claim))
    return out


def source_voice(s: SourceFindings) -> str:
    """Who speaks in a source's own sentences: its outlet, its title ("Statement from the
    Health Trust on ..."), or its file name."""
    entry = source_entry(s.plan, s.date)
    return entry.outlet or entry.title or Path(s.doc.name).name


_NO_CLAIM = re.compile(r"(?:including|excluding|regarding|concerning|according)\b", re.I)
PART_STEMS = 3
"""Fewest content stems of a clause, one of them a verb, for it to stand as a claim."""


def clause_claims(sources: Sequence[SourceFindings], flat: Sequence[FlatClaim]) -> list[FlatClaim]:
    """Each clause of a sentence that carries several claims ("An armed gang ambushed a
    van and escaped with four million kroner"), as an entry of its own that points to its
    sentence: one sentence may corroborate two claims that other sources make apart. Only
    the clauses that a group joins to another source reach the brief, each quote found in
    its own source."""
    from briefer.verify import index_for

    docs = {s.index: s.doc for s in sources}
    out = []
    for k, fc in enumerate(flat):
        parts = corroborate.Statement(fc.source, fc.claim.quote).clauses
        if not parts:
            continue
        locate = index_for(docs[fc.source]).locate
        for part in parts:
            quote = part.text.strip(" ,;:.")
            if len(part.stems) < PART_STEMS or not part.events or _NO_CLAIM.match(quote):
                continue  # a name or a phrase ("including the mayor"), not a claim
            m = locate(quote)
            if not m.verified:
                continue
            claim = fc.claim.model_copy(
                update={
                    "statement": quote,
                    "quote": quote,
                    "verified": True,
                    "paragraph": m.paragraph,
                    "start": m.start,
                    "end": m.end,
                }
            )
            out.append(FlatClaim(fc.source, claim, part_of=k))
    return out


def all_claims(sources: Sequence[SourceFindings]) -> tuple[list[FlatClaim], int]:
    """Every source's claims, then every source's own sentences (`voice_claims`), then the
    clauses of both (`clause_claims`); and how many of them are claims."""
    flat = flat_claims(sources)
    whole = [*flat, *voice_claims(sources)]
    return [*whole, *clause_claims(sources, whole)], len(flat)


# --- links ---------------------------------------------------------------------------


def _statement(
    fc: FlatClaim,
    names: dict[str, frozenset[str]],
    speakers: dict[tuple[int, str], int],
    voice: bool,
) -> corroborate.Statement:
    key = name_key(fc.claim.claimant)
    words = frozenset() if voice else names.get(key, frozenset())
    actor = None if voice else speakers.get((fc.source, key))
    return corroborate.Statement(
        fc.source, fc.claim.statement, fc.claim.claimant, words, actor=actor, voice=voice
    )


def _speakers(actors: Sequence[MergedActor]) -> dict[tuple[int, str], int]:
    """Which merged actor each source's name for it stands for."""
    out: dict[tuple[int, str], int] = {}
    for i, ma in enumerate(actors):
        for m in ma.members:
            for k in m.keys:
                out.setdefault((m.source, k), i)
    return out


def _name_words(actors: Sequence[MergedActor]) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for ma in actors:
        words = frozenset(
            w for n in [ma.actor.name, *ma.actor.aliases] for w in name_key(n).split()
        )
        for n in [ma.actor.name, *ma.actor.aliases]:
            out[name_key(n)] = words
    return out


def rule_links(
    flat: Sequence[FlatClaim], actors: Sequence[MergedActor], claims: int | None = None
) -> tuple[list[ClaimGroup], list[ClaimClash]]:
    """The offline rules' answer to "which claims are the same, which clash". Entries from
    `claims` on are sources' own sentences, which need more in common to be linked."""
    real = len(flat) if claims is None else claims
    names = _name_words(actors)
    speakers = _speakers(actors)
    statements = [
        _statement(fc, names, speakers, (k if fc.part_of is None else fc.part_of) >= real)
        for k, fc in enumerate(flat)
    ]
    parts = [fc.part_of for fc in flat]
    groups = [ClaimGroup(claims=g) for g in corroborate.clusters(statements, parts) if len(g) > 1]
    clashes = []
    # A clause's clashes are its sentence's: `clash` compares clauses itself.
    whole = [k for k, fc in enumerate(flat) if fc.part_of is None]
    for i in whole:
        a = statements[i]
        for j in whole:
            if j <= i:
                continue
            note = corroborate.clash(a, statements[j])
            if note:
                sides = [a.source, flat[j].source]
                clashes.append(ClaimClash(claims=[i, j], sources=sides, note=note))
    return groups, clashes


def borne_out(
    groups: Sequence[ClaimGroup],
    clashes: Sequence[ClaimClash],
    flat: Sequence[FlatClaim],
    actors: Sequence[MergedActor],
) -> tuple[list[ClaimGroup], list[ClaimClash]]:
    """A model's links, less those the text does not bear out at all: a claim stays in a
    group only if it shares a content word (numbers and folded synonyms included, the
    claimant's names left out) or its speaker with another member, and two claims clash
    only if they share one. Links to claims that do not exist are left for the checks."""
    names, speakers = _name_words(actors), _speakers(actors)
    statements = [_statement(fc, names, speakers, False) for fc in flat]

    def related(i: int, j: int) -> bool:
        if not (0 <= i < len(flat) and 0 <= j < len(flat)):
            return False
        return corroborate.related(statements[i], statements[j])

    def same(i: int, j: int) -> bool:
        if not (0 <= i < len(flat) and 0 <= j < len(flat)):
            return False
        return corroborate.same_subject(statements[i], statements[j])

    kept_groups = [
        ClaimGroup(claims=[i for i in g.claims if any(same(i, j) for j in g.claims if j != i)])
        for g in groups
    ]
    kept_clashes = [c for c in clashes if len(c.claims) == 2 and related(*c.claims)]
    return kept_groups, kept_clashes


def checked_groups(groups: Sequence[ClaimGroup], flat: Sequence[FlatClaim]) -> list[list[int]]:
    """Groups whose members exist, were verified, and come from different sources (the
    first claim of each source kept); a claim joins at most one group."""
    taken: set[int] = set()
    out = []
    for g in groups:
        members: list[int] = []
        seen_sources: set[int] = set()
        for k in g.claims:
            if not 0 <= k < len(flat) or k in taken or k in members:
                continue
            if not flat[k].claim.verified or flat[k].source in seen_sources:
                continue
            members.append(k)
            seen_sources.add(flat[k].source)
        if len(members) > 1:
            out.append(sorted(members))
            taken.update(members)
    return out


def checked_clashes(clashes: Sequence[ClaimClash], flat: Sequence[FlatClaim]) -> list[ClaimClash]:
    """Contradictions between two existing, verified claims of two different sources,
    which are the sources the engine named."""
    out = []
    seen: set[tuple[int, int]] = set()
    for c in clashes:
        if len(c.claims) != 2:
            continue
        i, j = c.claims
        if not (0 <= i < len(flat) and 0 <= j < len(flat)) or i == j:
            continue
        a, b = flat[i], flat[j]
        if a.source == b.source or not (a.claim.verified and b.claim.verified):
            continue
        if c.sources and list(c.sources) != [a.source, b.source]:
            continue
        key = (min(i, j), max(i, j))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


# --- assembling ----------------------------------------------------------------------


def _merged_claims(
    flat: Sequence[FlatClaim],
    groups: list[list[int]],
    clashes: Sequence[ClaimClash],
    key_claims: Sequence[int],
    canon: Sequence[dict[str, str]],
    claims: int | None = None,
) -> tuple[list[CheckedClaim], list[Contradiction]]:
    grouped = {k for g in groups for k in g}
    real = len(flat) if claims is None else claims
    # A source's own sentence is in the brief only as part of a link.
    linked = sorted({k for c in clashes for k in c.claims if k >= real} - grouped)
    units = groups + [[k] for k in [*range(real), *linked] if k not in grouped]
    where = {k: u for u, members in enumerate(units) for k in members}
    rank = {k: r for r, k in enumerate(dict.fromkeys(key_claims))}
    disputed = {where[k] for c in clashes for k in c.claims}

    def order(u: int) -> tuple[int, int, int, int]:
        members = units[u]
        best = min((rank.get(k, len(rank)) for k in members), default=len(rank))
        return (-len(members), 0 if u in disputed else 1, best, min(members))

    ordered = sorted(range(len(units)), key=order)
    position = {u: p for p, u in enumerate(ordered)}
    merged_claims = []
    for u in ordered:
        members = sorted(units[u], key=lambda k: (flat[k].source, k))
        # The plainest wording leads: the shortest statement of a verified quote.
        first = min(
            (flat[k] for k in members),
            key=lambda fc: (not fc.claim.verified, len(fc.claim.statement.split())),
        )
        entries = [
            ClaimSource(
                source=flat[k].source,
                claimant=_canon(flat[k].claim.claimant, canon, flat[k].source),
                quote=flat[k].claim.quote,
                verified=flat[k].claim.verified,
                paragraph=flat[k].claim.paragraph,
                start=flat[k].claim.start,
                end=flat[k].claim.end,
            )
            for k in members
        ]
        claimants = list(dict.fromkeys(e.claimant for e in entries))
        merged_claims.append(
            first.claim.model_copy(update={"claimant": "; ".join(claimants), "sources": entries})
        )
    contradictions = []
    seen: set[tuple[int, int]] = set()
    for c in clashes:
        i, j = (position[where[k]] for k in c.claims)
        key = (min(i, j), max(i, j))
        if i != j and key not in seen:
            seen.add(key)
            sides = [flat[k].source for k in c.claims]
            contradictions.append(Contradiction(claims=[i, j], sources=sides, note=c.note))
    return merged_claims, contradictions


def _canon(name: str, canon: Sequence[dict[str, str]], source: int) -> str:
    table = canon[source] if source < len(canon) else {}
    return table.get(name_key(name), name)


def _timeline(
    sources: Sequence[SourceFindings], canon: Sequence[dict[str, str]], max_items: int
) -> list[CheckedDevelopment]:
    """Developments of all sources as one timeline: the same event reported by several
    sources (same day, same words) is one item listing them all."""
    items: list[tuple[dt.date | None, CheckedDevelopment, corroborate.Statement]] = []
    for s in sources:
        for d in s.developments:
            day = dating.resolve(d.when, d.evidence, s.date)
            actors = list(dict.fromkeys(_canon(n, canon, s.index) for n in d.actors))
            dev = d.model_copy(
                update={
                    "actors": actors,
                    "sources": [s.index],
                    "date": day.isoformat() if day else None,
                }
            )
            stmt = corroborate.Statement(s.index, d.what)
            for k, (other_day, other, other_stmt) in enumerate(items):
                if other.sources and s.index in other.sources:
                    continue
                if (
                    other_day == day
                    and day is not None
                    and corroborate.same_claim(other_stmt, stmt)
                ):
                    merged = other.model_copy(
                        update={
                            "sources": [*(other.sources or []), s.index],
                            "actors": list(dict.fromkeys([*other.actors, *actors])),
                        }
                    )
                    items[k] = (other_day, merged, other_stmt)
                    break
            else:
                items.append((day, dev, stmt))
    indexed = list(enumerate(items))
    # The page shows the first `max_items`: the best-carried events, then in date order.
    top = sorted(indexed, key=lambda p: (-len(p[1][1].sources or []), p[1][0] is None, p[0]))
    chosen = {i for i, _ in top[:max_items]}

    def by_date(p: tuple[int, tuple[dt.date | None, CheckedDevelopment, object]]) -> tuple:  # type: ignore[type-arg]
        i, (day, _d, _s) = p
        return (day is None, day or dt.date.min, i)

    first = sorted((p for p in indexed if p[0] in chosen), key=by_date)
    rest = sorted((p for p in indexed if p[0] not in chosen), key=by_date)
    return [d for _, (_day, d, _s) in first + rest]


def _combined_source(plans: Sequence[Plan]) -> SourceInfo:
    digest = hashlib.sha256("".join(p.doc.sha256 for p in plans).encode()).hexdigest()
    tokens = [p.tokens for p in plans]
    return SourceInfo(
        path=f"{len(plans)} sources",
        sha256=digest,
        words=sum(p.doc.words for p in plans),
        tokens=None if any(t is None for t in tokens) else sum(t or 0 for t in tokens),
        chunks=sum(len(p.chunks) for p in plans),
    )


async def read_sources(plans: Sequence[Plan], engine: Engine) -> list[SourceFindings]:
    """Round one: every chunk of every source, concurrently; then each source's own merge
    and quote check."""
    calls = [engine.extract(p.doc, c, len(p.chunks)) for p in plans for c in p.chunks]
    parts = await asyncio.gather(*calls)
    await engine.settle()
    out = []
    at = 0
    for index, p in enumerate(plans):
        mine = parts[at : at + len(p.chunks)]
        at += len(p.chunks)
        findings = merge(mine)
        claims, developments = check(p.doc, findings)
        date = _own_date(p.doc.published) or dating.source_date(p.doc.text)
        out.append(SourceFindings(index, p, findings, claims, developments, date))
    return out


@dataclass(frozen=True)
class Merged:
    brief: Brief
    actors: list[MergedActor]
    """The merged actors with each source's own actor (what each source called them)."""


async def run(plans: Sequence[Plan], engine: Engine, today: str, max_items: int = 8) -> Brief:
    """The verified brief over all planned sources."""
    return (await merged(plans, engine, today, max_items)).brief


async def merged(plans: Sequence[Plan], engine: Engine, today: str, max_items: int = 8) -> Merged:
    """The brief over all planned sources, and the actors behind it."""
    sources = await read_sources(plans, engine)
    found = [s.findings.actors for s in sources]
    if engine.name == "offline":
        from briefer.offline.core import named_once

        found = with_shared_names(found, [named_once(s.doc.text) for s in sources])
    actors = merge_across(found)
    found_in_texts(actors, [s.doc.text for s in sources])
    canon = canonical_names(actors)
    synthesis: SourcesSynthesis = await engine.synthesize_sources(
        sources, flat_claims(sources), actors
    )
    await engine.settle()
    # The model's links index the claims; the rules' (its own for the offline engine) also
    # reach the sources' own sentences, listed after the claims.
    flat, real = all_claims(sources)
    if engine.name == "offline":
        said_same, said_clash = synthesis.same_claims, synthesis.contradictions
    else:
        said_same, said_clash = borne_out(
            synthesis.same_claims, synthesis.contradictions, flat[:real], actors
        )
        said_same = [*said_same, *rule_links(flat, actors, real)[0]]
    groups = checked_groups(said_same, flat)
    clashes = checked_clashes(said_clash, flat)
    claims, contradictions = _merged_claims(
        flat, groups, clashes, synthesis.key_claims, canon, real
    )
    speaks = Counter(name_key(e.claimant) for c in claims for e in c.sources or [])
    order = sorted(
        range(len(actors)),
        key=lambda i: (-speaks[name_key(actors[i].actor.name)], -len(actors[i].sources), i),
    )
    brief = Brief(
        title=synthesis.title,
        bottom_line=synthesis.bottom_line,
        actors=[actors[i].actor for i in order],
        claims=claims,
        developments=_timeline(sources, canon, max_items),
        outlook=synthesis.outlook,
        gaps=synthesis.gaps,
        source=_combined_source(plans),
        usage=engine.usage.model_copy(),
        date=today,
        sources=[source_entry(s.plan, s.date) for s in sources],
        actor_sources=[actors[i].sources for i in order],
        contradictions=contradictions,
    )
    return Merged(brief, [actors[i] for i in order])


def offline_synthesis(
    sources: Sequence[SourceFindings], flat: Sequence[FlatClaim], actors: Sequence[MergedActor]
) -> SourcesSynthesis:
    """The offline engine's synthesis over several sources: the first source's title and
    lead, the rules' links, and what the sources leave open."""
    from briefer.offline import synthesize_findings

    everything, real = all_claims(sources)
    groups, clashes = rule_links(everything, actors, real)
    # The earliest source (the first report), the longest among equals, leads.
    lead = min(sources, key=lambda s: (s.date or dt.date.max, -s.doc.words, s.index))
    first = synthesize_findings(lead.doc.text, lead.findings)
    corroborated = len(checked_groups(groups, everything))
    disputed = len(checked_clashes(clashes, everything))
    summary = (
        f"{_count(len(sources), 'source')}; "
        f"{_count(corroborated, 'claim')} carried by more than one; "
        f"{_count(disputed, 'contradiction')}."
    )
    gaps = list(first.gaps)
    single = real - sum(1 for g in groups for k in g.claims if k < real)
    if single:
        gaps.insert(0, f"{_count(single, 'claim')} rest on one source only.")
    return SourcesSynthesis(
        title=first.title,
        bottom_line=f"{first.bottom_line} {summary}".strip(),
        outlook=list(first.outlook),
        gaps=gaps,
        same_claims=groups,
        contradictions=clashes,
        key_claims=[],
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
