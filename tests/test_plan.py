"""The formation plan on hand-built graphs whose answers were worked out by hand."""

from __future__ import annotations

import json

from graphmodel.analysis import plan as plan_module
from graphmodel.analysis.plan import PLAN_TYPES, plan
from graphmodel.analysis.projection import project
from graphmodel.dataset import read_dataset
from graphmodel.loader import load
from graphmodel.synth import generate
from tests.analysis_helpers import area, load_rows, org, rel


def rows_by_unit(report) -> dict[str, tuple]:
    return {r.unit: (r.action, r.level, r.group, r.host) for r in report.recommendations}


def test_standalone_levels_survey_and_should_build(store, tmp_path):
    orgs = [org(f"s{n:03d}", members=n) for n in (3, 50, 51, 99, 100)] + [
        org("po-j", "party_org", level="branch"),
        org("work-4", members=4),          # only GUIDED: still gets its own organization
        org("unknown", members=None),      # survey, even when GUIDED
        org("sb-joint", members=5),
        org("sb-aff", members=120),
        org("sb-both", members=60),        # joint and affiliated: still no own organization
        org("ent-4", members=4),           # entrusted: not should_build
        org("std-4", members=4),           # standalone (and joint): nothing to do
        org("small-2", members=2),         # covered jointly with 2 members: nothing to do
    ]
    rels = [rel("po-j", "work-4", "GUIDES"), rel("po-j", "unknown", "GUIDES"),
            rel("po-j", "sb-joint", "COVERS", "joint"),
            rel("po-j", "sb-aff", "COVERS", "affiliated"),
            rel("po-j", "sb-both", "COVERS", "joint"),
            rel("po-j", "ent-4", "COVERS", "entrusted"),
            rel("po-j", "std-4", "COVERS", "joint"),
            rel("po-j", "small-2", "COVERS", "joint")]
    # a second organization for the units covered twice
    orgs.append(org("po-k", "party_org", level="branch"))
    rels += [rel("po-k", "sb-both", "COVERS", "affiliated"),
             rel("po-k", "std-4", "COVERS", "standalone")]
    load_rows(store, tmp_path / "a", orgs, rels)
    report = plan(store)
    assert [(r.unit, r.action, r.level) for r in report.recommendations] == [
        ("s003", "standalone", "branch"),
        ("s050", "standalone", "branch"),
        ("s051", "standalone", "general_branch"),
        ("s099", "standalone", "general_branch"),
        ("s100", "standalone", "committee"),
        ("work-4", "standalone", "branch"),
        ("unknown", "survey", None),
        ("sb-aff", "should_build", "committee"),
        ("sb-both", "should_build", "general_branch"),
        ("sb-joint", "should_build", "branch"),
    ]
    assert report.groups == []
    assert report.summary == {"standalone": 6, "joint": 0, "affiliated": 0, "instructor": 0,
                              "survey": 1, "should_build": 3}
    row = next(r for r in report.recommendations if r.unit == "sb-both")
    assert "affiliated/joint" in row.reason and row.party_members == 60


