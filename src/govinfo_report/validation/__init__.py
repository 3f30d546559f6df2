"""Validation: the consistency rules (勾稽关系) of the tables, checked into findings.

:func:`validate` checks one report, :func:`compare` and :func:`validate_series`
add the cross-year rules, :data:`RULES` lists every rule with its stable ID.
Findings come one per cause (see :attr:`Finding.pattern`), and :func:`summarize`
counts the failures and causes of a report.
"""

from govinfo_report.validation._api import (
    RULES,
    compare,
    format_findings,
    rule_by_id,
    rules_catalogue_markdown,
    validate,
    validate_series,
)
from govinfo_report.validation._causes import BLANK_COLUMN, BLANK_ROW, FindingSummary, summarize
from govinfo_report.validation._document import OTHER_TEMPLATE_LAYOUT
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._registry import Rule

__all__ = [
    "BLANK_COLUMN",
    "BLANK_ROW",
    "OTHER_TEMPLATE_LAYOUT",
    "RULES",
    "Finding",
    "FindingSummary",
    "Rule",
    "Severity",
    "compare",
    "format_findings",
    "rule_by_id",
    "rules_catalogue_markdown",
    "summarize",
    "validate",
    "validate_series",
]


def __dir__() -> list[str]:
    return list(__all__)
