/**
 * The bridge from an {@link InstallPlan} to the local resolver (`core/localResolver`): offline
 * plans only, with the same requirement projection as the pip arguments.
 */
import type { LocalResolveInput } from '../localResolver/localResolve.js';
import { isWheelFile } from './installPlan.js';
import type { InstallPlan } from './installPlan.js';
import { buildPipInstallArgs, requiresHashChecking } from './pipArguments.js';

/**
 * The local resolver's input for `plan`, or the reason pip must resolve it: a package index is
 * configured (the plan is not offline), or the plan is not one pip would accept (pip reports
 * that itself). Direct references take the precedence of `requirementSpec`. Pure.
 */
export function localResolveInput(plan: InstallPlan): { input: LocalResolveInput } | { reason: string } {
  try {
    buildPipInstallArgs(plan, requiresHashChecking(plan) ? { requirementsFile: 'requirements.txt' } : {});
  } catch (error) {
    return { reason: `the plan is not one pip would accept: ${(error as Error).message}` };
  }
  if (plan.defaultIndexUrl !== null || plan.requirements.some((r) => r.indexUrl !== null || r.extraIndexUrls.length > 0))
    return { reason: 'a package index is configured' };
  const folders = [
    ...new Set(plan.requirements.map((r) => r.wheelSourcePath).filter((p): p is string => p !== null && !isWheelFile(p))),
  ];
  const roots = plan.requirements.map((req) => ({
    name: req.name,
    version: req.version,
    direct:
      req.packageSourceOverride ??
      (req.wheelSourcePath !== null && isWheelFile(req.wheelSourcePath) ? req.wheelSourcePath : null) ??
      req.wheelSource,
    markers: req.markers,
    hashes: req.hashes,
  }));
  return { input: { roots, folders, hashChecked: requiresHashChecking(plan) } };
}
