"""Write the graph back out as a dataset in the data contract: what ``load`` reads.

A folder gets ``organizations.csv`` and ``relationships.csv``; a ``.json`` path gets one
JSON file with the same fields. A node's first LOCATED_IN of each kind without properties
becomes its zone or street cell, every other relationship a row. Rows come in a fixed order
(organizations by type, areas first, then by id; relationships by type, then in the order of
their organizations), so the same graph always gives the same files.

Nothing is dropped silently. What the contract cannot hold (a label or relationship type it
does not name, a node without an id, a property it does not name, a relationship between
labels it does not allow, a repeated relationship) is left out and counted in the report's
``lost``. The written files are then read back with the loader's own checks: what ``load``
would refuse is reported, and so is every organization or relationship it would read back
with other values (it trims spaces, reads numbers given as text, lower-cases enum values).
``strict`` writes nothing unless the export loads back as the same graph.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:             # doctest: +SKIP
...     export(store, "/tmp/pingfang-copy").organizations["Zone"]
6
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graphmodel import cypherlib, schema
from graphmodel.dataset import (
    ORGANIZATIONS_FILE,
    RELATIONSHIPS_FILE,
    Dataset,
    DatasetError,
    Organization,
    read_dataset,
)
from graphmodel.errors import QueryError, UsageError
from graphmodel.gcpause import gc_paused
from graphmodel.report import Report, Table, to_jsonable
from graphmodel.store.base import GraphStore, QueryResult

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
#: problems (and changed records) of the written export that the report quotes
QUOTED = 10
#: node types in the order their rows are written: areas first, as a reader expects them
TYPE_ORDER = ("zone", "street", *(t for t in schema.LABELS if t not in schema.AREA_TYPES))

Progress = Callable[[int], None]
#: a relationship to write: source and target (positions in the node list), type, properties
Row = tuple[int, int, str, dict[str, Any]]


@dataclass
class ExportReport(Report):
    """What an export wrote, what it could not keep, and what ``load`` would say of it."""

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
    #: organizations and relationships ``load`` would read back with other values
    changed_count: int = 0
    changed: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Nothing lost, and the export loads back as the same graph."""
        return not self.lost and not self.problem_count and not self.changed_count

    def to_dict(self) -> dict[str, Any]:
        return {**to_jsonable(dataclasses.asdict(self)), "complete": self.complete}

    def tables(self) -> list[Table]:
        rows: list[list[Any]] = [["label", name, n] for name, n in self.organizations.items()]
        rows += [["relationship", name, n] for name, n in self.relationships.items()]
        return [Table(["kind", "name", "count"], rows)]

    def footer(self) -> list[str]:
        return [f"wrote {sum(self.organizations.values()):,} organizations and "
                f"{sum(self.relationships.values()):,} relationships to {self.path}"]

    def warnings(self) -> list[str]:
        """What the user must be told even when the export is written: what it did not keep,
        and what ``load`` would say of it."""
        lines = [f"not kept: {what} ({count:,})" for what, count in self.lost.items()]
        if self.problem_count:
            lines.append(f"load would refuse the export ({self.problem_count:,} problems), "
                         "for example:")
            lines += [f"  {problem}" for problem in self.problems]
        if self.changed_count:
            lines.append(f"load would read {self.changed_count:,} organizations or "
                         "relationships back with other values, for example:")
            lines += [f"  {what}" for what in self.changed]
        return lines


@gc_paused
def export(store: GraphStore, path: str | Path, *, encoding: str = "utf-8",
           force: bool = False, strict: bool = False,
           progress: Progress | None = None) -> ExportReport:
    """Write the store's graph to ``path`` (a folder for CSV, or a ``.json`` file).

    Refuses (UsageError, nothing written) an existing export at ``path`` unless ``force``,
    and with ``strict`` a graph whose export would not load back as the same graph.
    ``progress`` is called with the number of nodes and relationships read as they are.
    """
    target, fmt = check_target(path, encoding, force, private=store.private_folder())
    with _staging(target) as staged:
        written = staged / target.name if fmt == "json" else staged
        report, prints = _read_and_write(store, target, fmt, written, encoding, progress)
        _check(written, report, prints)  # (the graph read is freed: the check reads it all)
        if strict and not report.complete:
            raise UsageError(_refusal(report))
        with _writing(target):
            _move_into_place(written, target, fmt, force)
    return report


