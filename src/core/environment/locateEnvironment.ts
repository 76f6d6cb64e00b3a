/**
 * Steps 1–3 of ensure() up to the key, and the python-kind pin check: resolve the request, locate
 * the base interpreter, choose the installer and compute the environment key. Takes no lock and
 * writes nothing; a known interpreter costs no process (the locator caches its facts).
 */
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { buildEnvironmentKeyInput } from '../domain/environmentKeyInput.js';
import { computeEnvironmentKey } from '../domain/environmentKey.js';
import type { EnvironmentKey } from '../domain/environmentKey.js';
import type { EffectiveBinding } from '../domain/types.js';
import type { MissingField } from '../contracts/environmentStatus.js';
import { installPlanFromBindings } from '../provision/installPlan.js';
import { chooseInstaller, createProvisioner } from '../provision/createProvisioner.js';
import type { InstallerChoice } from '../provision/createProvisioner.js';
import { pipCanReport } from '../provision/resolvePackages.js';
import type { InterpreterFacts } from '../python/interpreterFacts.js';
import { resolveEnvironmentRequest } from './resolveRequest.js';
import type { EnvironmentRequest, ResolvedRequest } from './resolveRequest.js';
import { selectBaseInterpreter } from './selectBaseInterpreter.js';
import { pinnedRequirementsOf } from './installUnderLock.js';
import type { EnvironmentServiceDeps, EnvironmentServiceSettings } from './serviceTypes.js';

/** A request resolved down to its environment key: everything the fast path and an install need. */
export interface Located {
  readonly resolved: ResolvedRequest;
  readonly base: InterpreterFacts;
  readonly key: EnvironmentKey;
  /** The installer (part of the key) and why `store` fell back to `pip`, if it did. */
  readonly installer: InstallerChoice;
  /** Install sources still missing (python kind): asked for only if the interpreter lacks the pins. */
  readonly deferredMissing: readonly MissingField[];
}

/** Outcome of {@link locateEnvironment}: located, or why not with the bindings known so far. */
export type LocateOutcome =
  | { status: 'resolved'; value: Located }
  | {
      status: 'needs_user_input';
      missingFields: readonly MissingField[];
      errors: readonly StructuredError[];
      bindings: readonly EffectiveBinding[];
    }
  | { status: 'failed'; errors: readonly StructuredError[]; bindings: readonly EffectiveBinding[] };

/**
 * Resolves `request` (payload, overrides, bindings) with `settings`, picks the base interpreter
 * (`selectBaseInterpreter`), decides the installer (`settings.installer`, default `store`, may
 * fall back to `pip`) and computes the key, whose `installer.name` is that choice. Missing
 * metadata → `needs_user_input` (except install sources of the python kind, which are deferred
 * into `Located.deferredMissing`); invalid input, no usable interpreter without a missing field,
 * or an already aborted `signal` → `failed` (`cancelled`). Never throws for bad input.
 */
export async function locateEnvironment(
  request: EnvironmentRequest,
  deps: EnvironmentServiceDeps,
  settings: EnvironmentServiceSettings,
  signal?: AbortSignal,
): Promise<LocateOutcome> {
  const outcome = resolveEnvironmentRequest(request, {
    defaultIndexUrl: settings.defaultIndexUrl,
    availablePythonVersions: null,
    probe: deps.probe,
    extraIndexUrls: settings.extraIndexUrls,
  });
  // The interpreter is located below with the real locator, not from a version list.
  if (outcome.status === 'failed' || (outcome.status === 'needs_user_input' && !outcome.deferrable)) return outcome;
  const resolved = outcome.status === 'resolved' ? outcome.request : outcome.deferrable!;
  const deferredMissing = outcome.status === 'resolved' ? [] : outcome.missingFields;
  if (signal?.aborted)
    return { status: 'failed', errors: [structuredError('cancelled', 'cancelled')], bindings: resolved.bindings };
  const base = await selectBaseInterpreter(deps.locator, resolved, settings.defaultPythonPath);
  if (!base.ok)
    return base.needsInput
      ? { status: 'needs_user_input', missingFields: base.missing, errors: base.errors, bindings: resolved.bindings }
      : { status: 'failed', errors: base.errors, bindings: resolved.bindings };
  const plan = installPlanFromBindings(resolved.bindings, settings.defaultIndexUrl);
  const sources = plan.requirements.flatMap((r) => [r.packageSourceOverride, r.wheelSource]);
  const installer = chooseInstaller(settings.installer ?? 'store', resolved.kind, base.facts.pipVersion, sources, pipCanReport);
  // The installer's name enters the key (v1 field `installer.name`): `pip` keys are unchanged, `store` ones are new.
  const input = buildEnvironmentKeyInput(resolved.bindings, {
    platform_key: deps.platformKey,
    python_version: base.facts.version,
    installer: { name: installer.installer, version: base.facts.pipVersion ?? 'none' },
    default_index_url: settings.defaultIndexUrl,
  });
  if (!input.ok) return { status: 'failed', errors: input.errors, bindings: resolved.bindings };
  return {
    status: 'resolved',
    value: { resolved, base: base.facts, key: computeEnvironmentKey(input.value), installer, deferredMissing },
  };
}

/**
 * Whether the located base interpreter already has every pinned requirement of its bindings
 * installed at the pinned version, checked in one Python process (for the python kind, whose
 * missing install sources matter only when it does not). A failed inspection counts as `false`.
 */
export async function interpreterMeetsPins(
  located: Located,
  deps: EnvironmentServiceDeps,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const provisioner = createProvisioner(located.resolved.kind, deps);
  const check = await provisioner.inspect(
    { base: located.base, envDir: deps.store.envDir(located.key.shortKey) },
    pinnedRequirementsOf(located.resolved.bindings),
    { signal },
  );
  return check.ok && check.value.satisfied;
}
