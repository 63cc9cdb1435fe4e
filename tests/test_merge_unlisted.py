"""Actors that a source's own listing leaves out or names only by a role or a kind of body,
joined across sources by the merge: crew and site roles, a body named bare and qualified."""

from __future__ import annotations

from briefer.identity import MergedActor, found_in_texts, merge_across
from briefer.schema import Actor


def org(name: str, kind: str = "organisation") -> Actor:
    return Actor(name=name, aliases=[], kind=kind, role=None, stance=None)  # type: ignore[arg-type]


def by_name(groups: list[MergedActor]) -> dict[str, list[int]]:
    return {g.actor.name: sorted(m.source for m in g.members) for g in groups}


def test_a_crew_role_several_sources_name_is_one_actor() -> None:
    groups = merge_across([[], [], []])
    found_in_texts(
        groups,
        [
            "Three were aboard: the captain, the navigator and a purser.",
            "Our navigator was not hurt. The purser was treated.",
            "A navigator and two deckhands swam ashore.",
        ],
    )
    found = by_name(groups)
    assert found["navigator"] == [0, 1, 2]
    assert found["purser"] == [0, 1]


def test_a_role_written_as_one_word_with_its_head_is_a_role() -> None:
    groups = merge_across([[], [], []])
    found_in_texts(
        groups,
        [
            "The harbourmaster closed the quay.",
            "Our harbourmaster said the quay was shut. The gatekeeper left.",
            "A gatekeeper saw the van.",
        ],
    )
    found = by_name(groups)
    assert found["harbourmaster"] == [0, 1]
    assert found["gatekeeper"] == [1, 2]
    # A word that ends in a role but names a thing is no compound of a person's role.
    none = merge_across([[], []])
    found_in_texts(none, ["The autopilot was off.", "The autopilot failed."])
    assert none == []


def test_a_role_with_a_modifier_is_told_from_the_same_noun_with_another() -> None:
    groups = merge_across([[], [], []])
    found_in_texts(
        groups,
        [
            "The first officer was hurt; a police officer took notes.",
            "The first officer has 2,000 hours.",
            "The officer declined to comment.",
        ],
    )
    found = by_name(groups)
    assert found == {"first officer": [0, 1]}


def test_a_body_named_bare_and_qualified_is_one_body_when_no_qualifier_clashes() -> None:
    groups = merge_across([[org("Velmar Rail")], [], [], []])
    found_in_texts(
        groups,
        [
            "Farmers want the government to act. The government declined.",
            "The Osmerian government said it regretted the delay.",
            "The government has formed a panel.",
            "Nothing here.",
        ],
    )
    gov = next(g for g in groups if "government" in g.actor.name.lower())
    assert sorted(m.source for m in gov.members) == [0, 1, 2]
    assert {m.actor.name for m in gov.members} == {"government", "Osmerian government"}


def test_a_lower_case_qualifier_names_the_body_as_the_sources_write_it() -> None:
    groups = merge_across([[], [], []])
    found_in_texts(
        groups,
        [
            "Both were taken to the county hospital for checks.",
            "A doctor at the county hospital said one was kept in.",
            "They were examined at the county hospital and released.",
        ],
    )
    assert by_name(groups) == {"county hospital": [0, 1, 2]}


def test_two_qualifiers_are_two_bodies_and_a_bare_word_names_neither() -> None:
    groups = merge_across([[], [], [], []])
    found_in_texts(
        groups,
        [
            "Drivers said the Osmerian police used spray.",
            "Drivers said Osmerian police opened a lane. The police left.",
            "The Tarvish police closed their side.",
            "The police made no arrests.",
        ],
    )
    assert by_name(groups) == {"Osmerian police": [0, 1]}
    # A qualifier that is a day opens no name ("On Monday police detained six").
    days = merge_across([[], []])
    found_in_texts(days, ["On Monday police detained six.", "Meanwhile police said six were held."])
    assert {m.actor.name for g in days for m in g.members} == {"police"}


def test_a_listed_body_takes_a_source_s_bare_or_matching_qualified_mention_only() -> None:
    groups = merge_across([[org("Osmerian Police")], [], [], []])
    found_in_texts(
        groups,
        [
            "",
            "Witnesses said Osmerian police opened a lane.",
            "The police made no arrests.",
            "The Tarvish police closed their side; police said little.",
        ],
    )
    assert by_name(groups)["Osmerian Police"] == [0, 1, 2]
    assert [m.actor.name for m in groups[0].members] == [
        "Osmerian Police",
        "Osmerian police",
        "police",
    ]


def test_a_source_listing_a_body_bare_and_qualified_lists_one_body() -> None:
    groups = merge_across(
        [
            [org("Police", "group")],
            [org("Police", "group"), org("Osmerian Police")],
            [org("Osmerian police", "group")],
        ]
    )
    assert [(g.actor.name.lower(), g.sources) for g in groups] == [("osmerian police", [0, 1, 2])]
    # With two qualified bodies of the kind in that source, the bare one is neither.
    two = merge_across(
        [[org("Police", "group"), org("Osmerian Police"), org("Tarvish Police")], []]
    )
    assert len(two) == 3


