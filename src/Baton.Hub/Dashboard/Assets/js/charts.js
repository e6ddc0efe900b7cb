// Stats with charts, drawn as inline SVG: wall time against the serial sum (the speedup), where the coordination
// time went, interventions, first-pass check rate, context scores, attempts per task, handoff latency.

import { h, s, fill, duration } from "./dom.js";
import { api } from "./api.js";

const WIDTH = 440;

export class StatsView {
  constructor(root, model) {
    this.root = root;
    this.model = model;
    this.stats = null;
    this.pending = null;
  }

  /** Reads /api/stats again (after events that change the figures). */
  async refresh() {
    this.pending ||= api.get("/api/stats").then(stats => { this.stats = stats; }).finally(() => { this.pending = null; });
    return this.pending;
  }

  render() {
    if (!this.stats) {
      fill(this.root, h("p.muted", {}, "loading…"));
      this.refresh().then(() => this.render(), e => fill(this.root, h("p.banner", {}, "could not read the stats: " + e.message)));
      return;
    }
    const st = this.stats;
    fill(this.root, h("div.grid2", {},
      panel("Wall time and the serial sum", speedup(st)),
      panel("Where coordination time went", hbars([
        ["waiting in the queue", st.queue_wait_ms, "bar-a"], ["running checks", st.checks_ms, "bar-d"], ["lost to retries", st.retry_ms, "bar-c"],
      ], duration)),
      panel("Interventions", interventions(st)),
      panel("First-pass check rate", rate(st.first_attempt_check_pass_rate, "of tasks with machine checks passed them on their first attempt")),
      panel("Context scores", contextScore(st)),
      panel("Attempts per task", attemptsHistogram(this.model.tasks, st.attempts_per_task)),
      panel("Handoff latency", hbars([
        ["median handoff", st.handoff_p50_ms, "bar-b"], ["slowest handoff", st.handoff_max_ms, "bar-c"],
        ["average queue wait", st.average_queue_wait_ms, "bar-a"], ["failure detection", st.failure_detection_ms, "bar-d"],
      ], duration))));
  }
}

function panel(title, ...body) {
  return h("section.panel", { "aria-label": title }, h("h2", {}, title), ...body);
}

