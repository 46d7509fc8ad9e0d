"""The report page: one self-contained HTML file to read on screen and print on A4.

Figures come as gathered (``figures.gather``); this module only lays them out. Every figure
is in a table (what prints and what a screen reader reads); charts drawn by Chart.js (MIT,
inlined from ``vendor/``, its licence kept in the page) sit beside them. Like the views
(graphmodel/views/page.py), the page loads nothing: a Content-Security-Policy allows only
its own two scripts by hash and no connection; text is HTML-escaped, data travels as
escaped JSON in ``<script type="application/json">``.

>>> "Chart.js" in chart_js()[:200]
True
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources
from typing import Any

from graphmodel.errors import GraphmodelError
from graphmodel.i18n import Text, _, code, heading, language, pgettext
from graphmodel.views.page import script_hash, script_json
from graphmodel.views.style import FONT_STACK

CHART_JS_VERSION = "4.6.2"


@cache
def chart_js() -> str:
    """Chart.js as shipped in vendor/ (npm ``chart.js``, dist/chart.umd.min.js)."""
    text = resources.files("graphmodel.reporting").joinpath(
        "vendor", "chart.umd.min.js").read_text(encoding="utf-8")
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise GraphmodelError(Text("the bundled chart.umd.min.js contains '</script' or "
                                   "'<!--' and cannot be inlined safely"))
    return text


@cache
def chart_js_licence() -> str:
    return resources.files("graphmodel.reporting").joinpath(
        "vendor", "chart.js-LICENSE.md").read_text(encoding="utf-8")


def render(figures: dict[str, Any]) -> str:
    """The page's HTML text for figures as ``ReportFigures.to_dict()`` gives them."""
    vendor, app = chart_js(), APP_JS
    csp = ("default-src 'none'; "
           f"script-src {script_hash(vendor)} {script_hash(app)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "connect-src 'none'; form-action 'none'; base-uri 'none'")
    e = html.escape
    title = _("Party-building coverage report")
    target = figures["target"]
    subtitle = _("figures as of {day}; written {written}").format(
        day=figures["as_of"], written=figures["written"].replace("T", " "))
    if target is not None:
        subtitle += _("; target formation rate {rate}").format(rate=_percent(target))
    sections = [_headline(figures), _indicators(figures), _areas(figures, "zones"),
                _areas(figures, "streets"), _modes(figures), _plan(figures),
                _clusters(figures), _trend(figures)]
    licence = chart_js_licence().replace("--", "- -")
    return PAGE.format(
        lang=e({"zh": "zh-Hans", "zh-Hant": "zh-Hant"}.get(language(), "en")), csp=e(csp),
        title=e(title), subtitle=e(subtitle), css=CSS.replace("FONT_STACK", FONT_STACK),
        sections="\n".join(sections),
        credit=e(_("Charts drawn by Chart.js {version} (MIT licence), inlined in this page; "
                   "the page loads nothing from the network.").format(
                       version=CHART_JS_VERSION)),
        figures=script_json(figures), texts=script_json(_chart_texts(figures)),
        vendor=vendor, app=app, licence=licence)


def _chart_texts(figures: dict[str, Any]) -> dict[str, Any]:
    """What the charts say, in the chosen language."""
    return {
        "font": FONT_STACK, "target": _("target"),
        "formation": heading("formation rate"),
        "double": heading("double coverage rate"),
        "modes": {mode: code("mode", mode) for mode in figures["modes"]},
        "actions": {action: code("action", action)
                    for street in figures["plan"]["streets"] for action in street["actions"]},
    }


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.1%}"


def _section(key: str, title: str, body: str, note: str = "") -> str:
    e = html.escape
    return (f'<section id="{key}"><h2>{e(title)}</h2>'
            + (f'<p class="note">{e(note)}</p>' if note else "") + body + "</section>")


