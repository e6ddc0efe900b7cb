// The dependency graph: tasks in layers (a task sits one layer right of its latest dependency), ordered within a
// layer to keep edges short (barycentre sweeps), drawn as SVG. Drag to pan, wheel or +/- to zoom, arrows to move,
// 0 to fit; a click or Enter on the find box opens a task.

import { h, s, fill, STATES } from "./dom.js";

const W = 170, H = 40, GAP_X = 70, GAP_Y = 14;
export const MAX_NODES = 2000;

export class TaskGraph {
  constructor(root, model, open) {
    this.model = model;
    this.open = open;
    this.text = "";
    this.nodes = new Map();
    this.layoutKey = "";
    this.view = { x: 0, y: 0, k: 1 };
    this.find = h("input", { type: "search", placeholder: "Find or filter tasks (Enter opens the first)", "aria-label": "Find tasks in the graph",
      oninput: () => { this.text = this.find.value.trim().toLowerCase(); this.render(); },
      onkeydown: e => { if (e.key === "Enter" && this.first) this.open(this.first); } });
    this.note = h("span.muted", { "aria-live": "polite" });
    this.viewport = s("g");
    this.svg = s("svg", { tabindex: "0", role: "img", "aria-label": "Dependency graph: arrows pan, + and - zoom, 0 fits" }, this.viewport);
    fill(root,
      h("div.toolbar", {}, this.find, h("button", { type: "button", onclick: () => this.fit() }, "Fit"), this.note,
        h("span.legend", {}, STATES.map(st => h("span", { class: "st-" + st }, st)))),
      h("div.svgbox", {}, this.svg));
    this.panZoom();
  }

  render() {
    const tasks = this.model.tasks.filter(t => !this.text || t.id.toLowerCase().includes(this.text) || t.title.toLowerCase().includes(this.text));
    const shown = tasks.slice(0, MAX_NODES);
    this.first = shown[0]?.id;
    this.note.textContent = tasks.length > MAX_NODES
      ? `showing the first ${MAX_NODES} of ${tasks.length} tasks: filter to see others`
      : `${shown.length} task${shown.length === 1 ? "" : "s"}`;
    const key = shown.map(t => t.id).join("\n") + "|" + shown.map(t => t.deps.length).join(",");
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.draw(shown);
      this.fit();
    } else {
      for (const t of shown) {
        const g = this.nodes.get(t.id);
        if (g && g.dataset.state !== t.state) { g.setAttribute("class", "node " + t.state); g.dataset.state = t.state; g.lastChild.textContent = sub(t); }
      }
    }
  }

  draw(tasks) {
    const { pos, width, height } = layout(tasks);
    this.size = { width, height };
    const edges = s("g");
    const nodes = s("g");
    this.nodes = new Map();
    for (const t of tasks) {
      const p = pos.get(t.id);
      for (const d of t.deps) {
        const q = pos.get(d);
        if (!q) continue;
        const x1 = q.x + W, y1 = q.y + H / 2, x2 = p.x, y2 = p.y + H / 2, mx = (x1 + x2) / 2;
        edges.append(s("path", { class: "edge", d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, "marker-end": "url(#arrow)" }));
      }
      const g = s("g", { class: "node " + t.state, transform: `translate(${p.x},${p.y})`, "data-task": t.id, "data-state": t.state },
        s("title", {}, `${t.id}: ${t.title} (${t.state})`),
        s("rect", { width: W, height: H, rx: 6 }),
        s("text", { x: 8, y: 16 }, clip(t.id + " · " + t.title, 24)),
        s("text", { class: "sub", x: 8, y: 31 }, sub(t)));
      g.addEventListener("click", e => { if (!this.moved) this.open(t.id); e.stopPropagation(); });
      nodes.append(g);
      this.nodes.set(t.id, g);
    }
    const defs = s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      s("path", { d: "M0,0 L10,5 L0,10 z", class: "edge" })));
    fill(this.viewport, defs, edges, nodes);
  }

  fit() {
    const box = this.svg.getBoundingClientRect();
    if (!this.size || !box.width) return;
    const k = Math.min(1.5, Math.max(0.05, Math.min(box.width / (this.size.width + 40), box.height / (this.size.height + 40))));
    this.view = { k, x: (box.width - this.size.width * k) / 2, y: Math.max(10, (box.height - this.size.height * k) / 2) };
    this.apply();
  }

  apply() {
    this.viewport.setAttribute("transform", `translate(${this.view.x},${this.view.y}) scale(${this.view.k})`);
  }

  zoom(factor, cx, cy) {
    const k = Math.min(4, Math.max(0.03, this.view.k * factor));
    this.view.x = cx - (cx - this.view.x) * (k / this.view.k);
    this.view.y = cy - (cy - this.view.y) * (k / this.view.k);
    this.view.k = k;
    this.apply();
  }

  panZoom() {
    let start = null;
    this.svg.addEventListener("pointerdown", e => {
      start = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y };
      this.moved = false;
    });
    this.svg.addEventListener("pointermove", e => {
      if (!start) return;
      const dx = e.clientX - start.x, dy = e.clientY - start.y;
      if (!this.moved && Math.hypot(dx, dy) < 4) return;
      if (!this.moved) { this.moved = true; this.svg.setPointerCapture(e.pointerId); this.svg.classList.add("dragging"); }
      this.view.x = start.vx + dx;
      this.view.y = start.vy + dy;
      this.apply();
    });
    const stop = () => { start = null; this.svg.classList.remove("dragging"); };
    this.svg.addEventListener("pointerup", stop);
    this.svg.addEventListener("pointercancel", stop);
    this.svg.addEventListener("wheel", e => {
      e.preventDefault();
      const box = this.svg.getBoundingClientRect();
      this.zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top);
    }, { passive: false });
    this.svg.addEventListener("keydown", e => {
      const box = this.svg.getBoundingClientRect();
      const step = 60;
      const keys = {
        "+": () => this.zoom(1.25, box.width / 2, box.height / 2), "=": () => this.zoom(1.25, box.width / 2, box.height / 2),
        "-": () => this.zoom(0.8, box.width / 2, box.height / 2), "0": () => this.fit(),
        ArrowLeft: () => { this.view.x += step; this.apply(); }, ArrowRight: () => { this.view.x -= step; this.apply(); },
        ArrowUp: () => { this.view.y += step; this.apply(); }, ArrowDown: () => { this.view.y -= step; this.apply(); },
      };
      if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
    });
  }
}

