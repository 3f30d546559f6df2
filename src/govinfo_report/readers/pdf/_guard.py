"""Bounds that pdfminer.six lacks, applied while the PDF parser runs.

pdfminer inflates every compressed stream completely and keeps it, follows
indirect references without noticing a cycle, and draws whatever a page's
content asks for.  A hostile PDF of a few kilobytes can therefore take
gigabytes (a FlateDecode bomb), never return (``4 0 obj 4 0 R endobj``), or
take hours (form XObjects that each draw the previous one ten times).  This
module adds the missing bounds:

* **Decoded bytes.** While :func:`guarded` is active, the decoders pdfminer
  calls for FlateDecode, LZWDecode and RunLengthDecode stop once the
  document has decoded more than ``Limits.max_decoded_bytes`` in total.
  pdfminer looks these decoders up in :mod:`pdfminer.pdftypes` when it
  decodes, so that module's ``zlib``, ``decompress_corrupted``, ``lzwdecode``
  and ``rldecode`` are replaced, once, by bounded versions; outside
  :func:`guarded` (a parse by someone else in the same process) they call
  the originals unchanged.  The replacement of ``decompress_corrupted`` is
  also linear where the original concatenates byte by byte (quadratic time
  on a long damaged stream).
  The other filters pdfminer implements are bounded too: ASCII85Decode
  (pdfminer strips its delimiters with a regular expression that is
  quadratic on whitespace; here they are stripped in linear time),
  ASCIIHexDecode, and CCITTFaxDecode, whose decoder works pixel by pixel
  (every pixel it scans or writes counts as a decoded byte, and a
  ``/Columns`` that is not a positive integer is refused).  The PNG and TIFF
  predictors allocate a row of ``/Columns`` entries: a row longer than the
  data is cut to the data, which decodes the same.  DCT, JBIG2 and JPX
  images are not decoded, and pdfminer refuses other filters by name.
* **Expanded ranges.** A CID font's ``/W`` array and a CMap's
  ``bfrange``/``cidrange`` state ranges that pdfminer expands entry by entry
  (``/W [0 2000000000 500]`` is two billion widths).  Widths are kept to
  the CID space (0 to 65535: no glyph lies outside it), and every entry a
  width array or CMap expands to is counted as ``_ENTRY_BYTES`` decoded
  bytes, about the memory one entry takes, so the expansions share the
  ``Limits.max_decoded_bytes`` bound with the streams.
* **Reference cycles.** :class:`GuardedDocument` resolves chains of
  references itself and treats a cycle as a missing object, as a reader
  treats a dangling reference.
* **Drawing volume and time.** :class:`Budget` counts what a page draws
  (``Limits.max_page_objects``) and the content it runs through the
  interpreter (``Limits.max_page_content_bytes``: a stream of operands and
  no operators draws nothing but takes minutes), and checks
  ``Limits.timeout`` as it goes.  The PDF parser's layout device reports
  what is drawn; pdfminer's content parser, looked up in
  :mod:`pdfminer.pdfinterp` when a page runs, is replaced by one that
  reports the size of each content stream it opens.

The budget lives in a :class:`~contextvars.ContextVar`, so concurrent parses
in threads or tasks each see their own.
"""

from __future__ import annotations

import array
import base64
import binascii
import io
import logging
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final, TypeGuard, cast

import pdfminer.pdffont
import pdfminer.pdfinterp
import pdfminer.pdftypes
from pdfminer.ccitt import CCITTFaxDecoder
from pdfminer.cmapdb import CMapBase, FileCMap, FileUnicodeMap
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfexceptions import PDFNotImplementedError, PDFObjectNotFound, PDFValueError
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFObjRef, resolve1, stream_value
from pdfminer.utils import Point, choplist

from govinfo_report._deadline import check_deadline
from govinfo_report.errors import LimitExceededError, SourceLocation
from govinfo_report.limits import Limits

__all__ = ["Budget", "GuardedDocument", "guarded"]

logger = logging.getLogger(__name__)

# How many drawing operations pass between two looks at the clock.
_CLOCK_EVERY: Final = 512
# Most bytes inflated in one step.
_STEP: Final = 1024 * 1024


