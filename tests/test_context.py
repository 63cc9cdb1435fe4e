"""The context window a server reports, the chunk size that follows it, and the one line a
user sees when a chunk does not fit (llama.cpp and vLLM wordings, replayed over HTTP)."""

from __future__ import annotations

import json
import urllib.error
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from openai_server import OpenAIServer, Reply, Step
from test_cli import run

from briefer.llm.context import (
    fitting_chunk_tokens,
    from_models,
    from_props,
    server_context,
)

LLAMA_PROPS = {"default_generation_settings": {"n_ctx": 4096}, "total_slots": 1}
VLLM_MODELS = {"object": "list", "data": [{"id": "qwen", "max_model_len": 32768}]}
LLAMA_MODELS = {"data": [{"id": "smollm2", "meta": {"n_ctx": 8192, "n_ctx_train": 8192}}]}


def test_readers_take_what_each_server_reports() -> None:
    assert from_props(LLAMA_PROPS) == 4096
    assert from_models(VLLM_MODELS) == 32768
    assert from_models(LLAMA_MODELS) == 8192
    for nothing in (None, [], {}, {"data": [{"id": "gpt"}]}, {"default_generation_settings": 7}):
        assert from_props(nothing) is None and from_models(nothing) is None
    assert from_models({"data": [{"max_model_len": True}]}) is None  # a bool is no size


def test_props_first_then_models_and_a_dead_server_is_asked_once() -> None:
    asked: list[str] = []

    def fetch(url: str) -> Any:
        asked.append(url)
        if url.endswith("/props"):
            raise OSError("connection refused")
        return VLLM_MODELS

    assert server_context("http://127.0.0.1:9/v1", fetch) == (None, False)
    assert asked == ["http://127.0.0.1:9/props"]
    asked.clear()

    def missing_props(url: str) -> Any:
        asked.append(url)
        if url.endswith("/props"):
            raise urllib.error.HTTPError(url, 404, "Not Found", Message(), None)
        return VLLM_MODELS

    assert server_context("http://127.0.0.1:9/v1", missing_props) == (32768, True)
    assert len(asked) == 2


def test_fitting_chunks_leave_room_for_prompt_schema_and_answer() -> None:
    for n_ctx in (2048, 4096, 8192, 32768):
        for in_prompt in (False, True):
            chunk = fitting_chunk_tokens(n_ctx, 4096, in_prompt)
            overhead = 600 + (700 if in_prompt else 0)
            # the chunk and the prompt around it, in a tokenizer 30% hungrier than cl100k,
            # leave the answer its 4,096 tokens, or a third of a window too small for that
            assert (chunk + overhead) * 1.3 <= n_ctx - min(4096, n_ctx // 3) + 1
    assert fitting_chunk_tokens(4096, 4096, True) < fitting_chunk_tokens(4096, 4096, False)
    assert fitting_chunk_tokens(8192, 512, False) > fitting_chunk_tokens(8192, 4096, False)


def _props(n_ctx: int) -> Step:
    body = {"default_generation_settings": {"n_ctx": n_ctx}}
    return Step(lambda req: Reply(200, body), 0.0, lambda req: req.path == "/props", "props")


def test_dry_run_chunks_follow_the_servers_context(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    article = tmp_path / "long.txt"
    article.write_text("Headline\n\n" + "\n\n".join(f"Paragraph {i}. " * 60 for i in range(40)))
    openai_server.queue(_props(4096))
    proc = run(tmp_path, str(article), "--dry-run", "--base-url", openai_server.base_url)
    assert proc.returncode == 0, proc.stderr
    assert "chunks of 1,500 tokens, to fit the server's context of 4,096 tokens" in proc.stderr
    assert "chunks of 1,500 tokens" in proc.stdout
    assert not openai_server.chat_requests
    cache = tmp_path / "cache"
    assert not cache.exists() or not any(cache.iterdir()), "a dry run writes nothing"


def test_given_chunk_tokens_and_silent_servers_keep_their_size(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nOne short paragraph.\n")
    openai_server.queue(_props(4096))
    given = run(
        tmp_path,
        str(article),
        "--dry-run",
        "--base-url",
        openai_server.base_url,
        "--chunk-tokens",
        "3000",
    )
    assert "chunks of 3,000 tokens" in given.stdout and "to fit" not in given.stderr
    assert openai_server.pending, "a size given by the user needs no look at the server"
    openai_server.reset()
    silent = run(tmp_path, str(article), "--dry-run", "--base-url", openai_server.base_url)
    assert "chunks of 6,000 tokens" in silent.stdout and "to fit" not in silent.stderr


def test_a_tiny_context_is_a_usage_error(openai_server: OpenAIServer, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nOne short paragraph.\n")
    openai_server.queue(_props(1024))
    proc = run(tmp_path, str(article), "--base-url", openai_server.base_url)
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "1,024 tokens" in proc.stderr and "--chunk-tokens" in proc.stderr
    assert not openai_server.chat_requests


@pytest.mark.parametrize(
    "body",
    [
        {  # llama.cpp
            "error": {
                "code": 400,
                "message": "the request exceeds the available context size, try increasing it",
                "type": "exceed_context_size_error",
                "n_prompt_tokens": 5120,
                "n_ctx": 4096,
            }
        },
        {  # vLLM
            "object": "error",
            "message": "This model's maximum context length is 4096 tokens. However, you "
            "requested 5120 tokens in the messages. Please reduce the length of the messages.",
            "type": "BadRequestError",
            "code": 400,
        },
    ],
    ids=["llama.cpp", "vllm"],
)
def test_a_chunk_over_the_context_is_one_line_naming_chunk_tokens(
    openai_server: OpenAIServer, tmp_path: Path, body: dict[str, Any]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nOne short paragraph.\n")
    raw = json.loads(json.dumps(body))
    openai_server.queue(openai_server.raw(400, raw))
    proc = run(tmp_path, str(article), "--base-url", openai_server.base_url, "--model", "m")
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert "larger than the context window of m" in lines[0]
    assert "lower --chunk-tokens" in lines[0]
    if "n_ctx" in json.dumps(body):
        assert "(5,120 prompt tokens, context 4,096)" in lines[0]
