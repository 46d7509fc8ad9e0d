"""Small hand-built datasets for the analysis tests, written as CSV and loaded into a store.

>>> org("e1", members=3, street="s1")[:3]
['e1', 'enterprise', 'e1']
"""

from __future__ import annotations

import csv
from pathlib import Path

from graphmodel import loader
from graphmodel.dataset import read_dataset
from graphmodel.schema import ORG_COLUMNS, REL_COLUMNS
from graphmodel.store.base import GraphStore


def org(id_: str, type_: str = "enterprise", *, name: str | None = None, industry: str = "",
        members: int | None = None, level: str = "", zone: str = "", street: str = "",
        founded: str = "", closed: str = "") -> list[str]:
    """One organizations.csv row; ``members`` None is an empty (unknown) cell."""
    return [id_, type_, name or id_, industry, "", "", "" if members is None else str(members),
            level, zone, street, "", founded, closed]


def area(id_: str, type_: str = "street", *, name: str | None = None) -> list[str]:
    """A street (or zone) row."""
    return org(id_, type_, name=name)


def rel(source: str, target: str, type_: str, mode: str = "", *, since: str = "",
        until: str = "") -> list[str]:
    """One relationships.csv row."""
    return [source, target, type_, mode, since, until, "", ""]


def write_rows(folder: Path, orgs: list[list[str]],
               rels: list[list[str]] | None = None) -> Path:
    """Write the rows as a CSV dataset in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, columns, rows in (("organizations.csv", ORG_COLUMNS, orgs),
                                ("relationships.csv", REL_COLUMNS, rels or [])):
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            writer.writerows(rows)
    return folder


def load_rows(store: GraphStore, folder: Path, orgs: list[list[str]],
              rels: list[list[str]] | None = None) -> None:
    """Write the rows as a CSV dataset in ``folder`` and load it into ``store``."""
    loader.load(store, read_dataset(write_rows(folder, orgs, rels)))
