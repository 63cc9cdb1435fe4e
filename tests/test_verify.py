"""Quote grounding: tolerant of layout, strict on content, offsets in the normalised text."""

from __future__ import annotations

import json
import random
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefer.source import Document, from_bytes
from briefer.verify import (
    MAX_BRACKET_CHARS,
    MAX_ELLIPSIS_GAP,
    MAX_SHORT_ELLIPSIS_GAP,
    NEGATIONS,
    Index,
    Match,
    index_for,
    locate,
)

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

# Our own article (fiction), written for these tests: curly quotes, dashes, numbers,
# names, negations and contractions.
HARBOUR = """\
Harbour Authority Delays Vote on £45m Dredging Plan

The Meridale Harbour Authority postponed a vote on its £45m dredging plan on Tuesday, \
after fishermen said the work would not protect the 3,200 jobs that depend on the port.

“We didn’t ask for a new channel — we asked for a safe one,” said Ruth Okafor, who chairs \
the Meridale Fishermen’s Association. “Nobody has shown us that the spoil won’t end up on \
the oyster beds.”

The authority’s chief executive, Tomasz Brennan, said the scheme was “not negotiable in \
its essentials” but that the board would publish a revised environmental study within 30 \
days. He said the port had lost 9.5% of its tonnage in 2023, and that without deeper \
berths it could lose a further 12% by 2026.

Local councillor Priya Natarajan, who opposed the plan at a public meeting in March, \
said she was “cautiously relieved”. She added: “This is a pause, not a cancellation. \
The board never consulted the harbour users before it signed the contract.”

According to documents seen by the Meridale Gazette, the contractor — Van Hoorn Marine — \
had already moved two dredgers to the estuary. The company did not respond to requests \
for comment, and the authority declined to say whether it would pay a cancellation fee.

Mr. Brennan said the U.S.-built dredgers were “the only vessels available before the \
autumn storms”. He insisted the authority could not delay beyond 1 October without \
losing a £2.1m government grant, and that the vote would be held “no later than the 14th”.
"""

ASSEMBLY = """\
Water Board Rejects Tariff Rise

The Kelsby Water Board voted 7-2 on Monday against raising household tariffs by 4.8%, \
saying customers could not absorb another increase this year.

Board chair Anselm Whitcombe said the utility “will not pass the cost of the new treatment \
works on to families who are already struggling”. He did say, however, that commercial \
users might see a rise of 2% from April.

Treasurer Ines Calloway warned that the board had borrowed £18.6m and that interest \
payments now took 11% of revenue. “We can’t keep borrowing at these rates,” she said. \
“If nothing changes, the reserve will be empty by 2027.”

Two members, Dorota Fenwick and Marcus Oyelaran, voted for the increase. Ms Fenwick said \
the board was “choosing a crisis next year over a hard decision this year”.
"""


def doc_of(text: str, name: str = "t.txt") -> Document:
    return from_bytes(text.encode(), name)


@dataclass(frozen=True)
class Article:
    doc: Document
    paragraphs: tuple[str, ...]  # paragraph texts, each a slice of doc.text


def article(text: str, name: str) -> Article:
    doc = doc_of(text, name)
    paras = tuple(doc.text[s:e] for s, e in doc.paragraphs)
    return Article(doc, tuple(p for p in paras if len(p.split()) >= 6))


def corpus_articles() -> list[Article]:
    if not CORPUS.is_dir():
        return []
    return [
        article(p.read_text(encoding="utf-8"), str(p.relative_to(CORPUS)))
        for p in sorted(CORPUS.glob("*/*.txt"))
    ]


ARTICLES = [article(HARBOUR, "harbour.txt"), article(ASSEMBLY, "assembly.txt")]
ARTICLES += corpus_articles()

# Every whitespace-delimited word of every long paragraph: (article, paragraph, word index).
Site = tuple[int, int, int]
SITES: list[Site] = [
    (a, p, w)
    for a, art in enumerate(ARTICLES)
    for p, para in enumerate(art.paragraphs)
    for w in range(len(para.split()))
]

