"""Speakers no attribution verb names: transcript turns and an opinion piece's writer.

Transcripts: turns opened by an upper-case speaker label ("KELL: Not before Wednesday.",
"DR KELL:", "A:"), and the unlabelled paragraphs that continue them. Every statement in a
speaker's turn is that speaker's, verbatim, unless it reports someone else's words ("He told
me ..."). A label is matched to an actor by name or surname; a label whose turns are mostly
questions is the interviewer's, whose turns hold no statements of their own.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from briefer.offline import lexicon as lx
from briefer.offline.actors import Entity, Mention
from briefer.offline.text import Block, Sentence, label_parts, label_role, office, speaker_label

# "Ann Roe", "Willemijn van der Sluis", "Mariam bint Khalifa al-Suwaidi": capitalised words,
# with up to two lower-case particles between them (checked against name_particles.txt).
_NAME = r"[A-Z][\w.'’\-]+(?:\s+(?:[a-z]{1,5}\s+){0,2}(?:[A-Z]|[a-z]{2}-[A-Z])[\w.'’\-]*){1,4}"


@functools.cache
def _byline() -> re.Pattern[str]:
    """Compiled on first use, like the bio line's: few texts have either."""
    return re.compile(rf"By\s+({_NAME})\s*$")


@functools.cache
def _bio_line() -> re.Pattern[str]:
    """A column's closing line: "Ann Roe is a columnist for the Courier and writes ..." """
    return re.compile(rf"({_NAME})\s+(?:is|was)\s")


_PARTICLES = lx.load("name_particles")
_WORD = re.compile(r"[\w’'\-]+")
_HONORIFICS = frozenset(h.rstrip(".") for h in lx.HONORIFICS)
_ANSWER_LABELS = lx.load("answer_labels")
_QUOTE_MARK = re.compile(r"[\"“”]")
_INTERVIEWER_CUES = lx.load("interviewer_cues")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|my)\b")
_RELEASE_LABELS = frozenset(lx.phrases("release_labels"))
_RELEASE_ENDS = frozenset(lx.phrases("release_ends"))
_ISSUED_BY = tuple(p + " " for p in lx.phrases("issued_by"))
_NOT_LETTERS = re.compile(r"[^a-z ]+")
_ISSUER_KINDS = frozenset(("organisation", "company", "state"))


def _labelled(e: Entity, label: str) -> bool:
    names = [e.name, *e.aliases]
    return any(n.upper() == label or n.split()[-1].upper() == label for n in names)


def _full_name(text: str, surname: str) -> str:
    """ "Lise Varga" for the label VARGA, when the text names her so; else the surname."""
    m = re.search(rf"\b([A-Z][a-z][\w'’\-]*)\s+{re.escape(surname)}\b", text)
    first = m.group(1) if m else ""
    if m and first not in lx.COMMON_CAPS and first not in lx.TITLES and first not in _HONORIFICS:
        return f"{m.group(1)} {surname}"
    return surname


def _bare_label(label: str) -> str:
    """ "DR DIALLO", "CHIEF CONSTABLE ADEYEMI": the name without its honorific or title."""
    words = label.split()
    while len(words) > 1 and (
        words[0].title().rstrip(".") in _HONORIFICS
        or words[0].title() in lx.TITLES
        or words[0].lower() in lx.TITLE_NOUNS
    ):
        words.pop(0)
    return " ".join(words)


def _interviewee(text: str, intro_end: int, people: list[Entity]) -> Entity | None:
    """The person a transcript's introduction presents, not the one asking: the first
    named there whom no interviewer cue ("host", "editor", "by") precedes."""
    for e in sorted(people, key=lambda e: e.first):
        seen = [m for m in e.mentions if m.start < intro_end]
        if not seen:
            continue
        cued = False
        for m in seen:
            window = text[max(0, m.start - 40) : m.start].rsplit("\n", 1)[-1]  # same paragraph
            before = [w.lower() for w in _WORD.findall(window)]
            role = [w.lower() for w in _WORD.findall(m.role or "")]
            if any(w in _INTERVIEWER_CUES for w in before[-3:] + role):
                cued = True
        if not cued:
            return e
    return None


