"""Data frames of reports, cells and findings: typed columns, reports and outcomes alike."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from govinfo_report import parse_bytes, parse_path
from govinfo_report.batch import ErrorInfo, Outcome, parse_many
from govinfo_report.examples import example_bytes
from govinfo_report.model import CellState, Report, Table, TableKind
from govinfo_report.serialize.csv import record_columns, record_keys
from govinfo_report.validation import Severity, validate

pd = pytest.importorskip("pandas", reason="pandas (the pandas extra) is not installed")
dataframe = pytest.importorskip("govinfo_report.dataframe")

MONEY = "proactive.art20_9.procurement.amount_yuan"
CORPUS = ("seed-004-chaoyang-health-2020.txt", "pingtan-zone-gov-2022.txt")


@pytest.fixture(scope="module")
def outcomes(corpus_dir: Path) -> list[Outcome]:
    """Outcomes of a 2019 report with an amount of money, a 2021 report and an input that failed."""
    parsed = list(parse_many([corpus_dir / name for name in CORPUS], workers=1))
    failed = Outcome(source="broken.txt", error=ErrorInfo(type="StructureError", message="no tables"))
    return [*parsed, failed]


def _dtypes(frame: Any, names: list[str]) -> set[str]:
    return {str(frame[name].dtype) for name in names}


def test_wide_frame_types_every_column(outcomes: list[Outcome]) -> None:
    """Counts are Int64 (a gap is <NA>, not NaN), money exact Decimals, flags boolean, template a category."""
    frame = dataframe.wide_frame(outcomes)
    assert list(frame.columns) == [column.name for column in record_columns()]
    counts = [column.name for column in record_columns() if column.type == "int"]
    assert _dtypes(frame, counts) == {"Int64"}
    assert str(frame["complete"].dtype) == "boolean"
    assert str(frame["template"].dtype) == "category"
    assert list(frame["template"].cat.categories) == ["2019", "2021"]
    report = outcomes[0].report
    assert report is not None
    amount = frame.loc[0, MONEY]
    assert isinstance(amount, Decimal)
    assert amount == report.value(MONEY)
    assert frame.loc[0, "requests.new_received.total"] == report.value("requests.new_received.total")
    assert frame.loc[2, "requests.new_received.total"] is pd.NA  # the failed input
    assert frame.loc[2, "error_type"] == "StructureError"


def test_blank_cells_are_missing_values_not_zero() -> None:
    """A cell the source leaves blank is <NA> in the wide and long frames, with state ``blank``."""
    report = parse_bytes(example_bytes(), source="example.txt")
    key = "requests.new_received.research"
    blanked = _with_cell(report, key, CellState.BLANK)
    wide = dataframe.wide_frame(blanked, template="2019")
    assert wide.loc[0, key] is pd.NA
    long = dataframe.long_frame(blanked)
    row = long[long["key"] == key].iloc[0]
    assert row["count"] is pd.NA
    assert row["state"] == "blank"


def _with_cell(report: Report, key: str, state: CellState) -> Report:
    def table(old: Table) -> Table:
        rows = tuple(
            attrs.evolve(
                row,
                cells=tuple(
                    attrs.evolve(cell, value=None, raw="", state=state) if cell.key == key else cell
                    for cell in row.cells
                ),
            )
            for row in old.rows
        )
        return attrs.evolve(old, rows=rows)

    changed = attrs.evolve(
        report,
        proactive=table(report.proactive),
        requests=table(report.requests),
        appeals=table(report.appeals),
    )
    assert changed.cell(key).state is state
    return changed


def test_wide_frame_of_one_template_keeps_its_columns(outcomes: list[Outcome]) -> None:
    """With ``template`` only that template's reports and columns are kept."""
    frame = dataframe.wide_frame(outcomes, template="2021")
    assert list(frame["source"]) == [outcomes[1].source]
    assert list(frame.columns) == [column.name for column in record_columns("2021")]


def test_money_as_floats_on_request(outcomes: list[Outcome]) -> None:
    """``money="float"`` gives a Float64 column with the same amounts."""
    frame = dataframe.wide_frame(outcomes, money="float")
    assert str(frame[MONEY].dtype) == "Float64"
    report = outcomes[0].report
    assert report is not None
    amount = report.value(MONEY)
    assert amount is not None
    assert frame.loc[0, MONEY] == float(amount)
    with pytest.raises(ValueError, match="money"):
        dataframe.wide_frame(outcomes, money="double")


