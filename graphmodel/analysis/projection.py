"""Read the graph from a store into NetworkX: the input of every analysis and view.

Nodes are keyed by organization id and carry ``type`` (from the label), ``name``,
``industry``, ``size``, ``employees``, ``party_members`` and ``level`` (None when absent);
edges carry ``type`` and ``mode``, keyed by type (one edge per type between two nodes, as
the contract has it). Everything is read through the named queries in ``cypher/projection/``.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:          # doctest: +SKIP
...     projection = project(store)
>>> projection.in_scope_units()[:2]                                # doctest: +SKIP
['ent-changan-ford', 'ent-changyou']
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import networkx as nx
import numpy as np

from graphmodel import schema
from graphmodel.gcpause import gc_paused
from graphmodel.status import MODES, NO_MODE, OTHER_MODE
from graphmodel.store.base import GraphStore
from graphmodel.store.columns import CODE_OF_LABEL, ColumnReads, allowed_targets, label_codes

NODE_FIELDS = schema.NODE_FIELDS


@dataclass
class Projection:
    """The graph as a NetworkX MultiDiGraph, with the look-ups analyses share."""

    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    #: each node's zone and street ({"zone": {node: area}, "street": ...}) where a reader
    #: worked them out from columns, for the nodes it will ask area() about (any other node
    #: has none); None: area() looks them up in the graph
    areas: dict[str, dict[Any, Any]] | None = None
    #: the day the projection is as of, when something not there that day was left out
    #: (graphmodel/analysis/asof.py); None: the graph as it is
    day: str | None = None

    def node(self, node_id: str) -> dict[str, Any]:
        """The node's attributes (NetworkX's node dict itself, not a view: the plan asks
        millions of times)."""
        return self.graph._node[node_id]

    def of_type(self, *types: str) -> list[str]:
        """Ids of the nodes of the given types, sorted."""
        return sorted(n for n, data in self.graph.nodes(data=True) if data["type"] in types)

    def in_scope_units(self) -> list[str]:
        """Ids of the units whose coverage is measured (enterprise, incubator, social_org)."""
        return self.of_type(*sorted(schema.IN_SCOPE_TYPES))

    def out_edges(self, node_id: str, rel_type: str) -> list[tuple[str, dict[str, Any]]]:
        """(target, edge data) of node_id's outgoing relationships of one type, by target."""
        return _of_type(self.graph._succ[node_id], rel_type)

    def in_edges(self, node_id: str, rel_type: str) -> list[tuple[str, dict[str, Any]]]:
        """(source, edge data) of node_id's incoming relationships of one type, by source."""
        return _of_type(self.graph._pred[node_id], rel_type)

    def area(self, node_id: str, area_type: str) -> str | None:
        """The zone or street a node is LOCATED_IN (the smallest id if several), or None."""
        if self.areas is not None:
            return self.areas[area_type].get(node_id)
        areas = [t for t, _ in self.out_edges(node_id, "LOCATED_IN")
                 if self.graph.nodes[t]["type"] == area_type]
        return areas[0] if areas else None


def _of_type(neighbours: Any, rel_type: str) -> list[tuple[str, dict[str, Any]]]:
    """(neighbour, edge data) for edges of one type in a multigraph adjacency, by neighbour.

    Reads NetworkX's adjacency dicts (``_succ``/``_pred``, the storage behind ``succ``/``pred``)
    directly: its read-only views cost several times more per call, and the plan makes
    hundreds of thousands of these calls at 100k organizations.
    """
    return sorted(((other, data) for other, keyed in neighbours.items()
                   for data in keyed.values() if data["type"] == rel_type),
                  key=lambda item: item[0])


@gc_paused
def project(store: GraphStore, rel_types: Collection[str] | None = None) -> Projection:
    """Read every organization and contract relationship of the store's graph into a Projection.

    With ``rel_types``, only relationships of those types are read (every node still is):
    an analysis that looks at a few types need not build the rest.

    Built for a million organizations in a few GiB: relationships are read in parts, their
    ends as the engine's own node ids, each replaced by the node's id string (so no edge holds
    a copy of an id): where the store reads integer columns (``store.columns()``), one
    (source label, type) at a time as columns (``_edge_columns``); elsewhere in one read, a
    row per relationship (``_edge_rows``). The edge data, which is only ``type`` and ``mode``, is
    shared: one ``{type: {"type": ..., "mode": ...}}`` dict per (type, mode) and part stands
    for every pair joined by exactly that edge.
    Treat ``projection.graph`` as read-only.
    """
    types = _relationship_types() if rel_types is None else set(rel_types)
    if unknown := types - _relationship_types():
        raise ValueError(f"no such relationship type in the contract: {sorted(unknown)}")
    with store.reading():  # node keys and relationship ends must come from one graph
        return _read(store, types)


