"""Cross-year rules: a report against the same agency's report for the previous year."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govinfo_report.model import TableKind
from govinfo_report.model.labels import (
    APPLICANT_COLUMNS,
    CARRIED_FORWARD,
    CARRIED_OVER,
    DELTA,
    IN_FORCE,
    ISSUED,
    PREV_ITEMS,
    REPEALED,
    TOTAL_PUBLISHED,
    ColumnSpec,
    cell_key,
    proactive_rows_with,
    request_key,
)
from govinfo_report.validation._context import Context
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._format import fmt_number
from govinfo_report.validation._labels import cell_name, column_name, row_name
from govinfo_report.validation._narrative import sentences
from govinfo_report.validation._registry import BOTH, V2019, V2021, rule

__all__: list[str] = []


def _key(row: str, column: ColumnSpec) -> str:
    return cell_key(TableKind.PROACTIVE, row, column)


def _year(ctx: Context) -> str:
    year = ctx.report.year
    return f"{year}年" if year is not None else "本年"


def _prev_year(ctx: Context) -> str:
    previous = ctx.previous
    year = previous.report.year if previous is not None else None
    return f"{year}年" if year is not None else "上一年"


@rule(
    "R-T3-09",
    severity=Severity.WARNING,
    rule_class="X/H",
    versions=BOTH,
    summary="上年结转 equals last year's 结转下年度继续办理, column by column.",
    cross_year=True,
)
def check_carry_over(ctx: Context) -> Iterator[Finding]:
    """What was carried forward last year is carried over this year.

    二、上年结转政府信息公开申请数量 of year Y must equal 四、结转下年度继续办理 of year
    Y-1, in every column. Legitimate breaks exist: merged or split agencies
    (机构改革), a corrected earlier report, or applications moved between columns.
    The check also runs across the 2020 (2019 template) → 2021 (2021 template) change,
    since both tables have these rows.
    """
    previous = ctx.previous
    if previous is None:
        return
    mismatched: list[tuple[str, str]] = []
    for column in APPLICANT_COLUMNS:
        now_key = request_key(CARRIED_OVER, column)
        then_key = request_key(CARRIED_FORWARD, column)
        now = ctx.arith(now_key)
        then = previous.arith(then_key)
        if now is None or then is None or now == then:
            continue
        mismatched.append((now_key, then_key))
    if not mismatched:
        return
    shown_zh = "；".join(
        f"{column_name(now, 'zh')} {fmt_number(ctx.arith(now))}（上年 {fmt_number(previous.arith(then))}）"
        for now, then in mismatched
    )
    shown_en = "; ".join(
        f"{column_name(now, 'en')} {fmt_number(ctx.arith(now))} "
        f"(last year {fmt_number(previous.arith(then))})"
        for now, then in mismatched
    )
    cells = tuple(now for now, _ in mismatched)
    yield Finding(
        rule_id="R-T3-09",
        severity=Severity.WARNING,
        message_zh=f"{_year(ctx)}“上年结转”与{_prev_year(ctx)}“结转下年度继续办理”不一致：{shown_zh}。",
        message_en=f"Carried over does not match last year's carried forward: {shown_en}.",
        cells=cells,
        expected="；".join(fmt_number(previous.arith(then)) for _, then in mismatched),
        found="；".join(fmt_number(ctx.arith(now)) for now, _ in mismatched),
        locations=ctx.locations(cells) + previous.locations([then for _, then in mismatched]),
    )


@rule(
    "R-T1-03",
    severity=Severity.WARNING,
    rule_class="X/H",
    versions=V2019,
    summary="上一年项目数量 equals last year's 上一年项目数量 + 本年增/减.",
    cross_year=True,
)
def check_item_chain(ctx: Context) -> Iterator[Finding]:
    """Last year's item count plus its change is this year's starting count.

    In the 2019 template, 上一年项目数量 of year Y should equal 上一年项目数量 +
    本年增/减 of year Y-1, row by row (行政许可, 其他对外管理服务事项, 行政处罚,
    行政强制, 行政事业性收费).
    """
    previous = ctx.previous
    if previous is None:
        return
    for row in proactive_rows_with(ctx.report.template, PREV_ITEMS, DELTA):
        key = _key(row, PREV_ITEMS)
        delta_key = _key(row, DELTA)
        now = ctx.stated(key)
        then_prev = previous.stated(key)
        then_delta = previous.stated(delta_key)
        if now is None or then_prev is None or then_delta is None:
            continue
        expected = then_prev + then_delta
        if now == expected:
            continue
        yield Finding(
            rule_id="R-T1-03",
            severity=Severity.WARNING,
            message_zh=(
                f"{row_name(key, 'zh')}：{_year(ctx)}上一年项目数量为 {fmt_number(now)}，但{_prev_year(ctx)}"
                f"上一年项目数量 {fmt_number(then_prev)} + 本年增/减 "
                f"{fmt_number(then_delta)} = {fmt_number(expected)}。"
            ),
            message_en=(
                f"{row_name(key, 'en')}: items last year {fmt_number(now)}, but last year's report gives "
                f"{fmt_number(then_prev)} + {fmt_number(then_delta)} = {fmt_number(expected)}."
            ),
            cells=(key,),
            expected=fmt_number(expected),
            found=fmt_number(now),
            locations=ctx.locations((key,)) + previous.locations([key, delta_key]),
        )


@rule(
    "R-T2-02",
    severity=Severity.WARNING,
    rule_class="X/H",
    versions=V2021,
    summary="现行有效件数 = last year's 现行有效件数 + 本年制发件数 - 本年废止件数.",
    cross_year=True,
)
def check_in_force_chain(ctx: Context) -> Iterator[Finding]:
    """The documents in force follow from last year's, plus those issued, minus those repealed.

    For 规章 and 行政规范性文件, 现行有效件数 (Y) should equal 现行有效件数 (Y-1) +
    本年制发件数 (Y) - 本年废止件数 (Y). Revisions counted as new documents, documents
    inherited after 机构改革 and clean-up campaigns break the chain legitimately;
    the finding gives the size of the gap.
    """
    previous = ctx.previous
    if previous is None:
        return
    for row in proactive_rows_with(ctx.report.template, IN_FORCE, ISSUED, REPEALED):
        keys = (_key(row, IN_FORCE), _key(row, ISSUED), _key(row, REPEALED))
        now, issued, repealed = (ctx.stated(key) for key in keys)
        then = previous.stated(keys[0])
        if now is None or issued is None or repealed is None or then is None:
            continue
        expected = then + issued - repealed
        if now == expected:
            continue
        yield Finding(
            rule_id="R-T2-02",
            severity=Severity.WARNING,
            message_zh=(
                f"{row_name(keys[0], 'zh')}：{_prev_year(ctx)}现行有效 "
                f"{fmt_number(then)} + 本年制发 {fmt_number(issued)}"
                f" - 本年废止 {fmt_number(repealed)} = "
                f"{fmt_number(expected)}，但现行有效件数为 {fmt_number(now)}"
                f"（相差 {fmt_number(now - expected)}）。"
            ),
            message_en=(
                f"{row_name(keys[0], 'en')}: in force last year "
                f"{fmt_number(then)} + issued {fmt_number(issued)} - "
                f"repealed {fmt_number(repealed)} = "
                f"{fmt_number(expected)}, but {fmt_number(now)} are in force "
                f"(gap {fmt_number(now - expected)})."
            ),
            cells=keys,
            expected=fmt_number(expected),
            found=fmt_number(now),
            locations=ctx.locations(keys) + previous.locations([keys[0]]),
        )


@rule(
    "R-T1-05",
    severity=Severity.WARNING,
    rule_class="X/H",
    versions=V2019,
    summary="对外公开总数量 does not decrease from one year to the next.",
    cross_year=True,
)
def check_total_published_chain(ctx: Context) -> Iterator[Finding]:
    """The total of published documents does not shrink, unless documents were repealed.

    For 规章 and 规范性文件, 对外公开总数量 (Y) should be at least 对外公开总数量 (Y-1).
    """
    previous = ctx.previous
    if previous is None:
        return
    for row in proactive_rows_with(ctx.report.template, TOTAL_PUBLISHED):
        key = _key(row, TOTAL_PUBLISHED)
        now = ctx.stated(key)
        then = previous.stated(key)
        if now is None or then is None or now >= then:
            continue
        yield Finding(
            rule_id="R-T1-05",
            severity=Severity.WARNING,
            message_zh=(
                f"{cell_name(key, 'zh')}：{_year(ctx)} {fmt_number(now)} "
                f"少于{_prev_year(ctx)} {fmt_number(then)}；"
                "除非有文件废止或撤回，总数不应减少。"
            ),
            message_en=(
                f"{cell_name(key, 'en')}: {fmt_number(now)} this "
                f"year, fewer than {fmt_number(then)} last year; "
                "the total should not shrink unless documents were repealed."
            ),
            cells=(key,),
            expected=f"≥ {fmt_number(then)}",
            found=fmt_number(now),
            locations=ctx.locations((key,)) + previous.locations([key]),
        )


_MIN_SENTENCE = 20
_MIN_SENTENCES = 8
_COPIED_SHARE = 0.8
_YEARS = re.compile(r"(?:19|20)\d{2}")


@rule(
    "R-G-07",
    severity=Severity.WARNING,
    rule_class="X/H",
    versions=BOTH,
    summary="Not (near-)identical to the previous year's report, in text or in numbers.",
    cross_year=True,
)
def check_copied_report(ctx: Context) -> Iterator[Finding]:
    """Each year's report describes that year's work.

    A report whose tables repeat last year's numbers cell for cell, or whose text
    repeats most of last year's sentences (years aside), was probably copied
    (内容雷同), which the 2021 notice names as a ground for accountability.
    """
    previous = ctx.previous
    if previous is None:
        return
    if ctx.report.template is previous.report.template:
        shared = [key for key in ctx.cells if key in previous.cells]
        now = [ctx.stated(key) for key in shared]
        then = [previous.stated(key) for key in shared]
        nonzero = sum(1 for value in now if value)
        if shared and None not in now and now == then and nonzero >= 3:
            yield Finding(
                rule_id="R-G-07",
                severity=Severity.WARNING,
                message_zh=f"三张表的全部数字与{_prev_year(ctx)}报告完全相同，疑似照搬上年报告。",
                message_en=(
                    "Every number of the three tables equals last year's: the report may have been copied."
                ),
            )
    texts_now = {_YEARS.sub("", s.norm) for s in sentences(ctx) if len(s.norm) >= _MIN_SENTENCE}
    texts_then = {_YEARS.sub("", s.norm) for s in sentences(previous) if len(s.norm) >= _MIN_SENTENCE}
    if len(texts_now) < _MIN_SENTENCES:
        return
    share = len(texts_now & texts_then) / len(texts_now)
    if share >= _COPIED_SHARE:
        yield Finding(
            rule_id="R-G-07",
            severity=Severity.WARNING,
            message_zh=f"{round(share * 100)}% 的语句与{_prev_year(ctx)}报告相同（年份除外），疑似内容雷同。",
            message_en=f"{round(share * 100)}% of the sentences repeat last year's report (years aside).",
            found=f"{share:.0%}",
        )
