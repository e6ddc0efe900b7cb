// What the page knows: the board (every task, compactly), the workers, the recent events; kept up to date by folding
// in the events the hub's log holds after the board's last event.

import { STATES } from "./dom.js";

const OPEN = new Set(["leased", "checking"]);
// Events whose effect on a task is more than its state (a new description, a fresh attempt budget): the task is
// read again.
const REREAD = new Set(["task.resolved", "task.cancelled", "task.escalated", "checks.failed"]);

export class Model {
  constructor() {
    this.tasks = [];
    this.byId = new Map();
    this.workers = new Map();
    this.feed = [];
    this.feedMax = 0;
    this.cursor = 0;
    this.version = 0;
    this.session = { role: "observer", actor: "" };
    this.store = "";
    this.startedAt = null;
    this.boardAt = 0;
  }

  /** Replaces everything with a board (/api/board). */
  loadBoard(board) {
    const c = Object.fromEntries(board.columns.map((name, i) => [name, i]));
    this.tasks = board.tasks.map((row, seq) => ({
      id: row[c.id], title: row[c.title], state: row[c.state], worker: row[c.worker], attempts: row[c.attempts],
      maxAttempts: row[c.max_attempts], files: row[c.files], labels: row[c.labels], deps: row[c.depends_on],
      priority: row[c.priority], plan: row[c.plan], leaseExpires: row[c.lease_expires_at], updated: row[c.updated_at],
      reason: row[c.state_reason], seq,
    }));
    this.byId = new Map(this.tasks.map(t => [t.id, t]));
    this.setWorkers(board.workers);
    this.cursor = board.last_event_id;
    this.session = board.session;
    this.store = board.store || "";
    this.startedAt = board.started_at;
    this.boardAt = board.at;
    this.version++;
  }

  /** Workers as /api/board or /api/status give them (WorkerInfo). */
  setWorkers(list) {
    this.workers = new Map(list.map(w => [w.name, {
      name: w.name, state: w.state, health: w.health, capacity: w.capacity, connected: w.connected, labels: w.labels || [],
      current: new Set(w.current_tasks || []), done: w.done || 0, failed: w.failed || 0, busyMs: w.busy_ms || 0,
      lastSeen: Date.parse(w.last_seen),
    }]));
  }

  /** Folds events in; says what they touched. */
  apply(events) {
    const touched = { tasks: false, workers: false, inbox: false, stats: false, reload: false, reread: new Set(), ids: new Set() };
    for (const e of events) {
      if (e.id <= this.cursor) continue;
      this.cursor = e.id;
      if (e.id > this.feedMax) { this.feed.push(e); this.feedMax = e.id; }
      this.applyOne(e, touched);
    }
    if (this.feed.length > 300) this.feed.splice(0, this.feed.length - 200);
    if (events.length) this.version++;
    return touched;
  }

  applyOne(e, touched) {
    const at = Date.parse(e.at);
    if (e.type === "plan.imported") touched.reload = true;
    if (e.type.startsWith("worker.")) {
      const w = this.worker(e.worker, at);
      if (w) { w.connected = e.type === "worker.joined"; w.lastSeen = at; if (e.type === "worker.left" && w.current.size === 0) w.state = "gone"; }
      touched.workers = true;
      return;
    }
    if (!e.task_id) return;
    const task = this.byId.get(e.task_id);
    if (!task) {
      // A task added after the board was read (an import, task add): read the board again.
      touched.reload = true;
      return;
    }
    touched.tasks = true;
    touched.ids.add(task.id);
    if (e.state) task.state = e.state;
    task.updated = at;
    if (e.type === "task.claimed") {
      const n = /\(attempt (\d+)\)/.exec(e.message || "");
      task.attempts = n ? Number(n[1]) : task.attempts + 1;
      this.release(task);
      task.worker = e.worker;
      task.leaseExpires = null;
      const w = this.worker(e.worker, at);
      if (w) { w.current.add(task.id); w.state = "busy"; w.lastSeen = at; w.connected = w.connected || false; }
      touched.workers = true;
      if (this.startedAt === null) this.startedAt = at;
    } else if (!OPEN.has(task.state)) {
      const holder = task.worker;
      this.release(task);
      if (holder && e.type === "task.done") {
        const w = this.workers.get(holder);
        if (w) w.done++;
      }
      touched.workers = true;
    }
    if (e.type === "task.failed" || e.type === "checks.failed") {
      const w = this.workers.get(e.worker);
      if (w) w.failed++;
    }
    if (REREAD.has(e.type)) touched.reread.add(task.id);
    if (e.type === "task.escalated" || e.type === "task.resolved" || task.state === "escalated") touched.inbox = true;
    if (["task.done", "task.failed", "checks.failed", "task.resolved", "lease.expired", "task.released", "task.claimed"].includes(e.type)) touched.stats = true;
  }

