"""The command line's messages on standard error, in the language chosen with ``--lang``.

Each message is one line that starts with ``govinfo-report`` (and the command,
for the command's own usage errors) and names the file once.  Text that comes
from the inputs or from a library message (file names, error details) is
escaped with :func:`~govinfo_report._escape.readable`; it may stay English
where a library message is English, but the words of the line itself are in
the chosen language.
"""

from __future__ import annotations

import errno
import sys
from typing import Literal

import attrs

from govinfo_report._escape import readable
from govinfo_report.errors import GovInfoReportError, ParseError
from govinfo_report.model import Report
from govinfo_report.render import completeness_lines

__all__ = [
    "PROGRAM",
    "Lang",
    "error_lines",
    "interrupted",
    "note",
    "partial_line",
    "report_line",
    "say",
    "tell",
]

Lang = Literal["zh", "en"]
PROGRAM = "govinfo-report"

# What a failure to read a file means, in Chinese, for the common causes; others give the system's text.
_OS_ERRORS_ZH = {
    errno.ENOENT: "文件不存在",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EINVAL: "不是普通文件",
}


def say(lang: Lang, zh: str, en: str) -> str:
    """Return the text of a message in the chosen language."""
    return zh if lang == "zh" else en


def note(line: str) -> None:
    """Print one line of the command line's own on standard error."""
    print(line, file=sys.stderr)


def tell(command: str, lang: Lang, zh: str, en: str) -> None:
    """Print the line ``govinfo-report COMMAND: text`` on standard error, in the chosen language."""
    note(f"{PROGRAM} {command}: {say(lang, zh, en)}" if command else f"{PROGRAM}: {say(lang, zh, en)}")


def error_lines(name: str, exc: BaseException, lang: Lang, *, source: str | None = None) -> list[str]:
    """Return the lines saying that the file ``name`` could not be read or parsed.

    The first line names the file once, says what went wrong in the chosen
    language and gives the library's detail; a snippet of the input, when the
    error has one, follows on an indented line.

    Args:
        name: The file as the user named it.
        exc: The error.
        lang: The language of the line's own words.
        source: The name the library was given for the input (its base name),
            which some error messages repeat before their text: it is dropped there.
    """
    shown = readable(name, lines=False)
    if isinstance(exc, OSError):
        detail = exc.strerror or str(exc)
        if lang == "en":
            return [f"{PROGRAM}: {shown}: {type(exc).__name__}: {readable(detail, lines=False)}"]
        headline = _OS_ERRORS_ZH.get(exc.errno or 0)
        if headline is None:
            return [f"{PROGRAM}: {shown}: 无法读取: {readable(detail, lines=False)}"]
        return [f"{PROGRAM}: {shown}: 无法读取（{headline}）"]
    first, *rest = _detail(exc, source or name)
    if lang == "en":
        head = f"{PROGRAM}: {shown}: {type(exc).__name__}: {readable(first, lines=False)}"
    else:
        headline = exc.headline_zh if isinstance(exc, GovInfoReportError) else type(exc).__name__
        head = f"{PROGRAM}: {shown}: 无法解析（{headline}）: {readable(first, lines=False)}"
    return [head, *(f"    {readable(line.strip(), lines=False)}" for line in rest)]


def _detail(exc: BaseException, source: str) -> list[str]:
    """The error's own text without the name of its input, which the line gives already."""
    if isinstance(exc, ParseError):
        text = exc.message
        if exc.location is not None:
            where = attrs.evolve(exc.location, source=None).describe()
            if where:
                text = f"{text} ({where})"
        lines = [text, exc.snippet] if exc.snippet else [text]
    else:
        lines = str(exc).splitlines() or [type(exc).__name__]
    lines[0] = lines[0].removeprefix(f"{source}: ")
    return lines


def partial_line(name: str, report: Report, lang: Lang) -> str | None:
    """Return the line saying that a report is partial (some table cells not read), or ``None``."""
    if report.completeness.complete:
        return None
    incomplete = "; ".join(
        line
        for line, table in zip(completeness_lines(report), report.completeness.tables, strict=True)
        if not table.complete
    )
    what = say(lang, "报告不完整", "partial report")
    return readable(f"{PROGRAM}: {name}: {what}: {incomplete}", lines=False)


def report_line(name: str, report: Report, seconds: float, lang: Lang) -> str:
    """Return the ``--verbose`` line of a parsed report: its format, template, backends and time."""
    provenance = report.provenance
    kind = provenance.format.value if provenance is not None else "?"
    used = provenance.backends if provenance is not None else ()
    backends = ", ".join(f"{backend} {version}" for backend, version in used)
    template = report.template.value
    text = say(
        lang,
        f"格式 {kind}，模板 {template}，后端 {backends or '无'}，用时 {seconds:.2f} 秒",
        f"format {kind}, template {template}, backends {backends or 'none'}, {seconds:.2f} s",
    )
    return readable(f"{PROGRAM}: {readable(name, lines=False)}: {text}", lines=False)


def interrupted(command: str, lang: Lang) -> str:
    """Return the line for a command stopped by Ctrl-C."""
    return f"{PROGRAM} {command}: " + say(lang, "已中断", "interrupted")
