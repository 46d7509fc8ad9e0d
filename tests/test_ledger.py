"""The ledger (台賬): each street's figures are coverage's, each unit is listed once with
its status, coverer and planned action; streets and zones are found by id or by name."""

from __future__ import annotations

import json

import pytest

from graphmodel.analysis.coverage import coverage, unit_status
from graphmodel.analysis.ledger import ledger
from graphmodel.analysis.plan import plan
from graphmodel.analysis.projection import project
from graphmodel.dataset import read_dataset
from graphmodel.errors import UsageError
from graphmodel.loader import load
from graphmodel.synth import generate


@pytest.fixture
def district(store, tmp_path):
    generate(1500, 4, tmp_path / "district")
    load(store, read_dataset(tmp_path / "district"))
    return store


def test_figures_are_coverages_and_every_unit_is_listed_once(district):
    store = district
    report = ledger(store, target=0.68)
    by_street = {row.group: row for row in coverage(store, by="street", target=0.68).groups}
    assert {a.id for a in report.areas} == set(by_street)
    for area in report.areas:
        row = by_street[area.id]
        assert (area.in_scope, area.covered, area.work_only, area.uncovered,
                area.formation_rate, area.gap) == (row.in_scope, row.covered, row.work_only,
                                                   row.uncovered, row.formation_rate, row.gap)
        assert len(area.units) == area.in_scope
    projection = project(store)
    status = unit_status(projection)
    listed = {u.id: u for a in report.areas for u in a.units}
    assert set(listed) == set(status)
    for unit_id, unit in listed.items():
        expected = status[unit_id]
        assert (unit.mode or unit.status) == expected
        assert (unit.covered_by is not None) == (unit.status == "covered")
    actions = {r.unit: r.action for r in plan(projection).recommendations}
    assert {u: x.action for u, x in listed.items() if x.action} == actions


def test_streets_and_zones_by_id_or_name(district, cli):
    store = district
    whole = ledger(store)
    street = next(a for a in whole.areas if a.units and a.id != "(none)")
    assert [a.id for a in ledger(store, street=street.name).areas] == [street.id]
    assert ledger(store, street=street.id) == ledger(store, street=street.name)
    zone = street.zone
    in_zone = ledger(store, zone=whole.areas[0].zone_name)
    assert {a.zone for a in in_zone.areas} == {whole.areas[0].zone}
    assert street.id in {a.id for a in ledger(store, zone=zone).areas}
    with pytest.raises(UsageError, match="no street has this id or name"):
        ledger(store, street="no such street")
    store.run("CREATE (:Street {id: 'twin', name: $name})", {"name": street.name}, write=True)
    with pytest.raises(UsageError, match="2 streets have this name"):
        ledger(store, street=street.name)
    data = json.loads(cli("ledger", "--street", street.id, "--format", "json").stdout)
    assert data["areas"][0]["units"][0].keys() >= {"id", "name", "status", "mode",
                                                    "covered_by", "action", "host", "group"}
    bad = cli("ledger", "--zone", "nowhere")
    assert bad.exit_code == 2 and "no zone has this id or name" in bad.stderr
