"""Cost estimates, --max-cost, and the `briefer` utility commands (cache, prompts, config)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from test_cli import ROOT, run

from briefer import config, estimate, pipeline
from briefer.errors import CostLimitError
from briefer.llm.cache import ResponseCache
from briefer.source import from_bytes


def llm_settings(**overrides: object) -> config.Settings:
    flags = {"base_url": "http://127.0.0.1:9/v1", **overrides}
    return config.load(flags, env={"BRIEFER_CONFIG": "/nonexistent/config.toml"})


def a_plan(words: int = 3000, chunk_tokens: int = 1000) -> pipeline.Plan:
    text = "\n\n".join(
        f"Paragraph {i} says the minister met the union on Monday." for i in range(words // 9)
    )
    return pipeline.plan(from_bytes(text.encode(), "a.txt"), chunk_tokens, 0)


def test_estimate_counts_calls_round_trips_and_prices_known_models() -> None:
    the_plan = a_plan()
    n = len(the_plan.chunks)
    assert n >= 3
    e = estimate.estimate(the_plan, llm_settings(model="gpt-4.1-mini"))
    assert (e.calls, e.round_trips) == (n + 1, 2)
    assert e.prompt_tokens >= sum(c.tokens for c in the_plan.chunks)
    assert e.cost == pytest.approx((e.prompt_tokens * 0.40 + e.output_tokens * 1.60) / 1e6)
    # A dated snapshot of a known model has the same price; an unknown model has none.
    assert estimate.price(llm_settings(model="gpt-4.1-mini-2025-04-14")) == (0.40, 1.60)
    assert estimate.estimate(the_plan, llm_settings(model="my-local-llama")).cost is None
    # Prices given as settings win over the table.
    priced = llm_settings(model="my-local-llama", price_in=1.0, price_out=2.0)
    assert estimate.estimate(the_plan, priced).cost == pytest.approx(
        (e.prompt_tokens * 1.0 + e.output_tokens * 2.0) / 1e6
    )


def test_budget_refuses_runs_above_max_cost_and_unpriced_models() -> None:
    plans = [a_plan()]
    cost = estimate.estimate(plans[0], llm_settings()).cost
    assert cost is not None
    estimate.check_budget(plans, llm_settings(), cost * 1.01)
    with pytest.raises(CostLimitError, match="exceeds --max-cost"):
        estimate.check_budget(plans, llm_settings(), cost * 0.99)
    with pytest.raises(CostLimitError, match="no price known"):
        estimate.check_budget(plans, llm_settings(model="my-local-llama"), 100.0)


def test_max_cost_stops_the_cli_before_any_request(tmp_path: Path) -> None:
    # Nothing listens on this port: had briefer sent anything, it would fail with exit 1.
    proc = run(
        tmp_path,
        str(ROOT / "examples" / "grid-failure-inquiry.txt"),
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--max-cost",
        "0.0001",
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "exceeds --max-cost $0.0001; nothing was sent" in proc.stderr


def test_dry_run_prices_a_batch(tmp_path: Path) -> None:
    files = [str(p) for p in sorted((ROOT / "examples").glob("*.txt"))]
    proc = run(tmp_path, "--dry-run", "--base-url", "http://127.0.0.1:9/v1", *files)
    assert proc.returncode == 0, proc.stderr
    total = next(line for line in proc.stdout.splitlines() if line.startswith("| total"))
    cells = [c.strip() for c in total.strip("|").split("|")]
    assert cells[0] == f"total ({len(files)} files)"
    assert cells[-1].startswith("$")
    assert cells[5] == "2"  # round trips: the batch is as deep as its deepest document


def test_cache_commands_report_list_prune_and_clear(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache")
    for i in range(3):
        cache.put(f"key{i}", {"raw": "{}", "model": "gpt-test"})
    cache.close()
    old = time.time() - 10 * 86_400
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE responses SET created = ? WHERE key = 'key0'", (old,))

    info = run(tmp_path, "cache", "info", prog="briefer")
    assert info.returncode == 0, info.stderr
    assert "entries  3" in info.stdout and str(cache.path) in info.stdout
    listing = run(tmp_path, "cache", "list", prog="briefer")
    assert listing.stdout.count("gpt-test") == 3
    pruned = run(tmp_path, "cache", "prune", "5", prog="briefer")
    assert "removed 1 entries older than 5 days" in pruned.stdout
    cleared = run(tmp_path, "cache", "clear", prog="briefer")
    assert "removed 2 entries" in cleared.stdout
    assert "entries  0" in run(tmp_path, "cache", "info", prog="briefer").stdout


def test_prompts_init_writes_templates_that_brief_uses(tmp_path: Path) -> None:
    folder = tmp_path / "my-prompts"
    proc = run(tmp_path, "prompts", "init", str(folder), prog="briefer")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [
            "system.j2",
            "_article.j2",
            "single.j2",
            "extract.j2",
            "synthesize.j2",
            "synthesize_sources.j2",
        ]
    )
    again = run(tmp_path, "prompts", "init", str(folder), prog="briefer")
    assert again.returncode == 2 and "--force" in again.stderr
    assert run(tmp_path, "prompts", "init", "--force", str(folder), prog="briefer").returncode == 0


def test_settings_precedence_flag_over_env_over_file(tmp_path: Path) -> None:
    conf = tmp_path / "config.toml"
    conf.write_text('model = "from-file"\nconcurrency = 3\nchunk_tokens = 900\n')
    env = {"BRIEFER_CONFIG": str(conf), "BRIEFER_MODEL": "from-env"}
    s = config.load({"chunk_tokens": 700}, env=env)
    assert (s.model, s.concurrency, s.chunk_tokens) == ("from-env", 3, 700)
    assert s.sources["model"] == "env BRIEFER_MODEL"
    assert s.sources["concurrency"] == f"config {conf}"
    assert s.sources["chunk_tokens"] == "flag"
    conf.write_text("modle = 'typo'\n")
    with pytest.raises(config.ConfigError, match="unknown setting 'modle'"):
        config.load({}, env=env)
