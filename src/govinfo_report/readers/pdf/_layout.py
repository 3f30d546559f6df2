"""Characters into lines, cell text and paragraphs for the PDF parser.

Everything here works on plain tuples of positions (PDF points, origin at the
bottom left of the page, ``y`` growing upwards) and knows nothing of
pdfminer, so it stays cheap and testable.  Grouping is deliberately simple:
characters are bucketed into lines by vertical overlap and ordered by ``x``;
pdfminer's own layout analysis is far slower and not needed for reports set
in one column.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise
from statistics import median
from typing import NamedTuple

__all__ = [
    "Char",
    "Line",
    "Paragraph",
    "cell_text",
    "find_furniture",
    "group_lines",
    "is_cjk",
    "page_margins",
    "split_paragraphs",
]

_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # CJK radicals supplement, Kangxi radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # kana (used in some fonts' punctuation)
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x20000, 0x3134F),  # extensions B-H
)
_CJK_PUNCTUATION = frozenset("\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u00b7")

_CJK_CLASS = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _CJK_RANGES) + "".join(
    f"\\u{ord(ch):04x}" for ch in sorted(_CJK_PUNCTUATION)
)
# ASCII or no-break spaces that justification leaves between two CJK characters.
_CJK_SPACES = re.compile(f"(?<=[{_CJK_CLASS}])[ \u00a0]+(?=[{_CJK_CLASS}])")

_PAGE_NUMBER = re.compile(
    r"^[\s\-\u2010-\u2015\uff0d~\uff5e\u00b7\u2022]*"
    r"(?:(?:第\s*)?\d{1,4}\s*页?\s*(?:(?:[/\uff0f]|共)\s*\d{1,4}\s*页?)?"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)"
    r"[\s\-\u2010-\u2015\uff0d~\uff5e\u00b7\u2022]*$",
    re.IGNORECASE,
)

# A page's top and bottom bands, as a share of its height, where running
# headers, footers and page numbers live.
_FURNITURE_BAND = 0.12


def is_cjk(ch: str) -> bool:
    """Return whether ``ch`` is a CJK ideograph, radical, kana or CJK/full-width punctuation."""
    if ch in _CJK_PUNCTUATION:
        return True
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


class Char(NamedTuple):
    """One glyph with its box.

    Attributes:
        x0: Left edge.
        y0: Bottom edge.
        x1: Right edge.
        y1: Top edge.
        text: The Unicode text of the glyph (usually one character).
        size: The font size as drawn (the glyph box height for upright text).
    """

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float


class Line:
    """Characters sharing a baseline band, ordered left to right.

    Args:
        chars: The characters (reordered and deduplicated in place).
    """

    __slots__ = ("_text", "chars", "size", "x0", "x1", "y0", "y1")

    def __init__(self, chars: list[Char]) -> None:
        chars.sort()
        kept: list[Char] = []
        for char in chars:
            if kept:
                last = kept[-1]
                # Some producers fake bold type by drawing each glyph twice, a fraction of a
                # point apart: keep one of them.
                if (
                    char.text == last.text
                    and abs(char.x0 - last.x0) < 0.3 * max(last.x1 - last.x0, 0.5)
                    and abs(char.y0 - last.y0) < 0.3 * max(last.size, 0.5)
                ):
                    continue
            kept.append(char)
        self.chars = kept
        self.x0 = min(char.x0 for char in kept)
        self.x1 = max(char.x1 for char in kept)
        self.y0 = min(char.y0 for char in kept)
        self.y1 = max(char.y1 for char in kept)
        self.size = median(char.size for char in kept)
        self._text: str | None = None

    @property
    def text(self) -> str:
        """The line's text; a space is inserted at wide gaps between non-CJK characters."""
        if self._text is None:
            parts: list[str] = []
            previous: Char | None = None
            for char in self.chars:
                if previous is not None and char.x0 - previous.x1 > 0.5 * max(char.size, previous.size):
                    left, right = previous.text[-1], char.text[0]
                    if not (left.isspace() or right.isspace() or is_cjk(left) or is_cjk(right)):
                        parts.append(" ")
                parts.append(char.text)
                previous = char
            self._text = "".join(parts)
        return self._text

    def visible(self) -> list[Char]:
        """Return the characters that are not whitespace."""
        return [char for char in self.chars if not char.text.isspace()]

    def __repr__(self) -> str:
        return f"Line({self.text!r}, x={self.x0:.1f}-{self.x1:.1f}, y={self.y0:.1f}-{self.y1:.1f})"


def group_lines(chars: Iterable[Char]) -> list[Line]:
    """Group characters into lines, top to bottom.

    Characters are sorted by the middle of their box; a character joins the
    current line when its middle lies inside the line's first character and
    that character's middle lies inside it.  This keeps together digits set a
    point or two off the baseline of the text around them (a different font),
    and separates lines that merely touch.

    Args:
        chars: The characters, in any order.

    Returns:
        The lines, from the top of the page down.
    """
    ordered = sorted(chars, key=lambda c: -(c.y0 + c.y1))
    lines: list[Line] = []
    current: list[Char] = []
    anchor_y0 = anchor_y1 = anchor_mid = 0.0
    for char in ordered:
        mid = (char.y0 + char.y1) / 2
        if current and anchor_y0 <= mid <= anchor_y1 and char.y0 <= anchor_mid <= char.y1:
            current.append(char)
            continue
        if current:
            lines.append(Line(current))
        current = [char]
        anchor_y0, anchor_y1, anchor_mid = char.y0, char.y1, mid
    if current:
        lines.append(Line(current))
    return lines


