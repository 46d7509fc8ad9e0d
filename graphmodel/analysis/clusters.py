"""Partnership clusters: communities of organizations tied by cooperation, and their brokers.

The cooperation graph holds every organization but zones and streets, joined by
PARTNERS_WITH, INCUBATES, SERVES and MEMBER_OF (``schema.COOPERATION_TYPES``), undirected;
an edge's weight is the number of ties between the two (any type, either direction).
Communities come from Louvain (``networkx.community.louvain_communities``, weighted, fixed
seed). Brokers are ranked by betweenness centrality on the whole cooperation graph
(unweighted, normalized): exact up to 2,000 nodes, above that estimated from 500 source
nodes drawn with the seed (exact betweenness takes minutes at 5,000 nodes), which the report
says in ``betweenness_sample``. In-scope units with no cooperation tie are ``isolated``.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n in "abcd":
...     g.add_node(n, type="enterprise", name=n)
>>> for a, b in ("ab", "bc", "ca"):
...     _ = g.add_edge(a, b, type="PARTNERS_WITH", mode=None)
>>> report = clusters(Projection(g))
>>> [(c.id, c.members, c.density) for c in report.clusters], report.isolated
([(1, ['a', 'b', 'c'], 1.0)], ['d'])
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from graphmodel import schema
from graphmodel.analysis.coverage import as_projection, unit_status
from graphmodel.analysis.projection import Projection
from graphmodel.errors import UsageError
from graphmodel.store.base import GraphStore

MAX_BROKERS = 3
DIGITS = 6
#: cooperation graphs up to this many nodes get exact betweenness; larger ones a sample
EXACT_BETWEENNESS_MAX_NODES = 2000
BETWEENNESS_SAMPLE = 500


@dataclass
class Cluster:
    """One community: members by id, counts by type, density, brokers best first."""

    id: int
    size: int
    members: list[str]
    by_type: dict[str, int]
    density: float
    brokers: list[str]
    broker_scores: dict[str, float]  # betweenness of each broker, in ``brokers`` order
    in_scope: int
    uncovered: int


@dataclass
class ClusterReport:
    """Clusters by (-size, first member id), numbered from 1; isolated in-scope units."""

    clusters: list[Cluster]
    isolated: list[str]
    min_size: int
    resolution: float
    betweenness_sample: int | None  # source nodes of the betweenness estimate; None: exact


def cooperation_graph(source: GraphStore | Projection) -> nx.Graph:
    """The undirected cooperation graph; ``weight`` counts the ties between two nodes.

    Only nodes with at least one tie (self-ties aside) are in it.
    """
    projection = as_projection(source)
    graph = nx.Graph()
    kinds = set(schema.COOPERATION_TYPES)
    edges = sorted((min(a, b), max(a, b)) for a, b, data in projection.graph.edges(data=True)
                   if data["type"] in kinds and a != b
                   and projection.node(a)["type"] not in schema.AREA_TYPES
                   and projection.node(b)["type"] not in schema.AREA_TYPES)
    for a, b in edges:
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += 1
        else:
            graph.add_edge(a, b, weight=1)
    return graph


def clusters(source: GraphStore | Projection, *, min_size: int = 2, resolution: float = 1.0,
             seed: int = 42) -> ClusterReport:
    """Cooperation communities of at least ``min_size`` members, with brokers and gaps."""
    if min_size < 1:
        raise UsageError(f"--min-size {min_size}: expected 1 or more")
    if not resolution > 0:
        raise UsageError(f"--resolution {resolution}: expected a number above 0, e.g. 1.0")
    projection = as_projection(source)
    graph = cooperation_graph(projection)
    status = unit_status(projection)
    sample = (min(BETWEENNESS_SAMPLE, len(graph)) if len(graph) > EXACT_BETWEENNESS_MAX_NODES
              else None)
    betweenness = {node: round(value, DIGITS) for node, value in nx.betweenness_centrality(
        graph, k=sample, normalized=True, seed=seed).items()}
    communities = [sorted(c) for c in nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed)] if graph else []
    communities.sort(key=lambda members: (-len(members), members[0]))
    found = []
    for number, members in enumerate(communities, start=1):
        if len(members) < min_size:
            continue
        ranked = sorted((n for n in members if betweenness[n] > 0),
                        key=lambda n: (-betweenness[n], n))[:MAX_BROKERS]
        types = Counter(projection.node(n)["type"] for n in members)
        in_scope = [n for n in members if n in status]
        found.append(Cluster(
            id=number, size=len(members), members=members, by_type=dict(sorted(types.items())),
            density=round(nx.density(graph.subgraph(members)), DIGITS), brokers=ranked,
            broker_scores={n: betweenness[n] for n in ranked}, in_scope=len(in_scope),
            uncovered=sum(status[n] == "uncovered" for n in in_scope)))
    isolated = [unit for unit in status if unit not in graph]
    return ClusterReport(found, isolated, min_size, resolution, sample)
