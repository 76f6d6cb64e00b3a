/**
 * `npx tsx bench/wheelInstallerBench.ts [wheel.whl]`: times the wheel installer on one big real
 * wheel (default: the CPU torch wheel from the test package index's wheel folder): unpack into a
 * store entry (RECORD verified), hard-link into a first and a second venv, copy into a third, and
 * the deep check. Prints a table; `du` shows that linked envs add almost no disk.
 * PANTOGRAPH_BENCH_PIP=1 also times `pip install --no-deps --no-compile` of the same wheel.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { ExecaProcessRunner } from '../src/core/process/execaProcessRunner.js';
import { linkIntoEnvironment } from '../src/core/wheelInstaller/linkIntoEnvironment.js';
import type { LinkMode } from '../src/core/wheelInstaller/linkIntoEnvironment.js';
import { unpackWheel } from '../src/core/wheelInstaller/unpackWheel.js';
import { readVenvScheme } from '../src/core/wheelInstaller/venvScheme.js';
import type { VenvScheme } from '../src/core/wheelInstaller/venvScheme.js';
import { verifyEnvironment } from '../src/core/wheelInstaller/verifyEnvironment.js';
import { basePythonExecutable, childEnv } from '../test/support/python.js';
import { testPackageIndex } from '../test/support/testIndex.js';
import { makeTempDir } from '../test/support/wheelFixtures.js';

function defaultWheel(): string {
  for (const dir of testPackageIndex().findLinks) {
    const torch = readdirSync(dir).find((f) => f.startsWith('torch-') && f.endsWith('.whl'));
    if (torch) return join(dir, torch);
  }
  throw new Error('no torch wheel in the test index wheel folders; pass a wheel path');
}

let lastCpuSeconds = 0;

/** Wall seconds of `run`; its CPU seconds (this process, user + system) go to `lastCpuSeconds`. */
async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await run();
  const used = process.cpuUsage(cpu);
  lastCpuSeconds = (used.user + used.system) / 1e6;
  return [value, (performance.now() - start) / 1000];
}

function seconds(wall: number): string {
  return `${wall.toFixed(2)} s (CPU ${lastCpuSeconds.toFixed(2)} s)`;
}

function du(...paths: string[]): string {
  return execFileSync('du', ['-sch', ...paths], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!
    .split('\t')[0]!;
}

const wheel = process.argv[2] ?? defaultWheel();
const python = basePythonExecutable();
const runner = new ExecaProcessRunner();
const tmp = await makeTempDir('wheel installer bench');
try {
  const entryDir = join(tmp.dir, 'store', basename(wheel));
  await mkdir(entryDir, { recursive: true });
  const [entry, unpackSeconds] = await timed(() => unpackWheel({ wheelPath: wheel, destDir: entryDir }));
  const rows: [string, string][] = [
    [`unpack ${basename(wheel)} (${entry.fileCount} files, RECORD verified)`, seconds(unpackSeconds)],
  ];

  const makeEnv = async (name: string): Promise<VenvScheme> => {
    const dir = join(tmp.dir, name);
    execFileSync(python, ['-m', 'venv', '--without-pip', dir], { env: childEnv() });
    return readVenvScheme(join(dir, 'bin', 'python'), runner);
  };
  const link = async (env: VenvScheme, linkMode: LinkMode): Promise<number> =>
    (await timed(() => linkIntoEnvironment({ entryDir, env, requested: true, installer: 'pantograph', linkMode })))[1];
  const envs: VenvScheme[] = [];
  for (const [name, mode] of [
    ['env 1', 'hardlink'],
    ['env 2', 'hardlink'],
    ['env copy', 'copy'],
  ] as const) {
    const env = await makeEnv(name);
    envs.push(env);
    rows.push([`link into ${name} (${mode})`, seconds(await link(env, mode))]);
  }
  const [verdict, verifySeconds] = await timed(() =>
    verifyEnvironment({ sitePackagesDirs: [envs[0]!.purelib, envs[0]!.platlib] }),
  );
  rows.push([`deep check env 1 (${verdict.checkedFiles} files, ok=${verdict.ok})`, seconds(verifySeconds)]);
  if (process.env['PANTOGRAPH_BENCH_PIP'] === '1') {
    const env = await makeEnv('env pip');
    const [, pipSeconds] = await timed(async () => {
      execFileSync(
        python,
        ['-m', 'pip', '--python', env.pythonExecutable, 'install', '--no-deps', '--no-compile', '--no-index', wheel],
        { env: childEnv(), stdio: 'ignore' },
      );
    });
    rows.push(['pip install --no-deps --no-compile (baseline)', `${pipSeconds.toFixed(2)} s`]);
  }
  rows.push(['du store entry', du(entryDir)]);
  rows.push(['du store + env 1 + env 2 (links counted once)', du(entryDir, envs[0]!.prefix, envs[1]!.prefix)]);
  rows.push(['du env copy', du(envs[2]!.prefix)]);
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} CPUs`,
  );
  console.log('| step | result |\n| --- | --- |');
  for (const [step, result] of rows) console.log(`| ${step} | ${result} |`);
} finally {
  await tmp.cleanup();
}
