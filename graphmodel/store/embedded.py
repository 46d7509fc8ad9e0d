"""The embedded store: a graph in the FalkorDB server of a data folder (graphmodel/store/
server.py runs the server; graphmodel/store/replies.py reads its replies).

Every command using the server holds ``.users.lock`` shared; when the last one ends (it can
take the lock exclusively), a server it started is shut down, unless ``db start`` keeps it.

>>> with EmbeddedStore.open("/tmp/gm-doc", "demo") as store:   # doctest: +SKIP
...     store.counts().nodes
0
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import time
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from graphmodel import cypherlib, schema
from graphmodel.errors import WRITE_REFUSED, QueryError, StoreError, UsageError, timed_out
from graphmodel.i18n import Text
from graphmodel.store import bulk
from graphmodel.store.base import (
    GraphCounts,
    GraphStore,
    NodeRows,
    QueryResult,
    RelationshipColumns,
)
from graphmodel.store.replies import (
    COMPACT_INTEGER,
    compact_scalar,
    engine_message,
    integer_column,
    plain,
)
from graphmodel.store.server import (
    AUTO_REWRITE_PERCENTAGE,
    KEEP_NAME,
    LOAD_TIMEOUT,
    LOG_NAME,
    STAGING,
    EmbeddedServer,
    pauses,
    wait_for_rewrite,
)

if TYPE_CHECKING:
    from graphmodel.store.columns import ColumnReads

LOG = logging.getLogger("graphmodel")

EMPTY_GRAPH = "~empty"  # stands in for graphs that do not exist yet (see run)
#: seconds past a query's time limit after which the client gives up waiting for the server
TIMEOUT_GRACE = 5.0
#: nodes per part in read_node_parts: a part's reply is held whole in memory (the reload's
#: read of 1M nodes in one reply peaked at 4.2 GiB), and each part costs a little (at 1M,
#: 3 columns: 3.1 s in parts of 100,000, 2.4-2.5 s in parts of 300,000 or in one reply)
NODE_PART = 300_000


def _refused(message: str, folder: Path) -> StoreError:
    """The server's refusal of a statement as graphmodel's error: a server that can no
    longer write its files (a full disk) said plainly, anything else as the engine says it."""
    if message.startswith("MISCONF") or "No space left" in message:
        return StoreError(Text("the server could not write the graph's files in {folder} "
                               "({said}): this write was not kept and the graph is as it was; "
                               "free disk space there and run the command again",
                               folder=str(folder), said=message.split(": ")[-1]))
    return QueryError(engine_message(message))


def _lost(socket: Path, error: Exception) -> Text:
    return Text("lost the connection to the embedded server at {socket}: {error}",
                socket=str(socket), error=str(error))


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
            server.start()
            notices.extend(server.started_notices)
            users = open(server.folder / ".users.lock", "a")  # noqa: SIM115 - held until close
            fcntl.flock(users, fcntl.LOCK_SH)
        return cls(server, graph, users, notices)

    def describe(self) -> str:
        return Text("{location}, graph {graph!r}", location=self.location(), graph=self.graph)

    def location(self) -> str:
        return Text("embedded FalkorDB at {folder}", folder=str(self.server.folder))

    def private_folder(self) -> Path:
        return self.server.folder

    def columns(self) -> ColumnReads:
        from graphmodel.store.columns import ColumnReads

        return ColumnReads(self)

    def counts(self) -> GraphCounts:
        """As GraphStore.counts; the relationships per type from the engine's own counts."""
        labels = self.run(cypherlib.read("stats/labels.cypher").statements()[0])
        [[kept]] = self.run(
            cypherlib.read("stats/falkordb/relationship-counts.cypher").statements()[0]).rows
        return GraphCounts({str(k): int(v) for k, v in labels.rows},
                           {str(k): int(v) for k, v in sorted(kept.items()) if v})

    # -- queries -------------------------------------------------------------------------

    def run(self, statement: str, params: dict[str, Any] | None = None, *,
            write: bool = False, timeout: float | None = None) -> QueryResult:
        """As GraphStore.run. With a ``timeout`` the statement goes with the server's TIMEOUT
        argument, which FalkorDB enforces on reads (a write runs to its end), over a
        connection of its own that gives up TIMEOUT_GRACE seconds later (a read the server
        cannot interrupt, such as building a huge list, or a write)."""
        from redis.exceptions import RedisError, ResponseError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        db, graph = self._db, self._graph
        if timeout is not None:
            db = self.server.client(timeout=timeout + TIMEOUT_GRACE)
            graph = db.select_graph(self.graph)
        milliseconds = None if timeout is None else max(1, round(timeout * 1000))
        try:
            if write:
                result = graph.query(statement, params, timeout=milliseconds)
            else:
                result = self._read(statement, params, graph, milliseconds)
        except ResponseError as error:
            message = str(error)
            if "read-only" in message:
                message = WRITE_REFUSED
            elif message == "Query timed out" and timeout is not None:
                message = timed_out(timeout)
            raise _refused(message, self.server.folder) from None
        except RedisTimeoutError:
            if timeout is None:
                raise StoreError(Text("the embedded server at {socket} did not answer in time",
                                      socket=str(self.server.socket))) from None
            raise QueryError(timed_out(timeout, write)) from None
        except (RedisError, OSError) as error:
            raise StoreError(_lost(self.server.socket, error)) from None
        except (ValueError, TypeError) as error:  # a parameter the engine cannot take
            raise UsageError(Text("query parameters: {error}", error=str(error))) from None
        finally:
            if db is not self._db:
                with suppress(Exception):
                    db.connection.close()
        columns = [str(h[1]) for h in (result.header or [])]
        rows = [[plain(value) for value in row] for row in (result.result_set or [])]
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
            raise _refused(str(error), self.server.folder) from None
        except (RedisError, OSError) as error:
            raise StoreError(_lost(self.server.socket, error)) from None

    def read_table(self, statement: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Scalars only, parsed straight from the compact reply (3-4x faster than run)."""
        reply = self._read_reply(statement, params, "--compact")
        if reply is None:
            return self.run(statement, params)
        header, rows = reply
        columns = [str(name) for _, name in header]
        table = [[value if kind <= COMPACT_INTEGER else compact_scalar(kind, value)
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
        return [{column: integer_column(value, column) if column in arrays else value
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

    def _read(self, statement: str, params: dict[str, Any] | None, graph: Any = None,
              timeout: int | None = None) -> Any:
        from redis.exceptions import ResponseError

        graph = self._graph if graph is None else graph
        try:
            return graph.ro_query(statement, params, timeout=timeout)
        except ResponseError as error:
            if "different graph value" in str(error):
                # a `load --replace` swapped the graph in while this read was queued: read
                # again from the new graph
                return graph.ro_query(statement, params, timeout=timeout)
            if "empty key" not in str(error):
                raise
            # The graph does not exist yet. Answer from an always-empty graph so the result
            # still has its columns (and syntax errors still show).
            return self._empty_graph().ro_query(statement, params, timeout=timeout)

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
        for pause in pauses():
            states = [row[-1] for row in self.run("CALL db.constraints() YIELD status "
                                                  "RETURN status").rows]
            states += [row[-1] for row in self.run("CALL db.indexes() YIELD status "
                                                   "RETURN status").rows]
            if all(state == "OPERATIONAL" for state in states):
                return
            if any(state == "FAILED" for state in states):
                raise StoreError(Text("building the id indexes of graph {graph!r} failed: see "
                                      "{log}", graph=self.graph,
                                      log=str(self.server.folder / LOG_NAME)))
            if time.monotonic() > deadline:
                raise StoreError(Text("the id indexes of graph {graph!r} were not built within "
                                      "{seconds:.0f} s", graph=self.graph, seconds=seconds))
            time.sleep(pause)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """An exclusive lock per graph, so that two loads (or writing queries) of one graph run
        one after another, and never during a read of several statements."""
        with self._graph_lock(fcntl.LOCK_EX, Text("another command is reading or writing "
                                                  "graph {graph!r}; waiting for it to finish",
                                                  graph=self.graph)):
            self._clear_stale_staging()
            yield

    def _clear_stale_staging(self) -> None:
        """Delete staging graphs of this graph that a --replace killed mid-load left behind.

        Only a holder of this graph's write lock (as the caller now is) writes them, so any
        found now belongs to a process that is gone.
        """
        prefix = f"{self.graph}{STAGING}"
        for name in sorted(self._graph_keys()):
            if name.startswith(prefix):
                EmbeddedStore(self.server, name, None, self.notices).delete_graph()
                self.notices.append(Text("removed the staging graph {names} of a load that "
                                         "was stopped before it finished", names=repr(name)))

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A shared hold on the graph's write lock, so a read of several statements never
        mixes two versions of the graph (a load or --replace waits for it, and it for them)."""
        with self._graph_lock(fcntl.LOCK_SH, Text("graph {graph!r} is being written; waiting "
                                                  "for that to finish", graph=self.graph)):
            yield

    @contextmanager
    def _graph_lock(self, kind: int, waiting: Text) -> Iterator[None]:
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
        with self._forking():
            try:
                connection.execute_command("BGREWRITEAOF")
            except ResponseError as error:
                if "already in progress" not in str(error):
                    raise StoreError(Text("could not compact the append-only file: {error}",
                                          error=str(error))) from None
            wait_for_rewrite(connection)

    @contextmanager
    def _forking(self) -> Iterator[None]:
        """One at a time, server-wide, and never during an append-only-file rewrite: the
        commands the server runs in a forked child (GRAPH.COPY, BGREWRITEAOF). Measured: a
        GRAPH.COPY sent while a rewrite runs never returns, and the server answers nothing
        more (FalkorDB 4.x; the rewrite waits for the graphs to be idle, the copy for the
        rewrite). The lock is the server folder's ``.fork.lock``, held by whoever starts
        either; an automatic rewrite begun before is waited for."""
        with open(self.server.folder / ".fork.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                wait_for_rewrite(self._db.connection)
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def delete_graph(self) -> None:
        if self.graph in self._graph_keys():
            self._graph.delete()

    @contextmanager
    def replacing(self) -> Iterator[GraphStore]:
        """Load into a private staging graph, then rename it over this one (atomic)."""
        with self._staged(copy=False) as staging:
            yield staging

    @contextmanager
    def atomic(self) -> Iterator[GraphStore]:
        """A copy of this graph (GRAPH.COPY, indexes and constraints included) to merge into,
        renamed over this one when the block ends without an error: a merge that fails part
        way, or is killed, leaves the graph as it was. Call it under :meth:`writing`."""
        with self._staged(copy=True) as staging:
            yield staging

    @contextmanager
    def _staged(self, *, copy: bool) -> Iterator[EmbeddedStore]:
        """A private staging graph (empty, or a ``copy`` of this one) that replaces this graph
        in one RENAME on success and is deleted on failure. One a killed process leaves is
        deleted by the next writer of this graph (:meth:`writing`) or the next server start."""
        staging_name = f"{self.graph}{STAGING}{os.getpid()}"
        staging = EmbeddedStore(self.server, staging_name, None, self.notices)
        staging.delete_graph()
        try:
            if copy and self.graph in self._graph_keys():
                with self._forking():
                    self._command("GRAPH.COPY", self.graph, staging_name)
            yield staging
            if staging_name in self._graph_keys():  # (a load of nothing makes no graph)
                self._command("RENAME", staging_name, self.graph)
        except BaseException:
            with suppress(Exception):  # (the server may be gone: its next start clears it)
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
