"""Word files (.docx): paragraphs, headings and table rows in document order (python-docx)."""

from __future__ import annotations

import io
from typing import Any

from briefer.errors import InputError
from briefer.readers import Extracted, needs


def read_docx(data: bytes, name: str) -> Extracted:
    docx = needs("docx", "Word files", name)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document))
        props = document.core_properties
        title, author, created = props.title, props.author, props.created
    except Exception:  # a damaged zip, a missing part, bad XML: python-docx raises many kinds
        raise InputError(f"{name}: not a readable Word file (damaged, or not .docx)") from None
    published = created.date().isoformat() if created is not None else None
    return Extracted("\n\n".join(blocks), _clean(title) or None, published, _clean(author) or None)


def _blocks(document: Any) -> Any:
    """Each non-empty paragraph or heading, and each table row as its cells joined by " | "."""
    for item in document.iter_inner_content():
        if hasattr(item, "rows"):
            for row in item.rows:
                cells = [_clean(cell.text) for cell in row.cells]
                unique = [c for i, c in enumerate(cells) if c and c not in cells[:i]]
                if unique:
                    yield " | ".join(unique)
        else:
            text = _clean(item.text)
            if text:
                yield text


def _clean(value: str | None) -> str:
    return " ".join(value.split()) if value else ""
