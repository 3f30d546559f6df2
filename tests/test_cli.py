"""The ``govinfo-report`` command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from tests.readers.pdfgen import PageBuilder, build_pdf
from tests.textgen import render_cell_per_line

from govinfo_report import from_json, parse_bytes, to_cells
from govinfo_report._version import version
from govinfo_report.cli import main
from govinfo_report.examples import example_bytes
from govinfo_report.model import TemplateVersion
from govinfo_report.model.labels import cell_keys

CORPUS = Path(__file__).parent / "data" / "corpus"
SEED = CORPUS / "seed-002-gaoan-health-2020.txt"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _assert_one_line_error(err: str, *fragments: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("govinfo-report: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


# -- parse: output formats -----------------------------------------------------------------------


def test_parse_example_prints_the_tables(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(["parse", "--example"], capsys)
    assert status == 0
    # The sample replaces one template row by local rows: partial, and said so on standard error.
    assert err == "govinfo-report: example-chaoyang-health-2020.txt: 报告不完整: 表二：19/22 已读，3 缺失\n"
    lines = out.splitlines()
    assert lines[0] == "北京市朝阳区卫生健康委员会2020年政府信息公开工作年度报告"
    assert lines[2:5] == ["表二：19/22 已读，3 缺失", "表三：161/161 已读", "表四：15/15 已读"]
    assert "二、主动公开政府信息情况" in lines
    assert "三、收到和处理政府信息公开申请情况" in lines
    assert "四、政府信息公开行政复议、行政诉讼情况" in lines
    assert any("行政许可" in line and "28225" in line for line in lines)
    assert any(line.startswith("一、本年新收政府信息公开申请数量") and line.endswith(" 66") for line in lines)


def test_parse_to_cells(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["parse", "--to", "cells", "--example"], capsys)
    assert status == 0
    document = json.loads(out)
    assert document["template"] == "2019"
    assert document["year"] == 2020
    assert document["agency"] == "北京市朝阳区卫生健康委员会"
    cells = document["cells"]
    assert set(cells) <= set(cell_keys("2019"))
    assert cells["requests.new_received.total"] == 66
    assert cells["proactive.art20_9.procurement.amount_yuan"] == "6271854"
    expected = to_cells(parse_bytes(example_bytes()))
    for key, value in cells.items():
        assert (Decimal(value) if isinstance(value, str) else value) == expected[key]


def test_parse_file_to_cells_keeps_blank_cells(capsys: pytest.CaptureFixture[str]) -> None:
    """seed-002 leaves two cells of （一）予以公开 blank: they are null, not 0 and not absent."""
    status, out, _ = _run(["parse", "--to", "cells", str(SEED)], capsys)
    assert status == 0
    cells = json.loads(out)["cells"]
    assert cells["requests.granted.public_interest"] is None
    assert cells["requests.granted.other_org"] is None
    assert cells["requests.granted.natural_person"] == 1


def test_parse_to_json_loads_back(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["parse", "--to", "json", "--example"], capsys)
    assert status == 0
    assert out.count("\n") == 1
    report = from_json(out)
    assert report.value("requests.new_received.total") == 66
    assert report.agency == "北京市朝阳区卫生健康委员会"


def test_parse_to_json_with_indent(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["parse", "--to", "json", "--indent", "2", str(SEED)], capsys)
    assert status == 0
    assert out.startswith('{\n  "schema_version": ')
    report = from_json(out)
    assert report.agency == "高安市卫健委"
    assert report.provenance is not None
    assert report.provenance.source == SEED.name


def test_parse_several_files(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = sorted(CORPUS.glob("seed-*.txt"))
    status, out, err = _run(["parse", "--to", "cells", *map(str, seeds)], capsys)
    assert status == 0
    # Only seed-004 is partial (a template row split into local rows); the others say nothing.
    assert err.splitlines() == [
        f"govinfo-report: {seeds[4]}: 报告不完整: 表二：19/22 已读，3 缺失",
    ]
    documents = [json.loads(line) for line in out.splitlines()]
    assert [document["agency"] for document in documents] == [
        "杭州市临安区卫生健康局",
        "海原县卫生健康局",
        "高安市卫健委",
        "曲阜市卫生健康局",
        "北京市朝阳区卫生健康委员会",
    ]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["--version"], capsys)
    assert status == 0
    assert out.strip() == f"govinfo-report {version()}"


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["parse", "--help"], capsys)
    assert status == 0
    assert "--to" in out
    assert "--example" in out


# -- parse: failures -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "StructureError"),
        (" \n\t\n\u3000\n".encode(), "StructureError"),
        ("这是一份会议通知，不是年度报告。\n请各单位按时参加。\n".encode(), "StructureError"),
        (b"\x80\xff" * 8, "ExtractionError"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "UnsupportedFormatError"),
        (b"%PDF-1.4\nnot really a pdf\n", "Error"),
    ],
    ids=["empty", "whitespace", "not-a-report", "undecodable", "legacy-doc", "damaged-pdf"],
)
def test_bad_file_gives_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, error: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    status, out, err = _run(["parse", "--lang", "en", str(path)], capsys)
    assert status == 2
    assert out == ""
    _assert_one_line_error(err, str(path), error)
    assert err.count("bad.txt") == 1  # the file is named once, even where the library's message names it
    status, out, err = _run(["parse", str(path)], capsys)
    assert status == 2
    _assert_one_line_error(err, f"{path}: 无法解析（")
    assert err.count("bad.txt") == 1


def test_legacy_doc_message_says_how_to_convert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    status, _, err = _run(["parse", str(path)], capsys)
    assert status == 2
    _assert_one_line_error(err, "LibreOffice")


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_unreadable_path_gives_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = tmp_path / "absent.txt" if kind == "missing" else tmp_path
    status, _, err = _run(["parse", str(path)], capsys)
    assert status == 2
    _assert_one_line_error(err, str(path))


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    status, out, err = _run(["parse", "--to", "cells", str(bad), str(SEED)], capsys)
    assert status == 2
    assert json.loads(out)["agency"] == "高安市卫健委"
    _assert_one_line_error(err, str(bad))


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["parse"],
        ["parse", "--example", str(SEED)],
        ["parse", "--to", "xml", "--example"],
        ["parse", "--indent", "two", "--example"],
        ["frobnicate"],
        ["--no-such-option"],
    ],
    ids=["no-command", "no-file", "file-and-example", "bad-to", "bad-indent", "bad-command", "bad-option"],
)
def test_usage_errors_give_status_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, out, err = _run(argv, capsys)
    assert status == 2
    assert out == ""
    assert err.strip()
    assert "Traceback" not in err


def test_module_entry_point_as_the_scorer_calls_it(tmp_path: Path) -> None:
    """``python -m govinfo_report parse --to cells FILE`` is the contract of the scoring tool."""
    env = dict(os.environ)
    src = str(Path(__file__).parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "govinfo_report", "parse", "--to", "cells", str(SEED)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["template"] == "2019"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "govinfo_report", "parse", str(empty)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 2
    _assert_one_line_error(result.stderr, "无法解析（不是年度报告的结构）")


def test_validate_published_date_runs_the_deadline_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """--published gives R-G-01 the date it needs; a late report exits 1 with the finding."""
    status, out, _ = _run(["validate", "--published", "2021-03-01", "--select", "R-G-01", str(SEED)], capsys)
    assert status == 1
    assert "R-G-01" in out
    status, out, _ = _run(["validate", "--published", "2021-01-15", "--select", "R-G-01", str(SEED)], capsys)
    assert status == 0
    assert "R-G-01" not in out


def test_validate_extend_select_runs_a_rule_that_is_off_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """R-T4-07 is off by default: --extend-select adds it to the default rules."""
    values: dict[str, int | None] = dict.fromkeys(cell_keys(TemplateVersion.V2021), 0)
    values |= {"appeals.litigation_after_review.upheld": 9, "appeals.litigation_after_review.total": 9}
    report = tmp_path / "suits.txt"
    text = render_cell_per_line(
        version=TemplateVersion.V2021, values=values, agency="某某县发展和改革局", year=2023
    )
    report.write_text(text, encoding="utf-8")
    status, out, _ = _run(["validate", "--to", "json", str(report)], capsys)
    assert status == 0
    assert "R-T4-07" not in {f["rule_id"] for f in json.loads(out)[0]["findings"]}
    status, out, _ = _run(["validate", "--to", "json", "--extend-select", "R-T4-07", str(report)], capsys)
    assert status == 0
    findings = json.loads(out)[0]["findings"]
    assert [f["rule_id"] for f in findings if f["rule_id"] == "R-T4-07"] == ["R-T4-07"]
    status, _, err = _run(["validate", "--extend-select", "R-T4-99", str(report)], capsys)
    assert status == 2
    assert "R-T4-99" in err


# -- text from the inputs on the terminal --------------------------------------------------------

HOSTILE_TITLE = "\x1b[2J\x1b]0;pwned\x07\u202e"


def _hostile_report(tmp_path: Path) -> Path:
    text = example_bytes().decode("utf-8").replace("北京市", HOSTILE_TITLE + "北京市", 1)
    path = tmp_path / "report\x1b[31m.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_escapes_control_characters_in_readable_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A title with terminal escape sequences is printed without them; JSON output keeps it exactly."""
    path = _hostile_report(tmp_path)
    status, out, _ = _run(["parse", str(path)], capsys)
    assert status == 0
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\u202e" not in out
    assert out.startswith("[2J]0;pwned北京市")  # the readable text, its control characters dropped
    status, out, _ = _run(["parse", "--to", "json", str(path)], capsys)
    assert status == 0
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert json.loads(out)["title"].startswith(HOSTILE_TITLE)


