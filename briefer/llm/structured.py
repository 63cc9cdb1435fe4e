"""Structured output: the strict JSON schema we send, and reading the JSON a model sends back.

Kept apart from the transport so it can be tested without a server and reused by anything
that talks to a model.
"""

from __future__ import annotations

import copy
import importlib.machinery
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from briefer.schema import MEMO_ITEMS, Model

if TYPE_CHECKING:
    from pydantic import ValidationError

T = TypeVar("T", bound=Model)

JsonDict = dict[str, Any]

# Keys that only document a pydantic model and that OpenAI's strict mode rejects or ignores.
_NOISE = ("title", "default", "examples")
# String bounds: a grammar-compiling server honours them; OpenAI's strict mode has no place.
_LENGTHS = ("maxLength", "minLength")


class AnswerError(ValueError):
    """The model's answer is not JSON, or not JSON of the requested shape.

    `problem` is short and single-line: fit for an error message and for the repair prompt.
    """

    def __init__(self, problem: str, details: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.details = details or problem


def strict_schema(model: type[Model], lengths: bool = False, items: int | None = None) -> JsonDict:
    """`model`'s JSON schema made acceptable to OpenAI's strict structured output.

    Every object gets `additionalProperties: false` and lists all its properties in
    `required` (optional fields stay nullable through their `anyOf [..., null]`), titles and
    defaults are dropped, descriptions kept. `$defs` references stay as references unless a
    reference carries sibling keys (strict mode forbids that), in which case it is inlined.

    List bounds (`maxItems`) stay: strict mode accepts them. String bounds (`maxLength`)
    stay only with `lengths`, for endpoints that compile the schema into a grammar
    (llama.cpp, vLLM); OpenAI's strict subset has no place for them. With `items`, the
    lists the memo shows allow no more than it shows (--max-items).
    """
    fixed: JsonDict = json.loads(_strict_schema_json(model, lengths, items))
    return fixed


def _strict_schema_json(model: type[Model], lengths: bool, items: int | None) -> str:
    """Made once per process (every request needs it twice: cache key and body), and kept
    on disk between runs: pydantic takes a third of a second to make the first one, which
    would delay every run's first request (and a cached re-run would need pydantic only
    for this)."""
    key = (model, lengths, items)
    made = _STRICT.get(key)
    if made is None:
        inputs = _schema_inputs(model)
        if inputs is None:
            made = _make_strict(model, lengths, items)
        else:
            from briefer.machine_cache import kept_text

            name = f"{model.__module__}.{model.__qualname__} {lengths} {items}"
            made = kept_text("schemas", name, inputs, lambda: _make_strict(model, lengths, items))
        _STRICT[key] = made
    return made


def _make_strict(model: type[Model], lengths: bool, items: int | None) -> str:
    root = copy.deepcopy(model.model_json_schema())
    fixed: JsonDict = _strict(root, root, lengths, items)
    if fixed.get("type") != "object":
        raise TypeError(f"{model.__name__}: the root of a structured answer must be an object")
    return json.dumps(fixed)


def _schema_inputs(model: type[Model]) -> list[Path] | None:
    """The files a model's strict schema is derived from: the modules of the model and of
    every class it inherits from, this module, and pydantic's version (found without
    importing it). None when one of them is not a file."""
    files = {getattr(sys.modules.get(c.__module__), "__file__", None) for c in model.__mro__}
    files.discard(None)  # builtins (object)
    files.add(__file__)
    spec = importlib.machinery.PathFinder.find_spec("pydantic")
    if spec is None or spec.origin is None:
        return None
    files.add(str(Path(spec.origin).with_name("version.py")))
    return sorted(Path(f) for f in files if isinstance(f, str))


_STRICT: dict[tuple[type[Model], bool, int | None], str] = {}


def _strict(node: Any, root: JsonDict, lengths: bool, items: int | None = None) -> Any:
    if isinstance(node, list):
        return [_strict(item, root, lengths, items) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and len(node) > 1:
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        node = {**_resolve(root, ref), **siblings}
    out: JsonDict = {}
    for key, value in node.items():
        if key in _NOISE or key == MEMO_ITEMS or (key in _LENGTHS and not lengths):
            continue
        if key in ("properties", "$defs", "definitions") and isinstance(value, dict):
            out[key] = {name: _strict(sub, root, lengths, items) for name, sub in value.items()}
        elif key in ("items", "anyOf", "oneOf", "allOf", "prefixItems", "not"):
            out[key] = _strict(value, root, lengths, items)
        else:
            out[key] = value
    if node.get(MEMO_ITEMS) and items is not None and isinstance(out.get("maxItems"), int):
        out["maxItems"] = max(1, min(out["maxItems"], items))
    all_of = out.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1 and isinstance(all_of[0], dict):
        del out["allOf"]
        out = {**all_of[0], **out}
    if out.get("type") == "object" or "properties" in out:
        extra = out.get("additionalProperties")
        if "properties" not in out and extra not in (None, False):
            raise TypeError("strict structured output cannot express a free-form mapping")
        out["type"] = "object"
        props = out.setdefault("properties", {})
        out["required"] = list(props)
        out["additionalProperties"] = False
    return out


def _resolve(root: JsonDict, ref: str) -> JsonDict:
    if not ref.startswith("#/"):
        raise ValueError(f"unsupported $ref {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    if not isinstance(node, dict):
        raise ValueError(f"$ref {ref!r} does not name a schema")
    return node


def schema_name(model: type[Model]) -> str:
    """The `json_schema.name` OpenAI wants: ^[a-zA-Z0-9_-]{1,64}$."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", model.__name__)[:64] or "answer"


def schema_instructions(model: type[Model], lengths: bool = False, items: int | None = None) -> str:
    """The schema as prompt text, for servers without `json_schema` response formats.

    The phrase "(named X)" is also what the test server reads to tell answers apart.
    """
    schema = json.dumps(
        strict_schema(model, lengths, items), ensure_ascii=False, separators=(",", ":")
    )
    return (
        f"Answer with one JSON object (named {schema_name(model)}) that matches this JSON "
        f"schema exactly, with no other text:\n{schema}"
    )


_FENCE = re.compile(r"```(?:json|JSON)?[ \t]*\n?(.*?)```", re.DOTALL)


def extract_json(text: str) -> Any:
    """The JSON value in `text`, tolerating code fences and prose around one object."""
    stripped = text.strip()
    if not stripped:
        raise AnswerError("the answer is empty")
    candidates = [stripped]
    candidates += [m.group(1).strip() for m in _FENCE.finditer(stripped)]
    start, end = stripped.find("{"), stripped.rfind("}")
    if 0 <= start < end:
        candidates.append(stripped[start : end + 1])
    error: json.JSONDecodeError | None = None
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except json.JSONDecodeError as exc:
            error = error or exc
            continue
        except RecursionError:
            raise AnswerError("the answer is JSON nested too deeply to read") from None
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise AnswerError(
                "the answer holds text that is not valid Unicode (a lone surrogate escape)"
            ) from None
        except RecursionError:
            raise AnswerError("the answer is JSON nested too deeply to read") from None
        return value
    assert error is not None
    raise AnswerError(
        f"the answer is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
    )


def validation_problems(exc: ValidationError, limit: int = 5) -> list[str]:
    """Pydantic's errors as short `path: message` lines, at most `limit`."""
    lines = []
    for err in exc.errors(include_url=False)[:limit]:
        where = ".".join(str(p) for p in err["loc"]) or "(root)"
        lines.append(f"{where}: {err['msg']}")
    more = exc.error_count() - limit
    if more > 0:
        lines.append(f"... and {more} more")
    return lines


def parse_answer(text: str, model: type[T]) -> T:
    """Parse and validate one answer; raise AnswerError with a short problem statement."""
    value = extract_json(text)
    if not isinstance(value, dict):
        raise AnswerError(f"the answer is JSON but not an object (got {type(value).__name__})")
    try:
        return model.model_validate(value)
    except Exception as exc:
        from pydantic import ValidationError  # imported already if it raised this

        if not isinstance(exc, ValidationError):
            raise
        problems = validation_problems(exc)
        count = exc.error_count()
        first = f"{problems[0]}" + (f" (and {count - 1} more)" if count > 1 else "")
        raise AnswerError(
            f"the answer does not match the {model.__name__} schema: {first}",
            "\n".join(problems),
        ) from None
