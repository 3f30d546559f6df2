"""R-T3-07: results stated in the text that add up to more than the applications processed."""

from __future__ import annotations

import pytest

from govinfo_report.errors import SourceLocation
from govinfo_report.model import Report, Section, TableKind
from govinfo_report.strategies import make_report
from govinfo_report.validation import Finding, Severity, validate

RULE = "R-T3-07"


def _report(text: str) -> Report:
    section = Section(
        number=3,
        heading="三、收到和处理政府信息公开申请情况",
        text=text,
        location=SourceLocation(source="generated.txt", line=30),
    )
    return make_report("2021", year=2022, sections=[section])


def _findings(text: str) -> list[Finding]:
    return list(validate(_report(text), select=[RULE]))


def test_results_beyond_the_processed_total() -> None:
    text = "本年度共办结政府信息公开申请10件，其中予以公开5件，部分公开3件，不予公开4件。"
    (finding,) = _findings(text)
    assert finding.severity is Severity.WARNING
    assert finding.table is TableKind.REQUESTS
    assert finding.found == "12"
    assert finding.expected == "≤ 10"
    assert "予以公开 5、部分公开 3、不予公开 4" in finding.message_zh
    assert "counted under two results" in finding.message_en
    assert finding.evidence == text
    assert finding.locations == (SourceLocation(source="generated.txt", line=30),)


def test_results_in_the_next_sentence() -> None:
    text = "本年度共办结政府信息公开申请6件。其中予以公开4件，部分公开2件，无法提供1件。"
    (finding,) = _findings(text)
    assert finding.found == "7"
    assert finding.evidence == text


@pytest.mark.parametrize(
    "text",
    [
        # the results add up
        "本年度共办结政府信息公开申请10件，其中予以公开5件，部分公开3件，不予公开2件。",
        # fewer results listed than processed
        "本年度共办结政府信息公开申请10件，其中予以公开5件，部分公开3件。",
        # one result only: nothing is counted twice
        "本年度共办结政府信息公开申请3件，予以公开5件。",
        # 予以公开和部分公开 already holds 部分公开
        "本年度共办结政府信息公开申请10件，其中予以公开和部分公开8件，部分公开3件，不予公开2件。",
        # last year's figures are not this year's results
        "本年度共办结政府信息公开申请4件，予以公开3件，上年度予以公开5件，不予公开1件。",
        # results two sentences later belong to another passage
        "本年度共办结政府信息公开申请4件。答复均在法定期限内。予以公开3件，不予公开2件。",
        # results before the total are not its breakdown
        "予以公开3件，不予公开2件。本年度共办结政府信息公开申请4件。",
    ],
    ids=["adds-up", "fewer", "single", "combined", "last-year", "far", "before"],
)
def test_no_finding(text: str) -> None:
    assert _findings(text) == []


def test_the_rule_runs_by_default() -> None:
    report = _report("本年度共办结政府信息公开申请2件，其中予以公开2件，不予公开1件。")
    assert [f.rule_id for f in validate(report) if f.rule_id == RULE] == [RULE]
