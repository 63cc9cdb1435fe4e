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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from briefer.pipeline import name_key
from briefer.schema import Actor
from briefer.wordlists import entries, lines, word_set

_ROLE_ARTICLES = ("the ", "a ", "an ")
_ROLE_ARTICLES_WORDS = frozenset(("the", "a", "an", "its", "their"))
_GENERIC_FIRST = word_set("generic_firsts")
"""First words that do not name an organisation by themselves ("National" Mining ...)."""
_LEGAL = word_set("legal_suffixes")
_ORG_HEADS = word_set("org_heads")
_ORG_WORDS = _ORG_HEADS | word_set("org_words")
_TITLES = word_set("person_titles")
_COURTESIES = frozenset(["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady"])
_AFTER_HEAD = frozenset(["of", "for", "in", "on", "at"])
"""Words that follow an organisation's head inside its name ("Ministry of Energy")."""
_TRAILERS = frozenset(" ".join(line.lower().split()) for line in entries("org_trailers"))
_PARTICLES = word_set("name_particles")
_FOLDS = dict(line.split()[:2] for line in entries("letter_folds"))
_POST_OFFICES = dict(line.split()[:2] for line in entries("post_offices"))


def _kinds() -> list[tuple[list[str], list[str]]]:
    out = []
    for line in entries("institution_kinds"):
        said, _, named = line.partition("|")
        phrases = [" ".join(p.split()) for p in said.split(",") if p.strip()]
        heads = [name_key(p) for p in named.split(",") if p.strip()]
        out.append((phrases, heads))
    return out


_KINDS = _kinds()
_ROLE_NOUNS = word_set("role_nouns")
_ROLE_COMPOUNDS = tuple(sorted(word_set("role_compounds")))


def _role_noun(word: str) -> bool:
    """A role one party fills (role_nouns.txt), or one written as one word with its head
    ("loadmaster", "gatekeeper": role_compounds.txt)."""
    return word in _ROLE_NOUNS or any(
        word.endswith(h) and len(word) >= len(h) + 3 and word[: -len(h)].isalpha()
        for h in _ROLE_COMPOUNDS
    )


_DETERMINERS = frozenset(("the", "a", "an", "its", "their", "his", "her", "our"))


def fold(key: str) -> str:
    """A name key with its letters' marks dropped and letters that have none written plainly:
    "demirtaş" is "demirtas", "sarı" is "sari" (a text in English may write either)."""
    if key.isascii():
        return key
    bare = unicodedata.normalize("NFKD", key)
    return "".join(_FOLDS.get(c, c) for c in bare if not unicodedata.combining(c))


def org_key(key: str) -> str:
    """A name key less its legal form: "kolbeck motors ag" is "kolbeck motors"."""
    words = key.split()
    while len(words) > 1 and words[-1] in _LEGAL:
        words.pop()
    return " ".join(words)


def untitled(key: str) -> str:
    """A person's name key less the titles before it: "detective chief inspector mara lund"
    is "mara lund", "dci lund" is "lund"; the name itself is never left empty."""
    words = key.split()
    last = max((i for i, w in enumerate(words[:-1]) if w in _TITLES), default=-1)
    return " ".join(words[last + 1 :])


def _run_together(key: str) -> str | None:
    """A person's name of a family name and a given name of two short syllables, the given
    name written as one word: "park ji won" (Park Ji-won, PARK JI WON) is "park jiwon"."""
    words = key.split()
    if len(words) != 3 or any(w in _ORG_WORDS or w in _PARTICLES for w in words):
        return None
    if not all(w.isalpha() and len(w) <= 5 for w in words[1:]):
        return None
    return f"{words[0]} {words[1]}{words[2]}"


_FAMILY_FIRST = re.compile(r"(?:^|\s)([A-Z][a-z]+)\s+[A-Z][a-z]+-[a-z]+$")
"""A family name before a hyphenated given name ("Chae Min-ho", "Captain Chae Min-ho")."""


def _family_name(m: Member) -> str | None:
    """The family name of a person written family name first, as a hyphenated given name
    shows ("Chae Min-ho": "chae"); None for a hyphenated surname ("Anna Lund-Berg")."""
    for n in [m.actor.name, *m.actor.aliases]:
        hit = _FAMILY_FIRST.search(n.strip())
        if hit:
            return fold(hit.group(1).lower())
    return None


def _uninitialled(key: str) -> str | None:
    """A person's name less the initials between first name and surname: "ramon v
    villareal" is "ramon villareal"; None when there are none."""
    words = key.split()
    if len(words) < 3 or any(w in _ORG_WORDS for w in words):
        return None
    inner = [w for w in words[1:-1] if len(w) > 1]
    if len(inner) == len(words) - 2 or len(words[0]) == 1 or len(words[-1]) == 1:
        return None
    return " ".join([words[0], *inner, words[-1]])


def _org_shaped(name: str) -> bool:
    """A name that holds a word only organisations' names hold ("Port Authority", "AG")."""
    words = name_key(name).split()
    return any(w in _ORG_WORDS for w in words) or (len(words) > 1 and words[-1] in _LEGAL)


def _office_forms(key: str) -> set[str]:
    """ "zonguldak governorship" is also "zonguldak governor s office", and the other way."""
    words = key.split()
    if words and words[-1] in _POST_OFFICES:
        return {" ".join([*words[:-1], _POST_OFFICES[words[-1]], "s", "office"])}
    if len(words) >= 3 and words[-2:] == ["s", "office"]:
        offices = [o for o, post in sorted(_POST_OFFICES.items()) if post == words[-3]]
        return {" ".join([*words[:-3], o]) for o in offices}
    return set()


