"""OpenAIClient against a real HTTP server: the SDK's own request, retry and parsing code runs."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest
from openai_server import OpenAIServer
from pydantic import BaseModel, Field

from briefer.errors import ConfigError, EngineError
from briefer.llm import (
    LLMRequest,
    Message,
    OpenAIClient,
    ResponseCache,
    extract_json,
    parse_answer,
    request_key,
    strict_schema,
)
from briefer.llm.failures import scrub
from briefer.llm.structured import AnswerError
from briefer.schema import Actor, Draft, Extraction, Synthesis

CANARY = "sk-canary-XYZ-0123456789abcdef"
MODEL = "gpt-4o-mini"
R = TypeVar("R")


def run(coro: Coroutine[Any, Any, R]) -> R:
    return asyncio.run(coro)


def client(server: OpenAIServer | str, **kw: Any) -> OpenAIClient:
    base = server if isinstance(server, str) else server.base_url
    kw.setdefault("api_key", CANARY)
    kw.setdefault("max_retries", 1)
    kw.setdefault("timeout", 10.0)
    return OpenAIClient(base_url=base, **kw)


def draft_request(
    article: str, system: str = "You write intelligence briefs."
) -> LLMRequest[Draft]:
    return LLMRequest(
        model=MODEL, messages=(Message.system(system), Message.user(article)), output=Draft
    )


async def ask(c: OpenAIClient, request: LLMRequest[Any]) -> Any:
    try:
        return await c.complete(request)
    finally:
        await c.aclose()


def fails(c: OpenAIClient, request: LLMRequest[Any]) -> str:
    """The EngineError's message, checked to be one line without the key."""
    with pytest.raises(EngineError) as info:
        run(ask(c, request))
    message = str(info.value)
    assert "\n" not in message and len(message) <= 300, message
    assert CANARY not in message and "canary" not in message
    assert info.value.exit_code == 1
    return message


# -- the happy path over a real socket ---------------------------------------------------
def test_recording_is_replayed_through_the_sdk(
    openai_server: OpenAIServer, veldmark_article: str
) -> None:
    c = client(openai_server)
    response = run(ask(c, draft_request(veldmark_article)))

    assert isinstance(response.data, Draft)
    assert response.data.title.startswith("Veldmark port strike")
    assert (response.prompt_tokens, response.completion_tokens) == (1187, 842)
    assert response.model == "gpt-4o-mini-2024-07-18" and not response.cached
    [seen] = openai_server.chat_requests  # the server really saw the SDK's request
    assert seen.headers["authorization"] == f"Bearer {CANARY}"
    assert seen.headers["x-stainless-retry-count"] == "0"
    body = seen.body
    assert body["model"] == MODEL and body["temperature"] == 0.0 and body["seed"] == 0
    assert body["max_tokens"] == 4096 and "max_completion_tokens" not in body
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "Draft" and fmt["json_schema"]["strict"] is True
    # not OpenAI's endpoint: string bounds go along, for the server's grammar
    assert fmt["json_schema"]["schema"] == strict_schema(Draft, lengths=True)
    assert body["messages"] == [
        {"role": "system", "content": "You write intelligence briefs."},
        {"role": "user", "content": veldmark_article},
    ]
    assert c.usage.model_dump() == {
        "engine": "llm",
        "model": MODEL,
        "calls": 1,
        "cache_hits": 0,
        "prompt_tokens": 1187,
        "completion_tokens": 842,
    }


def test_extraction_and_synthesis_recordings_match_by_schema(
    openai_server: OpenAIServer, veldmark_article: str
) -> None:
    async def both() -> tuple[Extraction, Synthesis]:
        c = client(openai_server)
        msgs = (Message.system("Extract."), Message.user(veldmark_article))
        ex = await c.complete(LLMRequest(model=MODEL, messages=msgs, output=Extraction))
        findings = "\n".join(a.name for a in ex.data.actors)
        syn = await c.complete(
            LLMRequest(model=MODEL, messages=(Message.user(findings),), output=Synthesis)
        )
        await c.aclose()
        return ex.data, syn.data

    extraction, synthesis = run(both())
    assert len(extraction.claims) == 4 and synthesis.key_claims[0] == 2
    assert len(openai_server.chat_requests) == 2


