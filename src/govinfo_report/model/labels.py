"""The national templates as data: the one place that defines what each template holds.

Every fact about the two template versions lives here: the rows and columns
of the three standard tables with their official labels, the label texts
that identify them and the accepted non-template wordings, short Chinese and
English names for messages, the section and table headings, the words that
mark where a table starts, the labels that tell the versions apart, and
(in :mod:`govinfo_report.model.equations`) the sums the tables must satisfy.
The assembler matches source labels against the ``patterns`` given here,
the validators iterate the specs and equations, the serializers take cell
keys from :func:`cell_keys`, and the documentation is generated from the
same objects.

Patterns are written in the normalised form produced by
:func:`govinfo_report.assembly._normalize.normalize_label` (NFKC, no
whitespace, half-width brackets).

Adding a template version is adding data: a :class:`TemplateVersion`
member, a :class:`TemplateSpec` in :data:`TEMPLATES`, and a ``signal`` on
the labels only the new version has.
"""

from __future__ import annotations

from functools import cache

import attrs

from govinfo_report.model._enums import TableKind, TemplateVersion
from govinfo_report.model.cellkey import CellKey, CellSpec

__all__ = [
    "APPEAL_COLUMNS",
    "APPEAL_GROUPS",
    "APPLICANT_COLUMNS",
    "APPLICANT_HEADER",
    "ARITHMETIC_NOTE",
    "CARRIED_FORWARD",
    "CARRIED_OVER",
    "COERCION",
    "CORRECTED",
    "DECISIONS",
    "DELTA",
    "DENIED",
    "FEES",
    "FEE_UNPAID",
    "GRANTED",
    "IN_FORCE",
    "ISSUED",
    "LICENSING",
    "LITIGATION_AFTER_REVIEW",
    "LITIGATION_DIRECT",
    "LITIGATION_HEADER",
    "MADE",
    "MONEY_KEYS",
    "NEW_RECEIVED",
    "NOT_PROCESSED",
    "ORGANISATIONS_HEADER",
    "OTHER_HANDLING",
    "PARTIAL",
    "PENALTY",
    "PENDING",
    "PREV_ITEMS",
    "PROACTIVE_CAPTION",
    "PROACTIVE_HEADER",
    "PUBLISHED",
    "REGULATIONS",
    "REPEALED",
    "REQUESTS_MARKERS",
    "REQUESTS_RESULTS_HEADER",
    "REQUEST_GROUPS",
    "REVIEW",
    "SECTIONS",
    "TABLES",
    "TEMPLATES",
    "TEMPLATE_TABLE_LABELS",
    "TOTAL",
    "TOTAL_PROCESSED",
    "TOTAL_PUBLISHED",
    "UNABLE",
    "ColumnSpec",
    "ProactiveBlock",
    "RowSpec",
    "SectionSpec",
    "TableSpec",
    "TemplateSpec",
    "appeal_key",
    "cell_key",
    "cell_keys",
    "cell_label",
    "cell_spec",
    "cell_specs",
    "proactive_blocks",
    "proactive_key",
    "proactive_rows_with",
    "request_groups",
    "request_key",
    "request_rows",
    "table_spec",
    "table_title",
    "version_signals",
]


def _short_label(spec: ColumnSpec) -> str:
    # The label without a parenthesised unit: 本年收费金额（单位：万元） → 本年收费金额.
    return spec.label.split("（", 1)[0]


def _key_words(spec: ColumnSpec | RowSpec) -> str:
    return spec.key.replace("_", " ").replace(".", ": ")


def _caption(block: ProactiveBlock) -> str:
    start, end = PROACTIVE_CAPTION
    return f"{start}（{block.item}）{end}"


