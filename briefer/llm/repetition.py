"""Noticing, while an answer streams in, that the model is repeating itself.

Small local models often loop inside their JSON: the same item, name or phrase again and
again until the output limit, which costs minutes on a laptop or money on a paid endpoint.
Where no grammar bounds the answer (`--json-mode object` and `prompt`), the answer is read
as a stream and given up as soon as it loops.

A loop is the answer's end made of the same text back to back: at least `COPIES` copies
and `SPAN` characters in all, or `MANY` copies of a short piece (so a stutter like "very,
very, very" or a rule of dashes is no loop, and "A:\n\n" forty times is). A
real answer repeats keys and quotes (a claim's quote is often also its statement, a
development's evidence and part of the bottom line), but with other fields between them,
never as the same item again and again. A flood of whitespace (llama.cpp's JSON grammar
allows any amount) is a loop too.
"""

from __future__ import annotations

WINDOW = 48
"""Characters of the answer's end looked up earlier in the answer to find the period."""
SPAN = 240
"""The fewest characters of back-to-back copies that make a loop."""
COPIES = 3
MANY = 32
"""Copies of a short piece that make a loop before `SPAN` characters do..."""
SHORTEST = 64
"""...in no fewer characters than this (a rule of dashes in a quote is no loop)."""
BLANKS = 120
"""Consecutive whitespace characters that no JSON answer needs."""


class RepetitionGuard:
    """Fed the answer piece by piece; `looping` turns true once it repeats itself."""

    def __init__(
        self,
        window: int = WINDOW,
        span: int = SPAN,
        copies: int = COPIES,
        many: int = MANY,
        shortest: int = SHORTEST,
        blanks: int = BLANKS,
    ) -> None:
        self.window = window
        self.span = span
        self.copies = copies
        self.many = many
        self.shortest = shortest
        self.blanks = blanks
        self.text = ""
        self.looping = False

    def feed(self, piece: str) -> bool:
        """Add the next piece of the answer; True once the answer loops."""
        if self.looping or not piece:
            return self.looping
        self.text += piece
        text, n = self.text, len(self.text)
        if n >= self.blanks and not text[-self.blanks :].strip():
            self.looping = True
        elif n > self.window:
            self.looping = self._periodic_end(text, n)
        return self.looping

    def _periodic_end(self, text: str, n: int) -> bool:
        # The nearest earlier occurrence of the end gives the period, if there is one.
        before = text.rfind(text[-self.window :], 0, n - 1)
        if before < 0:
            return False
        period = n - self.window - before
        needed = min(self.span, max(self.many * period, self.shortest))
        copies = max(self.copies, -(-needed // period))
        if copies * period > n:
            return False
        return text[-copies * period :] == text[-period:] * copies
