"""Golden tests: every scored cell of the corpus reports, read by hand, against the parser.

Each corpus input ``NAME.EXT`` lies next to ``NAME.golden.json`` (``tests/data/corpus/README.md``).
For now the plain-text ``seed-*`` reports are tested here; the other inputs (PDF, HTML, DOCX and
the crawled ``pingtan-*`` text) are added to ``GOLDEN_PREFIXES`` as their parsers reach them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from tests.conftest import corpus_cases

from govinfo_report import Report, parse_path
from govinfo_report.model.labels import MONEY_KEYS, cell_keys
from govinfo_report.serialize import to_cells_document

if TYPE_CHECKING:
    from tests.conftest import CorpusCase

GOLDEN_PREFIXES = ("seed-",)
CASES = [case for case in corpus_cases() if case.name.startswith(GOLDEN_PREFIXES)]
_ABSENT = object()


def _same(key: str, expected: Any, actual: Any) -> bool:
    if key in MONEY_KEYS and expected is not None and actual is not None:
        return Decimal(str(expected)) == Decimal(str(actual))
    return type(expected) is type(actual) and expected == actual


@pytest.fixture(scope="module")
def parsed() -> dict[str, Report]:
    return {case.name: parse_path(case.path) for case in CASES}


def test_all_seed_reports_are_tested() -> None:
    assert [case.name for case in CASES] == [
        "seed-000-linan-health-2020.txt",
        "seed-001-haiyuan-health-2020.txt",
        "seed-002-gaoan-health-2020.txt",
        "seed-003-qufu-health-2020.txt",
        "seed-004-chaoyang-health-2020.txt",
    ]


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
