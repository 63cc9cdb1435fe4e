"""The request and answer values the LLM layer trades in: frozen, hashable, SDK-free."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from briefer.schema import Model

T = TypeVar("T", bound=Model)

Role = Literal["system", "user", "assistant"]
JsonMode = Literal["schema", "object", "prompt"]
JSON_MODES: tuple[JsonMode, ...] = ("schema", "object", "prompt")


@dataclass(frozen=True)
class Message:
    """One chat message. Frozen so requests can be hashed and cached."""

    role: Role
    content: str

    @classmethod
    def system(cls, content: str) -> Message:
        return cls("system", content)

    @classmethod
    def user(cls, content: str) -> Message:
        return cls("user", content)

    @classmethod
    def assistant(cls, content: str) -> Message:
        return cls("assistant", content)

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


def as_messages(messages: Iterable[Message | Mapping[str, Any]]) -> tuple[Message, ...]:
    """Accept `Message`s or `{"role", "content"}` mappings; reject anything else early."""
    out = []
    for m in messages:
        if isinstance(m, Message):
            out.append(m)
            continue
        role, content = m.get("role"), m.get("content")
        if role not in ("system", "user", "assistant") or not isinstance(content, str):
            raise TypeError(f"not a chat message: {dict(m)!r:.80}")
        out.append(Message(role, content))
    return tuple(out)


def messages_digest(messages: Iterable[Message | Mapping[str, Any]]) -> str:
    """sha256 of the canonical JSON of the messages' roles and contents.

    The recorded-response server matches recordings to requests with it, so it must not
    depend on anything but what goes over the wire.
    """
    data = [m.as_dict() for m in as_messages(messages)]
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def canonical_json(value: Any) -> str:
    """One spelling of a JSON value: sorted keys, no whitespace, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class LLMRequest(Generic[T]):
    """One structured question to a model; `output` is the pydantic model the answer must fit.

    `messages` may be given as a list of dicts; it is stored as a tuple of `Message`.
    """

    model: str
    messages: tuple[Message, ...]
    output: type[T]
    temperature: float = 0.0
    seed: int | None = 0
    max_tokens: int = 4096
    max_items: int | None = None
    """The most items the memo shows per list: the schema allows no more (--max-items)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "messages", as_messages(self.messages))
        if not self.messages:
            raise ValueError("an LLMRequest needs at least one message")
        if self.max_tokens < 1:
            raise ValueError("max_tokens must be positive")


@dataclass(frozen=True)
class LLMResponse(Generic[T]):
    """A validated answer. Token counts are those of the answer, even when it came from cache."""

    data: T
    raw: str
    finish_reason: str
    prompt_tokens: int
    completion_tokens: int
    cached: bool
    model: str | None = None
    """The model name the endpoint reported (may differ from the requested alias)."""
    repaired: bool = False
    """True when the first answer failed validation and the repair answer is this one."""
    key: str = field(default="", compare=False)
    """The cache key of the request."""
