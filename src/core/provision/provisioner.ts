/**
 * The platform abstraction that builds and checks Python environments. Two kinds:
 * `python-venv` (an isolated venv per environment key) and `python` (an existing interpreter,
 * no isolation). Get one from `createProvisioner` (createProvisioner.ts).
 */
import type { EnvironmentKind } from '../contracts/requirements.js';
import type { ProgressListener } from '../domain/progress.js';
import type { Result } from '../errors/structuredError.js';
import type { ProcessRunner } from '../process/processRunner.js';
import type { InterpreterFacts } from '../python/interpreterFacts.js';
import type { ResolvedPackage } from '../store/manifest.js';
import type { InstalledCheck, PinnedRequirement } from './inspectInstalled.js';
import type { InstallPlan } from './installPlan.js';

/** Which environment a call concerns. */
export interface ProvisionContext {
  /** Facts of the base interpreter (for `python`: the interpreter used as the environment). */
  readonly base: InterpreterFacts;
  /** The environment's final directory (may contain spaces). Ignored by the `python` kind. */
  readonly envDir: string;
}

/** What `create` made. */
export interface CreatedEnvironment {
  readonly pythonExecutable: string;
  /** `venv-without-pip` (fast), `venv-seeded` (old base pip), or `base-interpreter` (`python` kind). */
  readonly method: 'venv-without-pip' | 'venv-seeded' | 'base-interpreter';
  readonly durationMs: number;
}

/** How pip was driven. */
export type InstallerVia = 'base-pip-python' | 'env-pip' | 'interpreter-pip';

/** What `install` did; recorded in the manifest. */
export interface InstallOutcome {
  /** False when no installer ran because every pin was already met (`python` kind). */
  readonly ran: boolean;
  readonly installer: { readonly name: InstallerName; readonly version: string | null; readonly via: InstallerVia };
  /** The full pip argv after the interpreter (empty when nothing ran). */
  readonly args: readonly string[];
  readonly durationMs: number;
  /** Every installed distribution, sorted by name, when the installer could report it (pip ≥ 22.2). */
  readonly resolvedPackages?: readonly ResolvedPackage[];
  /** Where the time went (e.g. `{ resolve, store, link }` in ms), when the installer measured it. */
  readonly phasesMs?: Readonly<Record<string, number>>;
  /** Files the store installer hard-linked, copied (links refused) and generated (scripts, RECORD, …). */
  readonly linkedFiles?: { readonly linked: number; readonly copied: number; readonly generated: number };
}

/**
 * Which installer fills a `python-venv` environment: `store` (resolve with pip, link from the
 * shared package store; the default) or `pip` (one `pip install` into the environment).
 */
export type InstallerName = 'store' | 'pip';

/** The installer names, for settings and CLI validation. */
export const INSTALLER_NAMES: readonly InstallerName[] = ['store', 'pip'];

/** Cancellation, progress and an optional time limit for `install`. */
export interface InstallOptions {
  readonly signal?: AbortSignal;
  /** Receives `{ phase: 'install', line }` for every pip output line. */
  readonly onProgress?: ProgressListener;
  readonly timeoutMs?: number;
  /** Receives the installer's PID once it starts, so a crash can be cleaned up later. */
  readonly onInstallerSpawn?: (pid: number) => void;
  /**
   * The store installer calls this with the resolved set once every entry is in the store and
   * before linking, so the `installing` manifest references them (the store GC honours it).
   */
  readonly onResolved?: (packages: readonly ResolvedPackage[]) => Promise<void>;
  /**
   * The environment's creation when the caller started `create` without waiting for it. The
   * installer does what needs no environment first (the store installer resolves and fills the
   * store meanwhile), awaits this before it writes into the environment, returns its errors when it
   * failed, and never returns before it has settled. Absent: the environment already exists.
   */
  readonly environmentCreated?: Promise<Result<CreatedEnvironment>>;
}

/** Builds, fills and checks one kind of environment. Never throws for expected failures: returns a {@link Result}. */
export interface EnvironmentProvisioner {
  readonly kind: EnvironmentKind;
  /** The interpreter of the environment described by `ctx`. Pure. */
  pythonExecutable(ctx: ProvisionContext): string;
  /**
   * Creates the environment (venv: in `ctx.envDir`, which the caller has emptied of leftovers).
   * Errors: `cancelled`, `dependency_install_failed` (venv creation failed), `python_runtime_unavailable`.
   */
  create(ctx: ProvisionContext, options?: { signal?: AbortSignal }): Promise<Result<CreatedEnvironment>>;
  /**
   * Installs every requirement of `plan` in ONE pip invocation. Errors: `cancelled`,
   * `dependency_install_failed` (with pip's last stderr lines), `externally_managed_python`.
   */
  install(ctx: ProvisionContext, plan: InstallPlan, options?: InstallOptions): Promise<Result<InstallOutcome>>;
  /** Checks the environment's distributions against the pins in ONE Python process. Errors: `cancelled`, `dependency_check_failed`. */
  inspect(
    ctx: ProvisionContext,
    requirements: readonly PinnedRequirement[],
    options?: { signal?: AbortSignal },
  ): Promise<Result<InstalledCheck>>;
}

/** Side effects a provisioner needs, injected. */
export interface ProvisionerDeps {
  readonly runner: ProcessRunner;
  /** Decides `bin/python` vs `Scripts\python.exe` and the null device for pip's config. */
  readonly platform: NodeJS.Platform;
  /** The parent environment; only an allowlist reaches children (see buildChildEnvironment). */
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
}
