/**
 * The second half of `EnvironmentService.check()`: a ready environment's installed distributions
 * compared with its manifest's pins in one Python process, the result appended to the manifest's
 * validation history. Installs nothing.
 */
import { structuredError } from '../errors/structuredError.js';
import { createProvisioner } from '../provision/createProvisioner.js';
import { appendValidation } from '../store/manifest.js';
import type { EnsureOutcome } from './ensureReport.js';
import type { EnvironmentServiceDeps } from './serviceTypes.js';

/**
 * Re-checks the environment of `outcome` (a manual-mode ensure's) against its pins. Returns
 * `outcome` unchanged when it is not `ready`, has no key, its manifest is not ready or its base
 * interpreter cannot be probed; otherwise records a validation entry at `now()` and returns
 * `outcome` when every pin is met, else the same outcome turned `failed` (ref without
 * `python_executable`, history extended by `ready → checking → failed`) with one error:
 * `dependency_check_failed` naming the missing and wrong-version distributions, or the
 * inspection's own first error.
 */
export async function recheckPins(
  outcome: EnsureOutcome,
  deps: EnvironmentServiceDeps,
  now: () => Date,
  signal?: AbortSignal,
): Promise<EnsureOutcome> {
  if (outcome.state !== 'ready' || !outcome.ref?.environment_key) return outcome;
  const key = outcome.ref.environment_key;
  const read = await deps.store.readManifest(key);
  if (!read.ready) return outcome;
  const provisioner = createProvisioner(read.manifest.environment_kind, deps);
  const pins = read.manifest.effective_requirements.map((r) => ({
    name: r.name,
    exact_pin: String((r as Record<string, unknown>)['exact_pin'] ?? ''),
    markers: ((r as Record<string, unknown>)['markers'] as string | null | undefined) ?? null,
  }));
  const base = await deps.locator.probe(read.manifest.base_interpreter.executable, signal);
  if (!base.ok) return outcome;
  const inspected = await provisioner.inspect({ base: base.value, envDir: deps.store.envDir(key) }, pins, { signal });
  const at = now().toISOString();
  const entry = inspected.ok
    ? { at, ok: inspected.value.satisfied, missing: [...inspected.value.missing], mismatched: [...inspected.value.mismatched] }
    : { at, ok: false, missing: [], mismatched: [] };
  await deps.store.writeManifest(appendValidation(read.manifest, entry));
  if (inspected.ok && inspected.value.satisfied) return outcome;
  const error = inspected.ok
    ? structuredError(
        'dependency_check_failed',
        `environment ${key} no longer matches its pins (missing: ${inspected.value.missing.join(', ') || 'none'}; wrong version: ${inspected.value.mismatched.join(', ') || 'none'})`,
      )
    : (inspected.errors[0] ?? structuredError('dependency_check_failed', 'check failed'));
  const history = [
    ...outcome.status.history,
    { from: 'ready' as const, to: 'checking' as const, at },
    { from: 'checking' as const, to: 'failed' as const, at, code: error.code, message: error.message },
  ];
  return {
    ...outcome,
    state: 'failed',
    ref: { ...outcome.ref, state: 'failed', python_executable: null },
    status: { ...outcome.status, state: 'failed', code: error.code, message: error.message, history },
    errors: [error],
  };
}
