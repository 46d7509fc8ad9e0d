"""Every kind of view opened in headless Chromium, offline, from a file:// URL.

For each page: it draws (the vis-network canvas has non-blank pixels) within a bounded time,
logs no console error, requests nothing but itself, opens no dialog, and holds exactly the
expected nodes. Screenshots go to tests/artifacts/views/ (git-ignored) for people to look
at. Chromium is Debian's ``chromium``, installed by the session fixture when missing (root
and apt-get needed; elsewhere the tests skip, or fail on CI, saying so); CJK fonts likewise
(``fonts-noto-cjk``), so the screenshots show the Chinese names.
"""

from __future__ import annotations

import json
import os
import time
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graphmodel import loader
from graphmodel.analysis.projection import project
from graphmodel.dataset import read_dataset
from graphmodel.demo import example_path
from graphmodel.store import open_store
from graphmodel.viewing import view
from graphmodel.views import style
from graphmodel.views import view as view_module
from graphmodel.views.view import ViewReport
from tests.analysis_helpers import area, load_rows, org, rel
from tests.browser import Browser, BrowserError, apt_install, find_chromium, has_cjk_font
from tests.view_data import synthetic_register

ARTIFACTS = Path(__file__).parent / "artifacts" / "views"
READY = "window.graphmodelView && window.graphmodelView.drawn"
OPEN_TIMEOUT = 90.0        # seconds: a bound, not a benchmark (see benchmarks/views.py)
LARGE = 5_000
XSS_NAMES = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>",
             "<img src=x onerror=\"window.__xss=1\">", "<svg onload=window.__xss=2>",
             "'\"><script>window.__xss=3</script>"]

CANVAS_INK = """(() => {
  const canvas = document.querySelector('#network canvas');
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { ink++; } }
  return ink;
})()"""


# --- set-up --------------------------------------------------------------------------------

def _missing(reason: str) -> None:
    message = f"browser tests need headless Chromium: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, installed with apt-get when missing."""
    found = find_chromium()
    if found is None:
        problem = apt_install("chromium")
        found = find_chromium()
        if found is None:
            _missing(f"it is not installed and installing it failed ({problem}); "
                     "install it (apt-get install chromium) or set GRAPHMODEL_CHROMIUM")
    if not has_cjk_font():
        problem = apt_install("fonts-noto-cjk")
        if problem:
            warnings.warn(f"no CJK font (fonts-noto-cjk: {problem}): Chinese names will show "
                          "as boxes in the screenshots", stacklevel=1)
    return str(found)


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    with Browser(chromium, timeout=OPEN_TIMEOUT) as opened:
        yield opened


@dataclass
class Built:
    """A written view and what it should hold."""

    path: Path
    report: ViewReport


@pytest.fixture(scope="module")
def pages(db_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str,
                                                                                       Built]]:
    """Every kind of view, written from three graphs: Pingfang, hostile names, 5,000 nodes."""
    out = tmp_path_factory.mktemp("views")
    graphs = {name: f"v{name}{uuid.uuid4().hex[:8]}" for name in ("pingfang", "xss", "large")}
    stores = {name: open_store(str(db_folder), graph) for name, graph in graphs.items()}
    try:
        loader.load(stores["pingfang"], read_dataset(example_path("pingfang")))
        load_rows(stores["xss"], out / "xss-data", [
            area("s-1"), *(org(f"e{i}", name=name, street="s-1", members=1)
                           for i, name in enumerate(XSS_NAMES)),
            org("po-1", "party_org", name="<b>黨支部</b>", level="branch")],
            [rel("po-1", "e0", "COVERS", "joint")])
        synthetic_register(out / "large-data", LARGE)
        loader.load(stores["large"], read_dataset(out / "large-data"))
        pingfang = project(stores["pingfang"])
        biggest_street = max(pingfang.of_type("street"),
                             key=lambda s: len(pingfang.in_edges(s, "LOCATED_IN")))
        hub = max(pingfang.of_type("incubator"), key=lambda n: pingfang.graph.degree(n))
        kinds = {
            "pingfang": (pingfang, {}),
            "pingfang-summary": (pingfang, {"summary_view": True}),
            "pingfang-zone": (pingfang, {"zone": "zone-industrial-park"}),
            "pingfang-street": (pingfang, {"street": biggest_street}),
            "pingfang-ego": (pingfang, {"ego": hub, "depth": 2}),
            "pingfang-cluster": (pingfang, {"cluster": 1}),
            "xss": (project(stores["xss"]), {}),
            "large": (project(stores["large"]), {}),
        }
        built = {}
        for name, (projection, options) in kinds.items():
            path = out / f"{name}.html"
            built[name] = Built(path, view(projection, path, **options))
        yield built
    finally:
        for opened in stores.values():
            opened.delete_graph()
            opened.close()


