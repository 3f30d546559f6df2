"""The review page of one report: its tables as printed, states, findings and source, in one HTML file."""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from html import escape
from typing import Final, Literal

from govinfo_report.limits import DEFAULT_LIMITS
from govinfo_report.model import Cell, CellState, Format, Provenance, Report, Row, Table, TableKind
from govinfo_report.model.labels import cell_label, table_spec
from govinfo_report.review._assets import REVIEW_SCRIPT, STYLE
from govinfo_report.review._png import PageImage, image_pages, render_pages
from govinfo_report.validation import Finding, Severity
from govinfo_report.validation._format import fmt_number

__all__ = ["Lang", "review_page", "table_title"]

Lang = Literal["zh", "en"]
"""The language of a page's text."""

_WORDS: Final[dict[str, tuple[str, str]]] = {
    "review": ("审阅", "Review"),
    "template": ("模板", "Template"),
    "year": ("年度", "Year"),
    "agency": ("发布机构", "Agency"),
    "file": ("文件", "File"),
    "format": ("格式", "Format"),
    "library": ("解析库", "Library"),
    "backends": ("后端", "Backends"),
    "converted": (
        "由 {converter} {version} 从 .{original} 转换",
        "converted from .{original} by {converter} {version}",
    ),
    "completeness": ("完整性", "Completeness"),
    "findings": ("发现的问题", "Findings"),
    "none": ("未发现问题。", "No findings."),
    "source": ("原文页面", "Source pages"),
    "document": ("全文", "Document"),
    "expected": ("应为", "expected"),
    "found": ("实为", "found"),
    "page": ("第 {} 页", "page {}"),
    "errors": ("{} 个错误", "{} errors"),
    "warnings": ("{} 个警告", "{} warnings"),
    "infos": ("{} 个提示", "{} notes"),
    "select": ("点选单元格或问题以查看详情。", "Select a cell or a finding for details."),
    "raw": ("原文", "raw"),
    "value": ("数值", "value"),
    "where": ("位置", "location"),
    "alternatives": ("可能的值", "alternatives"),
    "note": ("说明", "note"),
}

_STATES: Final[dict[CellState, tuple[str, str]]] = {
    CellState.VALUE: ("已读", "read"),
    CellState.BLANK: ("空白", "blank"),
    CellState.INFERRED: ("推断", "inferred"),
    CellState.UNRESOLVED: ("未定", "unresolved"),
    CellState.INVALID: ("无效", "invalid"),
    CellState.MISSING: ("缺失", "missing"),
}

_SEVERITY_ORDER: Final = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_CONTEXT: Final = 80


def _format(provenance: Provenance, lang: Lang) -> str:
    """The format that was read, its encoding, and the conversion that made it."""
    text = provenance.format.value + (f", {provenance.encoding}" if provenance.encoding else "")
    conversion = provenance.conversion
    if conversion is None:
        return text
    said = _word("converted", lang).format(
        original=conversion.original.value,
        converter=conversion.converter,
        version=conversion.converter_version,
    )
    return f"{text} ({said})" if lang == "en" else f"{text}（{said}）"


def _word(name: str, lang: Lang) -> str:
    zh, en = _WORDS[name]
    return zh if lang == "zh" else en


def table_title(kind: TableKind, lang: Lang) -> str:
    """The table's heading in the template (Chinese) or its English name."""
    spec = table_spec(kind)
    return spec.name_en if lang == "en" else spec.title


def _number(value: int | Decimal | None) -> str:
    return "" if value is None else fmt_number(value)


def _cell_text(cell: Cell) -> str:
    if cell.state in (CellState.VALUE, CellState.INFERRED):
        return _number(cell.value)
    if cell.state is CellState.UNRESOLVED:
        return " / ".join(_number(value) for value in cell.alternatives) or "?"
    if cell.state is CellState.MISSING:
        return "—"
    return cell.raw.strip()


def _cell_info(cell: Cell, lang: Lang, lines: Sequence[str]) -> str:
    parts = [
        f"{cell.key}",
        f"{_STATES[cell.state][0 if lang == 'zh' else 1]}",
        f"{_word('raw', lang)}: {cell.raw!r}",
    ]
    if cell.value is not None:
        parts.append(
            f"{_word('value', lang)}: {_number(cell.value)}{'' if cell.unit is None else ' ' + cell.unit}"
        )
    if cell.alternatives:
        parts.append(
            f"{_word('alternatives', lang)}: {', '.join(_number(value) for value in cell.alternatives)}"
        )
    if cell.note:
        parts.append(f"{_word('note', lang)}: {cell.note}")
    location = cell.location
    if location is not None:
        parts.append(f"{_word('where', lang)}: {location.describe()}")
        if location.line is not None and 0 < location.line <= len(lines):
            parts.append(f"“{lines[location.line - 1].strip()}”")
    return " · ".join(parts)


def _row_label(row: Row, version: str) -> tuple[str, str]:
    """The row's group and official label (from its first keyed cell), or its label as found."""
    for cell in row.cells:
        if cell.key is not None:
            group, label, _ = cell_label(version, cell.key)
            return group, label
    return "", row.label.strip()


