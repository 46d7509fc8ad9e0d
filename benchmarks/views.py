"""How long views take to build and to open in headless Chromium, by graph size.

    python3 benchmarks/views.py                 # 500 / 1,000 / 5,000 / 10,000 / 20,000 nodes
    python3 benchmarks/views.py 5000            # one size

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


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