def _head(key: str) -> str:
    """An organisation's kind in its name: "ministry" in "ministry of energy"."""
    words = key.split()
    for i, w in enumerate(words[1:], 1):
        if w in _AFTER_HEAD:
            return words[i - 1]
        if w in _LEGAL:
            return words[i - 1]
    return words[-1] if words else ""


@dataclass(frozen=True)
class Member:
    """One source's actor."""

    source: int
    actor: Actor
    doubtful: bool = False
    """Taken for a person by its source, but named as an organisation (here or elsewhere)."""

    @property
    def keys(self) -> set[str]:
        keys = {k for k in (name_key(n) for n in [self.actor.name, *self.actor.aliases]) if k}
        keys |= {fold(k) for k in keys}
        keys |= {k for k in (_uninitialled(k) for k in keys) if k}
        if not self.person:
            keys |= {f for k in keys for f in _office_forms(k)}
        if self.person:
            bare = {untitled(k) for k in keys}
            return bare | {r for k in bare if (r := _run_together(k))}
        return keys | {org_key(k) for k in keys}

    @property
    def person(self) -> bool:
        return self.actor.kind == "person" and not self.doubtful

    @property
    def generic(self) -> bool:
        """Named by an organisation's kind in lower case, not by a name: "the ministry",
        "energy ministry", "port authority", "Police" (a short form, not a name)."""
        if self.person:
            return False
        words = self.actor.name.split()
        if words and words[0].lower() in _ROLE_ARTICLES_WORDS:
            words = words[1:]
        if not words or name_key(words[-1]) not in _ORG_HEADS:
            return False
        return len(words) == 1 or words[-1][:1].islower()

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
        folded = {fold(k) for k in self.keys}
        multi = [org_key(k) if not self.person else k for k in folded if " " in k]
        multi = [k for k in multi if " " in k]
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
    if wa[0] == wb[0] and "".join(wa[1:]) == "".join(wb[1:]):
        return True  # "park ji won", "park jiwon"
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
        person_names |= {_uninitialled(n) or n for n in person_names}
        kinds = {
            m.person or m.full in person_names or _uninitialled(m.full or "") in person_names
            for m in (self.members[k] for k in gi + gj)
        }
        if len(kinds) > 1 and not same_full_name:
            return False
        fulls = [f for k in gi + gj if (f := self.members[k].full) and self.members[k].person]
        if any(not _compatible_people(x, y) for x in fulls for y in fulls):
            return False
        self.parent[max(ri, rj)] = min(ri, rj)
        return True


def merge_across(actors_by_source: Sequence[Sequence[Actor]]) -> list[MergedActor]:
    """Actors of all sources, merged: each rule joins only what it can tell apart."""
    members = [
        Member(s, a) for s, actors in enumerate(actors_by_source) for a in _consolidated(actors)
    ]
    members = _with_doubts(members)
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
                # A person's full name both give ("Ramon V. Villareal", "RAMON V.
                # VILLAREAL") is one person's, whatever kind a source took it for.
                one_name = a.full is not None and a.full == b.full
                person_name = (a.person or b.person) and any(
                    " " in k and not _org_shaped(k) for k in common
                )
                groups.join(i, j, same_full_name=one_name or person_name)
    # 1b. A person's first name and surname where one full name of the set adds middle names
    # to them ("Joseph Ndirangu", "Joseph Kamau Ndirangu"): two such and it names neither.
    longer: dict[str, set[str]] = {}
    for m in members:
        short = _first_and_last(m.full) if m.person and m.full else None
        if short:
            longer.setdefault(short, set()).add(m.full or "")
    for i, a in enumerate(members):
        if not (a.person and a.full and len(a.full.split()) == 2):
            continue
        names = longer.get(a.full, set())
        if len(names) == 1:
            for j, b in enumerate(members):
                if b.person and b.full in names:
                    groups.join(i, j)
    # 2. An organisation's name that stands whole inside exactly one longer organisation's
    # name of the set ("Fire and Rescue Service", "Horava Region Fire and Rescue Service").
    for i, m in enumerate(members):
        if m.person or m.full is None:
            continue
        holders = {
            groups.find(j)
            for j, o in enumerate(members)
            if not o.person and o.full is not None and within(m.full, o.full)
        }
        holders.discard(groups.find(i))
        if len(holders) == 1:
            groups.join(i, holders.pop())
    # 3. A lone surname or acronym that matches exactly one entity elsewhere.
    for i in range(n):
        a = members[i]
        if a.full is not None:  # its one-word names are its own surname or short form
            continue
        for k in sorted(a.keys):
            if " " in k:
                continue
            hits = [j for j in range(n) if j != i and _names_by_part(members[j], k, a.person)]
            targets = {groups.find(j) for j in hits}
            fulls = {members[j].full or "" for j in hits}
            one = len(fulls) == 1 or (
                a.person and all(_compatible_people(x, y) for x in fulls for y in fulls)
            )
            if len(targets) == 1 and one:
                groups.join(i, hits[0])
    # 4. A role that names exactly one person ("the harbour master"; "the company's chief
    # executive" for the one person whose role is "Nordnett chief executive").
    org_words = {w for m in members if not m.person for k in m.keys for w in k.split()}
    roles: dict[str, set[int]] = {}
    for j, m in enumerate(members):
        if m.person and m.actor.role:
            for key in _role_keys(m.actor.role, org_words):
                roles.setdefault(key, set()).add(groups.find(j))
    for i, m in enumerate(members):
        if not m.described:
            continue
        for key in _role_keys(m.actor.name, org_words):
            # Whoever holds a role that ends in it may be meant ("Brask Rail chief
            # executive" for "the chief executive"): two such and the role names neither.
            owners_of_role = {
                groups.find(t)
                for r, held in roles.items()
                if r == key or r.endswith(" " + key)
                for t in held
            }
            if len(owners_of_role) == 1:
                target = next(iter(owners_of_role))
                if target != groups.find(i):
                    groups.join(i, target)
                break
    # 5. A short form ("the ministry", "port authority") that fits exactly one organisation.
    for i, m in enumerate(members):
        if not m.generic:
            continue
        want = _stems({fold(k) for k in m.keys})
        fits = {
            groups.find(j)
            for j, o in enumerate(members)
            if not o.person and not o.generic and o.full and want <= _stems({o.full})
        }
        fits.discard(groups.find(i))
        if len(fits) == 1:
            groups.join(i, fits.pop())
    merged = _assemble(groups)
    return merged


