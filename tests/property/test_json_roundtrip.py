"""A generated report round-trips through JSON unchanged."""

from __future__ import annotations

import json
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_report import Report, from_dict, from_json, to_dict, to_json
from govinfo_report.errors import SourceLocation
from govinfo_report.model import CellState, Format, Provenance, TemplateVersion
from govinfo_report.serialize import SCHEMA_VERSION, iter_jsonl, to_jsonl
from govinfo_report.strategies import make_report, reports

_finite_floats = st.floats(allow_nan=False, allow_infinity=False, width=32)
locations = st.builds(
    SourceLocation,
    source=st.none() | st.text(max_size=12),
    page=st.none() | st.integers(1, 500),
    line=st.none() | st.integers(1, 10**5),
    column=st.none() | st.integers(1, 500),
    xpath=st.none() | st.just("/html/body/table[2]/tr[3]/td[4]"),
    table=st.none() | st.integers(0, 5),
    row=st.none() | st.integers(0, 60),
    col=st.none() | st.integers(0, 20),
    bbox=st.none() | st.tuples(_finite_floats, _finite_floats, _finite_floats, _finite_floats),
)
provenances = st.builds(
    Provenance,
    source=st.none() | st.text(max_size=20),
    format=st.sampled_from(list(Format)),
    sha256=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
    encoding=st.sampled_from([None, "utf-8", "gb18030"]),
    library_version=st.sampled_from(["", "0.1.0", "0+unknown"]),
    backends=st.lists(
        st.tuples(st.sampled_from(["lxml", "pdfminer.six"]), st.text(max_size=8)), max_size=2
    ).map(tuple),
)


@st.composite
def _decorated(draw: st.DrawFn, report: Report) -> Report:
    """Give a generated report the optional fields the strategies leave empty."""
    cells = list(report.proactive.rows[0].cells)
    cells[0] = attrs.evolve(
        cells[0],
        state=CellState.UNRESOLVED,
        value=None,
        alternatives=draw(
            st.lists(
                st.integers(0, 10**6)
                | st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
                max_size=3,
            ).map(tuple)
        ),
        location=draw(locations),
        note=draw(st.none() | st.text(max_size=20)),
    )
    first_row = attrs.evolve(report.proactive.rows[0], cells=tuple(cells), location=draw(locations))
    proactive = attrs.evolve(report.proactive, rows=(first_row, *report.proactive.rows[1:]))
    return attrs.evolve(report, proactive=proactive, provenance=draw(st.none() | provenances))


def _assert_round_trip(report: Report) -> None:
    text = to_json(report)
    data = json.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION
    assert from_json(text) == report
    assert from_dict(to_dict(report)) == report


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(list(TemplateVersion)).flatmap(lambda version: reports(version, extra_rows=True)))
def test_consistent_report_round_trips(report: Report) -> None:
    _assert_round_trip(report)


@settings(max_examples=10, deadline=None)
@given(
    st.sampled_from(list(TemplateVersion)).flatmap(
        lambda version: reports(version, consistent=False, extra_rows=True)
    )
)
def test_odd_report_round_trips(report: Report) -> None:
    """Any cell state, negative and fractional values, arbitrary text and sections."""
    _assert_round_trip(report)


@settings(max_examples=8, deadline=None)
@given(reports(consistent=False).flatmap(_decorated))
def test_report_with_every_optional_field_round_trips(report: Report) -> None:
    """Locations with bbox and xpath, alternatives, notes and provenance with backends."""
    _assert_round_trip(report)


@settings(max_examples=5, deadline=None)
@given(st.lists(reports(), max_size=3))
def test_json_lines_round_trip(batch: list[Report]) -> None:
    lines = list(to_jsonl(batch))
    assert all("\n" not in line for line in lines)
    assert list(iter_jsonl([*lines, "", "  "])) == batch


def test_money_value_types_survive() -> None:
    """An int stays an int and a Decimal stays a Decimal (not a float) after the round trip."""
    report = make_report(
        "2021",
        {"proactive.art20_8.fees.amount_yuan": Decimal("12345.6789"), "requests.granted.total": 7},
    )
    restored = from_json(to_json(report))
    fees = restored.value("proactive.art20_8.fees.amount_yuan")
    assert isinstance(fees, Decimal)
    assert fees == Decimal("12345.6789")
    granted = restored.value("requests.granted.total")
    assert type(granted) is int
    assert granted == 7
