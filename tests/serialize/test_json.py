"""JSON and JSON Lines: round trips, schema version, strict loading, the private converter."""

from __future__ import annotations

import copy
import enum
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import cattrs
import pytest

from govinfo_report import Report, from_dict, from_json, parse_bytes, to_dict, to_json
from govinfo_report.errors import SerializationError, SourceLocation
from govinfo_report.examples import example_bytes
from govinfo_report.model import TemplateVersion
from govinfo_report.model.labels import cell_keys
from govinfo_report.serialize import SCHEMA_VERSION, iter_jsonl, make_converter, to_jsonl

CORPUS = Path(__file__).parents[1] / "data" / "corpus"
SEEDS = sorted(CORPUS.glob("seed-*.txt"))


@pytest.fixture(scope="module")
def example() -> Report:
    return parse_bytes(example_bytes(), source="example.txt")


def _first_cell(data: dict[str, Any]) -> dict[str, Any]:
    cell = data["proactive"]["rows"][0]["cells"][0]
    assert isinstance(cell, dict)
    return cell


@pytest.mark.parametrize("path", SEEDS, ids=[path.name for path in SEEDS])
def test_seed_reports_round_trip(path: Path) -> None:
    report = parse_bytes(path.read_bytes(), source=path.name)
    assert from_json(to_json(report)) == report
    assert from_json(to_json(report, indent=2)) == report
    assert from_dict(to_dict(report)) == report


def test_schema_version_is_written(example: Report) -> None:
    data = json.loads(to_json(example))
    assert data["schema_version"] == SCHEMA_VERSION
    assert isinstance(SCHEMA_VERSION, int)
    assert to_dict(example)["schema_version"] == SCHEMA_VERSION


def test_chinese_is_kept_as_is(example: Report) -> None:
    text = to_json(example)
    assert "北京市朝阳区卫生健康委员会" in text
    assert "\\u" not in text


def test_indent(example: Report) -> None:
    assert "\n" not in to_json(example)
    assert to_json(example, indent=2).startswith('{\n  "schema_version": ')


def test_decimal_money_is_a_string(example: Report) -> None:
    data = json.loads(to_json(example))
    rows = {row["key"]: row for row in data["proactive"]["rows"]}
    amount = rows["art20_9.procurement"]["cells"][1]
    assert amount["key"] == "proactive.art20_9.procurement.amount_yuan"
    assert amount["value"] == "6271854"
    assert amount["raw"] == "627.1854"
    assert amount["unit"] == "万元"
    # Counts stay JSON integers.
    assert rows["art20_9.procurement"]["cells"][0]["value"] == 74


def test_enums_are_written_by_value(example: Report) -> None:
    data = json.loads(to_json(example))
    assert data["template"] == "2019"
    assert data["proactive"]["kind"] == "proactive"
    assert _first_cell(data)["state"] == "value"
    assert data["provenance"]["format"] == "text"


def test_to_dict_holds_only_builtin_types(example: Report) -> None:
    """``to_dict`` promises JSON-ready built-in types: no enum members, no Decimals."""

    def check(value: object, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                assert type(key) is str, path
                check(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                check(item, f"{path}[{index}]")
        else:
            assert value is None or type(value) in (str, int, float, bool), (path, type(value))
            assert not isinstance(value, (enum.Enum, Decimal)), path

    check(to_dict(example), "$")


# -- strict loading ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda data: data.update(bogus=1), "$"),
        (lambda data: _first_cell(data).update(colour="red"), "$.proactive.rows[0].cells[0]"),
        (lambda data: data["provenance"].update(extra=True), "$.provenance"),
    ],
    ids=["top-level", "cell", "provenance"],
)
def test_unknown_keys_are_rejected_with_their_path(example: Report, edit: Any, path: str) -> None:
    data = copy.deepcopy(to_dict(example))
    edit(data)
    with pytest.raises(SerializationError) as caught:
        from_dict(data)
    assert caught.value.errors
    assert any(error.endswith(f"@ {path}") and "extra fields" in error for error in caught.value.errors), (
        caught.value.errors
    )


