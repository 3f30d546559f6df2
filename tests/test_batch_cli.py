"""The ``batch`` command: JSON Lines and CSV outputs, resuming, progress and the summary."""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import sys
import types
from pathlib import Path
from typing import ClassVar

import pytest

from govinfo_report.batch import NOT_A_REPORT_SUFFIX, Skipped, iter_sources, parse_many
from govinfo_report.cli._batch import _recorded_outcomes, add_batch_parser, run_batch
from govinfo_report.serialize import from_dict, outcome_to_dict
from govinfo_report.serialize.csv import LONG_COLUMNS, RECORD_COLUMNS

NAMES = ("seed-001-haiyuan-health-2020.txt", "seed-003-qufu-health-2020.txt", "pingtan-zone-gov-2021.txt")


@pytest.fixture
def folder(corpus_dir: Path, tmp_path: Path) -> Path:
    """A folder with three corpus reports and one file that is not a report."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name in NAMES:
        shutil.copyfile(corpus_dir / name, inputs / name)
    (inputs / "broken.txt").write_text("这不是年度报告", encoding="utf-8")
    return inputs


def _run(*argv: str | Path) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="govinfo-report")
    add_batch_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["batch", *(str(arg) for arg in argv)])
    out = io.StringIO()
    status = run_batch(args, out)
    return status, out.getvalue()


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_outputs_and_summary(folder: Path, tmp_path: Path) -> None:
    """Every input gives one JSON line and one wide row; the summary counts successes and failures."""
    out, wide, long = tmp_path / "r.jsonl", tmp_path / "w.csv", tmp_path / "l.csv"
    status, summary = _run(folder, "--out", out, "--cells-csv", wide, "--long-csv", long, "--workers", "2")
    assert status == 1
    lines = _lines(out)
    assert sorted(Path(str(line["source"])).name for line in lines) == sorted([*NAMES, "broken.txt"])
    by_name = {Path(str(line["source"])).name: line for line in lines}
    broken = by_name.pop("broken.txt")
    assert broken["ok"] is False
    assert broken["report"] is None
    assert isinstance(broken["error"], dict)
    assert broken["error"]["type"] == "StructureError"
    assert broken["error"]["location"]["source"] == str(folder / "broken.txt")
    for line in by_name.values():
        assert line["ok"] is True
        assert line["error"] is None
        assert isinstance(line["report"], dict)
        report = from_dict(line["report"])
        assert report.provenance is not None
        assert line["sha256"] == report.provenance.sha256
        assert isinstance(line["findings"], list)
    assert (
        "parsed: 3\n  complete: 2\n  partial (some table cells not read): 1\nfailed: 1\n  StructureError: 1\n"
        in summary
    )
    assert by_name["pingtan-zone-gov-2021.txt"]["status"] == "partial"
    assert by_name[NAMES[0]]["status"] == "complete"
    assert broken["status"] == "failed"
    assert "reports with error-level findings:" in summary

    with wide.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [column.name for column in RECORD_COLUMNS]
    assert len(rows) == 5
    with long.open(encoding="utf-8", newline="") as handle:
        long_rows = list(csv.reader(handle))
    assert long_rows[0] == [column.name for column in LONG_COLUMNS]
    reports = [from_dict(line["report"]) for line in by_name.values() if isinstance(line["report"], dict)]
    assert len(long_rows) - 1 == sum(len(list(report.cells())) for report in reports)


def test_all_parsed_exits_zero_with_chinese_headers(folder: Path, tmp_path: Path) -> None:
    """Without failures the status is 0; ``--zh`` writes Chinese CSV headers."""
    (folder / "broken.txt").unlink()
    wide = tmp_path / "w.csv"
    status, summary = _run(
        folder, "--out", tmp_path / "r.jsonl", "--cells-csv", wide, "--zh", "--workers", "1"
    )
    assert status == 0
    assert summary.startswith(
        "parsed: 3\n  complete: 2\n  partial (some table cells not read): 1\nfailed: 0\n"
    )
    header = wide.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",")[:3] == ["来源", "SHA-256", "发布机构"]


def test_fail_on_partial_treats_partial_reports_as_failures(folder: Path, tmp_path: Path) -> None:
    """A partial report leaves the status 0 unless ``--fail-on-partial`` asks for 1."""
    (folder / "broken.txt").unlink()
    status, _ = _run(folder, "--out", tmp_path / "a.jsonl", "--workers", "1", "--no-validate")
    assert status == 0
    status, summary = _run(
        folder, "--out", tmp_path / "b.jsonl", "--workers", "1", "--no-validate", "--fail-on-partial"
    )
    assert status == 1
    assert "partial (some table cells not read): 1" in summary
    (folder / "pingtan-zone-gov-2021.txt").unlink()
    status, _ = _run(
        folder, "--out", tmp_path / "c.jsonl", "--workers", "1", "--no-validate", "--fail-on-partial"
    )
    assert status == 0


def test_complete_only_keeps_partial_and_failed_inputs_out_of_the_csv(folder: Path, tmp_path: Path) -> None:
    """``--complete-only`` writes CSV rows only for complete reports; the JSON Lines keep every input."""
    out, wide, long = tmp_path / "r.jsonl", tmp_path / "w.csv", tmp_path / "l.csv"
    status, _ = _run(
        folder, "--out", out, "--cells-csv", wide, "--long-csv", long, "--workers", "1", "--complete-only"
    )
    assert status == 1  # broken.txt failed
    assert len(_lines(out)) == 4
    with wide.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(Path(row["source"]).name for row in rows) == sorted(NAMES[:2])
    assert {row["complete"] for row in rows} == {"True"}
    with long.open(encoding="utf-8", newline="") as handle:
        sources = {Path(row["source"]).name for row in csv.DictReader(handle)}
    assert sources == set(NAMES[:2])


def test_other_files_in_the_folders_are_counted_and_listed_with_the_reason(
    folder: Path, tmp_path: Path, corpus_dir: Path
) -> None:
    """Files the folder walk leaves out are never silently dropped: the summary lists each and says why."""
    shutil.copyfile(corpus_dir.parent / "docx" / "legacy.doc", folder / "old.doc")
    (folder / "notes.csv").write_text("说明,1\n", encoding="utf-8")
    (folder / ".hidden.doc").write_bytes(b"x")
    found: list[Skipped] = []
    inputs = list(iter_sources([folder], on_skip=found.append))
    skipped = {Path(item.path).name: item.reason for item in found}
    assert skipped == {
        "notes.csv": NOT_A_REPORT_SUFFIX,
        "old.doc": NOT_A_REPORT_SUFFIX,
        ".hidden.doc": "a hidden name",
    }
    assert folder / "old.doc" not in inputs
    assert list(iter_sources([folder / "old.doc"])) == [folder / "old.doc"]  # named directly: always parsed

    status, summary = _run(folder, "--out", tmp_path / "r.jsonl", "--workers", "1", "--no-validate")
    assert status == 1  # broken.txt
    assert f"  {NOT_A_REPORT_SUFFIX}: 2\n" in summary
    assert f"    {folder / 'old.doc'} (input is a legacy Office file" in summary
    assert f"    {folder / 'notes.csv'} (looks like text" in summary
    assert len(_lines(tmp_path / "r.jsonl")) == 4


def test_resume_skips_inputs_already_in_the_output(folder: Path, tmp_path: Path) -> None:
    """``--resume`` parses only inputs whose SHA-256 is not yet recorded and appends to every output."""
    out, wide = tmp_path / "r.jsonl", tmp_path / "w.csv"
    late = folder / NAMES[2]
    held = tmp_path / NAMES[2]
    late.rename(held)
    status, _ = _run(folder, "--out", out, "--cells-csv", wide, "--workers", "1")
    assert status == 1
    assert len(_lines(out)) == 3
    held.rename(late)
    # A run stopped in the middle of writing leaves a torn last line; resuming drops it.
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"source": "torn", "sha2')
    status, summary = _run(folder, "--out", out, "--cells-csv", wide, "--workers", "1", "--resume")
    assert status == 0
    assert "skipped (already in the output): 3" in summary
    assert summary.startswith("parsed: 1\n")
    assert "\nfailed: 0\n" in summary
    lines = _lines(out)
    assert len(lines) == 4
    assert Path(str(lines[-1]["source"])).name == NAMES[2]
    rows = wide.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 5
    assert rows.count(rows[0]) == 1  # one header


def test_recorded_outcomes_read_only_the_outcome_keys(tmp_path: Path) -> None:
    """Resuming finds each line's own source and SHA-256, whatever the source name holds."""
    tricky = 'odd "sha256": "' + "f" * 64 + '" name.txt'
    lines = [
        {"source": tricky, "sha256": "a" * 64, "ok": True, "report": {"sha256": "a" * 64}},
        {"source": "unreadable.txt", "sha256": None, "ok": False, "report": None},
        {"source": "b.txt", "sha256": "b" * 64, "ok": False, "report": None},
    ]
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines) + '{"sou', "utf-8")
    assert _recorded_outcomes(path) == {tricky: {"a" * 64}, "unreadable.txt": {None}, "b.txt": {"b" * 64}}
    assert path.read_text("utf-8").endswith("null}\n")
    assert _recorded_outcomes(tmp_path / "absent.jsonl") == {}


