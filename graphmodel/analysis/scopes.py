"""Which part of the graph a view shows: the whole graph, an area, an ego network, a cluster.

Each function returns a ``Scope``: a MultiDiGraph copied from the projection whose nodes carry
their projection attributes plus ``context`` (True for a neighbour drawn faded, outside the
scope proper), and a title and description that the page shows as they are.

* whole graph: every node and relationship, zones and streets included;
* area (``--zone`` / ``--street``): the area, every organization LOCATED_IN it, and, faded,
  every organization tied to one of them by any relationship other than LOCATED_IN (covering
  or guiding party organizations, superiors, partners, incubators, services, associations);
  other zones and streets are left out;
* ego (``--ego ID --depth N``): the nodes within N steps of ID, ignoring direction; a zone or
  street is shown when reached but never walked through (else one step through an area
  would reach all its units), unless it is the centre;
* cluster (``--cluster K``): the members of partnership cluster K (numbered as
  ``graphmodel clusters`` prints them) and, faded, the party organizations that cover or
  guide its units.

Unknown ids raise ``UsageError`` naming the closest ids.

>>> import networkx as nx
>>> from graphmodel.analysis.projection import Projection
>>> g = nx.MultiDiGraph()
>>> g.add_node("s1", type="street", name="東街")
>>> g.add_node("e1", type="enterprise", name="甲")
>>> g.add_node("e2", type="enterprise", name="乙")
>>> _ = g.add_edge("e1", "s1", type="LOCATED_IN", mode=None)
>>> _ = g.add_edge("e1", "e2", type="PARTNERS_WITH", mode=None)
>>> scope = area_scope(Projection(g), "s1", "street")
>>> sorted(scope.graph.nodes(data="context"))
[('e1', False), ('e2', True), ('s1', False)]
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from graphmodel import schema
from graphmodel.analysis.coverage import as_projection, unit_status
from graphmodel.analysis.parts import area_part, ego_part
from graphmodel.analysis.projection import Projection
from graphmodel.errors import UsageError
from graphmodel.store.base import GraphStore

COVERAGE_TYPES = ("COVERS", "GUIDES")


@dataclass
class Scope:
    """The subgraph a view shows, with what the page says about it."""

    kind: str
    title: str
    description: str
    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    #: the summary's count of uncovered in-scope units in the whole graph (None: other scopes)
    uncovered: int | None = None

    @property
    def context(self) -> list[str]:
        """Ids of the faded neighbours (outside the scope proper), sorted."""
        return sorted(n for n, c in self.graph.nodes(data="context") if c)


def whole_scope(projection: Projection) -> Scope:
    """Every node and relationship."""
    n = projection.graph.number_of_nodes()
    return _scope(projection, "graph", set(projection.graph), set(),
                  f"Whole graph: {n:,} organizations and areas",
                  "Every organization, zone and street with all their relationships.")


def area_scope(projection: Projection, area_id: str, area_type: str) -> Scope:
    """An area (zone or street), the organizations in it, and their direct ties (faded)."""
    _check_id(projection, area_id, (area_type,), f"--{area_type}")
    core = {area_id} | {s for s, _ in projection.in_edges(area_id, "LOCATED_IN")}
    context: set[str] = set()
    for node in core - {area_id}:
        for neighbour in _neighbours(projection, node):
            if (neighbour not in core
                    and projection.node(neighbour)["type"] not in schema.AREA_TYPES):
                context.add(neighbour)
    name = _name(projection, area_id)
    return _scope(projection, area_type, core, context,
                  f"{area_type.capitalize()} {name} ({area_id}): "
                  f"{len(core) - 1:,} organizations located in it",
                  f"The {area_type} and every organization LOCATED_IN it; faded: organizations "
                  "outside it tied to them directly (covering or guiding party organizations, "
                  "superiors, partners, incubators, services, associations).")


def ego_scope(projection: Projection, centre: str, depth: int) -> Scope:
    """Nodes within ``depth`` steps of ``centre``; areas are reached but not walked through."""
    if depth < 1:
        raise UsageError(f"--depth {depth}: must be 1 or more")
    _check_id(projection, centre, None, "--ego")
    seen, frontier = {centre}, [centre]
    for _ in range(depth):
        reached = []
        for node in frontier:
            if node != centre and projection.node(node)["type"] in schema.AREA_TYPES:
                continue
            for neighbour in _neighbours(projection, node):
                if neighbour not in seen:
                    seen.add(neighbour)
                    reached.append(neighbour)
        frontier = sorted(reached)
    steps = "step" if depth == 1 else "steps"
    return _scope(projection, "ego", seen, set(),
                  f"Around {_name(projection, centre)} ({centre}): "
                  f"{len(seen) - 1:,} organizations within {depth} {steps}",
                  f"Everything within {depth} {steps} of {centre}, in either direction; zones "
                  "and streets are shown when reached but not walked through.")


def cluster_scope(projection: Projection, number: int, members_by_cluster: list[list[str]],
                  ) -> Scope:
    """Members of partnership cluster ``number`` (1-based) and, faded, their party orgs."""
    if not members_by_cluster:
        raise UsageError(f"--cluster {number}: the graph has no partnership clusters "
                         "(no PARTNERS_WITH, INCUBATES, SERVES or MEMBER_OF ties)")
    if not 1 <= number <= len(members_by_cluster):
        raise UsageError(f"--cluster {number}: no such cluster; there are "
                         f"{len(members_by_cluster)} (1-{len(members_by_cluster)}), "
                         "see `graphmodel clusters`")
    core = set(members_by_cluster[number - 1])
    context = set()
    for node in core:
        for rel_type in COVERAGE_TYPES:
            context.update(s for s, _ in projection.in_edges(node, rel_type) if s not in core)
    return _scope(projection, "cluster", core, context,
                  f"Partnership cluster {number} of {len(members_by_cluster)}: "
                  f"{len(core):,} organizations",
                  "Organizations tied by cooperation (PARTNERS_WITH, INCUBATES, SERVES, "
                  "MEMBER_OF) as `graphmodel clusters` groups them; faded: the party "
                  "organizations that cover or guide its units.")


def _scope(projection: Projection, kind: str, core: set[str], context: set[str], title: str,
           description: str) -> Scope:
    chosen = core | context
    graph = nx.MultiDiGraph()
    for node in sorted(chosen):
        graph.add_node(node, **projection.node(node), context=node in context)
    succ = projection.graph._succ  # the scope's own edges only, in a fixed order
    for a in sorted(chosen):
        for b in sorted(b for b in succ[a] if b in chosen):
            for _, data in sorted(succ[a][b].items()):
                graph.add_edge(a, b, **data)
    return Scope(kind, title, description, graph)


def _neighbours(projection: Projection, node: str) -> Iterable[str]:
    graph = projection.graph
    yield from graph.successors(node)
    yield from graph.predecessors(node)


def _name(projection: Projection, node: str) -> str:
    return str(projection.node(node).get("name") or node)


def _check_id(projection: Projection, node_id: str, types: tuple[str, ...] | None,
              option: str) -> None:
    """Raise UsageError unless ``node_id`` is a node (of one of ``types``)."""
    wanted = types[0] if types else "organization"
    if node_id in projection.graph:
        actual = projection.node(node_id)["type"]
        if types is None or actual in types:
            return
        raise UsageError(f"{option} {node_id!r}: that id is a {actual}, not a {wanted}")
    candidates = projection.of_type(*types) if types else sorted(projection.graph, key=str)
    close = sorted(difflib.get_close_matches(node_id, [str(c) for c in candidates], n=3,
                                             cutoff=0.6))
    hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
    if types and not close and 0 < len(candidates) <= 12:
        hint = f"; the {wanted}s are: {', '.join(candidates)}"
    elif types and not candidates:
        hint = f"; the graph has no {wanted}"
    raise UsageError(f"{option} {node_id!r}: no {wanted} has this id{hint}")


# --- a view's scope, prepared for drawing ----------------------------------------------------

#: the most nodes and relationships a view shows (see graphmodel/views/view.py for why)
MAX_NODES = 5_000
MAX_EDGES = 20_000


@dataclass
class PreparedView:
    """Everything a page draws, worked out: the scope, each node's coverage status (in-scope
    units), the zone and street of each organization (names, for its tooltip), how many
    units it shows uncovered (for the summary: in all), and the legend's coverage figures:
    how many shown units are uncovered or work only, and the uncovered ones by name."""

    scope: Scope
    status: dict[str, str] = field(default_factory=dict)
    places: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    uncovered: int = 0
    #: shown units per flagged status ("uncovered", "work_only"); absent: none shown
    flagged: dict[str, int] = field(default_factory=dict)
    #: (id, name) of every uncovered unit shown, sorted by name then id
    uncovered_units: list[tuple[str, str]] = field(default_factory=list)


def prepare(source: GraphStore | Projection, *, zone: str | None = None,
            street: str | None = None, ego: str | None = None, depth: int = 1,
            cluster: int | None = None, summary_view: bool = False,
            max_nodes: int | None = None, max_edges: int | None = None) -> PreparedView:
    """The scope asked for (the whole graph when nothing is), ready to draw.

    At most one of ``zone``, ``street``, ``ego`` (with ``depth``), ``cluster``,
    ``summary_view`` may be given. Raises UsageError for an unknown id or a scope above
    ``max_nodes`` nodes or ``max_edges`` relationships (default ``MAX_NODES``,
    ``MAX_EDGES``). Given a store, a zone, street or ego view reads only its part of the
    graph (``parts``); every other scope reads the whole graph.
    """
    chosen = [name for name, value in (("--zone", zone), ("--street", street), ("--ego", ego),
                                       ("--cluster", cluster), ("--summary", summary_view))
              if value is not None and value is not False]  # (--cluster 0 is a scope)
    if len(chosen) > 1:
        raise UsageError(f"choose one scope: {' and '.join(chosen)} were given together")
    if depth != 1 and ego is None:
        raise UsageError("--depth goes with --ego ID")
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    max_edges = MAX_EDGES if max_edges is None else max_edges
    if isinstance(source, GraphStore) and not chosen:
        refuse_a_whole_view_too_big(source, max_nodes)
    projection = _graph_for(source, zone=zone, street=street, ego=ego, depth=depth)
    selected = select(projection, zone=zone, street=street, ego=ego, depth=depth,
                      cluster=cluster, summary_view=summary_view, max_nodes=max_nodes,
                      max_edges=max_edges)
    _check_size(selected, max_nodes, max_edges)
    if selected.kind == "summary":
        return PreparedView(selected, uncovered=selected.uncovered or 0)
    status = unit_status(projection)
    shown = {node: status[node] for node in selected.graph if node in status}
    flagged = Counter(kind for kind in shown.values() if kind in ("uncovered", "work_only"))
    uncovered_units = sorted(((node, _name(projection, node)) for node, kind in shown.items()
                              if kind == "uncovered"), key=lambda unit: (unit[1], unit[0]))
    return PreparedView(selected, shown, _places(projection, selected),
                        flagged["uncovered"], dict(flagged), uncovered_units)


def _places(projection: Projection, selected: Scope) -> dict[str, list[tuple[str, str]]]:
    """The zone and street (type, name) of each organization shown that has one."""
    places = {}
    for node, kind in selected.graph.nodes(data="type"):
        if kind in schema.AREA_TYPES:
            continue
        found = [(area_type, _name(projection, area))
                 for area_type in ("zone", "street")
                 if (area := projection.area(node, area_type)) is not None]
        if found:
            places[node] = found
    return places


def too_many(what: str) -> str:
    """The refusal of a view too large to show, with what to show instead."""
    return (f"this view would have {what}: too many to show usably in a browser. Show a "
            "part: --summary (zones and streets as single nodes), --zone ID, --street ID, "
            "--ego ID --depth N or --cluster K. Nothing was written.")


def _check_size(selected: Scope, max_nodes: int, max_edges: int) -> None:
    nodes, edges = selected.graph.number_of_nodes(), selected.graph.number_of_edges()
    if nodes <= max_nodes and edges <= max_edges:
        return
    raise UsageError(too_many(f"{nodes:,} nodes (the limit is {max_nodes:,})"
                              if nodes > max_nodes
                              else f"{edges:,} relationships (the limit is {max_edges:,})"))


def _graph_for(source: GraphStore | Projection, *, zone: str | None, street: str | None,
               ego: str | None, depth: int) -> Projection:
    """The graph the view selects from: of a zone, a street or an ego network only its part
    (``parts``), which a district of a million organizations reads in a second instead of
    half a minute."""
    part = None
    if isinstance(source, GraphStore):
        if zone is not None:
            part = area_part(source, zone, "zone")
        elif street is not None:
            part = area_part(source, street, "street")
        elif ego is not None:
            part = ego_part(source, ego, depth)
    return part if part is not None else as_projection(source)


def select(projection: Projection, *, zone: str | None = None, street: str | None = None,
           ego: str | None = None, depth: int = 1, cluster: int | None = None,
           summary_view: bool = False, max_nodes: int | None = None,
           max_edges: int | None = None) -> Scope:
    """The scope asked for (the whole graph when nothing is).

    The limits let the summary of a very large district fall back to zones alone and to its
    strongest cooperation links.
    """
    if zone is not None:
        return area_scope(projection, zone, "zone")
    if street is not None:
        return area_scope(projection, street, "street")
    if ego is not None:
        return ego_scope(projection, ego, depth)
    if cluster is not None:
        from graphmodel.analysis.clusters import clusters

        report = clusters(projection)
        return cluster_scope(projection, cluster, [c.members for c in report.clusters])
    if summary_view:
        from graphmodel.analysis.summary import summary_scope

        return summary_scope(projection, max_nodes, max_edges)
    return whole_scope(projection)


def refuse_a_whole_view_too_big(store: GraphStore, max_nodes: int | None = None) -> None:
    """Refuse (UsageError) a view of the whole graph above ``max_nodes`` nodes (default
    ``MAX_NODES``) before the graph is read: it has at least as many nodes as there are
    different text ids (a second at a million organizations, where reading the graph takes
    half a minute)."""
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    statement = store.statement("views/text-ids.cypher")
    [[ids]] = store.read_table(statement, {"labels": list(schema.LABELS.values())}).rows
    if ids > max_nodes:
        raise UsageError(too_many(f"at least {ids:,} nodes (the limit is {max_nodes:,})"))
