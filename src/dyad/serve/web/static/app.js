// Dyad's web UI: plain JavaScript over the read-only HTTP API, no build step, no network beyond this server.
// Every view links each record to its sentence in the document view (#/doc/ID?start=S&end=E).
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const COOPERATION = new Set(["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"]);
const LAYERS = ["mention", "quote", "event", "commitment", "relation", "stance", "claim"];

// --- small helpers ---------------------------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (value !== null && value !== undefined) el.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child) el.append(child instanceof Node ? child : document.createTextNode(child));
  return el;
}

let actorNames = null;

async function names() {
  // Actor names by id, loaded once, so that pictures and tables say "Armenia" rather than "ARM".
  if (actorNames === null) {
    const { items } = await api("actors", { limit: 500 });
    actorNames = new Map(items.map((a) => [a.actor_id, a.name]));
  }
  return actorNames;
}

function nameOf(id, longest = 40) {
  const name = (actorNames && actorNames.get(id)) || id;
  return name.length > longest ? id : name;
}

async function api(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v !== null && v !== undefined));
  const response = await fetch(`/api/${path}${query.toString() ? "?" + query : ""}`);
  const body = await response.json();
  if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail));
  return body;
}

// Every item of a paged listing (the API gives at most 500 a page; `total` says how many there are).
async function apiAll(path, params = {}) {
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const page = await api(path, { ...params, limit: 500, offset });
    items.push(...page.items);
    if (!page.items.length || items.length >= page.total) return items;
  }
}

function docLink(docId, start, end) {
  return `#/doc/${docId}?start=${start}&end=${end}`;
}

function evidenceLink(label, docId, start, end, cls = "evidence") {
  return h("a", { href: docLink(docId, start, end), class: cls }, label);
}

function parseHash() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  return { parts: (path || "/").split("/").filter(Boolean), params: new URLSearchParams(query || "") };
}

function show(...children) {
  const view = document.getElementById("view");
  view.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined));
  return view;
}

function fail(error) {
  show(h("p", { class: "error", role: "alert" }, `Could not load this view: ${error.message}`));
}

// --- overview: the briefing --------------------------------------------------------------------------------

async function overview() {
  const brief = await api("brief");
  const byNumber = new Map(brief.citations.map((c) => [c.number, c]));
  const cite = (n) => {
    const c = byNumber.get(n);
    return evidenceLink(`[${n}]`, c.doc_id, c.start_char, c.end_char, "cite");
  };
  const sections = brief.sections.map((section) =>
    h("section", {},
      h("h2", {}, section.title),
      h("ul", {}, section.statements.map((st) =>
        h("li", { class: "statement" }, st.label ? h("strong", {}, `${st.label} — `) : null, st.text, " ",
          st.cites.map(cite))))));
  const sources = h("ol", { class: "sources" }, brief.citations.map((c) =>
    h("li", { id: `cite-${c.number}` }, evidenceLink(`${c.source}, sentence ${c.sent_index + 1}`, c.doc_id,
      c.start_char, c.end_char), `: “${c.text}”`)));
  show(h("h1", {}, brief.title), h("p", { class: "muted" }, brief.scope), sections, h("h2", {}, "Sources"), sources);
}

// --- timeline: events by actor pair over time ------------------------------------------------------------------

async function timeline() {
  const [{ items }] = await Promise.all([api("clusters", { limit: 500 }), names()]);
  const dated = items.filter((c) => c.event_date && (c.sources || c.targets));
  const undated = items.filter((c) => !c.event_date);
  const figure = dated.length ? timelinePicture(dated) : h("p", { class: "muted" }, "No dated events.");
  const list = h("ul", { class: "undated" }, undated.map((c) =>
    h("li", {}, h("span", { class: `tag ${cssType(c.plover_type)}` }, c.plover_type), " ",
      evidenceLink(c.summary, c.doc_id, c.start_char, c.end_char, "event-link"),
      h("span", { class: "muted" }, ` — ${c.documents} article(s), ${c.modality}`))));
  show(h("h1", {}, "Timeline"),
    h("p", { class: "muted" }, "Each dot is one real event, sized by how many articles reported it; green is " +
      "cooperation, red conflict, a hollow dot an announcement. Click a dot to read its sentence."),
    figure, h("h2", {}, `Undated events (${undated.length})`), list);
}

function pairOf(cluster) {
  const source = (cluster.sources || ["?"])[0];
  const target = (cluster.targets || ["?"]).find((t) => t !== source) || "?";
  return `${nameOf(source, 16)} → ${nameOf(target, 16)}`;
}