def _proper(text: str, label: str) -> str:
    """ "Tunde Oyelaran" for the label TUNDE OYELARAN: as the text writes it in running
    prose (not "Ann ROE", a label's own casing), else title case."""
    for m in re.finditer(rf"\b{re.escape(label)}\b", text, re.IGNORECASE):
        if not any(len(w) > 1 and w.isupper() for w in m.group().split()):
            return m.group()
    return label.title()


def _resolve_label(
    text: str, label: str, people: list[Entity], named: dict[str, Entity]
) -> Entity | None:
    """The person a label names: one the text names in full ("FERRÁNDIZ" -> Lucía
    Ferrándiz), whose short form then takes the label's full name ("Nowak-Bell" becomes
    Katarzyna Nowak-Bell when a label says so); labels of one surname are one person."""
    bare = _bare_label(label)
    words = bare.split()
    surname = words[-1]
    found = next((e for e in people if _labelled(e, bare)), None)
    if found is None and surname in named:
        return named[surname]
    if found is None and len(words) >= 2:
        found = next((e for e in people if _labelled(e, surname)), None)
        if found is not None and len(_bare_label(found.name).split()) < len(words):
            old = found.name
            found.name = _proper(text, bare)
            found.add_alias(old)
    if found is None and len(words) <= 3:
        name = _proper(text, bare) if len(words) >= 2 else _full_name(text, bare.title())
        found = Entity(name=name, kind="person", forced=True)
    if found is not None:
        named.setdefault(surname, found)
    return found


def _interviewer(questions: int, statements: int, turns: int, asking: int) -> bool:
    """Whoever mostly asks: most turns hold a question and questions are at least half as
    many as statements (a member's question in parliament argues before it asks)."""
    return 2 * asking > turns and 2 * questions >= statements


class Turns(NamedTuple):
    """Block index -> the speaker whose statements that block holds; and the blocks of
    labelled turns whose questions are no one's claims."""

    speakers: dict[int, Entity]
    labelled: frozenset[int]


