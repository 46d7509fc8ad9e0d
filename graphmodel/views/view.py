"""``view``: write an interactive HTML network view of the graph or a part of it.

Chooses the scope (``scope.py`` / ``summary.py``), styles nodes and edges (``style.py``),
computes positions for large views (``layout.py``) and writes the page (``page.py``).

Size strategy (numbers from ``benchmarks/views.py`` in headless Chromium on this project's
2-core machine, and from DESIGN.md section 3):

* up to ``PHYSICS_MAX_NODES`` (500) nodes, vis-network's physics lays the graph out in the
  browser (500 nodes: 3.3 s to stabilize; 1,000 nodes: 6.9 s, against 0.6 s with preset
  positions), then stops so the view stays still;
* above it, positions are computed in Python (``layout.positions``, ~1 s for 5,000 nodes)
  and physics is off: 5,000 nodes and 16,000 relationships draw 1.8 s after opening;
* above ``MAX_NODES`` (5,000) nodes or ``MAX_EDGES`` (20,000) relationships the view is
  refused (``UsageError``, nothing written). One full redraw (each hover, selection or
  click) costs ~0.3 s at 5,000 nodes, 0.5 s at 10,000 and 1 s at 20,000 (DESIGN.md: 20,000
  nodes took ~14 s to open): beyond 5,000 the page stops feeling interactive, and such a
  hairball shows nothing a person can read anyway. ``--summary``, ``--zone``, ``--street``,
  ``--ego`` or ``--cluster`` show the part that matters.

>>> from graphmodel.analysis.projection import Projection
>>> import networkx as nx, tempfile, os
>>> g = nx.MultiDiGraph()
>>> g.add_node("e1", type="enterprise", name="長安福特")
>>> folder = tempfile.TemporaryDirectory()
>>> report = view(Projection(g), os.path.join(folder.name, "v.html"))
>>> (report.nodes, report.edges, report.layout, report.uncovered)
(1, 0, 'physics', 1)
>>> folder.cleanup()
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphmodel import schema
from graphmodel.analysis.coverage import as_projection, unit_status
from graphmodel.analysis.projection import Projection
from graphmodel.errors import UsageError
from graphmodel.gcpause import gc_paused
from graphmodel.report import Report
from graphmodel.store.base import GraphStore
from graphmodel.views import layout, page, parts, scope, style, summary

PHYSICS_MAX_NODES = 500
MAX_NODES = 5_000
MAX_EDGES = 20_000

STATUS_TEXT = {
    "standalone": "covered: standalone organization 單獨組建",
    "joint": "covered: joint organization 聯合組建",
    "affiliated": "covered: affiliated organization 挂靠組建",
    "entrusted": "covered: entrusted organization 委托組建",
    "work_only": "work coverage only (GUIDED by an instructor, no organization)",
    "uncovered": "UNCOVERED: no organization and no instructor",
}
PROPERTY_TEXT = (("industry", "industry"), ("size", "size"), ("employees", "employees"),
                 ("party_members", "party members"), ("level", "level"))


@dataclass
class ViewReport(Report):
    """What a view shows and where it was written."""

    path: str
    kind: str
    title: str
    nodes: int
    edges: int
    layout: str  # 'physics' (in the browser) or 'preset' (computed in Python)
    uncovered: int

    def footer(self) -> list[str]:
        return [f"wrote {self.path}: {self.title} ({self.nodes:,} nodes, "
                f"{self.edges:,} relationships)"]


@gc_paused
def view(source: GraphStore | Projection, output: str | os.PathLike[str], *,
         zone: str | None = None, street: str | None = None, ego: str | None = None,
         depth: int = 1, cluster: int | None = None, summary_view: bool = False,
         max_nodes: int | None = None, max_edges: int | None = None) -> ViewReport:
    """Write the HTML view of one scope (default: the whole graph) to ``output``.

    At most one of ``zone``, ``street``, ``ego`` (with ``depth``), ``cluster``,
    ``summary_view`` may be given. Raises UsageError, writing nothing, for an unknown id or a
    scope above ``max_nodes`` nodes or ``max_edges`` relationships (default ``MAX_NODES``,
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
    if not str(output).lower().endswith((".html", ".htm")):
        raise UsageError(f"-o {output}: the view is an HTML page; name it *.html")
    folder = Path(output).parent
    if not folder.is_dir():
        raise UsageError(f"-o {output}: the folder {folder} does not exist")
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
        data, legend = _summary_data(selected)
        uncovered = selected.uncovered or 0  # (summary_scope counted them)
    else:
        data, legend, uncovered = _graph_data(projection, selected)
    n_nodes, n_edges = len(data["nodes"]), len(data["edges"])
    where = ("laid out in the browser (physics)" if data["layout"] == "physics"
             else "positions computed in Python, physics off")
    stats = f"{n_nodes:,} nodes, {n_edges:,} relationships; {where}."
    if uncovered:
        units = "unit" if uncovered == 1 else "units"
        stats += (f" {uncovered:,} uncovered {units} flagged in red."
                  if selected.kind != "summary"
                  else f" {uncovered:,} uncovered in-scope {units} in all.")
    written = page.write_page(output, title=selected.title, description=selected.description,
                              stats=stats, data=data, legend=legend)
    return ViewReport(str(written), selected.kind, selected.title, n_nodes, n_edges,
                      data["layout"], uncovered)


def _graph_for(source: GraphStore | Projection, *, zone: str | None, street: str | None,
               ego: str | None, depth: int) -> Projection:
    """The graph the view selects from: of a zone, a street or an ego network only its part
    (``parts``), which a district of a million organizations reads in a second instead of
    half a minute."""
    part = None
    if isinstance(source, GraphStore):
        if zone is not None:
            part = parts.area_part(source, zone, "zone")
        elif street is not None:
            part = parts.area_part(source, street, "street")
        elif ego is not None:
            part = parts.ego_part(source, ego, depth)
    return part if part is not None else as_projection(source)


def select(projection: Projection, *, zone: str | None = None, street: str | None = None,
           ego: str | None = None, depth: int = 1, cluster: int | None = None,
           summary_view: bool = False, max_nodes: int | None = None,
           max_edges: int | None = None) -> scope.Scope:
    """The scope asked for (the whole graph when nothing is).

    The limits let the summary of a very large district fall back to zones alone and to its
    strongest cooperation links.
    """
    if zone is not None:
        return scope.area_scope(projection, zone, "zone")
    if street is not None:
        return scope.area_scope(projection, street, "street")
    if ego is not None:
        return scope.ego_scope(projection, ego, depth)
    if cluster is not None:
        from graphmodel.analysis.clusters import clusters

        report = clusters(projection)
        return scope.cluster_scope(projection, cluster, [c.members for c in report.clusters])
    if summary_view:
        return summary.summary_scope(projection, max_nodes, max_edges)
    return scope.whole_scope(projection)


def refuse_a_whole_view_too_big(store: GraphStore, max_nodes: int | None = None) -> None:
    """Refuse (UsageError) a view of the whole graph above ``max_nodes`` nodes (default
    ``MAX_NODES``) before the graph is read: it has at least as many nodes as there are
    different text ids (a second at a million organizations, where reading the graph takes
    half a minute)."""
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    statement = store.statement("views/text-ids.cypher")
    [[ids]] = store.read_table(statement, {"labels": list(schema.LABELS.values())}).rows
    if ids > max_nodes:
        raise UsageError(_too_many(f"at least {ids:,} nodes (the limit is {max_nodes:,})"))


def _check_size(selected: scope.Scope, max_nodes: int, max_edges: int) -> None:
    nodes, edges = selected.graph.number_of_nodes(), selected.graph.number_of_edges()
    if nodes <= max_nodes and edges <= max_edges:
        return
    raise UsageError(_too_many(f"{nodes:,} nodes (the limit is {max_nodes:,})"
                               if nodes > max_nodes
                               else f"{edges:,} relationships (the limit is {max_edges:,})"))


def _too_many(what: str) -> str:
    return (f"this view would have {what}: too many to show usably in a browser. Show a "
            "part: --summary (zones and streets as single nodes), --zone ID, --street ID, "
            "--ego ID --depth N or --cluster K. Nothing was written.")


def _graph_data(projection: Projection,
                selected: scope.Scope) -> tuple[dict[str, Any], style.Legend, int]:
    """vis-network nodes and edges of an organization view, and its legend."""
    graph = selected.graph
    status = unit_status(projection)
    physics = graph.number_of_nodes() <= PHYSICS_MAX_NODES
    positions = {} if physics else layout.positions(graph)
    nodes, type_counts, status_counts = [], Counter(), Counter()
    uncovered: list[tuple[str, str]] = []
    for node_id, attrs in graph.nodes(data=True):
        node_status = status.get(node_id)
        node = {"id": node_id, "label": str(attrs.get("name") or node_id),
                "title": _node_title(projection, node_id, attrs, node_status),
                **style.node_style(attrs["type"], size=attrs.get("size"),
                                   level=attrs.get("level"), status=node_status,
                                   context=attrs.get("context", False))}
        if node_id in positions:
            node["x"], node["y"] = positions[node_id]
        nodes.append(node)
        type_counts[attrs["type"]] += 1
        if node_status in ("uncovered", "work_only"):
            status_counts[node_status] += 1
        if node_status == "uncovered":
            uncovered.append((node_id, node["label"]))
    edges, edge_kinds = [], Counter()
    parallel: Counter[tuple[str, str]] = Counter()
    for index, (a, b, data) in enumerate(graph.edges(data=True)):
        mode = data.get("mode") if data["type"] == "COVERS" else None
        edge = {"id": index, "from": a, "to": b,
                "title": _edge_title(graph, a, b, data), **style.edge_style(data["type"], mode)}
        pair = (min(a, b), max(a, b))
        if parallel[pair]:  # bend the 2nd, 3rd ... edge between the same two nodes
            edge["smooth"] = {"enabled": True, "type": "curvedCW",
                              "roundness": 0.15 * parallel[pair]}
        parallel[pair] += 1
        edges.append(edge)
        edge_kinds[data["type"], mode] += 1
    legend = style.graph_legend(dict(type_counts), dict(edge_kinds), dict(status_counts),
                                sorted(uncovered, key=lambda u: (u[1], u[0])),
                                len(selected.context))
    data = {"nodes": nodes, "edges": edges, "layout": "physics" if physics else "preset",
            "options": style.options(physics=physics, large=not physics)}
    return data, legend, len(uncovered)


def _node_title(projection: Projection, node_id: str, attrs: dict[str, Any],
                status: str | None) -> str:
    """A node's tooltip: plain text, one property per line."""
    lines = [str(attrs.get("name") or node_id), f"id: {node_id}",
             f"type: {style.node_look(attrs['type']).label}"]
    lines += [f"{text}: {attrs[key]}" for key, text in PROPERTY_TEXT
              if attrs.get(key) not in (None, "")]
    if status is not None:
        lines.append(STATUS_TEXT.get(status, status))
    if attrs["type"] not in schema.AREA_TYPES:
        for area_type in ("zone", "street"):
            area = projection.area(node_id, area_type)
            if area is not None:
                lines.append(f"{area_type}: {projection.node(area).get('name') or area}")
    if attrs.get("context"):
        lines.append("(outside this view's scope: shown because it is tied to it)")
    return "\n".join(lines)


def _edge_title(graph: Any, a: str, b: str, data: dict[str, Any]) -> str:
    names = [str(graph.nodes[x].get("name") or x) for x in (a, b)]
    arrow = "—" if data["type"] == "PARTNERS_WITH" else "→"
    lines = [data["type"], f"{names[0]} {arrow} {names[1]}"]
    if data.get("mode"):
        lines.append(f"mode: {data['mode']}")
    return "\n".join(lines)


def _summary_data(selected: scope.Scope) -> tuple[dict[str, Any], style.Legend]:
    """vis-network nodes and edges of the area summary, and its legend."""
    graph = selected.graph
    largest = max((d["in_scope"] for _, d in graph.nodes(data=True)), default=0) or 1
    nodes = []
    for node_id, d in graph.nodes(data=True):
        rate = d["formation_rate"]
        share = "no in-scope units" if rate is None else f"{rate:.0%} of {d['in_scope']:,}"
        colour = style.rate_colour(rate)
        nodes.append({
            "id": node_id, "label": f"{d.get('name') or node_id}\n{share}",
            "title": _area_title(node_id, d),
            "shape": style.SUMMARY_SHAPES.get(d["type"], "dot"),
            "size": 12 + 30 * (d["in_scope"] / largest) ** 0.5, "borderWidth": 1,
            "color": {"background": colour, "border": style.PLAIN_BORDER,
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}}})
    largest_tie = max((d["count"] for *_, d in graph.edges(data=True)), default=1)
    edges, kinds = [], Counter()
    for index, (a, b, d) in enumerate(graph.edges(data=True)):
        look = style.edge_look(d["type"])
        lines = [f"{graph.nodes[a].get('name') or a} — {graph.nodes[b].get('name') or b}"]
        if d["type"] == "COOPERATES":
            lines.append(f"{d['count']:,} cooperation ties")
            lines += [f"{kind}: {n:,}" for kind, n in d["by_type"].items()]
        else:
            lines.append(f"{d['count']:,} organizations in both")
        edges.append({"id": index, "from": a, "to": b, "title": "\n".join(lines),
                      "label": str(d["count"]) if d["type"] == "COOPERATES" else "",
                      "width": 1 + 7 * (d["count"] / largest_tie) ** 0.5,
                      "dashes": look.dashes,
                      "color": {"color": look.colour, "highlight": "#000000"},
                      "arrows": {"to": {"enabled": False}}})
        kinds[d["type"]] += 1
    counts = Counter(d["type"] for _, d in graph.nodes(data=True))
    legend = style.summary_legend(counts["zone"], counts["street"], dict(kinds))
    legend.notes.append("Formation rate = covered in-scope units / in-scope units "
                        "(enterprises, incubators, social organizations) located there.")
    legend.notes.append("Uncovered units are named in the --zone ID and --street ID views "
                        "and by `graphmodel coverage --by street`.")
    data = {"nodes": nodes, "edges": edges, "layout": "physics",
            "options": style.options(physics=True, large=False, spread=2.5)}
    return data, legend


def _area_title(node_id: str, d: dict[str, Any]) -> str:
    lines = [str(d.get("name") or node_id), f"id: {node_id}", f"type: {d['type']}",
             f"organizations located here: {d['organizations']:,}",
             f"in-scope units: {d['in_scope']:,}", f"covered: {d['covered']:,}"]
    lines += [f"  {mode}: {d[mode]:,}" for mode in schema.ENUMS["mode"] if d[mode]]
    lines += [f"work coverage only: {d['work_only']:,}", f"uncovered: {d['uncovered']:,}"]
    for key, text in (("formation_rate", "formation rate"),
                      ("double_coverage_rate", "double coverage rate")):
        if d[key] is not None:
            lines.append(f"{text}: {d[key]:.1%}")
    return "\n".join(lines)

