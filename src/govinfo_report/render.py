"""Readable plain-text rendering of a report's three tables.

The tables are laid out as grids for a terminal of fixed-width characters:
East Asian wide characters count as two columns, labels wrap at character
boundaries inside Chinese text and at spaces between Latin words, and a table
wider than the page is split into groups of columns, each with the row labels.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from govinfo_report.model import Cell, CellState, Report, Row, Table, TableCompleteness, TableKind
from govinfo_report.model.equations import result_rows
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    REQUEST_GROUPS,
    REQUESTS_RESULTS_HEADER,
    TOTAL_PROCESSED,
    ColumnSpec,
    proactive_blocks,
    request_rows,
    table_title,
)

__all__ = ["DEFAULT_WIDTH", "completeness_lines", "display_label", "render_report"]

DEFAULT_WIDTH = 100
"""The width, in display columns, that :func:`render_report` fits its lines into by default."""

_MIN_WIDTH = 40
_GAP = "  "
_INDENT = "  "
# The label column is not narrowed below this before the value columns are split into groups.
_LABEL_MIN = 24
# A value column is not widened beyond this; longer text wraps inside the cell.
_CELL_MAX = 16
_EXTRA_ROWS = "非模板行"

_STATE_MARKS = {
    CellState.BLANK: "(空)",
    CellState.MISSING: "(缺)",
    CellState.UNRESOLVED: "(?)",
    CellState.INVALID: "(无效)",
}
_INFERRED_MARK = "*"
_LEGEND = {
    CellState.BLANK: "原表此格空白（空白不等于 0）",
    CellState.MISSING: "原表没有此格",
    CellState.UNRESOLVED: "原文可读作几个不同的数，无法确定（候选值见 JSON 输出）",
    CellState.INVALID: "此格不是数字，标记后是原文",
    CellState.INFERRED: "原文残缺，数值由表内的勾稽关系推算",
}

_WHITESPACE = re.compile(r"\s+")


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in {"Mn", "Me", "Cf", "Cc"}:
        return 0
    return 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1


def _width(text: str) -> int:
    return sum(_char_width(char) for char in text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in {"W", "F"}


def display_label(text: str) -> str:
    """Return ``text`` on one line as a reader expects it.

    Control and format characters are dropped; runs of whitespace become one
    space, and disappear between two wide (Chinese) characters, where they are
    line breaks of the source layout (``只计这一情 形`` becomes ``只计这一情形``).

    Args:
        text: A label or cell text as found in the source.

    Returns:
        The cleaned text.
    """
    visible = "".join(
        char for char in text if unicodedata.category(char) not in {"Cc", "Cf"} or char.isspace()
    )
    words = _WHITESPACE.split(visible.strip())
    joined = words[0]
    for word in words[1:]:
        if not (_wide(joined[-1]) and _wide(word[0])):
            joined += " "
        joined += word
    return joined


def _tokens(text: str) -> Iterable[str]:
    """Split ``text`` into units a line may break between: Latin words, wide characters, spaces."""
    word = ""
    for char in text:
        if char == " " or _wide(char):
            if word:
                yield word
                word = ""
            yield char
        else:
            word += char
    if word:
        yield word


def _wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` display columns, never inside a Latin word that fits."""
    width = max(width, 2)  # room for one wide character, so that every line takes something
    lines: list[str] = []
    line = ""
    for piece in _tokens(text):
        if piece == " " and not line:
            continue
        if _width(line + piece) <= width:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = "" if piece == " " else piece
        while _width(line) > width:  # a word longer than a whole line: break it where it must
            cut = 1
            while _width(line[: cut + 1]) <= width:
                cut += 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


@attrs.frozen
class _GridRow:
    label: str
    depth: int = 0
    cells: tuple[str, ...] = ()


def _column_groups(widths: Sequence[int], width: int) -> list[list[int]]:
    groups: list[list[int]] = [[]]
    used = _LABEL_MIN
    for index, column in enumerate(widths):
        need = len(_GAP) + column
        if groups[-1] and used + need > width:
            groups.append([])
            used = _LABEL_MIN
        groups[-1].append(index)
        used += need
    return groups


def _cell_lines(text: str, width: int, *, room: bool) -> list[str]:
    """Wrap a cell's text; with ``room``, keep the place of an inferred mark free after unmarked text."""
    if room and text and not text.endswith(_INFERRED_MARK):
        lines = _wrap(text, width - 1)
        return [*lines[:-1], lines[-1] + " "]
    return _wrap(text, width)


