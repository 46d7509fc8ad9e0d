"""The formation plan: for each in-scope unit without an organization, what to build and with whom.

Rows (``action``), by the unit's formal party members (``party_members``):

* ``survey``: unknown (empty): the count must be found first (摸清底數).
* ``standalone``: 3 or more: its own organization; level by :func:`level_for`.
* ``joint``: 1 or 2: a joint branch with neighbouring units (see :func:`form_groups`).
* ``affiliated``: 1 or 2 and no joint group possible: attach to an existing party
  organization, the *host* (see :func:`find_host`); host None with the reason when none fits.
* ``instructor``: 0: work coverage (GUIDES) from the committee of its street, else of its
  zone. A unit GUIDED already keeps its row, naming its guide as host, with ``existing``
  true: nothing to build, but the officer sees who looks after it.
* ``should_build``: 3 or more members but covered only jointly or by affiliation (no
  standalone or entrusted COVERS): upgrade to its own organization.

"Without an organization" means no COVERS: units with only GUIDES (work coverage) get rows
too, because organization coverage is what the plan builds. Every uncovered in-scope unit
has exactly one row, and a covered unit one at most (``should_build``); each row names the
unit's street and zone (id and name).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("s1", type="street", name="東街")
>>> g.add_node("e1", type="enterprise", name="大工廠", party_members=120)
>>> g.add_node("e2", type="enterprise", name="小商店", party_members=None)
>>> _ = g.add_edge("e1", "s1", type="LOCATED_IN", mode=None)
>>> [(r.unit, r.action, r.level) for r in plan(Projection(g)).recommendations]
[('e1', 'standalone', 'committee'), ('e2', 'survey', None)]
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from graphmodel import schema
from graphmodel.analysis.asof import as_of as at_day
from graphmodel.analysis.asof import today
from graphmodel.analysis.coverage import NONE_GROUP, CoverageReport, coverage, unit_status
from graphmodel.analysis.places import find_area, name_of
from graphmodel.analysis.projection import (
    NodeTable,
    Projection,
    add_edges,
    graph_of,
    project,
    read_nodes,
)
from graphmodel.errors import UsageError
from graphmodel.gcpause import gc_paused
from graphmodel.i18n import Code, Codes, Text, _, either
from graphmodel.results import Report, Table
from graphmodel.status import (
    MODES,
    OTHER_MODE,
    OWN_MODES,
    SHOULD_BUILD_MIN,
    STATUSES,
    WORK_ONLY,
    status_codes,
)
from graphmodel.store.base import GraphStore
from graphmodel.store.columns import CODE_OF_LABEL, ColumnReads, label_codes

ACTIONS = ("standalone", "joint", "affiliated", "instructor", "survey", "should_build")
#: formal members that oblige a unit to build its own organization (graphmodel/status.py)
STANDALONE_MIN = SHOULD_BUILD_MIN
#: a joint branch generally covers no more than this many units
JOINT_MAX_UNITS = 5
#: modes that do not give a unit an organization of its own (should_build candidates)
SHARED_MODES = frozenset(MODES) - frozenset(OWN_MODES)
#: the relationships the plan looks at: coverage, work coverage and where things are (at 1M
#: organizations the others are half the graph)
PLAN_TYPES = ("COVERS", "GUIDES", "LOCATED_IN")


@dataclass
class Recommendation:
    """One unit and what to do about it; ``group``/``host`` name the partners, if any."""

    unit: str
    name: str | None
    action: str
    level: str | None
    group: str | None
    host: str | None
    host_name: str | None
    party_members: int | None
    reason: str
    street: str | None = None
    street_name: str | None = None
    zone: str | None = None
    zone_name: str | None = None
    existing: bool = False  # the row describes coverage already there (a guided unit)
    #: with a target: its area's formation rate once this row and those before it in the
    #: area are done (rows that give a unit an organization), else None
    rate_after: float | None = None


@dataclass
class JointGroup:
    """A proposed joint branch: 2 to 5 units of one street (or zone) with 3+ members in all."""

    id: str
    units: list[str]
    party_members: int
    street: str | None
    zone: str | None
    industry: str | None  # the industry all its units share, None when mixed or unknown


@dataclass
class AreaProjection:
    """One area (or the total) before and after the plan: the after-rate counts every unit
    the plan gives an organization (standalone, joint, affiliated to a host found)."""

    group: str
    name: str
    in_scope: int
    covered: int
    units_planned: int
    formation_rate_before: float | None
    formation_rate_after: float | None
    units_to_target: int  # the fewest planned units that reach the target (the gap)
    reaches_target: bool


@dataclass
class PlanOutlook:
    """The plan's projection: the target, the total and each area."""

    target: float
    by: str
    total: AreaProjection
    groups: list[AreaProjection]


