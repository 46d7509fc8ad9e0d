"""HTML views without a browser: scopes, styles, limits, errors, and what the page holds.

The browser tests (test_views_browser.py) open the same kinds of pages in Chromium.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from graphmodel.analysis import scopes
from graphmodel.analysis.clusters import clusters
from graphmodel.analysis.projection import Projection, project
from graphmodel.errors import UsageError
from graphmodel.viewing import view
from graphmodel.views import layout, page, style
from tests.analysis_helpers import area, load_rows, org, rel

#: URLs that occur as text inside vis-network's script (licence header, SVG namespace, an
#: error message); none is ever requested. Anything else remote in a page is a bug.
VENDOR_TEXT_URLS = {
    "https://visjs.github.io/vis-network/", "http://almende.com",
    "https://github.com/visjs", "http://www.apache.org/licenses/LICENSE-2.0",
    "http://opensource.org/licenses/MIT", "http://www.w3.org/2000/svg",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
}
REMOTE = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'<>)]*|\bcdn\b", re.I)


def small_graph(store, folder: Path) -> None:
    """Two streets and a zone; worked out by hand in the tests below.

    s1: e1 (covered standalone by po1), e2 (uncovered), po1.  s2: e3 (uncovered), soc1
    (guided by po2), po2.  z1: e1, inc1 (covered joint by po2).  uni1 and svc1 lie nowhere.
    Ties: e1-e3 partners, e2 member of soc1, svc1 serves e2, inc1 incubates e3, uni1 partners
    inc1, po2 subordinate to po1.
    """
    orgs = [area("s1"), area("s2"), area("z1", "zone"),
            org("e1", name="甲工廠", members=5, zone="z1", street="s1"),
            org("e2", name="乙商店", members=0, street="s1"),
            org("e3", name="丙公司", street="s2"),
            org("soc1", "social_org", name="創業者協會", street="s2"),
            org("inc1", "incubator", name="哈新雙創孵化器", zone="z1"),
            org("po1", "party_org", name="甲工廠黨委", level="committee", street="s1"),
            org("po2", "party_org", name="東街聯合黨支部", level="branch", street="s2"),
            org("uni1", "university", name="東方學院"),
            org("svc1", "service_body", name="促進中心")]
    rels = [rel("po1", "e1", "COVERS", "standalone"), rel("po2", "inc1", "COVERS", "joint"),
            rel("po2", "soc1", "GUIDES"), rel("po2", "po1", "SUBORDINATE_TO"),
            rel("e1", "e3", "PARTNERS_WITH"), rel("e2", "soc1", "MEMBER_OF"),
            rel("svc1", "e2", "SERVES"), rel("inc1", "e3", "INCUBATES"),
            rel("uni1", "inc1", "PARTNERS_WITH")]
    load_rows(store, folder, orgs, rels)


def page_block(path: Path, block: str) -> dict:
    """The JSON of a written page's ``<script type="application/json" id=BLOCK>``."""
    text = path.read_text(encoding="utf-8")
    match = re.search(rf'<script type="application/json" id="{block}">(.*?)</script>',
                      text, re.S)
    assert match, f"no {block} block in the page"
    return json.loads(match.group(1))


def page_data(path: Path) -> dict:
    """The JSON data a written page hands to vis-network."""
    return page_block(path, "graph-data")


def shown(data: dict) -> dict[str, bool]:
    """node id -> drawn faded (context)"""
    return {n["id"]: "opacity" in n for n in data["nodes"]}


@pytest.fixture
def projection(store, tmp_path) -> Projection:
    small_graph(store, tmp_path / "data")
    return project(store)


# --- scopes --------------------------------------------------------------------------------

def test_street_shows_its_organizations_and_fades_their_direct_ties(projection, tmp_path):
    report = view(projection, tmp_path / "s1.html", street="s1")
    data = page_data(tmp_path / "s1.html")
    assert shown(data) == {"s1": False, "e1": False, "e2": False, "po1": False,
                           "e3": True, "soc1": True, "svc1": True, "po2": True}
    assert (report.kind, report.nodes, report.edges) == ("street", 8, 9)
    assert report.title == "Street s1 (s1): 3 organizations located in it"
    # other areas (z1, s2) are left out, so no LOCATED_IN leads out of the street
    assert {(e["from"], e["to"]) for e in data["edges"]} >= {("e1", "s1"), ("e2", "s1"),
                                                            ("po1", "s1")}


