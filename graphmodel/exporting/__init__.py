"""Write the graph out: as a dataset in the data contract, which ``load`` reads back (a
folder of CSV files, a JSON file, an Excel workbook), or for other tools (GraphML and GEXF for
Gephi and Cytoscape, node-link JSON for D3, CSV files for ``neo4j-admin database import``).

A contract export: a node's first LOCATED_IN of each kind without properties becomes its zone
or street cell, every other relationship a row; the properties outside the contract (a
register's own columns, which ``load`` keeps as properties) follow the contract's columns.
Rows come in a fixed order (organizations by type, areas first, then by id; relationships by
type, then in the order of their organizations), so the same graph always gives the same
files.

Nothing is dropped silently. What the contract cannot hold (a label or relationship type it
does not name, a node without an id, a property whose name is a contract column, a
relationship between labels it does not allow, a repeated relationship) is left out and
counted in the report's ``lost``, in every format. The files of a contract export are then
checked with the loader's own reader: what ``load`` would refuse is reported, and so is every
organization or relationship it would read back with other values (it trims spaces, reads
numbers given as text, lower-cases enum values). ``strict`` writes nothing unless the export
keeps everything (and, for the contract, loads back as the same graph).

One module per job: ``target`` (the format, the checks, the staging folder, the move into
place), ``parts`` (the part of the graph asked for), ``reading`` (the graph read, and what
is lost), ``writing`` (the CSV and JSON files), ``workbook`` (the Excel workbook),
``checking`` (the written files read back with ``load``'s reader), ``attributes`` (typed
attributes for the graph formats), ``graphml``, ``gexf``, ``nodelink`` and ``neo4jadmin``.

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

from graphmodel.dataset import relationships_beside
from graphmodel.errors import UsageError
from graphmodel.exporting.checking import Written, check, refusal
from graphmodel.exporting.parts import part_of
from graphmodel.exporting.reading import GraphRead, Progress, label_counts, read_graph
from graphmodel.exporting.target import (
    CONTRACT,
    FORMATS,
    Target,
    check_target,
    move_into_place,
    staging,
    write_failures,
)
from graphmodel.exporting.writing import located_in_cells, write
from graphmodel.gcpause import gc_paused
from graphmodel.i18n import Text, _, code, localized
from graphmodel.results import Report, Table, to_jsonable
from graphmodel.store.base import GraphStore

__all__ = ["FORMATS", "ExportReport", "Target", "check_target", "export"]


@dataclass
class ExportReport(Report):
    """What an export wrote, what it could not keep, and what ``load`` would say of it."""

    path: str
    #: "csv", "json", "xlsx" (the data contract), "graphml", "gexf", "node-link" or
    #: "neo4j-admin"
    format: str
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
    #: the properties outside the contract written as columns of the user's own
    own_columns: dict[str, list[str]] = field(default_factory=dict)
    #: the part of the graph written (None: the whole graph), as the view of it is titled
    part: str | None = None

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
        lines = [_("wrote {organizations:,} organizations and {relationships:,} relationships "
                   "to {path}").format(organizations=sum(self.organizations.values()),
                                       relationships=sum(self.relationships.values()),
                                       path=self.path)]
        kept = [_("{names} ({of})").format(names=", ".join(names), of=code("kind", of))
                for of, names in self.own_columns.items() if names]
        if kept:
            lines.append((_("columns outside the contract, written after its columns: "
                            "{columns}") if self.format in CONTRACT else
                          _("properties outside the contract, kept: {columns}")).format(
                columns=_("; ").join(kept)))
        if self.format == "csv" and Path(self.path).suffix.lower() == ".csv":
            lines.append(_("the relationships went to {file} beside it: load {path} reads "
                           "both").format(file=relationships_beside(Path(self.path)).name,
                                          path=self.path))
        if self.part is not None:
            lines.append(_("the part written: {part}").format(part=localized(self.part)))
        return lines

    def warnings(self) -> list[Text]:
        """What the user must be told even when the export is written: what it did not keep,
        and what ``load`` would say of it (each line said in the chosen language when shown;
        the examples indented)."""
        lines = [Text("not kept: {what} ({count:,})", what=what, count=count)
                 for what, count in self.lost.items()]
        if self.problem_count:
            lines.append(Text("load would refuse the export ({count:,} problems), for example:",
                              count=self.problem_count))
            lines += [Text("  {example}", example=problem) for problem in self.problems]
        if self.changed_count:
            lines.append(Text("load would read {count:,} organizations or relationships back "
                              "with other values, for example:", count=self.changed_count))
            lines += [Text("  {example}", example=what) for what in self.changed]
        return lines


@gc_paused
def export(store: GraphStore, path: str | Path, *, to: str | None = None,
           encoding: str = "utf-8", force: bool = False, strict: bool = False,
           progress: Progress | None = None, zone: str | None = None,
           street: str | None = None, ego: str | None = None, depth: int = 1,
           cluster: int | None = None) -> ExportReport:
    """Write the store's graph to ``path`` in the format ``to`` (one of ``FORMATS``; default:
    the one the name asks for: a folder for the contract's CSV files, or ``NAME.csv`` for
    them as ``NAME.csv`` and ``NAME.relationships.csv``, ``.json`` for its JSON file,
    ``.xlsx`` for a workbook, ``.graphml``, ``.gexf``).

    ``zone``, ``street``, ``ego`` (with ``depth``) or ``cluster`` write a part of the graph,
    as ``view`` shows it. Refuses (UsageError, nothing written) an existing export at
    ``path`` unless ``force``, and with ``strict`` a graph whose export would not keep
    everything or not load back as the same graph. ``progress`` is called with the number of
    nodes and relationships read as they are.
    """
    target = check_target(path, encoding, force, to=to, private=store.private_folder())
    part = part_of(store, zone=zone, street=street, ego=ego, depth=depth, cluster=cluster)
    with staging(target.path) as staged:
        written = staged if target.folder else staged / target.path.name
        read = read_graph(store, progress, only=part.ids if part is not None else None)
        report = _report(target, read, part.title if part is not None else None)
        if target.contract:
            rows, cells = located_in_cells(read.nodes, read.relationships)
            with write_failures(target.path):
                write(written, target.format, read.nodes, rows, cells, encoding, read.own)
            expected = Written.of(read.nodes, rows, cells)
            del read, rows, cells  # (what was written is kept as columns)
            check(written, report, expected)
        else:
            with write_failures(target.path):
                lost = _write_other(target.format, written, read)
            report.lost = dict(sorted((Counter(report.lost) + lost).items()))
        if strict and not report.complete:
            raise UsageError(refusal(report))
        with write_failures(target.path):
            move_into_place(written, target, force)
    return report


def _report(target: Target, read: GraphRead, part: str | None) -> ExportReport:
    return ExportReport(str(target.path), target.format, label_counts(read.nodes),
                        dict(sorted(Counter(r[2] for r in read.relationships).items())),
                        dict(sorted(read.lost.items())),
                        own_columns={of: names for of, names in read.own.items() if names},
                        part=part)


def _write_other(fmt: str, written: Path, read: GraphRead) -> Counter[str]:
    """A graph format's file (or neo4j-admin's folder of files); what it could not write as
    it is, counted."""
    if fmt == "graphml":
        from graphmodel.exporting.graphml import write_graphml as writer
    elif fmt == "gexf":
        from graphmodel.exporting.gexf import write_gexf as writer
    elif fmt == "node-link":
        from graphmodel.exporting.nodelink import write_node_link as writer
    else:
        from graphmodel.exporting.neo4jadmin import write_neo4j_admin as writer
    return writer(written, read.nodes, read.relationships)
