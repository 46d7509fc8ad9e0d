"""Writing the export's graph as the CSV files ``neo4j-admin database import full`` reads (its
fastest way to build a new Neo4j database offline), with ``import.sh``, the exact command.

One file per label, ``nodes-LABEL.csv``: ``id:ID`` (one id space: the contract's ids are
unique across labels), the label's properties with typed headers (``employees:long``,
``rating:double``, ``listed:boolean``; text untyped) and ``:LABEL``. One file per relationship
type, ``relationships-TYPE.csv``: ``:START_ID``, ``:END_ID``, ``:TYPE`` and its properties.
Whole numbers are ``long`` (Cypher's INTEGER, 64 bits, as ``load`` stores them). A property
whose values are of several kinds, or of a kind these headers do not type (a list, a map, a
date set by a query), is written as text and counted. An empty cell is an absent property.
Lines end in LF; a value holding a line break is quoted, and the command then adds
``--multiline-fields=true``.

>>> header_kind([3, 4]), header_kind([1.5, 2]), header_kind(["a", 2])
(':long', ':double', '')
"""

from __future__ import annotations

import csv
import shlex
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graphmodel import schema
from graphmodel.dataset import Organization
from graphmodel.exporting.graphdata import KINDS
from graphmodel.exporting.writing import Row, cell
from graphmodel.i18n import Text

SCRIPT = "import.sh"
_HEADER_KINDS = {"string": "", "long": ":long", "double": ":double", "boolean": ":boolean"}


def header_kind(values: Iterable[Any]) -> str:
    """The typed header's suffix for a property's values: one kind's, ``:double`` for whole
    numbers and decimals together, else text (no suffix)."""
    kinds = {KINDS.get(value.__class__, "other") for value in values}
    if len(kinds) == 1 and "other" not in kinds:
        return _HEADER_KINDS[kinds.pop()]
    return ":double" if kinds == {"long", "double"} else ""


def write_neo4j_admin(folder: Path, nodes: list[Organization], rows: list[Row]) -> Counter[str]:
    """Write the files and ``import.sh`` into ``folder``; what is written as text, counted."""
    lost: Counter[str] = Counter()
    files: list[tuple[str, str]] = []  # (--nodes or --relationships, file name)
    multiline = False
    by_label: dict[str, list[Organization]] = {}
    for node in nodes:
        by_label.setdefault(node.label, []).append(node)
    for label, members in by_label.items():
        names = _names((node.properties for node in members), schema.NODE_PROPERTIES,
                       skip=("id",))  # (the id is the id:ID column)
        header, kinds = _header(names, [node.properties for node in members],
                                Text("{label} nodes", label=label),
                                lost)
        name = f"nodes-{label}.csv"
        multiline |= _write(folder / name, ["id:ID", *header, ":LABEL"],
                            ([node.id, *(_cell(node.properties.get(k), kind)
                                         for k, kind in zip(names, kinds, strict=True)), label]
                             for node in members))
        files.append(("--nodes", name))
    by_type: dict[str, list[Row]] = {}
    for row in rows:
        by_type.setdefault(row[2], []).append(row)
    for rel_type, members in by_type.items():
        names = _names((row[3] for row in members), schema.REL_PROPERTIES)
        header, kinds = _header(names, [row[3] for row in members],
                                Text("{type} relationships", type=rel_type), lost)
        name = f"relationships-{rel_type}.csv"
        multiline |= _write(folder / name, [":START_ID", ":END_ID", ":TYPE", *header],
                            ([nodes[row[0]].id, nodes[row[1]].id, rel_type,
                              *(_cell(row[3].get(k), kind)
                                for k, kind in zip(names, kinds, strict=True))]
                             for row in members))
        files.append(("--relationships", name))
    (folder / SCRIPT).write_text(import_script(files, multiline), encoding="utf-8")
    return lost


def import_command(files: list[tuple[str, str]], database: str,
                   multiline: bool = False) -> list[str]:
    """The neo4j-admin command that imports ``files`` (option, file name) into a new
    ``database``.

    >>> " ".join(import_command([("--nodes", "nodes-Zone.csv")], "district"))
    'neo4j-admin database import full district --nodes=nodes-Zone.csv'
    """
    # (the database first: the file options take every argument that follows them)
    return ["neo4j-admin", "database", "import", "full", database,
            *(f"{option}={name}" for option, name in files),
            *(["--multiline-fields=true"] if multiline else [])]


def import_script(files: list[tuple[str, str]], multiline: bool) -> str:
    """``import.sh``: the command, run in the script's folder; the database is its argument."""
    command = import_command(files, "DATABASE", multiline)
    lines = " \\\n  ".join([" ".join(command[:4]) + ' "${1:-neo4j}"',
                              *map(shlex.quote, command[5:])])
    return ("#!/bin/sh\n"
            "# Import these files into a new Neo4j 5 database with neo4j-admin (the database\n"
            "# must not exist or be empty; add --overwrite-destination to replace one):\n"
            "#   sh import.sh [DATABASE]        (default: neo4j)\n"
            "# (another database than the default one is then made with CREATE DATABASE)\n"
            'cd "$(dirname "$0")" || exit 1\n'
            f"exec {lines}\n")


def _names(properties: Iterable[dict[str, Any]], contract: tuple[str, ...],
           skip: tuple[str, ...] = ()) -> list[str]:
    """The property names the records hold but ``skip``: the ``contract``'s in its order,
    then the others sorted."""
    found: set[str] = set()
    for record in properties:
        found.update(record)
    found -= set(skip)
    return [k for k in contract if k in found] + sorted(found - set(contract))


def _header(names: list[str], records: list[dict[str, Any]], holders: Text,
            lost: Counter[str]) -> tuple[list[str], list[str]]:
    """The typed header of each property, and each one's suffix; a property written as text
    whose values are not all text is counted."""
    header, kinds = [], []
    for name in names:
        values = [record[name] for record in records if name in record]
        kind = header_kind(values)
        if not kind and any(value.__class__ is not str for value in values):
            lost[Text("property {name!r} of {holders}: values of several kinds or of a kind "
                      "neo4j-admin's headers do not type (written as text)", name=name,
                      holders=holders)] += 1
        header.append(name.replace(":", "\\:") + kind)
        kinds.append(kind)
    return header, kinds


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == ":double":
        return repr(float(value))
    return cell(value)


def _write(path: Path, header: list[str], rows: Iterable[list[str]]) -> bool:
    """Write one file; did a value hold a line break (then neo4j-admin needs to be told)."""
    breaks = False
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            if not breaks:
                joined = "".join(row)
                breaks = "\n" in joined or "\r" in joined
    return breaks
