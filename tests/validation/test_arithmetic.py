"""Arithmetic rules: one finding per broken cell, the suspect named, unreadable cells handled."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govinfo_report.model import Cell, CellState, Report, Row, TableKind
from govinfo_report.strategies import make_report
from govinfo_report.validation import Finding, Severity, validate


def errors(
    report: Report, *, select: list[str] | None = None, ignore: list[str] | None = None
) -> list[Finding]:
    return [f for f in validate(report, select=select, ignore=ignore) if f.severity is Severity.ERROR]


def balanced(**cells: int) -> dict[str, int]:
    """Application-table values: 3 granted natural-person requests, all processed, plus ``cells``."""
    values = {
        "requests.new_received.natural_person": 3,
        "requests.new_received.total": 3,
        "requests.granted.natural_person": 3,
        "requests.granted.total": 3,
        "requests.total_processed.natural_person": 3,
        "requests.total_processed.total": 3,
    }
    values.update({key.replace("__", "."): value for key, value in cells.items()})
    return values


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_consistent_table_has_no_error(template: str) -> None:
    assert errors(make_report(template, balanced())) == []


@pytest.mark.parametrize(
    ("key", "rules"),
    [
        ("requests.granted.natural_person", {"R-T3-03", "R-T3-02"}),
        ("requests.granted.total", {"R-T3-03", "R-T3-02"}),
        ("requests.new_received.natural_person", {"R-T3-03", "R-T3-01"}),
        ("requests.total_processed.total", {"R-T3-03", "R-T3-02", "R-T3-01"}),
        ("requests.carried_forward.legal_service", {"R-T3-03", "R-T3-01"}),
        ("requests.denied.admin_query.research", {"R-T3-03", "R-T3-02"}),
    ],
)
def test_one_wrong_cell_gives_one_finding_naming_it(key: str, rules: set[str]) -> None:
    """The row and column failures a single cell causes are reported once, with the cell as suspect."""
    values = balanced()
    original = values.get(key, 0)
    values[key] = original + 2
    found = errors(make_report("2019", values))
    assert len(found) == 1
    (finding,) = found
    assert finding.rule_id == "R-T3-03"  # the row rule reports the suspect
    assert finding.suspects == (key,)
    assert finding.cells[0] == key
    assert finding.expected == str(original)
    assert finding.found == str(original + 2)
    assert finding.locations, "the cell's source location is given"
    assert "最可能是该单元格有误" in finding.message_zh
    assert "likely error" in finding.message_en
    # Every check the cell takes part in is quoted in the message.
    assert finding.message_en.count("≠") == len(rules)


def test_suspect_goes_to_the_next_active_rule_when_row_rule_is_off() -> None:
    values = balanced()
    values["requests.granted.natural_person"] = 5
    found = errors(make_report("2021", values), ignore=["R-T3-03"])
    assert [(f.rule_id, f.suspects) for f in found] == [("R-T3-02", ("requests.granted.natural_person",))]
    assert errors(make_report("2021", values), select=["R-T3-01"]) == []


def test_message_shows_the_equation_sides() -> None:
    """A carry-balance failure that no single cell explains reads as the template's equation."""
    # Every row adds up and the results add up to （七）总计, but 新收 exceeds what was
    # processed in two columns at once: no single cell explains both failures.
    values = {
        "requests.new_received.natural_person": 5,
        "requests.new_received.total": 5,
        "requests.granted.natural_person": 4,
        "requests.granted.total": 4,
        "requests.total_processed.natural_person": 4,
        "requests.total_processed.total": 4,
    }
    report = make_report("2019", values)
    found = errors(report)
    assert [f.rule_id for f in found] == ["R-T3-01", "R-T3-01"]
    natural = found[0]
    assert natural.suspects == ()
    assert natural.expected == "新收 5 + 上年结转 0 = 5"
    assert natural.found == "办结 4 + 结转下年 0 = 4"
    assert "新收 5 + 上年结转 0 = 5 ≠ 办结 4 + 结转下年 0 = 4" in natural.message_zh
    assert "new 5 + carried over 0 = 5 ≠ processed 4 + carried forward 0 = 4" in natural.message_en
    # (七)总计 agrees with the result rows, so the finding points to the other side.
    assert "差错更可能在新收、上年结转或结转下年" in natural.message_zh


def test_processed_above_available_is_explained() -> None:
    values = {
        "requests.new_received.total": 1,
        "requests.new_received.natural_person": 1,
        "requests.granted.total": 3,
        "requests.granted.natural_person": 3,
        "requests.total_processed.total": 3,
        "requests.total_processed.natural_person": 3,
    }
    found = errors(make_report("2021", values))
    assert {f.rule_id for f in found} == {"R-T3-01"}
    assert all("R-T3-05" in f.message_zh for f in found)


