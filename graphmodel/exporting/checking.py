"""Checking an export: the written files read back with ``load``'s reader, what it would refuse
and what it would read back with other values than the graph holds (by fingerprints).

>>> _fingerprint("e-1", properties={"size": 1}) == _fingerprint("e-1", properties={"size": 1.0})
False
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from graphmodel.dataset import Dataset, DatasetError, Organization, read_dataset
from graphmodel.exporting.writing import Row
from graphmodel.i18n import N_, Said, Text, joined

if TYPE_CHECKING:
    from graphmodel.exporting import ExportReport

#: problems (and changed records) of the written export that the report quotes
QUOTED = 10


def _fingerprint(*parts: Any, properties: dict[str, Any]) -> int:
    """A number that differs, but for hash collisions, when any part, property or kind of
    property value differs (1, 1.0, True and "1" are four values here)."""
    try:
        return hash((parts, frozenset((key, type(value), value)
                                      for key, value in properties.items())))
    except TypeError:  # a list or a map
        return hash((parts, frozenset((key, type(value), repr(value))
                                      for key, value in properties.items())))


@dataclass
class Prints:
    """Fingerprints of organizations and relationships, as sorted int64 arrays."""

    organizations: np.ndarray
    relationships: np.ndarray

    @classmethod
    def of_written(cls, nodes: list[Organization], relationships: list[Row]) -> Prints:
        return cls(_sorted(_fingerprint(n.id, n.type, properties=n.properties) for n in nodes),
                   _sorted(_fingerprint(nodes[s].id, nodes[t].id, kind, properties=p)
                           for s, t, kind, p in relationships))


def _sorted(prints: Iterable[int]) -> np.ndarray:
    return np.sort(np.fromiter(prints, dtype=np.int64))


def _unmatched(prints: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Which entries of ``prints`` have no equal in ``others``, as a mask."""
    if not len(others):
        return np.ones(len(prints), dtype=bool)
    at = np.minimum(np.searchsorted(others, prints), len(others) - 1)
    return others[at] != prints


def check(written: Path, report: ExportReport, prints: Prints) -> None:
    """Read the written export with the loader's checks: note what it would refuse, and
    what it would read back with other values than the graph holds."""
    try:
        dataset = read_dataset(written)
    except DatasetError as error:
        report.problem_count = len(error.problems)
        report.problems = [Said(p) for p in error.problems[:QUOTED]]
        return
    organizations = [_fingerprint(o.id, o.type, properties=o.properties)
                     for o in dataset.organizations]
    relationships = [_fingerprint(r.source, r.target, r.type, properties=r.properties)
                     for r in dataset.relationships]
    changed = _describe_changed(dataset, organizations, relationships, prints)
    report.changed_count = max(
        int(_unmatched(prints.organizations, _sorted(organizations)).sum())
        + int(_unmatched(prints.relationships, _sorted(relationships)).sum()), len(changed))
    report.changed = changed[:QUOTED]


def _describe_changed(dataset: Dataset, organizations: list[int], relationships: list[int],
                      prints: Prints) -> list[str]:
    """The read-back organizations and relationships that were not written so, in words."""
    changed = [Text("organization {id}", id=dataset.organizations[k].id) for k in np.flatnonzero(
        _unmatched(np.array(organizations, dtype=np.int64), prints.organizations)).tolist()]
    for k in np.flatnonzero(_unmatched(np.array(relationships, dtype=np.int64),
                                       prints.relationships)).tolist():
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
