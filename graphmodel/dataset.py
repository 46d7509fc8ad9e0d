"""Read and validate a dataset (a CSV folder or one JSON file) into typed records.

A dataset is either a folder holding ``organizations.csv`` (and optionally
``relationships.csv``), an organizations file ``NAME.csv`` (and optionally
``NAME.relationships.csv`` beside it: ``relationships_beside``), or one ``.json`` file
``{"organizations": [...], "relationships": [...]}`` with the same fields. Every problem in
the input is collected and reported at once, each naming file, line (or JSON path), column,
value and what was expected; nothing is returned unless the whole dataset is valid.

>>> ds = read_dataset("examples/pingfang")          # doctest: +SKIP
>>> ds.organizations[0].label                       # doctest: +SKIP
'Zone'
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import math
import os
import re
import reprlib
import stat
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
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


@dataclass(frozen=True, slots=True)
class Organization:
    """One node: ``properties`` holds the node's properties (absent when the cell was empty)."""

    id: str
    type: str
    properties: dict[str, Any]
    zone: str | None = None
    street: str | None = None

    @property
    def label(self) -> str:
        return schema.LABELS[self.type]


@dataclass(frozen=True, slots=True)
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


# --- raw rows: a common form for CSV and JSON input -----------------------------------------


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

    def rows(self, problems: list[Problem]) -> Iterator[_Row]:
        """The records as raw rows; rows that cannot be parsed go to ``problems``."""
        reader, header, file, columns, written = (self.reader, self.header, self.file,
                                                  self.columns, self.written)
        start = reader.line_num + 1
        width = len(header)
        try:
            for record in reader:
                line = start
                start = reader.line_num + 1
                if len(record) != width or not record[0].strip():  # (most rows: neither)
                    if not "".join(record).strip():
                        continue  # blank line
                    if len(record) != width:
                        problems.append(Problem(
                            file, Text("the row has {count} fields but the header has "
                                       "{width} (a stray comma, or a truncated line?)",
                                       count=len(record), width=width), line=line))
                        continue
                yield _Row(file, dict(zip(header, record, strict=True)), line, None, columns,
                           written)
        except csv.Error as error:
            problems.append(Problem(self.file, Text("the CSV cannot be read: {error} (an "
                                                    "unclosed quote, or a truncated file?)",
                                                    error=str(error)),
                                    line=self.reader.line_num))


def _open_csv(path: Path, known: tuple[str, ...], required: tuple[str, ...],
              aliases: dict[str, str], encoding: str | None = None) -> _CsvFile:
    """Decode a CSV file (in ``encoding``, else as its bytes show) and check its header
    (contract names, or their Chinese ``aliases``); header problems raise at once."""
    file = path.name
    text = decode_text(_read_bytes(path, file), file, encoding)
    if not text.strip():
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
    return _CsvFile(file, reader, header, columns, written)


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


def _json_rows(path: Path, encoding: str | None = None) -> tuple[list[_Row], list[_Row]]:
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
            parts.append([])
            continue
        rows = []
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
            rows.append(_Row(file, cells, path=where, written=written))
        parts.append(rows)
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
        if text and len(text) <= MAX_CELL_CHARS and "\x00" not in text and (
                text.isascii() or _SURROGATE.search(text) is None):
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
    if len(text) == 4 and ascii_digits(text):
        return text
    if text.isascii():
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    problems.append(row.problem(column, text, Text("expected a year (2016) or an ISO date "
                                                   "(2016-05-01){hint}",
                                                   hint=_digit_hint(text))))
    return None


def _dates(row: _Row, columns: tuple[str, str], problems: list[Problem]
           ) -> dict[str, str | None]:
    """The two date columns of a row (founded and closed, or since and until), checked to
    be in order: the second may not come before the first (a year is its 1 January)."""
    values = {column: _date(row, column, problems) for column in columns}
    _dates_in_order(row, values, columns, problems)
    return values


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


#: rows cleaned column by column at once (a bounded part of a long relationships file)
CHUNK_ROWS = 50_000


