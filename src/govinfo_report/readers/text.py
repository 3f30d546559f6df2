"""Plain-text reports: lines into paragraphs and table grids.

Two table shapes are recognised, per table region:

* **cells one per line**: every cell on its own tab-prefixed line, rows
  separated by blank lines (what copying a Word table into a text editor
  gives);
* **TSV rows**: one table row per line, cells separated by tabs.

A table region is a run of lines containing tabs, together with the blank
lines between them and short tab-less fragments of labels broken across
lines.  Everything else is narrative text.
"""

from __future__ import annotations

from govinfo_report._deadline import check_deadline
from govinfo_report._fast import quick_init
from govinfo_report.document import Block, Document, Format, GridCell, Paragraph, TableGrid
from govinfo_report.errors import SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers._encoding import decode_text

__all__ = ["read_text", "text_to_document"]

# A tab-less line this short, standing between table lines, is a fragment of
# a label broken across lines (e.g. "（三）不予" / "公开").
_FRAGMENT_MAX_CHARS = 12
_SENTENCE_END = ("。", "；", ";", "：", ":")


# Made once per table cell or paragraph: positional constructors (see _construct).
_cell_location = quick_init(SourceLocation, "source", "line", "table", "row", "col")
_grid_cell = quick_init(GridCell, "text", "location")
_paragraph = quick_init(Paragraph, "text", "location")
_line_location = quick_init(SourceLocation, "source", "line")


class _Lines:
    """The lines of the input and their roles, each computed for all lines at once.

    Attributes:
        texts: The lines (line ``n`` of the input is ``texts[n - 1]``).
        table: Whether each line holds a tab.
        blank: Whether each line is blank (no tab, nothing but whitespace).
    """

    __slots__ = ("blank", "table", "texts")

    def __init__(self, text: str) -> None:
        self.texts = _split_lines(text)
        self.table = ["\t" in line for line in self.texts]
        self.blank = [not line.strip() and "\t" not in line for line in self.texts]


def _split_lines(text: str) -> list[str]:
    """Split at CRLF, CR and LF (not at the other breaks str.splitlines knows)."""
    if "\r" in text:
        # Pairs first: a CR directly before an LF is one break, as re.split(r"\r\n|\r|\n") has it.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def read_text(data: bytes, /, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse a plain-text report into a :class:`~govinfo_report.document.Document`.

    Args:
        data: The file contents.
        source: Name of the input, used in locations.
        limits: Resource bounds.

    Raises:
        ParseError: The bytes are not text in a known encoding.
    """
    text, encoding = decode_text(data, source=source)
    return text_to_document(text, source=source, encoding=encoding, limits=limits)


def text_to_document(
    text: str,
    /,
    *,
    source: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """Split decoded text into paragraphs and table grids.

    Args:
        text: The report text.
        source: Name of the input, used in locations.
        encoding: The encoding the text was decoded from, recorded on the document.
        limits: Resource bounds (``max_table_cells``).
    """
    lines = _Lines(text)
    texts, table, blank = lines.texts, lines.table, lines.blank
    blocks: list[Block] = []
    tables = 0
    index = 0
    while index < len(texts):
        if table[index]:
            end = _table_region_end(lines, index)
            blocks.append(_grid(lines, index, end, table=tables, source=source, limits=limits))
            tables += 1
            index = end
            continue
        if not blank[index]:
            blocks.append(_paragraph(texts[index], _line_location(source, index + 1)))
        index += 1
        if not index & 1023:
            check_deadline()
    return Document(blocks=tuple(blocks), format=Format.TEXT, source=source, encoding=encoding)


def _is_fragment(text: str) -> bool:
    stripped = text.strip()
    return 0 < len(stripped) <= _FRAGMENT_MAX_CHARS and not stripped.endswith(_SENTENCE_END)


def _table_region_end(lines: _Lines, start: int) -> int:
    """Return the index after the last line of the table region starting at ``start``."""
    texts, table, blank = lines.texts, lines.table, lines.blank
    end = start + 1
    probe = end
    while probe < len(texts):
        if table[probe]:
            end = probe = probe + 1
        elif blank[probe]:
            probe += 1
        elif _is_fragment(texts[probe]) and _next_nonblank_is_table(lines, probe + 1):
            end = probe = probe + 1
        else:
            break
    return end


def _next_nonblank_is_table(lines: _Lines, start: int) -> bool:
    blank = lines.blank
    for index in range(start, len(blank)):  # no slice: this runs for every fragment line
        if not blank[index]:
            return lines.table[index]
    return False


def _grid(
    lines: _Lines, start: int, end: int, *, table: int, source: str | None, limits: Limits
) -> TableGrid:
    """The grid of the table region of lines ``start`` to ``end`` (indices)."""
    texts, tabbed, blank = lines.texts, lines.table, lines.blank
    content = [index for index in range(start, end) if not blank[index]]
    # Lines that hold one cell: no tab, or a single leading one.
    single = sum(
        [
            1
            for index in content
            if not tabbed[index] or (texts[index][:1] == "\t" and texts[index].count("\t") == 1)
        ]
    )
    grid = _Grid(table=table, source=source, limits=limits)
    if single * 2 >= len(content):
        # Cells one per line, rows separated by blank lines.
        row: list[GridCell] = []
        for index in range(start, end):
            if blank[index]:
                if row:
                    grid.add(row)
                    row = []
                continue
            text = texts[index]
            location = _cell_location(source, index + 1, table, len(grid.rows), len(row))
            row.append(_grid_cell(text[1:] if text[:1] == "\t" else text, location))
        if row:
            grid.add(row)
    else:
        for index in content:
            number, row_index = index + 1, len(grid.rows)
            grid.add(
                [
                    _grid_cell(field, _cell_location(source, number, table, row_index, col))
                    for col, field in enumerate(texts[index].split("\t"))
                ]
            )
    return TableGrid(
        rows=tuple(grid.rows), location=SourceLocation(source=source, line=start + 1, table=table)
    )


class _Grid:
    """Rows of a grid as they are read, within ``limits.max_table_cells``."""

    __slots__ = ("cells", "limits", "rows", "source", "table")

    def __init__(self, *, table: int, source: str | None, limits: Limits) -> None:
        self.rows: list[tuple[GridCell, ...]] = []
        self.cells = 0
        self.table = table
        self.source = source
        self.limits = limits

    def add(self, row: list[GridCell]) -> None:
        self.cells += len(row)
        if self.cells > self.limits.max_table_cells:
            from govinfo_report.errors import LimitExceededError  # noqa: PLC0415 - error path only

            raise LimitExceededError(
                f"table has more than {self.limits.max_table_cells} cells (Limits.max_table_cells)",
                location=SourceLocation(source=self.source, line=row[0].location.line, table=self.table),
            )
        self.rows.append(tuple(row))