def test_validate_and_errors_escape_file_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """File names are escaped in ``validate`` headings and in error messages; JSON keeps them exact."""
    path = _hostile_report(tmp_path)
    status, out, _ = _run(["validate", str(path)], capsys)
    assert "\x1b" not in out
    assert f"== {tmp_path}/report\\x1b[31m.txt\n" in out
    status, out, _ = _run(["validate", "--to", "json", str(path)], capsys)
    assert json.loads(out)[0]["file"] == str(path)
    broken = tmp_path / "broken\x1b]0;x\x07.txt"
    broken.write_bytes(b"\x1b[2J not a report")
    status, _, err = _run(["parse", str(broken)], capsys)
    assert status == 2
    assert "\x1b" not in err
    assert "broken\\x1b]0;x\\x07.txt" in err


@pytest.mark.parametrize("command", ["parse", "validate"])
def test_ctrl_c_gives_one_line_and_status_130(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An interrupted command says so on one line, without a traceback."""

    def interrupted(*args: object, **options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("govinfo_report.cli._inputs.parse_bytes", interrupted)
    status, _, err = _run([command, str(SEED)], capsys)
    assert status == 130
    assert err == f"govinfo-report {command}: 已中断\n"
    status, _, err = _run([command, "--lang", "en", str(SEED)], capsys)
    assert status == 130
    assert err == f"govinfo-report {command}: interrupted\n"


def test_scanned_pdf_without_the_ocr_extra_names_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line's one-line error for an image-only PDF says which extra to install."""
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import rapidocr now raises ImportError
    page = PageBuilder()
    page.image(0, 0, 595, 842)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(build_pdf([page]))
    status, _, err = _run(["parse", str(scan)], capsys)
    assert status == 2
    assert 'pip install "govinfo-report[ocr]"' in err
    assert len(err.strip().splitlines()) == 1


def test_validate_goes_on_after_a_file_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One unreadable file does not hide the others' findings: they are printed, and the status is 2."""
    broken = tmp_path / "broken.txt"
    broken.write_text("", encoding="utf-8")
    first, last = CORPUS / "seed-000-linan-health-2020.txt", CORPUS / "seed-002-gaoan-health-2020.txt"
    status, out, err = _run(["validate", str(first), str(broken), str(last)], capsys)
    assert status == 2
    assert f"== {first}" in out
    assert f"== {last}" in out
    assert "broken.txt" in err
    assert "R-G-06" in out  # a finding of the first file
    assert "R-T3-13" in out  # a finding of the last file
