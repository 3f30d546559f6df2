"""Many reports on a Dask cluster: a bag of outcomes, and Parquet datasets that grow with the inputs.

Needs the ``dask`` extra (``pip install "govinfo-report[dask]"``: dask with
its dataframe and distributed parts, pyarrow, fsspec).  Inputs are paths,
folders, glob patterns or any URL that ``fsspec`` and the user's Dask
set-up can read (``s3://bucket/reports/``, given its ``storage_options``).

Each partition of the bag parses its inputs in a child process of the Dask
worker (started with ``subprocess``, as Dask's daemonic workers may start no other), one at a
time, with the library's limits: an input that overruns ``Limits.timeout``, or
exhausts ``memory_limit``, or crashes its parser, becomes an outcome with an
error, never a failed task or a dead worker.  When a Dask worker itself dies,
Dask runs its tasks again elsewhere.

Example::

    from dask.distributed import Client
    from govinfo_report.dask import to_parquet

    with Client(n_workers=4, threads_per_worker=1):
        summary = to_parquet(["reports/"], "dataset/")
    print(summary.parsed, summary.unchanged)
"""

from __future__ import annotations

import functools
import hashlib
import os
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import dask.bag as db
import fsspec
import pandas as pd
import pyarrow.fs as pafs

from govinfo_report._pipeline import checked_converter, parse_bytes
from govinfo_report.batch._isolated import IsolatedParser
from govinfo_report.batch._pool import _Settings
from govinfo_report.batch._sources import DEFAULT_SUFFIXES, input_suffixes
from govinfo_report.batch.outcome import ErrorInfo, Outcome
from govinfo_report.convert import Converter
from govinfo_report.errors import LimitExceededError, SourceLocation
from govinfo_report.limits import DEFAULT_LIMITS, Limits
from govinfo_report.model import Report
from govinfo_report.readers import PDF_BACKENDS, PdfBackend
from govinfo_report.serialize import parquet
from govinfo_report.validation import Finding
from govinfo_report.validation import validate as validate_report

__all__ = ["DatasetSummary", "list_sources", "read_outcomes", "read_table", "to_parquet"]

_SHA_BLOCK = 1 << 20


def list_sources(
    urlpaths: str | Sequence[str],
    /,
    *,
    suffixes: Sequence[str] | None = DEFAULT_SUFFIXES,
    storage_options: Mapping[str, Any] | None = None,
) -> tuple[fsspec.AbstractFileSystem, list[str]]:
    """Return the file system and the sorted input files named by ``urlpaths``.

    Folders are searched recursively, skipping hidden files and folders (names
    starting with ``.``) and files whose suffix is not in ``suffixes``; glob
    patterns are expanded; a file named directly is always taken.

    Raises:
        FileNotFoundError: A path names nothing.
    """
    paths = [urlpaths] if isinstance(urlpaths, str) else list(urlpaths)
    fs, _, expanded = fsspec.get_fs_token_paths(paths, storage_options=dict(storage_options or {}))
    wanted = None if suffixes is None else tuple(suffix.lower() for suffix in suffixes)
    found: list[str] = []
    for path in expanded:
        if fs.isdir(path):
            for file in fs.find(path):
                relative = file[len(path.rstrip("/")) + 1 :]
                if any(part.startswith(".") for part in relative.split("/")):
                    continue
                if wanted is None or file.lower().endswith(wanted):
                    found.append(file)
        elif fs.exists(path):
            found.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return fs, sorted(set(found))


def _source_name(fs: fsspec.AbstractFileSystem, path: str) -> str:
    """A local file by its path, a remote one by its URL."""
    protocols = (fs.protocol,) if isinstance(fs.protocol, str) else tuple(fs.protocol)
    return path if "file" in protocols else str(fs.unstrip_protocol(path))


def _read(fs: fsspec.AbstractFileSystem, path: str, limits: Limits) -> bytes:
    with fs.open(path, "rb") as handle:
        data: bytes = handle.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise LimitExceededError(
            f"file is larger than the {limits.max_bytes} bytes allowed (Limits.max_bytes)",
            location=SourceLocation(source=path),
        )
    return data


def _parse_partition(
    paths: Iterable[str],
    *,
    fs: fsspec.AbstractFileSystem,
    settings: _Settings,
    memory_limit: int | None,
    known: Mapping[str, str],
) -> list[Outcome]:
    """Parse the inputs of one partition in a child process; skip those ``known`` with the same hash."""
    outcomes: list[Outcome] = []
    with IsolatedParser(settings, memory_limit=memory_limit) as parser:
        for path in paths:
            source = _source_name(fs, path)
            try:
                data = _read(fs, path, settings.limits)
            except Exception as exc:  # unreadable or too large: this input's outcome
                outcomes.append(Outcome(source=source, error=ErrorInfo.from_exception(exc)))
                continue
            if known.get(source) == hashlib.sha256(data).hexdigest():
                continue
            outcomes.append(parser.parse(source, data))
    return outcomes


