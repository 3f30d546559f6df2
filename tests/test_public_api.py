"""The public API: every advertised name exists, and importing the package stays cheap."""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import govinfo_report
import govinfo_report.validation
from govinfo_report.examples import example_bytes
from govinfo_report.limits import Limits

BACKENDS = ("lxml", "pdfminer", "cv2", "numpy", "onnxruntime", "rapidocr", "PIL", "pypdfium2", "pandas")
OCR_BACKENDS = ("cv2", "numpy", "onnxruntime", "rapidocr", "PIL")


def test_public_modules_are_found(public_modules: list[str]) -> None:
    """Module discovery sees the package and its public subpackages, and skips private modules."""
    assert "govinfo_report" in public_modules
    assert "govinfo_report.errors" in public_modules
    assert "govinfo_report.model" in public_modules
    assert "govinfo_report.model.labels" in public_modules
    assert not [name for name in public_modules if "._" in name]


def test_every_name_in_all_imports(public_module: str) -> None:
    """Each name a public module lists in ``__all__`` can be imported from it, without duplicates."""
    module = importlib.import_module(public_module)
    names = getattr(module, "__all__", None)
    if names is None:
        # Only a package with nothing to export yet may lack __all__.
        assert not [name for name in vars(module) if not name.startswith("_")], public_module
        return
    assert isinstance(names, (list, tuple)), f"{public_module}.__all__ must be a list or tuple"
    assert len(set(names)) == len(names), f"duplicates in {public_module}.__all__"
    for name in names:
        assert isinstance(name, str)
        assert hasattr(module, name), f"{public_module}.__all__ names {name!r}, which does not exist"
        namespace: dict[str, object] = {}
        exec(f"from {public_module} import {name}", namespace)  # noqa: S102 -- the statement users write
        assert namespace[name] is getattr(module, name)


def _imported_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter and return the backend modules it imported."""
    script = textwrap.dedent(
        f"""
        import json, sys
        {code}
        print(json.dumps(sorted(
            name for name in sys.modules if name.split(".")[0] in {BACKENDS!r}
        )))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=None,
    )
    imported = json.loads(result.stdout.strip().splitlines()[-1])
    assert isinstance(imported, list)
    return [str(name) for name in imported]


def test_import_does_not_load_backends() -> None:
    """``import govinfo_report`` loads neither lxml, pdfminer, pypdfium2 nor pandas (loaded when used)."""
    assert _imported_after("import govinfo_report") == []


def test_parsing_text_html_and_pdf_loads_no_ocr_backend(corpus_dir: Path) -> None:
    """Only inputs that need OCR load numpy, OpenCV, onnxruntime, rapidocr or Pillow."""
    pdf = next(corpus_dir.glob("*.pdf"))
    html = next(corpus_dir.glob("*.html"))
    code = "import govinfo_report; " + "; ".join(
        f"govinfo_report.parse_path({str(path)!r})" for path in (pdf, html)
    )
    imported = _imported_after(code)
    assert "pypdfium2" in imported
    assert not [name for name in imported if name.split(".")[0] in OCR_BACKENDS]


def test_dir_does_not_load_backends() -> None:
    """Listing the package's names (as completion does) does not load the backends either."""
    assert _imported_after("import govinfo_report; dir(govinfo_report)") == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_backend_check_can_fail(backend: str) -> None:
    """The subprocess check above does see a backend once something imports it (where it is installed)."""
    if importlib.util.find_spec(backend) is None:
        pytest.skip(f"{backend} is not installed (an optional extra)")
    assert _imported_after(f"import {backend}") != []


