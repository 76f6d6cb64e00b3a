/**
 * Owns the one {@link EnvironmentService} per data directory for the extension host: built
 * lazily with the production dependencies, rebuilt when the resolved data dir changes, settings
 * read live on every call. Also loads the model library and supplies the demo model's local wheel
 * folder as a machine-local override, and owns the warm-worker pool of the window (one worker per
 * environment and model, idle time `pantograph.workerIdleSeconds`). No `vscode`: the host passes a
 * settings reader and a logger.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { WorkerPool } from '../core/inference/workerPool.js';
import { createDefaultEnvironmentService } from '../core/environment/createDefaultEnvironmentService.js';
import type { DefaultEnvironmentService } from '../core/environment/createDefaultEnvironmentService.js';
import { loadModelLibrary } from '../core/library/loadModelLibrary.js';
import { machineGpuFacts } from '../core/library/machineGpu.js';
import { hfHubCacheDir } from '../core/library/hfCache.js';
import type { ModelLibrary } from '../core/library/loadModelLibrary.js';
import { createDemoSetup } from '../core/nodes/demoSetup.js';
import type { DemoSetup } from '../core/nodes/demoSetup.js';
import type { MachineOverrides } from '../core/nodes/dependencyEnvironmentRequest.js';
import type { Result } from '../core/errors/structuredError.js';
import { resolveDataDir } from '../core/store/storeLayout.js';
import { serviceSettings } from './settings.js';
import type { PantographSettings } from './settings.js';

/** The logging calls the host uses (a `vscode.LogOutputChannel` satisfies it). */
export interface HostLogger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Constructor inputs of {@link EnvironmentHost}. */
export interface EnvironmentHostOptions {
  readonly settings: () => PantographSettings;
  /** The installed extension's folder (holds `examples/`, `python/workers/`). */
  readonly extensionRoot: string;
  readonly log: HostLogger;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** See the module comment. */
export class EnvironmentHost {
  readonly #options: EnvironmentHostOptions;
  readonly #env: Readonly<Record<string, string | undefined>>;
  #current: { dataDir: string; built: DefaultEnvironmentService } | undefined;
  #demo: DemoSetup | undefined;
  readonly #listeners = new Set<() => void>();
  /** Warm inference workers of this window; see {@link EnvironmentHost.workerPool}. */
  readonly #workerPool: WorkerPool;

