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
from dataclasses import dataclass, field, replace
from functools import cached_property

from briefer.wordlists import entries, word_set

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
    early found between through across against among within upon"""
)
_NEGATIONS = _words(
    "not no never none nobody nothing neither nor without cannot can't won't didn't doesn't "
    "don't isn't wasn't aren't weren't hasn't haven't hadn't denied denies deny"
)
"""Words that say something is not so. Not "rejects": a party that rejects a decision
disputes it, it does not deny it was taken."""
_NEGATING_PREFIXES = ("un", "non")
_REFUSAL = re.compile(
    rf"\b(?:{'|'.join(sorted(' '.join(entries('refusal_verbs')).split()))})\s+(?:to|from)\b",
    re.IGNORECASE,
)
"""A verb that holds back from a thing ("declined to comment", "refrain from
speculation"): what follows is not done."""
# News wording that says the same thing in other words; each folds to its first entry.
_SYNONYMS = tuple(tuple(line.lower().split()) for line in entries("synonyms"))
_FOLD = {w: group[0] for group in _SYNONYMS for w in group}
_GROUP = {group[0]: group for group in _SYNONYMS}
# Irregular verb forms, read as their base form first ("broken", "broke": "break").
_LEMMA = {w: line.split()[0] for line in entries("irregular_verbs") for w in line.split()[1:]}
# Phrases that say one word's worth, read as that word.
_PHRASE_WORDS = dict(
    (k.strip().lower(), v.strip()) for k, v in (e.split(":", 1) for e in entries("phrase_words"))
)
_LIGHT_VERBS = frozenset(" ".join(entries("light_verbs")).split())
_AUXILIARIES = _words("was were is are had has have been be being will would")
_PHRASES = re.compile("|".join(re.escape(p) for p in _PHRASE_WORDS), re.IGNORECASE)
_SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
)
_NUMBER_WORDS = {w: i for i, w in enumerate(_SMALL_NUMBERS.split())}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORDS.update({w: 10 * (i + 2) for i, w in enumerate(_TENS)})
_NUMBER_WORDS["dozen"] = 12
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "lakh": 100_000,
    "million": 1_000_000,
    "crore": 10_000_000,
    "billion": 1_000_000_000,
}
_NUM_WORD = "|".join(sorted([*_NUMBER_WORDS, *_SCALES], key=len, reverse=True))
_SCALE_WORD = "|".join(_SCALES)
_NUM_PHRASE = re.compile(
    rf"(?<![\w.,])(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+(?:{_SCALE_WORD}))*"
    rf"|(?:{_NUM_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_NUM_WORD}))*)\b",
    re.IGNORECASE,
)
"""A number: "1.2 million", "nine hundred and five", "twenty-five"; a figure is never
joined to the number word after it ("2027 - Three people")."""
_COUNT = re.compile(
    r"(?<![\w.,])(\d+(?:\.\d+)?)(%|\s*per\s*cent\b|\s*percent\b)?\s*"
    r"(?:(?:of\s+(?:our|their|its|the|his|her|them)|more|other|minor|serious|new|extra|"
    r"additional|[a-z]+ed)\s+)?([a-z]+)?",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"\b(about|around|roughly|some|nearly|almost|approximately|estimated|an estimated|"
    r"more than|over|at least|upwards of|fewer than|less than|under|up to|at most)\s*$",
    re.IGNORECASE,
)
_RANGE_FROM = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s*(?:to|-|–)\s*$", re.IGNORECASE)
"""The low end of a range written before its high end: "7 to 10 days", "420-680 mm"."""
_QUALIFYING = _words(
    "about around roughly some nearly almost approximately estimated an more than over at "
    "least upwards of fewer less under up to most"
)
"""The words of a qualifier ("at least", "more than")."""
_ABOVE = frozenset({"more than", "over", "at least", "upwards of"})
_BELOW = frozenset({"fewer than", "less than", "under", "up to", "at most"})
APPROXIMATE = 0.05
"""How far an "about" or "some" number may stand from the exact one and still agree."""
_DAYS_IN = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0}
_CLOCK = re.compile(
    r"\b(\d{1,2})(?:[.:](\d\d))?\s*([ap])\.?\s?m\b\.?"  # 4 a.m., 11:40 p.m.
    r"|\b([01]?\d|2[0-3]):([0-5]\d)\b"  # 23:15, 04:10, 2:30
    r"|\b(midnight|noon|midday)\b"
    r"|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
    r"(?=\s+(?:o['’]clock|in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b)"
    r"(?:\s+o['’]clock\b)?",  # nine o'clock, six in the morning
    re.IGNORECASE,
)
_CLOCK_QUALIFIER = re.compile(
    r"\b(about|around|approximately|roughly|some|circa|shortly after|just after|soon after|"
    r"shortly before|just before|by|until|till|no later than|before|from|since|after|"
    r"between(?:\s+(?:about|around|approximately|roughly))?)"
    r"\s+(?:at\s+)?$",
    re.IGNORECASE,
)
CLOCK_ABOUT = 15
"""Minutes either side of an "about" or "approximately" time: a time so given is rounded
to the quarter hour, and two of them half an hour apart are two times."""
CLOCK_SLACK = 2
"""Minutes either side of an exact time: two clocks a minute or two apart ("23:40",
"23:41") tell one moment."""
CLOCK_SHORTLY = 30
CLOCK_SPAN = 12 * 60
"""Minutes a span that a time opens ("between 19:00 and the arrest") may run on."""
"""Minutes a "shortly after" or "just before" time reaches."""
_CLOCK_UNTIL = frozenset({"by", "until", "till", "no later than", "before"})
_CLOCK_FROM = frozenset({"from", "since", "after"})
_DAY_PARTS = (("morning", "am"), ("afternoon", "pm"), ("evening", "pm"), ("night", "pm"))
_WEEKDAY = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_SAID_ON = re.compile(
    rf"\b(?:said|says|told(?:\s+\w+){{0,2}}|announced|added|confirmed)\s+"
    rf"(?:(?:late|early)\s+)?on\s+(?:{_WEEKDAYS})\b",
    re.IGNORECASE,
)
"""A weekday on which something was said, not on which it happened."""
_FUTURE = re.compile(
    r"\b(?:will|would|shall|'ll|(?:is|are|was|were)\s+(?:due|expected|set|scheduled|going|"
    r"forecast)|expects?\s+to|plans?\s+to|intends?\s+to)\b",
    re.IGNORECASE,
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" + (
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b"
    rf"|\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?",
    re.IGNORECASE,
)
"""A calendar day: "30 June 2027", "June 30", "Sept. 7, 2027"."""
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?:19|20)\d\d\b", re.IGNORECASE)
"""A month and its year with no day: "in July 2021"."""
_OTHER_DAY = re.compile(
    r"\b(?:the|a)\s+(?:day|night|morning|evening)\s+(?:after|before)\b|\bthe\s+(?:previous|next)"
    r"\s+day\b|\ba\s+day\s+(?:earlier|later)\b",
    re.IGNORECASE,
)
"""Words that put a sentence's events on more than one day."""
_STILL = re.compile(r"\bstill\b", re.IGNORECASE)
_SO_FAR = re.compile(
    rf"\bso far\b|\bto date\b"
    rf"|\bby\s+(?:(?:early|late|mid)[\s-]+)?(?:{_WEEKDAYS}|morning|afternoon|evening|"
    r"noon|midday|midnight|dawn|nightfall|then|\d{1,2}(?:[.:]\d\d)?\s*(?:[ap]\.?m\b|h\b)?)"
    r"|^\s*\d{1,2}[:.]\d\d\s*[-–—]\s",
    re.IGNORECASE,
)
"""A count reached by a moment ("six had been taken to hospital by early Monday", "so
far", "to date"), or an incident log's line ("03:30 - 6 persons transported"): a count
so far, which a later count may pass."""
DATELINE = re.compile(r"^[A-Z][A-Z.' ]+(?:,[^\n–—]{0,50}?)?\s+(?:-{1,2}|–|—)\s+(?=\S)")
"""A dateline opening a sentence ("ALDMOUTH, Tuesday 14 October 2026 - "): not the claim's."""
_LABEL = re.compile(
    r"(?:^|(?<=[.;]\s))([A-Z][a-z]+(?:\s+[a-z]+){0,2}):\s*(\d{1,3}(?:,\d{3})+|\d+)\b"
)
"""A situation report's "Fatalities: 3", "Persons evacuated: 2,100": a count and its label."""
_PERSONS = word_set("person_nouns")
"""Nouns that count people: what happened to them (killed, missing) says what is counted."""
_QUESTION = re.compile(r"(?:^|(?<=[.!?:]\s)|(?<=[.!?:][\"”’]\s))[^.!?]*\?[\"”’]?")
"""A question, from the start of its sentence to its question mark."""
_PART = re.compile(r"\s+of\s+(?:them|whom|those|these|which)\b", re.IGNORECASE)
"""A count of some of those counted before ("seven pupils ..., two of them seriously")."""
_PART_BEFORE = re.compile(r"\bof\s+(?:them|those|these)\s*,?\s*$", re.IGNORECASE)
"""The same, put first ("Of these, 3,214 ballots were in ...")."""
_ONE_OF = re.compile(r"\s+of\s+(?:the|its|their|our|his|her)\b", re.IGNORECASE)
""""one of the tank wagons" picks one out: no count of tank wagons."""
_SERIAL = re.compile(r"\b(?:no|nos|number)\.\s*(?=\d)", re.IGNORECASE)
""""wagon No. 4": a serial number, not a "no" that denies."""
_IMPLIED = _words("are were was is have had has remain remained remains")
"""Words after a bare count that leave its noun implied ("five are missing": people)."""
_OUTCOME_WORDS = tuple(entries("people_outcomes"))
"""What a count of people may say befell them (each with its synonyms), as a note names it."""
_OUTCOME_NOUNS = _words(
    "dead deaths fatalities killed bodies injured injuries wounded hurt missing evacuees evacuated "
    "unaccounted"
)
"""Nouns that are themselves what befell the counted ("Fatalities: 3", "31 injured"); a
count of hospitals is no count of the injured."""
OUTCOME_SPAN = 5
"""Words after a count of people (or two before it) in which what befell them stands."""
_CURRENCY_SIGNS = {
    sign: word.strip()
    for signs, word in (e.split(":", 1) for e in entries("currency_signs"))
    for sign in signs.lower().split()
}
"""Signs and codes written before a figure ("KSh", "Rs", "$"), each read as its currency."""
_SIGN_BEFORE = re.compile(r"(?:^|\s)(\S+?)\s?$")
_MONEY_WORDS = _words("euro crown kroner krone pound dollar franc yen yuan rupee shilling")
"""Currencies: many sums in one story (a fine, a bribe, a contract's worth), so two sums
compare only when they share more than the currency. So do two spans of time (a report due
"within two weeks", passengers stuck "for up to two hours")."""
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_UNITS_SKIP = frozenset(
    {"p", "a", "am", "pm", "percent", "per", "years", "year", "and", "or", "to"}
)
"""Words after a figure that are no noun it counts ("7 to 10 days": the 7 is the range's)."""

