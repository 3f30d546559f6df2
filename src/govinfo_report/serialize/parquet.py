"""Parquet datasets of batch outcomes, with a stable, typed schema (needs the ``dask`` extra's pyarrow).

Outcomes become five tables, each a Parquet dataset in a folder of its own:

``reports_2019``, ``reports_2021``
    One row per report of that template: ``source``, ``sha256``, ``agency``,
    ``year``, then one column per canonical cell key of the template, then
    ``findings`` and ``error_findings``.  Partitioned by ``year``.
``cells``
    One row per template cell of every report: ``source``, ``sha256``,
    ``template``, ``year``, ``key``, ``count`` (counts), ``amount_yuan``
    (money), ``raw``, ``state``, ``location``.  Partitioned by ``template`` and ``year``.
``findings``
    One row per validation finding: ``source``, ``sha256``, ``template``, ``year``,
    ``rule_id``, ``severity``, ``table``, ``message_zh``, ``message_en``, ``cells``,
    ``suspects``, ``expected``, ``found``.  Partitioned by ``template`` and ``year``.
``inputs``
    One row per input, parsed or not: ``source``, ``sha256``, ``ok``, ``error_type``,
    ``error_message``, ``template``, ``year``, ``agency``, ``format``, ``encoding``,
    ``library_version``, ``backends``, ``seconds``.  Not partitioned.

Counts are 64-bit integers that may be null (``Int64`` in pandas, which
``pandas.read_parquet`` restores); money is ``decimal128(24, 4)`` in 元.
A count or amount too large for its type (only a damaged or hostile input
writes one) is null in the tables; the ``cells`` table keeps its ``raw`` text.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Collection, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.fs as pafs

from govinfo_report.batch.outcome import Outcome
from govinfo_report.model import CellState, Report, TemplateVersion
from govinfo_report.model.labels import MONEY_KEYS, cell_keys
from govinfo_report.validation import Severity

__all__ = [
    "PARTITIONING",
    "SCHEMAS",
    "TABLES",
    "merge_datasets",
    "outcome_tables",
    "write_staging",
]

_INT64_MAX: Final = 2**63 - 1
_MONEY: Final = pa.decimal128(24, 4)
_MONEY_QUANTUM: Final = Decimal("0.0001")
_MONEY_MAX: Final = Decimal(10) ** 20
_NUMBER_STATES: Final = frozenset({CellState.VALUE, CellState.INFERRED})


def _report_schema(version: TemplateVersion) -> pa.Schema:
    cells = [pa.field(key, _MONEY if key in MONEY_KEYS else pa.int64()) for key in cell_keys(version)]
    return pa.schema(
        [
            pa.field("source", pa.string()),
            pa.field("sha256", pa.string()),
            pa.field("agency", pa.string()),
            pa.field("year", pa.int64()),
            *cells,
            pa.field("findings", pa.int64()),
            pa.field("error_findings", pa.int64()),
        ]
    )


SCHEMAS: Final[dict[str, pa.Schema]] = {
    "reports_2019": _report_schema(TemplateVersion.V2019),
    "reports_2021": _report_schema(TemplateVersion.V2021),
    "cells": pa.schema(
        [
            ("source", pa.string()),
            ("sha256", pa.string()),
            ("template", pa.string()),
            ("year", pa.int64()),
            ("key", pa.string()),
            ("count", pa.int64()),
            ("amount_yuan", _MONEY),
            ("raw", pa.string()),
            ("state", pa.string()),
            ("location", pa.string()),
        ]
    ),
    "findings": pa.schema(
        [
            ("source", pa.string()),
            ("sha256", pa.string()),
            ("template", pa.string()),
            ("year", pa.int64()),
            ("rule_id", pa.string()),
            ("severity", pa.string()),
            ("table", pa.string()),
            ("message_zh", pa.string()),
            ("message_en", pa.string()),
            ("cells", pa.list_(pa.string())),
            ("suspects", pa.list_(pa.string())),
            ("expected", pa.string()),
            ("found", pa.string()),
        ]
    ),
    "inputs": pa.schema(
        [
            ("source", pa.string()),
            ("sha256", pa.string()),
            ("ok", pa.bool_()),
            ("error_type", pa.string()),
            ("error_message", pa.string()),
            ("template", pa.string()),
            ("year", pa.int64()),
            ("agency", pa.string()),
            ("format", pa.string()),
            ("encoding", pa.string()),
            ("library_version", pa.string()),
            ("backends", pa.string()),
            ("seconds", pa.float64()),
        ]
    ),
}
"""The Arrow schema of each table, by table name."""

TABLES: Final = tuple(SCHEMAS)
"""The table names, each a folder of the dataset."""

PARTITIONING: Final[dict[str, tuple[str, ...]]] = {
    "reports_2019": ("year",),
    "reports_2021": ("year",),
    "cells": ("template", "year"),
    "findings": ("template", "year"),
    "inputs": (),
}
"""The Hive-style partition columns of each table (``year=2023/`` folders)."""

_REPORT_TABLES: Final = {TemplateVersion.V2019: "reports_2019", TemplateVersion.V2021: "reports_2021"}


def _count(value: object) -> int | None:
    if isinstance(value, int) and -_INT64_MAX <= value <= _INT64_MAX:
        return value
    return None


def _money(value: object) -> Decimal | None:
    if not isinstance(value, int | Decimal):
        return None
    amount = Decimal(value)
    if not amount.is_finite() or abs(amount) >= _MONEY_MAX:
        return None
    try:
        return amount.quantize(_MONEY_QUANTUM)
    except InvalidOperation:
        return None


def _report_row(outcome: Outcome, report: Report) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source": outcome.source,
        "sha256": outcome.sha256,
        "agency": report.agency,
        "year": report.year,
    }
    for cell in report.cells():
        if cell.key is None:
            continue
        number = cell.value if cell.state in _NUMBER_STATES else None
        row[cell.key] = _money(number) if cell.key in MONEY_KEYS else _count(number)
    row["findings"] = len(outcome.findings)
    row["error_findings"] = sum(1 for finding in outcome.findings if finding.severity is Severity.ERROR)
    return row


def outcome_tables(outcomes: Iterable[Outcome]) -> dict[str, pa.Table]:
    """Return the five tables of ``outcomes``, each with its schema from :data:`SCHEMAS`.

    Tables carry pandas metadata, so that ``pandas.read_parquet`` gives
    counts as ``Int64`` and leaves money as :class:`~decimal.Decimal` objects.
    """
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    for outcome in outcomes:
        report = outcome.report
        template = report.template.value if report is not None else None
        year = report.year if report is not None else None
        provenance = report.provenance if report is not None else None
        rows["inputs"].append(
            {
                "source": outcome.source,
                "sha256": outcome.sha256,
                "ok": outcome.ok,
                "error_type": outcome.error.type if outcome.error is not None else None,
                "error_message": outcome.error.message if outcome.error is not None else None,
                "template": template,
                "year": year,
                "agency": report.agency if report is not None else None,
                "format": provenance.format.value if provenance is not None else None,
                "encoding": provenance.encoding if provenance is not None else None,
                "library_version": provenance.library_version if provenance is not None else None,
                "backends": (
                    ", ".join(f"{name} {version}" for name, version in provenance.backends)
                    if provenance is not None
                    else None
                ),
                "seconds": outcome.seconds,
            }
        )
        if report is None:
            continue
        rows[_REPORT_TABLES[report.template]].append(_report_row(outcome, report))
        for cell in report.cells():
            number = cell.value if cell.state in _NUMBER_STATES else None
            money = cell.key in MONEY_KEYS
            rows["cells"].append(
                {
                    "source": outcome.source,
                    "sha256": outcome.sha256,
                    "template": template,
                    "year": year,
                    "key": cell.key,
                    "count": None if money else _count(number),
                    "amount_yuan": _money(number) if money else None,
                    "raw": cell.raw,
                    "state": cell.state.value,
                    "location": cell.location.describe() if cell.location is not None else None,
                }
            )
        for finding in outcome.findings:
            rows["findings"].append(
                {
                    "source": outcome.source,
                    "sha256": outcome.sha256,
                    "template": template,
                    "year": year,
                    "rule_id": finding.rule_id,
                    "severity": finding.severity.value,
                    "table": finding.table.value if finding.table is not None else None,
                    "message_zh": finding.message_zh,
                    "message_en": finding.message_en,
                    "cells": list(finding.cells),
                    "suspects": list(finding.suspects),
                    "expected": finding.expected,
                    "found": finding.found,
                }
            )
    return {name: _table(name, table_rows) for name, table_rows in rows.items()}


def _table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = SCHEMAS[name]
    frame = pd.DataFrame(rows, columns=schema.names)
    for field in schema:
        if pa.types.is_int64(field.type):
            frame[field.name] = frame[field.name].astype("Int64")
        elif pa.types.is_boolean(field.type):
            frame[field.name] = frame[field.name].astype("boolean")
        elif pa.types.is_string(field.type):
            frame[field.name] = frame[field.name].astype("string")
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


def write_staging(
    tables: dict[str, pa.Table], directory: str, *, filesystem: pafs.FileSystem | None = None
) -> None:
    """Write each non-empty table as one file ``directory/<table>/<random>.parquet`` (not partitioned)."""
    name = f"{uuid.uuid4().hex}.parquet"
    for table_name, table in tables.items():
        if table.num_rows:
            pads.write_dataset(
                table,
                f"{directory}/{table_name}",
                format="parquet",
                filesystem=filesystem,
                basename_template=name.replace(".parquet", "-{i}.parquet"),
                existing_data_behavior="overwrite_or_ignore",
            )


def merge_datasets(
    staging: str,
    dataset: str,
    *,
    replaced_sources: Collection[str] = (),
    filesystem: pafs.FileSystem | None = None,
) -> dict[str, int]:
    """Merge the staged tables into the partitioned dataset, and return the rows of each table.

    Rows of the existing dataset whose ``source`` is in ``replaced_sources``
    (inputs parsed again because they changed) are dropped; the rest is kept.
    Each table is written anew beside the old one and swapped in, streaming
    rather than loading whole tables.
    """
    fs = filesystem if filesystem is not None else pafs.LocalFileSystem()
    counts: dict[str, int] = {}
    replaced = pa.array(sorted(replaced_sources), type=pa.string())
    for name in SCHEMAS:
        schema = _stored_schema(name)
        parts: list[pads.Dataset] = []
        old_dir, new_dir, staged_dir = f"{dataset}/{name}", f"{dataset}/.{name}.new", f"{staging}/{name}"
        partitioning = PARTITIONING[name]
        if _exists(fs, old_dir):
            old = pads.dataset(
                old_dir,
                schema=schema,
                format="parquet",
                filesystem=fs,
                partitioning=_hive(schema, partitioning),
            )
            parts.append(old.filter(~pads.field("source").isin(replaced)) if len(replaced) else old)
        if _exists(fs, staged_dir):
            parts.append(pads.dataset(staged_dir, schema=schema, format="parquet", filesystem=fs))
        if not parts:
            counts[name] = 0
            continue
        counted = [0]

        def batches(
            parts: list[pads.Dataset] = parts, counted: list[int] = counted
        ) -> Iterator[pa.RecordBatch]:
            for part in parts:
                for batch in part.to_batches():
                    counted[0] += batch.num_rows
                    yield batch

        if _exists(fs, new_dir):
            fs.delete_dir(new_dir)
        pads.write_dataset(
            _counted_batches(parts, counted),
            new_dir,
            schema=schema,
            format="parquet",
            filesystem=fs,
            partitioning=_hive(schema, partitioning),
            existing_data_behavior="error",
        )
        counts[name] = counted[0]
        if _exists(fs, old_dir):
            fs.delete_dir(old_dir)
        fs.move(new_dir, old_dir)
    return counts


def _counted_batches(parts: list[pads.Dataset], counted: list[int]) -> Iterator[pa.RecordBatch]:
    """Stream the record batches of ``parts``, adding their rows to ``counted[0]``."""
    for part in parts:
        for batch in part.to_batches():
            counted[0] += batch.num_rows
            yield batch


@functools.cache
def _stored_schema(name: str) -> pa.Schema:
    """The schema of a table as written, with the pandas metadata that restores nullable dtypes.

    The partition columns are left out of that metadata: readers rebuild them
    from the folder names (as categories), not from the files.
    """
    schema = _table(name, []).schema
    pandas_meta = json.loads(schema.metadata[b"pandas"])
    partitions = set(PARTITIONING[name])
    pandas_meta["columns"] = [column for column in pandas_meta["columns"] if column["name"] not in partitions]
    return schema.with_metadata({b"pandas": json.dumps(pandas_meta).encode()})


def _hive(schema: pa.Schema, columns: tuple[str, ...]) -> pads.Partitioning | None:
    if not columns:
        return None
    return pads.partitioning(pa.schema([schema.field(column) for column in columns]), flavor="hive")


def _exists(fs: pafs.FileSystem, path: str) -> bool:
    return bool(fs.get_file_info(path).type != pafs.FileType.NotFound)
