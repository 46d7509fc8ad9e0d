"""Checking an export: the written files read back with ``load``'s reader, what it would refuse
and what it would read back with other values than the graph holds.

What was written is kept as columns (``Records``), in the order ``load`` reads it back: the
organizations as written, the relationship rows, then the LOCATED_IN of each organization's
zone and street cells. Read back in that order with the same values of the same kinds, the
export is the same graph: a comparison of whole lists, 0.15 s at 100,000 organizations.
Otherwise each record gets a fingerprint, and what was read back without its equal among
the written is reported.

>>> one, other = fingerprints([["e-1", "e-1"]], [{"size": 1}, {"size": 1.0}])
>>> bool(one == other)
False
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter, is_not
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from graphmodel.dataset import Dataset, DatasetError, Organization, read_dataset
from graphmodel.exporting.reading import NO_PROPERTIES
from graphmodel.exporting.writing import Row
from graphmodel.i18n import N_, Said, Text, joined

if TYPE_CHECKING:
    from graphmodel.exporting import ExportReport

#: problems (and changed records) of the written export that the report quotes
QUOTED = 10
#: kinds of value whose equals are of the same kind when their texts are equal
_PLAIN = {str, int, float, bool}


@dataclass
class Records:
    """Records as columns: ``parts`` (ids and type: of organizations, or the ends' ids and
    the type of relationships) and each record's properties."""

    parts: list[list[Any]]
    properties: list[dict[str, Any]]

    @classmethod
    def of_organizations(cls, organizations: list[Organization]) -> Records:
        return cls([list(map(attrgetter("id"), organizations)),
                    list(map(attrgetter("type"), organizations))],
                   list(map(attrgetter("properties"), organizations)))


@dataclass
class Written:
    """What an export wrote, as ``load`` should read it back."""

    organizations: Records
    relationships: Records

    @classmethod
    def of(cls, nodes: list[Organization], rows: list[Row],
           cells: dict[str, list[str | None]]) -> Written:
        """The organizations, the relationship ``rows`` (ends as positions in ``nodes``) and
        the zone and street ``cells`` (by position) written."""
        ids = list(map(attrgetter("id"), nodes))
        # (load reads a LOCATED_IN per cell, after the rows: an organization's zone first)
        sources = [None] * (2 * len(nodes))
        areas = sources.copy()
        sources[0::2] = sources[1::2] = ids
        areas[0::2], areas[1::2] = cells["zone"], cells["street"]
        named = list(map(is_not, areas, repeat(None)))
        sources, areas = (list(itertools.compress(v, named)) for v in (sources, areas))
        return cls(Records.of_organizations(nodes), Records(
            [[ids[row[0]] for row in rows] + sources, [ids[row[1]] for row in rows] + areas,
             [row[2] for row in rows] + ["LOCATED_IN"] * len(areas)],
            [row[3] for row in rows] + [NO_PROPERTIES] * len(areas)))


def fingerprints(parts: list[list[Any]], properties: list[dict[str, Any]]) -> np.ndarray:
    """A number per record that differs, but for hash collisions, when any of its parts
    (columns of ids, types), properties or kinds of property value differ (1, 1.0, True and
    "1" are four values here): the hash of its parts, of its properties' set of (name,
    value) and of their set of (name, kind), each worked out over every record at once."""
    try:
        values = list(map(hash, map(frozenset, map(dict.items, properties))))
    except TypeError:  # a list or a map
        values = list(map(_values_hash, properties))
    return np.fromiter(map(hash, zip(*parts, values, _kinds(properties), strict=True)),
                       dtype=np.int64, count=len(properties))


def _kinds(properties: list[dict[str, Any]]) -> list[int]:
    """Per record, the hash of its set of (name, kind of value)."""
    return list(map(hash, map(frozenset, map(zip, map(dict.keys, properties),
                                             map(map, repeat(type),
                                                 map(dict.values, properties))))))


