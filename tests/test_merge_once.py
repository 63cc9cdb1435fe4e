"""A merge of several sources by the offline engine analyses each source once: the names a
source gives only once come from its extraction, whatever the analysis memo still holds."""

from __future__ import annotations

import asyncio
import functools

import pytest

from briefer import merge, pipeline, source
from briefer.offline import OfflineEngine, core

TEXTS = [
    "MARVEK, May 3 - Fans were crushed at the gate before the match against Talvik Rovers "
    "on Sunday, the Marvek Police said. Officers closed the north stand.",
    "Rescuers reached the stadium at dawn. Talvik Rovers postponed training, the club's "
    'secretary Ilse Brandt said. "We are with the families," Brandt said.',
    "The Marvek Police opened an inquiry into the crush on Monday, Commissioner Otto Varga "
    'said. "The gates opened late," Varga said.',
]


def test_each_source_is_analysed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    analysed: list[str] = []
    inner = core.analyse.__wrapped__

    def counted(text: str) -> core.Analysis:
        analysed.append(text)
        return inner(text)

    # A memo of one text: any later look at an earlier source would analyse it again.
    monkeypatch.setattr(core, "analyse", functools.lru_cache(maxsize=1)(counted))
    docs = [source.from_bytes(t.encode(), f"source-{i}.txt") for i, t in enumerate(TEXTS)]
    plans = [pipeline.plan(d, 6000, 0, tokenize=False) for d in docs]
    brief = asyncio.run(merge.run(plans, OfflineEngine(), "2026-01-01"))
    # Each source once for its extraction; the lead source may be looked up again for the
    # title and lead of the synthesis.
    assert sorted(set(analysed)) == sorted(TEXTS)
    assert len(analysed) <= len(TEXTS) + 1
    # Named once by two sources, the club is an actor: the names reached the merge.
    assert "Talvik Rovers" in [a.name for a in brief.actors]
