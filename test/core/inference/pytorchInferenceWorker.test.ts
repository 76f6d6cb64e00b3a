import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestContext } from 'vitest';
import { runWorker } from '../../../src/core/inference/runWorker.js';
import { workerScriptPath } from '../../../src/core/inference/workerScripts.js';
import { buildChildEnvironment } from '../../../src/core/process/childEnvironment.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';

/** Debian's interpreter; `apt-get install python3-torch` gives it a CPU PyTorch (CI installs it). */
const systemPython = '/usr/bin/python3';
const torchCheck = spawnSync(systemPython, ['-c', 'import torch; print(torch.__version__)'], {
  encoding: 'utf8',
  env: buildChildEnvironment(process.env, process.platform),
});
const torchVersion = torchCheck.status === 0 ? torchCheck.stdout.trim() : null;
const MISSING = `PyTorch is not importable by ${systemPython} (${(torchCheck.stderr ?? String(torchCheck.error)).trim().split('\n').pop()}); install it with: apt-get install -y python3-torch`;

/** Fails with the install command when torch is missing: the test setup (test/setup/systemPackages.ts) installs it as root. */
function requireTorch(_ctx: TestContext): void {
  if (torchVersion === null) throw new Error(MISSING);
}

const runner = new ExecaProcessRunner();
const script = workerScriptPath('pytorch-inference');

describe('pytorch_inference.py with a tiny TorchScript model', () => {
  let dir: string;
  let modelDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pantograph torch '));
    modelDir = join(dir, 'tiny model');
    await mkdir(modelDir);
    if (torchVersion === null) return;
    const made = spawnSync(
      systemPython,
      [join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'make_tiny_torch_model.py'), join(modelDir, 'model.pt')],
      {
        encoding: 'utf8',
        env: buildChildEnvironment(process.env, process.platform),
      },
    );
    expect(made.status, made.stderr).toBe(0);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the prompt through the model and returns the real tensor result', async (ctx) => {
    requireTorch(ctx);
    const result = await runWorker({
      pythonExecutable: systemPython,
      script,
      request: { model_path: modelDir, prompt: 'hi!', inference_settings: {} },
      runner,
    });
    if (!result.ok) throw new Error(`${result.errors[0]?.message}\n${result.stderrTail}`);
    const outputs = result.value.outputs;
    const byteSum = [...Buffer.from('hi!', 'utf8')].reduce((a, b) => a + b, 0);
    expect(outputs.output_shape).toEqual([1, 3]);
    const values = outputs.values as number[];
    expect(values[0]).toBeCloseTo(byteSum, 3);
    expect(values[1]).toBeCloseTo(byteSum / 255, 5);
    expect(values[2]).toBe(3);
    expect(JSON.parse(String(outputs.response))).toHaveLength(3);
    expect(outputs.torch_version).toBe(torchVersion);
  });

  it('answers with the label at the argmax when the settings name labels', async (ctx) => {
    requireTorch(ctx);
    const result = await runWorker({
      pythonExecutable: systemPython,
      script,
      request: {
        model_path: join(modelDir, 'model.pt'),
        prompt: 'é',
        inference_settings: { labels: ['byte-sum', 'scaled', 'count'] },
      },
      runner,
    });
    if (!result.ok) throw new Error(String(result.errors[0]?.message));
    expect(result.value.outputs.response).toBe('byte-sum');
  });

  it('fails with worker_failed naming the path when there is no model', async (ctx) => {
    requireTorch(ctx);
    const result = await runWorker({
      pythonExecutable: systemPython,
      script,
      request: { model_path: join(dir, 'nothing'), prompt: 'x' },
      runner,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain('no TorchScript model');
  });
});