def test_top_level_names_survive_submodule_imports(public_modules: list[str]) -> None:
    """Each top-level name gives the same object on every access, and never a module.

    Importing a submodule binds it as an attribute of its package; a top-level function with the
    same name as a submodule (``govinfo_report.validation``) must not be replaced by the module,
    whether the submodule is imported before, by or after the first access.
    """
    script = textwrap.dedent(
        f"""
        import importlib, json, types
        import govinfo_report
        names = [name for name in govinfo_report.__all__ if name != "__version__"]
        problems = []
        for name in names:
            first, second = getattr(govinfo_report, name), getattr(govinfo_report, name)
            if first is not second:
                problems.append(name + ": differs between accesses")
        for module in {public_modules!r}:
            importlib.import_module(module)
        for name in names:
            if isinstance(getattr(govinfo_report, name), types.ModuleType):
                problems.append(name + ": is a module")
        print(json.dumps(problems))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


@pytest.mark.parametrize("function", ["parse", "parse_bytes", "parse_path"])
def test_a_misspelt_option_is_a_type_error(function: str) -> None:
    """Options are keyword-only parameters: a misspelt one raises TypeError instead of being ignored."""
    entry = getattr(govinfo_report, function)
    with pytest.raises(TypeError, match="limts"):
        entry(example_bytes() if function != "parse_path" else "x.txt", limts=Limits())


@pytest.mark.parametrize("bad", [None, {"timeout": 1}, 5])
def test_limits_of_the_wrong_type_are_a_type_error(bad: object) -> None:
    """``limits=None`` or a dict is refused with a TypeError naming the expected type."""
    with pytest.raises(TypeError, match="Limits"):
        govinfo_report.parse_bytes(example_bytes(), limits=bad)  # type: ignore[arg-type]


def test_bytes_like_inputs_are_accepted() -> None:
    """A memoryview or bytearray parses like the bytes it holds; a str is refused."""
    expected = govinfo_report.parse_bytes(example_bytes())
    assert govinfo_report.parse_bytes(memoryview(example_bytes())) == expected
    assert govinfo_report.parse_bytes(bytearray(example_bytes())) == expected
    with pytest.raises(TypeError, match="bytes-like"):
        govinfo_report.parse_bytes("text")  # type: ignore[arg-type]


def test_the_function_and_the_rules_package_do_not_shadow_each_other() -> None:
    """``govinfo_report.validate`` is the function; the rules live in ``govinfo_report.validation``."""

    assert callable(govinfo_report.validate)
    assert govinfo_report.validation.compare is not None
    assert govinfo_report.validate is govinfo_report.validation.validate


def test_old_module_names_warn() -> None:
    """The pre-0.2 names still resolve, each with a DeprecationWarning naming the new one."""
    with pytest.warns(DeprecationWarning, match=r"govinfo_report\.validation\.compare"):
        from govinfo_report.validate import compare  # type: ignore[import-not-found]
    assert compare is govinfo_report.validation.compare
    with pytest.warns(DeprecationWarning, match=r"govinfo_report\.parse_bytes"):
        from govinfo_report.parsers import parse_bytes
    assert parse_bytes is govinfo_report.parse_bytes


_REFERENCE = Path(__file__).parents[1] / "docs" / "reference"


def test_every_public_module_is_in_the_api_reference(public_module: str) -> None:
    """Each public module is declared (``py:module`` or ``automodule``) on a page of the reference."""
    pages = "\n".join(page.read_text(encoding="utf-8") for page in sorted(_REFERENCE.glob("*.md")))
    declared = set(re.findall(r"^\.\. (?:py:module|automodule):: (\S+)$", pages, flags=re.MULTILINE))
    assert public_module in declared


def test_strategies_without_hypothesis_say_how_to_install_it() -> None:
    """Without Hypothesis, importing the strategies is a one-line ImportError saying how to install it."""
    code = "import sys; sys.modules['hypothesis'] = None; import govinfo_report.strategies"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "ImportError: govinfo_report.strategies needs Hypothesis: pip install 'govinfo-report[hypothesis]'"
    )
    assert "ModuleNotFoundError" not in result.stderr


def test_dataframe_without_pandas_says_how_to_install_it() -> None:
    """Without pandas, importing the data frame module is a one-line ImportError naming the extra."""
    code = "import sys; sys.modules['pandas'] = None; import govinfo_report.dataframe"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "ImportError: govinfo_report.dataframe needs pandas: pip install 'govinfo-report[pandas]'"
    )
    assert "ModuleNotFoundError" not in result.stderr


def test_the_exports_load_no_data_frame_library() -> None:
    """Writing CSV and JSON Lines (the batch command's outputs) imports neither pandas nor numpy."""
    code = "import govinfo_report.serialize.csv, govinfo_report.serialize.json, govinfo_report.cli._batch"
    assert not {"pandas", "numpy"} & set(_imported_after(code))
