"""A graph that does not exist is said so (exit 2, naming those that do); `graphs` counts them."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli


@pytest.fixture(scope="module")
def db_folder(tmp_path_factory):
    """A data folder of this module's own (its graphs are the only ones there)."""
    folder = tmp_path_factory.mktemp("graphs-db")
    yield folder
    Cli(str(folder), None)("db", "stop")

EXAMPLE = "examples/pingfang"

#: every command that reads a graph, with arguments that are otherwise valid
READERS = [["stats"], ["coverage"], ["coverage", "--by", "zone"], ["plan"], ["ledger"],
           ["clusters"], ["centrality"], ["query", "MATCH (n) RETURN count(n)"],
           ["view", "-o", "{tmp}/v.html"], ["export", "-o", "{tmp}/out"]]


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c[:2]))
def test_a_command_on_a_missing_graph_says_so_and_writes_nothing(db_folder, tmp_path, command):
    cli = Cli(str(db_folder), "pingfang")
    if cli("graphs").stdout.count("pingfang") == 0:
        assert cli("load", EXAMPLE).exit_code == 0
    missing = Cli(str(db_folder), "pingfnag")
    result = missing(*[part.format(tmp=tmp_path) for part in command])
    assert result.exit_code == 2, result.output
    assert "no graph 'pingfnag'" in result.stderr and "graphs there: pingfang" in result.stderr
    assert "Traceback" not in result.output
    assert not any(tmp_path.iterdir())                      # nothing written
    listed = json.loads(cli("graphs", "--format", "json").stdout)["graphs"]
    assert [g["name"] for g in listed] == ["pingfang"]      # and nothing created


def test_no_graph_at_all_says_how_to_make_one(tmp_path):
    cli = Cli(str(tmp_path / "new"), None)
    try:
        result = cli("coverage")
        assert result.exit_code == 2
        assert "no graph 'graphmodel'" in result.stderr and "graphmodel load" in result.stderr
        shown = cli("graphs")
        assert shown.exit_code == 0 and "no graph in embedded FalkorDB" in shown.stdout
    finally:
        cli("db", "stop")


def test_graphs_lists_every_graph_with_its_counts(db_folder, tmp_path):
    if "pingfang" not in Cli(str(db_folder), None)("graphs").stdout:
        Cli(str(db_folder), "pingfang")("load", EXAMPLE)
    Cli(str(db_folder), "small")("query", "--write", "CREATE (:Zone {id: 'z1', name: '東區'})")
    stats = json.loads(Cli(str(db_folder), "pingfang")("stats", "--format", "json").stdout)
    result = Cli(str(db_folder), None)("graphs", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["graphs"] == [
        {"name": "pingfang", "nodes": stats["nodes"], "relationships": stats["edges"]},
        {"name": "small", "nodes": 1, "relationships": 0}]
    table = Cli(str(db_folder), None)("graphs").stdout
    assert "pingfang" in table and "2 graphs in embedded FalkorDB at" in table


def test_a_missing_neo4j_database_is_named(neo4j_uri):
    result = Cli(neo4j_uri, "nosuchdatabase")("coverage")
    assert result.exit_code == 2, result.output
    assert "no graph 'nosuchdatabase' in Neo4j at" in result.stderr
    assert "graphs there: neo4j" in result.stderr
    listed = json.loads(Cli(neo4j_uri, None)("graphs", "--format", "json").stdout)
    assert "neo4j" in [g["name"] for g in listed["graphs"]]
