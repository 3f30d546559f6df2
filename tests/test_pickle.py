"""Every exception and every model class survives pickling.

Process pools and distributed engines ship reports and errors between processes by pickling them;
an object that does not round-trip turns one bad file into a dead worker.

The examples below set every field to a non-default value where the type allows it.  Any attrs
class or exception class exported by a public module needs an example here: the discovery test
fails, naming the class, until one is added.
"""

from __future__ import annotations

import importlib
import importlib.util
import pickle
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import attrs
import pytest

from govinfo_report.batch import ErrorInfo, Outcome, Skipped
from govinfo_report.convert import Converted, Converter
from govinfo_report.document import Document, GridCell, PageGeometry, Paragraph, TableGrid, Unread
from govinfo_report.errors import (
    CellNotReadError,
    ConversionError,
    ExtractionError,
    GovInfoReportError,
    GovInfoReportWarning,
    LimitExceededError,
    ParseError,
    PreviousReportError,
    ReportValidationError,
    SerializationError,
    SourceLocation,
    StructureError,
    UnsupportedFormatError,
    WorkerPoolError,
)
from govinfo_report.limits import Limits
from govinfo_report.model import (
    Cell,
    CellState,
    Completeness,
    Conversion,
    Deviation,
    DeviationKind,
    Format,
    Gap,
    LegacyFormat,
    Provenance,
    Report,
    Row,
    Section,
    Table,
    TableCompleteness,
    TableKind,
    TemplateVersion,
)
from govinfo_report.model.cellkey import CellKey, CellSpec
from govinfo_report.model.equations import Balance, request_balances
from govinfo_report.model.labels import (
    APPEAL_COLUMNS,
    SECTIONS,
    TABLES,
    TEMPLATES,
    ColumnSpec,
    ProactiveBlock,
    RowSpec,
    SectionSpec,
    TableSpec,
    TemplateSpec,
    cell_spec,
    proactive_blocks,
    request_rows,
)
from govinfo_report.serialize.csv import RecordColumn
from govinfo_report.validation import (
    Finding,
    FindingSummary,
    Pairing,
    Rule,
    SeriesResult,
    Severity,
    rule_by_id,
)

T = TypeVar("T")

LOCATION = SourceLocation(
    source="report.pdf",
    page=3,
    line=12,
    column=4,
    xpath="/html/body/table[2]/tr[5]/td[3]",
    table=1,
    row=5,
    col=3,
    bbox=(72.0, 500.5, 120.25, 512.0),
)

CELL = Cell(
    key="proactive.art20_8.fees.amount_yuan",
    value=Decimal("6271854"),
    raw="627.1854",
    state=CellState.INFERRED,
    unit="万元",
    location=LOCATION,
    note="converted from 万元",
    alternatives=(Decimal("6271854"), 6271),
)

BLANK_CELL = Cell(key="requests.new_received.research", raw="", state=CellState.BLANK, location=LOCATION)

ROW = Row(
    key="new_received", label="一、本年新收政府信息公开申请数量", cells=(CELL, BLANK_CELL), location=LOCATION
)

EXTRA_ROW = Row(key=None, label="行政检查", cells=(Cell(key=None, value=13, raw="13"),), location=LOCATION)

TABLE = Table(kind=TableKind.REQUESTS, rows=(ROW,), extra_rows=(EXTRA_ROW,), location=LOCATION)

SECTION = Section(number=1, heading="一、总体情况", text="本年度……\n第二段", location=LOCATION)

DEVIATION = Deviation(
    kind=DeviationKind.LABEL_VARIANT,
    table=TableKind.APPEALS,
    found="结果维护",
    expected="结果维持",
    location=LOCATION,
)

PROVENANCE = Provenance(
    source="report.txt",
    format=Format.TEXT,
    sha256="0" * 64,
    encoding="gb18030",
    library_version="0.1.0",
    backends=(("lxml", "6.0.0"), ("pdfminer.six", "20251230")),
)

CONVERSION = Conversion(original=LegacyFormat.DOC, converter="LibreOffice", converter_version="7.4.7.2")

