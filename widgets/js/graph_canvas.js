// The graph drawn in the browser: Graphviz compiled to WebAssembly
// (@viz-js/viz, bundled from npm at build time) lays out and draws the DOT
// text that the kernel made (widgets/dot.py), so no Graphviz program is
// needed on the kernel's machine. The Python side is widgets/canvas.py
// (GraphCanvas); the DOM this file makes is described in CONTRACT.md.
//
// What the kernel sends (traits): dot, turned_dot (the same picture top to
// bottom, to try when left to right is too wide), engine ("dot", or "nop2"
// to draw at the places written in the DOT), options (fit), details (per
// node: a label and [name, text] rows for the tooltip), layout_dots (pictures
// to lay out only, for the stepper's fixed places). What it sends back:
// layouts (Graphviz's json0 of layout_dots), svg and drawn_revision (the
// picture drawn), drawn_count, render_error, selected (a clicked node).
// One Graphviz per page: its code comes once, in a shared widget (the
// kernel's GraphvizCode, the `graphviz` trait), is imported once, and every
// widget's module asks the same promise, so the WebAssembly is compiled once
// however many graphs a notebook shows.
const VIZ = Symbol.for("minigrad-lab/graphviz-wasm");
// How long loading Graphviz took on this page, in ms (the benchmark reads
// it): waiting for the kernel's GraphvizCode, evaluating its module, and
// viz's instance() (the WebAssembly decoded, compiled and instantiated).
const LOAD_TIMES = Symbol.for("minigrad-lab/graphviz-load-ms");
// When each canvas's model (with its first DOT) reached the page, by that
// DOT text: anywidget hands initialize and each view different wrappers of
// the model, so the DOT is what they share. Taken by the first view.
const arrivals = new Map();

function graphviz(model) {
  if (!globalThis[VIZ]) {
    globalThis[VIZ] = loadGraphviz(model);
    // A failure is not kept: the next widget tries again.
    globalThis[VIZ].catch(() => {
      delete globalThis[VIZ];
    });
  }
  return globalThis[VIZ];
}

async function loadGraphviz(model) {
  const times = { started: performance.now() };
  globalThis[LOAD_TIMES] = times;
  let code = model.get("code"); // the GraphvizCode widget itself
  if (!code) {
    const ref = model.get("graphviz") || "";
    const id = ref.startsWith("IPY_MODEL_") ? ref.slice("IPY_MODEL_".length) : "";
    if (!id || !model.widget_manager) {
      throw new Error("the kernel sent no Graphviz (restart the kernel and run again)");
    }
    code = (await model.widget_manager.get_model(id)).get("code");
  }
  const arrived = performance.now();
  times.code = arrived - times.started;
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  try {
    const module = await import(/* webpackIgnore: true */ url);
    const imported = performance.now();
    times.import = imported - arrived;
    const viz = await module.instance();
    times.instance = performance.now() - imported;
    return viz;
  } finally {
    URL.revokeObjectURL(url);
  }
}

const STYLE_ID = "mg-graph-canvas-style";
const CSS = `
.mg-graph-canvas { position: relative; max-width: 100%; }
.mg-graph-picture { overflow: auto; max-width: 100%; }
.mg-graph-canvas g.node { cursor: pointer; }
.mg-graph-canvas g.node:focus { outline: none; }
.mg-graph-canvas g.node:focus-visible > :is(polygon, ellipse, path) {
  stroke: #0b61c4; stroke-width: 3px;
}
.mg-graph-canvas g.node.mg-selected { filter: drop-shadow(0 0 4px #D55E00); }
/* The stepper's steps: colours and borders change smoothly in place. */
.mg-graph-canvas svg :is(polygon, ellipse, path, text) {
  transition: fill 250ms ease, stroke 250ms ease, stroke-width 250ms ease;
}
.mg-graph-tooltip {
  position: absolute; z-index: 10; display: none; pointer-events: none;
  max-width: 36em; padding: 6px 8px; border-radius: 4px;
  background: #ffffff; color: #1a1a1a; border: 1px solid #555555;
  box-shadow: 0 2px 6px rgba(0, 0, 0, 0.25);
  font: 12px/1.35 var(--jp-code-font-family, monospace);
}
.mg-graph-tooltip.mg-visible { display: block; }
.mg-graph-tooltip b { font-family: var(--jp-ui-font-family, sans-serif); }
.mg-graph-tooltip table { border-collapse: collapse; margin-top: 3px; }
.mg-graph-tooltip th { text-align: left; padding-right: 8px; vertical-align: top; }
.mg-graph-tooltip td { white-space: pre; }
.mg-graph-error {
  border: 2px solid #D55E00; padding: 8px; border-radius: 4px; max-width: 60em;
}
.mg-graph-live {
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
`;

