"""The library's own cattrs converter (never the global one)."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any, Final

import cattrs
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as _make_json_converter

from govinfo_report.model import CellValue

__all__ = ["CONVERTER", "make_converter"]


def _unstructure_value(value: int | Decimal | None) -> int | str | None:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _structure_value(data: Any, _: Any) -> int | Decimal | None:
    if data is None:
        return None
    if isinstance(data, bool):
        raise TypeError(f"a cell value cannot be a boolean: {data!r}")
    if isinstance(data, int):
        return data
    if isinstance(data, str):
        return Decimal(data)
    raise TypeError(f"a cell value must be an integer, a decimal string or null, not {data!r}")


def _structure_decimal(data: Any, _: Any) -> Decimal:
    if isinstance(data, (str, int)) and not isinstance(data, bool):
        return Decimal(data)
    raise TypeError(f"expected a decimal string, not {data!r}")


def make_converter() -> JsonConverter:
    """Return a new converter configured for :class:`~govinfo_report.Report`.

    Enums are written by value, :class:`~decimal.Decimal` as a string, tuples
    as lists; unknown keys are rejected.  Customise your own copy rather
    than the module-level default.
    """
    converter = _make_json_converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_unstructure_hook(Decimal, lambda value: format(value, "f"))
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(CellValue, _unstructure_value)
    converter.register_structure_hook(CellValue, _structure_value)
    converter.register_unstructure_hook(enum.Enum, lambda member: member.value)
    return converter


CONVERTER: Final[cattrs.Converter] = make_converter()
"""The default converter used by :mod:`govinfo_report.serialize`."""