# --- where to write -------------------------------------------------------------------------


def check_target(path: str | Path, encoding: str = "utf-8", force: bool = False, *,
                 private: Path | None = None) -> tuple[Path, str]:
    """The path and format ("csv" or "json") of an export to ``path``; UsageError for a
    target that cannot be written, would be overwritten without ``force``, or lies in the
    store's ``private`` folder (the embedded server's data folder).

    >>> check_target("/tmp/district.json")
    (PosixPath('/tmp/district.json'), 'json')
    """
    if private is not None:
        folder = private.expanduser().resolve()
        target = Path(path).expanduser().resolve()
        if target == folder or folder in target.parents:
            raise UsageError(f"{path} is inside the data folder {folder}, which belongs to "
                             "the embedded server; export somewhere else")
    try:
        return _target(Path(path), encoding, force)
    except OSError as error:  # (a folder we may not look into, for one)
        raise UsageError(f"cannot export to {path}: {error.strerror}") from None


def _target(path: Path, encoding: str, force: bool) -> tuple[Path, str]:
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent} does not exist; create it first")
    if encoding not in ENCODINGS:
        raise UsageError(f"unknown encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")
    if path.suffix.lower() == ".csv":
        raise UsageError(f"{path}: an export to CSV is a folder of two files; give a folder "
                         "name (or a name ending in .json for one JSON file)")
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
    existing = _existing_files(path)
    if existing and not force:
        raise UsageError(f"{path} already holds {' and '.join(existing)}; choose another "
                         "folder or give --force to overwrite")
    return path, "csv"


def _existing_files(folder: Path) -> list[str]:
    return [name for name in (ORGANIZATIONS_FILE, RELATIONSHIPS_FILE)
            if (folder / name).exists()]


