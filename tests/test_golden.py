"""Golden tests: every scored cell of the corpus reports, read by hand, against the parser.

Each corpus input ``NAME.EXT`` lies next to ``NAME.golden.json`` (``tests/data/corpus/README.md``).
Every input is tested: plain text, crawled text with run-together cells, HTML, DOCX and PDF.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from tests.conftest import CORPUS_DIR, corpus_cases

from govinfo_report import Report, parse_path
from govinfo_report.model.labels import MONEY_KEYS, cell_keys
from govinfo_report.serialize import to_cells_document

if TYPE_CHECKING:
    from tests.conftest import CorpusCase

CASES = corpus_cases()
_ABSENT = object()


def _same(key: str, expected: Any, actual: Any) -> bool:
    if key in MONEY_KEYS and expected is not None and actual is not None:
        return Decimal(str(expected)) == Decimal(str(actual))
    return type(expected) is type(actual) and expected == actual


@pytest.fixture(scope="module")
def parsed() -> dict[str, Report]:
    return {case.name: parse_path(case.path) for case in CASES}


def test_every_corpus_input_is_tested() -> None:
    """No golden file is left out: each format of the corpus is among the cases."""
    assert len(CASES) == len(list(CORPUS_DIR.glob("*.golden.json")))
    assert {case.path.suffix for case in CASES} == {".txt", ".html", ".docx", ".pdf", ".md"}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_metadata(case: CorpusCase, parsed: dict[str, Report]) -> None:
    report = parsed[case.name]
    assert report.template.value == case.golden["template"]
    assert report.year == case.golden["year"]
    assert report.agency == case.golden["agency"]
    assert report.provenance is not None
    assert report.provenance.source == case.name
    assert report.provenance.format.value == case.golden["format"]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_scored_cells(case: CorpusCase, parsed: dict[str, Report]) -> None:
    """Every scored golden cell is read (not missing, invalid or unresolved) with the golden value."""
    report = parsed[case.name]
    document = to_cells_document(report)
    scored = case.scored_cells
    assert scored, "a golden file without scored cells tests nothing"
    assert set(scored) <= set(cell_keys(report.template))
    wrong = {
        key: (expected, document["cells"].get(key, _ABSENT))
        for key, expected in scored.items()
        if not _same(key, expected, document["cells"].get(key, _ABSENT))
    }
    assert wrong == {}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_extra_rows(case: CorpusCase, parsed: dict[str, Report]) -> None:
    """Rows that are not in the template are kept with their label and raw cell texts."""
    report = parsed[case.name]
    found = [
        {
            "table": table.kind.value,
            "label": "".join(row.label.split()),
            "values": [cell.raw.strip() for cell in row.cells],
        }
        for table in report.tables
        for row in table.extra_rows
    ]
    assert found == case.golden.get("extra_rows", [])