REPORT = Report(
    title="杭州市临安区卫生健康局2020年政府信息公开工作年度报告",
    agency="杭州市临安区卫生健康局",
    year=2020,
    template=TemplateVersion.V2019,
    preamble="根据《中华人民共和国政府信息公开条例》……",
    sections=(SECTION,),
    proactive=Table(kind=TableKind.PROACTIVE, location=LOCATION),
    requests=TABLE,
    appeals=Table(kind=TableKind.APPEALS, extra_rows=(EXTRA_ROW,)),
    deviations=(DEVIATION,),
    provenance=PROVENANCE,
)

TABLE_COMPLETENESS = TableCompleteness(
    table=TableKind.REQUESTS,
    found=True,
    expected=175,
    value=100,
    blank=20,
    inferred=10,
    unresolved=7,
    invalid=1,
    missing=37,
    gaps=(Gap.NO_TABLE_GRID, Gap.CELLS_NOT_SPLIT),
)

COMPLETENESS = Completeness(
    proactive=TableCompleteness(table=TableKind.PROACTIVE, found=False, expected=10, missing=10),
    requests=TABLE_COMPLETENESS,
    appeals=TableCompleteness(table=TableKind.APPEALS, found=True, expected=15, value=15),
    sections=(1, 2, 4),
)

LIMITS = Limits(
    max_bytes=1,
    max_pages=2,
    max_uncompressed_bytes=3,
    max_compression_ratio=4.5,
    max_zip_members=6,
    max_table_cells=7,
    timeout=None,
)

COLUMN_SPEC = ColumnSpec(
    key="amount_yuan",
    label="本年收费金额（单位：万元）",
    patterns=("本年收费金额",),
    variants=("收费金额",),
    money=True,
    signed=True,
)

ROW_SPEC = RowSpec(
    key="denied.state_secret",
    label="1.属于国家秘密",
    patterns=("属于国家秘密",),
    variants=("国家秘密",),
    group="不予公开",
)

PROACTIVE_BLOCK = ProactiveBlock(
    key="art20_8",
    caption="第二十条第（八）项",
    item="八",
    columns=(COLUMN_SPEC,),
    rows=(ROW_SPEC,),
)

SECTION_SPEC = SectionSpec(number=5, heading="五、存在的主要问题及改进情况", keywords=("存在的主要问题",))

ERROR_INFO = ErrorInfo(type="StructureError", message="application table not found", location=LOCATION)

OUTCOME = Outcome(source="reports/2020.pdf", sha256="1" * 64, report=REPORT, error=ERROR_INFO, seconds=1.25)

RECORD_COLUMN = RecordColumn(name="requests.new_received.total", type="int", label_zh="一、本年新收·总计")
FINDING = Finding(
    rule_id="R-T3-01",
    severity=Severity.ERROR,
    message_zh="“自然人”列勾稽关系不成立：新收 5 + 上年结转 0 = 5 ≠ 办结 4 + 结转下年 0 = 4。",
    message_en="column “natural person”: new 5 + carried over 0 = 5 ≠ processed 4 + carried forward 0 = 4.",
    cells=("requests.total_processed.natural_person", "requests.new_received.natural_person"),
    suspects=("requests.new_received.natural_person",),
    expected="新收 5 + 上年结转 0 = 5",
    found="办结 4 + 结转下年 0 = 4",
    locations=(LOCATION,),
    evidence="共受理政府信息公开申请5件。",
    table=TableKind.REQUESTS,
)

PARAGRAPH = Paragraph(text="一、总体情况", location=LOCATION)

GRID_CELL = GridCell(text="自然人", location=LOCATION, spanned=True)

TABLE_GRID = TableGrid(rows=((GRID_CELL, GridCell(text="44", location=LOCATION)),), location=LOCATION)

DOCUMENT = Document(
    blocks=(PARAGRAPH, TABLE_GRID),
    format=Format.HTML,
    source="report.html",
    encoding="gb18030",
    title="2020年政府信息公开工作年度报告",
    unread=(Unread(what="report_files/t3.png", reason="outside the page's folder", location=LOCATION),),
    pages=(PageGeometry(number=1, width=595.0, height=842.0, angle=-1.2),),
)

