"""Two versions of a register compared: what changed, the alerts an officer acts on, the totals.

Each side is a dataset a ``load`` reads (a CSV folder, a JSON file, a workbook) or a graph in
the store (``graph:NAME``). Units are compared by id, relationships by (source, type,
target). The statuses on both sides follow graphmodel/status.py as of one day (default
today), and the totals are coverage's figures (``figures_row``).

Alert kinds: ``unit_added``, ``unit_closed`` (closed in NEW, or gone from it),
``members_reached_3`` (a unit without an organization of its own now has 3 or more party
members: it should build one), ``coverage_lost``, ``coverage_gained``, ``newly_isolated``
(cooperation ties in OLD, none in NEW), ``joint_group_over_5`` (a party organization
covering more than 5 units jointly).

>>> old = Register({"e1": {"type": "enterprise", "name": "甲", "party_members": 2}}, {})
>>> new = Register({"e1": {"type": "enterprise", "name": "甲", "party_members": 3}}, {})
>>> [(a.kind, a.unit) for a in compare(old, new, day="2017-07-31").alerts]
[('members_reached_3', 'e1')]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graphmodel import schema
from graphmodel.analysis.coverage import figures_row
from graphmodel.analysis.plan import JOINT_MAX_UNITS, STANDALONE_MIN
from graphmodel.i18n import Code, Text, _, code
from graphmodel.results import Report, Table
from graphmodel.status import MODES, exists_at, status_of

#: COVERS modes that give a unit an organization of its own
OWN_MODES = frozenset({"standalone", "entrusted"})
ALERTS = ("unit_added", "unit_closed", "members_reached_3", "coverage_lost",
          "coverage_gained", "newly_isolated", "joint_group_over_5")
TOTALS = ("in_scope", "covered", "work_only", "formation_rate")
#: what ``changes`` lists, in order
CHANGES = ("organizations_added", "organizations_gone", "organizations_changed",
           "relationships_added", "relationships_removed", "relationships_changed")
Key = tuple[str, str, str]


@dataclass
class Register:
    """One version: organizations by id (type and properties) and relationships by (source,
    type, target) with their properties; a zone or street cell is its LOCATED_IN."""

    organizations: dict[str, dict[str, Any]]
    relationships: dict[Key, dict[str, Any]]

    @classmethod
    def of_dataset(cls, dataset: Any) -> Register:
        """A validated ``graphmodel.dataset.Dataset``."""
        relationships = {(r.source, r.type, r.target): r.properties  # (read, never changed)
                         for r in dataset.relationships}
        return cls(_organizations(dataset.organizations, relationships), relationships)

    @classmethod
    def of_graph(cls, store: Any) -> Register:
        """A graph in the store, read as ``export`` reads it."""
        from graphmodel.exporting.reading import read_graph

        read = read_graph(store)
        nodes, rows = read.nodes, read.relationships
        relationships = {(nodes[a].id, kind, nodes[b].id): dict(properties)
                         for a, b, kind, properties in rows}
        return cls(_organizations(nodes, relationships), relationships)

    def statuses(self, day: str) -> dict[str, str]:
        """Each in-scope unit there on ``day``: its status (graphmodel/status.py)."""
        there = {unit for unit, props in self.organizations.items()
                 if exists_at(props.get("founded"), props.get("closed"), day)}
        modes: dict[str, list[Any]] = {}
        guided: set[str] = set()
        for (source, kind, target), props in self.relationships.items():
            if kind not in ("COVERS", "GUIDES") or source not in there or \
                    not exists_at(props.get("since"), props.get("until"), day):
                continue
            if kind == "COVERS":
                modes.setdefault(target, []).append(props.get("mode"))
            else:
                guided.add(target)
        return {unit: status_of(modes.get(unit, []), unit in guided) for unit in there
                if self.organizations[unit]["type"] in schema.IN_SCOPE_TYPES}

    def tied(self) -> set[str]:
        """Organizations with a cooperation tie (either end)."""
        return {end for (source, kind, target) in self.relationships
                if kind in schema.COOPERATION_TYPES for end in (source, target)}

    def joint_counts(self) -> Counter[str]:
        return Counter(source for (source, kind, _), props in self.relationships.items()
                       if kind == "COVERS" and props.get("mode") == "joint")

    def own_organization(self) -> set[str]:
        return {target for (_, kind, target), props in self.relationships.items()
                if kind == "COVERS" and props.get("mode") in OWN_MODES}


def totals(statuses: dict[str, str]) -> dict[str, Any]:
    """in_scope, covered, work_only and the formation rate of units by status."""
    row = figures_row("(total)", "(total)", Counter(statuses.values()), None)
    return {name: getattr(row, name) for name in TOTALS}


def _organizations(organizations: Any, relationships: dict[Key, dict[str, Any]]
                   ) -> dict[str, dict[str, Any]]:
    """Organizations by id; their zone and street cells added to ``relationships``."""
    for o in organizations:
        for area in (o.zone, o.street):
            if area is not None:
                relationships.setdefault((o.id, "LOCATED_IN", area), {})
    return {o.id: o.properties for o in organizations}  # (read, never changed)


@dataclass
class Alert:
    """Something an officer should look at: its kind, the unit (or party organization)."""

    kind: str
    unit: str
    name: str | None
    detail: str


@dataclass
class DiffReport(Report):
    """What changed from OLD to NEW, the alerts, and the totals before and after."""

    old: str
    new: str
    as_of: str
    before: dict[str, Any]
    after: dict[str, Any]
    alerts: list[Alert]
    changes: dict[str, list[Any]] = field(default_factory=dict)

    def tables(self) -> list[Table]:
        totals = Table(["version", *TOTALS],
                       [[_("before ({name})").format(name=self.old),
                         *(self.before[n] for n in TOTALS)],
                        [_("after ({name})").format(name=self.new),
                         *(self.after[n] for n in TOTALS)]],
                       rates={"formation_rate"},
                       title=_("totals as of {day}").format(day=self.as_of))
        alerts = Table(["kind", "unit", "name", "detail"],
                       [[a.kind, a.unit, a.name, a.detail] for a in self.alerts],
                       title="alerts", codes={"kind": "alert"})
        changes = Table(["change", "count"], [[kind, len(items)]
                                              for kind, items in self.changes.items()],
                        title="changes", codes={"change": "diff"})
        return [alerts, totals, changes]

    def footer(self) -> list[str]:
        counted = Counter(a.kind for a in self.alerts)
        shown = ", ".join(f"{code('alert', kind)} {counted[kind]}" for kind in ALERTS
                          if counted[kind])
        if not shown:
            return [_("no alerts")]
        return [_("{count} alerts: {kinds}").format(count=len(self.alerts), kinds=shown)]


def compare(old: Register, new: Register, *, day: str, old_name: str = "OLD",
            new_name: str = "NEW") -> DiffReport:
    """The changes, alerts and totals from ``old`` to ``new``, statuses as of ``day``."""
    alerts: list[Alert] = []

    def alert(kind: str, unit: str, detail: str) -> None:
        props = new.organizations.get(unit) or old.organizations.get(unit) or {}
        alerts.append(Alert(kind, unit, props.get("name"), detail))

    units_old = {u for u, p in old.organizations.items() if p["type"] in schema.IN_SCOPE_TYPES}
    units_new = {u for u, p in new.organizations.items() if p["type"] in schema.IN_SCOPE_TYPES}
    for unit in sorted(units_new - units_old):
        alert("unit_added", unit, Text("new {type}",
                                       type=Code("type", new.organizations[unit]["type"])))
    for unit in sorted(units_old):
        if unit not in units_new:
            alert("unit_closed", unit, Text("gone from the register"))
        elif new.organizations[unit].get("closed") and not old.organizations[unit].get(
                "closed"):
            alert("unit_closed", unit, Text("closed {day}",
                                            day=new.organizations[unit]["closed"]))
    own = new.own_organization()
    for unit in sorted(units_old & units_new):
        before = old.organizations[unit].get("party_members")
        after = new.organizations[unit].get("party_members")
        if after is not None and after >= STANDALONE_MIN and unit not in own and (
                before is None or before < STANDALONE_MIN):
            alert("members_reached_3", unit, Text(
                "party members {before} -> {after}: should build its own organization",
                before=Text("unknown") if before is None else before, after=after))
    was, now = old.statuses(day), new.statuses(day)  # (each read once: 100k units)
    for unit in sorted(was.keys() & now.keys()):
        if was[unit] in MODES and now[unit] not in MODES:
            alert("coverage_lost", unit, Text("{before} -> {after}",
                                              before=Code("status", was[unit]),
                                              after=Code("status", now[unit])))
        elif was[unit] not in MODES and now[unit] in MODES:
            alert("coverage_gained", unit, Text("{before} -> {after}",
                                                before=Code("status", was[unit]),
                                                after=Code("status", now[unit])))
    tied_before, tied_now = old.tied(), new.tied()
    for unit in sorted((tied_before - tied_now) & units_new):
        alert("newly_isolated", unit, Text("had cooperation ties, has none"))
    joint_before = old.joint_counts()
    for org, count in sorted(new.joint_counts().items()):
        if count > JOINT_MAX_UNITS:
            alert("joint_group_over_5", org, Text(
                "covers {count} units jointly (was {before}); a joint branch covers 5 at most",
                count=count, before=joint_before.get(org, 0)))
    rank = {kind: n for n, kind in enumerate(ALERTS)}
    alerts.sort(key=lambda a: (rank[a.kind], a.unit))
    return DiffReport(old_name, new_name, day, totals(was), totals(now), alerts,
                      _changes(old, new))


def _changes(old: Register, new: Register) -> dict[str, list[Any]]:
    """Organizations added, gone and changed (field by field), relationships added, removed
    and changed."""
    changed = []
    for org in sorted(old.organizations.keys() & new.organizations.keys()):
        before, after = old.organizations[org], new.organizations[org]
        if before == after:
            continue
        fields = {name: [before.get(name), after.get(name)]
                  for name in sorted(before.keys() | after.keys())
                  if before.get(name) != after.get(name)}
        if fields:
            changed.append({"id": org, "name": after.get("name"), "fields": fields})
    differing = sorted(key for key, props in new.relationships.items()
                       if old.relationships.get(key, props) != props)
    relationships_changed = [
        {"source": key[0], "type": key[1], "target": key[2],
         "fields": {name: [before.get(name), after.get(name)]
                    for name in sorted(before.keys() | after.keys())
                    if before.get(name) != after.get(name)}}
        for key in differing
        for before, after in [(old.relationships[key], new.relationships[key])]]
    return {
        "organizations_added": sorted(new.organizations.keys() - old.organizations.keys()),
        "organizations_gone": sorted(old.organizations.keys() - new.organizations.keys()),
        "organizations_changed": changed,
        "relationships_added": [list(k) for k in sorted(new.relationships.keys()
                                                        - old.relationships.keys())],
        "relationships_removed": [list(k) for k in sorted(old.relationships.keys()
                                                          - new.relationships.keys())],
        "relationships_changed": relationships_changed,
    }
