"""Table images for the OCR tests: an application table with consistent random values, drawn with Pillow.

The font is a CJK font found on the system (``fc-list :lang=zh``, or a few
usual paths); :func:`cjk_font` returns ``None`` when there is none, and the
tests skip.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from govinfo_report.model import TemplateVersion
from govinfo_report.model.labels import APPLICANT_COLUMNS, REQUEST_GROUPS, request_rows

__all__ = ["TableImage", "cjk_font", "consistent_requests", "draw_requests", "noisy", "seeded"]

_USUAL_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)
_RESULT_ROWS = frozenset({"new_received", "carried_over", "total_processed", "carried_forward"})


def seeded(seed: int) -> random.Random:
    """A generator of reproducible test data."""
    return random.Random(seed)  # noqa: S311 - test data, not secrets


@cache
def cjk_font() -> str | None:
    """Path of a font with Chinese glyphs, or ``None``."""
    fc_list = shutil.which("fc-list")
    if fc_list is not None:
        found = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, check=False
        ).stdout.split()
        for line in sorted(found):
            path = line.rstrip(":")
            if Path(path).is_file():
                return path
    for path in _USUAL_FONTS:
        if Path(path).is_file():
            return path
    return None


def consistent_requests(rng: random.Random, version: TemplateVersion) -> dict[str, int]:
    """Values for every cell of the application table that satisfy all its equations."""
    specs = request_rows(version)
    values: dict[str, int] = {}
    results = [spec.key for spec in specs if spec.key not in _RESULT_ROWS]
    for index, column in enumerate(APPLICANT_COLUMNS[:-1]):
        processed = 0
        for row in results:
            value = rng.choice([0, 0, 0, rng.randint(1, 9), rng.randint(10, 999)])
            values[f"{row}.{column.key}"] = value
            processed += value
        carried_over = rng.randint(0, 40) if index < 3 else 0
        carried_forward = rng.randint(0, carried_over + processed)
        values[f"total_processed.{column.key}"] = processed
        values[f"carried_over.{column.key}"] = carried_over
        values[f"carried_forward.{column.key}"] = carried_forward
        values[f"new_received.{column.key}"] = processed + carried_forward - carried_over
    total = APPLICANT_COLUMNS[-1].key
    for spec in specs:
        values[f"{spec.key}.{total}"] = sum(
            values[f"{spec.key}.{column.key}"] for column in APPLICANT_COLUMNS[:-1]
        )
    return {f"requests.{key}": value for key, value in values.items()}


class TableImage:
    """A ruled table drawn cell by cell; merged cells are drawn without the lines inside them."""

    def __init__(self, widths: list[int], row_height: int, font_size: int) -> None:
        self.widths = widths
        self.row_height = row_height
        font = cjk_font()
        assert font is not None
        self.font = ImageFont.truetype(font, font_size)
        self.cells: list[tuple[int, int, int, int, str]] = []  # row, col, rowspan, colspan, text
        self.rows = 0

    def add(self, row: int, col: int, text: str, *, rowspan: int = 1, colspan: int = 1) -> None:
        self.cells.append((row, col, rowspan, colspan, text))
        self.rows = max(self.rows, row + rowspan)

    def image(self, margin: int = 60) -> Image.Image:
        xs = [margin]
        for width in self.widths:
            xs.append(xs[-1] + width)
        height = margin * 2 + self.rows * self.row_height
        picture = Image.new("L", (xs[-1] + margin, height), 255)
        draw = ImageDraw.Draw(picture)
        for row, col, rowspan, colspan, text in self.cells:
            x0, x1 = xs[col], xs[col + colspan]
            y0 = margin + row * self.row_height
            y1 = y0 + rowspan * self.row_height
            draw.rectangle((x0, y0, x1, y1), outline=0, width=2)
            self._text(draw, text, (x0, y0, x1, y1))
        return picture

    def _text(self, draw: ImageDraw.ImageDraw, text: str, box: tuple[int, int, int, int]) -> None:
        x0, y0, x1, y1 = box
        # Wrap to the cell's width, one character at a time (Chinese has no spaces).
        lines: list[str] = []
        for char in text:
            if lines and draw.textlength(lines[-1] + char, font=self.font) <= x1 - x0 - 12:
                lines[-1] += char
            else:
                lines.append(char)
        size = self.font.size
        top = (y0 + y1) / 2 - len(lines) * size * 1.25 / 2
        for index, line in enumerate(lines):
            width = draw.textlength(line, font=self.font)
            draw.text(((x0 + x1 - width) / 2, top + index * size * 1.25), line, font=self.font, fill=0)


def draw_requests(values: dict[str, int], version: TemplateVersion) -> Image.Image:
    """The application table with ``values``, laid out as the template prints it."""
    table = TableImage([150, 170, 430, *([92] * len(APPLICANT_COLUMNS))], 44, 19)
    table.add(
        0, 0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=2, colspan=3
    )
    table.add(0, 3, "申请人情况", colspan=len(APPLICANT_COLUMNS))
    for index, column in enumerate(APPLICANT_COLUMNS):
        table.add(1, 3 + index, column.label)
    specs = request_rows(version)
    row = 2
    results_start = None
    group_start: dict[str, int] = {}
    group_rows: dict[str, int] = {}
    for spec in specs:
        if spec.key not in _RESULT_ROWS and results_start is None:
            results_start = row
        if spec.group is not None:
            group_start.setdefault(spec.group, row)
            group_rows[spec.group] = group_rows.get(spec.group, 0) + 1
            table.add(row, 2, spec.label)
        elif spec.key in ("new_received", "carried_over", "carried_forward"):
            table.add(row, 0, spec.label, colspan=3)
        else:
            table.add(row, 1, spec.label, colspan=2)
        for index, column in enumerate(APPLICANT_COLUMNS):
            table.add(row, 3 + index, str(values[f"requests.{spec.key}.{column.key}"]))
        row += 1
        if spec.key == "total_processed" and results_start is not None:
            table.add(results_start, 0, "三、本年度办理结果", rowspan=row - results_start)
    for group, start in group_start.items():
        table.add(start, 1, REQUEST_GROUPS[group], rowspan=group_rows[group])
    return table.image()


def noisy(picture: Image.Image, rng: random.Random, *, angle: float) -> bytes:
    """The picture turned by ``angle`` degrees, blurred, speckled and saved as a JPEG."""
    turned = picture.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    blurred = turned.filter(ImageFilter.GaussianBlur(0.6))
    pixels = blurred.load()
    assert pixels is not None
    width, height = blurred.size
    for _ in range(width * height // 400):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((0, 128, 255))
    out = io.BytesIO()
    blurred.save(out, format="JPEG", quality=70)
    return out.getvalue()
