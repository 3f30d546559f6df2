"""Sphinx configuration for the govinfo-report documentation.

The build is offline: intersphinx reads the Python inventory shipped in ``_inventories/`` (a subset
of the standard library's, see ``_inventories/NOTICE.txt``), so it needs neither a network
connection nor any system package, and links still point to docs.python.org.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "govinfo-report"
author = "govinfo-report developers"
copyright = "2026, govinfo-report developers"
release = metadata.version("govinfo-report")
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "myst_parser",
    "sphinx_copybutton",
    "govinfo_docs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_inventories"]
language = "en"

# -- MyST ------------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- autodoc and napoleon --------------------------------------------------------------------------
autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_preserve_defaults = False  # attrs defaults read better as values
autodoc_default_options = {"members": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

python_use_unqualified_type_names = True

# -- cross-references --------------------------------------------------------------------------------
nitpicky = True

_INVENTORIES = Path(__file__).parent / "_inventories"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3.11/", (str(_INVENTORIES / "python-3.11.inv"),)),
}
intersphinx_timeout = 1

nitpick_ignore: list[tuple[str, str]] = [
    # The type variable of Report.value's ``unread`` argument: whatever the caller passes comes back.
    ("py:class", "govinfo_report.model._report._T"),
    # cattrs publishes no offline inventory recent enough to rely on.
    ("py:class", "cattrs.converters.Converter"),
    ("py:class", "cattrs.preconf.json.JsonConverter"),
    # Not in the Python inventory as classes (documented as data, or not at all).
    ("py:class", "types.EllipsisType"),
    ("py:class", "multiprocessing.context.BaseContext"),
    # A private type alias of govinfo_report.validation (the signature of a rule's check function).
    ("py:class", "Check"),
    # ErrorInfo's attribute list names govinfo_report.batch.outcome.WORKER_CRASHED unqualified, which
    # Sphinx does not look up in the class's module from inside an attribute; the constant is documented.
    ("py:data", "WORKER_CRASHED"),
    # Hypothesis publishes no inventory that could be read offline.
    ("py:class", "hypothesis.strategies.SearchStrategy"),
    # The return type of the value strategies of govinfo_report.strategies: dict[str, CellValue].
    ("py:class", "Values"),
    # What the OCR reader hands the PDF reader for pictures among text: its page type (private) and
    # its alias for a box of four floats.
    ("py:class", "OcrPage"),
    ("py:class", "Box"),
]

# -- doctest ---------------------------------------------------------------------------------------
# Examples may use the everyday names of the top level unqualified, as in the package's own namespace.
doctest_global_setup = """
import govinfo_report
from govinfo_report import *
from govinfo_report.validation import Finding, Severity, validate
"""

# -- HTML ------------------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"govinfo-report {release}"
html_static_path: list[str] = []

# The optional Dask and Parquet stack publishes no offline inventory: its names stay plain text.
nitpick_ignore_regex = [
    ("py:class", r"(dask|distributed|fsspec|pandas|pyarrow|pa|pd|db|pads|pafs)\..*"),
]
