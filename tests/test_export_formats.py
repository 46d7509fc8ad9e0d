"""`graphmodel export --to ...`: the graph for other tools, and the workbook of the contract.

What a user checks: Gephi's and Cytoscape's files (GraphML, GEXF) and D3's node-link JSON read
back with NetworkX to the same nodes, edges and values; a workbook and a CSV or JSON export
with columns of the user's own load back into the same graph; neo4j-admin's files import with
Neo4j's own neo4j-admin into a database that holds the same graph; a part of the graph is what
a view of it shows; a name no writer handles is refused and nothing is left behind.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from graphmodel import loader, schema
from graphmodel.analysis.coverage import as_projection
from graphmodel.analysis.scopes import select
from graphmodel.cypherlib import read as read_cypher
from graphmodel.dataset import DatasetError, read_dataset
from graphmodel.exporting import export
from graphmodel.exporting.graphdata import to_networkx
from graphmodel.exporting.reading import read_graph
from graphmodel.store import GraphStore
from tests.conftest import SMALL, graph_dump

PINGFANG = Path(__file__).parent.parent / "examples" / "pingfang"

#: values of the user's own (and text XML must escape) that every format must keep
OWN = ("MATCH (e:Enterprise {id: 'e-big'}) SET e.`聯繫電話` = '0451-86661234', "
       "e.rating = 4.5, e.listed = true, e.staff = 12, e.name = '大工廠 <A&B> \"x\"'")
OWN_RELATIONSHIP = ("MATCH (:PartyOrg {id: 'po-big'})-[c:COVERS]->(:Enterprise {id: 'e-big'}) "
                    "SET c.`合作項目` = '機器人', c.weight = 3")


@pytest.fixture
def district(store: GraphStore) -> GraphStore:
    """The small register, with columns of one's own of every kind on a node and a tie."""
    loader.load(store, read_dataset(SMALL))
    store.run(OWN, write=True)
    store.run(OWN_RELATIONSHIP, write=True)
    return store