function addStyleOnce() {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  document.head.appendChild(style);
}

function make(tag, className, parent) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (parent) parent.appendChild(element);
  return element;
}

// Graphviz writes sizes in points: <svg width="601pt" ...>.
function widthPt(svgText) {
  const match = /<svg width="([\d.]+)pt"/.exec(svgText);
  return match ? parseFloat(match[1]) : 0;
}

function fitScale(width, options) {
  return width ? Math.min(1, options.fit_width_pt / width) : 1;
}

function renderSvg(viz, source, engine) {
  const result = viz.render(source, { format: "svg", engine });
  if (result.status !== "success") {
    const errors = result.errors
      .filter((e) => e.level === "error")
      .map((e) => e.message.trim());
    throw new Error(errors.join(" ") || "Graphviz could not draw this graph");
  }
  return result.output.slice(result.output.indexOf("<svg"));
}

// The picture to show: the DOT as sent, or, when the kernel sent a top to
// bottom version too (direction="auto"), that one if left to right would be
// scaled below keep_lr_scale to fit and top to bottom fits better. The same
// rule as widgets/_render.py's chosen_source.
function drawPicture(viz, model) {
  const engine = model.get("engine") || "dot";
  const options = model.get("options");
  const svg = renderSvg(viz, model.get("dot"), engine);
  const turnedDot = model.get("turned_dot");
  const wide = fitScale(widthPt(svg), options);
  if (!turnedDot || wide >= options.keep_lr_scale) return svg;
  const turned = renderSvg(viz, turnedDot, engine);
  return fitScale(widthPt(turned), options) > wide ? turned : svg;
}

// The SVG as an element, each node and edge marked with its DOT id (from
// Graphviz's <title>). Nodes keep their <title> (tests and tools read it),
// but it is taken away while the pointer is on the node: the browser would
// show it as a second tooltip over ours. Edges and the graph lose theirs.
function parseSvg(svgText) {
  // The HTML parser (a template) builds it several times faster than
  // DOMParser plus importNode; Graphviz's SVG needs nothing XML-only.
  const template = document.createElement("template");
  template.innerHTML = svgText.slice(svgText.indexOf("<svg"));
  const svg = template.content.querySelector("svg");
  for (const g of svg.querySelectorAll("g.node, g.edge")) {
    const title = g.querySelector(":scope > title");
    if (!title) continue;
    if (g.classList.contains("node")) {
      g.setAttribute("data-node-id", title.textContent);
    } else {
      g.setAttribute("data-edge-id", title.textContent);
      title.remove();
    }
  }
  const graphTitle = svg.querySelector("g.graph > title");
  if (graphTitle) graphTitle.remove();
  return svg;
}

function idOf(group) {
  return group.getAttribute("data-node-id") || group.getAttribute("data-edge-id");
}

function sameShape(a, b) {
  if (a.children.length !== b.children.length) return false;
  for (let i = 0; i < a.children.length; i++) {
    if (a.children[i].tagName !== b.children[i].tagName) return false;
    if (!sameShape(a.children[i], b.children[i])) return false;
  }
  return true;
}

// Make the parts of `to` (a node or edge already shown) look like those of
// `from`, attribute by attribute; `to` itself keeps its own attributes.
function copyParts(from, to) {
  for (let i = 0; i < from.children.length; i++) {
    const source = from.children[i];
    const target = to.children[i];
    for (const attr of Array.from(target.attributes)) {
      if (!source.hasAttribute(attr.name)) target.removeAttribute(attr.name);
    }
    for (const attr of Array.from(source.attributes)) {
      if (target.getAttribute(attr.name) !== attr.value) {
        target.setAttribute(attr.name, attr.value);
      }
    }
    if (source.children.length === 0) {
      if (target.textContent !== source.textContent) {
        target.textContent = source.textContent;
      }
    } else {
      copyParts(source, target);
    }
  }
}

