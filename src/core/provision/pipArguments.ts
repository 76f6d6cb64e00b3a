/**
 * Turns an {@link InstallPlan} into pip arguments for ONE `pip install` invocation. Pure: no I/O,
 * no environment reads. Values were validated at the boundary; the asserts here only make an
 * argument-injection bug impossible to ship silently (they throw plain `Error`s).
 *
 * pip has no command-line `--hash`: hashes live in a requirements file. When every requirement
 * carries hashes, the caller writes {@link buildRequirementsFile}'s text to a file and passes its
 * path; the arguments then say `--require-hashes -r <file>` instead of listing specs.
 */
import { pathToFileURL } from 'node:url';
import { normalizeVersion } from '../requirements/pep440.js';
import { isWheelFile } from './installPlan.js';
import type { InstallPlan, InstallRequirement } from './installPlan.js';

const NORMALIZED_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const URL_PATTERN = /^(?:https?|file):\/\//i;
const HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** Options for {@link buildPipInstallArgs}. */
export interface PipArgumentOptions {
  /** Path of the file holding {@link buildRequirementsFile}'s text; required when hashes are checked. */
  readonly requirementsFile?: string;
}

/** True when every requirement has at least one hash, i.e. pip runs with `--require-hashes`. Pure. */
export function requiresHashChecking(plan: InstallPlan): boolean {
  return plan.requirements.length > 0 && plan.requirements.every((r) => r.hashes.length > 0);
}

/**
 * The requirement specifier for one requirement, in precedence order: the package source
 * override, a `.whl` wheel source path, the producer's wheel source — each as a PEP 508 direct
 * reference `name @ <url>` (local paths become `file:` URLs, so spaces are safe and pip checks
 * the name) — else `name==version`. Markers are appended as ` ; <markers>`. Pure.
 * @example requirementSpec({ name: 'torch', version: '2.5.1', markers: 'sys_platform == "linux"', … })
 *   === 'torch==2.5.1 ; sys_platform == "linux"'
 */
export function requirementSpec(req: InstallRequirement): string {
  assertRequirement(req);
  const direct =
    req.packageSourceOverride ??
    (req.wheelSourcePath !== null && isWheelFile(req.wheelSourcePath) ? req.wheelSourcePath : null) ??
    req.wheelSource;
  const base = direct === null ? `${req.name}==${req.version}` : `${req.name} @ ${toUrl(direct)}`;
  return req.markers && req.markers.trim() !== '' ? `${base} ; ${req.markers.trim()}` : base;
}

/**
 * The text of a hash-checking requirements file: one line per requirement,
 * `<spec> --hash=sha256:<hex> …`. Pure; throws when a requirement lacks hashes.
 */
export function buildRequirementsFile(plan: InstallPlan): string {
  return mergeDuplicates(plan.requirements)
    .map((req) => {
      if (req.hashes.length === 0) throw new Error(`requirement ${req.name} has no hashes`);
      return [requirementSpec(req), ...req.hashes.map((h) => `--hash=${h}`)].join(' ');
    })
    .join('\n')
    .concat('\n');
}

/**
 * The arguments after `pip` (or `pip --python <env>`), starting with `install`:
 * `install --no-input --disable-pip-version-check --progress-bar off`, then the index options
 * (`--index-url` + deduped `--extra-index-url`s, or `--no-index` when no index is configured
 * anywhere — so pip never falls back to its built-in default index), `--find-links <dir>` for
 * each wheel directory, then either `--require-hashes -r <file>` or one argv element per
 * requirement spec. Requirements whose effective index differs from the primary one contribute
 * it as an extra index (pip searches all indexes for all packages). Pure.
 */
export function buildPipInstallArgs(plan: InstallPlan, options: PipArgumentOptions = {}): string[] {
  const requirements = mergeDuplicates(plan.requirements);
  if (requirements.length === 0) throw new Error('an install plan needs at least one requirement');
  const args = ['install', '--no-input', '--disable-pip-version-check', '--progress-bar', 'off', ...buildPipSourceArgs(plan)];
  if (requiresHashChecking({ ...plan, requirements })) {
    if (options.requirementsFile === undefined)
      throw new Error('hash checking needs a requirements file (see buildRequirementsFile)');
    args.push('--require-hashes', '-r', assertLocation(options.requirementsFile));
  } else {
    for (const req of requirements) args.push(requirementSpec(req));
  }
  return args;
}

/**
 * Only the package-source options of {@link buildPipInstallArgs} (`--index-url`/`--extra-index-url`
 * or `--no-index`, then `--find-links`), e.g. for `pip wheel` building an sdist with the same
 * sources. Pure.
 */
export function buildPipSourceArgs(plan: InstallPlan): string[] {
  const requirements = mergeDuplicates(plan.requirements);
  const args: string[] = [];

  const indexes = unique(requirements.map((r) => r.indexUrl ?? plan.defaultIndexUrl).filter((u): u is string => u !== null));
  const extras = unique([...indexes.slice(1), ...requirements.flatMap((r) => r.extraIndexUrls)]);
  const primary = indexes[0] ?? extras.shift();
  if (primary === undefined) {
    args.push('--no-index');
  } else {
    args.push('--index-url', assertLocation(primary));
    for (const extra of extras) if (extra !== primary) args.push('--extra-index-url', assertLocation(extra));
  }
  const findLinks = unique(requirements.map((r) => r.wheelSourcePath).filter((p): p is string => p !== null && !isWheelFile(p)));
  for (const dir of findLinks) args.push('--find-links', assertLocation(dir));
  return args;
}

/** Merges identical requirements (same name, version, markers and source), uniting their hashes and sources. */
function mergeDuplicates(requirements: readonly InstallRequirement[]): InstallRequirement[] {
  const byName = new Map<string, InstallRequirement>();
  for (const req of requirements) {
    assertRequirement(req);
    const seen = byName.get(req.name);
    if (seen === undefined) {
      byName.set(req.name, req);
      continue;
    }
    if (requirementSpec(seen) !== requirementSpec(req)) {
      throw new Error(`conflicting requirements for ${req.name}: ${requirementSpec(seen)} vs ${requirementSpec(req)}`);
    }
    const hashes =
      seen.hashes.length > 0 && req.hashes.length > 0
        ? unique([...seen.hashes, ...req.hashes]).sort()
        : seen.hashes.length > 0
          ? seen.hashes
          : req.hashes;
    byName.set(req.name, { ...seen, hashes, extraIndexUrls: unique([...seen.extraIndexUrls, ...req.extraIndexUrls]) });
  }
  return [...byName.values()];
}

function toUrl(source: string): string {
  return URL_PATTERN.test(source) ? source : pathToFileURL(assertLocation(source)).href;
}

function assertRequirement(req: InstallRequirement): void {
  if (!NORMALIZED_NAME.test(req.name))
    throw new Error(`refusing requirement name ${JSON.stringify(req.name)}: not a normalized package name`);
  if (normalizeVersion(req.version) === null || req.version.trim().startsWith('-'))
    throw new Error(`refusing version ${JSON.stringify(req.version)} for ${req.name}`);
  for (const hash of req.hashes)
    if (!HASH_PATTERN.test(hash)) throw new Error(`refusing hash ${JSON.stringify(hash)} for ${req.name}`);
  if (req.markers !== null && /[\r\n\0]/.test(req.markers))
    throw new Error(`refusing markers with control characters for ${req.name}`);
}

function assertLocation(value: string): string {
  if (value.startsWith('-') || value.trim() === '' || /[\r\n\0]/.test(value))
    throw new Error(`refusing location ${JSON.stringify(value)}`);
  return value;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