@attrs.frozen(kw_only=True)
class ColumnSpec:
    """A template column (or a column group of the review/litigation table).

    Attributes:
        key: Last segment of the cell key (``"natural_person"``, ``"made"`` …).
        label: The official Chinese label.
        name_en: A short English name for messages (the key in words by default).
        name_zh: A short Chinese name for messages (the label without a unit by default).
        patterns: Normalised label texts that identify the column.
        variants: Normalised non-template wordings that are accepted as deviations.
        money: Whether the column holds an amount of money.
        signed: Whether the column may hold a signed number (本年增/减).
        narrative: Words with which a report's narrative states this column's
            figure (e.g. ``现行有效`` for 现行有效件数).
        signal: Whether only this column's template version has it: ``True``
            when its first pattern tells the version, or the normalised text
            (a part of a pattern) that does. Each occurrence votes for the version.
        unit: The unit the template prints in the column's header (``万元``),
            which an amount written without one is in.
        short: A short name for narrow displays (``公益组织`` for 社会公益组织);
            the label itself when that is short already.  Units are not part of it.
    """

    key: str
    label: str
    name_en: str = attrs.field(default=attrs.Factory(_key_words, takes_self=True))
    name_zh: str = attrs.field(default=attrs.Factory(_short_label, takes_self=True))
    patterns: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    money: bool = False
    signed: bool = False
    narrative: tuple[str, ...] = ()
    signal: bool | str = False
    unit: str | None = None
    short: str = attrs.field(default=attrs.Factory(lambda self: self.label, takes_self=True))


@attrs.frozen(kw_only=True)
class RowSpec:
    """A template row.

    Attributes:
        key: Row path inside its table (``"denied.state_secret"``, ``"regulations"``).
        label: The official Chinese label.
        name_en: A short English name for messages (the key in words by default).
        name_zh: A short Chinese name for messages (the label by default).
        patterns: Normalised label texts that identify the row.
        variants: Normalised non-template wordings accepted as deviations.
        group: Normalised label of the merged group cell the row sits under, if any.
        signal: Whether only this row's template version has it: ``True`` when
            its first pattern tells the version, or the normalised text (a part
            of a pattern) that does. Each occurrence votes for the version.
    """

    key: str
    label: str
    name_en: str = attrs.field(default=attrs.Factory(_key_words, takes_self=True))
    name_zh: str = attrs.field(default=attrs.Factory(lambda spec: spec.label, takes_self=True))
    patterns: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    group: str | None = None
    signal: bool | str = False


PROACTIVE_CAPTION = ("第二十条第", "项")
"""What every 第二十条 block caption begins and ends with, around its item number (``第二十条第（一）项``)."""


@attrs.frozen(kw_only=True)
class ProactiveBlock:
    """A block of the 第二十条 table: caption, columns and rows.

    Attributes:
        key: ``"art20_1"`` … ``"art20_9"``.
        item: The item number as written in the caption (``"一"`` …).
        caption: The official caption, ``第二十条第（一）项`` (made from ``item`` by default).
        columns: The value columns after 信息内容.
        rows: The rows of the block.
        signal: Whether only this block's template version has the block, so
            that its caption votes for the version.
    """

    key: str
    item: str
    caption: str = attrs.field(default=attrs.Factory(_caption, takes_self=True))
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]
    signal: bool = False


@attrs.frozen(kw_only=True)
class SectionSpec:
    """One of the six narrative sections.

    Attributes:
        number: 1 to 6.
        heading: The canonical heading.
        keywords: Normalised heading texts (without ordinal) that identify it.
        loose_keywords: Shorter words that still point to the heading after its
            ordinal when the heading is misspelt (``行政法复议、行政诉讼情况``).
    """

    number: int
    heading: str
    keywords: tuple[str, ...]
    loose_keywords: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class TableSpec:
    """One of the three standard tables.

    Attributes:
        kind: Which table.
        section: The narrative section whose heading is the table's title.
        name_en: The table's English name, e.g. ``Table 3: applications``.
    """

    kind: TableKind
    section: SectionSpec
    name_en: str

    @property
    def title(self) -> str:
        """The table's Chinese title (its section heading), e.g. ``三、收到和处理政府信息公开申请情况``."""
        return self.section.heading


@attrs.frozen(kw_only=True)
class TemplateSpec:
    """What one template version holds beyond the tables both versions share.

    Attributes:
        version: The version.
        proactive: The blocks of the 第二十条 table.
        requests: The data rows of the application table, in template order.
        first_year: The first report year the version applies to.
        last_year: The last report year it applies to (``None``: still in force).
    """

    version: TemplateVersion
    proactive: tuple[ProactiveBlock, ...]
    requests: tuple[RowSpec, ...]
    first_year: int
    last_year: int | None = None


# -- application table ----------------------------------------------------------------------------

TOTAL = ColumnSpec(key="total", label="总计", patterns=("总计",), variants=("合计",))
"""The 总计 column of the application table and of each review/litigation group."""