def test_plain_progress_lines_without_a_progress_bar(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``--progress`` and tqdm not installed, progress goes to stderr as plain lines."""
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import fails
    status, _ = _run(folder, "--out", tmp_path / "r.jsonl", "--workers", "1", "--progress", "--no-validate")
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith("govinfo-report batch: 4/4 inputs, 1 partial, 1 failed, ")


class _FakeBar:
    """Stands in for ``tqdm.tqdm``, recording how it is used."""

    made: ClassVar[list[_FakeBar]] = []

    def __init__(self, **options: object) -> None:
        self.options = options
        self.updates = 0
        self.closed = False
        _FakeBar.made.append(self)

    def __enter__(self) -> _FakeBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.closed = True

    def update(self, count: int) -> None:
        self.updates += count

    def set_postfix(self, **values: object) -> None:
        self.postfix = values


def test_progress_bar_when_tqdm_is_installed(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With tqdm installed, ``--progress`` drives a bar on stderr, one step per input."""
    monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=_FakeBar))
    _FakeBar.made.clear()
    _run(folder, "--out", tmp_path / "r.jsonl", "--workers", "1", "--progress", "--no-validate")
    [bar] = _FakeBar.made
    assert bar.options == {"total": 4, "unit": "file", "file": sys.stderr, "disable": False}
    assert bar.updates == 4
    assert bar.closed


