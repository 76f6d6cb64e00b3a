/**
 * Webview editor benchmark in Debian's chromium: a generated 500-node / 600-edge workflow served
 * with the extension's own HTML (CSP, embedded initial state) to a harness host that handles edits
 * with the extension's own text model (`WorkflowDocumentModel` over an in-memory text document). Measures time to first render (navigation start → the first frame showing the opening
 * viewport's nodes and edges, stamped in the page), frame times while dragging a node
 * (requestAnimationFrame deltas), edit round trips (webview → host: the model writes the changed
 * lines → `workflow/edited` → the page replays it → next rendered frame; the first edit after
 * opening and ten later ones), and — for reference — Fit View over all 500 nodes. The same
 * measures on a 2-node workflow, in the same process, are the baseline; the targets (issue #15) are
 * ratios to it: first render ≤ 1.25×, first edit ≤ 1.5×, later edits ≤ 1.3×, drag p95 ≤ 20 ms.
 * `runWebviewBench()` is for other runners; run alone with `npx tsx bench/webviewBench.ts`
 * (part of `npm run bench`), which rewrites the "Webview editor benchmark" section of
 * docs/benchmarks.md (PANTOGRAPH_BENCH_NO_WRITE=1 to skip). PANTOGRAPH_BENCH_WEBVIEW_FIRST_RENDER_ONLY=1
 * measures first renders only (no drags, edits or Fit View: more page loads in the same time; the
 * other rows read "—") and never writes the doc.
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildWebviewBundle, isEditCommand, launchChromium, serveWebview } from '../test/webview/support/browserHarness.js';
import type { HostHarness } from '../test/webview/support/browserHarness.js';
import type { WebviewServer } from '../test/webview/support/browserHarness.js';
import { generatedDocument } from '../test/webview/support/fixtures.js';
import { ModelHostHarness } from '../test/webview/support/modelHostHarness.js';
import { READABLE_ZOOM } from '../src/webview/flow/initialViewport.js';
import { writeBenchmarkSection } from './benchmarksDoc.js';
import { median, percentile } from './stats.js';

const NODES = 500;
const EDGES = 600;
const DRAG_STEPS = 90;
/** Short drags after the first edit, each one edit round trip (warm). */
const WARM_EDITS = 10;
const RUNS = Number(process.env['PANTOGRAPH_BENCH_WEBVIEW_RUNS'] ?? 3);
const FIRST_RENDER_ONLY = process.env['PANTOGRAPH_BENCH_WEBVIEW_FIRST_RENDER_ONLY'] === '1';

declare global {
  interface Window {
    __frames?: number[];
    __firstRenderAt?: number;
    __lastPostAt?: number;
    __lastStateRenderedAt?: number;
  }
}

/**
 * Stamps `__firstRenderAt` and reports it through the `__pantographFirstRender` binding: the frame
 * after the one in which nodes (all placed, none hidden) and an edge path are in the DOM. Reported
 * by the page rather than polled, so nothing of the benchmark's (playwright's injected script, its
 * polling) runs in the page while it loads. A string: tsx's keep-names helper (`__name`) is not in the page.
 */
const FIRST_RENDER_PROBE = `(function probe() {
  const nodes = document.querySelectorAll('.react-flow__node');
  const shown = nodes.length > 0 && document.querySelector('.react-flow__edge path') && [...nodes].every((n) => n.style.visibility !== 'hidden');
  if (shown) requestAnimationFrame(() => { window.__firstRenderAt = performance.now(); window.__pantographFirstRender(window.__firstRenderAt); });
  else requestAnimationFrame(probe);
})();`;

