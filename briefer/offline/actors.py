"""Named actors from capitalised chains: titles and roles split off, short forms resolved.

A mention is a run of capitalised words (with "of/for/the/and" inside organisation names);
mentions are grouped into entities by full name, surname, acronym, first word and capital
city, then kept only with enough evidence that they name something real.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from briefer.offline import lexicon as lx
from briefer.offline.text import QuoteSpan, Sentence, dateline_end, is_abbrev

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_][\w\-&’']*")
_PHRASE_END = r"(?=,|\.(?:\s|$)|;|\s+said\b)"
# ", a professor at Northfield University who has ...": a relative clause ends the role too
_APPOSITIVE = re.compile(
    r",\s+(?:(?:a|an|the)\s+)?([^,.;:\"“”()]{2,90}?)(?:" + _PHRASE_END + r"|(?=\s+who\s))"
)
_WHO_AFTER = re.compile(r",\s+who\s")
_APPOSITIVE_MORE = re.compile(r"([^,.;:\"“”()]{1,90}?)" + _PHRASE_END)  # after "St."
# ", who until July was the company's head of X": the role is X; what comes between "who"
# and the verb stays as a qualifier. "who led the inquiry" is no role at all.
_WHO_IS = re.compile(r"who\s+(?:(.{1,40}?)\s+)?(?:is|was|has been|had been|remains)\s+(.+)", re.I)
_PAREN_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z]{1,7})\)")
# 'Acme Holdings plc ("Acme" or "the Company")': a release defines the short forms it uses.
_DEFINED_TERM = re.compile(r"[\"“](?:[Tt]he\s+)?([^\"“”]{2,40})[\"”]")


@functools.cache
def _defined_terms() -> re.Pattern[str]:
    """Compiled on first use: few texts define short forms."""
    return re.compile(
        r"(?:\s+[A-Za-z]{2,5}\.?)?\s*\(((?:[^()\"“”]{0,12}[\"“][^\"“”()]{2,40}[\"”]){1,3})\s*\)"
    )


_NAME_PARTICLES = lx.load("name_particles")
_ORG_CONNECTORS = frozenset(("of", "for", "the", "and", "on"))
_LOCATIVE = lx.load("locative")
_SEAT_HOLDERS = lx.load("seat_holders")
_CUES_COMPANY = lx.load("cues_company")
_ORG_APPOSITIVE = lx.load("org_appositive")
_HEAD_STOPS = lx.load("head_stops")
_OF_NAME = re.compile(r" of (?:the )?[A-Z][a-z]")
_AGE_APPOSITIVE = re.compile(r"(?:now |aged )?\d{1,3}")
_HONORIFIC_WORDS = frozenset(h.rstrip(".") for h in lx.HONORIFICS)
_FIRM_WORDS = lx.ORG_SUFFIXES | lx.COMPANY_SUFFIXES | lx.ORG_HEADS
_APOSTROPHE_HONORIFICS = frozenset(h for h in lx.HONORIFICS if h.endswith(("'", "’")))
_AGE_BEFORE = re.compile(r"\d{1,3}-year-old")
_LOWER_MODIFIERS = lx.load("lower_modifiers")
# ", including Professor Tom Goldstein": what follows is no description of the name.
_FINITE = lx.load("finite")
_RELATIVES = lx.load("relatives")
_CLAUSE_OPENERS = lx.load("clause_openers")
# "a hydrologist at the National Water Institute", "a physician", "a columnist".
_PROFESSION_ENDINGS = ("ologist", "ician", "ist", "ographer", "ographers")
_POST_CUES = lx.load("post_cues") | lx.load("legal_forms")
_TRAILING_TITLES = lx.load("trailing_titles")
_PERSON_POSTNOMINALS = lx.load("person_postnominals")
_HYPHEN_PARTICLES = lx.load("hyphen_particles")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_IRREGULAR_PLURALS = frozenset(("children", "people", "women", "men"))
_WORDS = re.compile(r"[\w’'\-]+")
_BODY_BEFORE = re.compile(r"\b[Tt]he\s+(?:[\w’'\-]+\s+){0,3}?([a-z]+),\s*$")
_BODY_NOUNS = (
    lx.load("name_kind_nouns") | lx.INSTITUTION_HEADS | frozenset(lx.DESCRIPTIONS) | _CUES_COMPANY
)
_COURT_SIDES = lx.table("court_sides")
_COURT_WORDS = re.compile(r"[Pp]rosecut|[Dd]efen[cds]|[Cc]rown")
_SIDES = "|".join(re.escape(k) for k in sorted(_COURT_SIDES, key=len, reverse=True))
_SIDE_BEFORE = re.compile(rf"\b({_SIDES})\b[^.;,]{{0,40}},\s*$", re.IGNORECASE)
_SIDE_AFTER = re.compile(rf",\s*({_SIDES}),", re.IGNORECASE)
# "a woman who gave her name only as Marisol", "identified only as Kofi": a person.
_NAMED_AS = re.compile(
    r"\b(?:name|names|named|identified|known|introduced (?:himself|herself))\s+(?:only\s+)?as\s+$"
)


@dataclass
class Mention:
    surface: str
    start: int
    end: int
    sentence: int
    initial: bool
    quoted: bool
    role: str | None = None
    person: bool = False
    honorific: str | None = None
    cue: str | None = None
    locative: bool = False
    listed: bool = False
    possessive: bool = False
    acronym_of: str | None = None
    defines: tuple[str, ...] = ()  # ' ("Brannock" or "the Company")': short forms it defines
    tail: int = 0  # letters after the name ("Ann Roe KC"): the name ends at `end`

    @property
    def full_end(self) -> int:
        """Where the name and its post-nominal letters end: "Ann Roe KC," has its comma here."""
        return self.end + self.tail


@dataclass
class Entity:
    name: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    person: bool = False
    claimant: int = 0
    cue: str | None = None
    forced: bool = False

    @property
    def first(self) -> int:
        return min((m.start for m in self.mentions), default=10**9)

    def add_alias(self, alias: str) -> None:
        if alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)


_HYPHENATED_GIVEN = re.compile(r"[A-Z][a-z]{1,4}-[a-z]{2,4}")
"""A given name in two syllables ("Seo-yeon", "Hae-won", "Ji-woo"), not "Soviet-era"."""
_ADJECTIVE_TAILS = frozenset(
    {"era", "led", "run", "born", "made", "wide", "like", "held", "free", "type", "size"}
    | {"long", "old", "year", "side", "day", "fed", "owned", "based", "style"}
)


def _portfolio_end(text: str, words: list[str], after: int) -> int:
    """Where a post's portfolio of several words ends in `words` ("of Foreign Affairs Ann
    Roe" -> 3): the longest run after "of" or "for" that the text writes elsewhere too, not
    followed by the same name; 2 (one word) when none is."""
    for cut in range(len(words) - 2, 2, -1):
        if words[cut - 1] in _ORG_CONNECTORS or not _cap(words[cut]):
            continue
        portfolio = " ".join(words[1:cut])
        name = " ".join(words[cut:])
        for m in re.finditer(re.escape(portfolio), text):
            if m.end() != after - len(name) - 1 and not text.startswith(" " + name, m.end()):
                return cut
    return 2


def _cap(word: str) -> bool:
    """Capitalised, and not a compound adjective such as "UK-based" or "Russian-occupied";
    a hyphenated given name ("Seo-yeon") is a name's word."""
    if not word[:1].isupper():
        if "-" not in word:
            return False
        head, _, rest = word.partition("-")
        return head in _HYPHEN_PARTICLES and rest[:1].isupper()  # "al-Amin"
    if _HYPHENATED_GIVEN.fullmatch(word) and word.rsplit("-", 1)[1] not in _ADJECTIVE_TAILS:
        return not word.rsplit("-", 1)[1].endswith(("ed", "ing"))
    return "-" not in word or not word.rsplit("-", 1)[1][:1].islower()


