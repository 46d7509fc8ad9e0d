"""The dataset reader: what valid input becomes, and how every kind of problem is reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graphmodel.dataset import DatasetError, read_dataset
from tests.conftest import SMALL

ORG_HEADER = "id,type,name,industry,size,employees,party_members,level,zone,street,provenance"
REL_HEADER = "source,target,type,mode,since,note,provenance"


def write(folder: Path, orgs: str, rels: str | None = None, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "organizations.csv").write_bytes(orgs.encode(encoding))
    if rels is not None:
        (folder / "relationships.csv").write_bytes(rels.encode(encoding))
    return folder


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        read_dataset(path)
    return [str(p) for p in caught.value.problems]


def test_small_dataset_reads_into_typed_records():
    ds = read_dataset(SMALL)
    by_id = {o.id: o for o in ds.organizations}
    assert len(ds.organizations) == 12
    big = by_id["e-big"]
    assert big.label == "Enterprise"
    assert big.properties == {
        "id": "e-big", "type": "enterprise", "name": "大工廠", "industry": "machining",
        "size": "above_scale", "employees": 800, "party_members": 120,
        "provenance": "register 2024"}
    # zone and street become LOCATED_IN relationships, not properties
    located = {(r.source, r.target) for r in ds.relationships if r.type == "LOCATED_IN"}
    assert ("e-big", "z-north") in located and ("e-big", "s-east") in located
    assert ds.relationship_counts() == {
        "COVERS": 2, "GUIDES": 1, "INCUBATES": 1, "LOCATED_IN": 10, "MEMBER_OF": 1,
        "PARTNERS_WITH": 1, "SERVES": 1, "SUBORDINATE_TO": 1}


def test_empty_party_members_stays_unknown_not_zero():
    by_id = {o.id: o for o in read_dataset(SMALL).organizations}
    assert "party_members" not in by_id["e-unknown"].properties
    assert by_id["inc-1"].properties["party_members"] == 0


def test_relationship_properties_are_kept_and_empty_ones_absent():
    covers = {r.target: r for r in read_dataset(SMALL).relationships if r.type == "COVERS"}
    assert covers["e-big"].properties == {"mode": "standalone", "since": "2015"}
    assert covers["e-shop"].properties == {"mode": "joint", "since": "2011-05-01",
                                           "note": "industry branch"}


def test_chinese_aliases_traditional_and_simplified(tmp_path):
    folder = write(tmp_path / "d", "\n".join([
        ORG_HEADER,
        "z,片區,工業園片區,,,,,,,,",
        "s,街道,新偉街,,,,,,,,",
        "e1,企業,甲,,規上企業,,,,z,s,",
        "e2,企业,乙,,个体工商户,,,,,s,",
        "p1,黨組織,甲黨委,,,,,黨委,,,",
        "p2,党组织,乙党支部,,,,,党支部,,,",
    ]), "\n".join([REL_HEADER, "p1,e1,COVERS,單獨組建,,,", "p2,e2,covers,联合组建,,,"]))
    ds = read_dataset(folder)
    types = {o.id: (o.type, o.properties.get("size"), o.properties.get("level"))
             for o in ds.organizations}
    assert types == {"z": ("zone", None, None), "s": ("street", None, None),
                     "e1": ("enterprise", "above_scale", None),
                     "e2": ("enterprise", "individual", None),
                     "p1": ("party_org", None, "committee"), "p2": ("party_org", None, "branch")}
    modes = {r.source: r.properties["mode"] for r in ds.relationships if r.type == "COVERS"}
    assert modes == {"p1": "standalone", "p2": "joint"}


@pytest.mark.parametrize("variant", ["utf-8-sig", "gb18030", "crlf"])
def test_encodings_and_line_ends_read_like_the_original(tmp_path, variant):
    orgs = (SMALL / "organizations.csv").read_text(encoding="utf-8")
    rels = (SMALL / "relationships.csv").read_text(encoding="utf-8")
    encoding = "utf-8" if variant == "crlf" else variant
    if variant == "crlf":
        orgs, rels = orgs.replace("\n", "\r\n"), rels.replace("\n", "\r\n")
    folder = write(tmp_path / variant, orgs, rels, encoding)
    variant_ds, original = read_dataset(folder), read_dataset(SMALL)
    assert variant_ds.organizations == original.organizations
    assert variant_ds.relationships == original.relationships


def test_json_dataset_reads_like_the_csv_folder(tmp_path):
    ds = read_dataset(SMALL)
    document = {
        "organizations": [{**o.properties, **({"zone": o.zone} if o.zone else {}),
                           **({"street": o.street} if o.street else {})}
                          for o in ds.organizations],
        "relationships": [{"source": r.source, "target": r.target, "type": r.type,
                           **r.properties} for r in ds.relationships if r.type != "LOCATED_IN"],
    }
    path = tmp_path / "small.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    from_json = read_dataset(path)
    assert [o.properties for o in from_json.organizations] == [
        o.properties for o in ds.organizations]
    assert from_json.relationship_counts() == ds.relationship_counts()


def test_every_problem_is_reported_at_once_with_file_line_column_and_value(tmp_path):
    folder = write(tmp_path / "bad", "\n".join([
        ORG_HEADER,
        "z,zone,北區,,,,,,,,",
        "e1,enterprize,甲,,huge,-1,1.5,,z9,,",
        "e2,enterprise,乙,,,,abc,branch,,,",
        "e2 ,enterprise,丙,,,,,,,,",
        "p1,party_org,黨委,,,,,,,,",
        ",enterprise,,,,,,,,,",
    ]), "\n".join([
        REL_HEADER,
        "p1,e2,COVERS,,,,",
        "e2,p1,COVERS,joint,,,",
        "p1,nobody,GUIDES,,,,",
        "e2,e2,PARTNERS_WITH,,,,",
        "p1,e2,FRIENDS_WITH,,,,",
        "p1,e2,COVERS,sideways,,,",
        "z,e2,INCUBATES,,16,,",
    ]))
    found = "\n".join(problems_of(folder))
    expected = [
        "organizations.csv, line 3, column 2 (type): 'enterprize': unknown type (did you mean "
        "'enterprise'?)",
        "organizations.csv, line 3, column 5 (size): 'huge': unknown size",
        "organizations.csv, line 3, column 6 (employees): '-1': expected a whole number",
        "organizations.csv, line 3, column 7 (party_members): '1.5': expected a whole number",
        "organizations.csv, line 3, column 9 (zone): 'z9': no zone row has this id or name",
        "organizations.csv, line 4, column 7 (party_members): 'abc': expected a whole number",
        "organizations.csv, line 4, column 8 (level): 'branch': level applies to party "
        "organizations only",
        "organizations.csv, line 5, column 1 (id): 'e2': duplicate id; first used at line 4 "
        "(the two differ only in spaces)",
        "organizations.csv, line 7, column 1 (id): a value for 'id' is required",
        "organizations.csv, line 7, column 3 (name): a value for 'name' is required",
        "relationships.csv, line 2, column 4 (mode): COVERS needs a mode",
        "relationships.csv, line 3, column 3 (type): 'COVERS': COVERS cannot go from an "
        "enterprise to a party_org",
        "relationships.csv, line 4, column 2 (target): 'nobody': no organization has this id",
        "relationships.csv, line 5, column 2 (target): 'e2': a relationship cannot join an "
        "organization to itself",
        "relationships.csv, line 6, column 3 (type): 'FRIENDS_WITH': unknown relationship type",
        "relationships.csv, line 7, column 4 (mode): 'sideways': unknown mode",
        "relationships.csv, line 8, column 5 (since): '16': expected a year",
        "relationships.csv, line 8, column 3 (type): 'INCUBATES': INCUBATES cannot go from a "
        "zone to an enterprise",
    ]
    for message in expected:
        assert message in found, f"missing: {message}\n--- got:\n{found}"


def test_header_problems_name_the_closest_known_column(tmp_path):
    """A near miss of a contract column is refused; a column of the user's own is kept."""
    folder = write(tmp_path / "h", "id,type,name,party_member,colour\nz,zone,北區,,\n")
    found = problems_of(folder)
    [problem] = found  # (colour is a column of the user's own)
    assert problem.startswith("organizations.csv, line 1, column 4: 'party_member': unknown "
                              "column (did you mean 'party_members'?)")


