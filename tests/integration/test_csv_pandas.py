"""The CSV exports in pandas.

These tests need pandas, which is not a dependency of the library: they are
marked ``dask``, left out of the default run, and run by
``nox -s integration_dask``, which installs the ``dask`` extra.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from govinfo_report.batch import iter_sources, parse_many
from govinfo_report.serialize.csv import LONG_COLUMNS, RECORD_COLUMNS, write_long_csv, write_wide_csv

pytestmark = pytest.mark.dask


def _pandas() -> Any:
    # Imported on use: pandas is installed only in the integration session.
    return importlib.import_module("pandas")


def test_csv_exports_load_in_pandas_without_options(corpus_dir: Path, tmp_path: Path) -> None:
    """``pandas.read_csv(path)`` reads the wide and long CSV files with the right shape and numeric cells."""
    pd = _pandas()
    broken = tmp_path / "broken.txt"
    broken.write_text("不是年度报告", encoding="utf-8")
    outcomes = list(parse_many([*iter_sources([corpus_dir]), broken], workers=2))
    wide, wide_zh, long = tmp_path / "wide.csv", tmp_path / "wide-zh.csv", tmp_path / "long.csv"
    write_wide_csv(outcomes, wide)
    write_wide_csv(outcomes, wide_zh, headers="zh")  # with a byte order mark, which pandas skips
    cells = write_long_csv(outcomes, long)

    frame = pd.read_csv(wide)
    assert frame.shape == (len(outcomes), len(RECORD_COLUMNS))
    assert list(frame.columns) == [column.name for column in RECORD_COLUMNS]
    for column in RECORD_COLUMNS:
        if column.type != "string" and frame[column.name].notna().any():
            assert pd.api.types.is_numeric_dtype(frame[column.name]), column.name
    assert frame["error_type"].notna().sum() == 1

    chinese = pd.read_csv(wide_zh)
    assert list(chinese.columns) == [column.label_zh for column in RECORD_COLUMNS]
    assert chinese.shape == frame.shape

    cells_frame = pd.read_csv(long)
    assert cells_frame.shape == (cells, len(LONG_COLUMNS))
    assert list(cells_frame.columns) == [column.name for column in LONG_COLUMNS]
    assert pd.api.types.is_numeric_dtype(cells_frame["value"])
    assert set(cells_frame["state"]) <= {"value", "blank", "inferred", "unresolved", "invalid", "missing"}
