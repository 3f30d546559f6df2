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

import io
import logging
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final

import pdfminer.pdfinterp
import pdfminer.pdftypes
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfexceptions import PDFObjectNotFound
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFObjRef, stream_value

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
                f"the PDF's compressed streams decode to more than {self.limits.max_decoded_bytes} bytes "
                "(Limits.max_decoded_bytes); it is damaged or a decompression bomb"
            )

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
        """Raise when the parse has run longer than ``Limits.timeout``."""
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
    """Apply ``budget`` to every stream pdfminer decodes in this context."""
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


def _install() -> None:
    _PDFTYPES.zlib = _Zlib()
    _PDFTYPES.decompress_corrupted = _decompress_corrupted
    _PDFTYPES.lzwdecode = _lzwdecode
    _PDFTYPES.rldecode = _rldecode


_install()


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
