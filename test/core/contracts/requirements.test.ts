import { describe, expect, it } from 'vitest';
import { parseDependencyRequirements } from '../../../src/core/contracts/requirements.js';
import { cloneJson, loadRequirementFixtures } from './fixtures.js';

const fixtures = loadRequirementFixtures();

describe('DependencyRequirementsV1 parsing', () => {
  it('finds the three shared fixtures', () => {
    expect(fixtures.map(([name]) => name)).toEqual([
      'onnx-tts.needs-input.json',
      'pytorch-llm.resolved.json',
      'stable-audio.resolved.json',
    ]);
  });

  it.each(fixtures)('parses %s into exactly the data it was given', (_name, payload) => {
    const parsed = parseDependencyRequirements(payload);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toEqual(payload);
  });

  it.each(fixtures)('round-trips %s through JSON to equal data', (_name, payload) => {
    const first = parseDependencyRequirements(payload);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    const second = parseDependencyRequirements(JSON.parse(JSON.stringify(first.value)));
    expect(second).toEqual(first);
  });

  it('keeps an unknown top-level field such as resolver_note', () => {
    const payload = Object.fromEntries(fixtures)['pytorch-llm.resolved.json'];
    const parsed = parseDependencyRequirements(payload);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value['resolver_note']).toBe('unknown top-level fields like this one must be accepted and kept');
    expect(JSON.parse(JSON.stringify(parsed.value)).resolver_note).toBe(parsed.value['resolver_note']);
  });

  it('keeps the note of the needs-input fixture', () => {
    const payload = Object.fromEntries(fixtures)['onnx-tts.needs-input.json'];
    const parsed = parseDependencyRequirements(payload);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value['note']).toMatch(/needs_user_input/);
  });

  it('keeps unknown fields nested in bindings and requirements', () => {
    const payload = cloneJson(Object.fromEntries(fixtures)['stable-audio.resolved.json']) as {
      bindings: { future_binding_field?: unknown; requirements: { future_requirement_field?: unknown }[] }[];
    };
    const binding = payload.bindings[0]!;
    binding.future_binding_field = { nested: [1, 2] };
    binding.requirements[0]!.future_requirement_field = 'kept';
    const parsed = parseDependencyRequirements(payload);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value.bindings[0]!['future_binding_field']).toEqual({ nested: [1, 2] });
    expect(parsed.value.bindings[0]!.requirements[0]!['future_requirement_field']).toBe('kept');
  });

  it('accepts any number of bindings, including none', () => {
    const payload = cloneJson(Object.fromEntries(fixtures)['stable-audio.resolved.json']) as { bindings: unknown[] };
    const one = payload.bindings[0];
    for (const count of [0, 1, 5]) {
      payload.bindings = Array.from({ length: count }, () => cloneJson(one));
      const parsed = parseDependencyRequirements(payload);
      expect(parsed.ok && parsed.value.bindings.length).toBe(count);
    }
  });

  it('fills omitted arrays with empty defaults', () => {
    const payload = cloneJson(Object.fromEntries(fixtures)['stable-audio.resolved.json']) as Record<string, unknown> & {
      bindings: Record<string, unknown>[];
    };
    delete payload['validation_errors'];
    delete payload.bindings[0]!['requirements'];
    delete payload.bindings[0]!['validation_errors'];
    const parsed = parseDependencyRequirements(payload);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value.validation_errors).toEqual([]);
    expect(parsed.value.bindings[0]!.requirements).toEqual([]);
    expect(parsed.value.bindings[0]!.validation_errors).toEqual([]);
  });
});
