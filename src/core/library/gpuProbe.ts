/**
 * The small probe behind {@link GpuFacts}: is there an NVIDIA driver, which version, which GPUs.
 * Reads `/proc/driver/nvidia/version` / `/sys/module/nvidia/version` (Linux) and asks
 * `nvidia-smi --query-gpu=driver_version,name --format=csv,noheader` (any OS) through the
 * injected process runner. No torch, no Python. The parsing is pure and exported for tests.
 */
import { readFile } from 'node:fs/promises';
import type { ProcessRunner } from '../process/processRunner.js';
import type { GpuFacts } from './torchBuild.js';

/** The facts of a machine without an NVIDIA driver. */
export const NO_GPU: GpuFacts = { nvidia_driver: null, gpus: [], source: 'none' };

const DRIVER_VERSION = /^\d+(?:\.\d+){1,3}$/;

/**
 * Parses `nvidia-smi --query-gpu=driver_version,name --format=csv,noheader` output (one
 * `570.86.10, NVIDIA GeForce RTX 4090` line per GPU). No valid line → `undefined`. Pure.
 */
export function parseNvidiaSmi(stdout: string): GpuFacts | undefined {
  const rows = stdout
    .split(/\r?\n/)
    .map((line) => line.split(',').map((cell) => cell.trim()))
    .filter((cells) => DRIVER_VERSION.test(cells[0] ?? ''));
  const first = rows[0];
  if (first === undefined) return undefined;
  return {
    nvidia_driver: first[0] as string,
    gpus: rows.map((cells) => cells.slice(1).join(',').trim()).filter((n) => n !== ''),
    source: 'nvidia-smi',
  };
}

/**
 * Parses `/proc/driver/nvidia/version` (`NVRM version: NVIDIA UNIX x86_64 Kernel Module  570.86.10  …`)
 * or `/sys/module/nvidia/version` (`570.86.10`): the first dotted version number. Pure.
 */
export function parseDriverVersionFile(text: string): string | undefined {
  const match = /(?:^|\s)(\d+\.\d+(?:\.\d+)?)(?:\s|$)/.exec(text);
  return match?.[1];
}

/** What the probe may use; all optional so tests can point it at fake files. */
export interface GpuProbeOptions {
  readonly runner: ProcessRunner;
  /** The child environment for nvidia-smi (PATH is what matters). */
  readonly env: Readonly<Record<string, string>>;
  readonly platform?: NodeJS.Platform;
  readonly driverFiles?: readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * Probes the machine: nvidia-smi first (it also names the GPUs; 10 s limit), then on Linux the
 * driver version files. Nothing found → {@link NO_GPU}. Never throws.
 */
export async function probeGpu(options: GpuProbeOptions): Promise<GpuFacts> {
  const smi = await options.runner
    .run({
      file: 'nvidia-smi',
      args: ['--query-gpu=driver_version,name', '--format=csv,noheader'],
      env: options.env,
      timeoutMs: 10_000,
      ...(options.signal ? { signal: options.signal } : {}),
    })
    .catch(() => undefined);
  if (smi && smi.exitCode === 0 && !smi.spawnError) {
    const facts = parseNvidiaSmi(smi.stdout);
    if (facts) return facts;
  }
  if ((options.platform ?? process.platform) !== 'linux') return NO_GPU;
  for (const file of options.driverFiles ?? ['/sys/module/nvidia/version', '/proc/driver/nvidia/version']) {
    try {
      const version = parseDriverVersionFile(await readFile(file, 'utf8'));
      if (version) return { nvidia_driver: version, gpus: [], source: file };
    } catch {
      // not there: try the next one
    }
  }
  return NO_GPU;
}

let cached: Promise<GpuFacts> | undefined;

/** {@link probeGpu} once per process (the driver does not change while we run). */
export function probeGpuOnce(options: GpuProbeOptions): Promise<GpuFacts> {
  cached ??= probeGpu(options);
  return cached;
}