  constructor(options: EnvironmentHostOptions) {
    this.#options = options;
    this.#env = options.env ?? process.env;
    this.#workerPool = new WorkerPool({
      runner: { run: (request) => this.current.runner.run(request) },
      idleMs: () => this.settings.workerIdleSeconds * 1000,
      parentEnv: this.#env,
      onChange: (change) =>
        options.log.info(`warm worker ${change.kind} (pid ${change.pid ?? '?'}): ${change.reason}; ${change.key}`),
    });
  }

  /**
   * The window's warm-worker pool: the run controller hands it to the inference runners so a
   * second run reuses the worker (torch and the model stay loaded). Killed per environment by
   * {@link stopWorkersIn}, all at once by {@link dispose} and when the data dir changes.
   */
  get workerPool(): WorkerPool {
    return this.#workerPool;
  }

  /** Kills the warm workers running an interpreter inside `envDir` (before that environment is deleted). */
  stopWorkersIn(envDir: string, reason = 'environment deleted'): Promise<void> {
    const prefix = envDir.endsWith(sep) ? envDir : `${envDir}${sep}`;
    return this.#workerPool.disposeWhere((spec) => spec.pythonExecutable.startsWith(prefix), reason);
  }

  /** Kills every warm worker (window closing / extension deactivating). */
  dispose(): Promise<void> {
    return this.#workerPool.dispose();
  }

  /** The current settings (read live). */
  get settings(): PantographSettings {
    return this.#options.settings();
  }

  /** `PANTOGRAPH_DATA_DIR` → `pantograph.dataDir` → the platform default. */
  get dataDir(): string {
    return resolveDataDir({
      env: this.#env,
      explicit: this.settings.dataDir ?? undefined,
      platform: process.platform,
      homeDir: homedir(),
    });
  }

  /** The service (and its store, runner, platform key) for the current data dir. */
  get current(): DefaultEnvironmentService {
    const dataDir = this.dataDir;
    if (this.#current?.dataDir !== dataDir) {
      const started = performance.now();
      const built = createDefaultEnvironmentService({ dataDir, settings: () => serviceSettings(this.settings), env: this.#env });
      this.#current = { dataDir, built };
      this.#demo = undefined;
      this.#options.log.info(
        `environment service for data dir ${dataDir} (platform ${built.platformKey}) built in ${(performance.now() - started).toFixed(1)} ms`,
      );
    }
    return this.#current.built;
  }

  /**
   * Re-reads the data dir; when it changed, the next access builds a new service and listeners
   * (the tree, the file watcher) are told. Returns whether it changed.
   */
  refreshDataDir(): boolean {
    const before = this.#current?.dataDir;
    if (before === undefined || before === this.dataDir) return false;
    this.#options.log.info(`data dir changed: ${before} → ${this.dataDir}`);
    void this.#workerPool.disposeWhere(() => true, 'data dir changed');
    void this.current;
    for (const listener of this.#listeners) listener();
    return true;
  }

  /** Called after the data dir changed. Returns an unsubscribe function. */
  onDidChangeDataDir(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The model library folder: setting (relative → against `baseDir`) → `PANTOGRAPH_MODEL_LIBRARY` → the bundled demo library. */
  libraryDir(baseDir?: string): string {
    const configured = this.settings.modelLibraryPath ?? this.#env.PANTOGRAPH_MODEL_LIBRARY ?? null;
    if (configured && configured.trim() !== '')
      return isAbsolute(configured) ? configured : resolve(baseDir ?? homedir(), configured);
    return join(this.#options.extensionRoot, 'examples', 'model-library');
  }

  /** The Hugging Face hub cache to list (setting `pantograph.huggingFaceCache`), or `null`. */
  hfCacheDir(): string | null {
    return this.settings.huggingFaceCache ? hfHubCacheDir(this.#env) : null;
  }

  /** Loads the model library and, when enabled, the hub cache's models (problems in single folders are logged, not fatal). */
  async loadLibrary(baseDir?: string): Promise<Result<ModelLibrary>> {
    const dir = this.libraryDir(baseDir);
    const loaded = await loadModelLibrary(dir, { hfCacheDir: this.hfCacheDir(), gpu: machineGpuFacts });
    if (!loaded.ok)
      this.#options.log.error(`model library ${dir}: ${loaded.errors.map((e) => `[${e.code}] ${e.message}`).join('; ')}`);
    else
      for (const problem of loaded.value.problems) this.#options.log.warn(`model library: [${problem.code}] ${problem.message}`);
    return loaded;
  }

  /**
   * Machine-local override patches of a Dependency Environment node (`core/nodes/demoSetup.ts`,
   * the CLI's `demo` uses the same): every binding that pins the bundled demo package gets a
   * `wheel_source_path` to a wheel built once per data dir in `<dataDir>/demo/wheels`, so the demo
   * installs offline. Nothing for other models, nor when the wheel cannot be built (logged).
   */
  readonly machineOverrides: MachineOverrides = async (nodeId, requirements) => {
    this.#demo ??= createDemoSetup({
      dataDir: this.dataDir,
      sourceDir: join(this.#options.extensionRoot, 'examples', 'demo-synth', 'src'),
    });
    try {
      const patches = await this.#demo.machineOverrides(nodeId, requirements);
      if (patches.length > 0)
        this.#options.log.info(
          `${nodeId}: the bundled demo wheel folder ${this.#demo.wheelDir} is a machine-local wheel_source_path override`,
        );
      return patches;
    } catch (error) {
      this.#options.log.warn(`could not build the demo wheel: ${(error as Error).message}`);
      return [];
    }
  };
}
