"""A sample report bundled with the library, for trying it out and for doctests."""

from __future__ import annotations

from importlib.resources import files

__all__ = ["EXAMPLE_NAME", "example_bytes"]

EXAMPLE_NAME = "example-chaoyang-health-2020.txt"
"""File name of the bundled sample: the 2020 report of 北京市朝阳区卫生健康委员会 (2019 template)."""


def example_bytes() -> bytes:
    """Return the bytes of the bundled sample report (plain text)."""
    return files("govinfo_report").joinpath("data", EXAMPLE_NAME).read_bytes()
