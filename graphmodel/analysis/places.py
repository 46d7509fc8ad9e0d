"""Zones and streets given by a user: by id or by exact name, and their names.

>>> import networkx as nx
>>> from graphmodel.analysis.projection import Projection
>>> g = nx.MultiDiGraph()
>>> g.add_node("st-1", type="street", name="新偉街")
>>> find_area(Projection(g), "street", "新偉街")
'st-1'
"""

from __future__ import annotations

import difflib
from typing import Any

from graphmodel.analysis.projection import Projection
from graphmodel.errors import UsageError


def find_area(projection: Projection, kind: str, given: str) -> str:
    """The id of the zone or street ``given`` by id or by exact name; UsageError naming the
    candidates when a name is ambiguous, or the closest ones when none matches."""
    areas = projection.of_type(kind)
    if given in areas:
        return given
    named = [area for area in areas if projection.node(area).get("name") == given.strip()]
    if len(named) == 1:
        return named[0]
    if named:
        raise UsageError(f"--{kind} {given!r}: {len(named)} {kind}s have this name: "
                         + ", ".join(named) + "; give the id of the one you mean")
    choices = {**{a: a for a in areas}, **{str(projection.node(a).get("name")): a
                                           for a in areas}}
    close = difflib.get_close_matches(given, list(choices), n=3, cutoff=0.5)
    hint = (" (did you mean " + ", ".join(f"{c!r}" for c in close) + "?)") if close else ""
    raise UsageError(f"--{kind} {given!r}: no {kind} has this id or name{hint}")


def name_of(projection: Projection, node: Any) -> str | None:
    """The name of a node of the projection, None when it has none or is not there."""
    if node is None or node not in projection.graph:
        return None
    return projection.node(node).get("name")