def _columns(row: Row, version: str) -> tuple[str, ...]:
    return tuple(cell_label(version, cell.key)[2] if cell.key is not None else "" for cell in row.cells)


def _table_html(
    table: Table, report: Report, lang: Lang, suspects: set[str], lines: Sequence[str]
) -> Iterator[str]:
    version = report.template.value
    columns: tuple[str, ...] | None = None
    group: str | None = None
    open_table = False
    for row in table.rows:
        row_columns = _columns(row, version)
        row_group, label = _row_label(row, version)
        if row_columns != columns:
            if open_table:
                yield "</tbody></table></div>"
            columns, group = row_columns, None
            caption = row_group if table.kind is TableKind.PROACTIVE else ""
            yield '<div class="scroll"><table class="grid">'
            if caption:
                yield f"<caption>{escape(caption)}</caption>"
                group = row_group
            yield (
                "<thead><tr><th></th>"
                + "".join(f"<th>{escape(name)}</th>" for name in columns)
                + "</tr></thead><tbody>"
            )
            open_table = True
        if row_group and row_group != group:
            yield f'<tr class="group"><th colspan="{len(columns) + 1}">{escape(row_group)}</th></tr>'
            group = row_group
        found = row.label.strip()
        title = f' title="{escape(found)}"' if found and found != label else ""
        yield f'<tr><th class="row"{title}>{escape(label)}</th>'
        for cell in row.cells:
            classes = f"st-{cell.state.value}" + (" suspect" if cell.key in suspects else "")
            key = escape(cell.key or "")
            info = escape(_cell_info(cell, lang, lines))
            yield (
                f'<td class="{classes}" data-key="{key}" data-info="{info}" title="{info}" tabindex="0">'
                f"{escape(_cell_text(cell))}</td>"
            )
        yield "</tr>"
    if open_table:
        yield "</tbody></table></div>"


def _evidence(report: Report, evidence: str) -> str:
    """The narrative around ``evidence`` with the sentence marked, or the sentence alone."""
    for section in report.sections:
        at = section.text.find(evidence)
        if at >= 0:
            start, end = max(0, at - _CONTEXT), min(len(section.text), at + len(evidence) + _CONTEXT)
            before, after = section.text[start:at], section.text[at + len(evidence) : end]
            return (
                f"{'…' if start else ''}{escape(before)}<mark>{escape(evidence)}</mark>"
                f"{escape(after)}{'…' if end < len(section.text) else ''}"
            )
    return f"<mark>{escape(evidence)}</mark>"


def _finding_html(finding: Finding, report: Report, lang: Lang) -> str:
    cells = " ".join(finding.cells)
    parts = [
        f'<li class="sev-{finding.severity.value}" data-cells="{escape(cells)}" tabindex="0">',
        f'<span class="rule">{escape(finding.rule_id)}</span>{escape(finding.message(lang))}',
    ]
    if finding.expected is not None or finding.found is not None:
        parts.append(
            f'<div class="terms">{_word("expected", lang)}: {escape(finding.expected or "")} · '
            f"{_word('found', lang)}: {escape(finding.found or '')}</div>"
        )
    if finding.evidence:
        parts.append(f"<blockquote>{_evidence(report, finding.evidence)}</blockquote>")
    parts.append("</li>")
    return "".join(parts)


def _summary(findings: Sequence[Finding], lang: Lang) -> str:
    counts = Counter(finding.severity for finding in findings)
    parts = [
        _word(name, lang).format(counts[severity])
        for name, severity in (
            ("errors", Severity.ERROR),
            ("warnings", Severity.WARNING),
            ("infos", Severity.INFO),
        )
        if counts[severity]
    ]
    return ("，" if lang == "zh" else ", ").join(parts) or _word("none", lang)


def _completeness(report: Report, lang: Lang) -> Iterator[str]:
    yield "<ul>"
    for table in report.completeness.tables:
        counts = {
            CellState.INFERRED: table.inferred,
            CellState.UNRESOLVED: table.unresolved,
            CellState.INVALID: table.invalid,
            CellState.MISSING: table.missing,
        }
        rest = [
            f"{count} {_STATES[state][0 if lang == 'zh' else 1]}" for state, count in counts.items() if count
        ]
        detail = ("，" if lang == "zh" else ", ").join(rest)
        yield (
            f"<li>{escape(table_title(table.table, lang))}: {table.read}/{table.expected}"
            f"{' (' + detail + ')' if detail else ''}</li>"
        )
    yield "</ul>"


def _pages(report: Report, data: bytes | None, lang: Lang) -> Iterator[str]:
    """The source pages holding table cells, with every cell's box drawn over them (PDF and image inputs)."""
    provenance = report.provenance
    if data is None or provenance is None or provenance.format not in (Format.PDF, Format.IMAGE):
        return
    boxes: dict[int, list[Cell]] = {}
    for cell in report.cells():
        location = cell.location
        if location is not None and location.page is not None and location.bbox is not None:
            boxes.setdefault(location.page, []).append(cell)
    if not boxes:
        return
    try:
        if provenance.format is Format.IMAGE:
            images = image_pages(data, provenance.pages, set(boxes), limits=DEFAULT_LIMITS)
        else:
            images = render_pages(data, set(boxes))
    except Exception:
        return
    if not images:
        return
    yield f"<h2>{_word('source', lang)}</h2>"
    for image in images:
        yield from _page_figure(image, boxes[image.number], lang)


