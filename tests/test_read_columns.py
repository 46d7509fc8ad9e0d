"""Columnar reads: lists of integers come back as numpy arrays, exactly, or as a clear error."""

from __future__ import annotations

import numpy as np
import pytest

from graphmodel.dataset import read_dataset
from graphmodel.errors import QueryError
from graphmodel.loader import load
from graphmodel.synth import generate


def test_lists_of_integers_arrive_as_arrays_with_the_other_columns_as_they_are(store):
    store.run("CREATE (:Zone {id: 'z'})", write=True)  # (a graph that exists: the fast path)
    rows = store.read_columns(
        "UNWIND [['a', [3, -1, 9007199254740993]], ['b', []]] AS pair "
        "RETURN pair[0] AS name, pair[1] AS numbers ORDER BY name", arrays={"numbers"})
    assert [row["name"] for row in rows] == ["a", "b"]
    assert rows[0]["numbers"].dtype == np.int64
    assert rows[0]["numbers"].tolist() == [3, -1, 9007199254740993]
    assert rows[1]["numbers"].tolist() == []


def test_a_graph_that_does_not_exist_reads_as_empty_lists(store):
    rows = store.read_columns("MATCH (n) RETURN collect(id(n)) AS ids", arrays={"ids"})
    assert [row["ids"].tolist() for row in rows] == [[]]


def test_ids_match_a_row_by_row_read(store, tmp_path):
    generate(500, 3, tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    statement = "MATCH (a)-[:LOCATED_IN]->(b) RETURN collect(id(a)) AS a, collect(id(b)) AS b"
    [columns] = store.read_columns(statement, arrays={"a", "b"})
    rows = store.run("MATCH (a)-[:LOCATED_IN]->(b) RETURN id(a), id(b)").rows
    pairs = zip(columns["a"].tolist(), columns["b"].tolist(), strict=True)
    assert sorted(pairs) == sorted(map(tuple, rows))


@pytest.mark.parametrize("values", ["[1, null, 3]", "[1, 'x']", "[1.5, 2]"])
def test_a_list_that_is_not_all_integers_is_refused_by_name(store, values):
    store.run("CREATE (:Zone {id: 'z'})", write=True)
    with pytest.raises(QueryError, match="column 'numbers': expected a list of integers"):
        store.read_columns(f"RETURN {values} AS numbers", arrays={"numbers"})
