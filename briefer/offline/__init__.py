"""The offline engine: a brief from the article's own sentences, with no model and no network.

Deterministic rules (capitalised-name chains, attribution verbs, quotation marks, time
expressions) stand in for the model, so CI and users without an API key still get a real,
fully verifiable brief. Pure stdlib + pydantic; importing it pulls in no LLM machinery.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefer.chunking import Chunk
from briefer.offline.core import analyse, draft_text, extract_text, synthesize_findings
from briefer.schema import Draft, Extraction, SourcesSynthesis, Synthesis, Usage
from briefer.source import Document

if TYPE_CHECKING:
    from briefer.identity import MergedActor
    from briefer.merge import FlatClaim, SourceFindings

__all__ = [
    "OfflineEngine",
    "analyse",
    "draft_text",
    "extract",
    "extract_text",
    "synthesize_findings",
]


def extract(doc: Document, start: int = 0, end: int | None = None) -> Extraction:
    """Findings whose evidence starts within doc.text[start:end]."""
    return extract_text(doc.text, start, end)


class OfflineEngine:
    """Implements briefer.engine.Engine with rules; `usage.calls` stays 0."""

    name = "offline"
    model: str | None = None
    immediate = True

    def __init__(self) -> None:
        self.usage = Usage(engine="offline", model=None)

    async def draft(self, doc: Document, chunk: Chunk) -> Draft:
        return draft_text(doc.text)

    async def extract(self, doc: Document, chunk: Chunk, total: int) -> Extraction:
        # Cores tile the text exactly, so no finding is reported by two chunks.
        return extract_text(doc.text, chunk.core_start, chunk.core_end)

    async def synthesize(self, doc: Document, findings: Extraction) -> Synthesis:
        return synthesize_findings(doc.text, findings)

    async def synthesize_sources(
        self,
        sources: Sequence[SourceFindings],
        claims: Sequence[FlatClaim],
        actors: Sequence[MergedActor],
    ) -> SourcesSynthesis:
        from briefer.merge import offline_synthesis

        return offline_synthesis(sources, claims, actors)

    async def settle(self) -> None:
        return None

    async def aclose(self) -> None:
        return None
