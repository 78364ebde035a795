// Bundle widgets/js/graph_canvas.js with Graphviz in WebAssembly
// (@viz-js/viz, from npm) into widgets/static/graph_canvas.js: one ES module
// that anywidget loads. Run by `make setup`, `npm run build` and the wheel
// build (setup.py). The bundle is built, never committed.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: [path.join(here, "graph_canvas.js")],
  outfile: path.join(here, "..", "static", "graph_canvas.js"),
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  legalComments: "eof", // Graphviz's and viz.js's licence notes stay in the bundle
  logLevel: "warning",
});
