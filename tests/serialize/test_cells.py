"""The flat cell-key export (spec §6) and the CLI's ``--to cells`` document."""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from tests.conftest import SHARED_DIR

from govinfo_report import parse_bytes, to_cells
from govinfo_report.examples import example_bytes
from govinfo_report.model import Cell, CellState, TemplateVersion
from govinfo_report.model.labels import MONEY_KEYS, cell_keys
from govinfo_report.serialize import to_cells_document
from govinfo_report.strategies import make_report

SHARED_CELLKEYS = SHARED_DIR / "tools" / "cellkeys.py"
CORPUS = Path(__file__).parents[1] / "data" / "corpus"
SEEDS = sorted(CORPUS.glob("seed-*.txt"))

# Counts of canonical keys per template (spec §6): 22 + 23 * 7 + 15 and 10 + 25 * 7 + 15.
KEY_COUNTS = {TemplateVersion.V2019: 198, TemplateVersion.V2021: 200}


def _load_shared_cellkeys() -> ModuleType | None:
    if not SHARED_CELLKEYS.is_file():
        return None
    spec = importlib.util.spec_from_file_location("shared_cellkeys", SHARED_CELLKEYS)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("version", list(TemplateVersion))
def test_cell_keys_count_and_uniqueness(version: TemplateVersion) -> None:
    keys = cell_keys(version)
    assert len(keys) == KEY_COUNTS[version]
    assert len(set(keys)) == len(keys)
    assert MONEY_KEYS & set(keys)


@pytest.mark.parametrize("version", list(TemplateVersion))
def test_cell_keys_match_the_shared_contract(version: TemplateVersion) -> None:
    """The library's keys are exactly those of the interchange contract, in the same order."""
    shared = _load_shared_cellkeys()
    if shared is None:
        # Outside the development machine the shared tool is absent; the counts above still hold.
        assert len(cell_keys(version)) == KEY_COUNTS[version]
        return
    assert list(cell_keys(version)) == list(shared.cell_keys(version.value))
    assert set(shared.MONEY_KEYS) == set(MONEY_KEYS)


@pytest.mark.parametrize("version", list(TemplateVersion))
def test_to_cells_has_exactly_the_template_keys(version: TemplateVersion) -> None:
    cells = to_cells(make_report(version))
    assert list(cells) == list(cell_keys(version))


@pytest.mark.parametrize("path", SEEDS, ids=[path.name for path in SEEDS])
def test_to_cells_of_seed_reports_has_the_read_template_keys(path: Path) -> None:
    """The keys are the template's in table order, less the cells that were not read."""
    report = parse_bytes(path.read_bytes(), source=path.name)
    cells = to_cells(report)
    unread = {cell.key for cell in report.cells() if not cell.read}
    assert list(cells) == [key for key in cell_keys(report.template) if key not in unread]
    assert all(value is None or isinstance(value, (int, Decimal)) for value in cells.values())
    assert cells == to_cells_document(report)["cells"] | {
        key: value for key, value in cells.items() if isinstance(value, Decimal)
    }


def test_money_is_decimal_in_yuan() -> None:
    """seed-004 writes 627.1854 under 采购总金额（万元，保留四位小数）."""
    cells = to_cells(parse_bytes(example_bytes()))
    amount = cells["proactive.art20_9.procurement.amount_yuan"]
    assert isinstance(amount, Decimal)
    assert amount == Decimal("6271854")
    assert type(cells["proactive.art20_9.procurement.projects"]) is int


@pytest.mark.parametrize("state", [CellState.MISSING, CellState.UNRESOLVED, CellState.INVALID])
def test_to_cells_keeps_none_for_blank_and_leaves_unread_cells_out(state: CellState) -> None:
    """``None`` means blank only: a cell that was not read has no key, in Python as on the command line."""
    report = make_report(
        "2019",
        {"requests.granted.total": None, "requests.new_received.total": 5},
        cell_overrides={"appeals.review.total": Cell(key="appeals.review.total", state=state)},
    )
    cells = to_cells(report)
    assert cells["requests.granted.total"] is None
    assert "appeals.review.total" not in cells
    assert cells["requests.new_received.total"] == 5
    document = to_cells_document(report)
    assert list(document["cells"]) == list(cells)
    listed = {
        CellState.MISSING: document["missing"],
        CellState.UNRESOLVED: list(document["unresolved"]),
        CellState.INVALID: list(document["invalid"]),
    }
    assert listed[state] == ["appeals.review.total"]


