"""``validate`` with several files: folders expanded, each report paired with its year before."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from govinfo_report._escape import readable
from govinfo_report.batch import iter_sources
from govinfo_report.errors import PreviousReportError
from govinfo_report.model import Report
from govinfo_report.validation import Pairing, pair_with_previous
from govinfo_report.validation._previous import Sameness, check_previous

__all__ = ["Planned", "expand_folders", "pairing_lines", "plan"]


@attrs.frozen(kw_only=True)
class Planned:
    """One report to validate, with the report it is compared with."""

    path: Path
    report: Report
    previous: tuple[Path, Report] | None = None
    pairing: Pairing | None = None
    refused: PreviousReportError | None = None


def expand_folders(paths: Sequence[Path]) -> list[Path]:
    """Replace each folder by the reports in it (as ``batch`` finds them, sorted); keep other paths."""
    expanded: list[Path] = []
    for path in paths:
        expanded.extend(iter_sources([path]) if path.is_dir() else [path])
    return expanded


def plan(reports: Sequence[tuple[Path, Report]], previous: tuple[Path, Report] | None) -> list[Planned]:
    """Pair each report with ``previous`` when given, else with its year before among ``reports``.

    With ``previous``, a report it cannot stand for (another agency, another
    year) is refused; without, a single report is validated on its own.
    """
    if previous is not None:
        planned = []
        for path, report in reports:
            try:
                sameness = check_previous(previous[1], report)
            except PreviousReportError as exc:
                planned.append(Planned(path=path, report=report, refused=exc))
                continue
            pairing = Pairing.SAME_AGENCY if sameness is Sameness.SAME else Pairing.AGENCY_UNKNOWN
            planned.append(Planned(path=path, report=report, previous=previous, pairing=pairing))
        return planned
    if len(reports) < 2:  # a single report is validated on its own
        return [Planned(path=path, report=report) for path, report in reports]
    paths = {id(report): path for path, report in reports}
    pairs = pair_with_previous([report for _, report in reports])
    return [
        Planned(
            path=path,
            report=report,
            previous=None if earlier is None else (paths[id(earlier)], earlier),
            pairing=pairing,
        )
        for (path, report), (earlier, pairing) in zip(reports, pairs, strict=True)
    ]


_LINES = {
    Pairing.SAME_AGENCY: ("对照上一年度报告：{previous}", "compared with the year before: {previous}"),
    Pairing.AGENCY_UNKNOWN: (
        "对照上一年度报告：{previous}（机关名称不全，未能确认是同一机关）",
        "compared with the year before: {previous} (an agency name is missing or incomplete: "
        "not sure it is the same agency)",
    ),
    Pairing.NO_PREVIOUS: (
        "输入中没有同一机关上一年度的报告，未作跨年度检查",
        "no report of the same agency for the year before among the inputs: cross-year rules not run",
    ),
    Pairing.AMBIGUOUS: (
        "输入中有多份可能是上一年度的报告，未作跨年度检查",
        "several inputs could be the report of the year before: cross-year rules not run",
    ),
    Pairing.NO_YEAR: (
        "报告年度不明，未作跨年度检查",
        "the report's year is unknown: cross-year rules not run",
    ),
}


def pairing_lines(item: Planned, lang: str) -> str:
    """Say which report ``item`` was compared with, and why, in a line; nothing for a report on its own."""
    if item.pairing is None:
        return ""
    template = _LINES[item.pairing][0 if lang == "zh" else 1]
    previous = "" if item.previous is None else readable(str(item.previous[0]), lines=False)
    return template.format(previous=previous) + "\n"
