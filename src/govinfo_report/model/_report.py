"""The canonical report model: frozen attrs classes for both templates."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar, overload

import attrs

from govinfo_report.document import PageGeometry
from govinfo_report.errors import CellNotReadError, SourceLocation
from govinfo_report.model._completeness import Completeness, measure
from govinfo_report.model._enums import (
    CellState,
    DeviationKind,
    Format,
    LegacyFormat,
    TableKind,
    TemplateVersion,
)
from govinfo_report.model.labels import cell_keys

__all__ = [
    "Cell",
    "CellValue",
    "Conversion",
    "Deviation",
    "Provenance",
    "Report",
    "Row",
    "Section",
    "Table",
]

CellValue = int | Decimal | None
"""A cell's parsed value: ``int`` for counts, ``Decimal`` for money in 元, ``None`` when there is none."""

_READ_STATES: frozenset[CellState] = frozenset({CellState.VALUE, CellState.BLANK, CellState.INFERRED})
_RAISE: object = object()
_T = TypeVar("_T")


@attrs.frozen(kw_only=True)
class Cell:
    """One value cell of a standard table.

    Attributes:
        key: Canonical cell key (see the cell keys reference), ``None`` for cells of non-template rows.
        value: The parsed value; ``None`` unless ``state`` is ``VALUE`` or ``INFERRED``.
        raw: The cell text exactly as found in the source.
        state: How the value was obtained.
        unit: The unit as found (e.g. ``"万元"``) for money cells, else ``None``.
        location: Where the cell is in the source.
        note: How an inferred or unresolved value came about.
        alternatives: For unresolved cells, the values the text admits.
    """

    key: str | None
    value: CellValue = None
    raw: str = ""
    state: CellState = CellState.VALUE
    unit: str | None = None
    location: SourceLocation | None = None
    note: str | None = None
    alternatives: tuple[int | Decimal, ...] = ()

    @property
    def blank(self) -> bool:
        """Whether the source has this cell but leaves it empty."""
        return self.state is CellState.BLANK

    @property
    def has_value(self) -> bool:
        """Whether ``value`` holds a number (stated or inferred)."""
        return self.value is not None

    @property
    def read(self) -> bool:
        """Whether the cell was read: a number (stated or inferred), or blank in the source.

        A cell that is ``UNRESOLVED``, ``INVALID`` or ``MISSING`` was not read: its
        ``value`` is ``None`` but says nothing about the source.

        .. versionadded:: 0.2
        """
        return self.state in _READ_STATES


@attrs.frozen(kw_only=True)
class Row:
    """One row of a standard table.

    Attributes:
        key: Canonical row path (e.g. ``"denied.state_secret"``), ``None`` for non-template rows.
        label: The row label as found in the source (whitespace kept).
        cells: The row's value cells, in template column order.
        location: Where the row's label is in the source.
    """

    key: str | None
    label: str
    cells: tuple[Cell, ...] = ()
    location: SourceLocation | None = None


@attrs.frozen(kw_only=True)
class Table:
    """One of the three standard tables.

    Attributes:
        kind: Which table this is.
        rows: Template rows in template order, including rows the source lacks
            (their cells have state ``MISSING``).
        extra_rows: Rows that are not in the template, kept with their raw cells.
        location: Where the table starts in the source.
    """

    kind: TableKind
    rows: tuple[Row, ...] = ()
    extra_rows: tuple[Row, ...] = ()
    location: SourceLocation | None = None

    def cells(self) -> Iterator[Cell]:
        """Yield the cells of the template rows, in table order."""
        for row in self.rows:
            yield from row.cells


@attrs.frozen(kw_only=True)
class Section:
    """One of the six narrative sections of the report (一、总体情况 to 六、其他需要报告的事项).

    Attributes:
        number: 1 to 6 in template order.
        heading: The heading as found.
        text: The section's text without tables, paragraphs joined by newlines.
        location: Where the heading is.
    """

    number: int
    heading: str
    text: str
    location: SourceLocation | None = None


@attrs.frozen(kw_only=True)
class Deviation:
    """A departure from the national template that the parser recognised and kept.

    Attributes:
        kind: What kind of departure.
        table: The table concerned, or ``None`` for document-level deviations.
        found: The text as found.
        expected: The template's wording, when there is one.
        location: Where it was found.
    """

    kind: DeviationKind
    table: TableKind | None
    found: str
    expected: str | None = None
    location: SourceLocation | None = None


@attrs.frozen(kw_only=True)
class Conversion:
    """How an input in a legacy format was converted before it was read.

    Attributes:
        original: The input's own format (``.doc``, ``.rtf``, ``.xls`` ...), as detected.
        converter: The program that converted it (``"LibreOffice"``).
        converter_version: Its version as it states it (``"7.4.7.2"``), or ``"unknown"``.

    .. versionadded:: 0.2
    """

    original: LegacyFormat
    converter: str
    converter_version: str


