/**
 * The shipped `examples/pytorch.pantograph` graph run end to end: text-input → pytorch-inference,
 * puma-lib(tiny-torch) → dependency-environment → pytorch-inference, with the production runners
 * (`createNodeRunners`), a real EnvironmentService (offline: default index none), Debian's
 * /usr/bin/python3 with python3-torch, and a TorchScript model written at run time into a temp
 * copy of the model library (no binary weights are committed). Also the built CLI once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWheels } from '../../src/core/library/demoWheels.js';
import { loadModelLibrary } from '../../src/core/library/loadModelLibrary.js';
import type { ModelLibrary } from '../../src/core/library/loadModelLibrary.js';
import type { EnsureOutcome } from '../../src/core/environment/ensureReport.js';
import { createNodeRunners } from '../../src/core/nodes/createNodeRunners.js';
import { machineOverridesByNode } from '../../src/core/nodes/dependencyEnvironmentRequest.js';
import { writeWheel } from '../../src/core/packaging/wheelWriter.js';
import { buildChildEnvironment } from '../../src/core/process/childEnvironment.js';
import { currentPlatformKey } from '../../src/core/requirements/platform.js';
import { executeWorkflow } from '../../src/core/workflow/executor.js';
import type { ExecutionResult, NodeRunner } from '../../src/core/workflow/executorTypes.js';
import { parseWorkflowText } from '../../src/core/workflow/parseWorkflow.js';
import type { WorkflowDocument } from '../../src/core/workflow/workflowSchema.js';
import { createServiceHarness, wheelFolderPatch } from '../support/serviceHarness.js';
import type { ServiceHarness } from '../support/serviceHarness.js';
import { makeTempDir } from '../support/wheelFixtures.js';
import { buildCli, spawnCli } from '../cli/cliHarness.js';
import { requirementFixturePath } from '../support/requirementFixtures.js';

const SYSTEM_PYTHON = '/usr/bin/python3';
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const examplesDir = join(repoRoot, 'examples');
const needsInputFixture = requirementFixturePath('onnx-tts.needs-input.json');
const platformKey = currentPlatformKey(process.platform, process.arch);
const childEnv = buildChildEnvironment(process.env, process.platform);
const PROMPT = 'hello pantograph';
const LABELS = ['alpha', 'beta', 'gamma', 'delta'];

/** The stored example's machine-local patch: the binding's interpreter is Debian's python3. */
function pythonPatch(): Record<string, unknown> {
  return {
    contract_version: 1,
    binding_id: 'tiny-torch-system',
    scope: 'binding',
    requirement_name: null,
    fields: { python_executable: SYSTEM_PYTHON },
    source: 'user',
    updated_at: '2025-01-01T00:00:00Z',
  };
}

/** Runs `code` with Debian's python3 (torch importable); fails with its stderr otherwise. */
function systemPython(args: readonly string[]): string {
  const run = spawnSync(SYSTEM_PYTHON, args, { encoding: 'utf8', env: childEnv });
  if (run.status !== 0)
    throw new Error(
      `${SYSTEM_PYTHON} ${args[0]} failed (install python3-torch: apt-get install -y python3-torch):\n${run.stderr}`,
    );
  return run.stdout;
}

/** The model's answer for `prompt`, computed directly with torch (own encoding, not the worker's code). */
interface DirectAnswer {
  readonly values: number[];
  readonly argmax: number;
  readonly shape: number[];
  readonly torch_version: string;
}
function directAnswer(modelFile: string, prompt: string): DirectAnswer {
  const code = [
    'import json, sys, torch',
    'm = torch.jit.load(sys.argv[1], map_location="cpu"); m.eval()',
    'b = list(sys.argv[2].encode("utf-8"))[:16]; b += [0] * (16 - len(b))',
    'with torch.no_grad(): y = m(torch.tensor([b], dtype=torch.float32) / 255.0)',
    'print(json.dumps({"values": y.flatten().tolist(), "argmax": int(torch.argmax(y).item()), "shape": list(y.shape), "torch_version": torch.__version__}))',
  ].join('\n');
  return JSON.parse(systemPython(['-c', code, modelFile, prompt])) as DirectAnswer;
}

