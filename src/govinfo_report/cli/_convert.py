"""The command-line options that convert legacy files (.doc, .wps, .rtf, .xls, .et) with LibreOffice."""

from __future__ import annotations

import argparse

from govinfo_report.convert import Converter

__all__ = ["add_convert_options", "converter_option"]


def add_convert_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--convert`` and ``--soffice PATH`` to a command's ``parser``."""
    parser.add_argument(
        "--convert",
        action="store_true",
        help="convert legacy .doc, .wps, .rtf, .xls and .et files with LibreOffice before reading them "
        "(needs soffice on PATH, or --soffice)",
    )
    parser.add_argument(
        "--soffice",
        metavar="PATH",
        help="the LibreOffice program to convert with (implies --convert; default: soffice on PATH)",
    )


def converter_option(args: argparse.Namespace) -> bool | Converter:
    """The ``convert=`` argument of the parse functions that ``--convert``/``--soffice`` ask for."""
    if args.soffice is not None:
        return Converter(soffice=args.soffice)
    return bool(args.convert)
