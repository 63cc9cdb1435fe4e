"""The deterministic merge and ranking between the map and reduce steps."""

from __future__ import annotations

import asyncio

import pytest

from briefer import pipeline
from briefer.chunking import Chunk, count_tokens
from briefer.schema import (
    Actor,
    Claim,
    Development,
    Draft,
    Extraction,
    Synthesis,
    Usage,
)
from briefer.source import Document, from_bytes


def actor(name: str, *aliases: str, kind: str = "person", role: str | None = None) -> Actor:
    return Actor(name=name, aliases=list(aliases), kind=kind, role=role, stance=None)  # type: ignore[arg-type]


def claim(claimant: str, quote: str) -> Claim:
    return Claim(statement=quote, claimant=claimant, quote=quote, kind="assertion", hedging=None)


def dev(evidence: str, *actors: str) -> Development:
    return Development(when=None, what=evidence, where=None, actors=list(actors), evidence=evidence)


def test_name_key_drops_honorifics_case_and_punctuation() -> None:
    assert pipeline.name_key("Mr. Kirby") == "kirby"
    assert pipeline.name_key("  Dr  Jane   Doe ") == "jane doe"
    assert pipeline.name_key("The White House") == "white house"


def test_actors_merge_across_chunks_by_surname_and_alias() -> None:
    parts = [
        Extraction(
            actors=[actor("John Kirby", role="NSC spokesman"), actor("Russia", kind="state")],
            claims=[],
            developments=[],
        ),
        Extraction(
            actors=[actor("Mr. Kirby"), actor("Moscow", kind="state"), actor("Kim Jong Un")],
            claims=[claim("Mr. Kirby", "a quote")],
            developments=[dev("it happened", "Kirby", "Kim Jong Un")],
        ),
        Extraction(
            actors=[actor("Russian Federation", "Russia", "Moscow", kind="state")],
            claims=[],
            developments=[],
        ),
    ]
    merged = pipeline.merge(parts)
    names = [a.name for a in merged.actors]
    assert names == ["John Kirby", "Russian Federation", "Kim Jong Un"]
    kirby = merged.actors[0]
    assert kirby.role == "NSC spokesman"
    assert "Mr. Kirby" in kirby.aliases
    assert set(merged.actors[1].aliases) >= {"Russia", "Moscow"}
    assert merged.claims[0].claimant == "John Kirby"
    assert merged.developments[0].actors == ["John Kirby", "Kim Jong Un"]


def test_different_people_with_different_surnames_stay_apart() -> None:
    merged = pipeline.merge(
        [Extraction(actors=[actor("John Kirby"), actor("John Smith")], claims=[], developments=[])]
    )
    assert [a.name for a in merged.actors] == ["John Kirby", "John Smith"]


def test_identical_claims_merge_but_different_claimants_do_not() -> None:
    parts = [
        Extraction(
            actors=[],
            claims=[claim("A", "We will win."), claim("B", "We will win.")],
            developments=[],
        ),
        Extraction(actors=[], claims=[claim("A", "we will  win")], developments=[]),
    ]
    merged = pipeline.merge(parts)
    assert [(c.claimant, c.quote) for c in merged.claims] == [
        ("A", "We will win."),
        ("B", "We will win."),
    ]


class FakeEngine:
    """Returns fixed findings per chunk; counts its calls the way a model engine would."""

    name = "fake"
    model = None

    def __init__(self, per_chunk: list[Extraction], synthesis: Synthesis) -> None:
        self.per_chunk = per_chunk
        self.synthesis = synthesis
        self.usage = Usage(engine="fake", model=None)
        self.seen: list[Extraction] = []

    async def draft(self, doc: Document, chunk: Chunk) -> Draft:
        raise AssertionError("multi-chunk documents never take the single-call path")

    async def extract(self, doc: Document, chunk: Chunk, total: int) -> Extraction:
        self.usage.calls += 1
        return self.per_chunk[chunk.index]

    async def synthesize(self, doc: Document, findings: Extraction) -> Synthesis:
        self.usage.calls += 1
        self.seen.append(findings)
        return self.synthesis

    async def settle(self) -> None:
        return None

    async def aclose(self) -> None:
        return None