def test_joint_groups_cap_balance_industry_and_leftovers(store, tmp_path):
    orgs = [area("s-shop"), area("s-mix"), area("s-full"), area("s-two"), area("s-lone"),
            area("s-five"),
            area("z1", "zone")]
    # 7 one-member shops: one street, one industry -> 4 + 3 (balanced; never 5 + 2 leftovers)
    orgs += [org(f"r{i}", industry="retail", members=1, street="s-shop", zone="z1")
             for i in range(1, 8)]
    # same industry first although ids interleave; the 2-member textile unit joins the
    # smallest group with room, the earlier one (food, as industries are sorted)
    orgs += [org("mx-1", industry="food", members=1, street="s-mix"),
             org("mx-2", industry="retail", members=1, street="s-mix"),
             org("mx-3", industry="food", members=1, street="s-mix"),
             org("mx-4", industry="retail", members=1, street="s-mix"),
             org("mx-5", industry="food", members=1, street="s-mix"),
             org("mx-6", industry="retail", members=1, street="s-mix"),
             org("mx-7", industry="textile", members=2, street="s-mix")]
    # 5 retail fill a group; the lone food unit splits it: 5 + 1 -> 3 + 3
    orgs += [org(f"f-{i}", industry="retail", members=1, street="s-full") for i in range(1, 6)]
    orgs += [org("f-0", industry="food", members=1, street="s-full")]
    # exactly 5 units: one full group
    orgs += [org(f"five-{i}", industry="food", members=1, street="s-five") for i in range(1, 6)]
    # two units with 2 + 1 members: a group of 2 of mixed industries
    orgs += [org("p-1", industry="retail", members=2, street="s-two"),
             org("p-2", industry="food", members=1, street="s-two")]
    # two one-member units cannot reach 3 members: both affiliated
    orgs += [org("l-1", industry="retail", members=1, street="s-lone"),
             org("l-2", industry="retail", members=1, street="s-lone"),
             org("po-lone", "party_org", level="branch", industry="retail", street="s-lone")]
    load_rows(store, tmp_path / "d", orgs)
    report = plan(store)
    groups = {g.id: (g.units, g.party_members, g.street, g.zone, g.industry)
              for g in report.groups}
    assert groups == {
        "joint-s-full-1": (["f-0", "f-1", "f-2"], 3, "s-full", None, None),
        "joint-s-five-1": ([f"five-{i}" for i in range(1, 6)], 5, "s-five", None, "food"),
        "joint-s-full-2": (["f-3", "f-4", "f-5"], 3, "s-full", None, "retail"),
        "joint-s-mix-1": (["mx-1", "mx-3", "mx-5", "mx-7"], 5, "s-mix", None, None),
        "joint-s-mix-2": (["mx-2", "mx-4", "mx-6"], 3, "s-mix", None, "retail"),
        "joint-s-shop-1": (["r1", "r2", "r3", "r4"], 4, "s-shop", "z1", "retail"),
        "joint-s-shop-2": (["r5", "r6", "r7"], 3, "s-shop", "z1", "retail"),
        "joint-s-two-1": (["p-1", "p-2"], 3, "s-two", None, None),
    }
    assert [g.id for g in report.groups] == sorted(groups)
    rows = rows_by_unit(report)
    assert rows["r5"] == ("joint", "branch", "joint-s-shop-2", None)
    assert rows["l-1"] == rows["l-2"] == ("affiliated", None, None, "po-lone")
    assert "2 candidate unit(s), 2 member(s)" in next(
        r.reason for r in report.recommendations if r.unit == "l-1")
    joint_units = [r.unit for r in report.recommendations if r.action == "joint"]
    assert len(joint_units) == len(set(joint_units)) == 27
    assert all(len(g.units) <= 5 and g.party_members >= 3 for g in report.groups)


def test_affiliated_host_tiers(store, tmp_path):
    orgs = [area("s1"), area("s2"), area("s3"), area("s4"), area("z1", "zone"),
            area("z2", "zone"),
            org("po-a-s1", "party_org", level="committee", street="s1"),
            org("po-cover", "party_org", level="branch", street="s1"),
            org("po-retail", "party_org", level="branch", industry="retail", street="s1"),
            org("po-s2", "party_org", level="branch", industry="retail", street="s2"),
            org("po-z1", "party_org", level="branch", zone="z1"),
            org("big-food", industry="food", members=10, street="s1"),
            # s1: two one-member units (2 members in all: no joint group)
            org("u-retail", industry="retail", members=1, street="s1", zone="z1"),
            org("u-food", name="食品小店", industry="food", members=1, street="s1", zone="z1"),
            org("u-textile", industry="textile", members=1, street="s2", zone="z1"),
            org("u-s3", industry="retail", members=2, street="s3", zone="z1"),
            org("u-s4", members=2, street="s4", zone="z2"),
            org("u-nowhere", members=1)]
    load_rows(store, tmp_path / "h", orgs, [rel("po-cover", "big-food", "COVERS", "standalone")])
    report = plan(store)
    rows = {r.unit: r for r in report.recommendations}
    assert set(rows) == {"u-retail", "u-food", "u-textile", "u-s3", "u-s4", "u-nowhere"}
    assert {u: (r.action, r.host) for u, r in rows.items()} == {
        "u-retail": ("affiliated", "po-retail"),   # same street and industry (property)
        "u-food": ("affiliated", "po-cover"),      # same street and industry (what it COVERS)
        "u-textile": ("affiliated", "po-s2"),      # same street
        "u-s3": ("affiliated", "po-z1"),           # same zone
        "u-s4": ("affiliated", None),
        "u-nowhere": ("affiliated", None),
    }
    assert "same street and industry" in rows["u-food"].reason
    assert rows["u-food"].name == "食品小店" and rows["u-food"].host_name == "po-cover"
    assert "no party organization in street s4 or zone z2" in rows["u-s4"].reason
    assert "no street or zone" in rows["u-nowhere"].reason
    assert report.groups == []


