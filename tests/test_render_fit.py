"""The one-page fit: the memo is the first of `render._plans` within the word budget, found
without rendering every plan before it. Checked against trying every plan in order."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_render import actor, claim, dev, make_brief

from briefer import render
from briefer.render import Limits
from briefer.schema import Brief
from briefer.source import count_words


def every_plan_in_order(brief: Brief, limits: Limits) -> str:
    """The memo as trying each plan in turn gives it (the fit's definition)."""
    claims, developments, dropped = render.kept(brief, False)
    totals = render._totals(brief, claims, developments)
    shown = {name: min(totals[name], getattr(limits, name)) for name in render._SECTIONS}
    start = render._Plan(
        shown=shown,
        evidence=shown["developments"],
        quote_words=render._QUOTE_WORDS[0],
        field_words=render._FIELD_WORDS[0],
    )
    template = render._environment().get_template(render.MEMO_TEMPLATE)
    memo = ""
    for plan in render._plans(start):
        ctx = render._context(brief, claims, developments, totals, plan, dropped, False)
        memo = render._BLANK_RUNS.sub("\n\n", template.render(ctx))
        if count_words(memo) <= limits.words:
            break
    return memo


def words(n: int, tag: str) -> str:
    return " ".join(f"{tag}{i}" for i in range(n)) or tag


sizes = st.integers(min_value=0, max_value=45)


@st.composite
def briefs(draw: Any) -> Brief:
    """Sections of any length whose items are anything from one word to far too many, so
    a dropped item may be shorter than the note that announces it."""
    n = {k: draw(st.integers(min_value=0, max_value=12)) for k in ("a", "c", "d", "o", "g")}
    return make_brief(
        actors=[
            actor(words(draw(sizes), f"a{i}n"), role=words(draw(sizes), "r"), stance=None)
            for i in range(n["a"])
        ],
        claims=[
            claim(words(draw(sizes), f"c{i}s"), quote=words(draw(sizes), "q"))
            for i in range(n["c"])
        ],
        developments=[
            dev(words(draw(sizes), f"d{i}w"), evidence=words(draw(sizes), "e"))
            for i in range(n["d"])
        ],
        outlook=[words(draw(st.integers(0, 30)), f"o{i}x") for i in range(n["o"])],
        gaps=[words(draw(st.integers(0, 30)), f"g{i}x") for i in range(n["g"])],
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(brief=briefs(), budget=st.integers(min_value=40, max_value=1500))
def test_fit_is_the_first_plan_within_the_budget(brief: Brief, budget: int) -> None:
    limits = Limits(words=budget)
    assert render.render(brief, limits=limits) == every_plan_in_order(brief, limits)


def test_a_note_longer_than_the_item_it_hides_is_not_skipped() -> None:
    """Hiding a one-word outlook item adds a ten-word note: the memo grows by that step,
    so the plans after it are not assumed shorter than the ones before."""
    brief = make_brief(outlook=["Watch."] * 4, gaps=["Open."] * 4)
    full = render.render(brief, limits=Limits(words=10_000))
    for budget in range(count_words(full) - 30, count_words(full) + 1):
        limits = Limits(words=budget)
        assert render.render(brief, limits=limits) == every_plan_in_order(brief, limits)
