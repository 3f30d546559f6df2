"""Legacy office files (``.doc``, ``.wps``, ``.rtf``, ``.xls``, ``.et``) converted by LibreOffice.

No reader understands these formats.  Where LibreOffice is installed, a
:class:`Converter` turns such an input into one that a reader does: a text
document (``.doc``, ``.wps``, ``.rtf``) into DOCX, a workbook (``.xls``,
``.et``) into HTML, since the library has no workbook reader and LibreOffice
writes each sheet as an HTML table.  Pass ``convert=True`` (or a
:class:`Converter`) to :func:`~govinfo_report.parse_bytes` and the other parse
functions, or ``--convert`` on the command line; the report's
:attr:`Provenance.conversion <govinfo_report.Provenance.conversion>` records
the conversion.

Each conversion runs ``soffice --headless --convert-to`` in a directory and a
LibreOffice profile of its own, both temporary, so that conversions run side
by side (batch workers) and leave nothing behind.  LibreOffice runs with its
standard input closed, macros disabled, links to untrusted places blocked and
its proxy pointed at a closed local port, so that a document cannot make it
fetch anything.  It runs in a process group of its own, killed as a whole when
the conversion ends, fails or takes longer than :attr:`Converter.timeout`
(or the parse's ``Limits.timeout``), so that no ``soffice.bin`` outlives it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, Final

import attrs

from govinfo_report._deadline import check_deadline
from govinfo_report.document import Format, LegacyFormat
from govinfo_report.errors import ConversionError, LimitExceededError, SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Conversion
from govinfo_report.readers._detect import INSTALL_LIBREOFFICE, LEGACY_KINDS, LEGACY_SUFFIXES, detect_legacy

__all__ = ["INSTALL_LIBREOFFICE", "LEGACY_SUFFIXES", "Converted", "Converter"]

CONVERTER_NAME: Final = "LibreOffice"

# Where LibreOffice installs its program when it is not on PATH.
_KNOWN_PLACES: Final = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
_PROGRAM_NAMES: Final = ("soffice", "libreoffice")

# The export filter for each kind of input, with the suffix it writes and the format read then.
_WORD_TARGET: Final = ("docx", "MS Word 2007 XML", Format.DOCX)
_SHEET_TARGET: Final = ("html", "HTML (StarCalc)", Format.HTML)

# Settings of the private profile: no macros, no links to untrusted places, every connection to a
# closed local port (the discard port, nothing listens there).
_SETTINGS: Final = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{items}
</oor:items>
"""
_SETTING: Final = (
    '<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
)
_PROFILE_SETTINGS: Final = (
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", "2"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
)
_CLOSED_PROXY: Final = "http://127.0.0.1:9"
_PROXY_VARIABLES: Final = ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy")

_POLL_SECONDS: Final = 0.02
# The coreutils `timeout` around LibreOffice outlives this process: if it is killed (a batch
# worker stopped), LibreOffice still ends this many seconds after the conversion's own bound.
_WRAPPER_GRACE_SECONDS: Final = 2
_VERSION_SECONDS: Final = 30.0
_LOG_BYTES: Final = 8192
_MESSAGE_CHARS: Final = 300
_VERSION = re.compile(r"LibreOffice\S*\s+(\d+(?:\.\d+)+)")
_NOISE = re.compile(r"^Warning: failed to launch javaldx")


