// The statecraft policy lab: edits a scenario kept as a JSON document (the YAML file as
// JSON), runs the chosen models on the server (POST /api/run, one request per model so a
// model that cannot run the scenario does not hide the others) and shows the baseline, the
// edited run and their difference. docs/api.md describes the API.
"use strict";
const $ = id => document.getElementById(id);
const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c]));
const fmt = (v, d = 1) => (typeof v === "number" && isFinite(v) ? v.toFixed(d) : "–");
const signed = (v, d = 1) => (v > 0 ? "+" : v < 0 ? "−" : "±") + Math.abs(v).toFixed(d);
const clone = o => JSON.parse(JSON.stringify(o));

const state = {
  models: [], defaults: [],
  loaded: null,      // {kind: "catalogue"|"upload", id, name, doc}: what Reset returns to
  doc: null,         // the working scenario document (structure edits go here)
  dirty: false,      // doc differs from loaded.doc
  changes: new Map(),// "actor|issue|field" -> {actor, issue?, field, value}: moved numbers
  ticked: new Set(), // intervention ids
  result: null,      // merged per-model results of the last successful run
  seq: 0, timer: null, runs: 0,
};

// ---- colours: by the actor's place in the scenario, so the same on every chart ----------
// Okabe-Ito's eight colour-blind-safe colours, then eight of Paul Tol's that differ from
// them, then golden-angle hues; past eight actors lines are also dashed.
const palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C6D00",
  "#332288", "#882255", "#999933", "#AA4499", "#661100", "#777777", "#117777", "#EE99AA"];
function actorColour(id) {
  const k = state.doc.actors.findIndex(a => a.id === id);
  if (k < 0) return "#777";
  if (k < palette.length) return palette[k];
  const hue = ((k - palette.length) * 137.508 + 20) % 360;
  return `hsl(${hue.toFixed(0)} 65% ${k % 2 ? 30 : 42}%)`;
}
const actorDash = id => { const k = state.doc.actors.findIndex(a => a.id === id); return k < 8 ? "" : ["6 3", "2 2", "8 3 2 3"][k % 3]; };
// The legend's sample: the actor's colour and, past eight actors, its dash pattern.
const swatch = id => `<svg class=sample width="22" height="10" aria-hidden=true><line x1="1" x2="21" y1="5" y2="5" stroke="${actorColour(id)}" stroke-width="${actorDash(id) ? 2.5 : 7}"${actorDash(id) ? ` stroke-dasharray="${actorDash(id)}"` : ""}/></svg>`;

// ---- server -----------------------------------------------------------------------------
class ApiError extends Error {
  constructor(body, status) {
    super(body.error || `HTTP ${status}`);
    this.problems = body.problems && body.problems.length ? body.problems : [body.error || `HTTP ${status}`];
    this.status = status;
  }
}
async function api(path, options) {
  const r = await fetch(path, options);
  const text = await r.text();
  let body;
  try { body = JSON.parse(text); } catch { body = r.ok ? text : {error: text}; }
  if (!r.ok) throw new ApiError(body, r.status);
  return body;
}
const post = (path, obj) => api(path, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(obj)});

// Each message once; problems already carry file:line.
function showErrors(list) {
  const seen = [...new Set(list)];
  $("errors").innerHTML = seen.length ? `<ul>${seen.map(e => `<li>${esc(e)}</li>`).join("")}</ul>` : "";
}
function status(text) { $("status").textContent = text; }

// ---- the document ---------------------------------------------------------------------
const quantity = q => (q && typeof q === "object" ? q.value : q);
function setQuantity(holder, key, v) {
  if (holder[key] && typeof holder[key] === "object") holder[key].value = v; else holder[key] = v;
}
const issueOf = id => state.doc.issues.find(i => i.id === id);
const actorIds = () => state.doc.actors.map(a => a.id);
function actorName(id) { const a = state.doc.actors.find(x => x.id === id); return a ? (a.name || a.id) : id; }
function scaleOf(issue) { return issue.scale || {min: 0, max: 100}; }
function ensureLabSource() {
  state.doc.sources = state.doc.sources || {};
  if (!state.doc.sources.lab) state.doc.sources.lab = {title: "Edited in the statecraft policy lab", kind: "analyst judgement"};
  return "lab";
}
// The scenario's value of a lever, before interventions and edits.
function baseValue(actor, issue, field) {
  if (field === "capability" && !issue) return Number(quantity(state.doc.actors.find(a => a.id === actor).capability));
  const st = (issueOf(issue).positions || {})[actor];
  return st ? Number(st[field]) : NaN;
}
// After the ticked interventions, in scenario order, as the engine applies them.
function interventionValue(actor, issue, field) {
  let v = baseValue(actor, issue, field), touched = false;
  for (const iv of state.doc.interventions || []) {
    if (!state.ticked.has(iv.id)) continue;
    for (const ch of iv.changes || []) {
      if (ch.actor !== actor || ch.field !== field || (ch.issue || "") !== (issue || "")) continue;
      v = ch.set !== undefined ? Number(ch.set) : v + Number(ch.shift);
      const [lo, hi] = field === "position" ? [scaleOf(issueOf(issue)).min, scaleOf(issueOf(issue)).max] : field === "salience" ? [0, 100] : [0, Infinity];
      v = Math.min(hi, Math.max(lo, v)); touched = true;
    }
  }
  return {value: v, touched};
}
const changeKey = (actor, issue, field) => `${actor}|${issue || ""}|${field}`;
function effective(actor, issue, field) {
  const c = state.changes.get(changeKey(actor, issue, field));
  const iv = interventionValue(actor, issue, field);
  return c ? {value: c.value, edited: true, touched: iv.touched} : {value: iv.value, edited: false, touched: iv.touched};
}
// The document with the moved numbers written in; a range that no longer holds its value widens.
function bakedDocument() {
  const doc = clone(state.doc);
  const widen = (holder, key, v) => { const r = holder[key]; if (Array.isArray(r)) holder[key] = [Math.min(r[0], v), Math.max(r[1], v)]; };
  for (const c of state.changes.values()) {
    if (c.field === "capability" && !c.issue) {
      const a = doc.actors.find(x => x.id === c.actor);
      setQuantity(a, "capability", c.value);
      if (typeof a.capability === "object") widen(a.capability, "range", c.value);
    } else {
      const st = doc.issues.find(i => i.id === c.issue).positions[c.actor];
      st[c.field] = c.value;
      widen(st, c.field === "position" ? "range" : `${c.field}_range`, c.value);
    }
  }
  return doc;
}
function structureChanged() {
  state.dirty = true;
  // Drop moved numbers whose actor or issue is gone.
  for (const [k, c] of state.changes) {
    const gone = !state.doc.actors.some(a => a.id === c.actor) ||
      (c.issue && !(issueOf(c.issue) && (issueOf(c.issue).positions || {})[c.actor]));
    if (gone) state.changes.delete(k);
  }
  for (const id of [...state.ticked]) if (!(state.doc.interventions || []).some(iv => iv.id === id)) state.ticked.delete(id);
  buildEditor();
  schedule();
}

