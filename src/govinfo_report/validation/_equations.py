"""Table equations and the search for the one cell that explains several failures.

Every arithmetic rule is a family of equations ``Σ parts = Σ totals``.
A single wrong cell breaks every equation it appears in by the same amount;
when a cell sits in two or more failing equations, all of which it would
repair with one correction, that cell is reported once as the suspect
instead of each equation separately.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import attrs

from govinfo_report.validation._context import Context, Number
from govinfo_report.validation._finding import Finding, Severity
from govinfo_report.validation._format import fmt_number, fmt_sum, term_labels
from govinfo_report.validation._labels import cell_name

__all__ = ["Equation", "Evaluation", "analyze", "evaluate"]


@attrs.frozen(kw_only=True)
class Equation:
    """``Σ parts = Σ totals`` over canonical cell keys, checked by rule ``rule_id``.

    Attributes:
        rule_id: The rule this equation belongs to.
        parts: Keys on the side that is summed (e.g. the six applicant columns).
        totals: Keys on the side that states the total.
        name_zh: Where the equation lives, e.g. ``予以公开行``.
        name_en: The same in English.
    """

    rule_id: str
    parts: tuple[str, ...]
    totals: tuple[str, ...]
    name_zh: str
    name_en: str

    @property
    def keys(self) -> tuple[str, ...]:
        """All cells of the equation."""
        return self.parts + self.totals


@attrs.frozen(kw_only=True)
class Evaluation:
    """An equation with the report's values (``None`` where a cell is unreadable)."""

    equation: Equation
    parts: tuple[Number | None, ...]
    totals: tuple[Number | None, ...]

    @property
    def complete(self) -> bool:
        """Whether every cell has a value."""
        return None not in self.parts and None not in self.totals

    @property
    def residual(self) -> Number:
        """``Σ parts - Σ totals`` (only meaningful when complete)."""
        return sum((v for v in self.parts if v is not None), 0) - sum(
            (v for v in self.totals if v is not None), 0
        )

    @property
    def fails(self) -> bool:
        """Whether the equation is complete and does not hold."""
        return self.complete and self.residual != 0

    @property
    def exceeds(self) -> bool:
        """Whether the equation is incomplete but cannot hold whatever the unreadable cells are.

        Counts are non-negative, so known parts larger than complete totals
        (or complete parts smaller than known totals) already break it.
        """
        parts_known = None not in self.parts
        totals_known = None not in self.totals
        if parts_known == totals_known:
            return False
        return self.residual > 0 if totals_known else self.residual < 0


def evaluate(ctx: Context, equation: Equation) -> Evaluation:
    """Evaluate ``equation`` on the report of ``ctx`` (blank cells count as 0)."""
    return Evaluation(
        equation=equation,
        parts=tuple(ctx.arith(key) for key in equation.parts),
        totals=tuple(ctx.arith(key) for key in equation.totals),
    )


def render(ctx: Context, equation: Equation, lang: str) -> tuple[str, str]:
    """Return the rendered ``(parts side, totals side)`` of an equation."""
    labels = term_labels(equation.keys, lang)
    n = len(equation.parts)
    return (
        fmt_sum(ctx, equation.parts, labels[:n], lang),
        fmt_sum(ctx, equation.totals, labels[n:], lang),
    )


def _has_blank(ctx: Context, equation: Equation) -> bool:
    return any(cell is not None and cell.blank for cell in (ctx.cell(key) for key in equation.keys))


def _blank_note(ctx: Context, equation: Equation, lang: str) -> str:
    if not _has_blank(ctx, equation):
        return ""
    return "（空白单元格按 0 计）" if lang == "zh" else " (blank cells counted as 0)"


Hint = Callable[[Evaluation], tuple[str, str, tuple[str, ...]]]
"""Extra explanation for a failing equation: ``(zh, en, suspect keys)``."""


def equation_finding(
    ctx: Context,
    evaluation: Evaluation,
    severity: Severity,
    hint: Hint | None = None,
) -> Finding:
    """Build the finding for one failing (or certainly failing) equation."""
    equation = evaluation.equation
    parts_zh, totals_zh = render(ctx, equation, "zh")
    parts_en, totals_en = render(ctx, equation, "en")
    hint_zh, hint_en, suspects = hint(evaluation) if hint is not None else ("", "", ())
    if evaluation.complete:
        head_zh = f"{equation.name_zh}勾稽关系不成立：{parts_zh} ≠ {totals_zh}"
        head_en = f"{equation.name_en} does not add up: {parts_en} ≠ {totals_en}"
    else:
        head_zh = (
            f"{equation.name_zh}勾稽关系不可能成立（“?”为无法读取的单元格，计数不能为负）："
            f"{parts_zh} ≠ {totals_zh}"
        )
        head_en = (
            f"{equation.name_en} cannot add up whatever the unreadable cells (“?”) hold: "
            f"{parts_en} ≠ {totals_en}"
        )
    cells = tuple(dict.fromkeys((*suspects, *equation.totals, *equation.parts)))
    return Finding(
        rule_id=equation.rule_id,
        severity=severity,
        message_zh=f"{head_zh}{_blank_note(ctx, equation, 'zh')}。{hint_zh}".rstrip(),
        message_en=f"{head_en}{_blank_note(ctx, equation, 'en')}. {hint_en}".rstrip(),
        cells=cells,
        suspects=suspects,
        expected=parts_zh,
        found=totals_zh,
        locations=ctx.locations(cells),
    )


