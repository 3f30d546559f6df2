"""Narrative figures against the tables (R-T3-10, R-T2-07, R-T4-05): precise, and quiet when unsure."""

from __future__ import annotations

import pytest

from govinfo_report.errors import SourceLocation
from govinfo_report.model import Report, Section
from govinfo_report.strategies import make_report
from govinfo_report.validation import Finding, validate

NARRATIVE_RULES = ("R-T3-10", "R-T2-07", "R-T4-05")
HERE = SourceLocation(source="r.txt", line=42)

# 70 new (69 natural persons, 1 organisation), 1 carried over, 69 granted, 1 partial,
# 70 processed and 1 carried forward; 2 reviews (1 upheld, 1 pending); 1 lawsuit lost.
TABLE = {
    "requests.new_received.natural_person": 69,
    "requests.new_received.other_org": 1,
    "requests.new_received.total": 70,
    "requests.carried_over.natural_person": 1,
    "requests.carried_over.total": 1,
    "requests.granted.natural_person": 68,
    "requests.granted.total": 68,
    "requests.partial.natural_person": 1,
    "requests.partial.other_org": 1,
    "requests.partial.total": 2,
    "requests.total_processed.natural_person": 69,
    "requests.total_processed.other_org": 1,
    "requests.total_processed.total": 70,
    "requests.carried_forward.natural_person": 1,
    "requests.carried_forward.total": 1,
    "proactive.art20_5.licensing.decisions": 2293,
    "proactive.art20_6.penalty.decisions": 385,
    "proactive.art20_6.coercion.decisions": 42,
    "appeals.review.upheld": 1,
    "appeals.review.pending": 1,
    "appeals.review.total": 2,
    "appeals.litigation_direct.corrected": 1,
    "appeals.litigation_direct.total": 1,
}


def narrative(text: str, number: int = 1, template: str = "2021") -> list[Finding]:
    report = make_report(
        template, TABLE, sections=[Section(number=number, heading="（一）", text=text, location=HERE)]
    )
    return [f for f in validate(report) if f.rule_id in NARRATIVE_RULES]


@pytest.mark.parametrize(
    "text",
    [
        "本年度全区共收到70件申请，及时依法依规办结70件，1件结转下年度继续办理。",
        "收到政府信息公开申请71件，涉及自然人70件。",  # new + carried over
        "共受理政府信息公开申请 70 件，答复 70 件（含上年度结转申请 1 件，另有 1 件顺延到下年度答复）。",
        "截至12月31日，我委共受理70件依申请公开，其中通过窗口申请40件。",
        "共收到依申请信息公开70件，予以公开68件，部分公开2件。",
        "予以公开和部分公开70件。",
        "2020年，我委主动公开行政许可2293件，行政检查84470件，行政处罚385件。",
        "作出行政强制决定42起。",
        "政府信息公开行政复议2件，其中结果维持1件；政府信息公开行政诉讼1件。",
        "全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件。",
    ],
)
def test_figures_that_agree_give_no_finding(text: str) -> None:
    assert narrative(text) == []


@pytest.mark.parametrize(
    ("text", "rule_id", "found", "cell"),
    [
        ("本年度共受理政府信息公开申请75件。", "R-T3-10", "75", "requests.new_received.total"),
        ("共收到70件申请，办结68件。", "R-T3-10", "68", "requests.total_processed.total"),
        (
            "政府信息公开申请3件结转下年度继续办理。",
            "R-T3-10",
            "3",
            "requests.carried_forward.total",
        ),
        ("其中依申请公开予以公开60件。", "R-T3-10", "60", "requests.granted.total"),
        ("对申请人予以公开及部分公开258件。", "R-T3-10", "258", "requests.granted.total"),
        (
            "本行政机关认为具有一定社会影响的行政处罚决定1起。",
            "R-T2-07",
            "1",
            "proactive.art20_6.penalty.decisions",
        ),
        ("办理行政许可 2000 件。", "R-T2-07", "2000", "proactive.art20_5.licensing.decisions"),
        ("因政府信息公开被申请行政复议3起。", "R-T4-05", "3", "appeals.review.total"),
        ("本年度政府信息公开行政诉讼案件2件。", "R-T4-05", "2", "appeals.litigation_direct.total"),
    ],
)
def test_figures_that_disagree_are_quoted(text: str, rule_id: str, found: str, cell: str) -> None:
    (finding,) = narrative(text)
    assert finding.rule_id == rule_id
    assert finding.found == found
    assert cell in finding.cells
    assert finding.evidence == text
    assert finding.locations[0] == HERE
    assert text in finding.message_zh


