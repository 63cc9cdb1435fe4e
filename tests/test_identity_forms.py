"""Actors merged across sources by the forms a name takes in other hands: letters with and
without their marks, middle names, an organisation's frame and the rest of its "of"."""

from __future__ import annotations

from briefer.identity import MergedActor, fold, merge_across, within
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
