/**
 * The `python` provisioner: no isolation, the located interpreter IS the environment. Pins
 * already met → nothing is installed. Otherwise pip installs into it — unless the interpreter is
 * externally managed (PEP 668), which is an `externally_managed_python` error.
 */
import { access } from 'node:fs/promises';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import type { InstalledCheck, PinnedRequirement } from './inspectInstalled.js';
import { inspectInstalled } from './inspectInstalled.js';
import type { InstallPlan } from './installPlan.js';
import { runPipInstall } from './pipInstall.js';
import type {
  CreatedEnvironment,
  EnvironmentProvisioner,
  InstallOptions,
  InstallOutcome,
  ProvisionContext,
  ProvisionerDeps,
} from './provisioner.js';

/** Uses an existing interpreter. See {@link EnvironmentProvisioner} for the contract of each method. */
export class InterpreterProvisioner implements EnvironmentProvisioner {
  readonly kind = 'python' as const;

  constructor(private readonly deps: ProvisionerDeps) {}

  pythonExecutable(ctx: ProvisionContext): string {
    return ctx.base.executable;
  }

  /** Creates nothing: checks the interpreter still exists (no process). */
  async create(ctx: ProvisionContext): Promise<Result<CreatedEnvironment>> {
    try {
      await access(ctx.base.executable);
    } catch {
      return fail(
        structuredError('python_runtime_unavailable', `The Python interpreter ${ctx.base.executable} no longer exists.`),
      );
    }
    return ok({ pythonExecutable: ctx.base.executable, method: 'base-interpreter', durationMs: 0 });
  }

  /**
   * Inspects first (one process). All pins met → `{ ran: false }`. Otherwise refuses an
   * externally managed interpreter, or one without pip, and else runs `<python> -I -m pip install …` once.
   */
  async install(ctx: ProvisionContext, plan: InstallPlan, options: InstallOptions = {}): Promise<Result<InstallOutcome>> {
    const pins = plan.requirements.map((r) => ({ name: r.name, exact_pin: `==${r.version}`, markers: r.markers }));
    const check = await this.inspect(ctx, pins, options.signal ? { signal: options.signal } : {});
    if (!check.ok) return check;
    const installer = { name: 'pip' as const, version: ctx.base.pipVersion, via: 'interpreter-pip' as const };
    if (check.value.satisfied) return ok({ ran: false, installer, args: [], durationMs: 0 });
    const needed = [...check.value.missing, ...check.value.mismatched].join(', ');
    if (ctx.base.externallyManaged) {
      return fail(
        structuredError(
          'externally_managed_python',
          `${ctx.base.executable} is externally managed (PEP 668), so Pantograph will not install into it; still needed: ${needed}.`,
          [],
          'Use the python-venv environment kind, or install the packages with the system package manager.',
        ),
      );
    }
    if (ctx.base.pipVersion === null) {
      return fail(
        structuredError(
          'dependency_install_failed',
          `${ctx.base.executable} has no pip; cannot install ${needed}.`,
          [],
          'Use the python-venv environment kind or install pip for this interpreter.',
        ),
      );
    }
    return runPipInstall(
      this.deps,
      { file: ctx.base.executable, prefixArgs: ['-I', '-m', 'pip'], via: 'interpreter-pip', pipVersion: ctx.base.pipVersion },
      plan,
      options,
    );
  }

  inspect(
    ctx: ProvisionContext,
    requirements: readonly PinnedRequirement[],
    options: { signal?: AbortSignal } = {},
  ): Promise<Result<InstalledCheck>> {
    return inspectInstalled(this.deps, ctx.base.executable, requirements, options);
  }
}
