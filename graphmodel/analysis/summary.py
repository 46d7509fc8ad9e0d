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
from dataclasses import asdict
from typing import Any

import networkx as nx

from graphmodel import schema
from graphmodel.analysis.coverage import as_projection, coverage
from graphmodel.analysis.projection import Projection
from graphmodel.analysis.scopes import Scope, figure_row
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
    zones, streets = len(ids["zone"]), len(ids["street"])
    zones_only = max_nodes is not None and zones + streets > max_nodes
    graph = nx.MultiDiGraph()
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
    for area_type in shown:
        rows = {row.group: asdict(row) for row in reports[area_type].groups}
        for area in ids[area_type]:
            row = rows.get(area, {})
            graph.add_node(area, **projection.node(area), context=False,
                           organizations=located[area],
                           **{key: row.get(key, 0 if key in ROW_FIELDS[:8] else None)
                              for key in ROW_FIELDS}, gap=row.get("gap"))
    # (the total counts every in-scope unit, those in no zone too)
    uncovered = reports["zone"].total.uncovered
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
    strongest = sorted(ties.items(), key=lambda tie: (-sum(tie[1].values()), tie[0]))
    room = len(strongest) if max_edges is None else max(0, max_edges - len(shared))
    kept, dropped = strongest[:room], strongest[room:]
    for (a, b), by_type in sorted(kept):
        graph.add_edge(a, b, type="COOPERATES", mode=None, count=sum(by_type.values()),
                       by_type=dict(sorted(by_type.items())))
    for (zone, street), count in sorted(shared.items()):
        graph.add_edge(zone, street, type="SHARES_UNITS", mode=None, count=count, by_type={})
    unplaced = sum(1 for n in projection.of_type(*sorted(schema.NON_AREA_TYPES))
                   if n not in areas_of)
    description = ("Each zone and street is one node, sized by its in-scope units and "
                   "coloured by formation rate (covered / in scope); lines join areas whose "
                   "organizations cooperate (PARTNERS_WITH, INCUBATES, SERVES, MEMBER_OF).")
    if unplaced and not zones_only:
        description += f" {unplaced:,} organizations lie in no zone or street and are not shown."
    title = (f"Zones and streets: {zones} {_plural(zones, 'zone')}, "
             f"{streets} {_plural(streets, 'street')}")
    if zones_only:
        title = f"Zones: {zones:,} {_plural(zones, 'zone')} (streets left out)"
        description += (f" Streets are left out: {zones:,} {_plural(zones, 'zone')} and "
                        f"{streets:,} {_plural(streets, 'street')} are more than the "
                        f"{max_nodes:,} nodes a view can show; --zone ID shows one zone with "
                        "its streets.")
    if dropped:
        description += (f" Only the {len(kept):,} strongest of "
                        f"{len(strongest):,} cooperation links are drawn (those with the most "
                        f"ties; the weakest have {sum(dropped[0][1].values())} or fewer).")
    return Scope("summary", title, description, graph, uncovered=uncovered,
                 figures=figure_row(reports["zone"].total))


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"


def columns_summary(store: GraphStore, max_nodes: int | None, max_edges: int | None,
                    target: float | None) -> Scope | None:
    """The summary from integer columns (None: the store reads none, use the projection)."""
    return None
