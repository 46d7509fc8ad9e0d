"""Write a view as one self-contained HTML page: vis-network inlined, data as escaped JSON.

The page loads nothing from anywhere: vis-network's script is read from the copy the pyvis
package ships (``pyvis/templates/lib/vis-*/vis-network.min.js``) and inlined; its own small
stylesheet replaces vis-network.css; no font or image is fetched (labels use locally installed
CJK fonts, see ``style.FONT_STACK``). A Content-Security-Policy allows only the page's own two
scripts (by hash) and no connection at all, so even a mistake elsewhere could neither load a
remote resource nor run injected script.

Text is never markup: titles and legend entries are HTML-escaped; names and properties reach
vis-network inside a ``<script type="application/json">`` whose ``<``, ``>`` and ``&`` are
JSON-escaped (so ``</script>`` in a name cannot close it), and vis-network shows string
tooltips as plain text (innerText).

>>> script_json({"name": "</script><b>"})
'{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from graphmodel.errors import GraphmodelError
from graphmodel.i18n import Text, _, language, localized
from graphmodel.scratch import replacing
from graphmodel.views.style import FONT_STACK, Legend, LegendItem

#: uncovered units named in the legend; the rest are counted (all are flagged in the graph)
LEGEND_UNCOVERED_MAX = 100


@cache
def vis_network_js() -> str:
    """The vis-network script that pyvis ships (its newest bundled version)."""
    lib = resources.files("pyvis").joinpath("templates", "lib")
    found = []
    for entry in lib.iterdir():
        match = re.fullmatch(r"vis-(\d+)\.(\d+)\.(\d+)", entry.name)
        script = entry.joinpath("vis-network.min.js")
        if match and script.is_file():
            found.append((tuple(int(x) for x in match.groups()), script))
    if not found:
        raise GraphmodelError(Text("vis-network.min.js was not found in the pyvis package "
                                   "(pyvis/templates/lib/vis-*/): reinstall pyvis"))
    text = max(found, key=lambda item: item[0])[1].read_text(encoding="utf-8")
    # the source map is not shipped: drop its reference so no tool goes looking for it
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise GraphmodelError(Text("the bundled vis-network.min.js contains '</script' or "
                                   "'<!--' and cannot be inlined safely"))
    return text


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' left unescaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def write_page(path: str | os.PathLike[str], *, title: str, description: str, stats: str,
               data: dict[str, Any], legend: Legend,
               figures: dict[str, Any] | None = None) -> Path:
    """Write the page to ``path`` atomically (a temporary file renamed into place)."""
    target = Path(path)
    text = render_page(title=title, description=description, stats=stats, data=data,
                       legend=legend, figures=figures)
    with replacing(target) as temporary:
        temporary.write_text(text, encoding="utf-8", newline="\n")
    return target


def render_page(*, title: str, description: str, stats: str, data: dict[str, Any],
                legend: Legend, figures: dict[str, Any] | None = None) -> str:
    """The page's HTML text. ``figures`` (the scope's coverage figures, as prepared) go
    into ``<script type="application/json" id="scope-figures">`` for scripts and tests."""
    vendor = vis_network_js()
    app = APP_JS
    csp = ("default-src 'none'; "
           f"script-src {script_hash(vendor)} {script_hash(app)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "connect-src 'none'; form-action 'none'; base-uri 'none'")
    e = html.escape
    return PAGE.format(
        lang=e({"zh": "zh-Hans", "zh-Hant": "zh-Hant"}.get(language(), "en")),
        csp=e(csp), title=e(title), description=e(description), stats=e(stats),
        css=CSS.replace("FONT_STACK", FONT_STACK), legend=_legend_html(legend),
        controls=_controls_html(data), bars=_bars_html(legend),
        find=e(_("find a name or id")), find_button=e(_("Find")),
        png=e(_("Save as PNG")), png_hint=e(_("save what the canvas shows as a PNG image")),
        data=script_json(data), figures=script_json(figures or {}), vendor=vendor, app=app)


def texts() -> dict[str, str]:
    """What the page's script says, in the chosen language."""
    return {"found": _("{count} found"), "notFound": _("not found"),
            "hidden": _("found, but hidden by the filters"),
            "laying": _("laying out: {done} / {total}"),
            "ties": _("{count} relationships between them"),
            "close": _("click to close this group"), "open": _("click to open")}


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _legend_html(legend: Legend) -> str:
    e = html.escape
    parts = [f'<details open><summary>{e(_("Legend"))}</summary>']
    for heading, items in ((_("Nodes"), legend.nodes), (_("Relationships"), legend.edges)):
        if items:
            parts.append(f"<h2>{e(heading)}</h2><ul>")
            parts += [f"<li>{_swatch(item)}<span>{e(_(item.label))}</span>"
                      + (f' <span class="count">{item.count:,}</span>'
                         if item.count is not None else "") + "</li>" for item in items]
            parts.append("</ul>")
    if legend.groups:
        parts.append('<h2 class="uncovered">' + e(_("Uncovered units ({count:,})").format(
            count=len(legend.uncovered))) + "</h2>")
        for key, name, units in legend.groups:
            parts.append(f'<details class="uncovered-group" data-group="{e(key)}"><summary>'
                         f'{e(name)} <span class="count">{len(units):,}</span></summary>'
                         '<ul class="uncovered">')
            parts += [_unit_button(node_id, unit) for node_id, unit
                      in units[:LEGEND_UNCOVERED_MAX]]
            if len(units) > LEGEND_UNCOVERED_MAX:
                parts.append("<li>" + e(_("… and {count:,} more, all flagged with a red "
                                          "border").format(
                    count=len(units) - LEGEND_UNCOVERED_MAX)) + "</li>")
            parts.append("</ul></details>")
    elif legend.uncovered:
        shown = legend.uncovered[:LEGEND_UNCOVERED_MAX]
        parts.append('<h2 class="uncovered">' + e(_("Uncovered units ({count:,})").format(
            count=len(legend.uncovered))) + '</h2><ul class="uncovered">')
        parts += [_unit_button(node_id, name) for node_id, name in shown]
        if len(legend.uncovered) > len(shown):
            parts.append("<li>" + e(_("… and {count:,} more, all flagged with a red border"
                                      ).format(count=len(legend.uncovered) - len(shown)))
                         + "</li>")
        parts.append("</ul>")
    parts += [f'<p class="note">{e(localized(note))}</p>' for note in legend.notes]
    parts.append('<p class="note">' + e(_("Hover a node or line for its properties; drag to "
                                          "pan, scroll to zoom.")) + "</p></details>")
    return "\n".join(parts)


