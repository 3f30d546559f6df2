"""Cells that rules refer to one by one, each named once.

A rule that is about one particular cell (the total of new applications,
the amount of fees …) takes its key from here rather than spelling it.
Every key is checked against the templates when this module is imported.
"""

from __future__ import annotations

from govinfo_report.model.labels import (
    CARRIED_FORWARD,
    CARRIED_OVER,
    CORRECTED,
    DECISIONS,
    FEE_UNPAID,
    GRANTED,
    LITIGATION_AFTER_REVIEW,
    LITIGATION_DIRECT,
    NEW_RECEIVED,
    PARTIAL,
    PENDING,
    REVIEW,
    TOTAL,
    TOTAL_PROCESSED,
    appeal_key,
    cell_spec,
    proactive_key,
    request_key,
)

__all__ = [
    "CARRIED_FORWARD_TOTAL",
    "CARRIED_OVER_TOTAL",
    "COERCION_DECISIONS",
    "FEES_AMOUNT",
    "FEE_UNPAID_TOTAL",
    "GRANTED_TOTAL",
    "LICENSING_DECISIONS",
    "LITIGATION_AFTER_REVIEW_TOTAL",
    "LITIGATION_CORRECTED",
    "LITIGATION_DIRECT_TOTAL",
    "LITIGATION_TOTALS",
    "NEW_RECEIVED_TOTAL",
    "PARTIAL_TOTAL",
    "PENALTY_DECISIONS",
    "PENDING_BY_GROUP",
    "PROCESSED_TOTAL",
    "PROCUREMENT_AMOUNT",
    "PROCUREMENT_PROJECTS",
    "REVIEW_TOTAL",
]


def _checked(key: str) -> str:
    cell_spec(key)  # raises KeyError when no template version has the cell
    return key


NEW_RECEIVED_TOTAL = _checked(request_key(NEW_RECEIVED, TOTAL))
"""一、本年新收, 总计."""
CARRIED_OVER_TOTAL = _checked(request_key(CARRIED_OVER, TOTAL))
"""二、上年结转, 总计."""
GRANTED_TOTAL = _checked(request_key(GRANTED, TOTAL))
"""（一）予以公开, 总计."""
PARTIAL_TOTAL = _checked(request_key(PARTIAL, TOTAL))
"""（二）部分公开, 总计."""
FEE_UNPAID_TOTAL = _checked(request_key(FEE_UNPAID, TOTAL))
"""（六）2. 逾期未按收费通知要求缴纳费用, 总计 (2021)."""
PROCESSED_TOTAL = _checked(request_key(TOTAL_PROCESSED, TOTAL))
"""（七）总计, 总计."""
CARRIED_FORWARD_TOTAL = _checked(request_key(CARRIED_FORWARD, TOTAL))
"""四、结转下年度继续办理, 总计."""

REVIEW_TOTAL = _checked(appeal_key(REVIEW, TOTAL))
"""行政复议, 总计."""
LITIGATION_DIRECT_TOTAL = _checked(appeal_key(LITIGATION_DIRECT, TOTAL))
"""行政诉讼 未经复议直接起诉, 总计."""
LITIGATION_AFTER_REVIEW_TOTAL = _checked(appeal_key(LITIGATION_AFTER_REVIEW, TOTAL))
"""行政诉讼 复议后起诉, 总计."""
LITIGATION_TOTALS = (LITIGATION_DIRECT_TOTAL, LITIGATION_AFTER_REVIEW_TOTAL)
"""The 总计 of both litigation groups."""
LITIGATION_CORRECTED = tuple(
    _checked(appeal_key(group, CORRECTED)) for group in (LITIGATION_DIRECT, LITIGATION_AFTER_REVIEW)
)
"""The 结果纠正 of both litigation groups: lawsuits the agency lost."""
PENDING_BY_GROUP = {
    group.key: _checked(appeal_key(group, PENDING))
    for group in (REVIEW, LITIGATION_DIRECT, LITIGATION_AFTER_REVIEW)
}
"""Group key → its 尚未审结 cell."""

LICENSING_DECISIONS = _checked(proactive_key("art20_5", "licensing", DECISIONS))
"""第二十条第（五）项 行政许可, decisions."""
PENALTY_DECISIONS = _checked(proactive_key("art20_6", "penalty", DECISIONS))
"""第二十条第（六）项 行政处罚, decisions."""
COERCION_DECISIONS = _checked(proactive_key("art20_6", "coercion", DECISIONS))
"""第二十条第（六）项 行政强制, decisions."""
FEES_AMOUNT = _checked(proactive_key("art20_8", "fees", "amount_yuan"))
"""第二十条第（八）项 行政事业性收费, amount in 元 (2021)."""
PROCUREMENT_AMOUNT = _checked(proactive_key("art20_9", "procurement", "amount_yuan"))
"""第二十条第（九）项 政府集中采购, amount in 元 (2019)."""
PROCUREMENT_PROJECTS = _checked(proactive_key("art20_9", "procurement", "projects"))
"""第二十条第（九）项 政府集中采购, number of projects (2019)."""
