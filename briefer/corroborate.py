"""Rules that compare statements from different sources: the same claim, or two that
cannot both hold.

A statement is reduced to content stems (stop words, attribution verbs and the claimant's
own names dropped; a few news synonyms folded together), its counts (a number and the noun
it counts), its weekdays and clock times, and its polarity (negated or not). Two statements
corroborate when their stems overlap enough and nothing in them disagrees; they contradict
when they share a subject and disagree on a count, a day or a time, or when one denies what
the other asserts. Every rule is deterministic; when unsure they keep statements apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*%?")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP = _words(
    """a an the and or but if of in on at to for from by with without as into onto over
    under about after before during since until than that this these those there here it
    its it's is are was were be been being has have had do does did will would shall should
    can could may might must also just only very more most much many some any all every
    each both either which who whom whose what when where why how he she they we you i me
    him her them us our their his my your one not no nor never none nobody nothing so such
    too then now while still yet again said says say told tell telling according added
    statement statements later earlier week day days today yesterday monday tuesday
    wednesday thursday friday saturday sunday morning afternoon evening night p m a.m p.m
    mr mrs ms dr per cent percent around about roughly nearly almost least most own off up
    down out away year years month months time times late
    early found"""
)
_NEGATIONS = _words(
    "not no never none nobody nothing neither nor without cannot can't won't didn't doesn't "
    "don't isn't wasn't aren't weren't hasn't haven't hadn't denied denies deny "
    "rejected rejects"
)
# News wording that says the same thing in other words; each folds to its first entry.
_SYNONYMS = (
    ("evacu", "evacuate", "evacuated", "evacuation", "ashore", "shore", "rescued", "taken"),
    ("injur", "injured", "injuries", "injury", "hurt", "wounded", "hospital", "treated"),
    ("fault", "failure", "failed", "fails", "defect", "malfunction"),
    ("fire", "blaze", "flames"),
    ("repair", "repaired", "fixed", "fix", "mended", "restored"),
    ("ship", "ships", "ferry", "vessel", "boat"),
    ("dead", "died", "killed", "deaths", "dies", "fatalities"),
    ("warn", "warned", "warning", "flagged", "alerted"),
    ("inquiry", "investigation", "investigate", "investigating", "probe", "report"),
    ("home", "homes", "households", "houses"),
    ("stop", "stopped", "suspended", "halt", "halted", "suspend"),
    ("finish", "finished", "completed", "complete", "done"),
    ("margin", "decided", "tally", "lead"),
    ("harmful", "dangerous", "toxic"),
    ("vapour", "vapor", "fumes", "gas"),
    ("extinguish", "extinguished", "contained"),
    ("start", "started", "broke", "began", "begun"),
    ("measure", "measurements", "samples", "readings", "tests"),
)
_FOLD = {w: group[0] for group in _SYNONYMS for w in group[1:]}
# Phrases that say one word's worth, read as that word.
_PHRASE_WORDS = {
    "under control": "contained",
    "brought ashore": "evacuated",
    "taken off": "evacuated",
    "put out": "extinguished",
    "stay in place": "remain",
    "stays in place": "remain",
    "remain in place": "remain",
    "remains in place": "remain",
    "remain in force": "remain",
    "remains in force": "remain",
    "stay in force": "remain",
    "in effect": "remain",
}
_PHRASES = re.compile("|".join(re.escape(p) for p in _PHRASE_WORDS), re.IGNORECASE)
_SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS = {w: i for i, w in enumerate(_SMALL_NUMBERS.split())}
_NUMBER_WORDS.update(
    {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "dozen": 12}
)
_COUNT = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")(%?)\s+(?:(?:of|more|other|minor|serious|new|extra|additional|[a-z]+ed)\s+)?"
    r"([a-z]+)",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"\b(\d{1,2})(?:[.:](\d\d))?\s*([ap])\.?m\b\.?", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_UNITS_SKIP = frozenset({"p", "a", "am", "pm", "percent", "per", "years", "year"})

CORROBORATE = 0.5
"""Share of the shorter statement's stems the other must hold to be the same claim."""
CORROBORATE_MIN = 2
"""Fewest shared stems for the same claim."""
SUBJECT_MIN = 2
"""Fewest shared stems for two statements to be about the same thing (contradictions)."""
SUBJECT_SHARE = 0.25
NEGATION_REACH = 4
"""Words after a negation that it may deny."""
SHORT_STEMS = 2
"""A statement this short may match another on a single stem, if all of it is shared."""
"""Words after a negation that it may deny."""


def stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w in _FOLD:
        return _FOLD[w]
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    w = w[:6]
    return _FOLD.get(w, w)


def _number(token: str) -> float | None:
    t = token.lower().replace(",", "")
    if t in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[t])
    try:
        return float(t)
    except ValueError:
        return None


