"""The PDFium backend of the PDF reader: pages into characters, rulings and images, through pypdfium2.

PDFium (the PDF engine of Chromium) parses and interprets pages in C++, 10 to
20 times faster than pdfminer.six in Python.  This module asks it, page by
page, for what :mod:`._assemble` needs, in the form the pdfminer backend gives
it, so that both read the same cells:

* **Characters** from PDFium's text page: its Unicode, and a box built as
  pdfminer builds it (from the origin to the advance, from the descent up by
  the font size), from PDFium's loose box (advance, descent and ascent) and
  the font size.  Spaces that PDFium synthesises between words and at line
  ends (``FPDFText_IsGenerated``) are left out: pdfminer has none, and the
  layout inserts its own at wide gaps.  Glyphs without a Unicode mapping
  become U+FFFD and are counted, as pdfminer's are.
* **Rulings** from path objects (in forms too), each subpath classified as
  pdfminer classifies it (a line, a rectangle, or a polyline), painted when
  stroked or filled with a colour other than white.
* **Images**: the box of each image object (its unit square through its matrix), so that
  scanned pages and pictures of text among text can be read by OCR.
* **Page box and rotation**: coordinates are mapped through the same page
  matrix as pdfminer's (:func:`._content.display_matrix`).

Bounds: PDFium is given the bytes (never a path), reads nothing else and has
no network code.  ``Limits.max_pages`` is checked before any page is loaded,
``Limits.max_page_objects`` against the page's object and character counts
before they are read and while the paths are, ``Limits.timeout`` between pages
and every few hundred objects or characters, and ``Limits.max_decoded_bytes``
by inflating the file's FlateDecode streams, counting and discarding the
output, before PDFium sees it (:func:`_prescan`).  What PDFium does inside one
call (loading a page's content, building its text page) cannot be
interrupted, so a document it could expand without bound in such a call is
read with pdfminer.six instead (:class:`._content.UnsuitableInputError`):
streams with other filters or chains of filters, stream dictionaries that
cannot be checked, forms that draw other XObjects.  So is a document where
PDFium's text page would leave out text.  A page whose content is huge is
bounded by the decoded bytes of its streams, and in batch runs by the worker's
timeout, which stops the process.  PDFium is not thread-safe: one lock
serialises its calls across threads.
"""

from __future__ import annotations

import ctypes
import re
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from pypdfium2 import raw  # importing the package initialises PDFium

from govinfo_report.errors import ExtractionError, LimitExceededError
from govinfo_report.limits import Limits
from govinfo_report.readers.pdf._content import (
    Box,
    Extraction,
    Matrix,
    PageContent,
    UnsuitableInputError,
    display_matrix,
    location,
    page_char,
)
from govinfo_report.readers.pdf._layout import Char
from govinfo_report.readers.pdf._tables import Rulings

__all__ = ["extract"]

# PDFium keeps global state and must not be entered from two threads at once.
_LOCK: Final = threading.Lock()

