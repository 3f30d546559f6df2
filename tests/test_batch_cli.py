"""The ``batch`` command: JSON Lines and CSV outputs, resuming, progress and the summary."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import sys
import types
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest

from govinfo_report.batch import NOT_A_REPORT_SUFFIX, Skipped, iter_sources, parse_many
from govinfo_report.cli import main
from govinfo_report.cli._batch import _recorded_outcomes, add_batch_parser, run_batch
from govinfo_report.errors import SerializationError
from govinfo_report.serialize import from_dict, outcome_from_dict, outcome_to_dict
from govinfo_report.serialize.csv import LONG_COLUMNS, RECORD_COLUMNS, record_columns, record_keys

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
    """Run ``batch`` with ``argv``, in English unless ``--lang`` is given; return its status and stdout."""
    parser = argparse.ArgumentParser(prog="govinfo-report")
    add_batch_parser(parser.add_subparsers(dest="command"))
    words = [str(arg) for arg in argv]
    args = parser.parse_args(["batch", *words, *([] if "--lang" in words else ["--lang", "en"])])
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


def test_all_parsed_exits_zero_with_chinese_headers_for_excel(folder: Path, tmp_path: Path) -> None:
    """Without failures the status is 0; ``--csv-headers zh`` writes a BOM (for Excel) and Chinese headers."""
    (folder / "broken.txt").unlink()
    wide = tmp_path / "w.csv"
    status, summary = _run(
        folder, "--out", tmp_path / "r.jsonl", "--cells-csv", wide, "--csv-headers", "zh", "--workers", "1"
    )
    assert status == 0
    assert summary.startswith(
        "parsed: 3\n  complete: 2\n  partial (some table cells not read): 1\nfailed: 0\n"
    )
    data = wide.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\xef\xbb\xbf") == 1
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.split(",")[:3] == ["来源", "SHA-256", "发布机构"]


@pytest.mark.parametrize(
    ("options", "bom"),
    [
        ((), False),
        (("--bom",), True),
        (("--csv-headers", "zh", "--no-bom"), False),
        (("--csv-headers", "zh"), True),
    ],
)
def test_bom_only_where_asked_for(folder: Path, tmp_path: Path, options: tuple[str, ...], bom: bool) -> None:
    """A byte order mark starts both CSV files with Chinese headers or ``--bom``, and never otherwise."""
    wide, long = tmp_path / "w.csv", tmp_path / "l.csv"
    _run(
        folder,
        "--out",
        tmp_path / "r.jsonl",
        "--cells-csv",
        wide,
        "--long-csv",
        long,
        "--workers",
        "1",
        *options,
    )
    for path in (wide, long):
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") is bom
        text = data.decode("utf-8-sig")
        assert "\ufeff" not in text
        assert len(list(csv.reader(io.StringIO(text)))) > 1


def test_zh_is_a_deprecated_alias_of_chinese_headers(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--zh`` still gives Chinese headers, with a one-line note, and is hidden from the help."""
    wide = tmp_path / "w.csv"
    _run(
        folder, "--out", tmp_path / "r.jsonl", "--cells-csv", wide, "--zh", "--workers", "1", "--no-progress"
    )
    assert capsys.readouterr().err == "govinfo-report batch: --zh is deprecated; use --csv-headers zh\n"
    assert wide.read_text(encoding="utf-8-sig").startswith("来源,")
    parser = argparse.ArgumentParser(prog="govinfo-report")
    add_batch_parser(parser.add_subparsers(dest="command"))
    with pytest.raises(SystemExit):
        parser.parse_args(["batch", "--help"])
    assert "--zh" not in capsys.readouterr().out


