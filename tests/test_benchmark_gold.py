"""The offline benchmark's own article sets are sound: every gold quote, evidence and name is
in its article, every article has gold, and the held-out sets share no article with dev.

Checked without running the engine, so a set can be verified before it is ever scored.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from benchmark_support import load_benchmark

from briefer.source import normalize

ARTICLES = Path(__file__).resolve().parent.parent / "benchmarks" / "articles"
SETS = sorted(p.parent.name for p in ARTICLES.glob("*/gold.json"))
HELD_OUT = [s for s in SETS if s.startswith("heldout")]
KINDS = {"person", "organisation", "company", "state", "group"}


def _gold(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ARTICLES / name / "gold.json").read_text("utf-8"))
    return data


def _occurs(name: str, text: str) -> bool:
    """Case-insensitive, on word boundaries: "Park" must not be found inside "parking"."""
    pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def test_every_set_is_checked() -> None:
    assert {
        "dev",
        "heldout",
        "heldout2",
        "heldout3",
        "heldout4",
        "heldout5",
        "heldout6",
        "heldout7",
    } <= set(SETS)


def test_every_set_is_scored_and_none_held_back_twice() -> None:
    """A set held back from the default run is one not yet scored; every other set is in it."""
    mod = load_benchmark("eval_offline")
    assert {"heldout5", "heldout6"} <= set(mod.DEFAULT_SETS) and not set(mod.NOT_BY_DEFAULT) & set(
        mod.DEFAULT_SETS
    )
    assert set(mod.ALL_SETS) - {"fitted"} == set(SETS)


def test_a_scored_held_out_set_is_in_the_default_run() -> None:
    """Held-out 7 was scored once, after its round's rules were final, and is run since."""
    mod = load_benchmark("eval_offline")
    assert "heldout7" in mod.DEFAULT_SETS and "heldout7" not in mod.NOT_BY_DEFAULT


@pytest.mark.parametrize("name", SETS)
def test_every_article_has_gold_and_every_gold_an_article(name: str) -> None:
    gold = _gold(name)
    assert len(gold) >= 8
    assert set(gold) == {p.name for p in (ARTICLES / name).glob("*.txt")}


@pytest.mark.parametrize("name", SETS)
def test_gold_is_in_its_article(name: str) -> None:
    for rel, g in _gold(name).items():
        text = normalize((ARTICLES / name / rel).read_text(encoding="utf-8"))
        assert text.split("\n", 1)[0].strip(), (rel, "no headline")
        assert set(g) == {"actors", "claims", "developments"}, rel
        names: set[str] = set()
        for a in g["actors"]:
            assert set(a) == {"name", "aliases", "kind", "key"}, (rel, a)
            assert a["kind"] in KINDS, (rel, a)
            assert isinstance(a["key"], bool), (rel, a)
            assert a["name"] not in names, (rel, "twice", a["name"])
            names.add(a["name"])
            for n in [a["name"], *a["aliases"]]:
                assert isinstance(n, str) and n.strip() == n and n, (rel, a)
                assert _occurs(n, text), (rel, "name not in text", n)
        assert any(a["key"] for a in g["actors"]), (rel, "no key actor")
        seen: set[str] = set()
        for c in g["claims"]:
            assert set(c) == {"claimant", "quote"}, (rel, c)
            assert c["quote"].strip() and c["quote"] in text, (rel, c["quote"])
            assert c["claimant"] in names, (rel, c["claimant"])
            assert c["quote"] not in seen, (rel, "twice", c["quote"])
            seen.add(c["quote"])
        for d in g["developments"]:
            assert set(d) == {"what", "when", "evidence"}, (rel, d)
            assert d["what"].strip(), (rel, d)
            assert d["evidence"].strip() and d["evidence"] in text, (rel, d["evidence"])


def test_held_out_sets_share_no_article_with_dev_or_each_other() -> None:
    seen = {name: set(_gold(name)) for name in SETS}
    for a in ["dev", *HELD_OUT]:
        for b in HELD_OUT:
            if a != b:
                assert not seen[a] & seen[b], (a, b)
