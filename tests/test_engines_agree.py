"""The same register gives the same answers on both engines: every command, through the CLI.

One dataset is loaded into the embedded store and into the session's Neo4j; then each
command's JSON (or file) output is compared byte for byte. Clusters are compared as groups
where the method differs (GDS's Leiden in the server, igraph's in the client), and must agree
where the structure is clear.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from graphmodel import cypherlib
from graphmodel.demo import example_path
from graphmodel.store import open_store
from graphmodel.synth import generate
from tests.conftest import Cli


@pytest.fixture
def engines(db_folder: Path, neo4j_uri: str):
    """(embedded CLI, Neo4j CLI) on empty graphs, emptied again afterwards."""
    embedded = Cli(str(db_folder), f"t{uuid.uuid4().hex[:10]}")
    neo4j = Cli(neo4j_uri, None)
    for cli in (embedded, neo4j):
        with open_store(cli.db, cli.graph) as store:
            store.delete_graph()
    yield embedded, neo4j
    for cli in (embedded, neo4j):
        with open_store(cli.db, cli.graph) as store:
            store.delete_graph()


def _both(engines, *args: str) -> tuple[str, str]:
    outputs = []
    for cli in engines:
        result = cli(*args)
        assert result.exit_code == 0, (cli.db, args, result.output)
        outputs.append(result.stdout)
    return outputs[0], outputs[1]


def _load_both(engines, path: Path, *extra: str) -> None:
    embedded, neo4j = _both(engines, "load", str(path), *extra)
    assert embedded.splitlines()[-1] == neo4j.splitlines()[-1]  # the graph's counts


@pytest.fixture(params=["pingfang", "district"])
def dataset(request, tmp_path) -> Path:
    if request.param == "pingfang":
        return example_path("pingfang")
    generate(1500, seed=11, out_dir=tmp_path / "district")
    return tmp_path / "district"


def test_every_analysis_gives_the_same_json(engines, dataset, tmp_path):
    _load_both(engines, dataset)
    for args in (["stats"], ["coverage"], ["coverage", "--by", "zone", "--target", "0.68"],
                 ["coverage", "--by", "street"], ["coverage", "--by", "industry"],
                 ["coverage", "--by", "size"], ["plan"], ["clusters"]):
        embedded, neo4j = _both(engines, *args, "--format", "json")
        assert json.loads(embedded) == json.loads(neo4j), args
        assert embedded == neo4j, args


def test_saved_queries_give_the_same_rows(engines, dataset):
    _load_both(engines, dataset)
    ids = _saved_query_ids(engines[0])
    for saved in cypherlib.saved_queries():
        params = [item for name in saved.params if name in ids
                  for item in ("-p", f"{name}={ids[name]}")]
        embedded, neo4j = _both(engines, "query", "--saved", saved.name, *params,
                                "--format", "json")
        assert json.loads(embedded) == json.loads(neo4j), saved.name


def test_views_of_every_scope_draw_the_same_page(engines, dataset, tmp_path):
    _load_both(engines, dataset)
    zone, street, unit = _first_ids(engines[0])
    scopes = [[], ["--summary"], ["--zone", zone], ["--street", street],
              ["--ego", unit, "--depth", "2"], ["--cluster", "1"]]
    for scope in scopes:
        pages = []
        for number, cli in enumerate(engines):
            page = tmp_path / f"view-{number}.html"
            result = cli("view", "-o", str(page), *scope)
            assert result.exit_code == 0, (scope, result.output)
            pages.append(page.read_text(encoding="utf-8"))
        assert pages[0] == pages[1], scope


def test_exports_are_the_same_bytes_and_load_back(engines, dataset, tmp_path):
    _load_both(engines, dataset)
    folders = []
    for number, cli in enumerate(engines):
        folder = tmp_path / f"export-{number}"
        result = cli("export", "-o", str(folder))
        assert result.exit_code == 0, result.output
        folders.append(folder)
    for name in ("organizations.csv", "relationships.csv"):
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name
    _load_both(engines, folders[1], "--replace")  # Neo4j's export, back into both
    embedded, neo4j = _both(engines, "coverage", "--format", "json")
    assert embedded == neo4j


def test_merge_and_replace_give_the_same_graph(engines, tmp_path):
    generate(800, seed=2, out_dir=tmp_path / "first")
    generate(900, seed=3, out_dir=tmp_path / "second")
    _load_both(engines, tmp_path / "first")
    _load_both(engines, example_path("pingfang"))  # merged into the graph that exists
    embedded, neo4j = _both(engines, "stats", "--format", "json")
    assert embedded == neo4j
    _load_both(engines, tmp_path / "second", "--replace")
    for args in (["stats"], ["coverage", "--by", "street"], ["plan"]):
        embedded, neo4j = _both(engines, *args, "--format", "json")
        assert embedded == neo4j, args


def _saved_query_ids(cli: Cli) -> dict[str, str]:
    """An id for each saved query's parameter: the first node of the kind it asks for."""
    with open_store(cli.db, cli.graph) as store:
        def first(label: str, where: str = "") -> str:
            return store.run(f"MATCH (n:{label}) {where} RETURN min(n.id)").rows[0][0]

        return {"incubator": first("Incubator"), "university": first("University"),
                "body": first("ServiceBody"), "source": first("Incubator"),
                "target": first("University"),
                "organization": first("PartyOrg", "WHERE NOT (n)-[:SUBORDINATE_TO]->()")}


def _first_ids(cli: Cli) -> tuple[str, str, str]:
    with open_store(cli.db, cli.graph) as store:
        found = store.run(
            "MATCH (z:Zone) WITH min(z.id) AS zone MATCH (s:Street) WITH zone, min(s.id) AS "
            "street MATCH (e:Incubator) RETURN zone, street, min(e.id)")
    zone, street, unit = found.rows[0]
    return zone, street, unit
