"""A real HTTP server on 127.0.0.1 that speaks enough of the OpenAI API for tests.

The openai SDK sends through httpx2, which request-patching libraries do not see, so the
tests talk to a socket. This server:

* replays recorded chat-completion bodies (files under tests/recordings/, see README there),
  matched by the hash of the request's messages or by marker strings plus schema name;
* plays a script first: queued steps (answers and faults) are used in order before any
  recording is consulted;
* records every request it gets (method, path, headers, JSON body) for assertions.

Use it through the `openai_server` fixture (tests/conftest.py).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from briefer.llm.types import messages_digest
from briefer.schema import Model

RECORDINGS = Path(__file__).parent / "recordings"
_SCHEMA_IN_PROMPT = re.compile(r"\(named ([A-Za-z0-9_-]+)\)")
_ids = itertools.count(1)


@dataclass(frozen=True)
class SeenRequest:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    at: float

    @property
    def messages(self) -> list[dict[str, Any]]:
        if isinstance(self.body, dict):
            return list(self.body.get("messages") or [])
        return []

    @property
    def text(self) -> str:
        """All message contents, joined: handy for `in` assertions."""
        return "\n".join(str(m.get("content", "")) for m in self.messages)


@dataclass
class Reply:
    """What the server sends back: status, headers, body."""

    status: int
    body: Any  # a dict or list is sent as JSON, a str or bytes as is
    headers: dict[str, str] = field(default_factory=dict)


Responder = Callable[[SeenRequest], Reply | None]


@dataclass
class Step:
    """One scripted answer or fault. `respond` returning None falls through to recordings."""

    respond: Responder
    delay: float = 0.0
    when: Callable[[SeenRequest], bool] | None = None
    label: str = ""

    def __repr__(self) -> str:
        return f"Step({self.label or 'custom'}, delay={self.delay})"


@dataclass
class Recording:
    name: str
    match: dict[str, Any]
    response: dict[str, Any]
    status: int = 200


# -- building realistic bodies -----------------------------------------------------------
def error_body(
    message: str, type_: str, code: str | None = None, param: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def completion_body(
    content: str | None,
    *,
    model: str = "gpt-4o-mini-2024-07-18",
    finish_reason: str = "stop",
    refusal: str | None = None,
    prompt_tokens: int = 0,
    completion_tokens: int | None = None,
) -> dict[str, Any]:
    """A complete chat.completion body as OpenAI sends it."""
    if completion_tokens is None:
        completion_tokens = max(1, len(content or refusal or "") // 4)
    serial = next(_ids)
    return {
        "id": "chatcmpl-" + hashlib.sha256(f"{serial}{content}".encode()).hexdigest()[:29],
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": content,
                    "refusal": refusal,
                    "annotations": [],
                },
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_560af6e559",
    }


def sse_chunks(body: Mapping[str, Any], include_usage: bool, piece: int = 4) -> bytes:
    """A whole chat completion sent the way a server streams it: the content in pieces of
    `piece` characters (about a token each), the finish reason, then the usage if asked."""
    choice = body["choices"][0]
    message = choice.get("message") or {}
    head = {k: body.get(k) for k in ("id", "created", "model", "system_fingerprint")}
    head["object"] = "chat.completion.chunk"

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    content = message.get("content") or ""
    events = [chunk({"role": "assistant", "content": ""})]
    if message.get("refusal"):
        events.append(chunk({"refusal": message["refusal"]}))
    events += [chunk({"content": content[i : i + piece]}) for i in range(0, len(content), piece)]
    events.append(chunk({}, choice.get("finish_reason")))
    if include_usage and "usage" in body:
        events.append({**head, "choices": [], "usage": body["usage"]})
    lines = [f"data: {json.dumps(e)}\n\n" for e in events] + ["data: [DONE]\n\n"]
    return "".join(lines).encode("utf-8")


def _content_text(content: str | Mapping[str, Any] | BaseModel | Model | None) -> str | None:
    if content is None or isinstance(content, str):
        return content
    if isinstance(content, BaseModel | Model):
        return content.model_dump_json()
    return json.dumps(content, ensure_ascii=False)


def _prompt_tokens(req: SeenRequest) -> int:
    return max(1, len(req.text) // 4)


def _model(req: SeenRequest) -> str:
    return str(req.body.get("model", "gpt-4o-mini")) if isinstance(req.body, dict) else "?"


def requested_schema(body: Any) -> str | None:
    """The schema name a request asks for: from `response_format`, else from the prompt."""
    if not isinstance(body, dict):
        return None
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        name = (fmt.get("json_schema") or {}).get("name")
        return str(name) if name else None
    for m in body.get("messages") or []:
        found = _SCHEMA_IN_PROMPT.search(str(m.get("content", "")))
        if found:
            return found.group(1)
    return None


class OpenAIServer:
    """The server and its script. Step constructors are static methods, so tests need no
    import beyond the fixture: `openai_server.queue(openai_server.rate_limit(1.0), ...)`.
    """

    def __init__(self, recordings: Path | None = RECORDINGS) -> None:
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._requests: list[SeenRequest] = []
        self._script: list[Step] = []
        self.recordings: dict[str, Recording] = {}
        self.expected_key: str | None = None
        """When set, requests with another bearer token get a realistic 401."""
        self.models: set[str] = {"gpt-4o-mini"}
        self.drop: Callable[[SeenRequest], bool] | None = None
        """When it returns True for a request, the connection closes before the request is
        recorded or answered: a reset the server never saw (the client retries it)."""
        self.in_flight = 0
        self.max_in_flight = 0
        """The most requests the server was answering at once (to test concurrency bounds)."""
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        if recordings is not None and recordings.is_dir():
            for path in sorted(recordings.glob("*.json")):
                self.add_recording(path)

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> OpenAIServer:
        handler = type("Handler", (_Handler,), {"owner": self})
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> OpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- what the server saw ------------------------------------------------------------
    @property
    def requests(self) -> list[SeenRequest]:
        """Every request so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[SeenRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    @property
    def pending(self) -> list[Step]:
        """Scripted steps not yet used."""
        with self._lock:
            return list(self._script)

    def reset(self) -> None:
        with self._lock:
            self._requests.clear()
            self._script.clear()

    # -- scripting ----------------------------------------------------------------------
    def queue(self, *steps: Step) -> None:
        """Use these steps, in order, for the next matching requests."""
        with self._lock:
            self._script.extend(steps)

    def add_recording(
        self, source: Path | str | Mapping[str, Any], name: str | None = None
    ) -> None:
        """Add a recording: a file path or a dict `{"match": {...}, "response": {...}}`.

        `match` keys (all optional, all given must hold):
        `messages_sha256` (exact: `briefer.llm.messages_digest` of the request's messages),
        `model`, `schema` (the json_schema name, or "(named X)" in the prompt for
        json_mode object/prompt), `contains` (strings that must all occur in the messages).
        An exact `messages_sha256` match wins; otherwise exactly one recording may match.
        """
        if isinstance(source, Mapping):
            data = dict(source)
            label = name or f"recording-{len(self.recordings) + 1}"
        else:
            path = Path(source)
            data = json.loads(path.read_text(encoding="utf-8"))
            label = name or path.stem
        match, response = data.get("match"), data.get("response")
        if not isinstance(match, dict) or not match or not isinstance(response, dict):
            raise ValueError(f"recording {label}: needs a non-empty 'match' and a 'response'")
        with self._lock:
            self.recordings[label] = Recording(label, match, response, int(data.get("status", 200)))
            if isinstance(response.get("model"), str):
                self.models.add(response["model"])

    def load_recordings(self, folder: Path) -> None:
        for path in sorted(Path(folder).glob("*.json")):
            self.add_recording(path)

    def answer_of(self, name: str) -> str:
        """The assistant content of a recording (e.g. a valid Draft as JSON text)."""
        content = self.recordings[name].response["choices"][0]["message"]["content"]
        assert isinstance(content, str)
        return content

    # -- step constructors --------------------------------------------------------------
    @staticmethod
    def reply(
        content: str | Mapping[str, Any] | BaseModel | Model | None,
        *,
        finish_reason: str = "stop",
        refusal: str | None = None,
        model: str | None = None,
        completion_tokens: int | None = None,
        delay: float = 0.0,
        when: Callable[[SeenRequest], bool] | None = None,
    ) -> Step:
        """A 200 chat completion with this content (a str is sent verbatim)."""
        text = _content_text(content)

        def respond(req: SeenRequest) -> Reply:
            body = completion_body(
                text,
                model=model or _model(req),
                finish_reason=finish_reason,
                refusal=refusal,
                prompt_tokens=_prompt_tokens(req),
                completion_tokens=completion_tokens,
            )
            return Reply(200, body)

        return Step(respond, delay, when, f"reply {finish_reason}")

    @classmethod
    def invalid_json(
        cls, text: str = "Here is the brief you asked for: {title: 'Port strike'"
    ) -> Step:
        return cls.reply(text)

    @classmethod
    def truncated(cls, completion_tokens: int = 4096) -> Step:
        """An answer cut off by max_tokens."""
        return cls.reply(
            '{"title": "Veldmark port strike halts', finish_reason="length",
            completion_tokens=completion_tokens,
        )  # fmt: skip

    @classmethod
    def refusal(cls, reason: str = "I'm sorry, but I can't help with that request.") -> Step:
        return cls.reply(None, refusal=reason)

    @staticmethod
    def error(
        status: int,
        message: str,
        *,
        type_: str = "invalid_request_error",
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
    ) -> Step:
        """An OpenAI-style error answer."""
        body = error_body(message, type_, code)
        return Step(lambda req: Reply(status, body, dict(headers or {})), delay, None, f"{status}")

    @classmethod
    def rate_limit(cls, retry_after: float = 1.0) -> Step:
        """429 with Retry-After (seconds, fractions allowed: the SDK parses a float)."""
        return cls.error(
            429,
            f"Rate limit reached for requests. Please try again in {retry_after:g}s.",
            type_="requests",
            code="rate_limit_exceeded",
            headers={"retry-after": f"{retry_after:g}", "x-should-retry": "true"},
        )

    @classmethod
    def server_error(cls, status: int = 500) -> Step:
        return cls.error(
            status,
            "The server had an error while processing your request. Sorry about that!",
            type_="server_error",
        )

    @staticmethod
    def unauthorized(echo_key: bool = True) -> Step:
        """401 as OpenAI sends it; with `echo_key` the message repeats the whole key sent
        (worse than OpenAI, which masks it) so tests can prove we scrub it."""

        def respond(req: SeenRequest) -> Reply:
            key = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
            shown = key if echo_key else "sk-****"
            return Reply(
                401,
                error_body(
                    f"Incorrect API key provided: {shown}. You can find your API key at "
                    "https://platform.openai.com/account/api-keys.",
                    "invalid_request_error",
                    "invalid_api_key",
                ),
            )

        return Step(respond, 0.0, None, "401")

    @staticmethod
    def model_not_found() -> Step:
        def respond(req: SeenRequest) -> Reply:
            return Reply(
                404,
                error_body(
                    f"The model `{_model(req)}` does not exist or you do not have access to it.",
                    "invalid_request_error",
                    "model_not_found",
                ),
            )

        return Step(respond, 0.0, None, "404 model")

    @staticmethod
    def slow(seconds: float) -> Step:
        """Wait, then answer from the recordings (or the next rule) as usual."""
        return Step(lambda req: None, seconds, None, f"slow {seconds}")

    @staticmethod
    def raw(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Step:
        """Anything at all: a dict/list is sent as JSON, str/bytes verbatim."""
        return Step(lambda req: Reply(status, body, dict(headers or {})), 0.0, None, "raw")

    # -- serving ------------------------------------------------------------------------
    def _handle(self, req: SeenRequest) -> Reply:
        with self._lock:
            self._requests.append(req)
            step = self._take_step(req)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return self._answer(req, step)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, req: SeenRequest, step: Step | None) -> Reply:
        if step is not None and step.delay > 0:
            self._stop.wait(step.delay)
        if self.expected_key is not None:
            sent = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
            if sent != self.expected_key:
                return self.unauthorized().respond(req) or Reply(401, {})
        if step is not None:
            reply = step.respond(req)
            if reply is not None:
                return reply
        if req.method == "GET" and req.path.rstrip("/") == "/v1/models":
            data = [
                {"id": m, "object": "model", "created": 1715367049, "owned_by": "system"}
                for m in sorted(self.models)
            ]
            return Reply(200, {"object": "list", "data": data})
        if req.method == "POST" and req.path.rstrip("/") == "/v1/chat/completions":
            return self._replay(req)
        return Reply(
            404,
            error_body(f"Invalid URL ({req.method} {req.path})", "invalid_request_error"),
        )

    def _take_step(self, req: SeenRequest) -> Step | None:
        # Steps script the chat calls; a look at /props or /v1/models (briefer asks a local
        # server for its context window) takes none unless a step asks for it.
        chat = req.path.rstrip("/").endswith("/chat/completions")
        for i, step in enumerate(self._script):
            if (step.when is None and chat) or (step.when is not None and step.when(req)):
                return self._script.pop(i)
        return None

    def _replay(self, req: SeenRequest) -> Reply:
        body = req.body if isinstance(req.body, dict) else {}
        messages = body.get("messages") or []
        try:
            digest = messages_digest(messages)
        except (TypeError, AttributeError):
            digest = ""
        model, schema, text = body.get("model"), requested_schema(body), req.text
        with self._lock:
            recordings = list(self.recordings.values())

        def fits(rec: Recording) -> bool:
            m = rec.match
            if "model" in m and m["model"] != model:
                return False
            if "schema" in m and m["schema"] != schema:
                return False
            return all(s in text for s in m.get("contains", []))

        exact = [r for r in recordings if r.match.get("messages_sha256") == digest and fits(r)]
        if exact:
            return Reply(exact[-1].status, exact[-1].response)
        loose = [r for r in recordings if "messages_sha256" not in r.match and fits(r)]
        if len(loose) == 1:
            return Reply(loose[0].status, loose[0].response)
        problem = (
            f"several recordings match ({', '.join(r.name for r in loose)})"
            if loose
            else "no recording matches"
        )
        return Reply(
            400,
            error_body(
                f"test server: {problem} this request (model {model}, schema {schema}, "
                f"messages_sha256 {digest})",
                "invalid_request_error",
                "no_recording",
            ),
        )


def _is_completion(body: Any) -> bool:
    return (
        isinstance(body, dict)
        and body.get("object") == "chat.completion"
        and isinstance(body.get("choices"), list)
        and bool(body["choices"])
        and isinstance(body["choices"][0], dict)
    )


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops connections a client opens at once (16
    # calls in flight), and the client waits for a SYN retry.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that closes its idle keep-alive connections (as httpx does when a run
        # ends) resets them under a handler thread waiting for the next request. That is
        # the client's right, not a server fault: socketserver would print a traceback to
        # stderr, where a test of the CLI's stderr would read it as briefer's.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    owner: OpenAIServer
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections end by themselves
    # Headers and body leave in separate writes; with Nagle's algorithm on, the body
    # waits for the client's delayed ACK (40 ms on Linux), which no real endpoint adds.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._serve(None)

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        self._serve(body)

    def _serve(self, body: Any) -> None:
        req = SeenRequest(
            self.command,
            self.path.split("?")[0],
            {k.lower(): v for k, v in self.headers.items()},
            body,
            time.monotonic(),
        )
        if self.owner.drop is not None and self.owner.drop(req):
            self.close_connection = True
            return
        reply = self.owner._handle(req)
        streamed = isinstance(body, dict) and body.get("stream") is True
        if streamed and reply.status == 200 and _is_completion(reply.body):
            # A real server streams what it would have sent whole.
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            payload = sse_chunks(reply.body, include_usage)
            reply = Reply(200, payload, {"content-type": "text/event-stream", **reply.headers})
        if isinstance(reply.body, bytes):
            payload = reply.body
        elif isinstance(reply.body, str):
            payload = reply.body.encode("utf-8")
        else:
            payload = json.dumps(reply.body).encode("utf-8")
        try:
            self.send_response(reply.status)
            headers = {"content-type": "application/json", **reply.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("x-request-id", f"req_{next(_ids):08d}")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            self.close_connection = True  # the client gave up (timeout): nothing to do


def running(recordings: Iterable[Path] | None = None) -> OpenAIServer:
    """A started server with the default recordings plus `recordings` (for scripts)."""
    server = OpenAIServer().start()
    for path in recordings or ():
        server.add_recording(path)
    return server