def test_wrong_types_are_reported_with_their_path(example: Report) -> None:
    data = copy.deepcopy(to_dict(example))
    _first_cell(data)["value"] = 1.5
    data["template"] = "2020"
    del data["title"]
    with pytest.raises(SerializationError) as caught:
        from_dict(data)
    errors = caught.value.errors
    assert any(error.endswith("@ $.proactive.rows[0].cells[0].value") for error in errors), errors
    assert any(error.endswith("@ $.template") for error in errors), errors
    assert any(error.endswith("@ $.title") for error in errors), errors
    # The message lists every problem, one per line.
    assert str(caught.value).count("\n") == len(errors)


def test_boolean_cell_value_is_rejected(example: Report) -> None:
    """JSON ``true`` is not a count; Python would otherwise take it for the int 1."""
    data = copy.deepcopy(to_dict(example))
    _first_cell(data)["value"] = True
    with pytest.raises(SerializationError):
        from_dict(data)


@pytest.mark.parametrize("version", [None, 0, SCHEMA_VERSION + 1, "1"])
def test_unknown_schema_version_is_rejected(example: Report, version: object) -> None:
    data = copy.deepcopy(to_dict(example))
    if version is None:
        del data["schema_version"]
    else:
        data["schema_version"] = version
    with pytest.raises(SerializationError, match="schema_version"):
        from_dict(data)


@pytest.mark.parametrize("text", ["{not json", "", "[]", "42", '"report"'])
def test_not_a_report_object(text: str) -> None:
    with pytest.raises(SerializationError):
        from_json(text)


def test_from_json_accepts_bytes(example: Report) -> None:
    assert from_json(to_json(example).encode("utf-8")) == example


def test_serialization_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="JSON"):
        from_json("{not json")


# -- JSON Lines ----------------------------------------------------------------------------------


def test_json_lines(example: Report) -> None:
    seed = parse_bytes(SEEDS[0].read_bytes(), source=SEEDS[0].name)
    lines = list(to_jsonl([example, seed]))
    assert len(lines) == 2
    assert all("\n" not in line for line in lines)
    text = "\n".join(lines) + "\n\n"
    assert list(iter_jsonl(text.splitlines())) == [example, seed]
    assert list(iter_jsonl([])) == []


# -- the converter -------------------------------------------------------------------------------


def test_make_converter_returns_independent_converters() -> None:
    first, second = make_converter(), make_converter()
    assert first is not second
    assert first is not cattrs.global_converter


def test_serialising_leaves_the_global_converter_alone(example: Report) -> None:
    """The library never registers hooks on cattrs' global converter."""
    before = cattrs.global_converter.unstructure(Decimal("1.5"))
    to_json(example)
    from_json(to_json(example))
    assert cattrs.global_converter.unstructure(Decimal("1.5")) == before
    assert cattrs.global_converter.unstructure(Decimal("1.5")) is not None


def test_custom_converter_is_used(example: Report) -> None:
    converter = make_converter()
    converter.register_unstructure_hook(SourceLocation, lambda location: location.describe())
    data = json.loads(to_json(example, converter=converter))
    location = example.proactive.rows[0].cells[0].location
    assert location is not None
    assert _first_cell(data)["location"] == location.describe()
    assert location.describe().startswith("example.txt, line ")
    # The default converter is unaffected.
    assert isinstance(_first_cell(json.loads(to_json(example)))["location"], dict)


SCHEMA_DIR = Path(__file__).parents[1] / "data" / "schema"


@pytest.mark.parametrize("path", sorted(SCHEMA_DIR.glob("*.json")), ids=lambda path: path.name)
def test_json_written_by_earlier_releases_loads(path: Path) -> None:
    """Each file of tests/data/schema was written by a release with an older schema version."""
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["schema_version"] < SCHEMA_VERSION
    report = from_json(text)
    assert report.template in set(TemplateVersion)
    assert from_dict(to_dict(report)) == report
    assert to_dict(report)["completeness"]["expected"] == len(cell_keys(report.template))