NEGATION_WORDS = {"not", "no", "never", "nobody", "nothing", "none", "nor", "neither", "without"}
NEGATION_WORDS |= {"cannot", "nowhere", "noone"}  # as briefer.verify.NEGATIONS
NEGATION_WORDS |= NEGATIONS  # and the apostrophe-less and other-language ones
CONTRACTABLE = {"is", "was", "did", "does", "do", "has", "have", "could", "would", "should"}
CONTRACTABLE |= {"are", "were", "had"}
CONTRACTED = re.compile(r"^(\W*)(\w+)n[’']t(\W*)$", re.IGNORECASE)
UNCONTRACT = {"won": "will", "can": "can", "shan": "shall", "ain": "am"}


def bare(word: str) -> str:
    return re.sub(r"^\W+|\W+$", "", word).lower()


def is_negation(word: str) -> bool:
    return bare(word) in NEGATION_WORDS or bool(CONTRACTED.match(word))


def naive_words(text: str) -> list[str]:
    """An independent reading of text as words, for spotting accidental genuine quotes."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[’‘'`´]", "", text)
    return re.findall(r"\w+", text)


def naively_present(quote: str, doc: Document) -> bool:
    return " " + " ".join(naive_words(quote)) + " " in " " + " ".join(naive_words(doc.text)) + " "


def words_of(site: Site) -> list[str]:
    a, p, _ = site
    return ARTICLES[a].paragraphs[p].split()


# --- reformatting that must never change the verdict -------------------------------------

DOUBLE = ['"', "“", "”", "„", "″", "«"]
SINGLE = ["'", "’", "‘", "ʼ", "`"]
DASH = ["-", "–", "—", "‒", "−"]
SPACE = [" ", "  ", "\n", " \n ", "\t", "\u00a0"]
CASES: list[Callable[[str], str]] = [str, str.upper, str.lower, str.title, str.swapcase]


def reformat(quote: str, rnd: random.Random) -> str:
    """Change case, quote marks, dashes and whitespace, as a model or an editor might."""
    quote = rnd.choice(CASES)(quote)
    quote = re.sub(r"[\"“”„″«»]", lambda _: rnd.choice(DOUBLE), quote)
    quote = re.sub(r"[’‘'ʼ`]", lambda _: rnd.choice(SINGLE), quote)
    quote = re.sub(r"[-–—‒−]", lambda _: rnd.choice(DASH), quote)
    quote = re.sub(r"\s+", lambda _: rnd.choice(SPACE), quote)
    edges = rnd.choice([("", ""), ("“", "”"), ('"', '",'), ("", "."), ("...", ""), ("'", "'")])
    return edges[0] + quote + edges[1]


@st.composite
def genuine_quotes(draw: st.DrawFn, min_words: int = 4) -> tuple[Document, list[str]]:
    """A run of whole words from a real paragraph, as a list of its words."""
    a, p, _ = draw(st.sampled_from(SITES))
    words = ARTICLES[a].paragraphs[p].split()
    assume(len(words) >= min_words)
    n = draw(st.integers(min_words, min(len(words), 30)))
    i = draw(st.integers(0, len(words) - n))
    return ARTICLES[a].doc, words[i : i + n]


def has_content(words: list[str]) -> bool:
    return sum(any(c.isalnum() for c in w) for w in words) >= 2


PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@PROPERTY
@given(genuine_quotes(), st.randoms(use_true_random=False))
def test_genuine_quote_survives_reformatting(
    found: tuple[Document, list[str]], rnd: random.Random
) -> None:
    doc, words = found
    quote = " ".join(words)
    assume(sum(c.isalnum() for c in quote) >= 3)
    match = locate(reformat(quote, rnd), doc)
    assert match.verified
    assert match.start is not None and match.end is not None
    # The located text is the quote, word for word.
    assert naive_words(doc.text[match.start : match.end]) == naive_words(quote)
    assert match.paragraph == doc.paragraph_at(match.start)


@PROPERTY
@given(genuine_quotes(min_words=6), st.data(), st.randoms(use_true_random=False))
def test_genuine_quote_with_ellipsis_survives(
    found: tuple[Document, list[str]], data: st.DataObject, rnd: random.Random
) -> None:
    doc, words = found
    cut_from = data.draw(st.integers(2, len(words) - 3))
    cut_to = data.draw(st.integers(cut_from + 1, len(words) - 2))
    left, gone, right = words[:cut_from], words[cut_from:cut_to], words[cut_to:]
    # Eliding a negation is exactly what must fail (see the negation tests).
    assume(has_content(left) and has_content(right))
    assume(not any(is_negation(w) for w in gone))
    mark = data.draw(st.sampled_from([" ... ", "...", " … ", "…", " [...] ", " . . . "]))
    quote = reformat(" ".join(left) + mark + " ".join(right), rnd)
    match = locate(quote, doc)
    assert match.verified, quote
    assert match.start is not None and match.end is not None
    located = naive_words(doc.text[match.start : match.end])
    head, tail = naive_words(" ".join(left)), naive_words(" ".join(right))
    assert located[: len(head)] == head
    assert located[len(located) - len(tail) :] == tail


@PROPERTY
@given(genuine_quotes(), st.data(), st.randoms(use_true_random=False))
def test_genuine_quote_with_bracketed_lead_survives(
    found: tuple[Document, list[str]], data: st.DataObject, rnd: random.Random
) -> None:
    doc, words = found
    dropped = words[0]
    assume(any(c.isalnum() for c in dropped) and not is_negation(dropped))
    assume(has_content(words[1:]))
    gloss = data.draw(st.sampled_from(["[the board]", "[North Korea]", "[he]", "[Ms Okafor]"]))
    match = locate(reformat(gloss + " " + " ".join(words[1:]), rnd), doc)
    assert match.verified


def sites_where(pred: Callable[[str], bool]) -> list[Site]:
    return [s for s in SITES if pred(words_of(s)[s[2]])]


NUMBER_SITES = sites_where(lambda w: bool(re.search(r"\d", w)))
NAME_SITES = sites_where(lambda w: bool(re.fullmatch(r"[“\"‘']?[A-Z][a-z]{2,}[,.’'”\"]?", w)))
NEGATION_SITES = sites_where(is_negation)
CONTRACTABLE_SITES = sites_where(lambda w: bare(w) in CONTRACTABLE)


@st.composite
def around(draw: st.DrawFn, sites: list[Site]) -> tuple[Document, list[str], int]:
    """A genuine quote holding the word at a chosen site: (doc, words, that word's index)."""
    a, p, w = draw(st.sampled_from(sites))
    words = ARTICLES[a].paragraphs[p].split()
    before = draw(st.integers(1, 8))
    after = draw(st.integers(1, 8))
    lo, hi = max(0, w - before), min(len(words), w + after + 1)
    return ARTICLES[a].doc, words[lo:hi], w - lo


def alter_number(word: str, rnd: random.Random) -> str:
    runs = list(re.finditer(r"\d+", word))
    run = rnd.choice(runs)
    digits = run.group()
    kind = rnd.choice(["change", "insert", "delete"] if len(digits) > 1 else ["change", "insert"])
    pos = rnd.randrange(len(digits))
    if kind == "change":
        new = digits[:pos] + str((int(digits[pos]) + rnd.randint(1, 9)) % 10) + digits[pos + 1 :]
    elif kind == "insert":
        new = digits[:pos] + str(rnd.randint(1, 9)) + digits[pos:]
    else:
        new = digits[:pos] + digits[pos + 1 :]
    return word[: run.start()] + new + word[run.end() :]


def refuse(doc: Document, words: list[str], rnd: random.Random) -> None:
    """An altered quote, however it is laid out, must not verify unless truly present."""
    quote = " ".join(words)
    assume(not naively_present(quote, doc))
    assert not locate(quote, doc).verified, quote
    assert not locate(reformat(quote, rnd), doc).verified, quote


@PROPERTY
@given(around(NUMBER_SITES), st.randoms(use_true_random=False))
def test_altered_number_never_verifies(
    found: tuple[Document, list[str], int], rnd: random.Random
) -> None:
    doc, words, at = found
    words[at] = alter_number(words[at], rnd)
    refuse(doc, words, rnd)


STRANGERS = ["Okonkwo-Lindqvist", "Zabrowska", "Ferreira-Haug", "Quillfeather", "Tsvangarai"]


@PROPERTY
@given(around(NAME_SITES), st.sampled_from(STRANGERS), st.randoms(use_true_random=False))
def test_swapped_name_never_verifies(
    found: tuple[Document, list[str], int], stranger: str, rnd: random.Random
) -> None:
    doc, words, at = found
    assume(stranger.casefold() not in doc.text.casefold())
    words[at] = re.sub(r"[A-Z][a-z]+", stranger, words[at], count=1)
    refuse(doc, words, rnd)


@PROPERTY
@given(genuine_quotes(), st.data(), st.randoms(use_true_random=False))
def test_inserted_negation_never_verifies(
    found: tuple[Document, list[str]], data: st.DataObject, rnd: random.Random
) -> None:
    doc, words = found
    at = data.draw(st.integers(1, len(words) - 1))
    words.insert(at, data.draw(st.sampled_from(["not", "never", "no", "NOT"])))
    refuse(doc, words, rnd)


@PROPERTY
@given(
    around(CONTRACTABLE_SITES), st.sampled_from(["n't", "n’t"]), st.randoms(use_true_random=False)
)
def test_contracted_negation_never_verifies(
    found: tuple[Document, list[str], int], suffix: str, rnd: random.Random
) -> None:
    doc, words, at = found
    words[at] = re.sub(r"(\w+)", lambda m: m.group(1) + suffix, words[at], count=1)
    refuse(doc, words, rnd)


@PROPERTY
@given(around(NEGATION_SITES), st.randoms(use_true_random=False))
def test_removed_negation_never_verifies(
    found: tuple[Document, list[str], int], rnd: random.Random
) -> None:
    doc, words, at = found
    contracted = CONTRACTED.match(words[at])
    if contracted:
        lead, stem, tail = contracted.groups()
        words[at] = lead + UNCONTRACT.get(stem.lower(), stem) + tail
    else:
        del words[at]
    assume(has_content(words))
    refuse(doc, words, rnd)


def test_sites_cover_every_kind_of_alteration() -> None:
    # The negative properties above are only as good as the places they can alter.
    for sites in (NUMBER_SITES, NAME_SITES, NEGATION_SITES, CONTRACTABLE_SITES):
        assert len(sites) >= 5


# --- one rule at a time -------------------------------------------------------------------

DOC = doc_of(HARBOUR, "harbour.txt")
WATER = doc_of(ASSEMBLY, "assembly.txt")


def found(quote: str, doc: Document = DOC) -> str:
    """The located source text of a quote that must verify."""
    m = locate(quote, doc)
    assert m.verified, quote
    assert m.start is not None and m.end is not None
    return doc.text[m.start : m.end]


def missing(quote: str, doc: Document = DOC) -> bool:
    return locate(quote, doc) == Match(False, None, None, None)


def test_exact_quote_maps_back_to_its_offsets() -> None:
    quote = "the board would publish a revised environmental study within 30 days"
    m = locate(quote, DOC)
    assert m.start == DOC.text.index(quote)
    assert m.end == m.start + len(quote)
    assert m.paragraph == 4


def test_paragraph_numbers_follow_the_source() -> None:
    assert locate("Harbour Authority Delays Vote", DOC).paragraph == 1
    assert locate("who chairs the Meridale Fishermen’s Association", DOC).paragraph == 3
    assert locate("the company did not respond to requests for comment", DOC).paragraph == 6
    assert locate("no later than the 14th", DOC).paragraph == 7


def test_whitespace_runs_and_newlines() -> None:
    assert found("the  oyster\n\nbeds") == "the oyster beds"
    # The source wraps nothing, so a quote over two paragraphs spans the break.
    assert found("oyster beds.” The authority’s chief executive").startswith("oyster beds")


def test_curly_and_straight_quote_marks() -> None:
    assert found('"We didn\'t ask for a new channel"') == "We didn’t ask for a new channel"
    assert found("the Meridale Fishermen's Association") == "the Meridale Fishermen’s Association"
    assert found("the spoil won`t end up") == "the spoil won’t end up"


def test_dashes() -> None:
    assert (
        found("a new channel - we asked for a safe one")
        == "a new channel — we asked for a safe one"
    )
    assert found("the contractor -- Van Hoorn Marine -- had already moved")
    assert found("voted 7–2 on Monday", WATER) == "voted 7-2 on Monday"


def test_case() -> None:
    assert found("HARBOUR AUTHORITY DELAYS VOTE ON £45M DREDGING PLAN").endswith("Plan")


def test_surrounding_marks_and_edge_punctuation() -> None:
    assert found("“This is a pause, not a cancellation,”") == "This is a pause, not a cancellation"
    assert found("...said she was cautiously relieved;") == "said she was “cautiously relieved"


def test_unicode_compatibility_forms() -> None:
    # NBSP, full-width letters and digits, a ligature, a soft hyphen, decomposed accents.
    assert found("within\u00a0３０ days")
    assert found("ＴＨＥ port had lost")
    assert found("conﬁrm", doc_of("They did not confirm it.")) == "confirm"
    assert found("cancel\u00adlation fee") == "cancellation fee"
    cafe = doc_of("She met him at the Café Noir on Friday.")
    assert found("the Cafe\u0301 Noir", cafe) == "the Café Noir"
    assert missing("the Cafe Noir", cafe)  # accents are letters, not layout


def test_offsets_survive_expanding_and_vanishing_characters() -> None:
    text = "Intro ﬁne ½ ß “x” \u00ad— then: the Straße was closed for 3 hours."
    doc = doc_of(text)
    quote = "the STRASSE was closed for 3 hours"
    m = locate(quote, doc)
    assert m.verified and m.start is not None and m.end is not None
    assert doc.text[m.start : m.end] == "the Straße was closed for 3 hours"
    assert found("ﬁne", doc) == "ﬁne"
    assert found("fine 1⁄2 ss", doc) == "ﬁne ½ ß"


def test_ellipsis_parts_in_order() -> None:
    quote = "“We didn’t ask for a new channel … safe one,” said Ruth Okafor"
    assert found(quote).startswith("We didn’t ask") and found(quote).endswith("Ruth Okafor")
    assert found("the board never consulted ... before it signed the contract")
    assert found("the board never consulted [...] before it signed the contract")
    assert missing("before it signed the contract ... the board never consulted")


def test_ellipsis_gap_is_bounded() -> None:
    filler = " ".join(f"Filler sentence number {i} says little." for i in range(80))
    doc = doc_of(f"The minister announced a review. {filler} The review will report in May.")
    assert len(filler) > MAX_ELLIPSIS_GAP
    assert missing("The minister announced ... will report in May", doc)
    near = doc_of("The minister announced a review. It will report in May.")
    assert found("The minister announced ... will report in May", near)


def test_one_word_ellipsis_parts_get_a_tighter_bound() -> None:
    words = " ".join(["filler"] * 60)
    doc = doc_of(f"The minister spoke. {words} She resigned in protest today.")
    assert MAX_SHORT_ELLIPSIS_GAP < len(words) < MAX_ELLIPSIS_GAP
    assert found("The minister spoke ... She resigned in protest", doc)
    assert missing("The minister ... resigned", doc)


def test_ellipsis_cannot_elide_a_negation() -> None:
    assert missing("the work would ... protect the 3,200 jobs")
    assert missing("The company did ... respond to requests for comment")
    assert missing("customers could ... absorb another increase", WATER)


def test_bracket_replaces_or_adds_a_gloss() -> None:
    assert found("[Brennan] said the scheme was") == "Brennan, said the scheme was"
    assert found("[the chief] said the scheme was") == "said the scheme was"
    assert found("[the harbour board] would publish a revised environmental study")
    assert found("the board [of the authority] would publish")  # not in the source at all
    assert found("the [Meridale] board would publish", doc_of("The board would publish it."))
    assert found("[He] insisted the authority could not delay beyond 1 October")


def test_bracket_present_in_the_source_extends_the_match() -> None:
    doc = doc_of("“[North Korea] delivered infantry rockets,” Mr. Kirby said.")
    assert found("[North Korea] delivered infantry rockets", doc) == (
        "North Korea] delivered infantry rockets"
    )
    assert found("[Pyongyang] delivered infantry rockets", doc) == "delivered infantry rockets"


def test_bracket_gap_is_bounded() -> None:
    doc = doc_of("The plan, which the three councils had drafted over many months, was dropped.")
    assert missing("The plan [by the councils] was dropped", doc)
    assert "which the three councils had drafted over many months" in doc.text
    assert len("which the three councils had drafted over many months") < MAX_BRACKET_CHARS


def test_bracket_cannot_hide_or_add_negation_or_numbers() -> None:
    doc = doc_of("Pyongyang never delivered rockets to Moscow, officials said.")
    assert missing("[North Korea] delivered rockets to Moscow", doc)
    assert missing("Pyongyang [never] delivered missiles", doc)
    assert found("Pyongyang [never] delivered rockets", doc)  # a literal bracket still counts
    assert missing("Pyongyang [did not] delivered rockets", doc)
    assert missing("delivered rockets [not] to Moscow", doc)
    assert missing("[30] rockets", doc_of("About 3 rockets fell."))
    assert missing("rockets [to Kyiv]", doc_of("rockets not to Kyiv"))


def test_attached_bracket_is_read_as_letters() -> None:
    assert found("[T]he board never consulted") == "The board never consulted"
    assert found(
        "the Meridale Harbour Authority['s] chief", doc_of("the Meridale Harbour Authority's chief")
    )
    assert missing("the authority['s] chief executive would", DOC)


def test_changed_numbers_never_match() -> None:
    assert found("the 3,200 jobs")
    assert missing("the 32,000 jobs")
    assert missing("the 3,201 jobs")
    assert missing("lost 9.6% of its tonnage")
    assert missing("lost 9.5 of its tonnage")
    assert missing("lost 95% of its tonnage")
    assert missing("a $45m dredging plan")
    assert missing("a £4.5m dredging plan")
    assert found("the 3200 jobs")  # the same number without its thousands separator
    assert missing("voted 7-3 on Monday", WATER)
    temps = doc_of("Temperatures fell to -5C overnight.")
    assert found("fell to −5C", temps) and missing("fell to 5C", temps)


def test_changed_names_never_match() -> None:
    assert missing("said Ruth Okoro")
    assert missing("chief executive, Tomas Brennan")
    assert found("the US-built dredgers") == "the U.S.-built dredgers"


def test_negation_is_content() -> None:
    assert missing("the work would protect the 3,200 jobs")
    assert missing("We did ask for a new channel")
    assert missing("We did not ask for a new channel")  # "didn't" is one word here
    assert missing("the authority could delay beyond 1 October")
    assert missing("the board consulted the harbour users")
    assert missing("the utility will pass the cost", WATER)
    assert missing("We can keep borrowing at these rates", WATER)
    assert found("the utility “will not pass the cost", WATER)


def test_empty_and_contentless_quotes_do_not_verify() -> None:
    for quote in ["", "   ", "…", "...", "“”", "[...]", "[the board]", "— , .", "a", "on"]:
        assert missing(quote), quote


def test_short_quotes_verify_when_present() -> None:
    assert found("Tuesday") == "Tuesday"
    assert found("£2.1m") == "£2.1m"
    assert missing("Wednesday")


def test_words_must_match_whole() -> None:
    assert missing("harbou")
    assert missing("the oyster bed")
    assert missing("ask for a new chann")


def test_index_is_reused_and_agrees_with_locate() -> None:
    assert index_for(DOC) is index_for(DOC)
    index = Index(DOC)
    for quote in ["the 3,200 jobs", "not negotiable in its essentials", "no such words here"]:
        assert index.locate(quote) == locate(quote, DOC)


def test_thirty_quotes_on_a_ten_thousand_word_document_are_fast() -> None:
    paragraphs = [f"Paragraph {i}: " + " ".join(HARBOUR.split()[i % 40 :]) for i in range(70)]
    doc = doc_of("\n\n".join(paragraphs))
    assert doc.words >= 10_000
    quotes = [
        "Paragraph 40: Harbour Authority Delays Vote",
        "the board never consulted ... before it signed the contract",
        "[He] insisted the authority could not delay",
        "words that are nowhere in the text at all",
        "the 3,200 jobs that depend on the port",
        "a pause, not a cancellation",
    ] * 5
    began = time.process_time()
    results = [locate(q, doc) for q in quotes]
    elapsed = time.process_time() - began
    assert [r.verified for r in results[:6]] == [True, True, True, False, True, True]
    assert elapsed < 0.5  # typically ~10 ms, index build included; the bound allows slow CI


# --- the annotated corpus -----------------------------------------------------------------


def test_every_gold_quote_verifies_in_place() -> None:
    gold_path = CORPUS / "gold.json"
    if not gold_path.is_file():
        pytest.skip(f"no corpus at {CORPUS}")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    checked = 0
    for name, notes in gold.items():
        doc = doc_of((CORPUS / name).read_text(encoding="utf-8"), name)
        strings = [c["quote"] for c in notes["claims"]]
        strings += [d["evidence"] for d in notes["developments"]]
        for quote in strings:
            m = locate(quote, doc)
            assert m.verified, (name, quote)
            assert m.start is not None and m.end is not None
            # Every gold string is an exact substring: the match must lie inside one.
            spots = [s.start() for s in re.finditer(re.escape(quote), doc.text)]
            assert any(s <= m.start and m.end <= s + len(quote) for s in spots), (name, quote)
            assert m.paragraph == doc.paragraph_at(m.start)
            checked += 1
    assert checked > 100


# --- scripts written without spaces ---------------------------------------------------------

# Our own sentences: a Chinese, a Japanese and a Korean report of a price rise.
CJK_ARTICLES = {
    "zh": "财政部长周三表示，由于原材料成本上升，价格明年将上涨百分之五，但工资不会变化。",
    "ja": "経済産業省は水曜日、原材料費の高騰により来年の物価が五パーセント上昇すると発表した。",
    "ko": "기획재정부 장관은 수요일 원자재 비용 상승으로 "
    "내년에 가격이 5퍼센트 오를 것이라고 밝혔다.",
}


@pytest.mark.parametrize(
    ("lang", "quote"),
    [
        ("zh", "价格明年将上涨百分之五"),  # mid-sentence, between commas
        ("zh", "成本上升，价格明年"),  # across punctuation, starting mid-clause
        ("zh", "“价格明年将上涨百分之五”"),  # quote marks of its own
        ("ja", "来年の物価が五パーセント上昇する"),
        ("ko", "가격이 5퍼센트 오를 것"),  # begins after the particle-bearing 내년에
        ("ko", "내년에 가격이"),
    ],
)
def test_quotes_inside_unspaced_sentences_are_found_in_place(lang: str, quote: str) -> None:
    doc = doc_of(CJK_ARTICLES[lang])
    m = locate(quote, doc)
    assert m.verified and m.start is not None and m.end is not None
    assert doc.text[m.start : m.end] == quote.strip("“”")
    assert m.paragraph == 1


@pytest.mark.parametrize(
    ("lang", "quote"),
    [
        ("zh", "价格明年将上涨百分之六"),  # a changed number
        ("zh", "价格明年将下跌百分之五"),  # a changed verb
        ("zh", "工资会变化"),  # the negation 不 dropped
        ("zh", "但工资...变化"),  # the negation elided
        ("ja", "来年の物価が六パーセント上昇する"),
        ("ko", "가격이 6퍼센트 오를 것"),
    ],
)
def test_altered_unspaced_quotes_are_not_found(lang: str, quote: str) -> None:
    assert not locate(quote, doc_of(CJK_ARTICLES[lang])).verified


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. said 3,000 didn't -5 9.5 10:30 a.m. $40 & more.",
        "Café Ménard’s owner, Zoë Ø. Łukasz — «non» — 2 500 € (ça va?)",
        "Ελλάδα και Россия: «да» — ١٢٣ and ½ off",
    ],
)
def test_text_without_unspaced_scripts_tokenizes_alike_with_the_narrow_pattern(
    text: str,
) -> None:
    """The tokenizer leaves the CJK, Thai... classes out where a text has none of those
    characters; for such a text both patterns must give the same tokens."""
    from briefer.verify import _token_pattern

    wide = [m.group() for m in _token_pattern(True).finditer(text)]
    narrow = [m.group() for m in _token_pattern(False).finditer(text)]
    assert wide == narrow and len(wide) > 5
