// The newsdex search page: the URL holds the whole state (q, sort, filters, dates, page, the
// article open), every change is a new history entry, and the page draws what /api answers.
// No framework, no build step; text from the index only ever reaches the page as text nodes.
"use strict";

const PAGE_SIZE = 10;
const TAGS = [
  { param: "topic", field: "topics", label: "Topics" },
  { param: "place", field: "places", label: "Places" },
  { param: "person", field: "people", label: "People" },
];
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const $ = (id) => document.getElementById(id);

// ---- state <-> URL -------------------------------------------------------------------------

function readState(search = location.search) {
  const params = new URLSearchParams(search);
  const state = {
    q: params.get("q") || "",
    sort: ["date", "recent"].includes(params.get("sort")) ? params.get("sort") : "relevance",
    since: params.get("since") || "",
    until: params.get("until") || "",
    page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1),
    article: params.get("article") || "",
  };
  for (const tag of TAGS) state[tag.param] = params.getAll(tag.param);
  return state;
}

function stateQuery(state, { withArticle = true } = {}) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const tag of TAGS) for (const value of state[tag.param]) params.append(tag.param, value);
  if (state.since) params.set("since", state.since);
  if (state.until) params.set("until", state.until);
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  if (withArticle && state.article) params.set("article", state.article);
  return params.toString();
}

function hasSearch(state) {
  return state.q.trim() !== "" || TAGS.some((tag) => state[tag.param].length > 0) || state.since || state.until;
}

// Moves to `state`: a new history entry, then draw it.
function go(state) {
  const query = stateQuery(state);
  history.pushState(null, "", query ? `/?${query}` : "/");
  render();
}

// A copy of the current state changed by `change`; any change but paging goes back to page 1.
function changed(change) {
  const state = readState();
  state.article = "";
  state.page = 1;
  change(state);
  return state;
}

// ---- text with byte-range highlights -------------------------------------------------------

// Appends `text` to `parent` with the UTF-8 byte ranges `highlights` wrapped in <mark>. The API
// counts bytes; JavaScript strings count UTF-16 units, so the cut is made on the encoded bytes.
function appendMarked(parent, text, highlights) {
  if (!highlights || highlights.length === 0) {
    parent.append(text);
    return;
  }
  const bytes = encoder.encode(text);
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at || end > bytes.length || start >= end) continue;
    if (start > at) parent.append(decoder.decode(bytes.subarray(at, start)));
    const mark = document.createElement("mark");
    mark.textContent = decoder.decode(bytes.subarray(start, end));
    parent.append(mark);
    at = end;
  }
  if (at < bytes.length) parent.append(decoder.decode(bytes.subarray(at)));
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Formatters made once: building one per date cost more than drawing the whole page.
const dayFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const monthFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", timeZone: "UTC" });
const yearFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", timeZone: "UTC" });

function formatDate(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return dayFormat.format(date);
}

const numberFormat = new Intl.NumberFormat();

// ---- fetching --------------------------------------------------------------------------------

let inFlight = null;

