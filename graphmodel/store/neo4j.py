"""The Neo4j store: the official driver over Bolt (``neo4j://`` routing for clusters and Aura).

Credentials come from NEO4J_USERNAME / NEO4J_PASSWORD, the database from ``--graph`` (the
server's default database when not given). Reads run with READ routing, which the server
also enforces as read-only; every value travels as a parameter of ``driver.execute_query``.

>>> with Neo4jStore.open("neo4j://localhost:7687", None) as store:   # doctest: +SKIP
...     store.counts().nodes
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from graphmodel import cypherlib, schema
from graphmodel.errors import WRITE_REFUSED, QueryError, StoreError, UsageError, timed_out
from graphmodel.i18n import Text
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
    from graphmodel.store.gds import GraphDataScience

SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")
DELETE_BATCH = 10_000
#: the columns of each statement read_table has run, as EXPLAIN gave them (per process)
_KNOWN_COLUMNS: dict[str, list[str]] = {}
Progress = Callable[[int], None] | None


def is_neo4j_uri(db: str | os.PathLike[str] | None) -> bool:
    """Whether --db names a Neo4j server rather than an embedded data folder.

    >>> is_neo4j_uri("neo4j+s://x.databases.neo4j.io"), is_neo4j_uri("/data/graphmodel")
    (True, False)
    """
    return isinstance(db, str) and db.lower().startswith(SCHEMES)


class Neo4jStore(GraphStore):
    """A database on a Neo4j 5 server or cluster."""

    engine = "neo4j"

    def __init__(self, driver: Any, uri: str, database: str | None):
        self._driver = driver
        self.uri = uri
        self.graph = database or ""
        self._database = database
        self.notices = []
        self._server_version: tuple[int, int] | None = None
        self._algorithms: GraphDataScience | bool | None = False  # False: not asked yet
        self._secrets: list[str] = []  # blanked out of every message (see _clean)

    @classmethod
    def open(cls, uri: str, database: str | None) -> Neo4jStore:
        import neo4j
        from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable

        given_uri = uri
        uri, user, password = split_credentials(uri)
        user = user or os.environ.get("NEO4J_USERNAME", "neo4j")
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        auth = (user, password) if password is not None else None
        secrets = [secret for secret in (password, given_uri) if secret and secret != uri]
        try:
            # the server's notifications (deprecations, hints) are not for graphmodel's users
            driver = neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        except (ConfigurationError, ValueError) as error:
            raise UsageError(Text("--db {uri}: {error}", uri=uri,
                                  error=_clean(error, *secrets))) from None
        try:
            driver.verify_connectivity()
        except AuthError:
            driver.close()
            given = (Text("the credentials of user {user!r}", user=user)
                     if password is not None else
                     Text("the connection without a password (NEO4J_PASSWORD is not set)"))
            raise StoreError(Text("Neo4j at {uri} refused {given}; set NEO4J_USERNAME and "
                                  "NEO4J_PASSWORD", uri=uri, given=given)) from None
        except (ServiceUnavailable, ConfigurationError, OSError, ValueError) as error:
            driver.close()
            raise StoreError(Text("cannot reach Neo4j at {uri}: {error}", uri=uri,
                                  error=_clean(error, *secrets))) from None
        store = cls(driver, uri, database)
        store._secrets = secrets
        return store

    def describe(self) -> str:
        if self._database is None:
            return Text("{location}, database (default)", location=self.location())
        return Text("{location}, database {database}", location=self.location(),
                    database=self._database)

    def location(self) -> str:
        return Text("Neo4j at {uri}", uri=self.uri)

    def run(self, statement: str, params: dict[str, Any] | None = None, *,
            write: bool = False, plain: bool = True,
            timeout: float | None = None) -> QueryResult:
        """Run one statement; ``plain=False`` leaves values as the driver gives them (lists,
        numbers, text: what read_table reads).

        Reads run as READ transactions (the server refuses writes in them). Writes run as
        auto-commit transactions: a user's ``CALL {...} IN TRANSACTIONS`` (a big delete, say)
        runs only in those, and a write is never retried behind the user's back. A
        ``timeout`` is the transaction's, which the server enforces (it ends the work).
        """
        import neo4j

        query = statement if timeout is None else neo4j.Query(statement, timeout=timeout)
        with self._errors(timeout):
            if not write:
                records, summary, keys = self._driver.execute_query(
                    query, params or {}, routing_=neo4j.RoutingControl.READ,
                    database_=self._database)
                return _result(list(keys), records, summary, plain)
            with self._driver.session(
                    database=self._database,
                    bookmark_manager=self._driver.execute_query_bookmark_manager) as session:
                result = session.run(query, params or {})
                records = list(result)
                return _result(list(result.keys()), records, result.consume(), plain)

    def read_table(self, statement: str, params: dict[str, Any] | None = None) -> QueryResult:
        """A read of scalars, its rows collected into one list by the server.

        The driver spends ~15 us on each record it receives: 357,504 relationship rows took
        5.2 s as records and 0.57 s as one collected list (Neo4j 5.26, 100k organizations).
        The statement's columns come from EXPLAIN, which runs nothing.
        """
        columns = self._columns(statement)
        if not columns:
            return self.run(statement, params)
        listed = ", ".join("`" + column.replace("`", "``") + "`" for column in columns)
        # Neo4j 5.23+ wants the subquery's (empty) scope said; older 5.x do not know `CALL ()`
        call = "CALL ()" if self._version() >= (5, 23) else "CALL"
        collected = self.run(f"{call} {{\n{statement}\n}}\nRETURN collect([{listed}]) AS rows",
                             params, plain=False)
        return QueryResult(columns, collected.rows[0][0] if collected.rows else [])

    def graph_algorithms(self) -> GraphDataScience | None:
        """GDS when the server has it (asked once per store)."""
        if self._algorithms is False:
            from graphmodel.store.gds import GraphDataScience

            self._algorithms = GraphDataScience.detect(self)
        return self._algorithms

    def _columns(self, statement: str) -> list[str]:
        if statement not in _KNOWN_COLUMNS:
            _KNOWN_COLUMNS[statement] = self.run("EXPLAIN " + statement, plain=False).columns
        return _KNOWN_COLUMNS[statement]

    def _version(self) -> tuple[int, int]:
        """The server's (major, minor) version, asked once."""
        if self._server_version is None:
            found = self.run("CALL dbms.components() YIELD name, versions "
                             "WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version")
            text = str(found.rows[0][0]) if found.rows else "5.0"
            numbers = [int(part) for part in text.split(".")[:2] if part.isdigit()]
            major, minor, *_ = [*numbers, 0, 0]
            self._server_version = major, minor
        return self._server_version

    @contextmanager
    def _errors(self, timeout: float | None = None) -> Iterator[None]:
        """Driver errors as graphmodel errors, with the password never shown."""
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            yield
        except Neo4jError as error:
            message = error.message or str(error)
            if "AccessMode" in (error.code or "") or "read access mode" in message:
                raise QueryError(WRITE_REFUSED) from None
            if timeout is not None and "TransactionTimedOut" in (error.code or ""):
                raise QueryError(timed_out(timeout)) from None
            raise QueryError(_clean(message, *self._secrets,
                                    os.environ.get("NEO4J_PASSWORD"))) from None
        except (DriverError, OSError) as error:
            raise StoreError(Text("lost the connection to Neo4j at {uri}: {error}", uri=self.uri,
                                  error=_clean(error, *self._secrets,
                                               os.environ.get("NEO4J_PASSWORD")))) from None

    def graphs(self) -> list[str]:
        """The server's databases, the system database left out."""
        import neo4j

        with self._errors():
            records, _, _ = self._driver.execute_query(
                "SHOW DATABASES YIELD name, type WHERE type <> 'system' RETURN DISTINCT name",
                database_="system", routing_=neo4j.RoutingControl.READ)
        return sorted(record["name"] for record in records)

    def exists(self) -> bool:
        """The default database always exists; another one when the server lists it."""
        return self._database is None or self._database in self.graphs()

    def create_schema(self) -> None:
        for statement in cypherlib.read("schema/neo4j.cypher").statements():
            self.run(statement, write=True)

    def delete_graph(self) -> None:
        statement = cypherlib.read("stats/delete_batch.cypher").statements()[0]
        while self.run(statement, {"limit": DELETE_BATCH}, write=True).rows[0][0]:
            pass

    @contextmanager
    def replacing(self) -> Iterator[GraphStore]:
        """A store whose whole-graph write (:meth:`create_graph`) replaces the old graph, in
        one transaction (atomic).

        Readers see the old graph until the commit; a failed load rolls everything back.
        The server holds the whole change in memory until then, so a very large replace
        needs a Neo4j heap to match.
        """
        with self.atomic() as staged:
            yield staged

    @contextmanager
    def atomic(self) -> Iterator[GraphStore]:
        """A store whose statements all run in one transaction, committed when the block ends
        without an error and rolled back otherwise.

        The id constraints are made first (a schema change cannot share a transaction with
        data): without their indexes every MERGE on id scans its label.
        """
        self.create_schema()
        # the session shares execute_query's bookmarks, so the counts read right after the
        # commit (routed to any cluster member) already see it
        with self._errors(), self._driver.session(
                database=self._database,
                bookmark_manager=self._driver.execute_query_bookmark_manager) as session:
            transaction = session.begin_transaction()
            try:
                yield _TransactionStore(self, transaction)
                transaction.commit()
            finally:
                if not transaction.closed():
                    transaction.rollback()

    def can_create_graph(self) -> bool:
        """A whole-graph write builds a new graph when the database holds no node."""
        return not self.run("MATCH (n) RETURN 1 AS found LIMIT 1").rows

    def create_graph(self, nodes: NodeRows, relationships: RelationshipColumns, *,
                     progress: Progress = None,
                     stage: Callable[[str], None] | None = None) -> bool:
        """Write the whole graph in one transaction (see :meth:`_TransactionStore.create_graph`)."""
        with self.atomic() as target:
            target.create_graph(nodes, relationships, progress=progress, stage=stage)
        return True

    def close(self) -> None:
        self._driver.close()


