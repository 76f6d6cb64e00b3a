/**
 * `pantograph models`: what Puma-Lib nodes can pick — the model library's manifest models and
 * Hugging Face folders (by folder name) and, with `--hf-cache`, the hub cache's snapshots (by
 * `org/name`): each with its task, where it comes from, torch's build, or why it is unusable.
 */
import { loadModelLibrary } from '../../core/library/loadModelLibrary.js';
import { machineGpuFacts } from '../../core/library/machineGpu.js';
import type { LibraryModel } from '../../core/library/libraryModel.js';
import { torchBuildLabel } from '../../core/library/torchBuild.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT_OK, EXIT_USAGE } from '../exitCodes.js';
import type { ExitCode } from '../exitCodes.js';
import { answer, formatStructuredError, printJson } from '../output.js';

/** One listed model, as `--json` prints it. */
export interface ModelListing {
  readonly model_id: string;
  readonly task: string;
  /** `manifest`, `folder` (a Hugging Face folder of the library) or `hf_cache`. */
  readonly source: string;
  readonly folder: string;
  readonly backend_key: string;
  readonly revision: string | null;
  readonly torch_build: string | null;
  /** Why it cannot be used (code, message, path), or `null`. */
  readonly error: { readonly code: string; readonly message: string; readonly path: readonly (string | number)[] } | null;
}

/** The listing of one library model. Pure. */
export function modelListing(model: LibraryModel): ModelListing {
  const error = model.unusable;
  return {
    model_id: model.model_id,
    task: model.manifest.task_type_primary,
    source: model.hf?.source ?? 'manifest',
    folder: model.folder,
    backend_key: model.manifest.backend_key,
    revision: model.hf?.revision ?? null,
    torch_build: model.hf?.torch_build ? torchBuildLabel(model.hf.torch_build) : null,
    error: error ? { code: error.code, message: error.message, path: error.path } : null,
  };
}

/** Lists the models; exit 2 when the library folder cannot be read, else 0 (unusable models are listed, not fatal). */
export async function modelsCommand(ctx: CliContext): Promise<ExitCode> {
  const library = await loadModelLibrary(ctx.modelLibraryDir, { hfCacheDir: ctx.hfCacheDir, gpu: machineGpuFacts });
  if (!library.ok)
    throw new CliError(EXIT_USAGE, library.errors.map((e) => e.message).join('; '), {
      errors: library.errors,
      hint: 'Pass --model-library <dir> or set PANTOGRAPH_MODEL_LIBRARY.',
    });
  const models = library.value.models.map(modelListing);
  printJson(ctx, { model_library: ctx.modelLibraryDir, hf_cache: ctx.hfCacheDir, models, problems: library.value.problems });
  answer(ctx, `model library  ${ctx.modelLibraryDir}${ctx.hfCacheDir ? `\nhub cache      ${ctx.hfCacheDir}` : ''}`);
  for (const m of models) {
    const detail = m.error
      ? `unusable: [${m.error.code}] ${m.error.message}`
      : `${m.task}  ${m.source}${m.torch_build ? `  ${m.torch_build}` : ''}`;
    answer(ctx, `  ${m.model_id}  ${detail}`);
  }
  if (models.length === 0) answer(ctx, '  (no models)');
  for (const problem of library.value.problems) ctx.io.stderr.write(`warning: ${formatStructuredError(problem)}\n`);
  return EXIT_OK;
}
