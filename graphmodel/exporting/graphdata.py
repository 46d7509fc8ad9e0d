"""The export's graph as the graph formats hold it (GraphML, GEXF, node-link JSON): each node
keyed by its organization id with ``labels`` (its label, e.g. ``Enterprise``) and every
property but the id; each relationship with ``type`` (e.g. ``COVERS``) and every property.
Nothing is None: an absent property is left out.

A value the formats have no kind for (a list or a map set by a query, a date) is written as
text (JSON for lists and maps); XML holds no control characters but tab, line feed and
carriage return, so the XML writers leave those out and count them.

>>> from graphmodel.dataset import Organization
>>> node_data(Organization("e-1", "enterprise", {"id": "e-1", "type": "enterprise",
...                                               "name": "甲", "employees": 8}))
{'labels': 'Enterprise', 'type': 'enterprise', 'name': '甲', 'employees': 8}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graphmodel.dataset import Organization
from graphmodel.exporting.writing import Row, cell
from graphmodel.i18n import Text

#: the characters XML 1.0 cannot hold, even as references
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: the kinds of value the graph formats type, by Python type (others are written as text)
KINDS = {str: "string", bool: "boolean", int: "long", float: "double"}


def node_data(node: Organization) -> dict[str, Any]:
    """A node's attributes: ``labels`` and its properties but the id (its key)."""
    return {"labels": node.label, **{k: v for k, v in node.properties.items() if k != "id"}}


def edge_data(row: Row) -> dict[str, Any]:
    """A relationship's attributes: ``type`` and its properties."""
    return {"type": row[2], **row[3]}


def plain(value: Any) -> Any:
    """A value as the formats hold it: text, a boolean, a whole number or a decimal as it
    is, anything else as its text."""
    return value if value.__class__ in KINDS else cell(value)


def to_networkx(nodes: list[Organization], rows: Iterable[Row]) -> nx.MultiDiGraph:
    """The export's graph in NetworkX: nodes keyed by id, edges keyed by type (what the
    graph formats write, for tests and for NetworkX's own writers)."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((node.id, {k: plain(v) for k, v in node_data(node).items()})
                         for node in nodes)
    graph.add_edges_from((nodes[row[0]].id, nodes[row[1]].id, row[2],
                          {k: plain(v) for k, v in edge_data(row).items()}) for row in rows)
    return graph


def without_unsafe(text: str, lost: dict[str, int], what: str) -> str:
    """``text`` without the characters XML cannot hold, counted in ``lost`` under ``what``."""
    if XML_UNSAFE.search(text) is None:
        return text
    lost[what] = lost.get(what, 0) + 1
    return XML_UNSAFE.sub("", text)


def joined_safe(parts: list[str], what: str, lost: Counter[str]) -> str:
    """The XML ``parts`` of a chunk of nodes or edges joined; when some hold characters XML
    cannot hold, joined again without them, counted in ``lost``."""
    text = "".join(parts)
    if XML_UNSAFE.search(text) is None:
        return text
    counted: dict[str, int] = {}
    lost_as = Text("node values holding characters XML cannot hold (control characters), "
                   "written without them" if what == "node" else
                   "edge values holding characters XML cannot hold (control characters), "
                   "written without them")
    text = "".join(without_unsafe(part, counted, lost_as) for part in parts)
    lost.update(counted)
    return text


#: escapes for attribute values and for element content (str.translate tables)
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                            "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"})
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


#: the characters either escape changes (most texts have none: they are left as they are)
_SPECIAL = frozenset('&<>"\r\n\t')


def attribute(text: str) -> str:
    """Text escaped for an XML attribute value (line breaks and tabs kept as references)."""
    return text if _SPECIAL.isdisjoint(text) else text.translate(_ATTRIBUTE)


def content(text: str) -> str:
    """Text escaped for XML element content (a carriage return kept as a reference)."""
    return text if _SPECIAL.isdisjoint(text) else text.translate(_TEXT)


def xml_text(value: Any) -> str:
    """A typed value as XML writes it: true/false, numbers as Python writes them."""
    if value.__class__ is bool:
        return "true" if value else "false"
    return value if value.__class__ is str else repr(value)
