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
    fractions that a text table shows as percentages; ``title`` is printed above it;
    ``codes`` names the kind of code (graphmodel/i18n.py) of columns holding codes beyond
    those every table has (status, mode, type, size, level, action, kind).
    """

    columns: list[str]
    rows: list[list[Any]]
    headings: list[str] | None = None
    rates: set[str] = field(default_factory=set)
    title: str | None = None
    codes: dict[str, str] = field(default_factory=dict)

    def heading_names(self) -> list[str]:
        return self.headings or [column.replace("_", " ") for column in self.columns]

    def localized(self) -> Table:
        """The table in the chosen language (graphmodel/i18n.py): headings and title, coded
        values (a status, a mode ...), placeholders such as (total), yes and no, and the
        messages kept in results (a plan's reason); itself in English. Every table a person
        reads (text, CSV, a workbook) is drawn from this; JSON never is.

        >>> from graphmodel.i18n import set_language
        >>> _ = set_language("zh-Hant")
        >>> shown = Table(["name", "status"], [["(total)", "uncovered"]]).localized()
        >>> shown.heading_names(), shown.rows
        (['名稱', '狀態'], [['（合計）', '未覆蓋']])
        >>> _ = set_language("en")
        """
        from graphmodel import i18n

        if i18n.language() == "en":
            return self
        kinds = [self.codes.get(c) or i18n.CODED_COLUMNS.get(c) for c in self.columns]
        holders = [c in i18n.PLACEHOLDER_COLUMNS for c in self.columns]
        kind_at = self.columns.index("kind") if "kind" in self.columns else None
        name_at = self.columns.index("name") if kind_at is not None else None

        def cell(value: Any, kind: str | None, holder: bool) -> Any:
            if isinstance(value, bool):
                return i18n.pgettext("boolean", "true" if value else "false")
            if holder and value in i18n.PLACEHOLDERS:
                return i18n.code("placeholder", value)
            if kind == "type_counts" and isinstance(value, str):  # "incubator:1 university:2"
                return " ".join(f"{i18n.code('type', t)}:{n}" for t, _, n in (
                    part.rpartition(":") for part in value.split()))
            if kind is not None:
                return i18n.code(kind, value)
            return i18n.localized(value)

        rows = []
        for row in self.rows:
            shown = [cell(value, kind, holder) for value, kind, holder in zip(
                row, kinds, holders, strict=True)]
            if name_at is not None and (names := i18n.NAMES_OF_KIND.get(row[kind_at])):
                shown[name_at] = i18n.code(names, row[name_at])
            rows.append(shown)
        return Table(self.columns, rows, [_heading(h) for h in self.heading_names()],
                     self.rates, _heading(self.title) if self.title else None, self.codes)

    def shown(self) -> list[list[Any]]:
        """The rows as a text table shows them (rates as percentages)."""
        if not self.rates:
            return self.rows
        from graphmodel.render import percent

        marked = [column in self.rates for column in self.columns]
        return [[percent(value) if rate else value for value, rate in zip(row, marked,
                                                                          strict=True)]
                for row in self.rows]


def _heading(text: str) -> str:
    """A heading or title in the chosen language: a message (i18n.Text) says itself, plain
    English is looked up among the headings."""
    from graphmodel import i18n

    return text.localized() if isinstance(text, i18n.Text) else i18n.heading(text)


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
            from graphmodel.i18n import Text

            raise UsageError(Text("to_pandas() needs pandas: pip install "
                                  "'graphmodel[pandas]'")) from None
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
