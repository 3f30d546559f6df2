"""The national templates as data: official labels, canonical keys, variants.

This module is the single place that lists the rows and columns of the three
standard tables for both template versions (spec §3 to §6).  The assembler
matches source labels against the ``patterns`` given here, the serializers
take cell keys from :func:`cell_keys`, and the documentation is generated
from the same objects.

Patterns are written in the normalised form produced by
:func:`govinfo_report.assembly._normalize.normalize_label` (NFKC, no
whitespace, half-width brackets).
"""

from __future__ import annotations

from functools import cache

import attrs

from govinfo_report.model._enums import TableKind, TemplateVersion

__all__ = [
    "APPEAL_COLUMNS",
    "APPEAL_GROUPS",
    "APPLICANT_COLUMNS",
    "MONEY_KEYS",
    "SECTIONS",
    "TABLE_SECTIONS",
    "ColumnSpec",
    "ProactiveBlock",
    "RowSpec",
    "SectionSpec",
    "cell_keys",
    "cell_label",
    "proactive_blocks",
    "request_rows",
]


@attrs.frozen(kw_only=True)
class ColumnSpec:
    """A template column.

    Attributes:
        key: Last segment of the cell key (``"natural_person"``, ``"made"`` …).
        label: The official Chinese label.
        patterns: Normalised label texts that identify the column.
        variants: Normalised non-template wordings that are accepted as deviations.
        money: Whether the column holds an amount of money.
        signed: Whether the column may hold a signed number (本年增/减).
        narrative: Words with which a report's narrative states this column's
            figure (e.g. ``现行有效`` for 现行有效件数).
    """

    key: str
    label: str
    patterns: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    money: bool = False
    signed: bool = False
    narrative: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class RowSpec:
    """A template row.

    Attributes:
        key: Row path inside its table (``"denied.state_secret"``, ``"art20_1.regulations"``).
        label: The official Chinese label.
        patterns: Normalised label texts that identify the row.
        variants: Normalised non-template wordings accepted as deviations.
        group: Normalised label of the merged group cell the row sits under, if any.
    """

    key: str
    label: str
    patterns: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    group: str | None = None


@attrs.frozen(kw_only=True)
class ProactiveBlock:
    """A block of the 第二十条 table: caption, columns and rows.

    Attributes:
        key: ``"art20_1"`` … ``"art20_9"``.
        caption: The official caption, e.g. ``第二十条第（一）项``.
        item: The item number as written in the caption (``"一"`` …).
        columns: The value columns after 信息内容.
        rows: The rows of the block.
    """

    key: str
    caption: str
    item: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]


@attrs.frozen(kw_only=True)
class SectionSpec:
    """One of the six narrative sections.

    Attributes:
        number: 1 to 6.
        heading: The canonical heading.
        keywords: Normalised heading texts (without ordinal) that identify it.
    """

    number: int
    heading: str
    keywords: tuple[str, ...]


APPLICANT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(key="natural_person", label="自然人", patterns=("自然人",)),
    ColumnSpec(key="commercial", label="商业企业", patterns=("商业企业",)),
    ColumnSpec(key="research", label="科研机构", patterns=("科研机构",)),
    ColumnSpec(key="public_interest", label="社会公益组织", patterns=("社会公益组织",)),
    ColumnSpec(key="legal_service", label="法律服务机构", patterns=("法律服务机构",)),
    ColumnSpec(key="other_org", label="其他", patterns=("其他",)),
    ColumnSpec(key="total", label="总计", patterns=("总计",), variants=("合计",)),
)
"""The seven applicant columns of the application table, in template order."""

APPEAL_GROUPS: tuple[ColumnSpec, ...] = (
    ColumnSpec(key="review", label="行政复议", patterns=("行政复议",)),
    ColumnSpec(key="litigation_direct", label="行政诉讼·未经复议直接起诉", patterns=("未经复议直接起诉",)),
    ColumnSpec(key="litigation_after_review", label="行政诉讼·复议后起诉", patterns=("复议后起诉",)),
)
"""The three column groups of the review/litigation table."""

APPEAL_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(key="upheld", label="结果维持", patterns=("结果维持",), variants=("结果维护",)),
    ColumnSpec(key="corrected", label="结果纠正", patterns=("结果纠正",)),
    ColumnSpec(key="other", label="其他结果", patterns=("其他结果",)),
    ColumnSpec(key="pending", label="尚未审结", patterns=("尚未审结",)),
    ColumnSpec(key="total", label="总计", patterns=("总计",), variants=("合计",)),
)
"""The five columns of each review/litigation group."""

