/**
 * PEP 751 lock files (`pylock.toml`, lock-version 1.0) of Pantograph environments: built from a
 * ready manifest's `resolved_packages`, serialized with smol-toml, and parsed back (validated
 * against the spec's required keys) for `ensure --lock`. Pure: no I/O.
 *
 * What we write: `lock-version`, `created-by`, `requires-python` (`==<major>.<minor>.*` of the
 * environment's interpreter), `environments` (one marker: OS, machine, Python minor), and one
 * `[[packages]]` per distribution (sorted by name) with `name`, `version` and exactly one
 * `wheels` entry `{ name, url | path, hashes = { sha256 } }`; local sources are absolute paths.
 * Pantograph's own facts (key, platform key, requested names) go under `[tool.pantograph]`.
 */
import { parse, stringify } from 'smol-toml';
import * as z from 'zod';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { normalizePackageName } from '../requirements/packageName.js';
import type { EnvironmentManifestV1, ResolvedPackage } from '../store/manifest.js';

/** The lock format version written. Readers accept any 1.x. */
export const PYLOCK_VERSION = '1.0';

/** One locked distribution with the single wheel Pantograph installs. */
export interface LockedPackage {
  /** PEP 503 normalized name. */
  readonly name: string;
  readonly version: string;
  /** The wheel's file name. */
  readonly wheel: string;
  /** Exactly one of `url` / `path` is set. */
  readonly url: string | null;
  readonly path: string | null;
  /** Lowercase hex sha256 of the wheel file. */
  readonly sha256: string;
}

/** A lock as Pantograph reads it. */
export interface ParsedPylock {
  readonly lockVersion: string;
  readonly createdBy: string;
  readonly requiresPython: string | null;
  readonly environments: readonly string[];
  readonly packages: readonly LockedPackage[];
}

const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;
const OS_MARKERS: Readonly<Record<string, string>> = { linux: 'linux', macos: 'darwin', windows: 'win32' };
const MACHINE_MARKERS: Readonly<Record<string, string>> = {
  'windows-x86_64': 'AMD64',
  'windows-aarch64': 'ARM64',
  'macos-aarch64': 'arm64',
};

/** `python_version` style major.minor of `3.12.4` → `3.12`. Pure. */
function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/**
 * The PEP 508 marker of the platform and Python an environment was built for, from its platform
 * key (`linux-x86_64`, `windows-x86_64`, `macos-aarch64`) and interpreter version. Pure.
 * @example environmentMarker('linux-x86_64', '3.12.4') === "sys_platform == 'linux' and platform_machine == 'x86_64' and python_version == '3.12'"
 */
export function environmentMarker(platformKey: string, pythonVersion: string): string {
  const [os = '', ...arch] = platformKey.split('-');
  const machine = MACHINE_MARKERS[platformKey] ?? arch.join('-');
  return `sys_platform == '${OS_MARKERS[os] ?? os}' and platform_machine == '${machine}' and python_version == '${minorOf(pythonVersion)}'`;
}

