"""Settings from ``pyproject.toml`` or ``govinfo-report.toml``: found, checked, and beaten by options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from govinfo_report.cli import main
from govinfo_report.cli._settings import Settings, SettingsError, find_settings, load_settings

CORPUS = Path(__file__).parent / "data" / "corpus"
GAOAN = "seed-002-gaoan-health-2020.txt"


def _project(tmp_path: Path, table: str, *, pyproject: bool = True) -> Path:
    """A folder with a settings file and ``reports/`` holding one report; returns the folder."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / GAOAN).write_bytes((CORPUS / GAOAN).read_bytes())
    if pyproject:
        (tmp_path / "pyproject.toml").write_text(
            f'[project]\nname = "x"\n\n[tool.govinfo-report]\n{table}', encoding="utf-8"
        )
    else:
        (tmp_path / "govinfo-report.toml").write_text(table, encoding="utf-8")
    return tmp_path


def _rules(out: str) -> set[str]:
    return {finding["rule_id"] for result in json.loads(out) for finding in result["findings"]}


def test_the_nearest_settings_file_is_found_up_to_the_repository_root(tmp_path: Path) -> None:
    project = _project(tmp_path, 'language = "en"\n')
    deep = project / "reports" / "a" / "b"
    deep.mkdir(parents=True)
    assert find_settings(deep) == project / "pyproject.toml"
    (project / "reports" / "pyproject.toml").write_text('[project]\nname = "y"\n', encoding="utf-8")
    assert (
        find_settings(deep) == project / "pyproject.toml"
    )  # a pyproject.toml without the table is passed over
    (project / "reports" / "govinfo-report.toml").write_text("", encoding="utf-8")
    assert find_settings(deep) == project / "reports" / "govinfo-report.toml"
    (project / "reports" / "a" / ".git").mkdir()
    assert find_settings(deep) is None  # the repository root ends the search


def test_settings_are_read_and_typed(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        'select = ["R-T3", "R-G-01"]\nignore = ["R-T3-11"]\nextend-select = ["R-T4-07"]\n'
        'language = "en"\ntimeout = 5\npdf-backend = "pdfminer"\n'
        '[tool.govinfo-report.published]\n"reports/*-2020.txt" = 2021-03-01\n"b.pdf" = "2021-01-20"\n',
    )
    settings = load_settings(project / "pyproject.toml")
    assert settings == Settings(
        path=project / "pyproject.toml",
        select=("R-T3", "R-G-01"),
        ignore=("R-T3-11",),
        extend_select=("R-T4-07",),
        language="en",
        published=(("reports/*-2020.txt", date(2021, 3, 1)), ("b.pdf", date(2021, 1, 20))),
        timeout=5.0,
        pdf_backend="pdfminer",
    )
    assert settings.published_for(project / "reports" / GAOAN) == date(2021, 3, 1)
    assert settings.published_for(project / "b.pdf") == date(2021, 1, 20)
    assert settings.published_for(project / "reports" / "b.pdf") is None
    assert settings.published_for(tmp_path.parent / "b.pdf") is None


@pytest.mark.parametrize(
    ("table", "key", "problem"),
    [
        ("colour = 1\n", "colour", "unknown key"),
        ('language = "fr"\n', "language", 'expected "zh" or "en", got \'fr\''),
        ('select = "R-T3"\n', "select", "expected a list of rule IDs"),
        ('ignore = ["R-X-99"]\n', "ignore", "unknown rule ID(s): R-X-99"),
        ("timeout = -1\n", "timeout", "not below 0"),
        ('pdf-backend = "poppler"\n', "pdf-backend", "expected one of"),
        ('published = { "a.pdf" = "2024-13-01" }\n', "published.a.pdf", "not a date"),
        ('published = { "a.pdf" = 20240101 }\n', "published.a.pdf", "expected a date"),
    ],
)
def test_bad_settings_name_the_file_and_key(tmp_path: Path, table: str, key: str, problem: str) -> None:
    project = _project(tmp_path, table, pyproject=False)
    with pytest.raises(SettingsError) as caught:
        load_settings(project / "govinfo-report.toml")
    assert caught.value.key == key
    assert str(caught.value).startswith(f"{project / 'govinfo-report.toml'}: [top level] {key}: ")
    assert problem in str(caught.value)


