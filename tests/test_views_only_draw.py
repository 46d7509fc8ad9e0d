"""graphmodel/views/ only draws: a rule of the layout, checked in the source.

No module under views/ imports the store or the analyses that read or count (projection,
coverage, parts, clusters, summary), calls a method of a ``store``, or projects, rates or
counts coverage (``project``, ``unit_status``, ``coverage``, ``clusters``); what a page shows,
the legend's coverage figures included, comes prepared by graphmodel/analysis/scopes.py
(``PreparedView``), and graphmodel/viewing.py joins the two.
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


def imported(node: ast.AST) -> list[str]:
    """The modules an import statement names: ``from graphmodel import store`` names both
    ``graphmodel`` and ``graphmodel.store``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def called(node: ast.Call) -> tuple[str, str]:
    """(the name the call is made on, the function's name): ``store.run()`` gives
    ("store", "run"), ``project()`` gives ("", "project")."""
    function = node.func
    if isinstance(function, ast.Attribute):
        owner = function.value.id if isinstance(function.value, ast.Name) else ""
        return owner, function.attr
    return "", function.id if isinstance(function, ast.Name) else ""


def reads_or_counts(path: Path) -> list[str]:
    """What in the module at ``path`` breaks the rule, one line each (empty: nothing)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        forbidden = [module for module in imported(node) if module.startswith(NOT_IN_VIEWS)]
        found += [f"line {node.lineno}: imports {forbidden[0]}"] if forbidden else []
        if isinstance(node, ast.Call):
            owner, name = called(node)
            if owner == "store":
                found.append(f"line {node.lineno}: calls store.{name}()")
            elif name in CALLS:
                found.append(f"line {node.lineno}: calls {name}()")
    return found


def test_views_only_draw():
    modules = sorted(VIEWS.glob("*.py"))
    assert {path.name for path in modules} >= {"__init__.py", "view.py", "style.py"}
    found = {path.name: where for path in modules if (where := reads_or_counts(path))}
    assert found == {}


def test_the_check_finds_a_store_read(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from graphmodel.store.base import GraphStore\n"
                      "def f(store):\n    return store.read_table('MATCH (n) RETURN n')\n",
                      encoding="utf-8")
    assert reads_or_counts(module) == ["line 1: imports graphmodel.store.base",
                                       "line 3: calls store.read_table()"]


def test_the_check_finds_projecting_and_counting_coverage(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from graphmodel import store\n"
                      "from graphmodel.analysis.coverage import unit_status\n"
                      "def f(source):\n"
                      "    status = unit_status(project(source))\n"
                      "    return store.statement('views/text-ids.cypher'), status\n",
                      encoding="utf-8")
    assert sorted(reads_or_counts(module)) == [
        "line 1: imports graphmodel.store",
        "line 2: imports graphmodel.analysis.coverage",
        "line 4: calls project()", "line 4: calls unit_status()",
        "line 5: calls store.statement()"]
