"""A generated report rendered as text parses back to the same cells."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.textgen import SIGNED_KEYS, Layout, render_cell_per_line, render_tsv

from govinfo_report import parse_bytes, to_cells
from govinfo_report.model import CellState, Format, TemplateVersion
from govinfo_report.model.labels import MONEY_KEYS, cell_keys

Values = dict[str, int | Decimal | None]
Renderer = Callable[..., str]

AGENCIES = (
    "北京市朝阳区卫生健康委员会",
    "海原县卫生健康局",
    "沭阳县发展和改革局",
    "淮安市人民政府",
    "平潭综合实验区管委会",
)
layouts = st.builds(
    Layout,
    money_unit=st.sampled_from(["元", "万元"]),
    explicit_plus=st.booleans(),
    minus=st.sampled_from(["-", "\u2212"]),
    pad=st.sampled_from(["", "\u3000", " "]),
    blank=st.sampled_from(["", "\u3000", "-"]),
    full_width_digits=st.booleans(),
)


# Blank cells are drawn as out-of-range integers mapped to None: one integer draw per cell keeps
# generation fast, and shrinking goes towards 0 rather than towards a blank table.
_COUNTS = st.integers(min_value=-(10**5), max_value=4 * 10**5).map(lambda n: None if n < 0 else n)
_DELTAS = st.integers(min_value=-5000, max_value=6250).map(lambda n: None if n > 5000 else n)


def _money(unit: str) -> st.SearchStrategy[Decimal | None]:
    """Amounts in 元 that are exact when written in ``unit`` (万元 with up to four decimals), or blank."""
    if unit == "万元":
        written = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)
        amounts = written.map(lambda amount: amount * 10000)
    else:
        amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
    return st.none() | amounts


@st.composite
def reports(draw: st.DrawFn, version: TemplateVersion) -> tuple[Values, Layout, str, int]:
    """Draw cell values, a layout, an agency and a year for a report of ``version``."""
    layout = draw(layouts)
    unit = "万元" if version is TemplateVersion.V2021 else layout.money_unit
    values: Values = {}
    for key in cell_keys(version):
        if key in MONEY_KEYS:
            values[key] = draw(_money(unit))
        elif key in SIGNED_KEYS:
            values[key] = draw(_DELTAS)
        else:
            values[key] = draw(_COUNTS)
    # A review/litigation table left entirely blank is not read yet (see
    # tests/test_regressions.py::test_entirely_blank_appeals_table_is_blank_not_missing).
    assume(any(value is not None for key, value in values.items() if key.startswith("appeals.")))
    years = (2019, 2020) if version is TemplateVersion.V2019 else (2021, 2030)
    year = draw(st.integers(min_value=years[0], max_value=years[1]))
    return values, layout, draw(st.sampled_from(AGENCIES)), year


def _check_round_trip(
    render: Renderer, version: TemplateVersion, values: Values, *, layout: Layout, agency: str, year: int
) -> None:
    text = render(version=version, values=values, agency=agency, year=year, layout=layout)
    report = parse_bytes(text.encode("utf-8"), format=Format.TEXT, source="generated.txt")
    assert report.template is version
    assert report.year == year
    assert report.agency == agency
    cells = to_cells(report)
    assert list(cells) == list(values)
    mismatches = {key: (expected, cells[key]) for key, expected in values.items() if cells[key] != expected}
    assert mismatches == {}
    states = {cell.key: cell.state for cell in report.cells()}
    wrong_states = {
        key: state
        for key, state in states.items()
        if state is not (CellState.BLANK if values[key or ""] is None else CellState.VALUE)
    }
    assert wrong_states == {}
    assert [section.number for section in report.sections] == [1, 2, 3, 4, 5, 6]
    assert not report.proactive.extra_rows
    assert not report.requests.extra_rows


def _version_and_report() -> st.SearchStrategy[tuple[TemplateVersion, tuple[Values, Layout, str, int]]]:
    return st.sampled_from(list(TemplateVersion)).flatmap(
        lambda version: st.tuples(st.just(version), reports(version))
    )


@settings(max_examples=25, deadline=None)
@given(_version_and_report())
def test_cell_per_line_round_trip(case: tuple[TemplateVersion, tuple[Values, Layout, str, int]]) -> None:
    version, (values, layout, agency, year) = case
    _check_round_trip(render_cell_per_line, version, values, layout=layout, agency=agency, year=year)


@settings(max_examples=25, deadline=None)
@given(_version_and_report())
def test_tsv_round_trip(case: tuple[TemplateVersion, tuple[Values, Layout, str, int]]) -> None:
    version, (values, layout, agency, year) = case
    _check_round_trip(render_tsv, version, values, layout=layout, agency=agency, year=year)


def test_plain_layout_round_trips_for_both_templates() -> None:
    """A fixed example, so a failure here is readable without Hypothesis's shrinking."""
    for version in TemplateVersion:
        values: Values = {key: index for index, key in enumerate(cell_keys(version))}
        for key in MONEY_KEYS & set(values):
            values[key] = Decimal("6271854")
        for render in (render_cell_per_line, render_tsv):
            _check_round_trip(render, version, values, layout=Layout(), agency=AGENCIES[0], year=2020)
            blank_layout = attrs.evolve(Layout(), money_unit="万元", pad="\u3000", full_width_digits=True)
            _check_round_trip(render, version, values, layout=blank_layout, agency=AGENCIES[1], year=2023)
