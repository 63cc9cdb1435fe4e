"""Text from outside (servers, models, file names) made inert before a terminal sees it.

A server's error message, a model's refusal or a file's name may hold escape sequences
(clear the screen, retitle the window), bidi overrides that reorder what a line shows, or a
newline that fakes a line of our own. Each such character is shown as an escape instead.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys

from briefer.errors import OutputError

_UNSAFE = "\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff"
_UNSAFE_TEXT = re.compile(f"[\x00-\x1f{_UNSAFE}]")
_UNSAFE_JSON = re.compile(f"[{_UNSAFE}]")
"""In JSON text from `json.dumps`, C0 controls are escaped already (the raw newlines left
are its own indentation)."""


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """`text` with control, format and bidi characters (newlines too) shown as escapes."""
    return _UNSAFE_TEXT.sub(_escape, text)


def inert_json(text: str) -> str:
    """JSON text with the same characters written as `\\uXXXX` escapes: the same data for
    a parser, nothing live for a terminal that shows it."""
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_stdout(text: str) -> None:
    """Write `text` to stdout and flush it; a closed or failing stdout (`>&-`,
    `> /dev/full`, a closed pipe) is an OutputError, not a traceback."""
    stream = sys.stdout
    if stream is None:
        raise OutputError("standard output is closed; use -o FILE")
    try:
        stream.write(text)
        stream.flush()
    except OSError as exc:
        drop_stdout()
        raise OutputError(f"cannot write to standard output ({exc.strerror or exc})") from None


def drop_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
