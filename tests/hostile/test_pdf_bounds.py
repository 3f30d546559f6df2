"""The bounded decoders give what pdfminer's own give, and the PDF budget names the bound it hits."""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Callable

import pdfminer.pdftypes
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.hostile.pdfraw import page_objects, pdf_file
from tests.hostile.pdfraw import stream as pdf_stream

from govinfo_report.errors import LimitExceededError
from govinfo_report.limits import Limits
from govinfo_report.readers import PDF_BACKENDS, PdfBackend
from govinfo_report.readers.pdf import _guard as _pdfguard
from govinfo_report.readers.pdf import read_pdf
from govinfo_report.readers.pdf._guard import Budget, guarded

_ROOMY = Limits(max_decoded_bytes=1 << 30)
_BOUND = r"Limits\.max_decoded_bytes"


def _run_length(data: bytes) -> bytes:
    """RunLengthDecode encoding: literal runs of up to 128 bytes, then the end marker."""
    out = bytearray()
    for start in range(0, len(data), 128):
        piece = data[start : start + 128]
        out += bytes([len(piece) - 1]) + piece
    return bytes(out + b"\x80")


def test_decoders_are_installed_in_pdfminer() -> None:
    """pdfminer looks its decoders up in pdftypes at decode time; the bounded ones are there."""
    module = pdfminer.pdftypes
    assert module.zlib.decompress is _pdfguard._decompress  # type: ignore[attr-defined]
    assert module.decompress_corrupted is _pdfguard._decompress_corrupted
    assert module.lzwdecode is _pdfguard._lzwdecode  # type: ignore[attr-defined]
    assert module.rldecode is _pdfguard._rldecode  # type: ignore[attr-defined]


