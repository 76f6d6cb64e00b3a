/** `pantograph doctor`: what Pantograph sees on this machine — interpreters, data dir, store, index, model library. */
import { existsSync } from 'node:fs';
import { loadModelLibrary } from '../../core/library/loadModelLibrary.js';
import { machineGpuFacts } from '../../core/library/machineGpu.js';
import type { CliContext } from '../context.js';
import { EXIT_FAILED, EXIT_OK } from '../exitCodes.js';
import type { ExitCode } from '../exitCodes.js';
import { answer, printJson } from '../output.js';

/** One interpreter as reported. */
interface InterpreterReport {
  readonly executable: string;
  readonly ok: boolean;
  readonly version?: string;
  readonly pip_version?: string | null;
  readonly externally_managed?: boolean;
  readonly virtual_environment?: boolean;
  readonly error?: string;
}

/**
 * Probes every interpreter candidate (plus `--python`), reads the store and the model library.
 * Exit 1 when no usable interpreter was found or the model library cannot be read, else 0.
 */
export async function doctorCommand(ctx: CliContext): Promise<ExitCode> {
  const { service, locator, store, platformKey } = ctx.services();
  const candidates = await locator.candidates();
  if (ctx.python && !candidates.includes(ctx.python)) candidates.unshift(ctx.python);
  const interpreters: InterpreterReport[] = [];
  for (const executable of candidates) {
    const probed = await locator.probe(executable, ctx.io.signal);
    interpreters.push(
      probed.ok
        ? {
            executable,
            ok: true,
            version: probed.value.version,
            pip_version: probed.value.pipVersion,
            externally_managed: probed.value.externallyManaged,
            virtual_environment: probed.value.prefix !== probed.value.basePrefix,
          }
        : { executable, ok: false, error: probed.errors[0]?.message ?? 'probe failed' },
    );
  }
  const envs = await service.list();
  const library = await loadModelLibrary(ctx.modelLibraryDir, { hfCacheDir: ctx.hfCacheDir, gpu: machineGpuFacts });
  const report = {
    node: process.version,
    platform_key: platformKey,
    data_dir: ctx.dataDir,
    data_dir_exists: existsSync(ctx.dataDir),
    store: {
      environments: envs.length,
      ready: envs.filter((e) => e.state === 'ready').length,
      locks_held: envs.filter((e) => e.locked).length,
      envs_dir: store.layout.envsDir,
    },
    default_index_url: ctx.defaultIndexUrl,
    default_python: ctx.python,
    interpreters,
    model_library: library.ok
      ? {
          dir: ctx.modelLibraryDir,
          ok: true,
          models: library.value.models.map((m) => m.model_id),
          problems: library.value.problems.map((p) => p.message),
        }
      : { dir: ctx.modelLibraryDir, ok: false, error: library.errors[0]?.message ?? 'cannot read' },
  };
  printJson(ctx, report);
  const usable = interpreters.filter((i) => i.ok && !i.virtual_environment);
  answer(ctx, `platform        ${platformKey} (node ${process.version})`);
  answer(ctx, `data dir        ${ctx.dataDir}${report.data_dir_exists ? '' : ' (not created yet)'}`);
  answer(
    ctx,
    `store           ${envs.length} environment(s), ${report.store.ready} ready, ${report.store.locks_held} lock(s) held`,
  );
  answer(ctx, `default index   ${ctx.defaultIndexUrl ?? 'none (offline)'}`);
  answer(ctx, `default python  ${ctx.python ?? '(newest interpreter satisfying python_requires)'}`);
  answer(
    ctx,
    `model library   ${ctx.modelLibraryDir}: ${library.ok ? `${library.value.models.length} model(s) ${library.value.models.map((m) => m.model_id).join(', ')}` : `unreadable (${report.model_library.ok ? '' : (report.model_library as { error: string }).error})`}`,
  );
  answer(ctx, `interpreters    ${interpreters.length === 0 ? 'none found' : ''}`);
  for (const i of interpreters) {
    answer(
      ctx,
      i.ok
        ? `  ${i.executable}  Python ${i.version}, pip ${i.pip_version ?? 'missing'}${i.externally_managed ? ', externally managed (PEP 668)' : ''}${i.virtual_environment ? ', a virtual environment (not used as a base)' : ''}`
        : `  ${i.executable}  unusable: ${i.error}`,
    );
  }
  if (usable.length === 0)
    ctx.io.stderr.write(
      'error: no usable base Python interpreter was found\nhint: install Python 3.8+ with venv, or pass --python <exe>\n',
    );
  return usable.length > 0 && library.ok ? EXIT_OK : EXIT_FAILED;
}
