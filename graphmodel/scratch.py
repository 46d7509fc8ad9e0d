"""Scratch files and folders beside what a command writes, and the sweep of those a killed
command left behind.

Everything graphmodel writes is written to a scratch name first and renamed into place, so
that a reader never sees half a file. A command killed outright (SIGKILL, a power cut) cannot
remove its scratch: each scratch name therefore carries its process's id and start time
(``.gm-scratch-<pid>-<start>-<random>``), and every later write into the same folder removes
the scratch entries whose process is gone. An entry of a process still running is never
touched (two exports into one folder may run side by side), nor one of another user, nor a
name that is not ours.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with replacing(folder / "figures.json") as scratch:
...     _ = scratch.write_text("{}")
>>> sorted(p.name for p in folder.iterdir())
['figures.json']
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

#: the start of every scratch name
PREFIX = ".gm-scratch-"
_NAME = re.compile(re.escape(PREFIX) + r"(\d+)-(\d+)-")


def _start_time(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from /proc), or None if there
    is no such process (or no /proc to ask)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()
    return fields[19] if len(fields) > 19 else None


def _prefix() -> str:
    """This process's scratch prefix: its id and start time."""
    pid = os.getpid()
    return f"{PREFIX}{pid}-{_start_time(pid) or 0}-"


def _abandoned(entry: os.DirEntry[str]) -> bool:
    """A scratch entry of ours (this user's) whose process is gone. Without /proc nothing
    can be proved gone, and nothing is."""
    match = _NAME.match(entry.name)
    if match is None or not Path("/proc/self/stat").exists():
        return False
    try:
        if entry.stat(follow_symlinks=False).st_uid != os.getuid():
            return False
    except OSError:
        return False
    pid, start = match.groups()
    return _start_time(int(pid)) != start


def sweep(folder: str | os.PathLike[str]) -> list[str]:
    """Remove the scratch entries in ``folder`` that killed commands left behind; returns
    their names. Never fails: what cannot be removed stays."""
    removed = []
    with suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not _abandoned(entry):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
            except OSError:
                continue
            removed.append(entry.name)
    return removed


@contextmanager
def scratch_folder(where: str | os.PathLike[str]) -> Iterator[Path]:
    """A new folder in ``where`` (on the target's file system, so that moving out of it is
    a rename), removed afterwards whatever happens; abandoned scratch in ``where`` is swept
    first. OSError if ``where`` cannot be written."""
    sweep(where)
    folder = Path(tempfile.mkdtemp(prefix=_prefix(), dir=where))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def replacing(target: str | os.PathLike[str], *, suffix: str = "") -> Iterator[Path]:
    """A scratch file beside ``target`` to write, renamed over ``target`` (readable by all,
    as a new file is) when the block ends without error and removed if it fails or is
    interrupted; abandoned scratch beside ``target`` is swept first. ``suffix`` ends the
    scratch name (a browser opens a page by its suffix).

    The block may also leave the scratch file out (moved or consumed): then nothing is
    renamed.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    sweep(folder)
    handle, name = tempfile.mkstemp(prefix=_prefix(), suffix=suffix, dir=folder)
    os.close(handle)
    scratch = Path(name)
    try:
        yield scratch
        if scratch.exists():
            os.chmod(scratch, 0o644)
            os.replace(scratch, target)
    finally:
        scratch.unlink(missing_ok=True)