@given(st.binary(max_size=5000), st.integers(min_value=0, max_value=9))
def test_bounded_inflate_equals_zlib(data: bytes, level: int) -> None:
    """Inside and outside a parse, a clean or truncated stream inflates as zlib inflates it."""
    compressed = zlib.compress(data, level)
    for stream in (compressed, compressed[: len(compressed) // 2]):
        try:
            expected: bytes | None = zlib.decompress(stream)
        except zlib.error:
            expected = None
        for budget in (None, Budget(_ROOMY, None)):
            with guarded(budget) if budget else contextlib.nullcontext():
                if expected is None:
                    with pytest.raises(zlib.error):
                        _pdfguard._decompress(stream)
                else:
                    assert _pdfguard._decompress(stream) == expected


@given(st.binary(min_size=1, max_size=5000), st.integers(min_value=1, max_value=40))
def test_bounded_damaged_inflate_equals_pdfminer(data: bytes, cut: int) -> None:
    """A stream with a wrong checksum or cut short inflates as pdfminer's own fallback inflates it."""
    compressed = bytearray(zlib.compress(data))
    compressed[-1] ^= 0xFF
    for stream in (bytes(compressed), bytes(compressed[:-cut])):
        try:
            expected: bytes | type[zlib.error] = _pdfguard._ORIGINAL_CORRUPTED(stream)
        except zlib.error:
            expected = zlib.error
        with guarded(Budget(_ROOMY, None)):
            if expected is zlib.error:
                with pytest.raises(zlib.error):
                    _pdfguard._decompress_corrupted(stream)
            else:
                assert _pdfguard._decompress_corrupted(stream) == expected


def _outcome(decode: Callable[[bytes], bytes], data: bytes) -> bytes | str:
    """What ``decode`` gives: its bytes, or the name of the exception it raises."""
    try:
        return decode(data)
    except Exception as error:  # pdfminer's LZW decoder raises IndexError on garbage
        return type(error).__name__


@given(st.binary(max_size=3000))
def test_bounded_run_length_and_lzw_equal_pdfminer(data: bytes) -> None:
    """RunLengthDecode of a clean stream, and LZWDecode of any bytes, decode as pdfminer decodes them."""
    with guarded(Budget(_ROOMY, None)):
        assert _pdfguard._rldecode(_run_length(data)) == _pdfguard._ORIGINAL_RL(_run_length(data)) == data
        assert _outcome(_pdfguard._lzwdecode, data) == _outcome(_pdfguard._ORIGINAL_LZW, data)


def test_each_decoder_stops_at_the_bound() -> None:
    """Past max_decoded_bytes, each decoder raises LimitExceededError naming the bound."""
    limits = Limits(max_decoded_bytes=1000)
    bomb = zlib.compress(b" " * 100_000)
    damaged = bomb[:-1] + bytes([bomb[-1] ^ 0xFF])
    runs = b"\x81 " * 100 + b"\x80"
    for decode, data in (
        (_pdfguard._decompress, bomb),
        (_pdfguard._decompress_corrupted, damaged),
        (_pdfguard._rldecode, runs),
    ):
        with (
            guarded(Budget(limits, "x.pdf")),
            pytest.raises(LimitExceededError, match=r"Limits\.max_decoded_bytes"),
        ):
            decode(data)


def test_budget_is_per_parse_and_only_inside_it() -> None:
    """Outside a parse the decoders are pdfminer's; the budget of one parse does not leak into the next."""
    big = zlib.compress(b" " * 100_000)
    assert pdfminer.pdftypes.zlib.decompress(big) == b" " * 100_000  # type: ignore[attr-defined]
    with guarded(Budget(Limits(max_decoded_bytes=10), None)), pytest.raises(LimitExceededError):
        pdfminer.pdftypes.zlib.decompress(big)  # type: ignore[attr-defined]
    assert pdfminer.pdftypes.zlib.decompress(big) == b" " * 100_000  # type: ignore[attr-defined]


@pytest.mark.parametrize("backend", PDF_BACKENDS)
def test_timeout_is_checked_by_the_pdf_parser(backend: PdfBackend) -> None:
    """Limits.timeout bounds a direct read_pdf call, and the error names it and the page."""
    data = pdf_file(page_objects(b"BT /F1 12 Tf 72 700 Td (x) Tj ET"))
    with pytest.raises(LimitExceededError, match=r"Limits\.timeout") as caught:
        read_pdf(data, source="slow.pdf", limits=Limits(timeout=1e-9), backend=backend)
    assert caught.value.location is not None
    assert caught.value.location.source == "slow.pdf"


@pytest.mark.parametrize("backend", PDF_BACKENDS)
def test_page_objects_bound_names_the_page(backend: PdfBackend) -> None:
    """A page drawing more than max_page_objects raises LimitExceededError with the page number."""
    text = b"BT /F1 12 Tf 72 700 Td (%s) Tj ET" % (b"x" * 200)
    data = pdf_file(page_objects(text))
    with pytest.raises(LimitExceededError, match=r"Limits\.max_page_objects") as caught:
        read_pdf(data, limits=Limits(max_page_objects=100), backend=backend)
    assert caught.value.location is not None
    assert caught.value.location.page == 1
    assert read_pdf(data, limits=Limits(max_page_objects=300), backend=backend).blocks


def test_page_content_bound_counts_forms_each_time_they_are_drawn() -> None:
    """max_page_content_bytes bounds the content a page runs, a form's content counted per drawing.

    The bound is pdfminer's: PDFium parses content in C++, a hundred times faster.
    """
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
    drawn = b"BT /F1 12 Tf 72 700 Td (x) Tj ET " + b"0 " * 5000  # about 10 kB
    objects = page_objects(b"/X0 Do " * 20, resources=b"/XObject << /X0 6 0 R >>")
    objects.append(pdf_stream(drawn, form))
    data = pdf_file(objects)
    with pytest.raises(LimitExceededError, match=r"Limits\.max_page_content_bytes") as caught:
        read_pdf(data, limits=Limits(max_page_content_bytes=100_000), backend="pdfminer")
    assert caught.value.location is not None
    assert caught.value.location.page == 1
    assert read_pdf(data, limits=Limits(max_page_content_bytes=300_000), backend="pdfminer").blocks
