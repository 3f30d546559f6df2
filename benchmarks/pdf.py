"""Benchmark the PDF parser with each backend against the engines' own extraction and pdfplumber.

Usage::

    PYTHONPATH=src python benchmarks/pdf.py [PDF ...] [--repeat N]

Without arguments it runs on the corpus PDFs (``tests/data/corpus/*.pdf``).
Each file is timed, in one run, with:

``pdfium_floor``
    pypdfium2 alone: every page loaded, every character's Unicode and loose box
    read, every path segment's point read: the floor for any parser built on
    PDFium.  The ``pdfium`` column's ratio is against it.
``pdfium``
    :func:`govinfo_report.parse_bytes` with ``pdf_backend="pdfium"`` (the default):
    the full parse into a report.
``interpret``
    pdfminer interpreting every page into layout objects without layout
    analysis (``PDFPageAggregator(laparams=None)``), with pdfminer's own classes
    and decoders (the parser's bounded replacements are swapped out while it
    runs): the floor for any parser built on pdfminer.  The ``pdfminer``
    column's ratio is against it.
``pdfminer``
    :func:`govinfo_report.parse_bytes` with ``pdf_backend="pdfminer"``.
``pdfplumber``
    ``page.extract_tables()`` on every page with pdfplumber, the tool users would
    otherwise pick.  pdfplumber is not a dependency; install it in the benchmark
    environment only (``pip install pdfplumber``), else the column is skipped.

Times are CPU seconds of this process (:func:`time.process_time`, steadier than
wall time on a busy machine), the best of ``--repeat`` rounds (default 5) in
which the columns take turns.  Peak memory is measured in a separate run of
each function under :mod:`tracemalloc` (Python allocations only: PDFium's own
memory is not seen).
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import importlib
import io
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pdfminer.pdfinterp
import pdfminer.pdftypes
import pypdfium2.raw as pdfium
from pdfminer.converter import PDFPageAggregator
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

from govinfo_report import parse_bytes
from govinfo_report.model import Format

# pdfminer's own classes and decoders, before the parser's guard replaces them.
_PDFMINER_ORIGINALS: dict[tuple[Any, str], Any] = {
    (module, name): getattr(module, name)
    for module, names in (
        (pdfminer.pdfinterp, ("PDFContentParser",)),
        (pdfminer.pdftypes, ("zlib", "decompress_corrupted", "lzwdecode", "rldecode")),
    )
    for name in names
}

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"


@contextmanager
def pdfminer_as_released() -> Iterator[None]:
    """Put pdfminer's own classes and decoders back for the duration."""
    patched = {key: getattr(*key) for key in _PDFMINER_ORIGINALS}
    for (module, name), value in _PDFMINER_ORIGINALS.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for (module, name), value in patched.items():
            setattr(module, name, value)


def interpret(data: bytes) -> object:
    with pdfminer_as_released():
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=None)
        interpreter = PDFPageInterpreter(manager, device)
        pages = []
        for page in PDFPage.get_pages(io.BytesIO(data)):
            interpreter.process_page(page)
            pages.append(device.get_result())
        return pages


def _path_points(obj: Any, x: Any, y: Any) -> int:
    points = 0
    kind = pdfium.FPDFPageObj_GetType(obj)
    if kind == pdfium.FPDF_PAGEOBJ_PATH:
        for index in range(pdfium.FPDFPath_CountSegments(obj)):
            pdfium.FPDFPathSegment_GetPoint(pdfium.FPDFPath_GetPathSegment(obj, index), x, y)
            points += 1
    elif kind == pdfium.FPDF_PAGEOBJ_FORM:
        for index in range(pdfium.FPDFFormObj_CountObjects(obj)):
            points += _path_points(pdfium.FPDFFormObj_GetObject(obj, index), x, y)
    return points


