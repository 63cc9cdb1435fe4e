"""Building data model instances without pydantic gives what pydantic gives, or nothing.

`briefer.exact.build` takes only data already of exactly the declared types; whatever it
takes, pydantic must accept and turn into an equal instance of the same shape, and whatever
pydantic refuses, `build` must refuse too (then pydantic says what is wrong).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any, Literal, Union

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from briefer import schema
from briefer.exact import build
from briefer.schema import Actor, Brief, Draft, Extraction, Synthesis, _adapter

MODELS = [
    schema.Actor,
    schema.Claim,
    schema.Development,
    schema.Extraction,
    schema.Synthesis,
    schema.Draft,
    schema.CheckedClaim,
    schema.SourceEntry,
]
"""The answers' models, and the checked and source ones a brief read back from JSON holds."""
JSON_ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
RARELY = st.integers(0, 30)
"""0 now and then: draw something odd."""


def near(tp: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of type `tp`, now and then of another type (a string for a number, a bool
    for an int, a float, a missing or an extra key), at any depth."""
    if not depth:
        return exact(tp, depth)
    return RARELY.flatmap(lambda k: JSON_ANY if k == 0 else exact(tp, depth))


def exact(tp: Any, depth: int) -> st.SearchStrategy[Any]:
    if tp is str:
        return st.text(max_size=8)
    if tp is bool:
        return st.booleans()
    if tp is int:
        odd = st.sampled_from([2**63 - 1, 2**63, -(2**63), True, 1.0])
        return RARELY.flatmap(lambda k: odd if k == 0 else st.integers())
    if tp is type(None):
        return st.none()
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list:
        return st.lists(near(args[0], depth + 1), max_size=3)
    if origin is Literal:
        odd = st.sampled_from([a.upper() for a in args])
        return RARELY.flatmap(lambda k: odd if k == 0 else st.sampled_from(args))
    if origin in (Union, types.UnionType):
        return st.one_of(*(near(a, depth + 1) for a in args))
    assert dataclasses.is_dataclass(tp), tp
    hints = typing.get_type_hints(tp)
    fields = [f for f in dataclasses.fields(tp) if f.init]
    given = st.fixed_dictionaries({f.name: near(hints[f.name], depth + 1) for f in fields})
    extra = st.dictionaries(st.sampled_from(["extra", *(f.name for f in fields)]), JSON_ANY)
    dropped = st.sets(st.sampled_from([f.name for f in fields]), max_size=1)
    extra = RARELY.flatmap(lambda k: extra if k == 0 else st.just({}))
    dropped = RARELY.flatmap(lambda k: dropped if k == 0 else st.just(set()))
    return st.builds(_changed, given, extra, dropped)


def _changed(given: dict[str, Any], extra: dict[str, Any], dropped: set[str]) -> dict[str, Any]:
    out = {**given, **extra}
    for name in dropped:
        out.pop(name, None)
    return out


def shape(value: Any) -> Any:
    """The value with the type of every part, so that 1 and True or 1 and 1.0 differ."""
    if dataclasses.is_dataclass(value):
        fields = dataclasses.fields(value)
        return (type(value), [(f.name, shape(getattr(value, f.name))) for f in fields])
    if isinstance(value, list):
        return [shape(v) for v in value]
    return (type(value), value)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_built_without_pydantic_only_what_pydantic_builds_alike(model: Any, data: Any) -> None:
    value = data.draw(exact(model, 1))
    fast = build(model, value)
    try:
        slow = _adapter(model).validate_python(value)
    except ValidationError:
        assert fast is None
        return
    if fast is not None:
        assert shape(fast) == shape(slow)


def test_answers_of_their_exact_types_need_no_pydantic() -> None:
    actor = {"name": "Mara Olsen", "aliases": ["Olsen"], "kind": "person"}
    actor |= {"role": None, "stance": "for"}
    claim = {"statement": "s", "claimant": "Mara Olsen", "quote": "q", "kind": "denial"}
    claim |= {"hedging": None}
    dev = {"when": None, "what": "w", "where": None, "actors": [], "evidence": "e"}
    extraction = {"actors": [actor], "claims": [claim], "developments": [dev]}
    built = build(Extraction, extraction)
    assert (
        built
        == Extraction.model_validate(extraction)
        == _adapter(Extraction).validate_python(extraction)
    )
    assert isinstance(built, Extraction) and isinstance(built.actors[0], Actor)
    lists = {"outlook": [], "gaps": ["g"]}
    synthesis = {"title": "t", "bottom_line": "b", **lists, "key_actors": [0], "key_claims": []}
    assert build(Synthesis, {**synthesis, "key_developments": [2]}) is not None
    draft = {"title": "t", "bottom_line": "b", **lists, **extraction}
    assert build(Draft, draft) is not None
    # Not exactly of its types: pydantic decides (and here coerces or refuses).
    assert build(Synthesis, {**synthesis, "key_developments": ["2"]}) is None
    assert build(Actor, {**actor, "kind": "planet"}) is None
    assert build(Actor, {**actor, "extra": 1}) is None
    assert build(Brief, {}) is None


def test_a_brief_read_back_from_json_is_built_alike() -> None:
    from test_schema import _brief

    data = json.loads(json.dumps(_brief().model_dump()))
    assert build(Brief, data) == _adapter(Brief).validate_python(data) == _brief()
