"""The public entry points: validate, compare, validate_series, validate_many, and rendering."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from govinfo_report.errors import ReportValidationError
from govinfo_report.model import Report
from govinfo_report.model.labels import table_title

# Importing the rule modules registers their rules.
from govinfo_report.validation import (  # noqa: F401
    _appeals,
    _arithmetic,
    _blanks,
    _completeness,
    _document,
    _double_count,
    _foreign,
    _narrative,
    _proactive,
    _series,
    _values,
)
from govinfo_report.validation._causes import group_causes
from govinfo_report.validation._context import Context
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._format import fmt_location
from govinfo_report.validation._labels import TABLE_NAMES, table_of
from govinfo_report.validation._pairing import SeriesResult, pair_with_previous
from govinfo_report.validation._previous import check_previous
from govinfo_report.validation._registry import Rule, registered

__all__ = [
    "RULES",
    "compare",
    "format_findings",
    "rule_by_id",
    "rules_catalogue_markdown",
    "validate",
    "validate_many",
    "validate_series",
]

RULES: tuple[Rule, ...] = registered()
"""Every rule, in catalogue order (application table, review table,
第二十条 table, document)."""

_BY_ID = {r.id: r for r in RULES}


def _matches(rule_id: str, pattern: str) -> bool:
    return rule_id == pattern or rule_id.startswith(pattern.rstrip("-") + "-")


def _patterns(given: Iterable[str] | None) -> list[str] | None:
    if given is None:
        return None
    patterns = [p.strip() for p in given if p.strip()]
    unknown = [p for p in patterns if not any(_matches(r.id, p) for r in RULES)]
    if unknown:
        raise ValueError(f"unknown rule ID(s): {', '.join(unknown)}")
    return patterns


def _selected(
    select: Iterable[str] | None,
    ignore: Iterable[str] | None,
    extend_select: Iterable[str] | None = None,
) -> tuple[Rule, ...]:
    """The rules to run: selected (or on by default), plus the extension, minus the ignored.

    A prefix selects the rules it covers that are on by default; a rule that is
    off by default runs only when ``select`` or ``extend_select`` names its ID.
    """
    chosen, extra, ignored = _patterns(select), _patterns(extend_select) or [], _patterns(ignore) or []

    def wanted(rule: Rule) -> bool:
        if any(_matches(rule.id, p) for p in ignored):
            return False
        if rule.id in extra or (chosen is not None and rule.id in chosen):
            return True
        if not rule.default:
            return False
        return chosen is None or any(_matches(rule.id, p) for p in (*chosen, *extra))

    return tuple(rule for rule in RULES if wanted(rule))


def _applies(rule: Rule, report: Report, previous: Report | None) -> bool:
    if report.template not in rule.versions:
        return False
    if rule.cross_year:
        return previous is not None and previous.template in rule.versions
    return True


def _run(
    report: Report,
    previous: Report | None,
    rules: Sequence[Rule],
    published: date | None = None,
) -> tuple[Finding, ...]:
    runnable = [r for r in rules if _applies(r, report, previous)]
    ctx = Context(report, previous=previous, active=frozenset(r.id for r in runnable), published=published)
    findings: list[Finding] = []
    for rule in runnable:
        findings.extend(rule.check(ctx))
    return group_causes(report, findings)


def validate(
    report: Report,
    /,
    *,
    previous: Report | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
    strict: bool = False,
    published: date | None = None,
) -> tuple[Finding, ...]:
    """Check a report against the rules of the rules catalogue and return the findings.

    Args:
        report: The report to check.
        previous: The same agency's report for the year before; when given,
            the cross-year rules (R-T3-09, R-T1-03, R-T2-02, R-T1-05, R-G-07) run too.
            Agency names are compared in their varying forms (full or short,
            with or without the places above, government or its general office);
            when a name is missing or says too little, the reports are compared.
        published: The date the report was published (reports carry no
            publication date of their own); when given, the deadline rule R-G-01 runs.
        select: Rule IDs or prefixes (``"R-T3"``) to run; when ``None``, every
            rule that is on by default.  A prefix selects the rules it covers
            that are on by default; a rule that is off by default
            (:attr:`Rule.default`, e.g. R-T4-07) runs only when named by its ID.
        ignore: Rule IDs or prefixes not to run.
        extend_select: Rule IDs or prefixes to run in addition to ``select``
            (or to the default rules), e.g. ``["R-T4-07"]``.
        strict: Raise when there is an error-level finding.

    Returns:
        The findings, one per cause (the failures one pattern explains, such as
        a column left blank, are one finding with the failures as its
        ``details``), most serious first and, among equals, those that explain
        the most cells first.

    Raises:
        PreviousReportError: ``previous`` is not of the year before, or is
            certainly another agency's (a :class:`ValueError`).
        ValueError: ``select`` or ``ignore`` names an unknown rule.
        ReportValidationError: ``strict`` is true and an error-level finding exists;
            its ``findings`` holds the error-level findings.

    Example:
        >>> from govinfo_report.strategies import make_report
        >>> report = make_report("2021", {"requests.new_received.natural_person": 1})
        >>> [(f.rule_id, f.suspects) for f in validate(report) if f.severity == "error"]
        [('R-T3-03', ('requests.new_received.natural_person',))]
    """
    if previous is not None:
        check_previous(previous, report)
    findings = _run(report, previous, _selected(select, ignore, extend_select), published)
    if strict:
        errors = tuple(f for f in findings if f.severity is Severity.ERROR)
        if errors:
            raise ReportValidationError(
                f"{len(errors)} error-level finding(s): " + ", ".join(sorted({f.rule_id for f in errors})),
                errors,
            )
    return findings


def compare(
    previous: Report,
    current: Report,
    /,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
) -> tuple[Finding, ...]:
    """Run only the cross-year rules on two consecutive reports of the same agency.

    Rules whose cells exist in only one of the two templates are skipped, so a 2020
    report (2019 template) and a 2021 report (2021 template) are compared on the
    carry-over of applications (R-T3-09) and on text reuse (R-G-07) only.

    Args:
        previous: The report for year Y-1.
        current: The report for year Y; findings name its cells.
        select: Rule IDs or prefixes to run (as for :func:`validate`).
        ignore: Rule IDs or prefixes not to run.
        extend_select: Rule IDs or prefixes to run in addition.

    Raises:
        PreviousReportError: The years are known and not consecutive, or the
            agencies are known and certainly different (a :class:`ValueError`).
        ValueError: A rule ID is unknown.
    """
    check_previous(previous, current)
    rules = [r for r in _selected(select, ignore, extend_select) if r.cross_year]
    return _run(current, previous, rules)


def validate_series(
    reports: Iterable[Report],
    /,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
) -> dict[int, tuple[Finding, ...]]:
    """Validate several years of one agency's reports, comparing consecutive years.

    Each report is validated on its own and, when the report for the year before is
    among ``reports``, against it as well.

    Args:
        reports: Reports of the same agency, in any order.
        select: Rule IDs or prefixes to run (as for :func:`validate`).
        ignore: Rule IDs or prefixes not to run.
        extend_select: Rule IDs or prefixes to run in addition.

    Returns:
        The findings of each report, by year, in year order.

    Raises:
        PreviousReportError: Two consecutive years are certainly of different
            agencies (:func:`validate_many` takes reports of several agencies).
        ValueError: A report has no year, or two reports cover the same year.
    """
    by_year: dict[int, Report] = {}
    for report in reports:
        if report.year is None:
            raise ValueError(f"report {report.title!r} has no year")
        if report.year in by_year:
            raise ValueError(f"two reports cover {report.year}")
        by_year[report.year] = report
    return {
        year: validate(
            by_year[year],
            previous=by_year.get(year - 1),
            select=select,
            ignore=ignore,
            extend_select=extend_select,
        )
        for year in sorted(by_year)
    }


def validate_many(
    reports: Iterable[Report],
    /,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
) -> tuple[SeriesResult, ...]:
    """Validate reports of one or several agencies and years, each against its year before.

    Each report is paired with the same agency's report of the year before when
    it is among ``reports`` (see :func:`pair_with_previous`), and validated with
    it as ``previous``; a report without one is validated on its own.  Unlike
    :func:`validate_series`, the reports may be of several agencies, and years
    may be missing or repeated.

    Args:
        reports: The reports, in any order.
        select: Rule IDs or prefixes to run (as for :func:`validate`).
        ignore: Rule IDs or prefixes not to run.
        extend_select: Rule IDs or prefixes to run in addition.

    Returns:
        One result per report, in the order given, with the report it was
        compared with and why.

    Raises:
        ValueError: A rule ID is unknown.

    Example:
        >>> from govinfo_report.strategies import make_report
        >>> from govinfo_report.validation import validate_many
        >>> reports = [make_report("2021", year=2022), make_report("2021", year=2021)]
        >>> [(r.report.year, r.previous and r.previous.year, str(r.pairing)) for r in validate_many(reports)]
        [(2022, 2021, 'same-agency'), (2021, None, 'no-previous')]
    """
    given = list(reports)
    rules = _selected(select, ignore, extend_select)
    results = []
    for report, (previous, pairing) in zip(given, pair_with_previous(given), strict=True):
        results.append(
            SeriesResult(
                report=report, previous=previous, pairing=pairing, findings=_run(report, previous, rules)
            )
        )
    return tuple(results)


_GROUP_ORDER = ("proactive", "requests", "appeals", "document")
_RULE_TABLE = {"T1": "proactive", "T2": "proactive", "T3": "requests", "T4": "appeals", "G": "document"}
_SEVERITY_NAMES = {
    Severity.ERROR: ("错误", "error"),
    Severity.WARNING: ("警告", "warning"),
    Severity.INFO: ("提示", "info"),
}


def _group(finding: Finding) -> str:
    if finding.table is not None:
        return str(finding.table)
    return _RULE_TABLE.get(finding.rule_id.split("-")[1], "document")


def _table_name(finding: Finding) -> str | None:
    """The title of the one table all the finding's cells lie in, if there is one."""
    if finding.table is None or any(table_of(key) != finding.table for key in finding.cells):
        return None
    return table_title(finding.table)


