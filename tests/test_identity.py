"""Actors merged across sources: the classes of name a source may use for one actor."""

from __future__ import annotations

from briefer.identity import MergedActor, found_in_texts, merge_across
from briefer.schema import Actor


def org(name: str, *aliases: str, kind: str = "organisation") -> Actor:
    return Actor(name=name, aliases=list(aliases), kind=kind, role=None, stance=None)  # type: ignore[arg-type]


def person(name: str, *aliases: str, role: str | None = None) -> Actor:
    return Actor(name=name, aliases=list(aliases), kind="person", role=role, stance=None)


def sources_of(groups: list[MergedActor]) -> dict[str, list[int]]:
    return {g.actor.name: g.sources for g in groups}


def test_a_legal_form_is_part_of_no_name() -> None:
    groups = merge_across(
        [[org("Tessaly Pumps AG")], [org("Tessaly Pumps")], [org("Tessaly", kind="company")]]
    )
    assert len(groups) == 1 and groups[0].sources == [0, 1, 2]
    # Two firms that share a first word but not a name stay apart, with or without "AG".
    apart = merge_across([[org("Tessaly Pumps AG")], [org("Tessaly Valves")]])
    assert len(apart) == 2


def test_one_source_s_variants_of_one_organisation_are_one() -> None:
    groups = merge_across(
        [[org("Orrin Cells GmbH"), org("Orrin Cells"), org("Orrin")], [org("Orrin")]]
    )
    assert sources_of(groups) == {"Orrin Cells GmbH": [0, 1]}
    assert set(groups[0].actor.aliases) >= {"Orrin Cells", "Orrin"}


def test_an_organisation_a_source_took_for_a_person() -> None:
    # By an organisation's word in its name, or a one-word name another source gives to an
    # organisation: the source's "person" is that organisation.
    groups = merge_across(
        [
            [person("Halden Port Authority", role="landlord"), person("Quorvik", role="owner")],
            [org("Halden Port Authority"), org("Quorvik")],
        ]
    )
    assert sources_of(groups) == {"Halden Port Authority": [0, 1], "Quorvik": [0, 1]}
    assert {g.actor.kind for g in groups} == {"organisation"}
    # A person's full name stays a person's, whatever another source took it for.
    people = merge_across([[person("Liv Tander")], [org("Liv Tander")], [person("Ms Tander")]])
    assert [g.sources for g in people] == [[0, 1, 2]]
    assert people[0].actor.kind == "person"


def test_a_short_form_names_the_one_organisation_it_fits() -> None:
    groups = merge_across(
        [
            [org("Ministry of Fisheries"), org("Brask Harbour Authority")],
            [org("fisheries ministry", kind="group"), org("Harbour authority", kind="group")],
            [org("Ministry", kind="group")],
        ]
    )
    assert sources_of(groups) == {
        "Ministry of Fisheries": [0, 1, 2],
        "Brask Harbour Authority": [0, 1],
    }


def test_a_short_form_that_fits_two_organisations_stays_apart() -> None:
    groups = merge_across(
        [
            [org("Ministry of Fisheries"), org("Ministry of Finance")],
            [org("the ministry", kind="group")],
        ]
    )
    assert len(groups) == 3
    assert sources_of(groups)["the ministry"] == [1]
    # Nor does a group of people join an organisation because a word matches.
    groups = merge_across([[org("Harbour Workers Union")], [org("workers", kind="group")]])
    assert len(groups) == 2


def test_found_in_texts_by_a_short_form_or_a_one_word_name() -> None:
    groups = merge_across(
        [
            [org("Ministry of Fisheries"), org("Quorvik")],
            [org("Quorvik")],
            [],
            [],
        ]
    )
    found_in_texts(
        groups,
        [
            "",
            "",
            "Quorvik's trawlers stayed in port, the ministry said.",
            "A ministry in another country said nothing. Quorvikian.",  # no "the", no name
        ],
    )
    by_name = {g.actor.name: g for g in groups}
    assert by_name["Ministry of Fisheries"].sources == [0, 2]
    assert by_name["Quorvik"].sources == [0, 1, 2]
    # With two ministries in the set, "the ministry" names neither.
    two = merge_across([[org("Ministry of Fisheries"), org("Ministry of Finance")], []])
    found_in_texts(two, ["", "Quotas fall, the ministry said."])
    assert all(g.sources == [0] for g in two)


