"""How long views take to build and to open in headless Chromium, by graph size.

    python3 benchmarks/views.py                 # 500 / 1,000 / 5,000 / 10,000 / 20,000 nodes
    python3 benchmarks/views.py 5000            # one size
    python3 benchmarks/views.py district        # the 10k example district's grouped zones

For the district: each zone page of examples/hajingkai-synthetic (the largest has 3,428
nodes and opens grouped): seconds to build, to draw in Chromium, and to open its largest
group and have it drawn (the click's work: ``graphmodelView.open`` then a redraw).

For each size: the seconds to build the page from a projection (scope, styles, layout, HTML),
the page's size, and the seconds until the page has drawn in headless Chromium (networking
off), also as a ratio to a blank page opened the same way. Sizes above the view limit are
built with the limit lifted, to show why it is there. A view up to PHYSICS_MAX_NODES nodes is
also opened with physics on, the way smaller views open.

Needs chromium (Debian package) on the PATH or in $GRAPHMODEL_CHROMIUM. Prints a table;
asserts nothing (timings belong here, never in tests).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphmodel import viewing
from graphmodel.dataset import read_dataset
from graphmodel.views import view as view_module
from tests.browser import Browser, find_chromium
from tests.view_data import projection_of, synthetic_register

READY = "window.graphmodelView && window.graphmodelView.drawn"
SIZES = (500, 1_000, 5_000, 10_000, 20_000)
#: median time of one full redraw of the canvas, the cost of each step of a pan or zoom
#: (edges are hidden while dragging or zooming large views, so those steps cost less)
FRAME_MS = """(() => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    graphmodelNetwork.renderer._redraw();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2];
})()"""


def main(sizes: tuple[int, ...]) -> None:
    chromium = find_chromium()
    if chromium is None:
        sys.exit("chromium not found: apt-get install chromium, or set GRAPHMODEL_CHROMIUM")
    work = Path(tempfile.mkdtemp(prefix="gm-bench-views-"))
    blank = work / "blank.html"
    blank.write_text("<!DOCTYPE html><title>blank</title><script>window.done = true"
                     "</script>", encoding="utf-8")
    rows = []
    with Browser(chromium, timeout=300) as browser:
        base = min(browser.open(blank, ready="window.done").ready_seconds for _ in range(3))
        for size in sizes:
            synthetic_register(work / f"data-{size}", size)
            projection = projection_of(read_dataset(work / f"data-{size}"))
            physics_too = size <= view_module.PHYSICS_MAX_NODES
            for physics in ([False, True] if physics_too else [False]):
                saved = view_module.PHYSICS_MAX_NODES
                view_module.PHYSICS_MAX_NODES = size if physics else 0
                try:
                    page = work / f"view-{size}-{'physics' if physics else 'preset'}.html"
                    start = time.perf_counter()
                    report = viewing.view(projection, page, max_nodes=size,
                                          max_edges=10 * size)
                    built = time.perf_counter() - start
                finally:
                    view_module.PHYSICS_MAX_NODES = saved
                opened = browser.open(page, ready=READY, timeout=300)
                frame = browser.evaluate(FRAME_MS, timeout=300)
                rows.append((f"{report.nodes:,}", f"{report.edges:,}", report.layout,
                             f"{built:.2f}", f"{page.stat().st_size / 1e6:.1f}",
                             f"{opened.ready_seconds:.2f}",
                             f"{opened.ready_seconds / base:.1f}",
                             f"{frame:.0f}", "yes" if opened.console_errors else "no"))
    header = ("nodes", "edges", "layout", "build s", "MB", "open s", "x blank", "frame ms",
              "errors")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"blank page: {base:.2f} s")
    for row in [header, *rows]:
        print("  ".join(str(v).rjust(w) for v, w in zip(row, widths, strict=True)))


OPEN_LARGEST = """(() => {
  const ids = graphmodelNetwork.body.data.nodes.getIds().filter(id => id.startsWith('group:'));
  if (!ids.length) { return null; }
  const key = ids.reduce((a, b) => graphmodelNetwork.body.data.nodes.get(a).gm.members >=
                                   graphmodelNetwork.body.data.nodes.get(b).gm.members ? a : b);
  const start = performance.now();
  const drawn = graphmodelView.open(key);
  graphmodelNetwork.renderer._redraw();
  return [drawn, performance.now() - start];
})()"""


def district() -> None:
    """The example district's zone pages, grouped where they are large."""
    from graphmodel.analysis.places import choices_of
    from graphmodel.demo import example_path

    chromium = find_chromium()
    if chromium is None:
        sys.exit("chromium not found: apt-get install chromium, or set GRAPHMODEL_CHROMIUM")
    work = Path(tempfile.mkdtemp(prefix="gm-bench-district-"))
    projection = projection_of(read_dataset(example_path("hajingkai-synthetic")))
    zones = [choice for choice in choices_of(projection) if choice.type == "zone"]
    rows = []
    with Browser(chromium, timeout=300) as browser:
        blank = work / "blank.html"
        blank.write_text("<!DOCTYPE html><title>blank</title><script>window.done = true"
                         "</script>", encoding="utf-8")
        base = min(browser.open(blank, ready="window.done").ready_seconds for _ in range(3))
        for zone in sorted(zones, key=lambda choice: choice.id):
            page = work / f"{zone.id}.html"
            start = time.perf_counter()
            report = viewing.view(projection, page, zone=zone.id)
            built = time.perf_counter() - start
            opened = min((browser.open(page, ready=READY, timeout=300) for _ in range(3)),
                         key=lambda r: r.ready_seconds)
            group = browser.evaluate(OPEN_LARGEST, timeout=300)
            rows.append((zone.name, f"{report.nodes:,}", f"{report.shown:,}", report.layout,
                         f"{built:.2f}", f"{opened.ready_seconds:.2f}",
                         "-" if group is None else f"{group[0]:,}",
                         "-" if group is None else f"{group[1]:.0f}"))
    header = ("zone", "nodes", "drawn", "layout", "build s", "open s", "after open",
              "open ms")
    print(f"blank page: {base:.2f} s")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(v).rjust(w) for v, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    if sys.argv[1:] == ["district"]:
        district()
    else:
        main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
