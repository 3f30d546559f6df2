"""Other tools' output of the corpus reports: ``pdftotext -layout`` text, and pieces joined without guessing.

The column-laid text is made in the test from the corpus PDFs by poppler's
``pdftotext`` (skipped when it is not installed; CI installs poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from tests.conftest import CorpusCase, corpus_cases
from tests.textgen import distinct_values, render_spaced

from govinfo_report import parse_bytes
from govinfo_report.assembly._cells import _stated_appeals
from govinfo_report.assembly._digit_runs import split_with_groups
from govinfo_report.model import CellState, Format, TemplateVersion
from govinfo_report.model.labels import MONEY_KEYS
from govinfo_report.serialize import to_cells_document

PDF_CASES = corpus_cases(("pdf",))
_PDFTOTEXT = shutil.which("pdftotext")
_ABSENT = object()


def _same(key: str, expected: Any, actual: Any) -> bool:
    if key in MONEY_KEYS and expected is not None and actual is not None:
        return Decimal(str(expected)) == Decimal(str(actual))
    return type(expected) is type(actual) and expected == actual


@pytest.mark.skipif(_PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("case", PDF_CASES, ids=[case.name for case in PDF_CASES])
def test_pdftotext_layout_of_corpus_pdfs(case: CorpusCase) -> None:
    """``pdftotext -layout`` output (space-aligned columns, wrapped labels, page numbers between
    rows) is read with no wrong value and at least 98% of the scored cells."""
    assert _PDFTOTEXT is not None
    text = subprocess.run(
        [_PDFTOTEXT, "-layout", "-enc", "UTF-8", str(case.path), "-"], capture_output=True, check=True
    ).stdout
    report = parse_bytes(text, source=case.path.stem + ".txt")
    assert report.provenance is not None
    assert report.provenance.format is Format.TEXT
    cells = to_cells_document(report)["cells"]
    scored = case.scored_cells
    wrong = {
        key: (expected, cells[key])
        for key, expected in scored.items()
        if key in cells and not _same(key, expected, cells[key])
    }
    assert wrong == {}
    read = sum(1 for key in scored if key in cells)
    assert read >= 0.98 * len(scored)


_LABELS_BELOW = """\
淮安市人民政府2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
一、本年新收政府信息公开申请数量 {new} 0 0 0 0 0 {new}
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
（一）予以公开 {granted} 0 0 0 0 0 {granted}
（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0
{denied}
{unable}
四、结转下年度继续办理 0 0 0 0 0 0 0
"""


def test_label_line_apart_from_its_numbers_does_not_take_the_next_rows_numbers() -> None:
    """A row's numbers above its label (page text): with one row's cells lost, the number rows
    could shift by one; the labels and equations do not decide, so the cells are unresolved with
    the values they could hold, never read as the next row's numbers."""
    denied = "\n".join(
        f"0 0 0 0 0 0 0\n{label}"
        for label in (
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        )
    )
    # 1.本机关不掌握相关政府信息 lost its cells; the next rows' numbers stand above their labels.
    unable = (
        "1.本机关不掌握相关政府信息\n3 0 0 0 0 0 3\n"
        "2.没有现成信息需要另行制作\n0 0 0 0 0 0 0\n3.补正后申请内容仍不明确"
    )
    text = _LABELS_BELOW.format(new=3, granted=0, denied=denied, unable=unable)
    report = parse_bytes(text.encode(), format=Format.TEXT)
    cells = {cell.key: cell for cell in report.cells()}
    not_held = cells["requests.unable.not_held.natural_person"]
    needs_creation = cells["requests.unable.needs_creation.natural_person"]
    assert not_held.state is CellState.UNRESOLVED
    assert not_held.alternatives == (3,)
    assert needs_creation.state is CellState.UNRESOLVED
    assert set(needs_creation.alternatives) == {0, 3}
    # The rows before the lost one are placed: their labels and order leave one way.
    assert cells["requests.denied.admin_query.natural_person"].value == 0
    assert cells["requests.denied.admin_query.natural_person"].state is CellState.VALUE


def test_review_litigation_run_narrowed_by_the_narrative() -> None:
    """A run the group totals split two ways is decided by 行政复议N起，行政诉讼M起."""
    run = "20013243123931010124"
    splits = split_with_groups(run, 5, 3)
    assert splits is not None
    assert len(splits) == 2
    narrowed = _stated_appeals(splits, ["本年度发生政府信息公开行政复议24起，行政诉讼33起。"])
    assert narrowed == [(20, 0, 1, 3, 24, 3, 1, 2, 3, 9, 3, 10, 10, 1, 24)]
    # A figure no split agrees with decides nothing.
    assert _stated_appeals(splits, ["行政复议99起。"]) == splits


def test_review_litigation_run_in_a_report_is_inferred_with_the_narrative() -> None:
    """The run in a report: the narrative's figures decide, and the note says so."""
    version = TemplateVersion.V2021
    values = distinct_values(version)
    appeals = (20, 0, 1, 3, 24, 3, 1, 2, 3, 9, 3, 10, 10, 1, 24)
    keys = [key for key in values if key.startswith("appeals.")]
    values.update(zip(keys, appeals, strict=True))
    text = render_spaced(version=version, values=values, agency="淮安市人民政府", year=2023)
    text = text.replace(" ".join(map(str, appeals)), "".join(map(str, appeals)))
    text = text.replace("\n", "\n本年度发生政府信息公开行政复议24起，行政诉讼33起。\n", 1)
    report = parse_bytes(text.encode(), format=Format.TEXT)
    cells = {cell.key: cell for cell in report.cells() if cell.key and cell.key.startswith("appeals.")}
    assert [cells[key].value for key in keys] == list(appeals)
    assert {cells[key].state for key in keys} == {CellState.INFERRED}
    assert "narrative" in (cells["appeals.review.total"].note or "")
