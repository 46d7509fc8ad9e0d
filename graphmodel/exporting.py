"""Write the graph back out as a dataset in the data contract: what ``load`` reads.

A folder gets ``organizations.csv`` and ``relationships.csv``; a ``.json`` path gets one
JSON file with the same fields. A node's first LOCATED_IN of each kind without properties
becomes its zone or street cell, every other relationship a row. Rows come in a fixed order
(organizations by type, areas first, then by id; relationships by type, then in the order of
their organizations), so the same graph always gives the same files.

What the contract cannot hold (a label or relationship type it does not name, a node
without an id, a property it does not name, a relationship between labels it does not
allow) is left out and counted in the report. The written files are then read back with
the loader's own checks, and what ``load`` would refuse is reported too; ``strict`` writes
nothing unless the graph fits the contract and its export loads back as it is.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:             # doctest: +SKIP
...     export(store, "/tmp/pingfang-copy").organizations["Zone"]
6
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from graphmodel import cypherlib, schema
from graphmodel.dataset import (
    ORGANIZATIONS_FILE,
    RELATIONSHIPS_FILE,
    DatasetError,
    read_dataset,
)
from graphmodel.errors import QueryError, UsageError
from graphmodel.gcpause import gc_paused
from graphmodel.store.base import GraphStore, QueryResult

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
#: problems of the written export that the report quotes (the count covers all)
PROBLEMS_QUOTED = 10
#: node types in the order their rows are written: areas first, as a reader expects them
TYPE_ORDER = ("zone", "street", *(t for t in schema.LABELS if t not in schema.AREA_TYPES))
_NO_LIMIT = 2**62  # the last node id of a FalkorDB read in one part

Progress = Callable[[int], None]
#: a relationship to write: source and target (positions in the node list), type, properties
Row = tuple[int, int, str, dict[str, Any]]


@dataclass
class ExportReport:
    """What an export wrote, what it left out, and what ``load`` would say of it."""

    path: str
    format: str  # "csv" or "json"
    #: organizations written, per label, and relationships per type (zone/street cells
    #: counted as the LOCATED_IN relationships they stand for)
    organizations: dict[str, int]
    relationships: dict[str, int]
    #: what of the graph the export does not keep as it is, in words, with how many
    lost: dict[str, int] = field(default_factory=dict)
    #: how many problems ``load`` finds in the written files, and the first of them
    problem_count: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Nothing left out, and the export loads back as it is."""
        return not self.lost and not self.problem_count


@dataclass(slots=True)
class _Node:
    """One node as the export sees it."""

    id: str
    type: str
    properties: dict[str, Any]
    zone: str | None = None
    street: str | None = None


@gc_paused
def export(store: GraphStore, path: str | Path, *, encoding: str = "utf-8",
           force: bool = False, strict: bool = False,
           progress: Progress | None = None) -> ExportReport:
    """Write the store's graph to ``path`` (a folder for CSV, or a ``.json`` file).

    Refuses (UsageError, nothing written) an existing export at ``path`` unless ``force``,
    and with ``strict`` a graph that does not fit the contract. ``progress`` is called with
    the number of nodes and relationships read as they are.
    """
    target, fmt = _target(Path(path), encoding, force)
    with _staging(target) as staged:
        written = staged / target.name if fmt == "json" else staged
        report = _read_and_write(store, target, fmt, written, encoding, progress)
        _check(written, report)  # (the graph read is freed by now: the check reads it all)
        if strict and not report.complete:
            raise UsageError(_refusal(report))
        _move_into_place(written, target, fmt)
    return report


def _read_and_write(store: GraphStore, target: Path, fmt: str, written: Path, encoding: str,
                    progress: Progress | None) -> ExportReport:
    """Read the graph and write it to ``written``; the report of what was written."""
    with store.reading():  # node keys and relationship ends must come from one graph
        nodes, by_key, lost = _read_nodes(store, progress)
        relationships = _read_relationships(store, by_key, nodes, lost, progress)
        _count_other_keys(store, lost)
    del by_key
    report = ExportReport(str(target), fmt, _label_counts(nodes),
                          dict(sorted(Counter(r[2] for r in relationships).items())),
                          dict(sorted(lost.items())))
    rows = _located_in_cells(nodes, relationships)
    del relationships
    if fmt == "json":
        _write_json(written, nodes, rows)
    else:
        _write_csv(written, nodes, rows, encoding)
    return report


# --- where to write -------------------------------------------------------------------------