// GETs `path`; resolves to {ok, status, body}; an older request still running is cancelled.
async function api(path) {
  if (inFlight) inFlight.abort();
  const controller = new AbortController();
  inFlight = controller;
  try {
    const response = await fetch(path, { signal: controller.signal, headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({ error: "internal", detail: `HTTP ${response.status}` }));
    return { ok: response.ok, status: response.status, body };
  } catch (error) {
    if (error.name === "AbortError") return null;
    return { ok: false, status: 0, body: { error: "network", detail: "the server cannot be reached" } };
  } finally {
    if (inFlight === controller) inFlight = null;
  }
}

// ---- drawing ---------------------------------------------------------------------------------

async function render() {
  const state = readState();
  $("q").value = state.q;
  $("sort").value = state.sort;
  document.title = state.q ? `${state.q} – newsdex` : "newsdex";
  if (state.article) {
    await renderArticle(state);
  } else if (hasSearch(state)) {
    await renderSearch(state);
  } else {
    await renderHome();
  }
}

function showReader(visible) {
  $("reader").hidden = !visible;
  document.body.classList.toggle("reading", visible);
  for (const id of ["results", "pager", "active"]) $(id).hidden = visible;
}

function clearResults() {
  $("results").replaceChildren();
  $("pager").replaceChildren();
  $("active").replaceChildren();
  $("facets").replaceChildren();
  $("facets-box").hidden = true;
  $("timeline").hidden = true;
}

function showError(answer, query) {
  const status = $("status");
  status.replaceChildren();
  status.className = "status error";
  const { error, detail, column } = answer.body || {};
  status.append(element("p", "", error === "bad_query" ? `Bad query: ${detail}` : detail || "Something went wrong"));
  if (column && query) {
    const pointer = element("pre", "caret");
    pointer.textContent = `${query}\n${" ".repeat(Math.max(0, column - 1))}^`;
    status.append(pointer);
  }
}

async function renderHome() {
  showReader(false);
  clearResults();
  const status = $("status");
  status.className = "status";
  status.textContent = "";
  const answer = await api("/api/stats");
  if (!answer) return;
  if (!answer.ok) return showError(answer);
  const stats = answer.body;
  const span =
    stats.first_date && stats.last_date ? ` from ${formatDate(stats.first_date)} to ${formatDate(stats.last_date)}` : "";
  status.replaceChildren(
    element("p", "lede", `${numberFormat.format(stats.articles)} articles${span}.`),
    element("p", "hint", "Type words and press Enter, or * to see every article."),
  );
  $("q").focus();
}

async function renderSearch(state) {
  showReader(false);
  const offset = (state.page - 1) * PAGE_SIZE;
  const params = new URLSearchParams(stateQuery({ ...state, page: 1, article: "" }, { withArticle: false }));
  if (!state.q.trim()) params.set("q", "*");
  params.set("limit", String(PAGE_SIZE));
  if (offset > 0) params.set("offset", String(offset));
  const started = performance.now();
  const answer = await api(`/api/search?${params}`);
  if (!answer) return;
  if (!answer.ok) {
    clearResults();
    return showError(answer, state.q);
  }
  const results = answer.body;
  drawStatus(results, offset, state);
  drawActiveFilters(state);
  drawHits(results.hits, state);
  drawPager(pageable(results), state);
  drawFacets(results.facets, state);
  drawTimeline(results.histogram, state);
  const drawn = performance.now() - started;
  $("status").dataset.ms = drawn.toFixed(1);
}

function drawStatus(results, offset, state) {
  const status = $("status");
  status.className = "status";
  const total = results.total_hits;
  const shown = results.hits.length;
  const range = shown > 0 ? `${numberFormat.format(offset + 1)}–${numberFormat.format(offset + shown)} of ` : "";
  const articles = `${numberFormat.format(total)} ${total === 1 ? "article" : "articles"}`;
  const stories = pageable(results);
  const counted =
    results.collapsed && stories !== total
      ? `${numberFormat.format(stories)} ${stories === 1 ? "story" : "stories"} (${articles})`
      : articles;
  const took = (results.took_us / 1000).toFixed(1);
  status.replaceChildren(element("p", "count", `${range}${counted} · ${took} ms`));
  const suggestions = results.suggestions || [];
  if (suggestions.length > 0) {
    const line = element("p", "suggestions", "Did you mean: ");
    suggestions.forEach((suggestion, at) => {
      if (at > 0) line.append(", ");
      const link = element("a", "suggestion", suggestion.query);
      link.href = `/?${stateQuery({ ...state, q: suggestion.query, page: 1, article: "" })}`;
      line.append(link, ` (${numberFormat.format(suggestion.total_hits)})`);
    });
    status.append(line);
  } else if (total === 0) {
    status.append(element("p", "hint", "Nothing matches. Fewer words, or a filter less, may find something."));
  }
}

// What paging counts: stories when hits are folded by story, else articles.
function pageable(results) {
  return results.collapsed && typeof results.total_stories === "number" ? results.total_stories : results.total_hits;
}

function drawActiveFilters(state) {
  const box = $("active");
  box.replaceChildren();
  const remove = (label, change) => {
    const button = element("button", "chip active", label);
    button.type = "button";
    button.title = "Remove this filter";
    button.append(element("span", "x", "×"));
    button.addEventListener("click", () => go(changed(change)));
    box.append(button);
  };
  for (const tag of TAGS) {
    for (const value of state[tag.param]) {
      remove(`${tag.param}: ${value}`, (next) => {
        next[tag.param] = next[tag.param].filter((known) => known !== value);
      });
    }
  }
  if (state.since || state.until) {
    const label = state.since === state.until ? state.since : `${state.since || "…"} to ${state.until || "…"}`;
    remove(`date: ${label}`, (next) => {
      next.since = "";
      next.until = "";
    });
  }
}

function hitLink(hit, state) {
  return `/?${stateQuery({ ...state, article: hit.id })}`;
}

// A link to an article that opens it in the page (a plain link for a new tab or window).
function articleLink(className, text, id, state) {
  const link = element("a", className, text);
  link.href = hitLink({ id }, state);
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    go({ ...readState(), article: id });
  });
  return link;
}

