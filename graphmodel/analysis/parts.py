"""Read only the part of a store's graph that a --zone, --street or --ego view draws.

A view of one area shows the area, the organizations LOCATED_IN it and, faded, their
direct neighbours (``scopes.area_scope``); an ego view shows what lies within N steps of one
node, never walking through a zone or street (``scopes.ego_scope``). Both flag each unit's
coverage and name each node's zone and street. Projecting a whole district of a million
organizations for that takes half a minute; this reads, from the area or the centre
outwards, the nodes such a view can look at:

* area: the area, every node LOCATED_IN it, and every neighbour of those;
* ego: the nodes within N steps of the centre, walking on from every node whose first label
  is not Zone or Street (the centre always);
* then the places (LOCATED_IN) of all those, and the nodes that COVER or GUIDE them;

and every relationship among them (statements: ``cypher/views/parts.cypher``). Those steps
follow every relationship and stop only at nodes whose first label is an area's, which is
how the projection tells areas, so they reach at least what the projection's would. The result
is the projection's induced subgraph on those nodes: the same node data and relationships
as ``project(store)`` has between them, so the view comes out the same. Where it could not
be the same (no such area or centre; a node outside the part sharing an id with one inside,
which the projection would merge; a node with two labels, which Neo4j's projection reads by
either; an id that is not text; two relationships of one type between the same two nodes,
of which the projection keeps the one it reads last), ``None`` says so, and the view
projects the whole graph as before.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:           # doctest: +SKIP
...     part = area_part(store, "zone-industrial-park", "zone")
>>> part.graph.number_of_nodes() < 100                              # doctest: +SKIP
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from graphmodel import cypherlib, schema
from graphmodel.analysis.projection import NodeTable, Projection, add_edges, graph_of
from graphmodel.store.base import GraphStore

#: the statements of cypher/views/parts.cypher, in their order there
_STATEMENTS = ("zone", "street", "centre", "located_in", "neighbours", "places", "coverers",
               "nodes", "relationships")
#: a part read larger than this gives up (None): it is then a large share of the graph,
#: which the projection reads in bounded parts, and far above what a view may show
MAX_PART_NODES = 300_000
#: first labels the ego walk does not go on from (the projection's area types)
_AREA_LABELS = frozenset(schema.LABELS[kind] for kind in schema.AREA_TYPES)


def area_part(store: GraphStore, area_id: str, area_type: str) -> Projection | None:
    """The projection of the nodes a view of one zone or street can show, or None.

    ``area_type`` is "zone" or "street". None: the area is not in the store, or the part
    would not give the view it gets from the whole projection (see the module's text).
    """
    def around(statements: _Statements, area: Any) -> set[Any]:
        core = {area} | statements.keys("located_in", keys=[area])
        return core | statements.keys("neighbours", keys=list(core - {area}))

    return _part(store, find=area_type, node_id=area_id, label=schema.LABELS[area_type],
                 around=around)


def ego_part(store: GraphStore, centre: str, depth: int) -> Projection | None:
    """The projection of the nodes a view of ``depth`` steps around ``centre`` can show, or
    None (see ``area_part``)."""
    def around(statements: _Statements, start: Any) -> set[Any]:
        seen, frontier = {start}, [start]
        for _ in range(depth):
            if not frontier or len(seen) > MAX_PART_NODES:
                break
            rows = statements.rows("neighbours", keys=frontier)
            # walk on from what is new and not an area: the projection's stop rule, by the
            # same first label (the centre was walked from whatever it is)
            frontier = [key for key, label in rows
                        if key not in seen and label not in _AREA_LABELS]
            seen.update(key for key, _ in rows)
        return seen

    return _part(store, find="centre", node_id=centre, label=None, around=around)


def node_exists(store: GraphStore, node_id: str, types: tuple[str, ...] | None = None) -> bool:
    """Whether the store has exactly one node with this id (by its index), of one of
    ``types`` when it is one area type (None: of any label)."""
    find = types[0] if types is not None and len(types) == 1 and types[0] in (
        "zone", "street") else "centre"
    if types is not None and find == "centre" and not set(types) >= set(schema.TYPE_OF_LABEL
                                                                         .values()):
        return False  # (other sets of types are looked for among every node's choices)
    return len(_Statements(store).keys(find, id=node_id)) == 1


class _Statements:
    """The statements of the part reads in a store's dialect, run with parameters."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.text = {name: store.statement("views/parts.cypher", number)
                     for number, name in enumerate(_STATEMENTS)}

    def rows(self, name: str, **params: Any) -> list[list[Any]]:
        return self.store.read_table(self.text[name], params).rows

    def keys(self, name: str, **params: Any) -> set[Any]:
        """The node keys a statement returns (its first column)."""
        return {row[0] for row in self.rows(name, **params)}


