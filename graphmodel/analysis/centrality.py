"""Centrality: each organization's place in the cooperation graph, for an analyst's ranking.

Per organization with a cooperation tie (the graph ``clusters`` works on): its degree (the
organizations it is tied to), its betweenness (igraph's, scaled as NetworkX scales it: exact
in components of up to ``IGRAPH_EXACT_MAX_NODES`` nodes, estimated from seeded sources in
larger ones, as the report's ``betweenness_sample`` says: clusters.betweenness_of), the
cluster ``graphmodel clusters`` puts it in (same method, same numbering) and, for an
in-scope unit, its coverage status.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:          # doctest: +SKIP
...     centrality(store, top=3).units[0].id
'svc-tech-service-center'
"""

from __future__ import annotations

from dataclasses import dataclass

from graphmodel.analysis import clusters as clustering
from graphmodel.analysis.coverage import as_projection, unit_status
from graphmodel.analysis.projection import Projection
from graphmodel.errors import UsageError
from graphmodel.gcpause import gc_paused
from graphmodel.i18n import Text, _
from graphmodel.results import Report, Table
from graphmodel.store.base import GraphStore


@dataclass
class UnitCentrality:
    """One organization of the cooperation graph."""

    id: str
    name: str | None
    type: str
    degree: int
    betweenness: float
    cluster: int | None  # (None only for a node clusters left out: two nodes of one id)
    status: str | None  # the unit-status rule's, for in-scope units; None for the others


@dataclass
class CentralityReport(Report):
    """Organizations by betweenness (then degree, then id), the first ``top`` of ``total``."""

    units: list[UnitCentrality]
    total: int
    top: int | None
    betweenness_sample: int | None
    community_method: str

    def tables(self) -> list[Table]:
        columns = ["id", "name", "type", "degree", "betweenness", "cluster", "status"]
        return [Table(columns, [[getattr(unit, c) for c in columns] for unit in self.units])]

    def footer(self) -> list[str]:
        estimate = (_("; betweenness estimated from {count} sources").format(
            count=self.betweenness_sample) if self.betweenness_sample else "")
        return [_("{shown} of {total} organizations with cooperation ties, by betweenness"
                  ).format(shown=len(self.units), total=self.total) + estimate]


@gc_paused
def centrality(source: GraphStore | Projection, *, top: int | None = 20, seed: int = 42,
               resolution: float = 1.0, method: str = "auto") -> CentralityReport:
    """The ``top`` organizations of the cooperation graph by betweenness (None: all)."""
    if top is not None and top < 1:
        raise UsageError(Text("--top {top}: expected 1 or more (or leave it out for 20)",
                              top=top))
    found = clustering.clusters(source, min_size=1, resolution=resolution, seed=seed,
                                method=method)
    cluster_of = {member: cluster.id for cluster in found.clusters
                  for member in cluster.members}
    projection = as_projection(source, clustering.READ_TYPES)
    ties = clustering._CooperationTies.of(projection)
    graph = clustering._igraph_graph(ties)
    count = len(ties.nodes)
    betweenness, sample = clustering.betweenness_of(graph, seed)
    betweenness = betweenness.round(clustering.DIGITS)
    degree = graph.degree()
    status = unit_status(projection)
    units = [UnitCentrality(node, projection.node(node).get("name"),
                            projection.node(node)["type"], degree[k],
                            float(betweenness[k]), cluster_of.get(node), status.get(node))
             for k, node in enumerate(ties.nodes)]
    units.sort(key=lambda unit: (-unit.betweenness, -unit.degree, unit.id))
    return CentralityReport(units[:top] if top is not None else units, count, top, sample,
                            found.community_method)
