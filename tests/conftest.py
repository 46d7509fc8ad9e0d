"""Shared fixtures: a real embedded FalkorDB server for the session, and stores per test.

Store tests are parametrized by engine: the embedded server always; Neo4j when NEO4J_URI is
set (NEO4J_USERNAME / NEO4J_PASSWORD as usual), skipped with that reason otherwise.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli import main
from graphmodel.store import GraphStore, open_store
from graphmodel.store.embedded import KEEP_NAME, EmbeddedServer

DATA = Path(__file__).parent / "data"
SMALL = DATA / "small"
ENGINES = ["embedded", "neo4j"]


@pytest.fixture(scope="session")
def db_folder() -> Iterator[Path]:
    """A data folder whose server stays up for the whole session (as after `db start`)."""
    folder = Path(tempfile.mkdtemp(prefix="gm-", dir="/tmp"))
    server = EmbeddedServer(folder)
    with server.start_lock():
        server.start()
        (folder / KEEP_NAME).touch()
    yield folder
    with server.start_lock():
        server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fresh_folder() -> Iterator[Path]:
    """An empty data folder with no server, for tests of starting and stopping."""
    folder = Path(tempfile.mkdtemp(prefix="gm-", dir="/tmp")) / "db"
    yield folder
    server = EmbeddedServer(folder)
    if folder.exists():
        with server.start_lock():
            server.stop()
    shutil.rmtree(folder.parent, ignore_errors=True)


def _target(engine: str, db_folder: Path) -> str:
    if engine == "neo4j":
        uri = os.environ.get("NEO4J_URI")
        if not uri:
            pytest.skip("NEO4J_URI is not set: no Neo4j server to test against")
        return uri
    return str(db_folder)


@pytest.fixture(params=ENGINES)
def engine_db(request: pytest.FixtureRequest, db_folder: Path) -> str:
    """The --db value of each engine under test."""
    return _target(request.param, db_folder)


@pytest.fixture
def graph_name() -> str:
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
def store(engine_db: str, graph_name: str) -> Iterator[GraphStore]:
    """An empty graph in each engine; deleted afterwards."""
    graph = None if engine_db.startswith(("neo4j", "bolt")) else graph_name
    opened = open_store(engine_db, graph)
    opened.delete_graph()
    yield opened
    opened.delete_graph()
    opened.close()


class Cli:
    """Runs `graphmodel --db DB --graph NAME ...` in-process through click's CliRunner."""

    def __init__(self, db: str, graph: str | None):
        self.db, self.graph = db, graph
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        prefix = ["--db", self.db] + (["--graph", self.graph] if self.graph else [])
        return self.runner.invoke(main, [*prefix, *args], input=input, catch_exceptions=False)


@pytest.fixture
def cli(store: GraphStore, engine_db: str) -> Cli:
    """The CLI pointed at the same (empty) graph as the ``store`` fixture."""
    return Cli(engine_db, store.graph or None)


def graph_dump(store: GraphStore) -> tuple[list[str], list[str]]:
    """Every node (labels, properties) and relationship (ends, type, properties), sorted."""
    def norm(row: list) -> str:
        return repr([sorted(v.items()) if isinstance(v, dict) else v for v in row])

    nodes = store.run("MATCH (n) RETURN labels(n), properties(n)").rows
    rels = store.run("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)").rows
    return sorted(map(norm, nodes)), sorted(map(norm, rels))
