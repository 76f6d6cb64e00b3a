import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDemoWheels, DEMO_SYNTH_DISTRIBUTION } from '../../../src/core/library/demoWheels.js';
import { bundledModelLibraryDir } from '../../../src/core/library/extensionRoot.js';
import { loadModelLibrary, findModel } from '../../../src/core/library/loadModelLibrary.js';
import { DependencyProfileSchema } from '../../../src/core/library/modelManifest.js';

describe('buildDemoWheels', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pantograph wheels '));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the same wheel bytes every time, holding the package source and its metadata', async () => {
    const [first] = await buildDemoWheels(join(dir, 'a'));
    const [second] = await buildDemoWheels(join(dir, 'b'));
    expect(basename(first!)).toBe('pantograph_demo_synth-0.1.0-py3-none-any.whl');
    const bytes = await readFile(first!);
    expect(bytes.equals(await readFile(second!))).toBe(true);
    const text = bytes.toString('latin1');
    expect(text).toContain('pantograph_demo_synth/__init__.py');
    expect(text).toContain('pantograph_demo_synth-0.1.0.dist-info/METADATA');
  });

  it('matches the pin and python range that the demo model declares', async () => {
    const library = await loadModelLibrary(bundledModelLibraryDir());
    if (!library.ok) throw new Error('library');
    const model = findModel(library.value, 'demo-synth');
    if (!model.ok) throw new Error('model');
    const profile = DependencyProfileSchema.parse(model.value.manifest.dependencies.profiles[0]);
    expect(profile.requirements[0]).toMatchObject({
      name: DEMO_SYNTH_DISTRIBUTION.name,
      exact_pin: `==${DEMO_SYNTH_DISTRIBUTION.version}`,
      python_requires: DEMO_SYNTH_DISTRIBUTION.requiresPython,
    });
  });

  it('rejects a source folder without the package', async () => {
    await expect(buildDemoWheels(join(dir, 'out'), { sourceDir: dir })).rejects.toThrow();
  });
});
