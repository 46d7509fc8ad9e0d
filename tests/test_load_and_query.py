"""Loading and querying through the library and the CLI, on every engine under test."""

from __future__ import annotations

import json
import shutil

import pytest

from graphmodel import loader
from graphmodel.dataset import read_dataset
from graphmodel.render import display_width
from tests.conftest import SMALL

EXPECTED_LABELS = {"Enterprise": 4, "Incubator": 1, "PartyOrg": 2, "ServiceBody": 1,
                   "SocialOrg": 1, "Street": 1, "University": 1, "Zone": 1}
EXPECTED_TYPES = {"COVERS": 2, "GUIDES": 1, "INCUBATES": 1, "LOCATED_IN": 10, "MEMBER_OF": 1,
                  "PARTNERS_WITH": 1, "SERVES": 1, "SUBORDINATE_TO": 1}


def test_load_writes_exactly_the_contract_names(store):
    report = loader.load(store, read_dataset(SMALL))
    assert report.graph.labels == EXPECTED_LABELS
    assert report.graph.relationships == EXPECTED_TYPES
    rows = store.run("MATCH (n:Enterprise {id: $id}) RETURN properties(n) AS p",
                     {"id": "e-unknown"}).rows
    assert rows == [[{"id": "e-unknown", "type": "enterprise", "name": "未知企業",
                      "industry": "retail", "size": "micro", "employees": 5}]]
    covers = store.run("MATCH (:PartyOrg {id: 'po-street'})-[c:COVERS]->(e:Enterprise) "
                       "RETURN e.id, c.mode, c.since, c.note").rows
    assert covers == [["e-shop", "joint", "2011-05-01", "industry branch"]]
    located = store.run("MATCH (e:Enterprise {id: 'e-big'})-[:LOCATED_IN]->(a) "
                        "RETURN labels(a)[0] AS l, a.id ORDER BY l").rows
    assert located == [["Street", "s-east"], ["Zone", "z-north"]]


def test_loading_twice_leaves_the_same_counts(store):
    dataset = read_dataset(SMALL)
    first = loader.load(store, dataset).graph
    second = loader.load(store, dataset).graph
    assert first == second
    assert second.labels == EXPECTED_LABELS


def test_replace_swaps_the_whole_graph(store, tmp_path):
    loader.load(store, read_dataset(SMALL))
    smaller = tmp_path / "smaller"
    smaller.mkdir()
    (smaller / "organizations.csv").write_text(
        "id,type,name\nz-1,zone,雲谷片區\n", encoding="utf-8")
    report = loader.load(store, read_dataset(smaller), replace=True)
    assert report.graph.labels == {"Zone": 1}
    assert report.graph.relationships == {}


def test_cli_load_and_stats(cli):
    loaded = cli("load", str(SMALL))
    assert loaded.exit_code == 0, loaded.output
    assert "13 nodes" not in loaded.output and "12 nodes, 18 relationships" in loaded.output
    stats = cli("stats", "--format", "json")
    data = json.loads(stats.stdout)
    assert data["labels"] == EXPECTED_LABELS and data["relationships"] == EXPECTED_TYPES
    assert (data["nodes"], data["edges"]) == (12, 18)


def test_cli_invalid_dataset_exits_2_and_writes_nothing(cli, store, tmp_path):
    cli("load", str(SMALL))
    before = store.counts()
    broken = tmp_path / "broken"
    shutil.copytree(SMALL, broken)
    with (broken / "organizations.csv").open("a", encoding="utf-8") as f:
        f.write("new-1,enterprise,新企業,,,,,,,,\nnew-2,enterprize,壞企業,,,,,,,,\n")
    result = cli("load", str(broken), "--replace")
    assert result.exit_code == 2
    assert "organizations.csv, line 15, column 2 (type): 'enterprize'" in result.stderr
    assert "nothing was written" in result.stderr
    assert store.counts() == before


def test_cli_query_with_typed_parameters(cli):
    cli("load", str(SMALL))
    result = cli("query", "MATCH (e:Enterprise) WHERE e.party_members >= $n AND e.id IN $ids "
                 "RETURN e.id AS id, e.name AS name ORDER BY id",
                 "-p", "n=3", "-p", 'ids=["e-big","e-mid","e-shop"]', "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"id": "e-big", "name": "大工廠"},
                                         {"id": "e-mid", "name": "中型公司"}]
    text = cli("query", "MATCH (e:Enterprise {name: $name}) RETURN e.id", "-p", "name=小商店",
               "--format", "csv")
    assert text.stdout.splitlines() == ["e.id", "e-shop"]