class Budget:
    """The bounds of one PDF parse, spent from inside pdfminer.

    Args:
        limits: The bounds (``max_decoded_bytes``, ``max_page_objects``,
            ``max_page_content_bytes``, ``timeout``).
        source: Name of the input, for error locations.
    """

    def __init__(self, limits: Limits, source: str | None) -> None:
        self.limits = limits
        self.source = source
        self.decoded = 0
        self.page: int | None = None
        self.objects = 0
        self.content = 0
        self.started = time.monotonic()
        self.error: LimitExceededError | None = None

    def _fail(self, message: str) -> LimitExceededError:
        # Remembered, so that a handler inside pdfminer that swallows the error cannot hide it.
        self.error = LimitExceededError(message, location=SourceLocation(source=self.source, page=self.page))
        return self.error

    @property
    def room(self) -> int:
        """Bytes that may still be decoded."""
        return max(0, self.limits.max_decoded_bytes - self.decoded)

    def spend_decoded(self, size: int) -> None:
        """Count ``size`` decoded bytes; raise once the total passes ``max_decoded_bytes``."""
        self.decoded += size
        if self.decoded > self.limits.max_decoded_bytes:
            raise self._fail(
                f"the PDF's compressed streams, font widths and character maps decode to more than "
                f"{self.limits.max_decoded_bytes} bytes (Limits.max_decoded_bytes); it is damaged or "
                "a decompression bomb"
            )
        self.check_time()

    def start_page(self, number: int) -> None:
        """Begin counting the drawing operations of page ``number``; check the clock."""
        self.page = number
        self.objects = 0
        self.content = 0
        self.check_time()

    def draw(self, count: int = 1) -> None:
        """Count ``count`` drawing operations (glyphs, path segments, images, forms) on the page."""
        before = self.objects
        self.objects += count
        if self.objects > self.limits.max_page_objects:
            raise self._fail(
                f"page {self.page} draws more than {self.limits.max_page_objects} glyphs, path "
                "segments, images and forms (Limits.max_page_objects)"
            )
        if before // _CLOCK_EVERY != self.objects // _CLOCK_EVERY:
            self.check_time()

    def read_content(self, size: int) -> None:
        """Count ``size`` bytes of content read by the interpreter on the page; check the clock."""
        self.content += size
        if self.content > self.limits.max_page_content_bytes:
            raise self._fail(
                f"page {self.page} runs more than {self.limits.max_page_content_bytes} bytes of content "
                "streams (Limits.max_page_content_bytes)"
            )
        self.check_time()

    def check_time(self) -> None:
        """Raise when the parse has run longer than ``Limits.timeout`` (or the enclosing time bound)."""
        check_deadline()
        timeout = self.limits.timeout
        if timeout is not None and time.monotonic() - self.started > timeout:
            raise self._fail(f"parsing took longer than {timeout:g} s (Limits.timeout)")

    def check(self) -> None:
        """Raise the limit error a handler inside pdfminer may have swallowed."""
        if self.error is not None:
            raise self.error


_BUDGET: ContextVar[Budget | None] = ContextVar("govinfo_report_pdf_budget", default=None)


@contextmanager
def guarded(budget: Budget) -> Iterator[Budget]:
    """Apply ``budget`` to every stream pdfminer decodes in this context.

    The first call puts the bounded decoders and range counters in pdfminer's
    place (:func:`install_bounds`); importing this module changes nothing.
    """
    install_bounds()
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


# -- bounded decoders ------------------------------------------------------------------------------


def _inflate(decompressor: Any, data: bytes, budget: Budget) -> bytes:
    """Feed ``data`` to ``decompressor`` in bounded steps, spending the budget as output appears.

    A bomb is stopped once its output passes the budget: at most the budget's
    room plus one step is ever held.
    """
    chunks: list[bytes] = []
    pending = data
    while True:
        chunk: bytes = decompressor.decompress(pending, _STEP)
        if chunk:
            budget.spend_decoded(len(chunk))
            chunks.append(chunk)
        pending = decompressor.unconsumed_tail
        if decompressor.eof or (not pending and len(chunk) < _STEP):
            return b"".join(chunks)


