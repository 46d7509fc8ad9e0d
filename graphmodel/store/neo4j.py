"""The Neo4j store: the official driver over Bolt (``neo4j://`` routing for clusters and Aura).

Credentials come from NEO4J_USERNAME / NEO4J_PASSWORD, the database from ``--graph`` (the
server's default database when not given). Reads run with READ routing, which the server
also enforces as read-only; every value travels as a parameter of ``driver.execute_query``.

>>> with Neo4jStore.open("neo4j://localhost:7687", None) as store:   # doctest: +SKIP
...     store.counts().nodes
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graphmodel import cypherlib
from graphmodel.errors import WRITE_REFUSED, QueryError, StoreError, UsageError
from graphmodel.store.base import (
    GraphNode,
    GraphPath,
    GraphRelationship,
    GraphStore,
    QueryResult,
)

SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")
DELETE_BATCH = 10_000


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

    @classmethod
    def open(cls, uri: str, database: str | None) -> Neo4jStore:
        import neo4j
        from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable

        user = os.environ.get("NEO4J_USERNAME", "neo4j")
        password = os.environ.get("NEO4J_PASSWORD")
        auth = (user, password) if password is not None else None
        try:
            driver = neo4j.GraphDatabase.driver(uri, auth=auth)
        except (ConfigurationError, ValueError) as error:
            raise UsageError(f"--db {uri}: {_clean(error, password)}") from None
        try:
            driver.verify_connectivity()
        except AuthError:
            driver.close()
            given = "the credentials of user " + repr(user) if password is not None else \
                "the connection without a password (NEO4J_PASSWORD is not set)"
            raise StoreError(f"Neo4j at {uri} refused {given}; set NEO4J_USERNAME and "
                             "NEO4J_PASSWORD") from None
        except (ServiceUnavailable, ConfigurationError, OSError, ValueError) as error:
            driver.close()
            raise StoreError(f"cannot reach Neo4j at {uri}: {_clean(error, password)}") from None
        return cls(driver, uri, database)

    def describe(self) -> str:
        return f"Neo4j at {self.uri}, database {self._database or '(default)'}"

    def run(self, statement: str, params: dict[str, Any] | None = None, *,
            write: bool = False) -> QueryResult:
        import neo4j

        routing = neo4j.RoutingControl.WRITE if write else neo4j.RoutingControl.READ
        with self._errors():
            records, summary, keys = self._driver.execute_query(
                statement, params or {}, routing_=routing, database_=self._database)
        return _result(list(keys), records, summary)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver errors as graphmodel errors, with the password never shown."""
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            yield
        except Neo4jError as error:
            message = error.message or str(error)
            if "AccessMode" in (error.code or "") or "read access mode" in message:
                message = WRITE_REFUSED
            raise QueryError(_clean(message, os.environ.get("NEO4J_PASSWORD"))) from None
        except (DriverError, OSError) as error:
            raise StoreError(f"lost the connection to Neo4j at {self.uri}: "
                             f"{_clean(error, os.environ.get('NEO4J_PASSWORD'))}") from None

    def create_schema(self) -> None:
        for statement in cypherlib.read("schema/neo4j.cypher").statements():
            self.run(statement, write=True)

    def delete_graph(self) -> None:
        statement = cypherlib.read("stats/delete_batch.cypher").statements()[0]
        while self.run(statement, {"limit": DELETE_BATCH}, write=True).rows[0][0]:
            pass

    @contextmanager
    def replacing(self) -> Iterator[GraphStore]:
        """Delete the old graph and load the new one in one transaction (atomic).

        Readers see the old graph until the commit; a failed load rolls everything back.
        The server holds the whole change in memory until then, so a very large replace
        needs a Neo4j heap to match (or a plain load into an emptied database).
        """
        self.create_schema()  # schema changes cannot share a transaction with data
        # the session shares execute_query's bookmarks, so the counts read right after the
        # commit (routed to any cluster member) already see it
        with self._errors(), self._driver.session(
                database=self._database,
                bookmark_manager=self._driver.execute_query_bookmark_manager) as session:
            transaction = session.begin_transaction()
            try:
                staged = _TransactionStore(self, transaction)
                staged.delete_graph()
                yield staged
                transaction.commit()
            finally:
                if not transaction.closed():
                    transaction.rollback()

    def close(self) -> None:
        self._driver.close()


class _TransactionStore(Neo4jStore):
    """The store seen from inside one open transaction (see Neo4jStore.replacing)."""

    def __init__(self, outer: Neo4jStore, transaction: Any):
        super().__init__(outer._driver, outer.uri, outer._database)
        self._transaction = transaction

    def run(self, statement: str, params: dict[str, Any] | None = None, *,
            write: bool = False) -> QueryResult:
        with self._errors():
            result = self._transaction.run(statement, params or {})
            records = list(result)
            return _result(list(result.keys()), records, result.consume())

    def create_schema(self) -> None:
        """Done by the outer store before the transaction began."""

    def close(self) -> None:
        """The outer store owns the driver."""


def _result(keys: list[str], records: list[Any], summary: Any) -> QueryResult:
    rows = [[_plain(record[key]) for key in keys] for record in records]
    counters = summary.counters
    stats = {key: getattr(counters, key) for key in (
        "nodes_created", "nodes_deleted", "relationships_created",
        "relationships_deleted", "properties_set") if getattr(counters, key)}
    return QueryResult(keys, rows, stats)


def _clean(error: BaseException | str, secret: str | None) -> str:
    """An error message with the password blanked out, whatever the driver put in it."""
    text = str(error)
    return text.replace(secret, "***") if secret else text


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
