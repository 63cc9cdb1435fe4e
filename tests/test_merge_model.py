"""`brief --merge` with a model: the console script talks through the openai SDK to the
loopback OpenAI server (tests/openai_server.py), which answers with hand-written responses
for the three articles of examples/ferry-grounding/: one Extraction per article and one
SourcesSynthesis whose links are partly wrong on purpose. Two round trips; every link the
model asserts is checked before it reaches the brief."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openai_server import OpenAIServer, completion_body, requested_schema
from test_cli import script

ROOT = Path(__file__).resolve().parents[1]
FERRY = ROOT / "examples" / "ferry-grounding"
FILES = [FERRY / "nordwire.txt", FERRY / "kessel-courier.txt", FERRY / "ministry-statement.txt"]
KEY = "sk-test-merge-9d2e"
FABRICATED = "Baltana Ferries blamed the crew for the grounding"


def person(name: str, *aliases: str, role: str | None = None) -> dict[str, Any]:
    return {"name": name, "aliases": list(aliases), "kind": "person", "role": role, "stance": None}


def org(name: str, *aliases: str) -> dict[str, Any]:
    return {"name": name, "aliases": list(aliases), "kind": "organisation", "role": None,
            "stance": None}  # fmt: skip


def claim(claimant: str, quote: str, kind: str = "assertion") -> dict[str, Any]:
    return {"statement": quote, "claimant": claimant, "quote": quote, "kind": kind,
            "hedging": None}  # fmt: skip


def dev(when: str, what: str, evidence: str, *actors: str) -> dict[str, Any]:
    return {"when": when, "what": what, "where": "Kessel", "actors": list(actors),
            "evidence": evidence}  # fmt: skip


# Claims are numbered across sources in source order: 0-2 Nordwire, 3-5 Courier, 6-7 ministry.
EXTRACTIONS = {
    "(Nordwire)": {
        "actors": [
            person("Henrik Dahl", "Dahl", role="coast guard spokesman"),
            org("Kessel Coast Guard"),
            org("Baltana Ferries"),
            person("Oskar Lind", "Lind", role="Transport Minister"),
            org("Maritime Accident Investigation Board"),
            person("Joran Vell", "Captain Joran Vell", role="captain"),
        ],
        "claims": [
            claim("Henrik Dahl", "Every passenger was taken off safely and nobody is missing"),
            claim("Henrik Dahl", "nine people were treated for minor injuries"),
            claim("Baltana Ferries", "a sudden steering failure had forced the crew off course"),
        ],
        "developments": [
            dev(
                "late on Tuesday night",
                "The Aurelia Star ran aground near Kessel.",
                "ran aground on a sandbank outside the port of Kessel late on Tuesday night",
                "Baltana Ferries",
            )
        ],
    },
    "Marta Sollen": {
        "actors": [
            person("Ilse Varga", role="harbour master"),
            org("Kessel General Hospital"),
            org("Baltana"),
            person("the captain"),
            person("Petra Vell", "the councillor", role="city councillor"),
        ],
        "claims": [
            claim("Kessel General Hospital", "14 people had been treated for injuries"),
            claim("Ilse Varga", "All 212 passengers were on shore by 3 a.m. on Wednesday"),
            claim("Baltana", FABRICATED),
        ],
        "developments": [
            dev(
                "on Wednesday afternoon",
                "MAIB investigators arrived in Kessel.",
                "Investigators from the MAIB arrived in Kessel on Wednesday afternoon",
            )
        ],
    },
    "press office": {
        "actors": [
            org("Ministry of Transport"),
            person("Oskar Lind", "Minister Lind", role="Minister"),
            org("Maritime Accident Investigation Board", "MAIB"),
        ],
        "claims": [
            claim("Ministry of Transport", "All passengers and crew were evacuated safely"),
            claim(
                "Ministry of Transport",
                "An initial inspection by MAIB engineers on Wednesday found no fault in the "
                "ferry's steering gear",
            ),
        ],
        "developments": [
            dev(
                "on the night of 10 March",
                "The Aurelia Star ran aground on the Grey Bank.",
                "ran aground on the Grey Bank near Kessel on the night of 10 March",
                "Baltana Ferries",
            )
        ],
    },
}
SYNTHESIS = {
    "title": "Ferry Aurelia Star runs aground off Kessel; cause disputed",
    "bottom_line": "The Aurelia Star ran aground near Kessel; all aboard were brought ashore. "
    "Baltana Ferries blames its steering; the ministry's inspectors found no fault.",
    "outlook": ["The MAIB reports within 30 days."],
    "gaps": ["No source says why the ship left the channel."],
    "same_claims": [
        {"claims": [0, 4, 6]},  # right
        {"claims": [2, 5]},  # 5 is the fabricated quote: not verified, so no group
    ],
    "contradictions": [
        {"claims": [1, 3], "sources": [0, 1], "note": "nine vs 14 injured"},  # right
        {"claims": [2, 7], "sources": [0, 2], "note": "steering failure vs no fault"},  # right
        {"claims": [0, 1], "sources": [0, 0], "note": "one source"},  # same source
        {"claims": [3, 6], "sources": [1, 1], "note": "wrong source named"},  # 6 is [2]'s
        {"claims": [5, 7], "sources": [1, 2], "note": "unverified side"},  # fabricated
        {"claims": [4, 99], "sources": [1, 2], "note": "no such claim"},
    ],
    "key_claims": [1, 3, 2, 7],
}


@pytest.fixture
def server(openai_server: OpenAIServer) -> OpenAIServer:
    for marker, answer in EXTRACTIONS.items():
        openai_server.add_recording(
            {
                "match": {"schema": "Extraction", "contains": [marker]},
                "response": completion_body(json.dumps(answer)),
            },
            name=f"merge-extract-{marker}",
        )
    openai_server.add_recording(
        {
            "match": {"schema": "SourcesSynthesis", "contains": ["nordwire.txt"]},
            "response": completion_body(json.dumps(SYNTHESIS)),
        },
        name="merge-synthesis",
    )
    openai_server.expected_key = KEY
    return openai_server


def brief(server: OpenAIServer, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env.update(
        OPENAI_API_KEY=KEY,
        BRIEFER_CACHE_DIR=str(tmp / "cache"),
        BRIEFER_CONFIG=str(tmp / "config.toml"),
        BRIEFER_DATE="2026-03-20",
    )
    proc = subprocess.run(
        [script("brief"), "--base-url", server.base_url, "--max-retries", "0", "--merge",
         *map(str, FILES), *args],
        capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert "Traceback" not in proc.stderr and KEY not in proc.stdout + proc.stderr
    return proc


def test_two_round_trips_whatever_the_number_of_sources(
    server: OpenAIServer, tmp_path: Path
) -> None:
    proc = brief(server, tmp_path, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    schemas = [requested_schema(r.body) for r in server.chat_requests]
    assert schemas == ["Extraction"] * 3 + ["SourcesSynthesis"]
    # The one synthesis call sees every source's claims.
    last = server.chat_requests[-1].text
    for answer in EXTRACTIONS.values():
        for c in answer["claims"]:
            assert c["quote"] in last
    data = json.loads(proc.stdout)
    assert data["usage"]["calls"] == 4
    # A second run is answered from the cache.
    again = brief(server, tmp_path, "--format", "json")
    assert again.returncode == 0 and len(server.chat_requests) == 4


def test_model_links_are_checked(server: OpenAIServer, tmp_path: Path) -> None:
    proc = brief(server, tmp_path, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    claims = data["claims"]
    carried = [c for c in claims if len(c["sources"]) > 1]
    # The model's one link, and the rules' link of a claim to another source's own words.
    safe = [c for c in carried if len(c["sources"]) == 3]
    assert len(safe) == 1 and len(carried) == 2
    assert [s["source"] for s in safe[0]["sources"]] == [0, 1, 2]
    assert all(s["verified"] and s["paragraph"] for c in carried for s in c["sources"])
    # The fabricated quote stays a claim of its own, marked, in no link.
    fake = [c for c in claims if c["quote"] == FABRICATED]
    assert len(fake) == 1 and fake[0]["verified"] is False and len(fake[0]["sources"]) == 1
    fake_index = claims.index(fake[0])
    notes = sorted(c["note"] for c in data["contradictions"])
    assert notes == ["nine vs 14 injured", "steering failure vs no fault"]
    for c in data["contradictions"]:
        i, j = c["claims"]
        assert fake_index not in (i, j)
        assert c["sources"][0] in {s["source"] for s in claims[i]["sources"]}
        assert c["sources"][1] in {s["source"] for s in claims[j]["sources"]}
        assert c["sources"][0] != c["sources"][1]


def test_actors_and_timeline_across_sources(server: OpenAIServer, tmp_path: Path) -> None:
    proc = brief(server, tmp_path, "--format", "json")
    data = json.loads(proc.stdout)
    actors = {a["name"]: a for a in data["actors"]}
    assert actors["Oskar Lind"]["sources"] == [0, 2]
    assert "Minister Lind" in actors["Oskar Lind"]["aliases"]
    # The Courier's extraction leaves the MAIB out, but its text names it: it appears there.
    assert actors["Maritime Accident Investigation Board"]["sources"] == [0, 1, 2]
    # "Baltana" (the Courier's name) is Baltana Ferries; the ministry's text names it too.
    assert actors["Baltana Ferries"]["sources"] == [0, 1, 2]
    assert "Baltana" in actors["Baltana Ferries"]["aliases"]
    # "the captain" is a role one person holds: that person. A namesake stays apart.
    assert actors["Joran Vell"]["sources"] == [0, 1]
    assert "the captain" in actors["Joran Vell"]["aliases"]
    assert actors["Petra Vell"]["sources"] == [1]
    grounding = [d for d in data["developments"] if d["date"] == "2026-03-10"]
    assert len(grounding) == 1 and grounding[0]["sources"] == [0, 2]
    arrived = [d for d in data["developments"] if d["sources"] == [1]]
    assert arrived and arrived[0]["date"] == "2026-03-11"  # Wednesday before the 12th


def test_markdown_memo_with_a_model(server: OpenAIServer, tmp_path: Path) -> None:
    proc = brief(server, tmp_path)
    assert proc.returncode == 0, proc.stderr
    memo = proc.stdout
    assert memo.startswith("# Ferry Aurelia Star runs aground off Kessel; cause disputed\n")
    assert "Sources: 3 · " in memo and "model gpt-4.1-mini" in memo
    assert "**3 sources**" in memo
    assert "**Not found in source**" in memo  # the fabricated quote, marked
    contradictions = memo.split("## Contradictions\n")[1].split("\n## ")[0]
    assert "nine vs 14 injured" in contradictions and "one source" not in contradictions


def test_dry_run_counts_one_synthesis_for_all_sources(server: OpenAIServer, tmp_path: Path) -> None:
    proc = brief(server, tmp_path, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    rows = {line.split(" | ")[0].lstrip("| "): line for line in proc.stdout.splitlines()}
    assert "synthesis (all sources)" in rows
    total = rows["total (3 files)"].strip("| ").split(" | ")
    assert total[4:6] == ["4", "2"]  # calls, round trips
    assert server.chat_requests == []