MODEL_EXAMPLES: dict[type, Callable[[], object]] = {
    Paragraph: lambda: PARAGRAPH,
    GridCell: lambda: GRID_CELL,
    TableGrid: lambda: TABLE_GRID,
    Document: lambda: DOCUMENT,
    Unread: lambda: DOCUMENT.unread[0],
    PageGeometry: lambda: DOCUMENT.pages[0],
    SourceLocation: lambda: LOCATION,
    Cell: lambda: CELL,
    Row: lambda: ROW,
    Table: lambda: TABLE,
    Section: lambda: SECTION,
    Deviation: lambda: DEVIATION,
    Provenance: lambda: PROVENANCE,
    Conversion: lambda: CONVERSION,
    Converter: lambda: Converter(soffice="/usr/bin/soffice", timeout=30),
    Converted: lambda: Converted(path=Path("out/input.docx"), format=Format.DOCX, conversion=CONVERSION),
    Report: lambda: REPORT,
    TableCompleteness: lambda: TABLE_COMPLETENESS,
    Completeness: lambda: COMPLETENESS,
    Limits: lambda: LIMITS,
    ColumnSpec: lambda: COLUMN_SPEC,
    RowSpec: lambda: ROW_SPEC,
    ProactiveBlock: lambda: PROACTIVE_BLOCK,
    SectionSpec: lambda: SECTION_SPEC,
    TableSpec: lambda: TABLES[2],
    TemplateSpec: lambda: TEMPLATES[TemplateVersion.V2021],
    CellKey: lambda: CellKey.parse("requests.denied.state_secret.natural_person"),
    CellSpec: lambda: cell_spec("proactive.art20_8.fees.amount_yuan"),
    Balance: lambda: request_balances(TemplateVersion.V2019)[-1],
    ErrorInfo: lambda: ERROR_INFO,
    Outcome: lambda: OUTCOME,
    Skipped: lambda: Skipped(path="reports/upload.pipe", reason="not a regular file: a FIFO (named pipe)"),
    RecordColumn: lambda: RECORD_COLUMN,
    Finding: lambda: FINDING,
    Rule: lambda: rule_by_id("R-T3-01"),
    FindingSummary: lambda: FindingSummary(
        errors=12, error_causes=1, warnings=3, warning_causes=2, infos=1, tables=(TableKind.REQUESTS,)
    ),
    SeriesResult: lambda: SeriesResult(
        report=REPORT, previous=REPORT, pairing=Pairing.AGENCY_UNKNOWN, findings=(FINDING,)
    ),
}

if importlib.util.find_spec("dask") is not None:  # the dask extra
    from govinfo_report.dask import DatasetSummary

    MODEL_EXAMPLES[DatasetSummary] = lambda: DatasetSummary(
        inputs=3, parsed=2, failed=1, unchanged=1, rows={"inputs": 3}
    )

EXCEPTION_EXAMPLES: dict[type[BaseException], Callable[[], BaseException]] = {
    GovInfoReportError: lambda: GovInfoReportError("something failed"),
    GovInfoReportWarning: lambda: GovInfoReportWarning("label variant 合计 accepted"),
    UnsupportedFormatError: lambda: UnsupportedFormatError("legacy .doc; convert it to .docx"),
    ParseError: lambda: ParseError("bad cell", location=LOCATION, snippet="　0"),
    ExtractionError: lambda: ExtractionError("no text layer", location=SourceLocation(page=1)),
    ConversionError: lambda: ConversionError(
        "LibreOffice took too long", location=SourceLocation(source="a.doc")
    ),
    StructureError: lambda: StructureError("application table not found", snippet="三、收到"),
    LimitExceededError: lambda: LimitExceededError("max_pages=200 exceeded", location=LOCATION),
    SerializationError: lambda: SerializationError("invalid report", ("$.year: expected int",)),
    ReportValidationError: lambda: ReportValidationError("1 error", ("R-T3-01",)),
    CellNotReadError: lambda: CellNotReadError("requests.granted.total", "unresolved", "digits run together"),
    WorkerPoolError: lambda: WorkerPoolError("no worker process started within 60 s"),
    PreviousReportError: lambda: PreviousReportError(
        "agency", "淮安市人民政府", 2023, "洪泽区人民政府", 2024
    ),
}


