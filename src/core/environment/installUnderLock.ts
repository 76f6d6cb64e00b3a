/**
 * Steps 4–7 of ensure() for one key, under the cross-process lock: re-check, remove leftovers,
 * write an `installing` manifest, create, install in one pip call, validate, and commit by writing
 * the `ready` manifest atomically — the commit point. Any failure before it leaves an environment
 * that the next ensure rebuilds.
 */
import { hostname } from 'node:os';
import { acquireKeyLock } from '../locking/keyLock.js';
import type { KeyLock } from '../locking/keyLock.js';
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { Result, StructuredError } from '../errors/structuredError.js';
import { createProvisioner } from '../provision/createProvisioner.js';
import type { InstallerChoice } from '../provision/createProvisioner.js';
import type { InstallPlan } from '../provision/installPlan.js';
import type { CreatedEnvironment } from '../provision/provisioner.js';
import type { InstalledCheck, PinnedRequirement } from '../provision/inspectInstalled.js';
import type { DependencyOverridePatchV1 } from '../contracts/overridePatch.js';
import type { EnvironmentKind } from '../contracts/requirements.js';
import type { EnvironmentKey } from '../domain/environmentKey.js';
import type { EffectiveBinding } from '../domain/types.js';
import type { InterpreterFacts } from '../python/interpreterFacts.js';
import type { EnvironmentManifestV1, EnvironmentManifestV1Input, ResolvedPackage } from '../store/manifest.js';
import { decideReuse } from './reuseCheck.js';
import { stopOrphanInstaller } from './orphanInstaller.js';
import type { EnvironmentServiceDeps, EnvironmentServiceSettings } from './serviceTypes.js';
import type { ProgressListener } from '../domain/progress.js';

/** Everything needed to build one environment. */
export interface InstallJob {
  readonly key: EnvironmentKey;
  readonly kind: EnvironmentKind;
  readonly base: InterpreterFacts;
  readonly bindings: readonly EffectiveBinding[];
  readonly patches: readonly DependencyOverridePatchV1[];
  readonly plan: InstallPlan;
  readonly backendKey: string | null;
  /** The installer (`store` or `pip`) and why `store` fell back, if it did. Defaults to pip. */
  readonly installer?: InstallerChoice;
}

/** The exact pins of every requirement of `bindings`, as the provisioners check them. Pure. */
export function pinnedRequirementsOf(bindings: readonly EffectiveBinding[]): PinnedRequirement[] {
  return bindings.flatMap((b) => b.requirements.map((r) => ({ name: r.name, exact_pin: r.exact_pin, markers: r.markers })));
}

/** Outcome of {@link installUnderLock}. */
export type InstallJobResult =
  | {
      readonly ok: true;
      readonly manifest: EnvironmentManifestV1;
      readonly installed: boolean;
      readonly check: InstalledCheck | null;
    }
  | { readonly ok: false; readonly errors: readonly StructuredError[]; readonly check: InstalledCheck | null };

function manifestBase(
  job: InstallJob,
  deps: EnvironmentServiceDeps,
  pythonExecutable: string,
  startedAt: string,
): EnvironmentManifestV1Input {
  const envIds = job.bindings
    .map((b) => b.env_id)
    .filter((v): v is string => !!v)
    .sort();
  return {
    manifest_version: 1,
    environment_key: job.key.shortKey,
    state: 'installing',
    environment_kind: job.kind,
    env_id: envIds[0] ?? '',
    env_ids: envIds,
    platform_key: deps.platformKey,
    backend_key: job.backendKey,
    python_executable: pythonExecutable,
    base_interpreter: { executable: job.base.executable, version: job.base.version },
    requirements_fingerprint: job.key.key,
    key_payload: job.key.payload,
    effective_requirements: job.plan.requirements.map((r) => ({ ...r, exact_pin: `==${r.version}` })),
    applied_overrides: job.patches.map((p) => ({ ...p })),
    install: {
      installer: job.installer?.installer ?? 'pip',
      installer_version: job.base.pipVersion ?? 'unknown',
      index_config: { default_index_url: job.plan.defaultIndexUrl },
      started_at: startedAt,
    },
    created_at: startedAt,
    last_used_at: startedAt,
  };
}

