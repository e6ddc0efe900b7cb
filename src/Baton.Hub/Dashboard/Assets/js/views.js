// The overview (the plan at a glance), the workers, the inbox and a task's detail.

import { h, fill, stateBadge, duration, clock, relative, STATES } from "./dom.js";
import { api } from "./api.js";

export function renderGlance(el, model) {
  const g = model.glance();
  fill(el,
    h("span", {}, h("span.progress", { role: "progressbar", "aria-label": "Progress", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(Math.round(g.progress * 100)) },
      progressFill(g.progress)), " ", h("b", { "data-stat": "progress" }, Math.round(g.progress * 100) + "%")),
    h("span", {}, h("b", { "data-stat": "done" }, `${g.counts.done}/${g.total}`), " done"),
    g.counts.escalated ? h("span", {}, h("b", {}, String(g.counts.escalated)), " escalated") : null,
    h("span", {}, "elapsed ", h("b", { "data-stat": "elapsed" }, duration(g.elapsed))),
    h("span", {}, "left ", h("b", { "data-stat": "eta" }, g.unfinished === 0 && g.total ? "0" : duration(g.eta))));
}

function progressFill(fraction) {
  const bar = h("span");
  bar.style.width = (fraction * 100).toFixed(1) + "%";
  return bar;
}

export function renderOverview(el, model, goTo) {
  const g = model.glance();
  const workers = [...model.workers.values()];
  const busy = workers.filter(w => w.current.size > 0).length;
  fill(el,
    h("section.panel", { "aria-label": "Tasks by state" }, h("h2", {}, "Plan at a glance"),
      h("div.cards", {}, STATES.map(st => h("button.card." + st, { type: "button", "data-count": st, onclick: () => goTo("tasks", st), "aria-label": `${g.counts[st]} ${st}: show them` },
        h("span.n", {}, String(g.counts[st])), st))),
      h("p", {}, h("span.progress", {}, progressFill(g.progress)), ` ${Math.round(g.progress * 100)}% done (${g.counts.done} of ${g.total - g.counts.cancelled}), `,
        `elapsed ${duration(g.elapsed)}, estimated time left ${g.unfinished === 0 && g.total ? "none" : duration(g.eta)}`)),
    h("div.grid2", {},
      h("section.panel", { "aria-label": "Workers" }, h("h2", {}, `Workers: ${busy} busy of ${workers.length}`),
        workers.length ? h("ul.feed", {}, workers.sort((a, b) => a.name.localeCompare(b.name)).map(w =>
          h("li", { "data-worker": w.name }, h("b", {}, w.name), h("span.muted", {}, w.current.size ? "on " + [...w.current].join(", ") : w.state), h("span.muted", {}, `${w.done} done`))))
          : h("p.muted", {}, "No worker yet.")),
      h("section.panel", { "aria-label": "Latest events" }, h("h2", {}, "Latest events"),
        model.feed.length ? h("ol.feed", { reversed: true }, model.feed.slice(-60).reverse().map(e =>
          h("li", {}, h("time", { datetime: e.at }, clock(e.at)), h("span", {}, e.message || e.type))))
          : h("p.muted", {}, "Nothing has happened since the page opened."))));
}

export class WorkersView {
  constructor(root, model, open) {
    this.root = root;
    this.model = model;
    this.open = open;
    this.data = null;
    this.pending = null;
  }

  async refresh() {
    this.pending ||= api.get("/api/workers").then(d => { this.data = d; }).finally(() => { this.pending = null; });
    return this.pending;
  }