# --- tests ---------------------------------------------------------------------------------

KINDS = ["pingfang", "pingfang-summary", "pingfang-zone", "pingfang-street", "pingfang-ego",
         "pingfang-cluster", "xss", "large"]


@pytest.mark.parametrize("kind", KINDS)
def test_view_opens_offline_draws_and_holds_its_nodes(browser, pages, kind):
    built = pages[kind]
    try:
        opened = browser.open(built.path, ready=READY, timeout=OPEN_TIMEOUT)
    finally:
        browser.screenshot(ARTIFACTS / f"{kind}.png")
    assert opened.console_errors == []
    assert opened.requests == [built.path.resolve().as_uri()]   # nothing else, nowhere else
    assert opened.dialogs == []
    shown = browser.evaluate("(({nodes, edges, layout, shown}) => ({nodes, edges, layout, "
                             "shown}))(window.graphmodelView)")
    assert shown["nodes"] == built.report.nodes and shown["edges"] == built.report.edges
    assert browser.evaluate("graphmodelNetwork.body.data.nodes.length") == built.report.shown
    assert shown["shown"] == built.report.shown == built.report.figures["shown"]
    assert browser.evaluate(CANVAS_INK) > 2_000, "the canvas is blank"
    expected = {"large": LARGE, "pingfang-summary": None}.get(kind)
    if expected:
        assert built.report.nodes == expected
    limit = view_module.PHYSICS_MAX_NODES
    assert shown["layout"] == ("grouped" if built.report.nodes > 1_000 else
                               "preset" if built.report.nodes > limit else "physics")


def test_hostile_names_are_shown_literally_and_run_nothing(browser, pages):
    built = pages["xss"]
    opened = browser.open(built.path, ready=READY, timeout=OPEN_TIMEOUT)
    assert opened.dialogs == [] and opened.console_errors == []
    assert browser.evaluate("typeof window.__xss") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img, svg:not(.swatch)').length") == 0
    assert browser.evaluate("document.scripts.length") == 4      # two of them data
    names = browser.evaluate("graphmodelNetwork.body.data.nodes.get().map(n => n.gm.name)")
    assert sorted(names) == sorted([*XSS_NAMES, "<b>黨支部</b>", "s-1"])
    legend = browser.evaluate("document.getElementById('legend').textContent")
    for name in XSS_NAMES[1:]:        # e0 is covered; the others are named as uncovered
        assert name in legend
    assert browser.evaluate("document.title") == "Whole graph: 7 organizations and areas"
    # hover the hostile node: its tooltip is plain text, no element inside it
    tooltip = browser.evaluate("graphmodelNetwork.canvasToDOM("
                               "graphmodelNetwork.getPosition('e2'))")
    box = browser.evaluate("(() => { const r = document.querySelector('#network canvas')"
                           ".getBoundingClientRect(); return {x: r.left, y: r.top}; })()")
    for dx in (0, 1):
        browser.call("Input.dispatchMouseEvent", {"type": "mouseMoved",
                                                  "x": box["x"] + tooltip["x"] + dx,
                                                  "y": box["y"] + tooltip["y"]})
    try:
        text, elements = _wait_for(browser, """(() => {
          const t = document.querySelector('div.vis-tooltip');
          if (!t || t.style.visibility !== 'visible') { return null; }
          return [t.innerText, [...t.querySelectorAll('*')].map(e => e.tagName)
                                .filter(tag => tag !== 'BR')];
        })()""")
    finally:
        browser.screenshot(ARTIFACTS / "xss-tooltip.png")
    assert text.splitlines()[:2] == [XSS_NAMES[2], "id: e2"]
    assert elements == []          # only line breaks: the name is text, not markup
    assert browser.evaluate("typeof window.__xss") == "undefined"