def _acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha()


def _strip_possessive(word: str) -> str:
    return _POSSESSIVE.sub("", word)


@dataclass(frozen=True)
class _Tok:
    word: str
    start: int
    end: int


_APOSTROPHE_WORD = re.compile(r"\w\w[^\W\dsxzSXZ_]['’]")
_SINGLE_QUOTE_OPEN = re.compile(r"(?:^|[\s(\[—–])['‘][^\W\d_]")


def _name_apostrophe(text: str, tok: _Tok) -> bool:
    """ "Achieng' Odhiambo", "Dato' Rahim": an apostrophe after a letter other than s, x or z
    is a name's own (a Luo or Malay name), not a possessive, unless it closes a phrase in
    single quotes ("the 'Green Dawn' group")."""
    if not _APOSTROPHE_WORD.fullmatch(tok.word[-4:]):
        return False
    line = text.rfind("\n", 0, tok.start) + 1
    return _SINGLE_QUOTE_OPEN.search(text, max(line, tok.start - 80), tok.start) is None


def _connector_ok(words: list[str], connectors: list[str], nxt: str) -> bool:
    if all(c in _NAME_PARTICLES for c in connectors):
        return len(connectors) <= 2  # "Ivo de Witt", "Marta de la Cruz", "Pieter van der Berg"
    if not set(connectors) <= _ORG_CONNECTORS:
        return False
    has_head = any(w in lx.ORG_HEADS for w in words)
    if "and" in connectors:
        joined = any(w in ("of", "for") for w in words) or nxt in lx.AND_TAILS
        return joined and connectors == ["and"]
    return has_head


def _plural_possessive(word: str) -> bool:
    """ "Dockworkers'", "Children's": a possessive that can sit inside an organisation name."""
    stem = _strip_possessive(word)
    return (word[-1:] in ("'", "’") and stem.endswith("s")) or stem.lower() in _IRREGULAR_PLURALS


def _title_next(text: str, toks: list[_Tok], j: int) -> bool:
    """ "Communications director Ottilie Brann": a lower-case title noun, then a name."""
    return (
        j + 2 < len(toks)
        and toks[j + 1].word in lx.TITLE_NOUNS
        and _cap(toks[j + 2].word)
        and text[toks[j].end : toks[j + 2].start] == f" {toks[j + 1].word} "
    )


def _role_then_name_pattern() -> re.Pattern[str]:
    titles = "|".join(sorted(lx.TITLE_NOUNS, key=lambda w: (-len(w), w)))
    # "A spokesman for the office, ", "The duty manager that afternoon, ", "Calder Point's
    # station manager, ": an article or a possessive name, then a title (capitalised or not:
    # "The Director General of the Harbour Authority, "), then what it is of.
    owner = r"(?:[A-Z][\w\-]*\s+){0,3}[A-Z][\w\-]*['’]s\s+"
    return re.compile(
        r"(?:\b(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+|\b(?=" + owner + r"))"
        r"((?:" + owner + r")?(?:[\w'’\-]+\s+){0,3}?(?i:" + titles + r")(?:\s+[^,.;]{1,60})?),\s*$"
    )


_ROLE_THEN_NAME = _role_then_name_pattern()
"""Compiled as the module loads, so that `brief` keeps it between runs (`regex_cache`)."""


def _role_then_name(text: str, lo: int, start: int) -> str | None:
    """ "A spokesman for the office, Lars Whitcombe, said": the role, when the name stands
    in apposition right after it."""
    pattern = _ROLE_THEN_NAME
    m = pattern.search(text, lo, start)
    while m is not None:
        # "The minister told the programme's presenter, Ben Roe,": a verb ends a role, so
        # the presenter is the role, not "minister told the programme's presenter".
        verb = next((w for w in _WORDS.finditer(m.group(1)) if w.group() in lx.CLAIM_VERBS), None)
        if verb is None:
            return m.group(1)
        m = pattern.search(text, m.start(1) + verb.end(), start)
    return None


