"""Serialisation through one cattrs converter: JSON (round-trips), JSON Lines and the cell-key export."""

from govinfo_report.serialize._converter import make_converter
from govinfo_report.serialize.cells import to_cells, to_cells_document
from govinfo_report.serialize.json import (
    OUTCOME_CONTENTS,
    SCHEMA_VERSION,
    OutcomeContent,
    finding_to_dict,
    from_dict,
    from_json,
    iter_jsonl,
    outcome_from_dict,
    outcome_to_dict,
    to_dict,
    to_json,
    to_jsonl,
)

__all__ = [
    "OUTCOME_CONTENTS",
    "SCHEMA_VERSION",
    "OutcomeContent",
    "finding_to_dict",
    "from_dict",
    "from_json",
    "iter_jsonl",
    "make_converter",
    "outcome_from_dict",
    "outcome_to_dict",
    "to_cells",
    "to_cells_document",
    "to_dict",
    "to_json",
    "to_jsonl",
]


def __dir__() -> list[str]:
    return list(__all__)