def _unit_button(node_id: str, name: str) -> str:
    e = html.escape
    return (f'<li><button type="button" class="focus" data-id="{e(node_id)}" '
            f'title="{e(_("show it"))}">{e(name)}</button> <span class="id">{e(node_id)}'
            "</span></li>")


def _controls_html(data: dict[str, Any]) -> str:
    """The page's filters (show or hide node types, coverage statuses, relationship types)
    and its 'colour by' choice."""
    e = html.escape
    filters = data.get("filters") or {}
    parts = [f'<details open id="controls"><summary>{e(_("Show"))}</summary>']
    for kind, heading in (("type", _("Node types")), ("status", _("Coverage")),
                          ("relation", _("Relationships"))):
        rows = filters.get(kind) or []
        if not rows:
            continue
        parts.append(f'<fieldset class="filter" data-filter="{kind}"><legend>{e(heading)}'
                     "</legend>")
        parts += [f'<label><input type="checkbox" data-filter="{kind}" value="{e(value)}"'
                  f'{" checked" if shown else ""}> {e(text)} <span class="count">{count:,}'
                  "</span></label>" for value, text, count, shown in rows]
        parts.append("</fieldset>")
    choices = [("type", _("type"))]
    if any(n.get("gm", {}).get("status") for n in data.get("nodes", [])):
        choices.append(("status", _("coverage")))
    if any(n.get("gm", {}).get("cluster") for n in data.get("nodes", [])):
        choices.append(("cluster", _("partnership cluster")))
    if data.get("layout") != "summary-only":
        parts.append(f'<fieldset class="colour-by" id="colour-by"><legend>{e(_("Colour by"))}'
                     "</legend>")
        parts += [f'<label><input type="radio" name="colour-by" value="{value}"'
                  f'{" checked" if value == "type" else ""}> {e(text)}</label>'
                  for value, text in choices]
        parts.append("</fieldset>")
    parts.append("</details>")
    return "\n".join(parts)


