"""The embedded FalkorDB server: private socket, no TCP, persistence, reuse, crash recovery."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.cli import main
from graphmodel.dataset import read_dataset
from graphmodel.loader import load
from graphmodel.store import open_store
from graphmodel.store.server import EmbeddedServer
from tests.conftest import SMALL


def listening_tcp_inodes() -> set[str]:
    """Socket inodes of every TCP socket in LISTEN state on this machine (IPv4 and IPv6)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # TCP_LISTEN
                inodes.add(fields[9])
    return inodes


def socket_inodes_of(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def test_server_listens_on_a_private_unix_socket_and_no_tcp_port(fresh_folder):
    with open_store(fresh_folder, "g") as store:
        server = store.server
        pid = server.pid()
        assert pid is not None
        assert stat.S_ISSOCK(server.socket.stat().st_mode)
        assert stat.S_IMODE(server.socket.stat().st_mode) == 0o700
        assert stat.S_IMODE(fresh_folder.stat().st_mode) == 0o700
        assert socket_inodes_of(pid), "the server should hold sockets"
        assert not socket_inodes_of(pid) & listening_tcp_inodes(), "a TCP port is open"
        config = store._db.connection.config_get("port")
        assert config["port"] == "0"


def test_command_stops_the_server_it_started(fresh_folder):
    with open_store(fresh_folder, "g") as store:
        pid = store.server.pid()
        assert pid is not None
    assert not EmbeddedServer(fresh_folder).is_running()
    assert not (fresh_folder / "falkordb.sock").exists()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists()


def test_data_loaded_by_one_process_is_there_for_the_next(fresh_folder):
    script = ("import sys; from graphmodel.store import open_store; "
              "from graphmodel.dataset import read_dataset; from graphmodel.loader import load\n"
              "with open_store(sys.argv[1], 'g') as s: load(s, read_dataset(sys.argv[2]))")
    subprocess.run([sys.executable, "-c", script, str(fresh_folder), str(SMALL)], check=True)
    assert not EmbeddedServer(fresh_folder).is_running()  # stopped; data only on disk now
    with open_store(fresh_folder, "g") as store:
        counts = store.counts()
    expected = read_dataset(SMALL)
    assert counts.labels == expected.label_counts()
    assert counts.relationships == expected.relationship_counts()


def test_a_running_server_is_reused_and_left_running(fresh_folder):
    runner = CliRunner()
    started = runner.invoke(main, ["--db", str(fresh_folder), "db", "start"])
    assert started.exit_code == 0, started.output
    server = EmbeddedServer(fresh_folder)
    pid = server.pid()
    with open_store(fresh_folder, "g") as store:
        assert store.server.pid() == pid
    assert server.is_running() and server.pid() == pid
    status = runner.invoke(main, ["--db", str(fresh_folder), "db", "status", "--format", "json"])
    assert '"running": true' in status.output and f'"pid": {pid}' in status.output
    stopped = runner.invoke(main, ["--db", str(fresh_folder), "db", "stop"])
    assert stopped.exit_code == 0 and "stopped" in stopped.output
    assert not server.is_running()


def test_the_last_of_two_users_stops_the_server(fresh_folder):
    first = open_store(fresh_folder, "g")
    second = open_store(fresh_folder, "g")
    assert first.server.pid() == second.server.pid()
    first.close()
    assert EmbeddedServer(fresh_folder).is_running(), "stopped while still in use"
    second.run("RETURN 1")
    second.close()
    assert not EmbeddedServer(fresh_folder).is_running()


def test_stale_socket_and_pid_file_after_a_crash_are_handled(fresh_folder):
    with open_store(fresh_folder, "g") as store:
        load(store, read_dataset(SMALL))
    runner = CliRunner()
    runner.invoke(main, ["--db", str(fresh_folder), "db", "start"])
    server = EmbeddedServer(fresh_folder)
    pid = server.pid()
    os.kill(pid, signal.SIGKILL)
    while Path(f"/proc/{pid}").exists() and b"zombie" not in Path(
            f"/proc/{pid}/status").read_bytes().lower():
        time.sleep(0.05)
    assert server.socket.exists() and server.pid_file.exists()  # left behind by the crash
    with open_store(fresh_folder, "g") as store:
        assert any("stopped unexpectedly" in n for n in store.notices)
        assert store.counts().labels == read_dataset(SMALL).label_counts()
    runner.invoke(main, ["--db", str(fresh_folder), "db", "stop"])


def test_folder_from_environment_variable(fresh_folder, monkeypatch):
    monkeypatch.setenv("GRAPHMODEL_DB", str(fresh_folder))
    result = CliRunner().invoke(main, ["graphs"])
    assert result.exit_code == 0, result.output
    assert (fresh_folder / "appendonlydir").is_dir()


def test_persistence_is_append_only_file(fresh_folder):
    with open_store(fresh_folder, "g") as store:
        assert store._db.connection.config_get("appendonly")["appendonly"] == "yes"


def test_a_pid_file_naming_another_folders_server_is_never_signalled(fresh_folder, tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(fresh_folder), "db", "start"]).exit_code == 0
    other = tmp_path / "copy"
    other.mkdir(mode=0o700)
    (other / "falkordb.pid").write_text(EmbeddedServer(fresh_folder).pid_file.read_text())
    result = runner.invoke(main, ["--db", str(other), "graphs"])
    assert result.exit_code == 0, result.output
    assert EmbeddedServer(fresh_folder).is_running(), "another folder's server was stopped"
    runner.invoke(main, ["--db", str(fresh_folder), "db", "stop"])


