/**
 * The applying half of `ensure --lock`, run while the caller holds the key's cross-process lock:
 * re-check for a ready environment, then the commit protocol of every environment (`installing`
 * manifest → venv → one `pip install --no-deps --require-hashes --no-index` of the locked wheel
 * files in the isolated child environment → validate → `ready` manifest last). A failure after the
 * `installing` manifest removes the partial environment and records a `failed` manifest.
 */
import { hostname, tmpdir } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KeyLock } from '../locking/keyLock.js';
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import type { EnvironmentKey } from '../domain/environmentKey.js';
import type { ProgressListener } from '../domain/progress.js';
import { decideReuse } from '../environment/reuseCheck.js';
import { buildChildEnvironment } from '../process/childEnvironment.js';
import { createProvisioner } from '../provision/createProvisioner.js';
import type { ProvisionerDeps } from '../provision/provisioner.js';
import { chooseVenvStrategy } from '../provision/venvLayout.js';
import type { InterpreterFacts } from '../python/interpreterFacts.js';
import type { EnvironmentStore } from '../store/environmentStore.js';
import type { CheckedLock } from './lockCheck.js';
import { lockedInstallingManifest, lockedRequirementsText } from './lockedInstallInputs.js';

/** What a locked install touches: the provisioner's deps, the store and the platform key. */
export interface LockedInstallDeps extends ProvisionerDeps {
  readonly store: EnvironmentStore;
  readonly platformKey: string;
}

/** One checked lock to install into the environment of `key`, on `base`. */
export interface LockedInstallJob {
  readonly key: EnvironmentKey;
  readonly checked: CheckedLock;
  /** The lock file's absolute path, recorded in the manifest. */
  readonly lockPath: string;
  readonly base: InterpreterFacts;
}

/** How the caller builds its outcome from each way a locked install ends. */
export interface LockedEndings<T> {
  /** The environment is ready: built here (`reused` false) or found ready under the lock (true). */
  ready(pythonExecutable: string, reused: boolean): T;
  failed(errors: readonly StructuredError[]): T;
}

/**
 * Installs `job`'s locked set into its key's environment while `held` is held (the caller
 * acquires and releases it). Progress: `create`, `install` (0 %, then pip's lines), `validate`
 * (90 %), `commit` (100 %). Errors: `cancelled`; `lock_hash_mismatch` when pip reports hashes that
 * do not match, else `dependency_install_failed` with pip's last 15 lines; `dependency_check_failed`
 * when the installed set differs; `lock_compromised` (nothing recorded) when `held` was taken
 * over; a thrown error's structured errors or `internal_error`. Removes its temp folder. Never throws.
 */