  release(task) {
    if (task.worker) {
      const w = this.workers.get(task.worker);
      if (w) { w.current.delete(task.id); if (w.current.size === 0 && w.state === "busy") w.state = "idle"; }
    }
    task.worker = null;
    task.leaseExpires = null;
  }

  worker(name, at) {
    if (!name) return null;
    let w = this.workers.get(name);
    if (!w) {
      w = { name, state: "idle", health: "alive", capacity: 1, connected: false, labels: [], current: new Set(), done: 0, failed: 0, busyMs: 0, lastSeen: at };
      this.workers.set(name, w);
    }
    return w;
  }

  /** Puts a task as /api/tasks/{id} gives it back into the board. */
  updateTask(item) {
    const task = this.byId.get(item.id);
    if (!task) return;
    Object.assign(task, {
      title: item.title, state: item.state, attempts: item.attempts, maxAttempts: item.max_attempts, files: item.files || [],
      labels: item.labels || [], deps: item.depends_on || [], priority: item.priority || 0, reason: item.state_reason,
      worker: item.current_lease?.worker ?? (item.state === "checking" ? task.worker : null),
      leaseExpires: item.current_lease ? Date.parse(item.current_lease.expires_at) : null,
    });
    this.version++;
  }

  counts() {
    const counts = Object.fromEntries(STATES.map(s => [s, 0]));
    for (const t of this.tasks) counts[t.state] = (counts[t.state] || 0) + 1;
    return counts;
  }

  /** Progress, elapsed and estimated time left, as `baton status` computes them. */
  glance(now = Date.now()) {
    const counts = this.counts();
    const total = this.tasks.length;
    const countable = total - counts.cancelled;
    const unfinished = total - counts.done - counts.failed - counts.cancelled;
    const elapsed = this.startedAt ? now - this.startedAt : null;
    const eta = elapsed !== null && counts.done > 0 && unfinished > 0 ? elapsed * unfinished / counts.done : null;
    return { counts, total, progress: countable ? counts.done / countable : 0, elapsed, eta, unfinished };
  }

  get canAct() { return this.session.role === "coordinator"; }
}

/** Attempts per worker for the timeline, folded from events as the hub folds them (AttemptTimeline.cs). */
export class Timeline {
  constructor(data) {
    this.attempts = data.attempts.map(([task, worker, number, claimedAt, endedAt, ending]) => ({ task, worker, number, claimedAt, endedAt, ending }));
    this.cursor = data.last_event_id;
    this.truncated = data.truncated;
    this.open = new Map();
    this.last = new Map();
    this.claims = new Map();
    this.attempts.forEach((a, i) => {
      this.last.set(a.task, i);
      this.claims.set(a.task, Math.max(this.claims.get(a.task) || 0, a.number));
      if (a.endedAt === null) this.open.set(a.task, i);
    });
  }

  apply(e) {
    if (e.id <= this.cursor) return false;
    this.cursor = e.id;
    if (!e.task_id) return false;
    const task = e.task_id, at = Date.parse(e.at);
    if (e.type === "task.claimed" && e.worker) {
      this.end(task, at, "released");
      const number = (this.claims.get(task) || 0) + 1;
      this.claims.set(task, number);
      this.attempts.push({ task, worker: e.worker, number, claimedAt: at, endedAt: null, ending: null });
      this.open.set(task, this.attempts.length - 1);
      this.last.set(task, this.attempts.length - 1);
      return true;
    }
    switch (e.type) {
      case "task.checking": return this.end(task, at, "checking");
      case "task.done": return this.end(task, at, "done") || this.settle(task, "done");
      case "checks.failed": return this.settle(task, "checks_failed");
      case "task.failed": return this.end(task, at, "failed");
      case "task.escalated": return this.end(task, at, "escalated");
      case "lease.expired": return this.end(task, at, "expired");
      case "task.released": return this.end(task, at, "released");
      case "task.cancelled": return this.end(task, at, "cancelled");
      default: return false;
    }
  }

  end(task, at, ending) {
    if (!this.open.has(task)) return false;
    const a = this.attempts[this.open.get(task)];
    this.open.delete(task);
    a.endedAt = at;
    a.ending = ending;
    return true;
  }

  settle(task, ending) {
    const i = this.last.get(task);
    if (i === undefined || this.attempts[i].ending !== "checking") return false;
    this.attempts[i].ending = ending;
    return true;
  }
}
