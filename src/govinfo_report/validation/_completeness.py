"""R-G-10: every cell of the template's tables was read, or the report says which were not and why."""

from __future__ import annotations

from collections.abc import Iterator

from govinfo_report.model import CellState, Gap, TableCompleteness, TemplateVersion
from govinfo_report.model.labels import cell_label
from govinfo_report.validation._context import Context
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._labels import TABLE_NAMES
from govinfo_report.validation._registry import BOTH, rule

__all__: list[str] = []

_GAPS: dict[Gap, tuple[str, str]] = {
    Gap.TABLE_NOT_FOUND: (
        "表头和各行均未找到",
        "neither its heading nor any of its rows was found",
    ),
    Gap.NO_TABLE_GRID: (
        "输入中没有该表的表格结构，只能在正文中查找（例如从 PDF 提取的纯文本）",
        "the input has no table grid for it, so it was looked for in running text"
        " (as in text extracted from a PDF)",
    ),
    Gap.CUT_OFF: (
        "表格中途中断，其后各行均缺失（页面丢失或在分页处被截断）",
        "the table stops early and every row after its first ones is missing"
        " (a lost page, or a table cut at a page break)",
    ),
    Gap.ROWS_NOT_FOUND: (
        "表中部分行未找到（行标签缺失或改动过大）",
        "rows of the table were not found (their labels lost or changed beyond recognition)",
    ),
    Gap.CELLS_NOT_SPLIT: (
        "一行中的数字连写或与各列不对齐，无法确定如何拆分到各单元格",
        "a row's numbers ran together or did not line up with the columns,"
        " and could not be split into cells with certainty",
    ),
    Gap.PARTS_NOT_READ: (
        "输入中有未能读取的部分（例如表格图片），该表可能在其中",
        "part of the input was not read (e.g. a picture of a table), and the table may be in it",
    ),
}
_SHOWN_ROWS = 3


@rule(
    "R-G-10",
    severity=Severity.ERROR,
    rule_class="S",
    versions=BOTH,
    summary=(
        "Every cell of the three tables was read: error when a table is not found or most of its "
        "cells are missing, warning when some cells are missing or unresolved."
    ),
)
def check_completeness(ctx: Context) -> Iterator[Finding]:
    """Every cell of the template's three tables must be read.

    A table that was not found, or whose cells are mostly missing, is an error:
    its figures are not in the output at all, and totals, comparisons and
    exports built on the report would silently lack them. Some missing or
    unresolved cells give a warning. The message names the table, counts the
    cells that were not read and says why, where the report shows it: no table
    grid in the input (text extracted from a PDF or a web page), a table cut
    off, rows whose labels were lost, numbers run together that could not be
    split. Parse the original file (PDF, DOCX or web page) rather than text
    extracted from it, or check the listed cells by hand.
    """
    report = ctx.report
    for table in report.completeness.tables:
        if not (table.missing or table.unresolved):
            continue
        yield _finding(ctx, table)


def _finding(ctx: Context, table: TableCompleteness) -> Finding:
    report = ctx.report
    table_zh, table_en = TABLE_NAMES[table.table]
    error = not table.found or table.missing * 2 > table.expected
    unread = [
        key
        for key, cell in ctx.cells.items()
        if key.startswith(f"{table.table}.") and cell.state in (CellState.MISSING, CellState.UNRESOLVED)
    ]
    counts_zh = "，".join(
        text
        for count, text in (
            (table.missing, f"缺失 {table.missing} 个"),
            (table.unresolved, f"未能确定 {table.unresolved} 个"),
        )
        if count
    )
    counts_en = ", ".join(
        text
        for count, text in (
            (table.missing, f"{table.missing} missing"),
            (table.unresolved, f"{table.unresolved} unresolved"),
        )
        if count
    )
    why_zh = "；".join(_GAPS[gap][0] for gap in table.gaps)
    why_en = "; ".join(_GAPS[gap][1] for gap in table.gaps)
    rows_zh, rows_en = _missing_rows(report.template, ctx, table)
    if not table.found:
        zh = f"未找到表格“{table_zh}”：其 {table.expected} 个单元格均未读出（{why_zh}）。"
        en = f"{table_en} was not found: none of its {table.expected} cells was read ({why_en})."
    else:
        zh = (
            f"{table_zh}：模板的 {table.expected} 个单元格中读出 {table.read} 个，{counts_zh}。"
            + (f"原因：{why_zh}。" if why_zh else "")
            + rows_zh
        )
        en = (
            f"{table_en}: {table.read} of the template's {table.expected} cells were read ({counts_en})."
            + (f" Why: {why_en}." if why_en else "")
            + rows_en
        )
    if error:
        zh += "该表的数值大多不在输出中：请改用原始文件（PDF、DOCX 或网页）解析，或人工核对。"
        en += (
            " Most of its figures are not in the output: parse the original file (PDF, DOCX or web page)"
            " rather than text extracted from it, or check the table by hand."
        )
    locations = ctx.locations(unread)
    start = {source.kind: source.location for source in report.tables}[table.table]
    if start is not None:
        locations = (start, *(location for location in locations if location != start))
    return Finding(
        rule_id="R-G-10",
        severity=Severity.ERROR if error else Severity.WARNING,
        message_zh=zh,
        message_en=en,
        cells=tuple(unread),
        expected=f"{table.expected} cells read",
        found=f"{table.read} read, {table.missing} missing, {table.unresolved} unresolved",
        locations=locations,
        table=table.table,
    )


def _missing_rows(template: TemplateVersion, ctx: Context, table: TableCompleteness) -> tuple[str, str]:
    """Name the first missing rows of a table that was found, in Chinese and English."""
    if not table.found or table.missing in (0, table.expected):
        return "", ""
    rows: list[str] = []
    for key, cell in ctx.cells.items():
        if key.startswith(f"{table.table}.") and cell.state is CellState.MISSING:
            group, row, _ = cell_label(template, key)
            name = f"{group}·{row}" if group else row
            if name not in rows:
                rows.append(name)
    shown = "、".join(rows[:_SHOWN_ROWS]) + (" 等" if len(rows) > _SHOWN_ROWS else "")
    shown_en = ", ".join(rows[:_SHOWN_ROWS]) + (" and others" if len(rows) > _SHOWN_ROWS else "")
    return f"缺失的行：{shown}。", f" Rows missing: {shown_en}."
