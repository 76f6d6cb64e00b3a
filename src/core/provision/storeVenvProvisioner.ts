/**
 * The `store` installer of the `python-venv` kind: a venv without pip, then the base
 * interpreter's pip RESOLVES only (`--dry-run --report`), every resolved wheel is brought into the
 * shared package store once (`core/packageStore`), and the environment gets the stored packages
 * linked in. Validation (inspect) is the one of {@link VenvProvisioner}, unchanged.
 */
import { PantographError, fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { pythonMajorMinor } from '../domain/environmentKey.js';
import { mapWithLimit } from '../packageStore/mapWithLimit.js';
import { withoutUserInfo } from '../packageStore/wheelStore.js';
import { linkIntoEnvironment } from '../wheelInstaller/linkIntoEnvironment.js';
import { venvSchemeFromLayout } from '../wheelInstaller/venvScheme.js';
import { packageStoreLayout } from '../packageStore/packageStoreLayout.js';
import type { PackageStoreLayout } from '../packageStore/packageStoreLayout.js';
import { resolvedPackageRecord } from '../packageStore/pipReport.js';
import type { ResolvedDistribution } from '../packageStore/pipReport.js';
import { resolveLocally } from '../localResolver/localResolve.js';
import { localResolveInput } from './localResolution.js';
import { STORE_CONCURRENCY, prepareWheels } from './prepareEntries.js';
import type { PreparedDistribution } from './prepareEntries.js';
import { pipCanReport, resolvePackages } from './resolvePackages.js';
import type { InstallPlan } from './installPlan.js';
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
  override async install(
    ctx: ProvisionContext,
    plan: InstallPlan,
    options: InstallOptions = {},
  ): Promise<Result<InstallOutcome>> {
    const started = Date.now();
    // Whatever happens below, never return while the environment is still being created: the
    // caller may remove the folder on failure.
    const settled = async <T>(result: Result<T>): Promise<Result<T>> => {
      await options.environmentCreated;
      return result;
    };
    if (!pipCanReport(ctx.base.pipVersion)) {
      return settled(
        fail(
          structuredError(
            'dependency_install_failed',
            `the store installer needs pip ≥ 22.2 in ${ctx.base.executable} (found ${ctx.base.pipVersion ?? 'none'}); use the pip installer`,
          ),
        ),
      );
    }
    const say = (message: string, percent?: number): void => {
      try {
        options.onProgress?.({ phase: 'install', message, ...(percent === undefined ? {} : { percent }) });
      } catch {
        // A throwing listener is ignored (ProgressListener contract).
      }
    };
    const resolved = await this.#resolve(ctx, plan, options, say);
    if (!resolved.ok) return settled(resolved);
    const resolvedAt = Date.now();
    say(
      `resolved ${resolved.value.distributions.length} package(s) ${resolved.value.locally ? 'from the local wheel files, without pip' : 'with pip'}; bringing them into the package store`,
      20,
    );
    let prepared: PreparedDistribution[];
    try {
      let done = 0;
      prepared = await prepareWheels(
        this.#layout,
        resolved.value.distributions,
        { deps: this.#deps, basePython: ctx.base.executable, plan },
        {
          ...(options.signal ? { signal: options.signal } : {}),
          onWaiting: (message) => say(message),
          onStored: ({ dist }) =>
            say(
              `stored ${dist.name} ${dist.version} (${++done}/${resolved.value.distributions.length})`,
              20 + Math.round((50 * done) / resolved.value.distributions.length),
            ),
        },
      );
    } catch (error) {
      if (error instanceof PantographError) return settled(fail(...error.errors));
      return settled(fail(structuredError('dependency_install_failed', `the package store failed: ${(error as Error).message}`)));
    }
    const records = prepared.map(({ dist, wheel }) => resolvedPackageRecord(dist, wheel));
    await options.onResolved?.(records).catch(() => undefined);
    const storedAt = Date.now();
    const created = await options.environmentCreated;
    if (created && !created.ok) return created;
    const createdAt = Date.now();
    say(`linking ${prepared.length} package(s) into the environment`, 70);
    const linked = await this.#link(ctx, prepared, options);
    if (!linked.ok) return linked;
    const { linkedFiles, copiedFiles, generatedFiles, warnings } = linked.value;
    if (copiedFiles > 0)
      say(`${copiedFiles} file(s) were copied because the filesystem refused hard links (the store is on another disk?)`);
    for (const warning of warnings) say(warning);
    const finished = Date.now();
    return ok({
      ran: true,
      installer: { name: 'store', version: ctx.base.pipVersion, via: 'base-pip-python' },
      args: [],
      durationMs: finished - started,
      resolvedPackages: records,
      phasesMs: {
        resolve: resolvedAt - started,
        store: storedAt - resolvedAt,
        // Waiting for the venv created alongside (0 when it was ready before the store was).
        venv_wait: createdAt - storedAt,
        link: finished - createdAt,
      },
      linkedFiles: { linked: linkedFiles, copied: copiedFiles, generated: generatedFiles },
    });
  }

  /**
   * The resolved set: from the local wheel folders without pip when that answer is certain
   * (`resolveLocally`), else from one pip dry run.
   */
  async #resolve(
    ctx: ProvisionContext,
    plan: InstallPlan,
    options: InstallOptions,
    say: (message: string) => void,
  ): Promise<Result<{ distributions: ResolvedDistribution[]; locally: boolean }>> {
    const prepared = localResolveInput(plan);
    const local =
      'input' in prepared
        ? await resolveLocally(prepared.input, ctx.base, options.signal)
        : { resolved: false as const, ...prepared };
    if (local.resolved) return ok({ distributions: local.distributions, locally: true });
    say(`resolving the requirements with pip (dry run; ${local.reason})`);
    const resolved = await resolvePackages(this.#deps, ctx.base.executable, plan, {
      scratchDir: this.#layout.tmpDir,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return resolved.ok ? ok({ distributions: resolved.value, locally: false }) : resolved;
  }

  /** Links every stored entry into the environment (bounded parallelism); returns the linked files' summary. */
  async #link(
    ctx: ProvisionContext,
    prepared: readonly PreparedDistribution[],
    options: InstallOptions,
  ): Promise<Result<LinkSummary>> {
    const env = venvSchemeFromLayout(ctx.envDir, this.#deps.platform, pythonMajorMinor(ctx.base.version));
    try {
      const linked = await mapWithLimit(prepared, STORE_CONCURRENCY, ({ dist, wheel, entryDir }) =>
        linkIntoEnvironment({
          entryDir,
          env: { ...env, pythonExecutable: this.pythonExecutable(ctx) },
          requested: dist.requested,
          installer: 'pantograph',
          ...(dist.isDirect ? { directUrl: directUrlOf(dist.url, wheel.sha256) } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          platform: this.#deps.platform,
        }),
      );
      return ok({
        linkedFiles: linked.reduce((n, l) => n + l.linkedFiles, 0),
        copiedFiles: linked.reduce((n, l) => n + l.copiedFiles, 0),
        generatedFiles: linked.reduce((n, l) => n + l.generatedFiles, 0),
        warnings: [...new Set(linked.flatMap((l) => l.warnings))],
      });
    } catch (error) {
      if (error instanceof PantographError) return fail(...error.errors);
      return fail(structuredError('dependency_install_failed', `linking into ${ctx.envDir} failed: ${(error as Error).message}`));
    }
  }
}

/** Totals of one environment's linking. */
interface LinkSummary {
  readonly linkedFiles: number;
  readonly copiedFiles: number;
  readonly generatedFiles: number;
  readonly warnings: readonly string[];
}

/** PEP 610 `direct_url.json` for a direct file/URL requirement (user info removed, as pip does). Pure. */
function directUrlOf(url: string, sha256: string): Record<string, unknown> {
  return { url: withoutUserInfo(url).url, archive_info: { hash: `sha256=${sha256}`, hashes: { sha256 } } };
}