function cssType(type) {
  return COOPERATION.has(type) ? "cooperation" : "conflict";
}

function timelinePicture(clusters) {
  const pairs = [...new Set(clusters.map(pairOf))].sort();
  const times = clusters.map((c) => Date.parse(c.event_date));
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const left = 220, width = 900, rowHeight = 34, top = 30;
  const height = top + pairs.length * rowHeight + 30;
  const x = (t) => left + (t1 === t0 ? width / 2 : ((t - t0) / (t1 - t0)) * width);
  const svg = s("svg", { viewBox: `0 0 ${left + width + 40} ${height}`, class: "timeline", role: "img",
    "aria-label": `Timeline of ${clusters.length} events across ${pairs.length} actor pairs` });
  pairs.forEach((pair, i) => {
    const y = top + i * rowHeight + rowHeight / 2;
    svg.append(s("line", { x1: left, x2: left + width, y1: y, y2: y, class: "row-line" }),
      s("text", { x: left - 10, y: y + 4, "text-anchor": "end", class: "row-label" }, pair));
  });
  for (const year of yearsBetween(t0, t1)) {
    const xx = x(Date.UTC(year, 0, 1));
    svg.append(s("line", { x1: xx, x2: xx, y1: top - 8, y2: height - 24, class: "year-line" }),
      s("text", { x: xx, y: height - 8, "text-anchor": "middle", class: "axis" }, String(year)));
  }
  for (const c of clusters) {
    const y = top + pairs.indexOf(pairOf(c)) * rowHeight + rowHeight / 2;
    const dot = s("circle", { cx: x(Date.parse(c.event_date)), cy: y, r: 5 + 2.5 * Math.min(c.documents, 6),
      class: `event-dot ${cssType(c.plover_type)} ${c.modality}`, "data-cluster": c.cluster_id, tabindex: 0,
      onclick: () => { location.hash = docLink(c.doc_id, c.start_char, c.end_char); } },
    s("title", {}, `${c.event_date} ${c.plover_type}${c.mode ? ":" + c.mode : ""} (${c.documents} articles) — ${c.summary}`));
    svg.append(dot);
  }
  return h("figure", {}, svg);
}

function yearsBetween(t0, t1) {
  const first = new Date(t0).getUTCFullYear() + 1, last = new Date(t1).getUTCFullYear();
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}

// --- alignment graph: relations as of a date, event flows up to it ----------------------------------------------

async function graph(params) {
  const asOf = params.get("as_of") || "";
  const [data] = await Promise.all([api("graph", { as_of: asOf }), names()]);
  const input = h("input", { type: "date", id: "as-of", value: asOf, onchange: (e) => {
    location.hash = `#/graph?as_of=${e.target.value}`;
  } });
  const relations = data.edges.filter((e) => e.kind === "relation");
  const table = h("table", { class: "edges" },
    h("thead", {}, h("tr", {}, ["a", "relation", "b", "status", "stated for", "evidence"].map((t) => h("th", {}, t)))),
    h("tbody", {}, relations.map((e) => h("tr", { class: `relation ${e.status}`, "data-pair": `${e.source}-${e.type}-${e.target}` },
      h("td", {}, nameOf(e.source)), h("td", {}, e.type), h("td", {}, nameOf(e.target)),
      h("td", { class: "status" }, e.status),
      h("td", {}, e.as_stated_on || "–"),
      h("td", {}, evidenceLink(e.evidence.slice(0, 110) + (e.evidence.length > 110 ? "…" : ""), e.doc_id,
        e.start_char, e.end_char))))));
  show(h("h1", {}, "Alignment graph"),
    h("label", {}, "As of ", input, h("span", { class: "muted" }, asOf ? "" : " (latest statement of each relation)")),
    graphPicture(data), h("h2", {}, `Relations (${relations.length})`), table);
}