MONEY_KEYS: frozenset[str] = frozenset(
    {"proactive.art20_9.procurement.amount_yuan", "proactive.art20_8.fees.amount_yuan"}
)
"""Cell keys holding money, always in 元."""

_DENIED = "不予公开"
_UNABLE = "无法提供"
_NOT_PROCESSED = "不予处理"
_OTHER_HANDLING = "其他处理"

_REQUEST_HEAD: tuple[RowSpec, ...] = (
    RowSpec(
        key="new_received",
        label="一、本年新收政府信息公开申请数量",
        patterns=("本年新收政府信息公开申请数量", "本年新收"),
    ),
    RowSpec(
        key="carried_over",
        label="二、上年结转政府信息公开申请数量",
        patterns=("上年结转政府信息公开申请数量", "上年结转"),
    ),
    RowSpec(key="granted", label="（一）予以公开", patterns=("予以公开",)),
    RowSpec(
        key="partial",
        label="（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        patterns=("部分公开(区分处理的,只计这一情形,不计其他情形)", "部分公开"),
        variants=("部分公开(区分处理的,只记这一情形,不记其他情形)",),
    ),
    RowSpec(key="denied.state_secret", label="1.属于国家秘密", patterns=("属于国家秘密",), group=_DENIED),
    RowSpec(
        key="denied.law_prohibited",
        label="2.其他法律行政法规禁止公开",
        patterns=("其他法律行政法规禁止公开", "法律行政法规禁止公开"),
        group=_DENIED,
    ),
    RowSpec(
        key="denied.three_security_one_stability",
        label="3.危及“三安全一稳定”",
        patterns=("危及“三安全一稳定”", "三安全一稳定"),
        group=_DENIED,
    ),
    RowSpec(
        key="denied.third_party_rights",
        label="4.保护第三方合法权益",
        patterns=("保护第三方合法权益",),
        group=_DENIED,
    ),
    RowSpec(
        key="denied.internal_affairs",
        label="5.属于三类内部事务信息",
        patterns=("三类内部事务信息",),
        group=_DENIED,
    ),
    RowSpec(
        key="denied.process_info", label="6.属于四类过程性信息", patterns=("四类过程性信息",), group=_DENIED
    ),
    RowSpec(
        key="denied.enforcement_file", label="7.属于行政执法案卷", patterns=("行政执法案卷",), group=_DENIED
    ),
    RowSpec(key="denied.admin_query", label="8.属于行政查询事项", patterns=("行政查询事项",), group=_DENIED),
    RowSpec(
        key="unable.not_held",
        label="1.本机关不掌握相关政府信息",
        patterns=("本机关不掌握相关政府信息", "不掌握相关政府信息"),
        group=_UNABLE,
    ),
    RowSpec(
        key="unable.needs_creation",
        label="2.没有现成信息需要另行制作",
        patterns=("没有现成信息需要另行制作", "需要另行制作"),
        group=_UNABLE,
    ),
    RowSpec(
        key="unable.still_unclear",
        label="3.补正后申请内容仍不明确",
        patterns=("补正后申请内容仍不明确", "申请内容仍不明确"),
        group=_UNABLE,
    ),
    RowSpec(
        key="not_processed.petition",
        label="1.信访举报投诉类申请",
        patterns=("信访举报投诉类申请",),
        variants=("信访投诉举报类申请",),
        group=_NOT_PROCESSED,
    ),
    RowSpec(key="not_processed.repeat", label="2.重复申请", patterns=("重复申请",), group=_NOT_PROCESSED),
    RowSpec(
        key="not_processed.publication",
        label="3.要求提供公开出版物",
        patterns=("要求提供公开出版物", "公开出版物"),
        group=_NOT_PROCESSED,
    ),
    RowSpec(
        key="not_processed.excessive",
        label="4.无正当理由大量反复申请",
        patterns=("无正当理由大量反复申请", "大量反复申请"),
        group=_NOT_PROCESSED,
    ),
    RowSpec(
        key="not_processed.confirm_or_reissue",
        label="5.要求行政机关确认或重新出具已获取信息",
        patterns=("要求行政机关确认或重新出具已获取信息", "重新出具已获取信息"),
        group=_NOT_PROCESSED,
    ),
)
_REQUEST_TAIL: tuple[RowSpec, ...] = (
    RowSpec(key="total_processed", label="（七）总计", patterns=("(七)总计",), variants=("(七)合计",)),
    RowSpec(
        key="carried_forward",
        label="四、结转下年度继续办理",
        patterns=("结转下年度继续办理", "结转下年度"),
    ),
)
_OTHER_HANDLING_2019 = RowSpec(key="other_handling", label="（六）其他处理", patterns=("其他处理",))
_OTHER_HANDLING_2021: tuple[RowSpec, ...] = (
    RowSpec(
        key="other_handling.no_correction",
        label="1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        patterns=("申请人无正当理由逾期不补正", "逾期不补正"),
        group=_OTHER_HANDLING,
    ),
    RowSpec(
        key="other_handling.fee_unpaid",
        label="2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        patterns=("申请人逾期未按收费通知要求缴纳费用", "缴纳费用"),
        group=_OTHER_HANDLING,
    ),
    RowSpec(key="other_handling.other", label="3.其他", patterns=("3.其他",), group=_OTHER_HANDLING),
)

