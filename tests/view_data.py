"""Synthetic registers for the view tests and benchmarks: any size, deterministic by seed.

>>> import tempfile, pathlib
>>> temporary = tempfile.TemporaryDirectory()
>>> folder = pathlib.Path(temporary.name)
>>> synthetic_register(folder, 1_000)
>>> len((folder / "organizations.csv").read_text(encoding="utf-8").splitlines())
1001
>>> temporary.cleanup()
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import networkx as nx

from graphmodel.analysis.projection import NODE_FIELDS, Projection
from graphmodel.dataset import Dataset
from graphmodel.schema import ORG_COLUMNS, REL_COLUMNS
from tests.analysis_helpers import area, org, rel


def synthetic_register(folder: Path, total: int, seed: int = 5) -> None:
    """A register of exactly ``total`` organizations with realistic ties (CJK names)."""
    rng = random.Random(seed)
    zones = [f"z{i}" for i in range(6)]
    streets = [f"s{i}" for i in range(24)]
    share = {"party_org": 0.12, "social_org": 0.04, "incubator": 0.008, "university": 0.006,
             "service_body": 0.02}                 # at 5,000: 600, 200, 40, 30, 100
    counts = {kind: max(1, round(total * part)) for kind, part in share.items()}
    counts["enterprise"] = total - len(zones) - len(streets) - sum(counts.values())
    orgs = [area(z, "zone") for z in zones] + [area(s) for s in streets]
    ids: dict[str, list[str]] = {}
    for kind, n in counts.items():
        ids[kind] = [f"{kind[:3]}{i}" for i in range(n)]
        for i, node in enumerate(ids[kind]):
            street = rng.choice(streets)
            orgs.append(org(node, kind, name=f"{street}第{i}號{kind}",
                            members=rng.choice([None, 0, 1, 2, 5, 60]),
                            level=rng.choice(["committee", "branch"]) if kind == "party_org"
                            else "", zone=rng.choice(zones) if kind != "party_org" else "",
                            street=street))
    units = ids["enterprise"] + ids["social_org"] + ids["incubator"]
    ties: dict[tuple[str, str, str], list[str]] = {}

    def tie(a: str, b: str, kind: str, mode: str = "") -> None:
        undirected = kind == "PARTNERS_WITH" and (b, a, kind) in ties
        if a != b and (a, b, kind) not in ties and not undirected:
            ties[a, b, kind] = rel(a, b, kind, mode)

    for unit in rng.sample(units, int(len(units) * 0.6)):
        tie(rng.choice(ids["party_org"]), unit, "COVERS",
            rng.choice(["standalone", "joint", "joint", "affiliated", "entrusted"]))
    for unit in rng.sample(units, len(units) // 10):
        tie(rng.choice(ids["party_org"]), unit, "GUIDES")
    for _ in range(total * 3 // 10):
        tie(rng.choice(units), rng.choice(units), "PARTNERS_WITH")
    for incubator in ids["incubator"]:
        for enterprise in rng.sample(ids["enterprise"], min(10, len(ids["enterprise"]))):
            tie(incubator, enterprise, "INCUBATES")
    for service in ids["service_body"]:
        for unit in rng.sample(units, 8):
            tie(service, unit, "SERVES")
    for unit in rng.sample(units, min(len(units), total * 4 // 25)):
        tie(unit, rng.choice(ids["social_org"]), "MEMBER_OF")
    committees = max(1, len(ids["party_org"]) // 10)
    for branch in ids["party_org"][committees:]:
        tie(branch, rng.choice(ids["party_org"][:committees]), "SUBORDINATE_TO")
    folder.mkdir(parents=True, exist_ok=True)
    for name, columns, rows in (("organizations.csv", ORG_COLUMNS, orgs),
                                ("relationships.csv", REL_COLUMNS, list(ties.values()))):
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            writer.writerows(rows)


def projection_of(dataset: Dataset) -> Projection:
    """The projection a store would give after loading ``dataset`` (no store needed)."""
    graph = nx.MultiDiGraph()
    for o in dataset.organizations:
        graph.add_node(o.id, type=o.type, **{k: o.properties.get(k) for k in NODE_FIELDS})
    for r in dataset.relationships:      # LOCATED_IN from the zone/street columns included
        graph.add_edge(r.source, r.target, type=r.type, mode=r.properties.get("mode"))
    return Projection(graph)
