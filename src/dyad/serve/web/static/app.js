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
  const anchor = (title) => `section-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  const contents = h("nav", { class: "contents", id: "contents", "aria-label": "Contents" },
    [...brief.sections.map((section) => section.title), "Sources"].map((title) =>
      h("a", { href: `#${anchor(title)}`, onclick: (e) => { e.preventDefault();
        document.getElementById(anchor(title)).scrollIntoView(); } }, title)));
  const sections = brief.sections.map((section) =>
    h("section", {},
      h("h2", { id: anchor(section.title) }, section.title),
      h("ul", {}, section.statements.map((st) =>
        h("li", { class: "statement" }, st.label ? h("strong", {}, `${st.label} — `) : null, st.text, " ",
          st.cites.map(cite))))));
  const sources = h("ol", { class: "sources" }, brief.citations.map((c) =>
    h("li", { id: `cite-${c.number}` }, evidenceLink(`${c.source}, sentence ${c.sent_index + 1}`, c.doc_id,
      c.start_char, c.end_char), `: “${c.text}”`)));
  show(h("h1", {}, brief.title), h("p", { class: "muted" }, brief.scope), contents, sections,
    h("h2", { id: anchor("Sources") }, "Sources"), sources);
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
      h("span", { class: "muted" }, ` — ${c.documents} article(s), ${c.modality}${c.date_text ? `, “${c.date_text}”` : ""}`))));
  show(h("h1", {}, "Timeline"),
    h("p", { class: "muted" }, "Each dot is one real event, sized by how many articles reported it; green is " +
      "cooperation, red conflict, a hollow dot an announcement. Click a dot to read its sentence."),
    figure, h("h2", {}, `Undated events (${undated.length})`),
    h("p", { class: "muted" }, "No article gives or implies when these happened, so they have no place on the time axis."),
    list);
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
    s("title", {}, `${c.date} ${c.plover_type}${c.mode ? ":" + c.mode : ""} (${c.documents} articles) — ${c.summary}`));
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
  const [data, everything] = await Promise.all([api("graph", { as_of: asOf }), api("graph"), names()]);
  const input = h("input", { type: "text", id: "as-of", value: asOf, placeholder: "YYYY-MM-DD", size: 10,
    pattern: "\\d{4}-\\d{2}-\\d{2}", onchange: (e) => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(e.target.value) || !e.target.value) location.hash = `#/graph?as_of=${e.target.value}`;
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
    graphPicture(data, everything.nodes), h("h2", {}, `Relations (${relations.length})`), table);
}

