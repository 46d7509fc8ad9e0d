"""Read and validate a dataset (a CSV folder or one JSON file) into typed records.

A dataset is either a folder holding ``organizations.csv`` (and optionally
``relationships.csv``), an organizations file ``NAME.csv`` (and optionally
``NAME.relationships.csv`` beside it: ``relationships_beside``), or one ``.json`` file
``{"organizations": [...], "relationships": [...]}`` with the same fields. Every problem in
the input is collected and reported at once, each naming file, line (or JSON path), column,
value and what was expected; nothing is returned unless the whole dataset is valid.

The input is checked column by column (``_Table``): a CSV file's records are parsed by the
csv module (in C) and turned into columns by zip, a JSON list's or a sheet's likewise; each
rule runs on whole columns, each distinct value once (``_Cells``), and so do the checks
across a record's cells. A record the column checks have a doubt about goes alone through
the same rules, which word its problems; it is the only one given a ``_Row``.

>>> ds = read_dataset("examples/pingfang")          # doctest: +SKIP
>>> ds.organizations[0].label                       # doctest: +SKIP
'Zone'
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import gc
import io
import itertools
import json
import math
import os
import re
import reprlib
import stat
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, eq, is_not
from pathlib import Path
from typing import Any

from graphmodel import schema
from graphmodel.errors import GraphmodelError
from graphmodel.gcpause import gc_paused
from graphmodel.i18n import N_, Code, Codes, Text, gettext, localized, ngettext

ORGANIZATIONS_FILE = "organizations.csv"
RELATIONSHIPS_FILE = "relationships.csv"
#: how the relationships file beside an organizations file NAME.csv is named: NAME + this
RELATIONSHIPS_SUFFIX = ".relationships.csv"
#: the largest whole number a property holds (64-bit signed, as both engines store it)
MAX_INTEGER = 2**63 - 1
#: the longest cell accepted; registers hold names and notes, not documents
MAX_CELL_CHARS = 10_000
MAX_PROBLEMS_SHOWN = 200
#: a dataset nests 3 levels (an object of lists of objects); JSON too deep for the parser
#: is refused, located where it first nests deeper than this
MAX_JSON_DEPTH = 100
#: a near-miss file name ("relationship.csv") is this similar to the expected one, or more
NEAR_MISS_RATIO = 0.8


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the format allows."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    path: str | None = None  # JSON path, for JSON input
    line_name: str = "line"  # "row" in a spreadsheet

    def __str__(self) -> str:
        where = [self.file]
        if self.path:
            where.append(self.path)
        if self.line is not None:
            where.append(f"{self.line_name} {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        shown = "" if self.value is None else f" {_quote(self.value)}:"
        return f"{', '.join(where)}:{shown} {self.message}"

    def localized(self) -> str:
        """The problem in the chosen language (graphmodel/i18n.py); str() is English."""
        where = [self.file, *([self.path] if self.path else [])]
        if self.line is not None:
            where.append((gettext("row {number}") if self.line_name == "row"
                          else gettext("line {number}")).format(number=self.line))
        if self.column:
            where.append(gettext("column {column}").format(column=self.column))
        message, place = localized(self.message), gettext(", ").join(where)
        if self.value is None:
            return gettext("{where}: {message}").format(where=place, message=message)
        return gettext("{where}: {value}: {message}").format(where=place,
                                                             value=_quote(self.value),
                                                             message=message)


class DatasetError(GraphmodelError):
    """The dataset is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.summary())

    def summary(self) -> str:
        shown = [str(p) for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(f"... and {more} more problems")
        noun = "problem" if len(self.problems) == 1 else "problems"
        return "\n".join([*shown, f"{len(self.problems)} {noun} found; nothing was written."])

    def localized(self) -> str:
        """The summary in the chosen language (graphmodel/i18n.py)."""
        shown = [p.localized() for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(gettext("... and {count} more problems").format(count=more))
        count = len(self.problems)
        return "\n".join([*shown, ngettext("{count} problem found; nothing was written.",
                                            "{count} problems found; nothing was written.",
                                            count).format(count=count)])


@dataclass(slots=True)
class Organization:
    """One node: ``properties`` holds the node's properties (absent when the cell was empty).

    (Not frozen: a frozen dataclass's __init__ sets each field through object.__setattr__,
    1.76 s against 0.5 s for 3.5M objects; the reader makes millions of them.)"""

    id: str
    type: str
    properties: dict[str, Any]
    zone: str | None = None
    street: str | None = None

    @property
    def label(self) -> str:
        return schema.LABELS[self.type]


@dataclass(slots=True)
class Relationship:
    """One relationship between two organization ids, with its properties."""

    source: str
    target: str
    type: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class Dataset:
    """A validated dataset: organizations and relationships (zone/street columns included)."""

    organizations: list[Organization]
    relationships: list[Relationship]
    source: str = ""
    #: relationship k joins organizations[ends[2k]] to organizations[ends[2k + 1]]; the
    #: reader records the numbers while it checks the ids, None when built otherwise
    ends: array[int] | None = None
    #: the columns of the user's own ("organizations", "relationships": their headers),
    #: kept as properties under those names
    own_columns: dict[str, list[str]] = field(default_factory=dict)

    def end_numbers(self) -> array[int]:
        """The ``ends`` array, worked out from the ids when the reader did not record it."""
        if self.ends is not None and len(self.ends) == 2 * len(self.relationships):
            return self.ends
        number = {org.id: index for index, org in enumerate(self.organizations)}
        ends = array("q")
        for rel in self.relationships:
            ends.append(number[rel.source])
            ends.append(number[rel.target])
        return ends

    def type_of(self) -> dict[str, str]:
        """Map of organization id -> type."""
        return {o.id: o.type for o in self.organizations}

    def label_counts(self) -> dict[str, int]:
        """Organizations per label, by label (Counter over a map: C speed at 1M)."""
        counts = Counter(map(attrgetter("type"), self.organizations))
        return dict(sorted((schema.LABELS[kind], n) for kind, n in counts.items()))

    def relationship_counts(self) -> dict[str, int]:
        """Relationships per type, by type."""
        return dict(sorted(Counter(map(attrgetter("type"), self.relationships)).items()))


# --- records: a common form for CSV, JSON and workbook input ------------------------------


@dataclass(slots=True)
class _Row:
    """One input record before validation, with what is needed to locate its cells."""

    file: str
    cells: dict[str, Any]
    line: int | None = None
    path: str | None = None  # JSON path of the record, e.g. $.organizations[3]
    #: CSV column numbers (a spreadsheet's column letters)
    columns: dict[str, int | str] = field(default_factory=dict)
    #: each contract column's header (or JSON field) as the file writes it, where it differs
    written: dict[str, str] = field(default_factory=dict)
    line_name: str = "line"  # "row" in a spreadsheet

    def problem(self, column: str | None, value: Any, message: str) -> Problem:
        shown = None if value is None else _shown(value)
        name = self.written.get(column, column) if column else column
        if self.path is not None:
            return Problem(self.file, message,
                           path=f"{self.path}.{name}" if column else self.path, value=shown)
        col = f"{self.columns[column]} ({name})" if column in self.columns else name
        return Problem(self.file, message, line=self.line, column=col, value=shown,
                       line_name=self.line_name)


@dataclass
class _Table:
    """The records of a file (or of a part of a long one), a sheet or a JSON list, column by
    column: ``columns`` maps each column the records have (a contract column, or a header of
    the user's own, in the file's order) to its cells as written, one per record. The rules
    read whole columns; a record's ``_Row``, which locates a problem, is made only for a
    record that has one (``row``).

    >>> table = _Table("o.csv", {"id": (" e1", "e2")}, 2, lines=range(2, 4), numbers={"id": 1})
    >>> print(table.row(1).problem("id", "e2", "wrong"))
    o.csv, line 3, column 1 (id): 'e2': wrong
    """

    file: str
    columns: dict[str, Sequence[Any]]
    count: int
    #: each record's line (a spreadsheet's row); None for JSON
    lines: Sequence[int] | None = None
    #: JSON: the list's path ($.organizations) and each record's fields as given
    path: str | None = None
    records: list[dict[str, Any]] | None = None
    #: column numbers (a spreadsheet's letters), as ``_Row.columns``
    numbers: dict[str, int | str] = field(default_factory=dict)
    #: headers as written, as ``_Row.written``: one for the file, or one per JSON record
    written: dict[str, str] | list[dict[str, str]] = field(default_factory=dict)
    line_name: str = "line"
    #: every cell is text that is ``_storable`` (a CSV file found so as a whole)
    storable: bool = False

    @classmethod
    def of_json(cls, file: str, path: str, records: list[dict[str, Any]],
                written: list[dict[str, str]]) -> _Table:
        """The table of the JSON list at ``path``: a column for every field any record has,
        in the order they first appear; a record without it holds None."""
        names = dict.fromkeys(key for record in records for key in record)
        columns = {name: [record.get(name) for record in records] for name in names}
        return cls(file, columns, len(records), path=path, records=records, written=written)

    def row(self, number: int) -> _Row:
        """The record ``number`` as a row that locates its problems."""
        if self.records is not None:
            written = self.written[number] if isinstance(self.written, list) else self.written
            return _Row(self.file, self.records[number], path=f"{self.path}[{number}]",
                        written=written)
        assert self.lines is not None and isinstance(self.written, dict)
        return _Row(self.file, {name: cells[number] for name, cells in self.columns.items()},
                    self.lines[number], None, self.numbers, self.written, self.line_name)

    def places(self, start: int, stop: int) -> Sequence[str | int]:
        """Where records ``start`` to ``stop`` are, as a duplicate's message names them (the
        JSON path, else the line)."""
        if self.lines is None:
            return [f"{self.path}[{number}]" for number in range(start, stop)]
        return self.lines[start:stop]


def _shown(value: Any) -> str:
    """A value as the message shows it; a JSON list or object, however deeply nested, is
    abbreviated (reprlib stops at a few levels, where str() would recurse to the bottom)."""
    if isinstance(value, list | dict):
        return reprlib.repr(value)
    return str(value)


def _quote(value: str, limit: int = 60) -> str:
    shown = value if len(value) <= limit else value[:limit] + f"... ({len(value)} characters)"
    return repr(shown)


def _a(noun: str | None) -> str:
    """'a street', 'an enterprise'."""
    noun = noun or "?"
    return Text("an {kind}" if noun[0] in "aeiou" else "a {kind}", kind=Code("type", noun))


def _closest(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.5)
    return Text(" (did you mean {choice!r}?)", choice=match[0]) if match else ""


def near_miss(header: str, known: tuple[str, ...], aliases: dict[str, str],
              present: Iterable[str], required: tuple[str, ...]) -> str | None:
    """The contract column a header outside the contract was probably meant to be, or None
    (then it is a column of the user's own, kept as a property).

    A near miss is a header as close as 80% to a column or one of its Chinese names, or one
    half as close to a required column the file does not have.

    >>> columns = schema.ORG_COLUMNS
    >>> near_miss("party_member", columns, {}, ["id"], ("id",))
    'party_members'
    >>> near_miss("nmae", columns, {}, ["id", "type"], ("id", "type", "name"))
    'name'
    >>> near_miss("聯繫電話", columns, {}, ["id", "type", "name"], ("id", "type", "name"))
    """
    names = {name: name for name in known} | aliases
    close = difflib.get_close_matches(header.strip().lower(), list(names), n=1,
                                      cutoff=NEAR_MISS_RATIO)
    if close:
        return close[0]
    missing = [name for name in required if name not in set(present)]
    close = difflib.get_close_matches(header.strip().lower(), missing, n=1, cutoff=0.5)
    return close[0] if close else None


# --- decoding -------------------------------------------------------------------------------


def decode_text(data: bytes, file: str, encoding: str | None = None) -> str:
    """The text of a file: in ``encoding`` if given, else in the encoding its bytes show
    (UTF-8 with or without BOM, UTF-16 or -32 with BOM, GB18030, Big5: graphmodel/decoding.py);
    a file whose encoding is doubtful is refused, located at its first byte not UTF-8.

    >>> decode_text("名稱,編號,類型".encode("gb18030"), "x.csv")
    '名稱,編號,類型'
    """
    from graphmodel.decoding import EncodingProblem, decode

    try:
        return decode(data, file, encoding)
    except EncodingProblem as problem:
        if problem.offset is None:
            raise DatasetError([Problem(file, problem.message)]) from None
        line, column = _position(data, problem.offset)
        raise DatasetError([Problem(file, problem.message, line=line, column=str(column))]
                           ) from None
    except LookupError:
        raise DatasetError([Problem(file, Text("--encoding {encoding}: no such encoding (for "
                                         "example utf-8, gb18030, big5, utf-16)",
                                         encoding=encoding))]) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


# --- files: what a path is, found without opening it ---------------------------------------

FILE, FOLDER, MISSING = "file", "folder", "missing"
_KINDS = ((stat.S_ISDIR, N_("a folder")), (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
          (stat.S_ISSOCK, N_("a socket")), (stat.S_ISCHR, N_("a character device")),
          (stat.S_ISBLK, N_("a block device")))


def what_is(path: Path) -> str:
    """FILE or FOLDER (itself or through symlinks), MISSING, or what else the path is.

    Found with lstat and stat only: a FIFO is never opened (opening one blocks).

    >>> what_is(Path("no/such/file"))
    'missing'
    """
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return MISSING
    except OSError as error:
        return Text("something that cannot be examined ({why})", why=error.strerror)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Text("a dangling symlink (to {target!r}, which does not exist)",
                    target=os.readlink(path))
    except OSError as error:
        return Text("a symlink that cannot be followed ({why})" if stat.S_ISLNK(link.st_mode)
                    else "something that cannot be followed ({why})", why=error.strerror)
    if stat.S_ISREG(mode):
        return FILE
    if stat.S_ISDIR(mode):
        return FOLDER
    kind = Text(next((name for test, name in _KINDS if test(mode)), N_("not a regular file")))
    return Text("a symlink to {kind}", kind=kind) if stat.S_ISLNK(link.st_mode) else kind


def _read_bytes(path: Path, file: str) -> bytes:
    """The content of a regular file (checked with ``what_is`` before). Opened without
    blocking and checked again once open, so a FIFO swapped in meanwhile is refused too."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise DatasetError([Problem(file, _unreadable(error))]) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DatasetError([Problem(file, Text("this is not a regular file; expected a "
                                                   "file"))])
        try:
            return handle.read()
        except OSError as error:
            raise DatasetError([Problem(file, _unreadable(error))]) from None


def _unreadable(error: OSError) -> Text:
    return Text("the file cannot be read ({why})", why=error.strerror)


def _near_misses(folder: Path, expected: str) -> list[str]:
    """Names in ``folder`` that look like a misspelling of ``expected`` (another case, a
    missing letter, another extension) and like no other file of the dataset."""
    names = (ORGANIZATIONS_FILE, RELATIONSHIPS_FILE)
    try:
        entries = sorted(os.listdir(folder))
    except OSError:
        return []

    def likeness(name: str, wanted: str) -> float:
        name = name.lower()
        return max(difflib.SequenceMatcher(None, name, wanted).ratio(),
                   difflib.SequenceMatcher(None, name.partition(".")[0],
                                           wanted.partition(".")[0]).ratio())

    found = []
    for entry in entries:
        if entry in names or entry.startswith((".", "~$")):  # (hidden and lock files)
            continue
        best = max(names, key=lambda wanted: likeness(entry, wanted))
        if best == expected and likeness(entry, expected) >= NEAR_MISS_RATIO:
            found.append(entry)
    return found


def relationships_beside(organizations: Path) -> Path:
    """The relationships file that goes with an organizations CSV file given by its name
    (``load district.csv``, ``export -o district.csv``): ``relationships.csv`` beside
    ``organizations.csv``, as in a dataset folder, else ``NAME.relationships.csv`` beside
    ``NAME.csv``. The one rule export and load both follow.

    >>> relationships_beside(Path("out/district.csv")).as_posix()
    'out/district.relationships.csv'
    >>> relationships_beside(Path("register/organizations.csv")).as_posix()
    'register/relationships.csv'
    """
    if organizations.name.lower() == ORGANIZATIONS_FILE:
        return organizations.with_name(RELATIONSHIPS_FILE)
    return organizations.with_name(organizations.name[:-len(".csv")] + RELATIONSHIPS_SUFFIX)


def organizations_beside(relationships: Path) -> Path | None:
    """The organizations file a relationships file goes with, by the rule of
    ``relationships_beside``; None for a name that is no relationships file's.

    >>> organizations_beside(Path("out/district.relationships.csv")).as_posix()
    'out/district.csv'
    >>> organizations_beside(Path("out/district.csv")) is None
    True
    """
    name = relationships.name.lower()
    if name == RELATIONSHIPS_FILE:
        return relationships.with_name(ORGANIZATIONS_FILE)
    if name.endswith(RELATIONSHIPS_SUFFIX) and len(name) > len(RELATIONSHIPS_SUFFIX):
        return relationships.with_name(relationships.name[:-len(RELATIONSHIPS_SUFFIX)] + ".csv")
    return None


def _dataset_file(folder: Path, name: str, required: bool, problems: list[Problem]
                  ) -> Path | None:
    """``folder/name`` when it is a file (or a symlink to one), else None.

    What stands there instead of a file, a missing file next to a near-miss of its name, or
    a missing required file goes to ``problems``.
    """
    path = folder / name
    kind = what_is(path)
    if kind == FILE:
        return path
    if kind == MISSING:
        near = _near_misses(folder, name)
        if near:
            problems.append(Problem(str(folder), Text("{name} is missing; the folder holds "
                                                      "{near}: did you mean {name}?",
                                                      name=name, near=" and ".join(near))))
        elif required:
            problems.append(Problem(str(folder), Text("the folder has no {name}", name=name)))
        return None
    if kind == FOLDER:
        kind = (Text("a symlink to {kind}", kind=Text("a folder")) if path.is_symlink()
                else Text("a folder"))
    problems.append(Problem(str(path), Text("this is {kind}, not a file; expected {name} to be "
                                            "a CSV file", kind=kind, name=name)))
    return None


# --- CSV ------------------------------------------------------------------------------------


@dataclass
class _CsvFile:
    """A CSV file whose header was read and checked; its records are read on demand."""

    file: str
    reader: Any
    header: list[str]
    columns: dict[str, int]
    written: dict[str, str]
    #: the file holds no NUL and no lone surrogate (``_storable``)
    storable: bool = False
    #: every record was read, or the rest cannot be (an unclosed quote: told)
    done: bool = False

    def tables(self, problems: list[Problem], size: int | None = None) -> Iterator[_Table]:
        """The records in tables of at most ``size`` (one table of them all when None; the
        first table even when there are none); records that cannot be parsed go to
        ``problems``."""
        yield self.table(problems, size)
        while not self.done:
            yield self.table(problems, size)

    def table(self, problems: list[Problem], size: int | None) -> _Table:
        """The next ``size`` records (all the rest when None) as a table: parsed in C by the
        csv module, turned into columns by zip; blank lines left out, and a record of the
        wrong width told as a problem and left out."""
        reader, width = self.reader, len(self.header)
        before = reader.line_num
        records: list[list[str]] = []
        try:
            records.extend(itertools.islice(reader, size))  # (what was parsed stays)
            error = None
        except csv.Error as caught:
            error = caught
        read = len(records)
        self.done = error is not None or size is None or read < size
        lines: Sequence[int]
        if error is None and reader.line_num - before == read:  # one line each: counted
            lines = range(before + 1, before + 1 + read)
        else:  # a quoted cell holds a line break: each record's lines, as the reader read
            lines = _record_lines(records, before + 1)
        try:
            cells = list(zip(*records, strict=True)) if records else [() for _ in self.header]
            wide = len(cells) == width  # (ValueError: records of different widths)
        except ValueError:
            wide = False
        if not wide or not all(map(str.strip, cells[0])):  # (most: of the header's width,
            records, lines = self._kept(records, lines, problems)  # none blank)
            cells = list(zip(*records, strict=True)) if records else [() for _ in self.header]
        if error is not None:  # (after the problems of the records read before it)
            problems.append(Problem(self.file, Text("the CSV cannot be read: {error} (an "
                                                    "unclosed quote, or a truncated file?)",
                                                    error=str(error)), line=reader.line_num))
        return _Table(self.file, dict(zip(self.header, cells, strict=True)), len(records),
                      lines=lines, numbers=self.columns, written=self.written,
                      storable=self.storable)

    def _kept(self, records: list[list[str]], lines: Sequence[int], problems: list[Problem]
              ) -> tuple[list[list[str]], list[int]]:
        """The records that are neither blank nor of the wrong width (told), with their
        lines."""
        width = len(self.header)
        kept, kept_lines = [], []
        for record, line in zip(records, lines, strict=True):
            if len(record) != width or not record[0].strip():
                if not "".join(record).strip():
                    continue  # blank line
                if len(record) != width:
                    problems.append(Problem(
                        self.file, Text("the row has {count} fields but the header has "
                                        "{width} (a stray comma, or a truncated line?)",
                                        count=len(record), width=width), line=line))
                    continue
            kept.append(record)
            kept_lines.append(line)
        return kept, kept_lines


def _record_lines(records: list[list[str]], first: int) -> list[int]:
    """The line each record starts on, the first on ``first``: a record takes one line, and
    one more for each line break its quoted cells hold (\\n, \\r\\n or \\r, as
    the csv reader reads lines).

    >>> _record_lines([["a", "b"], ["x\\r\\ny", "z\\n"], [], ["c", "d"]], 2)
    [2, 3, 6, 7]
    """
    lines = []
    for record in records:
        lines.append(first)
        first += 1
        for cell in record:
            if "\n" in cell or "\r" in cell:
                first += cell.count("\n") + cell.count("\r") - cell.count("\r\n")
    return lines


def _open_csv(path: Path, known: tuple[str, ...], required: tuple[str, ...],
              aliases: dict[str, str], encoding: str | None = None) -> _CsvFile:
    """Decode a CSV file (in ``encoding``, else as its bytes show) and check its header
    (contract names, or their Chinese ``aliases``); header problems raise at once."""
    file = path.name
    text = decode_text(_read_bytes(path, file), file, encoding)
    if not text or text.isspace():  # (text.strip() would copy the whole text)
        raise DatasetError([Problem(file, Text("the file is empty; expected a header line: "
                                               "{header}", header=",".join(known)), line=1)])
    csv.field_size_limit(max(MAX_CELL_CHARS * 16, 1 << 20))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        written_header = [h.strip() for h in next(reader)]
    except csv.Error as error:
        raise DatasetError([Problem(file, Text("the header cannot be read: {error}",
                                               error=str(error)), line=1)]) from None
    header = [schema.canonical_column(h, known, aliases) or h for h in written_header]
    columns = _check_header(header, written_header, known, required, aliases, file, problems)
    if problems:
        raise DatasetError(problems)
    written = {name: text for name, text in zip(header, written_header, strict=True)
               if name != text}
    return _CsvFile(file, reader, header, columns, written, _storable(text))


def _check_header(header: list[str], written: list[str], known: tuple[str, ...],
                  required: tuple[str, ...], aliases: dict[str, str], file: str,
                  problems: list[Problem]) -> dict[str, int]:
    """Each contract column's number; ``header`` holds the contract names the ``written``
    headers stand for (an unknown header as it is)."""
    columns: dict[str, int] = {}
    present = [name for name in header if name in known]
    for number, (name, text) in enumerate(zip(header, written, strict=True), start=1):
        if not text:
            problems.append(Problem(file, Text("a column without a header: name it, or remove "
                                         "the column"), line=1, column=str(number)))
        elif name not in known and (meant := near_miss(text, known, aliases, present,
                                                       required)):
            problems.append(Problem(
                file, Text("unknown column (did you mean {meant!r}?); known columns are {known}"
                           " (or their Chinese names); a column of your own must not look "
                           "like one of them", meant=meant, known=", ".join(known)),
                line=1, column=str(number), value=text))
        elif name in columns:
            first = written[columns[name] - 1]
            also = f" {first!r}," if first != text else ""
            problems.append(Problem(file, Text("column appears twice (first as column "
                                               "{first},{also} both {name!r})",
                                               first=columns[name], also=also, name=name),
                                    line=1, column=str(number), value=text))
        else:
            columns[name] = number
    for name in required:
        if name not in columns:
            problems.append(Problem(file, Text("required column {name!r} is missing; the "
                                               "header must name {required}", name=name,
                                               required=", ".join(required)), line=1))
    return columns


# --- JSON -----------------------------------------------------------------------------------


class _JsonNumber:
    """A JSON number no field holds as such - a fraction, an exponent, NaN, Infinity, or an
    integer too long for int() - kept as written, so a message shows what the user wrote."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


def _json_integer(text: str) -> int | _JsonNumber:
    """A JSON integer; one longer than int() converts (sys.get_int_max_str_digits) as written."""
    try:
        return int(text)
    except ValueError:
        return _JsonNumber(text)


class _Duplicated(dict[str, Any]):
    """A JSON object in which some keys appear more than once (the last value is kept)."""

    duplicates: dict[str, int]  # key -> how many times it appears


_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _parse_json(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse JSON text; return the document and, as problems, the keys any object repeats.

    Malformed JSON, and JSON nested too deep for the parser, raise DatasetError.
    """
    duplicated: list[_Duplicated] = []

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        marked = _Duplicated(obj)
        marked.duplicates = {k: n for k, n in Counter(k for k, _ in pairs).items() if n > 1}
        duplicated.append(marked)
        return marked

    options: dict[str, Any] = {"object_pairs_hook": unique_keys, "parse_float": _JsonNumber,
                               "parse_constant": _JsonNumber}
    try:
        try:
            document = json.loads(text, **options)
        except json.JSONDecodeError:
            raise
        except ValueError:  # an integer too long for int(): read again keeping it as written
            duplicated.clear()
            document = json.loads(text, parse_int=_json_integer, **options)
    except json.JSONDecodeError as error:
        raise DatasetError([Problem(file, Text("malformed JSON: {error}", error=error.msg),
                                    line=error.lineno, column=str(error.colno))]) from None
    except RecursionError:
        raise DatasetError([_nesting_problem(text, file)]) from None
    return document, _duplicate_keys(document, duplicated, file) if duplicated else []


def _nesting_problem(text: str, file: str) -> Problem:
    """Where JSON too deep for the parser first nests more than MAX_JSON_DEPTH levels."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        bracket = text[match.start()]
        if bracket in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                return Problem(file, Text("the JSON nests more than {depth} levels deep "
                                          "here; a dataset nests 3 (an object of lists of "
                                          "objects)", depth=MAX_JSON_DEPTH),
                               line=line, column=str(column))
        elif bracket in "]}":
            depth -= 1
    return Problem(file, Text("the JSON nests too deep to be read; a dataset nests 3 levels "
                              "(an object of lists of objects)"), path="$")


def _duplicate_keys(document: Any, duplicated: list[_Duplicated], file: str) -> list[Problem]:
    """Each repeated key of the ``duplicated`` objects, located by JSON path, in document
    order (the walk keeps its own stack: the document may nest deeper than Python recurses)."""
    wanted = {id(obj) for obj in duplicated}
    problems: list[Problem] = []
    stack: list[tuple[str, Any]] = [("$", document)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            if id(value) in wanted:
                for key, count in value.duplicates.items():
                    problems.append(Problem(file, Text(
                        "the key {key} appears twice; each key may appear once" if count == 2
                        else "the key {key} appears {count} times; each key may appear once",
                        key=json.dumps(key, ensure_ascii=False), count=count), path=where))
            stack.extend(reversed([(f"{where}.{key}", item) for key, item in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{where}[{index}]", item)
                                   for index, item in enumerate(value)]))
    return problems


def _json_tables(path: Path, encoding: str | None = None) -> tuple[_Table, _Table]:
    """The organizations and the relationships of a JSON file, each list as a table."""
    file = path.name
    text = decode_text(_read_bytes(path, file), file, encoding)
    document, problems = _parse_json(text, file)
    if not isinstance(document, dict):
        raise DatasetError([*problems, Problem(file, Text("expected an object with "
                                                          "'organizations' and "
                                                          "'relationships' lists"), path="$")])
    for key in document:
        if key not in ("organizations", "relationships"):
            problems.append(Problem(file, Text("unknown key{hint}", hint=_closest(
                key, ("organizations", "relationships"))), path=f"$.{key}"))
    parts = []
    for key, known, aliases, required in (
            ("organizations", schema.ORG_COLUMNS, schema.ORG_COLUMN_ALIASES, schema.ORG_REQUIRED),
            ("relationships", schema.REL_COLUMNS, schema.REL_COLUMN_ALIASES,
             schema.REL_REQUIRED)):
        items = document.get(key, [])
        if not isinstance(items, list):
            problems.append(Problem(file, Text("expected a list"), path=f"$.{key}"))
            continue
        records: list[dict[str, Any]] = []
        writings: list[dict[str, str]] = []
        for index, item in enumerate(items):
            where = f"$.{key}[{index}]"
            if not isinstance(item, dict):
                problems.append(Problem(file, Text("expected an object"), path=where))
                continue
            cells: dict[str, Any] = {}
            written: dict[str, str] = {}
            present = [column for name in item
                       if (column := schema.canonical_column(name, known, aliases))]
            for name, value in item.items():
                column = schema.canonical_column(name, known, aliases) or name.strip()
                if column not in known and (meant := near_miss(name, known, aliases, present,
                                                               required)):
                    problems.append(Problem(file, Text(
                        "unknown field (did you mean {meant!r}?); a field of your own must not "
                        "look like one of the contract's", meant=meant), path=f"{where}.{name}"))
                elif not column:
                    problems.append(Problem(file, Text("a field without a name"),
                                            path=f"{where}.{name}"))
                elif column in cells:
                    first = written.get(column, column)
                    problems.append(Problem(file, Text("field given twice, as {first!r} and "
                                                       "{name!r}", first=first, name=name),
                                            path=f"{where}.{name}"))
                else:
                    cells[column] = value
                    if column != name:
                        written[column] = name
            records.append(cells)
            writings.append(written)
        parts.append(_Table.of_json(file, f"$.{key}", records, writings))
    if problems:
        raise DatasetError(problems)
    return parts[0], parts[1]


# --- validation -----------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    """An absent cell: no value, or text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def _text(row: _Row, column: str, problems: list[Problem],
          required: tuple[str, ...] = ()) -> str | None:
    """A cell as stripped text, or None when empty (a problem if ``column`` is required).

    Each cell gets one problem at most: a cell too long, or not text, is not also missing.
    """
    value = row.cells.get(column)
    if value.__class__ is str:  # the common case first (millions of cells at 1M rows)
        text = value.strip()
        if text and len(text) <= MAX_CELL_CHARS and _storable(text):
            return text
    if _blank(value):
        if column in required:
            problems.append(row.problem(column, None, Text("a value for {column!r} is required",
                                                           column=column)))
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        problems.append(row.problem(column, value, Text("expected text")))
        return None
    text = str(value).strip()
    if len(text) > MAX_CELL_CHARS:
        problems.append(row.problem(column, text, Text("the value is {count:,} characters "
                                                       "long; the limit is {limit:,}",
                                                       count=len(text), limit=MAX_CELL_CHARS)))
        return None
    if "\x00" in text:  # (the text is still returned: one problem, not "required" too)
        problems.append(row.problem(column, text, Text("contains a NUL character (\\x00), "
                                                       "which the graph engines cannot store; "
                                                       "remove it")))
    elif (surrogate := _SURROGATE.search(text)) is not None:
        code = f"\\u{ord(surrogate[0]):04x}"
        problems.append(row.problem(column, text, Text(
            "contains a lone surrogate ({code}, half of a UTF-16 pair: a JSON escape without "
            "its other half), which is no character and cannot be stored; fix or remove it",
            code=code)))
    return text


#: a UTF-16 surrogate code point: JSON's "\ud800" escape alone decodes to one
_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(text: str) -> bool:
    """Text the graph engines store as it is: no NUL, no lone surrogate (``_text`` words
    what is wrong with other text).

    >>> _storable("平房區"), _storable("e1\\x00"), _storable("\\ud800")
    (True, False, False)
    """
    return "\x00" not in text and (text.isascii() or _SURROGATE.search(text) is None)


def ascii_digits(text: str) -> bool:
    """True when ``text`` is one or more ASCII digits 0-9: the one test of a written number.

    int() and str.isdigit() also take full-width (２０１７), circled (①), Arabic-Indic and
    other Unicode digits; a register's number is written in 0-9 or refused.

    >>> ascii_digits("2017"), ascii_digits("２０１７"), ascii_digits("①"), ascii_digits("")
    (True, False, False, False)
    """
    return text.isascii() and text.isdigit()


def _digit_hint(text: str) -> str:
    """'; ...' naming the first character that looks like a digit but is not 0-9, or ''."""
    for char in text:
        if not char.isascii() and (char.isdigit() or char.isnumeric()):
            return Text("; only the digits 0-9 are read ({char!r} is {name})", char=char,
                        name=unicodedata.name(char, "a non-ASCII digit"))
    return ""


def _integer(row: _Row, column: str, problems: list[Problem]) -> int | None:
    value = row.cells.get(column)
    if _blank(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str | _JsonNumber):
        text = str(value).strip()
        digits = text.removeprefix("-")
        if not ascii_digits(digits) or (text != digits and digits.strip("0")):
            problems.append(row.problem(column, value, Text(
                "expected a whole number of 0 or more{hint}", hint=_digit_hint(text))))
            return None
        # the length is checked first: int() refuses thousands of digits with a ValueError
        short = len(digits.lstrip("0")) <= len(str(MAX_INTEGER))
        number = int(digits) if short else MAX_INTEGER + 1
    else:
        problems.append(row.problem(column, value, Text("expected a whole number of 0 or more")))
        return None
    if number < 0:
        problems.append(row.problem(column, value, Text("expected a whole number of 0 or more")))
        return None
    if number > MAX_INTEGER:
        problems.append(row.problem(column, value, Text("the number is too large; the largest "
                                                        "the graph engines store is {limit:,}",
                                                        limit=MAX_INTEGER)))
        return None
    return number


def _enum(row: _Row, column: str, field_name: str, problems: list[Problem],
          required: tuple[str, ...] = ()) -> str | None:
    text = _text(row, column, problems, required)
    if text is None:
        return None
    value = schema.canonical_value(field_name, text)
    if value is None:
        problems.append(_enum_problem(row, column, field_name, text))
    return value


def _date(row: _Row, column: str, problems: list[Problem]) -> str | None:
    """A date column's value as stored: a year as written (2016, meaning 1 January), else
    the ISO date (2016-05-01); a problem when it is neither."""
    text = _text(row, column, problems)
    if text is None:
        return None
    value = _date_value(text)
    if value is None:
        problems.append(row.problem(column, text, Text("expected a year (2016) or an ISO date "
                                                       "(2016-05-01){hint}",
                                                       hint=_digit_hint(text))))
    return value


def _date_value(text: str) -> str | None:
    """A date cell's text as stored: a year as written, else the ISO date; None when it is
    neither.

    >>> _date_value("2016"), _date_value("2016-05-01"), _date_value("May 2016")
    ('2016', '2016-05-01', None)
    """
    if len(text) == 4 and ascii_digits(text):
        return text
    if text.isascii():
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    return None


def _dates_in_order(row: _Row, values: dict[str, Any], columns: tuple[str, str],
                    problems: list[Problem]) -> None:
    """A problem when the second date (closed, until) comes before the first."""
    first, second = columns
    if values[first] is not None and values[second] is not None and \
            as_date(values[second]) < as_date(values[first]):
        problems.append(row.problem(second, values[second], Text(
            "{second} is before {first} ({day})", second=second, first=first,
            day=values[first])))


def as_date(value: str) -> dt.date:
    """A stored date value (a year or an ISO date) as a date: a year is its 1 January.

    >>> as_date("2016"), as_date("2017-07-31")
    (datetime.date(2016, 1, 1), datetime.date(2017, 7, 31))
    """
    return dt.date(int(value), 1, 1) if len(value) == 4 else dt.date.fromisoformat(value)


def _any_value(cells: Iterable[Any]) -> bool:
    """Whether any of the cells is not None (found at the first: in C, without comparing).

    >>> _any_value([None, None]), _any_value([None, 0])
    (False, True)
    """
    return any(map(is_not, cells, itertools.repeat(None)))


def _out_of_order(firsts: list[str | None], seconds: list[str | None]) -> list[int]:
    """The records whose second date (closed, until) comes before their first: the rule of
    ``_dates_in_order``, asked of two whole columns."""
    if not _any_value(seconds):
        return []
    return [number for number, (first, second) in enumerate(zip(firsts, seconds, strict=True))
            if first is not None and second is not None and as_date(second) < as_date(first)]


#: relationship records cleaned column by column at once (a bounded part of a long file)
CHUNK_ROWS = 50_000


class _Cells:
    """The cells of a table cleaned column by column, as the per-cell rules (``_text``,
    ``_enum``, ``_integer``, ``_date``, ``_own``) would clean them one by one: a column of
    plain text is stripped and checked in a few C-level passes (no NUL, no lone surrogate,
    none too long: then each rule would return the stripped text), each distinct value is
    read once, and only the cells that are not plain go through the per-cell rule, with
    their record's row. The problems those rules find are kept per (record, column), so a
    record's problems come out in the order of the per-record checks (``problems_of``).
    """

    def __init__(self, table: _Table):
        self.table = table
        self.count = table.count
        self.found: dict[tuple[int, str], list[Problem]] = {}
        self.rows: dict[int, _Row] = {}

    def row(self, number: int) -> _Row:
        """Record ``number`` as a row that locates its problems (made once, when needed)."""
        row = self.rows.get(number)
        if row is None:
            row = self.rows[number] = self.table.row(number)
        return row

    def _cell(self, number: int, column: str, rule: Any, *args: Any) -> Any:
        problems: list[Problem] = []
        value = rule(self.row(number), column, *args, problems)
        if problems:
            self.found[number, column] = problems
        return value

    def text(self, column: str, required: tuple[str, ...] = ()) -> list[str | None]:
        """``_text`` of every record."""
        return self._texts(column, column in required, _required_text, required)

    def own(self, column: str) -> list[Any]:
        """``_own`` of every record: text as ``text`` cleans it, anything else by the rule."""
        return self._texts(column, False, _own)

    def _texts(self, column: str, needed: bool, rule: Any, *args: Any) -> list[Any]:
        """The stripped text of every cell, None for an empty one; a cell that is no plain
        text, or a required one that is empty, by ``rule``."""
        values = self.table.columns.get(column)
        if values is None:  # (a column the records do not have)
            if not needed:
                return [None] * self.count
            values = (None,) * self.count
        few = _few(values)
        if few is not None:  # (each distinct cell cleaned once, then looked up)
            clean: dict[Any, Any] = {}
            for value in few:
                if value.__class__ is str:
                    text = value.strip()
                    if text and len(text) <= MAX_CELL_CHARS and _storable(text):
                        clean[value] = text
                    elif not text and not needed:
                        clean[value] = None
                elif value is None and not needed:
                    clean[value] = None
            try:
                return list(map(clean.__getitem__, values))  # (KeyError: a cell for the rule)
            except KeyError:
                return self._each(column, values, needed, rule, *args)
        try:
            out = [value.strip() or None for value in values]  # (AttributeError: not all text)
        except AttributeError:
            return self._each(column, values, needed, rule, *args)
        # (stripping takes no NUL or surrogate away, and leaves no cell longer)
        if not (self.table.storable or _storable("".join(values))) \
                or max(map(len, values), default=0) > MAX_CELL_CHARS:
            return self._each(column, values, needed, rule, *args)
        if needed and None in out:
            for number, text in enumerate(out):
                if text is None:  # (the required cell's problem, as the rule words it)
                    self._cell(number, column, rule, *args)
        return out

    def _each(self, column: str, values: Sequence[Any], needed: bool, rule: Any,
              *args: Any) -> list[Any]:
        out: list[Any] = []
        for number, value in enumerate(values):
            if value.__class__ is str:
                text = value.strip()
                if text and len(text) <= MAX_CELL_CHARS and _storable(text):
                    out.append(text)
                    continue
                if not text and not needed:
                    out.append(None)
                    continue
            elif value is None and not needed:
                out.append(None)
                continue
            out.append(self._cell(number, column, rule, *args))
        return out

    def enum(self, column: str, field_name: str, required: tuple[str, ...] = ()
             ) -> list[str | None]:
        """``_enum`` of every record (each distinct text read once)."""
        texts = self.text(column, required)
        known = {text: schema.canonical_value(field_name, text)
                 for text in set(texts) if text is not None}
        unknown = None in known.values()
        known[None] = None  # type: ignore[index]
        out: list[str | None] = list(map(known.__getitem__, texts))
        if unknown:
            for number, (text, value) in enumerate(zip(texts, out, strict=True)):
                if value is None and text is not None:
                    self.found.setdefault((number, column), []).append(
                        _enum_problem(self.row(number), column, field_name, text))
        return out

    def integer(self, column: str) -> list[int | None]:
        """``_integer`` of every record: plain digits of 18 or fewer here (each distinct
        text read once), others by the rule."""
        values = self.table.columns.get(column)
        if values is None:
            return [None] * self.count
        try:
            distinct = set(values)
        except TypeError:  # (a JSON list or object)
            distinct = {value for value in values if value.__class__ is str}
        read: dict[Any, int | None] = {None: None}
        for value in distinct:
            if value.__class__ is str:
                text = value.strip()
                if not text:
                    read[value] = None
                elif len(text) <= 18 and ascii_digits(text):
                    read[value] = int(text)
        try:
            return list(map(read.__getitem__, values))
        except (KeyError, TypeError):  # (a cell for the rule, or a list or an object)
            pass
        out: list[int | None] = []
        for number, value in enumerate(values):
            if value.__class__ is str and value in read:
                out.append(read[value])
            elif value is None:
                out.append(None)
            elif value.__class__ is int and 0 <= value <= MAX_INTEGER:
                out.append(value)
            else:
                out.append(self._cell(number, column, _integer))
        return out

    def date(self, column: str) -> list[str | None]:
        """``_date`` of every record (each distinct text read once)."""
        texts = self.text(column)
        read = {text: _date_value(text) for text in set(texts) if text is not None}
        wrong = None in read.values()
        read[None] = None  # type: ignore[index]
        if not wrong:
            return list(map(read.__getitem__, texts))
        return [self._cell(number, column, _date) if text is not None and read[text] is None
                else read[text] for number, text in enumerate(texts)]

    def problems_of(self, number: int, column: str) -> list[Problem]:
        return self.found.get((number, column), [])


#: a column whose first 1,024 cells hold at most this many distinct values is read value by
#: value (``_few``)
FEW_VALUES = 64


def _few(values: Sequence[Any]) -> set[Any] | None:
    """The distinct cells of a column that has few (a type, a size, a zone: each then
    cleaned once, and the cells looked up, passing over them twice in all); None for a
    column of many (an id, a name), or of lists or objects."""
    try:
        if len(set(itertools.islice(values, 1024))) > FEW_VALUES:
            return None
        distinct = set(values)
    except TypeError:  # (a JSON list or object)
        return None
    return distinct if len(distinct) <= max(FEW_VALUES, len(values) // 8) else None


def _required_text(row: _Row, column: str, required: tuple[str, ...],
                   problems: list[Problem]) -> str | None:
    return _text(row, column, problems, required)


def _enum_problem(row: _Row, column: str, field_name: str, text: str) -> Problem:
    allowed = schema.ENUMS[field_name]
    return row.problem(column, text, Text(
        "unknown {field}{closest}; expected one of {allowed}",
        field=Code("heading", field_name), closest=_closest(text, allowed),
        allowed=Codes(field_name, list(allowed), ", ")))


def _own(row: _Row, column: str, problems: list[Problem]) -> Any:
    """A cell of a column of the user's own, kept as a property under its header: text as
    written (``_text``), a spreadsheet's or JSON's numbers and true/false as they are; None
    when empty."""
    value = row.cells.get(column)
    if _blank(value):
        return None
    if isinstance(value, str):
        return _text(row, column, problems)
    if isinstance(value, bool) or (isinstance(value, int)
                                   and -MAX_INTEGER - 1 <= value <= MAX_INTEGER):
        return value
    if isinstance(value, float | _JsonNumber) and math.isfinite(number := float(str(value))):
        return number
    problems.append(row.problem(column, value, Text(
        "expected text, a number or true/false in a column of your own (it is kept as a "
        "property)")))
    return None


#: the contract's columns, as sets (a record's other columns are the user's own)
_ORG_KNOWN, _REL_KNOWN = frozenset(schema.ORG_COLUMNS), frozenset(schema.REL_COLUMNS)
#: an organization's cells that become properties, in the order their problems are told
_ORG_CELLS = ("id", "type", "name", "industry", "size", *sorted(schema.INTEGER_PROPERTIES),
              "level", "provenance", "founded", "closed")
#: a relationship's cells that become properties, in the order their problems are told
_REL_CELLS = ("mode", "since", "until", "note", "provenance")


def _organizations(table: _Table, problems: list[Problem]
                   ) -> tuple[list[Organization], dict[str, int], list[str | None]]:
    """Validate the organizations; also number every id seen, with its type (None if wrong).

    Without problems, an id's number is its organization's index in the list returned.
    Checked column by column; the records that may have a problem (``_organizations_in_doubt``)
    go one by one through ``_organization``, which tells what it is.
    """
    cells = _Cells(table)
    required = schema.ORG_REQUIRED
    columns: dict[str, list[Any]] = {
        "id": cells.text("id", required), "type": cells.enum("type", "type", required),
        "name": cells.text("name", required), "industry": cells.text("industry"),
        "size": cells.enum("size", "size"),
        **{column: cells.integer(column) for column in sorted(schema.INTEGER_PROPERTIES)},
        "level": cells.enum("level", "level"), "provenance": cells.text("provenance"),
        "founded": cells.date("founded"), "closed": cells.date("closed"),
        "zone": cells.text("zone"), "street": cells.text("street")}
    own = [column for column in table.columns if column not in _ORG_KNOWN]
    columns.update((column, cells.own(column)) for column in own)
    ids, types, count = columns["id"], columns["type"], table.count
    # every id seen, numbered, with its type (None where the type itself is wrong)
    numbers: dict[str, int] = dict(zip(ids, range(count), strict=True))
    kinds: list[str | None] = types
    first = numbers  # the record that first has an id
    if len(numbers) != count or None in numbers:  # (an id missing or given twice)
        first = dict(zip(reversed(ids), range(count - 1, -1, -1), strict=True))
        numbers, kinds = {}, []
        for org_id, kind in zip(ids, types, strict=True):
            if org_id is not None and org_id not in numbers:
                numbers[org_id] = len(kinds)
                kinds.append(kind)
    areas = [number for number, kind in enumerate(types) if kind in schema.AREA_TYPES]
    for number in sorted(_organizations_in_doubt(cells, columns, first, areas)):
        _organization(cells.row(number), number, cells, columns, first, problems)
    # the zones and streets by name: a zone or street cell may name its area
    named: dict[tuple[str, str], list[str]] = {}
    names = columns["name"]
    for number in areas:
        if names[number] and ids[number] is not None:
            named.setdefault((types[number], names[number]), []).append(ids[number])
    places = {column: {ref: _area(ref, column, numbers, kinds, named)
                       for ref in set(columns[column]) if ref is not None}
              for column in ("zone", "street")}
    if any(message for found in places.values() for _, message in found.values()):
        _misplaced(cells, columns, places, problems)
    if problems:  # (nothing is kept: only the ids' numbers are needed, for relationships)
        return [], numbers, kinds
    table.columns.clear()  # (the cells as written: their memory serves what is made next)
    properties = _properties(columns, (*_ORG_CELLS, *own), count)
    area_of = {column: {ref: place for ref, (place, _) in found.items()} | {None: None}
               for column, found in places.items()}
    organizations = list(map(Organization, ids, types, properties,
                             map(area_of["zone"].__getitem__, columns["zone"]),
                             map(area_of["street"].__getitem__, columns["street"])))
    return organizations, numbers, kinds


def _organizations_in_doubt(cells: _Cells, columns: dict[str, list[Any]],
                            first: dict[str, int], areas: list[int]) -> set[int]:
    """The organization records that may have a problem, found column by column: a cell
    a rule refused, dates out of order, a level of another type than party_org, an area in
    an area, an id given before. (Each goes through ``_organization``, which tells it.)
    ``areas`` are the zone and street records."""
    doubt = {number for number, _ in cells.found}
    doubt.update(_out_of_order(columns["founded"], columns["closed"]))
    types, levels, ids = columns["type"], columns["level"], columns["id"]
    doubt.update(number for number in itertools.compress(
        range(len(levels)), map(is_not, levels, itertools.repeat(None)))
        if types[number] is not None and types[number] != "party_org")
    zones, streets = columns["zone"], columns["street"]
    doubt.update(number for number in areas if zones[number] or streets[number])
    if len(first) - (None in first) != len(ids) - ids.count(None):  # (an id given twice)
        doubt.update(number for number, org_id in enumerate(ids)
                     if org_id is not None and first[org_id] != number)
    return doubt


def _organization(row: _Row, number: int, cells: _Cells, columns: dict[str, list[Any]],
                  first: dict[str, int], problems: list[Problem]) -> None:
    """Tell the problems of one organization record, from its cleaned cells and with the
    checks across its cells, in the order the checks run."""
    props = {column: columns[column][number] for column in _ORG_CELLS}
    for column in _ORG_CELLS:
        problems.extend(cells.problems_of(number, column))
    org_id, org_type = props["id"], props["type"]
    _dates_in_order(row, props, ("founded", "closed"), problems)
    for column in row.cells:  # its own columns, in the order the record gives them
        if column not in _ORG_KNOWN:
            problems.extend(cells.problems_of(number, column))
    if org_type is not None and org_type != "party_org" and props["level"] is not None:
        problems.append(row.problem("level", props["level"],
                                    Text("level applies to party organizations only")))
    zone, street = columns["zone"][number], columns["street"][number]
    problems.extend(cells.problems_of(number, "zone"))
    problems.extend(cells.problems_of(number, "street"))
    if org_type in schema.AREA_TYPES and (zone or street):
        problems.append(row.problem("zone" if zone else "street", zone or street,
                                    Text("{kind} cannot itself lie in a zone or street",
                                         kind=_a(org_type))))
    if org_id is not None and first[org_id] != number:
        earlier = cells.row(first[org_id])
        problems.append(row.problem("id", org_id, Text(
            "duplicate id; first used at {where}{hint}",
            where=earlier.path or Text("line {number}", number=earlier.line),
            hint=_spacing_hint(earlier.cells.get("id"), row.cells.get("id")))))


def _area(ref: str, want: str, numbers: dict[str, int], kinds: list[str | None],
          named: dict[tuple[str, str], list[str]]) -> tuple[str | None, str | None]:
    """The id of the zone or street (``want``) a cell names, by its id, else by its exact
    name, and None; or None and what is wrong (it names none, another kind, or several by
    one name)."""
    number = numbers.get(ref)
    if number is not None and kinds[number] in (want, None):
        return ref, None
    candidates = named.get((want, ref), [])
    if len(candidates) == 1:
        return candidates[0], None
    if len(candidates) > 1:
        return None, Text("{count} {kind} rows have this name: {ids}; write the id of the one "
                          "meant", count=len(candidates), kind=Code("type", want),
                          ids=", ".join(candidates))
    if number is None:
        return None, Text("no {kind} row has this id or name; expected the id or the name of "
                          "a {kind} row", kind=Code("type", want))
    return None, Text("this id is {kind}, not {wanted}", kind=_a(kinds[number]), wanted=_a(want))


def _misplaced(cells: _Cells, columns: dict[str, list[Any]],
               places: dict[str, dict[str, tuple[str | None, str | None]]],
               problems: list[Problem]) -> None:
    """The problems of the zone and street cells that name no area of theirs, record by
    record (the zone's first)."""
    zones, streets = columns["zone"], columns["street"]
    for number in [number for number, (zone, street) in enumerate(zip(zones, streets,
                                                                      strict=True))
                   if (zone is not None and places["zone"][zone][1])
                   or (street is not None and places["street"][street][1])]:
        row = cells.row(number)
        for column, ref in (("zone", zones[number]), ("street", streets[number])):
            if ref is not None and (message := places[column][ref][1]):
                problems.append(row.problem(column, ref, message))


def _spacing_hint(first: Any, second: Any) -> str:
    if isinstance(first, str) and isinstance(second, str) and first != second:
        return Text(" (the two differ only in spaces)")
    return ""


def _relationships(tables: Iterable[_Table], numbers: dict[str, int], kinds: list[str | None],
                   problems: list[Problem], ends: array[int],
                   own: dict[str, None]) -> list[Relationship]:
    """Validate the relationships, a table (a part of a long file) at a time; append each
    kept one's end numbers to ``ends``, and the names of the columns of the user's own to
    ``own``. Checked column by column; the records that may have a problem
    (``_relationships_in_doubt``) go one by one through ``_relationship``, which tells what
    it is, in their place among the others."""
    relationships: list[Relationship] = []
    seen: dict[tuple[str, str, str], str | int] = {}  # line (or JSON path) of each first use
    required = schema.REL_REQUIRED
    for table in tables:
        cells = _Cells(table)
        columns: dict[str, list[Any]] = {
            "source": cells.text("source", required), "target": cells.text("target", required),
            "type": cells.text("type", required), "mode": cells.enum("mode", "mode"),
            "since": cells.date("since"), "until": cells.date("until"),
            "note": cells.text("note"), "provenance": cells.text("provenance")}
        extra = [column for column in table.columns if column not in _REL_KNOWN]
        if table.count:
            own.update(dict.fromkeys(extra))
        columns.update((column, cells.own(column)) for column in extra)
        sources, targets, count = columns["source"], columns["target"], table.count
        # ASCII only: str.upper() turns "partners_wıth" (dotless ı) into PARTNERS_WITH
        types_of = {raw: raw.upper() if raw.isascii() else raw
                    for raw in set(columns["type"]) if raw is not None}
        types_of = {raw: kind if kind in schema.RELATIONSHIPS else None
                    for raw, kind in types_of.items()} | {None: None}  # type: ignore[dict-item]
        types = list(map(types_of.__getitem__, columns["type"]))
        source_numbers = list(map(numbers.get, sources))
        target_numbers = list(map(numbers.get, targets))
        keys = list(zip(sources, targets, types, strict=True))
        if "PARTNERS_WITH" in types_of.values():  # undirected: one key for either way
            for number in [number for number, kind in enumerate(types)
                           if kind == "PARTNERS_WITH"]:
                source, target = sources[number], targets[number]
                if source is not None and target is not None and target < source:
                    keys[number] = (target, source, "PARTNERS_WITH")
        places = dict(zip(keys, table.places(0, count), strict=True))
        repeated = len(places) != count or not seen.keys().isdisjoint(places.keys())
        doubt = _relationships_in_doubt(cells, columns, types, source_numbers,
                                        target_numbers, kinds, keys, repeated, seen)
        properties = _properties(columns, (*_REL_CELLS, *extra), count)
        if not doubt:  # (the common case: the whole part kept as it is)
            relationships.extend(map(Relationship, sources, targets, types, properties))
            seen.update(places)
            ends.extend(_pairs(source_numbers, target_numbers))
            continue
        start = 0
        for number in [*sorted(doubt), count]:
            if start < number:  # records none of the checks doubts: kept as they are
                relationships.extend(map(Relationship, sources[start:number],
                                         targets[start:number], types[start:number],
                                         properties[start:number]))
                seen.update(zip(keys[start:number], table.places(start, number), strict=True))
                ends.extend(_pairs(source_numbers[start:number], target_numbers[start:number]))
            if number < count:
                _relationship(cells.row(number), number, cells, columns, numbers, kinds, seen,
                              problems, ends, relationships)
            start = number + 1
    return relationships


def _relationships_in_doubt(cells: _Cells, columns: dict[str, list[Any]],
                            types: list[str | None], source_numbers: list[int | None],
                            target_numbers: list[int | None], kinds: list[str | None],
                            keys: list[tuple[Any, Any, Any]], repeated: bool,
                            seen: dict[tuple[str, str, str], str | int]) -> set[int]:
    """The relationship records that may have a problem, found column by column: a cell a
    rule refused, an unknown type or id, a relationship of an organization to itself, dates
    out of order, a combination of type, end types and mode the schema does not allow (each
    distinct one checked once), a relationship given before (when some key is
    ``repeated``). (Each goes through ``_relationship``, which tells it.)"""
    doubt = {number for number, _ in cells.found}
    for values in (types, source_numbers, target_numbers):
        if None in values:
            doubt.update(number for number, value in enumerate(values) if value is None)
    sources, targets, modes = columns["source"], columns["target"], columns["mode"]
    if any(map(eq, sources, targets)):
        doubt.update(number for number, (source, target) in enumerate(zip(sources, targets,
                                                                           strict=True))
                     if source == target)
    doubt.update(_out_of_order(columns["since"], columns["until"]))
    ends = [[kinds[number] if number is not None else None for number in numbers]
            if None in numbers else list(map(kinds.__getitem__, numbers))  # type: ignore[arg-type]
            for numbers in (source_numbers, target_numbers)]
    combinations = list(zip(types, ends[0], ends[1], [mode is None for mode in modes],
                            strict=True))
    wrong = {combination for combination in set(combinations)
             if not _allowed(*combination)}
    if wrong:
        doubt.update(number for number, combination in enumerate(combinations)
                     if combination in wrong)
    if repeated:
        met: set[tuple[Any, Any, Any]] = set()
        for number, key in enumerate(keys):
            if key in met or key in seen:
                doubt.add(number)
            met.add(key)
    return doubt


def _allowed(rel_type: str | None, source_type: str | None, target_type: str | None,
             no_mode: bool) -> bool:
    """Whether the schema lets a relationship of ``rel_type`` join these types, with a mode
    or without (``no_mode``)."""
    if rel_type is None or not source_type or not target_type:
        return False
    rule = schema.RELATIONSHIPS[rel_type]
    return rule.allows(source_type, target_type) and rule.needs_mode != no_mode


def _relationship(row: _Row, number: int, cells: _Cells, columns: dict[str, list[Any]],
                  numbers: dict[str, int], kinds: list[str | None],
                  seen: dict[tuple[str, str, str], str | int], problems: list[Problem],
                  ends: array[int], relationships: list[Relationship]) -> None:
    """One relationship record from its cleaned cells, with the checks across its cells (its
    problems in the order they run); kept in ``relationships`` when it has none."""
    found = cells.found

    def told(*names: str) -> None:
        if found:
            for name in names:
                problems.extend(cells.problems_of(number, name))

    source, target = columns["source"][number], columns["target"][number]
    raw_type = columns["type"][number]
    told("source", "target", "type")
    # ASCII only: str.upper() turns "partners_wıth" (dotless ı) into PARTNERS_WITH
    rel_type = raw_type.upper() if raw_type and raw_type.isascii() else raw_type
    if rel_type is not None and rel_type not in schema.RELATIONSHIPS:
        problems.append(row.problem("type", raw_type, Text(
            "unknown relationship type{closest}; expected one of {allowed}",
            closest=_closest(raw_type, schema.RELATIONSHIPS),
            allowed=", ".join(schema.RELATIONSHIPS))))
        rel_type = None
    mode = columns["mode"][number]
    told("mode", "since", "until")
    props = {"mode": mode, "since": columns["since"][number],
             "until": columns["until"][number]}
    _dates_in_order(row, props, ("since", "until"), problems)
    told("note", "provenance")
    props.update(note=columns["note"][number], provenance=columns["provenance"][number])
    for column in row.cells:  # its own columns, in the order the record gives them
        if column not in _REL_KNOWN:
            told(column)
            props[column] = columns[column][number]
    source_number = numbers.get(source) if source is not None else None
    target_number = numbers.get(target) if target is not None else None
    for column, ref, end_number in (("source", source, source_number),
                                    ("target", target, target_number)):
        if ref is not None and end_number is None:
            problems.append(row.problem(column, ref, Text("no organization has this id")))
    if source is not None and source == target:
        problems.append(row.problem("target", target, Text(
            "a relationship cannot join an organization to itself")))
    if rel_type is None:
        return
    rule = schema.RELATIONSHIPS[rel_type]
    if rule.needs_mode and mode is None and _blank(row.cells.get("mode")):
        problems.append(row.problem("mode", None, Text(
            "{type} needs a mode: {modes}", type=rel_type,
            modes=Codes("mode", list(schema.ENUMS["mode"]), ", "))))
    if not rule.needs_mode and mode is not None:
        problems.append(row.problem("mode", mode, Text("mode applies to COVERS only")))
    source_type = kinds[source_number] if source_number is not None else None
    target_type = kinds[target_number] if target_number is not None else None
    if source_type and target_type and not rule.allows(source_type, target_type):
        problems.append(row.problem(
            "type", rel_type, Text(
                "{type} cannot go from {source} to {target}; it goes from {sources} to "
                "{targets}", type=rel_type, source=_a(source_type), target=_a(target_type),
                sources=Codes("type", sorted(rule.sources), " or "),
                targets=Codes("type", sorted(rule.targets), " or "))))
        return
    if not source_type or not target_type:
        return
    key = (source, target, rel_type)
    if rel_type == "PARTNERS_WITH":
        key = (min(source, target), max(source, target), rel_type)
    if key in seen:
        problems.append(row.problem("type", rel_type, Text(
            "the same relationship is already given at {where}", where=_where(seen[key]))))
        return
    seen[key] = row.path or row.line or 0
    clean = {k: v for k, v in props.items() if v is not None}
    relationships.append(Relationship(source, target, rel_type, clean))
    ends.append(source_number)  # (not None: both types were found above)
    ends.append(target_number)


def _where(place: str | int) -> str:
    return place if isinstance(place, str) else Text("line {number}", number=place)


def _located_in(organizations: list[Organization], explicit: list[Relationship],
                numbers: dict[str, int], ends: array[int]) -> list[Relationship]:
    """LOCATED_IN relationships from the zone and street columns (an organization's zone
    first), unless given explicitly; their end numbers are appended to ``ends``."""
    given = {(r.source, r.target) for r in explicit if r.type == "LOCATED_IN"}
    # each organization twice, its zone then its street: the areas named are kept
    both: list[list[Any]] = [[None] * (2 * len(organizations)) for _ in range(3)]
    org_numbers, org_ids, areas = both
    org_numbers[0::2] = org_numbers[1::2] = range(len(organizations))
    org_ids[0::2] = org_ids[1::2] = list(map(attrgetter("id"), organizations))
    areas[0::2] = list(map(attrgetter("zone"), organizations))
    areas[1::2] = list(map(attrgetter("street"), organizations))
    named = list(map(is_not, areas, itertools.repeat(None)))
    if given:
        named = [area is not None and (org_id, area) not in given
                 for org_id, area in zip(org_ids, areas, strict=True)]
    org_numbers, org_ids, areas = (list(itertools.compress(values, named)) for values in both)
    ends.extend(_pairs(org_numbers, list(map(numbers.__getitem__, areas))))
    return list(map(Relationship, org_ids, areas, itertools.repeat("LOCATED_IN"),
                    [{} for _ in areas]))


def _properties(columns: dict[str, list[Any]], names: Iterable[str], count: int
                ) -> list[dict[str, Any]]:
    """Each of ``count`` records' properties: its cells in the columns ``names`` that are
    not None, in that order.

    >>> _properties({"mode": ["joint", None], "since": [None, None]}, ["mode", "since"], 2)
    [{'mode': 'joint'}, {}]
    """
    names = [name for name in names if _any_value(columns[name])]
    nones = (None,) * len(names)
    return [{} if values == nones else {
        name: value for name, value in zip(names, values, strict=True) if value is not None}
        for values in zip(*(columns[name] for name in names), strict=True)
    ] if names else [{} for _ in range(count)]


def _pairs(firsts: Sequence[int], seconds: Sequence[int]) -> array[int]:
    """firsts[0], seconds[0], firsts[1], seconds[1], ...: relationships' end numbers as
    ``Dataset.ends`` holds them.

    >>> _pairs([0, 2], [1, 3]).tolist()
    [0, 1, 2, 3]
    """
    pairs = array("q", bytes(16 * len(firsts)))
    pairs[0::2] = array("q", firsts)
    pairs[1::2] = array("q", seconds)
    return pairs


def validate_tables(org_table: _Table, rel_tables: Iterable[_Table], source: str,
                    files: tuple[str, str], problems: list[Problem] | None = None) -> Dataset:
    """Validate the tables of either format into a Dataset, or raise DatasetError.

    ``rel_tables`` may be an iterator: a long relationships file is read and validated a
    part at a time, which keeps memory low. ``files`` names the two inputs, for sorting
    problems; ``problems`` may already hold the parse problems of the records.
    """
    problems = [] if problems is None else problems
    if not org_table.count:
        problems.append(Problem(files[0], Text("there are no organizations: a dataset needs "
                                               "at least one organization row")))
    own_organization_columns = [column for column in org_table.columns
                                if column not in _ORG_KNOWN] if org_table.count else []
    organizations, numbers, kinds = _organizations(org_table, problems)
    org_table.columns.clear()  # the raw cells are no longer needed
    ends: array[int] = array("q")
    own: dict[str, None] = {}
    relationships = _relationships(rel_tables, numbers, kinds, problems, ends, own)
    for file, names in ((files[0], own_organization_columns), (files[1], own)):
        problems.extend(Problem(file, Text("a column of your own is kept as a property under "
                                           "its name, which must not hold a backtick (`) or a "
                                           "NUL character (FalkorDB refuses them); rename it"),
                                value=name)
                        for name in names if "`" in name or "\x00" in name)
    if problems:
        raise DatasetError(sorted(problems, key=lambda p: (
            files.index(p.file) if p.file in files else len(files), p.line or 0)))
    relationships.extend(_located_in(organizations, relationships, numbers, ends))
    return Dataset(organizations, relationships, source, ends,
                   {"organizations": own_organization_columns, "relationships": list(own)})


#: the spreadsheets read as workbooks (python-calamine reads each of these)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def _read_workbook(path: Path) -> Dataset:
    """A register kept in Excel (see graphmodel/excel.py)."""
    from graphmodel import excel

    data = _read_bytes(path, path.name)  # (what is no readable regular file is refused)
    org_table, rel_table, problems, files = excel.read_sheets(path.name, data)
    if problems:
        raise DatasetError(problems)
    return validate_tables(org_table, [rel_table], str(path), files)


@gc_paused
def read_dataset(path: str | Path, encoding: str | None = None) -> Dataset:
    """Read a dataset folder (CSV), an organizations CSV file (with the relationships file
    beside it: ``relationships_beside``), a JSON file or a workbook; raise DatasetError
    listing every problem.
    Text files are read in ``encoding`` if given, else in the encoding their bytes show
    (graphmodel/decoding.py); a workbook's text has no encoding to give.

    >>> try:
    ...     read_dataset("no/such/folder")
    ... except DatasetError as error:
    ...     print(error)
    no/such/folder: no such file or folder
    1 problem found; nothing was written.
    """
    dataset = _read(Path(path), encoding)
    _long_lived()
    return dataset


def _long_lived() -> None:
    """Move the objects the collector tracks to its oldest generation at once (gc.freeze,
    then gc.unfreeze), where two young collections would move them after traversing each:
    a dataset read is kept, and the objects made while the collector was paused are all
    young (at 100,000 organizations, half a million: 0.1 s at the first collection). Not
    while the process keeps objects frozen (gc.get_freeze_count), which unfreeze would
    release."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _read(path: Path, encoding: str | None) -> Dataset:
    """``read_dataset``, the collector paused."""
    kind = what_is(path)
    if kind == MISSING:
        raise DatasetError([Problem(str(path), Text("no such file or folder"))])
    if kind == FILE:
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            if encoding is not None:
                raise DatasetError([Problem(str(path), Text(
                    "--encoding {encoding}: a workbook keeps its own text encoding; give "
                    "--encoding for CSV and JSON files only", encoding=encoding))])
            return _read_workbook(path)
        if path.suffix.lower() == ".csv":
            return _read_csv_file(path, encoding)
        if path.suffix.lower() != ".json":
            raise DatasetError([Problem(str(path), Text(
                "expected a folder with organizations.csv and relationships.csv, an "
                "organizations .csv file (its relationships in NAME.relationships.csv beside "
                "it), a .json file or an Excel workbook (.xlsx)"))])
        org_table, rel_table = _json_tables(path, encoding)
        return validate_tables(org_table, [rel_table], str(path), (path.name, path.name))
    if kind != FOLDER:
        raise DatasetError([Problem(str(path), Text(
            "this is {kind}; expected a folder with organizations.csv and relationships.csv, "
            "or a .json file", kind=kind))])
    problems: list[Problem] = []
    orgs_path = _dataset_file(path, ORGANIZATIONS_FILE, True, problems)
    rels_path = _dataset_file(path, RELATIONSHIPS_FILE, False, problems)
    if problems and orgs_path is None and path.suffix.lower() == ".json":
        problems.append(Problem(str(path), Text("this is a folder, not a .json file")))
    if problems:
        raise DatasetError(problems)
    return _read_csv(path, orgs_path, rels_path, encoding)


def _read_csv_file(path: Path, encoding: str | None) -> Dataset:
    """An organizations CSV file given by its name, with the relationships file beside it
    (``relationships_beside``) when there is one."""
    organizations = organizations_beside(path)
    if organizations is not None:
        raise DatasetError([Problem(str(path), Text(
            "this is a relationships file; load the organizations file it goes with, "
            "{organizations}, which reads both", organizations=str(organizations)))])
    problems: list[Problem] = []
    rels_path = _dataset_file(path.parent, relationships_beside(path).name, False, problems)
    if problems:
        raise DatasetError(problems)
    return _read_csv(path, path, rels_path, encoding)


def _read_csv(path: Path, orgs_path: Path, rels_path: Path | None,
              encoding: str | None) -> Dataset:
    """The organizations and (when there is one) relationships CSV files of the dataset at
    ``path``, read and validated."""
    problems: list[Problem] = []
    opened: list[_CsvFile | None] = []
    for file_path, known, required, aliases in (
            (orgs_path, schema.ORG_COLUMNS, schema.ORG_REQUIRED, schema.ORG_COLUMN_ALIASES),
            (rels_path, schema.REL_COLUMNS, schema.REL_REQUIRED, schema.REL_COLUMN_ALIASES)):
        if file_path is None:
            opened.append(None)
            continue
        try:
            opened.append(_open_csv(file_path, known, required, aliases, encoding))
        except DatasetError as error:
            problems.extend(error.problems)
            opened.append(None)
    if problems:
        raise DatasetError(problems)
    orgs, rels = opened
    assert orgs is not None
    org_table = next(orgs.tables(problems))
    if problems:  # unparsable records: checking the rest would mostly report their absence
        raise DatasetError(problems)
    rel_tables: Iterable[_Table] = rels.tables(problems, CHUNK_ROWS) if rels is not None else []
    return validate_tables(org_table, rel_tables, str(path),
                           (orgs_path.name, relationships_beside(orgs_path).name), problems)