def _positive_seconds(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
        raise ValueError(
            f"Converter.{attribute.name} must be a finite number of seconds above 0, not {value!r}"
        )


def _program_path(value: str | os.PathLike[str] | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"Converter.soffice must be a path or None, not {type(value).__name__}")
    return os.fspath(value)


@attrs.frozen(kw_only=True)
class Converted:
    """A legacy input converted to a format the readers understand.

    Attributes:
        path: The converted file, inside a temporary folder that is removed on
            leaving :meth:`Converter.converted`.
        format: Its format: DOCX for text documents, HTML for workbooks.
        conversion: The record for the report's provenance.
    """

    path: Path
    format: Format
    conversion: Conversion


@attrs.frozen(kw_only=True)
class Converter:
    """Converts legacy office files with LibreOffice (``soffice``) before they are read.

    A converter is a picklable value: pass it as ``convert=`` to the parse
    functions and to :func:`~govinfo_report.batch.parse_many`.

    Attributes:
        soffice: The LibreOffice program to run; ``None`` (the default) looks for
            ``soffice`` (then ``libreoffice``) on ``PATH``, then in the usual
            install folders of macOS and Windows.
        timeout: Seconds one conversion may take before LibreOffice is stopped
            (the parse's ``Limits.timeout`` bounds it too).

    Example:
        >>> from govinfo_report.convert import Converter
        >>> Converter(soffice="/opt/libreoffice/program/soffice", timeout=30).timeout
        30

    .. versionadded:: 0.2
    """

    soffice: str | None = attrs.field(default=None, converter=_program_path)
    timeout: float = attrs.field(default=60.0, validator=_positive_seconds)

    def program(self, *, source: str | None = None) -> str:
        """Return the path of the LibreOffice program this converter runs.

        Args:
            source: Name of the input, for the error's location.

        Raises:
            ConversionError: LibreOffice is not installed, or not at ``soffice``.
        """
        location = SourceLocation(source=source)
        if self.soffice is not None:
            found = shutil.which(self.soffice)
            if found is None:
                raise ConversionError(
                    f"LibreOffice was not found at {self.soffice!r} (not an executable file); "
                    f"give the path of its `soffice` program, or install it: `{INSTALL_LIBREOFFICE}`",
                    location=location,
                )
            return found
        for name in _PROGRAM_NAMES:
            found = shutil.which(name)
            if found is not None:
                return found
        for place in _KNOWN_PLACES:
            if os.access(place, os.X_OK):
                return place
        raise ConversionError(
            "converting a legacy file needs LibreOffice, and `soffice` is not on PATH; "
            f"install it (`{INSTALL_LIBREOFFICE}`) or give its path (--soffice PATH, Converter(soffice=...))",
            location=location,
        )

    @contextlib.contextmanager
    def converted(
        self,
        data: bytes,
        /,
        *,
        legacy: LegacyFormat | None = None,
        source: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> Iterator[Converted]:
        """Convert ``data`` and yield the converted file, removed with its folder on leaving the block.

        Args:
            data: The contents of a legacy file.
            legacy: Its format; detected from the bytes and ``source`` when ``None``.
            source: Name of the input, used to tell its format and in errors.
            limits: ``max_bytes`` bounds the input.  The converted file is not
                bounded here: read it with a bound (the parse functions read at
                most ``limits.max_bytes`` of it).

        Raises:
            ConversionError: LibreOffice is missing, fails on the input or takes
                longer than ``timeout``; or the input is no legacy format.
            LimitExceededError: The input is larger than ``limits.max_bytes``.
        """
        location = SourceLocation(source=source)
        if len(data) > limits.max_bytes:
            raise LimitExceededError(
                f"input is {len(data)} bytes, more than the {limits.max_bytes} allowed (Limits.max_bytes)",
                location=location,
            )
        kind = legacy if legacy is not None else detect_legacy(data, name=source)
        if kind is None:
            raise ConversionError("input is not in a legacy format to convert", location=location)
        program = self.program(source=source)
        suffix, export_filter, format = _SHEET_TARGET if kind.spreadsheet else _WORD_TARGET
        what = f"the {LEGACY_KINDS[kind]} (.{kind.value}) to {suffix.upper()}"
        with tempfile.TemporaryDirectory(prefix="govinfo-report-convert-") as folder:
            work = Path(folder)
            profile = _make_profile(work)
            (work / "in").mkdir()
            (work / "out").mkdir()
            original = work / "in" / f"input.{kind.value}"
            original.write_bytes(data)
            command = [
                program,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                f"{suffix}:{export_filter}",
                "--outdir",
                str(work / "out"),
                str(original),
            ]
            try:
                ran = _run(command, work=work, seconds=self.timeout)
            except OSError as exc:
                raise ConversionError(
                    f"LibreOffice ({program}) could not be started to convert {what}: {exc.strerror or exc}",
                    location=location,
                ) from exc
            if ran is None:
                raise ConversionError(
                    f"LibreOffice took longer than {self.timeout:g} s to convert {what} "
                    "(Converter.timeout); it was stopped",
                    location=location,
                )
            status, log = ran
            result = work / "out" / f"input.{suffix}"
            if status != 0 or not result.is_file():
                said = _last_words(log)
                raise ConversionError(
                    f"LibreOffice could not convert {what} (exit status {status})"
                    + (f": {said}" if said else ""),
                    location=location,
                )
            yield Converted(
                path=result,
                format=format,
                conversion=Conversion(
                    original=kind, converter=CONVERTER_NAME, converter_version=_program_version(program)
                ),
            )


def _make_profile(work: Path) -> Path:
    """Create the private LibreOffice profile under ``work`` with the settings that keep it offline."""
    profile = work / "profile"
    (profile / "user").mkdir(parents=True)
    items = "\n".join(
        _SETTING.format(path=path, name=name, value=value) for path, name, value in _PROFILE_SETTINGS
    )
    (profile / "user" / "registrymodifications.xcu").write_text(
        _SETTINGS.format(items=items), encoding="utf-8"
    )
    return profile


def _environment(work: Path) -> dict[str, str]:
    """LibreOffice's environment: its home and temporary files in ``work``, proxies closed."""
    environment = dict(os.environ)
    environment.update(HOME=str(work), TMPDIR=str(work), TMP=str(work), TEMP=str(work))
    for name in _PROXY_VARIABLES:
        environment.pop(name.upper(), None)
        environment[name] = _CLOSED_PROXY
    environment["no_proxy"] = ""
    return environment


def _wrapped(command: list[str], seconds: float) -> list[str]:
    """``command`` under coreutils' ``timeout``, where there is one, as a bound that outlives this process."""
    wrapper = shutil.which("timeout") if sys.platform.startswith("linux") else None
    if wrapper is None:
        return command
    bound = f"{seconds + _WRAPPER_GRACE_SECONDS:g}"
    return [wrapper, "-k", str(_WRAPPER_GRACE_SECONDS), bound, *command]


def _run(command: list[str], *, work: Path, seconds: float) -> tuple[int, bytes] | None:
    """Run ``command`` in ``work``, in a process group of its own, for at most ``seconds``.

    Returns:
        Its exit status and the start of its output; ``None`` if it was stopped
        for taking too long.

    Raises:
        OSError: It could not be started.
    """
    log_path = work / "soffice.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 - the program is LibreOffice, the arguments ours
            _wrapped(command, seconds),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=work,
            env=_environment(work),
            start_new_session=True,
        )
    try:
        finished = _wait(process, seconds)
    finally:
        _stop(process)
    if not finished:
        return None
    with open(log_path, "rb") as log:
        return process.returncode, log.read(_LOG_BYTES)


def _wait(process: subprocess.Popen[bytes], seconds: float) -> bool:
    """Wait until ``process`` exits, without reaping it; ``False`` if ``seconds`` passed first.

    The process stays a zombie until :func:`_stop` reaps it, so that its process
    group cannot be taken by another process before it is killed.
    """
    due = time.monotonic() + seconds
    while not _exited(process):
        if time.monotonic() >= due:
            return False
        check_deadline()
        time.sleep(_POLL_SECONDS)
    return True


def _exited(process: subprocess.Popen[bytes]) -> bool:
    if hasattr(os, "waitid"):
        return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    return process.poll() is not None  # pragma: no cover - platforms without waitid


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the process group of ``process`` (LibreOffice starts ``soffice.bin`` in it) and reap it."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    else:  # pragma: no cover - Windows
        with contextlib.suppress(OSError):
            process.kill()
    process.wait()


def _last_words(log: bytes) -> str:
    """The last line LibreOffice wrote that says something, shortened, without control characters."""
    lines = [
        line.strip()
        for line in log.decode("utf-8", "replace").splitlines()
        if line.strip() and not _NOISE.match(line.strip())
    ]
    if not lines:
        return ""
    text = "".join(char if char.isprintable() else " " for char in lines[-1])
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 1] + "…"


@cache
def _program_version(program: str) -> str:
    """The version LibreOffice at ``program`` states (``7.4.7.2``), or ``"unknown"``."""
    with tempfile.TemporaryDirectory(prefix="govinfo-report-convert-") as folder:
        try:
            ran = _run([program, "--version"], work=Path(folder), seconds=_VERSION_SECONDS)
        except OSError:
            return "unknown"
    match = _VERSION.search(ran[1].decode("utf-8", "replace")) if ran is not None else None
    return match.group(1) if match else "unknown"