/** Where a resolved package's wheel file is: the `source` when it names the wheel, else `source/<wheel>`. Pure. */
export function wheelLocation(pkg: Pick<ResolvedPackage, 'source' | 'wheel'>): { url: string | null; path: string | null } {
  const source = pkg.source;
  const isUrl = URL_PATTERN.test(source);
  const namesWheel = /\.whl$/i.test(source.replace(/[?#].*$/, ''));
  const joined = namesWheel
    ? source
    : isUrl
      ? `${source.replace(/\/+$/, '')}/${pkg.wheel}`
      : `${source.replace(/[\\/]+$/, '')}${source.includes('\\') && !source.includes('/') ? '\\' : '/'}${pkg.wheel}`;
  return isUrl ? { url: joined, path: null } : { url: null, path: joined };
}

/** The packages a lock of `manifest` lists (sorted by name), or an error when it records no resolved set. Pure. */
export function lockedPackagesOf(manifest: EnvironmentManifestV1): Result<LockedPackage[]> {
  if (manifest.state !== 'ready')
    return fail(
      structuredError(
        'invalid_lock_file',
        `environment ${manifest.environment_key} is ${manifest.state}, not ready: nothing to lock`,
        ['state'],
      ),
    );
  const resolved = manifest.resolved_packages;
  if (!resolved || resolved.length === 0) {
    return fail(
      structuredError(
        'invalid_lock_file',
        `environment ${manifest.environment_key} records no resolved package set (built by an older Pantograph)`,
        ['resolved_packages'],
        'Delete it and ensure it again, so its manifest records every installed wheel.',
      ),
    );
  }
  const packages = resolved.map((pkg) => ({
    name: normalizePackageName(pkg.name),
    version: pkg.version,
    wheel: pkg.wheel,
    sha256: pkg.sha256,
    ...wheelLocation(pkg),
  }));
  return ok(packages.sort((a, b) => a.name.localeCompare(b.name)));
}

/** Options of {@link buildPylock}. */
export interface PylockOptions {
  /** `created-by`, e.g. `pantograph 0.4.0`. */
  readonly createdBy: string;
}

/** The pylock.toml text of a ready environment with a recorded resolved set. Pure. */
export function buildPylock(manifest: EnvironmentManifestV1, options: PylockOptions): Result<string> {
  const packages = lockedPackagesOf(manifest);
  if (!packages.ok) return packages;
  const python = manifest.base_interpreter.version;
  const requested = (manifest.resolved_packages ?? [])
    .filter((p) => p.requested)
    .map((p) => normalizePackageName(p.name))
    .sort();
  const document = {
    'lock-version': PYLOCK_VERSION,
    'created-by': options.createdBy,
    'requires-python': `==${minorOf(python)}.*`,
    environments: [environmentMarker(manifest.platform_key, python)],
    packages: packages.value.map((p) => ({
      name: p.name,
      version: p.version,
      wheels: [{ name: p.wheel, ...(p.url !== null ? { url: p.url } : { path: p.path }), hashes: { sha256: p.sha256 } }],
    })),
    tool: {
      pantograph: {
        environment_key: manifest.environment_key,
        platform_key: manifest.platform_key,
        python_version: python,
        requested,
      },
    },
  };
  return ok(`${stringify(document)}\n`);
}

const WheelSchema = z.looseObject({
  name: z.string().min(1).optional(),
  url: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  hashes: z.record(z.string(), z.string()).refine((h) => Object.keys(h).length > 0, 'hashes needs at least one entry'),
});
const PackageSchema = z.looseObject({
  name: z.string().min(1),
  version: z.string().min(1).optional(),
  wheels: z.array(WheelSchema).optional(),
});
const PylockSchema = z.looseObject({
  'lock-version': z.string().regex(/^1\.\d+$/, 'lock-version must be 1.x'),
  'created-by': z.string().min(1),
  'requires-python': z.string().optional(),
  environments: z.array(z.string()).optional(),
  packages: z.array(PackageSchema),
});

/**
 * Parses and validates pylock.toml text for installing: the spec's required keys (`lock-version`
 * 1.x, `created-by`, `packages` with `name`), and, for Pantograph, a `version` and at least one
 * wheel with a `url` or `path` and a sha256 for every package (the first such wheel is used;
 * sdist, VCS and directory sources are refused). Every problem is an `invalid_lock_file` error
 * naming where. Pure.
 */
export function parsePylock(text: string): Result<ParsedPylock> {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return fail(structuredError('invalid_lock_file', `not valid TOML: ${(error as Error).message.split('\n')[0]}`, []));
  }
  const parsed = PylockSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(
      ...parsed.error.issues.map((issue) =>
        structuredError(
          'invalid_lock_file',
          `${issue.path.join('.') || 'lock'}: ${issue.message}`,
          issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        ),
      ),
    );
  }
  const errors = [];
  const packages: LockedPackage[] = [];
  for (const [index, pkg] of parsed.data.packages.entries()) {
    const wheel = pkg.wheels?.find((w) => (w.url ?? w.path) !== undefined && typeof w.hashes['sha256'] === 'string');
    if (pkg.version === undefined)
      errors.push(
        structuredError('invalid_lock_file', `packages[${index}] (${pkg.name}) has no version`, ['packages', index, 'version']),
      );
    else if (!wheel)
      errors.push(
        structuredError(
          'invalid_lock_file',
          `packages[${index}] (${pkg.name}) has no wheel with a url or path and a sha256 hash (sdist, VCS and directory sources are not installed by Pantograph)`,
          ['packages', index, 'wheels'],
        ),
      );
    else {
      const sha256 = wheel.hashes['sha256']!.toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(sha256))
        errors.push(
          structuredError('invalid_lock_file', `packages[${index}] (${pkg.name}) has a malformed sha256`, [
            'packages',
            index,
            'wheels',
            0,
            'hashes',
            'sha256',
          ]),
        );
      const location = wheel.url ?? wheel.path!;
      const fileName =
        wheel.name ??
        location
          .replace(/[?#].*$/, '')
          .split(/[\\/]/)
          .pop() ??
        '';
      packages.push({
        name: normalizePackageName(pkg.name),
        version: pkg.version,
        wheel: fileName,
        url: wheel.url ?? null,
        path: wheel.url === undefined ? wheel.path! : null,
        sha256,
      });
    }
  }
  const names = packages.map((p) => p.name);
  for (const dup of new Set(names.filter((n, i) => names.indexOf(n) !== i)))
    errors.push(structuredError('invalid_lock_file', `package ${dup} is listed twice`, ['packages']));
  if (errors.length > 0) return fail(...errors);
  const data = parsed.data;
  return ok({
    lockVersion: data['lock-version'],
    createdBy: data['created-by'],
    requiresPython: data['requires-python'] ?? null,
    environments: data.environments ?? [],
    packages,
  });
}
