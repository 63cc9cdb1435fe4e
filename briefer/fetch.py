"""Fetching a URL: http and https only, few redirects, bounded time and size.

What the server answers is not trusted: every redirect is checked like the first URL, the
body is read only up to --max-bytes (after decompression), and the whole fetch, redirects
included, must finish within the timeout. Failures are one-line errors: FetchError (exit 1)
when the fetch itself fails, InputError (exit 2) when the URL or the answer is unusable.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from briefer import __version__
from briefer.errors import FetchError, InputError
from briefer.source import human_size, shown

MAX_REDIRECTS = 5
USER_AGENT = f"briefer/{__version__} (article reader; +https://pypi.org/project/briefer/)"
ACCEPT = (
    "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document;q=0.8,*/*;q=0.1"
)


@dataclass(frozen=True)
class Fetched:
    url: str
    """The URL the body came from, after redirects."""
    content_type: str
    data: bytes


def fetch(url: str, max_bytes: int, timeout: float) -> Fetched:
    import httpx2

    name = shown(url)
    _check_scheme(url, name)
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    try:
        with httpx2.Client(
            headers=headers, timeout=httpx2.Timeout(timeout), follow_redirects=False
        ) as client:
            current = url
            for _hop in range(MAX_REDIRECTS + 1):
                with client.stream("GET", current) as answer:
                    if answer.is_redirect:
                        target = answer.headers.get("location")
                        if not target:
                            raise FetchError(f"{name}: HTTP {answer.status_code} with no Location")
                        current = urljoin(str(answer.url), target)
                        if urlsplit(current).scheme.lower() not in ("http", "https"):
                            raise FetchError(
                                f"{name}: redirected to {shown(current)}, not an http(s) URL"
                            )
                        continue
                    if answer.status_code >= 400:
                        reason = answer.reason_phrase or "error"
                        raise FetchError(f"{name}: HTTP {answer.status_code} {reason}")
                    if answer.status_code != 200:
                        raise FetchError(f"{name}: HTTP {answer.status_code}, no article in it")
                    size = answer.headers.get("content-length", "")
                    if size.isdigit() and int(size) > max_bytes:
                        raise _too_large(name, max_bytes)
                    data = _body(answer.iter_bytes(), name, max_bytes, deadline, timeout)
                    ctype = answer.headers.get("content-type", "")
                    return Fetched(str(answer.url), ctype, data)
            raise FetchError(f"{name}: more than {MAX_REDIRECTS} redirects")
    except httpx2.TimeoutException:
        raise FetchError(f"{name}: no answer within {timeout:g} s") from None
    except httpx2.InvalidURL:
        raise InputError(f"{name}: not a valid URL") from None
    except httpx2.HTTPError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FetchError(f"{name}: cannot fetch ({reason})") from None


def _check_scheme(url: str, name: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"{name}: only http and https URLs are read")
    if not parts.hostname:
        raise InputError(f"{name}: not a valid URL (no host)")


def _body(
    blocks: Iterator[bytes], name: str, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for block in blocks:
        size += len(block)
        if size > max_bytes:
            raise _too_large(name, max_bytes)
        if time.monotonic() > deadline:
            raise FetchError(f"{name}: no complete answer within {timeout:g} s")
        chunks.append(block)
    return b"".join(chunks)


def _too_large(name: str, max_bytes: int) -> InputError:
    return InputError(f"{name}: larger than the {human_size(max_bytes)} limit (see --max-bytes)")
