"""Tests of the PDF parser: corpus reports and synthetic PDFs written by ``pdfgen``.

Every test runs with both backends.  With PDFium the synthetic PDFs draw their
CJK text in a Type 3 font (``build_pdf(..., type3=True)``): the CID font of
``pdfgen`` has no glyph outlines, and PDFium leaves out text objects without
extent (the reader then falls back to pdfminer, which would test nothing new).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import CorpusCase
from tests.readers import pdfgen
from tests.readers.pdfgen import Cell, Encryption, PageBuilder, draw_table, dump

from govinfo_report.document import Document, GridCell, Paragraph, TableGrid
from govinfo_report.errors import ExtractionError, LimitExceededError, ParseError
from govinfo_report.limits import Limits
from govinfo_report.model import Format
from govinfo_report.model.labels import MONEY_KEYS, cell_keys
from govinfo_report.readers import PDF_BACKENDS, PdfBackend
from govinfo_report.readers.pdf import read_pdf as _read_pdf
from govinfo_report.readers.pdf._layout import Char as LayoutChar
from govinfo_report.readers.pdf._layout import cell_text, group_lines, is_page_number

PDF_DATA = Path(__file__).resolve().parent.parent / "data" / "pdf"

_BACKEND: list[PdfBackend] = [PDF_BACKENDS[0]]


@pytest.fixture(autouse=True, params=PDF_BACKENDS)
def pdf_backend(request: pytest.FixtureRequest) -> Iterator[PdfBackend]:
    """The backend the test's reads use."""
    _BACKEND[0] = request.param
    yield request.param
    _BACKEND[0] = PDF_BACKENDS[0]


def read_pdf(data: bytes, **options: Any) -> Document:
    """:func:`govinfo_report.readers.pdf.read_pdf` with the test's backend, which reads the file itself."""
    document = _read_pdf(data, backend=_BACKEND[0], **options)
    assert document.backend == ("pypdfium2" if _BACKEND[0] == "pdfium" else "pdfminer.six")
    return document


def build_pdf(pages: list[PageBuilder], **options: Any) -> bytes:
    """:func:`tests.readers.pdfgen.build_pdf`, with glyph outlines for PDFium."""
    return pdfgen.build_pdf(pages, type3=_BACKEND[0] == "pdfium", **options)


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _grids(document: Document) -> list[TableGrid]:
    return [block for block in document.blocks if isinstance(block, TableGrid)]


def _paragraphs(document: Document) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Paragraph)]


def _squash(text: str) -> str:
    return "".join(text.split())


def _texts(grid: TableGrid) -> list[list[str]]:
    """Grid texts with spanned copies marked ``~``."""
    return [[("~" if cell.spanned else "") + cell.text for cell in row] for row in grid.rows]


def _origin_texts(grid: TableGrid) -> list[list[str]]:
    return [[_squash(cell.text) for cell in row if not cell.spanned] for row in grid.rows]


def _value_rows(grid: TableGrid) -> list[list[str]]:
    """For each row, the numeric origin cells after its last label cell."""
    rows = []
    for row in grid.rows:
        cells = [cell.text.strip() for cell in row if not cell.spanned]
        values: list[str] = []
        for text in reversed(cells):
            if not _NUMBER.fullmatch(text):
                break
            values.insert(0, text)
        if values:
            rows.append(values)
    return rows


def _grid_with(document: Document, marker: str) -> TableGrid:
    for grid in _grids(document):
        if any(marker in _squash(cell.text) for row in grid.rows for cell in row):
            return grid
    raise AssertionError(f"no grid holds {marker!r}:\n{dump(document)}")


@pytest.fixture(scope="module")
def parsed_corpus() -> dict[str, Document]:
    return {}


def _parse_case(case: CorpusCase, cache: dict[str, Document]) -> Document:
    if case.name not in cache:
        cache[case.name] = read_pdf(case.path.read_bytes(), source=case.name)
    return cache[case.name]


# -- corpus ---------------------------------------------------------------------------------------


