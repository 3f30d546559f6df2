"""The readable rendering of a report's tables (the CLI's default output)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import CORPUS_DIR

from govinfo_report import parse_bytes, parse_path
from govinfo_report.examples import example_bytes
from govinfo_report.model import Cell, CellState, Report, Row, TableKind, TemplateVersion
from govinfo_report.model.labels import (
    APPLICANT_COLUMNS,
    REQUEST_GROUPS,
    REQUESTS_RESULTS_HEADER,
    request_rows,
)
from govinfo_report.render import display_label, render_report
from govinfo_report.strategies import make_report, reports

if TYPE_CHECKING:
    from tests.conftest import CorpusCase

SEED_000 = CORPUS_DIR / "seed-000-linan-health-2020.txt"
APPLICANT_HEADERS = ("自然人", "商业企业", "科研机构", "公益组织", "法律服务", "其他", "总计")


def columns(text: str) -> int:
    """Display columns of ``text`` as a terminal shows it: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _line(text: str, start: str) -> str:
    matches = [line for line in text.splitlines() if line.strip().startswith(start)]
    assert len(matches) == 1, (start, matches)
    return matches[0]


def _section(text: str, title: str) -> list[str]:
    """The lines of one table: after its title, up to the blank line before the next title or the legend."""
    lines = text.splitlines()
    start = lines.index(title) + 1
    ends = [i for i in range(start, len(lines)) if lines[i] in (*_TITLES, "说明：")]
    return lines[start : ends[0] if ends else len(lines)]


_TITLES = (
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
)


def _right_edges(line: str) -> list[int]:
    """Display columns at which the space-separated items of ``line`` end."""
    edges = []
    for match in re.finditer(r"\S+", line):
        edges.append(columns(line[: match.end()]))
    return edges


def test_header_and_three_tables() -> None:
    text = render_report(parse_bytes(example_bytes()))
    lines = text.splitlines()
    assert lines[0] == "北京市朝阳区卫生健康委员会2020年政府信息公开工作年度报告"
    assert lines[1] == "机构: 北京市朝阳区卫生健康委员会  年度: 2020  模板: 2019"
    assert [line for line in lines if line in _TITLES] == list(_TITLES)
    assert text.endswith("\n")
    assert not text.endswith("\n\n")


@pytest.mark.corpus
def test_corpus_renderings_fit_100_columns(corpus_case: CorpusCase) -> None:
    """Every line of every corpus report fits 100 display columns, wide characters counted twice."""
    text = render_report(parse_path(corpus_case.path))
    widest = max(text.splitlines(), key=columns)
    assert columns(widest) <= 100, widest


@given(reports(consistent=False, extra_rows=True), st.integers(min_value=40, max_value=140))
def test_generated_reports_fit_the_width(report: Report, width: int) -> None:
    """Odd labels, unreadable cells and extra rows still give lines of at most ``width`` columns."""
    lines = render_report(report, width=width).splitlines()
    assert all(columns(line) <= width for line in lines), [line for line in lines if columns(line) > width]


def test_width_below_40_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 40"):
        render_report(make_report("2021"), width=39)


def test_application_table_is_an_aligned_grid() -> None:
    """Values end in the same display column as their column's short name, under CJK labels of any width."""
    table = _section(render_report(parse_bytes(example_bytes())), _TITLES[1])
    header, rule = table[0], table[1]
    assert header.split() == list(APPLICANT_HEADERS)
    assert set(rule) == {"-"}
    assert columns(rule) == columns(header)
    edges = _right_edges(header)
    value_lines = [line for line in table[2:] if re.search(r"\d\s*$", line)]
    assert len(value_lines) == len(request_rows(TemplateVersion.V2019))
    for line in value_lines:
        assert _right_edges(line)[-7:] == edges, line
    assert _line("\n".join(table), "一、本年新收").split()[-7:] == ["44", "22", "0", "0", "0", "0", "66"]


