/**
 * The report of the webview editor benchmark (bench/webviewBench.ts): issue #15's targets and the
 * markdown of its docs/benchmarks.md section, with the notes on where the time goes.
 */
import { cpus, loadavg } from 'node:os';
import { READABLE_ZOOM } from '../src/webview/flow/initialViewport.js';

/**
 * Targets of issue #15, as ratios to the 2-node baseline measured in the same run (absolute times
 * follow the machine's load; the ratios much less): first render ≤ 1.25×, the first edit round trip
 * after opening ≤ 1.5×, later edits ≤ 1.3×; drag frames stay at the display rate (p95 ≤ 20 ms, 50 fps).
 */
const RATIO_TARGETS = {
  first_render_ms: ['baseline_first_render_ms', 1.25],
  edit_round_trip_ms: ['baseline_edit_round_trip_ms', 1.5],
  warm_edit_round_trip_ms: ['baseline_warm_edit_round_trip_ms', 1.3],
} as const;
const DRAG_FRAME_P95_TARGET_MS = 20;

/**
 * The markdown body of the "Webview editor benchmark" section of docs/benchmarks.md, from the
 * results of `runWebviewBench()` (`r`), the load average before the run, and how many edits after
 * the first each page load made. Pure apart from reading the clock, CPU model and load average.
 */
