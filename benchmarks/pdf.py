"""Benchmark the PDF parser against pdfminer's own page interpretation and pdfplumber.

Usage::

    PYTHONPATH=src python benchmarks/pdf.py [PDF ...] [--repeat N]

Without arguments it runs on the corpus PDFs (``tests/data/corpus/*.pdf``).
Each file is timed, in one run, with:

``interpret``
    pdfminer interpreting every page into layout objects without layout
    analysis (``PDFPageAggregator(laparams=None)``): the floor for any parser
    built on pdfminer.  All ratios are against this column.
``extract_pages``
    ``pdfminer.high_level.extract_pages(..., laparams=None)``.  Note that this
    function replaces ``None`` by ``LAParams()``, so it includes pdfminer's
    layout analysis.
``read_pdf``
    :func:`govinfo_report.readers.pdf.read_pdf` (bytes to paragraphs and grids).
``parse_bytes``
    :func:`govinfo_report.parse_bytes`: the full parse into a report.
``pdfplumber``
    ``page.extract_tables()`` on every page with pdfplumber, the tool users would
    otherwise pick.  pdfplumber is not a dependency; install it in the benchmark
    environment only (``pip install pdfplumber``), else the column is skipped.

Times are CPU seconds of this process (:func:`time.process_time`, steadier than
wall time on a busy machine), the best of ``--repeat`` rounds (default 5) in
which the columns take turns.  Peak memory is measured
in a separate run of each function under :mod:`tracemalloc`.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from pdfminer.converter import PDFPageAggregator
from pdfminer.high_level import extract_pages
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

from govinfo_report import parse_bytes
from govinfo_report.model import Format
from govinfo_report.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"


def interpret(data: bytes) -> object:
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    pages = []
    for page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(page)
        pages.append(device.get_result())
    return pages


def high_level(data: bytes) -> object:
    return list(extract_pages(io.BytesIO(data), laparams=None))


def ours(data: bytes) -> object:
    return read_pdf(data, source="bench.pdf")


def full(data: bytes) -> object:
    return parse_bytes(data, format=Format.PDF, source="bench.pdf")


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
        "interpret": interpret,
        "extract_pages": high_level,
        "read_pdf": ours,
        "parse_bytes": full,
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
    header = f"{'file':40s}" + "".join(f"{name:>15s}" for name in columns)
    print("\nCPU time in seconds (ratio to interpret)")
    print(header)
    for path in files:
        data = path.read_bytes()
        seconds = best_times(columns, data, args.repeat)
        floor = seconds["interpret"]
        cells = "".join(f"{seconds[name]:8.3f} {seconds[name] / floor:5.2f}x" for name in columns)
        print(f"{path.name[:40]:40s}{cells}")
        for name in columns:
            totals[name] += seconds[name]
            peaks[name] = max(peaks[name], peak_memory(columns[name], data))
    floor = totals["interpret"]
    print(f"{'total':40s}" + "".join(f"{totals[name]:8.3f} {totals[name] / floor:5.2f}x" for name in columns))
    print("\npeak memory in MiB (largest over the files, tracemalloc)")
    print(f"{'':40s}" + "".join(f"{peaks[name]:15.1f}" for name in columns))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
