"""Zones, streets and organizations given by a user: by id or by name, and their names.

One rule for every option that names a node (``--zone``, ``--street``, ``--ego``, and the
ledger's, plan's and export's): the exact id; else the exact name; else the name written in
the other script (Traditional or Simplified: 工业园片区 finds 工業園片區; OpenCC's
conversion), with case and spaces ignored. A name several nodes share is refused naming
their ids. Nothing found: the error names the closest ids and names, numbers compared by
value first (``ent-003`` suggests ``ent-0003`` before ``ent-7003``).

>>> import networkx as nx
>>> from graphmodel.analysis.projection import Projection
>>> g = nx.MultiDiGraph()
>>> g.add_node("st-1", type="street", name="新偉街")
>>> find_area(Projection(g), "street", "新偉街"), find_area(Projection(g), "street", "新伟街")
('st-1', 'st-1')
>>> fold("哈新雙創 Incubator"), loose("ent-003")
('哈新双创incubator', 'ent-3')
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from graphmodel import schema
from graphmodel.analysis.projection import Projection
from graphmodel.errors import UsageError
from graphmodel.i18n import Code, Codes, Text
from graphmodel.store.base import GraphStore

#: suggestions an error names at most
SUGGESTIONS = 3


@dataclass(frozen=True)
class Choice:
    """A node a user may name: its id, name and type."""

    id: str
    name: str | None
    type: str


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters (OpenCC t2s): 雙創 -> 双创."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """``text`` in Traditional characters (OpenCC s2t): 双创 -> 雙創."""
    return _converter("s2t").convert(text)


def fold(text: str) -> str:
    """A name as a search compares it: Simplified, lower case, without spaces."""
    return re.sub(r"\s+", "", to_simplified(str(text))).casefold()


def loose(text: str) -> str:
    """An id as suggestions compare it: folded, numbers without their leading zeros."""
    return re.sub(r"\d+", lambda m: str(int(m.group())), fold(text))


def find_area(projection: Projection, kind: str, given: str) -> str:
    """The id of the zone or street ``given`` by id or by name (see the module); UsageError
    naming the candidates when a name is ambiguous, or the closest ones when none matches."""
    return pick(choices_of(projection), given, f"--{kind}", (kind,))


def find_node(source: GraphStore | Projection, given: str, option: str,
              types: tuple[str, ...] | None = None) -> str:
    """The id of the node ``given`` by id or by name, of one of ``types`` (None: any type).

    From a store, an id is looked up by its index and a zone's or street's name among the
    areas; only a name of another node, or nothing found, reads every node's id and name.
    """
    if isinstance(source, Projection):
        return pick(choices_of(source), given, option, types)
    from graphmodel.analysis.parts import node_exists

    if node_exists(source, given, types):
        return given
    if types is not None and set(types) <= schema.AREA_TYPES:
        areas = area_choices(source)
        try:
            return pick(areas, given, option, types)
        except UsageError:
            if any(choice.id == given for choice in areas):
                raise
    return pick(store_choices(source), given, option, types)


def choices_of(projection: Projection) -> list[Choice]:
    """Every node of a projection as a Choice."""
    return [Choice(node, data.get("name"), data["type"])
            for node, data in projection.graph.nodes(data=True)]


def area_choices(store: GraphStore) -> list[Choice]:
    """The zones and streets of a store (one small read)."""
    from graphmodel import cypherlib

    rows = store.read_table(cypherlib.read("analysis/area-names.cypher").statements()[0]).rows
    return [Choice(str(node_id), name, kind) for node_id, name, kind in rows
            if node_id is not None]


def store_choices(store: GraphStore) -> list[Choice]:
    """Every node of a store with an id (the projection's node read: seconds at 1M)."""
    from graphmodel.analysis.projection import read_nodes

    with store.reading():
        nodes = read_nodes(store)
    id_at, label_at, name_at = nodes.at["id"], nodes.at["label"], nodes.at["name"]
    return [Choice(row[id_at], row[name_at], schema.TYPE_OF_LABEL[row[label_at]])
            for row in nodes.rows]


def pick(choices: Iterable[Choice], given: str, option: str,
         types: tuple[str, ...] | None = None) -> str:
    """The id ``given`` names among ``choices`` (see the module), else UsageError."""
    everything = list(choices)
    wanted = [c for c in everything if types is None or c.type in types]
    what = Codes("type", list(types), " or ") if types else Text("organization")
    text = str(given).strip()
    for choice in everything:
        if choice.id == given or choice.id == text:
            if types is None or choice.type in types:
                return choice.id
            raise UsageError(Text("{option} {given!r}: that id is an {type}, not a {what}"
                                  if choice.type[0] in "aeiou" else
                                  "{option} {given!r}: that id is a {type}, not a {what}",
                                  option=option, given=given,
                                  type=Code("type", choice.type), what=what))
    for same in (lambda c: c.name == text, lambda c: fold(c.name) == fold(text)):
        named = sorted(c.id for c in wanted if c.name is not None and same(c))
        if len(named) == 1:
            return named[0]
        if named:
            raise UsageError(Text("{option} {given!r}: {count} {what}s have this name: {ids}; "
                                  "give the id of the one you mean", option=option,
                                  given=given, count=len(named), what=what,
                                  ids=", ".join(named)))
    raise UsageError(Text("{option} {given!r}: no {what} has this id or name{hint}",
                          option=option, given=given, what=what,
                          hint=_hint(wanted, text, what, bool(types))))


def suggestions(choices: list[Choice], given: str) -> list[str]:
    """The closest of ``choices`` to ``given``, written for a user: 'id' or 'name' (id).

    >>> suggestions([Choice("ent-7003", "甲", "enterprise"),
    ...              Choice("ent-0003", "乙", "enterprise")], "ent-003")
    ["'ent-0003'", "'ent-7003'"]
    """
    key = loose(given)
    by_id = {loose(c.id): c for c in reversed(choices)}
    by_name = {loose(c.name): c for c in reversed(choices) if c.name}
    found: list[tuple[Choice, bool]] = []  # (choice, matched by its name)

    def add(choice: Choice, named: bool) -> None:
        if all(choice.id != seen.id for seen, _ in found):
            found.append((choice, named))

    if key in by_id:
        add(by_id[key], False)
    if key in by_name:
        add(by_name[key], True)
    for close in _close(key, list(by_id), 0.6):
        add(by_id[close], False)
    for close in _close(key, list(by_name), 0.5):
        add(by_name[close], True)
    if key:
        for name, choice in sorted(by_name.items()):
            if key in name or name in key:
                add(choice, True)
    return [f"{choice.name!r} ({choice.id})" if named and choice.name != choice.id
            else repr(choice.id) for choice, named in found[:SUGGESTIONS]]


def _hint(wanted: list[Choice], given: str, what: Text, typed: bool) -> Text | str:
    """What follows a name nothing has: the closest ones, or all there are when few."""
    if typed and not wanted:
        return Text("; the graph has no {what}", what=what)
    close = suggestions(wanted, given)
    if close:
        return Text(" (did you mean {choices}?)", choices=", ".join(close))
    if typed and len(wanted) <= 12:
        listed = sorted(wanted, key=lambda c: c.id)
        return Text("; the {what}s are: {listed}", what=what, listed=", ".join(
            c.id if c.name in (None, c.id) else f"{c.id} ({c.name})" for c in listed))
    return ""


def _close(key: str, keys: list[str], cutoff: float) -> list[str]:
    """The keys most like ``key`` (difflib's ratio, at least ``cutoff``), best first, then
    in order."""
    matcher = difflib.SequenceMatcher(b=key)
    scored = []
    for candidate in keys:
        matcher.set_seq1(candidate)
        if (matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff
                and (ratio := matcher.ratio()) >= cutoff):
            scored.append((-ratio, candidate))
    return [candidate for _, candidate in sorted(scored)[:SUGGESTIONS]]


def name_of(projection: Projection, node: Any) -> str | None:
    """The name of a node of the projection, None when it has none or is not there."""
    if node is None or node not in projection.graph:
        return None
    return projection.node(node).get("name")
