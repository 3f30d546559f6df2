"""The flat cell-key export: the cells that were read, and apart from them the ones that were not.

One contract holds for :func:`to_cells`, :func:`~govinfo_report.serialize.to_cells_document` and the
command line's ``parse --to cells`` (which prints :func:`~govinfo_report.serialize.to_cells_document`):

* ``cells`` has a key for every template cell that was read, and only for
  those: its number, or ``None`` (JSON ``null``) for a cell the source leaves
  blank.  ``None`` never stands for anything else.
* Every template cell that was not read is listed apart, under exactly one of
  ``unresolved`` (the text admits several values or none; with the
  alternatives the parser found), ``invalid`` (the text is not a number, e.g.
  a placeholder ``X``) and ``missing`` (not found in the source).
* ``completeness`` counts the cells of each table by state
  (:attr:`Report.completeness <govinfo_report.Report.completeness>`).

So a key absent from ``cells`` is never a blank, and a researcher can tell a
table that says nothing from a table that was not read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govinfo_report.model import CellState, Completeness, Report
from govinfo_report.model.labels import cell_keys
from govinfo_report.serialize._converter import CONVERTER

__all__ = ["to_cells", "to_cells_document"]


def to_cells(report: Report) -> dict[str, int | Decimal | None]:
    """Return ``{cell key: value}`` for every template cell that was read, in table order.

    Money is in 元 as :class:`~decimal.Decimal`; ``None`` stands for a blank
    cell only.  Cells that were not read (unresolved, invalid or missing)
    have no key: :func:`~govinfo_report.serialize.to_cells_document` lists them apart, with the
    alternatives of unresolved cells.

    Example:
        >>> from govinfo_report import parse_bytes
        >>> from govinfo_report.examples import example_bytes
        >>> cells = to_cells(parse_bytes(example_bytes()))
        >>> cells["requests.new_received.total"]
        66
        >>> "proactive.art20_5.other_services.decisions" in cells  # split into local rows: not read
        False

    .. versionchanged:: 0.2
       Cells that were not read are left out instead of given as ``None``.
    """
    keys = set(cell_keys(report.template))
    return {cell.key: cell.value for cell in report.cells() if cell.key in keys and cell.read}


def to_cells_document(report: Report) -> dict[str, Any]:
    """Return the JSON-ready cell export of the command line's ``parse --to cells``.

    Keys: ``template``, ``year``, ``agency``; ``cells`` (as :func:`~govinfo_report.to_cells`,
    money as decimal strings of 元); ``unresolved`` (cell key → ``raw`` text,
    ``alternatives`` and ``note``); ``invalid`` (cell key → raw text);
    ``missing`` (cell keys) and ``completeness`` (counts per table).  Every
    template cell is in exactly one of ``cells``, ``unresolved``, ``invalid``
    and ``missing``.

    .. versionchanged:: 0.2
       Adds ``completeness``.
    """
    keys = set(cell_keys(report.template))
    cells: dict[str, int | str | None] = {}
    unresolved: dict[str, dict[str, Any]] = {}
    invalid: dict[str, str] = {}
    missing: list[str] = []
    for cell in report.cells():
        if cell.key is None or cell.key not in keys:
            continue
        if cell.read:
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
    listed = set(cells) | set(unresolved) | set(invalid) | set(missing)
    missing.extend(key for key in cell_keys(report.template) if key not in listed)
    return {
        "template": report.template.value,
        "year": report.year,
        "agency": report.agency,
        "cells": cells,
        "unresolved": unresolved,
        "invalid": invalid,
        "missing": missing,
        "completeness": CONVERTER.unstructure(report.completeness, Completeness),
    }


def _json_number(value: int | Decimal | None) -> int | str | None:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value