def _org_word_next(text: str, toks: list[_Tok], j: int) -> bool:
    return (
        j + 1 < len(toks)
        and text[toks[j].end : toks[j + 1].start] == " "
        and (toks[j + 1].word in lx.ORG_SUFFIXES or toks[j + 1].word in lx.ORG_HEADS)
    )


def _post_office_next(text: str, toks: list[_Tok], j: int) -> bool:
    """ "Chief Public Prosecutor's Office", "Governor's Command Centre": a post's possessive
    runs on into an organisation's name when capitalised words follow it up to an
    organisation's head noun (an office is the post's body, not a person)."""
    word = toks[j].word
    if not word.endswith(("'s", "’s")) or _strip_possessive(word).lower() not in lx.TITLE_NOUNS:
        return False
    for step in range(1, 4):
        i = j + step
        if i >= len(toks) or text[toks[i - 1].end : toks[i].start] != " ":
            return False
        if not _cap(toks[i].word) or _POSSESSIVE.search(toks[i].word):
            return False
        if toks[i].word in lx.ORG_SUFFIXES:
            return True
    return False


def _and_org(text: str, toks: list[_Tok], chain: list[int], conns: list[str], k: int) -> bool:
    """ "Harbour and Dockworkers' Union": "and" inside a name that ends in an org suffix."""
    if conns != ["and"]:
        return False
    before = " ".join(toks[c].word for c in chain)
    if before in lx.COUNTRIES or before in lx.CAPITALS or before in lx.PLACES:
        return False
    if any(toks[c].word in lx.ORG_SUFFIXES or toks[c].word in lx.COMPANY_SUFFIXES for c in chain):
        return False  # "the Union and Labour Party": two names
    for step in range(4):
        i = k + step
        if i >= len(toks) or not _cap(toks[i].word):
            return False
        if step and text[toks[i - 1].end : toks[i].start] != " ":
            return False
        word = _strip_possessive(toks[i].word)
        if word in lx.ORG_SUFFIXES and toks[i].word == word:
            return True
        if _POSSESSIVE.search(toks[i].word) and not _plural_possessive(toks[i].word):
            return False
    return False


def _chains(text: str, toks: list[_Tok]) -> list[list[int]]:
    """Index runs of capitalised tokens, joined through organisation connectors."""
    out: list[list[int]] = []
    i, n = 0, len(toks)
    while i < n:
        if not _cap(toks[i].word):
            i += 1
            continue
        chain = [i]
        j = i
        while j + 1 < n:
            cur = toks[j]
            if (
                _POSSESSIVE.search(cur.word)
                and not _acronym(cur.word)
                and not (_plural_possessive(cur.word) and _org_word_next(text, toks, j))
                and not _post_office_next(text, toks, j)
                and not _name_apostrophe(text, cur)
            ):
                break
            gap = text[cur.end : toks[j + 1].start]
            dotted = gap == ". " and (
                cur.word in lx.HONORIFICS
                or cur.word + "." in lx.TITLES  # "Maj. Gen. Ann Roe"
                or len(cur.word) == 1
                or (j == i and cur.word in lx.NAME_PREFIXES)
            )
            if (gap == " " or dotted) and _cap(toks[j + 1].word):
                chain.append(j + 1)
                j += 1
                continue
            if gap == " & " and _cap(toks[j + 1].word):
                # "Halvard & Moss", "Berger & Lund": an ampersand between capitalised
                # words joins one name (a firm's), never two.
                chain.append(j + 1)
                j += 1
                continue
            if gap != " ":
                break
            k = j + 1
            conns: list[str] = []
            while k < n and len(conns) < 2 and toks[k].word in (_ORG_CONNECTORS | _NAME_PARTICLES):
                if text[toks[k - 1].end : toks[k].start] != " ":
                    break
                conns.append(toks[k].word)
                k += 1
            if (
                conns
                and k < n
                and _cap(toks[k].word)
                and text[toks[k - 1].end : toks[k].start] == " "
                and (
                    _connector_ok([toks[c].word for c in chain], conns, toks[k].word)
                    or _and_org(text, toks, chain, conns, k)
                )
            ):
                chain.extend(range(j + 1, k + 1))
                j = k
                continue
            break
        out.append(chain)
        i = j + 1
    return out


def _role_before(text: str, toks: list[_Tok], first: int) -> tuple[str | None, bool]:
    """A lowercase title noun (with its capitalised modifiers) just before a name."""
    k = first - 1
    if k < 0 or text[toks[k].end : toks[first].start] != " ":
        return None, False
    if _AGE_BEFORE.fullmatch(toks[k].word):
        return None, True  # "23-year-old Keeley Dunn": an age is a person's
    if toks[k].word.lower() not in lx.TITLE_NOUNS or _cap(toks[k].word):
        return None, False
    begin = k
    steps = 0
    while begin - 1 >= 0 and steps < 6:
        prev = toks[begin - 1]
        if text[prev.end : toks[begin].start] != " ":
            break
        w = prev.word
        if (
            (_cap(w) and w not in lx.COMMON_CAPS)
            or w.lower() in lx.TITLE_NOUNS
            or w in _LOWER_MODIFIERS
        ):
            begin -= 1
        else:
            break
        steps += 1
    return text[toks[begin].start : toks[k].end], True


