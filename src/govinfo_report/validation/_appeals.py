"""Plausibility of the review and litigation table beyond its arithmetic."""

from __future__ import annotations

from collections.abc import Iterator

from govinfo_report.model.named_cells import LITIGATION_AFTER_REVIEW_TOTAL, REVIEW_TOTAL
from govinfo_report.validation._context import Context
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._format import fmt_number
from govinfo_report.validation._registry import BOTH, rule

__all__: list[str] = []

_MULTIPLE = 2
"""How many times the reviews the suits after review must exceed to count as "much larger"."""
_MARGIN = 3
"""And by how many cases at least, so that small counts (1 against 0) pass."""


@rule(
    "R-T4-07",
    severity=Severity.WARNING,
    rule_class="H",
    versions=BOTH,
    summary="复议后起诉 much larger than the reviews of this year (and last year, when given).",
    default=False,
)
def check_suits_after_review(ctx: Context) -> Iterator[Finding]:
    """Suits after review normally follow the agency's own reviews.

    An applicant who loses an administrative review (行政复议) may sue
    afterwards, so the cases counted under 复议后起诉 usually come from this
    year's or last year's reviews.  The rule warns when 复议后起诉 总计 is more
    than twice the reviews of this year (plus last year's, when the previous
    report is given) and exceeds them by at least 3 cases.

    The signal is weak: the agency can be sued after a review decided by
    another body, so the rule is off by default; select ``R-T4-07`` to run it.
    """
    suits = ctx.stated(LITIGATION_AFTER_REVIEW_TOTAL)
    reviews = ctx.arith(REVIEW_TOTAL)
    if suits is None or reviews is None:
        return
    previous = ctx.previous.arith(REVIEW_TOTAL) if ctx.previous is not None else None
    bound = reviews if previous is None else reviews + previous
    if suits <= _MULTIPLE * bound or suits - bound < _MARGIN:
        return
    this_year, total = fmt_number(reviews), fmt_number(bound)
    if previous is None:
        basis_zh, basis_en = f"本年行政复议 {this_year} 件", f"{this_year} reviews this year"
    else:
        parts = f"{this_year} + {fmt_number(previous)}"
        basis_zh = f"本年和上年行政复议共 {total} 件（{parts}）"
        basis_en = f"{total} reviews this year and last year ({parts})"
    cells = (LITIGATION_AFTER_REVIEW_TOTAL, REVIEW_TOTAL)
    yield Finding(
        rule_id="R-T4-07",
        severity=Severity.WARNING,
        message_zh=(
            f"复议后起诉 {fmt_number(suits)} 件，远多于{basis_zh}；"
            "请核对是否误填（也可能是其他机关复议后被起诉）。"
        ),
        message_en=(
            f"{fmt_number(suits)} suits after review, far more than {basis_en}; check the figure "
            "(the agency can also be sued after another body's review)."
        ),
        cells=cells,
        suspects=(LITIGATION_AFTER_REVIEW_TOTAL,),
        expected=f"≤ {_MULTIPLE * bound}",
        found=fmt_number(suits),
        locations=ctx.locations(cells),
    )
