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
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildWebviewBundle, isEditCommand, launchChromium, serveWebview } from '../test/webview/support/browserHarness.js';
import type { HostHarness } from '../test/webview/support/browserHarness.js';
import type { WebviewServer } from '../test/webview/support/browserHarness.js';
import { generatedDocument } from '../test/webview/support/fixtures.js';
import { ModelHostHarness } from '../test/webview/support/modelHostHarness.js';
import { writeBenchmarkSection } from './benchmarksDoc.js';
import { webviewBenchMarkdown } from './webviewBenchReport.js';
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

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const loadBefore = loadavg();
  const results = await runWebviewBench();
  console.log(JSON.stringify(results, null, 2));
  const body = webviewBenchMarkdown(results, loadBefore, WARM_EDITS);
  console.log(`\n${body}`);
  if (process.env['PANTOGRAPH_BENCH_NO_WRITE'] !== '1' && !FIRST_RENDER_ONLY)
    await writeBenchmarkSection('Webview editor benchmark', body);
}
