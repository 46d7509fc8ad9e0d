"""Shared fixtures: a real embedded FalkorDB server and a real Neo4j for the session.

Store tests are parametrized by engine. The embedded server always runs; for Neo4j the session
starts one throwaway Neo4j 5 + GDS with tests/neo4j_server.py (the first test that needs it
waits for it) whenever Java and Maven are here. NEO4J_URI in the environment points the tests
at a server of your own instead (its default database is emptied test by test). Without Java
or Maven the Neo4j copies skip with that reason, unless GRAPHMODEL_REQUIRE_NEO4J=1 (set by
.ci/run): then they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

# the tests read English unless they ask for a language (--lang): a machine whose locale is
# zh_* would otherwise print Chinese (graphmodel/i18n.py)
os.environ["GRAPHMODEL_LANG"] = "en"

from graphmodel.cli import main
from graphmodel.store import GraphStore, open_store
from graphmodel.store.server import KEEP_NAME, EmbeddedServer

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


NEO4J_VARIABLES = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD")


def _no_neo4j(reason: str) -> None:
    """Skip for want of Neo4j, or fail when the run requires it (GRAPHMODEL_REQUIRE_NEO4J=1)."""
    if os.environ.get("GRAPHMODEL_REQUIRE_NEO4J") == "1":
        pytest.fail(f"GRAPHMODEL_REQUIRE_NEO4J=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def neo4j_test_server(*options: str) -> Iterator[dict[str, str]]:
    """A throwaway Neo4j from tests/neo4j_server.py: its NEO4J_* values; stopped after."""
    sys.path.insert(0, str(Path(__file__).parent))
    import neo4j_server

    missing = neo4j_server.missing_tools()
    if missing:
        _no_neo4j(f"no Neo4j to test against: {' and '.join(missing)} not installed")
    parent = Path(tempfile.mkdtemp(prefix="gm-neo4j-", dir="/tmp"))
    process = subprocess.Popen(
        [sys.executable, neo4j_server.__file__, "--dir", str(parent / "server"),
         "--exit-with-stdin", *options],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdin is not None
    try:
        lines = [process.stdout.readline().strip() for _ in NEO4J_VARIABLES]
        values = dict(line.split("=", 1) for line in lines if "=" in line)
        if sorted(values) != sorted(NEO4J_VARIABLES):
            process.stdin.close()
            error = process.stderr.read() if process.stderr else ""
            process.wait(60)
            _no_neo4j(f"the Neo4j test server did not start: {error.strip()[-2000:]}")
        yield values
    finally:
        if process.poll() is None:
            process.stdin.close()  # the launcher stops the server and frees its folder
            process.wait(90)
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    """The Bolt URI of the session's Neo4j; NEO4J_USERNAME/PASSWORD are set for it."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    saved = {name: os.environ.get(name) for name in NEO4J_VARIABLES}
    with neo4j_test_server() as values:
        os.environ.update(values)
        try:
            yield values["NEO4J_URI"]
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


@pytest.fixture(params=ENGINES)
def engine_db(request: pytest.FixtureRequest, db_folder: Path) -> str:
    """The --db value of each engine under test."""
    if request.param == "neo4j":
        return request.getfixturevalue("neo4j_uri")
    return str(db_folder)


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


@pytest.fixture
def neo4j_store(neo4j_uri: str) -> Iterator[GraphStore]:
    """The session's Neo4j database, emptied before and after (for Neo4j-only tests)."""
    with open_store(neo4j_uri) as store:
        store.delete_graph()
        yield store
        store.delete_graph()


@pytest.fixture
def empty_graph(store: GraphStore) -> GraphStore:
    """The ``store`` fixture's graph made to exist, empty (as after loading an empty
    register), for commands that refuse a graph that does not exist."""
    store.create_schema()
    return store


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
