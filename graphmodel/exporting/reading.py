"""Reading the graph for an export: the organizations and relationships the data contract can
hold, with the properties of the user's own (a register's extra columns, which ``load`` keeps
as properties), in the order they are written; what else the graph holds is counted as
``lost``.

Nodes are read in parts (``read_node_parts``). Relationships are read as integer columns
where the store reads columns (its engine ids are integers: at 100k organizations 0.6 s for
every relationship instead of 2 s of rows), then the properties of those that have any; else
as rows, type by type. Properties outside the contract are read key by key (``n[$key]``), and
only when some node or relationship has more properties than the contract's.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:             # doctest: +SKIP
...     read = read_graph(store)
...     read.nodes[0].type, dict(read.lost)
('zone', {})
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter, ne
from typing import Any

import numpy as np

from graphmodel import cypherlib, schema
from graphmodel.dataset import Organization
from graphmodel.errors import QueryError
from graphmodel.exporting.writing import Row, cell
from graphmodel.i18n import Text
from graphmodel.store.base import GraphStore, QueryResult

#: node types in the order their rows are written: areas first, as a reader expects them
TYPE_ORDER = ("zone", "street", *(t for t in schema.LABELS if t not in schema.AREA_TYPES))
#: the contract's relationship types, numbered from 1 as relationship-columns.cypher does
REL_TYPES = tuple(schema.RELATIONSHIPS)
#: at most this many nodes (or relationships) with properties outside the contract have their
#: keys read one by one; with more, every key the graph has is read over the whole graph
DETAILS_AT_MOST = 5_000

Progress = Callable[[int], None]
#: the properties of every relationship read without any (one dictionary, not one each:
#: 16 MB at 100k organizations); a row's properties are never changed
NO_PROPERTIES: dict[str, Any] = {}
#: the relationships read as columns, and the tables of the properties of those that have any
_Read = tuple[dict[str, Any], list[QueryResult]]


@dataclass
class GraphRead:
    """What an export writes: the organizations (in the order written), the relationships
    between them (ends as positions in ``nodes``), what it does not keep, counted, and the
    names of the properties outside the contract it keeps (``organizations``,
    ``relationships``: sorted)."""

    nodes: list[Organization]
    relationships: list[Row]
    lost: Counter[str] = field(default_factory=Counter)
    own: dict[str, list[str]] = field(default_factory=dict)


def read_graph(store: GraphStore, progress: Progress | None = None, *,
               only: Collection[str] | None = None) -> GraphRead:
    """The graph as an export writes it. ``progress`` is called with the number of nodes and
    relationships read as they are; ``only``: the ids of the organizations to keep (a part
    of the graph: what lies outside it is neither written nor counted as lost)."""
    with store.reading():  # node keys and relationship ends must come from one graph
        reader = _Reader(store, progress, only)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export") as pool:
            # (the relationships' columns are read meanwhile on another connection, where
            # the store reads columns: the server works on them while the nodes are parsed)
            early = (pool.submit(reader.relationship_columns)
                     if store.columns() is not None else None)
            nodes, by_key = reader.nodes()
            relationships = reader.relationships(by_key, nodes, early)
    own_nodes = sorted(set().union(*map(attrgetter("properties"), nodes))
                       - set(schema.NODE_PROPERTIES))
    own_rels = sorted(set().union(*map(itemgetter(3), relationships))
                      - set(schema.REL_PROPERTIES))
    return GraphRead(nodes, relationships, reader.lost,
                     {"organizations": own_nodes, "relationships": own_rels})


def label_counts(nodes: Iterable[Organization]) -> dict[str, int]:
    """How many nodes of each label, by label."""
    return dict(sorted(Counter(n.label for n in nodes).items()))


def own_column_allowed(key: str, columns: tuple[str, ...], aliases: dict[str, str]) -> bool:
    """May a property outside the contract be written as a column of the user's own: its name
    is not a contract column (or a Chinese name of one), and a header can hold it.

    >>> own_column_allowed("聯繫電話", schema.ORG_COLUMNS, schema.ORG_COLUMN_ALIASES)
    True
    >>> own_column_allowed("名稱", schema.ORG_COLUMNS, schema.ORG_COLUMN_ALIASES)
    False
    """
    return (bool(key) and key == key.strip() and "`" not in key and "\x00" not in key
            and schema.canonical_column(key, columns, aliases) is None)


class _Reader:
    """One read of the graph, with what it does not keep counted in ``lost``."""

    def __init__(self, store: GraphStore, progress: Progress | None,
                 only: Collection[str] | None):
        self.store, self.progress = store, progress
        self.only = set(only) if only is not None else None
        self.lost: Counter[str] = Counter()
        self._keys: list[str] | None = None

    def statement(self, name: str, number: int = 0) -> str:
        return self.store.statement(f"export/{name}.cypher", number)

    def property_keys(self) -> list[str]:
        if self._keys is None:
            self._keys = [row[0] for row in
                          self.store.read_table(self.statement("property-keys")).rows]
        return self._keys

    def own_values(self, number: int, keys: Iterable[str]) -> dict[str, dict[Any, Any]]:
        """Per property key: its values by engine key, of nodes (``number`` 0) or
        relationships (1); keys no node (relationship) has are left out."""
        found = {}
        for key in keys:
            statement = self.statement("own-properties", number)
            try:
                result = self.store.read_table(statement, {"name": key})
            except QueryError:  # (a list or a map: the general read)
                result = self.store.run(statement, {"name": key})
            if result.rows:
                found[key] = dict(map(tuple, result.rows))
        return found

    def own_keys(self, number: int, extra: list[Any], contract: tuple[str, ...],
                 columns: tuple[str, ...], aliases: dict[str, str]) -> list[str]:
        """The keys outside the contract worth reading, given the engine keys of the nodes
        (``number`` 0) or relationships (1) that have more properties than the contract's."""
        if not extra:
            return []
        if len(extra) <= DETAILS_AT_MOST:
            details = _details(self.store, number, extra)
            present = {k for d in details.values() for k in (d[1] if number == 0 else d)}
        else:
            present = set(self.property_keys())
        return sorted(k for k in present
                      if k not in contract and own_column_allowed(k, columns, aliases))

    # --- nodes ------------------------------------------------------------------------

    def nodes(self) -> tuple[list[Organization], dict[Any, int]]:
        """The nodes the contract can hold, in the order they are written, and each one's
        position by engine key."""
        statement = self.statement("nodes")
        try:  # part by part, so that no more than a part of the reply is held at once
            tables = []
            for table in self.store.read_node_parts(statement):
                tables.append(table)
                if self.progress:
                    self.progress(len(table.rows))
        except QueryError:  # a value is a list or a map: the fast read takes scalars only
            tables = [self.store.run_over_all_nodes(statement)]
        return self._nodes_of(tables)

    def _nodes_of(self, tables: list[QueryResult]) -> tuple[list[Organization], dict[Any, int]]:
        rows = [row for table in tables for row in table.rows]
        if not rows:
            return [], {}
        at = {name: number for number, name in enumerate(tables[-1].columns)}
        columns = [(key, at[key]) for key in schema.NODE_PROPERTIES]
        found = [{key: row[k] for key, k in columns if row[k] is not None} for row in rows]
        keys = list(map(itemgetter(at["key"]), rows))
        counts = list(map(itemgetter(at["count"]), rows))
        extra = list(itertools.compress(keys, map(ne, counts, map(len, found))))
        own = self.own_values(0, self.own_keys(0, extra, schema.NODE_PROPERTIES,
                                               schema.ORG_COLUMNS, schema.ORG_COLUMN_ALIASES))
        if own:
            index = {key: k for k, key in enumerate(keys)}
            for name, values in own.items():
                for key, value in values.items():
                    if key in index:
                        found[index[key]][name] = value
        # the nodes written: (id, type, properties, engine key), in the order read
        written: list[tuple[str, str, dict[str, Any], Any]] = []
        unusual: list[tuple[list[Any], dict[str, Any]]] = []  # rows that need their details
        type_of, only = schema.TYPE_OF_LABEL, self.only
        for row, key, label, label_count, count, properties in zip(
                rows, keys, map(itemgetter(at["label"]), rows),
                map(itemgetter(at["label_count"]), rows), counts, found, strict=True):
            if label_count != 1 or count != len(properties):
                unusual.append((row, properties))
                continue
            kind = type_of.get(label)
            node_id = properties.get("id")
            if (only is None and kind is not None and node_id.__class__ is str
                    and properties.get("type") == kind):  # (as _node has it, faster)
                written.append((node_id, kind, properties, key))
                continue
            node = self._node(label, properties)
            if node is not None:
                written.append((node.id, node.type, node.properties, key))
        if unusual:
            details = _details(self.store, 0, [row[at["key"]] for row, _ in unusual])
            for row, properties in unusual:
                labels, property_keys = details.get(row[at["key"]], ([row[at["label"]]], []))
                node = self._node(_label_of(labels, properties.get("type")), properties)
                if node is not None:  # (what a node left out whole holds is not counted again)
                    written.append((node.id, node.type, node.properties, row[at["key"]]))
                    label = schema.LABELS[node.type]
                    if len(labels) > 1:
                        self.lost[Text("other labels of {label} nodes (written as {label})",
                                       label=label)] += len(labels) - 1
                    self._count_other_keys(property_keys, properties,
                                           Text("{label} nodes", label=label),
                                           schema.ORG_COLUMNS, schema.ORG_COLUMN_ALIASES)
        rank = {kind: number for number, kind in enumerate(TYPE_ORDER)}
        written.sort(key=lambda node: (rank[node[1]], node[0]))
        ids, kinds, properties, keys = (list(column) for column in zip(*written, strict=True)
                                        ) if written else ([], [], [], [])
        return (list(map(Organization, ids, kinds, properties)),
                dict(zip(keys, range(len(keys)), strict=True)))

    def _node(self, label: str | None, properties: dict[str, Any]) -> Organization | None:
        """A node as the organization written, or None when the contract cannot hold it (or
        it lies outside the part asked for); what the export does not keep of it is counted."""
        node_id = properties.get("id")
        if self.only is not None and (node_id is None or cell(node_id) not in self.only):
            return None
        if label not in schema.TYPE_OF_LABEL:
            self.lost[Text("nodes labelled {label}: not a label of the data contract",
                           label=label) if label is not None
                      else Text("nodes without a label")] += 1
            return None
        if node_id is None:
            self.lost[Text("{label} nodes without an id", label=label)] += 1
            return None
        kind = schema.TYPE_OF_LABEL[label]
        if properties.get("type") != kind:
            self.lost[Text("type properties of {label} nodes that are not {kind!r} (written as "
                           "{kind!r})" if "type" in properties else
                           "{label} nodes without a type property (written as {kind!r})",
                           label=label, kind=kind)] += 1
            properties["type"] = kind
        if not isinstance(node_id, str):
            self.lost[Text("ids of {label} nodes that are not text (written as text)",
                           label=label)] += 1
            properties["id"] = node_id = cell(node_id)
        return Organization(node_id, kind, properties)

    def _count_other_keys(self, keys: Iterable[str], kept: dict[str, Any], holders: Text,
                          columns: tuple[str, ...], aliases: dict[str, str]) -> None:
        for key in keys:
            if key in kept:
                continue
            column = schema.canonical_column(key, columns, aliases)
            self.lost[Text("property {key!r} of {holders}: the data contract's column "
                           "{column!r} has this name" if column is not None else
                           "property {key!r} of {holders}: a column cannot have this name",
                           key=key, holders=holders, column=column)] += 1

    # --- relationships ----------------------------------------------------------------

    def relationships(self, by_key: dict[Any, int], nodes: list[Organization],
                      early: Future[_Read] | None = None) -> list[Row]:
        """(source position, target position, type, properties) of every relationship the
        contract can hold, by type (in the contract's order), then in the order of the
        organizations. ``early``: the columns of ``relationship_columns``, being read."""
        position = _positions(by_key)
        if position is not None and self.store.columns() is not None:
            columns = self._positioned(position, early.result() if early is not None
                                       else self.relationship_columns())
        else:
            columns = self._relationship_rows(by_key)
        rank = {kind: number for number, kind in enumerate(TYPE_ORDER)}
        kinds = np.fromiter(map(rank.__getitem__, map(attrgetter("type"), nodes)),
                            dtype=np.int64, count=len(nodes))
        found: list[Row] = []
        unusual: list[tuple[str, Any, dict[str, Any]]] = []
        for number, rel_type in enumerate(REL_TYPES, start=1):
            chosen = columns.type == number
            found.extend(self._of_type(rel_type, columns.source[chosen],
                                       columns.target[chosen], columns.key[chosen],
                                       columns.count[chosen], columns.properties, kinds,
                                       nodes, unusual))
        if unusual:
            details = _details(self.store, 1, [key for _, key, _ in unusual])
            for rel_type, key, properties in unusual:
                self._count_other_keys(details.get(key, []), properties,
                                       Text("{type} relationships", type=rel_type),
                                       schema.REL_COLUMNS,
                                       schema.REL_COLUMN_ALIASES)
        if self.only is None:
            self._count_other_types(columns)
        return found

    def relationship_columns(self) -> _Read:
        """Every relationship as columns (the engine keys of its ends, its own, its number
        of properties, its type's number), and the contract's properties of those of the
        contract's types that have any (read type by type: the server finds a type's
        relationships faster than it looks at every relationship). Makes no other use of the
        reader: it may run on another thread."""
        [read] = self.store.read_columns(self.statement("relationship-columns"),
                                         arrays={"source", "target", "key", "count", "type"})
        with_properties = np.unique(read["type"][read["count"] > 0]).tolist()
        return read, [self._table(cypherlib.fill(self.statement("relationship-properties"),
                                                 type=REL_TYPES[number - 1]))
                      for number in with_properties if number > 0]

    def _positioned(self, position: np.ndarray, columns: _Read) -> _Columns:
        """The relationships' columns, their ends as positions (-1: not written)."""
        read, tables = columns
        if self.progress:
            self.progress(len(read["key"]))
        properties: dict[Any, dict[str, Any]] = {}
        extra = []
        for table in tables:
            at = {name: number for number, name in enumerate(table.columns)}
            columns = [(name, at[name]) for name in schema.REL_PROPERTIES]
            for row in table.rows:
                properties[row[at["key"]]] = {name: row[k] for name, k in columns
                                              if row[k] is not None}
        if properties:  # (engine keys are small integers where the store reads columns)
            counts = np.zeros(int(read["key"].max()) + 1, dtype=np.int64)
            counts[read["key"]] = read["count"]
            with_properties = np.fromiter(properties, dtype=np.int64, count=len(properties))
            found = np.fromiter(map(len, properties.values()), dtype=np.int64,
                                count=len(properties))
            extra = with_properties[counts[with_properties] != found].tolist()
        self._add_own(properties, extra)
        return _Columns(_at(position, read["source"]), _at(position, read["target"]),
                        read["key"], read["count"], read["type"], properties)

    def _relationship_rows(self, by_key: dict[Any, int]) -> _Columns:
        """Every relationship of the contract's types read as rows (engines that read
        columns no faster, or node keys that are not integers)."""
        sources, targets, keys, counts, types = [], [], [], [], []
        properties: dict[Any, dict[str, Any]] = {}
        extra = []
        for number, rel_type in enumerate(REL_TYPES, start=1):
            statement = cypherlib.fill(self.statement("relationships"), type=rel_type)
            try:
                tables = list(self.store.read_node_parts(statement))
            except QueryError:  # (a list or a map, as for nodes)
                tables = [self.store.run_over_all_nodes(statement)]
            for table in tables:
                at = {name: k for k, name in enumerate(table.columns)}
                columns = [(name, at[name]) for name in schema.REL_PROPERTIES]
                for row in table.rows:
                    key = row[at["key"]]
                    sources.append(by_key.get(row[at["source"]], -1))
                    targets.append(by_key.get(row[at["target"]], -1))
                    keys.append(key)
                    counts.append(row[at["count"]])
                    types.append(number)
                    found = {name: row[k] for name, k in columns if row[k] is not None}
                    if found:
                        properties[key] = found
                    if row[at["count"]] != len(found):
                        extra.append(key)
                if self.progress:
                    self.progress(len(table.rows))
        self._add_own(properties, extra)
        engine_keys = np.empty(len(keys), dtype=object)
        engine_keys[:] = keys
        return _Columns(np.array(sources, dtype=np.int64), np.array(targets, dtype=np.int64),
                        engine_keys, np.array(counts, dtype=np.int64),
                        np.array(types, dtype=np.int64), properties)

    def _table(self, statement: str) -> QueryResult:
        try:
            return self.store.read_table(statement)
        except QueryError:  # (a list or a map)
            return self.store.run(statement)

    def _add_own(self, properties: dict[Any, dict[str, Any]], extra: list[Any]) -> None:
        """Add the properties outside the contract of the relationships (``extra``: the
        engine keys of those that have more than the contract's)."""
        own = self.own_values(1, self.own_keys(1, extra, schema.REL_PROPERTIES,
                                               schema.REL_COLUMNS, schema.REL_COLUMN_ALIASES))
        for name, values in own.items():
            for key, value in values.items():
                properties.setdefault(key, {})[name] = value

    def _of_type(self, rel_type: str, source: np.ndarray, target: np.ndarray, keys: np.ndarray,
                 count: np.ndarray, properties: dict[Any, dict[str, Any]], kinds: np.ndarray,
                 nodes: list[Organization],
                 unusual: list[tuple[str, Any, dict[str, Any]]]) -> list[Row]:
        """The relationships of one type the contract can hold, in the order written; what
        else there is of the type is counted."""
        written = (source >= 0) & (target >= 0)
        if self.only is None and (~written).any():
            self.lost[Text("{type} relationships from or to a node that was not written",
                           type=rel_type)] += int((~written).sum())
        rule = schema.RELATIONSHIPS[rel_type]
        allowed = np.zeros((len(TYPE_ORDER), len(TYPE_ORDER)), dtype=bool)
        for s, source_type in enumerate(TYPE_ORDER):
            for t, target_type in enumerate(TYPE_ORDER):
                allowed[s, t] = rule.allows(source_type, target_type)
        ends = np.flatnonzero(written)
        pair_ok = allowed[kinds[source[ends]], kinds[target[ends]]]
        for k in ends[~pair_ok].tolist():
            self.lost[Text("{type} relationships from {source} to {target}: the data "
                           "contract does not allow them", type=rel_type,
                           source=nodes[source[k]].label, target=nodes[target[k]].label)] += 1
        chosen = ends[pair_ok]
        loops = source[chosen] == target[chosen]
        if loops.any():
            self.lost[Text("{type} relationships from a node to itself",
                           type=rel_type)] += int(loops.sum())
        chosen = chosen[~loops]
        first, second = source[chosen], target[chosen]
        if rel_type == "PARTNERS_WITH":
            first, second = np.minimum(first, second), np.maximum(first, second)
        order = np.lexsort((source[chosen], second, first))
        chosen, first, second = chosen[order], first[order], second[order]
        starts = np.flatnonzero(np.r_[True, (first[1:] != first[:-1])
                                      | (second[1:] != second[:-1])]) if len(chosen) else (
            np.zeros(0, dtype=np.int64))
        sizes = np.diff(np.r_[starts, len(chosen)])
        repeats = int((sizes - 1).sum())
        if repeats:
            self.lost[Text("{type} relationships that repeat one between the same two nodes",
                           type=rel_type)] += repeats
        picks = chosen[starts]  # (the one of each pair kept: the only one, or the best)
        for group in np.flatnonzero(sizes > 1).tolist():
            members = chosen[starts[group]:starts[group] + sizes[group]].tolist()
            picks[group] = min(members, key=lambda j: _by_properties(
                properties.get(keys[j], {}), int(source[j]), int(target[j])))
        get = properties.get
        rows: list[Row] = [(s, t, rel_type, get(k) or NO_PROPERTIES) for s, t, k in zip(
            source[picks].tolist(), target[picks].tolist(), keys[picks].tolist(), strict=True)]
        if rows:
            sizes_read = np.fromiter(map(len, map(itemgetter(3), rows)), dtype=np.int64,
                                     count=len(rows))
            for k in np.flatnonzero(count[picks] != sizes_read).tolist():
                unusual.append((rel_type, keys[picks[k]], rows[k][3]))
        return rows

    def _count_other_types(self, columns: _Columns) -> None:
        """Count the relationships of types the contract does not name (looked for only when
        the graph holds more relationships than the contract's types)."""
        [[total]] = self.store.read_table(self.statement("other-types", 0)).rows
        if total > int((columns.type > 0).sum()):
            result = self.store.read_table(self.statement("other-types", 1),
                                           {"types": list(schema.RELATIONSHIPS)})
            for rel_type, count in result.rows:
                self.lost[Text("{type} relationships: not a relationship type of the data "
                               "contract", type=rel_type)] += count


