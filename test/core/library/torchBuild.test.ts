/**
 * torch's build follows the machine: the pure choice from probed facts (CPU, CUDA 12.x, CUDA 13,
 * a too-old driver, macOS, a user's explicit request) and the probe's parsing, on real files and
 * a real process runner.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_GPU, parseDriverVersionFile, parseNvidiaSmi, probeGpu } from '../../../src/core/library/gpuProbe.js';
import { BUNDLED_TASK_PROFILES } from '../../../src/core/library/taskProfiles.js';
import { chooseTorchBuild, compareDriverVersions, torchBuildLabel } from '../../../src/core/library/torchBuild.js';
import type { GpuFacts } from '../../../src/core/library/torchBuild.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';

const table = BUNDLED_TASK_PROFILES.torch_builds;
const gpu = (driver: string): GpuFacts => ({ nvidia_driver: driver, gpus: ['NVIDIA L4'], source: 'nvidia-smi' });

function choose(facts: GpuFacts, platformKey = 'linux-x86_64', requested?: string) {
  const result = chooseTorchBuild(facts, table, platformKey, requested);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('chooseTorchBuild', () => {
  it("gives a machine without a CUDA GPU the CPU build from PyTorch's CPU index", () => {
    const choice = choose(NO_GPU);
    expect(choice).toEqual({
      variant: 'cpu',
      local_version: 'cpu',
      index_url: 'https://download.pytorch.org/whl/cpu',
      reason: 'no CUDA GPU found',
    });
    expect(torchBuildLabel(choice)).toBe('torch build: cpu (no CUDA GPU found)');
  });

  it('gives a CUDA 12.x driver the newest 12.x build it supports', () => {
    expect(choose(gpu('570.86.10'))).toMatchObject({
      variant: 'cu128',
      local_version: 'cu128',
      index_url: 'https://download.pytorch.org/whl/cu128',
    });
    expect(choose(gpu('565.57.01'))).toMatchObject({ variant: 'cu126' });
    expect(choose(gpu('570.86.10')).reason).toBe('NVIDIA L4, NVIDIA driver 570.86.10 → CUDA 12.8');
  });

  it('gives a CUDA 13 driver the CUDA 13 build', () => {
    expect(choose(gpu('580.95.05'))).toMatchObject({ variant: 'cu130', index_url: 'https://download.pytorch.org/whl/cu130' });
  });

  it('uses the Windows driver thresholds on Windows', () => {
    expect(choose(gpu('570.30'), 'windows-x86_64')).toMatchObject({ variant: 'cu126' });
    expect(choose(gpu('570.30'), 'linux-x86_64')).toMatchObject({ variant: 'cu128' });
  });

  it('falls back to the CPU build when the driver is too old, saying so', () => {
    const choice = choose(gpu('535.104.05'));
    expect(choice.variant).toBe('cpu');
    expect(choice.reason).toBe("NVIDIA driver 535.104.05 is too old for the profile's CUDA builds (they need ≥ 560.28.03)");
  });

  it('leaves macOS on the default index build', () => {
    expect(choose(NO_GPU, 'darwin-arm64')).toMatchObject({ variant: 'default', local_version: null, index_url: null });
  });

  it('lets the user ask for any build, whatever the machine', () => {
    expect(choose(NO_GPU, 'linux-x86_64', 'cu128')).toMatchObject({ variant: 'cu128', reason: 'requested: CUDA 12.8' });
    expect(choose(gpu('580.95.05'), 'linux-x86_64', 'CPU')).toMatchObject({ variant: 'cpu', reason: 'requested' });
    expect(choose(gpu('580.95.05'), 'linux-x86_64', 'default')).toMatchObject({ variant: 'default', local_version: null });
    expect(choose(gpu('580.95.05'), 'linux-x86_64', 'auto')).toMatchObject({ variant: 'cu130' });
    const unknown = chooseTorchBuild(NO_GPU, table, 'linux-x86_64', 'rocm6');
    expect(unknown.ok ? null : unknown.errors[0]).toMatchObject({ code: 'invalid_payload', path: ['torch_build'] });
  });

  it('compares driver versions numerically', () => {
    expect(compareDriverVersions('570.26', '570.100')).toBe(-1);
    expect(compareDriverVersions('580.65.06', '580.65.6')).toBe(0);
    expect(compareDriverVersions('1000', '999.99')).toBe(1);
  });
});

describe('the GPU probe', () => {
  it('parses nvidia-smi CSV output', () => {
    expect(parseNvidiaSmi('570.86.10, NVIDIA GeForce RTX 4090\n570.86.10, NVIDIA L4\n')).toEqual({
      nvidia_driver: '570.86.10',
      gpus: ['NVIDIA GeForce RTX 4090', 'NVIDIA L4'],
      source: 'nvidia-smi',
    });
    expect(parseNvidiaSmi("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n")).toBeUndefined();
  });

  it('parses the kernel module version files', () => {
    expect(
      parseDriverVersionFile(
        'NVRM version: NVIDIA UNIX x86_64 Kernel Module  570.86.10  Wed Jan 15 00:00:00 UTC 2025\nGCC version:  gcc version 12.2.0\n',
      ),
    ).toBe('570.86.10');
    expect(parseDriverVersionFile('580.65.06\n')).toBe('580.65.06');
    expect(parseDriverVersionFile('')).toBeUndefined();
  });

  it('finds no GPU on a machine without nvidia-smi or driver files, and reads a driver file when there is one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pantograph gpu '));
    try {
      const env = { PATH: dir };
      const runner = new ExecaProcessRunner();
      expect(await probeGpu({ runner, env, platform: 'linux', driverFiles: [join(dir, 'absent')] })).toEqual(NO_GPU);
      await writeFile(join(dir, 'version'), 'NVRM version: NVIDIA UNIX x86_64 Kernel Module  580.95.05  Tue Sep 30 2025\n');
      expect(
        await probeGpu({ runner, env, platform: 'linux', driverFiles: [join(dir, 'absent'), join(dir, 'version')] }),
      ).toEqual({ nvidia_driver: '580.95.05', gpus: [], source: join(dir, 'version') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
