"""The bounded decoders give what pdfminer's own give, and the PDF budget names the bound it hits."""

from __future__ import annotations

import base64
import contextlib
import io
import os
import subprocess
import sys
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pdfminer.pdffont
import pdfminer.pdftypes
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pdfminer.cmapdb import CMapParser, FileUnicodeMap
from pdfminer.pdfexceptions import PDFValueError
from tests.hostile.pdfraw import page_objects, pdf_file
from tests.hostile.pdfraw import stream as pdf_stream

from govinfo_report.errors import LimitExceededError
from govinfo_report.limits import Limits
from govinfo_report.readers import PDF_BACKENDS, PdfBackend
from govinfo_report.readers.pdf import _guard as _pdfguard
from govinfo_report.readers.pdf import read_pdf
from govinfo_report.readers.pdf._guard import Budget, guarded

SRC = str(Path(_pdfguard.__file__).parents[3])

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
    assert module.ascii85decode is _pdfguard._ascii85decode  # type: ignore[attr-defined]
    assert module.asciihexdecode is _pdfguard._asciihexdecode  # type: ignore[attr-defined]
    assert module.ccittfaxdecode is _pdfguard._ccittfaxdecode  # type: ignore[attr-defined]
    assert module.apply_png_predictor is _pdfguard._apply_png_predictor  # type: ignore[attr-defined]
    assert module.apply_tiff_predictor is _pdfguard._apply_tiff_predictor  # type: ignore[attr-defined]
    assert pdfminer.pdffont.get_widths is _pdfguard._get_widths
    assert pdfminer.pdffont.get_widths2 is _pdfguard._get_widths2


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


def _same(ours: Callable[[], bytes], theirs: Callable[[], bytes]) -> None:
    """Both give the same bytes, or both raise the same exception type."""
    try:
        expected: bytes | type[BaseException] = theirs()
    except Exception as error:
        expected = type(error)
    try:
        got: bytes | type[BaseException] = ours()
    except Exception as error:
        got = type(error)
    assert got == expected


_A85_TEXT = st.lists(st.sampled_from([b"z", b" ", b"\n", b"~", b"<", b">", b"!", b"u", b"A"]), max_size=60)


@given(st.binary(max_size=300), _A85_TEXT, _A85_TEXT)
def test_bounded_ascii85_equals_pdfminer(data: bytes, head: list[bytes], tail: list[bytes]) -> None:
    """Encoded data with any delimiters and whitespace around it decodes as pdfminer decodes it."""
    for text in (base64.a85encode(data), b"".join(head) + base64.a85encode(data) + b"".join(tail)):
        with guarded(Budget(_ROOMY, None)):
            _same(partial(_pdfguard._ascii85decode, text), partial(_pdfguard._ORIGINAL_A85, text))


@given(st.binary(max_size=300), st.sampled_from([b"", b">", b"0>", b" > junk", b"\n\t>"]))
def test_bounded_asciihex_equals_pdfminer(data: bytes, end: bytes) -> None:
    """Hex digits with whitespace and an end marker decode as pdfminer decodes them."""
    text = b" ".join(data.hex().encode()[i : i + 7] for i in range(0, 2 * len(data), 7)) + end
    with guarded(Budget(_ROOMY, None)):
        _same(lambda: _pdfguard._asciihexdecode(text), lambda: _pdfguard._ORIGINAL_AHX(text))


@given(st.binary(min_size=1, max_size=200), st.integers(min_value=1, max_value=80), st.booleans())
def test_bounded_ccitt_equals_pdfminer(data: bytes, columns: int, black_is_1: bool) -> None:
    """Any bytes decode as pdfminer's CCITT group 4 decoder decodes them (or fail the same way)."""
    params: dict[str, object] = {"K": -1, "Columns": columns, "BlackIs1": black_is_1}
    with guarded(Budget(_ROOMY, None)):
        _same(
            lambda: _pdfguard._ccittfaxdecode(data, params), lambda: _pdfguard._ORIGINAL_CCITT(data, params)
        )


@pytest.mark.parametrize("columns", [0, -3, 2**40, "x"])
def test_ccitt_columns_must_be_a_sane_integer(columns: object) -> None:
    """A /Columns that is no positive 32-bit integer is refused before anything is allocated."""
    with guarded(Budget(_ROOMY, None)), pytest.raises(PDFValueError, match="Columns"):
        _pdfguard._ccittfaxdecode(b"\xff" * 10, {"K": -1, "Columns": columns})


@pytest.mark.parametrize("columns", [100, 1_000, 10_000])
def test_ccitt_work_is_counted_per_pixel(columns: int) -> None:
    """The decoder's work grows with the pixels it handles, and all of it is spent from the budget."""
    budget = Budget(_ROOMY, None)
    with guarded(budget):
        out = _pdfguard._ccittfaxdecode(b"\xff" * 20, {"K": -1, "Columns": columns})
    lines = len(out) // -(-columns // 8)
    assert lines > 10
    assert budget.decoded >= lines * columns  # every line's pixels were paid for


