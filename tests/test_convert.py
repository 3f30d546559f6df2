"""Legacy files (.doc, .wps, .rtf, .xls, .et) converted by LibreOffice before they are read.

Most tests run a stand-in ``soffice`` (a shell script) that behaves as LibreOffice does at the
edges this module handles: it writes the converted file, says why it failed, or hangs.  The tests
marked ``needs_soffice`` make legacy files with the real LibreOffice from a corpus DOCX and HTML
and parse them back; they are skipped where LibreOffice is not installed.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from govinfo_report import from_json, parse, parse_bytes, parse_path, to_cells, to_json
from govinfo_report.batch import parse_many
from govinfo_report.cli import main
from govinfo_report.convert import INSTALL_LIBREOFFICE, Converter
from govinfo_report.errors import ConversionError, LimitExceededError, UnsupportedFormatError
from govinfo_report.limits import Limits
from govinfo_report.model import CellValue, Conversion, Format, LegacyFormat

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason=f"LibreOffice (soffice) is not installed; `{INSTALL_LIBREOFFICE}` installs it",
)
posix_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the stand-in soffice is a shell script reading /proc"
)

DOCX = "shuyang-county-ndrc-2023-lo.docx"
HTML = "shuyang-county-ndrc-2023.html"
FAKE_VERSION = "9.8.7.6"


def _ole2(*streams: str) -> bytes:
    """An OLE2 header and a directory sector naming ``streams``: what format detection looks at."""
    entries = b""
    for name in streams:
        encoded = name.encode("utf-16-le")
        entry = encoded.ljust(64, b"\x00") + (len(encoded) + 2).to_bytes(2, "little") + b"\x02"
        entries += entry.ljust(128, b"\x00")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00") + entries.ljust(512, b"\x00")


WORD_DOCUMENT = _ole2("Root Entry", "WordDocument", "1Table")


def _script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return path


def _fake_soffice(folder: Path, corpus_dir: Path, *, extra: str = "") -> Path:
    """A stand-in soffice that 'converts' by copying the corpus DOCX, and logs what it was given."""
    log = folder / "calls.log"
    return _script(
        folder / "soffice",
        f"""
if [ "$1" = "--version" ]; then echo "LibreOffice {FAKE_VERSION} 40(Build:2)"; exit 0; fi
outdir=""; previous=""; profile=""
for argument; do
    [ "$previous" = "--outdir" ] && outdir="$argument"
    case "$argument" in
        -env:UserInstallation=file://*) profile="${{argument#-env:UserInstallation=file://}}";;
    esac
    previous="$argument"
done
for input; do :; done
name=$(basename "$input")
{{
    echo "call $*"
    echo "profile $profile"
    echo "stdin $(readlink /proc/$$/fd/0)"
    cat "$profile/user/registrymodifications.xcu"
}} >> "{log}"
{extra}
cp "{corpus_dir / DOCX}" "$outdir/${{name%.*}}.docx"
""",
    )


def _calls(folder: Path) -> str:
    return (folder / "calls.log").read_text(encoding="utf-8")


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _wait_until_gone(pids: list[int]) -> list[int]:
    """The processes of ``pids`` still running after a kill has had time to be delivered."""
    for _ in range(1000):
        alive = [pid for pid in pids if _running(pid)]
        if not alive:
            return []
        time.sleep(0.02)
    return alive


@pytest.fixture
def hanging_soffice(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A stand-in soffice that ignores SIGTERM, starts a child (as soffice starts soffice.bin) and hangs."""
    record = tmp_path / "pids"
    script = _script(
        tmp_path / "soffice",
        f"""
trap '' TERM INT HUP
echo $$ >> "{record}"
pwd >> "{record}"
sleep 600 &
echo $! >> "{record}"
wait
""",
    )
    yield script, record
    for line in record.read_text().splitlines() if record.exists() else ():
        if line.isdigit() and _running(int(line)):
            os.kill(int(line), 9)


