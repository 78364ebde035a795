// Graphviz compiled to WebAssembly (@viz-js/viz), bundled on its own into
// widgets/static/graphviz.js. The kernel sends it to the page once (a shared
// GraphvizCode widget, widgets/canvas.py), not once per graph; each graph
// canvas (graph_canvas.js) imports it from there.
export { instance } from "@viz-js/viz";
