/**
 * The production wiring of {@link EnvironmentService}: the real store, the platform's Python
 * locator (interpreter facts persisted under `<dataDir>/cache`), execa processes and node-fs path
 * checks. One function shared by the CLI and the VS Code extension host.
 */
import { homedir } from 'node:os';
import { ExecaProcessRunner } from '../process/execaProcessRunner.js';
import type { ProcessRunner } from '../process/processRunner.js';
import { createPythonLocator } from '../python/createPythonLocator.js';
import type { PythonRuntimeLocator } from '../python/pythonRuntimeLocator.js';
import { InterpreterFactsCache } from '../python/interpreterFactsCache.js';
import { currentPlatformKey } from '../requirements/platform.js';
import { EnvironmentStore } from '../store/environmentStore.js';
import { nodePathProbe } from '../validation/nodePathProbe.js';
import { EnvironmentService } from './environmentService.js';
import type { EnvironmentServiceSettings } from './serviceTypes.js';

/** Inputs of {@link createDefaultEnvironmentService}. Everything but `dataDir` and `settings` defaults to this process. */
export interface DefaultEnvironmentServiceOptions {
  /** Absolute data directory (see `resolveDataDir`). */
  readonly dataDir: string;
  /** Read on every service call, so setting changes apply without a restart. */
  readonly settings: () => EnvironmentServiceSettings;
  /** Default `process.env`; only an allowlist of it reaches Python children. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default `process.platform`. */
  readonly platform?: NodeJS.Platform;
  /** Default `process.arch`. */
  readonly arch?: string;
  /** Default `os.homedir()`. */
  readonly homeDir?: string;
  /** Default a new {@link ExecaProcessRunner}. */
  readonly runner?: ProcessRunner;
}

/** The service plus the parts a host may want to reuse (e.g. `doctor` lists interpreters with the locator). */
export interface DefaultEnvironmentService {
  readonly service: EnvironmentService;
  readonly store: EnvironmentStore;
  readonly locator: PythonRuntimeLocator;
  readonly runner: ProcessRunner;
  /** e.g. `linux-x86_64`. */
  readonly platformKey: string;
}

/**
 * Builds an {@link EnvironmentService} over `dataDir` with the production dependencies: an
 * {@link EnvironmentStore}, the platform's Python locator whose facts cache is the file
 * `<dataDir>/cache/interpreters.json` (so a warm ensure starts no probe process, across
 * processes), an {@link ExecaProcessRunner}, `currentPlatformKey(platform, arch)` and
 * {@link nodePathProbe}. Creates nothing on disk until the service writes.
 *
 * @example
 * const { service } = createDefaultEnvironmentService({ dataDir, settings: () => ({ defaultIndexUrl: null }) });
 * const outcome = await service.ensure({ requirements, overrides: [] });
 */
export function createDefaultEnvironmentService(options: DefaultEnvironmentServiceOptions): DefaultEnvironmentService {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const runner = options.runner ?? new ExecaProcessRunner({ platform });
  const store = new EnvironmentStore({ dataDir: options.dataDir });
  const factsCache = new InterpreterFactsCache({ directory: store.layout.cacheDir });
  const locator = createPythonLocator({ platform, env, homeDir: options.homeDir ?? homedir(), runner, factsCache });
  const platformKey = currentPlatformKey(platform, options.arch ?? process.arch);
  const service = new EnvironmentService(
    { store, locator, runner, platform, platformKey, parentEnv: env, probe: nodePathProbe },
    options.settings,
  );
  return { service, store, locator, runner, platformKey };
}
