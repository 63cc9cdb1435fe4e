"""What `briefer extract` prints: the text briefer reads, with the ¶ numbers memos cite."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from briefer.source import Document


def numbered(doc: Document) -> str:
    """Each paragraph after its ¶ number, blank lines between: a memo's "¶4" is the block
    that starts with "¶4"."""
    blocks = [f"¶{n} {doc.text[start:end]}" for n, (start, end) in enumerate(doc.paragraphs, 1)]
    return "\n\n".join(blocks) + "\n"


def as_json(doc: Document) -> str:
    data: dict[str, Any] = {
        "path": doc.name,
        "origin": None if doc.origin is None else dataclasses.asdict(doc.origin),
        "sha256": doc.sha256,
        "text_sha256": doc.text_sha256,
        "title": doc.title,
        "published": doc.published,
        "author": doc.author,
        "words": doc.words,
        "paragraphs": [
            {"n": n, "start": start, "end": end, "text": doc.text[start:end]}
            for n, (start, end) in enumerate(doc.paragraphs, 1)
        ],
        "text": doc.text,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
