"""Rendering findings: text grouped by table, JSON-ready dictionaries, pickling."""

from __future__ import annotations

import json
import pickle
import re
from typing import TYPE_CHECKING

import attrs
import pytest

from govinfo_report import parse_path
from govinfo_report.errors import SourceLocation
from govinfo_report.model import Deviation, DeviationKind, Section, TableKind
from govinfo_report.strategies import make_report
from govinfo_report.validation import Finding, Severity, format_findings, validate

if TYPE_CHECKING:
    from tests.conftest import CorpusCase


def _report_with_findings() -> tuple[Finding, ...]:
    sections = [
        Section(
            number=1,
            heading="一、总体情况",
            text="满意率X%。行政处罚决定1起。",
            location=SourceLocation(source="r.txt", line=5),
        )
    ]
    report = make_report(
        "2019",
        {
            "proactive.art20_6.penalty.decisions": 385,
            "requests.granted.commercial": None,
            "appeals.review.upheld": 3,
        },
        sections=sections,
        deviations=[Deviation(kind=DeviationKind.EXTRA_ROW, table=TableKind.PROACTIVE, found="行政检查")],
    )
    return validate(report)


def test_text_is_grouped_by_table_in_template_order() -> None:
    findings = _report_with_findings()
    text = format_findings(findings)
    headings = [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "全文",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    # The deviation about table 2 sits under table 2, the placeholder under the document.
    table2 = text[positions[0] : positions[1]]
    assert "R-G-08" in table2
    assert "R-T2-07" in table2
    assert "R-G-04" in text[positions[3] :]
    assert "[错误] R-T4-01" in text
    assert "[警告] R-T3-11" in text
    assert "位置：r.txt，第5行" in text
    for finding in findings:
        assert finding.message_zh in text


def test_english_text() -> None:
    findings = _report_with_findings()
    text = format_findings(findings, lang="en")
    assert "Table 4: review and litigation" in text
    assert "[error] R-T4-01" in text
    assert "Document" in text
    for finding in findings:
        assert finding.message_en in text


def test_no_findings() -> None:
    assert format_findings(()) == "未发现问题。\n"
    assert format_findings((), lang="en") == "No findings.\n"


def test_to_dict_is_json_ready() -> None:
    findings = _report_with_findings()
    data = json.loads(json.dumps([f.to_dict() for f in findings], ensure_ascii=False))
    assert [d["rule_id"] for d in data] == [f.rule_id for f in findings]
    review = next(d for d in data if d["rule_id"] == "R-T4-01")
    assert review["severity"] == "error"
    assert review["table"] == "appeals"
    assert review["suspects"] == ["appeals.review.total"]
    assert review["locations"][0] == {"source": "generated.txt", "line": review["locations"][0]["line"]}
    assert set(review) == {field.name for field in attrs.fields(Finding)}


def test_message_in_either_language() -> None:
    finding = Finding(rule_id="R-T3-01", severity=Severity.ERROR, message_zh="中文", message_en="English")
    assert finding.message() == "中文"
    assert finding.message("en") == "English"
    assert finding.table is None


def test_findings_pickle() -> None:
    findings = _report_with_findings()
    assert pickle.loads(pickle.dumps(findings)) == findings  # noqa: S301 -- our own bytes


def test_table_defaults_to_the_first_cell() -> None:
    finding = Finding(
        rule_id="R-T3-03",
        severity=Severity.ERROR,
        message_zh="",
        message_en="",
        cells=("requests.granted.total",),
    )
    assert finding.table is TableKind.REQUESTS
    odd = Finding(rule_id="R-G-04", severity=Severity.WARNING, message_zh="", message_en="", cells=("x.y",))
    assert odd.table is None


_CELL_AT = SourceLocation(
    source="r.pdf", page=4, table=1, row=6, col=3, xpath="/html/body/table[2]/tr[7]/td[4]"
)


def _finding(*locations: SourceLocation, cells: tuple[str, ...] = ("requests.granted.total",)) -> Finding:
    return Finding(
        rule_id="R-T3-03",
        severity=Severity.ERROR,
        message_zh="合计不符。",
        message_en="The total does not add up.",
        cells=cells,
        locations=locations,
    )


def _where(text: str, lang: str = "zh") -> str:
    prefix = "      位置：" if lang == "zh" else "      at: "
    (line,) = [line for line in text.splitlines() if line.startswith(prefix)]
    return line.removeprefix(prefix)


def test_location_counts_from_one_and_names_the_table_as_the_report_does() -> None:
    """Grid positions are stored from zero; readers see row 7, column 4 of the table named by its title."""
    assert (
        _where(format_findings([_finding(_CELL_AT)]))
        == "r.pdf，第4页，“三、收到和处理政府信息公开申请情况”第7行第4列"
    )
    assert (
        _where(format_findings([_finding(_CELL_AT)], lang="en"), "en")
        == "r.pdf, p. 4, table “三、收到和处理政府信息公开申请情况”, row 7, column 4"
    )


def test_location_of_cells_in_several_tables_numbers_the_grid() -> None:
    finding = _finding(_CELL_AT, cells=("requests.granted.total", "appeals.review.total"))
    assert _where(format_findings([finding])) == "r.pdf，第4页，第2个表格第7行第4列"
    assert _where(format_findings([finding], lang="en"), "en") == "r.pdf, p. 4, table 2, row 7, column 4"


def test_text_locations_give_line_and_character() -> None:
    at = SourceLocation(source="r.txt", line=12, column=5)
    assert _where(format_findings([_finding(at)])) == "r.txt，第12行第5字"
    assert _where(format_findings([_finding(at)], lang="en"), "en") == "r.txt, line 12, character 5"


def test_further_locations_are_counted_in_the_language() -> None:
    other = attrs.evolve(_CELL_AT, col=4)
    assert _where(format_findings([_finding(_CELL_AT, other)])).endswith("第7行第4列（另有1处）")
    assert _where(format_findings([_finding(_CELL_AT, other)], lang="en"), "en").endswith(" (and 1 more)")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xpaths_stay_in_json(lang: str) -> None:
    finding = _finding(_CELL_AT)
    assert "/html" not in format_findings([finding], lang=lang)
    assert finding.to_dict()["locations"][0]["xpath"] == _CELL_AT.xpath


def test_chinese_text_has_no_english_words() -> None:
    """Apart from rule IDs and file names, Chinese output is Chinese (units such as 元 included)."""
    text = format_findings((*_report_with_findings(), _finding(_CELL_AT)))
    words = set(re.findall(r"[A-Za-z]{2,}", text))
    assert words <= {"txt", "pdf", "generated"}, words


_FORMAT_NAMES = {"PDF", "DOCX"}
"""Names of file formats, which Chinese writes in Latin letters too."""


@pytest.mark.corpus
def test_chinese_findings_of_the_corpus_have_no_english(corpus_case: CorpusCase) -> None:
    """Apart from the file name, format names and quoted report text, Chinese output has no English word."""
    text = format_findings(validate(parse_path(corpus_case.path))).replace(corpus_case.path.name, "")
    assert set(re.findall(r"[A-Za-z]{2,}", re.sub(r"“[^”]*”", "", text))) <= _FORMAT_NAMES
