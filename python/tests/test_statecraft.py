"""The Python module against the same engine as the CLI."""

import pathlib

import pytest

import statecraft

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_korean_default_runs_every_model_and_conflict():
    result = statecraft.run()
    assert result["scenario"]["id"] == "korea-peninsula"
    assert {r["model"] for r in result["runs"]} == {"compromise", "bdm", "smp", "exchange"}
    regime = next(i for i in result["runs"][0]["issues"] if i["issue"] == "un_sanctions_regime")
    assert regime["outcome"] == 75  # held by the Security Council veto
    assert regime["detail"]["institution"]["blocked_by"] == ["USA", "GBR", "FRA"]
    assert [c["conflict"] for c in result["conflicts"]] == ["patron_game", "trilateral_format"]


def test_same_numbers_as_the_bdm_reference():
    csv = str(ROOT / "data/reference/bdm/ExampleActors.csv")
    result = statecraft.run(csv, models=["bdm:reference"])
    assert result["runs"][0]["issues"][0]["trajectory"][1][1] == pytest.approx(8.415932315426764, abs=1e-12)


def test_validate_and_errors_carry_the_location():
    assert statecraft.validate()["actors"] == 8
    with pytest.raises(statecraft.InputError, match=r"test\.yaml|<python>:1:1"):
        statecraft.validate("scenario: broken\nfoo: 1\n")
    with pytest.raises(ValueError, match="unknown model"):
        statecraft.run(models=["nope"])
    with pytest.raises(statecraft.InputError, match="no such file"):
        statecraft.run("/nonexistent.yaml")


def test_experiments_are_deterministic_and_paired():
    a = statecraft.mc(runs=20, models=["compromise:mean", "bdm"], threads=1)
    b = statecraft.mc(runs=20, models=["compromise:mean", "bdm"], threads=2)
    assert a == b
    w = statecraft.whatif(None, "us_engages_russia", runs=20, models=["bdm"])
    shift = next(i for i in w["models"][0]["issues"] if i["issue"] == "us_russia_relations")
    assert shift["point_shift"] > 0
    # Who is better off comes with the what-if, with the share of draws that agree.
    usa = next(a for a in w["packages"][0]["actors"] if a["actor"] == "USA")
    assert usa["verdict"] in ("better", "worse", "indifferent")
    assert 0 <= usa["better_share"] + usa["worse_share"] <= 1
    bt = statecraft.backtest()
    assert bt["ensemble"]["mae"] > 0


def test_conflicts_and_models():
    conflicts = statecraft.conflict()
    assert conflicts[1]["status_quo"]["equilibrium_under"][0] == "Nash"
    kinds = [(m["name"], m["kind"]) for m in statecraft.models()]
    assert kinds == [(name, "issues") for name in
                     ["compromise", "bdm", "smp", "exchange", "nash", "procedural"]] + [
        ("gmcr", "conflict")]


def test_frames_when_pandas_is_installed():
    pandas = pytest.importorskip("pandas")
    frame = statecraft.outcomes_frame(statecraft.run(models=["compromise:mean"]))
    assert isinstance(frame, pandas.DataFrame)
    assert len(frame) == 6  # one row per issue


def test_a_single_model_name_is_one_model_not_letters():
    result = statecraft.run(models="bdm")
    assert [r["model"] for r in result["runs"]] == ["bdm"]
    assert [r["model"] for r in statecraft.run(models=["bdm", "smp"])["runs"]] == ["bdm", "smp"]
    with pytest.raises(TypeError):
        statecraft.run(models=[1])
    w = statecraft.whatif(None, "us_engages_russia", runs=20, models="compromise:mean")
    assert [m["model"] for m in w["models"]] == ["compromise"]


def test_why_and_inputs_come_with_every_result():
    result = statecraft.run(models="compromise:mean")
    why = statecraft.why(result)
    assert "veto moved it" in why[("compromise:mean", "un_sanctions_regime")]
    assert any(s["author"] == "Doug Bandow" for s in result["inputs"]["sources"])
    assert any("status_quo" in i for i in result["inputs"]["issues"])
