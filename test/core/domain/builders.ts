/**
 * Test builders: hand-made NormalizedRequirements and bindings, plus the shared requirement
 * fixtures. A small stand-in for requirement normalization so these tests do not depend on it.
 */
import { readFileSync } from 'node:fs';
import { parseDependencyRequirements } from '../../../src/core/contracts/requirements.js';
import type { BindingV1, DependencyRequirementsV1, RequirementV1 } from '../../../src/core/contracts/requirements.js';
import type { DependencyOverridePatchV1 } from '../../../src/core/contracts/overridePatch.js';
import type { NormalizedRequirement } from '../../../src/core/requirements/normalizedRequirement.js';
import type { BindingWithRequirements } from '../../../src/core/overrides/applyOverrides.js';
import { normalizePackageName } from '../../../src/core/requirements/packageName.js';
import { requirementFixturePath } from '../../support/requirementFixtures.js';

/** Builds a NormalizedRequirement the way requirement normalization would (simplified). */
export function normalized(
  bindingId: string,
  req: Partial<RequirementV1> & { name: string; exact_pin: string },
): NormalizedRequirement {
  const source = req.source ?? null;
  const isWheel = source !== null && /\.whl$/i.test(source.trim());
  return {
    binding_id: bindingId,
    name: normalizePackageName(req.name),
    display_name: req.name,
    version: req.exact_pin.replace(/^==/, '').trim(),
    exact_pin: req.exact_pin.trim(),
    hashes: [...new Set((req.hashes ?? []).map((h) => h.trim().toLowerCase()))].sort(),
    markers: req.markers ?? null,
    python_requires: req.python_requires ?? null,
    index_url: req.index_url ?? null,
    extra_index_urls: req.extra_index_urls ?? [],
    source,
    wheel_source: isWheel ? source.trim() : null,
  };
}

/** A minimal resolved python-venv binding. */
export function binding(bindingId: string, extra: Partial<BindingV1> = {}): BindingV1 {
  return {
    binding_id: bindingId,
    profile_id: bindingId,
    profile_version: 1,
    profile_hash: null,
    environment_kind: 'python-venv',
    env_id: `python-venv:${bindingId}:1:none:linux-x86_64:any`,
    validation_state: 'resolved',
    validation_errors: [],
    requirements: [],
    ...extra,
  };
}

/** Pairs each binding of a payload with its hand-normalized requirements. */
export function withRequirements(payload: DependencyRequirementsV1): BindingWithRequirements[] {
  return payload.bindings.map((b) => ({ binding: b, requirements: b.requirements.map((r) => normalized(b.binding_id, r)) }));
}

/** Reads and parses one of the requirement payload fixtures under test/fixtures/requirements. */
export function loadFixture(name: string): DependencyRequirementsV1 {
  const result = parseDependencyRequirements(JSON.parse(readFileSync(requirementFixturePath(name), 'utf8')));
  if (!result.ok) throw new Error(`fixture ${name} does not parse: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** An override patch with sensible defaults. */
export function patch(
  p: Partial<DependencyOverridePatchV1> & Pick<DependencyOverridePatchV1, 'binding_id' | 'fields'>,
): DependencyOverridePatchV1 {
  return {
    contract_version: 1,
    scope: 'binding',
    source: 'user',
    updated_at: '2025-01-01T00:00:00Z',
    ...p,
  };
}
