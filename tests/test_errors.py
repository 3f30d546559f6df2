"""The exception hierarchy, source locations and error messages."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo_report import errors
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

EXPECTED_BASES = {
    GovInfoReportError: (Exception,),
    UnsupportedFormatError: (GovInfoReportError, ValueError),
    ParseError: (GovInfoReportError, ValueError),
    ExtractionError: (ParseError,),
    ConversionError: (ExtractionError,),
    StructureError: (ParseError,),
    LimitExceededError: (ParseError,),
    SerializationError: (GovInfoReportError, ValueError),
    ReportValidationError: (GovInfoReportError,),
    WorkerPoolError: (GovInfoReportError, RuntimeError),
    CellNotReadError: (GovInfoReportError, KeyError),
    PreviousReportError: (GovInfoReportError, ValueError),
    GovInfoReportWarning: (UserWarning,),
}


def test_hierarchy_is_as_documented() -> None:
    """Each exception class has exactly the documented direct bases."""
    for cls, bases in EXPECTED_BASES.items():
        assert cls.__bases__ == bases, cls


def test_every_exported_exception_is_in_the_documented_hierarchy() -> None:
    """No exception class is exported without being checked above."""
    exported = {
        obj
        for name in errors.__all__
        if isinstance(obj := getattr(errors, name), type) and issubclass(obj, BaseException)
    }
    assert exported == set(EXPECTED_BASES)


@pytest.mark.parametrize("cls", [cls for cls in EXPECTED_BASES if not issubclass(cls, Warning)])
def test_everything_is_caught_by_the_base_class(cls: type[Exception]) -> None:
    """``except GovInfoReportError`` catches every library error."""
    assert issubclass(cls, GovInfoReportError)


@pytest.mark.parametrize(
    "cls", [ParseError, ExtractionError, ConversionError, StructureError, LimitExceededError]
)
def test_parse_errors_are_value_errors(cls: type[ParseError]) -> None:
    """Existing ``except ValueError`` code keeps catching parse failures."""
    with pytest.raises(ValueError, match="bad table"):
        raise cls("bad table")


def test_describe_empty_location() -> None:
    """A location that knows nothing describes itself as an empty string."""
    assert SourceLocation().describe() == ""


def test_describe_text_location() -> None:
    """Text inputs are described by file and line."""
    assert SourceLocation(source="r.txt", line=12).describe() == "r.txt, line 12"


def test_describe_full_location() -> None:
    """Page, line, table cell (counted from one) and XPath appear in a fixed order."""
    location = SourceLocation(source="r.pdf", page=3, line=7, table=1, row=4, col=2, xpath="/w:tbl[2]")
    assert location.describe() == "r.pdf, p. 3, line 7, table 2 row 5 col 3, /w:tbl[2]"


def test_describe_table_without_cell() -> None:
    """A table index alone is described without row or column."""
    assert SourceLocation(table=0).describe() == "table 1"


def test_parse_error_message_with_location_and_snippet() -> None:
    """``str()`` gives the message, the location in parentheses and the snippet on its own line."""
    error = StructureError(
        "application table not found",
        location=SourceLocation(source="r.txt", line=40),
        snippet="三、收到和处理政府信息公开申请情况",
    )
    assert (
        str(error) == "application table not found (r.txt, line 40)\n    三、收到和处理政府信息公开申请情况"
    )
    assert error.message == "application table not found"
    assert error.location == SourceLocation(source="r.txt", line=40)
    assert error.snippet == "三、收到和处理政府信息公开申请情况"


def test_parse_error_message_alone() -> None:
    """Without location or snippet, ``str()`` is the message itself."""
    error = ParseError("empty input")
    assert str(error) == "empty input"
    assert error.location is None
    assert error.snippet is None


def test_parse_error_ignores_an_empty_location() -> None:
    """A location with no known fields adds no empty parentheses."""
    assert str(ParseError("x", location=SourceLocation())) == "x"


def test_serialization_error_lists_path_annotated_errors() -> None:
    """Each path-annotated problem is listed on its own indented line."""
    error = SerializationError("invalid report", ("$.year: expected int", "$.template: unknown value"))
    assert str(error) == "invalid report\n  $.year: expected int\n  $.template: unknown value"
    assert error.errors == ("$.year: expected int", "$.template: unknown value")


def test_serialization_error_without_details() -> None:
    """Without details, ``str()`` is the message and ``errors`` is empty."""
    error = SerializationError("invalid report")
    assert str(error) == "invalid report"
    assert error.errors == ()


def test_serialization_error_stores_a_tuple() -> None:
    """Details given as a list are stored as an immutable tuple."""
    error = SerializationError("invalid report", ["a", "b"])  # type: ignore[arg-type]
    assert error.errors == ("a", "b")


def test_report_validation_error_keeps_findings() -> None:
    """The findings that caused a strict validation failure travel with the error."""
    error = ReportValidationError("2 errors", ("R-T3-01", "R-T4-02"))
    assert error.findings == ("R-T3-01", "R-T4-02")
    assert str(error) == "2 errors"


def test_source_location_is_frozen_and_hashable() -> None:
    """Locations are immutable values usable as dict keys."""
    location = SourceLocation(line=1)
    with pytest.raises(AttributeError):
        location.line = 2  # type: ignore[misc]
    assert {location: 1}[SourceLocation(line=1)] == 1


_texts = st.text(max_size=40)
_optional_ints = st.none() | st.integers(min_value=0, max_value=10_000)
_locations = st.builds(
    SourceLocation,
    source=st.none() | _texts,
    page=_optional_ints,
    line=_optional_ints,
    column=_optional_ints,
    xpath=st.none() | _texts,
    table=_optional_ints,
    row=_optional_ints,
    col=_optional_ints,
)


@given(
    cls=st.sampled_from([ParseError, ExtractionError, StructureError, LimitExceededError]),
    message=_texts,
    location=st.none() | _locations,
    snippet=st.none() | _texts,
)
def test_parse_error_str_and_pickle_never_fail(
    cls: type[ParseError], message: str, location: SourceLocation | None, snippet: str | None
) -> None:
    """Any parse error renders, starts with its message, and survives pickling unchanged."""
    error = cls(message, location=location, snippet=snippet)
    assert str(error).startswith(message)
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own bytes
    assert type(clone) is cls
    assert (clone.message, clone.location, clone.snippet) == (message, location, snippet)
    assert str(clone) == str(error)
