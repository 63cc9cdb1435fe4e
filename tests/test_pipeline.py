"""The deterministic merge and ranking between the map and reduce steps."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest

from briefer import pipeline
from briefer.chunking import Chunk, count_tokens
from briefer.errors import BrieferError
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
    immediate = False

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


def no_synthesis() -> Synthesis:
    return Synthesis(
        title="",
        bottom_line="",
        outlook=[],
        gaps=[],
        key_actors=[],
        key_claims=[],
        key_developments=[],
    )


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
    engine = StuckEngine([], no_synthesis())
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


class DictStore:
    """A split store in memory."""

    def __init__(self) -> None:
        self.kept: dict[str, dict[str, object]] = {}

    def get_split(self, key: str) -> dict[str, object] | None:
        return self.kept.get(key)

    def put_split(self, key: str, value: dict[str, object]) -> None:
        self.kept[key] = value


class WaitingDraftEngine(FakeEngine):
    """A one-call draft that is never answered; extractions and synthesis answer."""

    def __init__(self, per_chunk: list[Extraction], synthesis: Synthesis) -> None:
        super().__init__(per_chunk, synthesis)
        self.drafts_cancelled = 0

    async def draft(self, doc: Document, chunk: Chunk) -> Draft:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            self.drafts_cancelled += 1
            raise
        raise AssertionError("the draft of an over-budget chunk was awaited")

    async def settle(self) -> None:
        await asyncio.sleep(0)  # as the real client does: calls just made get to start

    async def extract(self, doc: Document, chunk: Chunk, total: int) -> Extraction:
        self.usage.calls += 1
        return Extraction(actors=[], claims=[], developments=[])


def test_a_provisional_chunk_over_the_budget_is_cut_and_its_call_cancelled() -> None:
    # Digits between spaces: about one token per two characters, more than twice what the
    # character estimate says, so the estimate takes it for one chunk and is wrong.
    text = " ".join(str(i % 10) for i in range(400))
    doc = from_bytes(text.encode(), "digits.txt")
    store = DictStore()
    the_plan = pipeline.plan(doc, chunk_tokens=300, overlap=0, store=store, speculate=True)
    assert the_plan.provisional and len(the_plan.chunks) == 1
    assert count_tokens(text) > 300
    engine = WaitingDraftEngine([], no_synthesis())
    brief = asyncio.run(pipeline.run(doc, engine, the_plan, "2026-01-01"))
    exact = pipeline.plan(doc, chunk_tokens=300, overlap=0)
    assert engine.drafts_cancelled == 1
    assert brief.source.chunks == len(exact.chunks) >= 2
    assert brief.source.tokens == count_tokens(text)
    assert engine.usage.calls == len(exact.chunks) + 1
    (kept,) = store.kept.values()  # the real split is kept, not the provisional one
    assert len(kept["chunks"]) == len(exact.chunks)  # type: ignore[arg-type]


def test_a_provisional_chunk_that_fits_is_kept_and_matches_the_exact_split() -> None:
    text = "The council voted on Monday. The mayor said it would appeal. " * 30
    doc = from_bytes(text.encode(), "t.txt")
    store = DictStore()
    the_plan = pipeline.plan(doc, chunk_tokens=600, overlap=0, store=store, speculate=True)
    assert the_plan.provisional and the_plan.chunks[0]._tokens is None
    exact = pipeline.plan(doc, chunk_tokens=600, overlap=0)
    assert not exact.provisional
    assert [c.text for c in exact.chunks] == [c.text for c in the_plan.chunks]
    assert not the_plan.over_budget
    the_plan.remember()
    again = pipeline.plan(doc, chunk_tokens=600, overlap=0, store=store, speculate=True)
    assert not again.provisional and again.known_tokens == count_tokens(doc.text)
    assert again.chunks[0]._tokens == count_tokens(doc.text)


def test_a_kept_split_gives_the_same_chunks_and_counts() -> None:
    text = "\n\n".join(
        f"Paragraph {i}: the minister said the bridge would open." for i in range(60)
    )
    doc = from_bytes(text.encode(), "t.txt")
    store = DictStore()
    first = pipeline.plan(doc, chunk_tokens=120, overlap=20, store=store, speculate=True)
    assert len(first.chunks) > 2 and not first.provisional
    first.remember()
    kept = pipeline.plan(doc, chunk_tokens=120, overlap=20, store=store)
    assert kept.known_tokens == first.tokens == count_tokens(doc.text)
    assert [(c.start, c.end, c.core_start, c.core_end, c.text) for c in kept.chunks] == [
        (c.start, c.end, c.core_start, c.core_end, c.text) for c in first.chunks
    ]
    assert [c._tokens for c in kept.chunks] == [c.tokens for c in first.chunks]
    # Another budget, or another text, is another split.
    assert pipeline.plan(doc, chunk_tokens=121, overlap=20, store=store).known_tokens is None
    other = from_bytes((text + " More.").encode(), "t.txt")
    assert pipeline.plan(other, chunk_tokens=120, overlap=20, store=store).known_tokens is None
    # A damaged entry is a miss, never a wrong split.
    (key,) = store.kept
    store.kept[key] = {"chunks": [[0, 5, 0, 5, 3]], "tokens": 3}
    assert pipeline.plan(doc, chunk_tokens=120, overlap=20, store=store).known_tokens is None


@pytest.mark.skipif(sys.platform != "linux", reason="the child split needs fork")
def test_a_long_document_is_cut_in_a_child_while_the_parent_works() -> None:
    text = "\n\n".join(f"Paragraph {i}: the minister said the dam would hold." for i in range(80))
    doc = from_bytes(text.encode(), "t.txt")
    called: list[int] = []
    the_plan = pipeline.plan(
        doc,
        chunk_tokens=200,
        overlap=20,
        speculate=True,
        meanwhile=lambda: called.append(os.getpid()),
    )
    here = pipeline.plan(doc, chunk_tokens=200, overlap=20)
    assert called == [os.getpid()]  # the parent's work ran here, once
    assert the_plan.known_tokens == count_tokens(doc.text)
    assert [
        (c.start, c.end, c.core_start, c.core_end, c.text, c._tokens) for c in the_plan.chunks
    ] == [(c.start, c.end, c.core_start, c.core_end, c.text, c.tokens) for c in here.chunks]


@pytest.mark.skipif(sys.platform != "linux", reason="the child split needs fork")
def test_a_failed_child_leaves_the_cut_and_its_errors_to_the_parent() -> None:
    from briefer.errors import ConfigError
    from briefer.presplit import split_while

    text = "word " * 500
    assert split_while(text, 10, 0, lambda: None) is None  # below the minimum: the child fails
    doc = from_bytes(text.encode(), "t.txt")
    with pytest.raises(ConfigError, match="chunk-tokens"):
        pipeline.plan(doc, chunk_tokens=10, overlap=0, meanwhile=lambda: None)


@pytest.mark.skipif(sys.platform != "linux", reason="the child split needs fork")
def test_an_interrupt_in_the_parent_ends_the_child() -> None:
    from briefer.presplit import split_while

    text = "word " * 50_000

    def interrupted() -> None:
        raise KeyboardInterrupt

    before = _children()
    with pytest.raises(KeyboardInterrupt):
        split_while(text, 100, 0, interrupted)
    assert _children() == before  # killed and reaped: no zombie left


def _children() -> set[int]:
    """This process's live or zombie children (Linux /proc)."""
    me = str(os.getpid())
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == me:
            found.add(int(status.parent.name))
    return found