def test_instructor_from_street_committee_else_zone_else_none(store, tmp_path):
    orgs = [area("s1"), area("s2"), area("s3"), area("z1", "zone"), area("z2", "zone"),
            org("po-c2", "party_org", level="committee", street="s1"),
            org("po-c1", "party_org", level="committee", street="s1"),
            org("po-b0", "party_org", level="branch", street="s1"),
            org("po-b2", "party_org", level="branch", street="s2"),
            org("po-zc", "party_org", level="committee", zone="z1"),
            org("u0-a", members=0, street="s1", zone="z2"),
            org("u0-b", members=0, street="s2", zone="z1"),
            org("u0-c", members=0, street="s3", zone="z2"),
            org("u0-d", members=0),
            org("u0-z", members=0, zone="z1"),
            org("u0-guided", members=0, street="s1")]
    load_rows(store, tmp_path / "i", orgs, [rel("po-c1", "u0-guided", "GUIDES")])
    report = plan(store)
    rows = {r.unit: r for r in report.recommendations}
    assert {u: (r.action, r.host) for u, r in rows.items()} == {
        "u0-a": ("instructor", "po-c1"),     # two committees in s1: ties by id
        "u0-b": ("instructor", "po-zc"),     # no committee in s2: the zone's
        "u0-c": ("instructor", None),
        "u0-d": ("instructor", None),
        "u0-z": ("instructor", "po-zc"),     # no street: the zone's
        "u0-guided": ("instructor", "po-c1"),  # guided already: its guide, marked existing
    }
    assert [u for u, r in rows.items() if r.existing] == ["u0-guided"]
    assert "already" in rows["u0-guided"].reason
    assert "committee of street s1" in rows["u0-a"].reason
    assert "none exists: no committee in street s3 or zone z2" in rows["u0-c"].reason
    assert "none exists: the unit has no street" in rows["u0-d"].reason


def test_units_without_street_group_by_zone(store, tmp_path):
    orgs = [area("s1"), area("z1", "zone"),
            org("po-x", "party_org", level="committee", zone="z1"),
            org("z-a", industry="retail", members=1, zone="z1"),
            org("z-b", industry="retail", members=1, zone="z1"),
            org("z-c", industry="food", members=1, zone="z1"),   # work coverage only
            org("in-street", members=1, street="s1", zone="z1"),
            org("nowhere", members=2)]
    load_rows(store, tmp_path / "z", orgs, [rel("po-x", "z-c", "GUIDES")])
    report = plan(store)
    assert [(g.id, g.units, g.party_members, g.street, g.zone, g.industry)
            for g in report.groups] == [
        ("joint-z1-1", ["z-a", "z-b", "z-c"], 3, None, "z1", None)]
    rows = rows_by_unit(report)
    assert rows == {
        "z-a": ("joint", "branch", "joint-z1-1", None),
        "z-b": ("joint", "branch", "joint-z1-1", None),
        "z-c": ("joint", "branch", "joint-z1-1", None),
        "in-street": ("affiliated", None, None, "po-x"),   # alone in s1; host by zone
        "nowhere": ("affiliated", None, None, None),
    }


