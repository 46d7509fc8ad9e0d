"""Draw a prepared view: the HTML page of a scope that graphmodel/analysis/scopes.py chose.

This module only draws: the scope, each node's coverage status, the places in tooltips and
the legend's coverage figures come prepared (``scopes.prepare``); it styles nodes and edges
(``style.py``), computes positions for large views (``layout.py``) and writes the page
(``page.py``). The command's entry, which prepares then draws, is graphmodel/viewing.py.

Size strategy (numbers from ``benchmarks/views.py`` in headless Chromium on this project's
2-core machine, and from DESIGN.md section 3):

* up to ``PHYSICS_MAX_NODES`` (500) nodes, vis-network's physics lays the graph out in the
  browser (500 nodes: 3.3 s to stabilize; 1,000 nodes: 6.9 s, against 0.6 s with preset
  positions), then stops so the view stays still;
* above it, positions are computed in Python (``layout.positions``, ~1 s for 5,000 nodes)
  and physics is off: 5,000 nodes and 16,000 relationships draw 1.8 s after opening;
* above ``scopes.MAX_NODES`` (5,000) nodes or ``MAX_EDGES`` (20,000) relationships the view is
  refused (``UsageError``, nothing written). One full redraw (each hover, selection or
  click) costs ~0.3 s at 5,000 nodes, 0.5 s at 10,000 and 1 s at 20,000 (DESIGN.md: 20,000
  nodes took ~14 s to open): beyond 5,000 the page stops feeling interactive, and such a
  hairball shows nothing a person can read anyway. ``--summary``, ``--zone``, ``--street``,
  ``--ego`` or ``--cluster`` show the part that matters.

>>> from graphmodel.analysis.projection import Projection
>>> from graphmodel.analysis.scopes import prepare
>>> import networkx as nx, tempfile, os
>>> g = nx.MultiDiGraph()
>>> g.add_node("e1", type="enterprise", name="長安福特")
>>> folder = tempfile.TemporaryDirectory()
>>> report = draw(prepare(Projection(g)), os.path.join(folder.name, "v.html"))
>>> (report.nodes, report.edges, report.layout, report.uncovered)
(1, 0, 'physics', 1)
>>> folder.cleanup()
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from typing import Any

from graphmodel import schema
from graphmodel.analysis.scopes import PreparedView, Scope
from graphmodel.report import Report
from graphmodel.views import layout, page, style

PHYSICS_MAX_NODES = 500

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


def draw(prepared: PreparedView, output: str | os.PathLike[str]) -> ViewReport:
    """Write the page of a prepared view to ``output`` (checked by the caller)."""
    selected = prepared.scope
    if selected.kind == "summary":
        data, legend = _summary_data(selected)
    else:
        data, legend = _graph_data(prepared)
    uncovered = prepared.uncovered
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


def _graph_data(prepared: PreparedView) -> tuple[dict[str, Any], style.Legend]:
    """vis-network nodes and edges of an organization view, and its legend."""
    selected = prepared.scope
    graph = selected.graph
    status = prepared.status
    physics = graph.number_of_nodes() <= PHYSICS_MAX_NODES
    positions = {} if physics else layout.positions(graph)
    nodes, type_counts = [], Counter()
    for node_id, attrs in graph.nodes(data=True):
        node_status = status.get(node_id)
        node = {"id": node_id, "label": str(attrs.get("name") or node_id),
                "title": _node_title(node_id, attrs, node_status,
                                     prepared.places.get(node_id, [])),
                **style.node_style(attrs["type"], size=attrs.get("size"),
                                   level=attrs.get("level"), status=node_status,
                                   context=attrs.get("context", False))}
        if node_id in positions:
            node["x"], node["y"] = positions[node_id]
        nodes.append(node)
        type_counts[attrs["type"]] += 1
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
    legend = style.graph_legend(dict(type_counts), dict(edge_kinds), prepared.flagged,
                                prepared.uncovered_units, len(selected.context))
    data = {"nodes": nodes, "edges": edges, "layout": "physics" if physics else "preset",
            "options": style.options(physics=physics, large=not physics)}
    return data, legend


def _node_title(node_id: str, attrs: dict[str, Any], status: str | None,
                places: list[tuple[str, str]]) -> str:
    """A node's tooltip: plain text, one property per line."""
    lines = [str(attrs.get("name") or node_id), f"id: {node_id}",
             f"type: {style.node_look(attrs['type']).label}"]
    lines += [f"{text}: {attrs[key]}" for key, text in PROPERTY_TEXT
              if attrs.get(key) not in (None, "")]
    if status is not None:
        lines.append(STATUS_TEXT.get(status, status))
    lines += [f"{area_type}: {name}" for area_type, name in places]
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


def _summary_data(selected: Scope) -> tuple[dict[str, Any], style.Legend]:
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

