"""Throughput of govinfo_report.batch.parse_many with 1 and 2 workers, in one run.

The corpus inputs are repeated to about ``--inputs`` files and parsed (and
validated) with one worker (in-process) and with two workers (a process
pool); the runs alternate for ``--rounds`` rounds and the best round of each
counts.  Prints reports per second for each and the speed-up of 2 workers.

    python benchmarks/batch.py                  # text, HTML and DOCX inputs, about 500
    python benchmarks/batch.py --pdf            # PDFs too
    python benchmarks/batch.py --corpus ../shared/corpus --rounds 3

The speed-up is only meaningful on an otherwise idle machine with at least two cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from govinfo_report.batch import iter_sources, parse_many

ROOT = Path(__file__).resolve().parent.parent
SMALL = (".txt", ".htm", ".html", ".docx")


def _inputs(corpus: Path, *, pdf: bool, count: int) -> list[Path]:
    suffixes = (*SMALL, ".pdf") if pdf else SMALL
    files = list(iter_sources([corpus], suffixes=suffixes))
    if not files:
        sys.exit(f"no inputs in {corpus}")
    repeat = -(-count // len(files))
    return (files * repeat)[:count]


def _run(inputs: list[Path], *, workers: int, validate: bool, chunksize: int) -> tuple[float, int]:
    start = time.perf_counter()
    failed = 0
    for outcome in parse_many(inputs, workers=workers, validate=validate, chunksize=chunksize):
        failed += not outcome.ok
    return time.perf_counter() - start, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "corpus")
    parser.add_argument("--inputs", type=int, default=500, help="number of inputs per run (default 500)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds; the best counts (default 2)")
    parser.add_argument("--pdf", action="store_true", help="include the PDF inputs")
    parser.add_argument("--no-validate", dest="validate", action="store_false", help="parse only")
    parser.add_argument("--chunksize", type=int, default=4)
    args = parser.parse_args()

    inputs = _inputs(args.corpus, pdf=args.pdf, count=args.inputs)
    kinds = sorted({path.suffix for path in inputs})
    print(f"{len(inputs)} inputs ({', '.join(kinds)}), validate={args.validate}, cpus={os.cpu_count()}")
    best: dict[int, float] = {}
    for round_number in range(1, args.rounds + 1):
        for workers in (1, 2):
            seconds, failed = _run(inputs, workers=workers, validate=args.validate, chunksize=args.chunksize)
            best[workers] = min(best.get(workers, seconds), seconds)
            print(
                f"round {round_number}, {workers} worker{'s' if workers > 1 else ''}: {seconds:6.2f} s, "
                f"{len(inputs) / seconds:6.1f} reports/s, {failed} failed"
            )
    for workers, seconds in sorted(best.items()):
        print(f"best, {workers} worker{'s' if workers > 1 else ''}: {len(inputs) / seconds:6.1f} reports/s")
    print(f"2-worker speed-up: {best[1] / best[2]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
