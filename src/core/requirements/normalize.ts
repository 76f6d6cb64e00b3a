/**
 * Requirement normalization: PEP 503 names, PEP 440 exact pins, canonical hashes, and the
 * cross-binding conflict check. Pure, deterministic, no I/O. Produces the
 * {@link NormalizedRequirement}s the override merge and the environment key consume.
 */
import type { BindingV1, RequirementV1 } from '../contracts/requirements.js';
import type { NormalizedRequirement } from './normalizedRequirement.js';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result, StructuredError } from '../errors/structuredError.js';
import { validateExactPin, validateHash, validatePackageName } from '../validation/requirementFields.js';
import { normalizePackageName } from './packageName.js';
import { normalizeVersion, versionMatchesPin } from './pep440.js';
import { isWheelSource } from '../validation/wheelSource.js';

/** `null` for null, undefined, blank; otherwise the trimmed string. */
function optionalText(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Normalizes one requirement of binding `bindingId`. Fails (paths relative to the requirement:
 * `['name']`, `['exact_pin']`, `['hashes', i]`) when the name is not a PEP 508 name, the pin is
 * not `==<PEP 440 version>`, or a hash is not `sha256:<64 hex>`; all problems are returned.
 * On success: `name` is PEP 503 normalized, `display_name` is the producer's spelling,
 * `version` is PEP 440 canonical (`2.5.1+cu121`), `exact_pin` is `==<version>`, hashes are
 * lowercased/sorted/de-duplicated, blank optional strings become `null`, `extra_index_urls`
 * keeps the producer's order minus duplicates and blanks, and `wheel_source` is `source` when it
 * is a wheel ({@link isWheelSource}), and a producer's `torch_build` label is kept for display. URLs are not validated here (see
 * `validateRequirementsPayload`).
 * @example normalizeRequirement({ kind: 'python_package', name: 'Torch', exact_pin: '==2.5.1+CU121' }, 'b').value.exact_pin === '==2.5.1+cu121'
 */
export function normalizeRequirement(req: RequirementV1, bindingId: string): Result<NormalizedRequirement> {
  const errors: StructuredError[] = [];
  const nameError = validatePackageName(req.name, ['name']);
  if (nameError) errors.push(nameError);
  const pinError = validateExactPin(req.exact_pin, ['exact_pin']);
  if (pinError) errors.push(pinError);
  const rawHashes = Array.isArray(req.hashes) ? req.hashes : [];
  rawHashes.forEach((hash, i) => {
    const hashError = validateHash(hash, ['hashes', i]);
    if (hashError) errors.push(hashError);
  });
  const version = pinError ? null : normalizeVersion(req.exact_pin.slice(2));
  if (errors.length > 0 || version === null) {
    return errors.length > 0
      ? fail(...errors)
      : fail(structuredError('invalid_pin', `exact_pin ${JSON.stringify(req.exact_pin)} could not be normalized`, ['exact_pin']));
  }
  const source = optionalText(req.source);
  const extras = (Array.isArray(req.extra_index_urls) ? req.extra_index_urls : [])
    .map(optionalText)
    .filter((u): u is string => u !== null);
  return ok({
    binding_id: bindingId,
    name: normalizePackageName(req.name),
    display_name: req.name,
    version,
    exact_pin: `==${version}`,
    hashes: [...new Set(rawHashes.map((h) => h.toLowerCase()))].sort(),
    markers: optionalText(req.markers),
    python_requires: optionalText(req.python_requires),
    index_url: optionalText(req.index_url),
    extra_index_urls: [...new Set(extras)],
    source,
    wheel_source: source !== null && isWheelSource(source) ? source : null,
    ...(typeof req.torch_build === 'string' && req.torch_build.trim() !== '' ? { torch_build: req.torch_build.trim() } : {}),
  });
}

/**
 * True when no installed version can satisfy both `==a` and `==b` (versions without `==`), by the
 * PEP 440 rules of `versionMatchesPin`: `2.5.1` and `2.5.1+cu121` are compatible, `2.5.1+cu118`
 * and `2.5.1+cu121` are not, `2.5.1` and `2.5.1.0` are the same version.
 */
