"""Neo4j's own Cypher front end checks every Neo4j-dialect statement graphmodel has.

The linter (npm @neo4j-cypher/language-support, pinned in tests/cypher_lint/) is given the
project's schema, generated from graphmodel.schema: labels, relationship types, property keys
and the allowed (from, type, to) triples. Every statement in cypher/ except the FalkorDB
schema file, with every template filled in for every label and endpoint pair the Neo4j store
can send, must come out with no error and no warning.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from graphmodel import cypherlib, schema
from tests import cypher_lint

#: every parameter any statement takes, with an example value of its type
PARAMETERS: dict[str, Any] = {"rows": [{"id": "x", "properties": {}}], "limit": 10, "by": "zone",
                              "id": "x", "keys": ["x"], "ids": ["x"],
                              "types": ["COVERS"], "labels": ["Zone"],
                              "name": "graphmodel-x", "first": [0], "second": [1],
                              "weight": [1], "gamma": 1.0, "seed": 42, "settings": {},
                              "day": "2017-07-31"}


def project_schema() -> dict[str, Any]:
    saved = {p: "x" for q in cypherlib.saved_queries() for p in q.params}
    defaults = {k: v for q in cypherlib.saved_queries() for k, v in q.defaults.items()}
    return {
        "labels": sorted(schema.LABELS.values()),
        "relationshipTypes": sorted(schema.RELATIONSHIPS),
        "propertyKeys": schema.property_keys(),
        "parameters": {**PARAMETERS, **saved, **defaults},
        "paths": [{"from": s, "type": t, "to": o} for s, t, o in schema.endpoint_pairs()],
    }


def neo4j_statements() -> dict[str, str]:
    """Every statement the Neo4j store can send, by a readable name."""
    statements: dict[str, str] = {}
    for folder in ("schema", "stats", "projection", "analysis", "queries", "views", "export",
                   "networkx"):
        for file in cypherlib.list_folder(folder):
            if file.path in ("schema/falkordb.cypher", "analysis/cluster-members.cypher",
                             "views/same-id.cypher", "export/relationships.cypher",
                             "export/relationship-properties.cypher"):
                continue  # FalkorDB's dialect, or a template filled in below
            # (FalkorDB's own projection reads sit in projection/falkordb/, not listed here)
            for number, text in enumerate(file.statements(), start=1):
                # (__KEY__: the engine's node id function, elementId on Neo4j)
                statements[f"{file.path}#{number}"] = re.sub(
                    r"__IN_PART__\(\w+\)", "true", text.replace("__KEY__", "elementId"))
    same_id = cypherlib.read("views/same-id.cypher").statements()[0]
    members = cypherlib.read("analysis/cluster-members.cypher").statements()[0]
    clear = cypherlib.read("load/clear.cypher").statements()
    statements["load/clear.cypher#1"], statements["load/clear.cypher#2"] = clear[:2]
    for label in schema.LABELS.values():
        statements[f"load nodes :{label}"] = cypherlib.load_statement(label).statements()[0]
        statements[f"same id :{label}"] = cypherlib.fill(same_id, label=label)
        if label not in ("Zone", "Street"):  # (clusters hold no areas)
            statements[f"cluster members :{label}"] = cypherlib.fill(members, label=label)
        statements[f"clear :{label}"] = cypherlib.fill(clear[2], label=label)
    create = cypherlib.read("load/create-relationships.cypher").text
    for source, rel_type, target in schema.endpoint_pairs():
        statements[f"load (:{source})-[:{rel_type}]->(:{target})"] = \
            cypherlib.relationship_statement(source, rel_type, target)
        statements[f"create (:{source})-[:{rel_type}]->(:{target})"] = cypherlib.fill(
            create, source=source, type=rel_type, target=target)
    for name in ("relationships", "relationship-properties"):
        export_relationships = re.sub(r"__IN_PART__\(\w+\)", "true", cypherlib.read(
            f"export/{name}.cypher").statements()[0].replace("__KEY__", "elementId"))
        for rel_type in schema.RELATIONSHIPS:
            statements[f"export {name} ()-[:{rel_type}]->()"] = cypherlib.fill(
                export_relationships, type=rel_type)
    return statements


@pytest.fixture(scope="module")
def linted() -> dict[str, list[dict[str, Any]]]:
    cypher_lint.ensure_installed()
    return cypher_lint.lint(neo4j_statements(), project_schema())


def test_every_neo4j_statement_passes_the_linter_clean(linted):
    assert len(linted) > 90
    dirty = {name: found for name, found in linted.items() if found}
    assert dirty == {}


def test_a_misspelt_label_or_a_reversed_relationship_fails():
    found = cypher_lint.lint({
        "misspelt label": "MATCH (e:Entreprise) RETURN e.name",
        "reversed": "MATCH (e:Enterprise)-[:COVERS]->(p:PartyOrg) RETURN p.id",
        "reversed write": "MATCH (e:Enterprise {id: $rows}) MATCH (p:PartyOrg {id: $limit}) "
                          "MERGE (e)-[:COVERS]->(p)",
        "unknown property": "MATCH (e:Enterprise) RETURN e.party_member",
        "syntax": "MATCH (n RETURN n",
        "correct": "MATCH (p:PartyOrg)-[c:COVERS]->(e:Enterprise) WHERE c.mode = 'joint' "
                   "RETURN p.id, e.name",
    }, project_schema())
    for name in ("misspelt label", "reversed", "reversed write", "unknown property", "syntax"):
        assert found[name], f"the linter let {name!r} through"
    assert found["correct"] == []
