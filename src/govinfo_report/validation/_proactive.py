"""Heuristics of the 第二十条 table (R-T1-02/04/06/07/08/09, R-T2-03/04/05/06)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from govinfo_report.model import Cell, TableKind
from govinfo_report.model.labels import (
    DECISIONS,
    DELTA,
    IN_FORCE,
    ISSUED,
    MADE,
    PREV_ITEMS,
    PUBLISHED,
    REGULATIONS,
    TOTAL_PUBLISHED,
    ColumnSpec,
    cell_key,
    proactive_blocks,
    proactive_key,
    proactive_rows_with,
)
from govinfo_report.model.named_cells import FEES_AMOUNT, PROCUREMENT_AMOUNT, PROCUREMENT_PROJECTS
from govinfo_report.validation._agency import agency_name, cannot_make_rules
from govinfo_report.validation._context import Context, Number, cap
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._format import fmt_number
from govinfo_report.validation._labels import cell_name, column_name, row_name
from govinfo_report.validation._narrative import money_mentions
from govinfo_report.validation._registry import V2019, V2021, rule

__all__: list[str] = []


def _key(row: str, column: ColumnSpec) -> str:
    return cell_key(TableKind.PROACTIVE, row, column)


def _unsigned(cell: Cell | None) -> bool:
    """Whether the cell's text is a bare positive number with no sign, like ``102``.

    Cells whose text holds more than the number (a run of digits flattened from a
    table) say nothing about the sign and answer ``False``.
    """
    if cell is None or cell.value is None or cell.value <= 0:
        return False
    raw = unicodedata.normalize("NFKC", cell.raw).strip()
    return raw.isdigit() and int(raw) == cell.value


def _signed_text(value: Number) -> str:
    return f"+{fmt_number(value)}" if value > 0 else fmt_number(value)


@rule(
    "R-T1-02",
    severity=Severity.WARNING,
    rule_class="H",
    versions=V2019,
    summary="处理决定数量 equals 上一年项目数量 + 本年增/减: probably this year's item count, not decisions.",
)
def check_decisions_misread(ctx: Context) -> Iterator[Finding]:
    """处理决定数量 must not be filled with this year's number of items.

    In the 2019 template, 上一年项目数量 and 本年增/减 describe the list of items
    (事项) the agency administers; their sum is this year's number of items, which
    the table does not ask for. 处理决定数量 is the number of decisions made in the
    year (permits granted, penalties imposed …). When it equals
    上一年项目数量 + 本年增/减 (or, for an unsigned 本年增/减, the difference), it was
    almost certainly filled with the item count.
    """
    for row in proactive_rows_with(ctx.report.template, DECISIONS, PREV_ITEMS, DELTA):
        keys = (_key(row, DECISIONS), _key(row, PREV_ITEMS), _key(row, DELTA))
        decisions, prev, delta = (ctx.stated(key) for key in keys)
        if decisions is None or prev is None or delta is None or decisions == 0:
            continue
        unsigned_decrease = _unsigned(ctx.cell(keys[2])) and delta > 0 and prev - delta == decisions
        if prev + delta != decisions and not unsigned_decrease:
            continue
        label_zh = row_name(keys[0], "zh")
        label_en = row_name(keys[0], "en")
        if unsigned_decrease:
            sum_zh = f"{fmt_number(prev)} - {fmt_number(delta)}（本年增/减未带符号，实为减少）"
            sum_en = f"{fmt_number(prev)} - {fmt_number(delta)} (the unsigned change is a decrease)"
        else:
            magnitude = -delta if delta < 0 else delta
            sum_zh = f"{fmt_number(prev)} {'+' if delta >= 0 else '-'} {fmt_number(magnitude)}"
            sum_en = sum_zh
        yield Finding(
            rule_id="R-T1-02",
            severity=Severity.WARNING,
            message_zh=(
                f"{label_zh}：处理决定数量 {fmt_number(decisions)} = 上一年项目数量与本年增/减之和 {sum_zh}，"
                "即本年项目数量；处理决定数量应填本年作出的处理决定数，疑似误填。"
            ),
            message_en=(
                f"{label_en}: decisions {fmt_number(decisions)} = items last year and change {sum_en}, "
                "i.e. this year's number of items; the column asks for the number of decisions made."
            ),
            cells=keys,
            suspects=(keys[0],),
            expected="本年处理决定数",
            found=fmt_number(decisions),
            locations=ctx.locations(keys),
        )


@rule(
    "R-T1-09",
    severity=Severity.WARNING,
    rule_class="H",
    versions=V2019,
    summary="A non-zero 本年增/减 carries its sign (+ or -).",
)
def check_unsigned_delta(ctx: Context) -> Iterator[Finding]:
    """本年增/减 must say whether the number of items went up or down.

    Write "+3" or "-3", not "3": an unsigned change is ambiguous. A finding notes
    when the table itself shows it was a decrease (上一年项目数量 minus the change
    equals another figure of the row).
    """
    for row in proactive_rows_with(ctx.report.template, DELTA):
        key = _key(row, DELTA)
        delta = ctx.stated(key)
        if delta is None or not _unsigned(ctx.cell(key)):
            continue
        prev = ctx.stated(_key(row, PREV_ITEMS))
        decisions = ctx.stated(_key(row, DECISIONS))
        note_zh = note_en = ""
        if prev is not None and decisions is not None and delta > 0 and prev - delta == decisions != 0:
            note_zh = (
                f"表中 {fmt_number(prev)} - {fmt_number(delta)} = {fmt_number(decisions)}，说明实为减少。"
            )
            note_en = (
                f" The row shows {fmt_number(prev)} - {fmt_number(delta)} "
                f"= {fmt_number(decisions)}, so it was a decrease."
            )
        raw = ctx.cell(key)
        raw_text = raw.raw.strip() if raw is not None else fmt_number(delta)
        yield Finding(
            rule_id="R-T1-09",
            severity=Severity.WARNING,
            message_zh=f"{cell_name(key, 'zh')} 写作“{raw_text}”，未标明增（+）或减（-）。{note_zh}",
            message_en=f"{cell_name(key, 'en')} reads “{raw_text}” without a sign (+ or -).{note_en}",
            cells=(key,),
            suspects=(key,),
            expected=f"+{fmt_number(delta)} 或 -{fmt_number(delta)}",
            found=raw_text,
            locations=ctx.locations((key,)),
        )


def _compare_columns(
    ctx: Context,
    *,
    rule_id: str,
    row: str,
    small: ColumnSpec,
    large: ColumnSpec,
    text_zh: str,
    text_en: str,
    severity: Severity = Severity.WARNING,
) -> Iterator[Finding]:
    small_key = _key(row, small)
    large_key = _key(row, large)
    small_value = ctx.stated(small_key)
    large_value = ctx.stated(large_key)
    if small_value is None or large_value is None or large_value >= small_value:
        return
    cells = (large_key, small_key)
    yield Finding(
        rule_id=rule_id,
        severity=severity,
        message_zh=(
            f"{row_name(large_key, 'zh')}："
            f"{column_name(large_key, 'zh')} {fmt_number(large_value)} "
            f"小于 {column_name(small_key, 'zh')} {fmt_number(small_value)}。{text_zh}"
        ),
        message_en=(
            f"{row_name(large_key, 'en')}: "
            f"{column_name(large_key, 'en')} {fmt_number(large_value)} "
            f"is less than {column_name(small_key, 'en')} {fmt_number(small_value)}. {text_en}"
        ),
        cells=cells,
        expected=f"≥ {fmt_number(small_value)}",
        found=fmt_number(large_value),
        locations=ctx.locations(cells),
    )


@rule(
    "R-T1-04",
    severity=Severity.WARNING,
    rule_class="H",
    versions=V2019,
    summary="对外公开总数量 ≥ 本年新公开数量.",
)
def check_total_published(ctx: Context) -> Iterator[Finding]:
    """The documents published this year are part of the total published.

    For 规章 and 规范性文件, 对外公开总数量 should be at least 本年新公开数量.
    The template does not define the total (cumulative, or currently valid), so this
    is a strong heuristic rather than an error.
    """
    for row in proactive_rows_with(ctx.report.template, PUBLISHED, TOTAL_PUBLISHED):
        yield from _compare_columns(
            ctx,
            rule_id="R-T1-04",
            row=row,
            small=PUBLISHED,
            large=TOTAL_PUBLISHED,
            text_zh="本年新公开的文件应计入对外公开总数量。",
            text_en="Documents published this year belong to the total published.",
        )


@rule(
    "R-T1-07",
    severity=Severity.INFO,
    rule_class="informational",
    versions=V2019,
    summary="本年新公开数量 above 本年新制作数量 (earlier documents published late).",
)
def check_published_exceeds_made(ctx: Context) -> Iterator[Finding]:
    """More documents were published than made this year.

    This is allowed: documents made in earlier years may be published late. The note
    only helps readers interpret the figures.
    """
    for row in proactive_rows_with(ctx.report.template, MADE, PUBLISHED):
        made_key = _key(row, MADE)
        published_key = _key(row, PUBLISHED)
        made = ctx.stated(made_key)
        published = ctx.stated(published_key)
        if made is None or published is None or published <= made:
            continue
        cells = (published_key, made_key)
        yield Finding(
            rule_id="R-T1-07",
            severity=Severity.INFO,
            message_zh=(
                f"{row_name(made_key, 'zh')}：本年新公开数量 {fmt_number(published)} 大于本年新制作数量 "
                f"{fmt_number(made)}，可能包含以前年度制作、本年公开的文件。"
            ),
            message_en=(
                f"{row_name(made_key, 'en')}: published "
                f"{fmt_number(published)} exceeds made {fmt_number(made)}; "
                "documents of earlier years may have been published this year."
            ),
            cells=cells,
            found=fmt_number(published),
            locations=ctx.locations(cells),
        )


@rule(
    "R-T2-03",
    severity=Severity.WARNING,
    rule_class="H",
    versions=V2021,
    summary="现行有效件数 ≥ 本年制发件数.",
)
def check_in_force(ctx: Context) -> Iterator[Finding]:
    """Documents issued this year are normally still in force at the end of the year.

    For 规章 and 行政规范性文件, 现行有效件数 should be at least 本年制发件数. It can
    legitimately fail only when documents were issued and repealed in the same year.
    """
    for row in proactive_rows_with(ctx.report.template, ISSUED, IN_FORCE):
        yield from _compare_columns(
            ctx,
            rule_id="R-T2-03",
            row=row,
            small=ISSUED,
            large=IN_FORCE,
            text_zh="本年制发的文件一般应计入现行有效件数，除非当年制发又当年废止。",
            text_en="Documents issued this year are normally still in force, unless repealed the same year.",
        )


def _rule_making(ctx: Context, rule_id: str) -> Iterator[Finding]:
    name = agency_name(ctx.report)
    if not cannot_make_rules(name):
        return
    keys = [
        key
        for block in proactive_blocks(ctx.report.template)
        if REGULATIONS in block.rows
        for column in block.columns
        if (key := proactive_key(block, REGULATIONS, column)) in ctx.cells
    ]
    nonzero = tuple(key for key in keys if (value := ctx.stated(key)) is not None and value != 0)
    if not nonzero:
        return
    shown_zh = "、".join(f"{column_name(key, 'zh')} {fmt_number(ctx.stated(key))}" for key in nonzero)
    shown_en = ", ".join(f"{column_name(key, 'en')} {fmt_number(ctx.stated(key))}" for key in nonzero)
    yield Finding(
        rule_id=rule_id,
        severity=Severity.WARNING,
        message_zh=(
            f"“{name}”没有规章制定权（规章只能由国务院部门和省级、设区的市级、自治州人民政府制定），"
            f"但规章行填有 {shown_zh}；本机关制发的文件应填入规范性文件行。"
        ),
        message_en=(
            f"“{name}” cannot make 规章 (only State Council departments and provincial, "
            f"prefecture-city and autonomous-prefecture governments can), yet the 规章 row has {shown_en}; "
            "the agency's own documents belong in the normative-documents row."
        ),
        cells=nonzero,
        expected="0",
        found=shown_zh,
        locations=ctx.locations(nonzero),
    )


@rule(
    "R-T1-06",
    severity=Severity.WARNING,
    rule_class="H",
    versions=V2019,
    summary="规章 row is 0 for bodies without rule-making power (counties, townships, local departments).",
)
def check_rule_making_2019(ctx: Context) -> Iterator[Finding]:
    """Only bodies with rule-making power can report 规章.

    规章 are made by 国务院部门 and by the people's governments of provinces,
    autonomous regions, municipalities, 设区的市 and 自治州 (whose general offices
    report them). A county, district, township or street, or any department of a
    local government, should report 0 in the 规章 row. The check reads the agency's
    name and stays silent when the name does not settle the question.
    """
    yield from _rule_making(ctx, "R-T1-06")


@rule(
    "R-T2-04",
    severity=Severity.WARNING,
    rule_class="H",
    versions=V2021,
    summary="规章 row is 0 for bodies without rule-making power (counties, townships, local departments).",
)
def check_rule_making_2021(ctx: Context) -> Iterator[Finding]:
    """Only bodies with rule-making power can report 规章.

    As R-T1-06, for the 2021 template (本年制发件数, 本年废止件数, 现行有效件数 of
    the 规章 row).
    """
    yield from _rule_making(ctx, "R-T2-04")


_PROCUREMENT = re.compile(r"(?:采购|成交)[^,，;；。]{0,10}?(?:金额|总额|资金)")
_TEN_THOUSAND = Decimal(10_000)


@rule(
    "R-T1-08",
    severity=Severity.WARNING,
    rule_class="H",
    versions=V2019,
    summary="采购总金额 has a clear unit (元 or 万元), and 采购项目数量 is 0 exactly when the amount is 0.",
)
def check_procurement(ctx: Context) -> Iterator[Finding]:
    """State the unit of 采购总金额, and keep projects and amount consistent.

    The 2019 template gives no unit for 采购总金额; write it in the header
    ("采购总金额（万元）") or the cell. Without it the amount is read as 元, so a
    finding is raised when the narrative states the same amount in another unit
    (a factor of 10 000), or when no unit is stated anywhere. A procurement count
    of 0 with a non-zero amount (or the reverse) is also flagged.
    """
    cell = ctx.cell(PROCUREMENT_AMOUNT)
    amount = ctx.stated(PROCUREMENT_AMOUNT)
    projects = ctx.stated(PROCUREMENT_PROJECTS)
    if amount is not None and projects is not None and (amount == 0) != (projects == 0):
        cells = (PROCUREMENT_PROJECTS, PROCUREMENT_AMOUNT)
        yield Finding(
            rule_id="R-T1-08",
            severity=Severity.WARNING,
            message_zh=(
                f"政府集中采购：采购项目数量 {fmt_number(projects)}，"
                f"采购总金额 {fmt_number(amount)} 元，两者应同为 0 或同不为 0。"
            ),
            message_en=(
                f"Procurement: {fmt_number(projects)} projects for {fmt_number(amount)} yuan; "
                "both should be 0 or both non-zero."
            ),
            cells=cells,
            found=f"{fmt_number(projects)} / {fmt_number(amount)}",
            locations=ctx.locations(cells),
        )
    if cell is None or amount is None or amount == 0:
        return
    mentions = list(money_mentions(ctx, _PROCUREMENT))
    for yuan, unit, number, sentence in mentions:
        if yuan == amount:
            return
        if yuan * _TEN_THOUSAND == amount or yuan == amount * _TEN_THOUSAND:
            yield Finding(
                rule_id="R-T1-08",
                severity=Severity.WARNING,
                message_zh=(
                    f"采购总金额按{cell.unit or '元'}读作 {fmt_number(amount)} "
                    f"元，但{sentence.block.name_zh}写明"
                    f" {fmt_number(number)}{unit}，相差一万倍：单位可能有误。"
                ),
                message_en=(
                    f"The procurement amount reads as {fmt_number(amount)} "
                    f"yuan, but {sentence.block.name_en} "
                    f"states {fmt_number(number)} {unit}: a factor of 10 000, so the unit is probably wrong."
                ),
                cells=(PROCUREMENT_AMOUNT,),
                suspects=(PROCUREMENT_AMOUNT,),
                expected=f"{fmt_number(yuan)} 元",
                found=f"{fmt_number(amount)} 元",
                locations=tuple(loc for loc in (cell.location, sentence.block.location) if loc is not None),
                evidence=sentence.text,
            )
            return
    if cell.unit is None and not mentions:
        yield Finding(
            rule_id="R-T1-08",
            severity=Severity.WARNING,
            message_zh=(
                f"采购总金额 {cell.raw.strip() or fmt_number(amount)} 未注明单位（元或万元），已按元读取。"
            ),
            message_en=(
                f"The procurement amount {cell.raw.strip() or fmt_number(amount)} has no unit (元 or 万元); "
                "it was read as yuan."
            ),
            cells=(PROCUREMENT_AMOUNT,),
            suspects=(PROCUREMENT_AMOUNT,),
            expected="元 或 万元",
            found=cell.raw.strip() or fmt_number(amount),
            locations=ctx.locations((PROCUREMENT_AMOUNT,)),
        )


_FEE_TOPIC = re.compile(r"行政事业性收费|收费金额|收取[^,，;；。]{0,8}费")
_PROCESSING_FEE = re.compile(r"信息处理费")
_IMPLAUSIBLE_FEES = Decimal(100_000_000_000)


@rule(
    "R-T2-05",
    severity=Severity.WARNING,
    rule_class="H",
    versions=V2021,
    summary="本年收费金额 is in 万元: flag 元 in the cell, 元 figures in the text, implausible magnitudes.",
)
def check_fee_unit(ctx: Context) -> Iterator[Finding]:
    """本年收费金额 is stated in 万元, as the column header says.

    A cell written in 元 (e.g. "3940元"), or a figure that the narrative gives in 元
    for the same fees, suggests the table holds 元 where 万元 was expected, making
    the amount 10 000 times too large. Amounts above 1 000 亿元 are also flagged.
    """
    cell = ctx.cell(FEES_AMOUNT)
    amount = ctx.stated(FEES_AMOUNT)
    if cell is None or amount is None:
        return
    if cell.unit is not None and cell.unit.strip() == "元":
        yield Finding(
            rule_id="R-T2-05",
            severity=Severity.WARNING,
            message_zh=f"本年收费金额的单位应为万元，但单元格写作“{cell.raw.strip()}”（元）。",
            message_en=f"The fee amount column is in 万元, but the cell reads “{cell.raw.strip()}” (yuan).",
            cells=(FEES_AMOUNT,),
            suspects=(FEES_AMOUNT,),
            expected="万元",
            found=cell.raw.strip(),
            locations=ctx.locations((FEES_AMOUNT,)),
        )
        return
    written = Decimal(amount) / _TEN_THOUSAND
    if written != 0:
        for yuan, unit, number, sentence in money_mentions(ctx, _FEE_TOPIC):
            if unit == "元" and number == written and yuan != amount:
                yield Finding(
                    rule_id="R-T2-05",
                    severity=Severity.WARNING,
                    message_zh=(
                        f"本年收费金额填为 {fmt_number(written)}（万元，即 {fmt_number(amount)} 元），"
                        f"但{sentence.block.name_zh}写明 {fmt_number(number)} 元：表中数字可能是以元填写的。"
                    ),
                    message_en=(
                        f"The fee amount reads {fmt_number(written)} "
                        f"(万元, i.e. {fmt_number(amount)} yuan), but "
                        f"{sentence.block.name_en} states {fmt_number(number)} yuan: the table may hold yuan."
                    ),
                    cells=(FEES_AMOUNT,),
                    suspects=(FEES_AMOUNT,),
                    expected=f"{fmt_number(number / _TEN_THOUSAND)} 万元",
                    found=f"{fmt_number(written)} 万元",
                    locations=tuple(
                        loc for loc in (cell.location, sentence.block.location) if loc is not None
                    ),
                    evidence=sentence.text,
                )
                return
    if amount >= _IMPLAUSIBLE_FEES and not agency_name(ctx.report).startswith(
        ("国家", "国务院", "中华人民共和国")
    ):
        yield Finding(
            rule_id="R-T2-05",
            severity=Severity.WARNING,
            message_zh=(
                f"本年收费金额为 {fmt_number(amount)} "
                f"元（{fmt_number(written)} 万元），数额异常，单位可能有误。"
            ),
            message_en=(
                f"The fee amount is {fmt_number(amount)} yuan "
                f"({fmt_number(written)} 万元): implausibly large."
            ),
            cells=(FEES_AMOUNT,),
            suspects=(FEES_AMOUNT,),
            found=f"{fmt_number(written)} 万元",
            locations=ctx.locations((FEES_AMOUNT,)),
        )


@rule(
    "R-T2-06",
    severity=Severity.WARNING,
    rule_class="H",
    versions=V2021,
    summary="信息处理费 reported in the text does not exceed 本年收费金额.",
)
def check_processing_fee(ctx: Context) -> Iterator[Finding]:
    """Information-processing fees are themselves administrative fees.

    When the text (usually section 六) reports 信息处理费 of X 元, 本年收费金额 should
    be at least X. Agencies do not always include these fees, so this is a weak check.
    """
    amount = ctx.stated(FEES_AMOUNT)
    if amount is None:
        return
    for yuan, unit, number, sentence in money_mentions(ctx, _PROCESSING_FEE):
        if yuan <= amount:
            continue
        yield Finding(
            rule_id="R-T2-06",
            severity=Severity.WARNING,
            message_zh=(
                f"{sentence.block.name_zh}称收取信息处理费 {fmt_number(number)}{unit}，"
                f"但本年收费金额只有 {fmt_number(amount)} 元。"
            ),
            message_en=(
                f"{cap(sentence.block.name_en)} reports "
                f"information-processing fees of {fmt_number(number)} {unit}, "
                f"more than the fee amount of {fmt_number(amount)} yuan."
            ),
            cells=(FEES_AMOUNT,),
            expected=f"≥ {fmt_number(yuan)} 元",
            found=f"{fmt_number(amount)} 元",
            locations=tuple(
                loc for loc in (*ctx.locations((FEES_AMOUNT,)), sentence.block.location) if loc is not None
            ),
            evidence=sentence.text,
        )
        return
