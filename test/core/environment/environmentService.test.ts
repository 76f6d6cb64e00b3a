import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, writeFixtureWheel, writeLocalVersionWheel, writeWheelChain } from '../../support/wheelFixtures.js';
import type { FixtureWheel } from '../../support/wheelFixtures.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../../support/serviceHarness.js';
import { isRunnableRef } from '../../../src/core/contracts/environmentRef.js';
import { requirementFixturePath } from '../../support/requirementFixtures.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let chain: FixtureWheel[];

beforeAll(async () => {
  temp = await makeTempDir('service tests');
  wheelDir = join(temp.dir, 'wheel folder');
  await mkdir(wheelDir, { recursive: true });
  chain = await writeWheelChain(wheelDir, 6, 'svc-chain');
});
afterAll(async () => temp.cleanup());

function request(wheels: readonly FixtureWheel[], extra: { overrides?: unknown[]; bindingId?: string } = {}) {
  const bindingId = extra.bindingId ?? 'test-binding';
  return {
    requirements: payloadFor(wheels, { bindingId }),
    overrides: extra.overrides ?? [wheelFolderPatch(bindingId, wheelDir)],
  };
}

describe('EnvironmentService.ensure', () => {
  it('installs on the first ensure and reuses on the second with zero processes', async () => {
    const h = createServiceHarness(join(temp.dir, 'data one'));
    const first = await h.service.ensure(request(chain));
    expect(first.errors).toEqual([]);
    expect(first.state).toBe('ready');
    expect(first.installed).toBe(true);
    expect(first.status.history.map((e) => e.to)).toEqual(['checking', 'missing', 'installing', 'ready']);
    expect(first.ref && isRunnableRef(first.ref)).toBe(true);
    h.runner.reset();
    const second = await h.service.ensure(request(chain));
    expect(second.state).toBe('ready');
    expect(second.reused).toBe(true);
    expect(h.runner.count).toBe(0);
    expect(second.ref?.environment_key).toBe(first.ref?.environment_key);
    expect(second.status.history.map((e) => e.to)).toEqual(['checking', 'ready']);
  });

  it('asks for a wheel source offline, then becomes ready after an override patch', async () => {
    const h = createServiceHarness(join(temp.dir, 'data needs input'));
    const fixture = JSON.parse(await readFile(requirementFixturePath('onnx-tts.needs-input.json'), 'utf8'));
    const asked = await h.service.ensure({ requirements: fixture });
    expect(asked.state).toBe('needs_user_input');
    expect(asked.status.missing_fields.some((f) => f.requirement_name === 'tiny-tts' && f.field === 'wheel_source_path')).toBe(
      true,
    );
    expect(h.runner.count).toBe(0);
    const ttsDir = join(temp.dir, 'tiny tts wheels');
    await mkdir(ttsDir, { recursive: true });
    await writeFixtureWheel(ttsDir, 'tiny_tts', '0.3.0');
    const done = await h.service.ensure({ requirements: fixture, overrides: [wheelFolderPatch('tiny-tts-runtime', ttsDir)] });
    expect(done.errors).toEqual([]);
    expect(done.state).toBe('ready');
  });

  it('installs exactly once for 16 concurrent ensures of one key and gives everyone the same ref', async () => {
    const h = createServiceHarness(join(temp.dir, 'data concurrent'));
    const outcomes = await Promise.all(Array.from({ length: 16 }, () => h.service.ensure(request(chain))));
    expect(outcomes.every((o) => o.state === 'ready')).toBe(true);
    expect(new Set(outcomes.map((o) => o.ref?.python_executable)).size).toBe(1);
    expect(outcomes.filter((o) => o.installed)).toHaveLength(1);
    // One venv creation; the offline pins are resolved without any pip process.
    expect(h.runner.calls.filter((c) => c.args.includes('venv'))).toHaveLength(1);
    expect(h.runner.calls.filter((c) => c.args.includes('pip'))).toHaveLength(0);
  });

  it('gives a changed pin a new key, leaves the old environment untouched and cleans orphaned temp files', async () => {
    const h = createServiceHarness(join(temp.dir, 'data change'));
    const v1 = await writeFixtureWheel(wheelDir, 'svc-bump', '1.0.0');
    const v2 = await writeFixtureWheel(wheelDir, 'svc-bump', '2.0.0');
    const a = await h.service.ensure(request([v1]));
    // A temp file left by an interrupted manifest write, two hours old: the next install cleans it.
    const orphan = join(h.store.paths(a.ref!.environment_key!).envDir, 'manifest.json.123456');
    await writeFile(orphan, '{');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(orphan, twoHoursAgo, twoHoursAgo);
    const b = await h.service.ensure(request([v2]));
    expect(existsSync(orphan)).toBe(false);
    expect(a.state).toBe('ready');
    expect(b.state).toBe('ready');
    expect(b.ref?.environment_key).not.toBe(a.ref?.environment_key);
    const old = await h.store.readManifest(a.ref!.environment_key!);
    expect(old.ready).toBe(true);
  });

  it('rebuilds after a corrupt manifest or a deleted environment interpreter', async () => {
    const h = createServiceHarness(join(temp.dir, 'data repair'));
    const first = await h.service.ensure(request(chain.slice(0, 2)));
    const key = first.ref!.environment_key!;
    await writeFile(h.store.paths(key).manifestPath, '{"manifest_version": 1, "trunc');
    const repaired = await h.service.ensure(request(chain.slice(0, 2)));
    expect(repaired.state).toBe('ready');
    expect(repaired.installed).toBe(true);
    await rm(repaired.ref!.python_executable!);
    const again = await h.service.ensure(request(chain.slice(0, 2)));
    expect(again.state).toBe('ready');
    expect(again.installed).toBe(true);
  });

  it('accepts a PEP 440 local version for a pin without one', async () => {
    const h = createServiceHarness(join(temp.dir, 'data local version'));
    const local = await writeLocalVersionWheel(wheelDir);
    const outcome = await h.service.ensure({
      requirements: payloadFor([{ name: local.name, version: '2.5.1+cu121' }]),
      overrides: [wheelFolderPatch('test-binding', wheelDir)],
    });
    expect(outcome.state).toBe('ready');
    const check = await h.service.check({
      requirements: payloadFor([{ name: local.name, version: '2.5.1+cu121' }]),
      overrides: [wheelFolderPatch('test-binding', wheelDir)],
    });
    expect(check.state).toBe('ready');
  });

  it('reports missing in manual mode without installing, then is ready once the user runs Ensure', async () => {
    const h = createServiceHarness(join(temp.dir, 'data manual'));
    const outcome = await h.service.ensure(request(chain.slice(0, 1)), { mode: 'manual' });
    expect(outcome.state).toBe('missing');
    expect(outcome.ref?.python_executable).toBeNull();
    // Nothing was built: no venv, no pip install.
    expect(h.runner.calls.filter((c) => c.args.includes('install') || c.args.includes('venv'))).toHaveLength(0);
    const ensured = await h.service.ensure(request(chain.slice(0, 1)), { mode: 'auto' });
    expect(ensured.state).toBe('ready');
    expect(ensured.ref?.environment_key).toBe(outcome.ref?.environment_key);
    h.runner.reset();
    const checkedAgain = await h.service.ensure(request(chain.slice(0, 1)), { mode: 'manual' });
    expect(checkedAgain.state).toBe('ready');
    expect(h.runner.count).toBe(0);
  });

  it('ends cancelled when aborted during the install, and the next ensure rebuilds', async () => {
    const h = createServiceHarness(join(temp.dir, 'data cancel'));
    const controller = new AbortController();
    const outcome = await h.service.ensure(request(chain), {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === 'install') controller.abort();
      },
    });
    expect(outcome.state).toBe('failed');
    expect(outcome.errors[0]?.code).toBe('cancelled');
    const next = await h.service.ensure(request(chain));
    expect(next.state).toBe('ready');
    expect(next.installed).toBe(true);
  });

  it('refuses an unsupported environment kind with a structured failure', async () => {
    const h = createServiceHarness(join(temp.dir, 'data kind'));
    const outcome = await h.service.ensure({
      requirements: payloadFor(chain.slice(0, 1), { kind: 'conda' }),
      overrides: [wheelFolderPatch('test-binding', wheelDir)],
    });
    expect(outcome.state).toBe('failed');
    expect(outcome.errors[0]?.code).toBe('unsupported_environment_kind');
    expect(h.runner.count).toBe(0);
  });
});