// A node or edge whose texts changed (a "▶ now" or "✓" mark, a gradient on
// an edge): its shapes change in place (so their colours animate), its texts
// are swapped. False when the shapes themselves differ.
function morphShapes(old, neu) {
  const shapes = (g) => Array.from(g.children).filter((c) => !["text", "title"].includes(c.tagName));
  const oldShapes = shapes(old);
  const newShapes = shapes(neu);
  if (!sameShape({ children: oldShapes }, { children: newShapes })) return false;
  copyParts({ children: newShapes }, { children: oldShapes });
  for (const text of Array.from(old.children)) {
    if (text.tagName === "text") text.remove();
  }
  for (const text of Array.from(neu.children)) {
    if (text.tagName === "text") old.appendChild(text);
  }
  return true;
}

// The stepper draws every step at the same places: change the old picture in
// place (so CSS transitions animate colours and borders) where a node or an
// edge kept its shape, and swap only the groups whose parts changed.
function morph(oldSvg, newSvg) {
  const oldGraph = oldSvg.querySelector("g.graph");
  const newGraph = newSvg.querySelector("g.graph");
  if (!oldGraph || !newGraph) return false;
  // The graph's own parts (background, legend texts): checked before any
  // change, so a picture that cannot be changed in place is left whole.
  const oldOwn = Array.from(oldGraph.children).filter((c) => c.tagName !== "g");
  const newOwn = Array.from(newGraph.children).filter((c) => c.tagName !== "g");
  if (oldOwn.length !== newOwn.length) return false;
  for (const name of ["width", "height", "viewBox"]) {
    oldSvg.setAttribute(name, newSvg.getAttribute(name));
  }
  const oldGroups = new Map();
  for (const g of oldGraph.querySelectorAll(":scope > g")) oldGroups.set(g.id, g);
  const kept = new Set();
  const fresh = [];
  for (const child of Array.from(newGraph.children)) {
    if (child.tagName !== "g") continue;
    const old = oldGroups.get(child.id);
    if (!old || idOf(old) !== idOf(child)) {
      fresh.push(child);
    } else if (sameShape(old, child)) {
      copyParts(child, old);
      kept.add(old);
    } else if (morphShapes(old, child)) {
      kept.add(old);
    } else {
      old.replaceWith(child);
    }
  }
  for (const [, g] of oldGroups) {
    if (!kept.has(g) && g.isConnected) g.remove();
  }
  for (const child of fresh) oldGraph.appendChild(child);
  oldOwn.forEach((c, i) => {
    const wrapOld = { children: [c] };
    const wrapNew = { children: [newOwn[i]] };
    if (sameShape(wrapOld, wrapNew)) copyParts(wrapNew, wrapOld);
    else c.replaceWith(newOwn[i]);
  });
  return true;
}

function detailsText(details, id) {
  const entry = details[id];
  if (!entry) return id;
  const rows = (entry.rows || []).map(([key, value]) => `${key}: ${value}`);
  return [entry.label, ...rows].join("; ");
}

