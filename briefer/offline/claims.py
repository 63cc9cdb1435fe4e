"""Attributed statements: direct quotes and reported speech, each tied to a claimant.

Direct speech is a quotation that opens a sentence or follows "said:"; its speaker comes from
the words right after the closing mark ("...," said X / X said), right before the opening
mark (X said: "..."), or, failing both, from the quote just before it (a continuation).
Reported speech is a sentence with an attribution verb whose subject resolves to an actor.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefer.offline import lexicon as lx
from briefer.offline.actors import Entity, Mention
from briefer.offline.text import QuoteSpan, Sentence, dateline_end, is_abbrev
from briefer.schema import ClaimKind

if TYPE_CHECKING:
    from briefer.offline.voices import Release

# Any lower-case word, then a set lookup: a 250-verb alternation costs ~3 ms to compile at
# import (paid by every `brief --mock` run) and is no faster to search.
_ASKING = lx.load("asking_verbs")
_FIGURE_VERBS = lx.load("figure_verbs")
_DECLINING, _DECLINED, _UNANSWERED = (lx.words(line) for line in lx.phrases("declining"))
# "declined to comment", "refused to say whether": what is declined is speech
_DECLINED_ACT = re.compile(r"\s+to\s+(" + "|".join(sorted(_DECLINED)) + r")\b")
# "did not respond to requests for comment": what went unanswered
_UNANSWERED_ACT = re.compile(
    r"\s+to\s+(?:[\w’'\-]+\s+){0,3}?(" + "|".join(sorted(_UNANSWERED)) + r")\b"
)
_NOT_BEFORE = re.compile(r"\b(?:did|does|do|has|have|had)\s+not\s+$")
_VERB_WORDS = (
    lx.CLAIM_VERBS | {"continued"} | _ASKING | lx.FINDING_VERBS | _FIGURE_VERBS | _DECLINING
)
# "put the unpaid royalties at about 210 million": the object, then "at" and a number
_FIGURE_AT = re.compile(
    r"\s+(?:[\w’'\-]+\s+){1,7}?at\s+(?:(?:about|around|roughly|some|nearly|almost|over|"
    r"under|least|more|less|than|between|up|to|as|much|an?|just|only|close)\s+){0,3}[$£€¥]?\d"
)
_VERB = re.compile(r"\b([Aa]ccording to|pointed out|[a-z]+)\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\b")
_AUX = lx.load("aux")
_LEAD = lx.load("lead")
_PARTICIPLES = lx.load("participles")
_PRONOUNS_PERSON = frozenset(("he", "she"))
_ANAPHORIC_DETS = frozenset(("the", "that", "this"))
_PREPOSITIONS = lx.load("prepositions")
_INSTITUTIONS = lx.INSTITUTION_HEADS
_SPOKES = lx.load("spokes")
_QUANT = lx.load("quant")
_ORDINALS = lx.load("ordinals")
_LOCATIVE_PREPS = frozenset(("in", "at", "near"))
_INDEFINITE = frozenset(("a", "an", "another"))
DESCRIBED_HEADS = lx.load("described_heads")
DESCRIBED_MODIFIERS = lx.load("described_modifiers")
_COORDINATED = re.compile(r"[^;]\s(?:but|and)(?:\s+(?:also|then|later))?\s+$")
_ASIDE = re.compile(r"\w, ((?:\S+ ){0,5}?\S+) ([a-z]+),(?= [a-z])")
_NAME_KIND_NOUNS = lx.load("name_kind_nouns") | lx.INSTITUTION_HEADS | frozenset(lx.DESCRIPTIONS)
_DEMONYM_ENDINGS = ("i", "ian", "ese", "ish", "an")
_CATENATIVES = lx.load("catenatives")
_CATENATIVE_TO = re.compile(r"\s([a-z]+)(?:\s+on)?\s+to\s*$")
_STANCE_VERBS = lx.load("stance_verbs")
_THAT = re.compile(r"\bthat\b")
_CHAIN_START = re.compile(r"[.;:!?\n\"“”]|\b(?:said|says|told|and|but|by|to|with|from)\b")
_DOCUMENT_BY = re.compile(
    r"\s*(?:(?:a|an|the|new)\s+)?(?:[\w’'\-]+\s+){0,2}?([\w’'\-]+)\s+"
    r"(?:(?:[a-z]+ed|published|released|compiled|written|drawn up)\s+)?(?:by|from)\s+"
)
_FROM_SOURCE = re.compile(r"\s*(?:from|by)\s+")
_SECOND_MARKS = (" while ", " whereas ", " but ", ";")
_SECOND_CLAUSE = re.compile(r"(?:,[\"”’]?\s+(?:while|whereas|but)|;)\s+(?=[a-zA-Z])")
_PARENTHESIS = re.compile(r"\([^()]*\)")
_LEGAL_FORMS = lx.load("legal_forms")
_QUOTE_OPENERS = "\"“‘'"
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]\"“”]|\b(?:that|but|and|while|as|because|although|which|who|whom|where|when)\b"
)
_INVERTED = lx.load("inverted")
_CLOSING_AGENT = re.compile(
    r"(?:\s+[a-z][\w\-]*){0,3}(?:\s+[A-Z][\w.\-’']*){1,3}[.!?]?[\"'”’)]*\s*"
)
# Inverted verbs that, in the opening sentence, name the writer of an opinion piece.
_BYLINE_VERBS = frozenset(("asks", "writes", "argues"))
# In an opinion piece, the writer's own stance: a modal, a "we", a "need to".
_OPINION = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in lx.phrases("opinion_marks")) + r")\b", re.IGNORECASE
)
_PASSIVE = lx.load("passive")
_RAISING = lx.load("raising")
_QUOTED_AS = re.compile(r"\bquoted\s+(.{3,60}?)\s+as\s+say(?:ing)?\b")
_WORD = re.compile(r"[\w’'\-]+")
_NAMED_GOVERNMENT = re.compile(r"\b((?:[A-Z][\w.]* )?[A-Z][\w.]+) government\b")
_FUTURE = re.compile(r"\b(?:will|would|could|may|might|going to)\b", re.IGNORECASE)
_HEDGE = re.compile(r"\b(" + "|".join(re.escape(h) for h in lx.HEDGES) + r")\b", re.IGNORECASE)
_ACCORDING_TAIL = re.compile(r",?\s*according to [^,.;]+[.]?$")
# "called the ruling "a lifeline"", "called it "generous"": a verdict in quotation marks.
_CALLED_QUOTE = re.compile(
    r"\s+(?:(?:the|a|an|this|that|his|her|its|their)\s+[\w’'\- ]{1,30}?|it|them|him|her)\s[\"“]"
)
_ASKED_WHETHER = re.compile(r"(?:\s+[\w’'\-]+){0,4}?\s+(?:whether|if|why|how|what|when|who)\b")
_OBJECT_WORDS = re.compile(r"(?:\s+[\w’'.\-]+){1,4}")
_AGENT_CUT = re.compile(r"\s+(?:to|in|at|on|during|after|before|about|that)\s")
_AGE = re.compile(r"\d{1,3}-year-old")
_SOURCE_HEADS = lx.load("unnamed_sources") | lx.GROUP_NOUNS | lx.TITLE_NOUNS
_SOURCE_LINKS = lx.load("source_links")
_DOCUMENTS = lx.load("source_documents")
_POSSESSIVE_PRONOUNS = lx.table("possessive_pronouns")
_LINKING = _SOURCE_LINKS | _PREPOSITIONS | frozenset(("by", "to", "and", "or"))
_POSSESSIVE_WORD = re.compile(r"['’]s?$")
_TIME_OPENERS = lx.load("time_openers")
_TIME_WORDS = frozenset(w.lower() for w in lx.DAYS | lx.MONTHS) | lx.load("time_units")
_SAID_TAIL = re.compile(r",\s*[^,.;\"“”]{1,60}?\s+([a-z]+)\.?$")  # group 1 in _VERB_WORDS


# What stands between the verb and "that" before the statement itself: "told the inquiry on
# October 3 that ...", "said last week that ...", "said in its submission that ...". After
# "said" only a setting may stand there: in "said the company that owns the port ..." the
# "that" belongs to the statement.
_TOLD = lx.load("told")
_BE_BEFORE = re.compile(
    r"\b(?:been|be|being|is|are|was|were)(?:\s+(?:not|never|also|already|reportedly))?\s+$"
)
_IMPERSONAL = re.compile(r"\b[Ii]t\s+(?:is|was|has been|had been)(?:\s+[a-z]+ly)?\s+$")
_TOLD_THAT = re.compile(r"^(?:[\w'’.\-]+\s+){0,7}?that\s+")
_ADJUNCT_THAT = re.compile(
    r"^(?:(?:on|in|at|during|last|this|earlier|later|late|to)\s[^,]{0,40}?\s+)?that\s+"
)
_STRIP_VERBS = lx.load("strip_verbs")
_COURTESIES = lx.phrases("courtesies")
_EVALUATIVE = lx.load("evaluative")
_FIGURES_OF = re.compile(
    r"(?:[\w’'\-]+\s+){1,4}?(?:from|of|published by|released by|compiled by)\s+((?:the\s+)?\S.*)$"
)
_DATED = re.compile(r"\s+(?:dated|and|which|that|who|sent|written|signed|issued)\b")
_SEEN_BY = re.compile(
    r"\s+(?:seen|reviewed|obtained|verified|examined|cited|quoted|read)\s+by\s", re.IGNORECASE
)
_DOC_OWNER = re.compile(
    r"(?:(?:a|an|the)\s+)?([\w’'\-]+(?:\s+[\w’'\-]+){0,2}?)(?:['’]s)?\s+(?:own\s+)?"
    r"(?:[\w\-]+\s+){0,2}?(?:"
    + "|".join(sorted(lx.load("source_documents"), key=lambda w: (-len(w), w)))
    + r")\b"
)
_KIN = lx.load("kin_nouns")
_RESEARCHERS = frozenset(("researchers", "scientists", "investigators", "authors", "team"))
_POST_WORDS = frozenset(w.lower().rstrip(".") for w in lx.TITLES | lx.TITLE_NOUNS) - {"member"}
_STATEMENT_NOUNS = lx.load("statement_nouns")
_FIRST_PERSON_SUBJECT = re.compile(r"\b(?:I|we|We)\b")


@dataclass
class RawClaim:
    start: int
    end: int
    claimant: Entity
    verb: str
    kind: ClaimKind
    statement: str
    direct: bool
    sentence: int


@dataclass
class _Speaker:
    entity: Entity
    pos: int
    sentence: int
    person_like: bool


class ClaimFinder:
    """Walks the body in order, keeping the context pronouns and continuations need."""

    def __init__(
        self,
        text: str,
        sents: list[Sentence],
        quotes: list[QuoteSpan],
        entities: list[Entity],
        owner: dict[int, Entity],
        mentions: list[Mention],
        turns: dict[int, Entity] | None = None,
        labelled: frozenset[int] = frozenset(),
    ) -> None:
        self.text = text
        self.turns = turns or {}
        self.labelled = labelled
        self._gender: dict[int, str] | None = None
        self.sents = sents
        self.quotes = quotes
        self.entities = entities
        self.owner = owner
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.groups: dict[str, Entity] = {}
        self.speaker: _Speaker | None = None
        self.last_direct: tuple[Entity, int] | None = None
        self.author: Entity | None = None
        self.release: Release | None = None
        self.sent_starts = [s.start for s in sents]
        self.cited: dict[int, int] = {}  # id(entity) -> where it last made a claim
        self.kind_refs: dict[str, Entity] = {}  # "club" -> the actor "the club" named
        self.set_out: tuple[Entity, int] | None = None  # "X said:" -> (X, the next block)

    # ---- helpers -------------------------------------------------------------------------

    def _sentence_at(self, pos: int) -> Sentence | None:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        if 0 <= i < len(self.sents) and self.sents[i].start <= pos <= self.sents[i].end:
            return self.sents[i]
        return None

    def _quoted(self, pos: int) -> bool:
        return any(
            q.open <= pos <= (q.close if q.close is not None else q.end) for q in self.quotes
        )

    def _mentions_in(self, a: int, b: int) -> list[tuple[Mention, Entity]]:
        i = bisect.bisect_left(self.starts, a)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < b:
            m = self.mentions[i]
            if m.end <= b and id(m) in self.owner:
                out.append((m, self.owner[id(m)]))
            i += 1
        return out

    def _ends_mention(self, pos: int) -> bool:
        i = bisect.bisect_left(self.starts, pos - 80)
        while i < len(self.mentions) and self.mentions[i].start < pos:
            m = self.mentions[i]
            if m.full_end == pos:
                return True
            i += 1
        return False

    def _group(self, name: str) -> Entity:
        key = name.lower()
        if key not in self.groups:
            self.groups[key] = Entity(name=name, kind="group", forced=True)
        return self.groups[key]

    def _last_mention(
        self, before: int, kinds: tuple[str, ...], pred: object = None
    ) -> Entity | None:
        i = bisect.bisect_left(self.starts, before) - 1
        while i >= 0:
            m = self.mentions[i]
            e = self.owner.get(id(m))
            ok = pred is None or (callable(pred) and pred(e))
            if e is not None and not m.quoted and e.kind in kinds and ok:
                return e
            i -= 1
        return None

    # ---- noun phrase resolution ----------------------------------------------------------

    def resolve(self, a: int, b: int, sent: Sentence) -> Entity | None:
        """The actor a subject or agent phrase text[a:b] names, or None."""
        raw = self.text[a:b]
        if "(" in raw:
            raw = _PARENTHESIS.sub(lambda p: " " * len(p.group()), raw)
        words = [(m.group(), a + m.start(), a + m.end()) for m in _WORD.finditer(raw)]
        while words and words[0][0].lower() in _LEAD:
            words.pop(0)
        while words and (words[-1][0] in _AUX or words[-1][0] in _LEGAL_FORMS):
            words.pop()  # "Acme Holdings plc": the name without its lower-case legal form
        words = _drop_time_tail(words)
        words = self._drop_place_tail(words)
        if not words or len(words) > 14:
            return None
        a, b = words[0][1], words[-1][2]
        lower = [w.lower() for w, _, _ in words]
        last = lower[-1]
        if len(words) == 1 and last in _PRONOUNS_PERSON:
            return self._pronoun_person(a, sent, last)
        if len(words) == 1 and last == "it":
            return self._pronoun_it(a, sent)
        if len(words) == 1 and last == "they":
            return self._pronoun_they(a, sent)
        if last.endswith(("'s", "’s")):
            return None
        if lower[0] == "another":
            # "another analyst said": a source not named before, whoever was
            return self._unnamed(words)
        if (
            lower[0] in _POSSESSIVE_PRONOUNS
            and (last in _DOCUMENTS or last in _INSTITUTIONS)
            and len(words) <= 5
        ):
            # "its own passenger survey found", "his office said": whoever "it" or "he" is
            pronoun = _POSSESSIVE_PRONOUNS[lower[0]]
            if pronoun == "it":
                return self._pronoun_it(a, sent)
            if pronoun == "they":
                return self._pronoun_they(a, sent)
            return self._pronoun_person(a, sent, pronoun)
        if last in _KIN and words[-1][0].islower() and len(words) <= 5:
            # "Mr Roe's family", "the Penrose family", "her parents": the relatives speak as
            # themselves, never as the person they are named by
            kin = words[1:] if lower[0] in ("the", "a") else words
            return self._group(" ".join(w for w, _, _ in kin))
        owner = next((i for i, w in enumerate(lower[:-1]) if _POSSESSIVE_WORD.search(w)), None)
        if owner is not None and last in _DOCUMENTS and len(words) <= 6:
            # "the district's own budget paper says": the owner speaks through it
            end = words[owner][2] - len(_POSSESSIVE_WORD.search(lower[owner]).group())  # type: ignore[union-attr]
            return self.resolve(a, end, sent)
        if len(words) <= 3 and _AGE.fullmatch(last):
            # "the 52-year-old said": the person the text gave that age ("Ann Roe, 52,"),
            # else the person spoken of last
            return self._aged(last.split("-", 1)[0], a) or self._pronoun_person(a, sent)
        if lower[0] in _ANAPHORIC_DETS and len(words) <= 4 and not self._ends_mention(b):
            again = self._unnamed_again(lower, a)
            if again is not None:
                return again
        if len(words) >= 2 and last in _NAME_KIND_NOUNS and self._ends_mention(words[-2][2]):
            # "the Save Millbrook campaign", "the Kestrel group": the name before the noun
            named = self._mentions_in(a, words[-2][2])
            if named and named[-1][1].kind not in ("person", "place"):
                return named[-1][1]
        tail_ok = (
            self._ends_mention(b)
            or last in lx.GROUP_NOUNS
            or last in lx.DESCRIPTIONS
            or last in _INSTITUTIONS
            or last in lx.PERSON_DESCRIPTION_HEADS
            or last in _SPOKES
        )
        if not tail_ok and last in lx.TITLE_NOUNS and len(words) <= 5:
            # "the professor added": the person last named with that role or title; "a
            # senior diplomat said": an indefinite article brings in someone new.
            if lower[0] not in _INDEFINITE:
                return self._role_reference(lower, a)
            return self._unnamed(words)
        if not tail_ok and not any(w in _SPOKES for w in lower):
            unnamed = self._unnamed(words)
            if unnamed is not None:
                return unnamed
            lead = [w for w in lower[:3] if w not in _QUANT]
            if lead and lead[0] in lx.GROUP_NOUNS and len(words) <= 10:
                i = lower.index(lead[0])
                return self._group(
                    " ".join(x for x, _, _ in words[: i + 1] if x.lower() not in _QUANT)
                )
            if len(lower) == 2 and lower[0] == "the":
                return self._named_by_head(last, a)
            return None
        found = self._mentions_in(a, b)
        people = [e for m, e in found if e.kind == "person"]
        if people:
            return people[0]
        if last in lx.TITLE_NOUNS:
            titled = self._titled_person(lower)
            if titled is None and not any(w in _SPOKES for w in lower) and len(words) <= 5:
                titled = self._role_reference(lower, a)
            if titled is not None:
                return titled
        if any(w in _SPOKES for w in lower):
            return self._spokes(words, found, a, sent)
        if last in lx.PERSON_DESCRIPTION_HEADS and (len(words) <= 4):
            return self._describe_person(last, a, sent)
        opening = [w for w in lower[:3] if w not in _QUANT][:2]
        if any(w in lx.GROUP_NOUNS for w in opening):
            i = next(k for k, w in enumerate(lower) if w in lx.GROUP_NOUNS)
            keep = [x for x, _, _ in words[: i + 1] if x.lower() not in _QUANT]
            return self._group(" ".join(keep))
        others = [(m, e) for m, e in found if e.kind not in ("person", "place")]
        if (
            last in _INSTITUTIONS
            and len(found) == 1
            and found[0][0].possessive
            and found[0][0].end < words[-2][1]
        ):
            # "Turkey's competition authority": the authority, not the state that has it
            owner = found[0][0].start
            return self._group(self.text[owner:b])
        if others:
            # "the Institute for Urban Economics at Hollenburg University": the institute; a
            # name after "at" or "of" says where the first one belongs.
            heads = [e for m, e in others[1:] if not self._after_affiliation(m.start)]
            return others[0][1] if len(others) > 1 and not heads else others[-1][1]
        for i, w in enumerate(lower):
            if w in lx.GROUP_NOUNS and i <= 3:
                keep = [x for x, _, _ in words[: i + 1]]
                while keep and keep[0].lower() in _QUANT:
                    keep.pop(0)
                if keep:
                    return self._group(" ".join(keep))
        if (last in lx.DESCRIPTIONS and len(words) <= 4) or (
            # "the provincial public works office", not "an official at the authority"
            last in _INSTITUTIONS
            and len(words) <= 5
            and not any(w in _LINKING or w.endswith("ed") for w in lower[1:-1])
        ):
            inst = self._institution(last, words, a)
            if inst is None and last in lx.DESCRIPTIONS:
                inst = self._describe(last, a)
            return inst
        return self._unnamed(words)

    def _named_by_head(self, head: str, a: int) -> Entity | None:
        """ "the cluster" after "the Food Assistance Cluster": the body named last before `a`
        whose name ends with that noun."""
        best: tuple[int, Entity] | None = None
        for e in self.entities:
            if e.kind in ("person", "place") or e.name.split()[-1].lower() != head:
                continue
            seen = [m.start for m in e.mentions if m.start < a]
            if len(e.name.split()) > 1 and seen and (best is None or max(seen) > best[0]):
                best = (max(seen), e)
        return best[1] if best else None

    def _drop_place_tail(self, words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """ "a senior Western diplomat in Al-Manara", "the Chinese embassy in Lima": where the
        source is, not who; the description before it names the source."""
        if len(words) < 4:
            return words
        places = [m for m, _ in self._mentions_in(words[0][1], words[-1][2]) if m.locative]
        if not places or places[-1].full_end != words[-1][2]:
            return words
        k = next(i for i, w in enumerate(words) if w[1] >= places[-1].start)
        p = k - 1
        if p >= 1 and words[p][0].lower() == "the":
            p -= 1
        if p >= 2 and words[p][0].lower() in _LOCATIVE_PREPS and words[p - 1][0].islower():
            return words[:p]
        return words

    def _unnamed(self, words: list[tuple[str, int, int]]) -> Entity | None:
        """ "a senior official in the president's office", "people familiar with the plans",
        "a neighbour": a source the text leaves unnamed, named by its own phrase; "the people",
        "the official" again: the unnamed source named so before."""
        lower = [w.lower() for w, _, _ in words]
        i = 2 if lower[:2] == ["one", "of"] else 0
        det = None
        while i < len(lower) and lower[i] in _QUANT:
            det = det or lower[i]
            i += 1
        start = i
        while i < len(lower) and i - start < 3 and lower[i] not in _SOURCE_HEADS:
            if not words[i][0].islower() and words[i][0] not in lx.DEMONYMS:
                return None  # "a senior Western diplomat", not "a Kestrel official"
            i += 1
        if i >= len(lower) or lower[i] not in _SOURCE_HEADS or len(lower) > 10:
            return None
        head, rest = lower[i], lower[i + 1 :]
        if rest and rest[0] not in _SOURCE_LINKS:
            return None
        if det == "the" and not rest and i == start:
            forms = {head, head + "s", head.removesuffix("s"), *lx.ROLE_SYNONYMS.get(head, ())}
            for g in reversed(list(self.groups.values())):
                if forms & set(g.name.lower().split()):
                    return g
            return self._introduced(head, words[0][1])
        if det is None and not rest and i == start:
            return None  # a bare noun: too little to name a source
        if det == "another":
            start = lower.index("another")  # "Another analyst": not the analyst cited before
        return self._group(" ".join(w for w, _, _ in words[start:]))

    def _aged(self, age: str, a: int) -> Entity | None:
        """The one person named before `a` with this age beside the name ("Ann Roe, 52,")."""
        aged = re.compile(rf",\s*(?:aged\s+)?{age}\b")
        people = {
            id(e): e
            for m, e in self._mentions_in(0, a)
            if e.kind == "person" and aged.match(self.text, m.full_end)
        }
        return next(iter(people.values())) if len(people) == 1 else None

    def _introduced(self, head: str, a: int) -> Entity | None:
        """ "the person said" after "A person familiar with the matter put the sum at ...": the
        source the text brought in with an indefinite article, though it claimed nothing yet."""
        window = self.text[max(0, a - 1500) : a]
        intro = re.compile(
            rf"\b[Aa]n?\s+((?:[a-z]+\s+){{0,2}}{re.escape(head)}"
            rf"\s+(?:{'|'.join(sorted(_SOURCE_LINKS))})\s[^,.;:\"“”]{{2,60}}?)(?=[,.;]|\s[a-z]+ed\b|\s(?:put|says?|told)\b)"
        )
        found = list(intro.finditer(window))
        return self._group(found[-1].group(1)) if found else None

    def _unnamed_again(self, lower: list[str], a: int) -> Entity | None:
        """ "the official", "that official", "the former official": the unnamed source last
        cited with that head noun, when it spoke after any named person the phrase could
        also mean ("a spokeswoman, Ann Roe" before "an official who asked not to be named")."""
        head = lower[-1]
        forms = {head, head + "s", head.removesuffix("s"), *lx.ROLE_SYNONYMS.get(head, ())}
        mods = [w for w in lower[1:-1] if w not in _QUANT]
        picks = [w for w in mods if w in _ORDINALS]  # "the second official": one of them
        mods = [w for w in mods if w not in _ORDINALS]
        best: tuple[int, Entity] | None = None
        for g in self.groups.values():
            name = g.name.lower().split()
            pos = self.cited.get(id(g), -1)
            fits = 0 <= pos < a and forms & set(name) and all(m in name for m in mods)
            fits = fits and (not picks or head not in name)  # "two officials", not "official"
            if fits and (best is None or pos > best[0]):
                best = (pos, g)
        if best is None:
            return None
        person = self._role_reference(lower, a)
        if person is not None:
            seen = max(
                [m.start for m in person.mentions if m.start < a] + [self.cited.get(id(person), -1)]
            )
            if seen > best[0]:
                return None
        return best[1]

    def _institution(self, head: str, words: list[tuple[str, int, int]], a: int) -> Entity | None:
        """ "the health ministry", "the ministry": an actor whose name holds the head word,
        else a collective named by the phrase; never whichever organisation came last."""
        mods = [w for w, _, _ in words[:-1] if w.lower() not in _QUANT]
        described = head in DESCRIBED_HEADS and bool(mods)
        described = described and all(w in DESCRIBED_MODIFIERS for w in mods)
        if head not in _INSTITUTIONS and not described:
            return None  # but "the central bank" is an institution, not the bank named last
        if mods and head not in lx.DESCRIPTIONS and all(_demonym(w) for w in mods):
            return self._group(" ".join([*mods, head]))  # "the Chinese embassy"
        if any(w[:1].isupper() for w in mods):
            return None  # "the Russian government": named, resolved as before
        if head == "government" and not mods:
            return None  # "the government": the state, as before
        low = [w.lower() for w in mods]
        cands = [
            e
            for e in [*self.entities, *self.groups.values()]
            if head in e.name.lower().split()
            and all(m in e.name.lower() for m in low)
            and (e.first <= a or (e.forced and not e.mentions))  # a source named earlier
        ]
        if cands:
            return max(cands, key=lambda e: e.first)
        name = " ".join([*low, head])
        return self._group(name[:1].upper() + name[1:])

    def _spokes(
        self,
        words: list[tuple[str, int, int]],
        found: list[tuple[Mention, Entity]],
        a: int,
        sent: Sentence,
    ) -> Entity | None:
        lower = [w.lower() for w, _, _ in words]
        idx = next(i for i, w in enumerate(lower) if w in _SPOKES)
        at = words[idx][1]
        orgs = [
            e
            for m, e in found
            if e.kind not in ("person", "place") and not (m.start > at and m.locative)
        ]
        if orgs:
            return orgs[0]  # not "a bank spokesman in Abidjan": there is where he spoke
        if idx + 1 < len(lower) and lower[idx + 1] in ("for", "of", "at"):
            rest = [w for w, _, _ in words[idx + 2 :]]
            while rest and rest[0].lower() in _QUANT:
                rest.pop(0)
            if rest:
                e = self._group(" ".join(rest))
                e.kind = "organisation"
                return e
        modifiers = [w for w, _, _ in words[:idx] if w[:1].isupper() and w.lower() not in _QUANT]
        if modifiers:
            name = " ".join(modifiers)
            for e in self.entities:
                if e.name == name or name in e.aliases:
                    return e
            g = self._group(name)
            g.kind = "organisation"
            return g
        kinds = [w for w in lower[:idx] if w in lx.DESCRIPTIONS or w in _INSTITUTIONS]
        if kinds:
            # "a bank spokesman": the bank the text has named, not whoever spoke last
            named = self._kind_reference(kinds[-1], a)
            if named is None:
                # named just after: "A bank spokesman said ... The Atlantic Trust Bank, ..."
                kind = lx.DESCRIPTIONS.get(kinds[-1], ("organisation", "company"))
                named = next(
                    (
                        e
                        for m, e in self._mentions_in(a, a + 400)
                        if kinds[-1] in e.name.lower().split() or e.kind in kind
                    ),
                    None,
                )
            if named is not None:
                return named
            return self._group(
                " ".join(w for w, _, _ in words[: idx + 1] if w.lower() not in _QUANT)
            )
        if self.speaker and self.speaker.person_like and self.speaker.entity.kind != "person":
            return self.speaker.entity
        if (
            self.speaker
            and self.speaker.entity.kind != "person"
            and sent.index - self.speaker.sentence <= 3
        ):
            return self.speaker.entity
        roles = [
            e
            for e in self.entities
            if e.role and e.first < a and any(s in e.role.lower() for s in _SPOKES)
        ]
        if len(roles) == 1:
            return roles[0]
        if self.speaker and sent.index - self.speaker.sentence <= 3:
            return self.speaker.entity
        return None

    def _titled_person(self, lower: list[str]) -> Entity | None:
        """ "Kessaly's water resources minister said": the one person whose role ends with
        those words (two at least: "minister" alone fits every minister)."""
        words = [w for w in lower if not w.endswith(("'s", "’s"))]
        for n in range(min(len(words), 4), 1, -1):
            tail = " " + " ".join(words[-n:])
            hits = [
                e
                for e in self.entities
                if e.kind == "person" and e.role and (" " + e.role.lower()).endswith(tail)
            ]
            if len(hits) == 1:
                return hits[0]
        return None

    def _roles_before(self, pos: int) -> str:
        """ "The first witness, the charity's former chair, Ann Roe": the chain of
        appositive roles that introduces a name (empty unless a comma leads to it)."""
        window = self.text[max(0, pos - 80) : pos]
        if not window.rstrip().endswith(","):
            return ""
        return _CHAIN_START.split(window)[-1]

    def _role_reference(self, lower: list[str], a: int) -> Entity | None:
        """ "the minister", "the lead prosecutor": of the people named before `a` whose role
        or title holds the head noun (and every lower-case modifier), the one named last; if
        none is named before, the one person named later with that role."""
        head = lower[-1]
        heads = {head, *lx.ROLE_SYNONYMS.get(head, ())}
        mods = [w for w in lower[:-1] if w not in _QUANT and not _POSSESSIVE_WORD.search(w)]
        best: tuple[int, Entity] | None = None
        later: list[Entity] = []
        for e in self.entities:
            if e.kind != "person":
                continue
            titles = [e.role or ""] + [m.role or "" for m in e.mentions]
            titles += [m.honorific or "" for m in e.mentions]
            titles += [self._roles_before(m.start) for m in e.mentions]
            said = set(_WORD.findall(" ".join(titles).lower().replace(".", "")))
            if not (heads & said and all(m in said for m in mods)):
                continue
            seen = [m.start for m in e.mentions if m.start < a]
            if not seen:
                later.append(e)
            elif best is None or max(seen) > best[0]:
                best = (max(seen), e)
        if best is None and len(later) == 1:
            return later[0]  # "The prosecution said ..." before "prosecutor Ann Roe told"
        return best[1] if best else None

    def _describe_person(self, head: str, a: int, sent: Sentence) -> Entity | None:
        roles = [
            e for e in self.entities if e.kind == "person" and e.role and head in e.role.lower()
        ]
        if len(roles) == 1:
            return roles[0]
        recent = self._pronoun_person(a, sent)
        if recent is not None:
            return recent
        people = [e for e in self.entities if e.kind == "person"]
        return max(people, key=lambda e: len(e.mentions), default=None)

    def _describe(self, head: str, a: int) -> Entity | None:
        kinds = lx.DESCRIPTIONS[head]
        if head == "statement" and self.speaker and self.speaker.entity.kind in kinds:
            return self.speaker.entity  # "the statement said": whoever issued it spoke last
        if head == "authors":
            # "the authors say": the researchers cited before, else the authors themselves;
            # never the body that funded or published the work
            return self._research_group(a) or self._group("The authors")
        if head in ("report", "study", "paper"):
            found = self._last_mention(a, ("organisation", "company"), _institutional)
            if found is None:
                found = next(
                    (
                        e
                        for _, e in self._mentions_in(a, a + 600)
                        if e.kind in ("organisation", "company") and _institutional(e)
                    ),
                    None,
                )
            return found
        if head == "government" or ("state" in kinds and head != "country"):
            named = _NAMED_GOVERNMENT.search(self.text)
            if named:
                for e in self.entities:
                    names = (e.name, *e.aliases)
                    if e.kind == "state" and (
                        named.group(1) in names or named.group(1).split()[-1] in names
                    ):
                        return e
            states = [e for e in self.entities if e.kind == "state"]
            if states:
                return max(states, key=lambda e: len(e.mentions))
            if head == "government":
                gov = [e for e in self.entities if "Government" in e.name.split()]
                return gov[0] if len(gov) == 1 else self._group("Government")
        return self._kind_reference(head, a)

    def _research_group(self, a: int) -> Entity | None:
        """The group of researchers (scientists, investigators, a team) cited last before `a`."""
        best: tuple[int, Entity] | None = None
        for g in self.groups.values():
            pos = self.cited.get(id(g), -1)
            fits = 0 <= pos < a and bool(set(g.name.lower().split()) & _RESEARCHERS)
            if fits and (best is None or pos > best[0]):
                best = (pos, g)
        return best[1] if best else None

    def _kind_reference(self, noun: str, a: int) -> Entity | None:
        """ "the company said", "a bank spokesman": an actor named before `a` whose name
        holds the noun (the last such), else one of the noun's kind that the nearest sentence
        before names; where that sentence names several, its subject (the first not after a
        preposition: "Nordlink ... its rival Kestrel", "bound for Sellin, according to the
        firm Seawatch"), not simply the one named last."""
        kinds = lx.DESCRIPTIONS.get(noun, ("organisation", "company"))
        here = self._sentence_at(a)
        sidx = here.index if here else 0
        by_sentence: dict[int, list[tuple[Mention, Entity]]] = {}
        i = bisect.bisect_left(self.starts, a) - 1
        while i >= 0:
            m = self.mentions[i]
            i -= 1
            e = self.owner.get(id(m))
            if e is None or m.quoted or e.kind in ("person", "place"):
                continue
            if noun in e.name.lower().split():
                return e
            if e.kind in kinds and sidx - m.sentence <= 3:
                by_sentence.setdefault(m.sentence, []).append((m, e))
        before = self.kind_refs.get(noun)
        if not by_sentence:
            found = before or self._last_mention(a, kinds)
        else:
            nearest = sorted(by_sentence[max(by_sentence)], key=lambda p: p[0].start)
            subjects = [p for p in nearest if not self._after_preposition(p[0].start)]
            pick = (subjects or nearest)[0]
            # "The club said" again: the club it meant before, unless the sentence before
            # opens with another body of that kind
            found = pick[1] if before is None or pick[0].initial else before
        if found is not None:
            self.kind_refs[noun] = found
        return found

    def _after_affiliation(self, pos: int) -> bool:
        before = _WORD.findall(self.text[max(0, pos - 12) : pos])
        return bool(before) and before[-1] in ("at", "of")

    def _after_preposition(self, pos: int) -> bool:
        before = _WORD.findall(self.text[max(0, pos - 20) : pos])
        return bool(before) and before[-1].lower() in _PREPOSITIONS

    def _genders(self) -> dict[int, str]:
        """Each person's grammatical gender, as the text itself shows it: an honorific, or
        "he"/"she" in sentences that name that person and no other."""
        if self._gender is not None:
            return self._gender
        votes: dict[int, Counter[str]] = {}
        for sent in self.sents:
            named = [
                (m, e)
                for m, e in self._mentions_in(sent.start, sent.end)
                if e.kind == "person" and not m.quoted
            ]
            if len({id(e) for _, e in named}) != 1:
                continue
            key = id(named[0][1])
            # Only what follows the name: in "His daughter, Ivana Roe, read ..." the "His"
            # is someone else.
            said = {w.lower() for w in _WORD.findall(self.text, named[0][0].end, sent.end)}
            for gender, pronouns in lx.GENDER_VOTES.items():
                if said & pronouns:
                    votes.setdefault(key, Counter())[gender] += 1
        for e in self.entities:
            for m in e.mentions:
                marked = lx.GENDERED_HONORIFICS.get((m.honorific or "").rstrip("."))
                if marked:
                    votes.setdefault(id(e), Counter())[marked] += 3
        self._gender = {
            k: c.most_common(1)[0][0]
            for k, c in votes.items()
            if len(c) == 1 or c.most_common(2)[0][1] > c.most_common(2)[1][1]
        }
        return self._gender

    def _agrees(self, e: Entity, pronoun: str | None) -> bool:
        if pronoun is None:
            return True
        known = self._genders().get(id(e))
        return known is None or pronoun in lx.GENDERED_PRONOUNS[known]

    def _pronoun_person(self, a: int, sent: Sentence, pronoun: str | None = None) -> Entity | None:
        sp = self.speaker
        if sp and not self._agrees(sp.entity, pronoun):
            sp = None
        recent: tuple[int, Entity] | None = None
        i = bisect.bisect_left(self.starts, sent.start) - 1
        while i >= 0:
            m = self.mentions[i]
            e = self.owner.get(id(m))
            if e is not None and e.kind == "person" and not m.quoted and self._agrees(e, pronoun):
                recent = (m.start, e)
                break
            i -= 1
        if sp and sp.person_like and sent.index - sp.sentence <= 3:
            if recent is None or recent[0] < sp.pos or recent[1] is sp.entity:
                return sp.entity
            spoken = self.sents[sp.sentence]
            if recent[0] < spoken.start:
                return sp.entity
            if (
                sp.pos < recent[0] < spoken.end
                and sent.index - sp.sentence <= 2
                and sent.block not in self.turns  # in a turn, "he" is never the "I" speaking
            ):
                # "The minister told the presenter, Ben Roe, that ... She said": whom the
                # speaker told, or spoke of, does not take the speaker's place.
                return sp.entity
        if recent is not None:
            return recent[1]
        return sp.entity if sp and sp.person_like else None

    def _pronoun_it(self, a: int, sent: Sentence) -> Entity | None:
        sp = self.speaker
        if sp and sp.entity.kind != "person" and sent.index - sp.sentence <= 2:
            return sp.entity
        if sent.index > 0:
            prev = self.sents[sent.index - 1]
            found = self._mentions_in(prev.start, prev.end)
            subj = [(m, e) for m, e in found if not m.locative and not m.possessive]
            if subj and subj[0][1].kind != "person":
                return subj[0][1]
        return None

    def _pronoun_they(self, a: int, sent: Sentence) -> Entity | None:
        sp = self.speaker
        if sp and sp.entity.kind in ("group", "organisation") and sent.index - sp.sentence <= 2:
            return sp.entity
        if sent.index > 0:
            prev = self.sents[sent.index - 1]
            head = self.resolve_first_np(prev)
            if head is not None and head.kind == "group":
                return head
        return None

    def resolve_first_np(self, sent: Sentence) -> Entity | None:
        """The sentence's opening noun phrase, tried on growing prefixes."""
        words = [(m.start(), m.end()) for m in _WORD.finditer(self.text, sent.start, sent.end)]
        skip = 0
        while skip < len(words) and self.text[words[skip][0] : words[skip][1]].lower() in _LEAD:
            skip += 1
        for n in range(skip + 1, min(len(words), skip + 8) + 1):
            seg_end = words[n - 1][1]
            if re.search(r"[,;:]", self.text[words[skip][0] : seg_end]):
                break
            e = self.resolve(words[skip][0], seg_end, sent)
            if e is not None:
                return e
        return None

    # ---- attribution ---------------------------------------------------------------------

    def _subject_before(self, sent: Sentence, v: int) -> Entity | None:
        """Resolve the clause subject ending at v (skipping one ", appositive,")."""
        lo = dateline_end(self.text, sent.start, v)
        to = _CATENATIVE_TO.search(self.text, lo, v) if self.text.endswith(" to ", lo, v) else None
        if to and to.group(1) in _CATENATIVES:
            v = to.start()  # "The mayor, Dan Ford, likes to say": the subject before "likes"
        seg = self.text[lo:v]
        inside = [(m.start - lo, m.end - lo) for m, _ in self._mentions_in(lo, v)]
        # 'Acme plc ("Acme") today announced': a bracket does not end the subject
        masked = _PARENTHESIS.sub(lambda p: " " * len(p.group()), seg) if "(" in seg else seg
        cuts = [
            m.end()
            for m in _CLAUSE_BREAK.finditer(masked)
            if not any(a0 < m.start() < b0 for a0, b0 in inside)
        ]
        a = lo + (cuts[-1] if cuts else 0)
        rest = [w for w in _WORD.findall(self.text[a:v]) if w.lower() not in _AUX]
        comma_cut = bool(cuts) and seg[cuts[-1] - 1] == ","
        if not rest and comma_cut:
            # "Andrew Hogg, spokesman for ..., said": take the phrase before the appositive.
            commas = [i for i, ch in enumerate(seg) if ch == ","]
            if len(commas) >= 2:
                a2 = lo + commas[-2]
                named = self._mentions_in(max(lo, a2 - 60), a2)
                if named and named[-1][1].kind == "person" and named[-1][0].full_end == a2:
                    # "Ann Roe, Acme president, said": the name, not whoever else is a president.
                    return named[-1][1]
                between = self.resolve(a2 + 1, lo + commas[-1], sent)
                if between is not None and between.kind == "person":
                    return between
                source = _FROM_SOURCE.match(self.text, a2 + 1, lo + commas[-1])
                if between is None and source is not None:
                    # "The best of them, from a team at Westfield University, found": the
                    # source the aside names
                    named = self._mentions_in(source.end(), lo + commas[-1])
                    bodies = [e for m, e in named if e.kind not in ("person", "place")]
                    if bodies:
                        return bodies[-1]
                prior = [c for c in cuts if c <= commas[-2]]
                a = lo + (prior[-1] if prior else 0)
                described = self.resolve(a, a2, sent)
                # "Ann Roe, 58, of Mill Road, Ashcombe,": an address, then its town
                address = _WORD.findall(self.text, a, a2)[:1] == ["of"]
                unnamed = address or described is None or described.kind == "group"
                if (
                    between is not None
                    and between.kind not in ("group", "place", "state")
                    and self._post_of(a, a2)
                ):
                    # "The Director General of the Fisheries Directorate, Ann Roe, said": the
                    # post's holder, not the body the post belongs to
                    between.kind, between.person = "person", True
                    return between
                if unnamed and not address and between is not None and between.kind != "group":
                    # "The developer, Kestrel Homes, said": the name, not the description.
                    return between
                if unnamed and (address or between is None or between.kind == "group"):
                    # "Sunita Roe, 34, who runs the village shop, said", "Ann Roe, a fund
                    # manager at Acme, which holds the bonds, said": the name that opens the
                    # chain of appositives.
                    named = self._mentions_in(lo, lo + commas[0])
                    first = named[0] if named else None
                    if first and first[1].kind == "person" and first[0].full_end == lo + commas[0]:
                        return first[1]
                return described
            return None
        if cuts and seg[cuts[-1] - 1] == ",":
            # "Scott Stanzel, a spokesman for the campaign said": the name before the comma.
            head = [w.lower() for w in _WORD.findall(self.text[a:v])[:5]]
            if any(w in lx.TITLE_NOUNS for w in head):
                named = self._mentions_in(max(lo, a - 60), a - 1)
                if named and named[-1][1].kind == "person" and named[-1][0].full_end >= a - 3:
                    return named[-1][1]
        found = self.resolve(a, v, sent)
        if found is None:
            found = self._document_source(a, v, sent)
        return found

    def _post_of(self, a: int, b: int) -> bool:
        """ "the Director General of the Fisheries Directorate", "Acme's chief executive": a
        post (a title word before "of", "at" or "for", or after a possessive) in text[a:b]."""
        words = [w.lower().rstrip(".") for w in _WORD.findall(self.text, a, b)]
        while words and words[0] in _LEAD:
            words.pop(0)
        for i, w in enumerate(words[:6]):
            if w in ("of", "at", "for"):
                return i > 0 and words[i - 1] in _POST_WORDS
        return (
            bool(words)
            and words[-1] in _POST_WORDS
            and any(_POSSESSIVE_WORD.search(w) for w in words[:-1])
        )

    def _document_source(self, a: int, v: int, sent: Sentence) -> Entity | None:
        """ "Data gathered by Netcraft on the traffic shows that ...", "A survey from the
        statistics office found": the body whose document the subject is."""
        m = _DOCUMENT_BY.match(self.text, a, v)
        if m is None or m.group(1).lower() not in _DOCUMENTS:
            return None
        named = self._mentions_in(m.end(), v)
        bodies = [e for n, e in named if e.kind != "place" and not n.quoted]
        return bodies[0] if bodies else None

    def _agent_after(
        self, sent: Sentence, a: int, by_agent: bool = False, passive: bool = False
    ) -> Entity | None:
        seg = self.text[a : sent.end]
        m = re.match(r"\s*", seg)
        begin = a + (m.end() if m else 0)
        stop = begin
        limit = min(sent.end, begin + 90)
        while stop < limit:
            ch = self.text[stop]
            if ch in ',;:"“”()' or (ch == "." and not is_abbrev(self.text, stop)):
                break
            stop += 1
        if stop - begin < 2:
            return None
        phrase = self.text[begin:stop]
        for cut in _AGENT_CUT.finditer(phrase):
            # "people close to the club", "familiar with": the preposition belongs to them
            if phrase[: cut.start()].rsplit(" ", 1)[-1].lower() not in _SOURCE_LINKS:
                phrase = phrase[: cut.start()]
                break
        if by_agent:
            # "a government document seen by Newswire": the government's words, not the
            # outlet's; "the ministry's own progress report": the ministry's.
            phrase = _SEEN_BY.split(phrase, maxsplit=1)[0]
            doc = _DOC_OWNER.match(phrase)
            if doc:
                who = _POSSESSIVE_WORD.sub("", doc.group(1))  # "the ministry's own report"
                owner = self.resolve(begin + doc.start(1), begin + doc.start(1) + len(who), sent)
                # not "official data" read as "the official"
                if owner is not None and (owner.kind != "person" or not doc.group(1).islower()):
                    return owner
        found = self.resolve(begin, begin + len(phrase), sent)
        if (found is None or found.kind != "person") and self.text.startswith(",", stop):
            # 'said the company's chief executive, Ann Roe.': the name the role introduces
            role = [w.lower() for w in _WORD.findall(phrase)]
            named = self._mentions_in(stop + 1, min(sent.end, stop + 80))
            introduced = named[0] if named else None
            gap = self.text[stop + 1 : introduced[0].start].split() if introduced else []
            if (
                role
                and role[-1] in lx.TITLE_NOUNS
                and introduced is not None
                and introduced[1].kind == "person"
                and len(gap) <= 1  # at most an honorific ("Dr.") before the name
            ):
                return introduced[1]
        if found is None and by_agent:
            # "two local officials and a resident reached by telephone": the first source.
            first = re.split(r"\s+(?:and|or|who|which|reached|speaking|familiar)\s", phrase)[0]
            if first != phrase:
                found = self.resolve(begin, begin + len(first), sent)
        if found is None and by_agent:
            # "according to figures from the statistics office", "a letter from the bank
            # dated May 2": whose figures or letter they are.
            source = _FIGURES_OF.match(phrase)
            if source:
                owner_end = begin + len(phrase)
                dated = _DATED.search(phrase, source.start(1))
                if dated is not None:
                    owner_end = begin + dated.start()
                found = self.resolve(begin + source.start(1), owner_end, sent)
        if found is None and by_agent:
            # only names before "seen by Newswire": the outlet is not the source
            window = _SEEN_BY.split(self.text[begin:stop], maxsplit=1)[0]
            named = self._mentions_in(begin, begin + len(window))
            people = [e for m, e in named if e.kind == "person"]
            found = people[0] if people else (named[0][1] if named else None)
        if found is None and passive:
            # "suggested by conservationists include ...": the agent is the phrase's head
            spans = [(w.start(), w.end()) for w in _WORD.finditer(phrase)][:6]
            for k in range(len(spans), 0, -1):
                found = self.resolve(begin, begin + spans[k - 1][1], sent)
                if found is not None:
                    break
        if found is None and by_agent and self.text.startswith(",", stop):
            # "according to the vessel's manager, Helios Marine, the ship ...": the name.
            named = self._mentions_in(stop + 1, min(sent.end, stop + 80))
            first = named[0][0] if named else None
            if first and not self.text[stop + 1 : first.start].strip():
                found = named[0][1] if self.text.startswith(",", first.full_end) else None
        return found

    def attribute(self, sent: Sentence, lo: int, hi: int) -> tuple[Entity, str, int, int] | None:
        """First attribution verb in text[lo:hi] (outside quotes) with a resolvable claimant.

        Returns (claimant, verb, verb start, verb end).
        """
        aside = _ASIDE.search(self.text, lo, hi) if self.text.count(",", lo, hi) >= 2 else None
        if aside and aside.group(2) in lx.CLAIM_VERBS and not self._quoted(aside.start()):
            # "Hadeer disputes the figure, the person said, arguing ...": the aside says who
            # says the whole sentence, whatever verb comes first.
            e = self.resolve(aside.start(1), aside.end(1), sent) if "," not in aside[1] else None
            if e is not None:
                return e, aside.group(2), aside.start(2), aside.end(2)
        source = _ACCORDING.search(self.text, lo, hi)
        if source is not None and not self._quoted(source.start()):
            # "The government has announced a package, according to the finance ministry":
            # the source vouches for the whole sentence, whatever its subject did.
            e = self._agent_after(sent, source.end(), by_agent=True)
            if e is not None:
                return e, "according to", source.start(), source.end()
        for m in _VERB.finditer(self.text, lo, hi):
            if " " not in m.group(1) and m.group(1) not in _VERB_WORDS:
                continue
            if self._quoted(m.start()):
                continue
            verb = m.group(1).lower()
            after = self.text[m.end() : m.end() + 4]
            if verb == "according to":
                e = self._agent_after(sent, m.end(), by_agent=True)
                if e:
                    return e, verb, m.start(), m.end()
                continue
            if verb in ("called", "calls") and not (
                after.startswith((" for", " on")) or _CALLED_QUOTE.match(self.text, m.end(), hi)
            ):
                continue
            if verb in _DECLINING and not self._declines_comment(verb, m.start(), m.end(), hi):
                continue  # "declined to renew the contract": no statement
            if verb in _FIGURE_VERBS and not _FIGURE_AT.match(self.text, m.end(), hi):
                continue  # "put the plan on hold": no figure, no claim
            if verb in lx.FINDING_VERBS and not _ADJUNCT_THAT.match(self.text[m.end() + 1 : hi]):
                continue  # "found that", "ruled on Thursday that"; not "found the body"
            if verb in _STANCE_VERBS and _THAT.search(self.text, sent.start, m.start()):
                continue  # "said ... that several ministers opposed it": what was said
            if verb in _ASKING and _ASKED_WHETHER.match(self.text, m.end(), hi):
                continue  # "asked whether ...": a question, not a statement
            if verb.startswith("dismiss") and self._fires(m.end(), hi):
                continue  # "dismissed head coach Marco Bellini": an event, not a denial
            if (verb in _RAISING and after.startswith(" to ")) or (
                verb == "said" and after == " to "
            ):
                by = re.match(r"\s+by\s", self.text[m.end() : m.end() + 5])
                if not by:
                    continue
            by = re.match(r"(?:\s+[\"“][^\"”]{1,80}[\"”])?\s+by\s+", self.text[m.end() : hi])
            if by and (verb in _PASSIVE or verb.endswith("ed")):
                e = self._agent_after(sent, m.end() + by.end(), passive=True)
                if e:
                    return e, verb, m.start(), m.end()
            prior = self.text[max(sent.start, m.start() - 24) : m.start()]
            if (verb.endswith("ed") or verb in _TOLD) and _BE_BEFORE.search(prior):
                continue  # "were not told": the subject heard, it did not speak
            if _IMPERSONAL.search(prior):
                continue  # "it is thought ...": no one is named, the "it" is no one
            if verb in _PARTICIPLES and prior.rstrip().endswith(","):
                e = self.resolve_first_np(sent)
                if e:
                    return e, verb, m.start(), m.end()
                continue
            e = None
            before = self.text[max(sent.start, m.start() - 3) : m.start()]
            inverted = verb in _INVERTED and (
                re.search(r"[,\"”]\s*$", before) is not None or m.start() == sent.start
            )
            lead_words = len(_WORD.findall(self.text[sent.start : m.start()]))
            # "..., asks columnist Ann Roe.": the agent closes the sentence.
            closing = _CLOSING_AGENT.fullmatch(self.text, m.end(), sent.end) is not None
            first = inverted and (not before.rstrip().endswith(",") or lead_words <= 2 or closing)
            if first:
                e = self._agent_after(sent, m.end())
            if e is None:
                e = self._subject_before(sent, m.start())
            if e is None and inverted and not first:
                e = self._agent_after(sent, m.end())
            if e is None and _COORDINATED.search(self.text, sent.start, m.start()):
                # "Minister Ann Roe, speaking after the meeting, did not confirm the plan but
                # said ...": the subject of the first verb says it.
                e = self.resolve_first_np(sent)
                if e is None or e.kind != "person":
                    # "ZPA spokeswoman Ann Roe declined to comment, but said": the person
                    # the opening phrase names, not the body before her role
                    opening = dateline_end(self.text, sent.start, sent.end)
                    named = self._mentions_in(opening, min(m.start(), opening + 60))
                    people = [p for p in named if p[1].kind == "person" and not p[0].quoted]
                    e = people[0][1] if people else None
            if e is not None:
                return e, verb, m.start(), m.end()
        return None

    def _declines_comment(self, verb: str, vs: int, ve: int, hi: int) -> bool:
        """ "declined to comment", "refused to say whether", "did not respond to requests for
        comment": a statement that nothing is said."""
        if verb.startswith(("respond", "repl")):
            before = self.text[max(0, vs - 12) : vs]
            return bool(_NOT_BEFORE.search(before)) and bool(
                _UNANSWERED_ACT.match(self.text, ve, hi)
            )
        return bool(_DECLINED_ACT.match(self.text, ve, hi))

    def _fires(self, pos: int, hi: int) -> bool:
        """Whether the object after "dismissed" at `pos` is a person or a post."""
        m = _OBJECT_WORDS.match(self.text, pos, hi)
        if m is None:
            return False
        said = [w.lower() for w in _WORD.findall(m.group())]
        if any(w in lx.TITLE_NOUNS for w in said):
            return True
        return any(e.kind == "person" for _, e in self._mentions_in(pos, m.end() + 1))

    # ---- the walk ------------------------------------------------------------------------

    def _direct(self, q: QuoteSpan) -> bool:
        sent = self._sentence_at(q.open)
        if sent is None:
            return False
        n = len(_WORD.findall(self.text[q.start : q.end]))
        if n < 4 and not (n >= 2 and self._short_sentence_quote(q)):
            return False
        before = self.text[sent.start : q.open].strip()
        return not before or before.endswith((":", ","))

    def _short_sentence_quote(self, q: QuoteSpan) -> bool:
        """ "Nobody listened." after a quote in the same paragraph: a sentence of speech,
        not a scare-quoted word."""
        body = self.text[q.start : q.end]
        if not (body[:1].isupper() and body.endswith((".", "!", "?"))):
            return False
        return any(o.block == q.block and o.open < q.open for o in self.quotes)

    def _direct_speaker(self, q: QuoteSpan) -> tuple[Entity, str] | None:
        text = self.text
        if q.close is not None:
            sent = self._sentence_at(q.close)
            if sent is not None:
                nxt = [o.open for o in self.quotes if o.open > q.close]
                hi = min([sent.end, *nxt])
                qa = _QUOTED_AS.search(text, q.close, hi)
                if qa:
                    name = qa.group(1)
                    name = re.sub(r"^(?:an?|the)\s+", "", name)
                    e = self._group(name)
                    e.kind = "person"
                    return e, "quoted"
                tail = text[q.close + 1 : hi]
                if re.match(r"\s*[,.]?\s*\S", tail) and not re.match(r"\s*[A-Z]\w*\s*[\"“]", tail):
                    m = re.match(r"\s*,?\s*", tail)
                    start = q.close + 1 + (m.end() if m else 0)
                    window_end = min(hi, start + 90)
                    got = self.attribute(sent, start, window_end)
                    if got and got[2] - start < 70:
                        return got[0], got[1]
        sent = self._sentence_at(q.open)
        if sent is not None and sent.start < q.open:
            got = self.attribute(sent, sent.start, q.open)
            if got:
                return got[0], got[1]
        if self.speaker is not None:
            spoke = self.sents[self.speaker.sentence].block
            last = max(spoke, self.last_direct[1]) if self.last_direct else spoke
            if q.block - last <= 1:
                return self.speaker.entity, "continued"
        return None

    def run(self) -> list[RawClaim]:
        out: list[RawClaim] = []
        direct = [q for q in self.quotes if self._direct(q) and q.block not in self.turns]
        events: list[tuple[int, int, object]] = [(q.open, 0, q) for q in direct]
        events += [(s.start, 1, s) for s in self.sents]
        events.sort(key=lambda t: (t[0], t[1]))
        covered: list[tuple[int, int]] = []
        for q in direct:
            covered.append((q.open, q.close if q.close is not None else q.end))
        for _, _, item in events:
            if isinstance(item, QuoteSpan):
                got = self._direct_speaker(item)
                if got is None:
                    self.last_direct = None
                    continue
                entity, verb = got
                sent = self._sentence_at(item.open)
                sidx = sent.index if sent else 0
                self.last_direct = (entity, item.block)
                self._note(entity, item.open, sidx, verb)
                quote = self.text[item.start : item.end]
                out.append(
                    RawClaim(
                        item.start,
                        item.end,
                        entity,
                        verb,
                        _kind(verb, quote),
                        _plain(quote),
                        True,
                        sidx,
                    )
                )
            elif isinstance(item, Sentence):
                if item.block in self.turns:
                    turn = self._turn(item)
                    if turn is not None:
                        out.append(turn)
                    continue
                if any(a <= item.end and b >= item.start for a, b in covered):
                    continue
                if item.block in self.labelled and item.text.rstrip().endswith("?"):
                    continue  # a question from the floor or the chair claims nothing
                found = self.attribute(item, item.start, item.end)
                if self._introduces(item, found):
                    continue
                if found is None:
                    opinion = self._set_out(item) or self._opinion(item) or self._released(item)
                    if opinion is not None:
                        out.append(opinion)
                    continue
                entity, verb, vs, ve = found
                if item.index <= 1 and verb in _BYLINE_VERBS and entity.kind == "person":
                    self.author = entity
                self._note(entity, vs, item.index)
                start, end = item.start, item.end
                quote = self.text[start:end].rstrip()
                out.append(
                    RawClaim(
                        start,
                        start + len(quote),
                        entity,
                        verb,
                        _kind(verb, quote),
                        _statement(self.text, item, vs, ve, verb),
                        False,
                        item.index,
                    )
                )
                second = self._second_voice(item, ve, entity)
                if second is not None:
                    out.append(second)
        return out

    def _introduces(self, sent: Sentence, found: tuple[Entity, str, int, int] | None) -> bool:
        """ "Insp. Ann Roe said:", "Her family asked that the following statement be
        published:": a line that ends a paragraph with a colon sets out no claim of its own;
        whoever it names speaks the paragraph after it, quoted or not."""
        end = sent.text.rstrip()
        nxt = sent.block + 1
        if not end.endswith(":") or self._sentence_after(sent) is None:
            return False
        entity = found[0] if found is not None else None
        if entity is None:
            said = {w.lower() for w in _WORD.findall(end)}
            if not said & _STATEMENT_NOUNS:
                return False
            entity = self.resolve_first_np(sent)
            if entity is None:
                return False
        self._note(entity, sent.start, sent.index, found[1] if found else "said")
        self.set_out = (entity, nxt)
        return True

    def _sentence_after(self, sent: Sentence) -> Sentence | None:
        """The first sentence of the next block, when `sent` ends its own block."""
        if sent.index + 1 >= len(self.sents):
            return None
        after = self.sents[sent.index + 1]
        return after if after.block == sent.block + 1 else None

    def _set_out(self, sent: Sentence) -> RawClaim | None:
        """A sentence of the unquoted paragraph a line ending in "said:" introduced."""
        if self.set_out is None or sent.block != self.set_out[1] or self._quoted(sent.start):
            return None
        quote = sent.text.rstrip()
        if quote.endswith("?") or len(_WORD.findall(quote)) < 3:
            return None
        return RawClaim(
            sent.start,
            sent.start + len(quote),
            self.set_out[0],
            "said",
            _kind("said", quote),
            _plain(quote),
            True,
            sent.index,
        )

    def _second_voice(self, sent: Sentence, after: int, first: Entity) -> RawClaim | None:
        """ "The union welcomed the deal, while the employers warned it would cost jobs": a
        second clause with a speaker of its own is that speaker's claim too."""
        rest = self.text[after : sent.end]
        if not any(k in rest for k in _SECOND_MARKS):
            return None
        cut = _SECOND_CLAUSE.search(self.text, after, sent.end)
        if cut is None:
            return None
        found = self.attribute(sent, cut.end(), sent.end)
        if found is None or found[0] is first:
            return None
        entity, verb, vs, _ = found
        if vs - cut.end() > 80:
            return None  # the verb belongs to something said, not to the clause's subject
        self._note(entity, vs, sent.index)
        quote = self.text[cut.end() : sent.end].rstrip()
        return RawClaim(
            cut.end(),
            cut.end() + len(quote),
            entity,
            verb,
            _kind(verb, quote),
            _plain(quote),
            False,
            sent.index,
        )

    def _turn(self, sent: Sentence) -> RawClaim | None:
        """A statement in a transcript speaker's turn: the speaker's own words."""
        quote = sent.text.rstrip()
        said = _WORD.findall(quote)
        if quote.endswith("?") or len(said) < 3 or quote.lower().startswith(_COURTESIES):
            return None
        entity = self.turns[sent.block]
        found = self.attribute(sent, sent.start, sent.end)
        if found is not None and found[0] is not entity and found[1] not in lx.FINDING_VERBS:
            # "He told me the terminal might be needed": the speaker reports another's words
            # (but "so she accepts that ...", "the audit found that ..." are the speaker's).
            other, verb, vs, ve = found
            if not _FIRST_PERSON_SUBJECT.search(self.text, sent.start, vs):
                self._note(other, vs, sent.index)
                return RawClaim(
                    sent.start,
                    sent.start + len(quote),
                    other,
                    verb,
                    _kind(verb, quote),
                    _statement(self.text, sent, vs, ve, verb),
                    False,
                    sent.index,
                )
        self._note(entity, sent.start, sent.index, "said")
        return RawClaim(
            sent.start,
            sent.start + len(quote),
            entity,
            "said",
            _kind("said", quote),
            _plain(quote),
            True,
            sent.index,
        )

    def _opinion(self, sent: Sentence) -> RawClaim | None:
        """In an opinion piece ("..., writes analyst Ann Roe"), the writer's stance."""
        if self.author is None or self._quoted(sent.start):
            return None
        quote = sent.text.rstrip()
        said = _WORD.findall(quote)
        judged = any(w.lower() in _EVALUATIVE or w.lower().endswith("n't") for w in said)
        if not (_OPINION.search(sent.text) and len(said) >= 6) and not (judged and len(said) >= 4):
            return None
        return RawClaim(
            sent.start,
            sent.start + len(quote),
            self.author,
            "writes",
            "assessment",
            _plain(quote),
            False,
            sent.index,
        )

    def _released(self, sent: Sentence) -> RawClaim | None:
        """In an organisation's own release, a sentence no one else is said to say is the
        issuer's: "The plant has made a loss in each of the last eleven quarters." """
        release = self.release
        if release is None or not release.start <= sent.start < release.end:
            return None
        if self._quoted(sent.start):
            return None
        quote = sent.text.rstrip()
        if quote.endswith(("?", ":")) or quote.lstrip()[:1] in _QUOTE_OPENERS:
            return None  # a question, or a line that introduces what follows it
        if len(_WORD.findall(quote)) < 6:
            return None
        start = dateline_end(self.text, sent.start, sent.end)
        return RawClaim(
            start,
            sent.start + len(quote),
            release.issuer,
            "states",
            "assertion",
            _plain(self.text[start : sent.start + len(quote)]),
            False,
            sent.index,
        )

    def _note(self, e: Entity, pos: int, sidx: int, verb: str = "") -> None:
        self.cited[id(e)] = pos
        person_like = e.kind == "person" or self._spoke_near(pos)
        if verb == "continued" and self.speaker is not None and self.speaker.entity is e:
            person_like = person_like or self.speaker.person_like
        self.speaker = _Speaker(e, pos, sidx, person_like)

    def _spoke_near(self, pos: int) -> bool:
        window = self.text[max(0, pos - 60) : pos + 60].lower()
        return any(s in window for s in _SPOKES)


def says_nothing(quote: str) -> bool:
    """ "X declined to comment", "did not respond to requests for comment": a statement that
    nothing is said, on the record but of no substance."""
    for m in _VERB.finditer(quote):
        verb = m.group(1).lower()
        if verb not in _DECLINING:
            continue
        if verb.startswith(("respond", "repl")):
            if _NOT_BEFORE.search(quote, 0, m.start()) and _UNANSWERED_ACT.match(quote, m.end()):
                return True
        elif _DECLINED_ACT.match(quote, m.end()):
            return True
    return False


def _demonym(word: str) -> bool:
    """ "Chinese", "Arveshi": a people's adjective, known or shaped like one."""
    return word in lx.DEMONYMS or (word[:1].isupper() and word.endswith(_DEMONYM_ENDINGS))


def _institutional(e: Entity) -> bool:
    return any(w in lx.ORG_SUFFIXES for w in e.name.split())


def _kind(verb: str, quote: str) -> ClaimKind:
    if verb in lx.DENIAL_VERBS:
        return "denial"
    if verb == "according to" or verb in lx.REPORT_VERBS:
        return "report"
    if verb in ("warned", "warns", "warn", "warning"):
        return "assessment" if _FUTURE.search(quote) else "assertion"
    if verb in lx.ASSESSMENT_VERBS or verb in _FIGURE_VERBS:
        return "assessment"
    return "assertion"


def hedge(quote: str) -> str | None:
    m = _HEDGE.search(quote)
    return m.group(1).lower() if m else None


def _plain(quote: str) -> str:
    s = quote.strip().strip('"“”').strip()
    s = s[dateline_end(s, 0, len(s)) :]
    s = re.sub(r"[\"“”]", "", s).strip(" ,")
    if s and s[-1] not in ".!?":
        s += "."
    return s[:1].upper() + s[1:]


def _statement(text: str, sent: Sentence, vs: int, ve: int, verb: str) -> str:
    """The sentence with its attribution cut off where that is mechanical."""
    s = sent.text.strip()
    head = text[sent.start : vs]
    if verb == "according to" and not head.strip():
        rest = text[ve : sent.end]
        parts = rest.split(",", 1)
        if len(parts) == 2:
            return _plain(parts[1])
    if _ACCORDING_TAIL.search(s) and verb == "according to":
        return _plain(_ACCORDING_TAIL.sub("", s))
    tail = _SAID_TAIL.search(s)
    if tail and tail.group(1) not in _VERB_WORDS:
        tail = None
    if tail and tail.start() > 20:
        return _plain(s[: tail.start()])
    if len(_WORD.findall(head)) <= 6 and "," not in head:
        rest = text[ve : sent.end].strip()
        if rest.startswith("that ") or verb in _STRIP_VERBS:
            lead_in = _TOLD_THAT if verb in _TOLD else _ADJUNCT_THAT
            rest = lead_in.sub("", rest, count=1)
            if len(_WORD.findall(rest)) >= 4:
                return _plain(rest)
    return _plain(s)


def _time_word(word: str) -> bool:
    """ "2019", "march", "monday": a year, a month or a day."""
    return (len(word) == 4 and word.isdigit()) or word in _TIME_WORDS


def _drop_time_tail(words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """ "Health Minister Yusuf Demir on Tuesday": the subject without its time adjunct (and
    "In 2019 the players' committee": without one that opens the sentence)."""
    lower = [w.lower() for w, _, _ in words]
    if len(lower) > 3 and lower[0] in ("in", "on", "by", "since") and _time_word(lower[1]):
        words, lower = words[2:], lower[2:]
    if len(lower) > 1 and lower[-1] in ("yesterday", "today", "tonight"):
        return words[:-1]
    if len(lower) > 2 and lower[-1] in _TIME_WORDS:
        for k in range(max(1, len(lower) - 4), len(lower) - 1):
            if lower[k] in _TIME_OPENERS:
                return words[:k]
    return words
