"""Registers saved in the encodings Chinese offices use are read as they were written.

The registers are real ones of this project (the Pingfang example, in Traditional characters)
and a Simplified one as a mainland office keeps it, saved as Excel or Notepad saves them:
GBK/GB18030, Big5, UTF-16 with BOM, UTF-8 with BOM. Each must read exactly as its UTF-8
original; text whose encoding cannot be told is refused (exit 2, nothing written) naming the
candidates and ``load --encoding``, never loaded as mojibake.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graphmodel.cli import main
from graphmodel.dataset import DatasetError, read_dataset

PINGFANG = Path(__file__).parent.parent / "examples" / "pingfang"
#: a register as a district office in the mainland writes it: Simplified characters
SIMPLIFIED = {
    "organizations.csv": """编号,类型,名称,行业,规模,职工人数,党员人数,层级,所属片区,所属街道,来源
zone-gyy,片区,工业园片区,,,,,,,,平房区两新组织台账
street-xw,街道,新伟街道,,,,,,,,平房区两新组织台账
street-xj,街道,兴建街道,,,,,,,,平房区两新组织台账
ent-dongan,企业,哈尔滨东安汽车发动机制造有限公司,汽车制造,规上企业,3200,410,,zone-gyy,street-xw,走访记录
ent-jjw,企业,佳家旺超市,仓买百货,个体工商户,6,0,,,street-xw,走访记录
ent-hfd,企业,哈飞汽车零部件配套厂,汽车零部件,中小企业,180,12,,,street-xj,走访记录
inc-kj,孵化器,平房科技企业孵化器,科技服务,,25,4,,zone-gyy,street-xj,走访记录
p-xw,党组织,新伟街道党工委,,,,,党委,,street-xw,组织部名册
p-lh,党组织,仓买百货行业联合党支部,,,,,党支部,,street-xw,组织部名册
""",
    "relationships.csv": """来源,目标,类型,组建方式,起始时间,备注
