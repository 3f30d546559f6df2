"""Reports of several agencies and years: each paired with its agency's report of the year before."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

import attrs

from govinfo_report.model import Report
from govinfo_report.validation._finding import Finding
from govinfo_report.validation._previous import Sameness, same_agency

__all__ = ["Pairing", "SeriesResult", "pair_with_previous"]


class Pairing(enum.StrEnum):
    """How a report was paired with the report of the year before."""

    SAME_AGENCY = "same-agency"
    """Compared with the same agency's report of the year before."""
    AGENCY_UNKNOWN = "agency-unknown"
    """Compared with the only report of the year before, though an agency name
    was missing or said too little to be sure it is the same agency."""
    NO_PREVIOUS = "no-previous"
    """No report of the same agency for the year before among the reports."""
    AMBIGUOUS = "ambiguous"
    """Several reports could be the year before (one report in two formats,
    say); none was taken."""
    NO_YEAR = "no-year"
    """The report's year is unknown, so it has no year before."""


@attrs.frozen(kw_only=True)
class SeriesResult:
    """One report of :func:`~govinfo_report.validation.validate_many`, with what it was compared with.

    Attributes:
        report: The report.
        previous: The report of the year before it was compared with, if any.
        pairing: Why ``previous`` is that report, or why there is none.
        findings: The findings of the report, the cross-year rules included
            when ``previous`` is set.
    """

    report: Report
    previous: Report | None
    pairing: Pairing
    findings: tuple[Finding, ...]


def _names(report: Report) -> list[str]:
    return [name for name in (report.agency, report.title) if name]


def _pair(report: Report, reports: Sequence[Report]) -> tuple[Report | None, Pairing]:
    if report.year is None:
        return None, Pairing.NO_YEAR
    earlier = [other for other in reports if other is not report and other.year == report.year - 1]
    by_sameness: dict[Sameness, list[Report]] = {sameness: [] for sameness in Sameness}
    for other in earlier:
        by_sameness[same_agency(_names(other), _names(report))].append(other)
    for sameness, pairing in (
        (Sameness.SAME, Pairing.SAME_AGENCY),
        (Sameness.UNKNOWN, Pairing.AGENCY_UNKNOWN),
    ):
        candidates = by_sameness[sameness]
        if len(candidates) == 1:
            return candidates[0], pairing
        if candidates:
            return None, Pairing.AMBIGUOUS
    return None, Pairing.NO_PREVIOUS


def pair_with_previous(reports: Iterable[Report], /) -> tuple[tuple[Report | None, Pairing], ...]:
    """Find, for each report, the same agency's report of the year before among ``reports``.

    Agency names are compared in their varying forms (full or short, with or
    without the places above, the government or its general office).  A report
    of the year before whose agency cannot be told (no name, or a name without
    place) is taken only when it is the only candidate; when several reports
    could be the year before, none is taken.

    Args:
        reports: Reports of one or several agencies, one or several years, in any order.

    Returns:
        For each report, in the order given, the report of the year before (or
        ``None``) and how it was chosen.
    """
    given = list(reports)
    return tuple(_pair(report, given) for report in given)