def _part(store: GraphStore, *, find: str, node_id: str, label: str | None,
          around: Callable[[_Statements, Any], set[Any]]) -> Projection | None:
    """The part around the one node the statement ``find`` finds by ``node_id`` (whose first
    label must be ``label``, if given): ``around`` it, with places and coverers."""
    statements = _Statements(store)
    with store.reading():  # (one graph for every statement, where the engine holds one)
        found = statements.keys(find, id=node_id)
        if len(found) != 1:
            return None
        start = found.pop()
        near = around(statements, start)
        if len(near) > MAX_PART_NODES:
            return None
        part = list(near | statements.keys("places", keys=list(near))
                    | statements.keys("coverers", keys=list(near)))
        nodes = store.read_table(statements.text["nodes"], {"keys": part})
        column = {name: index for index, name in enumerate(nodes.columns)}
        rows = [row for row in nodes.rows if row[column["id"]] is not None
                and row[column["label"]] in schema.TYPE_OF_LABEL]
        if not (_plain(rows, column, start, label)
                and _ids_unique_in_graph(store, [row[column["id"]] for row in rows])):
            return None
        relationships = _contract_relationships(rows, column,
                                                statements.rows("relationships", keys=part))
    if relationships is None:
        return None
    return _projection(rows, column, relationships)


def _plain(rows: list[list[Any]], column: dict[str, int], start: Any,
           label: str | None) -> bool:
    """Whether the part is free of what the projection reads differently from it: the start
    read as another label (or not at all), a node with two labels (Neo4j projects a
    relationship by any label of its ends), an id that is not text (the projection keys
    nodes by Python value, where True is 1; Cypher does not)."""
    key_at, id_at, label_at = column["key"], column["id"], column["label"]
    # (label None: the start may be of any label the contract has)
    return (any(row[key_at] == start and label in (None, row[label_at]) for row in rows)
            and all(row[column["labels"]] == 1 and type(row[id_at]) is str for row in rows))


def _ids_unique_in_graph(store: GraphStore, ids: list[str]) -> bool:
    """Whether no two nodes of the contract, in the part or out of it, share these ids
    (the projection makes them one node), also as a number or a boolean whose text they are
    (the projection reads such an id as its text: 5 and '5' are one node)."""
    if len(set(ids)) < len(ids):
        return False
    typed = [value for node_id in ids for value in _typed_forms(node_id)]
    return (_nodes_with_ids(store, ids) == len(ids)
            and (not typed or _nodes_with_ids(store, typed) == 0))


def _nodes_with_ids(store: GraphStore, ids: list[Any]) -> int:
    """How many nodes of the contract's labels have one of these ids (index-backed)."""
    template = cypherlib.read("views/same-id.cypher").statements()[0]
    return sum(store.read_table(cypherlib.fill(template, label=label), {"ids": ids}).rows[0][0]
               for label in sorted(schema.TYPE_OF_LABEL))


def _typed_forms(node_id: str) -> list[Any]:
    """The numbers and booleans Python writes as this text: '5' -> [5], '1.5' -> [1.5],
    'True' -> [True].

    >>> _typed_forms("5"), _typed_forms("e-5"), _typed_forms("True")
    ([5], [], [True])
    """
    forms: list[Any] = []
    if node_id in ("True", "False"):
        return [node_id == "True"]
    for kind in (int, float):
        try:
            value = kind(node_id)
        except ValueError:
            continue
        if str(value) == node_id and (kind is int or math.isfinite(value)):
            forms.append(value)
    return forms


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