  render() {
    if (!this.data) {
      fill(this.root, h("p.muted", {}, "loading…"));
      this.refresh().then(() => this.render(), e => fill(this.root, h("p.banner", {}, "could not read the workers: " + e.message)));
      return;
    }
    const now = Date.now();
    const rows = this.data.workers;
    fill(this.root, h("section.panel", {}, h("h2", {}, `${rows.length} worker${rows.length === 1 ? "" : "s"}`),
      rows.length ? h("table.plain", {},
        h("thead", {}, h("tr", {}, ["Worker", "State", "Current task", "Lease expires", "Last heard", "Note", "Capacity", "Done", "Failed", "Busy"].map(c => h("th", { scope: "col" }, c)))),
        h("tbody", {}, rows.map(w => h("tr", { "data-worker": w.name },
          h("th", { scope: "row" }, w.name),
          h("td", {}, w.state, " ", h("span.health." + w.health, {}, w.health), w.connected ? "" : h("span.muted", {}, " (not connected)")),
          h("td", {}, w.held.length ? w.held.map(t => h("div", {}, h("button.linkish", { type: "button", onclick: () => this.open(t.task) }, t.task), t.attempt ? ` #${t.attempt}` : "", t.title ? " " + t.title : "")) : h("span.muted", {}, "idle")),
          h("td", {}, w.held.map(t => h("div", {}, t.lease_expires_at ? relative(t.lease_expires_at, now) : t.state || "–"))),
          h("td", {}, relative(w.last_seen, now)),
          h("td", {}, w.held.map(t => h("div", {}, t.note || ""))),
          h("td", {}, String(w.capacity)), h("td", {}, String(w.done)), h("td", {}, String(w.failed)), h("td", {}, duration(w.busy_ms))))))
        : h("p.muted", {}, "No worker has said hello yet.")));
  }
}

export class InboxView {
  constructor(root, model, onChange) {
    this.root = root;
    this.model = model;
    this.onChange = onChange;
    this.items = null;
    this.pending = null;
    this.message = null;
  }

  async refresh() {
    this.pending ||= api.get("/api/inbox").then(items => { this.items = items; this.onChange(items.length); }).finally(() => { this.pending = null; });
    return this.pending;
  }

  render() {
    if (!this.items) {
      fill(this.root, h("p.muted", {}, "loading…"));
      this.refresh().then(() => this.render(), e => fill(this.root, h("p.banner", {}, "could not read the inbox: " + e.message)));
      return;
    }
    // A decision being typed is not thrown away by a redraw.
    if (this.root.contains(document.activeElement) && document.activeElement.matches("textarea, input")) return;
    fill(this.root,
      this.message ? h("p.panel", { role: "status" }, this.message) : null,
      this.model.canAct ? null : h("p.muted", {}, "This page is an observer's: it shows the inbox; deciding needs a coordinator's page (baton ui)."),
      this.items.length ? this.items.map(item => this.item(item)) : h("p.panel", {}, "The inbox is empty: nothing needs you."));
  }

  item(item) {
    const e = item.escalation, d = item.detail, t = d.task;
    const note = h("textarea", { "aria-label": `Note for ${t.id}`, placeholder: "Your note: kept with the decision and shown to the next worker" });
    const fields = {
      title: h("input", { type: "text", value: t.title, "aria-label": "Title" }),
      description: h("textarea", { "aria-label": "Description" }),
      context: h("textarea", { "aria-label": "Context" }),
    };
    fields.description.value = t.description || "";
    fields.context.value = t.context || "";
    const edit = h("div.edit-fields", { hidden: true },
      h("label", {}, "Title", fields.title), h("label", {}, "Description", fields.description), h("label", {}, "Context", fields.context),
      h("div.actions", {}, h("button.primary", { type: "button", "data-action": "edit", onclick: () => this.resolve(t.id, "edit", note.value, fields) }, "Retry with this text")));
    const act = (action, label, cls = "") => h("button" + cls, { type: "button", "data-action": action, onclick: () => this.resolve(t.id, action, note.value) }, label);
    return h("article.panel.item", { "data-task": t.id, "aria-label": `Escalation of ${t.id}` },
      h("h2", {}, h("span.mono", {}, t.id), " ", t.title, " ", h("span.badge", {}, e.kind)),
      h("p", {}, e.reason),
      e.conflicting_task ? h("p", {}, `Conflicts with ${e.conflicting_task} (worker ${e.conflicting_worker || "–"}): `, h("span.mono", {}, (e.paths || []).join(", "))) : null,
      !e.conflicting_task && e.paths?.length ? h("p.mono", {}, e.paths.join(", ")) : null,
      detailBody(d, item.feedback),
      this.model.canAct ? [
        h("h3", {}, "Decide"), note,
        h("div.actions", {}, act("retry", "Retry with the note", ".primary"), act("done", "Accept as done"), act("cancel", "Cancel the task", ".danger"),
          h("button", { type: "button", "aria-expanded": "false", onclick: ev => { edit.hidden = !edit.hidden; ev.target.setAttribute("aria-expanded", String(!edit.hidden)); } }, "Edit and retry…")),
        edit,
      ] : null);
  }