def test_missing_required_column(tmp_path):
    found = problems_of(write(tmp_path / "m", "id,name\nz,北區\n"))
    assert found == ["organizations.csv, line 1: required column 'type' is missing; the "
                     "header must name id, type, name"]


def test_empty_file_and_header_only(tmp_path):
    assert "the file is empty" in problems_of(write(tmp_path / "e", ""))[0]
    assert "there are no organizations" in problems_of(write(tmp_path / "h", ORG_HEADER))[0]


def test_invalid_bytes_name_the_line(tmp_path):
    data = (ORG_HEADER + "\nz,zone,北區,,,,,,,,\n").encode() + b"e,enterprise,\xff\xfe,,,,,,,,\n"
    folder = tmp_path / "bytes"
    folder.mkdir()
    (folder / "organizations.csv").write_bytes(data)
    found = problems_of(folder)
    assert len(found) == 1 and "line 3" in found[0] and "mixes encodings" in found[0]


def test_truncated_quoted_field(tmp_path):
    """What was wrong in the rows read before an unclosed quote is told first."""
    found = problems_of(write(tmp_path / "t", ORG_HEADER + '\nz,zone,北區\nz,zone,"北區,,,,,,,,\n'))
    assert found[0].startswith("organizations.csv, line 2: the row has 3 fields but the header "
                               "has 11")
    assert "line 3: the CSV cannot be read" in found[1] and "unclosed quote" in found[1]