def test_unmatched_request_says_so(openai_server: OpenAIServer) -> None:
    message = fails(client(openai_server), draft_request("An article nobody recorded."))
    assert "no recording matches" in message and "Draft" in message


# -- cache ---------------------------------------------------------------------------------
def test_cache_hit_makes_no_http_request(
    openai_server: OpenAIServer, veldmark_article: str, tmp_path: Path
) -> None:
    cache = ResponseCache(tmp_path)
    first = run(ask(client(openai_server, cache=cache), draft_request(veldmark_article)))
    assert len(openai_server.requests) == 1 and not first.cached

    second_client = client(openai_server, cache=ResponseCache(tmp_path))
    second = run(ask(second_client, draft_request(veldmark_article)))
    assert len(openai_server.requests) == 1  # no new request
    assert second.cached and second.data == first.data
    assert (second.prompt_tokens, second.completion_tokens) == (1187, 842)
    usage = second_client.usage
    assert (usage.calls, usage.cache_hits, usage.prompt_tokens, usage.completion_tokens) == (
        0,
        1,
        0,
        0,
    )
    assert (second_client.saved_prompt_tokens, second_client.saved_completion_tokens) == (1187, 842)

    # Any change to the request is another key: a different system prompt goes out again.
    run(ask(client(openai_server, cache=cache), draft_request(veldmark_article, "Other system.")))
    assert len(openai_server.requests) == 2


def test_refresh_writes_without_reading_and_no_cache_does_neither(
    openai_server: OpenAIServer, veldmark_article: str, tmp_path: Path
) -> None:
    cache = ResponseCache(tmp_path)
    run(ask(client(openai_server, cache=cache), draft_request(veldmark_article)))
    refreshed = run(
        ask(client(openai_server, cache=cache, refresh=True), draft_request(veldmark_article))
    )
    assert not refreshed.cached and len(openai_server.requests) == 2
    assert cache.stats().entries == 1

    nothing = tmp_path / "none"
    run(ask(client(openai_server, cache=None), draft_request(veldmark_article)))
    assert len(openai_server.requests) == 3 and not nothing.exists()


def test_cache_hit_does_not_import_the_sdk(
    openai_server: OpenAIServer, veldmark_article: str, tmp_path: Path
) -> None:
    run(ask(client(openai_server, cache=ResponseCache(tmp_path)), draft_request(veldmark_article)))
    script = f"""
import asyncio, sys
from briefer.llm import LLMRequest, Message, OpenAIClient, ResponseCache
from briefer.schema import Draft
article = open({str(tmp_path / "a.txt")!r}).read()
c = OpenAIClient(base_url={openai_server.base_url!r}, api_key="sk-other-key-000000",
                 cache=ResponseCache({str(tmp_path)!r}))
req = LLMRequest(model={MODEL!r}, messages=(Message.system("You write intelligence briefs."),
                 Message.user(article)), output=Draft)
r = asyncio.run(c.complete(req))
print(r.cached, "openai" in sys.modules, "httpx2" in sys.modules)
"""
    (tmp_path / "a.txt").write_text(veldmark_article, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=30
    )
    assert out.stdout.split() == ["True", "False", "False"], out.stderr
    assert len(openai_server.requests) == 1