def _row_lines(
    row: _GridRow, label_width: int, cells: Sequence[str], widths: Sequence[int], rooms: Sequence[bool]
) -> list[str]:
    indent = _INDENT * row.depth
    first = _wrap(row.label, label_width - len(indent))[0]
    rest = row.label[len(first) :].lstrip()
    # Continuation lines hang one step deeper, so that they do not read as rows of their own.
    more = _wrap(rest, label_width - len(indent + _INDENT)) if rest else []
    label_lines = [indent + first, *(indent + _INDENT + line for line in more)]
    cell_lines = [
        _cell_lines(text, width, room=room) for text, width, room in zip(cells, widths, rooms, strict=True)
    ]
    height = max([len(label_lines), *(len(lines) for lines in cell_lines)])
    out = []
    for index in range(height):
        line = _pad(label_lines[index] if index < len(label_lines) else "", label_width)
        for lines, width in zip(cell_lines, widths, strict=True):
            line += _GAP + _pad(lines[index] if index < len(lines) else "", width, right=True)
        out.append(line.rstrip())
    return out


def _grid(head: str, headers: Sequence[str], rows: Sequence[_GridRow], width: int) -> list[str]:
    """Lay out ``rows`` under ``headers``; value columns that do not fit go into further groups."""
    # Columns with an inferred value keep its mark's place free in every row, so that the digits line up.
    marked = {index for row in rows for index, text in enumerate(row.cells) if text.endswith(_INFERRED_MARK)}
    rooms = [index in marked for index in range(len(headers))]
    widths = [
        min(
            _CELL_MAX,
            max(
                _width(text) + int(rooms[index] and not text.endswith(_INFERRED_MARK))
                for text in (header, *(row.cells[index] for row in rows if row.cells))
            ),
        )
        for index, header in enumerate(headers)
    ]
    natural = max([_width(head), *(len(_INDENT) * row.depth + _width(row.label) for row in rows)])
    lines: list[str] = []
    for group in _column_groups(widths, width):
        group_widths = [widths[index] for index in group]
        label_width = min(natural, width - sum(len(_GAP) + column for column in group_widths))
        if lines:
            lines.append("")
        group_rooms = [rooms[index] for index in group]
        header_cells = [headers[index] for index in group]
        lines.extend(_row_lines(_GridRow(head), label_width, header_cells, group_widths, group_rooms))
        lines.append("-" * (label_width + sum(len(_GAP) + column for column in group_widths)))
        for row in rows:
            cells = [row.cells[index] if row.cells else "" for index in group]
            lines.extend(_row_lines(row, label_width, cells, group_widths, group_rooms))
    return lines