def expected_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The graph as the graph formats should hold it: every property of every node and
    relationship, nodes keyed by id with their label, edges with their type."""
    graph = nx.MultiDiGraph()
    for labels, properties in store.run("MATCH (n) RETURN labels(n), properties(n)").rows:
        graph.add_node(properties.pop("id"), labels=labels[0], **properties)
    for source, rel_type, target, properties in store.run(
            "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)").rows:
        graph.add_edge(source, target, rel_type, type=rel_type, **properties)
    return graph


def edges(graph: nx.MultiDiGraph, drop: tuple[str, ...] = ()) -> list[tuple[str, str, list]]:
    """Each edge as (source, target, its data sorted), sorted: keys aside."""
    return sorted((u, v, sorted((k, x) for k, x in d.items() if k not in drop))
                  for u, v, d in graph.edges(data=True))


def nodes(graph: nx.MultiDiGraph, drop: tuple[str, ...] = ()) -> dict[str, dict]:
    return {n: {k: v for k, v in d.items() if k not in drop} for n, d in graph.nodes(data=True)}


def test_graphml_reads_back_with_networkx_as_the_graph_and_as_networkx_writes_it(district,
                                                                                tmp_path):
    report = export(district, tmp_path / "district.graphml")
    assert report.complete and report.format == "graphml"
    read = nx.read_graphml(tmp_path / "district.graphml", force_multigraph=True)
    expected = expected_graph(district)
    assert read.number_of_nodes() == expected.number_of_nodes() == 12
    assert read.number_of_edges() == expected.number_of_edges() == 18
    assert nodes(read) == nodes(expected)
    assert nodes(read)["e-big"]["rating"] == 4.5 and nodes(read)["e-big"]["listed"] is True
    assert nodes(read)["e-big"]["name"] == '大工廠 <A&B> "x"'
    assert edges(read) == edges(expected)
    # the same graph as NetworkX's own writer gives (which builds the whole tree first)
    nx.write_graphml(to_networkx(*_read(district)), tmp_path / "networkx.graphml")
    theirs = nx.read_graphml(tmp_path / "networkx.graphml", force_multigraph=True)
    assert nodes(theirs) == nodes(read) and edges(theirs) == edges(read)


def _read(store: GraphStore) -> tuple[list, list]:
    read = read_graph(store)
    return read.nodes, read.relationships


def test_gexf_reads_back_with_networkx_with_names_as_labels(district, tmp_path):
    report = export(district, tmp_path / "district.gexf")
    assert report.complete and report.format == "gexf"
    read = nx.read_gexf(tmp_path / "district.gexf")
    expected = expected_graph(district)
    assert nodes(read, drop=("label",)) == nodes(expected)
    assert {n: d["label"] for n, d in read.nodes(data=True)} == {
        n: d["name"] for n, d in expected.nodes(data=True)}, "Gephi shows the names"
    assert edges(read, drop=("id",)) == sorted(
        (u, v, sorted({**d, "label": d["type"]}.items())) for u, v, d in expected.edges(data=True))
    text = (tmp_path / "district.gexf").read_text(encoding="utf-8")
    assert re.search(r"<edge [^>]*\btype=", text) is None, "GEXF's own edge type is direction"


def test_values_of_several_kinds_and_control_characters_are_counted_in_gexf(district,
                                                                            tmp_path):
    district.run("MATCH (e:Enterprise {id: 'e-mid'}) SET e.rating = 'high', "
                 "e.note = 'a\u0001b'", write=True)
    report = export(district, tmp_path / "district.gexf")
    assert report.lost == {
        "node property 'rating': its values are of several kinds (double, string); written "
        "as text": 1,
        "node values holding characters XML cannot hold (control characters), written "
        "without them": 1}
    read = nx.read_gexf(tmp_path / "district.gexf")
    assert read.nodes["e-big"]["rating"] == "4.5" and read.nodes["e-mid"]["note"] == "ab"
    graphml = export(district, tmp_path / "district.graphml")
    assert list(graphml.lost) == ["node values holding characters XML cannot hold (control "
                                  "characters), written without them"]
    kept = nx.read_graphml(tmp_path / "district.graphml")
    assert (kept.nodes["e-big"]["rating"], kept.nodes["e-mid"]["rating"]) == (4.5, "high"), (
        "GraphML keeps each value's kind (a key per kind, as NetworkX writes it)")


def test_node_link_json_is_what_d3_and_networkx_read(district, tmp_path):
    report = export(district, tmp_path / "district.json", to="node-link")
    assert report.complete and report.format == "node-link"
    data = json.loads((tmp_path / "district.json").read_text(encoding="utf-8"))
    assert {"nodes", "links"} <= set(data) and len(data["links"]) == 18
    assert {"source", "target", "type"} <= set(data["links"][0])
    read = nx.node_link_graph(data, edges="links")
    expected = expected_graph(district)
    assert nodes(read) == nodes(expected)
    assert edges(read) == edges(expected)


@pytest.mark.parametrize("name", ["out.xlsx", "out.json", "out", "out.csv"])
def test_columns_of_ones_own_load_back_into_the_same_graph(store, tmp_path, name):
    folder = tmp_path / "register"
    folder.mkdir()
    shutil.copy(SMALL / "relationships.csv", folder)
    with open(SMALL / "organizations.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[0].append("聯繫電話")
    for number, row in enumerate(rows[1:]):
        row.append("0451-86661234" if number == 2 else "")
    with open(folder / "organizations.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    loaded = loader.load(store, read_dataset(folder))
    assert loaded.own_columns["organizations"] == ["聯繫電話"]
    before = graph_dump(store)
    assert "0451-86661234" in repr(before)
    report = export(store, tmp_path / name)
    assert report.complete, report
    assert report.own_columns == {"organizations": ["聯繫電話"]}
    store.delete_graph()
    loader.load(store, read_dataset(tmp_path / name))
    assert graph_dump(store) == before


def test_a_workbook_keeps_numbers_and_booleans_of_ones_own(district, tmp_path):
    before = graph_dump(district)
    report = export(district, tmp_path / "district.xlsx")
    assert report.complete, report.changed
    assert report.own_columns == {"organizations": ["listed", "rating", "staff", "聯繫電話"],
                                  "relationships": ["weight", "合作項目"]}
    district.delete_graph()
    loader.load(district, read_dataset(tmp_path / "district.xlsx"))
    assert graph_dump(district) == before
    as_csv = export(district, tmp_path / "district")
    assert as_csv.changed == ["organization e-big", "relationship po-big -COVERS-> e-big"], (
        "in CSV a number of one's own is read back as text, and said so")


def test_a_workbook_keeps_text_as_text_in_excel_readers_and_loads_back(district, tmp_path):
    district.run("MATCH (e:Enterprise {id: 'e-big'}) SET e.name = '=1+2', e.code = '0451', "
                 "e.note = $note", {"note": "<r>x</r> _x0041_ \x01 a\tb & <end>"}, write=True)
    district.run("MATCH (e:Enterprise {id: 'e-mid'}) SET e.name = 'line one\rline two'",
                 write=True)
    before = graph_dump(district)
    report = export(district, tmp_path / "district.xlsx")
    assert report.complete, report.changed
    import openpyxl

    def cells(path: Path) -> dict[str, openpyxl.cell.Cell]:
        sheet = openpyxl.load_workbook(path)["organizations"]
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
        row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "e-big")
        return {name.value: cell for name, cell in zip(sheet[1], row, strict=True)}

    big = cells(tmp_path / "district.xlsx")
    assert big["name"].value == "=1+2" and big["name"].data_type == "s", "never a formula"
    assert big["code"].value == "0451", "digits stay text"
    assert big["listed"].value is True and big["rating"].value == 4.5
    district.delete_graph()
    loader.load(district, read_dataset(tmp_path / "district.xlsx"))
    assert graph_dump(district) == before, "calamine reads every cell back as written"
    district.run("MATCH (e:Enterprise {id: 'e-big'}) SET e.staff = $big", {"big": 2**60},
                 write=True)
    beyond = export(district, tmp_path / "beyond.xlsx")
    assert cells(tmp_path / "beyond.xlsx")["staff"].value == str(2**60), "beyond 15 digits"
    assert beyond.changed == ["organization e-big"], "read back as text, and said so"


def test_the_cli_writes_a_workbook_and_reports_the_columns_of_ones_own(cli, district,
                                                                       tmp_path):
    result = cli("export", "-o", str(tmp_path / "district.xlsx"))
    assert result.exit_code == 0, result.output
    assert "columns outside the contract, written after its columns: listed, rating, staff, " \
           "聯繫電話 (organizations); weight, 合作項目 (relationships)" in result.stdout
    import python_calamine

    sheets = python_calamine.CalamineWorkbook.from_path(tmp_path / "district.xlsx").sheet_names
    assert sheets == ["organizations", "relationships"]


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "{tmp}/out.xls"], "no export writes .xls files"),
    (["-o", "{tmp}/out.txt"], "no export writes .txt files"),
    (["-o", "{tmp}/out.json", "--to", "xlsx"], "--to xlsx writes one file whose name ends "
                                               "in .xlsx"),
    (["-o", "{tmp}/out.gexf", "--to", "graphml"], "ends in .graphml"),
    (["-o", "{tmp}/out.json", "--to", "neo4j-admin"], "give a folder name"),
    (["-o", "{tmp}/out.xlsx", "--to", "contract"], "for .xlsx use --to xlsx"),
    (["-o", "{tmp}/out.gexf", "--encoding", "gb18030"], "a GEXF export is UTF-8"),
    (["-o", "{tmp}/out", "--zone", "z-north", "--street", "s-east"], "choose one part"),
    (["-o", "{tmp}/out", "--depth", "2"], "--depth goes with --ego"),
    (["-o", "{tmp}/out", "--street", "s-eats"], "did you mean 's-east'"),
    (["-o", "{tmp}/out", "--ego", "nobody"], "no organization has this id"),
])
def test_what_no_writer_handles_is_refused_and_nothing_is_left(cli, district, tmp_path, args,
                                                               message):
    result = cli("export", *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_strict_writes_no_graph_file_that_leaves_something_out(cli, district, tmp_path):
    district.run("CREATE (:Project {id: 'p-1'})", write=True)
    result = cli("export", "-o", str(tmp_path / "district.graphml"), "--strict")
    assert result.exit_code == 2 and "nodes labelled Project" in result.stderr
    assert list(tmp_path.iterdir()) == []
    assert cli("export", "-o", str(tmp_path / "district.graphml")).exit_code == 0
    again = cli("export", "-o", str(tmp_path / "district.graphml"))
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert cli("export", "-o", str(tmp_path / "district.graphml"), "--force").exit_code == 0


@pytest.mark.parametrize("scope", [{"street": "s-east"}, {"zone": "z-north"},
                                   {"ego": "e-big", "depth": 2}, {"cluster": 1}])
def test_a_part_is_what_a_view_of_it_shows(district, tmp_path, scope):
    shown = select(as_projection(district), **scope).graph
    report = export(district, tmp_path / "part.graphml", **scope)
    read = nx.read_graphml(tmp_path / "part.graphml", force_multigraph=True)
    assert set(read) == {str(n) for n in shown}
    assert sorted((u, v, d["type"]) for u, v, d in read.edges(data=True)) == sorted(
        (u, v, d["type"]) for u, v, d in shown.edges(data=True))
    assert report.part == select(as_projection(district), **scope).title
    assert report.lost == {}, "what lies outside the part is not lost"
    as_contract = export(district, tmp_path / "part", **scope)
    assert {o.id for o in read_dataset(tmp_path / "part").organizations} == set(read)
    assert as_contract.problem_count == 0


def test_the_column_read_numbers_relationship_types_as_the_schema_does():
    text = read_cypher("export/relationship-columns.cypher").statements()[0]
    numbered = re.findall(r"WHEN '(\w+)' THEN (\d+)", text)
    assert numbered == [(t, str(k)) for k, t in enumerate(schema.RELATIONSHIPS, start=1)]


# --- the contract's CSV as one named file ------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_export_to_a_csv_name_then_load_replace_gives_the_same_graph(cli, store, tmp_path,
                                                                     encoding):
    assert cli("load", str(PINGFANG)).exit_code == 0
    before = graph_dump(store)
    target = tmp_path / "平房區.csv"
    result = cli("export", "-o", str(target), "--encoding", encoding)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["平房區.csv",
                                                          "平房區.relationships.csv"]
    assert result.stdout.rstrip().splitlines()[-2:] == [
        f"wrote 28 organizations and 22 relationships to {target}",
        f"the relationships went to 平房區.relationships.csv beside it: load {target} reads "
        "both"]
    organizations = target.read_bytes().decode(encoding)
    assert organizations.startswith("id,type,name,") and "長安福特哈爾濱分公司" in organizations
    relationships = (tmp_path / "平房區.relationships.csv").read_bytes().decode(encoding)
    assert relationships.startswith("source,target,type,mode,")
    assert "po-changan-ford-committee,ent-changan-ford,COVERS,standalone" in relationships
    # the graph edited, then replaced by the export: the graph that was exported
    assert cli("query", "--write", "MATCH (n:Enterprise) DETACH DELETE n").exit_code == 0
    assert graph_dump(store) != before
    loaded = cli("load", str(target), "--replace")
    assert loaded.exit_code == 0, loaded.output
    assert graph_dump(store) == before
    assert store.counts().relationships == {"COVERS": 5, "LOCATED_IN": 8, "PARTNERS_WITH": 3,
                                            "SERVES": 3, "SUBORDINATE_TO": 3}


def test_a_csv_named_export_keeps_both_files_unless_forced(cli, store, tmp_path):
    assert cli("load", str(SMALL)).exit_code == 0
    target = tmp_path / "district.csv"
    assert cli("export", "-o", str(target), "--to", "contract").exit_code == 0
    beside = tmp_path / "district.relationships.csv"
    beside.write_text("edited by hand", encoding="utf-8")
    target.unlink()  # (the relationships file alone is kept too)
    refused = cli("export", "-o", str(target))
    assert refused.exit_code == 2
    assert refused.stderr == (f"error: {beside} already exists; choose another name or give "
                              "--force to overwrite it\n")
    assert beside.read_text(encoding="utf-8") == "edited by hand"
    assert cli("export", "-o", str(target), "--force").exit_code == 0
    assert beside.read_text(encoding="utf-8").startswith("source,target,type")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["district.csv",
                                                          "district.relationships.csv"]


def test_load_reads_a_named_csv_with_the_relationships_beside_it_by_the_same_rule(tmp_path):
    shutil.copy(SMALL / "organizations.csv", tmp_path / "district.csv")
    alone = read_dataset(tmp_path / "district.csv")
    assert alone.relationship_counts() == {"LOCATED_IN": 10}, "only the zone and street cells"
    shutil.copy(SMALL / "relationships.csv", tmp_path / "district.relationships.csv")
    folder = read_dataset(SMALL)
    assert read_dataset(tmp_path / "district.csv").relationship_counts() == (
        folder.relationship_counts())
    # a folder's organizations file given by name goes with the folder's relationships.csv
    assert read_dataset(SMALL / "organizations.csv").relationship_counts() == (
        folder.relationship_counts())
    with pytest.raises(DatasetError) as refused:
        read_dataset(tmp_path / "district.relationships.csv")
    assert str(refused.value).splitlines()[0] == (
        f"{tmp_path / 'district.relationships.csv'}: this is a relationships file; load the "
        f"organizations file it goes with, {tmp_path / 'district.csv'}, which reads both")


# --- neo4j-admin ------------------------------------------------------------------------

#: prints each row's `line` column of a Cypher query over a database of a Neo4j home folder
#: as JSON (run with the test server's class path: the same Neo4j the tests start)
DUMP_JAVA = r"""
import java.nio.file.Path;
import java.util.*;
import org.neo4j.dbms.api.*;

