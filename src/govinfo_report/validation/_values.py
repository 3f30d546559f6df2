"""Rules about single cell values: sign, integrality, readability.

R-T3-04, R-T4-04, R-T1-01, R-T2-01 and R-G-09.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from govinfo_report.model import CellState, TableKind
from govinfo_report.model.labels import DELTA, PREV_ITEMS, cell_key, cell_specs, proactive_rows_with
from govinfo_report.validation._context import Context, Number
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._format import fmt_number
from govinfo_report.validation._labels import TABLE_NAMES, cell_name, row_name, table_of
from govinfo_report.validation._registry import BOTH, V2019, V2021, rule

__all__: list[str] = []


def _is_integral(value: Number) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite() and value == value.to_integral_value()
    return True


def _value_findings(ctx: Context, rule_id: str, table: TableKind) -> Iterator[Finding]:
    specs = cell_specs(ctx.report.template)
    for key, cell in ctx.cells.items():
        if table_of(key) != table:
            continue
        value = ctx.stated(key)
        if value is None:
            continue
        spec = specs.get(key)
        money = spec is not None and spec.money
        signed = spec is not None and spec.signed
        problems_zh: list[str] = []
        problems_en: list[str] = []
        if isinstance(value, Decimal) and not value.is_finite():
            problems_zh.append("不是有限数")
            problems_en.append("is not a finite number")
        else:
            if value < 0 and not signed:
                problems_zh.append("为负数")
                problems_en.append("is negative")
            if not money and not _is_integral(value):
                problems_zh.append("不是整数")
                problems_en.append("is not a whole number")
        if not problems_zh:
            continue
        name_zh = cell_name(key, "zh")
        name_en = cell_name(key, "en")
        raw = cell.raw.strip() or fmt_number(value)
        kind_zh = "金额" if money else "数量"
        kind_en = "an amount" if money else "a count"
        yield Finding(
            rule_id=rule_id,
            severity=Severity.ERROR,
            message_zh=(
                f"{name_zh} 为“{raw}”，{'且'.join(problems_zh)}；"
                f"该单元格应为非负{'数' if money else '整数'}（{kind_zh}）。"
            ),
            message_en=(
                f"{name_en} reads “{raw}”, which {' and '.join(problems_en)}; "
                f"it is {kind_en} and must be a non-negative {'number' if money else 'whole number'}."
            ),
            cells=(key,),
            suspects=(key,),
            expected="≥ 0" if money else "non-negative integer",
            found=raw,
            locations=ctx.locations((key,)),
        )


@rule(
    "R-T3-04",
    severity=Severity.ERROR,
    rule_class="A",
    summary="Every cell of the application table is a non-negative integer.",
)
def check_request_values(ctx: Context) -> Iterator[Finding]:
    """Application counts are whole numbers and never negative.

    Each cell of 三、收到和处理政府信息公开申请情况 counts applications (件).
    Cells that are not numbers at all (placeholders, 若干 …) are reported under R-G-09.
    """
    yield from _value_findings(ctx, "R-T3-04", TableKind.REQUESTS)


@rule(
    "R-T4-04",
    severity=Severity.ERROR,
    rule_class="A",
    summary="All 15 cells of the review/litigation table are non-negative integers.",
)
def check_appeal_values(ctx: Context) -> Iterator[Finding]:
    """Review and litigation counts are whole numbers and never negative.

    Each cell of 四、政府信息公开行政复议、行政诉讼情况 counts cases.
    """
    yield from _value_findings(ctx, "R-T4-04", TableKind.APPEALS)


@rule(
    "R-T1-01",
    severity=Severity.ERROR,
    rule_class="A",
    versions=V2019,
    summary="第二十条 counts are non-negative integers (本年增/减 signed); 上一年项目数量 + 本年增/减 ≥ 0.",
)
def check_proactive_values_2019(ctx: Context) -> Iterator[Finding]:
    """The 2019 第二十条 table holds counts; only 本年增/减 may be negative.

    本年新制作数量, 本年新公开数量, 对外公开总数量, 上一年项目数量, 处理决定数量 and
    采购项目数量 are whole numbers ≥ 0; 采购总金额 is an amount ≥ 0. 本年增/减 is the
    signed change in the number of items, so this year's item count,
    上一年项目数量 + 本年增/减, cannot be negative.
    """
    yield from _value_findings(ctx, "R-T1-01", TableKind.PROACTIVE)
    for row in proactive_rows_with(ctx.report.template, PREV_ITEMS, DELTA):
        prev_key = cell_key(TableKind.PROACTIVE, row, PREV_ITEMS)
        delta_key = cell_key(TableKind.PROACTIVE, row, DELTA)
        prev = ctx.stated(prev_key)
        delta = ctx.stated(delta_key)
        # A negative 上一年项目数量 is already reported above.
        if prev is None or delta is None or prev < 0 or prev + delta >= 0:
            continue
        cells = (delta_key, prev_key)
        row_zh = row_name(prev_key, "zh")
        row_en = row_name(prev_key, "en")
        yield Finding(
            rule_id="R-T1-01",
            severity=Severity.ERROR,
            message_zh=(
                f"{row_zh}：上一年项目数量 {fmt_number(prev)} + 本年增/减 {fmt_number(delta)} = "
                f"{fmt_number(prev + delta)}，本年项目数不能为负。"
            ),
            message_en=(
                f"{row_en}: items last year {fmt_number(prev)} + change {fmt_number(delta)} = "
                f"{fmt_number(prev + delta)}; this year's number of items cannot be negative."
            ),
            cells=cells,
            expected=f"本年增/减 ≥ {fmt_number(-prev)}",
            found=fmt_number(delta),
            locations=ctx.locations(cells),
        )


@rule(
    "R-T2-01",
    severity=Severity.ERROR,
    rule_class="A",
    versions=V2021,
    summary="第二十条 counts are non-negative integers; 本年收费金额 is a non-negative amount.",
)
def check_proactive_values_2021(ctx: Context) -> Iterator[Finding]:
    """The 2021 第二十条 table holds counts and one amount, none of them negative.

    本年制发件数, 本年废止件数, 现行有效件数 and 本年处理决定数量 are whole numbers ≥ 0;
    本年收费金额 (万元 in the template, 元 in the library) is an amount ≥ 0.
    """
    yield from _value_findings(ctx, "R-T2-01", TableKind.PROACTIVE)


@rule(
    "R-G-09",
    severity=Severity.ERROR,
    rule_class="A/H",
    versions=BOTH,
    summary="Table cells hold numbers: no placeholders, ranges, 若干, 约 or percentages.",
)
def check_unreadable_cells(ctx: Context) -> Iterator[Finding]:
    """Each table cell must state a number.

    A cell reading "X", "若干", "约30", "10-20" or "5%" gives no count, so the table
    cannot be checked or compared. Write the exact number, or 0.
    """
    for key, cell in ctx.cells.items():
        if cell.state is not CellState.INVALID:
            continue
        table_zh, table_en = TABLE_NAMES.get(table_of(key), ("", ""))
        raw = cell.raw.strip()
        yield Finding(
            rule_id="R-G-09",
            severity=Severity.ERROR,
            message_zh=f"{table_zh}：{cell_name(key, 'zh')} 填写为“{raw}”，不是数字。",
            message_en=f"{table_en}: {cell_name(key, 'en')} reads “{raw}”, which is not a number.",
            cells=(key,),
            suspects=(key,),
            expected="a number",
            found=raw,
            locations=ctx.locations((key,)),
        )
