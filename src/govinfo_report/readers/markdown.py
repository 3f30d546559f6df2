"""Markdown reports: pipe tables and HTML table fragments as grids, other lines as paragraphs.

Markdown usually comes from another tool that read a PDF first (markitdown,
pymupdf4llm, MinerU, docling, a language model).  Those tools keep the numbers
but break the tables' shape; this reader only turns what the Markdown says
into grids and paragraphs, and the assembly stage puts the pieces together.

* **Pipe tables** (GitHub-flavoured): consecutive lines starting with ``|``
  form one grid, with or without the ``| --- |`` separator row, which holds
  no cell and is dropped.  ``<br>`` inside a cell is a line break of the cell.
  A header line without outer pipes followed by a separator row starts a
  table too.
* **HTML tables** inside the Markdown (``<table>`` … ``</table>``) are read by
  the HTML reader, merged cells included.
* **Headings** (``## 四、…``) and every other non-blank line are paragraphs,
  one per line, with emphasis marks (``**``, ``__``) removed.
"""

from __future__ import annotations

import re

from govinfo_report.document import Block, Document, Format, GridCell, Paragraph, TableGrid
from govinfo_report.errors import LimitExceededError, SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.readers._encoding import decode_text

__all__ = ["markdown_to_document", "read_markdown"]

_SEPARATOR_CELL = re.compile(r"\s*+:?-++:?\s*+")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HEADING = re.compile(r"\s{0,3}#{1,6}(?:\s+|$)")
_EMPHASIS = re.compile(r"\*\*|__")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
# An unescaped pipe: a cell boundary.
_PIPE = re.compile(r"(?<!\\)\|")


