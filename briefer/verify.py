"""Quote grounding: find each quote of a brief in the source text, or say it is not there.

Both the document and the quote are reduced to the same sequence of word tokens: NFKC,
case-folded, curly quotes and dashes made plain, punctuation dropped, symbols such as `%`
and `$` kept as tokens of their own. A quote verifies when its tokens occur contiguously in
the document's tokens. That tolerates layout (whitespace, quote marks, dashes, case, edge
punctuation) but never a changed word: there is no edit distance, so "30,000" is not
"3,000", "didn't" is not "did" and "will not" is not "will".

Editorial marks are honoured within fixed bounds, so that they cannot be used to stitch a
quote the source never said:

- An ellipsis (`...`, `…`, `[...]`) splits the quote into parts found in order, each gap at
  most `MAX_ELLIPSIS_GAP` characters of source (`MAX_SHORT_ELLIPSIS_GAP` next to a part of
  one word). An elided passage may not begin or end with a negation (`NEG_WINDOW` words),
  so "will ... resign" does not verify against "will not resign".
- A detached bracket (`[North Korea] delivered`) stands for 0 to `MAX_BRACKET_TOKENS`
  source words within `MAX_BRACKET_CHARS` characters, none of them a negation; at either
  end of a part, the source word next to the match may not be a negation. A bracket that
  holds a digit or a negation is content, not a gloss: its words must be in the source. A
  bracket attached to a word (`[T]he`, `Korea['s]`) is read as the letters it holds.
- A quote needs `MIN_WORD_CHARS` letters or digits in all; anything less is not verified.

Negations include contractions written without an apostrophe ("dont", "wont") and those
of other languages ("nicht", "pas"). A superscript digit is a token of its own, so "40¹"
is not "401". Checking is bounded: bracket gaps are followed as sets of places, not
combinations, and a quote that would need more than `MAX_WORK` steps (one built to blow
up over repetitive text) is not verified.

`Index(doc)` builds the token form of a document once; `locate(quote, doc)` reuses one from
a small cache keyed by document identity. Offsets in a `Match` are offsets in `doc.text`.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from briefer.source import Document

MAX_ELLIPSIS_GAP = 2000
"""Most source characters an ellipsis may skip between two parts of two or more words."""
MAX_SHORT_ELLIPSIS_GAP = 200
"""The same bound when a part next to the gap is a single word (easy to find anywhere)."""
MAX_BRACKET_TOKENS = 6
"""Most source words a detached bracketed insertion may stand for (it may stand for none)."""
MAX_BRACKET_CHARS = 60
"""Most source characters those words may span."""
NEG_WINDOW = 2
"""Words at each edge of an elided passage that may not be a negation."""
MIN_WORD_CHARS = 3
"""Letters and digits a quote needs in all before it can verify."""

MAX_PARTS = 50
"""Most ellipsis-separated parts a quote may have; one with more is not verified."""
MAX_WORK = 20_000
"""Most places one quote's parts may be tried at (after an ellipsis, or where a bracket
matched); a quote that needs more is not verified. Only a quote built to blow up (many
cuts over repetitive text) comes near it: checking stays bounded in time whatever the
model sends."""

NEGATIONS = frozenset(
    {
        "not",
        "no",
        "never",
        "nor",
        "neither",
        "none",
        "nobody",
        "nothing",
        "nowhere",
        "noone",
        "cannot",
        "without",
        # one-character negations of Chinese and Japanese (each is a token of its own)
        "不",
        "没",
        "沒",
        "未",
        "非",
        "无",
        "無",
        "别",
        "別",
        "勿",
        "莫",
        # Korean: the syllables of 않다 / 없다 / 못
        "않",
        "없",
        "못",
        # Contractions written without their apostrophe.
        *[
            "dont",
            "doesnt",
            "didnt",
            "wont",
            "cant",
            "couldnt",
            "wouldnt",
            "shouldnt",
            "isnt",
            "arent",
            "wasnt",
            "werent",
        ],
        *["hasnt", "havent", "hadnt", "mustnt", "neednt", "shant", "aint", "mightnt"],
        # Other languages: German, Dutch, French, Spanish, Italian, Portuguese, the
        # Scandinavian languages, Polish, Czech, Russian.
        *[
            "nicht",
            "kein",
            "keine",
            "keinen",
            "keinem",
            "keiner",
            "keines",
            "nie",
            "niemals",
            "nichts",
            "niemand",
        ],
        *["niet", "geen", "nooit", "niets", "ne", "pas", "jamais", "rien", "aucun", "aucune"],
        *[
            "nunca",
            "nada",
            "nadie",
            "ni",
            "tampoco",
            "ninguno",
            "ninguna",
            "non",
            "mai",
            "nessuno",
            "niente",
            "nulla",
        ],
        *[
            "não",
            "nem",
            "nenhum",
            "nenhuma",
            "inte",
            "ikke",
            "ej",
            "aldrig",
            "aldri",
            "ingen",
            "inget",
            "intet",
        ],
        *["nigdy", "nic", "не", "нет", "ни", "никогда", "ничего", "никто"],
    }
)

# Marks folded to one plain form before tokenising. Apostrophe-like marks join words
# ("didn’t"); double quotes are dropped as punctuation; every dash becomes "-".
_APOSTROPHES = frozenset("'`´‘’‛′ʹʻʼʽ＇")
_QUOTES = frozenset('"“”„‟‚″‶〃«»‹›〝〞〟＂')
_DASHES = frozenset("-‐‑‒–—―−⁃﹘﹣－⸺⸻")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """One character's search form: NFKC, case-folded, marks made plain, punctuation spaced.

    Symbols (currency, maths, degrees) come out padded with spaces so they are tokens of
    their own; format characters such as the soft hyphen disappear.
    """
    if ch in _APOSTROPHES:
        return "'"
    if ch in _QUOTES:
        return '"'
    if ch in _DASHES:
        return "-"
    if ch.isascii():
        return ch.lower() if ch.isprintable() else " "
    if unicodedata.decomposition(ch).startswith("<super>") and unicodedata.category(ch)[0] in "NSP":
        # A superscript digit or sign keeps its meaning: "40¹" (40, note 1) is not "401",
        # "10²" is not "102". It is a token of its own.
        return f" {ch} "
    out: list[str] = []
    for c in unicodedata.normalize("NFKC", ch).casefold():
        if c.isascii() or c in _APOSTROPHES or c in _QUOTES or c in _DASHES:
            out.append(_fold_char(c))
            continue
        kind = unicodedata.category(c)[0]
        if kind in "ZP":
            out.append(" ")
        elif kind == "S":
            out.append(f" {c} ")
        elif kind != "C":
            out.append(c)
    return "".join(out)


class _FoldTable(dict[int, str]):
    """A `str.translate` table that fills itself from `_fold_char` on first sight."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


