"""The context window a local server reports, and the chunk size that fits in it.

llama.cpp says it in `/props` (`default_generation_settings.n_ctx`, per slot), vLLM as
`max_model_len` in `/v1/models`; llama.cpp's `/v1/models` also carries `meta.n_ctx`. Servers
that say nothing (Ollama, OpenAI) keep the configured chunk size. Only stdlib HTTP here:
two small GETs before the first call must not import the SDK.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefer.llm.cache import ResponseCache

log = logging.getLogger("briefer.llm")

PROBE_TIMEOUT = 3.0
PROMPT_OVERHEAD = 600
"""cl100k tokens of system prompt, instructions and delimiters around a chunk (533 measured
for the one-chunk prompt, 456 for a map call), with room to spare."""
SCHEMA_OVERHEAD = 700
"""More for the schema written into the prompt (--json-mode object or prompt; 664 measured
for the one-chunk answer's schema)."""
TOKENIZER_MARGIN = 1.3
"""Local models' tokenizers count up to about a quarter more tokens than cl100k for the
same English text (SmolLM2: 1.15 to 1.2); chunks are counted in cl100k."""

Fetch = Callable[[str], Any]


def _get_json(url: str) -> Any:
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT) as answer:
        return json.load(answer)


def _root(base_url: str) -> str:
    base = base_url.rstrip("/")
    return base[: -len("/v1")] if base.endswith("/v1") else base


def _positive(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def from_props(body: Any) -> int | None:
    """llama.cpp's `/props`: the context of one slot, which is what one request gets."""
    if isinstance(body, dict):
        settings = body.get("default_generation_settings")
        if isinstance(settings, dict):
            return _positive(settings.get("n_ctx"))
    return None


def from_models(body: Any) -> int | None:
    """`/v1/models`: vLLM's `max_model_len`, or llama.cpp's `meta.n_ctx`."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        return None
    for model in data:
        if not isinstance(model, dict):
            continue
        found = _positive(model.get("max_model_len"))
        meta = model.get("meta")
        if found is None and isinstance(meta, dict):
            found = _positive(meta.get("n_ctx"))
        if found is not None:
            return found
    return None


def server_context(base_url: str, fetch: Fetch = _get_json) -> tuple[int | None, bool]:
    """The context window (tokens) the server at `base_url` reports, or None; and whether
    a server answered at all (what nobody answered for is worth asking again next run)."""
    probes: tuple[tuple[str, Callable[[Any], int | None]], ...] = (
        (f"{_root(base_url)}/props", from_props),
        (f"{base_url.rstrip('/')}/models", from_models),
    )
    import urllib.error

    for url, read in probes:
        try:
            found = read(fetch(url))
        except urllib.error.HTTPError as exc:  # the server is there, without this route
            log.debug("no context size from %s: %s", url, exc)
            continue
        except (OSError, ValueError) as exc:  # nobody there, or not JSON: ask no more
            log.debug("no context size from %s: %s", url, exc)
            return None, not isinstance(exc, OSError)
        if found is not None:
            return found, True
    return None, True


def fitting_chunk_tokens(n_ctx: int, max_output_tokens: int, schema_in_prompt: bool) -> int:
    """The largest chunk (cl100k tokens) whose prompt and answer fit in `n_ctx`.

    The answer gets at most a third of the window: briefer's answers are bounded by their
    schema and rarely need more, and a window spent on output leaves no room for input.
    """
    reserve = min(max_output_tokens, n_ctx // 3)
    overhead = PROMPT_OVERHEAD + (SCHEMA_OVERHEAD if schema_in_prompt else 0)
    return int((n_ctx - reserve) / TOKENIZER_MARGIN) - overhead


def known_context(
    base_url: str,
    endpoint: str,
    cache: ResponseCache | None,
    refresh: bool = False,
    remember: bool = True,
) -> int | None:
    """`server_context`, remembered in the response cache when a server answered (also
    when it said nothing about its context). `remember=False` (a dry run) writes nothing."""
    from briefer.llm.cache import CacheError

    key = hashlib.sha256(f"briefer-context\n{endpoint}".encode()).hexdigest()
    if cache is not None and not refresh:
        try:
            hit = cache.get_split(key)  # kept beside the answers, not among them
        except CacheError:
            hit = None
        if hit is not None and "n_ctx" in hit:
            return _positive(hit["n_ctx"])
    n_ctx, answered = server_context(base_url)
    if cache is not None and answered and remember:
        try:
            cache.put_split(key, {"n_ctx": n_ctx, "endpoint": endpoint})
        except CacheError as exc:
            log.debug("context size not cached: %s", exc)
    return n_ctx