def test_cli_plan_json_table_csv_and_determinism(cli, store, tmp_path):
    orgs = [area("s1"), area("z1", "zone"),
            org("po-c", "party_org", name="東街兩新黨委", level="committee", street="s1"),
            org("big", name="大工廠", members=120, street="s1"),
            org("shop-1", name="小商店一", industry="retail", members=1, street="s1"),
            org("shop-2", name="小商店二", industry="retail", members=1, street="s1"),
            org("shop-3", name="小商店三", industry="retail", members=2, street="s1"),
            org("empty", members=0, street="s1"),
            org("unk", members=None, zone="z1")]
    load_rows(store, tmp_path / "c", orgs)
    first = cli("plan", "--format", "json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert [{k: r[k] for k in ("unit", "action", "level", "group", "host")}
            for r in data["recommendations"]] == [
        {"unit": "big", "action": "standalone", "level": "committee", "group": None,
         "host": None},
        {"unit": "shop-1", "action": "joint", "level": "branch", "group": "joint-s1-1",
         "host": None},
        {"unit": "shop-2", "action": "joint", "level": "branch", "group": "joint-s1-1",
         "host": None},
        {"unit": "shop-3", "action": "joint", "level": "branch", "group": "joint-s1-1",
         "host": None},
        {"unit": "empty", "action": "instructor", "level": None, "group": None,
         "host": "po-c"},
        {"unit": "unk", "action": "survey", "level": None, "group": None, "host": None},
    ]
    assert all({"name", "reason"} <= set(r) for r in data["recommendations"])
    assert data["recommendations"][0]["name"] == "大工廠"
    assert data["groups"] == [{"id": "joint-s1-1", "units": ["shop-1", "shop-2", "shop-3"],
                               "party_members": 4, "street": "s1", "zone": None,
                               "industry": "retail"}]
    assert cli("plan", "--format", "json").stdout == first.stdout   # byte for byte
    table = cli("plan").stdout
    assert "大工廠" in table and "joint-s1-1  shop-1, shop-2, shop-3" in table
    assert "東街兩新黨委" in table
    csv_lines = cli("plan", "--format", "csv").stdout.splitlines()
    assert csv_lines[0].startswith(
        "unit,name,street,street_name,zone,zone_name,action,existing,level,group,host")
    assert len(csv_lines) == 7


def test_every_uncovered_unit_has_a_row_with_its_street_and_zone_and_filters(
        cli, store, tmp_path):
    orgs = [area("s1", name="新偉街"), area("s2", name="平新街"),
            area("z1", "zone", name="工業園片區"), area("z2", "zone", name="平房片區"),
            org("po-c", "party_org", name="新偉街兩新黨委", level="committee", street="s1",
                zone="z1"),
            org("guided", name="小飯館", members=0, street="s1", zone="z1"),
            org("shop-1", members=1, street="s1", zone="z1"),
            org("shop-2", members=2, street="s1", zone="z1"),
            org("big", name="大工廠", members=40, street="s2", zone="z2"),
            org("done", members=5, street="s2", zone="z2"),
            org("unknown", members=None, street="s2", zone="z2")]
    rels = [rel("po-c", "guided", "GUIDES"), rel("po-c", "done", "COVERS", "standalone")]
    load_rows(store, tmp_path / "f", orgs, rels)
    whole = plan(store)
    # every in-scope unit without COVERS has exactly one row; the covered one none
    assert sorted(r.unit for r in whole.recommendations) == [
        "big", "guided", "shop-1", "shop-2", "unknown"]
    by_unit = {r.unit: r for r in whole.recommendations}
    assert (by_unit["guided"].street, by_unit["guided"].street_name, by_unit["guided"].zone,
            by_unit["guided"].zone_name) == ("s1", "新偉街", "z1", "工業園片區")
    assert by_unit["guided"].host_name == "新偉街兩新黨委" and by_unit["guided"].existing
    assert not by_unit["big"].existing
    # filters, by id or by name; the rows are the whole plan's rows
    for given in (("--street", "s2"), ("--street", "平新街"), ("--zone", "平房片區")):
        result = cli("plan", *given, "--format", "json")
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)["recommendations"]
        assert [r["unit"] for r in rows] == ["big", "unknown"]
        assert rows[0] == {**json.loads(json.dumps(by_unit["big"].__dict__))}
    joint = json.loads(cli("plan", "--street", "新偉街", "--format", "json").stdout)
    assert [g["id"] for g in joint["groups"]] == ["joint-s1-1"]
    assert json.loads(cli("plan", "--zone", "平房片區", "--format", "json").stdout)["groups"] == []
    table = cli("plan", "--street", "新偉街").stdout
    assert "新偉街兩新黨委" in table and "工業園片區" in table and "大工廠" not in table
    bad = cli("plan", "--street", "新偉")
    assert bad.exit_code == 2 and "did you mean '新偉街'" in bad.output
    # the column read and the projection give the same plan, filtered or not
    assert plan(project(store)) == whole
    assert plan(store, zone="z2") == plan(project(store), zone="平房片區")