def _target(path: Path, encoding: str, force: bool) -> tuple[Path, str]:
    """The path and format of the export; refuses what would overwrite without ``force``."""
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent} does not exist; create it first")
    if encoding not in ENCODINGS:
        raise UsageError(f"unknown encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")
    if path.suffix.lower() == ".json":
        if encoding != "utf-8":
            raise UsageError(f"{path}: a JSON export is UTF-8; --encoding is for CSV folders")
        if path.is_dir():
            raise UsageError(f"{path} is a folder; give a file name ending in .json")
        if path.exists() and not force:
            raise UsageError(f"{path} already exists; choose another name or give --force "
                             "to overwrite it")
        return path, "json"
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path} is a file; give a folder for CSV files, or a name ending in "
                         ".json for one JSON file")
    existing = [name for name in (ORGANIZATIONS_FILE, RELATIONSHIPS_FILE)
                if (path / name).exists()]
    if existing and not force:
        raise UsageError(f"{path} already holds {' and '.join(existing)}; choose another "
                         "folder or give --force to overwrite")
    return path, "csv"


@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A scratch folder beside the target (same file system, so moving is a rename),
    removed afterwards whatever happens."""
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.export-", dir=target.parent))
    try:
        yield staged
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def _move_into_place(written: Path, target: Path, fmt: str) -> None:
    """Rename the staged file or files over the target's."""
    if fmt == "json":
        os.replace(written, target)
        return
    target.mkdir(exist_ok=True)
    for name in (ORGANIZATIONS_FILE, RELATIONSHIPS_FILE):
        os.replace(written / name, target / name)


# --- reading the graph ----------------------------------------------------------------------


def _statement(name: str, dialect: str) -> str:
    return cypherlib.dialect_file(f"export/{name}.cypher", dialect).statements()[0]


def _tables(store: GraphStore, statement: str, *, parts: bool = False) -> Iterator[QueryResult]:
    """A read as tables: the fast scalar read (over every node in parts, with ``parts``)."""
    if parts:
        yield from store.read_node_parts(statement)
    else:
        yield store.read_table(statement)


def _general_read(store: GraphStore, statement: str, *, parts: bool = False) -> QueryResult:
    """The same read through the general path, which also takes lists and maps."""
    if parts and store.dialect == "falkordb":
        return store.run(statement, {"first": 0, "last": _NO_LIMIT})
    return store.run(statement)


def _read_nodes(store: GraphStore, progress: Progress | None,
                ) -> tuple[list[_Node], dict[Any, int], Counter[str]]:
    """The nodes the contract can hold, in the order they are written; each one's position
    by engine key; and what of the graph the export does not keep, counted."""
    statement = _statement("nodes", store.dialect)
    try:
        return _collect_nodes(_tables(store, statement, parts=True), progress)
    except QueryError:  # a property holds a list or a map: the fast read takes scalars only
        return _collect_nodes([_general_read(store, statement, parts=True)], None)


def _collect_nodes(tables: Iterable[QueryResult], progress: Progress | None,
                   ) -> tuple[list[_Node], dict[Any, int], Counter[str]]:
    lost: Counter[str] = Counter()
    found: list[_Node] = []
    keys: list[Any] = []
    for table in tables:
        at = {name: number for number, name in enumerate(table.columns)}
        for row in table.rows:
            node = _node(row, at, lost)
            if node is not None:
                found.append(node)
                keys.append(row[at["key"]])
        if progress:
            progress(len(table.rows))
    order = sorted(range(len(found)), key=lambda k: (TYPE_ORDER.index(found[k].type),
                                                      found[k].id))
    return [found[k] for k in order], {keys[k]: position for position, k in enumerate(order)}, lost


def _node(row: list[Any], at: dict[str, int], lost: Counter[str]) -> _Node | None:
    """A node row as a _Node, or None when the contract cannot hold it; what the export
    does not keep of it is counted in ``lost``."""
    label = row[at["label"]]
    if label not in schema.TYPE_OF_LABEL:
        lost[f"nodes labelled {label}: not a label of the data contract"
             if label is not None else "nodes without a label"] += 1
        return None
    node_id = row[at["id"]]
    if node_id is None:
        lost[f"{label} nodes without an id"] += 1
        return None
    if row[at["label_count"]] > 1:
        lost[f"second labels of {label} nodes (written as {label})"] += 1
    kind = schema.TYPE_OF_LABEL[label]
    properties = {key: row[at[key]] for key in schema.NODE_PROPERTIES
                  if row[at[key]] is not None}
    if properties.get("type") != kind:
        lost[f"type properties of {label} nodes that are not {kind!r} (written as {kind!r})"
             if "type" in properties else f"{label} nodes without a type property (written "
             f"as {kind!r})"] += 1
        properties["type"] = kind
    if not isinstance(node_id, str):
        lost[f"ids of {label} nodes that are not text (written as text)"] += 1
        properties["id"] = node_id = _text(node_id)
    return _Node(node_id, kind, properties)


