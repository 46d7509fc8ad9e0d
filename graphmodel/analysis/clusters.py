"""Partnership clusters: communities of organizations tied by cooperation, and their brokers.

The cooperation graph holds every organization but zones and streets, joined by
PARTNERS_WITH, INCUBATES, SERVES and MEMBER_OF (``schema.COOPERATION_TYPES``), undirected;
an edge's weight is the number of ties between the two (any type, either direction).
In-scope units with no cooperation tie are ``isolated``. Two methods give the same report
keys; ``method="auto"`` picks by the size of the cooperation graph, and the report says which
ran (``community_method``, ``broker_method``):

* ``networkx``, the reference (auto: up to ``IGRAPH_MIN_NODES`` nodes). Communities come from
  Louvain (``networkx.community.louvain_communities``, weighted, fixed seed). Brokers are
  ranked by betweenness centrality on the whole cooperation graph (unweighted, normalized):
  exact up to 2,000 nodes, above that estimated from 500 source nodes drawn with the seed,
  which the report says in ``betweenness_sample``. Betweenness costs O(nodes x ties): 4.6 s
  at 2,000 nodes, minutes at 60,000 even sampled.
* ``igraph`` (auto: larger graphs). Communities come from igraph's Leiden algorithm
  maximizing the same weighted modularity (Louvain's refinement, in C; two iterations), its
  nodes numbered in id order and its edges sorted, with igraph's random numbers drawn from
  ``random.Random(seed)``, so the result depends only on the graph and the seed. At 1M
  organizations it took 2.5 s where igraph's multilevel (Louvain) took 4.4 s, and reached a
  higher modularity (0.957 against 0.952). Brokers are ranked by betweenness centrality
  computed by igraph (in C) and scaled as NetworkX scales it, component by component
  (``betweenness_of``: paths never leave a component): exact in every component of up to
  ``IGRAPH_EXACT_MAX_NODES`` nodes, estimated in larger ones from source nodes drawn with the
  seed in each (500 in all, fewer in very large ones: ``BETWEENNESS_WORK``). The 1M district's
  cooperation graph is one component of 483k nodes and 62k of at most 24: the small ones
  took 0.08 s exact, the large one 90 ms a source. (Sources drawn over the whole graph, as
  before, fell in about 120 of the 62k small ones: the others' members got no betweenness,
  and their clusters no brokers.)

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

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from graphmodel import cypherlib, schema
from graphmodel.analysis.coverage import as_projection, unit_status
from graphmodel.analysis.projection import Projection, id_text
from graphmodel.errors import UsageError
from graphmodel.gcpause import cyclic_gc_paused
from graphmodel.i18n import Text, gettext
from graphmodel.results import Report, Table
from graphmodel.status import covers
from graphmodel.store.base import GraphStore
from graphmodel.store.columns import CODE_OF_LABEL, LABELS, ColumnReads, label_codes

if TYPE_CHECKING:
    import igraph

    from graphmodel.store.base import GraphAlgorithms

MAX_BROKERS = 3
DIGITS = 6
#: cooperation graphs up to this many nodes get exact betweenness; larger ones a sample
EXACT_BETWEENNESS_MAX_NODES = 2000
BETWEENNESS_SAMPLE = 500
#: igraph: exact betweenness in components of up to this many nodes (0.5 s measured for one
#: of 5,000); larger components get BETWEENNESS_SAMPLE sources, fewer when the searches
#: would cost more than BETWEENNESS_WORK node and tie visits (measured: 90 ms a source in
#: the 1M district's 483k-node component, so 250M is about 20 s), MIN_BETWEENNESS_SAMPLE at
#: least, and MIN_COMPONENT_SOURCES in each large component
IGRAPH_EXACT_MAX_NODES = 5000
BETWEENNESS_WORK = 250_000_000
MIN_BETWEENNESS_SAMPLE = 50
MIN_COMPONENT_SOURCES = 10
METHODS = ("auto", "networkx", "igraph", "gds")
#: method "auto" uses the engine's own algorithms (GDS) or igraph for cooperation graphs with
#: more nodes than this
IGRAPH_MIN_NODES = 2000
#: what the clusters read of a graph: the cooperation ties, and COVERS and GUIDES for the
#: uncovered counts (LOCATED_IN, most of a graph's relationships, is left unread)
READ_TYPES = (*schema.COOPERATION_TYPES, "COVERS", "GUIDES")


@dataclass
class Cluster:
    """One community: members by id, counts by type, density, brokers best first."""

    id: int
    size: int
    members: list[str]
    by_type: dict[str, int]
    density: float
    brokers: list[str]
    broker_scores: dict[str, float]  # score of each broker (see broker_method), best first
    in_scope: int
    uncovered: int
    #: each member's name (None where it has none), by id
    names: dict[str, str | None] = field(default_factory=dict)
    #: the industry and the zone most of its members have (None where none has one), and the
    #: cluster's label made of them, e.g. "裝備製造 · 哈南工業新城"
    industry: str | None = None
    zone: str | None = None
    zone_name: str | None = None
    label: str = ""


@dataclass
class ClusterReport(Report):
    """Clusters by (-size, first member id), numbered from 1; isolated in-scope units."""

    clusters: list[Cluster]
    isolated: list[str]
    min_size: int
    resolution: float
    betweenness_sample: int | None  # source nodes of the betweenness estimate; None: exact
    community_method: str = "networkx-louvain"  # or "igraph-leiden", "gds-leiden"
    broker_method: str = "betweenness"

    #: isolated units a terminal lists (the JSON lists them all)
    ISOLATED_SHOWN = 20

    def tables(self) -> list[Table]:
        """One row per cluster: counts, its label and its top brokers by name (the members
        themselves are in the JSON)."""
        columns = ["id", "size", "label", "by_type", "density", "in_scope", "uncovered",
                   "brokers"]
        return [Table(columns, [[c.id, c.size, c.label,
                                 " ".join(f"{t}:{n}" for t, n in c.by_type.items()), c.density,
                                 c.in_scope, c.uncovered,
                                 ", ".join(c.names.get(b) or b for b in c.brokers)]
                                for c in self.clusters])]

    def footer(self) -> list[str]:
        shown = ", ".join(self.isolated[:self.ISOLATED_SHOWN]) or gettext("none")
        if len(self.isolated) > self.ISOLATED_SHOWN:
            shown += gettext(", ... ({count} more: --format json lists all)").format(
                count=len(self.isolated) - self.ISOLATED_SHOWN)
        return [gettext("{clusters} clusters; isolated in-scope units ({count}): {shown}").format(
            clusters=len(self.clusters), count=len(self.isolated), shown=shown)]


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
             seed: int = 42, method: str = "auto") -> ClusterReport:
    """Cooperation communities of at least ``min_size`` members, with brokers and gaps.

    ``method``: "networkx" (Louvain + betweenness, the reference), "igraph" (Leiden +
    igraph's betweenness), "gds" (Leiden + betweenness in the server: Neo4j with the Graph
    Data Science library) or "auto" (networkx up to ``IGRAPH_MIN_NODES`` cooperation nodes;
    above, gds where the store has it, else igraph).
    """
    if min_size < 1:
        raise UsageError(Text("--min-size {min_size}: expected 1 or more", min_size=min_size))
    if not resolution > 0:
        raise UsageError(Text("--resolution {resolution}: expected a number above 0, e.g. 1.0",
                              resolution=resolution))
    if method not in METHODS:
        raise UsageError(Text("--method {method!r}: expected one of {choices}", method=method,
                              choices=", ".join(METHODS)))
    report, projection, read = _found(source, min_size, resolution, seed, method)
    _name(report, source, projection, read)
    return report


def _found(source: GraphStore | Projection, min_size: int, resolution: float, seed: int,
           method: str) -> tuple[ClusterReport, Projection | None, _CooperationTies | None]:
    """The clusters by the method chosen (see clusters), not yet named, the projection
    they were found in (None when the ties were read as columns), and the ties so read."""
    if method == "networkx":
        projection = as_projection(source, READ_TYPES)
        return _networkx_clusters(projection, min_size, resolution, seed), projection, None
    algorithms = source.graph_algorithms() if isinstance(source, GraphStore) else None
    if method == "gds" and algorithms is None:
        raise UsageError(Text("--method gds: the graph's store has no Graph Data Science "
                              "library (it runs on Neo4j with GDS installed); use auto, "
                              "networkx or igraph"))
    projection = None
    with cyclic_gc_paused():
        reads = source.columns() if isinstance(source, GraphStore) else None
        read = _CooperationTies.read(reads) if reads is not None else None  # (5x faster than
        # a projection at 1M)
        if read is not None:
            ties = read
        else:
            projection = as_projection(source, READ_TYPES)
            ties = _CooperationTies.of(projection)
    if method == "auto" and len(ties.nodes) <= IGRAPH_MIN_NODES:
        projection = projection or as_projection(source, READ_TYPES)
        return _networkx_clusters(projection, min_size, resolution, seed), projection, None
    with cyclic_gc_paused():
        if algorithms is not None and method in ("auto", "gds"):
            found = _server_clusters(algorithms, ties, min_size, resolution, seed)
        else:
            found = _igraph_clusters(ties, min_size, resolution, seed)
    return found, projection, read


def _networkx_clusters(projection: Projection, min_size: int, resolution: float,
                       seed: int) -> ClusterReport:
    """The reference: NetworkX Louvain, brokers by betweenness."""
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


def _name(report: ClusterReport, source: GraphStore | Projection,
          projection: Projection | None, read: _CooperationTies | None = None) -> None:
    """Give each cluster its members' names, its main industry and zone, and its label.

    Names and industries come from the projection the clusters were found in, where there
    was one (it holds one node per id), else from the ties ``read`` as columns (with their
    nodes' details) or from the store; zones likewise, as ``Projection.area`` finds them:
    the smallest zone id.
    """
    members = [member for cluster in report.clusters for member in cluster.members]
    if read is not None and read.details is not None and projection is None:
        details = dict(zip(read.nodes, read.details, strict=True))
    else:
        details = _member_details(source, members)
    if projection is not None and projection is not source:
        details = {member: (projection.node(member).get("name"),
                            projection.node(member).get("industry"),
                            details.get(member, (None, None, None))[2]) for member in members}
    zone_names = _zone_names(source, {zone for _, _, zone in details.values() if zone})
    for cluster in report.clusters:
        found = [details.get(member, (None, None, None)) for member in cluster.members]
        cluster.names = {member: name for member, (name, _, _) in zip(
            cluster.members, found, strict=True)}
        cluster.industry = _most_common(industry for _, industry, _ in found)
        cluster.zone = _most_common(zone for _, _, zone in found)
        cluster.zone_name = zone_names.get(cluster.zone) if cluster.zone else None
        parts = [cluster.industry, cluster.zone_name or cluster.zone]
        cluster.label = " · ".join(str(part) for part in parts if part) or "(no industry or zone)"


def _most_common(values: Iterable[Any]) -> Any:
    """The value most often given (None and "" aside), the smallest of equals; None if none."""
    counts = Counter(value for value in values if value not in (None, ""))
    if not counts:
        return None
    top = max(counts.values())
    return min((value for value, n in counts.items() if n == top), key=str)


def _member_details(source: GraphStore | Projection, members: list[str],
                    ) -> dict[str, tuple[Any, Any, Any]]:
    """(name, industry, zone id) of each member, from the store (a read per label, of these
    ids only) or from the projection given."""
    if isinstance(source, Projection):
        return {member: (source.node(member).get("name"), source.node(member).get("industry"),
                         source.area(member, "zone")) for member in members}
    wanted = set(members)
    # (an id a query wrote as a number is a member by its text, as the projection has it)
    numbers = [int(member) for member in members if member.lstrip("-").isdigit()]
    found: dict[str, tuple[Any, Any, Any]] = {}
    statement = cypherlib.read("analysis/cluster-members.cypher").statements()[0]
    with source.reading():
        for label in schema.TYPE_OF_LABEL:
            if schema.TYPE_OF_LABEL[label] in schema.AREA_TYPES:
                continue
            for ids in (members, numbers) if numbers else (members,):
                rows = source.read_table(cypherlib.fill(statement, label=label),
                                         {"ids": ids}).rows
                for node_id, name, industry, zone in rows:
                    member = id_text(node_id)
                    if member in wanted:  # (two nodes of one id: the smaller zone, as area())
                        zones = [z for z in (zone, found.get(member, (0, 0, None))[2]) if z]
                        found[member] = (name, industry, min(zones, key=str) if zones else None)
    return found


def _zone_names(source: GraphStore | Projection, zones: set[Any]) -> dict[Any, Any]:
    if not zones:
        return {}
    if isinstance(source, Projection):
        return {zone: source.node(zone).get("name") for zone in zones if zone in source.graph}
    rows = source.read_table(cypherlib.read("analysis/area-names.cypher").statements()[0]).rows
    return {area: name for area, name, _ in rows if area in zones}


@dataclass
class _CooperationTies:
    """The cooperation graph as arrays, for the igraph path.

    Node k is ``nodes[k]`` (ids sorted), of type ``types[type_of[k]]`` (``types`` sorted);
    edge e joins ``first[e] < second[e]`` with ``weight[e]`` ties, edges sorted.
    ``in_scope[k]``: node k is an in-scope unit; ``reached[k]``: it is not uncovered by the
    unit-status rule (graphmodel/status.py): a party organization COVERS it in a mode of
    the contract, or GUIDES it. ``isolated``: in-scope units with no tie, sorted.
    """

    nodes: list[str]
    first: np.ndarray
    second: np.ndarray
    weight: np.ndarray
    types: list[str]
    type_of: np.ndarray
    in_scope: np.ndarray
    reached: np.ndarray
    isolated: list[str]
    #: each node's (name, industry, zone id), when the ties were read as columns
    details: list[tuple[Any, Any, Any]] | None = None

    @classmethod
    def of(cls, projection: Projection) -> _CooperationTies:
        """The ties of a projection, found by walking its adjacency dicts."""
        graph = projection.graph
        kinds = frozenset(schema.COOPERATION_TYPES)
        areas = frozenset(schema.AREA_TYPES)
        found = [(node, kind) for node, kind in graph.nodes(data="type") if kind not in areas]
        found.sort(key=itemgetter(0))
        index = {node: k for k, (node, _) in enumerate(found)}.get
        count = len(found)
        codes, reached = [], []
        append, reach = codes.append, reached.append
        # the adjacency dicts directly: 2x faster than graph.edges(data=...) on a multigraph
        for a, targets in graph.adjacency():
            i = index(a)
            for b, keyed in targets.items():
                for data in keyed.values():
                    kind = data["type"]
                    if kind in kinds:
                        j = index(b)
                        if i is not None and j is not None and i != j:
                            append(i * count + j if i < j else j * count + i)
                    elif kind == "GUIDES" or (kind == "COVERS" and covers(data["mode"])):
                        reach(index(b, -1))
        return cls._build(found, np.array(codes, dtype=np.int64),
                          np.array(reached, dtype=np.int64))

    @classmethod
    def read(cls, reads: ColumnReads) -> _CooperationTies | None:
        """The ties read as integer columns, without a projection.

        The same ties as ``of(project(store))``: the same nodes and relationships are kept
        (``ColumnReads.relationship_columns``), a relationship counts once per type and
        direction between two nodes, as in the projection's multigraph; ids that are not
        text are read as their text, as the projection reads them. None when two nodes
        share an id (the projection makes them one node): then use the projection.
        """
        with reads.store.reading():  # node keys and relationship ends: from one graph
            rows = reads.node_labels()
            keys = [row[0] for row in rows]
            # (nodes without an id are left out, as in the projection)
            label_of = label_codes(keys, [label if node_id is not None else None
                                          for _, node_id, label, _, _ in rows])
            kinds = {*schema.COOPERATION_TYPES, "COVERS", "GUIDES"}
            batches = list(reads.relationship_columns(label_of, kinds))
            zone_of = _zones_by_key(reads, len(label_of))
        is_candidate = np.zeros(1 + len(LABELS), dtype=bool)  # per label code: not an area
        is_candidate[[CODE_OF_LABEL[label] for label in LABELS
                      if schema.TYPE_OF_LABEL[label] not in schema.AREA_TYPES]] = True
        chosen = np.flatnonzero(is_candidate[label_of[np.asarray(keys, dtype=np.int64)]])
        found = [(id_text(row[1]), schema.TYPE_OF_LABEL[row[2]], row[0],
                  (row[3], row[4], zone_of[row[0]]))
                 for row in map(rows.__getitem__, chosen.tolist())]
        del rows, keys
        if len({node_id for node_id, *_ in found}) < len(found):
            return None
        found.sort(key=itemgetter(0))
        position = np.full(len(label_of), -1, dtype=np.int64)  # node id -> index, or -1
        position[np.fromiter((key for _, _, key, _ in found), dtype=np.int64,
                             count=len(found))] = np.arange(len(found))
        count = len(found)
        codes, reached = [], []
        for rel_type, _, columns in batches:
            i, j = position[columns["source"]], position[columns["target"]]
            if rel_type in schema.COOPERATION_TYPES:
                tied = (i >= 0) & (j >= 0) & (i != j)
                # once per direction, as the projection keeps one edge per type and pair
                i, j = np.divmod(np.unique(i[tied] * count + j[tied]), count)
                codes.append(np.minimum(i, j) * count + np.maximum(i, j))
            elif rel_type == "GUIDES":
                reached.append(j)
            else:  # (COVERS: in a mode of the contract)
                reached.append(j[columns["mode"] >= 0])
        return cls._build([(node_id, kind) for node_id, kind, _, _ in found],
                          np.concatenate(codes or [np.zeros(0, np.int64)]),
                          np.concatenate(reached or [np.zeros(0, np.int64)]),
                          [details for *_, details in found])

    @classmethod
    def _build(cls, found: list[tuple[str, str]], codes: np.ndarray, reached: np.ndarray,
               details: list[tuple[Any, Any, Any]] | None = None) -> _CooperationTies:
        """From the candidates (id, type) in id order, the codes ``i * count + j`` of each
        tie between candidates i < j, the candidates COVERS or GUIDES reach (-1: none), and
        the candidates' (name, industry, zone id) where they were read with them."""
        candidates = [node for node, _ in found]
        types = sorted({kind for _, kind in found})
        code = {kind: number for number, kind in enumerate(types)}
        type_of = np.array([code[kind] for _, kind in found], dtype=np.int64)
        count = len(candidates)
        pairs, weight = np.unique(codes, return_counts=True)
        first, second = np.divmod(pairs, count)
        is_tied = np.zeros(count, dtype=bool)
        is_tied[first] = is_tied[second] = True
        tied = np.flatnonzero(is_tied)  # nodes with a tie, in id order
        scope = np.isin(type_of, [code[t] for t in schema.IN_SCOPE_TYPES if t in code])
        is_reached = np.zeros(count + 1, dtype=bool)  # (the last: not a candidate)
        is_reached[reached] = True
        return cls(nodes=[candidates[k] for k in tied.tolist()],
                   first=np.searchsorted(tied, first), second=np.searchsorted(tied, second),
                   weight=weight, types=types, type_of=type_of[tied], in_scope=scope[tied],
                   reached=is_reached[tied],
                   isolated=[candidates[k] for k in np.flatnonzero(scope & ~is_tied).tolist()],
                   details=None if details is None else [details[k] for k in tied.tolist()])




def _zones_by_key(reads: ColumnReads, size: int) -> list[Any]:
    """Per node id (0 .. size - 1), the zone it is LOCATED_IN (the smallest zone id, as
    ``Projection.area`` finds it), else None."""
    zone_of: list[Any] = [None] * size
    for row in sorted(reads.area_members("Zone"), key=lambda row: str(row["group"]),
                      reverse=True):  # (the smallest id written last)
        for key in row["units"].tolist():
            if key < size:
                zone_of[key] = row["group"]
    return zone_of


def _igraph_clusters(ties: _CooperationTies, min_size: int, resolution: float,
                     seed: int) -> ClusterReport:
    """igraph Leiden communities; brokers by igraph's betweenness (see the module's text)."""
    graph = _igraph_graph(ties)
    membership = _leiden(graph, ties.weight, resolution, seed)
    count = len(ties.nodes)
    betweenness, sample = betweenness_of(graph, seed)
    betweenness = np.round(betweenness, DIGITS)
    return _report(ties, membership, betweenness, np.zeros(count), betweenness, min_size,
                   resolution, sample, community_method="igraph-leiden",
                   broker_method="betweenness")


def betweenness_of(graph: igraph.Graph, seed: int) -> tuple[np.ndarray, int | None]:
    """Each node's betweenness in an undirected, unweighted igraph graph, normalized as
    NetworkX normalizes it, and the number of sources of the estimate (None: exact).

    Paths never leave a connected component, so each component is worked out on its own
    terms: exact in every component of up to ``IGRAPH_EXACT_MAX_NODES`` nodes (all of them
    in one call; a component of 20 nodes costs 20 searches of 20 nodes), estimated in larger
    ones from sources drawn with ``random.Random(seed)`` in each (``_sources``), the sum of
    their dependencies scaled up to the component's nodes (unbiased: a node that is a source
    counts the other sources). A graph whose components are all small is exact.

    >>> import igraph
    >>> values, sample = betweenness_of(igraph.Graph(n=3, edges=[(0, 1), (1, 2)]), 42)
    >>> values.tolist(), sample
    ([0.0, 1.0, 0.0], None)
    """
    count = graph.vcount()
    values = np.zeros(count)
    if count <= 2:
        return values, None
    scale = 2 / ((count - 1) * (count - 2))  # (igraph counts each pair once)
    membership = np.asarray(graph.connected_components().membership, dtype=np.int64)
    sizes = np.bincount(membership)
    in_large = (sizes > IGRAPH_EXACT_MAX_NODES)[membership]
    small = np.flatnonzero(~in_large)
    if len(small):
        values[small] = np.asarray(graph.induced_subgraph(small.tolist()).betweenness(
            directed=False)) * scale
    large = np.flatnonzero(in_large)
    if not len(large):
        return values, None
    part = graph.induced_subgraph(large.tolist())  # (node order kept)
    component = membership[large]
    sources, drawn = _sources(component, part.ecount(), seed)
    found = 2 * np.asarray(part.betweenness(directed=False, sources=sources.tolist()))
    # each node's share: its component's other nodes over the sources that are not itself
    others = sizes[component] - 1
    taken = drawn[component] - np.isin(np.arange(len(large)), sources)
    values[large] = found * others / np.maximum(taken, 1) * scale / 2
    return values, len(sources)


def _sources(component: np.ndarray, ties: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The sources of the estimate in the large components (``component``: each node's
    component, nodes in order; ``ties``: their edges), and how many each component got.

    ``BETWEENNESS_SAMPLE`` in all, fewer when the components are so large that the searches
    would cost more than ``BETWEENNESS_WORK`` node and tie visits (never fewer than
    ``MIN_BETWEENNESS_SAMPLE``); shared out by size, at least ``MIN_COMPONENT_SOURCES`` per
    component; drawn component by component (in the order of their first node) with one
    ``random.Random(seed)``.
    """
    total = len(component)
    wanted = min(BETWEENNESS_SAMPLE, max(MIN_BETWEENNESS_SAMPLE,
                                         BETWEENNESS_WORK // (total + ties)))
    rng = random.Random(seed)
    order = np.argsort(component, kind="stable")
    names, starts, sizes = np.unique(component[order], return_index=True, return_counts=True)
    firsts = order[starts]
    drawn = np.zeros(int(component.max()) + 1, dtype=np.int64)
    chosen: list[int] = []
    for index in np.argsort(firsts).tolist():
        members = order[starts[index]:starts[index] + sizes[index]].tolist()
        take = min(len(members), max(MIN_COMPONENT_SOURCES,
                                     round(wanted * len(members) / total)))
        chosen += rng.sample(members, take)
        drawn[names[index]] = take
    return np.sort(np.asarray(chosen, dtype=np.int64)), drawn


def _server_clusters(algorithms: GraphAlgorithms, ties: _CooperationTies, min_size: int,
                     resolution: float, seed: int) -> ClusterReport:
    """The engine's own Leiden communities and betweenness (Neo4j's GDS), on the same ties."""
    count = len(ties.nodes)
    sample = min(BETWEENNESS_SAMPLE, count) if count > EXACT_BETWEENNESS_MAX_NODES else None
    found = algorithms.communities(ties.first, ties.second, ties.weight, count,
                                   resolution=resolution, seed=seed, sample=sample)
    betweenness = np.round(found.betweenness, DIGITS)
    return _report(ties, found.membership, betweenness, np.zeros(count), betweenness,
                   min_size, resolution, sample, community_method=f"{algorithms.name}-leiden",
                   broker_method="betweenness")


def _report(ties: _CooperationTies, membership: np.ndarray, rank: np.ndarray,
            then: np.ndarray, score: np.ndarray, min_size: int, resolution: float,
            sample: int | None, *, community_method: str, broker_method: str) -> ClusterReport:
    """The report of communities given as each node's ``membership``.

    Brokers are the members with ``rank`` or ``then`` above 0, best first by (-rank, -then,
    id), at most MAX_BROKERS per community, each shown with its ``score``.
    """
    nodes, first, second = ties.nodes, ties.first, ties.second
    count = int(membership.max()) + 1 if len(nodes) else 0
    sizes = np.bincount(membership, minlength=count)
    # members of each community, in id order; communities by (-size, first member)
    by_community = np.argsort(membership, kind="stable")
    starts = np.concatenate(([0], np.cumsum(sizes)))
    order = np.lexsort((by_community[starts[:-1]], -sizes)).tolist()
    inside = membership[first] == membership[second]
    internal = np.bincount(membership[first[inside]], minlength=count).tolist()
    # brokers: per community, by (-rank, -then, id); the first MAX_BROKERS of each
    able = np.flatnonzero((rank > 0) | (then > 0))
    able = able[np.lexsort((able, -then[able], -rank[able], membership[able]))]
    place = np.arange(len(able)) - np.searchsorted(membership[able], membership[able])
    best = able[place < MAX_BROKERS]
    best_starts = np.searchsorted(membership[best], np.arange(count + 1)).tolist()
    best, score = best.tolist(), score.tolist()
    per_type = np.bincount(membership * len(ties.types) + ties.type_of,
                           minlength=count * len(ties.types)).reshape(count, len(ties.types))
    in_scope = np.bincount(membership, weights=ties.in_scope, minlength=count).astype(int)
    uncovered = np.bincount(membership, weights=ties.in_scope & ~ties.reached,
                            minlength=count).astype(int)
    ids = np.array(nodes, dtype=object)
    sizes, starts = sizes.tolist(), starts.tolist()
    found = []
    for number, community in enumerate(order, start=1):
        size = sizes[community]
        if size < min_size:
            continue
        brokers = best[best_starts[community]:best_starts[community + 1]]
        edges = internal[community]
        # nx.density's formula, and its integer 0, so that every method prints alike
        density = 0 if edges == 0 or size <= 1 else edges / (size * (size - 1)) * 2
        found.append(Cluster(
            id=number, size=size,
            members=ids[by_community[starts[community]:starts[community + 1]]].tolist(),
            by_type={ties.types[t]: int(n) for t, n in enumerate(per_type[community]) if n},
            density=round(density, DIGITS), brokers=[nodes[k] for k in brokers],
            broker_scores={nodes[k]: round(score[k], DIGITS) for k in brokers},
            in_scope=int(in_scope[community]), uncovered=int(uncovered[community])))
    return ClusterReport(found, ties.isolated, min_size, resolution, sample,
                         community_method=community_method, broker_method=broker_method)


def _igraph_graph(ties: _CooperationTies) -> igraph.Graph:
    import igraph

    return igraph.Graph(n=len(ties.nodes),
                        edges=list(zip(ties.first.tolist(), ties.second.tolist(), strict=True)))


def _leiden(graph: igraph.Graph, weight: np.ndarray, resolution: float,
            seed: int) -> np.ndarray:
    """Community of each node by igraph's Leiden algorithm on modularity, seeded."""
    if not graph.vcount():
        return np.zeros(0, dtype=np.int64)
    import igraph

    # igraph draws random numbers (the order nodes are visited in) from a process-wide
    # generator. python-igraph's default is the random module and there is no getter to
    # save another one by, so that default is what is put back.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        found = graph.community_leiden(objective_function="modularity", weights=weight.tolist(),
                                       resolution=resolution, n_iterations=2)
    finally:
        igraph.set_random_number_generator(random)
    return np.asarray(found.membership, dtype=np.int64)
