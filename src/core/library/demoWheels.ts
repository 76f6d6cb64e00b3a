/**
 * Packs the demo model's Python source (`examples/demo-synth/src/pantograph_demo_synth/`) into a
 * pure-Python wheel, so the Dependency Environment node can install it offline through a
 * `wheel_source_path` override (or find-links) pointing at the output directory.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { writeWheel } from '../packaging/wheelWriter.js';
import { findExtensionRoot } from './extensionRoot.js';

/** Distribution name, version and interpreter range of the demo package, as the demo manifest pins them. */
export const DEMO_SYNTH_DISTRIBUTION = { name: 'pantograph-demo-synth', version: '0.1.0', requiresPython: '>=3.8' } as const;

/** Options for {@link buildDemoWheels}. */
export interface DemoWheelOptions {
  /** The `src` folder holding `pantograph_demo_synth/`; default: the extension's `examples/demo-synth/src`. */
  readonly sourceDir?: string;
}

/**
 * Writes `pantograph_demo_synth-0.1.0-py3-none-any.whl` into `outDir` (created when missing) and
 * returns the absolute paths of the wheels written (one today). Every `.py` file of the package
 * is included; bytes are deterministic for the same sources. Rejects when the sources are missing.
 */
export async function buildDemoWheels(outDir: string, options: DemoWheelOptions = {}): Promise<string[]> {
  const sourceDir = options.sourceDir ?? join(findExtensionRoot(), 'examples', 'demo-synth', 'src');
  const packageDir = join(sourceDir, 'pantograph_demo_synth');
  const modules: Record<string, string> = {};
  for (const file of await listPythonFiles(packageDir)) {
    modules[relative(sourceDir, file).split(sep).join('/')] = await readFile(file, 'utf8');
  }
  if (!('pantograph_demo_synth/__init__.py' in modules)) {
    throw new Error(`demo synth sources not found in ${packageDir}`);
  }
  const wheel = await writeWheel({
    outDir,
    name: DEMO_SYNTH_DISTRIBUTION.name,
    version: DEMO_SYNTH_DISTRIBUTION.version,
    requiresPython: DEMO_SYNTH_DISTRIBUTION.requiresPython,
    summary: 'Pantograph demo synth: a standard-library stand-in for a text-to-audio model (a demo, not a model).',
    modules,
  });
  return [wheel];
}

async function listPythonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== '__pycache__') files.push(...(await listPythonFiles(path)));
    else if (entry.isFile() && entry.name.endsWith('.py')) files.push(path);
  }
  return files.sort();
}