def _decompress(data: bytes, /, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
    """:func:`zlib.decompress`, bounded by the active budget."""
    budget = _BUDGET.get()
    if budget is None:
        return zlib.decompress(data, wbits, bufsize)
    decompressor = zlib.decompressobj(wbits)
    out = _inflate(decompressor, data, budget)
    if not decompressor.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return out


class _Zlib:
    """Stands in for the :mod:`zlib` module inside :mod:`pdfminer.pdftypes`."""

    error = zlib.error
    decompress = staticmethod(_decompress)
    decompressobj = staticmethod(zlib.decompressobj)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


_PDFTYPES: Final[Any] = pdfminer.pdftypes
_ORIGINAL_CORRUPTED: Final[Callable[[bytes], bytes]] = _PDFTYPES.decompress_corrupted
_ORIGINAL_LZW: Final[Callable[[bytes], bytes]] = _PDFTYPES.lzwdecode
_ORIGINAL_RL: Final[Callable[[bytes], bytes]] = _PDFTYPES.rldecode
# zlib's checksum trails the data; pdfminer tolerates an error in the last three bytes.
_CHECKSUM_TAIL: Final = 3


def _decompress_corrupted(data: bytes) -> bytes:
    """Inflate a stream whose checksum is wrong, as pdfminer does, in linear time and bounded.

    As in pdfminer, an error before the last three bytes propagates and an
    error in them (the checksum) is ignored, keeping what was inflated.
    """
    budget = _BUDGET.get()
    if budget is None:
        return _ORIGINAL_CORRUPTED(data)
    decompressor = zlib.decompressobj()
    split = max(0, len(data) - _CHECKSUM_TAIL)
    out = _inflate(decompressor, data[:split], budget)
    try:
        out += _inflate(decompressor, data[split:], budget)
    except zlib.error:
        logger.debug("data lost while inflating a damaged stream")
    return out


def _lzwdecode(data: bytes) -> bytes:
    """:func:`pdfminer.lzw.lzwdecode`, bounded by the active budget."""
    budget = _BUDGET.get()
    if budget is None:
        return _ORIGINAL_LZW(data)
    chunks: list[bytes] = []
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        budget.spend_decoded(len(chunk))
        chunks.append(chunk)
    return b"".join(chunks)


_RL_END: Final = 128


def _rldecode(data: bytes) -> bytes:
    """RunLengthDecode (PDF 1.7, 7.4.5), bounded by the active budget; a truncated run ends the data."""
    budget = _BUDGET.get()
    if budget is None:
        return _ORIGINAL_RL(data)
    out = bytearray()
    index, size = 0, len(data)
    while index < size:
        length = data[index]
        index += 1
        if length == _RL_END:
            break
        if length < _RL_END:
            piece = data[index : index + length + 1]
            index += length + 1
        elif index < size:
            piece = data[index : index + 1] * (257 - length)
            index += 1
        else:
            break
        budget.spend_decoded(len(piece))
        out += piece
    return bytes(out)


_ORIGINAL_A85: Final[Callable[[bytes], bytes]] = _PDFTYPES.ascii85decode
_ORIGINAL_AHX: Final[Callable[[bytes], bytes]] = _PDFTYPES.asciihexdecode
_ORIGINAL_CCITT: Final[Callable[[bytes, dict[str, object]], bytes]] = _PDFTYPES.ccittfaxdecode
_ORIGINAL_PNG: Final[Callable[..., bytes]] = _PDFTYPES.apply_png_predictor
_ORIGINAL_TIFF: Final[Callable[..., bytes]] = _PDFTYPES.apply_tiff_predictor


# The whitespace pdfminer's ASCII filters skip (what a regular expression's \s matches in bytes).
_WHITESPACE: Final = b" \t\n\r\x0b\x0c"


def _a85_delimiters(data: bytes) -> bytes:
    """``data`` without a leading ``<~`` or ``~`` and a trailing ``~>`` or ``~``, as pdfminer strips them.

    pdfminer does it with two regular expressions, the second quadratic on a
    long run of whitespace; stripping does the same in linear time.
    """
    text = data.lstrip()
    if text[:1] == b"<" and text[1:].lstrip()[:1] == b"~":
        text = text[1:].lstrip()[1:]
    elif text[:1] == b"~":
        text = text[1:]
    text = text.lstrip()
    tail = text.rstrip()
    if tail.endswith(b">") and tail[:-1].rstrip().endswith(b"~"):
        text = tail[:-1].rstrip()[:-1]
    elif tail.endswith(b"~"):
        text = tail[:-1]
    return text.rstrip()


def _ascii85decode(data: bytes) -> bytes:
    """ASCII85Decode in linear time, bounded by the active budget."""
    budget = _BUDGET.get()
    if budget is None:
        return _ORIGINAL_A85(data)
    text = _a85_delimiters(data)
    # Spent before decoding: each "z" stands for four zero bytes, five other characters for four bytes.
    zeros = text.count(b"z")
    others = len(text.translate(None, _WHITESPACE)) - zeros
    budget.spend_decoded(4 * zeros + 4 * -(-others // 5))
    return base64.a85decode(text)


def _asciihexdecode(data: bytes) -> bytes:
    """ASCIIHexDecode as pdfminer reads it, without its whitespace regex (a list of every match)."""
    budget = _BUDGET.get()
    if budget is None:
        return _ORIGINAL_AHX(data)
    digits = data.translate(None, _WHITESPACE)
    end = digits.find(b">")
    if end != -1:
        digits = digits[:end] + (b"0" if end % 2 else b"")
    budget.spend_decoded(len(digits) // 2)
    return binascii.unhexlify(digits)


class _CCITTDecoder(CCITTFaxDecoder):
    """pdfminer's CCITT group 4 decoder, spending the budget on every pixel it scans or writes.

    Its output lines are gathered in a list (pdfminer appends to one bytes
    object: quadratic) and packed eight pixels to a byte at C speed.
    """

    def __init__(self, width: int, budget: Budget, *, bytealign: bool, reversed: bool) -> None:
        self.budget = budget
        self.lines: list[bytes] = []
        budget.spend_decoded(_LINE_BYTES_PER_PIXEL * width)  # the first line
        super().__init__(width, bytealign=bytealign, reversed=reversed)

    def _reset_line(self) -> None:
        self.budget.spend_decoded(_LINE_BYTES_PER_PIXEL * self.width)
        super()._reset_line()

    def _do_vertical(self, dx: int) -> None:
        before = self._curpos
        super()._do_vertical(dx)
        self.budget.spend_decoded(abs(self._curpos - before) + 4)  # the scan starts at before + 1

    def _do_pass(self) -> None:
        before = self._curpos
        super()._do_pass()
        self.budget.spend_decoded(abs(self._curpos - before) + 1)

    def _do_horizontal(self, n1: int, n2: int) -> None:
        self.budget.spend_decoded(min(n1 + n2, self.width) + 1)
        super()._do_horizontal(n1, n2)

    def output_line(self, y: int, bits: Sequence[int]) -> None:
        pixels = bytes(bits) if isinstance(bits, array.array) else bytes(list(bits))
        if self.reversed:
            pixels = pixels.translate(_FLIP)
        pixels += bytes(-len(pixels) % 8)
        size = len(pixels) // 8
        value = int(pixels.translate(_DIGIT), 2) if pixels else 0
        self.lines.append(value.to_bytes(size, "big"))

    def close(self) -> bytes:
        return b"".join(self.lines)


# pdfminer builds each line from a list of ``/Columns`` pixels (a pointer each) and an array.
_LINE_BYTES_PER_PIXEL: Final = 9
_FLIP: Final = bytes.maketrans(b"\x00\x01", b"\x01\x00")
_DIGIT: Final = bytes.maketrans(b"\x00\x01", b"01")
_MAX_INT_PARAMETER: Final = 1 << 31


def _int_parameter(params: dict[str, object], name: str, default: int) -> int:
    value = resolve1(params.get(name, default))
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < _MAX_INT_PARAMETER:
        raise PDFValueError(f"/{name} {value!r} is not a positive integer")
    return value


def _ccittfaxdecode(data: bytes, params: dict[str, object]) -> bytes:
    """CCITTFaxDecode (group 4, as pdfminer decodes it), bounded by the active budget."""
    budget = _BUDGET.get()
    if budget is None:
        return _ORIGINAL_CCITT(data, params)
    if resolve1(params.get("K")) != -1:
        raise PDFNotImplementedError(f"CCITTFaxDecode with /K {params.get('K')!r} is unsupported")
    decoder = _CCITTDecoder(
        _int_parameter(params, "Columns", 1728),
        budget,
        bytealign=bool(resolve1(params.get("EncodedByteAlign"))),
        reversed=bool(resolve1(params.get("BlackIs1"))),
    )
    decoder.feedbytes(data)
    return decoder.close()


def _predictor_columns(columns: int, data: bytes) -> int:
    """``/Columns`` cut to the data: one row longer than all of it decodes the same."""
    return max(1, min(columns, 8 * (len(data) + 1)))


def _apply_png_predictor(pred: int, colors: int, columns: int, bitspercomponent: int, data: bytes) -> bytes:
    """The PNG predictor of pdfminer, with its row allocation cut to the data."""
    return _ORIGINAL_PNG(pred, colors, _predictor_columns(columns, data), bitspercomponent, data)


def _apply_tiff_predictor(colors: int, columns: int, bitspercomponent: int, data: bytes) -> bytes:
    """The TIFF predictor of pdfminer, with its row cut to the data."""
    return _ORIGINAL_TIFF(colors, _predictor_columns(columns, data), bitspercomponent, data)


def _install_decoders() -> None:
    _PDFTYPES.zlib = _Zlib()
    _PDFTYPES.decompress_corrupted = _decompress_corrupted
    _PDFTYPES.lzwdecode = _lzwdecode
    _PDFTYPES.rldecode = _rldecode
    _PDFTYPES.ascii85decode = _ascii85decode
    _PDFTYPES.asciihexdecode = _asciihexdecode
    _PDFTYPES.ccittfaxdecode = _ccittfaxdecode
    _PDFTYPES.apply_png_predictor = _apply_png_predictor
    _PDFTYPES.apply_tiff_predictor = _apply_tiff_predictor


# -- expanded ranges -------------------------------------------------------------------------------

# More than the memory one expanded entry takes (a dict slot, its key and value, the dict's growth).
_ENTRY_BYTES: Final = 200
# CIDs are 16-bit: a width outside 0 .. 65535 belongs to no glyph.
_CID_SPACE: Final = 1 << 16
_PDFFONT: Final[Any] = pdfminer.pdffont
_ORIGINAL_WIDTHS: Final[Callable[[Iterable[object]], dict[str | int, float]]] = _PDFFONT.get_widths
_ORIGINAL_WIDTHS2: Final[Callable[[Iterable[object]], dict[int, tuple[float, Point]]]] = _PDFFONT.get_widths2


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _cids(first: object, last: object) -> range | None:
    """CIDs ``first`` to ``last`` inclusive, kept to the CID space; ``None`` unless both are integers."""
    if not (_is_int(first) and _is_int(last)):
        return None
    return range(max(first, 0), min(last, _CID_SPACE - 1) + 1)


def _listed(first: object, values: Sequence[Any]) -> list[tuple[int, Any]]:
    """``(cid, value)`` for values listed from CID ``first`` on, within the CID space."""
    if not _is_int(first):
        return []
    return [(cid, value) for cid, value in zip(range(first, _CID_SPACE), values, strict=False) if cid >= 0]


def _get_widths(seq: Iterable[object]) -> dict[str | int, float]:
    """:func:`pdfminer.pdffont.get_widths` (a CID font's ``/W``), within the CID space and the budget."""
    budget = _BUDGET.get()
    if budget is None:
        return _ORIGINAL_WIDTHS(seq)
    widths: dict[int, Any] = {}
    numbers: list[object] = []
    for item in seq:
        value = resolve1(item)
        if isinstance(value, list):
            if numbers:
                listed = _listed(numbers[-1], value)
                budget.spend_decoded(len(listed) * _ENTRY_BYTES)
                widths.update(listed)
                numbers = []
        elif isinstance(value, (int, float)):
            numbers.append(value)
            if len(numbers) == 3:
                cids = _cids(numbers[0], numbers[1])
                if cids is not None:
                    budget.spend_decoded(len(cids) * _ENTRY_BYTES)
                    widths.update(dict.fromkeys(cids, numbers[2]))
                numbers = []
    return cast("dict[str | int, float]", widths)


def _get_widths2(seq: Iterable[object]) -> dict[int, tuple[float, Point]]:
    """:func:`pdfminer.pdffont.get_widths2` (a CID font's ``/W2``), within the CID space and the budget."""
    budget = _BUDGET.get()
    if budget is None:
        return _ORIGINAL_WIDTHS2(seq)
    widths: dict[int, tuple[float, Point]] = {}
    numbers: list[Any] = []
    for value in seq:
        if isinstance(value, list):
            if numbers:
                triples = [(w, (vx, vy)) for w, vx, vy in choplist(3, value)]
                listed = _listed(numbers[-1], triples)
                budget.spend_decoded(len(listed) * _ENTRY_BYTES)
                widths.update(listed)
                numbers = []
        elif isinstance(value, (int, float)):
            numbers.append(value)
            if len(numbers) == 5:
                cids = _cids(numbers[0], numbers[1])
                if cids is not None:
                    budget.spend_decoded(len(cids) * _ENTRY_BYTES)
                    widths.update(dict.fromkeys(cids, (numbers[2], (numbers[3], numbers[4]))))
                numbers = []
    return widths


def _counted(add: Callable[..., None]) -> Callable[..., None]:
    """``add`` (a CMap's entry adder), counting every entry against the active budget."""

    def counted(self: object, *args: Any) -> None:
        budget = _BUDGET.get()
        if budget is not None:
            budget.spend_decoded(_ENTRY_BYTES)
        add(self, *args)

    return counted


def _install_ranges() -> None:
    _PDFFONT.get_widths = _get_widths
    _PDFFONT.get_widths2 = _get_widths2
    # Every class that defines an adder: a range the parser expands calls one of them per entry
    # (CMapBase's do nothing, but the loop calling them still runs).
    for cls in (CMapBase, FileCMap, FileUnicodeMap):
        for name in ("add_code2cid", "add_cid2unichr"):
            if name in vars(cls):
                setattr(cls, name, _counted(vars(cls)[name]))


# The names of pdfminer that the bounds replace: a pdfminer.six release that renamed one would
# leave that part unbounded, so installing checks that each is still there.
_REPLACED: Final[dict[Any, tuple[str, ...]]] = {
    _PDFTYPES: (
        "zlib",
        "decompress_corrupted",
        "lzwdecode",
        "rldecode",
        "ascii85decode",
        "asciihexdecode",
        "ccittfaxdecode",
        "apply_png_predictor",
        "apply_tiff_predictor",
    ),
    _PDFFONT: ("get_widths", "get_widths2"),
}
_INSTALLED: list[bool] = []


def install_bounds() -> None:
    """Put the bounded decoders and counted ranges in pdfminer's place, once per process.

    Raises:
        RuntimeError: pdfminer.six no longer has a name the bounds replace (an
            incompatible release): parsing on would leave that part unbounded.
    """
    if _INSTALLED:
        return
    missing = [
        f"{module.__name__}.{name}"
        for module, names in _REPLACED.items()
        for name in names
        if not hasattr(module, name)
    ]
    if missing:
        raise RuntimeError(
            "this pdfminer.six release lacks " + ", ".join(missing) + ", which govinfo-report bounds; "
            "install a release the library supports"
        )
    _install_decoders()
    _install_ranges()
    _INSTALLED.append(True)


# -- content volume --------------------------------------------------------------------------------


class _ContentParser(PDFContentParser):
    """pdfminer's content stream parser, reporting each stream it opens to the active budget.

    The tokenizer calls ``fillbuf`` for every token; ``fillfp`` runs only when a
    buffer is used up, so the count lives there: a stream's whole decoded size is
    counted once, when it is opened, and the clock is checked at every buffer.
    """

    def fillfp(self) -> bool:
        """Open the next content stream when none is open; count its bytes."""
        opened = super().fillfp()
        budget = _BUDGET.get()
        if budget is not None:
            if opened:
                budget.read_content(len(stream_value(self.streams[self.istream - 1]).get_data()))
            else:
                budget.check_time()
        return opened


_PDFINTERP: Final[Any] = pdfminer.pdfinterp
_PDFINTERP.PDFContentParser = _ContentParser


# -- reference cycles ------------------------------------------------------------------------------


class GuardedDocument(PDFDocument):
    """A :class:`~pdfminer.pdfdocument.PDFDocument` that follows chains of references itself.

    An object whose body is only a reference (``4 0 obj 5 0 R endobj``) makes
    pdfminer's ``resolve1`` loop until the chain ends; a chain that comes back
    on itself never ends.  Here the whole chain is followed with a record of
    the objects seen, and a cycle counts as a missing object.
    """

    def getobj(self, objid: int) -> object:
        """The object ``objid``, with any chain of references resolved.

        Raises:
            PDFObjectNotFound: The object does not exist, or its references form a cycle.
        """
        seen = {objid}
        obj = super().getobj(objid)
        while isinstance(obj, PDFObjRef):
            target = obj.objid
            if target in seen:
                raise PDFObjectNotFound(f"object {objid}: the references through {target} form a cycle")
            seen.add(target)
            obj = super().getobj(target)
        return obj