def _reference_cells(corpus_dir: Path) -> dict[str, CellValue]:
    return to_cells(parse_path(corpus_dir / DOCX))


# -- without LibreOffice ----------------------------------------------------------------------------------


def test_a_legacy_input_without_convert_says_how_to_convert() -> None:
    with pytest.raises(UnsupportedFormatError) as caught:
        parse_bytes(WORD_DOCUMENT, source="r.doc")
    message = str(caught.value)
    assert message.startswith("r.doc: input is a legacy Word document (.doc)")
    assert "--convert" in message
    assert INSTALL_LIBREOFFICE in message
    assert "soffice --headless --convert-to docx" in message


def test_no_soffice_on_path_is_a_conversion_error_naming_the_file_and_the_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ConversionError) as caught:
        parse_bytes(WORD_DOCUMENT, source="r.doc", convert=True)
    message = str(caught.value)
    assert "`soffice` is not on PATH" in message
    assert INSTALL_LIBREOFFICE in message
    assert "--soffice" in message
    assert caught.value.location is not None
    assert caught.value.location.source == "r.doc"


def test_a_missing_soffice_path_is_a_conversion_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "soffice"
    with pytest.raises(ConversionError, match=r"LibreOffice was not found at .*no/soffice"):
        parse_bytes(WORD_DOCUMENT, source="r.doc", convert=Converter(soffice=missing))


def test_inputs_in_formats_the_readers_know_are_not_converted(corpus_dir: Path) -> None:
    """``convert`` leaves DOCX, HTML, PDF and text alone: no LibreOffice is looked for."""
    report = parse_path(corpus_dir / DOCX, convert=Converter(soffice="/no/such/soffice"))
    assert report.provenance is not None
    assert report.provenance.conversion is None


@pytest.mark.parametrize("convert", ["yes", 1, None, Converter])
def test_convert_must_be_a_bool_or_a_converter(convert: object, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"convert must be a bool or a govinfo_report\.convert\.Converter"):
        parse_bytes(WORD_DOCUMENT, convert=convert)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="convert must be"):
        parse_path(tmp_path / "not-read.doc", convert=convert)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="convert must be"):
        parse(WORD_DOCUMENT, convert=convert)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="convert must be"):
        parse_many([("r.doc", WORD_DOCUMENT)], workers=1, convert=convert)  # type: ignore[arg-type]


@pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan"), True, "60"])
def test_a_converter_timeout_must_be_positive_seconds(timeout: object) -> None:
    with pytest.raises(ValueError, match=r"Converter\.timeout must be a finite number of seconds above 0"):
        Converter(timeout=timeout)  # type: ignore[arg-type]


def test_a_converter_program_must_be_a_path() -> None:
    with pytest.raises(TypeError, match=r"Converter\.soffice must be a path or None"):
        Converter(soffice=3)  # type: ignore[arg-type]


# -- with a stand-in soffice ------------------------------------------------------------------------------


@posix_only
def test_a_conversion_is_read_and_recorded_in_the_provenance(tmp_path: Path, corpus_dir: Path) -> None:
    soffice = _fake_soffice(tmp_path, corpus_dir)
    report = parse_bytes(WORD_DOCUMENT, source="r.doc", convert=Converter(soffice=soffice))
    assert to_cells(report) == _reference_cells(corpus_dir)
    assert report.provenance is not None
    assert report.provenance.format is Format.DOCX
    assert report.provenance.sha256 == hashlib.sha256(WORD_DOCUMENT).hexdigest()
    assert report.provenance.conversion == Conversion(
        original=LegacyFormat.DOC, converter="LibreOffice", converter_version=FAKE_VERSION
    )
    text = to_json(report)
    assert json.loads(text)["provenance"]["conversion"] == {
        "original": "doc",
        "converter": "LibreOffice",
        "converter_version": FAKE_VERSION,
    }
    assert from_json(text) == report