def test_request_key_covers_the_request_but_not_the_api_key(veldmark_article: str) -> None:
    base = draft_request(veldmark_article)
    key = request_key(base, None, "schema")
    assert len(key) == 64 and CANARY not in key
    assert key == request_key(base, "https://API.openai.com/v1/", "schema")
    variants = [
        request_key(base, "http://127.0.0.1:9/v1", "schema"),
        request_key(base, None, "object"),
        request_key(
            LLMRequest(model="gpt-4o", messages=base.messages, output=Draft), None, "schema"
        ),
        request_key(
            LLMRequest(model=MODEL, messages=base.messages, output=Extraction), None, "schema"
        ),
        request_key(draft_request(veldmark_article + " "), None, "schema"),
        request_key(LLMRequest(MODEL, base.messages, Draft, temperature=0.2), None, "schema"),
        request_key(LLMRequest(MODEL, base.messages, Draft, seed=None), None, "schema"),
        request_key(LLMRequest(MODEL, base.messages, Draft, max_tokens=100), None, "schema"),
    ]
    assert len({key, *variants}) == len(variants) + 1


# -- retries, repair, finish reasons -------------------------------------------------------
def test_429_retry_after_is_honoured(openai_server: OpenAIServer, veldmark_article: str) -> None:
    openai_server.queue(openai_server.rate_limit(retry_after=1.0))
    started = time.monotonic()
    response = run(ask(client(openai_server, max_retries=2), draft_request(veldmark_article)))
    elapsed = time.monotonic() - started

    assert response.data.title.startswith("Veldmark")
    first, second = openai_server.chat_requests
    assert second.at - first.at >= 0.95 and elapsed >= 0.95
    assert second.headers["x-stainless-retry-count"] == "1"


def test_500_is_retried_by_the_sdk(openai_server: OpenAIServer, veldmark_article: str) -> None:
    openai_server.queue(openai_server.server_error(500))
    c = client(openai_server, max_retries=1)
    run(ask(c, draft_request(veldmark_article)))
    assert len(openai_server.chat_requests) == 2 and c.usage.calls == 1


def test_rate_limit_and_server_error_after_retries(
    openai_server: OpenAIServer, veldmark_article: str
) -> None:
    openai_server.queue(openai_server.rate_limit(0.1), openai_server.rate_limit(0.1))
    message = fails(client(openai_server, max_retries=1), draft_request(veldmark_article))
    assert message.startswith(f"rate limited by {openai_server.base_url} (429) after 1 retries")

    openai_server.queue(openai_server.server_error(503))
    message = fails(client(openai_server, max_retries=0), draft_request(veldmark_article))
    assert message.startswith(f"{openai_server.base_url} failed with HTTP 503")


def test_invalid_json_gets_one_repair(
    openai_server: OpenAIServer, veldmark_article: str, tmp_path: Path
) -> None:
    good = openai_server.answer_of("veldmark_draft")
    openai_server.queue(openai_server.invalid_json("Sure! {title: oops"), openai_server.reply(good))
    cache = ResponseCache(tmp_path)
    c = client(openai_server, cache=cache)
    response = run(ask(c, draft_request(veldmark_article)))

    assert response.repaired and response.data.title.startswith("Veldmark")
    first, second = openai_server.chat_requests
    sent = second.body["messages"]
    assert sent[:2] == first.body["messages"]
    assert sent[2] == {"role": "assistant", "content": "Sure! {title: oops"}
    assert sent[3]["role"] == "user" and "not valid JSON" in sent[3]["content"]
    assert c.usage.calls == 2
    assert c.usage.prompt_tokens == response.prompt_tokens  # both calls' tokens
    # The validated (repaired) answer is what the cache keeps, under the original request.
    assert cache.get(response.key)["raw"] == good  # type: ignore[index]


def test_schema_violation_repair_carries_the_validation_error(
    openai_server: OpenAIServer, veldmark_article: str
) -> None:
    openai_server.queue(
        openai_server.reply({"title": "Strike"}),
        openai_server.reply(openai_server.answer_of("veldmark_draft")),
    )
    run(ask(client(openai_server), draft_request(veldmark_article)))
    repair = openai_server.chat_requests[1].body["messages"][-1]["content"]
    assert "bottom_line: Field required" in repair and "actors: Field required" in repair


