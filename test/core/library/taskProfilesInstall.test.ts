/**
 * The shipped task profiles are installable: the text-generation and text-to-audio profiles (CPU
 * torch build), with the test package index standing in for every index through one
 * binding-scope override, resolve with a real `pip install --dry-run --ignore-installed` in the
 * isolated child environment. Real pip, real index, real wheels; nothing is installed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DependencyOverridePatchV1 } from '../../../src/core/contracts/overridePatch.js';
import { unwrap } from '../../../src/core/errors/structuredError.js';
import { NO_GPU } from '../../../src/core/library/gpuProbe.js';
import { findModel, loadModelLibrary } from '../../../src/core/library/loadModelLibrary.js';
import { buildPumaLibOutputs } from '../../../src/core/library/pumaLibOutputs.js';
import { applyOverrides } from '../../../src/core/overrides/applyOverrides.js';
import { installPlanFromBindings } from '../../../src/core/provision/installPlan.js';
import { buildPipInstallArgs } from '../../../src/core/provision/pipArguments.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { normalizeRequirements } from '../../../src/core/requirements/normalize.js';
import { GPT2_CONFIG, MUSICGEN_CONFIG, modelFiles, writeModelFolder } from '../../support/hfFixtures.js';
import { basePythonExecutable, childEnv } from '../../support/python.js';
import { HEAVY_STACK_PINS, testPackageIndex } from '../../support/testIndex.js';

interface PipReport {
  install: { metadata: { name: string; version: string } }[];
}

describe('the shipped task profiles resolve from the test package index', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pantograph profile install '));
    await writeModelFolder(join(root, 'tiny-gpt2'), modelFiles(GPT2_CONFIG));
    await writeModelFolder(join(root, 'tiny-musicgen'), modelFiles(MUSICGEN_CONFIG));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it.each([
    ['tiny-gpt2', 'hf-text-generation', ['torch', 'transformers', 'safetensors', 'tokenizers']],
    ['tiny-musicgen', 'hf-text-to-audio', ['torch', 'transformers', 'safetensors', 'tokenizers', 'numpy', 'soundfile']],
  ] as const)(
    '%s: pip --dry-run resolves the pinned stack with one binding-scope index and wheel folder',
    async (modelId, bindingId, names) => {
      const index = testPackageIndex();
      const library = unwrap(await loadModelLibrary(root, { gpu: NO_GPU, platformKey: 'linux-x86_64' }));
      const requirements = buildPumaLibOutputs(unwrap(findModel(library, modelId)), {
        platformKey: 'linux-x86_64',
      }).dependency_requirements;
      const fields: DependencyOverridePatchV1['fields'] = {
        index_url: index.indexUrl,
        ...(index.findLinks[0] ? { wheel_source_path: index.findLinks[0] } : {}),
      };
      const patch: DependencyOverridePatchV1 = {
        contract_version: 1,
        binding_id: bindingId,
        scope: 'binding',
        fields,
        source: 'user',
        updated_at: '2026-01-01T00:00:00Z',
      };
      const normalized = unwrap(normalizeRequirements(requirements.bindings));
      const effective = applyOverrides(
        requirements.bindings.map((binding) => ({ binding, requirements: normalized })),
        [patch],
      );
      const plan = installPlanFromBindings(effective, null);
      // The profile's own torch index (download.pytorch.org) is replaced by the binding's index.
      expect(new Set(plan.requirements.map((r) => r.indexUrl))).toEqual(new Set([index.indexUrl]));
      const args = [...buildPipInstallArgs(plan), '--dry-run', '--ignore-installed', '--quiet', '--report', '-'];
      const result = await new ExecaProcessRunner().run({
        file: basePythonExecutable(),
        args: ['-m', 'pip', ...args],
        env: childEnv(),
        timeoutMs: 240_000,
      });
      expect(result.exitCode, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as PipReport;
      const resolved = Object.fromEntries(report.install.map((i) => [i.metadata.name.toLowerCase(), i.metadata.version]));
      for (const name of names) expect(resolved[name], name).toBe(HEAVY_STACK_PINS[name]);
    },
    300_000,
  );
});
