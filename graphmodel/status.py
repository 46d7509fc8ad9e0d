"""The unit-status rule, once: is an in-scope unit covered, and how.

A unit is *covered* when a party organization COVERS it in one of the contract's modes; its
status is then the first of those modes in the order standalone, joint, affiliated,
entrusted. Otherwise it is *work_only* when a party organization GUIDES it, else
*uncovered*. A COVERS with no mode or a mode outside the contract (written by a query, never
by a load) covers nothing.

In time (as of a day D, an ISO date): an organization is there at D when it was founded
(``founded``) on or before D and not closed (``closed``) on or before D; a relationship
counts at D when it began (``since``) on or before D and has not ended (``until``) on or
before D. An empty date sets no bound; a year alone is its 1 January. What is not there at
D counts for nothing: a unit closed by D is out of scope, an ended COVERS covers nothing, a
closed party organization covers nothing. Dates are compared as written, which for a year
(``2017``) and an ISO date (``2017-01-01``) gives exactly that rule (see ``exists_at``).

Every consumer takes the rule from here: the projection's Python (``status_of``), numpy
over integer columns (``status_codes``), and the Cypher the engines run, generated from it
(``cypher_mode_code``, ``cypher_status``: the ``__MODE_CODE__`` (of ``r.mode``),
``__UNIT_STATUS__`` (of ``modes`` and ``guides``) and ``__MODES__`` placeholders of the
Cypher library).

>>> status_of({"joint", "entrusted"}, guided=True), status_of(set(), guided=True)
('joint', 'work_only')
>>> codes = status_codes(3, covered_units=np.array([0, 0]), covered_codes=np.array([3, 1]),
...                      guided=np.array([2]))
>>> [STATUSES[code] for code in codes]
['joint', 'uncovered', 'work_only']
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from graphmodel import schema

#: the COVERS modes, first the one that wins
MODES: tuple[str, ...] = tuple(schema.ENUMS["mode"])
#: formal party members that oblige a unit to build an organization of its own (應建必建)
SHOULD_BUILD_MIN = 3
#: the COVERS modes that give a unit an organization of its own; the others (joint,
#: affiliated) share one with other units, which a unit of SHOULD_BUILD_MIN members outgrows
OWN_MODES: tuple[str, ...] = ("standalone", "entrusted")
#: every status, in the order of their codes: a mode's code is its rank in MODES
STATUSES: tuple[str, ...] = (*MODES, "work_only", "uncovered")
WORK_ONLY = STATUSES.index("work_only")
UNCOVERED = STATUSES.index("uncovered")
#: a COVERS mode's code in integer columns: its rank, NO_MODE when it has none, OTHER_MODE
#: for a value outside the contract
NO_MODE, OTHER_MODE = -1, -2


def covers(mode: object) -> bool:
    """Whether a COVERS relationship of this mode covers its unit."""
    return isinstance(mode, str) and mode in MODES


def status_of(modes: Iterable[object], guided: bool) -> str:
    """A unit's status from the modes of the COVERS it receives and whether it is GUIDED."""
    ranks = [MODES.index(mode) for mode in modes if covers(mode)]
    if ranks:
        return MODES[min(ranks)]
    return "work_only" if guided else "uncovered"


def status_codes(size: int, *, covered_units: np.ndarray, covered_codes: np.ndarray,
                 guided: np.ndarray) -> np.ndarray:
    """Each of ``size`` nodes' status code (an index of STATUSES), from integer columns.

    ``covered_units``/``covered_codes``: the unit and mode code (its rank in MODES, or
    NO_MODE, OTHER_MODE) of every COVERS from a party organization; ``guided``: the units a
    party organization GUIDES (node numbers below ``size``).
    """
    code = np.full(size, UNCOVERED, dtype=np.int64)
    code[guided] = WORK_ONLY
    counting = covered_codes >= 0  # (no mode, or one outside the contract: no cover)
    np.minimum.at(code, covered_units[counting], covered_codes[counting])
    return code


def exists_at(start: str | None, end: str | None, day: str) -> bool:
    """Whether something that began at ``start`` and ended at ``end`` (a year or an ISO date,
    None for no bound) is there on ``day`` (an ISO date).

    >>> exists_at("2017", None, "2017-01-01"), exists_at(None, "2017", "2017-01-01")
    (True, False)
    >>> exists_at("2016-05-01", "2018", "2017-12-31")
    True
    """
    return (start is None or start <= day) and (end is None or end > day)


def exists_at_columns(starts: np.ndarray, ends: np.ndarray, day: str) -> np.ndarray:
    """``exists_at`` over numpy text columns (an empty string for no bound).

    >>> exists_at_columns(np.array(["2017", ""]), np.array(["", "2017"]), "2017-01-01").tolist()
    [True, False]
    """
    return (starts <= day) & ((ends == "") | (ends > day))


def cypher_not_there(variable: str, start: str, end: str) -> str:
    """Cypher that is true when ``variable`` is not there on ``$day`` (see ``exists_at``).

    >>> cypher_not_there("n", "founded", "closed")
    '(n.founded > $day OR n.closed <= $day)'
    """
    return f"({variable}.{start} > $day OR {variable}.{end} <= $day)"


def cypher_mode_code(expression: str) -> str:
    """Cypher for the mode code of ``expression`` (a COVERS mode), as status_codes reads it.

    >>> cypher_mode_code("r.mode").split(" WHEN ")[2]
    "r.mode = 'standalone' THEN 0"
    """
    cases = " ".join(f"WHEN {expression} = '{mode}' THEN {rank}"
                     for rank, mode in enumerate(MODES))
    return (f"CASE WHEN {expression} IS NULL THEN {NO_MODE} {cases} "
            f"ELSE {OTHER_MODE} END")


def cypher_status(modes: str, guides: str) -> str:
    """Cypher for a unit's status from ``modes`` (a list of its COVERS modes) and ``guides``
    (how many GUIDES it receives).

    >>> cypher_status("modes", "guides").split(" WHEN ")[1]
    "'standalone' IN modes THEN 'standalone'"
    """
    cases = " ".join(f"WHEN '{mode}' IN {modes} THEN '{mode}'" for mode in MODES)
    return f"CASE {cases} WHEN {guides} > 0 THEN 'work_only' ELSE 'uncovered' END"


#: the placeholders of the Cypher library that carry the rule
PLACEHOLDERS = {
    "__MODES__": "[" + ", ".join(f"'{mode}'" for mode in MODES) + "]",
    "__OWN_MODES__": "[" + ", ".join(f"'{mode}'" for mode in OWN_MODES) + "]",
    "__MODE_CODE__": cypher_mode_code("r.mode"),
    "__UNIT_STATUS__": cypher_status("modes", "guides"),
    "__NODE_NOT_THERE__": cypher_not_there("n", "founded", "closed"),
    "__TIE_NOT_THERE__": cypher_not_there("r", "since", "until"),
}
