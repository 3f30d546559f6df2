"""Reference tables generated from the code, so the documentation cannot drift from it.

Directives:

``attrs-fields``  (argument: dotted name of an attrs class)
    A table of the class's fields: name, type and description (from the ``Attributes:``
    section of the class docstring).
``enum-members``  (argument: dotted name of an enum class)
    A table of the members: name, value and description (from the member docstrings).
``cell-keys``  (argument: template version, ``2019`` or ``2021``)
    Every canonical cell key of the template with its group, row and column labels, from
    :mod:`govinfo_report.model.labels`.
``rules-catalogue``
    The validation rules from ``govinfo_report.validation.RULES``.
``cli-help``  (arguments: a subcommand, optional)
    The ``--help`` output of the ``govinfo-report`` command, captured from ``govinfo_report.cli.main``.
"""

from __future__ import annotations

import contextlib
import enum
import importlib
import inspect
import io
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

_SECTION_HEADER = re.compile(
    r"^(Args|Arguments|Attributes|Returns|Raises|Yields|Example|Examples|Note|Notes|See Also):\s*$"
)
_ATTRIBUTE = re.compile(r"^(\w+)(?:\s*\(.*?\))?:\s*(.*)$")


def _import(dotted: str) -> Any:
    module_name, _, attribute = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def attribute_docs(cls: type) -> dict[str, str]:
    """Return ``{name: description}`` from the ``Attributes:`` section of a Google-style docstring."""
    doc = inspect.getdoc(cls) or ""
    result: dict[str, str] = {}
    in_section = False
    current: str | None = None
    for line in doc.splitlines():
        header = _SECTION_HEADER.match(line)
        if header:
            in_section = header.group(1) == "Attributes"
            current = None
            continue
        if not in_section:
            continue
        if line and not line.startswith(" "):
            in_section = False
            continue
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        match = _ATTRIBUTE.match(stripped)
        if match and indent <= 4:
            current = match.group(1)
            result[current] = match.group(2)
        elif current is not None and stripped:
            result[current] = f"{result[current]} {stripped}"
    return result


def _rst_inline(text: str) -> list[nodes.Node]:
    """Render reST-style inline literals (double backticks) of a docstring as literal nodes."""
    result: list[nodes.Node] = []
    for index, part in enumerate(re.split(r"``(.+?)``", text)):
        if not part:
            continue
        result.append(nodes.literal(part, part) if index % 2 else nodes.Text(part))
    return result


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[nodes.Node | list[nodes.Node] | str]],
    widths: Sequence[int],
    classes: Sequence[str] = (),
) -> nodes.table:
    table = nodes.table(classes=["govinfo-generated", *classes])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row(headers)
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row)
    return table