@pytest.mark.corpus(formats=("pdf",))
def test_corpus_request_rows_have_their_values(
    corpus_case: CorpusCase, parsed_corpus: dict[str, Document]
) -> None:
    """Every template row of the requests table is one grid row with its seven values, in order."""
    document = _parse_case(corpus_case, parsed_corpus)
    grid = _grid_with(document, "申请人情况")
    found = _value_rows(grid)
    assert all(len(values) == 7 for values in found), dump(document)
    scored = corpus_case.scored_cells
    keys = [key for key in cell_keys(corpus_case.golden["template"]) if key.startswith("requests.")]
    expected = []
    for start in range(0, len(keys), 7):
        row = keys[start : start + 7]
        if all(key in scored for key in row):
            expected.append([str(scored[key]) for key in row])
    extra = [row for row in corpus_case.golden["extra_rows"] if row["table"] == "requests"]
    assert len(found) == len(expected) + len(extra), dump(document)
    remaining = iter(found)
    for row in expected:
        assert any(values == row for values in remaining), f"{row} missing or out of order\n{dump(document)}"


@pytest.mark.corpus(formats=("pdf",))
def test_corpus_proactive_and_appeal_values(
    corpus_case: CorpusCase, parsed_corpus: dict[str, Document]
) -> None:
    """The 第二十条 grid and the review/litigation grid hold the golden values in template order."""
    document = _parse_case(corpus_case, parsed_corpus)
    golden = corpus_case.scored_cells
    keys = cell_keys(corpus_case.golden["template"])

    proactive = _grid_with(document, "第二十条")
    values = [value for row in _value_rows(proactive) for value in row]
    wanted = [key for key in keys if key.startswith("proactive.")]
    assert len(values) == len(wanted), dump(document)
    in_wan = any("万元" in cell.text for row in proactive.rows for cell in row)
    for key, text in zip(wanted, values, strict=True):
        if key in MONEY_KEYS:
            assert Decimal(text) * (10_000 if in_wan else 1) == Decimal(golden[key]), key
        else:
            assert int(text) == golden[key], key

    appeals = _grid_with(document, "复议后起诉")
    rows = _value_rows(appeals)
    assert len(rows) == 1, dump(document)
    wanted = [key for key in keys if key.startswith("appeals.")]
    assert [int(text) for text in rows[0]] == [golden[key] for key in wanted]


@pytest.mark.corpus(formats=("pdf",))
def test_corpus_layout_traps(corpus_case: CorpusCase, parsed_corpus: dict[str, Document]) -> None:
    """Vertical and page-cut labels are whole cells; tables continued on a new page are one grid."""
    document = _parse_case(corpus_case, parsed_corpus)
    requests = _grid_with(document, "申请人情况")
    texts = {_squash(cell.text) for row in requests.rows for cell in row}
    assert "三、本年度办理结果" in texts
    assert "（四）无法提供" in texts
    assert len({cell.location.page for row in requests.rows for cell in row}) == 2
    assert len({cell.location.page for row in _grid_with(document, "第二十条").rows for cell in row}) == 2
    assert len(_grids(document)) == 3, dump(document)


@pytest.mark.corpus(formats=("pdf",))
def test_corpus_paragraphs(corpus_case: CorpusCase, parsed_corpus: dict[str, Document]) -> None:
    """Headings are paragraphs of their own; page numbers and table text are not paragraphs."""
    document = _parse_case(corpus_case, parsed_corpus)
    paragraphs = _paragraphs(document)
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"):
        assert heading in paragraphs
    assert not [text for text in paragraphs if is_page_number(text)]
    assert not [text for text in paragraphs if "申请数量" in text or "第二十条" in text]
    assert any("年度报告" in text for text in paragraphs[:3])


@pytest.mark.corpus(formats=("pdf",))
def test_corpus_provenance(corpus_case: CorpusCase, parsed_corpus: dict[str, Document]) -> None:
    """Every cell knows its source, page, table, row, column and box; paragraphs their page and box."""
    document = _parse_case(corpus_case, parsed_corpus)
    assert document.format is Format.PDF
    assert document.source == corpus_case.name
    for index, grid in enumerate(_grids(document)):
        assert grid.location.table == index
        for row_index, row in enumerate(grid.rows):
            for col, cell in enumerate(row):
                where = cell.location
                assert (where.source, where.table, where.row, where.col) == (
                    corpus_case.name,
                    index,
                    row_index,
                    col,
                )
                assert where.page is not None
                assert where.page >= 1
                assert where.bbox is not None
                x0, y0, x1, y1 = where.bbox
                assert 0 <= x0 < x1 <= 595
                assert 0 <= y0 < y1 <= 842
    for block in document.blocks:
        if isinstance(block, Paragraph):
            assert block.location.page is not None
            assert block.location.bbox is not None


