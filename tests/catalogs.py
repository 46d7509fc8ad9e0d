"""The message catalogs' tooling: what the code asks to translate, the .po files, the .mo files.

``python3 tests/catalogs.py`` compiles every graphmodel/locale/*/LC_MESSAGES/graphmodel.po
to its .mo (no GNU gettext needed) and lists the messages a catalog lacks; ``--template``
also writes graphmodel/locale/graphmodel.pot, every message of the code, for translators.

What the code asks to translate (``extract``): the first arguments of ``_``, ``gettext``,
``N_``, ``Text``, ``ngettext`` (both forms), ``pgettext`` and ``Code``/``code`` with a
constant value (with their context); the headings and titles of ``Table(...)`` written in
the code (context ``heading``), and of lists assigned to ``columns`` or ``headings``; every
code of the vocabulary (``vocabulary``); and the command's help, every command's
description and option's ``help=`` as click holds them (context ``help``,
graphmodel/helptext.py).
"""

from __future__ import annotations

import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "graphmodel"
LOCALE = PACKAGE / "locale"

#: (context or None, msgid, plural msgid or None)
Key = tuple[str | None, str]


@dataclass
class Message:
    context: str | None
    msgid: str
    plural: str | None = None
    where: set[str] = field(default_factory=set)


def _constant(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _name(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def extract(root: Path = PACKAGE) -> dict[Key, Message]:
    """Every message the code under ``root`` asks to translate, by (context, msgid)."""
    found: dict[Key, Message] = {}

    def add(context: str | None, msgid: str | None, where: str,
            plural: str | None = None) -> None:
        if msgid:
            found.setdefault((context, msgid), Message(context, msgid, plural)).where.add(where)

    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name, args = _name(node.func), node.args
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            first = _constant(args[0]) if args else None
            second = _constant(args[1]) if len(args) > 1 else None
            if name in ("_", "gettext", "N_", "Text") and isinstance(node.func, ast.Name):
                add(None, first, where)
                if args and isinstance(args[0], ast.IfExp):  # Text("an x" if ... else "a x")
                    add(None, _constant(args[0].body), where)
                    add(None, _constant(args[0].orelse), where)
            elif name == "ngettext":
                add(None, first, where, second)
            elif name in ("pgettext", "Code", "code") and first and second:
                add(first, second, where)
            elif name == "Codes":  # the separator, "/" unless given
                add(None, _constant(args[2]) if len(args) > 2 else "/", where)
            elif name == "append" and isinstance(node.func, ast.Attribute) and isinstance(
                    node.func.value, ast.Name) and node.func.value.id == "headings":
                add("heading", first, where)
            elif name == "Table":
                for keyword in node.keywords:
                    if keyword.arg in ("headings", "title"):
                        values = (keyword.value.elts if isinstance(keyword.value, ast.List)
                                  else [keyword.value])
                        for value in values:
                            add("heading", _constant(value), where)
                if args and isinstance(args[0], ast.List) and not any(
                        k.arg == "headings" for k in node.keywords):
                    for value in args[0].elts:
                        if (column := _constant(value)) is not None:
                            add("heading", column.replace("_", " "), where)
        for node in ast.walk(tree):  # columns = [...], headings = [...]: a table's, likely
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                    and node.targets[0].id in ("columns", "headings")
                    and isinstance(node.value, ast.List)):
                for value in node.value.elts:
                    if (text := _constant(value)) is not None:
                        add("heading", text.replace("_", " "), f"{path.relative_to(ROOT)}:"
                            f"{node.lineno}")
    for context, msgid in vocabulary():
        add(context, msgid, "vocabulary")
    if root == PACKAGE:
        from graphmodel.cli import main
        from graphmodel.helptext import help_texts

        for text in help_texts(main):
            add("help", text, "graphmodel/cli.py (--help)")
    return found


def vocabulary() -> list[tuple[str, str]]:
    """Every code a table may show, as (kind, code): graphmodel/i18n.py translates them."""
    from graphmodel import diffing, i18n, schema, status
    from graphmodel.analysis.plan import ACTIONS

    codes: list[tuple[str, str]] = []
    codes += [("type", t) for t in schema.LABELS]
    codes += [(kind, value) for kind in ("size", "level", "mode") for value in schema.ENUMS[kind]]
    codes += [("status", s) for s in (*status.STATUSES, "covered")]  # (the ledger's)
    codes += [("action", a) for a in ACTIONS]
    codes += [("label", label) for label in schema.LABELS.values()]
    codes += [("relationship", r) for r in schema.RELATIONSHIPS]
    codes += [("kind", kind) for kind in i18n.NAMES_OF_KIND]
    codes += [("placeholder", p) for p in sorted(i18n.PLACEHOLDERS)]
    codes += [("boolean", "true"), ("boolean", "false")]
    codes += [("period", p) for p in ("year", "quarter", "month")]
    codes += [("progress", p) for p in ("loading", "exporting")]
    codes += [("change", f"{what} {done}") for what, done in (
        ("nodes", "created"), ("nodes", "deleted"), ("relationships", "created"),
        ("relationships", "deleted"), ("properties", "set"))]
    codes += [("alert", kind) for kind in diffing.ALERTS]
    codes += [("diff", change) for change in diffing.CHANGES]
    codes += [("figure", f) for f in ("in_scope", "covered", "guided", "formation_rate",
                                      "employees", "party_members", "distinct", *status.MODES)]
    return codes


# --- .po files ------------------------------------------------------------------------------

def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def read_po(path: Path) -> dict[Key, str]:
    """A .po file's translations by (context, msgid) (a plural entry by its singular), the
    header under (None, ""). Fuzzy and untranslated entries are left out."""
    entries: dict[Key, str] = {}
    current: dict[str, str] = {}
    last = ""
    fuzzy = False

    def finish() -> None:
        nonlocal current, fuzzy
        if "msgid" in current:
            text = current.get("msgstr", current.get("msgstr[0]", ""))
            if text and not fuzzy:
                entries[(current.get("msgctxt"), current["msgid"])] = text
        current, fuzzy = {}, False

    def complete() -> bool:
        return any(key.startswith("msgstr") for key in current)

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#") or not line:
            if complete():
                finish()
            fuzzy |= line.startswith("#,") and "fuzzy" in line
            continue
        if line.startswith('"'):
            current[last] += _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and complete():
            finish()
        current[keyword] = _unquote(rest)
        last = keyword
    finish()
    return entries


def plurals_of(path: Path) -> dict[Key, str]:
    """The plural msgids of a .po file's entries, by (context, msgid)."""
    found: dict[Key, str] = {}
    context, msgid = None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            context = _unquote(line[8:])
        elif line.startswith("msgid "):
            msgid = _unquote(line[6:])
        elif line.startswith("msgid_plural ") and msgid is not None:
            found[(context, msgid)] = _unquote(line[13:])
        elif line.startswith("msgstr"):
            context = None
    return found


def write_mo(entries: dict[Key, str], plurals: dict[Key, str], path: Path) -> None:
    """Write a GNU .mo file (what the gettext module reads) of these translations."""
    pairs = []
    for (context, msgid), text in entries.items():
        key = msgid if context is None else f"{context}\x04{msgid}"
        if (context, msgid) in plurals:
            key += "\x00" + plurals[(context, msgid)]
        pairs.append((key.encode("utf-8"), text.encode("utf-8")))
    pairs.sort()
    count = len(pairs)
    keys_start = 7 * 4
    values_start = keys_start + count * 8
    data_start = values_start + count * 8
    key_table, value_table, data = [], [], b""
    for key, _ in pairs:
        key_table.append((len(key), data_start + len(data)))
        data += key + b"\x00"
    for _, value in pairs:
        value_table.append((len(value), data_start + len(data)))
        data += value + b"\x00"
    header = struct.pack("<7I", 0x950412DE, 0, count, keys_start, values_start, 0, 0)
    body = b"".join(struct.pack("<2I", *entry) for entry in key_table + value_table)
    path.write_bytes(header + body + data)


def catalogs() -> list[Path]:
    """The .po files."""
    return sorted(LOCALE.glob("*/LC_MESSAGES/graphmodel.po"))


def _po_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def write_template(messages: dict[Key, Message], path: Path) -> None:
    """A .pot file of every message, for translators."""
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for message in sorted(messages.values(), key=lambda m: (m.context or "", m.msgid)):
        lines += [f"#: {' '.join(sorted(message.where))}"]
        if message.context is not None:
            lines.append(f"msgctxt {_po_text(message.context)}")
        lines.append(f"msgid {_po_text(message.msgid)}")
        if message.plural:
            lines += [f"msgid_plural {_po_text(message.plural)}", 'msgstr[0] ""']
        else:
            lines.append('msgstr ""')
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str]) -> int:
    messages = extract()
    if "--template" in argv:
        write_template(messages, LOCALE / "graphmodel.pot")
    missing_any = False
    for po in catalogs():
        entries = read_po(po)
        write_mo(entries, plurals_of(po), po.with_suffix(".mo"))
        missing = [key for key in messages if key not in entries]
        missing_any |= bool(missing)
        print(f"{po.relative_to(ROOT)}: {len(entries) - 1} messages, {len(missing)} missing")
        for context, msgid in missing:
            print(f"  missing: {context + ' | ' if context else ''}{msgid}")
    return 1 if missing_any else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