def test_invalid_twice_is_an_error_naming_the_model(
    openai_server: OpenAIServer, veldmark_article: str, tmp_path: Path
) -> None:
    openai_server.queue(openai_server.invalid_json(), openai_server.reply({"title": 3}))
    cache = ResponseCache(tmp_path)
    message = fails(client(openai_server, cache=cache), draft_request(veldmark_article))
    assert message.startswith(f"model {MODEL} gave no valid Draft answer, even after one repair")
    assert "(try a larger model): " in message
    assert "title: Input should be a valid string" in message
    assert len(openai_server.chat_requests) == 2
    assert cache.stats().entries == 0  # only validated answers are stored


def test_truncated_answer_is_not_parsed(openai_server: OpenAIServer, veldmark_article: str) -> None:
    openai_server.queue(openai_server.truncated(completion_tokens=4096))
    message = fails(client(openai_server), draft_request(veldmark_article))
    assert message == (
        f"the answer of {MODEL} was truncated at 4096 output tokens; "
        "raise --max-output-tokens or lower --chunk-tokens"
    )
    assert len(openai_server.chat_requests) == 1  # no repair of a truncated answer


def test_refusals(openai_server: OpenAIServer, veldmark_article: str) -> None:
    openai_server.queue(openai_server.refusal("I can't help with summarising that."))
    message = fails(client(openai_server), draft_request(veldmark_article))
    assert message == f"model {MODEL} refused to answer: I can't help with summarising that."

    openai_server.queue(openai_server.reply("", finish_reason="content_filter"))
    message = fails(client(openai_server), draft_request(veldmark_article))
    assert "refused" in message and "content filter" in message


# -- transport errors ------------------------------------------------------------------------
def test_bad_key_is_one_line_without_the_key(
    openai_server: OpenAIServer, veldmark_article: str
) -> None:
    openai_server.expected_key = "sk-the-right-key-000000"
    message = fails(client(openai_server), draft_request(veldmark_article))
    assert message == "the endpoint rejected the API key (401); check OPENAI_API_KEY"
    assert len(openai_server.chat_requests) == 1  # 401 is not retried


def test_unknown_model_and_wrong_path(openai_server: OpenAIServer, veldmark_article: str) -> None:
    openai_server.queue(openai_server.model_not_found())
    message = fails(client(openai_server), draft_request(veldmark_article))
    assert message == f"model {MODEL} not found at {openai_server.base_url}"

    wrong = openai_server.base_url.removesuffix("/v1") + "/api"
    message = fails(client(wrong), draft_request(veldmark_article))
    assert message == f"{wrong} has no chat completions API (404); check --base-url"


def test_bad_request_is_short_scrubbed_and_hints(
    openai_server: OpenAIServer, veldmark_article: str
) -> None:
    openai_server.queue(
        openai_server.error(
            400,
            "Invalid parameter: 'response_format' of type 'json_schema' is not supported "
            f"with this model.\nYour key {CANARY} was fine. " + "x" * 400,
        )
    )
    message = fails(client(openai_server), draft_request(veldmark_article))
    assert message.startswith(f"{openai_server.base_url} rejected the request for {MODEL} (400):")
    assert message.endswith("; try --json-mode object")


def test_connection_refused(closed_port_url: str, veldmark_article: str) -> None:
    message = fails(client(closed_port_url, max_retries=0), draft_request(veldmark_article))
    assert message == f"cannot reach {closed_port_url}: connection refused"


def test_timeout(openai_server: OpenAIServer, veldmark_article: str) -> None:
    openai_server.queue(openai_server.slow(30.0))  # stopping the server cuts the wait short
    started = time.monotonic()
    message = fails(
        client(openai_server, max_retries=0, timeout=0.3), draft_request(veldmark_article)
    )
    assert message == f"no answer from {openai_server.base_url} within 0.3s (see --timeout)"
    assert time.monotonic() - started < 10  # gave up long before the answer came


def test_no_key_for_openai_itself_fails_before_any_request(veldmark_article: str) -> None:
    c = OpenAIClient(base_url=None, api_key=None)
    with pytest.raises(EngineError, match="no API key"):
        run(ask(c, draft_request(veldmark_article)))