function checkFailure(check: InstalledCheck): StructuredError {
  const parts = [
    check.missing.length ? `missing: ${check.missing.join(', ')}` : '',
    check.mismatched.length ? `wrong version: ${check.mismatched.join(', ')}` : '',
  ].filter(Boolean);
  return structuredError('dependency_check_failed', `installed packages do not match the pins (${parts.join('; ')})`, [
    'requirements',
  ]);
}

function asErrors(error: unknown): StructuredError[] {
  if (error instanceof PantographError) return [...error.errors];
  return [structuredError('internal_error', error instanceof Error ? error.message : String(error))];
}

/** Builds (or, after waiting, reuses) the environment of `job.key`. Never throws. */
export async function installUnderLock(
  job: InstallJob,
  deps: EnvironmentServiceDeps,
  settings: EnvironmentServiceSettings,
  options: { signal?: AbortSignal; onProgress: ProgressListener },
): Promise<InstallJobResult> {
  const { store } = deps;
  const now = deps.clock ?? (() => new Date());
  const shortKey = job.key.shortKey;
  const progress = options.onProgress;
  let lock: KeyLock;
  try {
    await store.ensureLayout();
    lock = await acquireKeyLock(store.lockPath(shortKey), {
      signal: options.signal,
      staleMs: settings.lockStaleMs,
      updateMs: settings.lockUpdateMs,
      label: shortKey,
      onWaiting: (info) => progress({ phase: 'lock-wait', message: info.message, environmentKey: shortKey }),
      onCompromised: (error) =>
        progress({ phase: 'install', message: `lock compromised: ${error.message}`, environmentKey: shortKey }),
    });
  } catch (error) {
    return { ok: false, errors: asErrors(error), check: null };
  }
  let manifestInput: EnvironmentManifestV1Input | undefined;
  /** The venv's creation, started without waiting when the store installer overlaps it with resolving. */
  let creating: Promise<Result<CreatedEnvironment>> | undefined;
  try {
    const again = await decideReuse(store, shortKey, job.key.key, job.base);
    if (again.reusable) {
      progress({ phase: 'reuse', message: `another process finished ${shortKey}; reusing it`, environmentKey: shortKey });
      return { ok: true, manifest: again.manifest, installed: false, check: null };
    }
    const installer = job.installer?.installer ?? 'pip';
    const provisioner = createProvisioner(
      job.kind,
      deps,
      installer === 'store' ? { installer, dataDir: store.layout.dataDir } : { installer },
    );
    if (job.installer?.fallbackReason)
      progress({ phase: 'install', message: job.installer.fallbackReason, environmentKey: shortKey });
    const pins = pinnedRequirementsOf(job.bindings);
    const ctx = { base: job.base, envDir: store.envDir(shortKey) };
    if (
      !again.reusable &&
      again.manifest?.state === 'installing' &&
      (await stopOrphanInstaller(again.manifest.install, ctx.envDir, deps.platform))
    ) {
      progress({
        phase: 'create',
        message: `stopped an installer left running by an interrupted install of ${shortKey}`,
        environmentKey: shortKey,
      });
    }
    if (job.kind === 'python-venv') await store.removeIncomplete(shortKey);
    // Interrupted atomic writes and long-abandoned installs of other keys: best effort, on the slow path only.
    await store.cleanOrphans().catch(() => undefined);
    const started = now();
    manifestInput = manifestBase(job, deps, provisioner.pythonExecutable(ctx), started.toISOString());
    await store.writeManifest(manifestInput);

    let check: InstalledCheck | null = null;
    let installed = false;
    let resolvedPackages: readonly ResolvedPackage[] | undefined;
    let phasesMs: Readonly<Record<string, number>> | undefined;
    if (job.kind === 'python') {
      progress({ phase: 'validate', message: `checking ${job.base.executable} against the pins`, environmentKey: shortKey });
      const before = await provisioner.inspect(ctx, pins, { signal: options.signal });
      if (!before.ok) return await failWith(before.errors, null);
      check = before.value;
    } else {
      progress({
        phase: 'create',
        message: `creating a virtual environment with Python ${job.base.version}`,
        environmentKey: shortKey,
      });
      // Not awaited here: `install` waits for it where it needs the venv (the store installer
      // resolves and fills the store meanwhile) and returns its failure.
      creating = provisioner.create(ctx, { signal: options.signal });
    }
    if (!check?.satisfied) {
      progress({
        phase: 'install',
        message: `installing ${job.plan.requirements.length} package(s)`,
        environmentKey: shortKey,
        percent: 0,
      });
      const installing = manifestInput;
      let pidRecorded: Promise<unknown> = Promise.resolve();
      const outcome = await provisioner.install(ctx, job.plan, {
        signal: options.signal,
        ...(creating ? { environmentCreated: creating } : {}),
        onProgress: progress,
        timeoutMs: settings.installTimeoutMs,
        // Recorded so that, should this process die, the next ensure can stop the orphaned pip.
        onResolved: async (packages) => {
          await pidRecorded;
          manifestInput = { ...installing, resolved_packages: [...packages] };
          await store.writeManifest(manifestInput);
        },
        onInstallerSpawn: (pid) => {
          pidRecorded = store
            .writeManifest({ ...installing, install: { ...installing.install, installer_pid: pid, installer_host: hostname() } })
            .catch(() => undefined);
        },
      });
      // Never let this record land after the failed/ready manifest written below.
      await pidRecorded;
      if (!outcome.ok) return await failWith(outcome.errors, check);
      installed = outcome.value.ran;
      if (outcome.value.resolvedPackages) resolvedPackages = outcome.value.resolvedPackages;
      if (outcome.value.phasesMs) phasesMs = outcome.value.phasesMs;
      progress({ phase: 'validate', message: 'validating installed packages', environmentKey: shortKey, percent: 90 });
      const after = await provisioner.inspect(ctx, pins, { signal: options.signal });
      if (!after.ok) return await failWith(after.errors, check);
      check = after.value;
    }
    if (!check.satisfied) return await failWith([checkFailure(check)], check);
    if (!(await lock.confirm()))
      return await failWith(
        [structuredError('lock_compromised', `the lock for ${shortKey} was taken over while installing; not committing`)],
        check,
        false,
      );

    const finished = now();
    const manifest = await store.writeManifest({
      ...manifestInput,
      state: 'ready',
      install: {
        ...manifestInput.install,
        duration_ms: finished.getTime() - started.getTime(),
        finished_at: finished.toISOString(),
        ...(phasesMs ? { phases_ms: { ...phasesMs } } : {}),
      },
      ...(resolvedPackages ? { resolved_packages: [...resolvedPackages] } : {}),
      validation_history: [{ at: finished.toISOString(), ok: true, missing: [], mismatched: [] }],
    });
    await store.markUsed(shortKey);
    progress({ phase: 'commit', message: `environment ${shortKey} ready`, environmentKey: shortKey, percent: 100 });
    return { ok: true, manifest, installed, check };
  } catch (error) {
    return await failWith(asErrors(error), null);
  } finally {
    await lock.release();
  }

  async function failWith(
    errors: readonly StructuredError[],
    check: InstalledCheck | null,
    record = true,
  ): Promise<InstallJobResult> {
    // Never remove the folder under a venv creation still running.
    await creating;
    if (record && manifestInput) {
      const first = errors[0];
      // Reclaim the space of a half-built venv (a failed torch install can leave gigabytes): only a
      // small `failed` manifest stays behind. Not after a compromised lock — the folder may be someone else's now.
      if (job.kind === 'python-venv') await store.removeIncomplete(shortKey).catch(() => false);
      try {
        await store.writeManifest({
          ...manifestInput,
          state: 'failed',
          failure: { code: first?.code ?? 'internal_error', message: first?.message ?? 'failed' },
        });
      } catch {
        // The failed marker is best effort: an `installing` manifest is rebuilt just the same.
      }
    }
    return { ok: false, errors, check };
  }
}
