/* hmickg's web page: explore the graph without writing SPARQL.
 *
 * Everything comes from the JSON API of `hmickg serve` (/api/...) and its SPARQL endpoint
 * (/sparql); the network is drawn with the bundled Cytoscape.js. Views: links between
 * entities (neighbours and chains), shared gaps, one force, the ready queries, SPARQL.
 * Any entity or fact shown opens "where does this come from?": what the graph says of it and
 * the report lines it was read from.
 */
"use strict";

const ID = "https://w3id.org/hmickg/id/";
const PREFIXES = [
  ["hmic:", "https://w3id.org/hmickg/def#"],
  ["framework:", "https://w3id.org/hmickg/def/framework/"],
  ["grade:", "https://w3id.org/hmickg/def/grade/"],
  ["theme:", "https://w3id.org/hmickg/def/theme/"],
  ["psa:", "https://w3id.org/hmickg/def/psa/"],
  ["id:", ID],
  ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"],
  ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
  ["skos:", "http://www.w3.org/2004/02/skos/core#"],
  ["prov:", "http://www.w3.org/ns/prov#"],
  ["org:", "http://www.w3.org/ns/org#"],
  ["dct:", "http://purl.org/dc/terms/"],
  ["xsd:", "http://www.w3.org/2001/XMLSchema#"],
];
const COLOURS = {
  PoliceForce: "#1f5fa8", Unit: "#6a8fc7", PartnerAgency: "#2a9d8f", Partnership: "#8ab17d",
  CollaborationAgreement: "#e9c46a", Operation: "#e76f51", OrganisedCrimeGroup: "#9b2226",
  InformationSystem: "#7b6d8d", PolicingRegion: "#264653",
};
// "file.txt:12" or "file.txt:12-14", as evidence lists write them ("; " between)
const LOCATION = /^(.+):(\d+)(?:-(\d+))?$/;
// passages whose lines the "where does this come from?" panel reads at once
const SOURCES_SHOWN = 8;

const $ = (sel, el = document) => el.querySelector(sel);

/** An element with attributes (on… are listeners) and children (strings are text). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

async function api(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined && one !== null) q.append(k, one);
  }
  const res = await fetch(`/api/${path}${q.toString() ? "?" + q : ""}`);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || `${res.status} ${res.statusText}`);
  return body;
}

function short(iri) {
  for (const [p, ns] of PREFIXES) if (iri.startsWith(ns)) return p + iri.slice(ns.length);
  return iri;
}

function failed(el, err) {
  el.replaceChildren(h("p", { class: "error" }, String(err.message || err)));
}

function busy(el, text = "Working…") {
  el.replaceChildren(h("p", { class: "hint" }, text));
}

/* ------------------------------------------------------------------ where does it come from */

function nodeLink(iri, label) {
  return h("a", { class: "node", title: iri, href: "#", onclick: (e) => { e.preventDefault(); showWhere(iri); } },
    label || short(iri));
}

function whereLink(p) {
  const lines = p.lineStart === p.lineEnd ? `${p.lineStart}` : `${p.lineStart}-${p.lineEnd}`;
  return h("a", {
    class: "where", href: "#", title: "show these lines of the report",
    onclick: (e) => { e.preventDefault(); showSource(p, e.currentTarget); },
  }, `${p.file}:${lines}`);
}

/** A text holding "file:N; file:N-M" locations, each made a link to its lines. */
function locations(text) {
  const parts = text.split("; ");
  const found = parts.map((t) => LOCATION.exec(t.trim()));
  if (!found.every(Boolean)) return null;
  return found.flatMap((m, i) => [
    i ? "; " : "",
    whereLink({ file: m[1], lineStart: +m[2], lineEnd: +(m[3] || m[2]) }),
  ]);
}

function openDrawer(...children) {
  $("#drawer-body").replaceChildren(...children);
  $("#drawer").hidden = false;
}

