"""How a view shows meaning: colours and shapes by node type, COVERS by mode, the legend.

Everything here is plain data (vis-network option dicts and legend rows); nothing is HTML.
Node types keep one colour and one shape everywhere; coverage shows on a unit's border
(uncovered: thick red; work only: dashed amber); COVERS edges differ by dash pattern and
colour per mode.

>>> node_style("enterprise", size="sme", status="uncovered")["color"]["border"]
'#e41a1c'
>>> edge_style("COVERS", "joint")["dashes"]
[10, 5]
>>> rate_colour(1.0), rate_colour(None)
('#1a9850', '#bdbdbd')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from graphmodel import schema
from graphmodel.i18n import N_, _

#: label font: CJK fonts first (Simplified and Traditional), then the system's sans-serif
FONT_STACK = ('"Noto Sans CJK SC", "Noto Sans CJK TC", "Source Han Sans SC", '
              '"Source Han Sans TC", "Microsoft YaHei", "PingFang SC", "PingFang TC", '
              '"WenQuanYi Micro Hei", sans-serif')


@dataclass(frozen=True)
class NodeLook:
    """Colour, vis-network shape and legend text of one node type."""

    colour: str
    shape: str
    label: str


NODE_LOOKS: dict[str, NodeLook] = {
    "enterprise": NodeLook("#4e79a7", "dot", N_("enterprise 企業")),
    "incubator": NodeLook("#f28e2b", "hexagon", N_("incubator 孵化器")),
    "social_org": NodeLook("#76b7b2", "triangle", N_("social organization 社會組織")),
    "party_org": NodeLook("#d4a017", "star", N_("party organization 黨組織")),
    "university": NodeLook("#9467bd", "triangleDown", N_("university 高校")),
    "service_body": NodeLook("#59a14f", "square", N_("service body 服務機構")),
    "zone": NodeLook("#7f7f7f", "diamond", N_("zone 片區")),
    "street": NodeLook("#b0a8a2", "diamond", N_("street 街道")),
}
TYPE_ORDER = tuple(NODE_LOOKS)

UNCOVERED_BORDER = "#e41a1c"
WORK_ONLY_BORDER = "#ff9f1c"
PLAIN_BORDER = "#3a3a3a"

#: node size by enterprise size / party level (vis-network "size" is a radius in pixels)
SIZE_BY_SIZE = {"above_scale": 24, "sme": 17, "micro": 13, "individual": 11}
SIZE_BY_LEVEL = {"committee": 24, "general_branch": 19, "branch": 15}
DEFAULT_SIZE = 15
AREA_SIZE = 28


@dataclass(frozen=True)
class EdgeLook:
    """Colour, width, dash pattern (False = solid), arrow and legend text of an edge kind."""

    colour: str
    width: float
    dashes: bool | list[int]
    arrow: bool
    label: str


#: COVERS by mode: the strongest form is the boldest line
COVERS_LOOKS: dict[str, EdgeLook] = {
    "standalone": EdgeLook("#b2182b", 3.0, False, True, N_("COVERS standalone 單獨組建")),
    "joint": EdgeLook("#ef6c00", 2.5, [10, 5], True, N_("COVERS joint 聯合組建")),
    "affiliated": EdgeLook("#6a3d9a", 2.5, [2, 5], True, N_("COVERS affiliated 挂靠組建")),
    "entrusted": EdgeLook("#00838f", 2.5, [12, 4, 2, 4], True, N_("COVERS entrusted 委托組建")),
}
EDGE_LOOKS: dict[str, EdgeLook] = {
    "GUIDES": EdgeLook("#ff9f1c", 1.5, [4, 4], True, N_("GUIDES (instructor, work coverage)")),
    "SUBORDINATE_TO": EdgeLook("#d4a017", 2.0, False, True, N_("SUBORDINATE_TO (party hierarchy)")),
    "PARTNERS_WITH": EdgeLook("#4e79a7", 1.5, False, False, N_("PARTNERS_WITH (cooperation)")),
    "INCUBATES": EdgeLook("#f28e2b", 1.5, False, True, N_("INCUBATES")),
    "SERVES": EdgeLook("#59a14f", 1.5, False, True, N_("SERVES")),
    "MEMBER_OF": EdgeLook("#76b7b2", 1.5, False, True, N_("MEMBER_OF")),
    "LOCATED_IN": EdgeLook("#c8c8c8", 0.8, False, True, N_("LOCATED_IN")),
}
#: edges of the area summary
SUMMARY_LOOKS: dict[str, EdgeLook] = {
    "COOPERATES": EdgeLook("#4e79a7", 1.0, False, False,
                           N_("cooperation ties between the areas' organizations "
                              "(width = number of ties)")),
    "SHARES_UNITS": EdgeLook("#c8c8c8", 1.0, [3, 4], False,
                             N_("zone and street share organizations (width = how many)")),
}
UNKNOWN_EDGE = EdgeLook("#999999", 1.0, False, True, N_("other"))

#: formation-rate colour scale of the summary: red (0%) -> yellow (50%) -> green (100%)
RATE_STOPS = ((0.0, (0xd7, 0x30, 0x27)), (0.5, (0xfe, 0xe0, 0x8b)), (1.0, (0x1a, 0x98, 0x50)))
NO_RATE_COLOUR = "#bdbdbd"
#: the scale around a target: deep red TARGET_SPAN or more below it, pale at it, deep green
#: TARGET_SPAN or more above (a district's areas lie within a few tens of points)
TARGET_SPAN = 0.25
TARGET_STOPS = ((-1.0, (0xb2, 0x18, 0x2b)), (-0.02, (0xfd, 0xdb, 0xc7)),
                (0.02, (0xd9, 0xf0, 0xd3)), (1.0, (0x1b, 0x78, 0x37)))
#: colour by coverage: covered units by mode (blues to teal), work only amber, uncovered red
STATUS_COLOURS = {"standalone": "#1a9850", "joint": "#66bd63", "affiliated": "#a6d96a",
                  "entrusted": "#3288bd", "work_only": "#fdae61", "uncovered": "#d73027"}
NOT_A_UNIT_COLOUR = "#e0e0e0"
#: colour by cluster: one colour per cluster of the scope (cycled), grey for none
CLUSTER_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                   "#e377c2", "#17becf", "#bcbd22", "#393b79", "#ad494a", "#637939")
NO_CLUSTER_COLOUR = "#d9d9d9"
#: the widest a label is drawn on the canvas, in half-width characters (a CJK one counts 2)
LABEL_WIDTH = 20


def node_look(node_type: str) -> NodeLook:
    """The look of a node type (grey dot for a type outside the contract)."""
    return NODE_LOOKS.get(node_type, NodeLook("#999999", "dot", node_type))


def node_style(node_type: str, *, size: str | None = None, level: str | None = None,
               status: str | None = None, context: bool = False) -> dict[str, Any]:
    """vis-network node options: colour, shape, size and the coverage border.

    ``status`` is the unit's coverage (a mode, 'work_only', 'uncovered' or None);
    ``context`` marks a node shown only as a neighbour of the scope (drawn faded).
    """
    look = node_look(node_type)
    border, width, dashes = PLAIN_BORDER, 1, False
    if status == "uncovered":
        border, width = UNCOVERED_BORDER, 4
    elif status == "work_only":
        border, width, dashes = WORK_ONLY_BORDER, 3, True
    radius = DEFAULT_SIZE
    if node_type in schema.AREA_TYPES:
        radius = AREA_SIZE
    elif node_type == "party_org" and level in SIZE_BY_LEVEL:
        radius = SIZE_BY_LEVEL[level]
    elif size in SIZE_BY_SIZE:
        radius = SIZE_BY_SIZE[size]
    style: dict[str, Any] = {
        "shape": look.shape, "size": radius, "borderWidth": width,
        "color": {"background": look.colour, "border": border,
                  "highlight": {"background": look.colour, "border": "#000000"},
                  "hover": {"background": look.colour, "border": "#000000"}},
    }
    if dashes:
        style["shapeProperties"] = {"borderDashes": [5, 3]}
    if context:
        style["opacity"] = 0.35
    return style


def edge_look(edge_type: str, mode: str | None = None) -> EdgeLook:
    """The look of a relationship (COVERS by its mode)."""
    if edge_type == "COVERS":
        return COVERS_LOOKS.get(mode or "", COVERS_LOOKS["standalone"])
    return EDGE_LOOKS.get(edge_type) or SUMMARY_LOOKS.get(edge_type) or UNKNOWN_EDGE


def edge_style(edge_type: str, mode: str | None = None) -> dict[str, Any]:
    """vis-network edge options of a relationship."""
    look = edge_look(edge_type, mode)
    return {"color": {"color": look.colour, "highlight": "#000000", "hover": "#000000"},
            "width": look.width, "dashes": look.dashes,
            "arrows": {"to": {"enabled": look.arrow, "scaleFactor": 0.5}}}


def rate_colour(rate: float | None) -> str:
    """Colour of a formation rate (0..1) on the red-yellow-green scale; grey for None."""
    if rate is None:
        return NO_RATE_COLOUR
    rate = min(1.0, max(0.0, rate))
    for (low, c0), (high, c1) in pairwise(RATE_STOPS):
        if rate <= high:
            t = (rate - low) / (high - low)
            return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(c0, c1,
                                                                                  strict=True))
    return NO_RATE_COLOUR  # pragma: no cover - the loop always returns


def target_colour(rate: float | None, target: float) -> str:
    """Colour of a formation rate against a target: reds below it, greens above, paler
    nearer it, full at TARGET_SPAN away; grey for None.

    >>> target_colour(0.43, 0.68), target_colour(0.68, 0.68) != target_colour(0.67, 0.68)
    ('#b2182b', True)
    """
    if rate is None:
        return NO_RATE_COLOUR
    offset = max(-1.0, min(1.0, (rate - target) / TARGET_SPAN))
    if offset == 0:
        offset = 0.02  # (on target counts as reached)
    elif abs(offset) < 0.02:
        offset = 0.02 if offset > 0 else -0.02
    for (low, c0), (high, c1) in pairwise(TARGET_STOPS):
        if low <= offset <= high:
            t = 0.0 if high == low else (offset - low) / (high - low)
            return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(c0, c1,
                                                                                  strict=True))
    return NO_RATE_COLOUR  # pragma: no cover - the stops cover -1..1


def cluster_colour(number: int | None) -> str:
    """Colour of a partnership cluster (numbered from 1), grey for none."""
    return NO_CLUSTER_COLOUR if not number else CLUSTER_COLOURS[(number - 1)
                                                                % len(CLUSTER_COLOURS)]


def text_width(text: str) -> int:
    """Width of text in half-width characters: a CJK (wide) character counts 2."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def short_label(text: str, width: int = LABEL_WIDTH) -> str:
    """A name as the canvas draws it: at most ``width`` half-width characters, '…' ending
    a shortened one (the full name is in the tooltip).

    >>> short_label("哈爾濱市平房區新偉街道倉買百貨行業黨支部"), short_label("短名")
    ('哈爾濱市平房區新偉…', '短名')
    """
    if text_width(text) <= width:
        return text
    kept = ""
    for ch in text:
        if text_width(kept + ch) > width - 1:
            break
        kept += ch
    return kept + "…"


