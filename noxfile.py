"""Development tasks: ``nox -s lint typecheck tests docs build`` runs the default set."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox

nox.needs_version = ">=2025.02.09"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
ROOT = Path(__file__).parent
DOCS = ROOT / "docs"
DOCS_BUILD = DOCS / "_build"
CLASSIFIER_PYTHONS = nox.project.python_versions(PYPROJECT)


def _install_project(session: nox.Session, *groups: str, extras: str = "") -> None:
    """Install the project (not editable, as users get it), its ``extras`` and the named dependency groups."""
    requirements: list[str] = []
    for group in groups:
        requirements.extend(nox.project.dependency_groups(PYPROJECT, group))
    session.install(f".[{extras}]" if extras else ".", *requirements)


def _run_tests(session: nox.Session) -> None:
    session.run("coverage", "erase")
    session.run("coverage", "run", "-m", "pytest", *session.posargs)
    session.run("coverage", "combine")
    # Workers that tests kill on purpose (timeouts, crashes) leave unreadable data files behind.
    for leftover in Path.cwd().glob(".coverage.*"):
        leftover.unlink()
    session.run("coverage", "report")


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff, and the import contracts between stages with import-linter."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    # The contracts are in pyproject.toml ([tool.importlinter]); the graph is read from src/.
    session.run("lint-imports", env={"PYTHONPATH": str(ROOT / "src")})


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check src, tests and this file with mypy (strict, configured in pyproject.toml)."""
    # The ocr extra: the OCR reader and its tests import numpy, OpenCV and Pillow.
    _install_project(session, "typecheck", extras="ocr")
    session.install("nox")
    session.run("mypy", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against the installed package, under coverage."""
    # The pandas extra: the data frames and the CSV files loaded as pandas users load them.
    _install_project(session, "test", extras="pandas")
    _run_tests(session)


@nox.session
def tests_ocr(session: nox.Session) -> None:
    """Run the OCR tests (marker ``ocr``) with the ocr extra: generated table images and the corpus scans.

    The generated images need a CJK font (``apt-get install fonts-wqy-microhei``); the scans are read
    from the shared corpus beside the repository.
    """
    _install_project(session, "test", extras="ocr")
    session.run("pytest", "-m", "ocr", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation from scratch (html and doctest), warnings as errors."""
    # The hypothesis extra: govinfo_report.strategies is documented and used in examples;
    # the dask extra: govinfo_report.dask and govinfo_report.serialize.parquet are documented.
    session.install(".[hypothesis,dask]", *nox.project.dependency_groups(PYPROJECT, "docs"))
    shutil.rmtree(DOCS_BUILD, ignore_errors=True)
    common = ["-W", "-n", "--keep-going", "-d", str(DOCS_BUILD / "doctrees")]
    session.run("sphinx-build", *common, "-b", "html", str(DOCS), str(DOCS_BUILD / "html"))
    session.run("sphinx-build", *common, "-b", "doctest", str(DOCS), str(DOCS_BUILD / "doctest"))


@nox.session
def build(session: nox.Session) -> None:
    """Build sdist and wheel, check them, and try the wheel in a fresh virtual environment."""
    session.install("build", "twine", "check-wheel-contents")
    tmp = Path(session.create_tmp()).resolve()
    dist = tmp / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist))
    wheels = sorted(dist.glob("*.whl"))
    sdists = sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        session.error(f"expected one wheel and one sdist in {dist}, found {wheels + sdists}")
    session.run("twine", "check", "--strict", *(str(path) for path in wheels + sdists))
    session.run("check-wheel-contents", str(wheels[0]))

    venv = tmp / "wheel-venv"
    shutil.rmtree(venv, ignore_errors=True)
    session.run(sys.executable, "-m", "venv", str(venv), external=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = str(bindir / "python")
    script = str(bindir / "govinfo-report")
    session.run(python, "-m", "pip", "install", "--quiet", str(wheels[0]), external=True)
    # Run from outside the checkout so that the installed wheel, not src/, is imported.
    with session.chdir(tmp):
        session.run(script, "--version", external=True)
        session.run(python, "-c", "import govinfo_report", external=True)
        session.run(script, "parse", "--example", external=True)


@nox.session(default=False)
def fuzz(session: nox.Session) -> None:
    """Run the property tests and the slow fuzzers with many examples (HYPOTHESIS_PROFILE=fuzz)."""
    _install_project(session, "test")
    session.run(
        "pytest",
        "-m",
        "slow or hypothesis",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": "fuzz"},
    )


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Measure batch throughput with 1 and 2 workers (arguments go to benchmarks/batch.py)."""
    session.install(".")
    session.run("python", "benchmarks/batch.py", *session.posargs)


@nox.session(default=False)
def bench_ocr(session: nox.Session) -> None:
    """Measure seconds per page and peak memory of the OCR stages (arguments go to benchmarks/ocr.py)."""
    session.install(".[ocr]")
    session.run("python", "benchmarks/ocr.py", *session.posargs)


@nox.session(python=CLASSIFIER_PYTHONS, default=False)
def tests_all(session: nox.Session) -> None:
    """Run the test suite on every supported Python version found on this machine."""
    _install_project(session, "test")
    _run_tests(session)


@nox.session(default=False)
def integration_dask(session: nox.Session) -> None:
    """Run govinfo_report.dask on a local cluster over the corpus; load its Parquet and CSV in pandas."""
    requirements = nox.project.dependency_groups(PYPROJECT, "test")
    session.install(".[dask]", *requirements)
    session.run("pytest", "-m", "dask", "tests/integration", *session.posargs)
