"""Draw a prepared view: the HTML page of a scope that graphmodel/analysis/scopes.py chose.

This module only draws: the scope, each node's coverage status, the places in tooltips, the
scope's figures, the groups of a large scope and the clusters come prepared
(``scopes.prepare``); it styles nodes and edges (``style.py``), computes positions for
large views (``layout.py``) and writes the page (``page.py``). The command's entry, which
prepares then draws, is graphmodel/viewing.py.

Size strategy (numbers from ``benchmarks/views.py`` in headless Chromium on this project's
2-core machine, and from DESIGN.md section 3):

* up to ``PHYSICS_MAX_NODES`` (500) nodes, vis-network's physics lays the graph out in the
  browser (500 nodes: 3.3 s to stabilize; 1,000 nodes: 6.9 s, against 0.6 s with preset
  positions), then stops so the view stays still; up to ``DECLUTTER_MAX_NODES`` (300) the
  page then moves nodes apart until no two labels overlap;
* above it, positions are computed in Python (``layout.positions``) and physics is off;
* above ``scopes.GROUP_ABOVE`` (1,000) nodes the page opens grouped: one node per street
  (zone pages), per industry (street pages) or per partnership cluster, sized by in-scope
  units and coloured by formation rate; a click opens a group where its members lie
  (``layout.grouped_positions``), a click on its heading closes it;
* above ``scopes.MAX_NODES`` (5,000) nodes or ``MAX_EDGES`` (20,000) relationships the view is
  refused (``UsageError``, nothing written).

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

import math
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graphmodel import schema
from graphmodel.analysis.scopes import Group, PreparedView
from graphmodel.i18n import N_, _, code, language, localized
from graphmodel.results import Report
from graphmodel.views import layout, page, style

PHYSICS_MAX_NODES = 500
#: up to this many nodes drawn, the page moves nodes apart until no labels overlap
DECLUTTER_MAX_NODES = 300
#: above this many nodes, LOCATED_IN lines start hidden (a star of them to the area hides
#: everything else); the filter shows them
LOCATED_IN_SHOWN_MAX_NODES = 300

STATUS_TEXT = {
    "standalone": N_("covered: standalone organization 單獨組建"),
    "joint": N_("covered: joint organization 聯合組建"),
    "affiliated": N_("covered: affiliated organization 挂靠組建"),
    "entrusted": N_("covered: entrusted organization 委托組建"),
    "work_only": N_("work coverage only (GUIDED by an instructor, no organization)"),
    "uncovered": N_("UNCOVERED: no organization and no instructor"),
}
PROPERTY_TEXT = (("industry", N_("industry")), ("size", N_("size")),
                 ("employees", N_("employees")), ("party_members", N_("party members")),
                 ("level", N_("level")))
#: the properties whose values are codes, and their kind
CODED_PROPERTIES = {"size": "size", "level": "level"}
#: the order of the coverage filters, and their English text
STATUS_ORDER = ("uncovered", "work_only", "standalone", "joint", "affiliated", "entrusted")
STATUS_FILTER_TEXT = {
    "uncovered": N_("uncovered"), "work_only": N_("work coverage only"),
    "standalone": N_("covered: standalone 單獨組建"), "joint": N_("covered: joint 聯合組建"),
    "affiliated": N_("covered: affiliated 挂靠組建"),
    "entrusted": N_("covered: entrusted 委托組建"),
}


@dataclass
class ViewReport(Report):
    """What a view shows and where it was written: ``nodes`` and ``edges`` in the scope,
    ``shown`` the nodes drawn when the page opens (fewer when it opens grouped)."""

    path: str
    kind: str
    title: str
    nodes: int
    edges: int
    layout: str  # 'physics' (in the browser), 'preset' (computed in Python) or 'grouped'
    uncovered: int
    shown: int = 0
    figures: dict[str, Any] = field(default_factory=dict)

    def footer(self) -> list[str]:
        line = _("wrote {path}: {title} ({nodes:,} nodes, {edges:,} relationships)").format(
            path=self.path, title=localized(self.title), nodes=self.nodes, edges=self.edges)
        if self.shown != self.nodes:
            line += _("; it opens grouped, {shown:,} nodes drawn").format(shown=self.shown)
        return [line]


def draw(prepared: PreparedView, output: str | os.PathLike[str]) -> ViewReport:
    """Write the page of a prepared view to ``output`` (checked by the caller)."""
    selected = prepared.scope
    if selected.kind == "summary":
        data, legend = _summary_data(prepared)
    else:
        data, legend = _graph_data(prepared)
    figures = dict(prepared.figures)
    n_nodes, n_edges = selected.graph.number_of_nodes(), selected.graph.number_of_edges()
    written = page.write_page(output, title=localized(selected.title),
                              description=localized(selected.description),
                              stats=_stats(prepared, data), data=data, legend=legend,
                              figures=figures)
    return ViewReport(str(written), selected.kind, selected.title, n_nodes, n_edges,
                      data["layout"], prepared.uncovered, figures.get("shown", n_nodes),
                      figures)


def _stats(prepared: PreparedView, data: dict[str, Any]) -> str:
    """The header's line of figures: the scope's own, as ``coverage`` counts them."""
    f = prepared.figures
    where = {"summary": _("in the district"), "zone": _("in this zone"),
             "street": _("in this street"), "cluster": _("in this cluster"),
             "ego": _("in this view"), "graph": _("in the graph")}[prepared.scope.kind]
    rate = "–" if f.get("formation_rate") is None else f"{f['formation_rate']:.1%}"
    text = _("In-scope units {where}: {in_scope:,}; covered {covered:,} (formation rate "
             "{rate}); work coverage only {work_only:,}; uncovered {uncovered:,}.").format(
        where=where, in_scope=f.get("in_scope", 0), covered=f.get("covered", 0), rate=rate,
        work_only=f.get("work_only", 0), uncovered=f.get("uncovered", 0))
    if f.get("gap") is not None:
        text = _join(text, _("Target {target:.0%}: {gap:,} more to cover.").format(
            target=prepared.target, gap=f["gap"]))
    nodes, shown = f.get("nodes", 0), f.get("shown", 0)
    if data["layout"] == "grouped":
        return _join(text, _("{nodes:,} nodes, opened grouped: {shown:,} drawn; click a "
                             "group to open it, its heading to close it.").format(
            nodes=nodes, shown=shown))
    return _join(text, _("{nodes:,} nodes, {edges:,} relationships.").format(
        nodes=nodes, edges=prepared.scope.graph.number_of_edges()))


def _join(first: str, second: str) -> str:
    """Two sentences as one text (a space between them in English, none in Chinese)."""
    return _("{first} {second}").format(first=first, second=second)


def _graph_data(prepared: PreparedView) -> tuple[dict[str, Any], style.Legend]:
    """vis-network nodes and edges of an organization view, its groups, filters and legend."""
    selected = prepared.scope
    graph = selected.graph
    status = prepared.status
    grouped = bool(prepared.groups)
    count = graph.number_of_nodes()
    physics = not grouped and count <= PHYSICS_MAX_NODES
    group_of = {member: group.key for group in prepared.groups for member in group.members}
    boxes: list[tuple[float, float, float, float]] = []
    if grouped:
        loose = [node for node in graph if node not in group_of]
        positions, boxes = layout.grouped_positions(
            graph, [group.members for group in prepared.groups], loose)
    else:
        positions = {} if physics else layout.positions(graph)
    nodes, type_counts = [], Counter()
    for node_id, attrs in graph.nodes(data=True):
        faded = bool(attrs.get("context", False))
        node_status = status.get(node_id)
        name = str(attrs.get("name") or node_id)
        node = {"id": node_id, "label": style.short_label(name),
                "title": _node_title(node_id, attrs, node_status,
                                     prepared.places.get(node_id, [])),
                **style.node_style(attrs["type"], size=attrs.get("size"),
                                   level=attrs.get("level"),
                                   status=None if faded else node_status, context=faded),
                "gm": {"type": attrs["type"], "status": None if faded else node_status,
                       "cluster": prepared.clusters.get(node_id, 0),
                       "bundle": group_of.get(node_id), "faded": faded, "name": name}}
        if node_id in positions:
            node["x"], node["y"] = positions[node_id]
        nodes.append(node)
        type_counts[attrs["type"]] += 1
    edges, edge_kinds = [], Counter()
    parallel: Counter[tuple[str, str]] = Counter()
    for index, (a, b, data) in enumerate(graph.edges(data=True)):
        mode = data.get("mode") if data["type"] == "COVERS" else None
        edge = {"id": index, "from": a, "to": b,
                "title": _edge_title(graph, a, b, data), **style.edge_style(data["type"], mode),
                "gm": {"type": data["type"]}}
        pair = (min(a, b), max(a, b))
        if parallel[pair]:  # bend the 2nd, 3rd ... edge between the same two nodes
            edge["smooth"] = {"enabled": True, "type": "curvedCW",
                              "roundness": 0.15 * parallel[pair]}
        parallel[pair] += 1
        edges.append(edge)
        edge_kinds[data["type"], mode] += 1
    legend = style.graph_legend(dict(type_counts), dict(edge_kinds), prepared.flagged,
                                prepared.uncovered_units, len(selected.context))
    legend.groups = _uncovered_by_group(prepared)
    layout_kind = "grouped" if grouped else "physics" if physics else "preset"
    data = {"nodes": nodes, "edges": edges, "layout": layout_kind,
            "options": style.options(physics=physics, large=not physics and count > 1_000),
            "groups": [_group_node(group, box) for group, box in zip(prepared.groups, boxes,
                                                                     strict=True)],
            "filters": _filters(type_counts, prepared, edge_kinds, count),
            "colours": _colours(), "declutter": DECLUTTER_MAX_NODES,
            "fold": prepared.fold, "texts": page.texts()}
    return data, legend


def _group_node(group: Group, box: tuple[float, float, float, float]) -> dict[str, Any]:
    """A group drawn as one node in the middle of where its members lie, sized by its
    in-scope units and coloured by their formation rate."""
    f = group.figures
    left, top, right, bottom = box
    units = f.get("in_scope") or 0
    width = right - left + layout.SPACING
    size = 20 + layout.SPACING * 0.35 * math.sqrt(max(units, 1))
    name = _group_name(group)
    rate = f.get("formation_rate")
    share = (_("no in-scope units") if rate is None
             else _("{rate:.0%} of {units:,} units").format(rate=rate, units=units))
    fitting = 1.8 * width / max(style.text_width(name), 1)
    font = max(14.0, size * 0.3, min(size * 0.5, fitting))
    colour = style.rate_colour(rate)
    lines = [name, _("{members:,} nodes; click to open").format(members=len(group.members)),
             _("in-scope units: {units:,}").format(units=units),
             _("covered: {covered:,}").format(covered=f.get("covered", 0)),
             _("work coverage only: {work_only:,}").format(work_only=f.get("work_only", 0)),
             _("uncovered: {uncovered:,}").format(uncovered=f.get("uncovered", 0))]
    if rate is not None:
        lines.append(_("formation rate: {rate:.1%}").format(rate=rate))
    return {"id": group.key, "label": f"{style.short_label(name)}\n{share}",
            "title": "\n".join(lines), "shape": "dot", "size": round(size, 1),
            "x": round((left + right) / 2, 1), "y": round((top + bottom) / 2, 1),
            "borderWidth": 2, "font": {"size": round(font, 1), "multi": False},
            "color": {"background": colour, "border": style.PLAIN_BORDER,
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
            "gm": {"kind": group.kind, "name": name, "members": len(group.members),
                   "head": [round((left + right) / 2, 1),
                            round(top - layout.SPACING - size * 0.2, 1)],
                   "figures": f}}


def _group_name(group: Group) -> str:
    """What a group is called on the page."""
    if group.kind == "street":
        return group.name or _("(no street)")
    if group.kind == "industry":
        return group.name
    if group.kind == "type":
        return str(code("type", group.name))
    if group.kind == "cluster":
        return _("partnership cluster {number}").format(number=group.name)
    if group.kind == "outside":
        return _("outside, tied to it (faded)")
    return _("{count:,} nodes of small groups").format(count=len(group.members))


def _uncovered_by_group(prepared: PreparedView) -> list[tuple[str, str, list[tuple[str,
                                                                                     str]]]]:
    """The uncovered units of the scope by group: (group key, group name, units)."""
    if not prepared.groups:
        return []
    wanted = {unit for unit, _name in prepared.uncovered_units}
    listed = []
    for group in prepared.groups:
        members = set(group.members) & wanted
        if members:
            listed.append((group.key, _group_name(group),
                           [unit for unit in prepared.uncovered_units if unit[0] in members]))
    return listed


def _filters(type_counts: Counter[str], prepared: PreparedView,
             edge_kinds: Counter[tuple[str, str | None]], count: int) -> dict[str, Any]:
    """The page's show/hide controls: node types, coverage statuses, relationship types,
    each [value, text, how many, shown at first]."""
    statuses = Counter(kind for node, kind in prepared.status.items()
                       if not prepared.scope.graph.nodes[node].get("context"))
    relations = Counter()
    for (kind, _mode), n in edge_kinds.items():
        relations[kind] += n
    return {
        "type": [[kind, _term("type", kind, style.node_look(kind).label), type_counts[kind],
                  True] for kind in [*style.TYPE_ORDER, *sorted(set(type_counts) - set(
                      style.TYPE_ORDER))] if type_counts[kind]],
        "status": [[kind, _term("status", kind, STATUS_FILTER_TEXT[kind]), statuses[kind],
                    True] for kind in STATUS_ORDER if statuses[kind]],
        "relation": [[kind, _term("relationship", kind, kind), relations[kind],
                      kind != "LOCATED_IN" or count <= LOCATED_IN_SHOWN_MAX_NODES]
                     for kind in sorted(relations)],
    }


def _term(kind: str, value: str, english: str) -> str:
    """A coded value as the page names it: the language's term, else the English text."""
    if language() == "en" or (found := code(kind, value)) == value:
        return _(english)
    return str(found)


