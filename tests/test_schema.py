"""The data model: plain dataclasses that pydantic checks only where data comes from outside.

The JSON schemas the model is asked to fill are pinned by the recorded responses and the
strict-schema tests (test_llm_client.py); here, what the dataclasses must still do as
pydantic models did: refuse a bad answer, copy, dump and read back.
"""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from briefer.schema import Actor, Brief, CheckedClaim, Claim, Draft, SourceEntry, SourceInfo, Usage

ACTOR = {"name": "Mara Olsen", "aliases": [], "kind": "person", "role": None, "stance": None}


def _brief() -> Brief:
    claim = CheckedClaim(
        statement="The pier is closed.",
        claimant="Mara Olsen",
        quote="the pier is closed",
        kind="assertion",
        hedging=None,
        verified=True,
        paragraph=2,
        start=10,
        end=28,
    )
    return Brief(
        title="Pier closed",
        bottom_line="The pier is closed.",
        actors=[Actor(**ACTOR)],
        claims=[claim],
        developments=[],
        outlook=[],
        gaps=[],
        source=SourceInfo(path="a.txt", sha256="0" * 64, words=12, tokens=None, chunks=1),
        usage=Usage(engine="offline", model=None),
        date="2026-11-29",
    )


def test_an_answer_is_checked_as_pydantic_checked_it() -> None:
    assert Actor.model_validate(ACTOR) == Actor(**ACTOR)
    for bad in ({**ACTOR, "kind": "planet"}, {**ACTOR, "extra": 1}, {**ACTOR, "aliases": "x"}):
        with pytest.raises(ValidationError):
            Actor.model_validate(bad)
    missing = {k: v for k, v in ACTOR.items() if k != "role"}
    with pytest.raises(ValidationError, match="role"):
        Actor.model_validate(missing)  # nullable, yet required: strict structured output
    nested = {"title": "t", "bottom_line": "b", "actors": [{**ACTOR, "kind": 3}]}
    with pytest.raises(ValidationError, match=r"actors\.0\.kind"):
        Draft.model_validate(
            {**nested, "claims": [], "developments": [], "outlook": [], "gaps": []}
        )


def test_a_brief_survives_json_and_keeps_its_text_through_a_copy() -> None:
    brief = _brief()
    brief.attach_text("text the offsets point into")
    data = json.loads(json.dumps(brief.model_dump(mode="json")))
    again = Brief.model_validate(data)
    assert again == brief and again.text is None  # the text is no field: not in the JSON
    assert isinstance(again.claims[0], CheckedClaim) and isinstance(again.source, SourceInfo)
    assert Brief.model_validate_json(json.dumps(data)) == brief
    assert Brief.model_validate_json(brief.model_dump_json()) == brief
    assert "_text" not in data and "_text" not in json.dumps(Brief.model_json_schema())
    copied = brief.model_copy(update={"title": "Pier reopened"})
    assert copied.title == "Pier reopened" and brief.title == "Pier closed"
    assert copied.text == "text the offsets point into"
    assert copied.claims is brief.claims  # shallow, as pydantic's model_copy


def test_fields_keep_their_order_and_a_subclass_can_require_a_field() -> None:
    claim = _brief().claims[0].model_dump()
    assert list(claim)[:4] == ["verified", "paragraph", "start", "end"]
    assert list(Claim.model_json_schema()["properties"]) == [
        "statement",
        "claimant",
        "quote",
        "kind",
        "hedging",
    ]
    assert SourceInfo(path="a", sha256="", words=0, tokens=None, chunks=1).title is None
    with pytest.raises(TypeError):
        SourceEntry(path="a", sha256="", words=0, tokens=None, chunks=1, outlet=None, date=None)
    assert "title" in SourceEntry.model_json_schema()["required"]
