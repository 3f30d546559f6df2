"""Source pages as small PNG images for the review page, without an imaging library.

PDF pages are rendered by PDFium (``pypdfium2``), the pages of an image
input drawn from its frames as they were read (levelled, at the page size
recorded for them), in grey at 100 dpi, and written as 8-bit greyscale PNG
with :mod:`zlib`: a text page is some 100 KB.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from typing import Final

import attrs

from govinfo_report.document import PageGeometry
from govinfo_report.limits import Limits

__all__ = ["PageImage", "encode_grey_png", "image_pages", "render_pages"]

_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_POINTS_PER_INCH: Final = 72.0


@attrs.frozen(kw_only=True)
class PageImage:
    """One rendered page.

    Attributes:
        number: 1-based page number.
        png: The PNG bytes.
        width: Width in pixels.
        height: Height in pixels.
        scale: Pixels per PDF point.
        page_height: The page's height in PDF points (to turn PDF ``y`` upside down).
    """

    number: int
    png: bytes
    width: int
    height: int
    scale: float
    page_height: float


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack("!I", len(data)) + body + struct.pack("!I", zlib.crc32(body) & 0xFFFFFFFF)


def encode_grey_png(pixels: bytes, width: int, height: int, stride: int) -> bytes:
    """Encode 8-bit grey ``pixels`` (rows of ``stride`` bytes, ``width`` used) as PNG."""
    rows = b"".join(b"\x00" + pixels[row * stride : row * stride + width] for row in range(height))
    header = struct.pack("!IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        _SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 9)) + _chunk(b"IEND", b"")
    )


def render_pages(data: bytes, pages: set[int], *, dpi: float = 100.0) -> list[PageImage]:
    """Render the 1-based ``pages`` of the PDF ``data`` in grey; pages it lacks are left out.

    Raises:
        ImportError: ``pypdfium2`` is not installed.
    """
    import pypdfium2  # noqa: PLC0415 - loaded only when a PDF's pages are shown

    scale = dpi / _POINTS_PER_INCH
    document = pypdfium2.PdfDocument(data)
    images: list[PageImage] = []
    try:
        for number in sorted(pages):
            if not 1 <= number <= len(document):
                continue
            page = document[number - 1]
            bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
            buffer = bytes(bitmap.buffer)
            images.append(
                PageImage(
                    number=number,
                    png=encode_grey_png(buffer, bitmap.width, bitmap.height, bitmap.stride),
                    width=bitmap.width,
                    height=bitmap.height,
                    scale=scale,
                    page_height=page.get_height(),
                )
            )
    finally:
        document.close()
    return images


def image_pages(
    data: bytes, pages: Sequence[PageGeometry], wanted: set[int], *, dpi: float = 100.0, limits: Limits
) -> list[PageImage]:
    """Draw the frames ``wanted`` of the image file ``data`` as they were read, in grey.

    Each frame is turned by the angle it was levelled by and scaled to
    ``dpi`` on the page size recorded for it (never enlarged), so that the
    boxes located on the page fall on the picture.

    Raises:
        ImportError: The ``ocr`` extra (numpy, OpenCV, Pillow) is not installed.
        ParseError: The image cannot be decoded or is larger than ``limits`` allow.
    """
    import cv2  # noqa: PLC0415 - the ocr extra, loaded only for image inputs
    import numpy as np  # noqa: PLC0415

    from govinfo_report.readers.image._decode import decode_frames  # noqa: PLC0415
    from govinfo_report.readers.image._raster import level  # noqa: PLC0415

    geometry = {page.number: page for page in pages}
    images: list[PageImage] = []
    for number, frame in enumerate(decode_frames(data, None, limits), start=1):
        page = geometry.get(number)
        if page is None or number not in wanted:
            continue
        picture = level(frame, page.angle)
        height, width = picture.shape[:2]
        scale = min(dpi / _POINTS_PER_INCH, width / page.width)  # pixels per point
        size = (max(1, round(page.width * scale)), max(1, round(page.height * scale)))
        if size != (width, height):
            picture = cv2.resize(picture, size, interpolation=cv2.INTER_AREA)
        pixels = np.ascontiguousarray(picture, dtype=np.uint8)
        images.append(
            PageImage(
                number=number,
                png=encode_grey_png(pixels.tobytes(), size[0], size[1], size[0]),
                width=size[0],
                height=size[1],
                scale=scale,
                page_height=page.height,
            )
        )
    return images
