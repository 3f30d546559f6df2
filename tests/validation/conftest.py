"""Print the precision and recall of the findings against the golden findings of the corpus."""

from __future__ import annotations

import pytest
from tests.validation.golden_findings import table


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = table()
    if lines:
        terminalreporter.section("findings against the golden findings")
        for line in lines:
            terminalreporter.write_line(line)
