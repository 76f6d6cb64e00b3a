import { existsSync } from 'node:fs';
import { appendFile, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIntoEnvironment } from '../../../src/core/wheelInstaller/linkIntoEnvironment.js';
import type { UnpackedWheel } from '../../../src/core/wheelInstaller/unpackedWheel.js';
import type { VenvScheme } from '../../../src/core/wheelInstaller/venvScheme.js';
import { venvSchemeFromLayout } from '../../../src/core/wheelInstaller/venvScheme.js';
import { verifyEnvironment } from '../../../src/core/wheelInstaller/verifyEnvironment.js';
import type { InstallerFixtureWheels } from '../../support/wheelFixtures.js';
import { makeTempDir, writeInstallerFixtureWheels } from '../../support/wheelFixtures.js';
import type { LinkSpec } from './support.js';
import { linkAll, makeVenv, metadataView, pipFor, run, unpackInto } from './support.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
let wheels: InstallerFixtureWheels;
let entries: { base: UnpackedWheel; tool: UnpackedWheel; nsA: UnpackedWheel; nsB: UnpackedWheel };
const NAMES = ['ptg-base', 'ptg-tool', 'ptg-ns-a', 'ptg-ns-b'];
const IMPORT_CHECK =
  'import ptg_tool, ptg_tool.cli, ptg_base, ptg_ns.a, ptg_ns.b; print(ptg_tool.VALUE, ptg_base.VALUE, ptg_ns.a.HALF, ptg_ns.b.HALF)';
const IMPORTED = 'ptg-tool==1.0.0 ptg-base==1.0.0 a b\n';

/** The index-install view: only ptg-tool requested, nothing from a direct URL. */
function indexSpecs(): LinkSpec[] {
  return [
    { entry: entries.tool, requested: true },
    { entry: entries.base, requested: false },
    { entry: entries.nsA, requested: true },
    { entry: entries.nsB, requested: true },
  ];
}

function siteDirs(env: VenvScheme): string[] {
  return [env.purelib, env.platlib];
}

beforeAll(async () => {
  tmp = await makeTempDir('link wheel');
  wheels = await writeInstallerFixtureWheels(join(tmp.dir, 'wheels'));
  const store = join(tmp.dir, 'store');
  entries = {
    base: await unpackInto(store, wheels.base),
    tool: await unpackInto(store, wheels.tool),
    nsA: await unpackInto(store, wheels.nsA),
    nsB: await unpackInto(store, wheels.nsB),
  };
}, 60_000);
afterAll(async () => {
  await tmp.cleanup();
});