@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A scratch folder on the target's file system (so that moving is a rename): inside an
    existing target folder, else beside the target; removed afterwards whatever happens."""
    where = target if target.is_dir() else target.parent
    try:
        staged = Path(tempfile.mkdtemp(prefix=".export-", dir=where))
    except OSError as error:
        raise UsageError(f"cannot write into {where}: {error.strerror}") from None
    try:
        yield staged
    finally:
        shutil.rmtree(staged, ignore_errors=True)


@contextmanager
def _writing(where: Path) -> Iterator[None]:
    """Turn a failure to write (a full disk, a folder on another file system) into a
    plain message."""
    try:
        yield
    except OSError as error:
        raise UsageError(f"cannot write the export to {where}: {error}") from None


def _claim(target: Path) -> None:
    """Create the target file empty, failing if it exists: no other export is overwritten."""
    try:
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        raise UsageError(f"{target} was written by someone else meanwhile; nothing was "
                         "written") from None


def _move_into_place(written: Path, target: Path, fmt: str, force: bool) -> None:
    """Rename the staged file or files over the target's; without ``force``, refuse if
    another export got there meanwhile. (A CSV export is two renames, checked before but not
    claimed: a crash between them can leave the new organizations.csv beside the old
    relationships.csv, and two exports racing into one folder can both pass the check.)"""
    if fmt == "json":
        if force:
            os.replace(written, target)
        else:
            _claim(target)
            os.replace(written, target)
        return
    target.mkdir(exist_ok=True)
    if not force and _existing_files(target):
        raise UsageError(f"{target} got {' and '.join(_existing_files(target))} meanwhile; "
                         "nothing was written")
    for name in (ORGANIZATIONS_FILE, RELATIONSHIPS_FILE):
        os.replace(written / name, target / name)


# --- reading the graph ----------------------------------------------------------------------


def _read_and_write(store: GraphStore, target: Path, fmt: str, written: Path, encoding: str,
                    progress: Progress | None) -> tuple[ExportReport, _Prints]:
    """Read the graph and write it to ``written``: the report, and the fingerprints of what
    was written for the check."""
    with store.reading():  # node keys and relationship ends must come from one graph
        nodes, by_key, lost = _read_nodes(store, progress)
        relationships = _read_relationships(store, by_key, nodes, lost, progress)
    del by_key
    prints = _Prints.of_written(nodes, relationships)
    report = ExportReport(str(target), fmt, _label_counts(nodes),
                          dict(sorted(Counter(r[2] for r in relationships).items())),
                          dict(sorted(lost.items())))
    rows, cells = _plain_located_in_to_cells(nodes, relationships)
    del relationships
    records = (_organization_record(node, cells["zone"][k], cells["street"][k])
               for k, node in enumerate(nodes))
    with _writing(written):
        if fmt == "json":
            _write_json(written, records, nodes, rows)
        else:
            _write_csv(written, records, nodes, rows, encoding)
    return report, prints


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
        properties["id"] = node_id = _cell(node_id)
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
        try:  # part by part (of the source nodes, on FalkorDB), as the nodes are read
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


# --- rows -----------------------------------------------------------------------------------


def _plain_located_in_to_cells(nodes: list[Organization], relationships: list[Row],
                               ) -> tuple[list[Row], dict[str, list[str | None]]]:
    """The relationships left for rows, and each node's zone and street cell (by position):
    its first LOCATED_IN without properties to a zone, and to a street."""
    cells: dict[str, list[str | None]] = {area: [None] * len(nodes)
                                          for area in schema.AREA_COLUMNS}
    rows = []
    for source, target, rel_type, properties in relationships:
        if rel_type == "LOCATED_IN" and not properties:
            column = cells[nodes[target].type]
            if column[source] is None:
                column[source] = nodes[target].id
                continue
        rows.append((source, target, rel_type, properties))
    return rows, cells


def _label_counts(nodes: Iterable[Organization]) -> dict[str, int]:
    return dict(sorted(Counter(n.label for n in nodes).items()))


def _cell(value: Any) -> str:
    """A value as a CSV cell: text as it is, true/false, numbers, lists and maps as JSON,
    dates and times as ISO text, anything else as its text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_as_text)
    return _as_text(value)


def _as_text(value: Any) -> str:
    """A value JSON has no form for (a date, a time, a duration, bytes), as text."""
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else str(value)


def _organization_record(node: Organization, zone: str | None, street: str | None,
                         ) -> dict[str, Any]:
    record = {**node.properties, "zone": zone, "street": street}
    return {key: record[key] for key in schema.ORG_COLUMNS if record.get(key) is not None}


def _relationship_record(nodes: list[Organization], row: Row) -> dict[str, Any]:
    source, target, rel_type, properties = row
    return {"source": nodes[source].id, "target": nodes[target].id, "type": rel_type,
            **{key: properties[key] for key in schema.REL_PROPERTIES if key in properties}}