def _wait_for(browser: Browser, expression: str, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = browser.evaluate(expression)
        if value:
            return value
        time.sleep(0.1)
    raise BrowserError(f"not true within {seconds} s: {expression}")


# --- Views II: grouped pages, filters, search, labels, PNG ---------------------------------

BOXES = """(() => {
  const ids = graphmodelNetwork.body.data.nodes.getIds();
  return ids.map(id => { const b = graphmodelNetwork.getBoundingBox(id);
                         return [id, b.left, b.top, b.right, b.bottom]; });
})()"""


def overlapping(boxes: list[list]) -> list[tuple[str, str]]:
    """Pairs of drawn nodes whose boxes (shape and label) overlap."""
    found = []
    ordered = sorted(boxes, key=lambda box: box[1])
    for i, (a, left, top, right, bottom) in enumerate(ordered):
        for b, left2, top2, right2, bottom2 in ordered[i + 1:]:
            if left2 >= right:
                break
            if min(right, right2) - max(left, left2) > 0.5 and \
                    min(bottom, bottom2) - max(top, top2) > 0.5:
                found.append((a, b))
    return found


def click_node(browser: Browser, node_id: str) -> None:
    """A real mouse click on a drawn node."""
    at = browser.evaluate(f"graphmodelNetwork.canvasToDOM(graphmodelNetwork.getPosition("
                          f"{json.dumps(node_id)}))")
    box = browser.evaluate("(() => { const r = document.querySelector('#network canvas')"
                           ".getBoundingClientRect(); return {x: r.left, y: r.top}; })()")
    x, y = box["x"] + at["x"], box["y"] + at["y"]
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        browser.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                                  "button": "left", "clickCount": 1})


def click(browser: Browser, selector: str) -> None:
    browser.evaluate(f"document.querySelector({json.dumps(selector)}).click()")