def test_group_headings_are_parent_rows() -> None:
    """三、本年度办理结果 and （三）…（六） head their rows; the numbered sub-rows are indented beneath."""
    table = _section(render_report(make_report("2021")), _TITLES[1])[:-1]
    outcomes = table.index(REQUESTS_RESULTS_HEADER)
    assert table[outcomes + 1].startswith("  （一）予以公开 ")
    for heading in REQUEST_GROUPS.values():
        index = table.index("  " + heading)
        assert table[index + 1].startswith("    1."), table[index + 1]
    assert table[-2].startswith("  （七）总计 ")
    assert table[-1].startswith("四、结转下年度继续办理 ")


def test_2019_other_handling_is_a_row_with_values() -> None:
    table = _section(render_report(make_report("2019")), _TITLES[1])
    assert _line("\n".join(table), "（六）其他处理").split()[1:] == ["0"] * 7


def test_short_column_names_come_from_the_model() -> None:
    text = render_report(make_report("2021"))
    assert _section(text, _TITLES[1])[0].split() == [column.short for column in APPLICANT_COLUMNS]
    assert "第二十条第（一）项  制发  废止  现行有效" in text


def test_labels_lose_the_line_breaks_of_the_source_layout() -> None:
    """huaian's PDF breaks （二）部分公开… inside a word; the rendering joins it again."""
    text = render_report(parse_path(CORPUS_DIR / "huaian-city-gov-2024.pdf"))
    assert "只计这一情 形" not in text
    assert "（二）部分公开（区分处理的，只计这一情" in text


def test_huaian_fees_read_in_wan_yuan_as_the_header_says() -> None:
    """huaian's fee header says 万元 and the cell 96171.6: shown so, with the 元 value the model holds."""
    text = render_report(parse_path(CORPUS_DIR / "huaian-city-gov-2024.pdf"))
    assert _line(text, "行政事业性收费").split() == ["行政事业性收费", "96171.6万元"]
    assert "(961716000元)" in text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("只计这一情 形", "只计这一情形"),
        ("（六）其他\n  处理", "（六）其他处理"),
        ("PDF  line\tbreaks", "PDF line breaks"),
        ("2024 年 Annual", "2024 年 Annual"),
        ("a\x1b[2Jb\u200b", "a[2Jb"),
        ("   ", ""),
    ],
)
def test_display_label(raw: str, shown: str) -> None:
    assert display_label(raw) == shown


def test_long_latin_words_wrap_between_words() -> None:
    label = "Administrative reconsideration requests transferred elsewhere"
    extra = {TableKind.APPEALS: [Row(key=None, label=label, cells=(Cell(key=None, value=1, raw="1"),) * 5)]}
    lines = render_report(make_report("2021", extra_rows=extra), width=40).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Administrative"))
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    assert end - start > 1
    labels = [re.sub(r"[\s\d]+$", "", line).strip() for line in lines[start:end]]
    assert " ".join(labels) == label


def test_narrow_width_splits_the_columns_into_groups() -> None:
    """At 60 columns the seven applicant columns come in groups, each with the row labels."""
    text = render_report(parse_bytes(example_bytes()), width=60)
    assert all(columns(line) <= 60 for line in text.splitlines())
    table = _section(text, _TITLES[1])
    headers = [line.split() for line in table if line.split() and line.split()[-1] in APPLICANT_HEADERS]
    assert [name for header in headers for name in header] == list(APPLICANT_HEADERS)
    assert len(headers) > 1
    assert sum(1 for line in table if line.startswith("一、本年新收")) == len(headers)


def test_extra_rows_are_shown_apart() -> None:
    text = render_report(parse_bytes(example_bytes()))
    table = _section(text, _TITLES[0])
    start = table.index("非模板行")
    assert table[start + 2].split() == ["行政检查", "13", "0", "84470"]
    assert table[start + 3].split() == ["行政确认", "8", "0", "17510"]


