"""Reads of a graph as integer columns of the engine's node ids: the fast way on FalkorDB.

An engine whose node ids are small integers (FalkorDB's ``id()``) can send a million of them
as one list that numpy parses in milliseconds; a row per node or relationship makes
millions of Python objects. ``store.columns()`` gives these reads where the engine offers
them (else None, and the analyses read rows: the projection, or Cypher that aggregates in
the server). Nothing here knows what the columns mean for coverage or clusters: the analyses
apply their rules (graphmodel/status.py for the unit status) to what these reads return.

>>> label_codes([3, 0, 1], ["Zone", "Enterprise", "Area51"]).tolist()
[1, 0, 0, 8]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from graphmodel import cypherlib, schema
from graphmodel.store.base import QueryResult

if TYPE_CHECKING:
    from graphmodel.dataset import Dataset
    from graphmodel.store.base import GraphStore
    from graphmodel.store.changes import Comparison

#: the contract's labels; a label's code (see label_codes) is 1 + its index here
LABELS = sorted(schema.TYPE_OF_LABEL)
CODE_OF_LABEL = {label: 1 + number for number, label in enumerate(LABELS)}


def label_codes(keys: Sequence[int], labels: Sequence[Any]) -> np.ndarray:
    """Per node id (0 .. the largest key), the code of its contract label.

    ``labels[k]`` is the label of node ``keys[k]``. Code 0: no node of the contract (absent,
    or a label the contract does not have); else ``CODE_OF_LABEL[label]``.
    """
    label_of = np.zeros(1 + max(keys, default=-1), dtype=np.int64)
    label_of[np.asarray(keys, dtype=np.int64)] = np.fromiter(
        (CODE_OF_LABEL.get(label, 0) for label in labels), dtype=np.int64, count=len(labels))
    return label_of


def allowed_targets(source_label: str, rel_type: str) -> np.ndarray:
    """Per label code (see ``label_codes``): may a rel_type from source_label end there."""
    allowed = np.zeros(1 + len(LABELS), dtype=bool)
    for source, kind, target in schema.endpoint_pairs():
        if (source, kind) == (source_label, rel_type):
            allowed[CODE_OF_LABEL[target]] = True
    return allowed


class ColumnReads:
    """The column reads of one store (call them under ``store.reading()`` when several must
    see the same graph: node ids are only valid within one graph)."""

    def __init__(self, store: GraphStore):
        self.store = store

    def node_labels(self) -> list[list[Any]]:
        """[node id, organization id, first label, name, industry] of every node, read in
        parts."""
        statement = _statement("analysis", "cooperation-nodes")
        return [row for part in self.store.read_node_parts(statement) for row in part.rows]

    def relationship_columns(self, label_of: np.ndarray, rel_types: Iterable[str],
                             ) -> Iterator[tuple[str, str, dict[str, np.ndarray]]]:
        """(type, source label, columns) per (type, source label) of the contract, in order.

        Every relationship of the type from a node of the label, as the integer columns
        ``source``, ``target`` (node ids) and ``mode`` (codes: status.cypher_mode_code), but
        only those whose target is a node of the contract of a label the type allows
        (``label_of``: see ``label_codes``), so that columnar readers keep exactly the
        projection's relationships.
        """
        size = len(label_of)
        wanted = set(rel_types)
        for rel_type, source_label in sorted({(rel_type, source) for source, rel_type, _
                                              in schema.endpoint_pairs() if rel_type in wanted}):
            [columns] = self.store.read_columns(
                cypherlib.fill(_statement("projection", "relationships-columns"),
                               source=source_label, type=rel_type),
                arrays={"source", "target", "mode"})
            source, target, code = columns["source"], columns["target"], columns["mode"]
            inside = (source < size) & (target < size)
            source, target, code = source[inside], target[inside], code[inside]
            keep = (label_of[source] == CODE_OF_LABEL[source_label]) & allowed_targets(
                source_label, rel_type)[label_of[target]]
            yield rel_type, source_label, {"source": source[keep], "target": target[keep],
                                           "mode": code[keep]}

    def other_modes(self, source_label: str, rel_type: str) -> list[list[Any]]:
        """[source id, target id, mode] of the relationships of the type from nodes of the
        label whose mode is neither null nor the contract's, each value of its own kind."""
        return self.store.read_table(cypherlib.fill(
            _statement("projection", "relationships-other-modes"), source=source_label,
            type=rel_type)).rows

    def unit_columns(self, by: str | None) -> list[dict[str, Any]]:
        """The in-scope units' node ids (``units``), one row per ``group``: the value of
        ``by`` when it is 'industry' or 'size', else one row with group None."""
        return self.store.read_columns(_statement("analysis", "coverage-units"), {"by": by},
                                       arrays={"units"})

    def coverage_ties(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray],
                                     np.ndarray]:
        """The COVERS (``party``, ``unit``, mode ``code``) and GUIDES (``party``, ``unit``)
        ends of the graph, and the node ids of its party organizations."""
        covers, guides, parties = (
            self.store.read_columns(_statement("analysis", "coverage-ties", number),
                                    arrays={"party", "unit", "code"})[0]
            for number in range(3))
        return covers, guides, parties["party"]

    def area_members(self, label: str) -> list[dict[str, Any]]:
        """Each zone or street (``label``) by its ``group`` (id), with the node ids of the
        nodes LOCATED_IN it (``units``)."""
        return self.store.read_columns(
            cypherlib.fill(_statement("analysis", "coverage-areas"), target=label),
            arrays={"units"})

    def compare(self, dataset: Dataset) -> Comparison:
        """What of ``dataset`` differs from the graph (see graphmodel/store/changes.py)."""
        from graphmodel.store.changes import compare

        return compare(self.store, dataset)

    def nodes_in_parts(self, statement: str) -> Iterator[QueryResult]:
        """A statement over every node, read in parts (see GraphStore.read_node_parts)."""
        return self.store.read_node_parts(statement)


def _statement(folder: str, name: str, number: int = 0) -> str:
    """A column read of the library: they sit in the FalkorDB folders, as only that engine
    answers them."""
    return cypherlib.read(f"{folder}/falkordb/{name}.cypher").statements()[number]