@pytest.fixture(scope="module")
def district_zone(db_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The largest zone of the 10,000-unit example district (3,400 nodes), by its name."""
    from graphmodel.analysis.coverage import coverage

    out = tmp_path_factory.mktemp("district-views")
    store = open_store(str(db_folder), f"vdistrict{uuid.uuid4().hex[:8]}")
    try:
        loader.load(store, read_dataset(example_path("hajingkai-synthetic")))
        largest = max((row for row in coverage(store, by="zone").groups
                       if row.group != "(none)"), key=lambda row: row.in_scope)
        path = out / "largest-zone.html"
        yield Built(path, view(store, path, zone=largest.name))
    finally:
        store.delete_graph()
        store.close()


def test_a_large_zone_opens_grouped_and_a_click_opens_and_closes_a_group(browser,
                                                                        district_zone):
    built = district_zone
    assert built.report.nodes > 3_000 and built.report.layout == "grouped"
    opened = browser.open(built.path, ready=READY, timeout=OPEN_TIMEOUT)
    browser.screenshot(ARTIFACTS / "largest-zone-grouped.png")
    (ARTIFACTS / "largest-zone-open-seconds.txt").write_text(
        f"{built.report.nodes} nodes: drawn {opened.ready_seconds:.2f} s after opening "
        "(benchmarks/views.py measures it)\n", encoding="utf-8")
    assert opened.console_errors == [] and opened.requests == [built.path.resolve().as_uri()]
    drawn = browser.evaluate("graphmodelNetwork.body.data.nodes.length")
    assert drawn == built.report.shown <= 1_000
    groups = browser.evaluate("window.graphmodelView.groups || "
                              "graphmodelNetwork.body.data.nodes.getIds()"
                              ".filter(id => id.startsWith('group:'))")
    biggest = max(groups, key=lambda key: browser.evaluate(
        f"graphmodelNetwork.body.data.nodes.get({json.dumps(key)}).gm.members"))
    members = browser.evaluate(f"graphmodelNetwork.body.data.nodes.get("
                               f"{json.dumps(biggest)}).gm.members")
    click_node(browser, biggest)
    _wait_for(browser, f"window.graphmodelView.isOpen({json.dumps(biggest)})")
    time.sleep(0.6)
    browser.screenshot(ARTIFACTS / "largest-zone-one-group-open.png")
    # the group's members (as the filters show them) and its heading replace the group
    assert browser.evaluate("graphmodelNetwork.body.data.nodes.length") == drawn + members
    click_node(browser, biggest)                       # its heading: closes it
    _wait_for(browser, f"!window.graphmodelView.isOpen({json.dumps(biggest)})")
    assert browser.evaluate("graphmodelNetwork.body.data.nodes.length") == drawn
    # an uncovered unit named in the grouped list opens its group and is shown
    button = "details.uncovered-group button.focus"
    unit = browser.evaluate(f"document.querySelector({json.dumps(button)}).dataset.id")
    click(browser, button)
    assert browser.evaluate("graphmodelNetwork.getSelectedNodes()") == [unit]


def test_filters_hide_and_show_and_colour_by_coverage(browser, pages):
    built = pages["pingfang"]
    browser.open(built.path, ready=READY, timeout=OPEN_TIMEOUT)
    count = browser.evaluate("graphmodelNetwork.body.data.nodes.length")
    enterprises = browser.evaluate("graphmodelNetwork.body.data.nodes.get()"
                                   ".filter(n => n.gm.type === 'enterprise').length")
    assert enterprises > 0
    click(browser, 'input[data-filter="type"][value="enterprise"]')
    assert browser.evaluate("graphmodelNetwork.body.data.nodes.length") == count - enterprises
    click(browser, 'input[data-filter="type"][value="enterprise"]')
    assert browser.evaluate("graphmodelNetwork.body.data.nodes.length") == count
    uncovered = browser.evaluate("graphmodelNetwork.body.data.nodes.get()"
                                 ".filter(n => n.gm.status === 'uncovered').length")
    click(browser, 'input[data-filter="status"][value="uncovered"]')
    assert browser.evaluate("graphmodelNetwork.body.data.nodes.length") == count - uncovered
    click(browser, 'input[data-filter="status"][value="uncovered"]')
    covers = browser.evaluate("graphmodelNetwork.body.data.edges.get()"
                              ".filter(e => e.gm.type === 'COVERS').length")
    edges = browser.evaluate("graphmodelNetwork.body.data.edges.length")
    click(browser, 'input[data-filter="relation"][value="COVERS"]')
    assert browser.evaluate("graphmodelNetwork.body.data.edges.length") == edges - covers
    click(browser, 'input[data-filter="relation"][value="COVERS"]')
    click(browser, 'input[name="colour-by"][value="status"]')
    colours = browser.evaluate("graphmodelNetwork.body.data.nodes.get()"
                               ".filter(n => n.gm.status === 'uncovered')"
                               ".map(n => n.color.background)")
    assert colours and set(colours) == {style.STATUS_COLOURS["uncovered"]}
    browser.screenshot(ARTIFACTS / "pingfang-coloured-by-coverage.png")
    click(browser, 'input[name="colour-by"][value="type"]')


def test_search_is_blind_to_traditional_and_simplified(browser, pages):
    built = pages["pingfang"]
    browser.open(built.path, ready=READY, timeout=OPEN_TIMEOUT)
    for written in ("哈新双创", "哈新雙創"):
        browser.evaluate(f"document.getElementById('find-text').value = "
                         f"{json.dumps(written)}")
        browser.evaluate("document.querySelector('#find button[type=submit]').click()")
        status = browser.evaluate("document.getElementById('find-status').textContent")
        assert status.endswith("found") and status != "not found", (written, status)
        selected = browser.evaluate("graphmodelNetwork.getSelectedNodes()")
        names = browser.evaluate(f"graphmodelNetwork.body.data.nodes.get({json.dumps(selected)})"
                                 ".map(n => n.gm.name)")
        assert any("哈新雙創" in name for name in names)


@pytest.mark.parametrize("kind", ["pingfang", "pingfang-zone", "pingfang-street",
                                  "pingfang-ego", "pingfang-summary", "ego-300"])
def test_no_labels_overlap_when_a_page_opens(browser, pages, small_large, kind):
    built = small_large if kind == "ego-300" else pages[kind]
    browser.open(built.path, ready=READY, timeout=OPEN_TIMEOUT)
    browser.screenshot(ARTIFACTS / f"labels-{kind}.png")
    boxes = browser.evaluate(BOXES)
    assert len(boxes) == built.report.shown
    assert overlapping(boxes) == []


@pytest.fixture(scope="module")
def small_large(db_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """An ego view of between 200 and 300 nodes from a synthetic register."""
    out = tmp_path_factory.mktemp("ego-300")
    synthetic_register(out / "data", 2_000)
    store = open_store(str(db_folder), f"vego{uuid.uuid4().hex[:8]}")
    try:
        loader.load(store, read_dataset(out / "data"))
        whole = project(store)
        path = out / "ego.html"
        for centre in sorted(whole.graph, key=lambda n: -whole.graph.degree(n)):
            report = view(whole, path, ego=centre, depth=2)
            if 200 <= report.nodes <= 300:
                break
        assert 200 <= report.nodes <= 300
        yield Built(path, report)
    finally:
        store.delete_graph()
        store.close()


def test_the_png_button_saves_what_the_canvas_shows(browser, pages, tmp_path):
    built = pages["pingfang-street"]
    browser.open(built.path, ready=READY, timeout=OPEN_TIMEOUT)
    browser.call("Browser.setDownloadBehavior", {"behavior": "allow",
                                                 "downloadPath": str(tmp_path)},
                 session=False)
    click(browser, "#save-png")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not list(tmp_path.glob("*.png")):
        time.sleep(0.2)
    [saved] = list(tmp_path.glob("*.png"))
    data = saved.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
    (ARTIFACTS / "saved-street.png").write_bytes(data)
