/**
 * A team cache: one store reached through two data-dir paths (the folder and a symlink to it, as
 * two machines mount one share), several processes, and a read-only store reused with zero writes.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentStore } from '../../src/core/store/environmentStore.js';
import { makeReadOnly, treeSnapshot } from '../support/readOnly.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../support/serviceHarness.js';
import { makeTempDir, writeWheelChain } from '../support/wheelFixtures.js';
import type { FixtureWheel } from '../support/wheelFixtures.js';
import { importCheck, runWorkersTogether } from './support/workers.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let chain: FixtureWheel[];
let other: FixtureWheel[];
let realDir: string;
let linkDir: string;
let readyKey: string;

beforeAll(async () => {
  temp = await makeTempDir('team cache');
  await chmod(temp.dir, 0o755);
  wheelDir = join(temp.dir, 'wheel folder');
  await mkdir(wheelDir, { recursive: true });
  chain = await writeWheelChain(wheelDir, 4, 'team-a');
  other = await writeWheelChain(wheelDir, 2, 'team-b');
  realDir = join(temp.dir, 'share', 'pantograph');
  await mkdir(realDir, { recursive: true });
  linkDir = join(temp.dir, 'mounted elsewhere');
  await symlink(join(temp.dir, 'share'), linkDir);
});
afterAll(async () => temp.cleanup());

const request = (wheels: readonly FixtureWheel[]) => ({
  requirements: payloadFor(wheels, { bindingId: 'team' }),
  overrides: [wheelFolderPatch('team', wheelDir)],
});

describe('a shared data dir', () => {
  it('installs once when four processes ensure one key through two paths to the same folder; a reader never sees a half-built environment', async () => {
    const dataDirs = [realDir, join(linkDir, 'pantograph')];
    const reader = createServiceHarness(realDir);
    const computed = await reader.service.computeKey(request(chain));
    if (!computed.ok) throw new Error(JSON.stringify(computed.errors));
    const key = computed.key.shortKey;
    let finished = false;
    const workers = runWorkersTogether((i) => ({ dataDir: dataDirs[i % 2]!, requests: [request(chain)] }), 4).finally(
      () => (finished = true),
    );
    let notReady = 0;
    let readySeen = 0;
    while (!finished) {
      const read = await reader.store.readManifest(key);
      if (!read.ready) {
        notReady++;
        continue;
      }
      // The first time the reader sees `ready`, the environment must be complete right then.
      if (readySeen++ === 0)
        expect(
          importCheck(
            read.manifest.python_executable,
            chain.map((w) => w.module),
          ),
        ).toEqual(chain.map((w) => `${w.name}==1.0.0`));
    }
    const { outcomes } = await workers;
    expect(outcomes.map((o) => o.state)).toEqual(['ready', 'ready', 'ready', 'ready']);
    expect(outcomes.filter((o) => o.installed)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.key))).toEqual(new Set([key]));
    expect(notReady + readySeen).toBeGreaterThan(0);
    expect(await new EnvironmentStore({ dataDir: join(linkDir, 'pantograph') }).keys()).toEqual([key]);
    readyKey = key;
  });

  it('reuses a ready environment of a read-only store with zero writes, through either path; a missing one fails cleanly without writing', async () => {
    expect(readyKey).toMatch(/^[0-9a-f]{20}$/);
    const readOnly = makeReadOnly(realDir);
    try {
      const before = await treeSnapshot(realDir);
      for (const dataDir of [realDir, join(linkDir, 'pantograph')]) {
        const harness = createServiceHarness(dataDir);
        const outcome = await harness.service.ensure(request(chain));
        expect(outcome, readOnly.how).toMatchObject({ state: 'ready', reused: true, installed: false });
        expect(harness.runner.count).toBe(0);
      }
      const missing = await createServiceHarness(realDir).service.ensure(request(other));
      expect(missing.state).toBe('failed');
      expect(missing.errors[0]?.code).toBe('io_error');
      expect(await treeSnapshot(realDir)).toEqual(before);
      expect(existsSync(join(realDir, 'envs', 'python', readyKey, 'manifest.json'))).toBe(true);
    } finally {
      readOnly.restore();
    }
  });
});
