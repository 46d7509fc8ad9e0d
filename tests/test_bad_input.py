"""Broken registers: each is refused with exit code 2, a located message, and no write.

The corpus lives in tests/broken/<case>/ (the dataset plus expected.txt, a text the error must
contain); the two large cases (a 1 MB field, a million-line file cut in the middle) are made
at run time rather than stored.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmodel.dataset import DatasetError, read_dataset
from graphmodel.loader import load
from tests.conftest import SMALL

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expected.txt").exists())
ORG_HEADER = "id,type,name,industry,size,employees,party_members,level,zone,street,provenance"


def dataset_path(case: Path) -> Path:
    json_file = case / "dataset.json"
    return json_file if json_file.exists() else case


def assert_refused(cli, store, path: Path, expected: str) -> None:
    load(store, read_dataset(SMALL))
    before = store.counts()
    result = cli("load", str(path), "--replace")
    assert result.exit_code == 2, result.output
    assert expected in result.stderr, f"expected {expected!r} in:\n{result.stderr}"
    assert "nothing was written" in result.stderr
    assert store.counts() == before


def test_the_corpus_has_at_least_30_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_broken_dataset_is_refused_with_a_located_message(cli, store, case):
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").strip()
    assert_refused(cli, store, dataset_path(BROKEN / case), expected)


def test_a_one_megabyte_field_is_refused(cli, store, tmp_path):
    folder = tmp_path / "huge-field"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        f"{ORG_HEADER}\nz1,zone,北區,,,,,,,,\ne1,enterprise,{'長' * 350_000},,,,,,,,\n",
        encoding="utf-8")
    assert_refused(cli, store, folder, "organizations.csv, line 3, column 3 (name):")


def test_a_million_line_file_truncated_in_the_middle_is_refused(cli, store, tmp_path):
    folder = tmp_path / "truncated"
    folder.mkdir()
    lines = [ORG_HEADER, "z1,zone,北區,,,,,,,,"]
    lines += [f"e{i},enterprise,企業{i},retail,sme,{i % 90},{i % 7},,z1,," for i in range(999_998)]
    text = "\n".join(lines)
    cut = len(text) // 2
    cut = text.index(",retail", cut) + 4  # cut inside a row: "e…,enterprise,企業…,ret"
    (folder / "organizations.csv").write_text(text[:cut], encoding="utf-8")
    line = text[:cut].count("\n") + 1
    assert_refused(cli, store, folder,
                   f"organizations.csv, line {line}: the row has 4 fields but the header has 11")


# --- valid variants load exactly like the clean original ------------------------------------


def _graph_snapshot(store) -> tuple:
    nodes = store.run("MATCH (n) RETURN n.id AS id, properties(n) AS p ORDER BY id").rows
    rels = store.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, "
                     "properties(r) AS p ORDER BY a, t, b").rows
    return nodes, rels


def _variant(tmp_path: Path, name: str, transform) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file in ("organizations.csv", "relationships.csv"):
        text = (SMALL / file).read_text(encoding="utf-8")
        (folder / file).write_bytes(transform(text))
    original = (SMALL / "organizations.csv").read_bytes()
    assert (folder / "organizations.csv").read_bytes() != original, "the variant changed nothing"
    return folder


def _quoted(text: str) -> bytes:
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _in_rows(replacements: dict[str, str]):
    """A transform replacing values in data rows (not in the header)."""

    def transform(text: str) -> bytes:
        header, _, body = text.partition("\n")
        for old, new in replacements.items():
            body = body.replace(old, new)
        return f"{header}\n{body}".encode()

    return transform


VARIANTS = {
    "utf8-bom": lambda t: b"\xef\xbb\xbf" + t.encode(),
    "gb18030": lambda t: t.encode("gb18030"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode(),
    "all-fields-quoted": _quoted,
    "simplified-aliases": _in_rows({",enterprise,": ",企业,", ",party_org,": ",党组织,",
                                    ",committee,": ",党委,", ",standalone,": ",单独组建,",
                                    ",joint,": ",联合组建,", ",individual,": ",个体工商户,"}),
    "traditional-aliases": _in_rows({",zone,": ",片區,", ",street,": ",街道,",
                                     ",above_scale,": ",規上企業,", ",standalone,": ",單獨組建,",
                                     ",joint,": ",聯合組建,", ",incubator,": ",孵化器,"}),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_valid_variants_load_exactly_like_the_original(store, tmp_path, variant):
    load(store, read_dataset(SMALL))
    original = _graph_snapshot(store)
    store.delete_graph()
    load(store, read_dataset(_variant(tmp_path, variant, VARIANTS[variant])))
    assert _graph_snapshot(store) == original


def test_quoted_fields_with_commas_and_newlines_keep_them(store, tmp_path):
    folder = tmp_path / "quoted"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        f'{ORG_HEADER}\r\nz1,zone,"北區, 第一",,,,,,,,"line one\nline ""two"""\r\n',
        encoding="utf-8")
    load(store, read_dataset(folder))
    rows = store.run("MATCH (z:Zone) RETURN z.name, z.provenance").rows
    assert rows == [["北區, 第一", 'line one\nline "two"']]


# --- fuzz: random input never raises anything but the reader's own error --------------------

CELL = st.one_of(
    st.text(alphabet=list('ab,"\n\r 1-.企業z街\x00'), max_size=10),
    st.sampled_from(["enterprise", "party_org", "zone", "street", "COVERS", "joint", "e1",
                     "z1", "3", "-1", "黨委"]))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


def _read(files: dict[str, bytes]) -> None:
    """Read the files as a dataset in a temporary folder, removed afterwards (a fuzz run
    reads hundreds of them)."""
    with tempfile.TemporaryDirectory(prefix="gm-fuzz-") as name:
        folder = Path(name)
        for file_name, data in files.items():
            (folder / file_name).write_bytes(data)
        target = folder / "d.json" if "d.json" in files else folder
        try:
            read_dataset(target)
        except DatasetError as error:
            assert error.problems


@FUZZ
@given(st.binary(max_size=300), st.binary(max_size=200))
def test_fuzz_random_bytes(orgs, rels):
    _read({"organizations.csv": orgs, "relationships.csv": rels})


@FUZZ
@given(st.lists(st.lists(CELL, max_size=12), max_size=6),
       st.lists(st.lists(CELL, max_size=8), max_size=5))
def test_fuzz_random_rows(orgs, rels):
    def as_csv(header: str, rows: list[list[str]]) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header.split(","))
        writer.writerows(rows)
        return out.getvalue().encode()

    _read({"organizations.csv": as_csv(ORG_HEADER, orgs),
           "relationships.csv": as_csv("source,target,type,mode,since,note,provenance", rels)})


@FUZZ
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["organizations", "relationships", "id", "type", "name", "zone",
                         "party_members", "source", "target", "mode", "level"]),
        inner, max_size=5),
    max_leaves=30))
def test_fuzz_random_json(document):
    _read({"d.json": json.dumps(document).encode()})
