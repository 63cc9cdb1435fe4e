"""Shared by the reliability and security tests: a server that answers any article, a fault
plan, small article generators, a clean CLI environment and cache inspection.

`BriefingServer` is the conftest's `OpenAIServer` with one change: instead of replaying
recordings it writes a valid answer for whatever schema a request asks for (a Draft or an
Extraction quotes the article's own sentences, so every quote verifies), after an optional
per-call delay and an optional fault chosen by a deterministic plan.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from openai_server import OpenAIServer, Reply, SeenRequest, completion_body, requested_schema
from pydantic import BaseModel

from briefer.llm.types import messages_digest
from briefer.schema import Draft, Extraction, Synthesis

BRIEF = str(Path(sys.executable).with_name("brief"))
ARTICLE_BLOCK = re.compile(r"<<<(ARTICLE-[0-9a-f]{12})\n(.*?)\n\1>>>", re.S)
SCHEMAS: dict[str, type[BaseModel]] = {
    "Draft": Draft,
    "Extraction": Extraction,
    "Synthesis": Synthesis,
}
FAULTS = ("rate_limit", "server_error", "invalid_json", "truncated")

Plan = Callable[[str, int, SeenRequest], str | None]
"""(messages digest, how many times this digest was asked before, request) -> fault or None."""


class DropFirstArrivals:
    """Drop the connection on the first arrival of about one chat request in `one_in`,
    before the server records it: the client's retry count then runs ahead of the
    server's count of arrivals, as after a real connection reset."""

    def __init__(self, one_in: int = 3, seed: str = "briefer") -> None:
        self.one_in, self.seed = one_in, seed
        self.dropped: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, req: SeenRequest) -> bool:
        if not req.path.endswith("/chat/completions"):
            return False
        digest = messages_digest(req.messages)
        pick = int(hashlib.sha256(f"{self.seed}:drop:{digest}".encode()).hexdigest()[:8], 16)
        with self._lock:
            if pick % self.one_in or digest in self.dropped:
                return False
            self.dropped.add(digest)
            return True


# -- articles ------------------------------------------------------------------------------
PLACES = ["Veldmark", "Oster Bay", "Karsholm", "Lindqvist", "Port Aubel", "Haverly", "Dunmere"]
PEOPLE = ["Mara Lindt", "Tomas Ekberg", "Ines Faro", "Joel Mbeki", "Anna Roth", "Pavel Sorin"]
TOPICS = ["the harbour", "the grid", "the water board", "the rail link", "the hospital"]


def article(i: int, paragraphs: int = 3) -> str:
    """A small, distinct, invented news article (about 40 words a paragraph)."""
    place, person, topic = PLACES[i % 7], PEOPLE[i % 6], TOPICS[i % 5]
    paras = [
        f"{place}, March {i % 28 + 1} (article {i}). {person} said on Tuesday that {topic} "
        f"would reopen within {i + 2} days after the dispute number {i} ended.",
    ]
    for p in range(1, paragraphs):
        paras.append(
            f"Officials in {place} reported {i * 7 + p} complaints in week {p}. "
            f'"We expect the repairs to cost {i + p} million," {person} told reporters, '
            f"adding that the council had not yet agreed to pay for paragraph {p}."
        )
    return "\n\n".join(paras) + "\n"


def write_articles(folder: Path, count: int, long_every: int = 0) -> list[Path]:
    """`count` articles in `folder`; every `long_every`-th one (if set) is long enough for
    several chunks at --chunk-tokens 300."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        long = long_every and i % long_every == long_every - 1
        path = folder / f"a{i:03d}.txt"
        path.write_text(article(i, 16 if long else 3), encoding="utf-8")
        paths.append(path)
    return paths


# -- answers -------------------------------------------------------------------------------
def article_in(req: SeenRequest) -> str:
    """The text between our delimiters in the request's user message ("" if none)."""
    for m in req.messages:
        if m.get("role") == "user":
            found = ARTICLE_BLOCK.search(str(m.get("content", "")))
            if found:
                return found.group(2)
    return ""


def sentences(text: str) -> list[str]:
    parts = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    return [" ".join(s.split()[:35]) for s in parts] or ["(empty)"]


def answer_for(schema: str, text: str) -> dict[str, Any]:
    """A valid answer of `schema` whose quotes are verbatim sentences of `text`."""
    said = sentences(text)
    first, second = said[0], said[min(1, len(said) - 1)]
    actor = {"name": "Speaker", "aliases": [], "kind": "person", "role": None, "stance": None}
    claim = {
        "statement": first,
        "claimant": "Speaker",
        "quote": first,
        "kind": "assertion",
        "hedging": None,
    }
    dev = {"when": None, "what": second, "where": None, "actors": ["Speaker"], "evidence": second}
    title = " ".join(first.split()[:8])
    data: dict[str, Any]
    if schema == "Draft":
        data = {
            "title": title,
            "bottom_line": first,
            "actors": [actor],
            "claims": [claim],
            "developments": [dev],
            "outlook": ["Watch the council."],
            "gaps": ["No second source."],
        }
    elif schema == "Extraction":
        data = {"actors": [actor], "claims": [claim], "developments": [dev]}
    elif schema == "Synthesis":
        data = {
            "title": "Synthesis of the findings",
            "bottom_line": "The findings, summed up.",
            "outlook": ["Watch the council."],
            "gaps": ["No second source."],
            "key_actors": [0],
            "key_claims": [0],
            "key_developments": [0],
        }
    else:
        raise AssertionError(f"unexpected schema {schema!r}")
    SCHEMAS[schema].model_validate(data)  # the fixture itself must be right
    return data