def test_long_frame_takes_the_keys_apart(outcomes: list[Outcome]) -> None:
    """One row per template cell; table, row and column from the key; counts and money apart."""
    frame = dataframe.long_frame(outcomes)
    reports = [outcome.report for outcome in outcomes if outcome.report is not None]
    assert len(frame) == sum(len(list(report.cells())) for report in reports)
    assert _dtypes(frame, ["count", "year"]) == {"Int64"}
    assert _dtypes(frame, ["table", "state", "template", "key"]) == {"category"}
    assert list(frame["state"].cat.categories) == [state.value for state in CellState]
    assert list(frame["table"].cat.categories) == [kind.value for kind in TableKind]
    row = frame[(frame["key"] == "appeals.review.corrected") & (frame["source"] == outcomes[1].source)].iloc[
        0
    ]
    assert (row["table"], row["row"], row["column"]) == ("appeals", "review", "corrected")
    money = frame[frame["key"] == MONEY].iloc[0]
    assert money["count"] is pd.NA
    assert money["amount_yuan"] == reports[0].value(MONEY)
    assert money["unit"] == "万元"  # the report's own unit: raw and unit give the amount as written
    assert Decimal(money["raw"]) * 10000 == money["amount_yuan"]
    assert frame["amount_yuan"].dropna().map(type).eq(Decimal).all()


def test_findings_frame(outcomes: list[Outcome]) -> None:
    """One row per finding, with rule and severity as categories and the cells as tuples."""
    frame = dataframe.findings_frame(outcomes)
    assert len(frame) == sum(len(outcome.findings) for outcome in outcomes)
    assert len(frame) > 0
    assert list(frame["severity"].cat.categories) == [severity.value for severity in Severity]
    assert str(frame["rule_id"].dtype) == "category"
    assert str(frame["message_zh"].dtype) == "string"
    first = outcomes[0].findings[0]
    assert frame.loc[0, "rule_id"] == first.rule_id
    assert frame.loc[0, "cells"] == first.cells


def test_reports_frame(outcomes: list[Outcome]) -> None:
    """One row per input with status, format and counts typed; a report alone has no finding counts."""
    frame = dataframe.reports_frame(outcomes)
    assert list(frame["status"]) == [outcome.status for outcome in outcomes]
    assert list(frame["status"].cat.categories) == ["complete", "partial", "failed"]
    assert frame["format"].tolist()[:2] == ["text", "text"]
    assert pd.isna(frame.loc[2, "format"])
    assert not set(frame.columns) & set(record_keys())
    assert _dtypes(frame, ["year", "requests_read", "findings"]) == {"Int64"}
    assert frame.loc[0, "findings"] == len(outcomes[0].findings)
    report = outcomes[0].report
    assert report is not None
    alone = dataframe.reports_frame(report)
    assert alone.loc[0, "findings"] is pd.NA
    assert alone.loc[0, "status"] == outcomes[0].status


def test_to_dataframe_names_the_table(outcomes: list[Outcome]) -> None:
    """``to_dataframe`` gives each table by name, with its options."""
    assert dataframe.to_dataframe(outcomes).equals(dataframe.wide_frame(outcomes))
    assert dataframe.to_dataframe(outcomes, "findings").equals(dataframe.findings_frame(outcomes))
    assert dataframe.to_dataframe(outcomes, "long", money="float")["amount_yuan"].dtype == "Float64"
    with pytest.raises(ValueError, match="table must be one of"):
        dataframe.to_dataframe(outcomes, "cells")


def test_reports_and_outcomes_give_the_same_cells(corpus_dir: Path) -> None:
    """A report and its outcome give the same wide row, apart from the finding counts."""
    path = corpus_dir / CORPUS[1]
    report = parse_path(path)
    sha256 = report.provenance.sha256 if report.provenance is not None else None
    source = report.provenance.source if report.provenance is not None else None
    assert source is not None
    outcome = Outcome(source=source, sha256=sha256, report=report, findings=validate(report))
    counts = ["findings", "error_findings", "error_causes", "warning_findings", "warning_causes"]
    from_report = dataframe.wide_frame(report)
    from_outcome = dataframe.wide_frame([outcome])
    assert from_report.drop(columns=counts).equals(from_outcome.drop(columns=counts))
    assert from_report[counts].isna().all(axis=None)
    assert from_outcome.loc[0, "findings"] == len(outcome.findings)


def test_empty_input_gives_typed_empty_frames() -> None:
    """No items give empty frames that still have their columns and dtypes."""
    frame = dataframe.wide_frame([])
    assert len(frame) == 0
    assert str(frame["requests.new_received.total"].dtype) == "Int64"
    assert str(dataframe.long_frame([])["state"].dtype) == "category"
