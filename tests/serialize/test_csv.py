"""CSV records: the wide and long tables, their columns and a round trip through CSV files."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from govinfo_report import parse_bytes
from govinfo_report.batch import ErrorInfo, Outcome
from govinfo_report.errors import SourceLocation
from govinfo_report.examples import example_bytes
from govinfo_report.model import Cell, CellState, Report, Table, TableKind, TemplateVersion
from govinfo_report.model.labels import MONEY_KEYS, cell_keys
from govinfo_report.serialize import to_cells
from govinfo_report.serialize.csv import (
    BOM,
    LONG_COLUMNS,
    RECORD_COLUMNS,
    RecordColumn,
    RecordWriter,
    record_columns,
    record_keys,
    report_to_long_records,
    report_to_record,
    write_long_csv,
    write_wide_csv,
)
from govinfo_report.validation import validate

IDENTITY = ("source", "sha256", "agency", "year", "template")
COMPLETENESS = (
    "complete",
    *(f"{table}_{count}" for table in TableKind for count in ("expected", "read", "missing", "unresolved")),
)
TRAILING = (
    *COMPLETENESS,
    "findings",
    "error_findings",
    "error_causes",
    "warning_findings",
    "warning_causes",
    "error_type",
    "error_message",
)
BLANKED = "requests.new_received.research"


@pytest.fixture(scope="module")
def report() -> Report:
    """The bundled example (2019 template), with one cell made blank."""
    parsed = parse_bytes(example_bytes(), source="example.txt")
    return _replace_cell(parsed, BLANKED, _blank)


def _blank(cell: Cell) -> Cell:
    return attrs.evolve(cell, value=None, raw="", state=CellState.BLANK)


def _replace_cell(report: Report, key: str, change: Callable[[Cell], Cell]) -> Report:
    def table(old: Table) -> Table:
        rows = tuple(
            attrs.evolve(row, cells=tuple(change(cell) if cell.key == key else cell for cell in row.cells))
            for row in old.rows
        )
        return attrs.evolve(old, rows=rows)

    changed = attrs.evolve(
        report,
        proactive=table(report.proactive),
        requests=table(report.requests),
        appeals=table(report.appeals),
    )
    assert changed.cell(key) != report.cell(key)
    return changed


def _decode(column: RecordColumn, text: str) -> object:
    if text == "":
        return None
    if column.type == "int":
        return int(text)
    if column.type == "decimal":
        return Decimal(text)
    if column.type == "bool":
        return {"True": True, "False": False}[text]
    return text


def test_record_columns_cover_both_templates_once() -> None:
    """Identity columns, every cell key of both templates exactly once, then the finding and error columns."""
    names = [column.name for column in RECORD_COLUMNS]
    assert len(names) == len(set(names))
    assert tuple(names[: len(IDENTITY)]) == IDENTITY
    assert tuple(names[-len(TRAILING) :]) == TRAILING
    cells = names[len(IDENTITY) : -len(TRAILING)]
    assert tuple(cells) == record_keys()
    both = set(cell_keys(TemplateVersion.V2019)) | set(cell_keys(TemplateVersion.V2021))
    assert set(cells) == both
    assert len(cells) == len(both) == 226


@pytest.mark.parametrize("version", list(TemplateVersion))
def test_record_columns_keep_each_template_in_table_order(version: TemplateVersion) -> None:
    """Within the union, each template's own keys appear in that template's table order."""
    keys = record_keys()
    own = [key for key in keys if key in set(cell_keys(version))]
    assert own == list(cell_keys(version))


def test_record_column_types_and_headers() -> None:
    """Money keys are decimals, other cells counts; Chinese headers are distinct and name the labels."""
    by_name = {column.name: column for column in RECORD_COLUMNS}
    for key in record_keys():
        assert by_name[key].type == ("decimal" if key in MONEY_KEYS else "int")
    assert by_name["year"].type == "int"
    assert by_name["source"].type == "string"
    labels = [column.label_zh for column in RECORD_COLUMNS]
    assert all(labels)
    assert len(labels) == len(set(labels))
    assert by_name["requests.new_received.total"].label_zh == "一、本年新收政府信息公开申请数量·总计"
    assert {column.pandas_dtype for column in RECORD_COLUMNS} == {"string", "Int64", "Float64", "boolean"}
    assert by_name["complete"].type == "bool"
    assert by_name["requests_missing"].label_zh == "表三缺失"
    assert [column.name for column in LONG_COLUMNS] == [
        "source",
        "sha256",
        "key",
        "value",
        "raw",
        "state",
        "location",
        "unit",
    ]


def test_wide_record_of_a_report(report: Report) -> None:
    """A report's record has its identity and cell values; blank and other-template cells are empty."""
    record = report_to_record(report)
    assert list(record) == [column.name for column in RECORD_COLUMNS]
    assert report.provenance is not None
    assert record["source"] == "example.txt"
    assert record["sha256"] == report.provenance.sha256
    assert record["agency"] == report.agency
    assert record["year"] == 2020
    assert record["template"] == "2019"
    values = to_cells(report)
    assert values[BLANKED] is None
    for key, value in values.items():
        assert record[key] == value, key
    for key in set(cell_keys(TemplateVersion.V2021)) - set(values):
        assert record[key] is None
    assert record["proactive.art20_8.fees.amount_yuan"] is None  # a 2021 key
    assert isinstance(record["proactive.art20_9.procurement.amount_yuan"], Decimal)
    assert record["findings"] is None
    assert record["error_type"] is None
    # seed-004 splits one 第二十条 row into local rows: the report is partial, and the columns say where.
    assert record["complete"] is False
    assert (record["proactive_expected"], record["proactive_read"], record["proactive_missing"]) == (
        22,
        19,
        3,
    )
    assert (record["requests_expected"], record["requests_read"], record["requests_unresolved"]) == (
        161,
        161,
        0,
    )


