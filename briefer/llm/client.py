"""The OpenAI-compatible transport: one structured request in, one validated answer out.

Retries (with Retry-After) are the SDK's own; this layer adds what the SDK does not know:
structured output and its fallbacks, one repair round, the response cache, recordings,
bounded concurrency, and errors a user can act on. The SDK is imported on the first cache
miss, so a fully cached run never pays for importing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import dataclasses
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from briefer.errors import ConfigError, EngineError
from briefer.llm.cache import (
    DEFAULT_ENDPOINT,
    CacheError,
    ResponseCache,
    normalise_endpoint,
    request_key,
)
from briefer.llm.failures import engine_error, map_sdk_error, one_line, redact, scrub
from briefer.llm.repetition import RepetitionGuard
from briefer.llm.structured import (
    AnswerError,
    parse_answer,
    schema_instructions,
    schema_name,
    strict_schema,
)
from briefer.llm.types import (
    JSON_MODES,
    JsonMode,
    LLMRequest,
    LLMResponse,
    Message,
    messages_digest,
)
from briefer.schema import Model, Usage
from briefer.terminal import inert

if TYPE_CHECKING:
    from openai import AsyncOpenAI

__all__ = ["LLMRequest", "LLMResponse", "Message", "OpenAIClient"]

T = TypeVar("T", bound=Model)
log = logging.getLogger("briefer.llm")

_TICKET: contextvars.ContextVar[_Ticket | None] = contextvars.ContextVar(
    "briefer_llm_ticket", default=None
)
"""The call the running task is making, so the transport's request hook can mark it sent."""


@dataclass
class _Ticket:
    sent: bool = False


SETTLE_LIMIT = 0.25
"""Seconds `settle` waits at most for calls to write their requests."""

MAX_MODEL_NAME = 200
"""Longest model name kept from an answer (a server may send anything there)."""
MAX_TOKENS_REPORTED = 10**9
"""Token counts a server reports above this (or below 0) are not believed: counted as 0."""

LOOPING = "repetition"
"""The finish reason of an answer given up because it kept repeating itself."""
CHARS_PER_TOKEN = 32
"""More characters than any token has: a stream longer than this many per output token
allowed is a server that ignores the limit, and is cut off as if truncated."""

NO_KEY_PLACEHOLDER = "not-needed"
"""Sent to endpoints other than OpenAI's when no key is configured (local servers)."""


@dataclass(frozen=True)
class _Answer:
    """One HTTP answer, read from the raw body (tolerant of servers that omit fields)."""

    body: dict[str, Any]
    content: str
    refusal: str | None
    finish_reason: str
    prompt_tokens: int
    completion_tokens: int
    model: str | None


