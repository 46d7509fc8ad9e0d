"""graphmodel/views/ only draws: a rule of the layout, checked in the source.

No module under views/ imports the store or the analyses that read or count (projection,
coverage, parts, clusters), or calls a store; what a page shows comes prepared by
graphmodel/analysis/scopes.py (``PreparedView``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import graphmodel.views

VIEWS = Path(graphmodel.views.__file__).parent
NOT_IN_VIEWS = ("graphmodel.store", "graphmodel.analysis.projection",
                "graphmodel.analysis.coverage", "graphmodel.analysis.parts",
                "graphmodel.analysis.clusters", "graphmodel.analysis.summary")
CALLS = {"project", "unit_status", "coverage", "clusters", "read_table", "run",
         "read_node_parts", "read_columns"}


def reads_or_counts(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                   else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        found += [f"line {node.lineno}: imports {m}" for m in modules
                  if m.startswith(NOT_IN_VIEWS)]
        if isinstance(node, ast.Call):
            name = (node.func.attr if isinstance(node.func, ast.Attribute)
                    else node.func.id if isinstance(node.func, ast.Name) else "")
            if name in CALLS:
                found.append(f"line {node.lineno}: calls {name}()")
    return found


def test_views_only_draw():
    found = {path.name: where for path in sorted(VIEWS.glob("*.py"))
             if (where := reads_or_counts(path))}
    assert found == {}


def test_the_check_finds_a_store_read(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from graphmodel.store.base import GraphStore\n"
                      "def f(store):\n    return store.read_table('MATCH (n) RETURN n')\n",
                      encoding="utf-8")
    assert len(reads_or_counts(module)) == 2
