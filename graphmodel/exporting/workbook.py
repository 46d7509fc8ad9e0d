"""Writing an export as an Excel workbook in the data contract: a sheet ``organizations`` and a
sheet ``relationships``, the contract's columns and then the user's own, one row per record,
which ``load FILE.xlsx`` reads back (graphmodel/excel.py).

Cells hold values as Excel keeps them: text as text (a name starting with ``=`` stays text,
never a formula; digits stay text), whole numbers and decimals as numbers, true/false as
Excel's booleans. What a cell cannot hold as it is becomes text: a whole number beyond
Excel's 15 digits of precision, a list or a map (as JSON), a date set by hand (its ISO text).
Written with XlsxWriter in constant-memory mode (a row at a time), its scratch files (a
sheet's rows) beside the workbook, in the export's staging folder: removed with it whatever
happens, and on the target's file system rather than in /tmp.

>>> workbook_cell(3), workbook_cell(2**60), workbook_cell(["a"])
(3, '1152921504606846976', '["a"]')
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from graphmodel.exporting.writing import cell

#: the largest whole number a cell holds exactly (Excel keeps 15 significant digits)
EXACT_INTEGER = 10**15 - 1
SHEETS = ("organizations", "relationships")


def workbook_cell(value: Any) -> Any:
    """A value as the workbook's cell holds it (see the module's text)."""
    if isinstance(value, str | bool):
        return value
    if isinstance(value, int):
        return value if abs(value) <= EXACT_INTEGER else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else cell(value)
    return cell(value)


def write_workbook(path: Path, organizations: Iterable[dict[str, Any]],
                   relationships: Iterable[dict[str, Any]], org_columns: tuple[str, ...],
                   rel_columns: tuple[str, ...]) -> None:
    """The two sheets, each a header row and a row per record (absent keys: empty cells).
    A failure to write (a full disk) is the OSError it is; after any failure the workbook is
    left unassembled."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True,
                                           "tmpdir": str(path.parent),
                                           "strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "strings_to_numbers": False})
    try:
        bold = book.add_format({"bold": True})
        for name, columns, records in ((SHEETS[0], org_columns, organizations),
                                       (SHEETS[1], rel_columns, relationships)):
            sheet = book.add_worksheet(name)
            sheet.write_row(0, 0, columns, bold)
            sheet.freeze_panes(1, 0)
            write_string, write_number = sheet.write_string, sheet.write_number
            write_boolean = sheet.write_boolean
            numbered = [(number, column) for number, column in enumerate(columns)]
            for row, record in enumerate(records, start=1):
                for number, column in numbered:
                    value = record.get(column)
                    if value is None:
                        continue
                    value = workbook_cell(value)
                    if value.__class__ is str:
                        write_string(row, number, value)
                    elif value.__class__ is bool:
                        write_boolean(row, number, value)
                    else:
                        write_number(row, number, value)
    except BaseException:
        _abandon(book)  # (assembling it would read back a scratch file cut short)
        raise
    try:
        book.close()
    except FileCreateError as error:  # (XlsxWriter's wrapping of the OSError)
        _abandon(book)
        raise error.args[0] from None


def _abandon(book: Any) -> None:
    """Close the scratch files of a workbook that will not be written (they are removed with
    the folder they are in)."""
    for sheet in book.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None:
            with suppress(OSError):
                handle.close()
