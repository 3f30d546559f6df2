"""The rule registry: every check is a :class:`Rule` with its stable ID."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from govinfo_report.model import TemplateVersion
from govinfo_report.validation._finding import Finding, Severity

if TYPE_CHECKING:
    from govinfo_report.validation._context import Context

__all__ = ["BOTH", "V2019", "V2021", "Rule", "registered", "rule"]

BOTH: tuple[TemplateVersion, ...] = tuple(TemplateVersion)
"""Every template version."""
V2019: tuple[TemplateVersion, ...] = (TemplateVersion.V2019,)
V2021: tuple[TemplateVersion, ...] = (TemplateVersion.V2021,)

Check = Callable[["Context"], Iterable[Finding]]

_ID = re.compile(r"R-(T[1-4]|G)-\d{2}")
_PREFIX_ORDER = {"T3": 0, "T4": 1, "T2": 2, "T1": 3, "G": 4}


@attrs.frozen(kw_only=True)
class Rule:
    """A consistency rule of the rules catalogue and the function that checks it.

    Attributes:
        id: Stable ID, e.g. ``"R-T3-01"`` (table 3, rule 1).
        severity: Severity of its findings.
        rule_class: The kind of rule: ``S`` (stated in the template),
            ``A`` (arithmetic), ``H`` (heuristic), ``X`` (cross-report) or a
            combination such as ``"X/H"``.
        versions: Template versions the rule applies to.
        summary: One line saying what the rule checks.
        cross_year: Whether the rule compares a report with the previous
            year's report of the same agency.
        default: Whether the rule runs unless deselected.  Weak heuristics
            that are off by default run only when named
            by their exact ID (``select`` or ``extend_select``).
        check: The pure function that yields the rule's findings.
    """

    id: str
    severity: Severity
    rule_class: str
    versions: tuple[TemplateVersion, ...]
    summary: str
    cross_year: bool = False
    default: bool = True
    check: Check = attrs.field(eq=False, repr=False)

    @property
    def doc(self) -> str:
        """The explanation of the rule for report authors (the check's docstring)."""
        return inspect.getdoc(self.check) or ""

    @property
    def sort_key(self) -> tuple[int, int]:
        """Catalogue order: application table, review table, 第二十条 table, document."""
        _, prefix, number = self.id.split("-")
        return (_PREFIX_ORDER[prefix], int(number))


_REGISTRY: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    severity: Severity,
    rule_class: str,
    versions: tuple[TemplateVersion, ...] = BOTH,
    summary: str,
    cross_year: bool = False,
    default: bool = True,
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of rule ``rule_id``.

    Raises:
        ValueError: The ID is malformed or already registered.
    """
    if not _ID.fullmatch(rule_id):
        raise ValueError(f"malformed rule ID {rule_id!r}")

    def register(check: Check) -> Check:
        if rule_id in _REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        _REGISTRY[rule_id] = Rule(
            id=rule_id,
            severity=severity,
            rule_class=rule_class,
            versions=versions,
            summary=summary,
            cross_year=cross_year,
            default=default,
            check=check,
        )
        return check

    return register


def registered() -> tuple[Rule, ...]:
    """Return every registered rule in catalogue order."""
    return tuple(sorted(_REGISTRY.values(), key=lambda r: r.sort_key))
