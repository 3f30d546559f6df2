"""How sure a recognised cell text is, and what else it may read.

A number OCR reads with doubt is not given as a plain value: the cell gets
the readings it may be (most likely first), and the assembly lets the
table's equations choose among them.  Doubt comes from a glyph whose best
reading is not clearly ahead of the others, from a letter standing among
digits (``O`` for ``0``, ``l`` for ``1``), or, on a badly read cell, from a
digit the recogniser may have dropped or doubled.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["SURE", "Glyph", "cell_readings"]


class Glyph(NamedTuple):
    """One recognised character.

    Attributes:
        text: The best reading.
        x: The character's centre along the box, in image pixels.
        probability: The probability of the best reading.
        second: The second-best reading (``""`` for none).
        second_probability: Its probability.
    """

    text: str
    x: float
    probability: float
    second: str
    second_probability: float


SURE = 0.9
"""A digit whose readings hold at least this probability, with no rival digit, is taken as read."""
_POOR = 0.6
"""Below this probability a cell may also have lost or doubled a digit."""
_RIVAL = 0.01
"""Another digit read with at least this probability puts a glyph in doubt however sure the best is."""
_MAX_READINGS = 24

# Characters OCR commonly returns for a digit.
_CONFUSED = {
    "O": "0",
    "o": "0",
    "D": "0",
    "Q": "0",
    "\u3007": "0",  # ideographic number zero
    "l": "1",
    "I": "1",
    "i": "1",
    "|": "1",
    "!": "1",
    "\u4e28": "1",  # the CJK vertical stroke
    "S": "5",
    "s": "5",
    "B": "8",
    "b": "6",
    "T": "7",
    "g": "9",
    "q": "9",
    "Z": "2",
    "z": "2",
}
_NUMBER = re.compile(r"[+\-]?\d[\d,.]*")


def _digit(text: str) -> str | None:
    if text.isascii() and text.isdigit():
        return text
    return _CONFUSED.get(text)


def _options(glyph: Glyph) -> tuple[list[str], bool]:
    """The characters a glyph may stand for, and whether that is in doubt.

    A digit is sure when the readings that stand for it (``0`` and ``O`` alike) hold at
    least :data:`SURE` of the probability and no other digit comes close.
    """
    digit = _digit(glyph.text)
    if digit is None:
        return [glyph.text], glyph.probability < SURE
    other = _digit(glyph.second) if glyph.second else None
    same = glyph.second_probability if other == digit else 0.0
    options = [digit]
    doubtful = glyph.text != digit or glyph.probability + same < SURE
    if other is not None and other != digit and (doubtful or glyph.second_probability >= _RIVAL):
        options.append(other)
        doubtful = True
    return options, doubtful


def cell_readings(glyphs: Sequence[Glyph]) -> tuple[str, ...]:
    """The readings of a numeric cell read with doubt, most likely first; ``()`` when it is sure.

    Cells that are not numbers (labels, blanks) are never in doubt here: their
    text is matched to labels, not counted.

    Args:
        glyphs: The cell's glyphs in reading order.
    """
    if not glyphs:
        return ()
    per_glyph = [_options(glyph) for glyph in glyphs]
    best = "".join(options[0] for options, _ in per_glyph)
    if not _NUMBER.fullmatch(best):
        return ()
    if not any(doubtful for _, doubtful in per_glyph):
        return ()
    readings: dict[str, None] = {}
    for combo in itertools.product(*(options for options, _ in per_glyph)):
        readings.setdefault("".join(combo), None)
        if len(readings) >= _MAX_READINGS:
            break
    if min(glyph.probability for glyph in glyphs) < _POOR:
        for index, char in enumerate(best):
            if char.isdigit():
                readings.setdefault(best[: index + 1] + best[index:], None)
                if index and best[index - 1] == char:
                    readings.setdefault(best[:index] + best[index + 1 :], None)
    return tuple(itertools.islice(readings, _MAX_READINGS))
