"""Blocks, sentences and quotation spans, all as offsets into `Document.text`.

Every later rule slices the original text by these offsets, which is what keeps every quote
the offline engine emits an exact substring of the source.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from briefer.offline.lexicon import load, phrases

_LINE = re.compile(r"[^\n]+")
_WORDS = re.compile(r"\w+(?:['’\-]\w+)*")
# A sentence ends at . ! ? (plus closing quotes/brackets), then space, then a likely start.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9£$€])")
_ABBREV = load("abbrev")
# "KELL: Not before Wednesday.", "Q: ...", "MS. ROE:", "Dr. Lin Wei-ting:", "FERRÁNDIZ:",
# "NOWAK-BELL (Dunmore East, Liberal Alliance):", "THE MINISTER (Lucía Ferrándiz):": a
# transcript turn opens with a speaker label, upper case or an honorific and a name. What the
# brackets hold names the speaker when the label is a role (Q, A, THE SPEAKER, CHAIR) and the
# brackets hold a name rather than a constituency and party.
_ASK_ANSWER = frozenset(("Q", "A", "QUESTION", "ANSWER"))
_LABEL_WORD = r"[^\W\d_][\w.'’\-]*"
_SPEAKER_LABEL = re.compile(
    rf"({_LABEL_WORD}(?: {_LABEL_WORD}){{0,4}})(?: \(([^()\n]{{1,60}})\))?:[ \t]+(?=\S)"
)
_HONORIFICS = frozenset(h.rstrip(".").upper() for h in load("honorifics"))
_PREPOSITIONS = load("prepositions")
_PARTICLES = load("name_particles")
# "Mr Roe asked.", "asked Ann Roe, the defence counsel.": a speech tag of a few words
_TAG = re.compile(r"\s+((?:[\w'’\-]+\.?\s+){0,4}?[\w'’\-]+)[.,]")
_SPEECH_VERBS = load("assert_verbs") | load("denial_verbs") | load("asking_verbs")
_ROLE_WORDS = frozenset(
    w.rstrip(".").upper() for w in load("titles") | load("title_nouns") | load("label_roles")
)
_OFFICES = frozenset(p.upper() for p in phrases("office_labels"))
_ADDRESS = frozenset(w.upper() for w in load("office_address"))


def _upper_label(label: str) -> bool:
    """ "FERRÁNDIZ", "MR. O'NEILL": every letter upper case, and more than one letter
    unless the label is Q or A."""
    return (
        label.upper() == label
        and any(c.isalpha() for c in label)
        and (len(label) > 1 or label in _ASK_ANSWER)
    )


def _name_words(words: list[str]) -> bool:
    """Up to four capitalised words, with name particles before the last ("Kipchumba arap
    Langat", "van der Berg"): at most six words in all."""
    caps = [w for w in words if w[0].isupper() and w[0].isalpha()]
    return (
        1 <= len(caps) <= 4
        and len(words) <= 6
        and words[-1] in caps
        and all(w in caps or w in _PARTICLES for w in words)
    )


def _role_words(label: str) -> bool:
    """ "Chairperson", "The Chair", "Presiding Officer": a capitalised role of one to three
    words (with "The" before it), written in mixed case as a label."""
    words = label.split()
    if words[0] == "The":
        words = words[1:]
    return 1 <= len(words) <= 3 and all(
        w[0].isupper() and w.rstrip(".").upper() in _ROLE_WORDS for w in words
    )


def _honorific_name(label: str) -> bool:
    """ "Ms Roe", "Dr. Lin Wei-ting": an honorific and a capitalised name."""
    words = label.split()
    return words[0].rstrip(".").upper() in _HONORIFICS and _name_words(words[1:])


def _titled_name(label: str) -> bool:
    """ "Senator OKWUOSA", "Senator Sir Ann ROE": titles and honorifics, then a name."""
    words = label.split()
    k = 0
    while k < len(words) and (
        words[k].rstrip(".").upper() in _HONORIFICS or words[k].rstrip(".").upper() in _ROLE_WORDS
    ):
        k += 1
    rest = words[k:]
    return (
        0 < k < len(words) and _name_words(rest) and not _PREPOSITIONS & {w.lower() for w in rest}
    )


def office(label: str) -> str | None:
    """ "CHAIRPERSON", "THE CHAIR", "MADAM DEPUTY SPEAKER": the office a label names by
    itself (in any case), after its words of address; else None."""
    words = label.upper().split()
    k = 0
    while k < len(words) - 1 and words[k] in _ADDRESS:
        k += 1
    rest = " ".join(words[k:])
    return rest if rest in _OFFICES else None


def _role_label(label: str) -> bool:
    return label in _ASK_ANSWER or any(w.rstrip(".") in _ROLE_WORDS for w in label.split())


def _bracket_name(inner: str) -> bool:
    """ "Lucía Ferrándiz", "Ms Okafor", "Radio Nord": a name, not "Dunmore East, Labour"."""
    if "," in inner or any(c.isdigit() for c in inner):
        return False
    return _name_words(inner.split())


_TERMINAL = re.compile(r"[.!?:;\"”’)\]]$")
# A line ending in a closing quote is still a heading when no punctuation precedes the mark:
# 'Inquiry hears of a control room "flying blind"'.
_QUOTED_END = re.compile(r"[^.!?,:;][\"”’]$")


# "VALMORA, March 7 - ", "LONDON (Reuters) - ", "NEW YORK, Jan. 5, 2024 (AP) — ".
DATELINE = re.compile(
    r"[A-Z][A-Z.'\-]+(?:\s[A-Z][A-Z.'\-]+){0,3}(?:,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?(?:\s+\([^)]{1,30}\))?"
    r"\s*(?:-{1,2}|–|—)\s+(?=\S)"
)
_DASH = re.compile(r"\s(?:-{1,2}|–|—)\s")
_BULLET = re.compile(r"[-–•*·▪◦‣]\s+\w")


@functools.cache
def _place_dateline() -> re.Pattern[str]:
    """A press release's "Tullymore, 9 June - ": a place in any case, then a date; compiled
    on first use."""
    return re.compile(
        r"[A-Z][\w'\-]+(?:\s[A-Z][\w'\-]+){0,2},\s+"
        r"(?:\d{1,2}\s+[A-Z][a-z]{2,8}|[A-Z][a-z]{2,8}\.?\s+\d{1,2})(?:,?\s+\d{4})?"
        r"\s*(?:-{1,2}|–|—)\s+(?=\S)"
    )


def dateline_end(text: str, start: int, end: int) -> int:
    """Where the words start after a wire dateline opening text[start:end] (else start)."""
    m = DATELINE.match(text, start, end)
    if m is None and _DASH.search(text, start, min(end, start + 40)):
        m = _place_dateline().match(text, start, end)
    return m.end() if m else start


@dataclass(frozen=True)
class Block:
    """One line of the source: a paragraph, a heading, a caption or a byline."""

    index: int
    start: int
    end: int
    heading: bool


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    block: int
    text: str


@dataclass(frozen=True)
class QuoteSpan:
    """Words inside quotation marks; `close` is None when the quote runs to the line end."""

    open: int
    start: int
    end: int
    close: int | None
    block: int

    @property
    def long(self) -> bool:
        return self.end - self.start >= 30


def whole_word_at(text: str, phrase: str) -> list[int]:
    r"""Where `phrase` stands in `text` with no word character on either side: the matches
    of `(?<!\w)phrase(?!\w)`, found with `str.find` because a pattern per name, compiled
    and run over the whole text, cost more than the rest of the ranking."""
    found: list[int] = []
    if not phrase:
        return found
    size = len(text)
    i = text.find(phrase)
    while i >= 0:
        j = i + len(phrase)
        if (i == 0 or not _word_char(text[i - 1])) and (j == size or not _word_char(text[j])):
            found.append(i)
            i = text.find(phrase, j)
        else:
            i = text.find(phrase, i + 1)
    return found


def _word_char(c: str) -> bool:
    r"""What `\w` matches in a str pattern."""
    return c.isalnum() or c == "_"


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def blocks(text: str) -> list[Block]:
    """Lines, each flagged as heading (short, no closing punctuation) or body."""
    out: list[Block] = []
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if not line:
            continue
        lead = m.start() + (len(m.group()) - len(m.group().lstrip()))
        words = word_count(line)
        # "- Ann Roe, 31, of Mill Lane": a bullet point is body text, however short
        heading = words <= 20 and not _TERMINAL.search(line) and not _BULLET.match(line)
        if not out and words <= 20 and _QUOTED_END.search(line) and line.count(". ") == 0:
            heading = True
        if not out and words <= 20 and line.endswith(("?", "!")) and line.count(". ") == 0:
            heading = True
        out.append(Block(len(out), lead, lead + len(line), heading))
    return out


def speaker_label(text: str, b: Block) -> tuple[str, int] | None:
    """The speaker label opening a transcript turn, and where the turn's words start."""
    if b.heading:
        return None
    m = _SPEAKER_LABEL.match(text, b.start, b.end)
    if m is None:
        return None
    label, inner = m.group(1), m.group(2)
    if not (
        _upper_label(label) or _honorific_name(label) or _titled_name(label) or _role_words(label)
    ):
        return None
    if inner and _role_label(label.upper()) and not _titled_name(label) and _bracket_name(inner):
        return inner.upper(), m.end()
    return label.upper(), m.end()


def label_role(text: str, b: Block) -> str | None:
    """The role a name label gives in brackets, upper case: "CHAIRPERSON" of "Hon. Ann Roe
    (Chairperson):", "DIRECTOR" of "Eng. Ivo Lind (Director, Roads Agency):"; a later label
    that is only the role ("Chairperson:") stands for that speaker."""
    got = speaker_label(text, b)
    m = _SPEAKER_LABEL.match(text, b.start, b.end) if got else None
    if m is None or not m.group(2) or got is None or got[0] != m.group(1).upper():
        return None
    role = m.group(2).split(",")[0].strip()
    return role.upper() if role and _role_words(role) else None


def label_parts(text: str, b: Block) -> tuple[str, str | None] | None:
    """A speaker label as written and what its brackets hold: ("Hon. Ann Roe", "Chairperson"),
    ("CHAIR", "Senator Roe"), ("Eng. Roe", "Managing Director, Lakeside Water")."""
    if speaker_label(text, b) is None:
        return None
    m = _SPEAKER_LABEL.match(text, b.start, b.end)
    return (m.group(1), m.group(2)) if m else None


def is_abbrev(text: str, dot: int) -> bool:
    """Whether the '.' at `dot` closes an abbreviation or an initial, not a sentence."""
    j = dot
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "."):
        j -= 1
    token = text[j:dot].lower()
    if not token:
        return False
    if token in _ABBREV:
        return True
    return len(token) == 1 and text[j].isupper()


