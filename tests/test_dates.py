"""Dates in the contract: founded and closed (organizations), since and until (relationships):
a year (its 1 January) or an ISO date, in order, under English or Chinese headers."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from graphmodel.dataset import DatasetError, as_date, read_dataset
from graphmodel.exporting import export
from graphmodel.loader import load
from tests.conftest import graph_dump

ORGS = ("id,type,name,party_members,founded,closed\n"
        "po,party_org,黨支部,5,2015,\n"
        "e-old,enterprise,老廠,3,2001-03-15,2017\n"
        "e-new,enterprise,新廠,0,2017-07-01,\n")
RELS = ("source,target,type,mode,since,until\n"
        "po,e-old,COVERS,standalone,2015,2017-01-01\n"
        "po,e-new,GUIDES,,2017-08,\n")


def write(folder, orgs: str, rels: str):
    folder.mkdir()
    (folder / "organizations.csv").write_text(orgs, encoding="utf-8")
    (folder / "relationships.csv").write_text(rels, encoding="utf-8")
    return folder


def problems_of(folder) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        read_dataset(folder)
    return [str(p) for p in caught.value.problems]


def test_dates_are_read_as_written_and_checked_in_order(tmp_path):
    found = problems_of(write(tmp_path / "d", ORGS, RELS))
    assert found == ["relationships.csv, line 3, column 5 (since): '2017-08': expected a year "
                     "(2016) or an ISO date (2016-05-01)"]
    bad = write(tmp_path / "e", ORGS.replace("2001-03-15,2017", "2018,2017-12-31"),
                RELS.replace("2017-08", "2017-08-01").replace("2015,2017-01-01",
                                                               "2017-02-01,2017"))
    assert problems_of(bad) == [
        "organizations.csv, line 3, column 6 (closed): '2017-12-31': closed is before founded "
        "(2018)",
        "relationships.csv, line 2, column 6 (until): '2017': until is before since (2017-02-01)"]


def test_a_year_is_its_first_of_january_and_the_same_day_is_in_order(tmp_path):
    assert as_date("2017") == dt.date(2017, 1, 1)
    same = write(tmp_path / "d", ORGS.replace("2001-03-15,2017", "2017,2017-01-01"),
                 RELS.replace("2017-08", "2017-08-01"))
    organizations = {o.id: o.properties for o in read_dataset(same).organizations}
    assert (organizations["e-old"]["founded"], organizations["e-old"]["closed"]) == (
        "2017", "2017-01-01")


def test_chinese_headers_and_excel_dates_load_the_same_graph(store, tmp_path):
    english = write(tmp_path / "d", ORGS, RELS.replace("2017-08", "2017-08-01"))
    load(store, read_dataset(english))
    expected = graph_dump(store)
    assert "2017-08-01" in str(expected) and "'closed', '2017'" in str(expected)
    store.delete_graph()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "组织"
    sheet.append(["编号", "类型", "名称", "党员人数", "成立时间", "注销时间"])
    sheet.append(["po", "party_org", "黨支部", 5, 2015, None])
    sheet.append(["e-old", "enterprise", "老廠", 3, dt.date(2001, 3, 15), 2017])
    sheet.append(["e-new", "enterprise", "新廠", 0, dt.datetime(2017, 7, 1), None])
    relations = book.create_sheet("关系")
    relations.append(["来源", "目标", "关系类型", "组建方式", "起始时间", "终止时间"])
    relations.append(["po", "e-old", "COVERS", "单独组建", 2015, dt.date(2017, 1, 1)])
    relations.append(["po", "e-new", "GUIDES", None, dt.date(2017, 8, 1), None])
    book.save(tmp_path / "台账.xlsx")
    load(store, read_dataset(tmp_path / "台账.xlsx"))
    assert graph_dump(store) == expected


def test_dates_survive_an_export_and_a_load(store, tmp_path):
    load(store, read_dataset(write(tmp_path / "d", ORGS, RELS.replace("2017-08",
                                                                       "2017-08-01"))))
    before = graph_dump(store)
    report = export(store, tmp_path / "out")
    assert report.complete
    header = (tmp_path / "out" / "relationships.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "source,target,type,mode,since,until,note,provenance"
    store.delete_graph()
    load(store, read_dataset(tmp_path / "out"))
    assert graph_dump(store) == before
