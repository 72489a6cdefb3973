// titfortat dashboard: plain JavaScript over /api/. State lives in the URL (?view=...&a=...),
// so every view can be shared. Text from the data is always set as textContent, never HTML.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const TYPE_COLOURS = {
  AGREE: "#1f618d", CONSULT: "#2e86c1", SUPPORT: "#5dade2", CONCEDE: "#17a589", COOPERATE: "#229954",
  AID: "#52be80", RETREAT: "#7d3c98", REQUEST: "#b7950b", ACCUSE: "#d4ac0d", REJECT: "#ca6f1e",
  THREATEN: "#dc7633", PROTEST: "#a04000", SANCTION: "#884ea0", MOBILIZE: "#5d6d7e", COERCE: "#c0392b",
  ASSAULT: "#78281f",
};
const CLASS_COLOURS = {
  "reciprocated hostility": "#ca6f1e", "reciprocated cooperation": "#1f618d", "escalation": "#b03a2e",
  "de-escalation": "#1e8449", "concession under pressure": "#7d3c98", "unanswered": "#8a8f95",
};
const FILTERS = ["since", "until", "type", "actor"];
const SVG = "http://www.w3.org/2000/svg";
const main = document.getElementById("main");
let world = null;

// ---- small helpers ---------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

function state() { return new URLSearchParams(location.search); }

function href(changes, keep = true) {
  const p = keep ? state() : new URLSearchParams();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") p.delete(k); else p.set(k, v);
  }
  return "/?" + p.toString();
}

function go(url) { history.pushState(null, "", url); render(); }

function filterQuery(extra = {}) {
  const p = new URLSearchParams();
  const st = state();
  for (const f of FILTERS) if (st.get(f)) p.set(f, st.get(f));
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== "") p.set(k, v);
  return p;
}

async function api(path, params) {
  const url = path + (params && [...params].length ? "?" + params.toString() : "");
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
  return body;
}

function csvLink(path, params) {
  const p = new URLSearchParams(params);
  p.set("format", "csv");
  return h("a", { class: "csv", href: path + "?" + p.toString(), download: "" }, "Download CSV");
}

function eventLink(id, label) { return h("a", { href: href({ view: "event", id }, false), "data-internal": "1" }, label || id); }

function badge(cls) {
  return h("span", { class: "badge cls-" + String(cls).replace(/ /g, "-"), text: cls });
}

function table(columns, rows, { rowAttrs } = {}) {
  const head = h("tr", {}, columns.map(c => h("th", { text: c.title })));
  const body = rows.map(r => h("tr", rowAttrs ? rowAttrs(r) : {}, columns.map(c => {
    const v = c.cell ? c.cell(r) : r[c.key];
    return h("td", { class: c.cls || null }, v instanceof Node ? v : (v === null || v === undefined ? "" : String(v)));
  })));
  return h("div", { class: "scroll" }, h("table", {}, h("thead", {}, head), h("tbody", {}, body)));
}

function fail(err) {
  main.replaceChildren(h("p", { class: "error", text: "Error: " + err.message }));
}

// ---- views -------------------------------------------------------------------------------

