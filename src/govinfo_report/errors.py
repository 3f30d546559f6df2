"""Exception hierarchy and source locations.

Every error the library raises derives from :class:`GovInfoReportError`.
Parser failures are :class:`ParseError` (also a :class:`ValueError`) and carry
a :class:`SourceLocation` plus, when known, a short snippet of the input.
All exceptions pickle, so they cross process boundaries in batch runs.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

__all__ = [
    "CellNotReadError",
    "ConversionError",
    "ExtractionError",
    "GovInfoReportError",
    "GovInfoReportWarning",
    "LimitExceededError",
    "ParseError",
    "PreviousReportError",
    "ReportValidationError",
    "SerializationError",
    "SourceLocation",
    "StructureError",
    "UnsupportedFormatError",
    "WorkerPoolError",
]


@attrs.frozen(kw_only=True)
class SourceLocation:
    """Where something was found in the source document.

    All fields are optional: a text file knows lines, a PDF knows pages and
    boxes, HTML and DOCX know XPaths and table grid positions.

    Attributes:
        source: Name of the input (file name or caller-supplied label).
        page: 1-based page number (PDF).
        line: 1-based line number (text).
        column: 1-based character column on the line (text).
        xpath: XPath of the element (HTML, DOCX).
        table: 0-based index of the table among the document's table grids.
        row: 0-based grid row inside that table.
        col: 0-based grid column inside that table.
        bbox: ``(x0, y0, x1, y1)`` in PDF points (PDF).
    """

    source: str | None = None
    page: int | None = None
    line: int | None = None
    column: int | None = None
    xpath: str | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def describe(self) -> str:
        """Return a short human-readable form such as ``report.pdf, p. 3, line 12``.

        Every position reads from one, as people count: the grid position
        ``table=0, row=4, col=2`` reads ``table 1 row 5 col 3``.

        .. versionchanged:: 0.2
           Tables, rows and columns are counted from one (they were shown from zero).
        """
        parts: list[str] = []
        if self.source:
            parts.append(self.source)
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.table is not None:
            cell = f"table {self.table + 1}"
            if self.row is not None:
                cell += f" row {self.row + 1}"
            if self.col is not None:
                cell += f" col {self.col + 1}"
            parts.append(cell)
        if self.xpath:
            parts.append(self.xpath)
        return ", ".join(parts)


class GovInfoReportError(Exception):
    """Base class of every exception raised by :mod:`govinfo_report`.

    Attributes:
        headline_zh: What went wrong, in a few Chinese words, for messages in Chinese
            (the command line's ``--lang zh``); each subclass has its own.

    .. versionadded:: 0.2
       ``headline_zh``.
    """

    headline_zh: ClassVar[str] = "出错"


class GovInfoReportWarning(UserWarning):
    """Base class of the warnings the library issues."""


class UnsupportedFormatError(GovInfoReportError, ValueError):
    """The input is a kind of file the library cannot read (e.g. legacy ``.doc``).

    The message says what the file appears to be and how to convert it.
    """

    headline_zh: ClassVar[str] = "不支持的文件格式"


class ParseError(GovInfoReportError, ValueError):
    """The input could not be turned into a report.

    Args:
        message: What went wrong, in terms a user can act on.
        location: Where in the input it went wrong.
        snippet: A short excerpt of the offending input.
    """

    headline_zh: ClassVar[str] = "无法读出报告"

    def __init__(
        self,
        message: str,
        *,
        location: SourceLocation | None = None,
        snippet: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.snippet = snippet

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_parse_error, (type(self), self.message, self.location, self.snippet))

    def __str__(self) -> str:
        text = self.message
        if self.location is not None:
            where = self.location.describe()
            if where:
                text = f"{text} ({where})"
        if self.snippet:
            text = f"{text}\n    {self.snippet}"
        return text


def _rebuild_parse_error(
    cls: type[ParseError],
    message: str,
    location: SourceLocation | None,
    snippet: str | None,
) -> ParseError:
    return cls(message, location=location, snippet=snippet)


class ExtractionError(ParseError):
    """The backend failed, or the file has no usable text (e.g. a scanned PDF)."""

    headline_zh: ClassVar[str] = "无法提取文字"


class ConversionError(ExtractionError):
    """A legacy input (``.doc``, ``.rtf``, ``.xls`` ...) could not be converted before reading.

    LibreOffice is not installed or not where it was said to be, failed on the
    file, or took longer than allowed; the message says which, and the
    location names the input.

    .. versionadded:: 0.2
    """

    headline_zh: ClassVar[str] = "无法转换旧格式文件"


class StructureError(ParseError):
    """Text was found, but not the structure of an annual report."""

    headline_zh: ClassVar[str] = "不是年度报告的结构"


class LimitExceededError(ParseError):
    """A configured resource bound (size, pages, members, time) was hit."""

    headline_zh: ClassVar[str] = "超出资源限制"


class SerializationError(GovInfoReportError, ValueError):
    """Data could not be converted to or from a :class:`~govinfo_report.Report`.

    Args:
        message: Summary of the failure.
        errors: Path-annotated messages, one per problem.
    """

    headline_zh: ClassVar[str] = "数据转换失败"

    def __init__(self, message: str, errors: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.errors = tuple(errors)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.errors))

    def __str__(self) -> str:
        if not self.errors:
            return self.message
        return self.message + "".join(f"\n  {error}" for error in self.errors)


class CellNotReadError(GovInfoReportError, KeyError):
    """A cell of the report's template was not read, so it has no value to give.

    Raised by :meth:`Report.value <govinfo_report.Report.value>` for a cell that is
    ``UNRESOLVED``, ``INVALID`` or ``MISSING``: ``None`` is kept for a cell the
    source leaves blank.  It is a :class:`KeyError`, so code that treats an
    absent entry as missing data (``except KeyError``) keeps doing so.

    Args:
        key: The cell key.
        state: The cell's state (``"unresolved"``, ``"invalid"`` or ``"missing"``).
        note: How the parser came to leave it unread, when known.

    .. versionadded:: 0.2
    """

    headline_zh: ClassVar[str] = "单元格未读出"

    def __init__(self, key: str, state: str, note: str | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.state = state
        self.note = note

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.key, self.state, self.note))

    def __str__(self) -> str:
        text = f"cell {self.key} was not read (state {self.state})"
        return f"{text}: {self.note}" if self.note else text


class WorkerPoolError(GovInfoReportError, RuntimeError):
    """A batch run's worker pool failed as a whole (no worker process could start).

    Failures of single inputs never raise: they are outcomes of their own.
    """

    headline_zh: ClassVar[str] = "工作进程池失败"


class PreviousReportError(GovInfoReportError, ValueError):
    """The report given as the year before is another agency's, or of another year.

    Raised by :func:`govinfo_report.validation.validate` (``previous=``) and
    :func:`govinfo_report.validation.compare`.  It is a :class:`ValueError`, as
    the year check was before it had a class of its own.

    Args:
        reason: ``"year"`` (the years are known and not consecutive) or
            ``"agency"`` (the agencies are known and certainly differ).
        previous_agency: The previous report's agency as it names itself.
        previous_year: The year the previous report covers.
        current_agency: The checked report's agency.
        current_year: The year the checked report covers.

    .. versionadded:: 0.2
    """

    headline_zh: ClassVar[str] = "上一年度报告不匹配"

    def __init__(
        self,
        reason: str,
        previous_agency: str,
        previous_year: int | None,
        current_agency: str,
        current_year: int | None,
    ) -> None:
        self.reason = reason
        self.previous_agency = previous_agency
        self.previous_year = previous_year
        self.current_agency = current_agency
        self.current_year = current_year
        super().__init__(self.describe("en"))

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.reason, self.previous_agency, self.previous_year, self.current_agency, self.current_year),
        )

    def __str__(self) -> str:
        return self.describe("en")

    def describe(self, lang: str = "en") -> str:
        """Return the message naming both agencies and both years, in ``"en"`` or ``"zh"``."""
        zh = lang == "zh"
        previous = _agency_year(self.previous_agency, self.previous_year, zh=zh)
        current = _agency_year(self.current_agency, self.current_year, zh=zh)
        if self.reason == "year":
            if zh:
                return f"上一年度报告（{previous}）不是本报告（{current}）的上一年度报告：年度不相连"
            return f"the previous report ({previous}) is not of the year before this report ({current})"
        if zh:
            return f"上一年度报告（{previous}）与本报告（{current}）不是同一机关的报告"
        return f"the previous report ({previous}) is not of the same agency as this report ({current})"


def _agency_year(agency: str, year: int | None, *, zh: bool) -> str:
    name = agency or ("机关不明" if zh else "agency unknown")
    if year is None:
        return f"{name}，年度不明" if zh else f"{name}, year unknown"
    return f"{name}，{year}年" if zh else f"{name}, {year}"


class ReportValidationError(GovInfoReportError):
    """Raised by ``validate(report, strict=True)`` when error-level findings exist.

    Args:
        message: Summary.
        findings: The findings that caused the failure.
    """

    headline_zh: ClassVar[str] = "校验未通过"

    def __init__(self, message: str, findings: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.findings = tuple(findings)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.findings))