function render({ model, el }) {
  addStyleOnce();
  // The class every ipywidgets view carries (its margins, and what tools
  // look for to find widgets on a page).
  el.classList.add("jupyter-widgets");
  const root = make("div", "mg-graph-canvas", el);
  root.setAttribute("data-state", "loading");
  root.setAttribute("data-draw-count", "0");
  // It scrolls sideways only by design: past the readable size (fit), or
  // with fit=False (the class the lesson layout checks know).
  const picture = make("div", "mg-graph-picture minigrad-svg minigrad-scroll-by-design", root);
  const errorBox = make("div", "mg-graph-error", null);
  errorBox.setAttribute("role", "alert");
  const tooltip = make("div", "mg-graph-tooltip", root);
  tooltip.setAttribute("role", "tooltip");
  const live = make("div", "mg-graph-live", root);
  live.setAttribute("aria-live", "polite");
  live.setAttribute("role", "status");

  // When the DOT to draw arrived: the first one came with the model.
  let received = arrivals.get(model.get("dot")) ?? performance.now();
  arrivals.delete(model.get("dot"));
  let drawing = false;
  let again = false;
  let draws = 0;
  let closed = false;
  let shownSvg = null;
  let drawnKey = null; // the traits the picture shown was drawn from

  function nodes() {
    return picture.querySelectorAll("g.node");
  }

  function decorate() {
    const details = model.get("details") || {};
    for (const g of nodes()) {
      const id = g.getAttribute("data-node-id");
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      const entry = details[id];
      const text = entry ? entry.label : g.textContent.replace(/\s+/g, " ").trim();
      g.setAttribute("aria-label", text || id);
    }
    showSelected();
  }

  // The DOT id of the node in this picture that has the keyboard focus,
  // or null.
  function focusedNodeId() {
    const active = document.activeElement;
    if (!active || !picture.contains(active)) return null;
    const g = active.closest("g.node");
    return g ? g.getAttribute("data-node-id") : null;
  }

  // Focus the node `id` again after a redraw, unless the focus is still in
  // the picture (kept in place) or the user moved it elsewhere meanwhile.
  function refocus(id) {
    if (id === null) return;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const g = Array.from(nodes()).find((n) => n.getAttribute("data-node-id") === id);
    if (g) g.focus({ preventScroll: true });
  }

  function showSelected() {
    const selected = model.get("selected");
    for (const g of nodes()) {
      const on = selected !== "" && g.getAttribute("data-node-id") === selected;
      g.classList.toggle("mg-selected", on);
      g.setAttribute("aria-pressed", on ? "true" : "false");
    }
    // What the kernel selected, which may be another node than the one
    // pressed (Enter on a leaf's ellipse selects its AccumulateGrad node).
    const details = model.get("details") || {};
    const text = selected ? `Selected: ${detailsText(details, selected)}` : "";
    if (live.textContent !== text) live.textContent = text;
  }

  function fit(svg) {
    const options = model.get("options");
    if (!options.fit) return;
    svg.style.maxWidth = "100%";
    svg.style.height = "auto";
    const width = parseFloat(svg.getAttribute("width"));
    if (!options.shrink && width) svg.style.minWidth = `${width * options.min_scale}pt`;
  }

  function showError(message) {
    root.setAttribute("data-state", "error");
    errorBox.textContent = `⚠ Cannot draw the graph: ${message}`;
    if (!errorBox.isConnected) root.insertBefore(errorBox, picture);
    model.set("render_error", message);
    model.save_changes();
  }

  async function draw() {
    if (drawing) {
      again = true;
      return;
    }
    drawing = true;
    try {
      do {
        again = false;
        const viz = await graphviz(model);
        if (closed) return;
        const ready = performance.now();
        await layOut(viz);
        if (!model.get("dot")) {
          root.setAttribute("data-state", "loading");
          continue;
        }
        const revision = model.get("revision");
        // What the picture depends on: nothing new, nothing to draw.
        const key = ["dot", "turned_dot", "engine", "options"].map((name) =>
          name === "options" ? JSON.stringify(model.get(name)) : model.get(name),
        );
        const same = drawnKey && key.every((value, i) => value === drawnKey[i]);
        if (same && root.getAttribute("data-state") === "drawn") continue;
        let svgText;
        const laidOut = performance.now();
        try {
          svgText = drawPicture(viz, model);
        } catch (error) {
          showError(error.message);
          continue;
        }
        const drawnAt = performance.now();
        const svg = parseSvg(svgText);
        fit(svg);
        // The node that has the keyboard focus: a new picture replaces it,
        // and the focus would fall to the page (the next Tab would start
        // from the top). It goes back to the node of the same id.
        const focusedId = focusedNodeId();
        const pinned = model.get("engine") === "nop2";
        if (!(pinned && shownSvg && shownSvg.isConnected && morph(shownSvg, svg))) {
          picture.replaceChildren(svg);
          shownSvg = svg;
        } else {
          fit(shownSvg);
        }
        errorBox.remove();
        decorate();
        refocus(focusedId);
        drawnKey = key;
        draws += 1;
        globalThis[DRAWN_ON_PAGE] = true;
        const done = performance.now();
        root.setAttribute("data-render-ms", (done - received).toFixed(1));
        // Its parts: waiting for Graphviz, its layout and SVG, the SVG
        // parsed and put in the page.
        root.setAttribute("data-wait-ms", Math.max(0, ready - received).toFixed(1));
        root.setAttribute("data-layout-ms", (drawnAt - laidOut).toFixed(1));
        root.setAttribute("data-insert-ms", (done - drawnAt).toFixed(1));
        root.setAttribute("data-draw-count", String(draws));
        root.setAttribute("data-state", "drawn");
        model.set("svg", svgText);
        model.set("drawn_revision", revision);
        model.set("render_error", "");
        model.set("drawn_count", (model.get("drawn_count") || 0) + 1);
        model.save_changes();
      } while (again && !closed);
    } catch (error) {
      showError(String(error && error.message ? error.message : error));
    } finally {
      drawing = false;
    }
  }

  // The stepper's fixed places: lay the pictures out once, send Graphviz's
  // json0 back; the kernel then sends each step's DOT with those places.
  async function layOut(viz) {
    const sources = model.get("layout_dots") || [];
    const request = model.get("layout_request");
    if (!sources.length || model.get("layouts_for") === request) return;
    const layouts = sources.map((source) => {
      const result = viz.render(source, { format: "json0" });
      if (result.status !== "success") {
        throw new Error(result.errors.map((e) => e.message).join(" "));
      }
      return result.output;
    });
    model.set("layouts", layouts);
    model.set("layouts_for", request);
    model.save_changes();
  }

  // One message may change several traits (dot and turned_dot): their
  // change events come one after the other; draw once, after the last.
  let scheduled = false;

  function onDot() {
    received = performance.now();
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      draw();
    });
  }

  // -- interaction: hover, click, keyboard -------------------------------
  function nodeOf(event) {
    const g = event.target.closest ? event.target.closest("g.node") : null;
    return g && root.contains(g) ? g : null;
  }

  function showTooltip(g) {
    const id = g.getAttribute("data-node-id");
    const entry = (model.get("details") || {})[id];
    if (!entry) return hideTooltip();
    tooltip.replaceChildren();
    make("b", null, tooltip).textContent = entry.label;
    const table = make("table", null, tooltip);
    for (const [key, value] of entry.rows || []) {
      const row = make("tr", null, table);
      make("th", null, row).textContent = key;
      make("td", null, row).textContent = value;
    }
    const box = g.getBoundingClientRect();
    const frame = root.getBoundingClientRect();
    tooltip.classList.add("mg-visible");
    // Under the node, kept inside the widget's width (never past the
    // output area's right edge).
    const room = Math.max(0, frame.width - tooltip.offsetWidth);
    tooltip.style.left = `${Math.min(Math.max(0, box.left - frame.left), room)}px`;
    tooltip.style.top = `${box.bottom - frame.top + 4}px`;
  }

  function hideTooltip() {
    tooltip.classList.remove("mg-visible");
  }

  function select(g) {
    model.set("selected", g.getAttribute("data-node-id"));
    model.save_changes();
    showSelected();
  }

  // The <title> of the node under the pointer, put back when it leaves.
  let hidden = null;

  function restoreTitle() {
    if (hidden && hidden.node.isConnected && !hidden.node.querySelector(":scope > title")) {
      hidden.node.insertBefore(hidden.title, hidden.node.firstChild);
    }
    hidden = null;
  }

  function onOver(event) {
    const g = nodeOf(event);
    if (!g) return;
    if (!hidden || hidden.node !== g) {
      restoreTitle();
      const title = g.querySelector(":scope > title");
      if (title) {
        hidden = { node: g, title };
        title.remove();
      }
    }
    showTooltip(g);
  }

  function onOut(event) {
    const g = nodeOf(event);
    if (g && !(event.relatedTarget && g.contains(event.relatedTarget))) {
      restoreTitle();
      hideTooltip();
    }
  }

  function onClick(event) {
    const g = nodeOf(event);
    if (g) select(g);
  }

  function onKey(event) {
    const g = nodeOf(event);
    if (!g) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault(); // Space would scroll the page
      select(g);
    } else if (event.key === "Escape") {
      hideTooltip();
    }
  }

  function onFocus(event) {
    const g = nodeOf(event);
    if (g) showTooltip(g);
  }

  root.addEventListener("mouseover", onOver);
  root.addEventListener("mouseout", onOut);
  root.addEventListener("click", onClick);
  root.addEventListener("keydown", onKey);
  root.addEventListener("focusin", onFocus);
  root.addEventListener("focusout", hideTooltip);

  // -- a PNG for save() where the kernel has no Graphviz -----------------
  async function onMessage(message) {
    if (!message || message.type !== "png") return;
    try {
      const png = await pngOf(model.get("svg"), message.scale || 2);
      model.send({ type: "png", request: message.request, data: png });
    } catch (error) {
      model.send({ type: "png", request: message.request, error: String(error) });
    }
  }

  // One list for on and off: a listener added here is removed with the view.
  const listeners = [
    ["change:dot", onDot],
    ["change:turned_dot", onDot],
    ["change:layout_dots", onDot],
    ["change:options", onDot],
    ["change:selected", showSelected],
    ["change:details", decorate],
    ["msg:custom", onMessage],
  ];
  for (const [event, handler] of listeners) model.on(event, handler);
  draw();

  return () => {
    closed = true;
    for (const [event, handler] of listeners) model.off(event, handler);
  };
}