APPLICANT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(key="natural_person", label="自然人", patterns=("自然人",)),
    ColumnSpec(key="commercial", name_en="business", label="商业企业", patterns=("商业企业",)),
    ColumnSpec(key="research", label="科研机构", patterns=("科研机构",)),
    ColumnSpec(key="public_interest", label="社会公益组织", patterns=("社会公益组织",), short="公益组织"),
    ColumnSpec(key="legal_service", label="法律服务机构", patterns=("法律服务机构",), short="法律服务"),
    ColumnSpec(key="other_org", name_en="other", label="其他", patterns=("其他",)),
    TOTAL,
)
"""The seven applicant columns of the application table, in template order."""

ORGANISATIONS_HEADER = "法人或其他组织"
"""The header over the five organisation columns of the application table."""

REQUESTS_RESULTS_HEADER = "三、本年度办理结果"
"""The group label over the result rows （一）…（七） of the application table."""

APPLICANT_HEADER = "申请人情况"
"""The header over the applicant columns of the application table."""

ARITHMETIC_NOTE = "本列数据的勾稽关系"
"""The note on the application table's arithmetic printed in its header."""

REQUESTS_MARKERS: tuple[str, ...] = (ARITHMETIC_NOTE, APPLICANT_HEADER)
"""Header texts that open the application table."""

DENIED = "不予公开"
"""Normalised label of the （三） group of the application table (reasons for denial)."""
UNABLE = "无法提供"
"""Normalised label of the （四） group (information that cannot be provided)."""
NOT_PROCESSED = "不予处理"
"""Normalised label of the （五） group (applications not processed)."""
OTHER_HANDLING = "其他处理"
"""Normalised label of the （六） group (2021; a single row in 2019)."""

NEW_RECEIVED = RowSpec(
    key="new_received",
    name_zh="新收",
    name_en="new",
    label="一、本年新收政府信息公开申请数量",
    patterns=("本年新收政府信息公开申请数量", "本年新收"),
)
CARRIED_OVER = RowSpec(
    key="carried_over",
    name_zh="上年结转",
    name_en="carried over",
    label="二、上年结转政府信息公开申请数量",
    patterns=("上年结转政府信息公开申请数量", "上年结转"),
)
GRANTED = RowSpec(key="granted", name_zh="予以公开", label="（一）予以公开", patterns=("予以公开",))
PARTIAL = RowSpec(
    key="partial",
    name_zh="部分公开",
    name_en="partly granted",
    label="（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    patterns=("部分公开(区分处理的,只计这一情形,不计其他情形)", "部分公开"),
    variants=("部分公开(区分处理的,只记这一情形,不记其他情形)",),
)
TOTAL_PROCESSED = RowSpec(
    key="total_processed",
    name_zh="办结",
    name_en="processed",
    label="（七）总计",
    patterns=("(七)总计",),
    variants=("(七)合计",),
)
CARRIED_FORWARD = RowSpec(
    key="carried_forward",
    name_zh="结转下年",
    name_en="carried forward",
    label="四、结转下年度继续办理",
    patterns=("结转下年度继续办理", "结转下年度"),
)


