"""Writing the export's graph as node-link JSON, the shape D3's force layouts read: ``nodes``
(each with its ``id``, ``labels`` and properties) and ``links`` (each with ``source``,
``target``, its ``key`` and ``type``, the relationship type, and its properties), as
NetworkX's ``node_link_data(graph, edges="links")`` makes it, so that
``nx.node_link_graph(data, edges="links")`` reads it back. Values keep their JSON kinds; a
date set by a query is its ISO text.

>>> import json, tempfile, pathlib
>>> from graphmodel.dataset import Organization
>>> nodes = [Organization("a", "enterprise", {"id": "a", "type": "enterprise", "name": "甲"}),
...          Organization("b", "enterprise", {"id": "b", "type": "enterprise", "name": "乙"})]
>>> folder = tempfile.TemporaryDirectory()
>>> path = pathlib.Path(folder.name) / "g.json"
>>> _ = write_node_link(path, nodes, [(0, 1, "PARTNERS_WITH", {})])
>>> json.loads(path.read_text())["links"]
[{'type': 'PARTNERS_WITH', 'source': 'a', 'target': 'b', 'key': 'PARTNERS_WITH'}]
>>> folder.cleanup()
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from graphmodel.dataset import Organization
from graphmodel.exporting.graphdata import edge_data, node_data
from graphmodel.exporting.writing import Row, as_text

CHUNK = 20_000


def write_node_link(path: Path, nodes: list[Organization], rows: list[Row]) -> Counter[str]:
    """Write the graph to ``path`` (UTF-8, a node or link per line); nothing is lost."""
    encode = json.JSONEncoder(ensure_ascii=False, default=as_text).encode
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write('{"directed": true, "multigraph": true, "graph": {},\n"nodes": [\n')
        for start in range(0, len(nodes), CHUNK):
            handle.write(("" if start == 0 else ",\n") + ",\n".join(
                encode({**node_data(node), "id": node.id})
                for node in nodes[start:start + CHUNK]))
        handle.write('\n],\n"links": [\n')
        for start in range(0, len(rows), CHUNK):
            handle.write(("" if start == 0 else ",\n") + ",\n".join(
                encode({**edge_data(row), "source": nodes[row[0]].id,
                        "target": nodes[row[1]].id, "key": row[2]})
                for row in rows[start:start + CHUNK]))
        handle.write("\n]}\n")
    return Counter()
