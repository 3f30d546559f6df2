"""Throughput of govinfo_report.dask.to_parquet on a LocalCluster of 1, 2 and 4 worker processes.

Usage::

    PYTHONPATH=src python benchmarks/dask_scaling.py [--copies N] [--workers 1 2 4]

The corpus inputs (``tests/data/corpus``) are copied ``--copies`` times into a
temporary folder; each run writes a fresh dataset.  Printed per worker count:
wall seconds, inputs per second, and the speed-up over one worker, all from
the same run.  Each input is parsed in a child process of its Dask worker, so
the figures include the cost of that isolation (about one process start per
task of ``--files-per-partition`` inputs).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from dask.distributed import Client, LocalCluster

from govinfo_report.batch import iter_sources
from govinfo_report.dask import to_parquet

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--files-per-partition", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs"
        inputs.mkdir()
        for copy in range(args.copies):
            for path in iter_sources([CORPUS]):
                shutil.copyfile(path, inputs / f"{copy:03d}-{path.name}")
        count = len(list(iter_sources([inputs])))
        base = None
        print(f"{count} inputs ({args.copies} copies of the corpus), {args.files_per_partition} per task")
        for workers in args.workers:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
            with cluster, Client(cluster):
                started = time.perf_counter()
                summary = to_parquet(
                    [str(inputs)],
                    Path(tmp) / f"dataset-{workers}",
                    files_per_partition=args.files_per_partition,
                )
                seconds = time.perf_counter() - started
            assert summary.parsed == count
            base = base or seconds
            print(
                f"workers {workers}: {seconds:7.2f} s  {count / seconds:7.1f} inputs/s  "
                f"speed-up {base / seconds:4.2f}x"
            )


if __name__ == "__main__":
    main()
