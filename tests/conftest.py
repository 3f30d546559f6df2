"""Shared test configuration: Hypothesis profiles, the report header and the corpus.

Hypothesis profiles:

* ``ci`` is Hypothesis's built-in profile, loaded automatically when ``CI`` is set
  (derandomized, no example database, no deadline).
* ``dev`` (the default elsewhere) keeps the example count low for a quick edit-test loop.
* ``fuzz`` runs many examples; ``nox -s fuzz`` selects it.

``HYPOTHESIS_PROFILE=<name>`` selects a profile explicitly and wins over ``CI``.

The corpus of real reports lives in ``tests/data/corpus``: each input ``NAME.EXT`` lies next to
``NAME.golden.json`` (see the README there).  Use the ``corpus_dir`` fixture for the folder, or
take a ``corpus_case`` argument to run a test once per corpus input::

    @pytest.mark.corpus(formats=("text",))
    def test_golden_cells(corpus_case: CorpusCase) -> None: ...

A test that takes a ``public_module`` argument runs once per public module of the package
(its name as a string); the ``public_modules`` fixture gives the whole list.
"""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

CORPUS_DIR = Path(__file__).parent / "data" / "corpus"
SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
"""The shared material beside the checkout (the full corpus with derived inputs, the tools)."""
"""Folder of the real reports and their golden files."""

settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=(HealthCheck.too_slow,),
)

_profile = os.environ.get("HYPOTHESIS_PROFILE")
if _profile:
    settings.load_profile(_profile)
elif not os.environ.get("CI"):
    settings.load_profile("dev")


@dataclass(frozen=True)
class CorpusCase:
    """One corpus input with its golden values.

    Attributes:
        path: The input file.
        golden: The parsed ``NAME.golden.json`` (keys ``source``, ``format``, ``template``, ``year``,
            ``agency``, ``cells``, ``unscored``, ``extra_rows``, ``notes``).
    """

    path: Path
    golden: dict[str, Any]

    @property
    def name(self) -> str:
        """The input's file name."""
        return self.path.name

    @property
    def format(self) -> str:
        """The input's format as the golden file states it (``text``, ``html``, ``docx``, ``pdf``)."""
        return str(self.golden["format"])

    @property
    def scored_cells(self) -> dict[str, Any]:
        """The golden cells whose value can be read from the source (``unscored`` removed)."""
        unscored = set(self.golden.get("unscored", ()))
        return {key: value for key, value in self.golden["cells"].items() if key not in unscored}


def corpus_cases(formats: tuple[str, ...] | None = None) -> list[CorpusCase]:
    """Return the corpus inputs that have a golden file, optionally only those of ``formats``."""
    cases: list[CorpusCase] = []
    for golden_path in sorted(CORPUS_DIR.glob("*.golden.json")):
        golden = json.loads(golden_path.read_text(encoding="utf-8"))
        case = CorpusCase(path=CORPUS_DIR / golden["source"], golden=golden)
        if formats is None or case.format in formats:
            cases.append(case)
    return cases


DEPRECATED_PACKAGES = {("parsers",)}
"""Packages kept only as aliases that warn (see ``test_public_api``); not part of the API."""

OPTIONAL_MODULES = {("dask",): "dask", ("serialize", "parquet"): "pyarrow", ("dataframe",): "pandas"}
"""Public modules that need an optional extra, with a distribution of it: checked where it is installed."""


def public_module_names() -> list[str]:
    """Return the names of the package's public modules, found on disk without importing them.

    A module is public when no part of its dotted name below ``govinfo_report`` starts with an
    underscore; ``__main__`` is left out because importing it runs the command line.
    """
    spec = importlib.util.find_spec("govinfo_report")
    if spec is None or not spec.submodule_search_locations:
        raise pytest.UsageError("govinfo_report is not importable")
    names = {"govinfo_report"}
    for location in spec.submodule_search_locations:
        root = Path(location)
        for path in root.rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if any(part.startswith("_") for part in parts) or parts in DEPRECATED_PACKAGES:
                continue
            if parts in OPTIONAL_MODULES and importlib.util.find_spec(OPTIONAL_MODULES[parts]) is None:
                continue
            names.add(".".join(("govinfo_report", *parts)))
    return sorted(names)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "corpus(formats=None): run the test once per corpus input (argument corpus_case), "
        "optionally only for the given formats",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "public_module" in metafunc.fixturenames:
        metafunc.parametrize("public_module", public_module_names())
    if "corpus_case" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("corpus")
    formats = None if marker is None else marker.kwargs.get("formats")
    cases = corpus_cases(tuple(formats) if formats is not None else None)
    if not cases:
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: no corpus input of formats {formats}")
    metafunc.parametrize("corpus_case", cases, ids=[case.name for case in cases])


def pytest_report_header(config: pytest.Config) -> list[str]:
    versions = []
    for distribution in ("lxml", "pdfminer.six", "pypdfium2"):
        try:
            versions.append(f"{distribution} {metadata.version(distribution)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{distribution} not installed")
    return [
        "backends: " + ", ".join(versions),
        f"hypothesis profile: {settings.get_current_profile_name()}",
    ]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The folder of real reports and golden files (``tests/data/corpus``)."""
    return CORPUS_DIR


@pytest.fixture(scope="session")
def public_modules() -> list[str]:
    """Names of the package's public modules (see :func:`public_module_names`)."""
    return public_module_names()
