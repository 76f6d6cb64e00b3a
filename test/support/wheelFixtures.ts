/**
 * Offline package sources for tests and the benchmark: small pure-Python wheels built with the
 * product's wheel writer, installable with `pip --no-index --find-links <dir>`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256File, writeWheel } from '../../src/core/packaging/wheelWriter.js';

/** One wheel written by the fixtures. `name` is PEP 503 normalized. */
export interface FixtureWheel {
  readonly name: string;
  readonly version: string;
  readonly path: string;
  /** `sha256:<hex>` of the wheel file, ready for `--hash`. */
  readonly hash: string;
  /** The import name of its top-level package. */
  readonly module: string;
  /** Normalized names it requires (`Requires-Dist: <dep>==<version>`). */
  readonly dependsOn: readonly string[];
}

/**
 * Writes `count` wheels `<prefix>-00 … <prefix>-NN` (version `1.0.0`) into `dir`. Every wheel with
 * an even index depends on the next one and every fourth also on the last, so pip has to
 * resolve a small graph. Each package's `__init__.py` imports its dependencies and exposes `VALUE`.
 */
export async function writeWheelChain(dir: string, count = 20, prefix = 'ptg-chain'): Promise<FixtureWheel[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
  const wheels: FixtureWheel[] = [];
  for (let i = 0; i < count; i++) {
    const deps: string[] = [];
    if (i % 2 === 0 && i + 1 < count) deps.push(names[i + 1]!);
    if (i % 4 === 0 && i + 1 < count - 1) deps.push(names[count - 1]!);
    wheels.push(await writeFixtureWheel(dir, names[i]!, '1.0.0', deps.map((d) => ({ name: d, version: '1.0.0' }))));
  }
  return wheels;
}

/** Writes one wheel `name==version` whose package imports `deps` (pinned with `==`). */
export async function writeFixtureWheel(
  dir: string,
  name: string,
  version: string,
  deps: readonly { name: string; version: string }[] = [],
  options: { requiresPython?: string; extraModules?: Record<string, string> } = {},
): Promise<FixtureWheel> {
  const module = name.toLowerCase().replace(/[-.]+/g, '_');
  const imports = deps.map((d) => `import ${d.name.toLowerCase().replace(/[-.]+/g, '_')}\n`).join('');
  const path = await writeWheel({
    outDir: dir,
    name,
    version,
    summary: `Pantograph test fixture ${name}`,
    requiresDist: deps.map((d) => `${d.name}==${d.version}`),
    ...(options.requiresPython === undefined ? {} : { requiresPython: options.requiresPython }),
    modules: {
      [`${module}/__init__.py`]: `${imports}VALUE = ${JSON.stringify(`${name}==${version}`)}\n`,
      ...options.extraModules,
    },
  });
  return { name: name.toLowerCase().replace(/[-_.]+/g, '-'), version, path, hash: `sha256:${await sha256File(path)}`, module, dependsOn: deps.map((d) => d.name) };
}

/** Writes `ptg-torchlike==2.5.1+cu121`, a wheel with a PEP 440 local version segment. */
export function writeLocalVersionWheel(dir: string): Promise<FixtureWheel> {
  return writeFixtureWheel(dir, 'ptg-torchlike', '2.5.1+cu121');
}

/** A temp directory whose name contains spaces; `cleanup` removes it. */
export async function makeTempDir(label: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `pantograph ${label} `));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
