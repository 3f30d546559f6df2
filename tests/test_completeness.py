"""Completeness: every report says how much of its tables was read, and ``None`` means blank only."""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs
import pytest

from govinfo_report import parse_bytes
from govinfo_report.errors import CellNotReadError, SerializationError, SourceLocation
from govinfo_report.examples import example_bytes
from govinfo_report.model import Cell, CellState, Completeness, Gap, Report, Table, TableKind, TemplateVersion
from govinfo_report.model.labels import cell_keys
from govinfo_report.render import completeness_lines, render_report
from govinfo_report.serialize import SCHEMA_VERSION, from_dict, to_dict
from govinfo_report.serialize._converter import CONVERTER
from govinfo_report.strategies import make_report
from govinfo_report.validation import Severity, validate

GRID = SourceLocation(source="r.html", table=1, row=0, col=0)
TEXT = SourceLocation(source="r.txt", line=40)


def _keys(table: TableKind, version: TemplateVersion = TemplateVersion.V2021) -> list[str]:
    return [key for key in cell_keys(version) if key.startswith(f"{table}.")]


def _with_states(states: dict[str, CellState], *, location: SourceLocation | None = GRID) -> Report:
    """A 2021 report whose tables start at ``location``, with the given cells in the given states."""
    report = make_report(
        "2021",
        cell_overrides={key: Cell(key=key, state=state, raw="") for key, state in states.items()},
    )
    return attrs.evolve(
        report,
        proactive=attrs.evolve(report.proactive, location=location),
        requests=attrs.evolve(report.requests, location=location),
        appeals=attrs.evolve(report.appeals, location=location),
    )


def _r_g_10(report: Report) -> list[Any]:
    return [finding for finding in validate(report) if finding.rule_id == "R-G-10"]


# -- the counts -----------------------------------------------------------------------------------


def test_counts_cover_every_template_cell_once() -> None:
    requests = _keys(TableKind.REQUESTS)
    states = {
        requests[0]: CellState.BLANK,
        requests[1]: CellState.INFERRED,
        requests[2]: CellState.UNRESOLVED,
        requests[3]: CellState.INVALID,
        requests[4]: CellState.MISSING,
    }
    done = _with_states(states).completeness
    table = done.requests
    assert (table.expected, table.value, table.blank, table.inferred) == (175, 170, 1, 1)
    assert (table.unresolved, table.invalid, table.missing) == (1, 1, 1)
    assert (table.read, table.not_read) == (172, 3)
    assert not table.complete
    assert done.proactive.complete
    assert done.appeals.complete
    assert not done.complete
    assert (done.expected, done.read) == (200, 197)
    assert done.sections == (1, 2, 3, 4, 5, 6)


def test_blank_and_inferred_cells_are_read() -> None:
    """A blank cell is a read cell: the source has it and leaves it empty."""
    states = dict.fromkeys(_keys(TableKind.APPEALS), CellState.BLANK)
    assert _with_states(states).completeness.complete


@pytest.mark.parametrize("version", list(TemplateVersion))
def test_a_complete_report_has_no_gaps_and_no_finding(version: TemplateVersion) -> None:
    report = make_report(version)
    done = report.completeness
    assert done.complete
    assert all(table.found and not table.gaps for table in done.tables)
    assert done.expected == len(cell_keys(version))
    assert _r_g_10(report) == []


# -- the gaps' causes ----------------------------------------------------------------------------------


def test_a_table_not_found() -> None:
    report = make_report("2021")
    lost = Table(kind=TableKind.APPEALS)  # no location and no cells: nothing of it was found
    done = attrs.evolve(report, appeals=lost).completeness
    assert not done.appeals.found
    assert done.appeals.missing == 15
    assert done.appeals.gaps == (Gap.TABLE_NOT_FOUND, Gap.NO_TABLE_GRID)  # the report has no grid at all


