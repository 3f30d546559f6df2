"""Arithmetic rules of the application table (R-T3) and the review/litigation table (R-T4)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from govinfo_report.model import TemplateVersion
from govinfo_report.model.cellkey import CellKey
from govinfo_report.model.equations import (
    Balance,
    BalanceKind,
    appeal_balances,
    request_balances,
    result_rows,
)
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPLICANT_COLUMNS,
    CARRIED_FORWARD,
    CARRIED_OVER,
    NEW_RECEIVED,
    TOTAL,
    TOTAL_PROCESSED,
    request_groups,
    request_key,
)
from govinfo_report.validation._context import Context, Number, arith_value
from govinfo_report.validation._equations import Equation, Evaluation, Hint, analyze, evaluate
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._format import fmt_number, fmt_sum, term_labels
from govinfo_report.validation._labels import column_name, row_name
from govinfo_report.validation._registry import rule

__all__: list[str] = []

_REQUEST_RULES: dict[BalanceKind, tuple[str, str, str]] = {
    BalanceKind.ROW_TOTAL: (
        "R-T3-03",
        "“{row}”行（各申请人之和 = 总计）",
        "row “{row}” (applicants add up to the total)",
    ),
    BalanceKind.RESULTS: (
        "R-T3-02",
        "“{column}”列（各项办理结果之和 = （七）总计）",
        "column “{column}” (results add up to processed)",
    ),
    BalanceKind.CARRY: (
        "R-T3-01",
        "“{column}”列（新收 + 上年结转 = 办结 + 结转下年）",
        "column “{column}” (new + carried over = processed + carried forward)",
    ),
}
"""Rule and where the equation lives (Chinese, English) for each sum of the application table."""
_REQUEST_PREFERENCE = ("R-T3-03", "R-T3-02", "R-T3-01")


def _request_equation(balance: Balance) -> Equation:
    rule_id, name_zh, name_en = _REQUEST_RULES[balance.kind]
    total = balance.totals[0]
    return Equation(
        rule_id=rule_id,
        parts=balance.parts,
        totals=balance.totals,
        name_zh=name_zh.format(row=row_name(total, "zh"), column=column_name(total, "zh")),
        name_en=name_en.format(row=row_name(total, "en"), column=column_name(total, "en")),
    )


@cache
def request_equations(version: TemplateVersion) -> tuple[Equation, ...]:
    """Return the R-T3-01/02/03 equations of the application table of ``version``."""
    return tuple(map(_request_equation, request_balances(version)))


def _zero_total_hint(evaluation: Evaluation) -> tuple[str, str, tuple[str, ...]]:
    equation = evaluation.equation
    if len(equation.totals) != 1 or evaluation.totals[0] != 0:
        return ("", "", ())
    parts = sum((v for v in evaluation.parts if v is not None), 0)
    if parts <= 0:
        return ("", "", ())
    return (
        f"总计为 0 而分项之和为 {fmt_number(parts)}，总计很可能漏填。",
        "The total is 0 while its parts add up to "
        f"{fmt_number(parts)}: the total was probably not filled in.",
        equation.totals,
    )


def _requests_hints(ctx: Context, version: TemplateVersion) -> dict[str, Hint]:
    def carry_hint(evaluation: Evaluation) -> tuple[str, str, tuple[str, ...]]:
        new, carried, processed, forward = (*evaluation.parts, *evaluation.totals)
        column = CellKey.parse(evaluation.equation.parts[0]).column
        zh: list[str] = []
        en: list[str] = []
        if new is not None and carried is not None:
            available = new + carried
            if processed is not None and processed > available:
                zh.append("办结数大于新收与上年结转之和（R-T3-05），办结一侧偏大或新收一侧偏小。")
                en.append("More were processed than received and carried over (R-T3-05).")
            if forward is not None and forward > available:
                zh.append("结转下年数大于新收与上年结转之和（R-T3-05）。")
                en.append("More were carried forward than received and carried over (R-T3-05).")
        results = next(
            e
            for e in request_equations(version)
            if e.rule_id == "R-T3-02" and e.totals == (request_key(TOTAL_PROCESSED, column),)
        )
        results_eval = evaluate(ctx, results)
        if results_eval.complete and not results_eval.fails:
            zh.append("（七）总计与各项办理结果之和相符，差错更可能在新收、上年结转或结转下年。")
            en.append(
                "Processed agrees with the result rows, so the error is more likely "
                "in new, carried over or carried forward."
            )
        return ("".join(zh), " ".join(en), ())

    return {"R-T3-01": carry_hint, "R-T3-02": _zero_total_hint, "R-T3-03": _zero_total_hint}


def _requests_findings(ctx: Context) -> list[Finding]:
    version = ctx.report.template
    return analyze(
        ctx,
        request_equations(version),
        preference=_REQUEST_PREFERENCE,
        severity=Severity.ERROR,
        hints=_requests_hints(ctx, version),
    )


def requests_findings(ctx: Context) -> list[Finding]:
    """Return the findings of R-T3-01/02/03, computed once per context."""
    return ctx.memo("requests_arithmetic", _requests_findings)


@rule(
    "R-T3-01",
    severity=Severity.ERROR,
    rule_class="S",
    summary="In every column, new + carried over = processed (（七）总计) + carried forward.",
)
def check_carry_balance(ctx: Context) -> Iterator[Finding]:
    """Every application is either processed this year or carried forward.

    The application table's header says so: "第一项加第二项之和，等于第三项加第四项之和".
    In **every** column (自然人, each kind of organisation, 总计), 一、本年新收 plus
    二、上年结转 must equal （七）总计 plus 四、结转下年度继续办理.
    When a single cell explains this failure together with a row or column sum,
    the finding names that cell instead (see R-T3-03).
    """
    yield from (f for f in requests_findings(ctx) if f.rule_id == "R-T3-01")


@rule(
    "R-T3-02",
    severity=Severity.ERROR,
    rule_class="A",
    summary="In every column, the result rows （一）…（六） add up to （七）总计.",
)
def check_results_total(ctx: Context) -> Iterator[Finding]:
    """（七）总计 is the sum of the results （一） to （六）.

    予以公开, 部分公开, the 8 reasons of 不予公开, the 3 of 无法提供, the 5 of 不予处理 and
    其他处理 (one row in the 2019 template, three sub-rows in 2021) must add up to
    （七）总计, column by column. The template has no subtotal rows: each application
    is counted under exactly one reason.
    """
    yield from (f for f in requests_findings(ctx) if f.rule_id == "R-T3-02")


@rule(
    "R-T3-03",
    severity=Severity.ERROR,
    rule_class="A",
    summary="In every row, the six applicant columns add up to 总计.",
)
def check_row_total(ctx: Context) -> Iterator[Finding]:
    """Each row's 总计 is the sum of its applicants.

    自然人 plus the five kinds of 法人或其他组织 (商业企业, 科研机构, 社会公益组织,
    法律服务机构, 其他) must equal the row's 总计. A wrong cell usually breaks its row and
    its column at once; the finding then names that cell, says what value would make
    both hold, and the column failure is not reported separately.
    """
    yield from (f for f in requests_findings(ctx) if f.rule_id == "R-T3-03")


@rule(
    "R-T3-05",
    severity=Severity.ERROR,
    rule_class="A",
    summary="Processed and carried forward each do not exceed new + carried over.",
)
def check_carry_bounds(ctx: Context) -> Iterator[Finding]:
    """No more applications can be processed, or carried forward, than were available.

    In every column, （七）总计 ≤ 新收 + 上年结转 and 结转下年 ≤ 新收 + 上年结转.
    This follows from R-T3-01, whose finding already says which side is too large,
    so it is reported under its own ID only when R-T3-01 is deselected.
    """
    if "R-T3-01" in ctx.active:
        return
    for column in APPLICANT_COLUMNS:
        rows = (NEW_RECEIVED, CARRIED_OVER, TOTAL_PROCESSED, CARRIED_FORWARD)
        keys = [request_key(row, column) for row in rows]
        values = [ctx.arith(key) for key in keys]
        new, carried, processed, forward = values
        if new is None or carried is None:
            continue
        available = new + carried
        for side, value in ((keys[2], processed), (keys[3], forward)):
            if value is None or value <= available:
                continue
            labels_zh = term_labels(keys[:2], "zh")
            labels_en = term_labels(keys[:2], "en")
            available_zh = fmt_sum(ctx, keys[:2], labels_zh, "zh")
            available_en = fmt_sum(ctx, keys[:2], labels_en, "en")
            cells = (side, *keys[:2])
            yield Finding(
                rule_id="R-T3-05",
                severity=Severity.ERROR,
                message_zh=(
                    f"“{column_name(side, 'zh')}”列：{row_name(side, 'zh')} {fmt_number(value)} "
                    f"大于 {available_zh}。"
                ),
                message_en=(
                    f"Column “{column_name(side, 'en')}”: {row_name(side, 'en')} {fmt_number(value)} "
                    f"exceeds {available_en}."
                ),
                cells=cells,
                expected=f"≤ {fmt_number(available)}",
                found=fmt_number(value),
                locations=ctx.locations(cells),
            )


@rule(
    "R-T3-06",
    severity=Severity.ERROR,
    rule_class="A",
    summary="With no new and no carried-over applications, every result and carry-forward is 0.",
)
def check_nothing_received(ctx: Context) -> Iterator[Finding]:
    """A report that received nothing cannot have processed anything.

    When 新收 and 上年结转 are both 0 in the 总计 column, every result row, （七）总计 and
    结转下年 must be 0. This follows from the other sums, so it is reported only when
    they could not be checked (unreadable cells) and found nothing.
    """
    version = ctx.report.template
    new = ctx.arith(request_key(NEW_RECEIVED, TOTAL))
    carried = ctx.arith(request_key(CARRIED_OVER, TOTAL))
    if new is None or carried is None or new + carried != 0:
        return
    if any(f.rule_id in ("R-T3-01", "R-T3-02", "R-T3-03") for f in _requests_findings_all(ctx)):
        return
    rows = (*result_rows(version), TOTAL_PROCESSED, CARRIED_FORWARD)
    nonzero = tuple(
        key
        for row in rows
        for column in APPLICANT_COLUMNS
        if (value := ctx.arith(key := request_key(row, column))) is not None and value != 0
    )
    if not nonzero:
        return
    shown = "、".join(
        f"{row_name(key, 'zh')}·{column_name(key, 'zh')} {fmt_number(ctx.arith(key))}" for key in nonzero
    )
    shown_en = ", ".join(
        f"{row_name(key, 'en')}/{column_name(key, 'en')} {fmt_number(ctx.arith(key))}" for key in nonzero
    )
    yield Finding(
        rule_id="R-T3-06",
        severity=Severity.ERROR,
        message_zh=f"新收与上年结转均为 0，但以下单元格不为 0：{shown}。",
        message_en=f"Nothing was received or carried over, yet these cells are not 0: {shown_en}.",
        cells=nonzero,
        expected="0",
        found=shown,
        locations=ctx.locations(nonzero),
    )


def _requests_findings_all(ctx: Context) -> list[Finding]:
    """R-T3-01/02/03 findings as if all three rules were active."""

    def compute(c: Context) -> list[Finding]:
        everything = Context(c.report, active=frozenset(_REQUEST_PREFERENCE))
        return requests_findings(everything)

    return ctx.memo("requests_arithmetic_all", compute)


@rule(
    "R-T3-08",
    severity=Severity.ERROR,
    rule_class="A",
    summary="Non-template subtotal rows (e.g. 不予公开 小计) equal the sum of their sub-rows.",
)
def check_subtotal_rows(ctx: Context) -> Iterator[Finding]:
    """Subtotal rows added to the template must add up.

    The national template has no subtotal rows, but some reports add one such as
    "（三）不予公开 小计". Such an extra row must equal, column by column, the sum of the
    sub-rows of its group. Rows the report adds are otherwise listed under R-T3-13.
    """
    groups = request_groups(ctx.report.template)
    for extra in ctx.report.requests.extra_rows:
        label = extra.label.replace(" ", "").replace("\u3000", "")
        if "小计" not in label or len(extra.cells) != len(APPLICANT_COLUMNS):
            continue
        members = next((rows for name, rows in groups.items() if name in label), None)
        if members is None:
            continue
        for column, cell in zip(APPLICANT_COLUMNS, extra.cells, strict=True):
            stated = arith_value(cell)
            keys = tuple(request_key(row, column) for row in members)
            parts = [ctx.arith(key) for key in keys]
            if stated is None or None in parts:
                continue
            total: Number = sum((p for p in parts if p is not None), 0)
            if total == stated:
                continue
            col_zh = column.name_zh
            col_en = column.name_en
            sum_zh = fmt_sum(ctx, keys, term_labels(keys, "zh"), "zh")
            sum_en = fmt_sum(ctx, keys, term_labels(keys, "en"), "en")
            locations = tuple(loc for loc in (cell.location, *ctx.locations(keys)) if loc is not None)
            yield Finding(
                rule_id="R-T3-08",
                severity=Severity.ERROR,
                message_zh=(
                    f"非模板小计行“{extra.label.strip()}”的“{col_zh}”为 {fmt_number(stated)}，但 {sum_zh}。"
                ),
                message_en=(
                    f"Added subtotal row “{extra.label.strip()}”, column “{col_en}”, states "
                    f"{fmt_number(stated)}, but {sum_en}."
                ),
                cells=keys,
                expected=fmt_number(total),
                found=fmt_number(stated),
                locations=locations,
            )


# --- Review / litigation table -------------------------------------------------

_APPEAL_RULES = ("R-T4-01", "R-T4-02", "R-T4-03")
"""The rules of the review/litigation groups, in template order."""


@cache
def appeal_equations() -> tuple[Equation, ...]:
    """Return the R-T4-01/02/03 equations."""
    outcomes_zh = " + ".join(column.name_zh for column in APPEAL_COLUMNS if column is not TOTAL)
    outcomes_en = " + ".join(column.name_en for column in APPEAL_COLUMNS if column is not TOTAL)
    return tuple(
        Equation(
            rule_id=rule_id,
            parts=balance.parts,
            totals=balance.totals,
            name_zh=f"{row_name(balance.totals[0], 'zh')}（{outcomes_zh} = {TOTAL.name_zh}）",
            name_en=f"{row_name(balance.totals[0], 'en')} ({outcomes_en} = {TOTAL.name_en})",
        )
        for rule_id, balance in zip(_APPEAL_RULES, appeal_balances(), strict=True)
    )


def _appeals_findings(ctx: Context) -> list[Finding]:
    return analyze(
        ctx,
        appeal_equations(),
        preference=_APPEAL_RULES,
        severity=Severity.ERROR,
        hints=dict.fromkeys(_APPEAL_RULES, _zero_total_hint),
    )


def appeals_findings(ctx: Context) -> list[Finding]:
    """Return the findings of R-T4-01/02/03, computed once per context."""
    return ctx.memo("appeals_arithmetic", _appeals_findings)


@rule(
    "R-T4-01",
    severity=Severity.ERROR,
    rule_class="A",
    summary="行政复议: upheld + corrected + other + pending = total.",
)
def check_review_total(ctx: Context) -> Iterator[Finding]:
    """The 行政复议 total is the sum of its four outcomes.

    结果维持 + 结果纠正 + 其他结果 + 尚未审结 must equal 总计. A total of 0 next to
    non-zero outcomes usually means the total was not filled in.
    """
    yield from (f for f in appeals_findings(ctx) if f.rule_id == "R-T4-01")


@rule(
    "R-T4-02",
    severity=Severity.ERROR,
    rule_class="A",
    summary="行政诉讼 未经复议直接起诉: upheld + corrected + other + pending = total.",
)
def check_direct_litigation_total(ctx: Context) -> Iterator[Finding]:
    """The total of lawsuits filed without prior review is the sum of its four outcomes.

    In the 未经复议直接起诉 group, 结果维持 + 结果纠正 + 其他结果 + 尚未审结 must equal 总计.
    """
    yield from (f for f in appeals_findings(ctx) if f.rule_id == "R-T4-02")


@rule(
    "R-T4-03",
    severity=Severity.ERROR,
    rule_class="A",
    summary="行政诉讼 复议后起诉: upheld + corrected + other + pending = total.",
)
def check_after_review_litigation_total(ctx: Context) -> Iterator[Finding]:
    """The total of lawsuits filed after a review is the sum of its four outcomes.

    In the 复议后起诉 group, 结果维持 + 结果纠正 + 其他结果 + 尚未审结 must equal 总计.
    """
    yield from (f for f in appeals_findings(ctx) if f.rule_id == "R-T4-03")
