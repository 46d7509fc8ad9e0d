"""The area summary (``--summary``): zones and streets as single nodes.

Each zone and street becomes one node carrying the coverage of its in-scope units
(``in_scope``, ``covered``, the counts by mode, ``work_only``, ``uncovered``,
``formation_rate``, ``double_coverage_rate``, as ``coverage(by=...)`` computes them) and
``organizations`` (everything LOCATED_IN it). Edges:

* ``COOPERATES`` between two zones, or two streets, when organizations located in them are
  tied by cooperation (PARTNERS_WITH, INCUBATES, SERVES, MEMBER_OF); ``count`` is the number
  of such ties and ``by_type`` counts them per relationship type. Zones are compared with
  zones and streets with streets only: the two grids overlap, so a zone-street pair says
  nothing about cooperation across areas.
* ``SHARES_UNITS`` between a zone and a street holding the same organizations (``count``).

When zones and streets together are more than ``max_nodes`` (a district of a million
organizations has thousands of streets), the summary shows the zones alone and says so;
``--zone ID`` then shows one zone's streets and units. When the cooperation links are more
than ``max_edges`` (600 zones of a million organizations had 41,906), only the strongest are
drawn, and the description says how many.

>>> import networkx as nx
>>> from graphmodel.analysis.projection import Projection
>>> g = nx.MultiDiGraph()
>>> for node, kind in (("s1", "street"), ("s2", "street"), ("a", "enterprise"),
...                    ("b", "enterprise")):
...     g.add_node(node, type=kind, name=node)
>>> for unit, street in (("a", "s1"), ("b", "s2")):
...     _ = g.add_edge(unit, street, type="LOCATED_IN", mode=None)
>>> _ = g.add_edge("a", "b", type="PARTNERS_WITH", mode=None)
>>> scope = summary_scope(Projection(g))
>>> [(a, b, d["type"], d["count"]) for a, b, d in scope.graph.edges(data=True)]
[('s1', 's2', 'COOPERATES', 1)]
>>> scope.graph.nodes["s1"]["formation_rate"]
0.0
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from graphmodel import schema
from graphmodel.analysis.coverage import as_projection, coverage
from graphmodel.analysis.projection import Projection
from graphmodel.analysis.scopes import Scope, figure_row
from graphmodel.i18n import Text, sentences
from graphmodel.store.base import GraphStore

ROW_FIELDS = ("in_scope", "covered", "standalone", "joint", "affiliated", "entrusted",
              "work_only", "uncovered", "formation_rate", "double_coverage_rate")


def summary_of(source: GraphStore | Projection, max_nodes: int | None = None,
               max_edges: int | None = None, target: float | None = None,
               ) -> tuple[Scope, dict[str, Any]]:
    """The summary's scope and the figures of every in-scope unit (``coverage``'s total).

    From a store that reads integer columns (``store.columns()``), only the columns the
    summary counts are read (``columns_summary``); else the whole projection."""
    scope = None
    if isinstance(source, GraphStore):
        scope = columns_summary(source, max_nodes, max_edges, target)
    if scope is None:
        scope = summary_scope(as_projection(source), max_nodes, max_edges, target)
    return scope, dict(scope.figures or {})


def summary_scope(projection: Projection, max_nodes: int | None = None,
                  max_edges: int | None = None, target: float | None = None) -> Scope:
    """Zones and streets with their coverage, joined where their organizations cooperate.

    Zones alone when zones and streets together would be more than ``max_nodes``; only the
    ``max_edges`` strongest cooperation links (most ties) when there are more.
    """
    ids = {area_type: projection.of_type(area_type) for area_type in ("zone", "street")}
    zones_only = max_nodes is not None and len(ids["zone"]) + len(ids["street"]) > max_nodes
    areas_of: dict[str, list[str]] = {}  # organization -> its areas, zones first, by id
    located: dict[str, int] = {}  # area -> organizations LOCATED_IN it
    # each organization's zone and street as Projection.area finds them (the smallest id:
    # ids[...] is sorted, so the first area seen), worked out once here, not per unit
    smallest: dict[str, dict[str, str]] = {"zone": {}, "street": {}}
    grid: dict[str, str] = {}  # area -> "zone" or "street"
    shown = ("zone",) if zones_only else ("zone", "street")
    for area_type in shown:
        first = smallest[area_type]
        for area in ids[area_type]:
            grid[area] = area_type
            inside = [s for s, _ in projection.in_edges(area, "LOCATED_IN")]
            for organization in inside:
                areas_of.setdefault(organization, []).append(area)
                first.setdefault(organization, area)
            located[area] = len(inside)
    placed = Projection(projection.graph, smallest)
    reports = {area_type: coverage(placed, by=area_type, target=target) for area_type in shown}
    ties: dict[tuple[str, str], Counter[str]] = {}
    kinds = frozenset(schema.COOPERATION_TYPES)
    # NetworkX's own adjacency dicts: 3.6M edges at 1M, which its edge views walk 2x slower
    for a, targets in projection.graph._succ.items():
        if a not in areas_of:
            continue
        for b, keyed in targets.items():
            if b not in areas_of:
                continue
            for data in keyed.values():
                if data["type"] not in kinds:
                    continue
                for area_a in areas_of[a]:
                    for area_b in areas_of[b]:
                        if area_a != area_b and grid[area_a] == grid[area_b]:
                            pair = (min(area_a, area_b), max(area_a, area_b))
                            ties.setdefault(pair, Counter())[data["type"]] += 1
    shared: Counter[tuple[str, str]] = Counter()
    if not zones_only:
        for areas in areas_of.values():
            if len(areas) > 1:
                in_zones = [x for x in areas if grid[x] == "zone"]
                in_streets = [x for x in areas if grid[x] == "street"]
                for zone in in_zones:
                    for street in in_streets:
                        shared[zone, street] += 1
    unplaced = sum(1 for n in projection.of_type(*sorted(schema.NON_AREA_TYPES))
                   if n not in areas_of)
    nodes = {area: projection.node(area) for area_type in shown for area in ids[area_type]}
    return _assemble(_Counted(nodes, located, reports, ties, shared, unplaced,
                              len(ids["zone"]), len(ids["street"]), zones_only),
                     max_nodes, max_edges)


@dataclass
class _Counted:
    """What the summary counted: the areas shown (zones, then streets, each by id) with
    their node data, their organizations, coverage reports by zone (and street), the
    cooperation ties between two areas by type, the organizations a zone and a street share,
    the organizations in no area shown, and the numbers of zones and streets."""

    nodes: dict[str, dict[str, Any]]
    located: dict[str, int]
    reports: dict[str, Any]
    ties: dict[tuple[str, str], Counter[str]]
    shared: Counter[tuple[str, str]]
    unplaced: int
    zones: int
    streets: int
    zones_only: bool


def _assemble(counted: _Counted, max_nodes: int | None, max_edges: int | None) -> Scope:
    """The summary's scope from what was counted (from a projection or from columns)."""
    graph = nx.MultiDiGraph()
    zones, streets, zones_only = counted.zones, counted.streets, counted.zones_only
    rows = {area_type: {row.group: asdict(row) for row in report.groups}
            for area_type, report in counted.reports.items()}
    for area, data in counted.nodes.items():
        row = rows[data["type"]].get(area, {})
        graph.add_node(area, **data, context=False, organizations=counted.located[area],
                       **{key: row.get(key, 0 if key in ROW_FIELDS[:8] else None)
                          for key in ROW_FIELDS}, gap=row.get("gap"))
    # (the total counts every in-scope unit, those in no zone too)
    total = counted.reports["zone"].total
    strongest = sorted(counted.ties.items(), key=lambda tie: (-sum(tie[1].values()), tie[0]))
    room = len(strongest) if max_edges is None else max(0, max_edges - len(counted.shared))
    kept, dropped = strongest[:room], strongest[room:]
    for (a, b), by_type in sorted(kept):
        graph.add_edge(a, b, type="COOPERATES", mode=None, count=sum(by_type.values()),
                       by_type=dict(sorted(by_type.items())))
    for (zone, street), count in sorted(counted.shared.items()):
        graph.add_edge(zone, street, type="SHARES_UNITS", mode=None, count=count, by_type={})
    description = [Text("Each zone and street is one node, sized by its in-scope units and "
                        "coloured by formation rate (covered / in scope); lines join areas "
                        "whose organizations cooperate (PARTNERS_WITH, INCUBATES, SERVES, "
                        "MEMBER_OF).")]
    if counted.unplaced and not zones_only:
        description.append(Text("{count:,} organizations lie in no zone or street and are "
                                "not shown.", count=counted.unplaced))
    title = Text("Zones and streets: {zones}, {streets}", zones=_zones(zones),
                 streets=_streets(streets))
    if zones_only:
        title = Text("Zones: {zones} (streets left out)", zones=_zones(zones))
        description.append(Text("Streets are left out: {zones} and {streets} are more than "
                                "the {count:,} nodes a view can show; --zone ID shows one "
                                "zone with its streets.", zones=_zones(zones),
                                streets=_streets(streets), count=max_nodes))
    if dropped:
        description.append(Text("Only the {kept:,} strongest of {count:,} cooperation links "
                                "are drawn (those with the most ties; the weakest have "
                                "{weakest} or fewer).", kept=len(kept), count=len(strongest),
                                weakest=sum(dropped[0][1].values())))
    return Scope("summary", title, sentences(description), graph, uncovered=total.uncovered,
                 figures=figure_row(total))