async function showWhere(iri) {
  openDrawer(h("p", { class: "hint" }, `Reading ${short(iri)}…`));
  try {
    const w = await api("where", { node: iri });
    const facts = h("dl", { class: "facts" }, w.statements.flatMap((s) => [
      h("dt", {}, short(s.p)), h("dd", {}, term(s.o, w.labels)),
    ]));
    const sources = h("div", { id: "drawer-sources" });
    const more = (shown, total, what) => (total > shown ?
      h("p", { class: "hint" }, `The first ${shown} of ${total} ${what}.`) : "");
    const body = [
      h("h2", {}, w.label),
      h("p", {}, h("code", {}, iri)),
      h("h3", {}, "Where does this come from?"),
      w.passages.length ? sources : h("p", { class: "hint" },
        "No passage is recorded for this node itself: it is named in the reports its links come from (open one of its links)."),
      more(w.passages.length, w.passagesTotal, "passages"),
      h("h3", {}, "What the graph says of it"),
      w.statements.length ? facts : h("p", { class: "hint" }, "Nothing: it is only the object of other statements."),
      more(w.statements.length, w.statementsTotal, "statements"),
    ];
    openDrawer(...body);
    // the lines of the first few passages; the others as links (a force is named thousands of times)
    w.passages.forEach((p, i) => {
      const holder = h("div", {});
      sources.append(holder);
      if (i < SOURCES_SHOWN) sourceInto(p, holder);
      else holder.append(whereLink(p));
    });
  } catch (err) { failed($("#drawer-body"), err); }
}

async function sourceInto(p, holder) {
  holder.replaceChildren(whereLink(p), h("span", { class: "hint" }, " reading…"));
  try {
    const s = await api("source", { file: p.file, start: p.lineStart, end: p.lineEnd, sha256: p.sha256 || "" });
    holder.replaceChildren(whereLink(p), h("div", { class: "source" }, s.lines.map((ln) =>
      h("div", { class: ln.cited ? "cited" : "" }, h("span", { class: "n" }, ln.n), ln.text || " "))));
  } catch (err) {
    holder.replaceChildren(whereLink(p), h("span", { class: "hint" }, ` (${err.message})`));
  }
}

function showSource(p) {
  const holder = h("div", {});
  openDrawer(h("h2", {}, "Report lines"), holder);
  sourceInto(p, holder);
}

/* ------------------------------------------------------------------ results as a table */

function term(t, labels = {}) {
  if (!t) return "";
  if (t.type === "uri") return t.value.startsWith(ID) ? nodeLink(t.value, labels[t.value]) : short(t.value);
  if (t.type === "bnode") return `_:${t.value}`;
  return locations(t.value) || t.value;
}

/** The URL of a catalogue query's whole answer as a file (CSV; Turtle for a CONSTRUCT). */
function downloadUrl(name, params = {}) {
  return `/api/download/${name}?${new URLSearchParams(params)}`;
}

function table(answer, el, download) {
  if (answer.kind === "ask") {
    el.replaceChildren(h("p", {}, h("strong", {}, answer.boolean ? "true" : "false")));
    return;
  }
  const file = answer.kind === "construct" ? "Turtle" : "CSV";
  const info = h("p", { class: "hint" },
    `${answer.total} ${answer.kind === "construct" ? "triple" : "row"}${answer.total === 1 ? "" : "s"}` +
    (answer.truncated ? `, the first ${answer.rows.length} shown` : "") +
    (answer.ms !== undefined ? ` · ${answer.ms.toFixed(1)} ms` : ""),
    download ? [" · ", h("a", { class: "download", href: download }, `download all (${file})`)] : "");
  const t = h("table", {},
    h("thead", {}, h("tr", {}, answer.vars.map((v) => h("th", {}, v)))),
    h("tbody", {}, answer.rows.map((row) => h("tr", {}, row.map((c) => h("td", {}, term(c, answer.labels)))))));
  el.replaceChildren(info, t);
}

/** SPARQL JSON results (from /sparql) in the shape `table` takes. */
function fromSparqlJson(json) {
  if ("boolean" in json) return { kind: "ask", boolean: json.boolean };
  const vars = json.head.vars;
  const rows = json.results.bindings.map((b) => vars.map((v) => b[v] || null));
  return { kind: "select", vars, rows, total: rows.length, labels: {} };
}

/* ------------------------------------------------------------------ entity pickers */

