"""One question, one answer: the CLI, the policy lab's /api/run and the Python module ask the
pipeline (experiments/pipeline.h) the same question and must return the same result document,
byte for byte once parsed and dumped the same way — for every model variant, with an
intervention and its responses, on the default seed."""

import json
import os
import pathlib
import subprocess
import urllib.request

import pytest

import statecraft

BINARY = os.environ.get("STATECRAFT_BINARY") or str(
    pathlib.Path(statecraft.__file__).resolve().parents[2] / "statecraft")


def every_variant():
    return [f"{m['name']}:{v['name']}" for m in statecraft.models() if m["kind"] == "issues"
            for v in m["variants"]]


@pytest.fixture(scope="module")
def lab():
    proc = subprocess.Popen([BINARY, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # "statecraft policy lab: http://127.0.0.1:PORT/ ..."
        url = line.split()[3].rstrip("/")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def post(url, body):
    request = urllib.request.Request(url + "/api/run", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as reply:
        return json.loads(reply.read())


def cli(models, interventions):
    args = [BINARY, "run", "--format", "json", "--out", ""]
    for m in models:
        args += ["-m", m]
    for i in interventions:
        args += ["-i", i]
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def same(*documents):
    texts = [json.dumps(d, sort_keys=False) for d in documents]
    return all(t == texts[0] for t in texts)


@pytest.mark.parametrize("interventions", [[], ["us_engages_russia"]])
def test_cli_lab_and_python_return_the_same_document(lab, interventions):
    models = every_variant()
    assert len(models) >= 10
    from_cli = cli(models, interventions)
    from_lab = post(lab, {"scenario": "korea-peninsula", "models": models,
                          "interventions": interventions})
    from_python = statecraft.run(models=models, interventions=interventions)
    assert [f"{r['model']}:{r['variant']}" for r in from_cli["runs"]] == models
    assert from_cli["request"]["interventions"] == interventions
    assert same(from_cli, from_lab, from_python)


def test_defaults_are_the_same_everywhere(lab):
    from_cli = json.loads(subprocess.run([BINARY, "run", "--format", "json", "--out", ""],
                                         check=True, capture_output=True, text=True).stdout)
    assert same(from_cli, post(lab, {}), statecraft.run())
    assert [f"{r['model']}:{r['variant']}" for r in from_cli["runs"]][0] == "compromise:mean"
    assert from_cli["request"]["seed"] == statecraft.DEFAULT_SEED == 1
