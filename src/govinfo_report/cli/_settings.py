"""Command-line settings from ``pyproject.toml`` or ``govinfo-report.toml``, as ruff and pytest read theirs.

The settings file is the one named by ``--config``, else the nearest one from
the current folder upward: in each folder a ``govinfo-report.toml`` (settings
at its top level), else a ``pyproject.toml`` with a ``[tool.govinfo-report]``
table (a ``pyproject.toml`` without one is passed over).  The search stops at
the root of the Git repository (the folder holding ``.git``, checked itself)
or of the file system.  Options given on the command line win over settings.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from govinfo_report.model import Report
from govinfo_report.readers import PDF_BACKENDS
from govinfo_report.validation import Finding, validate
from govinfo_report.validation._api import _selected

__all__ = [
    "PYPROJECT",
    "SETTINGS_FILE",
    "Settings",
    "SettingsError",
    "SettingsValidator",
    "add_config_options",
    "apply_settings",
    "batch_validation",
    "find_settings",
    "load_settings",
    "published_date",
]

SETTINGS_FILE = "govinfo-report.toml"
PYPROJECT = "pyproject.toml"
_TABLE = "govinfo-report"
_LANGUAGES = ("zh", "en")
_RULE_KEYS = ("select", "ignore", "extend-select")


class SettingsError(Exception):
    """A settings file that cannot be read, or a key in it that is unknown or has a bad value.

    Args:
        path: The settings file.
        problem: What is wrong.
        key: The key, when one is at fault.
    """

    def __init__(self, path: Path, problem: str, key: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.key = key
        super().__init__(str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.problem, self.key))

    def __str__(self) -> str:
        where = f"{self.path}: [{_section(self.path)}]"
        return f"{where} {self.key}: {self.problem}" if self.key else f"{where}: {self.problem}"


def _section(path: Path) -> str:
    return f"tool.{_TABLE}" if path.name == PYPROJECT else "top level"


@attrs.frozen(kw_only=True)
class Settings:
    """The settings read from one file.

    Attributes:
        path: The file they were read from.
        select: Rule IDs or prefixes to run, or ``None`` for the default rules.
        ignore: Rule IDs or prefixes not to run.
        extend_select: Rule IDs or prefixes to run in addition.
        language: ``"zh"`` or ``"en"``, or ``None`` when not set.
        published: Publication dates (for the deadline rule R-G-01) by file
            name or glob pattern, relative to the settings file's folder, in
            the file's order; the first that matches a report wins.
        timeout: Seconds allowed per file, or ``None`` when not set.
        pdf_backend: The engine that reads PDFs, or ``None`` when not set.
    """

    path: Path
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    language: str | None = None
    published: tuple[tuple[str, date], ...] = ()
    timeout: float | None = None
    pdf_backend: str | None = None

    def published_for(self, path: str | os.PathLike[str]) -> date | None:
        """The publication date the settings give the report at ``path``, if any.

        ``path`` is taken relative to the current folder; a pattern's ``*``
        matches across folders (``reports/*.pdf`` matches ``reports/2023/a.pdf``).
        """
        try:
            relative = Path(path).resolve().relative_to(self.path.parent.resolve()).as_posix()
        except ValueError:  # outside the settings file's folder
            return None
        for pattern, when in self.published:
            if fnmatch.fnmatchcase(relative, pattern):
                return when
        return None


def find_settings(start: Path) -> Path | None:
    """Return the nearest settings file from ``start`` upward, or ``None``."""
    for folder in (start, *start.parents):
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as exc:
        raise SettingsError(path, f"cannot be read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(path, f"not valid TOML: {exc}") from exc


def _has_table(pyproject: Path) -> bool:
    tool = _read_toml(pyproject).get("tool")
    return isinstance(tool, dict) and _TABLE in tool


def _rule_ids(path: Path, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SettingsError(path, 'expected a list of rule IDs, e.g. ["R-T3", "R-G-01"]', key)
    ids = tuple(item.strip() for item in value if item.strip())
    try:
        _selected(ids, None)
    except ValueError as exc:
        raise SettingsError(path, str(exc), key) from exc
    return ids


def _published(path: Path, value: object) -> tuple[tuple[str, date], ...]:
    key = "published"
    if not isinstance(value, dict):
        raise SettingsError(
            path, 'expected a table of file names or patterns to dates, e.g. "a.pdf" = 2024-01-20', key
        )
    dates: list[tuple[str, date]] = []
    for pattern, when in value.items():
        if isinstance(when, str):
            try:
                when = date.fromisoformat(when)  # noqa: PLW2901 - the same value, parsed
            except ValueError:
                raise SettingsError(path, f"{when!r} is not a date YYYY-MM-DD", f"{key}.{pattern}") from None
        if type(when) is not date:
            raise SettingsError(path, f"expected a date YYYY-MM-DD, got {when!r}", f"{key}.{pattern}")
        dates.append((pattern, when))
    return tuple(dates)


def _table(path: Path) -> Mapping[str, Any]:
    data = _read_toml(path)
    if path.name != PYPROJECT:
        return data
    table = data.get("tool", {}).get(_TABLE)
    if not isinstance(table, dict):
        raise SettingsError(path, f"no [tool.{_TABLE}] table")
    return table


def load_settings(path: Path) -> Settings:
    """Read the settings in ``path``: a ``pyproject.toml`` or a file with settings at its top level.

    Raises:
        SettingsError: The file cannot be read, or a key is unknown or has a bad value.
    """
    values: dict[str, Any] = {}
    for key, value in _table(path).items():
        if key in _RULE_KEYS:
            values[key.replace("-", "_")] = _rule_ids(path, key, value)
        elif key == "language":
            if value not in _LANGUAGES:
                raise SettingsError(path, f'expected "zh" or "en", got {value!r}', key)
            values[key] = value
        elif key == "published":
            values[key] = _published(path, value)
        elif key == "timeout":
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise SettingsError(path, f"expected seconds, a number not below 0, got {value!r}", key)
            values[key] = float(value)
        elif key == "pdf-backend":
            if value not in PDF_BACKENDS:
                raise SettingsError(path, f"expected one of {', '.join(PDF_BACKENDS)}, got {value!r}", key)
            values["pdf_backend"] = value
        else:
            known = ", ".join((*_RULE_KEYS, "language", "published", "timeout", "pdf-backend"))
            raise SettingsError(path, f"unknown key (known keys: {known})", key)
    return Settings(path=path, **values)


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--config PATH`` and ``--no-config`` to a command's ``parser``."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help=f"read settings from this {PYPROJECT} or {SETTINGS_FILE} "
        "(default: the nearest one from the current folder up to the repository root)",
    )
    group.add_argument("--no-config", action="store_true", help="read no settings file")


def _command_parser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    for action in parser._actions:  # argparse lists its subcommands nowhere else
        if isinstance(action, argparse._SubParsersAction):
            sub: argparse.ArgumentParser = action.choices[command]
            return sub
    raise LookupError(command)


def _joined(ids: Iterable[str]) -> str:
    return ",".join(ids)


def apply_settings(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None, args: argparse.Namespace
) -> argparse.Namespace:
    """Parse ``argv`` again with the settings as the defaults of the command's options.

    The returned namespace has ``settings`` (a :class:`Settings` or ``None``);
    a command without ``--config`` is returned as it is.

    Raises:
        SettingsError: The settings file cannot be read or holds a bad key.
    """
    if not hasattr(args, "no_config"):
        return args
    path = None if args.no_config else (args.config or find_settings(Path.cwd()))
    if path is None:
        args.settings = None
        return args
    settings = load_settings(path)
    command = _command_parser(parser, args.command)
    dests = {action.dest for action in command._actions}
    defaults: dict[str, object] = {
        "lang": settings.language,
        "timeout": settings.timeout,
        "pdf_backend": settings.pdf_backend,
        "select": None if settings.select is None else _joined(settings.select),
        "ignore": _joined(settings.ignore) or None,
        "extend_select": _joined(settings.extend_select) or None,
    }
    command.set_defaults(
        **{dest: value for dest, value in defaults.items() if dest in dests and value is not None}
    )
    args = parser.parse_args(argv)
    args.settings = settings
    return args


def published_date(args: argparse.Namespace, path: str | os.PathLike[str]) -> date | None:
    """The publication date of the report at ``path``: ``--published``, else from the settings."""
    given: date | None = getattr(args, "published", None)
    if given is not None:
        return given
    settings: Settings | None = getattr(args, "settings", None)
    return None if settings is None else settings.published_for(path)


@attrs.frozen(kw_only=True)
class SettingsValidator:
    """Validate a report of a batch run with the rules and publication dates of the settings (picklable)."""

    settings: Settings

    def __call__(self, report: Report) -> tuple[Finding, ...]:
        """Validate ``report``; its source is its path as the batch run was given it."""
        source = report.provenance.source if report.provenance else None
        return self.validate(
            report, published=None if source is None else self.settings.published_for(source)
        )

    def validate(
        self, report: Report, *, previous: Report | None = None, published: date | None
    ) -> tuple[Finding, ...]:
        """Validate ``report`` with the settings' rules."""
        return validate(
            report,
            previous=previous,
            select=self.settings.select,
            ignore=self.settings.ignore,
            extend_select=self.settings.extend_select,
            published=published,
        )


def batch_validation(args: argparse.Namespace) -> bool | SettingsValidator:
    """What ``batch`` passes the pool as ``validate``: ``--validate``, with the settings' rules and dates."""
    settings: Settings | None = getattr(args, "settings", None)
    if not args.validate or settings is None:
        return bool(args.validate)
    return SettingsValidator(settings=settings)
