"""The readable rendering of a report's tables (the CLI's default output)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs

from govinfo_report import parse_bytes
from govinfo_report.examples import example_bytes
from govinfo_report.model import Cell, CellState, Row, TableKind
from govinfo_report.model.labels import cell_keys, proactive_blocks, request_rows
from govinfo_report.render import render_report
from govinfo_report.strategies import make_report

SEED_000 = Path(__file__).parent / "data" / "corpus" / "seed-000-linan-health-2020.txt"


def _line(text: str, start: str) -> str:
    matches = [line for line in text.splitlines() if line.strip().startswith(start)]
    assert len(matches) == 1, (start, matches)
    return matches[0]


def test_header_and_three_tables() -> None:
    text = render_report(parse_bytes(example_bytes()))
    lines = text.splitlines()
    assert lines[0] == "北京市朝阳区卫生健康委员会2020年政府信息公开工作年度报告"
    assert lines[1] == "机构: 北京市朝阳区卫生健康委员会  年度: 2020  模板: 2019"
    titles = [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    assert [line for line in lines if line in titles] == titles
    assert text.endswith("\n")
    assert not text.endswith("\n\n")


def test_every_template_row_has_a_line() -> None:
    report = make_report("2021")
    text = render_report(report)
    row_lines = [line for line in text.splitlines() if line.startswith("  ") and not line.startswith("  +")]
    rows = sum(len(block.rows) for block in proactive_blocks(report.template))
    rows += len(request_rows(report.template)) + 3
    assert len(row_lines) == rows
    cells = sum(line.count("|") + 1 for line in row_lines)
    assert cells == len(cell_keys("2021"))


def test_values_with_column_labels() -> None:
    text = render_report(parse_bytes(example_bytes()))
    assert _line(text, "行政许可:") == "  行政许可: 上一年项目数量 25 | 本年增/减 -3 | 处理决定数量 28225"
    assert _line(text, "政府集中采购:") == "  政府集中采购: 采购项目数量 74 | 采购总金额 6271854"
    assert "总计 66" in _line(text, "一、本年新收政府信息公开申请数量")


def test_extra_rows_are_shown_and_marked() -> None:
    text = render_report(parse_bytes(example_bytes()))
    assert _line(text, "+ 行政检查") == "  + 行政检查 (非模板行): 13 | 0 | 84470"
    assert _line(text, "+ 行政确认") == "  + 行政确认 (非模板行): 8 | 0 | 17510"


def test_cell_states_are_marked() -> None:
    overrides = {
        "requests.granted.natural_person": Cell(key="requests.granted.natural_person", state=CellState.BLANK),
        "requests.granted.commercial": Cell(key="requests.granted.commercial", state=CellState.MISSING),
        "requests.granted.research": Cell(
            key="requests.granted.research", state=CellState.UNRESOLVED, raw="12", alternatives=(1, 12)
        ),
        "requests.granted.public_interest": Cell(
            key="requests.granted.public_interest", state=CellState.INVALID, raw=" X "
        ),
        "requests.granted.legal_service": Cell(
            key="requests.granted.legal_service", state=CellState.INFERRED, value=4
        ),
    }
    text = render_report(make_report("2019", cell_overrides=overrides))
    line = _line(text, "（一）予以公开")
    assert "自然人 (空)" in line
    assert "商业企业 (缺)" in line
    assert "科研机构 (?)" in line
    assert "社会公益组织 (无效)X" in line
    assert "法律服务机构 4*" in line


def test_decimal_money_without_exponent() -> None:
    report = make_report("2021", {"proactive.art20_8.fees.amount_yuan": Decimal("1.5E+4")})
    assert "本年收费金额（单位：万元） 15000" in _line(render_report(report), "行政事业性收费")


def test_missing_metadata() -> None:
    report = attrs.evolve(make_report("2019", agency=None, title=""), year=None)
    lines = render_report(report).splitlines()
    assert lines[0] == "(无标题)"
    assert lines[1] == "机构: (未识别)  年度: (未识别)  模板: 2019"


def test_row_without_label_uses_the_template_label() -> None:
    """seed-000's sub-rows lost their label cells; they are placed by position and named from the template."""
    text = render_report(parse_bytes(SEED_000.read_bytes()))
    assert _line(text, "2.其他法律行政法规禁止公开:").startswith("  2.其他法律行政法规禁止公开: 自然人 0 |")
    assert _line(text, "5.要求行政机关确认或重新出具已获取信息:")


def test_extra_row_labels_are_flattened() -> None:
    report = make_report(
        "2019",
        extra_rows={
            TableKind.REQUESTS: [
                Row(key=None, label="（六）其他\n  处理", cells=(Cell(key=None, value=0, raw="0"),)),
            ]
        },
    )
    assert _line(render_report(report), "+ （六）其他 处理") == "  + （六）其他 处理 (非模板行): 0"
