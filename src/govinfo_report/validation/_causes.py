"""One finding per cause: failures that one habit of the author explains, reported once.

A report that leaves the 总计 cell of every result row blank breaks one
equation per row and one per column; those are one cause, not twelve.  This
module recognises such patterns among the findings of a report and replaces
the findings they explain by one finding that names the pattern, lists every
cell it covers and keeps the explained findings as its ``details``.  A single
broken cell stays one finding.  The findings come out most serious first, and
among equals those that explain the most cells first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Final

import attrs

from govinfo_report.model import CellState, Report, Table, TableKind
from govinfo_report.model.cellkey import CellKey
from govinfo_report.model.labels import cell_spec, table_spec
from govinfo_report.validation._finding import Finding, Severity, severity_rank

__all__ = ["BLANK_COLUMN", "BLANK_ROW", "FindingSummary", "group_causes", "in_cause_order", "summarize"]

BLANK_COLUMN: Final = "blank_column"
"""A column left blank in several rows (e.g. 总计 not filled in): one finding for the equations it breaks."""
BLANK_ROW: Final = "blank_row"
"""A row left blank throughout: one finding for the equations it breaks."""

# Rules whose failures a blank line of cells explains: the tables' equations and the blank-cell rule.
_EXPLAINED_BY_BLANKS: Final = frozenset(
    {"R-T3-01", "R-T3-02", "R-T3-03", "R-T3-05", "R-T3-11", "R-T4-01", "R-T4-02", "R-T4-03"}
)
# A line of cells is a pattern when at least this many of its cells are blank.
_LEAST_BLANK: Final = 3


def in_cause_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Sort findings by severity, then by how many cells they explain (most first), keeping ties in order."""
    return tuple(sorted(findings, key=lambda finding: (severity_rank(finding.severity), -len(finding.cells))))