def _appositive(text: str, end: int, limit: int) -> tuple[str | None, str | None]:
    """(role, kind hint) from ", a strategist at X," right after a name."""
    m = _APPOSITIVE.match(text, end, limit)
    if not m:
        # ", who owns four cottages ... and chairs the association,": however long
        return (None, "who") if _WHO_AFTER.match(text, end, limit) else (None, None)
    stop = m.end(1)
    # "chief medical officer at St. Aurel General Hospital": an abbreviation's dot goes on.
    while text.startswith(".", stop) and is_abbrev(text, stop):
        more = _APPOSITIVE_MORE.match(text, stop + 1, limit)
        if not more:
            break
        stop = more.end(1)
    phrase = text[m.start(1) : stop].strip()
    if _AGE_APPOSITIVE.fullmatch(phrase):
        return None, "person"  # "Dragan Petrović, 61, had denied": an age
    if phrase.lower().startswith("who "):
        who = _WHO_IS.fullmatch(phrase)
        if not who:
            return None, "who"  # ", who chairs the residents' association,": a person
        phrase = who.group(2) + (f" ({who.group(1)})" if who.group(1) else "")
    words = phrase.lower().replace("'s", "").split()
    if not words or len(words) > 14 or words[0] in _CLAUSE_OPENERS:
        return None, None
    # "a professor at Northfield University who has studied ...": the clause is no role
    described = next((words[:i] for i, w in enumerate(words) if i and w in _RELATIVES), words)
    if any(w in _FINITE for w in described):
        return None, None  # ", the group has grown stronger": a clause, not a role
    head = words[: min(len(words), 4)]
    titled = any(w in lx.TITLE_NOUNS or w.endswith(_PROFESSION_ENDINGS) for w in head)
    article = re.search(r"\b(?:a|an|the)\s+$", text[m.start() : m.start(1)], re.I)
    if not article and words[0].endswith("ed") and not titled:
        return None, None  # ", targeted bank lending practices ...": a verb, not a role
    cut = next((i for i, w in enumerate(words) if w in _HEAD_STOPS), len(words))
    if cut and words[cut - 1] in _ORG_APPOSITIVE:
        return phrase, "company"  # "the country's largest mobile operator": a firm's head noun
    if titled:
        return phrase, "person"
    if any(w in _ORG_APPOSITIVE for w in words[:6]):
        return phrase, "company"
    return None, None


