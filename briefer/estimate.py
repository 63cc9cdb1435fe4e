"""What a run will cost before it starts: calls, round trips, prompt tokens, dollars.

Estimates, not quotes: prompt tokens are exact for the article and approximate for the
prompt around it; output tokens are a typical answer's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefer.config import Settings
from briefer.errors import CostLimitError
from briefer.pipeline import Plan
from briefer.terminal import write_stdout

# USD per million tokens (input, output), list prices; override with --price-in/--price-out.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-5": (1.25, 10.00),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5-nano": (0.05, 0.40),
}
PROMPT_OVERHEAD = 1100  # system prompt, instructions and JSON schema, per call
OUTPUT_PER_CALL = 900
SYNTHESIS_SHARE = 0.25  # findings sent to the reduce call, as a share of the document


@dataclass(frozen=True)
class Estimate:
    calls: int
    round_trips: int
    prompt_tokens: int
    output_tokens: int
    cost: float | None


def estimate(the_plan: Plan, settings: Settings, merged: bool = False) -> Estimate:
    """One document's calls; `merged` (`--merge`): its extraction calls only, the one
    synthesis over all sources being `merged_synthesis`."""
    if settings.wants_offline:
        return Estimate(0, 0, 0, 0, 0.0)
    if merged:
        calls = len(the_plan.chunks)
        prompt = sum(c.tokens for c in the_plan.chunks) + PROMPT_OVERHEAD * calls
        output = OUTPUT_PER_CALL * calls
        return Estimate(calls, 1, prompt, output, cost(settings, prompt, output))
    chunk_tokens = sum(c.tokens for c in the_plan.chunks)
    prompt = chunk_tokens + PROMPT_OVERHEAD * the_plan.calls
    if len(the_plan.chunks) > 1:
        prompt += int((the_plan.tokens or chunk_tokens) * SYNTHESIS_SHARE)
    output = OUTPUT_PER_CALL * the_plan.calls
    return Estimate(
        the_plan.calls, the_plan.round_trips, prompt, output, cost(settings, prompt, output)
    )


def merged_synthesis(plans: Sequence[Plan], settings: Settings) -> Estimate:
    """The one synthesis call of `--merge` over the findings of every source."""
    if settings.wants_offline:
        return Estimate(0, 0, 0, 0, 0.0)
    tokens = sum(p.tokens or sum(c.tokens for c in p.chunks) for p in plans)
    prompt = PROMPT_OVERHEAD + int(tokens * SYNTHESIS_SHARE)
    return Estimate(1, 1, prompt, OUTPUT_PER_CALL, cost(settings, prompt, OUTPUT_PER_CALL))


def price(settings: Settings) -> tuple[float, float] | None:
    if settings.price_in is not None and settings.price_out is not None:
        return settings.price_in, settings.price_out
    model = settings.model.split("/")[-1]
    for name in sorted(PRICES, key=len, reverse=True):
        if model == name or model.startswith(name + "-20"):
            return PRICES[name]
    return None


def cost(settings: Settings, prompt_tokens: int, output_tokens: int) -> float | None:
    p = price(settings)
    if p is None:
        return None
    return (prompt_tokens * p[0] + output_tokens * p[1]) / 1_000_000


def _money(value: float | None) -> str:
    return "unknown" if value is None else f"${value:,.4f}"


def print_plan(plans: Sequence[Plan], settings: Settings, merged: bool = False) -> None:
    engine = "offline engine (no calls)" if settings.wants_offline else f"model {settings.model}"
    out: list[str] = []
    out.append(f"Plan · {engine} · chunks of {settings.chunk_tokens:,} tokens\n")
    out.append("| file | words | tokens | chunks | calls | round trips | prompt tokens | cost |\n")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
    totals = [0, 0, 0, 0, 0, 0]
    total_cost: float | None = 0.0
    depth = 0  # a batch runs its files side by side: as deep as its deepest file
    rows: list[tuple[str, Plan | None, Estimate]] = [
        (p.doc.name, p, estimate(p, settings, merged)) for p in plans
    ]
    if merged:
        rows.append(("synthesis (all sources)", None, merged_synthesis(plans, settings)))
    for name, p, e in rows:
        row = [0, 0, 0] if p is None else [p.doc.words, p.tokens or 0, len(p.chunks)]
        row += [e.calls, e.round_trips, e.prompt_tokens]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        depth = max(depth, e.round_trips)
        total_cost = None if e.cost is None or total_cost is None else total_cost + e.cost
        cells = " | ".join(f"{v:,}" for v in row)
        out.append(f"| {name} | {cells} | {_money(e.cost)} |\n")
    if merged and not settings.wants_offline:
        depth = 2  # every extraction at once, then the synthesis
    if len(plans) > 1:
        totals[4] = depth
        cells = " | ".join(f"{v:,}" for v in totals)
        out.append(f"| total ({len(plans)} files) | {cells} | {_money(total_cost)} |\n")
    if not settings.wants_offline and price(settings) is None:
        out.append(f"No price known for {settings.model}; set price_in and price_out.\n")
    write_stdout("".join(out))


def check_budget(
    plans: Sequence[Plan], settings: Settings, limit: float, merged: bool = False
) -> None:
    """Refuse to start a run whose estimate exceeds `limit` dollars (or cannot be priced)."""
    costs = [estimate(p, settings, merged).cost for p in plans]
    if merged:
        costs.append(merged_synthesis(plans, settings).cost)
    if any(c is None for c in costs):
        raise CostLimitError(
            f"--max-cost: no price known for {settings.model}; set price_in and price_out"
        )
    total = sum(c for c in costs if c is not None)
    if total > limit:
        raise CostLimitError(
            f"estimated cost ${total:,.4f} exceeds --max-cost ${limit:,.4f}; nothing was sent"
        )
