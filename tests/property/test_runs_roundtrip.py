"""Tables whose cells are run together parse back right or unresolved, never wrong.

A consistent report is rendered the way crawlers flatten tables: every row's
label followed by its cells with no separator (``一、本年新收…21710000218``).
Parsing must give, for every cell, either the true value or an explicit
unresolved state; never another number.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_report import CellState, Format, Report, TemplateVersion, parse_bytes
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    REQUEST_GROUPS,
    proactive_blocks,
    request_rows,
)

Table = dict[str, list[int]]
_RESULT_EXCLUDED = {"new_received", "carried_over", "total_processed", "carried_forward"}


def _magnitude(draw: st.DrawFn) -> int:
    return draw(
        st.one_of(st.just(0), st.just(0), st.integers(0, 9), st.integers(10, 120), st.integers(100, 3000))
    )


@st.composite
def consistent_requests(draw: st.DrawFn, version: TemplateVersion) -> Table:
    """Draw an application table whose rows and columns satisfy R-T3-01…03."""
    specs = request_rows(version)
    results = [spec.key for spec in specs if spec.key not in _RESULT_EXCLUDED]
    sparse = draw(st.booleans())
    table: Table = {}
    for key in results:
        cells = [0 if sparse and draw(st.booleans()) else _magnitude(draw) for _ in range(6)]
        table[key] = cells
    table["carried_forward"] = [draw(st.integers(0, 5)) for _ in range(6)]
    total = [sum(table[key][column] for key in results) for column in range(6)]
    table["total_processed"] = total
    carried = [draw(st.integers(0, total[column] + table["carried_forward"][column])) for column in range(6)]
    table["carried_over"] = carried
    table["new_received"] = [
        total[column] + table["carried_forward"][column] - carried[column] for column in range(6)
    ]
    return {key: [*cells, sum(cells)] for key, cells in table.items()}


@st.composite
def consistent_appeals(draw: st.DrawFn) -> list[int]:
    cells: list[int] = []
    for _ in APPEAL_GROUPS:
        parts = [draw(st.integers(0, 12)) for _ in range(4)]
        cells.extend([*parts, sum(parts)])
    return cells


def _request_labels(version: TemplateVersion) -> list[tuple[str, str]]:
    """(row key, printed label) in table order; a merged group label precedes its first sub-row."""
    labels = []
    seen_groups: set[str] = set()
    for spec in request_rows(version):
        prefix = ""
        if spec.group and spec.group not in seen_groups:
            seen_groups.add(spec.group)
            prefix = REQUEST_GROUPS[spec.group]
        labels.append((spec.key, prefix + spec.label))
    return labels


def render_flattened(version: TemplateVersion, requests: Table, appeals: Sequence[int]) -> str:
    """Render a report whose tables are flattened into one line, as crawlers save them."""
    parts = ["二、主动公开政府信息情况"]
    for block in proactive_blocks(version):
        parts.append(f"{block.caption}信息内容" + "".join(column.label for column in block.columns))
        for row in block.rows:
            parts.append(row.label + "0" * len(block.columns))
    parts.append(
        "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    )
    parts.append("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
    for key, label in _request_labels(version):
        parts.append(label + "".join(str(value) for value in requests[key]))
    parts.append("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼")
    parts.append("".join(column.label for column in APPEAL_COLUMNS) + "未经复议直接起诉复议后起诉")
    parts.append("".join(column.label for column in APPEAL_COLUMNS) * 2)
    parts.append("".join(str(value) for value in appeals))
    parts.append("五、存在的主要问题及改进情况无。六、其他需要报告的事项无。")
    year = 2020 if version is TemplateVersion.V2019 else 2022
    return f"测试县人民政府{year}年政府信息公开工作年度报告\n" + "".join(parts) + "\n"


def _outcome(report: Report, expected: dict[str, int]) -> tuple[int, int, list[str]]:
    """Return (resolved, unresolved, wrong keys)."""
    resolved = unresolved = 0
    wrong = []
    for key, value in expected.items():
        cell = report.cell(key)
        assert cell is not None, key
        if cell.state is CellState.UNRESOLVED:
            assert cell.value is None
            unresolved += 1
        elif cell.value == value:
            resolved += 1
        else:
            wrong.append(f"{key}: expected {value}, got {cell.value!r} ({cell.state})")
    return resolved, unresolved, wrong


def _expected(requests: Table, appeals: Sequence[int]) -> dict[str, int]:
    expected = {
        f"requests.{row}.{column.key}": value
        for row, values in requests.items()
        for column, value in zip(APPLICANT_COLUMNS, values, strict=True)
    }
    keys = [f"appeals.{group.key}.{column.key}" for group in APPEAL_GROUPS for column in APPEAL_COLUMNS]
    expected.update(zip(keys, appeals, strict=True))
    return expected


def _parse(version: TemplateVersion, requests: Table, appeals: Sequence[int]) -> Report:
    text = render_flattened(version, requests, appeals)
    return parse_bytes(text.encode(), format=Format.TEXT, source="flattened.txt")


@settings(max_examples=25, deadline=None)
@given(data=st.data(), version=st.sampled_from(TemplateVersion))
def test_run_together_cells_are_right_or_unresolved(data: st.DataObject, version: TemplateVersion) -> None:
    """No generated consistent table is ever read with a wrong number."""
    requests = data.draw(consistent_requests(version))
    appeals = data.draw(consistent_appeals())
    report = _parse(version, requests, appeals)
    assert report.template is version
    _, _, wrong = _outcome(report, _expected(requests, appeals))
    assert wrong == []


def test_most_run_together_cells_resolve() -> None:
    """Over a fixed sample, most cells resolve; the share is printed for the record."""
    rng = random.Random(20261126)  # noqa: S311 - a fixed, reproducible sample
    resolved = unresolved = 0
    for index in range(60):
        version = TemplateVersion.V2019 if index % 2 else TemplateVersion.V2021
        requests = _sample_requests(rng, version)
        appeals = _sample_appeals(rng)
        report = _parse(version, requests, appeals)
        good, open_, wrong = _outcome(report, _expected(requests, appeals))
        assert wrong == []
        resolved += good
        unresolved += open_
    share = resolved / (resolved + unresolved)
    print(f"run-together cells resolved: {resolved}/{resolved + unresolved} ({share:.1%})")
    assert share >= 0.9


def _sample_requests(rng: random.Random, version: TemplateVersion) -> Table:
    specs = request_rows(version)
    results = [spec.key for spec in specs if spec.key not in _RESULT_EXCLUDED]
    table: Table = {}
    for key in results:
        table[key] = [rng.choice([0, 0, 0, rng.randint(0, 9), rng.randint(10, 150)]) for _ in range(6)]
    table["carried_forward"] = [rng.randint(0, 4) for _ in range(6)]
    total = [sum(table[key][column] for key in results) for column in range(6)]
    table["total_processed"] = total
    carried = [rng.randint(0, total[column] + table["carried_forward"][column]) for column in range(6)]
    table["carried_over"] = carried
    table["new_received"] = [total[c] + table["carried_forward"][c] - carried[c] for c in range(6)]
    return {key: [*cells, sum(cells)] for key, cells in table.items()}


def _sample_appeals(rng: random.Random) -> list[int]:
    cells: list[int] = []
    for _ in APPEAL_GROUPS:
        parts = [rng.choice([0, 0, rng.randint(0, 15)]) for _ in range(4)]
        cells.extend([*parts, sum(parts)])
    return cells