def test_bad_settings_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        OpenAIClient(base_url=None, api_key="k", json_mode="xml")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        OpenAIClient(base_url=None, api_key="k", concurrency=0)


def test_concurrency_is_bounded(openai_server: OpenAIServer, veldmark_article: str) -> None:
    openai_server.queue(*(openai_server.slow(0.2) for _ in range(6)))
    c = client(openai_server, concurrency=2)

    async def six() -> None:
        requests = [draft_request(veldmark_article, f"system {i}") for i in range(6)]
        await asyncio.gather(*(c.complete(r) for r in requests))
        await c.aclose()

    started = time.monotonic()
    run(six())
    assert openai_server.max_in_flight == 2
    assert time.monotonic() - started >= 0.55
    assert c.usage.calls == 6


def test_settle_returns_once_the_requests_are_sent_not_answered(
    openai_server: OpenAIServer, veldmark_article: str
) -> None:
    """Work that can wait runs while the model works: settle() returns when the calls that
    hold a slot have written their requests, long before the slow answers come back."""
    openai_server.queue(*(openai_server.slow(1.0) for _ in range(3)))
    c = client(openai_server, concurrency=2)

    async def three() -> tuple[int, int, int, int]:
        requests = [draft_request(veldmark_article, f"system {i}") for i in range(3)]
        calls = [asyncio.ensure_future(c.complete(r)) for r in requests]
        await asyncio.sleep(0)
        preparing = c.preparing  # both slots taken, nothing written yet
        await c.settle()
        after, done = c.preparing, sum(t.done() for t in calls)
        await asyncio.sleep(0.3)
        seen = len(openai_server.chat_requests)
        await asyncio.gather(*calls)
        await c.aclose()
        return preparing, after, done, seen

    preparing, after, done, seen = run(three())
    assert (preparing, after, done) == (2, 0, 0)
    assert seen == 2  # the third call waits for a slot


# -- the API key goes nowhere --------------------------------------------------------------
def test_canary_key_appears_in_no_cache_recording_or_error(
    openai_server: OpenAIServer, veldmark_article: str, tmp_path: Path
) -> None:
    cache_dir, record_dir = tmp_path / "cache", tmp_path / "rec"
    openai_server.queue(
        openai_server.reply(f"I was told {CANARY} but here: {{"),  # bad answer echoing the key
        openai_server.reply(openai_server.answer_of("veldmark_draft")),
    )
    c = client(openai_server, cache=ResponseCache(cache_dir), record_dir=record_dir)
    run(ask(c, draft_request(veldmark_article)))
    openai_server.queue(openai_server.unauthorized(echo_key=True))
    fails(client(openai_server, record_dir=record_dir), draft_request(veldmark_article, "again"))

    # The key really went over the wire (so the checks below can fail) ...
    assert all(r.headers["authorization"] == f"Bearer {CANARY}" for r in openai_server.requests)
    # ... and is nowhere on disk.
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name.endswith(".sqlite3") for p in files) and len(list(record_dir.iterdir())) == 2
    for path in files:
        data = path.read_bytes()
        assert CANARY.encode() not in data and b"canary" not in data, path
        assert b"Bearer" not in data and b"authorization" not in data.lower(), path


def test_record_dir_files_replay_in_a_fresh_server(
    openai_server: OpenAIServer, veldmark_article: str, tmp_path: Path
) -> None:
    first = run(ask(client(openai_server, record_dir=tmp_path), draft_request(veldmark_article)))
    [path] = tmp_path.iterdir()
    assert path.name == f"{first.key}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["response"]["id"] == "chatcmpl-Bv3kq9Xw1dYl0aTz8mF2pRr7sJc4N"
    assert set(record["match"]) == {"model", "schema", "messages_sha256"}

    with OpenAIServer(recordings=None) as fresh:  # knows only the new recording
        fresh.add_recording(path)
        again = run(ask(client(fresh), draft_request(veldmark_article)))
        assert again.data == first.data and len(fresh.chat_requests) == 1
        fails(client(fresh), draft_request(veldmark_article, "a different prompt"))


