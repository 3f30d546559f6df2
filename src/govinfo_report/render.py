"""Readable plain-text rendering of a report's three tables."""

from __future__ import annotations

from decimal import Decimal

from govinfo_report.model import Cell, CellState, Report, Row, Table
from govinfo_report.model.labels import TABLES, cell_label

__all__ = ["render_report"]

_TABLE_TITLES = {table.kind: table.title for table in TABLES}
_STATE_MARKS = {
    CellState.BLANK: "(空)",
    CellState.MISSING: "(缺)",
    CellState.UNRESOLVED: "(?)",
    CellState.INVALID: "(无效)",
}


def _format_value(cell: Cell) -> str:
    if cell.state in _STATE_MARKS:
        mark = _STATE_MARKS[cell.state]
        return f"{mark}{cell.raw.strip()}" if cell.state is CellState.INVALID else mark
    value = cell.value
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text + ("*" if cell.state is CellState.INFERRED else "")


def _row_line(report: Report, row: Row) -> str:
    parts = []
    for cell in row.cells:
        column = cell_label(report.template, cell.key)[2] if cell.key else ""
        parts.append(f"{column} {_format_value(cell)}" if column else _format_value(cell))
    label = row.label.strip() or (
        cell_label(report.template, row.cells[0].key)[1] if row.cells and row.cells[0].key else ""
    )
    return f"  {' '.join(label.split())}: " + " | ".join(parts)


def _table_lines(report: Report, table: Table) -> list[str]:
    lines = [_TABLE_TITLES[table.kind]]
    lines.extend(_row_line(report, row) for row in table.rows)
    for extra in table.extra_rows:
        values = " | ".join(_format_value(cell) for cell in extra.cells)
        lines.append(f"  + {' '.join(extra.label.split())} (非模板行): {values}")
    return lines


def render_report(report: Report) -> str:
    """Return the report's metadata and its three tables as readable text.

    Cells that are blank, missing, unresolved or invalid are marked
    ``(空)``, ``(缺)``, ``(?)`` and ``(无效)``; inferred values end in ``*``.
    """
    header = [
        report.title or "(无标题)",
        f"机构: {report.agency or '(未识别)'}  年度: {report.year or '(未识别)'}"
        f"  模板: {report.template.value}",
        "",
    ]
    body: list[str] = []
    for table in report.tables:
        body.extend(_table_lines(report, table))
        body.append("")
    return "\n".join(header + body).rstrip() + "\n"
