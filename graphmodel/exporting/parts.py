"""The part of the graph an export writes when asked for one: the organizations a view of the
same scope shows (graphmodel/analysis/scopes.py builds it), faded neighbours included, with
the relationships among them.

* ``zone`` / ``street``: the area, every organization LOCATED_IN it, and every organization
  tied to one of those by another relationship;
* ``ego`` (with ``depth``): what lies within ``depth`` steps of one node;
* ``cluster``: a partnership cluster (numbered as ``graphmodel clusters`` prints them) and the
  party organizations that cover or guide its units.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:             # doctest: +SKIP
...     sorted(part_of(store, ego="inc-haxin").ids)[:2]
['ent-changan-ford', 'inc-haxin']
"""

from __future__ import annotations

from dataclasses import dataclass

from graphmodel.analysis.scopes import graph_for, select
from graphmodel.errors import UsageError
from graphmodel.i18n import Codes, Text
from graphmodel.store.base import GraphStore


@dataclass(frozen=True)
class Part:
    """The ids of the organizations of a part, and its title (as the view's)."""

    ids: frozenset[str]
    title: str


def part_of(store: GraphStore, *, zone: str | None = None, street: str | None = None,
            ego: str | None = None, depth: int = 1, cluster: int | None = None) -> Part | None:
    """The part asked for, or None when none is (the whole graph). UsageError for two scopes
    at once, ``depth`` without ``ego``, or an id the graph does not have (naming the
    closest ids)."""
    chosen = [name for name, value in (("--zone", zone), ("--street", street), ("--ego", ego),
                                       ("--cluster", cluster)) if value is not None]
    if len(chosen) > 1:
        raise UsageError(Text("choose one part: {options} were given together",
                              options=Codes("option", chosen, " and ")))
    if depth != 1 and ego is None:
        raise UsageError(Text("--depth goes with --ego ID"))
    if not chosen:
        return None
    # a zone, a street or an ego network: only its part of the graph read, as a view reads it
    scope = select(graph_for(store, zone=zone, street=street, ego=ego, depth=depth),
                   zone=zone, street=street, ego=ego, depth=depth, cluster=cluster)
    return Part(frozenset(str(node) for node in scope.graph), scope.title)
