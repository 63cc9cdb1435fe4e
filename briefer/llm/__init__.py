"""The LLM layer: an OpenAI-compatible client with structured output and a response cache.

Importing this package does not import the openai SDK; the client does that on its first
cache miss.
"""

from briefer.llm.cache import (
    CacheEntry,
    CacheError,
    CacheStats,
    ResponseCache,
    default_cache_dir,
    normalise_endpoint,
    request_key,
)
from briefer.llm.client import OpenAIClient
from briefer.llm.structured import AnswerError, extract_json, parse_answer, strict_schema
from briefer.llm.types import JsonMode, LLMRequest, LLMResponse, Message, messages_digest

__all__ = [
    "AnswerError",
    "CacheEntry",
    "CacheError",
    "CacheStats",
    "JsonMode",
    "LLMRequest",
    "LLMResponse",
    "Message",
    "OpenAIClient",
    "ResponseCache",
    "default_cache_dir",
    "extract_json",
    "messages_digest",
    "normalise_endpoint",
    "parse_answer",
    "request_key",
    "strict_schema",
]
