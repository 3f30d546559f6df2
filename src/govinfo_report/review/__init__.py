"""Look, don't read: a review page for one report and a dashboard for many, as self-contained HTML.

:func:`review_html` shows a report's three tables in the template's layout,
every cell coloured by its state with its raw text, value and source location,
the findings linked to the cells they name, the narrative sentences they cite,
and, for PDF and image inputs, the source pages with every cell's box drawn over them.
:func:`dashboard_html` shows a batch run: one row per report, sortable and
filterable, a rules × reports matrix, small charts and series by agency.
:func:`debug_page` draws what the PDF or OCR reader found on a page over its image.
The pages need no network: styles, script and page images are inline, and
everything taken from a report is escaped.

Example:
    >>> from govinfo_report import parse_bytes
    >>> from govinfo_report.examples import example_bytes
    >>> from govinfo_report.review import review_html
    >>> page = review_html(parse_bytes(example_bytes()))
    >>> page.startswith("<!DOCTYPE html>")
    True
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from govinfo_report._pipeline import parse_bytes, parse_path, read_capped
from govinfo_report.batch.outcome import Outcome
from govinfo_report.convert import Converter
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Report
from govinfo_report.review._dashboard import dashboard_page
from govinfo_report.review._debug import debug_page
from govinfo_report.review._page import Lang, review_page
from govinfo_report.validation import Finding, validate

__all__ = ["Lang", "dashboard_html", "debug_page", "review_html", "review_path", "write_dashboard"]


def review_html(
    report: Report,
    /,
    findings: Sequence[Finding] | None = None,
    *,
    data: bytes | None = None,
    previous: Report | None = None,
    lang: Lang = "zh",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
    published: date | None = None,
) -> str:
    """Return the review page of ``report`` as one self-contained HTML document.

    Args:
        report: The parsed report.
        findings: Its findings; validated here (with ``previous``) when ``None``.
        data: The input's bytes, to show a PDF's pages or an image's frames
            under the cell boxes and to quote a text input's lines.
        previous: The same agency's report of the year before, for the cross-year rules.
        lang: ``"zh"`` (default) or ``"en"``.
        select: The rules to run when validating here, as for
            :func:`~govinfo_report.validate`; so are ``ignore``,
            ``extend_select`` and ``published``.
        ignore: Rule IDs or prefixes not to run.
        extend_select: Rule IDs or prefixes to run in addition.
        published: The date the report was published, for the deadline rule.
    """
    if findings is None:
        findings = validate(
            report,
            previous=previous,
            select=select,
            ignore=ignore,
            extend_select=extend_select,
            published=published,
        )
    return review_page(report, findings, data=data, lang=lang)


def review_path(
    path: str | os.PathLike[str],
    /,
    *,
    previous: str | os.PathLike[str] | None = None,
    lang: Lang = "zh",
    limits: Limits = DEFAULT_LIMITS,
    convert: bool | Converter = False,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
    published: date | None = None,
) -> str:
    """Parse and validate the report at ``path`` and return its review page.

    ``convert`` converts legacy inputs (``.doc``, ``.rtf``, ``.xls`` ...) with
    LibreOffice first, as for :func:`~govinfo_report.parse_bytes`; ``select``,
    ``ignore``, ``extend_select`` and ``published`` choose the rules as for
    :func:`~govinfo_report.validate`.

    Raises:
        OSError: A file cannot be read.
        ParseError: A file is not a report the library can read.
    """
    data = read_capped(path, limits)
    report = parse_bytes(
        data, source=Path(path).name, limits=limits, convert=convert, folder=Path(path).parent
    )
    earlier = None
    if previous is not None:
        earlier = parse_path(previous, limits=limits, convert=convert)
    return review_html(
        report,
        data=data,
        previous=earlier,
        lang=lang,
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        published=published,
    )


def dashboard_html(outcomes: Sequence[Outcome], /, *, lang: Lang = "zh") -> str:
    """Return the dashboard of a batch run's ``outcomes`` (without links to review pages)."""
    return dashboard_page(outcomes, lang=lang)


def write_dashboard(
    outcomes: Iterable[Outcome],
    directory: str | os.PathLike[str],
    /,
    *,
    lang: Lang = "zh",
    limits: Limits = DEFAULT_LIMITS,
) -> Path:
    """Write ``index.html`` and a review page per parsed report (``reports/N.html``) into ``directory``.

    A report whose source file still exists is shown with it (a PDF's pages, an image's frames);
    otherwise from the outcome alone.

    Returns:
        The path of ``index.html``.
    """
    folder = Path(directory)
    (folder / "reports").mkdir(parents=True, exist_ok=True)
    done = list(outcomes)
    links: dict[str, str] = {}
    for number, outcome in enumerate(done, start=1):
        if outcome.report is None:
            continue
        try:
            data: bytes | None = read_capped(outcome.source, limits)
        except (OSError, ValueError):
            data = None
        page = review_page(outcome.report, outcome.findings, data=data, lang=lang)
        (folder / "reports" / f"{number}.html").write_text(page, encoding="utf-8")
        links[outcome.source] = f"reports/{number}.html"
    index = folder / "index.html"
    index.write_text(dashboard_page(done, links=links, lang=lang), encoding="utf-8")
    return index