// The other articles of a hit's story: their titles, dates and sources, under "N more".
function storyMore(hit, state) {
  const others = hit.story_size - 1;
  const box = element("details", "more");
  box.append(element("summary", "", others === 1 ? "1 more article of this story" : `${numberFormat.format(others)} more articles of this story`));
  const list = element("ul");
  for (const other of hit.more || []) {
    const item = element("li");
    item.append(articleLink("", other.title || "(untitled)", other.id, state));
    const meta = [formatDate(other.date), other.source].filter(Boolean).join(" · ");
    if (meta) item.append(element("span", "meta", ` ${meta}`));
    list.append(item);
  }
  if (others > (hit.more || []).length) list.append(element("li", "hint", `and ${others - hit.more.length} more`));
  box.append(list);
  return box;
}

function drawHits(hits, state) {
  const list = $("results");
  list.replaceChildren();
  for (const hit of hits) {
    const item = element("li", "hit");
    const heading = element("h2");
    heading.append(articleLink("title", hit.title || hit.lead || "(untitled)", hit.id, state));
    item.append(heading);
    const meta = [formatDate(hit.date), hit.location, hit.source].filter(Boolean).join(" · ");
    if (meta) item.append(element("p", "meta", meta));
    for (const passage of hit.passages) {
      const paragraph = element("p", "passage");
      appendMarked(paragraph, passage.text, passage.highlights);
      item.append(paragraph);
    }
    item.append(tagChips(hit, state));
    if (hit.story_size > 1) item.append(storyMore(hit, state));
    list.append(item);
  }
}

// The article's people, places and topics as chips; one click filters the results by it.
function tagChips(hit, state) {
  const chips = element("div", "chips");
  const limits = { topic: 4, place: 4, person: 4 };
  for (const tag of TAGS) {
    for (const value of (hit[tag.field] || []).slice(0, limits[tag.param])) {
      const active = state[tag.param].includes(value);
      const chip = element("button", `chip ${tag.param}${active ? " on" : ""}`, value);
      chip.type = "button";
      chip.title = active ? `Filtered by ${tag.param} ${value}` : `Only articles with ${tag.param} ${value}`;
      chip.addEventListener("click", () => {
        if (!readState()[tag.param].includes(value)) go(changed((next) => next[tag.param].push(value)));
      });
      chips.append(chip);
    }
  }
  return chips;
}

function drawPager(total, state) {
  const pager = $("pager");
  pager.replaceChildren();
  const pages = Math.ceil(Math.min(total, 10000 + PAGE_SIZE) / PAGE_SIZE);
  if (pages <= 1) return;
  const button = (label, page, disabled) => {
    const link = element("button", "page", label);
    link.type = "button";
    link.disabled = disabled;
    link.addEventListener("click", () => {
      const next = readState();
      next.page = page;
      next.article = "";
      go(next);
      window.scrollTo({ top: 0 });
    });
    pager.append(link);
  };
  button("← Previous", state.page - 1, state.page <= 1);
  pager.append(element("span", "page-of", `Page ${state.page} of ${numberFormat.format(pages)}`));
  button("Next →", state.page + 1, state.page >= pages);
}