/** Type-ahead over entity names (/api/search); the chosen entity's IRI in input.dataset.iri. */
function picker(input, onPick) {
  const list = h("ul", { class: "suggest", hidden: true, role: "listbox" });
  input.after(list);
  let timer = null, items = [], active = -1, asked = 0;
  const choose = (item) => {
    input.value = item.label;
    input.dataset.iri = item.iri;
    list.hidden = true;
    if (onPick) onPick(item);
  };
  const draw = () => {
    list.replaceChildren(...items.map((it, i) => h("li", {
      class: i === active ? "active" : "", role: "option", dataset: { iri: it.iri },
      onmousedown: (e) => { e.preventDefault(); choose(it); },
    }, it.label, h("span", { class: "type" }, it.type))));
    list.hidden = items.length === 0;
  };
  input.addEventListener("input", () => {
    delete input.dataset.iri;
    clearTimeout(timer);
    const text = input.value;
    timer = setTimeout(async () => {
      const mine = ++asked;
      try {
        const found = text.trim() ? await api("search", { q: text }) : [];
        if (mine !== asked) return;
        items = found; active = found.length ? 0 : -1; draw();
      } catch (err) { items = []; draw(); }
    }, 120);
  });
  input.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      draw();
    } else if (e.key === "Enter" && active >= 0) {
      e.preventDefault(); choose(items[active]);
    } else if (e.key === "Escape") { list.hidden = true; }
  });
  input.addEventListener("blur", () => setTimeout(() => { list.hidden = true; }, 150));
  return { set(item) { input.value = item.label; input.dataset.iri = item.iri; } };
}

/* ------------------------------------------------------------------ links: the network */

let cy = null;

function network() {
  if (cy) return cy;
  cy = cytoscape({
    container: $("#graph"),
    style: [
      { selector: "node", style: {
        "background-color": (n) => COLOURS[n.data("type")] || "#999",
        label: "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 140,
        width: 18, height: 18, color: "#1d2433", "text-valign": "bottom", "text-margin-y": 3 } },
      { selector: "node.centre", style: { width: 28, height: 28, "border-width": 3, "border-color": "#14213d" } },
      { selector: "node.end", style: { width: 28, height: 28, "border-width": 3, "border-color": "#d62828" } },
      { selector: "edge", style: {
        width: 1.5, "line-color": "#aab3c5", "curve-style": "bezier", label: "data(label)",
        "font-size": 8, color: "#5b6478", "text-rotation": "autorotate",
        "target-arrow-shape": "triangle", "target-arrow-color": "#aab3c5", "arrow-scale": 0.7 } },
      { selector: "edge.chain", style: { width: 3, "line-color": "#d62828", "target-arrow-color": "#d62828" } },
      { selector: ":selected", style: { "overlay-color": "#1f5fa8", "overlay-opacity": 0.15 } },
    ],
  });
  cy.on("tap", "node", (e) => expand(e.target.id()));
  cy.on("tap", "edge", (e) => showLink(e.target.data()));
  return cy;
}

function addGraph(nodes, links, classes = "") {
  const g = network();
  for (const n of nodes) {
    if (g.getElementById(n.id).empty()) g.add({ group: "nodes", data: { id: n.id, label: n.label, type: n.type } });
  }
  for (const l of links) {
    const id = `${l.source}|${l.predicate}|${l.target}`;
    if (g.getElementById(id).empty()) {
      g.add({ group: "edges", data: {
        id, source: l.source, target: l.target, label: l.label, predicate: l.predicate,
        evidence: l.evidence || [], passages: l.passages || null } });
    }
    if (classes) g.getElementById(id).addClass(classes);
  }
}

const TYPE_RING = Object.keys(COLOURS);

/** Lay the network out: a chain from its first end (`roots`); one entity's links in rings, a
 * ring a kind of entity round it; anything opened up further, by force-directed layout. */
function layout(how = {}) {
  const g = network();
  let options;
  if (how.roots) {
    options = { name: "breadthfirst", roots: how.roots, spacingFactor: 1.1, directed: false };
  } else if (how.centre) {
    options = {
      name: "concentric", minNodeSpacing: 14, startAngle: 0,
      concentric: (n) => (n.id() === how.centre ? 100 : 50 - TYPE_RING.indexOf(n.data("type"))),
      levelWidth: () => 1,
    };
  } else {
    options = { name: "cose", randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90 };
  }
  g.layout({ ...options, animate: false }).run();
  g.fit(undefined, 30);
  if (g.zoom() > 1.3) { g.zoom(1.3); g.center(); }
}

