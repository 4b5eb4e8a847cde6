#!/usr/bin/python3
"""An analyst's session in the policy lab, driven in headless Chromium over the DevTools
protocol (through --remote-debugging-pipe: no websocket library, no /dev/shm).

Loads the Korean default, moves a position, ticks an intervention, runs, reads the
difference, downloads the edited scenario and validates it with the CLI, uploads a
scenario where actors sit out and checks every model that can run it shows a forecast
(the CLI decides which can), uploads a broken file and checks its errors are listed once
under its own name. Screenshots of the lab and of the `statecraft run` report at 800 and
1400 px go to OUTDIR.

Usage: lab_session.py STATECRAFT SCENARIO_DIR OUTDIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import base64

STATECRAFT, SCENARIOS, OUTDIR = sys.argv[1:4]
os.makedirs(OUTDIR, exist_ok=True)
work = tempfile.mkdtemp(prefix="lab-session-")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands in) and 4 (replies out)."""

    def __init__(self):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        log = os.open(os.path.join(work, "chromium.log"), os.O_WRONLY | os.O_CREAT)
        args = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + os.path.join(work, "profile"), "--remote-debugging-pipe",
                "about:blank"]
        self.pid = os.posix_spawnp(args[0], args, os.environ, file_actions=[
            (os.POSIX_SPAWN_DUP2, to_chrome_r, 3), (os.POSIX_SPAWN_DUP2, from_chrome_w, 4),
            (os.POSIX_SPAWN_DUP2, log, 1), (os.POSIX_SPAWN_DUP2, log, 2)])
        for fd in (to_chrome_r, from_chrome_w, log):
            os.close(fd)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None
        target = self.call("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 browser=True)["sessionId"]
        for domain in ("Page", "Runtime", "DOM"):
            self.call(domain + ".enable")

    def read_message(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, browser=False):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session and not browser:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def js(self, expression):
        r = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                           "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression[:80]}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait(self, expression, what, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.js(expression):
                return True
            time.sleep(0.1)
        check(False, f"waited {timeout} s for {what}")
        return False

    def width(self, px, height=1000):
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": px, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def screenshot(self, path, px, must_fit=True):
        """A full-page PNG at `path` and the first screen at `path` with -top."""
        self.width(px)
        time.sleep(0.3)
        png = self.call("Page.captureScreenshot", {"format": "png"})
        with open(path.replace(".png", "-top.png"), "wb") as f:
            f.write(base64.b64decode(png["data"]))
        height = self.js("Math.ceil(document.documentElement.scrollHeight)")
        self.width(px, min(int(height), 12000))
        time.sleep(0.3)
        png = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        with open(path, "wb") as f:
            f.write(base64.b64decode(png["data"]))
        overflow = self.js("document.documentElement.scrollWidth > window.innerWidth + 1")
        if must_fit:
            check(not overflow, f"no horizontal overflow at {px} px ({os.path.basename(path)})")
        elif overflow:
            print(f"note: {os.path.basename(path)} is wider than {px} px")
        self.width(px)

    def close(self):
        try:
            self.call("Browser.close", browser=True)
        except Exception:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def start_lab():
    out = open(os.path.join(work, "server.out"), "w+")
    server = subprocess.Popen([STATECRAFT, "serve", "--port", "0", "--scenarios", SCENARIOS],
                              stdout=out, stderr=subprocess.STDOUT)
    for _ in range(100):
        out.seek(0)
        m = re.search(r"http://[^ ]+", out.read())
        if m:
            return server, m.group(0).rstrip("/")
        time.sleep(0.1)
    raise RuntimeError("the lab did not start")


def runs(b):
    return b.js("state.runs")


def wait_run(b, before, what):
    b.wait(f"state.runs > {before} && !document.querySelector('#progress:not([hidden])')", what)
    time.sleep(0.2)


def cell(b, issue, model, col):
    return b.js(f"""(() => {{ const td = document.querySelector(
        '.issueblock[data-issue="{issue}"] tr[data-model="{model}"] td[data-col="{col}"]');
        return td ? td.firstChild.textContent : null; }})()""")


def number(text):
    return float(text.replace("−", "-").replace("±", "")) if text else None


SITOUT = """scenario: sitout-demo
title: Two issues where actors sit out
sources:
  lab: {title: test data of the lab session, kind: test}
actors:
  - {id: A, name: Alpha, capability: {value: 3, source: lab}}
  - {id: B, name: Beta, capability: {value: 2, source: lab}}
  - {id: C, name: Gamma, capability: {value: 1, source: lab}}
issues:
  - id: first
    name: First issue
    scale: {min: 0, max: 100, low: none, high: all}
    positions:
      A: {position: 20, salience: 80, source: lab}
      B: {position: 70, salience: 60, source: lab}
  - id: second
    name: Second issue
    scale: {min: 0, max: 10, low: never, high: now}
    positions:
      A: {position: 2, salience: 50, source: lab}
      B: {position: 8, salience: 40, source: lab}
      C: {position: 5, salience: 90, source: lab}
"""

server, url = start_lab()
b = Browser()
try:
    b.call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": work,
                                           "eventsEnabled": True}, browser=True)
    b.width(1400)
    b.call("Page.navigate", {"url": url + "/"})
    b.wait("typeof state !== 'undefined' && state.runs >= 1", "the first run of the default")
    check(b.js("document.querySelectorAll('.issueblock').length") == 6, "six Korean issues shown")
    models = b.js("[...document.querySelectorAll('.issueblock')[0].querySelectorAll('tr[data-model]')].map(r => r.dataset.model)")
    check(models == ["compromise:mean", "compromise:median", "bdm:scholz", "smp:statecraft",
                     "exchange:equal_gain"], f"the default models all ran: {models}")
    check(b.js("document.querySelector('#legend').textContent.includes('JPN')"), "legend names every actor")
    check(b.js("document.querySelector('#conflicts').textContent.includes('Status quo')"),
          "conflicts shown with the status quo")
    check("veto" in b.js("document.querySelector('.issueblock[data-issue=un_sanctions_regime]').textContent"),
          "the UN sanctions regime shows the veto rule")

    # Move China's position on denuclearization pressure to the top of the scale.
    before = runs(b)
    b.js("""(() => { const s = document.querySelector('input[type=range][data-lever=position][data-actor=CHN][data-issue=denuclearization_pressure]');
        s.value = 100; s.dispatchEvent(new Event('input', {bubbles: true})); })()""")
    wait_run(b, before, "the run after moving a position")
    d = number(cell(b, "denuclearization_pressure", "compromise:mean", "difference"))
    check(d is not None and d > 0, f"moving CHN to 100 raises the compromise forecast (difference {d})")

    # China's own capability on economic engagement (a per-issue capability) is a lever too.
    before = runs(b)
    b.js("""(() => { const s = document.querySelector('input[type=number][data-lever=capability][data-actor=CHN][data-issue=economic_engagement]');
        s.value = 0.05; s.dispatchEvent(new Event('input', {bubbles: true})); })()""")
    wait_run(b, before, "the run after moving a per-issue capability")
    d = number(cell(b, "economic_engagement", "compromise:mean", "difference"))
    check(d is not None and d < 0, f"less Chinese weight on engagement lowers its forecast (difference {d})")
    before = runs(b)
    b.js("""(() => { const s = document.querySelector('input[type=number][data-lever=capability][data-actor=CHN][data-issue=economic_engagement]');
        s.value = 0.35; s.dispatchEvent(new Event('input', {bubbles: true})); })()""")
    wait_run(b, before, "the run after restoring it")

    # Tick "the US engages Russia": the US slider shows the intervention's 65.
    before = runs(b)
    b.js("document.querySelector('[data-iv=us_engages_russia]').click()")
    wait_run(b, before, "the run after ticking an intervention")
    shown = b.js("document.querySelector('input[type=number][data-lever=position][data-actor=USA][data-issue=us_russia_relations]').value")
    check(float(shown) == 65, f"the US slider on US-Russia relations shows the intervention's 65 (shows {shown})")
    d = number(cell(b, "us_russia_relations", "compromise:mean", "difference"))
    check(d is not None and d > 0, f"the intervention moves US-Russia relations (difference {d})")
    base = number(cell(b, "us_russia_relations", "compromise:mean", "baseline"))
    edited = number(cell(b, "us_russia_relations", "compromise:mean", "edited"))
    check(abs(edited - base - d) < 0.11, "baseline, edited and difference agree")
    # The intervention reaches pressure through Russia's response: the lab shows the trace.
    rus = b.js("""(() => { const r = [...document.querySelectorAll('#responses tr[data-model="compromise:mean"]')]
        .find(tr => tr.cells[0].textContent.includes('RUS position on denuclearization_pressure'));
        return r ? r.cells[5].textContent : null; })()""")
    check(rus is not None and number(rus) is not None and number(rus) > 0,
          f"'Through the responses' shows Russia's pressure stance rising (change {rus})")
    # An edit on top of the intervention wins (scenario -> intervention -> edits).
    before = runs(b)
    b.js("""(() => { const s = document.querySelector('input[type=number][data-lever=position][data-actor=USA][data-issue=us_russia_relations]');
        s.value = 90; s.dispatchEvent(new Event('input', {bubbles: true})); })()""")
    wait_run(b, before, "the run after editing over the intervention")
    d2 = number(cell(b, "us_russia_relations", "compromise:mean", "difference"))
    check(d2 > d, f"moving the US past the intervention's value moves the forecast further ({d} -> {d2})")

    # Monte Carlo bands with a progress bar.
    before = runs(b)
    b.js("document.getElementById('mcruns').value = 200; document.getElementById('mc').click()")
    seen, deadline = [], time.time() + 120
    while time.time() < deadline and runs(b) == before:
        if b.js("!document.getElementById('progress').hidden"):
            seen.append(b.js("document.getElementById('progress').value"))
        time.sleep(0.05)
    wait_run(b, before, "the Monte Carlo run")
    check(len(seen) > 0 and max(seen) <= 1, f"a progress bar while Monte Carlo runs (values seen: {sorted(set(round(v, 2) for v in seen))[:8]})")
    check(b.js("document.querySelectorAll('.band').length") > 0, "Monte Carlo bands shown")
    check(b.js("[...document.querySelectorAll('#responses td')].some(td => td.textContent.includes('…'))"),
          "with Monte Carlo the responses' changes carry their 5-95% range")
    b.screenshot(os.path.join(OUTDIR, "lab-1400.png"), 1400)
    b.screenshot(os.path.join(OUTDIR, "lab-800.png"), 800)

    # Save the moved numbers as a new intervention: it is ticked, the moves are cleared, and
    # the edited forecast stays the same.
    before = runs(b)
    b.js("document.getElementById('ivsave').click()")
    b.js("document.getElementById('ivf-id').value = 'china_and_us_shift'; document.getElementById('ivf-ok').click()")
    wait_run(b, before, "the run after saving an intervention")
    check(b.js("state.ticked.has('china_and_us_shift') && state.changes.size === 0"),
          "the saved intervention is ticked and holds the moves")
    d3 = number(cell(b, "us_russia_relations", "compromise:mean", "difference"))
    check(abs(d3 - d2) < 0.051, f"the same forecast with the moves saved as an intervention ({d2} vs {d3})")

    # Download the edited scenario and validate it with the CLI.
    b.js("document.getElementById('dlyaml').click()")
    deadline = time.time() + 20
    downloaded = None
    while time.time() < deadline and not downloaded:
        done = [f for f in os.listdir(work) if f.endswith(".yaml")]
        downloaded = os.path.join(work, done[0]) if done else None
        time.sleep(0.2)
    check(downloaded is not None, "the scenario downloads as YAML")
    if downloaded:
        text = open(downloaded, encoding="utf-8").read()
        check("china_and_us_shift" in text and re.search(r"actor: CHN, issue: denuclearization_pressure, field: position, set: 100\b", text),
              "the download carries the saved intervention")
        v = subprocess.run([STATECRAFT, "validate", downloaded], capture_output=True, text=True)
        check(v.returncode == 0, f"statecraft validate accepts the download: {v.stdout.strip()} {v.stderr.strip()}")

    # The JSON download is the same scenario (JSON is YAML; the CLI wants a .yaml name).
    b.js("document.getElementById('dljson').click()")
    deadline, as_json = time.time() + 20, None
    while time.time() < deadline and not as_json:
        done = [f for f in os.listdir(work) if f.endswith(".json")]
        as_json = os.path.join(work, done[0]) if done else None
        time.sleep(0.2)
    check(as_json is not None, "the scenario downloads as JSON")
    if as_json and downloaded:
        renamed = as_json + ".yaml"
        os.rename(as_json, renamed)
        same = [subprocess.run([STATECRAFT, "run", f, "-m", "compromise:mean", "--format", "json", "-o",
                                os.path.join(work, "cmp" + str(k))], capture_output=True, text=True).returncode
                for k, f in enumerate([downloaded, renamed])]
        outs = [json.load(open(os.path.join(work, "cmp" + str(k), f))) for k in range(2)
                for f in os.listdir(os.path.join(work, "cmp" + str(k))) if f.endswith(".json")]
        check(same == [0, 0] and len(outs) == 2 and outs[0]["runs"] == outs[1]["runs"],
              "the JSON and YAML downloads give the same forecast")

    # Upload a scenario where actors sit out: every model that can run it shows a forecast.
    path = os.path.join(work, "sitout-demo.yaml")
    open(path, "w").write(SITOUT)
    can_run = []
    for spec in ["compromise:mean", "compromise:median", "bdm:scholz", "smp:statecraft", "exchange:equal_gain"]:
        r = subprocess.run([STATECRAFT, "run", path, "-m", spec, "-o", os.path.join(work, "cli")],
                           capture_output=True, text=True)
        if r.returncode == 0:
            can_run.append(spec)
    before = runs(b)
    doc = b.call("DOM.getDocument")["root"]["nodeId"]
    node = b.call("DOM.querySelector", {"nodeId": doc, "selector": "#upload"})["nodeId"]
    b.call("DOM.setFileInputFiles", {"nodeId": node, "files": [path]})
    wait_run(b, before, "the run of the upload")
    check("sitout-demo.yaml" in b.js("document.getElementById('scenario').selectedOptions[0].textContent"),
          "the dropdown names the uploaded file")
    shown = b.js("[...document.querySelectorAll('.issueblock[data-issue=first] tr[data-model]')].map(r => r.dataset.model)")
    check(sorted(shown) == sorted(can_run) and len(can_run) >= 3,
          f"every model that can run the upload shows a forecast: {shown} (CLI: {can_run})")
    check("sits out: C" in b.js("document.querySelector('.issueblock[data-issue=first]').textContent"),
          "the sit-out is shown")
    # Add an actor and an issue, then remove the issue again.
    before = runs(b)
    b.js("""document.getElementById('new-actor-id').value = 'D'; document.getElementById('new-actor-cap').value = 1;
            document.getElementById('add-actor').click()""")
    wait_run(b, before, "the run after adding an actor")
    before = runs(b)
    b.js("document.getElementById('new-issue-id').value = 'third'; document.getElementById('add-issue').click()")
    wait_run(b, before, "the run after adding an issue")
    check(b.js("document.querySelectorAll('.issueblock').length") == 3, "the added issue is forecast")
    check("sits out: C, D" in b.js("document.querySelector('.issueblock[data-issue=first]').textContent"),
          "the added actor sits out the old issues")
    before = runs(b)
    b.js("document.querySelector('[data-rmissue=\"2\"]').click()")
    wait_run(b, before, "the run after removing an issue")
    check(b.js("document.querySelectorAll('.issueblock').length") == 2, "the removed issue is gone")
    # Reset returns to the upload.
    before = runs(b)
    b.js("document.getElementById('reset').click()")
    wait_run(b, before, "the run after Reset")
    check(b.js("state.doc.scenario") == "sitout-demo", "Reset returns to the uploaded scenario")

    # A broken upload: its problems listed once, under its own name; stale results cleared.
    bad = os.path.join(work, "broken-file.yaml")
    open(bad, "w").write("scenario: broken\nactors: 3\nissues: []\n")
    b.call("DOM.setFileInputFiles", {"nodeId": node, "files": [bad]})
    b.wait("document.getElementById('errors').textContent.length > 0", "the upload's errors")
    items = b.js("[...document.querySelectorAll('#errors li')].map(li => li.textContent)")
    check(items and all("broken-file.yaml" in i for i in items) and not any("upload.yaml" in i for i in items),
          f"errors name the uploaded file: {items}")
    check(len(items) == len(set(items)), "each error listed once")
    check(b.js("document.querySelectorAll('.issueblock').length") == 0, "stale results cleared")

    # The report of `statecraft run`, screenshotted at both widths.
    out = os.path.join(work, "report")
    subprocess.run([STATECRAFT, "run", "-o", out], check=True, capture_output=True)
    report = [f for f in os.listdir(out) if f.endswith(".html")][0]
    b.call("Page.navigate", {"url": "file://" + os.path.join(out, report)})
    b.wait("document.readyState === 'complete'", "the report")
    # The report is not the lab's to fix (issue 16 section 2): its width is only noted.
    b.screenshot(os.path.join(OUTDIR, "report-1400.png"), 1400, must_fit=False)
    b.screenshot(os.path.join(OUTDIR, "report-800.png"), 800, must_fit=False)
finally:
    b.close()
    server.terminate()
    server.wait()

print(f"screenshots in {OUTDIR}")
if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("lab session passed")
