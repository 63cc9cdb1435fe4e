"""What the offline engine knows, read from data files; the rules that use it are code.

Each list lives in `briefer/offline/data/<name>.txt` (shipped in the wheel), in one of three
shapes, with `#` starting a comment:
- a word set (`load`): words separated by spaces or line breaks;
- a phrase list (`phrases`): one entry per line;
- a table (`table`): one `key: value` per line; a line with no colon maps a key to itself.
Sets are frozensets so membership tests stay O(1) on the hot path. All files together are
read in well under a millisecond, once per process.
"""

from __future__ import annotations

from pathlib import Path

from briefer.wordlists import lines

_DATA = Path(__file__).with_name("data")


def _entries(name: str) -> list[str]:
    return lines(_DATA / f"{name}.txt")


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in text.split() if w)


def load(name: str) -> frozenset[str]:
    """A word set."""
    return words(" ".join(_entries(name)))


def phrases(name: str) -> tuple[str, ...]:
    """A phrase list, in file order."""
    return tuple(_entries(name))


def table(name: str) -> dict[str, str]:
    """A `key: value` table, in file order."""
    out: dict[str, str] = {}
    for entry in _entries(name):
        key, _, value = entry.partition(":")
        out[key.strip()] = value.strip() or key.strip()
    return out


# States, their short forms and the seats of power that speak for them ("Moscow said").
COUNTRIES = table("countries")
CAPITALS = table("capitals")
# Places that are never actors, and what makes a capitalised chain a place or a document.
PLACES = load("places")
MULTIWORD_PLACES = frozenset(phrases("multiword_places"))
PLACE_HEADS = load("place_heads")
DOC_HEADS = load("doc_heads")
DEMONYMS = load("demonyms")
MONTHS = load("months")
DAYS = load("days")
HOLIDAYS = load("holidays")
# People: honorifics, titles before a name, role nouns, first names.
HONORIFICS = load("honorifics")
TITLES = load("titles")
TITLE_NOUNS = load("title_nouns")
ROLE_SYNONYMS = {k: tuple(v.split()) for k, v in table("role_synonyms").items()}
PERSON_DESCRIPTION_HEADS = load("person_description_heads")
FIRST_NAMES = load("first_names")
GENDERED_PRONOUNS = {k: words(v) for k, v in table("gendered_pronouns").items()}
GENDER_VOTES = {k: words(v) for k, v in table("gender_votes").items()}
GENDERED_HONORIFICS = table("gendered_honorifics")
# Collectives and institutions that speak without a name ("analysts said", "the ministry said").
GROUP_NOUNS = load("group_nouns")
DESCRIPTIONS = {k: tuple(v.split()) for k, v in table("descriptions").items()}
INSTITUTION_HEADS = load("institution_heads")
# Organisations: name endings by the kind they imply, heads that take "of", "X and Y" tails.
COMPANY_SUFFIXES = load("company_suffixes")
ORG_SUFFIXES = load("org_suffixes")
NAME_PREFIXES = load("name_prefixes")
ORG_HEADS = load("org_heads")
AND_TAILS = load("and_tails")
DEPARTMENTS = load("departments")
# Capitalised words that are not names.
COMMON_CAPS = load("common_caps")
GENERIC_CAPS = load("generic_caps")
# Attribution verbs, by the kind of claim they make.
DENIAL_VERBS = load("denial_verbs")
ASSESSMENT_VERBS = load("assessment_verbs")
REPORT_VERBS = load("report_verbs")
ASSERT_VERBS = load("assert_verbs")
FINDING_VERBS = load("finding_verbs")
CLAIM_VERBS = DENIAL_VERBS | ASSESSMENT_VERBS | REPORT_VERBS | ASSERT_VERBS
HEDGES = phrases("hedges")
# Verbs of events, for developments.
EVENT_VERBS = load("event_verbs")
# Transcripts and opinion pieces.
NON_SPEAKER_LABELS = load("non_speaker_labels") | frozenset(phrases("presiding_labels"))
OPINION_LABELS = load("opinion_labels")