  async resolve(id, action, note, fields) {
    const body = { task_id: id, action, note: note.trim() || undefined };
    if (fields) Object.assign(body, { title: fields.title.value, description: fields.description.value, context: fields.context.value });
    try {
      const task = await api.post("/api/resolve", body);
      this.message = `Resolved ${id}: ${action}; it is now ${task.state}.`;
    } catch (error) {
      this.message = `Could not resolve ${id}: ${error.message}`;
    }
    document.activeElement?.blur();
    await this.refresh().catch(() => {});
    this.render();
  }
}

/** A task's detail: its text, checks, attempts, reports, check output and events. */
export function detailBody(d, feedback, open) {
  const t = d.task;
  const link = id => open ? h("button.linkish", { type: "button", onclick: () => open(id) }, id) : h("span.mono", {}, id);
  const checkEvents = (d.events || []).filter(e => e.type === "checks.failed");
  return [
    h("dl.kv", {},
      h("dt", {}, "state"), h("dd", {}, stateBadge(t.state), t.state_reason ? " " + t.state_reason : ""),
      h("dt", {}, "worker"), h("dd", {}, t.current_lease ? `${t.current_lease.worker}, lease until ${clock(t.current_lease.expires_at)}` : "–"),
      h("dt", {}, "attempts"), h("dd", {}, `${t.attempts} of ${t.max_attempts}`),
      h("dt", {}, "files"), h("dd.mono", {}, (t.files || []).join(", ") || "–"),
      h("dt", {}, "labels"), h("dd", {}, (t.labels || []).join(", ") || "–"),
      h("dt", {}, "depends on"), h("dd", {}, (t.depends_on || []).length ? t.depends_on.map((id, i) => [i ? ", " : "", link(id)]) : "–"),
      h("dt", {}, "needed by"), h("dd", {}, (d.dependents || []).length ? d.dependents.map((id, i) => [i ? ", " : "", link(id)]) : "–"),
      h("dt", {}, "plan"), h("dd", {}, t.plan || "–")),
    t.description ? [h("h3", {}, "Description"), h("pre", {}, t.description)] : null,
    t.context ? [h("h3", {}, "Context"), h("pre", {}, t.context)] : null,
    (t.context_files || []).length ? [h("h3", {}, "Read first"), h("p.mono", {}, t.context_files.join(", "))] : null,
    (t.acceptance || []).length ? [h("h3", {}, "Acceptance"), h("ul", {}, t.acceptance.map(a => h("li", {}, typeof a === "string" ? a : h("code", {}, JSON.stringify(a)))))] : null,
    (d.attempts || []).length ? [h("h3", {}, "Attempts"), h("table.plain", {},
      h("thead", {}, h("tr", {}, ["#", "Worker", "Claimed", "Ended", "Ending", "Note"].map(c => h("th", { scope: "col" }, c)))),
      h("tbody", {}, d.attempts.map(a => h("tr", {}, h("td", {}, String(a.number)), h("td", {}, a.worker), h("td", {}, clock(a.claimed_at)),
        h("td", {}, a.ended_at ? clock(a.ended_at) : "running"), h("td", {}, a.ending || "live"), h("td", {}, a.note || "")))))] : null,
    (d.reports || []).length ? [h("h3", {}, "Reports"), d.reports.map(r => h("div.panel", {},
      h("p", {}, h("b", {}, `attempt ${r.attempt}, ${r.worker}: ${r.outcome}`), r.late ? " (late: kept, never applied)" : "", r.context_score ? ` · context ${r.context_score}/5` : "", " · ", clock(r.at)),
      h("pre", {}, r.summary || ""),
      (r.files || []).length ? h("p.mono", {}, "files: " + r.files.join(", ")) : null,
      r.notes ? h("p", {}, "notes: " + r.notes) : null,
      r.refused_reason ? h("p", {}, "refused: " + r.refused_reason) : null))] : null,
    checkEvents.length ? [h("h3", {}, "Check failures"), checkEvents.map(e => h("pre", {}, e.message))] : null,
    feedback ? [h("h3", {}, "Check output and feedback"), h("pre", {}, feedback)] : null,
    (d.events || []).length ? [h("h3", {}, "Events"), h("ol.feed", {}, d.events.map(e =>
      h("li", {}, h("time", { datetime: e.at }, clock(e.at)), h("span", {}, e.message || e.type), e.actor ? h("span.muted", {}, e.actor) : null)))] : null,
  ];
}
