"""Single-core throughput of text and HTML parsing, with reference timings from the same run.

Usage::

    PYTHONPATH=src python benchmarks/throughput.py [FILE ...] [--rounds N] [--parses N]

Without arguments it runs on the corpus text and HTML inputs
(``tests/data/corpus/*.txt``, ``*.html``, ``*.htm``).  Each file is timed, in
one run, with these columns:

``reference``
    The floor no parser of the format can go below.  HTML:
    ``lxml.html.document_fromstring`` on the same bytes (lxml's own parse into
    a tree).  Text: ``bytes.decode`` with the encoding the parser picked,
    then ``str.splitlines``.
``document``
    :func:`govinfo_report.readers.read_document`: decoding and the format
    parser, bytes to paragraphs and table grids (no template assembly).
``warm``
    :func:`govinfo_report.parse_bytes`, the full parse (decoding, format
    parser, template assembly; not validation), the same bytes parsed again
    and again, so the memoisation caches hit.
``cold``
    The same, with the caches that remember per-input texts
    (:data:`INPUT_CACHES`) cleared before every parse: the honest figure for a
    stream of distinct reports (a pessimistic one: in a real stream the
    texts every report repeats, such as the template's labels and small
    numbers, stay cached).  Caches derived from the templates alone (label
    patterns, vocabulary, keywords) stay filled, as they do in any process
    that has parsed one report.

Times are CPU seconds of this process (:func:`time.process_time`), after a
warm-up parse; each round times ``--parses`` parses of every column in turn,
and the best round of ``--rounds`` counts (short rounds, many of them: on a
shared machine some rounds run undisturbed).  Reports per second are
``1 / cold`` and ``1 / warm``; the totals are over the whole set of files
(files / summed time).
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

from govinfo_report import parse_bytes
from govinfo_report.assembly._normalize import is_placeholder, normalize_label, parse_number
from govinfo_report.assembly._tokens import classify
from govinfo_report.model import Format
from govinfo_report.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
SUFFIXES = {".txt": Format.TEXT, ".html": Format.HTML, ".htm": Format.HTML}

INPUT_CACHES = (normalize_label, parse_number, classify, is_placeholder)
"""The ``functools.lru_cache`` functions whose entries depend on the input's texts."""

COLUMNS = ("reference", "document", "warm", "cold")


def clear_input_caches() -> None:
    for function in INPUT_CACHES:
        function.cache_clear()


def reference(data: bytes, format: Format, encoding: str) -> Callable[[], object]:
    if format is Format.HTML:
        return lambda: lxml.html.document_fromstring(data)
    return lambda: data.decode(encoding).splitlines()


def time_round(function: Callable[[], object], parses: int, *, cold: bool) -> float:
    """CPU seconds per call of ``function``, over ``parses`` calls."""
    gc.collect()
    total = 0.0
    if cold:
        for _ in range(parses):
            clear_input_caches()  # outside the timed span
            start = time.process_time()
            function()
            total += time.process_time() - start
    else:
        start = time.process_time()
        for _ in range(parses):
            function()
        total = time.process_time() - start
    return total / parses


def measure(path: Path, *, rounds: int, parses: int) -> dict[str, float]:
    """Best CPU seconds per parse of each column for one file."""
    data = path.read_bytes()
    format = SUFFIXES[path.suffix.lower()]
    report = parse_bytes(data, format=format, source=path.name)  # warm-up: imports, template caches
    assert report.provenance is not None
    encoding = report.provenance.encoding or "utf-8"
    functions: dict[str, Callable[[], object]] = {
        "reference": reference(data, format, encoding),
        "document": lambda: read_document(data, format=format, source=path.name),
        "warm": lambda: parse_bytes(data, format=format, source=path.name),
        "cold": lambda: parse_bytes(data, format=format, source=path.name),
    }
    for function in functions.values():
        function()
    best = dict.fromkeys(COLUMNS, float("inf"))
    for _ in range(rounds):
        for name, function in functions.items():
            best[name] = min(best[name], time_round(function, parses, cold=name == "cold"))
    return best


def print_table(title: str, results: dict[Path, dict[str, float]]) -> None:
    if not results:
        return
    print(f"\n{title}: ms per report (CPU), reports/s, ratios")
    header = (
        f"{'file':42s}{'ref ms':>8s}{'doc ms':>8s}{'warm ms':>9s}{'cold ms':>9s}"
        f"{'warm/s':>8s}{'cold/s':>8s}{'cold/ref':>9s}{'warm/ref':>9s}{'warm/doc':>9s}"
    )
    print(header)
    totals = dict.fromkeys(COLUMNS, 0.0)
    for path, seconds in results.items():
        _row(path.name[:42], seconds, count=1)
        for name in COLUMNS:
            totals[name] += seconds[name]
    _row(f"all {len(results)} files", totals, count=len(results))


def _row(name: str, seconds: dict[str, float], *, count: int) -> None:
    ms = {column: 1000 * seconds[column] / count for column in COLUMNS}
    print(
        f"{name:42s}{ms['reference']:8.2f}{ms['document']:8.2f}{ms['warm']:9.2f}{ms['cold']:9.2f}"
        f"{count / seconds['warm']:8.0f}{count / seconds['cold']:8.0f}"
        f"{seconds['cold'] / seconds['reference']:8.1f}x{seconds['warm'] / seconds['reference']:8.1f}x"
        f"{seconds['warm'] / seconds['document']:8.2f}x"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="*", type=Path, help="text and HTML files (default: the corpus ones)")
    parser.add_argument("--rounds", type=int, default=9, help="rounds per measurement; the best counts")
    parser.add_argument("--parses", type=int, default=10, help="parses per round")
    args = parser.parse_args(argv)
    files: list[Path] = args.files or sorted(
        path for path in CORPUS.iterdir() if path.suffix.lower() in SUFFIXES
    )
    unknown = [path for path in files if path.suffix.lower() not in SUFFIXES]
    if unknown or not files:
        parser.error(f"need .txt, .html or .htm files; got {unknown or 'none'}")
    results: dict[Format, dict[Path, dict[str, float]]] = {Format.TEXT: {}, Format.HTML: {}}
    for path in files:
        results[SUFFIXES[path.suffix.lower()]][path] = measure(path, rounds=args.rounds, parses=args.parses)
    print(f"best of {args.rounds} rounds of {args.parses} parses; time.process_time on one core")
    print("ref: text = bytes.decode + str.splitlines; HTML = lxml.html.document_fromstring")
    print("doc: parsers.read_document; warm/cold: parse_bytes with caches kept/cleared")
    print_table("text", results[Format.TEXT])
    print_table("HTML", results[Format.HTML])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
