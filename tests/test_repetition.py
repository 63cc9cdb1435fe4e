"""A looping answer is noticed early; real answers never are.

The guard is fed pieces of about a token (4 characters), as a server streams them. Real
answers: every recorded model answer (hand-written and SmolLM2's) and the JSON briefs the
offline engine writes for the examples, which repeat keys and quotes as answers do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefer.llm.repetition import BLANKS, COPIES, SPAN, WINDOW, RepetitionGuard

HERE = Path(__file__).parent
PIECE = 4


def stopped_at(text: str) -> int | None:
    """Characters read when the guard stopped the answer, or None if it never did."""
    guard = RepetitionGuard()
    for i in range(0, len(text), PIECE):
        if guard.feed(text[i : i + PIECE]):
            return len(guard.text)
    return None


def recorded_answers() -> list[tuple[str, str]]:
    found = []
    for path in sorted((HERE / "recordings").rglob("*.json")):
        if "loops" in path.parts:
            continue  # real answers briefer hung up on (tests/test_live_recordings.py)
        body = json.loads(path.read_text(encoding="utf-8"))["response"]
        content = body["choices"][0]["message"].get("content")
        if isinstance(content, str):
            found.append((path.name, content))
    return found


def test_there_are_real_answers_to_check() -> None:
    names = [name for name, _ in recorded_answers()]
    assert len(names) >= 8 and any(n.startswith("ferry_") for n in names), names


@pytest.mark.parametrize(("name", "content"), recorded_answers())
def test_recorded_answers_are_not_loops(name: str, content: str) -> None:
    assert stopped_at(content) is None
    indented = json.dumps(json.loads(content), indent=2)  # some servers answer indented
    assert stopped_at(indented) is None


def test_json_briefs_of_the_examples_are_not_loops(tmp_path: Path) -> None:
    from test_cli import run

    texts = sorted((HERE.parent / "examples").glob("*.txt"))
    proc = run(tmp_path, "--mock", "-f", "json", *map(str, texts))
    assert proc.returncode == 0, proc.stderr
    briefs = json.loads(proc.stdout)
    assert len(briefs) == len(texts)
    for brief in briefs:
        assert stopped_at(json.dumps(brief, indent=2, ensure_ascii=False)) is None


ITEM = '{"name": "John Smith", "role": "John Smith", "quote": "John Smith said John Smith"}'


@pytest.mark.parametrize(
    ("head", "loop"),
    [
        ('{"actors": [', ITEM + ", "),  # one made-up item, again and again
        ('{"title": "', "the ferry "),  # a phrase inside a string
        ('{"claims": [{"quote": "', "a"),  # one character
        ('{"actors": [', ITEM * 3 + ", "),  # a long period
    ],
)
def test_a_loop_is_stopped_within_its_bound(head: str, loop: str) -> None:
    text = head + loop * (5000 // len(loop) + 1)
    at = stopped_at(text)
    assert at is not None
    # a loop of p characters costs COPIES periods, or SPAN characters when p is short
    bound = len(head) + max(COPIES * len(loop), SPAN + len(loop)) + PIECE
    assert at <= bound, (at, bound)


def test_a_flood_of_whitespace_is_stopped() -> None:
    at = stopped_at('{"title": "Ferry"' + "\n" * 5000)
    assert at is not None and at <= 20 + BLANKS + PIECE


def test_a_quote_given_in_many_fields_is_no_loop_and_the_same_item_again_is() -> None:
    quote = "We will not sail until the inspectors have seen every weld, said the harbour master"
    items = [
        {"statement": quote, "quote": quote, "speaker": "harbour master", "verified": False}
        for i in range(12)
    ]
    for i, item in enumerate(items):
        item["claim"] = f"Claim {i}"
    answer = {"bottom_line": quote, "claims": items, "developments": [{"evidence": quote}]}
    assert stopped_at(json.dumps(answer)) is None  # the quote 26 times, never back to back
    same = {"claims": [{"statement": quote, "quote": quote}] * 4}
    assert stopped_at(json.dumps(same)) is not None  # one item, again and again


def test_a_short_stutter_is_no_loop() -> None:
    assert stopped_at(json.dumps({"quote": "very, very, very " * 5 + "cold " * 20})) is None


@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=60))
def test_text_without_a_long_repeat_is_never_stopped(words: list[str]) -> None:
    # Numbered items: no piece of text comes back to back SPAN characters long.
    text = json.dumps([f"{i:04d}:{w}" for i, w in enumerate(words)])
    if all(len(w) * 2 < WINDOW for w in words) and " " * BLANKS not in text:
        assert stopped_at(text) is None


def test_real_loops_are_stopped() -> None:
    loops = sorted((HERE / "recordings" / "live" / "loops").glob("*.json"))
    assert loops
    for path in loops:
        content = json.loads(path.read_text(encoding="utf-8"))["response"]["choices"][0]
        assert stopped_at(content["message"]["content"]) is not None, path.name
