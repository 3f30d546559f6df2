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

import sys
from typing import Any

from govinfo_report._deprecated import moved_module
from govinfo_report._pipeline import parse, parse_bytes, parse_path
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
from govinfo_report.serialize import from_dict, from_json, to_cells, to_dict, to_json
from govinfo_report.validation import Finding, Severity, validate

# The rules were the subpackage ``govinfo_report.validate`` before 0.2, shadowed by the function
# of the same name; ``from govinfo_report.validate import X`` still works, with a warning.
sys.modules.setdefault(
    "govinfo_report.validate", moved_module("govinfo_report.validate", "govinfo_report.validation")
)

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


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from govinfo_report._version import version  # noqa: PLC0415 - computed on first access

        return version()
    raise AttributeError(f"module 'govinfo_report' has no attribute {name!r}")


def __dir__() -> list[str]:
    return list(__all__)