def test_a_table_not_found_beside_tables_read_from_grids() -> None:
    report = _with_states({})
    done = attrs.evolve(report, appeals=Table(kind=TableKind.APPEALS)).completeness
    assert done.appeals.gaps == (Gap.TABLE_NOT_FOUND,)


def test_a_table_cut_off_after_its_first_rows() -> None:
    keys = _keys(TableKind.REQUESTS)
    done = _with_states(dict.fromkeys(keys[70:], CellState.MISSING)).completeness
    assert done.requests.gaps == (Gap.CUT_OFF,)
    assert (done.requests.read, done.requests.missing) == (70, 105)


def test_rows_not_found_inside_a_table() -> None:
    keys = _keys(TableKind.REQUESTS)
    done = _with_states(dict.fromkeys(keys[7:14], CellState.MISSING)).completeness
    assert done.requests.gaps == (Gap.ROWS_NOT_FOUND,)


def test_a_table_read_from_running_text_with_unsplit_cells() -> None:
    keys = _keys(TableKind.PROACTIVE)
    done = _with_states(dict.fromkeys(keys[:3], CellState.UNRESOLVED), location=TEXT).completeness
    assert done.proactive.gaps == (Gap.NO_TABLE_GRID, Gap.CELLS_NOT_SPLIT)
    assert done.requests.gaps == ()  # complete tables have no gaps, grid or not


def test_invalid_cells_make_a_table_incomplete_without_a_gap() -> None:
    """A placeholder in a cell is the report's defect (R-G-09), not a part the parser failed to read."""
    keys = _keys(TableKind.APPEALS)
    done = _with_states({keys[0]: CellState.INVALID}).completeness
    assert not done.appeals.complete
    assert done.appeals.gaps == ()


# -- the rule ---------------------------------------------------------------------------------------------


def test_rule_is_an_error_when_most_cells_are_missing() -> None:
    keys = _keys(TableKind.REQUESTS)
    (finding,) = _r_g_10(_with_states(dict.fromkeys(keys[:100], CellState.MISSING)))
    assert finding.severity is Severity.ERROR
    assert finding.table is TableKind.REQUESTS
    assert "三、收到和处理政府信息公开申请情况" in finding.message_zh
    assert "读出 75 个，缺失 100 个" in finding.message_zh
    assert "75 of the template's 175 cells were read (100 missing)" in finding.message_en
    assert "rows of the table were not found" in finding.message_en
    assert set(finding.cells) == set(keys[:100])


def test_rule_is_an_error_when_a_table_is_not_found() -> None:
    report = attrs.evolve(_with_states({}), proactive=Table(kind=TableKind.PROACTIVE))
    (finding,) = _r_g_10(report)
    assert finding.severity is Severity.ERROR
    assert finding.message_zh.startswith("未找到表格“二、主动公开政府信息情况”")
    assert "was not found: none of its 10 cells was read" in finding.message_en


def test_rule_warns_when_some_cells_are_missing_or_unresolved() -> None:
    keys = _keys(TableKind.REQUESTS)
    states = {**dict.fromkeys(keys[7:14], CellState.MISSING), keys[20]: CellState.UNRESOLVED}
    (finding,) = _r_g_10(_with_states(states))
    assert finding.severity is Severity.WARNING
    assert "缺失 7 个，未能确定 1 个" in finding.message_zh
    assert "缺失的行：二、上年结转政府信息公开申请数量。" in finding.message_zh
    assert "Rows missing: 二、上年结转政府信息公开申请数量." in finding.message_en
    assert "could not be split into cells" in finding.message_en
    assert finding.locations[0] == GRID  # where the table starts


def test_rule_leaves_invalid_cells_to_r_g_09() -> None:
    keys = _keys(TableKind.APPEALS)
    report = _with_states({keys[0]: CellState.INVALID})
    assert _r_g_10(report) == []
    assert [f.cells for f in validate(report) if f.rule_id == "R-G-09"] == [(keys[0],)]


