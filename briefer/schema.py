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

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

ActorKind = Literal["person", "organisation", "state", "company", "group"]
ClaimKind = Literal["assertion", "denial", "assessment", "report"]


def _most(items: int) -> dict[str, Any]:
    return {"maxItems": items}


def _memo(items: int) -> dict[str, Any]:
    """A list the memo shows: at most `items`, fewer when the run shows fewer (--max-items)."""
    return {"maxItems": items, MEMO_ITEMS: True}


MEMO_ITEMS = "x-memo-items"
"""Marks a list bound that follows --max-items (`strict_schema(..., items=N)`)."""


Name = Annotated[str, Field(json_schema_extra={"maxLength": 80})]
Phrase = Annotated[str, Field(json_schema_extra={"maxLength": 160})]
When = Annotated[str, Field(json_schema_extra={"maxLength": 60})]
Sentence = Annotated[str, Field(json_schema_extra={"maxLength": 300})]
Headline = Annotated[str, Field(json_schema_extra={"maxLength": 120})]
Paragraph = Annotated[str, Field(json_schema_extra={"maxLength": 600})]
Note = Annotated[str, Field(json_schema_extra={"maxLength": 240})]
ITEMS = 8
"""Most actors, claims or developments one answer may list (the memo's default too)."""
CHUNK_ITEMS = 12
"""Most of each one chunk's extraction may list: the merge keeps the best of several."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Actor(_Model):
    name: Name = Field(description="Full name as the source gives it.")
    aliases: list[Name] = Field(
        description="Other names the source uses for this actor.", json_schema_extra=_most(3)
    )
    kind: ActorKind
    role: Phrase | None = Field(description="Title or role as the source states it.")
    stance: Phrase | None = Field(description="Stance or interest shown in the source.")


class Claim(_Model):
    statement: Sentence = Field(description="The claim in one plain sentence.")
    claimant: Name = Field(description="Name of the actor who makes the claim.")
    quote: Sentence = Field(description="Verbatim words from the source that carry the claim.")
    kind: ClaimKind
    hedging: Phrase | None = Field(description="The claimant's own hedging words, if any.")


class Development(_Model):
    when: When | None = Field(description="Time as the source says it, or null.")
    what: Sentence = Field(description="What happened, in one sentence.")
    where: Phrase | None
    actors: list[Name] = Field(
        description="Names of the actors involved.", json_schema_extra=_most(4)
    )
    evidence: Sentence = Field(description="Verbatim words from the source reporting it.")


class Extraction(_Model):
    """What one chunk yields (the map step)."""

    actors: list[Actor] = Field(json_schema_extra=_memo(CHUNK_ITEMS))
    claims: list[Claim] = Field(json_schema_extra=_memo(CHUNK_ITEMS))
    developments: list[Development] = Field(json_schema_extra=_memo(CHUNK_ITEMS))


class Synthesis(_Model):
    """What the reduce step writes over the merged findings."""

    title: Headline
    bottom_line: Paragraph = Field(description="Two or three sentences.")
    outlook: list[Note] = Field(description="What to watch next.", json_schema_extra=_memo(4))
    gaps: list[Note] = Field(
        description="What the source leaves open or cannot support.", json_schema_extra=_memo(4)
    )
    key_actors: list[int] = Field(
        description="Indices of actors, most important first.", json_schema_extra=_memo(ITEMS)
    )
    key_claims: list[int] = Field(
        description="Indices of claims, most important first.", json_schema_extra=_memo(ITEMS)
    )
    key_developments: list[int] = Field(
        description="Indices of developments, most important first.",
        json_schema_extra=_memo(ITEMS),
    )


class ClaimGroup(_Model):
    claims: list[int] = Field(description="Numbers of claims from different sources.")


class ClaimClash(_Model):
    claims: list[int] = Field(description="The numbers of the two claims.")
    sources: list[int] = Field(description="The source number of each claim, in order.")
    note: str = Field(description="What they disagree on, in a few words.")


class SourcesSynthesis(_Model):
    """What the one reduce call writes over the findings of several sources."""

    title: str
    bottom_line: str = Field(description="Two or three sentences over all sources.")
    outlook: list[str] = Field(description="What to watch next.")
    gaps: list[str] = Field(description="What the sources leave open or cannot support.")
    same_claims: list[ClaimGroup] = Field(
        description="Claims from different sources that state the same thing."
    )
    contradictions: list[ClaimClash] = Field(
        description="Pairs of claims from different sources that cannot both hold."
    )
    key_claims: list[int] = Field(description="Numbers of claims, most important first.")


class Draft(_Model):
    """A whole brief from one call (a one-chunk article), lists most important first."""

    title: Headline
    bottom_line: Paragraph = Field(description="Two or three sentences.")
    actors: list[Actor] = Field(json_schema_extra=_memo(ITEMS))
    claims: list[Claim] = Field(json_schema_extra=_memo(ITEMS))
    developments: list[Development] = Field(json_schema_extra=_memo(ITEMS))
    outlook: list[Note] = Field(json_schema_extra=_memo(4))
    gaps: list[Note] = Field(json_schema_extra=_memo(4))


class _Checked(_Model):
    """Where the quote was found: `start`/`end` are character offsets (Python string
    indices, end exclusive) into the normalised text briefer read; all None if not found."""

    verified: bool
    paragraph: int | None
    start: int | None = None
    end: int | None = None


class ClaimSource(_Checked):
    """One source's wording of a claim in a brief over several sources."""

    source: int = Field(description="Index into Brief.sources.")
    claimant: str
    quote: str


class CheckedClaim(Claim, _Checked):
    sources: list[ClaimSource] | None = None
    """Set in a brief over several sources: every source that carries the claim."""


class CheckedDevelopment(Development, _Checked):
    sources: list[int] | None = None
    """Set in a brief over several sources: indices into Brief.sources."""
    date: str | None = None
    """Set in a brief over several sources: `when` resolved to a day (ISO), if it can be."""


class Contradiction(_Model):
    claims: list[int] = Field(description="Indices into Brief.claims.")
    sources: list[int] = Field(description="The source of each side, in the same order.")
    note: str


class SourceOrigin(_Model):
    kind: str = Field(description="file, url or stdin.")
    location: str = Field(description="The path, or the URL read after redirects.")
    content_type: str


class SourceInfo(_Model):
    path: str
    sha256: str = Field(description="Of the input's bytes as read.")
    words: int
    tokens: int | None
    chunks: int
    text_sha256: str | None = Field(
        default=None, description="Of the extracted text that ¶ numbers and quotes refer to."
    )
    origin: SourceOrigin | None = None
    title: str | None = Field(default=None, description="The document's own title.")
    published: str | None = Field(default=None, description="The document's own date.")
    author: str | None = None


class SourceEntry(SourceInfo):
    """One source of a brief over several sources."""

    title: str | None
    outlet: str | None
    date: str | None = Field(description="The source's own date (ISO), if it gives one.")


class Usage(_Model):
    engine: str
    model: str | None
    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Brief(_Model):
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
    _text: str | None = PrivateAttr(default=None)

    @property
    def text(self) -> str | None:
        return self._text

    def attach_text(self, text: str) -> None:
        """Keep the source text the offsets point into (not part of the JSON)."""
        self._text = text

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