def read_outcomes(
    urlpaths: str | Sequence[str],
    /,
    *,
    limits: Limits = DEFAULT_LIMITS,
    validate: bool | Callable[[Report], Sequence[Finding]] = True,
    files_per_partition: int = 16,
    suffixes: Sequence[str] | None = DEFAULT_SUFFIXES,
    storage_options: Mapping[str, Any] | None = None,
    memory_limit: int | None = None,
    known: Mapping[str, str] | None = None,
    pdf_backend: PdfBackend | None = None,
    convert: bool | Converter = False,
) -> db.Bag:
    """Return a Dask bag of one :class:`~govinfo_report.batch.Outcome` per input.

    Args:
        urlpaths: Files, folders, glob patterns or fsspec URLs.
        limits: Resource bounds applied to each input; ``limits.timeout``
            also bounds the child process that parses it.
        validate: Whether to validate each report, or the function to run instead.
        files_per_partition: Inputs per task.
        suffixes: Suffixes of the files to pick from folders, or ``None`` for every file.
        storage_options: Passed to ``fsspec`` for remote file systems.
        memory_limit: Bytes of address space each parsing child may use (POSIX), or ``None``.
        known: Sources already parsed, with the SHA-256 they had: an input
            whose source and content hash are both known yields no outcome.
        pdf_backend: The engine that reads PDFs, as for :func:`~govinfo_report.parse_bytes`.
        convert: Whether to convert legacy inputs (``.doc``, ``.rtf``, ``.xls`` ...)
            with LibreOffice, as for :func:`~govinfo_report.parse_bytes`; the
            default ``suffixes`` then include theirs.  LibreOffice must be
            installed where the Dask workers run.

    Raises:
        ValueError: ``files_per_partition`` is not positive, or ``pdf_backend`` names no backend.
        TypeError: ``convert`` is neither a bool nor a converter.

    .. versionchanged:: 0.2
       Adds ``pdf_backend`` and ``convert``.
    """
    _, bag = _outcome_bag(
        urlpaths,
        limits=limits,
        validate=validate,
        files_per_partition=files_per_partition,
        suffixes=suffixes,
        storage_options=storage_options,
        memory_limit=memory_limit,
        known=known or {},
        pdf_backend=pdf_backend,
        convert=convert,
    )
    return bag


def _parsing(
    pdf_backend: PdfBackend | None, convert: bool | Converter, suffixes: Sequence[str] | None
) -> tuple[Callable[..., Report], Sequence[str] | None]:
    """The function the children parse with (picklable) and the suffixes to pick from folders.

    The default suffixes grow by the legacy formats' when they are converted.
    """
    if pdf_backend is not None and pdf_backend not in PDF_BACKENDS:
        raise ValueError(f"pdf_backend must be one of {', '.join(PDF_BACKENDS)}, not {pdf_backend!r}")
    converter = checked_converter(convert)
    if suffixes is DEFAULT_SUFFIXES:
        suffixes = input_suffixes(legacy=converter is not None)
    if pdf_backend is None and converter is None:
        return parse_bytes, suffixes
    return functools.partial(parse_bytes, pdf_backend=pdf_backend, convert=converter or False), suffixes


def _outcome_bag(
    urlpaths: str | Sequence[str],
    *,
    limits: Limits,
    validate: bool | Callable[[Report], Sequence[Finding]],
    files_per_partition: int,
    suffixes: Sequence[str] | None,
    storage_options: Mapping[str, Any] | None,
    memory_limit: int | None,
    known: Mapping[str, str],
    pdf_backend: PdfBackend | None,
    convert: bool | Converter,
) -> tuple[list[str], db.Bag]:
    """The inputs found and the bag of their outcomes (options as for :func:`read_outcomes`)."""
    if files_per_partition < 1:
        raise ValueError(f"files_per_partition must be at least 1, not {files_per_partition}")
    parse, suffixes = _parsing(pdf_backend, convert, suffixes)
    fs, paths = list_sources(urlpaths, suffixes=suffixes, storage_options=storage_options)
    validator = validate_report if validate is True else (validate or None)
    settings = _Settings(limits=limits, parse=parse, validate=validator)
    groups = [
        paths[start : start + files_per_partition] for start in range(0, len(paths), files_per_partition)
    ]
    bag = db.from_sequence(groups, npartitions=max(1, len(groups)))
    return paths, bag.map_partitions(
        _parse_partitions, fs=fs, settings=settings, memory_limit=memory_limit, known=dict(known)
    )