def _page_figure(image: PageImage, cells: Sequence[Cell], lang: Lang) -> Iterator[str]:
    encoded = base64.b64encode(image.png).decode("ascii")
    caption = _word("page", lang).format(image.number)
    yield f'<figure class="page"><img alt="{escape(caption)}" src="data:image/png;base64,{encoded}">'
    yield f'<svg viewBox="0 0 {image.width} {image.height}" preserveAspectRatio="none" role="img">'
    for cell in cells:
        assert cell.location is not None  # noqa: S101 - filtered above
        assert cell.location.bbox is not None  # noqa: S101 - filtered above
        x0, y0, x1, y1 = cell.location.bbox
        left, top = x0 * image.scale, (image.page_height - y1) * image.scale
        width, height = (x1 - x0) * image.scale, (y1 - y0) * image.scale
        yield (
            f'<rect class="st-{cell.state.value}" data-key="{escape(cell.key or "")}" x="{left:.1f}" '
            f'y="{top:.1f}" width="{width:.1f}" height="{height:.1f}"><title>{escape(cell.key or "")} '
            f"{escape(_cell_text(cell))}</title></rect>"
        )
    yield f"</svg><figcaption>{escape(caption)}</figcaption></figure>"


def _source_lines(report: Report, data: bytes | None) -> list[str]:
    if data is None or report.provenance is None or report.provenance.format is not Format.TEXT:
        return []
    return data.decode(report.provenance.encoding or "utf-8", errors="replace").splitlines()


def review_page(
    report: Report,
    findings: Sequence[Finding],
    /,
    *,
    data: bytes | None = None,
    lang: Lang = "zh",
) -> str:
    """Return the review page of ``report`` and its ``findings`` as one self-contained HTML document.

    Args:
        report: The parsed report.
        findings: Its validation findings.
        data: The input's bytes: a PDF's pages or an image's frames are then
            shown with every cell's box drawn over them, and a text input's
            lines are quoted.
        lang: ``"zh"`` (default) or ``"en"``.
    """
    lines = _source_lines(report, data)
    suspects = {key for finding in findings for key in finding.suspects}
    ordered = sorted(findings, key=lambda finding: (_SEVERITY_ORDER[finding.severity], -len(finding.cells)))
    title = report.title or report.agency or (report.provenance.source if report.provenance else "") or ""
    head = (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        f"<title>{escape(_word('review', lang))}: {escape(title)}</title><style>{STYLE}</style></head><body>"
    )
    body: list[str] = [head, f"<h1>{escape(title)}</h1>", '<dl class="meta">']
    provenance = report.provenance
    meta = [
        ("agency", report.agency or ""),
        ("year", "" if report.year is None else str(report.year)),
        ("template", report.template.value),
    ]
    if provenance is not None:
        meta += [
            ("file", f"{provenance.source or ''} (SHA-256 {provenance.sha256})"),
            ("format", _format(provenance, lang)),
            ("library", provenance.library_version),
            ("backends", ", ".join(f"{name} {version}" for name, version in provenance.backends)),
        ]
    body += [f"<dt>{_word(name, lang)}</dt><dd>{escape(value)}</dd>" for name, value in meta]
    body.append("</dl>")
    body.append(f'<p class="summary">{escape(_summary(findings, lang))}</p>')
    body.append(f"<h2>{_word('completeness', lang)}</h2>")
    body += list(_completeness(report, lang))
    body.append('<div class="legend">')
    body += [
        f'<span style="--swatch: var(--{state.value})">{names[0 if lang == "zh" else 1]}</span>'
        for state, names in _STATES.items()
    ]
    body.append("</div>")
    for table in report.tables:
        body.append(f'<h2 id="table-{table.kind.value}">{escape(table_title(table.kind, lang))}</h2>')
        body += list(_table_html(table, report, lang, suspects, lines))
    body.append(f"<h2>{_word('findings', lang)}</h2>")
    groups: dict[TableKind | None, list[Finding]] = {}
    for finding in ordered:
        groups.setdefault(finding.table, []).append(finding)
    if not ordered:
        body.append(f"<p>{_word('none', lang)}</p>")
    for kind in (*TableKind, None):
        if kind in groups:
            name = _word("document", lang) if kind is None else table_title(kind, lang)
            body.append(f'<h3>{escape(name)}</h3><ul class="findings">')
            body += [_finding_html(finding, report, lang) for finding in groups[kind]]
            body.append("</ul>")
    body += list(_pages(report, data, lang))
    body.append(f'<div id="detail" aria-live="polite">{_word("select", lang)}</div>')
    body.append(f"<script>{REVIEW_SCRIPT}</script></body></html>")
    return "".join(body)
