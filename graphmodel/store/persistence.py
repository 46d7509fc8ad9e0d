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
from functools import reduce
from pathlib import Path

from graphmodel.errors import StoreError
from graphmodel.i18n import Text

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
        raise StoreError(_refusal(folder, Text(
            "the graph's files in {directory} have no manifest ({manifest} is missing) but "
            "hold {files}: started so, the server would show an empty graph and write over "
            "them.{hint}", directory=str(directory), manifest=MANIFEST,
            files=", ".join(p.name for p in parts), hint=_manifest_hint(parts))))
    listed = _read_manifest(manifest, folder)
    problems: list[Text] = []
    names = {part.name for part in listed}
    sizes: dict[str, int] = {}
    for part in listed:
        path = directory / part.name
        if part.type == "h":
            continue  # (history: redis deletes them once a compaction is done)
        if not path.is_file():
            problems.append(Text("{name} (base file, listed in {manifest}) is missing"
                                 if part.type == "b" else
                                 "{name} (increment file, listed in {manifest}) is missing",
                                 name=part.name, manifest=MANIFEST))
            continue
        sizes[part.name] = size = path.stat().st_size
        if part.type == "b" and (size == 0 or (part.name.endswith(".rdb")
                                               and path.read_bytes()[:5] != b"REDIS")):
            problems.append(Text("{name} (the base file, the graph's snapshot) is empty"
                                 if size == 0 else
                                 "{name} (the base file, the graph's snapshot) is not a "
                                 "snapshot (no REDIS header)", name=part.name))
    orphans = [p.name for p in parts if p.name not in names]
    if orphans:
        problems.append(Text("{files} is not listed in {manifest} (a manifest older than the "
                             "files, or files copied in by hand; if the manifest is right, "
                             "move them out of the folder)" if len(orphans) == 1 else
                             "{files} are not listed in {manifest} (a manifest older than the "
                             "files, or files copied in by hand; if the manifest is right, "
                             "move them out of the folder)", files=", ".join(orphans),
                             manifest=MANIFEST))
    if problems:
        raise StoreError(_refusal(folder, Text(
            "the graph's files in {directory} do not agree with their manifest: {problems}.",
            directory=str(directory), problems=reduce(
                lambda first, second: Text("{first}; {second}", first=first, second=second),
                problems))))
    return sizes


def _read_manifest(manifest: Path, folder: Path) -> list[Part]:
    """The files a manifest lists, parsed as redis parses it; StoreError if it cannot be."""
    try:
        text = manifest.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(_refusal(folder, Text("the manifest {manifest} cannot be read "
                                               "({error}).", manifest=str(manifest),
                                               error=str(error)))) from None
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
            raise StoreError(_refusal(folder, Text(
                "the manifest {manifest} is damaged at line {number}: {line!r}.",
                manifest=str(manifest), number=number, line=line.strip()[:120])))
        parts.append(Part(fields["file"], int(seq), fields["type"]))
    if not any(part.type in "bi" for part in parts):
        raise StoreError(_refusal(folder, Text("the manifest {manifest} lists no base or "
                                               "increment file (it is empty or damaged).",
                                               manifest=str(manifest))))
    return parts


def _manifest_hint(parts: list[Path]) -> Text | str:
    """How to write the missing manifest, when the files say it unambiguously (one base)."""
    bases = [p for p in parts if ".base." in p.name]
    if len(bases) != 1:
        return ""
    lines = [f"file {p.name} seq {_PART.fullmatch(p.name)[1]} "
             f"type {'b' if '.base.' in p.name else 'i'}" for p in [*bases, *(
                 p for p in parts if ".incr." in p.name)]]
    return Text(" If these are the whole graph, a manifest of these lines lists them: "
                "{lines}.", lines=" / ".join(lines))


def _refusal(folder: Path, what: Text, *, started: bool = False) -> Text:
    return Text("{what} The server stopped without changing them. To recover: restore "
                "{folder} from a backup; or move the folder aside (it is left as it is) and "
                "load the registers again into a new one." if started else
                "{what} The server was not started, so that nothing is lost. To recover: "
                "restore {folder} from a backup; or move the folder aside (it is left as it "
                "is) and load the registers again into a new one.", what=what,
                folder=str(folder))


def damage_in_log(log: str, folder: Path) -> Text | None:
    """The refusal to show when the server's log (what it wrote while starting) says it could
    not read its files, else None."""
    lines = [line.split(" # ", 1)[-1].strip() for line in log.splitlines()
             if any(sign in line for sign in _DAMAGED)]
    if not lines:
        return None
    said = " / ".join(dict.fromkeys(lines))[:600]
    return _refusal(folder, Text("the graph's files in {directory} are damaged: the server "
                                 "refused to read them ({said}).",
                                 directory=str(folder / AOF_DIR), said=said), started=True)


def truncation_in_log(log: str, sizes: dict[str, int]) -> Text | None:
    """The notice to show when the server dropped the incomplete end of its last file (a
    crash or power loss during a write), else None."""
    found = _TRUNCATED.search(log)
    if found is None:
        return None
    name, offset = found[1], int(found[2])
    dropped = sizes.get(name, offset) - offset
    amount = (Text("its last {dropped:,} bytes", dropped=dropped) if dropped > 0
              else Text("its incomplete end"))
    return Text("the graph's last write before the server stopped was cut short (a crash or a "
                "power loss): the server dropped {amount} ({name}, from byte {offset:,}); the "
                "graph is as it was before that write. If a load or a --write query was "
                "running then, run it again.", amount=amount, name=name, offset=offset)
