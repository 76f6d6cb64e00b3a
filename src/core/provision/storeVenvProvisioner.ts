/**
 * The `store` installer of the `python-venv` kind: a venv without pip, then the base
 * interpreter's pip RESOLVES only (`--dry-run --report`), every resolved wheel is brought into the
 * shared package store once (`core/packageStore`), and the environment gets the stored packages
 * linked in. Validation (inspect) is the one of {@link VenvProvisioner}, unchanged.
 */
import { PantographError, fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { buildChildEnvironment } from '../process/childEnvironment.js';
import { packageStoreLayout } from '../packageStore/packageStoreLayout.js';
import type { PackageStoreLayout } from '../packageStore/packageStoreLayout.js';
import { resolvedPackageRecord } from '../packageStore/pipReport.js';
import { prepareWheels } from '../packageStore/prepareEntries.js';
import type { PreparedDistribution } from '../packageStore/prepareEntries.js';
import { pipCanReport, resolvePackages } from '../packageStore/resolvePackages.js';
import type { InstallPlan } from './installPlan.js';
import { tailLines } from './processOutput.js';
import type { VenvStrategy } from './venvLayout.js';
import type { InstallOptions, InstallOutcome, ProvisionContext, ProvisionerDeps } from './provisioner.js';
import { VenvProvisioner } from './venvProvisioner.js';

/** Fills venvs from the shared package store under `dataDir`. */
export class StoreVenvProvisioner extends VenvProvisioner {
  readonly #deps: ProvisionerDeps;
  readonly #layout: PackageStoreLayout;

  constructor(deps: ProvisionerDeps, dataDir: string) {
    super(deps);
    this.#deps = deps;
    this.#layout = packageStoreLayout(dataDir);
  }

  /** Always `venv --without-pip`: the store installer never needs pip inside the environment. */
  protected override venvStrategy(): VenvStrategy {
    return 'base-pip';
  }

  /**
   * Resolve (one pip process), store every wheel (parallel, once per sha256), link into the env.
   * Errors: `cancelled`, `dependency_install_failed` (resolution, download, hash, build or link).
   */
  override async install(ctx: ProvisionContext, plan: InstallPlan, options: InstallOptions = {}): Promise<Result<InstallOutcome>> {
    const started = Date.now();
    if (!pipCanReport(ctx.base.pipVersion)) {
      return fail(structuredError('dependency_install_failed', `the store installer needs pip ≥ 22.2 in ${ctx.base.executable} (found ${ctx.base.pipVersion ?? 'none'}); use the pip installer`));
    }
    const say = (message: string, percent?: number): void => {
      try {
        options.onProgress?.({ phase: 'install', message, ...(percent === undefined ? {} : { percent }) });
      } catch {
        // A throwing listener is ignored (ProgressListener contract).
      }
    };
    say('resolving the requirements with pip (dry run)');
    const resolved = await resolvePackages(this.#deps, ctx.base.executable, plan, {
      scratchDir: this.#layout.tmpDir,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    if (!resolved.ok) return resolved;
    const resolvedAt = Date.now();
    say(`resolved ${resolved.value.length} package(s); bringing them into the package store`, 20);
    let prepared: PreparedDistribution[];
    try {
      let done = 0;
      prepared = await prepareWheels(this.#layout, resolved.value, { deps: this.#deps, basePython: ctx.base.executable, plan }, {
        ...(options.signal ? { signal: options.signal } : {}),
        onWaiting: (message) => say(message),
        onStored: ({ dist }) => say(`stored ${dist.name} ${dist.version} (${++done}/${resolved.value.length})`, 20 + Math.round((50 * done) / resolved.value.length)),
      });
    } catch (error) {
      if (error instanceof PantographError) return fail(...error.errors);
      return fail(structuredError('dependency_install_failed', `the package store failed: ${(error as Error).message}`));
    }
    const storedAt = Date.now();
    say(`linking ${prepared.length} package(s) into the environment`, 70);
    const linked = await this.#link(ctx, prepared, options);
    if (!linked.ok) return linked;
    const finished = Date.now();
    return ok({
      ran: true,
      installer: { name: 'store', version: ctx.base.pipVersion, via: 'base-pip-python' },
      args: linked.value,
      durationMs: finished - started,
      resolvedPackages: prepared.map(({ dist, wheel }) => resolvedPackageRecord(dist, wheel)),
      phasesMs: { resolve: resolvedAt - started, store: storedAt - resolvedAt, link: finished - storedAt },
    });
  }

  /** Installs the stored wheels without resolving again (`--no-deps --no-index`). */
  async #link(ctx: ProvisionContext, prepared: readonly PreparedDistribution[], options: InstallOptions): Promise<Result<string[]>> {
    const args = ['-I', '-m', 'pip', '--python', this.pythonExecutable(ctx), 'install', '--no-deps', '--no-index', '--no-input', '--disable-pip-version-check', '--progress-bar', 'off', ...prepared.map((p) => p.wheel.path)];
    const result = await this.#deps.runner.run({
      file: ctx.base.executable,
      args,
      env: buildChildEnvironment(this.#deps.parentEnv, this.#deps.platform),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onInstallerSpawn ? { onSpawn: options.onInstallerSpawn } : {}),
    });
    if (result.cancelled) return fail(structuredError('cancelled', 'The installation was cancelled; the environment is incomplete.'));
    if (result.exitCode !== 0) return fail(structuredError('dependency_install_failed', `linking the stored wheels failed (exit ${result.exitCode ?? result.signal ?? 'none'}):\n${tailLines(result.stderr || result.stdout, 20)}`));
    return ok(args);
  }
}
