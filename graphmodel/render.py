"""Render results as aligned text tables (CJK-aware), CSV or JSON. Renderers never compute.

>>> print(table(["名稱", "n"], [["長安福特", 1], ["abc", 22]]))
名稱      n
--------  --
長安福特  1
abc       22
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from graphmodel.results import Table, to_jsonable
from graphmodel.store.base import GraphNode, GraphPath, GraphRelationship

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: bidirectional overrides and isolates, and line separators: they reorder or break what a
#: terminal shows, so a table shows them escaped like control characters
_REORDERING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK wide characters count two.

    >>> display_width("平房區"), display_width("abc")
    (6, 3)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """Left-align text in a field of ``width`` terminal columns."""
    return text + " " * max(0, width - display_width(text))


def cell_text(value: Any) -> str:
    """One value as text for a table or CSV cell.

    >>> cell_text(GraphNode(("Zone",), {"id": "z1", "name": "雲谷片區"}))
    '(:Zone {id: "z1", name: "雲谷片區"})'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, GraphNode):
        return f"(:{':'.join(value.labels)} {_map_text(value.properties)})"
    if isinstance(value, GraphRelationship):
        props = f" {_map_text(value.properties)}" if value.properties else ""
        return f"[:{value.type}{props}]"
    if isinstance(value, GraphPath):
        parts = [cell_text(value.nodes[0])] if value.nodes else []
        for rel, node in zip(value.relationships, value.nodes[1:], strict=False):
            parts.append(f"-{cell_text(rel)}-{cell_text(node)}")
        return "".join(parts)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return _map_text(value)
    return " ".join(str(value).splitlines())


def _literal(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else cell_text(value)


def _map_text(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_literal(v)}" for k, v in mapping.items()) + "}"


def percent(rate: float | None) -> str:
    """A rate as a percentage for tables (JSON and CSV keep the fraction).

    >>> percent(0.32), percent(None)
    ('32.0%', '')
    """
    return "" if rate is None else f"{rate * 100:.1f}%"


def visible(text: str) -> str:
    r"""Text that cannot act on a terminal: control characters (ANSI and OSC escapes, BEL,
    backspace ...) and bidirectional overrides are shown as escapes; CJK text and spaces of
    every kind stay as they are.

    >>> visible("紅\x1b[31m字\x07") == "紅\\x1b[31m字\\x07"
    True
    """
    if text.isprintable():
        return text
    return "".join(_escaped(char) if unicodedata.category(char) == "Cc" or char in _REORDERING
                   else char for char in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def table(columns: list[str], rows: list[list[Any]]) -> str:
    """An aligned text table with a header rule; wide (CJK) characters count double; control
    characters in values are shown escaped (see :func:`visible`)."""
    columns = [visible(column) for column in columns]
    texts = [[visible(cell_text(v)) for v in row] for row in rows]
    widths = [max([display_width(c), *(display_width(r[i]) for r in texts)])
              for i, c in enumerate(columns)]
    lines = ["  ".join(pad(c, w) for c, w in zip(columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip()
              for r in texts]
    return "\n".join(lines)


def safe_csv_cell(value: Any) -> Any:
    """Neutralize spreadsheet formulas: a text cell starting with = + - @ gets a leading '.

    >>> safe_csv_cell("=1+1"), safe_csv_cell(-3)
    ("'=1+1", -3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(columns: list[str], rows: list[list[Any]]) -> str:
    """CSV with a header line; text that a spreadsheet would run as a formula is neutralized."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_csv_cell(v if isinstance(v, int | float) and not isinstance(
            v, bool) else cell_text(v)) for v in row])
    return out.getvalue().rstrip("\n")


def table_csv(each: Table) -> str:
    """A table of a result as CSV for people: in English its columns head it; in another
    language (graphmodel/i18n.py) its headings and coded values are in that language. Rates
    stay fractions."""
    from graphmodel.i18n import language

    if language() == "en":
        return csv_text(each.columns, each.rows)
    shown = each.localized()
    return csv_text(shown.heading_names(), shown.rows)


def json_text(value: Any) -> str:
    """Indented JSON, CJK kept readable (not \\u-escaped), keys in the given order."""
    return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)


def text_tables(tables: list[Table]) -> str:
    """Tables as aligned text, each under its title, a blank line between them, in the
    chosen language (``Table.localized``)."""
    parts = []
    for each in (one.localized() for one in tables):
        text = table(each.heading_names(), each.shown())
        parts.append(f"{each.title}\n{text}" if each.title else text)
    return "\n\n".join(parts)