def _read_relationships(store: GraphStore, by_key: dict[Any, int], nodes: list[_Node],
                        lost: Counter[str], progress: Progress | None) -> list[Row]:
    """(source position, target position, type, properties) of every relationship the
    contract can hold, by type (in the contract's order), then source and target position
    (the order of the organizations); what else the graph holds is counted in ``lost``."""
    by_type: dict[str, list[Row]] = {rel_type: [] for rel_type in schema.RELATIONSHIPS}
    template = _statement("relationships", store.dialect)
    for source_label, rel_type in sorted({(s, t) for s, t, _ in schema.endpoint_pairs()}):
        statement = cypherlib.fill(template, source=source_label, type=rel_type)
        try:
            tables: Iterable[QueryResult] = list(_tables(store, statement))
        except QueryError:  # (a list or a map, as for nodes)
            tables = [_general_read(store, statement)]
        for table in tables:
            by_type[rel_type].extend(_allowed(table, source_label, rel_type, by_key, nodes))
            if progress:
                progress(len(table.rows))
    found: list[Row] = []
    for rows in by_type.values():
        rows.sort(key=itemgetter(0, 1))
        found.extend(rows)
    exported = Counter((schema.LABELS[nodes[s].type], t, schema.LABELS[nodes[e].type])
                       for s, e, t, _ in found)
    for source_label, rel_type, target_label, count in store.read_table(
            _statement("all-relationships", "neo4j")).rows:
        missing = count - exported[(source_label, rel_type, target_label)]
        if missing > 0:
            lost[_why_lost(source_label, rel_type, target_label)] += missing
    return _without_repeats(found, lost)


def _allowed(table: QueryResult, source_label: str, rel_type: str, by_key: dict[Any, int],
             nodes: list[_Node]) -> Iterator[Row]:
    """The rows of a relationship read whose ends were exported, the source under its first
    label, and that the contract allows between their types."""
    at = {name: number for number, name in enumerate(table.columns)}
    rule = schema.RELATIONSHIPS[rel_type]
    for row in table.rows:
        source, target = by_key.get(row[at["source"]]), by_key.get(row[at["target"]])
        if source is None or target is None:
            continue  # an end was not exported: counted as lost by the caller
        source_type = nodes[source].type
        if schema.LABELS[source_type] != source_label:
            continue  # (a node of two labels, read under its second one)
        if not rule.allows(source_type, nodes[target].type):
            continue
        yield source, target, rel_type, {key: row[at[key]] for key in schema.REL_PROPERTIES
                                         if row[at[key]] is not None}


def _without_repeats(found: list[Row], lost: Counter[str]) -> list[Row]:
    """Drop what a dataset cannot hold (``load`` refuses it): a relationship from a node to
    itself, and a second one of a type between the same two nodes (in either direction for
    PARTNERS_WITH, which is undirected in meaning). ``found`` is sorted by type, source and
    target; of repeats, the one whose properties come first as JSON is kept."""
    kept: list[Row] = []
    partners: set[tuple[int, int]] = set()
    for row in _repeats_by_properties(found):
        source, target, rel_type, _ = row
        if source == target:
            lost[f"{rel_type} relationships from a node to itself"] += 1
            continue
        pair = (min(source, target), max(source, target))
        if (kept and kept[-1][:3] == row[:3]) or (rel_type == "PARTNERS_WITH"
                                                  and pair in partners):
            lost[f"{rel_type} relationships that repeat one between the same two nodes"] += 1
            continue
        if rel_type == "PARTNERS_WITH":
            partners.add(pair)
        kept.append(row)
    return kept


def _repeats_by_properties(found: list[Row]) -> Iterator[Row]:
    """``found`` with each run of rows of one type between the same two nodes ordered by
    their properties, so that which of them is kept does not depend on the engine's order."""
    start = 0
    for end in range(1, len(found) + 1):
        if end < len(found) and found[end][:3] == found[start][:3]:
            continue
        if end - start == 1:
            yield found[start]
        else:
            yield from sorted(found[start:end],
                              key=lambda r: json.dumps(r[3], sort_keys=True, default=str))
        start = end