async function loadWorkflow(file: string): Promise<WorkflowDocument> {
  const parsed = parseWorkflowText(await readFile(file, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}

async function loadLibrary(dir: string): Promise<ModelLibrary> {
  const library = await loadModelLibrary(dir);
  if (!library.ok) throw new Error(library.errors.map((e) => e.message).join('; '));
  return library.value;
}

/** Runs `doc` with the production runners over `h`'s service; inference processes also go through `h.runner`. */
async function runGraph(
  doc: WorkflowDocument,
  h: ServiceHarness,
  options: {
    library: ModelLibrary;
    outputDir: string;
    machineOverrides?: Record<string, unknown[]>;
    replace?: Record<string, NodeRunner>;
    targets?: string[];
  },
): Promise<{ result: ExecutionResult; outcomes: Record<string, EnsureOutcome> }> {
  const outcomes: Record<string, EnsureOutcome> = {};
  const runners = {
    ...createNodeRunners({
      pumaLib: { library: options.library, platformKey },
      environment: {
        service: h.service,
        ...(options.machineOverrides ? { machineOverrides: machineOverridesByNode(options.machineOverrides) } : {}),
        onOutcome: (id, o) => void (outcomes[id] = o),
      },
      inference: { runner: h.runner, outputDir: options.outputDir },
    }),
    ...options.replace,
  };
  const result = await executeWorkflow(doc, { runners, ...(options.targets ? { targets: options.targets } : {}) });
  return { result, outcomes };
}

/** Processes that build an environment: its venv creation, and pip when pip installs or resolves. */
const installCalls = (h: ServiceHarness) => h.runner.calls.filter((c) => c.args.includes('venv') || c.args.includes('pip'));
const workerCalls = (h: ServiceHarness) =>
  h.runner.calls.filter((c) => c.args.some((a) => /pytorch_inference\.py$|audio_generation\.py$/.test(a)));

let temp: { dir: string; cleanup: () => Promise<void> };
let libraryDir: string;
let modelFile: string;
let library: ModelLibrary;
let pytorchDoc: WorkflowDocument;

beforeAll(async () => {
  temp = await makeTempDir('pytorch graph');
  libraryDir = join(temp.dir, 'model library');
  await cp(join(examplesDir, 'model-library'), libraryDir, { recursive: true });
  modelFile = join(libraryDir, 'tiny-torch', 'model.pt');
  systemPython([join(libraryDir, 'tiny-torch', 'make_model.py'), modelFile]);
  library = await loadLibrary(libraryDir);
  pytorchDoc = await loadWorkflow(join(examplesDir, 'pytorch.pantograph'));
});
afterAll(async () => temp.cleanup());

describe('examples/pytorch.pantograph through executeWorkflow', () => {
  it('gets a ready python-kind environment on /usr/bin/python3 without installing and answers with the model’s real tensor result', async () => {
    const h = createServiceHarness(join(temp.dir, 'data ready'));
    const { result, outcomes } = await runGraph(pytorchDoc, h, {
      library,
      outputDir: join(temp.dir, 'out ready'),
      machineOverrides: { environment: [pythonPatch()] },
    });
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);

    const env = outcomes.environment!;
    expect(env.errors).toEqual([]);
    expect(env.state).toBe('ready');
    expect(env.ref?.state).toBe('ready');
    expect(env.ref?.python_executable).toBe(SYSTEM_PYTHON);
    expect(installCalls(h)).toEqual([]);

    const direct = directAnswer(modelFile, PROMPT);
    const outputs = result.outputs.classify!;
    expect(outputs.output_shape).toEqual(direct.shape);
    expect(outputs.output_shape).toEqual([1, 4]);
    const values = outputs.values as number[];
    expect(values).toHaveLength(4);
    values.forEach((v, i) => expect(v).toBeCloseTo(direct.values[i]!, 6));
    expect(outputs.response).toBe(LABELS[direct.argmax]);
    expect(outputs.torch_version).toBe(direct.torch_version);
    // The worker ran with the environment's interpreter, and exactly once.
    expect(workerCalls(h).map((c) => c.file)).toEqual([SYSTEM_PYTHON]);
  });

  it('reuses the ready environment on a second run and still installs nothing', async () => {
    const h = createServiceHarness(join(temp.dir, 'data reuse'));
    const options = { library, outputDir: join(temp.dir, 'out reuse'), machineOverrides: { environment: [pythonPatch()] } };
    const first = await runGraph(pytorchDoc, h, options);
    expect(first.result.ok).toBe(true);
    const second = await runGraph(pytorchDoc, h, options);
    expect(second.result.ok).toBe(true);
    expect(second.outcomes.environment?.reused).toBe(true);
    expect(second.outcomes.environment?.ref?.environment_key).toBe(first.outcomes.environment?.ref?.environment_key);
    expect(second.result.outputs.classify?.response).toBe(first.result.outputs.classify?.response);
    expect(installCalls(h)).toEqual([]);
  });

  it('fails with missing_required_input naming the inference node and starts no process when the environment_ref edge is removed', async () => {
    const h = createServiceHarness(join(temp.dir, 'data no ref'));
    const doc: WorkflowDocument = {
      ...pytorchDoc,
      graph: { ...pytorchDoc.graph, edges: pytorchDoc.graph.edges.filter((e) => e.target_handle !== 'environment_ref') },
    };
    const { result, outcomes } = await runGraph(doc, h, {
      library,
      outputDir: join(temp.dir, 'out no ref'),
      machineOverrides: { environment: [pythonPatch()] },
    });
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([
      expect.objectContaining({ nodeId: 'classify', error: expect.objectContaining({ code: 'missing_required_input' }) }),
    ]);
    expect(result.failures[0]?.error.message).toContain('environment_ref');
    expect(result.outputs).toEqual({});
    expect(outcomes).toEqual({});
    expect(h.runner.count).toBe(0);
  });

  it('refuses the run through the gate with environment_not_ready when the ref is not ready, starting no worker', async () => {
    // Same graph, but the environment node's interpreter lacks the pin: a python_executable that is no interpreter.
    const h = createServiceHarness(join(temp.dir, 'data bad python'));
    const badPatch = { ...pythonPatch(), fields: { python_executable: join(temp.dir, 'no such python') } };
    const { result, outcomes } = await runGraph(pytorchDoc, h, {
      library,
      outputDir: join(temp.dir, 'out bad python'),
      machineOverrides: { environment: [badPatch] },
    });
    expect(outcomes.environment?.state).not.toBe('ready');
    const classify = result.failures.find((f) => f.nodeId === 'classify');
    expect(classify?.error.code).toBe('environment_not_ready');
    expect(classify?.error.message).toContain('classify');
    expect(workerCalls(h)).toEqual([]);
    expect(installCalls(h)).toEqual([]);
  });
});

describe('a manual-mode dependency environment for a venv model that is not installed', () => {
  it('fails the inference node with environment_not_ready naming it, with zero pip installs and no worker', async () => {
    const wheelDir = join(temp.dir, 'demo wheels');
    await buildDemoWheels(wheelDir);
    const doc = await loadWorkflow(join(examplesDir, 'demo.pantograph'));
    const manual: WorkflowDocument = {
      ...doc,
      graph: {
        ...doc.graph,
        nodes: doc.graph.nodes.map((n) => (n.id === 'environment' ? { ...n, data: { ...n.data, mode: 'manual' } } : n)),
      },
    };
    const h = createServiceHarness(join(temp.dir, 'data manual'));
    const { result, outcomes } = await runGraph(manual, h, {
      library,
      outputDir: join(temp.dir, 'out manual'),
      machineOverrides: { environment: [wheelFolderPatch('demo-synth-core', wheelDir)] },
    });
    expect(outcomes.environment?.state).toBe('missing');
    expect(outcomes.environment?.ref?.python_executable ?? null).toBeNull();
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([
      expect.objectContaining({ nodeId: 'audio', error: expect.objectContaining({ code: 'environment_not_ready' }) }),
    ]);
    expect(result.failures[0]?.error.message).toMatch(/\baudio\b/);
    expect(result.failures[0]?.error.message).toContain('missing');
    expect(installCalls(h)).toEqual([]);
    expect(workerCalls(h)).toEqual([]);
  });
});

describe('needs_user_input in auto mode (the onnx-tts needs-input fixture)', () => {
  it('asks for a wheel source for tiny_tts, then installs it once a wheel_source_path override points at its wheel', async () => {
    const fixture = JSON.parse(await readFile(needsInputFixture, 'utf8')) as {
      platform_key: string;
      bindings: { env_id: string }[];
    };
    const payload = {
      ...fixture,
      platform_key: platformKey,
      bindings: fixture.bindings.map((b) => ({ ...b, env_id: b.env_id.replace(fixture.platform_key, platformKey) })),
    };
    const modelDir = join(temp.dir, 'tiny tts model');
    await mkdir(modelDir, { recursive: true });
    // Test-only Puma-Lib: emits the fixture payload instead of reading a library.
    const pumaLib: NodeRunner = async () => ({
      dependency_requirements: payload,
      selected_binding_ids: ['tiny-tts-runtime'],
      model_path: modelDir,
      inference_settings: {},
    });
    const h = createServiceHarness(join(temp.dir, 'data needs input'));
    const base = { library, outputDir: join(temp.dir, 'out needs input'), replace: { 'puma-lib': pumaLib } };

    const asked = await runGraph(pytorchDoc, h, base);
    const env = asked.outcomes.environment!;
    expect(env.state).toBe('needs_user_input');
    expect(env.status.missing_fields.map((f) => [f.binding_id, f.requirement_name, f.field]).sort()).toEqual([
      ['tiny-tts-runtime', 'tiny-tts', 'index_url'],
      ['tiny-tts-runtime', 'tiny-tts', 'wheel_source_path'],
    ]);
    expect(asked.result.failures).toEqual([
      expect.objectContaining({ nodeId: 'classify', error: expect.objectContaining({ code: 'environment_not_ready' }) }),
    ]);
    expect(installCalls(h)).toEqual([]);
    expect(workerCalls(h)).toEqual([]);

    const wheelDir = join(temp.dir, 'tiny tts wheels');
    await writeWheel({
      outDir: wheelDir,
      name: 'tiny_tts',
      version: '0.3.0',
      requiresPython: '>=3.8',
      modules: { 'tiny_tts/__init__.py': 'VALUE = "tiny_tts==0.3.0"\n' },
    });
    // The venv holds only tiny_tts (no torch), so the run targets the environment node.
    const supplied = await runGraph(pytorchDoc, h, {
      ...base,
      machineOverrides: { environment: [wheelFolderPatch('tiny-tts-runtime', wheelDir)] },
      targets: ['environment'],
    });
    expect(supplied.result.failures).toEqual([]);
    const ready = supplied.outcomes.environment!;
    expect(ready.errors).toEqual([]);
    expect(ready.state).toBe('ready');
    expect(ready.installed).toBe(true);
    expect(installCalls(h)).toHaveLength(1);
    const python = ready.ref!.python_executable!;
    expect(python.startsWith(h.dataDir)).toBe(true);
    const imported = spawnSync(python, ['-c', 'import tiny_tts; print(tiny_tts.VALUE)'], { encoding: 'utf8', env: childEnv });
    expect(imported.stdout.trim()).toBe('tiny_tts==0.3.0');
  });
});

describe('pantograph run examples/pytorch.pantograph (the built dist/cli.cjs)', () => {
  beforeAll(() => buildCli());

  it('exits 0 and prints the model’s response with --override environment=<python patch>', async () => {
    const dir = join(temp.dir, 'cli copy');
    await mkdir(dir, { recursive: true });
    const workflow = join(dir, 'pytorch.pantograph');
    await cp(join(examplesDir, 'pytorch.pantograph'), workflow);
    const patchFile = join(dir, 'python.patch.json');
    await writeFile(
      patchFile,
      await readFile(join(examplesDir, 'model-library', 'tiny-torch', 'debian-python.patch.json'), 'utf8'),
    );
    const run = await spawnCli(
      [
        '--default-index',
        'none',
        '--data-dir',
        join(dir, 'data'),
        '--model-library',
        libraryDir,
        'run',
        workflow,
        '--override',
        `environment=${patchFile}`,
      ],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    const direct = directAnswer(modelFile, PROMPT);
    expect(run.stdout).toContain(`response: ${LABELS[direct.argmax]}`);
    expect(run.stdout).toMatch(/environment/);
    // The workflow file is never written by --override.
    expect(await readFile(workflow, 'utf8')).toBe(await readFile(join(examplesDir, 'pytorch.pantograph'), 'utf8'));
    expect(existsSync(join(dir, 'data'))).toBe(true);
  });
});
