"""Plain-text reports: lines into blocks, and the text shapes of the corpus end to end."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from tests.textgen import Layout, distinct_values, render_cell_per_line, render_tsv

from govinfo_report import Report, parse_bytes, to_cells
from govinfo_report.document import Paragraph, TableGrid
from govinfo_report.errors import (
    ExtractionError,
    LimitExceededError,
    ParseError,
    SourceLocation,
    StructureError,
)
from govinfo_report.limits import Limits
from govinfo_report.model import CellState, DeviationKind, Format, TableKind, TemplateVersion
from govinfo_report.model.labels import cell_keys
from govinfo_report.readers.text import read_text, text_to_document
from govinfo_report.serialize import to_cells_document

AGENCY = "某县卫生健康局"


def _parse(text: str) -> Report:
    return parse_bytes(text.encode("utf-8"), format=Format.TEXT, source="r.txt")


def _wrong_cells(report: Report, values: dict[str, int | Decimal | None]) -> dict[str, object]:
    cells = to_cells(report)
    return {key: (expected, cells[key]) for key, expected in values.items() if cells[key] != expected}


def _kinds(report: Report) -> list[tuple[DeviationKind, str]]:
    return [(deviation.kind, deviation.found) for deviation in report.deviations]


# -- lines into blocks ---------------------------------------------------------------------------


def test_paragraphs_keep_their_line_numbers_and_skip_blank_lines() -> None:
    document = text_to_document("标题\n\n  \n第一段。\r\n第二段。", source="r.txt", encoding="utf-8")
    assert document.format is Format.TEXT
    assert document.source == "r.txt"
    assert document.encoding == "utf-8"
    assert document.blocks == (
        Paragraph(text="标题", location=SourceLocation(source="r.txt", line=1)),
        Paragraph(text="第一段。", location=SourceLocation(source="r.txt", line=4)),
        Paragraph(text="第二段。", location=SourceLocation(source="r.txt", line=5)),
    )


def test_cells_one_per_line_form_rows_separated_by_blank_lines() -> None:
    text = "前言。\n\t信息内容\n\t本年新制作数量\n\n\t规章\n\t0\n\t\n\t　3\n\n正文。\n"
    document = text_to_document(text, source="r.txt")
    paragraph, grid, after = document.blocks
    assert isinstance(paragraph, Paragraph)
    assert isinstance(grid, TableGrid)
    assert isinstance(after, Paragraph)
    assert [[cell.text for cell in row] for row in grid.rows] == [
        ["信息内容", "本年新制作数量"],
        ["规章", "0", "", "　3"],
    ]
    # A tab-only line is a blank cell, kept in its place.
    blank = grid.rows[1][2]
    assert blank.location == SourceLocation(source="r.txt", line=7, table=0, row=1, col=2)
    assert grid.location == SourceLocation(source="r.txt", line=2, table=0)


def test_tsv_rows_keep_empty_fields() -> None:
    text = "行政许可\t118\t+28\t146\n规章\t\t0\t\n信息内容\t上一年 项目数量\t本年增/减\t\n"
    [grid] = text_to_document(text).blocks
    assert isinstance(grid, TableGrid)
    assert [[cell.text for cell in row] for row in grid.rows] == [
        ["行政许可", "118", "+28", "146"],
        ["规章", "", "0", ""],
        ["信息内容", "上一年 项目数量", "本年增/减", ""],
    ]
    assert grid.rows[0][3].location == SourceLocation(line=1, table=0, row=0, col=3)


def test_label_broken_across_lines_stays_inside_the_table() -> None:
    """seed-004: "（三）不予" / blank line / "公开" are one cell's text spread over lines."""
    text = "\t\n\t（三）不予\n\n公开\n\t1.属于国家秘密\n\t0\n\n正文很长的一句话，不是表格的一部分。\n"
    blocks = text_to_document(text).blocks
    assert isinstance(blocks[0], TableGrid)
    assert isinstance(blocks[1], Paragraph)
    texts = [cell.text for row in blocks[0].rows for cell in row]
    assert "公开" in texts


def test_tables_are_numbered_in_document_order() -> None:
    text = "\t规章\n\t0\n\n本年度未发生因政府信息公开工作被申请行政复议的情况。\n\t行政复议\n\t0\n"
    blocks = text_to_document(text).blocks
    grids = [block for block in blocks if isinstance(block, TableGrid)]
    assert [grid.location.table for grid in grids] == [0, 1]


