"""Pictures of a saved web page: found only inside its folder, bounded, noted when not read.

No OCR runs here: the pictures are refused, or OCR is made to look missing.
The reading of a saved page's table picture by OCR is in ``test_scans.py``.
"""

from __future__ import annotations

import base64
import os
import random
import struct
import sys
import zlib
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import CORPUS_DIR
from tests.docxgen import (
    DOCX_PICTURE,
    Span,
    build_docx,
    document_xml,
    docx_paragraph,
    docx_picture_members,
    docx_table,
)

from govinfo_report import Report, parse_bytes, parse_path
from govinfo_report.batch import parse_many
from govinfo_report.document import Document, TableGrid
from govinfo_report.errors import ExtractionError
from govinfo_report.limits import Limits
from govinfo_report.model import DeviationKind
from govinfo_report.model._completeness import Gap
from govinfo_report.readers import _links
from govinfo_report.readers._links import LinkedFiles, LinkRefused
from govinfo_report.readers.docx import read_docx
from govinfo_report.readers.html import read_html

HTML_REPORT = CORPUS_DIR / "shuyang-county-ndrc-2023.html"


def _png(width: int = 64, height: int = 64, seed: int = 1) -> bytes:
    """A grey PNG of noise: large enough (> 2 KiB) to be taken for a picture of a table."""
    rng = random.Random(seed)  # noqa: S311 - test data
    raw = b"".join(b"\x00" + rng.randbytes(width) for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A saved page's folder (``page/``, with ``page/report_files/t3.png``) beside a secret picture."""
    folder = tmp_path / "page"
    (folder / "report_files").mkdir(parents=True)
    (folder / "report_files" / "t3.png").write_bytes(_png())
    (tmp_path / "secret.png").write_bytes(_png(seed=2))
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the resolver opens."""
    opened: list[Path] = []
    real = _links.read_capped  # type: ignore[attr-defined]

    def spy(path: Path, limits: Limits, **options: object) -> bytes:
        opened.append(Path(path))
        return real(path, limits, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(_links, "read_capped", spy)
    return opened


def test_a_file_beside_the_page_is_read(saved: Path, reads: list[Path]) -> None:
    """Relative paths, URL-encoded or with a backslash or a query, name the file in the page's folder."""
    links = LinkedFiles(saved, Limits())
    expected = (saved / "report_files" / "t3.png").read_bytes()
    for reference in (
        "report_files/t3.png",
        "./report_files/%74%33.png",
        "report_files\\t3.png",
        "report_files/t3.png?v=2",
    ):
        assert links.read(reference) == expected
    assert reads == [(saved / "report_files" / "t3.png").resolve()] * 4


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        ("../secret.png", "outside the page's folder"),
        ("report_files/../../secret.png", "outside the page's folder"),
        ("%2e%2e/secret.png", "outside the page's folder"),
        ("..\\secret.png", "outside the page's folder"),
        ("ABSOLUTE", "an absolute path"),
        ("FILE_URI", r"a URL \(file:\)"),
        ("http://example.com/t3.png", r"a URL \(http:\)"),
        ("HTTPS://example.com/t3.png", r"a URL \(https:\)"),
        ("//example.com/t3.png", "a network path"),
        ("C:\\secret.png", r"a URL \(c:\)"),
        ("report_files/none.png", "no such file"),
        ("", "no file named"),
    ],
)
def test_references_out_of_the_folder_are_refused_unread(
    saved: Path, reads: list[Path], reference: str, reason: str
) -> None:
    """Absolute paths, URLs, network paths and ``..`` out of the folder are refused, nothing opened."""
    secret = saved.parent / "secret.png"
    reference = {"ABSOLUTE": str(secret), "FILE_URI": secret.as_uri()}.get(reference, reference)
    with pytest.raises(LinkRefused, match=reason):
        LinkedFiles(saved, Limits()).read(reference)
    assert reads == []


def test_a_symbolic_link_out_of_the_folder_is_refused_unread(saved: Path, reads: list[Path]) -> None:
    """A link inside the folder that points outside it is followed on paper only: nothing is opened."""
    (saved / "report_files" / "link.png").symlink_to(saved.parent / "secret.png")
    (saved / "report_files" / "dir").symlink_to(saved.parent)
    links = LinkedFiles(saved, Limits())
    for reference in ("report_files/link.png", "report_files/dir/secret.png"):
        with pytest.raises(LinkRefused, match="outside the page's folder"):
            links.read(reference)
    assert reads == []


def test_a_symbolic_link_inside_the_folder_is_followed(saved: Path) -> None:
    """A link to another file of the folder reads that file."""
    (saved / "t3.png").symlink_to(saved / "report_files" / "t3.png")
    assert LinkedFiles(saved, Limits()).read("t3.png") == (saved / "report_files" / "t3.png").read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_anything_but_a_regular_file_is_refused(saved: Path) -> None:
    """A FIFO (or a folder) is refused without waiting for a writer."""
    os.mkfifo(saved / "report_files" / "pipe.png")
    links = LinkedFiles(saved, Limits())
    for reference in ("report_files/pipe.png", "report_files"):
        with pytest.raises(LinkRefused, match="cannot be read"):
            links.read(reference)


