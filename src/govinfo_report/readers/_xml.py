"""The lxml parsers used for HTML and DOCX, built once with safe settings.

Every input is untrusted, so each parser spells its safety settings out,
even where they equal lxml's defaults (defaults have changed between lxml
releases; lxml resolves internal entities unless told not to):

* no network access, ever: nothing a document references is fetched;
* no DTD loading and no entity resolution for XML, which defeats external
  entities (XXE, e.g. reading ``/etc/passwd``) and entity expansion
  ("billion laughs"); unresolved entity references stay in the tree as
  entity nodes, which the parsers skip;
* no ``huge_tree`` mode, so libxml2 keeps its bounds on text node size and
  tree depth.

lxml's HTML parser never expands DTD entities: an internal subset in an
XHTML document is read as stray text.

Parser objects are not thread-safe in lxml; these are used from one thread
per process (batch runs use processes).
"""

from __future__ import annotations

from typing import Final

from lxml import etree

__all__ = ["HTML_PARSER", "XML_PARSER", "XPaths"]

XML_PARSER: Final = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)
"""Parser for DOCX parts (``word/document.xml``, ``docProps/core.xml``)."""

HTML_PARSER: Final = etree.HTMLParser(
    encoding="utf-8",
    no_network=True,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
    remove_blank_text=False,
    default_doctype=False,
    collect_ids=False,
)
"""Parser for HTML pages.

Its input is always UTF-8: the HTML parser decodes the bytes itself (see
:func:`govinfo_report.readers._encoding.decode_text`) and re-encodes them, so
a ``<meta charset>`` in the page cannot make libxml2 decode them again.

It is lxml's plain HTML parser, not :class:`lxml.html.HTMLParser`: that one
parses alike but picks a Python element class for every element the walk
touches, which costs a good share of the walk.  It keeps no table of ``id``
attributes (nothing looks elements up by id), which saves some 5 % of the
parse.
"""


class XPaths:
    """XPaths of elements as :meth:`lxml.etree._ElementTree.getpath` writes them, in linear time.

    ``getpath`` scans an element's siblings on every call, which is quadratic
    over a page with thousands of paragraphs or table rows; this computes the
    paths of all children of a parent at once and caches them.

    Args:
        tree: The tree the elements belong to.
    """

    def __init__(self, tree: etree._ElementTree) -> None:
        self._tree = tree
        self._paths: dict[etree._Element, str] = {}

    def __call__(self, element: etree._Element) -> str:
        """The absolute XPath of ``element``, e.g. ``/html/body/div[2]/p``."""
        path = self._paths.get(element)
        if path is not None:
            return path
        parent = element.getparent()
        if parent is None:
            return str(self._tree.getpath(element))
        parent_path = self(parent)
        paths = self._paths
        children = list(parent)
        tags = [child.tag for child in children]
        first = tags[0]
        if isinstance(first, str) and first[:1] != "{" and tags.count(first) == len(tags):
            # Elements of one name without a namespace, such as the cells of a row: no
            # counting child by child.
            if len(tags) == 1:
                paths[children[0]] = f"{parent_path}/{first}"
            else:
                prefix = f"{parent_path}/{first}["
                indexed = [f"{prefix}{index}]" for index in range(1, len(tags) + 1)]
                paths.update(zip(children, indexed, strict=True))
            return paths[element]
        elements: list[etree._Element] = []
        names: list[str | None] = []
        for child, tag in zip(children, tags, strict=True):
            if isinstance(tag, str):  # not a comment, processing instruction or entity
                elements.append(child)
                # Most tags have no namespace and are their own name: no call for them.
                names.append(tag if tag[:1] != "{" else self._name(child))
        totals: dict[str | None, int] = {}
        for name in names:
            totals[name] = totals.get(name, 0) + 1
        seen: dict[str | None, int] = {}
        for child, name in zip(elements, names, strict=True):
            if name is None:  # a default namespace without prefix: leave it to lxml
                paths[child] = str(self._tree.getpath(child))
                continue
            index = seen[name] = seen.get(name, 0) + 1
            paths[child] = f"{parent_path}/{name}[{index}]" if totals[name] > 1 else f"{parent_path}/{name}"
        return paths[element]

    @staticmethod
    def _name(element: etree._Element) -> str | None:
        tag = element.tag
        assert isinstance(tag, str)  # noqa: S101 - only elements are passed
        if not tag.startswith("{"):
            return tag
        prefix = element.prefix
        return f"{prefix}:{etree.QName(element).localname}" if prefix else None
