"""The two PDF backends read the same cells and paragraphs; the choice is an option kept in the provenance."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import zlib
from importlib import import_module
from pathlib import Path

import pytest
from tests.hostile.pdfraw import flate_stream, page_objects, pdf_file
from tests.hostile.pdfraw import stream as pdf_stream
from tests.readers.pdfgen import Cell, PageBuilder, build_pdf, draw_table, dump

from govinfo_report import parse_bytes
from govinfo_report.cli import main
from govinfo_report.document import Document, Paragraph, TableGrid
from govinfo_report.errors import LimitExceededError
from govinfo_report.limits import Limits
from govinfo_report.readers import PDF_BACKENDS, PdfBackend, read_document
from govinfo_report.readers.pdf import read_pdf
from govinfo_report.readers.pdf._assemble import text_pictures

CORPUS = Path(__file__).parent.parent / "data" / "corpus"
SHARED_CORPUS = Path(__file__).parents[3] / "shared" / "corpus"


def _cells(document: Document) -> list[list[list[tuple[str, bool]]]]:
    return [
        [[(cell.text, cell.spanned) for cell in row] for row in block.rows]
        for block in document.blocks
        if isinstance(block, TableGrid)
    ]


def _paragraphs(document: Document) -> list[str]:
    return ["".join(block.text.split()) for block in document.blocks if isinstance(block, Paragraph)]


def _assert_same(data: bytes) -> Document:
    """Both backends give identical cells and the same paragraph text; return PDFium's document."""
    reference = read_pdf(data, backend="pdfminer")
    fast = read_pdf(data, backend="pdfium")
    assert reference.backend == "pdfminer.six"
    assert _cells(fast) == _cells(reference), dump(fast) + "\n----\n" + dump(reference)
    assert _paragraphs(fast) == _paragraphs(reference), dump(fast) + "\n----\n" + dump(reference)
    assert fast.title == reference.title
    return fast


def _text_layer_pdfs() -> list[Path]:
    paths = sorted(CORPUS.glob("*.pdf"))
    known = {path.name for path in paths}
    shared = sorted(SHARED_CORPUS.glob("*.pdf")) if SHARED_CORPUS.is_dir() else []
    return paths + [path for path in shared if "-scan" not in path.stem and path.name not in known]


@pytest.mark.parametrize("path", _text_layer_pdfs(), ids=lambda path: path.name)
def test_corpus_pdfs_read_the_same_with_both_backends(path: Path) -> None:
    """Every text-layer corpus PDF gives identical cells and paragraphs, PDFium reading it itself."""
    assert _assert_same(path.read_bytes()).backend == "pypdfium2"


def _browser() -> str | None:
    return next(
        (
            found
            for name in ("chromium", "chromium-browser", "google-chrome")
            if (found := shutil.which(name))
        ),
        None,
    )


@pytest.mark.skipif(_browser() is None, reason="no Chromium to print the HTML report with")
def test_corpus_html_printed_by_a_browser_reads_the_same(tmp_path: Path) -> None:
    """The corpus HTML report printed to PDF by Chromium (Skia's PDF, subset fonts) gives the same cells."""
    printed = tmp_path / "printed.pdf"
    page = (CORPUS / "shuyang-county-ndrc-2023.html").resolve().as_uri()
    browser = _browser()
    assert browser is not None
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={printed}",
            page,
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    document = _assert_same(printed.read_bytes())
    assert document.backend == "pypdfium2"
    assert _cells(document)


