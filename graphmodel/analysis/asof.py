"""The graph as of a day: what analyses read when organizations close and ties end.

The rule is graphmodel/status.py's (an organization is there from ``founded`` until
``closed``, a COVERS or GUIDES counts from ``since`` until ``until``). Most graphs hold
nothing that is not there today, so the store is asked first, with two reads of what is
not there (``cypher/analysis/as-of.cypher``); only when something is left out do analyses
read a projection without it. A closed organization leaves with its relationships, so a
closed party organization covers nothing.

>>> today()  # doctest: +SKIP
'2026-12-05'
>>> parse_day("2017-07-31"), parse_day(" 2017-7-31 ")
('2017-07-31', '2017-07-31')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

from graphmodel.analysis.projection import Projection, project
from graphmodel.errors import UsageError
from graphmodel.i18n import Text
from graphmodel.store.base import GraphStore


def today() -> str:
    """Today's date, ISO: the day analyses are as of unless told otherwise."""
    return dt.date.today().isoformat()


def parse_day(text: str, option: str = "--as-of") -> str:
    """A day as a user writes it (2017-07-31, 2017-7-31) as an ISO date; UsageError else."""
    found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip(), flags=re.ASCII)
    try:
        if found is None:
            raise ValueError
        return dt.date(*map(int, found.groups())).isoformat()
    except ValueError:
        if re.fullmatch(r"\d{4}", text.strip(), flags=re.ASCII):
            raise UsageError(Text("{option} {text!r}: expected a date such as 2017-07-31 (a "
                                  "year alone is ambiguous: {year}-12-31 for its end?)",
                                  option=option, text=text, year=text.strip())) from None
        raise UsageError(Text("{option} {text!r}: expected a date such as 2017-07-31",
                              option=option, text=text)) from None


@dataclass
class NotThere:
    """What the graph holds that is not there on ``day``: organizations (ids) and COVERS or
    GUIDES ties (source id, type, target id)."""

    day: str
    organizations: set[str]
    ties: set[tuple[str, str, str]]

    def __bool__(self) -> bool:
        return bool(self.organizations or self.ties)

    @classmethod
    def read(cls, store: GraphStore, day: str) -> NotThere:
        """Ask the store what is not there on ``day``."""
        organizations_read, ties_read = (store.statement("analysis/as-of.cypher", number)
                                         for number in (0, 1))
        organizations = {str(row[0]) for row in store.run(organizations_read,
                                                          {"day": day}).rows}
        ties = {(str(a), kind, str(b))
                for a, kind, b in store.run(ties_read, {"day": day}).rows}
        return cls(day, organizations, ties)

    def remove_from(self, projection: Projection) -> Projection:
        """The projection without what is not there (changed in place, and returned)."""
        graph = projection.graph
        succ, pred = graph._succ, graph._pred
        for source, kind, target in self.ties:
            keyed = succ.get(source, {}).get(target)
            if keyed is None or kind not in keyed:
                continue
            kept = {other: data for other, data in keyed.items() if other != kind}
            if kept:
                succ[source][target] = pred[target][source] = kept
            else:
                del succ[source][target], pred[target][source]
        graph.remove_nodes_from([n for n in self.organizations if n in graph._node])
        projection.day = self.day
        return projection


def as_of(source: GraphStore | Projection, day: str | None,
          rel_types: Collection[str] | None = None) -> GraphStore | Projection:
    """What an analysis as of ``day`` (None: today) reads: a projection as it is (it was read
    as of its own day), the store when nothing in it is left out on that day, else the
    store's projection (of ``rel_types``, or all) without what is not there.
    """
    if isinstance(source, Projection):
        return source
    left_out = NotThere.read(source, day or today())
    if not left_out:
        return source
    return left_out.remove_from(project(source, rel_types))
