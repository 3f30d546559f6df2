"""Merged cells in the intermediate: one cell with its extent, the covered positions marked copies."""

from __future__ import annotations

from pathlib import Path

from govinfo_report.document import Format, GridCell, TableGrid
from govinfo_report.readers import read_document

CORPUS = Path(__file__).parents[1] / "data" / "corpus"


def _cells(path: Path) -> list[GridCell]:
    document = read_document(path.read_bytes(), source=path.name)
    return [
        cell
        for block in document.blocks
        if isinstance(block, TableGrid)
        for row in block.rows
        for cell in row
    ]


def _covered(grid: TableGrid) -> int:
    """Grid positions covered by cells, counting each merged cell by its extent."""
    return sum(cell.row_span * cell.col_span for row in grid.rows for cell in row if not cell.spanned)


def test_html_cells_keep_their_extent_and_header_role() -> None:
    """rowspan and colspan become the origin cell's extent; th cells are headers; copies are marked."""
    markup = (
        "<table><tr><th rowspan=2>项目</th><th colspan=3>申请人情况</th></tr>"
        "<tr><td>自然人</td><td>法人</td><td>总计</td></tr>"
        "<tr><td>新收</td><td>1</td><td>2</td><td>3</td></tr></table>"
    ).encode()
    document = read_document(markup, format=Format.HTML)
    [grid] = [block for block in document.blocks if isinstance(block, TableGrid)]
    origin = grid.rows[0][0]
    assert (origin.text, origin.row_span, origin.col_span, origin.header) == ("项目", 2, 1, True)
    group = grid.rows[0][1]
    assert (group.row_span, group.col_span, group.header) == (1, 3, True)
    assert [cell.spanned for cell in grid.rows[0]] == [False, False, True, True]
    assert grid.rows[1][0].spanned
    assert not grid.rows[2][1].header
    assert _covered(grid) == sum(len(row) for row in grid.rows)


def test_docx_and_pdf_merged_cells_keep_their_extent() -> None:
    """The corpus DOCX (gridSpan, vMerge) and PDF (merged regions) give cells spanning several positions."""
    for name in ("shuyang-county-ndrc-2023-lo.docx", "huaian-hongze-district-gov-2023.pdf"):
        cells = _cells(CORPUS / name)
        merged = [cell for cell in cells if cell.row_span > 1 or cell.col_span > 1]
        assert merged, name
        assert all(not cell.spanned for cell in merged)
        assert all(cell.row_span == cell.col_span == 1 for cell in cells if cell.spanned)


def test_every_position_is_a_cell_or_a_marked_copy_of_one() -> None:
    """In each grid of the corpus HTML page, the merged cells' extents cover exactly the positions."""
    document = read_document((CORPUS / "shuyang-county-ndrc-2023.html").read_bytes())
    for grid in (block for block in document.blocks if isinstance(block, TableGrid)):
        if all(len(row) == len(grid.rows[0]) for row in grid.rows):
            assert _covered(grid) == sum(len(row) for row in grid.rows)
