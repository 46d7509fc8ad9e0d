"""Write the graph back out as a dataset in the data contract: what ``load`` reads.

A folder gets ``organizations.csv`` and ``relationships.csv``; a ``.json`` path gets one
JSON file with the same fields. A node's first LOCATED_IN of each kind without properties
becomes its zone or street cell, every other relationship a row. Rows come in a fixed order
(organizations by type, areas first, then by id; relationships by type, then in the order of
their organizations), so the same graph always gives the same files.

Nothing is dropped silently. What the contract cannot hold (a label or relationship type it
does not name, a node without an id, a property it does not name, a relationship between
labels it does not allow, a repeated relationship) is left out and counted in the report's
``lost``. The written files are then read back with the loader's own checks: what ``load``
would refuse is reported, and so is every organization or relationship it would read back
with other values (it trims spaces, reads numbers given as text, lower-cases enum values).
``strict`` writes nothing unless the export loads back as the same graph.

One module per job: ``target`` (where to write: the checks, the staging folder, the move into
place), ``reading`` (the graph read, and what is lost), ``writing`` (the CSV and JSON files)
and ``checking`` (the written files read back with ``load``'s reader).

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:             # doctest: +SKIP
...     export(store, "/tmp/pingfang-copy").organizations["Zone"]
6
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphmodel.errors import UsageError
from graphmodel.exporting.checking import Prints, check, refusal
from graphmodel.exporting.reading import Progress, label_counts, read_graph
from graphmodel.exporting.target import check_target, move_into_place, staging, write_failures
from graphmodel.exporting.writing import located_in_cells, write
from graphmodel.gcpause import gc_paused
from graphmodel.i18n import _, localized
from graphmodel.report import Report, Table, to_jsonable
from graphmodel.store.base import GraphStore

__all__ = ["ExportReport", "check_target", "export"]


@dataclass
class ExportReport(Report):
    """What an export wrote, what it could not keep, and what ``load`` would say of it."""

    path: str
    format: str  # "csv" or "json"
    #: organizations written, per label, and relationships per type (zone/street cells
    #: counted as the LOCATED_IN relationships they stand for)
    organizations: dict[str, int]
    relationships: dict[str, int]
    #: what of the graph the export does not keep as it is, in words, with how many
    lost: dict[str, int] = field(default_factory=dict)
    #: how many problems ``load`` finds in the written files, and the first of them
    problem_count: int = 0
    problems: list[str] = field(default_factory=list)
    #: organizations and relationships ``load`` would read back with other values
    changed_count: int = 0
    changed: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Nothing lost, and the export loads back as the same graph."""
        return not self.lost and not self.problem_count and not self.changed_count

    def to_dict(self) -> dict[str, Any]:
        return {**to_jsonable(dataclasses.asdict(self)), "complete": self.complete}

    def tables(self) -> list[Table]:
        rows: list[list[Any]] = [["label", name, n] for name, n in self.organizations.items()]
        rows += [["relationship", name, n] for name, n in self.relationships.items()]
        return [Table(["kind", "name", "count"], rows)]

    def footer(self) -> list[str]:
        return [_("wrote {organizations:,} organizations and {relationships:,} relationships "
                  "to {path}").format(organizations=sum(self.organizations.values()),
                                      relationships=sum(self.relationships.values()),
                                      path=self.path)]

    def warnings(self) -> list[str]:
        """What the user must be told even when the export is written: what it did not keep,
        and what ``load`` would say of it."""
        lines = [_("not kept: {what} ({count:,})").format(what=localized(what), count=count)
                 for what, count in self.lost.items()]
        if self.problem_count:
            lines.append(_("load would refuse the export ({count:,} problems), for example:"
                           ).format(count=self.problem_count))
            lines += [f"  {localized(problem)}" for problem in self.problems]
        if self.changed_count:
            lines.append(_("load would read {count:,} organizations or relationships back "
                           "with other values, for example:").format(count=self.changed_count))
            lines += [f"  {what}" for what in self.changed]
        return lines


@gc_paused
def export(store: GraphStore, path: str | Path, *, encoding: str = "utf-8",
           force: bool = False, strict: bool = False,
           progress: Progress | None = None) -> ExportReport:
    """Write the store's graph to ``path`` (a folder for CSV, or a ``.json`` file).

    Refuses (UsageError, nothing written) an existing export at ``path`` unless ``force``,
    and with ``strict`` a graph whose export would not load back as the same graph.
    ``progress`` is called with the number of nodes and relationships read as they are.
    """
    target, fmt = check_target(path, encoding, force, private=store.private_folder())
    with staging(target) as staged:
        written = staged / target.name if fmt == "json" else staged
        report, prints = _read_and_write(store, target, fmt, written, encoding, progress)
        check(written, report, prints)  # (the graph read is freed: the check reads it all)
        if strict and not report.complete:
            raise UsageError(refusal(report))
        with write_failures(target):
            move_into_place(written, target, fmt, force)
    return report


def _read_and_write(store: GraphStore, target: Path, fmt: str, written: Path, encoding: str,
                    progress: Progress | None) -> tuple[ExportReport, Prints]:
    """Read the graph and write it to ``written``: the report, and the fingerprints of what
    was written for the check."""
    nodes, relationships, lost = read_graph(store, progress)
    prints = Prints.of_written(nodes, relationships)
    report = ExportReport(str(target), fmt, label_counts(nodes),
                          dict(sorted(Counter(r[2] for r in relationships).items())),
                          dict(sorted(lost.items())))
    rows, cells = located_in_cells(nodes, relationships)
    del relationships
    with write_failures(written):
        write(written, fmt, nodes, rows, cells, encoding)
    return report, prints
