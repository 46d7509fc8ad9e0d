"""What the report page shows, gathered from the analyses as they are: nothing is counted here.

Coverage (in total, per zone, per street), the 雙百一超 indicators, the plan (counts per action
and street, and what it achieves against the target), the largest partnership clusters with
their brokers by name, and the trend since the first date the register holds. Each figure
is the one its own command gives for the same day: ``coverage --as-of D --by street`` and
the report's street rows are equal by construction.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:          # doctest: +SKIP
...     gather(store, target=0.68).total["formation_rate"]
0.5
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from graphmodel.analysis.asof import as_of as at_day
from graphmodel.analysis.asof import today
from graphmodel.analysis.clusters import clusters
from graphmodel.analysis.coverage import NONE_GROUP, CoverageRow, coverage
from graphmodel.analysis.indicators import indicators
from graphmodel.analysis.plan import ACTIONS, plan
from graphmodel.analysis.trend import AUTO, trend
from graphmodel.gcpause import gc_paused
from graphmodel.status import MODES
from graphmodel.store.base import GraphStore

#: the largest clusters the report lists, and the brokers named per cluster
CLUSTERS_SHOWN = 10
BROKERS_SHOWN = 3


@dataclass
class ReportFigures:
    """Everything the page shows, as plain values (``to_dict`` is the page's JSON block)."""

    as_of: str
    written: str  # when the page was made (local time, ISO, to the minute)
    target: float | None
    total: dict[str, Any]
    indicators: dict[str, Any]
    zones: list[dict[str, Any]]
    streets: list[dict[str, Any]]
    modes: dict[str, int]
    plan: dict[str, Any]
    clusters: list[dict[str, Any]]
    isolated: int
    trend: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@gc_paused
def gather(store: GraphStore, *, target: float | None = None,
           province_average: float | None = None, as_of: str | None = None) -> ReportFigures:
    """The report's figures as of ``as_of`` (default today) against ``target``."""
    day = as_of or today()
    # the store itself when nothing in it is left out on the day, else one projection
    # without what is not there, which every analysis then reads (not one each)
    source = at_day(store, day)
    by_zone = coverage(source, by="zone", target=target, as_of=day)
    by_street = coverage(source, by="street", target=target, as_of=day)
    planned = plan(source, as_of=day, target=target, by="street")
    found = clusters(source)
    followed = trend(store, start=None, end=day, every=AUTO)
    total = by_zone.total
    return ReportFigures(
        as_of=day, written=dt.datetime.now().isoformat(timespec="minutes"), target=target,
        total=_area(total),
        indicators=indicators(source, as_of=day,
                              province_average=province_average).to_dict(),
        zones=[_area(row) for row in by_zone.groups],
        streets=[_area(row) for row in by_street.groups],
        modes={mode: getattr(total, mode) for mode in MODES},
        plan=_plan_counts(planned),
        clusters=[{"id": c.id, "label": c.label, "size": c.size, "in_scope": c.in_scope,
                   "uncovered": c.uncovered,
                   "brokers": [c.names.get(b) or b for b in c.brokers[:BROKERS_SHOWN]]}
                  for c in found.clusters[:CLUSTERS_SHOWN]],
        isolated=len(found.isolated),
        trend={"every": followed.every,
               "points": [asdict(point) for point in followed.points]})


def _area(row: CoverageRow) -> dict[str, Any]:
    return {"id": row.group, "name": row.name, "in_scope": row.in_scope,
            "covered": row.covered, "work_only": row.work_only, "uncovered": row.uncovered,
            "formation_rate": row.formation_rate,
            "double_coverage_rate": row.double_coverage_rate, "gap": row.gap}


def _plan_counts(planned: Any) -> dict[str, Any]:
    """Rows to act on per action, in total and per street; guided units kept apart (their
    rows name a guide that is there already); the projection against the target."""
    to_do = [r for r in planned.recommendations if not r.existing]
    per_street: dict[str, Counter[str]] = {}
    names: dict[str, str] = {}
    for row in to_do:
        key = row.street or NONE_GROUP
        names[key] = row.street_name or key
        per_street.setdefault(key, Counter())[row.action] += 1
    outlook = planned.projection
    return {
        "actions": {action: n for action in ACTIONS
                    if (n := sum(1 for r in to_do if r.action == action))},
        "existing_guides": sum(1 for r in planned.recommendations if r.existing),
        "joint_groups": len(planned.groups),
        "streets": [{"id": key, "name": names[key],
                     "actions": {a: counts[a] for a in ACTIONS if counts[a]}}
                    for key, counts in sorted(per_street.items(),
                                              key=lambda item: (item[0] == NONE_GROUP,
                                                                item[0]))],
        "projection": None if outlook is None else {
            "formation_rate_before": outlook.total.formation_rate_before,
            "formation_rate_after": outlook.total.formation_rate_after,
            "units_planned": outlook.total.units_planned,
            "units_to_target": outlook.total.units_to_target,
            "reaches_target": outlook.total.reaches_target},
    }