const FRAME_RECORDER = `(() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (now) => { window.__frames.push(now - last); last = now; if (window.__frames.length < 10000) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;

interface Opened {
  readonly page: Page;
  readonly host: HostHarness;
  readonly firstRenderMs: number;
}

async function openWorkflow(browser: Browser, server: WebviewServer, nodes: number, edges: number): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const host = new ModelHostHarness(generatedDocument(nodes, edges));
  await host.attach(page, server);
  let reported: (ms: number) => void = () => undefined;
  const firstRender = new Promise<number>((resolve, reject) => {
    reported = resolve;
    setTimeout(() => reject(new Error('no first render within 120 s')), 120_000).unref();
  });
  await page.exposeFunction('__pantographFirstRender', (ms: number) => reported(ms));
  await page.addInitScript(FIRST_RENDER_PROBE);
  await page.goto(server.url, { waitUntil: 'commit' });
  const firstRenderMs = await firstRender;
  await page.waitForLoadState('load');
  return { page, host, firstRenderMs };
}

/** The round trip of the edit the page just sent: its post → the first frame after the host's answer. */
async function lastRoundTrip(page: Page, edit: Promise<unknown>): Promise<number> {
  await edit;
  await page.waitForFunction(() => (window.__lastStateRenderedAt ?? 0) > (window.__lastPostAt ?? Infinity), undefined, {
    timeout: 60_000,
  });
  return page.evaluate(() => (window.__lastStateRenderedAt ?? 0) - (window.__lastPostAt ?? 0));
}

/**
 * Drags `nodeId` by its title bar; returns the frame times, the round trip of that first edit
 * after opening (cold: the edit path's code runs for the first time, in the page and the host),
 * and those of `WARM_EDITS` more short drags (warm).
 */
async function dragAndRoundTrip(
  { page, host }: Opened,
  nodeId: string,
): Promise<{ frames: number[]; roundTripMs: number; warmRoundTripsMs: number[] }> {
  const grab = async (): Promise<{ x: number; y: number }> => {
    const header = await page.locator(`[data-testid="node-${nodeId}"] .pg-node-header`).boundingBox();
    if (!header) throw new Error(`node ${nodeId} is not on screen`);
    return { x: header.x + 10, y: header.y + header.height / 2 };
  };
  const start = await grab();
  await page.evaluate(FRAME_RECORDER);
  const edit = host.next(isEditCommand, false, 60_000);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= DRAG_STEPS; i++) {
    await page.mouse.move(start.x + i * 4, start.y + i * 2);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  }
  const frames = (await page.evaluate(() => window.__frames ?? [])).slice(1);
  await page.mouse.up();
  const roundTripMs = await lastRoundTrip(page, edit);
  const warmRoundTripsMs: number[] = [];
  for (let n = 0; n < WARM_EDITS; n++) {
    const at = await grab();
    const next = host.next(isEditCommand, false, 60_000);
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(at.x + 12, at.y + (n % 2 === 0 ? 8 : -8), { steps: 4 });
    await page.mouse.up();
    warmRoundTripsMs.push(await lastRoundTrip(page, next));
  }
  return { frames, roundTripMs, warmRoundTripsMs };
}

/** Fit View (the Controls button) over every node: ms until all of them are in the DOM, next frame. */
async function fitAll({ page }: Opened, count: number): Promise<number> {
  const started = await page.evaluate(() => performance.now());
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length >= n, count, {
    timeout: 120_000,
    polling: 'raf',
  });
  return (
    (await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))))) -
    started
  );
}

/** Runs the benchmark; values in milliseconds (medians of RUNS page loads) plus counts. Throws without chromium. */
export async function runWebviewBench(): Promise<Record<string, number>> {
  const browser = await launchChromium();
  const server = await serveWebview(await buildWebviewBundle());
  const big: number[] = [];
  const small: number[] = [];
  const roundTrips: number[] = [];
  const smallRoundTrips: number[] = [];
  const warmRoundTrips: number[] = [];
  const smallWarmRoundTrips: number[] = [];
  const frames: number[] = [];
  const fits: number[] = [];
  let rendered = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const baseline = await openWorkflow(browser, server, 2, 1);
      small.push(baseline.firstRenderMs);
      if (FIRST_RENDER_ONLY) {
        await baseline.page.close();
        const opened = await openWorkflow(browser, server, NODES, EDGES);
        big.push(opened.firstRenderMs);
        rendered = await opened.page.locator('.react-flow__node').count();
        await opened.page.close();
        continue;
      }
      const smallDrag = await dragAndRoundTrip(baseline, 'n1');
      smallRoundTrips.push(smallDrag.roundTripMs);
      smallWarmRoundTrips.push(...smallDrag.warmRoundTripsMs);
      await baseline.page.close();
      const opened = await openWorkflow(browser, server, NODES, EDGES);
      big.push(opened.firstRenderMs);
      rendered = await opened.page.locator('.react-flow__node').count();
      const drag = await dragAndRoundTrip(opened, 'n25');
      frames.push(...drag.frames);
      roundTrips.push(drag.roundTripMs);
      warmRoundTrips.push(...drag.warmRoundTripsMs);
      fits.push(await fitAll(opened, NODES));
      await opened.page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return {
    nodes: NODES,
    edges: EDGES,
    runs: RUNS,
    rendered_at_open: rendered,
    first_render_ms: median(big),
    baseline_first_render_ms: median(small),
    drag_frame_median_ms: median(frames),
    drag_frame_p95_ms: percentile(frames, 95),
    drag_frame_max_ms: frames.length > 0 ? Math.max(...frames) : Number.NaN,
    drag_frames: frames.length,
    edit_round_trip_ms: median(roundTrips),
    baseline_edit_round_trip_ms: median(smallRoundTrips),
    warm_edit_round_trip_ms: median(warmRoundTrips),
    warm_edit_round_trip_p95_ms: percentile(warmRoundTrips, 95),
    baseline_warm_edit_round_trip_ms: median(smallWarmRoundTrips),
    warm_edits: warmRoundTrips.length,
    fit_all_ms: median(fits),
  };
}

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

/** The markdown body of the "Webview editor benchmark" section of docs/benchmarks.md. */
export function webviewBenchMarkdown(r: Record<string, number>, loadBefore: readonly number[]): string {
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
    `| the same for the ${WARM_EDITS} edits after it (short drags), median of ${r.warm_edits} (ms) | ${f(r.warm_edit_round_trip_ms)} | ${f(r.baseline_warm_edit_round_trip_ms)} | ${ratio('warm_edit_round_trip_ms')} | ${met('warm_edit_round_trip_ms')} |`,
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

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const loadBefore = loadavg();
  const results = await runWebviewBench();
  console.log(JSON.stringify(results, null, 2));
  const body = webviewBenchMarkdown(results, loadBefore);
  console.log(`\n${body}`);
  if (process.env['PANTOGRAPH_BENCH_NO_WRITE'] !== '1' && !FIRST_RENDER_ONLY)
    await writeBenchmarkSection('Webview editor benchmark', body);
}
