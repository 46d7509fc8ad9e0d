"""examples/analyst-notebook.md: the page's code runs, cell after cell, and prints what the
page shows under each cell.

What a user checks: copying the page's cells into a notebook in a folder of their own works
as the page says (the same printed figures), and leaves the files it names: the plot and the
Gephi files, which Gephi's reader (NetworkX's read_gexf here) opens to the graph.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from graphmodel.store.server import EmbeddedServer

PAGE = Path(__file__).parent.parent / "examples" / "analyst-notebook.md"
#: a fenced block: its language and its text
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def cells(page: str) -> list[tuple[str, str | None]]:
    """Each ```python block of the page, with the ```text block right after it (nothing but
    blank lines between), or None where the page shows no output.

    >>> page = "```python\\nprint(1)\\n```\\n\\n```text\\n1\\n```\\n"
    >>> cells(page + "prose\\n```python\\nx = 2\\n```\\n")
    [('print(1)\\n', '1\\n'), ('x = 2\\n', None)]
    """
    found: list[tuple[str, str | None]] = []
    blocks = list(FENCE.finditer(page))
    for k, block in enumerate(blocks):
        if block.group(1) != "python":
            continue
        following = blocks[k + 1] if k + 1 < len(blocks) else None
        shown = None
        if (following is not None and following.group(1) == "text"
                and not page[block.end():following.start()].strip()):
            shown = following.group(2)
        found.append((block.group(2), shown))
    return found


@pytest.fixture
def notebook_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty folder of the user's, the working folder, with GRAPHMODEL_DB in it; the
    embedded server of that store stopped afterwards whatever happened."""
    db = tmp_path / "db"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRAPHMODEL_DB", str(db))
    yield tmp_path
    server = EmbeddedServer(db)
    if db.exists():
        with server.start_lock():
            server.stop()
    shutil.rmtree(db, ignore_errors=True)


def test_the_page_shows_output_under_each_cell_that_prints():
    found = cells(PAGE.read_text(encoding="utf-8"))
    assert len(found) >= 7
    assert all(shown is not None for code, shown in found if "print(" in code)


def test_every_cell_of_the_page_runs_and_prints_what_the_page_shows(notebook_folder):
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    for number, (code, shown) in enumerate(cells(PAGE.read_text(encoding="utf-8")), start=1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{PAGE.name}, cell {number}", "exec"), namespace)
        assert printed.getvalue() == (shown or ""), f"cell {number} of {PAGE.name}:\n{code}"
    files = sorted(p.name for p in notebook_folder.iterdir())
    assert files == ["cluster-1.gexf", "coverage.png", "db", "hajingkai.gexf"]
    assert (notebook_folder / "coverage.png").read_bytes().startswith(b"\x89PNG")
    whole = nx.read_gexf(notebook_folder / "hajingkai.gexf")
    assert (whole.number_of_nodes(), whole.number_of_edges()) == (10944, 35765)
    assert whole.nodes["zone-001"]["label"] == "工業園片區"
    assert not os.path.exists(notebook_folder / "db" / "falkordb.sock"), (
        "store.close() stopped the server it started")