TIMED_SPAN = 5
"""Words either side of a clock time in which the verb it times stands."""
TIMED_REACH = 25
"""Words after a clock time within which, when none stands near it, the verb it times
stands."""
SAID_MIN = 1
"""Fewest stems besides names and figures two statements must share to be one claim."""
CORROBORATE = 0.5
"""Share of the shorter statement's stems the other must hold to be the same claim."""
CORROBORATE_MIN = 2
"""Fewest shared stems for the same claim."""
SAME_CLAIMANT = 0.34
"""The share that is enough when one actor (merged across sources) makes both statements."""
VOICE_MIN = 3
"""Fewest shared stems between a claim and a source's own sentence (no named speaker)."""
VOICES_MIN = 4
"""Fewest shared stems between two sources' own sentences, unless they share a figure or
most of the shorter one (`VOICES_SHARE`): then `VOICE_MIN` is enough."""
VOICES_SHARE = 0.75
VOICES_MEASURED = 6
"""Fewest words two sources' own sentences must share for a count or time they disagree
on to clash, when they share less than `VOICE_SUBJECT_SHARE` of their words."""
FIGURE_MIN = 10
"""Smallest exact figure that, shared, lowers the bar for "the same claim" (small counts
recur in unrelated statements)."""
SUBJECT_MIN = 2
"""Fewest shared stems for two statements to be about the same thing (contradictions)."""
SUBJECT_SHARE = 0.25
VOICE_SUBJECT_SHARE = 0.5
"""Share of shared stems for a claim and a source's own sentence to be on one subject."""
NEGATION_SPAN = 6
"""Words after a negation within which the word it denies stands."""
SHORT_STEMS = 2
"""A statement this short may match another on a single stem, if all of it is shared."""
CLAUSE_STEMS = 1
"""Fewest content stems of a clause for it to be compared on its own."""
CLAUSE_MIN = 2
"""Fewest shared stems for the same claim when a side is one clause of a sentence."""
PART_MIN = 3
"""Fewest shared stems for a clause, taken on its own, to join another source's claim."""
_PAST = "|".join(
    sorted({f for line in entries("irregular_verbs") for f in line.split()[1:3]}, key=len)[::-1]
)
_CLAUSE = re.compile(
    r";\s+|,\s+(?:and|but|while|whereas|although)\s+|\s+but\s+"
    r"|(?:,|\s+and)\s+(?=(?!(?:morning|evening|during|nothing|something|according)\b)"
    r"[a-z]{3,}ing\b)"
    rf"|\s+and\s+(?=(?:[a-z]+ly\s+)?(?:[a-z]{{3,}}ed|{_PAST})\s)"
)
"""Where a sentence that carries several claims divides: "..., killing four people and
forcing 2,000 from their homes", "The count was clean; the recount will show it",
"officers sealed the kitchen and sent samples to the laboratory" (a second verb in the past
with its object)."""


def _crude(w: str) -> str:
    """An inflection-free prefix: "cracking" and "cracks" both "crack"."""
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ing", "ed", "es", "s"):
        if suffix == "s" and w.endswith(("us", "ss", "is")):
            break  # "bonus", "press", "crisis": not plurals
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return w[:6]


# Each synonym's stem folds too ("closes" as "closed"), unless it is a word of its own.
for _group in _SYNONYMS:
    for _w in _group:
        _FOLD.setdefault(_crude(_w), _group[0])


_INFLECTIONS = ("s", "ed", "ing", "'s")


def undone(word: str) -> str | None:
    """The stem a negating prefix denies, for words the synonym lists know ("unhurt",
    "unharmed": injured), so "the guards were unhurt" and "neither guard was injured" share
    what they deny; None for other words ("unsafe" keeps its own stem)."""
    low = word.lower()
    for prefix in _NEGATING_PREFIXES:
        rest = low[len(prefix) :].lstrip("-")
        if low.startswith(prefix) and len(rest) >= 4:
            rest = _LEMMA.get(rest, rest)
            if rest in _FOLD or _crude(rest) in _FOLD:
                return stem(rest)
    return None


def stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    w = _LEMMA.get(w, w)
    if w in _FOLD:
        return _FOLD[w]
    crude = _crude(w)
    # A synonym's stem folds an inflection of it ("closes", "blazes"), not another word
    # cut to the same six letters ("container" is no "contained", "terminal" no
    # "terminated").
    if crude in _FOLD and (len(w) <= len(crude) or w.endswith(_INFLECTIONS)):
        return _FOLD[crude]
    return crude


# Nouns that count one thing ("420 jobs", "380 employees"), each read as its group's first.
_UNIT = {stem(w): stem(line.split()[0]) for line in entries("count_nouns") for w in line.split()}


_MONEY = frozenset(stem(w) for w in _MONEY_WORDS) | frozenset(stem(f"{w}s") for w in _MONEY_WORDS)

# Outcomes that exclude each other: (stems of one side, stems of the other).
_OPPOSITES = [
    tuple(frozenset(stem(w) for w in side.split()) for side in line.split("|"))
    for line in entries("opposites")
]


def _number(token: str) -> float | None:
    t = token.lower().replace(",", "")
    if t in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[t])
    try:
        return float(t)
    except ValueError:
        return None