def test_an_open_folder_that_is_not_graphmodels_is_refused_not_changed(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    (shared / "someone-elses.txt").write_text("x")
    result = CliRunner().invoke(main, ["--db", str(shared), "stats"])
    assert result.exit_code == 2
    assert "is not a graphmodel data folder" in result.stderr
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


def _rewrites(store) -> int:
    return int(store._db.connection.info("persistence")["aof_rewrites"])


def _wait_for_rewrites(store, count: int, seconds: float = 3.0) -> int:
    deadline = time.monotonic() + seconds
    while _rewrites(store) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return _rewrites(store)


def test_a_load_compacts_the_append_only_file_once_at_its_end_not_meanwhile(fresh_folder):
    # the server compacts on its own when the file outgrows its last compacted size; a
    # threshold of 1 byte makes it do so at the next tick (10 a second) after any write
    with open_store(fresh_folder, "g") as store:
        store._db.connection.config_set("auto-aof-rewrite-min-size", 1)
        before = _rewrites(store)

        def pause(stage: str) -> None:  # long enough for several ticks of the server
            if stage in ("relationships", "checkpoint"):
                time.sleep(0.5)

        load(store, read_dataset(SMALL), stage=pause)
        assert _rewrites(store) == before + 1  # the load's own compaction, nothing else

        # afterwards the server compacts on its own again, as before the load
        note = "x" * 2 * (fresh_folder / "appendonlydir").stat().st_size
        for _ in range(8):
            store.run("CREATE (:Note {text: $text})", {"text": note}, write=True)
        assert _wait_for_rewrites(store, before + 2) >= before + 2


def _auto_rewrite(store) -> str:
    return store._db.connection.config_get("auto-aof-rewrite-percentage")[
        "auto-aof-rewrite-percentage"]


def test_compaction_comes_back_after_a_refused_load_and_after_the_last_of_two_loads(
        fresh_folder, tmp_path):
    import fcntl

    from graphmodel.dataset import Dataset, Organization
    from graphmodel.errors import UsageError

    with open_store(fresh_folder, "g") as store:
        small = read_dataset(SMALL)
        load(store, small)
        first = next(o for o in small.organizations if o.type == "enterprise")
        # the same id as another type: refused, nothing written
        changed = Dataset([Organization(first.id, "incubator",
                                        {**first.properties, "type": "incubator"})], [])
        with pytest.raises(UsageError):
            load(store, changed)
        assert _auto_rewrite(store) == "100"
        # another load is still running (it holds the loading lock): it turns compaction on
        with open(fresh_folder / ".loading.lock", "a") as other:
            fcntl.flock(other, fcntl.LOCK_SH)
            load(store, small, replace=True)
            assert _auto_rewrite(store) == "0"
        load(store, small)
        assert _auto_rewrite(store) == "100"


def _prepare_at_once(folder: str, barrier) -> None:
    barrier.wait()
    EmbeddedServer(Path(folder)).prepare_folder()


def test_commands_that_create_the_data_folder_at_once_all_succeed(tmp_path):
    """Two loads started together both saw no folder and both made it; the second failed."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for attempt in range(20):
        folder = tmp_path / f"new-{attempt}" / "db"
        barrier = context.Barrier(6)
        workers = [context.Process(target=_prepare_at_once, args=(str(folder), barrier))
                   for _ in range(6)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(30)
        assert [worker.exitcode for worker in workers] == [0] * 6
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
