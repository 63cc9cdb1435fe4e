"""The model engine: prompt templates in, validated findings out, through OpenAIClient."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from briefer.chunking import Chunk
from briefer.config import Settings
from briefer.llm.cache import ResponseCache
from briefer.llm.client import OpenAIClient
from briefer.llm.types import LLMRequest, Message
from briefer.prompts import Prompts, delimiter, render_key
from briefer.schema import Draft, Extraction, Model, SourcesSynthesis, Synthesis, Usage
from briefer.source import Document
from briefer.terminal import inert

if TYPE_CHECKING:
    from briefer.identity import MergedActor
    from briefer.merge import FlatClaim, SourceFindings

T = TypeVar("T", bound=Model)


def make_client(
    settings: Settings,
    use_cache: bool,
    refresh: bool,
    record: Path | None,
    cache: ResponseCache | None = None,
) -> OpenAIClient:
    """The run's client; `cache` when the caller opened it already (to read splits)."""
    if use_cache and cache is None:
        cache = ResponseCache(settings.cache_path)
    if not use_cache:
        cache = None
    return OpenAIClient(
        base_url=settings.base_url,
        api_key=settings.api_key,
        json_mode=settings.json_mode,
        max_retries=settings.max_retries,
        timeout=settings.timeout,
        concurrency=settings.concurrency,
        cache=cache,
        refresh=refresh,
        record_dir=record,
    )


def findings_text(findings: Extraction) -> str:
    """The merged findings, numbered, compact: what the reduce call ranks and sums up."""
    lines = ["ACTORS"]
    for i, a in enumerate(findings.actors):
        extra = f"; aka {', '.join(a.aliases)}" if a.aliases else ""
        role = f" — {a.role}" if a.role else ""
        stance = f"; stance: {a.stance}" if a.stance else ""
        lines.append(f"[{i}] {a.name} ({a.kind}){role}{extra}{stance}")
    lines.append("CLAIMS")
    for i, c in enumerate(findings.claims):
        hedge = f" [hedged: {c.hedging}]" if c.hedging else ""
        lines.append(f'[{i}] {c.claimant} ({c.kind}): {c.statement}{hedge} — "{c.quote}"')
    lines.append("DEVELOPMENTS")
    for i, d in enumerate(findings.developments):
        when = f"{d.when}: " if d.when else ""
        where = f" ({d.where})" if d.where else ""
        lines.append(f"[{i}] {when}{d.what}{where}")
    return "\n".join(lines)


class LLMEngine:
    """One per document, so its usage counts that document alone; the client is shared."""

    name = "llm"
    immediate = False

    def __init__(self, client: OpenAIClient, prompts: Prompts, settings: Settings) -> None:
        self.client = client
        self.prompts = prompts
        self.settings = settings
        self.model: str | None = settings.model
        self.usage = Usage(engine="llm", model=settings.model)

    async def _ask(self, output: type[T], tag: str, template: str, **context: object) -> T:
        system = self.prompts.render("system.j2", tag=tag)
        user = self.prompts.render(template, tag=tag, **context)
        request = LLMRequest(
            model=self.settings.model,
            messages=(Message.system(system), Message.user(user)),
            output=output,
            temperature=self.settings.temperature,
            seed=0,
            max_tokens=self.settings.max_output_tokens,
            max_items=self.settings.max_items,
        )
        response = await self.client.complete(request)
        if response.cached:
            self.usage.cache_hits += 1
        else:
            self.usage.calls += 2 if response.repaired else 1
            self.usage.prompt_tokens += response.prompt_tokens
            self.usage.completion_tokens += response.completion_tokens
        return response.data

    async def draft(self, doc: Document, chunk: Chunk) -> Draft:
        tag, template, context = _draft_prompt(doc, chunk)
        return await self._ask(Draft, tag, template, **context)

    async def extract(self, doc: Document, chunk: Chunk, total: int) -> Extraction:
        tag, template, context = _extract_prompt(doc, chunk, total)
        return await self._ask(Extraction, tag, template, **context)

    async def synthesize(self, doc: Document, findings: Extraction) -> Synthesis:
        text = findings_text(findings)
        return await self._ask(
            Synthesis,
            delimiter(text),
            "synthesize.j2",
            findings=text,
            name=_display_name(doc),
            words=doc.words,
            published=doc.published,
            limit=self.settings.max_items,
        )

    async def synthesize_sources(
        self,
        sources: Sequence[SourceFindings],
        claims: Sequence[FlatClaim],
        actors: Sequence[MergedActor],
    ) -> SourcesSynthesis:
        from briefer.merge import findings_text as sources_text

        text = sources_text(sources)
        return await self._ask(
            SourcesSynthesis,
            delimiter(text),
            "synthesize_sources.j2",
            findings=text,
            count=len(sources),
            words=sum(s.doc.words for s in sources),
            limit=self.settings.max_items,
        )

    async def settle(self) -> None:
        await self.client.settle()

    async def aclose(self) -> None:
        return None


def _draft_prompt(doc: Document, chunk: Chunk) -> tuple[str, str, dict[str, object]]:
    """The one call of a one-chunk document: its tag, template and variables."""
    context: dict[str, object] = {
        "article": chunk.text,
        "name": _display_name(doc),
        "words": doc.words,
        "published": doc.published,
    }
    return delimiter(chunk.text), "single.j2", context


def _extract_prompt(doc: Document, chunk: Chunk, total: int) -> tuple[str, str, dict[str, object]]:
    """The map call of one chunk of several: its tag, template and variables."""
    context: dict[str, object] = {
        "article": chunk.text,
        "name": _display_name(doc),
        "part": chunk.index + 1,
        "parts": total,
        "published": doc.published,
    }
    return delimiter(chunk.text), "extract.j2", context


def first_prompts(prompts: Prompts, doc: Document, chunks: Sequence[Chunk]) -> dict[str, str]:
    """The system and user prompts of the document's first round of calls (one draft, or a
    map call per chunk), rendered, keyed as `Prompts.known` wants them."""
    made: dict[str, str] = {}
    for chunk in chunks:
        if len(chunks) > 1:
            tag, template, context = _extract_prompt(doc, chunk, len(chunks))
        else:
            tag, template, context = _draft_prompt(doc, chunk)
        for name, variables in (("system.j2", {"tag": tag}), (template, {"tag": tag, **context})):
            made[render_key(name, variables)] = prompts.render(name, **variables)
    return made


def _display_name(doc: Document) -> str:
    """The file name as the prompts show it, inside its own delimiters: one line, and no
    `<<<`/`>>>` that could pass for a delimiter."""
    name = inert(Path(doc.name).name)
    return name.replace("<<<", "‹‹‹").replace(">>>", "›››")
