"""Render annual reports as plain text, for tests that parse what they generated.

Two shapes of the corpus are produced, with the official template labels of
:mod:`govinfo_report.model.labels`:

* :func:`render_cell_per_line`: every cell on its own tab-prefixed line, a blank
  line between table rows (what copying a Word table into a text editor gives);
* :func:`render_tsv`: one table row per line, cells separated by tabs;
* :func:`render_spaced`: one table row per line, cells separated by spaces or
  another separator (what copying from a PDF viewer or ``pdftotext`` gives);
  empty cells vanish, so blank cells need a visible mark (``Layout.blank``);
* :func:`render_markdown`: Markdown as other tools write it from a PDF, clean or
  in one of the broken shapes of :data:`MARKDOWN_SHAPES` (tables in fragments,
  labels on loose lines, merged columns, tables twice, labels a row away).

Both put a title line ``<agency><year>年政府信息公开工作年度报告`` first and the six
section headings around the tables.  Values are given per canonical cell key;
``None`` renders as a blank cell.  Money values are in 元 and are written in the
unit of the column header (``money_unit``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import attrs

from govinfo_report.model import TableKind, TemplateVersion
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    MONEY_KEYS,
    REQUEST_GROUPS,
    SECTIONS,
    ColumnSpec,
    cell_keys,
    proactive_blocks,
    request_rows,
)

__all__ = [
    "MARKDOWN_SHAPES",
    "SIGNED_KEYS",
    "CellText",
    "Layout",
    "distinct_values",
    "render_cell_per_line",
    "render_markdown",
    "render_spaced",
    "render_tsv",
]

Value = int | Decimal | None
CellText = str
"""The text of one cell as written into the report."""

SIGNED_KEYS = frozenset(
    f"proactive.{block.key}.{row.key}.{column.key}"
    for version in TemplateVersion
    for block in proactive_blocks(version)
    for row in block.rows
    for column in block.columns
    if column.signed
)
"""Cell keys of the signed columns (本年增/减) of both templates."""

_REQUESTS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_RESULTS_LABEL = "三、本年度办理结果"
_GROUP_OF_ROWS = {"granted": _RESULTS_LABEL}
_UNGROUPED_ROWS = frozenset({"new_received", "carried_over", "carried_forward"})


@attrs.frozen(kw_only=True)
class Layout:
    """How the numbers of a rendered report are written.

    Attributes:
        money_unit: Unit of the money columns: ``"元"`` or ``"万元"`` (the 2021 template prints 万元).
        explicit_plus: Write positive 本年增/减 values as ``+n``.
        minus: The minus sign used for negative values (``"-"`` or U+2212 MINUS SIGN).
        pad: Padding put around every value (e.g. ``"　"``, U+3000).
        blank: Text of a blank cell (``""``, ``"　"``, ``"-"`` …).
        full_width_digits: Write digits as full-width forms (U+FF10 to U+FF19).
    """

    money_unit: str = "元"
    explicit_plus: bool = True
    minus: str = "-"
    pad: str = ""
    blank: str = ""
    full_width_digits: bool = False


_FULL_WIDTH = str.maketrans({str(digit): chr(0xFF10 + digit) for digit in range(10)})


def _money_unit(version: TemplateVersion, layout: Layout) -> str:
    return "万元" if version is TemplateVersion.V2021 else layout.money_unit


def _number(value: Value, *, layout: Layout, money_unit: str | None = None, signed: bool = False) -> CellText:
    """Write ``value``; ``money_unit`` is the unit of a money column (``None`` for counts)."""
    if value is None:
        return layout.blank
    if money_unit is not None:
        amount = Decimal(value) / 10000 if money_unit == "万元" else Decimal(value)
        text = format(amount, "f")
    else:
        text = str(abs(int(value)))
        if int(value) < 0:
            text = layout.minus + text
        elif signed and layout.explicit_plus and int(value) > 0:
            text = "+" + text
    if layout.full_width_digits:
        text = text.translate(_FULL_WIDTH)
    return f"{layout.pad}{text}{layout.pad}"


def _money_header(column: ColumnSpec, version: TemplateVersion, layout: Layout) -> str:
    if version is TemplateVersion.V2021:
        return column.label  # 本年收费金额（单位：万元）
    if _money_unit(version, layout) == "万元":
        return f"{column.label}（万元）"
    return column.label


def _table_rows(
    version: TemplateVersion, values: Mapping[str, Value], layout: Layout
) -> dict[TableKind, list[list[CellText]]]:
    """Return the three tables as rows of cell texts."""
    proactive: list[list[CellText]] = []
    for block in proactive_blocks(version):
        proactive.append([block.caption])
        headers = [
            _money_header(column, version, layout) if column.money else column.label
            for column in block.columns
        ]
        proactive.append(["信息内容", *headers])
        for row in block.rows:
            cells = [
                _number(
                    values[f"{TableKind.PROACTIVE}.{block.key}.{row.key}.{column.key}"],
                    layout=layout,
                    money_unit=_money_unit(version, layout) if column.money else None,
                    signed=column.signed,
                )
                for column in block.columns
            ]
            proactive.append([row.label, *cells])

    requests: list[list[CellText]] = [
        [_REQUESTS_NOTE, "申请人情况"],
        ["", "自然人", "法人或其他组织", "总计"],
        ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    seen_groups: set[str] = set()
    for spec in request_rows(version):
        cells = [
            _number(values[f"{TableKind.REQUESTS}.{spec.key}.{column.key}"], layout=layout)
            for column in APPLICANT_COLUMNS
        ]
        if spec.group is not None:
            group = REQUEST_GROUPS[spec.group]
            head = ["", "" if spec.group in seen_groups else group]
            seen_groups.add(spec.group)
        elif spec.key in _GROUP_OF_ROWS:
            head = [_GROUP_OF_ROWS[spec.key]]
        elif spec.key in _UNGROUPED_ROWS:
            head = []
        else:
            head = [""]
        requests.append([*head, spec.label, *cells])

    appeal_columns = [column.label for column in APPEAL_COLUMNS]
    appeals: list[list[CellText]] = [
        ["行政复议", "行政诉讼"],
        [*appeal_columns, "未经复议直接起诉", "复议后起诉"],
        ["", "", "", "", "", *appeal_columns, *appeal_columns],
        [
            _number(values[f"{TableKind.APPEALS}.{group.key}.{column.key}"], layout=layout)
            for group in APPEAL_GROUPS
            for column in APPEAL_COLUMNS
        ],
    ]
    return {TableKind.PROACTIVE: proactive, TableKind.REQUESTS: requests, TableKind.APPEALS: appeals}


def _document(
    *,
    agency: str,
    year: int,
    tables: Mapping[TableKind, Sequence[str]],
) -> str:
    lines = [f"{agency}{year}年政府信息公开工作年度报告", ""]
    lines.append(f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
    lines.append("")
    table_after = {2: TableKind.PROACTIVE, 3: TableKind.REQUESTS, 4: TableKind.APPEALS}
    for section in SECTIONS:
        lines.append(section.heading)
        lines.append("本部分按照条例规定的内容编写。")
        lines.append("")
        kind = table_after.get(section.number)
        if kind is not None:
            lines.extend(tables[kind])
            lines.append("")
    return "\n".join(lines) + "\n"


def distinct_values(version: TemplateVersion) -> dict[str, Value]:
    """A different count in every cell (its index), 6271854 元 in the money cells.

    A value read into the wrong cell cannot go unnoticed.
    """
    values: dict[str, Value] = {key: index for index, key in enumerate(cell_keys(version))}
    for key in MONEY_KEYS & set(values):
        values[key] = Decimal("6271854")
    return values


def _render(
    version: TemplateVersion,
    values: Mapping[str, Value],
    agency: str,
    year: int,
    layout: Layout | None,
    *,
    lines_of_row: Callable[[list[CellText]], list[str]],
) -> str:
    """Render a report, writing each table row as the lines ``lines_of_row`` gives."""
    tables = {
        kind: [line for row in rows for line in lines_of_row(row)]
        for kind, rows in _table_rows(version, values, layout or Layout()).items()
    }
    return _document(agency=agency, year=year, tables=tables)


def render_cell_per_line(
    *,
    version: TemplateVersion,
    values: Mapping[str, Value],
    agency: str,
    year: int,
    layout: Layout | None = None,
) -> str:
    """Render a report with every table cell on its own tab-prefixed line, a blank line after each row.

    Args:
        version: The template whose tables are rendered.
        values: A value (or ``None`` for blank) for every cell key of ``version``; money in 元.
        agency: The agency named in the title.
        year: The report year named in the title.
        layout: How numbers are written.
    """
    return _render(
        version, values, agency, year, layout, lines_of_row=lambda row: [*("\t" + cell for cell in row), ""]
    )


def render_tsv(
    *,
    version: TemplateVersion,
    values: Mapping[str, Value],
    agency: str,
    year: int,
    layout: Layout | None = None,
) -> str:
    """Render a report with one table row per line, cells separated by tabs.

    Arguments as for :func:`render_cell_per_line`.
    """
    # A caption alone on its row still needs a tab to stay inside the table.
    return _render(
        version,
        values,
        agency,
        year,
        layout,
        lines_of_row=lambda row: [row[0] + "\t" if len(row) == 1 else "\t".join(row)],
    )


def render_spaced(
    *,
    version: TemplateVersion,
    values: Mapping[str, Value],
    agency: str,
    year: int,
    layout: Layout | None = None,
    separator: str = " ",
) -> str:
    """Render a report with one table row per line, the non-empty cells joined by ``separator``.

    Arguments as for :func:`render_cell_per_line`; ``separator`` is what stands between two
    cells (``" "``, ``"   "``, ``"\u3000"``, ``" | "`` …).
    """
    return _render(
        version,
        values,
        agency,
        year,
        layout,
        lines_of_row=lambda row: [separator.join(cell.strip() for cell in row if cell.strip())],
    )


MARKDOWN_SHAPES = (
    "clean",
    "fragments",
    "loose_labels",
    "merged_columns",
    "duplicated",
    "shifted_labels",
    "drifted_labels",
)
"""The shapes :func:`render_markdown` writes.

