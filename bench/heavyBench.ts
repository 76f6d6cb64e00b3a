/**
 * The package-store benchmark on the real ML stack (torch CPU + transformers + safetensors from
 * the test package index): naive `python -m venv` + `pip install` vs `ensure` cold vs a second
 * environment with one extra small pin (tqdm), and that environment again from an offline wheelhouse
 * (one local folder holding the mirror's files and the torch wheel, no index: the local resolver
 * answers in-process, platform wheels included). Disk is measured with `du -sb`, which counts a
 * hard-linked inode once. Rewrites the "Package store benchmark" section of docs/benchmarks.md
 * (PANTOGRAPH_BENCH_NO_WRITE=1 to leave it alone).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../test/support/serviceHarness.js';
import { HEAVY_STACK_PINS, mirrorFilesFolder, testPackageIndex } from '../test/support/testIndex.js';
import { basePythonExecutable } from '../test/support/python.js';
import { makeTempDir } from '../test/support/wheelFixtures.js';
import { writeBenchmarkSection } from './benchmarksDoc.js';
import { timed } from './stats.js';

const STACK = [
  { name: 'torch', version: HEAVY_STACK_PINS.torch },
  { name: 'transformers', version: HEAVY_STACK_PINS.transformers },
  { name: 'safetensors', version: HEAVY_STACK_PINS.safetensors },
];
const EXTRA = { name: 'tqdm', version: '4.70.1' };

function du(...paths: string[]): number {
  const out = execFileSync('du', ['-scb', ...paths], { encoding: 'utf8' });
  return Number(/(\d+)\s+total\s*$/.exec(out)?.[1] ?? NaN);
}

/**
 * An offline wheelhouse as a user keeps one: one folder with every file of the mirror's flat file
 * folder (next to its simple index) and the wheel folders' wheels, as symlinks.
 */
function offlineWheelhouse(dir: string, indexUrl: string, findLinks: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  const folders = [mirrorFilesFolder(indexUrl), ...findLinks];
  for (const folder of folders)
    for (const name of readdirSync(folder))
      if (/\.(whl|tar\.gz|zip)$/.test(name)) symlinkSync(join(folder, name), join(dir, name));
  return dir;
}

function baselineEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith('PIP_') && !name.startsWith('PYTHON')) env[name] = value;
  env['PIP_CONFIG_FILE'] = '/dev/null';
  return env;
}

