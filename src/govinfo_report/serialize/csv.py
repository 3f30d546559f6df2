r"""CSV records for many reports: a wide table (one row per report) and a long one (one row per cell).

The wide record has the report's identity, one column per canonical cell key
of *both* templates and counts of validation findings; the columns are
described by :data:`RECORD_COLUMNS` (name, type, Chinese header), so that
data frame and distributed engines can declare a schema up front.  The long
record has one row per template cell with its value, raw text, state and
location, described by :data:`LONG_COLUMNS`.

Both kinds of file are UTF-8 CSV with a header row and load with
``pandas.read_csv(path)`` without options.  Blank, missing and unreadable
cells are empty fields: the long format tells them apart by ``state``.
Headers are the column names (``headers="keys"``) or Chinese (``headers="zh"``);
with Chinese headers the file starts with a byte order mark unless ``bom=False``,
as Excel needs to open UTF-8 CSV as UTF-8 (``bom=True`` adds it to any file).
Money is written as exact decimal strings in 元, as the key names say (``_yuan``).
``write_wide_csv(..., template="2021")`` writes only the columns and rows of
one template, so that ``pandas.read_csv`` gives ``int64`` to every count
column without blanks; to keep counts as integers where cells are blank, pass
the declared types, ``pandas.read_csv(path, dtype={c.name: c.pandas_dtype for c in
RECORD_COLUMNS})``, which gives nullable ``Int64`` columns (a blank is ``<NA>``).

Text comes from untrusted files, so the writers guard the spreadsheets that
open the CSV: a text field starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading ``'`` (formula injection; a plain number such as
``-3``, and dashes alone, are left as they are), and the bytes of a file name that are not UTF-8
(lone surrogates, see :func:`os.fsdecode`) are written as ``\udcXX``.

Example:
    >>> from govinfo_report import parse_bytes
    >>> from govinfo_report.examples import example_bytes
    >>> from govinfo_report.serialize.csv import RECORD_COLUMNS, report_to_record
    >>> record = report_to_record(parse_bytes(example_bytes()))
    >>> list(record) == [column.name for column in RECORD_COLUMNS]
    True
    >>> record["template"], record["requests.new_received.total"]
    ('2019', 66)
"""

from __future__ import annotations

import csv
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any, Final, Literal

import attrs

from govinfo_report._escape import escape_surrogates
from govinfo_report.batch.outcome import Outcome
from govinfo_report.model import CellState, Report, TableKind, TemplateVersion
from govinfo_report.model.labels import MONEY_KEYS, cell_keys, cell_spec, table_title
from govinfo_report.validation import Finding, summarize

__all__ = [
    "BOM",
    "LONG_COLUMNS",
    "RECORD_COLUMNS",
    "CsvHeaders",
    "RecordColumn",
    "RecordWriter",
    "record_columns",
    "record_keys",
    "report_to_long_records",
    "report_to_record",
    "write_long_csv",
    "write_wide_csv",
]

ColumnType = Literal["string", "int", "decimal", "bool"]
CsvHeaders = Literal["keys", "zh"]
"""The header row of a CSV file: the column names (``"keys"``) or the Chinese headers (``"zh"``)."""

BOM: Final = "\ufeff"
"""The byte order mark that starts a UTF-8 CSV file written for Excel (``EF BB BF`` in UTF-8).

Excel opens a UTF-8 CSV file as UTF-8 only when it starts with this mark, and
as the system's code page (mojibake for Chinese) otherwise.  Python reads such
a file with ``encoding="utf-8-sig"``, and ``pandas.read_csv`` skips the mark.
"""


@attrs.frozen(kw_only=True)
class RecordColumn:
    """One column of the CSV records.

    Attributes:
        name: The column name (the header with ``headers="keys"``); cell
            columns are named by their canonical cell key.
        type: ``"string"``, ``"int"`` (a count or a year), ``"decimal"``
            (money in 元, a :class:`~decimal.Decimal` in records) or ``"bool"``
            (``True``/``False``).  Every column may be empty.
        label_zh: The Chinese header (with ``headers="zh"``); for cell columns the
            official labels of group, row and column joined by ``·``, money
            columns ending with their unit, ``（元）``.
    """

    name: str
    type: ColumnType
    label_zh: str

    @property
    def pandas_dtype(self) -> str:
        """The nullable pandas dtype of the column: ``string``, ``Int64``, ``Float64`` or ``boolean``."""
        return {"string": "string", "int": "Int64", "decimal": "Float64", "bool": "boolean"}[self.type]