def _colours() -> dict[str, Any]:
    """The colours of the page's 'colour by' choices."""
    return {"type": {kind: look.colour for kind, look in style.NODE_LOOKS.items()},
            "status": style.STATUS_COLOURS, "notUnit": style.NOT_A_UNIT_COLOUR,
            "cluster": list(style.CLUSTER_COLOURS), "noCluster": style.NO_CLUSTER_COLOUR}


def _node_title(node_id: str, attrs: dict[str, Any], status: str | None,
                places: list[tuple[str, str]]) -> str:
    """A node's tooltip: plain text, one property per line."""
    lines = [str(attrs.get("name") or node_id), _("id: {id}").format(id=node_id),
             _("type: {type}").format(type=_(style.node_look(attrs["type"]).label))]
    lines += [_line(_(text), code(CODED_PROPERTIES[key], attrs[key])
                    if key in CODED_PROPERTIES else attrs[key])
              for key, text in PROPERTY_TEXT if attrs.get(key) not in (None, "")]
    if status is not None:
        lines.append(_(STATUS_TEXT[status]) if status in STATUS_TEXT else status)
    lines += [_line(code("type", area_type), name) for area_type, name in places]
    if attrs.get("context"):
        lines.append(_("(outside this view's scope: shown because it is tied to it)"))
    return "\n".join(lines)