_REQUEST_HEAD: tuple[RowSpec, ...] = (
    NEW_RECEIVED,
    CARRIED_OVER,
    GRANTED,
    PARTIAL,
    RowSpec(
        key="denied.state_secret",
        name_zh="不予公开·国家秘密",
        name_en="denied: state secret",
        label="1.属于国家秘密",
        patterns=("属于国家秘密",),
        group=DENIED,
    ),
    RowSpec(
        key="denied.law_prohibited",
        name_zh="不予公开·法律行政法规禁止",
        name_en="denied: prohibited by law",
        label="2.其他法律行政法规禁止公开",
        patterns=("其他法律行政法规禁止公开", "法律行政法规禁止公开"),
        group=DENIED,
    ),
    RowSpec(
        key="denied.three_security_one_stability",
        name_zh="不予公开·三安全一稳定",
        name_en="denied: security and stability",
        label="3.危及“三安全一稳定”",
        patterns=("危及“三安全一稳定”", "三安全一稳定"),
        group=DENIED,
    ),
    RowSpec(
        key="denied.third_party_rights",
        name_zh="不予公开·第三方合法权益",
        name_en="denied: third-party rights",
        label="4.保护第三方合法权益",
        patterns=("保护第三方合法权益",),
        group=DENIED,
    ),
    RowSpec(
        key="denied.internal_affairs",
        name_zh="不予公开·内部事务信息",
        name_en="denied: internal affairs",
        label="5.属于三类内部事务信息",
        patterns=("三类内部事务信息",),
        group=DENIED,
    ),
    RowSpec(
        key="denied.process_info",
        name_zh="不予公开·过程性信息",
        name_en="denied: process information",
        label="6.属于四类过程性信息",
        patterns=("四类过程性信息",),
        group=DENIED,
    ),
    RowSpec(
        key="denied.enforcement_file",
        name_zh="不予公开·行政执法案卷",
        name_en="denied: enforcement file",
        label="7.属于行政执法案卷",
        patterns=("行政执法案卷",),
        group=DENIED,
    ),
    RowSpec(
        key="denied.admin_query",
        name_zh="不予公开·行政查询事项",
        name_en="denied: administrative query",
        label="8.属于行政查询事项",
        patterns=("行政查询事项",),
        group=DENIED,
    ),
    RowSpec(
        key="unable.not_held",
        name_zh="无法提供·本机关不掌握",
        name_en="unable: not held",
        label="1.本机关不掌握相关政府信息",
        patterns=("本机关不掌握相关政府信息", "不掌握相关政府信息"),
        group=UNABLE,
    ),
    RowSpec(
        key="unable.needs_creation",
        name_zh="无法提供·需另行制作",
        name_en="unable: would need creating",
        label="2.没有现成信息需要另行制作",
        patterns=("没有现成信息需要另行制作", "需要另行制作"),
        group=UNABLE,
    ),
    RowSpec(
        key="unable.still_unclear",
        name_zh="无法提供·补正后仍不明确",
        name_en="unable: still unclear",
        label="3.补正后申请内容仍不明确",
        patterns=("补正后申请内容仍不明确", "申请内容仍不明确"),
        group=UNABLE,
    ),
    RowSpec(
        key="not_processed.petition",
        name_zh="不予处理·信访举报投诉",
        name_en="not processed: petition",
        label="1.信访举报投诉类申请",
        patterns=("信访举报投诉类申请",),
        variants=("信访投诉举报类申请",),
        group=NOT_PROCESSED,
    ),
    RowSpec(
        key="not_processed.repeat",
        name_zh="不予处理·重复申请",
        name_en="not processed: repeat",
        label="2.重复申请",
        patterns=("重复申请",),
        group=NOT_PROCESSED,
    ),
    RowSpec(
        key="not_processed.publication",
        name_zh="不予处理·公开出版物",
        name_en="not processed: publication",
        label="3.要求提供公开出版物",
        patterns=("要求提供公开出版物", "公开出版物"),
        group=NOT_PROCESSED,
    ),
    RowSpec(
        key="not_processed.excessive",
        name_zh="不予处理·大量反复申请",
        name_en="not processed: excessive",
        label="4.无正当理由大量反复申请",
        patterns=("无正当理由大量反复申请", "大量反复申请"),
        group=NOT_PROCESSED,
    ),
    RowSpec(
        key="not_processed.confirm_or_reissue",
        name_zh="不予处理·确认或重新出具",
        name_en="not processed: confirm or reissue",
        label="5.要求行政机关确认或重新出具已获取信息",
        patterns=("要求行政机关确认或重新出具已获取信息", "重新出具已获取信息"),
        group=NOT_PROCESSED,
    ),
)
_REQUEST_TAIL: tuple[RowSpec, ...] = (
    TOTAL_PROCESSED,
    CARRIED_FORWARD,
)
FEE_UNPAID = RowSpec(
    key="other_handling.fee_unpaid",
    name_zh="其他处理·逾期未缴费",
    name_en="other: fee unpaid",
    label="2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    patterns=("申请人逾期未按收费通知要求缴纳费用", "缴纳费用"),
    group=OTHER_HANDLING,
    signal="逾期未按收费通知要求缴纳费用",
)
_OTHER_HANDLING_2019 = RowSpec(
    key="other_handling",
    name_zh="其他处理",
    name_en="other handling",
    label="（六）其他处理",
    patterns=("其他处理",),
)
_OTHER_HANDLING_2021: tuple[RowSpec, ...] = (
    RowSpec(
        key="other_handling.no_correction",
        name_zh="其他处理·逾期不补正",
        name_en="other: no correction",
        label="1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        patterns=("申请人无正当理由逾期不补正", "逾期不补正"),
        group=OTHER_HANDLING,
        signal="逾期不补正",
    ),
    FEE_UNPAID,
    RowSpec(
        key="other_handling.other",
        name_zh="其他处理·其他",
        name_en="other: other",
        label="3.其他",
        patterns=("3.其他",),
        group=OTHER_HANDLING,
    ),
)

