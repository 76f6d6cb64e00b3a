/**
 * Rows of the base / override / effective table of a dependency-environment node. From the
 * `resolved` field of `environment/status` (EffectiveBinding[]) when the host sent it; otherwise
 * only the overrides are known, from the node's `data.override_patches`. Pure, tolerant of
 * malformed input (unknown shapes give no rows).
 */

/** One field of one binding or requirement, in its three views. */
export interface ValueRow {
  readonly binding_id: string;
  /** Set for requirement-scope rows (display name and pin). */
  readonly requirement?: string;
  readonly field: string;
  readonly base?: string;
  readonly override?: string;
  readonly effective?: string;
  /** Where the effective value came from (`machine`: this machine's settings, when the host says so). */
  readonly provenance: 'base' | 'override' | 'machine' | 'none' | 'unknown';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function show(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(String).join(', ');
  return String(value);
}

function row(binding_id: string, field: string, view: unknown, requirement?: string): ValueRow | undefined {
  if (!isObj(view)) return undefined;
  const base = show(view.base);
  const override = show(view.override);
  const effective = show(view.effective);
  if (base === undefined && override === undefined && effective === undefined) return undefined;
  const p = view.provenance;
  const provenance = p === 'base' || p === 'override' || p === 'machine' || p === 'none' ? p : 'unknown';
  return {
    binding_id,
    field,
    provenance,
    ...(requirement ? { requirement } : {}),
    ...(base === undefined ? {} : { base }),
    ...(override === undefined ? {} : { override }),
    ...(effective === undefined ? {} : { effective }),
  };
}

const BINDING_FIELDS = ['python_executable', 'index_url', 'extra_index_urls', 'wheel_source_path'] as const;
const REQUIREMENT_FIELDS = ['index_url', 'extra_index_urls', 'wheel_source_path', 'package_source_override'] as const;

/** Rows from `resolved` (EffectiveBinding[]), or `undefined` when it is not such a list. */
export function rowsFromResolved(resolved: unknown): ValueRow[] | undefined {
  if (!Array.isArray(resolved)) return undefined;
  const rows: ValueRow[] = [];
  for (const binding of resolved) {
    if (!isObj(binding) || typeof binding.binding_id !== 'string') return undefined;
    const id = binding.binding_id;
    for (const field of BINDING_FIELDS) {
      const r = row(id, field, binding[field]);
      if (r) rows.push(r);
    }
    for (const req of Array.isArray(binding.requirements) ? binding.requirements : []) {
      if (!isObj(req)) continue;
      const label = `${show(req.display_name) ?? show(req.name) ?? '?'}${show(req.exact_pin) ?? ''}`;
      for (const field of REQUIREMENT_FIELDS) {
        const r = row(id, field, req[`effective_${field}`], label);
        if (r) rows.push(r);
      }
      // The machine's torch build choice (display only; the pin and index above carry it).
      const build = show(req.torch_build);
      if (build)
        rows.push({
          binding_id: id,
          requirement: label,
          field: 'torch_build',
          base: build,
          effective: build,
          provenance: 'base',
        });
    }
  }
  return rows;
}

/** Rows from stored override patches: only the override is known (base and effective unknown). */
export function rowsFromPatches(patches: unknown): ValueRow[] {
  if (!Array.isArray(patches)) return [];
  const rows: ValueRow[] = [];
  for (const patch of patches) {
    if (!isObj(patch) || typeof patch.binding_id !== 'string' || !isObj(patch.fields)) continue;
    const requirement = patch.scope === 'requirement' ? show(patch.requirement_name) : undefined;
    for (const [field, value] of Object.entries(patch.fields)) {
      const override = show(value);
      if (override !== undefined)
        rows.push({
          binding_id: patch.binding_id,
          field,
          override,
          provenance: 'unknown',
          ...(requirement ? { requirement } : {}),
        });
    }
  }
  return rows;
}