def _line(name: str, value: Any) -> str:
    """A tooltip's line: ``name: value``."""
    return _("{name}: {value}").format(name=name, value=value)


def _edge_title(graph: Any, a: str, b: str, data: dict[str, Any]) -> str:
    names = [str(graph.nodes[x].get("name") or x) for x in (a, b)]
    arrow = "—" if data["type"] == "PARTNERS_WITH" else "→"
    lines = [str(code("relationship", data["type"])), f"{names[0]} {arrow} {names[1]}"]
    if data.get("mode"):
        lines.append(_line(_("mode"), code("mode", data["mode"])))
    return "\n".join(lines)


def _summary_data(prepared: PreparedView) -> tuple[dict[str, Any], style.Legend]:
    """vis-network nodes and edges of the area summary, its bars by gap, and its legend."""
    selected = prepared.scope
    target = prepared.target
    graph = selected.graph
    largest = max((d["in_scope"] for _n, d in graph.nodes(data=True)), default=0) or 1
    nodes, bars = [], []
    for node_id, d in graph.nodes(data=True):
        rate = d["formation_rate"]
        share = (_("no in-scope units") if rate is None
                 else _("{rate:.0%} of {units:,}").format(rate=rate, units=d["in_scope"]))
        colour = style.rate_colour(rate) if target is None else style.target_colour(rate,
                                                                                    target)
        name = str(d.get("name") or node_id)
        nodes.append({
            "id": node_id, "label": f"{style.short_label(name)}\n{share}",
            "title": _area_title(node_id, d),
            "shape": style.SUMMARY_SHAPES.get(d["type"], "dot"),
            "size": 12 + 30 * (d["in_scope"] / largest) ** 0.5, "borderWidth": 1,
            "color": {"background": colour, "border": style.PLAIN_BORDER,
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
            "gm": {"type": d["type"], "name": name, "status": None, "cluster": 0,
                   "bundle": None, "faded": False}})
        if rate is not None:
            bars.append({"id": node_id, "name": name, "type": d["type"], "rate": rate,
                         "in_scope": d["in_scope"], "covered": d["covered"],
                         "gap": d.get("gap"), "colour": colour})
    if target is not None:
        bars.sort(key=lambda bar: (-(bar["gap"] or 0), bar["rate"], bar["id"]))
    else:
        bars.sort(key=lambda bar: (bar["rate"], bar["id"]))
    largest_tie = max((d["count"] for *_e, d in graph.edges(data=True)), default=1)
    edges, kinds = [], Counter()
    for index, (a, b, d) in enumerate(graph.edges(data=True)):
        look = style.edge_look(d["type"])
        lines = [f"{graph.nodes[a].get('name') or a} — {graph.nodes[b].get('name') or b}"]
        if d["type"] == "COOPERATES":
            lines.append(_("{count:,} cooperation ties").format(count=d["count"]))
            lines += [_line(code("relationship", kind), f"{n:,}")
                      for kind, n in d["by_type"].items()]
        else:
            lines.append(_("{count:,} organizations in both").format(count=d["count"]))
        edges.append({"id": index, "from": a, "to": b, "title": "\n".join(lines),
                      "label": str(d["count"]) if d["type"] == "COOPERATES" else "",
                      "width": 1 + 7 * (d["count"] / largest_tie) ** 0.5,
                      "dashes": look.dashes,
                      "color": {"color": look.colour, "highlight": "#000000"},
                      "arrows": {"to": {"enabled": False}}, "gm": {"type": d["type"]}})
        kinds[d["type"]] += 1
    counts = Counter(d["type"] for _n, d in graph.nodes(data=True))
    legend = style.summary_legend(counts["zone"], counts["street"], dict(kinds), target)
    legend.notes.append(_("Formation rate = covered in-scope units / in-scope units "
                          "(enterprises, incubators, social organizations) located there."))
    legend.notes.append(_("Uncovered units are named in the --zone ID and --street ID views "
                          "and by `graphmodel coverage --by street`."))
    legend.bars = bars
    legend.target = target
    many = graph.number_of_nodes() > PHYSICS_MAX_NODES
    positions = layout.positions(graph) if many else {}
    for node in nodes:
        if node["id"] in positions:
            node["x"], node["y"] = positions[node["id"]]
    data = {"nodes": nodes, "edges": edges, "layout": "preset" if many else "physics",
            "options": style.options(physics=not many, large=many, spread=2.5),
            "groups": [], "filters": {"type": [[kind, str(code("type", kind)), counts[kind],
                                                True] for kind in ("zone", "street")
                                               if counts[kind]],
                                      "status": [], "relation": []},
            "colours": _colours(), "declutter": DECLUTTER_MAX_NODES, "fold": prepared.fold,
            "texts": page.texts()}
    return data, legend


def _area_title(node_id: str, d: dict[str, Any]) -> str:
    """An area's tooltip on the summary: its figures, one per line."""
    lines = [str(d.get("name") or node_id), _("id: {id}").format(id=node_id),
             _("type: {type}").format(type=code("type", d["type"])),
             _("organizations located here: {count:,}").format(count=d["organizations"]),
             _("in-scope units: {units:,}").format(units=d["in_scope"]),
             _("covered: {covered:,}").format(covered=d["covered"])]
    lines += ["  " + _line(code("mode", mode), f"{d[mode]:,}") for mode in schema.ENUMS["mode"]
              if d[mode]]
    lines += [_("work coverage only: {work_only:,}").format(work_only=d["work_only"]),
              _("uncovered: {uncovered:,}").format(uncovered=d["uncovered"])]
    if d["formation_rate"] is not None:
        lines.append(_("formation rate: {rate:.1%}").format(rate=d["formation_rate"]))
    if d["double_coverage_rate"] is not None:
        lines.append(_("double coverage rate: {rate:.1%}").format(
            rate=d["double_coverage_rate"]))
    if d.get("gap") is not None:
        lines.append(_("to cover to reach the target: {gap:,}").format(gap=d["gap"]))
    return "\n".join(lines)
