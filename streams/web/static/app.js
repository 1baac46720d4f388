// wiredesk dashboard: incidents from /events (server-sent events), rendered without a framework.
// Every string that comes from an article is put in the page with textContent (via el()), never
// as markup: a headline "<img src=x onerror=alert(1)>" shows as those characters.
"use strict";

const state = {
  incidents: new Map(),   // incident_id -> incident view (with .timeline)
  selected: null,         // incident_id shown in the detail panel
  flash: new Set(),       // incident ids updated since the last render
};

// ------------------------------------------------------------------ DOM helpers (text only)
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

// A link only for http(s) URLs: a `javascript:` URL from a feed stays plain text.
function safeLink(url, text) {
  if (typeof url === "string" && /^https?:\/\//i.test(url)) {
    return el("a", {href: url, target: "_blank", rel: "noopener noreferrer nofollow", text: text || url});
  }
  return el("span", {text: text || url || ""});
}

// ------------------------------------------------------------------ formatting
function place(inc) {
  const loc = inc.location || {};
  return [loc.city || loc.name, loc.state, loc.country].filter(Boolean).join(", ");
}

// What the place filter reads: the place shown and the county ("Harris County" finds Houston).
function placeText(inc) {
  const loc = inc.location || {};
  return [place(inc), loc.county].filter(Boolean).join(", ");
}

function typeLabel(type) {
  return String(type || "unknown").replace(/_/g, " ");
}

function speakerOf(claim) {
  const sp = claim.speaker || {};
  return sp.resolved || sp.text || "(unnamed source)";
}

function searchText(inc) {
  const parts = [inc.title, inc.type, place(inc)];
  for (const s of inc.sources || []) parts.push(s.source, s.headline);
  for (const c of inc.claims || []) parts.push(speakerOf(c), c.content && c.content.text);
  for (const e of inc.entities || []) parts.push(e.text);
  return parts.filter(Boolean).join(" \u0001 ").toLowerCase();
}

// ------------------------------------------------------------------ filters
const filters = {
  type: document.getElementById("filter-type"),
  place: document.getElementById("filter-place"),
  text: document.getElementById("filter-text"),
};

function matches(inc) {
  const type = filters.type.value;
  const where = filters.place.value.trim().toLowerCase();
  const words = filters.text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (type && inc.type !== type) return false;
  if (where && !placeText(inc).toLowerCase().includes(where)) return false;
  if (words.length) {
    const hay = searchText(inc);
    if (!words.every((w) => hay.includes(w))) return false;
  }
  return true;
}

function sorted() {
  return [...state.incidents.values()].sort((a, b) =>
    String(b.updated_at || "").localeCompare(String(a.updated_at || "")) || a.incident_id.localeCompare(b.incident_id));
}

// ------------------------------------------------------------------ list
function casualties(inc) {
  const out = [];
  if (inc.killed !== null && inc.killed !== undefined) out.push(el("span", {class: "killed", text: `${inc.killed} killed`}));
  if (inc.injured !== null && inc.injured !== undefined) out.push(el("span", {class: "injured", text: `${inc.injured} injured`}));
  return out;
}

function card(inc) {
  const outlets = [...new Set((inc.sources || []).map((s) => s.source || "?"))];
  const disputed = (inc.claims || []).some((c) => c.disputed);
  const node = el("li", {
      class: "incident-card" + (inc.incident_id === state.selected ? " selected" : "") +
             (state.flash.has(inc.incident_id) ? " flash" : ""),
      "data-incident-id": inc.incident_id, tabindex: 0, role: "button",
      onclick: () => select(inc.incident_id),
      onkeydown: (ev) => { if (ev.key === "Enter") select(inc.incident_id); },
    },
    el("div", {class: "card-head"},
      el("span", {class: `badge type-${inc.type}`, text: typeLabel(inc.type)}),
      el("span", {class: "version", text: `v${inc.version}`}),
      disputed ? el("span", {class: "disputed", text: "disputed"}) : null),
    el("h2", {class: "title", text: inc.title || inc.incident_id}),
    el("div", {class: "facts"},
      el("span", {class: "place", text: place(inc) || "place unknown"}),
      el("span", {class: "date", text: inc.date || "date unknown"}),
      casualties(inc)),
    el("div", {class: "outlets", text: `${(inc.sources || []).length} source(s): ${outlets.join(", ")}`}));
  return node;
}

function renderList() {
  const list = document.getElementById("incidents");
  const shown = sorted().filter(matches);
  list.replaceChildren(...shown.map(card));
  if (!shown.length) {
    list.append(el("li", {class: "empty", text: state.incidents.size ? "No incident matches the filters." :
                                                 "No incidents yet: waiting for incidents.events…"}));
  }
  document.getElementById("counts").textContent = `${shown.length} of ${state.incidents.size} incidents`;
  state.flash.clear();
}