def test_resume_appends_without_a_second_bom(folder: Path, tmp_path: Path) -> None:
    """Resuming into CSV files that start with a BOM adds rows, not another BOM or header."""
    out, wide = tmp_path / "r.jsonl", tmp_path / "w.csv"
    held = tmp_path / NAMES[2]
    (folder / NAMES[2]).rename(held)
    _run(folder, "--out", out, "--cells-csv", wide, "--csv-headers", "zh", "--workers", "1")
    held.rename(folder / NAMES[2])
    status, summary = _run(folder, "--out", out, "--cells-csv", wide, "--csv-headers", "zh", "--resume")
    assert status == 0
    assert "skipped (already in the output): 3" in summary
    data = wide.read_bytes()
    assert data.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 5
    assert [row[0] for row in rows].count("来源") == 1


def test_outputs_do_not_depend_on_the_number_of_workers(folder: Path, tmp_path: Path) -> None:
    """One worker or two give byte-identical CSV files and JSON lines in the same order (timing aside)."""
    for name in NAMES:  # more inputs than one chunk per worker, so that two workers finish out of order
        for copy in range(3):
            shutil.copyfile(folder / name, folder / f"copy{copy}-{name}")
    outputs = {}
    for workers in ("1", "2"):
        run = tmp_path / workers
        run.mkdir()
        _run(
            folder,
            "--out",
            run / "r.jsonl",
            "--cells-csv",
            run / "w.csv",
            "--long-csv",
            run / "l.csv",
            "--workers",
            workers,
            "--no-progress",
        )
        lines = _lines(run / "r.jsonl")
        for line in lines:
            line.pop("seconds")
        outputs[workers] = (lines, (run / "w.csv").read_bytes(), (run / "l.csv").read_bytes())
    assert outputs["1"] == outputs["2"]
    sources = [str(line["source"]) for line in outputs["1"][0]]
    assert sources == [str(path) for path in iter_sources([folder])]


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
    assert f"    {folder / 'old.doc'} (input is a legacy Word document (.doc); parse it with --convert" in (
        summary
    )
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
        (["{folder}", "--out", "missing/r.jsonl", "--lang", "zh"], "所在的文件夹不存在"),
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


@pytest.mark.parametrize("content", ["full", "cells", "summary"])
def test_jsonl_content_levels_and_resuming(folder: Path, tmp_path: Path, content: str) -> None:
    """``--jsonl-content`` chooses what each line holds; ``--resume`` works at every level."""
    out = tmp_path / "r.jsonl"
    held = tmp_path / NAMES[2]
    (folder / NAMES[2]).rename(held)
    _run(folder, "--out", out, "--jsonl-content", content, "--workers", "1", "--no-progress")
    held.rename(folder / NAMES[2])
    status, summary = _run(folder, "--out", out, "--jsonl-content", content, "--resume", "--no-progress")
    assert status == 0  # the failed input was recorded by the first run
    assert "skipped (already in the output): 3" in summary
    lines = _lines(out)
    assert [Path(str(line["source"])).name for line in lines] == ["broken.txt", NAMES[0], NAMES[1], NAMES[2]]
    parsed = lines[1]
    assert list(parsed)[:2] == ["source", "sha256"]
    assert parsed["status"] == "complete"
    if content == "full":
        assert isinstance(parsed["report"], dict)
        return
    assert "report" not in parsed
    with pytest.raises(SerializationError, match="--jsonl-content full"):
        outcome_from_dict(parsed)
    if content == "cells":
        assert isinstance(parsed["findings"], list)
        cells = parsed["cells"]
        assert isinstance(cells, dict)
        assert cells["template"] == "2019"
        assert isinstance(cells["cells"], dict)
        assert cells["cells"]["requests.new_received.total"] == from_dict(
            _full_line(folder / NAMES[0])["report"]
        ).value("requests.new_received.total")
        assert lines[0]["cells"] is None
    else:
        assert "findings" not in parsed
        assert "cells" not in parsed
        assert parsed["template"] == "2019"
        assert isinstance(parsed["completeness"], dict)
        assert parsed["completeness"]["complete"] is True
        finding_summary = parsed["finding_summary"]
        assert isinstance(finding_summary, dict)
        assert set(finding_summary) >= {"errors", "warnings"}
        assert isinstance(parsed["rule_ids"], list)
        assert lines[0]["template"] is None


