"""Actors merged across sources by the forms a name takes in other hands: letters with and
without their marks, middle names, an organisation's frame and the rest of its "of"."""

from __future__ import annotations

from briefer.identity import MergedActor, fold, found_in_texts, merge_across, within
from briefer.schema import Actor


def org(name: str, kind: str = "organisation") -> Actor:
    return Actor(name=name, aliases=[], kind=kind, role=None, stance=None)  # type: ignore[arg-type]


def person(name: str, role: str | None = None) -> Actor:
    return Actor(name=name, aliases=[], kind="person", role=role, stance=None)


def sources_of(groups: list[MergedActor]) -> dict[str, list[int]]:
    return {g.actor.name: g.sources for g in groups}


def test_letters_are_compared_without_their_marks() -> None:
    assert fold("gökçe sarı") == "gokce sari"
    assert fold("søren łukasz straße") == "soren lukasz strasse"
    assert fold("plain") == "plain"
    groups = merge_across(
        [
            [org("Velkoş Madencilik")],
            [org("Velkos Madencilik")],
            [person("Ms Nurel Özkan")],
            [person("Nurel Ozkan")],
        ]
    )
    assert sorted(g.sources for g in groups) == [[0, 1], [2, 3]]
    # Folding joins only names that are one name once folded.
    apart = merge_across([[person("Nurel Özkan")], [person("Nurel Özcan")]])
    assert len(apart) == 2


def test_middle_names_join_a_first_name_and_surname_when_one_person_fits() -> None:
    groups = merge_across(
        [
            [person("Tomas Wekesa Oduya"), person("Lina Achola Marwa")],
            [person("Tomas Oduya"), person("Lina Marwa")],
            [person("Mrs Marwa")],
        ]
    )
    assert sources_of(groups) == {"Tomas Wekesa Oduya": [0, 1], "Lina Achola Marwa": [0, 1, 2]}
    # Two people whose middle names differ both fit "Tomas Oduya": it names neither.
    two = merge_across(
        [[person("Tomas Wekesa Oduya")], [person("Tomas Kiprop Oduya")], [person("Tomas Oduya")]]
    )
    assert len(two) == 3
    # A surname's particle is no middle name: "Ana de la Cruz" is not "Ana Cruz".
    assert len(merge_across([[person("Ana de la Cruz")], [person("Ana Cruz")]])) == 2


def test_an_organisation_s_frame_and_the_rest_of_its_of_are_no_other_body() -> None:
    assert within("velmar coal board", "velmar coal board general directorate")
    assert within("ministry of labour", "ministry of labour and social security")
    assert within("osla rovers", "osla rovers football club")
    # Other words after a name name something else.
    assert not within("novy brod", "novy brod hospital")
    assert not within("osla rovers", "osla rovers supporters club")
    # "and" after a name with no "of" joins two names, not one body's.
    assert not within("osla rovers", "osla rovers and gombe united")
    # A body named after "of" owns the longer one: "the fire service"'s arson directorate.
    assert not within("fire service", "arson directorate of the fire service")
    groups = merge_across(
        [
            [org("Ministry of Labour and Social Security"), org("Velmar Coal Board")],
            [org("Ministry of Labour"), org("Velmar Coal Board General Directorate")],
        ]
    )
    assert sources_of(groups) == {
        "Ministry of Labour and Social Security": [0, 1],
        "Velmar Coal Board General Directorate": [0, 1],
    }
    # Two longer ministries that the short name fits: it names neither.
    two = merge_across(
        [
            [org("Ministry of Labour and Social Security")],
            [org("Ministry of Labour and Employment")],
            [org("Ministry of Labour")],
        ]
    )
    assert len(two) == 3
    # The directorate of a service is not that service.
    apart = merge_across([[org("Arson Directorate of the Fire Service")], [org("Fire Service")]])
    assert len(apart) == 2


def test_a_kind_of_body_in_lower_case_names_the_one_body_of_that_kind() -> None:
    groups = merge_across([[org("Vessmar Constabulary"), org("Ministry of Ports")], [], [], []])
    found_in_texts(
        groups,
        [
            "",
            "Police said the line would reopen.",
            "The crossing was closed by police officers at dawn.",
            "A policeman's hat was found.",  # no group word
        ],
    )
    assert sources_of(groups)["Vessmar Constabulary"] == [0, 1, 2]
    # With two police bodies in the set, "police" names neither.
    two = merge_across([[org("Vessmar Constabulary"), org("Brask Police Service")], []])
    found_in_texts(two, ["", "Police said the line would reopen."])
    assert all(g.sources == [0] for g in two)
    # "the court" only after "the": "court fees" names no court.
    court = merge_across([[org("Harlow Crown Court")], [], []])
    found_in_texts(court, ["", "Court fees rose.", "He told the court he was innocent."])
    assert court[0].sources == [0, 2]