def test_cli_query_from_file(cli, tmp_path):
    cli("load", str(SMALL))
    path = tmp_path / "q.cypher"
    path.write_text("// zones\nMATCH (z:Zone) RETURN z.name AS name", encoding="utf-8")
    result = cli("query", "--file", str(path), "--format", "json")
    assert json.loads(result.stdout) == [{"name": "北區"}]


def test_cli_query_is_read_only_unless_write(cli, store):
    cli("load", str(SMALL))
    before = store.counts()
    refused = cli("query", "MATCH (z:Zone) SET z.name = 'x'")
    assert refused.exit_code == 1
    assert "read-only unless --write" in refused.stderr
    refused = cli("query", "CREATE (:Zone {id: 'z-new', name: 'x'})")
    assert refused.exit_code == 1
    assert store.counts() == before
    allowed = cli("query", "--write", "CREATE (:Zone {id: 'z-new', name: '新區'})")
    assert allowed.exit_code == 0, allowed.output
    assert "nodes created: 1" in allowed.stdout
    assert store.counts().labels["Zone"] == 2


def test_cli_syntax_error_shows_the_engines_message(cli, empty_graph):
    result = cli("query", "MATCH (n RETURN n")
    assert result.exit_code == 1
    assert "Invalid input" in result.stderr


def test_cli_table_aligns_chinese_text(cli):
    cli("load", str(SMALL))
    result = cli("query", "MATCH (e:Enterprise) RETURN e.name AS name, e.employees AS staff "
                 "ORDER BY staff DESC")
    header, _rule, *rows = result.stdout.splitlines()[:6]
    column_start = display_width(header[: header.index("staff")])
    for row in rows:
        value = row.split()[-1]
        assert display_width(row[: row.rindex(value)]) == column_start, row
    assert rows[0].startswith("大工廠") and rows[0].endswith("800")


def test_cli_query_on_an_empty_graph_returns_no_rows(cli, empty_graph):
    result = cli("query", "MATCH (n) RETURN n.id AS id", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_cli_query_needs_exactly_one_source(cli):
    result = cli("query")
    assert result.exit_code == 2
    assert "give the query as an argument, with --file or with --saved" in result.stderr


def test_a_replace_that_fails_midway_leaves_the_old_graph(store, tmp_path):
    loader.load(store, read_dataset(SMALL))
    before = store.counts()
    smaller = tmp_path / "smaller"
    smaller.mkdir()
    (smaller / "organizations.csv").write_text("id,type,name\nz-1,zone,雲谷片區\n",
                                               encoding="utf-8")

    def interrupted(rows: int) -> None:
        raise KeyboardInterrupt  # the user presses Ctrl-C after the first batch

    with pytest.raises(KeyboardInterrupt):
        loader.load(store, read_dataset(smaller), replace=True, progress=interrupted)
    assert store.counts() == before


def test_a_load_that_would_change_an_ids_type_is_refused(cli, store, tmp_path):
    cli("load", str(SMALL))
    before = store.counts()
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "organizations.csv").write_text("id,type,name\ne-big,incubator,大工廠\n",
                                               encoding="utf-8")
    result = cli("load", str(changed))
    assert result.exit_code == 2
    assert "e-big is Enterprise in the graph but Incubator in the dataset" in result.stderr
    assert store.counts() == before
    assert cli("load", str(changed), "--replace").exit_code == 0
    assert store.counts().labels == {"Incubator": 1}


def test_neo4j_write_queries_may_commit_in_parts(neo4j_uri):
    """`query --write` runs in an auto-commit transaction on Neo4j, where a user's big delete
    with CALL { ... } IN TRANSACTIONS runs; without --write the server refuses it."""
    from click.testing import CliRunner

    from cli import main
    from graphmodel.store import open_store

    with open_store(neo4j_uri) as store:
        store.delete_graph()
        loader.load(store, read_dataset(SMALL))
        delete = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 3 ROWS"
        refused = CliRunner().invoke(main, ["--db", neo4j_uri, "query", delete])
        assert refused.exit_code == 1 and store.counts().nodes > 0
        done = CliRunner().invoke(main, ["--db", neo4j_uri, "query", "--write", delete])
        assert done.exit_code == 0, done.output
        assert store.counts().nodes == 0
