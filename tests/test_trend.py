"""The trend on the dated register of test_as_of, worked out by hand, and each point equal
to coverage as of its day."""

from __future__ import annotations

import json

import pytest

from graphmodel.analysis.coverage import coverage
from graphmodel.analysis.trend import period_ends, trend
from tests.analysis_helpers import load_rows
from tests.test_as_of import ORGS, RELS

#: year end -> (in scope, covered, work only), worked out by hand
YEARLY = {"2014-12-31": (3, 1, 0),   # e4 e5 e6; e5 by po-old
          "2015-12-31": (5, 2, 0),   # + e1 e2; e4 joint since 2015
          "2016-12-31": (5, 2, 0),   # e1 covered since 2016; po-old closed mid-2016
          "2017-12-31": (5, 1, 1)}   # e2 closed, e4's COVERS ended, e3 founded and guided


@pytest.fixture
def dated(store, tmp_path):
    load_rows(store, tmp_path / "d", ORGS, RELS)
    return store


def test_a_yearly_trend_worked_out_by_hand(dated):
    report = trend(dated, start="2014-01-01", end="2017-12-31")
    assert {p.date: (p.in_scope, p.covered, p.work_only) for p in report.points} == YEARLY
    last = report.points[-1]
    assert (last.formation_rate, last.double_coverage_rate) == (0.2, 0.4)


@pytest.mark.parametrize("every", ["quarter", "month"])
def test_every_point_is_coverage_as_of_its_day(dated, every):
    report = trend(dated, start="2014-06-15", end="2017-07-31", every=every, by="street")
    days = [p.date for p in report.points]
    assert days == period_ends("2014-06-15", "2017-07-31", every) and days[-1] == "2017-07-31"
    for point in report.points:
        expected = coverage(dated, by="street", as_of=point.date)
        assert (point.in_scope, point.covered, point.work_only, point.formation_rate,
                point.double_coverage_rate) == (
            expected.total.in_scope, expected.total.covered, expected.total.work_only,
            expected.total.formation_rate, expected.total.double_coverage_rate), point.date
        [street] = [g for g in expected.groups if g.group == "s1"]
        [mine] = [p for p in report.groups["s1"].points if p.date == point.date]
        assert (mine.in_scope, mine.covered) == (street.in_scope, street.covered)
    assert report.groups["s1"].name == "東街"


def test_period_ends():
    assert period_ends("2016-02-10", "2016-05-31", "month") == [
        "2016-02-29", "2016-03-31", "2016-04-30", "2016-05-31"]
    assert period_ends("2016-11-01", "2017-02-01", "quarter") == [
        "2016-12-31", "2017-02-01"]
    assert period_ends("2016-01-01", "2016-01-01", "year") == ["2016-01-01"]


def test_the_cli_json_table_and_refusals(cli, dated):
    result = cli("trend", "--from", "2014", "--to", "2017", "--by", "zone", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["date"] for p in data["points"]] == list(YEARLY)
    assert data["groups"]["z1"]["name"] == "工業園片區"
    assert [p["covered"] for p in data["groups"]["z1"]["points"]] == [1, 2, 2, 1]
    table = cli("trend", "--from", "2016", "--to", "2017-07", "--every", "quarter").stdout
    assert "2017-07-31" in table and "20.0%" in table
    for args, message in ((["--from", "2018", "--to", "2017"], "after --to"),
                          (["--from", "2016/1/1"], "expected a year (2016)"),
                          (["--from", "1900", "--to", "2100", "--every", "month"],
                           "at most")):
        refused = cli("trend", *args)
        assert refused.exit_code == 2 and message in refused.stderr, refused.output
