"""The offline engine's claimants on invented articles, one class of attribution at a time:
transcript labels of every shape, anonymous sources, "the company said", places and outlets
that are not actors, and references across paragraphs."""

from __future__ import annotations

import pytest

from briefer.offline import draft_text
from briefer.offline.text import blocks, speaker_label
from briefer.schema import Draft
from briefer.source import from_bytes


def _draft(text: str) -> Draft:
    return draft_text(from_bytes(text.encode(), "t.txt").text)


def _claimant_of(d: Draft, words: str) -> str:
    hits = [c.claimant for c in d.claims if words in c.quote]
    assert hits, f"no claim quotes {words!r}: {[c.quote for c in d.claims]}"
    return hits[0]


def _names(d: Draft) -> set[str]:
    return {a.name for a in d.actors} | {al for a in d.actors for al in a.aliases}


# --- transcript speaker labels -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("OKONKWO: We will not raise the levy.", "OKONKWO"),
        ("MR. DE SOUSA: The figures are wrong.", "MR. DE SOUSA"),
        ("Ms Haverkamp: That is not what I said.", "MS HAVERKAMP"),
        ("Dr. Lin Wei-ting: The vaccine is safe.", "DR. LIN WEI-TING"),
        ("IBÁÑEZ: No.", "IBÁÑEZ"),
        ("O'DONNELL-RÍOS: It was approved in May.", "O'DONNELL-RÍOS"),
        ("MAREK WÓJCIK (Lakeside North, Green Party): Will she resign?", "MAREK WÓJCIK"),
        ("THE SECRETARY OF STATE (Ines Falk): We have no such plan.", "INES FALK"),
        ("CHAIR (Ms Tovey): Order.", "MS TOVEY"),
        ("Q: Why now?", "Q"),
        ("A: Because the money ran out.", "A"),
        ("THE SPEAKER: Order.", "THE SPEAKER"),
    ],
)
def test_speaker_labels_of_every_shape(line: str, label: str) -> None:
    text = "A transcript\n\n" + line + "\n"
    got = speaker_label(text, blocks(text)[1])
    assert got is not None and got[0] == label


@pytest.mark.parametrize(
    "line",
    [
        "Update: the road reopened at noon on Friday after the clearing.",
        "The bottom line: nobody knows how much the repairs will cost in the end.",
        "In short: the deal is off, and the talks will resume in the spring.",
        "Warning signs: falling orders and rising stocks in the warehouses.",
    ],
)
def test_prose_with_a_colon_is_no_label(line: str) -> None:
    text = "A story\n\n" + line + "\n"
    got = speaker_label(text, blocks(text)[1])
    assert got is None or got[0] in {"UPDATE"}  # upper-cased word labels are filtered later


QUESTION_TIME = (
    "Ferry fares: minister questioned in the Assembly\n\n"
    "An edited record of questions to the Minister for Transport, Gwendolyn Ó Briain, in the "
    "Assembly on Thursday.\n\n"
    "THE SPEAKER: Question one, the member for Harrowgate.\n\n"
    "PIOTR ZAWADZKI (Harrowgate, Reform Union): Thank you, Mr Speaker. Fares on the island "
    "routes have doubled in two years. Families on the islands are paying for the "
    "minister's mistakes. Will she cap them?\n\n"
    "THE MINISTER FOR TRANSPORT (Gwendolyn Ó Briain): The member knows that fares are set "
    "by the operator. We have frozen the harbour charges that make up a third of each "
    "ticket.\n\n"
    "ZAWADZKI: A freeze is not a cap. The islanders deserve better than a freeze.\n\n"
    "Ó BRIAIN: The operator's contract ends next spring. The new contract will cap fares for "
    "residents.\n\n"
    "THE SPEAKER: Order. The minister will be heard.\n\n"
    "Ó BRIAIN: That is a promise, and it is in the tender documents.\n"
)


def test_question_time_labels_are_the_members_and_the_minister() -> None:
    d = _draft(QUESTION_TIME)
    # a role label with a name in brackets is that person; her surname label is her too
    assert _claimant_of(d, "We have frozen the harbour charges") == "Gwendolyn Ó Briain"
    assert _claimant_of(d, "The new contract will cap fares") == "Gwendolyn Ó Briain"
    assert _claimant_of(d, "it is in the tender documents") == "Gwendolyn Ó Briain"
    # a member's question argues before it asks: the argument is his
    assert _claimant_of(d, "Fares on the island routes have doubled") == "Piotr Zawadzki"
    assert _claimant_of(d, "A freeze is not a cap") == "Piotr Zawadzki"
    # whoever presides keeps order, makes no claims, and is no actor
    assert not [c for c in d.claims if "heard" in c.quote or "Question one" in c.quote]
    assert "The Speaker" not in _names(d)
    # a constituency in brackets is not an organisation
    assert "Harrowgate" not in {a.name for a in d.actors if a.kind == "organisation"}


HEARING = (
    "Committee hears from the water regulator\n\n"
    "The committee took evidence from Dr. Lin Wei-ting, the regulator's chief scientist, "
    "and from Mr. Rhys Ap-Owen of the Consumer Council.\n\n"
    "CHAIR (Ms Tovey): Dr. Lin, how many samples failed? And when did you know?\n\n"
    "Dr. Lin Wei-ting: Eleven samples failed in March. We told the companies within a day.\n\n"
    "The results are published every quarter.\n\n"
    "CHAIR (Ms Tovey): Mr. Ap-Owen, were customers told? Why not?\n\n"
    "MR. AP-OWEN: Customers were not told for six weeks. That is unacceptable.\n"
)


def test_hearing_labels_with_honorifics_and_runs_on() -> None:
    d = _draft(HEARING)
    assert _claimant_of(d, "Eleven samples failed in March") == "Lin Wei-ting"
    # an unlabelled paragraph continues the turn before it
    assert _claimant_of(d, "The results are published every quarter") == "Lin Wei-ting"
    assert _claimant_of(d, "Customers were not told for six weeks") == "Rhys Ap-Owen"
    assert not [c for c in d.claims if c.quote.endswith("?")]