def _phrase_value(phrase: str) -> float | None:
    """The value of "nine hundred", "twenty-five", "1.2 million", "1,200"."""
    total = current = 0.0
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word == "and" or not word:
            continue
        if word in _SCALES:
            scale = _SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0.0
            continue
        value = _number(word)
        if value is None:
            return None
        current += value
    return total + current


_TWICE = re.compile(r"\b(\d+)\s*\(\1\)")


def digits(text: str) -> str:
    """Numbers written in words or with separators, as plain digits ("nine hundred" ->
    "900", "1,200" -> "1200"), so that every source's way of writing one count compares."""

    def one(m: re.Match[str]) -> str:
        value = _phrase_value(m.group(0))
        if value is None:
            return m.group(0)
        if value >= 1e15:
            return m.group(0)
        return str(int(value)) if value.is_integer() else f"{value:g}"

    # "ninety (90) days", legal style: one number, written twice.
    return _TWICE.sub(r"\1", _NUM_PHRASE.sub(one, text))


def _interval(value: float, qualifier: str) -> tuple[float, float]:
    q = qualifier.lower()
    if q in _ABOVE:
        return (value, float("inf"))
    if q in _BELOW:
        return (0.0, value)
    if q:
        return (value * (1 - APPROXIMATE), value * (1 + APPROXIMATE))
    return (value, value)


Interval = tuple[float, float]
Clock = tuple[int, int, int]
"""A clock time: the minute of the day stated, and the earliest and latest it allows."""
_OUTCOMES = {stem(w): w for w in _OUTCOME_WORDS}
_PEOPLE_UNITS = frozenset({f"people {o}" for o in _OUTCOME_WORDS})
_PEOPLE_COUNTS = tuple(f" {u}" for u in sorted(_PEOPLE_UNITS))