def test_zero_statements() -> None:
    (review,) = narrative("本年度未发生因政府信息公开工作被申请行政复议的情况。")
    assert review.found == "0"
    assert review.cells == ("appeals.review.total",)
    both = narrative("未发生因政府信息公开引起的行政复议、行政诉讼。")
    assert sorted(f.cells[0] for f in both) == ["appeals.litigation_direct.total", "appeals.review.total"]
    (received,) = narrative("2020年区卫健局未收到依申请公开事项。")
    assert received.rule_id == "R-T3-10"


def test_no_loss_and_all_closed_claims() -> None:
    (lost,) = narrative("政府信息公开行政诉讼实现零败诉。")
    assert lost.cells == ("appeals.litigation_direct.corrected",)
    (pending,) = narrative("政府信息公开行政复议案件均已结案。")
    assert pending.cells == ("appeals.review.pending",)


@pytest.mark.parametrize(
    "text",
    [
        "办结率100%。",
        "收到群众诉求348件，现场解决162件，办结率100%。",
        "受理行政许可申请1000件，办结998件。",  # licensing applications, not disclosure requests
        "依法依规公开行政处罚案件信息。",
        "行政处罚26480430行政强制126025",  # table text run into a paragraph: no unit
        "行政许可类信息69条，行政许可事项45项。",  # item counts and information entries
        "其中简易程序行政处罚120件。",  # a subset
        "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果2505条。",
        "全市行政复议案件1234件。",  # not about information disclosure
        "未发生行政复议被纠错的情况。",  # says nothing about the number of reviews
        "收到自然人依申请政府信息公开件1件。",  # a column, not the total
        "未经行政复议直接提起行政诉讼的案件0件。",
    ],
)
def test_ambiguous_or_unrelated_figures_are_ignored(text: str) -> None:
    assert narrative(text) == []


def test_review_figures_in_section_four_need_no_disclosure_wording() -> None:
    (finding,) = narrative("本年度被申请行政复议5件。", number=4)
    assert finding.rule_id == "R-T4-05"
    assert narrative("本年度被申请行政复议5件。", number=1) == []


def test_decision_figures_checked_on_the_2019_template_too() -> None:
    (finding,) = narrative("行政处罚决定1起。", template="2019")
    assert finding.rule_id == "R-T2-07"


def test_repeated_figure_reported_once() -> None:
    assert len(narrative("行政处罚决定1起。\n重申：行政处罚决定1起。")) == 1


def test_unreadable_table_cell_is_not_compared() -> None:
    from govinfo_report.model import Cell, CellState

    key = "proactive.art20_6.penalty.decisions"
    report: Report = make_report(
        "2021",
        TABLE,
        cell_overrides={key: Cell(key=key, raw="X", state=CellState.INVALID)},
        sections=[Section(number=1, heading="（一）", text="行政处罚决定1起。")],
    )
    assert [f for f in validate(report) if f.rule_id == "R-T2-07"] == []


def test_long_sentences_are_shortened_around_the_figure() -> None:
    text = "甲" * 300 + "行政处罚决定1起" + "乙" * 300 + "。"
    (finding,) = narrative(text)
    assert finding.evidence is not None
    assert "行政处罚决定1起" in finding.evidence
    assert len(finding.evidence) < 200
    assert finding.evidence.startswith("…")
    assert finding.evidence.endswith("…")
