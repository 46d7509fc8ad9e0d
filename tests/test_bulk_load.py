"""The bulk path (GRAPH.BULK) builds exactly the graph that merging batch by batch builds.

A load into a graph that does not exist goes through the bulk path; a load into an existing
graph merges. Both must leave the same nodes, labels, properties and relationships, and the
bulk path must leave the id indexes and uniqueness constraints in force.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphmodel import loader
from graphmodel.dataset import read_dataset
from graphmodel.errors import QueryError
from graphmodel.store import bulk, open_store
from graphmodel.store.bulk import BulkUnsupported, encode_nodes, encode_relationships
from tests.conftest import SMALL, graph_dump

PINGFANG = Path(__file__).parent.parent / "examples" / "pingfang"


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
    assert graph_dump(bulk_store) == graph_dump(merge_store)
    assert bulk_store.counts() == merge_store.counts()


def test_a_first_load_goes_through_the_bulk_path_and_a_reload_merges(embedded):
    dataset = read_dataset(SMALL)
    store, _ = embedded
    nodes, rels = loader.bulk_rows(dataset)
    assert store.create_graph(nodes, rels)
    before = graph_dump(store)
    assert not store.create_graph(nodes, rels)  # exists now: refused, nothing written
    loader.load(store, dataset)  # merges into it: idempotent
    assert graph_dump(store) == before


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
    assert graph_dump(store)[0] == _dump_of(SMALL, tmp_path)[0]


def _dump_of(folder: Path, tmp_path: Path) -> tuple[list[str], list[str]]:
    with open_store(str(tmp_path / "db"), "fresh") as store:
        loader.load(store, read_dataset(folder))
        return graph_dump(store)


def test_a_projection_waits_for_a_load_of_its_graph_to_finish(embedded, db_folder, caplog):
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
    # (the library logs it; the command shows it on stderr as a note)
    assert "is being written; waiting" in caplog.text


VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63 - 1),
                   st.floats(allow_nan=False), st.sampled_from(["joint", "2019", "甲"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["mode", "since", "w"]), VALUES), max_size=8),
       st.sampled_from([1, 30]))
def test_relationship_records_are_the_ends_then_the_values_in_order(distinct, times):
    """numpy puts the records together (few distinct property combinations, 30 times over),
    or they are joined one by one (mostly distinct): the bytes of encoding each in order."""
    rows = [dict(row) for _ in range(times) for row in distinct]
    sources = np.arange(len(rows), dtype=np.int64) * 7
    targets = np.arange(len(rows), dtype=np.int64)[::-1].copy()
    calls = list(encode_relationships("T", sources, targets, rows))
    keys = sorted(set().union(*rows))
    expected = b"".join(bulk._ENDS.pack(int(a), int(b)) + b"".join(bulk._value(r.get(k))
                                                                      for k in keys)
                        for a, b, r in zip(sources, targets, rows, strict=True))
    assert b"".join(call[4][len(bulk._header("T", keys)):] for call in calls) == expected
    assert sum(call[1] for call in calls) == len(rows)


def test_relationships_keep_each_value_and_its_kind_through_the_bulk_path(embedded,
                                                                          monkeypatch):
    store, _ = embedded
    monkeypatch.setattr(bulk, "RELATIONSHIP_CHUNK", 2)  # three calls
    nodes = {"Enterprise": [{"id": f"e{k}"} for k in range(3)]}
    values = [True, 1, 1.0, "1", None]
    relationships = {"PARTNERS_WITH": (np.array([0, 0, 1, 1, 2]), np.array([1, 2, 0, 2, 0]),
                                       [{"w": value} for value in values])}
    assert store.create_graph(nodes, relationships)
    rows = store.run("MATCH (a)-[r]->(b) RETURN a.id, b.id, r.w ORDER BY a.id, b.id").rows
    assert rows == [["e0", "e1", True], ["e0", "e2", 1], ["e1", "e0", 1.0], ["e1", "e2", "1"],
                    ["e2", "e0", None]]
    assert [type(row[2]) for row in rows] == [bool, int, float, str, type(None)]
    with pytest.raises(BulkUnsupported):
        list(encode_relationships("T", np.array([0]), np.array([1]), [{"w": [1]}]))
