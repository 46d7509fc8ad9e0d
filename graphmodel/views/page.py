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
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from graphmodel.errors import GraphmodelError
from graphmodel.i18n import _, localized
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
        raise GraphmodelError("vis-network.min.js was not found in the pyvis package "
                              "(pyvis/templates/lib/vis-*/): reinstall pyvis")
    text = max(found, key=lambda item: item[0])[1].read_text(encoding="utf-8")
    # the source map is not shipped: drop its reference so no tool goes looking for it
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise GraphmodelError("the bundled vis-network.min.js contains '</script' or '<!--' "
                              "and cannot be inlined safely")
    return text


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' left unescaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def write_page(path: str | os.PathLike[str], *, title: str, description: str, stats: str,
               data: dict[str, Any], legend: Legend) -> Path:
    """Write the page to ``path`` atomically (a temporary file renamed into place)."""
    target = Path(path)
    text = render_page(title=title, description=description, stats=stats, data=data,
                       legend=legend)
    directory = target.parent if str(target.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def render_page(*, title: str, description: str, stats: str, data: dict[str, Any],
                legend: Legend) -> str:
    """The page's HTML text."""
    vendor = vis_network_js()
    app = APP_JS
    csp = ("default-src 'none'; "
           f"script-src {_hash(vendor)} {_hash(app)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "connect-src 'none'; form-action 'none'; base-uri 'none'")
    e = html.escape
    return PAGE.format(
        csp=e(csp), title=e(title), description=e(description), stats=e(stats),
        css=CSS.replace("FONT_STACK", FONT_STACK), legend=_legend_html(legend),
        data=script_json(data), vendor=vendor, app=app)


def _hash(script: str) -> str:
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
    if legend.uncovered:
        shown = legend.uncovered[:LEGEND_UNCOVERED_MAX]
        parts.append('<h2 class="uncovered">' + e(_("Uncovered units ({count:,})").format(
            count=len(legend.uncovered))) + '</h2><ul class="uncovered">')
        parts += [f'<li><button type="button" class="focus" data-id="{e(node_id)}" '
                  f'title="show it">{e(name)}</button> <span class="id">{e(node_id)}</span>'
                  "</li>" for node_id, name in shown]
        if len(legend.uncovered) > len(shown):
            parts.append("<li>" + e(_("… and {count:,} more, all flagged with a red border"
                                      ).format(count=len(legend.uncovered) - len(shown)))
                         + "</li>")
        parts.append("</ul>")
    parts += [f'<p class="note">{e(localized(note))}</p>' for note in legend.notes]
    parts.append('<p class="note">' + e(_("Hover a node or line for its properties; drag to "
                                          "pan, scroll to zoom.")) + "</p></details>")
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
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  var state = {drawn: false, nodes: nodes.length, edges: edges.length, layout: data.layout};
  window.graphmodelView = state;
  window.graphmodelNetwork = network;
  var settled = !data.options.physics.enabled || nodes.length === 0;
  var stats = document.getElementById("layout-status");
  network.on("stabilizationProgress", function (progress) {
    stats.textContent = "laying out: " + progress.iterations + " / " + progress.total;
  });
  network.once("stabilizationIterationsDone", function () {
    stats.textContent = "";
    network.setOptions({physics: {enabled: false}});
    settled = true;
    network.fit();
    network.redraw();
  });
  network.on("afterDrawing", function () {
    if (settled && !state.drawn) {
      state.drawn = true;
      document.body.setAttribute("data-drawn", "true");
    }
  });
  if (nodes.length === 0) { state.drawn = true; }
  function show(id) {
    if (nodes.get(id) === null) { return false; }
    network.selectNodes([id]);
    network.focus(id, {scale: 1.5, animation: {duration: 300}});
    return true;
  }
  document.getElementById("find").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("find-text").value.trim().toLowerCase();
    var status = document.getElementById("find-status");
    if (!text) { status.textContent = ""; return; }
    var hits = nodes.get({filter: function (node) {
      return String(node.id).toLowerCase() === text ||
             String(node.label).toLowerCase().indexOf(text) !== -1;
    }});
    status.textContent = hits.length ? hits.length + " found" : "not found";
    if (hits.length) { show(hits[0].id); }
  });
  document.getElementById("legend").addEventListener("click", function (event) {
    var button = event.target.closest("button.focus");
    if (button) { show(button.getAttribute("data-id")); }
  });
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="zh">
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
 placeholder="find a name or id" aria-label="find a name or id"><button
 type="submit">Find</button><output id="find-status"></output></form>
</header>
<main>
<div id="network" aria-label="{title}"></div>
<aside id="legend">
{legend}
</aside>
</main>
<script type="application/json" id="graph-data">{data}</script>
<script>{vendor}</script>
<script>{app}</script>
</body>
</html>
"""
