"""Data model instances from data that already has exactly their declared types.

A model's answer that keeps to its schema, and every answer read back from the response
cache (only answers that passed validation are stored), is a dict of plain JSON values of
exactly the types the dataclasses declare. Building those directly takes microseconds;
importing pydantic and building its validator takes a third of a second, before the
first answer can be used. Anything that is not exactly of its declared type (a string
where a number is due, an extra key, a missing field, a type this module does not know)
is left to pydantic, which coerces it or says what is wrong: what `build` accepts is
exactly what pydantic would give for it (tests/test_exact.py checks that against pydantic).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Literal, TypeVar, Union

T = TypeVar("T")

_INT_RANGE = range(-(2**63), 2**63)
"""Whole numbers taken as they are; bigger ones are left to pydantic."""


class _NotExact(Exception):
    """The data is not exactly of the declared type: pydantic decides."""


def build(cls: type[T], data: Any) -> T | None:
    """`cls` built from `data` if `data` is exactly of its declared types, else None."""
    try:
        made: T = _value(cls, data)
    except _NotExact:
        return None
    return made


def _value(tp: Any, value: Any) -> Any:
    if tp is str or tp is bool:
        if type(value) is not tp:
            raise _NotExact
        return value
    if tp is int:
        if type(value) is not int or value not in _INT_RANGE:
            raise _NotExact
        return value
    if tp is type(None):
        if value is not None:
            raise _NotExact
        return None
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _instance(tp, value)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list and len(args) == 1:
        if type(value) is not list:
            raise _NotExact
        return [_value(args[0], v) for v in value]
    if origin is Literal:
        if type(value) is not str or not all(type(a) is str for a in args) or value not in args:
            raise _NotExact
        return value
    if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        if value is None:
            return None
        return _value(args[0] if args[1] is type(None) else args[1], value)
    raise _NotExact  # a type pydantic knows better


def _instance(cls: type[Any], value: Any) -> Any:
    fields = _fields(cls)
    if fields is None or type(value) is not dict or not value.keys() <= fields.keys():
        raise _NotExact
    given = {}
    for name, (tp, required) in fields.items():
        if name in value:
            given[name] = _value(tp, value[name])
        elif required:
            raise _NotExact
    return cls(**given)


def _fields(cls: type[Any]) -> dict[str, tuple[Any, bool]] | None:
    if cls not in _FIELDS:
        _FIELDS[cls] = _resolve(cls)
    return _FIELDS[cls]


_FIELDS: dict[type[Any], dict[str, tuple[Any, bool]] | None] = {}


def _resolve(cls: type[Any]) -> dict[str, tuple[Any, bool]] | None:
    """Each field's resolved type and whether it must be given; None for a dataclass that
    would accept keys it does not declare (only `extra: forbid` ones are built here)."""
    config = getattr(cls, "__pydantic_config__", None)
    if not isinstance(config, dict) or config.get("extra") != "forbid":
        return None
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):
        return None
    missing = dataclasses.MISSING
    return {
        f.name: (hints[f.name], f.default is missing and f.default_factory is missing)
        for f in dataclasses.fields(cls)
        if f.init
    }
