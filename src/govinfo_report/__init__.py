"""Parse and check China's government information-disclosure annual reports.

``govinfo_report`` turns 政府信息公开工作年度报告 — as plain text, HTML, DOCX or
PDF, in either national template (2019 or 2021) — into typed data with the
source location of every value, and checks the tables' consistency rules.

>>> import govinfo_report
>>> from govinfo_report.examples import example_bytes
>>> report = govinfo_report.parse_bytes(example_bytes())
>>> report.value("requests.new_received.total")
66
"""

from __future__ import annotations

from typing import Any

from govinfo_report.errors import GovInfoReportError, ParseError
from govinfo_report.model import (
    Cell,
    CellState,
    Deviation,
    Format,
    Provenance,
    Report,
    Row,
    Section,
    Table,
    TableKind,
    TemplateVersion,
)
from govinfo_report.parsers import parse, parse_bytes, parse_path
from govinfo_report.serialize import from_dict, from_json, to_cells, to_dict, to_json

# Imported eagerly: the function ``validate`` shares its name with the
# subpackage, and a lazy import would let the subpackage replace it.
from govinfo_report.validate import Finding, Severity, validate

__all__ = [
    "Cell",
    "CellState",
    "Deviation",
    "Finding",
    "Format",
    "GovInfoReportError",
    "ParseError",
    "Provenance",
    "Report",
    "Row",
    "Section",
    "Severity",
    "Table",
    "TableKind",
    "TemplateVersion",
    "__version__",
    "from_dict",
    "from_json",
    "parse",
    "parse_bytes",
    "parse_path",
    "to_cells",
    "to_dict",
    "to_json",
    "validate",
]

_LAZY = {
    "validate": "govinfo_report.validate",
    "Finding": "govinfo_report.validate",
    "Severity": "govinfo_report.validate",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from govinfo_report._version import version  # noqa: PLC0415 - computed on first access

        return version()
    raise AttributeError(f"module 'govinfo_report' has no attribute {name!r}")


def __dir__() -> list[str]:
    return list(__all__)