@dataclass
class PlanReport(Report):
    """Recommendations (by action, group, unit), the proposed joint groups, counts per action."""

    recommendations: list[Recommendation]
    groups: list[JointGroup]
    summary: dict[str, int] = field(default_factory=dict)
    #: with a target: what the plan achieves, in total and per area (see ``projected``)
    projection: PlanOutlook | None = None
    #: the day the plan is for (None: a projection as it was)
    as_of: str | None = field(default=None, compare=False)

    def tables(self) -> list[Table]:
        columns = ["unit", "name", "street", "street_name", "zone", "zone_name", "action",
                   "existing", "level", "group", "host", "host_name", "party_members", "reason"]
        headings = ["unit", "name", "street", "street name", "zone", "zone name", "action",
                    "existing", "level", "group", "host", "host name", "members", "reason"]
        if self.projection is not None:
            columns.append("rate_after")
            headings.append("rate after")
        shown = [Table(columns, [[getattr(r, c) for c in columns] for r in self.recommendations],
                       headings=headings, rates={"rate_after"})]
        if self.projection is not None:
            outlook = self.projection
            fields = ["in_scope", "covered", "units_planned", "formation_rate_before",
                      "formation_rate_after", "units_to_target", "reaches_target"]
            shown.append(Table(
                [outlook.by, "name", *fields],
                [[a.group, a.name, *(getattr(a, f) for f in fields)]
                 for a in [*outlook.groups, outlook.total]],
                headings=[outlook.by, "name", "in scope", "covered", "planned", "before",
                          "after", "to target", "reaches target"],
                rates={"formation_rate_before", "formation_rate_after"},
                title=Text("projection against the target {target:.1%}",
                           target=outlook.target)))
        if self.groups:
            shown.append(Table(
                ["id", "units", "party_members", "street", "zone", "industry"],
                [[g.id, ", ".join(g.units), g.party_members, g.street, g.zone, g.industry]
                 for g in self.groups],
                headings=["id", "units", "members", "street", "zone", "industry"],
                title="joint groups"))
        return shown

    def footer(self) -> list[str]:
        counts = ", ".join(f"{Code('action', action).localized()} {n}"
                           for action, n in self.summary.items() if n)
        return [_("{count} recommendations").format(count=len(self.recommendations))
                + (_(": {counts}").format(counts=counts) if counts else "")]


def level_for(members: int) -> str:
    """The level of an organization with this many formal members.

    >>> [level_for(n) for n in (3, 50, 51, 99, 100)]
    ['branch', 'branch', 'general_branch', 'general_branch', 'committee']
    """
    if members >= 100:
        return "committee"
    if members > 50:
        return "general_branch"
    return "branch"