def test_zone_holds_units_without_a_street(projection, tmp_path):
    view(projection, tmp_path / "z1.html", zone="z1")
    assert shown(page_data(tmp_path / "z1.html")) == {
        "z1": False, "e1": False, "inc1": False,
        "po1": True, "e3": True, "po2": True, "uni1": True}


def test_ego_walks_n_steps_but_never_through_an_area(projection, tmp_path):
    view(projection, tmp_path / "e1.html", ego="e1")
    assert set(shown(page_data(tmp_path / "e1.html"))) == {"e1", "po1", "e3", "s1", "z1"}
    report = view(projection, tmp_path / "e1-2.html", ego="e1", depth=2)
    # through po1: po2; through e3: inc1, s2. Not through s1 / z1 (e2, inc1 via the zone).
    assert set(shown(page_data(tmp_path / "e1-2.html"))) == {
        "e1", "po1", "e3", "s1", "z1", "po2", "inc1", "s2"}
    assert report.title == "Around 甲工廠 (e1): 7 organizations within 2 steps"
    # an area as the centre is walked through
    view(projection, tmp_path / "s2.html", ego="s2")
    assert set(shown(page_data(tmp_path / "s2.html"))) == {"s2", "e3", "soc1", "po2"}


def test_cluster_is_the_clusters_analysis_members_plus_their_party_orgs(projection, tmp_path):
    found = clusters(projection)
    assert found.clusters
    for cluster in found.clusters:
        out = tmp_path / f"c{cluster.id}.html"
        view(projection, out, cluster=cluster.id)
        nodes = shown(page_data(out))
        assert sorted(n for n, faded in nodes.items() if not faded) == cluster.members
        expected_party = {s for m in cluster.members for s, _ in
                          projection.in_edges(m, "COVERS") + projection.in_edges(m, "GUIDES")}
        assert {n for n, faded in nodes.items() if faded} == expected_party - set(
            cluster.members)


def test_summary_counts_coverage_and_cooperation_between_areas(projection, tmp_path):
    report = view(projection, tmp_path / "summary.html", summary_view=True)
    data = page_data(tmp_path / "summary.html")
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == {"s1", "s2", "z1"}
    assert nodes["z1"]["label"] == "z1\n100% of 2"         # e1 standalone, inc1 joint
    assert nodes["s1"]["label"] == "s1\n50% of 2"          # e1 covered, e2 not
    assert nodes["s2"]["label"] == "s2\n0% of 2"           # e3 uncovered, soc1 work only
    assert nodes["z1"]["color"]["background"] == style.rate_colour(1.0)
    assert nodes["s2"]["color"]["background"] == style.rate_colour(0.0)
    assert "work coverage only: 1" in nodes["s2"]["title"]
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    # e1-e3 partners and e2 member of soc1 join s1 and s2; inc1 (z1 only) incubating e3
    # (s2 only) joins two grids, which is not drawn; z1 and s1 share e1
    assert set(edges) == {("s1", "s2"), ("z1", "s1")}
    assert edges["s1", "s2"]["label"] == "2"
    assert "MEMBER_OF: 1" in edges["s1", "s2"]["title"]
    assert "PARTNERS_WITH: 1" in edges["s1", "s2"]["title"]
    assert edges["z1", "s1"]["dashes"] and "1 organizations in both" in edges["z1", "s1"][
        "title"]
    assert report.title == "Zones and streets: 1 zone, 2 streets"
    assert "uni1" not in nodes and "lie in no zone or street" in html.unescape(
        (tmp_path / "summary.html").read_text(encoding="utf-8"))


def test_a_summary_with_too_many_areas_shows_the_zones_alone(projection, tmp_path):
    out = tmp_path / "summary.html"
    report = view(projection, out, summary_view=True, max_nodes=2)  # 1 zone + 2 streets
    nodes = {n["id"] for n in page_data(out)["nodes"]}
    assert nodes == {"z1"} and report.nodes == 1
    assert report.title == "Zones: 1 zone (streets left out)"
    text = html.unescape(out.read_text(encoding="utf-8"))
    assert "Streets are left out: 1 zone and 2 streets are more than the 2 nodes" in text