def person(name: str) -> Actor:
    return Actor(name=name, aliases=[], kind="person", role=None, stance=None)


def test_a_given_name_of_two_syllables_is_one_name_hyphenated_spaced_or_run_together() -> None:
    groups = merge_across(
        [[person("Park Ji-won")], [person("PARK JI WON")], [person("Park Jiwon")]]
    )
    assert [g.sources for g in groups] == [[0, 1, 2]]
    # Two people whose run-together names differ stay apart.
    apart = merge_across([[person("Park Ji-won")], [person("Park Jiwoo")]])
    assert len(apart) == 2


def test_a_family_name_written_first_names_the_one_person_who_bears_it() -> None:
    groups = merge_across(
        [[person("Captain Chae Min-ho"), person("Ona Vilks")], [person("Captain Chae")]]
    )
    assert sorted(g.sources for g in groups) == [[0], [0, 1]]
    chae = next(g for g in groups if g.sources == [0, 1])
    assert "Captain Chae" in chae.actor.aliases
    # A hyphenated surname ("Lund-Berg") is no given name: its first word is no family name.
    apart = merge_across([[person("Anna Lund-Berg")], [person("Mrs Anna")]])
    assert len(apart) == 2


def test_a_hyphenated_given_name_is_found_run_together_in_another_source() -> None:
    groups = merge_across([[person("Chae Min-ho")], []])
    found_in_texts(groups, ["", "The two masters, Chae Minho and another, were charged."])
    assert groups[0].sources == [0, 1]


def test_a_legal_form_after_an_abbreviation_s_dot_is_the_name_as_written() -> None:
    groups = merge_across(
        [[org("Tarvo Marine Co")], [org("Tarvo Marine Co")], [org("Tarvo Marine")]]
    )
    found_in_texts(
        groups,
        [
            "Statement of Tarvo Marine Co., Ltd. on the arrest.",
            "Their employer, Tarvo Marine Co. Ltd., has given an undertaking.",
            "They are owned by Tarvo Marine Company Limited of Osmeria.",
        ],
    )
    written = [m.actor.aliases for m in groups[0].members]
    assert written == [
        ["Tarvo Marine Co., Ltd."],
        ["Tarvo Marine Co. Ltd."],
        ["Tarvo Marine Company Limited"],
    ]
    # A sentence's full stop after the name adds nothing.
    plain = merge_across([[org("Tarvo Marine Co")], [org("Tarvo Marine Co")]])
    found_in_texts(plain, ["They sued Tarvo Marine Co. Later it settled.", ""])
    assert [m.actor.aliases for m in plain[0].members] == [[], []]


def test_a_body_named_after_its_town_in_several_words_is_one_body() -> None:
    groups = merge_across([[org("Velmar Rail")], [], [], []])
    found_in_texts(
        groups,
        [
            "The plane overran the runway at Nova Brăila airport late on Monday.",
            "Serious incident, YR-ABC, Nova Braila Airport\n\nBUREAU NOTICE",
            "It landed at Nova Brăila Airport on the night of 3 May. The airport was shut.",
            "The Nova Brăila Airport Authority said nothing.",  # a longer name: no mention
        ],
    )
    airport = next(g for g in groups if "airport" in g.actor.name.lower())
    assert sorted(m.source for m in airport.members) == [0, 1, 2]
    # Two towns' airports are two bodies, and "the airport" names neither.
    two = merge_across([[], [], []])
    found_in_texts(
        two,
        [
            "It left from Osk Lenna airport.",
            "It was bound for Tarvo airport; the airport was shut.",
            "Flights to Osk Lenna airport resumed.",
        ],
    )
    assert {g.actor.name: g.sources for g in two} == {"Osk Lenna airport": [0, 2]}


def test_a_role_set_off_by_a_name_is_that_person_s() -> None:
    groups = merge_across([[], []])
    found_in_texts(
        groups, ["Our navigator, Ilse Marren, was unhurt.", "The navigator swam ashore."]
    )
    assert [(g.actor.name, g.sources) for g in groups] == [("Ilse Marren", [0, 1])]
    assert {m.actor.name for m in groups[0].members} == {"Ilse Marren", "navigator"}
    # A person the set lists takes the role's mentions; no second actor is made.
    listed = merge_across([[person("Ilse Marren")], []])
    found_in_texts(
        listed, ["Our navigator, Captain Ilse Marren, was unhurt.", "The navigator swam ashore."]
    )
    assert [(g.actor.name, g.sources) for g in listed] == [("Ilse Marren", [0, 1])]
    # A firm set off after a role is no person; two names for one role name neither.
    firm = merge_across([[], []])
    found_in_texts(firm, ["The contractor, Brask Rail Services, said.", "The contractor left."])
    assert [g.actor.name for g in firm] == ["contractor"]
    two = merge_across([[], []])
    found_in_texts(
        two, ["Our navigator, Ilse Marren, was unhurt.", "The navigator, Oda Venn, swam ashore."]
    )
    assert two == []
