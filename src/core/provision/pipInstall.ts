/**
 * Runs the one `pip install` of an environment: builds the arguments, writes the hash-checking
 * requirements file when needed, relays output lines as progress and maps the process result
 * to a {@link Result}.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { buildChildEnvironment } from '../process/childEnvironment.js';
import { recordedPackages } from '../packageStore/recordedPackages.js';
import { parseReportFile, pipCanReport, withReport } from './resolvePackages.js';
import type { ResolvedPackage } from '../store/manifest.js';
import type { InstallPlan } from './installPlan.js';
import { buildPipInstallArgs, buildRequirementsFile, requiresHashChecking } from './pipArguments.js';
import { tailLines } from './processOutput.js';
import type { InstallerVia, InstallOptions, InstallOutcome, ProvisionerDeps } from './provisioner.js';

/** Which interpreter runs pip and what comes before pip's own arguments. */
export interface PipInvocation {
  readonly file: string;
  /** E.g. `['-I', '-m', 'pip', '--python', envPython]`. */
  readonly prefixArgs: readonly string[];
  readonly cwd?: string;
  readonly via: InstallerVia;
  readonly pipVersion: string | null;
  /** Ask pip (≥ 22.2) for an installation report, so the outcome lists every installed distribution. */
  readonly report?: boolean;
}

/** How many stderr lines of a failed pip run go into the error message. */
export const PIP_ERROR_TAIL_LINES = 20;

/**
 * Runs pip once for the whole plan. An already-aborted signal starts nothing. Errors:
 * `cancelled`; `dependency_install_failed` for a non-zero exit (message ends with pip's last
 * {@link PIP_ERROR_TAIL_LINES} stderr lines), a timeout, a pip that cannot start, or an invalid plan.
 */
export async function runPipInstall(
  deps: ProvisionerDeps,
  invocation: PipInvocation,
  plan: InstallPlan,
  options: InstallOptions = {},
): Promise<Result<InstallOutcome>> {
  if (options.signal?.aborted) return fail(structuredError('cancelled', 'The installation was cancelled before it started.'));
  const reporting = invocation.report === true && pipCanReport(invocation.pipVersion);
  const tempDir = requiresHashChecking(plan) || reporting ? await mkdtemp(join(tmpdir(), 'pantograph-requirements-')) : null;
  const reportFile = reporting && tempDir !== null ? join(tempDir, 'report.json') : null;
  try {
    let pipArgs: string[];
    try {
      const requirementsFile = tempDir === null || !requiresHashChecking(plan) ? undefined : join(tempDir, 'requirements.txt');
      if (requirementsFile !== undefined) await writeFile(requirementsFile, buildRequirementsFile(plan), 'utf8');
      pipArgs = buildPipInstallArgs(plan, requirementsFile === undefined ? {} : { requirementsFile });
      if (reportFile !== null) pipArgs = withReport(pipArgs, reportFile, false);
    } catch (error) {
      return fail(structuredError('dependency_install_failed', `The install plan is invalid: ${(error as Error).message}`));
    }
    const args = [...invocation.prefixArgs, ...pipArgs];
    const result = await deps.runner.run({
      file: invocation.file,
      args,
      env: buildChildEnvironment(deps.parentEnv, deps.platform),
      ...(invocation.cwd === undefined ? {} : { cwd: invocation.cwd }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.onInstallerSpawn ? { onSpawn: options.onInstallerSpawn } : {}),
      onLine: ({ line }) => {
        try {
          options.onProgress?.({ phase: 'install', message: line, line });
        } catch {
          // A throwing listener is ignored (ProgressListener contract).
        }
      },
    });
    if (result.cancelled)
      return fail(structuredError('cancelled', 'The installation was cancelled; the environment is incomplete.'));
    const installer = { name: 'pip' as const, version: invocation.pipVersion, via: invocation.via };
    if (result.timedOut) {
      return fail(
        structuredError(
          'dependency_install_failed',
          `pip did not finish within ${options.timeoutMs} ms.\n${tailLines(result.stderr, PIP_ERROR_TAIL_LINES)}`,
        ),
      );
    }
    if (result.exitCode !== 0) {
      const tail = result.spawnError ?? tailLines(result.stderr || result.stdout, PIP_ERROR_TAIL_LINES);
      return fail(
        structuredError(
          'dependency_install_failed',
          `pip install failed (exit ${result.exitCode ?? result.signal ?? 'none'}):\n${tail}`,
          [],
          'Check the package sources (index URL, wheel path) and the pins, then retry.',
        ),
      );
    }
    const resolvedPackages = reportFile === null ? undefined : await reportedPackages(reportFile, options.signal);
    return ok({ ran: true, installer, args, durationMs: result.durationMs, ...(resolvedPackages ? { resolvedPackages } : {}) });
  } finally {
    if (tempDir !== null) await rm(tempDir, { recursive: true, force: true });
  }
}

/** The installed set from pip's report, or undefined when it cannot be read (the install itself succeeded). */
async function reportedPackages(reportFile: string, signal: AbortSignal | undefined): Promise<ResolvedPackage[] | undefined> {
  const parsed = await parseReportFile(reportFile);
  if (!parsed.ok) return undefined;
  return recordedPackages(parsed.value, signal);
}
