"""Tables whose cells are separated by spaces or line breaks, as PDF viewers and pdftotext copy them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.textgen import SIGNED_KEYS, Layout, distinct_values, render_cell_per_line, render_spaced

from govinfo_report import parse_bytes, to_cells
from govinfo_report.model import Format, TemplateVersion
from govinfo_report.model.labels import MONEY_KEYS, cell_keys
from govinfo_report.serialize import to_cells_document

AGENCY = "某某县卫生健康局"
SEPARATORS = {"one-space": " ", "spaces": "   ", "ideographic": "\u3000", "bar": " | ", "nbsp": "\u00a0"}


def _year(version: TemplateVersion) -> int:
    return 2020 if version is TemplateVersion.V2019 else 2022


@st.composite
def table_values(draw: st.DrawFn, version: TemplateVersion) -> dict[str, int | Decimal | None]:
    """Cell values of ``version``: counts, signed changes and whole-yuan amounts (no blanks)."""
    values: dict[str, int | Decimal | None] = {}
    for key in cell_keys(version):
        if key in MONEY_KEYS:
            values[key] = Decimal(draw(st.integers(min_value=0, max_value=10**8)))
        elif key in SIGNED_KEYS:
            values[key] = draw(st.integers(min_value=-500, max_value=500))
        else:
            values[key] = draw(st.integers(min_value=0, max_value=3000))
    return values


def _parse(text: str) -> dict[str, object]:
    report = parse_bytes(text.encode("utf-8"), format=Format.TEXT, source="spaced.txt")
    return {"template": report.template, "cells": to_cells(report), "document": to_cells_document(report)}


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
@pytest.mark.parametrize("version", TemplateVersion)
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_every_cell_is_read(version: TemplateVersion, separator: str, data: st.DataObject) -> None:
    values = data.draw(table_values(version))
    text = render_spaced(
        version=version, values=values, agency=AGENCY, year=_year(version), separator=separator
    )
    parsed = _parse(text)
    assert parsed["template"] is version
    assert parsed["cells"] == values


@pytest.mark.parametrize("version", TemplateVersion)
@settings(max_examples=3, deadline=None)
@given(data=st.data())
def test_tables_drawn_with_rules(version: TemplateVersion, data: st.DataObject) -> None:
    """Markdown-style tables: cells between bars, a ruled line under every row."""
    values = data.draw(table_values(version))
    text = render_spaced(version=version, values=values, agency=AGENCY, year=_year(version), separator=" | ")
    ruled = "\n".join(
        f"| {line} |\n|---|---|" if " | " in line or line[:1] not in "一二三四五六本" else line
        for line in text.split("\n")
    )
    parsed = _parse(ruled)
    assert parsed["template"] is version
    assert parsed["cells"] == values


@pytest.mark.parametrize("blank_lines", [True, False], ids=["rows-apart", "no-blank-lines"])
@pytest.mark.parametrize("version", TemplateVersion)
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_cells_one_per_line_without_tabs(
    version: TemplateVersion, blank_lines: bool, data: st.DataObject
) -> None:
    """Every cell on a line of its own, the tabs that marked table lines lost."""
    values = data.draw(table_values(version))
    text = render_cell_per_line(version=version, values=values, agency=AGENCY, year=_year(version))
    lines = [line.replace("\t", "") for line in text.split("\n")]
    if not blank_lines:
        lines = [line for line in lines if line.strip()]
    parsed = _parse("\n".join(lines))
    assert parsed["template"] is version
    assert parsed["cells"] == values


@pytest.mark.parametrize("version", TemplateVersion)
def test_blank_cells_that_vanish_are_never_guessed(version: TemplateVersion) -> None:
    """Empty cells leave no trace between spaces: the rows they were in are not read as other numbers."""
    values: dict[str, int | Decimal | None] = dict.fromkeys(cell_keys(version), 7)
    for key in MONEY_KEYS & set(values):
        values[key] = Decimal(7)
    blank = [key for key in values if key.startswith("requests.granted.")][:2]
    for key in blank:
        values[key] = None
    text = render_spaced(version=version, values=values, agency=AGENCY, year=_year(version), layout=Layout())
    cells = _parse(text)["cells"]
    assert isinstance(cells, dict)
    wrong = [key for key, value in cells.items() if value is not None and value != values[key]]
    assert wrong == []


@pytest.mark.parametrize("shape", ["row-per-paragraph", "cell-per-paragraph"])
@pytest.mark.parametrize("version", TemplateVersion)
@settings(max_examples=3, deadline=None)
@given(data=st.data())
def test_html_tables_written_as_paragraphs(version: TemplateVersion, shape: str, data: st.DataObject) -> None:
    """A page that sets the tables as paragraphs, not <table> elements, is read the same way."""
    values = data.draw(table_values(version))
    if shape == "row-per-paragraph":
        text = render_spaced(
            version=version, values=values, agency=AGENCY, year=_year(version), separator="&nbsp;&nbsp;"
        )
    else:
        text = render_cell_per_line(version=version, values=values, agency=AGENCY, year=_year(version))
    body = "".join(f"<p>{line.strip()}</p>" for line in text.split("\n") if line.strip())
    page = f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>"
    report = parse_bytes(page.encode("utf-8"), source="paragraphs.html")
    assert report.template is version
    assert to_cells(report) == values


@pytest.mark.parametrize("apart", [True, False], ids=["apart", "run-together"])
@pytest.mark.parametrize("version", TemplateVersion)
def test_counts_written_with_their_unit(version: TemplateVersion, apart: bool) -> None:
    """规章 1件 2件 3件, or 规章1件2件3件: the unit ends a count as a space would."""
    values = distinct_values(version)
    text = render_spaced(version=version, values=values, agency=AGENCY, year=_year(version))
    lines = []
    for line in text.split("\n"):
        cells = line.split(" ")
        counted = [f"{cell}件" if cell.lstrip("+-").isdigit() else cell for cell in cells]
        joined = " ".join(counted)
        lines.append(joined if apart else joined.replace("件 ", "件"))
    parsed = _parse("\n".join(lines))
    assert parsed["template"] is version
    assert parsed["cells"] == values


@pytest.mark.parametrize("width", [4, 8, 12])
@pytest.mark.parametrize("version", TemplateVersion)
def test_labels_broken_across_lines(version: TemplateVersion, width: int) -> None:
    """A long label wraps, its values on the line with its end (一、本年新收政府信息公开 / 申请数量 2 3 4)."""
    values = distinct_values(version)
    text = render_spaced(version=version, values=values, agency=AGENCY, year=_year(version), separator="  ")
    lines: list[str] = []
    for line in text.split("\n"):
        label, _, rest = line.partition("  ")
        if len(label) > width and any(char.isdigit() for char in rest):
            lines += [label[:width], f"{label[width:]}  {rest}"]
        else:
            lines.append(line)
    parsed = _parse("\n".join(lines))
    assert parsed["cells"] == values


@pytest.mark.parametrize(
    "mark", ["-", "\u2014", "/", "\uff0d"], ids=["hyphen", "em-dash", "slash", "full-width"]
)
@pytest.mark.parametrize("version", TemplateVersion)
@settings(max_examples=3, deadline=None)
@given(data=st.data())
def test_blank_cells_marked_between_spaces(version: TemplateVersion, mark: str, data: st.DataObject) -> None:
    """A blank cell written as a mark (-, —, /) keeps its place: first, between or after the values."""
    values = data.draw(table_values(version))
    blanks = data.draw(
        st.sets(st.sampled_from(sorted(key for key in values if key not in MONEY_KEYS)), max_size=40)
    )
    for key in blanks:
        values[key] = None
    layout = Layout(blank=mark)
    text = render_spaced(
        version=version, values=values, agency=AGENCY, year=_year(version), separator="  ", layout=layout
    )
    assert _parse(text)["cells"] == values


@pytest.mark.parametrize("mark", ["-", "/", "\u2014"])
def test_a_row_whose_only_cell_is_a_blank_mark_is_read_blank(mark: str) -> None:
    """行政许可 has one cell in the 2021 template: a lone mark there is a blank cell, not a lost row."""
    values: dict[str, int | Decimal | None] = dict.fromkeys(cell_keys(TemplateVersion.V2021), 0)
    values["proactive.art20_5.licensing.decisions"] = None
    text = render_spaced(
        version=TemplateVersion.V2021,
        values=values,
        agency=AGENCY,
        year=_year(TemplateVersion.V2021),
        separator="  ",
        layout=Layout(blank=mark),
    )
    assert f"行政许可  {mark}\n" in text
    report = parse_bytes(text.encode("utf-8"), format=Format.TEXT, source="spaced.txt")
    assert to_cells(report) == values
    assert to_cells_document(report)["missing"] == []