// ---- editor ---------------------------------------------------------------------------
function buildEditor() {
  const d = state.doc;
  $("scenario-title").textContent = d.title || d.scenario;
  buildInterventions(); buildPositions(); buildActors(); buildIssues(); buildInstitutions(); buildResponses();
}

function buildInterventions() {
  const ivs = state.doc.interventions || [];
  let html = ivs.length ? "" : `<p class=hint>This scenario defines no interventions.</p>`;
  html += ivs.map((iv, k) => `<div class=ivrow><label><input type=checkbox data-iv="${esc(iv.id)}"${state.ticked.has(iv.id) ? " checked" : ""}>
      ${esc(iv.name || iv.id)}</label> <button type=button class=small data-ivedit="${k}">edit</button>
      <button type=button class=small data-ivdel="${k}" aria-label="delete intervention ${esc(iv.id)}">delete</button>
      <small>${esc(iv.description || "")} — ${(iv.changes || []).map(describeChange).join("; ")}</small></div>`).join("");
  html += `<p><button type=button id=ivsave>Save my moved numbers as an intervention…</button>
      <button type=button id=ivnew>New intervention…</button></p><div id=ivform></div>`;
  $("interventions").innerHTML = html;
  for (const box of document.querySelectorAll("[data-iv]"))
    box.addEventListener("change", e => { e.target.checked ? state.ticked.add(e.target.dataset.iv) : state.ticked.delete(e.target.dataset.iv); buildPositions(); buildActors(); schedule(); });
  for (const b of document.querySelectorAll("[data-ivedit]")) b.addEventListener("click", e => interventionForm(Number(e.target.dataset.ivedit)));
  for (const b of document.querySelectorAll("[data-ivdel]")) b.addEventListener("click", e => { state.doc.interventions.splice(Number(e.target.dataset.ivdel), 1); if (!state.doc.interventions.length) delete state.doc.interventions; structureChanged(); });
  $("ivsave").addEventListener("click", () => {
    if (!state.changes.size) { showErrors(["Move a position, salience or capability first: those moves become the intervention's changes."]); return; }
    const changes = [...state.changes.values()].map(c => ({actor: c.actor, ...(c.issue ? {issue: c.issue} : {}), field: c.field, set: c.value}));
    interventionForm(-1, changes, true);
  });
  $("ivnew").addEventListener("click", () => interventionForm(-1, []));
}
function describeChange(ch) {
  const what = ch.field === "capability" && !ch.issue ? `${ch.actor} capability` : `${ch.actor} ${ch.field} on ${ch.issue}`;
  return ch.set !== undefined ? `${what} set to ${ch.set}` : `${what} shifted by ${ch.shift}`;
}
// Writes or edits an intervention: id, name, description and its changes (set or shift).
function interventionForm(index, presetChanges, fromMoves) {
  const iv = index >= 0 ? clone(state.doc.interventions[index]) : {id: "", name: "", description: "", changes: presetChanges};
  const actorOpts = sel => actorIds().map(a => `<option${a === sel ? " selected" : ""}>${esc(a)}</option>`).join("");
  const issueOpts = sel => `<option value="">(capability)</option>` + state.doc.issues.map(i => `<option${i.id === sel ? " selected" : ""}>${esc(i.id)}</option>`).join("");
  const row = ch => `<tr><td><select data-k=actor>${actorOpts(ch.actor)}</select></td><td><select data-k=issue>${issueOpts(ch.issue)}</select></td>
      <td><select data-k=field>${["position", "salience", "capability"].map(f => `<option${f === ch.field ? " selected" : ""}>${f}</option>`).join("")}</select></td>
      <td><select data-k=how><option${ch.shift === undefined ? " selected" : ""}>set</option><option${ch.shift !== undefined ? " selected" : ""}>shift</option></select></td>
      <td><input data-k=value type=number step=any class=num value="${esc(ch.set ?? ch.shift ?? 0)}"></td><td><button type=button class="small rm">×</button></td></tr>`;
  $("ivform").innerHTML = `<div class=issueblock><h3>${index >= 0 ? "Edit intervention" : "New intervention"}</h3>
    <table class=edit-list><tr><td>id</td><td><input type=text id=ivf-id value="${esc(iv.id)}" placeholder="e.g. china_mediates"></td></tr>
    <tr><td>name</td><td><input type=text id=ivf-name value="${esc(iv.name || "")}"></td></tr>
    <tr><td>description</td><td><input type=text id=ivf-desc value="${esc(iv.description || "")}"></td></tr></table>
    <table class=edit-list id=ivf-changes><tr class=colhead><th>actor</th><th>issue</th><th>field</th><th></th><th>value</th><th></th></tr>${(iv.changes || []).map(row).join("")}</table>
    <p><button type=button id=ivf-add>add change</button> <button type=button id=ivf-ok class=primary>Save intervention</button> <button type=button id=ivf-cancel>Cancel</button></p></div>`;
  const bindRemove = () => { for (const b of $("ivform").querySelectorAll(".rm")) b.onclick = e => e.target.closest("tr").remove(); };
  bindRemove();
  $("ivf-add").onclick = () => { $("ivf-changes").insertAdjacentHTML("beforeend", row({actor: actorIds()[0], issue: state.doc.issues[0].id, field: "position", set: 50})); bindRemove(); };
  $("ivf-cancel").onclick = () => { $("ivform").innerHTML = ""; };
  $("ivf-ok").onclick = () => {
    const out = {id: $("ivf-id").value.trim(), name: $("ivf-name").value.trim(), description: $("ivf-desc").value.trim(), source: iv.source || ensureLabSource(), changes: []};
    for (const name of ["name", "description"]) if (!out[name]) delete out[name];
    for (const tr of $("ivf-changes").querySelectorAll("tr:not(.colhead)")) {
      const get = k => tr.querySelector(`[data-k=${k}]`).value;
      const ch = {actor: get("actor"), ...(get("issue") ? {issue: get("issue")} : {}), field: get("field")};
      ch[get("how")] = Number(get("value"));
      out.changes.push(ch);
    }
    const problems = [];
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(out.id)) problems.push("An intervention needs an id: a letter, then letters, digits, _ . or -.");
    if ((state.doc.interventions || []).some((x, k) => x.id === out.id && k !== index)) problems.push(`There is already an intervention '${out.id}'.`);
    if (!out.changes.length) problems.push("An intervention needs at least one change.");
    if (problems.length) { showErrors(problems); return; }
    state.doc.interventions = state.doc.interventions || [];
    if (index >= 0) state.doc.interventions[index] = out; else state.doc.interventions.push(out);
    if (fromMoves) { state.changes.clear(); state.ticked.add(out.id); }
    showErrors([]);
    structureChanged();
  };
}