REQUEST_GROUPS: dict[str, str] = {
    DENIED: "（三）不予公开",
    UNABLE: "（四）无法提供",
    NOT_PROCESSED: "（五）不予处理",
    OTHER_HANDLING: "（六）其他处理",
}
"""Merged group labels of the application table (normalised → official)."""


# -- review / litigation table ---------------------------------------------------------------------

REVIEW = ColumnSpec(key="review", name_zh="行政复议", label="行政复议", patterns=("行政复议",))
LITIGATION_DIRECT = ColumnSpec(
    key="litigation_direct",
    name_zh="直接起诉",
    name_en="direct litigation",
    label="行政诉讼·未经复议直接起诉",
    patterns=("未经复议直接起诉",),
)
LITIGATION_AFTER_REVIEW = ColumnSpec(
    key="litigation_after_review",
    name_zh="复议后起诉",
    name_en="litigation after review",
    label="行政诉讼·复议后起诉",
    patterns=("复议后起诉",),
)
APPEAL_GROUPS: tuple[ColumnSpec, ...] = (REVIEW, LITIGATION_DIRECT, LITIGATION_AFTER_REVIEW)
"""The three column groups of the review/litigation table."""

CORRECTED = ColumnSpec(key="corrected", label="结果纠正", patterns=("结果纠正",))
"""The 结果纠正 column of each review/litigation group (the agency lost)."""

PENDING = ColumnSpec(key="pending", label="尚未审结", patterns=("尚未审结",))
"""The 尚未审结 column of each review/litigation group."""

APPEAL_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(key="upheld", label="结果维持", patterns=("结果维持",), variants=("结果维护",)),
    CORRECTED,
    ColumnSpec(key="other", label="其他结果", patterns=("其他结果",)),
    PENDING,
    TOTAL,
)
"""The five columns of each review/litigation group."""

LITIGATION_HEADER = "行政诉讼"
"""The header over the two litigation groups; the table opens with the 行政复议 group's label."""


# -- 第二十条 table ---------------------------------------------------------------------------------

PROACTIVE_HEADER = "信息内容"
"""The header label over the row labels of every 第二十条 block."""

PREV_ITEMS = ColumnSpec(
    key="prev_items",
    name_en="items last year",
    label="上一年项目数量",
    short="上年项目数",
    patterns=("上一年项目数量",),
    signal=True,
)
"""The 2019 column of items administered last year."""

DELTA = ColumnSpec(
    key="delta", name_en="change", label="本年增/减", patterns=("本年增/减", "本年增减"), signed=True
)
"""The 2019 column of this year's change in items (signed)."""

DECISIONS = ColumnSpec(
    key="decisions",
    label="本年处理决定数量",
    short="处理决定",
    patterns=("本年处理决定数量", "处理决定数量"),
    signal=True,
)
"""The column of decisions made this year (in 2019: 处理决定数量)."""

_V2019_ITEM_COLUMNS = (
    PREV_ITEMS,
    DELTA,
    ColumnSpec(key=DECISIONS.key, label="处理决定数量", short="处理决定", patterns=("处理决定数量",)),
)
_V2021_DECISIONS = (DECISIONS,)

# The columns of the first block (第二十条第（一）项), 2019 and 2021.
MADE = ColumnSpec(
    key="made",
    label="本年新制作数量",
    short="新制作",
    patterns=("本年新制作数量",),
    narrative=("新制作", "制作"),
    signal=True,
)
PUBLISHED = ColumnSpec(
    key="published",
    label="本年新公开数量",
    short="新公开",
    patterns=("本年新公开数量",),
    narrative=("新公开",),
    signal=True,
)
TOTAL_PUBLISHED = ColumnSpec(
    key="total_published",
    label="对外公开总数量",
    short="公开总数",
    patterns=("对外公开总数量",),
    narrative=("对外公开总", "累计公开"),
    signal=True,
)
ISSUED = ColumnSpec(
    key="issued",
    label="本年制发件数",
    short="制发",
    patterns=("本年制发件数",),
    narrative=("制发",),
    signal=True,
)
REPEALED = ColumnSpec(
    key="repealed",
    label="本年废止件数",
    short="废止",
    patterns=("本年废止件数",),
    narrative=("废止",),
    signal=True,
)
IN_FORCE = ColumnSpec(
    key="in_force",
    label="现行有效件数",
    short="现行有效",
    patterns=("现行有效件数",),
    narrative=("现行有效",),
    signal=True,
)