REQUEST_GROUPS: dict[str, str] = {
    _DENIED: "（三）不予公开",
    _UNABLE: "（四）无法提供",
    _NOT_PROCESSED: "（五）不予处理",
    _OTHER_HANDLING: "（六）其他处理",
}
"""Merged group labels of the application table (normalised → official)."""


def request_rows(version: TemplateVersion) -> tuple[RowSpec, ...]:
    """Return the data rows of the application table for ``version``, in template order."""
    middle = (_OTHER_HANDLING_2019,) if version is TemplateVersion.V2019 else _OTHER_HANDLING_2021
    return _REQUEST_HEAD + middle + _REQUEST_TAIL


def _columns(*specs: tuple[str, str, tuple[str, ...], tuple[str, ...]]) -> tuple[ColumnSpec, ...]:
    return tuple(
        ColumnSpec(key=key, label=label, patterns=patterns, narrative=narrative)
        for key, label, patterns, narrative in specs
    )


_V2019_ITEM_COLUMNS = (
    ColumnSpec(key="prev_items", label="上一年项目数量", patterns=("上一年项目数量",)),
    ColumnSpec(key="delta", label="本年增/减", patterns=("本年增/减", "本年增减"), signed=True),
    ColumnSpec(key="decisions", label="处理决定数量", patterns=("处理决定数量",)),
)
_V2021_DECISIONS = (
    ColumnSpec(key="decisions", label="本年处理决定数量", patterns=("本年处理决定数量", "处理决定数量")),
)

_PROACTIVE_2019: tuple[ProactiveBlock, ...] = (
    ProactiveBlock(
        key="art20_1",
        caption="第二十条第（一）项",
        item="一",
        columns=_columns(
            ("made", "本年新制作数量", ("本年新制作数量",), ("新制作", "制作")),
            ("published", "本年新公开数量", ("本年新公开数量",), ("新公开",)),
            ("total_published", "对外公开总数量", ("对外公开总数量",), ("对外公开总", "累计公开")),
        ),
        rows=(
            RowSpec(key="regulations", label="规章", patterns=("规章",)),
            RowSpec(key="normative_docs", label="规范性文件", patterns=("规范性文件",)),
        ),
    ),
    ProactiveBlock(
        key="art20_5",
        caption="第二十条第（五）项",
        item="五",
        columns=_V2019_ITEM_COLUMNS,
        rows=(
            RowSpec(key="licensing", label="行政许可", patterns=("行政许可",)),
            RowSpec(key="other_services", label="其他对外管理服务事项", patterns=("其他对外管理服务事项",)),
        ),
    ),
    ProactiveBlock(
        key="art20_6",
        caption="第二十条第（六）项",
        item="六",
        columns=_V2019_ITEM_COLUMNS,
        rows=(
            RowSpec(key="penalty", label="行政处罚", patterns=("行政处罚",)),
            RowSpec(key="coercion", label="行政强制", patterns=("行政强制",)),
        ),
    ),
    ProactiveBlock(
        key="art20_8",
        caption="第二十条第（八）项",
        item="八",
        columns=_V2019_ITEM_COLUMNS[:2],
        rows=(RowSpec(key="fees", label="行政事业性收费", patterns=("行政事业性收费",)),),
    ),
    ProactiveBlock(
        key="art20_9",
        caption="第二十条第（九）项",
        item="九",
        columns=(
            ColumnSpec(key="projects", label="采购项目数量", patterns=("采购项目数量",)),
            ColumnSpec(key="amount_yuan", label="采购总金额", patterns=("采购总金额",), money=True),
        ),
        rows=(RowSpec(key="procurement", label="政府集中采购", patterns=("政府集中采购",)),),
    ),
)

