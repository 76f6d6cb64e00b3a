/**
 * Webview editor benchmark in Debian's chromium: a generated 500-node / 600-edge workflow against
 * the protocol-speaking host harness. Measures time to first render, frame times while dragging a
 * node (requestAnimationFrame deltas), and one edit round trip (webview → harness parse/apply →
 * `workflow/state` → next rendered frame). `runWebviewBench()` is for the top-level runner; run
 * alone with `npx tsx bench/webviewBench.ts`, which also writes docs/benchmarks-webview.md
 * (set PANTOGRAPH_BENCH_NO_WRITE=1 to skip).
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HostHarness, buildWebviewBundle, isEditCommand, launchChromium, serveWebview } from '../test/webview/support/browserHarness.js';
import { generatedDocument } from '../test/webview/support/fixtures.js';
import { median, percentile } from './stats.js';

const NODES = 500;
const EDGES = 600;
const DRAG_STEPS = 90;

declare global {
  interface Window {
    __frames?: number[];
    __lastPostAt?: number;
    __lastStateRenderedAt?: number;
  }
}

/** Runs the benchmark; values in milliseconds (plus node/edge counts). Throws without chromium. */
export async function runWebviewBench(): Promise<Record<string, number>> {
  const browser = await launchChromium();
  if (!browser) throw new Error('chromium is missing: apt-get install -y chromium');
  const server = await serveWebview(await buildWebviewBundle());
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const doc = generatedDocument(NODES, EDGES);
    const host = new HostHarness(doc);
    await host.attach(page);
    await page.goto(server.url);
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length >= n, NODES, { timeout: 120_000 });
    const firstRender = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))));

    const header = await page.locator('[data-testid="node-n250"] .pg-node-header').boundingBox();
    if (!header) throw new Error('node n250 is not visible');
    // A string, not a function: tsx's keep-names helper (`__name`) does not exist in the page.
    await page.evaluate(`(() => {
      window.__frames = [];
      let last = performance.now();
      const tick = (now) => {
        window.__frames.push(now - last);
        last = now;
        if (window.__frames.length < 10000) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    const edit = host.next(isEditCommand, false, 60_000);
    await page.mouse.move(header.x + 10, header.y + header.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= DRAG_STEPS; i++) {
      await page.mouse.move(header.x + 10 + i * 4, header.y + header.height / 2 + i * 2);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    }
    const frames = (await page.evaluate(() => window.__frames ?? [])).slice(1);
    await page.mouse.up();
    await edit;
    await page.waitForFunction(() => (window.__lastStateRenderedAt ?? 0) > (window.__lastPostAt ?? Infinity), undefined, { timeout: 60_000 });
    const roundTrip = await page.evaluate(() => (window.__lastStateRenderedAt ?? 0) - (window.__lastPostAt ?? 0));
    return {
      nodes: doc.graph.nodes.length,
      edges: doc.graph.edges.length,
      first_render_ms: firstRender,
      drag_frame_median_ms: median(frames),
      drag_frame_p95_ms: percentile(frames, 95),
      drag_frame_max_ms: Math.max(...frames),
      drag_frames: frames.length,
      edit_round_trip_ms: roundTrip,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The markdown section for docs/benchmarks.md. */
export function webviewBenchMarkdown(r: Record<string, number>): string {
  const f = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(1));
  return [
    '## Webview editor',
    '',
    `Debian chromium (headless, \`--disable-gpu\`), production webview bundle, ${r.nodes} nodes / ${r.edges} edges, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()[0]?.toFixed(1)} at the end (other jobs share this machine: treat absolute numbers as upper bounds). Regenerate with \`npx tsx bench/webviewBench.ts\`.`,
    '',
    '| Measure | ms |',
    '| --- | ---: |',
    `| Time to first render (navigation start → all nodes in the DOM, next frame) | ${f(r.first_render_ms)} |`,
    `| Frame time while dragging a node — median (${r.drag_frames} frames) | ${f(r.drag_frame_median_ms)} |`,
    `| Frame time while dragging a node — p95 | ${f(r.drag_frame_p95_ms)} |`,
    `| Frame time while dragging a node — max | ${f(r.drag_frame_max_ms)} |`,
    '| One edit round trip (drag stop → harness parse + apply → `workflow/state` → next frame) | ' + f(r.edit_round_trip_ms) + ' |',
    '',
    'The harness is in-process Node behind `page.exposeFunction`, so the round trip includes the',
    'CDP hop both ways but not VS Code’s own webview IPC or the text-document write.',
    '',
  ].join('\n');
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const results = await runWebviewBench();
  console.log(JSON.stringify(results, null, 2));
  if (!process.env.PANTOGRAPH_BENCH_NO_WRITE) {
    const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'benchmarks-webview.md');
    await writeFile(out, webviewBenchMarkdown(results));
    console.log(`wrote ${out}`);
  }
}