@gc_paused
def plan(source: GraphStore | Projection, *, zone: str | None = None,
         street: str | None = None, as_of: str | None = None, target: float | None = None,
         by: str = "street") -> PlanReport:
    """The formation plan of every in-scope unit that lacks an organization of its own;
    with ``zone`` or ``street`` (each by id or by name), only the rows of units there (and
    the joint groups they are in). The plan is made for the whole graph first, so a row
    is the same whether filtered or not. As of ``as_of`` (an ISO date, default today): see
    graphmodel/analysis/asof.py. With a ``target`` rate, each area's (``by`` street or zone)
    rows that give units an organization come first, each with the area's rate once it is
    done (``rate_after``), and the report adds the ``projection`` (see ``projected``)."""
    if by not in ("street", "zone"):
        raise UsageError(Text("--by {by!r}: expected street or zone", by=by))
    industries = None
    day = source.day if isinstance(source, Projection) else as_of or today()
    source = at_day(source, day, PLAN_TYPES)
    if isinstance(source, Projection):
        projection, status = source, unit_status(source)
    elif (reads := source.columns()) is not None and (read := _plan_graph(reads)) is not None:
        projection, status, industries = read
    else:
        projection = project(source, PLAN_TYPES)
        status = unit_status(projection)
    orgs = PartyOrgIndex.of(projection, industries)
    rows: list[Recommendation] = []
    candidates: list[str] = []
    covered = frozenset(MODES)
    for unit in sorted(status):
        members = _members(projection, unit)
        if status[unit] in covered:
            if members is None or members < STANDALONE_MIN:
                continue
            modes = {d["mode"] for _, d in projection.in_edges(unit, "COVERS")}
            if modes <= SHARED_MODES:
                level = level_for(members)
                rows.append(_row(projection, unit, "should_build", level=level, reason=Text(
                    "{members} members but covered only {modes}: build its own {level}",
                    members=members, modes=Codes("mode", sorted(modes)),
                    level=Code("level", level))))
        elif members is None:
            rows.append(_row(projection, unit, "survey",
                             reason=Text("formal party members unknown: count them first")))
        elif members >= STANDALONE_MIN:
            level = level_for(members)
            rows.append(_row(projection, unit, "standalone", level=level,
                             reason=Text("{members} members: build its own {level}",
                                         members=members, level=Code("level", level))))
        elif members == 0:
            guided = status[unit] == STATUSES[WORK_ONLY]
            rows.append(_instructor(projection, unit, orgs, guided=guided))
        else:
            candidates.append(unit)
    groups, leftovers = form_groups(projection, candidates)
    for group in groups:
        for unit in group.units:
            rows.append(_row(projection, unit, "joint", level=level_for(group.party_members),
                             group=group.id, reason=Text(
                                 "{members} member(s): joint branch of {units} units, "
                                 "{total} members", members=_members(projection, unit),
                                 units=len(group.units), total=group.party_members)))
    for unit, why in leftovers.items():
        host, host_why = find_host(projection, unit, orgs)
        rows.append(_row(projection, unit, "affiliated", host=host,
                         reason=Text("{why}; {host_why}", why=why, host_why=host_why)))
    rows, groups = _within(projection, rows, groups, zone, street)
    rank = {action: i for i, action in enumerate(ACTIONS)}
    rows.sort(key=lambda r: (rank[r.action], r.group or "", r.unit))
    counts = Counter(r.action for r in rows)
    outlook = None
    if target is not None:
        if street is not None:  # (one street's rows against its zone's figures would mislead)
            by = "street"
        outlook = projected(rows, coverage(source, by=by, as_of=day), target, by,
                            filtered=zone is not None or street is not None)
    return PlanReport(rows, groups, {action: counts[action] for action in ACTIONS},
                      outlook, day)


def gives_organization(row: Recommendation) -> bool:
    """Whether doing this row gives its unit an organization (covers it)."""
    return row.action in ("standalone", "joint") or (row.action == "affiliated"
                                                     and row.host is not None)


def projected(rows: list[Recommendation], figures: CoverageReport, target: float, by: str,
              *, filtered: bool = False) -> PlanOutlook:
    """What the plan achieves against ``target``, per area (coverage's groups ``by`` street
    or zone) and in total; reorders ``rows`` so that each area's rows giving an organization
    come first (in the plan's order) and sets their ``rate_after``. Rates are compared
    exactly (fractions). With ``filtered`` rows, only the areas they lie in are projected.
    """
    planned: dict[str, list[Recommendation]] = {}
    for row in rows:
        planned.setdefault(getattr(row, by) or NONE_GROUP, []).append(row)
    wanted = Fraction(str(target))
    areas = []
    for group in figures.groups:
        if filtered and group.group not in planned:
            continue
        mine = planned.get(group.group, [])
        covering = [r for r in mine if gives_organization(r)]
        for done, row in enumerate(covering, start=1):
            row.rate_after = round((group.covered + done) / group.in_scope, 6)
        areas.append(_area(group.group, group.name, group.in_scope, group.covered,
                           len(covering), wanted))
    order = {id(r): n for n, r in enumerate(rows)}
    area_rank = {a.group: n for n, a in enumerate(areas)}
    rows.sort(key=lambda r: (area_rank.get(getattr(r, by) or NONE_GROUP, len(area_rank)),
                             not gives_organization(r), order[id(r)]))
    total = _area("(total)", "(total)", sum(a.in_scope for a in areas),
                  sum(a.covered for a in areas), sum(a.units_planned for a in areas), wanted)
    return PlanOutlook(target, by, total, areas)


