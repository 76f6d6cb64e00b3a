import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, writeWheelChain } from '../support/wheelFixtures.js';
import type { FixtureWheel } from '../support/wheelFixtures.js';
import { payloadFor, wheelFolderPatch } from '../support/serviceHarness.js';
import { EnvironmentStore } from '../../src/core/store/environmentStore.js';
import { importCheck, installInterval, overlapMs, readManifestJson, runWorkersTogether } from './support/workers.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let chainA: FixtureWheel[];
let chainB: FixtureWheel[];

beforeAll(async () => {
  temp = await makeTempDir('cross process');
  wheelDir = join(temp.dir, 'wheel folder');
  await mkdir(wheelDir, { recursive: true });
  chainA = await writeWheelChain(wheelDir, 6, 'xp-alpha');
  chainB = await writeWheelChain(wheelDir, 6, 'xp-beta');
});
afterAll(async () => temp.cleanup());

function request(wheels: readonly FixtureWheel[], bindingId = 'xp-binding') {
  return { requirements: payloadFor(wheels, { bindingId }), overrides: [wheelFolderPatch(bindingId, wheelDir)] };
}

describe('ensure across OS processes', () => {
  it('installs one key exactly once when four processes ensure it at the same moment, and all of them get the same ready environment', async () => {
    const dataDir = join(temp.dir, 'data same key');
    const { outcomes } = await runWorkersTogether(() => ({ dataDir, requests: [request(chainA)] }), 4);

    expect(outcomes).toHaveLength(4);
    expect(new Set(outcomes.map((o) => o.pid)).size).toBe(4);
    expect(outcomes.map((o) => o.state)).toEqual(['ready', 'ready', 'ready', 'ready']);
    expect(outcomes.filter((o) => o.installed)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.key)).size).toBe(1);
    expect(new Set(outcomes.map((o) => o.python_executable)).size).toBe(1);
    for (const other of outcomes.filter((o) => !o.installed)) expect(other.lockWaited || other.reused).toBe(true);

    const store = new EnvironmentStore({ dataDir });
    const manifest = await readManifestJson(store.paths(outcomes[0]!.key!).manifestPath);
    expect(manifest?.state).toBe('ready');
    expect(manifest?.install.started_at).toBeTypeOf('string');
    expect(await store.keys()).toEqual([outcomes[0]!.key]);
    expect(
      importCheck(
        outcomes[0]!.python_executable!,
        chainA.map((w) => w.module),
      ),
    ).toEqual(chainA.map((w) => `${w.name}==1.0.0`));
  });

  it('installs two different keys in two processes at the same time, their install intervals overlapping', async () => {
    const dataDir = join(temp.dir, 'data two keys');
    const { outcomes } = await runWorkersTogether(
      (i) => ({ dataDir, requests: [i === 0 ? request(chainA) : request(chainB)] }),
      2,
    );

    expect(outcomes.map((o) => o.state)).toEqual(['ready', 'ready']);
    expect(outcomes.every((o) => o.installed && !o.lockWaited)).toBe(true);
    const keys = outcomes.map((o) => o.key!);
    expect(new Set(keys).size).toBe(2);
    const store = new EnvironmentStore({ dataDir });
    const intervals = await Promise.all(
      keys.map(async (key) => installInterval((await readManifestJson(store.paths(key).manifestPath))!)),
    );
    const overlap = overlapMs(intervals[0]!, intervals[1]!);
    const shorter = Math.min(intervals[0]![1] - intervals[0]![0], intervals[1]![1] - intervals[1]![0]);
    // Serialized installs would not overlap at all; parallel ones share most of the shorter install.
    expect(overlap).toBeGreaterThan(0.3 * shorter);
  });
});
