"""Synthetic districts: deterministic, valid in the data contract, realistic in shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel import loader, schema, synth
from graphmodel.analysis.coverage import coverage
from graphmodel.cli import main
from graphmodel.dataset import Dataset, read_dataset
from graphmodel.store.base import GraphStore
from tests.conftest import Cli

FILES = ("organizations.csv", "relationships.csv")


def _bytes(folder: Path) -> list[bytes]:
    return [(folder / name).read_bytes() for name in FILES]


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> tuple[synth.GenerateReport, Dataset]:
    """One 20,000-unit district, generated and read once for the shape tests."""
    folder = tmp_path_factory.mktemp("district")
    report = synth.generate(20_000, seed=11, out_dir=folder)
    return report, read_dataset(folder)


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    synth.generate(2_000, seed=3, out_dir=tmp_path / "a")
    synth.generate(2_000, seed=3, out_dir=tmp_path / "b")
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")


def test_same_seed_identical_under_another_hash_seed(tmp_path: Path) -> None:
    """No set or dict order of strings leaks into the files."""
    synth.generate(1_000, seed=5, out_dir=tmp_path / "a")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", "import sys; from graphmodel import synth; "
                    "synth.generate(1000, 5, sys.argv[1])", str(tmp_path / "b")],
                   env=env, check=True, cwd=Path(__file__).parent.parent)
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")


def test_another_seed_gives_other_files(tmp_path: Path) -> None:
    synth.generate(2_000, seed=3, out_dir=tmp_path / "a")
    synth.generate(2_000, seed=4, out_dir=tmp_path / "b")
    a, b = _bytes(tmp_path / "a"), _bytes(tmp_path / "b")
    assert a[0] != b[0] and a[1] != b[1]


@pytest.mark.parametrize("orgs", [100, 2_000])
def test_validates_clean_and_report_matches(tmp_path: Path, orgs: int) -> None:
    report = synth.generate(orgs, seed=orgs, out_dir=tmp_path)
    dataset = read_dataset(tmp_path)  # raises DatasetError on any problem
    assert dataset.label_counts() == dict(sorted(
        (schema.LABELS[t], n) for t, n in report.organizations.items()))
    assert dataset.relationship_counts() == dict(sorted(report.relationships.items()))
    assert sum(n for t, n in report.organizations.items()
               if t in schema.UNIT_TYPES) == orgs


def test_too_few_orgs_is_a_usage_error(tmp_path: Path) -> None:
    from graphmodel.errors import UsageError

    with pytest.raises(UsageError, match="at least"):
        synth.generate(5, seed=1, out_dir=tmp_path)


def test_every_type_mode_and_level(district: tuple[synth.GenerateReport, Dataset]) -> None:
    report, dataset = district
    assert set(report.organizations) == set(schema.LABELS)
    assert set(report.relationships) == set(schema.RELATIONSHIPS)
    modes = Counter(r.properties["mode"] for r in dataset.relationships if r.type == "COVERS")
    assert set(modes) == set(schema.ENUMS["mode"])
    levels = Counter(o.properties.get("level") for o in dataset.organizations
                     if o.type == "party_org")
    assert set(levels) == set(schema.ENUMS["level"])
    assert levels["branch"] > levels["committee"] > 0 and levels["general_branch"] > 0
    assert report.relationships["GUIDES"] > 0
    industries = {o.properties.get("industry") for o in dataset.organizations
                  if o.type == "enterprise"}
    assert len(industries) >= 20 and "倉買百貨" in industries and "機械加工" in industries


def test_counts_are_heavy_tailed_with_some_unknown(
        district: tuple[synth.GenerateReport, Dataset]) -> None:
    _, dataset = district
    units = [o for o in dataset.organizations if o.type in schema.IN_SCOPE_TYPES]
    members = [o.properties.get("party_members") for o in units]
    employees = [o.properties.get("employees") for o in units]
    share = Counter("unknown" if m is None else "0-2" if m < 3 else "3-50" if m <= 50
                    else "51-99" if m < 100 else "100+" for m in members)
    assert 0.03 < share["unknown"] / len(units) < 0.08
    assert share["0-2"] / len(units) > 0.7
    assert 0.03 < share["3-50"] / len(units) < 0.2
    assert 0 < share["100+"] < share["3-50"] / 5
    assert 0.01 < employees.count(None) / len(units) < 0.06
    known = sorted(e for e in employees if e is not None)
    assert known[len(known) // 2] < 20 and known[-1] > 2_000  # small median, long tail
    sizes = Counter(o.properties.get("size") for o in units if o.type == "enterprise")
    assert set(sizes) == set(schema.ENUMS["size"])
    assert sizes["above_scale"] < sizes["sme"] < sizes["micro"]


def test_party_organizations_follow_the_rules(
        district: tuple[synth.GenerateReport, Dataset]) -> None:
    _, dataset = district
    orgs = {o.id: o for o in dataset.organizations}
    covers: dict[str, list[str]] = {}
    for rel in dataset.relationships:
        if rel.type == "COVERS":
            if rel.properties["mode"] == "joint":
                covers.setdefault(rel.source, []).append(rel.target)
            if rel.properties["mode"] == "standalone":
                unit, party = orgs[rel.target], orgs[rel.source]
                members = unit.properties["party_members"]
                assert members >= 3
                assert party.properties["level"] == synth.level_for(members)
    joint = sorted(covers)  # joint branches (they may also host affiliated units)
    for branch in joint:
        units = [orgs[u] for u in covers[branch]]
        assert 2 <= len(units) <= 5
        assert len({u.street for u in units}) == 1
        assert sum(u.properties.get("party_members", 0) for u in units) >= 3
    superiors = {r.source: r.target for r in dataset.relationships
                 if r.type == "SUBORDINATE_TO"}
    assert all(orgs[superiors[b]].properties["level"] == "committee" for b in joint)
    guided = [r for r in dataset.relationships if r.type == "GUIDES"]
    covered = {r.target for r in dataset.relationships if r.type == "COVERS"}
    assert guided and not any(r.target in covered for r in guided)
    assert all(orgs[r.source].properties["level"] == "committee" for r in guided)


def test_geography_and_cooperation(district: tuple[synth.GenerateReport, Dataset]) -> None:
    _, dataset = district
    units = [o for o in dataset.organizations if o.type in schema.UNIT_TYPES]
    assert all(o.zone and o.street for o in units)
    zones_of_street: dict[str, set[str]] = {}
    for o in units:
        zones_of_street.setdefault(o.street or "", set()).add(o.zone or "")
    assert all(len(zones) == 1 for zones in zones_of_street.values())
    zones = sum(1 for o in dataset.organizations if o.type == "zone")
    streets = sum(1 for o in dataset.organizations if o.type == "street")
    assert zones == 12 and 6 * zones <= streets <= 10 * zones
    orgs = {o.id: o for o in dataset.organizations}
    partners = [r for r in dataset.relationships if r.type == "PARTNERS_WITH"]
    same_zone = sum(orgs[r.source].zone == orgs[r.target].zone for r in partners)
    same_both = sum(orgs[r.source].zone == orgs[r.target].zone
                    and orgs[r.source].properties.get("industry")
                    == orgs[r.target].properties.get("industry") for r in partners)
    assert same_both / len(partners) > 0.6
    assert 0.01 < 1 - same_zone / len(partners) < 0.15  # bridges between zones
    incubated = [r for r in dataset.relationships if r.type == "INCUBATES"]
    in_zone = sum(orgs[r.source].zone == orgs[r.target].zone for r in incubated)
    assert in_zone / len(incubated) > 0.7
    per_org = len(dataset.relationships) / len(units)
    assert 3 <= per_org <= 4.2


def test_loaded_district_has_a_plausible_coverage(tmp_path: Path, store: GraphStore) -> None:
    report = synth.generate(2_000, seed=8, out_dir=tmp_path)
    loader.load(store, read_dataset(tmp_path))
    total = coverage(store).total
    assert total.in_scope == report.in_scope
    assert total.covered == report.covered
    assert 0.4 <= total.formation_rate <= 0.7
    assert total.work_only == report.guided
    assert total.uncovered > 0 and all(
        getattr(total, mode) > 0 for mode in schema.ENUMS["mode"])


def test_generate_command(tmp_path: Path) -> None:
    cli = Cli(str(tmp_path / "db"), None)
    out = tmp_path / "district"
    result = cli("generate", "--orgs", "300", "--seed", "4", "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["orgs"] == 300 and payload["seed"] == 4
    assert payload["nodes"] == len(read_dataset(out).organizations)
    again = cli("generate", "--orgs", "300", "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.output
    forced = cli("generate", "--orgs", "300", "--seed", "4", "-o", str(out), "--force")
    assert forced.exit_code == 0 and "organizations" in forced.output
    assert cli("generate", "--orgs", "10", "-o", str(tmp_path / "x")).exit_code == 2


def test_a_dated_district_is_valid_and_tells_the_campaign(tmp_path: Path) -> None:
    from graphmodel.dataset import as_date
    from graphmodel.diffing import Register

    synth.generate(3000, 5, tmp_path, years=(2015, 2016), provenance="synthetic")
    dataset = read_dataset(tmp_path)   # the dates are in order, or this raises
    register = Register.of_dataset(dataset)
    rates = {day: Register.statuses(register, day) for day in ("2015-12-31", "2016-07-31")}
    for day, wanted in (("2015-12-31", 0.035), ("2016-07-31", 0.32)):
        statuses = rates[day]
        covered = sum(s in ("standalone", "joint", "affiliated", "entrusted")
                      for s in statuses.values())
        assert abs(covered / len(statuses) - wanted) < 0.005, day
    founded = [o.properties.get("founded") for o in dataset.organizations
               if o.type == "enterprise"]
    assert any(f is None for f in founded) and all(
        as_date(f).year <= 2016 for f in founded if f)
    assert {o.properties["provenance"] for o in dataset.organizations} == {"synthetic"}
    assert {r.properties.get("provenance") for r in dataset.relationships
            if r.type != "LOCATED_IN"} == {"synthetic"}   # (the cells' LOCATED_IN have none)
    closed = [o for o in dataset.organizations if o.properties.get("closed")]
    assert 0 < len(closed) < 0.1 * len(dataset.organizations)


def test_years_must_be_two_years_in_order(tmp_path: Path) -> None:
    runner = CliRunner()
    for years in ("2017-2016", "2016", "16-17", "2016-2016"):
        result = runner.invoke(main, ["generate", "--orgs", "200", "-o", str(tmp_path / "d"),
                                      "--years", years])
        assert result.exit_code == 2, (years, result.output)
        assert "--years" in result.stderr
    assert not (tmp_path / "d" / "organizations.csv").exists()