def format_findings(findings: Iterable[Finding], /, *, lang: str = "zh") -> str:
    """Render findings as readable text, grouped by table.

    Args:
        findings: Findings from :func:`validate` or :func:`compare`.
        lang: ``"zh"`` for Chinese, ``"en"`` for English.

    Returns:
        One heading per table with findings, then one entry per finding with its
        severity, rule ID, message and source location (page, line, and the
        table named by its title with row and column, all counted from one;
        XPaths only in the JSON output); a one-line note when there is nothing
        to report.
    """
    index = 0 if lang == "zh" else 1
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[_group(finding)].append(finding)
    if not grouped:
        return "未发现问题。\n" if lang == "zh" else "No findings.\n"
    lines: list[str] = []
    for group in _GROUP_ORDER:
        if group not in grouped:
            continue
        heading = TABLE_NAMES[group][index] if group in TABLE_NAMES else ("全文", "Document")[index]
        if lines:
            lines.append("")
        lines.append(heading)
        for finding in grouped[group]:
            severity = _SEVERITY_NAMES[finding.severity][index]
            lines.append(f"  [{severity}] {finding.rule_id} {finding.message(lang)}")
            table_name = _table_name(finding)
            places = [d for d in (fmt_location(loc, lang, table_name) for loc in finding.locations) if d]
            where = places[0] if places else ""
            more = len(places) - 1
            if more > 0:
                where += f"（另有{more}处）" if lang == "zh" else f" (and {more} more)"
            if where:
                lines.append(f"      位置：{where}" if lang == "zh" else f"      at: {where}")
    return "\n".join(lines) + "\n"


