"""Never silently partial: what other tools make of the corpus, and what the library says about it.

Researchers often feed the library what another tool extracted from a report: ``pdftotext`` output
(default and ``-layout``), the ``text_content()`` of a web page, or page text whose tables were
lost.  Each such input must either fail with a clear error or give a report whose completeness
states what was not read, with rule R-G-10 reporting it; a table that was not found or is mostly
missing makes ``validate`` exit 1.  Every cell that *was* read must hold the source's value.

The figures asserted are those of poppler-utils 22.12 (Debian 12); ``pdftotext`` is skipped with a
reason when absent.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from tests.conftest import SHARED_DIR

from govinfo_report import parse_path
from govinfo_report.cli import main
from govinfo_report.errors import GovInfoReportError
from govinfo_report.model import Gap, Report
from govinfo_report.validation import Severity, validate

CORPUS = Path(__file__).parent / "data" / "corpus"
SHARED_CORPUS = SHARED_DIR / "corpus"
PDFTOTEXT = shutil.which("pdftotext")

Figures = dict[str, tuple[int, int, int, tuple[Gap, ...]]]
"""Per table: (read, missing, unresolved, gaps)."""

_GRID, _ROWS, _SPLIT = Gap.NO_TABLE_GRID, Gap.ROWS_NOT_FOUND, Gap.CELLS_NOT_SPLIT
COMPLETE_2021 = {"proactive": (10, 0, 0, ()), "appeals": (15, 0, 0, ())}


def _pdftotext(*options: str) -> Callable[[Path], bytes]:
    def convert(path: Path) -> bytes:
        if PDFTOTEXT is None:
            pytest.skip("pdftotext (poppler-utils) is not installed")
        result = subprocess.run([PDFTOTEXT, *options, str(path), "-"], capture_output=True, check=True)
        return result.stdout

    return convert


def _text_content(path: Path) -> bytes:
    return lxml.html.fromstring(path.read_bytes()).text_content().encode("utf-8")


def _html_without_tables(path: Path) -> bytes:
    tree = lxml.html.fromstring(path.read_bytes())
    for table in list(tree.iter("table")):
        table.drop_tree()
    return tree.text_content().encode("utf-8")


def _text_without_tables(path: Path) -> bytes:
    lines = path.read_text(encoding="utf-8").split("\n")
    return "\n".join(line for line in lines if "\t" not in line).encode("utf-8")


# (input, converter, figures per table, whether R-G-10 reports an error, so that validate exits 1).
# ``pdftotext -layout`` of huaian-city-gov-2024.pdf is read completely (see test_other_tools).
PARTIAL: dict[str, tuple[str, Callable[[Path], bytes], Figures, bool]] = {
    "huaian-city-pdftotext": (
        "huaian-city-gov-2024.pdf",
        _pdftotext(),
        {**COMPLETE_2021, "requests": (0, 175, 0, (_GRID, _ROWS)), "appeals": (0, 15, 0, (_GRID, _ROWS))},
        True,
    ),
    "hongze-pdftotext": (
        "huaian-hongze-district-gov-2023.pdf",
        _pdftotext(),
        {
            "proactive": (8, 2, 0, (_GRID, _ROWS)),
            "requests": (7, 0, 168, (_GRID, _SPLIT)),
            "appeals": (0, 15, 0, (_GRID, _ROWS)),
        },
        True,
    ),
    "hongze-pdftotext-layout": (
        "huaian-hongze-district-gov-2023.pdf",
        _pdftotext("-layout"),
        {**COMPLETE_2021, "requests": (154, 21, 0, (_GRID, _ROWS))},
        False,  # the 21 cells of the template rows this report lacks: a warning
    ),
    "shuyang-text-content": (
        "shuyang-county-ndrc-2023.html",
        _text_content,
        {**COMPLETE_2021, "requests": (0, 175, 0, (_GRID, _ROWS))},
        True,
    ),
}

TABLES_STRIPPED: dict[str, tuple[str, Callable[[Path], bytes]]] = {
    "shuyang-page-text-without-tables": ("shuyang-county-ndrc-2023.html", _html_without_tables),
    "haiyuan-text-without-tables": ("seed-001-haiyuan-health-2020.txt", _text_without_tables),
}


def _cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main([str(arg) for arg in argv])
    return status, out.getvalue(), err.getvalue()


def _golden(name: str, folder: Path = CORPUS) -> dict[str, Any]:
    stem = name.rsplit(".", 1)[0]
    golden: dict[str, Any] = json.loads((folder / f"{stem}.golden.json").read_text(encoding="utf-8"))
    return golden


def _same(want: object, got: object) -> bool:
    if isinstance(got, Decimal):
        return want is not None and Decimal(str(want)) == got
    return want == got and type(want) is type(got)


def _assert_read_cells_hold_the_source_values(report: Report, golden: dict[str, Any]) -> None:
    unscored = set(golden.get("unscored", ()))
    wrong = {
        cell.key: (golden["cells"][cell.key], cell.value)
        for cell in report.cells()
        if cell.key in golden["cells"] and cell.key not in unscored and cell.read
        if not _same(golden["cells"][cell.key], cell.value)
    }
    assert not wrong, wrong


def _assert_honest(report: Report, status: int, output: str) -> None:
    """Partial means an R-G-10 finding per incomplete table, and exit 1 when one is an error."""
    findings = [f for f in validate(report) if f.rule_id == "R-G-10"]
    holes = [t for t in report.completeness.tables if t.missing or t.unresolved]
    assert sorted(f.table for f in findings if f.table) == sorted(t.table for t in holes)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert bool(errors) == any(not t.found or 2 * t.missing > t.expected for t in holes)
    if any(f.severity is Severity.ERROR for f in validate(report)):
        assert status == 1, output
    for finding in findings:
        assert finding.message_zh in output


@pytest.mark.parametrize("case", list(PARTIAL))
def test_degraded_input_gives_an_honest_partial_report(case: str, tmp_path: Path) -> None:
    name, convert, figures, fails = PARTIAL[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(convert(CORPUS / name))
    report = parse_path(path)
    done = report.completeness
    assert not done.complete
    assert done.sections == (1, 2, 3, 4, 5, 6)
    got = {t.table.value: (t.read, t.missing, t.unresolved, t.gaps) for t in done.tables}
    assert got == figures
    assert all(table.found for table in done.tables)
    _assert_read_cells_hold_the_source_values(report, _golden(name))

    status, output, _ = _cli("validate", path)
    assert ("[错误] R-G-10" in output) == fails
    assert "R-G-10" in output
    if fails:
        assert status == 1
    _assert_honest(report, status, output)

    # The cell export lists every cell that was not read apart from the cells that were.
    status, output, _ = _cli("parse", "--to", "cells", path)
    assert status == 0
    document = json.loads(output)
    assert document["completeness"]["complete"] is False
    unread = [*document["unresolved"], *document["invalid"], *document["missing"]]
    assert len(document["cells"]) == done.read
    assert len(unread) == done.expected - done.read
    assert not set(unread) & set(document["cells"])

    status, output, _ = _cli("parse", path)
    assert status == 0
    for table in done.tables:
        assert f"{table.read}/{table.expected} 已读" in output


@pytest.mark.parametrize("case", list(TABLES_STRIPPED))
def test_a_report_without_its_tables_is_a_clean_error(case: str, tmp_path: Path) -> None:
    name, convert = TABLES_STRIPPED[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(convert(CORPUS / name))
    status, output, error = _cli("validate", path)
    assert status == 2
    assert output == ""
    assert "无法解析（不是年度报告的结构）" in error
    assert "its tables are missing from the input" in error


def test_every_corpus_input_is_complete_but_for_unscored_cells(corpus_case: Any) -> None:
    """A corpus input is complete, or the cells it does not read are those its golden file cannot score."""
    report = parse_path(corpus_case.path)
    unread = {cell.key for cell in report.cells() if not cell.read}
    assert unread <= set(corpus_case.golden.get("unscored", ()))
    assert report.completeness.complete == (not unread)
    assert all(table.found for table in report.completeness.tables)


def _derived_inputs() -> list[Path]:
    if not SHARED_CORPUS.is_dir():
        return []
    originals = {path.stem for path in CORPUS.iterdir()}
    return sorted(
        path
        for path in SHARED_CORPUS.iterdir()
        if path.suffix != ".json" and path.name != "README.md" and path.stem not in originals
    )


@pytest.mark.parametrize("path", _derived_inputs(), ids=lambda path: path.name)
def test_derived_inputs_give_a_report_that_says_what_it_lacks_or_a_clean_error(path: Path) -> None:
    """Scans, a table image, other tools' Markdown: never exit 0 from ``validate`` with a hole unreported."""
    try:
        report = parse_path(path)
    except GovInfoReportError:
        status, output, error = _cli("validate", path)
        assert status == 2
        assert output == ""
        assert f"govinfo-report: {path}:" in error
        return
    _assert_read_cells_hold_the_source_values(report, _golden(path.name, SHARED_CORPUS))
    status, output, _ = _cli("validate", path)
    assert status in (0, 1)
    _assert_honest(report, status, output)
