"""Heuristic rules of the 第二十条 table, blank cells and document-level rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govinfo_report.errors import SourceLocation
from govinfo_report.model import Cell, Deviation, DeviationKind, Report, Row, Section, TableKind
from govinfo_report.model.labels import SECTIONS, cell_keys
from govinfo_report.strategies import make_report
from govinfo_report.validation import Finding, Severity, validate
from govinfo_report.validation._agency import agency_name, cannot_make_rules, is_people_government

PENALTY = "proactive.art20_6.penalty"
LICENSING = "proactive.art20_5.licensing"


def of(report: Report, rule_id: str) -> list[Finding]:
    return [f for f in validate(report) if f.rule_id == rule_id]


def with_raw(key: str, value: int, raw: str) -> dict[str, Cell]:
    return {key: Cell(key=key, value=value, raw=raw)}


# --- R-T1-02 / R-T1-09 --------------------------------------------------------------


@pytest.mark.parametrize(("prev", "delta", "decisions"), [(118, 28, 146), (66, -22, 44)])
def test_decisions_filled_with_item_count(prev: int, delta: int, decisions: int) -> None:
    report = make_report(
        "2019", {f"{PENALTY}.prev_items": prev, f"{PENALTY}.delta": delta, f"{PENALTY}.decisions": decisions}
    )
    (finding,) = of(report, "R-T1-02")
    assert finding.severity is Severity.WARNING
    assert finding.cells == (f"{PENALTY}.decisions", f"{PENALTY}.prev_items", f"{PENALTY}.delta")
    assert finding.suspects == (f"{PENALTY}.decisions",)
    assert str(decisions) in finding.message_zh


def test_decisions_differing_from_item_count_are_fine() -> None:
    report = make_report(
        "2019", {f"{LICENSING}.prev_items": 45, f"{LICENSING}.delta": 1, f"{LICENSING}.decisions": 2492}
    )
    assert of(report, "R-T1-02") == []


def test_all_zero_row_is_not_a_misreading() -> None:
    assert of(make_report("2019"), "R-T1-02") == []


def test_unsigned_decrease_is_recognised() -> None:
    """seed-003: 364 / "102" / 262, where 364 - 102 = 262."""
    values = {f"{PENALTY}.prev_items": 364, f"{PENALTY}.decisions": 262}
    report = make_report("2019", values, cell_overrides=with_raw(f"{PENALTY}.delta", 102, "102"))
    (misread,) = of(report, "R-T1-02")
    assert "未带符号" in misread.message_zh
    (unsigned,) = of(report, "R-T1-09")
    assert unsigned.cells == (f"{PENALTY}.delta",)
    assert unsigned.found == "102"
    assert "实为减少" in unsigned.message_zh


@pytest.mark.parametrize("raw", ["+102", "\uff0b102", " +102 "])
def test_signed_delta_is_not_flagged(raw: str) -> None:
    report = make_report("2019", cell_overrides=with_raw(f"{PENALTY}.delta", 102, raw))
    assert of(report, "R-T1-09") == []


def test_delta_from_a_flattened_digit_run_is_not_flagged() -> None:
    """A raw text holding more than the number says nothing about the sign."""
    report = make_report("2019", cell_overrides=with_raw("proactive.art20_8.fees.delta", -15, "35-15"))
    assert of(report, "R-T1-09") == []


# --- R-T1-04 / R-T1-07 / R-T2-03 ----------------------------------------------------


def test_total_published_below_published() -> None:
    base = "proactive.art20_1.normative_docs"
    report = make_report("2019", {f"{base}.made": 3, f"{base}.published": 5, f"{base}.total_published": 4})
    (finding,) = of(report, "R-T1-04")
    assert finding.cells == (f"{base}.total_published", f"{base}.published")
    (note,) = of(report, "R-T1-07")
    assert note.severity is Severity.INFO


def test_in_force_below_issued() -> None:
    base = "proactive.art20_1.normative_docs"
    report = make_report("2021", {f"{base}.issued": 8, f"{base}.in_force": 5})
    (finding,) = of(report, "R-T2-03")
    assert finding.expected == "≥ 8"
    assert finding.found == "5"
    assert of(make_report("2021", {f"{base}.issued": 8, f"{base}.in_force": 18}), "R-T2-03") == []


# --- R-T1-06 / R-T2-04 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cannot"),
    [
        ("杭州市临安区卫生健康局", True),
        ("海原县卫生健康局", True),
        ("北京市朝阳区卫生健康委员会", True),
        ("浙江省卫生健康委员会", True),
        ("洪泽区人民政府", True),
        ("淮安市洪泽区人民政府办公室", True),
        ("宜春市高安市人民政府", True),
        ("南岭口镇", True),
        ("某某街道办事处", True),
        ("淮安市人民政府", False),  # may be a 设区的市: unsure, so no finding
        ("高安市人民政府", False),
        ("浙江省人民政府", False),
        ("上海市人民政府办公厅", False),
        ("宁夏回族自治区人民政府", False),
        ("延边朝鲜族自治州人民政府", False),
        ("国家卫生健康委员会", False),
        ("住房和城乡建设部", False),
        ("平潭综合实验区", False),
        ("", False),
    ],
)
def test_rule_making_power_from_the_name(name: str, cannot: bool) -> None:
    assert cannot_make_rules(name) is cannot


def test_agency_name_falls_back_to_the_title() -> None:
    report = make_report("2019", agency=None, title="海原县卫生健康局 2020 年政府信息公开工作年度报告")
    assert agency_name(report) == "海原县卫生健康局"
    assert is_people_government("淮安市人民政府")
    assert not is_people_government("淮安市人民政府办公室")


@pytest.mark.parametrize(
    ("template", "rule_id", "column"),
    [("2019", "R-T1-06", "total_published"), ("2021", "R-T2-04", "in_force")],
)
def test_rules_from_a_body_without_rule_making_power(template: str, rule_id: str, column: str) -> None:
    key = f"proactive.art20_1.regulations.{column}"
    town = make_report(template, {key: 6}, agency="南岭口镇")
    (finding,) = of(town, rule_id)
    assert finding.cells == (key,)
    assert of(make_report(template, {key: 6}, agency="淮安市人民政府"), rule_id) == []
    assert of(make_report(template, {key: 0}, agency="南岭口镇"), rule_id) == []


# --- R-T1-08 --------------------------------------------------------------------------

PROCUREMENT = "proactive.art20_9.procurement"


def _procurement(amount: str, unit: str | None, text: str = "") -> Report:
    cell = Cell(key=f"{PROCUREMENT}.amount_yuan", value=Decimal(amount), raw=amount, unit=unit)
    sections = [Section(number=1, heading="一、总体情况", text=text)] if text else None
    return make_report(
        "2019",
        {f"{PROCUREMENT}.projects": 130},
        cell_overrides={cell.key or "": cell},
        sections=sections,
    )


def test_procurement_amount_without_unit() -> None:
    (finding,) = of(_procurement("24433934", None), "R-T1-08")
    assert "未注明单位" in finding.message_zh


def test_procurement_unit_confirmed_by_the_narrative() -> None:
    report = _procurement("24433934", None, "（九）政府集中采购项目130项，成交金额为24433934元。")
    assert of(report, "R-T1-08") == []


def test_procurement_unit_contradicted_by_the_narrative() -> None:
    report = _procurement("627.1854", None, "全年政府集中采购金额627.1854万元。")
    (finding,) = of(report, "R-T1-08")
    assert finding.expected == "6271854 元"
    assert finding.evidence == "全年政府集中采购金额627.1854万元。"


def test_procurement_projects_and_amount_agree_on_zero() -> None:
    report = make_report("2019", {f"{PROCUREMENT}.projects": 0, f"{PROCUREMENT}.amount_yuan": Decimal(500)})
    assert any("同为 0" in f.message_zh for f in of(report, "R-T1-08"))


# --- R-T2-05 / R-T2-06 ----------------------------------------------------------------

FEES = "proactive.art20_8.fees.amount_yuan"


def _fees(raw: str, yuan: str, unit: str, section6: str) -> Report:
    cell = Cell(key=FEES, value=Decimal(yuan), raw=raw, unit=unit)
    sections = [Section(number=spec.number, heading=spec.heading, text="无。") for spec in SECTIONS[:5]]
    sections.append(Section(number=6, heading="六、其他需要报告的事项", text=section6))
    return make_report("2021", cell_overrides={FEES: cell}, sections=sections)


def test_fee_cell_written_in_yuan() -> None:
    (finding,) = of(_fees("3940元", "3940", "元", "收取信息处理费3940元。"), "R-T2-05")
    assert "万元" in finding.message_zh


def test_fee_amount_that_the_text_gives_in_yuan() -> None:
    report = _fees("3940", "39400000", "万元", "本年度行政事业性收费3940元。")
    (finding,) = of(report, "R-T2-05")
    assert finding.evidence == "本年度行政事业性收费3940元。"


def test_fee_amount_implausibly_large() -> None:
    (finding,) = of(_fees("50000000", "500000000000", "万元", "未收取信息处理费。"), "R-T2-05")
    assert "异常" in finding.message_zh


def test_plausible_fee_amount_is_fine() -> None:
    assert of(_fees("96171.6", "961716000", "万元", "收取信息处理费 3940 元。"), "R-T2-05") == []


def test_processing_fee_above_fee_amount() -> None:
    report = _fees("0.1", "1000", "万元", "全年收取政府信息公开信息处理费 3940 元。")
    (finding,) = of(report, "R-T2-06")
    assert finding.expected == "≥ 3940 元"
    assert of(_fees("0.5", "5000", "万元", "全年收取信息处理费 3940 元。"), "R-T2-06") == []


# --- R-T3-11 --------------------------------------------------------------------------


def test_blank_cells_grouped_by_row() -> None:
    report = make_report(
        "2019", {"requests.granted.public_interest": None, "requests.granted.other_org": None}
    )
    (finding,) = of(report, "R-T3-11")
    assert finding.cells == ("requests.granted.public_interest", "requests.granted.other_org")
    assert "社会公益组织、其他" in finding.message_zh
    assert "可推断为 0" in finding.message_zh


def test_blank_columns_grouped_once() -> None:
    """shuyang: the five organisation columns blank in every row give one finding."""
    blanks: dict[str, int | None] = {
        key: None
        for key in cell_keys("2021")
        if key.startswith("requests.") and key.rsplit(".", 1)[1] in ("commercial", "research")
    }
    (finding,) = of(make_report("2021", blanks), "R-T3-11")
    assert len(finding.cells) == 2 * 25
    assert "所有行均为空白" in finding.message_zh


def test_wholly_blank_table() -> None:
    blanks: dict[str, int | None] = {key: None for key in cell_keys("2019") if key.startswith("appeals.")}
    (finding,) = of(make_report("2019", blanks), "R-T3-11")
    assert finding.table is TableKind.APPEALS
    assert "整张表未填写" in finding.message_zh


# --- R-G-02 / R-G-03 / R-T3-12 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "year", "flagged"),
    [
        ("2019", 2020, False),
        ("2019", 2021, True),
        ("2021", 2020, True),
        ("2021", 2025, False),
        ("2019", 2018, True),
    ],
)
def test_template_matches_year(template: str, year: int, flagged: bool) -> None:
    found = of(make_report(template, year=year), "R-G-02")
    assert bool(found) is flagged
    assert all(f.severity is Severity.ERROR for f in found)


def test_missing_sections() -> None:
    sections = [
        Section(number=n, heading=spec.heading, text="内容。") for n, spec in enumerate(SECTIONS, 1) if n != 5
    ]
    (finding,) = of(make_report("2019", sections=sections), "R-G-03")
    assert "五、存在的主要问题及改进情况" in finding.message_zh


def test_section_headings_inside_running_text_count_as_present() -> None:
    """A flattened page where the parser found no section still has its headings in the text."""
    text = "".join(f"{spec.heading}内容。" for spec in SECTIONS)
    assert of(make_report("2019", sections=[], preamble=text), "R-G-03") == []


def test_sections_out_of_order() -> None:
    sections = [Section(number=n, heading=SECTIONS[n - 1].heading, text="内容。") for n in (1, 3, 2, 4, 5, 6)]
    (finding,) = of(make_report("2019", sections=sections), "R-G-03")
    assert "顺序" in finding.message_zh


def _with_section6(text: str) -> list[Section]:
    sections = [Section(number=spec.number, heading=spec.heading, text="内容。") for spec in SECTIONS[:5]]
    return [*sections, Section(number=6, heading=SECTIONS[5].heading, text=text)]


def test_2021_section_six_must_mention_fees() -> None:
    (finding,) = of(make_report("2021", sections=_with_section6("无。")), "R-G-03")
    assert "信息处理费" in finding.message_zh
    assert of(make_report("2021", sections=_with_section6("本年度未发生收费情况。")), "R-G-03") == []
    assert of(make_report("2019", sections=_with_section6("无。")), "R-G-03") == []


def test_fee_notices_need_a_fee_statement() -> None:
    values = {
        "requests.new_received.natural_person": 2,
        "requests.new_received.total": 2,
        "requests.other_handling.fee_unpaid.natural_person": 2,
        "requests.other_handling.fee_unpaid.total": 2,
        "requests.total_processed.natural_person": 2,
        "requests.total_processed.total": 2,
    }
    report = make_report("2021", values, sections=_with_section6("无。"))
    (finding,) = of(report, "R-T3-12")
    assert finding.cells == ("requests.other_handling.fee_unpaid.total",)
    # The more specific finding replaces R-G-03's general one.
    assert of(report, "R-G-03") == []


def test_government_reports_oversight() -> None:
    sections = [
        Section(number=spec.number, heading=spec.heading, text="本年度信息处理费0元。") for spec in SECTIONS
    ]
    (finding,) = of(make_report("2021", agency="淮安市人民政府", sections=sections), "R-G-03")
    assert "考核" in finding.message_zh
    assert of(make_report("2021", agency="淮安市卫生健康委员会", sections=sections), "R-G-03") == []


# --- R-G-04 / R-G-05 -------------------------------------------------------------------


def _text(text: str, number: int = 1) -> list[Section]:
    return [
        Section(
            number=number, heading="一、总体情况", text=text, location=SourceLocation(source="r.txt", line=7)
        )
    ]


def test_placeholders_are_quoted() -> None:
    text = (
        "2020年度社会评价满意率X%，评价得分X分，未发生责任追究情况。\n"
        "主要报告区卫健局2020年政府信息公开工作总体情况。"
    )
    found = of(make_report("2019", sections=_text(text)), "R-G-04")
    assert [f.found for f in found] == ["X%、X分", "主要报告"]
    assert found[0].evidence == "2020年度社会评价满意率X%，评价得分X分，未发生责任追究情况。"
    assert found[0].locations == (SourceLocation(source="r.txt", line=7),)


@pytest.mark.parametrize(
    "text", ["XX局负责此项工作。", "满意率\u00d7\u00d7%。", "（此处填写本单位名称）", "【填写单位名称】"]
)
def test_other_placeholders(text: str) -> None:
    assert of(make_report("2019", sections=_text(text)), "R-G-04")


@pytest.mark.parametrize(
    "text",
    [
        "购置X光机2台。",
        "网址 http://www.xxx.gov.cn。",
        "CT、X线检查。",
        "面积3\u00d74米。",
        "主动公开信息140条。",
    ],
)
def test_ordinary_text_is_not_a_placeholder(text: str) -> None:
    assert of(make_report("2019", sections=_text(text)), "R-G-04") == []


def test_placeholder_in_title() -> None:
    (finding,) = of(make_report("2019", title="XX局2020年政府信息公开工作年度报告"), "R-G-04")
    assert finding.evidence == "XX局2020年政府信息公开工作年度报告"


def test_statistical_period_must_match_the_year() -> None:
    wrong = "本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。"
    (finding,) = of(make_report("2019", year=2020, preamble=wrong), "R-G-05")
    assert finding.expected == "2020年1月1日至2020年12月31日"
    right = "本报告内容涵盖 2020 年 1 月 1 日至 2020 年 12 月 31 日期间的工作情况。"
    assert of(make_report("2019", year=2020, preamble=right), "R-G-05") == []
    elsewhere = "与2019年1月1日至12月31日相比有所增长。"  # not a statement of the period
    assert of(make_report("2019", year=2020, preamble=elsewhere), "R-G-05") == []


# --- R-G-08 / R-T3-13 ------------------------------------------------------------------


def test_deviations_grouped_and_split_by_table() -> None:
    here = SourceLocation(source="r.txt", line=90)
    deviations = [
        Deviation(
            kind=DeviationKind.LABEL_VARIANT, table=TableKind.APPEALS, found="结果维护", expected="结果维持"
        ),
        Deviation(
            kind=DeviationKind.LABEL_VARIANT, table=TableKind.APPEALS, found="结果维护", expected="结果维持"
        ),
        Deviation(kind=DeviationKind.LABEL_VARIANT, table=TableKind.REQUESTS, found="合计", expected="总计"),
        Deviation(kind=DeviationKind.LAYOUT, table=TableKind.REQUESTS, found="（六）其他处理", location=here),
        Deviation(
            kind=DeviationKind.EXTRA_ROW, table=TableKind.REQUESTS, found="（六）其他处理", location=here
        ),
        Deviation(kind=DeviationKind.MISSING_ROW, table=TableKind.REQUESTS, found="", expected="3.其他"),
        Deviation(
            kind=DeviationKind.MISSING_ROW, table=TableKind.REQUESTS, found="", expected="2.逾期未缴费"
        ),
        Deviation(
            kind=DeviationKind.UNIT,
            table=TableKind.PROACTIVE,
            found="本年收费金额(单位:万元)",
            expected="本年收费金额（单位：万元）",
        ),
        Deviation(
            kind=DeviationKind.UNIT,
            table=TableKind.PROACTIVE,
            found="采购总金额（元）",
            expected="采购总金额",
        ),
    ]
    report = make_report("2021", deviations=deviations)
    general = of(report, "R-G-08")
    assert [f.found for f in general] == ["结果维护", "采购总金额（元）"]
    assert "共 2 处" in general[0].message_zh
    requests = of(report, "R-T3-13")
    assert [f.found for f in requests] == ["合计", "（六）其他处理", None]
    assert requests[2].expected == "3.其他；2.逾期未缴费"
    assert all(f.table is TableKind.REQUESTS for f in requests)


def test_extra_rows_without_a_deviation_are_listed() -> None:
    row = Row(key=None, label="行政检查", cells=(Cell(key=None, value=13, raw="13"),))
    (finding,) = of(make_report("2019", extra_rows={TableKind.PROACTIVE: [row]}), "R-G-08")
    assert finding.found == "行政检查"
    assert finding.table is TableKind.PROACTIVE