class MentionFinder:
    """Finds name mentions sentence by sentence; `quotes` marks which ones are quoted."""

    def __init__(self, text: str, quotes: list[QuoteSpan]) -> None:
        self.text = text
        self.quotes = quotes

    def _quoted(self, pos: int) -> bool:
        return any(q.start <= pos < q.end for q in self.quotes)

    def find(self, sent: Sentence) -> list[Mention]:
        text = self.text
        toks = [
            _Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, sent.start, sent.end)
        ]
        out: list[Mention] = []
        for chain in _chains(text, toks):
            out.extend(self._normalise(sent, toks, chain))
        return out

    def _normalise(self, sent: Sentence, toks: list[_Tok], chain: list[int]) -> list[Mention]:
        idx = list(chain)
        # Leading function words and sentence adverbs are not part of any name.
        while idx and (toks[idx[0]].word in lx.COMMON_CAPS or not _cap(toks[idx[0]].word)):
            idx.pop(0)
        # Months, days and holidays split a chain ("Monday Tony Blair" is rare; "May" common).
        pieces: list[list[int]] = [[]]
        for i in idx:
            w = _strip_possessive(toks[i].word)
            if w in lx.MONTHS or w in lx.DAYS or w in lx.HOLIDAYS:
                pieces.append([])
            else:
                pieces[-1].append(i)
        out: list[Mention] = []
        for piece in pieces:
            while piece and not _cap(toks[piece[-1]].word):
                piece.pop()
            if piece:
                m = self._mention(sent, toks, piece)
                if m:
                    out.append(m)
        return out

    def _portfolio(self, toks: list[_Tok], idx: list[int], words: list[str]) -> int | None:
        """Where the name starts after a post's "of" or "for": "Minister of Industry Khalid
        bin Saeed al-Mansouri" (a one-word portfolio, then a name of two words or more;
        "Minister of Energy of Lao Binh" is a post), "Minister of Fisheries and Marine
        Resources Ann Roe" (a portfolio of several words that the text also writes where no
        name follows it: "the Ministry of Fisheries and Marine Resources said")."""
        if words[0] not in ("of", "for"):
            return None
        for cut in range(2, len(words) - 1):
            rest = words[cut:]
            if not _cap(rest[0]) or not _cap(words[cut - 1]):
                continue
            if any(w in _ORG_CONNECTORS for w in rest):
                continue
            if cut == 2:
                return cut
            a, b = toks[idx[1]].start, toks[idx[cut - 1]].end
            portfolio = re.compile(re.escape(self.text[a:b]) + r"(?! +[A-Z])\b")
            if any(m.start() != a for m in portfolio.finditer(self.text)):
                return cut
        return None

    def _surname(self, word: str) -> bool:
        """Whether the text also writes `word` after a capitalised name ("Anton Vesely")."""
        return re.search(rf"\b[A-Z][\w'’\-]+ {re.escape(word)}\b", self.text) is not None

    def _mention(self, sent: Sentence, toks: list[_Tok], idx: list[int]) -> Mention | None:
        text = self.text
        words = [toks[i].word for i in idx]
        written = toks[idx[0]].start  # "Dr Ann Roe": where the name is written, honorific and all
        honorific: str | None = None
        role: str | None = None
        person = False
        # "Rt Hon. Ann Roe", "Hon. Dr Ann Roe": honorifics, one after another, before a name;
        # not before a firm's name ("Mr Kettle Group").
        while (
            len(words) > 1
            and words[0].rstrip(".") in _HONORIFIC_WORDS
            and not any(_strip_possessive(w) in _FIRM_WORDS for w in words[1:])
        ):
            at = text[toks[idx[0]].start : toks[idx[1]].start].strip()
            honorific = f"{honorific} {at}" if honorific else at
            idx, words = idx[1:], words[1:]
            person = True
        titles = [k for k, w in enumerate(words[:-1]) if w in lx.TITLES]
        # not "... General Hospital", nor "General Federation of Fishers"
        if titles and words[titles[-1] + 1] in lx.ORG_SUFFIXES:
            titles = []
        # "Himal Treks Pvt. Ltd.", "Captain Morgan Ltd": a firm's name, not a rank and a name
        last = _strip_possessive(words[-1])
        if titles and last not in lx.ORG_SUFFIXES and last not in lx.COMPANY_SUFFIXES:
            k = titles[-1]
            start_role = toks[idx[0]].start
            role = text[start_role : toks[idx[k]].end]
            idx, words = idx[k + 1 :], words[k + 1 :]
            person = True
            if not _cap(words[0]):
                cut = self._portfolio(toks, idx, words)
                if cut is None:
                    return None
                if words[0] in ("of", "for") and len(words) > 4:
                    # "Minister of Foreign Affairs Ann Roe": as far as the text writes the
                    # portfolio elsewhere ("the Ministry of Foreign Affairs")
                    cut = max(cut, _portfolio_end(text, words, toks[idx[-1]].end))
                role = text[start_role : toks[idx[cut - 1]].end]
                idx, words = idx[cut:], words[cut:]
        written_end = toks[idx[-1]].end
        while len(words) > 1 and _strip_possessive(words[-1]) in _TRAILING_TITLES:
            trailing = _strip_possessive(words[-1])
            role = role or trailing
            idx, words = idx[:-1], words[:-1]
            person = person or (len(words) >= 2 and words[0] in lx.FIRST_NAMES)
            person = person or trailing in _PERSON_POSTNOMINALS  # "Ann Roe KC", "Ivo Lind MP"
        if not words:
            return None
        if len(words) == 1 and words[0] in lx.DEPARTMENTS and _title_next(text, toks, idx[0]):
            return None
        start, end = toks[idx[0]].start, toks[idx[-1]].end
        last = words[-1]
        possessive = bool(_POSSESSIVE.search(last)) and not _acronym(last)
        if possessive:
            end -= len(_POSSESSIVE.search(last).group())  # type: ignore[union-attr]
        surface = text[start:end]
        if not surface or not surface[0].isalnum():
            return None
        stripped = [_strip_possessive(w) for w in words]
        if all(
            w in lx.TITLES or w in lx.DEMONYMS or w in lx.COMMON_CAPS or w in lx.GENERIC_CAPS
            for w in stripped
        ):
            return None
        if len(stripped) == 1 and (
            stripped[0] in lx.TITLES
            or words[0] in _APOSTROPHE_HONORIFICS
            or (stripped[0].lower() in lx.GROUP_NOUNS and toks[idx[0]].start <= sent.start + 1)
            or stripped[0].isdigit()
            or len(stripped[0]) < 2
            or (
                stripped[0].endswith("ly")
                and stripped[0][:1].isupper()
                and not stripped[0].isupper()
                and toks[idx[0]].start <= sent.start + 1
                and not self._surname(stripped[0])  # "Vesely, 61," after "Anton Vesely"
            )
        ):
            return None
        if idx[0] > 0 and toks[idx[0] - 1].word in _APOSTROPHE_HONORIFICS:
            # "Dato' Farid": an honorific whose apostrophe cut it off the name
            honorific = honorific or toks[idx[0] - 1].word
            person = True
        before_role, titled = _role_before(text, toks, idx[0])
        if not titled and text.startswith(",", end):
            before_role = _role_then_name(text, max(sent.start, written - 90), written)
            titled = before_role is not None
        if titled:
            role = role or before_role
            person = True
        side = None
        if _COURT_WORDS.search(text, max(sent.start, start - 60), min(sent.end, written_end + 20)):
            side = _SIDE_BEFORE.search(text[max(sent.start, start - 60) : start])
            side = side or _SIDE_AFTER.match(text, written_end, sent.end)  # "Roe KC, prosecuting,"
        if side:
            if role is None or role in _TRAILING_TITLES:  # "KC" says less than the side
                role = _COURT_SIDES[side.group(1).lower()]
            person = True
        elif " as " in text[max(sent.start, start - 40) : start] and _NAMED_AS.search(
            text, max(sent.start, start - 40), start
        ):
            person = True
        cue = None
        if idx[0] > 0:
            prev = toks[idx[0] - 1].word.lower()
            if prev in _CUES_COMPANY and text[toks[idx[0] - 1].end : start] == " ":
                cue = "company"
        after_word = re.match(r" (?:news )?([a-z]+)", text[end : end + 20])
        if cue is None and after_word and after_word.group(1) in _POST_CUES:
            cue = "company"
        if cue is None and not person and text.startswith(",", end):
            # "The tenants' union, Fair Rent Now, has proposed": a name in apposition to
            # what kind of body it is
            body = _BODY_BEFORE.search(text, max(sent.start, start - 50), start)
            if body and body.group(1).lower() in _BODY_NOUNS:
                cue = "company" if body.group(1).lower() in _CUES_COMPANY else "organisation"
        app_role, hint = (None, None)
        if not possessive:
            app_role, hint = _appositive(text, end, sent.end)
        if hint == "person":
            role = role or app_role
            person = True
        elif hint == "who" and not person and _plain_name(" ".join(stripped)):
            person = True  # "who" stands for people, "which" for things
        elif not person and not possessive and _affiliated(text, end, sent.end, stripped):
            person = True  # "Marta de la Cruz of Porto Editions said"
        elif app_role and hint == "company":
            role = role or app_role
            cue = cue or "company"
        first_pos = dateline_end(text, sent.start, sent.end)
        if first_pos > sent.start and end <= first_pos:
            return None  # "LISKA, March 12 (Wire) -": where and which wire, not an actor
        while first_pos < sent.end and not text[first_pos].isalnum():
            first_pos += 1
        initial = start <= first_pos or toks[idx[0]].start == first_pos
        prev_word = ""
        if idx[0] > 0:
            prev_word = toks[idx[0] - 1].word.lower()
        before_prev = toks[idx[0] - 2].word.lower() if idx[0] > 1 else ""
        locative = (
            prev_word in _LOCATIVE
            or (prev_word == "the" and before_prev in _LOCATIVE)
            or (prev_word == "for" and before_prev in _SEAT_HOLDERS)  # "the member for Harrowgate"
        )
        after = text[end : min(end + 6, sent.end)]
        before = text[max(sent.start, start - 5) : start]
        listed = bool(re.match(r"(?:,|\s+(?:and|or)\s)", after)) or bool(
            re.search(r"(?:,\s*|\s(?:and|or)\s)$", before)
        )
        acronym_of = None
        pm = _PAREN_ACRONYM.match(text, end, sent.end)
        if pm and len(words) > 1:
            acronym_of = pm.group(1)
        defines: tuple[str, ...] = ()
        dm = None
        if len(words) > 1 and "(" in text[end : end + 8]:
            dm = _defined_terms().match(text, end, sent.end)
        if dm:
            defines = tuple(t.group(1).strip() for t in _DEFINED_TERM.finditer(dm.group(1)))
        return Mention(
            surface=surface,
            start=start,
            end=end,
            sentence=sent.index,
            initial=initial,
            quoted=self._quoted(start),
            role=role,
            person=person,
            honorific=honorific,
            cue=cue,
            locative=locative,
            listed=listed,
            possessive=possessive,
            acronym_of=acronym_of,
            defines=defines,
            tail=0 if possessive else written_end - end,
        )


