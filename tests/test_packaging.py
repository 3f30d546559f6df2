"""Packaging: the version is single-sourced and the installed distribution is complete."""

from __future__ import annotations

import os
import re
from importlib import metadata, resources

import pytest

import govinfo_report

DISTRIBUTION = "govinfo-report"


def _installed_version() -> str:
    """Return the installed distribution's version.

    ``nox -s tests`` always installs the package, so there a missing distribution is a failure;
    when the tests run straight from a source checkout (``PYTHONPATH=src``) outside CI, there is no
    metadata to compare with and the metadata tests are skipped.
    """
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"{DISTRIBUTION} is not installed (running from a source checkout)")


def test_version_matches_metadata() -> None:
    """``govinfo_report.__version__`` is the installed distribution's version."""
    assert govinfo_report.__version__ == _installed_version()


def test_version_is_a_release_number() -> None:
    """The version is a plain dotted release number, as written in pyproject.toml."""
    parts = _installed_version().split(".")
    assert len(parts) == 3
    assert all(part.isdigit() for part in parts)


def test_console_script_is_declared() -> None:
    """The ``govinfo-report`` command runs ``govinfo_report.cli:main``."""
    _installed_version()
    scripts = metadata.entry_points(group="console_scripts", name="govinfo-report")
    assert [entry.value for entry in scripts] == ["govinfo_report.cli:main"]


def test_runtime_dependencies_are_the_five_backends() -> None:
    """Only attrs, cattrs, lxml, pdfminer.six and pypdfium2 are required at run time; the rest are extras."""
    _installed_version()
    requirements = metadata.requires(DISTRIBUTION) or []
    required = sorted(
        re.sub(r"[-_.]+", "-", re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0]).lower()
        for requirement in requirements
        if "extra ==" not in requirement
    )
    assert required == ["attrs", "cattrs", "lxml", "pdfminer-six", "pypdfium2"]


def test_typed_marker_is_shipped() -> None:
    """The package carries ``py.typed``, so type checkers use its annotations."""
    assert resources.files("govinfo_report").joinpath("py.typed").is_file()