async function viewDyad() {
  const st = state();
  let a = st.get("a"), b = st.get("b");
  const known = k => !k.startsWith("XXX");
  const range = filterQuery(); range.delete("type"); range.delete("actor");
  // The actor list and (without a pair in the address) the dyads are asked for together.
  const [actorList, dyadList] = await Promise.all([api("/api/actors"),
    !a || !b ? api("/api/dyads", range).catch(err => ({ failed: err })) : null]);
  const actors = actorList.items;
  if (!a || !b) {
    // The most active dyad; on a store too large to analyse whole, the two most named actors.
    const top = actors.filter(x => known(x.key));
    const dyads = dyadList.failed ? (top.length > 1 ? [{ source: top[0].key, target: top[1].key }] : [])
      : dyadList.items.filter(d => known(d.source) && known(d.target));
    if (!dyads.length) { main.replaceChildren(h("p", { text: "No pair of actors has events yet." })); return; }
    a = a || dyads[0].source; b = b || dyads[0].target;
  }
  const choose = (name, value) => h("label", {}, name === "a" ? "Actor A" : "Actor B",
    h("select", { name, id: "pick-" + name, onchange: e => go(href({ [name]: e.target.value })) },
      [...(actors.some(x => x.key === value) ? [] : [{ key: value, label: value, events: 0 }]), ...actors].map(x =>
        h("option", { value: x.key, selected: x.key === value ? "selected" : null },
          x.key.startsWith("XXX") ? `${x.label} (${x.events})` : `${x.label} (${x.key}, ${x.events})`))));
  const swap = h("button", { type: "button", onclick: () => go(href({ a: b, b: a })) }, "Swap");
  const params = filterQuery({ a, b });
  params.delete("type"); params.delete("actor");
  const ex = await api("/api/exchanges", params);
  const acts = ex.items;
  const title = h("h1", {}, `${ex.a_label} ↔ ${ex.b_label}`);
  const parts = [title, h("div", { class: "pair" }, choose("a", a), choose("b", b), swap)];
  if (!acts.length) {
    parts.push(h("p", { class: "muted", text: "No acts between these two actors in this period." }));
    main.replaceChildren(...parts);
    return;
  }
  parts.push(h("p", { class: "muted" },
    `${acts.length} acts; an answer is the other side's next act within ${ex.window_days} days (level ${ex.level}). ` +
    "Top lane: A's acts, bottom lane: B's; each curve joins an act to its answer, coloured by the kind of answer." +
    (ex.truncated ? ` Only the latest ${ex.event_limit} events between them are shown: narrow the dates to see older ones.` : "")));
  parts.push(exchangeChart(acts, ex.a), classLegend());
  parts.push(h("h2", {}, "Acts in order", csvLink("/api/exchanges", params)));
  parts.push(table([
    { title: "date", key: "date" },
    { title: "who → whom", cell: r => `${r.source_label} → ${r.target_label}` },
    { title: "act", cell: r => eventLink(r.id, `${r.event}${r.mode ? " / " + r.mode : ""}`) },
    { title: "Goldstein", key: "goldstein" },
    { title: "answers", cell: r => r.answers ? h("span", {}, badge(r.answers_as), " ", h("a", { href: "#act-" + r.answers, class: "jump" }, "↑ act")) : "" },
    { title: "its answer", cell: r => r.response ? h("span", {}, badge(r.response_class), ` after ${r.lag_days} d`) : badge("unanswered") },
    { title: "sentence", key: "text", cls: "text" },
  ], acts, { rowAttrs: r => ({ id: "act-" + r.id }) }));
  const recSection = h("section", { id: "reciprocity" }, h("h2", {}, "Reciprocity", csvLink("/api/reciprocity", params)),
    h("p", { class: "muted", text: "Computing reciprocity and the Granger test…" }));
  parts.push(recSection);
  main.replaceChildren(...parts);
  // The Granger test takes longest: the chain is shown first, reciprocity follows.
  api("/api/reciprocity", params).then(rec => {
    const body = [table(["source", "target", "acts", "answered", "rate", "median_lag_days", "escalation", "de-escalation",
      "concession under pressure", "reciprocated hostility", "reciprocated cooperation", "no response"].map(k => ({ title: k, key: k })),
    rec.items)];
    if (rec.granger) body.push(h("p", {}, `VAR(${rec.granger.lags}) on ${rec.granger.periods} weeks: ` + rec.granger.sentences.join(" ")));
    else if (rec.granger_note) body.push(h("p", { class: "muted", text: "Granger test " + rec.granger_note }));
    recSection.replaceChildren(recSection.firstChild, ...body);
  }).catch(err => recSection.replaceChildren(recSection.firstChild, h("p", { class: "error", text: "Error: " + err.message })));
}

function exchangeChart(acts, a) {
  const step = 66, left = 30, width = Math.max(360, left * 2 + step * acts.length), yA = 46, yB = 136;
  const pos = new Map(acts.map((r, i) => [r.id, { x: left + step * i + step / 2, y: r.source === a ? yA : yB }]));
  const svg = s("svg", { class: "fixed", viewBox: `0 0 ${width} 190`, width, height: 190, role: "img", "aria-label": "acts of A and B on one time axis" });
  svg.append(s("line", { x1: 0, x2: width, y1: yA, y2: yA, stroke: "#d0d7de" }), s("line", { x1: 0, x2: width, y1: yB, y2: yB, stroke: "#d0d7de" }));
  for (const r of acts) {
    if (!r.response || !pos.has(r.response)) continue;
    const p = pos.get(r.id), q = pos.get(r.response);
    const mid = (p.y + q.y) / 2 + (p.y === q.y ? (p.y === yA ? -30 : 30) : 0);
    svg.append(s("path", { class: "link", d: `M${p.x},${p.y} C${p.x},${mid} ${q.x},${mid} ${q.x},${q.y}`,
      stroke: CLASS_COLOURS[r.response_class] || "#888" }, s("title", {}, `${r.response_class} after ${r.lag_days} days`)));
  }
  let lastDate = null;
  acts.forEach(r => {
    const p = pos.get(r.id);
    const radius = 5 + Math.min(6, Math.abs(r.goldstein || 0) * 0.6);
    const colour = (r.goldstein || 0) < 0 ? "#b03a2e" : "#1f618d";
    const dot = s("circle", { class: "act", cx: p.x, cy: p.y, r: radius, fill: colour, "data-id": r.id, tabindex: 0,
      onclick: () => go(href({ view: "event", id: r.id }, false)),
      onkeydown: e => { if (e.key === "Enter") go(href({ view: "event", id: r.id }, false)); } },
    s("title", {}, `${r.date} ${r.source_label} → ${r.target_label}: ${r.event} (${r.goldstein})\n${r.text}`));
    svg.append(dot, s("text", { x: p.x, y: p.y === yA ? p.y - 16 : p.y + 24, "text-anchor": "middle" }, r.event));
    if (r.date !== lastDate) svg.append(s("text", { x: p.x, y: 182, "text-anchor": "middle" }, r.date.slice(2)));
    lastDate = r.date;
  });
  svg.append(s("text", { x: 2, y: 12 }, "A →"), s("text", { x: 2, y: 104 }, "B →"));
  return h("div", { class: "scroll" }, svg);
}