export function webviewBenchMarkdown(r: Record<string, number>, loadBefore: readonly number[], warmEditsPerLoad: number): string {
  const f = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(1));
  const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');
  const ratioOf = (key: keyof typeof RATIO_TARGETS): number => (r[key] ?? NaN) / (r[RATIO_TARGETS[key][0]] ?? NaN);
  const ratio = (key: keyof typeof RATIO_TARGETS): string => (Number.isNaN(ratioOf(key)) ? '—' : `${ratioOf(key).toFixed(2)}×`);
  const met = (key: keyof typeof RATIO_TARGETS): string =>
    `≤ ${RATIO_TARGETS[key][1]}× the baseline — ${Number.isNaN(ratioOf(key)) ? 'not measured' : verdict(ratioOf(key) <= RATIO_TARGETS[key][1])}`;
  const load = (l: readonly number[]): string => l.map((x) => x.toFixed(1)).join(' ');
  return [
    `\`npx tsx bench/webviewBench.ts\` (also run by \`npm run bench\`), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Debian chromium, headless, \`--disable-gpu\` (software rendering), production bundle served with the extension's HTML (CSP, embedded initial state); the host side is the extension's \`WorkflowDocumentModel\` over an in-memory text document (edits → minimal text replacements → \`workflow/edited\` with the edits back to the page, as the extension's dispatcher sends it). ${r.nodes} nodes / ${r.edges} edges; medians of ${r.runs} fresh page loads; baseline: the same steps on a 2-node workflow in the same process.`,
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}). Load average before / after: ${load(loadBefore)} / ${load(loadavg())} — shared with other work, so absolute times are inflated.`,
    '',
    '| measurement | 500 nodes | 2-node baseline | ratio | target |',
    '| --- | ---: | ---: | ---: | --- |',
    `| time to first render: navigation start → first frame showing the opening view's nodes and edges (ms) | ${f(r.first_render_ms)} | ${f(r.baseline_first_render_ms)} | ${ratio('first_render_ms')} | ${met('first_render_ms')} |`,
    `| nodes in the DOM at open (a graph that does not fit at zoom ${READABLE_ZOOM} opens there, top-left; the rest is culled) | ${r.rendered_at_open} | 2 | | |`,
    `| frame time while dragging a node, median of ${r.drag_frames} frames (ms) | ${f(r.drag_frame_median_ms)} | | | |`,
    `| frame time while dragging, p95 (ms) | ${f(r.drag_frame_p95_ms)} | | | ≤ ${DRAG_FRAME_P95_TARGET_MS} (≥ 50 fps; was 16.8 before the edit path work) — ${verdict((r.drag_frame_p95_ms ?? Infinity) <= DRAG_FRAME_P95_TARGET_MS)} |`,
    `| frame time while dragging, max (ms) | ${f(r.drag_frame_max_ms)} | | | |`,
    `| one edit round trip: drag stop → host writes the edit into the text → \`workflow/edited\` → replayed, committed → next frame — the first edit after opening (cold code paths), median of ${r.runs} (ms) | ${f(r.edit_round_trip_ms)} | ${f(r.baseline_edit_round_trip_ms)} | ${ratio('edit_round_trip_ms')} | ${met('edit_round_trip_ms')} |`,
    `| the same for the ${warmEditsPerLoad} edits after it (short drags), median of ${r.warm_edits} (ms) | ${f(r.warm_edit_round_trip_ms)} | ${f(r.baseline_warm_edit_round_trip_ms)} | ${ratio('warm_edit_round_trip_ms')} | ${met('warm_edit_round_trip_ms')} |`,
    `| … p95 of those (ms) | ${f(r.warm_edit_round_trip_p95_ms)} | | | |`,
    `| Fit View over all 500 nodes: click → every node in the DOM → next frame (ms, reference) | ${f(r.fit_all_ms)} | | | |`,
    '',
    'The host runs in the benchmark’s Node process behind `page.exposeFunction` (messages cross as JSON',
    'text over CDP), so the round trip includes a CDP hop each way instead of VS Code’s webview IPC.',
    'The page reports its first render through a binding; nothing of the benchmark runs in it while it loads.',
    'The baseline column is the floor this machine puts under any editor load or edit: chromium start of',
    'the page, the bundle, React and React Flow, with two nodes.',
    '',
    'Where the time goes (CPU profiles and traces of these page loads on this machine, 2026-11-25 and 2026-12-03):',
    '- **First render, 2 nodes (the floor):** HTML ≈ 20–50 ms; main.js (≈ 670 KB minified: react-dom 205 KB,',
    '  vscode-elements + Lit ≈ 100 KB, React Flow 125 KB, zod 96 KB) fetched and compiled ≈ 300 ms; module',
    '  evaluation ≈ 250–300 ms (mostly first-run compilation; zod schema construction ≈ 45 ms); React’s first',
    '  render and React Flow’s mount, measurement and paint ≈ 300–400 ms.',
    '- **First render, 500 nodes, on top:** the host’s state for the HTML (≈ 15–55 ms: canonical text is read',
    '  with `JSON.parse`, and cut into the per-node parts edits use), the embedded state read and converted, and',
    '  the 28 nodes on screen: React rendering them and their edges, style, layout and paint of ≈ 1,200 more',
    '  elements, React Flow measuring them. Since 2026-12-03 the embedded state’s nodes, edges and graph problems',
    '  are checked by a plain loop instead of zod (zod under the CSP, without its compiled mode, took ≈ 70–100 ms',
    '  cold for them), and parameter fields are static previews of the same size until the page is first idle',
    '  (≈ 90 vscode-elements with shadow roots are no longer created in the first frame). Until the page is first',
    '  idle React Flow gets only the opening view’s part of the graph (≈ 45 of 500 nodes; it adopted all 500 nodes',
    '  and 600 edges, and re-culled them on each of its store updates), the sizes it measures reach the editor',
    '  store only then (applying them re-rendered the canvas and made React Flow re-adopt the nodes before the',
    '  first frame), and node components are memoized, so its re-render of their wrappers stops there. Main-thread',
    '  CPU from navigation to the first render (trace, 8 alternating loads each, 2026-12-03 22:44): 421 → 379 ms',
    '  for 500 nodes against 283 ms for 2, the difference 137 → 94 ms; first-render ratio of the old and new bundles',
    '  alternating in one process on the loaded machine (load average 6–9): 1.54× → 1.21× (10 rounds of loads alone),',
    '  1.61× → 1.36× (6 rounds of this benchmark’s sequence, drags included). The minimap (≈ 0.1–0.25 s) mounts when the',
    '  page is first idle, and only where it covers no node: at the opening view of this graph nodes fill both',
    '  right corners, so it stays hidden.',
    '- **Edit round trip, 500 nodes (measured 2026-12-03):** the host’s work is ≈ 2–5 ms (it was ≈ 10–20 ms, and',
    '  25–100 ms for the first edit). It serializes only what an edit changed: the canonical text is kept in parts,',
    '  one per node and edge, memoized per (immutable) node object; the fast parse of canonical text cuts the opened',
    '  file into those parts, so the first edit needs no full serialization either; the changed parts alone are diffed',
    '  line by line (a moved node is two small replacements wherever it is — it was one 110 KB replacement past node',
    '  ≈ 150); only changed nodes are checked for JSON rules; after edits that only move nodes the graph problems are',
    '  the previous version’s (`validateWorkflowGraph` reads no position), and `workflow/edited` leaves them out (this',
    '  graph has 250 of them: ≈ 55 KB per drag, ≈ 7 ms more per hop). What is left of the host’s share is the test',
    '  document replacing the text and the model recognising its own write (two passes over the 220 KB text).',
    '- **The page’s share:** the optimistic apply and flow conversion before the post (≈ 1–8 ms, not counted), the',
    '  optimistic render with React Flow adopting the 500 nodes right after it (≈ 2–5 ms; ≈ 10 ms on the first edit,',
    '  cold code) while the host works, then replaying `workflow/edited` (the node and edge arrays keep their identity: React re-renders the',
    '  canvas only, ≈ 2–5 ms). The rest is the two CDP hops and waiting for the next frame (frames are 16.7 ms apart, so',
    '  single round trips vary by up to a frame; the first-edit row is a median of only three).',
  ].join('\n');
}
