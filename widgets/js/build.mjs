// Bundle widgets/js/graph_canvas.js into widgets/static/graph_canvas.js (the
// ES module anywidget loads with every graph widget) and Graphviz in
// WebAssembly (@viz-js/viz, from npm) into widgets/static/graphviz.js (sent
// to a page once). Run by `make setup`, `npm run build` and the wheel build
// (setup.py). The bundles are built, never committed.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));

// Two modules: the canvas (small, sent with every graph widget) and
// Graphviz (large, sent to each page once).
const common = {
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  legalComments: "eof", // Graphviz's and viz.js's licence notes stay in the bundle
  logLevel: "warning",
};
await build({
  ...common,
  entryPoints: [path.join(here, "graph_canvas.js")],
  outfile: path.join(here, "..", "static", "graph_canvas.js"),
});
await build({
  ...common,
  entryPoints: [path.join(here, "graphviz_entry.js")],
  outfile: path.join(here, "..", "static", "graphviz.js"),
});
