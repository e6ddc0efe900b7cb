// The timeline: one lane per worker, one bar per attempt from claim to end, coloured by how it ended, so the
// parallelism and the idle gaps show. Read once from /api/timeline, then folded forward from the events.

import { h, s, fill, duration, clock } from "./dom.js";
import { api } from "./api.js";
import { Timeline } from "./model.js";

const LANE = 26, LABEL = 140, AXIS = 24;
const ENDINGS = ["done", "checking", "checks_failed", "failed", "escalated", "expired", "released", "cancelled", "running"];
const RANGES = [["all", Infinity], ["last hour", 3_600_000], ["last 10 min", 600_000]];

export class TimelineView {
  constructor(root, model, open) {
    this.model = model;
    this.open = open;
    this.data = null;
    this.range = Infinity;
    this.loading = null;
    this.note = h("span.muted");
    this.box = h("div.svgbox");
    this.rangeButtons = RANGES.map(([label, ms]) => h("button", { type: "button", "aria-pressed": String(ms === this.range), onclick: () => this.setRange(ms) }, label));
    fill(root,
      h("div.toolbar", {}, h("span", { role: "group", "aria-label": "Time range" }, this.rangeButtons), this.note,
        h("span.legend", {}, ENDINGS.map(e => h("span", { class: "sw-" + e }, e.replace("_", " "))))),
      this.box);
  }

  setRange(ms) {
    this.range = ms;
    this.rangeButtons.forEach((b, i) => b.setAttribute("aria-pressed", String(RANGES[i][1] === ms)));
    this.render();
  }

  /** Events read after the timeline was loaded. */
  apply(events) {
    if (!this.data) return false;
    let changed = false;
    for (const e of events) changed = this.data.apply(e) || changed;
    return changed;
  }

  async load() {
    this.loading ||= api.get("/api/timeline").then(data => {
      this.data = new Timeline(data);
      // Events the page read meanwhile are folded in (those already in the timeline are skipped by id).
      this.apply(this.model.feed);
    }).finally(() => { this.loading = null; });
    return this.loading;
  }

  render() {
    if (!this.data) {
      this.note.textContent = "loading…";
      this.load().then(() => this.render(), e => { this.note.textContent = "could not read the timeline: " + e.message; });
      return;
    }
    const now = Date.now();
    const attempts = this.data.attempts;
    const workers = [...new Set([...this.model.workers.keys(), ...attempts.map(a => a.worker)])].sort();
    const first = attempts.length ? attempts.reduce((m, a) => Math.min(m, a.claimedAt), Infinity) : now - 60_000;
    const t0 = Math.max(first, now - this.range);
    const t1 = Math.max(now, t0 + 1000);
    const width = Math.max(400, this.box.clientWidth || 800);
    const plot = width - LABEL - 16;
    const x = t => LABEL + (Math.max(t0, Math.min(t1, t)) - t0) / (t1 - t0) * plot;
    const lanes = s("g");
    const index = new Map(workers.map((w, i) => [w, i]));
    workers.forEach((w, i) => lanes.append(s("g", { class: "lane", "data-worker": w },
      s("rect", { class: "lane-bg", x: LABEL, y: AXIS + i * LANE + 2, width: plot, height: LANE - 4, rx: 3 }),
      s("text", { class: "lane-label", x: 6, y: AXIS + i * LANE + LANE / 2 + 4 }, w.length > 20 ? w.slice(0, 19) + "…" : w))));
    const bars = s("g");
    let shown = 0;
    for (const a of attempts) {
      const end = a.endedAt ?? now;
      if (end < t0) continue;
      const lane = index.get(a.worker);
      const x1 = x(a.claimedAt), x2 = x(end);
      const ending = a.ending || "running";
      const bar = s("rect", { class: "bar " + ending, x: x1, y: AXIS + lane * LANE + 5, width: Math.max(2, x2 - x1), height: LANE - 10, rx: 2, "data-task": a.task },
        s("title", {}, `${a.task} #${a.number} · ${a.worker} · ${ending} · ${clock(a.claimedAt)} to ${a.endedAt ? clock(a.endedAt) : "now"} (${duration(end - a.claimedAt)})`));
      bar.addEventListener("click", () => this.open(a.task));
      bars.append(bar);
      shown++;
    }
    const axis = s("g", { class: "axis" });
    for (let k = 0; k <= 5; k++) {
      const t = t0 + (t1 - t0) * k / 5;
      const px = LABEL + plot * k / 5;
      axis.append(s("line", { x1: px, x2: px, y1: AXIS - 4, y2: AXIS + workers.length * LANE }), s("text", { x: px, y: 14, "text-anchor": k === 0 ? "start" : k === 5 ? "end" : "middle" }, clock(t)));
    }
    const height = AXIS + Math.max(1, workers.length) * LANE + 8;
    const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": `Timeline: ${workers.length} workers, ${shown} attempts` }, axis, lanes, bars);
    fill(this.box, workers.length ? svg : h("div.empty", {}, "No worker has claimed a task yet."));
    this.box.style.height = "auto";
    this.note.textContent = `${workers.length} worker${workers.length === 1 ? "" : "s"}, ${shown} attempt${shown === 1 ? "" : "s"}` + (this.data.truncated ? " (the most recent only)" : "");
  }
}
