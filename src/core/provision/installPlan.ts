/**
 * The installer's view of an environment's requirements: one flat list with every source
 * decision already resolved (requirement override → requirement base → binding override →
 * binding base). Pure projection from the domain's effective bindings; no I/O.
 */
import type { EffectiveBinding, EffectiveRequirement } from '../domain/types.js';
import { wheelNameComponent } from '../packaging/wheelWriter.js';

/** One requirement as the installer sees it. Values are validated upstream. */
export interface InstallRequirement {
  /** PEP 503 normalized name. */
  readonly name: string;
  /** The exact pinned version, without `==`. */
  readonly version: string;
  readonly markers: string | null;
  /** `sha256:<hex>` entries; empty when the producer gave none. */
  readonly hashes: readonly string[];
  /** The effective index for this requirement, or `null` to use the plan's default. */
  readonly indexUrl: string | null;
  readonly extraIndexUrls: readonly string[];
  /** A wheel directory (→ `--find-links`) or a `.whl` file (→ installed directly), or `null`. */
  readonly wheelSourcePath: string | null;
  /** The user's per-package source (wheel path or URL) replacing the name==pin spec, or `null`. */
  readonly packageSourceOverride: string | null;
  /** The producer's `source` when it is a wheel that may be handed to the installer, or `null`. */
  readonly wheelSource: string | null;
}

/** Everything one installer invocation needs. */
export interface InstallPlan {
  readonly requirements: readonly InstallRequirement[];
  /** The default-index setting used where nothing else names an index; `null` means offline (no index). */
  readonly defaultIndexUrl: string | null;
}

/**
 * Flattens the selected bindings into an {@link InstallPlan}, keeping the requirement order of
 * the input. A binding-level `.whl` wheel path applies only to the requirement whose name
 * matches the wheel file's distribution name; a binding-level directory applies to all of its
 * requirements. Pure.
 */
export function installPlanFromBindings(bindings: readonly EffectiveBinding[], defaultIndexUrl: string | null): InstallPlan {
  const requirements = bindings.flatMap((binding) => binding.requirements.map((req) => installRequirementFrom(req, binding)));
  return { requirements, defaultIndexUrl };
}

/** Projects one effective requirement of `binding` (see {@link installPlanFromBindings}). Pure. */
export function installRequirementFrom(req: EffectiveRequirement, binding: EffectiveBinding): InstallRequirement {
  const bindingWheel = binding.wheel_source_path.effective ?? null;
  const bindingWheelApplies =
    bindingWheel !== null && (!isWheelFile(bindingWheel) || wheelFileDistribution(bindingWheel) === wheelNameComponent(req.name));
  return {
    name: req.name,
    version: req.version,
    markers: req.markers,
    hashes: req.hashes,
    indexUrl: req.effective_index_url.effective ?? binding.index_url.effective ?? null,
    extraIndexUrls: [...(binding.extra_index_urls.effective ?? []), ...(req.effective_extra_index_urls.effective ?? [])],
    wheelSourcePath: req.effective_wheel_source_path.effective ?? (bindingWheelApplies ? bindingWheel : null),
    packageSourceOverride: req.effective_package_source_override.effective ?? null,
    wheelSource: req.wheel_source,
  };
}

/** True when a path or URL names a single wheel file (`*.whl`, case-insensitive, query/fragment ignored). Pure. */
export function isWheelFile(pathOrUrl: string): boolean {
  return /\.whl$/i.test(pathOrUrl.replace(/[?#].*$/, ''));
}

/** The escaped distribution component of a wheel file name (`torch` of `.../torch-2.5.1-…whl`). Pure. */
function wheelFileDistribution(path: string): string {
  const file =
    path
      .replace(/[?#].*$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  return (file.split('-')[0] ?? '').toLowerCase();
}
