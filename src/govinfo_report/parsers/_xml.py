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

from lxml import etree, html

__all__ = ["HTML_PARSER", "XML_PARSER", "is_element"]

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

HTML_PARSER: Final = html.HTMLParser(
    encoding="utf-8",
    no_network=True,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
    remove_blank_text=False,
    default_doctype=False,
)
"""Parser for HTML pages.

Its input is always UTF-8: the HTML parser decodes the bytes itself (see
:func:`govinfo_report.parsers._encoding.decode_text`) and re-encodes them, so
a ``<meta charset>`` in the page cannot make libxml2 decode them again.
"""


def is_element(node: object) -> bool:
    """Whether ``node`` is an ordinary element (not a comment, PI or entity reference)."""
    return isinstance(node, etree._Element) and isinstance(node.tag, str)
