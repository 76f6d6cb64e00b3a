import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { makeTempDir, writeWheelChain } from '../support/wheelFixtures.js';
import type { FixtureWheel } from '../support/wheelFixtures.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../support/serviceHarness.js';
import { basePythonExecutable } from '../support/python.js';
import { writeBenchmarkSection } from '../../bench/benchmarksDoc.js';
import { importCheck, installInterval, overlapMs, readManifestJson, runWorkersTogether } from './support/workers.js';

const PROCESSES = 8;
const ENSURES_PER_PROCESS = 16;
const KEYS = 4;

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let chains: FixtureWheel[][];

beforeAll(async () => {
  temp = await makeTempDir('load');
  wheelDir = join(temp.dir, 'wheel folder');
  await mkdir(wheelDir, { recursive: true });
  chains = [];
  for (let k = 0; k < KEYS; k += 1) chains.push(await writeWheelChain(wheelDir, 5, `load-${String.fromCharCode(97 + k)}`));
});
afterAll(async () => temp.cleanup());

function request(k: number) {
  const bindingId = `load-binding-${k}`;
  return { requirements: payloadFor(chains[k]!, { bindingId }), overrides: [wheelFolderPatch(bindingId, wheelDir)] };
}

/** Time during which at least two intervals run at once. */
function concurrentMs(intervals: readonly [number, number][]): number {
  const points = intervals
    .flatMap(([s, e]) => [
      { t: s, d: 1 },
      { t: e, d: -1 },
    ])
    .sort((a, b) => a.t - b.t || a.d - b.d);
  let active = 0;
  let since = 0;
  let total = 0;
  for (const p of points) {
    if (active >= 2) total += p.t - since;
    active += p.d;
    since = p.t;
  }
  return total;
}

describe('load: many processes ensuring a few keys at once', () => {
  it(
    `installs ${KEYS} keys exactly once for ${PROCESSES} processes × ${ENSURES_PER_PROCESS} concurrent ensures, gives every caller a ready environment and overlaps different keys`,
    { timeout: 240_000 },
    async () => {
      const dataDir = join(temp.dir, 'data');
      const settings = { defaultPythonPath: basePythonExecutable() };
      // Warm the interpreter facts cache once, so the figures measure installs, not 8 parallel probes.
      expect((await createServiceHarness(dataDir, settings).service.computeKey(request(0))).ok).toBe(true);
      const requests = chains.map((_, k) => request(k));
      const { outcomes, processes, wallMs } = await runWorkersTogether(
        (i) => ({ dataDir, settings, requests: i % 2 === 0 ? requests : [...requests].reverse(), ensures: ENSURES_PER_PROCESS }),
        PROCESSES,
      );

      expect(outcomes).toHaveLength(PROCESSES * ENSURES_PER_PROCESS);
      const notReady = outcomes.filter((o) => o.state !== 'ready');
      expect(notReady, JSON.stringify(notReady.slice(0, 3))).toEqual([]);
      const installs = outcomes.filter((o) => o.installed);
      expect(installs).toHaveLength(KEYS);
      const keys = [...new Set(outcomes.map((o) => o.key!))];
      expect(keys).toHaveLength(KEYS);
      expect(new Set(installs.map((o) => o.key)).size).toBe(KEYS);
      for (const key of keys) expect(new Set(outcomes.filter((o) => o.key === key).map((o) => o.python_executable)).size).toBe(1);

      const h = createServiceHarness(dataDir, settings);
      const intervals: [number, number][] = [];
      let corrupt = 0;
      for (let k = 0; k < KEYS; k += 1) {
        const key = await h.service.computeKey(request(k));
        if (!key.ok) throw new Error(`no key for request ${k}`);
        const manifest = await readManifestJson(h.store.paths(key.key.shortKey).manifestPath);
        expect(manifest?.state).toBe('ready');
        intervals.push(installInterval(manifest!));
        try {
          expect(
            importCheck(
              manifest!.python_executable,
              chains[k]!.map((w) => w.module),
            ),
          ).toEqual(chains[k]!.map((w) => `${w.name}==1.0.0`));
          expect((await h.service.check(request(k))).state).toBe('ready');
        } catch (error) {
          corrupt += 1;
          throw error;
        }
      }
      expect(corrupt).toBe(0);
      const pairs = intervals.flatMap((a, i) => intervals.slice(i + 1).map((b) => overlapMs(a, b)));
      expect(Math.max(...pairs)).toBeGreaterThan(0);

      const span = Math.max(...intervals.map((i) => i[1])) - Math.min(...intervals.map((i) => i[0]));
      const summed = intervals.reduce((sum, [s, e]) => sum + (e - s), 0);
      const waited = outcomes.filter((o) => o.lockWaited).length;
      const report = [
        `${PROCESSES} OS processes (\`node --import tsx test/support/ensureWorker.ts\`) × ${ENSURES_PER_PROCESS} concurrent ensures over ${KEYS} distinct keys (5 fixture wheels each, offline, one data dir), released together. Run: \`npm run test:load\`.`,
        '',
        '| figure | value |',
        '| --- | --- |',
        `| wall time (release → last process exit) | ${(wallMs / 1000).toFixed(1)} s |`,
        `| ensures / ready | ${outcomes.length} / ${outcomes.length - notReady.length} |`,
        `| installs (\`installed: true\`) | ${installs.length} (one per key) |`,
        `| ensures that waited on another process's lock | ${waited} |`,
        `| corrupt environments (import check + \`check()\` per key) | ${corrupt} |`,
        `| install durations (manifest) | ${intervals.map(([s, e]) => `${((e - s) / 1000).toFixed(1)} s`).join(', ')} |`,
        `| installs' span / sum of durations | ${(span / 1000).toFixed(1)} s / ${(summed / 1000).toFixed(1)} s |`,
        `| time with ≥ 2 installs running at once | ${(concurrentMs(intervals) / 1000).toFixed(1)} s (largest pairwise overlap ${(Math.max(...pairs) / 1000).toFixed(1)} s) |`,
        `| processes started by the workers | ${processes.reduce((a, b) => a + b, 0)} (${processes.join(', ')}) |`,
        '',
        `Machine: ${cpus().length} cores, load average at the end ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' / ')} (other work shares this machine), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
      ].join('\n');
      console.info(report);
      if (process.env['PANTOGRAPH_WRITE_BENCHMARKS'] === '1') await writeBenchmarkSection('Load', report);
    },
  );
});
