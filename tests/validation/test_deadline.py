"""R-G-01: publication deadlines, checked when the publication date is known."""

from __future__ import annotations

from datetime import date

import pytest

from govinfo_report.strategies import make_report
from govinfo_report.validation import Severity, validate


def _deadline_findings(agency: str, published: date | None) -> list[str | None]:
    report = make_report("2021", year=2023, agency=agency)
    return [
        f.found for f in validate(report, published=published, select=["R-G-01"]) if f.rule_id == "R-G-01"
    ]


@pytest.mark.parametrize(
    ("agency", "last_day"),
    [
        ("沭阳县发展和改革局", date(2024, 1, 31)),  # a department: 31 January
        ("淮安市人民政府", date(2024, 3, 31)),  # a county-level or higher government: 31 March
        ("洪泽区人民政府", date(2024, 3, 31)),
        ("高良涧街道办事处", date(2024, 1, 31)),  # township level: held to the departments' date
        ("老子山镇人民政府", date(2024, 1, 31)),
    ],
)
def test_deadline_by_kind_of_agency(agency: str, last_day: date) -> None:
    """On the last day no finding; one day later one finding naming the date."""
    assert _deadline_findings(agency, last_day) == []
    late = date.fromordinal(last_day.toordinal() + 1)
    assert _deadline_findings(agency, late) == [late.isoformat()]


def test_no_date_no_finding() -> None:
    """Reports carry no publication date: without one the rule stays silent."""
    assert _deadline_findings("沭阳县发展和改革局", None) == []


def test_late_publication_is_an_error_with_both_messages() -> None:
    report = make_report("2019", year=2020, agency="北京市朝阳区卫生健康委员会")
    [finding] = [f for f in validate(report, published=date(2021, 2, 10)) if f.rule_id == "R-G-01"]
    assert finding.severity is Severity.ERROR
    assert "2021-01-31" in finding.message_zh
    assert "10 days" in finding.message_en