@dataclass(frozen=True)
class Statement:
    """One source's statement, reduced for comparison."""

    source: int
    text: str
    claimant: str = ""
    names: frozenset[str] = field(default_factory=frozenset)
    """Lower-case words of the claimant's names, left out of the comparison."""

    @cached_property
    def stems(self) -> frozenset[str]:
        out = set()
        for tok in _WORD.findall(
            _PHRASES.sub(lambda m: _PHRASE_WORDS[m.group(0).lower()], self.text)
        ):
            low = tok.lower()
            if low in _STOP or low in self.names or low in _NEGATIONS:
                continue
            if low in _NUMBER_WORDS or _number(low) is not None:
                continue
            out.add(stem(low))
        return frozenset(out)

    @cached_property
    def counts(self) -> dict[str, set[float]]:
        """Numbers by the stem of the noun they count: {"people": {9.0}}."""
        found: dict[str, set[float]] = {}
        for m in _COUNT.finditer(self.text):
            value = _number(m.group(1))
            noun = m.group(3).lower()
            if value is None or noun in _UNITS_SKIP or _YEAR.match(m.group(1)):
                continue
            unit = "%" if m.group(2) else stem(noun)
            found.setdefault(unit, set()).add(value)
        return found

    @cached_property
    def clock(self) -> set[tuple[int, int]]:
        times = set()
        for m in _CLOCK.finditer(self.text):
            hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
            times.add((hour, int(m.group(2) or 0)))
        return times

    @cached_property
    def weekdays(self) -> set[str]:
        return {d.lower() for d in _WEEKDAY.findall(self.text)}


def shared(a: Statement, b: Statement) -> tuple[int, float]:
    """Shared stems, and their share of the smaller set."""
    common = len(a.stems & b.stems)
    small = min(len(a.stems), len(b.stems)) or 1
    return common, common / small


def _enough(a: Statement, b: Statement, least: int, share_least: float) -> bool:
    """At least `least` shared stems and `share_least` of the smaller set; a statement of
    one or two stems ("Nobody had been injured") may match on one, if all of it is shared."""
    common, share = shared(a, b)
    if common >= least:
        return share >= share_least
    return common >= 1 and share >= 1.0 and min(len(a.stems), len(b.stems)) <= SHORT_STEMS


def disagreement(a: Statement, b: Statement) -> str | None:
    """What two statements on one subject disagree on, in a few words, or None."""
    for unit in sorted(a.counts.keys() & b.counts.keys()):
        x, y = a.counts[unit], b.counts[unit]
        if not x & y:
            return f"different counts: {_fmt(x)} vs {_fmt(y)} {unit}"
    if a.clock and b.clock and not a.clock & b.clock:
        return f"different times: {_clocks(a.clock)} vs {_clocks(b.clock)}"
    if a.weekdays and b.weekdays and not a.weekdays & b.weekdays:
        return (
            f"different days: {', '.join(sorted(a.weekdays)).title()} vs "
            f"{', '.join(sorted(b.weekdays)).title()}"
        )
    denial_a, denial_b = _denial(a, b), _denial(b, a)
    if (denial_a is None) != (denial_b is None):
        return f"one denies what the other asserts: “{denial_a or denial_b}”"
    return None


def _denial(a: Statement, b: Statement) -> str | None:
    """The words with which `a` negates something it shares with `b` ("no fault" against
    "a steering failure"): a negation within a few words before a stem both hold."""
    common = a.stems & b.stems
    tokens = _WORD.findall(a.text)
    for i, tok in enumerate(tokens):
        if tok.lower() in _NEGATIONS or tok.lower().endswith("n't"):
            window = tokens[i + 1 : i + 1 + NEGATION_REACH]
            for k, w in enumerate(window):
                if stem(w) in common:
                    return " ".join(tokens[i : i + k + 2])
    return None


def _fmt(values: Iterable[float]) -> str:
    return "/".join(f"{v:g}" for v in sorted(values))


def _clocks(times: Iterable[tuple[int, int]]) -> str:
    return "/".join(f"{h:02d}:{m:02d}" for h, m in sorted(times))


def same_claim(a: Statement, b: Statement) -> bool:
    if a.source == b.source:
        return False
    return _enough(a, b, CORROBORATE_MIN, CORROBORATE) and disagreement(a, b) is None


def clash(a: Statement, b: Statement) -> str | None:
    """The disagreement between two statements from different sources on one subject."""
    if a.source == b.source or not _enough(a, b, SUBJECT_MIN, SUBJECT_SHARE):
        return None
    return disagreement(a, b)


def clusters(statements: Sequence[Statement]) -> list[list[int]]:
    """Groups of statements that are one claim, at most one statement per source.

    Pairs are joined best first (most of the smaller statement shared, then most of both,
    then input order), so a statement goes with its closest match rather than the
    first that passes; two groups join only if every pair across them is the same claim.
    Groups come in order of their first statement.
    """
    pairs = []
    for i, a in enumerate(statements):
        for j in range(i + 1, len(statements)):
            b = statements[j]
            if same_claim(a, b):
                common, share = shared(a, b)
                jaccard = common / (len(a.stems | b.stems) or 1)
                pairs.append((-share, -jaccard, i, j))
    group = {i: [i] for i in range(len(statements))}
    for _, _, i, j in sorted(pairs):
        gi, gj = group[i], group[j]
        if gi is gj:
            continue
        if {statements[k].source for k in gi} & {statements[k].source for k in gj}:
            continue
        if not all(same_claim(statements[x], statements[y]) for x in gi for y in gj):
            continue
        gi.extend(gj)
        for k in gj:
            group[k] = gi
    seen: set[int] = set()
    out = []
    for i in range(len(statements)):
        g = group[i]
        if id(g) not in seen:
            seen.add(id(g))
            out.append(sorted(g))
    return out
