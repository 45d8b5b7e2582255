// The space-time diagram's drawing (issue 14 item 4; the data is web/src/components/spacetime.rs
// and crates/sim/src/view/spacetime.rs). Time runs left to right, one lane per node. Only what
// overlaps the visible window is in the DOM; arrows and marks already drawn stay, so a frame of
// playback moves the window (one transform), adds what came into view, drops what left it and
// redraws only the messages in flight at the cursor. Text goes in through textContent only.

import { exportStage } from "./files.js";

const NS = "http://www.w3.org/2000/svg";
const LABEL = 34; // the lane labels' column
const AXIS = 20; // the time axis above the lanes
const LANE = 28;
const PICK = 7; // how near (px) a click must be to an arrow to pick it
const MIN_SCALE = 0.004; // px per ms: an hour fits in a wide window
const MAX_SCALE = 8;
const MARKS = [
  ["election", "started an election", "M-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0"],
  ["leader", "became leader", "M-5 0a5 5 0 1 0 10 0a5 5 0 1 0-10 0"],
  ["commit", "committed or chose", "M0-4L4 0L0 4L-4 0Z"],
  ["crash", "crashed", "M-5-5L5 5M-5 5L5-5"],
  ["restart", "restarted", "M-4 4L0-4L4 4Z"],
  ["fault", "a fault", "M0-9V9"],
  ["violation", "a safety violation", "M-5-5H5V5H-5Z"],
  ["step-down", "stepped down as leader", "M-5 0a5 5 0 1 0 10 0a5 5 0 1 0-10 0M-4 4L4-4"],
];

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  parent?.append(e);
  return e;
}

function titled(e, text) {
  el("title", {}, e).textContent = text;
  return e;
}

const secs = (ms) => `${+(ms / 1000).toFixed(3)} s`;

/** Build the diagram in `host`; `act(ms, id)` seeks (ms ≥ 0) and/or selects a message (id ≥ 0). */
export function mountDiagram(host, act) {
  const d = {
    act, arrows: [], marks: [], kinds: [], nodes: 0, prefix: "", cursor: 0, selected: -1, name: "",
    scale: 0.5, x0: 0, follow: true, width: 0, maxLatency: 0, drawn: new Map(), drawnMarks: new Map(),
    frame: 0, lastSelected: -1,
  };
  const bar = document.createElement("div");
  bar.className = "spacetime-bar";
  const button = (text, label, onclick) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-small";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    b.addEventListener("click", onclick);
    bar.append(b);
    return b;
  };
  const centre = () => d.x0 + span(d) / 2;
  button("−", "Zoom out", () => zoom(d, 0.5, d.follow ? d.cursor : centre()));
  button("+", "Zoom in", () => zoom(d, 2, d.follow ? d.cursor : centre()));
  button("◀", "Earlier", () => pan(d, -span(d) / 3));
  button("▶", "Later", () => pan(d, span(d) / 3));
  button("Whole run", "", () => {
    d.follow = false;
    d.scale = clamp(plotWidth(d) / Math.max(d.cursor, 100));
    d.x0 = 0;
    redraw(d, true);
  });
  d.followButton = button("Follow", "", () => {
    d.follow = !d.follow;
    redraw(d, false);
  });
  button("Download SVG", "", () => exportStage(d.svg, `${d.name}-diagram`, false));
  const hint = document.createElement("span");
  hint.className = "spacetime-hint";
  hint.textContent = "Click to go to a time or pick a message; drag to pan.";
  bar.append(hint);
  host.append(bar);

  const box = document.createElement("div");
  box.className = "spacetime-box";
  host.append(box);
  d.svg = el("svg", { class: "spacetime-svg", role: "img" }, box);
  d.back = el("rect", { class: "spacetime-back", x: 0, y: 0 }, d.svg);
  d.lanes = el("g", { class: "spacetime-lanes" }, d.svg);
  d.plot = el("svg", { x: LABEL, y: 0 }, d.svg);
  d.ticks = el("g", { class: "spacetime-ticks" }, d.plot);
  d.world = el("g", {}, d.plot);
  d.arrowLayer = el("g", {}, d.world);
  d.markLayer = el("g", {}, d.world);
  d.cursorLine = el("line", { class: "spacetime-cursor", y1: AXIS - 4 }, d.world);
  listen(d);
  new ResizeObserver(() => redraw(d, true)).observe(box);
  return d;
}