async function expand(iri, { fresh = false } = {}) {
  const details = $("#details");
  busy(details, "Reading its links…");
  try {
    const n = await api("neighbours", { node: iri });
    const g = network();
    const alone = fresh || g.nodes().length === 0;
    if (fresh) g.elements().remove();
    addGraph(n.nodes, n.links);
    g.nodes().removeClass("centre");
    g.getElementById(iri).addClass("centre");
    layout(alone ? { centre: iri } : {});
    const centre = n.nodes.find((x) => x.id === iri);
    details.replaceChildren(
      h("h3", {}, centre ? centre.label : short(iri)),
      h("p", {}, centre ? centre.type : "", " · ", nodeLink(iri, "where does it come from?")),
      h("p", { id: "neighbour-count" }, `${n.neighbours} linked entities` +
        (n.shown < n.neighbours ? `, the first ${n.shown} drawn` : "")),
      h("p", { class: "hint" }, "All its links, for Gephi or Cytoscape: ",
        ["graphml", "gexf", "json"].flatMap((f, i) => [i ? " · " : "",
          h("a", { class: "download", href: `/api/network?${new URLSearchParams({ node: iri, format: f })}` }, f.toUpperCase())]),
        "; as a picture: ",
        h("a", { class: "download", href: `/api/network?${new URLSearchParams({ node: iri, format: "svg" })}` }, "SVG"),
        " · ", pictureLink()),
      h("ul", {}, n.links.map((l) => h("li", {},
        l.source === iri ? "" : nodeLink(l.source, label(n.nodes, l.source)), l.source === iri ? "" : " ",
        h("a", { class: "node", href: "#", onclick: (e) => { e.preventDefault(); showLink(l); } }, l.label),
        l.target === iri ? "" : " ", l.target === iri ? "" : nodeLink(l.target, label(n.nodes, l.target))))),
    );
  } catch (err) { failed(details, err); }
}

function label(nodes, iri) {
  const n = nodes.find((x) => x.id === iri);
  return n ? n.label : short(iri);
}

async function showLink(link) {
  const g = network();
  const name = (iri) => { const n = g.getElementById(iri); return n.nonempty() ? n.data("label") : short(iri); };
  const holder = h("div", {}, h("p", { class: "hint" }, "Reading the evidence…"));
  openDrawer(h("h2", {}, `${name(link.source)} ${link.label} ${name(link.target)}`),
    h("h3", {}, "Where does this come from?"), holder);
  try {
    // a chain's links come with their passages; a neighbour's with the statements to read
    const passages = link.passages || await api("evidence", { statement: link.evidence });
    holder.replaceChildren();
    if (!passages.length) holder.append(h("p", { class: "hint" }, "No passage is recorded for this link."));
    for (const p of passages) { const one = h("div", {}); holder.append(one); sourceInto(p, one); }
  } catch (err) { failed(holder, err); }
}

/** A link that saves the network as drawn, as a PNG (Cytoscape.js draws it). */
function pictureLink() {
  return h("a", { class: "download picture", href: "#", onclick: (e) => {
    e.preventDefault();
    const a = h("a", { href: network().png({ full: true, scale: 2, bg: "#ffffff" }), download: "hmickg-network.png" });
    document.body.append(a); a.click(); a.remove();
  } }, "PNG of this view");
}

