"""Validation: the consistency rules (勾稽关系) of the tables, checked into findings.

:func:`validate` checks one report, :func:`compare`, :func:`validate_series` and
:func:`validate_many` add the cross-year rules (:func:`pair_with_previous` finds
each report's year before among several agencies' reports), :data:`RULES` lists every rule with its stable ID.
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
    validate_many,
    validate_series,
)
from govinfo_report.validation._causes import BLANK_COLUMN, BLANK_ROW, FindingSummary, summarize
from govinfo_report.validation._document import OTHER_TEMPLATE_LAYOUT
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._pairing import Pairing, SeriesResult, pair_with_previous
from govinfo_report.validation._registry import Rule

__all__ = [
    "BLANK_COLUMN",
    "BLANK_ROW",
    "OTHER_TEMPLATE_LAYOUT",
    "RULES",
    "Finding",
    "FindingSummary",
    "Pairing",
    "Rule",
    "SeriesResult",
    "Severity",
    "compare",
    "format_findings",
    "pair_with_previous",
    "rule_by_id",
    "rules_catalogue_markdown",
    "summarize",
    "validate",
    "validate_many",
    "validate_series",
]


def __dir__() -> list[str]:
    return list(__all__)