/** The run's data since the last call (arrows from index `arrowsFrom`, marks from `marksFrom`,
 * in flat arrays), the cursor, the selected message (-1: none) and the export's file name. */
export function updateDiagram(d, nodes, prefix, kinds, arrowsFrom, arrows, marksFrom, marks, cursor, selected, name) {
  d.kinds = kinds.split(" ");
  let all = false;
  if (nodes !== d.nodes || prefix !== d.prefix) {
    d.nodes = nodes;
    d.prefix = prefix;
    all = true;
  }
  if (arrowsFrom < d.arrows.length) {
    d.arrows.length = arrowsFrom;
    all = true;
  }
  for (let i = 0; i < arrows.length; i += 7) {
    const a = { id: arrows[i], from: arrows[i + 1], to: arrows[i + 2], sent: arrows[i + 3], end: arrows[i + 4], kind: arrows[i + 5], lost: arrows[i + 6] === 1 };
    d.maxLatency = Math.max(d.maxLatency, a.end - a.sent);
    d.arrows.push(a);
  }
  if (marksFrom < d.marks.length) {
    d.marks.length = marksFrom;
    all = true;
  }
  for (let i = 0; i < marks.length; i += 3) d.marks.push({ node: marks[i], at: marks[i + 1], kind: marks[i + 2] });
  d.cursor = cursor;
  d.selected = selected;
  d.name = name;
  redraw(d, all);
}

const clamp = (scale) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
const plotWidth = (d) => Math.max(40, d.width - LABEL);
const span = (d) => plotWidth(d) / d.scale;
const laneY = (node) => AXIS + (node - 0.5) * LANE;

function zoom(d, factor, at) {
  const scale = clamp(d.scale * factor);
  d.x0 = Math.max(0, at - ((at - d.x0) * d.scale) / scale);
  d.scale = scale;
  redraw(d, true);
}

function pan(d, ms) {
  d.follow = false;
  d.x0 = Math.max(0, d.x0 + ms);
  redraw(d, false);
}

function listen(d) {
  let down = null;
  d.svg.addEventListener("pointerdown", (e) => {
    down = { x: e.clientX, x0: d.x0, moved: false };
    d.svg.setPointerCapture(e.pointerId);
  });
  d.svg.addEventListener("pointermove", (e) => {
    if (!down) return;
    const dx = e.clientX - down.x;
    if (Math.abs(dx) > 4) down.moved = true;
    if (down.moved) {
      d.follow = false;
      d.x0 = Math.max(0, down.x0 - dx / d.scale);
      redraw(d, false);
    }
  });
  d.svg.addEventListener("pointerup", (e) => {
    const click = down && !down.moved;
    down = null;
    if (click) pick(d, e);
  });
  d.svg.addEventListener("pointercancel", () => (down = null));
  // A pinch (or Ctrl + wheel) zooms; a sideways wheel pans; an upright one scrolls the page.
  d.svg.addEventListener("wheel", (e) => {
    const x = e.clientX - d.svg.getBoundingClientRect().left - LABEL;
    if (e.ctrlKey) {
      e.preventDefault();
      zoom(d, Math.exp(-e.deltaY / 200), d.x0 + x / d.scale);
    } else if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      e.preventDefault();
      pan(d, e.deltaX / d.scale);
    }
  }, { passive: false });
}

/** A click: the message arrow under it (select it, or go to its flight and select it), else go
 * to the clicked time. */
