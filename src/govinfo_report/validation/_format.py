"""Rendering numbers, terms and sums for finding messages."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from govinfo_report.model import CellState
from govinfo_report.model.cellkey import CellKey
from govinfo_report.validation._context import Context, Number
from govinfo_report.validation._labels import cell_name, column_name, row_name

__all__ = ["fmt_number", "fmt_sum", "term_labels"]

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
