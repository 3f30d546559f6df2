"""Image files and PDF pages through OCR into a document."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import numpy as np
import pypdfium2

from govinfo_report._deadline import DeadlineExpired, alarm, check_deadline, extend_deadline
from govinfo_report.document import Document, Format
from govinfo_report.errors import ExtractionError, LimitExceededError, SourceLocation
from govinfo_report.limits import Limits
from govinfo_report.readers.image._decode import decode_frames
from govinfo_report.readers.image._document import ocr_document
from govinfo_report.readers.image._page import OcrPage, read_page, shifted

__all__ = ["read_frames", "read_image_pages", "read_pdf_pages", "read_pictures", "render_pages"]

_POINTS_PER_INCH = 72.0


@contextmanager
def _page_time(limits: Limits, source: str | None, number: int) -> Iterator[None]:
    """Bound the OCR of one page by ``limits.ocr_page_timeout``."""
    seconds = limits.ocr_page_timeout

    def expire() -> NoReturn:
        raise DeadlineExpired(
            LimitExceededError(
                f"the OCR of page {number} took longer than {seconds:g} s (Limits.ocr_page_timeout)",
                location=SourceLocation(source=source, page=number),
            )
        )

    try:
        with alarm(seconds, expire):
            yield
    except DeadlineExpired as expired:
        raise expired.error from None


def _read(
    image: np.ndarray[Any, Any], scale: float | None, limits: Limits, source: str | None, number: int
) -> OcrPage:
    check_deadline()
    with _page_time(limits, source, number):
        return read_page(image, scale)


def _budget(limits: Limits) -> None:
    """Give the file's time bound ``Limits.ocr_page_budget`` more for a page about to be read by OCR."""
    extend_deadline(limits.ocr_page_budget)


def read_frames(data: bytes, *, source: str | None, limits: Limits) -> list[OcrPage]:
    """What OCR finds on every frame of an image file."""
    pages = []
    for number, frame in enumerate(decode_frames(data, source, limits), start=1):
        _budget(limits)
        pages.append(_read(frame, None, limits, source, number))
    return pages


def read_image_pages(data: bytes, *, source: str | None, limits: Limits) -> Document:
    """OCR every frame of an image file."""
    pages = read_frames(data, source=source, limits=limits)
    return ocr_document(pages, format=Format.IMAGE, source=source, limits=limits)


def read_pdf_pages(data: bytes, *, source: str | None, limits: Limits, title: str | None) -> Document:
    """Render every page of a PDF at ``limits.ocr_dpi`` and OCR it."""
    pages = []
    for number, (image, scale) in enumerate(render_pages(data, source=source, limits=limits), start=1):
        _budget(limits)
        pages.append(_read(image, scale, limits, source, number))
    return ocr_document(pages, format=Format.PDF, source=source, limits=limits, title=title)


_Box = tuple[float, float, float, float]


def read_pictures(
    data: bytes, pictures: Mapping[int, tuple[_Box, Sequence[_Box]]], *, source: str | None, limits: Limits
) -> dict[int, OcrPage]:
    """Read pictures of text on PDF pages: each page's pictures, in page coordinates.

    Args:
        data: The PDF.
        pictures: For each page number, the page box and the boxes of its pictures (PDF points).
        source: Name of the input, for locations.
        limits: Resource bounds.
    """
    found: dict[int, OcrPage] = {}
    for number, (image, scale) in enumerate(render_pages(data, source=source, limits=limits), start=1):
        if number not in pictures:
            continue
        page_box, boxes = pictures[number]
        page_x0, _, _, page_y1 = page_box
        _budget(limits)
        merged: OcrPage | None = None
        for x0, y0, x1, y1 in boxes:
            left, top = max(0, round((x0 - page_x0) / scale)), max(0, round((page_y1 - y1) / scale))
            right, bottom = round((x1 - page_x0) / scale), round((page_y1 - y0) / scale)
            crop = image[top:bottom, left:right]
            if crop.size == 0:
                continue
            read = _read(np.ascontiguousarray(crop), scale, limits, source, number)
            placed = shifted(read, page_x0 + left * scale, page_y1 - bottom * scale, page_box)
            merged = placed if merged is None else _joined(merged, placed)
        if merged is not None:
            found[number] = merged
    return found


def _joined(first: OcrPage, second: OcrPage) -> OcrPage:
    first.rulings.horizontal.extend(second.rulings.horizontal)
    first.rulings.vertical.extend(second.rulings.vertical)
    return OcrPage(
        first.box, first.chars + second.chars, first.glyphs + second.glyphs, first.rulings, first.angle
    )


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
