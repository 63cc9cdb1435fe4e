"""Hostile inputs for the HTML page, and a parser that lists what a page is made of.

Shared by tests/test_html.py (the markup) and tests/test_browser.py (the page in Chromium).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from openai_server import OpenAIServer
from test_injection import _actor
from test_injection import _claim as claim

from briefer import config, run

# An article whose own text is markup, script, links and template syntax. Each line is a
# quoted statement, so the offline engine's brief repeats the hostile strings too.
HOSTILE_ARTICLE = """\
Port Aubel strike enters second week

Harbour master Ines Faro said on Tuesday: "<script>window.__pwned = 1</script> The port \
will reopen within two days."

"Read <a href='javascript:window.__pwned=2'>the report</a> before you judge us," the \
union leader Joel Mbeki told reporters on Monday.

The notice on the gate read "{{ 7*7 }} and {% raw %} and {# note", said Mara Lindt, the \
council spokeswoman, on Wednesday. It was signed "><img src=x onerror=window.__pwned=3> \
by nobody.

</p></mark></section><style>body { display: none }</style><!-- the end --> \
<iframe src="https://example.com/"></iframe> &amp; &lt;b&gt;
"""

SCRIPT_TAG = "<script>window.__pwned = 1</script>"
JS_LINK = "<a href='javascript:window.__pwned=2'>"
IMG_TAG = '"><img src=x onerror=window.__pwned=3>'
TEMPLATE_BITS = ("{{ 7*7 }}", "{% raw %}", "{# note")


def _claim(statement: str, claimant: str, quote: str) -> dict[str, Any]:
    return {**claim(statement, claimant, quote), "hedging": "{{ config }}"}


# A model answer whose every field is hostile: two quotes that are in the article (they
# carry its markup, and must verify and be highlighted) and one that is not.
HOSTILE_ANSWER: dict[str, Any] = {
    "title": "Strike {{ 7*7 }} </title><script>window.__pwned = 4</script>",
    "bottom_line": '"><img src=x onerror=window.__pwned=5> {% for x in range(9) %}x{% endfor %}',
    "actors": [
        _actor("Ines Faro", "Harbour master", "<b>bold</b> stance"),
        _actor("Joel Mbeki", "javascript:window.__pwned=6", '"><svg onload=window.__pwned=7>'),
        _actor("<script>window.__pwned = 8</script>", None, None),
    ],
    "claims": [
        _claim(
            "<script>window.__pwned = 9</script> The port will reopen.",
            "Ines Faro",
            "<script>window.__pwned = 1</script> The port will reopen within two days.",
        ),
        _claim(
            "javascript:window.__pwned=10",
            '"><img src=x onerror=window.__pwned=11>',
            "the notice on the gate read",
        ),
        _claim(
            "A quote the article never had.",
            "Joel Mbeki",
            '<a href="javascript:window.__pwned=12">we never said this</a>',
        ),
    ],
    "developments": [
        {
            "when": "on Monday {{ 7*7 }}",
            "what": "<img src=x onerror=window.__pwned=13> Mbeki spoke to reporters.",
            "where": "<iframe src=//example.com>",
            "actors": ["Joel Mbeki"],
            "evidence": "the union leader Joel Mbeki told reporters on Monday",
        }
    ],
    "outlook": ["{{ lipsum() }} <style>*{display:none}</style>"],
    "gaps": ["<!-- unclosed comment"],
}


def hostile_page(tmp_path: Path, server: OpenAIServer, fmt: str = "html") -> Path:
    """The hostile article briefed through the real client against the test server, which
    answers the hostile model answer; returns the written page."""
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    env = {"OPENAI_API_KEY": "sk-test-html", "BRIEFER_CONFIG": str(tmp_path / "none.toml")}
    flags = {"base_url": server.base_url, "cache_dir": str(tmp_path / "cache")}
    settings = config.load(flags, env)
    server.queue(server.reply(HOSTILE_ANSWER))
    out = tmp_path / f"hostile.{fmt}"
    assert run.main(settings, run.RunOptions([str(article)], output=out, fmt=fmt)) == 0
    return out


@dataclass
class Page:
    """What a page is made of, as an HTML parser (a browser's first step) sees it."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: str = ""
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    def attrs(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]

    def csp(self) -> str:
        (meta,) = [
            a for a in self.attrs("meta") if a.get("http-equiv") == "Content-Security-Policy"
        ]
        return meta["content"] or ""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.page.scripts.append(data)
        elif self._in == "style":
            self.page.styles.append(data)
        else:
            self._text.append(data)

    def handle_comment(self, data: str) -> None:
        self.page.comments.append(data)


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser.page.text = "".join(parser._text)
    return parser.page


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def one_space(text: str) -> str:
    return re.sub(r"\s+", " ", text)
