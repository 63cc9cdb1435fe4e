"""The whole path, end to end (issue 4's "done when"): the `brief` console script in a
subprocess talks to the recorded-response server on 127.0.0.1 through the openai SDK, and
the tests read the rendered memo.

Recordings: tests/recordings/veldmark_draft.json (loaded by the fixture) and
tests/recordings/e2e/*.json (loaded here), which answer tests/recordings/e2e/orvin-dam.txt:
a one-call Draft with a fabricated quote and two altered numbers, and two Extractions plus
a Synthesis for the same article cut into two chunks (--chunk-tokens 250 --overlap 0).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from openai_server import RECORDINGS, OpenAIServer, requested_schema
from test_cli import script

from briefer.source import from_bytes

E2E = RECORDINGS / "e2e"
VELDMARK = RECORDINGS / "articles" / "veldmark.txt"
ORVIN = E2E / "orvin-dam.txt"
SECTIONS = ("Bottom line", "Actors", "Claims", "Developments", "Outlook", "Gaps")
KEY = "sk-test-e2e-3f1c"
DATE = "2026-06-13"
TWO_CHUNKS = ("--chunk-tokens", "250", "--overlap", "0")

# Every quote in the orvin recordings that is in the article, with its paragraph (¶1 is
# the headline), and those that are not.
ORVIN_PARAGRAPHS = {
    "ordered an emergency release of water from the Lake Orvin reservoir on Wednesday": 2,
    "We are lowering the lake as a precaution, not because we expect the dam to fail": 3,
    "Nobody living below Lake Orvin should have to wonder whether the wall will hold": 4,
    "about 1,800 residents of the villages of Marrow Ford and Tessing had been advised to "
    "move to higher ground": 5,
    "The board has known about these cracks since March and told nobody": 6,
    "hairline marks that were within safe limits": 7,
    "On Thursday morning Ms. Rask met the board's directors in Halverstad": 8,
    "an independent panel of three engineers would report on the spillway within 30 days": 8,
}
FABRICATED = "The dam will be rebuilt from its foundations before the winter rains"
ALTERED = (
    "the reservoir stood at 13 percent above its summer average",  # the article says 31
    "the release would continue until the lake was 6 metres lower",  # the article says 4
)


# -- running brief --------------------------------------------------------------------------


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def server(openai_server: OpenAIServer) -> OpenAIServer:
    openai_server.load_recordings(E2E)
    openai_server.expected_key = KEY  # a request without our key gets a 401
    return openai_server


def child_env(tmp: Path, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without the user's briefer and OpenAI settings, with the
    test key, a cache and config under `tmp`, and a fixed date."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    environ.update(
        OPENAI_API_KEY=KEY,
        BRIEFER_CACHE_DIR=str(tmp / "cache"),
        BRIEFER_CONFIG=str(tmp / "config.toml"),
        BRIEFER_DATE=DATE,
    )
    environ.update(env or {})
    return environ


def brief(server: OpenAIServer, tmp: Path, *args: str, env: Mapping[str, str] | None = None) -> Run:
    environ = child_env(tmp, env)
    proc = subprocess.run(
        [script("brief"), "--base-url", server.base_url, "--max-retries", "0", *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert KEY not in proc.stdout + proc.stderr
    return Run(proc.returncode, proc.stdout, proc.stderr)


# -- reading the memo -------------------------------------------------------------------------


def sections(memo: str) -> dict[str, str]:
    """Heading -> body, in order; fails unless the six sections come exactly in order."""
    found = re.findall(r"^## (.+)$", memo, re.M)
    assert found == list(SECTIONS), found
    parts = re.split(r"^## .+\n", memo, flags=re.M)[1:]
    body = dict(zip(found, parts, strict=True))
    body["Gaps"] = body["Gaps"].split("\n---\n")[0]
    return body


def footer(memo: str) -> str:
    return memo.rstrip("\n").rsplit("\n", 1)[-1]


def above_footer(memo: str) -> str:
    return memo.rstrip("\n").rsplit("\n", 1)[0]


def marks(memo: str) -> dict[str, str]:
    """Every quote shown under Claims and Developments -> its verification mark."""
    body = sections(memo)
    found: dict[str, str] = {}
    for block in re.split(r"^\d+\. ", body["Claims"], flags=re.M)[1:]:
        mark = re.search(r"^\s+Claimed by .* · (.+)$", block, re.M)
        quote = re.search(r"^\s+> “(.*)”$", block, re.M)
        assert mark and quote, block
        found[quote.group(1)] = mark.group(1)
    for block in re.split(r"^- ", body["Developments"], flags=re.M)[1:]:
        first, *rest = block.strip("\n").split("\n")
        quote = re.search(r"^\s+> “(.*)”$", "\n".join(rest), re.M)
        if quote:
            found[quote.group(1)] = first.rsplit(" · ", 1)[1]
    return found


def actor_names(memo: str) -> list[str]:
    rows = [r for r in sections(memo)["Actors"].splitlines() if r.startswith("| ")][2:]
    return [r.split(" | ")[0].removeprefix("| ") for r in rows]


def verified(paragraph: int) -> str:
    return f"Verified in source (¶{paragraph})"


NOT_FOUND = "**Not found in source**"


# -- single call -----------------------------------------------------------------------------


def test_single_call_brief(server: OpenAIServer, tmp_path: Path) -> None:
    run = brief(server, tmp_path, str(VELDMARK))
    assert run.code == 0, run.err
    assert run.err == ""  # a model is configured: no offline notice
    memo = run.out
    assert memo.startswith("# Veldmark port strike halts container traffic")
    assert "· 218 words · 1 chunk · model gpt-4.1-mini · 2026-06-13\n" in memo
    body = sections(memo)
    assert "2,400 dockworkers" in body["Bottom line"]
    assert actor_names(memo) == [
        "Mara Ostrander (aka Ostrander)",
        "Harbour Workers' Union (aka the union)",
        "Veldmark Harbour Authority (aka the authority)",
        "Piet Haldane (aka Haldane)",
        "Ilse Varga (aka Varga)",
    ]
    assert marks(memo) == {
        "We have offered every compromise we could think of, and the authority has answered "
        "none of them": verified(3),
        "unlawful under the 2019 port services act": verified(4),
        "within ten days": verified(4),
        "an emergency fuel reserve could cover about two weeks of demand": verified(5),
        "Dockworkers at the Port of Veldmark began an open-ended strike on Monday": verified(2),
        "after talks over night-shift pay collapsed late on Sunday": verified(2),
        "it would ask the labour court for an injunction on Tuesday": verified(4),
        "at least 14 vessels were waiting at anchor outside the harbour": verified(6),
    }
    assert "Claimed by Piet Haldane (assessment, hedged: “could be disrupted”)" in body["Claims"]
    assert "labour court grants" in body["Outlook"] and "pay demands" in body["Gaps"]
    assert footer(memo).startswith("8/8 quotes verified · 1 call · 1,187 prompt + 842 completion")
    assert "0 cache hits" in footer(memo)

    # One request, strict structured output for a Draft, the article inside delimiters.
    (req,) = server.chat_requests
    assert req.headers["authorization"] == f"Bearer {KEY}"
    fmt = req.body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "Draft" and fmt["json_schema"]["strict"] is True
    user = req.messages[-1]["content"]
    tag = re.search(r"<<<(ARTICLE-[0-9a-f]{12})\n", user)
    assert tag and f"\n{tag.group(1)}>>>" in user
    assert VELDMARK.read_text(encoding="utf-8").strip() in user


# -- several chunks ----------------------------------------------------------------------------


def test_multi_chunk_brief_map_merge_reduce(server: OpenAIServer, tmp_path: Path) -> None:
    plan = brief(server, tmp_path, "--dry-run", *TWO_CHUNKS, str(ORVIN))
    assert plan.code == 0, plan.err
    row = next(line for line in plan.out.splitlines() if "orvin-dam.txt" in line)
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    assert cells[3:6] == ["2", "3", "2"], row  # chunks, calls, round trips
    assert server.requests == []  # a dry run sends nothing

    run = brief(server, tmp_path, *TWO_CHUNKS, str(ORVIN))
    assert run.code == 0, run.err
    chats = server.chat_requests
    assert len(chats) == len(server.requests) == 3  # two extractions, one synthesis
    schemas = [requested_schema(r.body) for r in chats]
    assert sorted(schemas) == ["Extraction", "Extraction", "Synthesis"]
    extractions = [r for r in chats if requested_schema(r.body) == "Extraction"]
    synthesis = next(r for r in chats if requested_schema(r.body) == "Synthesis")
    assert synthesis.at >= max(r.at for r in extractions)  # reduce after map
    # Each extraction saw its own chunk only (no overlap asked for).
    part1 = next(r for r in extractions if "HALVERSTAD, June 12" in r.text)
    part2 = next(r for r in extractions if "Selma Dahl, who leads" in r.text)
    assert "Selma Dahl" not in part1.text and "HALVERSTAD" not in part2.text
    assert "part 1 of 2" in part1.text and "part 2 of 2" in part2.text

    # The reduce call got the merged findings: the minister ("Aino Rask" in part 1,
    # "Ms. Rask" in part 2) and the water board (in both parts) once each.
    findings = synthesis.messages[-1]["content"]
    actors = findings.split("ACTORS\n", 1)[1].split("\nCLAIMS\n", 1)[0].splitlines()
    assert len(actors) == 5, actors
    assert [a for a in actors if "Rask" in a] == [
        "[2] Aino Rask (person) — Water Minister; aka Rask, Ms. Rask; "
        "stance: Government will pay for a structural survey"
    ]
    assert sum("Orvin Valley Water Board (organisation)" in a for a in actors) == 1
    claims = findings.split("\nCLAIMS\n", 1)[1].split("\nDEVELOPMENTS\n", 1)[0].splitlines()
    assert len(claims) == 4
    assert "Henrik Lowe (denial)" in claims[3]
    assert "[3] within 30 days: An independent panel" in findings

    memo = run.out
    assert "· 337 words · 2 chunks · model gpt-4.1-mini · 2026-06-13\n" in memo
    assert memo.startswith("# Lake Orvin lowered as dam spillway cracks widen")
    body = sections(memo)
    assert "knew of the cracks since March" in body["Bottom line"]
    # Ranked as the synthesis said (key_actors 0, 2, 3, 1, 4), merged, aliases kept.
    assert actor_names(memo) == [
        "Orvin Valley Water Board (aka the board)",
        "Aino Rask (aka Rask, Ms. Rask)",
        "Selma Dahl (aka Dahl)",
        "Tobias Venn (aka Venn)",
        "Henrik Lowe",
    ]
    shown = marks(memo)
    assert shown == {q: verified(p) for q, p in ORVIN_PARAGRAPHS.items()}
    first_claim = re.search(r"^1\. (.*)$", body["Claims"], re.M)
    assert first_claim and first_claim.group(1).startswith("The board knew about the cracks")
    assert "30 days" in body["Outlook"] and "inspection notes" in body["Gaps"]
    assert footer(memo).startswith("8/8 quotes verified · 3 calls · 2,730 prompt + 1,661 ")
    assert "0 cache hits" in footer(memo)

    # The JSON interface of the same run, answered from the cache: no new request.
    as_json = brief(server, tmp_path, *TWO_CHUNKS, "--format", "json", str(ORVIN))
    assert as_json.code == 0, as_json.err
    assert len(server.requests) == 3
    data = json.loads(as_json.out)
    assert data["source"]["chunks"] == 2 and data["source"]["tokens"] > 250
    assert data["usage"]["cache_hits"] == 3 and data["usage"]["calls"] == 0
    meeting = next(d for d in data["developments"] if d["when"] == "Thursday morning")
    assert meeting["actors"] == ["Aino Rask", "Orvin Valley Water Board"]  # canonical names
    assert [c["paragraph"] for c in data["claims"]] == [6, 3, 7, 4]
    assert all(c["verified"] for c in data["claims"] + data["developments"])


# -- fabricated and altered quotes -------------------------------------------------------------


def test_fabricated_and_altered_quotes_are_never_verified(
    server: OpenAIServer, tmp_path: Path
) -> None:
    run = brief(server, tmp_path, str(ORVIN))
    assert run.code == 0, run.err
    memo = run.out
    shown = marks(memo)
    assert shown[FABRICATED] == NOT_FOUND
    for quote in ALTERED:
        assert shown[quote] == NOT_FOUND
    genuine = {q: m for q, m in shown.items() if q != FABRICATED and q not in ALTERED}
    assert genuine == {
        q: verified(p)
        for q, p in ORVIN_PARAGRAPHS.items()
        if q in genuine  # the one-call draft holds 6 of them
    }
    assert len(genuine) == 6
    # The fabricated claim's own block carries the "not found" mark, not a "Verified" one.
    block = next(
        b for b in re.split(r"^\d+\. ", sections(memo)["Claims"], flags=re.M) if FABRICATED in b
    )
    assert NOT_FOUND in block and "Verified" not in block
    assert footer(memo).startswith("6/9 quotes verified · 1 call")

    strict = brief(server, tmp_path, "--strict", str(ORVIN))
    assert strict.code == 0, strict.err
    assert len(server.chat_requests) == 1  # answered from the cache
    assert FABRICATED not in strict.out and "13 percent" not in strict.out
    assert "6 metres" not in strict.out and NOT_FOUND not in strict.out
    assert marks(strict.out) == genuine
    assert footer(strict.out).startswith("6/6 quotes verified · 3 unverified dropped (--strict)")

    as_json = json.loads(brief(server, tmp_path, "--format", "json", str(ORVIN)).out)
    quotes = {c["quote"]: c for c in as_json["claims"]}
    quotes.update({d["evidence"]: d for d in as_json["developments"]})
    for quote in (FABRICATED, *ALTERED):
        assert quotes[quote]["verified"] is False and quotes[quote]["paragraph"] is None
        assert quotes[quote]["start"] is None and quotes[quote]["end"] is None
    text = from_bytes(ORVIN.read_bytes(), str(ORVIN)).text
    for quote in genuine:
        assert quotes[quote]["verified"] is True
        assert quotes[quote]["paragraph"] == ORVIN_PARAGRAPHS[quote]
        # character offsets into the text briefer read: the quote's own words, in place
        start, end = quotes[quote]["start"], quotes[quote]["end"]
        assert text[start:end] == quote.strip('"“”')

    strict_json = json.loads(
        brief(server, tmp_path, "--strict", "--format", "json", str(ORVIN)).out
    )
    kept = [c["quote"] for c in strict_json["claims"]] + [
        d["evidence"] for d in strict_json["developments"]
    ]
    assert sorted(kept) == sorted(genuine)


# -- cache --------------------------------------------------------------------------------------


def test_second_identical_run_sends_nothing(server: OpenAIServer, tmp_path: Path) -> None:
    first = brief(server, tmp_path, str(VELDMARK))
    assert first.code == 0, first.err
    assert len(server.chat_requests) == 1
    sent = len(server.requests)  # the chat call, and a look for the server's context size
    second = brief(server, tmp_path, str(VELDMARK))
    assert second.code == 0, second.err
    assert len(server.requests) == sent  # zero new HTTP requests, not even the look
    assert above_footer(second.out) == above_footer(first.out)
    assert "· 1 call ·" in footer(first.out) and "· 0 cache hits ·" in footer(first.out)
    assert "· 0 calls · 0 prompt + 0 completion tokens · 1 cache hit ·" in footer(second.out)
    # --refresh asks again; --no-cache neither reads nor writes.
    assert brief(server, tmp_path, "--refresh", str(VELDMARK)).code == 0
    assert len(server.chat_requests) == 2
    assert brief(server, tmp_path, "--no-cache", str(VELDMARK)).code == 0
    assert len(server.chat_requests) == 3


def imported(importtime: str, package: str) -> bool:
    """Whether `-X importtime` output (on stderr) shows `package` being imported."""
    return re.search(rf"\|\s*{re.escape(package)}(\.|\s*$)", importtime, re.M) is not None


@pytest.mark.parametrize("article", [VELDMARK, ORVIN])
def test_cached_rerun_needs_neither_tokenizer_nor_sdk(
    server: OpenAIServer, tmp_path: Path, article: Path
) -> None:
    """The split is kept with the answers: a re-run makes the same requests (so the same
    cache keys) without cutting the text again, and so without tiktoken or the SDK."""
    args = (*(TWO_CHUNKS if article == ORVIN else ()), str(article))
    first = brief(server, tmp_path, *args)
    assert first.code == 0, first.err
    sent = len(server.requests)  # the chat calls, and a look for the server's context size
    assert len(server.chat_requests) == (1 if article == VELDMARK else 3)
    second = brief(server, tmp_path, *args, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert second.code == 0, second.err
    assert len(server.requests) == sent
    assert above_footer(second.out) == above_footer(first.out)
    assert imported(second.err, "briefer.pipeline")  # the trace is there ...
    assert not imported(second.err, "tiktoken")  # ... and shows no tokenizer
    assert not imported(second.err, "openai")


# -- structured output modes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "response_format"), [("object", {"type": "json_object"}), ("prompt", None)]
)
def test_json_modes_reach_the_server(
    server: OpenAIServer, tmp_path: Path, mode: str, response_format: dict[str, str] | None
) -> None:
    run = brief(server, tmp_path, "--json-mode", mode, "--no-cache", str(VELDMARK))
    assert run.code == 0, run.err
    (req,) = server.chat_requests
    assert req.body.get("response_format") == response_format
    assert "(named Draft)" in req.text  # the schema travels in the prompt instead
    assert '"bottom_line"' in req.text
    assert footer(run.out).startswith("8/8 quotes verified · 1 call")
    assert "## Claims\n1. The union offered every compromise" in run.out


def test_batch_summary_counts_the_calls_of_failed_files(
    server: OpenAIServer, tmp_path: Path
) -> None:
    article = VELDMARK.read_text(encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(article, encoding="utf-8")
    server.queue(server.truncated())  # the first call is cut off; the second is answered
    out = brief(
        server,
        tmp_path,
        "--no-cache",
        "--concurrency",
        "1",
        "-o",
        str(tmp_path / "out"),
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
    )
    assert out.code == 1
    assert len(server.chat_requests) == 2
    summary = out.err.strip().splitlines()[-1]
    # Both calls were paid for, though only one file got its brief.
    assert summary.startswith("brief: 1 briefed, 1 failed · 2 calls · 0 cache hits"), summary
    assert len(list((tmp_path / "out").glob("*.brief.md"))) == 1
