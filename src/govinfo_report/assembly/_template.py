"""Template version detection from table labels."""

from __future__ import annotations

from collections.abc import Iterable

from govinfo_report.model import TemplateVersion

__all__ = ["detect_template"]

# Normalised label texts that only one template version has.
_SIGNALS: dict[TemplateVersion, tuple[str, ...]] = {
    TemplateVersion.V2019: (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "其他对外管理服务事项",
        "第二十条第(九)项",
        "政府集中采购",
        "采购总金额",
        "采购项目数量",
    ),
    TemplateVersion.V2021: (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "行政规范性文件",
        "逾期不补正",
        "逾期未按收费通知要求缴纳费用",
    ),
}
_ANY_TABLE = ("第二十条第", "本年新收政府信息公开申请数量", "结转下年度继续办理", "未经复议直接起诉")


def detect_template(labels: Iterable[str]) -> TemplateVersion | None:
    """Return the template version the normalised table ``labels`` point to.

    Each label that only one version has is a vote.  ``None`` means no
    standard table was seen at all; a table without distinguishing labels
    (or a tie) counts as the 2021 template only when it has 2021 votes.
    """
    # Labels are joined with a separator no label contains, so no signal spans two labels.
    text = "\x00".join(label for label in labels if label)
    votes = {version: sum(text.count(signal) for signal in signals) for version, signals in _SIGNALS.items()}
    seen_table = any(marker in text for marker in _ANY_TABLE)
    if not seen_table and not any(votes.values()):
        return None
    if votes[TemplateVersion.V2021] > votes[TemplateVersion.V2019]:
        return TemplateVersion.V2021
    return TemplateVersion.V2019
