"""Fetching URLs (briefer.fetch, briefer.readers) from a real web server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from docgen import PARAGRAPHS, TITLE, memo_docx, news_page, report_pdf
from web_server import WebServer

from briefer import readers
from briefer.errors import FetchError, InputError
from briefer.fetch import MAX_REDIRECTS, USER_AGENT

pytest.importorskip("trafilatura")

PAGE = news_page(TITLE, PARAGRAPHS, date="2024-03-07").encode()
LIMIT = 200_000


@pytest.fixture(scope="module")
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        server.route("/story.html", body=PAGE)
        server.route(
            "/notes.txt", body=b"The port reopened on Friday.\n", content_type="text/plain"
        )
        server.route("/report.pdf", body=report_pdf(PARAGRAPHS * 3), content_type="application/pdf")
        server.route(
            "/memo",
            body=memo_docx("Memo", [("", p) for p in PARAGRAPHS]),
            content_type=readers.DOCX_TYPE,
        )
        server.route("/old-link", status=301, headers={"Location": "/story.html"})
        server.route("/hop", status=302, headers={"Location": "old-link"})
        server.route("/loop", status=302, headers={"Location": "/loop"})
        server.route("/to-file", status=302, headers={"Location": "file:///etc/passwd"})
        server.route("/nowhere", status=302)
        server.route("/slow", body=PAGE, delay=3)
        server.route("/drip", body=PAGE, drip=0.5)
        server.route("/gone", status=404, body=b"<h1>Not found</h1>")
        server.route("/broken", status=500, body=b"oops")
        server.route("/huge", body=b"<p>" + b"word " * 100_000 + b"</p>")
        server.route("/huge-stream", body=b"<p>" + b"word " * 100_000 + b"</p>", length=False)
        server.route(
            "/logo.png", body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", content_type="image/png"
        )
        server.route(
            "/blob", body=b"\x00\x01\x02binary\x00", content_type="application/octet-stream"
        )
        server.route("/untyped", body=PAGE, content_type=None)
        yield server


def test_page_is_fetched_and_extracted(web: WebServer) -> None:
    doc = readers.load(web.url("/story.html"), LIMIT, 5.0)
    assert doc.text.split("\n\n") == [TITLE, *PARAGRAPHS]
    assert doc.name == web.url("/story.html")
    assert doc.origin is not None
    assert (doc.origin.kind, doc.origin.content_type) == ("url", "text/html; charset=utf-8")
    assert doc.published == "2024-03-07"
    path, headers = web.requests[-1]
    assert path == "/story.html"
    assert headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("briefer/")


def test_redirects_are_followed_and_the_final_url_recorded(web: WebServer) -> None:
    doc = readers.load(web.url("/hop"), LIMIT, 5.0)
    assert doc.origin is not None and doc.origin.location == web.url("/story.html")
    assert [p for p, _ in web.requests][-3:] == ["/hop", "/old-link", "/story.html"]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/notes.txt", "text/plain"),
        ("/report.pdf", "application/pdf"),
        ("/memo", "wordprocessingml"),
    ],
)
def test_other_content_types(web: WebServer, path: str, kind: str) -> None:
    doc = readers.load(web.url(path), LIMIT, 5.0)
    assert doc.origin is not None and kind in doc.origin.content_type
    assert doc.text.startswith(("The port", "The harbour", "Memo"))


def test_untyped_html_is_sniffed(web: WebServer) -> None:
    doc = readers.load(web.url("/untyped"), LIMIT, 5.0)
    assert doc.text.split("\n\n")[0] == TITLE


@pytest.mark.parametrize(
    ("path", "error", "needle"),
    [
        ("/gone", FetchError, "HTTP 404 Not Found"),
        ("/broken", FetchError, "HTTP 500"),
        ("/loop", FetchError, f"more than {MAX_REDIRECTS} redirects"),
        ("/to-file", FetchError, "not an http(s) URL"),
        ("/nowhere", FetchError, "no Location"),
        ("/slow", FetchError, "no answer within 0.5 s"),
        ("/huge", InputError, "larger than the 200,000 bytes limit"),
        ("/huge-stream", InputError, "larger than"),
        ("/logo.png", InputError, "not an article (content type image/png"),
        ("/blob", InputError, "not an article"),
    ],
)
def test_failures_are_one_line_with_their_exit_code(
    web: WebServer, path: str, error: type[Exception], needle: str
) -> None:
    with pytest.raises(error) as info:
        readers.load(web.url(path), LIMIT, 0.5)
    message = str(info.value)
    assert needle in message and "\n" not in message
    assert message.startswith(web.url(path))
    assert info.value.exit_code == (1 if error is FetchError else 2)  # type: ignore[attr-defined]


def test_a_slow_trickle_is_cut_by_the_overall_timeout(web: WebServer) -> None:
    """Each piece arrives within the read timeout; the whole answer does not."""
    with pytest.raises(FetchError, match="within 1 s"):
        readers.load(web.url("/drip"), LIMIT, 1.0)


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("ftp://example.org/a.txt", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http:///nohost", "not a valid URL"),
    ],
)
def test_only_http_urls(url: str, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        readers.load(url, LIMIT, 1.0)


def test_refused_connection_is_a_fetch_error(closed_port_url: str) -> None:
    with pytest.raises(FetchError, match="cannot fetch"):
        readers.load(closed_port_url + "/a.html", LIMIT, 2.0)