def test_zero_total_is_named_as_the_suspect() -> None:
    """A total of 0 next to non-zero parts was probably left unfilled (huaian-hongze 行政复议)."""
    report = make_report("2021", {"appeals.review.upheld": 10, "appeals.review.corrected": 1})
    (finding,) = errors(report)
    assert finding.rule_id == "R-T4-01"
    assert finding.suspects == ("appeals.review.total",)
    assert finding.found == "总计 0"
    assert finding.expected == "结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11"
    assert "总计很可能漏填" in finding.message_zh


@pytest.mark.parametrize(
    ("group", "rule_id"),
    [("review", "R-T4-01"), ("litigation_direct", "R-T4-02"), ("litigation_after_review", "R-T4-03")],
)
def test_review_groups_have_their_own_rules(group: str, rule_id: str) -> None:
    report = make_report("2019", {f"appeals.{group}.pending": 2, f"appeals.{group}.total": 1})
    (finding,) = errors(report)
    assert finding.rule_id == rule_id
    assert f"appeals.{group}.pending" in finding.cells
    assert finding.suspects == ()  # the table cannot tell which of the five cells is wrong


def test_blank_cells_count_as_zero_in_the_sums() -> None:
    values: dict[str, int | None] = dict(balanced())
    values["requests.granted.commercial"] = None
    values["requests.carried_forward.natural_person"] = None
    found = validate(make_report("2019", values))
    assert [f.rule_id for f in found] == ["R-T3-11", "R-T3-11"]


def test_a_blank_that_cannot_be_zero_is_the_suspect() -> None:
    values: dict[str, int | None] = dict(balanced())
    values["requests.granted.natural_person"] = None
    found = errors(make_report("2019", values))
    assert [(f.rule_id, f.suspects, f.expected) for f in found] == [
        ("R-T3-03", ("requests.granted.natural_person",), "3")
    ]
    assert "空白" in found[0].message_zh
    blank = next(f for f in validate(make_report("2019", values)) if f.rule_id == "R-T3-11")
    assert "仍不成立" in blank.message_zh


def _unreadable(key: str, state: CellState = CellState.UNRESOLVED) -> dict[str, Cell]:
    return {key: Cell(key=key, raw="2 0", state=state, alternatives=(2, 20))}


def test_unreadable_cells_make_equations_unknown() -> None:
    """An unresolved part leaves the equation open as long as the known parts fit the total."""
    report = make_report("2019", balanced(), cell_overrides=_unreadable("requests.partial.natural_person"))
    assert errors(report) == []


def test_known_parts_above_the_total_fail_even_with_unreadable_cells() -> None:
    values = balanced()
    values["requests.granted.natural_person"] = 5
    values["requests.granted.total"] = 5
    report = make_report("2021", values, cell_overrides=_unreadable("requests.partial.natural_person"))
    found = errors(report)
    assert {f.rule_id for f in found} == {"R-T3-02"}
    column = next(f for f in found if "requests.total_processed.natural_person" in f.cells)
    assert "不可能成立" in column.message_zh
    assert column.expected is not None
    assert "?" in column.expected


def test_carry_bounds_reported_when_the_balance_cannot_be_checked() -> None:
    """Carried forward unreadable: R-T3-01 still cannot hold, and says which side is too large."""
    values = {
        "requests.new_received.natural_person": 1,
        "requests.new_received.total": 1,
        "requests.granted.natural_person": 4,
        "requests.granted.total": 4,
        "requests.total_processed.natural_person": 4,
        "requests.total_processed.total": 4,
    }
    overrides = {
        key: Cell(key=key, raw="X", state=CellState.INVALID)
        for key in ("requests.carried_forward.natural_person", "requests.carried_forward.total")
    }
    report = make_report("2019", values, cell_overrides=overrides)
    found = errors(report)
    assert {f.rule_id for f in found} == {"R-T3-01", "R-G-09"}
    balance = [f for f in found if f.rule_id == "R-T3-01"]
    assert len(balance) == 2
    assert all("不可能成立" in f.message_zh and "R-T3-05" in f.message_zh for f in balance)
    # With R-T3-01 deselected, R-T3-05 reports the bound on its own.
    bound = errors(report, ignore=["R-T3-01"])
    assert {f.rule_id for f in bound} == {"R-T3-05", "R-G-09"}
    bound = [f for f in bound if f.rule_id == "R-T3-05"]
    assert {f.cells[0] for f in bound} == {
        "requests.total_processed.natural_person",
        "requests.total_processed.total",
    }
    assert all(f.expected == "≤ 1" and f.found == "4" for f in bound)


