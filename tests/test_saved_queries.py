"""The saved queries of the Cypher library: listed, described, and right on a small fixture."""

from __future__ import annotations

import json

import pytest

from graphmodel import cypherlib, schema
from graphmodel.dataset import read_dataset
from graphmodel.loader import load
from tests.conftest import SMALL

EXPECTED = {
    "uncovered-by-zone": ({}, [
        {"zone": "(none)", "zone_name": "(none)", "unit": "e-unknown", "name": "未知企業",
         "party_members": None, "work_coverage": False},
        {"zone": "(none)", "zone_name": "(none)", "unit": "soc-1", "name": "創業者協會",
         "party_members": 2, "work_coverage": True},
        {"zone": "z-north", "zone_name": "北區", "unit": "e-mid", "name": "中型公司",
         "party_members": 4, "work_coverage": False},
        {"zone": "z-north", "zone_name": "北區", "unit": "inc-1", "name": "創新孵化器",
         "party_members": 0, "work_coverage": False}]),
    "should-build": ({}, [
        {"unit": "e-mid", "name": "中型公司", "party_members": 4, "current_modes": []}]),
    "coverage-by-mode": ({}, [
        {"mode": "joint", "units": 1, "organizations": 1},
        {"mode": "standalone", "units": 1, "organizations": 1}]),
    "joint-branches": ({}, [
        {"organization": "po-street", "name": "東街兩新黨委", "level": "committee",
         "unit_count": 1, "units": ["e-shop"], "unit_names": ["小商店"]}]),
    "incubation-network": ({"incubator": "inc-1"}, [
        {"relationship": "INCUBATES", "outgoing": True, "label": "Enterprise", "id": "e-mid",
         "name": "中型公司"},
        {"relationship": "PARTNERS_WITH", "outgoing": True, "label": "University",
         "id": "uni-1", "name": "東方學院"},
        {"relationship": "SERVES", "outgoing": False, "label": "ServiceBody", "id": "svc-1",
         "name": "促進中心"}]),
    "university-partners": ({"university": "uni-1"}, [
        {"label": "Incubator", "id": "inc-1", "name": "創新孵化器", "since": None,
         "note": None}]),
    "isolated-units": ({}, [
        {"label": "Enterprise", "unit": "e-big", "name": "大工廠"},
        {"label": "Enterprise", "unit": "e-unknown", "name": "未知企業"}]),
    "party-hierarchy": ({"organization": "po-street"}, [
        {"organization": "po-big", "name": "大工廠黨委", "level": "committee", "depth": 1}]),
    "shortest-chain": ({"source": "svc-1", "target": "e-mid"}, [
        {"ids": ["svc-1", "inc-1", "e-mid"], "names": ["促進中心", "創新孵化器", "中型公司"],
         "types": ["SERVES", "INCUBATES"], "steps": 2}]),
    "served-units": ({"body": "svc-1"}, [
        {"label": "Incubator", "unit": "inc-1", "name": "創新孵化器", "note": None}]),
    "formation-by-street": ({}, [
        {"street": "(none)", "street_name": "(none)", "in_scope": 1, "covered": 0,
         "formation_rate": 0.0},
        {"street": "s-east", "street_name": "東街", "in_scope": 5, "covered": 2,
         "formation_rate": 0.4}]),
}


def test_every_saved_query_has_a_header_and_an_expected_answer():
    queries = cypherlib.saved_queries()
    assert len(queries) >= 10
    assert sorted(q.name for q in queries) == sorted(EXPECTED)
    for q in queries:
        assert q.path == f"queries/{q.name}.cypher"
        assert len(q.description) > 30, q.name
        assert set(EXPECTED[q.name][0]) <= set(q.params), q.name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_query_answers_on_the_small_fixture(store, name):
    load(store, read_dataset(SMALL))
    params, expected = EXPECTED[name]
    query = cypherlib.saved_query(name)
    result = store.run(store.library_file(query.path).text,
                       cypherlib.bind(query, params))
    assert result.records() == expected


def test_cli_runs_a_saved_query_with_parameters(cli):
    cli("load", str(SMALL))
    result = cli("query", "--saved", "should-build", "-p", "min_members=5", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    result = cli("query", "--saved", "incubation-network", "-p", "incubator=inc-1",
                 "--format", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["e-mid", "uni-1", "svc-1"]


def test_cli_saved_query_errors_name_what_is_missing(cli):
    missing = cli("query", "--saved", "party-hierarchy")
    assert missing.exit_code == 2 and "needs -p organization=..." in missing.stderr
    unknown = cli("query", "--saved", "party-hierarchy", "-p", "org=x")
    assert unknown.exit_code == 2 and "has no parameter 'org'" in unknown.stderr
    nope = cli("query", "--saved", "no-such-query")
    assert nope.exit_code == 2 and "uncovered-by-zone" in nope.stderr


def test_cli_lists_saved_queries_with_parameters(cli):
    listed = cli("query", "--list", "--format", "json")
    entries = {e["name"]: e for e in json.loads(listed.stdout)}
    assert entries["should-build"]["defaults"] == {"min_members": 3}
    assert "incubator" in entries["incubation-network"]["params"]
    text = cli("query", "--list").stdout
    assert "-p university=..." in text


def test_schema_files_cover_every_label():
    for engine in ("neo4j", "falkordb"):
        text = cypherlib.read(f"schema/{engine}.cypher").text
        for label in schema.LABELS.values():
            assert f"(n:{label})" in text, (engine, label)


# On the Pingfang example: one column of each answer, checked by hand against its README.
PINGFANG = {
    "uncovered-by-zone": ({}, "unit", ["inc-haxin", "org-entrepreneurs-assoc",
                                       "ent-changyou-tiandi"]),
    "should-build": ({}, "unit", []),  # the article gives no member counts
    "coverage-by-mode": ({}, "units", [1, 4]),
    "joint-branches": ({}, "units", [["ent-jiajiawang"]]),
    "incubation-network": ({"incubator": "inc-haxin"}, "id", [
        "uni-east", "uni-minzu", "po-animation-base-general-branch",
        "svc-productivity-center"]),
    "university-partners": ({"university": "uni-east"}, "id", ["inc-haxin"]),
    "isolated-units": ({}, "unit", ["ent-changan-ford", "ent-hafei-airbus", "ent-hit-robot",
                                    "ent-jiajiawang", "ent-yuchang-food",
                                    "org-entrepreneurs-assoc"]),
    "party-hierarchy": ({"organization": "po-xinwei-committee"}, "organization", [
        "po-xinwei-machining-branch", "po-xinwei-retail-branch", "po-xinwei-weaving-branch"]),
    "shortest-chain": ({"source": "uni-east", "target": "ent-changyou-tiandi"}, "types", [
        ["PARTNERS_WITH", "SERVES", "PARTNERS_WITH"]]),
    "served-units": ({"body": "po-animation-base-general-branch"}, "unit", [
        "ent-changyou-tiandi", "inc-haxin"]),
    "formation-by-street": ({}, "formation_rate", [0.667, 0.5]),
}


@pytest.mark.parametrize("name", sorted(PINGFANG))
def test_saved_query_answers_on_the_pingfang_example(store, name):
    from graphmodel.demo import example_path

    load(store, read_dataset(example_path("pingfang")))
    params, column, expected = PINGFANG[name]
    query = cypherlib.saved_query(name)
    result = store.run(store.library_file(query.path).text,
                       cypherlib.bind(query, params))
    assert [record[column] for record in result.records()] == expected


def test_every_saved_query_is_checked_on_pingfang():
    assert sorted(PINGFANG) == sorted(EXPECTED)