def test_invalid_toml_is_an_error(tmp_path: Path) -> None:
    project = _project(tmp_path, "language = \n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(project / "pyproject.toml")


def test_validate_takes_rules_language_and_dates_from_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(
        tmp_path, 'language = "en"\nignore = ["R-T3-13"]\npublished = { "reports/*.txt" = 2021-06-01 }\n'
    )
    monkeypatch.chdir(project / "reports")
    assert main(["validate", "--no-config", "--format", "json", GAOAN]) == 0
    plain = _rules(capsys.readouterr().out)
    assert "R-T3-13" in plain
    assert "R-G-01" not in plain
    assert main(["validate", "--format", "json", GAOAN]) == 1  # R-G-01: published after the deadline
    configured = _rules(capsys.readouterr().out)
    assert configured == (plain - {"R-T3-13"}) | {"R-G-01"}
    main(["validate", GAOAN])
    assert "warnings" in capsys.readouterr().out  # language = "en"
    # Options win over settings.
    main(["validate", "--lang", "zh", "--ignore", "", "--published", "2021-01-05", "--format", "json", GAOAN])
    assert _rules(capsys.readouterr().out) == plain
    main(["validate", "--lang", "zh", GAOAN])
    assert "个警告" in capsys.readouterr().out


def test_config_option_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "project").mkdir()
    project = _project(tmp_path / "project", 'select = ["R-T3-13"]\n', pyproject=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    report = str(project / "reports" / GAOAN)
    main(["validate", "--format", "json", report])
    assert len(_rules(capsys.readouterr().out)) > 1
    main(["validate", "--config", str(project / "govinfo-report.toml"), "--format", "json", report])
    assert _rules(capsys.readouterr().out) == {"R-T3-13"}
    assert main(["validate", "--config", str(tmp_path / "missing.toml"), report]) == 2
    assert "missing.toml: [top level]: cannot be read" in capsys.readouterr().err


def test_batch_validates_with_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path, 'select = ["R-G-01"]\npublished = { "reports/*.txt" = 2021-06-01 }\n')
    monkeypatch.chdir(project)
    main(["batch", "reports", "--out", "out.jsonl", "--workers", "1", "--no-progress"])
    capsys.readouterr()
    (line,) = (project / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert {finding["rule_id"] for finding in json.loads(line)["findings"]} == {"R-G-01"}


def test_bad_settings_exit_2_in_a_subprocess(tmp_path: Path) -> None:
    """A subprocess in a folder with bad settings: one line naming the file and key, status 2."""
    project = _project(tmp_path, 'language = "fr"\n')
    env = dict(os.environ)
    src = str(Path(__file__).parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "govinfo_report", "validate", str(project / "reports" / GAOAN)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env, cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"govinfo-report validate: {project / 'pyproject.toml'}: [tool.govinfo-report] language: "
        'expected "zh" or "en", got \'fr\''
    ]
    result = subprocess.run(
        [*command, "--no-config", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    assert "warnings" in result.stdout


def test_review_validates_with_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path, 'select = ["R-T3-13"]\n')
    monkeypatch.chdir(project)
    assert main(["review", f"reports/{GAOAN}", "-o", "page.html"]) == 0
    configured = (project / "page.html").read_text(encoding="utf-8")
    assert main(["review", "--no-config", f"reports/{GAOAN}", "-o", "page.html"]) == 0
    plain = (project / "page.html").read_text(encoding="utf-8")
    capsys.readouterr()
    assert "R-T3-13" in configured
    assert "R-T1-02" in plain
    assert "R-T1-02" not in configured
