/**
 * The one road to an environment: the demo workflow's Dependency Environment node evaluated by
 * the executor with the shared runners (as the CLI's ensure/run and the extension's Ensure/Run
 * do), and the request it hands the environment service. The service is a recorder here — what
 * the service does with a request is tested in test/core/environment.
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnsureOutcome } from '../../../src/core/environment/ensureReport.js';
import type { EnvironmentService } from '../../../src/core/environment/environmentService.js';
import type { EnvironmentRequest } from '../../../src/core/environment/resolveRequest.js';
import { loadModelLibrary } from '../../../src/core/library/loadModelLibrary.js';
import type { ModelLibrary } from '../../../src/core/library/loadModelLibrary.js';
import { createNodeRunners } from '../../../src/core/nodes/createNodeRunners.js';
import { createDemoSetup, demoBindingIds } from '../../../src/core/nodes/demoSetup.js';
import {
  dependencyEnvironmentNodeIds,
  dependencyEnvironmentRequest,
  machineOverridesByNode,
} from '../../../src/core/nodes/dependencyEnvironmentRequest.js';
import type { MachineOverrides } from '../../../src/core/nodes/dependencyEnvironmentRequest.js';
import { applyWorkflowEdits } from '../../../src/core/workflow/applyEdits.js';
import { executeWorkflow } from '../../../src/core/workflow/executor.js';
import type { ExecutionResult } from '../../../src/core/workflow/executorTypes.js';
import { parseWorkflowText } from '../../../src/core/workflow/parseWorkflow.js';
import type { WorkflowDocument } from '../../../src/core/workflow/workflowSchema.js';
import { makeTempDir } from '../../support/wheelFixtures.js';

const parsed = parseWorkflowText(readFileSync(new URL('../../../examples/demo.pantograph', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('demo workflow does not parse');
const demo: WorkflowDocument = parsed.value;
let library: ModelLibrary;

beforeAll(async () => {
  const loaded = await loadModelLibrary(fileURLToPath(new URL('../../../examples/model-library', import.meta.url)));
  if (!loaded.ok) throw new Error('library does not load');
  library = loaded.value;
});

function edited(edits: Parameters<typeof applyWorkflowEdits>[1]): WorkflowDocument {
  const result = applyWorkflowEdits(demo, edits);
  if (!result.ok) throw new Error(result.errors[0]?.message);
  return result.value;
}

/** Ensures the `environment` node of `doc` through the executor; returns what reached the service. */
async function ensureThroughExecutor(
  doc: WorkflowDocument,
  options: { machineOverrides?: MachineOverrides; modeOverride?: 'auto' | 'manual' } = {},
): Promise<{ result: ExecutionResult; calls: { request: EnvironmentRequest; mode: string }[] }> {
  const calls: { request: EnvironmentRequest; mode: string }[] = [];
  const outcome = { ref: null, bindings: [], status: { state: 'missing' }, errors: [] } as unknown as EnsureOutcome;
  const service = {
    ensure: async (request: EnvironmentRequest, opts: { mode: string }) => (calls.push({ request, mode: opts.mode }), outcome),
  } as unknown as EnvironmentService;
  const runners = createNodeRunners({
    pumaLib: { library, platformKey: 'linux-x86_64' },
    environment: { service, ...options },
    inference: { runner: undefined as never, outputDir: '/nowhere' },
  });
  const result = await executeWorkflow(doc, { runners, targets: ['environment'] });
  return { result, calls };
}

