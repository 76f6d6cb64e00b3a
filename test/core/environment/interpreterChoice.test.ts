import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, writeFixtureWheel } from '../../support/wheelFixtures.js';
import type { FixtureWheel } from '../../support/wheelFixtures.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../../support/serviceHarness.js';

/** Debian's interpreter: PEP 668 externally managed; the test setup (test/setup/systemPackages.ts) installs python3 and python3-torch. */
const DEBIAN_PYTHON = '/usr/bin/python3';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let wheel: FixtureWheel;

beforeAll(async () => {
  temp = await makeTempDir('interpreter choice');
  wheelDir = join(temp.dir, 'wheels');
  await mkdir(wheelDir, { recursive: true });
  wheel = await writeFixtureWheel(wheelDir, 'choice-pkg', '1.0.0');
});
afterAll(async () => temp.cleanup());

function pythonPatch(executable: string): Record<string, unknown> {
  return {
    contract_version: 1,
    binding_id: 'test-binding',
    scope: 'binding',
    fields: { python_executable: executable },
    source: 'user',
    updated_at: '2026-01-02T00:00:00Z',
  };
}

describe('choosing the base interpreter', () => {
  it('builds a python_requires >=3.12,<3.13 environment on a 3.12 interpreter', async () => {
    const h = createServiceHarness(join(temp.dir, 'data 312'));
    const outcome = await h.service.ensure({
      requirements: payloadFor([wheel], { pythonRequires: '>=3.12,<3.13' }),
      overrides: [wheelFolderPatch('test-binding', wheelDir)],
    });
    expect(outcome.errors).toEqual([]);
    expect(outcome.state).toBe('ready');
    const manifest = await h.store.readManifest(outcome.ref!.environment_key!);
    expect(manifest.ready && manifest.manifest.base_interpreter.version.startsWith('3.12.')).toBe(true);
  });

  it('asks for a python_executable when no interpreter satisfies python_requires', async () => {
    const h = createServiceHarness(join(temp.dir, 'data none'));
    const outcome = await h.service.ensure({
      requirements: payloadFor([wheel], { pythonRequires: '>=3.99' }),
      overrides: [wheelFolderPatch('test-binding', wheelDir)],
    });
    expect(outcome.state).toBe('needs_user_input');
    expect(outcome.status.missing_fields).toEqual([
      expect.objectContaining({ binding_id: 'test-binding', field: 'python_executable' }),
    ]);
  });
});

describe('the python kind on an externally managed interpreter', () => {
  it('is ready without installing when Debian’s torch already meets the pin by PEP 440 rules', async () => {
    const h = createServiceHarness(join(temp.dir, 'data debian torch'));
    const outcome = await h.service.ensure({
      requirements: payloadFor([{ name: 'torch', version: '1.13.0a0' }], { kind: 'python' }),
      overrides: [pythonPatch(DEBIAN_PYTHON)],
    });
    expect(outcome.errors).toEqual([]);
    expect(outcome.state).toBe('ready');
    expect(outcome.ref?.python_executable).toBe(DEBIAN_PYTHON);
    expect(h.runner.calls.filter((c) => c.args.includes('install'))).toHaveLength(0);
  });

  it('fails with externally_managed_python instead of installing into it', async () => {
    const h = createServiceHarness(join(temp.dir, 'data debian refuse'));
    const outcome = await h.service.ensure({
      requirements: payloadFor([wheel], { kind: 'python' }),
      overrides: [pythonPatch(DEBIAN_PYTHON), wheelFolderPatch('test-binding', wheelDir)],
    });
    expect(outcome.state).toBe('failed');
    expect(outcome.errors[0]?.code).toBe('externally_managed_python');
    expect(h.runner.calls.filter((c) => c.args.includes('install'))).toHaveLength(0);
  });

  it('asks for an install source only after finding the interpreter lacks the pins (offline)', async () => {
    const h = createServiceHarness(join(temp.dir, 'data debian missing'));
    const outcome = await h.service.ensure({
      requirements: payloadFor([wheel], { kind: 'python' }),
      overrides: [pythonPatch(DEBIAN_PYTHON)],
    });
    expect(outcome.state).toBe('needs_user_input');
    expect(outcome.status.history.map((e) => e.to)).toEqual(['checking', 'missing', 'needs_user_input']);
    expect(outcome.status.missing_fields.map((f) => f.field).sort()).toEqual(['index_url', 'wheel_source_path']);
    expect(h.runner.calls.filter((c) => c.args.includes('install'))).toHaveLength(0);
  });
});
