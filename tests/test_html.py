"""`--format html`: the page's markup, its escaping, its source marks, the batch index.

The same pages are loaded in a real Chromium by tests/test_browser.py (marked `browser`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from html_support import (
    HOSTILE_ANSWER,
    HOSTILE_ARTICLE,
    IMG_TAG,
    JS_LINK,
    SCRIPT_TAG,
    TEMPLATE_BITS,
    Page,
    hostile_page,
    one_space,
    parse,
    sha256_source,
)
from openai_server import OpenAIServer
from test_cli import run
from test_render import make_brief

from briefer import source
from briefer.html import (
    IndexEntry,
    actor_mentions,
    counts,
    locate_quotes,
    paragraphs,
    render_index,
)
from briefer.schema import Actor

ROOT = Path(__file__).resolve().parents[1]
HARBOUR = ROOT / "examples" / "harbour-strike.txt"
# Every tag the page template writes; anything else came from the article or the model.
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "a", "div", "main", "section",
    "header", "h1", "h2", "p", "span", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
    "ol", "ul", "li", "blockquote", "footer", "article", "mark", "button", "script", "strong",
}  # fmt: skip


def assert_safe(page: Page) -> None:
    """Only our tags, one script and one style (both allowed by hash, nothing else is), no
    event handler attribute, no link that leaves the page or runs code."""
    assert {t for t, _ in page.tags} <= OUR_TAGS
    assert len(page.scripts) <= 1 and len(page.styles) == 1
    assert page.comments == []
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert "src" not in attrs and "style" not in attrs, (tag, attrs)
        if "href" in attrs:
            assert re.fullmatch(r"#(s\d+-)?p\d+|#source|\./[\w.%-]+", attrs["href"] or ""), attrs
    csp = page.csp()
    assert "default-src 'none'" in csp and "unsafe" not in csp
    assert f"style-src {sha256_source(page.styles[0])}" in csp
    if page.scripts:
        assert f"script-src {sha256_source(page.scripts[0])}" in csp
    else:
        assert "script-src 'none'" in csp


def brief_json(tmp: Path, article: Path, *flags: str) -> dict[str, object]:
    proc = run(tmp, "--mock", str(article), "--format", "json", *flags)
    assert proc.returncode == 0, proc.stderr
    data: dict[str, object] = json.loads(proc.stdout)
    return data


def test_example_page_from_the_cli(tmp_path: Path) -> None:
    """The issue's command: one file, the brief beside the source, every quote lit."""
    proc = run(tmp_path, "--mock", str(HARBOUR), "--format", "html", "-o", "page.html")
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "page.html").read_text(encoding="utf-8")
    page = parse(html)
    assert_safe(page)
    data = brief_json(tmp_path, HARBOUR)
    claims, devs = data["claims"], data["developments"]
    assert isinstance(claims, list) and isinstance(devs, list)
    # Every item of the brief is on the page, each linked to the ¶ its quote is in.
    links = [a for a in page.attrs("a") if "goto" in (a.get("class") or "")]
    expected = [f"#p{c['paragraph']}" for c in claims if c["verified"]]
    expected += [f"#p{d['paragraph']}" for d in devs if d["verified"]]
    assert [a["href"] for a in links] == expected
    assert len(links) == len(claims) + len(devs)  # the offline engine quotes verbatim
    # Every verified quote is highlighted: one key per verified item among the marks.
    keys = {k for m in page.attrs("mark") for k in (m["data-q"] or "").split()}
    assert len(keys) == len(links)
    # The source is all there, paragraph by paragraph, each with its number.
    doc = source.read_path(str(HARBOUR))
    paras = [a for a in page.attrs("p") if (a.get("id") or "").startswith("p")]
    assert [a["id"] for a in paras] == [f"p{i}" for i in range(1, len(doc.paragraphs) + 1)]
    for start, end in doc.paragraphs:
        assert one_space(doc.text[start:end]) in one_space(page.text)
    # Each actor has a colour and a legend entry with the number of its mentions.
    actors = data["actors"]
    assert isinstance(actors, list)
    legend = page.attrs("button")
    assert [b["data-actor"] for b in legend] == [str(i) for i in range(len(actors))]
    assert f".a{len(actors) - 1}{{--actor:" in page.styles[0]
    # The print view is the one-page memo: the same claims as the Markdown memo.
    memo = run(tmp_path, "--mock", str(HARBOUR)).stdout
    memo_claims = memo.split("## Claims")[1].split("## Developments")[0]
    memo_devs = memo.split("## Developments")[1].split("## Outlook")[0]
    shown = len(re.findall(r"^\d+\. ", memo_claims, re.M)) + memo_devs.count("\n- ")
    printed = html.split('<article class="print-memo"', 1)[1]
    assert 2 <= shown < len(links)
    assert printed.count('<li class="item') == shown
    assert "Verified in source (¶6)" in page.text