// Facet counts by tag; a click adds the value as a filter, a second click removes it.
function drawFacets(facets, state) {
  const box = $("facets");
  box.replaceChildren();
  $("facets-box").hidden = !facets;
  if (!facets) return;
  for (const tag of TAGS) {
    const counts = [...(facets[tag.field] || [])];
    for (const value of state[tag.param]) {
      if (!counts.some((count) => count.value === value)) counts.unshift({ value, count: null });
    }
    if (counts.length === 0) continue;
    const group = element("section", "facet");
    group.append(element("h3", "", tag.label));
    const list = element("ul");
    for (const { value, count } of counts) {
      const active = state[tag.param].includes(value);
      const button = element("button", `facet-value${active ? " on" : ""}`);
      button.type = "button";
      button.setAttribute("aria-pressed", String(active));
      button.dataset.param = tag.param;
      button.dataset.value = value;
      button.append(element("span", "name", value));
      if (count !== null) button.append(element("span", "n", numberFormat.format(count)));
      button.addEventListener("click", () =>
        go(
          changed((next) => {
            next[tag.param] = active
              ? next[tag.param].filter((known) => known !== value)
              : [...next[tag.param], value];
          }),
        ),
      );
      const row = element("li");
      row.append(button);
      list.append(row);
    }
    group.append(list);
    box.append(group);
  }
}

// ---- the date histogram: click a bar, or drag across bars, to filter to those dates ---------

function bucketLabel(bucket, interval) {
  const date = new Date(`${bucket.start}T00:00:00Z`);
  const format = interval === "year" ? yearFormat : interval === "month" ? monthFormat : dayFormat;
  const label = format.format(date);
  return interval === "week" ? `week of ${label}` : label;
}

function drawTimeline(histogram, state) {
  const box = $("timeline");
  box.replaceChildren();
  const buckets = (histogram && histogram.buckets) || [];
  if (buckets.length === 0) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const most = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const heading = element("h3", "", `By ${histogram.interval}`);
  const bars = element("div", "bars");
  bars.setAttribute("role", "group");
  bars.setAttribute("aria-label", "Articles over time; click a bar or drag across bars to filter by date");
  buckets.forEach((bucket, index) => {
    const bar = element("button", "bar");
    bar.type = "button";
    bar.dataset.index = String(index);
    const label = `${bucketLabel(bucket, histogram.interval)}: ${numberFormat.format(bucket.count)}`;
    bar.title = label;
    bar.setAttribute("aria-label", label);
    const fill = element("span", "fill");
    // Heights as steps of 5 %, through classes: the page's policy allows no inline style.
    const step = bucket.count === 0 ? 0 : Math.max(1, Math.round((bucket.count / most) * 20));
    fill.className = `fill h${step}`;
    bar.append(fill);
    bars.append(bar);
  });
  const axis = element("div", "axis");
  axis.append(
    element("span", "", bucketLabel(buckets[0], histogram.interval)),
    element("span", "", bucketLabel(buckets[buckets.length - 1], histogram.interval)),
  );
  box.append(heading, bars, axis);
  if (histogram.undated > 0) box.append(element("p", "undated", `${numberFormat.format(histogram.undated)} undated`));
  let anchor = null;
  const indexAt = (event) => {
    const target = document.elementFromPoint(event.clientX, event.clientY);
    const bar = target && target.closest(".bar");
    return bar && bars.contains(bar) ? Number(bar.dataset.index) : null;
  };
  const mark = (from, to) => {
    const [low, high] = from <= to ? [from, to] : [to, from];
    for (const bar of bars.children) {
      const index = Number(bar.dataset.index);
      bar.classList.toggle("picked", index >= low && index <= high);
    }
  };
  bars.addEventListener("pointerdown", (event) => {
    const index = indexAt(event);
    if (index === null) return;
    anchor = index;
    mark(index, index);
    bars.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  bars.addEventListener("pointermove", (event) => {
    if (anchor === null) return;
    const index = indexAt(event);
    if (index !== null) mark(anchor, index);
  });
  const finish = (event) => {
    if (anchor === null) return;
    const index = indexAt(event);
    const end = index === null ? anchor : index;
    const [low, high] = anchor <= end ? [anchor, end] : [end, anchor];
    anchor = null;
    go(
      changed((next) => {
        next.since = buckets[low].start;
        next.until = buckets[high].end;
      }),
    );
  };
  bars.addEventListener("pointerup", finish);
  bars.addEventListener("pointercancel", () => {
    anchor = null;
    mark(-1, -1);
  });
  // Keyboard: Enter or Space on a focused bar filters to it.
  bars.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const bar = event.target.closest(".bar");
    if (!bar) return;
    event.preventDefault();
    const bucket = buckets[Number(bar.dataset.index)];
    go(
      changed((next) => {
        next.since = bucket.start;
        next.until = bucket.end;
      }),
    );
  });
  if (state.since || state.until) box.classList.add("filtered");
  else box.classList.remove("filtered");
}