function classLegend() {
  return h("div", { class: "legend" }, Object.entries(CLASS_COLOURS).map(([k, c]) => {
    const sw = h("span", { class: "swatch" }); sw.style.background = c; return h("span", {}, sw, k);
  }));
}

function typeLegend(types) {
  return h("div", { class: "legend" }, types.map(t => {
    const sw = h("span", { class: "swatch" }); sw.style.background = TYPE_COLOURS[t] || "#888"; return h("span", {}, sw, t);
  }));
}

async function viewMap() {
  if (!world) world = await (await fetch("/static/world.json")).json();
  const params = filterQuery({ limit: 2000 });
  const points = (await api("/api/map", params)).items;
  const svg = s("svg", { class: "map", viewBox: "-180 -84 360 142", role: "img", "aria-label": "map of events" });
  for (const c of world.countries) {
    for (const ring of c.rings) {
      let d = "";
      for (let i = 0; i < ring.length; i += 2) d += (i ? "L" : "M") + ring[i] + "," + (-ring[i + 1]);
      svg.append(s("path", { class: "land", d: d + "Z" }, s("title", {}, c.name)));
    }
  }
  for (const p of points) {
    svg.append(s("circle", { cx: p.loc_lon, cy: -p.loc_lat, r: 1.5, fill: TYPE_COLOURS[p.event] || "#333", "fill-opacity": 0.85,
      class: "pt", "data-id": p.id, onclick: () => go(href({ view: "event", id: p.id }, false)) },
    s("title", {}, `${p.date} ${p.event} in ${p.loc_place || "?"}: ${p.event_text}`)));
  }
  const types = [...new Set(points.map(p => p.event))].sort();
  main.replaceChildren(h("h1", {}, `Map: ${points.length} located events`), typeLegend(types), svg,
    h("h2", {}, "Located events", csvLink("/api/map", params)),
    table([{ title: "date", key: "date" }, { title: "type", cell: r => eventLink(r.id, r.event) },
      { title: "place", key: "loc_place" }, { title: "country", key: "loc_country_code" },
      { title: "Goldstein", key: "goldstein" }, { title: "words", key: "event_text" }], points.slice(0, 200)));
}

