/**
 * A requirement that only has an sdist (or a local directory / VCS checkout) is built once into a
 * wheel with `pip wheel --no-deps` (the base interpreter's pip, isolated like every pip run) and
 * kept like any other wheel. An sdist archive's build is remembered in `store/built/<sha256>.json`
 * so later environments reuse the wheel without building again.
 */
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { PantographError, structuredError } from '../errors/structuredError.js';
import { buildChildEnvironment } from '../process/childEnvironment.js';
import type { InstallPlan } from './installPlan.js';
import { buildPipSourceArgs } from './pipArguments.js';
import type { ProvisionerDeps } from './provisioner.js';
import type { EntryLockOptions } from '../packageStore/entryLock.js';
import { withEntryLock } from '../packageStore/entryLock.js';
import { fetchArtifact, findStoredWheel, storeWheel } from '../packageStore/wheelStore.js';
import type { StoredWheel } from '../packageStore/wheelStore.js';
import { scratchFolder, sha256OfFile } from '../packageStore/fileOps.js';
import type { PackageStoreLayout } from '../packageStore/packageStoreLayout.js';
import type { ResolvedDistribution } from '../packageStore/pipReport.js';
import { pathToFileURL } from 'node:url';

/** What building needs besides the distribution. */
export interface BuildContext {
  readonly deps: ProvisionerDeps;
  readonly basePython: string;
  /** Its package sources are used for the build backend's requirements. */
  readonly plan: InstallPlan;
}

/**
 * The stored wheel built from `dist` (kind `sdist`, `directory` or `vcs`). An sdist with a known
 * sha256 is built at most once per store (under its `built` lock). Throws `PantographError`
 * (`dependency_install_failed` with pip's last lines, `cancelled`).
 */
export async function storeBuiltWheel(
  layout: PackageStoreLayout,
  dist: ResolvedDistribution,
  build: BuildContext,
  options: EntryLockOptions,
): Promise<StoredWheel> {
  const sdistSha = dist.kind === 'sdist' ? dist.indexSha256 : null;
  if (sdistSha === null) return buildAndStore(layout, dist, build, options);
  const remembered = await readBuilt(layout, sdistSha);
  if (remembered) return remembered;
  return withEntryLock(layout, 'built', sdistSha, options, async () => {
    const again = await readBuilt(layout, sdistSha);
    if (again) return again;
    const wheel = await buildAndStore(layout, dist, build, options);
    // The first build of a store creates `built/` (the wheel and package folders make their own).
    await mkdir(layout.builtDir, { recursive: true });
    await writeFileAtomic(layout.builtRecord(sdistSha), `${JSON.stringify({ wheel: wheel.fileName, sha256: wheel.sha256 })}\n`);
    return wheel;
  });
}

async function readBuilt(layout: PackageStoreLayout, sdistSha: string): Promise<StoredWheel | null> {
  try {
    const record = JSON.parse(await readFile(layout.builtRecord(sdistSha), 'utf8')) as { sha256?: unknown };
    return typeof record.sha256 === 'string' ? await findStoredWheel(layout, record.sha256) : null;
  } catch {
    return null;
  }
}

async function buildAndStore(
  layout: PackageStoreLayout,
  dist: ResolvedDistribution,
  build: BuildContext,
  options: EntryLockOptions,
): Promise<StoredWheel> {
  const scratch = await scratchFolder(layout.tmpDir, 'build');
  try {
    let target = dist.url;
    if (dist.kind === 'sdist') {
      // Fetch (and check) the archive ourselves, so pip builds exactly the bytes the index named.
      const archive = path.join(scratch, dist.fileName);
      await fetchArtifact(dist, archive, options.signal);
      if (dist.indexSha256 !== null && (await sha256OfFile(archive, options.signal)) !== dist.indexSha256) {
        throw new PantographError(
          structuredError(
            'dependency_install_failed',
            `the sdist ${dist.fileName} from ${dist.source} does not match the index's sha256`,
          ),
        );
      }
      target = pathToFileURL(archive).href;
    }
    const outDir = path.join(scratch, 'out');
    const result = await build.deps.runner.run({
      file: build.basePython,
      args: [
        '-I',
        '-m',
        'pip',
        'wheel',
        '--no-deps',
        '--no-input',
        '--disable-pip-version-check',
        '--progress-bar',
        'off',
        ...buildPipSourceArgs(build.plan),
        '-w',
        outDir,
        `${dist.name} @ ${target}`,
      ],
      env: buildChildEnvironment(build.deps.parentEnv, build.deps.platform),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (result.cancelled) throw new PantographError(structuredError('cancelled', `building ${dist.name} was cancelled`));
    const wheels =
      result.exitCode === 0 ? (await readdir(outDir).catch(() => [] as string[])).filter((f) => f.endsWith('.whl')) : [];
    const built = wheels[0];
    if (built === undefined) {
      const tail = (result.spawnError ?? (result.stderr || result.stdout)).split(/\r?\n/).filter(Boolean).slice(-20).join('\n');
      throw new PantographError(
        structuredError(
          'dependency_install_failed',
          `building a wheel of ${dist.name} ${dist.version} from ${dist.source} failed:\n${tail}`,
        ),
      );
    }
    const file = path.join(outDir, built);
    return await storeWheel(
      layout,
      {
        ...dist,
        kind: 'wheel',
        url: pathToFileURL(file).href,
        fileName: built,
        indexSha256: await sha256OfFile(file, options.signal),
      },
      options,
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
