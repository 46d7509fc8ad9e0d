"""`graphmodel export`: the graph written back as a dataset that `load` reads, on every engine.

What a user checks: the export loads back into the same graph, in CSV and JSON and every
encoding; the same graph gives the same files; what the data contract cannot hold is named
and counted, never silently dropped; what `load` would refuse is reported; and an export
that must not overwrite or must be complete writes nothing.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from graphmodel import loader, synth
from graphmodel.dataset import read_dataset
from graphmodel.exporting import export
from graphmodel.store import GraphStore
from tests.conftest import SMALL, graph_dump

PINGFANG = Path(__file__).parent.parent / "examples" / "pingfang"


def reloaded(store: GraphStore, path: Path) -> tuple[list[str], list[str]]:
    """The graph after replacing it with the dataset at ``path``."""
    store.delete_graph()
    loader.load(store, read_dataset(path))
    return graph_dump(store)


@pytest.mark.parametrize("source", [SMALL, PINGFANG], ids=["small", "pingfang"])
@pytest.mark.parametrize("name", ["out", "out.json"])
def test_an_export_loads_back_into_the_same_graph(store, tmp_path, source, name):
    loader.load(store, read_dataset(source))
    before = graph_dump(store)
    report = export(store, tmp_path / name)
    assert report.complete and report.lost == {} and report.problems == []
    assert report.organizations == store.counts().labels
    assert report.relationships == store.counts().relationships
    assert reloaded(store, tmp_path / name) == before


def test_a_generated_district_round_trips_in_every_encoding_to_the_same_bytes(store, tmp_path):
    synth.generate(1500, seed=3, out_dir=tmp_path / "district")
    loader.load(store, read_dataset(tmp_path / "district"))
    before = graph_dump(store)
    first = export(store, tmp_path / "first", encoding="gb18030")
    assert first.complete
    assert (tmp_path / "first" / "organizations.csv").read_bytes().decode("gb18030")
    assert reloaded(store, tmp_path / "first") == before
    export(store, tmp_path / "second", encoding="gb18030")
    for name in ("organizations.csv", "relationships.csv"):
        assert ((tmp_path / "first" / name).read_bytes()
                == (tmp_path / "second" / name).read_bytes()), "the same graph, other bytes"
    export(store, tmp_path / "excel", encoding="utf-8-sig")
    data = (tmp_path / "excel" / "organizations.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert reloaded(store, tmp_path / "excel") == before


def test_zone_and_street_cells_hold_the_first_plain_located_in_the_rest_are_rows(store,
                                                                                tmp_path):
    loader.load(store, read_dataset(SMALL))
    store.run("CREATE (:Zone {id: 'z-0', type: 'zone', name: '新區'})", write=True)
    store.run("MATCH (e:Enterprise {id: 'e-big'}), (z:Zone {id: 'z-0'}) "
              "CREATE (e)-[:LOCATED_IN {note: 'moved in 2020'}]->(z)", write=True)
    store.run("MATCH (e:Enterprise {id: 'e-shop'}), (z:Zone) "
              "CREATE (e)-[:LOCATED_IN]->(z)", write=True)  # (to z-north and z-0)
    before = graph_dump(store)
    report = export(store, tmp_path / "out")
    organizations = (tmp_path / "out" / "organizations.csv").read_text().splitlines()
    relationships = (tmp_path / "out" / "relationships.csv").read_text().splitlines()
    assert report.complete, report
    shop = next(line for line in organizations if line.startswith("e-shop,"))
    assert ",z-0," in shop, "the smallest zone id goes in the cell"
    assert "e-shop,z-north,LOCATED_IN,,,,," in relationships
    assert "e-big,z-0,LOCATED_IN,,,,moved in 2020," in relationships
    big = next(line for line in organizations if line.startswith("e-big,"))
    assert ",z-north,s-east," in big, "a relationship with properties stays a row"
    assert reloaded(store, tmp_path / "out") == before


#: what `lost` says of a whole node or relationship left out (the rest is of parts of them)
WHOLE_NODES = ("nodes labelled", "nodes without an id", "nodes without a label")


def assert_everything_accounted_for(store: GraphStore, report) -> None:
    """Written + left out = what the graph holds, for nodes and for relationships."""
    counts = store.counts()
    dropped_nodes = sum(n for what, n in report.lost.items()
                        if any(part in what for part in WHOLE_NODES))
    dropped_relationships = sum(n for what, n in report.lost.items()
                                if " relationships" in what and not what.startswith("property"))
    assert sum(report.organizations.values()) + dropped_nodes == counts.nodes
    assert sum(report.relationships.values()) + dropped_relationships == counts.edges


def test_what_the_contract_cannot_hold_is_named_and_counted_once(store, tmp_path):
    loader.load(store, read_dataset(SMALL))
    for statement in (
            "CREATE (:Project {id: 'p-1', name: '智慧園區', budget: 5})",
            "CREATE (:Enterprise {name: '無名'})",
            "CREATE (:Enterprise {id: 42, type: 'enterprise', name: 'numbered'})",
            "MATCH (e:Enterprise {id: 'e-big'}) SET e.color = 'red', e.type = 'firm', "
            "e.street = 'elsewhere', e.`名稱` = '大廠'",
            "MATCH (e:Enterprise {id: 'e-shop'}), (p:Project) "
            "CREATE (e)-[:FUNDS {amount: 10}]->(p)",
            "MATCH (p:PartyOrg {id: 'po-street'}), (e:Enterprise) WHERE e.id IS NULL "
            "CREATE (p)-[:GUIDES {note: 'to the one without an id'}]->(e)",
            "MATCH (e:Enterprise {id: 'e-shop'}), (f:Enterprise {id: 'e-big'}) "
            "CREATE (e)-[:LIKES]->(f), (e)-[:PARTNERS_WITH {weight: 3}]->(f)",
            "MATCH (a:Incubator {id: 'inc-1'}), (u:University {id: 'uni-1'}) "
            "CREATE (u)-[:PARTNERS_WITH {note: 'the signed one'}]->(a)",
            "MATCH (z:Zone), (e:Enterprise {id: 'e-big'}) CREATE (z)-[:PARTNERS_WITH]->(e)",
            "MATCH (e:Enterprise {id: 'e-big'}) CREATE (e)-[:PARTNERS_WITH {weight: 1}]->(e)",
            "MATCH (p:PartyOrg {id: 'po-big'}), (e:Enterprise {id: 'e-big'}) "
            "CREATE (p)-[:COVERS {w: 2}]->(e)",
    ):
        store.run(statement, write=True)
    report = export(store, tmp_path / "out")
    assert report.lost == {
        "COVERS relationships that repeat one between the same two nodes": 1,
        "Enterprise nodes without an id": 1,
        "FUNDS relationships: not a relationship type of the data contract": 1,
        "GUIDES relationships from or to a node that was not written": 1,
        "LIKES relationships: not a relationship type of the data contract": 1,
        "PARTNERS_WITH relationships from Zone to Enterprise: the data contract does not "
        "allow them": 1,
        "PARTNERS_WITH relationships from a node to itself": 1,
        "PARTNERS_WITH relationships that repeat one between the same two nodes": 1,
        "ids of Enterprise nodes that are not text (written as text)": 1,
        "nodes labelled Project: not a label of the data contract": 1,
        "property 'street' of Enterprise nodes: the data contract's column 'street' has "
        "this name": 1,
        "property '名稱' of Enterprise nodes: the data contract's column 'name' has this "
        "name": 1,
        "type properties of Enterprise nodes that are not 'enterprise' (written as "
        "'enterprise')": 1,
    }, "budget, amount, the self-loop's weight and w sit on what is left out as a whole"
    assert report.own_columns == {"organizations": ["color"], "relationships": ["weight"]}, (
        "properties outside the contract are written as columns of the user's own")
    assert report.problem_count == 0, report.problems
    assert not report.complete
    assert_everything_accounted_for(store, report)
    again = export(store, tmp_path / "again")
    assert again.lost == report.lost
    dataset = read_dataset(tmp_path / "out")
    assert {o.id for o in dataset.organizations} >= {"42", "e-big"}
    [covers] = [r for r in dataset.relationships if r.type == "COVERS" and r.target == "e-big"]
    assert covers.properties == {"mode": "standalone", "since": "2015"}, (
        "of repeats, the one with the most properties is kept")
    [partners] = [r for r in dataset.relationships
                  if r.type == "PARTNERS_WITH" and {r.source, r.target} == {"inc-1", "uni-1"}]
    assert partners.properties == {"note": "the signed one"}, "either direction may be kept"
    assert (partners.source, partners.target) == ("uni-1", "inc-1")
    assert (tmp_path / "again" / "relationships.csv").read_bytes() == (
        tmp_path / "out" / "relationships.csv").read_bytes()


def test_a_node_of_several_labels_is_written_once_under_the_label_of_its_type(store,
                                                                             tmp_path):
    loader.load(store, read_dataset(SMALL))
    for statement in (
            "CREATE (:Imported {id: 'old'})",  # (FalkorDB orders labels as first created)
            "CREATE (:Imported:Enterprise {id: 'e-2', type: 'enterprise', name: '二'})",
            "CREATE (:Enterprise:Incubator {id: 'inc-2', type: 'incubator', name: '孵'})",
            "CREATE (:Enterprise:Incubator {name: 'no id', note: 'x'})",
            "MATCH (i {id: 'inc-2'}), (e:Enterprise {id: 'e-shop'}) "
            "CREATE (i)-[:INCUBATES]->(e), (i)-[:PARTNERS_WITH]->(e)",
    ):
        store.run(statement, write=True)
    report = export(store, tmp_path / "out")
    assert report.lost == {
        "Enterprise nodes without an id": 1,
        "nodes labelled Imported: not a label of the data contract": 1,
        "other labels of Enterprise nodes (written as Enterprise)": 1,
        "other labels of Incubator nodes (written as Incubator)": 1,
    }
    assert_everything_accounted_for(store, report)
    dataset = read_dataset(tmp_path / "out")
    types = {o.id: o.type for o in dataset.organizations}
    assert (types["e-2"], types["inc-2"]) == ("enterprise", "incubator")
    ties = sorted((r.source, r.type, r.target) for r in dataset.relationships
                  if r.source == "inc-2")
    assert ties == [("inc-2", "INCUBATES", "e-shop"), ("inc-2", "PARTNERS_WITH", "e-shop")]


def test_values_load_would_read_back_otherwise_are_reported(cli, store, tmp_path):
    assert cli("load", str(SMALL)).exit_code == 0
    store.run("MATCH (e:Enterprise {id: 'e-big'}) SET e.name = ' 大工廠 ', e.size = 'SME', "
              "e.employees = '800'", write=True)
    store.run("MATCH ()-[c:COVERS]->(:Enterprise {id: 'e-shop'}) SET c.since = 2011",
              write=True)
    store.run("MATCH (e:Enterprise {id: 'e-mid'}) SET e.name = 'line one\rline two'",
              write=True)
    result = cli("export", "-o", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["lost"] == {} and report["problem_count"] == 0
    assert not report["complete"] and report["changed_count"] == 2
    assert report["changed"] == ["organization e-big",
                                 "relationship po-street -COVERS-> e-shop"]
    assert "load would read 2 organizations or relationships back" in result.stderr
    mid = next(o for o in read_dataset(tmp_path / "out").organizations if o.id == "e-mid")
    assert mid.properties["name"] == "line one\rline two", "a carriage return is kept"
    strict = cli("export", "-o", str(tmp_path / "strict"), "--strict")
    assert strict.exit_code == 2 and "organization e-big" in strict.stderr
    assert not (tmp_path / "strict").exists()


def test_the_order_the_graph_was_built_in_does_not_change_the_bytes(store, tmp_path):
    loader.load(store, read_dataset(SMALL))
    export(store, tmp_path / "first")
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    for name in ("organizations.csv", "relationships.csv"):
        header, *rows = (SMALL / name).read_text(encoding="utf-8").splitlines()
        (shuffled / name).write_text("\n".join([header, *reversed(rows)]) + "\n",
                                     encoding="utf-8")
    store.delete_graph()
    loader.load(store, read_dataset(shuffled))
    export(store, tmp_path / "second")
    for name in ("organizations.csv", "relationships.csv"):
        assert (tmp_path / "first" / name).read_bytes() == (
            tmp_path / "second" / name).read_bytes()


def test_an_empty_graph_exports_a_header_that_load_refuses(cli, empty_graph, tmp_path):
    result = cli("export", "-o", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["organizations"] == {} and report["problem_count"] == 1
    assert "there are no organizations" in report["problems"][0]
    assert (tmp_path / "out" / "organizations.csv").read_text().startswith("id,type,name")


def test_what_load_would_refuse_is_reported_and_strict_writes_nothing(cli, store, tmp_path):
    assert cli("load", str(SMALL)).exit_code == 0
    store.run("MATCH (e:Enterprise {id: 'e-big'}) SET e.employees = -3", write=True)
    store.run("MATCH ()-[c:COVERS]->() SET c.mode = 'sometimes'", write=True)
    store.run("CREATE (:Incubator {id: 'e-big', type: 'incubator', name: '同號'})", write=True)
    result = cli("export", "-o", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert not report["complete"] and report["lost"] == {}
    assert report["problem_count"] == 4 and report["changed_count"] == 0
    problems = "\n".join(report["problems"])
    assert "organizations.csv" in problems and "duplicate id" in problems
    assert "expected a whole number of 0 or more" in problems and "unknown mode" in problems
    assert "load would refuse the export (4 problems)" in result.stderr

    strict = cli("export", "-o", str(tmp_path / "strict"), "--strict")
    assert strict.exit_code == 2
    assert "nothing was written" in strict.stderr and "duplicate id" in strict.stderr
    assert not (tmp_path / "strict").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "no scratch files are left"


def test_an_existing_export_is_kept_unless_forced(cli, tmp_path):
    assert cli("load", str(SMALL)).exit_code == 0
    out = tmp_path / "out"
    assert cli("export", "-o", str(out)).exit_code == 0
    (out / "organizations.csv").write_text("edited by hand", encoding="utf-8")
    refused = cli("export", "-o", str(out))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert (out / "organizations.csv").read_text() == "edited by hand"
    assert cli("export", "-o", str(out), "--force").exit_code == 0
    assert (out / "organizations.csv").read_text().startswith("id,type,name")
    assert cli("export", "-o", str(tmp_path / "one.json")).exit_code == 0
    assert cli("export", "-o", str(tmp_path / "one.json")).exit_code == 2
    assert cli("export", "-o", str(tmp_path / "ONE.JSON"), "--strict").exit_code == 0
    assert json.loads((tmp_path / "ONE.JSON").read_text())["organizations"][0]["type"] == "zone"


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "{tmp}/out.json", "--encoding", "gb18030"], "a JSON export is UTF-8"),
    (["-o", "{tmp}/missing/out"], "does not exist; create it first"),
    (["-o", "{tmp}/file.txt"], "is a file; give a folder"),
    (["-o", "{tmp}/folder.json"], "is a folder; give a file name ending in .json"),
    (["-o", "{tmp}/folder.csv"], "is a folder; give a file name ending in .csv"),
    (["-o", "{tmp}/out.csv", "--to", "neo4j-admin"], "give a folder name"),
])
def test_where_an_export_cannot_go_is_refused_before_anything_is_read(cli, tmp_path, args,
                                                                     message):
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "folder.csv").mkdir()
    result = cli("export", *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "folder.csv",
                                                          "folder.json"]


def test_a_property_holding_a_list_is_read_and_reported(store, tmp_path):
    loader.load(store, read_dataset(SMALL))
    store.run("MATCH (e:Enterprise {id: 'e-big'}) SET e.tags = ['a', 'b'], "
              "e.industry = ['汽車', 'auto']", write=True)
    store.run("MATCH (:PartyOrg)-[c:COVERS]->(:Enterprise {id: 'e-big'}) SET c.note = [1]",
              write=True)
    report = export(store, tmp_path / "out")
    assert report.lost == {} and report.own_columns == {"organizations": ["tags"]}
    assert report.changed == ["organization e-big", "relationship po-big -COVERS-> e-big"], (
        "a list is read back as its JSON text")
    big = next(o for o in read_dataset(tmp_path / "out").organizations if o.id == "e-big")
    assert big.properties["industry"] == '["汽車", "auto"]'
    as_json = export(store, tmp_path / "out.json")
    assert as_json.problem_count == 3 and "expected text" in as_json.problems[0]
    assert "of your own" in as_json.problems[1], "a list in a column of one's own is refused"


def test_an_export_into_the_embedded_data_folder_is_refused(db_folder, graph_name):
    from tests.conftest import Cli

    result = Cli(str(db_folder), graph_name)("export", "-o", str(db_folder / "copy"))
    assert result.exit_code == 2 and "belongs to the embedded server" in result.stderr
    assert not (db_folder / "copy").exists()


def test_the_cli_shows_a_table_and_a_progress_bar_for_big_exports(cli, tmp_path):
    synth.generate(6000, seed=1, out_dir=tmp_path / "district")
    assert cli("load", str(tmp_path / "district")).exit_code == 0
    result = cli("export", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "exporting" in result.stderr
    assert "relationship  PARTNERS_WITH" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("wrote ")
    csv_result = cli("export", "-o", str(tmp_path / "again"), "--format", "csv")
    assert csv_result.stdout.startswith("kind,name,count\nlabel,")


def test_dates_and_times_set_by_hand_are_written_as_iso_text(store, tmp_path):
    loader.load(store, read_dataset(SMALL))
    store.run("MATCH ()-[c:COVERS]->(:Enterprise {id: 'e-shop'}) "
              "SET c.since = date('2011-05-01')", write=True)
    for name in ("out", "out.json"):
        report = export(store, tmp_path / name)
        assert report.problem_count == 0, report.problems
        [covers] = [r for r in read_dataset(tmp_path / name).relationships
                    if r.type == "COVERS" and r.target == "e-shop"]
        assert covers.properties["since"] == "2011-05-01"
        if store.dialect == "falkordb":  # (the Neo4j store reads a date as its ISO text)
            assert report.changed == ["relationship po-street -COVERS-> e-shop"]


def test_a_target_that_may_not_be_looked_into_is_refused_plainly(cli, tmp_path,
                                                                 monkeypatch):
    """As for a user who may not look into the folder (the tests run as root, who may)."""
    closed = tmp_path / "closed" / "out"
    real_exists = Path.exists

    def exists(path: Path, **kwargs) -> bool:
        if path == closed:
            raise PermissionError(13, "Permission denied", str(path))
        return real_exists(path, **kwargs)

    (tmp_path / "closed").mkdir()
    monkeypatch.setattr(Path, "exists", exists)
    result = cli("export", "-o", str(closed))
    assert result.exit_code == 2
    assert f"cannot export to {closed}: Permission denied" in result.stderr


# --- a failed export leaves nothing behind ---------------------------------------------------

def entries(folder: Path) -> list[str]:
    """Every file and folder under ``folder``, hidden ones (a staging folder) included."""
    return sorted(str(Path(top, name).relative_to(folder))
                  for top, folders, files in os.walk(folder) for name in folders + files)


def interrupt(count: int) -> None:
    """Ctrl-C while the graph is read (what Python raises when SIGINT arrives)."""
    raise KeyboardInterrupt


@pytest.mark.parametrize("name", ["out", "out.csv", "out.json", "out.xlsx", "out.gexf"])
def test_ctrl_c_during_an_export_leaves_nothing(store, tmp_path, name):
    loader.load(store, read_dataset(PINGFANG))
    with pytest.raises(KeyboardInterrupt):
        export(store, tmp_path / name, progress=interrupt)
    assert entries(tmp_path) == []
    # into a folder that holds a file of the user's: the staging folder was inside it
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        export(store, tmp_path / "out", progress=interrupt)
    assert entries(tmp_path) == ["out", "out/notes.txt"]


@pytest.mark.parametrize("name", ["out", "out.csv", "out.json", "out.xlsx", "out.graphml"])
def test_a_write_that_fails_midway_leaves_nothing(cli, store, tmp_path, name):
    """The command run with a file size limit of 2 KiB (as on a full disk, the write fails
    with an OSError: EFBIG) while the export's first file is written; its own temporary
    folder (TMPDIR) is watched too."""
    loader.load(store, read_dataset(PINGFANG))
    here, scratch = tmp_path / "here", tmp_path / "tmp"
    here.mkdir()
    scratch.mkdir()
    command = [sys.executable, "-m", "graphmodel", "--db", cli.db,
               *(["--graph", cli.graph] if cli.graph else []),
               "export", "-o", str(here / name)]
    environment = {**os.environ, "TMPDIR": str(scratch)}

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    failed = subprocess.run(command, capture_output=True, text=True, preexec_fn=limited,
                            env=environment, timeout=120, cwd=here)
    assert failed.returncode == 2, failed.stderr
    assert failed.stderr == (f"error: cannot write the export to {here / name}: "
                             "[Errno 27] File too large\n")
    assert entries(tmp_path) == ["here", "tmp"]
    done = subprocess.run(command, capture_output=True, text=True, env=environment,
                          timeout=120, cwd=here)
    assert done.returncode == 0, done.stderr
    assert entries(scratch) == []


@pytest.mark.parametrize(("name", "blocked"), [
    ("out", "out/organizations.csv"),
    ("out.csv", "out.relationships.csv"),
    ("out.json", "out.json"),
])
def test_a_target_that_cannot_be_replaced_is_refused_and_nothing_new_is_left(cli, store,
                                                                             tmp_path, name,
                                                                             blocked):
    """--force over a place where a folder (not empty) stands where a file must go: the
    rename into place fails."""
    loader.load(store, read_dataset(PINGFANG))
    (tmp_path / blocked / "kept").mkdir(parents=True)
    before = entries(tmp_path)
    result = cli("export", "-o", str(tmp_path / name), "--force")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
    assert entries(tmp_path) == before


@pytest.mark.parametrize(("args", "message"), [
    (["--cluster", "99"], "cluster"),
    (["--zone", "nowhere"], "nowhere"),
    (["--encoding", "gbk"], "'gbk' is not one of"),
])
def test_a_refused_export_leaves_nothing(cli, store, tmp_path, args, message):
    loader.load(store, read_dataset(PINGFANG))
    for name in ("out", "out.csv"):
        result = cli("export", "-o", str(tmp_path / name), *args)
        assert result.exit_code == 2, result.output
        assert message in result.stderr and "Traceback" not in result.output
    assert entries(tmp_path) == []
