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

from govinfo_report.errors import SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Format
from govinfo_report.parsers._blocks import Block, Document, GridCell, Paragraph, TableGrid
from govinfo_report.parsers._construct import quick_init
from govinfo_report.parsers._encoding import decode_text

__all__ = ["parse_text", "text_to_document"]

# A tab-less line this short, standing between table lines, is a fragment of
# a label broken across lines (e.g. "（三）不予" / "公开").
_FRAGMENT_MAX_CHARS = 12
_SENTENCE_END = ("。", "；", ";", "：", ":")


# Made once per table cell or paragraph: positional constructors (see _construct).
_cell_location = quick_init(SourceLocation, "source", "line", "table", "row", "col")
_grid_cell = quick_init(GridCell, "text", "location")
_paragraph = quick_init(Paragraph, "text", "location")
_line_location = quick_init(SourceLocation, "source", "line")


class _Line:
    """A line of the input with its role precomputed (this runs once per line of every report)."""

    __slots__ = ("is_blank", "is_table", "number", "text")

    def __init__(self, number: int, text: str) -> None:
        self.number = number
        self.text = text
        self.is_table = "\t" in text
        self.is_blank = not self.is_table and not text.strip()


def _split_lines(text: str) -> list[str]:
    """Split at CRLF, CR and LF (not at the other breaks str.splitlines knows)."""
    if "\r" in text:
        # Pairs first: a CR directly before an LF is one break, as re.split(r"\r\n|\r|\n") has it.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def parse_text(data: bytes, /, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse a plain-text report into a :class:`Document`.

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
    lines = [_Line(number, line) for number, line in enumerate(_split_lines(text), start=1)]
    blocks: list[Block] = []
    tables = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.is_table:
            end = _table_region_end(lines, index)
            blocks.append(_grid(lines[index:end], table=tables, source=source, limits=limits))
            tables += 1
            index = end
            continue
        if not line.is_blank:
            blocks.append(_paragraph(line.text, _line_location(source, line.number)))
        index += 1
    return Document(blocks=tuple(blocks), format=Format.TEXT, source=source, encoding=encoding)


def _is_fragment(line: _Line) -> bool:
    stripped = line.text.strip()
    return 0 < len(stripped) <= _FRAGMENT_MAX_CHARS and not stripped.endswith(_SENTENCE_END)


def _table_region_end(lines: list[_Line], start: int) -> int:
    """Return the index after the last line of the table region starting at ``start``."""
    end = start + 1
    probe = end
    while probe < len(lines):
        line = lines[probe]
        if line.is_table:
            end = probe = probe + 1
        elif line.is_blank:
            probe += 1
        elif _is_fragment(line) and _next_nonblank_is_table(lines, probe + 1):
            end = probe = probe + 1
        else:
            break
    return end


def _next_nonblank_is_table(lines: list[_Line], start: int) -> bool:
    for index in range(start, len(lines)):  # no slice: this runs for every fragment line
        if not lines[index].is_blank:
            return lines[index].is_table
    return False


def _is_single_cell(line: _Line) -> bool:
    return line.text[:1] == "\t" and line.text.count("\t") == 1


def _grid(region: list[_Line], *, table: int, source: str | None, limits: Limits) -> TableGrid:
    content = [line for line in region if not line.is_blank]
    single = sum(1 for line in content if not line.is_table or _is_single_cell(line))
    rows: list[list[tuple[int, str]]]
    if single * 2 >= len(content):
        rows = _cell_per_line_rows(region)
    else:
        rows = [[(line.number, field) for field in line.text.split("\t")] for line in content]
    grid_rows: list[tuple[GridCell, ...]] = []
    cells = 0
    for row_index, row in enumerate(rows):
        grid_row = tuple(
            [
                _grid_cell(field, _cell_location(source, number, table, row_index, col))
                for col, (number, field) in enumerate(row)
            ]
        )
        cells += len(grid_row)
        if cells > limits.max_table_cells:
            from govinfo_report.errors import LimitExceededError  # noqa: PLC0415 - error path only

            first_line = row[0][0] if row else region[0].number
            raise LimitExceededError(
                f"table has more than {limits.max_table_cells} cells (Limits.max_table_cells)",
                location=SourceLocation(source=source, line=first_line, table=table),
            )
        grid_rows.append(grid_row)
    return TableGrid(
        rows=tuple(grid_rows), location=SourceLocation(source=source, line=region[0].number, table=table)
    )


def _cell_per_line_rows(region: list[_Line]) -> list[list[tuple[int, str]]]:
    """``(line number, cell text)`` of each cell, in rows separated by blank lines."""
    rows: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for line in region:
        if line.is_blank:
            if current:
                rows.append(current)
                current = []
            continue
        text = line.text
        current.append((line.number, text[1:] if text[:1] == "\t" else text))
    if current:
        rows.append(current)
    return rows
