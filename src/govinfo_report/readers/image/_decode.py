"""Image files into grey page arrays, bounded before anything is decoded."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from govinfo_report.errors import ExtractionError, LimitExceededError, SourceLocation
from govinfo_report.limits import Limits

__all__ = ["decode_frames"]

_FORMATS = ("PNG", "JPEG", "TIFF", "BMP", "WEBP")


def _open(data: bytes, source: str | None) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # The pixel bound is ours (Limits.max_image_pixels), checked on the declared size.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=_FORMATS)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise ExtractionError(
            f"the image cannot be read ({type(exc).__name__}: {exc})", location=SourceLocation(source=source)
        ) from exc


def decode_frames(data: bytes, source: str | None, limits: Limits) -> Iterator[np.ndarray[Any, Any]]:
    """Yield each frame (page) of an image file as a grey ``uint8`` array.

    The declared size of every frame is checked against
    ``limits.max_image_pixels`` before the frame is decoded, and the decoder
    never produces more pixels than declared, so a decompression bomb costs
    nothing.

    Raises:
        ExtractionError: The bytes are not a readable PNG, JPEG, TIFF, BMP or WebP image.
        LimitExceededError: A frame is too large, or there are more frames than ``limits.max_pages``.
    """
    image = _open(data, source)
    for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
        location = SourceLocation(source=source, page=number)
        if number > limits.max_pages:
            raise LimitExceededError(
                f"the image has more than {limits.max_pages} frames (Limits.max_pages)", location=location
            )
        width, height = frame.size
        if width * height > limits.max_image_pixels:
            raise LimitExceededError(
                f"page {number} is {width}x{height} pixels, more than the {limits.max_image_pixels} "
                "allowed (Limits.max_image_pixels)",
                location=location,
            )
        try:
            yield _grey(frame)
        except (OSError, ValueError, SyntaxError) as exc:
            raise ExtractionError(
                f"page {number} of the image cannot be decoded ({type(exc).__name__}: {exc})",
                location=location,
            ) from exc


def _grey(frame: Image.Image) -> np.ndarray[Any, Any]:
    """The frame in grey, transparent parts on white."""
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(white, rgba)
    return np.asarray(frame.convert("L"), dtype=np.uint8)