class _TransactionStore(Neo4jStore):
    """The store seen from inside one open transaction (see Neo4jStore.replacing)."""

    def __init__(self, outer: Neo4jStore, transaction: Any):
        super().__init__(outer._driver, outer.uri, outer._database)
        self._transaction = transaction
        self._server_version = outer._server_version

    def run(self, statement: str, params: dict[str, Any] | None = None, *,
            write: bool = False, plain: bool = True,
            timeout: float | None = None) -> QueryResult:
        with self._errors():
            result = self._transaction.run(statement, params or {})
            records = list(result)
            return _result(list(result.keys()), records, result.consume(), plain)

    def create_schema(self) -> None:
        """Done by the outer store before the transaction began."""

    def can_create_graph(self) -> bool:
        return True

    def create_graph(self, nodes: NodeRows, relationships: RelationshipColumns, *,
                     progress: Progress = None,
                     stage: Callable[[str], None] | None = None) -> bool:
        """Make the graph in this transaction exactly ``nodes`` and ``relationships``.

        Every relationship goes, and every node but those the new graph has again (same
        label, same id), which are updated in place: see cypher/load/clear.cypher for why.
        Nodes are merged on id, relationships created, BATCH_SIZE rows per statement.
        """
        clear = cypherlib.read("load/clear.cypher").statements()
        self.run(clear[0], write=True)
        self.run(clear[1], {"labels": sorted(schema.TYPE_OF_LABEL)}, write=True)
        for label in sorted(schema.TYPE_OF_LABEL):
            ids = [row["id"] for row in nodes.get(label, ())]
            self.run(cypherlib.fill(clear[2], label=label), {"ids": ids}, write=True)
        ends: list[tuple[str, str]] = []  # (label, id) of each node position
        for label, rows in nodes.items():
            statement = cypherlib.load_statement(label).statements()[0]
            ends.extend((label, row["id"]) for row in rows)
            self.write_rows(statement, [{"id": row["id"], "properties": row} for row in rows],
                             progress)
        if stage:
            stage("relationships")
        template = cypherlib.read("load/create-relationships.cypher").text
        for rel_type, (sources, targets, properties) in relationships.items():
            grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for source, target, values in zip(sources.tolist(), targets.tolist(), properties,
                                              strict=True):
                (a, a_id), (b, b_id) = ends[source], ends[target]
                grouped.setdefault((a, b), []).append(
                    {"source": a_id, "target": b_id, "properties": values})
            for (a, b), rows in sorted(grouped.items()):
                self.write_rows(cypherlib.fill(template, source=a, type=rel_type, target=b),
                                 rows, progress)
        return True

    def close(self) -> None:
        """The outer store owns the driver."""