def test_cli_plan_on_an_empty_graph(cli, empty_graph):
    result = cli("plan", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["recommendations"] == [] and data["groups"] == []


def test_the_plan_reads_only_its_relationship_types_and_gives_the_full_graphs_plan(
        store, tmp_path, monkeypatch):
    generate(1500, 11, tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    # a party organization whose industry comes from the units it covers, in one street with
    # cooperation ties beside its COVERS: other types must not change hosts or groups
    for statement in (
        "MATCH (p:PartyOrg) WITH p ORDER BY p.id LIMIT 3 REMOVE p.industry",
        # modes outside the contract, and none, on units with many members, few and none
        "MATCH (:PartyOrg)-[c:COVERS]->(u) WHERE u.party_members >= 3 "
        "WITH c ORDER BY u.id LIMIT 2 SET c.mode = 'odd'",
        "MATCH (:PartyOrg)-[c:COVERS]->(u) WHERE u.party_members < 3 "
        "WITH c ORDER BY u.id LIMIT 2 SET c.mode = 7",
        "MATCH (:PartyOrg)-[c:COVERS]->(u) WITH c ORDER BY u.id SKIP 5 LIMIT 2 "
        "REMOVE c.mode",
        # a unit with no members that is guided and covered in an odd mode
        "MATCH (p:PartyOrg), (u:Enterprise) WHERE u.party_members = 0 "
        "WITH p, u ORDER BY p.id, u.id LIMIT 1 "
        "CREATE (p)-[:GUIDES]->(u), (p)-[:COVERS {mode: 'odd'}]->(u)",
        # a second joint cover of a covered unit with 3+ members (should_build)
        "MATCH (p:PartyOrg)-[c:COVERS {mode: 'joint'}]->(u) WHERE u.party_members >= 3 "
        "WITH u ORDER BY u.id LIMIT 1 MATCH (q:PartyOrg) WHERE NOT (q)-[:COVERS]->(u) "
        "WITH q, u ORDER BY q.id LIMIT 1 CREATE (q)-[:COVERS {mode: 'affiliated'}]->(u)",
        # a unit in a second street, members as a float and a node outside the contract
        "MATCH (u:Enterprise)-[:LOCATED_IN]->(s:Street) WITH u, s ORDER BY u.id LIMIT 1 "
        "MATCH (t:Street) WHERE t <> s WITH u, t ORDER BY t.id LIMIT 1 "
        "CREATE (u)-[:LOCATED_IN]->(t)",
        "MATCH (u:Enterprise) WHERE u.party_members = 2 WITH u ORDER BY u.id LIMIT 1 "
        "SET u.party_members = 2.5",
        "MATCH (u:Enterprise) WITH u ORDER BY u.id LIMIT 1 "
        "CREATE (:Note {id: 'n1'})-[:COVERS {mode: 'joint'}]->(u)",
        # a second COVERS between the same two, odd or without a mode (the projection keeps
        # one per pair), and a number of members no integer column holds
        "MATCH (p:PartyOrg)-[c:COVERS {mode: 'joint'}]->(u) WHERE u.party_members < 3 "
        "WITH p, u ORDER BY u.id LIMIT 2 CREATE (p)-[:COVERS {mode: 'odd'}]->(u)",
        "MATCH (p:PartyOrg)-[c:COVERS]->(u) WHERE u.party_members >= 3 "
        "WITH p, u ORDER BY u.id LIMIT 2 CREATE (p)-[:COVERS]->(u)",
        "MATCH (u:Enterprise) WHERE u.party_members = 1 WITH u ORDER BY u.id LIMIT 1 "
        "SET u.party_members = 1e19",
        # an uncovered unit and a party organization put, last, in a street whose id is the
        # smallest: that street is their street now
        "CREATE (:Street {id: '0-first-street', name: '頭街'})",
        "MATCH (u:Enterprise) WHERE u.party_members = 2 AND NOT ()-[:COVERS]->(u) "
        "WITH u ORDER BY u.id LIMIT 1 MATCH (t:Street {id: '0-first-street'}) "
        "CREATE (u)-[:LOCATED_IN]->(t)",
        "MATCH (p:PartyOrg)-[:LOCATED_IN]->(:Street) WITH p ORDER BY p.id LIMIT 1 "
        "MATCH (t:Street {id: '0-first-street'}) CREATE (p)-[:LOCATED_IN]->(t)",
    ):
        store.run(statement, write=True)
    whole = project(store)
    assert {d["type"] for *_, d in whole.graph.edges(data=True)} > set(PLAN_TYPES)
    asked = []

    def recording(store, rel_types=None):
        asked.append(rel_types)
        return project(store, rel_types)

    monkeypatch.setattr(plan_module, "project", recording)
    report = plan(store)
    # FalkorDB: its own read of a part of the graph; else a projection of the three types
    assert asked == ([] if store.dialect == "falkordb" else [PLAN_TYPES])
    assert report == plan(whole)
    assert {action for action, n in report.summary.items() if n} >= {
        "standalone", "joint", "affiliated", "instructor", "survey"}
    assert any("street 0-first-street" in r.reason for r in report.recommendations)
    # a street whose id is a number: places are then found in the plan's graph, as before
    # (a unit there without members gets an instructor; ids of two kinds cannot be sorted)
    store.run("CREATE (:Enterprise {id: 'e-in-street-7', name: '七街企業', party_members: 0})"
              "-[:LOCATED_IN]->(:Street {id: 7, name: '七街'})", write=True)
    again = plan(store)
    assert again == plan(project(store))
    assert [r.reason for r in again.recommendations if r.unit == "e-in-street-7"] == [
        "no formal members: work coverage by an instructor; none exists: no committee in "
        "street 7"]


def test_a_target_orders_each_streets_rows_and_projects_the_rates(cli, store, tmp_path):
    orgs = [area("s1", name="東街"), area("s2", name="西街"),
            org("po-1", "party_org", level="branch", street="s1"),
            org("po-2", "party_org", level="branch", street="s2"),
            org("done-1", members=5, street="s1"), org("big", members=4, street="s1"),
            org("a", members=1, street="s1"), org("b", members=1, street="s1"),
            org("c", members=1, street="s1"), org("none", members=0, street="s1"),
            org("unknown", street="s1"),
            org("done-2", members=3, street="s2"), org("pair", members=2, street="s2")]
    rels = [rel("po-1", "done-1", "COVERS", "standalone"),
            rel("po-2", "done-2", "COVERS", "standalone")]
    load_rows(store, tmp_path / "t", orgs, rels)
    report = plan(store, target=0.68)
    # 東街: 7 in scope, 1 covered; big (standalone) and a, b, c (one joint branch) make 5 of 7
    assert [(r.unit, r.action, r.rate_after) for r in report.recommendations] == [
        ("big", "standalone", 0.285714), ("a", "joint", 0.428571), ("b", "joint", 0.571429),
        ("c", "joint", 0.714286), ("none", "instructor", None), ("unknown", "survey", None),
        ("pair", "affiliated", 1.0)]
    outlook = report.projection
    by_area = {a.group: a for a in outlook.groups}
    assert (by_area["s1"].in_scope, by_area["s1"].covered, by_area["s1"].units_planned,
            by_area["s1"].units_to_target, by_area["s1"].reaches_target) == (7, 1, 4, 4, True)
    assert (by_area["s2"].formation_rate_before, by_area["s2"].formation_rate_after) == (
        0.5, 1.0)
    total = outlook.total
    assert (total.in_scope, total.covered, total.units_planned, total.units_to_target,
            total.formation_rate_after, total.reaches_target) == (9, 2, 5, 5, 0.777778, True)
    # 5/7 is 0.714285...: compared exactly
    assert plan(store, target=0.714285).projection.groups[0].reaches_target
    assert not plan(store, target=0.714286).projection.groups[0].reaches_target
    data = json.loads(cli("plan", "--target", "68%", "--format", "json").stdout)
    assert {k: data["projection"]["total"][k] for k in (
        "formation_rate_before", "formation_rate_after", "units_planned",
        "reaches_target")} == {"formation_rate_before": 0.222222,
                               "formation_rate_after": 0.777778, "units_planned": 5,
                               "reaches_target": True}
    assert [g["group"] for g in data["projection"]["groups"]] == ["s1", "s2"]
    assert json.loads(cli("plan", "--format", "json").stdout)["projection"] is None
    street = json.loads(cli("plan", "--target", "0.68", "--street", "西街", "--format",
                            "json").stdout)["projection"]
    assert [g["group"] for g in street["groups"]] == ["s2"] and street["total"]["in_scope"] == 2
    table = cli("plan", "--target", "68%").stdout
    assert "projection against the target 68.0%" in table and "71.4%" in table
