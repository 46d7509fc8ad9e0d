"""Coverage: per area, industry or size, how many in-scope units party organizations cover.

Each unit's status (covered in a mode, work only, uncovered) follows the one rule of
graphmodel/status.py. Formation rate = covered / in scope; double-coverage rate =
(covered + work only) / in scope; the gap is how many more units must be covered to reach a
target rate.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:          # doctest: +SKIP
...     report = coverage(store, by="zone", target=0.68)
>>> report.total.formation_rate                                    # doctest: +SKIP
0.5
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from fractions import Fraction

from graphmodel import cypherlib
from graphmodel.analysis.asof import as_of as at_day
from graphmodel.analysis.asof import today
from graphmodel.analysis.projection import Projection, project
from graphmodel.errors import UsageError
from graphmodel.gcpause import gc_paused
from graphmodel.i18n import Text
from graphmodel.results import Report, Table
from graphmodel.status import MODES, STATUSES, status_codes, status_of
from graphmodel.store.base import GraphStore
from graphmodel.store.columns import ColumnReads

GROUPINGS = ("zone", "street", "industry", "size")
#: the relationships coverage reads
COVERAGE_TYPES = ("COVERS", "GUIDES", "LOCATED_IN")
NONE_GROUP = "(none)"


@dataclass
class CoverageRow:
    """Coverage of one group of in-scope units (or of all of them)."""

    group: str
    name: str
    in_scope: int
    covered: int
    standalone: int
    joint: int
    affiliated: int
    entrusted: int
    work_only: int
    uncovered: int
    formation_rate: float | None
    double_coverage_rate: float | None
    gap: int | None


@dataclass
class CoverageReport(Report):
    """Coverage per group and in total; ``by`` None means the total only."""

    by: str | None
    target: float | None
    groups: list[CoverageRow]
    total: CoverageRow
    #: the day the figures are of (None: a projection as it was)
    as_of: str | None = field(default=None, compare=False)

    def tables(self) -> list[Table]:
        columns = ["group", "name", "in_scope", "covered", "standalone", "joint", "affiliated",
                   "entrusted", "work_only", "uncovered", "formation_rate",
                   "double_coverage_rate"] + (["gap"] if self.target is not None else [])
        rows = [[getattr(row, c) for c in columns] for row in [*self.groups, self.total]]
        return [Table(columns, rows, headings=[c.replace("_rate", "").replace("_", " ")
                                               for c in columns],
                      rates={"formation_rate", "double_coverage_rate"},
                      codes=dict.fromkeys(("group", "name"), "size") if self.by == "size"
                      else {})]


def as_projection(source: GraphStore | Projection,
                  rel_types: Collection[str] | None = None) -> Projection:
    """Analyses accept a store (read now: every node, and the relationships of ``rel_types``
    or of every type) or a projection already read."""
    return source if isinstance(source, Projection) else project(source, rel_types)


def unit_status(source: GraphStore | Projection) -> dict[str, str]:
    """Each in-scope unit's status (graphmodel/status.py): a COVERS mode, 'work_only' or
    'uncovered'. Views use this to flag uncovered units; the plan uses it to find them.
    """
    projection = as_projection(source)
    pred = projection.graph._pred  # one pass over each unit's incoming edges (1M at scale)
    status = {}
    for unit in projection.in_scope_units():
        modes, guided = [], False
        for keyed in pred[unit].values():
            for data in keyed.values():
                if data["type"] == "COVERS":
                    modes.append(data["mode"])
                elif data["type"] == "GUIDES":
                    guided = True
        status[unit] = status_of(modes, guided)
    return status


@gc_paused
def coverage(source: GraphStore | Projection, *, by: str | None = None,
             target: float | None = None, as_of: str | None = None) -> CoverageReport:
    """Coverage of in-scope units, grouped ``by`` zone, street, industry or size; by zone or
    street every one of them is listed, those without units with 0.

    Given a store, the units are counted without building a projection: where the store
    reads integer columns (``store.columns()``), the units, COVERS and GUIDES ends come as
    columns that numpy counts; elsewhere the engine aggregates them in Cypher
    (cypher/analysis/coverage.cypher) and only the counts travel. Given a projection, they
    are counted here. All three give the same report.

    As of ``as_of`` (an ISO date; default today): what is not there that day is left out
    (graphmodel/analysis/asof.py); a projection is taken as of the day it was read.
    """
    if by is not None and by not in GROUPINGS:
        raise UsageError(Text("--by {by!r}: expected one of {choices}", by=by,
                              choices=", ".join(GROUPINGS)))
    if target is not None and not 0 <= target <= 1:
        raise UsageError(Text("--target {target}: expected a rate between 0 and 1, e.g. 0.68",
                              target=target))
    day = source.day if isinstance(source, Projection) else as_of or today()
    source = at_day(source, day, COVERAGE_TYPES)
    if isinstance(source, Projection):
        counts, names = _count_in_projection(source, by)
    else:
        counts, names = _count_in_database(source, by)
    groups = [figures_row(key, names.get(key, key), counts[key], target)
              for key in sorted(counts, key=_group_order)] if by is not None else []
    total: Counter[str] = Counter()
    for per_status in counts.values():
        total.update(per_status)
    return CoverageReport(by, target, groups,
                          figures_row("(total)", "(total)", total, target), day)


def parse_rate(text: str, option: str = "--target") -> float:
    """A rate as a user writes it (to ``option``): a fraction, or a percentage with its sign.

    >>> parse_rate("0.68"), parse_rate("68%"), parse_rate(" 68.5 ％")
    (0.68, 0.68, 0.685)
    """
    written = text.strip()
    percent = written.endswith(("%", "％"))
    number = written.rstrip("%％").strip() if percent else written
    try:
        value = float(number)
    except ValueError:
        raise UsageError(Text("{option} {text!r}: expected a rate such as 0.68 or 68%",
                              option=option, text=text)) from None
    if percent:
        value = round(value / 100, 10)
    if not 0 <= value <= 1:
        raise UsageError(Text("{option} {text}: expected a rate between 0 and 1 (or 0% and "
                              "100%), e.g. 0.68 or 68%", option=option, text=text))
    return value


def _count_in_projection(projection: Projection,
                         by: str | None) -> tuple[dict[str, Counter[str]], dict[str, str]]:
    counts: dict[str, Counter[str]] = {}
    for unit, status in unit_status(projection).items():
        counts.setdefault(_group_of(projection, unit, by), Counter())[status] += 1
    if by in ("zone", "street"):  # (every area, those without units too)
        for area in projection.of_type(by):
            counts.setdefault(area, Counter())
    names = {key: projection.node(key)["name"] for key in counts
             if by in ("zone", "street") and key in projection.graph
             and projection.node(key).get("name")}
    return counts, names


def _count_in_database(store: GraphStore,
                       by: str | None) -> tuple[dict[str, Counter[str]], dict[str, str]]:
    with store.reading():  # the columns' node ids, and the names, must come from one graph
        areas = None
        if by in ("zone", "street"):
            areas = store.read_table(
                cypherlib.read("analysis/area-names.cypher").statements()[0])
            if any(type(area_id) is not str for area_id, *_ in areas.rows
                   if area_id is not None):
                # (a user's query wrote an area id of another kind: Cypher picks a unit's
                # smallest area in its own order of kinds, the projection reads ids as text)
                return _count_in_projection(project(store), by)
        reads = store.columns()
        counts = (_count_in_columns(reads, by) if reads is not None
                  else _count_by_cypher(store, by))
    names = {}
    for area_id, name, kind in areas.rows if areas is not None else []:
        if kind == by and area_id is not None:  # (every area, those without units too)
            counts.setdefault(_group_key(area_id), Counter())
        if area_id in counts and name:
            names[area_id] = name
    return counts, names


def _count_by_cypher(store: GraphStore, by: str | None) -> dict[str, Counter[str]]:
    """Counts aggregated by the engine: one row per (group, status)."""
    result = store.read_table(cypherlib.read("analysis/coverage.cypher").statements()[0],
                              {"by": by})
    counts: dict[str, Counter[str]] = {}
    for record in result.records():
        value = record["group"] if by is not None else "(total)"
        key = _group_key(value)
        counts.setdefault(key, Counter())[record["status"]] += int(record["units"])
    return counts


def _count_in_columns(reads: ColumnReads, by: str | None) -> dict[str, Counter[str]]:
    """Counts from integer columns of node ids, with numpy: linear in the graph.

    Each unit's status comes from status_codes; its group is the value of ``by`` or, for
    zones and streets, the area with the smallest id it is LOCATED_IN.
    """
    import numpy as np

    units_rows = reads.unit_columns(by)
    covers, guides, parties = reads.coverage_ties()
    ends = [row["units"] for row in units_rows] + [covers["party"], covers["unit"],
                                                   guides["party"], guides["unit"], parties]
    size = 1 + max((int(end.max()) for end in ends if len(end)), default=-1)
    is_unit = np.zeros(size, dtype=bool)
    is_party = np.zeros(size, dtype=bool)
    is_party[parties] = True
    group_of = np.full(size, -1, dtype=np.int64)  # index into keys, -1: no group
    keys: dict[str, int] = {}  # group key -> its row in cells
    for row in units_rows:
        is_unit[row["units"]] = True
        if by in ("industry", "size"):
            group_of[row["units"]] = _key_index(keys, _group_key(row["group"]))
    if by in ("zone", "street"):
        areas = reads.area_members("Zone" if by == "zone" else "Street")
        # largest id first, so that a unit in several areas ends under the smallest, in
        # Cypher's order as coverage.cypher's min() (coverage() itself counts in the
        # projection when an area id is not text: the projection orders ids as text)
        for row in sorted((r for r in areas if r["group"] is not None),
                          key=lambda r: _id_order(r["group"]), reverse=True):
            members = row["units"]
            # (members beyond the largest unit id are no units: a university, a service body)
            group_of[members[members < size]] = _key_index(keys, _group_key(row["group"]))
    if by is None:
        group_of[:] = _key_index(keys, "(total)")
    else:
        group_of[group_of < 0] = _key_index(keys, NONE_GROUP)

    from_party = is_party[covers["party"]]
    status = status_codes(size, covered_units=covers["unit"][from_party],
                          covered_codes=covers["code"][from_party],
                          guided=guides["unit"][is_party[guides["party"]]])
    units = np.flatnonzero(is_unit)
    cells = np.bincount(group_of[units] * len(STATUSES) + status[units],
                        minlength=len(keys) * len(STATUSES)).reshape(len(keys), len(STATUSES))
    return {key: Counter({name: int(n) for name, n in zip(STATUSES, cells[index], strict=True)
                          if n})
            for key, index in keys.items() if cells[index].any()}


def _id_order(value: object) -> tuple[int, float, str]:
    """Cypher's order of values of different kinds: texts, then booleans, then numbers."""
    if isinstance(value, bool):
        return (1, float(value), "")
    if isinstance(value, int | float):
        return (2, value, "")
    return (0, 0, str(value))