def pdfium_floor(data: bytes) -> object:
    """Characters (Unicode and loose box) and path points of every page, with pypdfium2 alone."""
    buffer = ctypes.create_string_buffer(data, len(data))
    document = pdfium.FPDF_LoadMemDocument64(buffer, len(data), None)
    rect = pdfium.FS_RECTF()
    x, y = ctypes.c_float(), ctypes.c_float()
    chars: list[tuple[int, float, float, float, float]] = []
    points = 0
    try:
        for number in range(pdfium.FPDF_GetPageCount(document)):
            page = pdfium.FPDF_LoadPage(document, number)
            textpage = pdfium.FPDFText_LoadPage(page)
            for index in range(pdfium.FPDFText_CountChars(textpage)):
                pdfium.FPDFText_GetLooseCharBox(textpage, index, rect)
                code = pdfium.FPDFText_GetUnicode(textpage, index)
                chars.append((code, rect.left, rect.bottom, rect.right, rect.top))
            for index in range(pdfium.FPDFPage_CountObjects(page)):
                points += _path_points(pdfium.FPDFPage_GetObject(page, index), x, y)
            pdfium.FPDFText_ClosePage(textpage)
            pdfium.FPDF_ClosePage(page)
    finally:
        pdfium.FPDF_CloseDocument(document)
    return chars, points


def with_pdfium(data: bytes) -> object:
    return parse_bytes(data, format=Format.PDF, source="bench.pdf", pdf_backend="pdfium")


def with_pdfminer(data: bytes) -> object:
    return parse_bytes(data, format=Format.PDF, source="bench.pdf", pdf_backend="pdfminer")


def load_pdfplumber() -> ModuleType | None:
    try:
        return importlib.import_module("pdfplumber")
    except ImportError:
        return None


PDFPLUMBER = load_pdfplumber()


def plumber(data: bytes) -> object:
    assert PDFPLUMBER is not None
    with PDFPLUMBER.open(io.BytesIO(data)) as pdf:
        return [page.extract_tables() for page in pdf.pages]


def best_times(columns: dict[str, Callable[[bytes], object]], data: bytes, repeat: int) -> dict[str, float]:
    """Best CPU time of each column; the columns take turns so that load from elsewhere hits all alike."""
    best = dict.fromkeys(columns, float("inf"))
    for _ in range(repeat):
        for name, function in columns.items():
            gc.collect()
            start = time.process_time()
            function(data)
            best[name] = min(best[name], time.process_time() - start)
    return best


def peak_memory(function: Callable[[bytes], object], data: bytes) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        function(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def available() -> dict[str, Callable[[bytes], object]]:
    columns: dict[str, Callable[[bytes], object]] = {
        "pdfium_floor": pdfium_floor,
        "pdfium": with_pdfium,
        "interpret": interpret,
        "pdfminer": with_pdfminer,
    }
    if PDFPLUMBER is None:
        print("pdfplumber is not installed: skipping its column (pip install pdfplumber to add it)")
    else:
        columns["pdfplumber"] = plumber
    return columns


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="*", type=Path, help="PDF files (default: the corpus PDFs)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the best counts")
    args = parser.parse_args(argv)
    files: list[Path] = args.files or sorted(CORPUS.glob("*.pdf"))
    if not files:
        parser.error(f"no PDF files given and none in {CORPUS}")
    columns = available()
    for function in columns.values():  # warm up imports and caches
        function(files[0].read_bytes())

    totals = dict.fromkeys(columns, 0.0)
    peaks = dict.fromkeys(columns, 0.0)
    print("\nCPU time in seconds; pdfium / pdfium_floor, pdfminer / interpret, pdfplumber / pdfium")
    header = f"{'file':34s}" + "".join(f"{name:>13s}" for name in columns) + f"{'ratios':>26s}"
    print(header)
    for path in files:
        data = path.read_bytes()
        seconds = best_times(columns, data, args.repeat)
        cells = "".join(f"{seconds[name]:13.4f}" for name in columns)
        print(f"{path.name[:34]:34s}{cells}{ratios(seconds):>26s}")
        for name in columns:
            totals[name] += seconds[name]
            peaks[name] = max(peaks[name], peak_memory(columns[name], data))
    print(f"{'total':34s}" + "".join(f"{totals[name]:13.4f}" for name in columns) + f"{ratios(totals):>26s}")
    print("\npeak memory in MiB (largest over the files, tracemalloc: Python allocations only)")
    print(f"{'':34s}" + "".join(f"{peaks[name]:13.1f}" for name in columns))
    return 0


def ratios(seconds: dict[str, float]) -> str:
    """The ratios the performance targets are stated in."""
    parts = [
        f"{seconds['pdfium'] / seconds['pdfium_floor']:.2f}x",
        f"{seconds['pdfminer'] / seconds['interpret']:.2f}x",
    ]
    if "pdfplumber" in seconds:
        parts.append(f"{seconds['pdfplumber'] / seconds['pdfium']:.1f}x")
    return " ".join(parts)


if __name__ == "__main__":
    raise SystemExit(main())