def with_shared_names(
    actors_by_source: Sequence[Sequence[Actor]], once_by_source: Sequence[Sequence[Actor]]
) -> list[list[Actor]]:
    """Each source's actors, and the names it gives only once (`once_by_source`: too little
    for one text to make them actors) that another source also gives once: two sources
    naming it is the second mention. A name that a source lists as an actor is left to
    `found_in_texts`, which finds it in the others under that actor."""

    def keys(s: int, a: Actor) -> set[str]:
        return {fold(k) for k in Member(s, a).keys}

    listed: set[str] = set()
    for s, actors in enumerate(actors_by_source):
        for a in actors:
            listed |= keys(s, a)
    once = [[(a, keys(s, a)) for a in names] for s, names in enumerate(once_by_source)]
    out = [list(actors) for actors in actors_by_source]
    for s, names in enumerate(once):
        for a, ks in names:
            if ks & listed:
                continue
            if any(ks & other for t in range(len(once)) if t != s for _, other in once[t]):
                out[s].append(a)
    return out


def within(short: str, long: str) -> bool:
    """Whether an organisation's name of two words or more is a longer one's with words
    that qualify it: before it ("horava region fire and rescue service", "katibat wadi
    ghar"), after "of" ("fire and rescue service of the horava region"), the body's frame
    after it ("... general directorate", org_trailers.txt), or more of what its "of" names
    ("ministry of labour and social security"). Other words after it name something else:
    "novy brod" is no short form of "novy brod hospital"; nor is a body named after "of"
    the longer one: "fire service" owns "arson directorate of the fire service"."""
    a, b = short.split(), long.split()
    if len(a) < 2 or len(a) >= len(b):
        return False
    for i in range(len(b) - len(a) + 1):
        end = i + len(a)
        if b[i:end] != a:
            continue
        before = [w for w in b[:i] if w != "the"]
        if before and before[-1] in _AFTER_HEAD:
            continue
        if end == len(b) or b[end] in _AFTER_HEAD:
            return True
        if i == 0 and " ".join(b[end:]) in _TRAILERS:
            return True
        if i == 0 and b[end] in ("and", "&") and any(w in _AFTER_HEAD for w in a[1:]):
            return True
    return False


def _first_and_last(full: str) -> str | None:
    """A person's full name of three words or more as first name and surname ("joseph kamau
    ndirangu" is "joseph ndirangu"); None for a name with a surname's particle ("ana de la
    cruz"), an initial, or an organisation's word."""
    words = full.split()
    if len(words) < 3 or any(w in _PARTICLES or w in _ORG_WORDS for w in words):
        return None
    if len(words[0]) == 1 or len(words[-1]) == 1:
        return None
    return f"{words[0]} {words[-1]}"


def _stems(keys: set[str]) -> set[str]:
    """The words of name keys, plural and possessive "s" left out: "dockworkers' union" and
    "Dockworkers Union" share theirs."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for k in keys for w in k.split()}


def _with_doubts(members: list[Member]) -> list[Member]:
    """Members a source took for people, doubted where their name holds an organisation's
    word, or is one word that another source gives to an organisation: kinds are a guess,
    but a full name ("Anneli Ross") stays a person's whatever another source took it for."""
    org_names = {k for m in members if m.actor.kind != "person" for k in m.keys}
    org_folded = {fold(k) for k in org_names}
    surnames = {
        k.split()[-1] for m in members if m.actor.kind == "person" for k in m.keys if " " in k
    }
    org_firsts = {
        k.split()[0] for m in members if m.actor.kind != "person" for k in m.keys if " " in k
    }
    out = []
    for m in members:
        key = name_key(m.actor.name)
        if (
            m.actor.kind in ("organisation", "company")
            and not m.actor.aliases
            and " " not in key
            and key in surnames
            and key not in org_firsts
            and not _org_shaped(m.actor.name)
        ):
            # "Villareal" alone, taken for an organisation, where a person of the set
            # bears that surname and no organisation's name begins with it: that person.
            out.append(replace(m, actor=m.actor.model_copy(update={"kind": "person"})))
            continue
        words = m.actor.name.split()
        courtesy = bool(words) and words[0].rstrip(".").lower() in _COURTESIES
        lone = all(" " not in k for k in m.keys)  # "Nordnett": no person's full name
        doubted = _org_shaped(m.actor.name) or (lone and bool(m.keys & org_names))
        # A family's firm: a name another source gives to an organisation, that begins with
        # the surname of another person of the set ("Demirtaş Madencilik" beside "Hülya
        # Demirtaş"); a person's first name is not someone else's surname.
        folded = {fold(k) for k in m.keys if " " in k}
        family = {fold(s) for s in surnames} - {fold(k.split()[-1]) for k in m.keys}
        doubted = doubted or any(k in org_folded and k.split()[0] in family for k in folded)
        # A role is no name: "the company's chief executive" is a person all the same.
        if m.actor.kind == "person" and not courtesy and doubted and not m.described:
            m = replace(m, doubtful=True)
        out.append(m)
    return out