@pytest.mark.parametrize("chunk_tokens", [6000, 300])
def test_the_offline_engine_runs_with_no_event_loop_as_with_one(chunk_tokens: int) -> None:
    """The offline engine never waits, so its brief is made without asyncio (one chunk as
    `brief --mock` cuts it, or several as the API may): the same brief either way."""
    from briefer.interrupts import run_now
    from briefer.offline import OfflineEngine

    text = (Path(__file__).resolve().parents[1] / "examples" / "harbour-strike.txt").read_text()
    doc = from_bytes(text.encode("utf-8"), "harbour-strike.txt")
    the_plan = pipeline.plan(doc, chunk_tokens, 0)
    assert (len(the_plan.chunks) > 1) == (chunk_tokens == 300)
    looped = asyncio.run(pipeline.run(doc, OfflineEngine(), the_plan, "2026-01-01"))
    direct = run_now(pipeline.run(doc, OfflineEngine(), the_plan, "2026-01-01"))
    assert direct == looped and direct.claims and direct.actors


def test_a_coroutine_that_waits_is_refused_without_an_event_loop() -> None:
    from briefer.interrupts import run_now

    async def waits() -> None:
        await asyncio.sleep(0)

    with pytest.raises(RuntimeError, match="waited"):
        run_now(waits())