# How many objects or characters pass between two looks at the clock.
_CLOCK_EVERY: Final = 256
# Most bytes inflated in one step while counting.
_STEP: Final = 1024 * 1024
# The bytes after which ``stream`` is the keyword: white space and a dictionary's closing ``>``.
_BEFORE_KEYWORD: Final = frozenset(b" \t\r\n\f\x00>")
# Deflate's largest expansion (a 258-byte match per code of at least two bits), with a margin.
_DEFLATE_RATIO: Final = 1040
# How far before the keyword a stream's dictionary is looked for.
_LOOKBACK: Final = 4096
# The object and generation numbers before an ``obj`` keyword, and how far back they may start.
_OBJ_NUMBERS: Final = re.compile(rb"\d+\s+\d+\s+$")
_NUMBERS_SPAN: Final = 32
_INDIRECT_FILTER: Final = re.compile(rb"/Filter\s*\d")
_NAME_ESCAPE: Final = re.compile(rb"#([0-9A-Fa-f]{2})")
_FILTERS: Final = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_FILTER_NAMES: Final = re.compile(rb"/([^\s/\[\]<>()]+)")
_SUBTYPE: Final = re.compile(rb"/Subtype\s*/([^\s/\[\]<>()]+)")
_DO: Final = re.compile(rb"(?:^|[\s/\]>)])Do(?:$|[\s/\[<(])")
# Filters PDFium is left to decode: FlateDecode (counted first) and image codecs, which
# text extraction never runs.
_PDFIUM_FILTERS: Final = frozenset(
    {b"FlateDecode", b"DCTDecode", b"JPXDecode", b"CCITTFaxDecode", b"JBIG2Decode"}
)
_WHITE: Final = 252  # of 255
# Text object bounds narrower or lower than this are empty (PDFium's own epsilon is 0.01).
_NO_SIZE: Final = 0.02
# The size in bytes of an empty UTF-16 text with its terminating NUL.
_EMPTY_TEXT: Final = 2
# PDFium computes in single precision: points equal in the file may differ in the last digits.
_EPSILON: Final = 1e-3
_UNMAPPED: Final = "\ufffd"
_FIRST_PRINTABLE: Final = 0x20
# A glyph box lower than this is given the font size as its height (as page_char does).
_LEAST_HEIGHT: Final = 0.1
_GENERATED: Final = frozenset((0x20, 0x0D, 0x0A))
_HIGH_SURROGATES: Final = (0xD800, 0xDBFF)
_LOW_SURROGATES: Final = (0xDC00, 0xDFFF)


class _Clock:
    """The parse's time and per-page object bounds, checked from between PDFium's calls."""

    __slots__ = ("limits", "objects", "page", "source", "started")

    def __init__(self, limits: Limits, source: str | None) -> None:
        self.limits = limits
        self.source = source
        self.started = time.monotonic()
        self.page: int | None = None
        self.objects = 0

    def start_page(self, number: int) -> None:
        self.page = number
        self.objects = 0
        self.check_time()

    def draw(self, count: int = 1) -> None:
        """Count ``count`` glyphs, path segments, images or forms drawn on the page."""
        before = self.objects
        self.objects += count
        if self.objects > self.limits.max_page_objects:
            raise LimitExceededError(
                f"page {self.page} draws more than {self.limits.max_page_objects} glyphs, path "
                "segments, images and forms (Limits.max_page_objects)",
                location=location(self.source, self.page),
            )
        if before // _CLOCK_EVERY != self.objects // _CLOCK_EVERY:
            self.check_time()

    def check_time(self) -> None:
        timeout = self.limits.timeout
        if timeout is not None and time.monotonic() - self.started > timeout:
            raise LimitExceededError(
                f"parsing took longer than {timeout:g} s (Limits.timeout)",
                location=location(self.source, self.page),
            )


def _name(raw_name: bytes) -> bytes:
    """A PDF name with its ``#xx`` escapes decoded."""
    return _NAME_ESCAPE.sub(lambda match: bytes((int(match.group(1), 16),)), raw_name)


def _inflated_size(data: bytes, start: int, room: int) -> int:
    """Bytes the zlib stream at ``start`` inflates to, counting at most ``room`` plus one step.

    The input is fed up to each next ``endstream`` in turn, so that the rest
    of the file is not copied at every stream; data that happens to hold the
    word goes on being fed.  What is not a zlib stream counts what inflated
    before the error.
    """
    decompressor = zlib.decompressobj()
    view = memoryview(data)
    size = 0
    while start < len(data) and size <= room:
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end + len(b"endstream")
        pending: bytes | memoryview = view[start:end]
        start = end
        try:
            while pending and size <= room:
                size += len(decompressor.decompress(pending, _STEP))
                if decompressor.eof:
                    return size
                pending = decompressor.unconsumed_tail
        except zlib.error:
            return size
    return size