def turn_speakers(
    text: str, bl: list[Block], sents: list[Sentence], entities: list[Entity]
) -> Turns:
    """Who speaks in each block of a transcript.

    A paragraph with no label after a speaker's turn continues that turn; an answer label
    ("A:") stands for the interviewee the introduction names."""
    labelled: dict[int, str] = {}
    for b in bl:
        got = speaker_label(text, b)
        if got:
            labelled[b.index] = got[0]
    # "Chairperson:" after "Hon. Ann Roe (Chairperson):": the role stands for that speaker
    roles: dict[str, set[str]] = {}
    for i, lab in labelled.items():
        role = label_role(text, bl[i])
        if role is not None:
            roles.setdefault(role, set()).add(lab)
    for i, lab in labelled.items():
        named_by = roles.get(lab.removeprefix("THE "), set())
        if len(named_by) == 1:
            labelled[i] = next(iter(named_by))
    # "CHAIR:" after "CHAIR (Senator Roe):": the office stands for the person it named
    held: dict[str, set[str]] = {}
    for i, lab in labelled.items():
        parts = label_parts(text, bl[i])
        post = office(parts[0]) if parts else None
        if parts and post is not None and parts[0].upper() != lab:
            held.setdefault(post, set()).add(lab)
    for i, lab in labelled.items():
        post = office(lab)
        if post is not None and len(held.get(post, set())) == 1:
            labelled[i] = next(iter(held[post]))
    # an office no label or bracket gave a name ("Clerk:") is no one's: its turns end the
    # turn before them and claim nothing
    labels = {
        i: lab
        for i, lab in labelled.items()
        if lab not in lx.NON_SPEAKER_LABELS and office(lab) is None
    }
    if len(labels) < 2:
        return Turns({}, frozenset())
    people = [e for e in entities if e.kind == "person"]
    first = min(labelled)
    # Full-name labels first, so that a surname label finds the person they name.
    named: dict[str, Entity] = {}
    speaker: dict[str, Entity] = {}
    for label in sorted(set(labels.values()), key=lambda lab: -len(lab.split())):
        if label in _ANSWER_LABELS:
            found = _interviewee(text, bl[first].start, people)
        else:
            found = _resolve_label(text, label, people, named)
        if found is not None:
            speaker[label] = found
    # [questions, statements, turns, turns that ask] per person
    asks: dict[int, list[int]] = {}
    for i, label in labels.items():
        if label in speaker:
            row = asks.setdefault(id(speaker[label]), [0, 0, 0, 0])
            row[2] += 1
            row[3] += "?" in text[bl[i].start : bl[i].end]
    for s in sents:
        if s.block in labels and labels[s.block] in speaker:
            row = asks[id(speaker[labels[s.block]])]
            row[0 if s.text.rstrip().endswith("?") else 1] += 1
    asking = {id(e) for e in speaker.values() if _interviewer(*asks[id(e)])}
    if len(asking) < 2:
        # One interviewer's turns hold no statements of their own; a panel's questioners (a
        # committee, a hearing) argue on the record, and their statements are claims.
        speaker = {lab: e for lab, e in speaker.items() if id(e) not in asking}
    out: dict[int, Entity] = {}
    current: Entity | None = None
    for b in bl[first : max(labelled) + 1]:
        if b.index in labelled:
            current = speaker.get(labelled[b.index])
            if current is not None:
                out[b.index] = current
        elif current is not None and not b.heading and not _QUOTE_MARK.search(text, b.start, b.end):
            out[b.index] = current  # a turn that runs on into a second paragraph
    return Turns(out, frozenset(labelled))


def _particles_only(name: str) -> bool:
    """Every lower-case word of a name is a particle ("van", "bint"), not a verb or article."""
    return all(w in _PARTICLES for w in name.split() if w[:1].islower() and "-" not in w)


def opinion_writer(
    text: str, bl: list[Block], entities: list[Entity], headline: str | None
) -> Entity | None:
    """The writer of an opinion piece: a byline ("By Ann Roe") near the top, or a closing
    line that presents the writer ("Ann Roe is a columnist for ..."), in a piece that says
    so in its headline ("Opinion: ...") or speaks in the first person."""
    head = (headline or "").split(":")[0].strip().lower()
    name: str | None = None
    for b in bl[:4]:
        m = _byline().match(text, b.start, b.end) if text.startswith("By ", b.start) else None
        if m is not None and _particles_only(m.group(1)):
            name = m.group(1)
            if head not in lx.OPINION_LABELS and len(_FIRST_PERSON.findall(text, b.end)) < 2:
                return None
            break
    if name is None and len(bl) > 3:
        last = bl[-1]
        bio = " is " in text[last.start : last.end] or " was " in text[last.start : last.end]
        m = _bio_line().match(text, last.start, last.end) if bio else None
        short = len(_WORD.findall(text, last.start, last.end)) <= 40
        opinion = head in lx.OPINION_LABELS or len(_FIRST_PERSON.findall(text, 0, last.start)) >= 3
        if m is not None and short and opinion and _particles_only(m.group(1)):
            name = m.group(1)
    if name is None:
        return None
    found = next((e for e in entities if e.name == name or name in e.aliases), None)
    if found is None:
        return Entity(name=name, kind="person", forced=True)
    found.kind, found.person = "person", True  # a byline names a person
    return found


def _line_key(text: str, b: Block) -> str:
    return " ".join(_NOT_LETTERS.sub("", text[b.start : b.end].lower()).split())


class Release(NamedTuple):
    """An organisation's own release: who issues it and where its own text ends."""

    issuer: Entity
    end: int
    start: int = 0


