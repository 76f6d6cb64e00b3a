/**
 * Shared by the local resolver's differential tests: fixture wheel folders, and resolving one
 * plan both with `resolveLocally` and with real pip (`pip install --dry-run --report` through
 * `resolvePackages`, the base interpreter's pip) to compare field by field.
 */
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { resolveLocally } from '../../../src/core/localResolver/localResolve.js';
import type { LocalResolution, ResolverTarget } from '../../../src/core/localResolver/localResolve.js';
import type { ResolvedDistribution } from '../../../src/core/packageStore/pipReport.js';
import { writeWheel } from '../../../src/core/packaging/wheelWriter.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import type { InstallPlan } from '../../../src/core/provision/installPlan.js';
import { localResolveInput } from '../../../src/core/provision/localResolution.js';
import { resolvePackages } from '../../../src/core/provision/resolvePackages.js';
import type { InterpreterFacts } from '../../../src/core/python/interpreterFacts.js';

/** What one differential test file needs: a temp dir and the base interpreter's facts. */
export interface DifferentialContext {
  readonly dir: string;
  readonly facts: InterpreterFacts;
}

let folderCount = 0;
const deps = { runner: new ExecaProcessRunner(), platform: process.platform, parentEnv: process.env };

/** A fresh wheel folder (with a space in its path) under `context.dir`. */
export async function wheelFolder(context: DifferentialContext): Promise<string> {
  const dir = join(context.dir, `wheels ${folderCount++}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Extra labels of a fixture wheel: `tag` (any, possibly compressed), `buildTag`, or `renameTo` (a file name tag written only into the name). */
export interface FixtureLabels {
  readonly tag?: string;
  readonly buildTag?: string;
  readonly renameTo?: string;
}

/** Writes a wheel `name-version` depending on `requiresDist` into `dir`; returns its path. */
export async function fixtureWheel(
  dir: string,
  name: string,
  version: string,
  requiresDist: string[] = [],
  labels: FixtureLabels = {},
): Promise<string> {
  const module = name.toLowerCase().replace(/[-.]+/g, '_');
  const path = await writeWheel({
    outDir: dir,
    name,
    version,
    modules: { [`${module}/__init__.py`]: 'VALUE = 1\n' },
    requiresDist,
    ...(labels.tag !== undefined ? { tag: labels.tag } : {}),
    ...(labels.buildTag !== undefined ? { buildTag: labels.buildTag } : {}),
  });
  if (labels.renameTo === undefined) return path;
  const renamed = path.replace(/py3-none-any\.whl$/, `${labels.renameTo}.whl`);
  await rename(path, renamed);
  return renamed;
}

/** The fields both answers must agree on. */
export const comparable = (d: ResolvedDistribution) => ({
  name: d.name,
  version: d.version,
  source: d.source,
  fileName: d.fileName,
  kind: d.kind,
  indexSha256: d.indexSha256,
  requested: d.requested,
  isDirect: d.isDirect,
});

/** The local resolver's answer for `plan` (the plan bridge's reason when it is not offline). */
export async function localAnswer(plan: InstallPlan, target: ResolverTarget): Promise<LocalResolution> {
  const prepared = localResolveInput(plan);
  if (!('input' in prepared)) return { resolved: false, reason: prepared.reason };
  return resolveLocally(prepared.input, target);
}

/** pip's answer for `plan` (`resolvePackages`: the base interpreter's pip dry run). */
export function pipAnswer(context: DifferentialContext, plan: InstallPlan) {
  return resolvePackages(deps, context.facts.executable, plan, { scratchDir: join(context.dir, 'scratch') });
}

/** Resolves `plan` both ways; expects the local resolver to answer, and to answer exactly what pip does. */
export async function expectSameAsPip(context: DifferentialContext, plan: InstallPlan): Promise<ResolvedDistribution[]> {
  const [local, pip] = await Promise.all([localAnswer(plan, context.facts), pipAnswer(context, plan)]);
  expect(pip.ok, JSON.stringify(pip)).toBe(true);
  expect(local.resolved, JSON.stringify(local)).toBe(true);
  if (!pip.ok || !local.resolved) return [];
  expect(local.distributions.map(comparable)).toEqual(pip.value.map(comparable));
  return local.distributions;
}