_TABLE = _FoldTable()

# Scripts written without spaces between words (Chinese, Japanese, Korean, Thai, Lao,
# Khmer, Myanmar): each character is a token of its own, so a quote may begin or end
# mid-sentence. Hangul is included because its particles attach to the words they follow.
_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1100, 0x11FF), (0x1780, 0x17FF),
    (0x3005, 0x3007), (0x3040, 0x30FF), (0x3130, 0x318F), (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)  # fmt: skip


def _unspaced(c: str) -> bool:
    n = ord(c)
    return n >= 0x0E00 and any(lo <= n <= hi for lo, hi in _UNSPACED_RANGES)


@cache
def _token_pattern(unspaced: bool) -> re.Pattern[str]:
    """The tokenizer, with or without the unspaced scripts. Compiling their character
    classes costs tens of milliseconds (`re` maps every code point of each range), which
    a text without those scripts, most of them, need not pay on every run."""
    chars = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _UNSPACED_RANGES) if unspaced else ""
    # A word character of the folded text: anything but whitespace, ASCII punctuation and
    # the characters of the scripts above.
    w = rf"[^\s!-/:-@\[-`{{-~{chars}]"
    return re.compile(
        (rf"[{chars}]|" if unspaced else "")
        + rf"(?P<acronym>(?<!{w})[^\W\d_](?:\.[^\W\d_])+(?!{w})\.?)"  # U.S. -> us
        + rf"|{w}+(?:(?:'|(?<=\d)[.,:](?=\d)){w}+)*"  # didn't, 3,000, 9.5, 10:30
        + rf"|(?<!{w})-(?=\d)"  # a minus sign: -5 is not 5
        + r"|[$%&#@+=<>]"
    )


