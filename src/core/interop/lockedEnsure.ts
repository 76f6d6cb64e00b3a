/**
 * `ensure --requirements X --lock pylock.toml`: builds (or reuses) the environment holding exactly
 * the locked set — no resolution: one `pip install --no-deps --require-hashes --no-index` of the
 * locked wheel files in the isolated child environment, under the key's cross-process lock, with
 * the same commit protocol as every environment (`installing` manifest → venv → pip → validate →
 * `ready` manifest last). Refuses a lock that does not satisfy the payload's pins
 * (`lock_mismatch`) or a local wheel whose sha256 differs from the lock (`lock_hash_mismatch`)
 * before anything is written. Never throws.
 */
import { hostname } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { acquireKeyLock } from '../locking/keyLock.js';
import type { KeyLock } from '../locking/keyLock.js';
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import type { ProgressListener } from '../domain/progress.js';
import { decideReuse } from '../environment/reuseCheck.js';
import { sha256File } from '../packaging/wheelWriter.js';
import { buildChildEnvironment } from '../process/childEnvironment.js';
import type { ProcessRunner } from '../process/processRunner.js';
import { createProvisioner } from '../provision/createProvisioner.js';
import { chooseVenvStrategy } from '../provision/venvLayout.js';
import type { PythonRuntimeLocator } from '../python/pythonRuntimeLocator.js';
import type { EnvironmentStore } from '../store/environmentStore.js';
import type { EnvironmentManifestV1Input } from '../store/manifest.js';
import { lockedEnvironmentKey, lockMismatches, lockRequestFacts } from './lockRequirements.js';
import { parsePylock } from './pylock.js';
import type { LockedPackage } from './pylock.js';

/** What a locked ensure needs (the parts of `createDefaultEnvironmentService`'s result). */
export interface LockedEnsureDeps {
  readonly store: EnvironmentStore;
  readonly locator: PythonRuntimeLocator;
  readonly runner: ProcessRunner;
  readonly platform: NodeJS.Platform;
  readonly platformKey: string;
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
}

/** One locked ensure. */
export interface LockedEnsureRequest {
  /** A raw DependencyRequirementsV1 payload. */
  readonly requirements: unknown;
  readonly selectedBindingIds?: readonly string[] | null;
  /** The lock file's bytes and absolute path (relative wheel paths are relative to its folder). */
  readonly lockBytes: Uint8Array;
  readonly lockPath: string;
  /** Preferred base interpreter (must satisfy the lock's requires-python). */
  readonly python?: string | null;
}

/** How it ended. */
export interface LockedEnsureOutcome {
  readonly state: 'ready' | 'failed';
  readonly environmentKey: string | null;
  readonly pythonExecutable: string | null;
  readonly reused: boolean;
  readonly installed: boolean;
  readonly packages: number;
  readonly durationMs: number;
  readonly errors: readonly StructuredError[];
}

const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;

function locationOf(pkg: LockedPackage, lockDir: string): string {
  return pkg.url ?? path.resolve(lockDir, pkg.path!);
}

/** Checks every local wheel's sha256 against the lock; URL wheels are checked by pip. */
async function hashMismatches(packages: readonly LockedPackage[], lockDir: string): Promise<StructuredError[]> {
  const errors: StructuredError[] = [];
  for (const [i, pkg] of packages.entries()) {
    if (pkg.url !== null) continue;
    const file = locationOf(pkg, lockDir);
    let actual: string;
    try {
      actual = await sha256File(file);
    } catch (error) {
      errors.push(
        structuredError('path_not_found', `locked wheel ${file} cannot be read: ${(error as Error).message}`, [
          'packages',
          i,
          'wheels',
          0,
          'path',
        ]),
      );
      continue;
    }
    if (actual !== pkg.sha256)
      errors.push(
        structuredError(
          'lock_hash_mismatch',
          `${file} has sha256 ${actual}, the lock says ${pkg.sha256}`,
          ['packages', i, 'wheels', 0, 'hashes', 'sha256'],
          'The file changed since the lock was written: restore it or export a new lock.',
        ),
      );
  }
  return errors;
}

