"""Writing the export's graph as GEXF 1.2 (Gephi's format; NetworkX reads it): the node and
edge attributes declared with their kinds (``string``, ``long``, ``double``, ``boolean``), then
every node (its label the organization's name) and edge (its label the relationship type)
with its values.

GEXF gives each attribute one kind: one whose values are whole numbers and decimals is
written as ``double``; one whose values are of other mixed kinds is written as text, and
counted. The relationship type is the ``type`` attribute value (GEXF's own ``type`` of an edge
says directed or not, so it is not used). Written as a stream: NetworkX's ``write_gexf``
builds an element tree first (11.9 s at 100k organizations, where this takes about 1 s) and
puts an edge's ``type`` in GEXF's own, which Gephi reads as its direction.

>>> import networkx as nx, tempfile, pathlib
>>> from graphmodel.dataset import Organization
>>> nodes = [Organization("a", "enterprise", {"id": "a", "type": "enterprise", "name": "甲"}),
...          Organization("b", "enterprise", {"id": "b", "type": "enterprise", "name": "乙"})]
>>> folder = tempfile.TemporaryDirectory()
>>> path = pathlib.Path(folder.name) / "g.gexf"
>>> _ = write_gexf(path, nodes, [(0, 1, "PARTNERS_WITH", {})])
>>> list(nx.read_gexf(path).edges(data="type"))
[('a', 'b', 'PARTNERS_WITH')]
>>> folder.cleanup()
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from graphmodel.dataset import Organization
from graphmodel.exporting.graphdata import (
    KINDS,
    attribute,
    edge_data,
    joined_safe,
    node_data,
    plain,
    xml_text,
)
from graphmodel.exporting.writing import Row
from graphmodel.i18n import Text

HEADER = ('<?xml version="1.0" encoding="utf-8"?>\n'
          '<gexf xmlns="http://www.gexf.net/1.2draft" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
          'xsi:schemaLocation="http://www.gexf.net/1.2draft '
          'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
          '<meta><creator>graphmodel</creator></meta>\n'
          '<graph defaultedgetype="directed" mode="static">\n')
CHUNK = 20_000
_FLOATS = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}


def write_gexf(path: Path, nodes: list[Organization], rows: list[Row]) -> Counter[str]:
    """Write the graph to ``path``; what could not be written as it is, counted."""
    lost: Counter[str] = Counter()
    node_records = [node_data(node) for node in nodes]
    edge_records = [edge_data(row) for row in rows]
    node_kinds = _kinds(node_records, "node", lost)
    edge_kinds = _kinds(edge_records, "edge", lost)
    node_ids = [attribute(node.id) for node in nodes]
    ids = {("node", name): str(k) for k, name in enumerate(node_kinds)}
    ids.update({("edge", name): str(len(node_kinds) + k) for k, name in enumerate(edge_kinds)})
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(HEADER)
        for scope, kinds in (("node", node_kinds), ("edge", edge_kinds)):
            handle.write(f'<attributes class="{scope}" mode="static">\n')
            handle.writelines(f'<attribute id="{ids[scope, name]}" title="{attribute(name)}" '
                              f'type="{kind}"/>\n' for name, kind in kinds.items())
            handle.write("</attributes>\n")
        handle.write("<nodes>\n")
        for start in range(0, len(nodes), CHUNK):
            handle.write(_chunk(
                (f'<node id="{node_ids[k]}" '
                 f'label="{attribute(str(nodes[k].properties.get("name", nodes[k].id)))}">'
                 for k in range(start, min(start + CHUNK, len(nodes)))),
                node_records[start:start + CHUNK], node_kinds, ids, "node", lost))
        handle.write("</nodes>\n<edges>\n")
        for start in range(0, len(rows), CHUNK):
            handle.write(_chunk(
                (f'<edge id="{k}" source="{node_ids[row[0]]}" target="{node_ids[row[1]]}" '
                 f'label="{row[2]}">' for k, row in enumerate(rows[start:start + CHUNK],
                                                              start=start)),
                edge_records[start:start + CHUNK], edge_kinds, ids, "edge", lost))
        handle.write("</edges>\n</graph>\n</gexf>\n")
    return lost


def _kinds(records: list[dict[str, Any]], what: str, lost: Counter[str]) -> dict[str, str]:
    """Each attribute's one kind: its values' own, ``double`` for whole numbers and decimals
    together, else ``string`` (counted)."""
    seen: dict[str, set[str]] = {}
    for name, kind in dict.fromkeys((name, value.__class__) for record in records
                                    for name, value in record.items()):
        seen.setdefault(name, set()).add(KINDS.get(kind, "string"))
    kinds = {}
    for name, found in seen.items():
        if len(found) == 1:
            kinds[name] = found.pop()
        elif found == {"long", "double"}:
            kinds[name] = "double"
        else:
            kinds[name] = "string"
            lost[Text("node property {name!r}: its values are of several kinds ({kinds}); "
                      "written as text" if what == "node" else
                      "edge property {name!r}: its values are of several kinds ({kinds}); "
                      "written as text", name=name, kinds=", ".join(sorted(found)))] += 1
    return kinds


def _value(value: Any, kind: str) -> str:
    value = plain(value)
    if kind == "double":
        text = repr(float(value))
        return _FLOATS.get(text, text)
    return xml_text(value)


def _chunk(opening: Any, records: list[dict[str, Any]], kinds: dict[str, str],
           ids: dict[tuple[str, str], str], what: str, lost: Counter[str]) -> str:
    parts = []
    append = parts.append
    closing = f"</attvalues></{what}>\n"
    prefix = {name: f'<attvalue for="{ids[what, name]}" value="' for name in kinds}
    for start, record in zip(opening, records, strict=True):
        append(start)
        append("<attvalues>")
        for name, value in record.items():
            if value.__class__ is str and kinds[name] == "string":  # (most values)
                append(f'{prefix[name]}{attribute(value)}"/>')
            else:
                append(f'{prefix[name]}{attribute(_value(value, kinds[name]))}"/>')
        append(closing)
    return joined_safe(parts, what, lost)