def _area(group: str, name: str, in_scope: int, covered: int, planned: int,
          wanted: Fraction) -> AreaProjection:
    needed = max(0, math.ceil(wanted * in_scope) - covered)
    return AreaProjection(
        group, name, in_scope, covered, planned,
        round(covered / in_scope, 6) if in_scope else None,
        round((covered + planned) / in_scope, 6) if in_scope else None,
        needed, in_scope > 0 and Fraction(covered + planned, in_scope) >= wanted)


def _within(projection: Projection, rows: list[Recommendation], groups: list[JointGroup],
            zone: str | None, street: str | None
            ) -> tuple[list[Recommendation], list[JointGroup]]:
    """The rows of units in ``zone`` and ``street`` (ids or names), and their groups."""
    wanted = {kind: find_area(projection, kind, given)
              for kind, given in (("zone", zone), ("street", street)) if given is not None}
    if not wanted:
        return rows, groups
    rows = [r for r in rows if all(getattr(r, kind) == area for kind, area in wanted.items())]
    named = {r.group for r in rows}
    return rows, [g for g in groups if g.id in named]


# --- joint groups ---------------------------------------------------------------------------

def form_groups(projection: Projection, units: list[str]
                ) -> tuple[list[JointGroup], dict[str, str]]:
    """Group 1-2-member units into joint branches; return the groups and the units left over.

    Per area (the unit's street, else its zone, for units without a street; areas sorted by
    id), with candidates ordered by (industry, id), unknown industries last:

    1. Each industry whose units can form groups on their own (3 or more units, or 2 units
       with 3+ members) is cut into ceil(n / 5) groups of balanced size, in that order.
    2. The other units (industries too small, unknown industry) are pooled; if the pool can
       form groups, it is cut the same way (mixed industries).
    3. Otherwise each pooled unit joins the smallest group with room (ties: the earlier
       group); when all are full, it joins the last group, which splits into two balanced
       groups (5 + 1 = 3 + 3).

    So every unit that can be grouped is: all of an area's candidates when there are 3 or
    more, or 2 with 3+ members; none otherwise. Those go to ``affiliated``. Groups are
    numbered per area by their smallest member id: ``joint-<street or zone>-<n>``; units
    are listed by id.
    """
    areas: dict[str, list[str]] = {}
    leftovers: dict[str, str] = {}
    for unit in units:
        area = projection.area(unit, "street") or projection.area(unit, "zone")
        if area is None:
            leftovers[unit] = Text("no street or zone known, so no neighbours for a joint "
                                   "branch")
        else:
            areas.setdefault(area, []).append(unit)
    groups: list[JointGroup] = []
    for area in sorted(areas):
        area_units = sorted(areas[area], key=lambda u: _industry_key(projection, u))
        if not _groupable(projection, area_units):
            total = sum(_members(projection, u) or 0 for u in area_units)
            kind = projection.node(area)["type"]
            for unit in area_units:
                leftovers[unit] = Text("no joint branch possible in {kind} {area} ({count} "
                                       "candidate unit(s), {total} member(s) in all)",
                                       kind=Code("type", kind), area=area,
                                       count=len(area_units), total=total)
            continue
        chunks = sorted((sorted(c) for c in _area_chunks(projection, area_units)),
                        key=lambda c: c[0])
        for n, chunk in enumerate(chunks, start=1):
            groups.append(_group(projection, area, n, chunk))
    return groups, dict(sorted(leftovers.items()))


def _area_chunks(projection: Projection, units: list[str]) -> list[list[str]]:
    by_industry: dict[str | None, list[str]] = {}
    for unit in units:  # already in (industry, id) order
        by_industry.setdefault(projection.node(unit).get("industry") or None, []).append(unit)
    chunks: list[list[str]] = []
    pool: list[str] = []
    for industry, members in by_industry.items():
        if industry is not None and _groupable(projection, members):
            chunks += _balanced(members)
        else:
            pool += members
    if _groupable(projection, pool):
        return chunks + _balanced(pool)
    for unit in pool:
        open_ = [i for i, c in enumerate(chunks) if len(c) < JOINT_MAX_UNITS]
        if open_:
            chunks[min(open_, key=lambda i: (len(chunks[i]), i))].append(unit)
        else:
            last = sorted([*chunks.pop(), unit], key=lambda u: _industry_key(projection, u))
            chunks += _balanced(last)
    return chunks