@dataclass(frozen=True)
class Statement:
    """One source's statement, reduced for comparison."""

    source: int
    text: str
    claimant: str = ""
    names: frozenset[str] = field(default_factory=frozenset)
    """Lower-case words of the claimant's names, left out of the comparison."""
    actor: int | None = None
    """The merged actor who makes it, if known: one actor across sources."""
    voice: bool = False
    """A source's own sentence, no claim of its: it needs more in common to match."""

    @cached_property
    def said(self) -> str:
        """The text less its questions: "Where were they on Thursday night?" asserts no
        day, no time and no denial."""
        return _QUESTION.sub(" ", self.text)

    @cached_property
    def plain(self) -> str:
        """The text with phrases read as their word and numbers as digits."""
        text = _LABEL.sub(lambda m: f"{m.group(2)} {m.group(1)}", _SERIAL.sub("", self.text))
        return digits(_PHRASES.sub(lambda m: _PHRASE_WORDS[m.group(0).lower()], text))

    @cached_property
    def stems(self) -> frozenset[str]:
        out = set()
        plain = self.plain
        if self.clock:
            # A clock time is one fact, not two numbers: "@clock" stands for it.
            plain = _CLOCK.sub(" ", plain)
            out.add("@clock")
        if self.dates:
            # So is a calendar day, and two sources giving the same one share it.
            plain = _DATE.sub(" ", plain)
            out.update(f"@{month:02d}-{day:02d}" for month, day in self.dates)
        for tok in _WORD.findall(plain):
            low = tok.lower()
            if low in _STOP or low in self.names or low in _NEGATIONS or low in _CURRENCY_SIGNS:
                continue  # a currency's sign is its count's unit ("KSh 213 million")
            value = _number(low.rstrip("%"))
            if value is not None:
                out.add(f"#{value:.12g}")
                continue
            if low in _NUMBER_WORDS:
                continue
            word = undone(low) or stem(low)
            out.add(_UNIT.get(word, word))
        # What is counted is content too: "six weeks" and "three months" are both spans of days.
        # So are the people a count says were killed, hurt, missing or moved.
        # (A count of people with nothing said of what befell them is too common to.)
        out.update(f"@{unit}" for unit in self.counts if unit != "people")
        return frozenset(out)

    @cached_property
    def counts(self) -> dict[str, list[Interval]]:
        """Numbers by the stem of the noun they count, as the range each allows:
        {"people": [(9, 9)]}; "about 40" allows a little either side, "more than 300"
        anything above. Durations count days, whatever their unit."""
        return self._tallies[0]

    @cached_property
    def picked(self) -> frozenset[str]:
        """Units it counts only as some picked out of them ("four of the dead children
        lived in the town"): a part of the toll, which no report of the toll denies."""
        return self._tallies[1]

    @cached_property
    def _tallies(self) -> tuple[dict[str, list[Interval]], frozenset[str]]:
        found: dict[str, list[Interval]] = {}
        picked: set[str] = set()
        whole: set[str] = set()
        # Clock times and calendar days are not counts ("2:30", "14 April").
        text = _DATE.sub(" ", _CLOCK.sub(" ", self.plain))
        for m in _COUNT.finditer(text):
            value = _number(m.group(1))
            noun = (m.group(3) or "").lower()
            if value is None:
                continue
            if noun and not noun.endswith("s") and noun not in _OUTCOME_NOUNS:
                noun = _head(text, m.end(3), noun)  # not "two dead children": the dead
            if _YEAR.match(m.group(1)) and (not noun or noun in _STOP or noun in _UNITS_SKIP):
                continue  # "in 2019 the hall", not "2,000 residents"
            if _PART.match(text, m.end(1)) or _PART_BEFORE.search(text, 0, m.start()):
                continue  # "two of them were in hospital": a part of a count given before
            if value == 1 and _ONE_OF.match(text, m.end(1)):
                continue  # "one of the wagons": one picked out, not a count
            if _REST.search(text, 0, m.start()):
                continue  # "the other three passengers": the rest of a group, not a count of it
            some = _ONE_OF.match(text, m.end(1)) is not None and _of_the_befallen(text, m)
            if _YEAR.match(m.group(1)) and self._bare(m.group(1)):
                continue  # "the May 2025 vote", "In 2025 residents": a year, however followed
            if not noun or noun in _STOP or noun in _UNITS_SKIP or noun in _IMPLIED:
                noun = _currency_before(text, m.start()) or noun  # "Rs 4 lakh for each"
            people = _people_unit(text, m, noun)
            if people:
                noun = people
            elif not m.group(2) and (not noun or noun in _UNITS_SKIP or noun in _IMPLIED):
                continue
            q = _QUALIFIER.search(text, max(0, m.start() - 20), m.start())
            lo, hi = _interval(value, q.group(1) if q else "")
            low_end = _RANGE_FROM.search(text, max(0, m.start() - 20), m.start())
            if low_end and not q and (first := float(low_end.group(1))) < value:
                lo = first  # "seven to ten days": from 7 to 10
            if m.group(2):
                unit = "%"
            elif people:
                unit = people
            elif noun.rstrip("s") in _DAYS_IN:
                unit, scale = "days", _DAYS_IN[noun.rstrip("s")]
                lo, hi = lo * scale, hi * scale
            else:
                unit = _UNIT.get(stem(noun), stem(noun))
            found.setdefault(unit, []).append((lo, hi))
            if some:
                picked.add(unit)
            else:
                whole.add(unit)
        return found, frozenset(picked - whole)

    def _bare(self, figure: str) -> bool:
        """Whether the text writes a four-digit figure without a thousands separator: news
        style writes a count of thousands "2,025", so a bare "2025" is a year."""
        return re.search(rf"(?<![\d,.]){figure}(?![\d,]|\.\d)", self.text) is not None

    @cached_property
    def events(self) -> frozenset[str]:
        """The stems of its verbs, as far as their form shows: "-ed" or "-ing" forms,
        irregular verbs, a word after "will" or "to", and what phrases and synonyms read
        as one of these."""
        out = set()
        before = ""
        for tok in _WORD.findall(self.plain):
            low, after_modal, determined = tok.lower(), before in _MODALS, before in _DETERMINERS
            before = low
            if low in _STOP or low in self.names or _number(low) is not None:
                continue
            if determined and low.endswith("ing"):
                continue  # "the timing", "a hearing": a word in -ing after a determiner is a noun
            word = stem(low)
            verb_form = len(low) > 4 and low.endswith(("ed", "ing"))
            folded = any(len(w) > 4 and w.endswith("ed") for w in _GROUP.get(word, ()))
            if after_modal or low in _VERB_FORMS or verb_form or folded:
                out.add(word)
        return frozenset(out)

    @cached_property
    def named(self) -> frozenset[str]:
        """Stems it gives only inside a name, capitalised within the sentence ("the
        Electoral Contests Tribunal"): no claim that a contest took place; words the
        synonym lists fold are kept ("St. Aldric Hospital" still says hospital)."""
        tokens = _WORD.findall(self.plain)
        # The first word, past a leading time or number ("00:25 - Leak of ammonia ..."),
        # begins the sentence: capitalised, it is no name.
        first = next((i for i, t in enumerate(tokens) if not t[:1].isdigit()), 0)
        tokens = tokens[first:]
        if not tokens:
            return frozenset()
        # ... unless a capitalised word follows it: "Governor Ndirangu launches" opens with a
        # name.
        opens_name = len(tokens) > 1 and tokens[1][:1].isupper() and tokens[0][:1].isupper()
        rest = tokens if opens_name else tokens[1:]
        # A word the synonym lists fold still says what it says ("St. Aldric Hospital").
        inside = {stem(t) for t in rest if t[:1].isupper() and stem(t) not in _GROUP}
        start = set() if opens_name else {stem(tokens[0])}
        plain = start | {stem(t) for t in tokens[1:] if not t[:1].isupper()}
        return frozenset(inside - plain)

    @cached_property
    def figures(self) -> frozenset[float]:
        """Every number the statement gives, whatever it counts ("the 24-wagon train")."""
        text = _DATE.sub(" ", _CLOCK.sub(" ", self.plain))  # a time or a day is no figure
        values = (_number(t) for t in re.findall(r"\d+(?:\.\d+)?", text))
        return frozenset(v for v in values if v is not None)

    @cached_property
    def clock(self) -> set[Clock]:
        """Clock times as (minute of the day stated, earliest, latest): "about 4 a.m."
        allows a little either side, "shortly after 3 a.m." a little after; a 12-hour time
        without a.m. or p.m. is read from "morning" or "evening" nearby, else as either."""
        times: set[Clock] = set()
        for m in _CLOCK.finditer(self.said):
            if m.group(6):
                stated = [0 if m.group(6).lower() == "midnight" else 12 * 60]
            elif m.group(7):
                hour = int(_number(m.group(7)) or 0) % 12
                part = _day_part(self.said[m.end() : m.end() + 40])
                stated = [hour * 60] if part == "am" else [(hour + 12) * 60]
                if part is None:
                    stated.append(hour * 60)
            elif m.group(3):
                hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
                stated = [hour * 60 + int(m.group(2) or 0)]
            else:
                hour, minute = int(m.group(4)), int(m.group(5))
                stated = [hour * 60 + minute]
                if 1 <= hour <= 12 and not m.group(4).startswith("0"):
                    part = _day_part(self.said[m.end() : m.end() + 40])
                    if part == "pm" and hour < 12:
                        stated = [(hour + 12) * 60 + minute]
                    elif part is None:
                        stated.append(((hour + 12) % 24) * 60 + minute)
            q = _CLOCK_QUALIFIER.search(self.said, max(0, m.start() - 25), m.start())
            for t in stated:
                times.add((t, *_clock_interval(t, q.group(1).lower() if q else "")))
        return times

    @cached_property
    def timed(self) -> frozenset[str]:
        """The verbs a few words either side of its clock times: what happened then."""
        out: set[str] = set()
        for m in _CLOCK.finditer(self.said):
            before = _WORD.findall(self.said[max(0, m.start() - 80) : m.start()])
            after = _WORD.findall(self.said[m.end() : m.end() + 80])
            near = " ".join([*before[-TIMED_SPAN:], *after[:TIMED_SPAN]])
            verbs = Statement(self.source, near, names=self.names).events
            if not verbs:
                # "At 03:20 this morning, the operator of ..., detected": the first verb on.
                rest = _WORD.findall(self.said[m.end() :])[:TIMED_REACH]
                verbs = next(
                    (v for w in rest if (v := Statement(self.source, w, names=self.names).events)),
                    frozenset(),
                )
            out |= verbs
        return frozenset(out)

    @cached_property
    def negative(self) -> bool:
        """Whether it says something is not so: two such do not deny each other."""
        return _REFUSAL.search(self.said) is not None or any(
            w.lower() in _NEGATIONS or w.lower().endswith("n't") or undone(w)
            for w in _WORD.findall(_SERIAL.sub("", self.said))
        )

    @cached_property
    def dates(self) -> set[tuple[int, int]]:
        """Calendar days as (month, day), not a dateline's."""
        text = DATELINE.sub("", self.said.strip())
        found = set()
        for m in _DATE.finditer(text):
            day = m.group(1) or m.group(5)
            month = (m.group(2) or m.group(4)).lower().rstrip(".")[:3]
            number = int(day)
            if 1 <= number <= 31:
                found.add((1 + [x[:3] for x in _MONTHS].index(month), number))
        return found

    @cached_property
    def months(self) -> set[int]:
        """Months named with their year and no day ("in July 2021"), not a dateline's."""
        text = _DATE.sub(" ", DATELINE.sub("", self.said.strip()))
        return {
            1 + [x[:3] for x in _MONTHS].index(m.group(1).lower().rstrip(".")[:3])
            for m in _MONTH_YEAR.finditer(text)
        }

    @cached_property
    def weekdays(self) -> set[str]:
        """Days something happened on: not a dateline's, not the day it was said."""
        text = _SAID_ON.sub("", DATELINE.sub("", self.said.strip()))
        if _OTHER_DAY.search(text):
            return set()  # "on Tuesday, the day after the city shut it": two days, two events
        if _STILL.search(text):
            return set()  # "still in hospital on Tuesday": a state that lasts, no event's day
        return {d.lower() for d in _WEEKDAY.findall(text)}

    @cached_property
    def future(self) -> bool:
        """Whether it tells of what is to come ("will reopen on Friday", "is due to visit"),
        or orders it ("Districts to report damage by 17:00"): its days and times are no day
        or time at which something already happened."""
        return bool(_FUTURE.search(self.said)) or _instruction(self.said)

    @cached_property
    def sentences(self) -> tuple[Statement, ...]:
        """Its sentences, when it has several, each as a statement of its own."""
        parts = [p for p in _SENTENCE.split(self.text.strip()) if p.strip()]
        return tuple(replace(self, text=p) for p in parts) if len(parts) > 1 else ()

    @cached_property
    def clauses(self) -> tuple[Statement, ...]:
        """The sentence's clauses, each as a statement of its own by the same speaker, when
        it has two or more with content; else none."""
        parts = [p for p in _CLAUSE.split(self.text) if p.strip()]
        if len(parts) < 2:
            return ()
        out = tuple(
            c for c in (replace(self, text=p) for p in parts) if len(c.stems) >= CLAUSE_STEMS
        )
        return out if len(out) > 1 else ()


_INSTRUCTION = re.compile(
    r"\s*((?:[\w'’-]+,?\s+){1,8}?)to\s+(?:[a-z]+ly\s+)?[a-z]+\b(?!['’])", re.IGNORECASE
)


def _instruction(text: str) -> bool:
    """Whether a sentence is an order in the style of a notice or a headline, a subject
    and "to" with no verb before it ("Districts to report full damage figures", "All
    schools to stay closed"), not "Rescuers tried to reach the village"."""
    m = _INSTRUCTION.match(DATELINE.sub("", text))
    if not m:
        return False
    words = [w.lower() for w in _WORD.findall(m.group(1))]
    return bool(words) and not any(
        w in _VERB_FORMS
        or w in _AUXILIARIES
        or w in _MODALS
        or w in _SAYING
        or (len(w) > 4 and w.endswith(("ed", "ing")))
        or _number(w) is not None
        for w in words
    )


_SAYING = _words("said says say told tells asked asks wants want wanted need needs plan plans")