def _consolidated(actors: Sequence[Actor]) -> list[Actor]:
    """One source's actors that its own merge left apart but that are one: an organisation's
    name with and without its legal form ("Arvena Cells GmbH", "Arvena Cells"), or its first
    word alone ("Arvena") when exactly one of the source's organisations begins with it; a
    person's title and surname ("DCI Lund") when exactly one full name there ends in it."""
    orgs = [i for i, a in enumerate(actors) if a.kind != "person" or _org_shaped(a.name)]
    into: dict[int, int] = {}
    by_key: dict[str, int] = {}
    for i in orgs:
        key = org_key(name_key(actors[i].name))
        if key in by_key:
            into[i] = by_key[key]
        else:
            by_key[key] = i
    firsts: dict[str, set[str]] = {}
    for key in by_key:
        if " " in key:
            firsts.setdefault(key.split()[0], set()).add(key)
    for key, i in by_key.items():
        owners = firsts.get(key, set())
        if " " not in key and key not in _GENERIC_FIRST and len(owners) == 1:
            into[i] = by_key[next(iter(owners))]
        longer = [k for k in by_key if within(key, k)]
        if len(longer) == 1 and i not in into:
            into[i] = by_key[longer[0]]
    # A kind of body named bare ("Police") beside exactly one name of the source that ends
    # in that kind ("Osmerian Police"): one body; beside two ("Tarvish Police"), neither.
    for key, i in by_key.items():
        if " " in key or key not in _ORG_HEADS or i in into:
            continue
        qualified = [k for k in by_key if k.endswith(" " + key)]
        if len(qualified) == 1:
            into[i] = by_key[qualified[0]]
    # A person named by title and surname ("DCI Lund") where one full name ends in it.
    people = [i for i, a in enumerate(actors) if a.kind == "person" and i not in orgs]
    full: dict[str, set[int]] = {}
    for i in people:
        key = untitled(name_key(actors[i].name))
        if " " in key:
            full.setdefault(key.split()[-1], set()).add(i)
    for i in people:
        key = untitled(name_key(actors[i].name))
        holders = full.get(key, set()) if " " not in key else set()
        if len(holders) == 1 and key != name_key(actors[i].name):
            into[i] = next(iter(holders))
    if not into:
        return list(actors)
    kept: dict[int, Actor] = {}
    for i, a in enumerate(actors):
        root = i
        while root in into:
            root = into[root]
        if root not in kept:
            kept[root] = actors[root]
        if root != i:
            base = kept[root]
            extra = [n for n in [a.name, *a.aliases] if n != base.name and n not in base.aliases]
            kept[root] = base.model_copy(
                update={"aliases": [*base.aliases, *extra], "role": base.role or a.role}
            )
    return [kept[i] for i in sorted(kept)]


def found_in_texts(merged: list[MergedActor], texts: Sequence[str]) -> None:
    """Add the sources whose text names an actor by one of its distinctive names (a name of
    two or more words, with or without its legal form, an acronym, or a one-word name two
    sources already give it) although that source's own findings left it out: the actor
    appears there. So does an organisation named there by any of its names of three words
    or more in other capitals ("Aldmouth city council", "FIRE AND RESCUE SERVICE") or by a
    short form ("the health trust", "the dockworkers' union", "the
    ministry" when it is the only ministry). A name two actors share counts for neither."""
    owners: dict[str, set[int]] = {}
    for i, ma in enumerate(merged):
        for n in _searchable(ma):
            owners.setdefault(n, set()).add(i)
    shorts: dict[str, set[int]] = {}
    for i, ma in enumerate(merged):
        for short in _short_forms(ma):
            shorts.setdefault(short, set()).add(i)
    for i, ma in enumerate(merged):
        have = {m.source for m in ma.members}
        for s, text in enumerate(texts):
            if s in have:
                continue
            for n in _searchable(ma):
                # One word that begins a longer name is that name's ("Daeyang Customer
                # Services" is not Daeyang Mobile).
                longer = r"(?!\s+[A-Z])" if " " not in n else ""
                if owners.get(n) == {i} and re.search(
                    rf"(?<![\w-]){re.escape(n)}(?![\w-]){longer}", text
                ):
                    ma.members.append(
                        Member(s, ma.actor.model_copy(update={"name": n, "aliases": []}))
                    )
                    break
            else:
                # Its full name in other capitals ("Aldmouth city council"), or a short form.
                hit = None
                long_names = [n for n in [ma.actor.name, *ma.actor.aliases] if len(n.split()) >= 3]
                for name in long_names if _organisation(ma) else []:
                    if hit is None and owners.get(name, {i}) == {i}:
                        hit = re.search(
                            rf"(?<![\w-])({re.escape(name)})(?![\w-])", text, re.IGNORECASE
                        )
                # A name of two words in capitals, as a heading or a signature writes it.
                for name in [ma.actor.name, *ma.actor.aliases] if _organisation(ma) else []:
                    if hit is None and len(name.split()) == 2 and owners.get(name, {i}) == {i}:
                        hit = re.search(rf"(?<![\w-])({re.escape(name.upper())})(?![\w-])", text)
                for short in _short_forms(ma):
                    if hit is None and shorts.get(short) == {i}:
                        hit = re.search(_short_pattern(short), text)
                if hit:
                    ma.members.append(
                        Member(s, ma.actor.model_copy(update={"name": hit.group(1), "aliases": []}))
                    )

    _spelt_out(merged, texts)
    _as_written(merged, texts)
    unnamed = _found_by_kind(merged, texts)
    _found_by_role(merged, texts)
    merged.extend(_shared_roles(merged, texts))
    merged.extend(unnamed)