function leverRow(actor, issue, field, min, max, step, label) {
  const e = effective(actor, issue, field);
  const cls = e.edited ? " edited" : e.touched ? " iv" : "";
  const note = e.edited ? " (moved)" : e.touched ? " (set by an intervention)" : "";
  return `<span class="who${cls}" title="${esc(actorName(actor))}${note}"><span class=swatch style="background:${actorColour(actor)}"></span>${esc(label)}</span>
    <input type=range min="${min}" max="${max}" step="${step}" value="${e.value}" data-lever="${field}" data-actor="${esc(actor)}" data-issue="${esc(issue || "")}" aria-label="${esc(actor)} ${field}${issue ? " on " + esc(issue) : ""}">
    <input type=number class=num min="${min}" max="${max}" step="any" value="${+e.value.toFixed(4)}" data-lever="${field}" data-actor="${esc(actor)}" data-issue="${esc(issue || "")}" aria-label="${esc(actor)} ${field} value">`;
}
function bindLevers(root) {
  for (const input of root.querySelectorAll("[data-lever]"))
    input.addEventListener("input", e => {
      const t = e.target, d = t.dataset, v = Number(t.value);
      if (t.value === "" || !isFinite(v)) return;
      for (const twin of root.querySelectorAll(`[data-lever="${d.lever}"][data-actor="${CSS.escape(d.actor)}"][data-issue="${CSS.escape(d.issue)}"]`)) if (twin !== t) twin.value = v;
      const change = {actor: d.actor, field: d.lever, value: v};
      if (d.issue) change.issue = d.issue;
      state.changes.set(changeKey(d.actor, d.issue, d.lever), change);
      const who = t.closest(".stance") && t.closest(".stance").querySelector(".who");
      if (who) who.classList.add("edited");
      schedule();
    });
}

function buildPositions() {
  const d = state.doc;
  $("positions").innerHTML = d.issues.map(is => {
    const sc = scaleOf(is), pos = is.positions || {}, step = (sc.max - sc.min) / 200;
    const rows = Object.keys(pos).map(a => `<div class=stance>${leverRow(a, is.id, "position", sc.min, sc.max, step, a)}
        <input type=number class=num min=0 max=100 step=any value="${+effective(a, is.id, "salience").value.toFixed(2)}" data-lever=salience data-actor="${esc(a)}" data-issue="${esc(is.id)}" aria-label="${esc(a)} salience on ${esc(is.id)}" title="salience 0-100">
        <button type=button class=small data-unstance="${esc(a)}" data-issue="${esc(is.id)}" title="${esc(a)} sits this issue out" aria-label="remove ${esc(a)} from ${esc(is.id)}">×</button></div>`).join("");
    const out = actorIds().filter(a => !(a in pos));
    return `<fieldset class=issue><legend>${esc(is.name || is.id)}</legend>
      <div class=ends><span>${esc(sc.min)} = ${esc(sc.low)}</span><span>${esc(sc.max)} = ${esc(sc.high)}</span></div>
      <div class=stance><span class=colhead>actor</span><span class=colhead>position</span><span class=colhead></span><span class=colhead>salience</span><span></span></div>
      ${rows}${out.length ? `<div class=sitout>Sits out: ${out.map(a => `${esc(a)} <button type=button class=small data-stance="${esc(a)}" data-issue="${esc(is.id)}">add position</button>`).join(" ")}</div>` : ""}</fieldset>`;
  }).join("");
  bindLevers($("positions"));
  for (const b of $("positions").querySelectorAll("[data-unstance]")) b.addEventListener("click", e => {
    const is = issueOf(e.target.dataset.issue);
    if (Object.keys(is.positions).length <= 1) { showErrors(["An issue needs at least one actor's position."]); return; }
    delete is.positions[e.target.dataset.unstance]; structureChanged();
  });
  for (const b of $("positions").querySelectorAll("[data-stance]")) b.addEventListener("click", e => {
    const is = issueOf(e.target.dataset.issue), sc = scaleOf(is);
    is.positions[e.target.dataset.stance] = {position: (sc.min + sc.max) / 2, salience: 50, source: ensureLabSource()};
    structureChanged();
  });
}

function buildActors() {
  const caps = state.doc.actors.map(a => Number(quantity(a.capability)) || 0), top = Math.max(...caps, 1e-9);
  $("actors").innerHTML = `<p class=hint>Capability: any unit shared by all actors (sliders reach twice the largest).</p>` +
    state.doc.actors.map(a => `<div class="stance cap">${leverRow(a.id, "", "capability", 0, +(2 * top).toPrecision(3), +(top / 100).toPrecision(3), a.id)}
      <span class=name>${esc(a.name || "")}</span><button type=button class=small data-rmactor="${esc(a.id)}" aria-label="remove actor ${esc(a.id)}">×</button></div>`).join("") +
    perIssueCapabilities(top) +
    `<p>Add actor: <input type=text id=new-actor-id placeholder=id size=6> <input type=text id=new-actor-name placeholder=name size=14>
     <input type=number id=new-actor-cap placeholder=capability step=any class=num value="${+(top / 2).toPrecision(3)}"> <button type=button id=add-actor>add</button></p>`;
  bindLevers($("actors"));
  for (const b of $("actors").querySelectorAll("[data-rmactor]")) b.addEventListener("click", e => removeActor(e.target.dataset.rmactor));
  $("add-actor").addEventListener("click", () => {
    const id = $("new-actor-id").value.trim(), cap = Number($("new-actor-cap").value);
    const problems = [];
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(id)) problems.push("An actor needs an id: a letter, then letters, digits, _ . or -.");
    if (actorIds().includes(id)) problems.push(`There is already an actor '${id}'.`);
    if (!(cap >= 0)) problems.push("Capability must be a number >= 0.");
    if (problems.length) { showErrors(problems); return; }
    state.doc.actors.push({id, name: $("new-actor-name").value.trim() || id, capability: {value: cap, source: ensureLabSource()}});
    showErrors([]); structureChanged();
  });
}
// Stances with their own capability (an actor's weight on one issue, e.g. China's trade leverage).
function perIssueCapabilities(top) {
  const rows = [];
  for (const is of state.doc.issues)
    for (const [a, st] of Object.entries(is.positions || {}))
      if (st.capability !== undefined) {
        const hi = Math.max(2 * top, 2 * Number(st.capability));
        rows.push(`<div class="stance cap">${leverRow(a, is.id, "capability", 0, +hi.toPrecision(3), +(top / 100).toPrecision(3), a)}<span class=name>on ${esc(is.id)}</span><span></span></div>`);
      }
  return rows.length ? `<p class=hint>Capabilities on one issue only:</p>${rows.join("")}` : "";
}
function removeActor(id) {
  const d = state.doc;
  if (d.actors.length <= 1) { showErrors(["A scenario needs at least one actor."]); return; }
  d.actors = d.actors.filter(a => a.id !== id);
  for (const is of d.issues) if (is.positions) delete is.positions[id];
  for (const inst of d.institutions || []) if (Array.isArray(inst.veto)) inst.veto = inst.veto.filter(a => a !== id);
  const emptyInst = (d.institutions || []).filter(i => Array.isArray(i.veto) && !i.veto.length).map(i => i.id);
  if (d.institutions) d.institutions = d.institutions.filter(i => !emptyInst.includes(i.id));
  for (const is of d.issues) if (emptyInst.includes(is.institution)) delete is.institution;
  for (const l of d.links || []) if (Array.isArray(l.actors)) l.actors = l.actors.filter(a => a !== id);
  for (const iv of d.interventions || []) iv.changes = (iv.changes || []).filter(c => c.actor !== id);
  if (d.interventions) d.interventions = d.interventions.filter(iv => iv.changes.length);
  if (d.responses) d.responses = d.responses.filter(r => r.actor !== id && r.driver_actor !== id);
  if (d.outcomes) d.outcomes = d.outcomes.filter(o => o.actor !== id);
  structureChanged();
}

