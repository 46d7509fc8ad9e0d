"""One unit-status rule (graphmodel/status.py), and every path that applies it agrees.

The paths: the projection's Python (unit_status), numpy over integer columns (coverage,
plan and clusters where the store reads columns), and the Cypher generated from the rule
(coverage aggregated in the server). A graph a user edited with queries - COVERS without a
mode or in a mode outside the contract, several COVERS of one unit, GUIDES beside them -
gives every unit one status, whatever the path and the engine.
"""

from __future__ import annotations

import pytest

from graphmodel import status
from graphmodel.analysis import coverage as coverage_module
from graphmodel.analysis.clusters import clusters
from graphmodel.analysis.coverage import coverage, unit_status
from graphmodel.analysis.plan import plan
from graphmodel.analysis.projection import project
from graphmodel.dataset import read_dataset
from graphmodel.loader import load
from graphmodel.synth import generate

EDITS = (
    # modes outside the contract, of two kinds, and no mode
    "MATCH (:PartyOrg)-[c:COVERS]->(u) WITH c ORDER BY u.id LIMIT 3 SET c.mode = 'odd'",
    "MATCH (:PartyOrg)-[c:COVERS]->(u) WITH c ORDER BY u.id SKIP 3 LIMIT 3 SET c.mode = 7",
    "MATCH (:PartyOrg)-[c:COVERS]->(u) WITH c ORDER BY u.id SKIP 6 LIMIT 3 REMOVE c.mode",
    # an odd COVERS beside GUIDES: work only
    "MATCH (p:PartyOrg), (u:Enterprise) WHERE NOT ()-[:COVERS]->(u) AND NOT ()-[:GUIDES]->(u) "
    "WITH p, u ORDER BY p.id, u.id LIMIT 2 "
    "CREATE (p)-[:GUIDES]->(u), (p)-[:COVERS {mode: 'sometimes'}]->(u)",
    # a second COVERS from another party organization in a mode of higher rank
    "MATCH (p:PartyOrg)-[:COVERS {mode: 'entrusted'}]->(u) WITH u ORDER BY u.id LIMIT 3 "
    "MATCH (q:PartyOrg) WHERE NOT (q)-[:COVERS]->(u) WITH q, u ORDER BY q.id LIMIT 3 "
    "CREATE (q)-[:COVERS {mode: 'joint'}]->(u)",
)


@pytest.fixture
def edited(store, tmp_path):
    generate(1200, 5, tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    for statement in EDITS:
        store.run(statement, write=True)
    return store


def test_the_rule_in_python():
    assert status.status_of(["entrusted", "joint", "odd", None, 7], guided=False) == "joint"
    assert status.status_of(["odd", None], guided=True) == "work_only"
    assert status.status_of([], guided=False) == "uncovered"
    assert (*status.MODES, "work_only", "uncovered") == status.STATUSES


def test_the_generated_cypher_names_every_mode_in_its_order():
    case = status.cypher_status("modes", "guides")
    positions = [case.index(f"'{mode}' IN modes") for mode in status.MODES]
    assert positions == sorted(positions) and case.index("work_only") > positions[-1]
    code = status.cypher_mode_code("r.mode")
    assert all(f"r.mode = '{mode}' THEN {rank}" in code
               for rank, mode in enumerate(status.MODES))


def test_every_path_gives_each_unit_the_same_status(edited):
    store = edited
    projection = project(store)
    by_python = unit_status(projection)
    # the Cypher generated from the rule, unit by unit
    rows = store.run(
        "MATCH (u) WHERE u:Enterprise OR u:Incubator OR u:SocialOrg "
        "OPTIONAL MATCH (u)<-[c:COVERS]-(:PartyOrg) WITH u, collect(c.mode) AS modes "
        "OPTIONAL MATCH (u)<-[g:GUIDES]-(:PartyOrg) WITH u, modes, count(g) AS guides "
        f"RETURN u.id, {status.cypher_status('modes', 'guides')}").rows
    assert dict(rows) == by_python
    odd = {unit for unit, kind in by_python.items() if kind not in status.STATUSES}
    assert odd == set()
    # the units the edits touched are among the uncovered and the work only
    assert sum(kind == "work_only" for kind in by_python.values()) >= 2


def test_coverage_plan_and_clusters_count_by_the_rule_on_every_path(edited):
    store = edited
    projection = project(store)
    by_python = unit_status(projection)
    for by in (None, "zone", "street", "industry", "size"):
        assert coverage(store, by=by) == coverage(projection, by=by), by
    reads = store.columns()
    if reads is not None:  # (where the store reads columns, the server's Cypher agrees too)
        for by in (None, "street"):
            assert (coverage_module._count_in_columns(reads, by)
                    == coverage_module._count_by_cypher(store, by))
    total = coverage(store).total
    assert total.uncovered == sum(kind == "uncovered" for kind in by_python.values())
    assert total.work_only == sum(kind == "work_only" for kind in by_python.values())
    assert plan(store) == plan(projection)
    for method in ("networkx", "igraph"):
        report = clusters(store, method=method)
        for cluster in report.clusters:
            assert cluster.uncovered == sum(by_python.get(member) == "uncovered"
                                            for member in cluster.members), method