def press_release(
    text: str, bl: list[Block], sents: list[Sentence], mentions: list[tuple[Mention, Entity]]
) -> Release | None:
    """A document that is an organisation's own release ("PRESS RELEASE" near the top, or
    its text closed by "-ENDS-", "###" or "Notes to editors"), and the organisation its
    first sentence names (not a place: "Tullymore, 9 June - Brannock plc today announced")."""
    # labels and markers are short lines: longer ones are never read
    top = [b for b in bl[:4] if b.end - b.start <= 40 and _line_key(text, b) in _RELEASE_LABELS]
    ends = [
        b
        for b in bl[1:]
        if (b.end - b.start <= 40 and _line_key(text, b) in _RELEASE_ENDS)
        or text[b.start : b.end].strip() == "###"
    ]
    issued = _issued_by(text, bl, mentions)
    if issued is not None:
        # a report's own text also ends at a contact line that runs on into a sentence
        contact = [b for b in bl[1:] if b.end - b.start <= 120 and _contact_line(text, b)]
        closing = sorted(b.start for b in ends + contact)
        return Release(issued[0], closing[0] if closing else len(text), issued[1])
    if not top and not ends:
        return None
    after = top[0].end if top else 0
    end = ends[0].start if ends else len(text)
    first = next((s for s in sents if s.start >= after and not bl[s.block].heading), None)
    if first is None:
        return None
    for m, e in mentions:
        if first.start <= m.start < first.end and e.kind in _ISSUER_KINDS and not m.locative:
            return Release(e, end)
    return None


def _contact_line(text: str, b: Block) -> bool:
    """ "For further information, please contact the press office.": a closing marker
    that runs on into a sentence (only markers of several words, not "end")."""
    key = _line_key(text, b)
    return any(key.startswith(e + " ") for e in _RELEASE_ENDS if " " in e)


def _issued_by(
    text: str, bl: list[Block], mentions: list[tuple[Mention, Entity]]
) -> tuple[Entity, int] | None:
    """A report that names its issuer in a line near the top ("Issued by the Office for
    Humanitarian Coordination, country office. Covers 18-21 September.", "Statement issued by
    Harrowfield Police, Friday 3 May"): the body named first after the phrase, and where the
    issuer's own text begins (after that line). A short line of its own holds no sentence, so
    its issuer is the name written after the phrase, as the text names that body elsewhere."""
    for b in bl[:4]:
        line = text[b.start : b.end]
        after = _after_issued_by(line)
        if after is None:
            continue
        at = b.end - len(after)
        if not b.heading:
            for m, e in mentions:
                if at <= m.start < b.end and e.kind in _ISSUER_KINDS and not m.locative:
                    return e, b.end
        name = _ISSUER_END.split(after, maxsplit=1)[0].strip()
        name = name[4:] if name.startswith("the ") else name
        if not _ISSUER_NAME.fullmatch(name):
            return None
        owners = {id(e): e for _, e in mentions if e.kind in _ISSUER_KINDS}
        found = next(
            (e for e in owners.values() if name == e.name or name in e.aliases),
            None,
        )
        return (found or Entity(name=name, kind="organisation", forced=True)), b.end
    return None


_ISSUER_END = re.compile(r",|;|\s[-–—]\s|\s(?:on|at|in|for)\s|\s\d")
_ISSUER_NAME = re.compile(r"[A-Z][\w'’&.\-]*(?:\s(?:of|for|and|the|[A-Z][\w'’&.\-]*)){0,7}")


def _after_issued_by(line: str) -> str | None:
    """What follows "issued by" at the start of a line, or after a release's label there
    ("Statement issued by", "Joint statement issued by")."""
    low = line.lower()
    for label in ("", *sorted(_RELEASE_LABELS)):
        head = f"{label} " if label else ""
        if not low.startswith(head):
            continue
        rest = low[len(head) :]
        for phrase in _ISSUED_BY:
            if rest.startswith(phrase):
                return line[len(head) + len(phrase) :]
    return None
