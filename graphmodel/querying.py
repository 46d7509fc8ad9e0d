"""Run Cypher against a store: user queries, their parameters, and the graph's counts.

>>> parse_param("limit=5"), parse_param("name=長安福特"), parse_param('ids=["a","b"]')
(('limit', 5), ('name', '長安福特'), ('ids', ['a', 'b']))
"""

from __future__ import annotations

import json
from typing import Any

from graphmodel.errors import UsageError
from graphmodel.store.base import GraphCounts, GraphStore, QueryResult


def parse_param(text: str) -> tuple[str, Any]:
    """``name=value``: the value is read as JSON when it is JSON (numbers, lists, maps,
    true/false/null, "quoted text"), else taken as text."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise UsageError(f"parameter {text!r}: expected name=value, e.g. -p zone=z1")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return name, value


def query(store: GraphStore, statement: str, params: dict[str, Any] | None = None, *,
          write: bool = False) -> QueryResult:
    """Run one user statement; read-only (the engine refuses writes) unless ``write``.

    A writing statement holds the graph's write lock, as a load does, so that a command
    reading the graph in several statements (an analysis, a view, an export) never sees
    half of it.
    """
    if not statement.strip():
        raise UsageError("the query is empty")
    if not write:
        return store.run(statement, params or {})
    with store.writing():
        return store.run(statement, params or {}, write=True)


def stats(store: GraphStore) -> GraphCounts:
    """Nodes per label and relationships per type."""
    return store.counts()
