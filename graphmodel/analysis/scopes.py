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

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphmodel import schema
from graphmodel.analysis.coverage import as_projection, unit_status
from graphmodel.analysis.parts import area_part, ego_part
from graphmodel.analysis.places import find_node, fold
from graphmodel.analysis.projection import Projection
from graphmodel.errors import UsageError
from graphmodel.i18n import Codes, Text
from graphmodel.store.base import GraphStore

COVERAGE_TYPES = ("COVERS", "GUIDES")


@dataclass
class Scope:
    """The subgraph a view shows, with what the page says about it."""

    kind: str
    #: (Text: English, said in the chosen language where the page shows it)
    title: str
    description: str
    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    #: the summary's count of uncovered in-scope units in the whole graph (None: other scopes)
    uncovered: int | None = None
    #: the summary's figures of every in-scope unit (``coverage``'s total; None: other scopes)
    figures: dict[str, Any] | None = None

    @property
    def context(self) -> list[str]:
        """Ids of the faded neighbours (outside the scope proper), sorted."""
        return sorted(n for n, c in self.graph.nodes(data="context") if c)


def whole_scope(projection: Projection) -> Scope:
    """Every node and relationship."""
    n = projection.graph.number_of_nodes()
    return _scope(projection, "graph", set(projection.graph), set(),
                  Text("Whole graph: {count:,} organizations and areas", count=n),
                  Text("Every organization, zone and street with all their relationships."))


def area_scope(projection: Projection, area_id: str, area_type: str) -> Scope:
    """An area (zone or street, by id or name), the organizations in it, and their direct
    ties (faded)."""
    area_id = find_node(projection, area_id, f"--{area_type}", (area_type,))
    core = {area_id} | {s for s, _ in projection.in_edges(area_id, "LOCATED_IN")}
    context: set[str] = set()
    for node in core - {area_id}:
        for neighbour in _neighbours(projection, node):
            if (neighbour not in core
                    and projection.node(neighbour)["type"] not in schema.AREA_TYPES):
                context.add(neighbour)
    name = _name(projection, area_id)
    zone = area_type == "zone"
    return _scope(projection, area_type, core, context,
                  Text("Zone {name} ({id}): {count:,} organizations located in it" if zone
                       else "Street {name} ({id}): {count:,} organizations located in it",
                       name=name, id=area_id, count=len(core) - 1),
                  Text("The zone and every organization LOCATED_IN it; faded: organizations "
                       "outside it tied to them directly (covering or guiding party "
                       "organizations, superiors, partners, incubators, services, "
                       "associations)." if zone else
                       "The street and every organization LOCATED_IN it; faded: organizations "
                       "outside it tied to them directly (covering or guiding party "
                       "organizations, superiors, partners, incubators, services, "
                       "associations)."))


def ego_scope(projection: Projection, centre: str, depth: int) -> Scope:
    """Nodes within ``depth`` steps of ``centre`` (by id or name); areas are reached but not
    walked through."""
    if depth < 1:
        raise UsageError(Text("--depth {depth}: must be 1 or more", depth=depth))
    centre = find_node(projection, centre, "--ego")
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
    one = depth == 1
    return _scope(projection, "ego", seen, set(),
                  Text("Around {name} ({id}): {count:,} organizations within {depth} step"
                       if one else
                       "Around {name} ({id}): {count:,} organizations within {depth} steps",
                       name=_name(projection, centre), id=centre, count=len(seen) - 1,
                       depth=depth),
                  Text("Everything within {depth} step of {id}, in either direction; zones "
                       "and streets are shown when reached but not walked through." if one
                       else "Everything within {depth} steps of {id}, in either direction; "
                       "zones and streets are shown when reached but not walked through.",
                       depth=depth, id=centre))