def _relationship_types() -> set[str]:
    return {rel_type for _, rel_type, _ in schema.endpoint_pairs()}


def _read(store: GraphStore, rel_types: set[str]) -> Projection:
    nodes = read_nodes(store)
    graph = graph_of(nodes)
    key_at, id_at, label_at = nodes.at["key"], nodes.at["id"], nodes.at["label"]
    keys = [(row[key_at], row[id_at], row[label_at]) for row in nodes.rows]
    del nodes
    reads = store.columns()
    if reads is not None:
        edges = _edge_columns(reads, keys, rel_types)
    else:
        edges = _edge_rows(store, {key: node_id for key, node_id, _ in keys}, rel_types)
    del keys
    add_edges(graph, edges)
    return Projection(graph)


@dataclass
class NodeTable:
    """Nodes as rows of the projection's node read (``at``: column name -> position)."""

    rows: list[list[Any]]
    at: dict[str, int]


def read_nodes(store: GraphStore) -> NodeTable:
    """Every node of the contract that has an id, sorted by id (call under store.reading()).

    Nodes outside the contract, made by a user's --write query, are left out. An id that is
    not text (a number set by such a query) is read as its text, as the contract has ids:
    analyses and views sort ids, and Python cannot sort 7 beside 'e1'.
    """
    type_of = schema.TYPE_OF_LABEL
    rows: list[list[Any]] = []
    for part in store.read_node_parts(store.statement("projection/nodes.cypher")):
        at = {column: index for index, column in enumerate(part.columns)}
        id_at, label_at = at["id"], at["label"]
        rows += [row for row in part.rows if row[id_at] is not None and row[label_at] in type_of]
    for row in rows:
        row[id_at] = id_text(row[id_at])
    rows.sort(key=lambda row: row[id_at])
    return NodeTable(rows, at)


def id_text(node_id: Any) -> str:
    """An id as the projection keys its node: as text (7 -> '7').

    >>> id_text(7), id_text("e1")
    ('7', 'e1')
    """
    return node_id if type(node_id) is str else str(node_id)


def graph_of(nodes: NodeTable) -> nx.MultiDiGraph:
    """A graph of these nodes, each with its ``type`` and NODE_FIELDS, and no edges yet."""
    type_of = schema.TYPE_OF_LABEL
    id_at, label_at = nodes.at["id"], nodes.at["label"]
    fields = [(name, nodes.at[name]) for name in NODE_FIELDS]
    graph = nx.MultiDiGraph()
    ids = [row[id_at] for row in nodes.rows]
    # what add_nodes_from does, without its per-node checks (a later row of an id wins)
    graph._node.update(zip(ids, ({"type": type_of[row[label_at]],
                                  **{name: row[i] for name, i in fields}} for row in nodes.rows),
                           strict=True))
    graph._succ.update((node, {}) for node in ids)
    graph._pred.update((node, {}) for node in ids)
    return graph


#: (relationship type, source ids, target ids, modes) of a batch of relationships
EdgeBatch = tuple[str, Iterable[str], Iterable[str], Iterable[Any]]


def _edge_rows(store: GraphStore, id_of: dict[Any, str],
               rel_types: set[str]) -> Iterator[EdgeBatch]:
    """The relationships of ``rel_types`` in one read, a row each, per type.

    A relationship is kept when the contract allows (source label, type, target label) for
    some label of each end (a node of several labels is matched by any of them, as a
    ``MATCH (a:Label)`` would) and both ends are nodes of the projection.
    """
    allowed = set(schema.endpoint_pairs())
    rels = store.read_table(store.statement("projection/relationships.cypher"),
                            {"types": sorted(rel_types)})
    kept: dict[str, list[tuple[str, str, Any]]] = {}
    for a, a_label, rel_type, b, b_label, mode in rels.rows:
        # (an end outside the contract, made by a user's --write query, is left out)
        if a not in id_of or b not in id_of:
            continue
        if a_label[:1] != ":" and b_label[:1] != ":" and a_label and b_label:
            if (a_label, rel_type, b_label) not in allowed:
                continue
        elif not any((x, rel_type, y) in allowed for x in _labels(a_label)
                     for y in _labels(b_label)):
            continue
        kept.setdefault(rel_type, []).append((id_of[a], id_of[b], mode))
    for rel_type in sorted(kept):
        rows = kept[rel_type]
        yield rel_type, [a for a, _, _ in rows], [b for _, b, _ in rows], [m for *_, m in rows]


