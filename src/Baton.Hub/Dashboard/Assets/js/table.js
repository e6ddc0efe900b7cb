// The tasks view: a filter, a state filter, and a virtual table that keeps only the rows in view in the page (a
// 10,000-task plan is 10,000 rows of data but about 40 rows of DOM). Arrow keys move, Enter opens a task.

import { h, fill, stateBadge, STATES } from "./dom.js";

const ROW = 30;
const EXTRA = 8;

export class TaskTable {
  constructor(root, model, open) {
    this.model = model;
    this.open = open;
    this.text = "";
    this.state = "";
    this.rows = [];
    this.active = 0;
    this.version = -1;
    this.search = h("input", { type: "search", placeholder: "Filter: id, title, worker, file, label", "aria-label": "Filter tasks", oninput: () => { this.text = this.search.value.trim().toLowerCase(); this.refilter(); } });
    this.chips = h("div.chips", { role: "group", "aria-label": "Filter by state" });
    this.shown = h("span.muted", { "aria-live": "polite" });
    this.body = h("div.vt-body", { role: "rowgroup" });
    this.scroller = h("div.vt", { tabindex: "0", role: "grid", "aria-label": "Tasks", "aria-rowcount": "0", onscroll: () => this.draw(), onkeydown: e => this.key(e) },
      h("div.vt-head", { role: "row" }, ["ID", "Title", "State", "Worker", "Attempt", "Files", "Labels"].map(c => h("span", { role: "columnheader" }, c))),
      this.body);
    fill(root, h("div.toolbar", {}, this.search, this.chips, this.shown), this.scroller);
    new ResizeObserver(() => this.draw()).observe(this.scroller);
  }

  /** Shows only tasks in this state ("" for all). */
  filterState(state) {
    this.state = state;
    this.refilter();
  }

  render() {
    if (this.version !== this.model.version) this.refilter();
  }

  refilter() {
    this.version = this.model.version;
    const text = this.text, state = this.state;
    this.rows = this.model.tasks.filter(t => (!state || t.state === state) && (!text || matches(t, text)));
    this.active = Math.min(this.active, Math.max(0, this.rows.length - 1));
    this.chipsDraw();
    this.shown.textContent = `${this.rows.length} of ${this.model.tasks.length} tasks`;
    this.scroller.setAttribute("aria-rowcount", String(this.rows.length));
    this.body.style.height = this.rows.length * ROW + "px";
    this.draw(true);
  }

  chipsDraw() {
    const counts = this.model.counts();
    const chip = (state, label) => h("button", { type: "button", "aria-pressed": String(this.state === state), onclick: () => this.filterState(state) }, label);
    fill(this.chips, chip("", `all ${this.model.tasks.length}`), STATES.filter(s => counts[s] > 0).map(s => chip(s, `${s} ${counts[s]}`)));
  }

  draw(force) {
    const top = Math.max(0, Math.floor(this.scroller.scrollTop / ROW) - EXTRA);
    const bottom = Math.min(this.rows.length, Math.ceil((this.scroller.scrollTop + this.scroller.clientHeight) / ROW) + EXTRA);
    if (!force && top === this.top && bottom === this.bottom) return;
    this.top = top;
    this.bottom = bottom;
    const rows = [];
    for (let i = top; i < bottom; i++) rows.push(this.row(this.rows[i], i));
    fill(this.body, rows);
    if (!this.rows.length) this.body.append(h("div.empty", {}, this.model.tasks.length ? "No task matches the filter." : "No tasks yet: import a plan (baton task import plan.json)."));
  }

  row(t, i) {
    const el = h("div.vt-row", {
      role: "row", id: "row-" + i, "aria-rowindex": String(i + 1), "data-task": t.id,
      onclick: () => { this.active = i; this.open(t.id); },
    },
    h("span.mono", { role: "gridcell" }, t.id),
    h("span", { role: "gridcell", title: t.title }, t.title),
    h("span", { role: "gridcell" }, stateBadge(t.state)),
    h("span", { role: "gridcell" }, t.worker || ""),
    h("span", { role: "gridcell" }, t.attempts ? `${t.attempts}/${t.maxAttempts}` : "–"),
    h("span.mono", { role: "gridcell", title: t.files.join("\n") }, t.files.join(", ")),
    h("span", { role: "gridcell" }, t.labels.join(", ")));
    el.style.transform = `translateY(${i * ROW}px)`;
    if (i === this.active) {
      el.classList.add("active");
      this.scroller.setAttribute("aria-activedescendant", el.id);
    }
    return el;
  }

  key(e) {
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if (e.key in moves) {
      e.preventDefault();
      this.active = Math.max(0, Math.min(this.rows.length - 1, this.active + moves[e.key]));
      const y = this.active * ROW;
      if (y < this.scroller.scrollTop + ROW) this.scroller.scrollTop = Math.max(0, y - ROW);
      else if (y + ROW > this.scroller.scrollTop + this.scroller.clientHeight) this.scroller.scrollTop = y + 2 * ROW - this.scroller.clientHeight;
      this.draw(true);
    } else if (e.key === "Enter" && this.rows[this.active]) {
      e.preventDefault();
      this.open(this.rows[this.active].id);
    }
  }
}

function matches(t, text) {
  return t.id.toLowerCase().includes(text) || t.title.toLowerCase().includes(text) || (t.worker || "").toLowerCase().includes(text)
    || t.files.some(f => f.toLowerCase().includes(text)) || t.labels.some(l => l.toLowerCase().includes(text));
}
