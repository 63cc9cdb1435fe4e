"""One brief over several sources (`brief --merge`), offline engine: the example set of three
articles about one ferry grounding (examples/ferry-grounding/), the rules underneath, and
the checks every engine's links go through."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import script

from briefer import corroborate, dating, merge, pipeline, source
from briefer.identity import found_in_texts, merge_across
from briefer.offline import OfflineEngine
from briefer.render import render
from briefer.schema import Actor, Brief, CheckedClaim, ClaimClash, ClaimGroup
from briefer.verify import locate

ROOT = Path(__file__).resolve().parents[1]
FERRY = ROOT / "examples" / "ferry-grounding"
FILES = [FERRY / "nordwire.txt", FERRY / "kessel-courier.txt", FERRY / "ministry-statement.txt"]


def merged(files: list[Path] = FILES) -> Brief:
    plans = [pipeline.plan(source.read_path(str(f)), 6000, 0, tokenize=False) for f in files]
    return asyncio.run(merge.run(plans, OfflineEngine(), "2026-01-01"))


@pytest.fixture(scope="module")
def ferry() -> Brief:
    return merged()


def actor(brief: Brief, name: str) -> tuple[Actor, list[int]]:
    assert brief.actor_sources is not None
    for a, srcs in zip(brief.actors, brief.actor_sources, strict=True):
        if a.name == name:
            return a, srcs
    raise AssertionError(f"no actor {name}: {[a.name for a in brief.actors]}")


def claim_with(brief: Brief, words: str) -> CheckedClaim:
    hits = [c for c in brief.claims if any(words in e.quote for e in c.sources or [])]
    assert len(hits) == 1, [c.statement for c in brief.claims]
    return hits[0]


# -- the example set ------------------------------------------------------------------------


def test_sources_are_listed_with_title_outlet_and_date(ferry: Brief) -> None:
    assert ferry.sources is not None
    got = [(s.title, s.outlet, s.date) for s in ferry.sources]
    assert got == [
        ("Ferry with 212 aboard runs aground off Kessel", "Nordwire", "2026-03-11"),
        (
            "Passengers describe panic as Aurelia Star grounds on Grey Bank",
            "Kessel Courier",
            "2026-03-12",
        ),
        (
            "Statement on the grounding of the passenger ferry Aurelia Star",
            "Ministry of Transport, press office",
            "2026-03-12",
        ),
    ]
    assert ferry.source.words == sum(s.words for s in ferry.sources)


def test_one_actor_per_real_actor_across_sources(ferry: Brief) -> None:
    _, lind_sources = actor(ferry, "Oskar Lind")
    assert lind_sources == [0, 2]
    maib, maib_sources = actor(ferry, "Maritime Accident Investigation Board")
    # The Courier's findings leave out "the MAIB" and the ministry's "Baltana Ferries'
    # licence", but their texts name them: they appear there.
    assert maib_sources == [0, 1, 2] and "MAIB" in maib.aliases
    _, baltana_sources = actor(ferry, "Baltana Ferries")
    assert baltana_sources == [0, 1, 2]
    _, varga_sources = actor(ferry, "Ilse Varga")
    assert varga_sources == [0, 1]
    names = [a.name for a in ferry.actors]
    assert len(names) == len(set(names))
    # Two people who share a surname stay two actors.
    assert "Joran Vell" in names and "Petra Vell" in names


def test_corroborated_claims_carry_every_sources_verified_quote(ferry: Brief) -> None:
    safe = claim_with(ferry, "All passengers and crew were evacuated safely")
    assert safe.sources is not None
    assert sorted(e.source for e in safe.sources) == [0, 1, 2]
    assert all(e.verified and e.paragraph for e in safe.sources)
    steering = claim_with(ferry, "a sudden steering failure")
    assert steering.sources is not None and [e.source for e in steering.sources] == [0, 1]
    # Every quote is in its own source, at the paragraph given.
    texts = [f.read_text(encoding="utf-8") for f in FILES]
    for c in ferry.claims:
        for e in c.sources or []:
            assert e.quote.rstrip(".") in texts[e.source]


def test_contradictions_name_both_sides(ferry: Brief) -> None:
    assert ferry.contradictions is not None
    pairs = {
        frozenset(ferry.claims[k].statement for k in c.claims): c.note for c in ferry.contradictions
    }
    notes = list(pairs.values())
    assert "different counts: 9 vs 14 people injured" in notes or (
        "different counts: 14 vs 9 people injured" in notes
    )
    assert any(n.startswith("different days") for n in notes)
    for c in ferry.contradictions:
        a, b = (ferry.claims[k] for k in c.claims)
        assert c.sources[0] in {e.source for e in a.sources or []}
        assert c.sources[1] in {e.source for e in b.sources or []}
        assert c.sources[0] != c.sources[1]


def test_one_timeline_with_dates_resolved_against_each_source(ferry: Brief) -> None:
    devs = ferry.developments
    assert devs and all(d.sources for d in devs)
    assert {s for d in devs for s in d.sources or []} == {0, 1, 2}
    dated = [d.date for d in devs if d.date]
    # The page's first items are in date order.
    shown = [d.date for d in devs[:8] if d.date]
    assert shown == sorted(shown)
    # "on Tuesday night" in a source dated Thursday 12 March is Tuesday 10 March.
    assert any(d.date == "2026-03-10" and "Tuesday" in (d.when or "") for d in devs), dated


def test_markdown_memo_has_the_merged_sections(ferry: Brief) -> None:
    memo = render(ferry)
    heads = [line[3:] for line in memo.splitlines() if line.startswith("## ")]
    assert heads == [
        "Bottom line",
        "Sources",
        "Actors",
        "Claims",
        "Contradictions",
        "Developments",
        "Outlook",
        "Gaps",
    ]
    assert "**3 sources**" in memo and "1 source only" in memo
    assert "Not found in source" not in memo


def test_json_is_additive(ferry: Brief) -> None:
    data = json.loads(render(ferry, "json"))
    assert len(data["sources"]) == 3
    assert {"path", "sha256", "words", "title", "outlet", "date"} <= set(data["sources"][0])
    assert all(isinstance(a["sources"], list) for a in data["actors"])
    first = data["claims"][0]
    assert set(first["sources"][0]) >= {"source", "quote", "verified", "paragraph"}
    assert all(len(c["claims"]) == 2 and c["note"] for c in data["contradictions"])
    assert all(d["sources"] for d in data["developments"])
    single = asyncio.run(
        pipeline.run(
            source.read_path(str(FILES[0])),
            OfflineEngine(),
            pipeline.plan(source.read_path(str(FILES[0])), 6000, 0, tokenize=False),
            "2026-01-01",
        )
    )
    one = json.loads(render(single, "json"))
    assert set(one) == {
        "schema_version", "title", "bottom_line", "actors", "claims", "developments",
        "outlook", "gaps", "source", "usage", "date",
    }  # fmt: skip
    assert "sources" not in one["claims"][0] and "sources" not in one["actors"][0]


def test_strict_json_renumbers_contradictions(ferry: Brief) -> None:
    # Mark one side of the first contradiction unverified: --strict drops it and the
    # contradiction with it, and the others still point at the right claims.
    assert ferry.contradictions
    gone = ferry.contradictions[0].claims[0]
    claims = list(ferry.claims)
    claims[gone] = claims[gone].model_copy(update={"verified": False})
    brief = ferry.model_copy(update={"claims": claims})
    data = json.loads(render(brief, "json", strict=True))
    statements = [c["statement"] for c in data["claims"]]
    for c in data["contradictions"]:
        i, j = c["claims"]
        assert 0 <= i < len(statements) and 0 <= j < len(statements)
    kept = [c for c in ferry.contradictions if gone not in c.claims]
    assert len(data["contradictions"]) == len(kept)


def test_same_inputs_give_the_same_brief() -> None:
    assert render(merged(), "json") == render(merged(), "json")


def test_one_source_is_counted_in_the_singular() -> None:
    bottom = merged(FILES[:1]).bottom_line
    assert "1 source;" in bottom and "1 sources" not in bottom


# -- the rules ------------------------------------------------------------------------------


def test_dates_resolve_against_the_source_date() -> None:
    wed = dt.date(2026, 3, 11)
    assert dating.resolve("late on Tuesday night", "ran aground", wed) == dt.date(2026, 3, 10)
    assert dating.resolve("on Wednesday", "arrived", wed) == wed
    assert dating.resolve("on Friday", "crews will try", wed) == dt.date(2026, 3, 13)
    assert dating.resolve("on Friday", "crews tried", wed) == dt.date(2026, 3, 6)
    assert dating.resolve("two days ago", "", wed) == dt.date(2026, 3, 9)
    assert dating.resolve("last week", "", wed) is None  # kept as written
    assert dating.resolve("on Tuesday", "", None) is None  # no source date
    assert dating.source_date("TALVIK, Nov. 3, 2026 (Nordwire) - x") == dt.date(2026, 11, 3)


def test_actor_merge_rules() -> None:
    def person(name: str, *aliases: str, role: str | None = None) -> Actor:
        return Actor(name=name, aliases=list(aliases), kind="person", role=role, stance=None)

    def org(name: str, *aliases: str) -> Actor:
        return Actor(name=name, aliases=list(aliases), kind="organisation", role=None, stance=None)

    groups = merge_across(
        [
            [person("Greta Mahl", "Mahl"), org("National Mining Inspectorate")],
            [person("Mahl"), org("NMI"), person("Ana Brisk")],
            [person("Piet Brisk"), person("the chief inspector"), org("Corvane Mining")],
            [person("Greta Mahl", role="chief inspector"), person("Brisk")],
        ]
    )
    by_name = {g.actor.name: g.sources for g in groups}
    assert by_name["Greta Mahl"] == [0, 1, 2, 3]  # source 2 calls her by her role
    assert by_name["National Mining Inspectorate"] == [0, 1]
    # Two Brisks: a lone "Brisk" could be either, so it stays apart.
    assert by_name["Ana Brisk"] == [1] and by_name["Piet Brisk"] == [2]
    assert by_name["Brisk"] == [3]
    # The role that one person holds names that person.
    assert "the chief inspector" not in by_name
    # A source that took a person's full name for an organisation does not keep her
    # surname, or her title and surname, from joining her.
    ross = merge_across(
        [[person("Anneli Ross", "Ross")], [org("Anneli Ross")], [person("Ms Ross")]]
    )
    assert [g.sources for g in ross] == [[0, 1, 2]]


def test_an_organisation_found_by_its_short_form_or_in_other_capitals() -> None:
    def org(name: str) -> Actor:
        return Actor(name=name, aliases=[], kind="organisation", role=None, stance=None)

    groups = merge_across(
        [[org("Osterdal Health Trust"), org("Aldmouth City Council")], [], [], []]
    )
    found_in_texts(
        groups,
        [
            "",
            "She said she had been made a scapegoat by the health trust.",
            "The Aldmouth city council closed the bridge.",
            "A health trust in another county said nothing.",  # no "the": not this one
        ],
    )
    by_name = {g.actor.name: g for g in groups}
    trust = by_name["Osterdal Health Trust"]
    assert trust.sources == [0, 1]
    assert [m.actor.name for m in trust.members if m.source == 1] == ["health trust"]
    assert by_name["Aldmouth City Council"].sources == [0, 2]


def test_statement_rules() -> None:
    def s(src: int, text: str) -> corroborate.Statement:
        return corroborate.Statement(src, text)

    nine = s(0, "Nine people were treated for minor injuries.")
    fourteen = s(1, "14 people had been treated for injuries.")
    assert corroborate.clash(nine, fourteen) == "different counts: 9 vs 14 people injured"
    assert not corroborate.same_claim(nine, fourteen)
    failed = s(0, "A sudden steering failure had forced the crew off course.")
    no_fault = s(1, "An inspection found no fault in the ferry's steering gear.")
    assert corroborate.clash(failed, no_fault) == "one denies what the other asserts: “no fault”"
    a = s(0, "About 600 homes were evacuated on Sunday.")
    b = s(1, "About 600 households were evacuated as a precaution.")
    assert corroborate.same_claim(a, b) and corroborate.clash(a, b) is None
    assert not corroborate.same_claim(a, s(0, "About 600 homes were evacuated."))  # one source


def test_counts_as_ranges() -> None:
    def s(src: int, text: str) -> corroborate.Statement:
        return corroborate.Statement(src, text)

    assert corroborate.digits("Nine hundred of our members, twenty-five, 1,200") == (
        "900 of our members, 25, 1200"
    )
    # "More than 200" allows 240; "some 280" does not reach past 300; words count as digits.
    assert not corroborate.disagreement(
        s(0, "More than 200 firefighters were at work."), s(1, "240 firefighters were at work.")
    )
    assert corroborate.disagreement(
        s(0, "It cancelled more than 300 flights."), s(1, "It cancelled some 280 flights.")
    )
    assert corroborate.disagreement(
        s(0, "Nine hundred workers walked out."), s(1, "About 1,200 workers walked out.")
    )
    # Spans of time compare in days, whatever their unit; percent in any spelling.
    weeks, months = (
        s(0, "Repairs will take around six weeks."),
        s(1, "Repairs will last three months."),
    )
    assert corroborate.clash(weeks, months) == "different counts: about 42 vs 90 days"
    assert corroborate.same_claim(
        s(0, "The company offered a 6 percent raise over two years."),
        s(1, "We offered six per cent over two years."),
    )


def test_people_counts_by_what_befell_them() -> None:
    def s(src: int, text: str, voice: bool = False) -> corroborate.Statement:
        return corroborate.Statement(src, text, voice=voice)

    # A situation report's "Label: number" counts what its label says, in any wording.
    report = s(1, "Fatalities: 3. Missing: 5. Persons evacuated: 2,100.", voice=True)
    assert report.counts == {
        "people dead": [(3, 3)],
        "people missing": [(5, 5)],
        "people evacuated": [(2100, 2100)],
    }
    assert s(0, "The flood killed four people.").counts == {"people dead": [(4, 4)]}
    assert s(0, "Three people died and five are missing.").counts == {
        "people dead": [(3, 3)],
        "people missing": [(5, 5)],
    }
    dead = s(1, "Fatalities: 3.", voice=True)
    assert corroborate.clash(s(0, "Floodwater swept through the town, killing four people."), dead)
    assert corroborate.same_claim(s(0, "Three people died in the floods."), dead)
    # Counts of people with nothing said of what befell them keep their own noun.
    assert not corroborate.disagreement(
        s(0, "About 40,000 residents were told to boil their water."),
        s(1, "Samples from two patients matched the strain found in the water."),
    )


def test_clock_times_in_any_notation() -> None:
    def s(src: int, text: str) -> corroborate.Statement:
        return corroborate.Statement(src, text)

    late = s(0, "The blast, at 11:40 p.m., shook the town.")
    assert corroborate.disagreement(late, s(1, "At approximately 23:15 the blast shook the town."))
    assert not corroborate.disagreement(late, s(1, "At 23:40 the blast shook the town."))
    # "About" allows a little either side, "shortly after" a little after.
    four = s(0, "The slide struck at about 4 a.m. in the village.")
    assert not corroborate.disagreement(four, s(1, "The slide struck at 04:10 in the village."))
    after_three = s(0, "The river broke through shortly after 3 a.m. in the town.")
    assert corroborate.disagreement(after_three, s(1, "The river rose at 02:30 in the town."))
    assert not corroborate.disagreement(after_three, s(1, "The river rose at 03:20 in the town."))
    # A 12-hour time without a.m. or p.m. is read from the part of the day, else either way.
    morning = s(1, "The river rose at about 2:30 on Tuesday morning.")
    assert morning.clock == {(150, 150 - corroborate.CLOCK_ABOUT, 150 + corroborate.CLOCK_ABOUT)}
    assert len(s(1, "The river rose at 2:30.").clock) == 2
    # A time is one fact, not two numbers.
    assert "@clock" in morning.stems and "#30" not in morning.stems


def test_days_said_on_and_negating_prefixes() -> None:
    def s(src: int, text: str) -> corroborate.Statement:
        return corroborate.Statement(src, text)

    said = s(0, "MIRNA, Wednesday 14 April - Three people died, officials said on Wednesday.")
    assert said.weekdays == set()
    assert s(0, "The bridge closed on Monday, the council said.").weekdays == {"monday"}
    safe, unsafe = s(0, "Drinking water in the town is safe."), s(1, "Water in the town is unsafe.")
    assert corroborate.clash(unsafe, safe) == "one denies what the other asserts: “unsafe”"
    assert not corroborate.same_claim(unsafe, safe)
    assert not corroborate.clash(s(0, "The union said the plan was unfair."), safe)


def test_shared_figures_and_folded_words() -> None:
    def s(src: int, text: str, voice: bool = False) -> corroborate.Statement:
        return corroborate.Statement(src, text, voice=voice)

    # One exact figure for one thing, in two sources' own words, carries a claim.
    received = s(
        0, "The clinic received 3.4 million crowns in bonuses between 2022 and 2024.", True
    )
    repaid = s(
        2, "The Trust repaid the full bonus of 3.4 million crowns to the state in 2025.", True
    )
    assert corroborate.same_figure(received, repaid) and corroborate.same_claim(received, repaid)
    paid = s(1, "The clinic was paid 2.9 million crowns in bonuses.", True)
    assert not corroborate.same_figure(received, paid) and not corroborate.same_claim(
        received, paid
    )
    assert corroborate.clash(received, paid) == "different counts: 3,400,000 vs 2,900,000 crown"
    # A group's first word folds in every inflection ("closed", "closes") as its others do.
    assert corroborate.stem("closed") == corroborate.stem("shut") == corroborate.stem("closes")
    assert corroborate.stem("bonus") == corroborate.stem("bonuses")
    # Two sources' own sentences that share most of the shorter one are one claim.
    assert corroborate.same_claim(
        s(0, "The main motorway to Dolen was shut.", True),
        s(1, "The A4 motorway between Mirna and Dolen remains closed.", True),
    )
    # A sentence that sets one event the day after another holds no one day of its own.
    monday = s(0, "The council closed the bridge on Monday after cracks were found in it.")
    tuesday = s(1, "Drivers queued on Tuesday, the day after the council shut the bridge.")
    assert tuesday.weekdays == set() and corroborate.clash(monday, tuesday) is None


def test_calendar_days_and_numbers_beside_them() -> None:
    def s(src: int, text: str) -> corroborate.Statement:
        return corroborate.Statement(src, text)

    june = s(1, "Operations will cease on 30 June 2027, the company said.")
    assert june.dates == {(6, 30)} and "@06-30" in june.stems
    assert s(0, "STUTTFELD, Sept. 7, 2027 (Meridian) - It ended on Sept. 9.").dates == {(9, 9)}
    assert corroborate.clash(june, s(0, "Operations will cease on 31 July, the company said."))
    assert corroborate.same_claim(june, s(0, "The company will cease operations on June 30."))
    # A day of the month is no count, and a year is never read with the number after it.
    dead = s(2, "MIRNA, Wednesday 14 April 2027 - Three people died on 13 April.")
    assert dead.counts == {"people dead": [(3, 3)]}
    assert corroborate.digits("in 2027 - Three people; 1.2 million; nine hundred and five") == (
        "in 2027 - 3 people; 1200000; 905"
    )


def test_denials_and_voices() -> None:
    def s(src: int, text: str, voice: bool = False) -> corroborate.Statement:
        return corroborate.Statement(src, text, voice=voice)

    # The negated word must be what both speak of, past verbs with no content of their own.
    offer = s(0, "The company had offered a 6 percent raise.")
    assert corroborate.clash(offer, s(1, "It has never put a 6 percent offer on the table."))
    reopen = s(0, "We will not reopen the bridge until it is safe.")
    assert not corroborate.clash(reopen, s(1, "The council closed the bridge on Monday."))
    # Two statements that both say "no" do not deny each other.
    assert not corroborate.clash(
        s(0, "Nobody had been injured at the plant."), s(1, "No employee was injured at the plant.")
    )
    # A source's own sentence needs more in common with a claim than another claim would.
    claim = s(0, "Repairs to the pumps were finished.")
    assert corroborate.same_claim(claim, s(1, "The pumps were repaired."))
    assert not corroborate.same_claim(
        claim, s(1, "The pumps at the station were repaired.", voice=True)
    )
    # ... unless the claim holds all it says, in words, not figures.
    assert corroborate.same_claim(claim, s(1, "The pumps were repaired.", voice=True))
    assert corroborate.same_claim(
        s(0, "Brenvik school will remain closed for the rest of the week.", voice=True),
        s(1, "The school is closed.", voice=True),
    )
    assert not corroborate.same_claim(
        s(0, "The roof fell in, injuring seven pupils, two of them seriously.", voice=True),
        s(1, "Two of them were still in hospital on Tuesday.", voice=True),
    )
    assert not corroborate.same_claim(s(0, "X", voice=True), s(1, "X", voice=True))
    # Two sources' own sentences clash on a count or a time with little in common; on a
    # day only with more (a sentence holds several events).
    four = s(0, "Its systems were restored at 4 p.m. and flights resumed.", voice=True)
    six = s(1, "Our systems were fully restored at 6 p.m.", voice=True)
    assert corroborate.clash(four, six) == "different times: 16:00 vs 18:00"
    monday = s(0, "The council closed the bridge on Monday after cracks were found.", voice=True)
    tuesday = s(1, "Drivers queued on Tuesday, the day after the council closed it.", voice=True)
    assert corroborate.clash(monday, tuesday) is None
    assert corroborate.same_claim(
        s(0, "We will not reopen the bridge until it is safe."),
        s(1, "The bridge will stay closed until engineers say it is safe.", voice=True),
    )
    # One actor making both statements lowers the bar.
    a = corroborate.Statement(0, "The fault came from a failed software update, not an attack.")
    b = corroborate.Statement(
        1, "She blamed a faulty update for the chaos at the depot and the terminal."
    )
    assert not corroborate.same_claim(a, b)
    assert corroborate.same_claim(
        corroborate.Statement(0, a.text, actor=3), corroborate.Statement(1, b.text, actor=3)
    )


def test_links_are_checked() -> None:
    def claim(quote: str, verified: bool = True) -> CheckedClaim:
        return CheckedClaim(
            statement=quote, claimant="X", quote=quote, kind="assertion", hedging=None,
            verified=verified, paragraph=1 if verified else None,
        )  # fmt: skip

    flat = [
        merge.FlatClaim(0, claim("a")),
        merge.FlatClaim(0, claim("b")),
        merge.FlatClaim(1, claim("c")),
        merge.FlatClaim(2, claim("d", verified=False)),
    ]
    groups = merge.checked_groups(
        [ClaimGroup(claims=[0, 1, 2]), ClaimGroup(claims=[2, 3]), ClaimGroup(claims=[9, 1])],
        flat,
    )
    assert groups == [[0, 2]]  # one claim per source; unverified and unknown claims dropped

    def clash(i: int, j: int, sources: list[int]) -> ClaimClash:
        return ClaimClash(claims=[i, j], sources=sources, note="n")

    kept = merge.checked_clashes(
        [
            clash(0, 2, [0, 1]),  # right
            clash(0, 1, [0, 0]),  # one source
            clash(1, 2, [0, 2]),  # says the wrong source
            clash(2, 3, [1, 2]),  # an unverified quote
            clash(0, 7, [0, 1]),  # no such claim
            clash(2, 0, [1, 0]),  # the first again, reversed
        ],
        flat,
    )
    assert [c.claims for c in kept] == [[0, 2]]


def test_model_links_must_be_borne_out() -> None:
    def claim(text: str) -> CheckedClaim:
        return CheckedClaim(
            statement=text, claimant="X", quote=text, kind="assertion", hedging=None,
            verified=True, paragraph=1,
        )  # fmt: skip

    flat = [
        merge.FlatClaim(0, claim("Nine people were treated for injuries at the hospital.")),
        merge.FlatClaim(1, claim("Fourteen people were treated for injuries.")),
        merge.FlatClaim(2, claim("The minister will visit the port on Friday.")),
    ]
    groups, clashes = merge.borne_out(
        [ClaimGroup(claims=[0, 1, 2]), ClaimGroup(claims=[0, 5])],
        [
            ClaimClash(claims=[0, 1], sources=[0, 1], note="9 vs 14"),
            ClaimClash(claims=[1, 2], sources=[1, 2], note="nothing in common"),
            ClaimClash(claims=[0, 7], sources=[0, 1], note="no such claim"),
        ],
        flat,
        [],
    )
    assert [g.claims for g in groups] == [[0, 1], []]
    assert [c.note for c in clashes] == ["9 vs 14"]


def test_a_sources_own_words_carry_a_claim() -> None:
    def plan(name: str, text: str) -> pipeline.Plan:
        return pipeline.plan(source.from_text(text, name, text.encode()), 800, 50, False)

    wire = plan(
        "wire.txt",
        "Pumps fail at Harrow mine\n\nHARROW, May 5, 2026 (Nordwire) - Ruben Alder said "
        "the drainage pumps in the lower section had failed on Tuesday night.\n",
    )
    notice = plan(
        "notice.txt",
        "Statement from Harrow Mining on the flooding\n\n5 May 2026\n\n"
        "The drainage pumps in the lower section failed late on Tuesday night.\n",
    )
    brief = asyncio.run(merge.run([wire, notice], OfflineEngine(), "2026-01-01"))
    carried = [c for c in brief.claims if len(c.sources or []) == 2]
    assert len(carried) == 1
    own = [e for e in carried[0].sources or [] if e.source == 1]
    # No outlet named: the statement's title speaks, and its words are verified where they stand.
    assert own[0].claimant == "Statement from Harrow Mining on the flooding"
    assert own[0].verified and own[0].paragraph == 3
    assert not merge.unnamed(own[0].claimant)


def test_unnamed_sources() -> None:
    assert merge.unnamed("a person familiar with the matter")
    assert merge.unnamed("officials")
    assert merge.unnamed("A senior official")
    assert not merge.unnamed("Ilse Varga")


# -- the command ----------------------------------------------------------------------------


def test_brief_merge_folder_to_file(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env.update(BRIEFER_CONFIG=os.devnull, BRIEFER_DATE="2026-01-01")
    out = tmp_path / "briefs"
    out.mkdir()
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    proc = subprocess.run(
        [script("brief"), "--mock", "--merge", str(FERRY), str(bad), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    # The unreadable input fails alone, in one line; the others are still briefed.
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "empty.txt" in proc.stderr
    memo = (out / "merged.brief.md").read_text(encoding="utf-8")
    assert memo.startswith("# ") and "\n## Contradictions\n" in memo
    assert "Sources: 3 · " in memo


def test_a_single_brief_does_not_load_the_merge_machinery(tmp_path: Path) -> None:
    """`brief --mock FILE` stays fast: the merge modules and dateparser load only with
    --merge."""
    code = (
        "import sys\n"
        "from briefer import config, run\n"
        f"run.main(config.load({{'mock': True}}), run.RunOptions(files=[{str(FILES[0])!r}]))\n"
        "names = ('dateparser', 'briefer.merge', 'briefer.dating')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print('loaded:', heavy, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env["BRIEFER_CONFIG"] = os.devnull
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "loaded: []" in proc.stderr


def test_each_source_s_quote_carries_offsets_into_that_source(ferry: Brief) -> None:
    data = json.loads(render(ferry, "json"))
    docs = [source.read_path(str(f)) for f in FILES]
    checked = 0
    for claim in data["claims"]:
        for entry in claim["sources"]:
            if not entry["verified"]:
                assert entry["start"] is None and entry["end"] is None
                continue
            doc = docs[entry["source"]]
            found = locate(entry["quote"], doc)
            assert (entry["start"], entry["end"]) == (found.start, found.end)
            assert doc.paragraph_at(entry["start"]) == entry["paragraph"]
            checked += 1
    assert checked >= 3
