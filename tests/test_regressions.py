"""One test per bug found, named after the behaviour it pins down."""

from __future__ import annotations

import importlib.metadata
import io
import zipfile
from pathlib import Path

import pytest
from tests.textgen import Layout, distinct_values, render_cell_per_line, render_spaced, render_tsv

from govinfo_report import Report, parse_bytes, parse_path, to_cells
from govinfo_report.errors import StructureError, UnsupportedFormatError
from govinfo_report.model import CellState, DeviationKind, Format, TableKind, TemplateVersion
from govinfo_report.serialize import to_cells_document

AGENCY = "某县卫生健康局"


def _parse(text: str) -> Report:
    return parse_bytes(text.encode("utf-8"), format=Format.TEXT, source="r.txt")


@pytest.mark.parametrize("render", [render_cell_per_line, render_tsv], ids=["cell-per-line", "tsv"])
def test_entirely_blank_appeals_table_is_blank_not_missing(render: object) -> None:
    """A review/litigation table whose 15 cells are all "-" is present and blank (雄县 2019 left its
    tables unfilled, spec §9.2); its cells must not be reported as missing from the source."""
    assert callable(render)
    values = distinct_values(TemplateVersion.V2019)
    for key in values:
        if key.startswith("appeals."):
            values[key] = None
    report = _parse(
        render(
            version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020, layout=Layout(blank="-")
        )
    )
    states = {cell.key: cell.state for cell in report.appeals.cells()}
    assert set(states.values()) == {CellState.BLANK}
    document = to_cells_document(report)
    assert [key for key in document["missing"] if key.startswith("appeals.")] == []
    assert to_cells(report) == values


def test_official_2021_fee_header_is_not_a_unit_deviation() -> None:
    """本年收费金额（单位：万元） is the 2021 template's own header, not a departure from it."""
    values = distinct_values(TemplateVersion.V2021)
    report = _parse(
        render_cell_per_line(version=TemplateVersion.V2021, values=values, agency=AGENCY, year=2023)
    )
    assert to_cells(report) == values
    cell = report.cell("proactive.art20_8.fees.amount_yuan")
    assert cell is not None
    assert cell.unit == "万元"
    assert [d for d in report.deviations if d.kind is DeviationKind.UNIT] == []
    assert [d for d in report.deviations if d.found and d.found == d.expected] == []


def test_ji_typo_in_partial_row_is_recorded_as_a_variant() -> None:
    """Spec §10.3 lists 记 for 计 among the label variants, and every variant is recorded (R-G-08);
    seed-002 writes （二）部分公开（区分处理的，只记这一情形，不记其他情形）."""
    values = distinct_values(TemplateVersion.V2019)
    text = render_cell_per_line(version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020)
    text = text.replace("只计这一情形，不计其他情形", "只记这一情形，不记其他情形")
    report = _parse(text)
    assert to_cells(report) == values
    variants = [d for d in report.deviations if d.kind is DeviationKind.LABEL_VARIANT]
    assert [(d.table, d.expected) for d in variants] == [
        (TableKind.REQUESTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    ]
    assert "只记" in variants[0].found


def test_carriage_return_line_endings() -> None:
    """Text saved with classic Mac line endings (CR only) reads like the same text with LF."""
    values = distinct_values(TemplateVersion.V2019)
    text = render_cell_per_line(version=TemplateVersion.V2019, values=values, agency=AGENCY, year=2020)
    report = _parse(text.replace("\n", "\r"))
    assert report.agency == AGENCY
    assert report.year == 2020
    assert to_cells(report) == values


def test_captions_without_brackets_are_recognised(corpus_dir: Path) -> None:
    """第二十条第五项 (no brackets around the item number) opens the same block as 第二十条第（五）项."""
    text = (corpus_dir / "seed-001-haiyuan-health-2020.txt").read_text(encoding="utf-8")
    plain = text.replace("第二十条第（", "第二十条第").replace("）项", "项")
    assert plain != text
    report = parse_bytes(plain.encode(), format=Format.TEXT, source="plain-captions.txt")
    assert report.value("proactive.art20_5.licensing.decisions") == 146
    assert report.value("proactive.art20_6.penalty.delta") == -22


def test_big5_report_fails_with_a_message_saying_why() -> None:
    """A traditional-Chinese (Big5) page is decoded, but its labels cannot match: the error says so."""
    page = (
        '<html><head><meta charset="big5"></head><body><p>2023年政府資訊公開工作年度報告</p>'
        "<table><tr><td>第二十條第（一）項</td></tr><tr><td>信息內容</td><td>本年製發件數</td></tr>"
        "<tr><td>規章</td><td>0</td></tr></table></body></html>"
    )
    with pytest.raises(StructureError, match="traditional Chinese"):
        parse_bytes(page.encode("big5hkscs"), source="big5.html")


def test_big5_text_that_parses_is_recorded_as_a_deviation(corpus_dir: Path) -> None:
    """A report parsed from Big5 bytes carries a deviation naming the encoding (R-G-08 reports it)."""
    page = (corpus_dir / "shuyang-county-ndrc-2023.html").read_text(encoding="utf-8")
    data = page.replace('charset="utf-8"', 'charset="big5"').encode("big5hkscs", errors="replace")
    report = parse_bytes(data, source="big5.html")
    assert report.provenance is not None
    assert report.provenance.encoding == "big5hkscs"
    assert any("traditional Chinese" in deviation.found for deviation in report.deviations)


@pytest.mark.parametrize(
    ("name", "backend"),
    [
        ("huaian-hongze-district-gov-2023.pdf", "pypdfium2"),
        ("shuyang-county-ndrc-2023.html", "lxml"),
        ("shuyang-county-ndrc-2023-lo.docx", "lxml"),
        ("seed-002-gaoan-health-2020.txt", None),
    ],
)
def test_provenance_names_the_backend(corpus_dir: Path, name: str, backend: str | None) -> None:
    """A wrong number is traced to the backend that read it: its version is in the provenance."""
    report = parse_path(corpus_dir / name)
    assert report.provenance is not None
    if backend is None:
        assert report.provenance.backends == ()
    else:
        [(found, version)] = report.provenance.backends
        assert found == backend
        assert version == importlib.metadata.version(backend)


@pytest.mark.parametrize("render", [render_tsv, render_spaced], ids=["tsv", "spaced"])
@pytest.mark.parametrize("version", TemplateVersion)
def test_application_table_without_its_header_note(version: TemplateVersion, render: object) -> None:
    """An application table that lost its header (勾稽关系 note, 申请人情况) starts at its first row's label;
    its rows were taken for extra rows of the 第二十条 table before it."""
    assert callable(render)
    values = distinct_values(version)
    text = render(
        version=version, values=values, agency=AGENCY, year=2020 if version is TemplateVersion.V2019 else 2023
    )
    text = "\n".join(line for line in text.split("\n") if "勾稽关系" not in line and "申请人情况" not in line)
    report = _parse(text)
    assert to_cells(report) == values
    assert report.proactive.extra_rows == ()


def test_zip_of_an_unknown_version_is_an_unsupported_format() -> None:
    """A zip whose central directory states a version zipfile does not know (a flipped byte) is no crash:
    format detection raised NotImplementedError."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    central = data.rindex(b"PK\x01\x02")
    data[central + 6] = 124  # "version needed to extract": 12.4
    with pytest.raises(UnsupportedFormatError, match="damaged ZIP"):
        parse_bytes(bytes(data))