def options(*, physics: bool, large: bool, spread: float = 1.0) -> dict[str, Any]:
    """vis-network options: physics for small graphs, preset positions and speed for large.

    ``spread`` scales the physics' spring length and repulsion (big summary nodes need room).
    """
    font = {"face": FONT_STACK, "size": 14, "color": "#222222",
            "strokeWidth": 3, "strokeColor": "#ffffff"}
    opts: dict[str, Any] = {
        "nodes": {"font": font, "borderWidthSelected": 3},
        "edges": {"font": {"face": FONT_STACK, "size": 11, "align": "middle"},
                  "selectionWidth": 2},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "multiselect": True},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }
    if physics:
        opts["physics"] = {"enabled": True, "solver": "forceAtlas2Based",
                           "forceAtlas2Based": {"gravitationalConstant": -60 * spread,
                                                "springLength": 90 * spread,
                                                "avoidOverlap": min(1.0, 0.4 * spread)},
                           "stabilization": {"enabled": True, "iterations": 400, "fit": True}}
        opts["edges"]["smooth"] = {"enabled": True, "type": "continuous", "roundness": 0.3}
    else:
        opts["physics"] = {"enabled": False}
        opts["edges"]["smooth"] = False
    if large:
        opts["interaction"].update(hideEdgesOnDrag=True, hideEdgesOnZoom=True, hover=False)
    return opts


