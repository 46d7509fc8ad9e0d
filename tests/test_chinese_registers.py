"""Registers as officers keep them: Chinese headers (Traditional or Simplified), zones and
streets written by name. They load to exactly the graph of the English, id-only dataset."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graphmodel import schema
from graphmodel.dataset import DatasetError, read_dataset
from graphmodel.loader import load
from tests.conftest import SMALL, graph_dump

TRADITIONAL = {"organizations": ["編號", "類型", "名稱", "行業", "規模", "職工人數", "黨員人數",
                                 "黨組織級別", "所屬片區", "所屬街道", "出處"],
               "relationships": ["來源", "目標", "關係類型", "組建方式", "起始時間", "備註",
                                 "出處"]}
SIMPLIFIED = {"organizations": ["统一社会信用代码", "类型", "单位名称", "行业", "规模",
                                "从业人员", "党员人数", "级别", "片区", "街道", "出处"],
              "relationships": ["来源", "目标", "关系类型", "组建方式", "起始时间", "备注",
                                "出处"]}


def rows_of(name: str) -> list[list[str]]:
    with open(SMALL / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


def write(folder: Path, headers: dict[str, list[str]], places_by_name: bool) -> Path:
    """The small dataset with these headers; zone and street cells by name if asked."""
    folder.mkdir(parents=True, exist_ok=True)
    organizations = rows_of("organizations")
    names = {row[0]: row[2] for row in organizations if row[1] in schema.AREA_TYPES}
    if places_by_name:
        organizations = [[*row[:8], names.get(row[8], row[8]), names.get(row[9], row[9]),
                          row[10]] for row in organizations]
    for name, rows in (("organizations", organizations),
                       ("relationships", rows_of("relationships"))):
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers[name])
            writer.writerows(rows)
    return folder


@pytest.mark.parametrize("headers", [TRADITIONAL, SIMPLIFIED], ids=["traditional",
                                                                     "simplified"])
@pytest.mark.parametrize("places_by_name", [False, True], ids=["ids", "names"])
def test_chinese_headers_and_places_by_name_load_the_same_graph(store, tmp_path, headers,
                                                                places_by_name):
    load(store, read_dataset(SMALL))
    expected = graph_dump(store)
    store.delete_graph()
    load(store, read_dataset(write(tmp_path / "d", headers, places_by_name)))
    assert graph_dump(store) == expected


def test_json_fields_may_be_chinese_too(store, tmp_path):
    load(store, read_dataset(SMALL))
    expected = graph_dump(store)
    store.delete_graph()
    document = {}
    for name in ("organizations", "relationships"):
        document[name] = [{header: value for header, value in zip(TRADITIONAL[name], row,
                                                                   strict=True) if value}
                          for row in rows_of(name)]
        assert len(rows_of(name)[0]) == len(TRADITIONAL[name])
    path = tmp_path / "register.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    load(store, read_dataset(path))
    assert graph_dump(store) == expected


def test_a_problem_names_the_header_as_written(tmp_path):
    folder = write(tmp_path / "d", TRADITIONAL, places_by_name=False)
    text = (folder / "organizations.csv").read_text(encoding="utf-8")
    (folder / "organizations.csv").write_text(text.replace("大工廠,machining,above_scale,800,120",
                                                           "大工廠,machining,above_scale,800,很多"),
                                              encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_dataset(folder)
    [problem] = caught.value.problems
    assert str(problem).startswith("organizations.csv, line 4, column 7 (黨員人數): '很多'")


def test_an_ambiguous_place_name_lists_the_candidates(tmp_path):
    folder = write(tmp_path / "d", TRADITIONAL, places_by_name=True)
    with open(folder / "organizations.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(["z-north-2", "zone", "北區", *[""] * 8])
    with pytest.raises(DatasetError) as caught:
        read_dataset(folder)
    found = [str(p) for p in caught.value.problems]
    assert found and all("2 zone rows have this name: z-north, z-north-2" in p for p in found)
    assert found[0].startswith("organizations.csv, line 4, column 9 (所屬片區): '北區'")


@pytest.mark.parametrize(("header", "expected"), [
    ("單位名", "unknown column (did you mean '單位名稱'?)"),
    ("name", "column appears twice (first as column 3, '名稱', both 'name')"),
])
def test_near_miss_and_doubled_chinese_headers_are_refused(tmp_path, header, expected):
    folder = write(tmp_path / "d", TRADITIONAL, places_by_name=False)
    lines = (folder / "organizations.csv").read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + "," + header] + [line + "," for line in lines[1:]]
    (folder / "organizations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_dataset(folder)
    [problem] = caught.value.problems
    assert expected in str(problem) and "column 12" in str(problem)