def test_a_summary_with_too_many_links_draws_the_strongest(projection, tmp_path):
    out = tmp_path / "summary.html"
    # s1-s2 (2 ties) and the z1-s1 shared units: room for the shared pair alone
    report = view(projection, out, summary_view=True, max_edges=1)
    edges = {(e["from"], e["to"]) for e in page_data(out)["edges"]}
    assert edges == {("z1", "s1")} and report.edges == 1
    text = html.unescape(out.read_text(encoding="utf-8"))
    assert "Only the 0 strongest of 1 cooperation links are drawn" in text
    assert view(projection, out, summary_view=True, max_edges=2).edges == 2


# --- meaning: styles, legend, tooltips -------------------------------------------------------

def test_uncovered_units_are_flagged_and_named_covers_styled_by_mode(projection, tmp_path):
    out = tmp_path / "all.html"
    report = view(projection, out)
    data = page_data(out)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert report.uncovered == 2
    for unit in ("e2", "e3"):
        assert nodes[unit]["color"]["border"] == style.UNCOVERED_BORDER
        assert nodes[unit]["borderWidth"] == 4
    assert nodes["soc1"]["color"]["border"] == style.WORK_ONLY_BORDER
    assert nodes["e1"]["color"]["border"] == style.PLAIN_BORDER
    assert nodes["po1"]["shape"] == "star" and nodes["e1"]["shape"] == "dot"
    covers = {e["to"]: e for e in data["edges"] if e["title"].startswith("COVERS")}
    assert covers["e1"]["dashes"] is False and covers["inc1"]["dashes"] == [10, 5]
    assert covers["e1"]["color"]["color"] != covers["inc1"]["color"]["color"]
    text = out.read_text(encoding="utf-8")
    legend = text[text.index('<aside id="legend">'):text.index("</aside>")]
    assert "Uncovered units (2)" in legend
    assert 'data-id="e2"' in legend and "乙商店" in legend and "丙公司" in legend
    assert "COVERS standalone" in legend and "COVERS joint" in legend
    assert "COVERS affiliated" not in legend     # only kinds present are listed
    # the tooltip is plain text, one property per line
    assert nodes["e1"]["title"].splitlines() == [
        "甲工廠", "id: e1", "type: enterprise 企業", "party members: 5",
        "covered: standalone organization 單獨組建", "zone: z1", "street: s1"]
    assert "UNCOVERED" in nodes["e2"]["title"]


def test_every_page_is_self_contained(projection, tmp_path):
    for name, options in (("all", {}), ("summary", {"summary_view": True}),
                          ("ego", {"ego": "e1", "depth": 2})):
        view(projection, tmp_path / f"{name}.html", **options)
        text = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        vendor = page.vis_network_js()
        assert vendor in text                           # vis-network inlined, not linked
        outside = text.replace(vendor, "")
        assert not REMOTE.findall(outside), REMOTE.findall(outside)
        assert set(REMOTE.findall(vendor)) <= VENDOR_TEXT_URLS
        assert not re.search(r"<(link|img|iframe|object|embed)\b|src=|@import|\burl\(",
                             outside, re.I)
        csp = html.unescape(re.search(r'Content-Security-Policy" content="([^"]*)"', text)[1])
        assert "default-src 'none'" in csp and "connect-src 'none'" in csp


def test_names_and_properties_stay_text_in_the_page(store, tmp_path):
    hostile = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>",
               "<!--", "a & b \"q\" 'q'", "a\u2028b"]
    orgs = [org(f"e{i}", name=name) for i, name in enumerate(hostile)]
    orgs.append(org('x"><svg onload=alert(1)>', name="<b>bold</b>"))
    load_rows(store, tmp_path / "data", orgs)
    out = tmp_path / "hostile.html"
    view(store, out)
    text = out.read_text(encoding="utf-8")
    # nothing of the names is markup: the only scripts are the page's own four (two of data)
    text = text.replace(page.vis_network_js(), "")
    assert text.count("<script") == 4 and text.count("</script>") == 4
    assert "<img" not in text and "<svg onload" not in text and "<b>bold" not in text
    names = {n["id"]: n["gm"]["name"] for n in page_data(out)["nodes"]}
    assert sorted(names.values()) == sorted([*hostile, "<b>bold</b>"])
    assert html.escape("</script><script>alert(1)</script>") in text   # legend, escaped