def _prescan(data: bytes, source: str | None, limits: Limits) -> None:
    """Check, before PDFium sees the file, what PDFium cannot bound while it runs.

    Every FlateDecode stream's data is inflated in bounded steps, counted and
    dropped, so that ``Limits.max_decoded_bytes`` holds (at most one step is
    held); streams so near the end of the file that all the data after them
    could not inflate past the bound, at deflate's largest ratio, are not
    inflated.  A document PDFium would expand without bound inside one call is
    handed to the reference backend, whose interpreter spends a budget on every
    drawing and every decoded byte: streams with filters other than FlateDecode
    and the image codecs (which text extraction never decodes), with a chain of
    filters or an indirect one, or whose dictionary cannot be delimited with
    confidence (:func:`_dictionary`), and forms that draw other XObjects (forms
    nested in forms, which can fan out or cycle).

    Raises:
        LimitExceededError: The streams inflate to more than ``limits.max_decoded_bytes``.
        UnsuitableInputError: The document needs the reference backend.
    """
    room = limits.max_decoded_bytes
    for keyword, body in _streams(data):
        dictionary = _dictionary(data, keyword)
        filters = [_name(name) for name in _FILTER_NAMES.findall(b"".join(_FILTERS.findall(dictionary)))]
        if len(filters) > 1 or set(filters) - _PDFIUM_FILTERS or _INDIRECT_FILTER.search(dictionary):
            named = b" ".join(filters).decode("latin-1") or "an indirect filter"
            raise UnsuitableInputError(f"a stream is encoded with {named}, which PDFium decodes unbounded")
        # Deflate expands at most 1032 times: once the rest of the file cannot reach the bound,
        # nothing after needs inflating.
        bounded = (len(data) - body) * _DEFLATE_RATIO <= room
        size = _inflated_size(data, body, room) if filters and not bounded else 0
        room -= size
        if room < 0:
            raise LimitExceededError(
                f"the PDF's compressed streams decode to more than {limits.max_decoded_bytes} "
                "bytes (Limits.max_decoded_bytes); it is damaged or a decompression bomb",
                location=location(source),
            )
        subtypes = set(_SUBTYPE.findall(dictionary))
        if b"Form" in subtypes and _draws_xobjects(data, body, b"FlateDecode" in filters, room):
            raise UnsuitableInputError("a form draws other XObjects (nested forms)")


def _streams(data: bytes) -> Iterator[tuple[int, int]]:
    """Where each ``stream`` keyword starts, and where its data starts (after the end of line).

    A keyword is the word after white space or a dictionary's end; ``endstream`` is not one.
    (A loop over :meth:`bytes.find` is several times faster here than a regular expression.)
    """
    position = data.find(b"stream")
    while position >= 0:
        after = position + len(b"stream")
        if position > 0 and data[position - 1] in _BEFORE_KEYWORD:
            if data.startswith(b"\r\n", after):
                yield position, after + 2
            elif data.startswith((b"\r", b"\n"), after):
                yield position, after + 1
            else:
                yield position, after
        position = data.find(b"stream", after)


def _dictionary(data: bytes, stream: int) -> bytes:
    """The dictionary of the stream whose keyword starts at ``stream``, names unescaped.

    It is the text from the last object header (``N G obj``) within a few
    kilobytes before the keyword.  A dictionary that cannot be delimited so
    (no header near, or strings and comments in it, which could hold a false
    header) makes the document unsuitable for PDFium.

    Raises:
        UnsuitableInputError: The dictionary cannot be read with confidence.
    """
    window = data[max(0, stream - _LOOKBACK) : stream]
    keyword = len(window)
    while (keyword := window.rfind(b"obj", 0, keyword)) >= 0:
        if _OBJ_NUMBERS.search(window, max(0, keyword - _NUMBERS_SPAN), keyword):
            break
    else:
        raise UnsuitableInputError("a stream's dictionary is too long to check")
    dictionary = window[keyword + len(b"obj") :]
    if b"(" in dictionary or b")" in dictionary or b"%" in dictionary:
        raise UnsuitableInputError("a stream's dictionary holds strings or comments")
    return _name(dictionary)