def cluster_scope(projection: Projection, number: int, members_by_cluster: list[list[str]],
                  ) -> Scope:
    """Members of partnership cluster ``number`` (1-based) and, faded, their party orgs."""
    if not members_by_cluster:
        raise UsageError(Text("--cluster {number}: the graph has no partnership clusters "
                              "(no PARTNERS_WITH, INCUBATES, SERVES or MEMBER_OF ties)",
                              number=number))
    if not 1 <= number <= len(members_by_cluster):
        raise UsageError(Text("--cluster {number}: no such cluster; there are {count} "
                              "(1-{count}), see `graphmodel clusters`", number=number,
                              count=len(members_by_cluster)))
    core = set(members_by_cluster[number - 1])
    context = set()
    for node in core:
        for rel_type in COVERAGE_TYPES:
            context.update(s for s, _ in projection.in_edges(node, rel_type) if s not in core)
    return _scope(projection, "cluster", core, context,
                  Text("Partnership cluster {number} of {clusters}: {count:,} organizations",
                       number=number, clusters=len(members_by_cluster), count=len(core)),
                  Text("Organizations tied by cooperation (PARTNERS_WITH, INCUBATES, SERVES, "
                       "MEMBER_OF) as `graphmodel clusters` groups them; faded: the party "
                       "organizations that cover or guide its units."))


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


# --- a view's scope, prepared for drawing ----------------------------------------------------

#: the most nodes and relationships a view shows (see graphmodel/views/view.py for why)
MAX_NODES = 5_000
MAX_EDGES = 20_000
#: above this many nodes a page opens grouped (one node per street, industry or cluster)
GROUP_ABOVE = 1_000
#: the most nodes a grouped page draws when it opens
MAX_DRAWN = 1_000
#: the most links between areas the summary draws, the strongest (600 zones of a million
#: organizations have 41,906: drawn, they are a grey mass and a 4 MB page)
SUMMARY_MAX_EDGES = 2_000
#: the figures every page carries (``PreparedView.figures``), as ``coverage`` names them
FIGURE_FIELDS = ("in_scope", "covered", "standalone", "joint", "affiliated", "entrusted",
                 "work_only", "uncovered", "formation_rate", "double_coverage_rate")


