"""Short Chinese and English names of cells, used in finding messages."""

from __future__ import annotations

from functools import cache

from govinfo_report.model import TableKind, TemplateVersion
from govinfo_report.model.labels import APPEAL_COLUMNS, APPLICANT_COLUMNS, proactive_blocks

__all__ = ["ITEM_ROWS_2019", "TABLE_NAMES", "cell_name", "column_name", "row_name", "table_of"]

TABLE_NAMES: dict[str, tuple[str, str]] = {
    TableKind.PROACTIVE: ("二、主动公开政府信息情况", "Table 2: proactive disclosure (Art. 20)"),
    TableKind.REQUESTS: ("三、收到和处理政府信息公开申请情况", "Table 3: applications"),
    TableKind.APPEALS: ("四、政府信息公开行政复议、行政诉讼情况", "Table 4: review and litigation"),
}
"""Table kind → (Chinese heading, English name)."""

ITEM_ROWS_2019: tuple[str, ...] = tuple(
    f"{block.key}.{row.key}"
    for block in proactive_blocks(TemplateVersion.V2019)
    if any(column.key == "prev_items" for column in block.columns)
    for row in block.rows
)
"""The 2019 第二十条 rows that count items (上一年项目数量, 本年增/减): ``art20_5.licensing`` …"""

_REQUEST_ROWS: dict[str, tuple[str, str]] = {
    "new_received": ("新收", "new"),
    "carried_over": ("上年结转", "carried over"),
    "granted": ("予以公开", "granted"),
    "partial": ("部分公开", "partly granted"),
    "denied.state_secret": ("不予公开·国家秘密", "denied: state secret"),
    "denied.law_prohibited": ("不予公开·法律行政法规禁止", "denied: prohibited by law"),
    "denied.three_security_one_stability": ("不予公开·三安全一稳定", "denied: security and stability"),
    "denied.third_party_rights": ("不予公开·第三方合法权益", "denied: third-party rights"),
    "denied.internal_affairs": ("不予公开·内部事务信息", "denied: internal affairs"),
    "denied.process_info": ("不予公开·过程性信息", "denied: process information"),
    "denied.enforcement_file": ("不予公开·行政执法案卷", "denied: enforcement file"),
    "denied.admin_query": ("不予公开·行政查询事项", "denied: administrative query"),
    "unable.not_held": ("无法提供·本机关不掌握", "unable: not held"),
    "unable.needs_creation": ("无法提供·需另行制作", "unable: would need creating"),
    "unable.still_unclear": ("无法提供·补正后仍不明确", "unable: still unclear"),
    "not_processed.petition": ("不予处理·信访举报投诉", "not processed: petition"),
    "not_processed.repeat": ("不予处理·重复申请", "not processed: repeat"),
    "not_processed.publication": ("不予处理·公开出版物", "not processed: publication"),
    "not_processed.excessive": ("不予处理·大量反复申请", "not processed: excessive"),
    "not_processed.confirm_or_reissue": ("不予处理·确认或重新出具", "not processed: confirm or reissue"),
    "other_handling": ("其他处理", "other handling"),
    "other_handling.no_correction": ("其他处理·逾期不补正", "other: no correction"),
    "other_handling.fee_unpaid": ("其他处理·逾期未缴费", "other: fee unpaid"),
    "other_handling.other": ("其他处理·其他", "other: other"),
    "total_processed": ("办结", "processed"),
    "carried_forward": ("结转下年", "carried forward"),
}

_APPLICANT_EN = {
    "natural_person": "natural person",
    "commercial": "business",
    "research": "research",
    "public_interest": "public interest",
    "legal_service": "legal service",
    "other_org": "other",
    "total": "total",
}

_APPEAL_GROUPS: dict[str, tuple[str, str]] = {
    "review": ("行政复议", "review"),
    "litigation_direct": ("直接起诉", "direct litigation"),
    "litigation_after_review": ("复议后起诉", "litigation after review"),
}

_APPEAL_EN = {
    "upheld": "upheld",
    "corrected": "corrected",
    "other": "other",
    "pending": "pending",
    "total": "total",
}

_PROACTIVE_ROWS_EN = {
    "regulations": "rules",
    "normative_docs": "normative documents",
    "licensing": "licensing",
    "other_services": "other services",
    "penalty": "penalties",
    "coercion": "coercion",
    "fees": "fees",
    "procurement": "procurement",
}

_PROACTIVE_COLUMNS_EN = {
    "made": "made",
    "published": "published",
    "total_published": "total published",
    "prev_items": "items last year",
    "delta": "change",
    "decisions": "decisions",
    "projects": "projects",
    "amount_yuan": "amount",
    "issued": "issued",
    "repealed": "repealed",
    "in_force": "in force",
}


def table_of(key: str) -> str:
    """Return the table part of a cell key (``"requests"`` …)."""
    return key.split(".", 1)[0]


@cache
def _proactive_names() -> dict[str, tuple[str, str, str, str]]:
    names: dict[str, tuple[str, str, str, str]] = {}
    for version in TemplateVersion:
        for block in proactive_blocks(version):
            for row in block.rows:
                for column in block.columns:
                    column_zh = column.label.split("（", 1)[0]
                    names[f"{block.key}.{row.key}.{column.key}"] = (
                        row.label,
                        column_zh,
                        _PROACTIVE_ROWS_EN.get(row.key, row.key),
                        _PROACTIVE_COLUMNS_EN.get(column.key, column.key),
                    )
    return names


def _split(key: str) -> tuple[str, str, str]:
    table, rest = key.split(".", 1)
    row, _, column = rest.rpartition(".")
    return table, row, column


def row_name(key: str, lang: str = "zh") -> str:
    """Return the short name of the row of cell ``key``."""
    table, row, column = _split(key)
    index = 0 if lang == "zh" else 1
    if table == TableKind.REQUESTS:
        return _REQUEST_ROWS.get(row, (row, row))[index]
    if table == TableKind.APPEALS:
        return _APPEAL_GROUPS.get(row, (row, row))[index]
    names = _proactive_names().get(f"{row}.{column}")
    if names is None:
        return row
    return names[0] if lang == "zh" else names[2]


def column_name(key: str, lang: str = "zh") -> str:
    """Return the short name of the column of cell ``key``."""
    table, row, column = _split(key)
    if table == TableKind.REQUESTS:
        if lang == "zh":
            return next((c.label for c in APPLICANT_COLUMNS if c.key == column), column)
        return _APPLICANT_EN.get(column, column)
    if table == TableKind.APPEALS:
        if lang == "zh":
            return next((c.label for c in APPEAL_COLUMNS if c.key == column), column)
        return _APPEAL_EN.get(column, column)
    names = _proactive_names().get(f"{row}.{column}")
    if names is None:
        return column
    return names[1] if lang == "zh" else names[3]


def cell_name(key: str, lang: str = "zh") -> str:
    """Return a short readable name of cell ``key``, e.g. ``予以公开·自然人``."""
    separator = "·" if lang == "zh" else " / "
    return f"{row_name(key, lang)}{separator}{column_name(key, lang)}"