def _union_keys() -> tuple[str, ...]:
    """Return the keys of every template: the latest version's order, each older key before its successor."""
    versions = list(TemplateVersion)
    keys = list(cell_keys(versions[-1]))
    present = set(keys)
    for version in reversed(versions[:-1]):
        following: str | None = None
        for key in reversed(cell_keys(version)):
            if key not in present:
                keys.insert(len(keys) if following is None else keys.index(following), key)
                present.add(key)
            following = key
    return tuple(keys)


def _cell_header(key: str) -> str:
    """The official labels of ``key`` in the latest version that has it; money in the unit written (元)."""
    spec = cell_spec(key)
    if not spec.money:
        return "·".join(part for part in spec.labels if part)
    # The template's column label names its own unit (万元); the column holds 元.
    return (
        "·".join(part for part in (spec.group_label, spec.row_label, spec.column_name_zh) if part) + "（元）"
    )


_CELL_KEYS: Final = _union_keys()
_CELL_KEY_SET: Final = frozenset(_CELL_KEYS)
_LEADING: Final = (
    RecordColumn(name="source", type="string", label_zh="来源"),
    RecordColumn(name="sha256", type="string", label_zh="SHA-256"),
    RecordColumn(name="agency", type="string", label_zh="发布机构"),
    RecordColumn(name="year", type="int", label_zh="年度"),
    RecordColumn(name="template", type="string", label_zh="模板"),
)
_COMPLETENESS_COUNTS: Final = (
    ("expected", "应有单元格"),
    ("read", "已读"),
    ("missing", "缺失"),
    ("unresolved", "未能确定"),
)
_COMPLETENESS: Final = (
    RecordColumn(name="complete", type="bool", label_zh="完整"),
    *(
        RecordColumn(
            name=f"{kind}_{count}",
            type="int",
            label_zh=f"表{table_title(kind)[0]}{label}",
        )
        for kind in TableKind
        for count, label in _COMPLETENESS_COUNTS
    ),
)
_TRAILING: Final = (
    *_COMPLETENESS,
    RecordColumn(name="findings", type="int", label_zh="问题数"),
    RecordColumn(name="error_findings", type="int", label_zh="错误级问题数"),
    RecordColumn(name="error_causes", type="int", label_zh="错误原因数"),
    RecordColumn(name="warning_findings", type="int", label_zh="警告数"),
    RecordColumn(name="warning_causes", type="int", label_zh="警告原因数"),
    RecordColumn(name="error_type", type="string", label_zh="解析错误类型"),
    RecordColumn(name="error_message", type="string", label_zh="解析错误信息"),
)

RECORD_COLUMNS: Final[tuple[RecordColumn, ...]] = (
    *_LEADING,
    *(
        RecordColumn(name=key, type="decimal" if key in MONEY_KEYS else "int", label_zh=_cell_header(key))
        for key in _CELL_KEYS
    ),
    *_TRAILING,
)
"""Columns of the wide record, in order.

``source``, ``sha256``, ``agency``, ``year`` and ``template`` (``"2019"`` or
``"2021"``); then one column per canonical cell key of both templates, in the
order of the 2021 template, each key that only the 2019 template has placed
just before the key that follows it in the 2019 template (see
:func:`record_keys`); then ``complete`` (whether every template cell was
read, :attr:`Completeness.complete <govinfo_report.model.Completeness.complete>`;
``False`` for an input without a report)
and, per table (``proactive``, ``requests``, ``appeals``), the cells it
should have and those read, missing and unresolved
(``requests_expected``, ``requests_read``, ``requests_missing``,
``requests_unresolved`` …); then
``findings`` (number of validation findings, one per cause), ``error_findings``
and ``warning_findings`` (the failures of severity ``error`` and ``warning``,
each failure a pattern explains counted), ``error_causes`` and
``warning_causes`` (the findings of each severity, one per cause; see
:class:`~govinfo_report.validation.FindingSummary`), ``error_type`` and
``error_message`` (why an input gave no report).  Keys of the other template are empty.

To keep only complete reports, filter on ``complete`` (the batch command's
``--complete-only`` writes only those rows).

.. versionchanged:: 0.2
   Adds ``complete`` and the per-table completeness counts, ``error_causes``,
   ``warning_findings`` and ``warning_causes``; ``error_findings`` counts failures.
"""

