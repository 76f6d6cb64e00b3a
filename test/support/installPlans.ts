/** Builds install plans and pins from fixture wheels, for provisioner tests and the benchmark. */
import type { PinnedRequirement } from '../../src/core/provision/inspectInstalled.js';
import type { InstallPlan, InstallRequirement } from '../../src/core/provision/installPlan.js';
import type { FixtureWheel } from './wheelFixtures.js';

/** An offline plan (`--no-index`) pinning every wheel, found through `--find-links <dir>`. */
export function offlinePlan(
  wheels: readonly FixtureWheel[],
  findLinks: string,
  extra: Partial<InstallRequirement> = {},
): InstallPlan {
  return {
    defaultIndexUrl: null,
    requirements: wheels.map((w) => installRequirement(w, { wheelSourcePath: findLinks, ...extra })),
  };
}

/** One requirement pinning `wheel` exactly. */
export function installRequirement(
  wheel: Pick<FixtureWheel, 'name' | 'version'>,
  extra: Partial<InstallRequirement> = {},
): InstallRequirement {
  return {
    name: wheel.name,
    version: wheel.version,
    markers: null,
    hashes: [],
    indexUrl: null,
    extraIndexUrls: [],
    wheelSourcePath: null,
    packageSourceOverride: null,
    wheelSource: null,
    ...extra,
  };
}

/** The pins `inspect` checks for `plan`. */
export function pinsOf(plan: InstallPlan): PinnedRequirement[] {
  return plan.requirements.map((r) => ({ name: r.name, exact_pin: `==${r.version}`, markers: r.markers }));
}
