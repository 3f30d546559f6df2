"""Properties of validation on generated reports.

* A consistent report gives no error-level finding.
* Breaking one cell gives a finding of the broken rule that names that cell, and only one
  arithmetic finding (no cascade).
* Rules never raise, whatever the report.
* Findings survive a JSON round trip of the report.
"""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_report.model import Cell, CellState, Report, Table, TemplateVersion
from govinfo_report.serialize import from_json, to_json
from govinfo_report.strategies import reports
from govinfo_report.validation import Finding, Severity, format_findings, validate

ARITHMETIC = {"R-T3-01", "R-T3-02", "R-T3-03", "R-T4-01", "R-T4-02", "R-T4-03"}
VALUE_RULES = {
    "requests": "R-T3-04",
    "appeals": "R-T4-04",
    TemplateVersion.V2019: "R-T1-01",
    TemplateVersion.V2021: "R-T2-01",
}


# A failing example prints a whole report; that is the point, not a problem.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


def errors(findings: tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def replace_cell(report: Report, new: Cell) -> Report:
    """Return ``report`` with the cell of key ``new.key`` replaced by ``new``."""

    def table(t: Table) -> Table:
        rows = tuple(
            attrs.evolve(row, cells=tuple(new if c.key == new.key else c for c in row.cells))
            for row in t.rows
        )
        return attrs.evolve(t, rows=rows)

    return attrs.evolve(
        report,
        proactive=table(report.proactive),
        requests=table(report.requests),
        appeals=table(report.appeals),
    )


def cell(report: Report, key: str) -> Cell:
    found = report.cell(key)
    assert found is not None
    return found


@settings(max_examples=60, deadline=None)
@given(reports(extra_rows=True))
def test_consistent_report_has_no_error(report: Report) -> None:
    assert errors(validate(report)) == []


@settings(max_examples=60, deadline=None)
@given(reports(blanks=False), st.data())
def test_one_broken_sum_gives_one_finding_naming_the_cell(report: Report, data: st.DataObject) -> None:
    keys = [c.key for c in report.cells() if c.key and c.key.split(".")[0] in ("requests", "appeals")]
    key = data.draw(st.sampled_from(keys), label="key")
    value = cell(report, key).value
    assert isinstance(value, int)
    new = data.draw(st.integers(0, value + 500).filter(lambda v: v != value), label="new value")
    broken = replace_cell(report, attrs.evolve(cell(report, key), value=new, raw=str(new)))
    found = errors(validate(broken))
    assert len(found) == 1, [f.message_en for f in found]
    (finding,) = found
    assert finding.rule_id in ARITHMETIC
    assert key in finding.cells
    if key.startswith("requests."):
        # Every application-table cell is in a row and a column sum, which together name it.
        assert finding.suspects == (key,)
        assert finding.expected == str(value)


@settings(max_examples=60, deadline=None)
@given(reports(), st.data())
def test_negative_count_is_named(report: Report, data: st.DataObject) -> None:
    keys = [
        c.key for c in report.cells() if c.key and not c.key.endswith(".delta") and c.state is CellState.VALUE
    ]
    key = data.draw(st.sampled_from(keys), label="key")
    negative = data.draw(st.integers(-1000, -1), label="value")
    broken = replace_cell(report, attrs.evolve(cell(report, key), value=negative, raw=str(negative)))
    table = key.split(".")[0]
    rule_id = VALUE_RULES[table] if table != "proactive" else VALUE_RULES[report.template]
    assert [f.cells for f in validate(broken, select=[rule_id])] == [(key,)]


@settings(max_examples=30, deadline=None)
@given(reports(TemplateVersion.V2019), st.data())
def test_item_count_below_zero_is_named(report: Report, data: st.DataObject) -> None:
    row = data.draw(
        st.sampled_from(
            [
                "art20_5.licensing",
                "art20_5.other_services",
                "art20_6.penalty",
                "art20_6.coercion",
                "art20_8.fees",
            ]
        )
    )
    prev = cell(report, f"proactive.{row}.prev_items").value
    assert isinstance(prev, int)
    delta = -prev - data.draw(st.integers(1, 50))
    key = f"proactive.{row}.delta"
    broken = replace_cell(report, attrs.evolve(cell(report, key), value=delta, raw=str(delta)))
    (finding,) = errors(validate(broken))
    assert finding.rule_id == "R-T1-01"
    assert key in finding.cells


@settings(max_examples=40, deadline=None)
@given(reports(), st.data())
def test_unreadable_cell_is_named(report: Report, data: st.DataObject) -> None:
    key = data.draw(st.sampled_from([c.key for c in report.cells() if c.key]), label="key")
    text = data.draw(st.sampled_from(["X", "若干", "约30", "10-20", "5%"]))
    broken = replace_cell(report, Cell(key=key, raw=text, state=CellState.INVALID))
    found = errors(validate(broken))
    assert [(f.rule_id, f.cells) for f in found] == [("R-G-09", (key,))]


@settings(max_examples=40, deadline=None)
@given(reports(consistent=False, extra_rows=True), reports(consistent=False))
def test_rules_never_raise(report: Report, previous: Report) -> None:
    findings = validate(report)
    year = None if report.year is None else report.year - 1
    pair = attrs.evolve(previous, year=year, agency=report.agency, title=report.title)
    findings += validate(report, previous=pair)
    for finding in findings:
        assert finding.message_zh
        assert finding.message_en
        assert set(finding.suspects) <= set(finding.cells)
    json.dumps([f.to_dict() for f in findings], ensure_ascii=False)
    format_findings(findings)
    format_findings(findings, lang="en")


@settings(max_examples=20, deadline=None)
@given(st.one_of(reports(extra_rows=True), reports(consistent=False, extra_rows=True)))
def test_findings_survive_a_json_round_trip(report: Report) -> None:
    assert validate(from_json(to_json(report))) == validate(report)