def test_hostile_article_and_model_answer_are_text(
    tmp_path: Path, openai_server: OpenAIServer
) -> None:
    """Markup, javascript: links, attribute breakouts and template syntax, in the article
    and in every field of the model's answer, show as the text they are and do nothing."""
    html = hostile_page(tmp_path, openai_server).read_text(encoding="utf-8")
    page = parse(html)
    assert_safe(page)
    text = page.text
    for bit in (SCRIPT_TAG, JS_LINK, IMG_TAG, *TEMPLATE_BITS, "</p></mark></section>"):
        assert bit in text, bit
    # {{ 7*7 }} is never evaluated (the memo names its source, whose path may hold a 49)
    assert "49" not in text.replace(str(tmp_path), "")
    assert HOSTILE_ANSWER["title"] in text
    assert HOSTILE_ANSWER["bottom_line"] in text
    assert "<script>window.__pwned = 8</script>" in text  # an actor's name
    assert "&amp; &lt;b&gt;" in text  # entities in the article stay as written
    # The two quotes from the article verify and are highlighted; the third is not found,
    # in its own style, and lights nothing.
    marks = {k for m in page.attrs("mark") for k in (m["data-q"] or "").split()}
    assert marks == {"c1", "c2", "d1"}
    items = [a for a in page.attrs("li") if "item" in (a.get("class") or "")]
    screen = [a for a in items if a.get("id")]
    assert [(a["id"], a["class"]) for a in screen] == [
        ("item-c1", "item verified"),
        ("item-c2", "item verified"),
        ("item-c3", "item notfound"),
        ("item-d1", "item verified"),
    ]
    assert text.count("Not found in source") == 2  # on screen and in the print view


def test_template_syntax_in_the_article_is_not_evaluated_in_the_source_pane() -> None:
    doc = source.from_bytes(HOSTILE_ARTICLE.encode(), "a.txt")
    paras = paragraphs(doc, [], [])
    joined = "".join(p.text for para in paras for p in para.pieces)
    assert "{{ 7*7 }}" in joined and SCRIPT_TAG in joined


def test_pieces_cover_each_paragraph_exactly_with_overlapping_marks() -> None:
    text = "Alpha Beta said gamma delta.\n\nEpsilon Alpha Beta zeta eta theta."
    doc = source.from_bytes(text.encode(), "t.txt")
    quotes = [("c1", 6, 21), ("c2", 0, 10), ("d1", 38, 57)]  # c1 and c2 overlap
    actors = [Actor(name="Alpha Beta", aliases=["Zeta"], kind="person", role=None, stance=None)]
    mentions = actor_mentions(doc.text, actors)
    assert [doc.text[s:e] for s, e, _ in mentions] == ["Alpha Beta", "Alpha Beta"]
    paras = paragraphs(doc, quotes, mentions)
    assert [p.number for p in paras] == [1, 2]
    for para, (start, end) in zip(paras, doc.paragraphs, strict=True):
        assert "".join(p.text for p in para.pieces) == doc.text[start:end]
    first = {p.text: (p.quotes, p.actor) for p in paras[0].pieces}
    assert first["Alpha "] == (("c2",), 0)
    assert first["Beta"] == (("c2", "c1"), 0)
    assert first[" said gamma"] == (("c1",), None)
    second = [(p.text, p.quotes, p.actor) for p in paras[1].pieces]
    assert ("Alpha Beta", ("d1",), 0) in second
    assert (" zeta eta", ("d1",), None) in second[-2:]  # "zeta" is not "Zeta": case counts


def test_actor_names_match_whole_words_longest_first() -> None:
    actors = [
        Actor(name="Ada Korvel", aliases=["Korvel"], kind="person", role=None, stance=None),
        Actor(name="Korvel Group", aliases=[], kind="company", role=None, stance=None),
        Actor(name="A", aliases=["Ada"], kind="person", role=None, stance=None),
    ]
    text = "Ada Korvel met the Korvel Group. Korvelian Ada left.\nAda\n Korvel"
    found = [(text[s:e], a) for s, e, a in actor_mentions(text, actors)]
    assert found == [
        ("Ada Korvel", 0),
        ("Korvel Group", 1),
        ("Ada", 2),
        ("Ada\n Korvel", 0),
    ]


def test_unverified_items_are_never_located() -> None:
    doc = source.from_bytes(b"The minister will not resign, she said.", "t.txt")
    spans = locate_quotes(doc, [("c1", "will not resign", True), ("c2", "will not", False)])
    assert [(k, doc.text[s:e]) for k, s, e in spans] == [("c1", "will not resign")]


