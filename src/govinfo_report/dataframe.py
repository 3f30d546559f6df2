"""Reports and batch outcomes as pandas data frames with typed columns (needs the ``pandas`` extra).

Four tables, each from reports or :class:`~govinfo_report.batch.Outcome` records
(or one of them):

:func:`reports_frame`
    One row per report or input: identity, template, status, completeness and finding counts.
:func:`wide_frame`
    One row per report, one column per cell key (the columns of the wide CSV).
:func:`long_frame`
    One row per template cell: its key taken apart, its value, raw text and state.
:func:`findings_frame`
    One row per validation finding.

:func:`to_dataframe` names the table with a word.  Columns are typed so that
no value changes on the way: counts and years are pandas' nullable ``Int64``
(a blank cell is ``<NA>``, never ``NaN`` in a float column, and never 0),
text is ``string``, flags are ``boolean``, and enumerations (template,
status, cell state, severity, table, format) are ``category`` with every
possible value as a category, so that counts by category include the empty ones.

Money (the keys ending in ``_yuan``, in 元) is exact by default:
:class:`~decimal.Decimal` objects in an ``object`` column, as
``pandas.read_parquet`` gives the Parquet tables' decimals, because pandas has
no exact decimal dtype of its own and a binary float cannot hold most
amounts with fen (``0.1 + 0.2``).  ``sum()`` works on them; pass
``money="float"`` for a ``Float64`` column when approximate arithmetic is enough.

A count or amount too large for its column (only a damaged or hostile input
writes one) is ``<NA>``; the long table keeps its raw text.

Example:
    >>> from govinfo_report import parse_bytes
    >>> from govinfo_report.dataframe import wide_frame
    >>> from govinfo_report.examples import example_bytes
    >>> frame = wide_frame(parse_bytes(example_bytes(), source="example.txt"), template="2019")
    >>> print(frame.loc[0, "requests.new_received.total"], frame["requests.new_received.total"].dtype)
    66 Int64
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Literal

try:
    import pandas as pd
except ImportError:
    msg = "govinfo_report.dataframe needs pandas: pip install 'govinfo-report[pandas]'"
    raise ImportError(msg, name="pandas") from None

from govinfo_report.batch.outcome import Outcome
from govinfo_report.document import Format
from govinfo_report.model import CellState, Report, TableKind, TemplateVersion
from govinfo_report.model.cellkey import CellKey
from govinfo_report.model.labels import MONEY_KEYS
from govinfo_report.serialize.csv import (
    RecordColumn,
    record_columns,
    record_keys,
    report_to_long_records,
    report_to_record,
)
from govinfo_report.validation import Severity

__all__ = [
    "Money",
    "TableName",
    "findings_frame",
    "long_frame",
    "reports_frame",
    "to_dataframe",
    "wide_frame",
]

Money = Literal["decimal", "float"]
"""How money columns are typed: exact :class:`~decimal.Decimal` objects (``object``) or ``Float64``."""

TableName = Literal["reports", "wide", "long", "findings"]
"""The tables of :func:`to_dataframe`."""

Items = Report | Outcome | Iterable[Report | Outcome]

_INT64_MAX: Final = 2**63 - 1
_STATUSES: Final = ("complete", "partial", "failed")
_CATEGORIES: Final[dict[str, tuple[str, ...]]] = {
    "template": tuple(version.value for version in TemplateVersion),
    "status": _STATUSES,
    "format": tuple(format.value for format in Format),
    "table": tuple(kind.value for kind in TableKind),
    "state": tuple(state.value for state in CellState),
    "severity": tuple(severity.value for severity in Severity),
}


def reports_frame(items: Items, /) -> pd.DataFrame:
    """Return one row per report or outcome: who, which template, how complete, how many findings.

    Columns: ``source``, ``sha256``, ``agency`` (``string``); ``year`` (``Int64``);
    ``template`` (category ``2019``/``2021``); ``format`` (category, the input's format);
    ``status`` (category ``complete``/``partial``/``failed``, as :attr:`Outcome.status
    <govinfo_report.batch.Outcome.status>`); then the non-cell columns of the wide CSV:
    ``complete`` (``boolean``), the per-table counts (``requests_expected``,
    ``requests_read``, … ``Int64``), the finding counts (``findings``, ``error_findings``,
    … ``Int64``; ``<NA>`` for a report given without findings) and ``error_type``,
    ``error_message`` (``string``).

    Example:
        >>> from govinfo_report.batch import parse_many
        >>> from govinfo_report.dataframe import reports_frame
        >>> from govinfo_report.examples import example_bytes
        >>> frame = reports_frame(parse_many([("example.txt", example_bytes())], workers=1))
        >>> print(frame.loc[0, "template"], frame.loc[0, "year"], frame.loc[0, "status"])
        2019 2020 partial
        >>> str(frame["status"].dtype), str(frame["requests_read"].dtype)
        ('category', 'Int64')
    """
    keys = set(record_keys())
    columns = [column for column in record_columns() if column.name not in keys]
    rows = []
    for item in _items(items):
        record = report_to_record(item)
        report = item.report if isinstance(item, Outcome) else item
        provenance = report.provenance if report is not None else None
        record["format"] = provenance.format.value if provenance is not None else None
        record["status"] = item.status if isinstance(item, Outcome) else _status(item)
        rows.append(record)
    kinds = _kinds(columns)
    leading = list(kinds.items())[:5]
    kinds = {**dict(leading), "format": "string", "status": "string", **kinds}
    return _frame(rows, kinds, money="decimal")


def wide_frame(
    items: Items, /, *, template: TemplateVersion | str | None = None, money: Money = "decimal"
) -> pd.DataFrame:
    """Return one row per report, one column per cell key: the wide CSV's columns, typed.

    Counts are ``Int64``, ``<NA>`` where the cell has no number (blank,
    missing, unresolved, invalid, or a key of the other template); money as
    ``money`` says; ``template`` is a category.

    Args:
        items: Reports or outcomes, or one of them.
        template: Only the reports of this template, with only its columns
            (no column that is empty by construction); ``None``: every item,
            with the columns of both templates.
        money: ``"decimal"`` (exact, ``object`` column of :class:`~decimal.Decimal`)
            or ``"float"`` (``Float64``).

    Raises:
        ValueError: ``template`` is not a template version, or ``money`` not a known choice.
    """
    columns = record_columns(template)
    version = None if template is None else TemplateVersion(template)
    rows = []
    for item in _items(items):
        report = _report(item)
        if version is None or (report is not None and report.template is version):
            rows.append(report_to_record(item))
    return _frame(rows, _kinds(columns), money=money)


def long_frame(items: Items, /, *, money: Money = "decimal") -> pd.DataFrame:
    """Return one row per template cell of every report.

    Columns: ``source``, ``sha256`` (``string``); ``template`` (category);
    ``year`` (``Int64``); ``key`` (category); the key taken apart: ``table``
    (category ``proactive``/``requests``/``appeals``), ``row`` and ``column``
    (``string``); ``count`` (``Int64``, the value of a count cell) and
    ``amount_yuan`` (the value of a money cell in 元, as ``money`` says), so that
    each column has one type; ``raw`` (the text as found) and ``unit`` (the unit the
    report states an amount in, ``万元`` or ``元``), ``state`` (category of
    :class:`~govinfo_report.CellState` values) and ``location`` (``string``).

    Example:
        >>> from govinfo_report import parse_bytes
        >>> from govinfo_report.dataframe import long_frame
        >>> from govinfo_report.examples import example_bytes
        >>> cells = long_frame(parse_bytes(example_bytes()))
        >>> row = cells[cells["key"] == "requests.new_received.total"].iloc[0]
        >>> print(row["table"], row["row"], row["column"], row["count"], row["state"])
        requests new_received total 66 value
    """
    rows = []
    for item in _items(items):
        report = _report(item)
        if report is None:
            continue
        for record in report_to_long_records(item):
            key = record.pop("key")
            value = record.pop("value")
            parts = _parts(key)
            money_cell = key in MONEY_KEYS
            record.update(
                template=report.template.value,
                year=report.year,
                key=key,
                table=parts.table.value if parts is not None else None,
                row=parts.row if parts is not None else None,
                column=parts.column if parts is not None else None,
                count=None if money_cell else value,
                amount_yuan=value if money_cell else None,
            )
            rows.append(record)
    kinds = {
        "source": "string",
        "sha256": "string",
        "template": "string",
        "year": "int",
        "key": "category",
        "table": "string",
        "row": "string",
        "column": "string",
        "count": "int",
        "amount_yuan": "decimal",
        "raw": "string",
        "unit": "string",
        "state": "string",
        "location": "string",
    }
    return _frame(rows, kinds, money=money)


def findings_frame(items: Items, /) -> pd.DataFrame:
    """Return one row per validation finding of every outcome (a report alone has none: validate it first).

    Columns: ``source``, ``sha256`` (``string``); ``template`` (category); ``year`` (``Int64``);
    ``rule_id`` (category); ``severity`` (category ``error``/``warning``/``info``);
    ``table`` (category); ``message_zh``, ``message_en`` (``string``); ``cells`` and
    ``suspects`` (tuples of cell keys, ``object``); ``expected``, ``found``,
    ``evidence`` and ``pattern`` (``string``).

    Example:
        >>> from govinfo_report.batch import parse_many
        >>> from govinfo_report.dataframe import findings_frame
        >>> from govinfo_report.examples import example_bytes
        >>> findings = findings_frame(parse_many([("example.txt", example_bytes())], workers=1))
        >>> list(findings.columns[:6])
        ['source', 'sha256', 'template', 'year', 'rule_id', 'severity']
    """
    rows = []
    for item in _items(items):
        if not isinstance(item, Outcome) or item.report is None:
            continue
        for finding in item.findings:
            rows.append(
                {
                    "source": item.source,
                    "sha256": item.sha256,
                    "template": item.report.template.value,
                    "year": item.report.year,
                    "rule_id": finding.rule_id,
                    "severity": finding.severity.value,
                    "table": finding.table.value if finding.table is not None else None,
                    "message_zh": finding.message_zh,
                    "message_en": finding.message_en,
                    "cells": finding.cells,
                    "suspects": finding.suspects,
                    "expected": finding.expected,
                    "found": finding.found,
                    "evidence": finding.evidence,
                    "pattern": finding.pattern,
                }
            )
    kinds = {
        "source": "string",
        "sha256": "string",
        "template": "string",
        "year": "int",
        "rule_id": "category",
        "severity": "string",
        "table": "string",
        "message_zh": "string",
        "message_en": "string",
        "cells": "object",
        "suspects": "object",
        "expected": "string",
        "found": "string",
        "evidence": "string",
        "pattern": "string",
    }
    return _frame(rows, kinds, money="decimal")


def to_dataframe(items: Items, /, table: TableName = "wide", **options: Any) -> pd.DataFrame:
    """Return the table ``table`` of ``items``: ``reports``, ``wide`` (the default), ``long`` or ``findings``.

    ``options`` go to the function of the table (:func:`reports_frame`, :func:`wide_frame`,
    :func:`long_frame`, :func:`findings_frame`).

    Example:
        >>> from govinfo_report import parse_bytes
        >>> from govinfo_report.dataframe import to_dataframe
        >>> from govinfo_report.examples import example_bytes
        >>> to_dataframe(parse_bytes(example_bytes()), "long", money="float").shape[0]
        198

    Raises:
        ValueError: ``table`` is not one of the four.
    """
    functions = {"reports": reports_frame, "wide": wide_frame, "long": long_frame, "findings": findings_frame}
    if table not in functions:
        raise ValueError(f"table must be one of {', '.join(functions)}, not {table!r}")
    frame: pd.DataFrame = functions[table](items, **options)
    return frame


def _items(items: Items) -> Iterator[Report | Outcome]:
    if isinstance(items, Report | Outcome):
        yield items
    else:
        yield from items


def _report(item: Report | Outcome) -> Report | None:
    return item.report if isinstance(item, Outcome) else item


def _status(report: Report) -> str:
    return "complete" if report.completeness.complete else "partial"


def _parts(key: str | None) -> CellKey | None:
    if key is None:
        return None
    try:
        return CellKey.parse(key)
    except ValueError:
        return None


def _kinds(columns: Iterable[RecordColumn]) -> dict[str, str]:
    return {column.name: column.type for column in columns}


def _frame(rows: Sequence[dict[str, Any]], kinds: dict[str, str], *, money: Money) -> pd.DataFrame:
    """Build the frame of ``rows`` with a column of each kind (``kinds``: name → kind), in that order.

    Kinds: ``int``, ``bool``, ``decimal``, ``string``, ``object`` and ``category``
    (categories seen); the enumerations of :data:`_CATEGORIES` get all their values.
    """
    if money not in ("decimal", "float"):
        raise ValueError(f"money must be 'decimal' or 'float', not {money!r}")
    data = {name: _column(name, kind, [row.get(name) for row in rows], money) for name, kind in kinds.items()}
    return pd.DataFrame(data, columns=list(kinds))


def _column(name: str, kind: str, values: list[Any], money: Money) -> Any:
    if name in _CATEGORIES:
        return pd.Categorical(values, categories=list(_CATEGORIES[name]))
    if kind == "decimal":
        amounts = [_amount(value) for value in values]
        if money == "float":
            return pd.array([None if value is None else float(value) for value in amounts], dtype="Float64")
        return pd.Series(amounts, dtype="object")
    if kind == "int":
        values = [_count(value) for value in values]
    return _BUILDERS[kind](values)


_BUILDERS: Final[dict[str, Any]] = {
    "category": pd.Categorical,
    "int": lambda values: pd.array(values, dtype="Int64"),
    "bool": lambda values: pd.array(values, dtype="boolean"),
    "object": lambda values: pd.Series(values, dtype="object"),
    "string": lambda values: pd.array(values, dtype="string"),
}


def _count(value: object) -> int | None:
    """A count that fits an ``Int64`` column, else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool) and -_INT64_MAX <= value <= _INT64_MAX:
        return value
    return None


def _amount(value: object) -> Decimal | None:
    """A finite amount as a :class:`~decimal.Decimal`, else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None
