"""The templates as data: cell keys taken apart, specs, equations, version signals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo_report.assembly._normalize import normalize_label
from govinfo_report.model import TableKind, TemplateVersion
from govinfo_report.model.cellkey import CellKey
from govinfo_report.model.equations import BalanceKind, appeal_balances, request_balances
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    MONEY_KEYS,
    TABLES,
    TEMPLATES,
    ColumnSpec,
    RowSpec,
    cell_keys,
    cell_spec,
    cell_specs,
    proactive_blocks,
    request_rows,
    version_signals,
)
from govinfo_report.strategies import appeal_values, request_values, templates

ALL_KEYS = sorted({key for version in TemplateVersion for key in cell_keys(version)})


@pytest.mark.parametrize("key", ALL_KEYS)
def test_cell_keys_come_apart_and_back(key: str) -> None:
    parsed = CellKey.parse(key)
    assert str(parsed) == key
    assert CellKey.format(parsed.table, parsed.row, parsed.column) == key
    assert cell_spec(key).key == parsed


def test_cell_key_parts() -> None:
    key = CellKey.parse("requests.denied.state_secret.natural_person")
    assert (key.table, key.row, key.column, key.block) == (
        TableKind.REQUESTS,
        "denied.state_secret",
        "natural_person",
        "denied",
    )
    assert str(key.with_column("total")) == "requests.denied.state_secret.total"
    assert str(key.with_row("granted")) == "requests.granted.natural_person"
    assert CellKey.parse("proactive.art20_5.licensing.decisions").block == "art20_5"


@pytest.mark.parametrize(
    "text", ["", "requests", "requests.total", "requests..total", "tables.granted.total"]
)
def test_malformed_cell_keys_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="cell key"):
        CellKey.parse(text)


@pytest.mark.parametrize("version", list(TemplateVersion))
def test_specs_describe_every_cell(version: TemplateVersion) -> None:
    specs = cell_specs(version)
    assert tuple(specs) == cell_keys(version)
    for key, spec in specs.items():
        assert str(spec.key) == key
        assert all((spec.row_label, spec.column_label, spec.row_name_zh, spec.row_name_en))
        assert all((spec.column_name_zh, spec.column_name_en))
        assert spec.money == (key in MONEY_KEYS)


@pytest.mark.parametrize("version", list(TemplateVersion))
def test_short_row_names_tell_rows_apart(version: TemplateVersion) -> None:
    """Messages name rows by their short names, so no two rows of a table share one."""
    for table in TableKind:
        rows: dict[str, tuple[str, str]] = {}
        for spec in cell_specs(version).values():
            if spec.key.table is table:
                rows[spec.key.row] = (spec.row_name_zh, spec.row_name_en)
        assert len(set(rows.values())) == len(rows), table


def test_table_titles_are_the_section_headings() -> None:
    assert [table.kind for table in TABLES] == list(TableKind)
    assert [table.title for table in TABLES] == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]


def _label_texts(version: TemplateVersion) -> set[str]:
    """Every label and pattern of ``version``, normalised."""
    template = TEMPLATES[version]
    texts = {normalize_label(block.caption) for block in template.proactive}
    specs: list[RowSpec | ColumnSpec] = [
        *template.requests,
        *APPLICANT_COLUMNS,
        *APPEAL_GROUPS,
        *APPEAL_COLUMNS,
    ]
    for block in template.proactive:
        specs.extend(block.columns)
        specs.extend(block.rows)
    for spec in specs:
        texts.add(normalize_label(spec.label))
        texts.update(spec.patterns)
        texts.update(spec.variants)
    return texts


@pytest.mark.parametrize("version", list(TemplateVersion))
def test_version_signals_are_labels_of_their_version_only(version: TemplateVersion) -> None:
    own = _label_texts(version)
    others = set().union(*(_label_texts(other) for other in TemplateVersion if other is not version))
    signals = [normalize_label(signal) for signal in version_signals(version)]
    assert signals
    for signal in signals:
        assert any(signal in text for text in own), signal
        assert not any(signal in text for text in others), signal


@pytest.mark.parametrize("version", list(TemplateVersion))
def test_request_balances_cover_every_row_and_column(version: TemplateVersion) -> None:
    balances = request_balances(version)
    rows = request_rows(version)
    by_kind = {kind: [b for b in balances if b.kind is kind] for kind in BalanceKind}
    assert len(by_kind[BalanceKind.ROW_TOTAL]) == len(rows)
    assert len(by_kind[BalanceKind.RESULTS]) == len(by_kind[BalanceKind.CARRY]) == len(APPLICANT_COLUMNS)
    keys = set(cell_keys(version))
    assert all(key in keys for balance in balances for key in (*balance.parts, *balance.totals))
    assert len(appeal_balances()) == len(APPEAL_GROUPS)


@given(st.data())
def test_consistent_values_satisfy_every_balance(data: st.DataObject) -> None:
    """The strategies' consistent tables and the equations agree on what consistent means."""
    version = data.draw(templates())
    values = {**data.draw(request_values(version)), **data.draw(appeal_values())}
    for balance in (*request_balances(version), *appeal_balances()):
        parts = sum(values[key] or 0 for key in balance.parts)
        totals = sum(values[key] or 0 for key in balance.totals)
        assert parts == totals, balance


def test_every_block_caption_is_made_from_its_item() -> None:
    for version in TemplateVersion:
        for block in proactive_blocks(version):
            assert block.caption == f"第二十条第（{block.item}）项"