def _zones(count: int) -> Text:
    return Text("{count:,} zone" if count == 1 else "{count:,} zones", count=count)


def _streets(count: int) -> Text:
    return Text("{count:,} street" if count == 1 else "{count:,} streets", count=count)


def columns_summary(store: GraphStore, max_nodes: int | None, max_edges: int | None,
                    target: float | None) -> Scope | None:
    """The summary counted from integer columns, without projecting the graph: the areas
    (one small read), each area's members and the cooperation ties as columns of node ids,
    coverage by zone and street as ``coverage`` counts it from its own columns. The same
    scope as ``summary_scope(project(store))``; None where the store reads no columns, or
    an area's id is not text or it has two labels (then the projection decides)."""
    import numpy as np

    from graphmodel import cypherlib
    from graphmodel.store.columns import CODE_OF_LABEL

    reads = store.columns()
    if reads is None:
        return None
    statements = cypherlib.read("views/falkordb/summary.cypher").statements()
    with store.reading():  # node ids are valid within one graph only
        found = store.read_table(statements[0])
        at = {name: index for index, name in enumerate(found.columns)}
        rows = [row for row in found.rows if row[at["id"]] is not None]
        if any(type(row[at["id"]]) is not str or row[at["labels"]] != 1 for row in rows):
            return None
        ids = {kind: sorted(row[at["id"]] for row in rows
                            if schema.TYPE_OF_LABEL.get(row[at["label"]]) == kind)
               for kind in ("zone", "street")}
        if any(len(set(found)) < len(found) for found in ids.values()):
            return None  # (two areas of one id: the projection makes them one)
        zones_only = max_nodes is not None and len(ids["zone"]) + len(ids["street"]) > max_nodes
        shown = ("zone",) if zones_only else ("zone", "street")
        # coverage is counted meanwhile on other connections: the server answers both at
        # once (1M organizations: 5.9 s one after the other, 3.9 s so)
        with ThreadPoolExecutor(max_workers=len(shown)) as pool:
            counting = {kind: pool.submit(coverage, store, by=kind, target=target)
                        for kind in shown}
            keys_of = {label: store.read_columns(cypherlib.fill(statements[1], label=label),
                                                 {"label": label}, arrays={"keys"})[0]["keys"]
                       for label in sorted(schema.TYPE_OF_LABEL)}
            size = 1 + max((int(k.max()) for k in keys_of.values() if len(k)), default=-1)
            label_of = np.zeros(size, dtype=np.int64)
            for label, keys in keys_of.items():
                label_of[keys] = CODE_OF_LABEL[label]
            is_organization = np.zeros(len(CODE_OF_LABEL) + 1, dtype=bool)
            for label, code in CODE_OF_LABEL.items():
                is_organization[code] = schema.TYPE_OF_LABEL[label] in schema.NON_AREA_TYPES
            members: dict[str, dict[str, Any]] = {}
            for kind in shown:
                index = {area: number for number, area in enumerate(ids[kind])}
                found_members = {}
                for row in reads.area_members(schema.LABELS[kind]):
                    if row["group"] in index:
                        units = row["units"]
                        units = np.unique(units[units < size])
                        found_members[row["group"]] = units[is_organization[label_of[units]]]
                members[kind] = {"index": index, "units": found_members}
            ties_batches = [(rel_type, columns) for rel_type, _, columns in
                            reads.relationship_columns(label_of, schema.COOPERATION_TYPES)]
            reports = {kind: counting[kind].result() for kind in shown}
    located = {area: len(members[kind]["units"].get(area, ())) for kind in shown
               for area in ids[kind]}
    # each organization's area per grid (-1: none; -2: several, counted one by one)
    first: dict[str, Any] = {}
    several: dict[str, dict[int, list[int]]] = {}
    for kind in shown:
        area_of = np.full(size, -1, dtype=np.int64)
        many: dict[int, list[int]] = {}
        for area, units in members[kind]["units"].items():
            number = members[kind]["index"][area]
            clash = units[area_of[units] != -1]
            for unit in clash.tolist():
                many.setdefault(unit, [int(area_of[unit])] if area_of[unit] >= 0 else []
                                ).append(number)
            area_of[units] = np.where(area_of[units] == -1, number, -2)
        for unit in many:
            area_of[unit] = -2
            many[unit] = sorted(set(many[unit]))
        first[kind], several[kind] = area_of, many
    ties: dict[tuple[str, str], Counter[str]] = {}
    for rel_type, columns in ties_batches:
        a, b = columns["source"], columns["target"]
        pairs = np.unique(np.stack([a, b], axis=1), axis=0) if len(a) else np.zeros((0, 2),
                                                                                      np.int64)
        for kind in shown:
            names, area_of, many = ids[kind], first[kind], several[kind]
            ea, eb = area_of[pairs[:, 0]], area_of[pairs[:, 1]]
            plain = (ea >= 0) & (eb >= 0) & (ea != eb)
            low, high = np.minimum(ea[plain], eb[plain]), np.maximum(ea[plain], eb[plain])
            codes, counts = np.unique(low * len(names) + high, return_counts=True)
            for code, count in zip(codes.tolist(), counts.tolist(), strict=True):
                pair = (names[code // len(names)], names[code % len(names)])
                ties.setdefault(pair, Counter())[rel_type] += count
            odd = (ea == -2) | (eb == -2)
            for x, y in pairs[odd & (ea != -1) & (eb != -1)].tolist():
                for area_x in many.get(x, [int(area_of[x])]):
                    for area_y in many.get(y, [int(area_of[y])]):
                        if area_x != area_y:
                            pair = (names[min(area_x, area_y)], names[max(area_x, area_y)])
                            ties.setdefault(pair, Counter())[rel_type] += 1
    shared: Counter[tuple[str, str]] = Counter()
    if not zones_only:
        zone_of, street_of = first["zone"], first["street"]
        both = np.flatnonzero((zone_of != -1) & (street_of != -1))
        plain = both[(zone_of[both] >= 0) & (street_of[both] >= 0)]
        codes, counts = np.unique(zone_of[plain] * len(ids["street"]) + street_of[plain],
                                  return_counts=True)
        for code, count in zip(codes.tolist(), counts.tolist(), strict=True):
            shared[ids["zone"][code // len(ids["street"])],
                   ids["street"][code % len(ids["street"])]] += count
        for unit in both[(zone_of[both] == -2) | (street_of[both] == -2)].tolist():
            for zone in several["zone"].get(unit, [int(zone_of[unit])]):
                for street in several["street"].get(unit, [int(street_of[unit])]):
                    shared[ids["zone"][zone], ids["street"][street]] += 1
    placed = np.zeros(size, dtype=bool)
    for kind in shown:
        placed |= first[kind] != -1
    unplaced = int(np.count_nonzero(is_organization[label_of] & ~placed))
    data = {row[at["id"]]: {"type": schema.TYPE_OF_LABEL[row[at["label"]]],
                            **{name: row[at[name]] for name in schema.NODE_FIELDS}}
            for row in rows}
    nodes = {area: data[area] for kind in shown for area in ids[kind]}
    return _assemble(_Counted(nodes, located, reports, ties, shared, unplaced,
                              len(ids["zone"]), len(ids["street"]), zones_only),
                     max_nodes, max_edges)
