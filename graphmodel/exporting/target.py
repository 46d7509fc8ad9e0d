"""Where an export goes: the target checked, a staging folder beside it, the move into place.

>>> check_target("/tmp/district.json")
(PosixPath('/tmp/district.json'), 'json')
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graphmodel.dataset import ORGANIZATIONS_FILE, RELATIONSHIPS_FILE
from graphmodel.errors import UsageError

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")


def check_target(path: str | Path, encoding: str = "utf-8", force: bool = False, *,
                 private: Path | None = None) -> tuple[Path, str]:
    """The path and format ("csv" or "json") of an export to ``path``; UsageError for a
    target that cannot be written, would be overwritten without ``force``, or lies in the
    store's ``private`` folder (the embedded server's data folder).

    >>> check_target("/tmp/district.json")
    (PosixPath('/tmp/district.json'), 'json')
    """
    if private is not None:
        folder = private.expanduser().resolve()
        target = Path(path).expanduser().resolve()
        if target == folder or folder in target.parents:
            raise UsageError(f"{path} is inside the data folder {folder}, which belongs to "
                             "the embedded server; export somewhere else")
    try:
        return _target(Path(path), encoding, force)
    except OSError as error:  # (a folder we may not look into, for one)
        raise UsageError(f"cannot export to {path}: {error.strerror}") from None


def _target(path: Path, encoding: str, force: bool) -> tuple[Path, str]:
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent} does not exist; create it first")
    if encoding not in ENCODINGS:
        raise UsageError(f"unknown encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")
    if path.suffix.lower() == ".csv":
        raise UsageError(f"{path}: an export to CSV is a folder of two files; give a folder "
                         "name (or a name ending in .json for one JSON file)")
    if path.suffix.lower() == ".json":
        if encoding != "utf-8":
            raise UsageError(f"{path}: a JSON export is UTF-8; --encoding is for CSV folders")
        if path.is_dir():
            raise UsageError(f"{path} is a folder; give a file name ending in .json")
        if path.exists() and not force:
            raise UsageError(f"{path} already exists; choose another name or give --force "
                             "to overwrite it")
        return path, "json"
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path} is a file; give a folder for CSV files, or a name ending in "
                         ".json for one JSON file")
    existing = _existing_files(path)
    if existing and not force:
        raise UsageError(f"{path} already holds {' and '.join(existing)}; choose another "
                         "folder or give --force to overwrite")
    return path, "csv"


def _existing_files(folder: Path) -> list[str]:
    return [name for name in (ORGANIZATIONS_FILE, RELATIONSHIPS_FILE)
            if (folder / name).exists()]


@contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A scratch folder on the target's file system (so that moving is a rename): inside an
    existing target folder, else beside the target; removed afterwards whatever happens."""
    where = target if target.is_dir() else target.parent
    try:
        staged = Path(tempfile.mkdtemp(prefix=".export-", dir=where))
    except OSError as error:
        raise UsageError(f"cannot write into {where}: {error.strerror}") from None
    try:
        yield staged
    finally:
        shutil.rmtree(staged, ignore_errors=True)


@contextmanager
def write_failures(where: Path) -> Iterator[None]:
    """Turn a failure to write (a full disk, a folder on another file system) into a
    plain message."""
    try:
        yield
    except OSError as error:
        raise UsageError(f"cannot write the export to {where}: {error}") from None


def _claim(target: Path) -> None:
    """Create the target file empty, failing if it exists: no other export is overwritten."""
    try:
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        raise UsageError(f"{target} was written by someone else meanwhile; nothing was "
                         "written") from None


def move_into_place(written: Path, target: Path, fmt: str, force: bool) -> None:
    """Rename the staged file or files over the target's; without ``force``, refuse if
    another export got there meanwhile. (A CSV export is two renames, checked before but not
    claimed: a crash between them can leave the new organizations.csv beside the old
    relationships.csv, and two exports racing into one folder can both pass the check.)"""
    if fmt == "json":
        if force:
            os.replace(written, target)
        else:
            _claim(target)
            os.replace(written, target)
        return
    target.mkdir(exist_ok=True)
    if not force and _existing_files(target):
        raise UsageError(f"{target} got {' and '.join(_existing_files(target))} meanwhile; "
                         "nothing was written")
    for name in (ORGANIZATIONS_FILE, RELATIONSHIPS_FILE):
        os.replace(written / name, target / name)
