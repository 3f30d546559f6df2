"""Hypothesis strategies that generate annual reports, for testing code that uses them.

Needs the ``[hypothesis]`` extra (``pip install govinfo-report[hypothesis]``).
Nothing else in :mod:`govinfo_report` imports this module.

:func:`reports` draws complete :class:`~govinfo_report.model.Report` objects of
both templates. With ``consistent=True`` (the default) every table satisfies every
error-level rule of :mod:`govinfo_report.validation` by construction: the result
rows and the carried-forward count of each column are drawn, and the totals
derived from them. With ``consistent=False`` anything goes: negative counts,
unreadable cells, missing rows, odd text; use it to check that code copes.

:func:`make_report` builds a report from a mapping of cell values, which is
handy for hand-written examples:

>>> from govinfo_report.strategies import make_report
>>> report = make_report("2019", {"requests.new_received.total": 0})
>>> report.value("requests.granted.natural_person")
0

Example:
    >>> from hypothesis import given
    >>> from govinfo_report.strategies import reports
    >>> from govinfo_report.validation import validate
    >>> @given(reports())
    ... def test_no_errors(report):
    ...     assert not [f for f in validate(report) if f.severity == "error"]
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import cache

try:
    from hypothesis import strategies as st
except ImportError:
    msg = "govinfo_report.strategies needs Hypothesis: pip install 'govinfo-report[hypothesis]'"
    raise ImportError(msg, name="hypothesis") from None

from govinfo_report.errors import SourceLocation
from govinfo_report.model import (
    Cell,
    CellState,
    CellValue,
    Deviation,
    DeviationKind,
    Format,
    Provenance,
    Report,
    Row,
    Section,
    Table,
    TableKind,
    TemplateVersion,
)
from govinfo_report.model.cellkey import CellKey
from govinfo_report.model.equations import result_rows
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    CARRIED_FORWARD,
    CARRIED_OVER,
    DECISIONS,
    DELTA,
    IN_FORCE,
    ISSUED,
    MADE,
    MONEY_KEYS,
    NEW_RECEIVED,
    PREV_ITEMS,
    PUBLISHED,
    REGULATIONS,
    REPEALED,
    SECTIONS,
    TEMPLATES,
    TOTAL,
    TOTAL_PROCESSED,
    TOTAL_PUBLISHED,
    ColumnSpec,
    ProactiveBlock,
    RowSpec,
    appeal_key,
    cell_key,
    cell_keys,
    cell_spec,
    proactive_blocks,
    proactive_key,
    proactive_rows_with,
    request_key,
    request_rows,
)
from govinfo_report.model.named_cells import (
    CARRIED_FORWARD_TOTAL,
    FEES_AMOUNT,
    LITIGATION_TOTALS,
    NEW_RECEIVED_TOTAL,
    PENALTY_DECISIONS,
    PROCESSED_TOTAL,
    PROCUREMENT_AMOUNT,
    PROCUREMENT_PROJECTS,
    REVIEW_TOTAL,
)

__all__ = [
    "AGENCIES",
    "appeal_values",
    "cells",
    "make_report",
    "proactive_values",
    "reports",
    "request_values",
    "templates",
]

AGENCIES: tuple[str, ...] = (
    "杭州市临安区卫生健康局",
    "海原县卫生健康局",
    "北京市朝阳区卫生健康委员会",
    "沭阳县发展和改革局",
    "洪泽区人民政府",
    "淮安市人民政府",
    "浙江省人民政府办公厅",
    "平潭综合实验区",
)
"""Agency names the strategies draw from: departments and governments of several levels."""

_RULE_MAKERS = frozenset({"淮安市人民政府", "浙江省人民政府办公厅"})
_LATEST_YEAR = 2025
"""The last report year drawn for a template still in force."""
_TEN_THOUSAND = Decimal(10_000)

Values = dict[str, CellValue]


def templates() -> st.SearchStrategy[TemplateVersion]:
    """Draw a template version."""
    return st.sampled_from(tuple(TemplateVersion))


@cache
def _count(high: int = 200) -> st.SearchStrategy[int]:
    """Counts as reports have them: mostly 0, often small, sometimes large."""
    return st.one_of(st.just(0), st.integers(0, 3), st.integers(0, high))


@st.composite
def request_values(draw: st.DrawFn, template: TemplateVersion) -> Values:
    """Draw the application table's values so that R-T3-01…06 all hold.

    For each applicant column the result rows and 结转下年 are drawn; （七）总计 is
    their sum, 上年结转 is at most what was processed or carried forward, and 新收
    makes up the rest. The 总计 column is the sum of the six applicant columns.
    """
    results = result_rows(template)
    columns = [column for column in APPLICANT_COLUMNS if column is not TOTAL]
    counts: dict[str, int] = {}
    for index, column in enumerate(columns):
        # Most requests come from natural persons; organisations are rarer.
        active = index == 0 or draw(st.booleans())
        high = 300 if index == 0 else 20
        drawn = {row: (draw(_count(high)) if active else 0) for row in results}
        forward = draw(_count(high // 10 + 1)) if active else 0
        processed = sum(drawn.values())
        carried = draw(st.integers(0, processed + forward)) if active else 0
        for row, value in drawn.items():
            counts[request_key(row, column)] = value
        counts[request_key(TOTAL_PROCESSED, column)] = processed
        counts[request_key(CARRIED_FORWARD, column)] = forward
        counts[request_key(CARRIED_OVER, column)] = carried
        counts[request_key(NEW_RECEIVED, column)] = processed + forward - carried
    for row in request_rows(template):
        counts[request_key(row, TOTAL)] = sum(counts[request_key(row, column)] for column in columns)
    values: Values = dict(counts)
    return values


@st.composite
def appeal_values(draw: st.DrawFn) -> Values:
    """Draw the review/litigation table with each 总计 equal to its four outcomes."""
    values: Values = {}
    for group in APPEAL_GROUPS:
        parts = [draw(_count(30)) for _ in range(4)]
        for column, value in zip(APPEAL_COLUMNS[:-1], parts, strict=True):
            values[appeal_key(group, column)] = value
        values[appeal_key(group, TOTAL)] = sum(parts)
    return values


@st.composite
def proactive_values(draw: st.DrawFn, template: TemplateVersion, *, rule_maker: bool = False) -> Values:
    """Draw a plausible 第二十条 table (non-negative counts, signed 本年增/减 within range)."""
    values: Values = {}
    if template is TemplateVersion.V2019:
        for block, spec in _rows_with(template, MADE):
            made = draw(_count(30)) if spec is not REGULATIONS or rule_maker else 0
            published = draw(st.integers(0, made + (5 if made else 0)))
            values[proactive_key(block, spec, MADE)] = made
            values[proactive_key(block, spec, PUBLISHED)] = published
            values[proactive_key(block, spec, TOTAL_PUBLISHED)] = published + draw(_count(500))
        for row in proactive_rows_with(template, PREV_ITEMS, DELTA):
            prev = draw(_count(400))
            values[_proactive(row, PREV_ITEMS)] = prev
            values[_proactive(row, DELTA)] = draw(st.integers(-prev, 40))
            if (decisions := _proactive(row, DECISIONS)) in cell_keys(template):
                values[decisions] = draw(_count(50_000))
        projects = draw(_count(200))
        values[PROCUREMENT_PROJECTS] = projects
        cents = draw(st.integers(1, 10**10)) if projects else 0
        values[PROCUREMENT_AMOUNT] = Decimal(cents) / 100
    else:
        for block, spec in _rows_with(template, ISSUED):
            if spec is REGULATIONS and not rule_maker:
                issued = repealed = in_force = 0
            else:
                issued = draw(_count(30))
                repealed = draw(_count(10))
                in_force = issued + draw(_count(700))
            values[proactive_key(block, spec, ISSUED)] = issued
            values[proactive_key(block, spec, REPEALED)] = repealed
            values[proactive_key(block, spec, IN_FORCE)] = in_force
        for row in proactive_rows_with(template, DECISIONS):
            values[_proactive(row, DECISIONS)] = draw(_count(50_000))
        ten_thousandths = draw(st.one_of(st.just(0), st.integers(0, 10**9)))
        values[FEES_AMOUNT] = Decimal(ten_thousandths)
    return values


def _proactive(row: str, column: ColumnSpec) -> str:
    return cell_key(TableKind.PROACTIVE, row, column)


def _rows_with(template: TemplateVersion, column: ColumnSpec) -> list[tuple[ProactiveBlock, RowSpec]]:
    return [
        (block, spec)
        for block in proactive_blocks(template)
        if column in block.columns
        for spec in block.rows
    ]


def _raw(key: str, value: CellValue) -> str:
    if value is None:
        return ""
    spec = cell_spec(key)
    if spec.money and isinstance(value, Decimal):
        if _unit(key) == "万元":
            return format((value / _TEN_THOUSAND).normalize(), "f")
        return format(value.normalize(), "f")
    if spec.signed and value > 0:
        return f"+{value}"
    return str(value)


def _unit(key: str) -> str | None:
    """The unit an amount is written in: the template's, else 元."""
    spec = cell_spec(key)
    if not spec.money:
        return None
    return spec.unit or "元"