def _draws_xobjects(data: bytes, start: int, compressed: bool, room: int) -> bool:
    """Whether a form's content stream has a ``Do`` operator (a conservative look: may say yes wrongly)."""
    end = data.find(b"endstream", start)
    body = data[start : end if end >= 0 else len(data)]
    if compressed:
        try:
            body = zlib.decompressobj().decompress(body, max(room, 0) + 1)
        except zlib.error:
            return True
    return _DO.search(body) is not None


def _open_error(code: int, source: str | None) -> ExtractionError:
    if code == raw.FPDF_ERR_PASSWORD:
        return ExtractionError(
            "the PDF is encrypted and opening it needs a password; remove the password and try again",
            location=location(source),
        )
    if code == raw.FPDF_ERR_SECURITY:
        return ExtractionError(
            "the PDF is encrypted in a way that cannot be read; decrypt it and try again",
            location=location(source),
        )
    reason = {raw.FPDF_ERR_FORMAT: "not a PDF or corrupted", raw.FPDF_ERR_FILE: "unreadable"}.get(
        code, f"PDFium error {code}"
    )
    return ExtractionError(f"the PDF is damaged and cannot be read ({reason})", location=location(source))


@contextmanager
def _document(data: bytes, source: str | None) -> Iterator[Any]:
    """Open the PDF from its bytes (never a path) with an empty password."""
    buffer = ctypes.create_string_buffer(data, len(data))
    handle = raw.FPDF_LoadMemDocument64(buffer, len(data), None)
    if not handle:
        code = raw.FPDF_GetLastError()
        raise _open_error(code, source) from OSError(f"PDFium could not load the document (error {code})")
    try:
        yield handle
    finally:
        raw.FPDF_CloseDocument(handle)
        del buffer  # PDFium reads from the buffer until the document is closed


def _title(document: Any) -> str | None:
    """The document information dictionary's ``/Title``, if any."""
    size = raw.FPDF_GetMetaText(document, b"Title", None, 0)
    if size <= 2:
        return None
    buffer = ctypes.create_string_buffer(size)
    raw.FPDF_GetMetaText(document, b"Title", buffer, size)
    title = buffer.raw[: size - 2].decode("utf-16-le", errors="replace").strip()
    return title or None


def _mediabox(page: Any) -> tuple[float, float, float, float]:
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        x0, x1 = sorted((left.value, right.value))
        y0, y1 = sorted((bottom.value, top.value))
        return (x0, y0, x1, y1)
    return (0.0, 0.0, raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page))