def test_a_short_form_of_two_words_is_found_without_the_and_as_one_word() -> None:
    groups = merge_across([[org("Osterdal Coast Guard")], [], [], []])
    found_in_texts(
        groups,
        ["", "They were taken off by coastguard vessels.", "Coast guard boats came.", "A guard."],
    )
    assert groups[0].sources == [0, 1, 2]


def test_a_role_in_lower_case_names_the_one_person_who_holds_it() -> None:
    groups = merge_across(
        [[person("Petra Saloum", role="mayor of the town")], [person("Petra Saloum")], []]
    )
    found_in_texts(groups, ["", "", "The mayor criticised the response."])
    assert groups[0].sources == [0, 1, 2]
    two = merge_across(
        [[person("Petra Saloum", role="mayor"), person("Ivo Marek", role="mayor of Brask")], []]
    )
    found_in_texts(two, ["", "The mayor criticised the response."])
    assert all(g.sources == [0] for g in two)


def test_a_short_name_joins_its_longer_form_before_a_lone_first_word_does() -> None:
    # "Velmora" alone (a town) must not take the hospital's place in source 1.
    groups = merge_across(
        [[org("Velmora District Hospital")], [org("Velmora"), org("District Hospital")]]
    )
    assert sources_of(groups)["Velmora District Hospital"] == [0, 1]
    hospital = next(g for g in groups if g.actor.name == "Velmora District Hospital")
    assert "District Hospital" in hospital.actor.aliases


def test_a_name_two_sources_give_once_is_an_actor() -> None:
    from briefer.identity import with_shared_names
    from briefer.offline.core import named_once

    texts = [
        "MARVEK, May 3 - Fans were crushed at the gate before the match against Talvik "
        "Rovers on Sunday, officials said. Water rose along the Orvan Tal river overnight.",
        "Rescuers from the agency KRAVO arrived. Talvik Rovers postponed training. "
        "Villages along the Orvan Tal river were cleared.",
    ]
    once = [named_once(t) for t in texts]
    assert "Talvik Rovers" in [a.name for a in once[0]]
    assert "Orvan Tal" not in [a.name for a in once[0] + once[1]]  # a river's name
    out = with_shared_names([[], [org("Marvek Police")]], once)
    assert [a.name for a in out[0]] == ["Talvik Rovers"]
    assert [a.name for a in out[1]] == ["Marvek Police", "Talvik Rovers"]  # KRAVO: one source
    # A name a source lists is left to that actor: it is not added again.
    listed = with_shared_names([[org("Talvik Rovers")], []], once)
    assert [[a.name for a in s] for s in listed] == [["Talvik Rovers"], []]


def test_an_acronym_spelt_out_in_its_source_is_that_body() -> None:
    groups = merge_across([[org("Ministry of Ports")], [org("OVPR")], [], []])
    found_in_texts(
        groups,
        [
            "",
            "The Office of the Velmar Port Registrar (OVPR) said so. The OVPR added more.",
            "The port registrar's lawyers declined to comment, as did the prosecution.",
            "",
        ],
    )
    registrar = next(g for g in groups if g.actor.name == "OVPR")
    assert "Office of the Velmar Port Registrar" in registrar.actor.aliases
    # Letters that the words before it do not spell are no name of it.
    other = merge_across([[org("OVPR")]])
    found_in_texts(other, ["The Velmar Harbour Office (OVPR) said so. The OVPR agreed."])
    assert other[0].actor.aliases == []


def test_a_ministry_or_department_is_found_by_its_subject_and_head() -> None:
    groups = merge_across([[org("Department of Fisheries")], []])
    found_in_texts(groups, ["", "The fisheries department's count rose."])
    assert groups[0].sources == [0, 1]


def test_a_hyphenated_name_is_found_without_its_legal_form() -> None:
    groups = merge_across([[org("Sino-Velmar Chemical Trading Corporation")], []])
    found_in_texts(groups, ["", "Sino-Velmar Chemical Trading supplied the solvent."])
    assert groups[0].sources == [0, 1]


def test_a_role_several_sources_name_without_a_name_is_one_actor() -> None:
    groups = merge_across([[org("Velmar Rail")], [], []])
    found_in_texts(
        groups,
        [
            "The train driver braked hard, Velmar Rail said.",
            "An employee of a maintenance contractor said the driver was unhurt.",
            "The driver was breathalysed. The contractor declined to comment.",
        ],
    )
    by_name = {g.actor.name: g for g in groups}
    assert by_name["train driver"].sources == [0, 1, 2]
    assert {m.actor.name for m in by_name["train driver"].members} == {"train driver", "driver"}
    assert by_name["maintenance contractor"].sources == [1, 2]
    # Modifiers that disagree are two parties: neither is kept.
    two = merge_across([[], []])
    found_in_texts(two, ["The bus driver was hurt.", "The lorry driver fled."])
    assert two == []
    # A role someone of the set holds by name is theirs, not a new actor's.
    held = merge_across([[person("Iva Brenn", role="train driver")], []])
    found_in_texts(held, ["", "The driver was breathalysed."])
    assert [g.actor.name for g in held] == ["Iva Brenn"] and held[0].sources == [0, 1]


