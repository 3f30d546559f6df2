"""``validate`` with several files or a folder: each report compared with its agency's year before."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govinfo_report.cli import main

CORPUS = Path(__file__).parent / "data" / "corpus"
PINGTAN = [f"pingtan-zone-gov-{year}.txt" for year in (2019, 2020, 2021, 2022)]
GAOAN = "seed-002-gaoan-health-2020.txt"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Four years of one agency and one report of another."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in [*PINGTAN, GAOAN]:
        (reports / name).write_bytes((CORPUS / name).read_bytes())
    return reports


def test_a_folder_is_validated_as_a_series_in_a_subprocess(folder: Path) -> None:
    env = dict(os.environ)
    src = str(Path(__file__).parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "govinfo_report", "validate", "--no-config", "--lang", "en", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=folder,
    )
    assert result.returncode == 1, result.stderr  # error-level findings, nothing unreadable
    lines = result.stdout.splitlines()
    pairing = {lines[i][3:]: lines[i + 1] for i, line in enumerate(lines) if line.startswith("== ")}
    assert list(pairing) == [str(folder / name) for name in sorted([*PINGTAN, GAOAN])]
    none = "no report of the same agency for the year before among the inputs: cross-year rules not run"
    assert pairing[str(folder / GAOAN)] == none
    assert pairing[str(folder / PINGTAN[0])] == none
    for earlier, later in itertools.pairwise(PINGTAN):
        assert pairing[str(folder / later)] == f"compared with the year before: {folder / earlier}"


def test_json_names_the_previous_report(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", "--no-config", "--format", "json", *(str(folder / name) for name in reversed(PINGTAN))])
    results = json.loads(capsys.readouterr().out)
    assert [
        (Path(r["file"]).name, r["previous"] and Path(r["previous"]).name, r["pairing"]) for r in results
    ] == [
        (PINGTAN[3], PINGTAN[2], "same-agency"),
        (PINGTAN[2], PINGTAN[1], "same-agency"),
        (PINGTAN[1], PINGTAN[0], "same-agency"),
        (PINGTAN[0], None, "no-previous"),
    ]
    cross_year = {"R-T3-09", "R-T1-03", "R-T2-02", "R-T1-05", "R-G-07"}
    assert not [f for r in results for f in r["findings"] if f["rule_id"] in cross_year]


def test_previous_of_another_agency_is_refused_in_the_chosen_language(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --previous that cannot stand for a file: that file refused (status 2), the others validated."""
    argv = ["validate", "--no-config", "--previous", str(folder / PINGTAN[0])]
    status = main([*argv, str(folder / GAOAN), str(folder / PINGTAN[1])])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.splitlines() == [
        f"govinfo-report validate: {folder / GAOAN}: 上一年度报告（平潭综合实验区，2019年）"
        "与本报告（高安市卫健委，2020年）不是同一机关的报告"
    ]
    assert f"== {folder / PINGTAN[1]}\n对照上一年度报告：{folder / PINGTAN[0]}\n" in captured.out
    assert str(folder / GAOAN) not in captured.out

    assert main([*argv, "--lang", "en", str(folder / PINGTAN[2])]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"govinfo-report validate: {folder / PINGTAN[2]}: the previous report (平潭综合实验区, 2019) "
        "is not of the year before this report (平潭综合实验区, 2021)"
    ]


def test_a_single_file_says_nothing_about_pairing(capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", "--no-config", str(CORPUS / GAOAN)])
    out = capsys.readouterr().out
    assert out.splitlines()[1].endswith("个警告")