def _multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix applying ``first``, then ``then``."""
    a0, b0, c0, d0, e0, f0 = first
    a1, b1, c1, d1, e1, f1 = then
    return (
        a0 * a1 + b0 * c1,
        a0 * b1 + b0 * d1,
        c0 * a1 + d0 * c1,
        c0 * b1 + d0 * d1,
        e0 * a1 + f0 * c1 + e1,
        e0 * b1 + f0 * d1 + f1,
    )


def _unit_square(matrix: Matrix) -> Box:
    """The bounds of the unit square (an image's space) mapped through ``matrix``."""
    return _box(matrix, 0.0, 0.0, 1.0, 1.0)


def _box(matrix: Matrix, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    """The bounds of the rectangle ``(x0, y0, x1, y1)`` mapped through ``matrix``."""
    a, b, c, d, e, f = matrix
    xs = (a * x0 + c * y0 + e, a * x1 + c * y0 + e, a * x0 + c * y1 + e, a * x1 + c * y1 + e)
    ys = (b * x0 + d * y0 + f, b * x1 + d * y0 + f, b * x0 + d * y1 + f, b * x1 + d * y1 + f)
    return (min(xs), min(ys), max(xs), max(ys))


class _Text:
    """Reads a PDFium text page's characters as pdfminer would give them."""

    def __init__(self, textpage: Any) -> None:
        self.textpage = textpage
        self.count: int = raw.FPDFText_CountChars(textpage)
        self._rect = raw.FS_RECTF()
        self._matrix = raw.FS_MATRIX()
        self._left = ctypes.c_double()
        self._right = ctypes.c_double()
        self._bottom = ctypes.c_double()
        self._top = ctypes.c_double()
        self.codes = self._codes()

    def _codes(self) -> list[int] | None:
        """Every character's code point, read in one call; ``None`` when they do not line up one to one."""
        if self.count <= 0:
            return []
        buffer = ctypes.create_string_buffer(2 * (self.count + 1))
        written = raw.FPDFText_GetText(
            self.textpage, 0, self.count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
        )
        units = memoryview(buffer.raw[: 2 * max(written - 1, 0)]).cast("H")
        if len(units) != self.count:
            return None
        return list(units)

    def text(self, index: int) -> tuple[str, int]:
        """The text of the character at ``index`` and how many indices it takes (a surrogate pair: 2).

        Generated characters (PDFium's own spaces and line ends) and control
        characters give ``""``; a glyph without a Unicode mapping gives U+FFFD.
        """
        textpage = self.textpage
        code = self.codes[index] if self.codes is not None else raw.FPDFText_GetUnicode(textpage, index)
        # PDFium generates only spaces and line ends.
        if code in _GENERATED and raw.FPDFText_IsGenerated(textpage, index) == 1:
            return "", 1
        if raw.FPDFText_HasUnicodeMapError(textpage, index) == 1:
            return _UNMAPPED, 1
        if _HIGH_SURROGATES[0] <= code <= _HIGH_SURROGATES[1] and index + 1 < self.count:
            low = raw.FPDFText_GetUnicode(textpage, index + 1) - _LOW_SURROGATES[0]
            if 0 <= low <= _LOW_SURROGATES[1] - _LOW_SURROGATES[0]:
                return chr(0x10000 + ((code - _HIGH_SURROGATES[0]) << 10) + low), 2
        if code < _FIRST_PRINTABLE or _HIGH_SURROGATES[0] <= code <= _LOW_SURROGATES[1]:
            return "", 1
        return chr(code), 1

    def box(self, index: int) -> tuple[float, float, float, float] | None:
        """The character's box in user space as pdfminer draws it, or ``None`` when PDFium has none.

        pdfminer's box runs from the origin along the advance and from the
        descent up by the font size; PDFium's loose box has the advance and the
        descent, its top is the font's ascent, so the top is moved.  In vertical
        writing PDFium's loose box is not the glyph's, and pdfminer's is a square
        of the font size at the origin.  Turned text takes PDFium's tight box.
        """
        textpage, rect, m = self.textpage, self._rect, self._matrix
        if not raw.FPDFText_GetLooseCharBox(textpage, index, rect) or not raw.FPDFText_GetMatrix(
            textpage, index, m
        ):
            return None
        x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
        if abs(m.b) < _EPSILON and abs(m.c) < _EPSILON and m.a > _EPSILON:  # upright or mirrored
            size = raw.FPDFText_GetFontSize(textpage, index)
            if size <= 0:
                return (x0, y0, x1, y1)
            height = size * abs(m.d)
            if abs(x0 - m.e) > _EPSILON:  # vertical writing: the origin is not the matrix's
                raw.FPDFText_GetCharOrigin(textpage, index, self._left, self._bottom)
                x0, y0 = self._left.value, self._bottom.value
                return (x0, y0, x0 + size * m.a, y0 + height)
            return (x0, y0, x1, y0 + height) if m.d > 0 else (x0, y1 - height, x1, y1)
        if not raw.FPDFText_GetCharBox(textpage, index, self._left, self._right, self._bottom, self._top):
            return None
        return (self._left.value, self._bottom.value, self._right.value, self._top.value)


def _chars(
    textpage: Any, view: Matrix, box: tuple[float, float, float, float], clock: _Clock
) -> tuple[list[Char], int]:
    """The page's characters in displayed coordinates, and the number without a Unicode mapping.

    The common case (a printable character in upright, horizontal text) is
    handled inline, with PDFium's functions bound to local names: the loop runs
    once per glyph and its cost is most of what the backend adds to PDFium's.
    """
    reader = _Text(textpage)
    clock.draw(reader.count)  # the characters, generated ones included: known before any is read
    chars: list[Char] = []
    unmapped = 0
    a, b, c, d, e, f = view
    upright = (a, b, c, d) == (1.0, 0.0, 0.0, 1.0)
    codes = reader.codes
    loose_box, get_matrix, font_size = (
        raw.FPDFText_GetLooseCharBox,
        raw.FPDFText_GetMatrix,
        raw.FPDFText_GetFontSize,
    )
    map_error = raw.FPDFText_HasUnicodeMapError
    rect, m = raw.FS_RECTF(), raw.FS_MATRIX()
    x0, x1, y0, y1 = box[0], box[2], box[1], box[3]
    index, count = 0, reader.count
    while index < count:
        code = codes[index] if codes is not None else -1
        if (
            upright
            and _FIRST_PRINTABLE < code < _HIGH_SURROGATES[0]
            and map_error(textpage, index) != 1
            and loose_box(textpage, index, rect)
            and get_matrix(textpage, index, m)
            and abs(m.b) < _EPSILON
            and abs(m.c) < _EPSILON
            and m.a > _EPSILON
            and m.d > 0
            and abs(rect.left - m.e) <= _EPSILON
            and (height := font_size(textpage, index) * m.d) >= _LEAST_HEIGHT
        ):
            left, right, bottom = rect.left + e, rect.right + e, rect.bottom + f
            top = bottom + height
            # As page_char: kept when its centre is on the page.
            if x0 <= (left + right) / 2 <= x1 and y0 <= (bottom + top) / 2 <= y1:
                chars.append(Char(left, bottom, right, top, chr(code), height))
            index += 1
        else:
            index, lost = _char(reader, index, view, box, chars)
            unmapped += lost
        if not index % _CLOCK_EVERY:
            clock.check_time()
    return chars, unmapped


def _char(
    reader: _Text, index: int, view: Matrix, box: tuple[float, float, float, float], chars: list[Char]
) -> tuple[int, bool]:
    """Read the character at ``index`` the general way into ``chars``.

    Returns:
        The next index, and whether the character has no Unicode mapping.
    """
    text, step = reader.text(index)
    if text:
        user = reader.box(index)
        if user is not None:
            x0, y0, x1, y1 = _box(view, *user)
            char = page_char(x0, y0, x1, y1, text, y1 - y0, box)
            if char is not None:
                chars.append(char)
    return index + step, text == _UNMAPPED


class _Paths:
    """Walks a page's objects (into forms) for ruling segments and images."""

    def __init__(self, clock: _Clock, textpage: Any) -> None:
        self.clock = clock
        self.textpage = textpage
        self.rulings = Rulings()
        self.images: list[Box] = []
        self.dropped_text = 0
        self._bounds = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
        self._matrix = raw.FS_MATRIX()
        self._x = ctypes.c_float()
        self._y = ctypes.c_float()
        self._fill = ctypes.c_int()
        self._stroke = ctypes.c_int()
        self._rgba = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())

    def _object_matrix(self, obj: Any) -> Matrix:
        m = self._matrix
        if not raw.FPDFPageObj_GetMatrix(obj, m):
            return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def walk(self, objects: Iterator[Any], outer: Matrix, depth: int = 0) -> None:
        """Collect from ``objects``, whose matrices map into the space ``outer`` maps to the display."""
        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                self._path(obj, _multiply(self._object_matrix(obj), outer))
            elif kind == raw.FPDF_PAGEOBJ_TEXT:
                self._check_text(obj)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                self.clock.draw()
                self.images.append(_unit_square(_multiply(self._object_matrix(obj), outer)))
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                self.clock.draw()
                inner = _multiply(self._object_matrix(obj), outer)
                count = raw.FPDFFormObj_CountObjects(obj)
                self.walk((raw.FPDFFormObj_GetObject(obj, i) for i in range(max(count, 0))), inner, depth + 1)

    def _check_text(self, obj: Any) -> None:
        """Count a text object the text page left out.

        PDFium's text page skips a text object whose bounds are empty (glyphs
        with empty outlines: a font neither embedded nor substituted), and one
        with empty bounds that repeats an earlier one anywhere on the page (taken
        for fake bold).  Such an object has empty bounds and no text in the page.
        In an embedded font only spaces lack outlines, and those are not counted.
        """
        left, bottom, right, top = self._bounds
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            return
        if right.value - left.value >= _NO_SIZE and top.value - bottom.value >= _NO_SIZE:
            return
        if raw.FPDFTextObj_GetText(obj, self.textpage, None, 0) > _EMPTY_TEXT:
            return
        font = raw.FPDFTextObj_GetFont(obj)
        # An embedded font has outlines for what it shows: a glyph without one is a space.
        if not (font and raw.FPDFFont_GetIsEmbedded(font) == 1):
            self.dropped_text += 1

    def _visible_fill(self, obj: Any) -> bool:
        r, g, b, a = self._rgba
        if not raw.FPDFPageObj_GetFillColor(obj, r, g, b, a):
            return True
        return not (r.value >= _WHITE and g.value >= _WHITE and b.value >= _WHITE)

    def _path(self, obj: Any, matrix: Matrix) -> None:
        count = raw.FPDFPath_CountSegments(obj)
        if count <= 0:
            return
        self.clock.draw(count)
        if not raw.FPDFPath_GetDrawMode(obj, self._fill, self._stroke):
            return
        stroke = bool(self._stroke.value)
        fill = self._fill.value != raw.FPDF_FILLMODE_NONE
        if not (stroke or fill):
            return
        visible_fill = fill and self._visible_fill(obj)
        a, b, c, d, e, f = matrix
        x, y = self._x, self._y
        shape: list[str] = []
        points: list[tuple[float, float]] = []
        bezier = 0
        for index in range(count):
            segment = raw.FPDFPath_GetPathSegment(obj, index)
            kind = raw.FPDFPathSegment_GetType(segment)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            if kind == raw.FPDF_SEGMENT_BEZIERTO:
                bezier += 1
                if bezier % 3:  # a control point: pdfminer keeps only the curve's end
                    continue
                shape.append("c")
            else:
                bezier = 0
                shape.append("m" if kind == raw.FPDF_SEGMENT_MOVETO else "l")
            points.append(point)
            if raw.FPDFPathSegment_GetClose(segment):
                start = len(shape) - 1 - "".join(shape)[::-1].index("m") if "m" in shape else 0
                shape.append("h")
                points.append(points[start])
        _subpaths(self.rulings, "".join(shape), points, stroke=stroke, visible_fill=visible_fill)


def _subpaths(
    rulings: Rulings, shape: str, points: list[tuple[float, float]], *, stroke: bool, visible_fill: bool
) -> None:
    """Add a painted path's segments as pdfminer's layout device classifies them.

    ``shape`` has one letter per point (``m`` move, ``l`` line, ``c`` curve end,
    ``h`` close, whose point is the subpath's start).  Each subpath is a line
    (``ml`` or ``mlh``, drawn when stroked), an axis-aligned rectangle, or a
    polyline through its points.
    """
    for match in re.finditer(r"m[^m]+", shape):
        part = match.group()
        pts = points[match.start() : match.end()]
        if len(part) > 3 and part[-2:] == "lh" and _same(pts[-2], pts[0]):
            part = part[:-2] + "h"
            pts = pts[:-2] + pts[-1:]
        if part in {"mlh", "ml"}:
            if stroke:
                (ax, ay), (bx, by) = pts[0], pts[1]
                rulings.add_line(ax, ay, bx, by)
            continue
        if not (stroke or visible_fill):
            continue
        if part in {"mlllh", "mllll"} and _same(pts[0], pts[4]) and _square(pts):
            (x0, y0), (x2, y2) = pts[0], pts[2]
            rulings.add_rect(x0, y0, x2, y2)
        else:
            rulings.add_polyline(pts)


def _same(p: tuple[float, float], q: tuple[float, float]) -> bool:
    return abs(p[0] - q[0]) <= _EPSILON and abs(p[1] - q[1]) <= _EPSILON


def _square(pts: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]

    def eq(u: float, v: float) -> bool:
        return abs(u - v) <= _EPSILON

    return (eq(x0, x1) and eq(y1, y2) and eq(x2, x3) and eq(y3, y0)) or (
        eq(y0, y1) and eq(x1, x2) and eq(y2, y3) and eq(x3, x0)
    )


def _page(document: Any, number: int, clock: _Clock, source: str | None) -> PageContent:
    clock.start_page(number)
    page = raw.FPDF_LoadPage(document, number - 1)
    if not page:
        raise ExtractionError(f"page {number} could not be read", location=location(source, number))
    try:
        objects = raw.FPDFPage_CountObjects(page)
        if objects > clock.limits.max_page_objects:
            clock.draw(objects)
        mediabox = _mediabox(page)
        view = display_matrix(mediabox, raw.FPDFPage_GetRotation(page) * 90)
        x0, y0, x1, y1 = _box(view, *mediabox)
        box = (0.0, 0.0, x1 - x0, y1 - y0)
        textpage = raw.FPDFText_LoadPage(page)
        if not textpage:
            raise ExtractionError(
                f"page {number} could not be read (no text page)", location=location(source, number)
            )
        try:
            paths = _Paths(clock, textpage)
            paths.walk((raw.FPDFPage_GetObject(page, i) for i in range(objects)), view)
            if paths.dropped_text:
                raise UnsuitableInputError(
                    f"PDFium's text page leaves out {paths.dropped_text} text object(s) on page {number}"
                )
            clock.check_time()
            chars, unmapped = _chars(textpage, view, box, clock)
        finally:
            raw.FPDFText_ClosePage(textpage)
    finally:
        raw.FPDF_ClosePage(page)
    return PageContent(
        number=number, box=box, chars=chars, rulings=paths.rulings, images=paths.images, unmapped=unmapped
    )


def extract(data: bytes, source: str | None, limits: Limits) -> Extraction:
    """Read the PDF's pages with PDFium, within ``limits``.

    Raises:
        LimitExceededError: Too many pages, a page draws too much, the streams
            decode to too many bytes, or it takes too long.
        ExtractionError: The file is not a readable PDF or is encrypted with a password.
        UnsuitableInputError: PDFium cannot bound the document's work (see
            :func:`_prescan`), or would leave out text a page draws: a text
            object whose glyphs have empty outlines and so no width (a font neither
            embedded nor substituted).
    """
    if b"%PDF-" not in data[:1024]:
        raise ExtractionError("not a PDF: the %PDF- header is missing", location=location(source))
    clock = _Clock(limits, source)
    _prescan(data, source, limits)
    clock.check_time()
    with _LOCK, _document(data, source) as document:
        count = raw.FPDF_GetPageCount(document)
        if count > limits.max_pages:
            raise LimitExceededError(
                f"the PDF has more than {limits.max_pages} pages (Limits.max_pages)",
                location=location(source),
            )
        if count <= 0:
            raise ExtractionError("the PDF has no pages", location=location(source))
        pages = [_page(document, number, clock, source) for number in range(1, count + 1)]
        return Extraction(pages, _title(document))
