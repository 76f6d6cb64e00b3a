/**
 * Builds a real EnvironmentService for tests: a temp data dir whose path contains spaces, the real
 * execa runner wrapped in a counting decorator, the real POSIX/Windows locator and facts cache.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentService } from '../../src/core/environment/environmentService.js';
import type { EnvironmentServiceSettings } from '../../src/core/environment/serviceTypes.js';
import { ExecaProcessRunner } from '../../src/core/process/execaProcessRunner.js';
import { CountingProcessRunner } from '../../src/core/process/countingProcessRunner.js';
import { createPythonLocator } from '../../src/core/python/createPythonLocator.js';
import { InterpreterFactsCache } from '../../src/core/python/interpreterFactsCache.js';
import { currentPlatformKey } from '../../src/core/requirements/platform.js';
import { EnvironmentStore } from '../../src/core/store/environmentStore.js';
import { nodePathProbe } from '../../src/core/validation/nodePathProbe.js';
import type { DependencyRequirementsV1 } from '../../src/core/contracts/requirements.js';
import type { FixtureWheel } from './wheelFixtures.js';

/** A service plus the things tests inspect. */
export interface ServiceHarness {
  readonly service: EnvironmentService;
  readonly runner: CountingProcessRunner;
  readonly store: EnvironmentStore;
  readonly dataDir: string;
  settings: EnvironmentServiceSettings;
}

/** A service over `dataDir` with offline settings (no default index). */
export function createServiceHarness(dataDir: string, settings: Partial<EnvironmentServiceSettings> = {}): ServiceHarness {
  const runner = new CountingProcessRunner(new ExecaProcessRunner());
  const store = new EnvironmentStore({ dataDir, lockStaleMs: settings.lockStaleMs });
  const locator = createPythonLocator({
    platform: process.platform,
    env: process.env,
    homeDir: homedir(),
    runner,
    factsCache: new InterpreterFactsCache({ directory: join(dataDir, 'cache') }),
  });
  const harness: ServiceHarness = {
    service: undefined as unknown as EnvironmentService,
    runner,
    store,
    dataDir,
    settings: { defaultIndexUrl: null, ...settings },
  };
  const service = new EnvironmentService(
    {
      store,
      locator,
      runner,
      platform: process.platform,
      platformKey: currentPlatformKey(process.platform, process.arch),
      parentEnv: process.env,
      probe: nodePathProbe,
    },
    () => harness.settings,
  );
  return Object.assign(harness, { service });
}

/** A one-binding python-venv payload pinning `wheels` (name==version). */
export function payloadFor(
  wheels: readonly Pick<FixtureWheel, 'name' | 'version'>[],
  options: { bindingId?: string; kind?: string; pythonRequires?: string; envId?: string } = {},
): DependencyRequirementsV1 {
  const bindingId = options.bindingId ?? 'test-binding';
  const kind = options.kind ?? 'python-venv';
  return {
    model_id: 'test/model',
    platform_key: currentPlatformKey(process.platform, process.arch),
    backend_key: 'demo',
    dependency_contract_version: 1,
    validation_state: 'resolved',
    validation_errors: [],
    bindings: [
      {
        binding_id: bindingId,
        profile_id: `${bindingId}-profile`,
        profile_version: 1,
        profile_hash: null,
        backend_key: 'demo',
        platform_selector: null,
        environment_kind: kind,
        env_id: options.envId ?? `${kind}:${bindingId}-profile:1:none:${currentPlatformKey(process.platform, process.arch)}:demo`,
        validation_state: 'resolved',
        validation_errors: [],
        requirements: wheels.map((w) => ({
          kind: 'python_package' as const,
          name: w.name,
          exact_pin: `==${w.version}`,
          python_requires: options.pythonRequires ?? null,
        })),
      },
    ],
  };
}

/** A binding-scope override patch pointing the binding at a wheel folder. */
export function wheelFolderPatch(
  bindingId: string,
  wheelDir: string,
  updatedAt = '2026-01-01T00:00:00Z',
): Record<string, unknown> {
  return {
    contract_version: 1,
    binding_id: bindingId,
    scope: 'binding',
    fields: { wheel_source_path: wheelDir },
    source: 'user',
    updated_at: updatedAt,
  };
}