def test_cells_document_separates_unreadable_cells() -> None:
    unresolved = Cell(
        key="requests.granted.natural_person",
        raw="1213",
        state=CellState.UNRESOLVED,
        alternatives=(12, 121),
        note="digit run admits two splits",
    )
    invalid = Cell(key="requests.partial.natural_person", raw="X", state=CellState.INVALID)
    missing = Cell(key="appeals.review.total", state=CellState.MISSING)
    report = make_report(
        "2021",
        {"requests.granted.total": None, "proactive.art20_8.fees.amount_yuan": Decimal("12345.6789")},
        year=2023,
        agency="沭阳县发展和改革局",
        cell_overrides={cell.key or "": cell for cell in (unresolved, invalid, missing)},
    )
    document = to_cells_document(report)
    assert set(document) == {
        "template",
        "year",
        "agency",
        "cells",
        "unresolved",
        "invalid",
        "missing",
        "completeness",
    }
    assert document["template"] == "2021"
    assert document["year"] == 2023
    assert document["agency"] == "沭阳县发展和改革局"
    cells = document["cells"]
    # A blank cell is read: it is in "cells" as null, not listed as missing.
    assert "requests.granted.total" in cells
    assert cells["requests.granted.total"] is None
    # Money is a decimal string of 元.
    assert cells["proactive.art20_8.fees.amount_yuan"] == "12345.6789"
    # Unreadable cells are listed apart and are not in "cells".
    assert document["unresolved"] == {
        "requests.granted.natural_person": {
            "raw": "1213",
            "alternatives": [12, 121],
            "note": "digit run admits two splits",
        }
    }
    assert document["invalid"] == {"requests.partial.natural_person": "X"}
    assert document["missing"] == ["appeals.review.total"]
    unreadable = {*document["unresolved"], *document["invalid"], *document["missing"]}
    assert not unreadable & set(cells)
    assert unreadable | set(cells) == set(cell_keys("2021"))
    # The counts say the same, table by table.
    requests = document["completeness"]["requests"]
    assert (requests["unresolved"], requests["invalid"], requests["missing"]) == (1, 1, 0)
    assert requests["read"] == requests["expected"] - 2
    assert document["completeness"]["appeals"]["missing"] == 1
    assert document["completeness"]["complete"] is False
    # The document is JSON as it stands.
    assert json.loads(json.dumps(document)) == document


def test_placeholder_in_text_is_listed_as_invalid() -> None:
    text = example_bytes().decode("utf-8").replace("\t74\n", "\tX\n", 1)
    document = to_cells_document(parse_bytes(text.encode("utf-8")))
    assert document["invalid"] == {"proactive.art20_9.procurement.projects": "X"}
    assert "proactive.art20_9.procurement.projects" not in document["cells"]


def test_local_sub_rows_leave_the_split_template_row_missing() -> None:
    """seed-004 splits 其他对外管理服务事项 into 行政检查 / 行政确认: its cells are missing, not 0."""
    document = to_cells_document(parse_bytes(example_bytes()))
    assert document["missing"] == [
        "proactive.art20_5.other_services.prev_items",
        "proactive.art20_5.other_services.delta",
        "proactive.art20_5.other_services.decisions",
    ]
    assert len(document["cells"]) == 195
    proactive = document["completeness"]["proactive"]
    assert (proactive["expected"], proactive["read"], proactive["missing"]) == (22, 19, 3)


def test_inferred_values_are_exported_as_values() -> None:
    inferred = Cell(key="requests.granted.total", value=3, state=CellState.INFERRED, raw="")
    document = to_cells_document(make_report("2019", cell_overrides={"requests.granted.total": inferred}))
    assert document["cells"]["requests.granted.total"] == 3
    assert (
        to_cells(make_report("2019", cell_overrides={"requests.granted.total": inferred}))[
            "requests.granted.total"
        ]
        == 3
    )
