"""Writing a contract export's files: ``organizations.csv`` and ``relationships.csv`` in a
folder (or ``NAME.csv`` and ``NAME.relationships.csv``), or one JSON file with the same
fields (a workbook: graphmodel/exporting/workbook.py), every value as the reader takes it
back.

>>> cell(True), cell(1.5), cell(["a", "b"])
('true', '1.5', '["a", "b"]')
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graphmodel import schema
from graphmodel.dataset import (
    ORGANIZATIONS_FILE,
    RELATIONSHIPS_FILE,
    Organization,
    relationships_beside,
)

#: a relationship to write: source and target (positions in the node list), type, properties
Row = tuple[int, int, str, dict[str, Any]]


def write(written: Path, fmt: str, nodes: list[Organization], rows: list[Row],
          cells: dict[str, list[str | None]], encoding: str,
          own: dict[str, list[str]] | None = None) -> None:
    """Write the organizations (with their zone and street ``cells``, by position) and the
    relationship ``rows`` to ``written``: a JSON file (``fmt`` "json"), a workbook ("xlsx"),
    a CSV folder ("csv", an existing folder) or a named CSV file and the relationships file
    beside it ("csv"). The
    properties named in ``own`` ("organizations", "relationships": the columns of the
    user's own) follow the contract's columns."""
    org_columns, rel_columns = columns_of(own)
    records = organization_records(nodes, cells, org_columns)
    relationships = relationship_records(nodes, rows, rel_columns)
    if fmt == "json":
        _write_json(written, records, relationships)
    elif fmt == "xlsx":
        from graphmodel.exporting.workbook import write_workbook

        write_workbook(written, records, relationships, org_columns, rel_columns)
    else:
        files = ((written / ORGANIZATIONS_FILE, written / RELATIONSHIPS_FILE)
                 if written.is_dir() else (written, relationships_beside(written)))
        _write_csv(files, records, relationships, org_columns, rel_columns, encoding)


def columns_of(own: dict[str, list[str]] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The columns of organizations and of relationships: the contract's, then the user's own.

    >>> columns_of({"organizations": ["聯繫電話"]})[0][-2:]
    ('closed', '聯繫電話')
    """
    own = own or {}
    return ((*schema.ORG_COLUMNS, *own.get("organizations", ())),
            (*schema.REL_COLUMNS, *own.get("relationships", ())))


def organization_records(nodes: list[Organization], cells: dict[str, list[str | None]],
                         columns: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Each organization as a record of its columns (absent properties left out)."""
    for k, node in enumerate(nodes):
        record = {**node.properties, "zone": cells["zone"][k], "street": cells["street"][k]}
        yield {key: record[key] for key in columns if record.get(key) is not None}


def relationship_records(nodes: list[Organization], rows: list[Row],
                         columns: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Each relationship row as a record of its columns (absent properties left out)."""
    properties_of = columns[3:]
    for source, target, rel_type, properties in rows:
        yield {"source": nodes[source].id, "target": nodes[target].id, "type": rel_type,
               **{key: properties[key] for key in properties_of if key in properties}}


def located_in_cells(nodes: list[Organization], relationships: list[Row],
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


def cell(value: Any) -> str:
    """A value as a CSV cell: text as it is, true/false, numbers, lists and maps as JSON,
    dates and times as ISO text, anything else as its text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=as_text)
    return as_text(value)


def as_text(value: Any) -> str:
    """A value JSON has no form for (a date, a time, a duration, bytes), as text."""
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else str(value)


def _write_csv(files: tuple[Path, Path], organizations: Iterable[dict[str, Any]],
               relationships: Iterable[dict[str, Any]], org_columns: tuple[str, ...],
               rel_columns: tuple[str, ...], encoding: str) -> None:
    """The two CSV files (organizations, relationships), every column of the contract in
    its order. Lines end in CRLF, as
    RFC 4180 has it, so that a value holding a carriage return is quoted; cells are written
    as they are (a name that starts with '=' stays so, for the export to load back)."""
    for file, columns, records in (
            (files[0], org_columns, organizations),
            (files[1], rel_columns, relationships)):
        with open(file, "w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(columns)
            writer.writerows([cell(record[c]) if c in record else "" for c in columns]
                             for record in records)


def _write_json(file: Path, organizations: Iterable[dict[str, Any]],
                relationships: Iterable[dict[str, Any]]) -> None:
    """One JSON object, a record per line (absent properties left out), UTF-8."""
    with open(file, "w", encoding="utf-8") as handle:
        for key, records in (("organizations", organizations),
                             ("relationships", relationships)):
            handle.write('{\n"organizations": [\n' if key == "organizations"
                         else ',\n"relationships": [\n')
            first = True
            for record in records:
                handle.write(("" if first else ",\n")
                             + json.dumps(record, ensure_ascii=False, default=as_text))
                first = False
            handle.write("\n]")
        handle.write("\n}\n")
