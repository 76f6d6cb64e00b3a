/** Options and injected dependencies of the environment service. */
import type { EnvironmentMode } from '../contracts/environmentState.js';
import type { Result } from '../errors/structuredError.js';
import type { ProcessRunner } from '../process/processRunner.js';
import type { InterpreterFacts } from '../python/interpreterFacts.js';
import type { EnvironmentStore } from '../store/environmentStore.js';
import type { PathProbe } from '../validation/paths.js';
import type { ProgressListener } from '../domain/progress.js';
import type { InstallerName } from '../provision/provisioner.js';

/** The part of the Python locator the service needs (see `core/python`). */
export interface InterpreterSelector {
  select(constraints: { pythonRequires: readonly string[]; explicitPath?: string | null }): Promise<Result<InterpreterFacts>>;
  probe(executable: string, signal?: AbortSignal): Promise<Result<InterpreterFacts>>;
}

/** Everything the service touches, injected (no module-level singletons). */
export interface EnvironmentServiceDeps {
  readonly store: EnvironmentStore;
  readonly locator: InterpreterSelector;
  readonly runner: ProcessRunner;
  readonly platform: NodeJS.Platform;
  /** e.g. `linux-x86_64` (see `currentPlatformKey`). */
  readonly platformKey: string;
  /** The parent environment; only an allowlist reaches Python children. */
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
  /** Existence checks for override paths; omit to skip them. */
  readonly probe?: PathProbe;
  readonly clock?: () => Date;
}

/** User-level settings, re-read on every call so changes apply without restart. */
export interface EnvironmentServiceSettings {
  /** Package index used where a requirement names none; `null` = offline. */
  readonly defaultIndexUrl: string | null;
  /** Extra package indexes added to every install (part of the environment key). */
  readonly extraIndexUrls?: readonly string[];
  /** Preferred base interpreter; used when it satisfies every `python_requires`. */
  readonly defaultPythonPath?: string | null;
  /** Cross-process lock timings (see `core/locking`). */
  readonly lockStaleMs?: number;
  readonly lockUpdateMs?: number;
  readonly installTimeoutMs?: number;
  /** `store` (default: link from the shared package store) or `pip` (one pip install per environment). Part of the key. */
  readonly installer?: InstallerName;
}

/** Per-call options of ensure()/check(). */
export interface EnsureOptions {
  readonly mode?: EnvironmentMode;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
}