# -- synthetic tables ------------------------------------------------------------------------------


def _data_rows(labels: list[str], start: int, first: int = 0) -> list[Cell]:
    cells = []
    for offset, label in enumerate(labels):
        row = start + offset
        cells.append(Cell(row, 0, [label]))
        cells.extend(Cell(row, col, [str((first + offset) * 10 + col)]) for col in (1, 2))
    return cells


def _split_table(*, repeat_header: bool, footer: str) -> bytes:
    one, two = PageBuilder(), PageBuilder()
    one.text(72, 400, "一、情况", size=16)
    header = [Cell(0, 0, ["项目"]), Cell(0, 1, ["甲"]), Cell(0, 2, ["乙"])]
    draw_table(
        one, (72, 300), [150, 80, 80], [22] * 8, header + _data_rows([f"第{i}行" for i in range(1, 8)], 1)
    )
    one.text(290, 30, footer, size=9)
    rows = [f"第{i}行" for i in range(8, 11)]
    if repeat_header:
        draw_table(two, (72, 780), [150, 80, 80], [22] * 4, header + _data_rows(rows, 1, first=7))
    else:
        draw_table(two, (72, 780), [150, 80, 80], [22] * 3, _data_rows(rows, 0, first=7))
    two.text(72, 680, "二、其他", size=16)
    two.text(290, 30, footer.replace("1", "2"), size=9)
    return build_pdf([one, two])


@pytest.mark.parametrize("repeat_header", [False, True], ids=["no-header", "repeated-header"])
@pytest.mark.parametrize("footer", ["- 1 -", "— 1 —", "第1页"])
def test_table_split_across_pages_is_one_grid(repeat_header: bool, footer: str) -> None:
    """A table continued on the next page, past a page-number footer, comes out as one grid."""
    document = read_pdf(_split_table(repeat_header=repeat_header, footer=footer), source="split.pdf")
    grids = _grids(document)
    assert len(grids) == 1, dump(document)
    rows = _texts(grids[0])
    assert rows[0] == ["项目", "甲", "乙"]
    assert [row[0] for row in rows[1:]] == [f"第{i}行" for i in range(1, 11)]
    assert rows[10] == ["第10行", "91", "92"]
    assert [cell.location.page for cell in grids[0].rows[8]] == [2, 2, 2]
    assert _paragraphs(document) == ["一、情况", "二、其他"]


def test_vertical_merged_label_is_one_cell() -> None:
    """A label set one character per line in a tall merged cell is one cell plus spanned copies."""
    page = PageBuilder()
    label = ["三、", "本", "年", "度", "办", "理", "结", "果"]
    cells = [Cell(0, 0, label, rowspan=4)]
    for row, name in enumerate(["（一）予以公开", "（二）部分公开", "（三）不予公开", "（四）无法提供"]):
        cells += [Cell(row, 1, [name]), Cell(row, 2, [str(row)])]
    draw_table(page, (72, 700), [24, 140, 60], [30] * 4, cells)
    grid = _grids(read_pdf(build_pdf([page])))[0]
    assert _texts(grid) == [
        ["三、本年度办理结果", "（一）予以公开", "0"],
        ["~三、本年度办理结果", "（二）部分公开", "1"],
        ["~三、本年度办理结果", "（三）不予公开", "2"],
        ["~三、本年度办理结果", "（四）无法提供", "3"],
    ]


