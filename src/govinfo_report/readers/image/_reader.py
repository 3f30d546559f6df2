"""Image files and PDF pages through OCR into a document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pypdfium2

from govinfo_report.document import Document, Format
from govinfo_report.errors import ExtractionError, LimitExceededError, SourceLocation
from govinfo_report.limits import Limits
from govinfo_report.readers.image._decode import decode_frames
from govinfo_report.readers.image._document import ocr_document
from govinfo_report.readers.image._page import read_page

__all__ = ["read_image_pages", "read_pdf_pages", "render_pages"]

_POINTS_PER_INCH = 72.0


def read_image_pages(data: bytes, *, source: str | None, limits: Limits) -> Document:
    """OCR every frame of an image file."""
    pages = [read_page(frame, None) for frame in decode_frames(data, source, limits)]
    return ocr_document(pages, format=Format.IMAGE, source=source, limits=limits)


def read_pdf_pages(data: bytes, *, source: str | None, limits: Limits, title: str | None) -> Document:
    """Render every page of a PDF at ``limits.ocr_dpi`` and OCR it."""
    pages = [read_page(image, scale) for image, scale in render_pages(data, source=source, limits=limits)]
    return ocr_document(pages, format=Format.PDF, source=source, limits=limits, title=title)


def render_pages(
    data: bytes, *, source: str | None, limits: Limits
) -> Iterator[tuple[np.ndarray[Any, Any], float]]:
    """Yield each page of a PDF rendered in grey at ``limits.ocr_dpi``, with its points per pixel.

    Raises:
        ExtractionError: PDFium cannot open the PDF or render a page.
        LimitExceededError: Too many pages, or a page larger than ``limits.max_image_pixels`` when rendered.
    """
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise ExtractionError(
            f"the PDF cannot be rendered for OCR ({exc})", location=SourceLocation(source=source)
        ) from exc
    try:
        if len(pdf) > limits.max_pages:
            raise LimitExceededError(
                f"the PDF has more than {limits.max_pages} pages (Limits.max_pages)",
                location=SourceLocation(source=source),
            )
        scale = limits.ocr_dpi / _POINTS_PER_INCH
        for index in range(len(pdf)):
            yield _render(pdf, index, scale, source, limits), 1 / scale
    finally:
        pdf.close()


def _render(
    pdf: pypdfium2.PdfDocument, index: int, scale: float, source: str | None, limits: Limits
) -> np.ndarray[Any, Any]:
    location = SourceLocation(source=source, page=index + 1)
    page = pdf[index]
    try:
        width, height = page.get_size()
        pixels = round(width * scale) * round(height * scale)
        if pixels > limits.max_image_pixels:
            raise LimitExceededError(
                f"page {index + 1} rendered at {limits.ocr_dpi} dpi is {pixels} pixels, more than "
                f"the {limits.max_image_pixels} allowed (Limits.max_image_pixels)",
                location=location,
            )
        image = page.render(scale=scale, grayscale=True).to_numpy()
    except pypdfium2.PdfiumError as exc:
        raise ExtractionError(f"page {index + 1} cannot be rendered ({exc})", location=location) from exc
    finally:
        page.close()
    if image.ndim == 3:
        image = image[..., 0]
    return np.ascontiguousarray(image)
