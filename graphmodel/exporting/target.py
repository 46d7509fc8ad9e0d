"""Where an export goes: the format asked for (``--to``, else the name's suffix), the target
checked, a staging folder beside it, the move into place.

>>> check_target("/tmp/district.json").format
'json'
>>> check_target("/tmp/district.gexf").format
'gexf'
>>> [p.name for p in check_target("/tmp/district.csv").files]   # the contract's two CSV files
['district.csv', 'district.relationships.csv']
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from graphmodel.dataset import ORGANIZATIONS_FILE, RELATIONSHIPS_FILE, relationships_beside
from graphmodel.errors import UsageError
from graphmodel.i18n import N_, Codes, Text
from graphmodel.scratch import scratch_folder

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
#: what ``--to`` names, in the order the help lists them
FORMATS = ("contract", "xlsx", "graphml", "gexf", "node-link", "neo4j-admin")
#: the suffix each file format's name ends in
SUFFIXES = {"csv": ".csv", "json": ".json", "xlsx": ".xlsx", "graphml": ".graphml",
            "gexf": ".gexf", "node-link": ".json"}
#: the format a name's suffix chooses when --to is not given
BY_SUFFIX = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".graphml": "graphml",
             ".gexf": "gexf"}
#: the file formats of the data contract (what load reads back)
CONTRACT = ("csv", "json", "xlsx")
#: each format in words
NAMES = {"csv": "CSV", "json": "JSON", "xlsx": N_("workbook"), "graphml": "GraphML",
         "gexf": "GEXF", "node-link": N_("node-link JSON"), "neo4j-admin": "neo4j-admin"}
#: the files of a neo4j-admin folder (the nodes of a label, the relationships of a type)
NEO4J_ADMIN_PATTERNS = ("nodes-*.csv", "relationships-*.csv", "import.sh")


@dataclass(frozen=True)
class Target:
    """Where an export goes and what it writes there: ``format`` is "csv" (the contract's
    two files: in a folder, or ``NAME.csv`` and ``NAME.relationships.csv``), "json", "xlsx",
    "graphml", "gexf", "node-link" (one file) or "neo4j-admin" (a folder of CSV files for
    ``neo4j-admin database import``)."""

    path: Path
    format: str

    @property
    def folder(self) -> bool:
        return self.format == "neo4j-admin" or (self.format == "csv" and not self.named_csv)

    @property
    def named_csv(self) -> bool:
        """The contract's CSV as a named organizations file with its relationships beside."""
        return self.format == "csv" and self.path.suffix.lower() == ".csv"

    @property
    def files(self) -> tuple[Path, ...]:
        """The files a file export writes: one, or a named CSV's two (organizations first)."""
        return (self.path, relationships_beside(self.path)) if self.named_csv else (self.path,)

    @property
    def contract(self) -> bool:
        """A dataset in the data contract, which ``load`` reads back."""
        return self.format in CONTRACT


def check_target(path: str | Path, encoding: str = "utf-8", force: bool = False, *,
                 to: str | None = None, private: Path | None = None) -> Target:
    """Where and in which format an export to ``path`` goes; UsageError for a format that
    does not fit the name, a target that cannot be written, would be overwritten without
    ``force``, or lies in the store's ``private`` folder (the embedded server's data folder).

    >>> check_target("/tmp/district.json", to="node-link").format
    'node-link'
    """
    if private is not None:
        folder = private.expanduser().resolve()
        target = Path(path).expanduser().resolve()
        if target == folder or folder in target.parents:
            raise UsageError(Text("{path} is inside the data folder {folder}, which belongs "
                                  "to the embedded server; export somewhere else",
                                  path=str(path), folder=str(folder)))
    try:
        return _target(Path(path), encoding, force, to)
    except OSError as error:  # (a folder we may not look into, for one)
        raise UsageError(Text("cannot export to {path}: {why}", path=str(path),
                              why=error.strerror)) from None


def _format(path: Path, to: str | None) -> str:
    """The format asked for: ``to``, else the one the name's suffix chooses."""
    suffix = path.suffix.lower()
    if to is not None and to not in FORMATS:
        raise UsageError(Text("--to {to}: unknown format; expected one of {formats}", to=to,
                              formats=", ".join(FORMATS)))
    if to is None:
        if suffix in BY_SUFFIX:
            return BY_SUFFIX[suffix]
        if suffix and path.exists() and not path.is_dir():
            raise UsageError(Text("{path} is a file; give a folder for CSV files, or a name "
                                  "ending in .csv, .json, .xlsx, .graphml or .gexf",
                                  path=str(path)))
        if suffix and not path.is_dir():
            raise UsageError(Text(
                "{path}: no export writes {suffix} files; give a folder name or a name ending "
                "in .csv (CSV files), .json, .xlsx, .graphml or .gexf, or choose with --to "
                "{formats}", path=str(path), suffix=suffix, formats="|".join(FORMATS)))
        return "csv"
    if to == "contract":
        if suffix in (".json", ".csv"):
            return BY_SUFFIX[suffix]
        if suffix in BY_SUFFIX:
            raise UsageError(Text("{path}: --to contract writes CSV files (a folder, or a "
                                  "name ending in .csv) or a .json file; for {suffix} use "
                                  "--to {to}", path=str(path),
                                  suffix=suffix, to=BY_SUFFIX[suffix]))
        return "csv"
    if to == "neo4j-admin":
        if suffix in BY_SUFFIX or suffix == ".csv":
            raise UsageError(Text("{path}: --to neo4j-admin writes a folder of CSV files (a "
                                  "file per label and per relationship type); give a folder "
                                  "name", path=str(path)))
        return to
    if suffix != SUFFIXES[to]:
        raise UsageError(Text("{path}: --to {to} writes one file whose name ends in {suffix}",
                              path=str(path), to=to, suffix=SUFFIXES[to]))
    return to