def _write_csv(folder: Path, organizations: Iterable[dict[str, Any]], nodes: list[Organization],
               rows: list[Row], encoding: str) -> None:
    """The two CSV files, every column of the contract in its order. Lines end in CRLF, as
    RFC 4180 has it, so that a value holding a carriage return is quoted; cells are written
    as they are (a name that starts with '=' stays so, for the export to load back)."""
    for name, columns, records in (
            (ORGANIZATIONS_FILE, schema.ORG_COLUMNS, organizations),
            (RELATIONSHIPS_FILE, schema.REL_COLUMNS,
             (_relationship_record(nodes, row) for row in rows))):
        with open(folder / name, "w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(columns)
            writer.writerows([_cell(record[c]) if c in record else "" for c in columns]
                             for record in records)


def _write_json(file: Path, organizations: Iterable[dict[str, Any]],
                nodes: list[Organization], rows: list[Row]) -> None:
    """One JSON object, a record per line (absent properties left out), UTF-8."""
    with open(file, "w", encoding="utf-8") as handle:
        for key, records in (("organizations", organizations),
                             ("relationships", (_relationship_record(nodes, row)
                                                for row in rows))):
            handle.write('{\n"organizations": [\n' if key == "organizations"
                         else ',\n"relationships": [\n')
            first = True
            for record in records:
                handle.write(("" if first else ",\n")
                             + json.dumps(record, ensure_ascii=False, default=_as_text))
                first = False
            handle.write("\n]")
        handle.write("\n}\n")


# --- checking -------------------------------------------------------------------------------


def _fingerprint(*parts: Any, properties: dict[str, Any]) -> int:
    """A number that differs, but for hash collisions, when any part, property or kind of
    property value differs (1, 1.0, True and "1" are four values here)."""
    try:
        return hash((parts, frozenset((key, type(value), value)
                                      for key, value in properties.items())))
    except TypeError:  # a list or a map
        return hash((parts, frozenset((key, type(value), repr(value))
                                      for key, value in properties.items())))


@dataclass
class _Prints:
    """Fingerprints of organizations and relationships, as sorted int64 arrays."""

    organizations: np.ndarray
    relationships: np.ndarray

    @classmethod
    def of_written(cls, nodes: list[Organization], relationships: list[Row]) -> _Prints:
        return cls(_sorted(_fingerprint(n.id, n.type, properties=n.properties) for n in nodes),
                   _sorted(_fingerprint(nodes[s].id, nodes[t].id, kind, properties=p)
                           for s, t, kind, p in relationships))


def _sorted(prints: Iterable[int]) -> np.ndarray:
    return np.sort(np.fromiter(prints, dtype=np.int64))


def _unmatched(prints: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Which entries of ``prints`` have no equal in ``others``, as a mask."""
    if not len(others):
        return np.ones(len(prints), dtype=bool)
    at = np.minimum(np.searchsorted(others, prints), len(others) - 1)
    return others[at] != prints


def _check(written: Path, report: ExportReport, prints: _Prints) -> None:
    """Read the written export with the loader's checks: note what it would refuse, and
    what it would read back with other values than the graph holds."""
    try:
        dataset = read_dataset(written)
    except DatasetError as error:
        report.problem_count = len(error.problems)
        report.problems = [str(p) for p in error.problems[:QUOTED]]
        return
    organizations = [_fingerprint(o.id, o.type, properties=o.properties)
                     for o in dataset.organizations]
    relationships = [_fingerprint(r.source, r.target, r.type, properties=r.properties)
                     for r in dataset.relationships]
    changed = _describe_changed(dataset, organizations, relationships, prints)
    report.changed_count = max(
        int(_unmatched(prints.organizations, _sorted(organizations)).sum())
        + int(_unmatched(prints.relationships, _sorted(relationships)).sum()), len(changed))
    report.changed = changed[:QUOTED]


def _describe_changed(dataset: Dataset, organizations: list[int], relationships: list[int],
                      prints: _Prints) -> list[str]:
    """The read-back organizations and relationships that were not written so, in words."""
    changed = [f"organization {dataset.organizations[k].id}" for k in np.flatnonzero(
        _unmatched(np.array(organizations, dtype=np.int64), prints.organizations)).tolist()]
    for k in np.flatnonzero(_unmatched(np.array(relationships, dtype=np.int64),
                                       prints.relationships)).tolist():
        rel = dataset.relationships[k]
        changed.append(f"relationship {rel.source} -{rel.type}-> {rel.target}")
    return changed


def _refusal(report: ExportReport) -> str:
    lines = ["the export would not load back as the same graph (--strict); nothing was "
             "written:"]
    lines += [f"  not kept: {what} ({count:,})" for what, count in report.lost.items()]
    if report.problem_count:
        lines.append(f"  load would refuse it ({report.problem_count:,} problems), for "
                     "example:")
        lines += [f"    {problem}" for problem in report.problems]
    if report.changed_count:
        lines.append(f"  load would read {report.changed_count:,} organizations or "
                     "relationships back with other values, for example:")
        lines += [f"    {what}" for what in report.changed]
    return "\n".join(lines)