def test_batch_writes_a_page_per_input_and_an_index(tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    for name in ("harbour-strike.txt", "water-rights-hearing.txt"):
        (articles / name).write_bytes((ROOT / "examples" / name).read_bytes())
    (articles / "empty.txt").write_text("  \n", encoding="utf-8")
    proc = run(tmp_path, "--mock", "in", "--format", "html", "-o", "out")
    assert proc.returncode == 2  # one input failed
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "harbour-strike.brief.html",
        "index.html",
        "water-rights-hearing.brief.html",
    ]
    index = parse((out / "index.html").read_text(encoding="utf-8"))
    assert_safe(index)
    hrefs = [a["href"] for a in index.attrs("a")]
    assert hrefs == ["./harbour-strike.brief.html", "./water-rights-hearing.brief.html"]
    data = brief_json(tmp_path, articles / "harbour-strike.txt")
    claims = data["claims"]
    assert isinstance(claims, list)
    html = (out / "index.html").read_text(encoding="utf-8")
    (row,) = re.findall(r'<a href="\./harbour-strike[^"]*">.*?</tr>', html, re.S)
    cells = [int(n.replace(",", "")) for n in re.findall(r'<td class="num[^"]*">([\d,]+)<', row)]
    verified = sum(1 for c in claims if c["verified"])
    assert cells[1] == len(claims) and cells[3] >= verified > 0
    assert "empty.txt" in index.text and "failed" in index.text
    page = parse((out / "harbour-strike.brief.html").read_text(encoding="utf-8"))
    assert "./index.html" in [a["href"] for a in page.attrs("a")]


def test_index_links_cannot_become_another_scheme() -> None:
    entry = IndexEntry(name="javascript:alert(1)", page="javascript:alert(1).brief.html")
    html = render_index([entry])
    page = parse(html)
    assert [a["href"] for a in page.attrs("a")] == []  # no counts: a failure row, no link
    with_counts = IndexEntry(
        name='"><img src=x onerror=alert(1)>',
        page='javascript:"><img src=x>.brief.html',
        counts=counts(make_brief()),
    )
    page = parse(render_index([with_counts]))
    assert_safe(page)
    (href,) = [a["href"] for a in page.attrs("a")]
    assert href is not None and href.startswith("./javascript%3A")
    assert '"><img src=x onerror=alert(1)>' in page.text


def test_several_inputs_need_a_folder(tmp_path: Path) -> None:
    proc = run(tmp_path, "--mock", str(HARBOUR), str(HARBOUR), "--format", "html")
    assert proc.returncode == 2
    assert "pass -o FOLDER" in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize("flag", ["--strict", "--max-items=2"])
def test_page_follows_strict_and_max_items(tmp_path: Path, flag: str) -> None:
    proc = run(tmp_path, "--mock", str(HARBOUR), "--format", "html", flag)
    assert proc.returncode == 0, proc.stderr
    assert_safe(parse(proc.stdout))


def test_stdout_page_is_one_document(tmp_path: Path) -> None:
    proc = run(tmp_path, "--mock", "-", "--format", "html", stdin=HARBOUR.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("<!DOCTYPE html>") == 1
    assert 'Source <span class="path">&lt;stdin&gt;</span>' in proc.stdout


def test_merged_brief_has_one_tab_per_source(tmp_path: Path) -> None:
    folder = ROOT / "examples" / "ferry-grounding"
    proc = run(tmp_path, "--mock", "--merge", str(folder), "--format", "html", "-o", "m.html")
    assert proc.returncode == 0, proc.stderr
    page = parse((tmp_path / "m.html").read_text(encoding="utf-8"))
    assert_safe(page)
    json_proc = run(tmp_path, "--mock", "--merge", str(folder), "--format", "json")
    data = json.loads(json_proc.stdout)
    n = len(data["sources"])
    tabs = [a for a in page.attrs("button") if a.get("role") == "tab"]
    assert n == 3 and len(tabs) == n
    panels = [a for a in page.attrs("section") if a.get("role") == "tabpanel"]
    assert ["hidden" in a for a in panels] == [False] + [True] * (n - 1)
    # One highlight per verified quote of each source; each link goes to its own source.
    keys = {k for m in page.attrs("mark") for k in (m["data-q"] or "").split()}
    quotes = [(i, x) for i, c in enumerate(data["claims"], 1) for x in c["sources"]]
    verified = {f"c{i}s{x['source'] + 1}" for i, x in quotes if x["verified"]}
    verified |= {f"d{i}" for i, d in enumerate(data["developments"], 1) if d["verified"]}
    assert keys == verified
    for a in page.attrs("a"):
        key = a.get("data-q") or ""
        if re.fullmatch(r"c\d+s\d+", key):
            assert (a["href"] or "").startswith(f"#s{key.split('s')[1]}-p")