@functools.lru_cache(maxsize=4096)
def initials(name: str) -> str:
    """UKIP for "UK Independence Party", DTI for "Department of Trade and Industry".

    Kept per name: every capitalised word of an article is tried against every name."""
    out = []
    for w in name.replace("-", " ").split():
        if w in _ORG_CONNECTORS or w in _NAME_PARTICLES:
            continue
        out.append(w if _acronym(w) else w[0])
    return "".join(out).upper()


def _prefix_abbrev(short: str, full: str) -> bool:
    """'Lib Dem' abbreviates 'Liberal Democrats': each word a prefix of the matching word."""
    a, b = short.split(), full.split()
    return (
        len(a) == len(b) > 1
        and a != b
        and all(len(x) >= 3 and y.lower().startswith(x.lower()) for x, y in zip(a, b, strict=True))
    )


def _affiliated(text: str, end: int, limit: int, words: list[str]) -> bool:
    """A name of two to four words followed by "of" and another name, with nothing in it
    that makes it an organisation or a place: a person and where they work."""
    if not 2 <= len(words) <= 4 or not _OF_NAME.match(text, end, limit):
        return False
    caps = [w for w in words if w[:1].isupper()]
    return not any(
        w in lx.ORG_HEADS
        or w in lx.ORG_SUFFIXES
        or w in lx.COMPANY_SUFFIXES
        or w in lx.PLACE_HEADS
        or w in lx.TITLES
        or w in lx.COMMON_CAPS
        or w in lx.GENERIC_CAPS
        or w in lx.DEMONYMS
        or _acronym(w)
        for w in caps
    )


def _kind(ent: Entity, words: list[str]) -> str:
    last = words[-1] if words else ""
    if ent.person:
        return "person"
    if last in lx.COMPANY_SUFFIXES or ent.cue == "company":
        return "company"
    if last in lx.ORG_SUFFIXES or any(w in lx.ORG_HEADS for w in words):
        return "organisation"
    if len(words) in (2, 3) and words[0] in lx.FIRST_NAMES and not _acronym(words[0]):
        return "person"
    return "organisation"


