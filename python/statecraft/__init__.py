"""statecraft: forecast how states bargain over issues.

Every function takes ``scenario`` as a file path (scenario YAML, BDM or KTAB CSV), as YAML
text, or ``None`` for the embedded Korean default, and returns plain dicts and lists (the
same documents the CLI writes as JSON). Bad input raises :class:`InputError` (a
``ValueError``) with the CLI's message, naming the file, line and column.

    >>> import statecraft
    >>> result = statecraft.run()
    >>> statecraft.outcomes_frame(result)        # pandas, when installed
"""

import json

from . import _statecraft
from ._statecraft import InputError

__all__ = ["InputError", "validate", "run", "mc", "whatif", "backtest", "conflict", "models",
           "outcomes_frame", "trajectories_frame", "why"]


def validate(scenario=None):
    """Load and check a scenario; returns counts (actors, issues, sources, ...)."""
    return json.loads(_statecraft.validate(scenario))


DEFAULT_SEED = _statecraft.DEFAULT_SEED
DEFAULT_MODELS = list(_statecraft.DEFAULT_MODELS)


def _names(value):
    """A name or a list of names: 'bdm' and ['bdm'] mean the same."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def _params(params):
    """{'q': 0.5, 'smp.voting': 'binary'} -> the CLI's key=value strings."""
    return {str(k): str(v) for k, v in (params or {}).items()}


def run(scenario=None, models=(), rounds=0, seed=DEFAULT_SEED, threads=0, params=None,
        interventions=()):
    """Run models (default: DEFAULT_MODELS) with veto rules applied; the CLI's result document."""
    return json.loads(_statecraft.run(scenario, _names(models), rounds, seed, threads,
                                      _params(params), _names(interventions)))


def mc(scenario=None, runs=1000, models=(), seed=DEFAULT_SEED, threads=0, interventions=(),
       rounds=0, params=None):
    """Monte Carlo over the scenario's declared uncertainty."""
    return json.loads(_statecraft.mc(scenario, runs, _names(models), seed, threads,
                                     _names(interventions), rounds, _params(params)))


def whatif(scenario, interventions, runs=1000, models=(), seed=DEFAULT_SEED, threads=0, rounds=0,
           params=None):
    """Interventions against the baseline on common random numbers."""
    return json.loads(_statecraft.whatif(scenario, _names(interventions), runs, _names(models),
                                         seed, threads, rounds, _params(params)))


def backtest(scenario=None, models=(), tolerance=10.0, outcomes=None, rounds=0,
             seed=DEFAULT_SEED, params=None):
    """Forecasts against the scenario's (or an outcomes file's) dated outcomes."""
    return json.loads(_statecraft.backtest(scenario, _names(models), tolerance, outcomes, rounds,
                                           seed, _params(params)))


def conflict(scenario=None, semantics="textbook"):
    """Stability analysis of the scenario's discrete conflicts."""
    return json.loads(_statecraft.conflict(scenario, semantics))


def models():
    """The registered models, their variants and parameters; each has a "kind": "issues"
    (runs on issues, as `run`'s models) or "conflict" (the graph model, see `conflict()`)."""
    return json.loads(_statecraft.models())


def why(result):
    """The plain-language "why" of every forecast: {(model:variant, issue): text}."""
    return {(f"{r['model']}:{r['variant']}", i["issue"]): i.get("why", "")
            for r in result["runs"] for i in r["issues"]}


def _pandas():
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - depends on the machine
        raise ImportError("outcomes_frame/trajectories_frame need pandas (apt install python3-pandas)") from error
    return pandas


def outcomes_frame(result):
    """One row per (model, variant, issue) with the forecast, as a pandas DataFrame."""
    rows = [{"model": r["model"], "variant": r["variant"], "issue": i["issue"], "outcome": i["outcome"]}
            for r in result["runs"] for i in r["issues"]]
    return _pandas().DataFrame(rows)


def trajectories_frame(result):
    """One row per (model, variant, issue, round, actor) with the position."""
    rows = [{"model": r["model"], "variant": r["variant"], "issue": i["issue"], "round": k, "actor": a, "position": p}
            for r in result["runs"] for i in r["issues"] for k, row in enumerate(i["trajectory"])
            for a, p in zip(i["actors"], row)]
    return _pandas().DataFrame(rows)
