"""The examples: Pingfang faithful to the article and loaded by `graphmodel demo`; the synthetic
district what `generate` writes, telling the article's story in time."""

from __future__ import annotations

import csv
import json
from collections import Counter

from click.testing import CliRunner

from graphmodel import schema
from graphmodel.analysis.trend import trend
from graphmodel.cli import main
from graphmodel.dataset import read_dataset
from graphmodel.demo import example_path
from graphmodel.loader import load

PINGFANG = example_path("pingfang")
ARTICLE = (PINGFANG / "article.txt").read_text(encoding="utf-8")


def rows(name: str) -> list[dict[str, str]]:
    with (PINGFANG / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_row_quotes_the_article_verbatim():
    for name in ("organizations.csv", "relationships.csv"):
        for row in rows(name):
            assert row["provenance"], (name, row)
            assert row["provenance"] in ARTICLE, (name, row["provenance"])


def test_the_example_names_what_the_article_names():
    names = {row["name"] for row in rows("organizations.csv")}
    named = [
        "工業園片區", "動漫基地片區", "雲谷片區", "哈平路以東片區",
        "新空間片區", "南崗片區", "新偉街", "長安福特哈爾濱分公司",
        "哈飛空客", "哈工大機器人", "裕昌食品", "佳家旺超市",
        "哈新雙創孵化器", "黑龍江東方學院", "黑龍江民族學院", "省生產力促進中心",
        "創業者協會", "倉買百貨行業黨支部", "新偉街非公黨委",
    ]
    for name in named:
        assert name in names, name
    assert all(row["name"] in ARTICLE or row["type"] == "party_org" for row in
               rows("organizations.csv"))


def test_nothing_is_invented_counts_stay_unknown():
    for row in rows("organizations.csv"):
        assert row["employees"] == "" and row["party_members"] == "", row["id"]


def test_loaded_counts_equal_the_example_rows(store):
    orgs, rels = rows("organizations.csv"), rows("relationships.csv")
    report = load(store, read_dataset(PINGFANG))
    expected_labels = Counter(schema.LABELS[r["type"]] for r in orgs)
    expected_types = Counter(r["type"] for r in rels)
    expected_types["LOCATED_IN"] += sum(bool(r["zone"]) + bool(r["street"]) for r in orgs)
    assert report.graph.labels == dict(expected_labels)
    assert report.graph.relationships == dict(expected_types)
    assert store.counts() == report.graph


def test_counts_follow_deletions_and_parallel_relationships(store):
    """The counts a load reports (on FalkorDB, the engine's own) are those a MATCH finds."""
    load(store, read_dataset(PINGFANG))
    store.run("MATCH ()-[r:GUIDES]->() DELETE r", write=True)
    store.run("MATCH (a:Incubator)-[r:INCUBATES]->(b) WITH a, b LIMIT 1 "
              "CREATE (a)-[:INCUBATES]->(b)", write=True)
    found = store.run("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n").rows
    assert store.counts().relationships == dict(sorted((t, n) for t, n in found))
    assert "GUIDES" not in store.counts().relationships


def test_demo_loads_pingfang_prints_its_counts_and_writes_the_view(db_folder, tmp_path):
    page = tmp_path / "pingfang.html"
    result = CliRunner().invoke(main, ["--db", str(db_folder), "demo", "--format", "json",
                                       "-o", str(page)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["labels"]["Zone"] == 6
    assert data["nodes"] == len(rows("organizations.csv"))
    assert page.is_file() and "長安福特哈爾濱分公司" in page.read_text(encoding="utf-8")


def test_the_demo_ends_with_the_examples_coverage_and_plan_and_says_what_it_cannot_show(
        db_folder, tmp_path):
    result = CliRunner().invoke(main, ["--db", str(db_folder), "demo",
                                       "-o", str(tmp_path / "p.html")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    coverage = CliRunner().invoke(main, ["--db", str(db_folder), "--graph", "pingfang",
                                         "coverage", "--by", "zone"]).stdout
    plan = CliRunner().invoke(main, ["--db", str(db_folder), "--graph", "pingfang",
                                     "plan"]).stdout
    # the same tables the commands print, in that order, then what the example cannot show
    assert out.index(coverage.strip()) < out.index(plan.strip()) < out.index("cannot show")
    assert "hajingkai-synthetic" in out and "trend" in out


def test_the_synthetic_district_example_is_what_generate_writes(tmp_path):
    from graphmodel.synth import generate

    generate(10_000, 1, tmp_path, years=(2016, 2017), provenance="synthetic")
    for name in ("organizations.csv", "relationships.csv"):
        assert (tmp_path / name).read_bytes() == (
            example_path("hajingkai-synthetic") / name).read_bytes(), name


def test_the_synthetic_district_tells_the_articles_story(db_folder):
    from graphmodel.store import open_store

    with open_store(db_folder, "hajingkai-example") as store:
        store.delete_graph()
        load(store, read_dataset(example_path("hajingkai-synthetic")))
        report = trend(store, start="2016-01-01", end="2017-07-31", every="year")
        store.delete_graph()
    rates = {p.date: p.formation_rate for p in report.points}
    assert round(rates["2016-12-31"], 3) == 0.035 and round(rates["2017-07-31"], 2) == 0.32
