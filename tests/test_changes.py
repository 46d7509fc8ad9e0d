"""A load into an existing FalkorDB graph merges only the rows that would change something.

Whatever a user's --write queries did to the graph in between, the graph after such a load
must be the graph after merging every row.
"""

from __future__ import annotations

import pytest

from graphmodel import loader
from graphmodel.dataset import Dataset, Organization, read_dataset
from graphmodel.errors import UsageError
from graphmodel.store import embedded, open_store
from graphmodel.store.changes import Comparison, compare
from graphmodel.synth import generate
from tests.conftest import graph_dump

#: what users do to a loaded graph, each statement on its own (ids of the synthetic district)
EDITS = {
    "a property changed": "MATCH (n:Enterprise) WITH n ORDER BY n.id LIMIT 1 "
                          "SET n.name = n.name + ' (renamed)'",
    "a property added": "MATCH (n:Enterprise) WITH n ORDER BY n.id SKIP 1 LIMIT 1 "
                        "SET n.note = 'visited'",
    "a property removed": "MATCH (n:PartyOrg) WITH n ORDER BY n.id LIMIT 1 SET n.level = null",
    "a number changed": "MATCH (n:Enterprise) WHERE n.employees IS NOT NULL "
                        "WITH n ORDER BY n.id LIMIT 1 SET n.employees = n.employees + 0.5",
    "a node deleted": "MATCH (n:University) WITH n ORDER BY n.id LIMIT 1 DETACH DELETE n",
    "a relationship deleted": "MATCH (:Enterprise)-[r:PARTNERS_WITH]->(b) WITH r ORDER BY b.id "
                              "LIMIT 1 DELETE r",
    "a relationship thrice": "MATCH (a:Enterprise)-[:LOCATED_IN]->(z:Zone) WITH a, z "
                             "ORDER BY a.id LIMIT 1 CREATE (a)-[:LOCATED_IN {since: '2001'}]->(z), "
                             "(a)-[:LOCATED_IN]->(z)",
    "a mode changed": "MATCH (:PartyOrg)-[c:COVERS]->(u) WITH c ORDER BY u.id LIMIT 1 "
                      "SET c.mode = CASE c.mode WHEN 'joint' THEN 'standalone' ELSE 'joint' END",
    "a property on a relationship without": "MATCH (:Enterprise)-[r:LOCATED_IN]->(s:Street) "
                                            "WITH r ORDER BY s.id LIMIT 1 SET r.since = '2020'",
}


@pytest.fixture
def district(tmp_path):
    generate(1200, seed=11, out_dir=tmp_path / "district")
    return read_dataset(tmp_path / "district")


@pytest.fixture
def two_graphs(db_folder, graph_name):
    """Two embedded graphs in one server: (merging what changed, merging everything)."""
    stores = [open_store(str(db_folder), f"{graph_name}{suffix}") for suffix in ("c", "a")]
    yield stores
    for store in stores:
        store.delete_graph()
        store.close()


def test_an_unchanged_graph_needs_no_row_merged(two_graphs, district):
    store, _ = two_graphs
    loader.load(store, district)
    comparison = compare(store, district)
    assert (comparison.organizations, comparison.relationships) == ([], [])


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_after_a_users_edit_merging_what_changed_is_merging_everything(two_graphs, district,
                                                                       edit, monkeypatch):
    changed, everything = two_graphs
    monkeypatch.setattr(embedded, "NODE_PART", 97)  # the nodes read in many parts
    for store in two_graphs:
        loader.load(store, district)
        store.run(EDITS[edit], write=True)
    comparison = compare(changed, district)
    organizations, relationships = comparison.organizations, comparison.relationships
    # the rows the edit touched (the university had 25 relationships), not all 5,000
    assert 1 <= len(organizations) + len(relationships) <= 30
    loader.load(changed, district)
    with monkeypatch.context() as patch:  # the merge of every row, as before
        patch.setattr(loader, "_compare", lambda store, dataset: Comparison(
            list(range(len(dataset.organizations))), list(range(len(dataset.relationships))),
            []))
        loader.load(everything, district)
    assert graph_dump(changed) == graph_dump(everything)
    if edit != "a relationship thrice":  # (two of a type between a pair: always merged)
        again = compare(changed, district)
        assert (again.organizations, again.relationships) == ([], [])


