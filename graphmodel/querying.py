"""Run Cypher against a store: user queries, their parameters, and the graph's counts.

>>> parse_param("limit=5"), parse_param("name=長安福特"), parse_param('ids=["a","b"]')
(('limit', 5), ('name', '長安福特'), ('ids', ['a', 'b']))
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any

from graphmodel import cypherlib
from graphmodel.errors import UsageError
from graphmodel.i18n import Text
from graphmodel.results import Report, Table
from graphmodel.store.base import GraphStore, QueryResult

#: the range of a whole number both engines store (64-bit signed)
SMALLEST, LARGEST = -(2**63), 2**63 - 1
#: how deep lists and maps in a parameter may nest
MAX_DEPTH = 100


def parse_param(text: str) -> tuple[str, Any]:
    """``name=value``: the value is read as JSON when it is JSON (numbers, lists, maps,
    true/false/null, "quoted text"), else taken as text.

    A whole number outside 64 bits is refused, never clamped by the engine; so is a value
    nested deeper than MAX_DEPTH.

    >>> parse_param("n=9223372036854775807")
    ('n', 9223372036854775807)
    >>> parse_param("n=[9223372036854775808]")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    graphmodel.errors.UsageError: parameter n: 9223372036854775808 is outside ...
    """
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise UsageError(Text("parameter {text!r}: expected name=value, e.g. -p zone=z1",
                              text=text))
    try:
        value = json.loads(raw)
    except RecursionError:
        raise UsageError(_too_deep(name)) from None
    except ValueError:
        value = raw
    _check(name, value)
    return name, value


def _check(name: str, value: Any) -> None:
    """Refuse whole numbers outside 64 bits and nesting deeper than MAX_DEPTH (iteratively)."""
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise UsageError(_too_deep(name))
        if type(item) is int and not SMALLEST <= item <= LARGEST:
            raise UsageError(Text("parameter {name}: {item} is outside the whole numbers the "
                                  "graph engines hold ({smallest} to {largest})", name=name,
                                  item=item, smallest=SMALLEST, largest=LARGEST))
        if isinstance(item, list):
            pending.extend((inner, depth + 1) for inner in item)
        elif isinstance(item, dict):
            pending.extend((inner, depth + 1) for inner in item.values())


def _too_deep(name: str) -> Text:
    return Text("parameter {name}: lists or maps nested more than {depth} deep", name=name,
                depth=MAX_DEPTH)


#: seconds a read-only query may run unless query --timeout says otherwise
READ_TIMEOUT = 60.0
#: LOAD CSV, with anything Cypher allows between its two words (spaces, comments)
_LOAD_CSV = re.compile(r"\bLOAD(?:\s|/\*.*?\*/)+CSV\b", re.IGNORECASE | re.DOTALL)
#: string literals, quoted names and line comments, which may hold the words harmlessly
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*")


def query(store: GraphStore, statement: str, params: dict[str, Any] | None = None, *,
          write: bool = False, timeout: float | None = None) -> QueryResult:
    """Run one user statement; read-only (the engine refuses writes) unless ``write``.

    A read-only statement runs for at most ``timeout`` seconds (READ_TIMEOUT when None),
    a writing one for ``timeout`` seconds if given; the server stops it then (FalkorDB
    enforces limits on reads only: a write it runs to the end, the command stops waiting).
    A read-only statement never reads files or URLs (LOAD CSV is refused: it could reach
    the network).

    A writing statement holds the graph's write lock, as a load does, so that a command
    reading the graph in several statements (an analysis, a view, an export) never sees
    half of it.
    """
    if not statement.strip():
        raise UsageError(Text("the query is empty"))
    if timeout is not None and not 0 < timeout < 10**7:
        raise UsageError(Text("--timeout {timeout:g}: a time limit is a number of seconds "
                              "above 0", timeout=timeout))
    if not write:
        if _LOAD_CSV.search(_QUOTED.sub(" ", statement)):
            raise UsageError(Text("LOAD CSV reads files and URLs from the server, which a "
                                  "read-only query may not do (it could reach the network); "
                                  "load registers with `graphmodel load`, or run it as a "
                                  "writing query (--write) if you mean it"))
        return store.run(statement, params or {},
                         timeout=READ_TIMEOUT if timeout is None else timeout)
    with store.writing():
        return store.run(statement, params or {}, write=True, timeout=timeout)


def run_query(store: GraphStore, statement: str | None, params: dict[str, Any], *,
              saved: str | None = None, write: bool = False,
              timeout: float | None = None) -> QueryResult:
    """A user's statement or the saved query named ``saved`` (in the store's dialect),
    its parameters checked; exactly one of the two."""
    if (statement is None) == (saved is None):
        raise UsageError(Text("give the query as an argument, with --file or with --saved "
                              "(exactly one of them)"))
    for name, value in params.items():
        _check(name, value)
    if saved is not None:
        params = check_saved(saved, params)
        statement = store.library_file(cypherlib.saved_query(saved).path).text
    assert statement is not None
    return query(store, statement, params, write=write, timeout=timeout)


def check_saved(saved: str | None, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters of saved query ``saved`` (its defaults filled in); UsageError for an
    unknown query, an unknown parameter or a missing one. ``params`` as given when None."""
    if saved is None:
        return params
    return cypherlib.bind(cypherlib.saved_query(saved), params)


@dataclass
class SavedQueries(Report):
    """The saved queries of the Cypher library (``query --list``)."""

    queries: list[cypherlib.CypherFile]
    #: a terminal gets the descriptions as paragraphs, not a table
    TABLES_IN_TERMINAL = False

    @classmethod
    def listed(cls) -> SavedQueries:
        return cls(cypherlib.saved_queries())

    def to_dict(self) -> list[dict[str, Any]]:  # type: ignore[override]
        return [{"name": q.name, "description": q.description, "params": q.params,
                 "defaults": q.defaults} for q in self.queries]

    def tables(self) -> list[Table]:
        return [Table(["name", "description", "params"], [
            [q.name, q.description, "; ".join(f"{k}: {v}" for k, v in q.params.items())]
            for q in self.queries])]

    def footer(self) -> list[str]:
        lines = []
        for q in self.queries:
            lines.append(q.name)
            lines.append(textwrap.fill(q.description, width=88, initial_indent="    ",
                                       subsequent_indent="    "))
            lines += [f"    -p {key}=...   {meaning}" for key, meaning in q.params.items()]
            lines.append("")
        return lines