function graphPicture(data, allNodes) {
  // Places come from every actor the graph ever shows, so that a node keeps its place whatever the date.
  const size = 620, centre = size / 2, radius = size / 2 - 90;
  const position = new Map(allNodes.map((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, allNodes.length) - Math.PI / 2;
    return [n.id, { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle) }];
  }));
  const svg = s("svg", { viewBox: `0 0 ${size} ${size}`, class: "graph", role: "img",
    "aria-label": `${data.nodes.length} actors, ${data.edges.length} links` });
  data.edges.forEach((e, k) => {
    const [a, b] = [position.get(e.source), position.get(e.target)];
    const cls = e.kind === "relation" ? `edge relation ${e.status}` : `edge flow ${e.score >= 0 ? "cooperation" : "conflict"}`;
    const label = e.kind === "relation" ? `${e.type} (${e.status})` : `${e.events} events, score ${e.score}`;
    const line = s("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: cls }, s("title", {}, `${e.source}–${e.target}: ${label}`));
    if (e.kind === "relation") line.addEventListener("click", () => { location.hash = docLink(e.doc_id, e.start_char, e.end_char); });
    svg.append(line);
    // Labels sit at different points along their edges, so that edges meeting at a node do not stack them.
    const along = 0.3 + 0.4 * ((k * 0.618) % 1);
    if (e.kind === "relation") svg.append(s("text", { x: a.x + (b.x - a.x) * along, y: a.y + (b.y - a.y) * along - 4,
      class: "edge-label" }, label));
  });
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
  // The toggles are the legend: each shows its layer's highlight.
  const toggles = h("fieldset", { class: "layers", id: "legend" }, h("legend", {}, "Highlight (legend)"),
    LAYERS.filter((l) => l !== "relation").map((layer) => h("label", {}, h("input", { type: "checkbox",
      checked: layer !== "mention", onchange: (e) => body.classList.toggle(`hide-${layer}`, !e.target.checked) }), " ",
      h("span", { class: `swatch hl-${layer}` }, `${layer}s`))));
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

// --- search: actors, documents and sentences ---------------------------------------------------------------------

async function search(params) {
  const q = params.get("q") || "";
  const found = q ? await api("search", { q, limit: 30 }) : { actors: [], documents: [], sentences: [] };
  show(h("h1", {}, `Search: “${q}”`),
    h("h2", {}, `Actors (${found.actors.length})`), h("ul", { id: "found-actors" }, found.actors.map((a) =>
      h("li", {}, h("a", { href: `#/actor/${encodeURIComponent(a.actor_id)}` }, a.name),
        h("span", { class: "muted" }, ` · ${a.kind} · ${a.mentions} mentions`)))),
    h("h2", {}, `Documents (${found.documents.length})`), h("ul", {}, found.documents.map((d) =>
      h("li", {}, h("a", { href: `#/doc/${d.doc_id}` }, d.source_name), h("span", { class: "muted" }, ` · ${d.title || ""}`)))),
    h("h2", {}, `Sentences (${found.sentences.length})`), h("ul", { id: "found-sentences" }, found.sentences.map((x) =>
      h("li", {}, evidenceLink(x.text, x.doc_id, x.start_char, x.end_char, "sentence-link"),
        h("span", { class: "muted" }, ` — ${x.source_name}`)))));
}

// --- actor pages -----------------------------------------------------------------------------------------------

async function actorPage(key) {
  const profile = await api(`actors/${encodeURIComponent(key)}`);
  const id = profile.actor_id;
  const [clusters, said, relations] = await Promise.all([api("clusters", { actor: id, limit: 500 }),
    api("quotes", { speaker: id, limit: 500 }).catch(() => ({ items: [] })), api("relations", { actor: id }), names()]);
  show(h("h1", {}, profile.name), h("p", { class: "muted" }, [profile.kind, profile.country, ...(profile.roles || [])]
    .filter(Boolean).join(" · ")),
    h("p", {}, h("strong", {}, "Names used: "), profile.names_used.map((n) => `${n.surface} ×${n.n}`).join(", ") || "–"),
    h("h2", {}, `Events (${clusters.total})`), h("table", { id: "actor-events" }, h("tbody", {}, clusters.items.map((c) =>
      h("tr", {}, h("td", {}, c.date || "undated"), h("td", {}, h("span", { class: `tag ${cssType(c.plover_type)}` },
        c.plover_type)), h("td", {}, `${(c.sources || []).map((x) => nameOf(x)).join(", ")} → ` +
        `${(c.targets || []).map((x) => nameOf(x)).join(", ")}`),
      h("td", {}, evidenceLink(c.summary.slice(0, 140), c.doc_id, c.start_char, c.end_char)))))),
    h("h2", {}, `Quotes (${said.items.length})`), h("ul", {}, said.items.map((q) => h("li", {},
      evidenceLink(`“${q.text.slice(0, 160)}”`, q.doc_id, q.start_char, q.end_char), h("span", { class: "muted" },
        ` — ${q.source_name}`)))),
    h("h2", {}, `Relations (${relations.items.length})`), h("ul", {}, relations.items.map((r) => h("li", {},
      `${nameOf(r.a_id)} ${r.type} ${nameOf(r.b_id)}: `, h("strong", {}, r.status),
      ` (as stated for ${r.as_stated_on || "an unknown date"}, ${r.source_name}) `,
      evidenceLink("sentence", r.doc_id, r.start_char, r.end_char)))),
    h("h2", {}, "Mentions per document"), h("ul", {}, profile.documents.map((d) => h("li", {},
      h("a", { href: `#/doc/${d.doc_id}` }, d.source_name), ` ×${d.mentions}`))));
}

// --- lists: events, commitments, stances, with filters and CSV ------------------------------------------------------

const LISTS = {
  events: { path: "events", filters: ["actor", "type", "modality", "since", "until"],
    columns: ["date", "plover_type", "mode", "source_id", "target_id", "modality", "source_name", "summary"] },
  commitments: { path: "commitments", filters: ["actor", "status"],
    columns: ["agreement", "who_id", "what", "to_whom_id", "due_text", "due_date", "status", "source_name"] },
  stances: { path: "stances", filters: ["holder", "doc"],
    columns: ["holder_name", "target", "polarity", "cues", "source_name", "evidence"] },
};

async function listing(kind, params) {
  const spec = LISTS[kind] || LISTS.events;
  const query = Object.fromEntries(spec.filters.map((f) => [f, params.get(f) || ""]));
  const { items, total } = await api(spec.path, { ...query, limit: 500 });
  const tabs = h("nav", { class: "tabs" }, Object.keys(LISTS).map((k) =>
    h("a", { href: `#/list/${k}`, class: k === kind ? "active" : null }, k)));
  const form = h("form", { class: "filters", id: "list-filters", onsubmit: (e) => {
    e.preventDefault();
    const values = spec.filters.map((f) => [f, document.getElementById(`list-${f}`).value]).filter(([, v]) => v);
    location.hash = `#/list/${kind}?${new URLSearchParams(values)}`;
  } }, spec.filters.map((f) => h("label", {}, `${f} `, h("input", { id: `list-${f}`, name: f, value: query[f],
    size: 12, placeholder: ["since", "until"].includes(f) ? "YYYY-MM-DD" : "" }))), h("button", { type: "submit" }, "Filter"));
  const cell = (row, column) => {
    const value = row[column];
    if (Array.isArray(value)) return value.join(", ");
    return value === null || value === undefined ? "–" : String(value);
  };
  const csv = [spec.columns, ...items.map((row) => spec.columns.map((c) => cell(row, c)))]
    .map((r) => r.map((v) => `"${String(v).replaceAll('"', '""')}"`).join(",")).join("\n") + "\n";
  const download = h("a", { id: "csv-download", download: `dyad-${kind}.csv`,
    href: URL.createObjectURL(new Blob([csv], { type: "text/csv" })) }, `Download CSV (${items.length} rows)`);
  show(h("h1", {}, `Lists: ${kind}`), tabs, form,
    h("p", { class: "muted", id: "list-count" }, `${total} ${kind}${total > items.length ? `, the first ${items.length} shown` : ""} · `, download),
    h("table", { id: "list-table" }, h("thead", {}, h("tr", {}, spec.columns.map((c) => h("th", {}, c)), h("th", {}, ""))),
      h("tbody", {}, items.map((row) => h("tr", {}, spec.columns.map((c) => h("td", {}, cell(row, c))),
        h("td", {}, evidenceLink("sentence", row.doc_id || row.evidence_doc_id, row.start_char ?? row.evidence_start,
          row.end_char ?? row.evidence_end)))))));
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
    else if (view === "search") await search(params);
    else if (view === "actor" && parts[1]) await actorPage(decodeURIComponent(parts[1]));
    else if (view === "list") await listing(parts[1] || "events", params);
    else if (view === "doc" && parts[1]) await documentView(parts[1], params);
    else await overview();
    document.body.dataset.ready = view;
  } catch (error) {
    fail(error);
  }
}

window.addEventListener("hashchange", () => { delete document.body.dataset.ready; route(); });
document.getElementById("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  location.hash = `#/search?${new URLSearchParams({ q: document.getElementById("search").value })}`;
});
route();
api("health").then((s) => { document.getElementById("db-status").textContent = `schema ${s.schema_version} · dyad ${s.version}`; });
