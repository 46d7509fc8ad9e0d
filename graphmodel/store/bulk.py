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

#: nodes per GRAPH.BULK call: large enough that calls are few, small enough that encoding
#: the next overlaps the server's work on the one before
CHUNK = 50_000
#: relationships per call: the server merges each call's relationships into its matrices,
#: at a cost that grows with the relationships already there, so fewer calls is faster (at
#: 1M organizations 1.5-1.6 s with 200,000 a call, 1.8-3.1 s with 50,000)
RELATIONSHIP_CHUNK = 200_000

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
        columns = [_column([row.get(key) for row in chunk]) for key in keys]
        yield [len(chunk), 0, 1, 0,
               b"".join([_header(label, keys), *map(b"".join, zip(*columns, strict=True))])]


def _column(values: list[Any]) -> list[bytes]:
    """Each value of one property, encoded as ``_value`` encodes it: a column of texts or
    one of whole numbers (a register's columns) in one pass, others value by value.

    >>> _column(["哈南", None]) == [_value("哈南"), _value(None)]
    True
    """
    kinds = set(map(type, values))
    present = [value for value in values if value is not None] if type(None) in kinds \
        else values
    if kinds <= {str, type(None)} and "\x00" not in "".join(present):
        return [b"\x03%b\x00" % value.encode() if value is not None else _NULL
                for value in values]
    if kinds <= {int, type(None)} and present and \
            min(present) >= -(2**63) and max(present) < 2**63:
        pack = _LONG_VALUE.pack
        return [pack(_LONG, value) if value is not None else _NULL for value in values]
    return [_value(value) for value in values]


def encode_relationships(rel_type: str, sources: Any, targets: Any,
                         properties: list[dict[str, Any]]) -> Iterator[list[Any]]:
    """GRAPH.BULK arguments creating relationships of one type, in the order given.

    ``sources`` and ``targets`` are node positions (numpy integer arrays), as
    :func:`encode_nodes` numbered them; ``properties`` one dict per relationship. The bytes
    are put together by numpy (see :func:`_records`), not a Python step per relationship.

    >>> import numpy as np
    >>> [call] = encode_relationships("COVERS", np.array([0]), np.array([1]), [{"mode": "joint"}])
    >>> call[:4], call[4][-7:]
    ([0, 1, 0, 1], b'\\x03joint\\x00')
    """
    import numpy as np

    for offset in range(0, len(properties), RELATIONSHIP_CHUNK):
        chunk = properties[offset:offset + RELATIONSHIP_CHUNK]
        ends = np.column_stack((sources[offset:offset + RELATIONSHIP_CHUNK],
                                targets[offset:offset + RELATIONSHIP_CHUNK])).astype(np.uint64)
        keys = _keys(chunk)
        yield [0, len(chunk), 0, 1, _header(rel_type, keys) + _records(ends, chunk, keys)]


def _records(ends: Any, rows: list[dict[str, Any]], keys: list[str]) -> bytes:
    """Each relationship's ends (two native uint64) and then its values of ``keys``.

    Relationships mostly repeat a few property combinations (a mode, a year), so each
    distinct combination is encoded once and numpy copies it, with the ends, to the
    offsets of the relationships that have it. Where most combinations are distinct (a note
    per relationship), the records are joined one by one.
    """
    import numpy as np

    if not keys:  # native-order uint64 pairs: the bytes of every record, all at once
        return bytes(ends.tobytes())
    numbers, combinations = _combinations(rows, keys)
    encoded = [b"".join([_value(value) for value in values]) for values in combinations]
    end_bytes = np.ascontiguousarray(ends).view(np.uint8).reshape(len(rows), 16)
    if len(encoded) > len(rows) // 8:
        flat = end_bytes.tobytes()
        return b"".join([flat[16 * k:16 * k + 16] + encoded[number]
                         for k, number in enumerate(numbers)])
    group = np.array(numbers, dtype=np.int64)
    size = 16 + np.array([len(value) for value in encoded], dtype=np.int64)[group]
    starts = np.cumsum(size) - size
    out = np.empty(int(size.sum()), dtype=np.uint8)
    by_group = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[by_group], np.arange(len(encoded) + 1)).tolist()
    for number, value in enumerate(encoded):
        members = by_group[bounds[number]:bounds[number + 1]]
        block = np.empty((len(members), 16 + len(value)), dtype=np.uint8)
        block[:, :16] = end_bytes[members]
        block[:, 16:] = np.frombuffer(value, dtype=np.uint8)
        out[starts[members, None] + np.arange(block.shape[1])] = block
    return out.tobytes()


def _combinations(rows: list[dict[str, Any]],
                  keys: list[str]) -> tuple[list[int], list[tuple[Any, ...]]]:
    """The distinct value tuples of ``keys`` among rows, and each row's number among them.

    Values are told apart by equality where they are all texts (or absent); else by their
    repr, since True == 1 == 1.0 and 0.0 == -0.0 are encoded apart (and a list is no key).
    """
    try:
        numbers, combinations = _numbered(rows, keys, typed=False)
        if all(type(value) is str for values in combinations for value in values
               if value is not None):
            return numbers, combinations
    except TypeError:  # (an unhashable value)
        pass
    return _numbered(rows, keys, typed=True)


def _numbered(rows: list[dict[str, Any]], keys: list[str],
              typed: bool) -> tuple[list[int], list[tuple[Any, ...]]]:
    number_of: dict[tuple[Any, ...], int] = {}
    combinations: list[tuple[Any, ...]] = []
    numbers = []
    for row in rows:
        values = tuple(map(row.get, keys))
        key = tuple(map(repr, values)) if typed else values
        number = number_of.get(key)
        if number is None:
            number = number_of[key] = len(combinations)
            combinations.append(values)
        numbers.append(number)
    return numbers, combinations


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
