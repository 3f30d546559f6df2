"""JSON and JSON Lines for reports, with a schema version."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Final, Literal

import attrs
import cattrs

from govinfo_report.batch.outcome import Outcome
from govinfo_report.errors import SerializationError
from govinfo_report.model import Completeness, Report
from govinfo_report.serialize._converter import CONVERTER, OUTCOME_DERIVED_KEYS, SCHEMA_VERSION
from govinfo_report.serialize.cells import to_cells_document
from govinfo_report.validation import Finding, FindingSummary, summarize

__all__ = [
    "OUTCOME_CONTENTS",
    "SCHEMA_VERSION",
    "OutcomeContent",
    "finding_to_dict",
    "from_dict",
    "from_json",
    "iter_jsonl",
    "outcome_from_dict",
    "outcome_to_dict",
    "to_dict",
    "to_json",
    "to_jsonl",
]

_READABLE_VERSIONS = frozenset({1, SCHEMA_VERSION})

OutcomeContent = Literal["full", "cells", "summary"]
"""How much of an outcome :func:`outcome_to_dict` writes: see :data:`OUTCOME_CONTENTS`."""

OUTCOME_CONTENTS: Final[tuple[OutcomeContent, ...]] = ("full", "cells", "summary")
"""The levels of :func:`outcome_to_dict`, from the most to the least.

``"full"``
    ``source``, ``sha256``, ``ok``, ``status``, ``seconds``, ``error``, ``findings`` and
    ``report``, the full model (as :func:`~govinfo_report.to_dict`); the only level
    :func:`outcome_from_dict` reads back.
``"cells"``
    The same without ``report``, and ``cells``: the cell export of the report
    (:func:`~govinfo_report.serialize.to_cells_document`: template, year, agency, the
    cells read, those that were not and the completeness), or ``None``.  About a
    tenth of the size.
``"summary"``
    ``source``, ``sha256``, ``ok``, ``status``, ``seconds``, ``error``, then
    ``template``, ``year``, ``agency``, ``completeness`` (counts per table),
    ``finding_summary`` (:class:`~govinfo_report.validation.FindingSummary`) and
    ``rule_ids`` (of the findings, sorted, once each); no cell values.
