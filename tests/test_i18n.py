"""The Chinese interface: --lang zh (Simplified), zh-Hant (Traditional), en.

The catalogs hold every message the code asks for and the shipped .mo files are their .po
files compiled; real commands on a generated district print Chinese headings and terms in
aligned tables, write Chinese workbooks, refuse bad input in Chinese, and print the same
JSON in every language.
"""

from __future__ import annotations

import gettext
import re
import string
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from graphmodel import i18n, schema, status
from graphmodel.analysis.plan import ACTIONS
from graphmodel.cli import main
from tests import catalogs
from tests.conftest import Cli

LANGS = ("zh", "zh-Hant")
CJK = re.compile(r"[\u3400-\u9fff]")
#: headings that stay as they are in every language
KEPT = {"id"}


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """Every test leaves the process speaking English, as the library starts."""
    yield
    i18n.set_language("en")


# --- the catalogs ---------------------------------------------------------------------------

def test_every_message_of_the_code_is_in_every_catalog():
    messages = catalogs.extract()
    assert len(messages) > 200
    for po in catalogs.catalogs():
        entries = catalogs.read_po(po)
        missing = sorted(f"{context or ''} | {msgid}" for context, msgid in messages
                         if (context, msgid) not in entries)
        assert not missing, f"{po} lacks {len(missing)}: {missing[:20]}"


def test_the_shipped_mo_files_are_the_po_files_compiled(tmp_path):
    for po in catalogs.catalogs():
        fresh = tmp_path / "fresh.mo"
        catalogs.write_mo(catalogs.read_po(po), catalogs.plurals_of(po), fresh)
        with fresh.open("rb") as expected, po.with_suffix(".mo").open("rb") as shipped:
            assert (gettext.GNUTranslations(shipped)._catalog  # type: ignore[attr-defined]
                    == gettext.GNUTranslations(expected)._catalog), (
                f"{po.with_suffix('.mo')} is out of date: run python3 tests/catalogs.py")


def _fields(text: str) -> set[str]:
    return {field for _, field, spec, _ in string.Formatter().parse(text)
            if field is not None}


def test_translations_keep_the_placeholders_of_their_message():
    for po in catalogs.catalogs():
        for (context, msgid), text in catalogs.read_po(po).items():
            if msgid:
                assert _fields(text) == _fields(msgid), (po, context, msgid, text)


def test_every_code_has_a_chinese_term_and_the_two_scripts_differ_where_they_should():
    codes = ([("type", t) for t in schema.LABELS] + [("status", s) for s in status.STATUSES]
             + [("action", a) for a in ACTIONS]
             + [(k, v) for k in ("size", "level", "mode") for v in schema.ENUMS[k]]
             + [("relationship", r) for r in schema.RELATIONSHIPS])
    for language in LANGS:
        i18n.set_language(language)
        for kind, value in codes:
            assert CJK.search(i18n.code(kind, value)), (language, kind, value)
    i18n.set_language("zh-Hant")
    traditional = [i18n.code("size", "above_scale"), i18n.code("level", "general_branch"),
                   i18n.code("mode", "joint")]
    i18n.set_language("zh")
    simplified = [i18n.code("size", "above_scale"), i18n.code("level", "general_branch"),
                  i18n.code("mode", "joint")]
    # DOMAIN.md's terms; each is also an alias the reader accepts for its code
    assert traditional == ["規上企業", "黨總支", "聯合組建"]
    assert simplified == ["规上企业", "党总支", "联合组建"]
    assert [schema.canonical_value(k, t) for k, t in zip(("size", "level", "mode"),
                                                         simplified, strict=True)] == [
        "above_scale", "general_branch", "joint"]


# --- choosing the language ------------------------------------------------------------------