def test_titles_before_a_name_are_no_part_of_it() -> None:
    groups = merge_across(
        [
            [person("Detective Chief Inspector Runa Haldis"), person("DCI Haldis")],
            [person("Haldis")],
            [person("Runa Haldis", role="detective")],
        ]
    )
    assert sources_of(groups) == {"Runa Haldis": [0, 1, 2]}
    assert "Detective Chief Inspector Runa Haldis" in groups[0].actor.aliases
    # A first name that is a title elsewhere stays a first name only where none is listed:
    # "Dean Holm" and "Ola Holm" are two people.
    two = merge_across([[person("Dean Holm")], [person("Ola Holm")], [person("Holm")]])
    assert len(two) == 3


def test_a_role_names_the_one_person_who_holds_it_whoever_s_it_is() -> None:
    def described(name: str) -> Actor:
        return Actor(name=name, aliases=[], kind="person", role=None, stance=None)

    groups = merge_across(
        [
            [person("Sigrun Male", role="Kettle Ferries chief executive"), org("Kettle Ferries")],
            [described("the company's chief executive"), org("Kettle Ferries")],
            [described("the harbour master"), person("Ana Ruiz", role="Harbour Master")],
        ]
    )
    assert sources_of(groups)["Sigrun Male"] == [0, 1]
    assert sources_of(groups)["Ana Ruiz"] == [2]  # one source's two actors stay two
    # Two chief executives: the role names neither.
    two = merge_across(
        [
            [person("Sigrun Male", role="chief executive of Kettle Ferries")],
            [person("Oddny Vik", role="Brask Rail chief executive")],
            [described("the chief executive")],
        ]
    )
    assert len(two) == 3


def test_found_in_a_text_by_its_acronym() -> None:
    groups = merge_across([[org("Halden Water Board")], [org("Halden Water Board")], [], []])
    found_in_texts(
        groups,
        ["", "", "A HWB engineer said the pipes were sound.", "HWBX said nothing."],
    )
    assert groups[0].sources == [0, 1, 2]


def test_a_shorter_name_inside_one_longer_organisation_s_name() -> None:
    groups = merge_across(
        [
            [org("Fire and Rescue Service of the Selmar District")],
            [org("Selmar District Fire and Rescue Service"), org("Fire and Rescue Service")],
            [org("Fire and Rescue Service")],
        ]
    )
    assert sources_of(groups) == {"Fire and Rescue Service of the Selmar District": [0, 1, 2]}
    # Words after the shorter name make another organisation: a town is not its hospital.
    apart = merge_across([[org("Dalby Vest")], [org("Dalby Vest Hospital")]])
    assert len(apart) == 2
    # Inside two longer names, it names neither.
    two = merge_across(
        [[org("Coast Guard")], [org("Northern Coast Guard")], [org("Southern Coast Guard")]]
    )
    assert len(two) == 3


def test_found_in_a_text_by_any_long_name_in_other_capitals() -> None:
    groups = merge_across(
        [[org("Selmar District Fire and Rescue Service"), org("Fire and Rescue Service")], []]
    )
    found_in_texts(groups, ["", "FIRE AND RESCUE SERVICE OF THE SELMAR DISTRICT\n03:10 - Call."])
    assert groups[0].sources == [0, 1]


def test_a_middle_initial_a_heading_s_capitals_and_a_lone_surname() -> None:
    groups = merge_across(
        [
            [person("Ines Marbury")],
            [org("INES K. MARBURY")],  # a court caption, taken for an organisation
            [org("Marbury")],  # the surname alone, taken for an organisation
        ]
    )
    assert sources_of(groups) == {"Ines Marbury": [0, 1, 2]}
    assert groups[0].actor.kind == "person"
    # Another first name is another person, initial or not.
    apart = merge_across([[person("Ines Marbury")], [person("Tomas K. Marbury")]])
    assert len(apart) == 2
    # A one-word name that begins an organisation's name stays that organisation's.
    firm = merge_across([[person("Ines Marbury"), org("Marbury Freight")], [org("Marbury")]])
    assert sources_of(firm)["Marbury Freight"] == [0, 1]


def test_a_hyphenated_given_name_is_part_of_the_name() -> None:
    from briefer.offline.actors import _cap

    assert _cap("Seo-yeon") and _cap("Ji-woo")
    assert not _cap("Soviet-era") and not _cap("UK-based") and not _cap("Kyiv-led")
