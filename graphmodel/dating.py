"""Dates for a generated district: units founded and closed, coverage that grows in a campaign.

``date_district(folder, first, last, seed)`` rewrites the two CSV files ``generate`` wrote,
adding ``founded`` and ``closed`` to the organizations and ``since`` to every COVERS and
GUIDES, so that ``trend`` tells the article's story over the years ``first``..``last``:

* units: most were founded in the fifteen years before ``first``, about one in eight during
  the years, a few dates are unknown (empty); about 4% close during the years;
* party organizations and places: founded before ``first`` and never closed;
* coverage: a unit covered in the generated district is covered from one day (all its
  COVERS begin then): about 3.5% of the units in scope at the end of ``first`` are covered
  by then, 32% of those in scope on 31 July of ``last`` by then, the rest during the rest of
  ``last`` (the rates of 哈經開區 in the article: 3.5% to 32% by the end of July 2017).
  GUIDES begin on days spread over the years.

The same files and seed give the same dates.

>>> CAMPAIGN
((0.035, 12, 31), (0.32, 7, 31))
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
from pathlib import Path

from graphmodel import schema
from graphmodel.dataset import ORGANIZATIONS_FILE, RELATIONSHIPS_FILE

#: (formation rate, month, day) of the campaign's milestones: the first at the end of the
#: first year, the second in the last year
CAMPAIGN = ((0.035, 12, 31), (0.32, 7, 31))
#: share of units founded during the years (the others before), closed during them, and of
#: founding dates unknown
FOUNDED_DURING, CLOSED_DURING, UNKNOWN_FOUNDING = 0.12, 0.04, 0.02
YEARS_BEFORE = 15


def date_district(folder: str | os.PathLike[str], first: int, last: int, seed: int) -> None:
    """Add dates to the district generated in ``folder`` (see the module's docstring)."""
    if last <= first:
        raise ValueError("the last year must come after the first")
    rng = random.Random(f"dates-{seed}-{first}-{last}")
    where = Path(folder)
    organizations = _read(where / ORGANIZATIONS_FILE)
    relationships = _read(where / RELATIONSHIPS_FILE)
    start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    founded, closed = _lifetimes(organizations, start, end, rng)
    covered_from = _campaign(organizations, relationships, founded, closed, first, last, rng)
    for row in organizations:
        row["founded"] = _text(founded.get(row["id"]))
        row["closed"] = _text(closed.get(row["id"]))
    for row in relationships:
        if row["type"] == "COVERS":
            row["since"] = _text(covered_from[row["target"]])
        elif row["type"] == "GUIDES":
            row["since"] = _text(_day_between(max(founded.get(row["target"]) or start, start),
                                              end, rng))
    _write(where / ORGANIZATIONS_FILE, organizations, list(organizations[0]) if organizations
           else schema.ORG_COLUMNS)
    _write(where / RELATIONSHIPS_FILE, relationships, list(relationships[0]) if relationships
           else schema.REL_COLUMNS)


def _lifetimes(organizations: list[dict[str, str]], start: dt.date, end: dt.date,
               rng: random.Random) -> tuple[dict[str, dt.date | None], dict[str, dt.date]]:
    founded: dict[str, dt.date | None] = {}
    closed: dict[str, dt.date] = {}
    earliest = dt.date(start.year - YEARS_BEFORE, 1, 1)
    for row in organizations:
        if row["type"] not in schema.IN_SCOPE_TYPES:
            founded[row["id"]] = _day_between(earliest, start - dt.timedelta(days=1), rng)
            continue
        draw = rng.random()
        if draw < UNKNOWN_FOUNDING:
            founded[row["id"]] = None
        elif draw < UNKNOWN_FOUNDING + FOUNDED_DURING:
            founded[row["id"]] = _day_between(start, end, rng)
        else:
            founded[row["id"]] = _day_between(earliest, start - dt.timedelta(days=1), rng)
        if rng.random() < CLOSED_DURING:
            closed[row["id"]] = _day_between(max(founded[row["id"]] or start, start)
                                             + dt.timedelta(days=1), end, rng)
    return founded, closed


def _campaign(organizations: list[dict[str, str]], relationships: list[dict[str, str]],
              founded: dict[str, dt.date | None], closed: dict[str, dt.date], first: int,
              last: int, rng: random.Random) -> dict[str, dt.date]:
    """The day each covered unit is covered from, so that the milestones' rates hold."""
    units = [row["id"] for row in organizations if row["type"] in schema.IN_SCOPE_TYPES]
    covered = sorted({row["target"] for row in relationships if row["type"] == "COVERS"})
    rng.shuffle(covered)
    days = [dt.date(year, month, day) for year, (_, month, day)
            in zip((first, last), CAMPAIGN, strict=True)]

    def there(unit: str, day: dt.date) -> bool:
        begun = founded[unit]
        return (begun is None or begun <= day) and (unit not in closed or closed[unit] > day)

    end = dt.date(last, 12, 31)
    result: dict[str, dt.date] = {}
    earlier = dt.date(first - 3, 1, 1)
    taken = 0
    for (rate, _, _), day in zip(CAMPAIGN, days, strict=True):
        wanted = round(rate * sum(there(u, day) for u in units)) - taken
        # units there on this day and on every later milestone, so the count holds on each
        chosen = [u for u in covered if u not in result
                  and all(there(u, later) for later in days if later >= day)][:max(0, wanted)]
        for unit in chosen:
            result[unit] = _day_between(max(founded[unit] or earlier, earlier), day, rng)
        taken += len(chosen)
        earlier = day + dt.timedelta(days=1)
    for unit in covered:  # the rest, during the rest of the last year
        if unit not in result:
            result[unit] = _day_between(max(founded[unit] or earlier, earlier), end, rng)
    return result


def _day_between(first: dt.date, last: dt.date, rng: random.Random) -> dt.date:
    if last <= first:
        return first
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _text(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, str]], header: object) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(header), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(temporary, path)
