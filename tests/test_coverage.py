"""Coverage: hand-computed answers on the small fixture, the target gap, and Pingfang."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from graphmodel.analysis import coverage as coverage_module
from graphmodel.analysis.coverage import coverage
from graphmodel.analysis.projection import Projection, project
from graphmodel.dataset import read_dataset
from graphmodel.demo import example_path
from graphmodel.loader import load
from graphmodel.synth import generate
from tests.conftest import SMALL

# (group, in_scope, covered, standalone, joint, work_only, uncovered) per grouping, worked out
# from tests/data/small by hand: covered e-big (standalone) and e-shop (joint); soc-1 is
# guided only; e-mid, e-unknown and inc-1 are uncovered.
EXPECTED = {
    "street": [("s-east", 5, 2, 1, 1, 1, 2), ("(none)", 1, 0, 0, 0, 0, 1)],
    "zone": [("z-north", 3, 1, 1, 0, 0, 2), ("(none)", 3, 1, 0, 1, 1, 1)],
    "industry": [("machining", 1, 1, 1, 0, 0, 0), ("retail", 3, 1, 0, 1, 0, 2),
                 ("services", 1, 0, 0, 0, 0, 1), ("(none)", 1, 0, 0, 0, 1, 0)],
    "size": [("above_scale", 1, 1, 1, 0, 0, 0), ("individual", 1, 1, 0, 1, 0, 0),
             ("micro", 1, 0, 0, 0, 0, 1), ("sme", 1, 0, 0, 0, 0, 1),
             ("(none)", 2, 0, 0, 0, 1, 1)],
}


@pytest.mark.parametrize("by", sorted(EXPECTED))
def test_coverage_groups_by_hand(store, by):
    load(store, read_dataset(SMALL))
    report = coverage(store, by=by)
    got = [(r.group, r.in_scope, r.covered, r.standalone, r.joint, r.work_only, r.uncovered)
           for r in report.groups]
    assert got == EXPECTED[by]
    total = report.total
    assert (total.in_scope, total.covered, total.work_only, total.uncovered) == (6, 2, 1, 3)
    assert total.formation_rate == round(2 / 6, 6)
    assert total.double_coverage_rate == 0.5


def test_target_gap_is_the_ceiling_of_units_still_needed(store):
    load(store, read_dataset(SMALL))
    report = coverage(store, by="street", target=0.68)
    # s-east: ceil(0.68 * 5) = 4 needed, 2 covered; (none): ceil(0.68) = 1; total ceil(4.08)=5
    assert [(r.group, r.gap) for r in report.groups] == [("s-east", 2), ("(none)", 1)]
    assert report.total.gap == 3
    assert coverage(store, target=0.2).total.gap == 0  # already above the target


def test_gap_uses_exact_arithmetic():
    graph = nx.MultiDiGraph()
    graph.add_node("p", type="party_org", name="黨委")
    for i in range(10):
        graph.add_node(f"e{i}", type="enterprise", name=f"企業{i}")
        if i < 7:
            graph.add_edge("p", f"e{i}", key="COVERS", type="COVERS", mode="joint")
    # 0.7 * 10 is 7.000000000000001 in floating point; 7 covered units meet the target
    assert coverage(Projection(graph), target=0.7).total.gap == 0


def test_the_pingfang_example_gives_the_figures_its_readme_states(store):
    load(store, read_dataset(example_path("pingfang")))
    total = coverage(store).total
    assert (total.in_scope, total.covered, total.standalone, total.joint, total.uncovered) == \
        (8, 5, 4, 1, 3)
    assert total.formation_rate == 0.625
    readme = (example_path("pingfang") / "README.md").read_text(encoding="utf-8")
    assert "5 of 8 in-scope units" in readme and "62.5%" in readme


def test_cli_coverage_json_shape(cli):
    cli("load", str(SMALL))
    result = cli("coverage", "--by", "zone", "--target", "0.68", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["by"], data["target"]) == ("zone", 0.68)
    keys = {"group", "name", "in_scope", "covered", "standalone", "joint", "affiliated",
            "entrusted", "work_only", "uncovered", "formation_rate", "double_coverage_rate",
            "gap"}
    assert set(data["total"]) == keys and all(set(g) == keys for g in data["groups"])
    assert data["groups"][0]["name"] == "北區"
    again = cli("coverage", "--by", "zone", "--target", "0.68", "--format", "json")
    assert again.stdout == result.stdout


def test_cli_coverage_table_and_bad_target(cli):
    cli("load", str(SMALL))
    table = cli("coverage", "--by", "street")
    assert "東街" in table.stdout and "40.0%" in table.stdout
    bad = cli("coverage", "--target", "68")
    assert bad.exit_code == 2 and "between 0 and 1" in bad.stderr
    assert cli("coverage", "--target", "seventy").exit_code == 2
    percent = cli("coverage", "--by", "zone", "--target", "68%", "--format", "json")
    fraction = cli("coverage", "--by", "zone", "--target", "0.68", "--format", "json")
    assert json.loads(percent.stdout) == json.loads(fraction.stdout)  # 68% is 0.68


@pytest.mark.parametrize("dataset", ["small", "pingfang", "synthetic"])
def test_counting_in_the_database_agrees_with_counting_in_python(store, tmp_path, dataset):
    if dataset == "synthetic":
        folder = tmp_path / "district"
        generate(3000, 7, folder)
    else:
        folder = SMALL if dataset == "small" else example_path("pingfang")
    load(store, read_dataset(folder))
    projection = project(store)
    for by in (None, "zone", "street", "industry", "size"):
        assert coverage(store, by=by, target=0.68) == coverage(projection, by=by, target=0.68)


def test_both_ways_of_counting_in_the_database_agree_on_the_embedded_engine(store, tmp_path):
    """FalkorDB counts from integer columns; Neo4j aggregates in Cypher (coverage.cypher).

    No Neo4j server runs here, so the Cypher statement is checked on FalkorDB, which runs it
    too: both must give every group's counts. The district has units covered several times,
    in several modes, and in more than one street.
    """
    if store.dialect != "falkordb":
        pytest.skip("the columnar counting is FalkorDB's")
    generate(3000, 11, tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    # give some units a second COVERS (a lower and a higher mode rank than their own) and a
    # second street or zone (a smaller and a larger id than their own), and some guided ones
    # a COVERS edge from a node that is no party organization (it must not count)
    store.run("""
        MATCH (p:PartyOrg) WITH p ORDER BY p.id LIMIT 1
        MATCH (u:Enterprise)<-[c:COVERS]-(q:PartyOrg) WHERE q <> p
        WITH p, u, c ORDER BY u.id LIMIT 40
        CREATE (p)-[:COVERS {mode: CASE c.mode WHEN 'standalone' THEN 'entrusted'
                                                ELSE 'standalone' END}]->(u)""", write=True)
    for area in ("Street", "Zone"):
        store.run(f"""
            MATCH (u:Enterprise) WITH u ORDER BY u.id LIMIT 60
            MATCH (a:{area}) WITH u, collect(a) AS areas
            WITH u, areas[size(areas) / 2] AS area
            CREATE (u)-[:LOCATED_IN]->(area)""", write=True)
    store.run("""
        MATCH (u:Enterprise)<-[:GUIDES]-() WITH u LIMIT 10 MATCH (s:Street) WITH u, s LIMIT 10
        CREATE (s)-[:COVERS {mode: 'standalone'}]->(u)""", write=True)
    # zones with integer ids (9 sorts before 10 as a number, not as text), and a service
    # body, no unit, in a zone and a street with the largest node id of the graph
    store.run("CREATE (:Zone {id: 10, name: 'ten'}), (:Zone {id: 9, name: 'nine'})",
              write=True)
    store.run("""
        MATCH (u:Enterprise) WITH u ORDER BY u.id DESC LIMIT 5
        MATCH (z:Zone) WHERE z.id IN [9, 10] CREATE (u)-[:LOCATED_IN]->(z)""", write=True)
    store.run("""
        MATCH (z:Zone), (s:Street) WITH z, s ORDER BY z.id, s.id LIMIT 1
        CREATE (z)<-[:LOCATED_IN]-(:ServiceBody {id: 'sb-last'})-[:LOCATED_IN]->(s)""",
              write=True)
    covered_twice = store.run("MATCH (u)<-[c:COVERS]-(:PartyOrg) WITH u, count(c) AS n "
                              "WHERE n > 1 RETURN count(u)").rows[0][0]
    in_two_streets = store.run("MATCH (u)-[:LOCATED_IN]->(s:Street) WITH u, count(s) AS n "
                               "WHERE n > 1 RETURN count(u)").rows[0][0]
    assert covered_twice >= 40 and in_two_streets >= 50
    units = store.run("MATCH (u) WHERE u:Enterprise OR u:Incubator OR u:SocialOrg "
                      "RETURN count(u)").rows[0][0]
    for by in (None, "zone", "street", "industry", "size"):
        columns = coverage_module._count_in_columns(store.columns(), by)
        assert columns == coverage_module._count_by_cypher(store, by), by
        assert sum(sum(counts.values()) for counts in columns.values()) == units


def test_area_ids_that_are_not_text_are_grouped_as_the_projection_groups_them(store):
    """A user's query wrote numbers as zone ids; a unit in two zones goes under the smallest
    id as text, on every path (Cypher would order the numbers 7 < 10, text '10' < '7')."""
    load(store, read_dataset(SMALL))
    store.run("CREATE (:Zone {id: 7, type: 'zone', name: '七'}), "
              "(:Zone {id: 10, type: 'zone', name: '十'})", write=True)
    store.run("MATCH (e:Enterprise {id: 'e-shop'}), (z:Zone) WHERE z.id IN [7, 10] "
              "CREATE (e)-[:LOCATED_IN]->(z)", write=True)
    projection = project(store)
    for by in ("zone", "street"):
        assert coverage(store, by=by) == coverage(projection, by=by)
    groups = {row.group: row for row in coverage(store, by="zone").groups}
    assert groups["10"].in_scope == 1 and groups["10"].name == "十"
    assert groups["7"].in_scope == 0  # (listed, as every zone is, with no unit under it)


def test_every_zone_and_street_is_listed_those_without_units_with_0(store):
    load(store, read_dataset(SMALL))
    store.run("CREATE (:Zone {id: 'z-empty', name: '空片區'}), (:Street {id: 's-empty'})",
              write=True)
    projection = project(store)
    for by in ("zone", "street"):
        report = coverage(store, by=by, target=0.68)
        assert report == coverage(projection, by=by, target=0.68)
        [empty] = [row for row in report.groups if row.group.endswith("-empty")]
        assert (empty.in_scope, empty.covered, empty.formation_rate, empty.gap) == (0, 0, None,
                                                                                    0)
    assert [row.name for row in coverage(store, by="zone").groups
            if row.group == "z-empty"] == ["空片區"]
