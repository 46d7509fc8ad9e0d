"""Write a validated dataset into a store: batched, idempotent, optionally replacing the graph.

A new graph is built through the engine's bulk path where it has one. Into an existing
graph, nodes are merged per label and relationships per (source label, type, target label),
so every id lookup is an index lookup; each statement carries thousands of rows in
``$rows``. Where the store reads the graph as columns, only the rows that would change
something are merged (``graphmodel.store.changes``): reloading an updated register writes
what was updated.

>>> from graphmodel.dataset import read_dataset
>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:             # doctest: +SKIP
...     load(store, read_dataset("examples/pingfang")).graph.labels["Zone"]
6
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from graphmodel import cypherlib, schema
from graphmodel.dataset import Dataset
from graphmodel.errors import QueryError, UsageError
from graphmodel.gcpause import gc_paused
from graphmodel.i18n import N_, Code, Text, _, joined
from graphmodel.results import Report, Table, to_jsonable
from graphmodel.store.base import (
    GraphCounts,
    GraphStore,
    NodeRows,
    RelationshipColumns,
)
from graphmodel.store.changes import Comparison

Progress = Callable[[int], None]
#: how many absent organizations a table's footer names (JSON lists them all)
ABSENT_SHOWN = 20
#: called with "nodes", "relationships", ["schema",] "checkpoint" as each part of a load begins
Stage = Callable[[str], None]


@dataclass
class Absent:
    """An organization in the graph whose id the register does not hold."""

    id: str
    label: str | None
    name: str | None


@dataclass
class LoadChanges:
    """What a load into a graph that held organizations did to them: ``added`` (new ids),
    ``changed`` (ids whose properties differ), ``untouched`` (the same already), and the
    organizations ``absent`` from the register: kept, or ``removed`` with --sync."""

    added: int
    changed: int
    untouched: int
    absent: list[Absent]
    removed: bool = False


@dataclass
class LoadReport(Report):
    """What a load wrote (from the dataset) and what the graph holds afterwards."""

    written_labels: dict[str, int]
    written_relationships: dict[str, int]
    graph: GraphCounts
    replaced: bool
    #: the dataset's columns of the user's own, kept as properties under their headers
    own_columns: dict[str, list[str]] = field(default_factory=dict)
    #: into a graph that held organizations: what the load added, changed, left untouched
    changes: LoadChanges | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.graph.to_dict(), "written": {"labels": dict(self.written_labels),
                                                     "relationships":
                                                         dict(self.written_relationships)},
                "replaced": self.replaced, "own_columns": dict(self.own_columns),
                "changes": to_jsonable(self.changes)}

    def tables(self) -> list[Table]:
        rows: list[list[Any]] = []
        for kind, held, wrote in (("label", self.graph.labels, self.written_labels),
                                  ("relationship", self.graph.relationships,
                                   self.written_relationships)):
            rows += [[kind, name, held.get(name, 0), wrote.get(name, 0)]
                     for name in sorted(set(held) | set(wrote))]
        return [Table(["kind", "name", "count", "written"], rows)]

    def footer(self) -> list[str]:
        kept = [f"{', '.join(columns)} ({of})" for of, columns in self.own_columns.items()
                if columns]
        return self.graph.footer() + ([
            _("columns outside the contract, kept as properties: {columns}").format(
                columns="; ".join(kept))] if kept else []) + self._changes_lines()

    def _changes_lines(self) -> list[str]:
        changes = self.changes
        if changes is None:
            return []
        lines = [_("organizations: {added} added, {changed} changed, {untouched} "
                   "untouched").format(added=changes.added, changed=changes.changed,
                                       untouched=changes.untouched)]
        if changes.absent:
            shown = ", ".join(f"{a.id} ({a.name})" if a.name else a.id
                              for a in changes.absent[:ABSENT_SHOWN])
            if len(changes.absent) > ABSENT_SHOWN:
                shown += _(" and {count} more").format(
                    count=len(changes.absent) - ABSENT_SHOWN)
            message = (_("{count} organizations in the graph are not in the register, "
                         "removed (--sync) with their relationships: {ids}")
                       if changes.removed else
                       _("{count} organizations in the graph are not in the register, kept "
                         "(load --sync removes them): {ids}"))
            lines.append(message.format(count=len(changes.absent), ids=shown))
        return lines


@gc_paused
def load(store: GraphStore, dataset: Dataset, *, replace: bool = False, sync: bool = False,
         progress: Progress | None = None, stage: Stage | None = None,
         announce: Callable[[list[Absent]], None] | None = None) -> LoadReport:
    """Write ``dataset`` into ``store``; with ``replace`` the old graph is swapped out.

    Loading the same dataset twice leaves the same counts (MERGE on id, MERGE per pair);
    the append-only file is compacted after a load that wrote something.
    ``stage``, if given, is called with the name of each part as it begins (the benchmark
    times them): "nodes", "relationships", "schema" (the bulk path builds the id indexes
    after the data), "checkpoint".

    Into a graph that holds organizations, the report's ``changes`` says what was added,
    changed and left untouched, and names the organizations the register does not hold;
    with ``sync`` they are removed with their relationships, in the same atomic write as
    the merge, after ``announce`` was called with them.
    """
    if sync and replace:
        raise UsageError(_("--sync and --replace: choose one (--replace already leaves "
                           "only the register)"))
    changes = None
    with store.writing(), store.deferring_compaction():
        if replace:
            with store.replacing() as target:
                written = _write(target, dataset, progress, stage,
                                 new=target.can_create_graph())
        else:
            comparison = _compare(store, dataset)
            in_graph = {} if store.can_create_graph() else _ids_in_graph(store)
            changed = (comparison.changed_types if comparison is not None
                       else _changed_types(dataset, in_graph))
            if changed:
                raise UsageError(_changed_types_message(changed))
            new = store.can_create_graph()
            changes = _changes(store, dataset, in_graph, comparison) if in_graph else None
            removing = changes.absent if sync and changes is not None else []
            if removing and announce is not None:
                announce(removing)
            if comparison is not None and not (comparison.organizations
                                               or comparison.relationships or removing):
                written = 0  # (the graph holds the register already: nothing to stage)
                if progress:
                    progress(total_rows(dataset))
            else:
                # a merge takes effect whole or not at all (a staged copy, a transaction)
                with store.atomic() as target:
                    written = _write(target, dataset, progress, stage, comparison, new=new)
                    if removing:
                        target.run(target.statement("load/absent.cypher", 1),
                                   {"ids": [a.id for a in removing]}, write=True)
                        written += len(removing)
            if removing:
                changes.removed = True
        if stage:
            stage("checkpoint")
        if written or replace:  # (a load that changed nothing leaves the file as it was)
            store.checkpoint()
    return LoadReport(dataset.label_counts(), dataset.relationship_counts(), store.counts(),
                      replace, dataset.own_columns, changes)


def _write(store: GraphStore, dataset: Dataset, progress: Progress | None,
           stage: Stage | None = None, comparison: Comparison | None = None, *,
           new: bool) -> int:
    """Build a ``new`` graph through the engine's whole-graph path if it has one, else merge
    in batches: every row, or the rows the ``comparison`` with the graph found to differ.
    Returns how many rows were written."""
    if stage:
        stage("nodes")
    if new and store.create_graph(*bulk_rows(dataset), progress=progress, stage=stage):
        return total_rows(dataset)
    store.create_schema()  # (in a transaction on Neo4j: atomic() made it before)
    organizations = relationships = None
    written = total_rows(dataset)
    if comparison is not None:
        organizations, relationships = comparison.organizations, comparison.relationships
        written = len(organizations) + len(relationships)
        if progress:
            progress(total_rows(dataset) - written)
    for label, rows in node_batches(dataset, organizations).items():
        write_rows(store, cypherlib.load_statement(label).text, rows, progress)
    if stage:
        stage("relationships")
    for (source, rel_type, target), rows in relationship_batches(dataset,
                                                                 relationships).items():
        write_rows(store, cypherlib.relationship_statement(source, rel_type, target), rows,
                    progress)
    return written


def _compare(store: GraphStore, dataset: Dataset) -> Comparison | None:
    """Into a graph that exists, where the store reads it as columns (there merging a row
    costs more than reading the graph): the comparison of the dataset with it. None
    elsewhere, or when a property in the graph holds a list or a map: then every row is
    merged."""
    reads = store.columns()
    if reads is None or store.can_create_graph():
        return None
    try:
        return reads.compare(dataset)
    except QueryError:
        return None


def _ids_in_graph(store: GraphStore) -> dict[str, str]:
    """The id and label of every node of the graph that has an id."""
    statement = cypherlib.read("stats/ids.cypher").statements()[0]
    try:
        rows = store.read_table(statement).rows
    except QueryError:  # (an id a user's query made a list or a map: read as it is)
        rows = store.run(statement).rows
    return {str(node_id): label for node_id, label in rows if node_id is not None}


def _changed_types(dataset: Dataset, labels: dict[str, str]) -> list[tuple[str, str, str]]:
    """(id, label in the graph, label in the dataset) of the ids whose label would change.

    Nodes are merged on (label, id): loading ``e1`` as an incubator over an enterprise ``e1``
    would make two nodes with one id.
    """
    return [(org.id, labels[org.id], org.label) for org in dataset.organizations
            if labels.get(org.id, org.label) != org.label]


def _changes(store: GraphStore, dataset: Dataset, in_graph: dict[str, str],
             comparison: Comparison | None) -> LoadChanges:
    """What the load will add, change and leave untouched, and the ids it does not hold."""
    ids = {org.id for org in dataset.organizations}
    added = sum(1 for org_id in ids if org_id not in in_graph)
    if comparison is not None:
        merged = {dataset.organizations[k].id for k in comparison.organizations}
        changed = sum(1 for org_id in merged if org_id in in_graph)
    else:  # (compared here, property by property)
        held = store.run(store.statement("load/absent.cypher", 2)).rows  # (any values)
        properties = {str(node_id): values for node_id, values in held}
        changed = sum(1 for org in dataset.organizations
                      if org.id in properties and properties[org.id] != org.properties)
    untouched = len(ids) - added - changed
    missing = sorted(org_id for org_id in in_graph if org_id not in ids)
    absent = []
    if missing:
        named = store.run(store.statement("load/absent.cypher", 0), {"ids": missing})
        found = {str(row[0]): row for row in named.rows}
        absent = [Absent(org_id, found[org_id][1] if org_id in found else None,
                         found[org_id][2] if org_id in found else None)
                  for org_id in missing]
    return LoadChanges(added, changed, untouched, absent)


def _changed_types_message(changed: list[tuple[str, str, str]]) -> Text:
    shown = joined([Text("{id} is {old} in the graph but {new} in the dataset", id=i,
                         old=Code("label", old), new=Code("label", new))
                    for i, old, new in changed[:10]], N_("{first}; {second}"))
    more = (Text(" (and {count} more)", count=len(changed) - 10) if len(changed) > 10
            else "")
    return Text("{count} ids would change type: {shown}{more}. Nothing was written; load with "
                "--replace to replace the whole graph.", count=len(changed), shown=shown,
                more=more)


def write_rows(store: GraphStore, statement: str, rows: list[dict[str, Any]],
               progress: Progress | None = None) -> None:
    """Run an ``UNWIND $rows`` statement over rows in batches (see GraphStore.write_rows)."""
    store.write_rows(statement, rows, progress)


def node_batches(dataset: Dataset, chosen: Sequence[int] | None = None,
                 ) -> dict[str, list[dict[str, Any]]]:
    """Rows for the node statement, per label: every organization, or the ``chosen`` ones."""
    batches: dict[str, list[dict[str, Any]]] = defaultdict(list)
    organizations = dataset.organizations
    for org in (organizations if chosen is None else (organizations[k] for k in chosen)):
        batches[org.label].append({"id": org.id, "properties": org.properties})
    for rows in batches.values():
        rows.sort(key=itemgetter("id"))  # see relationship_batches
    return dict(batches)


def bulk_rows(dataset: Dataset) -> tuple[NodeRows, RelationshipColumns]:
    """The bulk path's input: property dicts per label, and per type the relationships' ends
    as positions in that node order (see store.base), worked out with numpy from the end
    numbers the reader recorded (a dict look-up per end grew 15x from 100k to 1M)."""
    import numpy as np

    nodes: NodeRows = {}
    label_numbers: dict[str, int] = {}
    label_of = array("q")
    for org in dataset.organizations:
        label = org.label
        rows = nodes.get(label)
        if rows is None:
            rows = nodes[label] = []
            label_numbers[label] = len(label_numbers)
        rows.append(org.properties)
        label_of.append(label_numbers[label])
    order = np.argsort(np.frombuffer(label_of, dtype=np.int64), kind="stable")
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))  # organization number -> position
    ends = np.frombuffer(dataset.end_numbers(), dtype=np.int64).reshape(-1, 2)
    numbers: dict[str, array[int]] = {}
    properties: dict[str, list[dict[str, Any]]] = {}
    for number, rel in enumerate(dataset.relationships):
        of_type = numbers.get(rel.type)
        if of_type is None:
            of_type = numbers[rel.type] = array("q")
            properties[rel.type] = []
        of_type.append(number)
        properties[rel.type].append(rel.properties)
    relationships: RelationshipColumns = {}
    for rel_type, of_type in numbers.items():
        chosen = ends[np.frombuffer(of_type, dtype=np.int64)]
        relationships[rel_type] = (position[chosen[:, 0]], position[chosen[:, 1]],
                                   properties[rel_type])
    return nodes, relationships


def relationship_batches(dataset: Dataset, chosen: Sequence[int] | None = None,
                         ) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Rows for the relationship statement, per (source label, type, target label): every
    relationship, or the ``chosen`` ones."""
    types = dataset.type_of()
    batches: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    relationships = dataset.relationships
    for rel in (relationships if chosen is None else (relationships[k] for k in chosen)):
        key = (schema.LABELS[types[rel.source]], rel.type, schema.LABELS[types[rel.target]])
        batches[key].append({"source": rel.source, "target": rel.target,
                             "properties": rel.properties})
    for rows in batches.values():
        # in id order, consecutive rows look up neighbouring index entries: merging went
        # 15.2 -> 11.0 us per relationship at 1M organizations (nodes 32.6 -> 27.6 us)
        rows.sort(key=itemgetter("source", "target"))
    return dict(batches)


def total_rows(dataset: Dataset) -> int:
    """How many rows a load writes: the length of its progress bar."""
    return len(dataset.organizations) + len(dataset.relationships)