def _round_trip(obj: T, protocol: int = pickle.DEFAULT_PROTOCOL) -> T:
    """Pickle and unpickle ``obj`` (our own bytes, so loading them is safe)."""
    clone: T = pickle.loads(pickle.dumps(obj, protocol=protocol))  # noqa: S301
    return clone


def _exported(public_modules: list[str]) -> tuple[set[type], set[type[BaseException]]]:
    """Return the attrs classes and exception classes named in the public modules' ``__all__``."""
    models: set[type] = set()
    exceptions: set[type[BaseException]] = set()
    for name in public_modules:
        module = importlib.import_module(name)
        for attribute in getattr(module, "__all__", ()):
            obj = getattr(module, attribute)
            if not isinstance(obj, type):
                continue
            if issubclass(obj, BaseException):
                exceptions.add(obj)
            elif attrs.has(obj):
                models.add(obj)
    return models, exceptions


def test_every_exported_class_has_an_example(public_modules: list[str]) -> None:
    """Each attrs and exception class of the public API is covered by a pickle example."""
    models, exceptions = _exported(public_modules)
    missing = sorted(
        cls.__qualname__ for cls in (models - set(MODEL_EXAMPLES)) | (exceptions - set(EXCEPTION_EXAMPLES))
    )
    assert not missing, f"add pickle examples to tests/test_pickle.py for: {', '.join(missing)}"


@pytest.mark.parametrize("cls", list(MODEL_EXAMPLES), ids=lambda cls: cls.__qualname__)
@pytest.mark.parametrize("protocol", [2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL])
def test_model_round_trip(cls: type, protocol: int) -> None:
    """A model object equals itself after pickling and keeps its exact type."""
    obj = MODEL_EXAMPLES[cls]()
    assert type(obj) is cls
    clone = _round_trip(obj, protocol)
    assert type(clone) is cls
    assert clone == obj
    assert hash(clone) == hash(obj)


def test_report_round_trip_keeps_nested_values() -> None:
    """Values deep inside a report, such as money as ``Decimal`` and enums, come back with their types."""
    clone = _round_trip(REPORT)
    cell = clone.requests.rows[0].cells[0]
    assert cell.value == Decimal("6271854")
    assert type(cell.value) is Decimal
    assert cell.state is CellState.INFERRED
    assert clone.template is TemplateVersion.V2019
    assert clone.requests.extra_rows[0].label == "行政检查"


def test_template_labels_round_trip() -> None:
    """The template data (blocks, rows, columns, sections) of both versions pickles unchanged."""
    for version in TemplateVersion:
        data = (proactive_blocks(version), request_rows(version), APPEAL_COLUMNS, SECTIONS)
        assert _round_trip(data) == data


def _exception_state(error: BaseException) -> tuple[object, ...]:
    return (
        type(error),
        error.args,
        str(error),
        getattr(error, "message", None),
        getattr(error, "location", None),
        getattr(error, "snippet", None),
        getattr(error, "errors", None),
        getattr(error, "findings", None),
    )


@pytest.mark.parametrize("cls", list(EXCEPTION_EXAMPLES), ids=lambda cls: cls.__qualname__)
@pytest.mark.parametrize("protocol", [2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL])
def test_exception_round_trip(cls: type[BaseException], protocol: int) -> None:
    """An exception keeps its type, message and every attribute through pickling."""
    error = EXCEPTION_EXAMPLES[cls]()
    assert type(error) is cls
    clone = _round_trip(error, protocol)
    assert _exception_state(clone) == _exception_state(error)


def test_exception_round_trip_after_raise() -> None:
    """A raised error with a cause still pickles; the cause is not needed to rebuild it."""

    def find_row() -> None:
        try:
            _ = ROW_SPEC.key[100]
        except IndexError as exc:
            raise StructureError("row missing", location=LOCATION) from exc

    with pytest.raises(StructureError) as excinfo:
        find_row()
    assert isinstance(excinfo.value.__cause__, IndexError)
    clone = _round_trip(excinfo.value)
    assert _exception_state(clone) == _exception_state(StructureError("row missing", location=LOCATION))
