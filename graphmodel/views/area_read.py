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

    def node_keys(name: str, **params: Any) -> set[Any]:
        """The node keys one of the statements returns (its only column)."""
        return {row[0] for row in store.read_table(statement[name], params).rows}

    with store.reading():  # (FalkorDB: one graph for every statement; Neo4j: each its own)
        area = node_keys(area_type, area=area_id)
        if len(area) != 1:
            return None
        core = area | node_keys("located_in", keys=list(area))
        near = core | node_keys("neighbours", keys=list(core - area))
        part = list(near | node_keys("places", keys=list(near))
                    | node_keys("coverers", keys=list(near)))
        nodes = store.read_table(statement["nodes"], {"keys": part})
        column = {name: index for index, name in enumerate(nodes.columns)}
        rows = [row for row in nodes.rows if row[column["id"]] is not None
                and row[column["label"]] in schema.TYPE_OF_LABEL]
        if not (_plain(rows, column, area.pop(), schema.LABELS[area_type])
                and _ids_unique_in_graph(store, [row[column["id"]] for row in rows])):
            return None
        relationships = _contract_relationships(rows, column, store.read_table(
            statement["relationships"], {"keys": part}).rows)
    if relationships is None:
        return None
    return _projection(rows, column, relationships)


def _plain(rows: list[list[Any]], column: dict[str, int], area_key: Any,
           area_label: str) -> bool:
    """Whether the part is free of what the projection reads differently from it: the area
    read as another label (or not at all), a node with two labels (Neo4j projects a
    relationship by any label of its ends), an id that is not text (the projection keys
    nodes by Python value, where True is 1; Cypher does not)."""
    key_at, id_at, label_at = column["key"], column["id"], column["label"]
    return (any(row[key_at] == area_key and row[label_at] == area_label for row in rows)
            and all(row[column["labels"]] == 1 and type(row[id_at]) is str for row in rows))


def _ids_unique_in_graph(store: GraphStore, ids: list[str]) -> bool:
    """Whether no two nodes of the contract, in the part or out of it, share these ids
    (the projection makes them one node)."""
    if len(set(ids)) < len(ids):
        return False
    template = cypherlib.read("views/same-id.cypher").statements()[0]
    found = sum(store.read_table(cypherlib.fill(template, label=label), {"ids": ids}).rows[0][0]
                for label in sorted(schema.TYPE_OF_LABEL))
    return found == len(ids)


#: a relationship of the part: (source id, type, target id, mode)
Relationship = tuple[str, str, str, Any]


def _contract_relationships(rows: list[list[Any]], column: dict[str, int],
                            found: list[list[Any]]) -> list[Relationship] | None:
    """The relationships between nodes of the part that the projection keeps (an allowed
    (source label, type, target label) of the contract), by ids; None if two of one type
    join the same two nodes (the projection keeps the one it happens to read last)."""
    label_of = {row[column["key"]]: row[column["label"]] for row in rows}
    id_of = {row[column["key"]]: row[column["id"]] for row in rows}
    allowed = set(schema.endpoint_pairs())
    kept = [(id_of[a], rel_type, id_of[b], mode) for a, rel_type, b, mode in found
            if a in label_of and b in label_of and (label_of[a], rel_type, label_of[b]) in allowed]
    if len({(a, rel_type, b) for a, rel_type, b, _ in kept}) < len(kept):
        return None
    return kept


def _projection(rows: list[list[Any]], column: dict[str, int],
                relationships: list[Relationship]) -> Projection:
    """The part as a Projection, built by the projection's own node table and edge filling."""
    rows.sort(key=lambda row: str(row[column["id"]]))  # the projection's node order
    graph = graph_of(NodeTable(rows, column))
    by_type: dict[str, list[Relationship]] = {}
    for relationship in relationships:
        by_type.setdefault(relationship[1], []).append(relationship)
    add_edges(graph, [(rel_type, [a for a, *_ in batch], [b for _, _, b, _ in batch],
                       [mode for *_, mode in batch])
                      for rel_type, batch in sorted(by_type.items())])
    return Projection(graph)
