"""Writing an export's files: ``organizations.csv`` and ``relationships.csv`` in a folder, or
one JSON file with the same fields, every value as the reader takes it back.

>>> cell(True), cell(1.5), cell(["a", "b"])
('true', '1.5', '["a", "b"]')
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graphmodel import schema
from graphmodel.dataset import ORGANIZATIONS_FILE, RELATIONSHIPS_FILE, Organization

#: a relationship to write: source and target (positions in the node list), type, properties
Row = tuple[int, int, str, dict[str, Any]]


def write(written: Path, fmt: str, nodes: list[Organization], rows: list[Row],
          cells: dict[str, list[str | None]], encoding: str) -> None:
    """Write the organizations (with their zone and street ``cells``, by position) and the
    relationship ``rows`` to ``written``: a JSON file (``fmt`` "json") or a CSV folder."""
    records = (_organization_record(node, cells["zone"][k], cells["street"][k])
               for k, node in enumerate(nodes))
    if fmt == "json":
        _write_json(written, records, nodes, rows)
    else:
        _write_csv(written, records, nodes, rows, encoding)


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
            writer.writerows([cell(record[c]) if c in record else "" for c in columns]
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
                             + json.dumps(record, ensure_ascii=False, default=as_text))
                first = False
            handle.write("\n]")
        handle.write("\n}\n")