# Rows both versions have in their 第二十条 table.
REGULATIONS = RowSpec(key="regulations", name_en="rules", label="规章", patterns=("规章",))
LICENSING = RowSpec(key="licensing", label="行政许可", patterns=("行政许可",))
PENALTY = RowSpec(key="penalty", name_en="penalties", label="行政处罚", patterns=("行政处罚",))
COERCION = RowSpec(key="coercion", label="行政强制", patterns=("行政强制",))
FEES = RowSpec(key="fees", label="行政事业性收费", patterns=("行政事业性收费",))

_PROACTIVE_2019: tuple[ProactiveBlock, ...] = (
    ProactiveBlock(
        key="art20_1",
        item="一",
        columns=(
            MADE,
            PUBLISHED,
            TOTAL_PUBLISHED,
        ),
        rows=(
            REGULATIONS,
            RowSpec(
                key="normative_docs",
                name_en="normative documents",
                label="规范性文件",
                patterns=("规范性文件",),
            ),
        ),
    ),
    ProactiveBlock(
        key="art20_5",
        item="五",
        columns=_V2019_ITEM_COLUMNS,
        rows=(
            LICENSING,
            RowSpec(
                key="other_services",
                label="其他对外管理服务事项",
                patterns=("其他对外管理服务事项",),
                signal=True,
            ),
        ),
    ),
    ProactiveBlock(
        key="art20_6",
        item="六",
        columns=_V2019_ITEM_COLUMNS,
        rows=(PENALTY, COERCION),
    ),
    ProactiveBlock(
        key="art20_8",
        item="八",
        columns=_V2019_ITEM_COLUMNS[:2],
        rows=(FEES,),
    ),
    ProactiveBlock(
        key="art20_9",
        item="九",
        signal=True,
        columns=(
            ColumnSpec(
                key="projects",
                label="采购项目数量",
                short="采购项目",
                patterns=("采购项目数量",),
                signal=True,
            ),
            ColumnSpec(
                key="amount_yuan",
                name_en="amount",
                label="采购总金额",
                patterns=("采购总金额",),
                money=True,
                signal=True,
            ),
        ),
        rows=(
            RowSpec(
                key="procurement",
                label="政府集中采购",
                patterns=("政府集中采购",),
                signal=True,
            ),
        ),
    ),
)

_PROACTIVE_2021: tuple[ProactiveBlock, ...] = (
    ProactiveBlock(
        key="art20_1",
        item="一",
        columns=(
            ISSUED,
            REPEALED,
            IN_FORCE,
        ),
        rows=(
            REGULATIONS,
            RowSpec(
                key="normative_docs",
                name_en="normative documents",
                label="行政规范性文件",
                patterns=("行政规范性文件",),
                variants=("规范性文件",),
                signal=True,
            ),
        ),
    ),
    ProactiveBlock(
        key="art20_5",
        item="五",
        columns=_V2021_DECISIONS,
        rows=(LICENSING,),
    ),
    ProactiveBlock(
        key="art20_6",
        item="六",
        columns=_V2021_DECISIONS,
        rows=(PENALTY, COERCION),
    ),
    ProactiveBlock(
        key="art20_8",
        item="八",
        columns=(
            ColumnSpec(
                key="amount_yuan",
                name_en="amount",
                label="本年收费金额（单位：万元）",
                short="收费金额",
                patterns=("本年收费金额",),
                money=True,
                signal=True,
                unit="万元",
            ),
        ),
        rows=(FEES,),
    ),
)


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        number=1, heading="一、总体情况", keywords=("总体情况", "概述"), loose_keywords=("总体", "概述")
    ),
    SectionSpec(
        number=2,
        heading="二、主动公开政府信息情况",
        keywords=("主动公开政府信息情况",),
        loose_keywords=("主动公开",),
    ),
    SectionSpec(
        number=3,
        heading="三、收到和处理政府信息公开申请情况",
        keywords=("收到和处理政府信息公开申请情况",),
        loose_keywords=("申请",),
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
        loose_keywords=("复议", "诉讼"),
    ),
    SectionSpec(
        number=5,
        heading="五、存在的主要问题及改进情况",
        keywords=("存在的主要问题及改进情况", "存在问题及改进情况", "存在的主要问题"),
        loose_keywords=("问题", "改进"),
    ),
    SectionSpec(
        number=6, heading="六、其他需要报告的事项", keywords=("其他需要报告的事项",), loose_keywords=("其他",)
    ),
)
"""The six narrative sections, in the order the templates prescribe."""


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        kind=TableKind.PROACTIVE, section=SECTIONS[1], name_en="Table 2: proactive disclosure (Art. 20)"
    ),
    TableSpec(kind=TableKind.REQUESTS, section=SECTIONS[2], name_en="Table 3: applications"),
    TableSpec(kind=TableKind.APPEALS, section=SECTIONS[3], name_en="Table 4: review and litigation"),
)
"""The three standard tables, in report order."""

