"""The report page: its figures are the analyses' own, the indicators worked out by hand, the
page opens offline in Chromium with its charts, prints to PDF, and bad requests write
nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graphmodel.analysis.coverage import coverage
from graphmodel.analysis.indicators import indicators
from graphmodel.analysis.projection import project
from tests.analysis_helpers import area, load_rows, org, rel
from tests.browser import Browser, find_chromium
from tests.conftest import SMALL
from tests.test_as_of import ORGS, RELS

ARTIFACTS = Path(__file__).parent / "artifacts"


def page_figures(path: Path) -> dict:
    """The figures a page carries in its JSON block."""
    text = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="report-figures">(.*?)</script>',
                      text, re.S)
    assert found, "no figures block"
    return json.loads(found.group(1))


@pytest.fixture
def dated(store, tmp_path):
    load_rows(store, tmp_path / "d", ORGS, RELS)
    return store


# (worked out by hand on test_as_of's register; see its EXPECTED)
# 2016-03-01: e1 (5 members, standalone), e2 (4, uncovered), e4 (1, joint), e5 (2,
# affiliated), e6 (unknown, uncovered): should build e1 e2, built e1; without an
# organization e2 e6, none guided; double coverage 3 of 5.
# 2017-07-31: e1 (standalone), e3 (0, guided), e4 (its COVERS ended), e5 (its organization
# closed), e6: should build e1, built; without e3 e4 e5 e6, guided e3; double 2 of 5.
BY_HAND = {"2016-03-01": (2, 1, 0.5, 2, 0, 0.0, 5, 3, 0.6),
           "2017-07-31": (1, 1, 1.0, 4, 1, 0.25, 5, 2, 0.4)}


@pytest.mark.parametrize("day", sorted(BY_HAND))
def test_the_indicators_worked_out_by_hand(dated, day):
    found = indicators(dated, as_of=day, province_average=0.4)
    assert (found.should_build, found.built, found.should_build_rate,
            found.without_organization, found.work_covered, found.work_coverage_rate,
            found.in_scope, found.double_covered, found.double_coverage_rate) == BY_HAND[day]
    # "above the provincial average": strictly above, compared exactly
    assert found.above_average is (found.double_coverage_rate > 0.4)
    assert indicators(dated, as_of=day, province_average=0.39).above_average is True


def test_the_indicators_are_the_same_from_the_engine_and_from_a_projection(store, cli):
    cli("load", str(SMALL))
    from_engine = indicators(store)
    assert from_engine == indicators(project(store))
    unbuilt = json.loads(cli("query", "--saved", "should-build", "--format", "json").stdout)
    assert from_engine.should_build - from_engine.built == len(unbuilt)
    total = coverage(store).total
    assert from_engine.double_covered == total.covered + total.work_only


def test_the_pages_figures_are_the_commands_figures(cli, dated, tmp_path):
    day = "2017-07-31"
    result = cli("report", "-o", str(tmp_path / "r.html"), "--target", "68%",
                 "--province-average", "35%", "--as-of", day, "--format", "json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    figures = printed["figures"]
    assert page_figures(tmp_path / "r.html") == figures
    for by, key in (("street", "streets"), ("zone", "zones")):
        expected = json.loads(cli("coverage", "--by", by, "--target", "0.68", "--as-of", day,
                                  "--format", "json").stdout)
        assert [(a["id"], a["in_scope"], a["covered"], a["work_only"], a["formation_rate"],
                 a["gap"]) for a in figures[key]] == [
            (g["group"], g["in_scope"], g["covered"], g["work_only"], g["formation_rate"],
             g["gap"]) for g in expected["groups"]]
    assert figures["total"]["in_scope"] == 5 and figures["total"]["covered"] == 1
    assert figures["indicators"]["above_average"] is True          # 40% > 35%
    assert figures["modes"] == {"standalone": 1, "joint": 0, "affiliated": 0, "entrusted": 0}
    planned = json.loads(cli("plan", "--as-of", day, "--format", "json").stdout)
    to_do = [r for r in planned["recommendations"] if not r["existing"]]
    assert sum(figures["plan"]["actions"].values()) == len(to_do)
    assert figures["plan"]["existing_guides"] == 1                 # e3, guided
    # the trend runs from the first COVERS (2015), monthly, to the day, each point coverage's
    points = figures["trend"]["points"]
    assert figures["trend"]["every"] == "month"
    assert (points[0]["date"], points[-1]["date"]) == ("2015-01-31", day)
    assert points[-1]["formation_rate"] == figures["total"]["formation_rate"] == 0.2


def test_an_undated_register_has_no_trend_and_says_so(cli, store, tmp_path):
    load_rows(store, tmp_path / "d", [area("s1"), org("po", "party_org", street="s1"),
                                      org("e1", members=3, street="s1")],
              [rel("po", "e1", "COVERS", "standalone")])
    assert cli("report", "-o", str(tmp_path / "r.html")).exit_code == 0
    assert page_figures(tmp_path / "r.html")["trend"]["points"] == []
    assert "holds no dates" in (tmp_path / "r.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["-o", "r.txt"], "HTML page (*.html) or a PDF"),
    (["-o", "missing/r.html"], "does not exist"),
    (["-o", "r.html", "--target", "1.5"], "--target"),
    (["-o", "r.html", "--province-average", "abc"], "--province-average"),
    (["-o", "r.html", "--as-of", "2017-13-01"], "--as-of"),
])
def test_bad_requests_write_nothing(cli, tmp_path, monkeypatch, args, message):
    cli("load", str(SMALL))
    monkeypatch.chdir(tmp_path)
    result = cli("report", *args)
    assert result.exit_code == 2 and message in result.stderr, result.output
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == []


def test_a_pdf_without_chromium_is_a_clear_error(cli, tmp_path, monkeypatch):
    cli("load", str(SMALL))
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    monkeypatch.delenv("GRAPHMODEL_CHROMIUM", raising=False)
    result = cli("report", "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2 and "Chromium" in result.stderr
    assert list(tmp_path.iterdir()) == []


chromium = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")


@chromium
@pytest.mark.parametrize("engine_db", ["embedded"], indirect=True)
def test_the_page_opens_offline_with_its_charts_and_prints_to_pdf(cli, dated, tmp_path):
    page = tmp_path / "report.html"
    assert cli("--lang", "zh", "report", "-o", str(page), "--target", "0.68",
               "--as-of", "2017-07-31").exit_code == 0
    with Browser(find_chromium()) as browser:
        opened = browser.open(page, ready="window.graphmodelReport && "
                                          "window.graphmodelReport.drawn")
        assert opened.console_errors == [] and opened.dialogs == []
        assert opened.requests == [page.as_uri()]          # nothing else was asked for
        assert browser.evaluate("window.graphmodelReport.charts") == 5
        drawn = browser.evaluate(
            "Array.from(document.querySelectorAll('canvas')).map(c => c.width > 0 && "
            "c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v > 0))")
        assert drawn == [True] * 5
        ARTIFACTS.mkdir(exist_ok=True)
        browser.screenshot(ARTIFACTS / "report-page.png")
    assert '<html lang="zh-Hans">' in page.read_text(encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    result = cli("report", "-o", str(pdf), "--target", "0.68", "--as-of", "2017-07-31")
    assert result.exit_code == 0, result.output
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert re.search(rb"/MediaBox \[0 0 59[45]\.\d* 84[12]\.\d*\]", data)  # A4: 595 x 842 pt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d", "report.html", "report.pdf"]


@chromium
@pytest.mark.parametrize("engine_db", ["embedded"], indirect=True)
def test_names_are_text_never_markup(cli, store, tmp_path):
    hostile = '</script><img src=x onerror="alert(1)">東街'
    load_rows(store, tmp_path / "d", [
        area("s1", name=hostile), org("po", "party_org", street="s1", name=hostile + "黨委"),
        org("e1", members=3, street="s1", name=hostile + "公司"),
        org("e2", members=1, street="s1")],
        [rel("po", "e1", "COVERS", "standalone", since="2017"),
         rel("e1", "e2", "PARTNERS_WITH")])
    page = tmp_path / "report.html"
    assert cli("report", "-o", str(page), "--target", "0.5").exit_code == 0
    with Browser(find_chromium()) as browser:
        opened = browser.open(page, ready="window.graphmodelReport && "
                                          "window.graphmodelReport.drawn")
        assert opened.dialogs == [] and opened.console_errors == []
        assert opened.requests == [page.as_uri()]
        assert browser.evaluate("document.querySelectorAll('img').length") == 0
        shown = browser.evaluate("document.getElementById('streets').innerText")
        assert hostile in shown
    assert page_figures(page)["streets"][0]["name"] == hostile