export async function installLockedSet<T>(
  deps: LockedInstallDeps,
  job: LockedInstallJob,
  held: KeyLock,
  options: { signal?: AbortSignal; onProgress: ProgressListener },
  endings: LockedEndings<T>,
): Promise<T> {
  const { key, base, checked } = job;
  const { lockDir } = checked;
  const packages = checked.lock.packages;
  const shortKey = key.shortKey;
  const progress = options.onProgress;
  const provisioner = createProvisioner('python-venv', deps);
  const ctx = { base, envDir: deps.store.envDir(shortKey) };
  const startedAt = new Date().toISOString();
  const manifest = lockedInstallingManifest({
    key,
    facts: checked.facts,
    packages,
    lockPath: job.lockPath,
    lockDir,
    base,
    platformKey: deps.platformKey,
    pythonExecutable: provisioner.pythonExecutable(ctx),
    startedAt,
  });
  let tempDir: string | null = null;
  try {
    const again = await decideReuse(deps.store, shortKey, key.key, base);
    if (again.reusable) return endings.ready(again.manifest.python_executable, true);
    await deps.store.removeIncomplete(shortKey);
    await deps.store.writeManifest(manifest);
    progress({
      phase: 'create',
      message: `creating a virtual environment with Python ${base.version}`,
      environmentKey: shortKey,
    });
    const created = await provisioner.create(ctx, { signal: options.signal });
    if (!created.ok) return await fail(created.errors);
    tempDir = await mkdtemp(path.join(tmpdir(), 'pantograph-lock-'));
    const requirementsFile = path.join(tempDir, 'requirements.txt');
    await writeFile(requirementsFile, lockedRequirementsText(packages, lockDir), 'utf8');
    const envPython = provisioner.pythonExecutable(ctx);
    const [file, prefix] =
      chooseVenvStrategy(base) === 'base-pip'
        ? [base.executable, ['-I', '-m', 'pip', '--python', envPython]]
        : [envPython, ['-I', '-m', 'pip']];
    progress({
      phase: 'install',
      message: `installing ${packages.length} locked package(s)`,
      environmentKey: shortKey,
      percent: 0,
    });
    // Recorded so that, should this process die, the next ensure can stop the orphaned pip.
    let pidRecorded: Promise<unknown> = Promise.resolve();
    const result = await deps.runner.run({
      file,
      args: [
        ...prefix,
        'install',
        '--no-input',
        '--disable-pip-version-check',
        '--progress-bar',
        'off',
        '--no-index',
        '--no-deps',
        '--require-hashes',
        '-r',
        requirementsFile,
      ],
      env: buildChildEnvironment(deps.parentEnv, deps.platform),
      ...(options.signal ? { signal: options.signal } : {}),
      onLine: (line) => progress({ phase: 'install', message: line.line, environmentKey: shortKey }),
      onSpawn: (pid) => {
        pidRecorded = deps.store
          .writeManifest({ ...manifest, install: { ...manifest.install, installer_pid: pid, installer_host: hostname() } })
          .catch(() => undefined);
      },
    });
    await pidRecorded;
    if (result.cancelled) return await fail([structuredError('cancelled', 'the locked install was cancelled')]);
    if (result.exitCode !== 0) {
      const output = `${result.stderr}\n${result.stdout}`;
      const code = /DO NOT MATCH THE HASHES/i.test(output) ? 'lock_hash_mismatch' : 'dependency_install_failed';
      return await fail([
        structuredError(
          code,
          `pip could not install the locked set (exit ${result.exitCode ?? result.signal}):\n${output.trim().split('\n').slice(-15).join('\n')}`,
        ),
      ]);
    }
    progress({ phase: 'validate', message: 'validating installed packages', environmentKey: shortKey, percent: 90 });
    const check = await provisioner.inspect(
      ctx,
      packages.map((p) => ({ name: p.name, exact_pin: `==${p.version}`, markers: null })),
      { signal: options.signal },
    );
    if (!check.ok) return await fail(check.errors);
    if (!check.value.satisfied)
      return await fail([
        structuredError(
          'dependency_check_failed',
          `installed packages differ from the lock (missing: ${check.value.missing.join(', ') || 'none'}; wrong version: ${check.value.mismatched.join(', ') || 'none'})`,
        ),
      ]);
    if (!(await held.confirm()))
      return await fail(
        [structuredError('lock_compromised', `the lock for ${shortKey} was taken over while installing; not committing`)],
        false,
      );
    const finishedAt = new Date();
    await deps.store.writeManifest({
      ...manifest,
      state: 'ready',
      install: {
        ...manifest.install,
        duration_ms: finishedAt.getTime() - Date.parse(startedAt),
        finished_at: finishedAt.toISOString(),
      },
      validation_history: [{ at: finishedAt.toISOString(), ok: true, missing: [], mismatched: [] }],
    });
    await deps.store.markUsed(shortKey);
    progress({ phase: 'commit', message: `environment ${shortKey} ready`, environmentKey: shortKey, percent: 100 });
    return endings.ready(envPython, false);
  } catch (error) {
    return await fail(
      error instanceof PantographError ? error.errors : [structuredError('internal_error', (error as Error).message)],
    );
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
  }

  async function fail(errors: readonly StructuredError[], record = true): Promise<T> {
    if (record) {
      await deps.store.removeIncomplete(shortKey).catch(() => false);
      await deps.store
        .writeManifest({
          ...manifest,
          state: 'failed',
          failure: { code: errors[0]?.code ?? 'internal_error', message: errors[0]?.message ?? 'failed' },
        })
        .catch(() => undefined);
    }
    return endings.failed(errors);
  }
}
