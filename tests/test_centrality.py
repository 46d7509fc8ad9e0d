"""centrality: degree, betweenness (igraph's, NetworkX's value), cluster and status per node."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from graphmodel.analysis.centrality import centrality
from graphmodel.analysis.clusters import clusters, cooperation_graph
from graphmodel.analysis.coverage import unit_status
from graphmodel.analysis.projection import project
from graphmodel.errors import UsageError
from tests.test_clusters import two_groups_and_a_bridge


def test_every_organization_with_ties_ranked_as_networkx_ranks_it(store, tmp_path):
    two_groups_and_a_bridge(store, tmp_path / "d")
    report = centrality(store, top=None)
    projection = project(store)
    graph = cooperation_graph(projection)
    reference = nx.betweenness_centrality(graph, normalized=True)
    assert report.total == graph.number_of_nodes() == len(report.units)
    assert {u.id: u.betweenness for u in report.units} == {
        node: round(value, 6) for node, value in reference.items()}
    assert {u.id: u.degree for u in report.units} == dict(graph.degree())
    assert [u.id for u in report.units[:2]] == ["x", "b1"]  # (16/28, then 15/28)
    found = clusters(store)
    assert {u.id: u.cluster for u in report.units} == {
        member: c.id for c in clusters(store, min_size=1).clusters for member in c.members}
    assert {c.id for c in found.clusters} <= {u.cluster for u in report.units}
    status = unit_status(projection)
    assert {u.id: u.status for u in report.units} == {u.id: status.get(u.id)
                                                       for u in report.units}
    assert [u.id for u in centrality(store, top=3).units] == [u.id for u in report.units[:3]]


def test_cli_centrality(cli, store, tmp_path):
    two_groups_and_a_bridge(store, tmp_path / "d")
    data = json.loads(cli("centrality", "--top", "2", "--format", "json").stdout)
    assert [unit["id"] for unit in data["units"]] == ["x", "b1"]
    assert data["units"][0]["name"] == "促進中心" and data["betweenness_sample"] is None
    table = cli("centrality").stdout
    assert "促進中心" in table and "organizations with cooperation ties" in table
    assert cli("centrality", "--top", "-1").exit_code == 2
    with pytest.raises(UsageError, match="--top"):
        centrality(store, top=0)