def _target(path: Path, encoding: str, force: bool, to: str | None) -> Target:
    if not path.parent.is_dir():
        raise UsageError(Text("{folder} does not exist; create it first",
                              folder=str(path.parent)))
    if encoding not in ENCODINGS:
        raise UsageError(Text("unknown encoding {encoding!r}; expected one of {encodings}",
                              encoding=encoding, encodings=", ".join(ENCODINGS)))
    fmt = _format(path, to)
    if fmt != "csv" and encoding != "utf-8":
        raise UsageError(Text("{path}: a {format} export is UTF-8; --encoding is for the "
                              "contract's CSV folders", path=str(path),
                              format=Text(NAMES[fmt])))
    target = Target(path, fmt)
    if not target.folder:
        if path.is_dir():
            raise UsageError(Text("{path} is a folder; give a file name ending in {suffix}",
                                  path=str(path), suffix=SUFFIXES.get(fmt, "." + fmt)))
        for file in target.files:
            if file.exists() and not force:
                raise UsageError(Text("{path} already exists; choose another name or give "
                                      "--force to overwrite it", path=str(file)))
        return target
    if path.exists() and not path.is_dir():
        raise UsageError(Text("{path} is a file; give a folder for CSV files, or a name ending "
                              "in .json for one JSON file", path=str(path)))
    existing = existing_files(path, fmt)
    if existing and not force:
        raise UsageError(Text("{folder} already holds {files}; choose another folder or give "
                              "--force to overwrite", folder=str(path),
                              files=Codes("file", existing, " and ")))
    return target


def existing_files(folder: Path, fmt: str) -> list[str]:
    """The files of an export of ``fmt`` already in ``folder``."""
    if fmt == "csv":
        return [name for name in (ORGANIZATIONS_FILE, RELATIONSHIPS_FILE)
                if (folder / name).exists()]
    if not folder.is_dir():
        return []
    return sorted(p.name for pattern in NEO4J_ADMIN_PATTERNS for p in folder.glob(pattern))


@contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A scratch folder on the target's file system (so that moving is a rename): inside an
    existing target folder, else beside the target; removed afterwards whatever happens
    (and, if a kill prevented that, by the next write there: graphmodel/scratch.py)."""
    where = target if target.is_dir() else target.parent
    with ExitStack() as stack:
        try:
            staged = stack.enter_context(scratch_folder(where))
        except OSError as error:
            raise UsageError(Text("cannot write into {where}: {why}", where=str(where),
                                  why=error.strerror)) from None
        yield staged


@contextmanager
def write_failures(where: Path) -> Iterator[None]:
    """Turn a failure to write (a full disk, a folder on another file system) into a
    plain message."""
    try:
        yield
    except OSError as error:
        raise UsageError(Text("cannot write the export to {where}: {error}",
                              where=str(where), error=str(error))) from None


def _claim(target: Path) -> None:
    """Create the target file empty, failing if it exists: no other export is overwritten."""
    try:
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        raise UsageError(Text("{target} was written by someone else meanwhile; nothing was "
                              "written", target=str(target))) from None


def _move_files(moves: list[tuple[Path, Path]], force: bool) -> None:
    """Rename each staged file over its target, the last first (a named CSV's organizations
    file, which ``load`` is given, comes last); without ``force`` each target is claimed
    first. On any failure (Ctrl-C too) the targets that were not there before are removed."""
    made: list[Path] = []
    try:
        for _staged, file in moves:
            if not force:
                _claim(file)
                made.append(file)
            elif not os.path.lexists(file):
                made.append(file)
        for staged, file in reversed(moves):
            os.replace(staged, file)
    except BaseException:
        for file in made:
            with suppress(OSError):
                file.unlink()
        raise


def move_into_place(written: Path, target: Target, force: bool) -> None:
    """Rename the staged file or files over the target's; without ``force``, refuse if
    another export got there meanwhile. (A folder export is a rename per file, checked before
    but not claimed: a crash between them can leave new files beside old ones, and two
    exports racing into one folder can both pass the check.) With ``force``, the files of an
    earlier neo4j-admin export that this one does not write are removed."""
    if not target.folder:
        staged = Target(written, target.format).files
        _move_files(list(zip(staged, target.files, strict=True)), force)
        return
    made = not target.path.exists()
    target.path.mkdir(exist_ok=True)
    try:
        existing = existing_files(target.path, target.format)
        if not force and existing:
            raise UsageError(Text("{path} got {files} meanwhile; nothing was written",
                                  path=str(target.path), files=Codes("file", existing, " and ")))
        names = sorted(p.name for p in written.iterdir())
        for name in existing:
            if name not in names:
                (target.path / name).unlink()
        for name in names:
            os.replace(written / name, target.path / name)
    except BaseException:
        if made and not any(target.path.iterdir()):
            target.path.rmdir()
        raise
