"""Rendering: memo layout, verification marks, --strict, the one-page budget, escaping, JSON."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefer import render as render_module
from briefer.errors import ConfigError
from briefer.render import Limits, clip, render
from briefer.schema import (
    Actor,
    Brief,
    CheckedClaim,
    CheckedDevelopment,
    SourceInfo,
    Usage,
)
from briefer.source import count_words

HEADINGS = ["Bottom line", "Actors", "Claims", "Developments", "Outlook", "Gaps"]
EMPTY = "None identified in the source."

# --- factories --------------------------------------------------------------------------


def actor(name: str = "John Kirby", **kw: Any) -> Actor:
    fields: dict[str, Any] = {
        "aliases": [],
        "kind": "person",
        "role": "NSC spokesman",
        "stance": "Source of the US claims",
    }
    return Actor(name=name, **{**fields, **kw})


def claim(statement: str = "North Korea delivered rockets.", **kw: Any) -> CheckedClaim:
    fields: dict[str, Any] = {
        "claimant": "John Kirby",
        "quote": "delivered infantry rockets and missiles",
        "kind": "assertion",
        "hedging": None,
        "verified": True,
        "paragraph": 4,
    }
    return CheckedClaim(statement=statement, **{**fields, **kw})


def dev(what: str = "US approves F-16 transfers", **kw: Any) -> CheckedDevelopment:
    fields: dict[str, Any] = {
        "when": "Aug. 18",
        "where": "Washington",
        "actors": ["United States"],
        "evidence": "approved the transfer of F-16s",
        "verified": True,
        "paragraph": 3,
    }
    return CheckedDevelopment(what=what, **{**fields, **kw})


def make_brief(**kw: Any) -> Brief:
    fields: dict[str, Any] = {
        "title": "North Korea armed Wagner, US says",
        "bottom_line": "The US says North Korea sent rockets to Russia for Wagner.",
        "actors": [actor(), actor("North Korea", kind="state", role=None, stance=None)],
        "claims": [claim()],
        "developments": [dev()],
        "outlook": ["Watch for further shipments."],
        "gaps": ["No independent confirmation of the deliveries."],
        "source": SourceInfo(
            path="article.txt", sha256="0" * 64, words=1227, tokens=1600, chunks=1
        ),
        "usage": Usage(
            engine="llm",
            model="gpt-4o-mini",
            calls=1,
            cache_hits=0,
            prompt_tokens=2410,
            completion_tokens=310,
        ),
        "date": "2026-11-28",
    }
    return Brief(**{**fields, **kw})


def huge_brief(n: int = 40) -> Brief:
    """Far more, and far longer, than a page: every list long, every field wordy."""
    long = " ".join(f"word{i}" for i in range(80))
    return make_brief(
        title="A very long title " + long,
        bottom_line="Bottom line sentence. " + long + " " + long,
        actors=[
            actor(f"Actor {i} {long}", aliases=[f"alias {long}"] * 5, role=long, stance=long)
            for i in range(n)
        ],
        claims=[claim(f"Claim {i} {long}", quote=long, hedging=long) for i in range(n)],
        developments=[
            dev(f"Dev {i} {long}", when=long, where=long, evidence=long) for i in range(n)
        ],
        outlook=[f"Outlook {i} {long}" for i in range(n)],
        gaps=[f"Gap {i} {long}" for i in range(n)],
    )


# --- parsing helpers --------------------------------------------------------------------


def sections(memo: str) -> dict[str, str]:
    """Body text under each `## ` heading (the footer is cut from the last one)."""
    out: dict[str, str] = {}
    parts = re.split(r"^## (.*)$", memo.split("\n---\n")[0], flags=re.M)
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        out[name] = body.strip("\n")
    return out


def claim_blocks(memo: str) -> list[str]:
    return re.split(r"^\d+\. ", sections(memo)["Claims"], flags=re.M)[1:]


def footer(memo: str) -> str:
    _, sep, tail = memo.rpartition("\n---\n")
    assert sep, "no footer rule"
    return tail.strip("\n")


def unescaped_pipes(line: str) -> int:
    n, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        n += line[i] == "|"
        i += 1
    return n


def table_rows(memo: str) -> list[str]:
    return [line for line in sections(memo)["Actors"].splitlines() if line.startswith("|")]


def markdown_tokens(memo: str) -> list[Any]:
    markdown_it = pytest.importorskip("markdown_it")
    return list(markdown_it.MarkdownIt("commonmark").enable("table").parse(memo))


def plain(inline: Any) -> str:
    """The text a Markdown renderer shows for an inline token; fails on any markup in it."""
    kinds = {child.type for child in inline.children}
    assert kinds <= {"text"}, f"markup inside brief text: {kinds}"
    return "".join(child.content for child in inline.children)


def assert_structure(memo: str, *, actors: int) -> list[Any]:
    """The memo's skeleton, as a CommonMark + tables parser sees it, is the template's own."""
    lines = memo.splitlines()
    assert [line[3:] for line in lines if line.startswith("## ")] == HEADINGS
    assert sum(line.startswith("# ") for line in lines) == 1 and lines[0].startswith("# ")
    assert "<script" not in memo.lower()
    rows = table_rows(memo)
    assert len(rows) == actors + 2
    assert all(unescaped_pipes(row) == 4 for row in rows), rows

    tokens = markdown_tokens(memo)
    headings = [
        (tok.tag, tokens[i + 1].content)
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]
    assert [tag for tag, _ in headings] == ["h1"] + ["h2"] * 6
    assert [text for _, text in headings[1:]] == HEADINGS
    types = {tok.type for tok in tokens}
    assert not types & {"html_block", "code_block", "fence"}, types
    assert types.isdisjoint({"hr"}) is False  # the footer rule exists...
    assert sum(tok.type == "hr" for tok in tokens) == 1  # ...and only it
    for tok in tokens:
        for child in tok.children or []:
            assert child.type not in {"html_inline", "link_open", "image", "code_inline"}, child
    assert sum(tok.type == "tr_open" for tok in tokens) == actors + 1
    return tokens


def cells(tokens: list[Any]) -> list[list[str]]:
    """Body rows of the actor table, as the text each cell shows."""
    rows: list[list[str]] = []
    in_body = False
    for i, tok in enumerate(tokens):
        if tok.type == "tbody_open":
            in_body = True
        elif tok.type == "tr_open" and in_body:
            rows.append([])
        elif tok.type == "td_open":
            rows[-1].append(plain(tokens[i + 1]))
    return rows


# --- layout -----------------------------------------------------------------------------


def test_headings_in_order_and_header_line() -> None:
    memo = render(make_brief())
    lines = memo.splitlines()
    assert lines[0] == "# North Korea armed Wagner, US says"
    assert lines[1] == (
        "Source: article.txt · 1,227 words · 1 chunk · model gpt-4o-mini · 2026-11-28"
    )
    assert [line[3:] for line in lines if line.startswith("## ")] == HEADINGS
    assert memo.endswith("\n") and not memo.endswith("\n\n")
    assert "\n\n\n" not in memo


def test_header_offline_engine_and_plurals() -> None:
    brief = make_brief(
        source=SourceInfo(path="a.txt", sha256="1" * 64, words=1, tokens=2, chunks=3),
        usage=Usage(engine="offline", model=None),
    )
    memo = render(brief)
    assert memo.splitlines()[1] == "Source: a.txt · 1 word · 3 chunks · engine offline · 2026-11-28"
    # The offline engine makes no calls: the footer says what made the brief instead.
    assert footer(memo).endswith("· engine offline (rules, no model, no network)")
    assert "calls" not in footer(memo)


def test_actor_table_rows() -> None:
    brief = make_brief(
        actors=[
            actor(aliases=["Kirby", "the spokesman"]),
            actor("Wagner", kind="group", role=None, stance=None),
        ]
    )
    rows = table_rows(render(brief))
    assert rows[0] == "| Actor | Role | Stance / interest |"
    assert rows[2] == (
        "| John Kirby (aka Kirby, the spokesman) | NSC spokesman (person) "
        "| Source of the US claims |"
    )
    assert rows[3] == "| Wagner | group | — |"


def test_empty_sections_say_so() -> None:
    brief = make_brief(bottom_line="", actors=[], claims=[], developments=[], outlook=[], gaps=[])
    memo = render(brief)
    assert sections(memo) == {name: EMPTY for name in HEADINGS}
    assert footer(memo).startswith("no quotes to verify · 1 call")


def test_empty_title_falls_back_to_source() -> None:
    assert render(make_brief(title="  ")).startswith("# Brief: article.txt\n")


def test_thousands_separators_everywhere() -> None:
    brief = make_brief(
        source=SourceInfo(path="a.txt", sha256="1" * 64, words=1234567, tokens=9, chunks=1),
        usage=Usage(
            engine="llm",
            model="m",
            calls=1200,
            cache_hits=1,
            prompt_tokens=2410,
            completion_tokens=1234567,
        ),
    )
    memo = render(brief)
    assert "1,234,567 words" in memo
    assert "1,200 calls · 2,410 prompt + 1,234,567 completion tokens · 1 cache hit" in memo


# --- verification marks, footer, strict -------------------------------------------------


def mixed_brief() -> Brief:
    return make_brief(
        claims=[
            claim("Verified one.", paragraph=4),
            claim(
                "Unverified one.",
                quote="words the article never says",
                verified=False,
                paragraph=None,
            ),
            claim("Verified two.", paragraph=None, hedging="probably"),
        ],
        developments=[
            dev("Checked event", paragraph=7),
            dev("Invented event", verified=False, paragraph=None, when=None, where=None),
        ],
        usage=Usage(
            engine="llm",
            model="gpt-4o-mini",
            calls=3,
            cache_hits=1,
            prompt_tokens=2410,
            completion_tokens=1310,
        ),
    )


def test_claim_marks() -> None:
    blocks = claim_blocks(render(mixed_brief()))
    assert len(blocks) == 3
    assert blocks[0].startswith("Verified one.")
    assert "Claimed by John Kirby (assertion) · Verified in source (¶4)" in blocks[0]
    assert "> “delivered infantry rockets and missiles”" in blocks[0]
    assert "**Not found in source**" in blocks[1]
    assert "Verified" not in blocks[1].replace("Unverified one.", "")
    assert "> “words the article never says”" in blocks[1]
    # verified with no paragraph: no made-up pilcrow
    assert "(assertion, hedged: “probably”) · Verified in source\n" in blocks[2]
    assert "¶" not in blocks[2]


def test_development_marks() -> None:
    lines = sections(render(mixed_brief()))["Developments"].splitlines()
    assert lines == [
        "- Aug. 18: Checked event (Washington) · Verified in source (¶7)",
        "  > “approved the transfer of F-16s”",
        "- Invented event · **Not found in source**",
        "  > “approved the transfer of F-16s”",
    ]


def test_footer_counts_every_mark_shown() -> None:
    assert footer(render(mixed_brief())) == (
        "3/5 quotes verified · 3 calls · 2,410 prompt + 1,310 completion tokens · "
        "1 cache hit · engine llm, model gpt-4o-mini"
    )
    # Items a cap hides are not counted: only what the reader sees.
    capped = render(mixed_brief(), limits=Limits(claims=1, developments=1))
    assert footer(capped).startswith("2/2 quotes verified · 3 calls")


def test_strict_drops_unverified() -> None:
    memo = render(mixed_brief(), strict=True)
    assert "Unverified one." not in memo and "Invented event" not in memo
    assert "Not found" not in memo
    assert [b.split("\n")[0] for b in claim_blocks(memo)] == ["Verified one.", "Verified two."]
    assert footer(memo).startswith(
        "3/3 quotes verified · 2 unverified dropped (--strict) · 3 calls"
    )
    # Without --strict the footer says nothing about dropping.
    assert "dropped" not in footer(render(mixed_brief()))


def test_strict_that_drops_everything_says_so() -> None:
    brief = make_brief(claims=[claim(verified=False, paragraph=None)], developments=[])
    memo = render(brief, strict=True)
    assert sections(memo)["Claims"] == (
        "None verified in the source; 1 unverified claim dropped (--strict)."
    )
    assert sections(memo)["Developments"] == EMPTY
    assert footer(memo).startswith("no quotes to verify · 1 unverified dropped (--strict)")


def test_strict_with_nothing_to_drop_still_says_strict() -> None:
    assert "0 unverified dropped (--strict)" in footer(render(make_brief(), strict=True))


# --- caps and the one-page budget -------------------------------------------------------


def test_section_caps_keep_the_first_items() -> None:
    brief = make_brief(
        claims=[claim(f"Claim number {i}.") for i in range(5)],
        gaps=["gap a", "gap b"],
    )
    memo = render(brief, limits=Limits(claims=2, gaps=1))
    blocks = claim_blocks(memo)
    assert [b.split("\n")[0] for b in blocks] == ["Claim number 0.", "Claim number 1."]
    assert "*+3 more claims not shown; use --format json for all.*" in memo
    assert sections(memo)["Gaps"] == (
        "- gap a\n\n*+1 more gap not shown; use --format json for all.*"
    )


def test_cap_of_zero_shows_only_the_note() -> None:
    memo = render(make_brief(), limits=Limits(actors=0))
    assert sections(memo)["Actors"] == "*+2 more actors not shown; use --format json for all.*"


def test_small_brief_is_not_trimmed() -> None:
    brief = make_brief(
        claims=[claim(f"Claim {i}.") for i in range(8)],
        developments=[dev(f"Event {i}") for i in range(8)],
    )
    memo = render(brief)
    assert count_words(memo) <= 600
    assert len(claim_blocks(memo)) == 8
    assert memo.count("> “approved the transfer of F-16s”") == 8
    assert "not shown" not in memo


@pytest.mark.parametrize("budget", [300, 450, 600, 900])
def test_huge_brief_fits_the_word_budget(budget: int) -> None:
    brief = huge_brief()
    memo = render(brief, limits=Limits(words=budget))
    assert count_words(memo) <= budget
    assert_structure(memo, actors=len(table_rows(memo)) - 2)
    # The most important item of every section survives; the rest are announced.
    blocks = claim_blocks(memo)
    assert blocks[0].startswith("Claim 0 ")
    assert "Dev 0 " in memo and "Outlook 0 " in memo and "Gap 0 " in memo and "Actor 0 " in memo
    shown = len(blocks)
    assert f"*+{40 - shown:,} more claims not shown; use --format json for all.*" in memo
    assert render(brief, limits=Limits(words=budget)) == memo  # deterministic


def test_default_budget_is_one_page() -> None:
    memo = render(huge_brief())
    assert 450 <= count_words(memo) <= 600  # used, not wasted


def test_budget_drops_development_evidence_before_any_item() -> None:
    brief = make_brief(
        claims=[claim(f"Claim {i}.") for i in range(3)],
        developments=[dev(f"Event {i}", evidence=f"evidence words number {i}") for i in range(3)],
    )
    full = render(brief, limits=Limits(words=10_000))
    memo = render(brief, limits=Limits(words=count_words(full) - 1))
    assert "evidence words number 0" in memo and "evidence words number 1" in memo
    assert "evidence words number 2" not in memo  # the last one's evidence went first
    assert len(claim_blocks(memo)) == 3 and "not shown" not in memo


def test_budget_trims_lowest_priority_sections_first() -> None:
    words = " ".join(["padding"] * 20)
    brief = make_brief(
        claims=[claim(f"Claim {i} {words}.") for i in range(4)],
        developments=[dev(f"Event {i} {words}", evidence="") for i in range(4)],
        outlook=[f"Outlook item {i} {words}." for i in range(4)],
        gaps=[f"Gap item {i} {words}." for i in range(4)],
    )
    full = render(brief, limits=Limits(words=10_000))
    one_gap = render(brief, limits=Limits(words=count_words(full) - 1))
    assert "Gap item 3" not in one_gap and "+1 more gap not shown" in one_gap
    assert "Gap item 2" in one_gap and one_gap.count("not shown") == 1
    two = render(brief, limits=Limits(words=count_words(one_gap) - 1))
    assert "Outlook item 3" not in two and "Gap item 2" in two  # next: the next section
    assert "Event 3" in two and len(claim_blocks(two)) == 4


def test_shrinking_budget_never_brings_items_back() -> None:
    brief = huge_brief(12)
    previous: dict[str, int] | None = None
    for budget in range(1200, 299, -50):
        memo = render(brief, limits=Limits(words=budget))
        assert count_words(memo) <= budget
        shown = {
            "claims": len(claim_blocks(memo)),
            "actors": len(table_rows(memo)) - 2,
            "gaps": sections(memo)["Gaps"].count("\n- ") + 1,
        }
        if previous is not None:
            assert all(shown[k] <= previous[k] for k in shown), (budget, shown, previous)
        previous = shown


def test_long_quotes_are_clipped_to_a_verbatim_prefix() -> None:
    quote = " ".join(f"q{i}" for i in range(100))
    memo = render(make_brief(claims=[claim(quote=quote)]))
    shown = re.search(r"> “(.*)”", memo)
    assert shown is not None
    text = shown.group(1)
    assert text.endswith("…") and quote.startswith(text[:-1])


def test_double_digit_claims_stay_in_one_list() -> None:
    brief = make_brief(claims=[claim(f"Claim {i}.") for i in range(12)])
    memo = render(brief, limits=Limits(claims=12, words=10_000))
    tokens = markdown_tokens(memo)
    assert sum(tok.type == "ordered_list_open" for tok in tokens) == 1
    quotes_in_items = [
        tok for tok in tokens if tok.type == "blockquote_open" and tok.level >= 2
    ]  # nested inside list items, not after the list
    assert len(quotes_in_items) == 12 + 1  # twelve claims + one development


# --- output safety ----------------------------------------------------------------------

HOSTILE = [
    "a | b | c",
    "`code` and ``` fences",
    "<script>alert(1)</script>",
    "# Heading",
    "line one\n## Injected\nline three",
    "[link](javascript:x)",
    "![img](http://x/y.png) <http://autolink>",
    "*bold* _em_ ~~strike~~",
    "---",
    "text\n---\nmore",
    "=====",
    "> quoted\n> again",
    "- item\n- item",
    "1. one\n2) two",
    "    indented code",
    "{{ 7*7 }} {% raw %}",
    "&lt;script&gt; &#60;b&#62; AT&T",
    "back\\slash\\| trailing\\",
    "Title ##",
    "| --- | --- |",
    "<div>\n\nblock</div>",
]


def hostile_brief(s: str) -> Brief:
    return make_brief(
        title=s,
        bottom_line=s,
        actors=[
            actor(s, aliases=[s], role=s, stance=s),
            actor(s, kind="group", role=None, stance=s),
        ],
        claims=[
            claim(s, claimant=s, quote=s, hedging=s),
            claim(s, claimant=s, quote=s, verified=False, paragraph=None),
        ],
        developments=[dev(s, when=s, where=s, evidence=s, actors=[s])],
        outlook=[s],
        gaps=[s],
        source=SourceInfo(path=s, sha256="0" * 64, words=10, tokens=10, chunks=1),
        usage=Usage(engine=s, model=s),
        date=s,
    )


@pytest.mark.parametrize("s", HOSTILE)
def test_hostile_text_cannot_break_the_memo(s: str) -> None:
    memo = render(hostile_brief(s))
    tokens = assert_structure(memo, actors=2)
    expected = " ".join(s.split())
    rows = cells(tokens)
    assert rows[0] == [f"{expected} (aka {expected})", f"{expected} (person)", expected]
    assert rows[1] == [expected, "group", expected]
    # Exactly the template's marks: one strong per unverified item, two blockquotes per
    # claim... i.e. one per quote shown, and the title reads back as given.
    inline = [tok for tok in tokens if tok.type == "inline"]
    assert inline[0].content and plain(inline[0]) == expected
    assert sum(tok.type == "blockquote_open" for tok in tokens) == 3
    strong = [c for tok in inline for c in tok.children or [] if c.type == "strong_open"]
    assert len(strong) == 1
    assert "49" not in memo  # brief text is data, never a template


def first_inline(tokens: list[Any], start: str, *, after_heading: str = "") -> Any:
    """The first inline token of the first `start`-type block (after a given heading)."""
    seen_heading = not after_heading
    inside = False
    for i, tok in enumerate(tokens):
        if tok.type == "inline" and tokens[i - 1].type == "heading_open":
            seen_heading = seen_heading or tok.content == after_heading
        elif seen_heading and tok.type == start:
            inside = True
        elif inside and tok.type == "inline":
            return tok
    raise AssertionError(f"no {start} after {after_heading!r}")


@pytest.mark.parametrize("s", HOSTILE)
def test_hostile_text_in_lists_and_quotes_reads_back(s: str) -> None:
    """The escaping is exact: what the reader sees is the text, whitespace collapsed."""
    expected = " ".join(s.split())
    memo = render(make_brief(outlook=[s], gaps=[s], claims=[claim(quote=s)], developments=[]))
    tokens = markdown_tokens(memo)
    assert plain(first_inline(tokens, "blockquote_open")) == f"“{expected}”"
    assert plain(first_inline(tokens, "bullet_list_open", after_heading="Outlook")) == expected
    assert plain(first_inline(tokens, "bullet_list_open", after_heading="Gaps")) == expected
    assert sections(memo)["Outlook"] == sections(memo)["Gaps"]
    assert sections(memo)["Outlook"].startswith("- ") and "\n" not in sections(memo)["Outlook"]


def test_terminal_escapes_and_bidi_controls_are_removed() -> None:
    s = "red\x1b[31m alert\x07 \u202eevil\u202c \x00nul"
    memo = render(hostile_brief(s))
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", memo)
    assert "# red\\[31m alert evil nul\n" in memo


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn")),
    max_size=40,
) | st.lists(
    st.sampled_from([*HOSTILE, "|", "\\", "#", "`", "<", ">", "&amp;", "*", " "]), max_size=6
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_TEXT, role=_TEXT, title=_TEXT, quote=_TEXT)
def test_any_text_keeps_structure_and_reads_back(
    name: str, role: str, title: str, quote: str
) -> None:
    brief = make_brief(
        title=title or "t",
        actors=[actor(name or "n", role=role or None, stance=quote)],
        claims=[claim(quote, quote=quote, claimant=name)],
        outlook=[title],
    )
    memo = render(brief)
    tokens = assert_structure(memo, actors=1)
    row = cells(tokens)[0]
    assert row[0] == (clip(name or "n", 12) or "—")
    assert row[1] == (f"{clip(role, 25)} (person)" if role.strip() else "person")
    assert row[2] == (clip(quote, 25) or "—")


def test_clip_keeps_a_prefix_and_marks_the_cut() -> None:
    assert clip("  a  b\nc ", 3) == "a b c"
    assert clip("a b c d", 2) == "a b…"
    assert clip("", 5) == ""


# --- JSON -------------------------------------------------------------------------------


def test_json_keys_in_order() -> None:
    data = json.loads(render(mixed_brief(), "json"))
    assert list(data) == [
        "schema_version",
        "title",
        "bottom_line",
        "actors",
        "claims",
        "developments",
        "outlook",
        "gaps",
        "source",
        "usage",
        "date",
    ]
    assert data["schema_version"] == 1
    assert list(data["actors"][0]) == ["name", "aliases", "kind", "role", "stance"]
    assert list(data["claims"][0]) == [
        "statement",
        "claimant",
        "quote",
        "kind",
        "hedging",
        "verified",
        "paragraph",
        "start",
        "end",
    ]
    assert list(data["developments"][0]) == [
        "when",
        "what",
        "where",
        "actors",
        "evidence",
        "verified",
        "paragraph",
        "start",
        "end",
    ]
    assert list(data["source"]) == [
        "path",
        "sha256",
        "words",
        "tokens",
        "chunks",
        "text_sha256",
        "origin",
        "title",
        "published",
        "author",
    ]
    assert list(data["usage"]) == [
        "engine",
        "model",
        "calls",
        "cache_hits",
        "prompt_tokens",
        "completion_tokens",
    ]


@pytest.mark.parametrize("brief", [mixed_brief(), huge_brief(12), hostile_brief(HOSTILE[4])])
def test_json_round_trips_with_every_item(brief: Brief) -> None:
    out = render(brief, "json", limits=Limits(claims=1, words=50))  # no caps on JSON
    data = json.loads(out)
    assert data.pop("schema_version") == 1
    assert Brief.model_validate(data) == brief
    assert out.endswith("}\n") and out.startswith('{\n  "schema_version": 1,\n')


def test_json_is_utf8_not_ascii_escaped() -> None:
    out = render(make_brief(title="Kyiv – “Київ”"), "json")
    assert '"title": "Kyiv – “Київ”"' in out


def test_json_strict_drops_unverified() -> None:
    data = json.loads(render(mixed_brief(), "json", strict=True))
    assert [c["statement"] for c in data["claims"]] == ["Verified one.", "Verified two."]
    assert [d["what"] for d in data["developments"]] == ["Checked event"]
    assert all(c["verified"] for c in data["claims"] + data["developments"])


# --- API edges and packaging ------------------------------------------------------------


def test_unknown_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown format 'html'"):
        render(make_brief(), "html")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [{"claims": -1}, {"words": 0}, {"gaps": 1.5}, {"actors": True}])
def test_limits_are_validated(bad: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        Limits(**bad)


def test_template_ships_inside_the_package(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    package_dir = render_module.__file__.rsplit("/", 1)[0]
    assert str(render_module.TEMPLATE_DIR).startswith(package_dir)
    assert (render_module.TEMPLATE_DIR / render_module.MEMO_TEMPLATE).is_file()
    monkeypatch.chdir(tmp_path)  # not loaded from the working directory
    assert render(make_brief()).startswith("# ")


def test_environment_is_built_once() -> None:
    assert render_module._environment() is render_module._environment()


def test_bottom_line_keeps_its_sentences_while_items_are_dropped() -> None:
    sentences = " ".join(f"Sentence {i} says something of weight here." for i in range(9))
    assert 60 <= count_words(sentences) <= 70
    brief = huge_brief()
    brief = brief.model_copy(update={"bottom_line": sentences})
    memo = render(brief)
    assert count_words(memo) <= 600
    assert "*+" in memo  # items were dropped to fit the page...
    assert sentences in memo  # ...but the bottom line was not cut
