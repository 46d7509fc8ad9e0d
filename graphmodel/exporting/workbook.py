"""Writing an export as an Excel workbook in the data contract: a sheet ``organizations`` and a
sheet ``relationships``, the contract's columns and then the user's own, one row per record,
which ``load FILE.xlsx`` reads back (graphmodel/excel.py).

Cells hold values as Excel keeps them: text as text (a name starting with ``=`` stays text,
never a formula; digits stay text), whole numbers and decimals as numbers, true/false as
Excel's booleans. What a cell cannot hold as it is becomes text: a whole number beyond
Excel's 15 digits of precision, a list or a map (as JSON), a date set by hand (its ISO text).
Text longer than a cell holds (32,767 characters) is cut there, as Excel would; the export's
check then reports the organization as read back with another value.

The sheets' XML is written here a column at a time (an xlsx file is a zip of XML parts):
each text once in the shared strings, escaped as Excel escapes them (``_xHHHH_`` for
control characters), the header bold and frozen. XlsxWriter, writing cell by cell, took
8 s of the 15 s of a workbook of 100,000 organizations; this takes about 1 s.

>>> workbook_cell(3), workbook_cell(2**60), workbook_cell(["a"])
(3, '1152921504606846976', '["a"]')
"""

from __future__ import annotations

import itertools
import math
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from graphmodel.exporting.writing import Table, cell

#: the largest whole number a cell holds exactly (Excel keeps 15 significant digits)
EXACT_INTEGER = 10**15 - 1
SHEETS = ("organizations", "relationships")
#: the most characters a cell holds
CELL_TEXT_LIMIT = 32_767
#: rows of a sheet turned into XML at a time (so that no sheet is held whole as text)
ROWS_AT_ONCE = 20_000

#: what text must be escaped for a sheet: XML's own characters, the control characters XML
#: cannot hold, the two non-characters, and text that reads as Excel's escape
_ESCAPED = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_EDGE_SPACE = re.compile(r"^\s|\s$")


def workbook_cell(value: Any) -> Any:
    """A value as the workbook's cell holds it (see the module's text)."""
    if isinstance(value, str | bool):
        return value
    if isinstance(value, int):
        return value if abs(value) <= EXACT_INTEGER else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else cell(value)
    return cell(value)