class FailingImmediateEngine(FakeEngine):
    """An engine that never waits, whose second chunk fails."""

    immediate = True

    async def extract(self, doc: Document, chunk: Chunk, total: int) -> Extraction:
        if chunk.index == 1:
            raise BrieferError("chunk 2 failed")
        return await super().extract(doc, chunk, total)


def test_an_immediate_engine_stops_at_its_first_failure_with_no_call_left_dangling() -> None:
    """Chunks are taken in turn; the calls after a failure are never made, and none is left
    to warn "coroutine was never awaited" when it is collected."""
    import gc
    import warnings

    from briefer.interrupts import run_now

    doc = from_bytes(("Alpha said the bridge opened on Monday. " * 60).encode(), "t.txt")
    the_plan = pipeline.plan(doc, chunk_tokens=64, overlap=0)
    assert len(the_plan.chunks) >= 3
    empty = Extraction(actors=[], claims=[], developments=[])
    engine = FailingImmediateEngine([empty] * len(the_plan.chunks), no_synthesis())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(BrieferError, match="chunk 2 failed"):
            run_now(pipeline.run(doc, engine, the_plan, "2026-01-01"))
        gc.collect()
    assert engine.usage.calls == 1
    assert not [w for w in caught if "never awaited" in str(w.message)]


def test_where_quotes_are_found_is_kept_and_a_rerun_needs_no_index(tmp_path: Path) -> None:
    """The second check of the same quotes in the same text takes their places from the
    store: no quote index is built. Other quotes, another text or a damaged entry are
    checked again."""
    from briefer.llm.cache import ResponseCache
    from briefer.verify import Index

    text = b"The council voted on Monday.\n\nThe mayor said it would appeal the ruling."
    doc = from_bytes(text, "t.txt")
    found = Extraction(
        actors=[],
        claims=[claim("The mayor", "it would appeal the ruling"), claim("X", "never said")],
        developments=[dev("The council voted on Monday")],
    )
    store = ResponseCache(tmp_path / "cache")
    built: list[str] = []

    def index_of(d: Document) -> Callable[[], Index]:
        def make() -> Index:
            built.append(d.name)
            return Index(d)

        return make

    first = pipeline.check(doc, found, index_of(doc), store)
    assert built == ["t.txt"]
    assert [c.verified for c in first[0]] == [True, False] and first[1][0].paragraph == 1
    assert pipeline.check(doc, found, index_of(doc), store) == first
    assert built == ["t.txt"]  # kept: no index this time
    assert pipeline.check(doc, found) == first  # and the same as without a store

    other = Extraction(actors=[], claims=found.claims[:1], developments=found.developments)
    assert pipeline.check(doc, other, index_of(doc), store)[0] == first[0][:1]
    moved = from_bytes(b"Intro.\n\n" + text, "u.txt")
    assert pipeline.check(moved, found, index_of(moved), store)[0][0].paragraph == 3
    assert built == ["t.txt", "t.txt", "u.txt"]

    conn = store._connect(create=False)
    assert conn is not None
    conn.execute('UPDATE splits SET value = \'{"matches": [[true, "x", 1, 2]]}\'')
    assert pipeline.check(doc, found, index_of(doc), store) == first
    assert built == ["t.txt", "t.txt", "u.txt", "t.txt"]


def test_calls_cancelled_while_the_engine_settles_leave_nothing_unretrieved() -> None:
    # Ctrl-C can land while a run waits for its engine to settle, before it awaits its
    # calls: the calls are cancelled then, and their gathered outcome must be taken, or
    # asyncio prints "_GatheringFuture exception was never retrieved" on the way out.
    import gc

    reported: list[str] = []

    class Settling:
        immediate = False

        async def settle(self) -> None:
            await asyncio.sleep(3600)

    async def call() -> None:
        await asyncio.sleep(3600)

    async def main() -> None:
        asyncio.get_running_loop().set_exception_handler(
            lambda _loop, context: reported.append(context["message"])
        )
        engine: Any = Settling()
        task = asyncio.ensure_future(pipeline._each(engine, [call(), call()], cast(Any, None)))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0.05)  # the cancelled calls end
        gc.collect()

    asyncio.run(main())
    assert reported == []