async function main(): Promise<void> {
  const python = basePythonExecutable();
  const index = testPackageIndex();
  const temp = await makeTempDir('heavy bench');
  try {
    const loadBefore = loadavg();
    const env = baselineEnv();
    const venv = join(temp.dir, 'naive');
    const naive = await timed(async () => {
      execFileSync(python, ['-m', 'venv', venv], { env, stdio: 'ignore' });
      execFileSync(
        join(venv, 'bin', 'python'),
        [
          '-m',
          'pip',
          'install',
          '--no-input',
          '--disable-pip-version-check',
          '--index-url',
          index.indexUrl,
          ...index.findLinks.flatMap((f) => ['--find-links', f]),
          ...STACK.map((p) => `${p.name}==${p.version}`),
        ],
        { env, stdio: 'ignore' },
      );
    });
    const naiveBytes = du(venv);
    console.info(`naive: ${(naive.ms / 1000).toFixed(1)} s, ${(naiveBytes / 1e6).toFixed(0)} MB`);

    const h = createServiceHarness(join(temp.dir, 'data'), { defaultIndexUrl: index.indexUrl, defaultPythonPath: python });
    const overrides = index.findLinks.slice(0, 1).map((dir) => wheelFolderPatch('test-binding', dir));
    const cold = await timed(() => h.service.ensure({ requirements: payloadFor(STACK), overrides }));
    if (cold.value.state !== 'ready')
      throw new Error(`cold ensure ended ${cold.value.state}: ${JSON.stringify(cold.value.errors)}`);
    const afterFirst = du(h.dataDir);
    console.info(`cold ensure: ${(cold.ms / 1000).toFixed(1)} s, data dir ${(afterFirst / 1e6).toFixed(0)} MB`);

    const t0 = performance.now();
    const marks: { phase: string; at: number }[] = [];
    const second = await timed(() =>
      h.service.ensure(
        { requirements: payloadFor([...STACK, EXTRA]), overrides },
        {
          onProgress: (e) =>
            void (!e.line && marks.at(-1)?.phase !== e.phase && marks.push({ phase: e.phase, at: performance.now() - t0 })),
        },
      ),
    );
    if (second.value.state !== 'ready')
      throw new Error(`second ensure ended ${second.value.state}: ${JSON.stringify(second.value.errors)}`);
    const afterSecond = du(h.dataDir);
    const extra = (afterSecond - afterFirst) / afterFirst;
    const read = await h.store.readManifest(second.value.ref!.environment_key!);
    if (!read.ready) throw new Error('second manifest not ready');
    const phases = (read.manifest.install['phases_ms'] ?? {}) as Record<string, number>;
    const validateAt = marks.find((m) => m.phase === 'validate')?.at;
    const commitAt = marks.find((m) => m.phase === 'commit')?.at;
    const validateMs = validateAt !== undefined && commitAt !== undefined ? commitAt - validateAt : NaN;
    const count = read.manifest.resolved_packages?.length ?? 0;
    console.info(
      `second: ${(second.ms / 1000).toFixed(1)} s, +${(extra * 100).toFixed(2)} % disk, phases ${JSON.stringify(phases)}, validate ${validateMs.toFixed(0)} ms`,
    );

    // The same environment from an offline wheelhouse: a new key (no index, another wheel source),
    // every wheel already in the store; the resolve is the local resolver's.
    const wheelhouse = offlineWheelhouse(join(temp.dir, 'wheelhouse'), index.indexUrl, index.findLinks);
    const offlineHarness = createServiceHarness(h.dataDir, { defaultIndexUrl: null, defaultPythonPath: python });
    const offlineLines: string[] = [];
    const offline = await timed(() =>
      offlineHarness.service.ensure(
        { requirements: payloadFor([...STACK, EXTRA]), overrides: [wheelFolderPatch('test-binding', wheelhouse)] },
        { onProgress: (e) => void (!e.line && offlineLines.push(e.message)) },
      ),
    );
    if (offline.value.state !== 'ready')
      throw new Error(`offline ensure ended ${offline.value.state}: ${JSON.stringify(offline.value.errors)}`);
    const offlineRead = await h.store.readManifest(offline.value.ref!.environment_key!);
    const offlinePhases = (offlineRead.ready ? (offlineRead.manifest.install['phases_ms'] ?? {}) : {}) as Record<string, number>;
    const resolvedHow =
      offlineLines.find((m) => /^resolved \d+ package|^resolving the requirements with pip/.test(m)) ?? 'no resolve line';
    console.info(`offline: ${(offline.ms / 1000).toFixed(1)} s, phases ${JSON.stringify(offlinePhases)}; ${resolvedHow}`);

    const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;
    const mark = (ok: boolean): string => (ok ? 'met' : '**missed**');
    const coldRatio = naive.ms / cold.ms;
    const body = [
      `\`npm run bench\` (\`bench/heavyBench.ts\`), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, one run. torch ${HEAVY_STACK_PINS.torch} (the mirror's wheel folder), transformers ${HEAVY_STACK_PINS.transformers}, safetensors ${HEAVY_STACK_PINS.safetensors} from the test package index (${count} distributions in the second environment). Disk by \`du -sb\` (a hard-linked inode counts once). ${cpus().length} cores shared with other work; load average before / after ${loadBefore.map((l) => l.toFixed(1)).join(' ')} / ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}.`,
      '',
      '| measurement | result | target |',
      '| --- | --- | --- |',
      `| naive \`python -m venv\` + \`pip install\` | ${s(naive.ms)}, ${mb(naiveBytes)} | |`,
      `| \`ensure\` cold (store installer, empty store) | ${s(cold.ms)}, data dir ${mb(afterFirst)} | naive / cold ≥ 2× — ${coldRatio.toFixed(2)}× ${mark(coldRatio >= 2)} |`,
      `| second environment (+ \`tqdm==${EXTRA.version}\`) | ${s(second.ms)} | ≤ 6 s — ${mark(second.ms <= 6000)} |`,
      `| … extra disk (data dir after / before) | +${mb(afterSecond - afterFirst)} = ${(extra * 100).toFixed(2)} % | ≤ 2 % — ${mark(extra <= 0.02)} |`,
      `| … where its time goes | resolve (pip dry run) ${s(phases['resolve'] ?? NaN)}, store (fetch + unpack of the new wheel) ${s(phases['store'] ?? NaN)}, link (hard links, scripts, RECORDs) ${s(phases['link'] ?? NaN)}, validate ${s(validateMs)}, rest (venv, manifest, lock) ${s(second.ms - (phases['resolve'] ?? 0) - (phases['store'] ?? 0) - (phases['link'] ?? 0) - (Number.isFinite(validateMs) ? validateMs : 0))} | |`,
      `| the second environment from an offline wheelhouse (${readdirSync(wheelhouse).length} files in one folder, no index; store already holds every wheel) | ${s(offline.ms)}: resolve ${s(offlinePhases['resolve'] ?? NaN)}, link ${s(offlinePhases['link'] ?? NaN)} — “${resolvedHow}” | |`,
    ].join('\n');
    console.info(`\n${body}`);
    if (process.env['PANTOGRAPH_BENCH_NO_WRITE'] !== '1') await writeBenchmarkSection('Package store benchmark', body);
  } finally {
    await temp.cleanup();
  }
}

await main();