class _Cells:
    """The cells of many rows cleaned column by column, as the per-cell rules (``_text``,
    ``_enum``, ``_integer``, ``_date``) would clean them one by one: a column whose cells are
    all plain text is stripped and checked in a few C-level passes (no NUL, no lone
    surrogate, none too long: then each per-cell rule would return the stripped text), and
    only the cells that are not plain go through the per-cell rule. The problems those
    rules find are kept per (row, column), so a row's problems come out in the order of the
    per-row checks (``problems_of``).
    """

    def __init__(self, rows: list[_Row]):
        self.rows = rows
        self.found: dict[tuple[int, str], list[Problem]] = {}

    def _each(self, column: str, rule: Any, *args: Any) -> list[Any]:
        out = []
        for number, row in enumerate(self.rows):
            problems: list[Problem] = []
            out.append(rule(row, column, *args, problems))
            if problems:
                self.found[number, column] = problems
        return out

    def _cell(self, number: int, column: str, rule: Any, *args: Any) -> Any:
        problems: list[Problem] = []
        value = rule(self.rows[number], column, *args, problems)
        if problems:
            self.found[number, column] = problems
        return value

    def text(self, column: str, required: tuple[str, ...] = ()) -> list[str | None]:
        """``_text`` of every row."""
        values = [row.cells.get(column) for row in self.rows]
        try:
            stripped = [value.strip() for value in values]  # (AttributeError: not all text)
        except AttributeError:
            if any(value is not None for value in values):
                return self._each(column, _required_text, required)
            stripped = [""] * len(values)  # (a column the file does not have)
        joined = "".join(stripped)
        if "\x00" in joined or not (joined.isascii() or _SURROGATE.search(joined) is None) \
                or max(map(len, stripped), default=0) > MAX_CELL_CHARS:
            return self._each(column, _required_text, required)
        out: list[str | None] = [text or None for text in stripped]
        if column in required:
            for number, text in enumerate(out):
                if text is None:  # (the required cell's problem, as _text words it)
                    self._cell(number, column, _required_text, required)
        return out

    def enum(self, column: str, field_name: str, required: tuple[str, ...] = ()
             ) -> list[str | None]:
        """``_enum`` of every row."""
        texts = self.text(column, required)
        known: dict[str, str | None] = {}
        out: list[str | None] = []
        for number, text in enumerate(texts):
            if text is None:
                out.append(None)
                continue
            if text not in known:
                known[text] = schema.canonical_value(field_name, text)
            value = known[text]
            if value is None:
                self.found.setdefault((number, column), []).append(
                    _enum_problem(self.rows[number], column, field_name, text))
            out.append(value)
        return out

    def integer(self, column: str) -> list[int | None]:
        """``_integer`` of every row: plain digits of 18 or fewer here, others by the rule."""
        out: list[int | None] = []
        for number, row in enumerate(self.rows):
            value = row.cells.get(column)
            if value.__class__ is str:
                text = value.strip()
                if not text:
                    out.append(None)
                    continue
                if len(text) <= 18 and text.isdigit() and text.isascii():
                    out.append(int(text))
                    continue
            elif value is None:
                out.append(None)
                continue
            out.append(self._cell(number, column, _integer))
        return out

    def date(self, column: str) -> list[str | None]:
        """``_date`` of every row (each distinct text checked once)."""
        texts = self.text(column)
        known: dict[str, bool] = {}
        out: list[str | None] = []
        for number, text in enumerate(texts):
            if text is None:
                out.append(None)
            elif known.setdefault(text, len(text) == 4 and text.isdigit() and text.isascii()):
                out.append(text)
            else:
                out.append(self._cell(number, column, _date))
        return out

    def problems_of(self, number: int, column: str) -> list[Problem]:
        return self.found.get((number, column), [])


def _required_text(row: _Row, column: str, required: tuple[str, ...],
                   problems: list[Problem]) -> str | None:
    return _text(row, column, problems, required)


def _enum_problem(row: _Row, column: str, field_name: str, text: str) -> Problem:
    allowed = schema.ENUMS[field_name]
    return row.problem(column, text, Text(
        "unknown {field}{closest}; expected one of {allowed}",
        field=Code("heading", field_name), closest=_closest(text, allowed),
        allowed=Codes(field_name, list(allowed), ", ")))


