"""Parse a folder of annual reports with Dask: one record per report, written to Parquet or CSV.

Install Dask next to govinfo-report (it is not a dependency of the library)::

    pip install govinfo-report "dask[bag,dataframe]" pyarrow

and run::

    python dask_recipe.py REPORTS_FOLDER OUTPUT_FOLDER [--scheduler processes|threads|synchronous]

The same code runs on a cluster: create a ``dask.distributed.Client`` for it
instead of choosing a local scheduler.  Workers get file *contents*, never
assume a shared file system for the parsing itself: on a cluster, read the
bytes with ``dask.bag.read_text``-like loaders or from object storage.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

import dask
import dask.bag as db
import pandas as pd
from dask.diagnostics import ProgressBar

from govinfo_report import parse_bytes
from govinfo_report.batch import ErrorInfo, Outcome, iter_sources
from govinfo_report.serialize.csv import RECORD_COLUMNS, report_to_record
from govinfo_report.validation import validate


def read(path: str) -> tuple[str, bytes]:
    """Load one file: ``(name, contents)``."""
    return path, Path(path).read_bytes()


def to_record(item: tuple[str, bytes]) -> dict[str, Any]:
    """Parse and validate one report and return its wide record; a failure is a record too."""
    name, data = item
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        report = parse_bytes(data, source=name)
    except Exception as exc:  # one bad file is one row, never a failed job
        outcome = Outcome(source=name, sha256=sha256, error=ErrorInfo.from_exception(exc))
    else:
        outcome = Outcome(source=name, sha256=sha256, report=report, findings=validate(report))
    return report_to_record(outcome)


def meta() -> pd.DataFrame:
    """An empty frame with the columns and nullable dtypes of the records (``RECORD_COLUMNS``)."""
    return pd.DataFrame({column.name: pd.Series(dtype=column.pandas_dtype) for column in RECORD_COLUMNS})


def typed(part: pd.DataFrame) -> pd.DataFrame:
    """Give a partition the declared dtypes (money arrives as ``Decimal`` objects)."""
    return part.astype({column.name: column.pandas_dtype for column in RECORD_COLUMNS})


def build(folder: str | Path, *, partitions: int | None = None) -> Any:
    """Return the lazy Dask DataFrame of the records of every report under ``folder``."""
    paths = [str(path) for path in iter_sources([folder])]
    bag = db.from_sequence(paths, npartitions=partitions or min(len(paths), 64) or 1)
    records = bag.map(read).map(to_record)
    return records.to_dataframe(meta=meta()).map_partitions(typed, meta=meta())


def write(frame: Any, output: str | Path, *, parquet: bool | None = None) -> Path:
    """Write ``frame`` to the folder ``output`` as Parquet or as CSV parts, and return the folder.

    ``parquet=None`` writes Parquet when pyarrow is installed, CSV otherwise.
    """
    folder = Path(output)
    if parquet is None:
        parquet = importlib.util.find_spec("pyarrow") is not None
    if parquet:
        frame.to_parquet(str(folder), write_index=False)
    else:
        frame.to_csv(str(folder / "part-*.csv"), index=False)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of reports (searched recursively)")
    parser.add_argument("output", type=Path, help="output folder for the Parquet or CSV files")
    parser.add_argument("--scheduler", default="processes", choices=("processes", "threads", "synchronous"))
    parser.add_argument("--csv", action="store_true", help="write CSV even when pyarrow is installed")
    parser.add_argument(
        "--partitions", type=int, default=None, help="bag partitions (default: one per file, at most 64)"
    )
    args = parser.parse_args(argv)
    with dask.config.set(scheduler=args.scheduler), ProgressBar():
        frame = build(args.folder, partitions=args.partitions)
        folder = write(frame, args.output, parquet=False if args.csv else None)
    print(f"wrote {folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
