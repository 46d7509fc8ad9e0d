"""Every kind of view opened in headless Chromium, offline, from a file:// URL.

For each page: it draws (the vis-network canvas has non-blank pixels) within a bounded time,
logs no console error, requests nothing but itself, opens no dialog, and holds exactly the
expected nodes. Screenshots go to tests/artifacts/views/ (git-ignored) for people to look
at. Chromium is Debian's ``chromium``, installed by the session fixture when missing (root
and apt-get needed; elsewhere the tests skip, or fail on CI, saying so); CJK fonts likewise
(``fonts-noto-cjk``), so the screenshots show the Chinese names.
"""

from __future__ import annotations

import os
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
    shown = browser.evaluate("window.graphmodelView")
    assert shown["nodes"] == built.report.nodes and shown["edges"] == built.report.edges
    assert browser.evaluate("graphmodelNetwork.body.data.nodes.length") == built.report.nodes
    assert browser.evaluate(CANVAS_INK) > 2_000, "the canvas is blank"
    expected = {"large": LARGE, "pingfang-summary": None}.get(kind)
    if expected:
        assert built.report.nodes == expected
    limit = view_module.PHYSICS_MAX_NODES
    assert shown["layout"] == ("preset" if built.report.nodes > limit else "physics")


def test_hostile_names_are_shown_literally_and_run_nothing(browser, pages):
    built = pages["xss"]
    opened = browser.open(built.path, ready=READY, timeout=OPEN_TIMEOUT)
    assert opened.dialogs == [] and opened.console_errors == []
    assert browser.evaluate("typeof window.__xss") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img, svg:not(.swatch)').length") == 0
    assert browser.evaluate("document.scripts.length") == 3
    labels = browser.evaluate("graphmodelNetwork.body.data.nodes.get().map(n => n.label)")
    assert sorted(labels) == sorted([*XSS_NAMES, "<b>黨支部</b>", "s-1"])
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
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = browser.evaluate(expression)
        if value:
            return value
        time.sleep(0.1)
    raise BrowserError(f"not true within {seconds} s: {expression}")