function renderTypeOptions() {
  const select = filters.type;
  const current = select.value;
  const types = [...new Set([...state.incidents.values()].map((i) => i.type))].sort();
  select.replaceChildren(el("option", {value: "", text: "all types"}),
                         ...types.map((t) => el("option", {value: t, text: typeLabel(t)})));
  select.value = types.includes(current) ? current : "";
}

// A bar per incident type; a click filters on it.
function renderChart() {
  const chart = document.getElementById("type-chart");
  const counts = new Map();
  for (const inc of state.incidents.values()) counts.set(inc.type, (counts.get(inc.type) || 0) + 1);
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const barH = 18, gap = 4, labelW = 130, width = 520;
  const max = Math.max(1, ...rows.map((r) => r[1]));
  chart.setAttribute("viewBox", `0 0 ${width} ${Math.max(1, rows.length) * (barH + gap)}`);
  chart.setAttribute("height", Math.max(1, rows.length) * (barH + gap));
  chart.replaceChildren(...rows.map(([type, n], i) => {
    const y = i * (barH + gap);
    const w = Math.max(2, (width - labelW - 40) * n / max);
    const g = svg("g", {class: "bar" + (filters.type.value === type ? " active" : ""), transform: `translate(0,${y})`});
    g.append(svg("title", {}, `${typeLabel(type)}: ${n}`),
             svg("text", {x: labelW - 6, y: barH - 5, "text-anchor": "end"}, typeLabel(type)),
             svg("rect", {x: labelW, y: 0, width: w, height: barH, rx: 3, class: `type-${type}`}),
             svg("text", {x: labelW + w + 6, y: barH - 5, class: "n"}, n));
    g.addEventListener("click", () => {
      filters.type.value = filters.type.value === type ? "" : type;
      render();
    });
    return g;
  }));
}

// ------------------------------------------------------------------ incident view
function section(title, ...children) {
  return el("section", {class: "block"}, el("h3", {text: title}), ...children);
}

function claimItem(claim) {
  const extra = [];
  if (claim.stance) extra.push(el("span", {class: `stance stance-${String(claim.stance).replace(/[^a-z_-]/gi, "")}`, text: claim.stance}));
  if (claim.disputed) extra.push(el("span", {class: "disputed", text: "disputed"}));
  if (claim.negated) extra.push(el("span", {class: "negated", text: "negated"}));
  const sides = Array.isArray(claim.sides) ? claim.sides : (claim.sides ? [claim.sides] : []);
  return el("li", {class: "claim"},
    el("q", {class: claim.direct ? "direct" : "reported", text: (claim.content && claim.content.text) || ""}),
    el("div", {class: "claim-meta"},
      el("span", {class: "cue", text: (claim.cue && claim.cue.text) || ""}),
      ...extra,
      el("span", {class: "n", text: `${(claim.sources || []).length} source(s)`})),
    sides.length ? el("ul", {class: "sides"}, sides.map((s) =>
      el("li", {text: typeof s === "string" ? s : [s.speaker || s.name, s.stance, s.text].filter(Boolean).join(" · ") || JSON.stringify(s)}))) : null);
}

function claimsBySpeaker(inc) {
  const groups = new Map();
  for (const claim of inc.claims || []) {
    const who = speakerOf(claim);
    if (!groups.has(who)) groups.set(who, []);
    groups.get(who).push(claim);
  }
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}

// Sources and killed per version: how the story grew.
function timelineChart(timeline) {
  if (timeline.length < 2) return null;  // one point tells nothing the list does not
  const w = 360, h = 90, pad = 24;
  const chart = svg("svg", {viewBox: `0 0 ${w} ${h}`, class: "timeline-chart", role: "img",
                            "aria-label": "Sources and casualties per version"});
  const max = Math.max(1, ...timeline.map((t) => Math.max(t.sources || 0, t.killed || 0, t.injured || 0)));
  const x = (i) => pad + i * (w - 2 * pad) / (timeline.length - 1);
  const y = (v) => h - pad + 10 - (v || 0) * (h - pad) / max;
  for (const [key, cls] of [["sources", "line-sources"], ["killed", "line-killed"], ["injured", "line-injured"]]) {
    const points = timeline.map((t, i) => `${x(i)},${y(t[key])}`).join(" ");
    chart.append(svg("polyline", {points, class: cls}));
    timeline.forEach((t, i) => chart.append(svg("circle", {cx: x(i), cy: y(t[key]), r: 2.5, class: cls})));
  }
  timeline.forEach((t, i) => chart.append(svg("text", {x: x(i), y: h - 2, "text-anchor": "middle"}, `v${t.version}`)));
  const legend = [["sources", "line-sources"], ["killed", "line-killed"], ["injured", "line-injured"]];
  legend.forEach(([label, cls], i) => chart.append(svg("text", {x: w - 60, y: 10 + i * 11, class: cls + " legend"}, label)));
  return chart;
}