def test_wide_record_counts_findings(report: Report) -> None:
    """Findings given with a report, or carried by an outcome, are counted, errors apart."""
    findings = validate(report)
    errors = sum(1 for finding in findings if finding.severity == "error")
    assert findings
    record = report_to_record(report, findings=findings)
    assert (record["findings"], record["error_findings"]) == (len(findings), errors)
    outcome = Outcome(source="x.txt", sha256="1" * 64, report=report, findings=findings)
    record = report_to_record(outcome)
    assert (record["source"], record["sha256"]) == ("x.txt", "1" * 64)
    assert (record["findings"], record["error_findings"]) == (len(findings), errors)


def test_wide_record_of_a_failed_outcome() -> None:
    """An outcome without a report fills only its identity and error columns, and is not complete."""
    error = ErrorInfo(type="StructureError", message="no tables", location=SourceLocation(source="x.txt"))
    record = report_to_record(Outcome(source="x.txt", sha256="2" * 64, error=error))
    assert {name for name, value in record.items() if value is not None} == {
        "source",
        "sha256",
        "error_type",
        "error_message",
        "complete",
    }
    assert record["complete"] is False
    assert (record["error_type"], record["error_message"]) == ("StructureError", "no tables")
    assert list(report_to_long_records(Outcome(source="x.txt", error=error))) == []


def test_long_records_cover_every_cell(report: Report) -> None:
    """One long record per template cell, with value, raw text, state and a readable location."""
    records = list(report_to_long_records(report))
    cells = list(report.cells())
    assert len(records) == len(cells) == len(cell_keys(report.template))
    for record, cell in zip(records, cells, strict=True):
        assert list(record) == [column.name for column in LONG_COLUMNS]
        assert record["key"] == cell.key
        assert record["raw"] == cell.raw
        assert record["state"] == cell.state.value
        assert record["value"] == (
            cell.value if cell.state in {CellState.VALUE, CellState.INFERRED} else None
        )
        if cell.location is not None:
            assert record["location"] == cell.location.describe()
            assert record["location"].startswith("example.txt")
    blank = next(record for record in records if record["key"] == BLANKED)
    assert (blank["value"], blank["state"]) == (None, "blank")


def test_wide_csv_round_trip(report: Report, tmp_path: Path) -> None:
    """The wide CSV reads back with the csv module to the same values, typed by RECORD_COLUMNS."""
    failed = Outcome(
        source="bad.txt", error=ErrorInfo(type="StructureError", message='无表格, "quoted"\nline 2')
    )
    path = tmp_path / "wide.csv"
    assert write_wide_csv([report, failed], path) == 2
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [column.name for column in RECORD_COLUMNS]
    assert len(rows) == 3
    assert all(len(row) == len(RECORD_COLUMNS) for row in rows)
    items: tuple[Report | Outcome, ...] = (report, failed)
    for row, item in zip(rows[1:], items, strict=True):
        decoded = {
            column.name: _decode(column, text) for column, text in zip(RECORD_COLUMNS, row, strict=True)
        }
        assert decoded == report_to_record(item)
    assert rows[1][[column.name for column in RECORD_COLUMNS].index(BLANKED)] == ""


