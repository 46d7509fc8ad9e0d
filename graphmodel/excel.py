"""Registers kept in Excel: the rows of a workbook's sheets, as the dataset reader takes them.

A workbook holds the organizations in a sheet named ``organizations`` (or 組織 / 组织) and the
relationships in one named ``relationships`` (or 關係 / 关系); a workbook of one sheet is the
organizations alone. Above the header there may be a title row or two, as registers often
have (平房區兩新組織台賬): the header is the first row that names a required column. Cells are
read as Excel typed them, then as the contract means them: a whole number typed as a number
(80.0) is 80, and an id or a name typed as one is its digits; a date is its ISO date.
Columns outside the contract are kept as properties under their header, as in a CSV file.
Problems name the sheet, the row and the column by its letter, as Excel shows them.

Read with python-calamine (Rust): every cell of a register of 10,000 organizations in 0.1 s,
of 100,000 in 1.0 s, 10x faster than openpyxl (``python3 benchmarks/excel.py``).

>>> column_letter(1), column_letter(28)
('A', 'AB')
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graphmodel import schema
from graphmodel.dataset import Problem, _shown, _Table, near_miss
from graphmodel.i18n import Text

#: sheet names, as users write them (compared without surrounding spaces, any case)
ORGANIZATION_SHEETS = ("organizations", "組織", "组织")
RELATIONSHIP_SHEETS = ("relationships", "關係", "关系")
#: rows above the header a register may have (titles, notes)
HEADER_SEARCH_ROWS = 10


def column_letter(number: int) -> str:
    """Excel's name of the column ``number`` (1 is A)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_value(value: Any) -> Any:
    """A cell as the contract reads it: integral numbers as int, dates as ISO text, empty
    cells as None; other values as they are (the validator says what is wrong with them).

    >>> cell_value(80.0), cell_value(1.5), cell_value(dt.date(2016, 5, 1)), cell_value("")
    (80, 1.5, '2016-05-01', None)
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value == "":
        return None
    return value


def read_sheets(name: str, data: bytes,
                ) -> tuple[_Table, _Table, list[Problem], tuple[str, str]]:
    """(organizations, relationships, problems, the two sheets' names as problems name them)
    of the workbook ``data``, read from the file ``name``; each sheet's records as a table
    (empty when there are problems).
    """
    import io

    from python_calamine import CalamineWorkbook

    files = (f"{name}, sheet organizations", f"{name}, sheet relationships")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # (calamine raises its own errors for files that are no xlsx)
        return _Table(files[0], {}, 0), _Table(files[1], {}, 0), [_problem(
            name, Text("cannot be read as an Excel workbook ({error})", error=str(error)))], files
    sheets = {sheet.strip().lower(): sheet for sheet in workbook.sheet_names}
    found = [next((sheets[s.lower()] for s in names if s.lower() in sheets), None)
             for names in (ORGANIZATION_SHEETS, RELATIONSHIP_SHEETS)]
    if found[0] is None and len(workbook.sheet_names) == 1:
        found[0] = workbook.sheet_names[0]
    if found[0] is None:
        return _Table(files[0], {}, 0), _Table(files[1], {}, 0), [_problem(name, Text(
            "no sheet of organizations: name it organizations (or 組織, 组织); the workbook "
            "has {sheets}", sheets=", ".join(repr(s) for s in workbook.sheet_names)))], files
    files = (f"{name}, sheet {found[0]}", f"{name}, sheet {found[1]}")
    problems: list[Any] = []
    parts: list[_Table] = []
    for sheet, file, known, required, aliases in (
            (found[0], files[0], schema.ORG_COLUMNS, schema.ORG_REQUIRED,
             schema.ORG_COLUMN_ALIASES),
            (found[1], files[1], schema.REL_COLUMNS, schema.REL_REQUIRED,
             schema.REL_COLUMN_ALIASES)):
        if sheet is None:
            parts.append(_Table(file, {}, 0))
            continue
        cells = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        parts.append(_table(file, cells, known, required, aliases, problems))
    return parts[0], parts[1], problems, files


def _table(file: str, cells: list[list[Any]], known: tuple[str, ...],
           required: tuple[str, ...], aliases: dict[str, str],
           problems: list[Problem]) -> _Table:
    """The sheet's records below its header, as a table (blank rows left out)."""
    at = _header_row(cells, known, aliases, required)
    if at is None:
        problems.append(_problem(file, Text("no header row: the first rows name none of the "
                                            "required columns {required}",
                                            required=", ".join(required))))
        return _Table(file, {}, 0)
    header = cells[at]
    titles = [str(cell_value(text) or "").strip() for text in header]
    present = [column for title in titles
               if (column := schema.canonical_column(title, known, aliases))]
    columns: dict[str, str] = {}
    written: dict[str, str] = {}
    kept: list[tuple[int, str]] = []  # (position, column) of the header's cells
    for position, title in enumerate(titles):
        if not title:
            continue
        letter = column_letter(position + 1)
        column = schema.canonical_column(title, known, aliases) or title
        if column not in known and (meant := near_miss(title, known, aliases, present,
                                                       required)):
            problems.append(_problem(file, Text(
                "unknown column (did you mean {meant!r}?); known columns are {known} (or their "
                "Chinese names); a column of your own must not look like one of them",
                meant=meant, known=", ".join(known)), line=at + 1, column=letter, value=title))
        elif column in columns:
            problems.append(_problem(file, Text(
                "column appears twice (first as column {first},{also} both {name!r})",
                first=columns[column], also="", name=column), line=at + 1, column=letter,
                value=title))
        else:
            columns[column] = letter
            kept.append((position, column))
            if title != column:
                written[column] = title
    for column in required:
        if column not in columns:
            problems.append(_problem(file, Text(
                "required column {name!r} is missing; the header must name {required}",
                name=column, required=", ".join(required)), line=at + 1))
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    for number, values in enumerate(cells[at + 1:], start=at + 2):
        record = {column: cell_value(values[position]) if position < len(values) else None
                  for position, column in kept}
        if all(value is None or (isinstance(value, str) and not value.strip())
               for value in record.values()):
            continue  # a blank row (or one with cells only outside the header's columns)
        records.append(record)
        lines.append(number)
    return _Table(file, {column: [record[column] for record in records] for _, column in kept},
                  len(records), lines=lines, numbers=dict(columns), written=written,
                  line_name="row")


def _problem(file: str, message: str, line: int | None = None, column: str | None = None,
             value: Any = None) -> Problem:
    """A problem located as Excel shows it: the sheet, the row, the column's letter."""
    return Problem(file, message, line=line, column=column,
                   value=None if value is None else _shown(value), line_name="row")


def _header_row(cells: list[list[Any]], known: tuple[str, ...], aliases: dict[str, str],
                required: tuple[str, ...]) -> int | None:
    """The index of the first row naming a required column, among the first rows."""
    for index, values in enumerate(cells[:HEADER_SEARCH_ROWS]):
        named = {schema.canonical_column(str(value), known, aliases) for value in values
                 if isinstance(value, str) and value.strip()}
        if named & set(required):
            return index
    return None