def _bars_html(legend: Legend) -> str:
    """The summary's areas as bars: by gap to the target when there is one, else by rate."""
    if not legend.bars:
        return ""
    e = html.escape
    target = legend.target
    heading = (_("Areas against the target {target:.0%}, most to cover first").format(
        target=target) if target is not None else _("Areas by formation rate, lowest first"))
    parts = [f'<details open id="bars"><summary>{e(heading)}</summary><ol class="bars">']
    for bar in legend.bars:
        rate = bar["rate"]
        what = (_("{rate:.1%}; {gap:,} to cover").format(rate=rate, gap=bar["gap"])
                if target is not None and bar["gap"] else f"{rate:.1%}")
        marker = (f'<span class="target" style="left:{target * 100:.1f}%"></span>'
                  if target is not None else "")
        parts.append(
            f'<li><button type="button" class="focus bar" data-id="{e(bar["id"])}" '
            f'title="{e(str(bar["name"]))}: {e(what)}"><span class="bar-name">'
            f'{e(str(bar["name"]))}</span><span class="bar-track"><span class="bar-fill" '
            f'style="width:{rate * 100:.1f}%;background:{e(bar["colour"])}"></span>'
            f'{marker}</span><span class="bar-text">{e(what)}</span></button></li>')
    parts.append("</ol></details>")
    return "\n".join(parts)


def _swatch(item: LegendItem) -> str:
    e = html.escape
    dash = ""
    if item.dashes:
        pattern = item.dashes if isinstance(item.dashes, list) else [5, 5]
        dash = f' stroke-dasharray="{" ".join(str(x) for x in pattern)}"'
    if item.shape is None:
        return (f'<svg class="swatch" width="40" height="14" aria-hidden="true"><line x1="2" '
                f'y1="7" x2="38" y2="7" stroke="{e(item.colour)}" '
                f'stroke-width="{item.width}"{dash}/></svg>')
    paint = (f'fill="{e(item.colour)}" stroke="{e(item.border)}" '
             f'stroke-width="{item.border_width}"{dash}')
    return (f'<svg class="swatch" width="40" height="18" viewBox="-20 -9 40 18" '
            f'aria-hidden="true">{_shape(item.shape, paint)}</svg>')


def _shape(shape: str, paint: str) -> str:
    """An SVG element drawing a vis-network shape of radius ~6.5 around (0, 0)."""
    r = 6.5
    if shape == "dot":
        return f'<circle r="{r}" {paint}/>'
    if shape == "square":
        return f'<rect x="{-r}" y="{-r}" width="{2 * r}" height="{2 * r}" {paint}/>'
    corners = {
        "diamond": [(0, -r), (r, 0), (0, r), (-r, 0)],
        "triangle": [(0, -r), (r, r * 0.75), (-r, r * 0.75)],
        "triangleDown": [(0, r), (r, -r * 0.75), (-r, -r * 0.75)],
        "hexagon": [(r * math.cos(a), r * math.sin(a))
                    for a in (math.pi / 3 * i for i in range(6))],
        "star": [((r if i % 2 == 0 else r * 0.45) * math.sin(math.pi / 5 * i),
                  -(r if i % 2 == 0 else r * 0.45) * math.cos(math.pi / 5 * i))
                 for i in range(10)],
    }.get(shape)
    if corners is None:
        return f'<circle r="{r}" {paint}/>'
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)
    return f'<polygon points="{points}" {paint}/>'


