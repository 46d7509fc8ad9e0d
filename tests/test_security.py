"""Misuse: hostile values stay values, secrets stay secret, spreadsheets run no formulas."""

from __future__ import annotations

import csv
import io
import json
import stat

from click.testing import CliRunner

from graphmodel.cli import main
from graphmodel.dataset import read_dataset
from graphmodel.loader import load

ORG_HEADER = "id,type,name,industry,size,employees,party_members,level,zone,street,provenance"
HOSTILE = [
    "x'}) DETACH DELETE n //",
    'x"}) MATCH (m) DETACH DELETE m RETURN 1 //',
    "\\' OR 1=1 --",
    "$rows",
    "`backtick` {id: 1}",
    "=HYPERLINK(\"http://example.invalid\",\"click\")",
]


def test_hostile_names_are_stored_literally_and_harm_nothing(store, tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ORG_HEADER.split(","))
    writer.writerow(["z1", "zone", "北區"] + [""] * 8)
    for i, name in enumerate(HOSTILE):
        writer.writerow([f"e{i}", "enterprise", name, name, "", "", "", "", "z1", "", name])
    (folder / "organizations.csv").write_text(out.getvalue(), encoding="utf-8")
    load(store, read_dataset(folder))
    rows = store.run("MATCH (e:Enterprise) RETURN e.id, e.name, e.industry, e.provenance "
                     "ORDER BY e.id").rows
    assert rows == [[f"e{i}", name, name, name] for i, name in enumerate(HOSTILE)]
    assert store.counts().labels == {"Enterprise": len(HOSTILE), "Zone": 1}
    for name in HOSTILE:  # and as a query parameter
        assert store.run("MATCH (e:Enterprise {name: $name}) RETURN count(e)",
                         {"name": name}).rows == [[1]]


def test_csv_output_neutralizes_spreadsheet_formulas(cli, empty_graph):
    result = cli("query", "RETURN '=1+1' AS a, '+SUM(A1)' AS b, '-2+3' AS c, '@cmd' AS d, "
                 "-5 AS n, 'plain' AS e", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["a,b,c,d,n,e", "'=1+1,'+SUM(A1),'-2+3,'@cmd,-5,plain"]


def test_neo4j_password_never_appears_in_output(monkeypatch):
    secret = "s3cr3t-Pa55word-that-must-not-leak"
    monkeypatch.setenv("NEO4J_USERNAME", "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", secret)
    for uri in ("neo4j://127.0.0.1:9", "bolt://127.0.0.1:9"):
        result = CliRunner().invoke(main, ["--db", uri, "stats"])
        assert result.exit_code == 1
        assert "cannot reach Neo4j" in result.output
        assert secret not in result.output


def test_credentials_written_inside_the_uri_log_in_and_never_show(neo4j_uri, monkeypatch,
                                                                   tmp_path):
    """neo4j://user:password@host is used as the login; no message repeats the password, the
    URI holding it, or the wrong password given that way."""
    import os

    password = os.environ["NEO4J_PASSWORD"]
    host = neo4j_uri.split("://", 1)[1]
    monkeypatch.delenv("NEO4J_PASSWORD")
    monkeypatch.delenv("NEO4J_USERNAME")
    good = f"bolt://neo4j:{password}@{host}"
    result = CliRunner().invoke(main, ["--db", good, "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert password not in result.output
    wrong = "Wr0ng-pa55word-in-the-uri"
    for uri in (f"bolt://neo4j:{wrong}@{host}", f"neo4j://neo4j:{wrong}@127.0.0.1:9",
                f"neo4j://neo4j:{wrong}@[::1", f"bolt://neo4j:{password}@127.0.0.1:9"):
        result = CliRunner().invoke(main, ["--db", uri, "stats"])
        assert result.exit_code in (1, 2), result.output
        assert result.output.startswith("error: ") and "Traceback" not in result.output
        assert wrong not in result.output and password not in result.output, result.output
    # the same URI from $GRAPHMODEL_DB: a Neo4j store, no local folder named after it
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRAPHMODEL_DB", good)
    for args in (["stats"], ["db", "status"], ["export", "-o", "out"]):
        result = CliRunner().invoke(main, args)
        assert password not in result.output
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_data_folder_and_socket_are_owner_only(fresh_folder):
    fresh_folder.mkdir(parents=True, mode=0o755)
    fresh_folder.chmod(0o755)  # a folder made too open by hand is tightened
    result = CliRunner().invoke(main, ["--db", str(fresh_folder), "db", "start"])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(fresh_folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((fresh_folder / "falkordb.sock").stat().st_mode) == 0o700
    CliRunner().invoke(main, ["--db", str(fresh_folder), "db", "stop"])


def test_parameters_the_engine_cannot_take_are_a_usage_error(cli, empty_graph):
    """FalkorDB's native client cannot send a map key with a backtick; Neo4j's Bolt can."""
    result = cli("query", "--format", "json", "RETURN $x AS x", "-p", 'x={"a`b": 1}')
    if cli.db.startswith("bolt"):
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == [{"x": {"a`b": 1}}]
    else:
        assert result.exit_code == 2
        assert "query parameters" in result.stderr


def test_graph_names_with_a_tilde_are_refused(db_folder):
    result = CliRunner().invoke(main, ["--db", str(db_folder), "--graph", "~empty", "stats"])
    assert result.exit_code == 2 and "must not be empty or contain '~'" in result.stderr


def test_control_characters_in_values_never_reach_the_terminal(cli, empty_graph):
    """ANSI and OSC escapes, BEL and a bidi override in a value are shown escaped in tables;
    CJK text and its ideographic space are shown as they are."""
    result = cli("query", "RETURN $a AS a, $b AS b, $c AS c, $d AS `x\u001b[2Jy`",
                 "-p", 'a="\u001b]0;pwned\u0007"', "-p", 'b="\u001b[31m紅字"',
                 "-p", 'c="\u202eevil"', "-p", 'd="平房區\u3000新偉街"')
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert not any(char in out for char in "\u001b\u0007\u202e"), repr(out)
    assert "\\x1b]0;pwned\\x07" in out and "\\x1b[31m紅字" in out and "\\u202eevil" in out
    assert "平房區\u3000新偉街" in out and "x\\x1b[2Jy" in out


def test_query_parameters_outside_64_bits_or_nested_too_deep_are_refused(cli, empty_graph):
    """A number the engines cannot hold is refused (FalkorDB clamped it), never clamped; a
    parameter nested absurdly deep is a plain error, not a traceback."""
    for value in ("9223372036854775808", "-9223372036854775809", '[1, {"a": 1e400}]',
                  '{"a": [99999999999999999999999]}', "[" * 5000 + "]" * 5000):
        result = cli("query", "RETURN $x AS x", "-p", f"x={value}")
        if "1e400" in value:  # (JSON reads 1e400 as infinity: a float, not a whole number)
            continue
        assert result.exit_code == 2, (value[:40], result.output)
        assert result.stderr.startswith("error: parameter x: ") and "Traceback" not in \
            result.output
    result = cli("query", "--format", "json", "RETURN $x AS x", "-p",
                 "x=[9223372036854775807, -9223372036854775808]")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"x": [2**63 - 1, -(2**63)]}]
