"""The embedded server's files never silently become an empty graph.

Each test damages a real data folder the way a crash, a bad restore or a hand-copied file
would, then runs the real command: inconsistent files are refused (exit 1, nothing started,
the files left byte for byte as they were, a message saying what is wrong and how to
recover); a write cut short at the end is dropped by the server and reported.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graphmodel.cli import main
from graphmodel.store.persistence import AOF_DIR, MANIFEST
from graphmodel.store.server import EmbeddedServer
from tests.conftest import SMALL


def run(folder: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--db", str(folder), "--graph", "g", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def counts(folder: Path) -> dict:
    result = run(folder, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / AOF_DIR).iterdir())}


@pytest.fixture
def loaded(fresh_folder: Path) -> tuple[Path, dict]:
    """A data folder holding the small register, its server stopped; and its counts."""
    assert run(fresh_folder, "load", str(SMALL)).exit_code == 0
    assert not EmbeddedServer(fresh_folder).is_running()
    return fresh_folder, counts(fresh_folder)


def assert_refused(folder: Path, expected: str, *, started: bool = False) -> None:
    before = files(folder)
    result = run(folder, "stats")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
    assert expected in result.stderr, result.stderr
    assert "To recover: restore" in result.stderr and "load the registers again" in result.stderr
    said = "stopped without changing them" if started else "The server was not started"
    assert said in result.stderr
    assert not EmbeddedServer(folder).is_running()
    assert files(folder) == before, "the refused files were changed"


def test_a_missing_manifest_is_refused_never_shown_as_an_empty_graph(loaded):
    folder, expected = loaded
    manifest = folder / AOF_DIR / MANIFEST
    saved = manifest.read_bytes()
    manifest.unlink()
    assert_refused(folder, f"have no manifest ({MANIFEST} is missing)")
    base = next(p.name for p in (folder / AOF_DIR).iterdir() if ".base." in p.name)
    assert f"file {base} seq" in run(folder, "stats").stderr, "the manifest to write is shown"
    manifest.write_bytes(saved)  # the recovery the message proposes
    assert counts(folder) == expected


def test_files_the_manifest_does_not_list_are_refused(loaded):
    folder, expected = loaded
    orphan = folder / AOF_DIR / "appendonly.aof.1.base.rdb"
    orphan.write_bytes(b"REDIS0012")
    assert_refused(folder, "appendonly.aof.1.base.rdb is not listed in")
    orphan.unlink()
    assert counts(folder) == expected


@pytest.mark.parametrize("damage", ["garbage line", "empty", "no newline"])
def test_a_damaged_manifest_is_refused(loaded, damage):
    folder, _ = loaded
    manifest = folder / AOF_DIR / MANIFEST
    text = manifest.read_text()
    manifest.write_text({"garbage line": text + "garbage\n", "empty": "",
                         "no newline": text.rstrip("\n")}[damage])
    assert_refused(folder, "the manifest")


def test_a_listed_file_that_is_missing_or_empty_is_refused(loaded):
    folder, _ = loaded
    directory = folder / AOF_DIR
    base = next(p for p in directory.iterdir() if ".base." in p.name)
    saved = base.read_bytes()
    base.write_bytes(b"")
    assert_refused(folder, f"{base.name} (the base file, the graph's snapshot) is empty")
    base.unlink()
    assert_refused(folder, f"{base.name} (base file, listed in {MANIFEST}) is missing")
    base.write_bytes(saved)


def test_a_damaged_snapshot_is_refused_by_the_server_and_left_as_it_is(loaded):
    folder, expected = loaded
    base = next(p for p in (folder / AOF_DIR).iterdir() if ".base." in p.name)
    saved = base.read_bytes()
    damaged = bytearray(saved)
    middle = len(damaged) // 2
    damaged[middle:middle + 16] = b"\xff" * 16
    base.write_bytes(bytes(damaged))
    assert_refused(folder, "are damaged: the server refused to read them", started=True)
    base.write_bytes(saved)
    assert counts(folder) == expected


def test_a_write_cut_short_at_the_end_is_reported_not_dropped_in_silence(loaded):
    folder, expected = loaded
    write = "CREATE (:Zone {id: 'z-late', type: 'zone', name: '後加'})"
    assert run(folder, "query", "--write", write).exit_code == 0
    increment = max((p for p in (folder / AOF_DIR).iterdir() if ".incr." in p.name),
                    key=lambda p: p.stat().st_size)
    size = increment.stat().st_size
    assert size > 20, "the write is in the increment file"
    with open(increment, "r+b") as handle:  # as a power loss in the middle of that write
        handle.truncate(size - 5)
    result = run(folder, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "the graph's last write before the server stopped was cut short" in result.stderr
    assert f"({increment.name}, from byte" in result.stderr
    assert json.loads(result.stdout) == expected, "the graph is as before the cut write"
    assert "cut short" not in run(folder, "stats").stderr, "reported once, when it happened"


def test_staging_graphs_of_killed_loads_are_removed_when_the_server_starts(loaded):
    folder, expected = loaded
    server = EmbeddedServer(folder)
    with server.start_lock():
        server.start()
    client = server.client(timeout=10)
    try:
        client.connection.execute_command("GRAPH.QUERY", "g~staging~4242", "CREATE (:Zone)")
        client.connection.execute_command("GRAPH.QUERY", "other~staging~77", "CREATE (:Zone)")
    finally:
        client.connection.close()
    with server.start_lock():
        server.stop()
    result = run(folder, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "removed the staging graphs 'g~staging~4242', 'other~staging~77'" in result.stderr
    assert json.loads(result.stdout) == expected
    result = run(folder, "graphs", "--format", "json")
    assert [g["name"] for g in json.loads(result.stdout)["graphs"]] == ["g"], result.stdout


def test_a_new_folder_and_a_folder_moved_aside_start_empty(fresh_folder, tmp_path):
    assert run(fresh_folder, "load", str(SMALL)).exit_code == 0
    aside = tmp_path / "aside"
    shutil.move(str(fresh_folder), aside)  # the recovery the refusals propose
    assert run(fresh_folder, "load", str(SMALL)).exit_code == 0
    assert counts(fresh_folder) == counts(aside)