def group_causes(report: Report, findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Replace the findings a blank column or row explains by one finding per such line.

    A finding is explained by a line when the cells it suspects (or, without
    suspects, the cells it names) include blank cells of that line.

    Args:
        report: The report the findings are about.
        findings: Its findings, one per failure.

    Returns:
        The findings with each pattern's failures folded into one, in cause order.
    """
    remaining = list(findings)
    grouped: list[Finding] = []
    for table in (report.requests, report.appeals):
        for pattern, cells in _blank_lines(table):
            explained = [
                finding
                for finding in remaining
                if finding.rule_id in _EXPLAINED_BY_BLANKS
                and cells.intersection(finding.suspects or finding.cells)
            ]
            if len(explained) < 2:
                continue
            grouped.append(_cause(table.kind, pattern, sorted(cells, key=_table_order(table)), explained))
            remaining = [finding for finding in remaining if finding not in explained]
    return in_cause_order([*grouped, *remaining])


def _table_order(table: Table) -> Callable[[str], int]:
    """A sort key putting cell keys in the table's order."""
    return {cell.key: index for index, cell in enumerate(table.cells()) if cell.key is not None}.__getitem__


def _blank_lines(table: Table) -> list[tuple[str, frozenset[str]]]:
    """Columns and rows of ``table`` with several blank cells, largest first."""
    by_column: dict[str, set[str]] = defaultdict(set)
    by_row: dict[str, set[str]] = defaultdict(set)
    for row in table.rows:
        keys = [cell.key for cell in row.cells if cell.key is not None]
        blank = [cell.key for cell in row.cells if cell.key is not None and cell.state is CellState.BLANK]
        if keys and len(blank) == len(keys) and len(blank) >= _LEAST_BLANK:
            by_row[row.key or ""].update(blank)
        for key in blank:
            by_column[CellKey.parse(key).column].add(key)
    lines = [(BLANK_COLUMN, frozenset(keys)) for keys in by_column.values() if len(keys) >= _LEAST_BLANK]
    lines += [(BLANK_ROW, frozenset(keys)) for keys in by_row.values()]
    return sorted(lines, key=lambda line: -len(line[1]))


def _cause(kind: TableKind, pattern: str, cells: list[str], explained: list[Finding]) -> Finding:
    spec = table_spec(kind)
    first = cell_spec(cells[0])
    rules = Counter(finding.rule_id for finding in explained)
    severity = min((finding.severity for finding in explained), key=severity_rank)
    failures = sum(1 for finding in explained if finding.severity is Severity.ERROR)
    if pattern == BLANK_COLUMN:
        line_zh, line_en = f"“{first.column_name_zh}”列", f"column “{first.column_name_en}”"
        where_zh, where_en = f"在 {len(cells)} 行中留空", f"is blank in {len(cells)} rows"
    else:
        line_zh, line_en = f"“{first.row_name_zh}”行", f"row “{first.row_name_en}”"
        where_zh, where_en = f"的 {len(cells)} 个单元格全部留空", f"is blank in all its {len(cells)} cells"
    broken_zh = f"，{failures} 处勾稽关系因此不成立" if failures else ""
    broken_en = f"; {failures} equations fail because of it" if failures else ""
    return attrs.evolve(
        explained[0],
        rule_id=rules.most_common(1)[0][0],
        severity=severity,
        message_zh=(
            f"{spec.title}：{line_zh}{where_zh}（未填写）{broken_zh}。"
            "请填写这些单元格，没有的填 0；各项明细见本条的细目。"
        ),
        message_en=(
            f"{spec.name_en}: {line_en} {where_en} (not filled in){broken_en}. "
            "Fill these cells in, 0 where there is none; the failures are listed as details."
        ),
        cells=tuple(cells),
        suspects=tuple(cells),
        expected=None,
        found=None,
        locations=tuple(dict.fromkeys(loc for finding in explained for loc in finding.locations)),
        evidence=None,
        table=kind,
        pattern=pattern,
        details=tuple(explained),
    )


@attrs.frozen(kw_only=True)
class FindingSummary:
    """What the findings of one report come to: failures and the causes behind them, by severity.

    A finding that stands for a pattern (see :attr:`Finding.pattern`) is one
    cause and as many failures as it has details of its severity; any other
    finding is one cause and one failure.  Evaluators rank agencies by causes.

    Attributes:
        errors: Error-level failures.
        error_causes: Error-level findings, one per cause.
        warnings: Warning-level failures.
        warning_causes: Warning-level findings, one per cause.
        infos: Notes.
        tables: The tables with an error-level finding, in table order.
    """

    errors: int = 0
    error_causes: int = 0
    warnings: int = 0
    warning_causes: int = 0
    infos: int = 0
    tables: tuple[TableKind, ...] = ()

    def line(self, lang: str = "zh") -> str:
        """One line for the top of a report's findings, e.g. ``2 个错误（1 个原因），3 个警告``."""
        zh = lang != "en"
        parts = []
        for count, causes, name_zh, name_en in (
            (self.errors, self.error_causes, "错误", "errors"),
            (self.warnings, self.warning_causes, "警告", "warnings"),
        ):
            if not count:
                continue
            if zh:
                parts.append(f"{count} 个{name_zh}" + (f"（{causes} 个原因）" if causes != count else ""))
            else:
                parts.append(f"{count} {name_en}" + (f" ({causes} causes)" if causes != count else ""))
        if self.infos:
            parts.append(f"{self.infos} 个提示" if zh else f"{self.infos} notes")
        if not parts:
            return "未发现问题" if zh else "no findings"
        return ("，" if zh else ", ").join(parts)


def summarize(findings: Iterable[Finding]) -> FindingSummary:
    """Count the failures and causes of a report's findings (see :class:`FindingSummary`)."""
    counts: Counter[tuple[Severity, str]] = Counter()
    tables: set[TableKind] = set()
    for finding in findings:
        failures = sum(1 for detail in finding.details if detail.severity is finding.severity)
        counts[finding.severity, "failures"] += max(1, failures)
        counts[finding.severity, "causes"] += 1
        if finding.severity is Severity.ERROR and finding.table is not None:
            tables.add(finding.table)
    return FindingSummary(
        errors=counts[Severity.ERROR, "failures"],
        error_causes=counts[Severity.ERROR, "causes"],
        warnings=counts[Severity.WARNING, "failures"],
        warning_causes=counts[Severity.WARNING, "causes"],
        infos=counts[Severity.INFO, "causes"],
        tables=tuple(kind for kind in TableKind if kind in tables),
    )