* ``clean``: one pipe table per template table;
* ``fragments``: every table cut every ``cut`` rows as at page breaks, a page
  number between the pieces and each continuation's first row taken as its header;
* ``loose_labels``: each application-table row a table of its own without its
  label, the label a plain line before it (after it, for every third row);
* ``merged_columns``: neighbouring applicant columns merged into one cell (``3001 53``);
* ``duplicated``: every table twice, first as page text (cells joined by spaces), then as a table;
* ``shifted_labels``: the application table as page text with each row's numbers
  on the line above its label;
* ``drifted_labels``: the same with each label two rows below its numbers.
"""


def _pipe(cells: Sequence[CellText]) -> str:
    return "| " + " | ".join(cell.strip() for cell in cells) + " |"


def _pipe_table(rows: Sequence[Sequence[CellText]]) -> list[str]:
    width = max(len(row) for row in rows)
    padded = [[*row, *([""] * (width - len(row)))] for row in rows]
    return [_pipe(padded[0]), _pipe(["---"] * width), *(_pipe(row) for row in padded[1:])]


def _split_label(row: Sequence[CellText], width: int) -> tuple[list[CellText], list[CellText]]:
    """The label cells of a table row and its last ``width`` value cells."""
    return list(row[: len(row) - width]), list(row[len(row) - width :])


def _markdown_table(
    kind: TableKind, rows: list[list[CellText]], shape: str, cut: int, page: list[int]
) -> list[str]:
    width = len(APPLICANT_COLUMNS)
    data_rows = range(3, len(rows)) if kind is TableKind.REQUESTS else range(0)
    if shape == "fragments":
        lines: list[str] = []
        for start in range(0, len(rows), cut):
            if lines:
                page[0] += 1
                lines += ["", f"- {page[0]} -", ""]
            lines += _pipe_table(rows[start : start + cut])
        return lines
    if shape == "loose_labels" and kind is TableKind.REQUESTS:
        lines = _pipe_table(rows[:3])
        for number, index in enumerate(data_rows):
            labels, values = _split_label(rows[index], width)
            label = "".join(labels)
            table = _pipe_table([["", *values]])
            lines += [*table, label] if number % 3 == 2 else [label, *table]
        return lines
    if shape == "merged_columns" and kind is TableKind.REQUESTS:
        merged = []
        for index, row in enumerate(rows):
            if index not in data_rows:
                merged.append(row)
                continue
            labels, values = _split_label(row, width)
            pairs = [" ".join(cell.strip() for cell in values[i : i + 2]) for i in range(0, width - 1, 2)]
            merged.append([*labels, *pairs, values[-1]])
        return _pipe_table(merged)
    if shape == "duplicated":
        text = [" ".join(cell.strip() for cell in row if cell.strip()) for row in rows]
        return [*text, "", *_pipe_table(rows)]
    if shape in {"shifted_labels", "drifted_labels"} and kind is TableKind.REQUESTS:
        lines = [" ".join(cell.strip() for cell in row if cell.strip()) for row in rows[:3]]
        drift = 1 if shape == "shifted_labels" else 2
        numbers = [" ".join(cell.strip() for cell in _split_label(rows[i], width)[1]) for i in data_rows]
        labels = ["".join(_split_label(rows[i], width)[0]) for i in data_rows]
        for index, line in enumerate(numbers):
            lines.append(line)
            if index - drift + 1 >= 0:
                lines.append(labels[index - drift + 1])
        lines += labels[len(labels) - drift + 1 :]
        return lines
    return _pipe_table(rows)


def render_markdown(
    *,
    version: TemplateVersion,
    values: Mapping[str, Value],
    agency: str,
    year: int,
    layout: Layout | None = None,
    shape: str = "clean",
    cut: int = 5,
) -> str:
    """Render a report as Markdown in one of :data:`MARKDOWN_SHAPES`.

    Arguments as for :func:`render_cell_per_line`; ``cut`` is the number of rows per
    piece of the ``fragments`` shape.  Blank cells need a visible mark (``Layout.blank``)
    in the shapes that join cells by spaces.
    """
    if shape not in MARKDOWN_SHAPES:
        raise ValueError(f"unknown Markdown shape {shape!r}")
    page = [0]
    tables = {
        kind: _markdown_table(kind, rows, shape, cut, page)
        for kind, rows in _table_rows(version, values, layout or Layout()).items()
    }
    return _document(agency=agency, year=year, tables=tables)