def _value_cell(key: str, value: CellValue, location: SourceLocation) -> Cell:
    if value is None:
        return Cell(key=key, state=CellState.BLANK, location=location)
    return Cell(key=key, value=value, raw=_raw(key, value), unit=_unit(key), location=location)


CellFactory = Callable[[str, SourceLocation], Cell]


def _tables(version: TemplateVersion, make: CellFactory, source: str) -> tuple[Table, Table, Table]:
    line = 100

    def location() -> SourceLocation:
        nonlocal line
        line += 1
        return SourceLocation(source=source, line=line)

    proactive_rows = []
    for block in proactive_blocks(version):
        for spec in block.rows:
            row_location = location()
            row_cells = tuple(
                make(proactive_key(block, spec, column), location()) for column in block.columns
            )
            proactive_rows.append(
                Row(key=f"{block.key}.{spec.key}", label=spec.label, cells=row_cells, location=row_location)
            )
    request_table_rows = []
    for spec in request_rows(version):
        row_location = location()
        row_cells = tuple(make(request_key(spec, column), location()) for column in APPLICANT_COLUMNS)
        request_table_rows.append(Row(key=spec.key, label=spec.label, cells=row_cells, location=row_location))
    appeal_rows = []
    for group in APPEAL_GROUPS:
        row_location = location()
        row_cells = tuple(make(appeal_key(group, column), location()) for column in APPEAL_COLUMNS)
        appeal_rows.append(Row(key=group.key, label=group.label, cells=row_cells, location=row_location))
    return (
        Table(
            kind=TableKind.PROACTIVE,
            rows=tuple(proactive_rows),
            location=SourceLocation(source=source, line=100),
        ),
        Table(kind=TableKind.REQUESTS, rows=tuple(request_table_rows)),
        Table(kind=TableKind.APPEALS, rows=tuple(appeal_rows)),
    )