public class Dump {
    static String json(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') b.append('\\').append(c);
                else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                else b.append(c);
            }
            return b.append('"').toString();
        }
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        if (v instanceof List<?> l) {
            StringJoiner j = new StringJoiner(",", "[", "]");
            for (Object o : l) j.add(json(o));
            return j.toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringJoiner j = new StringJoiner(",", "{", "}");
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet())
                j.add(json(e.getKey().toString()) + ":" + json(e.getValue()));
            return j.toString();
        }
        return json(v.toString());
    }

    public static void main(String[] args) {
        DatabaseManagementService dbms =
            new DatabaseManagementServiceBuilder(Path.of(args[0])).build();
        try {
            for (int k = 2; k < args.length; k++) {
                dbms.database(args[1]).executeTransactionally(args[k], Map.of(), result -> {
                    while (result.hasNext()) System.out.println(json(result.next().get("line")));
                    return null;
                });
            }
        } finally {
            dbms.shutdown();
        }
    }
}
"""


def _neo4j_tools() -> tuple[str, str]:
    """java, and the class path of the test Neo4j (tests/neo4j_server.py builds it), which
    holds neo4j-admin's import command; skip without them."""
    sys.path.insert(0, str(Path(__file__).parent))
    import neo4j_server

    missing = neo4j_server.missing_tools()
    if missing:
        pytest.skip(f"no Neo4j to import into: {' and '.join(missing)} not installed")
    return neo4j_server.java_command(), os.pathsep.join(neo4j_server.build())