def _balanced(units: list[str]) -> list[list[str]]:
    """Cut an ordered list into ceil(n / 5) consecutive chunks whose sizes differ by 1 at most.

    >>> [len(c) for c in _balanced(list("abcdefg"))], [len(c) for c in _balanced(list("ab"))]
    ([4, 3], [2])
    """
    count = math.ceil(len(units) / JOINT_MAX_UNITS)
    size, extra = divmod(len(units), count)
    chunks, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        chunks.append(units[start:end])
        start = end
    return chunks


def _groupable(projection: Projection, units: list[str]) -> bool:
    """Whether units can all be put in joint groups of 2-5 units with 3+ members each."""
    if len(units) >= STANDALONE_MIN:
        return True  # 3..5 units of 1-2 members always reach 3 members
    return len(units) == 2 and sum(_members(projection, u) or 0 for u in units) >= 3


def _group(projection: Projection, area: str, n: int, units: list[str]) -> JointGroup:
    is_street = projection.node(area)["type"] == "street"
    zones = Counter(z for u in units if (z := projection.area(u, "zone")) is not None)
    zone = area if not is_street else (
        min(zones, key=lambda z: (-zones[z], z)) if zones else None)
    industries = {projection.node(u).get("industry") for u in units}
    return JointGroup(
        id=f"joint-{area}-{n}", units=units,
        party_members=sum(_members(projection, u) or 0 for u in units),
        street=area if is_street else None, zone=zone,
        industry=industries.pop() if len(industries) == 1 else None)


# --- hosts and committees -------------------------------------------------------------------

def org_industries(projection: Projection, org: str) -> set[str]:
    """A party organization's industries: its own ``industry``, else those of the units it COVERS.

    Industry branches (行業黨支部) carry the property; other organizations are taken to be
    of the industries they already cover.
    """
    own = projection.node(org).get("industry")
    if own:
        return {own}
    return {industry for unit, _ in projection.out_edges(org, "COVERS")
            if (industry := projection.node(unit).get("industry"))}


