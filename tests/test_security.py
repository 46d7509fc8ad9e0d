"""Misuse: hostile values stay values, secrets stay secret, spreadsheets run no formulas."""

from __future__ import annotations

import csv
import io
import json
import stat

from click.testing import CliRunner

from cli import main
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


def test_csv_output_neutralizes_spreadsheet_formulas(cli):
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


def test_data_folder_and_socket_are_owner_only(fresh_folder):
    fresh_folder.mkdir(parents=True, mode=0o755)
    fresh_folder.chmod(0o755)  # a folder made too open by hand is tightened
    result = CliRunner().invoke(main, ["--db", str(fresh_folder), "db", "start"])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(fresh_folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((fresh_folder / "falkordb.sock").stat().st_mode) == 0o700
    CliRunner().invoke(main, ["--db", str(fresh_folder), "db", "stop"])


def test_parameters_the_engine_cannot_take_are_a_usage_error(cli):
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