def test_no_progress_is_quiet(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--no-progress`` writes nothing to stderr."""
    _run(folder, "--out", tmp_path / "r.jsonl", "--workers", "1", "--no-progress")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nowhere", "--out", "r.jsonl"], "no such file or folder"),
        (["{folder}", "--out", "missing/r.jsonl"], "所在的文件夹不存在"),
        (["{folder}", "--out", "missing/r.jsonl", "--lang", "en"], "does not exist"),
    ],
)
def test_usage_errors(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Bad arguments exit with status 2 and a message, before any work."""
    resolved = [str(tmp_path / arg) if "/" in arg or arg == "nowhere" else arg for arg in argv]
    resolved = [str(folder) if arg.endswith("{folder}") else arg for arg in resolved]
    status, _ = _run(*resolved)
    assert status == 2
    assert message in capsys.readouterr().err


def test_outcome_json_of_a_parsed_report(corpus_dir: Path) -> None:
    """The JSON of an outcome holds the full report, which loads back equal."""
    [outcome] = parse_many([corpus_dir / NAMES[0]], workers=1)
    data = outcome_to_dict(outcome)
    assert set(data) == {"source", "sha256", "ok", "status", "seconds", "error", "findings", "report"}
    assert from_dict(json.loads(json.dumps(data))["report"]) == outcome.report
    assert data["findings"] == [finding.to_dict() for finding in outcome.findings]


def test_outcome_json_of_a_failed_input() -> None:
    """A failed outcome has its error with the known location fields only, and no report."""
    [outcome] = parse_many([("empty.txt", b"")], workers=1)
    data = outcome_to_dict(outcome)
    assert data["ok"] is False
    assert data["report"] is None
    assert data["error"] == {
        "type": "StructureError",
        "message": "input is empty: there is no report to read",
        "location": {"source": "empty.txt"},
    }
