"""``--help`` in the chosen language: click's help, translated when it is shown.

click reads a command's help (its docstring) and each option's ``help=`` when the command is
defined, before ``--lang`` is known; so they stay English in the code and are looked up in
the catalogs (context ``help``, msgid the English text as click holds it) when the help is
written: ``HelpCommand`` and ``HelpGroup`` translate the description, the options' help
(through a copy of each option, the option itself left as it is), the short help of a
group's commands and the headings click writes (Usage, Options, Commands, [default: ...]).
``HelpFormatter`` wraps Chinese text by display width (a Chinese character takes two
columns); English help is written by click itself, unchanged.

tests/catalogs.py lists every help text of the command (``help_texts``) for the catalogs.
"""

from __future__ import annotations

import copy
import inspect
import re
from collections.abc import Iterator, Sequence
from typing import Any

import click

#: one token of text to wrap: a wide character (CJK, full-width punctuation), a run of other
#: characters, or a run of spaces
_WIDE = "\u1100-\u115f\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f" \
        "\uff00-\uff60\uffe0-\uffe6"
_TOKEN = re.compile(rf"[{_WIDE}]|[^\s{_WIDE}]+|\s+")
#: punctuation that never begins a line (it stays with the text before it)
_NO_LINE_START = set("，。、；：）」』》】！？…")
#: click's "[default: x]" and "[required]" at the end of an option's help
_EXTRAS = re.compile(r"\s*\[(default: (?P<default>.*?)|(?P<required>required))\]$", re.S)


def help_text(text: str | None) -> str | None:
    """A help text of the command (as click holds it) in the chosen language."""
    from graphmodel.i18n import language, pgettext

    if text is None or language() == "en":
        return text
    return pgettext("help", text)


def english() -> bool:
    from graphmodel.i18n import language

    return language() == "en"


def wrap(text: str, width: int) -> list[str]:
    """``text`` (one paragraph; its line breaks are spaces) in lines of at most ``width``
    columns, a Chinese character counting two; a word longer than a line is left whole.

    >>> wrap("按片区统计的党组织覆盖情况", 10)
    ['按片区统计', '的党组织覆', '盖情况']
    >>> wrap("用 --format json 输出。", 12)
    ['用 --format', 'json 输出。']
    """
    from graphmodel.render import display_width

    lines: list[str] = []
    line: list[str] = []  # (the tokens of the line being filled, spaces as " ")
    for token in _TOKEN.findall(text):
        if token.isspace():
            if line and line[-1] != " ":
                line.append(" ")
            continue
        if display_width("".join(line) + token) > width and "".join(line).strip():
            carried: list[str] = []
            if token[0] in _NO_LINE_START and len(line) > 1 and line[-1] != " ":
                carried = [line.pop()]  # (the character before it goes along)
            lines.append("".join(line).rstrip())
            line = carried
        line.append(token)
    if "".join(line).strip():
        lines.append("".join(line).rstrip())
    return lines


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


class HelpFormatter(click.HelpFormatter):
    """click's formatter, wrapping text that holds Chinese by display width."""

    def write_heading(self, heading: str) -> None:
        if heading.isascii():
            super().write_heading(heading)
            return
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        if text.isascii():
            super().write_text(text)
            return
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 20)
        self.write("\n\n".join("\n".join(indent + line for line in wrap(paragraph, width))
                               for paragraph in _paragraphs(text)))
        self.write("\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)
        if all(second.isascii() for _, second in rows):
            super().write_dl(rows, col_max, col_spacing)
            return
        from graphmodel.render import display_width

        first_col = min(max(display_width(first) for first, _ in rows), col_max) + col_spacing
        text_width = max(self.width - first_col - 2, 10)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = [line for paragraph in _paragraphs(second)
                     for line in wrap(paragraph, text_width)] or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class HelpContext(click.Context):
    formatter_class = HelpFormatter


def _record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """An option's line of the help, its text in the chosen language."""
    if english():
        return param.get_help_record(ctx)
    from graphmodel.i18n import _

    shown = copy.copy(param)  # (the option itself keeps its English help)
    shown.help = help_text(getattr(param, "help", None))  # type: ignore[attr-defined]
    record = shown.get_help_record(ctx)
    if record is None:
        return None
    names, text = record
    extras = _EXTRAS.search(text)
    if extras is not None:
        said = (_("[default: {value}]").format(value=extras["default"])
                if extras["default"] is not None else _("[required]"))
        before = text[:extras.start()]
        text = before + ("" if not before or before[-1] in _NO_LINE_START else " ") + said
    return names, text


class HelpCommand(click.Command):
    """A command whose help is written in the chosen language."""

    context_class = HelpContext

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if english():
            super().format_usage(ctx, formatter)
            return
        from graphmodel.i18n import _

        prefix = _("Usage:")
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix if prefix.endswith("：") else prefix + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if english() or not self.help:
            super().format_help_text(ctx, formatter)
            return
        text = inspect.cleandoc(help_text(self.help) or "").partition("\f")[0]
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if english():
            super().format_options(ctx, formatter)
            return
        from graphmodel.i18n import _

        records = [record for param in self.get_params(ctx)
                   if (record := _record(param, ctx)) is not None]
        if records:
            with formatter.section(_("Options")):
                formatter.write_dl(records)

    def get_short_help_str(self, limit: int = 45) -> str:
        if english() or self.short_help or not self.help:
            return super().get_short_help_str(limit)
        first = _paragraphs(help_text(self.help) or "")[0]
        sentence = re.match(r".*?[。！？](?=\s|$)", first, re.S)
        return " ".join((sentence[0] if sentence else first).split())


class HelpGroup(HelpCommand, click.Group):
    """A group whose help, and its commands', is written in the chosen language."""

    command_class = HelpCommand
    group_class = type  # (a group of a group is of the same class)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if english():
            click.Group.format_options(self, ctx, formatter)
            return
        HelpCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if english():
            super().format_commands(ctx, formatter)
            return
        from graphmodel.i18n import _

        rows = [(name, command.get_short_help_str()) for name, command in self._listed(ctx)]
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)

    def _listed(self, ctx: click.Context) -> Iterator[tuple[str, click.Command]]:
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                yield name, command


def help_texts(command: click.Command) -> Iterator[str]:
    """Every help text of ``command`` and its subcommands, as click holds them (what the
    catalogs translate under the context ``help``)."""
    ctx: Any = click.Context(command)
    if command.help:
        yield command.help
    for param in command.get_params(ctx):
        if getattr(param, "help", None):
            yield param.help  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from help_texts(sub)