@pytest.mark.parametrize(("environment", "expected"), [
    ({"GRAPHMODEL_LANG": "zh-Hant", "LANG": "zh_CN.UTF-8"}, "zh-Hant"),
    ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh-Hant"),
    ({"LC_MESSAGES": "zh_HK.UTF-8"}, "zh-Hant"),
    ({"LANG": "zh_MO"}, "zh-Hant"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_SG.GB18030"}, "zh"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_language_comes_from_the_environment(environment, expected):
    assert i18n.environment_language(environment) == expected


def test_an_unknown_language_is_refused_listing_the_choices(monkeypatch):
    runner = CliRunner()
    result = runner.invoke(main, ["--lang", "fr", "graphs"])
    assert result.exit_code == 2
    assert "'fr': expected one of zh, zh-Hant, en" in result.output
    monkeypatch.setenv("GRAPHMODEL_LANG", "klingon")
    result = runner.invoke(main, ["graphs"])
    assert result.exit_code == 2
    assert "GRAPHMODEL_LANG 'klingon': expected one of zh, zh-Hant, en" in result.output


# --- real commands --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def district(db_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A generated district of 300 units, loaded in the embedded store."""
    folder = tmp_path_factory.mktemp("district")
    cli = Cli(str(db_folder), "i18n-district")
    assert cli("generate", "--orgs", "300", "--seed", "5", "-o", str(folder / "d"),
               "--force").exit_code == 0
    assert cli("load", str(folder / "d"), "--replace").exit_code == 0
    return cli


def _table(output: str) -> tuple[list[str], list[list[str]]]:
    """The first text table of an output: its headings and cells, split by the columns its
    rule line shows, checking every line is aligned on them (CJK counting double)."""
    lines = output.splitlines()
    rule = next(i for i, line in enumerate(lines) if re.fullmatch(r"-+(  -+)*", line))
    spans, start = [], 0
    for dashes in lines[rule].split("  "):
        spans.append((start, start + len(dashes)))
        start += len(dashes) + 2
    rows = []
    for line in [lines[rule - 1], *lines[rule + 1:]]:
        if not line.strip():
            break
        cells, column, cell, at = [], 0, "", 0
        for char in line:
            if column < len(spans) - 1 and at == spans[column + 1][0]:
                assert cell.endswith("  ") or cell == "" or cell.endswith(" "), line
                cells.append(cell.strip())
                cell, column = "", column + 1
            assert column + 1 == len(spans) or at < spans[column + 1][0], \
                f"not aligned: {line!r}"
            cell += char
            at += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        cells.append(cell.strip())
        rows.append(cells + [""] * (len(spans) - len(cells)))
    return rows[0], rows[1:]


COMMANDS = [
    ("coverage", "--by", "street", "--target", "0.68"),
    ("coverage", "--by", "size"),
    ("plan",),
    ("ledger",),
    ("stats",),
    ("clusters",),
    ("centrality",),
]


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_tables_are_in_chinese_aligned_and_json_is_the_same(district, language, command):
    english = district("--lang", "en", *command)
    shown = district("--lang", language, *command)
    assert english.exit_code == shown.exit_code == 0, shown.output
    headings, rows = _table(shown.output)
    for heading in headings:
        assert heading in KEPT or CJK.search(heading), (command, heading)
    english_headings, english_rows = _table(english.output)
    assert len(rows) == len(english_rows) and rows
    coded = {"type": "type", "size": "size", "status": "status", "mode": "mode",
             "action": "action", "level": "level"}
    for column, kind in coded.items():
        if column not in english_headings:
            continue
        at = english_headings.index(column)
        i18n.set_language(language)
        for mine, theirs in zip(rows, english_rows, strict=True):
            assert mine[at] == i18n.code(kind, theirs[at]), (column, mine[at], theirs[at])
            assert mine[at] in ("", "0") or mine[at].isdigit() or CJK.search(mine[at]), mine
        i18n.set_language("en")
    if command[0] != "coverage":  # (the others end with a line of plain words)
        footer = shown.output.rstrip().splitlines()[-1]
        assert CJK.search(footer), footer
    jsons = {lang: district("--lang", lang, *command, "--format", "json").output
             for lang in ("en", *LANGS)}
    assert jsons[language] == jsons["en"]


def test_plan_reasons_read_in_chinese_and_stay_english_in_json(district):
    shown = district("--lang", "zh-Hant", "plan")
    headings, rows = _table(shown.output)
    reasons = [row[headings.index("理由")] for row in rows]
    assert all(CJK.search(reason) for reason in reasons)
    assert any("黨員" in reason for reason in reasons)
    assert "members" in district("--lang", "zh-Hant", "plan", "--format", "json").output


def test_scripts_differ_traditional_and_simplified(district):
    traditional = district("--lang", "zh-Hant", "coverage", "--by", "size").output
    simplified = district("--lang", "zh", "coverage", "--by", "size").output
    assert "規上企業" in traditional and "组建率" not in traditional
    assert "规上企业" in simplified and "組建率" not in simplified


def test_workbook_and_csv_for_officers_are_in_chinese(district, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book, table = tmp_path / "台賬.xlsx", tmp_path / "plan.csv"
    assert district("--lang", "zh", "ledger", "-o", str(book)).exit_code == 0
    assert district("--lang", "zh", "plan", "-o", str(table)).exit_code == 0
    sheets = openpyxl.load_workbook(book, read_only=True)
    assert sheets.sheetnames[0] == "汇总"
    street = sheets.worksheets[1]
    header = [cell.value for cell in next(street.iter_rows(max_row=1))]
    assert "状态" in header and "组建方式" in header
    statuses = {row[header.index("状态")] for row in street.iter_rows(min_row=2,
                                                                   values_only=True)}
    i18n.set_language("zh")
    assert statuses <= {i18n.code("status", s) for s in (*status.STATUSES, "covered")}
    assert all(CJK.search(s) for s in statuses)
    first = table.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert first[:2] == ["单位", "名称"]
    # JSON for scripts is the same in every language
    english, chinese = tmp_path / "en.json", tmp_path / "zh.json"
    district("ledger", "-o", str(english))
    district("--lang", "zh", "ledger", "-o", str(chinese))
    assert english.read_text(encoding="utf-8") == chinese.read_text(encoding="utf-8")


@pytest.mark.parametrize(("language", "expected"), [
    ("zh-Hant", ["第 2 行", "未知的規模", "規上企業", "應為 0 或以上的整數",
                 "發現 2 個問題；未寫入任何內容。"]),
    ("zh", ["第 2 行", "未知的规模", "规上企业", "应为 0 或以上的整数",
            "发现 2 个问题；未写入任何内容。"]),
    ("en", ["line 2", "unknown size", "above_scale", "expected a whole number",
            "2 problems found; nothing was written."]),
])
def test_load_refuses_bad_registers_in_the_chosen_language(district, tmp_path, language,
                                                           expected):
    (tmp_path / "organizations.csv").write_text(
        "id,type,name,size,party_members\n"
        "e1,enterprise,長安福特,giant,3\n"
        "e2,enterprise,哈飛空客,sme,1.5\n", encoding="utf-8")
    result = district("--lang", language, "load", str(tmp_path))
    assert result.exit_code == 2
    for text in expected:
        assert text in result.output, result.output
    assert "Traceback" not in result.output


def test_library_messages_stay_english_without_a_language():
    from graphmodel.dataset import DatasetError, Problem
    from graphmodel.i18n import Text

    error = DatasetError([Problem("a.csv", Text("expected text"), line=3)])
    assert str(error).startswith("a.csv, line 3: expected text")
    i18n.set_language("zh")
    assert str(error).startswith("a.csv, line 3: expected text")
    assert error.localized().startswith("a.csv，第 3 行：应为文本")


# --- view pages -----------------------------------------------------------------------------

#: English a view page shows when nothing translates it: its title, header, legend, tooltips
VIEW_ENGLISH = ["Whole graph", "Zones and streets", "organizations and areas",
                "In-scope units", "formation rate", "Formation rate =", "id: ", "type: ",
                "covered: standalone", "UNCOVERED", "work coverage only", "party members",
                "cooperation ties", "organizations in both", "organizations located here",
                "points or more", "Hover a node", "Uncovered units", "Legend", "Find"]


def _page_text(page: Path) -> str:
    """What a reader of a view page sees: its title, header and legend, and the tooltips and
    labels of its nodes and relationships (not the inlined scripts)."""
    import html
    import json

    text = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', text, re.S).group(1))
    shown = [str(item.get(key, "")) for item in data["nodes"] + data["edges"]
             for key in ("title", "label")]
    body = re.sub(r"<script.*?</script>|<style>.*?</style>|<[^>]+>", " ", text, flags=re.S)
    return html.unescape(body) + "\n".join(shown)


@pytest.mark.parametrize(("language", "own", "other"), [
    ("zh", ["全图", "组织", "组建率"], ["組織"]),
    ("zh-Hant", ["全圖", "組織", "組建率"], ["组织"]),
])
def test_view_pages_are_in_the_chosen_language(district, tmp_path, language, own, other):
    whole, summary = tmp_path / "whole.html", tmp_path / "summary.html"
    assert district("--lang", language, "view", "-o", str(whole)).exit_code == 0
    assert district("--lang", language, "view", "--summary", "--target", "0.7", "-o",
                    str(summary)).exit_code == 0
    for page in (whole, summary):
        text = _page_text(page)
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8")).group(1)
        assert CJK.search(title), title
        assert f'<html lang="{"zh-Hans" if language == "zh" else "zh-Hant"}">' in \
            page.read_text(encoding="utf-8")
        left = [words for words in VIEW_ENGLISH if words in text]
        assert not left, (page.name, left)
    header = re.search(r"<header>.*?</header>", whole.read_text(encoding="utf-8"), re.S)
    assert all(word in header.group(0) for word in own), own
    assert not any(word in header.group(0) for word in other), other  # (names may hold any)
    # the English page says it all in English (what the other tests pin)
    english = tmp_path / "en.html"
    assert district("--lang", "en", "view", "-o", str(english)).exit_code == 0
    assert "Whole graph" in _page_text(english) and "id: " in _page_text(english)


# --- refusals -------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "expected"), [
    ("zh", ["错误：--zone 'zone-01'：没有这个编号或名称的片区", "（是否应为 'zone-001'"]),
    ("zh-Hant", ["錯誤：--zone 'zone-01'：沒有這個編號或名稱的片區", "（是否應為 'zone-001'"]),
    ("en", ["error: --zone 'zone-01': no zone has this id or name (did you mean 'zone-001'"]),
])
def test_a_zone_nothing_has_is_refused_with_suggestions_in_the_language(district, tmp_path,
                                                                        language, expected):
    result = district("--lang", language, "view", "--zone", "zone-01", "-o",
                      str(tmp_path / "v.html"))
    assert result.exit_code == 2
    for text in expected:
        assert text in result.output, result.output
    assert not (tmp_path / "v.html").exists()


@pytest.mark.parametrize(("language", "expected"), [
    ("zh", ["错误：位于 ", " 的内置 FalkorDB 中没有图 'no-such-graph'；现有的图："]),
    ("zh-Hant", ["錯誤：位於 ", " 的內置 FalkorDB 中沒有圖 'no-such-graph'；現有的圖："]),
])
def test_a_graph_that_is_not_there_is_refused_in_the_language(district, language, expected):
    result = Cli(district.db, "no-such-graph")("--lang", language, "stats")
    assert result.exit_code == 2
    for text in expected:
        assert text in result.output, result.output
    assert "embedded" not in result.output and "graphs there" not in result.output


#: a read that runs for minutes on the district (every four of its nodes)
RUNAWAY = "MATCH (a), (b), (c), (d) WHERE a.id < b.id AND b.id < c.id AND c.id < d.id " \
          "RETURN count(*) AS n"


@pytest.mark.parametrize(("language", "expected"), [
    ("zh", "错误：查询未能在 0.3 秒的时间限制内完成，已被停止；"
           "可用 query --timeout 秒数 给它更多时间"),
    ("zh-Hant", "錯誤：查詢未能在 0.3 秒的時間限制內完成，已被停止；"
                "可用 query --timeout 秒數 給它更多時間"),
])
def test_a_query_past_its_time_limit_is_stopped_in_the_language(district, language, expected):
    result = district("--lang", language, "query", "--timeout", "0.3", RUNAWAY)
    assert result.exit_code == 1
    assert expected in result.output, result.output
    assert "time limit" not in result.output


@pytest.mark.parametrize(("language", "expected"), [
    ("zh", ["已将 ", " 个组织和 ", "写出的部分：片区 "]),
    ("zh-Hant", ["已將 ", " 個組織和 ", "寫出的部分：片區 "]),
])
def test_an_export_says_what_it_wrote_in_the_language(district, tmp_path, language, expected):
    target = tmp_path / "part.json"
    result = district("--lang", language, "export", "-o", str(target), "--zone", "zone-001")
    assert result.exit_code == 0, result.output
    for text in expected:
        assert text in result.output, result.output
    assert "the part written" not in result.output and "wrote " not in result.output
    again = district("--lang", language, "export", "-o", str(target))
    assert again.exit_code == 2
    assert "--force" in again.output and "already exists" not in again.output


@pytest.mark.parametrize(("language", "expected"), [
    ("zh", ["没有这个文件或文件夹", "文件混用了多种编码"]),
    ("zh-Hant", ["沒有這個文件或文件夾", "文件混用了多種編碼"]),
])
def test_unreadable_registers_are_refused_in_the_language(district, tmp_path, language,
                                                          expected):
    missing = district("--lang", language, "load", str(tmp_path / "no-such-folder"))
    assert missing.exit_code == 2 and expected[0] in missing.output, missing.output
    (tmp_path / "organizations.csv").write_bytes(
        "id,type,name\ne1,enterprise,長安福特\n".encode() + b"e2,enterprise,caf\xe9\n")
    (tmp_path / "relationships.csv").write_text("source,target,type\n", encoding="utf-8")
    mixed = district("--lang", language, "load", str(tmp_path))
    assert mixed.exit_code == 2 and expected[1] in mixed.output, mixed.output
    assert "UTF-8, while line" not in mixed.output


# --- --help ---------------------------------------------------------------------------------

def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


@pytest.mark.parametrize(("language", "words"), [
    ("zh", ["用法：", "选项：", "显示此帮助并退出。"]),
    ("zh-Hant", ["用法：", "選項：", "顯示此幫助並退出。"]),
])
def test_every_command_s_help_is_in_the_language(language, words):
    runner = CliRunner()
    top = runner.invoke(main, ["--lang", language, "--help"])
    assert top.exit_code == 0
    assert "命令：" in top.output and "Commands" not in top.output
    for path in [(), *_commands(main)]:
        shown = runner.invoke(main, ["--lang", language, *path, "--help"]).output
        for word in words:
            assert word in shown, (path, shown)
        description = shown.split("\n\n")[1]
        assert CJK.search(description), (path, description)
        for english in ("Usage:", "Options:", "Show this message", "[default:", "[required]"):
            assert english not in shown, (path, english)
        # every option's help, wrapped to the width (a Chinese character taking two columns)
        assert all(_width(line) <= 80 for line in shown.splitlines()
                   if not line.lstrip().startswith("-")), (path, shown)


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def test_help_is_english_as_click_writes_it_without_a_language():
    shown = CliRunner().invoke(main, ["--lang", "en", "load", "--help"]).output
    assert shown.startswith("Usage: main load [OPTIONS] PATH")
    assert "Options:" in shown and "Show this message and exit." in shown
    assert "[default: table]" in shown and not CJK.search(shown)


def test_help_follows_graphmodel_lang_before_any_option(monkeypatch):
    monkeypatch.setenv("GRAPHMODEL_LANG", "zh-Hant")
    shown = CliRunner().invoke(main, ["--help"]).output
    assert "選項：" in shown and "命令：" in shown
