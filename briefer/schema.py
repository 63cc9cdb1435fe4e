"""The brief's data model.

Models the LLM fills (Actor, Claim, Development, Extraction, Synthesis, Draft) follow OpenAI's
strict structured output: every field required, nullable where a value may be absent, no
extra keys. The checked and assembled models (CheckedClaim, Brief, ...) are ours alone.

Lists and strings carry bounds (`maxItems`, `maxLength`) in the JSON schema only, never in
validation: a grammar-constrained server (llama.cpp) turns them into its grammar, so a
model that loops ends its list or its string instead of running to the output limit.
OpenAI's strict mode accepts `maxItems`; `maxLength` goes only to other endpoints
(`briefer.llm.structured.strict_schema`).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Self

if TYPE_CHECKING:
    from pydantic import TypeAdapter

ActorKind = Literal["person", "organisation", "state", "company", "group"]
ClaimKind = Literal["assertion", "denial", "assessment", "report"]


def _most(items: int) -> dict[str, Any]:
    return {"maxItems": items}


def _memo(items: int) -> dict[str, Any]:
    """A list the memo shows: at most `items`, fewer when the run shows fewer (--max-items)."""
    return {"maxItems": items, MEMO_ITEMS: True}


MEMO_ITEMS = "x-memo-items"
"""Marks a list bound that follows --max-items (`strict_schema(..., items=N)`)."""


class Doc:
    """A field's words for the JSON schema a model is asked to fill: its description and
    extra keys (bounds). Pydantic reads it when it builds a schema, on the model path only:
    a brief made without a model never imports pydantic."""

    def __init__(self, description: str | None = None, extra: dict[str, Any] | None = None):
        self.description = description
        self.extra = extra or {}

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        schema = handler(core_schema)
        if self.description is not None:
            schema["description"] = self.description
        schema.update(self.extra)
        return schema


class Model:
    """Base of the data model: plain dataclasses, checked by pydantic where data comes from
    outside (a model's answer, a brief read back from JSON).

    Building pydantic models took a third of an offline run's start-up; as dataclasses,
    pydantic is imported on the first validation or schema only. The `model_*` methods
    keep pydantic's names and meaning.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """`data` (a dict, as from JSON) checked against this model; raises pydantic's
        ValidationError.

        Data already of exactly the declared types is built without pydantic (`exact`):
        a run whose answers keep to their schema never imports it.
        """
        from briefer.exact import build

        made = build(cls, data)
        if made is not None:
            return made
        value: Self = _adapter(cls).validate_python(data)
        return value

    @classmethod
    def model_validate_json(cls, text: str | bytes) -> Self:
        value: Self = _adapter(cls).validate_json(text)
        return value

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        schema: dict[str, Any] = _adapter(cls).json_schema()
        return schema

    def model_dump(self, mode: str = "python") -> dict[str, Any]:
        """Fields as plain dicts and lists (alike in either `mode`: all are JSON types)."""
        del mode
        fields = dataclasses.fields(self)  # type: ignore[arg-type]
        return {f.name: _plain(getattr(self, f.name)) for f in fields if f.init}

    def model_dump_json(self) -> str:
        """The fields as compact JSON, non-ASCII kept (as pydantic writes it)."""
        return json.dumps(self.model_dump(), ensure_ascii=False, separators=(",", ":"))

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Self:
        """A shallow copy with `update` applied (not checked, as in pydantic)."""
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.__dict__.update(update or {})
        return clone


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.model_dump()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _adapter(cls: type[Model]) -> TypeAdapter[Any]:
    """The pydantic validator of `cls`, built on first use."""
    made = _ADAPTERS.get(cls)
    if made is None:
        from pydantic import TypeAdapter

        made = _ADAPTERS[cls] = TypeAdapter(cls)
    return made


_ADAPTERS: dict[type[Model], TypeAdapter[Any]] = {}


Name = Annotated[str, Doc(extra={"maxLength": 80})]
Phrase = Annotated[str, Doc(extra={"maxLength": 160})]
When = Annotated[str, Doc(extra={"maxLength": 60})]
Sentence = Annotated[str, Doc(extra={"maxLength": 300})]
Headline = Annotated[str, Doc(extra={"maxLength": 120})]
Paragraph = Annotated[str, Doc(extra={"maxLength": 600})]
Note = Annotated[str, Doc(extra={"maxLength": 240})]
ITEMS = 8
"""Most actors, claims or developments one answer may list (the memo's default too)."""
CHUNK_ITEMS = 12
"""Most of each one chunk's extraction may list: the merge keeps the best of several."""


@dataclass(kw_only=True)
class Actor(Model):
    name: Annotated[Name, Doc(description="Full name as the source gives it.")]
    aliases: Annotated[
        list[Name], Doc(description="Other names the source uses for this actor.", extra=_most(3))
    ]
    kind: ActorKind
    role: Annotated[Phrase | None, Doc(description="Title or role as the source states it.")]
    stance: Annotated[Phrase | None, Doc(description="Stance or interest shown in the source.")]


@dataclass(kw_only=True)
class Claim(Model):
    statement: Annotated[Sentence, Doc(description="The claim in one plain sentence.")]
    claimant: Annotated[Name, Doc(description="Name of the actor who makes the claim.")]
    quote: Annotated[
        Sentence, Doc(description="Verbatim words from the source that carry the claim.")
    ]
    kind: ClaimKind
    hedging: Annotated[Phrase | None, Doc(description="The claimant's own hedging words, if any.")]


@dataclass(kw_only=True)
class Development(Model):
    when: Annotated[When | None, Doc(description="Time as the source says it, or null.")]
    what: Annotated[Sentence, Doc(description="What happened, in one sentence.")]
    where: Phrase | None
    actors: Annotated[list[Name], Doc(description="Names of the actors involved.", extra=_most(4))]
    evidence: Annotated[Sentence, Doc(description="Verbatim words from the source reporting it.")]


@dataclass(kw_only=True)
class Extraction(Model):
    """What one chunk yields (the map step)."""

    actors: Annotated[list[Actor], Doc(extra=_memo(CHUNK_ITEMS))]
    claims: Annotated[list[Claim], Doc(extra=_memo(CHUNK_ITEMS))]
    developments: Annotated[list[Development], Doc(extra=_memo(CHUNK_ITEMS))]


@dataclass(kw_only=True)
class Synthesis(Model):
    """What the reduce step writes over the merged findings."""

    title: Headline
    bottom_line: Annotated[Paragraph, Doc(description="Two or three sentences.")]
    outlook: Annotated[list[Note], Doc(description="What to watch next.", extra=_memo(4))]
    gaps: Annotated[
        list[Note],
        Doc(description="What the source leaves open or cannot support.", extra=_memo(4)),
    ]
    key_actors: Annotated[
        list[int], Doc(description="Indices of actors, most important first.", extra=_memo(ITEMS))
    ]
    key_claims: Annotated[
        list[int], Doc(description="Indices of claims, most important first.", extra=_memo(ITEMS))
    ]
    key_developments: Annotated[
        list[int],
        Doc(description="Indices of developments, most important first.", extra=_memo(ITEMS)),
    ]


@dataclass(kw_only=True)
class ClaimGroup(Model):
    claims: Annotated[list[int], Doc(description="Numbers of claims from different sources.")]


@dataclass(kw_only=True)
class ClaimClash(Model):
    claims: Annotated[list[int], Doc(description="The numbers of the two claims.")]
    sources: Annotated[list[int], Doc(description="The source number of each claim, in order.")]
    note: Annotated[str, Doc(description="What they disagree on, in a few words.")]


@dataclass(kw_only=True)
class SourcesSynthesis(Model):
    """What the one reduce call writes over the findings of several sources."""

    title: str
    bottom_line: Annotated[str, Doc(description="Two or three sentences over all sources.")]
    outlook: Annotated[list[str], Doc(description="What to watch next.")]
    gaps: Annotated[list[str], Doc(description="What the sources leave open or cannot support.")]
    same_claims: Annotated[
        list[ClaimGroup],
        Doc(description="Claims from different sources that state the same thing."),
    ]
    contradictions: Annotated[
        list[ClaimClash],
        Doc(description="Pairs of claims from different sources that cannot both hold."),
    ]
    key_claims: Annotated[list[int], Doc(description="Numbers of claims, most important first.")]


@dataclass(kw_only=True)
class Draft(Model):
    """A whole brief from one call (a one-chunk article), lists most important first."""

    title: Headline
    bottom_line: Annotated[Paragraph, Doc(description="Two or three sentences.")]
    actors: Annotated[list[Actor], Doc(extra=_memo(ITEMS))]
    claims: Annotated[list[Claim], Doc(extra=_memo(ITEMS))]
    developments: Annotated[list[Development], Doc(extra=_memo(ITEMS))]
    outlook: Annotated[list[Note], Doc(extra=_memo(4))]
    gaps: Annotated[list[Note], Doc(extra=_memo(4))]


@dataclass(kw_only=True)
class _Checked(Model):
    """Where the quote was found: `start`/`end` are character offsets (Python string
    indices, end exclusive) into the normalised text briefer read; all None if not found."""

    verified: bool
    paragraph: int | None
    start: int | None = None
    end: int | None = None


@dataclass(kw_only=True)
class ClaimSource(_Checked):
    """One source's wording of a claim in a brief over several sources."""

    source: Annotated[int, Doc(description="Index into Brief.sources.")]
    claimant: str
    quote: str


@dataclass(kw_only=True)
class CheckedClaim(Claim, _Checked):
    sources: list[ClaimSource] | None = None
    """Set in a brief over several sources: every source that carries the claim."""


@dataclass(kw_only=True)
class CheckedDevelopment(Development, _Checked):
    sources: list[int] | None = None
    """Set in a brief over several sources: indices into Brief.sources."""
    date: str | None = None
    """Set in a brief over several sources: `when` resolved to a day (ISO), if it can be."""


@dataclass(kw_only=True)
class Contradiction(Model):
    claims: Annotated[list[int], Doc(description="Indices into Brief.claims.")]
    sources: Annotated[list[int], Doc(description="The source of each side, in the same order.")]
    note: str


@dataclass(kw_only=True)
class SourceOrigin(Model):
    kind: Annotated[str, Doc(description="file, url or stdin.")]
    location: Annotated[str, Doc(description="The path, or the URL read after redirects.")]
    content_type: str


@dataclass(kw_only=True)
class SourceInfo(Model):
    path: str
    sha256: Annotated[str, Doc(description="Of the input's bytes as read.")]
    words: int
    tokens: int | None
    chunks: int
    text_sha256: Annotated[
        str | None, Doc(description="Of the extracted text that ¶ numbers and quotes refer to.")
    ] = None
    origin: SourceOrigin | None = None
    title: Annotated[str | None, Doc(description="The document's own title.")] = None
    published: Annotated[str | None, Doc(description="The document's own date.")] = None
    author: str | None = None


@dataclass(kw_only=True)
class SourceEntry(SourceInfo):
    """One source of a brief over several sources."""

    title: str | None = field()  # required here, unlike in SourceInfo
    outlet: str | None
    date: Annotated[str | None, Doc(description="The source's own date (ISO), if it gives one.")]


@dataclass(kw_only=True)
class Usage(Model):
    engine: str
    model: str | None
    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass(kw_only=True)
class Brief(Model):
    """The verified brief, ready to render: `to_markdown()` for the memo, `to_json()` for
    the stable JSON interface. `text` is the normalised source text that the quotes'
    `start`/`end` offsets index (None for a brief rebuilt from JSON)."""

    title: str
    bottom_line: str
    actors: list[Actor]
    claims: list[CheckedClaim]
    developments: list[CheckedDevelopment]
    outlook: list[str]
    gaps: list[str]
    source: SourceInfo
    usage: Usage
    date: str
    # A brief over several sources (`brief --merge`) also has these; a single-source brief
    # leaves them None and keeps its shape.
    sources: list[SourceEntry] | None = None
    actor_sources: list[list[int]] | None = None
    """Parallel to `actors`: the indices of the sources each actor appears in."""
    contradictions: list[Contradiction] | None = None

    @property
    def text(self) -> str | None:
        text: str | None = self.__dict__.get("_text")
        return text

    def attach_text(self, text: str) -> None:
        """Keep the source text the offsets point into (not a field: not in the JSON, not
        compared)."""
        self.__dict__["_text"] = text

    def to_markdown(self, *, max_items: int = 8, strict: bool = False) -> str:
        """The one-page memo, as `brief` prints it; `max_items` caps actors, claims and
        developments; `strict` leaves out what was not found in the source."""
        from briefer.render import Limits, render

        limits = Limits(actors=max_items, claims=max_items, developments=max_items)
        return render(self, "markdown", limits=limits, strict=strict)

    def to_json(self, *, strict: bool = False) -> str:
        """The JSON interface (`schema_version` 1), every item, as `brief -f json` writes."""
        from briefer.render import render

        return render(self, "json", strict=strict)
