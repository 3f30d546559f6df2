"""The flat cell-key export: one value per canonical cell key (see the cell keys reference)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govinfo_report.model import CellState, Report
from govinfo_report.model.labels import cell_keys

__all__ = ["to_cells", "to_cells_document"]

_READ_STATES = frozenset({CellState.VALUE, CellState.BLANK, CellState.INFERRED})


def to_cells(report: Report) -> dict[str, int | Decimal | None]:
    """Return ``{cell key: value}`` for every canonical key of the report's template.

    Money is in 元 as :class:`~decimal.Decimal`; ``None`` stands for a blank
    cell and also for cells the report lacks or could not resolve — use
    :func:`~govinfo_report.serialize.to_cells_document` or the cells' ``state`` to tell them apart.
    """
    values: dict[str, int | Decimal | None] = dict.fromkeys(cell_keys(report.template))
    for cell in report.cells():
        if cell.key in values:
            values[cell.key] = cell.value
    return values


def to_cells_document(report: Report) -> dict[str, Any]:
    """Return the JSON-ready cell export of the CLI's ``parse --to cells``.

    ``cells`` holds only cells that were read (a number, or ``null`` for a
    blank cell), money as decimal strings of 元.  Cells that could not be
    read are listed apart, so a missing key never looks like a blank or a
    number: ``unresolved`` (the text admits several values; with the
    alternatives), ``invalid`` (not a number, e.g. a placeholder ``X``) and
    ``missing`` (the source lacks the cell).
    """
    keys = set(cell_keys(report.template))
    cells: dict[str, int | str | None] = {}
    unresolved: dict[str, dict[str, Any]] = {}
    invalid: dict[str, str] = {}
    missing: list[str] = []
    for cell in report.cells():
        if cell.key is None or cell.key not in keys:
            continue
        if cell.state in _READ_STATES:
            cells[cell.key] = _json_number(cell.value)
        elif cell.state is CellState.UNRESOLVED:
            unresolved[cell.key] = {
                "raw": cell.raw,
                "alternatives": [_json_number(value) for value in cell.alternatives],
                "note": cell.note,
            }
        elif cell.state is CellState.INVALID:
            invalid[cell.key] = cell.raw
        else:
            missing.append(cell.key)
    return {
        "template": report.template.value,
        "year": report.year,
        "agency": report.agency,
        "cells": cells,
        "unresolved": unresolved,
        "invalid": invalid,
        "missing": missing,
    }


def _json_number(value: int | Decimal | None) -> int | str | None:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value