def test_a_value_of_another_kind_is_merged_again(two_graphs, district):
    """true == 1 in Python, but a user reading the graph sees a boolean: merged back to 1."""
    store, _ = two_graphs
    loader.load(store, district)
    number, org = min(((k, o) for k, o in enumerate(district.organizations)
                       if 1 in (o.properties.get("employees"), o.properties.get("party_members"))),
                      key=lambda item: item[1].id)
    counts = "RETURN [n.employees, n.party_members] AS counts"
    store.run("MATCH (n {id: $id}) SET "
              "n.employees = CASE n.employees WHEN 1 THEN true ELSE n.employees END, "
              "n.party_members = CASE n.party_members WHEN 1 THEN true ELSE n.party_members END",
              {"id": org.id}, write=True)
    assert True in store.run("MATCH (n {id: $id}) " + counts, {"id": org.id}).rows[0][0]
    assert compare(store, district).organizations == [number]
    loader.load(store, district)
    [[values]] = store.run("MATCH (n {id: $id}) " + counts, {"id": org.id}).rows
    assert values == [org.properties.get("employees"), org.properties.get("party_members")]
    assert True not in [type(value) is bool for value in values]


def test_a_list_a_user_wrote_is_merged_over(two_graphs, district):
    """The graph is read as scalars: a list in a property means every row is merged."""
    store, _ = two_graphs
    loader.load(store, district)
    org = min((o for o in district.organizations if o.type == "enterprise"),
              key=lambda o: o.id)
    store.run("MATCH (n:Enterprise {id: $id}) SET n.industry = ['a', 'b']", {"id": org.id},
              write=True)
    store.run("MATCH (:PartyOrg)-[c:COVERS]->(u) WITH c ORDER BY u.id LIMIT 1 "
              "SET c.note = ['x']", write=True)
    loader.load(store, district)
    assert store.run("MATCH (n {id: $id}) RETURN n.industry", {"id": org.id}).rows == [
        [org.properties.get("industry")]]
    assert store.run("MATCH ()-[c:COVERS]->() WHERE c.note IS NOT NULL RETURN count(c)"
                     ).rows == [[0]]


def test_a_value_left_empty_in_a_dataset_made_by_hand_is_merged(two_graphs):
    """SET n = {name: null} leaves name out: the counts of properties do not tell."""
    store, _ = two_graphs
    loader.load(store, Dataset([Organization("e1", "enterprise", {
        "id": "e1", "type": "enterprise", "name": "一", "industry": "x"})], []))
    by_hand = Dataset([Organization("e1", "enterprise", {
        "id": "e1", "type": "enterprise", "name": "一", "level": None})], [])
    assert compare(store, by_hand).organizations == [0]
    loader.load(store, by_hand)
    assert store.run("MATCH (n {id: 'e1'}) RETURN n.industry").rows == [[None]]


def test_an_id_that_would_change_type_is_refused_and_nothing_written(two_graphs, district,
                                                                       monkeypatch):
    store, _ = two_graphs
    loader.load(store, district)
    before = graph_dump(store)
    number, org = min(((k, o) for k, o in enumerate(district.organizations)
                       if o.type == "enterprise"), key=lambda item: item[1].id)
    organizations = list(district.organizations)
    organizations[number] = Organization(org.id, "incubator",
                                         {**org.properties, "type": "incubator"})
    moved = Dataset(organizations, district.relationships, ends=district.ends)
    expected = f"1 ids would change type: {org.id} is Enterprise in the graph but Incubator"
    with pytest.raises(UsageError, match=expected):
        loader.load(store, moved)
    monkeypatch.setattr(loader, "_compare", lambda store, dataset: None)  # Neo4j's way
    with pytest.raises(UsageError, match=expected):
        loader.load(store, moved)
    assert graph_dump(store) == before