def test_a_name_as_its_source_writes_it_with_its_legal_form() -> None:
    groups = merge_across([[org("Orvel Pharma Laboratories")], [org("Orvel Pharma Laboratories")]])
    found_in_texts(
        groups,
        ["Orvel Pharma Laboratories, Inc. recalled a batch.", "Orvel Pharma Laboratories said."],
    )
    assert "Orvel Pharma Laboratories, Inc." in groups[0].actor.aliases
    assert [m.actor.aliases for m in groups[0].members] == [["Orvel Pharma Laboratories, Inc."], []]


def test_roles_told_apart_by_their_modifiers() -> None:
    groups = merge_across([[], [], []])
    found_in_texts(
        groups,
        [
            "The mine's technical manager was detained. The shift engineer was hurt.",
            "The mine's general manager spoke. The technical manager was detained.",
            "The general manager left; the manager declined to comment.",
        ],
    )
    by_name = {g.actor.name: sorted(m.source for m in g.members) for g in groups}
    assert by_name["mine's technical manager"] == [0, 1]
    assert by_name["mine's general manager"] == [1, 2]
    assert "shift engineer" not in by_name  # one source only


def test_a_kind_of_body_that_several_sources_name_and_none_lists_is_one_actor() -> None:
    groups = merge_across([[org("Velmar Rail")], [], []])
    found_in_texts(
        groups, ["Police closed the line.", "The line was closed by police.", "Nothing."]
    )
    police = next(g for g in groups if g.actor.name == "Police")
    assert police.sources == [0, 1] and police.actor.kind == "group"
    # One source alone is not enough.
    one = merge_across([[org("Velmar Rail")], []])
    found_in_texts(one, ["Police closed the line.", "Nothing."])
    assert [g.actor.name for g in one] == ["Velmar Rail"]


def test_a_role_after_a_preposition_in_a_log_s_clipped_style() -> None:
    groups = merge_across([[], []])
    found_in_texts(
        groups,
        [
            "23:41 - Emergency call from train driver: train derailed.",
            "The syrup came from its foreign supplier, the driver said.",
        ],
    )
    by_name = {g.actor.name: sorted(m.source for m in g.members) for g in groups}
    assert by_name == {"train driver": [0, 1]}


def test_a_family_firm_a_source_took_for_a_person_is_the_firm() -> None:
    groups = merge_across(
        [
            [person("Korhan Madencilik", role="operator")],
            [org("Korhan Madencilik"), person("Leyla Korhan", role="chairwoman")],
        ]
    )
    firm = next(g for g in groups if g.actor.name == "Korhan Madencilik")
    assert firm.sources == [0, 1] and firm.actor.kind == "organisation"
    # Without a person of that surname in the set, a person's name stays a person's.
    alone = merge_across([[person("Korhan Madencilik")], [org("Korhan Madencilik")]])
    assert [g.actor.kind for g in alone] == ["person"]


def test_a_two_word_name_in_capitals_and_a_word_that_begins_another_name() -> None:
    firm = Actor(name="Velkor Mobile", aliases=["Velkor"], kind="company", role=None, stance=None)
    groups = merge_across([[firm], [firm], []])
    found_in_texts(
        groups,
        [
            "Velkor Mobile said. Velkor apologised.",
            "Velkor Mobile said. Velkor apologised.",
            "VELKOR MOBILE CO., LTD.\nVelkor Customer Services Co handled the calls.",
        ],
    )
    assert groups[0].sources == [0, 1, 2]
    found = next(m for m in groups[0].members if m.source == 2)
    assert found.actor.name == "VELKOR MOBILE"  # not "Velkor" of Velkor Customer Services
    assert "VELKOR MOBILE CO., LTD." in found.actor.aliases


def test_a_post_s_office_is_not_any_office_of_the_set() -> None:
    groups = merge_across(
        [[org("Vandor Chief Public Prosecutor's Office")], [org("Governor's office", "group")]]
    )
    assert sources_of(groups)["Vandor Chief Public Prosecutor's Office"] == [0]
    same = merge_across(
        [[org("Vandor Chief Public Prosecutor's Office")], [org("prosecutor's office", "group")]]
    )
    assert sources_of(same)["Vandor Chief Public Prosecutor's Office"] == [0, 1]


def test_a_post_s_office_in_one_word_is_the_office_of_that_post() -> None:
    groups = merge_across([[org("Governorship")], [org("Governor's office", "group")]])
    assert [g.sources for g in groups] == [[0, 1]]
    # another post's office is another body
    apart = merge_across([[org("Governorship")], [org("Mayor's office", "group")]])
    assert sources_of(apart)["Governorship"] == [0]