def shared(a: Statement, b: Statement) -> tuple[int, float]:
    """Shared stems, and their share of the smaller set; a count one gives exactly and the
    other roughly ("about 2,000 residents", "2,100 people") is one figure shared."""
    common = len(a.stems & b.stems) + _near_figures(a, b)
    small = min(len(a.stems), len(b.stems)) or 1
    return common, min(1.0, common / small)


def _near_figures(a: Statement, b: Statement) -> int:
    """Units both count, in figures that differ but agree ("about 2,000" and "2,100"). An
    open figure agrees with one near its bound only: "at least nine workers" is no sign of
    "140 staff", "more than 200" is of "212"."""
    near = 0
    for unit in a.counts.keys() & b.counts.keys():
        x, y = [_near(r) for r in a.counts[unit]], [_near(r) for r in b.counts[unit]]
        if _overlap(x, y) and not any(r in b.counts[unit] for r in a.counts[unit]):
            near += 1
    return near


OPEN_NEAR = 1.5
"""How far past its bound an open figure ("more than 200", "up to 300") reaches when it is
taken as a sign of the same claim."""


def _near(r: Interval) -> Interval:
    lo, hi = r
    if hi == float("inf"):
        return (lo, lo * OPEN_NEAR)
    if lo == 0 and hi > 0:
        return (hi / OPEN_NEAR, hi)
    return r


ROUNDED_MIN = 10_000
"""Smallest figure read as rounded when it ends in three zeros or more: "312,000 pounds"
agrees with "312,400 pounds", as a reader takes it; "40 patients" stays 40."""


def _loose(lo: float, hi: float) -> Interval:
    """An exact figure that ends in zeros, widened to what rounds to it: 312,000 is
    311,500 to 312,500."""
    if lo != hi or lo < ROUNDED_MIN or not float(lo).is_integer():
        return (lo, hi)
    step = 1
    while int(lo) % (step * 10) == 0:
        step *= 10
    if step < 1000:
        return (lo, hi)
    return (lo - step / 2, hi + step / 2)


def _overlap(x: Iterable[Interval], y: Iterable[Interval]) -> bool:
    """Whether any range of one agrees with any of the other, rounded figures widened."""
    xs, ys = [_loose(*r) for r in x], [_loose(*r) for r in y]
    return any(lo <= y_hi and y_lo <= hi for lo, hi in xs for y_lo, y_hi in ys)


def _enough(a: Statement, b: Statement, least: int, share_least: float) -> bool:
    """At least `least` shared stems and `share_least` of the smaller set; a statement of
    one or two stems ("Nobody had been injured") may match on one, if all of it is shared."""
    common, share = shared(a, b)
    if common >= least:
        return share >= share_least
    return common >= 1 and share >= 1.0 and min(len(a.stems), len(b.stems)) <= SHORT_STEMS


def disagreement(a: Statement, b: Statement, asserted: bool = False) -> str | None:
    """What two statements on one subject disagree on, in a few words, or None. Asserted
    as a contradiction, two figures must be two reports of one count (`_other_counts`);
    any difference keeps two statements from being one claim."""
    for unit in sorted(a.counts.keys() & b.counts.keys()):
        if (unit in _MONEY or unit == "days") and not _beyond(a, b, unit):
            continue
        x, y = a.counts[unit], b.counts[unit]
        if asserted and (unit in a.picked or unit in b.picked):
            continue  # "four of the dead children" is no toll of the dead
        if asserted and unit in _MONEY and not _one_sum(a, b, unit):
            continue
        if not _overlap(x, y) and not (asserted and _other_counts(a, b, unit)):
            return f"different counts: {_fmt(x)} vs {_fmt(y)} {unit}"
    times_differ = a.clock and b.clock and not any(_meet(x, y) for x in a.clock for y in b.clock)
    # A time set for what is to come is no time at which something happened.
    one_time = a.future == b.future and _one_event(a, b) and _timed_alike(a, b)
    if times_differ and (not asserted or one_time):
        return f"different times: {_clocks(a.clock)} vs {_clocks(b.clock)}"
    # A plan and an event ("will be restored by Friday", "exploded on Wednesday"): their
    # days need not meet.
    if a.future == b.future and (not asserted or _one_event(a, b)):
        if a.dates and b.dates and not a.dates & b.dates:
            return f"different dates: {_dates(a.dates)} vs {_dates(b.dates)}"
        # A day against a month ("on 14 August 2021", "in July 2021"): the month must agree.
        mx, my = a.months | {m for m, _ in a.dates}, b.months | {m for m, _ in b.dates}
        if (a.months or b.months) and mx and my and not mx & my:
            return f"different months: {_month_names(mx)} vs {_month_names(my)}"
        if a.weekdays and b.weekdays and not a.weekdays & b.weekdays:
            return (
                f"different days: {', '.join(sorted(a.weekdays)).title()} vs "
                f"{', '.join(sorted(b.weekdays)).title()}"
            )
    denial_a, denial_b = _denial(a, b, asserted), _denial(b, a, asserted)
    if (denial_a and denial_b) or (a.negative and b.negative):
        return None
    if (denial_a is None) != (denial_b is None):
        denial = denial_a or denial_b or ""
        if asserted and not _denied_subject(a if denial_a else b, b if denial_a else a, denial):
            return None
        return f"one denies what the other asserts: “{denial}”"
    if not a.negative and not b.negative:
        opposed = _opposed(a, b)
        if opposed:
            return f"different outcomes: “{opposed[0]}” vs “{opposed[1]}”"
    return None


def _one_sum(a: Statement, b: Statement, unit: str) -> bool:
    """Whether two sums are two reports of one: a story holds many sums (a contract's
    worth, a payment, a fine, what was recovered), so each statement must give one sum in
    the currency and the two must share what two statements on one subject share ("an ex
    gratia payment of 2 lakh rupees to each family", "an ex gratia of Rs 4 lakh for each
    family"), not a name and the currency alone."""
    if len(a.counts[unit]) > 1 or len(b.counts[unit]) > 1:
        return False
    return shared(a, b)[1] >= SUBJECT_SHARE


COUNT_RATIO = 3.0
"""How far apart two figures may stand and still be two reports of one count: a figure
three times another counts something else (a part, a whole, another group of people)."""


def _floor(a: Statement, r: Interval) -> Interval:
    """A count so far (`_SO_FAR`) allows any higher count."""
    return (r[0], float("inf")) if _SO_FAR.search(a.text) else r


def _other_counts(a: Statement, b: Statement, unit: str) -> bool:
    """Whether two figures for one unit count different things: a figure the other
    statement gives too is no figure in dispute ("nine wagons of the 24-wagon train"
    beside "a train of 24 wagons"), and a figure `COUNT_RATIO` times another or more
    counts something else ("48,000 doses shipped", "340 doses given")."""
    x = [_floor(a, r) for r in a.counts[unit] if not (r[0] == r[1] and r[0] in b.figures)]
    y = [_floor(b, r) for r in b.counts[unit] if not (r[0] == r[1] and r[0] in a.figures)]
    if _overlap(x, y):
        return True
    for x_lo, x_hi in x:
        for y_lo, y_hi in y:
            low, high = min(x_hi, y_hi), max(x_lo, y_lo)
            if high != float("inf") and low > 0 and high / low < COUNT_RATIO:
                return False
    return True


_VERB_FORMS = frozenset(_LEMMA) | frozenset(_LEMMA.values())
_MODALS = _words("will would shall should can could may might must to")
_DETERMINERS = _words("the a an its their his her our your my this that these those any every each")


def _one_event(a: Statement, b: Statement) -> bool:
    """Whether two timed statements tell of one event: they share what happened (a verb
    in either, "restored" and "restored", "refloat" and "refloated", "broke out" and
    "started"), not only where or to what
    ("a leak sealed at 4 a.m.", "a leak confirmed at 00:25" are two events)."""
    return bool((a.events | b.events) & a.stems & b.stems)


def _timed_alike(a: Statement, b: Statement) -> bool:
    """Whether the verbs next to two statements' clock times may be one event: "broke out
    ... at 13:20" and "the alert came at 3:40 p.m., two hours after the fire broke out"
    time two events. A time with no verb beside it is not told apart."""
    x, y = a.timed, b.timed
    return not (x and y and not x & y)


