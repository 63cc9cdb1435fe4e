"""SDK exceptions turned into one-line EngineErrors, with secrets scrubbed.

The openai SDK raises a dozen exception types whose messages carry whole response bodies
(and a server may echo the key back). Users get one line that says what failed and what to
change; the key never appears in it.
"""

from __future__ import annotations

import functools
import re
import socket
import ssl
from collections.abc import Iterable
from typing import Any

from briefer.errors import EngineError

_KEYLIKE = re.compile(r"\b(sk|rk|pk)-[A-Za-z0-9_*\-]{6,}")
_BEARER = re.compile(r"(?i)\bbearer\s+\S+")
MAX_LINE = 300


REDACTED = "[redacted]"
_SURROGATE = re.compile("[\ud800-\udfff]")


@functools.lru_cache(maxsize=16)
def _secret_pattern(secret: str) -> re.Pattern[str]:
    """`secret` in clear or with any of its characters written as a JSON escape (`\\u0073`,
    `\\/`), at any depth of backslashes: a server can send the key inside a JSON answer
    that is itself a JSON string."""
    parts = []
    for ch in secret:
        code = f"{ord(ch):04x}"
        hexes = "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in code)
        alternatives = [re.escape(ch), rf"\\+u{hexes}"]
        if ch in '/"\\':
            alternatives.append(rf"\\+{re.escape(ch)}")
        parts.append("(?:" + "|".join(alternatives) + ")")
    return re.compile("".join(parts))


