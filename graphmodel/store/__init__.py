"""Graph stores: one interface (GraphStore), two engines (embedded FalkorDB, Neo4j).

>>> with open_store("/tmp/gm-doc", "demo") as store:     # doctest: +SKIP
...     print(store.describe())
embedded FalkorDB at /tmp/gm-doc, graph 'demo'
"""

from __future__ import annotations

from os import PathLike

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
    "open_store",
]


def open_store(db: str | PathLike[str] | None = None, graph: str | None = None) -> GraphStore:
    """Open the store --db names: a neo4j:// or bolt:// URI, else an embedded data folder.

    ``graph`` is the graph name (embedded) or database (Neo4j); None means the default.
    """
    import os

    from graphmodel.store.neo4j import is_neo4j_uri

    db = db or os.environ.get("GRAPHMODEL_DB") or None  # (a Neo4j URI there too)
    if is_neo4j_uri(db):
        from graphmodel.store.neo4j import Neo4jStore

        return Neo4jStore.open(str(db), graph)
    from graphmodel.errors import UsageError
    from graphmodel.store.embedded import EmbeddedStore, default_folder

    if graph is not None and (not graph.strip() or "~" in graph):
        raise UsageError(f"--graph {graph!r}: a graph name must not be empty or contain '~' "
                         "(graphmodel's own staging graphs use it)")
    return EmbeddedStore.open(db or default_folder(), graph or DEFAULT_GRAPH)