def _row(cells: Sequence[nodes.Node | list[nodes.Node] | str]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        paragraph = nodes.paragraph()
        if isinstance(content, str):
            paragraph += nodes.Text(content)
        elif isinstance(content, list):
            paragraph.extend(content)
        else:
            paragraph += content
        entry += paragraph
        row += entry
    return row


def _code(text: str) -> nodes.literal:
    return nodes.literal(text, text)


class AttrsFields(SphinxDirective):
    """Table of an attrs class's fields: name, type, description."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        cls = _import(self.arguments[0])
        if not attrs.has(cls):
            raise self.error(f"{self.arguments[0]} is not an attrs class")
        docs = attribute_docs(cls)
        rows = []
        for field in attrs.fields(cls):
            type_text = field.type if isinstance(field.type, str) else getattr(field.type, "__name__", "")
            description = docs.get(field.name)
            if description is None:
                raise self.error(f"{self.arguments[0]}.{field.name} is not described under 'Attributes:'")
            rows.append([_code(field.name), _code(str(type_text)), _rst_inline(description)])
        return [_table(("Field", "Type", "Description"), rows, (20, 30, 50))]


class EnumMembers(SphinxDirective):
    """Table of an enum's members: name, value, description."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        cls = _import(self.arguments[0])
        if not (isinstance(cls, type) and issubclass(cls, enum.Enum)):
            raise self.error(f"{self.arguments[0]} is not an enum")
        analyzer = ModuleAnalyzer.for_module(cls.__module__)
        attr_docs = analyzer.find_attr_docs()
        rows = []
        for member in cls:
            doc = " ".join(line.strip() for line in attr_docs.get((cls.__qualname__, member.name), ()))
            rows.append([_code(member.name), _code(repr(member.value)), _rst_inline(doc.strip())])
        return [_table(("Member", "Value", "Description"), rows, (20, 20, 60))]


class CellKeys(SphinxDirective):
    """Every canonical cell key of one template with its official labels."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        from govinfo_report.model.labels import cell_keys, cell_label  # noqa: PLC0415

        version = self.arguments[0]
        rows = []
        for key in cell_keys(version):
            group, row, column = cell_label(version, key)
            rows.append([_code(key), group, row, column])
        count = nodes.paragraph()
        count += nodes.Text(f"{len(rows)} keys for the {version} template.")
        return [count, _table(("Cell key", "Group", "Row", "Column"), rows, (40, 20, 25, 15))]


class RulesCatalogue(SphinxDirective):
    """The validation rules, one anchor per rule ID."""

    def run(self) -> list[nodes.Node]:
        from govinfo_report.validation import RULES  # noqa: PLC0415 - imported when the page is built

        rules = list(RULES)
        summary_rows = []
        details: list[nodes.Node] = []
        for rule in rules:
            anchor = nodes.make_id(f"rule-{rule.id}")
            link = nodes.reference("", "", internal=True, refid=anchor)
            link += _code(rule.id)
            versions = ", ".join(str(version) for version in rule.versions)
            summary_rows.append(
                [link, str(rule.severity), str(rule.rule_class), versions, _rst_inline(rule.summary)]
            )
            heading = nodes.rubric(ids=[anchor])
            heading += nodes.Text(f"{rule.id}: ")
            heading.extend(_rst_inline(rule.summary))
            details.append(heading)
            facts = f"Severity {rule.severity}; class {rule.rule_class}; templates {versions}"
            if rule.cross_year:
                facts += "; compares with the previous year's report"
            if not rule.default:
                facts += "; off by default (run it with select or extend_select naming its ID)"
            details.append(nodes.paragraph(facts + ".", facts + "."))
            for paragraph in (rule.doc or "").split("\n\n"):
                text = " ".join(line.strip() for line in paragraph.splitlines()).strip()
                if text:
                    block = nodes.paragraph()
                    block.extend(_rst_inline(text))
                    details.append(block)
        table = _table(
            ("Rule", "Severity", "Class", "Templates", "Summary"),
            summary_rows,
            (12, 10, 8, 15, 55),
        )
        return [table, *details]


class CliHelp(SphinxDirective):
    """The ``--help`` text of the command line or of one of its subcommands."""

    optional_arguments = 2
    option_spec = {"prog": directives.unchanged}  # noqa: RUF012 -- docutils API

    def run(self) -> list[nodes.Node]:
        from govinfo_report import cli  # noqa: PLC0415 - imported when the page is built

        buffer = io.StringIO()
        previous = os.environ.get("COLUMNS")
        os.environ["COLUMNS"] = "100"
        try:
            with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
                cli.main([*self.arguments, "--help"])
        finally:
            if previous is None:
                del os.environ["COLUMNS"]
            else:
                os.environ["COLUMNS"] = previous
        text = buffer.getvalue().rstrip()
        if not text:
            raise self.error(f"govinfo-report {' '.join(self.arguments)} --help printed nothing")
        block = nodes.literal_block(text, text)
        block["language"] = "text"
        return [block]


_ATTRIBUTE_KINDS = frozenset({"attribute", "data", "property"})
_UNTOUCHED: dict[tuple[str, str], list[str]] = {}


def _keep_attribute_docstring(*args: Any) -> None:
    """Save an attribute docstring whose first line has a colon, before napoleon sees it.

    Types come from annotations in this project, never from docstrings, but napoleon takes the
    text before the first colon of an attribute, data or property docstring as its type
    (``Columns of the long record: one row per cell`` would get the type ``Columns of the long
    record``).  Such docstrings are saved here and put back by :func:`_restore_attribute_docstring`.
    """
    _app, what, name, _obj, _options, lines = args
    if what in _ATTRIBUTE_KINDS and lines and ":" in lines[0]:
        _UNTOUCHED[what, name] = list(lines)


def _restore_attribute_docstring(*args: Any) -> None:
    """Put back the docstring saved by :func:`_keep_attribute_docstring`, after napoleon."""
    _app, what, name, _obj, _options, lines = args
    saved = _UNTOUCHED.pop((what, name), None)
    if saved is not None:
        lines[:] = saved


def _resolve_reexport(app: Sphinx, env: Any, node: Any, contnode: nodes.Element) -> nodes.Element | None:
    """Resolve ``govinfo_report.X`` to where ``X`` is documented, for names re-exported from elsewhere.

    Users and docstrings write the short public path (``govinfo_report.ParseError``), while the
    reference documents each object once, where it is defined; autodoc registers that canonical
    path (``module.qualname``), which this handler looks up instead.
    """
    if node.get("refdomain") != "py":
        return None
    target = str(node.get("reftarget", ""))
    if not target.startswith("govinfo_report."):
        return None
    module_name, _, attribute = target.rpartition(".")
    try:
        obj = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError):
        return None
    canonical = f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"
    if canonical == target or not canonical.startswith("govinfo_report."):
        return None
    domain = env.get_domain("py")
    node = node.deepcopy()
    node["reftarget"] = canonical
    resolved: nodes.Element | None = domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], canonical, node, contnode
    )
    return resolved


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directives and event handlers."""
    # napoleon handles autodoc-process-docstring at the default priority, 500.
    app.connect("autodoc-process-docstring", _keep_attribute_docstring, priority=400)
    app.connect("autodoc-process-docstring", _restore_attribute_docstring, priority=600)
    app.connect("missing-reference", _resolve_reexport)
    app.add_directive("attrs-fields", AttrsFields)
    app.add_directive("enum-members", EnumMembers)
    app.add_directive("cell-keys", CellKeys)
    app.add_directive("rules-catalogue", RulesCatalogue)
    app.add_directive("cli-help", CliHelp)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