async function findChains(from, to) {
  const details = $("#details");
  busy(details, "Searching for chains…");
  try {
    const answer = await api("path", { from, to, max: 3 });
    network().elements().remove();
    if (!answer.chains.length) {
      details.replaceChildren(h("p", { id: "no-chain" }, "No chain links these two entities."));
      return;
    }
    for (const c of answer.chains) {
      const nodes = c.nodes.map((id, i) => ({ id, label: c.labels[i], type: answer.types[id] || "" }));
      const links = c.hops.flatMap((hop) => hop.links.map((l) => ({
        source: l.subject, target: l.object, predicate: l.predicate,
        label: l.predicate.split(/[#/]/).pop(), passages: l.passages,
      })));
      addGraph(nodes, links, "chain");
    }
    network().getElementById(from).addClass("centre");
    network().getElementById(to).addClass("end");
    layout({ roots: [from] });
    details.replaceChildren(h("h3", {}, `${answer.chains.length} shortest chain${answer.chains.length > 1 ? "s" : ""}`),
      h("p", { class: "hint" }, pictureLink()),
      ...answer.chains.map((c, i) => h("div", { class: "chain" },
        h("strong", {}, `${i + 1}. `, c.labels.join(" → ")),
        h("ol", {}, c.hops.flatMap((hop) => hop.links.map((l) => h("li", {}, l.text, " ",
          l.passages.length ? l.passages.slice(0, 3).flatMap((p, j) => [j ? ", " : "", whereLink(p)]) : h("span", { class: "hint" }, "(no passage)"))))))));
  } catch (err) { failed(details, err); }
}

function legend() {
  $("#legend").replaceChildren(...Object.entries(COLOURS).map(([type, colour]) =>
    h("span", {}, h("i", { style: `background:${colour}` }), type.replace(/([a-z])([A-Z])/g, "$1 $2"))));
}

function exploreView() {
  legend();
  const from = picker($("#pick-from"), (item) => expand(item.iri, { fresh: true }));
  const to = picker($("#pick-to"));
  $("#btn-links").addEventListener("click", () => {
    const iri = $("#pick-from").dataset.iri;
    if (iri) expand(iri, { fresh: true });
    else $("#details").replaceChildren(h("p", { class: "error" }, "Pick an entity in From first (type a few letters, then choose)."));
  });
  $("#btn-chains").addEventListener("click", () => {
    const a = $("#pick-from").dataset.iri, b = $("#pick-to").dataset.iri;
    if (a && b) findChains(a, b);
    else $("#details").replaceChildren(h("p", { class: "error" }, "Pick two entities, in From and in To."));
  });
  return { from, to };
}

/* ------------------------------------------------------------------ shared gaps */

async function gapsView() {
  const el = $("#gaps-table");
  busy(el);
  try {
    const params = { min: $("#gaps-min").value };
    const answer = await api("query/shared-gaps", params);
    $("#gaps-count").textContent = ` ${answer.total} gap${answer.total === 1 ? "" : "s"}`;
    table(answer, el, downloadUrl("shared-gaps", params));
  } catch (err) { failed(el, err); }
}

let gapCy = null, gapNet = null;

/** The forces linked by the gap themes they share, links under the threshold hidden. */
async function gapGraph() {
  const details = $("#gap-details");
  try {
    if (!gapNet) {
      gapNet = await api("gap-network");
      thresholds(gapNet.links.map((l) => l.count));
    }
  } catch (err) { failed(details, err); return; }
  const least = +$("#gap-links-min").value;
  const links = gapNet.links.filter((l) => l.count >= least);
  const counts = gapNet.links.map((l) => l.count);
  const fewest = Math.min(...counts, least), most = Math.max(...counts, least + 1);
  if (!gapCy) {
    gapCy = cytoscape({
      container: $("#gap-graph"),
      style: [
        { selector: "node", style: { "background-color": COLOURS.PoliceForce, label: "data(label)",
          "font-size": 10, width: 16, height: 16, "text-valign": "bottom", "text-margin-y": 3 } },
        { selector: "edge", style: { width: "data(width)", "line-color": "#e76f51", opacity: 0.55,
          "curve-style": "haystack" } },
        { selector: "edge:selected", style: { "line-color": "#14213d", opacity: 1 } },
      ],
    });
    gapCy.on("tap", "edge", (e) => showShared(e.target.data()));
    gapCy.on("tap", "node", (e) => showWhere(e.target.id()));
  }
  gapCy.elements().remove();
  const linked = new Set(links.flatMap((l) => [l.source, l.target]));
  gapCy.add(gapNet.nodes.filter((n) => linked.has(n.id)).map((n) => ({ group: "nodes", data: n })));
  gapCy.add(links.map((l) => ({ group: "edges", data: {
    id: `${l.source}|${l.target}`, source: l.source, target: l.target, count: l.count,
    width: 1 + 6 * (l.count - fewest) / (most - fewest) } })));
  // hundreds of links (every force with every other) would be a solid disc
  gapCy.edges().style("opacity", links.length > 150 ? 0.12 : 0.55);
  gapCy.layout({ name: "circle", animate: false, sort: (a, b) => a.data("label").localeCompare(b.data("label")) }).run();
  gapCy.fit(undefined, 30);
  details.replaceChildren(h("p", { id: "gap-link-count" },
    `${links.length} pairs of forces share ${least} or more gap themes (${linked.size} forces).`),
    h("p", { class: "hint" }, "Click a link for the themes two forces share, a force for where it comes from."));
}

/** The threshold's choices from the data: 1, the quartiles, the 90th percentile and the
 * largest count; the third quartile chosen, so that the drawing starts with the strongest links. */
function thresholds(counts) {
  const sorted = [...counts].sort((a, b) => a - b);
  const at = (q) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 1;
  const values = [...new Set([1, at(0.25), at(0.5), at(0.75), at(0.9), at(1)])].sort((a, b) => a - b);
  $("#gap-links-min").replaceChildren(...values.map((v) => h("option", { value: v }, String(v))));
  $("#gap-links-min").value = String(at(0.75));
}

async function showShared(link) {
  const name = (iri) => gapCy.getElementById(iri).data("label");
  const details = $("#gap-details");
  busy(details, "Reading the themes they share…");
  try {
    const pair = await api("gap-pair", { a: link.source, b: link.target });
    details.replaceChildren(
      h("h3", {}, `${name(link.source)} and ${name(link.target)}`),
      h("p", {}, `${pair.themes.length} gap theme${pair.themes.length === 1 ? "" : "s"} in common:`),
      h("ul", {}, pair.themes.map((t) => h("li", {}, t.label || short(t.iri), " ",
        h("span", { class: "hint" }, "(", t.gaps.flatMap((g, i) => [i ? ", " : "", nodeLink(g, g.split("/").slice(-3, -1).join(", "))]), ")")))),
    );
  } catch (err) { failed(details, err); }
}

/* ------------------------------------------------------------------ one force */

const FORCE_SECTIONS = [
  ["Grades, assessment by assessment", "assessment-grades", "force"],
  ["Grade history, with grades the reports state", "grade-history", "force"],
  ["What changed between inspections", "grade-changes", "force"],
  ["Recommendations", "recommendations", "force"],
  ["Units, teams and BCUs", "force-units", "force"],
  ["Operations it took part in", "operations-of-organisation", "org"],
];

async function loadForces() {
  const sel = $("#force-pick");
  if (sel.options.length > 1) return;
  const answer = await api("query/reports");
  const col = answer.vars.indexOf("force");
  const seen = new Map();
  for (const row of answer.rows) {
    const t = row[col];
    if (t && t.type === "uri" && !seen.has(t.value)) seen.set(t.value, answer.labels[t.value] || short(t.value));
  }
  for (const [iri, name] of [...seen].sort((a, b) => a[1].localeCompare(b[1]))) sel.append(h("option", { value: iri }, name));
}

async function forceView(iri) {
  const holder = $("#force-sections");
  if (!iri) { holder.replaceChildren(); return; }
  holder.replaceChildren(...FORCE_SECTIONS.map(([title, name]) =>
    h("section", { dataset: { query: name } }, h("h3", {}, title), h("p", { class: "hint" }, "Reading…"))));
  await Promise.all(FORCE_SECTIONS.map(async ([title, name, param], i) => {
    const section = holder.children[i];
    const out = h("div", { class: "results" });
    try {
      table(await api(`query/${name}`, { [param]: iri }), out, downloadUrl(name, { [param]: iri }));
    } catch (err) { failed(out, err); }
    section.replaceChildren(h("h3", {}, title, " ", h("a", { class: "node", href: `#ask/${name}` }, `(${name})`)), out);
  }));
}

/* ------------------------------------------------------------------ ready queries */

let CATALOGUE = null;
const FOLDERS = ["gaps", "grades", "findings", "entities", "provenance", "reports", "statistics",
  "projections", "derivations", "checks"];

async function askView(name) {
  const list = $("#ask-list");
  if (!CATALOGUE) {
    busy(list);
    try { CATALOGUE = await api("catalogue"); } catch (err) { failed(list, err); return; }
    // by the catalogue's folders, the questions users ask first, the machinery last
    const byTag = new Map(FOLDERS.map((f) => [f, []]));
    for (const q of CATALOGUE) {
      const folder = q.path.split("/")[0];
      if (!byTag.has(folder)) byTag.set(folder, []);
      byTag.get(folder).push(q);
    }
    list.replaceChildren(...[...byTag].filter(([, qs]) => qs.length).flatMap(([tag, qs]) => [
      h("h4", {}, tag),
      ...qs.map((q) => h("a", { href: `#ask/${q.name}`, title: q.summary, dataset: { name: q.name } }, q.name)),
    ]));
  }
  for (const a of list.querySelectorAll("a")) a.classList.toggle("active", a.dataset.name === name);
  const spec = CATALOGUE.find((q) => q.name === name);
  if (!spec) return;
  const inputs = {};
  const form = h("form", { id: "ask-params", onsubmit: (e) => { e.preventDefault(); runAsk(spec, inputs); } },
    h("div", { class: "params" }, spec.params.flatMap((p) => {
      const input = h("input", { name: p.name, type: "text", value: p.example || "", placeholder: p.type + (p.optional ? " (optional)" : "") });
      inputs[p.name] = input;
      const holder = p.type === "iri" ? h("span", { class: "picker" }, input) : input;
      return [h("label", { for: `p-${p.name}`, title: p.description }, p.name + (p.optional ? "" : " *")), holder];
    })),
    h("button", { id: "ask-run", type: "submit" }, "Run"));
  $("#ask-form").replaceChildren(
    h("h2", {}, spec.summary),
    spec.description ? h("p", {}, spec.description) : "",
    spec.cost ? h("p", { class: "hint" }, `Reads: ${spec.cost}`) : "",
    form,
    h("details", {}, h("summary", {}, "The SPARQL (copy it, or open it in the SPARQL tab)"),
      h("pre", {}, spec.text),
      h("button", { type: "button", class: "secondary", onclick: () => { $("#sparql-text").value = spec.text; location.hash = "#sparql"; } }, "Open in the SPARQL tab")),
  );
  for (const p of spec.params) if (p.type === "iri") {
    const input = inputs[p.name];
    picker(input, (item) => { input.value = item.iri; });
  }
  $("#ask-results").replaceChildren();
}

async function runAsk(spec, inputs) {
  const out = $("#ask-results");
  busy(out, "Running…");
  const params = {};
  for (const [k, input] of Object.entries(inputs)) if (input.value.trim()) params[k] = input.dataset.iri || input.value.trim();
  try { table(await api(`query/${spec.name}`, params), out, downloadUrl(spec.name, params)); } catch (err) { failed(out, err); }
}

/* ------------------------------------------------------------------ SPARQL */

async function runSparql() {
  const out = $("#sparql-results");
  const text = $("#sparql-text").value;
  busy(out, "Running…");
  const started = performance.now();
  try {
    const res = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: text,
    });
    const body = await res.text();
    if (!res.ok) throw new Error(body);
    const ms = performance.now() - started;
    $("#sparql-info").textContent = `${ms.toFixed(0)} ms`;
    if ((res.headers.get("Content-Type") || "").startsWith("text/turtle")) {
      out.replaceChildren(h("pre", { class: "source" }, body));
    } else {
      table(fromSparqlJson(JSON.parse(body)), out);
    }
  } catch (err) { failed(out, err); }
}