function pick(d, e) {
  const rect = d.svg.getBoundingClientRect();
  const x = e.clientX - rect.left - LABEL;
  const y = e.clientY - rect.top;
  if (x < 0) return;
  const t = d.x0 + x / d.scale;
  let best = null;
  let bestDistance = PICK;
  for (const [i] of d.drawn) {
    const a = d.arrows[i];
    const [x1, y1, x2, y2] = ends(d, a);
    const distance = toSegment(x, y, x1 - d.x0 * d.scale, y1, x2 - d.x0 * d.scale, y2);
    if (distance < bestDistance) [best, bestDistance] = [a, distance];
  }
  if (!best) return d.act(Math.max(0, Math.round(t)), -1);
  const flying = best.sent <= d.cursor && d.cursor < best.end;
  d.act(flying ? -1 : Math.floor((best.sent + best.end) / 2), best.id);
}

function toSegment(px, py, x1, y1, x2, y2) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length = dx * dx + dy * dy;
  const k = length ? Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / length)) : 0;
  return Math.hypot(px - x1 - k * dx, py - y1 - k * dy);
}

/** Where arrow `a` starts and (at the cursor, if still in flight) ends, in world pixels. */
function ends(d, a) {
  const y1 = laneY(a.from);
  const y2 = laneY(a.to);
  const k = a.end > d.cursor ? (d.cursor - a.sent) / (a.end - a.sent) : 1;
  return [a.sent * d.scale, y1, (a.sent + k * (a.end - a.sent)) * d.scale, y1 + k * (y2 - y1)];
}

/** Draw at the next frame; `all`: forget what is drawn (zoom, resize, fork, new lanes). */
function redraw(d, all) {
  d.all ||= all;
  if (!d.frame) d.frame = requestAnimationFrame(() => draw(d));
}

function draw(d) {
  d.frame = 0;
  const width = d.svg.parentNode.clientWidth;
  const height = AXIS + d.nodes * LANE + 6;
  if (width !== d.width || d.all) {
    d.width = width;
    d.drawn.forEach((g) => g.remove());
    d.drawn.clear();
    d.drawnMarks.forEach((g) => g.remove());
    d.drawnMarks.clear();
    for (const [k, v] of [["width", width], ["height", height], ["viewBox", `0 0 ${width} ${height}`]]) d.svg.setAttribute(k, v);
    for (const [k, v] of [["width", width], ["height", height]]) d.back.setAttribute(k, v);
    d.plot.setAttribute("width", plotWidth(d));
    d.plot.setAttribute("height", height);
    drawLanes(d, width);
  }
  d.all = false;
  d.followButton.setAttribute("aria-pressed", d.follow);
  d.svg.setAttribute("aria-label", `Space-time diagram: ${d.nodes} lanes, one per server; ${d.arrows.length} messages so far as arrows from sender to receiver; time runs left to right.`);
  // Following, the window turns a page when the cursor leaves it (a click in view stays put).
  if (d.follow && (d.cursor < d.x0 || d.cursor > d.x0 + span(d) * 0.97)) d.x0 = Math.max(0, d.cursor - span(d) * 0.85);
  const left = d.x0;
  const right = d.x0 + span(d);
  d.world.setAttribute("transform", `translate(${-d.x0 * d.scale} 0)`);
  drawTicks(d, left, right);
  const cx = d.cursor * d.scale;
  for (const [k, v] of [["x1", cx], ["x2", cx], ["y2", AXIS + d.nodes * LANE]]) d.cursorLine.setAttribute(k, v);

  // Arrows end in step order, so their ends never decrease: find the first ending in view.
  const seen = new Set();
  let i = firstAtOrAfter(d.arrows, left, (a) => a.end);
  for (; i < d.arrows.length; i++) {
    const a = d.arrows[i];
    if (a.end - d.maxLatency > right) break;
    if (a.sent > right || a.sent > d.cursor) continue;
    seen.add(i);
    const flying = a.end > d.cursor;
    const old = d.drawn.get(i);
    if (old && !flying && !old.flying) continue;
    old?.remove();
    d.drawn.set(i, drawArrow(d, a, flying));
  }
  for (const [j, g] of d.drawn) if (!seen.has(j)) (g.remove(), d.drawn.delete(j));
  if (d.selected !== d.lastSelected) {
    for (const [j, g] of d.drawn) g.classList.toggle("is-selected", d.arrows[j].id === d.selected);
    d.lastSelected = d.selected;
  }

  const marksSeen = new Set();
  for (let j = firstAtOrAfter(d.marks, left, (m) => m.at); j < d.marks.length; j++) {
    const m = d.marks[j];
    if (m.at > right || m.at > d.cursor) break;
    marksSeen.add(j);
    if (!d.drawnMarks.has(j)) d.drawnMarks.set(j, drawMark(d, m));
  }
  for (const [j, g] of d.drawnMarks) if (!marksSeen.has(j)) (g.remove(), d.drawnMarks.delete(j));
}