def _table(headings: list[str], rows: list[list[Any]], *, text: tuple[int, ...] = (0,),
           css: str = "") -> str:
    """A table whose columns are right-aligned figures except the ``text`` ones."""
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in headings)
    body = "".join(
        "<tr>" + "".join(f'<td{"" if i in text else " class=num"}>{e(str(v))}</td>'
                         for i, v in enumerate(row)) + "</tr>" for row in rows)
    return (f'<table class="{css}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _headline(figures: dict[str, Any]) -> str:
    total = figures["total"]
    cards = [(heading("in scope"), f"{total['in_scope']:,}"),
             (heading("covered"), f"{total['covered']:,}"),
             (heading("formation rate"), _percent(total["formation_rate"])),
             (heading("work only"), f"{total['work_only']:,}"),
             (heading("uncovered"), f"{total['uncovered']:,}"),
             (heading("double coverage rate"), _percent(total["double_coverage_rate"]))]
    if figures["target"] is not None:
        cards.append((_("units to cover to reach the target"), f"{total['gap']:,}"))
    e = html.escape
    body = '<div class="cards">' + "".join(
        f'<div class="card"><div class="value">{e(v)}</div><div class="label">{e(k)}</div>'
        "</div>" for k, v in cards) + "</div>"
    return _section("headline", _("Headline figures"), body)


def _indicators(figures: dict[str, Any]) -> str:
    found = figures["indicators"]
    average = found["province_average"]
    if average is None:
        double_goal = _("above the provincial average (give it with --province-average)")
        double_met = "-"
    else:
        double_goal = _("above the provincial average, {rate}").format(rate=_percent(average))
        double_met = _("yes") if found["above_average"] else _("no")
    rows = [
        [_("should-build rate (應建必建率)"), _percent(found["should_build_rate"]),
         _("{part:,} of {whole:,} units with 3 or more party members have an organization "
           "of their own").format(part=found["built"], whole=found["should_build"]),
         "100%", _met(found["should_build_rate"])],
        [_("work-coverage rate (工作覆蓋率)"), _percent(found["work_coverage_rate"]),
         _("{part:,} of {whole:,} units without a party organization are reached by an "
           "instructor").format(part=found["work_covered"], whole=found["without_organization"]),
         "100%", _met(found["work_coverage_rate"])],
        [_("double-coverage rate (雙覆蓋率)"), _percent(found["double_coverage_rate"]),
         _("{part:,} of {whole:,} units are covered by an organization or by party "
           "work").format(part=found["double_covered"], whole=found["in_scope"]),
         double_goal, double_met],
    ]
    body = _table([_("indicator"), _("rate"), _("made of"), _("goal"), _("met")], rows,
                  text=(0, 2, 3, 4), css="indicators")
    return _section("indicators", _("雙百一超 indicators"), body)


def _met(rate: float | None) -> str:
    return "-" if rate is None else _("yes") if rate >= 1 else _("no")


def _areas(figures: dict[str, Any], kind: str) -> str:
    areas = figures[kind]
    title = _("Formation rate by zone") if kind == "zones" else _("Formation rate by street")
    with_gap = figures["target"] is not None
    headings = [heading("zone" if kind == "zones" else "street"), heading("in scope"),
                heading("covered"), heading("work only"), heading("uncovered"),
                heading("formation rate"), heading("double coverage rate")]
    if with_gap:
        headings.append(heading("gap"))
    rows = [[a["name"], a["in_scope"], a["covered"], a["work_only"], a["uncovered"],
             _percent(a["formation_rate"]), _percent(a["double_coverage_rate"]),
             *([a["gap"]] if with_gap else [])] for a in areas]
    if not areas:
        return _section(kind, title, "", _("The register has no {kind}.").format(
            kind=heading(kind)))
    height = 60 + 26 * len(areas)
    chart = (f'<div class="chart" style="height:{height}px">'
             f'<canvas id="chart-{kind}" role="img" aria-label="{html.escape(title)}">'
             "</canvas></div>")
    note = (_("Bars below the target line are red, at or above it green.") if with_gap
            else "")
    return _section(kind, title, chart + _table(headings, rows), note)


def _modes(figures: dict[str, Any]) -> str:
    modes = figures["modes"]
    covered = sum(modes.values())
    rows = [[code("mode", mode), n, _percent(n / covered if covered else None)]
            for mode, n in modes.items()]
    chart = ('<div class="chart small"><canvas id="chart-modes" role="img" '
             f'aria-label="{html.escape(_("How units are covered"))}"></canvas></div>')
    return _section("modes", _("How units are covered"),
                    chart + _table([heading("mode"), _("units"), _("share")], rows))


def _plan(figures: dict[str, Any]) -> str:
    planned = figures["plan"]
    actions = planned["actions"]
    lines = [_table([heading("action"), _("units")],
                    [[code("action", a), n] for a, n in actions.items()]
                    + [[_("already guided by an instructor"), planned["existing_guides"]]])]
    notes = [_("{count:,} joint branches proposed.").format(count=planned["joint_groups"])]
    outlook = planned["projection"]
    if outlook is not None:
        notes.append(
            _("Done, the plan takes the formation rate from {before} to {after} "
              "({planned:,} units given an organization); the target {reached}.").format(
                before=_percent(outlook["formation_rate_before"]),
                after=_percent(outlook["formation_rate_after"]),
                planned=outlook["units_planned"],
                reached=_("is reached") if outlook["reaches_target"] else _("is not reached")))
    used = [a for a in actions if any(a in s["actions"] for s in planned["streets"])]
    streets = planned["streets"]
    if streets:
        height = 60 + 26 * len(streets)
        lines.append(f'<div class="chart" style="height:{height}px"><canvas id="chart-plan" '
                     f'role="img" aria-label="{html.escape(_("The plan by street"))}">'
                     "</canvas></div>")
        lines.append(_table([heading("street"), *(code("action", a) for a in used)],
                            [[s["name"], *(s["actions"].get(a, 0) for a in used)]
                             for s in streets]))
    return _section("plan", _("The plan: what to build"), "".join(lines), " ".join(notes))


def _clusters(figures: dict[str, Any]) -> str:
    found = figures["clusters"]
    note = _("{isolated:,} in-scope units cooperate with nobody.").format(
        isolated=figures["isolated"])
    if not found:
        return _section("clusters", _("Largest partnership clusters"), "",
                        _("No cluster: no cooperation ties.") + " " + note)
    rows = [[c["id"], c["label"], c["size"], c["in_scope"], c["uncovered"],
             "、".join(c["brokers"])] for c in found]
    body = _table([heading("cluster"), _("label"), _("members"), heading("in scope"),
                   heading("uncovered"), heading("brokers")], rows, text=(1, 5),
                  css="clusters")
    return _section("clusters", _("Largest partnership clusters"), body, note)


def _trend(figures: dict[str, Any]) -> str:
    points = figures["trend"]["points"]
    title = _("The trend")
    if not points:
        return _section("trend", title, "", _("The register holds no dates (founded, since): "
                                               "no trend to draw."))
    chart = ('<div class="chart"><canvas id="chart-trend" role="img" '
             f'aria-label="{html.escape(title)}"></canvas></div>')
    shown = points if len(points) <= 24 else points[-24:]
    table = _table([heading("date"), heading("in scope"), heading("covered"),
                    heading("work only"), heading("formation rate"),
                    heading("double coverage rate")],
                   [[p["date"], p["in_scope"], p["covered"], p["work_only"],
                     _percent(p["formation_rate"]), _percent(p["double_coverage_rate"])]
                    for p in shown])
    note = _("Every {every} from {first} to {last}.").format(
        every=pgettext("period", figures["trend"]["every"]), first=points[0]["date"],
        last=points[-1]["date"])
    if len(shown) < len(points):
        note += " " + _("The table lists the last {count} points.").format(count=len(shown))
    return _section("trend", title, chart + table, note)


CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: FONT_STACK; color: #1d1d1f; margin: 0 auto; padding: 16px;
       max-width: 190mm; font-size: 10.5pt; line-height: 1.45; }
