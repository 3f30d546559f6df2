"""The ``dask`` command: parse many reports on a Dask cluster into a Parquet dataset."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

import attrs

from govinfo_report.cli._convert import add_convert_options, converter_option
from govinfo_report.cli._messages import Lang, note, say, tell
from govinfo_report.cli._options import (
    add_lang_option,
    add_pdf_backend_option,
    add_timeout_option,
    add_validate_option,
    add_verbosity_options,
    positive_int,
)
from govinfo_report.limits import DEFAULT_LIMITS

__all__ = ["add_dask_parser", "run_dask"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
_LOCAL_SCHEDULERS = ("processes", "threads", "synchronous")


def add_dask_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``dask`` command to ``subparsers`` (from :meth:`argparse.ArgumentParser.add_subparsers`)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "dask",
        help="parse many reports with Dask into a Parquet dataset (needs govinfo-report[dask])",
        description=(
            "Parse and validate every report under the given paths, folders, glob patterns or fsspec URLs "
            "on a Dask scheduler, and write or update a Parquet dataset: only new or changed inputs are "
            "parsed when the dataset exists. Exit status: 0 every input parsed, 1 some input failed, "
            "2 usage error or the run itself failed."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files, folders, globs or URLs")
    parser.add_argument("--out", required=True, help="folder of the Parquet dataset (created or updated)")
    parser.add_argument(
        "--scheduler",
        default="processes",
        help="'processes' (a local cluster of --workers processes, default), 'threads', 'synchronous', "
        "or the address of a running scheduler (tcp://host:8786)",
    )
    parser.add_argument(
        "--workers", type=positive_int, default=None, help="local worker processes (default: one per CPU)"
    )
    add_timeout_option(parser)
    parser.add_argument(
        "--memory-limit",
        type=positive_int,
        default=None,
        help="bytes of memory each parsing process may use (POSIX)",
    )
    parser.add_argument(
        "--files-per-partition",
        type=positive_int,
        default=16,
        help="inputs per Dask task (default: %(default)s)",
    )
    add_validate_option(parser)
    add_pdf_backend_option(parser)
    add_convert_options(parser)
    add_lang_option(parser)
    add_verbosity_options(parser)
    return parser


@contextlib.contextmanager
def _scheduler(name: str, workers: int | None, *, quiet: bool, lang: Lang) -> Iterator[None]:
    """Run the block on the chosen scheduler, with Dask's progress display unless ``quiet``."""
    import dask  # noqa: PLC0415 - the optional extra, loaded on use

    if name in ("threads", "synchronous"):
        from dask.diagnostics import ProgressBar  # noqa: PLC0415

        with (
            dask.config.set(scheduler=name),
            contextlib.nullcontext() if quiet else ProgressBar(out=sys.stderr),
        ):
            yield
        return
    from dask.distributed import Client, LocalCluster  # noqa: PLC0415

    cluster = (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
        if name == "processes"
        else None
    )
    with cluster if cluster is not None else contextlib.nullcontext(), Client(cluster or name) as client:
        if not quiet:
            link = client.dashboard_link
            tell("dask", lang, f"进度见 {link}", f"progress at {link}")
        yield


def run_dask(args: argparse.Namespace, out: TextIO) -> int:
    """Run the ``dask`` command and return its exit status."""
    try:
        from govinfo_report.dask import to_parquet  # noqa: PLC0415 - the optional extra
    except ImportError as exc:
        install = 'pip install "govinfo-report[dask]"'
        tell(
            "dask",
            args.lang,
            f"需要 dask 扩展（缺少 {exc.name}）: {install}",
            f"needs the dask extra ({exc.name} is missing): {install}",
        )
        return EXIT_USAGE
    limits = attrs.evolve(DEFAULT_LIMITS, timeout=args.timeout or None)
    try:
        with _scheduler(args.scheduler, args.workers, quiet=args.quiet, lang=args.lang):
            summary = to_parquet(
                args.paths,
                args.out,
                limits=limits,
                validate=args.validate,
                files_per_partition=args.files_per_partition,
                memory_limit=args.memory_limit,
                pdf_backend=args.pdf_backend,
                convert=converter_option(args),
            )
    except (OSError, ValueError) as exc:
        note(f"govinfo-report dask: {exc}")
        return EXIT_USAGE
    print(
        say(
            args.lang,
            f"{summary.inputs} 个输入：已解析 {summary.parsed} 个（{summary.failed} 个失败），"
            f"{summary.unchanged} 个未变；数据集 {args.out}",
            f"{summary.inputs} inputs: {summary.parsed} parsed ({summary.failed} failed), "
            f"{summary.unchanged} unchanged; dataset {args.out}",
        ),
        file=out,
    )
    return EXIT_FAILED if summary.failed else EXIT_OK
