"""Cutting a long document in a forked child while this process imports the openai SDK.

Before its first request, an uncached run of a long document must load the tokenizer and
cut the text (about 0.2 s on two cores) and import the SDK (about 0.4 s). Neither needs the
other: a child process cuts while the parent imports, and the child's offsets and counts
come back through a pipe. The child, done first, also prepares what the parent would do
next (`prepare`: the first round's prompts, rendered), so the parent sends sooner.
Without fork (any system but Linux), on one core, or when the child fails for any reason,
nothing is returned and the caller cuts the text itself (and meets any error there, as it
always did).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from briefer.chunking import Chunk, count_tokens, split


def split_while(
    text: str,
    chunk_tokens: int,
    overlap: int,
    meanwhile: Callable[[], object],
    prepare: Callable[[list[Chunk]], dict[str, str]] | None = None,
) -> dict[str, Any] | None:
    """`split` of `text` as {"chunks": [[start, end, core_start, core_end, tokens], ...],
    "tokens": the whole text's count, "prepared": `prepare(chunks)`}, made in a child while
    `meanwhile()` runs here. A `prepare` that fails leaves "prepared" out, nothing else."""
    if sys.platform != "linux" or (os.cpu_count() or 1) < 2:
        return None
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: cut, answer, and leave without running any exit handler
        code = 1
        try:
            os.close(read_end)
            chunks = split(text, chunk_tokens, overlap)
            spans = [[c.start, c.end, c.core_start, c.core_end, c.tokens] for c in chunks]
            answer: dict[str, Any] = {"chunks": spans, "tokens": count_tokens(text)}
            if prepare is not None:
                with contextlib.suppress(Exception):  # the parent makes them itself
                    answer["prepared"] = prepare(chunks)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(json.dumps(answer).encode("utf-8"))
            code = 0
        except BaseException:  # any failure: the parent cuts the text itself
            pass
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        meanwhile()
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
    except BaseException:
        _end(pid, signal.SIGKILL)
        raise
    if _end(pid) != 0:
        return None
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _end(pid: int, sig: int | None = None) -> int:
    """Reap the child (killing it first with `sig`); its exit status."""
    if sig is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    _, status = os.waitpid(pid, 0)
    return status