function graphPicture(data) {
  const size = 620, centre = size / 2, radius = size / 2 - 90;
  const position = new Map(data.nodes.map((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, data.nodes.length) - Math.PI / 2;
    return [n.id, { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle) }];
  }));
  const svg = s("svg", { viewBox: `0 0 ${size} ${size}`, class: "graph", role: "img",
    "aria-label": `${data.nodes.length} actors, ${data.edges.length} links` });
  for (const e of data.edges) {
    const [a, b] = [position.get(e.source), position.get(e.target)];
    const cls = e.kind === "relation" ? `edge relation ${e.status}` : `edge flow ${e.score >= 0 ? "cooperation" : "conflict"}`;
    const label = e.kind === "relation" ? `${e.type} (${e.status})` : `${e.events} events, score ${e.score}`;
    const line = s("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: cls }, s("title", {}, `${e.source}–${e.target}: ${label}`));
    if (e.kind === "relation") line.addEventListener("click", () => { location.hash = docLink(e.doc_id, e.start_char, e.end_char); });
    svg.append(line);
    if (e.kind === "relation") svg.append(s("text", { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 4, class: "edge-label" }, label));
  }
  for (const n of data.nodes) {
    const p = position.get(n.id);
    svg.append(s("g", { class: `node ${n.kind || ""}`, "data-actor": n.id },
      s("circle", { cx: p.x, cy: p.y, r: 14 }),
      s("text", { x: p.x, y: p.y + 28, "text-anchor": "middle" }, n.name.length > 18 ? n.id : n.name),
      s("title", {}, n.name)));
  }
  return h("figure", {}, svg, h("figcaption", { class: "muted" },
    "Solid lines: relations (green in force, orange suspended, grey ended, dashed planned). Thin lines: " +
    "event flows up to the date (green more cooperation, red more conflict). Click a relation to read its sentence."));
}

// --- quotes explorer -----------------------------------------------------------------------------------------------

async function quotes(params) {
  const [people, actors, docs] = await Promise.all([api("actors", { kind: "person", limit: 500 }),
    api("actors", { limit: 500 }), api("documents", { limit: 500 })]);
  const targets = actors.items.filter((a) => a.mentions > 0 && !["outlet", "place"].includes(a.kind));
  const outlets = [...new Set(docs.items.map((d) => d.outlet).filter(Boolean))].sort();
  const select = (name, label, options) => h("label", {}, `${label} `, h("select", { name, id: `filter-${name}`,
    onchange: () => filterQuotes() }, h("option", { value: "" }, "any"),
    options.map(([value, text]) => h("option", { value, selected: params.get(name) === value }, text))));
  const form = h("form", { class: "filters", onsubmit: (e) => e.preventDefault() },
    select("speaker", "Speaker", people.items.map((a) => [a.actor_id, a.name])),
    select("outlet", "Outlet", outlets.map((o) => [o, o])),
    select("about", "About", targets.map((a) => [a.actor_id, a.name])));
  const list = h("div", { id: "quote-list" });
  show(h("h1", {}, "Quotes"), form, list);
  await renderQuotes(params, list);
}

function filterQuotes() {
  const values = ["speaker", "outlet", "about"].map((n) => [n, document.getElementById(`filter-${n}`).value]);
  location.hash = `#/quotes?${new URLSearchParams(values.filter(([, v]) => v))}`;
}

async function renderQuotes(params, list) {
  const { items } = await api("quotes", { speaker: params.get("speaker"), outlet: params.get("outlet"),
    about: params.get("about"), limit: 500 });
  list.replaceChildren(h("p", { class: "muted", id: "quote-count" }, `${items.length} quotes`),
    ...items.map((q) => h("article", { class: `quote ${q.kind}` },
      h("header", {}, h("strong", {}, q.speaker_name || "unattributed"),
        h("span", { class: "muted" }, ` · ${q.kind} · ${q.source_name} · confidence ${q.confidence}`)),
      h("blockquote", {}, q.text),
      evidenceLink("open the sentence", q.doc_id, q.start_char, q.end_char, "quote-link"))));
}

// --- claims: what several outlets report, and where they differ -------------------------------------------------

async function claims() {
  const { items } = await api("claims", { limit: 500 });
  const row = (claim) => h("tr", { class: `claim ${claim.kind}` },
    h("td", {}, claim.text), h("td", {}, claim.documents),
    h("td", {}, claim.links.map((link) => h("div", { class: `link ${link.relation}` },
      link.start_char === null ? `${link.source_name}: ${link.relation}`
        : evidenceLink(`${link.source_name}: ${link.relation}${link.detail ? " — " + link.detail : ""}`,
          link.doc_id, link.start_char, link.end_char, "claim-link")))));
  show(h("h1", {}, "Claims"),
    h("p", { class: "muted" }, "Each claim with the articles that support it, differ on a detail or contradict it. " +
      "Click an article to read its sentence."),
    h("table", { class: "claims" }, h("thead", {}, h("tr", {}, ["claim", "articles", "who says what"].map((t) => h("th", {}, t)))),
      h("tbody", {}, items.map(row))));
}

// --- documents -------------------------------------------------------------------------------------------------

