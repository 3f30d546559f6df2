"""Golden findings: the findings each corpus report should produce, checked by hand, and the tally.

``tests/data/findings/NAME.json`` lists, for the corpus input ``NAME``, every
finding it should produce: rule ID, severity, the cells it names (when it
names cells), the pattern it stands for (when one), a one-line reason and
``"sure": false`` where the judgement is doubtful (heuristics that may be a
coincidence).  The tally counts matches per rule family and severity, for the
precision and recall printed at the end of the session.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from govinfo_report.validation import Finding

FINDINGS_DIR = Path(__file__).parents[1] / "data" / "findings"

Key = tuple[str, str, tuple[str, ...], str | None]
"""What identifies a finding: rule ID, severity, cells (sorted), pattern."""

TALLY: Counter[tuple[str, str, str]] = Counter()
"""(family, severity, "expected" | "found" | "matched") → count, over the session."""


def family(rule_id: str) -> str:
    """The rule family of ``rule_id``: ``R-T3-02`` → ``R-T3``."""
    return rule_id.rsplit("-", 1)[0]


def key_of(finding: Finding) -> Key:
    """The identity of a computed finding."""
    return finding.rule_id, finding.severity.value, tuple(sorted(finding.cells)), finding.pattern


def expected_findings(source: str) -> list[dict[str, Any]]:
    """The golden findings of the corpus input named ``source``."""
    stem = source.rsplit(".", 1)[0]
    data: dict[str, Any] = json.loads((FINDINGS_DIR / f"{stem}.json").read_text(encoding="utf-8"))
    findings: list[dict[str, Any]] = data["findings"]
    return findings


def golden_key(entry: dict[str, Any]) -> Key:
    """The identity of a golden finding."""
    return entry["rule_id"], entry["severity"], tuple(sorted(entry.get("cells", ()))), entry.get("pattern")


def tally(expected: Counter[Key], found: Counter[Key]) -> None:
    """Add one report's expected, found and matched findings to :data:`TALLY`."""
    for key, count in expected.items():
        TALLY[family(key[0]), key[1], "expected"] += count
    for key, count in found.items():
        TALLY[family(key[0]), key[1], "found"] += count
    for key, count in (expected & found).items():
        TALLY[family(key[0]), key[1], "matched"] += count


def table() -> list[str]:
    """Precision and recall per rule family and severity, as lines."""
    lines = []
    for fam, severity in sorted({(fam, severity) for fam, severity, _ in TALLY}):
        expected, found, matched = (TALLY[fam, severity, what] for what in ("expected", "found", "matched"))
        precision = f"{matched / found:.0%}" if found else "-"
        recall = f"{matched / expected:.0%}" if expected else "-"
        lines.append(
            f"{fam} {severity}: expected {expected}, found {found}, matched {matched}; "
            f"precision {precision}, recall {recall}"
        )
    return lines