/** Layers by longest path from the tasks with no dependency shown, then barycentre ordering. */
export function layout(tasks) {
  const byId = new Map(tasks.map(t => [t.id, t]));
  const layer = new Map();
  const depth = t => {
    if (layer.has(t.id)) return layer.get(t.id);
    layer.set(t.id, 0); // a cycle (refused at import) cannot recurse forever
    let d = 0;
    for (const id of t.deps) { const dep = byId.get(id); if (dep) d = Math.max(d, depth(dep) + 1); }
    layer.set(t.id, d);
    return d;
  };
  for (const t of tasks) depth(t);
  const layers = [];
  for (const t of tasks) (layers[layer.get(t.id)] ||= []).push(t);
  const dependents = new Map();
  for (const t of tasks) for (const d of t.deps) if (byId.has(d)) (dependents.get(d) || dependents.set(d, []).get(d)).push(t.id);
  const index = new Map();
  const place = () => layers.forEach(l => l.forEach((t, i) => index.set(t.id, i)));
  place();
  const bary = (t, ids) => {
    const xs = ids.filter(id => index.has(id)).map(id => index.get(id));
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : index.get(t.id);
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    const down = sweep % 2 === 0;
    const order = down ? layers.map((_, i) => i).slice(1) : layers.map((_, i) => i).reverse().slice(1);
    for (const i of order) {
      const keyOf = new Map(layers[i].map(t => [t.id, bary(t, down ? t.deps : dependents.get(t.id) || [])]));
      layers[i].sort((a, b) => keyOf.get(a.id) - keyOf.get(b.id) || a.seq - b.seq);
      layers[i].forEach((t, k) => index.set(t.id, k));
    }
  }
  const tallest = Math.max(1, ...layers.map(l => l.length));
  const pos = new Map();
  layers.forEach((l, i) => {
    const offset = (tallest - l.length) * (H + GAP_Y) / 2;
    l.forEach((t, k) => pos.set(t.id, { x: i * (W + GAP_X), y: offset + k * (H + GAP_Y) }));
  });
  return { pos, width: Math.max(W, layers.length * (W + GAP_X) - GAP_X), height: tallest * (H + GAP_Y) - GAP_Y };
}

function sub(t) {
  return t.state + (t.worker ? " · " + t.worker : "") + (t.attempts ? ` · #${t.attempts}` : "");
}

function clip(text, n) {
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}