def _labels(found: Any) -> list[str]:
    """A node's labels as the relationship read gives them: 'A', or ':A:B' for a node with
    other than one label ('' for none)."""
    return found.split(":")[1:] if found.startswith(":") or not found else [found]


def _edge_columns(reads: ColumnReads, keys: list[tuple[int, str, str]],
                  rel_types: set[str]) -> Iterator[EdgeBatch]:
    """The relationships one (source label, type) at a time as numpy columns of node ids.

    Ends are mapped to organization ids by array indexing rather than a Python step per
    relationship.
    """
    size = 1 + max((key for key, _, _ in keys), default=-1)
    id_of = np.full(size, None, dtype=object)
    if keys:
        id_of[np.fromiter((key for key, _, _ in keys), dtype=np.int64, count=len(keys))] = [
            node_id for _, node_id, _ in keys]
    label_of = label_codes([key for key, _, _ in keys], [label for *_, label in keys])
    modes = np.array([*MODES, None], dtype=object)  # code NO_MODE (-1): the last
    for rel_type, source_label, columns in reads.relationship_columns(label_of, rel_types):
        source, target, code = columns["source"], columns["target"], columns["mode"]
        plain = code != OTHER_MODE
        if not plain.all():
            source, target, code = source[plain], target[plain], code[plain]
        mode_list = modes[code].tolist() if (code != NO_MODE).any() else repeat(None)
        yield rel_type, id_of[source].tolist(), id_of[target].tolist(), mode_list
        if not plain.all():  # modes outside the contract keep their own values
            allowed = allowed_targets(source_label, rel_type)
            code_of_source = CODE_OF_LABEL[source_label]
            rows = reads.other_modes(source_label, rel_type)
            kept = [(id_of[a], id_of[b], mode) for a, b, mode in rows
                    if a < size and b < size and label_of[a] == code_of_source
                    and allowed[label_of[b]]]
            yield (rel_type, [a for a, _, _ in kept], [b for _, b, _ in kept],
                   [m for *_, m in kept])


def whole_graph(store: GraphStore) -> nx.MultiDiGraph:
    """Every node and relationship with all their properties, as a MultiDiGraph: nodes keyed
    by ``id`` (a node without one by ``"~"`` and the engine's own id for it) with ``labels``
    and their properties; edges keyed by relationship type, with ``type`` and properties.
    """
    graph = nx.MultiDiGraph()
    with store.reading():
        nodes = store.run(store.statement("networkx/graph.cypher", 0))
        relationships = store.run(store.statement("networkx/graph.cypher", 1))
    name_of = {}
    for key, labels, properties in nodes.rows:
        node_id = properties.get("id")
        name = id_text(node_id) if node_id is not None else f"~{key}"
        name_of[key] = name
        graph.add_node(name, labels=list(labels), **properties)
    for source, rel_type, target, properties in relationships.rows:
        graph.add_edge(name_of[source], name_of[target], key=rel_type,
                       **{**properties, "type": rel_type})
    return graph


def add_edges(graph: nx.MultiDiGraph, batches: Iterable[EdgeBatch]) -> None:
    """Fill the adjacency dicts; the edge data is shared per (type, mode), see project."""
    succ, pred = graph._succ, graph._pred
    for rel_type, sources, targets, modes in batches:
        shared: dict[Any, dict[str, dict[str, Any]]] = {}  # mode -> {type: edge data}
        for a, b, mode in zip(sources, targets, modes, strict=False):  # (modes may repeat)
            keyed = shared.get(mode) if isinstance(mode, str) or mode is None else None
            if keyed is None:  # (a mode of another kind, written by a user query: its own)
                keyed = {rel_type: {"type": rel_type, "mode": mode}}
                if isinstance(mode, str) or mode is None:
                    shared[mode] = keyed
            out = succ[a]
            existing = out.get(b)
            if existing is not None:  # a second type between the same pair: its own dict
                keyed = {**existing, **keyed}
            out[b] = pred[b][a] = keyed