def test_ccitt_with_a_million_columns_stops_at_the_budget() -> None:
    """Two hundred bytes over a million columns (minutes in pdfminer) stop at Limits.max_decoded_bytes."""
    limits = Limits(max_decoded_bytes=32 << 20)
    with guarded(Budget(limits, None)), pytest.raises(LimitExceededError, match=_BOUND):
        _pdfguard._ccittfaxdecode(b"\xff" * 200, {"K": -1, "Columns": 1_000_000})


@given(st.binary(max_size=400), st.integers(min_value=1, max_value=4), st.sampled_from([1, 8]))
def test_bounded_predictors_equal_pdfminer(data: bytes, colors: int, bits: int) -> None:
    """Cutting /Columns to the data changes nothing the predictors give, for any declared width."""
    for columns in (1, 3, len(data) + 5, 10**9):
        _same(
            partial(_pdfguard._apply_png_predictor, 12, colors, columns, bits, data),
            partial(_pdfguard._ORIGINAL_PNG, 12, colors, min(columns, 10**6), bits, data),
        )
        if bits == 8:
            _same(
                partial(_pdfguard._apply_tiff_predictor, colors, columns, bits, data),
                partial(_pdfguard._ORIGINAL_TIFF, colors, min(columns, 10**6), bits, data),
            )


@given(
    st.lists(
        st.one_of(
            st.integers(min_value=-70_000, max_value=70_000),
            st.lists(st.integers(min_value=0, max_value=1000), max_size=5),
        ),
        max_size=20,
    )
)
def test_bounded_widths_equal_pdfminer_within_the_cid_space(seq: list[object]) -> None:
    """/W arrays give pdfminer's widths for every CID from 0 to 65535."""
    try:
        expected = _pdfguard._ORIGINAL_WIDTHS(seq)
    except TypeError:
        return  # pdfminer itself fails on a list following a non-integer
    with guarded(Budget(_ROOMY, None)):
        got = _pdfguard._get_widths(seq)
    assert got == {
        cid: width for cid, width in expected.items() if isinstance(cid, int) and 0 <= cid < 1 << 16
    }


@pytest.mark.parametrize("size", [1 << 12, 1 << 16, 1 << 20, 1 << 24, 1 << 31])
def test_width_ranges_cost_at_most_the_cid_space(size: int) -> None:
    """However wide a /W range, it expands to no more than the 65,536 CIDs (and costs as much)."""
    budget = Budget(_ROOMY, None)
    with guarded(budget):
        widths = _pdfguard._get_widths([0, size - 1, 500])
    assert len(widths) == min(size, 1 << 16)
    assert budget.decoded == len(widths) * _pdfguard._ENTRY_BYTES


@pytest.mark.parametrize("kind", [b"bfrange", b"cidrange"])
@pytest.mark.parametrize("size", [1 << 10, 1 << 14, 1 << 18])
def test_cmap_ranges_are_counted_entry_by_entry(kind: bytes, size: int) -> None:
    """Every entry a CMap range expands to is spent, so a huge range stops at the budget."""
    value = b"<0041>" if kind == b"bfrange" else b"0"
    cmap = b"begincmap 1 begin%s <00000000> <%08X> %s end%s endcmap" % (kind, size - 1, value, kind)
    limits = Limits(max_decoded_bytes=(1 << 14) * _pdfguard._ENTRY_BYTES)
    budget = Budget(limits, None)
    with guarded(budget):
        try:
            CMapParser(FileUnicodeMap(), io.BytesIO(cmap)).run()
        except LimitExceededError:
            assert size > 1 << 14
        else:
            assert size <= 1 << 14
    assert budget.decoded <= limits.max_decoded_bytes + _pdfguard._ENTRY_BYTES


def test_importing_the_guard_replaces_nothing_in_pdfminer() -> None:
    """pdfminer's own decoders stay in place until the first guarded parse."""
    code = (
        "import pdfminer.pdftypes as t; from govinfo_report.readers.pdf import _guard as g; "
        "assert t.lzwdecode is g._ORIGINAL_LZW; assert t.ascii85decode is g._ORIGINAL_A85; "
        "g.install_bounds(); assert t.lzwdecode is g._lzwdecode"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": SRC})


def test_a_pdfminer_without_a_bounded_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pdfminer.six without a name the bounds replace is refused, rather than run unbounded."""
    monkeypatch.setattr(_pdfguard, "_INSTALLED", [])
    monkeypatch.setattr(_pdfguard, "_REPLACED", {_pdfguard._PDFTYPES: ("no_such_decoder",)})
    with pytest.raises(RuntimeError, match=r"pdfminer\.pdftypes\.no_such_decoder"):
        _pdfguard.install_bounds()
