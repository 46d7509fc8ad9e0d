"""Columns of the user's own: a register's extra columns (聯繫電話, 備註 ...) are kept as node
or relationship properties under their header, listed in load's report; a header that only
looks like a contract column is refused with "did you mean"."""

from __future__ import annotations

import json

import pytest

from graphmodel.dataset import DatasetError, read_dataset
from graphmodel.loader import load
from tests.conftest import SMALL

ORGANIZATIONS = ("id,type,name,聯繫電話,Contact Person\n"
                 "z,zone,北區,,\n"
                 "e,enterprise,甲,0451-86661234,張三\n"
                 "f,enterprise,乙,,\n")
RELATIONSHIPS = "source,target,type,合作項目\ne,f,PARTNERS_WITH,機器人\n"


def test_own_columns_are_kept_as_properties_and_reported(store, tmp_path, cli):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "organizations.csv").write_text(ORGANIZATIONS, encoding="utf-8")
    (folder / "relationships.csv").write_text(RELATIONSHIPS, encoding="utf-8")
    report = load(store, read_dataset(folder))
    assert report.own_columns == {"organizations": ["聯繫電話", "Contact Person"],
                                  "relationships": ["合作項目"]}
    # (FalkorDB's Cypher reads a CJK property name in backticks)
    [[phone, founder]] = store.run("MATCH (n {id: 'e'}) RETURN n.`聯繫電話`, n.`Contact Person`"
                                   ).rows
    assert (phone, founder) == ("0451-86661234", "張三")  # (text as written, not a number)
    assert store.run("MATCH (n {id: 'f'}) RETURN keys(n)").rows[0][0].count("聯繫電話") == 0
    assert store.run("MATCH ()-[r:PARTNERS_WITH]->() RETURN r.`合作項目`").rows == [["機器人"]]
    shown = cli("load", str(folder))
    assert "columns outside the contract, kept as properties: 聯繫電話, Contact Person " \
           "(organizations); 合作項目 (relationships)" in shown.stdout
    data = json.loads(cli("load", str(folder), "--format", "json").stdout)
    assert data["own_columns"]["organizations"] == ["聯繫電話", "Contact Person"]


def test_json_own_fields_keep_their_kind_and_nested_values_are_refused(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"organizations": [
        {"id": "e", "type": "enterprise", "name": "甲", "rating": 4.5, "listed": True,
         "staff_ids": 12},
        {"id": "f", "type": "enterprise", "name": "乙", "tags": ["a", "b"]}]}),
        encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_dataset(path)
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith("d.json, $.organizations[1].tags: ") and "of your own" in problem
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["organizations"][1]["tags"]
    path.write_text(json.dumps(document), encoding="utf-8")
    [first, _] = read_dataset(path).organizations
    assert {k: first.properties[k] for k in ("rating", "listed", "staff_ids")} == {
        "rating": 4.5, "listed": True, "staff_ids": 12}


@pytest.mark.parametrize(("header", "meant"), [("party_member", "party_members"),
                                               ("Provenence", "provenance"),
                                               ("黨員人", "黨員人數")])
def test_a_near_miss_of_a_contract_column_is_refused(tmp_path, header, meant):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        (SMALL / "organizations.csv").read_text(encoding="utf-8").replace(
            "provenance\n", f"provenance,{header}\n", 1), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_dataset(folder)
    assert [p.message.split(";")[0] for p in caught.value.problems] == [
        f"unknown column (did you mean {meant!r}?)"]