function buildIssues() {
  const d = state.doc, insts = d.institutions || [];
  $("issues").innerHTML = d.issues.map((is, k) => {
    const sc = scaleOf(is), sq = is.status_quo ? quantity(is.status_quo) : "";
    return `<fieldset class=issue data-k="${k}"><legend>${esc(is.id)}</legend><table class=edit-list>
      <tr><td>name</td><td colspan=3><input type=text data-f=name value="${esc(is.name || "")}"></td></tr>
      <tr><td>scale min</td><td><input type=number step=any class=num data-f=min value="${esc(sc.min)}"></td><td>means</td><td><input type=text data-f=low value="${esc(sc.low)}"></td></tr>
      <tr><td>scale max</td><td><input type=number step=any class=num data-f=max value="${esc(sc.max)}"></td><td>means</td><td><input type=text data-f=high value="${esc(sc.high)}"></td></tr>
      <tr><td>status quo</td><td><input type=number step=any class=num data-f=sq value="${esc(sq)}" placeholder=none></td>
          <td>institution</td><td><select data-f=institution><option value="">none</option>${insts.map(i => `<option${i.id === is.institution ? " selected" : ""}>${esc(i.id)}</option>`).join("")}</select></td></tr>
      </table><button type=button class=small data-rmissue="${k}">remove issue</button></fieldset>`;
  }).join("") + `<p>Add issue: <input type=text id=new-issue-id placeholder=id size=10> <input type=text id=new-issue-name placeholder=name size=16>
     <button type=button id=add-issue>add</button> <span class=hint>(scale 0–100, every actor at 50 with salience 50; edit them after)</span></p>`;
  for (const fs of $("issues").querySelectorAll("fieldset[data-k]"))
    fs.addEventListener("change", e => {
      const is = d.issues[Number(fs.dataset.k)], f = e.target.dataset.f, v = e.target.value;
      is.scale = is.scale || {min: 0, max: 100, low: "", high: ""};
      if (f === "name") is.name = v;
      else if (f === "min" || f === "max") is.scale[f] = Number(v);
      else if (f === "low" || f === "high") is.scale[f] = v;
      else if (f === "institution") { if (v) is.institution = v; else delete is.institution; }
      else if (f === "sq") {
        if (v === "") delete is.status_quo;
        else if (is.status_quo && typeof is.status_quo === "object") { is.status_quo.value = Number(v); if (Array.isArray(is.status_quo.range)) is.status_quo.range = [Math.min(is.status_quo.range[0], Number(v)), Math.max(is.status_quo.range[1], Number(v))]; }
        else is.status_quo = {value: Number(v), source: ensureLabSource()};
      }
      structureChanged();
    });
  for (const b of $("issues").querySelectorAll("[data-rmissue]")) b.addEventListener("click", e => removeIssue(Number(e.target.dataset.rmissue)));
  $("add-issue").addEventListener("click", () => {
    const id = $("new-issue-id").value.trim();
    const problems = [];
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(id)) problems.push("An issue needs an id: a letter, then letters, digits, _ . or -.");
    if (issueOf(id)) problems.push(`There is already an issue '${id}'.`);
    if (problems.length) { showErrors(problems); return; }
    const src = ensureLabSource(), positions = {};
    for (const a of actorIds()) positions[a] = {position: 50, salience: 50, source: src};
    d.issues.push({id, name: $("new-issue-name").value.trim() || id, scale: {min: 0, max: 100, low: "the low end", high: "the high end"}, positions});
    showErrors([]); structureChanged();
  });
}
function removeIssue(k) {
  const d = state.doc;
  if (d.issues.length <= 1) { showErrors(["A scenario needs at least one issue."]); return; }
  const id = d.issues[k].id;
  d.issues.splice(k, 1);
  if (d.links) { for (const l of d.links) l.issues = l.issues.filter(i => i !== id); d.links = d.links.filter(l => l.issues.length >= 2); if (!d.links.length) delete d.links; }
  for (const iv of d.interventions || []) iv.changes = (iv.changes || []).filter(c => c.issue !== id);
  if (d.interventions) d.interventions = d.interventions.filter(iv => iv.changes.length);
  if (d.responses) d.responses = d.responses.filter(r => r.issue !== id && r.driver_issue !== id);
  if (d.outcomes) d.outcomes = d.outcomes.filter(o => o.issue !== id);
  structureChanged();
}

function buildInstitutions() {
  const insts = state.doc.institutions || [];
  $("institutions").innerHTML = (insts.length ? "" : `<p class=hint>No institutions. A veto institution lets its holders keep an issue's status quo.</p>`) +
    insts.map((inst, k) => `<fieldset class=issue data-k="${k}"><legend>${esc(inst.name || inst.id)} (${esc(inst.kind)})</legend>
      Veto holders: ${actorIds().map(a => `<label class=model><input type=checkbox data-veto="${esc(a)}"${(inst.veto || []).includes(a) ? " checked" : ""}>${esc(a)}</label>`).join(" ")}
      <div class=hint>Applies to: ${state.doc.issues.filter(i => i.institution === inst.id).map(i => esc(i.id)).join(", ") || "no issue (choose one under Issues)"}</div></fieldset>`).join("") +
    `<p>Add veto institution: <input type=text id=new-inst-id placeholder=id size=10> <button type=button id=add-inst>add</button></p>`;
  for (const fs of $("institutions").querySelectorAll("fieldset[data-k]"))
    fs.addEventListener("change", () => {
      const inst = insts[Number(fs.dataset.k)];
      const holders = [...fs.querySelectorAll("[data-veto]:checked")].map(b => b.dataset.veto);
      if (!holders.length) { showErrors(["A veto institution needs at least one veto holder."]); buildInstitutions(); return; }
      inst.veto = holders; structureChanged();
    });
  $("add-inst").addEventListener("click", () => {
    const id = $("new-inst-id").value.trim();
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(id) || insts.some(i => i.id === id)) { showErrors(["An institution needs a new id: a letter, then letters, digits, _ . or -."]); return; }
    state.doc.institutions = insts;
    insts.push({id, name: id, kind: "veto", veto: [actorIds()[0]], source: ensureLabSource()});
    showErrors([]); structureChanged();
  });
}

// Responses (positions that respond to another issue): every number of each is editable.
function buildResponses() {
  const rs = state.doc.responses || [];
  $("responses-section").hidden = !rs.length;
  $("responses").innerHTML = rs.map((r, k) => {
    const nums = Object.entries(r).filter(([, v]) => typeof v === "number" || (v && typeof v === "object" && typeof v.value === "number"));
    const words = Object.entries(r).filter(([, v]) => typeof v === "string").map(([key, v]) => `${esc(key)}: ${esc(v)}`).join(", ");
    return `<fieldset class=issue data-k="${k}"><legend>${esc(words)}</legend>${nums.map(([key, v]) =>
      `<label class=model>${esc(key)} <input type=number step=any class=num data-key="${esc(key)}" value="${esc(quantity(v))}"></label>`).join(" ")}</fieldset>`;
  }).join("");
  for (const fs of $("responses").querySelectorAll("fieldset[data-k]"))
    fs.addEventListener("change", e => { setQuantity(rs[Number(fs.dataset.k)], e.target.dataset.key, Number(e.target.value)); structureChanged(); });
}