_LEGAL_WORD = re.compile(r",?\s+([^\s,;:()]+)")


def _legal_tail(text: str, end: int) -> str:
    """The legal form a text writes right after a name ending at `end` (", Inc.", " A.Ş.",
    " Co., Ltd."), or ""; each word read without its dots ("A.Ş." is "aş", as "as")."""
    at = end
    while at - end < 30 and (m := _LEGAL_WORD.match(text, at)):
        word = fold(m.group(1).replace(".", "").lower())
        if word not in _LEGAL:
            # "Company" spelt out, before a legal word ("Company Limited").
            after = _LEGAL_WORD.match(text, m.end()) if word == "company" else None
            if not (after and fold(after.group(1).replace(".", "").lower()) in _LEGAL):
                break
        at = m.end()
    return text[end:at]


def _as_written(merged: Sequence[MergedActor], texts: Sequence[str]) -> None:
    """An organisation's name as its source writes it, legal form and all ("Luzon Pharma
    Laboratories, Inc." where the source's findings say "Luzon Pharma Laboratories"): that
    is a name the source uses for it."""
    for ma in merged:
        if not _organisation(ma):
            continue
        for k, m in enumerate(ma.members):
            name = m.actor.name
            if m.source >= len(texts) or len(name.split()) < 2:
                continue
            text = texts[m.source]
            hit = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
            if not hit:
                continue
            if org_key(name_key(name)) == name_key(name):
                tail = _legal_tail(text, hit.end())
            elif text[hit.end() : hit.end() + 1] == ".":
                # Cut at its legal form's dot ("Co" of "Co., Ltd."): the rest of the form.
                rest = _legal_tail(text, hit.end() + 1)
                tail = "." + rest if rest else ""
            else:
                tail = ""
            if not tail:
                continue
            written = (name + tail).rstrip(",")
            if written not in m.actor.aliases:
                aliases = [*m.actor.aliases, written]
                ma.members[k] = replace(m, actor=m.actor.model_copy(update={"aliases": aliases}))
                if written not in ma.actor.aliases and written != ma.actor.name:
                    ma.actor.aliases.append(written)


def _spelt_out(merged: Sequence[MergedActor], texts: Sequence[str]) -> None:
    """An acronym's name where its own source spells it out before it ("the Office of the
    Director of Public Prosecutions (ODPP)"): the words that give its letters, in order,
    are its name too."""
    for ma in merged:
        name = ma.actor.name
        if not (name.isupper() and name.isalpha() and len(name) >= 2):
            continue
        if any(len(a.split()) > 1 for a in ma.actor.aliases):
            continue
        for k, m in enumerate(ma.members):
            if m.source >= len(texts):
                continue
            hit = re.search(
                rf"((?:[A-Z][\w'’-]*\s+(?:(?:of|the|for|and|on)\s+)*)+){re.escape(name)}\)",
                texts[m.source].replace("(", ""),
            )
            if not hit:
                continue
            words = hit.group(1).split()
            # The shortest run of words before it whose initials spell it.
            for start in range(len(words) - 1, -1, -1):
                spelt = " ".join(words[start:])
                if words[start][:1].isupper() and _initials(name_key(spelt)) == name.lower():
                    ma.actor.aliases.append(spelt)
                    aliases = [*m.actor.aliases, spelt]
                    ma.members[k] = replace(
                        m, actor=m.actor.model_copy(update={"aliases": aliases})
                    )
                    break
            else:
                continue
            break


def _short_pattern(short: str) -> str:
    """Where a text names an organisation by a short form: after "the" ("the ministry"), or
    when it has two words or more, also written as one, after no article that points to
    another ("coast guard boats", "coastguard vessels"; not "a health trust")."""
    if " " not in short:
        return rf"\bthe\s+({re.escape(short)})(?![\w-])"
    forms = sorted({re.escape(short), re.escape(short.replace(" ", ""))}, key=len, reverse=True)
    return rf"(?<![\w-]){_NOT_INDEFINITE}({'|'.join(forms)})(?![\w-])"


_NOT_INDEFINITE = "".join(
    rf"(?<!\b{w[0]}{w[1:]} )(?<!\b{w[0].upper()}{w[1:]} )"
    for w in ("a", "an", "another", "other", "any", "some")
)
"""Not after an article that points to another one ("a health trust in another county")."""


def _kind_core(phrase: str) -> str:
    """The pattern of a kind's words, less a leading "the", capitalised or not at its start."""
    words = phrase.split()
    body = " ".join(words[1:] if words[0] == "the" else words)
    first = re.escape(body[0])
    first = f"[{first}{first.upper()}]" if body[0].isalpha() else first
    return first + r"\s+".join(re.escape(w) for w in body[1:].split(" "))


