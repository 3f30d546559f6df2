"""govinfo_report.dask on a local cluster of two worker processes, and its Parquet dataset in pandas.

Marked ``dask``: run by ``nox -s integration_dask``, which installs the ``dask`` extra.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from tests.hostile.cases import pdf_flate_bomb

from govinfo_report.batch import iter_sources
from govinfo_report.limits import Limits
from govinfo_report.model import TemplateVersion, cell_keys
from govinfo_report.model.labels import MONEY_KEYS

pytestmark = pytest.mark.dask

dask_module = pytest.importorskip("govinfo_report.dask", reason="needs the dask extra")
distributed = pytest.importorskip("dask.distributed")
pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def client() -> Any:
    """A client of a local cluster with two single-threaded worker processes."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    with cluster, distributed.Client(cluster) as dask_client:
        yield dask_client


@pytest.fixture
def folder(corpus_dir: Path, tmp_path: Path) -> Path:
    """The corpus reports, a broken PDF, a file that is not a report and a decompression bomb."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for path in iter_sources([corpus_dir]):
        shutil.copyfile(path, inputs / path.name)
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    (inputs / "not-a-report.txt").write_text("会议通知：请各单位按时参加。", encoding="utf-8")
    bomb = pdf_flate_bomb(tmp_path)
    assert isinstance(bomb, bytes)
    (inputs / "bomb.pdf").write_bytes(bomb)
    return inputs


def test_one_record_per_input_and_the_hostile_one_bounded(client: Any, folder: Path, tmp_path: Path) -> None:
    """Every input gives one row of ``inputs``; the bomb is a LimitExceededError, the reports parse."""
    dataset = tmp_path / "dataset"
    summary = dask_module.to_parquet([str(folder)], dataset, files_per_partition=3)
    sources = sorted(str(path) for path in iter_sources([folder]))
    assert summary.inputs == summary.parsed == len(sources)
    inputs = dask_module.read_table(dataset, "inputs")
    assert sorted(inputs["source"]) == sources
    errors = dict(zip(inputs["source"], inputs["error_type"], strict=True))
    assert errors[str(folder / "bomb.pdf")] == "LimitExceededError"
    assert errors[str(folder / "broken.pdf")] in {"ExtractionError", "StructureError"}
    assert errors[str(folder / "not-a-report.txt")] == "StructureError"
    failed = {source for source, error in errors.items() if isinstance(error, str)}
    assert summary.failed == len(failed) == 3


def test_the_dataset_has_the_documented_schema(client: Any, folder: Path, tmp_path: Path) -> None:
    """Counts load as Int64, money as Decimal, one report row per parsed report of each template."""
    dataset = tmp_path / "dataset"
    dask_module.to_parquet([str(folder)], dataset)
    inputs = dask_module.read_table(dataset, "inputs")
    for version in TemplateVersion:
        frame = dask_module.read_table(dataset, f"reports_{version.value}")
        assert len(frame) == int((inputs["template"] == version.value).sum())
        for key in cell_keys(version):
            if key in MONEY_KEYS:
                assert frame[key].dtype == object
                assert all(value is None or value.__class__.__name__ == "Decimal" for value in frame[key])
            else:
                assert str(frame[key].dtype) == "Int64", key
    cells = dask_module.read_table(dataset, "cells")
    assert str(cells["count"].dtype) == "Int64"
    assert set(cells["state"]) <= {"value", "blank", "inferred", "unresolved", "invalid", "missing"}
    findings = dask_module.read_table(dataset, "findings")
    assert set(findings["source"]) <= set(inputs["source"])
    assert set(findings["severity"]) <= {"error", "warning", "info"}


def test_a_second_run_parses_only_new_and_changed_inputs(client: Any, folder: Path, tmp_path: Path) -> None:
    """After the folder grows and one file changes, only those two are parsed; their rows are replaced."""
    dataset = tmp_path / "dataset"
    first = dask_module.to_parquet([str(folder)], dataset)
    added = folder / "copy-of-a-report.txt"
    shutil.copyfile(next(folder.glob("seed-000-*.txt")), added)
    changed = next(folder.glob("pingtan-zone-gov-2019.txt"))
    changed.write_bytes(changed.read_bytes() + b"\n")
    second = dask_module.to_parquet([str(folder)], dataset)
    assert second.inputs == first.inputs + 1
    assert second.parsed == 2
    assert second.unchanged == first.inputs - 1
    inputs = dask_module.read_table(dataset, "inputs")
    assert inputs["source"].is_unique
    assert len(inputs) == second.inputs
    reports = dask_module.read_table(dataset, "reports_2019")
    assert list(reports["source"]).count(str(changed)) == 1


def test_a_worker_killed_mid_run_loses_nothing(client: Any, folder: Path, tmp_path: Path) -> None:
    """Dask runs the tasks of a worker that dies again elsewhere: every input still has its record."""
    dataset = tmp_path / "dataset"
    result: dict[str, Any] = {}

    def run() -> None:
        result["summary"] = dask_module.to_parquet(
            [str(folder)], dataset, files_per_partition=1, limits=Limits(timeout=60)
        )

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 60
    while not client.processing() or not any(client.processing().values()):
        assert time.monotonic() < deadline, "no task started"
        time.sleep(0.05)
    busy = next(address for address, tasks in client.processing().items() if tasks)
    pid = client.run(os.getpid, workers=[busy])[busy]
    os.kill(pid, signal.SIGKILL)
    worker.join(timeout=300)
    assert not worker.is_alive()
    summary = result["summary"]
    inputs = dask_module.read_table(dataset, "inputs")
    assert summary.inputs == len(inputs) == len(list(iter_sources([folder])))
    assert inputs["source"].is_unique


def test_the_command_line_writes_the_dataset(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``govinfo-report dask`` on the synchronous scheduler writes the dataset and says what it did."""
    from govinfo_report.cli import main

    dataset = tmp_path / "dataset"
    status = main(["dask", str(folder), "--out", str(dataset), "--scheduler", "synchronous"])
    assert status == 1  # three inputs fail
    inputs = dask_module.read_table(dataset, "inputs")
    count = len(list(iter_sources([folder])))
    assert len(inputs) == count
    assert capsys.readouterr().out.startswith(f"{count} 个输入：已解析 {count} 个（3 个失败），0 个未变；")
    status = main(["dask", str(folder), "--out", str(dataset), "--scheduler", "synchronous", "--lang", "en"])
    assert status == 0  # nothing changed, nothing parsed again
    assert capsys.readouterr().out.startswith(f"{count} inputs: 0 parsed (0 failed), {count} unchanged;")