def test_long_csv_round_trip(report: Report) -> None:
    """The long CSV has a header and one row per cell, values as written, blanks empty."""
    buffer = io.StringIO(newline="")
    count = write_long_csv([report], buffer)
    buffer.seek(0)
    rows = list(csv.DictReader(buffer))
    assert count == len(rows) == len(cell_keys(report.template))
    for row, record in zip(rows, report_to_long_records(report), strict=True):
        column_of = {column.name: column for column in LONG_COLUMNS}
        assert {name: _decode(column_of[name], text) for name, text in row.items()} == {
            **record,
            "raw": record["raw"] or None,
        }


def test_chinese_headers(report: Report) -> None:
    """``headers="zh"`` writes the Chinese headers and the same data rows."""
    plain, chinese = io.StringIO(), io.StringIO()
    write_wide_csv([report], plain)
    write_wide_csv([report], chinese, headers="zh", bom=False)
    plain_rows = plain.getvalue().splitlines()
    chinese_rows = chinese.getvalue().splitlines()
    assert next(csv.reader([chinese_rows[0]])) == [column.label_zh for column in RECORD_COLUMNS]
    assert plain_rows[1:] == chinese_rows[1:]
    long = io.StringIO()
    write_long_csv([report], long, headers="zh", bom=False, header=True)
    assert long.getvalue().splitlines()[0] == ",".join(column.label_zh for column in LONG_COLUMNS)


def test_header_can_be_left_out(report: Report) -> None:
    """``header=False`` writes only data rows, for appending."""
    buffer = io.StringIO()
    write_wide_csv([report], buffer, header=False)
    assert len(buffer.getvalue().splitlines()) == 1
    assert buffer.getvalue().startswith("example.txt,")


