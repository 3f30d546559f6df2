"""Generated reports rendered as other tools' Markdown, in every broken shape, are never read wrong.

A consistent report (its equations hold) is read fully in every shape; a report whose
values are arbitrary may leave cells unresolved, but no cell is ever read as a value
the report does not state.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.property.test_text_roundtrip import reports as arbitrary_reports
from tests.textgen import MARKDOWN_SHAPES, Layout, distinct_values, render_markdown

from govinfo_report import Report, parse_bytes
from govinfo_report.model import CellState, Format, TemplateVersion
from govinfo_report.strategies import AGENCIES, appeal_values, proactive_values, request_values

Values = dict[str, int | Decimal | None]
_READ = frozenset({CellState.VALUE, CellState.INFERRED, CellState.BLANK})
# Cells joined by spaces need a visible mark for a blank cell.
_LAYOUT = Layout(blank="-", explicit_plus=False)


def _year(version: TemplateVersion) -> int:
    return 2020 if version is TemplateVersion.V2019 else 2023


@st.composite
def consistent_values(draw: st.DrawFn, version: TemplateVersion) -> Values:
    """Cell values whose application and review/litigation equations hold."""
    values: Values = {}
    values.update(draw(proactive_values(version, rule_maker=True)))
    values.update(draw(request_values(version)))
    values.update(draw(appeal_values()))
    return values


def _parse(version: TemplateVersion, values: Values, shape: str, cut: int) -> Report:
    text = render_markdown(
        version=version,
        values=values,
        agency=AGENCIES[5],
        year=_year(version),
        layout=_LAYOUT,
        shape=shape,
        cut=cut,
    )
    return parse_bytes(text.encode("utf-8"), source="generated.md")


def _wrong(report: Report, values: Values) -> dict[str, object]:
    """Cells read as a value (or blank) other than the one rendered."""
    return {
        cell.key: (values[cell.key], cell.value)
        for cell in report.cells()
        if cell.key in values and cell.state in _READ and cell.value != values[cell.key]
    }


def _unread(report: Report, values: Values) -> set[str]:
    return {cell.key for cell in report.cells() if cell.key in values and cell.state not in _READ}


_versions = st.sampled_from(list(TemplateVersion))
_shapes = st.sampled_from(MARKDOWN_SHAPES)
# Labels two rows away from their numbers name no number row next to them: only the rows
# their own position decides are read, so these are checked for wrong values only.
_FULLY_READ = tuple(shape for shape in MARKDOWN_SHAPES if shape != "drifted_labels")
_cuts = st.integers(min_value=2, max_value=9)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), version=_versions, shape=st.sampled_from(_FULLY_READ), cut=_cuts)
def test_consistent_report_is_read_fully_in_every_shape(
    data: st.DataObject, version: TemplateVersion, shape: str, cut: int
) -> None:
    values = data.draw(consistent_values(version))
    report = _parse(version, values, shape, cut)
    assert report.provenance is not None
    assert report.provenance.format is Format.MARKDOWN
    assert _wrong(report, values) == {}
    assert _unread(report, values) == set()


@settings(max_examples=60, deadline=None)
@given(data=st.data(), version=_versions, shape=_shapes, cut=_cuts)
def test_arbitrary_values_are_never_read_wrong(
    data: st.DataObject, version: TemplateVersion, shape: str, cut: int
) -> None:
    values, _, _, _ = data.draw(arbitrary_reports(version))
    text = render_markdown(
        version=version,
        values=values,
        agency=AGENCIES[5],
        year=_year(version),
        layout=_LAYOUT,
        shape=shape,
        cut=cut,
    )
    report = parse_bytes(text.encode("utf-8"), source="generated.md")
    assert _wrong(report, values) == {}


@pytest.mark.parametrize("shape", MARKDOWN_SHAPES)
@pytest.mark.parametrize("version", TemplateVersion)
def test_distinct_values_are_read_fully_in_every_shape(version: TemplateVersion, shape: str) -> None:
    """A fixed example per shape: every cell holds a different count, so a value in the wrong cell shows."""
    values: Values = dict(distinct_values(version))
    report = _parse(version, values, shape, cut=4)
    assert _wrong(report, values) == {}
    if shape in _FULLY_READ:
        assert _unread(report, values) == set()