// ---- models ---------------------------------------------------------------------------
// A checkbox per model variant (compromise runs as mean and median by default), and rounds
// per iterative model.
const defaultSpec = m => m.includes(":") ? m : `${m}:${state.models.find(x => x.name === m).variants[0].name}`;
function buildModelPicker() {
  const defaults = state.defaults.map(defaultSpec);
  $("models").innerHTML = `<legend>Models, variants and rounds</legend>` + state.models.map(m =>
    `<span class=model title="${esc(m.description)}"><strong>${esc(m.name)}</strong>${m.variants.map(v => {
      const spec = `${m.name}:${v.name}`;
      return `<label title="${esc(v.description)}"><input type=checkbox data-spec="${esc(spec)}"${defaults.includes(spec) ? " checked" : ""}>${esc(v.name)}</label>`;
    }).join("")}${m.default_rounds ? `<input type=number min=1 max=100000 class=num data-rounds="${esc(m.name)}" placeholder="${m.default_rounds} r." aria-label="${esc(m.name)} rounds" title="rounds (default ${m.default_rounds})">` : ""}</span>`).join("");
  $("models").addEventListener("change", schedule);
}
function chosenModels() {
  const out = [];
  for (const box of document.querySelectorAll("[data-spec]:checked")) {
    const spec = {model: box.dataset.spec};
    const rounds = document.querySelector(`[data-rounds="${box.dataset.spec.split(":")[0]}"]`);
    if (rounds && rounds.value) spec.rounds = Number(rounds.value);
    out.push(spec);
  }
  return out;
}

// ---- running --------------------------------------------------------------------------
function schedule() { clearTimeout(state.timer); state.timer = setTimeout(() => run(false), 150); }
function requestBase() {
  const body = {changes: [...state.changes.values()], interventions: (state.doc.interventions || []).map(iv => iv.id).filter(id => state.ticked.has(id)),
    compare: true, seed: $("seed").value === "" ? 1 : Number($("seed").value)};
  // Unedited: the catalogue id, or the uploaded text itself so that messages give its lines.
  if (state.loaded.kind === "catalogue" && !state.dirty) body.scenario = state.loaded.id;
  else if (!state.dirty) { body.yaml = state.loaded.text; body.origin = state.loaded.name; }
  else { body.yaml = JSON.stringify(state.doc, null, 1); body.origin = `${state.loaded.name} (as edited in the lab)`; }
  return body;
}
async function run(mc) {
  const seq = ++state.seq, started = performance.now();
  const models = chosenModels();
  if (!models.length) { showErrors(["Choose at least one model."]); clearResults(); return; }
  const base = requestBase();
  const mcRuns = Number($("mcruns").value) || 200;
  let tokens = [`p${seq}x${Math.random().toString(36).slice(2, 10)}`];
  status(mc ? `Monte Carlo: ${mcRuns} draws × ${models.length} models…` : "running…");
  let poll = null;
  if (mc) {
    $("progress").hidden = false; $("progress").value = 0;
    poll = setInterval(async () => {
      const f = await Promise.all(tokens.map(t => api(`/api/progress/${t}`).then(b => b.progress).catch(() => 0)));
      if (seq === state.seq) $("progress").value = f.reduce((a, b) => a + b, 0) / f.length;
    }, 150);
  }
  const request = (ms, token) => post(mc ? `/api/run?progress=${token}` : "/api/run", {...base, models: ms, ...(mc ? {mc: {runs: mcRuns}} : {})});
  // All models in one request (fastest); if the scenario is refused (422) and there are
  // several models, one request per model finds those that can run it.
  let replies;
  try {
    const all = await request(models, tokens[0]);
    replies = models.map((_, k) => ({status: "fulfilled", value: pickRun(all, k)}));
  } catch (e) {
    if (e.status === 422 && models.length > 1 && seq === state.seq) {
      tokens = models.map((_, k) => `${tokens[0]}x${k}`);
      replies = await Promise.allSettled(models.map((m, k) => request([m], tokens[k])));
      replies = replies.map(r => (r.status === "fulfilled" ? {status: "fulfilled", value: pickRun(r.value, 0)} : r));
    } else {
      replies = models.map(() => ({status: "rejected", reason: e}));
    }
  }
  if (poll) { clearInterval(poll); $("progress").hidden = true; }
  if (seq !== state.seq) return;  // a newer run started meanwhile
  const ok = replies.filter(r => r.status === "fulfilled").map(r => r.value);
  // Problems shared by every model (the scenario, the changes) come back once per request:
  // listed once. A model that cannot run this scenario is shown in its row instead.
  if (!ok.length) { clearResults(); showErrors(replies.flatMap(r => r.reason.problems)); status("the run failed"); return; }
  showErrors([]);
  state.runs += 1;
  state.result = {
    issues: ok[0].edited.issues, scenario: ok[0].edited.scenario, conflicts: ok[0].edited.conflicts || [], mc: !!mc,
    models: replies.map((r, k) => r.status === "fulfilled"
      ? {label: `${r.value.edited.runs[0].model}:${r.value.edited.runs[0].variant}`, baseline: r.value.baseline.runs[0], edited: r.value.edited.runs[0],
         difference: r.value.difference.runs[0], mc: r.value.edited.monte_carlo ? {baseline: r.value.baseline.monte_carlo.models[0], edited: r.value.edited.monte_carlo.models[0], difference: r.value.difference.monte_carlo.models[0], package: (r.value.difference.monte_carlo.packages || [])[0]} : null}
      : {label: models[k].model, error: r.reason.problems.join("; ")}),
    documents: mergeRuns(ok),
  };
  render();
  const failed = replies.length - ok.length;
  status(`ran ${ok.length} model${ok.length > 1 ? "s" : ""} in ${Math.round(performance.now() - started)} ms` + (failed ? `; ${failed} could not run this scenario` : ""));
}
// The models' comparisons as one document {baseline, edited, difference} (download results).
function mergeRuns(parts) {
  const merge = key => {
    const d = {...parts[0][key], runs: parts.flatMap(p => p[key].runs)};
    if (parts[0][key].monte_carlo) d.monte_carlo = {...parts[0][key].monte_carlo, models: parts.flatMap(p => p[key].monte_carlo.models)};
    return d;
  };
  return {baseline: merge("baseline"), edited: merge("edited"), difference: merge("difference")};
}
// Model k's part of a comparison document (its run, its Monte Carlo summary).
function pickRun(reply, k) {
  const pick = d => ({...d, runs: [d.runs[k]], ...(d.monte_carlo ? {monte_carlo: {...d.monte_carlo, models: [d.monte_carlo.models[k]]}} : {})});
  return {baseline: pick(reply.baseline), edited: pick(reply.edited), difference: pick(reply.difference)};
}
function clearResults() { state.result = null; $("outcomes").innerHTML = ""; $("conflicts").innerHTML = ""; $("legend").innerHTML = ""; }

