"""The findings spec §10 lists for the seed reports, and no false errors on the real corpus."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from govinfo_report import parse_path
from govinfo_report.model import Report
from govinfo_report.validation import Finding, Severity, validate, validate_series

CORPUS_DIR = Path(__file__).parents[1] / "data" / "corpus"

# Reports whose own tables do not add up, as their golden notes record, and the rules that say so.
BROKEN = {
    "huaian-hongze-district-gov-2023.pdf": {"R-T4-01", "R-T4-03"},  # 复议 totals of 0
    "huaian-hongze-district-gov-2023-pdfplumber.md": {"R-T4-01", "R-T4-03"},  # the same report
    "huaian-hongze-district-gov-2023-pymupdf4llm.md": {"R-T4-01", "R-T4-03"},
    "pingtan-zone-gov-2020.txt": {"R-T3-02"},  # result rows sum to 27, （七）总计 21
}


@cache
def _parsed(name: str) -> Report:
    return parse_path(CORPUS_DIR / name)


@cache
def _findings(name: str) -> tuple[Finding, ...]:
    return validate(_parsed(name))


def _of(name: str, rule_id: str) -> list[Finding]:
    return [f for f in _findings(name) if f.rule_id == rule_id]


def test_corpus_reports_error_only_where_the_arithmetic_breaks(corpus_case: Any) -> None:
    errors = {f.rule_id for f in _findings(corpus_case.name) if f.severity is Severity.ERROR}
    assert errors == BROKEN.get(corpus_case.name, set())


def test_broken_totals_name_the_cells() -> None:
    review, after_review = (
        f for f in _findings("huaian-hongze-district-gov-2023.pdf") if f.severity is Severity.ERROR
    )
    assert review.suspects == ("appeals.review.total",)
    assert after_review.suspects == ("appeals.litigation_after_review.total",)
    columns = _of("pingtan-zone-gov-2020.txt", "R-T3-02")
    assert {f.found for f in columns} == {"办结 20", "办结 21"}


def test_seed_000_placeholders_narrative_and_blank() -> None:
    name = "seed-000-linan-health-2020.txt"
    placeholders = {f.found for f in _of(name, "R-G-04")}
    assert "X%、X%、X%、X分" in placeholders
    (penalty,) = _of(name, "R-T2-07")
    assert penalty.found == "1"
    assert penalty.expected == "385"
    assert penalty.evidence is not None
    assert "行政处罚决定1起" in penalty.evidence
    (blank,) = _of(name, "R-T3-11")
    assert blank.cells == ("requests.carried_forward.natural_person",)
    assert blank.locations
    (foreign,) = _of(name, "R-G-06")
    assert foreign.found == "德安市"
    assert foreign.evidence is not None
    assert "确保德安市民的知情权" in foreign.evidence


def test_other_places_only_where_the_golden_notes_say(corpus_case: Any) -> None:
    expected = ["德安市"] if corpus_case.name == "seed-000-linan-health-2020.txt" else []
    assert [f.found for f in _of(corpus_case.name, "R-G-06")] == expected


def test_seed_001_decisions_misread() -> None:
    found = _of("seed-001-haiyuan-health-2020.txt", "R-T1-02")
    assert [f.suspects for f in found] == [
        ("proactive.art20_5.licensing.decisions",),
        ("proactive.art20_6.penalty.decisions",),
    ]


def test_seed_002_misread_and_blank_cells() -> None:
    name = "seed-002-gaoan-health-2020.txt"
    (misread,) = _of(name, "R-T1-02")
    assert misread.suspects == ("proactive.art20_6.penalty.decisions",)
    (blank,) = _of(name, "R-T3-11")
    assert blank.cells == ("requests.granted.public_interest", "requests.granted.other_org")


def test_seed_003_unsigned_decrease() -> None:
    name = "seed-003-qufu-health-2020.txt"
    (misread,) = _of(name, "R-T1-02")
    assert misread.suspects == ("proactive.art20_6.penalty.decisions",)
    (unsigned,) = _of(name, "R-T1-09")
    assert unsigned.cells == ("proactive.art20_6.penalty.delta",)


def test_seed_004_extra_rows_and_no_error() -> None:
    name = "seed-004-chaoyang-health-2020.txt"
    extra = {f.found for f in _of(name, "R-G-08")}
    assert {"行政检查", "行政确认"} <= extra
    assert not [f for f in _findings(name) if f.severity is Severity.ERROR]


def test_shuyang_blank_organisation_columns_are_one_finding() -> None:
    for name in ("shuyang-county-ndrc-2023.html", "shuyang-county-ndrc-2023-lo.docx"):
        (blank,) = _of(name, "R-T3-11")
        assert len(blank.cells) == 125


def test_pingtan_series_has_no_cross_year_finding() -> None:
    """Carry-over and the 现行有效 chain hold from 2019 to 2022, across the template change."""
    reports = [_parsed(f"pingtan-zone-gov-{year}.txt") for year in (2019, 2020, 2021, 2022)]
    results = validate_series(reports)
    assert list(results) == [2019, 2020, 2021, 2022]
    assert not [
        f
        for findings in results.values()
        for f in findings
        if f.rule_id in {"R-T3-09", "R-T1-03", "R-T2-02", "R-T1-05", "R-G-07"}
    ]
