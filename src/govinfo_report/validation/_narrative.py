"""Figures stated in the narrative, compared with the tables (R-T3-10, R-T2-07, R-T4-05).

The extraction favours precision over recall: a figure is taken only when the
wording leaves no doubt about what it counts (``受理政府信息公开申请21件``,
``行政处罚决定1起``), never from table text run into a paragraph (a unit such as
件 or 起 must follow the number), and never from a clause that introduces a
subset (``其中``, ``简易程序``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation

import attrs

from govinfo_report.model.cellkey import CellKey
from govinfo_report.model.labels import (
    DENIED,
    LITIGATION_AFTER_REVIEW,
    LITIGATION_DIRECT,
    NOT_PROCESSED,
    REVIEW,
    TOTAL,
    UNABLE,
    request_groups,
    request_key,
)
from govinfo_report.model.named_cells import (
    CARRIED_FORWARD_TOTAL,
    CARRIED_OVER_TOTAL,
    COERCION_DECISIONS,
    GRANTED_TOTAL,
    LICENSING_DECISIONS,
    LITIGATION_CORRECTED,
    LITIGATION_TOTALS,
    NEW_RECEIVED_TOTAL,
    PARTIAL_TOTAL,
    PENALTY_DECISIONS,
    PENDING_BY_GROUP,
    PROCESSED_TOTAL,
    REVIEW_TOTAL,
)
from govinfo_report.validation._context import Context, Number, TextBlock, cap
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._format import fmt_number
from govinfo_report.validation._registry import BOTH, rule

__all__ = [
    "KIND_NAMES",
    "RESULT_KINDS",
    "Fact",
    "Sentence",
    "clause_before",
    "facts",
    "money_mentions",
    "sentences",
]

_EVIDENCE_MAX = 160
# A number starts where no digit or comma precedes it: a pattern that begins with it then
# scans each run of digits once, not once from every digit of it (quadratic on a long run).
_N = r"(?<![\d,])(\d[\d,]*)"
_SUBSET = re.compile(r"其中|简易程序|一般程序|涉及|分别|同比|上年度?(?!结转)|去年")


@attrs.frozen(kw_only=True)
class Sentence:
    """A sentence of the narrative.

    Attributes:
        text: The sentence as written.
        norm: NFKC-normalised text used for matching (same length in practice).
        block: The preamble or section it belongs to.
    """

    text: str
    norm: str
    block: TextBlock


@attrs.frozen(kw_only=True)
class Fact:
    """A figure the narrative states.

    Attributes:
        kind: What it counts (``"received"``, ``"penalty"`` …).
        value: The number stated.
        sentence: Where it is stated.
        start: Offset of the match in ``sentence.norm``.
        end: End offset of the match.
    """

    kind: str
    value: int
    sentence: Sentence
    start: int
    end: int

    @property
    def quote(self) -> str:
        """The sentence, shortened around the figure when it is long."""
        text = self.sentence.text.strip()
        if len(text) <= _EVIDENCE_MAX:
            return text
        half = _EVIDENCE_MAX // 2
        start = max(0, self.start - half)
        end = min(len(text), self.end + half)
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _split(block: TextBlock) -> Iterator[Sentence]:
    for piece in re.split(r"(?<=[。！？!?])|\n", block.text):
        text = piece.strip()
        if text:
            yield Sentence(text=text, norm=unicodedata.normalize("NFKC", text), block=block)


def sentences(ctx: Context) -> tuple[Sentence, ...]:
    """Return every sentence of the preamble and the sections, computed once per context."""

    def compute(c: Context) -> tuple[Sentence, ...]:
        return tuple(s for block in c.text_blocks for s in _split(block))

    return ctx.memo("sentences", compute)


def clause_before(norm: str, start: int) -> str:
    """The text of the clause up to ``start`` (back to the previous comma or semicolon)."""
    cut = max(norm.rfind(mark, 0, start) for mark in ",，;；:：")
    return norm[cut + 1 : start]


def _int(text: str) -> int:
    return int(text.replace(",", ""))


_APPLICATION_CONTEXT = re.compile(r"信息公开|依申请")
_PROCEDURE = r"(?:政府信息公开|信息公开|依申请公开|依申请)?(?:政府信息)?(?:公开)?"
_COUNT_UNIT = r"\s*(?:件|个|份|宗)"
_RECEIVE = r"(?:收到|受理|接收|接到)了?(?:各类)?"
_TOTAL_WORD = r"(?:共|共计|合计|总计|总数|数量|数)?(?:为|达)?"

_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "received": (
        re.compile(_RECEIVE + _PROCEDURE + r"申请" + _TOTAL_WORD + r"\s*" + _N + _COUNT_UNIT),
        re.compile(_RECEIVE + r"\s*" + _N + _COUNT_UNIT + r"(?:政府信息公开|信息公开)?(?:申请|依申请)"),
        re.compile(
            r"(?:收到|受理)(?:依申请(?:政府)?信息公开|依申请公开)(?:申请)?(?:事项)?\s*" + _N + _COUNT_UNIT
        ),
    ),
    "processed": (
        re.compile(
            r"(?:办结|答复|办理完毕|办理完成|处理完毕)了?"
            + _PROCEDURE
            + r"(?:申请)?(?:共|共计)?\s*"
            + _N
            + _COUNT_UNIT
        ),
    ),
    "carried_forward": (
        re.compile(_N + r"\s*件(?:申请)?(?:结转|顺延|转入)(?:至|到)?下一?年度?"),
        re.compile(r"结转(?:至|到)?下一?年度?(?:继续办理)?的?(?:申请)?\s*" + _N + r"\s*件"),
    ),
    "carried_over": (re.compile(r"(?:上一?年度?)结转的?(?:申请)?\s*" + _N + r"\s*件"),),
    "granted_partial": (
        re.compile(r"(?<!主动)予以公开(?:和|及|与|、|或)部分公开(?:的)?(?:申请)?\s*" + _N + r"\s*件"),
    ),
    "granted": (re.compile(r"(?<!主动)予以公开(?:的)?(?:申请)?\s*" + _N + r"\s*件"),),
    "partial": (re.compile(r"部分公开(?:的)?(?:申请)?\s*" + _N + r"\s*件"),),
    "denied": (re.compile(r"不予公开(?:的)?(?:申请)?\s*" + _N + r"\s*件"),),
    "unable": (re.compile(r"无法提供(?:的)?(?:申请)?\s*" + _N + r"\s*件"),),
    "not_processed": (re.compile(r"不予处理(?:的)?(?:申请)?\s*" + _N + r"\s*件"),),
    "licensing": (re.compile(r"行政许可(?:决定|审批|办件|案件)?(?:共|共计|数)?\s*" + _N + r"\s*(?:件|起)"),),
    "penalty": (re.compile(r"行政处罚(?:决定|案件)?书?(?:共|共计|数)?\s*" + _N + r"\s*(?:件|起|宗)"),),
    "coercion": (re.compile(r"行政强制(?:决定|措施)?(?:共|共计|数)?\s*" + _N + r"\s*(?:件|起|宗)"),),
    "review": (re.compile(r"行政复议(?:案件|申请)?(?:共|共计)?\s*" + _N + r"\s*(?:件|起|宗|个)"),),
    "litigation": (re.compile(r"行政诉讼(?:案件)?(?:共|共计)?\s*" + _N + r"\s*(?:件|起|宗|个)"),),
}
_RECEIVED_NONE = re.compile(
    r"(?:未|没有)(?:收到|受理|接到)(?:任何)?(?:政府信息公开|信息公开|依申请公开|依申请)"
)
_APPEALS_NONE = re.compile(
    r"(?:未|没有)(?:发生|收到|出现|被提起|被申请|产生|有)[^,，;；。]{0,24}?(行政复议|行政诉讼)"
    r"(?:[^,，;；。]{0,4}(行政诉讼))?"
)
_NOT_A_ZERO_CLAIM = re.compile(r"纠错|败诉|纠正|撤销|确认违法|被改变")
_NO_LOSS = re.compile(r"零败诉|无败诉|未败诉|没有败诉")
_ALL_CLOSED = re.compile(r"均已(?:结案|审结|办结)")

_APPLICATION_KINDS = ("received", "processed", "carried_forward", "carried_over")
RESULT_KINDS = ("granted_partial", "granted", "partial", "denied", "unable", "not_processed")
_DECISION_KINDS = ("licensing", "penalty", "coercion")
_APPEAL_KINDS = ("review", "litigation")


def _without_overlaps(found: list[Fact]) -> list[Fact]:
    """Keep the longest of overlapping matches (``予以公开和部分公开 N 件`` over ``部分公开 N 件``)."""
    kept: list[Fact] = []
    for fact in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if all(fact.end <= other.start or fact.start >= other.end for other in kept):
            kept.append(fact)
    return sorted(kept, key=lambda f: f.start)


def _matches(sentence: Sentence) -> list[Fact]:
    """Every figure matched in ``sentence``, before the context filters."""
    norm = sentence.norm
    found: list[Fact] = []
    for kind, patterns in _PATTERNS.items():
        for pattern in patterns:
            found.extend(
                Fact(kind=kind, value=_int(m.group(1)), sentence=sentence, start=m.start(), end=m.end())
                for m in pattern.finditer(norm)
                # Result rows are parts by nature ("其中予以公开 N 件"); other figures are totals.
                if kind in RESULT_KINDS or not _SUBSET.search(clause_before(norm, m.start()))
            )
    found.extend(
        Fact(kind="received", value=0, sentence=sentence, start=m.start(), end=m.end())
        for m in _RECEIVED_NONE.finditer(norm)
    )
    for m in _APPEALS_NONE.finditer(norm):
        rest = re.split(r"[,，;；。]", norm[m.end() :], maxsplit=1)[0]
        if _NOT_A_ZERO_CLAIM.search(rest):
            continue
        found.extend(
            Fact(
                kind="review" if m.group(group) == "行政复议" else "litigation",
                value=0,
                sentence=sentence,
                start=m.start(group),
                end=m.end(group),
            )
            for group in (1, 2)
            if m.group(group)
        )
    return _without_overlaps(found)


def _in_context(fact: Fact, sentence_facts: list[Fact]) -> bool:
    """Whether the sentence makes clear what ``fact`` counts."""
    norm = fact.sentence.norm
    about_applications = bool(_APPLICATION_CONTEXT.search(norm))
    if fact.kind in _APPLICATION_KINDS[1:]:
        return about_applications or any(f.kind == "received" for f in sentence_facts)
    if fact.kind in RESULT_KINDS:
        return about_applications or "申请" in norm or fact.sentence.block.number == 3
    if fact.kind in _APPEAL_KINDS:
        return _about_disclosure_appeals(fact.sentence)
    return True


def _facts(ctx: Context) -> tuple[Fact, ...]:
    found: list[Fact] = []
    for sentence in sentences(ctx):
        sentence_facts = _matches(sentence)
        found.extend(fact for fact in sentence_facts if _in_context(fact, sentence_facts))
    return tuple(found)


def facts(ctx: Context) -> tuple[Fact, ...]:
    """Return the figures the narrative states, computed once per context."""
    return ctx.memo("narrative_facts", _facts)


_MONEY = re.compile(r"(?<![\d,])(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)")


def money_mentions(ctx: Context, topic: re.Pattern[str]) -> Iterator[tuple[Decimal, str, Decimal, Sentence]]:
    """Yield ``(amount in 元, unit, number as written, sentence)`` for money stated next to ``topic``.

    The amount must follow the topic within the same clause.
    """
    for sentence in sentences(ctx):
        for topic_match in topic.finditer(sentence.norm):
            rest = sentence.norm[topic_match.end() :]
            clause = re.split(r"[,，;；。]", rest, maxsplit=1)[0]
            match = _MONEY.search(clause)
            if match is None:
                continue
            try:
                number = Decimal(match.group(1).replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the pattern only admits digits
                continue
            factor = {"亿元": Decimal(100_000_000), "万元": Decimal(10_000), "元": Decimal(1)}[match.group(2)]
            yield number * factor, match.group(2), number, sentence


# --- Comparison with the tables ------------------------------------------------

KIND_NAMES: dict[str, tuple[str, str]] = {
    "received": ("收到申请数", "applications received"),
    "processed": ("办结数", "applications processed"),
    "carried_forward": ("结转下年度数", "applications carried forward"),
    "carried_over": ("上年结转数", "applications carried over"),
    "granted_partial": ("予以公开和部分公开数", "granted and partly granted"),
    "granted": ("予以公开数", "granted"),
    "partial": ("部分公开数", "partly granted"),
    "denied": ("不予公开数", "denied"),
    "unable": ("无法提供数", "unable to provide"),
    "not_processed": ("不予处理数", "not processed"),
    "licensing": ("行政许可处理决定数量", "licensing decisions"),
    "penalty": ("行政处罚处理决定数量", "penalty decisions"),
    "coercion": ("行政强制处理决定数量", "coercion decisions"),
    "review": ("行政复议总计", "review cases"),
    "litigation": ("行政诉讼总计（直接起诉 + 复议后起诉）", "lawsuits (direct + after review)"),
}


def _sum(ctx: Context, keys: list[str]) -> Number | None:
    values = [ctx.arith(key) for key in keys]
    if not keys or None in values:
        return None
    return sum((v for v in values if v is not None), 0)


def _group_total(ctx: Context, group: str) -> tuple[Number | None, list[str]]:
    rows = request_groups(ctx.report.template)[group]
    keys = [key for row in rows if (key := request_key(row, TOTAL)) in ctx.cells]
    return _sum(ctx, keys), keys


def _table_side(ctx: Context, kind: str) -> tuple[set[Number], list[str], str, str] | None:
    """Return the acceptable table values for ``kind``, the cells, and how they were read."""
    new = ctx.arith(NEW_RECEIVED_TOTAL)
    carried = ctx.arith(CARRIED_OVER_TOTAL)
    single = {
        "processed": PROCESSED_TOTAL,
        "carried_forward": CARRIED_FORWARD_TOTAL,
        "carried_over": CARRIED_OVER_TOTAL,
        "granted": GRANTED_TOTAL,
        "partial": PARTIAL_TOTAL,
        "licensing": LICENSING_DECISIONS,
        "penalty": PENALTY_DECISIONS,
        "coercion": COERCION_DECISIONS,
        "review": REVIEW_TOTAL,
    }
    if kind == "received":
        if new is None:
            return None
        accepted: set[Number] = {new}
        zh = f"新收 {fmt_number(new)}"
        en = f"new {fmt_number(new)}"
        if carried is not None:
            accepted.add(new + carried)
            zh += f"（含上年结转为 {fmt_number(new + carried)}）"
            en += f" ({fmt_number(new + carried)} with carried over)"
        return accepted, [NEW_RECEIVED_TOTAL, CARRIED_OVER_TOTAL], zh, en
    if kind in single:
        key = single[kind]
        value = ctx.arith(key)
        if value is None:
            return None
        return {value}, [key], fmt_number(value), fmt_number(value)
    keys: list[str]
    if kind == "granted_partial":
        keys = [GRANTED_TOTAL, PARTIAL_TOTAL]
        total = _sum(ctx, keys)
    elif kind == "litigation":
        keys = list(LITIGATION_TOTALS)
        total = _sum(ctx, keys)
    else:
        group = {"denied": DENIED, "unable": UNABLE, "not_processed": NOT_PROCESSED}[kind]
        total, keys = _group_total(ctx, group)
    if total is None:
        return None
    return {total}, keys, fmt_number(total), fmt_number(total)


def _fact_findings(ctx: Context, rule_id: str, kinds: tuple[str, ...]) -> Iterator[Finding]:
    seen: set[tuple[str, int]] = set()
    for fact in facts(ctx):
        if fact.kind not in kinds or (fact.kind, fact.value) in seen:
            continue
        side = _table_side(ctx, fact.kind)
        if side is None:
            continue
        accepted, keys, table_zh, table_en = side
        if fact.value in accepted:
            continue
        seen.add((fact.kind, fact.value))
        name_zh, name_en = KIND_NAMES[fact.kind]
        block = fact.sentence.block
        yield Finding(
            rule_id=rule_id,
            severity=Severity.WARNING,
            message_zh=(f"{block.name_zh}称{name_zh}为 {fact.value}，但表格为 {table_zh}：“{fact.quote}”"),
            message_en=(
                f"{cap(block.name_en)} states {name_en} as {fact.value}, "
                f"but the table gives {table_en}: “{fact.quote}”"
            ),
            cells=tuple(keys),
            expected=table_zh,
            found=str(fact.value),
            locations=tuple(loc for loc in (block.location, *ctx.locations(keys)) if loc is not None),
            evidence=fact.quote,
        )


def _flag_findings(
    ctx: Context,
    *,
    rule_id: str,
    pattern: re.Pattern[str],
    keys_for: Callable[[Sentence], list[str]],
    claim_zh: str,
    claim_en: str,
) -> Iterator[Finding]:
    for sentence in sentences(ctx):
        match = pattern.search(sentence.norm)
        if match is None:
            continue
        keys = keys_for(sentence)
        nonzero = [key for key in keys if (value := ctx.arith(key)) is not None and value != 0]
        if not keys or not nonzero:
            continue
        fact = Fact(kind="flag", value=0, sentence=sentence, start=match.start(), end=match.end())
        shown = "、".join(
            f"{(cell := CellKey.parse(key)).row}.{cell.column} = {fmt_number(ctx.arith(key))}"
            for key in nonzero
        )
        yield Finding(
            rule_id=rule_id,
            severity=Severity.WARNING,
            message_zh=(
                f"{sentence.block.name_zh}称“{match.group(0)}”（{claim_zh}），"
                f"但表格中 {shown}：“{fact.quote}”"
            ),
            message_en=(
                f"{cap(sentence.block.name_en)} says “{match.group(0)}” "
                f"({claim_en}), but the table has {shown}: “{fact.quote}”"
            ),
            cells=tuple(nonzero),
            expected="0",
            found=shown,
            locations=tuple(
                loc for loc in (sentence.block.location, *ctx.locations(nonzero)) if loc is not None
            ),
            evidence=fact.quote,
        )
        return


@rule(
    "R-T3-10",
    severity=Severity.WARNING,
    rule_class="H",
    versions=BOTH,
    summary="Application figures stated in the text (收到, 办结, 结转, 予以公开 …) match the table.",
)
def check_application_narrative(ctx: Context) -> Iterator[Finding]:
    """What the text says about applications agrees with the application table.

    Figures such as "共收到/受理政府信息公开申请 N 件" (compared with 新收, or 新收 plus
    上年结转), "办结 N 件" (（七）总计), "N 件结转下年度" (结转下年度继续办理),
    "予以公开 N 件", "不予公开 N 件" (the sum of its eight reasons) must match the
    table's 总计 column. Only figures whose wording is unambiguous are compared,
    and the finding quotes the sentence.
    """
    yield from _fact_findings(ctx, "R-T3-10", _APPLICATION_KINDS + RESULT_KINDS)


@rule(
    "R-T2-07",
    severity=Severity.WARNING,
    rule_class="H",
    versions=BOTH,
    summary="行政许可/行政处罚/行政强制 figures stated in the text match 处理决定数量.",
)
def check_decision_narrative(ctx: Context) -> Iterator[Finding]:
    """What the text says about licensing, penalty and coercion decisions agrees with the 第二十条 table.

    Figures such as "作出行政处罚决定 N 件/起" or "办理行政许可 N 件" are compared
    with 处理决定数量 (2019 template) or 本年处理决定数量 (2021 template). Item counts
    ("行政许可事项 N 项") and subsets ("其中简易程序…") are not compared. The
    rule was written for the 2021 template; the 2019 template has the same
    columns and no rule of its own, so the check runs on both.
    """
    yield from _fact_findings(ctx, "R-T2-07", _DECISION_KINDS)


def _about_disclosure_appeals(sentence: Sentence) -> bool:
    return "信息公开" in sentence.norm or sentence.block.number == 4


def _appeal_groups_in(sentence: Sentence) -> list[str]:
    groups = []
    if "复议" in sentence.norm:
        groups.append(REVIEW.key)
    if "诉讼" in sentence.norm:
        groups.extend([LITIGATION_DIRECT.key, LITIGATION_AFTER_REVIEW.key])
    return groups


@rule(
    "R-T4-05",
    severity=Severity.WARNING,
    rule_class="H",
    versions=BOTH,
    summary=(
        "Review and litigation figures stated in the text (被申请行政复议 N 起, 零败诉 …) match the table."
    ),
)
def check_appeal_narrative(ctx: Context) -> Iterator[Finding]:
    """What the text says about reviews and lawsuits agrees with the review/litigation table.

    "被申请行政复议 N 起" is compared with 行政复议 总计, "行政诉讼 N 件" with the two
    litigation totals together, "未发生…行政复议、行政诉讼" with zeros, "零败诉" with
    the 结果纠正 columns of litigation, and "均已结案" with 尚未审结. Only sentences
    about information disclosure (or in section 四) are read.
    """
    yield from _fact_findings(ctx, "R-T4-05", _APPEAL_KINDS)
    yield from _flag_findings(
        ctx,
        rule_id="R-T4-05",
        pattern=_NO_LOSS,
        keys_for=lambda s: list(LITIGATION_CORRECTED) if _about_disclosure_appeals(s) else [],
        claim_zh="即没有被判决纠正的诉讼",
        claim_en="no lawsuit was lost",
    )
    yield from _flag_findings(
        ctx,
        rule_id="R-T4-05",
        pattern=_ALL_CLOSED,
        keys_for=lambda s: (
            [PENDING_BY_GROUP[group] for group in _appeal_groups_in(s)]
            if _about_disclosure_appeals(s)
            else []
        ),
        claim_zh="即没有尚未审结的案件",
        claim_en="no case is pending",
    )
