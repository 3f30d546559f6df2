"""The corpus scans and table images, read by OCR: no wrong value, 98% of the scored cells read.

The scans are derived from reports of the corpus (rendered, turned, blurred,
made noisy and saved as JPEG) and live in the shared corpus beside the
repository (``../shared/corpus``) when it is there.  Marked ``ocr``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("rapidocr", reason='needs the ocr extra: pip install "govinfo-report[ocr]"')

from govinfo_report import parse_path
from govinfo_report.cli import main
from govinfo_report.model.labels import MONEY_KEYS, cell_keys
from govinfo_report.serialize import to_cells_document

SHARED_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SCANS = sorted(
    path
    for path in SHARED_CORPUS.glob("*.golden.json")
    if json.loads(path.read_text(encoding="utf-8"))["source"].endswith(("-scan.pdf", ".png"))
)

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.skipif(not SCANS, reason=f"no scans in {SHARED_CORPUS}"),
]


def _same(key: str, expected: Any, actual: Any) -> bool:
    if key in MONEY_KEYS and expected is not None and actual is not None:
        return Decimal(str(expected)) == Decimal(str(actual))
    return type(expected) is type(actual) and expected == actual


@pytest.mark.parametrize("golden_path", SCANS, ids=[path.name.split(".")[0] for path in SCANS])
def test_scan_is_read_without_a_wrong_value(golden_path: Path) -> None:
    """Template and year right; every value read is the golden one; at least 98% of scored cells read."""
    golden = json.loads(golden_path.read_text(encoding="utf-8"))
    report = parse_path(SHARED_CORPUS / golden["source"])
    assert report.template.value == golden["template"]
    if golden["year"] is not None:
        assert report.year == golden["year"]
    cells = to_cells_document(report)["cells"]
    unscored = set(golden.get("unscored", ()))
    scored = [key for key in cell_keys(golden["template"]) if key in golden["cells"] and key not in unscored]
    wrong = [key for key in scored if key in cells and not _same(key, golden["cells"][key], cells[key])]
    assert not wrong, [(key, golden["cells"][key], cells[key]) for key in wrong]
    read = sum(1 for key in scored if key in cells)
    assert read >= 0.98 * len(scored), f"{read} of {len(scored)} cells read"


TABLE_PICTURE = SHARED_CORPUS / "shuyang-county-ndrc-2023-table3.png"


def _saved_page(folder: Path) -> Path:
    """A page saved with its folder, its application table a picture in ``report_files/``."""
    (folder / "report_files").mkdir()
    (folder / "report_files" / "t3%.png").write_bytes(TABLE_PICTURE.read_bytes())
    page = folder / "report.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        "<title>某县发展和改革局2023年政府信息公开工作年度报告</title></head><body><h1>某县发展和改革局2023年政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p><p>2023年，本局依法做好政府信息公开工作。</p>"
        "<p>三、收到和处理政府信息公开申请情况</p>"
        '<p><img src="report_files/t3%25.png" alt="表三"></p>'
        "<p>四、政府信息公开行政复议、行政诉讼情况</p>"
        '<p>五、存在的主要问题及改进情况</p><img src="../elsewhere.png">'
        "</body></html>",
        encoding="utf-8",
    )
    return page


_NEEDS_PICTURE = pytest.mark.skipif(
    not TABLE_PICTURE.exists(), reason=f"no {TABLE_PICTURE.name} in {SHARED_CORPUS}"
)


@_NEEDS_PICTURE
def test_saved_page_with_its_table_as_a_picture(tmp_path: Path) -> None:
    """A page saved with its folder, its application table a picture in it, is read in document order."""
    golden = json.loads(TABLE_PICTURE.with_suffix("").with_suffix(".golden.json").read_text(encoding="utf-8"))
    page = _saved_page(tmp_path)
    report = parse_path(page)
    assert report.template.value == golden["template"]
    assert report.year == 2023
    assert report.provenance is not None
    assert "rapidocr" in dict(report.provenance.backends)
    cells = to_cells_document(report)["cells"]
    scored = [
        key for key in cell_keys(golden["template"]) if key.startswith("requests.") and key in golden["cells"]
    ]
    wrong = [key for key in scored if key in cells and not _same(key, golden["cells"][key], cells[key])]
    assert not wrong, [(key, golden["cells"][key], cells[key]) for key in wrong]
    assert sum(1 for key in scored if key in cells) >= 0.98 * len(scored)
    total = report.cell("requests.new_received.total")
    assert total.location is not None
    assert total.location.xpath == "/html/body/p[4]/img"
    assert total.location.table == 0
    assert [d.found for d in report.deviations if d.kind.value == "not_read"] == [
        "../elsewhere.png: outside the page's folder"
    ]


@_NEEDS_PICTURE
def test_the_command_line_reads_a_saved_pages_pictures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``govinfo-report parse`` looks for a saved page's pictures in its folder, as ``parse_path`` does."""
    page = _saved_page(tmp_path)
    assert main(["parse", "--to", "cells", str(page)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (
        printed["cells"]["requests.new_received.total"]
        == to_cells_document(parse_path(page))["cells"]["requests.new_received.total"]
    )
    assert printed["cells"]["requests.new_received.total"] is not None