function renderDetail() {
  const panel = document.getElementById("detail");
  const inc = state.incidents.get(state.selected);
  if (!inc) {
    panel.replaceChildren(el("p", {class: "hint", text: "Select an incident to see its sources, claims, entities and timeline."}));
    return;
  }
  const timeline = inc.timeline || [];
  panel.replaceChildren(
    el("button", {class: "close", "aria-label": "Close", text: "×", onclick: () => select(null)}),
    el("h2", {class: "title", text: inc.title || inc.incident_id}),
    el("div", {class: "facts"},
      el("span", {class: `badge type-${inc.type}`, text: typeLabel(inc.type)}),
      el("span", {class: "place", text: place(inc) || "place unknown"}),
      el("span", {class: "date", text: inc.date || "date unknown"}),
      casualties(inc),
      el("span", {class: "version", text: `version ${inc.version}`})),
    el("div", {class: "ids", text: `${inc.incident_id} · first seen ${inc.first_seen || "?"} · updated ${inc.updated_at || "?"}`}),
    section(`Sources (${(inc.sources || []).length})`,
      el("ul", {class: "sources"}, (inc.sources || []).map((s) =>
        el("li", {},
          el("span", {class: "outlet", text: s.source || "unknown outlet"}),
          safeLink(s.url, s.headline || s.url || s.article_id),
          s.published_at ? el("span", {class: "when", text: s.published_at}) : null,
          s.duplicate_of ? el("span", {class: "dup", text: `copy of ${s.duplicate_of}`}) : null)))),
    section(`Claims (${(inc.claims || []).length})`,
      ...claimsBySpeaker(inc).map(([who, claims]) =>
        el("div", {class: "speaker"}, el("h4", {text: who}), el("ul", {class: "claims"}, claims.map(claimItem))))),
    section(`Entities (${(inc.entities || []).length})`,
      el("ul", {class: "entities"}, (inc.entities || []).map((e) =>
        el("li", {class: `entity label-${e.label}`, title: e.label},
          el("span", {text: e.text}), el("small", {text: ` ${e.label} ×${e.count || 1}`}))))),
    section(`Timeline (${timeline.length} version${timeline.length === 1 ? "" : "s"})`,
      timelineChart(timeline),
      el("ol", {class: "timeline"}, timeline.slice().reverse().map((t) =>
        el("li", {"data-version": t.version},
          el("strong", {text: `v${t.version} ${t.kind || ""}`}),
          el("span", {class: "when", text: t.updated_at || ""}),
          el("span", {text: `${t.sources} source(s), ${t.claims} claim(s)` +
                            (t.killed !== null && t.killed !== undefined ? `, ${t.killed} killed` : "") +
                            (t.injured !== null && t.injured !== undefined ? `, ${t.injured} injured` : "")}),
          el("div", {class: "cause"}, el("span", {text: "by "}),
             safeLink(t.cause_url, t.cause_headline || t.cause || "?"),
             t.cause_source ? el("span", {class: "outlet", text: ` (${t.cause_source})`}) : null))))));
}

// ------------------------------------------------------------------ state changes
function render() {
  renderTypeOptions();
  renderChart();
  renderList();
  renderDetail();
}

function select(id) {
  state.selected = id;
  if (id) history.replaceState(null, "", `#${encodeURIComponent(id)}`);
  else history.replaceState(null, "", location.pathname);
  render();
}

function setStatus(stateName, text) {
  const node = document.getElementById("status");
  node.dataset.state = stateName;
  node.textContent = text;
}

function connect() {
  const source = new EventSource("/events");
  source.addEventListener("open", () => setStatus("live", "live"));
  source.addEventListener("error", () => setStatus("reconnecting", "reconnecting…"));
  source.addEventListener("snapshot", (ev) => {
    const data = JSON.parse(ev.data);
    state.incidents = new Map(data.incidents.map((i) => [i.incident_id, i]));
    setStatus("live", "live");
    render();
  });
  source.addEventListener("incident", (ev) => {
    const data = JSON.parse(ev.data);
    const inc = data.incident;
    const known = state.incidents.get(inc.incident_id);
    if (known && known.version > inc.version) return;
    state.incidents.set(inc.incident_id, inc);
    state.flash.add(inc.incident_id);
    render();
  });
}

for (const input of Object.values(filters)) input.addEventListener("input", render);
if (location.hash.length > 1) state.selected = decodeURIComponent(location.hash.slice(1));
render();
connect();