// ---- results --------------------------------------------------------------------------
function sitOuts(issueId) {
  const is = issueOf(issueId);
  return is ? actorIds().filter(a => !(a in (is.positions || {}))) : [];
}
// Not converged: the model says so, or positions still moved in the last round.
function convergence(run) {
  const c = run.detail && run.detail.convergence;
  if (c) return c.converged === false ? (c.reason || "did not converge") : null;
  const t = run.trajectory;
  if (!t || t.length < 3) return null;
  const a = t[t.length - 1], b = t[t.length - 2];
  const move = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
  return move > 1e-6 ? `still moving in the last round (up to ${move.toPrecision(2)})` : null;
}
function flags(run, issue) {
  const out = [];
  const inst = run.detail && run.detail.institution;
  if (inst && inst.applied && inst.blocked_by && inst.blocked_by.length)
    out.push(`<span class="flag veto" title="${esc(inst.reason)}">veto: ${esc(inst.blocked_by.join(", "))} hold it at ${fmt(run.outcome)} (unconstrained ${fmt(inst.unconstrained_outcome)})</span>`);
  else if (inst && inst.applied) out.push(`<span class="flag sq" title="${esc(inst.reason)}">no veto used</span>`);
  const c = convergence(run);
  if (c) out.push(`<span class="flag moving">not converged: ${esc(c)}</span>`);
  return out.join("");
}
function band(m, which, issueId) {
  if (!m.mc) return "";
  const r = m.mc[which].issues.find(x => x.issue === issueId);
  const s = which === "difference" ? r.shift : r.outcome;
  return `<span class=band title="5th to 95th percentile of ${m.mc[which] === m.mc.difference ? "the difference" : "the outcome"} over the draws">${fmt(s.p05)} … ${fmt(s.p95)}</span>`;
}

function render() {
  const R = state.result;
  $("legend").innerHTML = `<strong>Actors</strong>` + state.doc.actors.map(a => `<span>${swatch(a.id)}${esc(a.id)} ${a.name && a.name !== a.id ? "– " + esc(a.name) : ""}</span>`).join("") +
    `<span>○ baseline ● edited ◆ status quo${R.mc ? " ▭ 90% band" : ""}</span>`;
  let html = "";
  R.issues.forEach((is, i) => {
    const sc = is.scale, out = sitOuts(is.id), docIssue = issueOf(is.id);
    const sq = docIssue && docIssue.status_quo !== undefined ? Number(quantity(docIssue.status_quo)) : null;
    html += `<div class=issueblock data-issue="${esc(is.id)}"><h3>${esc(is.name || is.id)}</h3>
      <div class=ends><span>${esc(sc.min)} = ${esc(sc.low)}</span><span>${esc(sc.max)} = ${esc(sc.high)}</span></div>
      ${sq !== null ? `<span class="flag sq">status quo ${fmt(sq)}</span>` : ""}${out.length ? `<span class="flag sq">sits out: ${out.map(esc).join(", ")}</span>` : ""}
      ${strip(is, R.models, i, sq)}
      <table class=outcome-table><tr><th>model</th><th class=num>baseline</th><th class=num>edited</th><th class=num>difference</th><th>notes</th></tr>`;
    for (const m of R.models) {
      if (m.error) { html += `<tr><td>${esc(m.label)}</td><td colspan=4 class=failed>cannot run: ${esc(m.error)}</td></tr>`; continue; }
      const b = m.baseline.issues[i], e = m.edited.issues[i], d = m.difference.issues[i].difference;
      html += `<tr data-model="${esc(m.label)}"><td>${esc(m.label)}</td><td class=num data-col=baseline>${fmt(b.outcome)}${band(m, "baseline", is.id)}</td>
        <td class=num data-col=edited>${fmt(e.outcome)}${band(m, "edited", is.id)}</td>
        <td class="num ${d > 1e-9 ? "pos" : d < -1e-9 ? "neg" : ""}" data-col=difference>${signed(d)}${band(m, "difference", is.id)}</td>
        <td>${flags(e, is)}${e.why ? `<div class=why>${esc(e.why)}</div>` : ""}</td></tr>`;
    }
    html += `</table><details${i === 0 ? " open" : ""}><summary>Trajectories (edited run)</summary><div class=charts>${R.models.filter(m => !m.error).map(m => trajectoryChart(m.edited.issues[i], sc, m.label, m.baseline.issues[i].outcome)).join("")}</div></details></div>`;
  });
  $("outcomes").innerHTML = html + responseBlock(R.models) + packageBlock(R.models);
  renderConflicts(R.conflicts);
}

// How the edits reached issues they do not touch: each response's value (an actor's stance
// that follows another issue) in the baseline and edited runs, its driver beside it, and
// with Monte Carlo the 5–95% range of its change over the paired draws.
function responseBlock(models) {
  const ok = models.filter(m => !m.error && (m.difference.responses || []).length);
  const drawn = (m, j) => m.mc && m.mc.difference.responses ? m.mc.difference.responses[j].change_over_draws : null;
  const part = r => r.through_response === undefined ? r.change : r.through_response;
  const moved = ok.some(m => m.difference.responses.some((r, j) => Math.abs(r.change) > 1e-9 ||
    (drawn(m, j) && (Math.abs(drawn(m, j).p05) > 1e-9 || Math.abs(drawn(m, j).p95) > 1e-9))));
  if (!moved) return "";
  let html = `<div class=issueblock id=responses><h3>Through the responses</h3>
    <p class=muted>Each response's value at the baseline and edited point forecasts, with the driver it follows. "By the response" is the part of the change the response made; an edit to the value itself makes the rest${ok.some(m => m.mc) ? "; the range is 5–95% of the response's part over the paired draws" : ""}.</p>
    <table class=outcome-table><tr><th>response</th><th>model</th><th>driver</th><th>baseline</th><th>edited</th><th>change</th><th>by the response</th></tr>`;
  // Grouped by response (the same order in every model), as the CLI and the report show them.
  const count = Math.max(...ok.map(m => m.difference.responses.length));
  for (let j = 0; j < count; j++)
    for (const m of ok) {
      const r = m.difference.responses[j];
      if (!r) continue;
      const c = drawn(m, j);
      const unsettled = ["solved_baseline", "solved_with"].filter(k => r[k] && r[k] !== "converged")
        .map(k => ` <span class=muted>(${esc(r[k])} ${k === "solved_baseline" ? "baseline" : "edited"})</span>`).join("");
      html += `<tr data-model="${esc(m.label)}"><td>${swatch(r.actor)}${esc(r.actor)} ${esc(r.field)} on ${esc(r.issue)} ← ${esc(r.driver)}</td><td>${esc(m.label)}${unsettled}</td>
        <td class=num>${fmt(r.driver_baseline)} → ${fmt(r.driver_with)}</td><td class=num>${fmt(r.value_baseline)}</td><td class=num>${fmt(r.value_with)}</td>
        <td class="num ${r.change > 1e-9 ? "pos" : r.change < -1e-9 ? "neg" : ""}">${signed(r.change)}</td>
        <td class="num ${part(r) > 1e-9 ? "pos" : part(r) < -1e-9 ? "neg" : ""}">${signed(part(r))}${c ? ` <span class=muted>(${signed(c.p05)} … ${signed(c.p95)})</span>` : ""}</td></tr>`;
    }
  return html + `</table></div>`;
}