# -- json modes and parsing ----------------------------------------------------------------
@pytest.mark.parametrize("mode", ["object", "prompt"])
def test_fallback_json_modes_put_the_schema_in_the_prompt(
    openai_server: OpenAIServer, veldmark_article: str, mode: str
) -> None:
    response = run(ask(client(openai_server, json_mode=mode), draft_request(veldmark_article)))
    assert response.data.title.startswith("Veldmark")
    [seen] = openai_server.chat_requests
    if mode == "object":
        assert seen.body["response_format"] == {"type": "json_object"}
    else:
        assert "response_format" not in seen.body
    system = seen.body["messages"][0]
    assert system["role"] == "system"
    assert system["content"].startswith("You write intelligence briefs.\n\n")
    assert (
        "(named Draft)" in system["content"] and '"additionalProperties":false' in system["content"]
    )
    assert len(seen.body["messages"]) == 2


def test_prompt_mode_adds_a_system_message_when_there_is_none(
    openai_server: OpenAIServer, veldmark_article: str
) -> None:
    request = LLMRequest(
        model=MODEL,
        messages=[{"role": "user", "content": veldmark_article}],  # type: ignore[arg-type]
        output=Draft,
    )
    assert request.messages == (Message.user(veldmark_article),)  # dicts are accepted
    run(ask(client(openai_server, json_mode="prompt"), request))
    roles = [m["role"] for m in openai_server.chat_requests[0].body["messages"]]
    assert roles == ["system", "user"]


def test_fenced_answer_with_prose_is_accepted_without_repair(
    openai_server: OpenAIServer, veldmark_article: str
) -> None:
    good = openai_server.answer_of("veldmark_draft")
    openai_server.queue(
        openai_server.reply(f"Here is the brief:\n```json\n{good}\n```\nHope it helps!")
    )
    response = run(ask(client(openai_server, json_mode="prompt"), draft_request(veldmark_article)))
    assert not response.repaired and len(openai_server.chat_requests) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('  \n```json\n{"a": [1, 2]}\n```  ', {"a": [1, 2]}),
        ('```\n{"a": "}"}\n```', {"a": "}"}),
        ('Sure, here it is: {"a": {"b": null}} Let me know!', {"a": {"b": None}}),
        ('Answer:\n```JSON\n{"a": 1}\n```\nand ```other``` text', {"a": 1}),
    ],
)
def test_extract_json_tolerates_fences_and_prose(text: str, expected: Any) -> None:
    assert extract_json(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "no json here", "{broken", '```json\n{"a":\n```'])
def test_extract_json_rejects_non_json(text: str) -> None:
    with pytest.raises(AnswerError):
        extract_json(text)


def test_parse_answer_reports_the_first_problem_briefly() -> None:
    with pytest.raises(AnswerError) as info:
        parse_answer('{"title": 1, "outlook": "x"}', Draft)
    assert info.value.problem.startswith("the answer does not match the Draft schema: title:")
    assert "(and 6 more)" in info.value.problem
    with pytest.raises(AnswerError, match="not an object"):
        parse_answer("[1, 2]", Draft)


# -- strict schema -------------------------------------------------------------------------
def assert_strict(schema: dict[str, Any]) -> None:
    """What OpenAI's strict mode demands, checked over the whole schema."""
    defs = schema.get("$defs", {})
    assert schema["type"] == "object"

    def walk(node: Any, path: str) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]")
            return
        if not isinstance(node, dict):
            return
        assert "default" not in node and "title" not in node, path
        if "$ref" in node:
            assert set(node) == {"$ref"}, f"{path}: $ref with siblings"
            assert node["$ref"].removeprefix("#/$defs/") in defs, path
        if node.get("type") == "object" or "properties" in node:
            assert node.get("additionalProperties") is False, path
            assert sorted(node.get("required", [])) == sorted(node.get("properties", {})), path
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for name, sub in value.items():
                    walk(sub, f"{path}.{name}")
            elif key in ("items", "anyOf", "allOf", "oneOf"):
                walk(value, f"{path}.{key}")

    walk(schema, "$")