describe('a Dependency Environment node through the executor', () => {
  it('finds the dependency-environment nodes of the demo', () => {
    expect(dependencyEnvironmentNodeIds(demo)).toEqual(['environment']);
  });

  it('resolves the upstream Puma-Lib model into the requirements, its bindings and the machine-local patches', async () => {
    const asked: [string, unknown][] = [];
    const machine = {
      contract_version: 1,
      binding_id: 'demo-synth-core',
      scope: 'binding',
      fields: { wheel_source_path: '/w' },
      source: 'user',
      updated_at: '2025-01-01T00:00:00Z',
    };
    const { result, calls } = await ensureThroughExecutor(demo, {
      machineOverrides: (id, requirements) => (asked.push([id, requirements]), [machine]),
    });
    expect(result.ok).toBe(true);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.mode).toBe('auto');
    expect(call?.request.selectedBindingIds).toEqual(['demo-synth-core']);
    expect(call?.request.overrides).toEqual([machine]);
    const payload = call?.request.requirements as {
      bindings: { binding_id: string; requirements: { name: string; exact_pin: string }[] }[];
    };
    expect(payload.bindings[0]?.requirements[0]).toMatchObject({ name: 'pantograph-demo-synth', exact_pin: '==0.1.0' });
    expect(asked).toEqual([['environment', call?.request.requirements]]);
  });

  it('passes the node mode and stored patches (before the machine ones); a forced mode wins', async () => {
    const patch = {
      contract_version: 1 as const,
      binding_id: 'demo-synth-core',
      scope: 'binding' as const,
      fields: { index_url: 'https://example.org/simple' },
      source: 'user' as const,
      updated_at: '2025-01-01T00:00:00Z',
    };
    const doc = edited([
      { kind: 'set_mode', node_id: 'environment', mode: 'manual' },
      { kind: 'set_override_patch', node_id: 'environment', patch },
    ]);
    const plain = await ensureThroughExecutor(doc, {
      machineOverrides: machineOverridesByNode({ environment: ['machine'], other: ['never'] }),
    });
    expect(plain.calls[0]?.mode).toBe('manual');
    expect(plain.calls[0]?.request.overrides).toEqual([patch, 'machine']);
    const forced = await ensureThroughExecutor(doc, { modeOverride: 'auto' });
    expect(forced.calls[0]?.mode).toBe('auto');
  });

  it('fails the upstream node with model_not_found for an unknown model, and never calls the service', async () => {
    const { result, calls } = await ensureThroughExecutor(
      edited([{ kind: 'set_node_data', node_id: 'model', path: ['model_id'], value: 'nope' }]),
    );
    expect(result.failures.map((f) => f.error.code)).toContain('model_not_found');
    expect(calls).toEqual([]);
  });

  it('asks for a connection when no requirements reach the node', async () => {
    const { result, calls } = await ensureThroughExecutor(edited([{ kind: 'disconnect', edge_id: 'model-requirements' }]));
    expect(result.failures.map((f) => f.error.code)).toContain('missing_required_input');
    expect(calls).toEqual([]);
  });
});

describe('dependencyEnvironmentRequest', () => {
  const node = { id: 'env', data: { mode: 'auto', override_patches: [] } };
  it('refuses malformed binding ids, mode and stored patches with structured errors naming the node field', async () => {
    const ids = await dependencyEnvironmentRequest(node, { dependency_requirements: {}, selected_binding_ids: [1] });
    expect(!ids.ok && ids.errors[0]).toMatchObject({
      code: 'invalid_payload',
      path: ['graph', 'nodes', 'env', 'selected_binding_ids'],
    });
    const mode = await dependencyEnvironmentRequest(node, { dependency_requirements: {}, mode: 'sometimes' });
    expect(!mode.ok && mode.errors[0]?.code).toBe('invalid_payload');
    const patches = await dependencyEnvironmentRequest(
      { id: 'env', data: { override_patches: 'x' } },
      { dependency_requirements: {} },
    );
    expect(!patches.ok && patches.errors[0]?.code).toBe('invalid_override');
  });

  it('takes binding ids from the node data when no input carries them', async () => {
    const built = await dependencyEnvironmentRequest(
      { id: 'env', data: { selected_binding_ids: ['b'] } },
      { dependency_requirements: { bindings: [] } },
    );
    expect(built.ok && built.value).toEqual({
      request: { requirements: { bindings: [] }, selectedBindingIds: ['b'], overrides: [] },
      mode: 'auto',
    });
  });
});

describe('the demo setup (shared by the CLI demo and the extension)', () => {
  it('builds the demo wheel once into <dataDir>/demo/wheels and patches only bindings that pin the demo package', async () => {
    const temp = await makeTempDir('demo setup');
    try {
      const setup = createDemoSetup({ dataDir: temp.dir });
      const payload = {
        bindings: [
          { binding_id: 'core', requirements: [{ name: 'pantograph-demo-synth' }] },
          { binding_id: 'other', requirements: [{ name: 'numpy' }] },
        ],
      };
      expect(demoBindingIds(payload)).toEqual(['core']);
      expect(
        await setup.machineOverrides('env', { bindings: [{ binding_id: 'other', requirements: [{ name: 'numpy' }] }] }),
      ).toEqual([]);
      const patches = await setup.machineOverrides('env', payload);
      expect(patches).toMatchObject([{ binding_id: 'core', scope: 'binding', fields: { wheel_source_path: setup.wheelDir } }]);
      expect(setup.wheelDir.startsWith(temp.dir)).toBe(true);
      expect(await readdir(setup.wheelDir)).toEqual(['pantograph_demo_synth-0.1.0-py3-none-any.whl']);
    } finally {
      await temp.cleanup();
    }
  });
});
