"""Findings: the values that validation produces."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from govinfo_report.errors import SourceLocation
from govinfo_report.model import TableKind
from govinfo_report.model.cellkey import CellKey

__all__ = ["Finding", "Severity"]


class Severity(enum.StrEnum):
    """How serious a finding is.

    The severity of a rule follows its class: rules
    stated in the template (S) or implied by its arithmetic (A) give
    errors, heuristics (H) and cross-year checks (X) give warnings, and
    informational rules give notes.
    """

    ERROR = "error"
    """The report contradicts the template or its own arithmetic."""
    WARNING = "warning"
    """Probably a defect, but there can be a legitimate explanation."""
    INFO = "info"
    """Worth knowing; not a defect."""


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def severity_rank(severity: Severity) -> int:
    """Return a sort key that puts errors first."""
    return _SEVERITY_RANK[severity]


@attrs.frozen(kw_only=True)
class Finding:
    """One problem found in a report.

    Attributes:
        rule_id: The stable ID of the rule in the rules catalogue, e.g. ``"R-T3-01"``.
        severity: How serious it is.
        message_zh: A self-contained explanation in Chinese.
        message_en: The same explanation in English.
        cells: Canonical keys of the cells involved, the most relevant first.
        suspects: The cells most probably wrong, when the table's
            arithmetic can tell (a subset of ``cells``).
        expected: What the report should state, as text
            (e.g. ``"新收 5 + 结转 0 = 5"`` or ``"3"``).
        found: What the report states, as text.
        locations: Where the cells or sentences are in the source.
        evidence: The sentence quoted from the report, for rules about its text.
        table: The table the finding is about, when it is about one; defaults to
            the table of the first cell.
        pattern: For a finding that stands for one cause behind several
            failures (e.g. ``"blank_column"``: a whole column left blank), the
            name of that pattern; ``None`` for a single failure.
        details: The findings the pattern explains (the per-cell equations), kept
            for whoever wants them; empty for a single failure.
    """

    rule_id: str
    severity: Severity
    message_zh: str
    message_en: str
    cells: tuple[str, ...] = ()
    suspects: tuple[str, ...] = ()
    expected: str | None = None
    found: str | None = None
    locations: tuple[SourceLocation, ...] = ()
    evidence: str | None = None
    table: TableKind | None = attrs.field()
    pattern: str | None = None
    details: tuple[Finding, ...] = ()

    @table.default
    def _table_of_first_cell(self) -> TableKind | None:
        if not self.cells:
            return None
        try:
            return CellKey.parse(self.cells[0]).table
        except ValueError:
            return None

    def message(self, lang: str = "zh") -> str:
        """Return the message in ``lang`` (``"zh"`` or ``"en"``)."""
        return self.message_en if lang == "en" else self.message_zh

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dictionary (as :func:`govinfo_report.serialize.finding_to_dict`)."""
        from govinfo_report.serialize import finding_to_dict  # noqa: PLC0415 - serialize imports this module

        return finding_to_dict(self)
