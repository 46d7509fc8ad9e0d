"""Partnership clusters on hand-built graphs whose answers were worked out by hand."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from graphmodel.analysis import clusters as clusters_module
from graphmodel.analysis.clusters import clusters, cooperation_graph
from graphmodel.analysis.projection import Projection, project
from graphmodel.dataset import read_dataset
from graphmodel.errors import UsageError
from graphmodel.loader import load
from graphmodel.render import json_text
from graphmodel.synth import generate
from tests.analysis_helpers import area, load_rows, org, rel


def two_groups_and_a_bridge(store, folder) -> None:
    """Two 4-cliques; x ties to a1, a2 (one side) and b1 (the other), so x is the broker.

    Betweenness (9 nodes, normalized by 8*7/2 = 28): x lies on all 16 a-b paths -> 16/28;
    b1 on the 12 b-a and 3 b-x paths -> 15/28; a1 and a2 share the 8 a3/a4-b and 2
    a3/a4-x paths -> 5/28 each (tie, by id). Everyone else: 0.
    """
    orgs = [area("s1"), area("z1", "zone"),
            org("a1", "social_org", name="創業者協會", street="s1"),
            *(org(f"a{i}", street="s1") for i in range(2, 5)),
            *(org(f"b{i}", zone="z1") for i in range(1, 5)),
            org("x", "service_body", name="促進中心", zone="z1"),
            org("po-1", "party_org", level="branch", street="s1"),
            org("lone-1"), org("lone-2", "social_org"), org("uni-1", "university"),
            org("located", street="s1")]
    rels = [rel(f"{g}{i}", f"{g}{j}", "PARTNERS_WITH")
            for g in "ab" for i in range(1, 5) for j in range(i + 1, 5)]
    rels += [rel("a2", "a1", "MEMBER_OF"),                 # a second tie: weight 2
             rel("x", "a1", "SERVES"), rel("x", "a2", "SERVES"), rel("x", "b1", "SERVES"),
             rel("po-1", "a1", "COVERS", "standalone"), rel("po-1", "a2", "GUIDES"),
             rel("po-1", "located", "COVERS", "joint")]
    load_rows(store, folder, orgs, rels)


def test_two_dense_groups_and_their_broker(store, tmp_path):
    two_groups_and_a_bridge(store, tmp_path / "d")
    report = clusters(store)
    assert [(c.id, c.size, c.members, c.by_type, c.density, c.brokers, c.in_scope, c.uncovered)
            for c in report.clusters] == [
        (1, 5, ["a1", "a2", "a3", "a4", "x"], {"enterprise": 3, "service_body": 1, "social_org": 1},
         0.8,
         ["x", "a1", "a2"], 4, 2),     # a1 covered, a2 work only
        (2, 4, ["b1", "b2", "b3", "b4"], {"enterprise": 4}, 1.0, ["b1"], 4, 4),
    ]
    assert report.clusters[0].broker_scores == {"x": 0.571429, "a1": 0.178571,
                                                "a2": 0.178571}
    assert report.clusters[1].broker_scores == {"b1": 0.535714}
    # in-scope units with no cooperation tie; the university and party org are not listed
    assert report.isolated == ["located", "lone-1", "lone-2"]


def test_large_graphs_get_a_seeded_betweenness_sample(store, tmp_path, monkeypatch):
    two_groups_and_a_bridge(store, tmp_path / "d")
    assert clusters(store).betweenness_sample is None            # 9 nodes: exact
    monkeypatch.setattr(clusters_module, "EXACT_BETWEENNESS_MAX_NODES", 5)
    monkeypatch.setattr(clusters_module, "BETWEENNESS_SAMPLE", 4)
    first, second = clusters(store), clusters(store)
    assert first.betweenness_sample == 4 and first == second
    assert [c.members for c in first.clusters] == [["a1", "a2", "a3", "a4", "x"],
                                                   ["b1", "b2", "b3", "b4"]]


def test_cooperation_graph_weights_and_what_it_leaves_out(store, tmp_path):
    two_groups_and_a_bridge(store, tmp_path / "d")
    graph = cooperation_graph(store)
    assert sorted(graph.nodes) == ["a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4", "x"]
    assert graph["a1"]["a2"]["weight"] == 2 and graph["a1"]["a3"]["weight"] == 1
    assert graph.number_of_edges() == 15


def test_ties_by_id_min_size_and_every_cooperation_type(store, tmp_path):
    orgs = [org("t1"), org("t2"), org("t3"),
            org("c1", "incubator"), org("c2"), org("c3", "social_org"),
            org("p1", "university"), org("p2", "service_body")]
    rels = [rel("t1", "t2", "PARTNERS_WITH"), rel("t2", "t3", "PARTNERS_WITH"),
            rel("t3", "t1", "PARTNERS_WITH"),
            rel("c1", "c2", "INCUBATES"), rel("c2", "c3", "MEMBER_OF"),
            rel("c1", "c3", "MEMBER_OF"),
            rel("p2", "p1", "SERVES")]
    load_rows(store, tmp_path / "t", orgs, rels)
    report = clusters(store)
    assert [(c.id, c.members, c.brokers, c.by_type) for c in report.clusters] == [
        (1, ["c1", "c2", "c3"], [], {"enterprise": 1, "incubator": 1, "social_org": 1}),
        (2, ["t1", "t2", "t3"], [], {"enterprise": 3}),
        (3, ["p1", "p2"], [], {"service_body": 1, "university": 1}),
    ]
    assert [c.id for c in clusters(store, min_size=3).clusters] == [1, 2]
    assert [c.size for c in clusters(store, min_size=1).clusters] == [3, 3, 2]
    assert report.isolated == []


def test_cli_clusters_json_is_deterministic(cli, store, tmp_path):
    two_groups_and_a_bridge(store, tmp_path / "d")
    first = cli("clusters", "--format", "json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert [{k: c[k] for k in ("id", "size", "members", "by_type", "density", "brokers",
                               "uncovered")} for c in data["clusters"]] == [
        {"id": 1, "size": 5, "members": ["a1", "a2", "a3", "a4", "x"],
         "by_type": {"enterprise": 3, "service_body": 1, "social_org": 1}, "density": 0.8,
         "brokers": ["x", "a1", "a2"], "uncovered": 2},
        {"id": 2, "size": 4, "members": ["b1", "b2", "b3", "b4"],
         "by_type": {"enterprise": 4}, "density": 1.0, "brokers": ["b1"], "uncovered": 4},
    ]
    assert data["isolated"] == ["located", "lone-1", "lone-2"]
    # named: every member's name, the main industry and zone (only x of cluster 1 has a zone)
    assert data["clusters"][0]["names"] == {"a1": "創業者協會", "a2": "a2", "a3": "a3",
                                            "a4": "a4", "x": "促進中心"}
    assert [(c["industry"], c["zone"], c["label"]) for c in data["clusters"]] == [
        (None, "z1", "z1"), (None, "z1", "z1")]
    for _ in range(2):
        assert cli("clusters", "--format", "json").stdout == first.stdout
    assert [c["id"] for c in json.loads(cli("clusters", "--min-size", "5", "--format",
                                            "json").stdout)["clusters"]] == [1]
    table = cli("clusters").stdout
    assert "促進中心, 創業者協會, a2" in table
    assert "isolated in-scope units (3): located, lone-1, lone-2" in table
    assert len(cli("clusters", "--format", "csv").stdout.splitlines()) == 3


def test_cli_clusters_rejects_bad_options_and_handles_an_empty_graph(cli, empty_graph):
    assert cli("clusters", "--min-size", "0").exit_code == 2
    bad = cli("clusters", "--resolution", "0")
    assert bad.exit_code == 2 and "--resolution" in bad.stderr
    empty = cli("clusters", "--format", "json")
    assert json.loads(empty.stdout)["clusters"] == [] and empty.exit_code == 0


# --- the igraph path (Leiden communities, brokers by igraph's betweenness) ---------------

def _partition(report):
    return ([(c.id, c.size, c.members, c.by_type, c.density, c.in_scope, c.uncovered)
             for c in report.clusters], report.isolated)


def star_and_two_cliques(store, folder) -> None:
    """Two 4-cliques tied by one edge c1-d1, and a star h-l1, h-l2, h-l3 apart from them.

    Both methods: clusters c*, d*, the star; brokers by betweenness: c1 and d1 (the bridge),
    the star's hub (every path between its leaves).
    """
    orgs = [*(org(f"{g}{i}") for g in "cd" for i in range(1, 5)),
            org("h", "service_body"), *(org(f"l{i}") for i in range(1, 4))]
    rels = [rel(f"{g}{i}", f"{g}{j}", "PARTNERS_WITH")
            for g in "cd" for i in range(1, 5) for j in range(i + 1, 5)]
    rels += [rel("c1", "d1", "PARTNERS_WITH"), *(rel("h", f"l{i}", "SERVES") for i in (1, 2, 3))]
    load_rows(store, folder, orgs, rels)


def test_igraph_path_agrees_with_networkx_on_the_bridge_graph(store, tmp_path):
    two_groups_and_a_bridge(store, tmp_path / "d")
    reference, fast = clusters(store, method="networkx"), clusters(store, method="igraph")
    assert (reference.community_method, reference.broker_method) == ("networkx-louvain",
                                                                     "betweenness")
    assert (fast.community_method, fast.broker_method) == ("igraph-leiden", "betweenness")
    assert _partition(fast) == _partition(reference)
    # igraph's exact betweenness is NetworkX's: the same brokers with the same scores
    assert [c.brokers for c in fast.clusters] == [c.brokers for c in reference.clusters]
    assert [c.broker_scores for c in fast.clusters] == [
        c.broker_scores for c in reference.clusters]
    assert fast.betweenness_sample is None


def test_igraph_path_agrees_on_ties_by_id_and_a_star(store, tmp_path):
    star_and_two_cliques(store, tmp_path / "s")
    reference, fast = clusters(store, method="networkx"), clusters(store, method="igraph")
    assert _partition(fast) == _partition(reference)
    assert [c.members for c in fast.clusters] == [["c1", "c2", "c3", "c4"],
                                                  ["d1", "d2", "d3", "d4"],
                                                  ["h", "l1", "l2", "l3"]]
    assert [c.brokers[:1] for c in fast.clusters] == [["c1"], ["d1"], ["h"]]
    assert [c.broker_scores for c in fast.clusters] == [
        c.broker_scores for c in reference.clusters]


def test_igraph_path_on_triangles_pairs_and_min_size(store, tmp_path):
    test_ties_by_id_min_size_and_every_cooperation_type(store, tmp_path)
    for min_size in (1, 2, 3):
        reference = clusters(store, method="networkx", min_size=min_size)
        fast = clusters(store, method="igraph", min_size=min_size)
        assert _partition(fast) == _partition(reference)
        assert [c.brokers for c in fast.clusters] == [[] for _ in fast.clusters]


def test_auto_uses_igraph_above_the_threshold(store, tmp_path, monkeypatch):
    two_groups_and_a_bridge(store, tmp_path / "d")
    assert clusters(store).community_method == "networkx-louvain"      # 9 nodes
    monkeypatch.setattr(clusters_module, "IGRAPH_MIN_NODES", 8)
    report = clusters(store)
    if store.graph_algorithms() is not None:  # Neo4j with GDS: the server's algorithms
        assert (report.community_method, report.broker_method) == ("gds-leiden", "betweenness")
        assert report == clusters(store, method="gds")
        report = clusters(store, method="igraph")
    assert (report.community_method, report.broker_method) == ("igraph-leiden", "betweenness")
    assert report == clusters(store, method="igraph")


def test_unknown_method_and_an_empty_graph(store):
    with pytest.raises(UsageError, match="--method"):
        clusters(store, method="fast")
    report = clusters(store, method="igraph")
    assert (report.clusters, report.isolated) == ([], [])


def test_igraph_path_is_deterministic_on_a_synthetic_district(store, tmp_path):
    """20,000 units (~14k cooperation nodes): same bytes twice, and whatever the order the
    projection's nodes and edges were added in."""
    generate(20_000, seed=5, out_dir=tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    projection = project(store)
    first = json_text(clusters(projection, method="igraph"))
    assert json_text(clusters(projection, method="igraph")) == first
    reordered = nx.MultiDiGraph()
    reordered.add_nodes_from(reversed(list(projection.graph.nodes(data=True))))
    reordered.add_edges_from(reversed(list(projection.graph.edges(keys=True, data=True))))
    assert json_text(clusters(Projection(reordered), method="igraph")) == first
    report = json.loads(first)
    assert report["community_method"] == "igraph-leiden" and len(report["clusters"]) > 100
    assert json_text(clusters(projection)) == first                    # auto: igraph here


def _ties(ties: clusters_module._CooperationTies) -> dict[str, object]:
    """The ties (their nodes' names read beside them aside: the reports compare those)."""
    return {name: (value.tolist() if hasattr(value, "tolist") else value)
            for name, value in vars(ties).items() if name != "details"}


def test_ties_read_as_columns_are_the_ties_of_the_projection(store, tmp_path):
    """FalkorDB's clusters read integer columns instead of a projection: the same ties, also
    after a user's --write queries added ties the contract does not have."""
    generate(1500, seed=3, out_dir=tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    first_two = "MATCH (a:Enterprise), (b:Enterprise) WHERE a.id < b.id WITH a, b " \
                "ORDER BY a.id, b.id LIMIT 1 "
    for statement in (
        first_two + "CREATE (a)-[:PARTNERS_WITH]->(b), (a)-[:PARTNERS_WITH]->(b)",  # twice
        first_two + "CREATE (b)-[:PARTNERS_WITH]->(a), (a)-[:MEMBER_OF]->(b)",  # other ties
        "MATCH (e:Enterprise) WITH e ORDER BY e.id LIMIT 1 "
        "CREATE (e)-[:PARTNERS_WITH]->(e), (x:Note {id: 'note-1'})-[:PARTNERS_WITH]->(e), "
        "(:Enterprise {name: 'no id'})-[:PARTNERS_WITH]->(e)",
        "MATCH (e:Enterprise), (s:Street) WITH e, s ORDER BY e.id DESC, s.id LIMIT 1 "
        "CREATE (e)-[:PARTNERS_WITH]->(s), (e)-[:COVERS {mode: 'joint'}]->(e)",
        "MATCH (p:PartyOrg)-[c:COVERS]->(u) WITH c ORDER BY u.id LIMIT 1 SET c.mode = 'odd'",
    ):
        store.run(statement, write=True)
    projection = project(store)
    if store.dialect == "falkordb":  # the column read is FalkorDB's; Neo4j projects
        read = clusters_module._CooperationTies.read(store.columns())
        assert _ties(read) == _ties(clusters_module._CooperationTies.of(projection))
        assert 2 in read.weight.tolist() and len(read.isolated) > 0
    assert json_text(clusters(store, method="igraph")) == json_text(
        clusters(projection, method="igraph"))
    assert clusters(store, method="networkx") == clusters(projection, method="networkx")


def test_ids_that_are_not_text_are_read_as_their_text_on_both_paths(store, tmp_path):
    generate(1500, seed=3, out_dir=tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    store.run("MATCH (a:Enterprise)-[:PARTNERS_WITH]-() WITH DISTINCT a ORDER BY a.id LIMIT 1 "
              "SET a.id = 7", write=True)
    projection = project(store)
    if store.dialect == "falkordb":
        read = clusters_module._CooperationTies.read(store.columns())
        assert read is not None and "7" in read.nodes and 7 not in read.nodes
        assert _ties(read) == _ties(clusters_module._CooperationTies.of(projection))
    assert json_text(clusters(store, method="igraph")) == json_text(
        clusters(projection, method="igraph"))
    # a text id '7' as well: the projection makes the two one node, and so must clusters
    store.run("MATCH (b:Enterprise)-[:PARTNERS_WITH]-() WHERE b.id <> 7 "
              "WITH DISTINCT b ORDER BY b.id DESC LIMIT 1 SET b.id = '7'", write=True)
    projection = project(store)
    if store.dialect == "falkordb":
        assert clusters_module._CooperationTies.read(store.columns()) is None
    assert json_text(clusters(store, method="igraph")) == json_text(
        clusters(projection, method="igraph"))


def _district_like_graph() -> nx.Graph:
    """One component of 250 nodes beside 30 small ones (3 to 8 nodes), numbered in order."""
    graph = nx.gnm_random_graph(250, 600, seed=3)
    graph.add_edges_from((k, k + 1) for k in range(249))  # (one component)
    start = 250
    for size in [3 + number % 6 for number in range(30)]:
        graph.add_edges_from((start + k, start + k + 1) for k in range(size - 1))
        graph.add_edge(start, start + size - 1)
        start += size
    return graph


def _igraph_of(graph: nx.Graph):
    import igraph

    return igraph.Graph(n=len(graph), edges=list(graph.edges()))


def test_igraphs_betweenness_is_networkxs_exact_when_every_component_is_small():
    graph = _district_like_graph()
    values, sample = clusters_module.betweenness_of(_igraph_of(graph), seed=7)
    reference = nx.betweenness_centrality(graph, normalized=True)
    assert sample is None
    assert max(abs(values[node] - reference[node]) for node in graph) < 1e-12


def test_a_large_component_is_estimated_from_its_sources_and_the_rest_stays_exact(
        monkeypatch):
    """Above the size, a component gets sources drawn with the seed; each node's estimate is
    NetworkX's sum over those sources scaled to the component; with every node a source the
    estimate is the exact value."""
    monkeypatch.setattr(clusters_module, "IGRAPH_EXACT_MAX_NODES", 100)
    monkeypatch.setattr(clusters_module, "BETWEENNESS_SAMPLE", 40)
    graph = _district_like_graph()
    exact = nx.betweenness_centrality(graph, normalized=True)
    values, sample = clusters_module.betweenness_of(_igraph_of(graph), seed=7)
    assert sample == 40
    assert all(abs(values[node] - exact[node]) < 1e-12 for node in range(250, len(graph)))

    component = nx.node_connected_component(graph, 0)
    assert component == set(range(250))
    sources, _ = clusters_module._sources(
        clusters_module.np.zeros(250, dtype=int), graph.subgraph(component).number_of_edges(),
        seed=7)
    sources = sources.tolist()
    assert len(sources) == 40 and sources == sorted(set(sources))
    # NetworkX: each source's dependencies, summed (halved for an undirected graph)
    found = nx.betweenness_centrality_subset(graph, sources, list(graph), normalized=False)
    n = len(graph)
    for node in component:
        taken = 40 - (node in sources)
        estimate = 2 * found[node] * (len(component) - 1) / taken / ((n - 1) * (n - 2))
        assert abs(values[node] - estimate) < 1e-12
    assert values[:250].sum() > 0

    monkeypatch.setattr(clusters_module, "BETWEENNESS_SAMPLE", 10**6)
    monkeypatch.setattr(clusters_module, "BETWEENNESS_WORK", 10**9)
    everyone, sample = clusters_module.betweenness_of(_igraph_of(graph), seed=7)
    assert sample == 250
    assert max(abs(everyone[node] - exact[node]) for node in graph) < 1e-12


def test_the_sources_are_shared_out_by_size_and_bounded_by_the_work(monkeypatch):
    import numpy as np

    component = np.repeat([0, 1, 2], [1000, 200, 50])
    sources, drawn = clusters_module._sources(component, 2000, seed=1)
    assert drawn.tolist() == [400, 80, 20] and len(sources) == 500
    assert (sources, drawn.tolist()) == (sources, clusters_module._sources(
        component, 2000, seed=1)[1].tolist())
    monkeypatch.setattr(clusters_module, "BETWEENNESS_WORK", 50_000)  # 50,000 / 3,250: 15
    sources, drawn = clusters_module._sources(component, 2000, seed=1)
    assert len(sources) == sum(drawn) and drawn.tolist() == [40, 10, 10]  # (50 at least,
    # 10 in each)


def test_a_large_cooperation_graph_gets_sampled_betweenness_brokers(store, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setattr(clusters_module, "IGRAPH_EXACT_MAX_NODES", 100)
    monkeypatch.setattr(clusters_module, "BETWEENNESS_SAMPLE", 50)
    generate(600, seed=2, out_dir=tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    report = clusters(store, method="igraph")
    assert report.betweenness_sample == 50  # (of some 400 nodes)
    assert report == clusters(store, method="igraph")  # the seed decides the sources
    assert any(c.brokers for c in report.clusters)
    assert all(score > 0 for c in report.clusters for score in c.broker_scores.values())
