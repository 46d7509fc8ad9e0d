"""The public Python API (graphmodel/__init__.py): each function gives what its command gives.

A notebook user calls ``graphmodel.coverage(store)`` where a shell user runs
``graphmodel coverage``; ``.to_dict()`` of every result must be exactly the command's
``--format json``, on both engines, and the library prints nothing.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from importlib import resources

import pytest

import graphmodel as gm
from graphmodel.demo import example_path


@pytest.fixture
def district(tmp_path):
    folder = tmp_path / "district"
    gm.generate(2500, folder, seed=3)
    return folder


def as_json(result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_result_is_its_commands_json(store, cli, district, tmp_path, capsys):
    loaded = gm.load(store, gm.read_dataset(district))
    assert loaded.to_dict()["nodes"] == gm.stats(store).nodes
    assert gm.stats(store).to_dict() == as_json(cli("stats", "--format", "json"))
    for by, target in ((None, None), ("street", 0.68), ("industry", None)):
        options = (["--by", by] if by else []) + (["--target", str(target)] if target else [])
        assert gm.coverage(store, by=by, target=target).to_dict() == as_json(
            cli("coverage", *options, "--format", "json")), by
    assert gm.plan(store).to_dict() == as_json(cli("plan", "--format", "json"))
    for method in ("networkx", "igraph"):
        assert gm.clusters(store, method=method).to_dict() == as_json(
            cli("clusters", "--method", method, "--format", "json"))
    assert gm.query(store, saved="should-build", params={"min_members": 5}).to_dict() == \
        as_json(cli("query", "--saved", "should-build", "-p", "min_members=5", "--format",
                    "json"))
    statement = "MATCH (z:Zone) RETURN z.id AS id, z.name AS name ORDER BY id"
    assert gm.query(store, statement).to_dict() == as_json(cli("query", statement, "--format",
                                                               "json"))
    exported = gm.export(store, tmp_path / "api.json").to_dict()
    by_command = as_json(cli("export", "-o", str(tmp_path / "cli.json"), "--format", "json"))
    assert {**exported, "path": None} == {**by_command, "path": None}
    again = gm.load(store, district)  # (a path will do)
    assert again.to_dict() == as_json(cli("load", str(district), "--format", "json"))
    capsys.readouterr()  # (the CLI's own output)
    gm.coverage(store, by="zone")
    gm.plan(store)
    assert capsys.readouterr() == ("", "")  # library code prints nothing


def test_generate_and_view_report_what_they_wrote(store, tmp_path, capsys):
    report = gm.generate(300, tmp_path / "d", seed=9)
    assert report.to_dict()["nodes"] == report.nodes > 300
    with pytest.raises(gm.UsageError, match="already holds"):
        gm.generate(300, tmp_path / "d", seed=9)  # (refused without force, nothing written)
    gm.load(store, tmp_path / "d")
    page = gm.view(store, tmp_path / "all.html", summary=True)
    assert page.to_dict()["path"] == str(tmp_path / "all.html")
    assert (tmp_path / "all.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert capsys.readouterr() == ("", "")


def test_to_networkx_keeps_every_property_and_types_as_edge_keys(store):
    gm.load(store, example_path("pingfang"))
    store.run("MATCH (z:Zone) WITH z ORDER BY z.id LIMIT 1 SET z.note = '試點', z.rank = 1",
              write=True)
    store.run("CREATE (:Note {text: 'no id'})", write=True)
    graph = gm.to_networkx(store)
    counts = gm.stats(store)
    assert graph.number_of_nodes() == counts.nodes and graph.number_of_edges() == counts.edges
    for labels, properties in store.run("MATCH (n) RETURN labels(n), properties(n)").rows:
        key = properties.get("id")
        if key is None:
            [key] = [k for k, data in graph.nodes(data=True) if data.get("text") == "no id"]
            assert key.startswith("~")
        assert graph.nodes[key] == {"labels": labels, **properties}
    for source, rel_type, target, properties in store.run(
            "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)").rows:
        assert graph.edges[source, target, rel_type] == {**properties, "type": rel_type}


def test_to_pandas_is_the_first_table(store):
    pd = pytest.importorskip("pandas")
    gm.load(store, example_path("pingfang"))
    report = gm.coverage(store, by="street")
    frame = report.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == report.tables()[0].columns
    assert frame["in_scope"].tolist()[-1] == report.total.in_scope


def test_version_typing_marker_and_module_entry():
    assert gm.__version__ == importlib.metadata.version("graphmodel")
    assert resources.files("graphmodel").joinpath("py.typed").is_file()
    done = subprocess.run([sys.executable, "-m", "graphmodel", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and gm.__version__ in done.stdout
    [script] = importlib.metadata.entry_points(group="console_scripts", name="graphmodel")
    assert script.value == "graphmodel.cli:main"  # (nothing named `cli` is installed)