// Would each actor accept the edits as a deal? Per model, under its own utility with the
// actors' baseline stances as ideals (docs/models/linkage.md, "Package deals").
function packageBlock(models) {
  const ok = models.filter(m => !m.error && m.difference.package);
  const moved = ok.some(m => m.difference.issues.some(d => Math.abs(d.difference) > 1e-9));
  if (!moved) return "";
  // With Monte Carlo: the share of paired draws that agree with the point verdict.
  const share = (m, a, verdict) => {
    const x = m.mc && m.mc.package ? m.mc.package.actors.find(y => y.actor === a.actor) : null;
    const v = x ? x[verdict === "better" ? "better_share" : "worse_share"] : undefined;
    return v === undefined ? "" : `; ${Math.round(100 * v)}% of draws`;
  };
  const who = (m, p, verdict) => p.actors.filter(a => a.verdict === verdict)
    .map(a => `<span title="${esc(a.actor)}: utility ${a.baseline.toPrecision(4)} → ${a.with.toPrecision(4)}">${swatch(a.actor)}${esc(a.actor)} ${verdict === "indifferent" ? "" : `(${signed(a.difference, 3)}${share(m, a, verdict)})`}</span>`).join(" ") || "—";
  let html = `<div class=issueblock id=packages><h3>Who is better off with the edits</h3>
    <p class=muted>Each model's own utility, the actors' baseline stances as their ideal points: would each accept this as a deal?</p>
    <table class=outcome-table><tr><th>model</th><th>better off</th><th>worse off</th><th>indifferent</th></tr>`;
  for (const m of ok) {
    const p = m.difference.package;
    html += `<tr data-model="${esc(m.label)}"><td title="${esc(p.utility)}">${esc(m.label)}</td><td class=pos>${who(m, p, "better")}</td><td class=neg>${who(m, p, "worse")}</td><td>${who(m, p, "indifferent")}</td></tr>`;
  }
  return html + `</table></div>`;
}

// One row per model on the issue's scale: baseline ○, edited ●, the 90% band, the status quo ◆,
// and the actors' edited positions as coloured ticks on top.
function strip(is, models, i, sq) {
  const sc = is.scale, ok = models.filter(m => !m.error);
  const W = 640, L = 130, Rm = 16, rowH = 22, top = 34, H = top + ok.length * rowH + 34;
  const X = v => L + (v - sc.min) / (sc.max - sc.min) * (W - L - Rm);
  let s = `<svg class=strip viewBox="0 0 ${W} ${H}" width="100%" role=img aria-label="outcomes on ${esc(is.id)}">`;
  for (let k = 0; k <= 4; k++) { const v = sc.min + k * (sc.max - sc.min) / 4; s += `<line class=grid x1="${X(v)}" x2="${X(v)}" y1="${top - 8}" y2="${H - 30}"/>`; }
  // actors' positions (edited inputs)
  s += `<text x="4" y="${top - 8}">positions</text>`;
  const docIssue = issueOf(is.id);
  // Ticks in two staggered lanes so that actors at the same position stay visible.
  if (docIssue) Object.keys(docIssue.positions || {}).forEach((a, k) => {
    const v = effective(a, is.id, "position").value, y0 = top - 22 + (k % 2) * 9;
    s += `<line x1="${X(v)}" x2="${X(v)}" y1="${y0}" y2="${y0 + 9}" stroke="${actorColour(a)}" stroke-width="3"><title>${esc(a)}: ${fmt(v)}</title></line>`;
  });
  if (sq !== null) s += `<line x1="${X(sq)}" x2="${X(sq)}" y1="${top - 4}" y2="${H - 30}" stroke="#555" stroke-dasharray="2 3"/>`;
  ok.forEach((m, r) => {
    const y = top + r * rowH + rowH / 2, b = m.baseline.issues[i].outcome, e = m.edited.issues[i].outcome;
    s += `<text x="4" y="${y + 4}">${esc(m.label)}</text>`;
    if (m.mc) { const q = m.mc.edited.issues.find(x => x.issue === is.id).outcome; s += `<rect x="${X(q.p05)}" y="${y - 7}" width="${Math.max(1, X(q.p95) - X(q.p05))}" height="14" fill="#1a5e9a" opacity=".15"><title>90% of draws: ${fmt(q.p05)} to ${fmt(q.p95)}</title></rect>`; }
    s += `<line x1="${X(b)}" x2="${X(e)}" y1="${y}" y2="${y}" stroke="#333"/>`;
    s += `<circle cx="${X(b)}" cy="${y}" r="5" fill="#fff" stroke="#333" stroke-width="1.5"><title>baseline ${fmt(b)}</title></circle>`;
    s += `<circle cx="${X(e)}" cy="${y}" r="4" fill="#333"><title>edited ${fmt(e)}</title></circle>`;
    if (sq !== null) s += `<path d="M${X(sq)} ${y - 5} l5 5 l-5 5 l-5 -5z" fill="#777"><title>status quo ${fmt(sq)}</title></path>`;
  });
  const yAxis = H - 30;
  s += `<line class=axis x1="${L}" x2="${W - Rm}" y1="${yAxis}" y2="${yAxis}"/>`;
  for (let k = 0; k <= 4; k++) { const v = sc.min + k * (sc.max - sc.min) / 4; s += `<text x="${X(v)}" y="${yAxis + 13}" text-anchor=middle>${+v.toFixed(2)}</text>`; }
  s += `<text x="${L}" y="${yAxis + 27}">← ${esc(clip(sc.low, 36))}<title>${esc(sc.low)}</title></text><text x="${W - Rm}" y="${yAxis + 27}" text-anchor=end>${esc(clip(sc.high, 36))} →<title>${esc(sc.high)}</title></text>`;
  return s + `</svg>`;
}
const clip = (s, n) => (String(s).length > n ? String(s).slice(0, n - 1) + "…" : String(s));

