"""R-T3-07: the text counts some applications under two results."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govinfo_report.model import TableKind
from govinfo_report.validation._context import Context, cap
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._narrative import (
    KIND_NAMES,
    RESULT_KINDS,
    Fact,
    Sentence,
    clause_before,
    facts,
    sentences,
)
from govinfo_report.validation._registry import BOTH, rule

__all__: list[str] = []

# Figures about another year are no part of this year's results.
_OTHER_YEAR = re.compile(r"上一?年|去年|同比|往年")


def _clause(fact: Fact) -> str:
    """The clause of the sentence up to the end of ``fact``."""
    return clause_before(fact.sentence.norm, fact.start) + fact.sentence.norm[fact.start : fact.end]


def _results_after(total: Fact, window: tuple[Sentence, ...], found: tuple[Fact, ...]) -> list[Fact]:
    """The result figures stated after ``total`` in its sentence and the next, first one of each kind."""
    first: dict[str, Fact] = {}
    for fact in found:
        if fact.kind not in RESULT_KINDS or fact.sentence not in window or fact.kind in first:
            continue
        if fact.sentence is total.sentence and fact.start < total.end:
            continue
        if _OTHER_YEAR.search(_clause(fact)):
            continue
        first[fact.kind] = fact
    if "granted_partial" in first:  # 予以公开和部分公开 N 件 already holds both
        first.pop("granted", None)
        first.pop("partial", None)
    return list(first.values())


@rule(
    "R-T3-07",
    severity=Severity.WARNING,
    rule_class="S/H",
    versions=BOTH,
    summary="The text counts no application under two results (its results add up to at most 办结).",
)
def check_results_counted_once(ctx: Context) -> Iterator[Finding]:
    """Each application processed in the year has exactly one result.

    The table's rows are exclusive: an application handled by disclosing part of
    the information and withholding the rest is counted only as 部分公开, not also
    as 不予公开, and so on. In the table this is enforced by the sum of the result
    rows (R-T3-02). This rule reads the text: when it states how many applications
    were processed ("办结 N 件") and then lists their results ("予以公开 a 件，部分公开
    b 件，不予公开 c 件 …"), the results must not add up to more than N; if they do,
    some applications were counted under two results.
    """
    found = facts(ctx)
    ordered = sentences(ctx)
    position = {id(sentence): index for index, sentence in enumerate(ordered)}
    for total in found:
        if total.kind != "processed" or _OTHER_YEAR.search(_clause(total)):
            continue
        index = position[id(total.sentence)]
        window = tuple(s for s in ordered[index : index + 2] if s.block is total.sentence.block)
        results = _results_after(total, window, found)
        counted = sum(fact.value for fact in results)
        if len(results) < 2 or counted <= total.value:
            continue
        parts_zh = "、".join(f"{KIND_NAMES[f.kind][0].removesuffix('数')} {f.value}" for f in results)
        parts_en = ", ".join(f"{KIND_NAMES[f.kind][1]} {f.value}" for f in results)
        block = total.sentence.block
        quoted = {id(fact.sentence) for fact in (total, *results)}
        quote = "".join(s.text for s in window if id(s) in quoted)
        yield Finding(
            rule_id="R-T3-07",
            severity=Severity.WARNING,
            message_zh=(
                f"{block.name_zh}称办结 {total.value} 件，但列出的处理结果合计 {counted} 件（{parts_zh}），"
                f"多于办结数：可能有申请被计入两种处理结果（区分处理的只计“部分公开”）：“{quote}”"
            ),
            message_en=(
                f"{cap(block.name_en)} states {total.value} applications processed, but the results it "
                f"lists add up to {counted} ({parts_en}): some applications may be counted under two "
                f"results (a partial disclosure counts only as partly granted): “{quote}”"
            ),
            table=TableKind.REQUESTS,
            expected=f"≤ {total.value}",
            found=str(counted),
            locations=tuple(loc for loc in (block.location,) if loc is not None),
            evidence=quote,
        )