def _table_pages(*, rotate: int = 0, footer_in_table: bool = False) -> list[PageBuilder]:
    one, two = PageBuilder(rotate=rotate), PageBuilder(rotate=rotate)
    one.text(72, 760, "一、总体情况", size=16)
    one.text(96, 736, "本年度政府信息公开工作进展顺利，现将有关情况报告如下。", size=12)
    label = ["三", "、", "本", "年", "度", "办", "理", "结", "果"]
    cells = [Cell(0, 0, ["项目"]), Cell(0, 1, ["甲"]), Cell(0, 2, ["乙"]), Cell(1, 0, label, rowspan=5)]
    for row in range(1, 6):
        cells += [Cell(row, 1, [f"（{row}）情形"]), Cell(row, 2, [str(row * 7)])]
    draw_table(one, (72, 250), [40, 160, 60], [22] + [30] * 5, cells)
    if footer_in_table:
        one.text(290, 40, "- 1 -", size=9)
    rows = [Cell(row, 0, [f"第{row + 6}行"]) for row in range(3)]
    rows += [Cell(row, col, [str(row * 10 + col)]) for row in range(3) for col in (1, 2)]
    draw_table(two, (72, 800), [40, 160, 60], [22] * 3, rows)
    two.text(72, 700, "二、其他需要报告的事项", size=16)
    two.text(290, 40, "- 2 -", size=9)
    return [one, two]


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
@pytest.mark.parametrize("footer_in_table", [False, True], ids=["no-footer", "footer"])
def test_generated_tables_read_the_same_with_both_backends(rotate: int, footer_in_table: bool) -> None:
    """Tables across pages, vertical labels, footers and rotated pages, in a Type 3 font: same cells."""
    document = _assert_same(
        build_pdf(_table_pages(rotate=rotate, footer_in_table=footer_in_table), type3=True)
    )
    assert document.backend == "pypdfium2"
    rows = [len(grid) for grid in _cells(document)]
    # Upright, the table goes on across the page break; turned, its rulings still make grids.
    assert rows == [9] if rotate == 0 else rows


def test_vertical_label_and_type3_font_give_the_expected_grid() -> None:
    """A Type 3 font's glyphs are read by PDFium; the vertical label is one merged cell."""
    document = _assert_same(build_pdf(_table_pages(), type3=True))
    first = _cells(document)[0]
    assert first[1][0] == ("三、本年度办理结果", False)
    assert first[2][0] == ("三、本年度办理结果", True)
    assert [row[2][0] for row in first] == ["乙", "7", "14", "21", "28", "35", "2", "12", "22"]


def test_text_pdfium_would_leave_out_is_read_by_pdfminer() -> None:
    """A glyph without outline (a font neither embedded nor substituted) sends the file to pdfminer."""
    page = PageBuilder()
    page.text(72, 700, "甲")  # one glyph of the CID font without a program: no outline, no width
    page.text(72, 680, "政府信息公开")
    document = read_pdf(build_pdf([page]))
    assert document.backend == "pdfminer.six"
    assert _paragraphs(document) == ["甲", "政府信息公开"]


def test_nested_forms_are_read_by_pdfminer() -> None:
    """A form that draws another XObject is left to pdfminer, whose interpreter is bounded per drawing."""
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X0 6 0 R >> >>"
    objects = page_objects(
        b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET /X0 Do", resources=b"/XObject << /X0 6 0 R >>"
    )
    objects.append(pdf_stream(b"/X0 Do", form))
    document = read_pdf(pdf_file(objects))
    assert document.backend == "pdfminer.six"
    assert _paragraphs(document) == ["Hello"]


def test_backend_is_recorded_in_the_provenance() -> None:
    """The report names the distribution that read the PDF and its version."""
    data = (CORPUS / "huaian-city-gov-2024.pdf").read_bytes()
    for backend, distribution in zip(PDF_BACKENDS, ("pypdfium2", "pdfminer.six"), strict=True):
        provenance = parse_bytes(data, pdf_backend=backend).provenance
        assert provenance is not None
        assert [name for name, _ in provenance.backends] == [distribution]
        assert provenance.backends[0][1] != "unknown"
    default = parse_bytes(data).provenance
    assert default is not None
    assert default.backends[0][0] == "pypdfium2"


def test_unknown_backend_is_refused() -> None:
    """A backend name that does not exist is a ValueError naming the choices."""
    with pytest.raises(ValueError, match="pdfium"):
        read_document(b"%PDF-1.4", pdf_backend="mupdf")  # type: ignore[arg-type]


