/**
 * The extension's warm workers, through the real `EnvironmentHost` (the vscode-free half of the
 * extension host) and the inference services exactly as `RunController` builds them: the example
 * text-generation graph runs twice on the host's pool (same worker, torch imported once, the text
 * streamed as partial outputs), `stopWorkersIn(envDir)` (before an environment is deleted) and
 * `dispose()` (window closing) leave no worker process.
 */
import { machineOverridesByNode } from '../../src/core/nodes/dependencyEnvironmentRequest.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EnvironmentHost } from '../../src/extension/environmentHost.js';
import { readSettings } from '../../src/extension/settings.js';
import { createNodeRunners } from '../../src/core/nodes/createNodeRunners.js';
import { executeWorkflow } from '../../src/core/workflow/executor.js';
import type { ExecutionEvent } from '../../src/core/workflow/executorTypes.js';
import type { ModelLibrary } from '../../src/core/library/loadModelLibrary.js';
import { ExecaProcessRunner } from '../../src/core/process/execaProcessRunner.js';
import {
  buildTinyModel,
  heavyDataDir,
  heavyHarness,
  heavyMachineOverrides,
  loadLibraryOrThrow,
  repoRoot,
  tinyManifest,
} from '../support/realModels.js';
import { loadExample, partialTexts, processAlive, runRealGraph, withNodeData } from '../support/realModelGraph.js';
import { testPackageIndex } from '../support/testIndex.js';
import { makeTempDir } from '../support/wheelFixtures.js';
import type { WorkflowDocument } from '../../src/core/workflow/workflowSchema.js';

const silent = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
let temp: { dir: string; cleanup: () => Promise<void> };
let library: ModelLibrary;
let doc: WorkflowDocument;
let python: string;

// Cold workers import torch and transformers (tens of seconds on a busy 2-core machine).
vi.setConfig({ testTimeout: 600_000 });
beforeAll(async () => {
  temp = await makeTempDir('warm workers');
  const gpt2 = join(temp.dir, 'library', 'tiny-gpt2');
  await mkdir(gpt2, { recursive: true });
  await writeFile(join(gpt2, 'pantograph-model.json'), JSON.stringify(tinyManifest('tiny-gpt2', 'text-generation')));
  doc = withNodeData(await loadExample('text-generation.pantograph'), 'generate', { max_new_tokens: 16 });
  const ensured = await runRealGraph(doc, heavyHarness(), {
    library: await loadLibraryOrThrow(dirname(gpt2)),
    outputDir: join(temp.dir, 'out'),
    runner: new ExecaProcessRunner(),
    targets: ['environment'],
  });
  python = ensured.outcomes.environment?.ref?.python_executable ?? '';
  if (!python) throw new Error(`the heavy environment is not ready: ${JSON.stringify(ensured.outcomes.environment?.errors)}`);
  buildTinyModel(python, 'gpt2', gpt2, 'tiny-gpt2');
  library = await loadLibraryOrThrow(dirname(gpt2));
}, 900_000);
afterAll(async () => temp?.cleanup());

/** A host over the shared heavy data dir, settings as VS Code would give them. */
function makeHost(values: Record<string, unknown>): EnvironmentHost {
  const settings = { dataDir: heavyDataDir(), defaultIndexUrl: testPackageIndex().indexUrl, ...values };
  return new EnvironmentHost({
    settings: () => readSettings((key) => settings[key as keyof typeof settings]),
    extensionRoot: repoRoot,
    log: silent,
    env: { ...process.env, PANTOGRAPH_DATA_DIR: heavyDataDir() },
  });
}

/** One run the way RunController.run wires it (its inference services include the host's pool). */
async function runLikeTheEditor(host: EnvironmentHost): Promise<{ outputs: Record<string, unknown>; events: ExecutionEvent[] }> {
  const events: ExecutionEvent[] = [];
  const runners = createNodeRunners({
    pumaLib: { library, platformKey: host.current.platformKey },
    environment: { service: host.current.service, machineOverrides: machineOverridesByNode(heavyMachineOverrides()) },
    inference: { runner: host.current.runner, outputDir: join(temp.dir, 'editor out'), workerPool: host.workerPool },
  });
  const result = await executeWorkflow(doc, { runners, onEvent: (e) => void events.push(e) });
  expect(result.failures).toEqual([]);
  return { outputs: { ...result.outputs.generate }, events };
}

describe('warm workers of the extension host', () => {
  it('second run reuses the worker (same pid, torch not re-imported); deleting the environment kills it', async () => {
    const host = makeHost({ workerIdleSeconds: 600 });
    try {
      const first = await runLikeTheEditor(host);
      const second = await runLikeTheEditor(host);
      expect(second.outputs.worker_pid).toBe(first.outputs.worker_pid);
      expect([first.outputs.torch_imports, second.outputs.torch_imports, second.outputs.requests]).toEqual([1, 1, 2]);
      expect(partialTexts(second.events, 'generate').at(-1)).toBe(second.outputs.text);
      const pid = first.outputs.worker_pid as number;
      const envDir = (await host.current.service.list()).find((e) => e.pythonExecutable === python)?.envDir;
      expect(envDir).toBeDefined();
      await host.stopWorkersIn(join(temp.dir, 'elsewhere'));
      expect(processAlive(pid)).toBe(true);
      await host.stopWorkersIn(envDir!);
      expect(processAlive(pid)).toBe(false);
      expect(host.workerPool.list()).toEqual([]);
    } finally {
      await host.dispose();
    }
  });

  it('closing the window (dispose) kills the warm worker; workerIdleSeconds 0 stops it after the run', async () => {
    const host = makeHost({ workerIdleSeconds: 600 });
    const { outputs } = await runLikeTheEditor(host);
    expect(processAlive(outputs.worker_pid as number)).toBe(true);
    await host.dispose();
    expect(processAlive(outputs.worker_pid as number)).toBe(false);

    const eager = makeHost({ workerIdleSeconds: 0 });
    try {
      const run = await runLikeTheEditor(eager);
      await expect.poll(() => processAlive(run.outputs.worker_pid as number), { timeout: 10_000 }).toBe(false);
      expect(eager.workerPool.list()).toEqual([]);
    } finally {
      await eager.dispose();
    }
  });
});