function trajectoryChart(run, sc, label, baseline) {
  const W = 300, H = 190, L = 34, Rm = 8, T = 30, B = 34, n = run.trajectory.length;
  const X = k => L + (n > 1 ? k / (n - 1) : 0.5) * (W - L - Rm), Y = v => T + (1 - (v - sc.min) / (sc.max - sc.min)) * (H - T - B);
  let s = `<svg viewBox="0 0 ${W} ${H}" width="${W}" role=img aria-label="${esc(label)} trajectories"><text x="${L}" y="11" font-weight="600">${esc(label)}</text>`;
  s += `<text x="${L}" y="24" font-size="10">▲ ${esc(clip(sc.high, 40))}</text><text x="${L}" y="${H - 3}" font-size="10">▼ ${esc(clip(sc.low, 40))}</text>`;
  s += `<rect x="${L}" y="${T}" width="${W - L - Rm}" height="${H - T - B}" fill="none" class=axis />`;
  for (const v of [sc.min, (sc.min + sc.max) / 2, sc.max]) s += `<text x="${L - 3}" y="${Y(v) + 4}" text-anchor=end>${+v.toFixed(2)}</text>`;
  s += n > 1 ? `<text x="${L}" y="${H - B + 12}">0</text><text x="${W - Rm}" y="${H - B + 12}" text-anchor=end>${n - 1}</text><text x="${(L + W - Rm) / 2}" y="${H - B + 12}" text-anchor=middle>round</text>`
    : `<text x="${(L + W - Rm) / 2}" y="${H - B + 12}" text-anchor=middle>one step, no rounds</text>`;
  run.actors.forEach((a, j) => {
    const c = actorColour(a), dash = actorDash(a);
    if (n === 1) s += `<circle cx="${X(0)}" cy="${Y(run.trajectory[0][j])}" r="4" fill="${c}"><title>${esc(a)}</title></circle>`;
    else s += `<polyline fill="none" stroke="${c}" stroke-width="1.6"${dash ? ` stroke-dasharray="${dash}"` : ""} points="${run.trajectory.map((row, k) => X(k) + "," + Y(row[j])).join(" ")}"><title>${esc(a)}</title></polyline>`;
  });
  s += `<line x1="${L}" x2="${W - Rm}" y1="${Y(baseline)}" y2="${Y(baseline)}" stroke="#777" stroke-dasharray="4 3"><title>baseline outcome ${fmt(baseline)}</title></line>`;
  s += `<line x1="${L}" x2="${W - Rm}" y1="${Y(run.outcome)}" y2="${Y(run.outcome)}" stroke="#000" stroke-width="1.2"><title>edited outcome ${fmt(run.outcome)}</title></line>`;
  return s + `</svg>`;
}

function renderConflicts(conflicts) {
  if (!conflicts.length) { $("conflicts").innerHTML = ""; return; }
  $("conflicts").innerHTML = `<h2>Conflicts (graph model)</h2>` + conflicts.map(c => {
    const byState = new Map();
    for (const [concept, states] of Object.entries(c.equilibria || {}))
      for (const st of states) { const e = byState.get(st.decimal) || {st, concepts: []}; e.concepts.push(concept); byState.set(st.decimal, e); }
    const sq = c.status_quo || {};
    const paths = (sq.reachable_equilibria || []).map(r => `<li>${esc(r.description)} — ${r.reachable_by_improvements ? "reached by unilateral improvements: " + r.improving_path.map(p => `${esc(p.mover)} ${esc(p.change)}`).join(", then ") :
      r.reachable ? "reachable by moves: " + (r.path.length ? r.path.map(p => `${esc(p.mover)} ${esc(p.change)}`).join(", then ") : "it is the status quo") : "not reachable"}</li>`).join("");
    return `<div class=conflict><h3>${esc(c.name || c.conflict)}</h3>
      ${sq.state ? `<p><strong>Status quo:</strong> ${esc(sq.state.description)}${(sq.equilibrium_under || []).length ? ` (an equilibrium under ${esc(sq.equilibrium_under.join(", "))})` : " (not an equilibrium)"}</p>` : ""}
      <p><strong>Equilibria</strong> (${c.feasible_states} feasible states):</p><ul>${[...byState.values()].map(e => `<li>${esc(e.st.description)} <span class=hint>${esc(e.concepts.join(", "))}</span></li>`).join("")}</ul>
      ${paths ? `<p><strong>From the status quo:</strong></p><ul>${paths}</ul>` : ""}</div>`;
  }).join("");
}

// ---- loading, upload, downloads ---------------------------------------------------------
function adopt(loaded) {
  state.loaded = loaded; state.doc = clone(loaded.doc); state.dirty = false;
  state.changes.clear(); state.ticked.clear();
  showErrors([]); clearResults(); buildEditor();
}
async function loadCatalogue(id) {
  try {
    const s = await api("/api/scenarios/" + encodeURIComponent(id));
    adopt({kind: "catalogue", id, name: `${id}.yaml`, doc: s.document});
    await run(false);
  } catch (e) { clearResults(); showErrors(e.problems || [String(e)]); }
}
async function upload(file) {
  const text = await file.text();
  try {
    const v = await api(`/api/validate?name=${encodeURIComponent(file.name)}`, {method: "POST", body: text});
    const option = $("scenario").querySelector("option[value='upload:']") || $("scenario").appendChild(document.createElement("option"));
    option.value = "upload:"; option.textContent = `${v.summary.title || v.summary.id} (uploaded: ${file.name})`;
    $("scenario").value = "upload:";
    state.uploaded = {kind: "upload", id: v.summary.id, name: file.name, doc: v.document, text};
    adopt(state.uploaded);
    await run(false);
  } catch (e) { clearResults(); showErrors(e.problems || [String(e)]); status(`${file.name} was not loaded`); }
}
function save(name, text, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], {type}));
  a.download = name; document.body.appendChild(a); a.click(); a.remove();
}
const baseName = () => (state.loaded.kind === "upload" ? state.loaded.name.replace(/\.(ya?ml|json|csv)$/i, "") : state.loaded.id) + (state.dirty || state.changes.size ? "-edited" : "");
async function downloadYaml() {
  try {
    const r = await fetch(`/api/yaml?name=${encodeURIComponent(baseName() + ".yaml")}`, {method: "POST", body: JSON.stringify(bakedDocument())});
    const text = await r.text();
    if (!r.ok) { const b = JSON.parse(text); showErrors(b.problems && b.problems.length ? b.problems : [b.error]); return; }
    save(baseName() + ".yaml", text, "text/yaml");
  } catch (e) { showErrors([String(e)]); }
}

$("scenario").addEventListener("change", e => { if (e.target.value !== "upload:") loadCatalogue(e.target.value); else if (state.uploaded) { adopt(state.uploaded); run(false); } });
$("upload").addEventListener("change", e => { if (e.target.files[0]) upload(e.target.files[0]); });
$("reset").addEventListener("click", () => { adopt(state.loaded); run(false); });
$("run").addEventListener("click", () => run(false));
$("mc").addEventListener("click", () => run(true));
$("seed").addEventListener("change", schedule);
$("dlyaml").addEventListener("click", downloadYaml);
$("dljson").addEventListener("click", () => save(baseName() + ".json", JSON.stringify(bakedDocument(), null, 2) + "\n", "application/json"));
$("dlresult").addEventListener("click", () => { if (state.result) save(baseName() + "-results.json", JSON.stringify(state.result.documents, null, 2) + "\n", "application/json"); });

(async () => {
  try {
    const [list, models] = await Promise.all([api("/api/scenarios"), api("/api/models")]);
    state.models = models.models.filter(m => m.kind !== "conflict"); state.defaults = models.default;
    buildModelPicker();
    $("scenario").innerHTML = list.map(s => `<option value="${esc(s.id)}"${s.id === "korea-peninsula" ? " selected" : ""}>${esc(s.title || s.id)}</option>`).join("");
    await loadCatalogue($("scenario").value);
  } catch (e) { showErrors(e.problems || [String(e)]); }
})();
