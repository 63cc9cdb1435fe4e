"""The seam between the pipeline and whatever writes the brief (a model or the offline rules).

The pipeline calls `draft` for a one-chunk document (one call does everything), or
`extract` on each chunk and then `synthesize` over the merged findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from briefer.chunking import Chunk
from briefer.schema import Draft, Extraction, SourcesSynthesis, Synthesis, Usage
from briefer.source import Document

if TYPE_CHECKING:
    from briefer.identity import MergedActor
    from briefer.merge import FlatClaim, SourceFindings


class Engine(Protocol):
    name: str
    """"offline" or "llm"; shown in the memo and the JSON."""

    model: str | None
    immediate: bool
    """Its calls finish without waiting on anything (no network): the pipeline then runs
    them one after another, with no event loop (see `interrupts.run_now`)."""
    usage: Usage
    """Running totals for every call this engine made (calls, cache hits, tokens)."""

    async def draft(self, doc: Document, chunk: Chunk) -> Draft:
        """The whole brief of a document that fits in one chunk."""
        ...

    async def extract(self, doc: Document, chunk: Chunk, total: int) -> Extraction:
        """Actors, claims and developments of chunk `chunk.index` of `total`."""
        ...

    async def synthesize(self, doc: Document, findings: Extraction) -> Synthesis:
        """Title, bottom line, outlook, gaps and rankings over the merged findings."""
        ...

    async def synthesize_sources(
        self,
        sources: Sequence[SourceFindings],
        claims: Sequence[FlatClaim],
        actors: Sequence[MergedActor],
    ) -> SourcesSynthesis:
        """Title, bottom line, outlook, gaps, and which claims of different sources are the
        same or clash, over the findings of several sources (`brief --merge`)."""
        ...

    async def settle(self) -> None:
        """Return when no call of this engine's is about to leave, so CPU work that can
        wait does not delay one."""
        ...

    async def aclose(self) -> None: ...