def test_table_cell_limit() -> None:
    text = "\n".join("\t0" for _ in range(50))
    with pytest.raises(LimitExceededError, match="max_table_cells") as caught:
        text_to_document(text, source="big.txt", limits=Limits(max_table_cells=10))
    assert caught.value.location is not None
    assert caught.value.location.source == "big.txt"
    assert (caught.value.location.line, caught.value.location.table) == (1, 0)  # the row's first line


def test_table_cell_limit_names_the_row_that_exceeds_it() -> None:
    text = "说明\n" + "\n".join("a\tb\tc" for _ in range(10))
    with pytest.raises(LimitExceededError, match="max_table_cells") as caught:
        text_to_document(text, limits=Limits(max_table_cells=10))
    assert caught.value.location is not None
    assert (caught.value.location.line, caught.value.location.table) == (5, 0)  # cells 10 to 12


# -- decoding ------------------------------------------------------------------------------------


def test_gb18030_text_is_decoded_and_recorded() -> None:
    text = render_cell_per_line(
        version=TemplateVersion.V2019, values=distinct_values(TemplateVersion.V2019), agency=AGENCY, year=2020
    )
    report = parse_bytes(text.encode("gb18030"), source="gbk.txt")
    assert report.agency == AGENCY
    assert report.provenance is not None
    assert report.provenance.encoding == "gb18030"
    assert to_cells(report) == distinct_values(TemplateVersion.V2019)


def test_utf8_bom_is_dropped() -> None:
    text = render_cell_per_line(
        version=TemplateVersion.V2019, values=distinct_values(TemplateVersion.V2019), agency=AGENCY, year=2020
    )
    report = parse_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert report.title == f"{AGENCY}2020年政府信息公开工作年度报告"
    assert report.provenance is not None
    assert report.provenance.encoding == "utf-8"


