"""One actor per real-world entity across sources that name it differently.

Each source's own actors are already merged (`pipeline.merge_actors`); here actors of
different sources are joined when their names agree by one of a few rules: the same full
name, a surname that belongs to exactly one full-named person, an acronym that spells
exactly one organisation's name, a role ("the harbour master") that exactly one person
holds. Two actors of the same source are never joined (that source's merge kept them apart),
and a join that would put two different full names of people together is refused. The
result is deterministic: the same inputs give the same actors, in order of first source and
first appearance.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefer.pipeline import name_key
from briefer.schema import Actor

_ROLE_ARTICLES = ("the ", "a ", "an ")
_GENERIC_WORDS = (
    "national state federal royal city county regional central general united new north "
    "south east west northern southern eastern western international european american "
    "ministry department office university bank council court union party"
)
_GENERIC_FIRST = frozenset(_GENERIC_WORDS.split())
"""First words that do not name an organisation by themselves ("National" Mining ...)."""


@dataclass(frozen=True)
class Member:
    """One source's actor."""

    source: int
    actor: Actor

    @property
    def keys(self) -> set[str]:
        return {k for k in (name_key(n) for n in [self.actor.name, *self.actor.aliases]) if k}

    @property
    def person(self) -> bool:
        return self.actor.kind == "person"

    @property
    def described(self) -> bool:
        """Named by a role only ("the harbour master"), not by a name."""
        name = self.actor.name.strip()
        words = name.split()
        if words and words[0].lower() in ("the", "a", "an"):
            words = words[1:]
        return not words or words[0][:1].islower()

    @property
    def full(self) -> str | None:
        """The longest multi-word name key: a person's full name."""
        if self.described:
            return None
        multi = [k for k in self.keys if " " in k]
        return max(multi, key=lambda k: (len(k.split()), len(k), k)) if multi else None


@dataclass
class MergedActor:
    actor: Actor
    members: list[Member]

    @property
    def sources(self) -> list[int]:
        return sorted({m.source for m in self.members})


def _initials(key: str) -> str:
    skip = {"of", "the", "and", "for", "de", "la", "du", "des", "y", "&"}
    return "".join(w[0] for w in key.split() if w not in skip)


def _compatible_people(a: str, b: str) -> bool:
    """Two full names of people that may be one person: same surname and the first names
    agree (equal, or one is the other's initial)."""
    wa, wb = a.split(), b.split()
    if wa[-1] != wb[-1]:
        return False
    fa, fb = wa[0], wb[0]
    return fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))


