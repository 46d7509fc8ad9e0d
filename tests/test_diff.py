"""Two versions of a register compared: alerts and totals worked out by hand, the same from
files and from a graph in the store."""

from __future__ import annotations

import json

from graphmodel.dataset import read_dataset
from graphmodel.diffing import Register, compare
from graphmodel.loader import load
from tests.analysis_helpers import area, org, rel, write_rows

JOINT = [f"j{n}" for n in range(1, 7)]
COMMON = [area("s1", name="東街"),
          org("po", "party_org", level="branch", street="s1"),
          org("po-j", "party_org", level="branch", street="s1"),
          org("e-lost", name="失聯公司", members=3, street="s1"),
          org("e-gain", members=2, street="s1"), org("e-iso", street="s1"),
          org("uni", "university"),
          *(org(j, members=1, street="s1") for j in JOINT[:5])]
OLD = [*COMMON, org("e-gone", street="s1"), org("e-closing", street="s1"),
       org("e-grow", members=1, street="s1")]
NEW = [*COMMON, org("e-new", street="s1"), org("e-closing", street="s1", closed="2017-03-01"),
       org("e-grow", members=4, street="s1"), org(JOINT[5], members=1, street="s1")]
OLD_RELS = [rel("po", "e-grow", "COVERS", "joint"), rel("po", "e-lost", "COVERS", "standalone"),
            rel("e-iso", "uni", "PARTNERS_WITH"),
            *(rel("po-j", j, "COVERS", "joint") for j in JOINT[:5])]
NEW_RELS = [rel("po", "e-grow", "COVERS", "joint"), rel("po", "e-gain", "COVERS", "affiliated"),
            *(rel("po-j", j, "COVERS", "joint") for j in JOINT)]

EXPECTED_ALERTS = [("unit_added", "e-new"), ("unit_added", "j6"),
                   ("unit_closed", "e-closing"), ("unit_closed", "e-gone"),
                   ("members_reached_3", "e-grow"), ("coverage_lost", "e-lost"),
                   ("coverage_gained", "e-gain"), ("newly_isolated", "e-iso"),
                   ("joint_group_over_5", "po-j")]


def versions(tmp_path):
    return (write_rows(tmp_path / "old", OLD, OLD_RELS),
            write_rows(tmp_path / "new", NEW, NEW_RELS))


def test_alerts_and_totals_worked_out_by_hand(tmp_path):
    old, new = (Register.of_dataset(read_dataset(p)) for p in versions(tmp_path))
    report = compare(old, new, day="2017-07-31")
    assert [(a.kind, a.unit) for a in report.alerts] == EXPECTED_ALERTS
    assert report.alerts[5].name == "失聯公司"
    # OLD: 11 units, 7 covered (e-grow, e-lost, j1-j5); NEW on 2017-07-31: e-closing closed,
    # 11 units, 8 covered (e-grow, e-gain, j1-j6)
    assert report.before == {"in_scope": 11, "covered": 7, "work_only": 0,
                             "formation_rate": 0.636364}
    assert report.after == {"in_scope": 11, "covered": 8, "work_only": 0,
                            "formation_rate": 0.727273}
    changes = report.changes
    assert changes["organizations_added"] == ["e-new", "j6"]
    assert changes["organizations_gone"] == ["e-gone"]
    assert {c["id"]: c["fields"] for c in changes["organizations_changed"]} == {
        "e-closing": {"closed": [None, "2017-03-01"]}, "e-grow": {"party_members": [1, 4]}}
    assert changes["relationships_removed"] == [["e-gone", "LOCATED_IN", "s1"],
                                                ["e-iso", "PARTNERS_WITH", "uni"],
                                                ["po", "COVERS", "e-lost"]]
    assert changes["relationships_added"] == [["e-new", "LOCATED_IN", "s1"],
                                              ["j6", "LOCATED_IN", "s1"],
                                              ["po", "COVERS", "e-gain"],
                                              ["po-j", "COVERS", "j6"]]
    # before the closing day, e-closing still counts
    assert compare(old, new, day="2017-02-28").after["in_scope"] == 12


def test_a_graph_in_the_store_compares_as_its_register(store, tmp_path, cli):
    old_path, new_path = versions(tmp_path)
    load(store, read_dataset(old_path))
    from_files = compare(*(Register.of_dataset(read_dataset(p)) for p in (old_path, new_path)),
                         day="2017-07-31")
    from_graph = compare(Register.of_graph(store), Register.of_dataset(read_dataset(new_path)),
                         day="2017-07-31")
    assert from_graph.alerts == from_files.alerts and from_graph.after == from_files.after
    assert from_graph.changes == from_files.changes
    graph = f"graph:{store.graph}" if store.graph else "graph:neo4j"
    result = cli("diff", graph, str(new_path), "--as-of", "2017-07-31", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(a["kind"], a["unit"]) for a in data["alerts"]] == EXPECTED_ALERTS
    assert set(data["alerts"][0]) == {"kind", "unit", "name", "detail"}
    assert data["before"]["covered"] == 7 and data["after"]["formation_rate"] == 0.727273
    table = cli("diff", str(old_path), str(new_path), "--as-of", "2017-07-31").stdout
    assert "coverage_lost" in table and "失聯公司" in table and "9 alerts" in table


def test_a_side_that_is_not_there_is_an_error(cli, tmp_path):
    old_path, _ = versions(tmp_path)
    result = cli("diff", str(old_path), "graph:nosuchgraph")
    assert result.exit_code == 2 and "no graph 'nosuchgraph'" in result.stderr
    result = cli("diff", str(old_path), str(tmp_path / "missing"))
    assert result.exit_code == 2 and "missing" in result.stderr


def test_the_diff_in_chinese_with_the_same_json(tmp_path):
    from click.testing import CliRunner

    from graphmodel.cli import main

    old_path, new_path = versions(tmp_path)
    runner = CliRunner()
    args = ["diff", str(old_path), str(new_path), "--as-of", "2017-07-31"]
    chinese = runner.invoke(main, ["--lang", "zh-Hant", *args])
    assert chinese.exit_code == 0, chinese.output
    assert "失去覆蓋" in chinese.stdout and "單獨組建 -> 未覆蓋" in chinese.stdout
    assert "9 條提醒" in chinese.stdout
    same = [runner.invoke(main, [*lang, *args, "--format", "json"]).stdout
            for lang in ([], ["--lang", "zh"])]
    assert same[0] == same[1]