def _without(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
        if "\\" in text:
            text = _secret_pattern(secret).sub(REDACTED, text)
    return text


def scrub(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` without the given secrets (in clear or JSON-escaped), API-key-like tokens or
    bearer tokens. Scrub before cutting: a cut key is no longer found whole."""
    text = _without(text, [s for s in secrets if s and len(s) >= 8])
    text = _KEYLIKE.sub(r"\1-[redacted]", text)
    return _BEARER.sub("Bearer [redacted]", text)


def redact(value: Any, secrets: Iterable[str | None]) -> Any:
    """A decoded JSON value with every string (keys too) scrubbed of `secrets` and made
    encodable (a lone surrogate becomes U+FFFD). Iterative: a deep value cannot overflow
    the stack."""
    wanted = tuple(s for s in secrets if s and len(s) >= 8)

    def clean(text: str) -> str:
        return _SURROGATE.sub("\ufffd", _without(text, wanted))

    if isinstance(value, str):
        return clean(value)
    if not isinstance(value, dict | list):
        return value
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        node, parent, slot = stack.pop()
        if isinstance(node, str):
            parent[slot] = clean(node)
        elif isinstance(node, dict):
            copy: dict[str, Any] = {}
            parent[slot] = copy
            for k, v in node.items():
                key = clean(k)
                copy[key] = None
                stack.append((v, copy, key))
        elif isinstance(node, list):
            items: list[Any] = [None] * len(node)
            parent[slot] = items
            stack.extend((v, items, i) for i, v in enumerate(node))
        else:
            parent[slot] = node
    return root[0]


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """Collapse whitespace and cut to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def engine_error(message: str, secrets: Iterable[str | None] = ()) -> EngineError:
    return EngineError(one_line(scrub(message, secrets)))


# llama.cpp: "the request exceeds the available context size" (exceed_context_size_error);
# vLLM and OpenAI: "maximum context length is N tokens" (context_length_exceeded).
_CONTEXT = re.compile(
    r"context[ _](?:size|length|window)|exceed_context|n_ctx|too many tokens", re.IGNORECASE
)


def _context_figures(exc: Any) -> str:
    """' (5,120 prompt tokens, context 4,096)' when the server says so (llama.cpp)."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        body = body["error"]
    if not isinstance(body, dict):
        return ""
    prompt, n_ctx = body.get("n_prompt_tokens"), body.get("n_ctx")
    if isinstance(prompt, int) and isinstance(n_ctx, int):
        return f" ({prompt:,} prompt tokens, context {n_ctx:,})"
    return ""


def _server_message(exc: Any) -> str:
    """The human part of an API error body (`{"error": {"message": ...}}`), else the text."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        msg = body.get("message") or body.get("detail") or body.get("error")
        if isinstance(msg, dict):
            msg = msg.get("message")
        if isinstance(msg, str) and msg.strip():
            return msg
    elif isinstance(body, str) and body.strip():
        return body
    return str(getattr(exc, "message", "") or exc)


def _connection_reason(exc: BaseException) -> str:
    seen: set[int] = set()
    cur: BaseException | None = exc
    texts = []
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cur, socket.gaierror):
            return "host name not found"
        if isinstance(cur, ssl.SSLError):
            return f"TLS handshake failed ({cur.reason or cur})"
        texts.append(str(cur))
        cur = cur.__cause__ or cur.__context__
    joined = " ".join(texts).lower()
    if "refused" in joined:
        return "connection refused"
    if any(s in joined for s in ("name or service", "nodename", "getaddrinfo", "name resolution")):
        return "host name not found"
    if "ssl" in joined or "certificate" in joined:
        return "TLS handshake failed"
    for text in texts[1:]:
        if text.strip():
            return text
    return "connection failed"


def map_sdk_error(
    exc: BaseException,
    *,
    endpoint: str,
    model: str,
    timeout: float,
    max_retries: int,
    json_mode: str,
    secrets: Iterable[str | None] = (),
) -> EngineError:
    """The EngineError a user should see for an exception from `chat.completions.create`."""
    import openai

    retried = f" after {max_retries} retries" if max_retries else ""
    detail = one_line(scrub(_server_message(exc), secrets), 120)
    if isinstance(exc, openai.APITimeoutError):
        msg = f"no answer from {endpoint} within {timeout:g}s{retried} (see --timeout)"
    elif isinstance(exc, openai.APIConnectionError):
        msg = f"cannot reach {endpoint}: {_connection_reason(exc)}"
    elif isinstance(exc, openai.AuthenticationError):
        msg = "the endpoint rejected the API key (401); check OPENAI_API_KEY"
    elif isinstance(exc, openai.PermissionDeniedError):
        msg = f"{endpoint} denied access to model {model} (403): {detail}"
    elif isinstance(exc, openai.NotFoundError):
        code = getattr(exc, "code", None)
        if code == "model_not_found" or "model" in detail.lower():
            msg = f"model {model} not found at {endpoint}"
        else:
            msg = f"{endpoint} has no chat completions API (404); check --base-url"
    elif isinstance(exc, openai.RateLimitError):
        if getattr(exc, "code", None) == "insufficient_quota":
            msg = f"{endpoint} says the account's quota is used up (429): {detail}"
        else:
            msg = f"rate limited by {endpoint} (429){retried}: {detail}"
    elif isinstance(exc, openai.BadRequestError) and _CONTEXT.search(detail):
        msg = (
            f"the request is larger than the context window of {model} at {endpoint}"
            f"{_context_figures(exc)}: lower --chunk-tokens (or start the server with "
            "a larger context)"
        )
    elif isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
        status = getattr(exc, "status_code", 400)
        hint = ""
        if json_mode == "schema" and re.search(r"response_format|json_schema", detail, re.I):
            hint = "; try --json-mode object"
        msg = f"{endpoint} rejected the request for {model} ({status}): {detail}{hint}"
    elif isinstance(exc, openai.InternalServerError):
        status = getattr(exc, "status_code", 500)
        msg = f"{endpoint} failed with HTTP {status}{retried}: {detail}"
    elif isinstance(exc, openai.APIResponseValidationError):
        msg = f"{endpoint} sent a response that is not a chat completion: {detail}"
    elif isinstance(exc, openai.APIStatusError):
        msg = f"{endpoint} answered HTTP {exc.status_code}: {detail}"
    elif isinstance(exc, openai.OpenAIError):
        msg = f"OpenAI client error: {detail}"
    else:
        msg = f"unexpected error talking to {endpoint}: {type(exc).__name__}: {detail}"
    return engine_error(msg, secrets)
