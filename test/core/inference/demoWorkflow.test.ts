import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDependencyRequirements } from '../../../src/core/contracts/requirements.js';
import type { EnvironmentRefV1 } from '../../../src/core/contracts/environmentRef.js';
import { createAudioGenerationRunner } from '../../../src/core/inference/inferenceNodes.js';
import { parseWav } from '../../../src/core/inference/wavInfo.js';
import { buildDemoWheels } from '../../../src/core/library/demoWheels.js';
import { bundledModelLibraryDir, findExtensionRoot } from '../../../src/core/library/extensionRoot.js';
import { loadModelLibrary } from '../../../src/core/library/loadModelLibrary.js';
import { createPumaLibRunner } from '../../../src/core/library/pumaLibRunner.js';
import { buildChildEnvironment } from '../../../src/core/process/childEnvironment.js';
import { CountingProcessRunner } from '../../../src/core/process/countingProcessRunner.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { executeWorkflow } from '../../../src/core/workflow/executor.js';
import type { NodeRunner } from '../../../src/core/workflow/executorTypes.js';
import { parseWorkflowText } from '../../../src/core/workflow/parseWorkflow.js';
import { serializeWorkflow } from '../../../src/core/workflow/serializeWorkflow.js';
import { validateWorkflowGraph } from '../../../src/core/workflow/validateGraph.js';
import type { WorkflowDocument } from '../../../src/core/workflow/workflowSchema.js';

const basePython = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const demoPath = join(findExtensionRoot(), 'examples', 'demo.pantograph');

async function loadDemo(): Promise<{ text: string; doc: WorkflowDocument }> {
  const text = await readFile(demoPath, 'utf8');
  const parsed = parseWorkflowText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { text, doc: parsed.value };
}

const textInput: NodeRunner = async ({ node }) => ({ text: node.data.text });

describe('examples/demo.pantograph', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pantograph demo flow '));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is a valid v1 workflow in the stable serialization', async () => {
    const { text, doc } = await loadDemo();
    expect(validateWorkflowGraph(doc)).toEqual([]);
    expect(serializeWorkflow(doc)).toBe(text);
    expect(doc.graph.nodes.find((n) => n.node_type === 'puma-lib')?.data.model_id).toBe('demo-synth');
  });

  it('runs end to end: puma-lib requirements → an environment with the demo wheel → a WAV in the run output folder', async () => {
    const { doc } = await loadDemo();
    const library = await loadModelLibrary(bundledModelLibraryDir());
    if (!library.ok) throw new Error('library');
    const processes = new ExecaProcessRunner();
    const wheelDir = join(dir, 'wheels');
    await buildDemoWheels(wheelDir);
    let seenRequirements: unknown;
    // Stand-in for the Dependency Environment node: install the selected bindings' pins, offline, into a fresh venv.
    const environment: NodeRunner = async ({ inputs }) => {
      seenRequirements = inputs.dependency_requirements;
      const payload = parseDependencyRequirements(inputs.dependency_requirements);
      if (!payload.ok) throw new Error('bad requirements');
      const env = buildChildEnvironment(process.env, process.platform);
      const venv = join(dir, 'venv');
      await processes.run({ file: basePython, args: ['-m', 'venv', '--without-pip', venv], env });
      const python = join(venv, 'bin', 'python');
      const pins = payload.value.bindings.flatMap((b) => b.requirements.map((r) => `${r.name}${r.exact_pin}`));
      const installed = await processes.run({
        file: basePython,
        args: ['-m', 'pip', '--python', python, 'install', '--no-index', '--find-links', wheelDir, ...pins],
        env,
      });
      if (installed.exitCode !== 0) throw new Error(installed.stderr);
      const ref: EnvironmentRefV1 = {
        contract_version: 1,
        environment_kind: 'python-venv',
        env_id: payload.value.bindings[0]?.env_id ?? null,
        env_ids: [],
        python_executable: python,
        state: 'ready',
      };
      return { environment_ref: ref };
    };
    const outputDir = join(dir, 'run output');
    const result = await executeWorkflow(doc, {
      runners: {
        'text-input': textInput,
        'puma-lib': createPumaLibRunner({ library: library.value, platformKey: 'linux-x86_64' }),
        'dependency-environment': environment,
        'audio-generation': createAudioGenerationRunner({ runner: processes, outputDir }),
      },
    });
    expect(result.failures).toEqual([]);
    const requirements = parseDependencyRequirements(seenRequirements);
    if (!requirements.ok) throw new Error('requirements');
    expect(requirements.value.validation_state).toBe('resolved');
    expect(requirements.value.bindings[0]?.requirements.map((r) => `${r.name}${r.exact_pin}`)).toEqual([
      'pantograph-demo-synth==0.1.0',
    ]);
    expect(requirements.value.bindings[0]?.env_id).toMatch(/^python-venv:demo-synth-runtime:1:[0-9a-f]{64}:linux-x86_64:demo$/);
    const audio = result.outputs.audio!;
    expect(String(audio.audio).startsWith(outputDir)).toBe(true);
    expect(audio).toMatchObject({ duration_seconds: 3, sample_rate: 22050, seed: 42 });
    const wav = parseWav(await readFile(String(audio.audio)));
    expect(wav.ok && wav.value.rms).toBeGreaterThan(0.05);
  });

  it('stops at the gate with environment_not_ready, starting no process, when the environment is not ready', async () => {
    const { doc } = await loadDemo();
    const library = await loadModelLibrary(bundledModelLibraryDir());
    if (!library.ok) throw new Error('library');
    const counting = new CountingProcessRunner(new ExecaProcessRunner());
    const result = await executeWorkflow(doc, {
      runners: {
        'text-input': textInput,
        'puma-lib': createPumaLibRunner({ library: library.value, platformKey: 'linux-x86_64' }),
        'dependency-environment': async () => ({
          environment_ref: { environment_kind: 'python-venv', state: 'missing', python_executable: basePython },
        }),
        'audio-generation': createAudioGenerationRunner({ runner: counting, outputDir: join(dir, 'unused') }),
      },
    });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ nodeId: 'audio', error: { code: 'environment_not_ready' } });
    expect(result.failures[0]?.error.message).toContain('run Ensure Environment');
    expect(counting.count).toBe(0);
  });
});
