"""Cross-year rules: compare(), validate(previous=...) and validate_series()."""

from __future__ import annotations

import attrs
import pytest

from govinfo_report.model import Section
from govinfo_report.model.labels import SECTIONS
from govinfo_report.strategies import make_report
from govinfo_report.validation import compare, validate, validate_series

CROSS_YEAR = {"R-T3-09", "R-T1-03", "R-T2-02", "R-T1-05", "R-G-07"}


def carried(*, over: int = 0, forward: int = 0) -> dict[str, int]:
    """A consistent application table with ``over`` carried in and ``forward`` carried out."""
    processed = 4
    new = processed + forward - over
    values: dict[str, int] = {}
    for column in ("natural_person", "total"):
        values[f"requests.new_received.{column}"] = new
        values[f"requests.carried_over.{column}"] = over
        values[f"requests.granted.{column}"] = processed
        values[f"requests.total_processed.{column}"] = processed
        values[f"requests.carried_forward.{column}"] = forward
    return values


def test_carry_over_matches_last_years_carry_forward() -> None:
    previous = make_report("2019", carried(forward=2), year=2019)
    good = make_report("2019", carried(over=2), year=2020)
    bad = make_report("2019", carried(over=1), year=2020)
    assert compare(previous, good) == ()
    (finding,) = compare(previous, bad)
    assert finding.rule_id == "R-T3-09"
    assert finding.cells == ("requests.carried_over.natural_person", "requests.carried_over.total")
    assert finding.expected == "2；2"
    assert finding.found == "1；1"


def test_template_change_from_2020_to_2021() -> None:
    """Only rules whose cells exist in both templates apply across the change."""
    previous = make_report(
        "2019",
        {**carried(forward=3), "proactive.art20_1.normative_docs.total_published": 50},
        year=2020,
    )
    current = make_report(
        "2021",
        {**carried(over=1), "proactive.art20_1.normative_docs.in_force": 10},
        year=2021,
    )
    assert [f.rule_id for f in compare(previous, current)] == ["R-T3-09"]


def test_item_count_chain() -> None:
    base = "proactive.art20_5.licensing"
    previous = make_report("2019", {f"{base}.prev_items": 118, f"{base}.delta": 28}, year=2019)
    good = make_report("2019", {f"{base}.prev_items": 146}, year=2020)
    bad = make_report("2019", {f"{base}.prev_items": 140}, year=2020)
    assert compare(previous, good) == ()
    (finding,) = compare(previous, bad)
    assert finding.rule_id == "R-T1-03"
    assert (finding.expected, finding.found) == ("146", "140")


def test_in_force_chain() -> None:
    base = "proactive.art20_1.normative_docs"
    previous = make_report("2021", {f"{base}.in_force": 665}, year=2021)
    good = make_report(
        "2021", {f"{base}.issued": 88, f"{base}.repealed": 55, f"{base}.in_force": 698}, year=2022
    )
    bad = make_report(
        "2021", {f"{base}.issued": 88, f"{base}.repealed": 55, f"{base}.in_force": 700}, year=2022
    )
    assert compare(previous, good) == ()
    (finding,) = compare(previous, bad)
    assert finding.rule_id == "R-T2-02"
    assert "相差 2" in finding.message_zh


def test_total_published_does_not_shrink() -> None:
    key = "proactive.art20_1.normative_docs.total_published"
    previous = make_report("2019", {key: 89}, year=2019)
    assert compare(previous, make_report("2019", {key: 166}, year=2020)) == ()
    (finding,) = compare(previous, make_report("2019", {key: 80}, year=2020))
    assert finding.rule_id == "R-T1-05"


def test_copied_tables_and_text() -> None:
    values = {
        "proactive.art20_5.licensing.decisions": 10,
        "proactive.art20_6.penalty.decisions": 5,
        "appeals.review.upheld": 1,
        "appeals.review.total": 1,
    }
    text = "。".join(f"本机关第{n}项工作按照条例要求扎实推进并取得良好成效" for n in range(12)) + "。"
    sections = [Section(number=spec.number, heading=spec.heading, text=text) for spec in SECTIONS]
    previous = make_report("2021", values, year=2021, sections=sections)
    current = make_report("2021", values, year=2022, sections=sections)
    found = [f for f in compare(previous, current) if f.rule_id == "R-G-07"]
    assert len(found) == 2
    assert "完全相同" in found[0].message_zh
    assert found[1].found == "100%"
    fresh = make_report("2021", {**values, "proactive.art20_6.penalty.decisions": 6}, year=2022)
    assert [f for f in compare(previous, fresh) if f.rule_id == "R-G-07"] == []


def test_validate_with_previous_runs_both_kinds_of_rules() -> None:
    previous = make_report("2019", carried(forward=2), year=2019)
    current = make_report("2019", {**carried(), "requests.granted.commercial": None}, year=2020)
    assert {f.rule_id for f in validate(current, previous=previous)} == {"R-T3-09", "R-T3-11"}
    assert {f.rule_id for f in validate(current)} == {"R-T3-11"}
    assert {f.rule_id for f in validate(current, previous=previous, ignore=["R-T3-09"])} == {"R-T3-11"}


def test_only_consecutive_years_are_compared() -> None:
    with pytest.raises(ValueError, match="2018"):
        compare(make_report("2019", year=2018), make_report("2019", year=2020))
    with pytest.raises(ValueError, match="2018"):
        validate(make_report("2019", year=2020), previous=make_report("2019", year=2018))


def test_series_sorts_and_compares_consecutive_years() -> None:
    reports = [
        make_report("2021", carried(over=3), year=2022),
        make_report("2019", carried(forward=2), year=2019),
        make_report("2019", carried(over=2, forward=1), year=2020),
        make_report("2021", carried(over=1), year=2021),
    ]
    results = validate_series(reports)
    assert list(results) == [2019, 2020, 2021, 2022]
    assert [f.rule_id for f in results[2022]] == ["R-T3-09"]
    assert all(not findings for year, findings in results.items() if year != 2022)


def test_series_skips_gaps() -> None:
    reports = [
        make_report("2019", carried(forward=2), year=2019),
        make_report("2021", carried(over=3), year=2021),
    ]
    assert validate_series(reports) == {2019: (), 2021: ()}


def test_series_needs_distinct_known_years() -> None:
    yearless = attrs.evolve(make_report("2019"), year=None)
    with pytest.raises(ValueError, match="no year"):
        validate_series([yearless, make_report("2019", year=2020)])
    with pytest.raises(ValueError, match="two reports cover 2020"):
        validate_series([make_report("2019", year=2020), make_report("2019", year=2020)])