async function documents() {
  const { items } = await api("documents", { limit: 500 });
  show(h("h1", {}, "Documents"), h("table", {}, h("thead", {}, h("tr", {},
    ["source", "outlet", "published", "title", "words"].map((t) => h("th", {}, t)))),
  h("tbody", {}, items.map((d) => h("tr", {}, h("td", {}, h("a", { href: `#/doc/${d.doc_id}` }, d.source_name)),
    h("td", {}, d.outlet || "–"), h("td", {}, d.published || "–"), h("td", {}, d.title || "–"), h("td", {}, d.n_words ?? "–"))))));
}

async function documentView(docId, params) {
  const [doc, spans] = await Promise.all([api(`documents/${docId}`), apiAll(`documents/${docId}/spans`)]);
  const selected = params.has("start") ? [Number(params.get("start")), Number(params.get("end"))] : null;
  const body = h("div", { class: "body", id: "doc-body" }, highlighted(doc.body, spans, selected));
  const detail = h("aside", { id: "span-detail", class: "muted" }, "Click highlighted text to see what was extracted.");
  body.addEventListener("click", (event) => {
    const seg = event.target.closest("[data-spans]");
    if (seg) detail.replaceChildren(...spanDetail(seg, spans));
  });
  const toggles = h("fieldset", { class: "layers" }, h("legend", {}, "Highlight"),
    LAYERS.filter((l) => l !== "relation").map((layer) => h("label", {}, h("input", { type: "checkbox",
      checked: layer !== "mention", onchange: (e) => body.classList.toggle(`hide-${layer}`, !e.target.checked) }), ` ${layer}s`)));
  body.classList.add("hide-mention");
  show(h("h1", {}, doc.title || doc.source_name),
    h("p", { class: "muted" }, `${doc.source_name} · ${doc.published || "publication date unknown"} · document ${doc.doc_id.slice(0, 8)}`),
    toggles, h("div", { class: "reader" }, body, detail),
    removedSpans(doc.removed_spans || []));
  const first = document.querySelector("#doc-body .selected");
  if (first) first.scrollIntoView({ block: "center" });
}

function highlighted(text, spans, selected) {
  // Cut the body at every span edge; each piece carries the layers of the spans covering it.
  const edges = new Set([0, text.length]);
  for (const sp of spans) { edges.add(sp.start_char); edges.add(sp.end_char); }
  if (selected) { edges.add(selected[0]); edges.add(selected[1]); }
  const cuts = [...edges].filter((e) => e >= 0 && e <= text.length).sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const covering = spans.map((sp, k) => [sp, k]).filter(([sp]) => sp.start_char <= a && sp.end_char >= b);
    const inSelection = selected && selected[0] <= a && selected[1] >= b;
    const classes = [...new Set(covering.map(([sp]) => `hl-${sp.layer}`))];
    if (inSelection) classes.push("selected");
    const piece = text.slice(a, b);
    pieces.push(classes.length ? h("span", { class: classes.join(" "), "data-spans": covering.map(([, k]) => k).join(" ") }, piece) : piece);
  }
  return pieces;
}

function spanDetail(segment, spans) {
  const ids = segment.dataset.spans ? segment.dataset.spans.split(" ").map(Number) : [];
  return [h("h3", {}, "Extracted here"), h("ul", {}, ids.map((k) => h("li", {}, h("span", { class: `tag hl-${spans[k].layer}` },
    spans[k].layer), " ", spans[k].label)))];
}

function removedSpans(removed) {
  if (!removed.length) return null;
  return h("details", {}, h("summary", {}, `Removed by cleaning (${removed.length})`),
    h("ul", {}, removed.map((r) => h("li", {}, h("strong", {}, r.reason), `: ${r.text.slice(0, 160)}`))));
}

// --- routing ---------------------------------------------------------------------------------------------------

async function route() {
  const { parts, params } = parseHash();
  const view = parts[0] || "overview";
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
  try {
    if (view === "timeline") await timeline();
    else if (view === "graph") await graph(params);
    else if (view === "quotes") await quotes(params);
    else if (view === "documents") await documents();
    else if (view === "claims") await claims();
    else if (view === "doc" && parts[1]) await documentView(parts[1], params);
    else await overview();
    document.body.dataset.ready = view;
  } catch (error) {
    fail(error);
  }
}

window.addEventListener("hashchange", () => { delete document.body.dataset.ready; route(); });
route();
api("health").then((s) => { document.getElementById("db-status").textContent = `schema ${s.schema_version} · dyad ${s.version}`; });
