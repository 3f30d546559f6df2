"""Throughput of govinfo_report.batch.parse_many with 1 and 2 workers, in one run.

The corpus inputs (all formats) are repeated to ``--inputs`` files and parsed
and validated with one worker (in-process) and with two workers (a process
pool); the runs alternate for ``--rounds`` rounds and the best round of each
counts.  Prints reports per second for each, the speed-up of 2 workers, and
the CPU time the runs used (parent process and workers), which shows the
cost of shipping reports between processes; from the least CPU time of each,
the speed-up two otherwise idle cores would allow.

    python benchmarks/batch.py                  # the corpus repeated to 500 inputs
    python benchmarks/batch.py --small          # text, HTML and DOCX inputs only
    python benchmarks/batch.py --corpus ../shared/corpus --rounds 3
    python benchmarks/batch.py --pdf-backend pdfminer   # PDFs read by pdfminer.six
    python benchmarks/batch.py --ordered        # outcomes in input order, as the batch command yields them

The speed-up is only meaningful on an otherwise idle machine with at least two cores.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import sys
import time
from pathlib import Path

from govinfo_report import parse_bytes
from govinfo_report.batch import iter_sources, parse_many
from govinfo_report.readers import PDF_BACKENDS, PdfBackend

ROOT = Path(__file__).resolve().parent.parent
SMALL = (".txt", ".htm", ".html", ".docx")


def _inputs(corpus: Path, *, small: bool, count: int) -> list[Path]:
    suffixes = SMALL if small else (*SMALL, ".pdf")
    files = list(iter_sources([corpus], suffixes=suffixes))
    if not files:
        sys.exit(f"no inputs in {corpus}")
    repeat = -(-count // len(files))
    return (files * repeat)[:count]


def _cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _run(
    inputs: list[Path],
    *,
    workers: int,
    validate: bool,
    chunksize: int,
    pdf_backend: PdfBackend | None,
    ordered: bool,
) -> tuple[float, int, float, float]:
    """Return wall seconds, failures, and the CPU seconds of this process and of the workers."""
    own, children = _cpu()
    start = time.perf_counter()
    failed = 0
    parse = functools.partial(parse_bytes, pdf_backend=pdf_backend)
    outcomes = parse_many(
        inputs, workers=workers, validate=validate, chunksize=chunksize, parse=parse, ordered=ordered
    )
    for outcome in outcomes:
        failed += not outcome.ok
    seconds = time.perf_counter() - start
    own_after, children_after = _cpu()
    return seconds, failed, own_after - own, children_after - children


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "corpus")
    parser.add_argument("--inputs", type=int, default=500, help="number of inputs per run (default 500)")
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternating rounds; the best counts (default 2)"
    )
    parser.add_argument("--small", action="store_true", help="text, HTML and DOCX inputs only (no PDF)")
    parser.add_argument("--no-validate", dest="validate", action="store_false", help="parse only")
    parser.add_argument("--chunksize", type=int, default=4)
    parser.add_argument("--pdf-backend", choices=PDF_BACKENDS, default=None, help="default: pdfium")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to time")
    parser.add_argument(
        "--ordered", action="store_true", help="outcomes in input order (parse_many(ordered=True))"
    )
    args = parser.parse_args()

    inputs = _inputs(args.corpus, small=args.small, count=args.inputs)
    kinds = sorted({path.suffix for path in inputs})
    print(
        f"{len(inputs)} inputs ({', '.join(kinds)}), validate={args.validate}, ordered={args.ordered}, "
        f"cpus={os.cpu_count()}"
    )
    best: dict[int, float] = {}
    least_cpu: dict[int, float] = {}
    for round_number in range(1, args.rounds + 1):
        for workers in args.workers:
            seconds, failed, own, children = _run(
                inputs,
                workers=workers,
                validate=args.validate,
                chunksize=args.chunksize,
                pdf_backend=args.pdf_backend,
                ordered=args.ordered,
            )
            best[workers] = min(best.get(workers, seconds), seconds)
            least_cpu[workers] = min(least_cpu.get(workers, own + children), own + children)
            print(
                f"round {round_number}, {workers} worker{'s' if workers > 1 else ''}: {seconds:6.2f} s, "
                f"{len(inputs) / seconds:6.1f} reports/s, {failed} failed; "
                f"CPU {own:.2f} s here + {children:.2f} s in workers"
            )
    for workers, seconds in sorted(best.items()):
        print(f"best, {workers} worker{'s' if workers > 1 else ''}: {len(inputs) / seconds:6.1f} reports/s")
    if {1, 2} <= best.keys():
        print(f"2-worker speed-up: {best[1] / best[2]:.2f}x")
        # What two idle cores would give if the parent and the workers kept them busy: less sensitive
        # to other jobs on the machine than the wall-clock figure.
        print(f"2-worker speed-up the CPU times allow: {2 * least_cpu[1] / least_cpu[2]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
