"""Read only the part of a store's graph that a --zone or --street view draws.

A view of one area shows the area, the organizations LOCATED_IN it and, faded, their
direct neighbours (``scope.area_scope``); it flags each unit's coverage and names each
node's zone and street. Projecting a whole district of a million organizations for that
takes half a minute; this reads, from the area outwards, the nodes the view can look at:

* the area and every node LOCATED_IN it (the core);
* every neighbour of the core, by any relationship (the context, and more);
* the places (LOCATED_IN) of all those, and the nodes that COVER or GUIDE them;

and every relationship among them (the statements are in ``cypher/views/area-part.cypher``).
The result is the projection's induced subgraph on those nodes: the same node data and
relationships as ``project(store)`` has between them, so the view comes out the same.
Where it could not be the same (no area or two with that id; a node outside the part sharing
an id with one inside, which the projection would merge; two relationships of one type
between the same two nodes, of which the projection keeps the one it reads last), ``None``
says so, and the view projects the whole graph as before.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:           # doctest: +SKIP
...     part = area_part(store, "zone-industrial-park", "zone")
>>> part.graph.number_of_nodes() < 100                              # doctest: +SKIP
True
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graphmodel import cypherlib, schema
from graphmodel.analysis.projection import NodeTable, Projection, add_edges, graph_of
from graphmodel.store.base import GraphStore

#: the statements of cypher/views/area-part.cypher, in their order there
_STATEMENTS = ("zone", "street", "located_in", "neighbours", "places", "coverers", "nodes",
               "relationships")


def area_part(store: GraphStore, area_id: str, area_type: str) -> Projection | None:
    """The projection of the nodes a view of one zone or street can show, or None.

    ``area_type`` is "zone" or "street". None: the area is not in the store, or the part
    would not give the view it gets from the whole projection (see the module's text).
    """
    statement = dict(zip(_STATEMENTS, cypherlib.dialect_file(
        "views/area-part.cypher", store.dialect).statements(), strict=True))

    def keys(name: str, **params: Any) -> set[Any]:
        return {key for key, in store.read_table(statement[name], params).rows}

    with store.reading():  # every statement reads the same graph
        areas = keys(area_type, area=area_id)
        if len(areas) != 1:
            return None
        core = areas | keys("located_in", keys=list(areas))
        shown = core | keys("neighbours", keys=list(core - areas))
        every = list(shown | keys("places", keys=list(shown))
                     | keys("coverers", keys=list(shown)))
        nodes = store.read_table(statement["nodes"], {"keys": every})
        rels = store.read_table(statement["relationships"], {"keys": every}).rows
        at = {column: index for index, column in enumerate(nodes.columns)}
        rows = [row for row in nodes.rows
                if row[at["id"]] is not None and row[at["label"]] in schema.TYPE_OF_LABEL]
        if not _ids_only_here(store, rows, at):
            return None
    return _projection(rows, at, rels)


def _ids_only_here(store: GraphStore, rows: list[list[Any]], at: dict[str, int]) -> bool:
    """Whether no two nodes of the contract, in the part or out of it, share these ids."""
    ids = [row[at["id"]] for row in rows]
    if len(set(ids)) < len(ids):
        return False
    template = cypherlib.read("views/same-id.cypher").statements()[0]
    found = sum(store.read_table(cypherlib.fill(template, label=label), {"ids": ids}).rows[0][0]
                for label in sorted(schema.TYPE_OF_LABEL))
    return found == len(ids)


def _projection(rows: list[list[Any]], at: dict[str, int],
                rels: list[list[Any]]) -> Projection | None:
    """The part as a Projection: the projection's own node table and edge filling."""
    key_at, id_at, label_at = at["key"], at["id"], at["label"]
    label_of = {row[key_at]: row[label_at] for row in rows}
    id_of = {row[key_at]: row[id_at] for row in rows}
    allowed = set(schema.endpoint_pairs())
    kept = [(id_of[a], rel_type, id_of[b], mode) for a, rel_type, b, mode in rels
            if a in label_of and b in label_of and (label_of[a], rel_type, label_of[b]) in allowed]
    if max(Counter((a, rel_type, b) for a, rel_type, b, _ in kept).values(), default=1) > 1:
        return None  # (which of the two the projection keeps depends on its reading order)
    rows.sort(key=lambda row: str(row[id_at]))  # the projection's node order
    graph = graph_of(NodeTable(rows, at))
    add_edges(graph, [(rel_type, [a for a, _, _, _ in edges], [b for _, _, b, _ in edges],
                       [mode for *_, mode in edges])
                      for rel_type, edges in _by_type(kept).items()])
    return Projection(graph)


def _by_type(edges: list[tuple[Any, str, Any, Any]]) -> dict[str, list[tuple[Any, str, Any, Any]]]:
    grouped: dict[str, list[tuple[Any, str, Any, Any]]] = {}
    for edge in edges:
        grouped.setdefault(edge[1], []).append(edge)
    return dict(sorted(grouped.items()))