def _why_lost(source: str | None, rel_type: str, target: str | None) -> str:
    what = f"{rel_type} relationships from {source} to {target}"
    if rel_type not in schema.RELATIONSHIPS:
        return f"{what}: not a relationship type of the data contract"
    types = schema.TYPE_OF_LABEL
    if source in types and target in types and not schema.RELATIONSHIPS[rel_type].allows(
            types[source], types[target]):
        return f"{what}: the data contract does not allow them between these labels"
    return f"{what}: an end node was not exported"


def _count_other_keys(store: GraphStore, lost: Counter[str]) -> None:
    """Count the node and relationship properties the contract does not name."""
    nodes, relationships = cypherlib.read("export/other-keys.cypher").statements()
    for statement, known, holder in ((nodes, schema.NODE_PROPERTIES, "nodes"),
                                     (relationships, schema.REL_PROPERTIES, "relationships")):
        for key, count in store.read_table(statement, {"known": list(known)}).rows:
            lost[f"property {key!r} of {holder}: not a property of the data contract"] = count


# --- rows -----------------------------------------------------------------------------------


def _located_in_cells(nodes: list[_Node], relationships: list[Row]) -> list[Row]:
    """Put each node's first LOCATED_IN without properties to a zone, and to a street, in
    its zone and street cells; the relationships left for rows."""
    rows = []
    for source, target, rel_type, properties in relationships:
        if rel_type == "LOCATED_IN" and not properties:
            node, area = nodes[source], nodes[target]
            if getattr(node, area.type) is None:
                setattr(node, area.type, area.id)
                continue
        rows.append((source, target, rel_type, properties))
    return rows


def _label_counts(nodes: Iterable[_Node]) -> dict[str, int]:
    return dict(sorted(Counter(schema.LABELS[n.type] for n in nodes).items()))


def _text(value: Any) -> str:
    """A value as a CSV cell: text as it is, true/false, numbers, lists and maps as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _organization_record(node: _Node) -> dict[str, Any]:
    record = dict(node.properties)
    if node.zone is not None:
        record["zone"] = node.zone
    if node.street is not None:
        record["street"] = node.street
    return {key: record[key] for key in schema.ORG_COLUMNS if key in record}


def _relationship_record(nodes: list[_Node], row: Row
                         ) -> dict[str, Any]:
    source, target, rel_type, properties = row
    return {"source": nodes[source].id, "target": nodes[target].id, "type": rel_type,
            **{key: properties[key] for key in schema.REL_PROPERTIES if key in properties}}


def _write_csv(folder: Path, nodes: list[_Node], rows: list[Row],
               encoding: str) -> None:
    """The two CSV files, every column of the contract in its order (cells written as they
    are: a name that starts with '=' stays so, for the export to load back unchanged)."""
    for name, columns, records in (
            (ORGANIZATIONS_FILE, schema.ORG_COLUMNS, map(_organization_record, nodes)),
            (RELATIONSHIPS_FILE, schema.REL_COLUMNS,
             (_relationship_record(nodes, row) for row in rows))):
        with open(folder / name, "w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([_text(record[c]) if c in record else "" for c in columns]
                             for record in records)


def _write_json(file: Path, nodes: list[_Node], rows: list[Row]) -> None:
    """One JSON object, a record per line (absent properties left out), UTF-8."""
    with open(file, "w", encoding="utf-8") as handle:
        for key, records in (("organizations", map(_organization_record, nodes)),
                             ("relationships", (_relationship_record(nodes, row)
                                                for row in rows))):
            handle.write('{\n"organizations": [\n' if key == "organizations"
                         else ',\n"relationships": [\n')
            first = True
            for record in records:
                handle.write(("" if first else ",\n") + json.dumps(record, ensure_ascii=False))
                first = False
            handle.write("\n]")
        handle.write("\n}\n")


# --- checking -------------------------------------------------------------------------------


def _check(written: Path, report: ExportReport) -> None:
    """Read the written export with the loader's checks; note what it would refuse."""
    try:
        read_dataset(written)
    except DatasetError as error:
        report.problem_count = len(error.problems)
        report.problems = [str(p) for p in error.problems[:PROBLEMS_QUOTED]]


def _refusal(report: ExportReport) -> str:
    lines = ["the graph does not fit the data contract as it is (--strict); nothing was "
             "written:"]
    lines += [f"  not kept: {what} ({count:,})" for what, count in report.lost.items()]
    if report.problem_count:
        lines.append(f"  load would refuse the export ({report.problem_count:,} problems), "
                     "for example:")
        lines += [f"    {problem}" for problem in report.problems]
    return "\n".join(lines)
