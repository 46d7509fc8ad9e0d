"""-o FILE: a result written where an officer opens it, in the format its suffix names."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SMALL

openpyxl = pytest.importorskip("openpyxl")


def test_coverage_as_json_csv_and_a_workbook(cli, tmp_path):
    cli("load", str(SMALL))
    printed = json.loads(cli("coverage", "--by", "street", "--format", "json").stdout)
    for suffix in ("json", "csv", "xlsx"):
        result = cli("coverage", "--by", "street", "-o", str(tmp_path / f"c.{suffix}"))
        assert result.exit_code == 0 and f"wrote {tmp_path / f'c.{suffix}'}" in result.stderr
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8")) == printed
    data = (tmp_path / "c.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the mark Excel looks for to read UTF-8
    assert "東街" in data.decode("utf-8-sig").splitlines()[1]
    sheet = openpyxl.load_workbook(tmp_path / "c.xlsx")["coverage"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["group", "name", "in scope"]
    assert rows[1][:4] == ["s-east", "東街", 5, 2]  # numbers as numbers
    assert sheet.cell(2, 11).value == pytest.approx(0.4) and "%" in sheet.cell(2, 11).number_format


def test_the_ledger_workbook_has_a_summary_and_a_sheet_per_street(cli, tmp_path):
    cli("load", str(SMALL))
    assert cli("ledger", "-o", str(tmp_path / "台賬.xlsx")).exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "台賬.xlsx")
    assert book.sheetnames == ["summary", "東街", "(none)"]
    units = [[cell.value for cell in row] for row in book["東街"].iter_rows()]
    assert units[0][:2] == ["id", "name"] and len(units) == 1 + 5


@pytest.mark.parametrize("name", ["out.txt", "out", "no-such-folder/out.xlsx"])
def test_a_file_no_writer_handles_is_refused_before_anything_runs(cli, tmp_path, name):
    result = cli("plan", "-o", str(tmp_path / name))
    assert result.exit_code == 2 and "-o" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_query_rows_to_csv(cli, tmp_path):
    cli("load", str(SMALL))
    path = tmp_path / "zones.csv"
    cli("query", "MATCH (z:Zone) RETURN z.id AS id, z.name AS name", "-o", str(path))
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["id,name", "z-north,北區"]
