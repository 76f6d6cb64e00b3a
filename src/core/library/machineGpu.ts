/**
 * This machine's GPU facts for hosts (CLI, extension) to hand to `loadModelLibrary`: the real
 * probe with the production process runner and the isolated child environment, once per process.
 * Kept apart from the loader so the Puma-Lib runner's module graph never reaches process code.
 */
import { buildChildEnvironment } from '../process/childEnvironment.js';
import { ExecaProcessRunner } from '../process/execaProcessRunner.js';
import { probeGpuOnce } from './gpuProbe.js';
import type { GpuFacts } from './torchBuild.js';

/** Probes this machine once (nvidia-smi, driver files); later calls share the answer. Never rejects. */
export function machineGpuFacts(): Promise<GpuFacts> {
  return probeGpuOnce({ runner: new ExecaProcessRunner(), env: buildChildEnvironment(process.env, process.platform) });
}
