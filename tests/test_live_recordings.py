"""Real answers of a small local model (tests/recordings/live/), replayed over HTTP.

SmolLM2-135M-Instruct loops and invents: the brief made of its answer must mark every quote
that is not in the source "Not found in source", and report the tokens the model spent.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from openai_server import RECORDINGS, OpenAIServer
from test_cli import run

LIVE = RECORDINGS / "live"
FERRY = Path(__file__).parent / "live" / "ferry.txt"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def test_a_real_small_models_brief_marks_its_invented_quotes(tmp_path: Path) -> None:
    recording = json.loads((LIVE / "ferry_draft_schema.json").read_text())
    assert recording["description"].startswith("REAL answer")
    with OpenAIServer(None) as server:
        server.load_recordings(LIVE)
        args = ("--base-url", server.base_url, "--model", "smollm2", "--max-items", "2")
        as_json = run(tmp_path, str(FERRY), *args, "-f", "json")
        as_markdown = run(tmp_path, str(FERRY), *args, "--no-cache")
    assert as_json.returncode == 0, as_json.stderr
    memo = json.loads(as_json.stdout)
    usage = recording["response"]["usage"]
    assert memo["usage"]["completion_tokens"] == usage["completion_tokens"]
    assert memo["usage"]["prompt_tokens"] == usage["prompt_tokens"]
    source = _squash(FERRY.read_text())
    items = [(c["quote"], c["verified"]) for c in memo["claims"]]
    items += [(d["evidence"], d["verified"]) for d in memo["developments"]]
    assert items
    for quote, verified in items:
        if _squash(quote).strip(" .") not in source:
            assert verified is False, quote
    invented = sum(1 for _, verified in items if not verified)
    assert invented >= 1  # this model does invent; the memo must say so
    assert as_markdown.returncode == 0, as_markdown.stderr
    unverified_claims = sum(1 for c in memo["claims"] if not c["verified"])
    assert as_markdown.stdout.count("Not found in source") >= unverified_claims >= 1


def test_a_real_loop_replayed_is_stopped_and_one_line(tmp_path: Path) -> None:
    """The stream of a real looping answer (stock llama.cpp), replayed: briefer hangs up
    on it again and says so in one line; nothing is cached."""
    recording = json.loads((LIVE / "loops" / "ferry_draft_schema_loop.json").read_text())
    assert recording["description"].startswith("REAL answer")
    # Sent as if the answer had ended there: only the guard can tell it is a loop (else
    # briefer would ask for a repair of the broken JSON).
    recording["response"]["choices"][0]["finish_reason"] = "stop"
    with OpenAIServer(None) as server:
        server.add_recording(recording)
        proc = run(tmp_path, str(FERRY), "--base-url", server.base_url, "--model", "smollm2")
        assert len(server.chat_requests) == 1  # a loop is not repaired
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert lines[0].startswith("brief: error: the answer of smollm2 kept repeating itself")
    db = tmp_path / "cache" / "responses.sqlite3"
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM responses").fetchone() == (0,)
