"""The public strategies generate what they promise: every cell key, consistent tables, odd cells."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_report.model import Cell, CellState, Report, TableKind, TemplateVersion
from govinfo_report.model.labels import APPLICANT_COLUMNS, MONEY_KEYS, cell_keys, request_rows
from govinfo_report.strategies import AGENCIES, appeal_values, cells, make_report, reports, request_values

YEARS = {TemplateVersion.V2019: range(2019, 2021), TemplateVersion.V2021: range(2021, 2026)}


# A failing example prints a whole report; that is the point, not a problem.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


def keys_of(report: Report) -> list[str | None]:
    return [cell.key for cell in report.cells()]


@pytest.mark.parametrize("template", list(TemplateVersion))
def test_make_report_has_every_cell_key_once(template: TemplateVersion) -> None:
    report = make_report(template)
    assert keys_of(report) == list(cell_keys(template))
    assert all(cell.value == 0 and cell.state is CellState.VALUE for cell in report.cells())
    assert all(isinstance(report.value(key), Decimal) for key in MONEY_KEYS if key in cell_keys(template))
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.year == YEARS[template][0]
    assert report.provenance is not None
    assert len(report.provenance.sha256) == 64


def test_make_report_values_and_blanks() -> None:
    report = make_report("2019", {"requests.granted.total": 7, "requests.partial.total": None})
    assert report.value("requests.granted.total") == 7
    partial = report.cell("requests.partial.total")
    assert partial is not None
    assert partial.blank
    assert partial.value is None


def test_make_report_rejects_unknown_keys() -> None:
    with pytest.raises(KeyError, match=re.escape("proactive.art20_9.procurement.projects")):
        make_report("2021", {"proactive.art20_9.procurement.projects": 1})


def test_make_report_is_deterministic() -> None:
    assert make_report("2021", {"requests.granted.total": 3}) == make_report(
        "2021", {"requests.granted.total": 3}
    )


def _column_sums_hold(report: Report) -> None:
    version = report.template
    rows = [row.key for row in request_rows(version)]
    results = rows[rows.index("granted") : rows.index("total_processed")]

    def v(key: str) -> int:
        value = report.value(key)
        return 0 if value is None else int(value)

    for column in (c.key for c in APPLICANT_COLUMNS):
        assert sum(v(f"requests.{row}.{column}") for row in results) == v(
            f"requests.total_processed.{column}"
        )
        assert v(f"requests.new_received.{column}") + v(f"requests.carried_over.{column}") == v(
            f"requests.total_processed.{column}"
        ) + v(f"requests.carried_forward.{column}")
    for row in rows:
        parts = sum(v(f"requests.{row}.{c.key}") for c in APPLICANT_COLUMNS[:-1])
        assert parts == v(f"requests.{row}.total")
    for group in ("review", "litigation_direct", "litigation_after_review"):
        parts = sum(v(f"appeals.{group}.{c}") for c in ("upheld", "corrected", "other", "pending"))
        assert parts == v(f"appeals.{group}.total")


@settings(max_examples=40, deadline=None)
@given(reports(extra_rows=True))
def test_consistent_reports_add_up(report: Report) -> None:
    """Checked independently of the validator: every sum of the templates holds."""
    assert keys_of(report) == list(cell_keys(report.template))
    assert report.year in YEARS[report.template]
    assert report.agency in AGENCIES
    _column_sums_hold(report)
    for cell in report.cells():
        if cell.blank:
            assert cell.key is not None
            assert cell.key.startswith("requests.")
            continue
        assert cell.state is CellState.VALUE
        assert cell.value is not None
        assert cell.value >= 0 or (cell.key or "").endswith(".delta")
        assert cell.location is not None
    if report.proactive.extra_rows:
        assert {d.found for d in report.deviations} == {row.label for row in report.proactive.extra_rows}


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(list(TemplateVersion)).flatmap(lambda t: st.tuples(st.just(t), request_values(t))))
def test_request_values_cover_the_table(drawn: tuple[TemplateVersion, dict[str, object]]) -> None:
    template, values = drawn
    assert set(values) == {k for k in cell_keys(template) if k.startswith("requests.")}


@settings(max_examples=20, deadline=None)
@given(appeal_values())
def test_appeal_values_cover_the_table(values: dict[str, object]) -> None:
    assert set(values) == {k for k in cell_keys("2019") if k.startswith("appeals.")}


@settings(max_examples=40, deadline=None)
@given(reports(consistent=False, extra_rows=True))
def test_odd_reports_keep_the_template_keys(report: Report) -> None:
    """Odd reports vary states and values, never the set of template cells."""
    assert keys_of(report) == list(cell_keys(report.template))
    assert all(table.kind in TableKind for table in report.tables)


@settings(max_examples=60, deadline=None)
@given(cells())
def test_cells_have_values_only_in_value_states(cell: Cell) -> None:
    if cell.state in (CellState.VALUE, CellState.INFERRED):
        assert cell.value is not None
    else:
        assert cell.value is None


def test_blanks_are_drawn_when_asked() -> None:
    with_blanks: list[Report] = []

    @settings(max_examples=30, deadline=None, database=None, derandomize=True)
    @given(reports(TemplateVersion.V2019, blanks=True))
    def draw(report: Report) -> None:
        if any(cell.blank for cell in report.cells()):
            with_blanks.append(report)

    draw()
    assert with_blanks
    for report in with_blanks:
        _column_sums_hold(report)


@settings(max_examples=20, deadline=None)
@given(reports(blanks=False))
def test_no_blanks_when_not_asked(report: Report) -> None:
    assert not [cell for cell in report.cells() if cell.blank]
