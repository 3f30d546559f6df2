"""The canonical data model of an annual report (both templates)."""

from govinfo_report.model._completeness import Completeness, Gap, TableCompleteness
from govinfo_report.model._enums import (
    CellState,
    DeviationKind,
    Format,
    LegacyFormat,
    TableKind,
    TemplateVersion,
)
from govinfo_report.model._report import (
    Cell,
    CellValue,
    Conversion,
    Deviation,
    Provenance,
    Report,
    Row,
    Section,
    Table,
)
from govinfo_report.model.labels import MONEY_KEYS, cell_keys

__all__ = [
    "MONEY_KEYS",
    "Cell",
    "CellState",
    "CellValue",
    "Completeness",
    "Conversion",
    "Deviation",
    "DeviationKind",
    "Format",
    "Gap",
    "LegacyFormat",
    "Provenance",
    "Report",
    "Row",
    "Section",
    "Table",
    "TableCompleteness",
    "TableKind",
    "TemplateVersion",
    "cell_keys",
]


def __dir__() -> list[str]:
    return list(__all__)