def _opposed(a: Statement, b: Statement) -> tuple[str, str] | None:
    """The words in which two statements name opposite outcomes ("acquitted" against
    "convicted", "met" against "missed"), each held by one side only."""
    for left, right in _OPPOSITES:
        for x, y in ((left, right), (right, left)):
            mine, theirs = (a.stems & x) - b.stems, (b.stems & y) - a.stems
            if mine and theirs and not (a.stems & y) and not (b.stems & x):
                return _word_for(a, mine), _word_for(b, theirs)
    return None


def _word_for(a: Statement, stems: frozenset[str]) -> str:
    """The statement's own word for one of the stems."""
    for tok in _WORD.findall(a.plain):
        if stem(tok) in stems:
            return str(tok)
    return sorted(stems)[0]


def _beyond(a: Statement, b: Statement, unit: str) -> bool:
    """Whether two statements share a content word besides a count's unit and figures."""
    return any(not w.startswith(("#", "@")) and w != unit for w in a.stems & b.stems)


def _denial(a: Statement, b: Statement, asserted: bool = False) -> str | None:
    """The words with which `a` negates something it shares with `b` ("no fault" against
    "a steering failure"): a negation within a few words before a stem both hold."""
    # Asserted as a contradiction, a denial must deny what the other says, not a word of a
    # name in it; any denial at all keeps two statements from being one claim.
    common = (a.stems & b.stems) - (b.named if asserted else frozenset())
    tokens = _WORD.findall(a.plain)
    for tok in tokens:
        # "unsafe" against "safe", "unlawful" against "lawful": a negating prefix.
        low = str(tok).lower()
        denied = undone(low)
        if denied is not None and denied in b.stems:
            return str(tok)
        for prefix in _NEGATING_PREFIXES:
            rest = low[len(prefix) :].lstrip("-")
            if low.startswith(prefix) and len(rest) >= 4 and stem(rest) in b.stems - a.stems:
                return str(tok)
    spans = [m.span() for m in _WORD.finditer(a.plain)]
    for i, tok in enumerate(tokens):
        if tok.lower() in _NEGATIONS or tok.lower().endswith("n't"):
            for k in _negated(tokens, i):
                if stem(tokens[k]) not in common:
                    continue
                narrowed = any(
                    t.lower().endswith("ly") and stem(t) not in b.stems for t in tokens[i + 1 : k]
                )  # "nobody was seriously hurt", "did not immediately reply"
                if asserted and (
                    narrowed
                    or _later_or_before(a.plain[spans[k][1] :], b)
                    or _of_someone_else(a, b, a.plain[: spans[i][0]], tok, stem(tokens[k]))
                ):
                    break
                return " ".join(tokens[i : k + 1])
    return None


_CLAUSE_END = re.compile(r"[.;:,!?()\"“”]")
_UNTIL = re.compile(r"\b(?:until|till)\b|\bbefore\s*$", re.IGNORECASE)


def _later_or_before(after: str, other: Statement) -> bool:
    """Whether what follows a denied verb in its clause says it was done later, against a
    statement that says when it was done, or before this once: "did not lift the ban until
    Friday" (it lifted it on Friday), "had not blocked a border before" (never before;
    this time it did). "Not given food until they reached port" still denies "given food"
    of a statement that says no time."""
    m = _UNTIL.search(_CLAUSE_END.split(after, maxsplit=1)[0])
    if m is None:
        return False
    timed = other.weekdays or other.dates or other.clock or other.months
    return m.group(0).lower().startswith("before") or bool(timed)


_OTHERS = _words("other others rest remaining remainder")
"""Words by which a subject is the rest of a group ("the other two crew members"): some of
it is spoken of elsewhere, and not this part."""
_PREDICATE = _words("not never")


def _of_someone_else(a: Statement, b: Statement, before: str, negation: str, denied: str) -> bool:
    """Whether a denial of what befell its subject ("Our navigator was not hurt", "The
    other three passengers were not injured") is of someone the other statement does not
    speak of: the rest of a group, or a subject it does not name and nothing but the
    denied word in common. A denial of everyone ("No passenger was injured") and one
    without a subject of its own ("who was not injured") are not told apart."""
    if negation.lower() not in _PREDICATE and not negation.lower().endswith("n't"):
        return False
    clause = _CLAUSE_END.split(before)[-1]
    words = [
        w.lower()
        for w in _WORD.findall(clause)
        if w.lower() not in _STOP and w.lower() not in _AUXILIARIES and _number(w) is None
    ]
    if _OTHERS & set(words):
        return True
    subject = {stem(w) for w in words} - a.named
    if not subject or subject & b.stems:
        return False
    beyond = (a.stems & b.stems) - {denied}
    return not any(not w.startswith(("#", "@")) for w in beyond)


def _denied_subject(denier: Statement, other: Statement, denial: str) -> bool:
    """Whether a denial with a subject of its own ("no fault had been recorded") is of
    something the other statement speaks of: it does not deny "the times are recorded",
    which shares nothing else with it. People are one subject however named ("no employee
    was injured" against "two of our members were taken to hospital"), and a denial of a
    bare verb ("nobody was hurt") has no subject to tell apart."""
    words = [w.lower() for w in _WORD.findall(denial)[1:]]
    content = [
        w
        for w in words
        if w not in _STOP and w not in _LIGHT_VERBS and w not in _NEGATIONS and _number(w) is None
    ]
    if len(content) < 2:
        return True
    subject = content[0]
    if subject in _PERSONS or stem(subject) in other.stems:
        return True
    beyond = (denier.stems & other.stems) - {stem(w) for w in content}
    return any(not w.startswith(("#", "@")) for w in beyond)


_INVERTING = _words("never nor neither")
_INVERSION = _words("did does do was were is are had has have could would will can")


def _negated(tokens: Sequence[str], i: int) -> list[int]:
    """The words a negation at `i` denies: the first with content of its own after it
    ("no fault", "never received a warning"), and, when that one is a subject followed by
    an auxiliary ("no employee was injured"), the word the auxiliary leads to."""
    out: list[int] = []
    k = i + 1
    end = min(len(tokens), i + 1 + NEGATION_SPAN)
    # "Never did ammonia leak", "at no point did ...": the subject follows the auxiliary,
    # and what is denied is the word after it, not the subject.
    if tokens[i].lower() in _INVERTING and k < end and tokens[k].lower() in _INVERSION:
        content = [
            j
            for j in range(k + 1, end)
            if tokens[j].lower() not in _STOP and _number(tokens[j].lower()) is None
        ]
        return content[1:2]
    while k < end:
        w = tokens[k].lower()
        if w in _STOP or w in _LIGHT_VERBS or _number(w.rstrip("%")) is not None:
            if out and w not in _AUXILIARIES:
                break
        elif not out:
            out.append(k)
        else:
            # "no employee was injured", "no fan struck any steward": the subject's verb.
            verb = w in _VERB_FORMS or (len(w) > 4 and w.endswith("ed"))
            if verb or any(t.lower() in _AUXILIARIES for t in tokens[out[0] + 1 : k]):
                out.append(k)
            break
        k += 1
    return out


def _fmt(ranges: Iterable[Interval]) -> str:
    return "/".join(_range(lo, hi) for lo, hi in sorted(set(ranges)))


def _month_names(months: Iterable[int]) -> str:
    return "/".join(_MONTHS[m - 1].title() for m in sorted(months))


def _range(lo: float, hi: float) -> str:
    if lo == hi:
        return _figure(lo)
    if hi == float("inf"):
        return f"over {_figure(lo)}"
    if lo == 0:
        return f"up to {_figure(hi)}"
    mid = (lo + hi) / 2
    if abs(hi - mid * (1 + APPROXIMATE)) <= 1e-9 * max(1.0, hi):
        return f"about {_figure(mid)}"
    return f"{_figure(lo)} to {_figure(hi)}"  # a range given as such ("7 to 10 days")


