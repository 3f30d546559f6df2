"""Write the encrypted PDF fixtures under ``tests/data/pdf/`` (needs ``qpdf``).

The tests read the committed output, so running them needs no qpdf.  Rerun
after changing the sample document::

    apt-get install -y qpdf
    PYTHONPATH=src python -m tests.readers.make_pdf_fixtures

``pdfgen`` can encrypt with RC4 only; these fixtures cover the AES handlers
that current office software uses when a file is merely protected against
editing (an owner password, an empty user password).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.readers.pdfgen import Cell, PageBuilder, build_pdf, draw_table

OUT = Path(__file__).resolve().parent.parent / "data" / "pdf"

# name → qpdf --encrypt arguments (user password, owner password, key length)
FIXTURES = {
    "aes128-owner-only.pdf": ["", "owner", "128", "--use-aes=y"],
    "aes256-owner-only.pdf": ["", "owner", "256"],
    "aes256-user-password.pdf": ["secret", "owner", "256"],
}


def sample() -> bytes:
    page = PageBuilder()
    page.text(72, 760, "加密文件的正文。", size=12)
    draw_table(
        page,
        (72, 700),
        [120, 60],
        [22, 22],
        [Cell(0, 0, ["项目"]), Cell(0, 1, ["数量"]), Cell(1, 0, ["加密表格"]), Cell(1, 1, ["42"])],
    )
    return build_pdf([page])


def main() -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        raise SystemExit("qpdf is not installed (apt-get install -y qpdf)")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.pdf"
        plain.write_bytes(sample())
        for name, (user, owner, bits, *options) in FIXTURES.items():
            command = [
                qpdf,
                "--static-id",
                "--static-aes-iv",
                "--encrypt",
                user,
                owner,
                bits,
                *options,
                "--",
                str(plain),
                str(OUT / name),
            ]
            subprocess.run(command, check=True)
            print("wrote", OUT / name)


if __name__ == "__main__":
    main()