"""


def to_dict(report: Report, /, *, converter: cattrs.Converter = CONVERTER) -> dict[str, Any]:
    """Return ``report`` as JSON-ready built-in types, with ``schema_version``.

    The last key, ``completeness``, is :attr:`Report.completeness
    <govinfo_report.Report.completeness>`: it is derived from the cells, so
    :func:`from_dict` does not read it back but recomputes it.

    .. versionchanged:: 0.2
       Adds ``completeness``.
    """
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    data.update(converter.unstructure(report, Report))
    data["completeness"] = converter.unstructure(report.completeness, Completeness)
    return data


def finding_to_dict(finding: Finding, /, *, converter: cattrs.Converter = CONVERTER) -> dict[str, Any]:
    """Return ``finding`` as JSON-ready built-in types (enums by value, locations without unknown fields)."""
    data: dict[str, Any] = converter.unstructure(finding, Finding)
    return data


def outcome_to_dict(
    outcome: Outcome,
    /,
    *,
    content: OutcomeContent = "full",
    converter: cattrs.Converter = CONVERTER,
) -> dict[str, Any]:
    """Return a batch outcome as the JSON Lines object of ``govinfo-report batch --out``.

    Keys: ``source``, ``sha256``, ``ok``, ``status``, ``seconds`` (rounded to 0.1 ms), ``error`` (``type``,
    ``message``, ``location``), ``findings`` (as :func:`finding_to_dict`) and ``report`` (as
    :func:`~govinfo_report.to_dict`, or ``None``); with ``content="cells"`` or
    ``"summary"`` less of it (see :data:`OUTCOME_CONTENTS`).  Every level starts with
    ``source`` and ``sha256``.

    Example:
        >>> from govinfo_report.batch import parse_many
        >>> from govinfo_report.examples import example_bytes
        >>> from govinfo_report.serialize import outcome_to_dict
        >>> [outcome] = parse_many([("example.txt", example_bytes())], workers=1)
        >>> line = outcome_to_dict(outcome, content="summary")
        >>> line["status"], line["template"], line["completeness"]["complete"]
        ('partial', '2019', False)

    Raises:
        ValueError: ``content`` is not one of :data:`OUTCOME_CONTENTS`.

    .. versionchanged:: 0.2
       Adds ``content``.
    """
    if content not in OUTCOME_CONTENTS:
        raise ValueError(f"content must be one of {', '.join(OUTCOME_CONTENTS)}, not {content!r}")
    data: dict[str, Any] = converter.unstructure(outcome, Outcome)
    if content == "full":
        return data
    del data["report"]
    report = outcome.report
    if content == "cells":
        data["cells"] = to_cells_document(report) if report is not None else None
        return data
    findings = data.pop("findings")
    data["template"] = report.template.value if report is not None else None
    data["year"] = report.year if report is not None else None
    data["agency"] = report.agency if report is not None else None
    data["completeness"] = (
        converter.unstructure(report.completeness, Completeness) if report is not None else None
    )
    data["finding_summary"] = converter.unstructure(summarize(outcome.findings), FindingSummary)
    data["rule_ids"] = sorted({finding["rule_id"] for finding in findings})
    return data


def outcome_from_dict(data: dict[str, Any], /, *, converter: cattrs.Converter = CONVERTER) -> Outcome:
    """Rebuild an outcome from :func:`outcome_to_dict` output (a line of ``govinfo-report batch --out``).

    Raises:
        SerializationError: The data does not describe an outcome, or holds
            less than the full outcome (written with ``content="cells"`` or ``"summary"``).
    """
    if not isinstance(data, dict):
        raise SerializationError(f"expected a JSON object, not {type(data).__name__}")
    if "report" not in data and ("cells" in data or "finding_summary" in data):
        raise SerializationError(
            "the line holds no full outcome (written with --jsonl-content cells or summary); "
            "write it with --jsonl-content full to read it back"
        )
    body = {key: value for key, value in data.items() if key not in OUTCOME_DERIVED_KEYS and key != "report"}
    report = data.get("report")
    try:
        outcome = converter.structure(body, Outcome)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        errors = (
            tuple(cattrs.transform_error(exc)) if isinstance(exc, cattrs.BaseValidationError) else (str(exc),)
        )
        raise SerializationError("data is not a valid outcome", errors) from exc
    if report is None:
        return outcome
    return attrs.evolve(outcome, report=from_dict(report, converter=converter))


def from_dict(data: dict[str, Any], /, *, converter: cattrs.Converter = CONVERTER) -> Report:
    """Rebuild a :class:`Report` from :func:`to_dict` output.

    Raises:
        SerializationError: The data does not describe a report of a known
            schema version; ``errors`` lists each problem with its path.
    """
    if not isinstance(data, dict):
        raise SerializationError(f"expected a JSON object, not {type(data).__name__}")
    body = dict(data)
    version = body.pop("schema_version", None)
    if isinstance(version, bool) or version not in _READABLE_VERSIONS:
        raise SerializationError(
            f"unsupported schema_version {version!r} (this library reads "
            f"{', '.join(map(str, sorted(_READABLE_VERSIONS)))})"
        )
    # Derived from the cells: checked for shape, then recomputed from them.
    completeness = body.pop("completeness", None) if version == SCHEMA_VERSION else None
    try:
        if completeness is not None:
            converter.structure(completeness, Completeness)
        return converter.structure(body, Report)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        errors = (
            tuple(cattrs.transform_error(exc)) if isinstance(exc, cattrs.BaseValidationError) else (str(exc),)
        )
        raise SerializationError("data is not a valid report", errors) from exc


def to_json(report: Report, /, *, indent: int | None = None, converter: cattrs.Converter = CONVERTER) -> str:
    """Serialise ``report`` to a JSON string (UTF-8 text, Chinese kept as is)."""
    return json.dumps(to_dict(report, converter=converter), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes, /, *, converter: cattrs.Converter = CONVERTER) -> Report:
    """Rebuild a :class:`Report` from :func:`to_json` output.

    Raises:
        SerializationError: The text is not JSON or not a valid report.
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise SerializationError(f"not valid JSON: {exc}") from exc
    return from_dict(data, converter=converter)


def to_jsonl(reports: Iterable[Report], /, *, converter: cattrs.Converter = CONVERTER) -> Iterator[str]:
    """Yield one JSON line (without newline) per report."""
    for report in reports:
        yield to_json(report, converter=converter)


def iter_jsonl(lines: Iterable[str], /, *, converter: cattrs.Converter = CONVERTER) -> Iterator[Report]:
    """Yield the reports of JSON Lines text, skipping blank lines."""
    for line in lines:
        if line.strip():
            yield from_json(line, converter=converter)