@attrs.frozen(kw_only=True)
class Provenance:
    """Where a report came from and what read it.

    Attributes:
        source: File name or caller-supplied label.
        format: The format that was read: the input's own, or the one it was
            converted to (see ``conversion``).
        sha256: Hex SHA-256 of the input bytes (before any conversion).
        encoding: Text encoding used for text and HTML inputs.
        library_version: Version of :mod:`govinfo_report` that parsed it.
        backends: ``(name, version)`` pairs of the backends used (lxml, pdfminer.six).
        conversion: How a legacy input (``.doc``, ``.rtf``, ``.xls`` ...) was
            converted to ``format`` before it was read; ``None`` when it was read as it is.
        pages: For pages read from images (OCR), each page's size in the
            points its cells' boxes use and the angle it was levelled by, so
            that the boxes can be drawn over the image again.

    .. versionchanged:: 0.2
       Added ``conversion`` and ``pages``.
    """

    source: str | None
    format: Format
    sha256: str
    encoding: str | None = None
    library_version: str = ""
    backends: tuple[tuple[str, str], ...] = ()
    conversion: Conversion | None = None
    pages: tuple[PageGeometry, ...] = ()


@attrs.frozen(kw_only=True)
class Report:
    """A parsed 政府信息公开工作年度报告.

    Attributes:
        title: The report title as found.
        agency: The reporting agency (发布机构), when it can be read.
        year: The year the report covers.
        template: The table template, detected from the tables.
        preamble: Text before section 一.
        sections: The narrative sections found, in document order.
        proactive: 二、主动公开政府信息情况 (the 第二十条 table).
        requests: 三、收到和处理政府信息公开申请情况.
        appeals: 四、政府信息公开行政复议、行政诉讼情况.
        deviations: Departures from the template that were recognised.
        provenance: Source and parser information.
    """

    title: str
    agency: str | None
    year: int | None
    template: TemplateVersion
    preamble: str = ""
    sections: tuple[Section, ...] = ()
    proactive: Table = attrs.field(factory=lambda: Table(kind=TableKind.PROACTIVE))
    requests: Table = attrs.field(factory=lambda: Table(kind=TableKind.REQUESTS))
    appeals: Table = attrs.field(factory=lambda: Table(kind=TableKind.APPEALS))
    deviations: tuple[Deviation, ...] = ()
    provenance: Provenance | None = None

    @property
    def tables(self) -> tuple[Table, Table, Table]:
        """The three standard tables in document order."""
        return (self.proactive, self.requests, self.appeals)

    def cells(self) -> Iterator[Cell]:
        """Yield every template cell of the three tables, in table order."""
        for table in self.tables:
            yield from table.cells()

    @property
    def completeness(self) -> Completeness:
        """How much of the report was read: per table, the template's cells by state and the gaps' causes.

        Computed from the cells on each access (it never disagrees with them).

        Example:
            >>> from govinfo_report import parse_bytes
            >>> from govinfo_report.examples import example_bytes
            >>> done = parse_bytes(example_bytes()).completeness
            >>> done.requests.complete, done.requests.read, done.requests.expected
            (True, 161, 161)
            >>> done.complete, done.proactive.missing  # a template row replaced by local rows
            (False, 3)

        .. versionadded:: 0.2
        """
        return measure(self.template, self.tables, self.sections, self.deviations)

    def cell(self, key: str) -> Cell:
        """Return the cell with canonical key ``key``, with its state.

        A template cell that the tables lack altogether is returned as a
        ``MISSING`` cell.

        Raises:
            KeyError: ``key`` is not a cell key of the report's template (a
                misspelt key, or a key of the other template).

        .. versionchanged:: 0.2
           Raises :class:`KeyError` for a key that is not a cell of the template
           instead of returning ``None``.
        """
        if key not in _template_keys(self.template):
            raise KeyError(f"{key!r} is not a cell key of the {self.template} template")
        for cell in self.cells():
            if cell.key == key:
                return cell
        return Cell(key=key, state=CellState.MISSING)

    @overload
    def value(self, key: str) -> int | Decimal | None: ...

    @overload
    def value(self, key: str, *, unread: _T) -> int | Decimal | _T | None: ...

    def value(self, key: str, *, unread: Any = _RAISE) -> Any:
        """Return the value of cell ``key``: a number, or ``None`` for a cell the source leaves blank.

        ``None`` always means blank.  A cell that could not be read
        (``UNRESOLVED``, ``INVALID`` or ``MISSING``) raises
        :class:`~govinfo_report.errors.CellNotReadError`, a :class:`KeyError`,
        unless ``unread`` gives the value to return instead (e.g.
        ``pandas.NA`` or ``math.nan``).

        Args:
            key: A canonical cell key of the report's template.
            unread: Returned for a cell that was not read, instead of raising.

        Raises:
            KeyError: ``key`` is not a cell key of the report's template.
            CellNotReadError: The cell was not read and ``unread`` is not given.

        .. versionchanged:: 0.2
           Raises for unknown keys and unread cells instead of returning ``None``.
        """
        cell = self.cell(key)
        if cell.read:
            return cell.value
        if unread is _RAISE:
            raise CellNotReadError(key, cell.state.value, cell.note)
        return unread

    def section(self, number: int) -> Section | None:
        """Return section ``number`` (1 to 6) or ``None`` when the report lacks it."""
        for section in self.sections:
            if section.number == number:
                return section
        return None


@cache
def _template_keys(template: TemplateVersion) -> frozenset[str]:
    return frozenset(cell_keys(template))