function firstAtOrAfter(items, t, at) {
  let [lo, hi] = [0, items.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(items[mid]) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function drawLanes(d, width) {
  d.lanes.replaceChildren();
  for (let n = 1; n <= d.nodes; n++) {
    const g = el("g", { "data-lane": n }, d.lanes);
    el("line", { class: "spacetime-lane", x1: LABEL, x2: width, y1: laneY(n), y2: laneY(n) }, g);
    el("text", { class: "spacetime-label", x: LABEL - 8, y: laneY(n), "text-anchor": "end", "dominant-baseline": "middle" }, g).textContent = `S${n}`;
  }
}

function drawTicks(d, left, right) {
  d.ticks.replaceChildren();
  let step = 1;
  for (const k of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 60000, 120000, 300000, 600000]) {
    step = k;
    if (k * d.scale >= 80) break;
  }
  for (let t = Math.ceil(left / step) * step; t <= right; t += step) {
    const x = (t - left) * d.scale;
    el("line", { class: "spacetime-tick", x1: x, x2: x, y1: AXIS - 4, y2: AXIS + d.nodes * LANE }, d.ticks);
    el("text", { class: "spacetime-time", x: x + 3, y: AXIS - 7 }, d.ticks).textContent = secs(t);
  }
}

function drawArrow(d, a, flying) {
  const kind = d.kinds[a.kind] ?? "";
  const g = el("g", { class: `spacetime-arrow ${d.prefix}${kind}`, "data-arrow": a.id }, d.arrowLayer);
  g.flying = flying;
  if (flying) g.classList.add("is-flying");
  if (a.lost) g.classList.add("is-lost");
  if (a.id === d.selected) g.classList.add("is-selected");
  const [x1, y1, x2, y2] = ends(d, a);
  el("line", { class: "msg-shape spacetime-line", x1, y1, x2, y2 }, g);
  if (a.lost && !flying) {
    el("path", { class: "msg-shape spacetime-cross", d: `M${x2 - 4} ${y2 - 4}l8 8m0-8l-8 8` }, g);
  } else {
    el("circle", { class: "msg-shape spacetime-head", cx: x2, cy: y2, r: 2.5 }, g);
  }
  const end = flying ? "in flight" : a.lost ? `lost at ${secs(a.end)}` : `delivered at ${secs(a.end)}`;
  return titled(g, `${kind} S${a.from} → S${a.to}, sent at ${secs(a.sent)}, ${end}`);
}

function drawMark(d, m) {
  const [name, what, path] = MARKS[m.kind] ?? MARKS[5];
  const x = m.at * d.scale;
  const g = el("path", { class: `spacetime-mark mark-${name}`, d: path, transform: `translate(${x} ${laneY(m.node)})` }, d.markLayer);
  return titled(g, `S${m.node} ${what} at ${secs(m.at)}`);
}
