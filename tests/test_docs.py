"""The documentation says what the program does: the keys it writes, the set-up a new user runs."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from govinfo_report.cli import main

ROOT = Path(__file__).parents[1]


def _section(path: Path, heading: str) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.index(heading + "\n")
    end = text.find("\n#", start + len(heading))
    return text[start : end if end != -1 else len(text)]


def test_cli_reference_lists_every_key_of_the_cell_export(capsys: pytest.CaptureFixture[str]) -> None:
    """Each top-level key of ``parse --to cells`` is a term of the CLI reference, and nothing else is."""
    assert main(["parse", "--to", "cells", "--example"]) == 0
    written = set(json.loads(capsys.readouterr().out))
    section = _section(ROOT / "docs" / "reference" / "cli.md", "### The cell-key export")
    documented = set(re.findall(r"^`(\w+)`$", section, flags=re.MULTILINE))
    assert documented == written


def test_readme_set_up_makes_a_virtual_environment_before_installing() -> None:
    """Debian's and Ubuntu's system Python refuse ``pip install`` (externally managed): a venv comes first."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [
        line.strip()
        for block in re.findall(r"```console\n(.*?)```", readme, flags=re.DOTALL)
        for line in block.splitlines()
    ]
    first_pip = next(index for index, line in enumerate(commands) if line.startswith("pip install"))
    venv = next(index for index, line in enumerate(commands) if re.match(r"python3? -m venv \S+", line))
    activate = next(index for index, line in enumerate(commands) if "/bin/activate" in line)
    assert venv < activate < first_pip


def test_the_long_description_reads_on_the_package_index() -> None:
    """The index shows the README as the long description: no relative link, which would break there."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["readme"] == "README.md"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]*)\)", readme)
    assert [target for target in targets if not target.startswith("https://")] == []