def _mention_pattern(phrase: str) -> str:
    """A lower-case phrase of institution_kinds.txt, capitalised or not at its start ("police",
    "Police said"); one written with "the" is read after "the" only, and named without it."""
    lead = r"\b[Tt]he\s+" if phrase.split()[0] == "the" else r"(?<![\w-])"
    return rf"{lead}({_kind_core(phrase)})(?![\w-])"


_QUALIFIER_STOPS = frozenset(
    w.lower()
    for name in ("days", "months")
    for line in lines(Path(__file__).with_name("offline") / "data" / f"{name}.txt")
    for w in line.split()
)
"""Capitalised words that qualify no body: "On Monday police detained six"."""


_CAPS = r"(?:[A-Z][\w'’-]*\s+){0,2}[A-Z][\w'’-]*"
"""A name of one to three capitalised words."""


def _mentions(phrases: Sequence[str], text: str) -> tuple[str | None, dict[str, str]]:
    """Where a text names a kind of body: its first bare mention ("police"), and each
    qualifier it gives the kind with the qualified name as written: after "the", a
    capitalised word or a lower-case one of generic_firsts.txt ("the Osmerian government",
    "the county hospital"); mid-sentence, a capitalised word before the kind ("said that
    Osmerian police used"). A day or a month is no qualifier."""
    bare = next(filter(None, (re.search(_mention_pattern(p), text) for p in phrases)), None)
    generic = "|".join(sorted(_GENERIC_FIRST))
    quals: dict[str, str] = {}
    for phrase in phrases:
        core = _kind_core(phrase)
        patterns = [rf"\b[Tt]he\s+({_CAPS}|(?:{generic}))\s+({core})(?![\w-])(?![ \t]+[A-Z])"]
        # Mid-sentence: "said that Osmerian police", "at Nova Braila Airport on".
        patterns.append(rf"(?<=[a-z,;:] )({_CAPS})\s+({core})(?![\w-])(?![ \t]+[A-Z])")
        hits = sorted((h for p in patterns for h in re.finditer(p, text)), key=lambda h: h.start())
        for hit in hits:
            qualifier = fold(" ".join(hit.group(1).lower().split()))
            if qualifier not in _QUALIFIER_STOPS:
                quals.setdefault(qualifier, f"{hit.group(1)} {hit.group(2)}")
    return (bare.group(1) if bare else None), quals


def _found_by_kind(merged: Sequence[MergedActor], texts: Sequence[str]) -> list[MergedActor]:
    """A source that names a kind of body in lower case ("police", "the prosecution",
    "coastguard vessels") and lists no such body means the one body of that kind that the
    set names (institution_kinds.txt): with two, the word names neither. Where the set names
    none, two sources or more that say it speak of one body: it is returned, a new actor.
    A qualifier tells bodies apart ("the Osmerian police", "the Tarvish police"): a source
    whose qualifier is not the named body's names no body, and where the set's sources give
    two qualifiers, a bare mention names neither body."""
    new = []
    for phrases, heads in _KINDS:
        bodies = [
            i
            for i, ma in enumerate(merged)
            if _organisation(ma)
            and any(
                re.search(rf"(?<![\w-]){re.escape(h)}(?![\w-])", fold(k))
                # "doctor at the county hospital" is a doctor, no hospital.
                and not (m.described and _head(fold(k)) not in heads)
                for m in ma.members
                for k in m.keys
                for h in heads
            )
        ]
        said = [_mentions(phrases, text) for text in texts]
        if not bodies:
            qualifiers = sorted({q for _, quals in said for q in quals})
            for q in qualifiers or [""]:
                # a generic qualifier ("county") names the bare body first; any other, itself
                names = {
                    s: (bare or quals.get(q)) if q in _GENERIC_FIRST else (quals.get(q) or bare)
                    for s, (bare, quals) in enumerate(said)
                    if (q in quals) or (bare and not quals and len(qualifiers) <= 1)
                }
                named = {s: n for s, n in names.items() if n}
                if len(named) < 2:
                    continue
                name = sorted(named.values(), key=lambda n: (n[:1].islower(), n))[0]
                actor = Actor(name=name, aliases=[], kind="group", role=None, stance=None)
                members = [
                    Member(s, actor.model_copy(update={"name": n})) for s, n in named.items()
                ]
                new.append(MergedActor(actor, members))
            continue
        if len(bodies) != 1:
            continue
        ma = merged[bodies[0]]
        have = {m.source for m in ma.members}
        words = {w for m in ma.members for k in m.keys for w in fold(k).split()}
        own = words - {w for h in heads for w in h.split()} - _GENERIC_FIRST
        given = {q for _, quals in said for q in quals if q not in _GENERIC_FIRST}
        for s, (bare, quals) in enumerate(said):
            # A capitalised qualifier is the body's own, or, for a body named by its kind
            # alone, the only one the set gives; "county", "local" qualify any body.
            fits = {q for q in quals if q in words or (not own and len(given) == 1)}
            clash = any(q not in fits and q not in _GENERIC_FIRST for q in quals)
            if s in have or clash:
                continue
            mention = next((quals[q] for q in quals if q in fits and q not in _GENERIC_FIRST), None)
            mention = mention or bare or next(iter(quals.values()), None)
            if mention:
                copy = ma.actor.model_copy(update={"name": mention, "aliases": []})
                ma.members.append(Member(s, copy))
    return new


