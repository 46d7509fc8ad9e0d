"""Graph stores: one interface (GraphStore), two engines (embedded FalkorDB, Neo4j).

>>> with open_store("/tmp/gm-doc", "demo") as store:     # doctest: +SKIP
...     print(store.describe())
embedded FalkorDB at /tmp/gm-doc, graph 'demo'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from graphmodel.results import Report, Table
from graphmodel.store.base import (
    GraphCounts,
    GraphNode,
    GraphPath,
    GraphRelationship,
    GraphStore,
    QueryResult,
)

DEFAULT_GRAPH = "graphmodel"

__all__ = [
    "DEFAULT_GRAPH",
    "GraphCounts",
    "GraphNode",
    "GraphPath",
    "GraphRelationship",
    "GraphStore",
    "QueryResult",
    "ServerStatus",
    "data_folder",
    "open_store",
    "server_status",
    "start_server",
    "stop_server",
]


def open_store(db: str | PathLike[str] | None = None, graph: str | None = None) -> GraphStore:
    """Open the store --db names: a neo4j:// or bolt:// URI, else an embedded data folder.

    ``graph`` is the graph name (embedded) or database (Neo4j); None means the default.
    """
    folder = data_folder(db)
    if folder is None:
        from graphmodel.store.neo4j import Neo4jStore

        return Neo4jStore.open(str(_given(db)), graph)
    from graphmodel.errors import UsageError
    from graphmodel.i18n import Text
    from graphmodel.store.embedded import EmbeddedStore

    if graph is not None and (not graph.strip() or "~" in graph):
        raise UsageError(Text("--graph {graph!r}: a graph name must not be empty or contain "
                              "'~' (graphmodel's own staging graphs use it)", graph=graph))
    return EmbeddedStore.open(folder, graph or DEFAULT_GRAPH)


@dataclass
class ServerStatus(Report):
    """Whether the embedded server of a data folder runs, and where (``db status``)."""

    folder: str
    socket: str
    running: bool
    pid: int | None
    kept: bool  # started by ``db start``: it outlives the commands that use it
    #: what the user should know of how it was started (a recovered folder ...)
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "socket": self.socket, "running": self.running,
                "pid": self.pid, "kept": self.kept}

    def tables(self) -> list[Table]:
        return [Table(["key", "value"], [[k, v] for k, v in self.to_dict().items()])]


def start_server(db: str | PathLike[str] | None = None) -> ServerStatus:
    """Start the embedded server of a data folder and keep it up after commands end, until
    :func:`stop_server` (``graphmodel db start``)."""
    server = _embedded_server(db)
    with server.start_lock():
        server.start()
        server.keep()
    status = server_status(db)
    status.notices += server.started_notices
    return status


def stop_server(db: str | PathLike[str] | None = None) -> bool:
    """Stop the embedded server of a data folder cleanly (its data stays); False if none ran."""
    server = _embedded_server(db)
    with server.start_lock():
        server.keep(False)
        return server.stop()


def server_status(db: str | PathLike[str] | None = None) -> ServerStatus:
    """Whether the embedded server of a data folder runs, its pid and socket."""
    return ServerStatus(**_embedded_server(db).status())


def _embedded_server(db: str | PathLike[str] | None) -> Any:
    from graphmodel.errors import UsageError
    from graphmodel.i18n import Text
    from graphmodel.store.server import EmbeddedServer

    folder = data_folder(db)
    if folder is None:
        raise UsageError(Text("db start/stop/status manage the embedded server only; a Neo4j "
                              "server is managed with Neo4j's own tools"))
    return EmbeddedServer(folder)


def _given(db: str | PathLike[str] | None) -> str | PathLike[str] | None:
    """What --db names: the option, else $GRAPHMODEL_DB (a Neo4j URI there too), else None."""
    import os

    return db or os.environ.get("GRAPHMODEL_DB") or None


def data_folder(db: str | PathLike[str] | None) -> Any:
    """The embedded data folder --db names (a Path), or None when it names a Neo4j server."""
    from pathlib import Path

    from graphmodel.store.neo4j import is_neo4j_uri
    from graphmodel.store.server import default_folder

    given = _given(db)
    if is_neo4j_uri(given):
        return None
    return Path(given or default_folder()).expanduser().resolve()
