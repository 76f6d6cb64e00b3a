/**
 * Splits the warm (cache hit) ensure into its awaited steps and times each alone, with the same
 * request, store and interpreter facts cache the service uses: resolve (pure), interpreter
 * selection (facts cache, stats), the reuse decision (manifest read + two stats) and the
 * last-used marker touch.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDependencyRequirements } from '../src/core/contracts/requirements.js';
import { parseOverridePatch } from '../src/core/contracts/overridePatch.js';
import type { DependencyOverridePatchV1 } from '../src/core/contracts/overridePatch.js';
import { buildEnvironmentKeyInput } from '../src/core/domain/environmentKeyInput.js';
import { computeEnvironmentKey } from '../src/core/domain/environmentKey.js';
import { validateOverridePatches } from '../src/core/overrides/validateOverrides.js';
import { currentPlatformKey } from '../src/core/requirements/platform.js';
import { validateRequirementsPayload } from '../src/core/validation/requirementsPayload.js';
import { resolveEnvironmentRequest } from '../src/core/environment/resolveRequest.js';
import type { EnvironmentRequest } from '../src/core/environment/resolveRequest.js';
import type { EnvironmentServiceSettings } from '../src/core/environment/serviceTypes.js';
import { decideReuse } from '../src/core/environment/reuseCheck.js';
import { createPythonLocator } from '../src/core/python/createPythonLocator.js';
import { InterpreterFactsCache } from '../src/core/python/interpreterFactsCache.js';
import { nodePathProbe } from '../src/core/validation/nodePathProbe.js';
import type { ServiceHarness } from '../test/support/serviceHarness.js';
import { percentile, timed } from './stats.js';

/** p50/p95 of one step, in ms. */
export interface StepTiming {
  readonly step: string;
  readonly p50: number;
  readonly p95: number;
}

async function measure(step: string, iterations: number, work: () => Promise<unknown> | unknown): Promise<StepTiming> {
  const times: number[] = [];
  for (let i = 0; i < iterations; i += 1) times.push((await timed(work)).ms);
  return { step, p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** Times each step of a warm ensure of `request` on `harness` (whose environment must be ready). */
export async function profileWarmPath(
  harness: ServiceHarness,
  request: EnvironmentRequest,
  settings: Partial<EnvironmentServiceSettings>,
  iterations: number,
): Promise<StepTiming[]> {
  const key = await harness.service.computeKey(request);
  if (!key.ok) throw new Error('profileWarmPath: no key');
  const locator = createPythonLocator({
    platform: process.platform,
    env: process.env,
    homeDir: homedir(),
    runner: harness.runner,
    factsCache: new InterpreterFactsCache({ directory: join(harness.dataDir, 'cache') }),
  });
  const resolved = resolveEnvironmentRequest(request, {
    defaultIndexUrl: null,
    availablePythonVersions: null,
    probe: nodePathProbe,
  });
  if (resolved.status !== 'resolved') throw new Error('profileWarmPath: request does not resolve');
  const shortKey = key.key.shortKey;
  const payload = parseDependencyRequirements(request.requirements);
  if (!payload.ok) throw new Error('profileWarmPath: payload does not parse');
  const patches = (request.overrides ?? [])
    .map((raw) => parseOverridePatch(raw))
    .flatMap((r) => (r.ok ? [r.value] : [])) as DependencyOverridePatchV1[];
  const targets = resolved.request.bindings.map((b) => ({
    binding_id: b.binding_id,
    requirementNames: b.requirements.map((r) => r.name),
  }));
  const keyContext = {
    platform_key: currentPlatformKey(process.platform, process.arch),
    python_version: key.python.version,
    installer: { name: 'pip', version: key.python.pipVersion ?? 'none' },
  };
  return [
    await measure('  resolve: parse payload (zod)', iterations, () => parseDependencyRequirements(request.requirements)),
    await measure('  resolve: validate payload', iterations, () => validateRequirementsPayload(payload.value)),
    await measure('  resolve: parse + validate overrides, path probe (sync stat)', iterations, () =>
      validateOverridePatches(
        (request.overrides ?? []).map((raw) => parseOverridePatch(raw)).flatMap((r) => (r.ok ? [r.value] : [])),
        targets,
        nodePathProbe,
      ),
    ),
    await measure('  resolve: validate overrides without the probe', iterations, () => validateOverridePatches(patches, targets)),
    await measure('key: key input + canonical JSON + sha256', iterations, () =>
      computeEnvironmentKey(
        (
          buildEnvironmentKeyInput(resolved.request.bindings, keyContext) as {
            ok: true;
            value: Parameters<typeof computeEnvironmentKey>[0];
          }
        ).value,
      ),
    ),
    await measure('resolve (parse, validate, overrides incl. path probe)', iterations, () =>
      resolveEnvironmentRequest(request, { defaultIndexUrl: null, availablePythonVersions: null, probe: nodePathProbe }),
    ),
    await measure('select interpreter (defaultPythonPath, facts cache)', iterations, () =>
      locator.select({ pythonRequires: resolved.request.pythonRequires, explicitPath: settings.defaultPythonPath ?? null }),
    ),
    await measure('computeKey (resolve + select + sha256)', iterations, () => harness.service.computeKey(request)),
    await measure('decideReuse (manifest read + parse, 2 stats)', iterations, () =>
      decideReuse(harness.store, shortKey, key.key.key, key.python),
    ),
    await measure('markUsed (utimes of last_used)', iterations, () => harness.store.markUsed(shortKey)),
    await measure('whole warm ensure', iterations, () => harness.service.ensure(request)),
    await measure('control: 1 ms busy loop (measures machine preemption, not Pantograph)', iterations, () => {
      const end = performance.now() + 1;
      while (performance.now() < end) {
        // spin
      }
    }),
  ];
}
