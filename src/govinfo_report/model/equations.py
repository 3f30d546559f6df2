"""The sums the standard tables must satisfy, as data over canonical cell keys.

Each equation says ``Σ parts = Σ totals``.  The assembler solves cells that
ran together in the source by them, and the validators check reports
against them, so both read the same equations from here.
"""

from __future__ import annotations

import enum
from functools import cache

import attrs

from govinfo_report.model._enums import TemplateVersion
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    CARRIED_FORWARD,
    CARRIED_OVER,
    GRANTED,
    NEW_RECEIVED,
    TOTAL,
    TOTAL_PROCESSED,
    RowSpec,
    appeal_key,
    request_key,
    request_rows,
)

__all__ = [
    "Balance",
    "BalanceKind",
    "appeal_balances",
    "request_balances",
    "result_rows",
]


class BalanceKind(enum.Enum):
    """Which sum of the templates an equation is."""

    ROW_TOTAL = "row_total"
    """Application table, one row: the six applicant columns add up to 总计."""
    RESULTS = "results"
    """Application table, one column: the result rows （一）…（六） add up to （七）总计."""
    CARRY = "carry"
    """Application table, one column: 新收 + 上年结转 = （七）总计 + 结转下年."""
    GROUP_TOTAL = "group_total"
    """Review/litigation table, one group: the four outcomes add up to 总计."""


@attrs.frozen(kw_only=True)
class Balance:
    """``Σ parts = Σ totals`` over canonical cell keys.

    Attributes:
        kind: Which sum of the templates this is.
        parts: Keys on the side that is summed.
        totals: Keys on the side that states the total.
    """

    kind: BalanceKind
    parts: tuple[str, ...]
    totals: tuple[str, ...]


def result_rows(version: TemplateVersion) -> tuple[RowSpec, ...]:
    """Return the result rows （一）…（六） of the application table of ``version``."""
    rows = request_rows(version)
    return rows[rows.index(GRANTED) : rows.index(TOTAL_PROCESSED)]


@cache
def request_balances(version: TemplateVersion) -> tuple[Balance, ...]:
    """Return the equations of the application table of ``version``.

    First each row's total, then, column by column, the results total and the carry balance.
    """
    details = tuple(column for column in APPLICANT_COLUMNS if column is not TOTAL)
    balances = [
        Balance(
            kind=BalanceKind.ROW_TOTAL,
            parts=tuple(request_key(row, column) for column in details),
            totals=(request_key(row, TOTAL),),
        )
        for row in request_rows(version)
    ]
    results = result_rows(version)
    for column in APPLICANT_COLUMNS:
        balances.append(
            Balance(
                kind=BalanceKind.RESULTS,
                parts=tuple(request_key(row, column) for row in results),
                totals=(request_key(TOTAL_PROCESSED, column),),
            )
        )
        balances.append(
            Balance(
                kind=BalanceKind.CARRY,
                parts=(request_key(NEW_RECEIVED, column), request_key(CARRIED_OVER, column)),
                totals=(request_key(TOTAL_PROCESSED, column), request_key(CARRIED_FORWARD, column)),
            )
        )
    return tuple(balances)


@cache
def appeal_balances() -> tuple[Balance, ...]:
    """Return the equations of the review/litigation table, one per group in template order."""
    outcomes = tuple(column for column in APPEAL_COLUMNS if column is not TOTAL)
    return tuple(
        Balance(
            kind=BalanceKind.GROUP_TOTAL,
            parts=tuple(appeal_key(group, column) for column in outcomes),
            totals=(appeal_key(group, TOTAL),),
        )
        for group in APPEAL_GROUPS
    )
