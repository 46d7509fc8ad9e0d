"""Coverage, plan and ledger as of a day, on a small register whose answers were worked out
by hand: units found and closed, COVERS and GUIDES that begin and end, a party organization
that closes (its COVERS go with it)."""

from __future__ import annotations

import json

import pytest

from graphmodel.analysis.coverage import coverage
from graphmodel.analysis.ledger import ledger
from graphmodel.analysis.plan import plan
from graphmodel.analysis.projection import project
from graphmodel.status import exists_at
from tests.analysis_helpers import area, load_rows, org, rel

ORGS = [area("s1", name="東街"), area("z1", "zone", name="工業園片區"),
        org("po-a", "party_org", level="committee", street="s1", founded="2010"),
        org("po-old", "party_org", level="branch", street="s1", closed="2016-06-30"),
        org("e1", members=5, street="s1", zone="z1", founded="2015"),
        org("e2", members=4, street="s1", zone="z1", founded="2015-03-01",
            closed="2017-01-01"),
        org("e3", members=0, street="s1", zone="z1", founded="2017-05-01"),
        org("e4", members=1, street="s1", zone="z1"),
        org("e5", members=2, street="s1", zone="z1"),
        org("e6", street="s1", zone="z1")]
RELS = [rel("po-a", "e1", "COVERS", "standalone", since="2016"),
        rel("po-a", "e3", "GUIDES", since="2017-06-01"),
        rel("po-a", "e4", "COVERS", "joint", since="2015", until="2017"),
        rel("po-old", "e5", "COVERS", "affiliated")]

#: day -> (in scope, covered, work only, by mode), worked out by hand
EXPECTED = {
    "2014-12-31": (3, 1, 0, {"affiliated": 1}),          # e4 e5 e6; e5 by po-old
    "2016-03-01": (5, 3, 0, {"standalone": 1, "joint": 1, "affiliated": 1}),
    "2016-06-30": (5, 2, 0, {"standalone": 1, "joint": 1}),  # po-old closed that day
    "2017-01-01": (4, 1, 0, {"standalone": 1}),          # e2 closed, e4's COVERS ended
    "2017-07-31": (5, 1, 1, {"standalone": 1}),          # e3 founded and guided
}


@pytest.fixture
def dated(store, tmp_path):
    load_rows(store, tmp_path / "d", ORGS, RELS)
    return store


@pytest.mark.parametrize("day", sorted(EXPECTED))
def test_coverage_as_of_a_day_counts_what_was_there(dated, day):
    in_scope, covered, work_only, modes = EXPECTED[day]
    report = coverage(dated, by="street", as_of=day)
    total = report.total
    assert (total.in_scope, total.covered, total.work_only) == (in_scope, covered, work_only)
    assert {m: getattr(total, m) for m in ("standalone", "joint", "affiliated", "entrusted")
            if getattr(total, m)} == modes
    assert total.formation_rate == round(covered / in_scope, 6)
    assert report.as_of == day
    assert [g.in_scope for g in report.groups] == [in_scope]   # all in 東街


def test_the_default_day_is_today_and_agrees_with_the_last_day(dated):
    today = coverage(dated)
    assert today.total == coverage(dated, as_of="2017-07-31").total
    assert today.as_of is not None and today.as_of > "2026"


def test_the_plan_and_the_ledger_as_of_a_day(dated):
    early = plan(dated, as_of="2016-03-01")
    assert sorted(r.unit for r in early.recommendations) == ["e2", "e6"]
    late = plan(dated, as_of="2017-07-31")
    assert {r.unit: r.action for r in late.recommendations} == {
        "e3": "instructor", "e4": "joint", "e5": "joint", "e6": "survey"}
    assert next(r for r in late.recommendations if r.unit == "e3").existing
    for day in EXPECTED:
        kept = ledger(dated, as_of=day)
        [street] = kept.areas
        figures = coverage(dated, by="street", as_of=day).groups[0]
        assert (street.in_scope, street.covered, street.work_only) == (
            figures.in_scope, figures.covered, figures.work_only)
        assert len(street.units) == figures.in_scope
        assert kept.as_of == day


def test_a_view_as_of_a_day_draws_what_was_there(cli, dated, tmp_path):
    # 2016-03-01: 東街, 工業園片區, po-a, po-old, e1, e2, e4, e5, e6; 2017-07-31: po-old and
    # e2 closed, e3 founded
    for day, nodes in (("2016-03-01", 9), ("2017-07-31", 8)):
        page = tmp_path / f"{day}.html"
        result = cli("view", "--as-of", day, "-o", str(page))
        assert result.exit_code == 0, result.output
        assert f"({nodes} nodes," in result.stdout
        assert ('"e2"' in page.read_text(encoding="utf-8")) == (day == "2016-03-01")


def test_a_projection_as_it_is_counts_everything_and_says_no_day(dated):
    everything = coverage(project(dated))
    assert everything.as_of is None
    assert everything.total.in_scope == 6   # every unit, closed or not


def test_the_python_rule_agrees_with_the_days_worked_out():
    assert exists_at("2017", None, "2017-01-01")
    assert not exists_at("2017-05-01", None, "2017-04-30")
    assert not exists_at(None, "2017-01-01", "2017-01-01")
    assert exists_at(None, "2017", "2016-12-31")


def test_the_cli_takes_as_of_and_refuses_what_is_not_a_date(cli, dated):
    result = cli("coverage", "--as-of", "2016-3-1", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2016-03-01" and data["total"]["covered"] == 3
    for bad, hint in (("2017", "2017-12-31"), ("2017-02-30", "2017-07-31"),
                      ("yesterday", "2017-07-31")):
        refused = cli("plan", "--as-of", bad)
        assert refused.exit_code == 2 and hint in refused.stderr, refused.output
    ledger_json = json.loads(cli("ledger", "--as-of", "2017-01-01", "--format", "json").stdout)
    assert ledger_json["as_of"] == "2017-01-01"
    assert ledger_json["areas"][0]["in_scope"] == 4
