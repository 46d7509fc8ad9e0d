"""Reading an Excel register: python-calamine (what `load FILE.xlsx` uses) against openpyxl.

    python3 benchmarks/excel.py [--rows 10000,100000]

Writes a register of N organizations (the synthetic district's organizations.csv, typed as
Excel types it) with openpyxl, then reads every cell of it back with each library, in this
process, and prints the seconds and their ratio measured in this run.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from graphmodel.synth import generate


def workbook_of(folder: Path, orgs: int) -> Path:
    generate(orgs, 1, folder)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("organizations")
    with open(folder / "organizations.csv", encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle)):
            sheet.append(row if number == 0 else
                         [int(v) if v.isdigit() else v for v in row])
    path = folder / "register.xlsx"
    workbook.save(path)
    return path


def timed(read) -> tuple[float, int]:
    start = time.perf_counter()
    cells = read()
    return time.perf_counter() - start, cells


def calamine(path: Path) -> int:
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("organizations")
    return sum(len(row) for row in sheet.to_python(skip_empty_area=False))


def with_openpyxl(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return sum(len(row) for row in workbook["organizations"].iter_rows(values_only=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,100000",
                        help="comma-separated numbers of organizations")
    args = parser.parse_args()
    print(f"{'organizations':>13}  {'calamine s':>10}  {'openpyxl s':>10}  ratio")
    for orgs in (int(n) for n in args.rows.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = workbook_of(Path(folder), orgs)
            fast, cells = timed(lambda path=path: calamine(path))
            slow, same = timed(lambda path=path: with_openpyxl(path))
            assert cells == same, (cells, same)
            print(f"{orgs:>13,}  {fast:>10.2f}  {slow:>10.2f}  {slow / fast:.1f}x")


if __name__ == "__main__":
    main()