# --- legend -------------------------------------------------------------------------------

@dataclass
class LegendItem:
    """One legend row: a node swatch (``shape`` set) or an edge swatch, with a count."""

    label: str
    colour: str
    shape: str | None = None
    border: str = PLAIN_BORDER
    border_width: float = 1
    dashes: bool | list[int] = False
    width: float = 1.5
    count: int | None = None


@dataclass
class Legend:
    """What the page's legend lists; ``uncovered`` holds (id, name) of flagged units."""

    nodes: list[LegendItem]
    edges: list[LegendItem]
    uncovered: list[tuple[str, str]]
    notes: list[str]
    #: the uncovered units by group on a page that opens grouped: (group key, name, units)
    groups: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    #: the summary's areas as bars (id, name, type, rate, in_scope, covered, gap, colour)
    bars: list[dict[str, Any]] = field(default_factory=list)
    #: the summary's target rate (its scale is centred there), or None
    target: float | None = None


def graph_legend(node_types: dict[str, int], edge_kinds: dict[tuple[str, str | None], int],
                 status: dict[str, int], uncovered: list[tuple[str, str]],
                 context: int) -> Legend:
    """Legend of an organization view: the types, relationship kinds and flags present.

    >>> legend = graph_legend({"enterprise": 2}, {("COVERS", "joint"): 1},
    ...                       {"uncovered": 1}, [("e2", "乙")], 0)
    >>> [i.label for i in legend.nodes + legend.edges]
    ['enterprise 企業', 'uncovered unit (red border)', 'COVERS joint 聯合組建']
    """
    nodes = [LegendItem(NODE_LOOKS[t].label, NODE_LOOKS[t].colour, NODE_LOOKS[t].shape,
                        count=node_types[t]) for t in TYPE_ORDER if t in node_types]
    nodes += [LegendItem(t, node_look(t).colour, "dot", count=n)
              for t, n in sorted(node_types.items()) if t not in NODE_LOOKS]
    if status.get("uncovered"):
        nodes.append(LegendItem(N_("uncovered unit (red border)"), "#ffffff", "dot",
                                UNCOVERED_BORDER, 4, count=status["uncovered"]))
    if status.get("work_only"):
        nodes.append(LegendItem(N_("work coverage only: GUIDED, no organization (dashed amber)"),
                                "#ffffff", "dot", WORK_ONLY_BORDER, 3, dashes=[3, 2],
                                count=status["work_only"]))
    if context:
        nodes.append(LegendItem(N_("faded: outside the scope, tied to it"), "#cccccc", "dot",
                                "#cccccc", count=context))
    edges = []
    for mode, look in COVERS_LOOKS.items():
        if ("COVERS", mode) in edge_kinds:
            edges.append(LegendItem(look.label, look.colour, dashes=look.dashes,
                                    width=look.width, count=edge_kinds["COVERS", mode]))
    for kind, look in EDGE_LOOKS.items():
        if (kind, None) in edge_kinds:
            edges.append(LegendItem(look.label, look.colour, dashes=look.dashes,
                                    width=look.width, count=edge_kinds[kind, None]))
    for (kind, mode), count in sorted(edge_kinds.items(), key=lambda kv: str(kv[0])):
        if kind not in EDGE_LOOKS and kind != "COVERS":
            edges.append(LegendItem(f"{kind} {mode or ''}".strip(), UNKNOWN_EDGE.colour,
                                    count=count))
    return Legend(nodes, edges, uncovered, [])


