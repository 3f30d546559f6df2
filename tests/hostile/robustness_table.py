"""Write the robustness tables of ``docs/robustness.md`` from the test parameters and a measured run.

Usage (from the repository root)::

    python tests/hostile/robustness_table.py                 # tables from the test parameters
    python tests/hostile/robustness_table.py --measure       # ... and run every hostile case to measure it
    python tests/hostile/robustness_table.py --fuzz-stats F  # ... and the fuzz outcomes of a session (files)

The generated part of the page lies between ``<!-- generated: start -->`` and
``<!-- generated: end -->``.  Columns that come from a run (the measured time
and memory of each hostile case, the outcomes of the last fuzz session) are
kept from the committed page unless ``--measure`` or ``--fuzz-stats`` gives
new ones; everything else comes from :mod:`tests.hostile.cases`,
:mod:`tests.fuzz.budget`, :mod:`tests.fuzz.mutate` and
:class:`~govinfo_report.limits.Limits`, and
``tests/hostile/test_robustness_table.py`` fails when the page differs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))

import attrs  # noqa: E402
from tests.fuzz.budget import CHANGED_CELL, MUTATED, planned  # noqa: E402
from tests.fuzz.mutate import PLANS  # noqa: E402
from tests.hostile.cases import CASES, Hostile  # noqa: E402

from govinfo_report.limits import DEFAULT_LIMITS, Limits  # noqa: E402

PAGE = ROOT / "docs" / "robustness.md"
START = "<!-- generated: start -->"
END = "<!-- generated: end -->"
NOT_MEASURED = "not measured"

_FORMATS = {
    "text": "text",
    "html": "HTML",
    "docx": "DOCX",
    "pdf": "PDF",
    "markdown": "Markdown",
    "any": "any",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _size(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1 << 20 and value % (1 << 20) == 0:
        return f"{value >> 20} MiB"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _limit_descriptions() -> dict[str, str]:
    """The ``Attributes:`` entries of the :class:`Limits` docstring, joined to one line each."""
    doc = Limits.__doc__ or ""
    section = doc.split("Attributes:", 1)[1]
    descriptions: dict[str, str] = {}
    current = None
    for line in section.splitlines():
        if line.strip() and not line.startswith(" " * 8):
            break  # the section ends where the indentation does
        match = re.match(r"\s{8}(\w+): (.*)", line)
        if match:
            current = match.group(1)
            descriptions[current] = match.group(2).strip()
        elif current and line.strip():
            descriptions[current] += " " + line.strip()
    return {
        name: re.sub(r"``([^`]+)``", r"`\1`", text).replace("  ", " ") for name, text in descriptions.items()
    }


def limits_table() -> list[str]:
    """The bounds, their defaults and what they bound."""
    descriptions = _limit_descriptions()
    rows = ["| Bound | Default | What it bounds |", "| --- | --- | --- |"]
    for field in attrs.fields(Limits):
        default = getattr(DEFAULT_LIMITS, field.name)
        shown = "none" if default is None else _size(default) + (" s" if field.name == "timeout" else "")
        rows.append(f"| `Limits.{field.name}` | {shown} | {_cell(descriptions[field.name])} |")
    return rows


def _bounds(case: Hostile) -> str:
    text = f"{case.seconds:g} s, {case.mib:g} MiB"
    changed = {
        field.name: getattr(case.limits, field.name)
        for field in attrs.fields(Limits)
        if getattr(case.limits, field.name) != getattr(DEFAULT_LIMITS, field.name)
    }
    if changed:
        text += " (" + ", ".join(f"`{name}={value!r}`" for name, value in changed.items()) + ")"
    return text


def hostile_table(measured: dict[str, str]) -> list[str]:
    """One row per hostile case: the input, the allowed outcome, the bounds and what a run measured."""
    rows = [
        "| Input | Format | Cases | Allowed outcome | Bound (time, memory) | Measured |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for case in CASES:
        name = f"`{case.name}`: {case.title}" + (" (slow)" if case.slow else "")
        rows.append(
            f"| {_cell(name)} | {_FORMATS[case.format]} | 1 | {_cell(case.outcome)} | {_bounds(case)} | "
            f"{_cell(measured.get(case.name, NOT_MEASURED))} |"
        )
    return rows


def fuzz_table(observed: dict[str, str]) -> list[str]:
    """One row per fuzz test and format: inputs, mutations, cases per run and the outcomes seen."""
    plan = planned()
    rows = [
        "| Fuzz test | Format | Mutations | Cases: default run | Cases: fuzz session "
        "| Outcomes of the last fuzz session |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for format in MUTATED:
        mutations = ", ".join(sorted({mutation.__name__ for mutation in PLANS[format].mutations}))
        quick, fuzz = plan["mutated"][format]
        key = f"mutated {format}"
        rows.append(
            f"| mutated corpus inputs | {_FORMATS[format]} | {mutations} | {quick:,} | {fuzz:,} | "
            f"{_cell(observed.get(key, NOT_MEASURED))} |"
        )
    for format in CHANGED_CELL:
        quick, fuzz = plan["changed_cell"][format]
        key = f"changed cell {format}"
        rows.append(
            f"| one table cell changed | {_FORMATS[format]} | one number rewritten in a clean input | "
            f"{quick:,} | {fuzz:,} | {_cell(observed.get(key, NOT_MEASURED))} |"
        )
    total_quick = sum(quick for tests in plan.values() for quick, _ in tests.values())
    total_fuzz = sum(fuzz for tests in plan.values() for _, fuzz in tests.values())
    rows.append(f"| **all** | | | **{total_quick:,}** | **{total_fuzz:,}** | |")
    return rows


def generated(measured: dict[str, str], observed: dict[str, str]) -> str:
    """The generated part of the page, between the markers."""
    parts = [
        START,
        "",
        "### Limits",
        "",
        *limits_table(),
        "",
        "### Hostile inputs",
        "",
        *hostile_table(measured),
        "",
        "### Fuzzing",
        "",
        *fuzz_table(observed),
        "",
        END,
    ]
    return "\n".join(parts)


def _rows(text: str, heading: str) -> list[list[str]]:
    if f"### {heading}" not in text:
        return []
    section = text.split(f"### {heading}", 1)[1].split("###", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows[1:]


def committed_runs(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """The measured and observed columns of the committed page, keyed as :func:`generated` expects."""
    if START not in text:
        return {}, {}
    measured = {}
    for row in _rows(text, "Hostile inputs"):
        name = re.match(r"`([^`]+)`", row[0])
        if name:
            measured[name.group(1)] = row[-1].replace("\\|", "|")
    observed = {}
    for row in _rows(text, "Fuzzing"):
        test = {"mutated corpus inputs": "mutated", "one table cell changed": "changed cell"}.get(row[0])
        format = next((key for key, shown in _FORMATS.items() if shown == row[1]), None)
        if test and format:
            observed[f"{test} {format}"] = row[-1].replace("\\|", "|")
    return measured, observed


def measure() -> dict[str, str]:
    """Run every hostile case once; describe what it gave, how long it took and the memory it grew."""
    from tests.hostile.runner import run  # forks: only when measuring

    measured = {}
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            tmp = Path(folder) / case.name
            tmp.mkdir()
            result = run(case, tmp)
            print(f"{case.name}: {result.outcome} in {result.seconds:.2f} s, +{result.mib:.0f} MiB")
            measured[case.name] = f"{result.outcome}, {result.seconds:.2f} s, {result.mib:.0f} MiB"
    return measured


def fuzz_outcomes(paths: list[Path]) -> dict[str, str]:
    """The outcome counts of a fuzz session (written by ``GOVINFO_FUZZ_STATS``), merged over ``paths``."""
    merged: dict[str, dict[str, int]] = {}
    for path in paths:
        for key, outcomes in json.loads(path.read_text(encoding="utf-8")).items():
            for name, count in outcomes.items():
                merged.setdefault(key, {})[name] = merged.get(key, {}).get(name, 0) + count
    observed = {}
    for key, outcomes in merged.items():
        match = re.fullmatch(r"(\w+)(?: \(changed cell\))?", key)
        if match is None:
            continue
        test = "changed cell" if "changed cell" in key else "mutated"
        total = sum(outcomes.values())
        ranked = sorted(outcomes.items(), key=lambda item: -item[1])
        detail = ", ".join(f"{name} {count:,}" for name, count in ranked)
        observed[f"{test} {match.group(1)}"] = f"{total:,} cases: {detail}"
    return observed


def render(text: str, measured: dict[str, str] | None = None, observed: dict[str, str] | None = None) -> str:
    """``text`` with its generated part rewritten; runs not given are kept from ``text``."""
    kept_measured, kept_observed = committed_runs(text)
    body = generated(measured if measured is not None else kept_measured, observed or kept_observed)
    if START not in text:
        return text.rstrip("\n") + "\n\n" + body + "\n"
    head, rest = text.split(START, 1)
    return head + body + rest.split(END, 1)[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--measure", action="store_true", help="run every hostile case and record it")
    parser.add_argument(
        "--fuzz-stats",
        type=Path,
        nargs="+",
        help="JSON outcome counts of fuzz runs, added up",
    )
    args = parser.parse_args(argv)
    text = PAGE.read_text(encoding="utf-8")
    measured = measure() if args.measure else None
    observed = fuzz_outcomes(args.fuzz_stats) if args.fuzz_stats else None
    PAGE.write_text(render(text, measured, observed), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
