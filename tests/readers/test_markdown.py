"""The Markdown reader: pipe tables and HTML fragments as grids, other lines as paragraphs."""

from __future__ import annotations

import pytest

from govinfo_report.document import Format, Paragraph, TableGrid
from govinfo_report.errors import LimitExceededError
from govinfo_report.limits import Limits
from govinfo_report.readers import detect_format, read_document
from govinfo_report.readers.markdown import is_separator_row, markdown_to_document


def _grids(text: str) -> list[list[list[str]]]:
    document = markdown_to_document(text, source="t.md")
    return [
        [[cell.text for cell in row] for row in block.rows]
        for block in document.blocks
        if isinstance(block, TableGrid)
    ]


def _paragraphs(text: str) -> list[str]:
    return [block.text for block in markdown_to_document(text).blocks if isinstance(block, Paragraph)]


def test_pipe_table_drops_the_separator_row_and_keeps_empty_cells() -> None:
    grids = _grids("|信息内容|本年制发件数|\n|---|:---:|\n|规章|1|\n||2|\n")
    assert grids == [[["信息内容", "本年制发件数"], ["规章", "1"], ["", "2"]]]


def test_pipe_table_without_separator_row() -> None:
    """markitdown's continuation pieces and hand-made tables may lack the separator."""
    assert _grids("| | | 3001 53 | 0 0 | 3119 |\n| | 1.属于国家秘密 | 2 0 | 2 |\n") == [
        [["", "", "3001 53", "0 0", "3119"], ["", "1.属于国家秘密", "2 0", "2"]]
    ]


def test_header_line_without_outer_pipes_starts_a_table() -> None:
    assert _grids("类别 | 数据1\n--- | ---\n| 规章 | 3 |\n") == [[["类别", "数据1"], ["规章", "3"]]]


def test_br_in_a_cell_is_a_line_break_and_escaped_pipes_stay() -> None:
    grids = _grids("|（四）无<br>1.本机关不掌握相关政府信息|746|\n|a \\| b<br/>c|1|\n")
    assert grids == [[["（四）无\n1.本机关不掌握相关政府信息", "746"], ["a | b\nc", "1"]]]


def test_lines_between_tables_are_paragraphs_and_split_the_tables() -> None:
    text = "## 三、收到和处理政府信息公开申请情况\n|a|1|\n**1.属于国家秘密**\n|b|2|\n"
    document = markdown_to_document(text)
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Paragraph", "TableGrid", "Paragraph", "TableGrid"]
    assert _paragraphs(text) == ["三、收到和处理政府信息公开申请情况", "1.属于国家秘密"]


def test_cell_locations_name_line_table_row_and_column() -> None:
    document = markdown_to_document("intro\n|a|b|\n|-|-|\n|c|d|\n", source="t.md")
    grid = next(block for block in document.blocks if isinstance(block, TableGrid))
    cell = grid.rows[1][1]
    assert (cell.location.source, cell.location.line, cell.location.table) == ("t.md", 4, 0)
    assert (cell.location.row, cell.location.col) == (1, 1)


def test_html_table_fragment_is_read_by_the_html_reader_with_its_spans() -> None:
    text = (
        "before\n<table><tr><td rowspan='2'>三、本年度办理结果</td><td>（一）予以公开</td><td>5</td></tr>\n"
        "<tr><td>（二）部分公开</td><td>6</td></tr></table>\nafter\n"
    )
    document = markdown_to_document(text)
    assert [type(block).__name__ for block in document.blocks] == ["Paragraph", "TableGrid", "Paragraph"]
    grid = document.blocks[1]
    assert isinstance(grid, TableGrid)
    assert [[cell.text for cell in row] for row in grid.rows] == [
        ["三、本年度办理结果", "（一）予以公开", "5"],
        ["三、本年度办理结果", "（二）部分公开", "6"],
    ]
    assert grid.rows[1][0].spanned
    assert grid.location.line == 2


def test_table_cell_limit() -> None:
    rows = "".join(f"|{n}|{n}|\n" for n in range(20))
    with pytest.raises(LimitExceededError, match="max_table_cells"):
        markdown_to_document(rows, limits=Limits(max_table_cells=10))


@pytest.mark.parametrize(
    ("line", "expected"),
    [("|---|:---:|", True), ("| --- | --- |", True), ("---|---", True), ("|a|b|", False), ("---", False)],
)
def test_separator_rows(line: str, expected: bool) -> None:
    assert is_separator_row(line) is expected


def test_detected_from_content_not_name() -> None:
    table = "报告\n\n| 信息内容 | 本年制发件数 |\n| --- | --- |\n| 规章 | 1 |\n".encode()
    assert detect_format(table) is Format.MARKDOWN
    assert detect_format("# 标题\n| a | 1 |\n| b | 2 |\n".encode()) is Format.MARKDOWN
    # One pipe row alone is Markdown only with a .md name; a name never makes HTML Markdown.
    assert detect_format("报告\n| a | 1 |\n".encode()) is Format.TEXT
    assert detect_format("报告\n| a | 1 |\n".encode(), name="report.md") is Format.MARKDOWN
    assert detect_format(b"<!DOCTYPE html><html><table></table></html>", name="x.md") is Format.HTML


def test_markdown_with_an_html_table_is_markdown_not_html() -> None:
    data = "# 报告\n\n| a | 1 |\n|---|---|\n\n<table><tr><td>b</td><td>2</td></tr></table>\n".encode()
    assert detect_format(data) is Format.MARKDOWN
    document = read_document(data)
    assert document.format is Format.MARKDOWN
    assert sum(isinstance(block, TableGrid) for block in document.blocks) == 2
