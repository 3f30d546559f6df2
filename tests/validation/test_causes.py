"""One finding per cause: a blank column or row, and a group written in the other template's layout."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from govinfo_report import parse_path, validate
from govinfo_report.model import Cell, CellState, Report, Row
from govinfo_report.model.cellkey import CellKey
from govinfo_report.validation import (
    BLANK_COLUMN,
    OTHER_TEMPLATE_LAYOUT,
    Finding,
    Severity,
    summarize,
)

CORPUS = Path(__file__).parents[1] / "data" / "corpus"


def _blank_column(report: Report, column: str, rows: set[str] | None = None) -> Report:
    """``report`` with the cells of application-table ``column`` blank (in ``rows``, or in every row)."""

    def blank(cell: Cell, row: Row) -> Cell:
        if cell.key is None or CellKey.parse(cell.key).column != column:
            return cell
        if rows is not None and row.key not in rows:
            return cell
        return attrs.evolve(cell, value=None, raw="", state=CellState.BLANK)

    requests = report.requests
    new_rows = tuple(
        attrs.evolve(row, cells=tuple(blank(cell, row) for cell in row.cells)) for row in requests.rows
    )
    return attrs.evolve(report, requests=attrs.evolve(requests, rows=new_rows))


@pytest.fixture(scope="module")
def shuyang() -> Report:
    """A 2021 report of the corpus whose application table adds up."""
    return parse_path(CORPUS / "shuyang-county-ndrc-2023.html")


def test_a_blank_total_column_is_one_error(shuyang: Report) -> None:
    """总计 left blank in every row: one error naming the pattern and its cells, the equations as details."""
    assert not [f for f in validate(shuyang) if f.severity is Severity.ERROR]
    report = _blank_column(shuyang, "total")
    findings = validate(report)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert len(errors) == 1
    [cause] = errors
    assert cause.pattern == BLANK_COLUMN
    blank = {
        cell.key
        for cell in report.requests.cells()
        if cell.key is not None and cell.key.endswith(".total") and cell.state is CellState.BLANK
    }
    assert set(cause.cells) == blank
    assert set(cause.suspects) == blank
    assert len([d for d in cause.details if d.severity is Severity.ERROR]) >= 3
    assert "R-T3-03" in {detail.rule_id for detail in cause.details}
    assert {detail.rule_id for detail in cause.details} <= {"R-T3-01", "R-T3-02", "R-T3-03", "R-T3-11"}
    assert "“总计”列" in cause.message_zh
    assert findings[0] is cause  # the most serious cause first


def test_the_summary_counts_failures_and_causes(shuyang: Report) -> None:
    """The per-report summary counts the pattern as one cause of many errors."""
    findings = validate(_blank_column(shuyang, "total"))
    summary = summarize(findings)
    [cause] = [f for f in findings if f.severity is Severity.ERROR]
    assert summary.error_causes == 1
    assert summary.errors == len([d for d in cause.details if d.severity is Severity.ERROR]) > 1
    assert summary.line("zh").startswith(f"{summary.errors} 个错误（1 个原因）")
    assert summary.line("en").startswith(f"{summary.errors} errors (1 causes)")


def test_one_broken_cell_stays_one_finding(shuyang: Report) -> None:
    """Two blank cells are no pattern: each equation they break stays a finding of its own."""
    rows = {"granted", "partial"}
    findings = validate(_blank_column(shuyang, "total", rows))
    assert not [f for f in findings if f.pattern is not None]


def test_a_group_in_the_other_templates_layout_is_one_warning() -> None:
    """A 2021 report with the 2019 layout's single （六）其他处理 row: one finding, not two."""
    report = parse_path(CORPUS / "huaian-hongze-district-gov-2023.pdf")
    findings = [f for f in validate(report) if f.rule_id == "R-T3-13"]
    [layout] = [f for f in findings if f.pattern == OTHER_TEMPLATE_LAYOUT]
    assert "（六）其他处理" in layout.message_zh
    assert len(layout.details) == 2
    assert all("缺少模板行" not in f.message_zh for f in findings if f is not layout)


def test_findings_come_most_serious_first(shuyang: Report) -> None:
    """Errors before warnings before notes."""
    findings: tuple[Finding, ...] = validate(_blank_column(shuyang, "natural_person"))
    ranks = [{"error": 0, "warning": 1, "info": 2}[f.severity.value] for f in findings]
    assert ranks == sorted(ranks)