function weekOf(date) {
  const d = new Date(date + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

async function viewTimeline() {
  const params = filterQuery();
  const rows = (await api("/api/timeline", params)).items;
  const weeks = new Map();
  for (const r of rows) {
    const w = weekOf(r.date);
    if (!weeks.has(w)) weeks.set(w, { week: w, total: 0, goldstein: 0, byType: {} });
    const e = weeks.get(w);
    e.total += r.events; e.goldstein += r.goldstein_sum; e.byType[r.event] = (e.byType[r.event] || 0) + r.events;
  }
  const list = [...weeks.values()].sort((x, y) => x.week.localeCompare(y.week));
  const types = TYPES.filter(t => list.some(w => w.byType[t]));
  const parts = [h("h1", {}, "Timeline by event type")];
  if (!list.length) { main.replaceChildren(...parts, h("p", { text: "No dated events match." })); return; }
  const W = 900, H = 260, top = 10, base = 200, maxN = Math.max(...list.map(w => w.total));
  const maxG = Math.max(1, ...list.map(w => Math.abs(w.goldstein / Math.max(1, w.total))));
  const t0 = Date.parse(list[0].week), t1 = Math.max(Date.parse(list[list.length - 1].week), t0 + 7 * 864e5);
  const x = w => 40 + (W - 60) * (Date.parse(w) - t0) / (t1 - t0);
  const bw = Math.max(2, Math.min(14, (W - 60) / Math.max(1, (t1 - t0) / (7 * 864e5)) - 1));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "events per week by type, mean Goldstein line" });
  svg.append(s("line", { x1: 40, x2: W - 20, y1: base, y2: base, stroke: "#999" }));
  for (const w of list) {
    let y = base;
    for (const t of types) {
      const n = w.byType[t] || 0; if (!n) continue;
      const hgt = (base - top) * n / maxN;
      y -= hgt;
      svg.append(s("rect", { x: x(w.week) - bw / 2, y, width: bw, height: hgt, fill: TYPE_COLOURS[t] }, s("title", {}, `week of ${w.week}: ${n} ${t}`)));
    }
  }
  const gy = w => 230 - 20 * (w.goldstein / Math.max(1, w.total)) / maxG;
  svg.append(s("line", { x1: 40, x2: W - 20, y1: 230, y2: 230, stroke: "#ccc", "stroke-dasharray": "3,3" }));
  svg.append(s("polyline", { points: list.map(w => `${x(w.week)},${gy(w)}`).join(" "), fill: "none", stroke: "#333", "stroke-width": 1.2 }));
  svg.append(s("text", { x: 2, y: 20 }, String(maxN)), s("text", { x: 2, y: base }, "0"), s("text", { x: 2, y: 234 }, "G"),
    s("text", { x: 40, y: 254 }, list[0].week), s("text", { x: W - 20, y: 254, "text-anchor": "end" }, list[list.length - 1].week));
  parts.push(typeLegend(types), h("div", { class: "scroll" }, svg),
    h("p", { class: "muted", text: "Bars: events per week by type. Line: mean Goldstein score per week (above the dashed line cooperative, below hostile)." }),
    h("h2", {}, "Per date and type", csvLink("/api/timeline", params)),
    table([{ title: "date", key: "date" }, { title: "type", key: "event" }, { title: "events", key: "events" },
      { title: "Goldstein sum", cell: r => Math.round(r.goldstein_sum * 100) / 100 }], rows.slice().reverse().slice(0, 300)));
  main.replaceChildren(...parts);
}

async function viewAlerts() {
  const params = filterQuery(); params.delete("type"); params.delete("actor");
  const alerts = (await api("/api/alerts", params)).items;
  const parts = [h("h1", {}, `Escalation alerts (${alerts.length})`), h("p", {}, csvLink("/api/alerts", params))];
  if (!alerts.length) parts.push(h("p", { text: "No alerts." }));
  for (const al of alerts) {
    const pair = h("a", { href: href({ view: "dyad", a: al.source, b: al.target }, false), "data-internal": "1" }, `${al.source_label} → ${al.target_label}`);
    parts.push(h("details", { class: "alert" }, h("summary", {}, `${al.week}: ${al.kind} (${al.level}, ${al.window}) `, pair,
      ` intensity ${al.value} vs ${al.baseline}` + (al.change_pct !== null ? ` (${al.change_pct > 0 ? "+" : ""}${al.change_pct} %)` : "")),
    al.events.length ? h("ul", {}, al.events.map(e => h("li", {}, `${e.date} `, eventLink(e.id, e.event), ` (${e.goldstein}): ${e.text}`)))
      : h("p", { class: "muted", text: "The alert marks a fall: no events in the new segment." })));
  }
  main.replaceChildren(...parts);
}

async function viewEvents() {
  const st = state();
  const params = filterQuery({ limit: 50, cursor: st.get("cursor") });
  const page = await api("/api/events", params);
  params.delete("cursor"); params.delete("limit");
  const parts = [h("h1", {}, "Events, newest first"), h("p", {}, csvLink("/api/events", new URLSearchParams([...params, ["limit", "1000"]])))];
  parts.push(table([{ title: "date", key: "date" }, { title: "type", cell: r => eventLink(r.id, r.event + (r.mode ? " / " + r.mode : "")) },
    { title: "actor", cell: r => r.actor.join("; ") }, { title: "recipient", cell: r => r.recipient.join("; ") },
    { title: "place", cell: r => [r.place, r.country].filter(Boolean).join(", ") }, { title: "Goldstein", key: "goldstein" },
    { title: "reports", key: "reports" }, { title: "sentence", key: "text", cls: "text" }], page.items));
  if (page.next_cursor) parts.push(h("a", { href: href({ cursor: page.next_cursor }), "data-internal": "1", class: "more" }, "Next page →"));
  main.replaceChildren(...parts);
}