function chart(height, label, ...children) {
  return s("svg", { class: "chart", viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-label": label }, ...children);
}

function speedup(st) {
  if (st.wall_ms === null || st.wall_ms === undefined) return h("p.muted", {}, "No task is done yet.");
  const rows = [["wall time", st.wall_ms, "bar-a"], ["serial sum", st.task_ms, "bar-b"]];
  const label = st.speedup ? `speedup ×${st.speedup.toFixed(2)}` : "";
  return [
    h("p", {}, h("span.big", { "data-stat": "speedup" }, st.speedup ? "×" + st.speedup.toFixed(2) : "–"), " ",
      h("span.muted", {}, st.time_saved_ms >= 0 ? `saved ${duration(st.time_saved_ms)}` : `lost ${duration(-st.time_saved_ms)}`, ` over ${st.done} done task(s)`)),
    hbars(rows, duration, label),
  ];
}

function hbars(rows, format, label) {
  const max = Math.max(1, ...rows.map(r => r[1] || 0));
  const height = rows.length * 30 + 6;
  const plot = WIDTH - 150 - 90;
  return chart(height, label || rows.map(r => `${r[0]} ${format(r[1])}`).join(", "),
    rows.map(([name, value, cls], i) => s("g", {},
      s("text", { x: 0, y: i * 30 + 19 }, name),
      s("rect", { class: "track", x: 150, y: i * 30 + 6, width: plot, height: 18, rx: 3 }),
      s("rect", { class: cls, x: 150, y: i * 30 + 6, width: value ? Math.max(2, plot * value / max) : 0, height: 18, rx: 3 }),
      s("text", { x: WIDTH - 4, y: i * 30 + 19, "text-anchor": "end" }, format(value)))));
}

function interventions(st) {
  const rows = Object.entries(st.interventions_per_task || {}).sort((a, b) => b[1] - a[1]).slice(0, 8);
  return [
    h("p", {}, h("span.big", { "data-stat": "interventions" }, String(st.interventions)), " ",
      h("span.muted", {}, st.intervention_rate !== null && st.intervention_rate !== undefined ? `${st.intervention_rate.toFixed(2)} per task` : "", `, ${st.open_escalations || 0} open`)),
    rows.length ? hbars(rows.map(([task, n]) => [task, n, "bar-c"]), n => String(n ?? 0)) : h("p.muted", {}, "No escalation has been resolved."),
  ];
}

function rate(value, what) {
  if (value === null || value === undefined) return h("p.muted", {}, "No task with machine checks has been checked yet.");
  const plot = WIDTH - 70;
  return [
    h("p", {}, h("span.big", {}, Math.round(value * 100) + "%"), " ", h("span.muted", {}, what)),
    chart(28, `${Math.round(value * 100)}%`, s("rect", { class: "track", x: 0, y: 4, width: plot, height: 18, rx: 3 }),
      s("rect", { class: "bar-b", x: 0, y: 4, width: plot * value, height: 18, rx: 3 }),
      s("text", { x: WIDTH - 4, y: 18, "text-anchor": "end" }, Math.round(value * 100) + "%")),
  ];
}

function contextScore(st) {
  if (!st.context_scores) return h("p.muted", {}, "No report has given a context score yet.");
  const avg = st.average_context_score;
  const plot = WIDTH - 40;
  const x = v => 10 + (v - 1) / 4 * plot;
  return [
    h("p", {}, h("span.big", {}, avg.toFixed(1)), " ", h("span.muted", {}, `average of ${st.context_scores} report(s), 1-5 (the bar: at least 4)`)),
    chart(44, `average context score ${avg.toFixed(1)}`,
      s("rect", { class: "track", x: 10, y: 10, width: plot, height: 8, rx: 4 }),
      s("rect", { class: "bar-b", x: x(4), y: 10, width: x(5) - x(4), height: 8, rx: 4 }),
      [1, 2, 3, 4, 5].map(v => s("text", { class: "muted", x: x(v), y: 38, "text-anchor": "middle" }, String(v))),
      s("circle", { class: "bar-c", cx: x(avg), cy: 14, r: 7 })),
  ];
}

function attemptsHistogram(tasks, average) {
  const buckets = [0, 0, 0, 0];
  for (const t of tasks) if (t.attempts > 0) buckets[Math.min(4, t.attempts) - 1]++;
  const total = buckets.reduce((a, b) => a + b, 0);
  if (!total) return h("p.muted", {}, "No task has been claimed yet.");
  const max = Math.max(...buckets);
  const bw = (WIDTH - 40) / 4;
  return [
    h("p", {}, h("span.big", {}, average ? average.toFixed(2) : "–"), " ", h("span.muted", {}, `claims per task tried (${total} tasks)`)),
    chart(140, "attempts per task: " + buckets.map((n, i) => `${i + 1}${i === 3 ? "+" : ""}: ${n}`).join(", "),
      buckets.map((n, i) => {
        const bh = n ? Math.max(2, 90 * n / max) : 0;
        return s("g", {},
          s("rect", { class: i === 0 ? "bar-b" : "bar-c", x: 20 + i * bw + 8, y: 105 - bh, width: bw - 16, height: bh, rx: 3 }),
          s("text", { x: 20 + i * bw + bw / 2, y: 100 - bh, "text-anchor": "middle" }, String(n)),
          s("text", { class: "muted", x: 20 + i * bw + bw / 2, y: 124, "text-anchor": "middle" }, `${i + 1}${i === 3 ? "+" : ""} attempt${i ? "s" : ""}`));
      })),
  ];
}