def test_nothing_received_but_results_reported() -> None:
    """R-T3-06 speaks when the other sums cannot be checked."""
    overrides = {
        key: Cell(key=key, raw="若干", state=CellState.INVALID)
        for key in ("requests.total_processed.natural_person", "requests.total_processed.total")
    }
    values = {"requests.granted.natural_person": 2, "requests.granted.total": 2}
    found = errors(make_report("2021", values, cell_overrides=overrides))
    assert {f.rule_id for f in found} == {"R-T3-06", "R-G-09"}
    nothing = next(f for f in found if f.rule_id == "R-T3-06")
    assert set(nothing.cells) == {"requests.granted.natural_person", "requests.granted.total"}


def test_nothing_received_is_silent_when_the_sums_already_fail() -> None:
    found = errors(make_report("2021", {"requests.granted.natural_person": 2, "requests.granted.total": 2}))
    assert "R-T3-06" not in {f.rule_id for f in found}
    assert found


def _subtotal(values: list[str]) -> dict[TableKind, list[Row]]:
    cells = tuple(Cell(key=None, value=int(v), raw=v) for v in values)
    return {TableKind.REQUESTS: [Row(key=None, label="（三）不予公开 小计", cells=cells)]}


def test_added_subtotal_rows_must_add_up() -> None:
    values = balanced()
    values.update(
        {
            "requests.new_received.natural_person": 5,
            "requests.new_received.total": 5,
            "requests.denied.state_secret.natural_person": 1,
            "requests.denied.state_secret.total": 1,
            "requests.denied.process_info.natural_person": 1,
            "requests.denied.process_info.total": 1,
            "requests.total_processed.natural_person": 5,
            "requests.total_processed.total": 5,
        }
    )
    good = make_report("2019", values, extra_rows=_subtotal(["2", "0", "0", "0", "0", "0", "2"]))
    assert errors(good) == []
    bad = make_report("2019", values, extra_rows=_subtotal(["3", "0", "0", "0", "0", "0", "2"]))
    (finding,) = errors(bad)
    assert finding.rule_id == "R-T3-08"
    assert finding.expected == "2"
    assert finding.found == "3"
    assert "requests.denied.state_secret.natural_person" in finding.cells


@pytest.mark.parametrize(
    ("template", "key", "value", "rule_id"),
    [
        ("2019", "requests.granted.commercial", -1, "R-T3-04"),
        ("2021", "appeals.review.pending", -2, "R-T4-04"),
        ("2019", "proactive.art20_6.penalty.decisions", -3, "R-T1-01"),
        ("2021", "proactive.art20_5.licensing.decisions", -3, "R-T2-01"),
        ("2021", "proactive.art20_8.fees.amount_yuan", Decimal("-0.5"), "R-T2-01"),
        ("2019", "requests.granted.commercial", Decimal("1.5"), "R-T3-04"),
    ],
)
def test_counts_are_non_negative_integers(
    template: str, key: str, value: int | Decimal, rule_id: str
) -> None:
    found = [f for f in errors(make_report(template, {key: value})) if f.rule_id == rule_id]
    assert len(found) == 1
    assert found[0].cells == (key,)
    assert found[0].suspects == (key,)


def test_signed_delta_is_allowed_but_not_below_the_item_count() -> None:
    fine = make_report(
        "2019", {"proactive.art20_6.penalty.prev_items": 5, "proactive.art20_6.penalty.delta": -5}
    )
    assert errors(fine) == []
    broken = make_report(
        "2019", {"proactive.art20_6.penalty.prev_items": 5, "proactive.art20_6.penalty.delta": -6}
    )
    (finding,) = errors(broken)
    assert finding.rule_id == "R-T1-01"
    assert finding.cells == ("proactive.art20_6.penalty.delta", "proactive.art20_6.penalty.prev_items")
    assert "-1" in finding.message_zh


def test_money_may_have_decimals() -> None:
    report = make_report("2019", {"proactive.art20_9.procurement.amount_yuan": Decimal("6271854.35")})
    assert errors(report) == []


def test_text_in_a_table_cell_is_an_error() -> None:
    key = "appeals.litigation_direct.upheld"
    report = make_report("2019", cell_overrides={key: Cell(key=key, raw="若干", state=CellState.INVALID)})
    (finding,) = errors(report)
    assert finding.rule_id == "R-G-09"
    assert finding.cells == (key,)
    assert finding.found == "若干"
    assert finding.table is TableKind.APPEALS
