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