@dataclass
class _Columns:
    """Relationships as columns: ends (positions in the node list, -1: not written), engine
    keys, numbers of properties, type numbers (REL_TYPES from 1), and the properties of
    those that have any, by engine key."""

    source: np.ndarray
    target: np.ndarray
    key: np.ndarray  # (integers, or objects: the engine's keys)
    count: np.ndarray
    type: np.ndarray
    properties: dict[Any, dict[str, Any]]


def _positions(by_key: dict[Any, int]) -> np.ndarray | None:
    """Position by engine key as an array, when every key is a small integer; else None."""
    if not by_key:
        return np.full(1, -1, dtype=np.int64)
    keys = list(by_key)
    if not all(type(k) is int and k >= 0 for k in keys):
        return None
    position = np.full(1 + max(keys), -1, dtype=np.int64)
    position[np.array(keys, dtype=np.int64)] = np.array(list(by_key.values()), dtype=np.int64)
    return position


def _at(position: np.ndarray, keys: np.ndarray) -> np.ndarray:
    inside = keys < len(position)
    out = np.full(len(keys), -1, dtype=np.int64)
    out[inside] = position[keys[inside]]
    return out


def _details(store: GraphStore, statement: int, keys: list[Any]) -> dict[Any, Any]:
    """Labels and property keys of nodes (statement 0), or property keys of relationships
    (statement 1), by engine key."""
    result = store.run(store.statement("export/details.cypher", statement), {"keys": keys})
    return {row[0]: tuple(row[1:]) if statement == 0 else row[1] for row in result.rows}


def _label_of(labels: list[str], type_property: Any) -> str | None:
    """The one label a node of several is written with: the contract's label of its type
    property if it carries it, else its first contract label by name."""
    ours = sorted(label for label in labels if label in schema.TYPE_OF_LABEL)
    if not ours:
        return labels[0] if labels else None
    chosen = schema.LABELS.get(type_property) if isinstance(type_property, str) else None
    return chosen if chosen in ours else ours[0]


def _by_properties(properties: dict[str, Any], source: int, target: int,
                   ) -> tuple[int, str, int, int]:
    """Of repeats, the one kept: most properties first (it holds the most facts), then the
    first as JSON."""
    return -len(properties), json.dumps(properties, sort_keys=True, default=str), source, target