def test_a_huge_file_is_refused_by_its_size(saved: Path, reads: list[Path]) -> None:
    """A file over Limits.max_bytes is refused on its size: nothing of it is read."""
    huge = saved / "report_files" / "huge.png"
    with huge.open("wb") as handle:
        handle.truncate(2 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(LinkRefused, match=r"Limits\.max_bytes"):
        LinkedFiles(saved, Limits(max_bytes=1024 * 1024)).read("report_files/huge.png")


def test_pictures_together_are_bounded(saved: Path) -> None:
    """All the page's pictures together are bounded by Limits.max_bytes, their number by max_linked_files."""
    size = len((saved / "report_files" / "t3.png").read_bytes())
    links = LinkedFiles(saved, Limits(max_bytes=2 * size + 10))
    links.read("report_files/t3.png")
    links.read("report_files/t3.png")
    with pytest.raises(LinkRefused, match=r"together \(Limits\.max_bytes\)"):
        links.read("report_files/t3.png")
    assert links.exhausted
    links = LinkedFiles(saved, Limits(max_linked_files=2))
    links.read("report_files/t3.png")
    with pytest.raises(LinkRefused, match="no such file"):
        links.read("report_files/gone.png")
    with pytest.raises(LinkRefused, match=r"Limits\.max_linked_files"):
        links.read("report_files/t3.png")
    assert links.exhausted


def test_data_uris_of_images_are_decoded_without_a_folder() -> None:
    """A base64 ``data:`` image is read even for a page given as bytes; other data URIs are refused."""
    png = _png()
    links = LinkedFiles(None, Limits())
    assert links.read("data:image/png;base64," + base64.b64encode(png).decode()) == png
    assert links.read("DATA:image/png;charset=x;base64,\n" + base64.encodebytes(png).decode()) == png
    for reference, reason in [
        ("data:text/html;base64,PHA+", "not an image"),
        ("data:image/png,%89PNG", "not base64"),
        ("data:image/png;base64,@@@@", "not valid base64"),
        ("data:image/png", "not a valid data: URI"),
        ("report_files/t3.png", "without its folder"),
    ]:
        with pytest.raises(LinkRefused, match=reason):
            links.read(reference)
    with pytest.raises(LinkRefused, match=r"Limits\.max_bytes"):
        LinkedFiles(None, Limits(max_bytes=1000)).read("data:image/png;base64," + "A" * 2000)


def _page(body: str) -> bytes:
    return f"<!DOCTYPE html><html><head></head><body>{body}</body></html>".encode()


def test_refused_pictures_are_listed_as_unread(saved: Path) -> None:
    """Each refused picture is in Document.unread with its reason and place; chrome is not looked at."""
    page = _page(
        '<header><img src="../chrome.png"></header>'
        '<p>一、总体情况</p><img src="../secret.png"><p><img src="http://example.com/t.png"></p>'
        '<table><tr><td><img src="../in-a-cell.png">甲</td><td>乙</td></tr></table>'
    )
    document = read_html(page, source="report.html", folder=saved)
    assert [(unread.what, unread.reason) for unread in document.unread] == [
        ("../secret.png", "outside the page's folder"),
        ("http://example.com/t.png", "a URL (http:), not a file beside the page (nothing is fetched)"),
    ]
    assert [unread.location.xpath for unread in document.unread] == ["/html/body/img", "/html/body/p[2]/img"]


def test_many_pictures_are_noted_once(saved: Path) -> None:
    """Past Limits.max_linked_files no picture is looked up, and one note says so."""
    page = _page('<img src="report_files/none.png">' * 1000)
    document = read_html(page, folder=saved, limits=Limits(max_linked_files=3))
    reasons = [unread.reason for unread in document.unread]
    assert reasons[:3] == ["no such file beside the page"] * 3
    assert len(reasons) == 4
    assert "Limits.max_linked_files" in reasons[3]


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the ocr extra look missing: importing rapidocr raises ImportError."""
    monkeypatch.setitem(sys.modules, "rapidocr", None)


@pytest.mark.usefixtures("no_ocr")
def test_a_page_whose_tables_are_pictures_needs_ocr(saved: Path) -> None:
    """Without OCR, a page whose only tables are pictures fails in one line naming the extra."""
    page = _page('<p>三、收到和处理政府信息公开申请情况</p><p><img src="report_files/t3.png"></p>')
    with pytest.raises(
        ExtractionError, match=r"the page's tables are pictures: .*govinfo-report\[ocr\]"
    ) as caught:
        read_html(page, source="report.html", folder=saved)
    assert caught.value.location is not None
    assert caught.value.location.xpath == "/html/body/p[2]/img"


@pytest.mark.usefixtures("no_ocr")
def test_pictures_beside_text_tables_need_no_ocr(saved: Path) -> None:
    """Without OCR, a page with tables of its own is read, and its pictures are listed as unread."""
    page = _page('<table><tr><td>甲</td><td>1</td></tr></table><img src="report_files/t3.png">')
    document = read_html(page, folder=saved)
    assert len([block for block in document.blocks if isinstance(block, TableGrid)]) == 1
    [unread] = document.unread
    assert unread.what == "report_files/t3.png"
    assert "govinfo-report[ocr]" in unread.reason


@pytest.mark.usefixtures("no_ocr")
def test_icons_and_refused_pictures_need_no_ocr(saved: Path) -> None:
    """Small pictures (icons) and pictures that are not read are no reason to ask for OCR."""
    (saved / "icon.png").write_bytes(_png(8, 8))
    document = read_html(
        _page('<p>正文</p><img src="icon.png"><img src="http://example.com/t.png">'), folder=saved
    )
    assert isinstance(document, Document)
    assert [unread.what for unread in document.unread] == ["http://example.com/t.png"]


def _without_requests_table(picture: str) -> bytes:
    """The corpus page with its application table replaced by a picture."""
    root = etree.fromstring(HTML_REPORT.read_bytes(), etree.HTMLParser())
    table = next(table for table in root.iter("table") if "申请人情况" in "".join(table.itertext()))
    image = etree.Element("img", src=picture)
    image.tail = table.tail
    table.getparent().replace(table, image)  # type: ignore[union-attr]
    return etree.tostring(root, encoding="utf-8", method="html")


def test_a_report_says_its_table_may_be_a_picture_not_read(tmp_path: Path) -> None:
    """A table missing where a picture was not read gets a not_read deviation and a parts_not_read gap."""
    page = tmp_path / "report.html"
    page.write_bytes(_without_requests_table("../t3.png"))
    report = parse_path(page)
    found = [d.found for d in report.deviations if d.kind is DeviationKind.NOT_READ]
    assert "../t3.png: outside the page's folder" in found
    assert "/shuyang/xhtml/images/logo.png: an absolute path, not a file beside the page" in found
    assert Gap.PARTS_NOT_READ in report.completeness.requests.gaps
    assert Gap.PARTS_NOT_READ not in report.completeness.proactive.gaps  # read in full


def test_a_complete_report_is_not_marked(tmp_path: Path) -> None:
    """A picture not read is no concern when every table was read (the corpus page has two logos)."""
    report = parse_bytes(HTML_REPORT.read_bytes(), source="report.html")
    assert report.completeness.requests.complete
    assert not [d for d in report.deviations if d.kind is DeviationKind.NOT_READ]


def test_parse_bytes_reads_no_folder(saved: Path) -> None:
    """Given bytes, the reader looks in no folder: the picture is noted, not read."""
    (saved / "report.html").write_bytes(_without_requests_table("report_files/t3.png"))
    report = parse_bytes((saved / "report.html").read_bytes(), source="report.html")
    found = [d.found for d in report.deviations if d.kind is DeviationKind.NOT_READ]
    assert "report_files/t3.png: the page was given as bytes, without its folder" in found


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_runs_look_in_each_file_folder(tmp_path: Path, workers: int) -> None:
    """parse_many gives a file's folder to the parser, and a parse function without ``folder`` still works."""
    page = tmp_path / "report.html"
    page.write_bytes(_without_requests_table("../t3.png"))
    [outcome] = parse_many([page], workers=workers, validate=False)
    assert outcome.report is not None
    assert "../t3.png: outside the page's folder" in [d.found for d in outcome.report.deviations]
    [outcome] = parse_many([page], workers=workers, validate=False, parse=_parse_without_folder)
    assert outcome.report is not None
    assert "../t3.png: the page was given as bytes, without its folder" in [
        d.found for d in outcome.report.deviations
    ]


def _parse_without_folder(data: bytes, /, *, source: str, limits: Limits) -> Report:
    return parse_bytes(data, source=source, limits=limits)


@pytest.mark.usefixtures("no_ocr")
def test_a_docx_whose_tables_are_pictures_needs_ocr() -> None:
    """Without OCR, a DOCX whose only table is a picture fails in one line naming the extra."""
    body = docx_paragraph("三、收到和处理政府信息公开申请情况") + DOCX_PICTURE
    data = build_docx(document_xml(body), extra=docx_picture_members(_png()))
    with pytest.raises(ExtractionError, match=r"the document's tables are pictures: .*govinfo-report\[ocr\]"):
        read_docx(data, source="report.docx")


@pytest.mark.usefixtures("no_ocr")
def test_a_docx_picture_beside_tables_is_listed_unread() -> None:
    """Without OCR, a DOCX with tables of its own is read, its picture listed as unread where it stands."""
    body = docx_table([Span(0, 0, 1, 1, "甲"), Span(0, 1, 1, 1, "1")], 1, 2) + DOCX_PICTURE
    document = read_docx(build_docx(document_xml(body), extra=docx_picture_members(_png())), source="r.docx")
    [unread] = document.unread
    assert unread.what == "word/media/image1.png"
    assert "govinfo-report[ocr]" in unread.reason
    assert unread.location.xpath is not None
    icons = build_docx(document_xml(body), extra=docx_picture_members(_png(8, 8)))
    assert read_docx(icons).unread == ()  # an icon is no table
