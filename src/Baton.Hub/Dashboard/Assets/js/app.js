// The page: reads the board once, then follows the hub's event log with one long-poll at a time and folds what it
// reads into the model. Redraws are batched into one per animation frame, and the next read waits for the frame and
// for READ_GAP, so a burst of events arrives as a few large batches the page can draw (the hub keeps the rest in its
// log meanwhile and never pushes more than the page asks for).

import { h, fill, throttle } from "./dom.js";
import { api, ApiError, read } from "./api.js";
import { Model } from "./model.js";
import { TaskTable } from "./table.js";
import { TaskGraph } from "./graph.js";
import { TimelineView } from "./timeline.js";
import { StatsView } from "./charts.js";
import { renderGlance, renderOverview, WorkersView, InboxView, detailBody } from "./views.js";

const READ_GAP = 150;
const WAIT_MS = 25000;
const MAX_EVENTS = 1000;

const model = new Model();
const $ = id => document.getElementById(id);
const panels = {};
let current = "overview";
let drawQueued = false;
let stopped = false;
let detailId = null;

function show(view, state) {
  current = view;
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const on = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $("view-" + tab.dataset.view).hidden = !on;
  }
  if (view === "tasks" && state !== undefined) panels.tasks.filterState(state);
  if (view === "workers") panels.workers.refresh().then(redraw, () => {});
  if (view === "inbox") panels.inbox.refresh().then(redraw, () => {});
  if (view === "stats") panels.stats.refresh().then(redraw, () => {});
  history.replaceState(null, "", "#" + view);
  draw();
}

function redraw() {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => { drawQueued = false; draw(); });
}

function draw() {
  // A redraw replaces elements; the one that had the keyboard focus gets it back.
  const focused = focusSelector(document.activeElement);
  renderGlance($("glance"), model);
  if (current === "overview") renderOverview($("view-overview"), model, show);
  else panels[current].render();
  if (focused && (document.activeElement === document.body || !document.activeElement)) document.querySelector(focused)?.focus();
}

function focusSelector(el) {
  if (!el || el === document.body) return null;
  if (el.id) return "#" + CSS.escape(el.id);
  const owner = el.closest("[data-task], [data-worker]");
  const scope = owner ? (owner.dataset.task !== undefined ? `[data-task="${CSS.escape(owner.dataset.task)}"] ` : `[data-worker="${CSS.escape(owner.dataset.worker)}"] `) : "";
  if (el.dataset.count) return `[data-count="${CSS.escape(el.dataset.count)}"]`;
  if (el.dataset.action) return scope + `[data-action="${CSS.escape(el.dataset.action)}"]`;
  if (owner && el.tagName === "BUTTON") return scope + "button";
  return null;
}

async function openTask(id) {
  detailId = id;
  const dialog = $("detail");
  $("detail-title").textContent = id;
  fill($("detail-body"), h("p.muted", {}, "loading…"));
  if (!dialog.open) dialog.showModal();
  await refreshDetail();
}

async function refreshDetail() {
  if (!detailId || !$("detail").open) return;
  const id = detailId;
  try {
    const d = await api.get("/api/tasks/" + encodeURIComponent(id));
    if (id !== detailId) return;
    $("detail-title").textContent = `${d.task.id} · ${d.task.title}`;
    fill($("detail-body"), detailBody(d, null, openTask));
  } catch (error) {
    fill($("detail-body"), h("p.banner", {}, `could not read ${id}: ${error.message}`));
  }
}

function linkState(text, cls) {
  const el = $("link");
  el.textContent = text;
  el.className = "link-state " + (cls || "");
}

function sessionEnded(message) {
  stopped = true;
  linkState("signed out", "down");
  fill($("main"), h("div.banner", { role: "alert" }, message || "The page session has ended.", " Run ", h("code", {}, "baton ui"), " for a new sign-in link."));
}

async function loadBoard() {
  // The first read was started by boot.js, before the modules had loaded.
  const early = window.batonBoard;
  window.batonBoard = null;
  model.loadBoard(early ? await early.then(read, () => api.get("/api/board")) : await api.get("/api/board"));
  $("store").textContent = model.store;
  $("role").textContent = model.session.role;
  $("role").title = `signed in as ${model.session.actor}`;
}

const rereadSoon = (() => {
  const ids = new Set();
  const run = throttle(async () => {
    const batch = [...ids].slice(0, 50);
    batch.forEach(id => ids.delete(id));
    await Promise.all(batch.map(id => api.get("/api/tasks/" + encodeURIComponent(id)).then(d => model.updateTask(d.task), () => {})));
    if (ids.size) run();
    redraw();
  }, 300);
  return list => { list.forEach(id => ids.add(id)); if (ids.size) run(); };
})();