def test_malformed_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"organizations": [\n  {"id": "z", "type": "zone",}\n]}', encoding="utf-8")
    found = problems_of(path)
    assert found[0].startswith("bad.json, line 2, column")


def test_json_problems_name_the_json_path(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"organizations": [
        {"id": "z", "type": "zone", "name": "北區"},
        {"id": "e", "type": "enterprise", "name": "甲", "party_members": -2, "zone": "q"}]}),
        encoding="utf-8")
    found = problems_of(path)
    assert "bad.json, $.organizations[1].party_members: '-2': expected a whole number" in \
        "\n".join(found)
    assert any("$.organizations[1].zone: 'q'" in p for p in found)


def test_duplicate_relationship_is_refused_not_merged(tmp_path):
    folder = tmp_path / "dup"
    shutil.copytree(SMALL, folder)
    with (folder / "relationships.csv").open("a", encoding="utf-8") as f:
        f.write("uni-1,inc-1,PARTNERS_WITH,,,,\n")
    assert any("the same relationship is already given at line 7" in p
               for p in problems_of(folder))


def test_the_reader_numbers_each_relationships_ends(tmp_path):
    """The bulk load maps ends to node positions from these numbers, not by id."""
    from graphmodel.dataset import Dataset
    from graphmodel.synth import generate

    generate(800, 2, tmp_path / "district")
    for path in (SMALL, tmp_path / "district"):
        dataset = read_dataset(path)
        assert dataset.ends is not None
        ids = [org.id for org in dataset.organizations]
        pairs = [(ids[dataset.ends[2 * k]], ids[dataset.ends[2 * k + 1]])
                 for k in range(len(dataset.relationships))]
        assert pairs == [(rel.source, rel.target) for rel in dataset.relationships]
        by_hand = Dataset(dataset.organizations, dataset.relationships)
        assert by_hand.end_numbers() == dataset.ends


