/**
 * Shared setup for the wheel-installer suites: real venvs (`venv --without-pip`), store entries
 * unpacked from real wheels, linking, pip driven from the base interpreter, and the
 * `importlib.metadata` view of an environment.
 */
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { sha256File } from '../../../src/core/packaging/wheelWriter.js';
import type { LinkedDistribution, LinkMode } from '../../../src/core/wheelInstaller/linkIntoEnvironment.js';
import { linkIntoEnvironment } from '../../../src/core/wheelInstaller/linkIntoEnvironment.js';
import type { UnpackedWheel } from '../../../src/core/wheelInstaller/unpackedWheel.js';
import { unpackWheel } from '../../../src/core/wheelInstaller/unpackWheel.js';
import type { VenvScheme } from '../../../src/core/wheelInstaller/venvScheme.js';
import { readVenvScheme } from '../../../src/core/wheelInstaller/venvScheme.js';
import { basePythonExecutable, childEnv } from '../../support/python.js';

export const basePython = basePythonExecutable();
const runner = new ExecaProcessRunner();

/** Creates `dir` as a venv without pip and returns its scheme (read from its interpreter). */
export async function makeVenv(dir: string): Promise<VenvScheme> {
  execFileSync(basePython, ['-m', 'venv', '--without-pip', dir], { env: childEnv(), stdio: 'ignore' });
  return readVenvScheme(join(dir, 'bin', 'python'), runner);
}

/** Unpacks `wheelPath` into `<storeDir>/<wheel file name>/`. */
export async function unpackInto(storeDir: string, wheelPath: string): Promise<UnpackedWheel> {
  const destDir = join(storeDir, basename(wheelPath));
  await mkdir(destDir, { recursive: true });
  return unpackWheel({ wheelPath, destDir });
}

/** One distribution to link: its entry and whether it was requested / came from a local file. */
export interface LinkSpec {
  readonly entry: UnpackedWheel;
  readonly requested: boolean;
  /** The wheel file, when the requirement was a local file (pip then writes direct_url.json). */
  readonly localWheel?: string;
}

/** PEP 610 `direct_url.json` content for a local wheel file, as pip writes it. */
export async function directUrlForFile(wheelPath: string): Promise<Record<string, unknown>> {
  const hex = await sha256File(wheelPath);
  return { archive_info: { hash: `sha256=${hex}`, hashes: { sha256: hex } }, url: pathToFileURL(wheelPath).href };
}

/** Links every spec into `env`. */
export async function linkAll(
  env: VenvScheme,
  specs: readonly LinkSpec[],
  linkMode: LinkMode = 'hardlink',
): Promise<LinkedDistribution[]> {
  const linked: LinkedDistribution[] = [];
  for (const spec of specs) {
    linked.push(
      await linkIntoEnvironment({
        entryDir: spec.entry.entryDir,
        env,
        requested: spec.requested,
        installer: 'pantograph',
        linkMode,
        ...(spec.localWheel ? { directUrl: await directUrlForFile(spec.localWheel) } : {}),
      }),
    );
  }
  return linked;
}

/** Runs the base interpreter's pip against `env` (`pip --python <env python> …`); returns stdout. */
export function pipFor(env: VenvScheme, args: readonly string[]): string {
  return execFileSync(basePython, ['-m', 'pip', '--python', env.pythonExecutable, ...args], {
    env: childEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a program with the isolated child environment; returns stdout. */
export function run(file: string, args: readonly string[] = []): string {
  return execFileSync(file, args, { env: childEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const METADATA_VIEW = `
import importlib.metadata as md, json, sys
names = set(sys.argv[1:])
out = []
for d in md.distributions():
    if d.metadata["Name"] not in names:
        continue
    out.append({
        "name": d.metadata["Name"],
        "version": d.version,
        "files": sorted(str(f) for f in (d.files or [])),
        "hashes": sorted(f"{f}={f.hash.value if f.hash else ''}" for f in (d.files or []) if f.hash and not str(f).startswith("..") and not str(f).endswith("INSTALLER")),
        "entry_points": sorted([e.group, e.name, e.value] for e in d.entry_points),
        "requires": d.requires,
        "requested": d.read_text("REQUESTED") is not None,
        "direct_url": json.loads(d.read_text("direct_url.json") or "null"),
    })
print(json.dumps(sorted(out, key=lambda x: x["name"]), indent=1))
`;

/** `importlib.metadata`'s view of the named distributions in `env`, as parsed JSON. */
export function metadataView(env: VenvScheme, names: readonly string[]): unknown {
  return JSON.parse(run(env.pythonExecutable, ['-c', METADATA_VIEW, ...names]));
}
