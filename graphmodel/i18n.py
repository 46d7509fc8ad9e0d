"""The language graphmodel speaks: English, Simplified Chinese (zh) or Traditional (zh-Hant).

One language per process, chosen once (``set_language``; the command does it from
``--lang``, else ``$GRAPHMODEL_LANG``, else the locale). Messages go through GNU gettext
catalogs, ``graphmodel/locale/<dir>/LC_MESSAGES/graphmodel.po`` compiled to ``.mo``
(``zh``: Simplified, ``zh_Hant``: Traditional); English is the code's own text.

* ``_("...")`` (``gettext``), ``ngettext``, ``pgettext(context, "...")``: a message now, in
  the chosen language. A message with values is a template formatted after translation:
  ``_("{count} streets").format(count=n)``, never an f-string.
* ``Text("{members} members: build its own {level}", members=3, level=Code("level", "branch"))``:
  a message kept in results (a plan's reason). It *is* its English text (a ``str``: JSON and
  equality see English, so ``--format json`` is the same in every language) and says itself
  in the chosen language when a table shows it (``localized``).
* ``code(kind, value)``: a coded value (a status, a mode, a node type ...) in the chosen
  language; JSON keeps the code. ``heading(text)``: a table's heading.

Library code that calls none of these stays English; ``set_language("zh")`` in a notebook
makes the tables of results Chinese.

>>> set_language("zh-Hant")
'zh-Hant'
>>> code("mode", "joint"), code("status", "uncovered")
('聯合組建', '未覆蓋')
>>> reason = Text("{members} members: build its own {level}", members=60,
...               level=Code("level", "general_branch"))
>>> reason, localized(reason)
('60 members: build its own general_branch', '60 名黨員：建立自己的黨總支')
>>> set_language("en")
'en'
>>> localized(reason)
'60 members: build its own general_branch'
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: the languages, as ``--lang`` and ``$GRAPHMODEL_LANG`` name them
LANGUAGES: tuple[str, ...] = ("zh", "zh-Hant", "en")
#: each language's catalog folder under graphmodel/locale/
CATALOG_DIRS: dict[str, str] = {"zh": "zh", "zh-Hant": "zh_Hant"}
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "graphmodel"
#: the locale variables, first the one that wins (POSIX)
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_TRADITIONAL_REGIONS = ("tw", "hk", "mo")

_language = "en"
_catalog: _gettext.NullTranslations = _gettext.NullTranslations()


class LanguageError(ValueError):
    """A language that is not one of LANGUAGES."""


def parse_language(text: str, where: str = "") -> str:
    """A language as written (any case, ``_`` for ``-``) -> one of LANGUAGES.

    >>> parse_language("ZH_hant"), parse_language("en")
    ('zh-Hant', 'en')
    """
    wanted = text.strip().replace("_", "-").lower()
    for name in LANGUAGES:
        if wanted == name.lower():
            return name
    raise LanguageError(f"{where} {text!r}: expected one of {', '.join(LANGUAGES)}".strip())


def locale_language(value: str) -> str:
    """The language of a locale name (``LANG``'s value): Chinese of mainland China and
    Singapore is zh, of Taiwan, Hong Kong and Macau zh-Hant; anything else en.

    >>> [locale_language(v) for v in ("zh_CN.UTF-8", "zh_TW.UTF-8", "zh_HK", "C.UTF-8")]
    ['zh', 'zh-Hant', 'zh-Hant', 'en']
    """
    name = value.split(".")[0].split("@")[0].replace("-", "_").lower()
    parts = name.split("_")
    if parts[0] != "zh":
        return "en"
    if "hant" in parts or any(region in parts for region in _TRADITIONAL_REGIONS):
        return "zh-Hant"
    return "zh"


def environment_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: ``$GRAPHMODEL_LANG`` (refused with
    LanguageError when it is none of LANGUAGES), else the first set of LC_ALL, LC_MESSAGES
    and LANG (see ``locale_language``), else en.

    >>> environment_language({"LANG": "zh_SG.UTF-8"}), environment_language({})
    ('zh', 'en')
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get("GRAPHMODEL_LANG", "").strip()
    if chosen:
        return parse_language(chosen, "GRAPHMODEL_LANG")
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "").strip()
        if value:
            return locale_language(value)
    return "en"


def set_language(name: str | None = None) -> str:
    """Speak ``name`` (one of LANGUAGES, any case) from now on; None: the environment's
    (``environment_language``). Returns the language chosen."""
    global _language, _catalog
    chosen = environment_language() if name is None else parse_language(name)
    if chosen == "en":
        catalog: _gettext.NullTranslations = _gettext.NullTranslations()
    else:
        path = LOCALE_DIR / CATALOG_DIRS[chosen] / "LC_MESSAGES" / f"{DOMAIN}.mo"
        with open(path, "rb") as file:
            catalog = _gettext.GNUTranslations(file)
    _language, _catalog = chosen, catalog
    return chosen


def language() -> str:
    """The language spoken now: one of LANGUAGES."""
    return _language


def gettext(message: str) -> str:
    """``message`` in the chosen language (itself where the catalog lacks it)."""
    return _catalog.gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, count: int) -> str:
    """The message for ``count`` things in the chosen language.

    >>> ngettext("{count} street", "{count} streets", 2).format(count=2)
    '2 streets'
    """
    return _catalog.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in ``context`` (a short word that means other things elsewhere)."""
    return _catalog.pgettext(context, message)


def N_(message: str) -> str:
    """Marks a message for the catalogs without translating it (it is translated where it
    is shown)."""
    return message


def code(kind: str, value: Any) -> Any:
    """A coded value of ``kind`` (type, size, level, mode, status, action, label,
    relationship ...) in the chosen language; anything that is not a known code as it is.

    >>> _ = set_language("zh")
    >>> code("size", "above_scale"), code("size", 5), code("mode", "x")
    ('规上企业', 5, 'x')
    >>> _ = set_language("en")
    """
    if not isinstance(value, str) or _language == "en":
        return value
    return _catalog.pgettext(kind, value)


def heading(text: str) -> str:
    """A table's heading or title (English, as the report names it) in the chosen language."""
    return text if _language == "en" else _catalog.pgettext("heading", text)


class Text(str):
    """A message kept in a result: its English text, which can say itself in the chosen
    language (``localized``). Values that are Text or Code are translated too.

    >>> Text("{count} member(s)", count=2)
    '2 member(s)'
    """

    template: str
    args: dict[str, Any]

    def __new__(cls, template: str, /, **args: Any) -> Text:
        self = super().__new__(cls, template.format(**args) if args else template)
        self.template, self.args = template, args
        return self

    def __reduce__(self) -> Any:
        return (_rebuild_text, (type(self), self.template, self.args))

    def localized(self) -> str:
        """The message in the chosen language."""
        if _language == "en":
            return str(self)
        message = _catalog.gettext(self.template)
        return message.format(**{k: localized(v) for k, v in self.args.items()})


class Code(Text):
    """A coded value inside a message: its code in English, its term when localized.

    >>> Code("level", "branch")
    'branch'
    """

    def __new__(cls, kind: str, value: str) -> Code:  # type: ignore[override]
        self = str.__new__(cls, value)
        self.template, self.args = value, {"kind": kind}
        return self

    def __reduce__(self) -> Any:
        return (type(self), (self.args["kind"], self.template))

    def localized(self) -> str:
        return code(self.args["kind"], self.template)


class Codes(Text):
    """Coded values of one kind joined by ``separator``, each translated when localized.

    >>> Codes("mode", ["affiliated", "joint"])
    'affiliated/joint'
    """

    def __new__(cls, kind: str, values: list[str], separator: str = "/") -> Codes:  # type: ignore[override]
        self = str.__new__(cls, separator.join(values))
        self.template, self.args = separator, {"kind": kind, "values": list(values)}
        return self

    def __reduce__(self) -> Any:
        return (type(self), (self.args["kind"], self.args["values"], self.template))

    def localized(self) -> str:
        separator = gettext(self.template)
        return separator.join(code(self.args["kind"], v) for v in self.args["values"])


class Said(Text):
    """Anything that can say itself in the chosen language (a ``localized()`` method, as a
    dataset's Problem has) kept as a Text: its str() is English.

    >>> class Greeting:
    ...     def __str__(self): return "hello"
    ...     def localized(self): return "你好"
    >>> said = Said(Greeting())
    >>> said, said.localized()
    ('hello', '你好')
    """

    def __new__(cls, thing: Any) -> Said:  # type: ignore[override]
        self = str.__new__(cls, str(thing))
        self.template, self.args = str(thing), {"thing": thing}
        return self

    def __reduce__(self) -> Any:
        return (type(self), (self.args["thing"],))

    def localized(self) -> str:
        return str(self.args["thing"].localized())


def either(choices: list[Text]) -> Text:
    """One or two messages as one: ``a`` or ``a or b``.

    >>> either([Text("street {id}", id="s1"), Text("zone {id}", id="z1")])
    'street s1 or zone z1'
    """
    if len(choices) == 1:
        return choices[0]
    return Text("{first} or {second}", first=choices[0], second=either(choices[1:]))


def joined(parts: list[Any], template: str) -> Text:
    """Messages as one, two by two through ``template`` (a message of ``{first}`` and
    ``{second}``, marked with N_), each said in the chosen language.

    >>> joined([Text("a"), "b", Text("c")], N_("{first}; {second}"))
    'a; b; c'
    """
    together = parts[0] if isinstance(parts[0], Text) else Text("{first}", first=parts[0])
    for part in parts[1:]:
        together = Text(template, first=together, second=part)
    return together


def sentences(parts: list[Text]) -> Text:
    """Sentences as one text: a space between them in English, none in Chinese.

    >>> sentences([Text("One."), Text("Two."), Text("Three.")])
    'One. Two. Three.'
    """
    return joined(parts, N_("{first} {second}"))


def _rebuild_text(cls: type[Text], template: str, args: dict[str, Any]) -> Text:
    return cls(template, **args)


def localized(value: Any) -> Any:
    """A value as the chosen language shows it: a Text (or Code) translated, anything else
    as it is."""
    return value.localized() if isinstance(value, Text) else value


#: the columns of tables that hold codes, and the kind of code each holds (a table may name
#: more: ``Table.codes``)
CODED_COLUMNS: dict[str, str] = {
    "type": "type", "size": "size", "level": "level", "mode": "mode", "status": "status",
    "action": "action", "kind": "kind", "by_type": "type_counts",
}
#: in a table of (kind, name, ...) rows (stats, load, export, generate), the kind of code
#: each kind's names are
NAMES_OF_KIND: dict[str, str] = {
    "label": "label", "relationship": "relationship", "organizations": "type",
    "relationships": "relationship", "coverage": "figure", "unknown": "figure",
    "industries": "figure",
}
#: columns where a group without a name is written as one of the PLACEHOLDERS
PLACEHOLDER_COLUMNS = frozenset({"group", "name", "street", "zone", "label"})
#: what a group without a name is called in a table: (none), (total) ...
PLACEHOLDERS = frozenset({"(none)", "(total)", "(no industry or zone)"})
