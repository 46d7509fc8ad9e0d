"""Which graphs a store holds, with their counts, and the refusal to read one that is not there.

>>> report = GraphsReport("embedded FalkorDB at /tmp/x", [GraphRow("pingfang", 23, 31)])
>>> report.footer()
['1 graph in embedded FalkorDB at /tmp/x']
"""

from __future__ import annotations

from dataclasses import dataclass

from graphmodel.errors import UsageError
from graphmodel.i18n import Text, _, localized, ngettext
from graphmodel.results import Report, Table
from graphmodel.store.base import GraphStore


@dataclass
class GraphRow:
    """One graph: its name and how many nodes and relationships it holds."""

    name: str
    nodes: int
    relationships: int


@dataclass
class GraphsReport(Report):
    """The graphs of one store (what ``graphmodel graphs`` shows)."""

    store: str
    graphs: list[GraphRow]

    def tables(self) -> list[Table]:
        if not self.graphs:
            return []
        return [Table(["name", "nodes", "relationships"],
                      [[g.name, g.nodes, g.relationships] for g in self.graphs])]

    def footer(self) -> list[str]:
        if not self.graphs:
            return [_("no graph in {store} yet: load a register with `graphmodel load FILE`"
                      ).format(store=localized(self.store))]
        return [ngettext("{count} graph in {store}", "{count} graphs in {store}",
                         len(self.graphs)).format(count=len(self.graphs),
                                                  store=localized(self.store))]


def list_graphs(db: str | None) -> GraphsReport:
    """The graphs of the store at ``db`` (a folder or a Neo4j URI), each with its counts."""
    from graphmodel.store import open_store

    with open_store(db) as store:
        names = store.graphs()
        where = store.location()
    rows = []
    for name in names:
        with open_store(db, name) as graph:
            counts = graph.counts()
        rows.append(GraphRow(name, counts.nodes, counts.edges))
    return GraphsReport(where, rows)


def require_graph(store: GraphStore) -> None:
    """UsageError naming the graphs there are when ``store``'s graph does not exist."""
    if store.exists():
        return
    others = store.graphs()
    if others:
        raise UsageError(Text("no graph {graph!r} in {store}; graphs there: {graphs} (give one "
                              "with --graph; `graphmodel graphs` counts them)",
                              graph=store.graph, store=store.location(),
                              graphs=", ".join(others)))
    raise UsageError(Text("no graph {graph!r} in {store}; there is no graph there yet: load a "
                          "register first (`graphmodel load FILE`)", graph=store.graph,
                          store=store.location()))
