"""The GraphStore interface both engines implement, and the plain values queries return.

>>> result = QueryResult(["name"], [["長安福特"]])
>>> result.records()
[{'name': '長安福特'}]
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from graphmodel import cypherlib
from graphmodel.errors import QueryError
from graphmodel.results import Report, Table

if TYPE_CHECKING:
    import numpy as np

    from graphmodel.store.columns import ColumnReads

#: rows per UNWIND statement when writing
BATCH_SIZE = 5000
_IN_PART = re.compile(r"__IN_PART__\((\w+)\)")

#: node property dicts per label (each with its ``id``)
NodeRows = dict[str, list[dict[str, Any]]]
#: per relationship type: source positions, target positions (numpy int64 arrays numbering
#: the nodes of a NodeRows from 0, label after label, in its order) and property dicts
RelationshipColumns = dict[str, tuple[Any, Any, list[dict[str, Any]]]]


@dataclass(frozen=True)
class GraphNode:
    """A node returned by a query."""

    labels: tuple[str, ...]
    properties: dict[str, Any]


@dataclass(frozen=True)
class GraphRelationship:
    """A relationship returned by a query (its end nodes come with a path or their own column)."""

    type: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class GraphPath:
    """A path returned by a query: nodes and the relationships between them."""

    nodes: tuple[GraphNode, ...]
    relationships: tuple[GraphRelationship, ...]


@dataclass
class QueryResult(Report):
    """Columns and rows of a query, with values as plain Python (and the Graph* classes);
    ``stats`` holds what a writing query changed."""

    columns: list[str]
    rows: list[list[Any]]
    stats: dict[str, Any] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dict(self) -> Any:
        """The rows as a list of ``{column: value}`` (what ``query --format json`` prints)."""
        from graphmodel.results import to_jsonable

        return to_jsonable(self.records())

    def tables(self) -> list[Table]:
        return [Table(self.columns, self.rows, headings=self.columns)] if self.columns else []

    def footer(self) -> list[str]:
        from graphmodel.i18n import ngettext, pgettext

        rows = ngettext("{count} row", "{count} rows", len(self.rows)).format(
            count=len(self.rows))
        changes = ", ".join(f"{pgettext('change', k.replace('_', ' '))}: {v}"
                            for k, v in self.stats.items())
        return [rows + (f"; {changes}" if changes else "")]


@dataclass
class GraphCounts(Report):
    """Nodes per label and relationships per type (what ``graphmodel stats`` shows)."""

    labels: dict[str, int]
    relationships: dict[str, int]

    @property
    def nodes(self) -> int:
        return sum(self.labels.values())

    @property
    def edges(self) -> int:
        return sum(self.relationships.values())

    def to_dict(self) -> dict[str, Any]:
        return {"labels": dict(self.labels), "relationships": dict(self.relationships),
                "nodes": self.nodes, "edges": self.edges}

    def tables(self) -> list[Table]:
        rows: list[list[Any]] = [["label", name, n] for name, n in self.labels.items()]
        rows += [["relationship", name, n] for name, n in self.relationships.items()]
        return [Table(["kind", "name", "count"], rows)]

    def footer(self) -> list[str]:
        from graphmodel.i18n import _

        return [_("{nodes} nodes, {edges} relationships").format(nodes=self.nodes,
                                                                 edges=self.edges)]


class GraphAlgorithms(Protocol):
    """The engine's own graph algorithms, where its server has them (Neo4j's GDS: see
    graphmodel/store/gds.py), as ``store.graph_algorithms()`` gives them."""

    name: str

    def communities(self, first: np.ndarray, second: np.ndarray, weight: np.ndarray,
                    count: int, *, resolution: float, seed: int, sample: int | None) -> Any:
        """Leiden communities and betweenness of the graph of ``count`` nodes whose tie k
        joins first[k] and second[k] (``.membership``, ``.betweenness`` per node)."""


def library_variant(path: str, dialect: str) -> cypherlib.CypherFile:
    """A file of the Cypher library as a dialect has it: its own version where that dialect
    differs (``FOLDER/DIALECT/NAME.cypher``), else the file itself.

    >>> library_variant("queries/shortest-chain.cypher", "falkordb").path
    'queries/falkordb/shortest-chain.cypher'
    """
    from importlib import resources

    folder, name = path.rsplit("/", 1)
    own = f"{folder}/{dialect}/{name}"
    if resources.files("graphmodel.cypher").joinpath(own).is_file():
        return cypherlib.read(own)
    return cypherlib.read(path)


def integer_array(values: Any, column: str) -> Any:
    """A list of integers as a numpy int64 array; anything else is a QueryError naming column.

    >>> integer_array([3, 1], "ids").tolist()
    [3, 1]
    """
    import numpy as np

    if not isinstance(values, list) or not all(type(v) is int for v in values):
        raise QueryError(f"column {column!r}: expected a list of integers (no nulls), got "
                         f"{values!r:.60}")
    return np.asarray(values, dtype=np.int64)


class GraphStore(ABC):
    """One named graph in a Cypher engine.

    Use it as a context manager so the connection (and an embedded server it started) is
    released: ``with open_store(None, "graphmodel") as store: store.counts()``.
    """

    engine: str = ""
    #: which Cypher the engine speaks where the two differ (cypherlib picks files by it)
    dialect: str = "neo4j"
    #: the Cypher function giving a node's (or relationship's) own id in the engine
    key_function: str = "elementId"
    #: the condition keeping node {0} in the part read_node_parts asks for
    part_filter: str = "true"
    graph: str = ""
    #: things the user should know about that happened on the way (a restarted server ...)
    notices: list[str]

    @abstractmethod
    def run(self, statement: str, params: dict[str, Any] | None = None, *,
            write: bool = False, timeout: float | None = None) -> QueryResult:
        """Run one statement; read-only (refused by the engine if it writes) unless write;
        stopped by the server after ``timeout`` seconds if given (QueryError)."""

    @abstractmethod
    def create_schema(self) -> None:
        """Create the indexes and constraints on id (safe to repeat)."""

    @abstractmethod
    def delete_graph(self) -> None:
        """Remove every node and relationship of this graph."""

    @abstractmethod
    @contextmanager
    def replacing(self) -> Iterator[GraphStore]:
        """A store to load a complete new graph into; it replaces this one on success."""

    def library_file(self, path: str) -> cypherlib.CypherFile:
        """A file of the Cypher library as this store's engine speaks it: the engine's own
        version where its Cypher differs (``cypher/FOLDER/DIALECT/NAME.cypher``), else the
        file itself (``cypher/FOLDER/NAME.cypher``)."""
        return library_variant(path, self.dialect)

    def statement(self, path: str, number: int = 0, **placeholders: str) -> str:
        """Statement ``number`` of a library file in this engine's Cypher, its ``__NAME__``
        placeholders filled (with names from graphmodel's fixed schema, never user input),
        ``__KEY__`` with the function that gives the engine's own id of a node, and
        ``__IN_PART__(n)`` with the condition that keeps the nodes of one part of a
        :meth:`read_node_parts` read (``true`` where the engine reads in one part)."""
        text = self.library_file(path).statements()[number].replace("__KEY__", self.key_function)
        text = _IN_PART.sub(lambda found: self.part_filter.format(found.group(1)), text)
        return cypherlib.fill(text, **placeholders) if placeholders else text

    def write_rows(self, statement: str, rows: list[dict[str, Any]],
                   progress: Callable[[int], None] | None = None) -> None:
        """Run an ``UNWIND $rows`` statement over rows, BATCH_SIZE rows per statement."""
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start:start + BATCH_SIZE]
            self.run(statement, {"rows": batch}, write=True)
            if progress:
                progress(len(batch))

    @contextmanager
    def atomic(self) -> Iterator[GraphStore]:
        """A store whose writes all take effect together or not at all, where the engine has
        transactions (Neo4j); elsewhere this store itself."""
        yield self

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the graph for one writer at a time (a load waits for another to finish)."""
        yield

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the graph steady across a read of several statements (engine permitting)."""
        yield

    def columns(self) -> ColumnReads | None:
        """Reads of the graph as integer columns of the engine's node ids, where the engine
        reads columns faster than rows (see graphmodel/store/columns.py), else None: the
        analyses then read rows (the projection, or Cypher that aggregates in the server)."""
        return None

    def private_folder(self) -> Path | None:
        """A folder that belongs to the engine's server (nothing else may be written into
        it), or None."""
        return None

    def location(self) -> str:
        """Where the store's server is, in words (without the graph's name)."""
        return self.describe()

    def graphs(self) -> list[str]:
        """The names of the graphs this store's server holds (Neo4j: its databases), sorted."""
        return [self.graph]

    def exists(self) -> bool:
        """Whether this graph exists (was ever loaded or written), without creating it."""
        return self.graph in self.graphs()

    def graph_algorithms(self) -> GraphAlgorithms | None:
        """The engine's own graph algorithms (Neo4j's Graph Data Science library) when the
        server has them, else None: analyses then compute client-side."""
        return None

    def can_create_graph(self) -> bool:
        """Whether :meth:`create_graph` would build this graph (asked before grouping rows)."""
        return False

    def create_graph(self, nodes: NodeRows, relationships: RelationshipColumns, *,
                     progress: Callable[[int], None] | None = None,
                     stage: Callable[[str], None] | None = None) -> bool:
        """Build this graph in one pass through the engine's bulk path, with its schema.

        Only when the engine has such a path and the graph does not exist yet; returns False
        otherwise (nothing written), and the caller merges batch by batch instead.
        ``progress`` gets the number of entities written as they are; ``stage`` is called
        with "relationships" and "schema" as those parts begin.
        """
        return False

    @contextmanager
    def deferring_compaction(self) -> Iterator[None]:
        """Writes that :meth:`checkpoint` will follow: the engine need not compact meanwhile."""
        yield

    def checkpoint(self) -> None:  # noqa: B027 - optional for engines, a no-op by default
        """Make what was just written durable and quick to reopen (engine permitting)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection (and stop an embedded server nobody else uses)."""

    @abstractmethod
    def describe(self) -> str:
        """Where the graph lives, in words, e.g. 'embedded FalkorDB at ~/.local/...'."""

    def read_table(self, statement: str, params: dict[str, Any] | None = None) -> QueryResult:
        """A read whose values are all scalars (text, numbers, booleans, null), read fast.

        Engines may skip the general value conversion; the projection reads through this.
        """
        return self.run(statement, params)

    def read_node_parts(self, statement: str) -> Iterator[QueryResult]:
        """A :meth:`read_table` of a statement over every node, in parts where that is faster.

        Engines that read big results faster in parts (FalkorDB) give the statement each
        part's ``$first`` and ``$last`` node id; it must keep only those nodes
        (``WHERE id(n) >= $first AND id(n) <= $last``). Others read it once. There is
        always at least one part, with the statement's columns, even for an empty graph.
        """
        yield self.read_table(statement)

    def run_over_all_nodes(self, statement: str) -> QueryResult:
        """A statement written for :meth:`read_node_parts`, run once over every node through
        the general path of :meth:`run` (which takes lists and maps as well)."""
        return self.run(statement)

    def read_columns(self, statement: str, params: dict[str, Any] | None = None, *,
                     arrays: Collection[str]) -> list[dict[str, Any]]:
        """The rows of a read as dicts, the ``arrays`` columns (lists of integers) as numpy arrays.

        Columnar reads of big graphs return ``collect(...)`` of integers in a few rows; the
        statement must build those lists from integers (``id()``, an integer ``CASE``): an
        engine may not tell the text '1' from the number 1 in them. For example
        ``read_columns("MATCH (n) RETURN collect(id(n)) AS ids", arrays={"ids"})`` gives
        ``[{"ids": array([0, 1, 2])}]``; engines may read such lists without a Python object
        per element.
        """
        result = self.run(statement, params)
        return [{column: integer_array(value, column) if column in arrays else value
                 for column, value in zip(result.columns, row, strict=True)}
                for row in result.rows]

    def counts(self) -> GraphCounts:
        """Nodes per label and relationships per type, sorted by name."""
        labels = self.run(cypherlib.read("stats/labels.cypher").statements()[0])
        types = self.run(cypherlib.read("stats/relationships.cypher").statements()[0])
        return GraphCounts({str(k): int(v) for k, v in labels.rows},
                           {str(k): int(v) for k, v in types.rows})

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