const workersSoon = throttle(() => { if (current === "workers") panels.workers.refresh().then(redraw, () => {}); }, 1000);
const inboxSoon = throttle(() => panels.inbox.refresh().then(redraw, () => {}), 500);
const statsSoon = throttle(() => { if (current === "stats") panels.stats.refresh().then(redraw, () => {}); }, 2000);
const detailSoon = throttle(refreshDetail, 500);

function fold(events) {
  const touched = model.apply(events);
  if (panels.timeline.apply(events) && current === "timeline") redraw();
  if (touched.reread.size) rereadSoon(touched.reread);
  if (touched.workers) workersSoon();
  if (touched.inbox) inboxSoon();
  if (touched.stats) statsSoon();
  if (detailId && touched.ids.has(detailId)) detailSoon();
  // The last event the page has folded in, for tests and the benchmark (bench/Baton.Ui).
  document.body.dataset.cursor = String(model.cursor);
  redraw();
  return touched.reload;
}

const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function follow() {
  let failures = 0;
  linkState("live", "live");
  while (!stopped) {
    const began = Date.now();
    let events;
    try {
      events = await api.get(`/api/events?after=${model.cursor}&max=${MAX_EVENTS}&wait_ms=${WAIT_MS}`);
      failures = 0;
      linkState("live", "live");
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return sessionEnded(error.message);
      failures++;
      linkState(failures > 1 ? "hub unreachable: retrying" : "reconnecting…", "down");
      await sleep(Math.min(10000, 500 * 2 ** Math.min(failures, 5)));
      continue;
    }
    if (events.length && fold(events)) {
      // Tasks the board does not know (an import): read it again, and the events after it.
      await loadBoard().catch(() => {});
      redraw();
    }
    if (events.length) {
      await frame();
      await sleep(Math.max(0, began + READ_GAP - Date.now()));
    }
  }
}

function tabs() {
  const list = [...document.querySelectorAll("[role=tab]")];
  for (const tab of list) {
    tab.addEventListener("click", () => show(tab.dataset.view));
    tab.addEventListener("keydown", e => {
      const i = list.indexOf(tab);
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: list.length - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      const target = list[(next + list.length) % list.length];
      target.focus();
      show(target.dataset.view);
    });
  }
}

async function start() {
  try {
    await loadBoard();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return sessionEnded(error.message);
    fill($("main"), h("div.banner", { role: "alert" }, "Could not read the plan: " + error.message));
    return;
  }
  panels.tasks = new TaskTable($("view-tasks"), model, openTask);
  panels.graph = new TaskGraph($("view-graph"), model, openTask);
  panels.timeline = new TimelineView($("view-timeline"), model, openTask);
  panels.workers = new WorkersView($("view-workers"), model, openTask);
  panels.stats = new StatsView($("view-stats"), model);
  panels.inbox = new InboxView($("view-inbox"), model, n => { $("inbox-count").textContent = n ? String(n) : ""; });
  tabs();
  $("detail-close").addEventListener("click", () => $("detail").close());
  $("detail").addEventListener("close", () => { detailId = null; });
  $("signout").addEventListener("click", async () => {
    await api.post("/api/ui/logout").catch(() => {});
    sessionEnded("Signed out.");
  });
  const wanted = location.hash.slice(1);
  show(panels[wanted] ? wanted : "overview");
  document.body.dataset.cursor = String(model.cursor);
  document.body.dataset.ready = "true";
  // The feed starts with the latest events, and the inbox count with the inbox.
  const boardCursor = model.cursor;
  api.get(`/api/events?after=${Math.max(0, boardCursor - 40)}&max=40`).then(events => {
    model.feed = [...events.filter(e => e.id <= boardCursor), ...model.feed.filter(e => e.id > boardCursor)];
    model.feedMax = Math.max(model.feedMax, boardCursor);
    redraw();
  }, () => {});
  panels.inbox.refresh().catch(() => {});
  // Elapsed and lease countdowns move without events; workers' notes and leases change with heartbeats, which
  // append no event: that view reads them again while it is open.
  setInterval(() => { if (!stopped) renderGlance($("glance"), model); }, 1000);
  setInterval(() => { if (!stopped && current === "workers" && !document.hidden) panels.workers.refresh().then(redraw, () => {}); }, 5000);
  follow();
}

start();