TEMPLATES: dict[TemplateVersion, TemplateSpec] = {
    TemplateVersion.V2019: TemplateSpec(
        version=TemplateVersion.V2019,
        proactive=_PROACTIVE_2019,
        requests=(*_REQUEST_HEAD, _OTHER_HANDLING_2019, *_REQUEST_TAIL),
        first_year=2019,
        last_year=2020,
    ),
    TemplateVersion.V2021: TemplateSpec(
        version=TemplateVersion.V2021,
        proactive=_PROACTIVE_2021,
        requests=(*_REQUEST_HEAD, *_OTHER_HANDLING_2021, *_REQUEST_TAIL),
        first_year=2021,
    ),
}
"""Every template version, oldest first."""


def request_rows(version: TemplateVersion) -> tuple[RowSpec, ...]:
    """Return the data rows of the application table for ``version``, in template order."""
    return TEMPLATES[version].requests


def proactive_blocks(version: TemplateVersion) -> tuple[ProactiveBlock, ...]:
    """Return the blocks of the 第二十条 table for ``version``."""
    return TEMPLATES[version].proactive


@cache
def request_groups(version: TemplateVersion) -> dict[str, tuple[RowSpec, ...]]:
    """Return the merged groups of the application table of ``version`` and their rows.

    Keys are the normalised group labels (``不予公开`` …), in template order.
    """
    groups: dict[str, list[RowSpec]] = {}
    for row in request_rows(version):
        if row.group is not None:
            groups.setdefault(row.group, []).append(row)
    return {group: tuple(rows) for group, rows in groups.items()}


@cache
def version_signals(version: TemplateVersion) -> tuple[str, ...]:
    """Return the label texts only ``version`` has, each once.

    Block captions are given as written (``第二十条第（九）项``), the other
    signals in normalised form.
    """
    template = TEMPLATES[version]
    specs: list[RowSpec | ColumnSpec] = list(template.requests)
    signals: list[str] = []
    for block in template.proactive:
        if block.signal:
            signals.append(block.caption)
        specs.extend((*block.columns, *block.rows))
    for spec in specs:
        if spec.signal is True:
            signals.append(spec.patterns[0])
        elif spec.signal:
            signals.append(spec.signal)
    return tuple(dict.fromkeys(signals))


TEMPLATE_TABLE_LABELS: tuple[str, ...] = (
    PROACTIVE_CAPTION[0],
    NEW_RECEIVED.patterns[0],
    CARRIED_FORWARD.patterns[0],
    LITIGATION_DIRECT.patterns[0],
)
"""Normalised label texts every version's tables have: one of them shows a standard table was seen."""


def proactive_rows_with(version: TemplateVersion, *columns: ColumnSpec) -> tuple[str, ...]:
    """Return the row paths (``art20_5.licensing``) of the 第二十条 rows of ``version`` that have ``columns``.

    Columns are compared by key, so that a column renamed between versions still counts.
    """
    wanted = {column.key for column in columns}
    return tuple(
        f"{block.key}.{row.key}"
        for block in proactive_blocks(version)
        if wanted <= {column.key for column in block.columns}
        for row in block.rows
    )


