"""One pass over a document: actors, claims and developments, then the brief's prose parts.

The analysis is computed once per document text (memoised) and sliced by offsets, so every
chunk of a long document sees the same actors and names them the same way.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass

from briefer.offline import lexicon as lx
from briefer.offline.actors import Entity, Mention, MentionFinder, group_mentions, is_place, keep
from briefer.offline.claims import (
    DESCRIBED_HEADS,
    DESCRIBED_MODIFIERS,
    ClaimFinder,
    RawClaim,
    hedge,
    says_nothing,
)
from briefer.offline.text import (
    DATELINE,
    Block,
    QuoteSpan,
    Sentence,
    blocks,
    dateline_end,
    quote_spans,
    sentences,
    whole_word_at,
)
from briefer.offline.voices import opinion_writer, press_release, turn_speakers
from briefer.schema import Actor, ActorKind, Claim, Development, Draft, Extraction, Synthesis

_M = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_D = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_UNIT = r"(?:week|month|year|weekend|quarter|decade|spring|summer|autumn|fall|winter|term)"
_TIME = re.compile(
    r"\b(?:(?i:on|by|since|until|from|in|during|before|after|early|late|mid|last|next|"
    r"this|earlier|later|over)\s+)?(?:"
    rf"{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_M}(?:\s+\d{{4}})?"
    rf"|{_M}\s+\d{{4}}"
    rf"|{_D}(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:19|20)\d{2}(?:\s+and\s+(?:19|20)\d{2})?"
    r"|the\s+(?:early\s+|late\s+|mid-)?(?:19|20)?\d0s"
    rf"|(?:this|last|next|the\s+previous|the\s+same)\s+{_UNIT}"
    rf"|(?:earlier|later)\s+this\s+{_UNIT}"
    r"|(?:the\s+)?(?:past|last|next|coming)\s+(?:\w+\s+)?(?:days|weeks|months|years)"
    r"|recent\s+(?:days|weeks|months|years)"
    r"|(?:\w+\s+)?(?:days?|weeks?|months?|years?|hours?)\s+ago"
    r"|yesterday|tonight|overnight|midday"
    r")\b"
    rf"|\b(?i:in|on|since|until|by|during|from|last|next|early|late)\s+{_M}(?!\w)"
    r"|\b(?i:over|at)\s+the\s+weekend\b"
    r"|\b(?i:earlier)\s+this\s+(?:week|month|year)\b"
    r"|\b[Bb]y\s+\d{3,4}\s+GMT\b"
)
_FUTURE = re.compile(
    r"\b(?:will|is expected to|are expected to|plans? to|planning to|is due to|are due to|"
    r"intends? to|is set to|are set to|is likely to|are likely to|aims? to)\b"
)
_WORD = re.compile(r"[\w’'\-]+")
_PAST = re.compile(r"\b[a-z]{3,}ed\b")
_CAPTION = re.compile(r"\((?:[^)]*\b(?:via|Reuters|AP|AFP|Getty|Photo|photo|Image|file)\b[^)]*)\)$")
_SPLIT_CLAUSE = re.compile(r",\s|\s[-–—]\s|;\s")
_RULES = "[rules] "
_QUOTE_CHARS = '“”"'
_NO_OUTLOOK = "The offline engine does not forecast; run with a model for an outlook."


@dataclass
class Dev:
    start: int
    end: int
    when: str | None
    what: str
    where: str | None
    actors: list[str]


@dataclass
class Analysis:
    text: str
    blocks: list[Block]
    sents: list[Sentence]
    quotes: list[QuoteSpan]
    headline: str | None
    entities: list[Entity]
    mentions: list[tuple[Mention, Entity]]
    claims: list[RawClaim]
    devs: list[Dev]
    score: dict[int, float]
    named_once: list[Entity]
    """Names of several words, or acronyms, that the actor rules leave out for want of a
    second mention: another source that names them too makes them actors."""


def _quote_end(q: QuoteSpan) -> int:
    return q.close if q.close is not None else q.end


def _quoted_sentence(
    s: Sentence, quotes: list[QuoteSpan], opens: list[int] | None = None, reach: int = 0
) -> bool:
    """Whether a sentence sits inside (or opens with) a quotation.

    With `opens` (the quotes' sorted opening offsets, `quotes` in that order) and `reach`
    (the longest quote), only quotes that open close enough before the sentence are looked
    at: a long document is then linear, not quadratic.
    """
    if s.text.lstrip()[:1] in '"“':
        return True
    candidates = quotes if opens is None else quotes[: bisect.bisect_right(opens, s.start)]
    for q in reversed(candidates):
        if opens is not None and s.start - q.open > reach:
            break
        if q.open <= s.start and _quote_end(q) >= s.end - 2:
            return True
    return False


@functools.lru_cache(maxsize=32)
def analyse(text: str) -> Analysis:
    """Everything the offline engine knows about one document text."""
    bl = blocks(text)
    sents = sentences(text, bl)
    quotes = quote_spans(text, bl)
    headline = None
    if bl and bl[0].heading:
        headline = text[bl[0].start : bl[0].end]
    finder = MentionFinder(text, quotes)
    mentions: list[Mention] = []
    for s in sents:
        mentions.extend(finder.find(s))
    # Laws, treaties, plans and reports are talked about; they are not actors.
    entities = [e for e in group_mentions(mentions, text) if e.kind != "document"]
    owner = {id(m): e for e in entities for m in e.mentions}
    turns = turn_speakers(text, bl, sents, entities)
    finder_ = ClaimFinder(
        text, sents, quotes, entities, owner, mentions, turns.speakers, turns.labelled
    )
    finder_.author = opinion_writer(text, bl, entities, headline)
    owned = sorted(
        ((m, owner[id(m)]) for m in mentions if id(m) in owner), key=lambda p: p[0].start
    )
    finder_.release = press_release(text, bl, sents, owned)
    claims = finder_.run()
    for c in claims:
        c.claimant.claimant += 1
    lower_words = {w for w in _WORD.findall(text) if w.islower()}
    kept = [e for e in entities if keep(e, lower_words, headline or "")]
    kept_ids = {id(e) for e in kept}
    for c in claims:
        if id(c.claimant) not in kept_ids:
            kept.append(c.claimant)
            kept_ids.add(id(c.claimant))
    lead = _lead_sentences(bl, sents)
    lead_end = lead[-1].end if lead else 0
    known = finder_groups(claims)
    lead_groups = _lead_groups(text, lead, known)
    lead_groups += _described_institutions(text, sents, entities, known)
    for e in lead_groups:
        if e.mentions:
            mentions.append(e.mentions[-1])
            owner[id(e.mentions[-1])] = e
        if id(e) not in kept_ids:
            kept.append(e)
            kept_ids.add(id(e))
    score: dict[int, float] = {}
    for e in kept:
        points = float(len([m for m in e.mentions if not m.quoted])) + 3.0 * e.claimant
        if any(m.start < lead_end for m in e.mentions):
            points += 3.0
        if headline and any(
            re.search(rf"\b{re.escape(n)}\b", headline) for n in [e.name, *e.aliases]
        ):
            points += 2.0
        score[id(e)] = points
    kept.sort(key=lambda e: (-score[id(e)], e.first))
    all_mentions = sorted(
        ((m, owner[id(m)]) for m in mentions if id(m) in owner and id(owner[id(m)]) in kept_ids),
        key=lambda p: p[0].start,
    )
    devs = _developments(text, sents, quotes, all_mentions, lead)
    once = [
        e
        for e in entities
        if id(e) not in kept_ids
        and _named_once(e, text)
        and keep(e, lower_words, headline or "", 1)
    ]
    return Analysis(
        text, bl, sents, quotes, headline, kept, all_mentions, claims, devs, score, once
    )


def finder_groups(claims: list[RawClaim]) -> dict[str, Entity]:
    return {c.claimant.name.lower(): c.claimant for c in claims if c.claimant.kind == "group"}


_GROUP_PREPS = lx.load("group_preps")
_NUMERALS = lx.load("numerals")
_GROUP_DETERMINERS = lx.load("group_determiners")
_SUBJECT_VERBS = lx.load("subject_verbs")


def _lead_groups(text: str, lead: list[Sentence], known: dict[str, Entity]) -> list[Entity]:
    """ "Virus writers have begun ...": a collective that opens a lead sentence and acts."""
    out: list[Entity] = []
    for s in lead:
        start = dateline_end(text, s.start, s.end)
        words = _WORD.findall(text[start : s.end])[:5]
        while words and words[0].lower() in _GROUP_DETERMINERS:
            words.pop(0)
        for i, w in enumerate(words[:3]):
            if w.lower() not in lx.GROUP_NOUNS:
                continue
            nxt = words[i + 1].lower() if i + 1 < len(words) else ""
            head = words[: i + 1]
            acts = nxt in _SUBJECT_VERBS or nxt in lx.EVENT_VERBS
            if nxt in _GROUP_PREPS:
                # "Two senior officials at a state bank have ...": the verb after the phrase.
                tail = re.split(r"[,;:]", text[start : s.end], maxsplit=1)[0]
                acts = any(w.lower() in _SUBJECT_VERBS for w in _WORD.findall(tail)[i + 2 : 14])
            numeral = head[0].lower() in _NUMERALS
            if (
                acts
                and all(x.islower() for x in head[1:])
                and (numeral or head[0] not in lx.COMMON_CAPS or head[0].lower() in lx.GROUP_NOUNS)
            ):
                name = " ".join(head)
                name = name[:1].upper() + name[1:]
                e = known.get(name.lower()) or Entity(name=name, kind="group", forced=True)
                known[name.lower()] = e
                at = text.find(head[0], start, s.end)
                end = text.find(head[-1], at, s.end) + len(head[-1])
                e.mentions.append(Mention(name, at, end, s.index, initial=True, quoted=False))
                out.append(e)
            break
    return out


_LOWER = re.compile(r"[a-z]+")
_DESCRIBED = re.compile(
    r"\b(?:[Tt]he|[Aa]n?)\s+(?:[a-z]+['’]s\s+)?((?:[a-z]+\s+){0,2})([a-z]+)\b(?!-)"
)


def _described_institutions(
    text: str, sents: list[Sentence], entities: list[Entity], known: dict[str, Entity]
) -> list[Entity]:
    """ "the central bank", "the provincial government", "a regional pension fund ... the
    pension fund", "the province's water authority ... the provincial water authority": an
    institution the text names only by what it is, written at least twice (once perhaps as
    bare "the government", or with fewer modifiers), and held by no name in the text."""
    found: dict[str, list[tuple[int, int, str | None]]] = {}
    named_the: set[str] = set()  # "a central bank with too many targets" may be any bank
    for m in _DESCRIBED.finditer(text):
        spans = [
            (w.group(), w.start(), w.end()) for w in _LOWER.finditer(text, m.start(1), m.end(2))
        ]
        at = next((i for i, w in enumerate(spans) if w[0] in DESCRIBED_HEADS), None)
        if at is None or any(w[0] not in DESCRIBED_MODIFIERS for w in spans[:at]):
            continue
        head = spans[at][0]
        mod = " ".join(w[0] for w in spans[:at]) or None
        first, end = spans[0][1], spans[at][2]
        definite = m.group()[:1] in "Tt"
        if not mod and not definite:
            continue  # "a council" alone points at no one
        found.setdefault(head, []).append((first, end, mod))
        if definite and mod:
            named_the.add(head)
    names = [e.name.lower() for e in entities]
    starts = [s.start for s in sents]
    out: list[Entity] = []
    for head, spots in found.items():
        mods = Counter(mod for _, _, mod in spots if mod)
        if len(spots) < 2 or not mods or head not in named_the:
            continue
        # "regional health" holds "health" and "regional": one institution written with
        # fewer modifiers
        longest = max(mods, key=lambda x: (len(x.split()), mods[x], x))
        same = {x for x in mods if set(x.split()) <= set(longest.split())}
        mod = longest if len(same) == len(mods) else mods.most_common(1)[0][0]
        phrase = f"{mod} {head}"
        if any(phrase in n for n in names) or (
            len(mods) > 1 and len(same) < len(mods) and mods[mod] < 2
        ):
            continue  # named in full ("Tullymore County Council"), or two of a kind
        name = phrase[:1].upper() + phrase[1:]
        e = known.get(name.lower()) or Entity(name=name, kind="group", forced=True)
        known[name.lower()] = e
        for a, b, m_ in spots:
            if m_ is not None and m_ not in same and m_ != mod:
                continue
            i = max(0, bisect.bisect_right(starts, a) - 1)
            e.mentions.append(
                Mention(text[a:b], a, b, sents[i].index if sents else 0, False, False)
            )
        out.append(e)
    return out


def _lead_sentences(bl: list[Block], sents: list[Sentence]) -> list[Sentence]:
    """The first two sentences of the body, skipping captions and one-line standfirsts."""
    captions = {b.index for b in bl if _CAPTION.search(_block_text(bl, b, sents))}
    body = [
        s
        for s in sents
        if not bl[s.block].heading and s.block not in captions and len(_WORD.findall(s.text)) >= 8
    ]
    return body[:2]


def _block_text(bl: list[Block], b: Block, sents: list[Sentence]) -> str:
    return " ".join(s.text.strip() for s in sents if s.block == b.index)


def _time(sentence: str) -> str | None:
    m = _TIME.search(sentence)
    return m.group().strip() if m else None


def _short(sentence: str, limit: int = 30) -> str:
    """A sentence without quote marks, cut at a clause boundary when long."""
    s = re.sub(r"[\"“”]", "", sentence).strip()
    words = s.split()
    if len(words) > limit:
        cut = None
        for m in _SPLIT_CLAUSE.finditer(s):
            if 12 <= len(s[: m.start()].split()) <= limit:
                cut = m.start()
        s = s[:cut] if cut else " ".join(words[:limit])
        s = s.rstrip(" ,;-–—") + " ..."
    elif s and s[-1] not in ".!?":
        s += "."
    return s


def _developments(
    text: str,
    sents: list[Sentence],
    quotes: list[QuoteSpan],
    mentions: list[tuple[Mention, Entity]],
    lead_sents: list[Sentence],
) -> list[Dev]:
    out: list[Dev] = []
    lead = {s.index for s in lead_sents}
    quotes = sorted(quotes, key=lambda q: q.open)
    opens = [q.open for q in quotes]
    reach = max((_quote_end(q) - q.open for q in quotes), default=0)
    mentions = sorted(mentions, key=lambda pair: pair[0].start)
    starts = [m.start for m, _ in mentions]
    for s in sents:
        if _quoted_sentence(s, quotes, opens, reach):
            continue
        raw = s.text.strip()
        words = [w.lower() for w in _WORD.findall(raw)]
        if len(words) < 5:
            continue
        body = strip_dateline(raw)  # "VALMORA, March 7 - ": the filing date, not the event's
        when = _time(body) or _time(raw)
        event = any(w in lx.EVENT_VERBS for w in words)
        inside = mentions[bisect.bisect_left(starts, s.start) : bisect.bisect_left(starts, s.end)]
        if not inside and s.index not in lead and not (when and event):
            continue
        actorish = not inside or any(e.kind != "state" for _, e in inside) or inside[0][0].initial
        if not (when and (event or _PAST.search(raw))) and not (event and actorish):
            continue
        names = list(dict.fromkeys(e.name for _, e in inside))
        where = None
        for m, e in inside:
            if m.locative and (
                m.surface in lx.PLACES or m.surface in lx.CAPITALS or e.kind == "state"
            ):
                where = m.surface
                break
        start = s.start + len(s.text) - len(s.text.lstrip()) + len(raw) - len(body)
        end = s.start + len(s.text.rstrip())
        out.append(Dev(start, end, when, _short(body), where, names))
    # places not kept as actors still make a `where`
    return out


def _place_in(text: str) -> str | None:
    for m in re.finditer(r"\b(?:in|at|near)\s+((?:[A-Z][\w\-]+\s?){1,3})", text):
        cand = m.group(1).strip()
        if cand in lx.PLACES or cand in lx.CAPITALS or cand in lx.COUNTRIES:
            return cand
    return None


_DENIAL_OBJECT = re.compile(
    r"\b(?:denied|denies|rejected|rejects|dismissed|dismisses|disputed|disputes|refuted)\s+"
    r"((?:[\w’'\-]+\s+){0,6}?that\s+)?([^.;:]+)"
)
_ANAPHORIC = re.compile(
    r"^(?:that|this|those|these|it|them|the (?:account|claims?|accusations?|allegations?|"
    r"suggestions?|report|figures?|characterisation|characterization|idea|charge|criticism))\b"
    r"(?:\s+\w+){0,2}$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
_ASSESS_WORDS = re.compile(
    r"\b(?:not|never|no|cannot|can't|won't|will|would|must|should|only|too|more|less|"
    r"worst|best|serious|safe|unsafe|true|false|wrong)\b",
    re.IGNORECASE,
)


def _words_cut(text: str, n: int) -> str:
    words = re.sub(r"[\"“”]", "", text).split()
    out = " ".join(words[:n]).rstrip(",;:.")
    return out + ("…" if len(words) > n else "")


def _denial_object(quote: str, denial: bool = True) -> str | None:
    """What a sentence denies ("denied that X" -> "X"), unless it only points back; outside
    a denial claim only "denied ... that X" counts ("rejected an offer" denies nothing)."""
    m = _DENIAL_OBJECT.search(re.sub(r"[\"“”]", "", quote))
    if not m or (not denial and not m.group(1)):
        return None
    obj = m.group(2).strip().rstrip(",")
    obj = re.split(r",\s(?:and|but|saying|adding)\s|\s(?:and|but)\s(?=he|she|they|it)\b", obj)[0]
    if len(obj.split()) < 3 or _ANAPHORIC.match(obj):
        return None
    return obj


def substance(statement: str, quote: str, kind: str, direct: bool) -> float:
    """How much a claim says: direct words, numbers, denials and judgements over procedure."""
    n = len(statement.split())
    score = 3.0 if direct else 0.0
    score += 1.5 if _NUMBER.search(statement) else 0.0
    score += 1.0 if kind in ("denial", "assessment") else 0.0
    score += 0.5 if _ASSESS_WORDS.search(statement) else 0.0
    if kind == "denial" and _denial_object(quote) is None and not direct:
        score -= 3.0  # "X rejected that account."
    if direct and quote[:1].islower():
        score -= 1.5  # a fragment quoted inside a reported sentence
    if says_nothing(quote):
        score -= 3.0  # "declined to comment": on the record, but nothing said
    if n < 7:
        score -= 2.0
    elif n > 45:
        score -= 1.0
    return score


def _stance(e: Entity, claims: list[RawClaim], text: str) -> str | None:
    """A short phrase from the actor's own statements: what it denies, or its strongest line."""
    mine = [c for c in claims if c.claimant is e]
    if not mine:
        return None
    n = len(mine)
    label = f"{n} statements" if n > 1 else "1 statement"
    for c in mine:
        obj = _denial_object(text[c.start : c.end], c.kind == "denial")
        if obj:
            return f"{label}; denies {_words_cut(obj, 8)}"
    names = {w for n in [e.name, *e.aliases] for w in n.split() if w[:1].isupper()}
    own = [c for c in mine if not names & set(_WORD.findall(c.statement))]
    if not own:
        verbs = list(dict.fromkeys(c.verb for c in mine if c.verb != "continued"))
        return f"{label} ({', '.join(verbs[:3])})" if verbs else label
    best = max(
        own,
        key=lambda c: (substance(c.statement, text[c.start : c.end], c.kind, c.direct), -c.start),
    )
    first = best.statement
    for m in re.finditer(r"(?<=[.;!?])\s|,\s(?:but|and|while|which)\s", best.statement):
        if len(best.statement[: m.start()].split()) >= 6:
            first = best.statement[: m.start()]
            break
    return f"{label}: “{_words_cut(first, 9)}”"


_ACTOR_KINDS: dict[str, ActorKind] = {
    "person": "person",
    "organisation": "organisation",
    "state": "state",
    "company": "company",
    "group": "group",
    "place": "organisation",
}
"""An entity's kind as an actor's; any other kind is a group."""


def _actor(e: Entity, claims: list[RawClaim], text: str) -> Actor:
    kind = _ACTOR_KINDS.get(e.kind, "group")
    aliases = [a for a in e.aliases if a != e.name]
    return Actor(
        name=e.name,
        aliases=aliases,
        kind=kind,
        role=e.role,
        stance=_stance(e, claims, text),
    )


def _claim(c: RawClaim, text: str) -> Claim:
    # "NAROSSA, June 12 - Kessaly's minister told ...": the dateline is no one's words.
    quote = text[dateline_end(text, c.start, c.end) : c.end]
    return Claim(
        statement=c.statement,
        claimant=c.claimant.name,
        quote=quote,
        kind=c.kind,
        hedging=hedge(quote),
    )


def _dev(d: Dev, text: str) -> Development:
    return Development(
        when=d.when, what=d.what, where=d.where, actors=d.actors, evidence=text[d.start : d.end]
    )


def extract_text(text: str, start: int = 0, end: int | None = None) -> Extraction:
    """Actors, claims and developments whose evidence starts in text[start:end]."""
    a = analyse(text)
    end = len(text) if end is None else end
    claims = [c for c in a.claims if start <= c.start < end]
    devs = [d for d in a.devs if start <= d.start < end]
    present = {id(e) for m, e in a.mentions if start <= m.start < end}
    present |= {id(c.claimant) for c in claims}
    actors = [_actor(e, a.claims, text) for e in a.entities if id(e) in present]
    return Extraction(
        actors=actors,
        claims=[_claim(c, text) for c in claims],
        developments=[_dev(d, text) for d in devs],
    )


_PLACE_NOUN_AFTER = re.compile(r"\s+(?:" + "|".join(sorted(lx.load("place_nouns"))) + r")\b")


def _named_once(e: Entity, text: str) -> bool:
    """A name that a second source's mention may make an actor: several words, the last no
    cut-off initial ("Demirtaş Madencilik A" of "A.Ş."), not a place's ("River Sava", "the
    Rao Trai river"); or an acronym of four letters or more (shorter ones are often things:
    "SIM")."""
    words = e.name.split()
    if len(words) == 1:
        return e.name.isupper() and len(e.name) >= 4 and e.name.isalpha()
    if len(words[-1]) == 1 or words[0] in lx.PLACE_HEADS:
        return False
    return not any(_PLACE_NOUN_AFTER.match(text, m.end) for m in e.mentions)


def named_once(text: str) -> list[Actor]:
    """The text's names that only a second mention would make actors (`Analysis.named_once`),
    for sources read together: a name that two sources give is an actor."""
    a = analyse(text)
    return [_actor(e, a.claims, text) for e in a.named_once]


def _title(a: Analysis) -> str:
    if a.headline:
        return a.headline.strip()
    lead = _lead_sentences(a.blocks, a.sents)
    if not lead:
        return "Untitled"
    words = re.sub(r"[\"“”]", "", lead[0].text).split()
    return " ".join(words[:12]).rstrip(",;:.") + (" ..." if len(words) > 12 else "")


def _prominence(text: str, actor: Actor, claims: list[Claim], headline: str | None) -> float:
    names = [actor.name, *actor.aliases]
    places = [i for n in names for i in whole_word_at(text, n)]
    s = float(len(places)) + 3.0 * sum(1 for c in claims if c.claimant in names)
    first = min(places, default=len(text))
    s += 3.0 * (1.0 - first / max(1, len(text)))
    if headline and any(whole_word_at(headline, n) for n in names):
        s += 2.0
    return s


def strip_dateline(sentence: str) -> str:
    """The sentence without a leading wire dateline ("VALMORA, March 7 - ")."""
    m = DATELINE.match(sentence)
    if m and len(_WORD.findall(sentence[m.end() :])) >= 5:
        return sentence[m.end() :]
    return sentence


_LEAD_CUT = re.compile(
    r",\s(?:as|while|with|amid|after|before|which|where|when|despite)\s|;\s|\s[-–—]\s"
)


def _trim_lead(sentence: str, limit: int = 42) -> str:
    """A long lead cut at its last subordinate clause that leaves 15..limit words."""
    if len(sentence.split()) <= limit:
        return sentence
    cut = None
    for m in _LEAD_CUT.finditer(sentence):
        if 15 <= len(sentence[: m.start()].split()) <= limit:
            cut = m.start()
    return sentence[:cut].rstrip(" ,;") + "." if cut else sentence


def _full_stop(sentence: str) -> str:
    s = sentence.rstrip()
    return s if not s or s[-1] in '.!?"”’)' else s + "."


def _short_role(role: str | None) -> str | None:
    if not role or len(role.split()) > 5 or role.startswith(("who ", "which ")):
        return None
    return role


def _sources_sentence(actors: list[Actor], claims: list[Claim], budget: int) -> str:
    """ "Main sources: A (role), B (role) and C (role)." from the most prominent claimants."""
    counts = Counter(c.claimant for c in claims)
    named = [x for x in actors if counts.get(x.name) and x.kind != "group"][:3]
    if not named:
        return ""
    for with_roles in (True, False):
        for n in range(len(named), 0, -1):
            parts = []
            for x in named[:n]:
                role = _short_role(x.role) if with_roles else None
                parts.append(f"{x.name} ({role})" if role else x.name)
            body = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
            line = f"{'Main source' if n == 1 else 'Main sources'}: {body}."
            if len(line.split()) <= budget:
                return line
    return ""


def _bottom_line(a: Analysis, actors: list[Actor], claims: list[Claim]) -> str:
    """The lead (dateline stripped, one or two sentences) and who the account rests on."""
    lead = _lead_sentences(a.blocks, a.sents)
    parts = [
        _full_stop(_trim_lead(strip_dateline(re.sub(r"\s+", " ", s.text.strip())))) for s in lead
    ]
    keep_parts: list[str] = []
    words = 0
    for p in parts:
        n = len(p.split())
        if keep_parts and words + n > 45:
            break
        keep_parts.append(p)
        words += n
    if not keep_parts:
        keep_parts = [_full_stop(_title(a))]
        words = len(keep_parts[0].split())
    sources = _sources_sentence(actors, claims, max(8, 68 - words))
    return " ".join([*keep_parts, sources]).strip()


def _outlook(a: Analysis) -> list[str]:
    """Forward-looking sentences from the text, attributed like claims; attributed ones first."""
    found: list[tuple[bool, int, str]] = []
    for s in a.sents:
        if a.blocks[s.block].heading or not _FUTURE.search(s.text):
            continue
        lo, hi = s.start, s.start + len(s.text.rstrip())
        best: RawClaim | None = None
        overlap = 0
        for c in a.claims:
            o = min(hi, c.end) - max(lo, c.start)
            if o > overlap:
                best, overlap = c, o
        if best is not None and best.direct:
            lo, hi = max(lo, best.start), min(hi, best.end)
        inner = a.text[lo:hi].strip().strip(_QUOTE_CHARS + " ,")
        if best is not None and not best.direct:
            inner = strip_dateline(inner)
        if best is not None and best.direct and not _FUTURE.search(inner):
            continue
        who = f" ({best.claimant.name})" if best is not None else " (unattributed)"
        found.append((best is None, s.start, f"“{_full_stop(inner)}”{who}"))
    found.sort(key=lambda t: (t[0], t[1]))
    return [t[2] for t in found[:4]] or [_NO_OUTLOOK]


def _gaps(claims: list[Claim], devs: list[Development], actors: list[Actor]) -> list[str]:
    """Mechanical observations that are true of the text; no judgement of reliability."""
    kinds = {a.name: a.kind for a in actors}
    out: list[str] = []
    n = len(claims)
    if n == 0:
        out.append(_RULES + "No attributed statements found: what the text asserts is unsourced.")
    else:
        collective = [c for c in claims if kinds.get(c.claimant) == "group"]
        if collective:
            distinct = list(dict.fromkeys(c.claimant for c in collective))
            names = ", ".join(distinct[:4]) + (", ..." if len(distinct) > 4 else "")
            verb = "rests" if len(collective) == 1 else "rest"
            out.append(
                _RULES + f"{len(collective)} of {n} claims {verb} on unnamed or collective "
                f"sources ({names})."
            )
        counts = Counter(c.claimant for c in claims)
        name, top = counts.most_common(1)[0]
        if top > 1 and top * 2 > n:
            out.append(
                _RULES + f"{top} of {n} claims come from one source, {name}; the text gives "
                "no second source for them."
            )
        single = [k for k, v in counts.items() if v == 1]
        if len(counts) > 1 and single:
            shown = single[:4]
            listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
            if len(single) == 1:
                line = f"One source is cited only once: {listed}."
            elif len(single) > len(shown):
                line = f"{len(single)} sources are cited only once, among them {listed}."
            else:
                line = f"{len(single)} sources are cited only once: {listed}."
            out.append(_RULES + line)
        hedged = [c for c in claims if c.hedging]
        if hedged:
            verb = "is" if len(hedged) == 1 else "are"
            out.append(_RULES + f"{len(hedged)} of {n} claims {verb} hedged in the source's words.")
    undated = [d for d in devs if not d.when]
    if devs and undated:
        verb = "carries" if len(undated) == 1 else "carry"
        out.append(_RULES + f"{len(undated)} of {len(devs)} developments {verb} no date or time.")
    if not devs:
        out.append(_RULES + "No dated developments found in the text.")
    out.append(_RULES + "Produced without a model: no assessment of reliability or of context.")
    return out


def _rank_claims(claims: list[Claim], prominence: dict[str, float], direct: set[str]) -> list[int]:
    """Round-robin over claimants by prominence (named sources before collective ones), each
    claimant's most substantive claim first, so the page opens with the distinct main voices."""
    per: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        per.setdefault(c.claimant, []).append(i)

    def weight(c: Claim) -> float:
        w = substance(c.statement, c.quote, c.kind, c.quote in direct)
        surname = c.claimant.split()[-1] if c.claimant else ""
        if surname and surname in c.quote.split():
            w -= 1.5  # "Korvel, who met both sides, said ...": the attribution, not the point
        return w

    for idx in per.values():
        idx.sort(key=lambda i: (-weight(claims[i]), i))
    order = sorted(
        per,
        key=lambda n: (-prominence.get(n, 0.0), min(per[n])),
    )
    out: list[int] = []
    depth = 0
    while len(out) < len(claims):
        for name in order:
            if depth < len(per[name]):
                out.append(per[name][depth])
        depth += 1
    return out


def synthesize_findings(text: str, findings: Extraction) -> Synthesis:
    """Title, bottom line, outlook, gaps and rankings over (merged) findings."""
    a = analyse(text)
    scores = [_prominence(text, x, findings.claims, a.headline) for x in findings.actors]
    key_actors = sorted(range(len(findings.actors)), key=lambda i: (-scores[i], i))
    by_name = {x.name: scores[i] for i, x in enumerate(findings.actors)}
    for i, x in enumerate(findings.actors):
        for al in x.aliases:
            by_name.setdefault(al, scores[i])
    direct = {text[c.start : c.end] for c in a.claims if c.direct}
    key_claims = _rank_claims(findings.claims, by_name, direct)
    key_devs = sorted(
        range(len(findings.developments)),
        key=lambda i: (
            findings.developments[i].when is None,
            -len(findings.developments[i].actors),
            i,
        ),
    )
    return Synthesis(
        title=_title(a),
        bottom_line=_bottom_line(a, [findings.actors[i] for i in key_actors], findings.claims),
        outlook=_outlook(a),
        gaps=_gaps(findings.claims, findings.developments, findings.actors),
        key_actors=key_actors,
        key_claims=key_claims,
        key_developments=key_devs,
    )


def draft_text(text: str) -> Draft:
    """The whole brief of a one-chunk text, lists most important first."""
    ex = extract_text(text)
    syn = synthesize_findings(text, ex)
    return Draft(
        title=syn.title,
        bottom_line=syn.bottom_line,
        actors=[ex.actors[i] for i in syn.key_actors],
        claims=[ex.claims[i] for i in syn.key_claims],
        developments=ex.developments,
        outlook=syn.outlook,
        gaps=syn.gaps,
    )


__all__ = [
    "Analysis",
    "analyse",
    "draft_text",
    "extract_text",
    "is_place",
    "synthesize_findings",
]