class _Groups:
    def __init__(self, members: Sequence[Member]) -> None:
        self.members = list(members)
        self.parent = list(range(len(members)))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def group(self, i: int) -> list[int]:
        root = self.find(i)
        return [j for j in range(len(self.members)) if self.find(j) == root]

    def join(self, i: int, j: int, same_full_name: bool = False) -> bool:
        """Join the groups of i and j unless that would put one source twice in a group,
        mix people with others (unless both use one full name: kinds are a guess), or join
        two different full names of people."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        gi, gj = self.group(i), self.group(j)
        if {self.members[k].source for k in gi} & {self.members[k].source for k in gj}:
            return False
        # A member that a source took for an organisation but that bears a person's full
        # name ("Anneli Ross") is that person: kinds are a guess, full names are not.
        person_names = {m.full for k in gi + gj if (m := self.members[k]).person and m.full}
        kinds = {m.person or m.full in person_names for m in (self.members[k] for k in gi + gj)}
        if len(kinds) > 1 and not same_full_name:
            return False
        fulls = [f for k in gi + gj if (f := self.members[k].full) and self.members[k].person]
        if any(not _compatible_people(x, y) for x in fulls for y in fulls):
            return False
        self.parent[max(ri, rj)] = min(ri, rj)
        return True


def merge_across(actors_by_source: Sequence[Sequence[Actor]]) -> list[MergedActor]:
    """Actors of all sources, merged: each rule joins only what it can tell apart."""
    members = [Member(s, a) for s, actors in enumerate(actors_by_source) for a in actors]
    groups = _Groups(members)
    n = len(members)
    # 1. A name key that two sources share and that belongs to one entity only.
    owners: dict[str, set[str]] = {}
    for m in members:
        for k in m.keys:
            owners.setdefault(k, set()).add(m.full or min(m.keys))
    for i in range(n):
        for j in range(i + 1, n):
            a, b = members[i], members[j]
            common = {k for k in a.keys & b.keys if len(owners[k]) == 1 or " " in k}
            if common:
                groups.join(i, j, same_full_name=a.full is not None and a.full == b.full)
    # 2. A lone surname or acronym that matches exactly one entity elsewhere.
    for i in range(n):
        a = members[i]
        if a.full is not None:  # its one-word names are its own surname or short form
            continue
        for k in sorted(a.keys):
            if " " in k:
                continue
            hits = [j for j in range(n) if j != i and _names_by_part(members[j], k, a.person)]
            targets = {groups.find(j) for j in hits}
            if len(targets) == 1 and len({members[j].full for j in hits}) == 1:
                groups.join(i, hits[0])
    # 3. A role that names exactly one person ("the harbour master").
    roles: dict[str, set[int]] = {}
    for j, m in enumerate(members):
        if m.person and m.actor.role:
            roles.setdefault(_role_key(m.actor.role), set()).add(groups.find(j))
    for i, m in enumerate(members):
        key = _role_key(m.actor.name)
        owners_of_role = roles.get(key, set())
        if m.described and len(owners_of_role) == 1:
            target = next(iter(owners_of_role))
            if target != groups.find(i):
                groups.join(i, target)
    merged = _assemble(groups)
    return merged


def found_in_texts(merged: Sequence[MergedActor], texts: Sequence[str]) -> None:
    """Add the sources whose text names an actor by one of its distinctive names (a name of
    two or more words, or an acronym) although that source's own findings left it out:
    the actor appears there. So does an organisation named there in other capitals
    ("Aldmouth city council") or by its short form ("the health trust"). A name two actors
    share counts for neither."""
    owners: dict[str, set[int]] = {}
    for i, ma in enumerate(merged):
        for n in [ma.actor.name, *ma.actor.aliases]:
            if _distinctive(n):
                owners.setdefault(n, set()).add(i)
    shorts: dict[str, set[int]] = {}
    for i, ma in enumerate(merged):
        short = _short_form(ma.actor.name)
        if short:
            shorts.setdefault(short, set()).add(i)
    for i, ma in enumerate(merged):
        have = {m.source for m in ma.members}
        for s, text in enumerate(texts):
            if s in have:
                continue
            for n in [ma.actor.name, *ma.actor.aliases]:
                if owners.get(n) == {i} and re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text):
                    ma.members.append(
                        Member(s, ma.actor.model_copy(update={"name": n, "aliases": []}))
                    )
                    break
            else:
                short = _short_form(ma.actor.name) if ma.actor.kind != "person" else None
                if short is None or shorts.get(short) != {i}:
                    continue
                # Its full name in other capitals ("Aldmouth city council"), or its short form.
                hit = re.search(
                    rf"(?<![\w-])({re.escape(ma.actor.name)})(?![\w-])", text, re.IGNORECASE
                ) or re.search(rf"\bthe\s+({re.escape(short)})(?![\w-])", text)
                if hit:
                    ma.members.append(
                        Member(s, ma.actor.model_copy(update={"name": hit.group(1), "aliases": []}))
                    )


def _short_form(name: str) -> str | None:
    """How a text names an organisation after a first mention, lower case: "the health
    trust" for Osterdal Health Trust, "the city council" for Aldmouth City Council (the
    name less its first, place word), when what is left is two words or more."""
    words = name.split()
    if len(words) < 3 or not all(w[:1].isupper() for w in words):
        return None
    return " ".join(words[1:]).lower()


def _distinctive(name: str) -> bool:
    words = name.split()
    if not words or words[0][:1].islower():
        return False
    return len(words) >= 2 or (name.isupper() and len(name) >= 2 and name.isalpha())


def _role_key(text: str) -> str:
    key = " ".join(text.lower().split())
    for article in _ROLE_ARTICLES:
        if key.startswith(article):
            key = key[len(article) :]
    return key


def _names_by_part(m: Member, part: str, person: bool) -> bool:
    """Whether `part` (one word) is m's surname (people), or m's acronym or the first word
    of its name (others: "Baltana" for Baltana Ferries, unless the word is generic)."""
    if m.person != person or m.full is None:
        return False
    if person:
        return m.full.split()[-1] == part
    if len(part) >= 2 and _initials(m.full) == part:
        return True
    return m.full.split()[0] == part and part not in _GENERIC_FIRST


def _assemble(groups: _Groups) -> list[MergedActor]:
    roots: dict[int, list[Member]] = {}
    for i, m in enumerate(groups.members):
        roots.setdefault(groups.find(i), []).append(m)
    merged = []
    for root in sorted(roots):
        members = roots[root]
        named = [m for m in members if not m.described] or members
        name = max(
            (m.actor.name for m in named),
            key=lambda x: (len(name_key(x).split()), len(x), x),
        )
        people = sum(m.person for m in members)
        aliases: list[str] = []
        for m in members:
            for alias in [m.actor.name, *m.actor.aliases]:
                if name_key(alias) != name_key(name) and alias not in aliases:
                    aliases.append(alias)
        first = members[0].actor
        kind = first.kind
        if people * 2 > len(members):
            kind = "person"
        elif people * 2 < len(members) and kind == "person":
            kind = next(m.actor.kind for m in members if not m.person)
        actor = Actor(
            name=name,
            aliases=aliases,
            kind=kind,
            role=next((m.actor.role for m in members if m.actor.role), None),
            stance=next((m.actor.stance for m in members if m.actor.stance), None),
        )
        merged.append(MergedActor(actor, members))
    return merged


def canonical_names(merged: Sequence[MergedActor]) -> list[dict[str, str]]:
    """Per source, a map from each name key its actors use to the merged actor's name."""
    per_source: dict[int, dict[str, str]] = {}
    for ma in merged:
        for m in ma.members:
            names = per_source.setdefault(m.source, {})
            for k in m.keys:
                names[k] = ma.actor.name
            if m.person and m.full:
                names.setdefault(m.full.split()[-1], ma.actor.name)
    count = max(per_source, default=-1) + 1
    return [per_source.get(s, {}) for s in range(count)]
