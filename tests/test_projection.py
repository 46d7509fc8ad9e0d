"""The projection: the graph read back from a store is the graph that was loaded.

FalkorDB's projection reads relationships as integer columns (``_edge_columns``); the
row-by-row read (``_edge_rows``, Neo4j's way) must give the same graph, also when a user's
--write queries added what the contract does not have.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graphmodel.analysis import projection as projection_module
from graphmodel.analysis.clusters import clusters
from graphmodel.analysis.projection import project
from graphmodel.dataset import read_dataset
from graphmodel.demo import example_path
from graphmodel.loader import load
from graphmodel.store import embedded
from graphmodel.synth import generate
from tests.view_data import projection_of


def edges(graph: nx.MultiDiGraph) -> list[tuple[Any, ...]]:
    return sorted((a, b, d["type"], repr(d["mode"])) for a, b, d in graph.edges(data=True))


def nodes(graph: nx.MultiDiGraph) -> list[tuple[Any, ...]]:
    return sorted((n, sorted(d.items())) for n, d in graph.nodes(data=True))


def test_the_projection_is_the_dataset_that_was_loaded(store, tmp_path):
    for folder in (example_path("pingfang"), tmp_path / "district"):
        if folder != example_path("pingfang"):
            generate(2000, 5, folder)
        dataset = read_dataset(folder)
        store.delete_graph()
        load(store, dataset)
        expected, got = projection_of(dataset).graph, project(store).graph
        assert nodes(got) == nodes(expected)
        assert edges(got) == edges(expected)


def row_by_row(store) -> nx.MultiDiGraph:
    """The projection read through _edge_rows, whatever the engine."""
    graph = project(store).graph.copy()
    graph.remove_edges_from(list(graph.edges))
    keys = store.read_table("MATCH (n) RETURN id(n) AS key, n.id AS id"
                            if store.dialect == "falkordb" else
                            "MATCH (n) RETURN elementId(n) AS key, n.id AS id").rows
    id_of = {key: node_id for key, node_id in keys if node_id in graph}
    projection_module.add_edges(graph, projection_module._edge_rows(
        store, id_of, projection_module._relationship_types()))
    return graph


def test_columns_and_rows_read_the_same_graph_with_a_users_additions(store, tmp_path):
    generate(1500, 9, tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    for statement in (
        # a node outside the contract, tied to an enterprise both ways
        "MATCH (e:Enterprise) WITH e ORDER BY e.id LIMIT 1 "
        "CREATE (x:Note {id: 'note-1'})-[:PARTNERS_WITH]->(e), (e)-[:PARTNERS_WITH]->(x)",
        # modes outside the contract: a number, a text, a boolean
        # a mode on a type that has none, and a type between labels it does not join
        "MATCH (p:PartyOrg)-[g:GUIDES]->(u) WITH g ORDER BY u.id LIMIT 1 SET g.mode = 'joint'",
        "MATCH (a:Enterprise), (b:Street) WITH a, b ORDER BY a.id, b.id LIMIT 2 "
        "CREATE (a)-[:COVERS {mode: 'standalone'}]->(b)",
        # a second type between a pair already joined
        "MATCH (p:PartyOrg)-[:COVERS]->(u) WITH p, u ORDER BY u.id LIMIT 4 "
        "CREATE (p)-[:SERVES]->(u)",
        # a node with a second label (FalkorDB lists labels in the order the graph first
        # saw them: Enterprise first, so it is an enterprise)
        "MATCH (e:Enterprise) WITH e ORDER BY e.id LIMIT 1 "
        "CREATE (:Note:Enterprise {id: 'note-2'})-[:PARTNERS_WITH]->(e)",
        # a node without an id
        "MATCH (e:Enterprise) WITH e ORDER BY e.id LIMIT 1 "
        "CREATE (:Enterprise {name: 'no id'})-[:LOCATED_IN]->(:Zone {id: 'z-odd'})",
    ):
        store.run(statement, write=True)
    for skip, mode in enumerate((5, "odd", True)):  # modes outside the contract
        store.run("MATCH (p:PartyOrg)-[c:COVERS]->(u) WITH c ORDER BY u.id SKIP $skip LIMIT 1 "
                  "SET c.mode = $mode", {"skip": skip, "mode": mode}, write=True)
    columns = project(store).graph
    assert edges(columns) == edges(row_by_row(store))
    modes = {d["mode"] for _, _, d in columns.edges(data=True) if d["type"] == "COVERS"}
    assert {5, "odd", True} <= modes
    assert columns.nodes["note-2"]["type"] == "enterprise"
    assert ("note-1" not in columns and "z-odd" in columns
            and columns.in_degree("z-odd") == 0)
    assert not [1 for a, b, d in columns.edges(data=True)
                if d["type"] == "COVERS" and columns.nodes[b]["type"] == "street"]


def test_a_graph_read_in_many_small_parts_is_the_graph_read_whole(store, tmp_path,
                                                                    monkeypatch):
    generate(400, 4, tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    # holes in the node ids: deleted nodes, some with a whole part's ids
    store.run("MATCH (n:Enterprise) WITH n ORDER BY n.id SKIP 20 LIMIT 30 DETACH DELETE n",
              write=True)
    whole, ties = project(store).graph, clusters(store, method="networkx")
    monkeypatch.setattr(embedded, "NODE_PART", 7)
    statement = store.statement("projection/nodes.cypher")
    if store.dialect == "falkordb":
        parts = list(store.read_node_parts(statement))
        assert len(parts) > 50 and any(not part.rows for part in parts)  # (some ids all gone)
    parts = project(store).graph
    assert nodes(parts) == nodes(whole) and edges(parts) == edges(whole)
    assert clusters(store) == ties  # (the integer-column reading on FalkorDB)


def test_an_empty_graph_is_read_as_one_part_without_rows(store):
    [part] = store.read_node_parts(store.statement("projection/nodes.cypher"))
    assert part.rows == [] and {"key", "id", "label"} <= set(part.columns)


def test_an_id_that_is_not_text_is_read_as_its_text_and_every_command_runs(store, cli,
                                                                         tmp_path):
    load(store, read_dataset(example_path("pingfang")))
    store.run("MATCH (e:Enterprise {id: 'ent-changan-ford'}) SET e.id = 1001", write=True)
    projection = project(store)
    assert "1001" in projection.graph and 1001 not in projection.graph
    assert projection.graph.nodes["1001"]["type"] == "enterprise"
    for args in (["coverage", "--by", "zone"], ["plan"], ["clusters"],
                 ["view", "-o", str(tmp_path / "all.html")],
                 ["view", "--ego", "1001", "-o", str(tmp_path / "ego.html")]):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