def fault_plan(
    rate_limit: float = 0.20,
    server_error: float = 0.10,
    invalid_json: float = 0.05,
    truncated: float = 0.02,
    max_retries: int = 3,
    seed: str = "briefer",
) -> Plan:
    """Faults drawn from a hash of (request, attempt): deterministic however the calls
    interleave. The attempt is the client's own retry count (the SDK's
    `x-stainless-retry-count` header), not the server's count of arrivals: a retry after
    a connection reset the server never saw would otherwise shift the count, and the
    client's last attempt could meet a planned 429. 429/500 never hit a request's last
    allowed attempt (the SDK's retries always suffice); invalid JSON and truncation only
    hit the first arrival of a request, and never a repair request (so one repair always
    suffices, and a re-run of a truncated request is answered)."""

    def plan(digest: str, arrival: int, req: SeenRequest) -> str | None:
        attempt = int(req.headers.get("x-stainless-retry-count", arrival))
        u = int(hashlib.sha256(f"{seed}:{digest}:{attempt}".encode()).hexdigest()[:8], 16)
        u /= 2**32
        edges = [rate_limit, server_error, invalid_json, truncated]
        fault, low = None, 0.0
        for name, width in zip(FAULTS, edges, strict=True):
            if low <= u < low + width:
                fault = name
            low += width
        if fault in ("rate_limit", "server_error") and attempt >= max_retries:
            return None
        repair = len(req.messages) > 2
        if fault in ("invalid_json", "truncated") and (attempt > 0 or arrival > 0 or repair):
            return None
        return fault

    return plan


class BriefingServer(OpenAIServer):
    """Answers every chat request with a valid answer for its schema (see module doc)."""

    def __init__(self, plan: Plan | None = None, delay: float = 0.0) -> None:
        super().__init__(recordings=None)
        self.plan = plan
        self.delay = delay
        self._attempts: Counter[str] = Counter()
        self.log: list[tuple[str, int, str | None, bool]] = []
        """(digest, attempt, fault or None, is a repair) per chat request, in arrival order."""
        self.arrivals: list[float] = []
        """`time.monotonic()` as each chat request arrived, before any delay."""
        self._log_lock = threading.Lock()

    def _replay(self, req: SeenRequest) -> Reply:
        with self._log_lock:
            self.arrivals.append(time.monotonic())
        if self.delay:
            self._stop.wait(self.delay)
        digest = messages_digest(req.messages)
        repair = len(req.messages) > 2
        with self._log_lock:
            attempt = self._attempts[digest]
            self._attempts[digest] += 1
            fault = self.plan(digest, attempt, req) if self.plan else None
            self.log.append((digest, attempt, fault, repair))
        if fault == "rate_limit":
            return self.rate_limit(0.1).respond(req) or Reply(429, {})
        if fault == "server_error":
            return self.server_error(500).respond(req) or Reply(500, {})
        model = str(req.body.get("model", "gpt-4o-mini"))
        if fault == "invalid_json":
            content = "Here is the brief you asked for: {title: 'Port strike'"
            return Reply(200, completion_body(content, model=model, prompt_tokens=100))
        if fault == "truncated":
            content = '{"title": "Port strike halts'
            body = completion_body(
                content, model=model, finish_reason="length", completion_tokens=4096
            )
            return Reply(200, body)
        schema = requested_schema(req.body)
        content = json.dumps(answer_for(schema or "", article_in(req)), ensure_ascii=False)
        return Reply(200, completion_body(content, model=model, prompt_tokens=100))

    # -- what happened ---------------------------------------------------------------------
    def faults(self) -> Counter[str]:
        with self._log_lock:
            return Counter(f or "ok" for _, _, f, _ in self.log)

    def good_answers(self) -> int:
        """Chat requests answered 200 with a valid answer."""
        with self._log_lock:
            return sum(1 for _, _, f, _ in self.log if f is None)

    def logical_calls(self) -> tuple[int, int]:
        """(distinct first-try requests, distinct repair requests)."""
        with self._log_lock:
            firsts = {d for d, _, _, r in self.log if not r}
            repairs = {d for d, _, _, r in self.log if r}
        return len(firsts), len(repairs)


@contextmanager
def briefing_server(plan: Plan | None = None, delay: float = 0.0) -> Iterator[BriefingServer]:
    server = BriefingServer(plan, delay)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# -- running the CLI -----------------------------------------------------------------------
def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment for a `brief` subprocess: no OPENAI_*/BRIEFER_* from the developer,
    cache and config inside tmp_path."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "BRIEFER_")) and k not in ("COLUMNS", "FORCE_COLOR")
    }
    env["BRIEFER_CACHE_DIR"] = str(tmp_path / "default-cache")
    env["BRIEFER_CONFIG"] = str(tmp_path / "no-config.toml")
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def run_brief(
    args: list[str], env: Mapping[str, str], timeout: float = 30, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BRIEF, *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


def stderr_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# -- the cache -----------------------------------------------------------------------------
def cache_file(cache_dir: Path) -> Path:
    return cache_dir / "responses.sqlite3"


def integrity(cache_dir: Path) -> str:
    with sqlite3.connect(cache_file(cache_dir)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def cache_values(cache_dir: Path) -> dict[str, dict[str, Any]]:
    """Every entry, its value parsed as JSON (fails the test if one does not parse)."""
    path = cache_file(cache_dir)
    if not path.exists():
        return {}
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT key, value FROM responses").fetchall()
    finally:
        conn.close()
    return {key: json.loads(value) for key, value in rows}


def validates(raw: str) -> str:
    """The name of the schema `raw` is a valid answer of (fails if none)."""
    for name, model in SCHEMAS.items():
        try:
            model.model_validate_json(raw)
        except ValueError:
            continue
        return name
    raise AssertionError(f"cache entry matches no schema: {raw[:200]!r}")
