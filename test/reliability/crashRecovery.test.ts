import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { makeTempDir, writeWheelChain } from '../support/wheelFixtures.js';
import type { FixtureWheel } from '../support/wheelFixtures.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../support/serviceHarness.js';
import { basePythonExecutable } from '../support/python.js';
import { deepCheckEnvironment } from '../../src/core/environment/deepCheck.js';
import { packageStoreLayout } from '../../src/core/packageStore/packageStoreLayout.js';
import { ENTRY_MARKER } from '../../src/core/wheelInstaller/unpackedWheel.js';
import { importCheck, killWorkerTree, readManifestJson, startEnsureWorker } from './support/workers.js';

/** Kill points in the regular suite; issue-level runs set e.g. PANTOGRAPH_KILL_POINTS=24. */
const killPoints = Math.max(1, Number(process.env['PANTOGRAPH_KILL_POINTS'] ?? 6));
/** Seed of the kill delays; printed on failure so a run can be repeated. */
const seed = Number(process.env['PANTOGRAPH_KILL_SEED'] ?? Date.now() % 1_000_000);
/** Small lock timings so a dead holder's lock goes stale in 2 s; a known interpreter so no machine-wide probe runs. */
let settings: { lockStaleMs: number; lockUpdateMs: number; defaultPythonPath: string };

/**
 * Where to kill: after the worker is released (`go`, anywhere in the ensure), or after the first
 * progress event of a phase, each plus a random delay up to `maxDelayMs`.
 */
const moments: readonly { after: string; message?: RegExp; maxDelayMs: number }[] = [
  { after: 'go', maxDelayMs: 3000 },
  { after: 'create', maxDelayMs: 150 },
  // The store installer's download/unpack and link points (progress `install` with these messages).
  { after: 'install', message: /into the package store/, maxDelayMs: 120 },
  { after: 'install', message: /^linking /, maxDelayMs: 60 },
  { after: 'validate', maxDelayMs: 60 },
  { after: 'install', maxDelayMs: 900 },
];

/** Every package-store entry is whole (has its marker); no folder is half there. */
async function assertStoreWhole(dataDir: string, context: string): Promise<void> {
  const layout = packageStoreLayout(dataDir);
  for (const sha of await readdir(layout.packagesDir).catch(() => [] as string[])) {
    expect(existsSync(join(layout.packageDir(sha), ENTRY_MARKER)), `${context}: entry ${sha}`).toBe(true);
  }
  for (const sha of await readdir(layout.wheelsDir).catch(() => [] as string[])) {
    expect(
      (await readdir(layout.wheelDir(sha))).filter((f) => f.endsWith('.whl')),
      `${context}: wheel ${sha}`,
    ).toHaveLength(1);
  }
}

function mulberry32(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let chain: FixtureWheel[];

beforeAll(async () => {
  temp = await makeTempDir('crash recovery');
  wheelDir = join(temp.dir, 'wheel folder');
  await mkdir(wheelDir, { recursive: true });
  chain = await writeWheelChain(wheelDir, 4, 'crash-chain');
  settings = { lockStaleMs: 2000, lockUpdateMs: 1000, defaultPythonPath: basePythonExecutable() };
});
afterAll(async () => temp.cleanup());

/** Kill point `i` gets its own key (binding id → env_id) in one shared data dir, so crash leftovers sit next to live environments. */
function request(i: number) {
  const bindingId = `crash-binding-${i}`;
  return { requirements: payloadFor(chain, { bindingId }), overrides: [wheelFolderPatch(bindingId, wheelDir)] };
}

describe('an ensure killed with SIGKILL', () => {
  it(
    `is detected and rebuilt by the next ensure at ${killPoints} random kill points (seed ${seed})`,
    { timeout: 60_000 + killPoints * 45_000 },
    async () => {
      const random = mulberry32(seed);
      const log: string[] = [];
      for (let i = 0; i < killPoints; i += 1) {
        const moment = moments[i % moments.length]!;
        const delayMs = Math.round(random() * moment.maxDelayMs);
        const dataDir = join(temp.dir, 'data shared');
        const h = createServiceHarness(dataDir, settings);
        const computed = await h.service.computeKey(request(i));
        if (!computed.ok) throw new Error(`no key: ${JSON.stringify(computed.errors)}`);
        const key = computed.key.shortKey;
        const worker = startEnsureWorker({ dataDir, settings, requests: [request(i)], waitForGo: true, progress: true });
        await worker.waitFor((e) => e.event === 'ready', 90_000);
        worker.go();
        if (moment.after !== 'go')
          await worker.waitFor(
            (e) => e.event === 'progress' && e.phase === moment.after && (!moment.message || moment.message.test(e.message)),
            60_000,
          );
        await delay(delayMs);
        const finishedFirst = worker.events.some((e) => e.event === 'done');
        const phases = worker.events.flatMap((e) => (e.event === 'progress' ? [e.phase] : []));
        const killed = killWorkerTree(worker.pid);
        const exit = await worker.exited;
        const manifestBefore = await readManifestJson(h.store.paths(key).manifestPath);
        const lockLeft = existsSync(h.store.lockPath(key));
        const context = `kill ${i} (seed ${seed}) ${moment.after}+${delayMs}ms, last phase ${phases.at(-1) ?? 'none'}, manifest ${manifestBefore?.state ?? 'none'}, lock ${lockLeft ? 'left' : 'free'}, killed ${killed.length} descendants`;
        log.push(context);
        await assertStoreWhole(dataDir, context);

        let lockWaited = false;
        const outcome = await h.service.ensure(request(i), { onProgress: (e) => (lockWaited ||= e.phase === 'lock-wait') });
        expect(outcome.errors, context).toEqual([]);
        expect(outcome.state, context).toBe('ready');
        if (!finishedFirst) expect(exit.signal, context).toBe('SIGKILL');
        if (manifestBefore?.state === 'ready') {
          expect(outcome.reused, context).toBe(true);
        } else {
          expect(outcome.installed, context).toBe(true);
        }
        // A dead holder's lock is either waited out or already stale at the first attempt; either way it is gone now.
        expect(existsSync(h.store.lockPath(key)), context).toBe(false);
        log[log.length - 1] += `, recovered in ${outcome.durationMs} ms${lockWaited ? ' after waiting for the stale lock' : ''}`;
        const python = outcome.ref!.python_executable!;
        expect(
          importCheck(
            python,
            chain.map((w) => w.module),
          ),
          context,
        ).toEqual(chain.map((w) => `${w.name}==1.0.0`));
        const deep = await h.service.check(request(i));
        expect(deep.state, context).toBe('ready');
        expect(outcome.ref!.environment_key, context).toBe(key);
        const manifest = await readManifestJson(h.store.paths(key).manifestPath);
        expect(manifest?.state, context).toBe('ready');
        const verified = await deepCheckEnvironment(h.store, key, { platform: process.platform });
        expect(verified.ok && verified.value.ok, context).toBe(true);
      }
      // Most kill points must have hit a live install, or the test proves little.
      const hits = log.filter((line) => /manifest (installing|failed)/.test(line));
      expect(hits.length, log.join('\n')).toBeGreaterThanOrEqual(Math.ceil(killPoints / 2));
      console.info(`crash recovery kill points:\n${log.join('\n')}`);
    },
  );
});
