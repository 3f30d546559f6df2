"""R-T4-07: suits after review far beyond the reviews, a weak rule that is off by default."""

from __future__ import annotations

import pytest

from govinfo_report.strategies import make_report
from govinfo_report.validation import Severity, compare, rule_by_id, validate

RULE = "R-T4-07"


def _appeals(*, reviews: int, suits: int) -> dict[str, int | None]:
    """A consistent review table with ``reviews`` upheld reviews and ``suits`` upheld suits after review."""
    return {
        "appeals.review.upheld": reviews,
        "appeals.review.total": reviews,
        "appeals.litigation_after_review.upheld": suits,
        "appeals.litigation_after_review.total": suits,
    }


def _findings(reviews: int, suits: int) -> list[str]:
    report = make_report("2021", _appeals(reviews=reviews, suits=suits))
    return [f.rule_id for f in validate(report, select=[RULE])]


def test_the_rule_is_off_by_default() -> None:
    report = make_report("2021", _appeals(reviews=0, suits=9))
    assert not rule_by_id(RULE).default
    assert RULE not in {f.rule_id for f in validate(report)}
    assert RULE not in {f.rule_id for f in validate(report, select=["R-T4"])}
    assert RULE in {f.rule_id for f in validate(report, extend_select=[RULE])}
    assert RULE in {f.rule_id for f in validate(report, select=[RULE])}
    assert RULE not in {f.rule_id for f in validate(report, extend_select=[RULE], ignore=["R-T4"])}


def test_extend_select_keeps_the_default_rules() -> None:
    report = make_report("2021", {**_appeals(reviews=0, suits=9), "requests.granted.commercial": None})
    ids = {f.rule_id for f in validate(report, extend_select=[RULE])}
    assert {RULE, "R-T3-11"} <= ids


@pytest.mark.parametrize(
    ("reviews", "suits", "fires"),
    [
        (0, 0, False),
        (0, 2, False),  # fewer than 3 cases beyond the reviews
        (0, 3, True),
        (2, 4, False),  # not more than twice the reviews
        (2, 5, True),
        (10, 20, False),
        (10, 21, True),
    ],
)
def test_threshold(reviews: int, suits: int, fires: bool) -> None:
    assert (RULE in _findings(reviews, suits)) is fires


def test_the_finding_names_the_cells_and_the_figures() -> None:
    report = make_report("2021", _appeals(reviews=1, suits=8))
    (finding,) = validate(report, select=[RULE])
    assert finding.severity is Severity.WARNING
    assert finding.cells == ("appeals.litigation_after_review.total", "appeals.review.total")
    assert finding.suspects == ("appeals.litigation_after_review.total",)
    assert finding.found == "8"
    assert finding.expected == "≤ 2"
    assert "复议后起诉 8 件" in finding.message_zh
    assert "本年行政复议 1 件" in finding.message_zh
    assert "8 suits after review" in finding.message_en


def test_last_years_reviews_raise_the_bound() -> None:
    previous = make_report("2021", _appeals(reviews=4, suits=0), year=2021)
    current = make_report("2021", _appeals(reviews=1, suits=8), year=2022)
    assert RULE in {f.rule_id for f in validate(current, select=[RULE])}
    assert validate(current, previous=previous, select=[RULE]) == ()
    louder = make_report("2021", _appeals(reviews=1, suits=11), year=2022)
    (finding,) = validate(louder, previous=previous, select=[RULE])
    assert "本年和上年行政复议共 5 件（1 + 4）" in finding.message_zh
    assert finding.expected == "≤ 10"


def test_compare_runs_only_cross_year_rules() -> None:
    """R-T4-07 uses last year's figure when it has it, but is not a cross-year rule."""
    previous = make_report("2021", _appeals(reviews=0, suits=0), year=2021)
    current = make_report("2021", _appeals(reviews=0, suits=9), year=2022)
    assert RULE not in {f.rule_id for f in compare(previous, current, extend_select=[RULE])}


def test_unreadable_cells_give_no_finding() -> None:
    report = make_report(
        "2021", {**_appeals(reviews=0, suits=9), "appeals.litigation_after_review.total": None}
    )
    assert RULE not in {f.rule_id for f in validate(report, select=[RULE])}