header h1 { font-size: 18pt; margin: 0 0 4px; }
header p { margin: 0; color: #555; }
h2 { font-size: 13pt; border-bottom: 2px solid #b22222; padding-bottom: 2px; margin: 18px 0 8px; }
section { margin-bottom: 10px; }
.note { color: #444; margin: 4px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 10px; }
.card .value { font-size: 16pt; font-weight: 600; }
.card .label { color: #555; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 4px; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 6px; text-align: left;
         vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { position: relative; width: 100%; height: 260px; margin: 6px 0; }
.chart.small { height: 220px; }
footer { margin-top: 18px; color: #666; font-size: 8.5pt; }
@media print {
  body { padding: 0; max-width: none; }
  section { break-inside: avoid-page; }
  section#streets, section#plan, section#trend { break-inside: auto; }
  thead { display: table-header-group; }
  tr, .chart { break-inside: avoid; }
}
"""

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header><h1>{title}</h1><p>{subtitle}</p></header>
{sections}
<footer><p>{credit}</p></footer>
<script type="application/json" id="report-figures">{figures}</script>
<script type="application/json" id="report-texts">{texts}</script>
<script>{vendor}</script>
<script>{app}</script>
<!-- Chart.js licence:
{licence}
-->
</body>
</html>
"""

APP_JS = r"""
(function () {
  "use strict";
  var figures = JSON.parse(document.getElementById("report-figures").textContent);
  var texts = JSON.parse(document.getElementById("report-texts").textContent);
  var BELOW = "#c0392b", ABOVE = "#2e8b57", PLAIN = "#3b6ea8";
  var MODE_COLOURS = ["#1f6f43", "#3b6ea8", "#d08c2b", "#7d5ba6"];
  var ACTION_COLOURS = ["#1f6f43", "#3b6ea8", "#d08c2b", "#7d5ba6", "#8c8c8c", "#b22222"];
  Chart.defaults.font.family = texts.font;
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.devicePixelRatio = Math.max(2, window.devicePixelRatio || 1);
  var charts = [];

  function percent(rate) { return rate === null ? null : Math.round(rate * 10000) / 100; }

  var targetLine = {
    id: "targetLine",
    afterDatasetsDraw: function (chart, args, options) {
      if (options.value === null || options.value === undefined) { return; }
      var scale = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      var x = scale.getPixelForValue(options.value);
      ctx.save();
      ctx.strokeStyle = "#222"; ctx.lineWidth = 1.5; ctx.setLineDash([6, 4]);
      ctx.beginPath(); ctx.moveTo(x, area.top); ctx.lineTo(x, area.bottom); ctx.stroke();
      ctx.setLineDash([]); ctx.fillStyle = "#222"; ctx.font = "11px " + texts.font;
      ctx.fillText(options.label, Math.min(x + 4, area.right - 60), area.top + 10);
      ctx.restore();
    }
  };

  function areaChart(kind) {
    var canvas = document.getElementById("chart-" + kind);
    if (!canvas) { return; }
    var areas = figures[kind], target = figures.target;
    var values = areas.map(function (a) { return percent(a.formation_rate); });
    var colours = areas.map(function (a) {
      if (target === null || a.formation_rate === null) { return PLAIN; }
      return a.formation_rate >= target ? ABOVE : BELOW;
    });
    charts.push(new Chart(canvas, {
      type: "bar",
      data: { labels: areas.map(function (a) { return a.name; }),
              datasets: [{ label: texts.formation, data: values,
                           backgroundColor: colours }] },
      options: {
        indexAxis: "y",
        scales: { x: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: { legend: { display: false },
                   targetLine: { value: target === null ? null : percent(target),
                                 label: texts.target + " " + percent(target) + "%" } }
      },
      plugins: [targetLine]
    }));
  }

  function modesChart() {
    var canvas = document.getElementById("chart-modes");
    if (!canvas) { return; }
    var modes = Object.keys(figures.modes);
    charts.push(new Chart(canvas, {
      type: "doughnut",
      data: { labels: modes.map(function (m) { return texts.modes[m]; }),
              datasets: [{ data: modes.map(function (m) { return figures.modes[m]; }),
                           backgroundColor: MODE_COLOURS }] },
      options: { plugins: { legend: { position: "right" } } }
    }));
  }

  function planChart() {
    var canvas = document.getElementById("chart-plan");
    if (!canvas) { return; }
    var streets = figures.plan.streets;
    var actions = Object.keys(texts.actions);
    charts.push(new Chart(canvas, {
      type: "bar",
      data: { labels: streets.map(function (s) { return s.name; }),
              datasets: actions.map(function (a, i) {
                return { label: texts.actions[a], backgroundColor: ACTION_COLOURS[i % 6],
                         data: streets.map(function (s) { return s.actions[a] || 0; }) };
              }) },
      options: { indexAxis: "y", scales: { x: { stacked: true }, y: { stacked: true } } }
    }));
  }

  function trendChart() {
    var canvas = document.getElementById("chart-trend");
    if (!canvas) { return; }
    var points = figures.trend.points, target = figures.target;
    var datasets = [
      { label: texts.formation, borderColor: "#b22222", backgroundColor: "#b22222",
        data: points.map(function (p) { return percent(p.formation_rate); }) },
      { label: texts.double, borderColor: "#3b6ea8", backgroundColor: "#3b6ea8",
        data: points.map(function (p) { return percent(p.double_coverage_rate); }) }];
    if (target !== null) {
      datasets.push({ label: texts.target, borderColor: "#222", borderDash: [6, 4],
                      pointRadius: 0, data: points.map(function () { return percent(target); }) });
    }
    charts.push(new Chart(canvas, {
      type: "line",
      data: { labels: points.map(function (p) { return p.date; }), datasets: datasets },
      options: { scales: { y: { min: 0, max: 100,
                                ticks: { callback: function (v) { return v + "%"; } } } } }
    }));
  }

  areaChart("zones");
  areaChart("streets");
  modesChart();
  planChart();
  trendChart();
  function resize() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
  window.graphmodelReport = { drawn: true, charts: charts.length };
})();
"""
