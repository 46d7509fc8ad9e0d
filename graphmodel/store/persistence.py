"""The embedded server's files (``FOLDER/appendonlydir``), checked before the server reads them.

Redis keeps a graph as a base file (a snapshot) and increment files (the writes since), which
the manifest ``appendonly.aof.manifest`` lists in order. Started on files that do not agree
with their manifest, it would show an empty graph and then compact over the files it did not
read: a manifest lost while its files remain makes it start empty and write a new base file
of the same name (redis's aof.c ``loadAppendOnlyFiles``). So the files are checked first, and
a folder whose files disagree is refused: nothing is started, the message says what is wrong
and how to recover. What the server itself refuses on reading (a damaged file) and what it
repairs (a write cut short at the end of the last file, which it drops) are read from its log.

>>> check_files(Path("/tmp/gm-doc-no-such-folder"))   # a new folder has nothing to check
{}
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from graphmodel.errors import StoreError

AOF_DIR = "appendonlydir"  # redis's default `appenddirname`
MANIFEST = "appendonly.aof.manifest"
#: the base and increment files redis names (its temp-* files are its own business)
_PART = re.compile(r"appendonly\.aof\.([0-9]+)\.(base\.rdb|base\.aof|incr\.aof)")
_TYPES = {"b": "base", "h": "history", "i": "increment"}
#: what redis logs when it drops the incomplete end of the last file (aof-load-truncated)
_TRUNCATED = re.compile(r"Truncating the AOF (\S+) at offset ([0-9]+)")
#: what redis logs when it cannot read its files (then it exits)
_DAMAGED = ("Bad file format", "Unexpected end of file", "Short read", "Unrecoverable error",
            "Fatal error", "FATAL AOF MANIFEST", "Wrong RDB checksum", "RDB preamble",
            "Error reading", "truncated file is not the last", "Internal error in RDB",
            "doesn't exist", "Can't open the append", "append only file")
RECOVER = ("To recover: restore {folder} from a backup; or move the folder aside (it is "
           "left as it is) and load the registers again into a new one.")


@dataclass(frozen=True)
class Part:
    """One file the manifest lists: its name, sequence number and type ('b', 'h', 'i')."""

    name: str
    seq: int
    type: str


def check_files(folder: Path) -> dict[str, int]:
    """Refuse (StoreError) append-only files that do not agree with their manifest: a missing
    or damaged manifest beside data files, files it lists that are missing or empty, base or
    increment files it does not list. Returns the size of each listed file (to say later how
    much the server dropped from a file's end)."""
    directory = folder / AOF_DIR
    if not directory.is_dir():
        return {}
    parts = sorted((p for p in directory.iterdir() if _PART.fullmatch(p.name)),
                   key=lambda p: (int(_PART.fullmatch(p.name)[1]), p.name))
    manifest = directory / MANIFEST
    if not manifest.exists():
        if not parts:
            return {}
        raise StoreError(_refusal(folder, (
            f"the graph's files in {directory} have no manifest ({MANIFEST} is missing) but "
            f"hold {', '.join(p.name for p in parts)}: started so, the server would show an "
            "empty graph and write over them.") + _manifest_hint(parts)))
    listed = _read_manifest(manifest, folder)
    problems = []
    names = {part.name for part in listed}
    sizes: dict[str, int] = {}
    for part in listed:
        path = directory / part.name
        if part.type == "h":
            continue  # (history: redis deletes them once a compaction is done)
        if not path.is_file():
            problems.append(f"{part.name} ({_TYPES[part.type]} file, listed in {MANIFEST}) is "
                            "missing")
            continue
        sizes[part.name] = size = path.stat().st_size
        if part.type == "b" and (size == 0 or (part.name.endswith(".rdb")
                                               and path.read_bytes()[:5] != b"REDIS")):
            problems.append(f"{part.name} (the base file, the graph's snapshot) is "
                            f"{'empty' if size == 0 else 'not a snapshot (no REDIS header)'}")
    orphans = [p.name for p in parts if p.name not in names]
    if orphans:
        problems.append(f"{', '.join(orphans)} {'is' if len(orphans) == 1 else 'are'} not "
                        f"listed in {MANIFEST} (a manifest older than the files, or files "
                        "copied in by hand; if the manifest is right, move them out of the "
                        "folder)")
    if problems:
        raise StoreError(_refusal(folder, f"the graph's files in {directory} do not agree with "
                                          f"their manifest: {'; '.join(problems)}."))
    return sizes


def _read_manifest(manifest: Path, folder: Path) -> list[Part]:
    """The files a manifest lists, parsed as redis parses it; StoreError if it cannot be."""
    try:
        text = manifest.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(_refusal(folder, f"the manifest {manifest} cannot be read "
                                          f"({error}).")) from None
    parts: list[Part] = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if line.startswith("#"):
            continue
        try:
            words = shlex.split(line)
        except ValueError:
            words = []
        fields = dict(zip(words[::2], words[1::2], strict=False))
        seq = fields.get("seq", "")
        if (not line.endswith("\n") or len(words) < 6 or len(words) % 2
                or not _PART.fullmatch(fields.get("file", "")) or not seq.isdigit()
                or fields.get("type") not in _TYPES):
            raise StoreError(_refusal(folder, f"the manifest {manifest} is damaged at line "
                                              f"{number}: {line.strip()[:120]!r}."))
        parts.append(Part(fields["file"], int(seq), fields["type"]))
    if not any(part.type in "bi" for part in parts):
        raise StoreError(_refusal(folder, f"the manifest {manifest} lists no base or "
                                          "increment file (it is empty or damaged)."))
    return parts


def _manifest_hint(parts: list[Path]) -> str:
    """How to write the missing manifest, when the files say it unambiguously (one base)."""
    bases = [p for p in parts if ".base." in p.name]
    if len(bases) != 1:
        return ""
    lines = [f"file {p.name} seq {_PART.fullmatch(p.name)[1]} "
             f"type {'b' if '.base.' in p.name else 'i'}" for p in [*bases, *(
                 p for p in parts if ".incr." in p.name)]]
    return (" If these are the whole graph, a manifest of these lines lists them: "
            + " / ".join(lines) + ".")


def _refusal(folder: Path, what: str, *, started: bool = False) -> str:
    done = ("The server stopped without changing them." if started else
            "The server was not started, so that nothing is lost.")
    return f"{what} {done} {RECOVER.format(folder=folder)}"


def damage_in_log(log: str, folder: Path) -> str | None:
    """The refusal to show when the server's log (what it wrote while starting) says it could
    not read its files, else None."""
    lines = [line.split(" # ", 1)[-1].strip() for line in log.splitlines()
             if any(sign in line for sign in _DAMAGED)]
    if not lines:
        return None
    said = " / ".join(dict.fromkeys(lines))[:600]
    return _refusal(folder, f"the graph's files in {folder / AOF_DIR} are damaged: the server "
                            f"refused to read them ({said}).", started=True)


def truncation_in_log(log: str, sizes: dict[str, int]) -> str | None:
    """The notice to show when the server dropped the incomplete end of its last file (a
    crash or power loss during a write), else None."""
    found = _TRUNCATED.search(log)
    if found is None:
        return None
    name, offset = found[1], int(found[2])
    dropped = sizes.get(name, offset) - offset
    amount = f"its last {dropped:,} bytes" if dropped > 0 else "its incomplete end"
    return (f"the graph's last write before the server stopped was cut short (a crash or a "
            f"power loss): the server dropped {amount} ({name}, from byte {offset:,}); the "
            "graph is as it was before that write. If a load or a --write query was running "
            "then, run it again.")