p-lh,ent-jjw,COVERS,联合组建,2017,行业联合
p-xw,p-lh,SUBORDINATE_TO,,,
p-xw,ent-dongan,COVERS,单独组建,2016,
inc-kj,ent-hfd,INCUBATES,,2015,
""",
}


def register(folder: Path, files: dict[str, str], encoding: str, bom: bytes = b"") -> Path:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_bytes(bom + text.encode(encoding))
    return folder


def pingfang() -> dict[str, str]:
    return {name: (PINGFANG / name).read_text(encoding="utf-8")
            for name in ("organizations.csv", "relationships.csv")}


def same(first, second) -> bool:
    return (first.organizations, first.relationships) == (second.organizations,
                                                           second.relationships)


def load(db: Path, path: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), "--graph", f"t{uuid.uuid4().hex[:8]}",
                                     "load", str(path), "--format", "json", *args])


ENCODINGS = {  # how each is written: the codec, and the byte-order mark Windows puts first
    "gbk": ("gbk", b""), "gb18030": ("gb18030", b""), "utf-8-bom": ("utf-8", b"\xef\xbb\xbf"),
    "utf-16le-bom": ("utf-16-le", b"\xff\xfe"), "utf-16be-bom": ("utf-16-be", b"\xfe\xff"),
}


@pytest.mark.parametrize("encoding", [*ENCODINGS, "big5", "cp950"])
def test_the_traditional_pingfang_register_reads_as_written(tmp_path, encoding):
    codec, bom = ENCODINGS.get(encoding, (encoding, b""))
    files = pingfang()
    # (its one superscript ², in a quote, is in no Big5 table)
    files = {name: text.replace("²", "2") for name, text in files.items()}
    original = read_dataset(register(tmp_path / "utf8", files, "utf-8"))
    assert same(read_dataset(register(tmp_path / encoding, files, codec, bom)), original)


@pytest.mark.parametrize("encoding", [name for name in ENCODINGS if name != "big5"])
def test_a_simplified_register_reads_as_written(tmp_path, encoding):
    codec, bom = ENCODINGS[encoding]
    original = read_dataset(register(tmp_path / "utf8", SIMPLIFIED, "utf-8"))
    read = read_dataset(register(tmp_path / encoding, SIMPLIFIED, codec, bom))
    assert same(read, original)
    assert read.organizations[3].properties["name"] == "哈尔滨东安汽车发动机制造有限公司"


@pytest.mark.parametrize("encoding", ["big5", "gbk", "utf-16"])
def test_a_json_register_reads_as_written(tmp_path, encoding):
    document = {"organizations": [
        {"id": "z1", "type": "zone", "name": "工業園片區"},
        {"id": "e1", "type": "enterprise", "name": "哈爾濱東安汽車發動機製造有限公司",
         "zone": "z1", "provenance": "黑龍江日報 2017-08-28"}], "relationships": []}
    text = json.dumps(document, ensure_ascii=False)
    path = tmp_path / "register.json"
    path.write_bytes(text.encode(encoding))  # (Python's utf-16 writes the BOM)
    original = tmp_path / "utf8.json"
    original.write_text(text, encoding="utf-8")
    assert same(read_dataset(path), read_dataset(original))


def test_a_big5_register_loads_exactly_not_as_mojibake(db_folder, tmp_path):
    files = {name: text.replace("²", "2") for name, text in pingfang().items()}
    result = load(db_folder, register(tmp_path / "big5", files, "big5"))
    assert result.exit_code == 0, result.output
    utf8 = load(db_folder, register(tmp_path / "utf8", files, "utf-8"))
    assert json.loads(result.stdout)["labels"] == json.loads(utf8.stdout)["labels"]


def refused(result: Result, *expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "nothing was written" in result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


LATIN = ("id,type,name,provenance\nz1,zone,Zürich Nord,Café Müller\n"
         "e1,enterprise,Société Générale,\n")


def test_latin1_text_is_refused_naming_candidates_and_loads_when_told(db_folder, tmp_path):
    folder = register(tmp_path / "latin", {"organizations.csv": LATIN}, "latin-1")
    refused(load(db_folder, folder), "organizations.csv, line 2, column", "not UTF-8",
            "nor Chinese text in GB18030 or Big5", "it may be cp1252", "--encoding cp1252")
    result = load(db_folder, folder, "--encoding", "latin-1")
    assert result.exit_code == 0, result.output
    names = {o.properties["name"] for o in read_dataset(folder, "latin-1").organizations}
    assert names == {"Zürich Nord", "Société Générale"}


def test_text_that_reads_as_chinese_in_two_encodings_is_refused_until_told(db_folder,
                                                                           tmp_path):
    """哈尔滨 in GBK is also 3 common characters in Big5: nothing tells them apart."""
    text = "id,type,name\nz1,zone,哈尔滨\n"
    folder = register(tmp_path / "short", {"organizations.csv": text}, "gbk")
    assert text.encode("gbk").decode("big5") != text
    refused(load(db_folder, folder), "its encoding is doubtful",
            "reads as Chinese text both in gb18030 and in big5", "--encoding gb18030")
    assert load(db_folder, folder, "--encoding", "gbk").exit_code == 0
    assert read_dataset(folder, "gbk").organizations[0].properties["name"] == "哈尔滨"


def test_utf16_without_a_byte_order_mark_is_refused_until_told(db_folder, tmp_path):
    folder = register(tmp_path / "utf16", SIMPLIFIED, "utf-16-le")
    refused(load(db_folder, folder), "looks like UTF-16", "--encoding utf-16-le")
    assert load(db_folder, folder, "--encoding", "utf-16-le").exit_code == 0


def test_a_damaged_byte_in_gbk_text_is_located(tmp_path):
    data = SIMPLIFIED["organizations.csv"].encode("gbk")
    cut = data.index("佳家旺".encode("gbk"))
    folder = tmp_path / "damaged"
    folder.mkdir()
    (folder / "organizations.csv").write_bytes(data[:cut] + b"\x81\x20" + data[cut:])
    with pytest.raises(DatasetError) as error:
        read_dataset(folder)
    assert "organizations.csv, line 6, column 14: byte 0x81 is not gb18030" in str(error.value)


def test_a_wrong_or_unknown_encoding_is_refused(db_folder, tmp_path):
    folder = register(tmp_path / "gbk", SIMPLIFIED, "gbk")
    refused(load(db_folder, folder, "--encoding", "utf-8"), "organizations.csv, line 1",
            "is not utf-8")
    result = load(db_folder, folder, "--encoding", "klingon")
    assert result.exit_code == 2 and "'klingon' is no text encoding" in result.output
    workbook = tmp_path / "register.xlsx"
    workbook.write_bytes(b"PK")
    refused(load(db_folder, workbook, "--encoding", "gbk"), "a workbook keeps its own")