def summary_legend(zones: int, streets: int, edge_kinds: dict[str, int],
                   target: float | None = None) -> Legend:
    """Legend of the area summary: shapes per area type, the rate scale (around the target
    when there is one), the edge kinds."""
    nodes = [LegendItem(N_("zone 片區 (size: in-scope units)"), "#9e9e9e", SUMMARY_SHAPES["zone"],
                        count=zones),
             LegendItem(N_("street 街道 (size: in-scope units)"), "#9e9e9e",
                        SUMMARY_SHAPES["street"], count=streets)]
    if target is None:
        nodes += [LegendItem(_("formation rate {rate}").format(rate=label), rate_colour(rate),
                             "square")
                  for rate, label in ((0.0, "0%"), (0.5, "50%"), (1.0, "100%"))]
    else:
        span = round(TARGET_SPAN * 100)
        nodes += [LegendItem(_(text).format(points=span, target=round(target * 100)),
                             target_colour(rate, target), "square")
                  for rate, text in (
                      (target - TARGET_SPAN, N_("{points} points or more below the target")),
                      (target - 0.03, N_("just below the target ({target}%)")),
                      (target, N_("at or just above the target ({target}%)")),
                      (target + TARGET_SPAN, N_("{points} points or more above the target")))]
    nodes.append(LegendItem(N_("no in-scope units"), NO_RATE_COLOUR, "square"))
    edges = [LegendItem(look.label, look.colour, dashes=look.dashes, width=2,
                        count=edge_kinds[kind])
             for kind, look in SUMMARY_LOOKS.items() if edge_kinds.get(kind)]
    return Legend(nodes, edges, [], [])


#: shapes of the summary's nodes (colour there is the formation rate, so shape tells the type)
SUMMARY_SHAPES = {"zone": "diamond", "street": "dot"}