def test_listing_skips_hidden_files_and_other_suffixes(tmp_path: Path) -> None:
    """Folders give the files with report suffixes, not hidden ones; globs expand; a missing path raises."""
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.jpg").write_bytes(b"x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("x", encoding="utf-8")
    _, paths = dask_module.list_sources(str(tmp_path))
    assert [Path(path).name for path in paths] == ["a.txt"]
    _, globbed = dask_module.list_sources(str(tmp_path / "*.jpg"))
    assert [Path(path).name for path in globbed] == ["b.jpg"]
    with pytest.raises(FileNotFoundError):
        dask_module.list_sources(str(tmp_path / "missing"))


def test_read_table_names_the_tables(tmp_path: Path) -> None:
    """An unknown table name is refused with the list of tables."""
    with pytest.raises(ValueError, match="reports_2021"):
        dask_module.read_table(tmp_path, "nope")


def test_importing_the_library_loads_no_dask() -> None:
    """``import govinfo_report`` (and its batch records) import none of Dask, pandas or pyarrow."""
    code = (
        "import sys, govinfo_report, govinfo_report.batch; "
        "heavy = ('dask', 'distributed', 'pandas', 'pyarrow'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_pdf_backend_reaches_the_children(client: Any, corpus_dir: Path, tmp_path: Path) -> None:
    """``pdf_backend`` is the engine the parsing children read PDFs with; a wrong name fails at once."""
    shutil.copyfile(corpus_dir / "huaian-city-gov-2024.pdf", tmp_path / "report.pdf")
    for backend, module in (("pdfminer", "pdfminer.six"), ("pdfium", "pypdfium2")):
        [outcome] = dask_module.read_outcomes(str(tmp_path), pdf_backend=backend, validate=False).compute()
        assert outcome.report is not None
        assert outcome.report.provenance is not None
        assert module in dict(outcome.report.provenance.backends)
    with pytest.raises(ValueError, match="pdf_backend"):
        dask_module.read_outcomes(str(tmp_path), pdf_backend="mupdf")
    with pytest.raises(TypeError, match="convert"):
        dask_module.read_outcomes(str(tmp_path), convert="yes")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice on PATH)")
def test_legacy_inputs_are_converted_when_asked(
    client: Any, corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With ``convert``, folders yield ``.doc`` files too and each is parsed after conversion."""
    from tests.test_convert import _libreoffice

    from govinfo_report.cli import main

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    doc = _libreoffice(corpus_dir / "shuyang-county-ndrc-2023-lo.docx", "doc:MS Word 97", tmp_path)
    shutil.copyfile(doc, inputs / "report.doc")
    assert dask_module.read_outcomes(str(inputs)).compute() == []  # left out unless converting
    [outcome] = dask_module.read_outcomes(str(inputs), convert=True, validate=False).compute()
    assert outcome.report is not None
    assert outcome.report.provenance is not None
    conversion = outcome.report.provenance.conversion
    assert conversion is not None
    assert conversion.original.value == "doc"
    dataset = tmp_path / "dataset"
    argv = [
        "dask",
        str(inputs),
        "--out",
        str(dataset),
        "--scheduler",
        "synchronous",
        "--convert",
        "--lang",
        "en",
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("1 inputs: 1 parsed (0 failed)")
