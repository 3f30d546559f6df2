"""One page image into the characters and ruling lines the PDF layout code works on.

The page is levelled, its text found and read, its ruling lines found and
erased before reading (a cell border beside a digit reads as ``1``), and
everything is placed in page coordinates: points, origin at the bottom left,
``y`` growing upwards, as in a PDF.  Each character keeps the glyph it was
read from, so cells can tell how sure the reading is.
"""

from __future__ import annotations

from itertools import pairwise
from statistics import median
from typing import Any, NamedTuple

import numpy as np

from govinfo_report.readers.image._engine import Reading, engine
from govinfo_report.readers.image._raster import deskew, erase, find_rulings
from govinfo_report.readers.image._readings import Glyph
from govinfo_report.readers.pdf._layout import Char
from govinfo_report.readers.pdf._tables import Rulings

__all__ = ["OcrPage", "read_page", "shifted"]

_MIN_SIDE = 8
"""Pages narrower or lower than this many pixels hold no text to read."""
_TEXT_POINTS = 16.0
"""Height in points given to a typical text box when an image has no physical size."""


class OcrPage(NamedTuple):
    """What OCR found on one page.

    Attributes:
        box: The page box in points ``(x0, y0, x1, y1)``.
        chars: The characters, in page coordinates.
        glyphs: For each character, the glyph it was read from.
        rulings: The ruling lines, in page coordinates.
        angle: The tilt corrected, in degrees.
    """

    box: tuple[float, float, float, float]
    chars: list[Char]
    glyphs: list[Glyph]
    rulings: Rulings
    angle: float


def _chars(reading: Reading, scale: float, height: float) -> list[tuple[Char, Glyph]]:
    """Characters of a text box, each spanning from the midpoints to its neighbours."""
    x0, y0, x1, y1 = reading.box
    glyphs = [glyph for glyph in reading.glyphs if not glyph.text.isspace()]
    if not glyphs:
        return []
    top = height - y0 * scale
    bottom = height - y1 * scale
    size = (y1 - y0) * scale / 1.5
    edges = [float(x0)]
    edges.extend((a.x + b.x) / 2 for a, b in pairwise(glyphs))
    edges.append(float(x1))
    return [
        (Char(edges[i] * scale, bottom, edges[i + 1] * scale, top, glyph.text, size), glyph)
        for i, glyph in enumerate(glyphs)
    ]


def read_page(image: np.ndarray[Any, Any], points_per_pixel: float | None) -> OcrPage:
    """Read one grey page image.

    Args:
        image: The page, grey ``uint8``.
        points_per_pixel: The image's physical scale, or ``None`` to scale it
            so that text lines are of a usual printed size.
    """
    scale = points_per_pixel if points_per_pixel is not None else 1.0
    if min(image.shape[:2]) < _MIN_SIDE:
        box = (0.0, 0.0, image.shape[1] * scale, image.shape[0] * scale)
        return OcrPage(box, [], [], Rulings(), 0.0)  # too small to hold a line of text
    level, angle = deskew(image)
    ocr = engine()
    boxes = ocr.detect(level)
    text_height = median(y1 - y0 for _, y0, _, y1 in boxes) if boxes else 20.0
    horizontal, vertical, lines = find_rulings(level, text_height)
    readings = ocr.recognise(erase(level, lines), boxes)
    scale = points_per_pixel if points_per_pixel is not None else _TEXT_POINTS / text_height
    height = level.shape[0] * scale
    chars: list[Char] = []
    glyphs: list[Glyph] = []
    for reading in readings:
        for char, glyph in _chars(reading, scale, height):
            chars.append(char)
            glyphs.append(glyph)
    rulings = Rulings()
    for y, start, end in horizontal:
        rulings.horizontal.append((height - y * scale, start * scale, end * scale))
    for x, start, end in vertical:
        rulings.vertical.append((x * scale, height - end * scale, height - start * scale))
    return OcrPage((0.0, 0.0, level.shape[1] * scale, height), chars, glyphs, rulings, angle)


def shifted(page: OcrPage, dx: float, dy: float, box: tuple[float, float, float, float]) -> OcrPage:
    """The page's findings moved by ``(dx, dy)`` points onto a page whose box is ``box``.

    A picture read on its own is placed where it stands on its page this way.
    """
    chars = [
        Char(char.x0 + dx, char.y0 + dy, char.x1 + dx, char.y1 + dy, char.text, char.size)
        for char in page.chars
    ]
    rulings = Rulings()
    rulings.horizontal.extend((y + dy, x0 + dx, x1 + dx) for y, x0, x1 in page.rulings.horizontal)
    rulings.vertical.extend((x + dx, y0 + dy, y1 + dy) for x, y0, y1 in page.rulings.vertical)
    return OcrPage(box, chars, page.glyphs, rulings, page.angle)
