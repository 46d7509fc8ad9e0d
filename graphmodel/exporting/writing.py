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
from dataclasses import dataclass
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


@dataclass
class Table:
    """A file's records as columns: ``values[k]`` holds column ``columns[k]`` of every record
    in the order written, None where a record has no value. (Columns rather than a record per
    row: each writer turns a whole column into text at once.)"""

    columns: tuple[str, ...]
    values: list[list[Any]]

    @property
    def count(self) -> int:
        return len(self.values[0]) if self.values else 0


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
    tables = (organization_table(nodes, cells, org_columns),
              relationship_table(nodes, rows, rel_columns))
    if fmt == "json":
        _write_json(written, tables)
    elif fmt == "xlsx":
        from graphmodel.exporting.workbook import write_workbook

        write_workbook(written, *tables)
    else:
        files = ((written / ORGANIZATIONS_FILE, written / RELATIONSHIPS_FILE)
                 if written.is_dir() else (written, relationships_beside(written)))
        _write_csv(files, tables, encoding)


def columns_of(own: dict[str, list[str]] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The columns of organizations and of relationships: the contract's, then the user's own.

    >>> columns_of({"organizations": ["聯繫電話"]})[0][-2:]
    ('closed', '聯繫電話')
    """
    own = own or {}
    return ((*schema.ORG_COLUMNS, *own.get("organizations", ())),
            (*schema.REL_COLUMNS, *own.get("relationships", ())))


def organization_table(nodes: list[Organization], cells: dict[str, list[str | None]],
                       columns: tuple[str, ...]) -> Table:
    """The organizations as columns: their properties, and the zone and street ``cells``."""
    properties = [node.properties for node in nodes]
    return Table(columns, [cells[column] if column in cells else
                           [p.get(column) for p in properties] for column in columns])


def relationship_table(nodes: list[Organization], rows: list[Row],
                       columns: tuple[str, ...]) -> Table:
    """The relationship rows as columns: the ends' ids, the type, the properties."""
    ids = [node.id for node in nodes]
    properties = [row[3] for row in rows]
    return Table(columns, [[ids[row[0]] for row in rows], [ids[row[1]] for row in rows],
                           [row[2] for row in rows],
                           *([p.get(column) for p in properties] for column in columns[3:])])


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


def texts(values: list[Any]) -> list[str | None]:
    """A column's values as CSV cells (None stays None: an empty cell); a column of text
    as it is.

    >>> texts(["a", None, 2, True])
    ['a', None, '2', 'true']
    """
    kinds = set(map(type, values))
    if kinds <= {str, type(None)}:
        return values
    if kinds <= {int, type(None)}:  # (as cell writes them, without a call each)
        return [None if value is None else str(value) for value in values]
    return [value if value is None or value.__class__ is str else cell(value)
            for value in values]


def _write_csv(files: tuple[Path, Path], tables: tuple[Table, Table], encoding: str) -> None:
    """The two CSV files (organizations, relationships), every column of the contract in
    its order. Lines end in CRLF, as
    RFC 4180 has it, so that a value holding a carriage return is quoted; cells are written
    as they are (a name that starts with '=' stays so, for the export to load back)."""
    for file, table in zip(files, tables, strict=True):
        with open(file, "w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(table.columns)
            # (csv writes None as an empty cell)
            writer.writerows(zip(*map(texts, table.values), strict=True))


#: records turned into text at a time
ROWS_AT_ONCE = 20_000
#: separates a column's values in its JSON text: never in an encoded scalar (JSON escapes
#: control characters inside strings)
_APART = "\x00"


def json_column(name: str, values: list[Any]) -> list[str]:
    """Each value of a column as the JSON member ``"name": value`` ("" where there is none),
    the whole column encoded at once.

    >>> json_column("size", [3, None, "小"])
    ['"size": 3', '', '"size": "小"']
    """
    present = [value for value in values if value is not None]
    if not present:
        return [""] * len(values)
    prefix = json.dumps(name, ensure_ascii=False) + ": "
    if set(map(type, present)) <= {str, int, float, bool}:
        text = json.dumps(present, ensure_ascii=False, separators=(_APART, ": "))
        members = (prefix + text[1:-1].replace(_APART, _APART + prefix)).split(_APART)
    else:  # (a list or a map holds separators of its own)
        encode = json.JSONEncoder(ensure_ascii=False, default=as_text).encode
        members = [prefix + encode(value) for value in present]
    if len(present) == len(values):
        return members
    found = iter(members)
    return ["" if value is None else next(found) for value in values]


def _write_json(file: Path, tables: tuple[Table, Table]) -> None:
    """One JSON object, a record per line (absent properties left out), UTF-8."""
    with open(file, "w", encoding="utf-8") as handle:
        for key, table in zip(("organizations", "relationships"), tables, strict=True):
            handle.write('{\n"organizations": [\n' if key == "organizations"
                         else ',\n"relationships": [\n')
            for start in range(0, table.count, ROWS_AT_ONCE):  # (the text of a part held)
                members = [json_column(column, values[start:start + ROWS_AT_ONCE])
                           for column, values in zip(table.columns, table.values, strict=True)]
                handle.write((",\n" if start else "") + ",\n".join([
                    "{" + ", ".join(filter(None, record)) + "}"
                    for record in zip(*members, strict=True)]))
            handle.write("\n]")
        handle.write("\n}\n")