def test_merged_label_cut_at_page_break_is_rejoined() -> None:
    """A merged label cut by the page break ('（四）无' / '法提供') is glued back into one cell.

    The vertical label column, empty at the top of the second page, continues
    the label above it; a value cell that happens to be empty there does not.
    """
    one, two = PageBuilder(), PageBuilder()
    widths = [20, 34, 120, 40]
    cells = [
        Cell(0, 0, ["三", "本", "年"], rowspan=2),
        Cell(0, 1, ["（三）"]),
        Cell(0, 2, ["1.甲"]),
        Cell(0, 3, ["5"]),
    ]
    cells += [Cell(1, 1, ["（四）无"]), Cell(1, 2, ["1.乙"]), Cell(1, 3, ["6"])]
    draw_table(one, (72, 120), widths, [22, 22], cells)
    one.text(290, 30, "- 1 -", size=9)
    cells = [
        Cell(0, 0, [], rowspan=2),
        Cell(0, 1, ["法提供"], rowspan=2),
        Cell(0, 2, ["2.丙"]),
        Cell(0, 3, []),
    ]
    cells += [Cell(1, 2, ["3.丁"]), Cell(1, 3, ["8"])]
    draw_table(two, (72, 780), widths, [22, 22], cells)
    document = read_pdf(build_pdf([one, two]))
    grids = _grids(document)
    assert len(grids) == 1, dump(document)
    rows = _texts(grids[0])
    assert rows == [
        ["三本年", "（三）", "1.甲", "5"],
        ["~三本年", "（四）无\n法提供", "1.乙", "6"],
        ["~三本年", "~（四）无\n法提供", "2.丙", ""],
        ["~三本年", "~（四）无\n法提供", "3.丁", "8"],
    ]
    origin = grids[0].rows[1][1].location
    assert origin.page == 1


def test_row_split_at_page_break_is_rejoined() -> None:
    """A row whose label wraps onto the next page (its values above the break) is one row."""
    one, two = PageBuilder(), PageBuilder()
    widths = [86, 40, 40]  # the label column holds ten glyphs of 8 pt
    upper = [Cell(0, 0, ["4.无正当理由"]), Cell(0, 1, ["0"]), Cell(0, 2, ["0"])]
    upper += [Cell(1, 0, ["5.要求行政机关确认"]), Cell(1, 1, ["1"]), Cell(1, 2, ["2"])]
    draw_table(one, (72, 120), widths, [22, 22], upper)
    lower = [
        Cell(0, 0, ["或重新出具已获取"]),
        Cell(1, 0, ["（六）其他处理"]),
        Cell(1, 1, ["3"]),
        Cell(1, 2, ["4"]),
    ]
    draw_table(two, (72, 780), widths, [22, 22], lower)
    rows = _texts(_grids(read_pdf(build_pdf([one, two])))[0])
    assert rows == [
        ["4.无正当理由", "0", "0"],
        ["5.要求行政机关确认\n或重新出具已获取", "1", "2"],
        ["（六）其他处理", "3", "4"],
    ]


def test_new_numbered_label_at_page_top_is_not_glued() -> None:
    """A label starting a new numbered item at the top of a page stays its own cell."""
    one, two = PageBuilder(), PageBuilder()
    widths = [34, 120, 40]
    draw_table(
        one, (72, 120), widths, [22], [Cell(0, 0, ["（四）无"]), Cell(0, 1, ["1.乙"]), Cell(0, 2, ["6"])]
    )
    draw_table(
        two, (72, 780), widths, [22], [Cell(0, 0, ["（五）不"]), Cell(0, 1, ["1.丙"]), Cell(0, 2, ["7"])]
    )
    rows = _texts(_grids(read_pdf(build_pdf([one, two])))[0])
    assert rows == [["（四）无", "1.乙", "6"], ["（五）不", "1.丙", "7"]]


@pytest.mark.parametrize("style", ["lines", "cells", "thin"])
def test_ruling_styles_give_the_same_grid(style: Any) -> None:
    """Lines, one stroked rectangle per cell and thin filled rectangles are all rulings."""
    page = PageBuilder()
    cells = [
        Cell(0, 0, ["信息内容"]),
        Cell(0, 1, ["本年制发件数"]),
        Cell(0, 2, ["现行有效件数"]),
        Cell(1, 0, ["规章"]),
        Cell(1, 1, ["1"]),
        Cell(1, 2, ["2"]),
        Cell(2, 0, ["第二十条第（五）项"], colspan=3),
        Cell(3, 0, ["行政许可"]),
        Cell(3, 1, ["447228"], colspan=2),
    ]
    draw_table(page, (72, 700), [150, 120, 120], [24] * 4, cells, style=style)
    grid = _grids(read_pdf(build_pdf([page])))[0]
    assert _texts(grid) == [
        ["信息内容", "本年制发件数", "现行有效件数"],
        ["规章", "1", "2"],
        ["第二十条第（五）项", "~第二十条第（五）项", "~第二十条第（五）项"],
        ["行政许可", "447228", "~447228"],
    ]


