"""Rendering numbers, terms and sums for finding messages."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from govinfo_report.errors import SourceLocation
from govinfo_report.model import CellState
from govinfo_report.model.cellkey import CellKey
from govinfo_report.validation._context import Context, Number
from govinfo_report.validation._labels import cell_name, column_name, row_name

__all__ = ["fmt_location", "fmt_number", "fmt_sum", "term_labels"]

_MAX_FULL_TERMS = 7


def fmt_number(value: Number | None) -> str:
    """Format a number without exponent or trailing zeros; ``?`` when unknown."""
    if value is None:
        return "?"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    return str(value)


def term_labels(keys: Sequence[str], lang: str) -> list[str]:
    """Name terms by what distinguishes them: the column within a row, the row within a column."""
    parsed = [CellKey.parse(key) for key in keys]
    rows = {(key.table, key.row) for key in parsed}
    columns = {key.column for key in parsed}
    if len(keys) > 1 and len(rows) == 1:
        return [column_name(key, lang) for key in keys]
    if len(keys) > 1 and len(columns) == 1:
        return [row_name(key, lang) for key in keys]
    return [cell_name(key, lang) for key in keys]


def _fmt_term(ctx: Context, key: str, label: str, lang: str) -> str:
    cell = ctx.cell(key)
    if cell is not None and cell.state is CellState.BLANK:
        return f"{label} {'空白' if lang == 'zh' else 'blank'}"
    return f"{label} {fmt_number(ctx.arith(key))}"


def fmt_sum(ctx: Context, keys: Sequence[str], labels: Sequence[str], lang: str) -> str:
    """Render ``a 1 + b 2 = 3``; long sums show only their non-zero terms."""
    values = [ctx.arith(key) for key in keys]
    if len(keys) == 1:
        return _fmt_term(ctx, keys[0], labels[0], lang)
    known = [value for value in values if value is not None]
    total = fmt_number(sum(known, 0)) if len(known) == len(values) else "?"
    if len(keys) <= _MAX_FULL_TERMS:
        shown = [_fmt_term(ctx, key, label, lang) for key, label in zip(keys, labels, strict=True)]
        return " + ".join(shown) + f" = {total}"
    shown = [
        _fmt_term(ctx, key, label, lang)
        for key, label, value in zip(keys, labels, values, strict=True)
        if value != 0
    ]
    rest = len(keys) - len(shown)
    if lang == "zh":
        tail = f"其余 {rest} 项为 0" if shown else f"{rest} 项均为 0"
    else:
        tail = f"{rest} other terms 0" if shown else f"all {rest} terms 0"
    return " + ".join([*shown, tail]) + f" = {total}"


def fmt_location(location: SourceLocation, lang: str, table_name: str | None = None) -> str:
    """Describe ``location`` for a reader in ``lang``, every position counted from one.

    Args:
        location: Where a cell or sentence is.
        lang: ``"zh"`` or ``"en"``.
        table_name: The title of the table the location's grid holds, as the
            report names it; the grid is numbered when it is not known.

    Returns:
        E.g. ``report.pdf，第4页，“三、收到和处理政府信息公开申请情况”第7行第4列``;
        XPaths and boxes are left to the JSON output.
    """
    zh = lang == "zh"
    parts: list[str] = []
    if location.source:
        parts.append(location.source)
    if location.page is not None:
        parts.append(f"第{location.page}页" if zh else f"p. {location.page}")
    if location.line is not None:
        text = f"第{location.line}行" if zh else f"line {location.line}"
        if location.column is not None:
            text += f"第{location.column}字" if zh else f", character {location.column}"
        parts.append(text)
    if location.table is not None:
        if table_name:
            text = f"“{table_name}”" if zh else f"table “{table_name}”"
        else:
            text = f"第{location.table + 1}个表格" if zh else f"table {location.table + 1}"
        if location.row is not None:
            text += f"第{location.row + 1}行" if zh else f", row {location.row + 1}"
        if location.col is not None:
            text += f"第{location.col + 1}列" if zh else f", column {location.col + 1}"
        parts.append(text)
    return ("，" if zh else ", ").join(parts)
