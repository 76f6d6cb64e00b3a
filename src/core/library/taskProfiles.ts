/**
 * Task profiles: the pinned requirements of a plain Hugging Face model folder, per task. The
 * defaults ship in `taskProfiles.json` (bundled into the extension and the CLI); a model library
 * may override them with a `pantograph-profiles.json` of the same shape (every field optional).
 * The user's override patches then apply per binding, as for any model.
 */
import * as z from 'zod';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result, StructuredError } from '../errors/structuredError.js';
import { normalizePackageName } from '../requirements/packageName.js';
import bundled from './taskProfiles.json' with { type: 'json' };
import { HF_TASKS } from './hfTask.js';
import type { HfTask } from './hfTask.js';
import { LibraryRequirementSchema } from './modelManifest.js';
import type { LibraryRequirement, RawProfile } from './modelManifest.js';
import { torchBuildLabel } from './torchBuild.js';
import type { TorchBuildChoice, TorchBuildTable } from './torchBuild.js';

/** File name of a library's profile overrides, in the library folder. */
export const LIBRARY_PROFILES_FILE = 'pantograph-profiles.json';

/** Packages whose build (local version label and index) follows the machine. */
export const TORCH_FAMILY: readonly string[] = ['torch', 'torchvision', 'torchaudio'];

const TorchBuildTableSchema = z.object({
  cpu: z.object({ index_url: z.string().min(1) }),
  cuda: z.array(
    z.object({
      variant: z.string().regex(/^cu\d+$/),
      cuda: z.string().min(1),
      min_driver: z.record(z.string(), z.string()),
      index_url: z.string().min(1),
    }),
  ),
});

const TaskProfileSchema = z.looseObject({
  profile_id: z.string().min(1),
  profile_version: z.number().int().nonnegative(),
  environment_kind: z.string().min(1),
  requirements: z.array(LibraryRequirementSchema),
});
/** One task's profile (complete). */
export type TaskProfile = z.infer<typeof TaskProfileSchema>;

const TaskEnum = z.enum(HF_TASKS);

const TaskProfilesFileSchema = z.object({
  format_version: z.literal(1),
  torch_builds: TorchBuildTableSchema,
  profiles: z.record(TaskEnum, TaskProfileSchema),
});

/** A library's overlay: the same shape, every field optional. */
const TaskProfilesOverlaySchema = z.strictObject({
  format_version: z.literal(1),
  torch_builds: TorchBuildTableSchema.partial().optional(),
  profiles: z.partialRecord(TaskEnum, TaskProfileSchema.partial()).optional(),
});
export type TaskProfilesOverlay = z.infer<typeof TaskProfilesOverlaySchema>;

/** The effective task profiles and where they came from. */
export interface TaskProfiles {
  readonly torch_builds: TorchBuildTable;
  readonly profiles: Readonly<Partial<Record<HfTask, TaskProfile>>>;
  /** `extension`, then each overlay file applied. */
  readonly sources: readonly string[];
}

/** The profiles shipped with Pantograph (`taskProfiles.json`). Throws at import if that file is broken (a test guards it). */
export const BUNDLED_TASK_PROFILES: TaskProfiles = { ...TaskProfilesFileSchema.parse(bundled), sources: ['extension'] };

/**
 * Checks an overlay's JSON value (a library's `pantograph-profiles.json`). Errors are
 * `invalid_model_library` with path `[file, …field path]`. Pure.
 */
export function parseTaskProfilesOverlay(json: unknown, file: string): Result<TaskProfilesOverlay> {
  const parsed = TaskProfilesOverlaySchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  return fail(
    ...parsed.error.issues.map((issue): StructuredError => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      return structuredError(
        'invalid_model_library',
        `${file}: ${path.length ? path.join('.') + ': ' : ''}${issue.message}`,
        [file, ...path],
        "Fix the library's task profiles; see src/core/library/README.md.",
      );
    }),
  );
}

/** Library entries replace same-named (PEP 503) base entries in place; new names are appended. */
function mergeRequirements(base: readonly LibraryRequirement[], overlay: readonly LibraryRequirement[]): LibraryRequirement[] {
  const merged = [...base];
  for (const req of overlay) {
    const at = merged.findIndex((b) => normalizePackageName(b.name) === normalizePackageName(req.name));
    if (at >= 0) merged[at] = req;
    else merged.push(req);
  }
  return merged;
}

/**
 * Applies an overlay: `torch_builds.cpu`/`.cuda` replace the base's when given; per task, profile
 * fields replace the base's and `requirements` merge by package name (see above); a task the base
 * lacks needs a complete profile (else it is ignored). Pure.
 */
export function mergeTaskProfiles(base: TaskProfiles, overlay: TaskProfilesOverlay, source: string): TaskProfiles {
  const profiles: Partial<Record<HfTask, TaskProfile>> = { ...base.profiles };
  for (const task of HF_TASKS) {
    const patch = overlay.profiles?.[task];
    if (patch === undefined) continue;
    const current = base.profiles[task];
    const candidate = {
      ...current,
      ...patch,
      requirements: mergeRequirements(current?.requirements ?? [], patch.requirements ?? []),
    };
    const complete = TaskProfileSchema.safeParse(candidate);
    if (complete.success) profiles[task] = complete.data;
  }
  return {
    torch_builds: {
      cpu: overlay.torch_builds?.cpu ?? base.torch_builds.cpu,
      cuda: overlay.torch_builds?.cuda ?? base.torch_builds.cuda,
    },
    profiles,
    sources: [...base.sources, source],
  };
}

/** `==2.13.0+cpu` → `2.13.0`. */
function publicVersion(pin: string): string {
  return pin.replace(/^==\s*/, '').replace(/\+.*$/, '');
}

/**
 * The profile of `task` with the torch build applied, as a {@link RawProfile} for a synthesized
 * manifest: each torch-family requirement gets `==<public version>[+<local label>]`, the build's
 * index unless the profile names its own `index_url`, and a `torch_build` label for the
 * effective view (`torch build: cpu (no CUDA GPU found)`). Other requirements are unchanged.
 * `undefined` when no profile serves the task. Pure.
 */
export function profileForTask(profiles: TaskProfiles, task: HfTask, build: TorchBuildChoice): RawProfile | undefined {
  const profile = profiles.profiles[task];
  if (profile === undefined) return undefined;
  return {
    ...profile,
    requirements: profile.requirements.map((req) => {
      if (!TORCH_FAMILY.includes(normalizePackageName(req.name))) return req;
      const version = publicVersion(req.exact_pin);
      const indexUrl = req.index_url ?? build.index_url;
      return {
        ...req,
        exact_pin: `==${version}${build.local_version ? `+${build.local_version}` : ''}`,
        ...(indexUrl ? { index_url: indexUrl } : {}),
        torch_build: torchBuildLabel(build),
      };
    }),
  };
}
