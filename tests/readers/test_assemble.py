"""Documents into reports: template rows by label, merged cells, deviations, provenance."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest

from govinfo_report.assembly._walk import assemble
from govinfo_report.document import Block, Document, GridCell, Paragraph, TableGrid
from govinfo_report.errors import SourceLocation, StructureError
from govinfo_report.model import CellState, DeviationKind, Format, TableKind, TemplateVersion
from govinfo_report.model.labels import APPLICANT_COLUMNS, cell_keys
from govinfo_report.serialize import to_cells_document

SOURCE = "t.html"
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def _grid(rows: Sequence[Sequence[str]], table: int = 0) -> TableGrid:
    """Build a grid; ``"^"`` and ``"<"`` are spanned copies of the cell above and to the left."""
    built: list[tuple[GridCell, ...]] = []
    for r, row in enumerate(rows):
        cells: list[GridCell] = []
        for c, written in enumerate(row):
            spanned = written in {"^", "<"}
            text = written
            if written == "^":
                text = built[r - 1][c].text
            elif written == "<":
                text = cells[c - 1].text
            location = SourceLocation(source=SOURCE, table=table, row=r, col=c)
            cells.append(GridCell(text=text, location=location, spanned=spanned))
        built.append(tuple(cells))
    return TableGrid(rows=tuple(built), location=SourceLocation(source=SOURCE, table=table))


def _paragraph(text: str, line: int = 1) -> Paragraph:
    return Paragraph(text=text, location=SourceLocation(source=SOURCE, line=line))


def _document(*blocks: Block, title: str | None = None) -> Document:
    return Document(blocks=blocks, format=Format.HTML, source=SOURCE, encoding="utf-8", title=title)


def _requests_head() -> list[list[str]]:
    return [
        [NOTE, "<", "<", "申请人情况", "<", "<", "<", "<", "<", "<"],
        ["^", "^", "^", "自然人", "法人或其他组织", "<", "<", "<", "<", "总计"],
        ["^", "^", "^", "^", *APPLICANTS, "^"],
    ]


def _values(row: int) -> list[str]:
    return [str(row * 10 + column) for column in range(7)]


# A 2021 application table exported from Word: merged label cells expanded into spanned copies.
REQUESTS_2021 = [
    *_requests_head(),
    ["一、本年新收政府信息公开申请数量", "<", "<", *_values(1)],
    ["二、上年结转政府信息公开申请数量", "<", "<", *_values(2)],
    ["三、本年度办理结果", "（一）予以公开", "<", *_values(3)],
    ["^", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "<", *_values(4)],
    ["^", "（三）不予公开", "1.属于国家秘密", *_values(5)],
    ["^", "^", "2.其他法律行政法规禁止公开", *_values(6)],
    ["^", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", *_values(7)],
    ["^", "^", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", *_values(8)],
    ["^", "^", "3.其他", *_values(9)],
    ["^", "（七）总计", "<", *_values(10)],
    ["四、结转下年度继续办理", "<", "<", *_values(11)],
]


def test_merged_cells_in_a_2021_application_table() -> None:
    report = assemble(
        _document(_paragraph("某县人民政府2023年政府信息公开工作年度报告"), _grid(REQUESTS_2021))
    )
    assert report.template is TemplateVersion.V2021
    expected_rows = {
        "new_received": 1,
        "carried_over": 2,
        "granted": 3,
        "partial": 4,
        "denied.state_secret": 5,
        "denied.law_prohibited": 6,
        "other_handling.no_correction": 7,
        "other_handling.fee_unpaid": 8,
        "other_handling.other": 9,
        "total_processed": 10,
        "carried_forward": 11,
    }
    for row, number in expected_rows.items():
        for column_index, column in enumerate(APPLICANT_COLUMNS):
            assert report.value(f"requests.{row}.{column.key}") == number * 10 + column_index, (
                row,
                column.key,
            )
    cell = report.cell("requests.other_handling.fee_unpaid.total")
    assert cell is not None
    assert cell.location == SourceLocation(source=SOURCE, table=0, row=10, col=9)


def test_rows_the_source_lacks_are_missing_and_recorded() -> None:
    report = assemble(_document(_grid(REQUESTS_2021)))
    absent = ["denied.third_party_rights", "unable.not_held", "not_processed.repeat"]
    for row in absent:
        cell = report.cell(f"requests.{row}.total")
        assert cell is not None
        assert cell.state is CellState.MISSING
        assert cell.value is None
    missing_rows = [d.expected for d in report.deviations if d.kind is DeviationKind.MISSING_ROW]
    assert "4.保护第三方合法权益" in missing_rows
    assert "1.本机关不掌握相关政府信息" in missing_rows
    assert "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" not in missing_rows
    # Tables absent altogether are missing cell by cell, without a deviation per row.
    document = to_cells_document(report)
    assert all(
        key in document["missing"] for key in cell_keys("2021") if key.startswith(("proactive.", "appeals."))
    )
    assert not [d for d in report.deviations if d.table is TableKind.APPEALS]


def test_template_comes_from_the_tables_not_the_year() -> None:
    """A 2023 report on the 2019 tables is a wrong-template defect for the validators, not for the parser."""
    proactive = _grid(
        [
            ["第二十条第（一）项", "<", "<", "<"],
            ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
            ["规章", "0", "0", "0"],
            ["规范性文件", "1", "2", "3"],
        ]
    )
    report = assemble(_document(_paragraph("某县人民政府2023年政府信息公开工作年度报告"), proactive))
    assert report.template is TemplateVersion.V2019
    assert report.year == 2023
    assert report.value("proactive.art20_1.normative_docs.total_published") == 3


def test_row_with_the_wrong_number_of_values_is_unresolved() -> None:
    rows = [*REQUESTS_2021]
    rows[3] = ["一、本年新收政府信息公开申请数量", "<", "<", "1", "2", "3"]
    report = assemble(_document(_grid(rows)))
    cell = report.cell("requests.new_received.natural_person")
    assert cell is not None
    assert cell.state is CellState.UNRESOLVED
    assert cell.value is None
    assert cell.note
    assert "1" in cell.raw
    # Neighbouring rows are unaffected.
    assert report.value("requests.carried_over.total") == 26


def test_placeholder_cell_is_invalid_and_keeps_its_text() -> None:
    rows = [*REQUESTS_2021]
    rows[5] = ["^", "（一）予以公开", "<", "X", "若干", *_values(3)[2:]]
    report = assemble(_document(_grid(rows)))
    for key, raw in (("requests.granted.natural_person", "X"), ("requests.granted.commercial", "若干")):
        cell = report.cell(key)
        assert cell is not None
        assert cell.state is CellState.INVALID
        assert cell.value is None
        assert cell.raw == raw
    assert report.value("requests.granted.research") == 32


def test_unknown_caption_is_a_deviation() -> None:
    proactive = _grid(
        [
            ["第二十条第（一）项", "<", "<", "<"],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "0", "0", "0"],
            ["行政规范性文件", "1", "2", "3"],
            ["第二十条第（十）项", "<", "<", "<"],
        ]
    )
    report = assemble(_document(proactive))
    assert report.template is TemplateVersion.V2021
    assert (DeviationKind.EXTRA_ROW, "第二十条第（十）项") in [(d.kind, d.found) for d in report.deviations]
    assert report.value("proactive.art20_1.normative_docs.in_force") == 3


def test_table_rows_are_not_sections() -> None:
    report = assemble(
        _document(
            _paragraph("某县人民政府2023年政府信息公开工作年度报告", 1),
            _paragraph("三、收到和处理政府信息公开申请情况", 2),
            _grid(REQUESTS_2021),
            _paragraph("四、政府信息公开行政复议、行政诉讼情况", 3),
        )
    )
    assert [(section.number, section.text) for section in report.sections] == [(3, ""), (4, "")]


def test_no_tables_is_a_structure_error_with_location() -> None:
    document = _document(_paragraph("关于召开会议的通知"), _paragraph("请各单位准时参加。", 2))
    with pytest.raises(StructureError) as caught:
        assemble(document)
    assert caught.value.location == SourceLocation(source=SOURCE)


def test_provenance() -> None:
    data = b"<html>...</html>"
    report = assemble(_document(_grid(REQUESTS_2021)), data=data, library_version="1.2.3")
    assert report.provenance is not None
    assert report.provenance.source == SOURCE
    assert report.provenance.format is Format.HTML
    assert report.provenance.encoding == "utf-8"
    assert report.provenance.sha256 == hashlib.sha256(data).hexdigest()
    assert report.provenance.library_version == "1.2.3"
    without_data = assemble(_document(_grid(REQUESTS_2021)))
    assert without_data.provenance is not None
    assert without_data.provenance.sha256 == ""


def test_title_from_document_metadata() -> None:
    report = assemble(
        _document(_grid(REQUESTS_2021), title="沭阳县发展和改革局2023年政府信息公开工作年度报告")
    )
    assert report.title == "沭阳县发展和改革局2023年政府信息公开工作年度报告"
    assert report.agency == "沭阳县发展和改革局"
    assert report.year == 2023


def test_assembly_is_deterministic() -> None:
    document = _document(_paragraph("某县人民政府2023年政府信息公开工作年度报告"), _grid(REQUESTS_2021))
    assert assemble(document, data=b"x") == assemble(document, data=b"x")
