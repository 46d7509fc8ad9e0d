"""Read the graph from a store into NetworkX: the input of every analysis and view.

Nodes are keyed by organization id and carry ``type`` (from the label), ``name``,
``industry``, ``size``, ``employees``, ``party_members`` and ``level`` (None when absent);
edges carry ``type`` and ``mode``. Everything is read through the named queries in
``cypher/projection/``.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:          # doctest: +SKIP
...     projection = project(store)
>>> projection.in_scope_units()[:2]                                # doctest: +SKIP
['ent-changan-ford', 'ent-changyou']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphmodel import cypherlib, schema
from graphmodel.store.base import GraphStore

NODE_FIELDS = ("name", "industry", "size", "employees", "party_members", "level")


@dataclass
class Projection:
    """The graph as a NetworkX MultiDiGraph, with the look-ups analyses share."""

    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)

    def node(self, node_id: str) -> dict[str, Any]:
        return self.graph.nodes[node_id]

    def of_type(self, *types: str) -> list[str]:
        """Ids of the nodes of the given types, sorted."""
        return sorted(n for n, data in self.graph.nodes(data=True) if data["type"] in types)

    def in_scope_units(self) -> list[str]:
        """Ids of the units whose coverage is measured (enterprise, incubator, social_org)."""
        return self.of_type(*sorted(schema.IN_SCOPE_TYPES))

    def out_edges(self, node_id: str, rel_type: str) -> list[tuple[str, dict[str, Any]]]:
        """(target, edge data) of node_id's outgoing relationships of one type, by target."""
        return sorted(((t, d) for _, t, d in self.graph.out_edges(node_id, data=True)
                       if d["type"] == rel_type), key=lambda item: item[0])

    def in_edges(self, node_id: str, rel_type: str) -> list[tuple[str, dict[str, Any]]]:
        """(source, edge data) of node_id's incoming relationships of one type, by source."""
        return sorted(((s, d) for s, _, d in self.graph.in_edges(node_id, data=True)
                       if d["type"] == rel_type), key=lambda item: item[0])

    def area(self, node_id: str, area_type: str) -> str | None:
        """The zone or street a node is LOCATED_IN (the smallest id if several), or None."""
        areas = [t for t, _ in self.out_edges(node_id, "LOCATED_IN")
                 if self.graph.nodes[t]["type"] == area_type]
        return areas[0] if areas else None


def project(store: GraphStore) -> Projection:
    """Read every node and relationship of the store's graph into a Projection."""
    graph = nx.MultiDiGraph()
    nodes = store.read_table(cypherlib.read("projection/nodes.cypher").statements()[0])
    for record in sorted(nodes.records(), key=lambda r: str(r["id"])):
        node_type = schema.TYPE_OF_LABEL.get(record["label"])
        if record["id"] is None or node_type is None:
            continue  # a node outside the contract (made by a user's --write query)
        graph.add_node(record["id"], type=node_type,
                       **{key: record[key] for key in NODE_FIELDS})
    rels = store.read_table(cypherlib.read("projection/relationships.cypher").statements()[0])
    for record in sorted(rels.records(), key=lambda r: (str(r["source"]), str(r["type"]),
                                                        str(r["target"]))):
        if record["source"] in graph and record["target"] in graph:
            # (source, target, type) is unique in the contract, so the type is the edge key
            graph.add_edge(record["source"], record["target"], key=record["type"],
                           type=record["type"], mode=record["mode"])
    return Projection(graph)