def cell_key(table: TableKind, row: RowSpec | ColumnSpec | str, column: ColumnSpec | str) -> str:
    """Return the canonical key of ``column`` in ``row`` (a spec or a row path) of ``table``."""
    row_key = row if isinstance(row, str) else row.key
    column_key = column if isinstance(column, str) else column.key
    return CellKey.format(table, row_key, column_key)


def request_key(row: RowSpec | str, column: ColumnSpec | str) -> str:
    """Return the key of an application-table cell (``requests.granted.total``)."""
    return cell_key(TableKind.REQUESTS, row, column)


def appeal_key(group: ColumnSpec | str, column: ColumnSpec | str) -> str:
    """Return the key of a review/litigation cell (``appeals.review.total``)."""
    return cell_key(TableKind.APPEALS, group, column)


def proactive_key(block: ProactiveBlock | str, row: RowSpec | str, column: ColumnSpec | str) -> str:
    """Return the key of a 第二十条 cell (``proactive.art20_5.licensing.decisions``)."""
    block_key = block if isinstance(block, str) else block.key
    row_key = row if isinstance(row, str) else row.key
    return cell_key(TableKind.PROACTIVE, f"{block_key}.{row_key}", column)


def _spec(key: str, group: str, row: RowSpec | ColumnSpec, column: ColumnSpec) -> CellSpec:
    return CellSpec(
        key=CellKey.parse(key),
        group_label=group,
        row_label=row.label,
        column_label=column.label,
        row_name_zh=row.name_zh,
        row_name_en=row.name_en,
        column_name_zh=column.name_zh,
        column_name_en=column.name_en,
        money=column.money,
        signed=column.signed,
        unit=column.unit,
    )


@cache
def _cell_specs(version: TemplateVersion) -> dict[str, CellSpec]:
    specs: dict[str, CellSpec] = {}
    for block in proactive_blocks(version):
        for row in block.rows:
            for column in block.columns:
                key = proactive_key(block, row, column)
                specs[key] = _spec(key, block.caption, row, column)
    for row in request_rows(version):
        group = REQUEST_GROUPS.get(row.group or "", "")
        for column in APPLICANT_COLUMNS:
            key = request_key(row, column)
            specs[key] = _spec(key, group, row, column)
    for group_spec in APPEAL_GROUPS:
        for column in APPEAL_COLUMNS:
            key = appeal_key(group_spec, column)
            specs[key] = _spec(key, "", group_spec, column)
    return specs


def cell_specs(version: TemplateVersion | str) -> dict[str, CellSpec]:
    """Return the cells of ``version`` by canonical key, in table order."""
    return _cell_specs(TemplateVersion(version))


@cache
def _any_version_specs() -> dict[str, CellSpec]:
    # A key both versions have is described as the latest version describes it.
    return {key: spec for version in TemplateVersion for key, spec in _cell_specs(version).items()}


def cell_spec(key: str, version: TemplateVersion | str | None = None) -> CellSpec:
    """Return the spec of cell ``key`` in ``version`` (``None``: the latest version that has it).

    Raises:
        KeyError: ``key`` is not a cell key of ``version`` (or of any version).
    """
    specs = _any_version_specs() if version is None else cell_specs(version)
    return specs[key]


def cell_keys(version: TemplateVersion | str) -> tuple[str, ...]:
    """Return the canonical cell keys of ``version`` in table order (spec §6)."""
    return tuple(cell_specs(version))


def cell_label(version: TemplateVersion | str, key: str) -> tuple[str, str, str]:
    """Return ``(group, row, column)`` official labels of cell ``key``.

    Raises:
        KeyError: ``key`` is not a cell key of ``version``.
    """
    return cell_specs(version)[key].labels


MONEY_KEYS: frozenset[str] = frozenset(
    key for version in TemplateVersion for key, spec in _cell_specs(version).items() if spec.money
)
"""Cell keys holding money, always in 元."""


def table_spec(kind: TableKind | str) -> TableSpec:
    """Return the spec of table ``kind``."""
    wanted = TableKind(kind)
    return next(table for table in TABLES if table.kind is wanted)


def table_title(kind: TableKind | str) -> str:
    """Return the official title of table ``kind``: the heading of the section that holds it."""
    return table_spec(kind).title
