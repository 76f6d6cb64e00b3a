/**
 * The `python-venv` provisioner: one virtual environment per environment key. Fast path: a venv
 * without pip (≈0.15 s) filled by the base interpreter's pip through `pip --python <env python>`
 * (pip ≥ 22.3); fallback: a seeded venv filled by its own pip.
 */
import { access } from 'node:fs/promises';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { buildChildEnvironment } from '../process/childEnvironment.js';
import type { InstalledCheck, PinnedRequirement } from './inspectInstalled.js';
import { inspectInstalled } from './inspectInstalled.js';
import type { InstallPlan } from './installPlan.js';
import { runPipInstall } from './pipInstall.js';
import type { PipInvocation } from './pipInstall.js';
import { tailLines } from './processOutput.js';
import type {
  CreatedEnvironment,
  EnvironmentProvisioner,
  InstallOptions,
  InstallOutcome,
  ProvisionContext,
  ProvisionerDeps,
} from './provisioner.js';
import { chooseVenvStrategy, venvCreateArgs, venvPythonPath } from './venvLayout.js';
import type { VenvStrategy } from './venvLayout.js';

/** Builds isolated venvs. See {@link EnvironmentProvisioner} for the contract of each method. */
export class VenvProvisioner implements EnvironmentProvisioner {
  readonly kind = 'python-venv' as const;

  constructor(private readonly deps: ProvisionerDeps) {}

  pythonExecutable(ctx: ProvisionContext): string {
    return venvPythonPath(ctx.envDir, this.deps.platform);
  }

  /** Runs `<base> -I -m venv [--without-pip] <envDir>` (one process) and checks the env interpreter exists. */
  async create(ctx: ProvisionContext, options: { signal?: AbortSignal } = {}): Promise<Result<CreatedEnvironment>> {
    if (options.signal?.aborted) return fail(structuredError('cancelled', 'Creating the environment was cancelled.'));
    const strategy = this.venvStrategy(ctx);
    const result = await this.deps.runner.run({
      file: ctx.base.executable,
      args: ['-I', ...venvCreateArgs(ctx.envDir, strategy)],
      env: buildChildEnvironment(this.deps.parentEnv, this.deps.platform),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (result.cancelled) return fail(structuredError('cancelled', 'Creating the environment was cancelled.'));
    const python = this.pythonExecutable(ctx);
    if (result.exitCode !== 0) {
      return fail(
        structuredError(
          'dependency_install_failed',
          `Creating a virtual environment with ${ctx.base.executable} failed (exit ${result.exitCode ?? result.signal ?? 'none'}):\n${result.spawnError ?? tailLines(result.stderr || result.stdout, 10)}`,
          [],
          'Make sure the interpreter ships the venv module (on Debian/Ubuntu: apt install python3-venv).',
        ),
      );
    }
    try {
      await access(python);
    } catch {
      return fail(structuredError('dependency_install_failed', `The new virtual environment has no interpreter at ${python}.`));
    }
    return ok({
      pythonExecutable: python,
      method: strategy === 'base-pip' ? 'venv-without-pip' : 'venv-seeded',
      durationMs: result.durationMs,
    });
  }

  /** How the venv is created (`base-pip` = `--without-pip`); the store installer always uses `base-pip`. */
  protected venvStrategy(ctx: ProvisionContext): VenvStrategy {
    return chooseVenvStrategy(ctx.base);
  }

  /**
   * ONE pip run: `<base> -I -m pip --python <env python> install …`, or `<env python> -I -m pip install …` for a seeded venv.
   * Waits for `options.environmentCreated` first (pip installs into the environment from its first step).
   */
  async install(ctx: ProvisionContext, plan: InstallPlan, options: InstallOptions = {}): Promise<Result<InstallOutcome>> {
    const created = await options.environmentCreated;
    if (created && !created.ok) return created;
    return runPipInstall(this.deps, this.invocation(ctx), plan, options);
  }

  inspect(
    ctx: ProvisionContext,
    requirements: readonly PinnedRequirement[],
    options: { signal?: AbortSignal } = {},
  ): Promise<Result<InstalledCheck>> {
    return inspectInstalled(this.deps, this.pythonExecutable(ctx), requirements, options);
  }

  protected invocation(ctx: ProvisionContext): PipInvocation {
    const envPython = this.pythonExecutable(ctx);
    return chooseVenvStrategy(ctx.base) === 'base-pip'
      ? {
          file: ctx.base.executable,
          prefixArgs: ['-I', '-m', 'pip', '--python', envPython],
          via: 'base-pip-python',
          pipVersion: ctx.base.pipVersion,
          report: true,
        }
      : { file: envPython, prefixArgs: ['-I', '-m', 'pip'], via: 'env-pip', pipVersion: null };
  }
}