def _number(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value != value.to_integral_value() else format(value, ".0f")
    return str(value)


def _cell_text(cell: Cell, column: ColumnSpec | None) -> str:
    if cell.state in _STATE_MARKS:
        mark = _STATE_MARKS[cell.state]
        return (
            mark + display_label(cell.raw) if cell.state is CellState.INVALID and cell.raw.strip() else mark
        )
    if cell.value is None:
        return ""
    text = _number(cell.value)
    if column is not None and column.money:
        # The model holds money in 元; show it in the report's own unit as well when that differs.
        text = (
            f"{_number(Decimal(cell.value) / 10000)}万元 ({text}元)" if cell.unit == "万元" else f"{text}元"
        )
    return text + (_INFERRED_MARK if cell.state is CellState.INFERRED else "")


def _cells(row: Row, columns: Sequence[ColumnSpec]) -> tuple[str, ...]:
    texts = [_cell_text(cell, column) for cell, column in zip(row.cells, columns, strict=False)]
    return tuple(texts + [""] * (len(columns) - len(texts)))


def _label(row: Row, fallback: str) -> str:
    return display_label(row.label) if row.label.strip() else fallback


def _proactive(report: Report, width: int) -> list[str]:
    lines: list[str] = []
    for block in proactive_blocks(report.template):
        specs = {f"{block.key}.{spec.key}": spec.label for spec in block.rows}
        rows = [
            _GridRow(_label(row, specs[row.key]), cells=_cells(row, block.columns))
            for row in report.proactive.rows
            if row.key in specs
        ]
        if rows:
            if lines:
                lines.append("")
            lines.extend(_grid(block.caption, [column.short for column in block.columns], rows, width))
    return lines


def _requests(report: Report, width: int) -> list[str]:
    specs = {spec.key: spec for spec in request_rows(report.template)}
    outcomes = {spec.key for spec in result_rows(report.template)} | {TOTAL_PROCESSED.key}
    rows: list[_GridRow] = []
    in_outcomes = False
    group: str | None = None
    for row in report.requests.rows:
        spec = specs.get(row.key or "")
        if spec is None:
            rows.append(_GridRow(_label(row, row.key or ""), cells=_cells(row, APPLICANT_COLUMNS)))
            continue
        outcome = spec.key in outcomes
        if outcome and not in_outcomes:
            rows.append(_GridRow(REQUESTS_RESULTS_HEADER))
        if spec.group is not None and spec.group != group:
            rows.append(_GridRow(REQUEST_GROUPS[spec.group], depth=int(outcome)))
        in_outcomes, group = outcome, spec.group
        depth = int(outcome) + int(spec.group is not None)
        rows.append(_GridRow(_label(row, spec.label), depth, _cells(row, APPLICANT_COLUMNS)))
    return _grid("", [column.short for column in APPLICANT_COLUMNS], rows, width)


def _appeals(report: Report, width: int) -> list[str]:
    specs = {spec.key: spec.label for spec in APPEAL_GROUPS}
    rows = [
        _GridRow(_label(row, specs.get(row.key or "", "")), cells=_cells(row, APPEAL_COLUMNS))
        for row in report.appeals.rows
    ]
    return _grid("", [column.short for column in APPEAL_COLUMNS], rows, width)


_TABLE_RENDERERS = {
    TableKind.PROACTIVE: _proactive,
    TableKind.REQUESTS: _requests,
    TableKind.APPEALS: _appeals,
}
_TABLE_COLUMNS: dict[TableKind, tuple[ColumnSpec, ...]] = {
    TableKind.REQUESTS: APPLICANT_COLUMNS,
    TableKind.APPEALS: APPEAL_COLUMNS,
}


def _extra_rows(table: Table, width: int) -> list[str]:
    """Rows the template lacks: under the table's columns when they have as many cells, else unnamed."""
    columns = _TABLE_COLUMNS.get(table.kind, ())
    if all(len(row.cells) == len(columns) for row in table.extra_rows):
        headers = [column.short for column in columns]
        rows = [_GridRow(display_label(row.label), cells=_cells(row, columns)) for row in table.extra_rows]
    else:
        count = max(len(row.cells) for row in table.extra_rows)
        headers = [""] * count
        rows = [
            _GridRow(
                display_label(row.label),
                cells=tuple(_cell_text(cell, None) for cell in row.cells) + ("",) * (count - len(row.cells)),
            )
            for row in table.extra_rows
        ]
    return _grid(_EXTRA_ROWS, headers, rows, width)


def _legend(report: Report, width: int) -> list[str]:
    states = {
        cell.state
        for table in report.tables
        for row in (*table.rows, *table.extra_rows)
        for cell in row.cells
    }
    marks = {**_STATE_MARKS, CellState.INFERRED: _INFERRED_MARK}
    shown = [state for state in _LEGEND if state in states]
    if not shown:
        return []
    mark_width = max(_width(marks[state]) for state in shown)
    lines = ["说明："]
    for state in shown:
        text = _wrap(_LEGEND[state], width - len(_INDENT) - mark_width - len(_GAP))
        lines.append(_INDENT + _pad(marks[state], mark_width) + _GAP + text[0])
        lines.extend(" " * (len(_INDENT) + mark_width + len(_GAP)) + more for more in text[1:])
    return lines


def _completeness_line(table: TableCompleteness) -> str:
    line = f"表{table_title(table.table)[0]}：{table.read}/{table.expected} 已读"
    if not table.found:
        return line + "，未找到该表"
    for count, word in ((table.missing, "缺失"), (table.unresolved, "未能确定"), (table.invalid, "无效")):
        if count:
            line += f"，{count} {word}"
    return line


def completeness_lines(report: Report) -> list[str]:
    """Return one line per standard table saying how many of its template cells were read.

    For example ``表三：175/175 已读`` or ``表三：10/175 已读，165 缺失``.

    .. versionadded:: 0.2
    """
    return [_completeness_line(table) for table in report.completeness.tables]


def render_report(report: Report, *, width: int = DEFAULT_WIDTH) -> str:
    """Return the report's metadata, how much of it was read and its three tables as readable text.

    The lines of :func:`completeness_lines` follow the title and metadata.
    Each table is a grid with short column names; the application table shows
    its group headings (三、本年度办理结果, （三）不予公开 …) as parent rows.
    Cells that are blank, missing, unresolved or invalid are marked ``(空)``,
    ``(缺)``, ``(?)`` and ``(无效)``, inferred values end in ``*``, and a legend
    at the end explains the marks that occur.  Amounts of money carry their
    unit; an amount a report gives in 万元 is shown in 万元 with its 元 value.

    Args:
        report: The report to render.
        width: The most display columns a line may take (wide characters count
            two); at least 40.

    Returns:
        The text, ending in one newline.

    Raises:
        ValueError: ``width`` is below 40.
    """
    if width < _MIN_WIDTH:
        msg = f"width must be at least {_MIN_WIDTH}, not {width}"
        raise ValueError(msg)
    meta = (
        f"机构: {display_label(report.agency or '') or '(未识别)'}  年度: {report.year or '(未识别)'}"
        f"  模板: {report.template.value}"
    )
    lines = [
        *_wrap(display_label(report.title) or "(无标题)", width),
        *_wrap(meta, width),
        *(part for line in completeness_lines(report) for part in _wrap(line, width)),
        "",
    ]
    for table in report.tables:
        lines.append(table_title(table.kind))
        lines.extend(_TABLE_RENDERERS[table.kind](report, width))
        if table.extra_rows:
            lines.append("")
            lines.extend(_extra_rows(table, width))
        lines.append("")
    lines.extend(_legend(report, width))
    return "\n".join(lines).rstrip() + "\n"