# --- limits and errors ---------------------------------------------------------------------

def test_large_views_get_positions_from_python_and_no_physics(tmp_path):
    graph = nx.MultiDiGraph()
    for i in range(900):
        graph.add_node(f"e{i}", type="enterprise", name=f"企業{i}")
        if i:
            graph.add_edge(f"e{i}", f"e{(i * 7) % i}", type="PARTNERS_WITH", mode=None)
    out = tmp_path / "large.html"
    report = view(Projection(graph), out)
    data = page_data(out)
    assert report.layout == data["layout"] == "preset"
    assert data["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 900   # nobody on top
    assert view(Projection(nx.MultiDiGraph(graph.subgraph(["e1", "e2"]))),
                tmp_path / "small.html").layout == "physics"


@pytest.mark.parametrize("use_numpy", [True, False])
def test_layout_is_deterministic_and_keeps_components_apart(use_numpy):
    if use_numpy:
        pytest.importorskip("numpy")
    graph = nx.disjoint_union_all([nx.cycle_graph(30), nx.star_graph(12), nx.empty_graph(5)])
    first = layout.positions(graph, use_numpy=use_numpy)
    assert first == layout.positions(graph, use_numpy=use_numpy)
    assert set(first) == set(graph)
    boxes = []
    for members in (range(30), range(30, 43)):
        xs = [first[n][0] for n in members]
        ys = [first[n][1] for n in members]
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    (a0, a1, a2, a3), (b0, b1, b2, b3) = boxes
    assert a1 < b0 or b1 < a0 or a3 < b2 or b3 < a2     # bounding boxes do not overlap


def test_too_many_nodes_is_refused_and_nothing_written(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((f"e{i}", {"type": "enterprise", "name": str(i)})
                         for i in range(scopes.MAX_NODES + 1))
    out = tmp_path / "huge.html"
    with pytest.raises(UsageError, match=r"5,001 nodes \(the limit is 5,000\).*--summary"):
        view(Projection(graph), out)
    assert not out.exists() and not list(tmp_path.iterdir())


def test_cli_refuses_a_big_view_but_shows_its_summary(cli, store, tmp_path, monkeypatch):
    small_graph(store, tmp_path / "data")
    monkeypatch.setattr(scopes, "MAX_NODES", 5)
    out = tmp_path / "all.html"
    result = cli("view", "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert "--summary" in result.stderr and "--ego" in result.stderr
    assert cli("view", "--summary", "-o", str(out)).exit_code == 0 and out.exists()


def test_a_whole_view_too_big_is_refused_before_the_graph_is_read(cli, store, tmp_path,
                                                                  monkeypatch):
    import graphmodel.analysis.projection as projection_module

    small_graph(store, tmp_path / "data")  # 12 organizations
    monkeypatch.setattr(scopes, "MAX_NODES", 11)

    def project(*args, **kwargs):
        raise AssertionError("the whole graph was read to refuse it")

    monkeypatch.setattr(projection_module, "project", project)
    result = cli("view", "-o", str(tmp_path / "all.html"))
    assert result.exit_code == 2, result.output
    assert "at least 12 nodes (the limit is 11)" in result.stderr
    assert not (tmp_path / "all.html").exists()


def test_ids_that_are_not_text_still_count_when_the_graph_is_read(cli, store, tmp_path,
                                                                 monkeypatch):
    small_graph(store, tmp_path / "data")  # 12 organizations, every id text
    store.run("MATCH (e:Enterprise) WITH e LIMIT 3 SET e.id = id(e) + 1000"
              if store.dialect == "falkordb" else
              "MATCH (e:Enterprise) WITH e LIMIT 3 SET e.id = 1000 + toInteger(rand() * 1e9)",
              write=True)
    monkeypatch.setattr(scopes, "MAX_NODES", 11)  # 9 text ids: past the early count
    result = cli("view", "-o", str(tmp_path / "all.html"))
    assert result.exit_code == 2, result.output
    assert "12 nodes (the limit is 11)" in result.stderr
    assert "at least" not in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--zone", "z9"], "--zone 'z9': no zone has this id or name (did you mean 'z1'?)"),
    (["--street", "s3"], "--street 's3': no street has this id or name (did you mean 's1', "
                        "'s2'?)"),
    (["--street", "東"], "--street '東': no street has this id or name; the streets are: s1, "
                        "s2"),
    (["--ego", "po3"], "--ego 'po3': no organization has this id or name (did you mean "
                       "'po1', 'po2'"),
    (["--ego", "甲工"], "(did you mean '甲工廠' (e1), '甲工廠黨委' (po1)?)"),
    (["--street", "e1"], "--street 'e1': that id is an enterprise, not a street"),
    (["--ego", "nobody"], "--ego 'nobody': no organization has this id or name"),
    (["--cluster", "nobody"], "--cluster 'nobody': no cluster has this number or label"),
    (["--ego", "e1", "--depth", "0"], "--depth 0: must be 1 or more"),
    (["--cluster", "99"], "--cluster 99: no such cluster; there are"),
    (["--zone", "z1", "--street", "s1"], "choose one scope: --zone and --street"),
    (["--depth", "2"], "--depth goes with --ego ID"),
])
def test_cli_bad_scopes_exit_2_and_write_nothing(cli, store, tmp_path, args, message):
    small_graph(store, tmp_path / "data")
    out = tmp_path / "out.html"
    result = cli("view", *args, "-o", str(out))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not out.exists()


def test_cli_output_must_be_an_html_file_in_an_existing_folder(cli, empty_graph, tmp_path):
    for target, message in ((tmp_path / "v.csv", "name it *.html"),
                            (tmp_path / "no" / "v.html", "does not exist")):
        result = cli("view", "-o", str(target))
        assert result.exit_code == 2 and message in result.stderr


def test_cli_view_writes_each_scope(cli, store, tmp_path):
    small_graph(store, tmp_path / "data")
    for args, nodes in ((["--zone", "z1"], 7), (["--street", "s2"], 8),
                        (["--ego", "e3", "--depth", "1"], 4), (["--cluster", "1"], None),
                        (["--summary"], 3), ([], 12)):
        out = tmp_path / "v.html"
        result = cli("view", *args, "-o", str(out))
        assert result.exit_code == 0, result.output
        count = len(page_data(out)["nodes"])
        assert f"({count:,} nodes," in result.stdout
        assert nodes is None or count == nodes


def test_demo_also_writes_the_pingfang_view(db_folder, tmp_path):
    from tests.conftest import Cli

    out = tmp_path / "pingfang.html"
    result = Cli(str(db_folder), f"demo-{tmp_path.name[-8:]}")("demo", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote the view {out}" in result.stdout
    data = page_data(out)
    names = {n["label"] for n in data["nodes"]}
    assert "哈新雙創孵化器" in names
    register = Path(__file__).parent.parent / "examples" / "pingfang" / "organizations.csv"
    rows = register.read_text(encoding="utf-8").splitlines()
    assert len(data["nodes"]) == len(rows) - 1


# --- Views II: figures that agree, names, filters, groups, the summary against a target -----

def figures_of(path: Path) -> dict:
    """The scope's figures a written page carries for scripts."""
    return page_block(path, "scope-figures")


@pytest.fixture
def district(store, tmp_path):
    """A generated district of 4,000 units, loaded: its largest zone is above 1,000 nodes."""
    from graphmodel.dataset import read_dataset
    from graphmodel.loader import load
    from graphmodel.synth import generate

    generate(4_000, 3, tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    return store


def test_every_page_counts_its_own_units_as_coverage_does(district, tmp_path):
    from graphmodel.analysis.coverage import coverage

    checked = 0
    for by in ("zone", "street"):
        for row in coverage(district, by=by).groups:
            if row.group == "(none)":
                continue
            out = tmp_path / f"{row.group}.html"
            report = view(district, out, **{by: row.group})
            figures = figures_of(out)
            assert {key: figures[key] for key in ("in_scope", "covered", "uncovered",
                                                  "work_only", "formation_rate")} == {
                "in_scope": row.in_scope, "covered": row.covered, "uncovered": row.uncovered,
                "work_only": row.work_only, "formation_rate": row.formation_rate}, row.group
            assert figures["nodes"] == report.nodes and figures["shown"] == report.shown
            header = html.unescape(out.read_text(encoding="utf-8"))
            assert f"uncovered {row.uncovered:,}." in header
            checked += 1
    assert checked >= 20
    whole = coverage(district).total
    out = tmp_path / "summary.html"
    view(district, out, summary_view=True)
    assert figures_of(out)["in_scope"] == whole.in_scope
    assert figures_of(out)["uncovered"] == whole.uncovered


def test_faded_neighbours_are_not_counted_nor_listed(projection, tmp_path):
    out = tmp_path / "s1.html"
    report = view(projection, out, street="s1")       # e3 (uncovered) is a faded partner
    figures = figures_of(out)
    assert (figures["in_scope"], figures["uncovered"], figures["covered"]) == (2, 1, 1)
    assert report.uncovered == 1
    legend = out.read_text(encoding="utf-8").split('<aside id="legend">')[1]
    assert 'data-id="e2"' in legend and 'data-id="e3"' not in legend
    nodes = {n["id"]: n for n in page_data(out)["nodes"]}
    assert nodes["e3"]["color"]["border"] == style.PLAIN_BORDER    # faded: no coverage flag


def test_scopes_by_name_in_either_script(projection, tmp_path):
    by_id = figures_of_view(projection, tmp_path, street="s1")
    assert figures_of_view(projection, tmp_path, ego="哈新雙創孵化器")["nodes"] == \
        figures_of_view(projection, tmp_path, ego="inc1")["nodes"]
    assert figures_of_view(projection, tmp_path, ego="哈新双创孵化器")["nodes"] == \
        figures_of_view(projection, tmp_path, ego="inc1")["nodes"]
    assert by_id["in_scope"] == 2
    found = clusters(projection).clusters
    by_member = figures_of_view(projection, tmp_path, cluster="甲工廠")
    number = next(c.id for c in found if "e1" in c.members)
    assert by_member == figures_of_view(projection, tmp_path, cluster=number)
    assert figures_of_view(projection, tmp_path, cluster=found[0].label) == \
        figures_of_view(projection, tmp_path, cluster=found[0].id) or len(
            [c for c in found if c.label == found[0].label]) > 1


def figures_of_view(projection, folder: Path, **scope) -> dict:
    out = folder / "named.html"
    view(projection, out, **scope)
    return figures_of(out)


def test_cli_names_zones_streets_and_centres(cli, district, tmp_path):
    zone = district.run("MATCH (z:Zone) RETURN z.id, z.name ORDER BY z.id LIMIT 1").rows[0]
    out_id, out_name = tmp_path / "id.html", tmp_path / "name.html"
    assert cli("view", "--zone", zone[0], "-o", str(out_id)).exit_code == 0
    result = cli("view", "--zone", zone[1], "-o", str(out_name))
    assert result.exit_code == 0, result.output
    assert out_id.read_bytes() == out_name.read_bytes()
    from graphmodel.analysis.places import to_simplified

    simplified = to_simplified(zone[1])
    assert cli("view", "--zone", simplified, "-o", str(out_name)).exit_code == 0
    assert out_id.read_bytes() == out_name.read_bytes()
    # a number written with fewer zeros is suggested by its value first
    unit = district.run("MATCH (e:Enterprise) RETURN e.id ORDER BY e.id LIMIT 1").rows[0][0]
    prefix, digits = re.match(r"(.*?)(\d+)$", unit).groups()
    shorter = f"{prefix}{int(digits):0{max(1, len(digits) - 1)}d}"
    bad = cli("view", "--ego", shorter, "-o", str(tmp_path / "e.html"))
    assert bad.exit_code == 2 and f"did you mean '{unit}'" in bad.stderr
    assert not (tmp_path / "e.html").exists()


def test_pages_carry_filters_and_colour_choices(projection, tmp_path):
    out = tmp_path / "all.html"
    view(projection, out)
    text = out.read_text(encoding="utf-8")
    for kind in ("type", "status", "relation"):
        assert f'<fieldset class="filter" data-filter="{kind}">' in text
    assert 'data-filter="status" value="uncovered" checked' in text
    assert 'data-filter="relation" value="LOCATED_IN" checked' in text     # small: shown
    for colour in ("type", "status", "cluster"):
        assert f'name="colour-by" value="{colour}"' in text
    assert 'id="save-png"' in text
    fold = page_data(out)["fold"]
    assert fold["雙"] == "双" and fold["創"] == "创"


def test_a_large_zone_opens_grouped_by_street(district, tmp_path):
    from graphmodel.analysis.coverage import coverage

    zones = coverage(district, by="zone").groups
    largest = max((r for r in zones if r.group != "(none)"), key=lambda r: r.in_scope)
    out = tmp_path / "zone.html"
    report = view(district, out, zone=largest.group)
    data, figures = page_data(out), figures_of(out)
    assert report.nodes > 1_000 and report.layout == data["layout"] == "grouped"
    groups = data["groups"]
    assert figures["shown"] == report.shown == len(groups) + sum(
        1 for n in data["nodes"] if n["gm"]["bundle"] is None) <= 1_000
    streets = {g["gm"]["name"] for g in groups if g["gm"]["kind"] == "street"}
    assert streets and all(isinstance(g["x"], float) for g in groups)
    # every unit of the zone is in one group; the groups' figures add up to the zone's
    inside = [g for g in groups if g["gm"]["kind"] != "outside"]
    assert sum(g["gm"]["figures"]["in_scope"] for g in inside) == largest.in_scope
    assert sum(g["gm"]["figures"]["uncovered"] for g in inside) == largest.uncovered
    located = next(r for r in data["filters"]["relation"] if r[0] == "LOCATED_IN")
    assert located[3] is False                           # large: LOCATED_IN hidden at first
    legend = out.read_text(encoding="utf-8").split('<aside id="legend">')[1]
    assert legend.count('class="uncovered-group"') >= len(streets) - 1


def test_the_summary_is_coloured_around_the_target(projection, tmp_path):
    out = tmp_path / "summary.html"
    view(projection, out, summary_view=True, target=0.6)
    nodes = {n["id"]: n for n in page_data(out)["nodes"]}
    below, above = nodes["s1"]["color"]["background"], nodes["z1"]["color"]["background"]
    assert below == style.target_colour(0.5, 0.6) and above == style.target_colour(1.0, 0.6)
    assert int(below[1:3], 16) > int(below[3:5], 16)          # red over green below target
    assert int(above[3:5], 16) > int(above[1:3], 16)          # green over red above it
    text = html.unescape(out.read_text(encoding="utf-8"))
    bars = re.findall(r'class="focus bar" data-id="([^"]+)"', text)
    assert bars == ["s2", "s1", "z1"]                         # most to cover first
    assert "Areas against the target 60%" in text and "Target 60%:" in text
    assert figures_of(out)["gap"] == 1                        # 60% of 5 units: 3, 2 covered


def test_the_summary_from_columns_is_the_summary_from_the_projection(district):
    from graphmodel.analysis import summary

    for limits in ((None, None), (20, 30), (3, 5)):
        columns = summary.columns_summary(district, *limits, 0.68)
        if district.columns() is None:
            assert columns is None
            return
        whole = summary.summary_scope(project(district), *limits, 0.68)
        assert list(columns.graph.nodes(data=True)) == list(whole.graph.nodes(data=True))
        assert list(columns.graph.edges(data=True)) == list(whole.graph.edges(data=True))
        assert (columns.title, columns.description, columns.figures) == (
            whole.title, whole.description, whole.figures)


def test_long_names_are_shortened_on_the_canvas_only(store, tmp_path):
    long_name = "哈爾濱市平房區新偉街道倉買百貨行業聯合黨支部"
    load_rows(store, tmp_path / "data", [org("e1", name=long_name)])
    out = tmp_path / "long.html"
    view(store, out)
    [node] = page_data(out)["nodes"]
    assert node["label"].endswith("…") and len(node["label"]) < len(long_name)
    assert node["title"].splitlines()[0] == long_name and node["gm"]["name"] == long_name