@posix_only
def test_libreoffice_runs_headless_offline_with_stdin_closed(tmp_path: Path, corpus_dir: Path) -> None:
    soffice = _fake_soffice(tmp_path, corpus_dir)
    parse_bytes(WORD_DOCUMENT, source="r.doc", convert=Converter(soffice=soffice))
    calls = _calls(tmp_path)
    assert "--headless" in calls
    assert "--convert-to docx:MS Word 2007 XML" in calls
    assert "stdin /dev/null" in calls
    for setting in ("DisableMacrosExecution", "BlockUntrustedRefererLinks", "ooInetProxyType"):
        assert f'oor:name="{setting}"' in calls


@posix_only
def test_a_workbook_is_converted_to_html(tmp_path: Path) -> None:
    log = tmp_path / "args"
    soffice = _script(
        tmp_path / "soffice",
        f'echo "$*" > "{log}"; exit 0\n',
    )
    with pytest.raises(ConversionError, match=r"could not convert the Excel workbook \(\.xls\) to HTML"):
        parse_bytes(_ole2("Root Entry", "Workbook"), source="r.xls", convert=Converter(soffice=soffice))
    assert "--convert-to html:HTML (StarCalc)" in log.read_text()


def test_the_no_output_failure_says_what_libreoffice_said(tmp_path: Path) -> None:
    soffice = _script(
        tmp_path / "soffice",
        'echo "Warning: failed to launch javaldx - java may not function correctly"\n'
        'echo "Error: source file could not be loaded"\n',
    )
    with pytest.raises(ConversionError) as caught:
        parse_bytes(WORD_DOCUMENT, source="r.doc", convert=Converter(soffice=soffice))
    assert str(caught.value) == (
        "LibreOffice could not convert the Word document (.doc) to DOCX (exit status 0): "
        "Error: source file could not be loaded (r.doc)"
    )


@posix_only
def test_a_conversion_that_takes_too_long_is_stopped_with_all_its_processes(
    hanging_soffice: tuple[Path, Path],
) -> None:
    soffice, record = hanging_soffice
    with pytest.raises(ConversionError) as caught:
        parse_bytes(WORD_DOCUMENT, source="r.doc", convert=Converter(soffice=soffice, timeout=1))
    assert str(caught.value) == (
        "LibreOffice took longer than 1 s to convert the Word document (.doc) to DOCX "
        "(Converter.timeout); it was stopped (r.doc)"
    )
    script_pid, folder, child_pid = record.read_text().splitlines()
    assert _wait_until_gone([int(script_pid), int(child_pid)]) == []
    assert not Path(folder).exists()  # the private folder and profile are removed


@posix_only
def test_the_parse_time_limit_stops_a_conversion_too(hanging_soffice: tuple[Path, Path]) -> None:
    soffice, record = hanging_soffice
    with pytest.raises(LimitExceededError, match=r"parsing took longer than 1 s \(Limits.timeout\)"):
        parse_bytes(
            WORD_DOCUMENT, source="r.doc", limits=Limits(timeout=1), convert=Converter(soffice=soffice)
        )
    script_pid, folder, child_pid = record.read_text().splitlines()
    assert _wait_until_gone([int(script_pid), int(child_pid)]) == []
    assert not Path(folder).exists()