@dataclass
class PartyOrgIndex:
    """Party organizations by street and zone (ids sorted), with industries and levels.

    Built once per plan, so that finding hosts and committees does not rescan the graph.
    """

    by_area: dict[tuple[str, str], list[str]]  # ("street" or "zone", area id) -> org ids
    industries: dict[str, set[str]]
    levels: dict[str, str | None]
    committees: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # as by_area
    #: what find_host and committee_for found for each place (and industry) already asked:
    #: at 1M organizations, hundreds of thousands of units share a few hundred places
    answers: dict[tuple[Any, ...], tuple[str | None, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, projection: Projection,
           industries: dict[str, set[str]] | None = None) -> PartyOrgIndex:
        """The index of the projection's party organizations; ``industries``, if given, are
        theirs as :func:`org_industries` gives them (read without the units they cover)."""
        by_area: dict[tuple[str, str], list[str]] = {}
        orgs = projection.of_type("party_org")  # sorted, so every list is sorted
        for org in orgs:
            for kind in ("street", "zone"):
                if (where := projection.area(org, kind)) is not None:
                    by_area.setdefault((kind, where), []).append(org)
        levels = {o: projection.node(o).get("level") for o in orgs}
        committees = {where: found for where, located in by_area.items()
                      if (found := [o for o in located if levels[o] == "committee"])}
        if industries is None:
            industries = {o: org_industries(projection, o) for o in orgs}
        return cls(by_area, industries, levels, committees)

    def located(self, kind: str, area: str | None) -> list[str]:
        return self.by_area.get((kind, area), []) if area is not None else []

    def committees_in(self, kind: str, area: str) -> list[str]:
        """The committees located in one street or zone, by id."""
        return self.committees.get((kind, area), [])


def find_host(projection: Projection, unit: str, orgs: PartyOrgIndex | None = None
              ) -> tuple[str | None, str]:
    """The party organization a 1-2-member unit should attach to, and why (or why none).

    Tiers, first non-empty wins, ties by id: same street and industry, same street, same
    zone (a party organization's street/zone is where it is LOCATED_IN; its industry per
    :func:`org_industries`).
    """
    orgs = orgs or PartyOrgIndex.of(projection)
    street = projection.area(unit, "street")
    zone = projection.area(unit, "zone")
    industry = projection.node(unit).get("industry")
    key = ("host", street, zone, industry)
    if key not in orgs.answers:
        orgs.answers[key] = _host_in(orgs, street, zone, industry)
    return orgs.answers[key]


def _host_in(orgs: PartyOrgIndex, street: str | None, zone: str | None,
             industry: str | None) -> tuple[str | None, str]:
    in_street = orgs.located("street", street)
    tiers = [(Text("host by same street and industry"),
              [o for o in in_street if industry and industry in orgs.industries[o]]),
             (Text("host by same street"), in_street),
             (Text("host by same zone"), orgs.located("zone", zone))]
    for label, found in tiers:
        if found:
            return found[0], label
    if street is None and zone is None:
        return None, Text("no host: the unit has no street or zone")
    where = either([Text("{kind} {area}", kind=Code("type", kind), area=a)
                    for kind, a in (("street", street), ("zone", zone)) if a is not None])
    return None, Text("no host: no party organization in {where}", where=where)


def committee_for(projection: Projection, unit: str, orgs: PartyOrgIndex | None = None
                  ) -> tuple[str | None, str]:
    """The committee to send an instructor: its street's, else its zone's (ties by id)."""
    orgs = orgs or PartyOrgIndex.of(projection)
    places = tuple((kind, area) for kind in ("street", "zone")
                   if (area := projection.area(unit, kind)) is not None)
    key = ("committee", *places)
    if key not in orgs.answers:
        orgs.answers[key] = _committee_in(orgs, places)
    return orgs.answers[key]


def _committee_in(orgs: PartyOrgIndex, places: tuple[tuple[str, str], ...]
                  ) -> tuple[str | None, str]:
    for kind, area in places:
        found = orgs.committees_in(kind, area)
        if found:
            return found[0], Text("committee of {kind} {area}", kind=Code("type", kind),
                                  area=area)
    if not places:
        return None, Text("none exists: the unit has no street or zone")
    where = either([Text("{kind} {area}", kind=Code("type", kind), area=area)
                    for kind, area in places])
    return None, Text("none exists: no committee in {where}", where=where)


def _instructor(projection: Projection, unit: str, orgs: PartyOrgIndex, *,
                guided: bool) -> Recommendation:
    """An instructor row: the guide already there (``existing``), else the committee to
    send one."""
    if guided:
        guides = sorted(source for source, _ in projection.in_edges(unit, "GUIDES"))
        return _row(projection, unit, "instructor", host=guides[0], existing=True,
                    reason=Text("no formal members: guided by an instructor already "
                                "(existing)"))
    host, why = committee_for(projection, unit, orgs)
    return _row(projection, unit, "instructor", host=host,
                reason=Text("no formal members: work coverage by an instructor; {why}",
                            why=why))


# --- reading a graph as columns -------------------------------------------------------------

#: a COVERS mode outside the contract, in the plan's graph (never shown: such a COVERS covers
#: nothing, and no unit can be should_build by it, which needs joint or affiliated modes)
ANOTHER_MODE = "(another mode)"


def _plan_graph(reads: ColumnReads
                ) -> tuple[Projection, dict[str, str], dict[str, set[str]]] | None:
    """The plan's input from a graph read as integer columns, without projecting all of it.

    Every node is read (in parts), and the COVERS, GUIDES and LOCATED_IN relationships as
    integer columns, as the projection reads them; numpy finds each unit's status. Only the
    units the plan can give a row (not covered, or covered with 3+ members), the party
    organizations and the places they are LOCATED_IN go into a NetworkX graph: at 1M
    organizations a fraction of the whole. The party organizations' industries are worked
    out here from all their COVERS. Returns (that graph, each of its units' status, the
    industries), or None when two nodes share an id (then the plan projects the graph).
    """
    with reads.store.reading():  # node keys and relationship ends must come from one graph
        nodes = read_nodes(reads.store)
        at = nodes.at
        ids = [row[at["id"]] for row in nodes.rows]
        if len(set(ids)) < len(ids):  # (the projection keeps one node per id)
            return None
        keys = np.array([row[at["key"]] for row in nodes.rows], dtype=np.int64)
        label_of = label_codes(keys.tolist(), [row[at["label"]] for row in nodes.rows])
        columns: dict[str, list[dict[str, np.ndarray]]] = {kind: [] for kind in PLAN_TYPES}
        for rel_type, _, batch in reads.relationship_columns(label_of, PLAN_TYPES):
            columns[rel_type].append(batch)
    size = len(label_of)
    row_of = np.full(size, -1, dtype=np.int64)
    row_of[keys] = np.arange(len(keys))
    id_of = np.full(size, None, dtype=object)
    id_of[keys] = ids
    covers = _one_per_pair({name: np.concatenate([b[name] for b in columns["COVERS"]]
                                                 or [np.empty(0, dtype=np.int64)])
                            for name in ("source", "target", "mode")}, size)
    rank = status_codes(size, covered_units=covers["target"], covered_codes=covers["mode"],
                        guided=np.concatenate([b["target"] for b in columns["GUIDES"]]
                                              or [np.empty(0, dtype=np.int64)]))
    kept = _units_with_possible_rows(nodes, rank, size)
    is_party = label_of == CODE_OF_LABEL[schema.LABELS["party_org"]]
    asking = kept | is_party  # the nodes the plan asks for their places
    located = columns["LOCATED_IN"]
    places = np.zeros(size, dtype=bool)
    for batch in located:
        places[batch["target"][asking[batch["source"]]]] = True
    for kind in ("zone", "street"):  # every one, so that --zone/--street find them by name
        places |= label_of == CODE_OF_LABEL[schema.LABELS[kind]]
    chosen = asking | places
    for batch in columns["GUIDES"]:  # the guides of the units kept (party organizations)
        chosen[batch["source"][kept[batch["target"]]]] = True

    graph = graph_of(NodeTable([row for row in nodes.rows if chosen[row[at["key"]]]], at))
    modes = np.array([*MODES, ANOTHER_MODE, None], dtype=object)  # (OTHER_MODE, NO_MODE)
    into_kept = kept[covers["target"]]
    batches = [("COVERS", id_of[covers["source"][into_kept]].tolist(),
                id_of[covers["target"][into_kept]].tolist(),
                modes[covers["mode"][into_kept]].tolist())]
    for batch in columns["GUIDES"]:  # (a guided unit's row names its guide)
        into = kept[batch["target"]]
        batches.append(("GUIDES", id_of[batch["source"][into]].tolist(),
                        id_of[batch["target"][into]].tolist(), [None] * int(into.sum())))
    areas = _areas(located, asking, label_of, row_of, ids)
    if areas is None:  # (area() finds them in the graph instead)
        for batch in located:
            from_asking = asking[batch["source"]]
            batches.append(("LOCATED_IN", id_of[batch["source"][from_asking]].tolist(),
                            id_of[batch["target"][from_asking]].tolist(),
                            modes[batch["mode"][from_asking]].tolist()))
    add_edges(graph, batches)
    status = {id_of[key]: STATUSES[rank[key]] for key in np.flatnonzero(kept).tolist()}
    return (Projection(graph, areas), status,
            _party_industries(nodes, id_of, is_party, covers))


def _areas(located: list[dict[str, np.ndarray]], asking: np.ndarray, label_of: np.ndarray,
           row_of: np.ndarray, ids: list[Any]) -> dict[str, dict[Any, Any]] | None:
    """The zone and street of each node ``asking`` (per node id), as Projection.area finds
    them: the one with the smallest id. None if a zone or street id is not text (rows are in
    the order of their ids as text, which for other kinds is not Python's order)."""
    places = {kind: CODE_OF_LABEL[schema.LABELS[kind]] for kind in ("zone", "street")}
    found: dict[str, dict[Any, Any]] = {}
    for kind, code in places.items():
        if not all(type(ids[row]) is str for row in row_of[label_of == code].tolist()):
            return None
        smallest = np.full(len(label_of), len(ids), dtype=np.int64)  # a row number; none
        for batch in located:
            source, target = batch["source"], batch["target"]
            chosen = asking[source] & (label_of[target] == code)
            np.minimum.at(smallest, source[chosen], row_of[target[chosen]])
        nodes = np.flatnonzero(smallest < len(ids)).tolist()
        found[kind] = {ids[row_of[node]]: ids[smallest[node]] for node in nodes}
    return found


def _one_per_pair(covers: dict[str, np.ndarray], size: int) -> dict[str, np.ndarray]:
    """The COVERS relationships the projection keeps: one per (source, target), the last
    it adds, and it adds those with a mode outside the contract (code -2) after the others.

    >>> kept = _one_per_pair({"source": np.array([0, 0, 0]), "target": np.array([1, 1, 2]),
    ...                       "mode": np.array([-2, 1, 0])}, 3)
    >>> kept["mode"].tolist()
    [-2, 0]
    """
    order = np.argsort(covers["mode"] == OTHER_MODE, kind="stable")
    pairs = (covers["source"] * size + covers["target"])[order]
    _, last = np.unique(pairs[::-1], return_index=True)
    keep = order[len(pairs) - 1 - last]
    return {name: column[keep] for name, column in covers.items()}


def _units_with_possible_rows(nodes: NodeTable, rank: np.ndarray, size: int) -> np.ndarray:
    """Per node id: is it a unit the plan may give a row, by its status rank and members.

    Every unit not covered, and one covered only if it has 3 or more members.
    """
    type_of, at = schema.TYPE_OF_LABEL, nodes.at
    units, values = [], []
    for row in nodes.rows:
        if type_of[row[at["label"]]] in schema.IN_SCOPE_TYPES:
            units.append(row[at["key"]])
            values.append(row[at["party_members"]])
    unit_keys = np.array(units, dtype=np.int64)
    known = np.array([value is not None for value in values], dtype=bool)
    # (clamped: only 0 and 3 or more matter, and a huge number must not overflow int64)
    members = np.array([0 if value is None else max(-1, min(int(value), STANDALONE_MIN))
                        for value in values], dtype=np.int64)
    unit_rank = rank[unit_keys]
    possible = np.where(unit_rank < len(MODES), known & (members >= STANDALONE_MIN), True)
    kept = np.zeros(size, dtype=bool)
    kept[unit_keys[possible]] = True
    return kept


def _party_industries(nodes: NodeTable, id_of: np.ndarray, is_party: np.ndarray,
                      covers: dict[str, np.ndarray]) -> dict[str, set[str]]:
    """Each party organization's industries, as :func:`org_industries` gives them."""
    industry_at, id_at = nodes.at["industry"], nodes.at["id"]
    industry_of = {row[id_at]: row[industry_at] for row in nodes.rows}
    result: dict[str, set[str]] = {}
    for org in id_of[np.flatnonzero(is_party)].tolist():
        own = industry_of[org]
        result[org] = {own} if own else set()
    for source, target in zip(id_of[covers["source"]].tolist(),
                              id_of[covers["target"]].tolist(), strict=True):
        if source in result and not industry_of[source] and (industry := industry_of[target]):
            result[source].add(industry)
    return result


# --- helpers --------------------------------------------------------------------------------

def _members(projection: Projection, unit: str) -> int | None:
    value = projection.node(unit).get("party_members")
    return None if value is None else int(value)


def _industry_key(projection: Projection, unit: str) -> tuple[bool, str, str]:
    industry = projection.node(unit).get("industry") or None
    return (industry is None, industry or "", unit)


def _row(projection: Projection, unit: str, action: str, *, level: str | None = None,
         group: str | None = None, host: str | None = None, reason: str,
         existing: bool = False) -> Recommendation:
    street, zone = projection.area(unit, "street"), projection.area(unit, "zone")
    return Recommendation(unit=unit, name=projection.node(unit).get("name"), action=action,
                          level=level, group=group, host=host,
                          host_name=name_of(projection, host),
                          party_members=_members(projection, unit), reason=reason,
                          street=street, street_name=name_of(projection, street),
                          zone=zone, zone_name=name_of(projection, zone), existing=existing)
