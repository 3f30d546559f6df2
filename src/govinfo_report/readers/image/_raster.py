"""Pixel work on one page image: straightening, ruling lines, and lines erased before reading.

Everything here takes and returns grey ``uint8`` arrays (``0`` black,
``255`` white, rows top to bottom).
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

__all__ = ["Segments", "deskew", "erase", "find_rulings", "level"]

Image = np.ndarray[Any, Any]
Segments = list[tuple[float, float, float]]
"""``(position, start, end)`` in pixels: a horizontal ruling at row ``position`` from column
``start`` to ``end``, or a vertical one at column ``position`` from row ``start`` to ``end``."""

_MAX_SKEW = 3.0
"""Largest tilt, in degrees, that :func:`deskew` looks for."""
_SKEW_STEP = 0.05
_SKEW_WIDTH = 1000
"""Width the page is scaled to while its tilt is measured."""


def _ink(image: Image) -> Image:
    """Binary mask of dark pixels (Otsu's threshold)."""
    _, mask = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def _rotate(image: Image, angle: float, border: int) -> Image:
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(
        image,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=border,
    )


def skew_angle(image: Image) -> float:
    """The page's tilt in degrees: the rotation whose row profile of ink is sharpest.

    Text lines and ruling lines both make the profile peak when level.
    """
    height, width = image.shape[:2]
    scale = min(1.0, _SKEW_WIDTH / width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = cv2.resize(image, size, interpolation=cv2.INTER_AREA) if scale < 1 else image
    mask = (_ink(small) > 0).astype(np.float32)
    if not mask.any():
        return 0.0

    def sharpness(angle: float) -> float:
        profile = _rotate(mask, angle, 0).sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    coarse = np.arange(-_MAX_SKEW, _MAX_SKEW + 1e-9, 0.25)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, _SKEW_STEP)
    return float(max(fine, key=sharpness))


def deskew(image: Image) -> tuple[Image, float]:
    """Return the page turned level and the angle it was turned by (degrees)."""
    angle = skew_angle(image)
    if abs(angle) < _SKEW_STEP / 2:
        return image, 0.0
    return level(image, angle), angle


def level(image: Image, angle: float) -> Image:
    """The page turned by ``angle`` degrees as :func:`deskew` turns it (white shows at the corners)."""
    return _rotate(image, angle, 255) if angle else image


def _segments(mask: Image, *, horizontal: bool, minimum: int) -> Segments:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    found: Segments = []
    for label in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[label])
        if horizontal and w >= minimum and h <= max(8, w // 20):
            found.append((y + h / 2, float(x), float(x + w)))
        elif not horizontal and h >= minimum and w <= max(8, h // 20):
            found.append((x + w / 2, float(y), float(y + h)))
    return found


def find_rulings(image: Image, text_height: float) -> tuple[Segments, Segments, Image]:
    """Ruling lines of a level page.

    Args:
        image: The page.
        text_height: The typical height of a text line in pixels; a vertical
            ruling is longer than a glyph's stroke, a horizontal one longer
            than a few characters.

    Returns:
        The horizontal and vertical segments and the mask of their pixels.
    """
    ink = _ink(image)
    long_h = max(15, round(3 * text_height))
    long_v = max(15, round(1.2 * text_height))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long_h, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long_v)))
    # Close small gaps that noise and JPEG leave along a printed line.
    gap = max(3, round(text_height / 4))
    horizontal = cv2.morphologyEx(
        horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1))
    )
    vertical = cv2.morphologyEx(
        vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap))
    )
    h_segments = _segments(horizontal, horizontal=True, minimum=long_h)
    v_segments = _segments(vertical, horizontal=False, minimum=long_v)
    return h_segments, v_segments, cv2.bitwise_or(horizontal, vertical)


def erase(image: Image, mask: Image) -> Image:
    """The page with the masked pixels (and a pixel around them) painted white."""
    grown = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    cleaned = image.copy()
    cleaned[grown > 0] = 255
    return cleaned
