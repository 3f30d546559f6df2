"""Table cells as the assembler sees them: labels, values and blanks."""

from __future__ import annotations

import enum
import re
from functools import lru_cache
from typing import NamedTuple

from govinfo_report.assembly._normalize import is_placeholder, normalize_label
from govinfo_report.errors import SourceLocation

__all__ = ["Token", "TokenKind", "classify", "make_token"]


class TokenKind(enum.Enum):
    """The role of a cell text."""

    LABEL = "label"
    VALUE = "value"
    BLANK = "blank"
    RUN = "run"
    """Several value cells run together, to be split by the table's arithmetic."""


class Token(NamedTuple):
    """One cell text with its normalised form, role and location.

    A named tuple rather than an attrs class: one is made for every table
    cell, and a tuple is quicker to build.
    """

    text: str
    norm: str
    kind: TokenKind
    location: SourceLocation
    candidates: tuple[str, ...] = ()
    """The readings of a number recognised with doubt (OCR), ``text`` first; empty when sure."""


_NUMERIC = re.compile(r"^[+\-]?[\d,.]+(?:万元|元|件|项|条|个)?$")
# Every text is_placeholder accepts starts with one of these characters or holds a per
# cent sign, and label normalisation keeps both; testing the normalised text first
# spares labels the placeholder test.
# x, X, the multiplication sign, *, the full-width asterisk, 若, 约:
_PLACEHOLDER_STARTS = frozenset("xX\u00d7*\uff0a若约")


def _may_be_placeholder(norm: str) -> bool:
    return norm[:1] in _PLACEHOLDER_STARTS or "%" in norm or "\uff05" in norm  # or a full-width per cent


@lru_cache(maxsize=16_384)
def classify(text: str) -> TokenKind:
    """Return whether ``text`` is a label, a value (numbers and placeholders) or blank."""
    norm = normalize_label(text)
    if not norm or norm.strip("-/") == "":
        return TokenKind.BLANK
    if _NUMERIC.match(norm) or (_may_be_placeholder(norm) and is_placeholder(text)):
        return TokenKind.VALUE
    return TokenKind.LABEL


_new_tuple = tuple.__new__


def make_token(
    text: str, location: SourceLocation, kind: TokenKind | None = None, candidates: tuple[str, ...] = ()
) -> Token:
    """Build a token, classifying ``text`` unless ``kind`` is given."""
    # What Token(...) does, without the call of the named tuple's __new__: one per table cell.
    norm = normalize_label(text)
    return _new_tuple(Token, (text, norm, classify(text) if kind is None else kind, location, candidates))