def test_parse_text_returns_a_document() -> None:
    document = read_text("标题\n\t规章\n\t0\n".encode(), source="r.txt")
    assert document.source == "r.txt"
    assert isinstance(document.blocks[1], TableGrid)


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", StructureError),
        (" \n\t\n\u3000\n\r\n".encode(), StructureError),
        (
            "关于召开会议的通知\n\n请各单位于下周一参加会议。\n\t时间\t地点\n\t上午\t三楼\n".encode(),
            StructureError,
        ),
        (b"\x80\xff" * 16, ExtractionError),
    ],
    ids=["empty", "whitespace-only", "not-a-report", "undecodable"],
)
def test_unreadable_text_is_a_parse_error_with_location(data: bytes, error: type[ParseError]) -> None:
    with pytest.raises(error) as caught:
        parse_bytes(data, format=Format.TEXT, source="bad.txt")
    assert isinstance(caught.value, ParseError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.location is not None
    assert caught.value.location.source == "bad.txt"
    message = str(caught.value)
    assert "bad.txt" in message
    assert message.strip()


def test_not_a_report_message_says_so() -> None:
    with pytest.raises(StructureError, match="does not look like an annual report"):
        parse_bytes("会议通知\n请准时参加。\n".encode(), source="notice.txt")


def test_undecodable_message_names_the_encodings_tried() -> None:
    with pytest.raises(ExtractionError, match="UTF-8") as caught:
        parse_bytes(b"\x80\xff" * 16, source="bad.txt")
    assert "GB18030" in str(caught.value)


# -- text shapes end to end ----------------------------------------------------------------------


@pytest.mark.parametrize("version", list(TemplateVersion))
@pytest.mark.parametrize("render", [render_cell_per_line, render_tsv], ids=["cell-per-line", "tsv"])
def test_both_templates_in_both_shapes(version: TemplateVersion, render: object) -> None:
    assert callable(render)
    values = distinct_values(version)
    report = _parse(render(version=version, values=values, agency=AGENCY, year=2023))
    assert report.template is version
    assert report.year == 2023
    assert report.agency == AGENCY
    assert _wrong_cells(report, values) == {}
    assert [section.number for section in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.provenance is not None
    assert report.provenance.format is Format.TEXT


def test_values_keep_raw_text_and_line() -> None:
    values = distinct_values(TemplateVersion.V2019)
    values["proactive.art20_5.licensing.delta"] = 28
    text = render_cell_per_line(
        version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020, layout=Layout(pad="\u3000")
    )
    report = _parse(text)
    cell = report.cell("proactive.art20_5.licensing.delta")
    assert cell is not None
    assert cell.value == 28
    assert cell.raw == "\u3000+28\u3000"
    assert cell.location is not None
    assert cell.location.line is not None
    assert text.splitlines()[cell.location.line - 1] == "\t\u3000+28\u3000"


def test_signed_deltas() -> None:
    values = distinct_values(TemplateVersion.V2019)
    values["proactive.art20_5.licensing.delta"] = 28
    values["proactive.art20_6.penalty.delta"] = -22
    values["proactive.art20_6.coercion.delta"] = -3
    text = render_tsv(
        version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020, layout=Layout(minus="\u2212")
    )
    assert "\t+28\t" in text
    assert "\t\u221222\t" in text
    report = _parse(text)
    assert report.value("proactive.art20_5.licensing.delta") == 28
    assert report.value("proactive.art20_6.penalty.delta") == -22
    assert report.value("proactive.art20_6.coercion.delta") == -3


def test_full_width_digits_and_ideographic_padding() -> None:
    values = distinct_values(TemplateVersion.V2021)
    layout = Layout(pad="\u3000", full_width_digits=True)
    report = _parse(
        render_cell_per_line(
            version=TemplateVersion.V2021, values=values, agency=AGENCY, year=2022, layout=layout
        )
    )
    assert _wrong_cells(report, values) == {}


def test_blank_cells_are_blank_not_zero() -> None:
    values = distinct_values(TemplateVersion.V2019)
    for key in (
        "requests.granted.public_interest",
        "requests.granted.other_org",
        "requests.carried_forward.natural_person",
    ):
        values[key] = None
    for layout in (Layout(), Layout(blank="\u3000"), Layout(blank="-")):
        for render in (render_cell_per_line, render_tsv):
            report = _parse(
                render(version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020, layout=layout)
            )
            assert _wrong_cells(report, values) == {}
            cell = report.cell("requests.granted.public_interest")
            assert cell is not None
            assert cell.state is CellState.BLANK
            assert cell.value is None
            assert cell.blank
            document = to_cells_document(report)
            assert document["cells"]["requests.carried_forward.natural_person"] is None
            assert "requests.carried_forward.natural_person" not in document["missing"]


def test_tsv_with_broken_alignment() -> None:
    """seed-001: rows without leading tabs but with trailing ones, a blank line inside a block,
    group labels starting at column 0, labels with half-width brackets and stray spaces."""
    values = distinct_values(TemplateVersion.V2019)
    text = render_tsv(version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020)
    text = re.sub(r"\t\t(6\.属于四类过程性信息(?:\t\d+)+)\n", r"\1\t\t\n\n", text)
    text = re.sub(r"\t\t(7\.属于行政执法案卷(?:\t\d+)+)\n", r"\1\t\t\n", text)
    text = re.sub(r"\t(（[四五]）)", r"\1", text)
    text = text.replace("上一年项目数量", "上一年 项目数量").replace("（一）予以公开", "(一) 予以公开")
    assert "\n6.属于四类过程性信息\t" in text
    assert "\n(一) 予以公开" not in text  # still after its group label "三、本年度办理结果"
    report = _parse(text)
    assert _wrong_cells(report, values) == {}


def test_labels_broken_across_lines_with_blank_lines() -> None:
    """seed-003 and seed-004: "本年新\\n制作数量", "（三）不予\\n\\n公开", "结\\n\\n果\\n\\n维\\n\\n持"."""
    values = distinct_values(TemplateVersion.V2019)
    text = render_cell_per_line(version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020)
    text = text.replace("\t本年新制作数量\n", "\t本年新\n制作数量\n")
    text = text.replace("\t（三）不予公开\n", "\t（三）不予\n\n公开\n")
    text = text.replace("\t（四）无法提供\n", "\t（四）无法\n\n提供\n")
    text = text.replace(
        "\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计\n\t未经",
        "\t结\n\n果\n\n维\n\n持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总 计\n\t未经",
    )
    assert "\t结\n\n果" in text
    report = _parse(text)
    assert _wrong_cells(report, values) == {}


@pytest.mark.parametrize("keep_group_label", [True, False], ids=["group-label-kept", "group-label-lost"])
def test_label_cells_replaced_by_zero_are_placed_by_position(keep_group_label: bool) -> None:
    """seed-000: the sub-rows of 不予公开/无法提供/不予处理 have "　0" where their label should be."""
    values = distinct_values(TemplateVersion.V2019)
    text = render_cell_per_line(version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020)
    first_sub_row = r"\t\1\n\t　0\n" if keep_group_label else r"\t　0\n"
    text = re.sub(r"\t(（[三四五]）\S+)\n\t\d\.\S+\n", first_sub_row, text)
    text = re.sub(r"\t\n\t\n\t\d\.\S+\n", "\t\n\t　0\n", text)
    assert "属于国家秘密" not in text
    assert "重复申请" not in text
    report = _parse(text)
    assert _wrong_cells(report, values) == {}
    for key in (
        "requests.denied.state_secret.total",
        "requests.unable.still_unclear.total",
        "requests.not_processed.repeat.total",
    ):
        cell = report.cell(key)
        assert cell is not None
        assert cell.note == "row placed by position within its block"
    granted = report.cell("requests.granted.total")
    assert granted is not None
    assert granted.note is None


def test_local_extra_rows_are_kept_with_deviations() -> None:
    """seed-004 splits 其他对外管理服务事项 into 行政检查 and 行政确认."""
    values = distinct_values(TemplateVersion.V2019)
    text = render_cell_per_line(version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020)
    row = "\t其他对外管理服务事项\n\t9\n\t+10\n\t11\n"
    assert row in text
    split = "\t其他对外管理服务事项\n\t行政检查\n\t13\n\t0\n\t84470\n\n\t\n\t行政确认\n\t8\n\t0\n\t17510\n"
    report = _parse(text.replace(row, split))
    extra = [(row.label, [cell.value for cell in row.cells]) for row in report.proactive.extra_rows]
    assert extra == [("行政检查", [13, 0, 84470]), ("行政确认", [8, 0, 17510])]
    assert all(cell.key is None for row in report.proactive.extra_rows for cell in row.cells)
    assert (DeviationKind.EXTRA_ROW, "行政检查") in _kinds(report)
    assert (DeviationKind.EXTRA_ROW, "行政确认") in _kinds(report)
    # The split template row is missing, not zero, and not reported as a missing row.
    document = to_cells_document(report)
    assert document["missing"] == [
        "proactive.art20_5.other_services.prev_items",
        "proactive.art20_5.other_services.delta",
        "proactive.art20_5.other_services.decisions",
    ]
    assert DeviationKind.MISSING_ROW not in {kind for kind, _ in _kinds(report)}
    # Every other cell is unaffected.
    del values["proactive.art20_5.other_services.prev_items"]
    del values["proactive.art20_5.other_services.delta"]
    del values["proactive.art20_5.other_services.decisions"]
    assert _wrong_cells(report, values) == {}


def test_unit_in_header_converts_wan_yuan() -> None:
    """seed-004: 采购总金额（万元，保留四位小数） with 627.1854."""
    values = distinct_values(TemplateVersion.V2019)
    text = render_cell_per_line(version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020)
    text = text.replace("\t采购总金额\n", "\t采购总金额（万元，保留四位小数）\n").replace(
        "\t6271854\n", "\t627.1854\n"
    )
    report = _parse(text)
    cell = report.cell("proactive.art20_9.procurement.amount_yuan")
    assert cell is not None
    assert cell.value == Decimal("6271854")
    assert isinstance(cell.value, Decimal)
    assert cell.raw == "627.1854"
    assert cell.unit == "万元"
    assert (DeviationKind.UNIT, "采购总金额（万元，保留四位小数）") in _kinds(report)


@pytest.mark.parametrize(
    ("header", "cell_text", "unit"),
    [
        ("采购总金额（元）", " 271217", "元"),  # seed-002
        ("采购总金额", "251000元", "元"),  # unit inside the cell
        ("采购总金额", "160.5964万元", "万元"),  # unit inside the cell, decimals
    ],
)
def test_units_are_recorded(header: str, cell_text: str, unit: str) -> None:
    values = distinct_values(TemplateVersion.V2019)
    text = render_cell_per_line(version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020)
    text = text.replace("\t采购总金额\n", f"\t{header}\n").replace("\t6271854\n", f"\t{cell_text}\n")
    cell = _parse(text).cell("proactive.art20_9.procurement.amount_yuan")
    assert cell is not None
    assert cell.unit == unit
    number = Decimal(re.sub(r"[^\d.]", "", cell_text))
    assert cell.value == (number * 10000 if unit == "万元" else number)


def test_unit_stated_in_the_narrative() -> None:
    """seed-000 writes 24433934 in the table and "成交金额为24433934元" in the text."""
    values = distinct_values(TemplateVersion.V2019)
    values["proactive.art20_9.procurement.amount_yuan"] = Decimal("24433934")
    text = render_cell_per_line(version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020)
    text = text.replace(
        "二、主动公开政府信息情况\n",
        "二、主动公开政府信息情况\n政府集中采购项目130项，成交金额为24433934元。\n",
    )
    cell = _parse(text).cell("proactive.art20_9.procurement.amount_yuan")
    assert cell is not None
    assert cell.value == Decimal("24433934")
    assert cell.unit == "元"


def test_2021_fee_amount_is_in_wan_yuan() -> None:
    values = distinct_values(TemplateVersion.V2021)
    values["proactive.art20_8.fees.amount_yuan"] = Decimal("12345.6789") * 10000
    text = render_cell_per_line(version=TemplateVersion.V2021, values=values, agency=AGENCY, year=2023)
    assert "\t12345.6789\n" in text
    cell = _parse(text).cell("proactive.art20_8.fees.amount_yuan")
    assert cell is not None
    assert cell.value == Decimal("123456789")
    assert cell.unit == "万元"


def test_label_variants_are_recognised_and_recorded() -> None:
    """seed-002: 合计 for 总计, 信访投诉举报类申请, 结果维护 for 结果维持."""
    values = distinct_values(TemplateVersion.V2019)
    text = render_cell_per_line(version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020)
    text = text.replace("\t法人或其他组织\n\t总计\n", "\t法人或其他组织\n\t合计\n")
    text = text.replace("1.信访举报投诉类申请", "1.信访投诉举报类申请")
    text = text.replace("\t结果维持\n", "\t结果维护\n")
    report = _parse(text)
    assert _wrong_cells(report, values) == {}
    variants = {
        (d.table, d.found.strip(), d.expected)
        for d in report.deviations
        if d.kind is DeviationKind.LABEL_VARIANT
    }
    assert (TableKind.REQUESTS, "合计", "总计") in variants
    assert (TableKind.REQUESTS, "1.信访投诉举报类申请", "1.信访举报投诉类申请") in variants
    assert (TableKind.APPEALS, "结果维护", "结果维持") in variants


def test_2021_report_with_a_single_2019_style_other_handling_row() -> None:
    """huaian-hongze 2023: one （六）其他处理 row in a 2021 table is an extra row and a layout deviation."""
    values = distinct_values(TemplateVersion.V2021)
    text = render_cell_per_line(version=TemplateVersion.V2021, values=values, agency=AGENCY, year=2023)
    start = text.index("\t\n\t（六）其他处理\n")
    end = text.index("\t\n\t（七）总计\n")
    single = "\t\n\t（六）其他处理\n" + "".join(f"\t{number}\n" for number in range(7)) + "\n"
    report = _parse(text[:start] + single + text[end:])
    assert report.template is TemplateVersion.V2021
    [extra] = report.requests.extra_rows
    assert extra.label == "（六）其他处理"
    assert [cell.value for cell in extra.cells] == list(range(7))
    kinds = _kinds(report)
    assert (DeviationKind.LAYOUT, "（六）其他处理") in kinds
    assert (DeviationKind.EXTRA_ROW, "（六）其他处理") in kinds
    # The template's wording, in the language of the template (it appears in Chinese messages).
    [layout] = [d for d in report.deviations if d.kind is DeviationKind.LAYOUT]
    assert layout.expected == "（六）其他处理及其分项"
    document = to_cells_document(report)
    sub_rows = [key for key in cell_keys("2021") if key.startswith("requests.other_handling.")]
    assert len(sub_rows) == 21
    assert document["missing"] == sub_rows
    # The rows after it are still in their place.
    others = {key: value for key, value in values.items() if not key.startswith("requests.other_handling.")}
    assert _wrong_cells(report, others) == {}