def group_mentions(mentions: list[Mention], text: str) -> list[Entity]:
    """Group mentions into entities by name, surname, acronym, first word and capital."""
    ents: dict[str, Entity] = {}
    order: list[str] = []

    def get(key: str, name: str, kind: str) -> Entity:
        if key not in ents:
            ents[key] = Entity(name=name, kind=kind)
            order.append(key)
        return ents[key]

    # States first: the gazetteer is the strongest evidence there is.
    rest: list[Mention] = []
    for m in mentions:
        s = m.surface
        if s in lx.COUNTRIES:
            e = get("state:" + lx.COUNTRIES[s], lx.COUNTRIES[s], "state")
            e.mentions.append(m)
            if s != e.name:
                e.add_alias(s)
        elif s in lx.CAPITALS and not (m.locative and m.possessive):
            e = get("state:" + lx.CAPITALS[s], lx.CAPITALS[s], "state")
            e.mentions.append(m)
            e.add_alias(s)
        else:
            rest.append(m)
    multi = [m for m in rest if len(m.surface.split()) > 1]
    single = [m for m in rest if len(m.surface.split()) == 1]
    # Full names, longest first, so "Bank of China" is not swallowed by "China".
    for m in sorted(multi, key=lambda m: (-len(m.surface), m.start)):
        e = get(m.surface, m.surface, "organisation")
        e.mentions.append(m)
        e.person = e.person or m.person
        e.role = e.role or m.role
        e.cue = e.cue or m.cue
        if m.acronym_of:
            e.add_alias(m.acronym_of)
        for term in m.defines:
            e.add_alias(term)
    # "Barbosa Lima" after "Thiago Barbosa Lima": a surname of two words.
    for k in [k for k in order if k in ents and not k.startswith("state:")]:
        e = ents[k]
        words = e.name.split()
        if e.person or len(words) < 2 or _strip_possessive(words[-1]) in lx.ORG_SUFFIXES:
            continue
        hosts = [
            h for h in ents.values() if h is not e and h.person and h.name.endswith(" " + e.name)
        ]
        if len(hosts) == 1:
            hosts[0].mentions.extend(e.mentions)
            hosts[0].add_alias(e.name)
            del ents[k]
    order[:] = [k for k in order if k in ents]
    full = [ents[k] for k in order if not k.startswith("state:")]
    places = place_words(mentions, text)
    for m in sorted(single, key=lambda m: m.start):
        s = m.surface
        target: Entity | None = None
        people = [e for e in full if len(e.name.split()) > 1 and _surname_match(s, e)]
        has_title = bool(m.honorific) or (m.person and m.role is not None)
        # "Kowalczyk, now 54," after "Bogdan Kowalczyk": a surname shown to be a person's
        aged = m.person and len(people) == 1 and _plain_name(people[0].name)
        if len(people) == 1 and (has_title or aged or people[0].person or _first_name(people[0])):
            target = people[0]
        if target is None:
            acr = [e for e in full if s in e.aliases or (len(s) >= 2 and _acr_match(s, e.name))]
            if len(acr) == 1:
                target = acr[0]
        if (
            target is None
            and not m.honorific
            and s not in places
            and not _generic(s, text)
            and not _common_opener(s, m.start, text)
        ):
            firsts = [
                e
                for e in full
                if len(e.name.split()) > 1 and e.name.split()[0] == s and not e.person
            ]
            if len(firsts) == 1:
                target = firsts[0]
        if target is None and s in lx.ORG_SUFFIXES and not _generic(s, text):
            # "the Courier said": the one "Hallbrook Courier" of the article.
            lasts = [
                e
                for e in full
                if len(e.name.split()) > 1 and e.name.split()[-1] == s and not e.person
            ]
            if len(lasts) == 1:
                target = lasts[0]
        if target is None and _speaks(m, text):
            # "Pirell said": the surname of the one full name that is not an organisation.
            plain = [e for e in people if _plain_name(e.name)]
            if len(people) == 1 and plain:
                target = plain[0]
                target.person = True
        if target is None and m.honorific:
            chinese = [e for e in full if len(e.name.split()) == 2 and e.name.split()[0] == s]
            if not chinese and m.honorific in _APOSTROPHE_HONORIFICS:
                # "Dato' Farid" after "Dato' Farid Iskandar bin Hashim": a given name
                chinese = [e for e in full if e.person and e.name.split()[0] == s]
            if len(chinese) == 1:
                target = chinese[0]
        if target is None:
            target = get(s, s, "organisation")
            if m.honorific:
                target.person = True
        target.mentions.append(m)
        target.person = target.person or m.person
        target.role = target.role or m.role
        target.cue = target.cue or m.cue
        if target.name != s:
            target.add_alias(s)
        if m.honorific:
            target.add_alias(f"{m.honorific} {s}")
    # Abbreviated forms: "Lib Dem" -> "Liberal Democrats".
    keys = [k for k in order if not k.startswith("state:")]
    for k in keys:
        short = ents.get(k)
        if short is None:
            continue
        for k2 in keys:
            other = ents.get(k2)
            if other is None or other is short:
                continue
            if _prefix_abbrev(short.name, other.name):
                other.mentions.extend(short.mentions)
                other.add_alias(short.name)
                del ents[k]
                break
    # "Dockworkers' Union" is the tail of "Harbour and Dockworkers' Union".
    for k in keys:
        short = ents.get(k)
        if short is None or len(short.name.split()) < 2:
            continue
        longer = [
            e
            for k2, e in ents.items()
            if e is not short and not k2.startswith("state:") and e.name.endswith(" and " + k)
        ]
        if len(longer) == 1:
            longer[0].mentions.extend(short.mentions)
            longer[0].add_alias(short.name)
            del ents[k]
    out = [ents[k] for k in order if k in ents]
    for e in out:
        if e.person and len(e.name.split()) == 1:
            titled = next((a for a in e.aliases if a.endswith(" " + e.name)), None)
            if titled:
                e.aliases.remove(titled)
                e.add_alias(e.name)
                e.name = titled
        if e.kind != "state":
            e.kind = _kind(e, [_strip_possessive(w) for w in e.name.split()])
        if e.name in places and e.kind == "organisation" and not e.person:
            e.kind = places[e.name]
        words = e.name.split()
        if len(words) > 1 and _strip_possessive(words[-1]) in lx.DOC_HEADS and not e.person:
            e.kind = "document"
        if e.kind == "person" and e.role is None:
            e.role = next((m.role for m in e.mentions if m.role), None)
    return out


_PLACE_NOUNS = lx.load("place_nouns")
_BEFORE_PLACE_NOUN = re.compile(
    r"\b([A-Z][a-z]+)(?:['’]s)?\s+(?:" + "|".join(sorted(_PLACE_NOUNS)) + r")\b"
)
# Only a state (or a province) has these: "Kessaly's water resources minister".
_STATE_CUE = re.compile(
    r"\b([A-Z][a-z]+)['’]s\s+(?:[a-z]+\s+){0,3}?(?:minister|ministry|government|president|"
    r"parliament|army|navy|embassy|ambassador|capital|prime minister|foreign minister)\b"
)
_STATE_OF = re.compile(
    r"\b(?:[Gg]overnment|[Pp]resident|[Pp]rime [Mm]inister|[Pp]arliament|[Rr]epublic|[Kk]ingdom)"
    r" of ([A-Z][a-z]+)\b"
)
_TOKENS = re.compile(r"\w+")
# "of Weaver Street, Halworth.": the town of an address
_ADDRESS_TOWN = re.compile(
    r"\b[A-Z][\w'’\-]* (?:Street|Road|Avenue|Lane|Drive|Crescent|Terrace|Close|Way|"
    r"Boulevard|Square|Gardens|Mews|Parade|Row|Walk), ([A-Z][\w'’\-]+)(?=[.,;]|\s*$)",
    re.MULTILINE,
)


@functools.lru_cache(maxsize=8)
def _tokens(text: str) -> frozenset[str]:
    return frozenset(_TOKENS.findall(text))


_DEMONYM_ENDINGS = ("i", "ian", "n", "ese", "ish")


def place_words(mentions: list[Mention], text: str) -> dict[str, str]:
    """One-word names the text uses as places ("in Valmora", "Westmarch province",
    "University of Valmora"), or as states (it has a demonym: "Arvesh", "Arveshi"), so they
    are never an organisation's short form. Maps each to "place" or "state"."""
    singles = {m.surface for m in mentions if " " not in m.surface}
    multi = {m.surface for m in mentions if " " in m.surface}
    out: dict[str, str] = {}
    first_of: dict[str, set[str]] = {}
    for name in multi:
        words = name.split()
        first_of.setdefault(words[0], set()).add(name)
        if len(words) >= 3 and words[-2] == "of" and words[0] not in lx.TITLES:
            out[_strip_possessive(words[-1])] = "place"
    for w, names in first_of.items():
        if len(names) >= 3:
            out[w] = "place"
    tokens = _tokens(text)
    before_place_noun = {m.group(1) for m in _BEFORE_PLACE_NOUN.finditer(text)}
    before_place_noun |= {m.group(1) for m in _ADDRESS_TOWN.finditer(text)}
    state_cued = {m.group(1) for m in _STATE_CUE.finditer(text)}
    state_cued |= {m.group(1) for m in _STATE_OF.finditer(text)}  # "the government of Korvia"
    for w in singles | set(first_of):
        if w in lx.COUNTRIES or not w.isalpha() or _acronym(w):
            continue
        if any(w + end in tokens for end in _DEMONYM_ENDINGS) or w in state_cued:
            out[w] = "state"
        elif w in before_place_noun:
            out[w] = "place"
    for m in mentions:
        if " " not in m.surface and m.locative and m.surface in first_of:
            out.setdefault(m.surface, "place")
    return out