def _token_matches(folded: str) -> Iterator[re.Match[str]]:
    unspaced = not folded.isascii() and any(_unspaced(c) for c in set(folded))
    return _token_pattern(unspaced).finditer(folded)


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_ELLIPSIS = re.compile(r"\[\s*\.{2,}\s*\]|\(\s*\.{2,}\s*\)|\.(?:\s*\.){2,}")
_ATTACHED = re.compile(r"(?<=\w)\[([^\[\]\s]+)\]|\[([^\[\]\s]+)\](?=\w)")
_BRACKET = re.compile(r"\[([^\[\]]*)\](?:'s(?!\w))?")


def _token_text(m: re.Match[str]) -> str:
    tok = m.group()
    if m.group("acronym"):
        return tok.replace(".", "")
    return _THOUSANDS.sub("", tok) if "," in tok else tok


def _tokens(folded: str) -> list[str]:
    return [_token_text(m) for m in _token_matches(folded)]


def _is_negation(token: str) -> bool:
    return token in NEGATIONS or token.endswith("n't")


def _fold_with_map(text: str) -> tuple[str, list[int], list[int], list[bool]]:
    """Fold `text` and keep a piecewise map from folded offsets back to `text` offsets.

    Characters whose folded form is one character map one to one, in linear runs; each
    other character (expanded, dropped or padded) is a piece of its own, all of whose
    folded characters map back to it.
    """
    odd = [c for c in set(text) if len(_fold_char(c)) != 1]
    if not odd:
        return text.translate(_TABLE), [0], [0], [True]
    pattern = re.compile("[" + "".join(re.escape(c) for c in odd) + "]")
    out: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    linear: list[bool] = []
    n = last = 0
    for m in pattern.finditer(text):
        pos = m.start()
        if pos > last:
            run = text[last:pos].translate(_TABLE)
            starts.append(n)
            origins.append(last)
            linear.append(True)
            out.append(run)
            n += len(run)
        folded = _fold_char(text[pos])
        if folded:
            starts.append(n)
            origins.append(pos)
            linear.append(False)
            out.append(folded)
            n += len(folded)
        last = pos + 1
    if last < len(text):
        starts.append(n)
        origins.append(last)
        linear.append(True)
        out.append(text[last:].translate(_TABLE))
    if not starts:
        starts, origins, linear = [0], [0], [True]
    return "".join(out), starts, origins, linear


@dataclass(frozen=True)
class Match:
    """Where a quote stands in the source, or `verified=False` with every place None."""

    verified: bool
    start: int | None
    end: int | None
    paragraph: int | None


NOT_FOUND = Match(False, None, None, None)

_Tokens = tuple[str, ...]


@dataclass(frozen=True)
class _Part:
    """One ellipsis-free part of a quote: literal token runs, a bracket gap between each."""

    segments: tuple[_Tokens, ...]
    lead: _Tokens | None  # a bracket before the first segment
    trail: _Tokens | None  # a bracket after the last one

    @property
    def size(self) -> int:
        return sum(len(s) for s in self.segments)


def _unbracket(m: re.Match[str]) -> str:
    return "".join(g for g in m.groups() if g)


def _parse_part(raw: str) -> _Part | None:
    pieces = _BRACKET.split(_ATTACHED.sub(_unbracket, raw))
    segments: list[list[str]] = [[]]
    brackets: list[_Tokens] = []
    lead: _Tokens | None = None
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            segments[-1].extend(_tokens(piece))
            continue
        words = tuple(_tokens(piece))
        if not words:
            continue
        if any(_is_negation(w) or any(c.isdigit() for c in w) for w in words):
            segments[-1].extend(words)  # content, not a gloss: must be in the source
        elif segments[-1]:
            brackets.append(words)
            segments.append([])
        elif len(segments) == 1:
            lead = words if lead is None else lead + words
        else:
            brackets[-1] += words  # two brackets in a row are one gap
    trail: _Tokens | None = None
    if len(segments) > 1 and not segments[-1]:
        segments.pop()
        trail = brackets.pop()
    if not segments[0]:
        return None
    return _Part(tuple(tuple(s) for s in segments), lead, trail)


