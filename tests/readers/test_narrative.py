"""Title, agency, year and the six narrative sections."""

from __future__ import annotations

import pytest

from govinfo_report.assembly._narrative import Narrative, read_narrative
from govinfo_report.document import Paragraph
from govinfo_report.errors import SourceLocation


def _read(*lines: str, fallback_title: str | None = None) -> Narrative:
    paragraphs = [
        Paragraph(text=text, location=SourceLocation(source="r.txt", line=number))
        for number, text in enumerate(lines, start=1)
    ]
    return read_narrative(paragraphs, fallback_title=fallback_title)


def _numbers(narrative: Narrative) -> list[int]:
    return [section.number for section in narrative.sections]


SIX_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


# -- title, agency, year -------------------------------------------------------------------------


def test_title_with_agency_and_year() -> None:
    narrative = _read("北京市朝阳区卫生健康委员会2020年政府信息公开工作年度报告", "一、总体情况", "正文。")
    assert narrative.title == "北京市朝阳区卫生健康委员会2020年政府信息公开工作年度报告"
    assert narrative.agency == "北京市朝阳区卫生健康委员会"
    assert narrative.year == 2020


def test_spaces_around_year_in_title() -> None:
    """seed-001: "海原县卫生健康局 2020 年政府信息公开 公开工作年度报告"."""
    narrative = _read("海原县卫生健康局 2020 年政府信息公开 公开工作年度报告", "一、总体情况")
    assert narrative.agency == "海原县卫生健康局"
    assert narrative.year == 2020


def test_title_broken_over_two_lines() -> None:
    narrative = _read("杭州市临安区卫生健康局2020年政府信息公开", "工作年度报告", "一、总体情况", "正文。")
    assert narrative.title == "杭州市临安区卫生健康局2020年政府信息公开工作年度报告"
    assert narrative.agency == "杭州市临安区卫生健康局"
    assert narrative.year == 2020
    assert narrative.preamble == ""


def test_agency_on_the_line_before_the_title() -> None:
    """seed-004: the agency stands alone above "2020年政府信息公开工作年度报告"."""
    narrative = _read(
        "北京市朝阳区卫生健康委员会", "", "2020年政府信息公开工作年度报告", "前言。", "一、总体情况"
    )
    assert narrative.agency == "北京市朝阳区卫生健康委员会"
    assert narrative.year == 2020
    assert "2020年政府信息公开工作年度报告" in narrative.title


def test_agency_on_the_line_after_the_title() -> None:
    """seed-000: "2020年政府信息公开工作年度报告" then "杭州市临安区卫生健康局"."""
    narrative = _read("2020年政府信息公开工作年度报告", "杭州市临安区卫生健康局", "前言。", "一、总体情况")
    assert narrative.title == "2020年政府信息公开工作年度报告"
    assert narrative.agency == "杭州市临安区卫生健康局"
    assert narrative.year == 2020
    # The agency line is not part of the preamble.
    assert narrative.preamble == "前言。"


def test_year_from_the_statistical_period_when_the_title_lacks_it() -> None:
    narrative = _read(
        "政府信息公开工作年度报告",
        "杭州市临安区卫生健康局",
        "本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。",
        "一、总体情况",
    )
    assert narrative.title == "政府信息公开工作年度报告"
    assert narrative.agency == "杭州市临安区卫生健康局"
    assert narrative.year == 2020


def test_year_with_full_width_digits() -> None:
    narrative = _read("某市人民政府２０２３年政府信息公开工作年度报告", "一、总体情况")
    assert narrative.year == 2023


def test_archive_prefix_is_removed_from_title() -> None:
    narrative = _read("标题：沭阳县发展和改革局2023年政府信息公开工作年度报告", "一、总体情况")
    assert narrative.title == "沭阳县发展和改革局2023年政府信息公开工作年度报告"
    assert narrative.agency == "沭阳县发展和改革局"


def test_fallback_title_from_metadata() -> None:
    narrative = _read("一、总体情况", "正文。", fallback_title="淮安市人民政府2024年政府信息公开工作年度报告")
    assert narrative.title == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert narrative.agency == "淮安市人民政府"
    assert narrative.year == 2024


def test_no_title_no_agency_no_year() -> None:
    narrative = _read("一、总体情况", "正文。")
    assert narrative.title == ""
    assert narrative.agency is None
    assert narrative.year is None


def test_sentence_with_year_is_not_a_title() -> None:
    narrative = _read("2020年，我局认真贯彻落实条例，全面推进政务公开。", "一、总体情况")
    assert narrative.title == ""
    assert narrative.year is None
    assert narrative.agency is None


def test_title_is_preferred_to_an_earlier_sentence_with_year() -> None:
    narrative = _read(
        "2019年度报告已于去年发布。", "某县人民政府2020年政府信息公开工作年度报告", "一、总体情况"
    )
    assert narrative.title == "某县人民政府2020年政府信息公开工作年度报告"
    assert narrative.year == 2020


# -- sections ------------------------------------------------------------------------------------