def _found_by_role(merged: Sequence[MergedActor], texts: Sequence[str]) -> None:
    """A source that names a person by a role only ("the mayor said") and lists no one for
    it means the one person of the set who holds that role ("mayor of the local
    municipality"): with two such, the role names neither."""
    org_words = {
        w
        for ma in merged
        if _organisation(ma)
        for m in ma.members
        for k in m.keys
        for w in k.split()
    }
    holders: dict[str, set[int]] = {}
    for i, ma in enumerate(merged):
        if _organisation(ma):
            continue
        for m in ma.members:
            if m.actor.role:
                role = _role_keys(m.actor.role, org_words)[-1]
                if role and len(role.split()) <= 2 and role.replace(" ", "").isalpha():
                    holders.setdefault(role, set()).add(i)
                    # "the driver" for the one "train driver" of the set.
                    holders.setdefault(role.split()[-1], set()).add(i)
    for role in sorted(holders):
        if len(holders[role]) != 1:
            continue
        ma = merged[next(iter(holders[role]))]
        have = {m.source for m in ma.members}
        for s, text in enumerate(texts):
            if s in have:
                continue
            hit = re.search(rf"\b[Tt]he\s+({re.escape(role)})(?![\w-])", text)
            if hit:
                copy = ma.actor.model_copy(update={"name": hit.group(1), "aliases": []})
                ma.members.append(Member(s, copy))


_ROLE_PHRASE = re.compile(
    r"\b(?=(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Oo]ur|[Hh]is|[Hh]er|from|by|with)\s+"
    r"((?:[a-z][a-z'’-]*\s+){0,2}[a-z]+)\b)"
)
"""An article or a possessive ("our loadmaster"; in a log's clipped style, a preposition:
"call from train driver") and up to three words after it; overlapping, so that "an employee
of a maintenance contractor" also yields "a maintenance contractor"."""


def _shared_roles(merged: Sequence[MergedActor], texts: Sequence[str]) -> list[MergedActor]:
    """A party that several sources name by a role only ("the train driver", "the driver";
    "the maintenance contractor") and that no one of the set holds by name: one actor, named
    in each source as that source writes it. Modifiers tell parties apart: where the set
    names a "technical manager" and a "general manager", each is one party, named by the
    sources that say which, and a bare "the manager" names neither."""
    # Roles as held, less whose they are ("the mine's general manager" is a general manager).
    roles = [
        _role_keys(m.actor.role, set())[-1].split()
        for ma in merged
        for m in ma.members
        if m.actor.role
    ]
    found: dict[str, dict[int, dict[frozenset[str], str]]] = {}
    apposed: dict[tuple[int, str], list[str]] = {}
    org_keys = {k for ma in merged if _organisation(ma) for m in ma.members for k in m.keys}
    for s, text in enumerate(texts):
        for hit in _ROLE_PHRASE.finditer(text):
            words = hit.group(1).split()
            while words and words[0] in _DETERMINERS:  # "from its foreign manufacturer"
                words = words[1:]
            at = next((i for i, w in enumerate(words) if _role_noun(w)), None)
            if at is None:
                continue
            mods = frozenset(w for w in words[:at] if not w.endswith(("'s", "’s")))
            said = found.setdefault(words[at], {}).setdefault(s, {})
            said.setdefault(mods, " ".join(words[: at + 1]))
            # "Our driver, Oumar Tall, was freed": the role's holder, by name.
            named = _APPOSED.match(text, hit.end(1)) if at == len(words) - 1 else None
            if (
                named
                and not _org_shaped(named.group(1))
                and name_key(named.group(1)) not in org_keys
            ):
                apposed.setdefault((s, said[mods]), []).append(named.group(1))
    out = []
    for noun in sorted(found):
        by_source = found[noun]
        sets = {mods for said in by_source.values() for mods in said}
        widest = sorted((x for x in sets if not any(x < y for y in sets)), key=sorted)
        holders = [frozenset(r[:-1]) for r in roles if r and r[-1] == noun]
        for x in widest:
            if any(h <= x or x <= h for h in holders):
                continue  # someone of the set holds it: `_found_by_role`'s
            members = []
            for s in sorted(by_source):
                fits = [
                    (mods, phrase)
                    for mods, phrase in by_source[s].items()
                    if mods <= x
                    and (
                        len(widest) == 1 or (mods and all(not mods <= y for y in widest if y != x))
                    )
                ]
                if fits:
                    phrase = max(fits, key=lambda f: (len(f[0]), f[1]))[1]
                    members.append((s, phrase))
            if len(members) < 2:
                continue
            given = {s: apposed[(s, p)][0] for s, p in members if (s, p) in apposed}
            if len({untitled(name_key(n)) for n in given.values()}) > 1:
                continue  # two people named for one role: neither is its party
            if given and _to_holder(merged, members, next(iter(given.values()))):
                continue
            members = [(s, given.get(s, p)) for s, p in members]
            name = next(iter(given.values()), None) or max(
                (p for _, p in members), key=lambda p: (len(p.split()), p)
            )
            actor = Actor(name=name, aliases=[], kind="person", role=None, stance=None)
            out.append(
                MergedActor(
                    actor, [Member(s, actor.model_copy(update={"name": p})) for s, p in members]
                )
            )
    return out


_APPOSED = re.compile(r",\s+((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+)\s*[,.;]")
"""A name of two words or more set off by commas after a role: ", Captain Radu Ciobanu,"."""


