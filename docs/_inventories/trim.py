"""Write the trimmed Python inventory that the documentation build reads offline.

Usage: ``python docs/_inventories/trim.py FULL_OBJECTS_INV`` with the ``objects.inv`` of the
Python 3.11 documentation (Debian's ``python3.11-doc`` installs it as
``/usr/share/doc/python3.11/html/objects.inv``; https://docs.python.org/3.11/objects.inv is the same
file).  It keeps the entries of the built-in names and of the standard-library modules listed in
``MODULES`` and writes ``python-3.11.inv`` beside this script.  Add a module here when the
documentation starts to refer to it.
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

MODULES = frozenset(
    {
        "collections",
        "concurrent",
        "csv",
        "datetime",
        "decimal",
        "enum",
        "glob",
        "io",
        "json",
        "logging",
        "multiprocessing",
        "os",
        "pathlib",
        "signal",
        "subprocess",
        "types",
        "typing",
        "zipfile",
    }
)
"""Top-level modules whose entries are kept, with their submodules (``collections.abc`` …)."""

_HEADER_LINES = 4
_ENTRY = re.compile(
    r"(?P<name>.+?)\s+(?P<type>\S+:\S+)\s+(?P<priority>-?\d+)\s+(?P<uri>\S*)\s+(?P<display>.*)"
)


def _kept(name: str, kind: str) -> bool:
    if not kind.startswith("py:"):
        return False
    top = name.split(".", 1)[0]
    return top in MODULES or (top == name and kind in {"py:class", "py:exception", "py:function", "py:data"})


def main(source: Path, target: Path) -> int:
    """Copy the kept entries of ``source`` into ``target``; return the number kept."""
    raw = source.read_bytes()
    lines = raw.split(b"\n", _HEADER_LINES)
    header, body = lines[:_HEADER_LINES], zlib.decompress(lines[_HEADER_LINES]).decode()
    kept = [
        line for line in body.splitlines() if (m := _ENTRY.fullmatch(line)) and _kept(m["name"], m["type"])
    ]
    target.write_bytes(b"\n".join(header) + b"\n" + zlib.compress(("\n".join(kept) + "\n").encode(), 9))
    return len(kept)


if __name__ == "__main__":
    count = main(Path(sys.argv[1]), Path(__file__).with_name("python-3.11.inv"))
    print(f"kept {count} entries")