def _speech_tag(text: str, mark: int, end: int, limit: int) -> bool:
    """'"... for two years?" Mr Roe asked.': a quoted question or exclamation and the short
    clause that says who spoke it are one sentence."""
    if text[mark] not in "?!" or end == mark + 1 or text[end - 1] not in "\"”’'":
        return False
    tag = _TAG.match(text, end, limit)
    return tag is not None and any(w in _SPEECH_VERBS for w in tag.group(1).split())


def _bracketed_word(text: str, dot: int) -> bool:
    """ "Brigadier (ret.) Ann Roe": one abbreviated word in brackets ends no sentence."""
    if not text.startswith(")", dot + 1):
        return False
    opened = text.rfind("(", max(0, dot - 12), dot)
    return opened >= 0 and text[opened + 1 : dot].isalpha()


def sentences(text: str, bl: list[Block]) -> list[Sentence]:
    """Sentences of the body blocks, split at terminal punctuation not after abbreviations."""
    out: list[Sentence] = []
    for b in bl:
        if b.heading:
            continue
        label = speaker_label(text, b)
        start = label[1] if label else b.start
        for m in _BOUNDARY.finditer(text, start, b.end):
            single_dot = m.group().startswith(".") and len(m.group().rstrip("\"'”’)]")) == 1
            if single_dot and (is_abbrev(text, m.start()) or _bracketed_word(text, m.start())):
                continue
            if _speech_tag(text, m.start(), m.end(), b.end):
                continue
            end = m.end()
            if end > start:
                out.append(Sentence(len(out), start, end, b.index, text[start:end]))
            start = end
            while start < b.end and text[start].isspace():
                start += 1
        if start < b.end:
            out.append(Sentence(len(out), start, b.end, b.index, text[start : b.end]))
    return out


