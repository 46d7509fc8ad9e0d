"""A load into a graph that holds organizations says what it added, changed and left
untouched, and names the organizations the register does not hold; --sync removes them."""

from __future__ import annotations

import json

from graphmodel.dataset import read_dataset
from graphmodel.loader import load
from tests.analysis_helpers import area, org, rel, write_rows

FIRST = [area("s1", name="東街"), org("po", "party_org", level="branch", street="s1"),
         org("e1", name="甲廠", members=2, street="s1"), org("e2", name="乙廠", street="s1"),
         org("e3", name="丙廠", members=5, street="s1"), org("e4", name="丁店", street="s1")]
FIRST_RELS = [rel("po", "e1", "COVERS", "joint"), rel("po", "e3", "COVERS", "standalone"),
              rel("e3", "e4", "PARTNERS_WITH")]
# e1's members change, e4 leaves the register (with its tie), e5 arrives
SECOND = [*FIRST[:2], org("e1", name="甲廠", members=3, street="s1"), *FIRST[3:5],
          org("e5", name="戊店", street="s1")]
SECOND_RELS = FIRST_RELS[:2]


def test_a_reload_says_what_it_added_changed_and_left_and_what_is_absent(store, tmp_path, cli):
    load(store, read_dataset(write_rows(tmp_path / "v1", FIRST, FIRST_RELS)))
    second = write_rows(tmp_path / "v2", SECOND, SECOND_RELS)
    result = cli("load", str(second), "--format", "json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)["changes"]
    assert changes["added"] == 1
    assert changes["absent"] == [{"id": "e4", "label": "Enterprise", "name": "丁店"}]
    assert changes["removed"] is False
    assert (changes["changed"], changes["untouched"]) == (1, 4)
    assert store.run("MATCH (n {id: 'e4'}) RETURN count(n)").rows == [[1]]   # kept
    table = cli("load", str(second)).stdout
    assert "1 organizations in the graph are not in the register, kept" in table
    assert "e4 (丁店)" in table


def test_sync_removes_the_absent_with_their_relationships_after_saying_so(store, tmp_path,
                                                                         cli):
    load(store, read_dataset(write_rows(tmp_path / "v1", FIRST, FIRST_RELS)))
    second = write_rows(tmp_path / "v2", SECOND, SECOND_RELS)
    result = cli("load", str(second), "--sync")
    assert result.exit_code == 0, result.output
    assert "removing 1 organizations the register does not hold" in result.stderr
    assert "e4 (Enterprise) 丁店" in result.stderr
    assert "removed (--sync) with their relationships: e4 (丁店)" in result.stdout
    assert store.run("MATCH (n {id: 'e4'}) RETURN count(n)").rows == [[0]]
    assert store.run("MATCH ()-[r:PARTNERS_WITH]->() RETURN count(r)").rows == [[0]]
    ids = sorted(row[0] for row in store.run("MATCH (n) RETURN n.id").rows)
    assert ids == ["e1", "e2", "e3", "e5", "po", "s1"]
    again = json.loads(cli("load", str(second), "--sync", "--format", "json").stdout)
    assert again["changes"]["absent"] == [] and again["changes"]["added"] == 0


def test_a_first_load_has_no_changes_and_sync_with_replace_is_refused(store, tmp_path, cli):
    first = write_rows(tmp_path / "v1", FIRST, FIRST_RELS)
    assert json.loads(cli("load", str(first), "--format", "json").stdout)["changes"] is None
    refused = cli("load", str(first), "--sync", "--replace")
    assert refused.exit_code == 2 and "choose one" in refused.stderr