CSS = """
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font-family: FONT_STACK; color: #222;
       background: #ffffff; }
header { padding: 8px 14px 6px; border-bottom: 1px solid #ddd; background: #fafafa; }
header h1 { font-size: 18px; margin: 0 0 2px; }
header p { margin: 2px 0; font-size: 13px; color: #444; }
header .stats { color: #666; }
#find { display: inline-flex; gap: 4px; margin-top: 4px; }
#find input { width: 220px; font: inherit; font-size: 13px; }
#find button, #find output { font: inherit; font-size: 13px; }
main { flex: 1; display: flex; min-height: 0; }
#network { flex: 1; position: relative; min-width: 0; }
#network .vis-network:focus { outline: none; }
#network .vis-network:focus-visible { outline: 2px solid #9ecbff; }
#legend { width: 300px; overflow: auto; border-left: 1px solid #ddd; background: #fcfcfc;
          font-size: 12.5px; padding: 6px 10px; }
#legend summary { font-weight: bold; cursor: pointer; }
#legend h2 { font-size: 13px; margin: 10px 0 4px; }
#legend h2.uncovered { color: #c0161b; }
#legend ul { list-style: none; margin: 0; padding: 0; }
#legend li { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
#legend .swatch { flex: none; }
#legend .count { margin-left: auto; color: #777; }
#legend .id { color: #888; font-size: 11px; }
#legend button.focus { font: inherit; border: 1px solid #e41a1c; background: #fff;
                       border-radius: 3px; cursor: pointer; text-align: left; }
#legend .note { color: #666; }
#legend fieldset { border: 1px solid #e4e4e4; margin: 6px 0; padding: 3px 6px; }
#legend fieldset legend { font-weight: bold; font-size: 12px; }
#legend fieldset label { display: flex; align-items: center; gap: 4px; margin: 1px 0; }
#legend details details summary { font-weight: normal; }
#bars ol { list-style: none; margin: 4px 0; padding: 0; }
#bars button.bar { display: grid; grid-template-columns: 6.5em 1fr 9.5em; gap: 4px;
                   align-items: center; width: 100%; border: 0; background: none;
                   padding: 1px 0; font: inherit; cursor: pointer; text-align: left; }
#bars .bar-name { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
#bars .bar-track { position: relative; height: 11px; background: #eeeeee; }
#bars .bar-fill { position: absolute; left: 0; top: 0; bottom: 0; }
#bars .target { position: absolute; top: -2px; bottom: -2px; width: 2px;
                background: #000000; }
#bars .bar-text { color: #555; font-size: 11px; white-space: nowrap; }
#tools { display: inline-flex; gap: 6px; margin-left: 10px; }
#tools button { font: inherit; font-size: 13px; }
div.vis-tooltip { position: absolute; visibility: hidden; pointer-events: none; z-index: 5;
                  padding: 6px 8px; white-space: pre-wrap; max-width: 420px;
                  font-family: FONT_STACK; font-size: 13px; color: #222;
                  background: #fffef5; border: 1px solid #888; border-radius: 4px;
                  box-shadow: 2px 2px 8px rgba(0, 0, 0, 0.2); }
"""

