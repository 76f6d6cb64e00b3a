/**
 * Resolution, recorded: the base interpreter's pip resolves an install plan without installing
 * (`pip install --dry-run --ignore-installed --report <file>`), isolated exactly like the real
 * install (child environment without `PIP_*`, `PIP_CONFIG_FILE` = null device, `python -I`).
 *
 * Why the base interpreter and not `pip --python <env>`: the environment is a venv of that very
 * interpreter, so marker values and wheel tags are identical; `--ignore-installed` makes the base's
 * own packages irrelevant; and it saves the extra interpreter start of `--python`'s re-exec.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import type { ProgressListener } from '../domain/progress.js';
import { buildChildEnvironment } from '../process/childEnvironment.js';
import type { InstallPlan } from './installPlan.js';
import { buildPipInstallArgs, buildRequirementsFile, requiresHashChecking } from './pipArguments.js';
import type { ProvisionerDeps } from './provisioner.js';
import { versionSatisfies } from '../requirements/pep440.js';
import { parsePipReport } from '../packageStore/pipReport.js';
import type { ResolvedDistribution } from '../packageStore/pipReport.js';

/** The first pip with `install --dry-run --report`. */
export const PIP_REPORT_MIN_VERSION = '22.2';

/** True when a pip of `version` can write an installation report. Pure. */
export function pipCanReport(version: string | null): boolean {
  return version !== null && versionSatisfies(version, `>=${PIP_REPORT_MIN_VERSION}`);
}

/** Inserts `--report <file>` (and `--dry-run --ignore-installed` when `dryRun`) after `install`. Pure. */
export function withReport(pipArgs: readonly string[], reportFile: string, dryRun: boolean): string[] {
  const [command, ...rest] = pipArgs;
  return [command ?? 'install', ...(dryRun ? ['--dry-run', '--ignore-installed'] : []), '--report', reportFile, ...rest];
}

/** Options of {@link resolvePackages}. */
export interface ResolveOptions {
  /** A scratch folder (the data dir's `tmp/`); the report file is written and removed there. */
  readonly scratchDir: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
  readonly timeoutMs?: number;
}

/**
 * Resolves `plan` for `basePython` (a pip ≥ 22.2) in ONE process and returns every distribution
 * pip would install, sorted by name. Errors: `cancelled`; `io_error` (no scratch folder); `dependency_install_failed` (pip's exit
 * with its last stderr lines, a missing or malformed report).
 */
export async function resolvePackages(
  deps: ProvisionerDeps,
  basePython: string,
  plan: InstallPlan,
  options: ResolveOptions,
): Promise<Result<ResolvedDistribution[]>> {
  if (options.signal?.aborted) return fail(structuredError('cancelled', 'Resolving the requirements was cancelled.'));
  let dir: string;
  try {
    await mkdir(options.scratchDir, { recursive: true });
    dir = await mkdtemp(join(options.scratchDir, 'resolve-'));
  } catch (error) {
    return fail(
      structuredError('io_error', `cannot make a scratch folder in ${options.scratchDir}: ${(error as Error).message}`),
    );
  }
  try {
    const reportFile = join(dir, 'report.json');
    let pipArgs: string[];
    try {
      const requirementsFile = requiresHashChecking(plan) ? join(dir, 'requirements.txt') : undefined;
      if (requirementsFile !== undefined) await writeFile(requirementsFile, buildRequirementsFile(plan), 'utf8');
      pipArgs = buildPipInstallArgs(plan, requirementsFile === undefined ? {} : { requirementsFile });
    } catch (error) {
      return fail(structuredError('dependency_install_failed', `The install plan is invalid: ${(error as Error).message}`));
    }
    const result = await deps.runner.run({
      file: basePython,
      args: ['-I', '-m', 'pip', ...withReport(pipArgs, reportFile, true)],
      env: buildChildEnvironment(deps.parentEnv, deps.platform),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      onLine: ({ line }) => {
        try {
          options.onProgress?.({ phase: 'install', message: line, line });
        } catch {
          // A throwing listener is ignored (ProgressListener contract).
        }
      },
    });
    if (result.cancelled) return fail(structuredError('cancelled', 'Resolving the requirements was cancelled.'));
    if (result.exitCode !== 0 || result.timedOut) {
      const tail = (result.spawnError ?? (result.stderr || result.stdout)).split(/\r?\n/).filter(Boolean).slice(-20).join('\n');
      return fail(
        structuredError(
          'dependency_install_failed',
          `pip could not resolve the requirements (exit ${result.exitCode ?? result.signal ?? 'none'}):\n${tail}`,
          [],
          'Check the package sources (index URL, wheel path) and the pins, then retry.',
        ),
      );
    }
    return parseReportFile(reportFile);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads and parses a report file written by pip. Errors: `dependency_install_failed`. */
export async function parseReportFile(reportFile: string): Promise<Result<ResolvedDistribution[]>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(reportFile, 'utf8'));
  } catch (error) {
    return fail(
      structuredError('dependency_install_failed', `pip wrote no readable installation report: ${(error as Error).message}`),
    );
  }
  return parsePipReport(raw);
}