def _quote_role(text: str, i: int, lo: int, hi: int) -> str:
    """'open' or 'close' for the quotation mark at i, from its neighbours."""
    ch = text[i]
    if ch == "“":
        return "open"
    if ch == "”":
        return "close"
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if (prev.isspace() or prev in "([—–-:") and not nxt.isspace():
        return "open"
    return "close"


def quote_spans(text: str, bl: list[Block]) -> list[QuoteSpan]:
    """Double-quoted spans per line; a new opening mark closes an unclosed earlier one."""
    out: list[QuoteSpan] = []
    for b in bl:
        if b.heading:
            continue
        opened: int | None = None
        for i in range(b.start, b.end):
            ch = text[i]
            if ch not in '"“”':
                continue
            role = _quote_role(text, i, b.start, b.end)
            if role == "open":
                if opened is not None:
                    _add_span(out, text, opened, i, None, b.index)
                opened = i
            elif opened is not None:
                _add_span(out, text, opened, i, i, b.index)
                opened = None
        if opened is not None:
            _add_span(out, text, opened, b.end, None, b.index)
    return out


def _add_span(
    out: list[QuoteSpan], text: str, opened: int, end: int, close: int | None, block: int
) -> None:
    start = opened + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    if end > start:
        out.append(QuoteSpan(opened, start, end, close, block))