def test_decimal_cells_are_written_in_plain_notation(report: Report) -> None:
    """Money is written as a plain decimal, never in exponent notation."""
    changed = _replace_cell(
        report,
        "proactive.art20_9.procurement.amount_yuan",
        lambda cell: attrs.evolve(cell, value=Decimal("1.5E+7")),
    )
    buffer = io.StringIO()
    write_wide_csv([changed], buffer)
    row = next(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert row["proactive.art20_9.procurement.amount_yuan"] == "15000000"


def test_cells_that_are_not_numbers_are_empty(report: Report) -> None:
    """Unresolved and invalid cells have no value in either table; the long table says why."""
    key = "requests.granted.total"
    changed = _replace_cell(
        report,
        key,
        lambda cell: Cell(key=cell.key, raw="X", state=CellState.INVALID, location=cell.location),
    )
    assert report_to_record(changed)[key] is None
    [record] = [record for record in report_to_long_records(changed) if record["key"] == key]
    assert (record["value"], record["raw"], record["state"]) == (None, "X", "invalid")


# -- spreadsheet formula injection -----------------------------------------------------------------

DELTA = "proactive.art20_5.licensing.delta"  # 本年增/减: a count that may be negative


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_a_spreadsheet_would_evaluate_is_neutralised(report: Report, start: str) -> None:
    """Agency, source, error and raw text starting with a formula character get a leading quote."""
    formula = f'{start}HYPERLINK("http://x","y")'
    hostile = attrs.evolve(
        _replace_cell(report, DELTA, lambda cell: attrs.evolve(cell, raw=formula)), agency=formula
    )
    outcome = Outcome(
        source=formula,
        sha256="a" * 64,
        report=hostile,
        error=ErrorInfo(type="ValueError", message=formula),
    )
    wide, long = io.StringIO(), io.StringIO()
    write_wide_csv([outcome], wide)
    write_long_csv([outcome], long)
    [header, row] = list(csv.reader(io.StringIO(wide.getvalue())))
    record = dict(zip(header, row, strict=True))
    for name in ("source", "agency", "error_message"):
        assert record[name] == "'" + formula
    long_rows = list(csv.DictReader(io.StringIO(long.getvalue())))
    assert {row["source"] for row in long_rows} == {"'" + formula}
    [delta] = [row for row in long_rows if row["key"] == DELTA]
    assert delta["raw"] == "'" + formula


def test_numbers_and_dashes_stay_as_they_are(report: Report) -> None:
    """A negative count stays a number, and raw text that is a plain number or a dash is unchanged."""
    negative = _replace_cell(report, DELTA, lambda cell: attrs.evolve(cell, value=-7, raw="-7"))
    dashed = _replace_cell(negative, BLANKED, lambda cell: attrs.evolve(cell, raw="-"))
    wide, long = io.StringIO(), io.StringIO()
    write_wide_csv([dashed], wide)
    write_long_csv([dashed], long)
    [header, row] = list(csv.reader(io.StringIO(wide.getvalue())))
    assert dict(zip(header, row, strict=True))[DELTA] == "-7"
    by_key = {row["key"]: row for row in csv.DictReader(io.StringIO(long.getvalue()))}
    assert (by_key[DELTA]["value"], by_key[DELTA]["raw"]) == ("-7", "-7")
    assert by_key[BLANKED]["raw"] == "-"
    assert RecordWriter.field("-2+3") == "'-2+3"
    assert RecordWriter.field("+86 10 1234") == "'+86 10 1234"
    assert RecordWriter.field("1.5") == "1.5"


def test_names_that_are_not_utf8_are_written_escaped(tmp_path: Path) -> None:
    """The undecodable bytes of a file name (lone surrogates) do not stop the write; they read ``\\udcXX``."""
    name = os.fsdecode(b"\xb2\xe2.txt")
    outcome = Outcome(source=name, error=ErrorInfo(type="OSError", message=f"cannot read {name}"))
    path = tmp_path / "w.csv"
    write_wide_csv([outcome], path)
    [_, row] = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert row[0] == "\\udcb2\\udce2.txt"
    assert row[-1] == "cannot read \\udcb2\\udce2.txt"


@pytest.mark.parametrize(
    ("options", "bom"),
    [
        ({}, False),
        ({"headers": "zh"}, True),
        ({"headers": "zh", "bom": False}, False),
        ({"bom": True}, True),
        ({"headers": "zh", "header": False}, False),  # appending: never a second mark
    ],
)
def test_byte_order_mark_for_excel(
    report: Report, tmp_path: Path, options: dict[str, Any], bom: bool
) -> None:
    """Chinese headers start the file with a BOM unless turned off; it comes only with the header row."""
    for write in (write_wide_csv, write_long_csv):
        buffer = io.StringIO()
        write([report], buffer, **options)
        data = buffer.getvalue().encode("utf-8")
        assert data.startswith(BOM.encode("utf-8")) is bom
        assert data.startswith(b"\xef\xbb\xbf") is bom
        text = data.decode("utf-8-sig")
        assert BOM not in text
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[-1][0] == "example.txt"


def test_record_writer_appends_without_a_second_mark(report: Report) -> None:
    """A writer opened to append (``header=False``) writes rows only, whatever ``bom`` says."""
    buffer = io.StringIO()
    first = RecordWriter(RECORD_COLUMNS, buffer, headers="zh")
    first.write(report_to_record(report))
    RecordWriter(RECORD_COLUMNS, buffer, headers="zh", bom=True, header=False).write(report_to_record(report))
    assert buffer.getvalue().count(BOM) == 1
    assert len(buffer.getvalue().splitlines()) == 3


def test_zh_flag_is_deprecated(report: Report) -> None:
    """``zh=True`` still gives Chinese headers, with a DeprecationWarning naming ``headers``."""
    buffer = io.StringIO()
    with pytest.warns(DeprecationWarning, match="headers='zh'"):
        write_wide_csv([report], buffer, zh=True)
    assert buffer.getvalue().startswith(BOM + "来源,")
    with pytest.raises(ValueError, match="headers must be"):
        write_wide_csv([report], io.StringIO(), headers="chinese")  # type: ignore[arg-type]


def test_wide_csv_of_one_template(report: Report, tmp_path: Path) -> None:
    """``template`` keeps that template's reports and columns; other reports and failures are left out."""
    failed = Outcome(source="broken.txt", error=ErrorInfo(type="StructureError", message="no tables"))
    buffer = io.StringIO()
    assert write_wide_csv([report, failed], buffer, template="2019") == 1
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows[0] == [column.name for column in record_columns("2019")]
    assert len(rows) == 2
    assert write_wide_csv([report, failed], io.StringIO(), template="2021") == 0
    assert record_columns() == RECORD_COLUMNS
    for version in TemplateVersion:
        names = [column.name for column in record_columns(version)]
        assert [name for name in names if name in set(record_keys())] == [
            key for key in record_keys() if key in set(cell_keys(version))
        ]
        assert names[:5] == list(IDENTITY)
        assert tuple(names[-len(TRAILING) :]) == TRAILING
    with pytest.raises(ValueError, match="2020"):
        record_columns("2020")


def test_money_headers_name_the_unit_of_the_values() -> None:
    """Money columns hold 元; their Chinese headers say so rather than repeat the template's 万元."""
    money = [column for column in RECORD_COLUMNS if column.name in MONEY_KEYS]
    assert len(money) == len(MONEY_KEYS)
    for column in money:
        assert column.type == "decimal"
        assert column.name.endswith("_yuan")
        assert column.label_zh.endswith("（元）")
        assert "万元" not in column.label_zh
