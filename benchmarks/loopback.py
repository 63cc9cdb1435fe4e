"""A lean OpenAI-compatible chat-completions server on 127.0.0.1 for benchmarks.

Every answer takes a fixed latency (measured from the request's arrival, so building the
answer costs nothing extra). It answers any request:

* a strict `json_schema` (or `json_object` with "(named X)" in the prompt) for briefer's
  Draft, Extraction or Synthesis: valid JSON of that shape, with actors, claims and
  developments whose quotes are sentences copied from the article in the request, so they
  verify;
* anything else (LangChain's prompts): a plain-text summary of the text it was sent.

`usage.prompt_tokens` is the cl100k count of the messages plus OpenAI's framing (3 tokens a
message, 3 for the reply), `completion_tokens` that of the answer. Each call is logged with
its arrival and departure time, from which `round_trips` computes the call graph's depth.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_BLOCK = re.compile(r"<<<(ARTICLE-[0-9a-f]{12})\n(.*)\n\1>>>", re.DOTALL)
_NAMED = re.compile(r"\(named ([A-Za-z0-9_-]+)\)")
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=\S))+[.!?](?!\S)")
_NAME = re.compile(r"\b[A-Z][a-z]+(?: (?:[A-Z]\.|[A-Z][a-z]+))+\b")
_WORD = re.compile(r"\S+")
_INDEXED = re.compile(r"^\[(\d+)\] ", re.MULTILINE)
MAX_QUOTE_WORDS = 40


@dataclass(frozen=True)
class Call:
    """One chat-completions request as the server answered it."""

    start: float
    end: float
    kind: str  # Draft, Extraction, Synthesis, text
    prompt_tokens: int
    completion_tokens: int


def round_trips(calls: list[Call]) -> int:
    """The depth of the call graph: the longest chain of calls each of which started after
    the one before it had been answered. Calls that overlap in time are one round."""
    ordered = sorted(calls, key=lambda c: c.start)
    depth: list[int] = []
    for i, call in enumerate(ordered):
        before = [depth[j] for j in range(i) if ordered[j].end <= call.start]
        depth.append(1 + max(before, default=0))
    return max(depth, default=0)


class LoopbackServer:
    """`with LoopbackServer(latency=1.0, count_tokens=...) as server: server.base_url`."""

    def __init__(self, latency: float, count_tokens: Callable[[str], int]) -> None:
        self.latency = latency
        self.count_tokens = count_tokens
        self._lock = threading.Lock()
        self._calls: list[Call] = []
        self._stop = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> LoopbackServer:
        handler = type("Handler", (_Handler,), {"owner": self})
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def take_calls(self) -> list[Call]:
        """The calls since the last take, oldest first."""
        with self._lock:
            calls, self._calls = self._calls, []
        return sorted(calls, key=lambda c: c.start)

    # -- answering --------------------------------------------------------------------
    def answer(self, body: dict[str, Any], arrived: float) -> dict[str, Any]:
        messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
        texts = [_content(m) for m in messages]
        kind = _schema_name(body, texts)
        user = next((_content(m) for m in reversed(messages) if m.get("role") == "user"), "")
        content = _structured(kind, user) if kind else _summary(user)
        prompt_tokens = sum(self.count_tokens(t) + 3 for t in texts) + 3
        completion_tokens = self.count_tokens(content)
        # Sleep the rest of the fixed latency: the answer leaves `latency` after arrival.
        self._stop.wait(max(0.0, arrived + self.latency - time.monotonic()))
        with self._lock:
            self._calls.append(
                Call(arrived, time.monotonic(), kind or "text", prompt_tokens, completion_tokens)
            )
        return {
            "id": f"chatcmpl-bench{int(arrived * 1e6)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": str(body.get("model") or "bench"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


def _content(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts
        return "".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return ""


def _schema_name(body: dict[str, Any], texts: list[str]) -> str | None:
    fmt = body.get("response_format") or {}
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        return str((fmt.get("json_schema") or {}).get("name") or "") or None
    if isinstance(fmt, dict) and fmt.get("type") == "json_object":
        for text in texts:
            found = _NAMED.search(text)
            if found:
                return found.group(1)
    return None


def _quote(sentence: str) -> str:
    """The sentence, cut after MAX_QUOTE_WORDS words: still an exact substring."""
    words = list(_WORD.finditer(sentence))
    if len(words) > MAX_QUOTE_WORDS:
        sentence = sentence[: words[MAX_QUOTE_WORDS - 1].end()]
    return sentence.strip()


def _spread(items: list[str], n: int, offset: int = 0) -> list[str]:
    """n items spread evenly over the list (fewer if it is short)."""
    if not items or n <= 0:
        return []
    step = max(1, len(items) // n)
    return [items[i] for i in range(offset % step, len(items), step)][:n]


def _findings(article: str, n_actors: int, n_items: int) -> dict[str, Any]:
    sentences = [s.strip() for s in _SENTENCE.findall(article) if len(s.split()) >= 6]
    names = list(dict.fromkeys(_NAME.findall(article)))[:n_actors]
    actors = [
        {
            "name": name,
            "aliases": [name.split()[-1]],
            "kind": "person",
            "role": "named in the source",
            "stance": None,
        }
        for name in names
    ]
    claimants = names or ["the article"]
    claims = [
        {
            "statement": _quote(s)[:160],
            "claimant": claimants[i % len(claimants)],
            "quote": _quote(s),
            "kind": "assertion",
            "hedging": None,
        }
        for i, s in enumerate(_spread(sentences, n_items))
    ]
    developments = [
        {
            "when": None,
            "what": _quote(s)[:160],
            "where": None,
            "actors": claimants[i % len(claimants) : i % len(claimants) + 1],
            "evidence": _quote(s),
        }
        for i, s in enumerate(_spread(sentences, n_items, offset=1))
    ]
    return {"actors": actors, "claims": claims, "developments": developments}


def _structured(kind: str, user: str) -> str:
    found = _BLOCK.search(user)
    inner = found.group(2) if found else user
    if kind == "Synthesis":
        sections = re.split(r"^(?:ACTORS|CLAIMS|DEVELOPMENTS)$", inner, flags=re.MULTILINE)
        counts = [len(_INDEXED.findall(s)) for s in sections[1:4]] + [0, 0, 0]
        data: dict[str, Any] = {
            "title": "Benchmark brief of a long document",
            "bottom_line": "The findings describe several events. Sources disagree on causes.",
            "outlook": ["Whether the named parties respond.", "Further official statements."],
            "gaps": ["No independent confirmation is given."],
            "key_actors": list(range(min(8, counts[0]))),
            "key_claims": list(range(min(8, counts[1]))),
            "key_developments": list(range(min(8, counts[2]))),
        }
    elif kind == "Extraction":
        data = _findings(inner, n_actors=6, n_items=6)
    else:  # Draft, or any other schema: a whole brief
        data = {
            "title": "Benchmark brief",
            "bottom_line": "The source reports events and the claims of those involved.",
            **_findings(inner, n_actors=6, n_items=8),
            "outlook": ["Whether the named parties respond."],
            "gaps": ["No independent confirmation is given."],
        }
    return json.dumps(data, ensure_ascii=False)


def _summary(user: str) -> str:
    """A plain-text summary of about 60 words: the first sentences of the text sent."""
    words = _WORD.findall(" ".join(_SENTENCE.findall(user)[1:6]) or user)
    return " ".join(words[:60])


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops connections a client opens at once (16
    # calls in flight), and the client waits for a SYN retry.
    request_queue_size = 128


class _Handler(BaseHTTPRequestHandler):
    owner: LoopbackServer
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections end by themselves
    # Headers and body leave in separate writes; with Nagle's algorithm on, the body
    # waits for the client's delayed ACK (40 ms on Linux), which no real endpoint adds.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self) -> None:
        arrived = time.monotonic()
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if not self.path.rstrip("/").endswith("/chat/completions") or not isinstance(body, dict):
            self._send(400, {"error": {"message": "bad request", "type": "invalid_request"}})
            return
        self._send(200, self.owner.answer(body, arrived))

    def _send(self, status: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            self.close_connection = True