/* ------------------------------------------------------------------ the page */

const VIEWS = ["explore", "gaps", "force", "ask", "sparql"];

function route() {
  const [view, arg] = (location.hash.slice(1) || "explore").split("/");
  const name = VIEWS.includes(view) ? view : "explore";
  for (const v of VIEWS) $(`#view-${v}`).hidden = v !== name;
  for (const a of document.querySelectorAll("#tabs a")) a.classList.toggle("active", a.dataset.view === name);
  if (name === "gaps" && !$("#gaps-table").childElementCount) { gapsView(); gapGraph(); }
  if (name === "force") loadForces().catch((err) => failed($("#force-sections"), err));
  if (name === "ask") askView(arg ? decodeURIComponent(arg) : null);
}

async function start() {
  exploreView();
  $("#gaps-min").addEventListener("change", gapsView);
  $("#gap-links-min").addEventListener("change", gapGraph);
  $("#force-pick").addEventListener("change", (e) => forceView(e.target.value));
  $("#sparql-run").addEventListener("click", runSparql);
  $("#sparql-text").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) runSparql(); });
  $("#sparql-csv").addEventListener("click", (e) => {
    e.currentTarget.href = "/sparql?" + new URLSearchParams({ query: $("#sparql-text").value, format: "csv" });
  });
  $("#drawer-close").addEventListener("click", () => { $("#drawer").hidden = true; });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("#drawer").hidden = true; });
  $("#endpoint-url").textContent = `${location.origin}/sparql`;
  window.addEventListener("hashchange", route);
  route();
  try {
    const s = await api("status");
    $("#status").textContent = `${s.reports} report${s.reports === 1 ? "" : "s"} · ${s.store}`;
  } catch (err) { $("#status").textContent = String(err.message || err); }
  document.body.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", start);
