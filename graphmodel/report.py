"""What every result of graphmodel shares: one output spec, three ways to read it.

A result (a coverage report, a plan, a load ...) says once what it shows: ``to_dict()`` is
exactly what its command prints with ``--format json``; ``tables()`` are the tables it
prints (the first is its ``--format csv``); ``footer()`` the plain lines under a table.
``to_pandas()`` gives the first table as a DataFrame where pandas is installed
(``pip install graphmodel[pandas]``).

>>> table = Table(["name", "rate"], [["長安福特", 0.5]], rates={"rate"})
>>> table.shown()
[['長安福特', '50.0%']]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    """Columns and rows of one table of a result.

    ``columns`` name the CSV header and the DataFrame's columns; ``headings`` (default: the
    columns with spaces for underscores) head the text table; the ``rates`` columns hold
    fractions that a text table shows as percentages; ``title`` is printed above it.
    """

    columns: list[str]
    rows: list[list[Any]]
    headings: list[str] | None = None
    rates: set[str] = field(default_factory=set)
    title: str | None = None

    def heading_names(self) -> list[str]:
        return self.headings or [column.replace("_", " ") for column in self.columns]

    def shown(self) -> list[list[Any]]:
        """The rows as a text table shows them (rates as percentages)."""
        if not self.rates:
            return self.rows
        from graphmodel.render import percent

        marked = [column in self.rates for column in self.columns]
        return [[percent(value) if rate else value for value, rate in zip(row, marked,
                                                                          strict=True)]
                for row in self.rows]


class Report:
    """Mixed into every result: ``to_dict``, ``tables``, ``footer``, ``to_pandas``."""

    #: whether a terminal shows the tables (else the footer alone, which then says it all)
    TABLES_IN_TERMINAL = True

    def to_dict(self) -> Any:
        """The result as plain JSON-ready values: what ``--format json`` prints."""
        return to_jsonable(self)

    def tables(self) -> list[Table]:
        """The tables a command prints; the first one is its CSV."""
        return []

    def footer(self) -> list[str]:
        """Lines printed under the tables in a terminal."""
        return []

    def sheets(self) -> list[tuple[str, Table]]:
        """The sheets of the result's Excel workbook, (name, table) each: by default a sheet
        per table, named by its title (the first by the kind of result)."""
        kind = type(self).__name__.removesuffix("Report").removesuffix("Result").lower()
        return [(table.title or (kind if number == 0 else f"{kind} {number + 1}"), table)
                for number, table in enumerate(self.tables())]

    def to_pandas(self) -> Any:
        """The first table as a pandas DataFrame (pandas is an optional extra)."""
        try:
            import pandas as pd
        except ImportError:
            from graphmodel.errors import UsageError

            raise UsageError("to_pandas() needs pandas: pip install 'graphmodel[pandas]'"
                             ) from None
        tables = self.tables()
        if not tables:
            return pd.DataFrame()
        return pd.DataFrame(tables[0].rows, columns=tables[0].columns)


def to_jsonable(value: Any) -> Any:
    """Results, dataclasses (graph values among them), dicts and tuples -> JSON-ready values.

    >>> to_jsonable({"ids": ("a", "b"), 1: None})
    {'ids': ['a', 'b'], '1': None}
    """
    if isinstance(value, Report) and type(value).to_dict is not Report.to_dict:
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    return value