def test_cli_takes_the_backend(capsys: pytest.CaptureFixture[str]) -> None:
    """``--pdf-backend`` chooses the engine; the cells are the same."""
    path = str(CORPUS / "huaian-hongze-district-gov-2023.pdf")
    outputs = []
    for backend in PDF_BACKENDS:
        assert main(["parse", "--to", "cells", "--pdf-backend", backend, path]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert main(["parse", "--pdf-backend", "mupdf", path]) == 2


def test_without_pypdfium2_pdfminer_reads() -> None:
    """Where pypdfium2 cannot be imported, the default is pdfminer.six and asking for PDFium fails clearly."""
    script = textwrap.dedent(
        f"""
        import sys
        sys.modules["pypdfium2"] = None
        from govinfo_report.readers.pdf import read_pdf, resolve_backend
        data = open({str(CORPUS / "huaian-city-gov-2024.pdf")!r}, "rb").read()
        print(resolve_backend(), read_pdf(data).backend)
        try:
            resolve_backend("pdfium")
        except ImportError as error:
            print("ImportError", error)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0] == "pdfminer pdfminer.six"
    assert lines[1].startswith("ImportError")
    assert "pypdfium2" in lines[1]


_TEXT = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"


def _with_stream(body: bytes) -> bytes:
    """A one-page PDF with ``body`` as an extra stream object (6), referenced by nothing."""
    objects = page_objects(_TEXT)
    objects.append(body)
    return pdf_file(objects)


def test_pdfium_prescan_counts_what_flate_streams_inflate_to() -> None:
    """The FlateDecode streams count against max_decoded_bytes before PDFium sees the file."""
    data = _with_stream(flate_stream(zlib.compress(b"\0" * 2_000_000, 9)))
    with pytest.raises(LimitExceededError, match=r"Limits\.max_decoded_bytes"):
        read_pdf(data, backend="pdfium", limits=Limits(max_decoded_bytes=1_000_000))
    assert read_pdf(data, backend="pdfium", limits=Limits(max_decoded_bytes=3_000_000)).backend == "pypdfium2"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            b"<< /Filter [/FlateDecode /FlateDecode] /Length 1 >>\nstream\nx\nendstream", id="chain"
        ),
        pytest.param(b"<< /Filter /RunLengthDecode /Length 1 >>\nstream\nx\nendstream", id="run-length"),
        pytest.param(b"<< /Filter 7 0 R /Length 1 >>\nstream\nx\nendstream", id="indirect"),
        pytest.param(b"<< /Filter /RunLength#44ecode /Length 1 >>\nstream\nx\nendstream", id="escaped-name"),
        pytest.param(
            b"<< /Filter /RunLengthDecode /Pad [" + b"0 " * 3000 + b"] /Length 1 >>\nstream\nx\nendstream",
            id="long-dictionary",
        ),
        pytest.param(
            b"<< /Filter /RunLengthDecode /T (2 0 obj) /Length 1 >>\nstream\nx\nendstream", id="string"
        ),
    ],
)
def test_pdfium_prescan_leaves_unbounded_filters_to_pdfminer(body: bytes) -> None:
    """Streams PDFium would decode without a bound, or whose dictionary cannot be checked, go to pdfminer."""
    document = read_pdf(_with_stream(body), backend="pdfium")
    assert document.backend == "pdfminer.six"
    assert _paragraphs(document) == ["Hello"]


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_both_backends_give_the_same_image_boxes(rotate: int) -> None:
    """The boxes of the images a page draws, which decide what OCR reads, do not depend on the backend."""
    page = PageBuilder(rotate=rotate)
    page.text(72, 760, "三、收到和处理政府信息公开申请情况")
    page.image(40, 120, 500, 400)  # a picture of text: a large image, no text over it
    page.image(500, 780, 30, 30)  # a logo: too small to be read
    data = build_pdf([page])
    found = {}
    for backend in PDF_BACKENDS:
        module = import_module(f"govinfo_report.readers.pdf._{backend}")
        content = module.extract(data, "images.pdf", Limits()).pages[0]
        found[backend] = (
            [tuple(round(value, 1) for value in box) for box in content.images],
            [tuple(round(value, 1) for value in box) for box in text_pictures(content)],
        )
    assert found["pdfium"] == found["pdfminer"]
    images, pictures = found["pdfium"]
    assert len(images) == 2
    assert len(pictures) == 1
    x0, y0, x1, y1 = pictures[0]
    assert round((x1 - x0) * (y1 - y0)) == 500 * 400


@pytest.mark.parametrize("backend", PDF_BACKENDS)
def test_pictures_among_text_are_left_out_without_ocr(
    backend: PdfBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the ocr extra a picture among text is skipped and the text is read, with either backend."""
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import rapidocr now raises ImportError
    page = PageBuilder()
    page.text(72, 760, "三、收到和处理政府信息公开申请情况")
    page.image(40, 120, 500, 400)
    document = read_pdf(build_pdf([page]), backend=backend)
    assert not document.recognised
    assert [block.text for block in document.blocks if isinstance(block, Paragraph)] == [
        "三、收到和处理政府信息公开申请情况"
    ]