def sheet_text(text: str) -> str:
    """Text as a sheet's XML holds it: Excel's escapes, then XML's.

    >>> sheet_text("a<b & c\\x01_x0041_")
    'a&lt;b &amp; c_x0001__x005F_x0041_'
    """
    if not _ESCAPED.search(text):
        return text
    text = re.sub("(_x[0-9a-fA-F]{4}_)", r"_x005F\1", text)
    text = _CONTROL.sub(lambda found: f"_x{ord(found.group()):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def column_letter(number: int) -> str:
    """Excel's name of the column ``number`` (0 is A).

    >>> column_letter(0), column_letter(27)
    ('A', 'AB')
    """
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Strings:
    """The workbook's shared strings: each text once, numbered in the order first written
    (a cell of text holds its number; python-calamine read the sheets of 100,000
    organizations in 0.95 s so, 1.22 s with each text in its cell)."""

    def __init__(self) -> None:
        #: each text's cell after its reference: '" t="s"><v>NUMBER</v></c>'
        self.ends: dict[str, str] = {}
        self.cells = 0

    def cells_of(self, letter: str, rows: list[str], values: list[Any]) -> list[str]:
        """The cells of a column of text (None: no cell) in the ``rows`` numbered."""
        present = [value for value in values if value is not None]
        if max(map(len, present), default=0) > CELL_TEXT_LIMIT:
            values = [None if value is None else value[:CELL_TEXT_LIMIT] for value in values]
            present = [value for value in values if value is not None]
        ends = self.ends
        for text in dict.fromkeys(present):
            if text not in ends:
                ends[text] = f'" t="s"><v>{len(ends)}</v></c>'
        self.cells += len(present)
        start = '<c r="' + letter
        return ["" if value is None else start + row + ends[value]
                for row, value in zip(rows, values, strict=True)]

    def number(self, text: str) -> str:
        """The number of one cell's text."""
        text = text[:CELL_TEXT_LIMIT]
        self.cells += 1
        if text not in self.ends:
            self.ends[text] = f'" t="s"><v>{len(self.ends)}</v></c>'
        return self.ends[text][11:-8]

    def part(self) -> str:
        """The XML of the shared strings: Excel's escapes, XML's, spaces kept at the ends."""
        texts = list(self.ends)
        if _ESCAPED.search("\t".join(texts)):  # (a tab is neither escaped nor part of one)
            texts = list(map(sheet_text, texts))
        kept = ["<si><t>" + text + "</t></si>" for text in texts]
        if list(map(str.strip, texts)) != texts:  # (strip gives back the text it keeps)
            kept = [f'<si><t xml:space="preserve">{text}</t></si>' if _EDGE_SPACE.search(text)
                    else item for text, item in zip(texts, kept, strict=True)]
        return (_XML + f'<sst xmlns="{_MAIN}" count="{self.cells}" '
                f'uniqueCount="{len(texts)}">' + "".join(kept) + "</sst>")


def _cell(strings: Strings, letter: str, row: int, value: Any) -> str:
    """One cell of a column that is not all text or all numbers."""
    if value is None:
        return ""
    value = workbook_cell(value)
    if value.__class__ is str:
        return f'<c r="{letter}{row}" t="s"><v>{strings.number(value)}</v></c>'
    if value.__class__ is bool:
        return f'<c r="{letter}{row}" t="b"><v>{int(value)}</v></c>'
    return f'<c r="{letter}{row}"><v>{value!r}</v></c>'


def column_cells(strings: Strings, number: int, values: list[Any], first_row: int = 2,
                 rows: list[str] | None = None) -> list[str]:
    """The XML of a column's cells, a cell per value from ``first_row`` ("" for None), its
    texts numbered in ``strings`` (``rows``: the numbers of the rows as text, if made).

    >>> column_cells(Strings(), 1, ["=1+2", None, 7, True, 2**60, "=1+2"])
    ... # doctest: +NORMALIZE_WHITESPACE
    ['<c r="B2" t="s"><v>0</v></c>', '', '<c r="B4"><v>7</v></c>',
     '<c r="B5" t="b"><v>1</v></c>', '<c r="B6" t="s"><v>1</v></c>',
     '<c r="B7" t="s"><v>0</v></c>']
    """
    letter = column_letter(number)
    if rows is None:
        rows = list(map(str, range(first_row, first_row + len(values))))
    kinds = set(map(type, values)) - {type(None)}
    if kinds <= {str}:
        return strings.cells_of(letter, rows, values)
    if kinds <= {int} and max(map(abs, filter(None, values)), default=0) <= EXACT_INTEGER:
        return ["" if value is None else f'<c r="{letter}{row}"><v>{value}</v></c>'
                for row, value in zip(rows, values, strict=True)]
    return [_cell(strings, letter, row, value)
            for row, value in zip(rows, values, strict=True)]


def write_workbook(path: Path, organizations: Table, relationships: Table) -> None:
    """The two sheets, each a header row and a row per record (None: an empty cell). A
    failure to write (a full disk) is the OSError it is. The XML is compressed and
    written on another thread (zlib lets go of Python meanwhile) while the next rows are
    turned into XML."""
    strings = Strings()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, text in _PARTS.items():
            book.writestr(_part(name), text.format(first=SHEETS[0], second=SHEETS[1]))
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="workbook") as writer:
            for number, table in enumerate((organizations, relationships), start=1):
                with book.open(_part(f"xl/worksheets/sheet{number}.xml"), "w",
                               force_zip64=True) as part:
                    pending: list[Future[Any]] = []
                    for text in _sheet(strings, table, selected=number == 1):
                        pending.append(writer.submit(part.write, text.encode()))
                        if len(pending) > 1:  # (no more than a piece waits)
                            pending.pop(0).result()
                    for done in pending:
                        done.result()
        book.writestr(_part("xl/sharedStrings.xml"), strings.part())


