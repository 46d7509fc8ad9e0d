"""FalkorDB's replies as plain Python: values, graph values, integer columns, messages.

>>> plain([1, "二", None])
[1, '二', None]
"""

from __future__ import annotations

import re
from contextlib import suppress
from typing import Any

from graphmodel.errors import QueryError
from graphmodel.store.base import GraphNode, GraphPath, GraphRelationship


def engine_message(message: str) -> str:
    """FalkorDB's 'errMsg: ... errCtx: ... errCtxOffset: N' as a message with a caret line.

    >>> print(engine_message("errMsg: Invalid input 'R' line: 1, column: 10, offset: 9 "
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
COMPACT_INTEGER = 3
COMPACT_BOOLEAN = 4
COMPACT_DOUBLE = 5


def compact_scalar(kind: int, value: Any) -> Any:
    if kind == COMPACT_BOOLEAN:
        return value == "true"
    if kind == COMPACT_DOUBLE:
        return float(value)
    raise QueryError(f"read_table reads scalars only; got a value of kind {kind}")


def integer_column(text: Any, column: str) -> Any:
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


def plain(value: Any) -> Any:
    """FalkorDB client values -> plain Python and the Graph* classes of store.base."""
    if isinstance(value, _SCALARS):
        return value
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as FalkorPath

    if isinstance(value, Node):
        return GraphNode(tuple(value.labels or ()), {k: plain(v) for k, v in
                                                      value.properties.items()})
    if isinstance(value, Edge):
        return GraphRelationship(value.relation, {k: plain(v) for k, v in
                                                  value.properties.items()})
    if isinstance(value, FalkorPath):
        return GraphPath(tuple(plain(n) for n in value.nodes()),
                         tuple(plain(e) for e in value.edges()))
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