def _chunks(rows: Iterable[_Row]) -> Iterator[list[_Row]]:
    """Rows in lists of at most CHUNK_ROWS (a streamed file stays streamed)."""
    chunk: list[_Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _organizations(rows: list[_Row], problems: list[Problem]
                   ) -> tuple[list[Organization], dict[str, int], list[str | None]]:
    """Validate organization rows; also number every id seen, with its type (None if wrong).

    Without problems, an id's number is its organization's index in the list returned.
    """
    seen: dict[str, _Row] = {}
    pending: list[tuple[_Row, dict[str, Any], str | None, str | None]] = []
    required = schema.ORG_REQUIRED
    integers = sorted(schema.INTEGER_PROPERTIES)
    for chunk in _chunks(rows):
        cells = _Cells(chunk)
        columns: dict[str, list[Any]] = {
            "id": cells.text("id", required), "type": cells.enum("type", "type", required),
            "name": cells.text("name", required), "industry": cells.text("industry"),
            "size": cells.enum("size", "size"),
            **{column: cells.integer(column) for column in integers},
            "level": cells.enum("level", "level"), "provenance": cells.text("provenance"),
            "founded": cells.date("founded"), "closed": cells.date("closed"),
            "zone": cells.text("zone"), "street": cells.text("street")}
        for number, row in enumerate(chunk):
            pending.append(_organization(row, number, cells, columns, seen, problems))
    return _numbered(pending, problems)


#: an organization's cells that become properties, in the order their problems are told
_ORG_CELLS = ("id", "type", "name", "industry", "size", *sorted(schema.INTEGER_PROPERTIES),
              "level", "provenance", "founded", "closed")


def _organization(row: _Row, number: int, cells: _Cells, columns: dict[str, list[Any]],
                  seen: dict[str, _Row], problems: list[Problem]
                  ) -> tuple[_Row, dict[str, Any], str | None, str | None]:
    """One organization row from its cleaned cells, with the checks across its cells; its
    problems in the order the checks run."""
    props = {column: columns[column][number] for column in _ORG_CELLS}
    if cells.found:
        for column in _ORG_CELLS:
            problems.extend(cells.problems_of(number, column))
    org_id, org_type = props["id"], props["type"]
    _dates_in_order(row, props, ("founded", "closed"), problems)
    props.update(_own_columns(row, _ORG_KNOWN, problems))
    if org_type is not None and org_type != "party_org" and props["level"] is not None:
        problems.append(row.problem("level", props["level"],
                                    Text("level applies to party organizations only")))
    zone, street = columns["zone"][number], columns["street"][number]
    if cells.found:
        problems.extend(cells.problems_of(number, "zone"))
        problems.extend(cells.problems_of(number, "street"))
    if org_type in schema.AREA_TYPES and (zone or street):
        problems.append(row.problem("zone" if zone else "street", zone or street,
                                    Text("{kind} cannot itself lie in a zone or street",
                                         kind=_a(org_type))))
    if org_id is not None:
        if org_id in seen:
            first = seen[org_id]
            problems.append(row.problem("id", org_id, Text(
                "duplicate id; first used at {where}{hint}",
                where=first.path or Text("line {number}", number=first.line),
                hint=_spacing_hint(first.cells.get("id"), row.cells.get("id")))))
        else:
            seen[org_id] = row
    return row, props, zone, street


def _numbered(pending: list[tuple[_Row, dict[str, Any], str | None, str | None]],
              problems: list[Problem]
              ) -> tuple[list[Organization], dict[str, int], list[str | None]]:
    """The organizations of the rows checked, their places found by id or name, and every
    id seen numbered with its type."""
    # every id seen, numbered, with its type (None where the type itself is wrong)
    numbers: dict[str, int] = {}
    kinds: list[str | None] = []
    for _, props, _, _ in pending:
        if props["id"] is not None and props["id"] not in numbers:
            numbers[props["id"]] = len(kinds)
            kinds.append(props["type"])
    # the zones and streets by name: a zone or street cell may name its area
    named: dict[tuple[str, str], list[str]] = {}
    for _, props, _, _ in pending:
        if props["type"] in schema.AREA_TYPES and props["name"] and props["id"] is not None:
            named.setdefault((props["type"], props["name"]), []).append(props["id"])
    organizations = []
    for row, props, zone, street in pending:
        places = []
        for column, ref, want in (("zone", zone, "zone"), ("street", street, "street")):
            places.append(_place(row, column, ref, want, numbers, kinds, named, problems))
        zone, street = places
        if props["id"] is not None and props["type"] is not None:
            clean = {k: v for k, v in props.items() if v is not None}
            organizations.append(Organization(props["id"], props["type"], clean, zone, street))
    return organizations, numbers, kinds


def _place(row: _Row, column: str, ref: str | None, want: str, numbers: dict[str, int],
           kinds: list[str | None], named: dict[tuple[str, str], list[str]],
           problems: list[Problem]) -> str | None:
    """The id of the zone or street (``want``) a cell names: by its id, else by its exact
    name; a problem (and None) when it names none, another kind, or several by one name."""
    if ref is None:
        return None
    number = numbers.get(ref)
    if number is not None and kinds[number] in (want, None):
        return ref
    candidates = named.get((want, ref), [])
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        problems.append(row.problem(column, ref, Text(
            "{count} {kind} rows have this name: {ids}; write the id of the one meant",
            count=len(candidates), kind=Code("type", want), ids=", ".join(candidates))))
    elif number is None:
        problems.append(row.problem(column, ref, Text(
            "no {kind} row has this id or name; expected the id or the name of a {kind} row",
            kind=Code("type", want))))
    else:
        problems.append(row.problem(column, ref, Text("this id is {kind}, not {wanted}",
                                                      kind=_a(kinds[number]), wanted=_a(want))))
    return None


#: the contract's columns, as sets (a row's other columns are found by a set difference)
_ORG_KNOWN, _REL_KNOWN = frozenset(schema.ORG_COLUMNS), frozenset(schema.REL_COLUMNS)


def _own_columns(row: _Row, known: frozenset[str], problems: list[Problem]
                 ) -> dict[str, Any]:
    """The values of the row's columns outside the contract, kept as properties under their
    header: text as written (a spreadsheet's or JSON's numbers and true/false as they are)."""
    values: dict[str, Any] = {}
    extra = row.cells.keys() - known  # (a set operation in C: most rows have none)
    for column in [c for c in row.cells if c in extra] if extra else ():  # (header order)
        value = row.cells[column]
        if _blank(value):
            continue
        if isinstance(value, str):
            values[column] = _text(row, column, problems)
        elif isinstance(value, bool) or (isinstance(value, int)
                                         and -MAX_INTEGER - 1 <= value <= MAX_INTEGER):
            values[column] = value
        elif isinstance(value, float | _JsonNumber) and math.isfinite(number := float(
                str(value))):
            values[column] = number
        else:
            problems.append(row.problem(column, value, Text(
                "expected text, a number or true/false in a column of your own (it is kept as "
                "a property)")))
    return values


def _spacing_hint(first: Any, second: Any) -> str:
    if isinstance(first, str) and isinstance(second, str) and first != second:
        return Text(" (the two differ only in spaces)")
    return ""


def _relationships(rows: Iterable[_Row], numbers: dict[str, int], kinds: list[str | None],
                   problems: list[Problem], ends: array[int],
                   own: dict[str, None]) -> list[Relationship]:
    """Validate relationship rows; append each kept one's end numbers to ``ends``, and the
    names of the columns of the user's own they have to ``own``."""
    relationships: list[Relationship] = []
    seen: dict[tuple[str, str, str], str | int] = {}  # line (or JSON path) of each first use
    required = schema.REL_REQUIRED
    for chunk in _chunks(rows):
        cells = _Cells(chunk)
        columns = {"source": cells.text("source", required),
                   "target": cells.text("target", required),
                   "type": cells.text("type", required), "mode": cells.enum("mode", "mode"),
                   "since": cells.date("since"), "until": cells.date("until"),
                   "note": cells.text("note"), "provenance": cells.text("provenance")}
        if not cells.found and _all_clean(chunk, columns, numbers, kinds, seen, ends,
                                          relationships):
            continue
        for number, row in enumerate(chunk):
            _relationship(row, number, cells, columns, numbers, kinds, seen, problems,
                          ends, own, relationships)
    return relationships


def _all_clean(chunk: list[_Row], columns: dict[str, list[Any]], numbers: dict[str, int],
               kinds: list[str | None], seen: dict[tuple[str, str, str], str | int],
               ends: array[int], relationships: list[Relationship]) -> bool:
    """Keep a part of the rows whole when none of them has a problem, checked column by
    column (each distinct type, and each distinct combination of type, end types and mode,
    checked once); False, with nothing kept or changed, when any row might have one: those
    rows then go one by one through ``_relationship``, which tells what the problem is.
    The rules are the same ones (schema.RELATIONSHIPS), asked of each combination."""
    if any(row.cells.keys() - _REL_KNOWN for row in chunk):
        return False  # (columns of the user's own: listed row by row)
    sources, targets, raw_types = columns["source"], columns["target"], columns["type"]
    types_of: dict[Any, str] = {}
    for raw in set(raw_types):
        rel_type = raw.upper() if raw and raw.isascii() else raw
        if rel_type not in schema.RELATIONSHIPS:
            return False
        types_of[raw] = rel_type
    types = [types_of[raw] for raw in raw_types]
    source_numbers = [numbers.get(source) for source in sources]
    target_numbers = [numbers.get(target) for target in targets]
    if None in source_numbers or None in target_numbers or any(
            map(str.__eq__, sources, targets)):
        return False
    modes = columns["mode"]
    for rel_type, source_type, target_type, no_mode in set(zip(
            types, map(kinds.__getitem__, source_numbers),
            map(kinds.__getitem__, target_numbers), (mode is None for mode in modes), strict=True)):
        rule = schema.RELATIONSHIPS[rel_type]
        if not source_type or not target_type or not rule.allows(source_type, target_type) \
                or rule.needs_mode == no_mode:
            return False
    since, until = columns["since"], columns["until"]
    if any(first is not None and last is not None and as_date(last) < as_date(first)
           for first, last in zip(since, until, strict=True)):
        return False
    keys = [(min(a, b), max(a, b), kind) if kind == "PARTNERS_WITH" else (a, b, kind)
            for a, b, kind in zip(sources, targets, types, strict=True)]
    if len(set(keys)) != len(keys) or not seen.keys().isdisjoint(keys):
        return False
    seen.update(zip(keys, (row.path or row.line or 0 for row in chunk), strict=True))
    notes, provenances = columns["note"], columns["provenance"]
    relationships.extend(
        Relationship(source, target, kind, {name: value for name, value in (
            ("mode", mode), ("since", first), ("until", last), ("note", note),
            ("provenance", provenance)) if value is not None})
        for source, target, kind, mode, first, last, note, provenance in zip(
            sources, targets, types, modes, since, until, notes, provenances, strict=True))
    for pair in zip(source_numbers, target_numbers, strict=True):
        ends.extend(pair)
    return True


def _relationship(row: _Row, number: int, cells: _Cells, columns: dict[str, list[Any]],
                  numbers: dict[str, int], kinds: list[str | None],
                  seen: dict[tuple[str, str, str], str | int], problems: list[Problem],
                  ends: array[int], own: dict[str, None],
                  relationships: list[Relationship]) -> None:
    """One relationship row from its cleaned cells, with the checks across its cells (its
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
    props.update(note=columns["note"][number], provenance=columns["provenance"][number],
                 **_own_columns(row, _REL_KNOWN, problems))
    if extra := row.cells.keys() - _REL_KNOWN:
        own.update(dict.fromkeys(c for c in row.cells if c in extra))
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
                numbers: dict[str, int], ends: array[int]) -> Iterator[Relationship]:
    """LOCATED_IN relationships from the zone and street columns, unless given explicitly;
    their end numbers are appended to ``ends``."""
    given = {(r.source, r.target) for r in explicit if r.type == "LOCATED_IN"}
    for number, org in enumerate(organizations):
        for area in (org.zone, org.street):
            if area is not None and (org.id, area) not in given:
                ends.append(number)
                ends.append(numbers[area])
                yield Relationship(org.id, area, "LOCATED_IN", {})


def validate_rows(org_rows: list[_Row], rel_rows: Iterable[_Row], source: str,
                  files: tuple[str, str], problems: list[Problem] | None = None) -> Dataset:
    """Validate raw rows of either format into a Dataset, or raise DatasetError.

    ``rel_rows`` may be an iterator: relationship rows are validated one by one and dropped,
    which keeps memory low for large registers. ``files`` names the two inputs, for sorting
    problems; ``problems`` may already hold the parse problems of the rows.
    """
    problems = [] if problems is None else problems
    if not org_rows:
        problems.append(Problem(files[0], Text("there are no organizations: a dataset needs "
                                               "at least one organization row")))
    own_organization_columns = list(dict.fromkeys(
        key for row in org_rows if row.cells.keys() - _ORG_KNOWN
        for key in row.cells if key not in _ORG_KNOWN))
    organizations, numbers, kinds = _organizations(org_rows, problems)
    org_rows.clear()  # the raw rows are no longer needed
    ends: array[int] = array("q")
    own: dict[str, None] = {}
    relationships = _relationships(rel_rows, numbers, kinds, problems, ends, own)
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
    org_rows, rel_rows, problems, files = excel.read_sheets(path.name, data)
    if problems:
        raise DatasetError(problems)
    return validate_rows(org_rows, rel_rows, str(path), files)


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
    path = Path(path)
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
        org_rows, rel_rows = _json_rows(path, encoding)
        return validate_rows(org_rows, rel_rows, str(path), (path.name, path.name))
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
    org_rows = list(orgs.rows(problems))
    if problems:  # unparsable rows: checking the rest would mostly report their absence
        raise DatasetError(problems)
    rel_rows: Iterable[_Row] = rels.rows(problems) if rels is not None else []
    return validate_rows(org_rows, rel_rows, str(path),
                         (orgs_path.name, relationships_beside(orgs_path).name), problems)