def _full_line(path: Path) -> dict[str, Any]:
    [outcome] = parse_many([path], workers=1)
    return outcome_to_dict(outcome)


def test_lighter_jsonl_levels_are_smaller(folder: Path, tmp_path: Path) -> None:
    """The cells level is a fraction of the full one, and the summary a fraction of that."""
    sizes = {}
    for content in ("full", "cells", "summary"):
        out = tmp_path / f"{content}.jsonl"
        _run(folder, "--out", out, "--jsonl-content", content, "--workers", "1", "--no-progress")
        sizes[content] = out.stat().st_size
    assert sizes["cells"] * 3 < sizes["full"]
    assert sizes["summary"] * 5 < sizes["cells"]


def test_by_template_writes_one_wide_file_per_template(folder: Path, tmp_path: Path) -> None:
    """``--by-template`` splits the wide CSV: each file has its template's columns; failures go apart."""
    wide = tmp_path / "w.csv"
    status, _ = _run(
        folder, "--out", tmp_path / "r.jsonl", "--cells-csv", wide, "--by-template", "--workers", "2"
    )
    assert status == 1
    assert not wide.exists()
    tables = {}
    for part in ("2019", "2021", "failed"):
        with (tmp_path / f"w.{part}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        tables[part] = rows
    assert [Path(row["source"]).name for row in tables["2019"]] == [NAMES[0], NAMES[1]]
    assert [Path(row["source"]).name for row in tables["2021"]] == [NAMES[2]]
    assert [Path(row["source"]).name for row in tables["failed"]] == ["broken.txt"]
    for part, columns in (("2019", record_columns("2019")), ("2021", record_columns("2021"))):
        assert list(tables[part][0]) == [column.name for column in columns]
    assert not set(tables["failed"][0]) & set(record_keys())
    assert tables["failed"][0]["error_type"] == "StructureError"


def test_by_template_needs_the_wide_csv(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--by-template`` without ``--cells-csv`` is a usage error."""
    status, _ = _run(folder, "--out", tmp_path / "r.jsonl", "--by-template")
    assert status == 2
    assert "--by-template needs --cells-csv" in capsys.readouterr().err


def test_counts_load_as_integers_in_pandas(folder: Path, tmp_path: Path) -> None:
    """Read by pandas without options, the count columns of a template's own file are ``int64``.

    In the file of both templates the other template's columns are empty, so pandas reads them as
    ``float64``; the documented ``dtype`` mapping gives ``Int64`` to every count column of either.
    """
    pd = pytest.importorskip("pandas", reason="pandas (the pandas extra) is not installed")
    (folder / "broken.txt").unlink()
    (folder / NAMES[2]).unlink()  # partial: leaves some counts blank
    both, split = tmp_path / "both.csv", tmp_path / "split.csv"
    _run(folder, "--out", tmp_path / "a.jsonl", "--cells-csv", both, "--workers", "1", "--no-progress")
    _run(folder, "--out", tmp_path / "b.jsonl", "--cells-csv", split, "--by-template", "--no-progress")
    counts = [column.name for column in record_columns("2019") if column.type == "int"]
    own = pd.read_csv(tmp_path / "split.2019.csv")
    assert {str(own[name].dtype) for name in counts} == {"int64"}
    mixed = pd.read_csv(both)
    assert "float64" in {str(mixed[name].dtype) for name in record_keys()}
    typed = pd.read_csv(both, dtype={column.name: column.pandas_dtype for column in RECORD_COLUMNS})
    assert {str(typed[column.name].dtype) for column in RECORD_COLUMNS if column.type == "int"} == {"Int64"}
    assert typed["requests.new_received.total"].notna().all()


def test_money_is_written_as_exact_decimal_strings_in_yuan(folder: Path, tmp_path: Path) -> None:
    """Amounts are plain decimal strings in 元, never floats, under a header that says 元."""
    wide = tmp_path / "w.csv"
    _run(folder, "--out", tmp_path / "r.jsonl", "--cells-csv", wide, "--csv-headers", "zh", "--no-progress")
    key = "proactive.art20_9.procurement.amount_yuan"
    position = [column.name for column in RECORD_COLUMNS].index(key)
    rows = list(csv.reader(io.StringIO(wide.read_text(encoding="utf-8-sig"))))
    assert rows[0][position].endswith("采购总金额（元）")
    lines = {str(line["source"]): line for line in _lines(tmp_path / "r.jsonl")}
    amounts = 0
    for row in rows[1:]:
        report = lines[row[0]]["report"]
        if not row[position]:
            continue
        assert isinstance(report, dict)
        value = from_dict(report).value(key)
        assert Decimal(row[position]) == value
        assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", row[position])
        amounts += 1
    assert amounts


def test_by_template_resumes_every_file(folder: Path, tmp_path: Path) -> None:
    """Resuming a ``--by-template`` run appends to each template's file, with one header each."""
    out, wide = tmp_path / "r.jsonl", tmp_path / "w.csv"
    held = tmp_path / NAMES[2]
    (folder / NAMES[2]).rename(held)
    _run(folder, "--out", out, "--cells-csv", wide, "--by-template", "--csv-headers", "zh", "--no-progress")
    assert (tmp_path / "w.2021.csv").read_text(encoding="utf-8-sig").count("\n") == 1  # the header alone
    held.rename(folder / NAMES[2])
    _run(folder, "--out", out, "--cells-csv", wide, "--by-template", "--csv-headers", "zh", "--resume")
    counts = {}
    for part in ("2019", "2021", "failed"):
        data = (tmp_path / f"w.{part}.csv").read_bytes()
        assert data.count(b"\xef\xbb\xbf") == 1
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert [row[0] for row in rows].count("来源") == 1
        counts[part] = len(rows) - 1
    assert counts == {"2019": 2, "2021": 1, "failed": 1}


def test_dashboard_of_lighter_lines_says_what_it_needs(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The dashboard needs full outcomes: a file of cells lines is refused in one line, naming the option."""
    out = tmp_path / "r.jsonl"
    _run(folder, "--out", out, "--jsonl-content", "cells", "--workers", "1", "--no-progress")
    capsys.readouterr()
    assert main(["dashboard", str(out), "-o", str(tmp_path / "site"), "--lang", "en"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert f"{out}, line 1:" in error
    assert "--jsonl-content full" in error


def test_dashboard_of_a_batch_run(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What ``batch --out`` writes is what ``dashboard`` reads: every line, failures included."""
    out = tmp_path / "r.jsonl"
    _run(folder, "--out", out, "--workers", "1", "--no-progress")
    lines = _lines(out)
    rebuilt = [outcome_from_dict(line) for line in lines]
    assert [outcome.status for outcome in rebuilt] == [line["status"] for line in lines]
    assert [outcome_to_dict(outcome) for outcome in rebuilt] == lines
    capsys.readouterr()
    assert main(["dashboard", str(out), "-o", str(tmp_path / "site"), "--lang", "en"]) == 0
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for name in NAMES:
        assert name in index
    assert len(list((tmp_path / "site" / "reports").glob("*.html"))) == len(NAMES)


def test_the_summary_speaks_the_chosen_language(folder: Path, tmp_path: Path) -> None:
    """``--lang zh`` (the default) gives the closing summary in Chinese, ``--lang en`` in English."""
    _, chinese = _run(
        folder, "--out", tmp_path / "zh.jsonl", "--workers", "1", "--no-progress", "--lang", "zh"
    )
    _, english = _run(folder, "--out", tmp_path / "en.jsonl", "--workers", "1", "--no-progress")
    assert chinese.startswith("已解析：3\n  完整：2\n")
    assert "失败：1\n  StructureError: 1\n" in chinese
    assert english.startswith("parsed: 3\n  complete: 2\n")
