#include "server/lab_page.h"

namespace statecraft::server {

const std::string& lab_page() {
  static const std::string page = R"PAGE(<!doctype html>
<html lang=en><head><meta charset=utf-8><meta name=viewport content="width=device-width">
<title>statecraft policy lab</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#fafafa;color:#222}main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:22px;margin:0 0 8px}fieldset{border:1px solid #ddd;border-radius:6px;margin:8px 0;background:#fff}
legend{font-weight:600}.row{display:flex;align-items:center;gap:8px}.row label{width:60px}.row input[type=range]{flex:1}
.row output{width:48px;text-align:right;font-variant-numeric:tabular-nums}#grid{display:grid;grid-template-columns:1fr 1fr;gap:12px}
table{border-collapse:collapse;background:#fff}td,th{border-bottom:1px solid #eee;padding:3px 8px}td.num{text-align:right}
#status{color:#666;margin-left:12px}.ends{display:flex;justify-content:space-between;font-size:12px;color:#777}
svg text{font:10px system-ui,sans-serif;fill:#444}.error{color:#b00020;white-space:pre-wrap}
</style></head><body><main>
<h1>statecraft policy lab</h1>
<div class=row style="flex-wrap:wrap">
 <span>Scenario <select id=scenario></select></span>
 <span>or upload YAML <input type=file id=upload accept=".yaml,.yml"></span>
 <button id=run>Re-run</button> <button id=reset>Reset</button>
 <a id=dlyaml download="scenario.yaml" href="#">download scenario</a>
 <a id=dljson download="result.json" href="#">download results</a>
 <span id=status></span>
</div>
<div id=interventions></div>
<div id=grid><div id=sliders></div><div id=results></div></div>
<div id=selftest></div>
</main>
<script>
"use strict";
const $ = id => document.getElementById(id);
const palette = ["#1b6ca8","#d1495b","#2e8b57","#edae49","#6a4c93","#00798c","#8d6a9f","#c05746"];
let current = null, yaml = null, changes = new Map(), chosen = new Set(), last = null, timer = null, runs = 0;
function esc(s) { return String(s).replace(/[&<>"']/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;","'":"&#39;"}[c])); }
async function api(path, options) {
  const r = await fetch(path, options);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error + (body.problems && body.problems.length ? "\n" + body.problems.join("\n") : ""));
  return body;
}
function buildControls(summary) {
  current = summary; changes.clear(); chosen.clear();
  $("interventions").innerHTML = summary.interventions.map(iv =>
    `<label title="${esc(iv.description)}"><input type=checkbox data-iv="${esc(iv.id)}"> ${esc(iv.name || iv.id)}</label>`).join(" ");
  for (const box of document.querySelectorAll("[data-iv]"))
    box.addEventListener("change", e => { e.target.checked ? chosen.add(e.target.dataset.iv) : chosen.delete(e.target.dataset.iv); schedule(); });
  const maxCap = Math.max(...summary.actors.map(a => a.capability));
  const slider = (label, actor, issue, field, min, max, step, value) => `<div class=row><label>${esc(label)}</label>
      <input type=range min="${min}" max="${max}" step="${step}" value="${value}" data-actor="${esc(actor)}"
        data-issue="${esc(issue)}" data-field="${field}"><output>${value}</output></div>`;
  $("sliders").innerHTML = summary.issues.map(is => `<fieldset><legend>${esc(is.name || is.id)}: positions</legend>
    <div class=ends><span>${esc(is.scale.min)}: ${esc(is.scale.low)}</span><span>${esc(is.scale.max)}: ${esc(is.scale.high)}</span></div>` +
    is.stances.map(st => slider(st.actor, st.actor, is.id, "position", is.scale.min, is.scale.max, (is.scale.max - is.scale.min) / 200, st.position)).join("") +
    `<details><summary>salience (0–100)</summary>` +
    is.stances.map(st => slider(st.actor, st.actor, is.id, "salience", 0, 100, 1, Math.round(st.salience * 100) / 100)).join("") +
    `</details></fieldset>`).join("") +
    `<fieldset><legend>capabilities</legend>` +
    summary.actors.map(a => slider(a.id, a.id, "", "capability", 0, 2 * maxCap, maxCap / 100, a.capability)).join("") + `</fieldset>`;
  for (const s of document.querySelectorAll("input[type=range]"))
    s.addEventListener("input", e => {
      const t = e.target, d = t.dataset; t.nextElementSibling.textContent = t.value;
      const change = {actor: d.actor, field: d.field, value: Number(t.value)};
      if (d.issue) change.issue = d.issue;
      changes.set(d.actor + "|" + d.issue + "|" + d.field, change);
      schedule();
    });
}
function schedule() { clearTimeout(timer); timer = setTimeout(run, 120); }
function chart(ir, scale, title) {
  const w = 260, h = 120, l = 28, r = 6, t = 14, b = 14, n = ir.trajectory.length;
  const X = k => l + (n > 1 ? k / (n - 1) : 0.5) * (w - l - r), Y = v => t + (1 - (v - scale.min) / (scale.max - scale.min)) * (h - t - b);
  let s = `<svg width="${w}" height="${h}"><text x="${l}" y="10">${esc(title)}</text><rect x="${l}" y="${t}" width="${w-l-r}" height="${h-t-b}" fill="none" stroke="#ccc"/>`;
  ir.actors.forEach((a, i) => {
    if (n === 1) s += `<circle cx="${X(0)}" cy="${Y(ir.trajectory[0][i])}" r="4" fill="${palette[i % 8]}"><title>${esc(a)}</title></circle>`;
    else s += `<polyline fill="none" stroke="${palette[i % 8]}" stroke-width="1.5" points="${ir.trajectory.map((row, k) => X(k) + "," + Y(row[i])).join(" ")}"><title>${esc(a)}</title></polyline>`;
  });
  return s + `<line x1="${l}" x2="${w-r}" y1="${Y(ir.outcome)}" y2="${Y(ir.outcome)}" stroke="#000" stroke-dasharray="4,3"/></svg>`;
}
function render(result) {
  const models = result.runs.map(r => r.model + ":" + r.variant);
  let html = `<table id=outcomes><tr><th>issue</th>${models.map(m => `<th>${esc(m)}</th>`).join("")}</tr>`;
  result.issues.forEach((is, i) => {
    html += `<tr><td>${esc(is.id)}</td>` + result.runs.map(r => `<td class=num data-issue="${esc(is.id)}" data-model="${esc(r.model + ":" + r.variant)}">${r.issues[i].outcome.toFixed(1)}</td>`).join("") + `</tr>`;
  });
  html += `</table>`;
  const actors = result.runs.length ? result.runs[0].issues[0].actors : [];
  html += `<p id=legend>` + actors.map((a, i) => `<span style="color:${palette[i % 8]}">&#9632; ${esc(a)}</span>`).join(" ") +
    ` <span>- - - outcome</span></p>`;
  result.issues.forEach((is, i) => { html += `<h4>${esc(is.id)}</h4>` + result.runs.map(r => chart(r.issues[i], is.scale, r.model + ":" + r.variant)).join(""); });
  $("results").innerHTML = html;
  $("dljson").href = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2)], {type: "application/json"}));
}
async function run() {
  const started = performance.now();
  const body = {changes: [...changes.values()], interventions: [...chosen]};
  if (yaml !== null) body.yaml = yaml; else body.scenario = $("scenario").value;
  $("status").textContent = "running…";
  try {
    last = await api("/api/run", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
    runs += 1;
    render(last);
    $("status").textContent = `ran in ${Math.round(performance.now() - started)} ms`;
  } catch (e) { $("status").innerHTML = `<span class=error>${esc(e.message)}</span>`; }
}
async function loadScenario(id) {
  yaml = null;
  const s = await api("/api/scenarios/" + encodeURIComponent(id));
  $("dlyaml").href = URL.createObjectURL(new Blob([s.yaml], {type: "text/yaml"}));
  buildControls(s.summary);
  await run();
}
$("scenario").addEventListener("change", e => loadScenario(e.target.value));
$("run").addEventListener("click", run);
$("reset").addEventListener("click", () => loadScenario($("scenario").value));
$("upload").addEventListener("change", async e => {
  const text = await e.target.files[0].text();
  try {
    const v = await api("/api/validate", {method: "POST", body: text});
    buildControls(v.summary); yaml = text;
    $("dlyaml").href = URL.createObjectURL(new Blob([text], {type: "text/yaml"}));
    await run();
  } catch (err) { $("status").innerHTML = `<span class=error>${esc(err.message)}</span>`; }
});
function waitForRun(n) { return new Promise(resolve => { const poll = () => runs >= n ? resolve() : setTimeout(poll, 20); poll(); }); }
async function selftest() {
  // Drives the page like a user: move the first slider to the far end, re-run, compare.
  const cell = () => document.querySelector("#outcomes td.num[data-model='compromise:mean']");
  await waitForRun(1);
  const before = cell().textContent;
  const slider = document.querySelector("input[type=range]");
  slider.value = Number(slider.value) > (Number(slider.min) + Number(slider.max)) / 2 ? slider.min : slider.max;
  slider.dispatchEvent(new Event("input"));
  await waitForRun(2);
  const after = cell().textContent;
  $("selftest").textContent = (before !== after ? "selftest-pass" : "selftest-fail") + ` before=${before} after=${after} runs=${runs}`;
}
(async () => {
  const list = await api("/api/scenarios");
  $("scenario").innerHTML = list.map(s => `<option value="${esc(s.id)}"${s.id === "korea-peninsula" ? " selected" : ""}>${esc(s.title || s.id)}</option>`).join("");
  await loadScenario($("scenario").value);
  if (location.search.includes("selftest=1")) selftest();
})();
</script></body></html>
)PAGE";
  return page;
}

}  // namespace statecraft::server