def _generic(word: str, text: str) -> bool:
    """A one-word org head ("Port", "Union", "Company") also written in lower case: no alias."""
    generic = word in lx.ORG_SUFFIXES or word in lx.ORG_HEADS or word in lx.COMPANY_SUFFIXES
    return (generic or word in lx.PLACE_HEADS) and word.lower() in _tokens(text)


def _common_opener(word: str, start: int, text: str) -> bool:
    """ "Power was restored ...": a word capitalised only as a sentence's first, and written
    in lower case elsewhere, is not the short form of "Power Engineers' Guild"."""
    before = text[:start].rstrip(" \t\"“‘'(")
    return (not before or before[-1] in ".!?\n") and word.lower() in _tokens(text)


_SPEECH_AFTER = re.compile(r"\s(?:said|says|told|added|wrote|insisted|argued|recalled)\b")


def _speaks(m: Mention, text: str) -> bool:
    """ "Pirell said" (but not "the Courier said": a surname takes no article)."""
    the = re.search(r"\b(?:the|The)\s+$", text[max(0, m.start - 5) : m.start])
    return the is None and _SPEECH_AFTER.match(text, m.end) is not None


def _plain_name(name: str) -> bool:
    """Two or three capitalised words and nothing that makes it an organisation or a place;
    particles may stand between them ("Kipchumba arap Langat", "Anna van der Berg")."""
    words = name.split()
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if w not in _NAME_PARTICLES] + [words[-1]]
    return 2 <= len(words) <= 3 and not any(
        not w[:1].isupper()
        or w in lx.ORG_SUFFIXES
        or w in lx.COMPANY_SUFFIXES
        or w in lx.ORG_HEADS
        or w in lx.PLACE_HEADS
        or w in lx.DEMONYMS
        or w in lx.COUNTRIES
        or w in lx.PLACES
        or _acronym(w)
        for w in words
    )


def _first_name(e: Entity) -> bool:
    return e.name.split()[0] in lx.FIRST_NAMES


def _surname_match(s: str, e: Entity) -> bool:
    last = e.name.split()[-1]
    return last == s or (last.split("-")[-1] == s and "-" not in s)


def _acr_match(s: str, name: str) -> bool:
    if len(name.split()) < 2:
        return False
    return (s.isupper() or len(s) >= 3) and s.upper() == initials(name)


def is_place(e: Entity) -> bool:
    """Cities, regions, seas and the like: never actors, only a development's `where`."""
    if e.kind == "state":
        return False
    if e.kind == "place":
        return e.claimant == 0
    words = e.name.split()
    if e.name in lx.PLACES or e.name in lx.MULTIWORD_PLACES:
        return True
    if words[-1] in lx.PLACE_HEADS and words[-1] not in lx.ORG_SUFFIXES and e.claimant == 0:
        return True
    unquoted = [m for m in e.mentions if not m.quoted]
    if e.kind in ("organisation",) and not e.person and unquoted and e.claimant == 0:
        return all(m.locative for m in unquoted) and not any(
            w in lx.ORG_SUFFIXES or w in lx.COMPANY_SUFFIXES for w in words
        )
    return False


def keep(e: Entity, text_lower_words: set[str], headline: str = "", extra: int = 0) -> bool:
    """Whether an entity has enough evidence to be shown as an actor; a name the headline
    also gives counts twice (a headline names what the story is about). `extra` mentions
    found elsewhere (another source's) count with the text's own."""
    if e.forced or e.claimant:
        return True
    unquoted = [m for m in e.mentions if not m.quoted]
    if not unquoted:
        return False
    words = e.name.split()
    if e.kind == "state":
        weight = sum(0.5 if (m.locative or m.listed) else 1.0 for m in unquoted)
        return weight >= 1.5 or any(m.initial and not m.listed for m in unquoted)
    if is_place(e):
        return False
    if e.kind == "person":
        return len(words) > 1 or any(m.honorific for m in e.mentions) or bool(e.role)
    if len(words) > 1:
        last = _strip_possessive(words[-1])
        if last in lx.ORG_SUFFIXES or last in lx.COMPANY_SUFFIXES or e.cue:
            return True
        if any(w in lx.ORG_HEADS or w in lx.ORG_SUFFIXES for w in words[:-1]) and any(
            w in ("of", "for") for w in words
        ):
            return True
        titled = bool(headline) and re.search(rf"\b{re.escape(e.name)}\b", headline) is not None
        return len(unquoted) + titled + extra >= 2
    word = words[0]
    if word in lx.COMMON_CAPS or word in lx.GENERIC_CAPS or word in lx.DEMONYMS:
        return False
    if word.endswith("s") and word[:-1] in lx.DEMONYMS:  # "Arabs", "Russians"
        return False
    if word in lx.TITLES or word.lower() in lx.GROUP_NOUNS:
        return False
    non_initial = [m for m in unquoted if not m.initial]
    if not non_initial and word.lower() in text_lower_words:
        return False
    if e.cue and (non_initial or word.lower() not in text_lower_words):
        return True
    if _acronym(word):
        return len(unquoted) + extra >= 2
    return len(unquoted) >= 2 and bool(non_initial)
