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


@settings(max_examples=300, deadline=None)
@given(
    size=st.integers(min_value=1, max_value=40),
    data=st.data(),
)
def test_the_search_from_a_guess_finds_the_first_fit_whatever_the_guess(
    size: int, data: Any
) -> None:
    """Along a run where fitting is monotone, any guess (right, off by some, outside the
    run) leads to the first index that fits, or to None when none does; each index is
    tested at most once."""
    first = data.draw(st.integers(min_value=0, max_value=5))
    last = first + size - 1
    boundary = data.draw(st.integers(min_value=first, max_value=last + 1))
    guess = data.draw(st.integers(min_value=first - 3, max_value=last + 3))
    tested: list[int] = []

    def fits(i: int) -> bool:
        assert first <= i <= last
        tested.append(i)
        return i >= boundary

    found = render._first_fit(first, last, guess, fits)
    assert found == (boundary if boundary <= last else None)
    assert len(tested) == len(set(tested))


def test_a_good_estimate_costs_few_renders(monkeypatch: Any) -> None:
    """A brief whose memo must drop items to fit: the estimate puts the fit within a
    render or two of where it is, so the memo takes far fewer renders than bisection
    would (which tries the shortest memo of the run, then halves it, about 6 times)."""
    brief = make_brief(
        actors=[actor(f"Actor {i}", role=words(12, f"r{i}"), stance=None) for i in range(8)],
        claims=[claim(words(30, f"c{i}s"), quote=words(30, f"q{i}")) for i in range(8)],
        developments=[dev(words(20, f"d{i}w"), evidence=words(20, f"e{i}")) for i in range(8)],
        outlook=[words(15, f"o{i}x") for i in range(4)],
        gaps=[words(15, f"g{i}x") for i in range(4)],
    )
    renders: list[Any] = []
    real = render._context

    def counted(*args: Any) -> Any:
        renders.append(args[4])
        return real(*args)

    monkeypatch.setattr(render, "_context", counted)
    limits = Limits()
    memo = render.render(brief, limits=limits)
    monkeypatch.setattr(render, "_context", real)
    assert memo == every_plan_in_order(brief, limits)
    assert "not shown" in memo  # items were dropped: the fit had work to do
    shown = {
        name: min(len(getattr(brief, name)), getattr(limits, name)) for name in render._SECTIONS
    }
    start = render._Plan(
        shown, shown["developments"], render._QUOTE_WORDS[0], render._FIELD_WORDS[0]
    )
    plans = list(render._plans(start))
    runs = list(render._runs(plans, render._totals(brief, brief.claims, brief.developments)))
    assert max(last - first for first, last in runs) >= 8  # bisection would take 4+ renders
    assert len(renders) <= len(runs) + 2, (len(renders), runs)
