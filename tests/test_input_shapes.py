"""Inputs that are not what they seem, and values read exactly as written (issue 21, 4 and 9).

Each hostile input is built in tmp_path: a dataset file that is a folder, a FIFO, a socket
or a dangling symlink; a near-miss file name; JSON with a repeated key, nested absurdly deep
or holding numbers of thousands of digits; digits other than 0-9; an oversized required cell.
Each is refused with one located problem; through the CLI with exit code 2, one `error:`
text and the graph unchanged. The FIFO tests cannot hang: the reader never opens a FIFO.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from graphmodel.dataset import MAX_CELL_CHARS, MAX_JSON_DEPTH, DatasetError, read_dataset
from graphmodel.loader import load
from tests.conftest import SMALL, graph_dump

ORG_HEADER = "id,type,name,industry,size,employees,party_members,level,zone,street,provenance"
REL_HEADER = "source,target,type,mode,since,note,provenance"
ORGS = (f"{ORG_HEADER}\nz,zone,北區,,,,,,,,\np,party_org,黨委,,,,,committee,,,\n"
        "e,enterprise,甲,,,,,,z,,\n")


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        read_dataset(path)
    return [str(p) for p in caught.value.problems]


def small_copy(tmp_path: Path, name: str = "d") -> Path:
    folder = tmp_path / name
    shutil.copytree(SMALL, folder)
    return folder


def put(path: Path, kind: str) -> str:
    """Put a ``kind`` of non-file at ``path``; return how the message names it."""
    if kind == "folder":
        path.mkdir()
        return "a folder"
    if kind == "fifo":
        os.mkfifo(path)
        return "a FIFO (named pipe)"
    if kind == "socket":
        here = Path.cwd()
        os.chdir(path.parent)  # (a socket path is limited to ~108 bytes: bind a short one)
        try:
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(path.name)
            sock.close()
        finally:
            os.chdir(here)
        return "a socket"
    if kind == "dangling-symlink":
        path.symlink_to("no-such-file.csv")
        return "a dangling symlink (to 'no-such-file.csv', which does not exist)"
    if kind == "symlink-to-device":
        path.symlink_to("/dev/zero")
        return "a symlink to a character device"
    if kind == "symlink-to-folder":
        (path.parent / "elsewhere").mkdir()
        path.symlink_to("elsewhere")
        return "a symlink to a folder"
    if kind == "symlink-loop":
        path.symlink_to(path.name)
        return "a symlink that cannot be followed"
    raise AssertionError(kind)


KINDS = ["folder", "fifo", "socket", "dangling-symlink", "symlink-to-device", "symlink-to-folder",
         "symlink-loop"]


# --- dataset files that are not files -------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["relationships.csv", "organizations.csv"])
def test_a_dataset_file_that_is_not_a_file_is_refused_naming_it(tmp_path, name, kind):
    folder = small_copy(tmp_path)
    (folder / name).unlink()
    what = put(folder / name, kind)
    found = problems_of(folder)
    assert len(found) == 1, found
    assert found[0].startswith(f"{folder / name}: this is {what}"), found
    assert f"expected {name} to be a CSV file" in found[0]


@pytest.mark.parametrize("name", ["relationships.csv", "organizations.csv"])
def test_a_symlink_to_a_regular_file_is_read(tmp_path, name):
    folder = small_copy(tmp_path)
    (folder / name).unlink()
    (folder / name).symlink_to(SMALL.resolve() / name)
    assert read_dataset(folder).relationship_counts() == read_dataset(SMALL).relationship_counts()


@pytest.mark.parametrize("kind", ["fifo", "socket", "dangling-symlink", "symlink-to-device"])
def test_a_json_dataset_path_that_is_not_a_file_is_refused_naming_it(tmp_path, kind):
    path = tmp_path / "d.json"
    what = put(path, kind)
    found = problems_of(path)
    assert found == [f"{path}: this is {what}; expected a folder with organizations.csv and "
                     "relationships.csv, or a .json file"]


def test_a_folder_named_like_a_json_file_says_so(tmp_path):
    path = tmp_path / "d.json"
    path.mkdir()
    assert f"{path}: this is a folder, not a .json file" in problems_of(path)


def test_a_dataset_folder_that_is_a_dangling_symlink_is_named(tmp_path):
    path = tmp_path / "d"
    path.symlink_to(tmp_path / "gone")
    found = problems_of(path)
    assert len(found) == 1 and found[0].startswith(f"{path}: this is a dangling symlink")


# --- near-miss file names ------------------------------------------------------------------


@pytest.mark.parametrize(("expected", "near"), [
    ("relationships.csv", "relationship.csv"), ("relationships.csv", "Relationships.csv"),
    ("relationships.csv", "relationships.CSV"), ("relationships.csv", "relations.csv"),
    ("relationships.csv", "relationships.txt"), ("relationships.csv", "relationships.tsv"),
    ("relationships.csv", "RELATIONSHIPS.CSV"), ("relationships.csv", "relationships_2024.csv"),
    ("organizations.csv", "organisation.csv"), ("organizations.csv", "Organizations.csv"),
    ("organizations.csv", "organization.csv"), ("organizations.csv", "organisations.csv"),
    ("organizations.csv", "organizations.txt"),
])
def test_a_near_miss_file_name_asks_did_you_mean(tmp_path, expected, near):
    folder = small_copy(tmp_path)
    (folder / expected).rename(folder / near)
    found = problems_of(folder)
    assert found == [f"{folder}: {expected} is missing; the folder holds {near}: did you "
                     f"mean {expected}?"]


def test_both_files_misspelt_are_both_reported(tmp_path):
    folder = small_copy(tmp_path)
    (folder / "organizations.csv").rename(folder / "Organisations.csv")
    (folder / "relationships.csv").rename(folder / "relationship.csv")
    found = "\n".join(problems_of(folder))
    assert "the folder holds Organisations.csv: did you mean organizations.csv?" in found
    assert "the folder holds relationship.csv: did you mean relationships.csv?" in found


def test_organizations_only_with_unrelated_files_stays_valid(tmp_path):
    folder = small_copy(tmp_path)
    (folder / "relationships.csv").unlink()
    for name in ("README.md", "article.txt", "notes.csv", ".relationships.csv.swp"):
        (folder / name).write_text("x", encoding="utf-8")
    dataset = read_dataset(folder)
    assert set(dataset.relationship_counts()) == {"LOCATED_IN"}


# --- JSON: repeated keys, absurd nesting, enormous numbers ---------------------------------


def json_dataset(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "d.json"
    path.write_text(text, encoding="utf-8")
    return path


ORG_Z = '{"id": "z", "type": "zone", "name": "北區"}'
ORG_E = '{"id": "e", "type": "enterprise", "name": "甲", "zone": "z"}'


@pytest.mark.parametrize(("text", "where", "message"), [
    ('{"organizations": [' + ORG_Z + '], "organizations": [' + ORG_Z + "]}",
     "$", 'the key "organizations" appears twice'),
    ('{"organizations": [' + ORG_Z + ', {"id": "e", "type": "enterprise", "name": "甲", '
     '"name": "乙"}]}', "$.organizations[1]", 'the key "name" appears twice'),
    ('{"organizations": [' + ORG_Z + ", " + ORG_E + '], "relationships": [{"source": "e", '
     '"target": "z", "type": "LOCATED_IN", "target": "e", "target": "z"}]}',
     "$.relationships[0]", 'the key "target" appears 3 times'),
    ('{"organizations": [{"id": "z", "type": "zone", "name": {"a": [{"名稱": 1, "名稱": 2}]}}]}',
     "$.organizations[0].name.a[0]", 'the key "名稱" appears twice'),
])
def test_a_repeated_json_key_is_refused_with_its_path(tmp_path, text, where, message):
    found = problems_of(json_dataset(tmp_path, text))
    assert f"d.json, {where}: {message}" in "\n".join(found), found


@pytest.mark.parametrize("inner", [
    "[" * 100_000 + "]" * 100_000,
    '{"a": ' * 100_000 + "1" + "}" * 100_000,
    '[{"a": ' * 50_000 + "1" + "}]" * 50_000,
])
def test_json_nested_absurdly_deep_is_refused_with_a_location(tmp_path, inner):
    path = json_dataset(tmp_path, '{"organizations": [{"id": "z", "type": "zone", "name": '
                        + inner + "}]}")
    found = problems_of(path)
    assert len(found) == 1 and found[0].startswith("d.json, line 1, column "), found
    assert f"nests more than {MAX_JSON_DEPTH} levels deep here" in found[0]


def test_json_nested_deep_but_readable_is_refused_as_a_wrong_value(tmp_path):
    inner = "[" * 500 + "]" * 500
    found = problems_of(json_dataset(tmp_path, '{"organizations": [{"id": "z", "type": '
                                     '"zone", "name": ' + inner + "}]}"))
    assert len(found) == 1 and "$.organizations[0].name: '[[[" in found[0], found
    assert found[0].endswith("expected text")


@pytest.mark.parametrize(("field", "number", "message"), [
    ("employees", "9" * 5000, "the number is too large"),
    ("employees", "-" + "9" * 5000, "expected a whole number of 0 or more"),
    ("party_members", "9" * 50, "the number is too large"),
    ("employees", "1e99999", "expected a whole number of 0 or more"),
    ("employees", "1" * 5000 + ".5", "expected a whole number of 0 or more"),
    ("employees", "NaN", "expected a whole number of 0 or more"),
    ("employees", "-Infinity", "expected a whole number of 0 or more"),
    ("name", "9" * 5000, "expected text"),
    ("name", "1e99999", "expected text"),
])
def test_enormous_json_numbers_are_refused_with_their_path(tmp_path, field, number, message):
    cells = {"id": '"e"', "type": '"enterprise"', "name": '"甲"', field: number}
    org = "{" + ", ".join(f'"{k}": {v}' for k, v in cells.items()) + "}"
    found = problems_of(json_dataset(tmp_path, '{"organizations": [' + org + "]}"))
    assert len(found) == 1, found
    shown = number if len(number) <= 60 else number[:60]
    assert found[0].startswith(f"d.json, $.organizations[0].{field}: '{shown}"), found
    assert message in found[0]


# --- numbers written with other digits than 0-9 --------------------------------------------

UNICODE_DIGITS = ["①", "２０", "٣", "३", "²", "߃", "𝟚", "፩", "五", "1_000", "+5", "٣1"]


@pytest.mark.parametrize("column", ["employees", "party_members"])
@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_a_count_takes_ascii_digits_only(tmp_path, column, value):
    number = ORG_HEADER.split(",").index(column) + 1
    cells = ["e", "enterprise", "甲", "", "", "", "", "", "", "", ""]
    cells[number - 1] = value
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "organizations.csv").write_text(f"{ORG_HEADER}\n{','.join(cells)}\n",
                                              encoding="utf-8")
    found = problems_of(folder)
    assert len(found) == 1 and found[0].startswith(
        f"organizations.csv, line 2, column {number} ({column}): {value!r}: expected a whole "
        "number of 0 or more"), found


@pytest.mark.parametrize("value", UNICODE_DIGITS[:5])
def test_a_json_count_in_a_string_takes_ascii_digits_only(tmp_path, value):
    org = json.dumps({"id": "e", "type": "enterprise", "name": "甲", "employees": value},
                     ensure_ascii=False)
    found = problems_of(json_dataset(tmp_path, '{"organizations": [' + org + "]}"))
    assert len(found) == 1 and found[0].startswith(
        f"d.json, $.organizations[0].employees: {value!r}: expected a whole number of 0 or more")


def test_the_message_names_the_foreign_digit(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "organizations.csv").write_text(f"{ORG_HEADER}\ne,enterprise,甲,,,２０,,,,,\n",
                                              encoding="utf-8")
    assert "only the digits 0-9 are read ('２' is FULLWIDTH DIGIT TWO)" in problems_of(folder)[0]


@pytest.mark.parametrize("since", ["２０１７", "٢٠١٧", "२०१७", "①②③④", "２０１７-05-01",
                                   "2017-0５-01", "2017-05-0①", "²⁰¹⁷"])
def test_since_takes_ascii_digits_only(tmp_path, since):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "organizations.csv").write_text(ORGS, encoding="utf-8")
    (folder / "relationships.csv").write_text(f"{REL_HEADER}\np,e,COVERS,joint,{since},,\n",
                                              encoding="utf-8")
    found = problems_of(folder)
    assert len(found) == 1 and found[0].startswith(
        f"relationships.csv, line 2, column 5 (since): {since!r}: expected a year (2016) or "
        "an ISO date (2016-05-01)"), found


def test_ascii_years_and_dates_still_read(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "organizations.csv").write_text(ORGS, encoding="utf-8")
    (folder / "relationships.csv").write_text(
        f"{REL_HEADER}\np,e,COVERS,joint,2017,,\np,e,GUIDES,,2018-05-01,,\n", encoding="utf-8")
    since = {r.type: r.properties["since"] for r in read_dataset(folder).relationships
             if "since" in r.properties}
    assert since == {"COVERS": "2017", "GUIDES": "2018-05-01"}


# --- one problem per cell ------------------------------------------------------------------


@pytest.mark.parametrize("column", ["id", "type", "name"])
def test_an_oversized_required_organization_cell_is_one_problem(tmp_path, column):
    number = ORG_HEADER.split(",").index(column) + 1
    cells = ["e", "enterprise", "甲", "", "", "", "", "", "", "", ""]
    cells[number - 1] = "長" * (MAX_CELL_CHARS + 1)
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "organizations.csv").write_text(f"{ORG_HEADER}\nz,zone,北區,,,,,,,,\n"
                                              f"{','.join(cells)}\n", encoding="utf-8")
    found = problems_of(folder)
    assert len(found) == 1, found
    assert found[0].startswith(f"organizations.csv, line 3, column {number} ({column}): '長")
    assert f"the limit is {MAX_CELL_CHARS:,}" in found[0]


@pytest.mark.parametrize("column", ["source", "target", "type"])
def test_an_oversized_required_relationship_cell_is_one_problem(tmp_path, column):
    number = REL_HEADER.split(",").index(column) + 1
    cells = ["p", "e", "GUIDES", "", "", "", ""]
    cells[number - 1] = "x" * (MAX_CELL_CHARS + 5)
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "organizations.csv").write_text(ORGS, encoding="utf-8")
    (folder / "relationships.csv").write_text(f"{REL_HEADER}\n{','.join(cells)}\n",
                                              encoding="utf-8")
    found = problems_of(folder)
    assert len(found) == 1, found
    assert found[0].startswith(f"relationships.csv, line 2, column {number} ({column}): 'xxx")


@pytest.mark.parametrize("value", ['["甲"]', '{"zh": "甲"}', "true", "1.5"])
def test_a_required_json_field_of_the_wrong_kind_is_one_problem(tmp_path, value):
    found = problems_of(json_dataset(tmp_path, '{"organizations": [{"id": "e", "type": '
                                     '"enterprise", "name": ' + value + "}]}"))
    assert len(found) == 1 and found[0].endswith(": expected text"), found


def test_a_mode_of_spaces_is_no_mode(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "organizations.csv").write_text(ORGS, encoding="utf-8")
    (folder / "relationships.csv").write_text(f'{REL_HEADER}\np,e,COVERS,"   ",,,\n',
                                              encoding="utf-8")
    assert problems_of(folder) == ["relationships.csv, line 2, column 4 (mode): COVERS needs a "
                                   "mode: standalone, joint, affiliated, entrusted"]


def test_a_relationship_type_is_upper_cased_only_in_ascii(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "organizations.csv").write_text(ORGS + "f,enterprise,乙,,,,,,,,\n",
                                              encoding="utf-8")
    (folder / "relationships.csv").write_text(f"{REL_HEADER}\ne,f,partners_wıth,,,,\n",
                                              encoding="utf-8")
    found = problems_of(folder)  # str.upper() would make PARTNERS_WITH of the dotless ı
    assert len(found) == 1 and "'partners_wıth': unknown relationship type" in found[0]


# --- through the CLI: exit 2, one error text, nothing written -------------------------------


def _rel_fifo(tmp_path: Path) -> Path:
    folder = small_copy(tmp_path)
    (folder / "relationships.csv").unlink()
    os.mkfifo(folder / "relationships.csv")
    return folder


def _rel_folder(tmp_path: Path) -> Path:
    folder = small_copy(tmp_path)
    (folder / "relationships.csv").unlink()
    (folder / "relationships.csv").mkdir()
    return folder


def _rel_dangling(tmp_path: Path) -> Path:
    folder = small_copy(tmp_path)
    (folder / "relationships.csv").unlink()
    (folder / "relationships.csv").symlink_to("old/relationships.csv")
    return folder


def _rel_near_miss(tmp_path: Path) -> Path:
    folder = small_copy(tmp_path)
    (folder / "relationships.csv").rename(folder / "Relationship.csv")
    return folder


def _json_fifo(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "d.json")
    return tmp_path / "d.json"


def _json_duplicate(tmp_path: Path) -> Path:
    return json_dataset(tmp_path, '{"organizations": [' + ORG_Z + ', {"id": "e", "id": "f", '
                        '"type": "enterprise", "name": "甲"}]}')


def _json_deep(tmp_path: Path) -> Path:
    return json_dataset(tmp_path, '{"organizations": ' + "[" * 100_000 + "]" * 100_000 + "}")


def _json_huge_number(tmp_path: Path) -> Path:
    return json_dataset(tmp_path, '{"organizations": [{"id": "e", "type": "enterprise", '
                        '"name": "甲", "employees": ' + "7" * 10_000 + "}]}")


def _fullwidth_since(tmp_path: Path) -> Path:
    folder = small_copy(tmp_path)
    with (folder / "relationships.csv").open("a", encoding="utf-8") as f:
        f.write("p-committee,e-big,GUIDES,,２０１７,,\n")
    return folder


CLI_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "rel-fifo": (_rel_fifo, "relationships.csv: this is a FIFO (named pipe), not a file"),
    "rel-folder": (_rel_folder, "relationships.csv: this is a folder, not a file"),
    "rel-dangling": (_rel_dangling, "relationships.csv: this is a dangling symlink"),
    "rel-near-miss": (_rel_near_miss, "relationships.csv is missing; the folder holds "
                      "Relationship.csv: did you mean relationships.csv?"),
    "json-fifo": (_json_fifo, "d.json: this is a FIFO (named pipe)"),
    "json-duplicate": (_json_duplicate, 'd.json, $.organizations[1]: the key "id" appears '
                       "twice"),
    "json-deep": (_json_deep, "d.json, line 1, column "),
    "json-huge-number": (_json_huge_number, "d.json, $.organizations[0].employees: '777"),
    "fullwidth-since": (_fullwidth_since, "(since): '２０１７': expected a year"),
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_the_cli_refuses_with_exit_2_and_writes_nothing(cli, store, tmp_path, case):
    build, expected = CLI_CASES[case]
    load(store, read_dataset(SMALL))
    before = graph_dump(store)
    path = build(tmp_path)
    result = cli("load", str(path), "--replace")
    assert result.exit_code == 2, result.output
    assert result.stderr.count("error:") == 1 and result.stderr.startswith("error: ")
    assert expected in result.stderr, result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.output
    assert graph_dump(store) == before


@pytest.mark.parametrize("field", ["name", "provenance", "note", "id"])
def test_a_lone_surrogate_is_refused_where_it_stands_and_nothing_is_written(tmp_path, store,
                                                                          field):
    """JSON's "\\ud800" escape alone is no character: no engine can store it (FalkorDB's
    client fails on it part-way through a merge). Validation refuses it, naming the cell."""
    load(store, read_dataset(SMALL))
    before = graph_dump(store)
    organization = {"id": "e9", "type": "enterprise", "name": "新企業"}
    other = {"id": "e10", "type": "enterprise", "name": "另一企業"}
    relationship = {"source": "e10", "target": "e9", "type": "PARTNERS_WITH"}
    (relationship if field == "note" else organization)[field] = "甲\ud800乙"
    if field == "id":
        relationship["target"] = organization["id"]
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"organizations": [organization, other],
                                "relationships": [relationship]}), encoding="utf-8")
    problem, *more = problems_of(path)
    where = "relationships[0]" if field == "note" else "organizations[0]"
    assert f"$.{where}.{field}" in problem and "\\ud800" in problem
    assert [p.split(":")[0] for p in more] == (["d.json, $.relationships[0].target"]
                                               if field == "id" else [])
    assert "lone surrogate" in problem
    assert graph_dump(store) == before