def rules_catalogue_markdown() -> str:
    """Render the rule registry as Markdown for the documentation.

    Returns:
        A summary table of every rule followed by one section per rule (with a
        MyST target ``rule-<ID>``) giving its severity, class, templates and
        explanation.
    """
    lines = [
        "| ID | Severity | Class | Templates | Summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in RULES:
        versions = ", ".join(str(v) for v in rule.versions)
        summary = rule.summary.replace("|", r"\|")
        lines.append(
            f"| [{rule.id}](#rule-{rule.id.lower()}) | {rule.severity} "
            f"| {rule.rule_class} | {versions} | {summary} |"
        )
    for rule in RULES:
        versions = ", ".join(f"{v}" for v in rule.versions)
        scope = " · cross-year (needs the previous year's report)" if rule.cross_year else ""
        if not rule.default:
            scope += " · off by default (select it by ID)"
        lines += [
            "",
            f"(rule-{rule.id.lower()})=",
            f"## {rule.id}",
            "",
            f"**{rule.summary}**",
            "",
            f"Severity: {rule.severity} · class: {rule.rule_class} · templates: {versions}{scope}",
            "",
            rule.doc,
        ]
    return "\n".join(lines) + "\n"


def rule_by_id(rule_id: str) -> Rule:
    """Return the rule with ID ``rule_id``.

    Raises:
        KeyError: No rule has that ID.
    """
    return _BY_ID[rule_id]