/** Builds or reuses the locked environment (see the module comment). */
export async function ensureLocked(
  deps: LockedEnsureDeps,
  request: LockedEnsureRequest,
  options: { signal?: AbortSignal; onProgress?: ProgressListener } = {},
): Promise<LockedEnsureOutcome> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const failed = (errors: readonly StructuredError[], key: string | null = null): LockedEnsureOutcome => ({
    state: 'failed',
    environmentKey: key,
    pythonExecutable: null,
    reused: false,
    installed: false,
    packages: 0,
    durationMs: Date.now() - started,
    errors,
  });
  const lock = parsePylock(new TextDecoder().decode(request.lockBytes));
  if (!lock.ok) return failed(lock.errors);
  const facts = lockRequestFacts(request.requirements, request.selectedBindingIds ?? null);
  if (!facts.ok) return failed(facts.errors);
  const mismatches = lockMismatches(facts.value.pins, lock.value, request.lockPath);
  if (mismatches.length > 0) return failed(mismatches);
  const lockDir = path.dirname(request.lockPath);
  const packages = lock.value.packages;
  const hashes = await hashMismatches(packages, lockDir);
  if (hashes.length > 0) return failed(hashes);

  progress({ phase: 'resolve', message: 'choosing the interpreter for the lock' });
  const base = await deps.locator.select(
    {
      pythonRequires: [...facts.value.pythonRequires, ...(lock.value.requiresPython ? [lock.value.requiresPython] : [])],
      ...(request.python ? { explicitPath: request.python } : {}),
    },
    options.signal,
  );
  if (!base.ok) return failed(base.errors);
  const key = lockedEnvironmentKey({
    lockSha256: createHash('sha256').update(request.lockBytes).digest('hex'),
    pins: facts.value.pins,
    platformKey: deps.platformKey,
    pythonVersion: base.value.version,
    installer: { name: 'pip', version: base.value.pipVersion ?? 'none' },
  });
  const shortKey = key.shortKey;
  const done = (pythonExecutable: string, reused: boolean): LockedEnsureOutcome => ({
    state: 'ready',
    environmentKey: shortKey,
    pythonExecutable,
    reused,
    installed: !reused,
    packages: packages.length,
    durationMs: Date.now() - started,
    errors: [],
  });

  const reuse = await decideReuse(deps.store, shortKey, key.key, base.value);
  if (reuse.reusable) {
    await deps.store.markUsed(shortKey);
    progress({ phase: 'reuse', message: `cache hit: reusing ${shortKey}`, environmentKey: shortKey });
    return done(reuse.manifest.python_executable, true);
  }

  let held: KeyLock;
  try {
    await deps.store.ensureLayout();
    held = await acquireKeyLock(deps.store.lockPath(shortKey), {
      signal: options.signal,
      label: shortKey,
      onWaiting: (info) => progress({ phase: 'lock-wait', message: info.message, environmentKey: shortKey }),
    });
  } catch (error) {
    return failed(
      error instanceof PantographError ? error.errors : [structuredError('internal_error', (error as Error).message)],
      shortKey,
    );
  }
  const provisioner = createProvisioner('python-venv', deps);
  const ctx = { base: base.value, envDir: deps.store.envDir(shortKey) };
  const pins = new Set(facts.value.pins.map((p) => p.name));
  const startedAt = new Date().toISOString();
  const manifest: EnvironmentManifestV1Input = {
    manifest_version: 1,
    environment_key: shortKey,
    state: 'installing',
    environment_kind: 'python-venv',
    env_id: facts.value.envIds[0] ?? '',
    env_ids: [...facts.value.envIds],
    platform_key: deps.platformKey,
    python_executable: provisioner.pythonExecutable(ctx),
    base_interpreter: { executable: base.value.executable, version: base.value.version },
    requirements_fingerprint: key.key,
    key_payload: key.payload,
    effective_requirements: packages.map((p) => ({ name: p.name, version: p.version, exact_pin: `==${p.version}` })),
    resolved_packages: packages.map((p) => ({
      name: p.name,
      version: p.version,
      wheel: p.wheel,
      source: locationOf(p, lockDir),
      sha256: p.sha256,
      requested: pins.has(p.name),
    })),
    install: {
      installer: 'pip',
      installer_version: base.value.pipVersion ?? 'unknown',
      index_config: { lock_file: request.lockPath },
      started_at: startedAt,
    },
    created_at: startedAt,
    last_used_at: startedAt,
  };
  let tempDir: string | null = null;
  try {
    const again = await decideReuse(deps.store, shortKey, key.key, base.value);
    if (again.reusable) return done(again.manifest.python_executable, true);
    await deps.store.removeIncomplete(shortKey);
    await deps.store.writeManifest(manifest);
    progress({
      phase: 'create',
      message: `creating a virtual environment with Python ${base.value.version}`,
      environmentKey: shortKey,
    });
    const created = await provisioner.create(ctx, { signal: options.signal });
    if (!created.ok) return await fail(created.errors);
    tempDir = await mkdtemp(path.join(tmpdir(), 'pantograph-lock-'));
    const requirementsFile = path.join(tempDir, 'requirements.txt');
    await writeFile(
      requirementsFile,
      packages
        .map(
          (p) =>
            `${p.name} @ ${URL_PATTERN.test(locationOf(p, lockDir)) ? locationOf(p, lockDir) : pathToFileURL(locationOf(p, lockDir)).href} --hash=sha256:${p.sha256}`,
        )
        .join('\n') + '\n',
      'utf8',
    );
    const envPython = provisioner.pythonExecutable(ctx);
    const [file, prefix] =
      chooseVenvStrategy(base.value) === 'base-pip'
        ? [base.value.executable, ['-I', '-m', 'pip', '--python', envPython]]
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
    return done(envPython, false);
  } catch (error) {
    return await fail(
      error instanceof PantographError ? error.errors : [structuredError('internal_error', (error as Error).message)],
    );
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
    await held.release();
  }

  async function fail(errors: readonly StructuredError[], record = true): Promise<LockedEnsureOutcome> {
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
    return failed(errors, shortKey);
  }
}
