"""Enumerations of the data model."""

from __future__ import annotations

import enum

from govinfo_report.document import Format, LegacyFormat

__all__ = ["CellState", "DeviationKind", "Format", "LegacyFormat", "TableKind", "TemplateVersion"]


class TemplateVersion(enum.StrEnum):
    """The national table template a report follows.

    The version is detected from the tables, never from the report year.
    """

    V2019 = "2019"
    """国办公开办函〔2019〕60号, used for report years 2019 and 2020."""
    V2021 = "2021"
    """国办公开办函〔2021〕30号, used from report year 2021 on."""


class TableKind(enum.StrEnum):
    """The three standard tables, named by their cell-key prefix."""

    PROACTIVE = "proactive"
    """二、主动公开政府信息情况 (the 第二十条 table)."""
    REQUESTS = "requests"
    """三、收到和处理政府信息公开申请情况 (the application table)."""
    APPEALS = "appeals"
    """四、政府信息公开行政复议、行政诉讼情况 (review and litigation)."""


class CellState(enum.StrEnum):
    """How a cell's value was obtained.

    Blank is not zero: ``BLANK`` means the source has the cell but writes
    nothing in it.
    """

    VALUE = "value"
    """The source states the value."""
    BLANK = "blank"
    """The cell is present but empty (value ``None``)."""
    INFERRED = "inferred"
    """The value was recovered from degraded text by the table's own arithmetic."""
    UNRESOLVED = "unresolved"
    """The text admits several values; see ``Cell.alternatives`` (value ``None``)."""
    INVALID = "invalid"
    """The cell holds text that is not a number, e.g. a placeholder ``X`` (value ``None``)."""
    MISSING = "missing"
    """The source does not have the cell at all (value ``None``)."""


class DeviationKind(enum.StrEnum):
    """Kinds of departure from the national template (rule R-G-08)."""

    LABEL_VARIANT = "label_variant"
    """A label differs from the template's wording but was recognised."""
    EXTRA_ROW = "extra_row"
    """A row that the template does not have (a local addition)."""
    MISSING_ROW = "missing_row"
    """A template row that the source does not have."""
    UNIT = "unit"
    """A unit annotation in a header or cell."""
    LAYOUT = "layout"
    """A structural difference, e.g. a 2019-style row in a 2021 table."""
    NOT_READ = "not_read"
    """A part of the input that may hold report content and was not read (a picture of a
    table that could not be looked at): ``found`` names it and says why."""