def read_markdown(data: bytes, /, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse a Markdown report into a :class:`~govinfo_report.document.Document`.

    Args:
        data: The file contents.
        source: Name of the input, used in locations.
        limits: Resource bounds (``max_table_cells``).

    Raises:
        ParseError: The bytes are not text in a known encoding, or a table is too large.
    """
    text, encoding = decode_text(data, source=source)
    return markdown_to_document(text, source=source, encoding=encoding, limits=limits)


def markdown_to_document(
    text: str,
    /,
    *,
    source: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """Split decoded Markdown into paragraphs and table grids.

    Args:
        text: The Markdown text.
        source: Name of the input, used in locations.
        encoding: The encoding the text was decoded from, recorded on the document.
        limits: Resource bounds (``max_table_cells``).

    Raises:
        LimitExceededError: A table has more cells than ``limits.max_table_cells``.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    reader = _Reader(lines, source=source, limits=limits)
    reader.read()
    return Document(blocks=tuple(reader.blocks), format=Format.MARKDOWN, source=source, encoding=encoding)


def is_separator_row(line: str) -> bool:
    """Whether ``line`` is a pipe table's separator row (``| --- | :-: |``)."""
    if "|" not in line:
        return False  # a thematic break (---), not a table's
    cells = _cells(line)
    return bool(cells) and "-" in line and all(_SEPARATOR_CELL.fullmatch(cell) for cell in cells)


def is_pipe_row(line: str) -> bool:
    """Whether ``line`` is a pipe table row with outer pipes (``| a | b |``)."""
    stripped = line.strip()
    return len(stripped) >= 2 and stripped[0] == "|" and stripped[-1] == "|"


def _cells(line: str) -> list[str]:
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return [cell.replace("\\|", "|") for cell in _PIPE.split(stripped)]


def _clean(text: str) -> str:
    return _EMPHASIS.sub("", _BREAK.sub("\n", text)).strip()


class _Reader:
    def __init__(self, lines: list[str], *, source: str | None, limits: Limits) -> None:
        self.lines = lines
        self.source = source
        self.limits = limits
        self.blocks: list[Block] = []
        self.tables = 0

    def read(self) -> None:
        lines = self.lines
        index = 0
        while index < len(lines):
            line = lines[index]
            if _TABLE_OPEN.search(line):
                index = self._html_table(index)
            elif is_pipe_row(line) or (
                "|" in line and index + 1 < len(lines) and is_separator_row(lines[index + 1])
            ):
                index = self._pipe_table(index)
            else:
                self._paragraph(index)
                index += 1

    def _paragraph(self, index: int) -> None:
        line = self.lines[index]
        heading = _HEADING.match(line)
        text = _clean(line[heading.end() :] if heading else line)
        if text:
            self.blocks.append(
                Paragraph(text=text, location=SourceLocation(source=self.source, line=index + 1))
            )

    def _pipe_table(self, start: int) -> int:
        lines = self.lines
        rows: list[tuple[GridCell, ...]] = []
        cells = 0
        index = start
        while index < len(lines) and (
            index == start or is_pipe_row(lines[index]) or is_separator_row(lines[index])
        ):
            line = lines[index]
            index += 1
            if is_separator_row(line):
                continue
            texts = [_clean(cell) for cell in _cells(line)]
            cells += len(texts)
            if cells > self.limits.max_table_cells:
                raise LimitExceededError(
                    f"table has more than {self.limits.max_table_cells} cells (Limits.max_table_cells)",
                    location=SourceLocation(source=self.source, line=index, table=self.tables),
                )
            row = len(rows)
            rows.append(
                tuple(
                    GridCell(
                        text=cell,
                        location=SourceLocation(
                            source=self.source, line=index, table=self.tables, row=row, col=col
                        ),
                    )
                    for col, cell in enumerate(texts)
                )
            )
        if rows:
            self.blocks.append(
                TableGrid(
                    rows=tuple(rows),
                    location=SourceLocation(source=self.source, line=start + 1, table=self.tables),
                )
            )
            self.tables += 1
        return index

    def _html_table(self, start: int) -> int:
        """Read ``<table>`` … ``</table>`` with the HTML reader; text before and after is a paragraph."""
        from govinfo_report.readers.html import read_html  # noqa: PLC0415 - lxml only when needed

        lines = self.lines
        end = start
        while end < len(lines) and not _TABLE_CLOSE.search(lines[end]):
            end += 1
        end = min(end + 1, len(lines))
        fragment = "\n".join(lines[start:end])
        opened = _TABLE_OPEN.search(fragment)
        closed = list(_TABLE_CLOSE.finditer(fragment))
        assert opened is not None  # noqa: S101 - the first line holds it
        before = fragment[: opened.start()]
        after = fragment[closed[-1].end() :] if closed else ""
        markup = fragment[opened.start() : closed[-1].end() if closed else len(fragment)]
        if before.strip():
            self.blocks.append(
                Paragraph(text=_clean(before), location=SourceLocation(source=self.source, line=start + 1))
            )
        document = read_html(markup.encode("utf-8"), source=self.source, limits=self.limits)
        for block in document.blocks:
            if isinstance(block, TableGrid):
                self.blocks.append(_relocate(block, line=start + 1, table=self.tables))
                self.tables += 1
            else:
                self.blocks.append(
                    Paragraph(text=block.text, location=SourceLocation(source=self.source, line=start + 1))
                )
        if after.strip():
            self.blocks.append(
                Paragraph(text=_clean(after), location=SourceLocation(source=self.source, line=end))
            )
        return end


def _relocate(grid: TableGrid, *, line: int, table: int) -> TableGrid:
    """The grid of an HTML fragment with the Markdown line it starts on and its table number."""
    rows = tuple(
        tuple(
            GridCell(
                text=cell.text,
                location=SourceLocation(
                    source=cell.location.source,
                    line=line,
                    table=table,
                    row=cell.location.row,
                    col=cell.location.col,
                    xpath=cell.location.xpath,
                ),
                spanned=cell.spanned,
            )
            for cell in row
        )
        for row in grid.rows
    )
    return TableGrid(rows=rows, location=SourceLocation(source=grid.location.source, line=line, table=table))
