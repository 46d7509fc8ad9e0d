"""The trend: coverage at the end of each year, quarter or month between two days.

What an officer reports upward month by month: at each period's end, the in-scope units
(those there that day), how many are covered, work only, the formation rate and the
double-coverage rate, in total and per zone or street. Units and their COVERS and GUIDES
are read once with their dates; each day's statuses then follow the rules of
graphmodel/status.py (the unit status; what is there on a day) over numpy columns, and the
figures are coverage's own (``figures_row``), so a point equals ``coverage --as-of`` that day.

>>> period_ends("2016-01-01", "2016-12-31", "quarter")
['2016-03-31', '2016-06-30', '2016-09-30', '2016-12-31']
>>> period_ends("2016-01-01", "2017-07-31", "year")
['2016-12-31', '2017-07-31']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from graphmodel import cypherlib
from graphmodel.analysis.coverage import NONE_GROUP, figures_row
from graphmodel.errors import UsageError
from graphmodel.gcpause import gc_paused
from graphmodel.i18n import Text, _, pgettext
from graphmodel.results import Report, Table
from graphmodel.status import STATUSES, exists_at_columns, status_codes
from graphmodel.store.base import GraphStore

PERIODS = ("year", "quarter", "month")
#: the period chosen by the span: months up to 3 years, quarters up to 10, else years
AUTO = "auto"
GROUPINGS = ("zone", "street")
FIGURES = ("in_scope", "covered", "work_only", "formation_rate", "double_coverage_rate")
#: the most days one trend reports (a century of months)
MAX_POINTS = 1200


@dataclass
class TrendPoint:
    """The figures on one day."""

    date: str
    in_scope: int
    covered: int
    work_only: int
    formation_rate: float | None
    double_coverage_rate: float | None


@dataclass
class TrendGroup:
    """One zone or street: its name and its points."""

    name: str
    points: list[TrendPoint]


@dataclass
class TrendReport(Report):
    """The points in total, and per group (zone or street id) with ``by``."""

    every: str
    by: str | None
    points: list[TrendPoint]
    groups: dict[str, TrendGroup] = field(default_factory=dict)

    def tables(self) -> list[Table]:
        headings = ["in scope", "covered", "work only", "formation", "double coverage"]
        rates = {"formation_rate", "double_coverage_rate"}
        shown = [Table(["date", *FIGURES],
                       [[p.date, *(getattr(p, f) for f in FIGURES)] for p in self.points],
                       headings=["date", *headings], rates=rates)]
        if self.by is not None:
            shown.append(Table(
                [self.by, "name", "date", *FIGURES],
                [[key, group.name, p.date, *(getattr(p, f) for f in FIGURES)]
                 for key, group in self.groups.items() for p in group.points],
                headings=[self.by, "name", "date", *headings], rates=rates,
                title=_("by {grouping}").format(grouping=pgettext("heading", self.by))))
        return shown

    def footer(self) -> list[str]:
        if not self.points:
            return []
        first, last = self.points[0], self.points[-1]
        return [_("{count} points, every {every}: formation rate {first} on {first_date}, "
                  "{last} on {last_date}").format(
            count=len(self.points), every=pgettext("period", self.every),
            first=_percent(first.formation_rate), first_date=first.date,
            last=_percent(last.formation_rate), last_date=last.date)]


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.1%}"


def parse_bound(text: str, *, end: bool, option: str) -> str:
    """A --from or --to day: a year or a month means its first day (--from) or its last
    (--to); an ISO date itself.

    >>> parse_bound("2016", end=False, option="--from"), parse_bound("2017-2", end=True,
    ...                                                              option="--to")
    ('2016-01-01', '2017-02-28')
    """
    written = text.strip()
    found = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", written, flags=re.ASCII)
    try:
        if found is None:
            raise ValueError
        year, month, day = (int(part) if part else None for part in found.groups())
        if month is None:
            return (dt.date(year, 12, 31) if end else dt.date(year, 1, 1)).isoformat()
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, last if end else 1).isoformat()
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise UsageError(Text("{option} {text!r}: expected a year (2016), a month (2016-07) "
                              "or a date (2017-07-31)", option=option, text=text)) from None


def period_ends(start: str, end: str, every: str) -> list[str]:
    """The last day of each period (year, quarter, month) from ``start`` to ``end``, and
    ``end`` itself when it is not one."""
    step = {"year": 12, "quarter": 3, "month": 1}[every]
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    days = []
    month = first.year * 12 + (first.month - 1)
    month += (step - 1 - (first.month - 1) % step)  # the period's last month
    while True:
        year, zero_based = divmod(month, 12)
        day = dt.date(year, zero_based + 1, calendar.monthrange(year, zero_based + 1)[1])
        if day > last:
            break
        days.append(day.isoformat())
        month += step
    if not days or days[-1] != end:
        days.append(end)
    return days


@gc_paused
def trend(store: GraphStore, *, start: str | None, end: str, every: str = "year",
          by: str | None = None) -> TrendReport:
    """Coverage at the end of every ``every`` (year, quarter, month, or ``auto``: months over
    up to 3 years, quarters up to 10, else years) from ``start`` to ``end`` (ISO dates), in
    total and ``by`` zone or street. ``start`` None: the day coverage began (the first
    ``since`` of a COVERS or GUIDES, else the first date the graph holds); a graph without
    dates then has no points."""
    if every not in (*PERIODS, AUTO):
        raise UsageError(Text("--every {every!r}: expected one of {choices}", every=every,
                              choices=", ".join(PERIODS)))
    if by is not None and by not in GROUPINGS:
        raise UsageError(Text("--by {by!r}: expected one of {choices}", by=by,
                              choices=", ".join(GROUPINGS)))
    if start is not None:
        _days(start, end, every)  # (refused before anything is read)
    with store.reading():
        units = store.read_table(store.statement("analysis/trend.cypher", 0))
        ties = store.read_table(store.statement("analysis/trend.cypher", 1))
        areas = (store.read_table(cypherlib.read("analysis/area-names.cypher").statements()[0])
                 if by is not None else None)
    columns = _Columns.of(units.records(), ties.records(), by)
    if start is None:
        start = columns.first_day()
        if start is None or start > end:
            return TrendReport(_every(start or end, end, every), by, [], {})
    every = _every(start, end, every)
    days = _days(start, end, every)
    names = {}
    if areas is not None:
        for area_id, name, kind in areas.rows:
            if kind == by and area_id is not None:
                columns.group_index(str(area_id))
                names[str(area_id)] = name or str(area_id)
    totals, per_group = [], {key: [] for key in columns.groups}
    for day in days:
        counts = columns.counts_on(day)  # [group][status]
        total: Counter[str] = Counter()
        for key, row in zip(columns.groups, counts, strict=True):
            counted = Counter({STATUSES[code]: int(n) for code, n in enumerate(row)})
            total.update(counted)
            if by is not None:
                per_group[key].append(_point(day, figures_row(key, key, counted, None)))
        totals.append(_point(day, figures_row("(total)", "(total)", total, None)))
    groups = {key: TrendGroup(names.get(key, key), per_group[key])
              for key in sorted(per_group, key=lambda k: (k == NONE_GROUP, k))} \
        if by is not None else {}
    return TrendReport(every, by, totals, groups)


def _every(start: str, end: str, every: str) -> str:
    """The period ``every`` names (``auto``: chosen by the span from ``start`` to ``end``)."""
    if every != AUTO:
        return every
    years = int(end[:4]) - int(start[:4])
    return "month" if years <= 3 else "quarter" if years <= 10 else "year"


def _days(start: str, end: str, every: str) -> list[str]:
    """The days a trend reports, refused when they are backwards or too many."""
    if start > end:
        raise UsageError(Text("--from {start} is after --to {end}", start=start, end=end))
    every = _every(start, end, every)
    days = period_ends(start, end, every)
    if len(days) > MAX_POINTS:
        raise UsageError(Text("{count} points from {start} to {end} every {every}: at most "
                              "{most}; choose a longer period or a shorter span",
                              count=len(days), start=start, end=end, every=every,
                              most=MAX_POINTS))
    return days


def _point(day: str, row: object) -> TrendPoint:
    return TrendPoint(day, *(getattr(row, name) for name in FIGURES))


@dataclass
class _Columns:
    """Units and their ties as numpy columns (dates as text, "" for none)."""

    founded: np.ndarray
    closed: np.ndarray
    group_of: np.ndarray
    groups: list[str]
    tie_unit: np.ndarray
    tie_covers: np.ndarray
    tie_mode: np.ndarray
    tie_since: np.ndarray
    tie_until: np.ndarray
    party_founded: np.ndarray
    party_closed: np.ndarray
    _index: dict[str, int] = field(default_factory=dict)

    def group_index(self, key: str) -> int:
        if key not in self._index:
            self._index[key] = len(self.groups)
            self.groups.append(key)
        return self._index[key]

    @classmethod
    def of(cls, units: list[dict], ties: list[dict], by: str | None) -> _Columns:
        at = {str(u["id"]): n for n, u in enumerate(units)}
        made = cls(_dates(u["founded"] for u in units), _dates(u["closed"] for u in units),
                   np.zeros(len(units), dtype=np.int64), [],
                   *_tie_columns(ties, at))
        if by is None:
            made.group_index("(total)")
        else:
            made.group_of = np.array([made.group_index(str(u[by]) if u[by] is not None
                                                       else NONE_GROUP) for u in units],
                                     dtype=np.int64)
        return made

    def first_day(self) -> str | None:
        """The day coverage began: the first ``since`` of a COVERS or GUIDES, else the first
        date the units and ties hold (an ISO date; a year is its 1 January); None: no date."""
        for columns in ((self.tie_since,), (self.founded, self.closed, self.tie_until,
                                            self.party_founded, self.party_closed)):
            found = [min(column[column != ""].tolist()) for column in columns
                     if (column != "").any()]
            if found:
                first = str(min(found))
                return f"{first}-01-01" if len(first) == 4 else first
        return None

    def counts_on(self, day: str) -> np.ndarray:
        """Per group, per status code: the units there on ``day`` (rows: self.groups)."""
        there = exists_at_columns(self.founded, self.closed, day)
        counting = (exists_at_columns(self.tie_since, self.tie_until, day)
                    & exists_at_columns(self.party_founded, self.party_closed, day))
        covers = counting & self.tie_covers
        guides = counting & ~self.tie_covers
        codes = status_codes(len(there), covered_units=self.tie_unit[covers],
                             covered_codes=self.tie_mode[covers],
                             guided=self.tie_unit[guides])
        cells = self.group_of[there] * len(STATUSES) + codes[there]
        return np.bincount(cells, minlength=len(self.groups) * len(STATUSES)
                           ).reshape(len(self.groups), len(STATUSES))


def _dates(values: object) -> np.ndarray:
    return np.array([value if isinstance(value, str) else "" for value in values], dtype=str)


def _tie_columns(ties: list[dict], at: dict[str, int]) -> tuple[np.ndarray, ...]:
    kept = [t for t in ties if str(t["unit"]) in at]
    return (np.array([at[str(t["unit"])] for t in kept], dtype=np.int64),
            np.array([t["type"] == "COVERS" for t in kept], dtype=bool),
            np.array([int(t["mode"]) for t in kept], dtype=np.int64),
            _dates(t["since"] for t in kept), _dates(t["until"] for t in kept),
            _dates(t["founded"] for t in kept), _dates(t["closed"] for t in kept))