def test_extra_rows_with_the_table_columns_are_aligned_under_them() -> None:
    cells = tuple(Cell(key=None, value=index, raw=str(index)) for index in range(7))
    extra = {TableKind.REQUESTS: [Row(key=None, label="（八）其他\n情形", cells=cells)]}
    table = _section(render_report(make_report("2019", extra_rows=extra)), _TITLES[1])
    start = next(index for index, line in enumerate(table) if line.startswith("非模板行"))
    assert table[start].split()[1:] == list(APPLICANT_HEADERS)
    assert table[start + 2].split() == ["（八）其他情形", "0", "1", "2", "3", "4", "5", "6"]
    assert _right_edges(table[start + 2])[1:] == _right_edges(table[start])[1:]


_MARKED = {
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


def test_cell_states_are_marked() -> None:
    text = render_report(make_report("2019", cell_overrides=_MARKED))
    assert _line(text, "（一）予以公开").split()[1:] == ["(空)", "(缺)", "(?)", "(无效)X", "4*", "0", "0"]


def test_legend_explains_the_marks_that_occur() -> None:
    lines = render_report(make_report("2019", cell_overrides=_MARKED)).splitlines()
    legend = lines[lines.index("说明：") + 1 :]
    assert [line.split()[0] for line in legend] == ["(空)", "(缺)", "(?)", "(无效)", "*"]
    assert "空白不等于 0" in legend[0]
    assert "推算" in legend[-1]


def test_legend_lists_only_marks_that_occur() -> None:
    overrides = {key: cell for key, cell in _MARKED.items() if cell.state is CellState.BLANK}
    lines = render_report(make_report("2019", cell_overrides=overrides)).splitlines()
    assert lines[lines.index("说明：") + 1 :] == ["  (空)  原表此格空白（空白不等于 0）"]


def test_no_legend_without_marks() -> None:
    assert "说明：" not in render_report(make_report("2021"))


def test_money_in_wan_yuan_is_shown_in_wan_yuan_and_yuan() -> None:
    """A fee the report states in 万元 (the 2021 column header) shows both units, truthfully labelled."""
    key = "proactive.art20_8.fees.amount_yuan"
    cell = Cell(key=key, value=Decimal("961716000"), raw="96171.6", unit="万元")
    table = "\n".join(_section(render_report(make_report("2021", cell_overrides={key: cell})), _TITLES[0]))
    assert _line(table, "第二十条第（八）项").split() == ["第二十条第（八）项", "收费金额"]
    assert _line(table, "行政事业性收费").split() == ["行政事业性收费", "96171.6万元"]
    assert "(961716000元)" in table
    assert "961716000万元" not in table


def test_money_in_yuan_says_yuan() -> None:
    key = "proactive.art20_9.procurement.amount_yuan"
    report = make_report("2019", {key: Decimal("1.5E+4")})
    assert _line(render_report(report), "政府集中采购").split() == ["政府集中采购", "0", "15000元"]


def test_missing_metadata() -> None:
    report = attrs.evolve(make_report("2019", agency=None, title=""), year=None)
    lines = render_report(report).splitlines()
    assert lines[0] == "(无标题)"
    assert lines[1] == "机构: (未识别)  年度: (未识别)  模板: 2019"


def test_row_without_label_uses_the_template_label() -> None:
    """seed-000's sub-rows lost their label cells; they are placed by position and named from the template."""
    text = render_report(parse_bytes(SEED_000.read_bytes()))
    assert _line(text, "2.其他法律行政法规禁止公开").split()[1:] == ["0"] * 7
    assert _line(text, "5.要求行政机关确认或重新出具已获取")


def test_digits_line_up_beside_inferred_marks() -> None:
    """In a column with an inferred value, the other values leave the mark's place free."""
    text = render_report(make_report("2019", cell_overrides=_MARKED))
    marked, plain = _line(text, "（一）予以公开"), _line(text, "（二）部分公开")
    assert marked.split()[-3] == "4*"
    assert plain.split()[-3] == "0"
    assert _right_edges(marked)[-3] == _right_edges(plain)[-3] + 1
    assert _right_edges(marked)[-1] == _right_edges(plain)[-1]