@posix_only
def test_batch_workers_convert_in_profiles_of_their_own(tmp_path: Path, corpus_dir: Path) -> None:
    """Two workers converting at once never share a LibreOffice profile; folders yield legacy suffixes."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    started = tmp_path / "started"
    # Each conversion waits until both have started, so that the two run at the same time.
    soffice = _fake_soffice(
        bin_folder,
        corpus_dir,
        extra=f'echo x >> "{started}"\n'
        f'for _ in $(seq 600); do [ $(wc -l < "{started}") -ge 2 ] && break; sleep 0.05; done\n'
        f'echo "together $(wc -l < "{started}")" >> "{bin_folder / "calls.log"}"\n',
    )
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "a.doc").write_bytes(WORD_DOCUMENT)
    (inputs / "b.wps").write_bytes(WORD_DOCUMENT)
    skipped: list[object] = []
    assert list(parse_many([inputs], workers=2, on_skip=skipped.append)) == []  # not without convert
    assert len(skipped) == 2

    outcomes = list(
        parse_many([inputs], workers=2, chunksize=1, validate=False, convert=Converter(soffice=soffice))
    )
    assert sorted(Path(outcome.source).name for outcome in outcomes if outcome.ok) == ["a.doc", "b.wps"]
    originals = set()
    for outcome in outcomes:
        assert outcome.report is not None
        assert outcome.report.provenance is not None
        assert outcome.report.provenance.conversion is not None
        originals.add(outcome.report.provenance.conversion.original)
    assert originals == {LegacyFormat.DOC, LegacyFormat.WPS}
    profiles = [line for line in _calls(bin_folder).splitlines() if line.startswith("profile ")]
    assert len(profiles) == 2
    assert len(set(profiles)) == 2
    assert [line for line in _calls(bin_folder).splitlines() if line.startswith("together ")] == [
        "together 2",
        "together 2",
    ]


@posix_only
def test_the_command_line_converts_with_convert_and_soffice(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    soffice = _fake_soffice(bin_folder, corpus_dir)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    document = inputs / "report.doc"
    document.write_bytes(WORD_DOCUMENT)

    assert main(["parse", "--to", "json", "--soffice", str(soffice), str(document)]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["provenance"]["conversion"]["original"] == "doc"

    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    assert main(["validate", "--convert", "--format", "json", str(document)]) in (0, 1)
    assert json.loads(capsys.readouterr().out)

    page = tmp_path / "review.html"
    assert main(["review", "--convert", "-o", str(page), str(document)]) == 0
    assert "docx（由 LibreOffice 9.8.7.6 从 .doc 转换）" in page.read_text(encoding="utf-8")
    capsys.readouterr()

    out = tmp_path / "results.jsonl"
    status = main(["batch", "--convert", "--workers", "2", "--no-progress", "--out", str(out), str(inputs)])
    assert status == 0
    [line] = out.read_text(encoding="utf-8").splitlines()
    outcome = json.loads(line)
    assert outcome["ok"]
    assert outcome["report"]["provenance"]["conversion"]["converter_version"] == FAKE_VERSION

    assert main(["parse", str(document)]) == 2
    assert "--convert" in capsys.readouterr().err


# -- with LibreOffice -------------------------------------------------------------------------------------


def _libreoffice(source: Path, target: str, folder: Path, *, infilter: str | None = None) -> Path:
    """Convert ``source`` to ``target`` (a suffix, and an export filter after a colon) with LibreOffice."""
    assert SOFFICE is not None
    profile = folder / f"profile-{target.partition(':')[0]}"
    command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if infilter is not None:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(folder), str(source)]
    subprocess.run(command, check=True, capture_output=True, stdin=subprocess.DEVNULL, timeout=300)
    made = folder / f"{source.stem}.{target.partition(':')[0]}"
    assert made.is_file(), f"LibreOffice did not write {made}"
    return made


@pytest.fixture(scope="module")
def legacy_files(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Callable[[str], Path]:
    """Make a legacy file of a given suffix with LibreOffice, once per module."""
    folder = tmp_path_factory.mktemp("legacy")
    made: dict[str, Path] = {}

    def make(suffix: str) -> Path:
        if suffix not in made:
            if suffix in ("doc", "rtf"):
                made[suffix] = _libreoffice(corpus_dir / DOCX, suffix, folder)
            elif suffix == "xls":
                made[suffix] = _libreoffice(corpus_dir / HTML, suffix, folder, infilter="HTML (StarCalc)")
            else:  # a WPS document or spreadsheet: the same bytes as a Word document or an Excel workbook
                base = make("doc" if suffix == "wps" else "xls")
                made[suffix] = shutil.copyfile(base, folder / f"{base.stem}.{suffix}")
        return made[suffix]

    return make


@needs_soffice
def test_a_doc_made_by_libreoffice_reads_as_its_source(
    legacy_files: Callable[[str], Path], corpus_dir: Path
) -> None:
    path = legacy_files("doc")
    report = parse_path(path, convert=True)
    assert to_cells(report) == _reference_cells(corpus_dir)
    version = subprocess.run(
        [SOFFICE or "soffice", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert report.provenance is not None
    assert report.provenance.conversion is not None
    assert report.provenance.conversion.original is LegacyFormat.DOC
    assert report.provenance.conversion.converter_version in version
    assert report.provenance.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@needs_soffice
@pytest.mark.slow
@pytest.mark.parametrize(
    ("suffix", "original", "read_as"),
    [
        ("rtf", LegacyFormat.RTF, Format.DOCX),
        ("wps", LegacyFormat.WPS, Format.DOCX),
        ("xls", LegacyFormat.XLS, Format.HTML),
        ("et", LegacyFormat.ET, Format.HTML),
    ],
)
def test_legacy_files_made_by_libreoffice_read_as_their_source(
    legacy_files: Callable[[str], Path],
    corpus_dir: Path,
    suffix: str,
    original: LegacyFormat,
    read_as: Format,
) -> None:
    report = parse_path(legacy_files(suffix), convert=True)
    assert to_cells(report) == _reference_cells(corpus_dir)
    assert report.provenance is not None
    assert report.provenance.format is read_as
    assert report.provenance.conversion is not None
    assert report.provenance.conversion.original is original


@needs_soffice
@pytest.mark.slow
def test_two_workers_convert_at_the_same_time(legacy_files: Callable[[str], Path], tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    for suffix in ("doc", "rtf", "xls", "wps"):
        shutil.copyfile(legacy_files(suffix), folder / f"report.{suffix}")
    outcomes = list(parse_many([folder], workers=2, chunksize=1, validate=False, convert=True))
    assert len(outcomes) == 4
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@needs_soffice
@pytest.mark.slow
def test_a_document_cannot_make_the_conversion_fetch_anything(tmp_path: Path) -> None:
    """A picture linked from the web is fetched by LibreOffice as usually set up, not by a conversion."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/picture.png"
        page = tmp_path / "linked.html"
        page.write_text(f'<html><body><p>报告</p><img src="{url}"></body></html>', encoding="utf-8")
        document = _libreoffice(page, "doc:MS Word 97", tmp_path)
        if not _Recorder.requests:
            pytest.skip("this LibreOffice does not fetch linked pictures even when it may")
        _Recorder.requests.clear()
        with Converter().converted(document.read_bytes(), source="linked.doc") as converted:
            assert converted.path.stat().st_size > 0
        assert _Recorder.requests == []
    finally:
        server.shutdown()
        server.server_close()


@posix_only
@pytest.mark.slow
def test_libreoffice_ends_even_when_the_process_converting_is_killed(
    hanging_soffice: tuple[Path, Path],
) -> None:
    """A killed batch worker cannot clean up: the conversion's own bound still ends LibreOffice."""
    soffice, record = hanging_soffice
    code = (
        "from govinfo_report import parse_bytes\n"
        "from govinfo_report.convert import Converter\n"
        f"converter = Converter(soffice={str(soffice)!r}, timeout=3)\n"
        f"parse_bytes({WORD_DOCUMENT!r}, source='r.doc', convert=converter)\n"
    )
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    worker = subprocess.Popen([sys.executable, "-c", code], env=environment)
    for _ in range(1000):
        if record.exists() and len(record.read_text().splitlines()) == 3:
            break
        time.sleep(0.02)
    worker.kill()
    worker.wait()
    script_pid, folder, child_pid = record.read_text().splitlines()
    assert _wait_until_gone([int(script_pid), int(child_pid)]) == []
    shutil.rmtree(folder)  # a killed process cannot remove its temporary folder