def test_double_border_adds_no_sliver_cells() -> None:
    """A second frame 3 pt outside the table (a double border) adds no empty rows or columns."""
    page = PageBuilder()
    cells = [Cell(0, 0, ["甲"]), Cell(0, 1, ["1"]), Cell(1, 0, ["乙"]), Cell(1, 1, ["2"])]
    draw_table(page, (72, 700), [100, 50], [20, 20], cells)
    page.rect(69, 657, 156, 46)
    page.line(69, 680, 225, 680)  # the row ruling runs on to the outer frame
    assert _texts(_grids(read_pdf(build_pdf([page])))[0]) == [["甲", "1"], ["乙", "2"]]


def test_empty_cells_stay_empty_strings() -> None:
    """Cells without text are empty strings, not spanned and not dropped inside a row."""
    page = PageBuilder()
    draw_table(
        page, (72, 700), [100, 50, 50], [20, 20], [Cell(0, 0, ["甲"]), Cell(0, 2, ["3"]), Cell(1, 0, ["乙"])]
    )
    grid = _grids(read_pdf(build_pdf([page])))[0]
    assert _texts(grid) == [["甲", "", "3"], ["乙", "", ""]]
    assert not any(cell.spanned for row in grid.rows for cell in row)


def test_table_without_rulings_is_aligned_by_columns() -> None:
    """Text set in aligned columns without rulings becomes a grid; numbers a few points off still align."""
    page = PageBuilder()
    page.text(72, 760, "四、复议和诉讼", size=14)
    rows = [("项目", "维持", "纠正", "总计"), ("行政复议", "10", "1", "11"), ("行政诉讼", "5", "0", "5")]
    for index, row in enumerate(rows):
        y = 720 - index * 20
        page.text(72, y, row[0])
        for col, value in enumerate(row[1:], start=1):
            page.text(180 + col * 60, y + (1.5 if index == 1 else 0), value)
    page.text(72, 600, "五、问题", size=14)
    document = read_pdf(build_pdf([page]))
    grids = _grids(document)
    assert len(grids) == 1, dump(document)
    assert _texts(grids[0]) == [list(row) for row in rows]
    assert _paragraphs(document) == ["四、复议和诉讼", "五、问题"]


def test_white_backgrounds_and_frames_are_not_tables() -> None:
    """Stacked white line backgrounds and a frame around a paragraph leave the text as paragraphs."""
    page = PageBuilder()
    for index in range(4):
        page.rect(72, 700 - index * 20, 400, 20, stroke=False, fill=1)
        page.text(75, 705 - index * 20, "文字" * 10 if index < 3 else "文字")
    page.rect(70, 500, 404, 40)
    page.text(75, 515, "框内文字")
    document = read_pdf(build_pdf([page]))
    assert _grids(document) == []
    assert _paragraphs(document) == ["文字" * 31, "框内文字"]


# -- synthetic text --------------------------------------------------------------------------------


def test_paragraph_text_removes_spaces_between_cjk_only() -> None:
    """Spaces a justified line puts between CJK characters go; spaces in Latin text and in cells stay."""
    page = PageBuilder()
    page.text(72, 760, "政 府 信 息 公 开")
    page.text(72, 700, "Open Government Data", font="F1")
    draw_table(
        page, (72, 600), [80, 80], [20, 20], [Cell(0, 0, ["总 计"]), Cell(0, 1, ["1"]), Cell(1, 0, ["⼀"])]
    )
    document = read_pdf(build_pdf([page]))
    assert _paragraphs(document) == ["政府信息公开", "Open Government Data"]
    assert _texts(_grids(document)[0]) == [["总 计", "1"], ["⼀", ""]]


def test_paragraphs_join_across_pages_and_headings_stand_alone() -> None:
    """A paragraph running over a page break is one paragraph; an indented first line starts a new one."""
    one, two = PageBuilder(), PageBuilder()
    one.text(72, 180, "一、总体情况", size=12)
    body = "本年度政府信息公开工作"
    one.text(96, 160, body * 2, size=12)
    for index in range(3):
        one.text(72, 140 - index * 20, body * 2 + "进", size=12)
    one.text(290, 30, "- 1 -", size=9)
    two.text(72, 780, "展顺利。", size=12)
    two.text(96, 760, "二是" + body, size=12)
    two.text(290, 30, "- 2 -", size=9)
    paragraphs = _paragraphs(read_pdf(build_pdf([one, two])))
    assert paragraphs == [
        "一、总体情况",
        body * 2 + (body * 2 + "进") * 3 + "展顺利。",
        "二是" + body,
    ]