def _figure(value: float) -> str:
    """ "3,400,000", "42", "2.5": as a reader writes it, never "3.4e+06"."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def _clocks(times: Iterable[Clock]) -> str:
    return "/".join(f"{t // 60:02d}:{t % 60:02d}" for t in sorted({c[0] for c in times}))


def _dates(days: Iterable[tuple[int, int]]) -> str:
    return "/".join(f"{d} {_MONTHS[m - 1].title()}" for m, d in sorted(days))


def _clock_interval(t: int, qualifier: str) -> tuple[int, int]:
    # A time something was done "by" is a bound a source rounds up to: "restored by 6 a.m."
    # agrees with "reconnected by 05:45", not with "by 4 a.m."; "from" rounds down.
    if qualifier.startswith("between"):
        return (t - CLOCK_ABOUT, t + CLOCK_SPAN)  # "between 19:00 and the arrest": a span
    if qualifier.endswith("before"):
        return (t - CLOCK_SHORTLY, t - 1)  # "shortly before six": not six itself
    if qualifier in _CLOCK_UNTIL:
        return (t - CLOCK_SHORTLY, t)
    if qualifier in _CLOCK_FROM or qualifier.endswith("after"):
        return (t, t + CLOCK_SHORTLY)
    if qualifier.endswith("after"):
        return (t, t + CLOCK_SHORTLY)
    if qualifier.endswith("before"):
        return (t - CLOCK_SHORTLY, t)
    if qualifier:
        return (t - CLOCK_ABOUT, t + CLOCK_ABOUT)
    return (t - CLOCK_SLACK, t + CLOCK_SLACK)


def _meet(x: Clock, y: Clock) -> bool:
    """Whether two clock times may be one moment (a day wraps at midnight)."""
    return any(x[1] <= y[2] + shift and y[1] + shift <= x[2] for shift in (-1440, 0, 1440))


def _day_part(after: str) -> str | None:
    low = after.lower()
    for word, part in _DAY_PARTS:
        if re.search(rf"\b{word}\b", low):
            return part
    return None


_MODIFIED = re.compile(r"\s+([a-z]+)(?:\s+([a-z]+))?")


def _head(text: str, end: int, noun: str) -> str:
    """The noun a count counts when words stand before it: "two procurement officers"
    counts officers, "six container vessels" vessels: a noun that counts people or one of
    the count nouns (count_nouns.txt) a word or two on is the head; otherwise the first
    word stays ("three polling stations" counts polling stations, not any stations)."""
    m = _MODIFIED.match(text, end)
    if not m:
        return noun
    for word in (m.group(1), m.group(2)):
        if not word or word in _STOP or word.endswith(("ed", "ing")):
            return noun
        if word in _PERSONS or stem(word) in _UNIT:
            return word
    return noun


def _currency_before(text: str, start: int) -> str | None:
    """The currency a sign or code just before a figure names ("KSh 588 million": shilling)."""
    m = _SIGN_BEFORE.search(text, max(0, start - 8), start)
    return _CURRENCY_SIGNS.get(m.group(1).lower()) if m else None


def _of_the_befallen(text: str, m: re.Match[str]) -> bool:
    """Whether a count picks some out of those a thing befell ("four of the dead children
    lived in the town"): a part of the toll, not the toll."""
    after = _WORD.findall(text[m.end(1) : m.end(1) + 40])[2:4]
    return any(stem(w) in _OUTCOMES for w in after)


_REST = re.compile(r"\b(?:other|remaining)\s+$", re.IGNORECASE)
_GROUP_OF = re.compile(r"\b\d+\s+of\s+(?:the|its|their|our|his|her)\s+$", re.IGNORECASE)
"""The group some are picked out of: "two of its five passengers"."""


def _people_unit(text: str, m: re.Match[str], noun: str) -> str | None:
    """ "people dead" for "killing four people", "Fatalities: 3", "three people died";
    None for other counts (a count of people with nothing said of what befell them counts
    its own noun: residents are not patients)."""
    folded = stem(noun) if noun else ""
    if noun in _OUTCOME_NOUNS and folded in _OUTCOMES:
        return f"people {_OUTCOMES[folded]}"
    if noun not in _PERSONS and noun not in _IMPLIED:
        return None
    if _GROUP_OF.search(text, 0, m.start()):
        return None  # "two of its five passengers": five is the group, not those it befell
    after = _WORD.findall(text[m.end(3) if m.group(3) else m.end() :])[:OUTCOME_SPAN]
    # "three passengers were not injured": what did not befall them is not their outcome.
    denied = next((k for k, w in enumerate(after) if w.lower() in _NEGATIONS), len(after))
    after = after[:denied]
    # "killing at least 14 people": what befell them stands before the qualifier.
    before = [w for w in _WORD.findall(text[max(0, m.start() - 40) : m.start()])]
    before = [w for w in before if w.lower() not in _QUALIFYING][-2:]
    if noun in _IMPLIED:
        after = [noun, *after]
    for word in [*after, *before]:
        folded = stem(word)
        if folded in _OUTCOMES:
            return f"people {_OUTCOMES[folded]}"
    return None


def related(a: Statement, b: Statement) -> bool:
    """Whether two statements have anything in common: a content word or their speaker."""
    return bool(a.stems & b.stems) or (a.actor is not None and a.actor == b.actor)


def same_subject(a: Statement, b: Statement) -> bool:
    """Whether two statements speak of one thing: enough content words in common, or one
    speaker and a content word."""
    if a.actor is not None and a.actor == b.actor:
        return bool(a.stems & b.stems)
    return _enough(a, b, SUBJECT_MIN, SUBJECT_SHARE)


def same_figure(a: Statement, b: Statement) -> bool:
    """Whether both give one exact figure for one thing ("3.4 million crowns", "420
    jobs"): a detail two sources seldom share by chance, so it lowers the bar for the rest.
    So does a count of what befell people, however small ("six people taken to hospital",
    "6 persons transported to hospital"): a story has one count of its dead or its hurt."""
    for unit in a.counts.keys() & b.counts.keys():
        least = 1 if unit in _PEOPLE_UNITS else FIGURE_MIN
        for lo, hi in a.counts[unit]:
            if lo == hi and lo >= least and (lo, hi) in b.counts[unit]:
                return True
    return False


def _views(
    a: Statement, b: Statement, sentences: bool = False
) -> list[tuple[Statement, Statement, bool]]:
    """The pairs to compare: the two sentences, then each clause of one against the other
    or its clauses; and whether a side is a clause. With `sentences`, a quote of several
    sentences is compared sentence by sentence as well ("... to restore normal operations.
    Neither the port nor HCT has received any demand for payment")."""
    out = [(a, b, False)]
    xs = (*a.clauses, *(a.sentences if sentences else ()))
    ys = (*b.clauses, *(b.sentences if sentences else ()))
    for x in (a, *xs):
        for y in (b, *ys):
            if x is not a or y is not b:
                out.append((x, y, True))
    return out


def same_claim(a: Statement, b: Statement) -> bool:
    """Two statements of different sources that say the same: enough content stems in
    common (fewer when one actor makes both, more when one side is a source's own
    sentence), and nothing they disagree on; or one clause of each that does."""
    if a.source == b.source:
        return False
    return any(
        _same_claim(x, y)
        and (
            not part
            or shared(x, y)[0] >= CLAUSE_MIN
            or max(len(x.stems), len(y.stems)) <= SHORT_STEMS
        )
        for x, y, part in _views(a, b)
    )


def _same_claim(a: Statement, b: Statement) -> bool:
    """Two statements of different sources that say the same: enough content stems in
    common (fewer when one actor makes both, more when one side is a source's own
    sentence), and nothing they disagree on."""
    if a.source == b.source:
        return False
    one_actor = a.actor is not None and a.actor == b.actor
    figure = same_figure(a, b)
    share = SAME_CLAIMANT if one_actor or figure else CORROBORATE
    if any(x.voice and not x.events and not x.counts for x in (a, b)):
        return False  # a source's own heading or label ("Assembly point: sports hall")
    if a.voice or b.voice:
        common, most = shared(a, b)
        both = a.voice and b.voice and not figure and most < VOICES_SHARE
        # A short statement that the other holds whole ("The school is closed.") needs no
        # more than a claim does, if words, not figures, are what it says.
        words = [w for w in a.stems & b.stems if not w.startswith(("#", "@"))]
        whole = most >= 1.0 and len(words) >= CORROBORATE_MIN
        if common < (VOICES_MIN if both else VOICE_MIN) and not whole:
            return False
    if _advised(a) != _advised(b) and not (a.future or b.future):
        return False  # what should be done is not what was done
    said = (a.stems & b.stems) - a.named - b.named
    if len([w for w in said if not w.startswith(("#", "@"))]) < SAID_MIN and not figure:
        return False  # names and places in common, nothing said alike
    return _enough(a, b, CORROBORATE_MIN, share) and disagreement(_asked(a), _asked(b)) is None


_ADVICE = re.compile(r"\b(?:should|ought\s+to)\b", re.IGNORECASE)


def _advised(a: Statement) -> bool:
    """Whether it says what should be done ("The prosecutor should open an inquiry"):
    advice carries no report that it was done, nor the other way round; a plan ("will
    apply for bail") may meet it."""
    return bool(_ADVICE.search(a.said))


def _asked(a: Statement) -> Statement:
    """The statement with its questions read as if asserted: a question asserts no day
    that could clash, but a day it names is still doubt enough to keep two claims apart."""
    return replace(a, text=a.text.replace("?", ".")) if "?" in a.text else a


def clash(a: Statement, b: Statement) -> str | None:
    """The disagreement between two statements from different sources on one subject,
    or between a clause of each."""
    if a.source == b.source:
        return None
    for x, y, part in _views(a, b, sentences=True):
        note = _clash(x, y)
        # A clause leaves out the rest of its sentence's time ("ran aground late on Tuesday
        # night, and all were ashore by early Wednesday"): between clauses only a count or
        # a denial counts.
        if note and (not part or not note.startswith((*_WHEN, "different outcomes"))):
            return note
    return None


def _clash(a: Statement, b: Statement) -> str | None:
    """The disagreement between two statements from different sources on one subject."""
    if a.source == b.source:
        return None
    note = disagreement(a, b, asserted=True)
    if note and note.startswith(_DENIES) and (_flat_denial(a, b) or _flat_denial(b, a)):
        return note
    if a.voice or b.voice:
        # A source's own sentence may hold several events: a count or a clock time it
        # disagrees on needs what two claims need, a day or a "no" more.
        common, share = shared(a, b)
        if not _enough(a, b, SUBJECT_MIN, SUBJECT_SHARE):
            return None
        both = a.voice and b.voice
        note = disagreement(a, b, asserted=True)
        # Two long sentences of sources' own that share many words measure one thing.
        said = [w for w in a.stems & b.stems if not w.startswith(("#", "@"))]
        if _measured(note) and (
            not both or share >= VOICE_SUBJECT_SHARE or len(said) >= VOICES_MEASURED
        ):
            return note
        if note and note.endswith(_PEOPLE_COUNTS):
            return note  # the dead, the hurt, the missing, the evacuated: one count a story has
        if share < VOICE_SUBJECT_SHARE or common < (VOICES_MIN if both else SUBJECT_MIN):
            return None
        return note
    if not _enough(a, b, SUBJECT_MIN, SUBJECT_SHARE):
        return None
    return disagreement(a, b, asserted=True)


_DENIES = "one denies what the other asserts"
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+")
SHORT_DENIAL = 2
FLAT_MAX = 4
"""Most content stems of a flat denial whose every word past the denial the other
statement holds."""
_NOT_FLAT = _words("without")
"""A lack ("fish without registration") is no denial of an event."""
_POINTING = _words("from of such this that these those")
"""Words by which a denial points elsewhere: "nobody from the airline" denies no airline,
"never received such a request" speaks of a request its own source names."""
"""Most content stems a sentence that flatly denies may hold ("No one ordered anything",
"It was not voluntary", "Neither guard was injured and no shots were fired")."""


def _flat_denial(denier: Statement, other: Statement) -> bool:
    """Whether `denier` holds a short sentence that denies what `other` asserts: a flat
    denial says little besides what it denies, so it is of the story's one such thing,
    however little else the two statements share ("No one ordered anything." against "The
    shift engineer ordered the evacuation of all working areas, and ...")."""
    other = replace(other, text=other.said)
    for part in _SENTENCE.split(denier.said.strip()):
        piece = replace(denier, text=part)
        if len(piece.stems) > FLAT_MAX or piece.future:
            continue  # "will not contest", "should not expect to return": no event denied
        denial = _denial(piece, other, asserted=True)
        words = [w.lower() for w in _WORD.findall(denial or "")]
        if not words or words[0] in _NOT_FLAT or _POINTING & set(words):
            continue
        # Besides what it denies, it says nothing the other does not: "No fan struck any
        # steward" against "a man who struck a steward".
        rest = piece.stems - {stem(w) for w in words} - other.stems
        if len(piece.stems) > SHORT_DENIAL and rest:
            continue
        return _denial(other, piece, asserted=True) is None and not other.negative
    return False


_WHEN = ("different times", "different dates", "different days", "different months")


def _measured(note: str | None) -> bool:
    return note is not None and note.startswith(
        ("different counts", "different times", "different outcomes")
    )


def clusters(
    statements: Sequence[Statement], part_of: Sequence[int | None] | None = None
) -> list[list[int]]:
    """Groups of statements that are one claim, at most one statement per source.

    Pairs are joined best first (most of the smaller statement shared, then most of both,
    then input order), so a statement goes with its closest match rather than the
    first that passes; two groups join only if every pair across them is the same claim.
    Statements that are one clause of another (`part_of`) come after: a clause joins a
    group that every member of agrees with, or a statement left alone, so a sentence that
    carries two claims may corroborate both, while the groups of whole sentences stay as
    they are. Groups come in order of their first statement.
    """
    parent = list(part_of) if part_of is not None else [None] * len(statements)
    whole = [i for i in range(len(statements)) if parent[i] is None]
    parts = [i for i in range(len(statements)) if parent[i] is not None]
    group = {i: [i] for i in range(len(statements))}
    pairs = [
        p for x, i in enumerate(whole) for j in whole[x + 1 :] if (p := _pair(statements, i, j))
    ]
    _join_pairs(statements, pairs, group)
    pairs = [p for i in parts for j in whole if (p := _pair(statements, i, j, PART_MIN))]
    _join_pairs(statements, pairs, group, parent)
    seen: set[int] = set()
    out = []
    for i in range(len(statements)):
        g = group[i]
        if id(g) not in seen:
            seen.add(id(g))
            out.append(sorted(g))
    return out


def _pair(
    statements: Sequence[Statement], i: int, j: int, least: int = 0
) -> tuple[float, float, int, int] | None:
    """Two statements that are one claim, ranked for joining (most of the smaller one
    shared, then most of both); with `least`, only if they share that many stems, of
    them that many of what is said (`_said_alike`)."""
    a, b = statements[i], statements[j]
    if not same_claim(a, b):
        return None
    common, share = shared(a, b)
    if least and (common < least or not _said_alike(a, b)):
        return None
    return (-share, -common / (len(a.stems | b.stems) or 1), i, j)


def _said_alike(a: Statement, b: Statement) -> bool:
    """Whether two statements share more than names and figures: at least `PART_MIN`
    words of what is said ("seized on the road between Gidan Kara and Tessaoua" and "an
    escort is mandatory on the Gidan Kara - Tessaoua road" share only places)."""
    said = (a.stems & b.stems) - a.named - b.named
    return len([w for w in said if not w.startswith("#")]) >= PART_MIN


def _join_pairs(
    statements: Sequence[Statement],
    pairs: list[tuple[float, float, int, int]],
    group: dict[int, list[int]],
    parent: Sequence[int | None] | None = None,
) -> None:
    """Join the groups of each pair, best first, unless that puts a source twice in a
    group or any pair across them is not the same claim. With `parent`, a clause joins
    only as itself (not with a group of clauses), and not a group its sentence is in."""
    for _, _, i, j in sorted(pairs):
        gi, gj = group[i], group[j]
        if gi is gj:
            continue
        if parent is not None and len(gi) > 1:
            continue  # this clause is already in a group
        if {statements[k].source for k in gi} & {statements[k].source for k in gj}:
            continue
        if not all(same_claim(statements[x], statements[y]) for x in gi for y in gj):
            continue
        gi.extend(gj)
        for k in gj:
            group[k] = gi