def _values_hash(properties: dict[str, Any]) -> int:
    """The hash of a record's set of (name, value), a list or a map by its text."""
    try:
        return hash(frozenset(properties.items()))
    except TypeError:
        return hash(frozenset((key, value if value.__hash__ else repr(value))
                              for key, value in properties.items()))


def same(written: Records, read: Records) -> bool:
    """Whether the records read back are the ones written, in the same order: equal parts,
    and equal properties of the same kinds (1 and 1.0 are equal in Python, not here).

    >>> same(Records([["e-1"]], [{"size": 1}]), Records([["e-1"]], [{"size": 1.0}]))
    False
    """
    if written.parts != read.parts or written.properties != read.properties:
        return False
    # (equal lists of properties: the records that have any are the same on both sides)
    ours, theirs = list(filter(None, written.properties)), list(filter(None, read.properties))
    names = list(chain.from_iterable(map(dict.keys, ours)))
    if names != list(chain.from_iterable(map(dict.keys, theirs))):
        return _kinds(ours) == _kinds(theirs)  # (in other orders)
    values = list(chain.from_iterable(map(dict.values, ours)))
    others = list(chain.from_iterable(map(dict.values, theirs)))
    kinds = list(map(type, values))
    if kinds != list(map(type, others)):
        return False
    if set(kinds) <= _PLAIN:
        return True
    return ([repr(v) for v in values if type(v) not in _PLAIN]  # (a list of 1 or of 1.0)
            == [repr(v) for v in others if type(v) not in _PLAIN])


def _unmatched(prints: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Which entries of ``prints`` have no equal in ``others``, as a mask."""
    if not len(others):
        return np.ones(len(prints), dtype=bool)
    at = np.minimum(np.searchsorted(others, prints), len(others) - 1)
    return others[at] != prints


def check(written: Path, report: ExportReport, expected: Written) -> None:
    """Read the written export with the loader's checks: note what it would refuse, and
    what it would read back with other values than the graph holds."""
    try:
        dataset = read_dataset(written)
    except DatasetError as error:
        report.problem_count = len(error.problems)
        report.problems = [Said(p) for p in error.problems[:QUOTED]]
        return
    read = Written(Records.of_organizations(dataset.organizations), Records(
        [list(map(attrgetter(name), dataset.relationships))
         for name in ("source", "target", "type")],
        list(map(attrgetter("properties"), dataset.relationships))))
    if (same(expected.organizations, read.organizations)
            and same(expected.relationships, read.relationships)):
        return
    prints = [(fingerprints(*vars(expected_records).values()),
               fingerprints(*vars(read_records).values()))
              for expected_records, read_records in (
                  (expected.organizations, read.organizations),
                  (expected.relationships, read.relationships))]
    changed = _describe_changed(dataset, prints)
    report.changed_count = max(sum(int(_unmatched(np.sort(ours), np.sort(theirs)).sum())
                                   for ours, theirs in prints), len(changed))
    report.changed = changed[:QUOTED]


def _describe_changed(dataset: Dataset, prints: list[tuple[np.ndarray, np.ndarray]],
                      ) -> list[str]:
    """The read-back organizations and relationships that were not written so, in words
    (``prints``: the written and the read-back fingerprints of each)."""
    (organizations, read_organizations), (relationships, read_relationships) = prints
    changed = [Text("organization {id}", id=dataset.organizations[k].id) for k in np.flatnonzero(
        _unmatched(read_organizations, np.sort(organizations))).tolist()]
    for k in np.flatnonzero(_unmatched(read_relationships, np.sort(relationships))).tolist():
        rel = dataset.relationships[k]
        changed.append(Text("relationship {source} -{type}-> {target}", source=rel.source,
                            type=rel.type, target=rel.target))
    return changed


def refusal(report: ExportReport) -> Text:
    """The --strict refusal: what the export would not keep, and what load would say."""
    lines = [Text("the export would not load back as the same graph (--strict); nothing was "
                  "written:")]
    lines += [Text("  {example}", example=line) for line in report.warnings()]
    return joined(lines, N_("{first}\n{second}"))
