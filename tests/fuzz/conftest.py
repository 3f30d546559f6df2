"""Report the fuzz outcomes of the session: cases per format and outcome.

With ``GOVINFO_FUZZ_STATS=FILE`` the counts are also written to ``FILE`` as
JSON (``{"format": {"outcome": count}}``), which
``python tests/hostile/robustness_table.py --fuzz-stats FILE`` puts into the
robustness table.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.fuzz.harness import OUTCOMES


def outcome_table() -> dict[str, dict[str, int]]:
    """The session's outcome counts as ``{format: {outcome: count}}``."""
    table: dict[str, dict[str, int]] = {}
    for (format, outcome), count in sorted(OUTCOMES.items()):
        table.setdefault(format, {})[outcome] = count
    return table


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    table = outcome_table()
    if not table:
        return
    terminalreporter.section("fuzz outcomes")
    for format, outcomes in table.items():
        total = sum(outcomes.values())
        detail = ", ".join(f"{outcome} {count}" for outcome, count in outcomes.items())
        terminalreporter.write_line(f"{format}: {total} cases ({detail})")
    terminalreporter.write_line(f"all formats: {sum(OUTCOMES.values())} cases")
    target = os.environ.get("GOVINFO_FUZZ_STATS")
    if target:
        Path(target).write_text(json.dumps(table, indent=2, sort_keys=True) + "\n", encoding="utf-8")
