"""Registers kept in Excel: load FILE.xlsx reads the workbook as the contract means it.

The workbooks are written with openpyxl the way an officer's register looks: a title row
above the header, Chinese headers, numbers typed as numbers (80 is 80.0 to Excel), dates as
dates, zones and streets by name. They load to exactly the graph of the CSV dataset.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from graphmodel.dataset import DatasetError, read_dataset  # noqa: E402
from graphmodel.loader import load  # noqa: E402
from tests.conftest import SMALL, graph_dump  # noqa: E402
from tests.test_chinese_registers import TRADITIONAL  # noqa: E402


def typed(value: str, column: str) -> object:
    """A CSV cell as Excel would hold it: numbers as numbers, a date as a date."""
    if value == "":
        return None
    if column in ("職工人數", "黨員人數") or (column == "起始時間" and len(value) == 4):
        return float(value)
    if column == "起始時間":
        return dt.date.fromisoformat(value)
    return value


def register(path: Path, *, title: bool = True, relationships: bool = True,
             sheet_names: tuple[str, str] = ("組織", "關係")) -> Path:
    """The small dataset as an officer's workbook."""
    workbook = openpyxl.Workbook()
    for number, (name, sheet_name) in enumerate(zip(("organizations", "relationships"),
                                                    sheet_names, strict=True)):
        if number == 1 and not relationships:
            break
        sheet = workbook.active if number == 0 else workbook.create_sheet()
        sheet.title = sheet_name
        if title:
            sheet.append(["平房區兩新組織台賬（2024年）"])
        headers = TRADITIONAL[name]
        sheet.append(headers)
        with open(SMALL / f"{name}.csv", encoding="utf-8", newline="") as handle:
            for row in list(csv.reader(handle))[1:]:
                sheet.append([typed(value, column) for value, column in zip(row, headers,
                                                                            strict=True)])
    workbook.save(path)
    return path


def test_an_officers_workbook_loads_to_the_graph_of_the_csv_dataset(store, tmp_path):
    load(store, read_dataset(SMALL))
    expected = graph_dump(store)
    store.delete_graph()
    load(store, read_dataset(register(tmp_path / "台賬.xlsx")))
    assert graph_dump(store) == expected


def test_english_sheet_names_and_no_title_row(store, tmp_path):
    load(store, read_dataset(SMALL))
    expected = graph_dump(store)
    store.delete_graph()
    path = register(tmp_path / "register.xlsx", title=False,
                    sheet_names=("Organizations", "relationships"))
    load(store, read_dataset(path))
    assert graph_dump(store) == expected


def test_a_workbook_of_one_sheet_is_the_organizations(tmp_path):
    dataset = read_dataset(register(tmp_path / "one.xlsx", relationships=False,
                                    sheet_names=("Sheet1", "")))
    assert len(dataset.organizations) == 12
    assert {r.type for r in dataset.relationships} == {"LOCATED_IN"}


def test_problems_name_sheet_row_column_letter_and_value(tmp_path, cli, store):
    path = register(tmp_path / "台賬.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["組織"]["G5"] = 1.5      # party members of e-big (row 5: title, header, 2 areas)
    workbook["關係"]["D3"] = dt.date(2016, 5, 1)
    workbook["關係"]["C3"] = "ADVISES"
    workbook.save(path)
    with pytest.raises(DatasetError) as caught:
        read_dataset(path)
    found = [str(problem) for problem in caught.value.problems]
    assert found[0] == ("台賬.xlsx, sheet 組織, row 5, column G (黨員人數): '1.5': expected a "
                        "whole number of 0 or more")
    assert found[1].startswith("台賬.xlsx, sheet 關係, row 3, column C (關係類型): 'ADVISES'")
    result = cli("load", str(path))
    assert result.exit_code == 2 and "nothing was written" in result.stderr
    assert store.counts().nodes == 0   # nothing was written


def test_what_is_no_workbook_or_has_no_organizations_is_refused(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("id,type,name\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="cannot be read as an Excel workbook"):
        read_dataset(fake)
    path = register(tmp_path / "two.xlsx", sheet_names=("甲", "乙"))
    with pytest.raises(DatasetError, match=r"no sheet of organizations.*'甲', '乙'"):
        read_dataset(path)
