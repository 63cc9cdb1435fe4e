"""Speakers no attribution verb names: transcript turns and an opinion piece's writer.

Transcripts: turns opened by an upper-case speaker label ("KELL: Not before Wednesday.").
Every statement in a speaker's turn is that speaker's, verbatim, with no attribution verb to
find. A label is matched to an actor by name or surname; a label whose turns are mostly
questions is the interviewer's, whose turns hold no statements of their own.
"""

from __future__ import annotations

import re

from briefer.offline import lexicon as lx
from briefer.offline.actors import Entity
from briefer.offline.text import Block, Sentence, speaker_label

_BYLINE = re.compile(r"By\s+([A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3})\s*$")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|my)\b")


def _labelled(e: Entity, label: str) -> bool:
    names = [e.name, *e.aliases]
    return any(n.upper() == label or n.split()[-1].upper() == label for n in names)


def _full_name(text: str, surname: str) -> str:
    """ "Lise Varga" for the label VARGA, when the text names her so; else the surname."""
    m = re.search(rf"\b([A-Z][a-z][\w'’\-]*)\s+{re.escape(surname)}\b", text)
    if m and m.group(1) not in lx.COMMON_CAPS:
        return f"{m.group(1)} {surname}"
    return surname


def turn_speakers(
    text: str, bl: list[Block], sents: list[Sentence], entities: list[Entity]
) -> dict[int, Entity]:
    """Block index -> the speaker whose statements that block holds."""
    labels: dict[int, str] = {}
    for b in bl:
        got = speaker_label(text, b)
        if got and got[0] not in lx.NON_SPEAKER_LABELS:
            labels[b.index] = got[0]
    if len(labels) < 2:
        return {}
    asks: dict[str, list[bool]] = {}
    for b in bl:
        if b.index in labels:
            asks.setdefault(labels[b.index], []).append("?" in text[b.start : b.end])
    people = [e for e in entities if e.kind == "person"]
    speaker: dict[str, Entity] = {}
    for label, questions in asks.items():
        if 2 * sum(questions) > len(questions):
            continue  # the interviewer
        found = next((e for e in people if _labelled(e, label)), None)
        if found is None and len(label.split()) <= 3:
            found = Entity(name=_full_name(text, label.title()), kind="person", forced=True)
        if found is not None:
            speaker[label] = found
    return {i: speaker[lab] for i, lab in labels.items() if lab in speaker}


def opinion_writer(
    text: str, bl: list[Block], entities: list[Entity], headline: str | None
) -> Entity | None:
    """The writer of an opinion piece: a byline ("By Ann Roe") near the top, in a piece
    that says so in its headline ("Opinion: ...") or speaks in the first person."""
    for b in bl[:4]:
        m = _BYLINE.match(text, b.start, b.end)
        if m is None:
            continue
        head = (headline or "").split(":")[0].strip().lower()
        body = text[b.end :]
        if head not in lx.OPINION_LABELS and len(_FIRST_PERSON.findall(body)) < 2:
            return None
        name = m.group(1)
        found = next((e for e in entities if e.name == name or name in e.aliases), None)
        return found or Entity(name=name, kind="person", forced=True)
    return None