// The SVG drawn on a canvas, as base64 PNG text.
function pngOf(svgText, scale) {
  return new Promise((resolve, reject) => {
    const svg = parseSvg(svgText);
    const width = parseFloat(svg.getAttribute("width")) * (4 / 3) * scale;
    const height = parseFloat(svg.getAttribute("height")) * (4 / 3) * scale;
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = Math.ceil(width);
      canvas.height = Math.ceil(height);
      const context = canvas.getContext("2d");
      context.fillStyle = "white";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      resolve(canvas.toDataURL("image/png").split(",", 2)[1]);
    };
    image.onerror = () => reject(new Error("the browser could not draw the SVG as PNG"));
    const blob = new Blob([svgText], { type: "image/svg+xml" });
    image.src = URL.createObjectURL(blob);
  });
}

// A graph like the lessons' (a chain of 60 boxed nodes with HTML labels,
// leaves as ellipses), laid out once when Graphviz is loaded and the page
// is idle: V8 compiles WebAssembly functions when first called and
// optimises them after many calls, so the first real graph would run on
// that cold code (a tiny graph exercises too little to help).
function warmUpDot() {
  const lines = ["digraph {", "graph [rankdir=TB nodesep=0.25 ranksep=0.35]"];
  lines.push('node [fontname=Helvetica fontsize=10 margin="0.06,0.03"]');
  for (let i = 0; i < 60; i++) {
    const label = `<<TABLE BORDER="0" CELLBORDER="0"><TR><TD><B>Op${i}</B></TD></TR><TR><TD>value ${i}.5</TD></TR></TABLE>>`;
    lines.push(`n${i} [label=${label} shape=box style="filled,rounded" fillcolor="#ececec"]`);
    lines.push(`l${i} [label="x${i}" shape=ellipse]`);
    if (i) lines.push(`n${i - 1} -> n${i} [label="${i}.25" fontsize=9]`);
    lines.push(`l${i} -> n${i}`);
  }
  lines.push("}");
  return lines.join("\n");
}

const DRAWN_ON_PAGE = Symbol.for("minigrad-lab/graphviz-drew");

function warmUp(viz) {
  const idle = globalThis.requestIdleCallback || ((f) => setTimeout(f, 50));
  idle(
    () => {
      // A real graph drawn already did the warming.
      if (!globalThis[DRAWN_ON_PAGE]) viz.render(warmUpDot(), { format: "svg" });
    },
    { timeout: 3000 },
  );
}

// When the kernel creates a widget (before it is shown): start loading
// Graphviz, so the first picture need not wait for it. The GraphvizCode
// widget (the kernel makes it when `widgets` is imported) starts it as soon
// as its code reaches the page, and warms it up while the page is idle.
function initialize({ model }) {
  if (model.get("code")) {
    graphviz(model).then(warmUp, () => {});
    return;
  }
  // The first DOT comes just after the model (GraphCanvas() is made empty).
  const first = () => {
    if (!model.get("dot")) return;
    arrivals.set(model.get("dot"), performance.now());
    model.off("change:dot", first);
  };
  model.on("change:dot", first);
  first();
  graphviz(model).catch(() => {}); // shown by the view that draws, if it fails
}

export default { initialize, render };
