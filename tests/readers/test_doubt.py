"""Numbers recognised with doubt: the table's equations choose the reading, or the cell stays unresolved."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govinfo_report.assembly import assemble
from govinfo_report.document import Document, GridCell, TableGrid
from govinfo_report.errors import SourceLocation
from govinfo_report.model import CellState, Format

SOURCE = "scan.png"
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
HEAD = [
    [NOTE, "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
]
ROWS = {
    "一、本年新收政府信息公开申请数量": [10, 11, 12, 13, 14, 15],
    "二、上年结转政府信息公开申请数量": [2, 2, 2, 2, 2, 2],
    "（一）予以公开": [9, 10, 11, 12, 13, 14],
    "（七）总计": [9, 10, 11, 12, 13, 14],
    "四、结转下年度继续办理": [3, 3, 3, 3, 3, 3],
}
Doubt = Mapping[tuple[str, int], tuple[str, ...]]


def _document(doubt: Doubt, proactive: Sequence[Sequence[str]] = ()) -> Document:
    """The application table (every cell sure but those in ``doubt``), after an optional 第二十条 grid."""
    texts = [list(row) for row in HEAD]
    for label, values in ROWS.items():
        texts.append([label, *(str(value) for value in values), str(sum(values))])
    grids = []
    for index, table in enumerate([proactive, texts] if proactive else [texts]):
        rows = []
        for r, row in enumerate(table):
            cells = []
            for c, text in enumerate(row):
                readings = doubt.get((row[0], c), ())
                cells.append(
                    GridCell(
                        text=readings[0] if readings else text,
                        location=SourceLocation(source=SOURCE, page=1, table=index, row=r, col=c),
                        confidence=0.5 if readings else 0.99,
                        candidates=readings,
                    )
                )
            rows.append(tuple(cells))
        grids.append(TableGrid(rows=tuple(rows), location=SourceLocation(source=SOURCE, table=index)))
    return Document(blocks=tuple(grids), format=Format.IMAGE, source=SOURCE)


def test_the_row_total_chooses_among_readings() -> None:
    """A doubtful 10 that may be 16: only 10 makes the row add up to its total, so 10 is inferred."""
    report = assemble(_document({("一、本年新收政府信息公开申请数量", 1): ("16", "10")}))
    cell = report.cell("requests.new_received.natural_person")
    assert cell is not None
    assert cell.state is CellState.INFERRED
    assert cell.value == 10
    assert cell.note is not None
    assert "'16', '10'" in cell.note
    assert "row total" in cell.note
    sure = report.cell("requests.new_received.commercial")
    assert sure is not None
    assert sure.state is CellState.VALUE


def test_the_column_equations_choose_when_the_row_total_cannot() -> None:
    """A doubtful cell and its doubtful row total: both pairs add up, the column equation decides."""
    doubt = {
        ("一、本年新收政府信息公开申请数量", 1): ("18", "10"),
        ("一、本年新收政府信息公开申请数量", 7): ("83", "75"),
    }
    report = assemble(_document(doubt))
    first = report.cell("requests.new_received.natural_person")
    total = report.cell("requests.new_received.total")
    assert first is not None
    assert total is not None
    assert (first.state, first.value) == (CellState.INFERRED, 10)
    assert (total.state, total.value) == (CellState.INFERRED, 75)
    assert first.note is not None
    assert "column equations" in first.note


def test_readings_nothing_decides_stay_unresolved_with_alternatives() -> None:
    """A 第二十条 count has no equation: its readings are alternatives, never a value."""
    proactive = [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "5"],
    ]
    report = assemble(_document({("规章", 3): ("5", "6")}, proactive))
    cell = report.cell("proactive.art20_1.regulations.in_force")
    assert cell is not None
    assert cell.state is CellState.UNRESOLVED
    assert cell.value is None
    assert cell.alternatives == (5, 6)
    assert cell.raw == "5"


def test_no_reading_that_fits_leaves_the_cell_unresolved() -> None:
    """When no reading satisfies the row total, the cell is unresolved with every reading."""
    report = assemble(_document({("一、本年新收政府信息公开申请数量", 1): ("16", "19")}))
    cell = report.cell("requests.new_received.natural_person")
    assert cell is not None
    assert cell.state is CellState.UNRESOLVED
    assert set(cell.alternatives) == {16, 19}


def test_a_sure_reading_is_a_plain_value() -> None:
    """Cells without candidate readings are read as written."""
    report = assemble(_document({}))
    cell = report.cell("requests.new_received.natural_person")
    assert cell is not None
    assert (cell.state, cell.value) == (CellState.VALUE, 10)
