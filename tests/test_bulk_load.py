"""The bulk path (GRAPH.BULK) builds exactly the graph that merging batch by batch builds.

A load into a graph that does not exist goes through the bulk path; a load into an existing
graph merges. Both must leave the same nodes, labels, properties and relationships, and the
bulk path must leave the id indexes and uniqueness constraints in force.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel import loader
from graphmodel.dataset import read_dataset
from graphmodel.errors import QueryError
from graphmodel.store import open_store
from graphmodel.store.bulk import BulkUnsupported, encode_nodes
from tests.conftest import SMALL

PINGFANG = Path(__file__).parent.parent / "examples" / "pingfang"


def _dump(store) -> tuple[list[str], list[str]]:
    """Every node (labels, properties) and relationship (ends, type, properties), sorted."""
    def norm(row: list) -> str:
        return repr([sorted(v.items()) if isinstance(v, dict) else v for v in row])

    nodes = store.run("MATCH (n) RETURN labels(n), properties(n)").rows
    rels = store.run("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)").rows
    return sorted(map(norm, nodes)), sorted(map(norm, rels))


@pytest.fixture
def embedded(db_folder, graph_name):
    """Two empty embedded graphs: (for the bulk path, for the merge path)."""
    stores = [open_store(str(db_folder), f"{graph_name}{suffix}") for suffix in ("b", "m")]
    for store in stores:
        store.delete_graph()
    yield stores
    for store in stores:
        store.delete_graph()
        store.close()


@pytest.mark.parametrize("folder", [SMALL, PINGFANG], ids=["small", "pingfang"])
def test_bulk_and_merge_build_the_same_graph(embedded, folder):
    dataset = read_dataset(folder)
    bulk_store, merge_store = embedded
    assert bulk_store.create_graph(*loader.bulk_rows(dataset))
    merge_store.create_schema()  # the graph exists, so the load merges
    merge_store.run("CREATE (:Zone {id: '~placeholder'})", write=True)
    loader.load(merge_store, dataset)
    merge_store.run("MATCH (n {id: '~placeholder'}) DELETE n", write=True)
    assert _dump(bulk_store) == _dump(merge_store)
    assert bulk_store.counts() == merge_store.counts()


def test_a_first_load_goes_through_the_bulk_path_and_a_reload_merges(embedded):
    dataset = read_dataset(SMALL)
    store, _ = embedded
    nodes, rels = loader.bulk_rows(dataset)
    assert store.create_graph(nodes, rels)
    before = _dump(store)
    assert not store.create_graph(nodes, rels)  # exists now: refused, nothing written
    loader.load(store, dataset)  # merges into it: idempotent
    assert _dump(store) == before


def test_the_bulk_path_leaves_id_indexes_and_uniqueness_in_force(embedded):
    store, _ = embedded
    loader.load(store, read_dataset(SMALL))
    statuses = store.run("CALL db.indexes() YIELD label, status RETURN label, status").rows
    assert {label for label, _ in statuses} >= {"Enterprise", "PartyOrg", "Zone", "Street"}
    assert {status for _, status in statuses} == {"OPERATIONAL"}
    with pytest.raises(QueryError, match=r"(?i)unique|constraint"):
        store.run("CREATE (:Enterprise {id: 'e-big'})", write=True)


def test_a_value_the_bulk_format_cannot_carry_falls_back_and_writes_nothing(embedded):
    store, _ = embedded
    nodes = {"Zone": [{"id": "z1", "name": "bad\x00name"}]}
    assert not store.create_graph(nodes, {})
    assert store.graph not in store.graphs()
    with pytest.raises(BulkUnsupported):
        list(encode_nodes("Zone", [{"id": "z1", "employees": 2**70}]))


def test_replace_through_the_bulk_path_swaps_the_graph(embedded, tmp_path):
    store, _ = embedded
    loader.load(store, read_dataset(PINGFANG))
    report = loader.load(store, read_dataset(SMALL), replace=True)
    assert report.replaced
    assert store.counts() == report.graph
    assert _dump(store)[0] == _dump_of(SMALL, tmp_path)[0]


def _dump_of(folder: Path, tmp_path: Path) -> tuple[list[str], list[str]]:
    with open_store(str(tmp_path / "db"), "fresh") as store:
        loader.load(store, read_dataset(folder))
        return _dump(store)


def test_a_projection_waits_for_a_load_of_its_graph_to_finish(embedded, db_folder, capfd):
    """Node keys and relationship ends are read by several statements: never across a load."""
    import threading
    import time

    from graphmodel.analysis.projection import project

    store, _ = embedded
    loader.load(store, read_dataset(SMALL))
    result: list = []
    with open_store(str(db_folder), store.graph) as writer, writer.writing():
        reader = threading.Thread(target=lambda: result.append(project(store)))
        reader.start()
        time.sleep(0.5)
        assert reader.is_alive() and not result, "the read did not wait for the writer"
    reader.join(timeout=30)
    assert result and result[0].graph.number_of_nodes() == store.counts().nodes
    assert "is being written; waiting" in capfd.readouterr().err