def _part(name: str) -> zipfile.ZipInfo:
    """A part of the workbook, dated as XlsxWriter dates them (the same graph, the same
    bytes)."""
    part = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    part.compress_type = zipfile.ZIP_DEFLATED
    # (ZipInfo.compress_level from Python 3.13 on, which keeps this name too; zlib's
    # default 6 took 0.8 s for the sheets of 100,000 organizations, 1 takes 0.3 s for a
    # file a fifth larger)
    part._compresslevel = 1
    return part


def _sheet(strings: Strings, table: Table, selected: bool) -> Iterator[str]:
    """A sheet's XML, in pieces: the header (bold), then ROWS_AT_ONCE rows at a time."""
    last = f"{column_letter(max(len(table.columns) - 1, 0))}{table.count + 1}"
    yield (_SHEET_START.format(dimension=f"A1:{last}",
                               selected=' tabSelected="1"' if selected else "")
           + '<row r="1">' + "".join(
               f'<c r="{column_letter(k)}1" s="1" t="s"><v>{strings.number(name)}</v></c>'
               for k, name in enumerate(table.columns)) + "</row>")
    for start in range(0, table.count, ROWS_AT_ONCE):
        stop = min(start + ROWS_AT_ONCE, table.count)
        rows = list(map(str, range(start + 2, stop + 2)))
        columns = [column_cells(strings, k, values[start:stop], start + 2, rows)
                   for k, values in enumerate(table.values)]
        opening = [f'<row r="{row}">' for row in range(start + 2, stop + 2)]
        yield "".join(map("".join, zip(opening, *columns, itertools.repeat("</row>"),
                                       strict=False)))
    yield _SHEET_END


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_TYPES = "application/vnd.openxmlformats-officedocument"
_SHEET_START = (
    _XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}"><dimension ref="{{dimension}}"/>'
    '<sheetViews><sheetView{selected} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView>'
    '</sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>')
_SHEET_END = ('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
              'header="0.3" footer="0.3"/></worksheet>')
#: the workbook's other parts (the sheets' names filled in)
_PARTS = {
    "[Content_Types].xml": _XML + (
        f'<Types xmlns="{_PACKAGE}/content-types"><Default Extension="rels" '
        f'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_TYPES}.extended-properties'
        '+xml"/><Override PartName="/xl/styles.xml" '
        f'ContentType="{_TYPES}.spreadsheetml.styles+xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.spreadsheetml.sheet.'
        'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{_TYPES}.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/worksheets/sheet2.xml" '
        f'ContentType="{_TYPES}.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        f'ContentType="{_TYPES}.spreadsheetml.sharedStrings+xml"/></Types>'),
    "_rels/.rels": _XML + (
        f'<Relationships xmlns="{_PACKAGE}/relationships"><Relationship Id="rId1" '
        f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" '
        f'Type="{_RELS}/extended-properties" Target="docProps/app.xml"/></Relationships>'),
    "docProps/app.xml": _XML + (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>graphmodel</Application></Properties>'),
    "xl/workbook.xml": _XML + (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><bookViews><workbookView/>'
        '</bookViews><sheets><sheet name="{first}" sheetId="1" r:id="rId1"/>'
        '<sheet name="{second}" sheetId="2" r:id="rId2"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": _XML + (
        f'<Relationships xmlns="{_PACKAGE}/relationships"><Relationship Id="rId1" '
        f'Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        f'Type="{_RELS}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" '
        f'Type="{_RELS}/styles" Target="styles.xml"/><Relationship Id="rId4" '
        f'Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
    "xl/styles.xml": _XML + (
        f'<styleSheet xmlns="{_MAIN}"><fonts count="2"><font><sz val="11"/>'
        '<name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/>'
        '<name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill>'
        '<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
        '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
        '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" '
        'fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" '
        'borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle '
        'name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}
