"""Label matching against template patterns."""

from __future__ import annotations

from govinfo_report.assembly._labels import LabelMatch, Pattern, best_match, compile_patterns
from govinfo_report.assembly._normalize import normalize_label
from govinfo_report.model import TemplateVersion
from govinfo_report.model.labels import request_rows


def test_compile_patterns_normalises_and_marks_variants() -> None:
    patterns = compile_patterns([("total", ["总 计"], ["合　计"]), ("upheld", ["结果维持"], ())])
    assert patterns == (
        Pattern("total", "总计"),
        Pattern("total", "合计", variant=True),
        Pattern("upheld", "结果维持"),
    )


def test_no_match_gives_none() -> None:
    assert best_match("行政许可", compile_patterns([("penalty", ["行政处罚"], ())])) is None
    assert best_match("", compile_patterns([("penalty", ["行政处罚"], ())])) is None
    assert best_match("行政许可", ()) is None


def test_match_reports_position() -> None:
    [pattern] = compile_patterns([("granted", ["予以公开"], ())])
    assert best_match("(一)予以公开", [pattern]) == LabelMatch(pattern, 3, 7)


def test_rightmost_match_wins() -> None:
    """A label text accumulates group labels first; the most specific label ends last."""
    patterns = compile_patterns([("group", ["不予公开"], ()), ("state_secret", ["属于国家秘密"], ())])
    match = best_match(normalize_label("（三）不予公开 1.属于国家秘密"), patterns)
    assert match is not None
    assert match.pattern.target == "state_secret"


def test_last_occurrence_of_a_pattern_is_used() -> None:
    [pattern] = compile_patterns([("total", ["总计"], ())])
    match = best_match("总计自然人总计", [pattern])
    assert match is not None
    assert (match.start, match.end) == (5, 7)


def test_longest_match_wins_when_ends_coincide() -> None:
    patterns = compile_patterns([("docs", ["规范性文件"], ()), ("admin_docs", ["行政规范性文件"], ())])
    match = best_match("行政规范性文件", patterns)
    assert match is not None
    assert match.pattern.target == "admin_docs"
    # …and the order of the patterns does not matter.
    match = best_match("行政规范性文件", tuple(reversed(patterns)))
    assert match is not None
    assert match.pattern.target == "admin_docs"


def test_template_wording_beats_variant_of_same_span() -> None:
    patterns = (Pattern("variant", "总计", variant=True), Pattern("official", "总计"))
    match = best_match("总计", patterns)
    assert match is not None
    assert match.pattern.target == "official"
    assert not match.pattern.variant


def test_variant_is_matched_and_flagged() -> None:
    patterns = compile_patterns([("petition", ["信访举报投诉类申请"], ["信访投诉举报类申请"])])
    match = best_match(normalize_label("1.信访投诉举报类申请"), patterns)
    assert match is not None
    assert match.pattern.target == "petition"
    assert match.pattern.variant


def test_request_row_patterns_pick_the_sub_row_not_the_group() -> None:
    specs = request_rows(TemplateVersion.V2021)
    patterns = compile_patterns((spec.key, spec.patterns, spec.variants) for spec in specs)
    label = normalize_label(
        "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    )
    match = best_match(label, patterns)
    assert match is not None
    assert match.pattern.target == "other_handling.fee_unpaid"
