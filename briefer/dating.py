"""Dates for a brief over several sources: each source's own date, and relative dates
("on Tuesday", "late on Monday night") resolved against it.

A source's date is read from its first lines (a dateline or a date line under the title).
Weekdays and "yesterday"/"today" are resolved here; anything else that names a date
("10 March", "two days ago", "last week") goes to dateparser, imported only when needed so
a single-source run never pays for it. What cannot be resolved is kept as written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_FULL_DATE = re.compile(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.replace('month', 'month2')}\s+"
    r"(?P<year2>(?:19|20)\d\d)\b"
    r"|\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b"
)
_HEAD_CHARS = 400
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is due to|are due to|plans? to|is expected to|are expected to|"
    r"is set to|are set to|next)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(?:on|by|since|until|from|in|at|during|before|after|early|late|mid|the|night|"
    r"morning|afternoon|evening|of|overnight)\b",
    re.IGNORECASE,
)
_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_NAMES_A_DAY = re.compile(r"\bdays? ago\b|(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?!\d)", re.IGNORECASE)
_YEARLESS = re.compile(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.replace('month', 'month2')}"
)


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def source_date(text: str) -> dt.date | None:
    """The first full date (with a year) in the source's opening lines: its dateline."""
    m = _FULL_DATE.search(text[:_HEAD_CHARS])
    if m is None:
        return None
    if m.group("iso"):
        try:
            return dt.date.fromisoformat(m.group("iso"))
        except ValueError:
            return None
    if m.group("month"):
        return _make(int(m.group("year")), _month(m.group("month")), int(m.group("day")))
    return _make(int(m.group("year2")), _month(m.group("month2")), int(m.group("day2")))


def resolve(when: str | None, context: str, base: dt.date | None) -> dt.date | None:
    """The calendar date `when` stands for, read against the source's date `base`.

    `context` (the sentence) decides the direction of a bare weekday: "will visit on
    Thursday" looks forward, "ran aground on Tuesday" back. A weekday that is the source's
    own day is that day.
    """
    if not when:
        return None
    full = source_date(when)
    if full is not None:
        return full
    if base is None:
        return None
    lowered = when.lower()
    future = bool(_FUTURE.search(context))
    for word, shift in _DAY_WORDS.items():
        if re.search(rf"\b{word}\b", lowered):
            return base + dt.timedelta(days=shift)
    day = _WEEKDAY.search(when)
    if day is not None:
        target = _WEEKDAYS.index(day.group(1).lower())
        delta = target - base.weekday()
        if future and delta < 0:
            delta += 7
        elif not future and delta > 0:
            delta -= 7
        return base + dt.timedelta(days=delta)
    m = _YEARLESS.search(when)
    if m is not None:
        month = _month(m.group("month") or m.group("month2"))
        return _make(base.year, month, int(m.group("day") or m.group("day2")))
    return _parse(_FILLER.sub(" ", when), base, future)


def _parse(phrase: str, base: dt.date, future: bool) -> dt.date | None:
    """dateparser for the rest ("two days ago", "last week"); None when it finds no date."""
    phrase = " ".join(phrase.split())
    if not phrase or not re.search(r"[a-z0-9]", phrase, re.IGNORECASE):
        return None
    import dateparser  # heavy: only a merged brief with such a phrase pays for it

    settings: dict[str, Any] = {
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time(12)),
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    found = dateparser.parse(phrase, languages=["en"], settings=settings)
    if found is None:
        return None
    # Only a phrase that names a day ("three days ago", "the 4th") is one; "last week" or
    # "in 2019" stays as written rather than becoming a made-up day.
    return found.date() if _NAMES_A_DAY.search(phrase) else None