LONG_COLUMNS: Final[tuple[RecordColumn, ...]] = (
    RecordColumn(name="source", type="string", label_zh="来源"),
    RecordColumn(name="sha256", type="string", label_zh="SHA-256"),
    RecordColumn(name="key", type="string", label_zh="单元格键"),
    RecordColumn(name="value", type="decimal", label_zh="数值"),
    RecordColumn(name="raw", type="string", label_zh="原文"),
    RecordColumn(name="state", type="string", label_zh="状态"),
    RecordColumn(name="location", type="string", label_zh="位置"),
    RecordColumn(name="unit", type="string", label_zh="原文单位"),
)
"""Columns of the long record: one row per template cell of a report.

``value`` is the parsed number (empty unless ``state`` is ``value`` or
``inferred``; money in 元), ``raw`` the cell text as found, ``state`` a
:class:`~govinfo_report.CellState` value, ``location`` a readable place
such as ``report.txt, line 40, table 1 row 5 col 3``, and ``unit`` the unit
the report states an amount of money in (``万元`` or ``元``, from its header
or the cell), so that ``raw`` and ``unit`` give the amount as the report
writes it; empty for counts and where the report states none.

.. versionchanged:: 0.2
   Adds ``unit``.
"""

Record = dict[str, Any]
"""A record: column name → value (``str``, ``int``, :class:`~decimal.Decimal` or ``None``)."""


def record_keys() -> tuple[str, ...]:
    """Return the cell keys of the wide record's cell columns, in column order."""
    return _CELL_KEYS


def record_columns(template: TemplateVersion | str | None = None) -> tuple[RecordColumn, ...]:
    """Return the columns of the wide record of one template, or of both (``None``: :data:`RECORD_COLUMNS`).

    The columns of one template are those of :data:`RECORD_COLUMNS` without
    the cell keys of the other template, in the same order.

    Example:
        >>> from govinfo_report.serialize.csv import record_columns
        >>> len(record_columns()) - len(record_columns("2021"))  # the keys only the 2019 template has
        26

    Raises:
        ValueError: ``template`` is not a template version.
    """
    if template is None:
        return RECORD_COLUMNS
    keys = set(cell_keys(TemplateVersion(template)))
    return tuple(
        column for column in RECORD_COLUMNS if column.name in keys or column.name not in _CELL_KEY_SET
    )


def _split(item: Report | Outcome) -> tuple[Report | None, str | None, str | None, Outcome | None]:
    """Return ``(report, source, sha256, outcome or None)`` of a report or a batch outcome."""
    if isinstance(item, Outcome):
        return item.report, item.source, item.sha256, item
    provenance = item.provenance
    return item, provenance.source if provenance else None, provenance.sha256 if provenance else None, None


