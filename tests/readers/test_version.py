"""Template version detection from table labels (spec §1.3)."""

from __future__ import annotations

import pytest

from govinfo_report.assembly._normalize import normalize_label
from govinfo_report.assembly._template import detect_template
from govinfo_report.model import TemplateVersion
from govinfo_report.model.labels import APPLICANT_COLUMNS, proactive_blocks, request_rows


def _labels(*texts: str) -> list[str]:
    return [normalize_label(text) for text in texts]


def _template_labels(version: TemplateVersion) -> list[str]:
    texts: list[str] = []
    for block in proactive_blocks(version):
        texts.append(block.caption)
        texts.extend(column.label for column in block.columns)
        texts.extend(row.label for row in block.rows)
    texts.extend(row.label for row in request_rows(version))
    texts.extend(column.label for column in APPLICANT_COLUMNS)
    return _labels(*texts)


@pytest.mark.parametrize("version", list(TemplateVersion))
def test_full_template_labels_are_recognised(version: TemplateVersion) -> None:
    assert detect_template(_template_labels(version)) is version


def test_no_table_labels_means_no_template() -> None:
    assert detect_template([]) is None
    assert detect_template(_labels("一、总体情况", "本年度我局认真落实条例。", "")) is None


@pytest.mark.parametrize(
    "labels",
    [
        ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        ("其他对外管理服务事项",),
        ("第二十条第（九）项", "政府集中采购", "采购总金额"),
    ],
)
def test_2019_signals(labels: tuple[str, ...]) -> None:
    assert detect_template(_labels(*labels)) is TemplateVersion.V2019


@pytest.mark.parametrize(
    "labels",
    [
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        ("行政规范性文件",),
        ("本年处理决定数量",),
        ("本年收费金额（单位：万元）",),
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",),
    ],
)
def test_2021_signals(labels: tuple[str, ...]) -> None:
    assert detect_template(_labels(*labels)) is TemplateVersion.V2021


def test_votes_decide_mixed_tables() -> None:
    """A 2021 table with one stray 2019 wording is still 2021, and the other way round."""
    mostly_2021 = _labels("本年制发件数", "本年废止件数", "现行有效件数", "规范性文件", "采购项目数量")
    assert detect_template(mostly_2021) is TemplateVersion.V2021
    mostly_2019 = _labels("本年新制作数量", "本年新公开数量", "对外公开总数量", "本年处理决定数量")
    assert detect_template(mostly_2019) is TemplateVersion.V2019


def test_table_without_distinguishing_labels_defaults_to_2019() -> None:
    labels = _labels("一、本年新收政府信息公开申请数量", "四、结转下年度继续办理", "自然人", "总计")
    assert detect_template(labels) is TemplateVersion.V2019


def test_tie_goes_to_2019() -> None:
    assert detect_template(_labels("本年新制作数量", "本年制发件数")) is TemplateVersion.V2019


def test_year_in_labels_plays_no_part() -> None:
    """The version comes from the tables, never from a year in the text."""
    labels = _labels("2023年", "本年新制作数量", "本年新公开数量", "对外公开总数量")
    assert detect_template(labels) is TemplateVersion.V2019
