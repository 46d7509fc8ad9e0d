"""Reading the graph for an export: the organizations and relationships the data contract can
hold, in the order they are written, and what else the graph holds, counted as ``lost``.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:             # doctest: +SKIP
...     nodes, relationships, lost = read_graph(store)
...     nodes[0].type, dict(lost)
('zone', {})
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from graphmodel import cypherlib, schema
from graphmodel.dataset import Organization
from graphmodel.errors import QueryError
from graphmodel.exporting.writing import Row, cell
from graphmodel.store.base import GraphStore, QueryResult

#: node types in the order their rows are written: areas first, as a reader expects them
TYPE_ORDER = ("zone", "street", *(t for t in schema.LABELS if t not in schema.AREA_TYPES))

Progress = Callable[[int], None]


def read_graph(store: GraphStore, progress: Progress | None = None,
               ) -> tuple[list[Organization], list[Row], Counter[str]]:
    """The nodes the contract can hold, in the order they are written; the relationships
    between them it can hold (source and target as positions in the node list); and what of
    the graph the export does not keep, counted. ``progress`` is called with the number of
    nodes and relationships read as they are."""
    with store.reading():  # node keys and relationship ends must come from one graph
        nodes, by_key, lost = _read_nodes(store, progress)
        relationships = _read_relationships(store, by_key, nodes, lost, progress)
    return nodes, relationships, lost


def label_counts(nodes: Iterable[Organization]) -> dict[str, int]:
    """How many nodes of each label, by label."""
    return dict(sorted(Counter(n.label for n in nodes).items()))


def _statement(store: GraphStore, name: str, number: int = 0) -> str:
    return store.statement(f"export/{name}.cypher", number)


def _read_nodes(store: GraphStore, progress: Progress | None,
                ) -> tuple[list[Organization], dict[Any, int], Counter[str]]:
    """The nodes the contract can hold, in the order they are written; each one's position
    by engine key; and what of the graph the export does not keep, counted."""
    statement = _statement(store, "nodes")
    try:  # part by part, so that no more than a part of the reply is held at once
        return _nodes_of(store, store.read_node_parts(statement), progress)
    except QueryError:  # a value is a list or a map: the fast read takes scalars only
        return _nodes_of(store, [_general_read(store, statement)], None)


def _general_read(store: GraphStore, statement: str) -> QueryResult:
    """A statement written for read_node_parts, over every node at once and through the
    general path, which also takes lists and maps."""
    return store.run_over_all_nodes(statement)


def _nodes_of(store: GraphStore, tables: Iterable[QueryResult], progress: Progress | None,
              ) -> tuple[list[Organization], dict[Any, int], Counter[str]]:
    lost: Counter[str] = Counter()
    found: list[Organization] = []
    keys: list[Any] = []
    unusual: list[tuple[list[Any], dict[str, int]]] = []  # rows that need their details
    for table in tables:
        at = {name: number for number, name in enumerate(table.columns)}
        for row in table.rows:
            properties = {key: row[at[key]] for key in schema.NODE_PROPERTIES
                          if row[at[key]] is not None}
            if row[at["label_count"]] != 1 or row[at["count"]] != len(properties):
                unusual.append((row, at))
                continue
            node = _node(row[at["label"]], properties, lost)
            if node is not None:
                found.append(node)
                keys.append(row[at["key"]])
        if progress:
            progress(len(table.rows))
    if unusual:
        details = _details(store, 0, [row[at["key"]] for row, at in unusual])
        for row, at in unusual:
            labels, property_keys = details.get(row[at["key"]], ([row[at["label"]]], []))
            properties = {key: row[at[key]] for key in schema.NODE_PROPERTIES
                          if row[at[key]] is not None}
            node = _node(_label_of(labels, properties.get("type")), properties, lost)
            if node is not None:  # (what a node left out whole holds is not counted again)
                found.append(node)
                keys.append(row[at["key"]])
                label = schema.LABELS[node.type]
                if len(labels) > 1:
                    lost[f"other labels of {label} nodes (written as {label})"] += (
                        len(labels) - 1)
                _count_other_keys(property_keys, schema.NODE_PROPERTIES, f"{label} nodes",
                                  lost)
    order = sorted(range(len(found)), key=lambda k: (TYPE_ORDER.index(found[k].type),
                                                      found[k].id))
    return ([found[k] for k in order], {keys[k]: position for position, k in enumerate(order)},
            lost)


def _details(store: GraphStore, statement: int, keys: list[Any]) -> dict[Any, Any]:
    """Labels and property keys of nodes (statement 0), or property keys of relationships
    (statement 1), by engine key."""
    result = store.run(_statement(store, "details", statement), {"keys": keys})
    return {row[0]: tuple(row[1:]) if statement == 0 else row[1] for row in result.rows}


def _label_of(labels: list[str], type_property: Any) -> str | None:
    """The one label a node of several is written with: the contract's label of its type
    property if it carries it, else its first contract label by name."""
    ours = sorted(label for label in labels if label in schema.TYPE_OF_LABEL)
    if not ours:
        return labels[0] if labels else None
    chosen = schema.LABELS.get(type_property) if isinstance(type_property, str) else None
    return chosen if chosen in ours else ours[0]


def _node(label: str | None, properties: dict[str, Any],
          lost: Counter[str]) -> Organization | None:
    """A node as the organization written, or None when the contract cannot hold it; what
    the export does not keep of it is counted in ``lost``."""
    if label not in schema.TYPE_OF_LABEL:
        lost[f"nodes labelled {label}: not a label of the data contract"
             if label is not None else "nodes without a label"] += 1
        return None
    node_id = properties.get("id")
    if node_id is None:
        lost[f"{label} nodes without an id"] += 1
        return None
    kind = schema.TYPE_OF_LABEL[label]
    if properties.get("type") != kind:
        lost[f"type properties of {label} nodes that are not {kind!r} (written as {kind!r})"
             if "type" in properties else f"{label} nodes without a type property (written "
             f"as {kind!r})"] += 1
        properties["type"] = kind
    if not isinstance(node_id, str):
        lost[f"ids of {label} nodes that are not text (written as text)"] += 1
        properties["id"] = node_id = cell(node_id)
    return Organization(node_id, kind, properties)


def _count_other_keys(keys: Iterable[str], known: tuple[str, ...], holders: str,
                      lost: Counter[str]) -> None:
    for key in keys:
        if key not in known:
            lost[f"property {key!r} of {holders}: not a property of the data contract"] += 1


def _read_relationships(store: GraphStore, by_key: dict[Any, int], nodes: list[Organization],
                        lost: Counter[str], progress: Progress | None) -> list[Row]:
    """(source position, target position, type, properties) of every relationship the
    contract can hold, by type (in the contract's order), then in the order of the
    organizations; what else the graph holds is counted in ``lost``."""
    found: list[Row] = []
    read = 0
    for rel_type in schema.RELATIONSHIPS:
        statement = cypherlib.fill(_statement(store, "relationships"), type=rel_type)
        try:  # part by part (of the source nodes, where the store reads so), as nodes are read
            rows, extra, of_type, count = _relationships_of(
                store.read_node_parts(statement), rel_type, by_key, nodes, progress)
        except QueryError:  # (a list or a map, as for nodes)
            rows, extra, of_type, count = _relationships_of(
                [_general_read(store, statement)], rel_type, by_key, nodes, None)
        lost.update(of_type)
        read += count
        kept = _without_repeats(rows, rel_type, lost)
        if extra:  # (what a relationship left out whole holds is not counted again)
            keys = [extra[id(row)] for row in kept if id(row) in extra]
            for property_keys in _details(store, 1, keys).values():
                _count_other_keys(property_keys, schema.REL_PROPERTIES,
                                  f"{rel_type} relationships", lost)
        found.extend(kept)
    _count_other_types(store, read, lost)
    return found


def _relationships_of(tables: Iterable[QueryResult], rel_type: str, by_key: dict[Any, int],
                      nodes: list[Organization], progress: Progress | None,
                      ) -> tuple[list[Row], dict[int, Any], Counter[str], int]:
    """The relationships of one type whose ends were both written and that the contract
    allows between their types; the engine key of those with properties the contract does
    not name, by ``id()`` of their row; what else was read, counted; how many were read."""
    rule = schema.RELATIONSHIPS[rel_type]
    rows: list[Row] = []
    extra: dict[int, Any] = {}
    lost: Counter[str] = Counter()
    read = 0
    for table in tables:
        at = {name: number for number, name in enumerate(table.columns)}
        for row in table.rows:
            source, target = by_key.get(row[at["source"]]), by_key.get(row[at["target"]])
            if source is None or target is None:
                lost[f"{rel_type} relationships from or to a node that was not written"] += 1
                continue
            source_type, target_type = nodes[source].type, nodes[target].type
            if not rule.allows(source_type, target_type):
                lost[f"{rel_type} relationships from {schema.LABELS[source_type]} to "
                     f"{schema.LABELS[target_type]}: the data contract does not allow them"] += 1
                continue
            properties = {key: row[at[key]] for key in schema.REL_PROPERTIES
                          if row[at[key]] is not None}
            kept = (source, target, rel_type, properties)
            if row[at["count"]] != len(properties):
                extra[id(kept)] = row[at["key"]]  # (the rows live on: ids stay unique)
            rows.append(kept)
        read += len(table.rows)
        if progress:
            progress(len(table.rows))
    return rows, extra, lost, read


def _count_other_types(store: GraphStore, read: int, lost: Counter[str]) -> None:
    """Count the relationships of types the contract does not name (looked for only when
    the graph holds more relationships than the contract's types)."""
    [[total]] = store.read_table(_statement(store, "other-types", 0)).rows
    if total > read:
        result = store.read_table(_statement(store, "other-types", 1),
                                  {"types": list(schema.RELATIONSHIPS)})
        for rel_type, count in result.rows:
            lost[f"{rel_type} relationships: not a relationship type of the data contract"] += (
                count)


def _without_repeats(rows: list[Row], rel_type: str, lost: Counter[str]) -> list[Row]:
    """The relationships of one type in the order of their ends, without what a dataset
    cannot hold (``load`` refuses it): a relationship from a node to itself, and a second
    one between the same two nodes (in either direction for PARTNERS_WITH, undirected in
    meaning). Of repeats, the one with the most properties is kept (see _by_properties)."""
    def pair(row: Row) -> tuple[int, int]:
        if rel_type == "PARTNERS_WITH":
            return min(row[0], row[1]), max(row[0], row[1])
        return row[0], row[1]

    rows.sort(key=lambda row: (*pair(row), row[0]))
    kept: list[Row] = []
    start = 0
    for end in range(1, len(rows) + 1):
        if end < len(rows) and pair(rows[end]) == pair(rows[start]):
            continue
        if rows[start][0] == rows[start][1]:
            lost[f"{rel_type} relationships from a node to itself"] += end - start
        else:
            group = rows[start:end]
            kept.append(group[0] if len(group) == 1 else min(group, key=_by_properties))
            if len(group) > 1:
                lost[f"{rel_type} relationships that repeat one between the same two "
                     "nodes"] += len(group) - 1
        start = end
    return kept


def _by_properties(row: Row) -> tuple[int, str, int, int]:
    """Most properties first (it holds the most facts), then the first as JSON."""
    return -len(row[3]), json.dumps(row[3], sort_keys=True, default=str), row[0], row[1]