describe('linkIntoEnvironment', () => {
  let envA: VenvScheme;
  let envB: VenvScheme;

  beforeAll(async () => {
    envA = await makeVenv(join(tmp.dir, 'env a'));
    envB = await makeVenv(join(tmp.dir, 'env b'));
    await linkAll(envA, indexSpecs());
    await linkAll(envB, indexSpecs());
  }, 60_000);

  it('reads the same scheme from the interpreter as the layout gives', () => {
    const majorMinor = /python(\d+\.\d+)/.exec(envA.purelib)![1]!;
    expect(venvSchemeFromLayout(envA.prefix, process.platform, majorMinor)).toEqual(envA);
  });

  it('gives a venv whose modules import, scripts run and data lands under the prefix', async () => {
    expect(run(envA.pythonExecutable, ['-c', IMPORT_CHECK])).toBe(IMPORTED);
    expect(run(join(envA.scripts, 'ptg-tool'), ['one', 'two'])).toBe('ptg-tool main ptg-tool==1.0.0 one two\n');
    expect(run(join(envA.scripts, 'ptg-raw'))).toBe('ptg-raw ptg-tool==1.0.0\n');
    expect(await readFile(join(envA.prefix, 'share', 'ptg-tool', 'notes.txt'), 'utf8')).toBe('notes of ptg-tool\n');
    // Bytecode written by imports lands in the env's own folders, never in the store entry.
    expect(existsSync(join(envA.purelib, 'ptg_tool', '__pycache__'))).toBe(true);
    expect(existsSync(join(entries.tool.entryDir, 'ptg_tool', '__pycache__'))).toBe(false);
    // The #!python script is a new file: the store's copy keeps its marker shebang.
    expect(await readFile(join(entries.tool.entryDir, 'ptg_tool-1.0.0.data', 'scripts', 'ptg-raw'), 'utf8')).toMatch(
      /^#!python\n/,
    );
  });

  it('shares inodes between two environments and the store, but never for RECORD or scripts', async () => {
    const ino = async (path: string): Promise<number> => (await stat(path)).ino;
    const file = join('ptg_tool', 'cli.py');
    expect(await ino(join(envA.purelib, file))).toBe(await ino(join(entries.tool.entryDir, file)));
    expect(await ino(join(envB.purelib, file))).toBe(await ino(join(entries.tool.entryDir, file)));
    const record = join('ptg_tool-1.0.0.dist-info', 'RECORD');
    expect(await ino(join(envA.purelib, record))).not.toBe(await ino(join(entries.tool.entryDir, record)));
    expect(await ino(join(envA.scripts, 'ptg-raw'))).not.toBe(
      await ino(join(entries.tool.entryDir, 'ptg_tool-1.0.0.data', 'scripts', 'ptg-raw')),
    );
  });

  it('marks only requested distributions and writes INSTALLER', async () => {
    const distInfo = (name: string): string => join(envA.purelib, `${name}-1.0.0.dist-info`);
    expect(existsSync(join(distInfo('ptg_tool'), 'REQUESTED'))).toBe(true);
    expect(existsSync(join(distInfo('ptg_base'), 'REQUESTED'))).toBe(false);
    expect(existsSync(join(distInfo('ptg_tool'), 'direct_url.json'))).toBe(false);
    expect(await readFile(join(distInfo('ptg_base'), 'INSTALLER'), 'utf8')).toBe('pantograph\n');
  });

  it('is seen by pip list and pip show', () => {
    const listed = JSON.parse(pipFor(envA, ['list', '--format', 'json'])) as { name: string; version: string }[];
    expect(listed.filter((p) => NAMES.includes(p.name)).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [...NAMES].sort().map((name) => ({ name, version: '1.0.0' })),
    );
    const shown = pipFor(envA, ['show', '-f', 'ptg-tool']);
    expect(shown).toMatch(/^Name: ptg-tool$/m);
    expect(shown).toMatch(/^Requires: ptg-base$/m);
    expect(shown).toMatch(/^ {2}\.\.\/\.\.\/\.\.\/bin\/ptg-tool$/m);
    expect(shown).toMatch(/^ {2}ptg_tool\/cli\.py$/m);
  });

  it('verifies clean environments and the store entries', async () => {
    for (const env of [envA, envB])
      expect(await verifyEnvironment({ sitePackagesDirs: siteDirs(env) })).toMatchObject({ ok: true, distributions: 4 });
    for (const entry of Object.values(entries))
      expect((await verifyEnvironment({ sitePackagesDirs: [entry.entryDir] })).ok).toBe(true);
    await expect(verifyEnvironment({ sitePackagesDirs: siteDirs(envA), signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });

  it('keeps the store and another environment intact through pip uninstall and pip install --force-reinstall', async () => {
    pipFor(envA, ['uninstall', '--yes', 'ptg-tool']);
    expect(existsSync(join(envA.purelib, 'ptg_tool'))).toBe(false);
    expect(existsSync(join(envA.scripts, 'ptg-tool'))).toBe(false);
    await expectStoreAndEnvBIntact();

    pipFor(envA, ['install', '--force-reinstall', '--no-index', '--no-deps', wheels.tool, wheels.base]);
    expect(run(envA.pythonExecutable, ['-c', IMPORT_CHECK])).toBe(IMPORTED);
    // pip wrote new files: env A no longer shares the reinstalled files with the store.
    expect((await stat(join(envA.purelib, 'ptg_base', '__init__.py'))).ino).not.toBe(
      (await stat(join(entries.base.entryDir, 'ptg_base', '__init__.py'))).ino,
    );
    await expectStoreAndEnvBIntact();
    expect((await verifyEnvironment({ sitePackagesDirs: siteDirs(envA) })).ok).toBe(true);
  }, 120_000);

  async function expectStoreAndEnvBIntact(): Promise<void> {
    for (const entry of Object.values(entries))
      expect(await verifyEnvironment({ sitePackagesDirs: [entry.entryDir] })).toMatchObject({ ok: true, changed: [] });
    expect(await verifyEnvironment({ sitePackagesDirs: siteDirs(envB) })).toMatchObject({ ok: true, changed: [] });
    expect(run(envB.pythonExecutable, ['-c', IMPORT_CHECK])).toBe(IMPORTED);
    expect(run(join(envB.scripts, 'ptg-tool'))).toBe('ptg-tool main ptg-tool==1.0.0 \n');
  }
});

describe('compared with pip', () => {
  it('gives importlib.metadata the same view as a pip install of the same wheels', async () => {
    const pipEnv = await makeVenv(join(tmp.dir, 'env pip'));
    pipFor(pipEnv, ['install', '--no-index', '--no-deps', '--no-compile', wheels.tool, wheels.base, wheels.nsA, wheels.nsB]);
    const linkedEnv = await makeVenv(join(tmp.dir, 'env linked'));
    // pip installed four local files the user named: all requested, all with direct_url.json.
    await linkAll(
      linkedEnv,
      (['tool', 'base', 'nsA', 'nsB'] as const).map((key) => ({ entry: entries[key], requested: true, localWheel: wheels[key] })),
    );
    const linkedView = metadataView(linkedEnv, NAMES);
    expect(linkedView).toEqual(metadataView(pipEnv, NAMES));
    expect(JSON.stringify(linkedView)).toContain('../../../bin/ptg-tool');
    expect((await verifyEnvironment({ sitePackagesDirs: siteDirs(pipEnv) })).ok).toBe(true);
  }, 120_000);
});

describe('copy mode and the deep check', () => {
  it('copies instead of linking when told, with the same import and metadata results', async () => {
    const linked = await makeVenv(join(tmp.dir, 'env linked 2'));
    await linkAll(linked, indexSpecs());
    const copied = await makeVenv(join(tmp.dir, 'env copied'));
    const results = await linkAll(copied, indexSpecs(), 'copy');
    expect(results.every((r) => r.linkedFiles === 0 && r.copiedFiles > 0)).toBe(true);
    expect((await stat(join(copied.purelib, 'ptg_tool', 'cli.py'))).ino).not.toBe(
      (await stat(join(entries.tool.entryDir, 'ptg_tool', 'cli.py'))).ino,
    );
    expect(run(copied.pythonExecutable, ['-c', IMPORT_CHECK])).toBe(IMPORTED);
    expect(metadataView(copied, NAMES)).toEqual(metadataView(linked, NAMES));

    // The deep check names files changed in place and deleted (a copy: the store is not touched).
    await appendFile(join(copied.purelib, 'ptg_base', '__init__.py'), '# edited\n');
    const original = await readFile(join(copied.purelib, 'ptg_ns', 'a', '__init__.py'), 'utf8');
    await writeFile(join(copied.purelib, 'ptg_ns', 'a', '__init__.py'), original.replace('"a"', '"z"'));
    await rm(join(copied.purelib, 'ptg_tool', 'cli.py'));
    await rm(join(copied.scripts, 'ptg-raw'));
    const verdict = await verifyEnvironment({ sitePackagesDirs: siteDirs(copied) });
    expect(verdict.ok).toBe(false);
    expect(verdict.changed).toEqual(
      [
        { distribution: 'ptg-base', path: join(copied.purelib, 'ptg_base', '__init__.py'), reason: 'size' },
        { distribution: 'ptg-ns-a', path: join(copied.purelib, 'ptg_ns', 'a', '__init__.py'), reason: 'hash' },
        { distribution: 'ptg-tool', path: join(copied.purelib, 'ptg_tool', 'cli.py'), reason: 'missing' },
        { distribution: 'ptg-tool', path: join(copied.scripts, 'ptg-raw'), reason: 'missing' },
      ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
    expect((await verifyEnvironment({ sitePackagesDirs: siteDirs(linked) })).ok).toBe(true);
  }, 120_000);

  it('refuses an entry without its completion marker and stops when cancelled', async () => {
    const env = await makeVenv(join(tmp.dir, 'env refused'));
    await expect(
      linkIntoEnvironment({ entryDir: join(tmp.dir, 'wheels'), env, requested: true, installer: 'pantograph' }),
    ).rejects.toMatchObject({ code: 'wheel_entry_incomplete' });
    await expect(
      linkIntoEnvironment({
        entryDir: entries.tool.entryDir,
        env,
        requested: true,
        installer: 'pantograph',
        signal: AbortSignal.abort(),
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(join(env.purelib, 'ptg_tool-1.0.0.dist-info', 'RECORD'))).toBe(false);
  }, 60_000);
});