class OpenAIClient:
    """Asks an OpenAI-compatible chat completions endpoint for answers of a pydantic shape.

    `json_mode`: "schema" sends a strict `json_schema` response format; "object" sends
    `json_object` and puts the schema in the system message; "prompt" only puts it in the
    system message (for servers that support neither). Answers are streamed and given up as
    soon as they repeat themselves: in "object" and "prompt" mode nothing else bounds them,
    and in "schema" mode the bounds of the schema still allow a long loop.

    `usage` counts this run: `calls` are HTTP requests that got an answer (repairs
    included), tokens are those of those calls. Cache hits count in `cache_hits` only; the
    tokens their answers once cost are in `saved_prompt_tokens` / `saved_completion_tokens`.
    """

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        json_mode: JsonMode = "schema",
        max_retries: int = 2,
        timeout: float = 60.0,
        concurrency: int = 8,
        cache: ResponseCache | None = None,
        refresh: bool = False,
        record_dir: Path | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        if json_mode not in JSON_MODES:
            raise ConfigError(
                f"json mode must be one of {', '.join(JSON_MODES)}, not {json_mode!r}"
            )
        if concurrency < 1:
            raise ConfigError("concurrency must be at least 1")
        if max_retries < 0:
            raise ConfigError("max retries must be 0 or more")
        if timeout <= 0:
            raise ConfigError("timeout must be positive")
        # No fallback to OPENAI_API_KEY or OPENAI_BASE_URL here: the settings chose the key
        # (--api-key-env), and a key from elsewhere must never go to the endpoint unasked.
        self.base_url = (base_url or DEFAULT_ENDPOINT).strip()
        self.endpoint = normalise_endpoint(self.base_url)
        self.lengths = self.endpoint != DEFAULT_ENDPOINT
        """Send string bounds (`maxLength`) in schemas: every endpoint but OpenAI's."""
        self.json_mode: JsonMode = json_mode
        self.max_retries = max_retries
        self.timeout = timeout
        self.concurrency = concurrency
        self.cache = cache
        self.refresh = refresh
        self.record_dir = record_dir
        self._warn = warn or _warn_on_stderr
        self._cache_warned = False
        self.usage = Usage(engine="llm", model=None)
        self.saved_prompt_tokens = 0
        self.saved_completion_tokens = 0
        self._api_key = api_key or None
        url_password = urlsplit(self.base_url).password
        self._secrets = tuple(s for s in (self._api_key, url_password) if s)
        self._sdk: AsyncOpenAI | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._semaphore: asyncio.Semaphore | None = None
        self._preparing = 0
        self._quiet: asyncio.Event | None = None

    def __repr__(self) -> str:  # never shows the key
        return f"OpenAIClient(endpoint={self.endpoint!r}, json_mode={self.json_mode!r})"

    # -- public -----------------------------------------------------------------------
    async def complete(self, request: LLMRequest[T]) -> LLMResponse[T]:
        """The validated answer to `request`, from the cache or the endpoint.

        Raises EngineError (one line, no secrets) when the endpoint fails, the answer is
        truncated or refused, or it stays invalid after one repair.
        """
        if self.usage.model is None:
            self.usage.model = request.model
        key = request_key(request, self.endpoint, self.json_mode)
        cached = self._from_cache(key, request)
        if cached is not None:
            return cached

        messages = self._wire_messages(request)
        first = await self._ask(request, messages)
        spent = (first.prompt_tokens, first.completion_tokens)
        answer, repaired = first, False
        try:
            data = parse_answer(first.content, request.output)
        except AnswerError as problem:
            log.info("answer of %s invalid (%s); asking once to repair", request.model, problem)
            repair = (
                *messages,
                Message.assistant(first.content),
                Message.user(_repair_prompt(problem)),
            )
            answer, repaired = await self._ask(request, repair), True
            spent = (spent[0] + answer.prompt_tokens, spent[1] + answer.completion_tokens)
            try:
                data = parse_answer(answer.content, request.output)
            except AnswerError as again:
                raise engine_error(
                    f"model {request.model} gave no valid {request.output.__name__} answer, "
                    f"even after one repair ({self._what_to_try()}): {again.problem}",
                    self._secrets,
                ) from None

        if self.cache is not None:
            self._store(
                key,
                {
                    "raw": answer.content,
                    "finish_reason": answer.finish_reason,
                    "prompt_tokens": spent[0],
                    "completion_tokens": spent[1],
                    "model": answer.model or request.model,
                    "repaired": repaired,
                },
            )
        return LLMResponse(
            data=data,
            raw=answer.content,
            finish_reason=answer.finish_reason,
            prompt_tokens=spent[0],
            completion_tokens=spent[1],
            cached=False,
            model=answer.model,
            repaired=repaired,
            key=key,
        )

    @property
    def preparing(self) -> int:
        """Calls that hold a slot and have not yet written their request."""
        return self._preparing

    async def settle(self) -> None:
        """Return once no call holds a slot without having written its request.

        Work that can wait (reading the next file, checking quotes, rendering a memo) awaits
        this first, so it runs while the model works instead of delaying a call that could
        be on its way. One event-loop turn at least, so calls just woken get to start; never
        longer than SETTLE_LIMIT, so a slow upload or a busy batch cannot starve that work.
        """
        await asyncio.sleep(0)
        if self._preparing and self._quiet is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(SETTLE_LIMIT):
                    await self._quiet.wait()

    async def aclose(self) -> None:
        """Close the SDK's connection pool (the cache belongs to whoever made it)."""
        if self._sdk is not None:
            sdk, self._sdk = self._sdk, None
            await sdk.close()

    # -- cache ------------------------------------------------------------------------
    def _from_cache(self, key: str, request: LLMRequest[T]) -> LLMResponse[T] | None:
        if self.cache is None or self.refresh:
            return None
        try:
            hit = self.cache.get(key)
        except CacheError as exc:
            # A damaged or unreadable cache must not stop the run: ask the model instead.
            self._cache_trouble("answers cannot be read from the cache (asking the model)", exc)
            return None
        if hit is None or not isinstance(hit.get("raw"), str):
            return None
        try:
            data = parse_answer(hit["raw"], request.output)
        except AnswerError:
            return None  # a stale entry (the model class changed): ask again, overwrite it
        prompt_tokens = _int(hit.get("prompt_tokens"))
        completion_tokens = _int(hit.get("completion_tokens"))
        self.usage.cache_hits += 1
        self.saved_prompt_tokens += prompt_tokens
        self.saved_completion_tokens += completion_tokens
        log.debug("cache hit %s", key[:12])
        model = hit.get("model")
        return LLMResponse(
            data=data,
            raw=hit["raw"],
            finish_reason=str(hit.get("finish_reason") or "stop"),
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cached=True,
            model=model if isinstance(model, str) else None,
            repaired=bool(hit.get("repaired")),
            key=key,
        )

    def _store(self, key: str, value: dict[str, Any]) -> None:
        """Cache a paid-for answer; a cache that cannot be written costs a warning, once,
        never the answer."""
        assert self.cache is not None
        try:
            self.cache.put(key, value)
        except CacheError as exc:
            self._cache_trouble("answers are not being cached (a re-run will ask again)", exc)

    def _cache_trouble(self, what: str, exc: CacheError) -> None:
        """One warning per run for any cache failure; the run itself goes on."""
        if not self._cache_warned:
            self._cache_warned = True
            self._warn(f"{what}: " + one_line(scrub(str(exc), self._secrets)))

    # -- the wire ---------------------------------------------------------------------
    def _wire_messages(self, request: LLMRequest[Any]) -> tuple[Message, ...]:
        """The request's messages, with the schema added to the system message if needed."""
        if self.json_mode == "schema":
            return request.messages
        text = schema_instructions(request.output, self.lengths, request.max_items)
        messages = list(request.messages)
        for i, m in enumerate(messages):
            if m.role == "system":
                messages[i] = Message.system(f"{m.content}\n\n{text}")
                return tuple(messages)
        return (Message.system(text), *messages)

    def _params(self, request: LLMRequest[Any], messages: tuple[Message, ...]) -> dict[str, Any]:
        params: dict[str, Any] = {
            "model": request.model,
            "messages": [m.as_dict() for m in messages],
            "temperature": request.temperature,
        }
        # OpenAI's newer models accept only max_completion_tokens; most compatible servers
        # (vLLM, llama.cpp, Ollama) know max_tokens best.
        if self.endpoint == DEFAULT_ENDPOINT:
            params["max_completion_tokens"] = request.max_tokens
        else:
            params["max_tokens"] = request.max_tokens
        if request.seed is not None:
            params["seed"] = request.seed
        if self.json_mode == "schema":
            params["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": schema_name(request.output),
                    "schema": strict_schema(request.output, self.lengths, request.max_items),
                    "strict": True,
                },
            }
        elif self.json_mode == "object":
            params["response_format"] = {"type": "json_object"}
        params["stream"] = True
        params["stream_options"] = {"include_usage": True}
        return params

    def _client(self) -> AsyncOpenAI:
        """The SDK client, built on first use and rebuilt if the event loop changed."""
        loop = asyncio.get_running_loop()
        if self._sdk is None or self._loop is not loop:
            if self._api_key is None and self.endpoint == DEFAULT_ENDPOINT:
                raise EngineError(
                    "no API key: set OPENAI_API_KEY, or --base-url for a local server"
                )
            sdk = _openai()
            from briefer.llm.transport import TransportPerScheme

            self._sdk = sdk.AsyncOpenAI(
                base_url=self.base_url,
                api_key=self._api_key or NO_KEY_PLACEHOLDER,
                max_retries=self.max_retries,
                timeout=self.timeout,
                http_client=sdk.DefaultAsyncHttpxClient(
                    event_hooks={"request": [self._on_request]},
                    transport=TransportPerScheme(sdk.DEFAULT_CONNECTION_LIMITS),
                ),
            )
            self._loop = loop
            self._semaphore = asyncio.Semaphore(self.concurrency)
            self._preparing = 0
            self._quiet = asyncio.Event()
            self._quiet.set()
        return self._sdk

    async def _on_request(self, request: object) -> None:
        """The transport's request hook: ask its connection to say when the body is out."""
        extensions = getattr(request, "extensions", None)
        if isinstance(extensions, dict):
            extensions["trace"] = self._trace

    async def _trace(self, event: str, _info: object) -> None:
        """httpcore's trace callback; the call counts as sent once its body is written."""
        if event.endswith("send_request_body.complete"):
            self._handed_over(_TICKET.get())

    def _handed_over(self, ticket: _Ticket | None) -> None:
        if ticket is None or ticket.sent:
            return  # a retry of a call already counted, or a request not ours
        ticket.sent = True
        self._preparing -= 1
        if not self._preparing and self._quiet is not None:
            self._quiet.set()

    async def _ask(self, request: LLMRequest[Any], messages: tuple[Message, ...]) -> _Answer:
        """One chat completion (the SDK retries inside); raises EngineError on failure."""
        sdk = self._client()
        assert self._semaphore is not None
        params = self._params(request, messages)
        async with self._semaphore:
            ticket = _Ticket()
            reset = _TICKET.set(ticket)
            self._preparing += 1
            assert self._quiet is not None
            self._quiet.clear()
            try:
                answer = await self._streamed(sdk, params, request)
            except EngineError:
                raise
            except Exception as exc:
                raise map_sdk_error(
                    exc,
                    endpoint=self.endpoint,
                    model=request.model,
                    timeout=self.timeout,
                    max_retries=self.max_retries,
                    json_mode=self.json_mode,
                    secrets=self._secrets,
                ) from None
            finally:
                _TICKET.reset(reset)
                self._handed_over(ticket)
        self.usage.calls += 1
        self.usage.prompt_tokens += answer.prompt_tokens
        self.usage.completion_tokens += answer.completion_tokens
        if self.record_dir is not None:
            self._record(request, messages, answer)
        self._check_finish(answer, request)
        return answer

    async def _streamed(
        self, sdk: AsyncOpenAI, params: dict[str, Any], request: LLMRequest[Any]
    ) -> _Answer:
        """One streamed chat completion, read piece by piece and given up (the connection
        closed, so the server stops generating) once it loops. A server that answers with a
        whole JSON body instead of a stream is read as such. `--timeout` bounds the whole
        answer, as it does an unstreamed one."""
        import openai
        from openai.types.chat import ChatCompletion, ChatCompletionChunk

        # The request `chat.completions.create` would make, through the client's own
        # `post` (its retries, errors and stream parsing): `create` would first import the
        # chat resources (typed helpers briefer never uses, a tenth of the SDK's import) and
        # walk every request's messages and JSON schema against its typed parameters,
        # which leave plain JSON such as briefer's as it is.
        stream = await sdk.post(
            "/chat/completions",
            body=params,
            cast_to=ChatCompletion,
            options={"security": {"bearer_auth": True}},
            stream=True,
            stream_cls=openai.AsyncStream[ChatCompletionChunk],
        )
        try:
            kind = stream.response.headers.get("content-type", "")
            if "text/event-stream" not in kind:
                body = await stream.response.aread()
                return self._read(body.decode("utf-8", "replace"), request.model)
            reading = _StreamedAnswer(request.max_tokens * CHARS_PER_TOKEN)
            try:
                async with asyncio.timeout(self.timeout):
                    async for chunk in stream:
                        if reading.add(chunk):
                            break
            except TimeoutError:
                raise openai.APITimeoutError(request=stream.response.request) from None
            except (ValueError, TypeError, AttributeError) as exc:
                raise engine_error(
                    f"{self.endpoint} sent a stream that is not a chat completion for "
                    f"{request.model}: {one_line(str(exc), 80)}",
                    self._secrets,
                ) from None
            return self._read(json.dumps(reading.body(params["messages"])), request.model)
        finally:
            await stream.close()

    def _read(self, text: str, model: str) -> _Answer:
        # A server may echo the key back (a proxy's debug output, a hostile endpoint), in
        # clear or JSON-escaped, in any field: every string of the decoded body is redacted
        # before anything is read from it, so the key cannot travel on into the cache, the
        # recordings, the memo or an error message.
        try:
            body = redact(json.loads(text), self._secrets)
            choice = body["choices"][0]
            message = choice.get("message") or {}
            usage = body.get("usage") or {}
            finish = str(choice.get("finish_reason") or "stop")
            content = message.get("content")
            refusal = message.get("refusal")
            answered = body.get("model")
            prompt_tokens = _int(usage.get("prompt_tokens"))
            completion_tokens = _int(usage.get("completion_tokens"))
        except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError):
            raise engine_error(
                f"{self.endpoint} sent something that is not a chat completion for {model}: "
                f"{one_line(scrub(text[:10_000], self._secrets), 80)!r}",
                self._secrets,
            ) from None
        return _Answer(
            body=body,
            content=content if isinstance(content, str) else "",
            refusal=refusal if isinstance(refusal, str) and refusal.strip() else None,
            finish_reason=finish[:40],
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            model=answered[:MAX_MODEL_NAME] if isinstance(answered, str) else None,
        )

    def _check_finish(self, answer: _Answer, request: LLMRequest[Any]) -> None:
        """Truncated and refused answers are errors, never parsed or repaired."""
        if answer.refusal is not None:
            raise engine_error(
                f"model {request.model} refused to answer: {answer.refusal}", self._secrets
            )
        if answer.finish_reason == "content_filter":
            raise engine_error(
                f"model {request.model} refused to answer: the endpoint's content filter "
                "stopped the answer",
                self._secrets,
            )
        if answer.finish_reason == LOOPING:
            raise engine_error(
                f"the answer of {request.model} kept repeating itself and was stopped after "
                f"{answer.completion_tokens} output tokens (a looping model); "
                f"{self._what_to_try('a lower --max-items')}",
                self._secrets,
            )
        if answer.finish_reason == "length":
            tokens = answer.completion_tokens or request.max_tokens
            raise engine_error(
                f"the answer of {request.model} was truncated at {tokens} output tokens; "
                "raise --max-output-tokens or lower --chunk-tokens",
                self._secrets,
            )

    def _what_to_try(self, also: str = "") -> str:
        """What to try when a model does not give a usable answer."""
        tries = [] if self.json_mode == "schema" else ["--json-mode schema if the server has it"]
        tries += [also] if also else []
        tries.append("a larger model")
        return "try " + ", ".join(tries[:-1]) + (" or " if len(tries) > 1 else "") + tries[-1]

    def _record(
        self, request: LLMRequest[Any], messages: tuple[Message, ...], answer: _Answer
    ) -> None:
        """Write the complete response body where the test server can replay it."""
        assert self.record_dir is not None
        key = request_key(
            dataclasses.replace(request, messages=messages), self.endpoint, self.json_mode
        )
        record = {
            "match": {
                "model": request.model,
                "schema": schema_name(request.output),
                "messages_sha256": messages_digest(messages),
            },
            "request": {
                "endpoint": self.endpoint,
                "json_mode": self.json_mode,
                "temperature": request.temperature,
                "seed": request.seed,
                "max_tokens": request.max_tokens,
                "messages": [m.as_dict() for m in messages],
            },
            "response": answer.body,
        }
        text = scrub(json.dumps(record, indent=2, ensure_ascii=False), self._secrets)
        try:
            self.record_dir.mkdir(parents=True, exist_ok=True)
            path = self.record_dir / f"{key}.json"
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(text + "\n", encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            raise EngineError(f"cannot write the recording into {self.record_dir}: {exc}") from None


class _StreamedAnswer:
    """The pieces of a streamed answer, put back together as the chat completion body an
    unstreamed request gets, so one reader serves both (and recordings replay either)."""

    def __init__(self, most_chars: int) -> None:
        self.guard = RepetitionGuard()
        self.most_chars = most_chars
        self.cut = False
        """True when briefer hung up (so the server never sent its usage)."""
        self.refusal = ""
        self.finish: str | None = None
        self.pieces = 0
        self.usage: dict[str, Any] | None = None
        self.head: dict[str, Any] = {}

    def add(self, chunk: Any) -> bool:
        """Take one chunk; True once the answer loops (read no further)."""
        if not self.head:
            head = {k: getattr(chunk, k, None) for k in ("id", "created", "model")}
            self.head = {k: v for k, v in head.items() if isinstance(v, str | int)}
        usage = getattr(chunk, "usage", None)
        if usage is not None:
            self.usage = {
                "prompt_tokens": getattr(usage, "prompt_tokens", None),
                "completion_tokens": getattr(usage, "completion_tokens", None),
            }
        choices = getattr(chunk, "choices", None)
        for choice in choices[:1] if isinstance(choices, list) else ():
            delta = getattr(choice, "delta", None)
            piece = getattr(delta, "content", None)
            refusal = getattr(delta, "refusal", None)
            if isinstance(refusal, str):
                self.refusal += refusal
            finish = getattr(choice, "finish_reason", None)
            if isinstance(finish, str):
                self.finish = finish
            if isinstance(piece, str) and piece:
                self.pieces += 1
                if self.guard.feed(piece):
                    self.finish, self.cut = LOOPING, True
                elif len(self.guard.text) > self.most_chars:
                    self.finish, self.cut = "length", True
                return self.cut
        return False

    def body(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        """The answer as a chat completion body. A server that sent no usage (it was cut
        off, or never does) is counted here: a piece of a stream is a token, and the
        prompt is counted in cl100k (local tokenizers count somewhat more)."""
        usage = self.usage
        if usage is None or self.cut:
            from briefer.chunking import count_tokens

            prompt = count_tokens("\n".join(m["content"] for m in messages))
            usage = {"prompt_tokens": prompt, "completion_tokens": self.pieces}
        return {
            **self.head,
            "object": "chat.completion",
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": self.guard.text,
                        "refusal": self.refusal or None,
                    },
                    "finish_reason": self.finish,
                }
            ],
            "usage": usage,
            "streamed": True,
        }


def import_sdk() -> None:
    """Import the openai SDK now rather than on the first cache miss, for a caller with
    other work to do at the same time."""
    _openai()


def _openai() -> Any:
    """The openai module; a broken installation is one line, not a traceback."""
    try:
        import openai
    except ImportError as exc:
        raise ConfigError(
            f"the openai package cannot be imported ({exc}); reinstall briefer"
        ) from None
    return openai


def _warn_on_stderr(message: str) -> None:
    print(f"brief: warning: {inert(message)}", file=sys.stderr)


def _repair_prompt(problem: AnswerError) -> str:
    return (
        f"Your previous answer could not be used: {problem.problem}.\n"
        f"Problems found:\n{problem.details}\n\n"
        "Answer again with only the corrected JSON object, matching the schema exactly."
    )


def _int(value: object) -> int:
    """A token count as reported, or 0 when it is no count at all or not a credible one (a
    hostile 10**400 must not overflow the cost sum)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= MAX_TOKENS_REPORTED else 0
    return 0