def _default_sections(
    version: TemplateVersion, values: Mapping[str, CellValue], source: str
) -> tuple[Section, ...]:
    def get(key: str) -> int:
        value = values.get(key, 0)
        return int(value) if value is not None else 0

    new = get(NEW_RECEIVED_TOTAL)
    processed = get(PROCESSED_TOTAL)
    forward = get(CARRIED_FORWARD_TOTAL)
    review = get(REVIEW_TOTAL)
    lawsuits = sum(map(get, LITIGATION_TOTALS))
    penalty = get(PENALTY_DECISIONS)
    if review or lawsuits:
        appeals = f"本年度因政府信息公开工作被申请行政复议{review}件，提起行政诉讼{lawsuits}件。"
    else:
        appeals = "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    fees = "本年度未收取信息处理费。" if version is TemplateVersion.V2021 else "无。"
    texts = {
        1: (
            "本机关认真贯彻落实政府信息公开条例，做好主动公开、"
            "依申请公开、政府信息管理、平台建设和监督保障工作。"
            "年度工作考核、社会评议和责任追究情况良好。"
        ),
        2: f"本年度作出行政处罚决定{penalty}件。",
        3: f"本年度共收到政府信息公开申请{new}件，办结{processed}件，结转下年度继续办理{forward}件。",
        4: appeals,
        5: "主动公开的深度和广度有待提升。下一步将进一步完善工作机制。",
        6: fees,
    }
    return tuple(
        Section(
            number=spec.number,
            heading=spec.heading,
            text=texts[spec.number],
            location=SourceLocation(source=source, line=spec.number * 10),
        )
        for spec in SECTIONS
    )


