"""Encode organizations and relationships for FalkorDB's bulk path (``GRAPH.BULK``).

A bulk load builds a *new* graph from binary blobs: no query is parsed, no id is looked up
in an index, and relationships name their ends by the node's position in the load. It is the
engine's loading limit, and graphmodel uses it whenever a load writes into a graph that does
not exist yet (a first load, and every ``--replace``, which loads into a fresh staging graph).

The format (the one ``falkordb-bulk-loader`` writes): each ``GRAPH.BULK`` call carries
``[BEGIN] node_count relation_count label_count type_count`` and then one blob per label or
relationship type. A blob is the name and property keys (NUL-terminated, with a uint32 count)
followed by the entities: for a node its property values; for a relationship the source and
target positions (uint64) and then its property values. A value is a type byte and its bytes.

>>> commands = list(encode_nodes("Zone", [{"id": "z1", "name": "哈南"}]))
>>> commands[0][:4], commands[0][4][:5]
([1, 0, 1, 0], b'Zone\\x00')
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any

#: entities per GRAPH.BULK call: large enough that calls are few, small enough to stream
CHUNK = 50_000

_NULL = b"\x00"
_BOOL, _DOUBLE, _STRING, _LONG = 1, 2, 3, 4
_LONG_VALUE = struct.Struct("=Bq")
_DOUBLE_VALUE = struct.Struct("=Bd")
_ENDS = struct.Struct("=QQ")


class BulkUnsupported(ValueError):
    """A value the bulk format cannot carry (a NUL inside text, an integer over 64 bits)."""


def encode_nodes(label: str, rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    """GRAPH.BULK arguments (without BEGIN) creating ``rows`` (property dicts) as nodes.

    The server numbers nodes in the order it receives them, from 0 in a new graph: that
    position is how relationships name their ends.
    """
    for offset in range(0, len(rows), CHUNK):
        chunk = rows[offset:offset + CHUNK]
        keys = _keys(chunk)
        body = [_header(label, keys)]
        body += [b"".join([_value(row.get(key)) for key in keys]) for row in chunk]
        yield [len(chunk), 0, 1, 0, b"".join(body)]


def encode_relationships(rel_type: str, sources: Any, targets: Any,
                         properties: list[dict[str, Any]]) -> Iterator[list[Any]]:
    """GRAPH.BULK arguments creating relationships of one type.

    ``sources`` and ``targets`` are node positions (numpy integer arrays), as
    :func:`encode_nodes` numbered them; ``properties`` one dict per relationship. A chunk
    whose relationships have no property is one numpy buffer of (source, target) pairs.
    """
    import numpy as np

    for offset in range(0, len(properties), CHUNK):
        chunk = properties[offset:offset + CHUNK]
        ends = np.column_stack((sources[offset:offset + CHUNK],
                                targets[offset:offset + CHUNK])).astype(np.uint64)
        keys = _keys(chunk)
        body = [_header(rel_type, keys)]
        if keys:
            body += [_ENDS.pack(source, target)
                     + b"".join([_value(values.get(key)) for key in keys])
                     for (source, target), values in zip(ends.tolist(), chunk, strict=True)]
        else:  # native-order uint64 pairs: the bytes _ENDS.pack gives, for all at once
            body.append(ends.tobytes())
        yield [0, len(chunk), 0, 1, b"".join(body)]


def _keys(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(set().union(*rows))


def _header(name: str, keys: list[str]) -> bytes:
    return b"".join([_text(name), struct.pack("=I", len(keys)), *(_text(k) for k in keys)])


def _text(value: str) -> bytes:
    encoded = value.encode()
    if b"\x00" in encoded:
        raise BulkUnsupported(f"text with a NUL character: {value[:40]!r}")
    return encoded + b"\x00"


def _value(value: Any) -> bytes:
    """One property value: its type byte and its bytes (absent values are NULL: not set)."""
    if value is None:
        return _NULL
    if isinstance(value, str):
        return b"\x03" + _text(value)
    if isinstance(value, bool):
        return struct.pack("=B?", _BOOL, value)
    if isinstance(value, int):
        try:
            return _LONG_VALUE.pack(_LONG, value)
        except struct.error:
            raise BulkUnsupported(f"integer out of the 64-bit range: {value}") from None
    if isinstance(value, float):
        return _DOUBLE_VALUE.pack(_DOUBLE, value)
    raise BulkUnsupported(f"a value of type {type(value).__name__}: {value!r}")
