"""Read the Cypher library (the ``cypher/`` folder, installed as ``graphmodel.cypher``).

Each file starts with ``//`` header lines: ``// name: ...``, free text saying what it answers,
and ``// param NAME: meaning`` lines. Statements inside one file are separated by ``;`` at
the end of a line.

>>> load_statement().name
'load nodes'
>>> "MERGE" in load_statement(label="Zone").text
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from graphmodel import schema, status
from graphmodel.errors import UsageError
from graphmodel.i18n import Text

_PLACEHOLDER = re.compile(r"__(LABEL|SOURCE|TARGET|TYPE)__")
_DEFAULT = re.compile(r"\(default: (.+)\)\s*$")
SAVED = "queries"


@dataclass(frozen=True)
class CypherFile:
    """One file of the Cypher library: its header and its statement text."""

    path: str  # relative to cypher/, e.g. "stats/labels.cypher"
    name: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)

    def statements(self) -> list[str]:
        """The statements of the file, without header comments (split on a final ``;``)."""
        body = "\n".join(line for line in self.text.splitlines()
                         if not line.lstrip().startswith("//"))
        return [s.strip() for s in re.split(r";\s*$", body, flags=re.M) if s.strip()]


@cache
def read(path: str) -> CypherFile:
    """Read one file of the library, e.g. ``read("stats/labels.cypher")``.

    What is generated is filled in as it is read: the unit-status rule's placeholders
    (``__UNIT_STATUS__``, ``__MODE_CODE__``, ``__MODES__``: see graphmodel/status.py) and
    the contract's property columns of a node or relationship variable
    (``__NODE_FIELDS__(n)``, ``__NODE_PROPERTIES__(n)``, ``__REL_PROPERTIES__(r)``: see
    ``columns_of``).
    """
    text = resources.files("graphmodel.cypher").joinpath(path).read_text(encoding="utf-8")
    if "__" in text:  # (in statements, not in the comments that name them)
        text = "\n".join(line if line.lstrip().startswith("//") else _rule_filled(line)
                         for line in text.split("\n"))
    name, lines, params, defaults = path, [], {}, {}
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        content = line[2:].strip()
        if content.startswith("name:"):
            name = content[5:].strip()
        elif content.startswith("param "):
            key, _, meaning = content[6:].partition(":")
            params[key.strip()] = meaning.strip()
            default = _DEFAULT.search(meaning)
            if default:
                defaults[key.strip()] = json.loads(default.group(1))
        elif content:
            lines.append(content)
    return CypherFile(path, name, " ".join(lines), text, params, defaults)


def _rule_filled(line: str) -> str:
    for placeholder, cypher in status.PLACEHOLDERS.items():
        line = line.replace(placeholder, cypher)
    return _COLUMNS.sub(lambda found: columns_of(found.group(2), _COLUMN_LISTS[found.group(1)]),
                        line)


#: the property lists a statement may return as columns (``__NAME__(variable)``)
_COLUMN_LISTS = {"NODE_FIELDS": schema.NODE_FIELDS, "NODE_PROPERTIES": schema.NODE_PROPERTIES,
                 "REL_PROPERTIES": schema.REL_PROPERTIES}
_COLUMNS = re.compile(r"__(NODE_FIELDS|NODE_PROPERTIES|REL_PROPERTIES)__\((\w+)\)")


def columns_of(variable: str, properties: tuple[str, ...]) -> str:
    """Cypher columns for properties of a variable, each under its own name.

    >>> columns_of("n", ("id", "name"))
    'n.id AS id, n.name AS name'
    """
    return ", ".join(f"{variable}.{name} AS {name}" for name in properties)


def list_folder(folder: str) -> list[CypherFile]:
    """Every ``.cypher`` file of one folder of the library, sorted by file name."""
    root = resources.files("graphmodel.cypher").joinpath(folder)
    names = sorted(p.name for p in root.iterdir() if p.name.endswith(".cypher"))
    return [read(f"{folder}/{name}") for name in names]


def fill(text: str, **names: str) -> str:
    """Put schema names (labels, relationship types) into a statement template.

    Only names of graphmodel's own schema are accepted, so no user text ever becomes Cypher.

    >>> fill("MATCH (n:__LABEL__) RETURN n", label="Zone")
    'MATCH (n:Zone) RETURN n'
    """
    allowed = {"label": set(schema.TYPE_OF_LABEL), "source": set(schema.TYPE_OF_LABEL),
               "target": set(schema.TYPE_OF_LABEL), "type": set(schema.RELATIONSHIPS)}
    for key, value in names.items():
        if value not in allowed[key]:
            raise ValueError(f"{value!r} is not a {key} of the schema")

    def replace(match: re.Match[str]) -> str:
        return names[match.group(1).lower()]

    return _PLACEHOLDER.sub(replace, text)


def load_statement(label: str | None = None) -> CypherFile:
    """The node load statement, filled in for one label when given."""
    template = read("load/nodes.cypher")
    if label is None:
        return template
    return CypherFile(template.path, template.name, template.description,
                      fill(template.text, label=label))


def relationship_statement(source: str, rel_type: str, target: str) -> str:
    """The relationship load statement for (source label)-[type]->(target label)."""
    return fill(read("load/relationships.cypher").text, source=source, type=rel_type,
                target=target)


def saved_queries() -> list[CypherFile]:
    """The saved queries users run with ``graphmodel query --saved NAME``, by name."""
    return list_folder(SAVED)


def saved_query(name: str) -> CypherFile:
    """One saved query by name (its file name without .cypher)."""
    for query in saved_queries():
        if query.name == name:
            return query
    names = [q.name for q in saved_queries()]
    raise UsageError(Text("no saved query {name!r}; saved queries are: {names} (graphmodel "
                          "query --list describes them)", name=name, names=", ".join(names)))


def bind(query: CypherFile, values: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a saved query: its defaults, overridden by ``values``, all checked.

    >>> bind(saved_query("should-build"), {})
    {'min_members': 3}
    """
    unknown = sorted(set(values) - set(query.params))
    if unknown:
        takes = ", ".join(query.params) or Text("no parameters")
        raise UsageError(Text("saved query {name!r} has no parameter {unknown}; it takes: "
                              "{takes}", name=query.name, unknown=", ".join(map(repr, unknown)),
                              takes=takes))
    bound = {**query.defaults, **values}
    missing = [p for p in query.params if p not in bound]
    if missing:
        raise UsageError(Text("saved query {name!r} needs {params}", name=query.name,
                              params=", ".join(f"-p {p}=... ({query.params[p]})"
                                               for p in missing)))
    return bound
