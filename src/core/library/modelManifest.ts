/**
 * The `pantograph-model.json` file of one model-library folder: its zod schema and parser.
 * The top level and the bindings are checked strictly here (a malformed file is an
 * `invalid_model_library` error naming the file and the field path). Profiles are checked only
 * for their `profile_id` at load time: a profile that is otherwise malformed is reported later,
 * by requirement resolution, as an `invalid_profile` binding — the way a model library reports
 * it to the Dependency Environment node.
 */
import * as z from 'zod';
import { RequirementSchema } from '../contracts/requirements.js';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';

/** File name of a model's manifest inside its folder. */
export const MODEL_MANIFEST_FILE = 'pantograph-model.json';

/** Known model types; any other lowercase word is accepted too (producers may be newer). */
export const KNOWN_MODEL_TYPES = ['audio', 'llm', 'image', 'video', 'embedding', 'speech', 'other'] as const;

/** A relative path inside the model folder: not absolute, no `..` segment, no NUL. */
const RelativePathSchema = z
  .string()
  .min(1)
  .refine((p) => !p.includes('\0'), 'must not contain NUL')
  .refine((p) => !/^([/\\]|[A-Za-z]:)/.test(p), 'must be relative to the model folder')
  .refine((p) => !p.split(/[/\\]/).includes('..'), 'must stay inside the model folder');

/** A requirement as a library declares it: RequirementV1 with `kind` defaulting to `python_package`. */
export const LibraryRequirementSchema = RequirementSchema.extend({
  kind: z.literal('python_package').default('python_package'),
  name: z.string().min(1),
  exact_pin: z.string().regex(/^==\s*\S+$/, 'must be an exact pin: ==<version>'),
});
export type LibraryRequirement = z.infer<typeof LibraryRequirementSchema>;

/** A complete, valid dependency profile (checked at resolution time). */
export const DependencyProfileSchema = z.looseObject({
  profile_id: z.string().min(1),
  profile_version: z.number().int().nonnegative(),
  environment_kind: z.string().min(1),
  requirements: z.array(LibraryRequirementSchema),
});
export type DependencyProfile = z.infer<typeof DependencyProfileSchema>;

/** A profile as loaded: only `profile_id` is required; the rest is kept raw for hashing. */
export const RawProfileSchema = z.looseObject({ profile_id: z.string().min(1) });
export type RawProfile = z.infer<typeof RawProfileSchema>;

/** A binding: which profile serves which backend on which platforms. */
export const LibraryBindingSchema = z.looseObject({
  binding_id: z.string().min(1),
  profile_id: z.string().min(1),
  /** null/absent = any backend. */
  backend_key: z.string().nullish(),
  /** null, `*`, a string split on `,` or `|`, or a list. */
  platform_selector: z.union([z.string(), z.array(z.string())]).nullish(),
});
export type LibraryBinding = z.infer<typeof LibraryBindingSchema>;

export const ModelManifestSchema = z
  .looseObject({
    model_id: z.string().min(1),
    display_name: z.string().min(1),
    model_type: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a lowercase word such as audio, llm or image'),
    task_type_primary: z.string().min(1),
    backend_key: z.string().min(1),
    inference_settings: z.record(z.string(), z.unknown()).default({}),
    weights: z.union([RelativePathSchema, z.array(RelativePathSchema)]).optional(),
    dependencies: z.looseObject({
      profiles: z.array(RawProfileSchema).default([]),
      bindings: z.array(LibraryBindingSchema).default([]),
    }),
  })
  .superRefine((manifest, ctx) => {
    const seen = new Set<string>();
    manifest.dependencies.bindings.forEach((binding, index) => {
      if (seen.has(binding.binding_id)) {
        ctx.addIssue({
          code: 'custom',
          message: `duplicate binding_id ${binding.binding_id}`,
          path: ['dependencies', 'bindings', index, 'binding_id'],
        });
      }
      seen.add(binding.binding_id);
    });
  });
export type ModelManifest = z.infer<typeof ModelManifestSchema>;

/**
 * Parses a manifest's JSON value. Every problem is an `invalid_model_library` error whose path
 * starts with `file` (the manifest's path, for display) followed by the offending field path.
 * Pure; never throws.
 */
export function parseModelManifest(payload: unknown, file: string): Result<ModelManifest> {
  const parsed = ModelManifestSchema.safeParse(payload);
  if (parsed.success) return ok(parsed.data);
  return fail(
    ...parsed.error.issues.map((issue) =>
      structuredError(
        'invalid_model_library',
        `${file}: ${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`,
        [file, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
        'Fix the model manifest; see src/core/library/README.md for its layout.',
      ),
    ),
  );
}

/** The manifest's weights as a list of relative paths (empty when none are declared). Pure. */
export function manifestWeights(manifest: ModelManifest): string[] {
  if (manifest.weights === undefined) return [];
  return typeof manifest.weights === 'string' ? [manifest.weights] : [...manifest.weights];
}