BAD_RELATIONSHIPS = [
    ("po-big,e-big,COVERS,standalone,2015,,", "already given"),        # a duplicate
    ("uni-1,inc-1,partners_with,,,,", "already given"),                 # the same, reversed
    ("e-big,e-big,PARTNERS_WITH,,,,", "cannot join an organization to itself"),
    ("po-big,e-nowhere,COVERS,joint,,,", "no organization has this id"),
    ("po-big,e-shop,COVERS,,,,", "COVERS needs a mode"),
    ("e-big,e-shop,PARTNERS_WITH,joint,,,", "mode applies to COVERS only"),
    ("e-big,po-big,COVERS,joint,,,", "COVERS cannot go from"),
    ("po-big,e-shop,COVERS_ALL,joint,,,", "unknown relationship type"),
]


@pytest.mark.parametrize("chunk", [2, 50_000])
@pytest.mark.parametrize("row, message", BAD_RELATIONSHIPS)
def test_a_bad_relationship_is_found_in_any_part_of_a_long_file(tmp_path, monkeypatch, chunk,
                                                                row, message):
    """Relationships are checked a part at a time, a clean part whole: a problem is found
    wherever it lies, against rows of earlier parts too (a duplicate), with its line."""
    import graphmodel.dataset as dataset

    monkeypatch.setattr(dataset, "CHUNK_ROWS", chunk)
    folder = tmp_path / "d"
    shutil.copytree(SMALL, folder)
    with (folder / "relationships.csv").open("a", encoding="utf-8") as f:
        f.write(row + "\n")
    line = len((folder / "relationships.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(DatasetError) as raised:
        read_dataset(folder)
    [problem] = [p for p in raised.value.problems if message in str(p)]
    assert problem.line == line


@pytest.mark.parametrize("chunk", [1, 2, 50_000])
def test_a_problem_after_cells_holding_line_breaks_names_its_line(tmp_path, monkeypatch,
                                                                   chunk):
    """A quoted cell may hold line breaks (a note of several lines, in a file written with
    either line end): the problems of the records after it name the lines they are on."""
    import graphmodel.dataset as dataset

    monkeypatch.setattr(dataset, "CHUNK_ROWS", chunk)
    folder = write(tmp_path / "d", "\r\n".join([
        ORG_HEADER,
        'z,zone,北區,,,,,,,,"visited twice:\r\nMay and June"',  # lines 2-3
        "e1,enterprise,甲,,,,,,z,,",
        'e2,enterprise,乙,,,,,,z,,"a\nb\nc"',  # lines 5-7
        "e3,enterprise,丙,,huge,,,,z,,",
    ]) + "\r\n", "\n".join([
        REL_HEADER,
        'e1,e2,PARTNERS_WITH,,,"met at\nthe fair",',  # lines 2-3
        "e2,e1,PARTNERS_WITH,,,,",
        "e2,nobody,PARTNERS_WITH,,,,",
    ]) + "\n")
    assert problems_of(folder) == [
        "organizations.csv, line 8, column 5 (size): 'huge': unknown size; expected one of "
        "above_scale, sme, micro, individual",
        "relationships.csv, line 4, column 3 (type): 'PARTNERS_WITH': the same relationship "
        "is already given at line 2",
        "relationships.csv, line 5, column 2 (target): 'nobody': no organization has this id",
    ]


def test_clean_parts_give_the_same_dataset_as_rows_one_by_one(monkeypatch):
    import graphmodel.dataset as dataset

    whole = read_dataset(SMALL)
    monkeypatch.setattr(dataset, "CHUNK_ROWS", 3)
    assert read_dataset(SMALL) == whole
    for doubt in ("_organizations_in_doubt", "_relationships_in_doubt"):  # every row alone
        monkeypatch.setattr(dataset, doubt, lambda cells, *args: set(range(cells.count)))
    assert read_dataset(SMALL) == whole
