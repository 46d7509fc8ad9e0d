"""What a load would change in an existing FalkorDB graph, so that it merges only that.

A load into an existing graph merges every row: an organization is MERGEd on (label, id)
and gets ``SET n = properties``, a relationship is MERGEd between its two ends and gets
``SET r = properties``. A row whose node or relationship is already in the graph exactly so
changes nothing, and on FalkorDB every merged row costs 10-20 us, more as the graph grows
(reloading 1M unchanged organizations: 129 s). So the load first reads the graph, the
relationships as integer columns, and leaves out the rows that would change nothing. A row
is left out only when that is certain: the node has the organization's label first and the
same properties, values of the same kind (1 is not 1.0 nor true), and no others; the
relationship is the only one of its type between the two and has the same properties.
Anything else is merged, as before, so the graph ends as if every row had been.

>>> from graphmodel.dataset import read_dataset
>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:              # doctest: +SKIP
...     comparison = compare(store, read_dataset("examples/pingfang"))
>>> len(comparison.organizations), len(comparison.relationships)       # doctest: +SKIP
(0, 0)
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphmodel import cypherlib, schema
from graphmodel.dataset import Dataset
from graphmodel.store.base import GraphStore, QueryResult


@dataclass
class Comparison:
    """What a load must merge into the graph, and the ids it must refuse."""

    organizations: list[int]  # numbers (positions in the dataset's lists) to merge
    relationships: list[int]
    #: (id, its label in the graph, its label in the dataset) where they differ
    changed_types: list[tuple[str, str, str]]


def compare(store: GraphStore, dataset: Dataset) -> Comparison:
    """Compare the dataset with the FalkorDB graph: the rows that are not in it exactly so.

    The caller holds the store's write lock, so that the graph does not change in between.
    Raises QueryError if a property in the graph holds a list or a map (the graph is read as
    scalars); then every row is to be merged.
    """
    organizations = dataset.organizations
    same_node, number_of_key, changed_types = _same_nodes(store, dataset)
    if len({org.id for org in organizations}) < len(organizations):  # (a dataset made by hand)
        return Comparison(list(range(len(organizations))),
                          list(range(len(dataset.relationships))), changed_types)
    same_relationship = np.zeros(len(dataset.relationships), dtype=bool)
    ends = np.frombuffer(dataset.end_numbers(), dtype=np.int64).reshape(-1, 2)
    by_type: dict[str, list[int]] = {}
    for number, rel in enumerate(dataset.relationships):
        by_type.setdefault(rel.type, []).append(number)
    for rel_type, numbers in by_type.items():
        chosen = np.array(numbers, dtype=np.int64)
        wanted = [dataset.relationships[k].properties for k in numbers]
        same_relationship[chosen] = _same_relationships(
            store, rel_type, ends[chosen], wanted, number_of_key, len(organizations))
    return Comparison(np.flatnonzero(~same_node).tolist(),
                      np.flatnonzero(~same_relationship).tolist(), changed_types)


def _same_nodes(store: GraphStore, dataset: Dataset,
                ) -> tuple[np.ndarray, np.ndarray, list[tuple[str, str, str]]]:
    """Per organization: is its node in the graph as it is in the dataset. Per FalkorDB node
    id: the number of the organization it is (its first label the dataset's), or -1. And the
    ids whose label in the graph is not the dataset's."""
    organizations = dataset.organizations
    number_of = {org.id: number for number, org in enumerate(organizations)}
    same = np.zeros(len(organizations), dtype=bool)
    seen = np.zeros(len(organizations), dtype=bool)
    keys = array("q")  # per organization found: its FalkorDB id, and its number
    numbers = array("q")
    changed_types = []
    for table in store.read_node_parts(_statements("graph-nodes")[0]):
        key_at, label_at, count_at = (table.columns.index(name)
                                      for name in ("key", "label", "count"))
        at = _property_columns(table, schema.NODE_PROPERTIES)
        for row in table.rows:
            node_id = row[at["id"]]
            number = number_of.get(node_id if type(node_id) is str else str(node_id))
            if number is None:
                continue
            org = organizations[number]
            if row[label_at] != org.label:
                changed_types.append((org.id, row[label_at], org.label))
                continue
            if type(node_id) is not str:  # (MERGE on the text id would not find it)
                continue
            keys.append(row[key_at])
            numbers.append(number)
            # (two nodes with one label and id, if the id constraint is missing: both merged)
            same[number] = not seen[number] and row[count_at] == len(org.properties) and (
                _same_values(org.properties, row, at))
            seen[number] = True
    number_of_key = np.full(1 + max(keys, default=-1), -1, dtype=np.int64)
    number_of_key[np.frombuffer(keys, dtype=np.int64)] = np.frombuffer(numbers, dtype=np.int64)
    return same, number_of_key, changed_types


def _same_relationships(store: GraphStore, rel_type: str, ends: np.ndarray,
                        wanted: list[dict[str, Any]], number_of_key: np.ndarray,
                        count: int) -> np.ndarray:
    """Per relationship of one type (organization numbers ``ends``, properties ``wanted``):
    is it in the graph, the only one of its type between its ends, with those properties.

    Relationships are compared by code, ``source number * count + target number``.
    """
    codes, property_counts = [], []
    with_properties: dict[int, list[Any]] = {}  # code -> its row of property values
    at: dict[str, int] = {}
    for source_label in sorted({s for s, kind, _ in schema.endpoint_pairs() if kind == rel_type}):
        [columns] = store.read_columns(_statement("graph-relationships", source_label, rel_type),
                                       arrays={"source", "target", "count"})
        source = _numbers(columns["source"], number_of_key)
        target = _numbers(columns["target"], number_of_key)
        known = (source >= 0) & (target >= 0)
        codes.append(source[known] * count + target[known])
        property_counts.append(columns["count"][known])
        if (columns["count"][known] > 0).any():
            table = store.read_table(
                _statement("graph-relationship-properties", source_label, rel_type))
            at = _property_columns(table, schema.REL_PROPERTIES)
            keys = np.array([row[:2] for row in table.rows], dtype=np.int64).reshape(-1, 2)
            source, target = _numbers(keys[:, 0], number_of_key), _numbers(keys[:, 1],
                                                                          number_of_key)
            row_codes = np.where((source >= 0) & (target >= 0), source * count + target, -1)
            with_properties.update((code, row) for code, row in zip(
                row_codes.tolist(), table.rows, strict=True) if code >= 0)
    graph_codes = np.concatenate(codes)
    if not len(graph_codes):
        return np.zeros(len(wanted), dtype=bool)
    unique, first, times = np.unique(graph_codes, return_index=True, return_counts=True)
    wanted_codes = ends[:, 0] * count + ends[:, 1]
    at_unique = np.minimum(np.searchsorted(unique, wanted_codes), len(unique) - 1)
    wanted_counts = np.fromiter(map(len, wanted), dtype=np.int64, count=len(wanted))
    same = ((unique[at_unique] == wanted_codes) & (times[at_unique] == 1)
            & (np.concatenate(property_counts)[first[at_unique]] == wanted_counts))
    repeated, how_often = np.unique(wanted_codes, return_counts=True)
    if (how_often > 1).any():  # (one relationship twice in a dataset made by hand: merged)
        same &= ~np.isin(wanted_codes, repeated[how_often > 1])
    for k in np.flatnonzero(same & (wanted_counts > 0)).tolist():
        row = with_properties.get(int(wanted_codes[k]))
        same[k] = row is not None and _same_values(wanted[k], row, at)
    return same


def _same_values(wanted: dict[str, Any], row: list[Any], at: dict[str, int]) -> bool:
    """Does the row hold every wanted property, each the same value of the same kind.

    A property the statements do not read, or a wanted None (``SET n = ...`` leaves it out,
    so the counts would not tell), makes it False: merged, to be sure.
    """
    for key, value in wanted.items():
        column = at.get(key)
        if column is None or value is None:
            return False
        found = row[column]
        if found != value or type(found) is not type(value):
            return False
        if type(value) is float and math.copysign(1, found) != math.copysign(1, value):
            return False  # (0.0 == -0.0)
    return True


def _property_columns(table: QueryResult, names: tuple[str, ...]) -> dict[str, int]:
    """Column of each property of the contract in a table (not the other columns)."""
    return {name: table.columns.index(name) for name in names}


def _numbers(keys: np.ndarray, number_of_key: np.ndarray) -> np.ndarray:
    """The organization number of each FalkorDB node id, -1 where it is none."""
    inside = keys < len(number_of_key)
    numbers = np.full(len(keys), -1, dtype=np.int64)
    numbers[inside] = number_of_key[keys[inside]]
    return numbers


def _statements(name: str) -> list[str]:
    return cypherlib.read(f"load/falkordb/{name}.cypher").statements()


def _statement(name: str, source: str, rel_type: str) -> str:
    return cypherlib.fill(_statements(name)[0], source=source, type=rel_type)
