"""Blank cells (R-T3-11)."""

from __future__ import annotations

from collections.abc import Iterator

from govinfo_report.model import CellState, TableKind
from govinfo_report.model.cellkey import CellKey
from govinfo_report.model.labels import APPLICANT_COLUMNS
from govinfo_report.validation._arithmetic import appeals_findings, requests_findings
from govinfo_report.validation._context import Context
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._labels import TABLE_NAMES, column_name, row_name, table_of
from govinfo_report.validation._registry import BOTH, rule

__all__: list[str] = []


def _row(key: str) -> str:
    return CellKey.parse(key).row


def _column(key: str) -> str:
    return CellKey.parse(key).column


_APPLICANT_COLUMNS = {column.key: column for column in APPLICANT_COLUMNS}
_ARITHMETIC_RULES = frozenset({"R-T3-01", "R-T3-02", "R-T3-03", "R-T4-01", "R-T4-02", "R-T4-03"})


def _all_arithmetic(ctx: Context) -> list[Finding]:
    """Arithmetic findings as if every arithmetic rule were active."""

    def run(c: Context) -> list[Finding]:
        everything = Context(c.report, active=_ARITHMETIC_RULES)
        return [*requests_findings(everything), *appeals_findings(everything)]

    return ctx.memo("arithmetic_all_rules", run)


def _arithmetic_note(ctx: Context, table: str, blanks: set[str]) -> tuple[str, str]:
    if table == TableKind.PROACTIVE:
        return ("", "")
    if any(blanks.intersection(f.cells) for f in _all_arithmetic(ctx)):
        return (
            "按 0 计算时勾稽关系仍不成立（见勾稽关系的发现），空白处可能漏填了非零数。",
            " Counted as 0 the table still does not add up (see the arithmetic findings): "
            "a non-zero number may be missing.",
        )
    return (
        "按 0 计算时勾稽关系成立，可推断为 0。",
        " Counted as 0 the table adds up, so they are presumably 0.",
    )


def _finding(ctx: Context, table: str, keys: list[str], what_zh: str, what_en: str) -> Finding:
    note_zh, note_en = _arithmetic_note(ctx, table, set(keys))
    table_zh, table_en = TABLE_NAMES[table]
    return Finding(
        rule_id="R-T3-11",
        severity=Severity.WARNING,
        message_zh=f"{table_zh}：{what_zh}。模板要求填写数字，没有则填 0。{note_zh}",
        message_en=f"{table_en}: {what_en}. The template expects a number, 0 when there is none.{note_en}",
        cells=tuple(keys),
        expected="0",
        found="空白",
        locations=ctx.locations(keys),
        table=TableKind(table),
    )


@rule(
    "R-T3-11",
    severity=Severity.WARNING,
    rule_class="H",
    versions=BOTH,
    summary="No blank cells: the template expects explicit numbers, 0 included.",
)
def check_blank_cells(ctx: Context) -> Iterator[Finding]:
    """Write 0 rather than leaving a cell empty.

    A blank cell is not a 0: readers cannot tell "none" from "not filled in".
    The arithmetic rules count a blank as 0, and this warning says whether the
    table then adds up (so the blank is presumably 0) or not. Blank cells are
    grouped: whole columns left blank in every row, then the blank cells of each
    row. The rule was written for the application table; it is applied to the
    other two tables as well, which have no rule of their own.
    """
    for table in (TableKind.PROACTIVE, TableKind.REQUESTS, TableKind.APPEALS):
        present = [
            key
            for key, cell in ctx.cells.items()
            if table_of(key) == table and cell.state is not CellState.MISSING
        ]
        blanks = [key for key in present if ctx.cells[key].blank]
        if not blanks:
            continue
        if len(blanks) == len(present):
            yield _finding(ctx, table, blanks, "整张表未填写", "the whole table is blank")
            continue
        remaining = list(blanks)
        if table == TableKind.REQUESTS:
            columns = list(dict.fromkeys(_column(key) for key in present))
            full = [c for c in columns if all(ctx.cells[k].blank for k in present if _column(k) == c)]
            if full:
                keys = [key for key in blanks if _column(key) in full]
                names_zh = "、".join(_APPLICANT_COLUMNS[c].name_zh for c in full)
                names_en = ", ".join(_APPLICANT_COLUMNS[c].name_en for c in full)
                yield _finding(
                    ctx,
                    table,
                    keys,
                    f"“{names_zh}”列在所有行均为空白",
                    f"column(s) “{names_en}” blank in every row",
                )
                remaining = [key for key in remaining if key not in keys]
        for row in dict.fromkeys(_row(key) for key in remaining):
            keys = [key for key in remaining if _row(key) == row]
            names_zh = "、".join(column_name(key, "zh") for key in keys)
            names_en = ", ".join(column_name(key, "en") for key in keys)
            yield _finding(
                ctx,
                table,
                keys,
                f"“{row_name(keys[0], 'zh')}”行的 {names_zh} 为空白",
                f"blank cells in row “{row_name(keys[0], 'en')}”: {names_en}",
            )