def _result(keys: list[str], records: list[Any], summary: Any, plain: bool = True
            ) -> QueryResult:
    rows = ([[_plain(record[key]) for key in keys] for record in records] if plain
            else [list(record.values()) for record in records])
    counters = summary.counters
    stats = {key: getattr(counters, key) for key in (
        "nodes_created", "nodes_deleted", "relationships_created",
        "relationships_deleted", "properties_set") if getattr(counters, key)}
    return QueryResult(keys, rows, stats)


def split_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """A URI without its ``user:password@`` part, and that user and password (or None).

    The driver refuses credentials in a bolt:// URI, and its message would repeat them:
    they are taken out and used as the login instead.

    >>> split_credentials("neo4j+s://ana:s3cr%40t@db.example.org:7687")
    ('neo4j+s://db.example.org:7687', 'ana', 's3cr@t')
    >>> split_credentials("bolt://localhost:7687")
    ('bolt://localhost:7687', None, None)
    """
    from urllib.parse import unquote

    scheme, separator, rest = uri.partition("://")
    authority, slash, path = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if not separator or not at:
        return uri, None, None
    user, colon, password = userinfo.partition(":")
    return (f"{scheme}://{host}{slash}{path}", unquote(user) or None,
            unquote(password) if colon else None)


def _clean(error: BaseException | str, *secrets: str | None) -> str:
    """An error message with the password (or a URI holding it) blanked out, whatever the
    driver put in it."""
    text = str(error)
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _plain(value: Any) -> Any:
    """Driver values -> plain Python and the Graph* classes of store.base."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return GraphNode(tuple(sorted(value.labels)), {k: _plain(v) for k, v in value.items()})
    if isinstance(value, Relationship):
        return GraphRelationship(value.type, {k: _plain(v) for k, v in value.items()})
    if isinstance(value, Path):
        return GraphPath(tuple(_plain(n) for n in value.nodes),
                         tuple(_plain(r) for r in value.relationships))
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value