def report_to_record(item: Report | Outcome, /, *, findings: Sequence[Finding] | None = None) -> Record:
    """Return the wide record of a report or of a :class:`~govinfo_report.batch.Outcome`.

    Cells without a number (blank, missing, unresolved, invalid) and the keys
    of the other template are ``None``.  For an outcome without a report only
    the identity and error columns are filled, and ``complete`` is ``False``.

    Args:
        item: A parsed report, or an outcome of :func:`~govinfo_report.batch.parse_many`.
        findings: Validation findings of a report, to fill the ``findings``
            columns (an outcome brings its own); without them those columns are ``None``.

    Returns:
        A dictionary with exactly the names of :data:`RECORD_COLUMNS` as keys, in their order.
    """
    report, source, sha256, outcome = _split(item)
    record: Record = dict.fromkeys(column.name for column in RECORD_COLUMNS)
    record["source"] = source
    record["sha256"] = sha256
    if outcome is not None:
        if outcome.error is not None:
            record["error_type"] = outcome.error.type
            record["error_message"] = outcome.error.message
        if report is not None:
            findings = outcome.findings
    if report is None:
        record["complete"] = False  # nothing was read; keeps the column free of gaps for filtering
        return record
    record["agency"] = report.agency
    record["year"] = report.year
    record["template"] = report.template.value
    for cell in report.cells():
        if cell.key in record and cell.state in _NUMBER_STATES:
            record[cell.key] = cell.value
    completeness = report.completeness
    record["complete"] = completeness.complete
    for table in completeness.tables:
        for count, _ in _COMPLETENESS_COUNTS:
            record[f"{table.table}_{count}"] = getattr(table, count)
    if findings is not None:
        summary = summarize(findings)
        record["findings"] = len(findings)
        record["error_findings"] = summary.errors
        record["error_causes"] = summary.error_causes
        record["warning_findings"] = summary.warnings
        record["warning_causes"] = summary.warning_causes
    return record


_NUMBER_STATES: Final = frozenset({CellState.VALUE, CellState.INFERRED})


def report_to_long_records(item: Report | Outcome, /) -> Iterator[Record]:
    """Yield the long records of a report or outcome: one per template cell, in table order.

    An outcome without a report yields nothing.

    Returns:
        Dictionaries with exactly the names of :data:`LONG_COLUMNS` as keys.
    """
    report, source, sha256, _ = _split(item)
    if report is None:
        return
    for cell in report.cells():
        yield {
            "source": source,
            "sha256": sha256,
            "key": cell.key,
            "value": cell.value if cell.state in _NUMBER_STATES else None,
            "raw": cell.raw,
            "state": cell.state.value,
            "location": cell.location.describe() if cell.location is not None else None,
            "unit": cell.unit,
        }


def write_wide_csv(
    items: Iterable[Report | Outcome],
    file: IO[str] | str | os.PathLike[str],
    /,
    *,
    headers: CsvHeaders = "keys",
    bom: bool | None = None,
    header: bool = True,
    template: TemplateVersion | str | None = None,
    zh: bool | None = None,
) -> int:
    """Write the wide CSV (one row per report or outcome) and return the number of rows.

    Example:
        >>> import io
        >>> from govinfo_report import parse_bytes
        >>> from govinfo_report.examples import example_bytes
        >>> from govinfo_report.serialize.csv import BOM, write_wide_csv
        >>> buffer = io.StringIO()
        >>> write_wide_csv([parse_bytes(example_bytes())], buffer, headers="zh", template="2019")
        1
        >>> buffer.getvalue().startswith(BOM + "来源,SHA-256,")
        True

    Args:
        items: Reports or batch outcomes.
        file: An open text file (opened with ``newline=""``) or a path, written as UTF-8.
        headers: The column names (``"keys"``) or the Chinese headers (``"zh"``) in the header row.
        bom: Start the file with :data:`BOM`, for Excel; ``None`` (the default)
            does so with Chinese headers only.  Written only with the header row,
            so that appending (``header=False``) never adds a second one.
        header: Write the header row (turn off to append to an existing file).
        template: Write only the reports of this template (``"2019"`` or
            ``"2021"``) and only its columns (:func:`record_columns`); inputs
            without a report and reports of the other template are left out.
            ``None`` writes every item with the columns of both templates.
        zh: Deprecated: ``zh=True`` is ``headers="zh"``.

    .. versionchanged:: 0.2
       Adds ``headers``, ``bom`` and ``template``; ``zh`` is deprecated.
    """
    chosen = _headers(headers, zh)
    columns = record_columns(template)
    if template is not None:
        version = TemplateVersion(template)
        items = (item for item in items if _template_of(item) is version)
    records = (report_to_record(item) for item in items)
    return _write(columns, records, file, headers=chosen, bom=bom, header=header)