async function viewEvent() {
  const id = state().get("id");
  if (!id) throw new Error("no event id in the address");
  const data = await api("/api/events/" + encodeURIComponent(id));
  const ev = data.event, sum = data.summary;
  const sentence = h("p", { class: "sentence", id: "sentence" });
  let at = 0;
  for (const span of data.highlights) {
    sentence.append(ev.text.slice(at, span.start), h("mark", { class: span.kind, title: span.kind, text: ev.text.slice(span.start, span.end) }));
    at = span.end;
  }
  sentence.append(ev.text.slice(at));
  const field = (k, v) => [h("dt", { text: k }), h("dd", {}, v === null || v === undefined || v === "" ? "—" : v)];
  const loc = ev.event_loc || {};
  const parts = [h("h1", {}, `${ev.event}${ev.mode ? " / " + ev.mode : ""} on ${ev.date || "an unknown date"}`), sentence,
    h("div", { class: "legend" }, ["trigger", "actor", "recipient", "date", "place"].map(k => h("mark", { class: k, text: k }))),
    h("dl", { class: "fields" },
      field("actor", data.actor_labels.join("; ")), field("recipient", data.recipient_labels.join("; ")),
      field("CAMEO / Goldstein", `${ev.cameo_code} / ${ev.goldstein}`), field("quad class", ev.quad_code),
      field("ACLED", [ev.acled_event_type, ev.acled_sub_event_type].filter(Boolean).join(": ")),
      field("date", `${ev.date || "—"} (${ev.date_precision || "?"})` + (ev.date_text ? ` from “${ev.date_text}”` : "")),
      field("place", [loc.resolved_place || loc.extracted_place, loc.province, sum.country].filter(Boolean).join(", ")),
      field("modality", ev.modality), field("confidence", ev.confidence),
      field("story", data.story.url ? h("a", { href: data.story.url, rel: "noreferrer noopener" }, data.story.title || data.story.id) : (data.story.title || data.story.id)),
      field("source", data.story.source)),
    h("h2", {}, "Why the coder said so"), h("ul", { class: "reasons" }, data.reasons.map(r => h("li", { text: r })))];
  if (data.cluster && data.cluster.members.length > 1) {
    parts.push(h("h2", {}, `Duplicate cluster: ${data.cluster.reports} reports, ${data.cluster.sources} sources, confidence ${data.cluster.confidence}`),
      table([{ title: "report", cell: r => eventLink(r.id) }, { title: "source", key: "source" }, { title: "date", key: "date" },
        { title: "sentence", key: "text", cls: "text" }], data.cluster.members));
  }
  main.replaceChildren(...parts);
}

const VIEWS = { dyad: viewDyad, map: viewMap, timeline: viewTimeline, alerts: viewAlerts, events: viewEvents, event: viewEvent };

async function render() {
  const st = state();
  const view = VIEWS[st.get("view")] ? st.get("view") : "dyad";
  document.querySelectorAll("nav a, .brand").forEach(a => a.classList.toggle("active", a.dataset.view === view && a.closest("nav") !== null));
  const form = document.getElementById("filters");
  for (const f of FILTERS) form.elements[f].value = st.get(f) || "";
  form.hidden = view === "event";
  main.setAttribute("aria-busy", "true");
  try {
    await VIEWS[view]();
    document.title = `titfortat: ${view}`;
  } catch (err) { fail(err); }
  main.setAttribute("aria-busy", "false");
  const target = location.hash && document.getElementById(location.hash.slice(1));
  if (target) target.scrollIntoView();
}

function init() {
  const form = document.getElementById("filters");
  for (const t of TYPES) form.elements.type.append(h("option", { value: t, text: t }));
  form.addEventListener("submit", e => {
    e.preventDefault();
    const changes = { cursor: null };
    for (const f of FILTERS) changes[f] = form.elements[f].value.trim();
    go(href(changes));
  });
  document.addEventListener("click", e => {
    const a = e.target.closest("a");
    if (!a || a.target || a.hasAttribute("download") || e.ctrlKey || e.metaKey) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname !== "/") return;
    e.preventDefault();
    if (a.dataset.view) { go(href({ view: a.dataset.view, id: null, cursor: null })); return; }
    if (url.search === location.search && url.hash) {
      history.pushState(null, "", url.hash);
      const row = document.getElementById(decodeURIComponent(url.hash.slice(1)));
      document.querySelectorAll("tr.focus").forEach(r => r.classList.remove("focus"));
      if (row) { row.classList.add("focus"); row.scrollIntoView({ block: "center" }); }
      return;
    }
    go(url.pathname + url.search + url.hash);
  });
  window.addEventListener("popstate", render);
  render();
}

init();
