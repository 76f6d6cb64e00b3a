import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, writeWheelChain } from '../support/wheelFixtures.js';
import type { FixtureWheel } from '../support/wheelFixtures.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../support/serviceHarness.js';
import { basePythonExecutable } from '../support/python.js';
import { PROBE_ARGS } from '../../src/core/python/interpreterProbe.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let chain: FixtureWheel[];

beforeAll(async () => {
  temp = await makeTempDir('cold concurrency');
  wheelDir = join(temp.dir, 'wheel folder');
  await mkdir(wheelDir, { recursive: true });
  chain = await writeWheelChain(wheelDir, 3, 'cold-chain');
});
afterAll(async () => temp.cleanup());

describe('eight concurrent cold ensures of one key in one process', () => {
  it('start one interpreter probe, one venv and one validation between them (offline pins: resolved without pip)', async () => {
    const h = createServiceHarness(join(temp.dir, 'data'), { defaultPythonPath: basePythonExecutable() });
    const request = { requirements: payloadFor(chain), overrides: [wheelFolderPatch('test-binding', wheelDir)] };
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => h.service.ensure(request)));

    expect(outcomes.map((o) => o.state)).toEqual(Array(8).fill('ready'));
    expect(outcomes.filter((o) => o.installed)).toHaveLength(1);
    const probes = h.runner.calls.filter((c) => c.args.join('\0') === PROBE_ARGS.join('\0'));
    expect(probes).toHaveLength(1);
    expect(h.runner.calls.filter((c) => c.args.includes('pip'))).toEqual([]);
    expect(h.runner.count).toBe(3);
  });
});
