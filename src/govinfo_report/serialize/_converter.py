"""The library's own cattrs converter (never the global one)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as _make_json_converter

from govinfo_report.batch.outcome import ErrorInfo, Outcome
from govinfo_report.errors import SourceLocation
from govinfo_report.model import (
    CellState,
    CellValue,
    Completeness,
    DeviationKind,
    Format,
    Gap,
    LegacyFormat,
    Provenance,
    Report,
    TableCompleteness,
    TableKind,
    TemplateVersion,
)
from govinfo_report.validation import Finding, Severity

__all__ = ["CONVERTER", "OUTCOME_DERIVED_KEYS", "make_converter"]


_MODEL_ENUMS: tuple[type[enum.Enum], ...] = (
    CellState,
    DeviationKind,
    Format,
    Gap,
    LegacyFormat,
    Severity,
    TableKind,
    TemplateVersion,
)

SCHEMA_VERSION: Final = 2
"""Version of the JSON shape of a report, independent of the library version.

Version 2 added ``completeness`` (see :attr:`Report.completeness <govinfo_report.Report.completeness>`);
version 1 data, which lacks it, still loads.

.. versionchanged:: 0.2
   2 (was 1).
"""

# Properties written beside the fields of a completeness record, for readers of the JSON;
# they are derived, so structuring drops them.
_DERIVED: dict[type, tuple[str, ...]] = {
    TableCompleteness: ("read", "complete"),
    Completeness: ("expected", "read", "complete"),
}


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
        return _structure_decimal(data, Decimal)
    raise TypeError(f"a cell value must be an integer, a decimal string or null, not {data!r}")


def _structure_decimal(data: Any, _: Any) -> Decimal:
    if isinstance(data, (str, int)) and not isinstance(data, bool):
        value = Decimal(data)
        if value.is_finite():
            return value
    raise TypeError(f"expected a finite decimal string, not {data!r}")


def make_converter() -> JsonConverter:
    """Return a new converter configured for :class:`~govinfo_report.Report`.

    Enums are written by value, :class:`~decimal.Decimal` as a string, tuples
    as lists; unknown keys are rejected.  Customise your own copy rather
    than the module-level default.
    """
    converter = _make_json_converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_unstructure_hook(Decimal, lambda value: format(value, "f"))
    converter.register_structure_hook(Decimal, _structure_decimal)
    # Predicate hooks: the union of int, Decimal and None would otherwise go to
    # cattrs' own union handling, which lets booleans through.
    converter.register_unstructure_hook_func(lambda type_: type_ == CellValue, _unstructure_value)
    converter.register_structure_hook_func(lambda type_: type_ == CellValue, _structure_value)
    # The model's enums are str subclasses, which the str hook would pass through as members.
    for enum_class in _MODEL_ENUMS:
        converter.register_unstructure_hook(enum_class, _enum_value)
    for record, derived in _DERIVED.items():
        _register_derived(converter, record, derived)
    # A report read as it is has no conversion: its JSON stays as it was before conversions existed.
    converter.register_unstructure_hook(
        Provenance,
        make_dict_unstructure_fn(Provenance, converter, conversion=override(omit_if_default=True)),
    )
    _register_records(converter)
    return converter


def _register_derived(converter: JsonConverter, record: type, derived: tuple[str, ...]) -> None:
    """Write ``derived`` properties after the fields of ``record``; drop them when reading."""
    unstructure: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(record, converter)
    structure: Callable[[Any, Any], Any] = make_dict_structure_fn(
        record, converter, _cattrs_forbid_extra_keys=True
    )

    def write(value: Any) -> dict[str, Any]:
        data = unstructure(value)
        data.update((name, getattr(value, name)) for name in derived)
        return data

    def read(data: Any, type_: Any) -> Any:
        if isinstance(data, dict):
            data = {name: item for name, item in data.items() if name not in derived}
        return structure(data, type_)

    converter.register_unstructure_hook(record, write)
    converter.register_structure_hook(record, read)


def _compact_location(location: SourceLocation | None) -> dict[str, Any] | None:
    """A location in findings and errors: only the fields that are known."""
    if location is None:
        return None
    return {
        field.name: value
        for field in attrs.fields(SourceLocation)
        if (value := getattr(location, field.name)) is not None
    }


OUTCOME_DERIVED_KEYS = frozenset({"ok", "status"})
"""Keys of an outcome's JSON that its properties derive from the rest; reading ignores them."""


def _register_records(converter: JsonConverter) -> None:
    """Hooks for the records around a report: findings, batch errors and outcomes (write only)."""
    converter.register_unstructure_hook(
        Finding,
        make_dict_unstructure_fn(
            Finding,
            converter,
            locations=override(unstruct_hook=lambda locations: [_compact_location(loc) for loc in locations]),
        ),
    )
    converter.register_unstructure_hook(
        ErrorInfo,
        make_dict_unstructure_fn(ErrorInfo, converter, location=override(unstruct_hook=_compact_location)),
    )

    def report_with_version(report: Report | None) -> dict[str, Any] | None:
        if report is None:
            return None
        return {"schema_version": SCHEMA_VERSION, **converter.unstructure(report, Report)}

    def outcome(value: Outcome) -> dict[str, Any]:
        return {
            "source": value.source,
            "sha256": value.sha256,
            "ok": value.ok,
            "status": value.status,
            "seconds": round(value.seconds, 4),
            "error": converter.unstructure(value.error, ErrorInfo | None),
            "findings": [converter.unstructure(finding, Finding) for finding in value.findings],
            "report": report_with_version(value.report),
        }

    converter.register_unstructure_hook(Outcome, outcome)


def _enum_value(member: enum.Enum) -> Any:
    return member.value


CONVERTER: Final[cattrs.Converter] = make_converter()
"""The default converter used by :mod:`govinfo_report.serialize`."""
