/**
 * "Collect Unused Environments" against a real store: real installs, real GC of environments and
 * of the package store. Only the dialogs are stand-ins (the test is not about VS Code's QuickPick).
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectUnused } from '../../../src/extension/environments/collectUnused.js';
import type { CollectUnusedUi } from '../../../src/extension/environments/collectUnused.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../../support/serviceHarness.js';
import type { ServiceHarness } from '../../support/serviceHarness.js';
import { basePythonExecutable, runPython } from '../../support/python.js';
import { makeTempDir, writeFixtureWheel } from '../../support/wheelFixtures.js';
import type { FixtureWheel } from '../../support/wheelFixtures.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let shared: FixtureWheel;
let onlyA: FixtureWheel;
let onlyB: FixtureWheel;
let harnesses = 0;

beforeAll(async () => {
  tmp = await makeTempDir('collect unused');
  wheelDir = join(tmp.dir, 'wheels');
  await mkdir(wheelDir, { recursive: true });
  shared = await writeFixtureWheel(wheelDir, 'gc-shared', '1.0.0');
  onlyA = await writeFixtureWheel(wheelDir, 'gc-only-a', '1.0.0');
  onlyB = await writeFixtureWheel(wheelDir, 'gc-only-b', '1.0.0');
});
afterAll(async () => tmp.cleanup());

/** A data dir with two ready environments, A (shared + only-a) and B (shared + only-b). */
async function twoEnvironments(): Promise<{ h: ServiceHarness }> {
  const h = createServiceHarness(join(tmp.dir, `data ${harnesses++}`), { defaultPythonPath: basePythonExecutable() });
  for (const [wheels, bindingId] of [
    [[shared, onlyA], 'binding-a'],
    [[shared, onlyB], 'binding-b'],
  ] as const) {
    const outcome = await h.service.ensure({
      requirements: payloadFor(wheels, { bindingId }),
      overrides: [wheelFolderPatch(bindingId, wheelDir)],
    });
    expect(outcome.errors).toEqual([]);
  }
  return { h };
}

function deps(h: ServiceHarness, log: string[] = []) {
  return { service: h.service, store: h.store, stopWorkersIn: async () => undefined, log: (m: string) => void log.push(m) };
}

function ui(pick: (keys: string[]) => string[] | undefined): CollectUnusedUi & { messages: string[] } {
  const messages: string[] = [];
  return {
    messages,
    info: (m) => void messages.push(m),
    pickEnvironments: async (plan) => pick(plan.remove.map((e) => e.key)),
  };
}

const storeEntries = async (h: ServiceHarness): Promise<string[]> => readdir(join(h.dataDir, 'store', 'packages'));

describe('collectUnused', () => {
  it('removes the picked environment and the store entries only it used; the other environment still imports', async () => {
    const { h } = await twoEnvironments();
    const [first, second] = await h.service.list();
    expect(await storeEntries(h)).toHaveLength(3);
    const later = new Date(Date.now() + 60 * 86_400_000);
    const dialogs = ui((keys) => keys.filter((k) => k === first!.key));
    const result = await collectUnused(deps(h), { now: later, maxAgeDays: 30 }, dialogs);
    expect(result.removedEnvironments).toEqual([first!.key]);
    expect(result.packageStore?.removed).toHaveLength(1);
    expect((await h.service.list()).map((e) => e.key)).toEqual([second!.key]);
    expect(await storeEntries(h)).toHaveLength(2);
    expect(runPython(second!.pythonExecutable!, 'import gc_shared; print("ok")').trim()).toBe('ok');
    expect(dialogs.messages).toEqual([
      expect.stringMatching(/collected 1 environment\(s\); removed 1 unused package store entry/),
    ]);
  });

  it('without limits collects no environment but still the store entries nothing references', async () => {
    const { h } = await twoEnvironments();
    const [first] = await h.service.list();
    await h.service.remove(first!.key);
    const dialogs = ui(() => {
      throw new Error('no QuickPick without limits');
    });
    const result = await collectUnused(deps(h), { now: new Date() }, dialogs);
    expect(result.removedEnvironments).toEqual([]);
    expect(result.packageStore?.removed).toHaveLength(1);
    expect(dialogs.messages[0]).toMatch(
      /no GC limit is set .* no environment was collected; removed 1 unused package store entry/,
    );
  });

  it('collects nothing at all when the QuickPick is dismissed', async () => {
    const { h } = await twoEnvironments();
    const dialogs = ui(() => undefined);
    const result = await collectUnused(deps(h), { now: new Date(Date.now() + 60 * 86_400_000), maxAgeDays: 30 }, dialogs);
    expect(result).toEqual({ removedEnvironments: [], packageStore: null });
    expect(await h.service.list()).toHaveLength(2);
    expect(await storeEntries(h)).toHaveLength(3);
    expect(dialogs.messages).toEqual([]);
  });
});
