"""The dashboard of a batch run: a row per report, a rules × reports matrix, charts, series by agency."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from html import escape
from typing import Final

from govinfo_report.batch.outcome import Outcome
from govinfo_report.review._assets import DASHBOARD_SCRIPT, STYLE
from govinfo_report.review._page import Lang
from govinfo_report.validation import Severity

__all__ = ["dashboard_page"]

_WORDS: Final[dict[str, tuple[str, str]]] = {
    "title": ("年度报告审阅总览", "Annual reports: overview"),
    "filter": ("筛选（机构、年度、规则……）", "Filter (agency, year, rule…)"),
    "source": ("文件", "File"),
    "agency": ("机构", "Agency"),
    "year": ("年度", "Year"),
    "template": ("模板", "Template"),
    "read": ("已读单元格", "Cells read"),
    "errors": ("错误", "Errors"),
    "warnings": ("警告", "Warnings"),
    "status": ("状态", "Status"),
    "failed": ("解析失败", "not parsed"),
    "rules": ("规则 × 报告", "Rules × reports"),
    "per_rule": ("各规则的问题数", "Findings per rule"),
    "completeness": ("完整性分布（已读比例）", "Completeness (share of cells read)"),
    "per_year": ("各年度的问题数", "Findings per year"),
    "series": ("同一机构的各年度（错误数）", "Agencies across years (errors)"),
    "reports": ("份报告", "reports"),
}
_BAR: Final = 18


def _word(name: str, lang: Lang) -> str:
    zh, en = _WORDS[name]
    return zh if lang == "zh" else en


def _read_share(outcome: Outcome) -> float | None:
    if outcome.report is None:
        return None
    completeness = outcome.report.completeness
    return completeness.read / completeness.expected if completeness.expected else 0.0


def _bar_chart(title: str, items: Sequence[tuple[str, int]]) -> Iterator[str]:
    """A horizontal bar chart as inline SVG."""
    if not items:
        return
    top = max(value for _, value in items) or 1
    height = _BAR * len(items) + 4
    yield f"<h3>{escape(title)}</h3>"
    yield (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 420 {height}" '
        'style="width: 100%; max-width: 420px">'
    )
    for index, (label, value) in enumerate(items):
        y = index * _BAR + 2
        width = 260 * value / top
        yield (
            f'<text x="0" y="{y + 12}">{escape(label)}</text>'
            f'<rect x="110" y="{y}" width="{width:.1f}" height="{_BAR - 4}" fill="#60a5fa"></rect>'
            f'<text x="{114 + width:.1f}" y="{y + 12}">{value}</text>'
        )
    yield "</svg>"


def _short(source: str) -> str:
    """The file name of a source path or URL."""
    return source.rstrip("/").rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or source


def _row(outcome: Outcome, link: str | None, lang: Lang) -> str:
    report = outcome.report
    severities = Counter(finding.severity for finding in outcome.findings)
    share = _read_share(outcome)
    name = escape(_short(outcome.source))
    full = escape(outcome.source)
    source = (
        f'<a href="{escape(link)}" title="{full}">{name}</a>'
        if link
        else f'<span title="{full}">{name}</span>'
    )
    if report is None:
        error = outcome.error.type if outcome.error is not None else ""
        failed = [source, "", "", "", "", "", "", f"{_word('failed', lang)}: {escape(error)}"]
        return "<tr>" + "".join(f"<td>{cell}</td>" for cell in failed) + "</tr>"
    percent = f"{100 * share:.0f}%" if share is not None else ""
    cells = [
        (source, ""),
        (escape(report.agency or ""), ""),
        ("" if report.year is None else str(report.year), ""),
        (report.template.value, ""),
        (percent, f"{share:.4f}" if share is not None else ""),
        (str(severities[Severity.ERROR]), ""),
        (str(severities[Severity.WARNING]), ""),
        ("✓" if outcome.ok else escape(outcome.error.type if outcome.error else ""), ""),
    ]
    return (
        "<tr>"
        + "".join(
            f'<td data-sort="{sort}">{text}</td>' if sort else f"<td>{text}</td>" for text, sort in cells
        )
        + "</tr>"
    )


def dashboard_page(
    outcomes: Sequence[Outcome], /, *, links: Mapping[str, str] | None = None, lang: Lang = "zh"
) -> str:
    """Return the dashboard of a batch run's ``outcomes`` as one self-contained HTML document.

    Args:
        outcomes: One outcome per input.
        links: Source → address of its review page, for the links of the table.
        lang: ``"zh"`` (default) or ``"en"``.
    """
    links = links or {}
    parsed = [outcome for outcome in outcomes if outcome.report is not None]
    title = _word("title", lang)
    body: list[str] = [
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="summary">{len(outcomes)} {_word("reports", lang)}</p>',
        f'<input id="filter" class="filter" type="search" placeholder="{escape(_word("filter", lang))}">',
        '<div class="scroll"><table id="reports" class="grid sortable"><thead><tr>',
    ]
    headers = ("source", "agency", "year", "template", "read", "errors", "warnings", "status")
    body += [f"<th>{_word(name, lang)}</th>" for name in headers]
    body.append("</tr></thead><tbody>")
    body += [_row(outcome, links.get(outcome.source), lang) for outcome in outcomes]
    body.append("</tbody></table></div>")

    rules = sorted({finding.rule_id for outcome in parsed for finding in outcome.findings})
    if rules:
        body.append(
            f'<h2>{_word("rules", lang)}</h2><div class="scroll"><table class="grid"><thead><tr><th></th>'
        )
        body += [f"<th>{escape(rule)}</th>" for rule in rules]
        body.append("</tr></thead><tbody>")
        for outcome in parsed:
            counts = Counter(finding.rule_id for finding in outcome.findings)
            label = escape(_short(outcome.source))
            body.append(f'<tr><th class="row">{label}</th>')
            body += [f"<td>{counts[rule] or ''}</td>" for rule in rules]
            body.append("</tr>")
        body.append("</tbody></table></div>")

    per_rule = Counter(finding.rule_id for outcome in parsed for finding in outcome.findings)
    body += list(_bar_chart(_word("per_rule", lang), sorted(per_rule.items())))
    buckets: Counter[str] = Counter()
    for outcome in parsed:
        share = _read_share(outcome)
        if share is not None:
            low = min(9, int(share * 10)) * 10
            buckets[f"{low}–{low + 10}%"] += 1
    body += list(
        _bar_chart(
            _word("completeness", lang), sorted(buckets.items(), key=lambda item: int(item[0].split("–")[0]))
        )
    )
    per_year: Counter[str] = Counter()
    for outcome in parsed:
        assert outcome.report is not None  # noqa: S101 - parsed outcomes only
        per_year[str(outcome.report.year)] += len(outcome.findings)
    body += list(_bar_chart(_word("per_year", lang), sorted(per_year.items())))

    series: dict[str, dict[int, int]] = defaultdict(dict)
    for outcome in parsed:
        report = outcome.report
        assert report is not None  # noqa: S101 - parsed outcomes only
        if report.agency and report.year is not None:
            errors = sum(1 for finding in outcome.findings if finding.severity is Severity.ERROR)
            series[report.agency][report.year] = errors
    several = {agency: years for agency, years in series.items() if len(years) > 1}
    if several:
        years = sorted({year for by_year in several.values() for year in by_year})
        body.append(
            f'<h2>{_word("series", lang)}</h2><div class="scroll"><table class="grid"><thead><tr><th></th>'
        )
        body += [f"<th>{year}</th>" for year in years]
        body.append("</tr></thead><tbody>")
        for agency, by_year in sorted(several.items()):
            body.append(f'<tr><th class="row">{escape(agency)}</th>')
            body += [f"<td>{by_year.get(year, '')}</td>" for year in years]
            body.append("</tr>")
        body.append("</tbody></table></div>")
    body.append(f"<script>{DASHBOARD_SCRIPT}</script></body></html>")
    return "".join(body)