_PROACTIVE_2021: tuple[ProactiveBlock, ...] = (
    ProactiveBlock(
        key="art20_1",
        caption="第二十条第（一）项",
        item="一",
        columns=_columns(
            ("issued", "本年制发件数", ("本年制发件数",), ("制发",)),
            ("repealed", "本年废止件数", ("本年废止件数",), ("废止",)),
            ("in_force", "现行有效件数", ("现行有效件数",), ("现行有效",)),
        ),
        rows=(
            RowSpec(key="regulations", label="规章", patterns=("规章",)),
            RowSpec(
                key="normative_docs",
                label="行政规范性文件",
                patterns=("行政规范性文件",),
                variants=("规范性文件",),
            ),
        ),
    ),
    ProactiveBlock(
        key="art20_5",
        caption="第二十条第（五）项",
        item="五",
        columns=_V2021_DECISIONS,
        rows=(RowSpec(key="licensing", label="行政许可", patterns=("行政许可",)),),
    ),
    ProactiveBlock(
        key="art20_6",
        caption="第二十条第（六）项",
        item="六",
        columns=_V2021_DECISIONS,
        rows=(
            RowSpec(key="penalty", label="行政处罚", patterns=("行政处罚",)),
            RowSpec(key="coercion", label="行政强制", patterns=("行政强制",)),
        ),
    ),
    ProactiveBlock(
        key="art20_8",
        caption="第二十条第（八）项",
        item="八",
        columns=(
            ColumnSpec(
                key="amount_yuan",
                label="本年收费金额（单位：万元）",
                patterns=("本年收费金额",),
                money=True,
            ),
        ),
        rows=(RowSpec(key="fees", label="行政事业性收费", patterns=("行政事业性收费",)),),
    ),
)


def proactive_blocks(version: TemplateVersion) -> tuple[ProactiveBlock, ...]:
    """Return the blocks of the 第二十条 table for ``version``."""
    return _PROACTIVE_2019 if version is TemplateVersion.V2019 else _PROACTIVE_2021


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(number=1, heading="一、总体情况", keywords=("总体情况", "概述")),
    SectionSpec(number=2, heading="二、主动公开政府信息情况", keywords=("主动公开政府信息情况",)),
    SectionSpec(
        number=3,
        heading="三、收到和处理政府信息公开申请情况",
        keywords=("收到和处理政府信息公开申请情况",),
    ),
    SectionSpec(
        number=4,
        heading="四、政府信息公开行政复议、行政诉讼情况",
        keywords=(
            "行政复议、行政诉讼情况",
            "行政复议,行政诉讼情况",
            "提起行政诉讼情况",
            "行政复议行政诉讼情况",
        ),
    ),
    SectionSpec(
        number=5,
        heading="五、存在的主要问题及改进情况",
        keywords=("存在的主要问题及改进情况", "存在问题及改进情况", "存在的主要问题"),
    ),
    SectionSpec(number=6, heading="六、其他需要报告的事项", keywords=("其他需要报告的事项",)),
)
"""The six narrative sections (spec §2)."""

TABLE_SECTIONS: dict[TableKind, SectionSpec] = {
    TableKind.PROACTIVE: SECTIONS[1],
    TableKind.REQUESTS: SECTIONS[2],
    TableKind.APPEALS: SECTIONS[3],
}
"""The section each standard table stands in; its heading is the table's title (表二 is in section 二)."""


@cache
def _cell_labels(version: TemplateVersion) -> dict[str, tuple[str, str, str]]:
    labels: dict[str, tuple[str, str, str]] = {}
    for block in proactive_blocks(version):
        for row in block.rows:
            for column in block.columns:
                key = f"{TableKind.PROACTIVE}.{block.key}.{row.key}.{column.key}"
                labels[key] = (block.caption, row.label, column.label)
    for row in request_rows(version):
        group = REQUEST_GROUPS.get(row.group or "", "")
        for column in APPLICANT_COLUMNS:
            key = f"{TableKind.REQUESTS}.{row.key}.{column.key}"
            labels[key] = (group, row.label, column.label)
    for group_spec in APPEAL_GROUPS:
        for column in APPEAL_COLUMNS:
            key = f"{TableKind.APPEALS}.{group_spec.key}.{column.key}"
            labels[key] = ("", group_spec.label, column.label)
    return labels


def cell_keys(version: TemplateVersion | str) -> tuple[str, ...]:
    """Return the canonical cell keys of ``version`` in table order (spec §6)."""
    return tuple(_cell_labels(TemplateVersion(version)))


def cell_label(version: TemplateVersion | str, key: str) -> tuple[str, str, str]:
    """Return ``(group, row, column)`` official labels of cell ``key``.

    Raises:
        KeyError: ``key`` is not a cell key of ``version``.
    """
    return _cell_labels(TemplateVersion(version))[key]