// ---- one article ---------------------------------------------------------------------------

async function renderArticle(state) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set("q", state.q);
  const query = params.toString();
  const answer = await api(`/api/articles/${encodeURIComponent(state.article)}${query ? `?${query}` : ""}`);
  if (!answer) return;
  const reader = $("reader");
  reader.replaceChildren();
  showReader(true);
  const status = $("status");
  status.className = "status";
  status.replaceChildren();
  const back = element("a", "back", hasSearch(state) ? "← Results" : "← Home");
  back.href = `/?${stateQuery(state, { withArticle: false })}`;
  back.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    history.back();
  });
  reader.append(back);
  if (!answer.ok) {
    reader.append(element("p", "error", (answer.body && answer.body.detail) || "This article cannot be shown."));
    return;
  }
  const article = answer.body;
  const title = element("h1");
  appendMarked(title, article.title || article.lead || "(untitled)", article.title_highlights);
  reader.append(title);
  const meta = [formatDate(article.date), article.location, article.source, (article.authors || []).join(", ")]
    .filter(Boolean)
    .join(" · ");
  if (meta) reader.append(element("p", "meta", meta));
  reader.append(tagChips(article, { ...state, topic: [], place: [], person: [] }));
  const matches = article.body_highlights.length;
  if (state.q.trim()) {
    reader.append(element("p", "matches", matches === 1 ? "1 match" : `${numberFormat.format(matches)} matches`));
  }
  const body = element("div", "body");
  appendMarked(body, article.body, article.body_highlights);
  reader.append(body);
  if (article.url) {
    const link = element("a", "source-link", "Original article");
    link.href = article.url;
    link.rel = "noopener noreferrer";
    reader.append(link);
  }
  document.title = `${article.title || "Article"} – newsdex`;
  drawSimilar(reader, state);
  const first = body.querySelector("mark");
  if (first) first.scrollIntoView({ block: "center" });
  else window.scrollTo({ top: 0 });
}

// "Similar articles" under an open article, from other stories; drawn when it arrives.
async function drawSimilar(reader, state) {
  const answer = await api(`/api/articles/${encodeURIComponent(state.article)}/similar?limit=5&passages=0`);
  if (!answer || !answer.ok || answer.body.hits.length === 0 || readState().article !== state.article) return;
  const box = element("section", "similar");
  box.id = "similar";
  box.append(element("h2", "", "Similar articles"));
  const list = element("ul");
  for (const hit of answer.body.hits) {
    const item = element("li");
    item.append(articleLink("", hit.title || hit.lead || "(untitled)", hit.id, { ...state, article: "" }));
    const meta = [formatDate(hit.date), hit.location, hit.source].filter(Boolean).join(" · ");
    if (meta) item.append(element("span", "meta", ` ${meta}`));
    list.append(item);
  }
  box.append(list);
  reader.append(box);
}

// ---- wiring ----------------------------------------------------------------------------------

function start() {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = $("q").value.trim();
    go(
      changed((next) => {
        next.q = q;
        next.sort = $("sort").value;
      }),
    );
  });
  $("sort").addEventListener("change", () => {
    if (!hasSearch(readState())) return;
    go(
      changed((next) => {
        next.sort = $("sort").value;
      }),
    );
  });
  $("home").addEventListener("click", (event) => {
    event.preventDefault();
    go(readState("")); // an empty state: the home page
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest && event.target.closest("input, textarea, select");
    if (event.key === "/" && !typing && !event.metaKey && !event.ctrlKey) {
      event.preventDefault();
      const box = $("q");
      box.focus();
      box.select();
    } else if (event.key === "Escape" && readState().article) {
      history.back();
    }
  });
  window.addEventListener("popstate", render);
  // On a phone the filters fold away under the timeline; on a wide screen they stay open.
  const phone = window.matchMedia("(max-width: 760px)");
  $("facets-box").open = !phone.matches;
  phone.addEventListener("change", (event) => {
    $("facets-box").open = !event.matches;
  });
  render();
}

start();
