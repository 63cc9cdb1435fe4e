"""Streamed answers (every --json-mode) over a real socket: read whole, usage
from the server's last chunk, a looping answer stopped early and reported in one line, and
servers that do not stream, or stream something else."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from openai_server import OpenAIServer, completion_body, sse_chunks
from test_cli import run as brief_cli
from test_llm_client import CANARY, ask, client, draft_request, fails, run

LOOP = '{"title": "Ferry", "actors": [' + '{"name": "Mara Velt", "role": "Mara Velt"}, ' * 2000


@pytest.mark.parametrize("mode", ["schema", "object", "prompt"])
def test_a_streamed_answer_is_read_whole_with_the_servers_usage(
    openai_server: OpenAIServer, veldmark_article: str, mode: str
) -> None:
    c = client(openai_server, json_mode=mode)
    response = run(ask(c, draft_request(veldmark_article)))
    [seen] = openai_server.chat_requests
    assert seen.body["stream"] is True
    assert seen.body["stream_options"] == {"include_usage": True}
    recorded = openai_server.recordings["veldmark_draft"].response
    assert response.raw == openai_server.answer_of("veldmark_draft")
    assert response.completion_tokens == recorded["usage"]["completion_tokens"]
    assert response.prompt_tokens == recorded["usage"]["prompt_tokens"]
    assert c.usage.calls == 1 and not response.repaired


@pytest.mark.parametrize("mode", ["schema", "object", "prompt"])
def test_a_looping_answer_is_stopped_early_and_not_repaired(
    openai_server: OpenAIServer, veldmark_article: str, mode: str
) -> None:
    openai_server.queue(openai_server.reply(LOOP, completion_tokens=4096, finish_reason="length"))
    c = client(openai_server, json_mode=mode)
    message = fails(c, draft_request(veldmark_article))
    assert "kept repeating itself" in message and "--max-items" in message
    assert ("--json-mode schema" in message) == (mode != "schema")
    assert "a larger model" in message
    assert len(openai_server.chat_requests) == 1  # no repair of a loop
    # pieces of 4 characters: counted as tokens since the server never sent its usage
    assert c.usage.calls == 1 and 0 < c.usage.completion_tokens <= 250
    assert c.usage.prompt_tokens > 100  # the prompt, counted here
    assert f"after {c.usage.completion_tokens} output tokens" in message


def test_a_server_that_answers_a_stream_request_whole_is_read(
    openai_server: OpenAIServer, veldmark_article: str
) -> None:
    good = openai_server.answer_of("veldmark_draft")
    body = completion_body(good, prompt_tokens=321, completion_tokens=123)
    openai_server.queue(openai_server.raw(200, json.dumps(body).encode()))
    c = client(openai_server, json_mode="object")
    response = run(ask(c, draft_request(veldmark_article)))
    assert response.raw == good and (response.prompt_tokens, response.completion_tokens) == (
        321,
        123,
    )


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ('data: {"error": {"message": "slot unavailable"}}\n\n', "slot unavailable"),
        ("data: not json at all\n\n", "not a chat completion"),
    ],
    ids=["error-event", "garbage"],
)
def test_a_broken_stream_is_one_line(
    openai_server: OpenAIServer, veldmark_article: str, events: str, expected: str
) -> None:
    head = sse_chunks(completion_body('{"title": '), include_usage=False).split(b"data: [DONE]")[0]
    payload = head + events.encode() + f"data: {CANARY}\n\n".encode()
    openai_server.queue(
        openai_server.raw(200, payload, headers={"content-type": "text/event-stream"})
    )
    message = fails(client(openai_server, json_mode="object"), draft_request(veldmark_article))
    assert expected in message


def test_a_streamed_answer_is_recorded_whole_and_replays(
    openai_server: OpenAIServer, veldmark_article: str, tmp_path: Path
) -> None:
    c = client(openai_server, json_mode="prompt", record_dir=tmp_path)
    first = run(ask(c, draft_request(veldmark_article)))
    [path] = tmp_path.glob("*.json")
    record = json.loads(path.read_text())
    assert record["response"]["streamed"] is True
    assert record["response"]["choices"][0]["message"]["content"] == first.raw
    with OpenAIServer(recordings=None) as fresh:
        fresh.add_recording(path)
        again = run(ask(client(fresh, json_mode="prompt"), draft_request(veldmark_article)))
        assert again.data == first.data


def test_brief_with_a_looping_model_is_one_line_and_costs_little(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Ferry halted\n\nThe ferry did not sail on Monday, the operator said.\n")
    openai_server.queue(openai_server.reply(LOOP, completion_tokens=4096, finish_reason="length"))
    proc = brief_cli(
        tmp_path, str(article), "--base-url", openai_server.base_url, "--json-mode", "object"
    )
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert lines[0].startswith("brief: error: ") and "kept repeating itself" in lines[0]
    assert len(openai_server.chat_requests) == 1


def test_a_stream_past_the_output_limit_is_cut_off_as_truncated(
    openai_server: OpenAIServer, veldmark_article: str
) -> None:
    """A server that ignores max_tokens and streams text that never repeats."""
    endless = json.dumps({"title": " ".join(f"word{i}" for i in range(20_000))})
    openai_server.queue(openai_server.reply(endless, completion_tokens=5))
    request = dataclasses.replace(draft_request(veldmark_article), max_tokens=50)
    c = client(openai_server, json_mode="object")
    message = fails(c, request)
    assert "truncated" in message and "--max-output-tokens" in message
    assert len(openai_server.chat_requests) == 1
    assert c.usage.completion_tokens <= 50 * 32 // 4 + 1  # pieces read, not the whole stream
