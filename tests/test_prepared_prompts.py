"""The first round's prompts, rendered ahead by the child that cuts a long document.

They must be exactly what the parent would render itself, used only where every variable
is the same, and their absence (no child, a failed child) must change nothing but speed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from openai_server import OpenAIServer
from test_brief_e2e import ORVIN, TWO_CHUNKS, brief
from test_brief_e2e import server as server  # the fixture

from briefer import pipeline
from briefer.llm.engine import _extract_prompt, first_prompts
from briefer.prompts import Prompts, render_key
from briefer.source import from_bytes

TEXT = "\n\n".join(f"Paragraph {i}: the minister said the dam would hold." for i in range(80))


def test_prompts_rendered_ahead_are_used_only_for_the_same_template_and_variables(
    tmp_path: Path,
) -> None:
    doc = from_bytes(TEXT.encode(), "t.txt")
    chunks = pipeline.plan(doc, chunk_tokens=200, overlap=20).chunks
    assert len(chunks) > 2
    ahead = first_prompts(Prompts(), doc, chunks)
    assert len(ahead) == 2 * len(chunks)  # a system and a user prompt per map call
    # A user folder whose templates differ shows which renders came from `known`.
    (tmp_path / "system.j2").write_text("CHANGED {{ tag }}", encoding="utf-8")
    (tmp_path / "extract.j2").write_text("CHANGED {{ part }}/{{ parts }}", encoding="utf-8")
    here = Prompts(tmp_path)
    here.known.update(ahead)
    shipped = Prompts()
    for chunk in chunks:
        tag, template, context = _extract_prompt(doc, chunk, len(chunks))
        assert here.render(template, tag=tag, **context) == shipped.render(
            template, tag=tag, **context
        )
        assert here.render("system.j2", tag=tag) == shipped.render("system.j2", tag=tag)
        # Any other value of any variable is another rendering: made from the templates.
        other = {**context, "parts": len(chunks) + 1}
        assert (
            here.render(template, tag=tag, **other)
            == f"CHANGED {chunk.index + 1}/{len(chunks) + 1}"
        )
        assert here.render("system.j2", tag=tag + "x") == f"CHANGED {tag}x"
    assert render_key("a.j2", {"x": 1, "y": "2"}) == render_key("a.j2", {"y": "2", "x": 1})
    assert render_key("a.j2", {"x": 1}) != render_key("a.j2", {"x": "1"})
    assert render_key("a.j2", {"x": 1}) != render_key("b.j2", {"x": 1})


@pytest.mark.skipif(sys.platform != "linux", reason="the child split needs fork")
def test_the_child_prepares_and_a_failure_to_prepare_costs_nothing_else() -> None:
    doc = from_bytes(TEXT.encode(), "t.txt")
    here = pipeline.plan(doc, chunk_tokens=200, overlap=20)

    def prepare(d: object, chunks: list[object]) -> dict[str, str]:
        assert d is doc
        return {"pid": str(os.getpid()), "chunks": str(len(chunks))}

    def broken(d: object, chunks: list[object]) -> dict[str, str]:
        raise RuntimeError("no templates")

    made = pipeline.plan(
        doc, chunk_tokens=200, overlap=20, speculate=True, meanwhile=lambda: None, prepare=prepare
    )
    assert made.prepared == {"pid": made.prepared["pid"], "chunks": str(len(here.chunks))}
    assert made.prepared["pid"] != str(os.getpid())  # made in the child
    failed = pipeline.plan(
        doc, chunk_tokens=200, overlap=20, speculate=True, meanwhile=lambda: None, prepare=broken
    )
    assert failed.prepared == {}
    assert failed.known_tokens is not None  # the split still came from the child
    assert [c.text for c in failed.chunks] == [c.text for c in here.chunks]


def test_a_run_with_prompts_from_the_child_sends_what_one_without_sends(
    server: OpenAIServer, tmp_path: Path
) -> None:
    """`--max-cost` counts before sending, so no child cuts the text and the parent renders
    every prompt itself: the requests are the same, the memo too."""
    ahead = brief(server, tmp_path / "a", *TWO_CHUNKS, "--no-cache", str(ORVIN))
    assert ahead.code == 0, ahead.err
    sent_ahead = [r.messages for r in server.chat_requests]
    before = len(server.chat_requests)
    itself = brief(
        server, tmp_path / "b", *TWO_CHUNKS, "--no-cache", "--max-cost", "100", str(ORVIN)
    )
    assert itself.code == 0, itself.err
    sent_itself = [r.messages for r in server.chat_requests[before:]]
    assert len(sent_ahead) == 3  # two map calls and the synthesis
    assert sorted(map(str, sent_ahead)) == sorted(map(str, sent_itself))
    assert ahead.out == itself.out