def make_report(
    template: TemplateVersion | str,
    values: Mapping[str, CellValue] | None = None,
    *,
    year: int | None = None,
    agency: str | None = "杭州市临安区卫生健康局",
    title: str | None = None,
    preamble: str | None = None,
    sections: Sequence[Section] | None = None,
    cell_overrides: Mapping[str, Cell] | None = None,
    extra_rows: Mapping[TableKind, Sequence[Row]] | None = None,
    deviations: Sequence[Deviation] = (),
    source: str = "generated.txt",
) -> Report:
    """Build a report from cell values; every cell not given is 0.

    Args:
        template: The template version (``"2019"`` or ``"2021"``).
        values: Values by canonical cell key; ``None`` makes the cell blank.
        year: The report year; defaults to the template's first year.
        agency: The agency name.
        title: The title; by default built from agency and year.
        preamble: The preamble; by default one stating the statistical period.
        sections: The six sections; by default short texts that agree with the tables.
        cell_overrides: Cells to use as given (any state), by key.
        extra_rows: Non-template rows to add, by table.
        deviations: Deviations to record.
        source: Source name used in locations and provenance.

    Raises:
        KeyError: A key of ``values`` or ``cell_overrides`` is not a cell key of the template.
    """
    version = TemplateVersion(template)
    keys = cell_keys(version)
    given = dict(values or {})
    overrides = dict(cell_overrides or {})
    unknown = sorted(set(given).union(overrides).difference(keys))
    if unknown:
        raise KeyError(f"not {version} cell keys: {', '.join(unknown)}")
    full: Values = {key: Decimal(0) if key in MONEY_KEYS else 0 for key in keys}
    full.update(given)

    def make(key: str, location: SourceLocation) -> Cell:
        if key in overrides:
            return overrides[key]
        return _value_cell(key, full[key], location)

    proactive, requests, appeals = _tables(version, make, source)
    extras = extra_rows or {}
    proactive = Table(
        kind=proactive.kind,
        rows=proactive.rows,
        extra_rows=tuple(extras.get(TableKind.PROACTIVE, ())),
        location=proactive.location,
    )
    requests = Table(
        kind=requests.kind, rows=requests.rows, extra_rows=tuple(extras.get(TableKind.REQUESTS, ()))
    )
    appeals = Table(kind=appeals.kind, rows=appeals.rows, extra_rows=tuple(extras.get(TableKind.APPEALS, ())))
    year = TEMPLATES[version].first_year if year is None else year
    if title is None:
        title = f"{agency or ''}{year}年政府信息公开工作年度报告"
    if preamble is None:
        preamble = f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    if sections is None:
        sections = _default_sections(version, full, source)
    digest = hashlib.sha256(f"{title}|{version}|{sorted(full.items())}".encode()).hexdigest()
    return Report(
        title=title,
        agency=agency,
        year=year,
        template=version,
        preamble=preamble,
        sections=tuple(sections),
        proactive=proactive,
        requests=requests,
        appeals=appeals,
        deviations=tuple(deviations),
        provenance=Provenance(source=source, format=Format.TEXT, sha256=digest, encoding="utf-8"),
    )


_EXTRA_ROWS = (("行政检查", ("13", "0", "84470")), ("行政确认", ("8", "0", "17510")))


def _extra_proactive_rows(source: str) -> tuple[tuple[Row, ...], tuple[Deviation, ...]]:
    rows = []
    deviations = []
    for index, (label, raws) in enumerate(_EXTRA_ROWS):
        location = SourceLocation(source=source, line=90 + index)
        cells = tuple(Cell(key=None, value=int(raw), raw=raw, location=location) for raw in raws)
        rows.append(Row(key=None, label=label, cells=cells, location=location))
        deviations.append(
            Deviation(kind=DeviationKind.EXTRA_ROW, table=TableKind.PROACTIVE, found=label, location=location)
        )
    return tuple(rows), tuple(deviations)


@st.composite
def _consistent_report(
    draw: st.DrawFn,
    template: TemplateVersion | None,
    blanks: bool,
    extra_rows: bool,
) -> Report:
    version = draw(templates()) if template is None else template
    agency = draw(st.sampled_from(AGENCIES))
    spec = TEMPLATES[version]
    year = draw(st.integers(spec.first_year, spec.last_year or _LATEST_YEAR))
    values: Values = {}
    values.update(draw(proactive_values(version, rule_maker=agency in _RULE_MAKERS)))
    values.update(draw(request_values(version)))
    values.update(draw(appeal_values()))
    if blanks:
        zeros = sorted(
            key
            for key, value in values.items()
            if value == 0 and CellKey.parse(key).table is TableKind.REQUESTS
        )
        if zeros:
            for key in draw(st.lists(st.sampled_from(zeros), max_size=8, unique=True)):
                values[key] = None
    source = f"{agency}-{year}.txt"
    extras: dict[TableKind, Sequence[Row]] = {}
    deviations: tuple[Deviation, ...] = ()
    if extra_rows and draw(st.booleans()):
        rows, deviations = _extra_proactive_rows(source)
        extras[TableKind.PROACTIVE] = rows
    return make_report(
        version,
        values,
        year=year,
        agency=agency,
        extra_rows=extras,
        deviations=deviations,
        source=source,
    )