def _parse(quote: str) -> list[_Part] | None:
    """The quote's parts, or None when it has too little content to check."""
    folded = unicodedata.normalize("NFC", quote).translate(_TABLE)
    parts = [p for p in map(_parse_part, _ELLIPSIS.split(folded)) if p is not None]
    if len(parts) > MAX_PARTS:
        return None  # no real quote has that many cuts; checking it would recurse as deep
    words = "".join(tok for p in parts for seg in p.segments for tok in seg)
    content = sum(map(str.isalnum, words))
    return parts if parts and content >= MIN_WORD_CHARS else None


class _TooMuchWork(Exception):
    """A quote took more than MAX_WORK steps to check."""


@dataclass
class _Search:
    """The state of one `locate` call (per call, so one Index can serve several threads)."""

    parts: list[_Part]
    follow: dict[tuple[int, int], int | None] = field(default_factory=dict)
    """(part, token the previous part ended at) -> end token of the last part, or None."""
    spans: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict)
    """(part, token its first segment begins at) -> its (first, end) token spans."""
    tried: set[tuple[int, int]] = field(default_factory=set)
    """(segment, token) places the first part reached from an earlier start."""
    left: int = MAX_WORK

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _TooMuchWork


class Index:
    """A document's token form, built once and reused for every quote checked against it."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        folded, self._starts, self._origins, self._linear = _fold_with_map(doc.text)
        tokens: list[str] = []
        begins: list[int] = []
        ends: list[int] = []
        for m in _token_matches(folded):
            tokens.append(_token_text(m))
            begins.append(m.start())
            ends.append(m.end())
        self._tokens = tokens
        self._begins = begins
        self._ends = ends
        # Tokens joined by single spaces, so that a run of quote tokens is one str.find.
        self._haystack = " " + " ".join(tokens) + " "
        offsets: list[int] = []
        pos = 1
        for tok in tokens:
            offsets.append(pos)
            pos += len(tok) + 1
        self._offsets = offsets

    def locate(self, quote: str) -> Match:
        """Find `quote` in the document under the module's rules (within MAX_WORK steps)."""
        parts = _parse(quote)
        if parts is None:
            return NOT_FOUND
        search = _Search(parts)
        try:
            for i in self._occurrences(parts[0].segments[0], 0):
                for first, end in self._part_at(parts[0], i, search, search.tried):
                    last = self._follow(search, 1, end)
                    if last is not None:
                        start = self._start_of(first)
                        end_text = self._end_of(last - 1)
                        return Match(True, start, end_text, self.doc.paragraph_at(start))
        except _TooMuchWork:
            pass
        return NOT_FOUND

    # Offsets -------------------------------------------------------------------------

    def _to_text(self, n: int) -> int:
        k = bisect_right(self._starts, n) - 1
        base = self._origins[k]
        return base + (n - self._starts[k]) if self._linear[k] else base

    def _start_of(self, tok: int) -> int:
        return self._to_text(self._begins[tok])

    def _end_of(self, tok: int) -> int:
        return self._to_text(self._ends[tok] - 1) + 1

    # Matching ------------------------------------------------------------------------

    def _negated(self, lo: int, hi: int) -> bool:
        return any(_is_negation(t) for t in self._tokens[max(lo, 0) : max(hi, 0)])

    def _occurrences(self, seg: _Tokens, from_tok: int) -> Iterator[int]:
        """Token indexes at or after `from_tok` where the run `seg` begins, in order."""
        needle = " " + " ".join(seg) + " "
        offsets = self._offsets
        pos = offsets[from_tok] - 1 if from_tok < len(offsets) else len(self._haystack)
        while (hit := self._haystack.find(needle, pos)) >= 0:
            yield bisect_left(offsets, hit + 1)
            pos = hit + 1

    def _run_at(self, seg: Sequence[str], at: int) -> bool:
        return tuple(self._tokens[at : at + len(seg)]) == tuple(seg) if at >= 0 else False

    def _part_at(
        self, part: _Part, i: int, search: _Search, tried: set[tuple[int, int]] | None = None
    ) -> list[tuple[int, int]]:
        """(first, end) token spans of `part` whose first segment begins at token `i`.

        `tried`: the (segment, token) places earlier calls reached, skipped now. Only for
        the first part, whose success does not depend on where it begins: a place reached
        again leads where it led before, and that failed.
        """
        first = i
        if part.lead is not None:
            if self._run_at(part.lead, i - len(part.lead)):
                first = i - len(part.lead)
            elif self._negated(i - 1, i):
                return []
        spans = []
        for end in self._segment_ends(part, i + len(part.segments[0]), search, tried):
            if part.trail is not None:
                if self._run_at(part.trail, end):
                    end += len(part.trail)
                elif self._negated(end, end + 1):
                    continue
            spans.append((first, end))
        return spans

    def _segment_ends(
        self, part: _Part, pos: int, search: _Search, tried: set[tuple[int, int]] | None
    ) -> list[int]:
        """Ends of `part`, in order, given its first segment matched up to token `pos`.

        Each bracket gap may stand for 0 to MAX_BRACKET_TOKENS words, so the places a part
        can reach are kept as a set, one segment at a time: at most
        (MAX_BRACKET_TOKENS + 1) steps per place and segment, where trying every
        combination of gaps would be exponential.
        """
        reach = {pos}
        tokens, begins, ends = self._tokens, self._begins, self._ends
        for j, seg in enumerate(part.segments[1:], 1):
            after: set[int] = set()
            size = len(seg)
            for at0 in sorted(reach):
                # Gaps in folded characters: the text's own, but for the rare character
                # that folds to more or fewer.
                edge = ends[at0 - 1] if at0 > 0 else 0
                for at in range(at0, min(at0 + MAX_BRACKET_TOKENS + 1, len(tokens) - size + 1)):
                    if at > at0 and (
                        _is_negation(tokens[at - 1]) or begins[at] - edge > MAX_BRACKET_CHARS
                    ):
                        break
                    end = at + size
                    if tokens[at] != seg[0] or end in after or not self._run_at(seg, at):
                        continue
                    if tried is not None:
                        if (j, end) in tried:
                            continue
                        tried.add((j, end))
                    search.spend()  # only places that match cost: repetitive text
                    after.add(end)
            reach = after
            if not reach:
                break
        return sorted(reach)

    def _follow(self, search: _Search, k: int, prev_end: int) -> int | None:
        """End token of the last part, given parts before `k` matched up to `prev_end`.

        Memoised on (k, prev_end), and each part's spans at a place are found once, so the
        work is bounded by parts x places x the places one gap may reach; MAX_WORK bounds
        it further (a quote built to need more is not verified).
        """
        parts = search.parts
        if k == len(parts):
            return prev_end
        key = (k, prev_end)
        if key in search.follow:
            return search.follow[key]
        search.follow[key] = None
        part = parts[k]
        short = min(parts[k - 1].size, part.size) < 2
        limit = MAX_SHORT_ELLIPSIS_GAP if short else MAX_ELLIPSIS_GAP
        edge = self._end_of(prev_end - 1)
        for i in self._occurrences(part.segments[0], prev_end):
            if self._start_of(i) - edge > limit + MAX_BRACKET_CHARS:
                break
            spans = search.spans.get((k, i))
            if spans is None:
                spans = search.spans[(k, i)] = self._part_at(part, i, search)
            for first, end in spans:
                search.spend()
                if first < prev_end or self._start_of(first) - edge > limit:
                    continue
                if self._negated(prev_end, min(first, prev_end + NEG_WINDOW)):
                    continue
                if self._negated(max(prev_end, first - NEG_WINDOW), first):
                    continue
                last = self._follow(search, k + 1, end)
                if last is not None:
                    search.follow[key] = last
                    return last
        return None


_CACHE_SIZE = 8
_cache: OrderedDict[int, Index] = OrderedDict()
_cache_lock = threading.Lock()


def index_for(doc: Document) -> Index:
    """The cached Index of `doc` (by identity; the cache holds the document, so ids stay)."""
    key = id(doc)
    with _cache_lock:
        index = _cache.get(key)
        if index is not None and index.doc is doc:
            _cache.move_to_end(key)
            return index
    index = Index(doc)
    with _cache_lock:
        _cache[key] = index
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return index


def locate(quote: str, doc: Document) -> Match:
    """Find `quote` in `doc`; see the module docstring for what counts as found."""
    return index_for(doc).locate(quote)
