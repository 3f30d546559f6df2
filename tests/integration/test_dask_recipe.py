"""The Dask recipe of the documentation, and the CSV exports in pandas.

These tests need dask, pandas and pyarrow, which are not dependencies of the
library: they are marked ``dask``, left out of the default run, and run by
``nox -s integration_dask``, which installs them.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from govinfo_report.batch import iter_sources, parse_many
from govinfo_report.serialize.csv import (
    LONG_COLUMNS,
    RECORD_COLUMNS,
    report_to_record,
    write_long_csv,
    write_wide_csv,
)

pytestmark = pytest.mark.dask

RECIPE = Path(__file__).resolve().parents[2] / "docs" / "recipes" / "dask_recipe.py"


def _load_recipe() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dask_recipe", RECIPE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pandas() -> Any:
    # Imported on use: pandas is installed only in the integration session.
    return importlib.import_module("pandas")


def _inputs(corpus_dir: Path) -> list[str]:
    return [str(path) for path in iter_sources([corpus_dir])]


def _same(value: object, expected: object) -> bool:
    pd = _pandas()
    if expected is None:
        return bool(pd.isna(value))
    if isinstance(value, float):
        return value == float(expected)  # type: ignore[arg-type]
    return value == expected


def test_recipe_gives_one_record_per_input(corpus_dir: Path, tmp_path: Path) -> None:
    """Run as a script on the process scheduler, the recipe writes one Parquet row per corpus input."""
    pd = _pandas()
    output = tmp_path / "records"
    subprocess.run(
        [sys.executable, str(RECIPE), str(corpus_dir), str(output), "--scheduler", "processes"],
        check=True,
        cwd=tmp_path,
        timeout=600,
    )
    frame = pd.read_parquet(output)
    inputs = _inputs(corpus_dir)
    assert sorted(frame["source"]) == sorted(inputs)
    assert list(frame.columns) == [column.name for column in RECORD_COLUMNS]
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == {
        column.name: column.pandas_dtype for column in RECORD_COLUMNS
    }
    assert frame["error_type"].isna().all(), frame.loc[
        frame["error_type"].notna(), ["source", "error_message"]
    ]
    expected = {outcome.source: report_to_record(outcome) for outcome in parse_many(inputs, workers=1)}
    for row in frame.to_dict("records"):
        record = expected[row["source"]]
        for column in RECORD_COLUMNS:
            assert _same(row[column.name], record[column.name]), (row["source"], column.name)


def test_recipe_writes_csv(corpus_dir: Path, tmp_path: Path) -> None:
    """Asked for CSV (the choice without pyarrow), the recipe writes parts pandas reads to a row per input."""
    pd = _pandas()
    recipe = _load_recipe()
    folder = tmp_path / "inputs"
    folder.mkdir()
    for path in list(iter_sources([corpus_dir]))[:4]:
        shutil.copyfile(path, folder / path.name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    output = tmp_path / "csv"
    assert recipe.main([str(folder), str(output), "--scheduler", "synchronous", "--csv"]) == 0
    parts = sorted(output.glob("part-*.csv"))
    assert parts
    frame = pd.concat([pd.read_csv(part) for part in parts], ignore_index=True)
    assert sorted(frame["source"]) == sorted(_inputs(folder))
    broken = frame[frame["source"] == str(folder / "broken.pdf")]
    assert len(broken) == 1
    assert broken["error_type"].iloc[0] in {"ExtractionError", "StructureError"}
    assert frame["error_type"].notna().sum() == 1


def test_csv_exports_load_in_pandas_without_options(corpus_dir: Path, tmp_path: Path) -> None:
    """``pandas.read_csv(path)`` reads the wide and long CSV files with the right shape and numeric cells."""
    pd = _pandas()
    broken = tmp_path / "broken.txt"
    broken.write_text("不是年度报告", encoding="utf-8")
    outcomes = list(parse_many([*iter_sources([corpus_dir]), broken], workers=2))
    wide, wide_zh, long = tmp_path / "wide.csv", tmp_path / "wide-zh.csv", tmp_path / "long.csv"
    write_wide_csv(outcomes, wide)
    write_wide_csv(outcomes, wide_zh, zh=True)
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