def test_neo4j_admin_imports_the_files_into_a_database_of_the_same_graph(district, tmp_path):
    if district.dialect != "falkordb":
        pytest.skip("the export is the same from either engine; one import is enough")
    java, classpath = _neo4j_tools()
    district.run("MATCH (e:Enterprise {id: 'e-mid'}) SET e.name = 'line one\nline two'",
                 write=True)
    report = export(district, tmp_path / "admin", to="neo4j-admin")
    assert report.complete
    folder = tmp_path / "admin"
    assert "employees:long" in (folder / "nodes-Enterprise.csv").read_text(encoding="utf-8")
    script = (folder / "import.sh").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in script and "--multiline-fields=true" in script
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "neo4j-admin").write_text(  # (neo4j-admin is AdminTool on this class path)
        f'#!/bin/sh\nexec "{java}" -cp "{classpath}" org.neo4j.cli.AdminTool "$@"\n')
    (tools / "neo4j-admin").chmod(0o755)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf"),
           "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["sh", str(folder / "import.sh")], env=env,  # (into "neo4j")
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    [[properties]] = district.run("MATCH (n) RETURN sum(size(keys(n)))").rows
    [[more]] = district.run("MATCH ()-[r]->() RETURN sum(size(keys(r)))").rows
    assert re.search(rf"12 nodes\s+18 relationships\s+{int(properties + more)} properties",
                     done.stdout), done.stdout[-800:]
    (tmp_path / "Dump.java").write_text(DUMP_JAVA, encoding="utf-8")
    dumped = subprocess.run(
        [java, "-cp", classpath, str(tmp_path / "Dump.java"), str(home), "neo4j",
         "MATCH (n) RETURN [labels(n), properties(n)] AS line",
         "MATCH (a)-[r]->(b) RETURN [a.id, type(r), b.id, properties(r)] AS line"],
        capture_output=True, text=True, timeout=600, check=False)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    rows = [json.loads(line) for line in dumped.stdout.splitlines() if line.startswith("[")]
    imported = sorted(repr([sorted(v.items()) if isinstance(v, dict) else v for v in row])
                      for row in rows)
    assert imported == sorted(graph_dump(district)[0] + graph_dump(district)[1])


def test_an_existing_neo4j_admin_folder_is_kept_unless_forced(district, tmp_path):
    folder = tmp_path / "admin"
    export(district, folder, to="neo4j-admin")
    (folder / "nodes-Old.csv").write_text("id:ID\n")
    with pytest.raises(Exception, match="already holds"):
        export(district, folder, to="neo4j-admin")
    export(district, folder, to="neo4j-admin", force=True)
    assert not (folder / "nodes-Old.csv").exists(), "an earlier export's files are replaced"
