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
    wheels.push(
      await writeFixtureWheel(
        dir,
        names[i]!,
        '1.0.0',
        deps.map((d) => ({ name: d, version: '1.0.0' })),
      ),
    );
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
  return {
    name: name.toLowerCase().replace(/[-_.]+/g, '-'),
    version,
    path,
    hash: `sha256:${await sha256File(path)}`,
    module,
    dependsOn: deps.map((d) => d.name),
  };
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

/** The wheels {@link writeInstallerFixtureWheels} writes, each with the features real wheels have. */
export interface InstallerFixtureWheels {
  /** `ptg-base==1.0.0`: a plain package (`ptg_base.VALUE`). */
  readonly base: string;
  /**
   * `ptg-tool==1.0.0`: requires `ptg-base==1.0.0`; console script `ptg-tool`, GUI script
   * `ptg-tool-gui`, a `.data/scripts/ptg-raw` with a `#!python` shebang, and a `.data/data` file
   * `share/ptg-tool/notes.txt`.
   */
  readonly tool: string;
  /** `ptg-ns-a==1.0.0` and `ptg-ns-b==1.0.0`: two halves of the namespace package `ptg_ns` (no `__init__.py`). */
  readonly nsA: string;
  readonly nsB: string;
}

/** Writes the wheel-installer fixture wheels into `dir`. */
export async function writeInstallerFixtureWheels(dir: string): Promise<InstallerFixtureWheels> {
  const base = await writeWheel({
    outDir: dir,
    name: 'ptg-base',
    version: '1.0.0',
    summary: 'Pantograph installer fixture: a dependency',
    modules: { 'ptg_base/__init__.py': 'VALUE = "ptg-base==1.0.0"\n' },
  });
  const tool = await writeWheel({
    outDir: dir,
    name: 'ptg-tool',
    version: '1.0.0',
    summary: 'Pantograph installer fixture: scripts and data',
    requiresDist: ['ptg-base==1.0.0'],
    modules: {
      'ptg_tool/__init__.py': 'import ptg_base\nVALUE = "ptg-tool==1.0.0"\n',
      'ptg_tool/cli.py':
        'import sys\nimport ptg_tool\n\ndef main():\n    print("ptg-tool main", ptg_tool.VALUE, " ".join(sys.argv[1:]))\n    return 0\n',
    },
    entryPoints: {
      console_scripts: { 'ptg-tool': 'ptg_tool.cli:main' },
      gui_scripts: { 'ptg-tool-gui': 'ptg_tool.cli:main' },
    },
    dataFiles: {
      'scripts/ptg-raw': '#!python\nimport ptg_tool\nprint("ptg-raw", ptg_tool.VALUE)\n',
      'data/share/ptg-tool/notes.txt': 'notes of ptg-tool\n',
    },
  });
  const nsA = await writeWheel({
    outDir: dir,
    name: 'ptg-ns-a',
    version: '1.0.0',
    modules: { 'ptg_ns/a/__init__.py': 'HALF = "a"\n' },
  });
  const nsB = await writeWheel({
    outDir: dir,
    name: 'ptg-ns-b',
    version: '1.0.0',
    modules: { 'ptg_ns/b/__init__.py': 'HALF = "b"\n' },
  });
  return { base, tool, nsA, nsB };
}
