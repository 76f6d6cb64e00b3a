/**
 * The Set Manual Override flow as data: the missing fields of the last status → one prompt per
 * field (title, placeholder, validator), and the answers → `set_override_patch` edits that merge
 * with the node's existing patches. Pure apart from the injected path probe; no `vscode`.
 */
import type { MissingField } from '../../core/contracts/environmentStatus.js';
import type { DependencyOverridePatchV1, OverrideFields } from '../../core/contracts/overridePatch.js';
import type { StructuredError } from '../../core/errors/structuredError.js';
import { validateIndexUrl } from '../../core/validation/urls.js';
import { validateAbsolutePathShape, validateExistingPath } from '../../core/validation/paths.js';
import type { PathProbe } from '../../core/validation/paths.js';
import { matchesPatchKey } from '../../core/workflow/overridePatches.js';
import type { WorkflowEdit } from '../../core/workflow/workflowEdits.js';

/** One question to ask. */
export interface OverridePrompt {
  readonly field: MissingField;
  readonly scope: 'binding' | 'requirement';
  readonly title: string;
  readonly prompt: string;
  readonly placeHolder: string;
  /** `undefined` when the value is acceptable, else the message to show. */
  validate(value: string): string | undefined;
  /** The value as stored in the patch (a list for `extra_index_urls`). */
  toFieldValue(value: string): string | string[];
}

/** Fields a user may be asked for, with their hints. */
const FIELD_HINTS: Readonly<Record<string, { placeHolder: string; label: string }>> = {
  python_executable: { label: 'Python interpreter', placeHolder: '/usr/bin/python3.12 or C:\\Python312\\python.exe' },
  index_url: { label: 'package index URL', placeHolder: 'https://download.pytorch.org/whl/cpu' },
  extra_index_urls: {
    label: 'extra index URLs (comma-separated)',
    placeHolder: 'https://a.example/simple, https://b.example/simple',
  },
  wheel_source_path: { label: 'folder (or wheel file) with local wheels', placeHolder: '/opt/wheels' },
  package_source_override: { label: 'package source (path or URL)', placeHolder: '/src/my-package or https://…/pkg.whl' },
};

function message(error: StructuredError | undefined): string | undefined {
  return error ? `${error.message}${error.hint ? ` — ${error.hint}` : ''}` : undefined;
}

function validatorFor(field: string, probe: PathProbe): (value: string) => string | undefined {
  switch (field) {
    case 'python_executable':
      return (v) => message(validateExistingPath(v.trim(), [field], probe, 'file'));
    case 'wheel_source_path':
      return (v) => message(validateExistingPath(v.trim(), [field], probe, 'any'));
    case 'index_url':
      return (v) => message(validateIndexUrl(v.trim(), [field]));
    case 'extra_index_urls':
      return (v) => {
        const urls = splitList(v);
        if (urls.length === 0) return 'enter at least one URL';
        for (const [i, url] of urls.entries()) {
          const problem = validateIndexUrl(url, [field, i]);
          if (problem) return message(problem);
        }
        return undefined;
      };
    case 'package_source_override':
      return (v) =>
        /^[a-z][a-z0-9+.-]*:\/\//i.test(v.trim())
          ? message(validateIndexUrl(v.trim(), [field]))
          : message(validateAbsolutePathShape(v.trim(), [field]));
    default:
      return (v) => (v.trim() === '' ? 'enter a value' : undefined);
  }
}

/**
 * Checks every field of an override patch with the same rules as the prompts (URLs, absolute
 * existing paths); one error per bad field, path `['fields', name]`. For `overrides/validate`.
 */
export function validateOverrideFields(fields: Readonly<Record<string, unknown>>, probe: PathProbe): StructuredError[] {
  const errors: StructuredError[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : null;
    const problem = text === null ? `${name} must be text` : validatorFor(name, probe)(text);
    if (problem)
      errors.push({
        code: name.endsWith('url') || name.endsWith('urls') ? 'invalid_url' : 'invalid_path',
        message: `${name}: ${problem}`,
        path: ['fields', name],
      });
  }
  return errors;
}

function splitList(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The prompts for `missing`, in order; fields the override contract cannot set are skipped. */
export function overridePrompts(missing: readonly MissingField[], probe: PathProbe): OverridePrompt[] {
  return missing
    .filter((f) => Object.hasOwn(FIELD_HINTS, f.field))
    .map((field) => {
      const hints = FIELD_HINTS[field.field] ?? { label: field.field, placeHolder: '' };
      const scope = field.requirement_name && field.field !== 'python_executable' ? 'requirement' : 'binding';
      const target =
        scope === 'requirement' ? `${field.requirement_name} (binding ${field.binding_id})` : `binding ${field.binding_id}`;
      return {
        field,
        scope,
        title: `Override ${field.field} for ${target}`,
        prompt: `${hints.label}: ${field.reason}`,
        placeHolder: hints.placeHolder,
        validate: validatorFor(field.field, probe),
        toFieldValue: (value: string) => (field.field === 'extra_index_urls' ? splitList(value) : value.trim()),
      };
    });
}

/**
 * One `set_override_patch` edit per (binding, scope, requirement), merging the answers into the
 * fields of the matching existing patch (so earlier overrides are kept). `answers[i]` answers
 * `prompts[i]`; `now` stamps `updated_at`.
 */
export function overrideEdits(
  nodeId: string,
  existingPatches: readonly unknown[],
  prompts: readonly OverridePrompt[],
  answers: readonly string[],
  now: Date,
): WorkflowEdit[] {
  const patches = new Map<string, DependencyOverridePatchV1>();
  prompts.forEach((prompt, i) => {
    const answer = answers[i];
    if (answer === undefined) return;
    const requirementName = prompt.scope === 'requirement' ? (prompt.field.requirement_name ?? null) : null;
    const id = JSON.stringify([prompt.field.binding_id, prompt.scope, requirementName]);
    const key = { binding_id: prompt.field.binding_id, scope: prompt.scope, requirement_name: requirementName };
    const existing =
      patches.get(id) ?? (existingPatches.find((p) => matchesPatchKey(p, key)) as DependencyOverridePatchV1 | undefined);
    const fields: OverrideFields = { ...(existing?.fields ?? {}), [prompt.field.field]: prompt.toFieldValue(answer) };
    patches.set(id, {
      contract_version: 1,
      binding_id: key.binding_id,
      scope: key.scope,
      ...(requirementName ? { requirement_name: requirementName } : {}),
      fields,
      source: 'user',
      updated_at: now.toISOString(),
    });
  });
  return [...patches.values()].map((patch) => ({ kind: 'set_override_patch', node_id: nodeId, patch }));
}