_WORDS = (
    *"0123456789\uff10\uff11\uff12\uff13X\u00d7%件起条项元万年月日，。；、（）() -+\n",
    *("申请", "收到", "受理", "办结", "结转下年度", "行政处罚", "行政许可", "行政复议", "行政诉讼"),
    *(
        "信息公开",
        "零败诉",
        "均已结案",
        "未发生",
        "信息处理费",
        "主要报告",
        "统计期限",
        "1月1日至12月31日",
        "规章",
    ),
)
_TEXT_ALPHABET = st.sampled_from(_WORDS)
_odd_text = st.lists(_TEXT_ALPHABET, max_size=12).map("".join)


@cache
def cells(key: str | None = None) -> st.SearchStrategy[Cell]:
    """Draw a cell in any state, with any value, including ones no template allows.

    Args:
        key: The cell key to use; a random template key (or ``None``) when not given.
    """
    keys = st.just(key) if key is not None else st.one_of(st.none(), st.sampled_from(cell_keys("2021")))
    numbers = st.one_of(
        st.integers(-1000, 10**6),
        st.decimals(min_value=-1000, max_value=10**9, allow_nan=False, allow_infinity=False, places=2),
    )
    with_value = st.builds(
        Cell,
        key=keys,
        value=numbers,
        raw=_odd_text,
        state=st.sampled_from((CellState.VALUE, CellState.INFERRED)),
        unit=st.sampled_from((None, "元", "万元")),
        location=st.none() | st.builds(SourceLocation, source=st.just("odd.txt"), line=st.integers(1, 500)),
    )
    without_value = st.builds(
        Cell,
        key=keys,
        value=st.none(),
        raw=_odd_text,
        state=st.sampled_from((CellState.BLANK, CellState.UNRESOLVED, CellState.INVALID, CellState.MISSING)),
        alternatives=st.lists(st.integers(0, 100), max_size=3).map(tuple),
    )
    return st.one_of(with_value, without_value)


_odd_sections = st.lists(
    st.builds(
        Section,
        number=st.integers(0, 8),
        heading=_odd_text,
        text=_odd_text,
        location=st.none() | st.builds(SourceLocation, line=st.integers(1, 99)),
    ),
    max_size=8,
)
_odd_rows = st.lists(
    st.builds(Row, key=st.none(), label=_odd_text, cells=st.lists(cells(), max_size=8).map(tuple)),
    max_size=2,
)
_odd_deviations = st.lists(
    st.builds(
        Deviation,
        kind=st.sampled_from(tuple(DeviationKind)),
        table=st.none() | st.sampled_from(tuple(TableKind)),
        found=_odd_text,
        expected=st.none() | _odd_text,
    ),
    max_size=3,
)


@st.composite
def _odd_report(draw: st.DrawFn, template: TemplateVersion | None, extra_rows: bool) -> Report:
    version = draw(templates()) if template is None else template
    keys = cell_keys(version)
    chosen = draw(st.lists(st.sampled_from(keys), max_size=20, unique=True))
    overrides = {key: draw(cells(key)) for key in chosen}
    sections = draw(_odd_sections)
    extras: dict[TableKind, Sequence[Row]] = {}
    if extra_rows:
        for kind in TableKind:
            extras[kind] = draw(_odd_rows)
    deviations = draw(_odd_deviations)
    return make_report(
        version,
        {},
        year=draw(st.none() | st.integers(2000, 2040)),
        agency=draw(st.none() | st.sampled_from(AGENCIES) | _odd_text),
        title=draw(_odd_text),
        preamble=draw(_odd_text),
        sections=sections,
        cell_overrides=overrides,
        extra_rows=extras,
        deviations=deviations,
    )


def reports(
    template: TemplateVersion | str | None = None,
    *,
    consistent: bool = True,
    blanks: bool = True,
    extra_rows: bool = False,
) -> st.SearchStrategy[Report]:
    """Draw complete reports.

    Args:
        template: Restrict to one template version; both when ``None``.
        consistent: Whether the tables satisfy every error-level rule. When false,
            cells take any state and value (negative, fractional, unreadable) and the
            text, year and sections are arbitrary.
        blanks: For consistent reports, leave some zero cells of the application table
            blank (they still add up when blank counts as 0).
        extra_rows: Add non-template rows (with matching deviations).
    """
    version = None if template is None else TemplateVersion(template)
    if consistent:
        return _consistent_report(version, blanks, extra_rows)
    return _odd_report(version, extra_rows)
