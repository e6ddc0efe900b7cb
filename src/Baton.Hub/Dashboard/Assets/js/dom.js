// Small DOM and formatting helpers. Text always goes in as text (textContent), never as markup.

const SVG = "http://www.w3.org/2000/svg";

/** An element: h("div.cls#id", {attr: value, onclick: fn}, child, "text", ...). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(parseTag(tag).name), tag, attrs, children);
}

/** An SVG element, as h(). */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG, parseTag(tag).name), tag, attrs, children);
}

function parseTag(tag) {
  const m = /^([a-zA-Z0-9-]+)((?:[.#][\w-]+)*)$/.exec(tag);
  return { name: m[1], rest: m[2] };
}

function build(el, tag, attrs, children) {
  for (const part of parseTag(tag).rest.match(/[.#][\w-]+/g) || []) {
    if (part[0] === ".") el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.setAttribute("class", value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A state badge. */
export function stateBadge(state) {
  return h("span.state." + (state || "pending"), {}, state || "?");
}

/** 1234567 ms as "20m 34s"; null as "–". */
export function duration(ms) {
  if (ms === null || ms === undefined || !isFinite(ms)) return "–";
  const negative = ms < 0;
  ms = Math.abs(ms);
  let out;
  if (ms < 1000) out = Math.round(ms) + " ms";
  else if (ms < 60_000) out = (ms / 1000).toFixed(ms < 10_000 ? 1 : 0) + " s";
  else if (ms < 3_600_000) out = Math.floor(ms / 60_000) + "m " + Math.floor((ms % 60_000) / 1000) + "s";
  else out = Math.floor(ms / 3_600_000) + "h " + Math.floor((ms % 3_600_000) / 60_000) + "m";
  return (negative ? "-" : "") + out;
}

/** A time (ms or ISO text) as local HH:MM:SS, with the date when it is not today. */
export function clock(at) {
  if (at === null || at === undefined) return "–";
  const d = new Date(at);
  if (isNaN(d)) return "–";
  const today = new Date();
  const time = d.toLocaleTimeString([], { hour12: false });
  return d.toDateString() === today.toDateString() ? time : d.toLocaleDateString() + " " + time;
}

/** "3 s ago" / "in 4m 2s". */
export function relative(at, now = Date.now()) {
  if (at === null || at === undefined) return "–";
  const t = typeof at === "number" ? at : Date.parse(at);
  const delta = t - now;
  return delta >= 0 ? "in " + duration(delta) : duration(-delta) + " ago";
}

/** Runs fn at most once per `ms`, the last call winning (trailing). */
export function throttle(fn, ms) {
  let timer = null, last = 0;
  return () => {
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(() => { timer = null; last = Date.now(); fn(); }, wait);
  };
}

export const STATES = ["pending", "ready", "leased", "checking", "done", "failed", "cancelled", "escalated"];