def _key_index(keys: dict[str, int], key: str) -> int:
    """The number of a group key, numbering it when new."""
    return keys.setdefault(key, len(keys))


def _group_key(value: object) -> str:
    return str(value) if value not in (None, "") else NONE_GROUP


def _group_of(projection: Projection, unit: str, by: str | None) -> str:
    if by is None:
        return "(total)"
    if by in ("zone", "street"):
        area = projection.area(unit, by)
        return area if area is not None else NONE_GROUP
    return _group_key(projection.node(unit).get(by))


def _group_order(key: str) -> tuple[int, str]:
    return (1 if key == NONE_GROUP else 0, key)


def figures_row(key: str, name: str, counts: Counter[str], target: float | None
                ) -> CoverageRow:
    """The figures of one group from its units counted by status (STATUSES names)."""
    in_scope = sum(counts[status] for status in STATUSES)
    covered = sum(counts[mode] for mode in MODES)
    gap = None
    if target is not None:
        # exact arithmetic: 0.68 * 25 must give 17, not 17.000000000000004 -> 18
        needed = math.ceil(Fraction(str(target)) * in_scope)
        gap = max(0, needed - covered)
    return CoverageRow(
        group=key, name=name, in_scope=in_scope, covered=covered,
        standalone=counts["standalone"], joint=counts["joint"],
        affiliated=counts["affiliated"], entrusted=counts["entrusted"],
        work_only=counts["work_only"], uncovered=counts["uncovered"],
        formation_rate=round(covered / in_scope, 6) if in_scope else None,
        double_coverage_rate=(round((covered + counts["work_only"]) / in_scope, 6)
                              if in_scope else None),
        gap=gap)