def cell_text(lines: Sequence[Line]) -> str:
    r"""Return the text of a table cell from its lines.

    Lines are joined with ``"\n"``.  A label set vertically, one or two
    characters per line (``三、/本/年/度/办/理/结/果``), is joined without
    separators: it is one label written top to bottom, not several lines.

    Args:
        lines: The cell's lines, top to bottom.
    """
    texts = [line.text.strip() for line in lines]
    texts = [text for text in texts if text]
    if not texts:
        return ""
    if len(texts) >= 2 and _is_vertical(texts):
        return "".join(texts)
    return "\n".join(texts)


def _is_vertical(texts: Sequence[str]) -> bool:
    limit = 1 if len(texts) == 2 else 2
    if any(len(text) > limit or text.isdigit() for text in texts):
        return False
    return sum(1 for text in texts if any(is_cjk(ch) for ch in text)) * 2 >= len(texts)


def remove_cjk_spaces(text: str) -> str:
    """Remove spaces that justification put between two CJK characters."""
    return _CJK_SPACES.sub("", text)


def join_lines(texts: Iterable[str]) -> str:
    """Join the lines of a paragraph: no separator in CJK text, a space between Latin words."""
    out = ""
    for raw in texts:
        text = raw.strip()
        if not text:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and text[0].isascii() and text[0].isalnum():
            out += " "
        out += text
    return out


def is_page_number(text: str) -> bool:
    """Return whether ``text`` reads like a page number (``- 3 -``, ``— 3 —``, ``第3页``, ``3/6``)."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def find_furniture(
    pages: Sequence[tuple[tuple[float, float, float, float], Sequence[Line]]],
) -> list[set[int]]:
    """Find running headers, footers and page numbers.

    A line counts as furniture when it lies in the top or bottom band of its
    page and either reads as a page number, or repeats (digits aside, in the
    same font size) in those bands on at least two pages and half of all pages.

    Args:
        pages: For each page, its box ``(x0, y0, x1, y1)`` and its narrative lines.

    Returns:
        For each page, the indices of its furniture lines.
    """
    candidates: list[list[tuple[int, str]]] = []
    counts: Counter[str] = Counter()
    for (_, py0, _, py1), lines in pages:
        band = (py1 - py0) * _FURNITURE_BAND
        found: list[tuple[int, str]] = []
        for index, line in enumerate(lines):
            if line.y1 <= py0 + band or line.y0 >= py1 - band:
                # The size is part of the key: a report's title on its first page must not go
                # because a running header repeats its words in small type.
                key = f"{round(line.size)}:" + re.sub(r"\d+", "#", "".join(line.text.split()))
                found.append((index, key))
        candidates.append(found)
        counts.update({key for _, key in found})
    repeated = {key for key, count in counts.items() if count >= 2 and count * 2 >= len(pages)}
    result: list[set[int]] = []
    for found, (_, lines) in zip(candidates, pages, strict=True):
        result.append({index for index, key in found if key in repeated or is_page_number(lines[index].text)})
    return result


def page_margins(lines: Sequence[Line]) -> tuple[float, float]:
    """Return the text column's left and right edges: the most common line starts and ends.

    Args:
        lines: Narrative lines of one or more pages (must not be empty).
    """
    lefts = Counter(round(line.x0) for line in lines)
    rights = Counter(round(line.x1) for line in lines)
    # Among equally common values prefer the outermost edge.
    left = min(lefts, key=lambda x: (-lefts[x], x))
    right = max(rights, key=lambda x: (rights[x], x))
    return float(left), float(right)


class Paragraph:
    """Lines of one paragraph on one page (joined across pages later).

    Args:
        lines: The lines, top to bottom.
        page: 1-based page number.
    """

    __slots__ = ("lines", "page")

    def __init__(self, lines: list[Line], page: int) -> None:
        self.lines = lines
        self.page = page

    @property
    def top(self) -> float:
        """The top edge."""
        return self.lines[0].y1

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """The box of the lines ``(x0, y0, x1, y1)``."""
        return (
            min(line.x0 for line in self.lines),
            min(line.y0 for line in self.lines),
            max(line.x1 for line in self.lines),
            max(line.y1 for line in self.lines),
        )


def starts_paragraph(line: Line, left: float) -> bool:
    """Return whether ``line`` is indented from the left edge (a first line or a centred heading)."""
    return line.x0 > left + 0.8 * line.size


def ends_paragraph(line: Line, right: float) -> bool:
    """Return whether ``line`` stops short of the right edge (a last line)."""
    return line.x1 < right - 1.5 * line.size


def split_paragraphs(lines: Sequence[Line], page: int, left: float, right: float) -> list[Paragraph]:
    """Split consecutive narrative lines (no table between them) into paragraphs.

    A line starts a new paragraph when it is indented, when the line before
    stops short of the right edge, when the font size changes, or when the gap
    above it is clearly wider than the usual line pitch.

    Args:
        lines: Lines top to bottom.
        page: 1-based page number.
        left: Left edge of the text column.
        right: Right edge of the text column.
    """
    if not lines:
        return []
    pitches = [
        above.y0 - below.y0
        for above, below in pairwise(lines)
        if abs(above.size - below.size) <= 0.2 * max(above.size, below.size)
    ]
    pitch = median(pitches) if pitches else None
    paragraphs: list[Paragraph] = []
    current = [lines[0]]
    for above, line in pairwise(lines):
        size = max(above.size, line.size)
        gap = above.y0 - line.y0
        new = (
            starts_paragraph(line, left)
            or ends_paragraph(above, right)
            or abs(above.size - line.size) > 0.2 * size
            or gap > (1.5 * pitch if pitch is not None else 2.5 * size)
            or gap > 3.0 * size
        )
        if new:
            paragraphs.append(Paragraph(current, page))
            current = []
        current.append(line)
    paragraphs.append(Paragraph(current, page))
    return paragraphs