def _parse_partitions(groups: Iterable[list[str]], **options: Any) -> list[Outcome]:
    return [outcome for group in groups for outcome in _parse_partition(group, **options)]


@attrs.frozen(kw_only=True)
class DatasetSummary:
    """What :func:`to_parquet` did.

    Attributes:
        inputs: Inputs found.
        parsed: Inputs parsed in this run (new or changed), including those that failed.
        failed: Of those, inputs that gave no report or failed validation.
        unchanged: Inputs skipped because the dataset already holds them with the same content.
        rows: Rows of each table of the dataset after the run.
    """

    inputs: int
    parsed: int
    failed: int
    unchanged: int
    rows: Mapping[str, int] = attrs.field(hash=False)


def to_parquet(
    urlpaths: str | Sequence[str],
    dataset: str | os.PathLike[str],
    /,
    *,
    limits: Limits = DEFAULT_LIMITS,
    validate: bool | Callable[[Report], Sequence[Finding]] = True,
    files_per_partition: int = 16,
    suffixes: Sequence[str] | None = DEFAULT_SUFFIXES,
    storage_options: Mapping[str, Any] | None = None,
    memory_limit: int | None = None,
    pdf_backend: PdfBackend | None = None,
    convert: bool | Converter = False,
) -> DatasetSummary:
    """Parse the inputs and write or update the Parquet dataset in the folder ``dataset``.

    The dataset holds the tables of :mod:`govinfo_report.serialize.parquet`.  When
    it already exists, only new inputs and inputs whose content changed (by
    source and SHA-256) are parsed; the rows of changed inputs are replaced.
    The work runs on the current Dask scheduler (a ``dask.distributed.Client``
    when one is active); each task writes its rows to a staging folder inside
    ``dataset``, which the client then merges, streaming, into the tables.
    ``dataset`` must therefore be a folder the workers can write (on one machine, any local folder).
    The other options are those of :func:`read_outcomes`.

    Returns:
        What was found, parsed and skipped, and the rows of each table.

    .. versionchanged:: 0.2
       Adds ``pdf_backend`` and ``convert``.
    """
    root = os.fspath(dataset)
    os.makedirs(root, exist_ok=True)
    known = _known_inputs(root)
    paths, bag = _outcome_bag(
        urlpaths,
        limits=limits,
        validate=validate,
        files_per_partition=files_per_partition,
        suffixes=suffixes,
        storage_options=storage_options,
        memory_limit=memory_limit,
        known=known,
        pdf_backend=pdf_backend,
        convert=convert,
    )
    staging = os.path.join(root, f".staging-{uuid.uuid4().hex}")
    try:
        written = bag.map_partitions(_stage, staging=staging).compute()
        sources = [source for source, _ in written]
        failed = sum(1 for _, ok in written if not ok)
        rows = parquet.merge_datasets(
            staging, root, replaced_sources=[source for source in sources if source in known]
        )
    finally:
        pafs.LocalFileSystem().delete_dir_contents(staging, missing_dir_ok=True)
        if os.path.isdir(staging):
            os.rmdir(staging)
    return DatasetSummary(
        inputs=len(paths),
        parsed=len(sources),
        failed=failed,
        unchanged=len(paths) - len(sources),
        rows=rows,
    )


def _stage(outcomes: Iterable[Outcome], *, staging: str) -> list[tuple[str, bool]]:
    """Write a partition's outcomes to the staging folder; return each input's source and success."""
    done = list(outcomes)
    if done:
        parquet.write_staging(parquet.outcome_tables(done), staging)
    return [(outcome.source, outcome.ok) for outcome in done]


def _known_inputs(root: str) -> dict[str, str]:
    """Return the sources the dataset at ``root`` holds, with their SHA-256."""
    if not os.path.isdir(os.path.join(root, "inputs")):
        return {}
    frame = read_table(root, "inputs")
    return {
        source: sha
        for source, sha in zip(frame["source"], frame["sha256"], strict=True)
        if isinstance(source, str) and isinstance(sha, str)
    }


def read_table(dataset: str | os.PathLike[str], table: str, /) -> pd.DataFrame:
    """Load one table of a dataset written by :func:`to_parquet` as a pandas DataFrame.

    Counts come back as ``Int64``, money as :class:`~decimal.Decimal` objects,
    partition columns as categories.

    Raises:
        ValueError: ``table`` is not one of :data:`govinfo_report.serialize.parquet.TABLES`.
    """
    if table not in parquet.TABLES:
        raise ValueError(f"no table {table!r}; the tables are {', '.join(parquet.TABLES)}")
    return pd.read_parquet(os.path.join(os.fspath(dataset), table))