export function pinsConflict(a: string, b: string): boolean {
  return !(versionMatchesPin(a, `==${b}`) || versionMatchesPin(b, `==${a}`));
}

/** Total order for output: name, binding, pin, the remaining fields, display name (deterministic). */
function compareRequirements(a: Located, b: Located): number {
  return (
    compareStrings(a.req.name, b.req.name) ||
    compareStrings(a.req.binding_id, b.req.binding_id) ||
    compareStrings(a.req.exact_pin, b.req.exact_pin) ||
    compareStrings(a.fingerprint, b.fingerprint) ||
    compareStrings(a.req.display_name, b.req.display_name)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Located {
  readonly req: NormalizedRequirement;
  readonly path: readonly (string | number)[];
  readonly fingerprint: string;
}

/**
 * Normalizes every requirement of `bindings` (normally the selected ones). Error paths are
 * `['bindings', i, 'requirements', j, field…]`; `i` is the binding's index in `payloadBindings`
 * (matched by identity — `selectBindings` returns the payload's own objects) when given and
 * found, else its index in `bindings`.
 * Output is sorted by name, then binding_id (then pin, then content, so it is deterministic),
 * with duplicates removed (entries equal in everything but `display_name`; the first display name
 * in code-point order is kept, so `Torch` wins over `torch`). The same package with pins no version can satisfy at once
 * (`==2.5.1` vs `==2.4.0`, `==2.5.1+cu121` vs `==2.5.1+cu118`; but not `==2.5.1` vs
 * `==2.5.1+cu121`) is a `requirement_conflict` naming both bindings and both pins — within one
 * binding too — unless both entries carry different, non-empty markers (the installer picks at
 * most one per platform). Fails with every normalization error and every conflict found.
 */
export function normalizeRequirements(
  bindings: readonly BindingV1[],
  payloadBindings?: readonly BindingV1[],
): Result<NormalizedRequirement[]> {
  const errors: StructuredError[] = [];
  const located: Located[] = [];
  bindings.forEach((binding, k) => {
    const payloadIndex = payloadBindings?.indexOf(binding) ?? -1;
    const i = payloadIndex >= 0 ? payloadIndex : k;
    (binding.requirements ?? []).forEach((requirement, j) => {
      const base = ['bindings', i, 'requirements', j] as const;
      const result = normalizeRequirement(requirement, binding.binding_id);
      if (!result.ok) {
        for (const e of result.errors) errors.push({ ...e, path: [...base, ...e.path] });
        return;
      }
      const { display_name: _display, ...content } = result.value;
      located.push({ req: result.value, path: base, fingerprint: JSON.stringify(content) });
    });
  });
  located.sort(compareRequirements);
  const unique = located.filter((entry, k) => k === 0 || entry.fingerprint !== located[k - 1]?.fingerprint);
  errors.push(...findConflicts(unique));
  return errors.length > 0 ? fail(...errors) : ok(unique.map((entry) => entry.req));
}

/** One `requirement_conflict` per entry that clashes with an earlier entry of the same name. */
function findConflicts(sorted: readonly Located[]): StructuredError[] {
  const errors: StructuredError[] = [];
  const byName = new Map<string, Located[]>();
  for (const entry of sorted) {
    const earlier = byName.get(entry.req.name) ?? [];
    const clash = earlier.find((other) => conflicting(other.req, entry.req));
    if (clash) {
      const a = clash.req;
      const b = entry.req;
      errors.push(
        structuredError(
          'requirement_conflict',
          `${b.name} is pinned ${a.exact_pin} in binding "${a.binding_id}" and ${b.exact_pin} in binding "${b.binding_id}"`,
          [...entry.path, 'exact_pin'],
          'Select only one of these bindings, or align their pins.',
        ),
      );
    }
    earlier.push(entry);
    byName.set(entry.req.name, earlier);
  }
  return errors;
}

function conflicting(a: NormalizedRequirement, b: NormalizedRequirement): boolean {
  if (a.markers !== null && b.markers !== null && a.markers !== b.markers) return false;
  return pinsConflict(a.version, b.version);
}