def test_map_reduce_ranks_verifies_and_orders_developments() -> None:
    first = "Alpha said the bridge opened on Monday. " * 8
    second = "Beta said the bridge closed on Friday. " * 8
    doc = from_bytes(f"{first.strip()}\n\n{second.strip()}".encode(), "t.txt")
    the_plan = pipeline.plan(doc, chunk_tokens=64, overlap=0)
    assert len(the_plan.chunks) >= 2
    n = len(the_plan.chunks)
    parts = [Extraction(actors=[], claims=[], developments=[]) for _ in range(n)]
    parts[0] = Extraction(
        actors=[actor("Alpha")],
        claims=[claim("Alpha", "the bridge opened on Monday")],
        developments=[dev("the bridge closed on Friday")],
    )
    parts[-1] = Extraction(
        actors=[actor("Beta")],
        claims=[claim("Beta", "the bridge closed on Sunday")],
        developments=[dev("the bridge opened on Monday")],
    )
    synthesis = Synthesis(
        title="Bridge",
        bottom_line="It opened and closed.",
        outlook=[],
        gaps=[],
        key_actors=[1],
        key_claims=[1, 0, 7],
        key_developments=[0, 1],
    )
    engine = FakeEngine(parts, synthesis)
    brief = asyncio.run(pipeline.run(doc, engine, the_plan, "2026-01-01"))
    assert engine.usage.calls == n + 1
    assert [a.name for a in brief.actors] == ["Beta", "Alpha"]
    assert [c.claimant for c in brief.claims] == ["Beta", "Alpha"]
    assert [c.verified for c in brief.claims] == [False, True]
    assert brief.claims[1].paragraph == 1
    # Source order, not extraction order: Monday's sentence comes first in the text.
    assert [d.evidence for d in brief.developments] == [
        "the bridge opened on Monday",
        "the bridge closed on Friday",
    ]
    assert [d.paragraph for d in brief.developments] == [1, 2]
    assert brief.source.chunks == n
    assert brief.usage.calls == n + 1


def test_surname_rule_is_for_people_only() -> None:
    merged = pipeline.merge(
        [
            Extraction(
                actors=[
                    actor("Valmora Chamber of Commerce", "Valmora", kind="organisation"),
                    actor("University of Valmora", kind="organisation"),
                    actor("Ana Reyes"),
                    actor("Tomas Reyes"),
                ],
                claims=[claim("Valmora", "q1"), claim("Reyes", "q2")],
                developments=[],
            )
        ]
    )
    assert [a.name for a in merged.actors] == [
        "Valmora Chamber of Commerce",
        "University of Valmora",
        "Ana Reyes",
        "Tomas Reyes",
    ]
    # "Valmora" is an alias of the chamber; "Reyes" is ambiguous and stays as written.
    assert [c.claimant for c in merged.claims] == ["Valmora Chamber of Commerce", "Reyes"]


def test_a_short_plan_counts_its_tokens_only_when_asked() -> None:
    """A one-chunk article leaves without its token count; the count is made on first use
    (`run` makes it while the model works) and is the exact cl100k count."""
    doc = from_bytes(b"The council voted on Monday. The mayor said it would appeal.", "t.txt")
    the_plan = pipeline.plan(doc, chunk_tokens=6000, overlap=0)
    assert the_plan.chunks[0]._tokens is None
    assert "tokens" not in the_plan.__dict__
    assert the_plan.tokens == count_tokens(doc.text) == the_plan.chunks[0].tokens
    offline = pipeline.plan(doc, chunk_tokens=6000, overlap=0, tokenize=False)
    assert offline.tokens is None


class StuckEngine(FakeEngine):
    """A model that never answers, and calls that never finish leaving."""

    async def draft(self, doc: Document, chunk: Chunk) -> Draft:
        await asyncio.sleep(30)
        raise AssertionError("the call outlived its run")

    async def extract(self, doc: Document, chunk: Chunk, total: int) -> Extraction:
        await asyncio.sleep(30)
        raise AssertionError("the call outlived its run")

    async def settle(self) -> None:
        await asyncio.sleep(30)


def test_a_cancelled_run_leaves_no_call_running() -> None:
    """Ctrl-C while a run waits for its calls to leave: the calls end with the run, rather
    than fail later against a closed client with nobody to hear it."""
    nothing = Synthesis(
        title="",
        bottom_line="",
        outlook=[],
        gaps=[],
        key_actors=[],
        key_claims=[],
        key_developments=[],
    )
    engine = StuckEngine([], nothing)
    short = from_bytes(b"Alpha said the bridge opened on Monday.", "s.txt")
    long = from_bytes(("Alpha said the bridge opened on Monday. " * 40).encode(), "l.txt")

    async def cancel_midway(doc: Document, chunk_tokens: int) -> list[asyncio.Task[object]]:
        the_plan = pipeline.plan(doc, chunk_tokens=chunk_tokens, overlap=0)
        run = asyncio.ensure_future(pipeline.run(doc, engine, the_plan, "2026-01-01"))
        await asyncio.sleep(0.05)
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
        await asyncio.sleep(0)
        return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]

    assert asyncio.run(cancel_midway(short, 6000)) == []
    assert asyncio.run(cancel_midway(long, 64)) == []
