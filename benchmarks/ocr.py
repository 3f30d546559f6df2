"""Seconds per page and peak memory of the OCR reader's stages on the corpus scans, on one core.

For every scanned PDF and image in the corpus (``*-scan.pdf`` and the image
files), each page is rendered (PDF: pypdfium2 at ``Limits.ocr_dpi``; images:
decoded by Pillow), read by OCR (levelling, text detection, ruling lines,
recognition) and laid out into a document (tables, merged cells, joining
across pages); the document is then assembled into a report.  The process is
pinned to one CPU and onnxruntime and OpenCV to one thread, as a batch worker
runs.  Times are CPU seconds of this process (one thread: what an idle core
would take; a shared machine stretches wall time, not CPU time), and the
wall time of the whole run is printed too.  Peak memory is the process's maximum resident set size after each
stage (it only grows), so the last figure is what one worker needs.

    python benchmarks/ocr.py                       # the corpus scans
    python benchmarks/ocr.py --corpus ../shared/corpus
    python benchmarks/ocr.py FILE ...
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import cv2

from govinfo_report.assembly import assemble
from govinfo_report.document import Format
from govinfo_report.limits import DEFAULT_LIMITS
from govinfo_report.readers import detect_format
from govinfo_report.readers.image._decode import decode_frames
from govinfo_report.readers.image._document import ocr_document
from govinfo_report.readers.image._engine import engine
from govinfo_report.readers.image._page import read_page
from govinfo_report.readers.image._reader import render_pages

ROOT = Path(__file__).resolve().parent.parent
IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def _inputs(corpus: Path) -> list[Path]:
    return sorted(
        path for path in corpus.iterdir() if path.name.endswith("-scan.pdf") or path.suffix.lower() in IMAGES
    )


def _measure(path: Path) -> tuple[int, float, float, float, float, float]:
    """Pages, and seconds per page of render, OCR, grid, assembly; peak MiB."""
    data = path.read_bytes()
    image = detect_format(data) is Format.IMAGE
    start = time.process_time()
    if image:
        frames = list(decode_frames(data, path.name, DEFAULT_LIMITS))
        scales: list[float | None] = [None] * len(frames)
    else:
        rendered = list(render_pages(data, source=path.name, limits=DEFAULT_LIMITS))
        frames = [frame for frame, _ in rendered]
        scales = [scale for _, scale in rendered]
    render = time.process_time() - start
    start = time.process_time()
    pages = [read_page(frame, scale) for frame, scale in zip(frames, scales, strict=True)]
    ocr = time.process_time() - start
    start = time.process_time()
    document = ocr_document(
        pages, format=Format.IMAGE if image else Format.PDF, source=path.name, limits=DEFAULT_LIMITS
    )
    grid = time.process_time() - start
    start = time.process_time()
    assemble(document)
    assembly = time.process_time() - start
    count = len(pages)
    return count, render / count, ocr / count, grid / count, assembly / count, _peak_mib()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    cv2.setNumThreads(1)
    files = args.files or _inputs(args.corpus)
    if not files:
        sys.exit(f"no scans or images in {args.corpus}")
    wall = time.perf_counter()
    start = time.process_time()
    engine()
    print(f"models loaded in {time.process_time() - start:.2f} s, peak {_peak_mib():.0f} MiB")
    stages = ("render", "ocr", "grid", "assemble", "total")
    print(f"{'input':45s} {'pages':>5s} " + " ".join(f"{stage:>8s}" for stage in stages) + "  peak")
    pages_all = 0
    seconds_all = 0.0
    for path in files:
        pages, render, ocr, grid, assembly, peak = _measure(path)
        total = render + ocr + grid + assembly
        pages_all += pages
        seconds_all += total * pages
        print(
            f"{path.name:45s} {pages:5d} {render:8.2f} {ocr:8.2f} {grid:8.2f} {assembly:8.2f} {total:8.2f}"
            f"  {peak:.0f} MiB"
        )
    wall = time.perf_counter() - wall
    print(
        f"overall: {seconds_all / pages_all:.2f} CPU s per page over {pages_all} pages "
        f"(wall {wall / pages_all:.2f} s per page)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