def test_six_sections_with_text_and_location() -> None:
    lines = ["某县卫生健康局2020年政府信息公开工作年度报告", "前言一。", "前言二。"]
    for heading in SIX_HEADINGS:
        lines.extend([heading, f"{heading[2:]}的正文。"])
    narrative = _read(*lines)
    assert _numbers(narrative) == [1, 2, 3, 4, 5, 6]
    assert [section.heading for section in narrative.sections] == list(SIX_HEADINGS)
    assert narrative.sections[0].text == "总体情况的正文。"
    assert narrative.sections[5].text == "其他需要报告的事项的正文。"
    assert narrative.sections[0].location == SourceLocation(source="r.txt", line=4)
    assert narrative.preamble == "前言一。\n前言二。"


def test_parenthesised_headings() -> None:
    """seed-000 numbers its sections "（一）…（六）" with Art. 50 wording (spec §2 variants)."""
    narrative = _read(
        "某局2020年政府信息公开工作年度报告",
        "（一）总体情况。",
        "a",
        "（二）行政机关主动公开政府信息情况。",
        "（三）行政机关收到和处理政府信息公开申请情况。",
        "（四）因政府信息公开工作被申请行政复议、提起行政诉讼情况。",
        "（五）政府信息公开工作存在的主要问题及改进情况。",
        "（六）其他需要报告的事项。",
    )
    assert _numbers(narrative) == [1, 2, 3, 4, 5, 6]
    assert narrative.sections[0].text == "a"


def test_heading_variants_of_spec() -> None:
    narrative = _read(
        "某局2020年政府信息公开工作年度报告",
        "一、概述",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "五、存在问题及改进情况",
        "六、其他需要报告的事项",
    )
    assert _numbers(narrative) == [1, 2, 3, 4, 5, 6]
    assert narrative.sections[0].heading == "一、概述"


def test_run_in_heading_is_split_from_its_paragraph() -> None:
    narrative = _read(
        "某局2020年政府信息公开工作年度报告",
        "一、总体情况。2020年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开工作，取得积极成效。",
        "第二段。",
    )
    [section] = narrative.sections
    assert section.number == 1
    assert section.heading == "一、总体情况"
    assert section.text.startswith("2020年，我局认真贯彻落实")
    assert section.text.endswith("第二段。")


def test_table_rows_starting_with_ordinals_are_not_sections() -> None:
    """Application-table rows "一、本年新收…" and "四、结转下年度继续办理" are not headings (spec §2)."""
    narrative = _read(
        "某局2020年政府信息公开工作年度报告",
        "一、总体情况",
        "正文。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
        "四、政府信息公开行政复议、行政诉讼情况",
    )
    assert _numbers(narrative) == [1, 2, 3, 4]
    assert narrative.sections[3].heading == "四、政府信息公开行政复议、行政诉讼情况"
    assert "四、结转下年度继续办理" in narrative.sections[2].text


def test_table_captions_numbered_like_sections_do_not_restart_sections() -> None:
    """seed-000 numbers its table captions 一、二、三、 inside sections （二） to （四）."""
    narrative = _read(
        "某局2020年政府信息公开工作年度报告",
        "（一）总体情况。",
        "（二）行政机关主动公开政府信息情况。",
        "一、主动公开政府信息相关情况",
        "（三）行政机关收到和处理政府信息公开申请情况。",
        "二、收到和处理政府信息公开申请情况",
        "（四）因政府信息公开工作被申请行政复议、提起行政诉讼情况。",
        "三、政府信息公开行政复议、行政诉讼情况",
        "（五）存在的主要问题及改进情况",
        "（六）其他需要报告的事项",
    )
    assert _numbers(narrative) == [1, 2, 3, 4, 5, 6]
    assert narrative.sections[2].heading == "（三）行政机关收到和处理政府信息公开申请情况。"


def test_ordinal_must_agree_with_heading_text() -> None:
    narrative = _read("某局2020年政府信息公开工作年度报告", "三、总体情况", "一、总体情况")
    assert [(section.number, section.heading) for section in narrative.sections] == [(1, "一、总体情况")]


def test_long_sentence_mentioning_a_heading_keyword_is_not_a_heading() -> None:
    narrative = _read(
        "某局2020年政府信息公开工作年度报告",
        "一、总体情况",
        "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况等部分组成。",
    )
    assert _numbers(narrative) == [1]


def test_missing_sections_are_simply_absent() -> None:
    narrative = _read(
        "某局2020年政府信息公开工作年度报告", "一、总体情况", "x", "六、其他需要报告的事项", "无。"
    )
    assert _numbers(narrative) == [1, 6]
    assert narrative.sections[1].text == "无。"


@pytest.mark.parametrize(
    "title",
    [
        "某某县卫生健康局2023年政府信息公开工作年度报告",
        "2023年度某某县卫生健康局政府信息公开工作年度报告",
        "某某县卫生健康局关于2023年度政府信息公开工作的年度报告",
        "关于某某县卫生健康局2023年政府信息公开工作年度报告的公告",
        "某某县卫生健康局二〇二三年政府信息公开工作年度报告",
        "某某县卫生健康局 2023 年政府信息公开年报",
    ],
)
def test_agency_and_year_in_the_ways_titles_are_written(title: str) -> None:
    narrative = _read(title, *SIX_HEADINGS)
    assert narrative.agency == "某某县卫生健康局"
    assert narrative.year == 2023


def test_a_title_without_an_agency_names_none() -> None:
    narrative = _read("2023年政府信息公开工作年度报告", *SIX_HEADINGS)
    assert narrative.agency is None
    assert narrative.year == 2023