# -- Report.cell and Report.value ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Report:
    return parse_bytes(example_bytes(), source="example.txt")


@pytest.mark.parametrize(
    "key",
    [
        "requests.new_recieved.total",  # misspelt
        "proactive.art20_8.fees.amount_yuan",  # a key of the 2021 template; the example is 2019
        "",
    ],
)
def test_cell_and_value_reject_keys_outside_the_template(example: Report, key: str) -> None:
    with pytest.raises(KeyError, match="is not a cell key of the 2019 template") as caught:
        example.cell(key)
    assert repr(key) in str(caught.value)
    assert not isinstance(caught.value, CellNotReadError)
    with pytest.raises(KeyError, match="is not a cell key"):
        example.value(key)
    with pytest.raises(KeyError, match="is not a cell key"):
        example.value(key, unread=None)  # ``unread`` covers cells that were not read, not typos


def test_value_is_none_for_a_blank_cell_only() -> None:
    report = _with_states({"requests.granted.total": CellState.BLANK})
    assert report.cell("requests.granted.total").state is CellState.BLANK
    assert report.value("requests.granted.total") is None
    assert report.value("requests.new_received.total") == 0


@pytest.mark.parametrize("state", [CellState.UNRESOLVED, CellState.INVALID, CellState.MISSING])
def test_value_of_an_unread_cell_raises_unless_told_what_to_return(state: CellState) -> None:
    key = "requests.granted.total"
    report = _with_states({key: state})
    with pytest.raises(CellNotReadError) as caught:
        report.value(key)
    error = caught.value
    assert isinstance(error, KeyError)
    assert (error.key, error.state) == (key, state.value)
    assert f"cell {key} was not read (state {state.value})" in str(error)
    marker = object()
    assert report.value(key, unread=marker) is marker
    assert report.cell(key).state is state


def test_a_template_cell_absent_from_a_hand_built_table_is_missing() -> None:
    report = make_report("2019")
    empty = attrs.evolve(report, appeals=Table(kind=TableKind.APPEALS))
    cell = empty.cell("appeals.review.total")
    assert cell.state is CellState.MISSING
    with pytest.raises(CellNotReadError):
        empty.value("appeals.review.total")


# -- JSON and text -------------------------------------------------------------------------------------


def test_json_carries_the_completeness_and_recomputes_it_on_load(example: Report) -> None:
    data = to_dict(example)
    assert data["schema_version"] == SCHEMA_VERSION == 2
    written = data["completeness"]
    assert written["complete"] is False
    assert written["proactive"] == {
        "table": "proactive",
        "found": True,
        "expected": 22,
        "value": 19,
        "blank": 0,
        "inferred": 0,
        "unresolved": 0,
        "invalid": 0,
        "missing": 3,
        "gaps": ["rows_not_found"],
        "read": 19,
        "complete": False,
    }
    assert CONVERTER.structure(written, Completeness) == example.completeness
    assert from_dict(json.loads(json.dumps(data))) == example


def test_json_of_schema_version_1_still_loads(example: Report) -> None:
    data = copy.deepcopy(to_dict(example))
    del data["completeness"]
    data["schema_version"] = 1
    assert from_dict(data) == example


def test_a_malformed_completeness_is_rejected(example: Report) -> None:
    data = copy.deepcopy(to_dict(example))
    data["completeness"]["requests"]["gaps"] = ["lost_in_the_mail"]
    with pytest.raises(SerializationError):
        from_dict(data)


def test_text_rendering_has_one_line_per_table(example: Report) -> None:
    assert completeness_lines(example) == [
        "表二：19/22 已读，3 缺失",
        "表三：161/161 已读",
        "表四：15/15 已读",
    ]
    lost = attrs.evolve(example, appeals=Table(kind=TableKind.APPEALS))
    assert completeness_lines(lost)[2] == "表四：0/15 已读，未找到该表"
    text = render_report(example).splitlines()
    assert text[2:5] == completeness_lines(example)