def test_running_headers_and_page_numbers_are_removed() -> None:
    """A running header and page numbers are dropped; the title in large type on page 1 stays."""
    pages = []
    for number in range(1, 4):
        page = PageBuilder()
        if number == 1:
            page.text(100, 780, "某某市2023年政府信息公开工作年度报告", size=18)
        else:
            page.text(200, 810, "某某市2023年政府信息公开工作年度报告", size=9)
        page.text(72, 700, f"第{number}页的正文。", size=12)
        page.text(280, 30, f"第 {number} 页 共 3 页", size=9)
        pages.append(page)
    paragraphs = _paragraphs(read_pdf(build_pdf(pages)))
    assert paragraphs == [
        "某某市2023年政府信息公开工作年度报告",
        "第1页的正文。",
        "第2页的正文。",
        "第3页的正文。",
    ]


def test_title_comes_from_document_information() -> None:
    """The /Title of the document information dictionary becomes the document title."""
    page = PageBuilder()
    page.text(72, 700, "正文")
    document = read_pdf(build_pdf([page], title="某某区2023年政府信息公开工作年度报告"))
    assert document.title == "某某区2023年政府信息公开工作年度报告"


# -- failures --------------------------------------------------------------------------------------


def test_no_text_layer_without_the_ocr_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scanned PDF (an image and some rulings, no text) without OCR installed fails naming the extra."""
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import rapidocr now raises ImportError
    page = PageBuilder()
    page.image(0, 0, 595, 842)
    page.line(72, 700, 500, 700)
    with pytest.raises(ExtractionError, match=re.escape('pip install "govinfo-report[ocr]"')) as caught:
        read_pdf(build_pdf([page, page]), source="scan.pdf")
    assert "no text layer" in str(caught.value)
    assert caught.value.location is not None
    assert caught.value.location.source == "scan.pdf"
    assert caught.value.location.page == 1


def test_fonts_without_unicode_map_name_the_page() -> None:
    """Glyphs that decode only to (cid:N) raise ExtractionError naming their page."""
    good, bad = PageBuilder(), PageBuilder()
    good.text(72, 700, "正常的文字")
    bad.text(72, 700, "无法解码的文字内容", font="F3")
    with pytest.raises(ExtractionError, match="page 2") as caught:
        read_pdf(build_pdf([good, bad]))
    assert caught.value.location is not None
    assert caught.value.location.page == 2


def _sample() -> bytes:
    page = PageBuilder()
    page.text(72, 760, "一、总体情况", size=12)
    draw_table(
        page, (72, 700), [100, 50], [20, 20], [Cell(0, 0, ["甲"]), Cell(0, 1, ["1"]), Cell(1, 0, ["乙"])]
    )
    return build_pdf([page])


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_truncated_pdf_raises_extraction_error(cut: float) -> None:
    """A truncated file raises ExtractionError saying it is damaged, never a backend error."""
    data = _sample()
    with pytest.raises(ExtractionError, match="damaged") as caught:
        read_pdf(data[: int(len(data) * cut)], source="cut.pdf")
    assert caught.value.__cause__ is not None
    assert caught.value.location is not None
    assert caught.value.location.source == "cut.pdf"


def test_corrupt_and_foreign_bytes_raise_extraction_error() -> None:
    """Garbage after a PDF header and bytes that are no PDF at all raise ExtractionError."""
    with pytest.raises(ExtractionError):
        read_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(ExtractionError, match="not a PDF"):
        read_pdf(b"<html><body>not a pdf</body></html>")


def test_truncated_corpus_pdf_raises_parse_error(corpus_dir: Path) -> None:
    """Half of a real report raises a ParseError with its source, not a pdfminer traceback."""
    data = (corpus_dir / "huaian-hongze-district-gov-2023.pdf").read_bytes()
    with pytest.raises(ParseError) as caught:
        read_pdf(data[: len(data) // 2], source="half.pdf")
    assert caught.value.location is not None
    assert caught.value.location.source == "half.pdf"


def test_encrypted_with_empty_user_password_parses() -> None:
    """An RC4-encrypted PDF with an empty user password (owner password only) is read."""
    page = PageBuilder()
    draw_table(page, (72, 700), [100, 50], [20], [Cell(0, 0, ["加密"]), Cell(0, 1, ["7"])])
    document = read_pdf(build_pdf([page], encryption=Encryption(), title="标题"))
    assert _texts(_grids(document)[0]) == [["加密", "7"]]
    assert document.title == "标题"


def test_encrypted_with_user_password_raises() -> None:
    """A PDF that needs a user password raises ExtractionError saying so."""
    page = PageBuilder()
    page.text(72, 700, "秘密")
    with pytest.raises(ExtractionError, match="password"):
        read_pdf(build_pdf([page], encryption=Encryption(user_password=b"secret")))


def test_aes_encrypted_fixtures() -> None:
    """qpdf-made AES files: owner-password-only ones are read, a user password is an ExtractionError."""
    for name in ("aes128-owner-only.pdf", "aes256-owner-only.pdf"):
        document = read_pdf((PDF_DATA / name).read_bytes(), source=name)
        assert _texts(_grids(document)[0]) == [["项目", "数量"], ["加密表格", "42"]], name
        assert _paragraphs(document) == ["加密文件的正文。"]
    with pytest.raises(ExtractionError, match="password"):
        read_pdf((PDF_DATA / "aes256-user-password.pdf").read_bytes())


# -- limits ----------------------------------------------------------------------------------------


def test_limits_bytes_pages_and_cells() -> None:
    """max_bytes, max_pages and max_table_cells raise LimitExceededError naming the bound."""
    data = _split_table(repeat_header=False, footer="- 1 -")
    with pytest.raises(LimitExceededError, match="max_bytes"):
        read_pdf(data, limits=Limits(max_bytes=len(data) - 1))
    with pytest.raises(LimitExceededError, match="max_pages"):
        read_pdf(data, limits=Limits(max_pages=1))
    with pytest.raises(LimitExceededError, match="max_table_cells") as caught:
        read_pdf(data, limits=Limits(max_table_cells=20))
    assert caught.value.location is not None
    assert caught.value.location.page == 1
    assert read_pdf(data, limits=Limits(max_pages=2, max_table_cells=33)).blocks


# -- helpers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["- 3 -", "— 4 —", "－5－", "第3页", "第 3 页 共 6 页", "3/6", "12", "Page 2 of 9"]
)
def test_page_number_forms(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["2023年", "一、总体情况", "- 三 -", "12345"])
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(text)


def _chars(lines: list[str]) -> list[LayoutChar]:
    return [
        LayoutChar(10.0 * col, 100.0 - 12 * row, 10.0 * col + 10, 110.0 - 12 * row, ch, 10.0)
        for row, line in enumerate(lines)
        for col, ch in enumerate(line)
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["三、", "本", "年", "度"], "三、本年度"),
        (["其", "他"], "其他"),
        (["（三）不", "予公开"], "（三）不\n予公开"),
        (["1", "2"], "1\n2"),
        (["ab", "cd", "ef"], "ab\ncd\nef"),
    ],
)
def test_cell_text_joins_vertical_labels_only(lines: list[str], expected: str) -> None:
    assert cell_text(group_lines(_chars(lines))) == expected


# -- robustness ------------------------------------------------------------------------------------

_SAMPLE = _sample()


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(_SAMPLE) - 1), st.integers(min_value=0, max_value=255)
        ),
        min_size=1,
        max_size=8,
    )
)
def test_mutated_pdfs_raise_only_parse_errors(edits: list[tuple[int, int]]) -> None:
    """Flipping bytes of a valid PDF yields a document or a ParseError, nothing else."""
    data = bytearray(_SAMPLE)
    for position, value in edits:
        data[position] = value
    try:
        # Not read_pdf: a damaged file may well be left to pdfminer.
        document = _read_pdf(bytes(data), backend=_BACKEND[0])
    except ParseError:
        return
    assert all(isinstance(block, Paragraph | TableGrid) for block in document.blocks)
    for grid in _grids(document):
        assert all(isinstance(cell, GridCell) for row in grid.rows for cell in row)


def test_parse_is_deterministic() -> None:
    """Equal input gives an equal document."""
    data = _split_table(repeat_header=True, footer="- 1 -")
    assert read_pdf(data, source="a.pdf") == read_pdf(data, source="a.pdf")
