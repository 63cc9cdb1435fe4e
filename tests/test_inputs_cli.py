"""`brief` on web pages, URLs, PDF, Word and stdin, and `briefer extract` (console scripts).

The promise under test: a memo's ¶N is the paragraph `briefer extract` prints as ¶N.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from docgen import PARAGRAPHS, TITLE, memo_docx, news_page, report_pdf, scanned_pdf
from test_cli import assert_usage_error, run
from web_server import WebServer

pytest.importorskip("trafilatura")
pytest.importorskip("pypdf")
pytest.importorskip("docx")

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "harbour-strike.txt"


@pytest.fixture(scope="module")
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        server.route("/news/strike-ends.html", body=_page().encode())
        server.route("/gone", status=404)
        server.route("/logo.png", body=b"\x89PNG\r\n\x1a\n\x00", content_type="image/png")
        yield server


def _page() -> str:
    paragraphs = ARTICLE.read_text(encoding="utf-8").split("\n\n")
    return news_page(paragraphs[0], paragraphs[1:], author="Ana Lintz", date="2024-03-07")


@pytest.fixture
def docs(tmp_path: Path) -> dict[str, Path]:
    paragraphs = ARTICLE.read_text(encoding="utf-8").split("\n\n")
    files = {
        "html": ("page.html", _page().encode()),
        "pdf": ("report.pdf", report_pdf(paragraphs, title="Harbour report")),
        "docx": ("memo.docx", memo_docx("Harbour memo", [("", p) for p in paragraphs])),
    }
    out = {}
    for kind, (name, data) in files.items():
        (tmp_path / name).write_bytes(data)
        out[kind] = tmp_path / name
    return out


def _check_citations(tmp: Path, target: str, stdin: bytes | None = None) -> dict[str, object]:
    """Brief `target` as JSON, extract it, and check every cited quote lies in its ¶."""
    memo = run(tmp, "--mock", "-f", "json", target, stdin=stdin)
    assert memo.returncode == 0, memo.stderr
    listing = run(tmp, "extract", "-f", "json", target, prog="briefer", stdin=stdin)
    assert listing.returncode == 0, listing.stderr
    brief, extracted = json.loads(memo.stdout), json.loads(listing.stdout)
    assert brief["source"]["text_sha256"] == extracted["text_sha256"]
    assert brief["source"]["origin"] == extracted["origin"]
    paragraphs = {p["n"]: p["text"] for p in extracted["paragraphs"]}
    cited = 0
    for item in brief["claims"] + brief["developments"]:
        quote = item.get("quote") or item["evidence"]
        if item["verified"] and item["paragraph"] is not None:
            assert quote in paragraphs[item["paragraph"]], (item["paragraph"], quote)
            cited += 1
    assert cited >= 3
    text = run(tmp, "extract", target, prog="briefer", stdin=stdin).stdout
    for n, para in paragraphs.items():
        assert f"¶{n} {para}\n" in text
    return brief


@pytest.mark.parametrize("kind", ["html", "pdf", "docx"])
def test_documents_cite_the_paragraphs_extract_prints(
    tmp_path: Path, docs: dict[str, Path], kind: str
) -> None:
    brief = _check_citations(tmp_path, str(docs[kind]))
    source = brief["source"]
    assert isinstance(source, dict) and source["published"] == "2024-03-07"


def test_url_cites_the_paragraphs_extract_prints(tmp_path: Path, web: WebServer) -> None:
    brief = _check_citations(tmp_path, web.url("/news/strike-ends.html"))
    source = brief["source"]
    assert isinstance(source, dict)
    assert source["origin"]["kind"] == "url" and source["origin"]["content_type"].startswith(
        "text/html"
    )


@pytest.mark.parametrize("data", ["text", "html"])
def test_stdin_cites_the_paragraphs_extract_prints(tmp_path: Path, data: str) -> None:
    payload = ARTICLE.read_bytes() if data == "text" else _page().encode()
    brief = _check_citations(tmp_path, "-", stdin=payload)
    source = brief["source"]
    assert isinstance(source, dict) and source["origin"]["kind"] == "stdin"


def test_memo_header_shows_the_documents_title_author_and_date(
    tmp_path: Path, docs: dict[str, Path]
) -> None:
    memo = run(tmp_path, "--mock", docs["html"].name)
    header = memo.stdout.splitlines()[1]
    title = ARTICLE.read_text(encoding="utf-8").split("\n")[0]
    assert header.startswith(f"Source: page.html · “{title}” · by Ana Lintz")
    assert "published 2024-03-07" in header


def test_batch_goes_on_past_bad_inputs(
    tmp_path: Path, docs: dict[str, Path], web: WebServer
) -> None:
    (tmp_path / "scan.pdf").write_bytes(scanned_pdf())
    out = tmp_path / "out"
    proc = run(
        tmp_path,
        "--mock",
        "-o",
        str(out),
        str(docs["html"]),
        web.url("/gone"),
        str(tmp_path / "scan.pdf"),
        web.url("/logo.png"),
        web.url("/news/strike-ends.html?id=3"),
    )
    assert proc.returncode == 1, proc.stderr  # a fetch failed: 1 outranks 2
    errors = [x for x in proc.stderr.splitlines() if x.startswith("brief: error: ")]
    assert len(errors) == 3, proc.stderr
    assert any("/gone: HTTP 404" in e for e in errors)
    assert any("no text layer" in e for e in errors)
    assert any("not an article (content type image/png" in e for e in errors)
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["page.brief.md", "strike-ends.brief.md"]


def test_url_memo_is_named_after_its_last_segment(tmp_path: Path, web: WebServer) -> None:
    out = tmp_path / "out"
    out.mkdir()
    proc = run(tmp_path, "--mock", "-o", str(out), web.url("/news/strike-ends.html?id=3"))
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in out.iterdir()] == ["strike-ends.brief.md"]


def test_single_bad_inputs_exit_as_documented(tmp_path: Path, web: WebServer) -> None:
    (tmp_path / "scan.pdf").write_bytes(scanned_pdf())
    assert_usage_error(run(tmp_path, "--mock", "scan.pdf"), "scan.pdf: the PDF has no text layer")
    assert_usage_error(run(tmp_path, "--mock", "ftp://example.org/a"), "only http and https")
    gone = run(tmp_path, "--mock", web.url("/gone"))
    assert gone.returncode == 1 and gone.stdout == ""
    assert gone.stderr.splitlines() == [f"brief: error: {web.url('/gone')}: HTTP 404 Not Found"]
    listing = run(tmp_path, "extract", "scan.pdf", prog="briefer")
    assert listing.returncode == 2 and len(listing.stderr.splitlines()) == 1


def test_folder_of_mixed_documents(tmp_path: Path, docs: dict[str, Path]) -> None:
    (tmp_path / "page.brief.md").write_text("# an old memo\n", encoding="utf-8")
    proc = run(tmp_path, "--mock", "-o", str(tmp_path / "memos"), str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in (tmp_path / "memos").iterdir())
    assert names == ["memo.brief.md", "page.brief.md", "report.brief.md"]


def test_merge_reads_documents_with_their_own_titles_and_dates(
    tmp_path: Path, docs: dict[str, Path]
) -> None:
    proc = run(tmp_path, "--mock", "--merge", "-f", "json", "page.html", "memo.docx")
    assert proc.returncode == 0, proc.stderr
    sources = json.loads(proc.stdout)["sources"]
    title = ARTICLE.read_text(encoding="utf-8").split("\n")[0]
    assert [(s["title"], s["date"]) for s in sources] == [
        (title, "2024-03-07"),
        ("Harbour memo", "2024-03-07"),
    ]


def test_pdf_fixture_script_writes_its_files(tmp_path: Path) -> None:
    import docgen

    assert docgen.main([str(tmp_path)]) == 0
    memo = run(tmp_path, "--mock", "report.pdf")
    assert memo.returncode == 0 and "report.pdf" in memo.stdout
    assert TITLE in (tmp_path / "page.html").read_text(encoding="utf-8")
    assert PARAGRAPHS[0] in run(tmp_path, "extract", "page.html", prog="briefer").stdout


def test_model_gets_the_article_and_its_date_not_the_site(tmp_path: Path, openai_server) -> None:  # type: ignore[no-untyped-def]
    from briefer.schema import Actor, Claim, Draft

    (tmp_path / "page.html").write_text(news_page(TITLE, PARAGRAPHS), encoding="utf-8")
    quote = "We expect volumes to recover by the summer"
    draft = Draft(
        title="Valmora port traffic falls after strike",
        bottom_line="Container traffic fell by a third; the authority expects a recovery.",
        actors=[Actor(name="Ilse Marrow", aliases=[], kind="person", role=None, stance=None)],
        claims=[
            Claim(
                statement="Volumes will recover by the summer.",
                claimant="Ilse Marrow",
                quote=quote,
                kind="assessment",
                hedging="expect",
            )
        ],
        developments=[],
        outlook=[],
        gaps=[],
    )
    openai_server.queue(openai_server.reply(draft))
    proc = run(
        tmp_path,
        "-f",
        "json",
        "--no-cache",
        "--base-url",
        openai_server.base_url,
        "page.html",
        env={"OPENAI_API_KEY": "sk-test-page"},
    )
    assert proc.returncode == 0, proc.stderr
    sent = openai_server.chat_requests[-1].text
    assert "published 2024-03-07" in sent
    assert PARAGRAPHS[0] in sent and PARAGRAPHS[-1] in sent
    for site in ("cookies", "reader_1984", "Related stories", "Read more"):
        assert site not in sent
    claim = json.loads(proc.stdout)["claims"][0]
    assert claim["verified"] and claim["paragraph"] == 3  # ¶1 headline, ¶2, then the quote