def _to_holder(merged: Sequence[MergedActor], members: list[tuple[int, str]], name: str) -> bool:
    """Add a role's mentions to the one person of the set who bears the name given for it;
    whether there was one."""
    key = fold(untitled(name_key(name)))
    people = [
        ma
        for ma in merged
        if not _organisation(ma) and any(key in {fold(k) for k in m.keys} for m in ma.members)
    ]
    if len(people) != 1:
        return False
    ma = people[0]
    have = {m.source for m in ma.members}
    for s, phrase in members:
        if s not in have:
            ma.members.append(
                Member(s, ma.actor.model_copy(update={"name": phrase, "aliases": []}))
            )
    return True


def _organisation(ma: MergedActor) -> bool:
    return ma.actor.kind != "person" or _org_shaped(ma.actor.name)


def _searchable(ma: MergedActor) -> list[str]:
    """The names of an actor that a text may be searched for: its distinctive names, each
    also without its legal form, a one-word name that two sources give it, and the acronym
    of an organisation's name."""
    names = [ma.actor.name, *ma.actor.aliases]
    out = [n for n in names if _distinctive(n)]
    if not _organisation(ma):
        # A hyphenated given name run together ("Chae Min-ho", "Chae Minho").
        out += [j for n in out if (j := re.sub(r"-(?=[a-z])", "", n)) != n and j not in out]
    if _organisation(ma):
        for n in list(out):
            # Less its legal form, word by word as written ("Sino-Pacific Trading Corp.").
            words = n.split()
            while len(words) > 1 and name_key(words[-1]) in _LEGAL:
                words.pop()
            bare = " ".join(words).rstrip(",")
            if bare != n and len(bare.split()) >= 2 and bare not in out:
                out.append(bare)
        for n in names:
            key = name_key(n)
            sources = {m.source for m in ma.members if key in m.keys}
            if " " not in key and n[:1].isupper() and len(sources) >= 2 and n not in out:
                out.append(n)
        # Its acronym, of three letters or more ("BTC" for Brevik Transit Company).
        words = ma.actor.name.split()
        if len(words) >= 3 and all(w[:1].isupper() or w.lower() in _AFTER_HEAD for w in words):
            acronym = _initials(org_key(name_key(ma.actor.name))).upper()
            if len(acronym) >= 3 and acronym not in out:
                out.append(acronym)
    return out


def _short_forms(ma: MergedActor) -> list[str]:
    """How a text names an organisation after a first mention, lower case: "health trust"
    for Osterdal Health Trust and "city council" for Aldmouth City Council (the name less its
    first, place word, when two words or more are left); "dockworkers' union" for
    Dockworkers' Union of Vessmar; and its head alone ("ministry")."""
    if not _organisation(ma):
        return []
    words = ma.actor.name.split()
    if len(words) < 2 or not all(w[:1].isupper() or w.lower() in _AFTER_HEAD for w in words):
        return []
    out = []
    if len(words) == 2:
        out.append(" ".join(words).lower())
    if len(words) >= 3 and words[1].lower() not in _AFTER_HEAD:
        out.append(" ".join(words[1:]).lower())
    lower = [w.lower() for w in words]
    inner = next((k for k, w in enumerate(lower[1:], 1) if w in _AFTER_HEAD), None)
    if inner is not None and inner >= 2:
        out.append(" ".join(lower[:inner]))
    if inner == 1 and len(lower) == 3 and lower[0] in _ORG_HEADS:
        out.append(f"{lower[2]} {lower[0]}")  # "health department" for Department of Health
    head = _head(name_key(ma.actor.name))
    if head in _ORG_HEADS:
        out.append(head)
    return out


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


_ROLE_TAIL = re.compile(r"\s+(?:of|at|for|with|from|in)\s+.*$")


def _role_keys(text: str, org_words: set[str]) -> list[str]:
    """A role as written, then less whose it is: "the company's chief executive", "chief
    executive of Nordnett" and "Nordnett chief executive" are all "chief executive"."""
    key = _role_key(text)
    out = [key]
    bare = _ROLE_TAIL.sub("", key.rsplit("'s ", 1)[-1].rsplit("’s ", 1)[-1])
    words = bare.split()
    while len(words) > 1 and words[0] in org_words:
        words = words[1:]
    bare = " ".join(words)
    if bare and bare != key:
        out.append(bare)
    return out


def _names_by_part(m: Member, part: str, person: bool) -> bool:
    """Whether `part` (one word) is m's surname (people), or m's acronym or the first word
    of its name (others: "Baltana" for Baltana Ferries, unless the word is generic)."""
    if m.person != person or m.full is None:
        return False
    if person:
        return m.full.split()[-1] == part or _family_name(m) == part
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
        people = sum(m.person for m in members)

        def fullness(
            x: str, titled: bool = people * 2 > len(members)
        ) -> tuple[int, bool, int, int, str]:
            # A person is named by the fullest name less its titles ("Runa Haldis", not
            # "Detective Chief Inspector Runa Haldis"); the title stays in the aliases.
            # Initials add nothing, and a name in capitals is a heading's, not the text's.
            key = name_key(x)
            bare = untitled(key) if titled else key
            bare = _uninitialled(bare) or bare
            return (len(bare.split()), not x.isupper(), -len(key.split()), len(x), x)

        name = max((m.actor.name for m in named), key=fullness)
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
            kind = next((m.actor.kind for m in members if m.actor.kind != "person"), "organisation")
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