APP_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var texts = data.texts || {};
  var fold = data.fold || {};
  var colours = data.colours || {};
  var all = {}, groups = {}, open = {}, saved = {};
  var hidden = {type: {}, status: {}, relation: {}};
  var colourBy = "type";
  data.nodes.forEach(function (n) { all[n.id] = n; });
  (data.groups || []).forEach(function (g) { groups[g.id] = g; g.list = []; });
  data.nodes.forEach(function (n) {
    if (n.gm && n.gm.bundle && groups[n.gm.bundle]) { groups[n.gm.bundle].list.push(n.id); }
  });
  Object.keys(data.filters || {}).forEach(function (kind) {
    data.filters[kind].forEach(function (row) { if (!row[3]) { hidden[kind][row[0]] = true; } });
  });
  function say(template, values) {
    return String(template).replace(/\\{(\\w+)\\}/g, function (m, key) {
      return key in values ? String(values[key]) : m;
    });
  }
  function visible(n) {
    var gm = n.gm || {};
    return !hidden.type[gm.type] && !(gm.status && hidden.status[gm.status]);
  }
  function rep(id) {
    var gm = all[id].gm || {};
    return gm.bundle && groups[gm.bundle] && !open[gm.bundle] ? gm.bundle : id;
  }
  function painted(n) {
    var gm = n.gm || {};
    if (colourBy === "type") { return n; }
    var background = colourBy === "status"
      ? (gm.status ? colours.status[gm.status] : colours.notUnit)
      : (gm.cluster ? colours.cluster[(gm.cluster - 1) % colours.cluster.length]
                    : colours.noCluster);
    var item = Object.assign({}, n);
    item.color = Object.assign({}, n.color, {
      background: background,
      highlight: Object.assign({}, n.color.highlight, {background: background}),
      hover: Object.assign({}, n.color.hover, {background: background})});
    return item;
  }
  function heading(g) {
    return {id: g.id, label: "\\u25be " + g.gm.name, title: texts.close, shape: "box",
            x: g.gm.head[0], y: g.gm.head[1], borderWidth: 1,
            font: {size: Math.max(14, g.font.size * 0.6)},
            color: {background: "#ffffff", border: g.color.background,
                    highlight: {background: "#ffffff", border: "#000000"},
                    hover: {background: "#ffffff", border: "#000000"}}};
  }
  function wanted() {
    var shown = {}, lines = {};
    data.nodes.forEach(function (n) {
      if (!visible(n)) { return; }
      var r = rep(n.id);
      if (r === n.id) { shown[n.id] = painted(n); } else if (!shown[r]) { shown[r] = groups[r]; }
    });
    (data.groups || []).forEach(function (g) { if (open[g.id]) { shown[g.id] = heading(g); } });
    data.edges.forEach(function (e) {
      var type = e.gm ? e.gm.type : "";
      if (hidden.relation[type] || !visible(all[e.from]) || !visible(all[e.to])) { return; }
      var a = rep(e.from), b = rep(e.to);
      if (a === e.from && b === e.to) { lines[e.id] = e; return; }
      if (a === b) { return; }
      var key = "g:" + (a < b ? a + "\\u0000" + b : b + "\\u0000" + a);
      var tie = lines[key];
      if (!tie) {
        tie = lines[key] = {id: key, from: a, to: b, count: 0, color: {color: "#9e9e9e"},
                            arrows: {to: {enabled: false}}};
      }
      tie.count += 1;
    });
    Object.keys(lines).forEach(function (key) {
      var tie = lines[key];
      if (tie.count) {
        tie.width = 1 + 1.5 * Math.log2(tie.count);
        tie.title = say(texts.ties, {count: tie.count.toLocaleString()});
      }
    });
    return {nodes: shown, edges: lines};
  }
  var first = wanted();
  var nodes = new vis.DataSet(Object.keys(first.nodes).map(function (id) {
    return first.nodes[id]; }));
  var edges = new vis.DataSet(Object.keys(first.edges).map(function (id) {
    return first.edges[id]; }));
  var container = document.getElementById("network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  var state = {drawn: false, nodes: data.nodes.length, edges: data.edges.length,
               layout: data.layout, shown: nodes.length, decluttered: 0};
  window.graphmodelView = state;
  window.graphmodelNetwork = network;
  function sync() {
    var want = wanted();
    var gone = nodes.getIds().filter(function (id) { return !(id in want.nodes); });
    if (gone.length) {
      var at = network.getPositions(gone);
      gone.forEach(function (id) { if (all[id]) { saved[id] = at[id]; } });
      nodes.remove(gone);
    }
    var have = {};
    nodes.getIds().forEach(function (id) { have[id] = true; });
    var changes = Object.keys(want.nodes).map(function (id) {
      var item = Object.assign({}, want.nodes[id]);
      if (have[id] && !groups[id]) { delete item.x; delete item.y; }
      else if (saved[id]) { item.x = saved[id].x; item.y = saved[id].y; }
      return item;
    });
    nodes.update(changes);
    edges.remove(edges.getIds().filter(function (id) { return !(id in want.edges); }));
    edges.update(Object.keys(want.edges).map(function (id) { return want.edges[id]; }));
    state.shown = nodes.length;
  }
  state.sync = sync;
  var settled = !data.options.physics.enabled || nodes.length === 0;
  var status = document.getElementById("layout-status");
  network.on("stabilizationProgress", function (progress) {
    status.textContent = say(texts.laying, {done: progress.iterations, total: progress.total});
  });
  network.once("stabilizationIterationsDone", function () {
    status.textContent = "";
    network.setOptions({physics: {enabled: false}});
    settled = true;
    network.fit();
    network.redraw();
  });
  // move nodes apart until no two boxes (shape and label) overlap: small pages only
  function declutter() {
    var ids = nodes.getIds();
    if (ids.length < 2 || ids.length > data.declutter) { return 0; }
    var at = network.getPositions(ids), pad = 3, moves = 0;
    var items = ids.map(function (id) {
      var box = network.getBoundingBox(id), p = at[id];
      return {id: id, x: p.x, y: p.y, l: box.left - p.x - pad, r: box.right - p.x + pad,
              t: box.top - p.y - pad, b: box.bottom - p.y + pad};
    });
    for (var round = 0; round < 1000; round++) {
      var moved = false;
      items.sort(function (a, b) { return (a.x + a.l) - (b.x + b.l); });
      for (var i = 0; i < items.length; i++) {
        var A = items[i];
        for (var j = i + 1; j < items.length; j++) {
          var B = items[j];
          if (B.x + B.l >= A.x + A.r) { break; }
          var ox = Math.min(A.x + A.r, B.x + B.r) - Math.max(A.x + A.l, B.x + B.l);
          var oy = Math.min(A.y + A.b, B.y + B.b) - Math.max(A.y + A.t, B.y + B.t);
          if (ox <= 0 || oy <= 0) { continue; }
          moved = true;
          moves += 1;
          if (ox < oy) {
            var sx = A.x <= B.x ? 1 : -1;
            A.x -= sx * (ox / 2 + 0.5); B.x += sx * (ox / 2 + 0.5);
          } else {
            var sy = A.y <= B.y ? 1 : -1;
            A.y -= sy * (oy / 2 + 0.5); B.y += sy * (oy / 2 + 0.5);
          }
        }
      }
      if (!moved) { break; }
    }
    items.forEach(function (it) { network.moveNode(it.id, it.x, it.y); });
    return moves;
  }
  var passes = 0;
  network.on("afterDrawing", function () {
    if (!settled || state.drawn) { return; }
    if (passes < 4) {  // (boxes are measured as drawn: again after a move, until none moves)
      passes += 1;
      var moves = declutter();
      state.decluttered += moves;
      if (moves) { network.fit(); network.redraw(); return; }
    }
    state.drawn = true;
    document.body.setAttribute("data-drawn", "true");
  });
  if (nodes.length === 0) { state.drawn = true; }
  function openGroup(key, fit) {
    if (!groups[key] || open[key]) { return; }
    open[key] = true;
    sync();
    if (fit) {
      network.fit({nodes: groups[key].list.filter(function (id) { return nodes.get(id); }),
                   animation: {duration: 300}});
    }
  }
  function closeGroup(key) {
    if (!groups[key] || !open[key]) { return; }
    delete open[key];
    sync();
  }
  state.open = function (key) { openGroup(key, false); return nodes.length; };
  state.close = function (key) { closeGroup(key); return nodes.length; };
  state.isOpen = function (key) { return Boolean(open[key]); };
  network.on("click", function (params) {
    if (params.nodes.length !== 1 || !groups[params.nodes[0]]) { return; }
    var key = params.nodes[0];
    if (open[key]) { closeGroup(key); } else { openGroup(key, true); }
  });
  function show(id) {
    var n = all[id];
    if (!n) { return false; }
    var bundle = n.gm && n.gm.bundle;
    if (bundle && groups[bundle] && !open[bundle]) { openGroup(bundle, false); }
    if (nodes.get(id) === null) { return false; }
    network.selectNodes([id]);
    network.focus(id, {scale: 1.5, animation: {duration: 300}});
    return true;
  }
  function folded(text) {
    var out = "";
    var plain = String(text).toLowerCase().replace(/\\s+/g, "");
    for (var i = 0; i < plain.length; i++) { out += fold[plain[i]] || plain[i]; }
    return out;
  }
  var keys = null;
  function search(text) {
    var wantedText = folded(text);
    if (!wantedText) { return []; }
    if (keys === null) {
      keys = data.nodes.map(function (n) {
        return [n.id, folded(n.id), folded(n.gm ? n.gm.name : n.label)]; });
    }
    return keys.filter(function (k) {
      return k[1] === wantedText || k[2].indexOf(wantedText) !== -1;
    }).map(function (k) { return k[0]; });
  }
  state.search = search;
  document.getElementById("find").addEventListener("submit", function (event) {
    event.preventDefault();
    var out = document.getElementById("find-status");
    var hits = search(document.getElementById("find-text").value);
    if (!hits.length) {
      out.textContent = document.getElementById("find-text").value.trim() ? texts.notFound : "";
      return;
    }
    out.textContent = show(hits[0]) ? say(texts.found, {count: hits.length}) : texts.hidden;
  });
  document.getElementById("legend").addEventListener("click", function (event) {
    var button = event.target.closest("button.focus");
    if (button) { show(button.getAttribute("data-id")); }
  });
  document.getElementById("legend").addEventListener("change", function (event) {
    var input = event.target;
    if (input.name === "colour-by") {
      colourBy = input.value;
      sync();
      return;
    }
    var kind = input.getAttribute("data-filter");
    if (!kind) { return; }
    if (input.checked) {
      delete hidden[kind][input.value];
    } else {
      hidden[kind][input.value] = true;
    }
    sync();
  });
  state.hidden = hidden;
  state.colourBy = function () { return colourBy; };
  function png() {
    var canvas = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    var context = out.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, out.width, out.height);
    context.drawImage(canvas, 0, 0);
    return out.toDataURL("image/png");
  }
  state.png = png;
  document.getElementById("save-png").addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = png();
    link.download = (document.title || "view").replace(/[\\\\/:*?"<>|]+/g, "_")
      .slice(0, 80) + ".png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="generator" content="graphmodel">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p class="description">{description}</p>
<p class="stats">{stats} <span id="layout-status"></span></p>
<form id="find" role="search"><input id="find-text" type="search"
 placeholder="{find}" aria-label="{find}"><button
 type="submit">{find_button}</button><output id="find-status"></output></form><span
 id="tools"><button type="button" id="save-png" title="{png_hint}">{png}</button></span>
</header>
<main>
<div id="network" aria-label="{title}"></div>
<aside id="legend">
{bars}
{controls}
{legend}
</aside>
</main>
<script type="application/json" id="scope-figures">{figures}</script>
<script type="application/json" id="graph-data">{data}</script>
<script>{vendor}</script>
<script>{app}</script>
</body>
</html>
"""
