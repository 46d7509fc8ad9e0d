"""A pid file is never trusted: nothing but this folder's own server is ever signalled.

Every decoy here is a real process this test starts (and kills at the end); the server is
the real one. A pid file of -1 once made the stale-server cleanup SIGTERM, then SIGKILL,
every process the user could signal.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graphmodel.cli import main
from graphmodel.store.server import EmbeddedServer, _binaries, _our_server

SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]
#: pid file contents that name no process of ours (" 12 " and "garbage" are not numbers)
BOGUS = ["-1", "0", "1", "99999999999", "garbage", "", " 12 "]
DECOYS = ["sleep", "path-in-arguments", "unixsocket-arguments", "server-title"]


@pytest.fixture
def decoys(fresh_folder: Path) -> Iterator[dict[str, subprocess.Popen]]:
    """Live processes that are not the folder's server, some naming its socket."""
    socket = str(EmbeddedServer(fresh_folder).socket)
    title = f"{_binaries()[0]} unixsocket:{socket}"  # what the real server calls itself
    started = {
        "sleep": subprocess.Popen(["sleep", "60"]),
        "path-in-arguments": subprocess.Popen([*SLEEP, socket]),
        "unixsocket-arguments": subprocess.Popen([*SLEEP, "--unixsocket", socket]),
        "server-title": subprocess.Popen([title, "60"], executable=shutil.which("sleep")),
    }
    yield started
    for process in started.values():  # ours: started above
        process.kill()
        process.wait()


def _all_alive(decoys: dict[str, subprocess.Popen]) -> None:
    dead = [name for name, process in decoys.items() if process.poll() is not None]
    assert not dead, f"signalled a process that is not the server: {dead}"


def _invoke(folder: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--db", str(folder), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{args}: traceback\n{result.output}"
    assert result.exit_code == 0 or (result.exit_code in (1, 2) and "error:" in result.output), \
        f"{args}: {result.output}"
    return result


def _gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status")
        if not status.exists() or b"zombie" in status.read_bytes().lower():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("content", BOGUS + DECOYS)
def test_a_pid_file_that_is_not_our_server_is_never_signalled(fresh_folder, decoys, content):
    server = EmbeddedServer(fresh_folder)
    server.prepare_folder()
    text = str(decoys[content].pid) if content in decoys else content

    for command in (["db", "stop"], ["db", "status"], ["stats"], ["db", "start"]):
        server.pid_file.write_text(text)
        _invoke(fresh_folder, *command)
        _all_alive(decoys)
        for process in decoys.values():
            assert not _our_server(process.pid, server.socket)

    # `db start` above ran a real server despite the pid file; it works and is proven ours
    pid = server.pid()
    assert pid is not None and _our_server(pid, server.socket)
    assert '"running": true' in _invoke(fresh_folder, "db", "status", "--format", "json").output
    _invoke(fresh_folder, "stats")
    server.pid_file.write_text(text)  # a bad pid file under a running server: still stops it
    assert "stopped the server" in _invoke(fresh_folder, "db", "stop").output
    assert _gone(pid) and not server.is_running()
    _all_alive(decoys)


def test_the_cleanup_never_signals_a_decoy_even_when_asked_directly(fresh_folder, decoys):
    server = EmbeddedServer(fresh_folder)
    for process in decoys.values():
        server._terminate(process.pid)
        assert not server._signal(process.pid, 15)
    for pid in (-1, 0, 1, 99999999999):
        assert not server._signal(pid, 15)
    _all_alive(decoys)


def test_the_pid_file_is_read_as_plain_digits_only(fresh_folder):
    server = EmbeddedServer(fresh_folder)
    server.prepare_folder()
    for text, pid in [("123\n", 123), ("123", 123), ("0", 0), ("-1", None), ("+5", None),
                      (" 12 ", None), ("12\n\n", None), ("١٢", None), ("", None),
                      ("garbage", None), ("1e3", None)]:
        server.pid_file.write_text(text)
        assert server.pid() == pid, text


def test_db_stop_stops_a_real_server_whose_identity_is_proven(fresh_folder, tmp_path):
    assert _invoke(fresh_folder, "db", "start").exit_code == 0
    server = EmbeddedServer(fresh_folder)
    pid = server.pid()
    assert pid is not None and _our_server(pid, server.socket)
    assert not _our_server(pid, tmp_path / "other" / "falkordb.sock"), "another folder's socket"
    assert "stopped the server" in _invoke(fresh_folder, "db", "stop").output
    assert _gone(pid) and not server.is_running()


def test_a_server_run_by_another_user_is_not_ours(fresh_folder, monkeypatch):
    with EmbeddedServer(fresh_folder).start_lock():
        EmbeddedServer(fresh_folder).start()
    server = EmbeddedServer(fresh_folder)
    pid = server.pid()
    assert _our_server(pid, server.socket)
    monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 4242)
    assert not _our_server(pid, server.socket)


def test_a_server_that_does_not_answer_is_signalled_once_proven_ours(fresh_folder):
    """The one case that signals: its socket file is gone, so the next start stops it."""
    server = EmbeddedServer(fresh_folder)
    with server.start_lock():
        server.start()
    pid = server.pid()
    assert pid is not None
    server.socket.unlink()  # the process runs on, unreachable
    assert _our_server(pid, server.socket)
    with server.start_lock():
        notice = server.start()
    assert notice and f"(pid {pid}) did not answer and was stopped" in notice
    assert _gone(pid)
    assert server.pid() != pid and server.state() == "ready"


def test_the_real_command_line_with_a_pid_file_of_minus_one(fresh_folder, decoys):
    server = EmbeddedServer(fresh_folder)
    server.prepare_folder()
    for command in (["db", "stop"], ["db", "status"], ["graphs"], ["db", "start"], ["db", "stop"]):
        server.pid_file.write_text("-1")
        done = subprocess.run([sys.executable, "-m", "graphmodel", "--db", str(fresh_folder),
                               *command], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        _all_alive(decoys)
    assert not server.is_running()
