// zhevents explorer: a client of the JSON API only.
// Safety rule: every piece of data reaches the page through textContent, DOM properties or d3
// .text()/.attr() with fixed attribute names, never through HTML parsing, so a hostile page stays inert.
"use strict";

(function () {
  const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
  const PALETTE = ["#1f77b4", "#2ca02c", "#17becf", "#8c564b", "#9467bd", "#bcbd22", "#7f7f7f", "#e377c2",
    "#d62728", "#ff7f0e", "#8b0000", "#6b6ecf", "#393b79", "#637939", "#b5651d", "#000000"];
  const color = (t) => PALETTE[Math.max(0, TYPES.indexOf(t)) % PALETTE.length];
  const FILTERS = ["event", "actor", "code", "place", "since", "until", "q"];
  const LIMIT = 25;

  const state = { filters: {}, offset: 0, sort: "-date", script: "original", selected: null, total: 0 };
  const $ = (id) => document.getElementById(id);

  // -- safe DOM helpers ------------------------------------------------------------------------
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined) continue;
      if (key === "className") node.className = value;
      else if (key === "title") node.title = String(value);
      else if (key === "onclick") node.addEventListener("click", value);
      else if (key === "style") Object.assign(node.style, value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "href") { const safe = safeHref(value); if (safe) node.href = safe; }
      else if (key === "lang") node.lang = value;
      else throw new Error("el: unsupported property " + key);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Only http(s) links become links; javascript:, data: and the rest stay plain text.
  function safeHref(value) {
    try {
      const url = new URL(String(value), window.location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function showStatus(message) { $("status").textContent = message || ""; }

  async function api(path, params) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) query.set(k, v);
    const url = path + (query.toString() ? "?" + query : "");
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(body.error || response.status + " " + response.statusText);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function filterParams(skip) {
    const out = {};
    for (const k of FILTERS) if (state.filters[k] && !(skip || []).includes(k)) out[k] = state.filters[k];
    return out;
  }

  const parties = (list) => (list || []).map((a) => a.entity_text + (a.code ? " (" + a.code + ")" : "")).join("、");
  const sourceText = (s) => (s && typeof s === "object" ? s.text : String(s));

  async function convertTexts(texts) {
    if (state.script === "original" || !texts.length) return texts;
    const joined = texts.map((t) => String(t || "").replace(/\n/g, " ")).join("\n");
    const body = await api("/api/convert", { text: joined, to: state.script });
    const parts = body.text.split("\n");
    return parts.length === texts.length ? parts : texts;
  }

  // -- filters ---------------------------------------------------------------------------------
  function readForm() {
    for (const k of FILTERS) state.filters[k] = $("f-" + k).value.trim();
    if (state.filters.code) state.filters.code = state.filters.code.toUpperCase();
  }

  function writeForm() {
    for (const k of FILTERS) $("f-" + k).value = state.filters[k] || "";
  }

  function setFilters(changes) {
    Object.assign(state.filters, changes);
    state.offset = 0;
    writeForm();
    refreshAll();
  }

  // body[data-pending] counts refreshes still drawing, so a reader (or a test) knows when every
  // panel, not just the first to answer, shows the current filters
  async function refreshAll() {
    showStatus("");
    const body = document.body.dataset;
    body.pending = String(Number(body.pending || 0) + 1);
    const jobs = [loadEvents(), loadTimeline(), loadPlaces(), loadClaims()];
    const results = await Promise.allSettled(jobs);
    body.pending = String(Number(body.pending) - 1);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) showStatus(failed.reason.message);
  }

  // -- stats -----------------------------------------------------------------------------------
  async function loadStats() {
    const s = await api("/api/stats");
    const stories = Object.values(s.stories || {}).reduce((a, b) => a + b, 0);
    $("stats").textContent = s.events + " events · " + stories + " stories · " + s.pages + " pages · " +
      (s.first_day ? s.first_day + " – " + s.last_day : "no dated events");
  }

  // -- event list ------------------------------------------------------------------------------
  async function loadEvents() {
    const body = await api("/api/events", { ...filterParams(), limit: LIMIT, offset: state.offset, sort: state.sort });
    state.total = body.total;
    const events = body.events;
    const texts = await convertTexts(events.map((e) => e.event_text));
    const tbody = $("events").querySelector("tbody");
    tbody.replaceChildren();
    events.forEach((ev, i) => {
      const loc = ev.event_loc || {};
      const row = el("tr", { dataset: { id: ev.id }, onclick: () => openEvent(ev) },
        el("td", {}, ev.date || "—"),
        el("td", {}, el("span", { className: "chip", style: { background: color(ev.event) } }, ev.event)),
        el("td", {}, parties(ev.actor), " → ", parties(ev.recipient)),
        el("td", {}, loc.name || loc.text || ""),
        el("td", { className: "evidence" }, texts[i]),
        el("td", {}, (ev.attribution || []).map(sourceText).join(" ← ")));
      if (state.selected === ev.id) row.classList.add("selected");
      tbody.append(row);
    });
    if (!events.length) tbody.append(el("tr", {}, el("td", { className: "empty" }, "no events match")));
    $("count").textContent = body.total + " matching";
    $("range").textContent = body.total ? (state.offset + 1) + "–" + (state.offset + events.length) + " of " + body.total : "0";
    $("prev").disabled = state.offset === 0;
    $("next").disabled = state.offset + LIMIT >= body.total;
  }

  function openEvent(ev) {
    const story = (ev.text_info && ev.text_info.story) || ev.story_id;
    window.location.hash = "story=" + encodeURIComponent(story) + "&event=" + encodeURIComponent(ev.id);
  }

  // -- timeline --------------------------------------------------------------------------------
  const DAY = 86400000;
  const parseDay = (d) => new Date(d + "T00:00:00Z");
  const fmtDay = (t) => new Date(t).toISOString().slice(0, 10);

  async function loadTimeline() {
    // the timeline keeps its full range (no since/until) so the brush can show and move the selection
    const body = await api("/api/timeline", filterParams(["since", "until"]));
    drawTimeline(body);
  }

  function drawTimeline(body) {
    const box = $("timeline");
    box.replaceChildren();
    const days = body.days;
    const legend = $("legend");
    legend.replaceChildren();
    for (const t of body.types) {
      legend.append(el("button", { title: "show only " + t, onclick: () => setFilters({ event: t }) },
        el("span", { className: "swatch", style: { background: color(t) } }), t));
    }
    if (body.undated) legend.append(el("span", { className: "hint" }, body.undated + " undated"));
    if (body.imprecise) legend.append(el("span", { className: "hint" }, body.imprecise + " dated to a month or year only"));
    if (!days.length) { box.append(el("p", { className: "empty" }, "no dated events")); return; }
    const width = Math.max(box.clientWidth, 300), height = 170, m = { l: 34, r: 10, t: 6, b: 22 };
    const first = parseDay(days[0].day), last = new Date(parseDay(days[days.length - 1].day).getTime() + DAY);
    const x = d3.scaleUtc().domain([first, last]).range([m.l, width - m.r]);
    const y = d3.scaleLinear().domain([0, d3.max(days, (d) => d.total)]).nice().range([height - m.b, m.t]);
    const svg = d3.select(box).append("svg").attr("viewBox", [0, 0, width, height]).attr("height", height);
    const stack = d3.stack().keys(body.types).value((d, k) => d.counts[k] || 0)(days);
    const slot = x(new Date(first.getTime() + DAY)) - x(first);
    const barWidth = Math.max(1, Math.min(28, slot - 1));
    const barOffset = Math.max(0, (slot - barWidth) / 2);
    svg.append("g").selectAll("g").data(stack).join("g").attr("fill", (s) => color(s.key))
      .selectAll("rect").data((s) => s.map((p) => ({ p, key: s.key }))).join("rect")
      .attr("class", "bar")
      .attr("x", (d) => x(parseDay(d.p.data.day)) + barOffset)
      .attr("y", (d) => y(d.p[1]))
      .attr("height", (d) => Math.max(0, y(d.p[0]) - y(d.p[1])))
      .attr("width", barWidth)
      .append("title").text((d) => d.p.data.day + " " + d.key + ": " + (d.p.data.counts[d.key] || 0));
    svg.append("g").attr("transform", "translate(0," + (height - m.b) + ")")
      .call(d3.axisBottom(x).ticks(Math.min(10, days.length + 1)).tickSizeOuter(0));
    svg.append("g").attr("transform", "translate(" + m.l + ",0)").call(d3.axisLeft(y).ticks(Math.min(4, y.domain()[1]), "d"));

    const brush = d3.brushX().extent([[m.l, m.t], [width - m.r, height - m.b]]).on("end", (event) => {
      if (!event.sourceEvent) return; // moved by code, not by the user
      if (!event.selection) { setFilters({ since: "", until: "" }); return; }
      const [a, b] = event.selection.map((px) => x.invert(px).getTime());
      const since = fmtDay(Math.floor(a / DAY) * DAY);
      const until = fmtDay(Math.max(Math.floor(a / DAY), Math.ceil(b / DAY) - 1) * DAY);
      setFilters({ since, until });
    });
    const g = svg.append("g").attr("class", "brush").call(brush);
    if (state.filters.since || state.filters.until) {
      const s = state.filters.since ? parseDay(state.filters.since) : first;
      const u = state.filters.until ? new Date(parseDay(state.filters.until).getTime() + DAY) : last;
      g.call(brush.move, [Math.max(m.l, x(s)), Math.min(width - m.r, x(u))]);
    }
  }

  // -- map -------------------------------------------------------------------------------------
  let world = null;
  async function loadPlaces() {
    if (!world) {
      const response = await fetch("/static/vendor/world-atlas/countries-110m.json");
      world = await response.json();
    }
    const body = await api("/api/places", filterParams(["place"]));
    drawMap(body.places);
  }

  function drawMap(places) {
    const box = $("map");
    box.replaceChildren();
    const width = Math.max(box.clientWidth, 300), height = Math.round(width * 0.55);
    const countries = topojson.feature(world, world.objects.countries);
    const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    const path = d3.geoPath(projection);
    const svg = d3.select(box).append("svg").attr("viewBox", [0, 0, width, height]).attr("height", height);
    svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
    svg.append("g").selectAll("path").data(countries.features).join("path").attr("class", "country").attr("d", path)
      .append("title").text((d) => (d.properties && d.properties.name) || "");
    const r = d3.scaleSqrt().domain([0, d3.max(places, (p) => p.count) || 1]).range([0, 18]);
    svg.append("g").selectAll("circle").data(places.filter((p) => projection([p.lon, p.lat])))
      .join("circle")
      .attr("cx", (p) => projection([p.lon, p.lat])[0])
      .attr("cy", (p) => projection([p.lon, p.lat])[1])
      .attr("r", (p) => Math.max(3, r(p.count)))
      .on("click", (_e, p) => setFilters({ place: p.name || "" }))
      .append("title").text((p) => (p.name || "?") + ": " + p.count + " events (" +
        Object.entries(p.types).map(([t, n]) => t + " " + n).join(", ") + ")");
    if (!places.length) box.append(el("p", { className: "empty" }, "no located events for these filters"));
  }

  // -- story view ------------------------------------------------------------------------------
  function route() {
    const params = new URLSearchParams(window.location.hash.slice(1));
    if (params.get("story")) showStory(params.get("story"), params.get("event")).catch((e) => showStatus(e.message));
    else if (params.get("entity")) showEntity(params.get("entity")).catch((e) => showStatus(e.message));
  }

  function storyLang(story) {
    const script = story.script === "original" ? story.original_script : story.script;
    return script === "traditional" ? "zh-Hant" : "zh-Hans";
  }

  async function showStory(storyId, eventId) {
    state.selected = eventId;
    for (const row of document.querySelectorAll("#events tbody tr")) {
      row.classList.toggle("selected", row.dataset.id === eventId);
    }
    const story = await api("/api/stories/" + encodeURIComponent(storyId), { script: state.script });
    $("detail-title").textContent = "Story";
    const body = $("detail-body");
    body.replaceChildren(
      el("div", { className: "story-meta" },
        el("div", {}, el("strong", {}, story.title || story.doc || story.id)),
        el("div", {}, [story.outlet, story.published, story.kind, "script: " + story.original_script]
          .filter(Boolean).join(" · ")),
        storyLink(story)),
      el("div", { className: "key" },
        el("span", { className: "ent-person" }, "person"), el("span", { className: "ent-org" }, "organisation"),
        el("span", { className: "ent-place" }, "place"), el("span", { className: "ent-state" }, "state"),
        el("span", { className: "time" }, "date"), el("span", { className: "ev" }, "event evidence"),
        el("span", { className: "caption" }, "caption"), el("span", { className: "removed" }, "removed chrome"),
        el("span", { className: "outside" }, "other story")),
      renderStoryText(story, eventId),
      renderStoryEvents(story, eventId));
    const focus = body.querySelector(".ev.focus");
    if (focus) focus.scrollIntoView({ block: "nearest" });
  }

  function storyLink(story) {
    const href = safeHref(story.url);
    if (href && story.url) return el("div", {}, el("a", { href, className: "link" }, story.url));
    return el("div", {}, story.url || story.source || "");
  }

  // Cut the text at every span edge; each piece carries the classes of the spans that cover it.
  function renderStoryText(story, eventId) {
    const text = story.text;
    const spans = [];
    const add = (list, cls, extra) => (list || []).forEach((s) => s && spans.push({ ...s, cls: cls(s), extra: extra && extra(s) }));
    add(story.entities, (s) => "ent ent-" + s.type, (s) => ({ entity: s.entity_id, title: s.type + ": " + (s.name || "") + (s.code ? " (" + s.code + ")" : "") }));
    add(story.times, () => "time", (s) => ({ title: "date: " + (s.date || "?") + (s.end_date ? " – " + s.end_date : "") }));
    add(story.events, (s) => "ev" + (s.id === eventId ? " focus" : ""), (s) => ({ title: s.event + (s.date ? " " + s.date : "") }));
    add(story.captions, () => "caption", () => ({ title: "caption" }));
    add(story.removed, () => "removed", (s) => ({ title: "removed: " + s.reason }));
    add([story.headline, story.dateline, story.source_line], () => "meta-span");
    for (const other of story.other_stories || []) {
      for (const [start, end] of other.spans) spans.push({ start, end, cls: "outside", extra: { title: other.kind + " " + other.id } });
    }
    const edges = new Set([0, text.length]);
    for (const s of spans) { edges.add(s.start); edges.add(s.end); }
    const cuts = [...edges].filter((e) => e >= 0 && e <= text.length).sort((a, b) => a - b);
    const out = el("div", { className: "story-text", lang: storyLang(story) });
    for (let i = 0; i + 1 < cuts.length; i++) {
      const a = cuts[i], b = cuts[i + 1];
      const covering = spans.filter((s) => s.start <= a && s.end >= b && s.end > s.start);
      const piece = text.slice(a, b);
      if (!covering.length) { out.append(document.createTextNode(piece)); continue; }
      const node = el("span", { className: covering.map((s) => s.cls).join(" ") }, piece);
      const titles = covering.map((s) => s.extra && s.extra.title).filter(Boolean);
      if (titles.length) node.title = titles.join(" | ");
      const ent = covering.find((s) => s.extra && s.extra.entity);
      if (ent) node.addEventListener("click", () => { window.location.hash = "entity=" + encodeURIComponent(ent.extra.entity); });
      out.append(node);
    }
    return out;
  }

  function chain(ev, outlet) {
    const box = el("span", { className: "chain" });
    const links = (ev.attribution || []).map((s) => ({ text: sourceText(s), role: (s && s.role) || "source" }));
    if (outlet) links.push({ text: outlet, role: "outlet" });
    links.forEach((s, i) => {
      if (i) box.append(" ← ");
      box.append(el("span", { className: "src" }, s.text, el("span", { className: "role" }, s.role)));
    });
    if (!links.length) box.append(el("span", { className: "hint" }, "no attribution"));
    return box;
  }

  function renderStoryEvents(story, eventId) {
    const list = el("ul", { className: "story-events" });
    for (const ev of story.events) {
      const item = el("li", { className: ev.id === eventId ? "focus" : null },
        el("span", { className: "chip", style: { background: color(ev.event) } }, ev.event), " ",
        parties(ev.actor), " → ", parties(ev.recipient), " ", ev.date || "",
        (ev.aux || []).length ? " [" + ev.aux.join(", ") + "]" : "", ev.qualifier ? " (" + ev.qualifier + ")" : "",
        el("div", {}, "attribution: ", chain(ev, story.outlet)));
      list.append(item);
    }
    if (!story.events.length) list.append(el("li", { className: "empty" }, "no events coded in this story"));
    return list;
  }

  // -- entity page -----------------------------------------------------------------------------
  async function showEntity(entityId) {
    const data = await api("/api/entities/" + encodeURIComponent(entityId));
    const e = data.entity;
    $("detail-title").textContent = "Entity";
    const rows = data.events.map((ev) => el("tr", { onclick: () => openEvent(ev) },
      el("td", {}, ev.role), el("td", {}, ev.date || "—"),
      el("td", {}, el("span", { className: "chip", style: { background: color(ev.event) } }, ev.event)),
      el("td", {}, parties(ev.actor), " → ", parties(ev.recipient)), el("td", {}, ev.event_text)));
    $("detail-body").replaceChildren(
      el("h3", {}, e.name_zh, e.name_en ? " · " + e.name_en : ""),
      el("p", { className: "story-meta" }, [e.type, e.code, e.sector, e.country, e.wikidata_id, e.id].filter(Boolean).join(" · ")),
      el("p", {}, data.stories.length + " stories mention it; " + data.events.length + " events" +
        (data.truncated ? " (first shown)" : "")),
      el("table", { className: "events entity-events" },
        el("thead", {}, el("tr", {}, el("th", {}, "Role"), el("th", {}, "Date"), el("th", {}, "Type"),
          el("th", {}, "Actor → recipient"), el("th", {}, "Evidence"))),
        el("tbody", {}, ...rows)));
  }

  // -- claims ----------------------------------------------------------------------------------
  async function loadClaims() {
    const box = $("claims");
    let body;
    try {
      body = await api("/api/claims", filterParams());
    } catch (e) {
      if (e.status === 404 || e.status === 405) { box.replaceChildren(el("p", { className: "empty" }, "no claims data")); return; }
      throw e;
    }
    const claims = body.claims || [];
    if (!claims.length) { box.replaceChildren(el("p", { className: "empty" }, "no conflicting claims for these filters")); return; }
    const out = el("div", { className: "claims" });
    for (const c of claims.slice(0, 20)) {
      const sides = [c.a || c.event_a, c.b || c.event_b].map((side) => claimSide(side));
      out.append(el("div", { className: "claim" },
        el("h3", {}, [c.kind, c.day, c.parties].filter(Boolean).join(" · ")), ...sides));
    }
    box.replaceChildren(out);
  }

  function claimSide(side) {
    if (!side || typeof side !== "object") return el("div", { className: "side" }, String(side || ""));
    return el("div", { className: "side" },
      el("div", {}, el("span", { className: "chip", style: { background: color(side.event) } }, side.event || "?"), " ",
        parties(side.actor), " → ", parties(side.recipient), " ", side.date || ""),
      el("div", {}, side.event_text || ""),
      el("div", {}, "attribution: ", chain(side, side.outlet)));
  }

  // -- wiring ----------------------------------------------------------------------------------
  function init() {
    const select = $("f-event");
    for (const t of TYPES) select.append(el("option", {}, t));
    $("filters").addEventListener("submit", (e) => { e.preventDefault(); readForm(); state.offset = 0; refreshAll(); });
    $("reset").addEventListener("click", () => { state.filters = {}; writeForm(); state.offset = 0; refreshAll(); });
    $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - LIMIT); loadEvents().catch((e) => showStatus(e.message)); });
    $("next").addEventListener("click", () => { state.offset += LIMIT; loadEvents().catch((e) => showStatus(e.message)); });
    $("sort").addEventListener("change", (e) => { state.sort = e.target.value; state.offset = 0; loadEvents().catch((err) => showStatus(err.message)); });
    $("script").addEventListener("change", (e) => {
      state.script = e.target.value;
      loadEvents().catch((err) => showStatus(err.message));
      route();
    });
    window.addEventListener("hashchange", route);
    let resizeTimer = null;
    window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(refreshAll, 250); });
    loadStats().catch((e) => showStatus(e.message));
    refreshAll().then(() => { document.body.dataset.ready = "1"; });
    route();
  }

  init();
})();
