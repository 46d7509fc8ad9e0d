"""A result written to a file an officer opens: Excel (.xlsx), CSV Excel reads (.csv) or JSON.

``write(report, path)`` picks the format from the suffix: ``.xlsx`` a workbook with a sheet
per table (``Report.sheets``), numbers as numbers and rates as percentages; ``.csv`` the
first table in UTF-8 with a byte-order mark, which Excel needs to show Chinese; ``.json``
exactly what ``--format json`` prints. Workbooks and CSV files are for people: their
headings, sheet names and coded values are in the chosen language (graphmodel/i18n.py);
JSON is the same in every language. Any other suffix is refused before anything is
written, and a file is written whole or not at all (under a temporary name, then renamed).

>>> suffix_of("台賬.XLSX")
'.xlsx'
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from graphmodel.errors import UsageError
from graphmodel.i18n import _, heading
from graphmodel.render import display_width, table_csv
from graphmodel.results import Report, Table, to_jsonable
from graphmodel.scratch import replacing, scratch_folder

SUFFIXES = (".xlsx", ".csv", ".json")
#: Excel's limits on a sheet's name
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = set('[]:*?/\\')


def suffix_of(path: str | os.PathLike[str]) -> str:
    """The suffix that decides the format, refused (UsageError) if no writer handles it."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(_("-o {path}: expected a file ending in {suffixes} (a workbook, CSV "
                           "for Excel, or JSON)").format(path=path,
                                                         suffixes=", ".join(SUFFIXES)))
    folder = Path(path).parent
    if not folder.is_dir():
        raise UsageError(_("-o {path}: the folder {folder} does not exist").format(
            path=path, folder=folder))
    return suffix


def write(report: Report, path: str | os.PathLike[str]) -> Path:
    """Write ``report`` to ``path`` in the format its suffix names; returns the path."""
    suffix = suffix_of(path)
    target = Path(path)
    with replacing(target) as temporary:
        if suffix == ".json":
            temporary.write_text(json.dumps(to_jsonable(report.to_dict()),
                                            ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")
        elif suffix == ".csv":
            first = next(iter(report.tables()), Table([], []))
            temporary.write_text(table_csv(first) + "\n", encoding="utf-8-sig", newline="")
        else:
            _workbook([(heading(name), table.localized()) for name, table in report.sheets()],
                      str(temporary))
    return target


def sheet_names(names: list[str]) -> list[str]:
    """Names Excel accepts for these sheets: at most 31 characters, none of []:*?/\\, each
    different (a repeated name gets (2), (3) ...).

    >>> sheet_names(["新偉街", "a/b", "新偉街", ""])
    ['新偉街', 'a_b', '新偉街 (2)', 'Sheet']
    """
    used: set[str] = set()
    result = []
    for name in names:
        clean = "".join("_" if c in _SHEET_FORBIDDEN else c for c in name).strip("' ")
        clean = clean[:SHEET_NAME_MAX] or "Sheet"
        unique, number = clean, 1
        while unique.lower() in used:
            number += 1
            tail = f" ({number})"
            unique = clean[:SHEET_NAME_MAX - len(tail)] + tail
        used.add(unique.lower())
        result.append(unique)
    return result


def _workbook(sheets: list[tuple[str, Table]], path: str) -> None:
    """Write the sheets; XlsxWriter's scratch files live in a folder beside ``path`` that
    goes whatever happens (in /tmp they outlived a failed write)."""
    with scratch_folder(os.path.dirname(path) or ".") as scratch:
        _write_sheets(sheets, path, str(scratch))


def _write_sheets(sheets: list[tuple[str, Table]], path: str, scratch: str) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                      "strings_to_urls": False, "nan_inf_to_errors": True,
                                      "tmpdir": scratch})
    bold = book.add_format({"bold": True})
    percent = book.add_format({"num_format": "0.0%"})
    for name, (_unused, table) in zip(sheet_names([name for name, _unused in sheets]),
                                      sheets, strict=True):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, table.heading_names(), bold)
        rates = [column in table.rates for column in table.columns]
        widths = [display_width(heading) for heading in table.heading_names()]
        for number, row in enumerate(table.rows, start=1):
            for column, value in enumerate(row):
                cell = _cell(value)
                if cell is None:
                    continue
                sheet.write(number, column, cell, percent if rates[column] else None)
                if number <= 200:  # (widths from the first rows: enough, and quick)
                    widths[column] = max(widths[column], display_width(str(cell)))
        for column, width in enumerate(widths):
            sheet.set_column(column, column, min(60, width + 2))
        sheet.freeze_panes(1, 0)
    book.close()


def _cell(value: Any) -> Any:
    """A value as a cell holds it: numbers and text as they are, lists joined, maps as JSON."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(str(_cell(v)) for v in value)
    return json.dumps(to_jsonable(value), ensure_ascii=False)