def write_long_csv(
    items: Iterable[Report | Outcome],
    file: IO[str] | str | os.PathLike[str],
    /,
    *,
    headers: CsvHeaders = "keys",
    bom: bool | None = None,
    header: bool = True,
    zh: bool | None = None,
) -> int:
    """Write the long CSV (one row per cell) and return the number of rows.

    Args:
        items: Reports or batch outcomes.
        file: An open text file (opened with ``newline=""``) or a path, written as UTF-8.
        headers: The column names (``"keys"``) or the Chinese headers (``"zh"``) in the header row.
        bom: Start the file with :data:`BOM`, for Excel; ``None`` (the default)
            does so with Chinese headers only.  Written only with the header row.
        header: Write the header row (turn off to append to an existing file).
        zh: Deprecated: ``zh=True`` is ``headers="zh"``.

    .. versionchanged:: 0.2
       Adds ``headers`` and ``bom``; ``zh`` is deprecated.
    """
    chosen = _headers(headers, zh)
    records = (record for item in items for record in report_to_long_records(item))
    return _write(LONG_COLUMNS, records, file, headers=chosen, bom=bom, header=header)


def _template_of(item: Report | Outcome) -> TemplateVersion | None:
    report = item.report if isinstance(item, Outcome) else item
    return report.template if report is not None else None


def _headers(headers: CsvHeaders, zh: bool | None) -> CsvHeaders:
    """The headers asked for, honouring the deprecated ``zh`` flag."""
    if headers not in ("keys", "zh"):
        raise ValueError(f"headers must be 'keys' or 'zh', not {headers!r}")
    if zh is None:
        return headers
    warnings.warn("zh= is deprecated; use headers='zh' (or headers='keys')", DeprecationWarning, stacklevel=3)
    return "zh" if zh else headers


class RecordWriter:
    """Writes records one at a time, for callers that stream (the batch command line).

    Args:
        columns: The columns to write, in order (:data:`RECORD_COLUMNS`,
            :func:`record_columns`, :data:`LONG_COLUMNS`); a record's other keys are ignored.
        file: An open text file, opened with ``newline=""``.
        headers: The column names (``"keys"``) or the Chinese headers (``"zh"``) in the header row.
        bom: Start with :data:`BOM`; ``None`` does so with Chinese headers.
            Only written with the header row.
        header: Write the header row now (leave it out to append to a file that has one).
        zh: Deprecated: ``zh=True`` is ``headers="zh"``.

    .. versionchanged:: 0.2
       Adds ``headers`` and ``bom``; ``zh`` is deprecated, ``header`` defaults to ``True``.
    """

    def __init__(
        self,
        columns: Sequence[RecordColumn],
        file: IO[str],
        *,
        headers: CsvHeaders = "keys",
        bom: bool | None = None,
        header: bool = True,
        zh: bool | None = None,
    ) -> None:
        chosen = _headers(headers, zh)
        self._names = [column.name for column in columns]
        if header:
            if bom or (bom is None and chosen == "zh"):
                file.write(BOM)
            csv.writer(file, lineterminator="\n").writerow(
                [column.label_zh if chosen == "zh" else column.name for column in columns]
            )
        self._writer = csv.writer(file, lineterminator="\n")

    def write(self, record: Record) -> None:
        """Write one record."""
        self._writer.writerow([self.field(record.get(name)) for name in self._names])

    @staticmethod
    def field(value: object) -> str:
        """Return the text written for ``value``: empty for ``None``, text guarded as the module says."""
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return format(value, "f")
        if not isinstance(value, str):
            return str(value)
        text = escape_surrogates(value)
        if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
            return "'" + text
        return text


def _write(
    columns: Sequence[RecordColumn],
    records: Iterable[Record],
    file: IO[str] | str | os.PathLike[str],
    *,
    headers: CsvHeaders,
    bom: bool | None,
    header: bool,
) -> int:
    if isinstance(file, str | os.PathLike):
        with open(file, "w", encoding="utf-8", newline="") as handle:
            return _write(columns, records, handle, headers=headers, bom=bom, header=header)
    writer = RecordWriter(columns, file, headers=headers, bom=bom, header=header)
    count = 0
    for record in records:
        writer.write(record)
        count += 1
    return count


# Field starts that make a spreadsheet read the field as a formula (OWASP's list); a plain number, or
# the dashes reports write for "none", have nothing to evaluate.
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER: Final = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?|-+")