class _Inner(BaseModel):
    label: str = "x"


class _Loose(BaseModel):
    """A model written without strict mode in mind."""

    name: str = Field(default="n", title="Name", description="kept")
    count: int | None = None
    inner: _Inner = Field(description="a ref with a sibling")
    inners: list[_Inner] = []


@pytest.mark.parametrize("model", [Draft, Extraction, Synthesis, _Loose])
def test_strict_schema_passes_the_strict_checker(model: type[BaseModel]) -> None:
    schema = strict_schema(model)
    assert_strict(schema)
    assert json.loads(json.dumps(schema)) == schema


def test_strict_schema_keeps_descriptions_and_nullables() -> None:
    schema = strict_schema(_Loose)
    props = schema["properties"]
    assert props["name"] == {"description": "kept", "type": "string"}
    assert props["count"] == {"anyOf": [{"type": "integer"}, {"type": "null"}]}
    assert props["inner"]["description"] == "a ref with a sibling"
    assert props["inner"]["required"] == ["label"]  # inlined, made strict
    actor = strict_schema(Draft)["$defs"]["Actor"]["properties"]
    assert actor["role"]["anyOf"] == [{"type": "string"}, {"type": "null"}]


def _keys(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_keys(n) for n in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    return set(node).union(*(_keys(v) for v in node.values()))


@pytest.mark.parametrize("model", [Draft, Extraction, Synthesis])
def test_bounds_reach_the_grammar_and_openai_gets_only_its_subset(model: type[BaseModel]) -> None:
    """Lists are bounded for every endpoint; string lengths only where a grammar reads them."""
    for_openai, for_grammar = strict_schema(model), strict_schema(model, lengths=True)
    assert "maxItems" in _keys(for_openai) and "maxLength" not in _keys(for_openai)
    assert "maxLength" in _keys(for_grammar)
    assert_strict(for_grammar)


def test_string_bounds_sit_on_the_string_branch_of_a_nullable() -> None:
    actor = strict_schema(Draft, lengths=True)["$defs"]["Actor"]["properties"]
    assert actor["role"]["anyOf"] == [{"maxLength": 160, "type": "string"}, {"type": "null"}]
    assert actor["aliases"]["maxItems"] == 3 and actor["aliases"]["items"]["maxLength"] == 80
    # bounds are for the model's grammar, not for validation: a long answer still parses
    Actor.model_validate(
        {"name": "N" * 500, "aliases": ["a"] * 9, "kind": "person", "role": None, "stance": None}
    )


def test_checker_catches_a_lax_schema() -> None:
    with pytest.raises(AssertionError):
        assert_strict(Draft.model_json_schema())  # titles left in
    lax = strict_schema(Draft)
    lax["$defs"]["Claim"]["required"].remove("hedging")
    with pytest.raises(AssertionError):
        assert_strict(lax)


def test_scrub_removes_keys_and_bearer_tokens() -> None:
    text = f"key {CANARY} auth Bearer abc.def other sk-proj-ABCDEFGH1234 masked sk-canar*****XYZ"
    out = scrub(text, [CANARY])
    assert "canary" not in out and "abc.def" not in out and "ABCDEFGH" not in out
    assert "canar*" not in out


def test_an_unreadable_cache_warns_once_and_asks_the_model(
    openai_server: OpenAIServer, veldmark_article: str, tmp_path: Path
) -> None:
    damaged = tmp_path / "responses.sqlite3"
    damaged.write_bytes(b"this is not a SQLite database, just bytes " * 100)
    warnings: list[str] = []
    c = client(openai_server, cache=ResponseCache(damaged), warn=warnings.append)
    first = run(ask(c, draft_request(veldmark_article)))
    second = run(ask(c, draft_request(veldmark_article, "Other system.")))
    assert not first.cached and not second.cached
    assert len(openai_server.chat_requests) == 2
    assert len(warnings) == 1
    assert "cannot be read from the cache" in warnings[0] and "delete it" in warnings[0]