def _suspect_finding(
    ctx: Context,
    *,
    key: str,
    delta: Number,
    members: Sequence[Evaluation],
    primary: Evaluation,
    severity: Severity,
) -> Finding:
    value = ctx.arith(key)
    corrected = None if value is None else value + delta
    cell = ctx.cell(key)
    shown_zh = "空白" if cell is not None and cell.blank else fmt_number(value)
    shown_en = "blank" if cell is not None and cell.blank else fmt_number(value)
    ordered = [primary, *(m for m in members if m is not primary)]
    lines_zh = []
    lines_en = []
    for member in ordered:
        parts_zh, totals_zh = render(ctx, member.equation, "zh")
        parts_en, totals_en = render(ctx, member.equation, "en")
        lines_zh.append(f"{member.equation.name_zh}：{parts_zh} ≠ {totals_zh}")
        lines_en.append(f"{member.equation.name_en}: {parts_en} ≠ {totals_en}")
    name_zh = cell_name(key, "zh")
    name_en = cell_name(key, "en")
    message_zh = (
        f"{name_zh} 为 {shown_zh}，所在的 {len(ordered)} 项勾稽关系都不成立："
        + "；".join(lines_zh)
        + f"。若该单元格为 {fmt_number(corrected)}，以上各式均成立，最可能是该单元格有误。"
    )
    message_en = (
        f"{name_en} is {shown_en} and all {len(ordered)} checks it takes part in fail: "
        + "; ".join(lines_en)
        + f". With {fmt_number(corrected)} in this cell every one of them holds, "
        "so this cell is the likely error."
    )
    cells = tuple(dict.fromkeys((key, *primary.equation.totals, *primary.equation.parts)))
    return Finding(
        rule_id=primary.equation.rule_id,
        severity=severity,
        message_zh=message_zh,
        message_en=message_en,
        cells=cells,
        suspects=(key,),
        expected=fmt_number(corrected),
        found=shown_zh if shown_zh != "空白" else None,
        locations=ctx.locations(cells),
    )


def _suspects(
    evaluations: Sequence[Evaluation],
) -> list[tuple[str, Number, list[Evaluation]]]:
    membership: dict[str, list[tuple[Evaluation, int]]] = defaultdict(list)
    for evaluation in evaluations:
        if not evaluation.complete:
            continue
        for key in evaluation.equation.parts:
            membership[key].append((evaluation, 1))
        for key in evaluation.equation.totals:
            membership[key].append((evaluation, -1))
    candidates: list[tuple[str, Number, list[Evaluation]]] = []
    for key, members in membership.items():
        if len(members) < 2 or not all(member.fails for member, _ in members):
            continue
        # Changing the cell by delta changes each residual by coef * delta.
        deltas = {-member.residual * coef for member, coef in members}
        if len(deltas) == 1:
            candidates.append((key, deltas.pop(), [member for member, _ in members]))
    candidates.sort(key=lambda candidate: -len(candidate[2]))
    return candidates


def analyze(
    ctx: Context,
    equations: Sequence[Equation],
    *,
    preference: Sequence[str],
    severity: Severity,
    hints: dict[str, Hint] | None = None,
) -> list[Finding]:
    """Check ``equations`` and return the smallest useful set of findings.

    Args:
        ctx: The validation context (its ``active`` rules decide what is reported).
        equations: The equations of one table.
        preference: Rule IDs in the order preferred for reporting a suspect cell
            (the first active rule among the cell's failing equations wins).
        severity: Severity of the findings.
        hints: Per rule ID, a function adding which side is suspect.
    """
    hints = hints or {}
    evaluations = [evaluate(ctx, equation) for equation in equations]
    explained: set[int] = set()
    findings: list[Finding] = []
    for key, delta, members in _suspects(evaluations):
        if any(id(member) in explained for member in members):
            continue
        explained.update(id(member) for member in members)
        rules = {member.equation.rule_id for member in members}
        chosen = next((r for r in preference if r in rules and r in ctx.active), None)
        if chosen is None:
            continue
        primary = next(member for member in members if member.equation.rule_id == chosen)
        findings.append(
            _suspect_finding(ctx, key=key, delta=delta, members=members, primary=primary, severity=severity)
        )
    for evaluation in evaluations:
        if id(evaluation) in explained or evaluation.equation.rule_id not in ctx.active:
            continue
        if evaluation.fails or evaluation.exceeds:
            hint = hints.get(evaluation.equation.rule_id)
            findings.append(equation_finding(ctx, evaluation, severity, hint))
    return findings
