"""Clusters on Neo4j run in the server with GDS, and client-side on a Neo4j without it.

The session's Neo4j has GDS; a second throwaway Neo4j without it is started for this module's
last tests. Brokers' betweenness from GDS equals NetworkX's on the same graph; communities of
a graph with clear structure are the same groups on every path.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest

from graphmodel.analysis import clusters as clusters_module
from graphmodel.analysis.clusters import clusters, cooperation_graph
from graphmodel.analysis.projection import project
from graphmodel.dataset import read_dataset
from graphmodel.errors import UsageError
from graphmodel.loader import load
from graphmodel.store import open_store
from tests.conftest import neo4j_test_server

HEADER = "id,type,name,industry,size,employees,party_members,level,zone,street,provenance"


def _groups_dataset(folder: Path, groups: int, size: int) -> Path:
    """``groups`` cliques of ``size`` enterprises, each clique tied to the next by one tie:
    a structure any community method must find (with cliques of 25 and 300 ties each,
    modularity's resolution limit does not merge neighbours at these sizes)."""
    folder.mkdir()
    with open(folder / "organizations.csv", "w", newline="", encoding="utf-8") as file:
        file.write(HEADER + "\n")
        for g in range(groups):
            for k in range(size):
                file.write(f"e{g:04d}-{k:02d},enterprise,企業{g}-{k},,,,,,,,\n")
    with open(folder / "relationships.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["source", "target", "type"])
        for g in range(groups):
            for a in range(size):
                for b in range(a + 1, size):
                    writer.writerow([f"e{g:04d}-{a:02d}", f"e{g:04d}-{b:02d}", "PARTNERS_WITH"])
            writer.writerow([f"e{g:04d}-00", f"e{(g + 1) % groups:04d}-01", "PARTNERS_WITH"])
    return folder


def _groups(report) -> set[frozenset[str]]:
    return {frozenset(cluster.members) for cluster in report.clusters}


def test_gds_finds_the_groups_igraph_and_networkx_find(neo4j_store, db_folder, tmp_path):
    dataset = read_dataset(_groups_dataset(tmp_path / "groups", 90, 25))  # 2,250 nodes
    load(neo4j_store, dataset)
    assert neo4j_store.graph_algorithms() is not None
    report = clusters(neo4j_store)  # auto: above 2,000 nodes, the server's GDS
    assert (report.community_method, report.broker_method) == ("gds-leiden", "betweenness")
    assert report.betweenness_sample == clusters_module.BETWEENNESS_SAMPLE
    expected = {frozenset(f"e{g:04d}-{k:02d}" for k in range(25)) for g in range(90)}
    assert _groups(report) == expected
    assert _groups(clusters(neo4j_store, method="igraph")) == expected
    with open_store(db_folder, f"gds-{tmp_path.name[-8:]}") as embedded:
        try:
            load(embedded, dataset)
            on_embedded = clusters(embedded)
            assert on_embedded.community_method == "igraph-leiden"
            assert _groups(on_embedded) == expected
        finally:
            embedded.delete_graph()
    assert clusters(neo4j_store) == report  # the same seed, the same report
    # every projection GDS made for it was dropped
    left = neo4j_store.run("CALL gds.graph.list() YIELD graphName RETURN graphName")
    assert [name for (name,) in left.rows if name.startswith("graphmodel-")] == []


def test_gds_betweenness_is_networkx_betweenness(neo4j_store, tmp_path):
    """Below 2,000 nodes betweenness is exact on both sides: the brokers and their scores
    equal NetworkX's normalized betweenness of the same cooperation graph."""
    load(neo4j_store, read_dataset(_groups_dataset(tmp_path / "groups", 12, 6)))
    report = clusters(neo4j_store, method="gds")
    assert report.betweenness_sample is None
    exact = nx.betweenness_centrality(cooperation_graph(project(neo4j_store)), normalized=True)
    assert report.clusters
    for cluster in report.clusters:
        assert cluster.brokers, cluster.members
        for broker, score in cluster.broker_scores.items():
            assert score == pytest.approx(exact[broker], abs=1e-6)
        best = sorted((n for n in cluster.members if exact[n] > 0),
                      key=lambda n: (-round(exact[n], 6), n))[:3]
        assert cluster.brokers == best


def test_without_gds_the_clusters_are_computed_client_side(tmp_path, monkeypatch):
    with neo4j_test_server("--without-gds") as values:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        with open_store(values["NEO4J_URI"]) as store:
            assert store.graph_algorithms() is None
            load(store, read_dataset(_groups_dataset(tmp_path / "groups", 90, 25)))
            report = clusters(store)
            assert report.community_method == "igraph-leiden"
            assert len(report.clusters) == 90
            with pytest.raises(UsageError, match="Graph Data Science"):
                clusters(store, method="gds")
