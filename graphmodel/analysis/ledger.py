"""The ledger (台賬): per street, its coverage figures and every in-scope unit it holds.

What a street committee keeps and reports: for each street (grouped by zone) the figures of
``coverage --by street`` (the same numbers), and each in-scope unit with its industry, size,
people, its status (covered, work_only, uncovered), the mode and the party organization that
covers it, and what the plan says to do (action, host or joint group). Units in no street
are listed under "(none)". A street's zone is the zone most of its units lie in.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:          # doctest: +SKIP
...     ledger(store, target=0.68).areas[0].name
'新偉街'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graphmodel import status
from graphmodel.analysis.asof import as_of as at_day
from graphmodel.analysis.asof import today
from graphmodel.analysis.coverage import NONE_GROUP, as_projection, coverage, unit_status
from graphmodel.analysis.places import find_area, name_of
from graphmodel.analysis.plan import plan
from graphmodel.analysis.projection import Projection
from graphmodel.gcpause import gc_paused
from graphmodel.i18n import ngettext
from graphmodel.results import Report, Table
from graphmodel.store.base import GraphStore

FIGURES = ("in_scope", "covered", "work_only", "uncovered", "formation_rate",
           "double_coverage_rate", "gap")
UNIT_COLUMNS = ("id", "name", "industry", "size", "employees", "party_members", "status",
                "mode", "covered_by", "action", "host", "group")


@dataclass
class LedgerUnit:
    """One in-scope unit as the ledger lists it."""

    id: str
    name: str | None
    industry: str | None
    size: str | None
    employees: int | None
    party_members: int | None
    status: str  # covered, work_only or uncovered
    mode: str | None  # the COVERS mode that counts (status.MODES order), when covered
    covered_by: str | None  # the name of the party organization covering it in that mode
    action: str | None  # the plan's action for it, if it has one
    host: str | None  # the plan's host (its name), for affiliated, instructor ...
    group: str | None  # the plan's joint group, for joint


@dataclass
class LedgerArea:
    """One street: its figures, as ``coverage --by street`` gives them, and its units."""

    id: str
    name: str
    zone: str | None
    zone_name: str | None
    in_scope: int
    covered: int
    work_only: int
    uncovered: int
    formation_rate: float | None
    double_coverage_rate: float | None
    gap: int | None
    units: list[LedgerUnit] = field(default_factory=list)


@dataclass
class LedgerReport(Report):
    """The streets, by zone then street, with their units; ``target`` as given."""

    target: float | None
    areas: list[LedgerArea]
    #: the day the ledger is of (None: a projection as it was)
    as_of: str | None = field(default=None, compare=False)

    def tables(self) -> list[Table]:
        """The figures per street (the CSV), then every unit."""
        figures = Table(["zone", "street", "name", *FIGURES],
                        [[a.zone_name or a.zone, a.id, a.name,
                          *(getattr(a, f) for f in FIGURES)] for a in self.areas],
                        headings=["zone", "street", "name", "in scope", "covered", "work only",
                                  "uncovered", "formation", "double coverage", "gap"],
                        rates={"formation_rate", "double_coverage_rate"})
        units = Table(["street", *UNIT_COLUMNS],
                      [[a.name, *(getattr(u, c) for c in UNIT_COLUMNS)]
                       for a in self.areas for u in a.units],
                      headings=["street", "id", "name", "industry", "size", "employees",
                                "members", "status", "mode", "covered by", "action", "host",
                                "group"], title="units")
        return [figures, units]

    def sheets(self) -> list[tuple[str, Table]]:
        """A summary sheet of the figures, then a sheet per street named by its name."""
        figures, units = self.tables()
        by_street = [(area.name, Table(list(UNIT_COLUMNS),
                                       [[getattr(u, c) for c in UNIT_COLUMNS]
                                        for u in area.units],
                                       headings=units.heading_names()[1:]))
                     for area in self.areas]
        return [("summary", figures), *by_street]

    def footer(self) -> list[str]:
        units = sum(len(a.units) for a in self.areas)
        return [ngettext("{count} street, {units} in-scope units",
                         "{count} streets, {units} in-scope units", len(self.areas)).format(
            count=len(self.areas), units=units)]


@gc_paused
def ledger(source: GraphStore | Projection, *, zone: str | None = None,
           street: str | None = None, target: float | None = None,
           as_of: str | None = None) -> LedgerReport:
    """The ledger of every street, or of the streets of one ``zone``, or of one ``street``
    (each given by id or by name), as of ``as_of`` (an ISO date, default today)."""
    day = source.day if isinstance(source, Projection) else as_of or today()
    projection = as_projection(at_day(source, day))
    projection.day = day
    zone_id = find_area(projection, "zone", zone) if zone is not None else None
    street_id = find_area(projection, "street", street) if street is not None else None
    figures = {row.group: row for row in coverage(projection, by="street",
                                                  target=target).groups}
    statuses = unit_status(projection)
    planned = {r.unit: r for r in plan(projection).recommendations}
    by_street: dict[str, list[str]] = {}
    for unit in statuses:
        by_street.setdefault(projection.area(unit, "street") or NONE_GROUP, []).append(unit)
    areas = []
    for key, row in figures.items():
        units = sorted(by_street.get(key, []))
        zones = Counter(z for u in units if (z := projection.area(u, "zone")) is not None)
        main_zone = min(zones, key=lambda z: (-zones[z], z)) if zones else None
        if (zone_id is not None and main_zone != zone_id) or (street_id is not None
                                                                and key != street_id):
            continue
        areas.append(LedgerArea(
            id=key, name=row.name, zone=main_zone, zone_name=name_of(projection, main_zone),
            in_scope=row.in_scope, covered=row.covered, work_only=row.work_only,
            uncovered=row.uncovered, formation_rate=row.formation_rate,
            double_coverage_rate=row.double_coverage_rate, gap=row.gap,
            units=[_unit(projection, u, statuses[u], planned.get(u)) for u in units]))
    areas.sort(key=lambda a: (a.id == NONE_GROUP, a.zone is None, a.zone or "", a.id))
    return LedgerReport(target, areas, day)


def _unit(projection: Projection, unit: str, kind: str, planned: Any) -> LedgerUnit:
    node = projection.node(unit)
    mode = kind if kind in status.MODES else None
    covering = sorted(source for source, data in projection.in_edges(unit, "COVERS")
                      if data["mode"] == mode) if mode else []
    return LedgerUnit(
        id=unit, name=node.get("name"), industry=node.get("industry"), size=node.get("size"),
        employees=node.get("employees"), party_members=node.get("party_members"),
        status="covered" if mode else kind, mode=mode,
        covered_by=", ".join(name_of(projection, p) or p for p in covering) or None,
        action=planned.action if planned else None,
        host=(planned.host_name or planned.host) if planned else None,
        group=planned.group if planned else None)
