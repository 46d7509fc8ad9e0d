"""The 雙百一超 indicators: the three figures a district reports against its goal.

* 應建必建率 (should-build rate): of the in-scope units with ``SHOULD_BUILD_MIN`` (3) or more
  formal party members, the share with an organization of their own (covered in one of
  ``OWN_MODES``: standalone or entrusted; the plan's ``should_build`` rows are those covered
  only jointly or by affiliation). Goal: 100%.
* 工作覆蓋率 (work-coverage rate): of the in-scope units without a party organization, the
  share party work reaches through an instructor (GUIDES, status ``work_only``). Goal: 100%.
* 雙覆蓋率 (double-coverage rate): coverage's own, (covered + work only) / in scope. Goal:
  above the provincial average.

The statuses and both thresholds are graphmodel/status.py's; the counts are coverage's
(graphmodel/analysis/coverage.py).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("p", type="party_org")
>>> for unit, members in (("a", 5), ("b", 4), ("c", 0), ("d", 1)):
...     g.add_node(unit, type="enterprise", party_members=members)
>>> _ = g.add_edge("p", "a", type="COVERS", mode="standalone")
>>> _ = g.add_edge("p", "b", type="COVERS", mode="joint")
>>> _ = g.add_edge("p", "c", type="GUIDES", mode=None)
>>> found = indicators(Projection(g), province_average=0.7)
>>> (found.should_build, found.built, found.without_organization, found.work_covered)
(2, 1, 2, 1)
>>> found.double_coverage_rate, found.above_average
(0.75, True)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

from graphmodel.analysis.asof import as_of as at_day
from graphmodel.analysis.asof import today
from graphmodel.analysis.coverage import COVERAGE_TYPES, coverage, unit_status
from graphmodel.analysis.projection import Projection
from graphmodel.gcpause import gc_paused
from graphmodel.status import OWN_MODES, SHOULD_BUILD_MIN
from graphmodel.store.base import GraphStore


@dataclass
class Indicators:
    """The three rates with what they are made of (rates None where nothing is counted)."""

    should_build: int           # in-scope units with 3+ formal members
    built: int                  # ... of them with an organization of their own
    should_build_rate: float | None
    without_organization: int   # in-scope units no party organization covers
    work_covered: int           # ... of them guided by an instructor
    work_coverage_rate: float | None
    in_scope: int
    double_covered: int         # covered + work only
    double_coverage_rate: float | None
    province_average: float | None = None
    above_average: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@gc_paused
def indicators(source: GraphStore | Projection, *, as_of: str | None = None,
               province_average: float | None = None) -> Indicators:
    """The indicators of every in-scope unit there on ``as_of`` (default today)."""
    day = source.day if isinstance(source, Projection) else as_of or today()
    source = at_day(source, day, COVERAGE_TYPES)
    total = coverage(source).total
    if isinstance(source, Projection):
        counts = _should_build_in_projection(source)
    else:
        counts = Counter({row[0]: row[1] for row in source.read_table(
            source.statement("analysis/indicators.cypher"),
            {"min_members": SHOULD_BUILD_MIN}).rows})
    should_build = sum(counts.values())
    built = sum(counts[status] for status in OWN_MODES)
    without = total.work_only + total.uncovered
    double = total.covered + total.work_only
    double_rate = _rate(double, total.in_scope)
    return Indicators(
        should_build=should_build, built=built, should_build_rate=_rate(built, should_build),
        without_organization=without, work_covered=total.work_only,
        work_coverage_rate=_rate(total.work_only, without), in_scope=total.in_scope,
        double_covered=double, double_coverage_rate=double_rate,
        province_average=province_average,
        above_average=(None if province_average is None or double_rate is None
                       else Fraction(double, total.in_scope) > Fraction(str(province_average))))


def _should_build_in_projection(projection: Projection) -> Counter[str]:
    statuses = unit_status(projection)
    return Counter(status for unit, status in statuses.items()
                   if _members(projection.node(unit)) >= SHOULD_BUILD_MIN)


def _members(node: dict[str, Any]) -> int:
    members = node.get("party_members")
    return members if isinstance(members, int) and not isinstance(members, bool) else 0


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole else None
