"""Sphinx configuration for the govinfo-report documentation.

The build is offline: intersphinx reads only inventories installed on this machine (Debian's
``python3.11-doc`` ships the Python one, and ``.ci/run`` installs it).  Without them, references
to the standard library are left as plain text by ``nitpick_ignore`` below instead of failing.
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
exclude_patterns = ["_build"]
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

_PYTHON_INVENTORY = Path("/usr/share/doc/python3.11/html/objects.inv")
intersphinx_mapping: dict[str, tuple[str, tuple[str, ...]]] = {}
if _PYTHON_INVENTORY.is_file():
    intersphinx_mapping["python"] = ("https://docs.python.org/3.11/", (str(_PYTHON_INVENTORY),))
intersphinx_timeout = 1

nitpick_ignore: list[tuple[str, str]] = [
    # cattrs publishes no offline inventory recent enough to rely on.
    ("py:class", "cattrs.converters.Converter"),
    ("py:class", "cattrs.preconf.json.JsonConverter"),
    # Not in the Python inventory as classes (documented as data, or not at all).
    ("py:class", "types.EllipsisType"),
    ("py:class", "multiprocessing.context.BaseContext"),
    # A private type alias of govinfo_report.validation (the signature of a rule's check function).
    ("py:class", "Check"),
]
if "python" not in intersphinx_mapping:
    # Standard-library names used in signatures; resolved through intersphinx when available.
    nitpick_ignore += [
        ("py:class", name)
        for name in (
            "decimal.Decimal",
            "Decimal",
            "collections.abc.Iterator",
            "collections.abc.Iterable",
            "collections.abc.Sequence",
            "collections.abc.Mapping",
            "collections.abc.Callable",
            "os.PathLike",
            "pathlib.Path",
            "enum.StrEnum",
        )
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