@dataclass
class Group:
    """Nodes a large page draws as one until it is opened: the units of one street (zone
    pages), of one industry (street pages) or of one partnership cluster, with the coverage
    figures of its in-scope units (``FIGURE_FIELDS``, from ``coverage``)."""

    key: str
    name: str
    kind: str  # "street", "industry", "cluster", "type" (nodes of one type), "outside", "rest"
    members: list[str]
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass
class PreparedView:
    """Everything a page draws, worked out: the scope, each node's coverage status (in-scope
    units), the zone and street of each organization (names, for its tooltip), how many
    units it shows uncovered (for the summary: in all), and the legend's coverage figures:
    how many shown units are uncovered or work only, and the uncovered ones by name.

    ``figures``: the scope's own coverage (its in-scope units only, faded neighbours left
    out), as ``coverage`` gives it, with ``nodes`` (everything the scope holds) and
    ``shown`` (the nodes drawn when the page opens). ``groups``: how a large page opens
    grouped (empty: every node drawn). ``clusters``: each node's partnership cluster within
    the scope (numbered from 1, largest first), for colouring by cluster.
    """

    scope: Scope
    status: dict[str, str] = field(default_factory=dict)
    places: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    uncovered: int = 0
    #: units in the scope per flagged status ("uncovered", "work_only"); absent: none
    flagged: dict[str, int] = field(default_factory=dict)
    #: (id, name) of every uncovered unit in the scope, sorted by name then id
    uncovered_units: list[tuple[str, str]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    clusters: dict[str, int] = field(default_factory=dict)
    #: the target formation rate asked for (the summary's colour scale and gaps), or None
    target: float | None = None
    #: the page's search folds Traditional and Simplified: each character of the names and
    #: ids shown (and its other form) that differs from its Simplified form -> that form
    fold: dict[str, str] = field(default_factory=dict)


def prepare(source: GraphStore | Projection, *, zone: str | None = None,
            street: str | None = None, ego: str | None = None, depth: int = 1,
            cluster: int | str | None = None, summary_view: bool = False,
            max_nodes: int | None = None, max_edges: int | None = None,
            target: float | None = None) -> PreparedView:
    """The scope asked for (the whole graph when nothing is), ready to draw.

    At most one of ``zone``, ``street``, ``ego`` (with ``depth``), ``cluster``,
    ``summary_view`` may be given; zones, streets and centres by id or by name
    (graphmodel/analysis/places.py), a cluster by number, label or a member's id or name.
    Raises UsageError for an unknown id or a scope above ``max_nodes`` nodes or ``max_edges``
    relationships (default ``MAX_NODES``, ``MAX_EDGES``). Given a store, a zone, street or
    ego view reads only its part of the graph (``parts``), and the summary only the columns
    it counts (``summary``); the cluster and whole-graph views read the whole graph.
    ``target`` (a rate) gives the summary its scale and every page's figures their gap.
    """
    chosen = [name for name, value in (("--zone", zone), ("--street", street), ("--ego", ego),
                                       ("--cluster", cluster), ("--summary", summary_view))
              if value is not None and value is not False]  # (--cluster 0 is a scope)
    if len(chosen) > 1:
        raise UsageError(Text("choose one scope: {options} were given together",
                              options=Codes("option", chosen, " and ")))
    if depth != 1 and ego is None:
        raise UsageError(Text("--depth goes with --ego ID"))
    if target is not None and not 0 <= target <= 1:
        raise UsageError(Text("--target {target}: expected a rate between 0 and 1, e.g. 0.68",
                              target=target))
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    max_edges = MAX_EDGES if max_edges is None else max_edges
    if isinstance(source, GraphStore) and not chosen:
        refuse_a_whole_view_too_big(source, max_nodes)
    if summary_view:
        from graphmodel.analysis.summary import summary_of

        selected, figures = summary_of(source, max_nodes, min(max_edges, SUMMARY_MAX_EDGES),
                                       target)
        _check_size(selected, max_nodes, max_edges)
        figures.update(nodes=selected.graph.number_of_nodes(),
                       shown=selected.graph.number_of_nodes())
        return PreparedView(selected, uncovered=figures["uncovered"], figures=figures,
                            target=target, fold=search_folding(selected.graph))
    if zone is not None:
        zone = find_node(source, zone, "--zone", ("zone",))
    if street is not None:
        street = find_node(source, street, "--street", ("street",))
    if ego is not None:
        ego = find_node(source, ego, "--ego")
    projection = graph_for(source, zone=zone, street=street, ego=ego, depth=depth)
    selected = select(projection, zone=zone, street=street, ego=ego, depth=depth,
                      cluster=cluster, max_nodes=max_nodes, max_edges=max_edges)
    _check_size(selected, max_nodes, max_edges)
    status = unit_status(projection)
    graph = selected.graph
    inside = [node for node, faded in graph.nodes(data="context") if not faded]
    units = [node for node in inside if node in status]
    shown = {node: status[node] for node in graph if node in status}
    flagged = Counter(shown[unit] for unit in units if shown[unit] in ("uncovered",
                                                                       "work_only"))
    uncovered_units = sorted(((unit, _name(projection, unit)) for unit in units
                              if shown[unit] == "uncovered"), key=lambda unit: (unit[1], unit[0]))
    figures = figure_row(_coverage_of(projection, units, target=target).total)
    found = _clusters_within(selected)
    groups = (grouping(projection, selected, found, status)
              if graph.number_of_nodes() > GROUP_ABOVE else [])
    grouped = {member for group in groups for member in group.members}
    figures.update(nodes=graph.number_of_nodes(),
                   shown=len(groups) + sum(1 for node in graph if node not in grouped))
    if target is not None:
        figures["target"] = target
    return PreparedView(selected, shown, _places(projection, selected),
                        flagged["uncovered"], dict(flagged), uncovered_units, figures, groups,
                        found, target, search_folding(graph))


def search_folding(graph: nx.MultiDiGraph) -> dict[str, str]:
    """What the page's search folds: every character of the names and ids shown, and its
    Traditional form, that is not its own Simplified form -> its Simplified form (OpenCC),
    so that 哈新双创 finds 哈新雙創 and 哈新雙創 finds 哈新双创.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("inc-1", type="incubator", name="哈新雙創")
    >>> sorted(search_folding(g).items())
    [('創', '创'), ('雙', '双')]
    """
    from graphmodel.analysis.places import to_simplified, to_traditional

    shown = {ch for node, name in graph.nodes(data="name") for ch in f"{node}{name or ''}"
             if ord(ch) > 0x2e7f}  # (CJK and beyond)
    chars = shown | {other for ch in shown for other in to_traditional(ch)}
    folding = {ch: folded for ch in chars if len(folded := to_simplified(ch)) == 1
               and folded != ch}
    return dict(sorted(folding.items()))


def figure_row(row: Any) -> dict[str, Any]:
    """The figures of a ``coverage`` row (its FIGURE_FIELDS, and the gap when it has one)."""
    figures = {key: getattr(row, key) for key in FIGURE_FIELDS}
    if row.gap is not None:
        figures["gap"] = row.gap
    return figures


def _coverage_of(projection: Projection, units: Iterable[str], *,
                 group_of: dict[str, str] | None = None, target: float | None = None) -> Any:
    """``coverage`` of these units alone (by ``group_of``'s keys, when given): the units,
    the party organizations that COVER or GUIDE them, and those relationships."""
    from graphmodel.analysis.coverage import coverage

    graph = nx.MultiDiGraph()
    pred = projection.graph._pred
    for unit in units:
        graph.add_node(unit, **projection.node(unit))
    for unit in list(graph):
        for source, keyed in pred[unit].items():
            for data in keyed.values():
                if data["type"] in COVERAGE_TYPES:
                    if source not in graph:
                        graph.add_node(source, **projection.node(source))
                    graph.add_edge(source, unit, key=data["type"], **data)
    # (the groups ride on the projection's per-node zones: coverage by "zone" counts them)
    areas = None if group_of is None else {"zone": group_of, "street": {}}
    return coverage(Projection(graph, areas, projection.day),
                    by=None if group_of is None else "zone", target=target)


def _clusters_within(selected: Scope) -> dict[str, int]:
    """Each node's partnership cluster among the scope's own nodes (``clusters``)."""
    from graphmodel.analysis.clusters import clusters

    graph = selected.graph
    if not any(kind in schema.COOPERATION_TYPES for *_, kind in graph.edges(data="type")):
        return {}
    method = "networkx" if graph.number_of_nodes() <= 300 else "igraph"
    report = clusters(Projection(graph), method=method)
    return {member: found.id for found in report.clusters for member in found.members}


def grouping(projection: Projection, selected: Scope, cluster_of: dict[str, int],
             status: dict[str, str]) -> list[Group]:
    """How a large scope opens: zone pages by street, street pages by industry, others by
    partnership cluster; faded neighbours in one group, zones and streets on their own.
    At most MAX_DRAWN nodes drawn: the smallest groups are joined when there are more."""
    graph = selected.graph
    key_of: dict[str, tuple[str, str]] = {}  # node -> (group kind, value)
    for node, data in graph.nodes(data=True):
        kind = data["type"]
        if data.get("context"):
            key_of[node] = ("outside", "")
        elif kind in schema.AREA_TYPES:
            continue
        elif selected.kind == "zone":
            key_of[node] = ("street", projection.area(node, "street") or "")
        elif selected.kind == "street":
            industry = data.get("industry")
            key_of[node] = (("industry", str(industry)) if industry not in (None, "")
                            else ("type", kind))
        else:
            key_of[node] = (("cluster", str(cluster_of[node])) if node in cluster_of
                            else ("type", kind))
    members: dict[tuple[str, str], list[str]] = {}
    for node in sorted(key_of):
        members.setdefault(key_of[node], []).append(node)
    order = sorted(members, key=lambda key: (key[0] == "outside", -len(members[key]), key))
    room = MAX_DRAWN - (graph.number_of_nodes() - len(key_of))
    if len(order) > room:  # the smallest groups (never the faded ones) become one
        outside = [key for key in order if key[0] == "outside"]
        rest = [key for key in order if key[0] != "outside"]
        kept = max(0, room - len(outside) - 1)
        joined = sorted(node for key in rest[kept:] for node in members[key])
        members = {key: members[key] for key in rest[:kept] + outside} | {("rest", ""): joined}
        order = [*rest[:kept], ("rest", ""), *outside]
    taken = set(graph)
    groups, group_of = [], {}
    for number, key in enumerate(order, start=1):
        name = f"group:{number}"
        while name in taken:
            name = "~" + name
        taken.add(name)
        groups.append(Group(name, _group_name(projection, key, members[key]), key[0],
                            members[key]))
        group_of.update((node, name) for node in members[key] if node in status)
    rows = {row.group: row for row in _coverage_of(projection, group_of,
                                                   group_of=group_of).groups}
    for group in groups:
        if group.key in rows:
            group.figures = figure_row(rows[group.key])
        else:
            group.figures = dict.fromkeys(FIGURE_FIELDS, 0) | {
                "formation_rate": None, "double_coverage_rate": None}
    return groups


def _group_name(projection: Projection, key: tuple[str, str], members: list[str]) -> str:
    """What names a group: its street's name, its industry, its node type or cluster number
    (the page words it); empty for the faded and the joined small groups."""
    kind, value = key
    if kind == "street":
        return _name(projection, value) if value else ""
    return value


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


def too_many(what: Text) -> Text:
    """The refusal of a view too large to show, with what to show instead."""
    return Text("this view would have {what}: too many to show usably in a browser. Show a "
                "part: --summary (zones and streets as single nodes), --zone ID, --street ID, "
                "--ego ID --depth N or --cluster K. Nothing was written.", what=what)


def _check_size(selected: Scope, max_nodes: int, max_edges: int) -> None:
    nodes, edges = selected.graph.number_of_nodes(), selected.graph.number_of_edges()
    if nodes <= max_nodes and edges <= max_edges:
        return
    raise UsageError(too_many(
        Text("{count:,} nodes (the limit is {limit:,})", count=nodes, limit=max_nodes)
        if nodes > max_nodes else
        Text("{count:,} relationships (the limit is {limit:,})", count=edges,
             limit=max_edges)))


def graph_for(source: GraphStore | Projection, *, zone: str | None, street: str | None,
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
           ego: str | None = None, depth: int = 1, cluster: int | str | None = None,
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
        number = cluster_number(projection, cluster, report)
        return cluster_scope(projection, number, [c.members for c in report.clusters])
    if summary_view:
        from graphmodel.analysis.summary import summary_scope

        return summary_scope(projection, max_nodes, max_edges)
    return whole_scope(projection)


def cluster_number(projection: Projection, given: int | str, report: Any) -> int:
    """The number of the cluster ``given`` by number, by label (as ``graphmodel clusters``
    prints it) or by the id or name of one of its members."""
    text = str(given).strip()
    if isinstance(given, int) or text.lstrip("-").isdigit():
        return int(text)
    found = report.clusters
    for same in (lambda c: c.label == text, lambda c: fold(c.label) == fold(text)):
        labelled = [c.id for c in found if same(c)]
        if len(labelled) == 1:
            return labelled[0]
        if labelled:
            raise UsageError(Text("--cluster {given!r}: {count} clusters have this label: "
                                  "{numbers}; give the number you mean", given=given,
                                  count=len(labelled), numbers=", ".join(map(str, labelled))))
    try:
        member = find_node(projection, text, "--cluster")
    except UsageError:
        labels = sorted({c.label for c in found})
        from graphmodel.analysis.places import Choice, suggestions

        close = suggestions([Choice(label, label, "cluster") for label in labels], text)
        hint = Text(" (did you mean {choices}?)", choices=", ".join(close)) if close else ""
        raise UsageError(Text("--cluster {given!r}: no cluster has this number or label, and "
                              "no organization this id or name{hint}; see `graphmodel "
                              "clusters`", given=given, hint=hint)) from None
    for c in found:
        if member in c.members:
            return c.id
    raise UsageError(Text("--cluster {given!r}: {member} is in no partnership cluster (it has "
                          "no cooperation tie); see `graphmodel clusters`", given=given,
                          member=member))


def refuse_a_whole_view_too_big(store: GraphStore, max_nodes: int | None = None) -> None:
    """Refuse (UsageError) a view of the whole graph above ``max_nodes`` nodes (default
    ``MAX_NODES``) before the graph is read: it has at least as many nodes as there are
    different text ids (a second at a million organizations, where reading the graph takes
    half a minute)."""
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    statement = store.statement("views/text-ids.cypher")
    [[ids]] = store.read_table(statement, {"labels": list(schema.LABELS.values())}).rows
    if ids > max_nodes:
        raise UsageError(too_many(Text("at least {count:,} nodes (the limit is {limit:,})",
                                       count=ids, limit=max_nodes)))
